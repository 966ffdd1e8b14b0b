"""The one converter: strict hooks, enums by value, tagged scales, answers by JSON type.

Everything here follows docs/architecture.md (performance notes): cattrs' default hooks
coerce (``None`` becomes ``'None'``, ``5292.51`` becomes ``5292`` in an ``int`` field, ``True``
passes as ``1``), so every primitive has a strict hook that refuses instead; enums are looked up
in a dict from value to member; dates are parsed with :meth:`datetime.date.fromisoformat` and
nothing more lenient.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, Final, TypeVar, get_args, get_origin

import attrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as _make_json_converter

from veteran_services._checks import checked
from veteran_services.io._problems import Invalid
from veteran_services.model import (
    AnswerValue,
    ChoiceScale,
    Enrolment,
    LikertScale,
    NumericScale,
    Quarter,
    Scale,
    TextScale,
    Veteran,
    YesNoScale,
)
from veteran_services.model import enums as _enums

__all__ = [
    "DECIMAL_PATTERN",
    "ENUMS",
    "MAX_DECIMAL_CHARS",
    "QUARTER_PATTERN",
    "SCALE_KINDS",
    "converter_for",
    "format_decimal",
    "make_converter",
    "surrogate_problem",
]

_T = TypeVar("_T")

#: What a decimal number looks like on the wire (a JSON string, every digit kept; not ``-0``).
DECIMAL_PATTERN: Final = r"^(?!-0+(\.0+)?$)-?[0-9]+(\.[0-9]+)?$"
#: The longest decimal string read (money is below 10**15 with at most 4 decimals: 20
#: characters; anything much longer is no number the model holds, and costs time to convert).
MAX_DECIMAL_CHARS: Final = 64
#: What a quarter looks like on the wire.
QUARTER_PATTERN: Final = r"^[0-9]{4}Q[1-4]$"

_DECIMAL_RE = re.compile(DECIMAL_PATTERN)
_NEGATIVE_ZERO = re.compile(r"-0+(\.0+)?")
_QUARTER_RE = re.compile(QUARTER_PATTERN)

#: The tag (``"kind"``) of each scale class in a question's ``scale`` object.
SCALE_KINDS: Final[dict[str, type[Any]]] = {
    "likert": LikertScale,
    "yes_no": YesNoScale,
    "numeric": NumericScale,
    "choice": ChoiceScale,
    "text": TextScale,
}
_KIND_OF_SCALE: Final = {cls: kind for kind, cls in SCALE_KINDS.items()}

#: Every enum the model puts on the wire.
#: Optional fields added within the current schema version after files of it were written
#: (record kind → field names): written only when they hold something other than their
#: default, so that every file written before stays byte-identical. Readers accept them
#: either way.
LATE_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "veterans": ("livelihoods", "difficulty_recognised_on"),
    "enrolments": ("admission", "exit_reason"),
}

ENUMS: Final[tuple[type[Enum], ...]] = tuple(
    getattr(_enums, name) for name in _enums.__all__ if isinstance(getattr(_enums, name), type)
)


# --- primitives -----------------------------------------------------------------------


def surrogate_problem(text: str) -> str | None:
    """What is wrong with *text* that UTF-8 cannot write (a lone surrogate), or None."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(text[error.start])
        return f"must be text without lone surrogates (U+{code:04X} at position {error.start + 1})"
    return None


def _structure_str(value: Any, _: Any) -> str:
    if value.__class__ is str:
        problem = surrogate_problem(value)
        if problem is None:
            return value
        raise Invalid(problem)  # not quoted: the text may be personal
    raise Invalid("must be a string", value)


def _structure_int(value: Any, _: Any) -> int:
    if value.__class__ is int:
        return value
    raise Invalid("must be a whole number", value)


def _structure_float(value: Any, _: Any) -> float:
    cls = value.__class__
    if cls is float or cls is int:
        try:
            number = float(value) if cls is int else value
        except OverflowError:
            raise Invalid("must be a number below 10**308", value) from None
        if math.isfinite(number):
            return number
        raise Invalid("must be a finite number", value)
    raise Invalid("must be a number", value)


def _structure_bool(value: Any, _: Any) -> bool:
    if value is True or value is False:
        return value
    raise Invalid("must be true or false", value)


def _structure_decimal(value: Any, _: Any) -> Decimal:
    if value.__class__ is str and len(value) <= MAX_DECIMAL_CHARS and _DECIMAL_RE.fullmatch(value):
        return Decimal(value)
    if value.__class__ is str and len(value) > MAX_DECIMAL_CHARS:
        raise Invalid(f"must be a decimal number of at most {MAX_DECIMAL_CHARS} characters", value)
    if value.__class__ is str and _NEGATIVE_ZERO.fullmatch(value):
        raise Invalid("must not be negative zero (write 0)", value)
    if value.__class__ in (int, float):
        raise Invalid("must be a decimal number written as a string", value)
    raise Invalid("must be a decimal number", value)


def format_decimal(value: Decimal) -> str:
    """A decimal as the wire writes it: plain notation, every digit kept (``'5292.50'``)."""
    text = str(value)
    return format(value, "f") if "E" in text else text


def _structure_date(value: Any, _: Any) -> date:
    if value.__class__ is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid("must be a date written YYYY-MM-DD", value)


def _unstructure_date(value: date) -> str:
    return value.isoformat()


def _structure_quarter(value: Any, _: Any) -> Quarter:
    if value.__class__ is str and _QUARTER_RE.match(value):
        return Quarter(year=int(value[:4]), quarter=int(value[5]))
    raise Invalid("must be a quarter written like '2024Q1'", value)


def _enum_hook(enum: type[Enum]) -> Callable[[Any, Any], Enum]:
    members = {member.value: member for member in enum}
    allowed = ", ".join(repr(value) for value in members)

    def structure(value: Any, _: Any) -> Enum:
        try:
            return members[value]
        except (KeyError, TypeError):
            raise Invalid(f"must be one of {allowed}", value) from None

    return structure


def _enum_value(member: Enum) -> Any:
    return member.value


# --- collections -------------------------------------------------------------------------


def _is_collection(tp: Any) -> bool:
    return get_origin(tp) in (tuple, frozenset) and len(get_args(tp)) in (1, 2)


def _collection_structure_factory(tp: Any, converter: Any) -> Callable[[Any, Any], Any]:
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        msg = f"only homogeneous tuples are supported, got {tp!r}"
        raise TypeError(msg)
    element = args[0]
    hook = converter.get_structure_hook(element)
    build: Callable[[list[Any]], Any] = tuple if origin is tuple else frozenset

    def structure(value: Any, _: Any) -> Any:
        if value.__class__ is not list:
            raise Invalid("must be a list", value)
        try:
            return build([hook(item, element) for item in value])
        except Exception:  # noqa: S110 - redone below, noting the index of every failure  # nosec B110
            pass
        out = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                out.append(hook(item, element))
            except Exception as exc:
                note = IterableValidationNote(f"Structuring {tp!r} @ index {index}", index, element)
                exc.__notes__ = [*getattr(exc, "__notes__", ()), note]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return build(out)

    return structure


def _collection_unstructure_factory(tp: Any, converter: Any) -> Callable[[Any], Any]:
    element = get_args(tp)[0]
    hook = converter.get_unstructure_hook(element)
    if get_origin(tp) is frozenset:
        # Sets are written sorted, so the same record always gives the same text.
        return lambda value: sorted(hook(item) for item in value)
    return lambda value: [hook(item) for item in value]


# --- the polymorphic parts ------------------------------------------------------------------


def _scale_hooks(
    converter: JsonConverter,
) -> tuple[Callable[[Any, Any], Any], Callable[[Any], Any]]:
    kinds = ", ".join(repr(kind) for kind in SCALE_KINDS)

    def structure(value: Any, _: Any) -> Any:
        if value.__class__ is not dict:
            raise Invalid("must be an object", value)
        kind = value.get("kind", _MISSING)
        if kind is _MISSING:
            raise Invalid(f"is required but missing (one of {kinds})", subpath=".kind")
        try:
            cls = SCALE_KINDS[kind]
        except (KeyError, TypeError):
            raise Invalid(f"must be one of {kinds}", kind, subpath=".kind") from None
        rest = {key: item for key, item in value.items() if key != "kind"}
        return converter.structure(rest, cls)

    def unstructure(value: Any) -> Any:
        data: dict[str, Any] = {"kind": _KIND_OF_SCALE[type(value)]}
        data.update(converter.unstructure(value, type(value)))
        return data

    return structure, unstructure


_MISSING: Any = object()


def _structure_answer_value(value: Any, _: Any) -> Any:
    cls = value.__class__
    if cls is str:
        problem = surrogate_problem(value)
        if problem is None:
            return value
        raise Invalid(problem)
    if cls is bool or cls is int:
        return value
    if cls is float:
        if math.isfinite(value):
            return value
        raise Invalid("must be a finite number", value)
    if cls is list:
        for index, item in enumerate(value):
            if item.__class__ is not str:
                raise Invalid("must be an option string", item, subpath=f"[{index}]")
            problem = surrogate_problem(item)
            if problem is not None:
                raise Invalid(problem, subpath=f"[{index}]")
        return tuple(value)
    raise Invalid("must be a number, true/false, text or a list of options", value)


def _unstructure_answer_value(value: Any) -> Any:
    return list(value) if value.__class__ is tuple else value


# --- attrs classes -------------------------------------------------------------------------


def _attrs_structure_factory(
    strict: bool,
) -> Callable[[Any, Any], Callable[[Any, Any], Any]]:
    """Structure an attrs class optimistically, and in detail only when that fails.

    The fast function (no per-attribute bookkeeping) reads every good record; when it fails,
    the record is structured again by the detailed function, whose exception groups carry
    the attribute names and indices of every problem. Errors are rare, so they pay for the
    second pass and good records do not pay for the bookkeeping.
    """

    def factory(cls: Any, converter: Any) -> Callable[[Any, Any], Any]:
        fast = make_dict_structure_fn(
            cls,
            converter,
            _cattrs_forbid_extra_keys=strict,
            _cattrs_detailed_validation=False,
        )
        detailed = make_dict_structure_fn(
            cls,
            converter,
            _cattrs_forbid_extra_keys=strict,
            _cattrs_detailed_validation=True,
        )

        def structure(value: Any, _: Any) -> Any:
            try:
                return fast(value, cls)
            except Exception:  # noqa: S110 - redone below, in detail  # nosec B110
                pass
            if value.__class__ is not dict:
                raise Invalid("must be an object", value)
            return detailed(value, cls)

        return structure

    return factory


# --- the factory ---------------------------------------------------------------------------


@checked
def make_converter(*, strict: bool = True, include_personal: bool = False) -> JsonConverter:
    """A JSON converter for every record kind of the model.

    Dates are ISO strings (``"2024-03-01"``, parsed strictly), decimals are strings with every
    digit kept (``"5292.50"``), enums are their values, a question's ``scale`` is an object
    tagged by ``"kind"`` (``likert``, ``yes_no``, ``numeric``, ``choice``, ``text``), an
    answer's ``value`` is read by its JSON type, quarters are ``"2024Q1"``. Primitive hooks
    refuse instead of coercing: ``null`` for a string, ``1.5`` or ``true`` for a whole number,
    ``"1"`` for a number are all errors.

    Args:
        strict: Refuse unknown keys (an error naming the key). When false, unknown keys are
            ignored; the readers of :mod:`veteran_services.io` then report them as set aside.
        include_personal: Write :attr:`Veteran.personal <veteran_services.model.Veteran>`
            when unstructuring; it is left out otherwise (reading always accepts it).

    Returns:
        A fresh :class:`cattrs.preconf.json.JsonConverter`; the module's functions use cached
        ones, so build your own only to customise it.

    >>> from veteran_services import Money
    >>> converter = make_converter()
    >>> converter.unstructure(Money.of("5292.50"))
    {'amount': '5292.50', 'currency': 'CNY'}
    >>> converter.structure({"amount": "0.10", "currency": "CNY"}, Money)
    Money(amount=Decimal('0.10'), currency='CNY')
    """
    converter = _make_json_converter(forbid_extra_keys=strict, detailed_validation=True)

    converter.register_structure_hook_factory(attrs.has, _attrs_structure_factory(strict))
    converter.register_structure_hook_factory(_is_collection, _collection_structure_factory)
    converter.register_unstructure_hook_factory(_is_collection, _collection_unstructure_factory)

    # These go through singledispatch, which follows subclasses: every StrEnum is registered
    # below so that the hook for ``str`` never catches one.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    for primitive in (str, int, float, bool):
        # The preconfigured union passthrough would let e.g. ``1`` through for ``str | None``.
        _register_optional(converter, primitive)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(Decimal, format_decimal)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(date, _unstructure_date)
    converter.register_structure_hook(Quarter, _structure_quarter)
    converter.register_unstructure_hook(Quarter, str)
    for enum in ENUMS:
        converter.register_structure_hook(enum, _enum_hook(enum))
        converter.register_unstructure_hook(enum, _enum_value)

    structure_scale, unstructure_scale = _scale_hooks(converter)
    converter.register_structure_hook_func(lambda t: t == Scale, structure_scale)
    converter.register_unstructure_hook_func(lambda t: t == Scale, unstructure_scale)
    converter.register_structure_hook_func(lambda t: t == AnswerValue, _structure_answer_value)
    converter.register_unstructure_hook_func(lambda t: t == AnswerValue, _unstructure_answer_value)

    # Fields added within schema version 3 after files of it were written are left out while
    # they hold their default (unknown, or none recorded), so those files stay byte-identical.
    # (Typed Any: mypy takes ``**overrides`` for cattrs' own keyword options.)
    veteran: Any = {name: override(omit_if_default=True) for name in LATE_FIELDS["veterans"]}
    if not include_personal:
        veteran["personal"] = override(omit=True)
    converter.register_unstructure_hook(
        Veteran, make_dict_unstructure_fn(Veteran, converter, **veteran)
    )
    enrolment: Any = {name: override(omit_if_default=True) for name in LATE_FIELDS["enrolments"]}
    converter.register_unstructure_hook(
        Enrolment, make_dict_unstructure_fn(Enrolment, converter, **enrolment)
    )
    return converter


def _register_optional(converter: JsonConverter, primitive: type[Any]) -> None:
    optional_type = primitive | None
    hook = converter.get_structure_hook(primitive)

    def structure(value: Any, _: Any) -> Any:
        return None if value is None else hook(value, primitive)

    converter.register_structure_hook_func(lambda t: t == optional_type, structure)


@cache
def converter_for(*, strict: bool = True, include_personal: bool = False) -> JsonConverter:
    """The cached converter the module's functions share (do not register hooks on it)."""
    return make_converter(strict=strict, include_personal=include_personal)
