"""Synthetic but well-formed personal details: names, resident identity numbers, phones.

Identity numbers follow GB 11643-1999: a 6-digit region code, the 8-digit birth date, a 3-digit
sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
"""

from __future__ import annotations

import random
from datetime import date
from operator import mul
from typing import Final

__all__ = ["id_check_character", "national_id", "person_name", "phone_number"]

_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK: Final = "10X98765432"


def id_check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of an identity number.

    >>> id_check_character("11010519491231002")
    'X'
    """
    if len(first17) != len(_WEIGHTS):
        msg = f"'first17' must have 17 digits, got {len(first17)} characters"
        raise ValueError(msg)
    return _CHECK[sum(map(mul, map(int, first17), _WEIGHTS)) % 11]


def national_id(rng: random.Random, region: str, birth_date: date, male: bool) -> str:
    """A well-formed synthetic identity number (the sequence is drawn at random)."""
    sequence = rng.randrange(0, 499) * 2 + (1 if male else 2)  # odd = male, even = female
    first17 = "%s%04d%02d%02d%03d" % (  # noqa: UP031 (faster than an f-string with a date format)
        region,
        birth_date.year,
        birth_date.month,
        birth_date.day,
        sequence,
    )
    return first17 + id_check_character(first17)


def phone_number(rng: random.Random, prefixes: tuple[str, ...]) -> str:
    """A synthetic 11-digit mobile number."""
    return f"{prefixes[rng.randrange(len(prefixes))]}{rng.randrange(100_000_000):08d}"


def person_name(rng: random.Random, surname: str, characters: str, *, two_characters: bool) -> str:
    """A synthetic Chinese name: a surname and one or two given-name characters."""
    first = characters[rng.randrange(len(characters))]
    if not two_characters:
        return surname + first
    return surname + first + characters[rng.randrange(len(characters))]
