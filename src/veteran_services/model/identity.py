"""China's resident identity number (GB 11643-1999): validation and masking (re-exported by
:mod:`veteran_services.privacy`; here so that the io readers can check numbers too).

A resident identity number (公民身份号码) has 18 characters::

    110105 19491231 002 X
    ^^^^^^ ^^^^^^^^ ^^^ ^
    region birth    seq check

- a 6-digit region (address) code of GB/T 2260, whose first two digits are a province-level
  code;
- the 8-digit birth date ``YYYYMMDD``;
- a 3-digit sequence number, odd for men and even for women;
- a check character by ISO 7064 MOD 11-2 over the first 17 digits: weights
  ``7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2``, the weighted sum modulo 11 picks the character from
  ``1 0 X 9 8 7 6 5 4 3 2``.

Because 11 is prime and no weight is a multiple of 11, the check character catches every
change of a single character and every swap of two adjacent characters (except where the two
characters are equal).

An identity number is personal data: no error raised here ever shows more than its first 6
and last 2 characters (:func:`mask_cn_resident_id`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from attrs import frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError, InvalidRecordError
from veteran_services.model.enums import Sex

__all__ = [
    "InvalidIdentityNumberError",
    "ResidentId",
    "cn_resident_id_check_character",
    "mask_cn_resident_id",
    "validate_cn_resident_id",
]

#: ISO 7064 MOD 11-2 weights of the first 17 characters (2**(17 - i) mod 11).
_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
#: The check character for each remainder of the weighted sum modulo 11.
_CHECK: Final = "10X98765432"
_DIGITS: Final = frozenset("0123456789")

#: Province-level codes of GB/T 2260 (the first two digits of a region code), plus 83: the
#: residence permits of residents of Hong Kong (81), Macao (82) and Taiwan (83) issued since
#: 2018 use the same 18-character format.
PROVINCE_CODES: Final = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82", "83",
    }
)  # fmt: skip

#: The earliest birth year accepted: the standard's own annex has a person born in 1880.
EARLIEST_BIRTH_YEAR: Final = 1800

_FIELD: Final = "national_id"


class InvalidIdentityNumberError(InvalidRecordError):
    """An identity number failed validation.

    The message names the rule that failed and shows the number masked
    (:func:`mask_cn_resident_id`), never in full. ``field`` is ``"national_id"``.

    >>> try:
    ...     validate_cn_resident_id("110105194912310021")
    ... except InvalidIdentityNumberError as err:
    ...     print(err)
    'national_id' check character does not match the first 17 digits (got '110105**********21')
    """

    def __init__(self, message: str) -> None:
        super().__init__(_FIELD, message)


@frozen(kw_only=True)
class ResidentId:
    """What a valid resident identity number encodes.

    The number itself is not kept: region, birth date and sequence number together would
    give it back (the check character follows from them), so the sequence number is dropped
    too and only its parity survives as ``sex``.

    Attributes:
        region: The 6-digit region (address) code, e.g. ``"110105"``. It is the region where
            the person's household was registered when the number was issued, not
            necessarily where they live now.
        birth_date: The birth date.
        sex: :attr:`Sex.MALE` for an odd sequence number, :attr:`Sex.FEMALE` for an even one.
    """

    region: str
    birth_date: date
    sex: Sex

    @property
    def province(self) -> str:
        """The 2-digit province-level code (``"11"`` for Beijing)."""
        return self.region[:2]


@checked
def mask_cn_resident_id(value: object) -> str:
    """*value* with everything but its first 6 and last 2 characters replaced by ``*``.

    Values shorter than 16 characters are masked completely (only their length shows), so a
    truncated number never shows most of itself; very long values are shortened; a value that
    is not a string shows as its type name only.

    >>> mask_cn_resident_id("11010519491231002X")
    '110105**********2X'
    >>> mask_cn_resident_id("1101051949")
    '**********'
    """
    if not isinstance(value, str):
        return f"<{type(value).__name__}>"
    length = len(value)
    if length < 16:
        return "*" * length
    if length > 40:
        return f"{value[:6]}**********...({length} characters)...{value[-2:]}"
    return value[:6] + "*" * (length - 8) + value[-2:]


@checked
def cn_resident_id_check_character(body: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits of a number.

    Args:
        body: Exactly 17 ASCII digits.

    Raises:
        InvalidIdentityNumberError: if *body* is not 17 ASCII digits.

    >>> cn_resident_id_check_character("11010519491231002")
    'X'
    >>> cn_resident_id_check_character("44052418800101001")
    '4'
    """
    if not isinstance(body, str) or len(body) != 17 or not _DIGITS.issuperset(body):
        msg = (
            f"'national_id' body must be 17 digits (0-9) to compute a check character "
            f"(got {mask_cn_resident_id(body)!r})"
        )
        raise InvalidIdentityNumberError(msg)
    total = sum(int(char) * weight for char, weight in zip(body, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


@checked
def validate_cn_resident_id(value: object, *, today: date | None = None) -> ResidentId:
    """Check a resident identity number (GB 11643-1999) and return what it encodes.

    Checked, in this order: type and length (18), characters (17 ASCII digits then a digit or
    ``X``), the province-level code of the region prefix (:data:`PROVINCE_CODES`), the birth
    date (a real calendar date, not before :data:`EARLIEST_BIRTH_YEAR` and not after
    *today*), and the MOD 11-2 check character. Surrounding whitespace is not stripped: clean
    input at the edge, deliberately.

    A lower-case ``x`` check character is accepted as ``X``: it is a common way of typing the
    number, and it is the same number. Full-width digits and other Unicode digits are refused.

    Args:
        value: The number, as a string (anything else is refused).
        today: Birth dates after this day are refused; defaults to ``date.today()``. Pass a
            fixed date for reproducible runs over old data.

    Returns:
        The region code, birth date and sex the number encodes.

    Raises:
        InvalidIdentityNumberError: naming the rule that failed; the message shows only the
            masked number.
        InvalidInputError: if *today* is not a date (``today="2020-01-01"``).

    >>> validate_cn_resident_id("11010519491231002X")
    ResidentId(region='110105', birth_date=datetime.date(1949, 12, 31), sex=<Sex.FEMALE: 'female'>)
    >>> validate_cn_resident_id("440524188001010014").sex
    <Sex.MALE: 'male'>
    """
    if not isinstance(value, str):
        msg = f"'national_id' must be a string, got a value of type {type(value).__name__}"
        raise InvalidIdentityNumberError(msg)
    masked = mask_cn_resident_id(value)
    if len(value) != 18:
        msg = f"'national_id' must have 18 characters, got {len(value)} ({masked!r})"
        raise InvalidIdentityNumberError(msg)
    body, check = value[:17], value[17].upper()
    if not _DIGITS.issuperset(body) or (check not in _DIGITS and check != "X"):
        msg = f"'national_id' must be 17 digits (0-9) followed by a digit or 'X' (got {masked!r})"
        raise InvalidIdentityNumberError(msg)
    if body[:2] not in PROVINCE_CODES:
        msg = f"'national_id' region code has no such province {body[:2]!r} (got {masked!r})"
        raise InvalidIdentityNumberError(msg)
    # The birth date is never echoed: with the masked ends it would show 16 of 18 characters.
    year, month, day = int(body[6:10]), int(body[10:12]), int(body[12:14])
    try:
        birth_date = date(year, month, day)
    except ValueError:
        msg = f"'national_id' birth date is not a calendar date (got {masked!r})"
        raise InvalidIdentityNumberError(msg) from None
    if year < EARLIEST_BIRTH_YEAR:
        msg = f"'national_id' birth year must not be before {EARLIEST_BIRTH_YEAR} (got {masked!r})"
        raise InvalidIdentityNumberError(msg)
    limit = date.today() if today is None else _check_today(today)
    if birth_date > limit:
        msg = f"'national_id' birth date must not be after {limit} (got {masked!r})"
        raise InvalidIdentityNumberError(msg)
    if cn_resident_id_check_character(body) != check:
        msg = f"'national_id' check character does not match the first 17 digits (got {masked!r})"
        raise InvalidIdentityNumberError(msg)
    sex = Sex.MALE if int(body[16]) % 2 == 1 else Sex.FEMALE
    return ResidentId(region=body[:6], birth_date=birth_date, sex=sex)


def _check_today(today: object) -> date:
    if isinstance(today, date) and not isinstance(today, datetime):
        return today
    hint = "; write date.fromisoformat('2020-01-01')" if isinstance(today, str) else ""
    msg = f"'today' must be a date, got a {type(today).__name__}{hint}"
    raise InvalidInputError("today", msg)
