"""Money: an exact decimal amount and its currency."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Final

import attrs
from attrs import field, frozen

from veteran_services.errors import InvalidRecordError

__all__ = ["MAX_AMOUNT", "MAX_DECIMAL_PLACES", "Money"]

#: Amounts must be below this (a thousand trillion): far above any wage, cost or revenue a
#: record holds, and small enough that sums of millions of amounts stay exact in the
#: 28-digit decimal arithmetic of the metrics (an amount has at most 15 + 4 digits).
MAX_AMOUNT: Final = Decimal(10) ** 15
#: Amounts have at most this many digits after the decimal point.
MAX_DECIMAL_PLACES: Final = 4

_CURRENCY_RE = re.compile(r"[A-Z]{3}")


def _amount(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        value.__class__ is Decimal
        and value.is_finite()
        and 0 <= value < MAX_AMOUNT
        and value.as_tuple().exponent >= -MAX_DECIMAL_PLACES  # type: ignore[operator]
    ):
        return  # the common amount: nothing below can fail (issue 21)
    if not isinstance(value, Decimal):
        msg = (
            f"'amount' must be a Decimal (got {value!r} that is a {type(value).__name__}); "
            "use Decimal('1234.50'), never a float"
        )
        raise InvalidRecordError("amount", msg)
    if not value.is_finite():
        msg = f"'amount' must be a finite number, got {value}"
        raise InvalidRecordError("amount", msg)
    if value < 0:
        msg = f"'amount' must not be negative, got {value}"
        raise InvalidRecordError("amount", msg)
    if value >= MAX_AMOUNT:
        msg = f"'amount' must be below 10^15, got {_short(value)}"
        raise InvalidRecordError("amount", msg)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMAL_PLACES:
        msg = (
            f"'amount' must have at most {MAX_DECIMAL_PLACES} digits after the decimal point, "
            f"got {_short(value)}"
        )
        raise InvalidRecordError("amount", msg)


def _short(value: Decimal) -> str:
    """The amount as written, cut to 40 characters (error messages never quote a number whole
    that is thousands of digits long)."""
    text = str(value)
    return text if len(text) <= 40 else f"{text[:20]}…{text[-10:]} ({len(text)} characters)"


def _currency(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value.__class__ is str and value == "CNY":
        return  # the default currency (issue 21)
    if not isinstance(value, str) or not _CURRENCY_RE.fullmatch(value):
        msg = f"'currency' must be three upper-case letters (ISO 4217), got {value!r}"
        raise InvalidRecordError("currency", msg)


@frozen(kw_only=True)
class Money:
    """An amount of money: never a float, never negative.

    >>> Money.of("5292.51")
    Money(amount=Decimal('5292.51'), currency='CNY')
    >>> Money(amount=Decimal("-1"))
    Traceback (most recent call last):
    ...
    veteran_services.errors.InvalidRecordError: 'amount' must not be negative, got -1
    """

    amount: Decimal = field(validator=_amount)
    currency: str = field(default="CNY", validator=_currency)

    @classmethod
    def of(cls, amount: str | int | Decimal, currency: str = "CNY") -> Money:
        """Money from a decimal string or an integer (floats are refused: they lose digits)."""
        if isinstance(amount, bool) or not isinstance(amount, str | int | Decimal):
            msg = f"'amount' must be a decimal string, int or Decimal, got {amount!r}"
            raise InvalidRecordError("amount", msg)
        try:
            value = Decimal(amount) if not isinstance(amount, Decimal) else amount
        except InvalidOperation:
            msg = f"'amount' must be a decimal number, got {amount!r}"
            raise InvalidRecordError("amount", msg) from None
        return cls(amount=value, currency=currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
