"""Input checks shared by the statistics modules.

Every check raises :class:`~veteran_services.errors.InvalidInputError` naming the argument and the
bad value, so that no routine ever reaches a ``ZeroDivisionError`` or returns a silent NaN.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Sequence

from veteran_services.errors import InvalidInputError

__all__: list[str] = []


def as_float(value: object, name: str, *, argument: str | None = None) -> float:
    """*value* as a finite float, or an error naming *name* (the error's ``argument`` is
    *argument*, by default *name*)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        msg = f"{name!r} must be a real number, got {value!r}"
        raise InvalidInputError(argument or name, msg) from None
    if not math.isfinite(number):
        msg = f"{name!r} must be finite, got {value!r}"
        raise InvalidInputError(argument or name, msg)
    return number


def as_count(value: object, name: str) -> int:
    """*value* as a non-negative integer, or an error naming *name*."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        msg = f"{name!r} must be an integer count, got {value!r}"
        raise InvalidInputError(name, msg) from None
    if number < 0:
        msg = f"{name!r} must not be negative, got {number}"
        raise InvalidInputError(name, msg)
    return number


def floats(values: Iterable[object], name: str) -> list[float]:
    """Every item of *values* as a finite float; the message gives the position of a bad item."""
    if isinstance(values, (str, bytes)):
        msg = f"{name!r} must be a sequence of numbers, got {values!r}"
        raise InvalidInputError(name, msg)
    return [
        as_float(value, f"{name}[{index}]", argument=name) for index, value in enumerate(values)
    ]


def finite_floats(
    values: Iterable[object], name: str, *, argument: str | None = None
) -> list[float]:
    """Every item of *values* as a finite float; the error names the position of a bad item and
    is attributed to *argument* (by default *name*)."""
    try:
        return floats(values, name)
    except InvalidInputError as error:
        raise InvalidInputError(argument or name, str(error)) from None


def weights_list(weights: Iterable[object], name: str = "weights") -> list[float]:
    """Finite, non-negative weights that are not all zero."""
    result = finite_floats(weights, name)
    for index, weight in enumerate(result):
        if weight < 0:
            msg = f"{name!r} must not be negative, got {weight!r} at position {index}"
            raise InvalidInputError(name, msg)
    if not result:
        msg = f"{name!r} must not be empty"
        raise InvalidInputError(name, msg)
    if not any(result):
        msg = f"{name!r} must not all be zero"
        raise InvalidInputError(name, msg)
    return result


def same_length(
    first: Sequence[object],
    second: Sequence[object],
    names: tuple[str, str],
    *,
    argument: str | None = None,
) -> None:
    """Raise unless the two sequences have the same length (blaming the second, or *argument*)."""
    if len(first) != len(second):
        msg = (
            f"{names[0]!r} and {names[1]!r} must have the same length, "
            f"got {len(first)} and {len(second)}"
        )
        raise InvalidInputError(argument or names[1], msg)


def probability(
    value: object, name: str, *, open_interval: bool = False, argument: str | None = None
) -> float:
    """*value* as a number in [0, 1] (or in (0, 1) with *open_interval*)."""
    number = as_float(value, name, argument=argument)
    if open_interval and not 0.0 < number < 1.0:
        msg = f"{name!r} must be strictly between 0 and 1, got {value!r}"
        raise InvalidInputError(argument or name, msg)
    if not 0.0 <= number <= 1.0:
        msg = f"{name!r} must be between 0 and 1, got {value!r}"
        raise InvalidInputError(argument or name, msg)
    return number


def relative(weights: list[float]) -> list[float]:
    """Weights divided by the largest, so that sums and squares neither overflow nor underflow.

    Only for formulas that are invariant to the scale of the weights.
    """
    largest = max(weights)
    return [w / largest for w in weights]
