"""Validators shared by the model's classes.

Each raises :class:`~veteran_services.errors.InvalidRecordError` naming the field and quoting
the bad value, in the house style: ``'hours' must be between 0 and 168, got 200``.
"""

from __future__ import annotations

import math
import re
import reprlib
from collections.abc import Callable, Iterable, Mapping, Sized
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Final

import attrs

from veteran_services._checks import MAX_QUOTED, quote
from veteran_services.errors import InvalidRecordError

__all__ = [
    "a_collection",
    "a_date",
    "check_type",
    "each",
    "enum_member",
    "identifier",
    "in_range",
    "non_empty",
    "not_before",
    "optional",
    "quote",
    "records_of",
    "text",
    "to_frozenset",
    "to_tuple",
]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


# Control characters (NUL, line breaks, tabs, DEL, C1) have no place in an identifier; lone
# surrogates are no text at all (UTF-8 cannot write them), in identifiers or in text. (NUL in
# text is still accepted: the Hypothesis strategies draw it, and refusing it waits for them.)
_BAD_IN_IDENTIFIER: Final = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_BAD_IN_TEXT: Final = re.compile("[\x00\ud800-\udfff]")


#: The exact class whose every instance a validator takes (``enum_member(Sex)``: ``Sex``;
#: ``a_date``: ``date``): :func:`optional` and :func:`each` accept such a value with one
#: comparison instead of a call (issue 21); any other value gets the validator itself, so the
#: messages are its own.
_EXACT: Final[dict[Any, type]] = {}
#: The classes an :func:`each` validator takes every element of, for :func:`optional`.
_EACH: Final[dict[Any, frozenset[type]]] = {}
#: What :func:`a_collection` takes, as exact classes.
_COLLECTIONS: Final = (tuple, frozenset)
#: The bounds of each :func:`in_range` validator, for :func:`optional`'s shortcut.
_RANGES: Final[dict[Any, tuple[Any, Any]]] = {}


def _exact_of(validator: Any) -> type | None:
    try:
        return _EXACT.get(validator)
    except TypeError:  # an unhashable callable: no shortcut
        return None


def _each_of(validator: Any) -> frozenset[type] | None:
    try:
        return _EACH.get(validator)
    except TypeError:
        return None


def _bounds_of(validator: Any) -> tuple[Any, Any] | None:
    try:
        return _RANGES.get(validator)
    except TypeError:
        return None


def _describe(value: object) -> str:
    return f"{quote(value)} that is a {type(value).__name__}"


def _number(value: object) -> str:
    """A number for a message: in full when short, cut otherwise."""
    if isinstance(value, int | float):
        return quote(value)
    text = str(value)
    return text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 1] + "…"


def _bad_character(pattern: re.Pattern[str], value: str) -> str | None:
    found = pattern.search(value)
    if found is None:
        return None
    character = found.group()
    kind = "a lone surrogate" if "\ud800" <= character <= "\udfff" else "a control character"
    return f"{kind} (U+{ord(character):04X}) at position {found.start() + 1}"


def check_type(*types: type) -> Validator:
    """Exactly one of *types* (``bool`` is not accepted where ``int`` is asked for)."""
    names = " or ".join(t.__name__ for t in types)

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) and bool not in types:
            ok = False
        else:
            ok = isinstance(value, types)
        if not ok:
            msg = f"'{attribute.name}' must be {names} (got {_describe(value)})"
            raise InvalidRecordError(attribute.name, msg)

    if len(types) == 1:
        _EXACT[validate] = types[0]  # the class itself: a bool's class is not int
    return validate


def enum_member(enum: type[Enum]) -> Validator:
    """A member of *enum* (a plain string value is not enough: convert at the edge)."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, enum):
            allowed = ", ".join(repr(m.value) for m in enum)
            msg = f"'{attribute.name}' must be a {enum.__name__} ({allowed}), got {quote(value)}"
            raise InvalidRecordError(attribute.name, msg)

    _EXACT[validate] = enum  # a member's class is its enum (an enum with members has no subclass)
    return validate


def identifier(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A non-empty string without surrounding whitespace."""
    if value.__class__ is str and value.isascii() and value.isalnum():
        return  # most identifiers ("P000001"): nothing below can fail (measured: issue 21)
    if not isinstance(value, str):
        msg = f"'{attribute.name}' must be a str (got {_describe(value)})"
        raise InvalidRecordError(attribute.name, msg)
    if not value or value != value.strip():
        msg = (
            f"'{attribute.name}' must be non-empty without surrounding whitespace, "
            f"got {quote(value)}"
        )
        raise InvalidRecordError(attribute.name, msg)
    bad = _bad_character(_BAD_IN_IDENTIFIER, value)
    if bad is not None:
        msg = f"'{attribute.name}' must not hold {bad}, got {quote(value)}"
        raise InvalidRecordError(attribute.name, msg)


def text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A string with something other than whitespace in it."""
    if not isinstance(value, str):
        msg = f"'{attribute.name}' must be a str (got {_describe(value)})"
        raise InvalidRecordError(attribute.name, msg)
    if not value.strip():
        msg = f"'{attribute.name}' must not be blank, got {quote(value)}"
        raise InvalidRecordError(attribute.name, msg)
    bad = _bad_character(_BAD_IN_TEXT, value)
    if bad is not None:
        # The value is not quoted: text fields include names and other personal details.
        msg = f"'{attribute.name}' must not hold {bad}"
        raise InvalidRecordError(attribute.name, msg)


def optional(*validators: Validator) -> Validator:
    """Every one of *validators*, or ``None``."""
    if len(validators) == 1:
        (only,) = validators
        exact = _exact_of(only)
        if only is identifier:

            def validate_identifier(
                instance: Any, attribute: attrs.Attribute[Any], value: Any
            ) -> None:
                # identifier's own shortcut, without the call (issue 21)
                if value is None or (
                    value.__class__ is str and value.isascii() and value.isalnum()
                ):
                    return
                only(instance, attribute, value)

            return validate_identifier
        if exact is not None:

            def validate_exact(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
                if value is None or value.__class__ is exact:
                    return  # what *only* takes without a word (issue 21)
                only(instance, attribute, value)

            return validate_exact

        def validate_one(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            if value is not None:
                only(instance, attribute, value)

        return validate_one

    exact = _exact_of(validators[0])
    bounds = _bounds_of(validators[1]) if len(validators) == 2 else None
    if exact in (int, Decimal) and bounds is not None:
        low, high = bounds
        finite = exact is int  # every int is finite; a Decimal must say so before it compares

        def validate_number(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            # check_type(int or Decimal) and in_range(low, high) at once (issue 21)
            if value is None or (
                value.__class__ is exact
                and (finite or value.is_finite())  # type: ignore[union-attr]
                and (low is None or value >= low)
                and (high is None or value <= high)
            ):
                return
            for validator in validators:
                validator(instance, attribute, value)

        return validate_number

    members = _each_of(validators[1]) if len(validators) == 2 else None
    if validators[0] is a_collection and members is not None:

        def validate_members(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            # a_collection and each(enum_member(...)) at once (issue 21)
            if value is None or (
                value.__class__ in _COLLECTIONS and members.issuperset(map(type, value))
            ):
                return
            for validator in validators:
                validator(instance, attribute, value)

        return validate_members

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            for validator in validators:
                validator(instance, attribute, value)

    return validate


def in_range(low: float | Decimal | None, high: float | Decimal | None) -> Validator:
    """A finite number in ``[low, high]`` (either bound may be open-ended with ``None``)."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        # The common case first: a plain int, or a finite Decimal or float, inside the bounds.
        # Anything else takes the checks below, which say what is wrong.
        cls = value.__class__
        if (
            (
                (cls is int or (cls is Decimal and value.is_finite()))
                or (cls is float and math.isfinite(value))
            )
            and (low is None or value >= low)
            and (high is None or value <= high)
        ):
            return
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            msg = f"'{attribute.name}' must be a number (got {_describe(value)})"
            raise InvalidRecordError(attribute.name, msg)
        if isinstance(value, Decimal):
            finite = value.is_finite()
        else:  # every int is finite (math.isfinite would overflow beyond 10**308)
            finite = isinstance(value, int) or math.isfinite(value)
        if not finite:
            msg = f"'{attribute.name}' must be a finite number, got {quote(value)}"
            raise InvalidRecordError(attribute.name, msg)
        if low is not None and high is not None and not low <= value <= high:
            msg = f"'{attribute.name}' must be between {low} and {high}, got {_number(value)}"
            raise InvalidRecordError(attribute.name, msg)
        if low is not None and value < low:
            msg = f"'{attribute.name}' must be at least {low}, got {_number(value)}"
            raise InvalidRecordError(attribute.name, msg)
        if high is not None and value > high:
            msg = f"'{attribute.name}' must be at most {high}, got {_number(value)}"
            raise InvalidRecordError(attribute.name, msg)

    _RANGES[validate] = (low, high)
    return validate


def non_empty(instance: Any, attribute: attrs.Attribute[Any], value: Sized) -> None:
    """A collection with at least one element."""
    if len(value) == 0:
        msg = f"'{attribute.name}' must not be empty, got {quote(value)}"
        raise InvalidRecordError(attribute.name, msg)


def not_before(other: str) -> Validator:
    """A date (or ``None``) not earlier than the date in field *other* of the same record."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: date | None) -> None:
        start = getattr(instance, other)
        if value is not None and start is not None and value < start:
            msg = f"'{attribute.name}' must not precede '{other}' ({start}), got {value}"
            raise InvalidRecordError(attribute.name, msg)

    return validate


def each(validator: Validator) -> Validator:
    """Apply *validator* to every element of a collection."""
    exact = _exact_of(validator)
    classes = frozenset() if exact is None else frozenset({exact})

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if classes and classes.issuperset(map(type, value)):
            return  # every element of the class *validator* takes (issue 21)
        for item in value:
            validator(instance, attribute, item)

    if classes:
        _EACH[validate] = classes
    return validate


def a_date(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A ``datetime.date`` (a ``datetime`` is refused: it would compare unlike a date)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        msg = f"'{attribute.name}' must be a date (got {_describe(value)})"
        raise InvalidRecordError(attribute.name, msg)


_EXACT[a_date] = date


# The converters below are plain named functions with a non-generic signature: the attrs mypy
# plugin turns a converter's parameter type into the ``__init__`` parameter type, and with
# ``converter=tuple`` that type is the unsolvable ``Iterable[_T_co]``, which rejects every
# argument under ``mypy --strict``. They leave a string, a mapping or a non-iterable as it is, so
# that :func:`a_collection` refuses it with a message instead of ``"V1"`` silently becoming
# ``("V", "1")`` or ``TypeError`` escaping from the constructor.


def _not_a_collection(value: object) -> bool:
    return isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable)


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """A tuple of the items of a list, tuple or other iterable (anything else is left as is)."""
    if isinstance(value, tuple) or _not_a_collection(value):
        return value  # type: ignore[return-value]
    return tuple(value)


def to_frozenset(value: Iterable[Any]) -> frozenset[Any]:
    """A frozenset of the items of a set, list or other iterable (anything else is left as is)."""
    if isinstance(value, frozenset) or _not_a_collection(value):
        return value  # type: ignore[return-value]
    try:
        return frozenset(value)
    except TypeError:  # unhashable items: let the validator name them
        return value  # type: ignore[return-value]


def a_collection(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A tuple or frozenset (what :func:`to_tuple` and :func:`to_frozenset` make of a list)."""
    if not isinstance(value, tuple | frozenset):
        msg = f"'{attribute.name}' must be a list of values (got {_describe(value)})"
        raise InvalidRecordError(attribute.name, msg)


def records_of(cls: type) -> Validator:
    """A tuple holding only records of *cls*."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        a_collection(instance, attribute, value)
        for index, record in enumerate(value):
            if not isinstance(record, cls):
                msg = (
                    f"'{attribute.name}' must hold {cls.__name__} records, got "
                    f"{reprlib.repr(record)} that is a {type(record).__name__} at position {index}"
                )
                raise InvalidRecordError(attribute.name, msg)

    return validate
