"""The argument checks every layer shares, written once.

A whole number is an ``int`` that is not a ``bool`` (``True`` is an ``int`` to Python, never a
count to a person); a finite number is an ``int`` or ``float`` that is not a ``bool``, a NaN or
an infinity. Each check raises an error naming the argument and quoting the bad value, in the
one wording the library uses for it.

>>> whole_number(3, "min_n", least=1)
3
>>> whole_number(True, "min_n", least=1)
Traceback (most recent call last):
...
veteran_services.errors.InvalidInputError: 'min_n' must be a whole number of at least 1, got True
>>> whole_number(-1, "n", unit="days")
Traceback (most recent call last):
...
veteran_services.errors.InvalidInputError: 'n' must be a whole number of days of at least 0, got -1
"""

from __future__ import annotations

import math
from typing import Final, TypeGuard

from veteran_services.errors import InvalidInputError

__all__ = ["MAX_QUOTED", "finite_number", "is_whole", "quote", "whole_number"]

#: The longest quotation of a bad value in a message; longer ones are cut (a 20,000-character
#: code or a 5,000-digit number is not worth repeating in full).
MAX_QUOTED: Final = 60


def is_whole(value: object) -> TypeGuard[int]:
    """Whether *value* is an ``int`` and not a ``bool``."""
    return isinstance(value, int) and not isinstance(value, bool)


def whole_number(
    value: object,
    name: str,
    *,
    least: int = 0,
    unit: str | None = None,
    error: type[ValueError] = InvalidInputError,
) -> int:
    """*value* if it is a whole number of at least *least*, else an *error* naming *name*.

    Args:
        value: The value to check.
        name: The argument's (or field's) name, quoted in the message and given to the error.
        least: The smallest value allowed.
        unit: What the number counts (``"days"``, ``"months"``), said in the message.
        error: The error class, called as ``error(name, message)``
            (:class:`~veteran_services.errors.InvalidInputError` for arguments,
            :class:`~veteran_services.errors.InvalidRecordError` for record fields).
    """
    if is_whole(value) and value >= least:
        return value
    of = f" of {unit}" if unit else ""
    msg = f"{name!r} must be a whole number{of} of at least {least}, got {quote(value)}"
    raise error(name, msg)


def finite_number(
    value: object, name: str, *, error: type[ValueError] = InvalidInputError
) -> float:
    """*value* as a float if it is a finite ``int`` or ``float`` (not a ``bool``), else an
    *error* naming *name*."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    msg = f"{name!r} must be a finite number, got {quote(value)}"
    raise error(name, msg)


def quote(value: object) -> str:
    """``repr(value)``, cut to :data:`MAX_QUOTED` characters.

    >>> quote("x" * 100)[-5:], quote(10**5000)
    ("xxx'…", '<a whole number of about 5,000 digits>')
    """
    if is_whole(value) and value.bit_length() > 256:
        # repr of a huge int costs quadratic time, and only its size is worth saying
        digits = int(value.bit_length() * 0.30103)
        return f"<a whole number of about {digits:,} digits>"
    text = repr(value)
    if len(text) > MAX_QUOTED:
        text = text[: MAX_QUOTED - 2] + (text[0] if text[:1] in "'\"" else "") + "…"
        text = text[:MAX_QUOTED]
    return text
