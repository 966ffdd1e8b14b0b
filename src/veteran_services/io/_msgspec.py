"""Fast decoding of JSON Lines records with msgspec (imported only by :mod:`._fast`).

Two ways, chosen per record class:

- *direct*: msgspec decodes the line into the attrs class itself (running its validators),
  and a second decode into a *guard* checks what msgspec does not: unknown keys (refused),
  decimals (held to the wire pattern, where msgspec takes numbers and any text ``Decimal()``
  takes), and which keys were there;
- *mirror*, for classes msgspec cannot read as attrs classes (a quarter is ``"2024Q1"``, a
  question's scale is tagged by ``"kind"``): a :class:`msgspec.Struct` with the same field
  names, typed as the wire is and refusing unknown keys, from which the class's own
  constructor builds the record (so every converter and validator runs as before).

The fast path only ever *accepts* a line; it never reports one. Anything it does not take (a
line that is not JSON, a wrong type, a failed validator, a key given twice, text it cannot
tell apart) is read again by the cattrs path, which stays the one source of every problem
message. A key given twice is found by counting: msgspec keeps the last one silently, but the
colons outside the texts of a JSON object are exactly its keys, so when they number the keys
the guard or the mirror saw, no key was given twice. (All the colons of a line are counted
first; only when a text holds one are the texts cut out to count again.)
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Final, Union, get_args, get_origin

import attrs
import msgspec
from msgspec.structs import astuple

from veteran_services.io._converter import (
    LATE_FIELDS,
    MAX_DECIMAL_CHARS,
    QUARTER_PATTERN,
    SCALE_KINDS,
)
from veteran_services.io._kinds import kind_of
from veteran_services.model import AnswerValue, Quarter, Scale, Veteran

__all__ = [
    "FAST_DECIMAL_PATTERN",
    "DictDecoder",
    "FastDecoder",
    "LineEncoder",
    "RowDictEncoder",
    "dict_decoder",
    "fast_decoder",
    "line_encoder",
    "row_dict_encoder",
]

#: :data:`~veteran_services.io._converter.DECIMAL_PATTERN` for msgspec, which searches with
#: :func:`re.search`: ``\Z`` instead of ``$``, which would let a trailing line break through.
FAST_DECIMAL_PATTERN: Final = r"^(?!-0+(?:\.0+)?\Z)-?[0-9]+(?:\.[0-9]+)?\Z"

_KIND_OF_SCALE: Final = {cls: kind for kind, cls in SCALE_KINDS.items()}

#: A JSON string, escapes and all. On JSON that msgspec has already found valid, matching from
#: the left finds exactly its strings (every quote outside a string opens one).
_STRING: Final = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)

#: How a special value becomes what the constructor takes: ``(value, keys counted inside)``.
_Convert = Callable[[Any], tuple[Any, int]]


class _Unsupported(Exception):
    """A type the fast path does not mirror: the class is read by the cattrs path only."""


def _to_decimal(value: str) -> tuple[Any, int]:
    return Decimal(value), 0


def _to_quarter(value: str) -> tuple[Any, int]:
    # As the converter's hook: QUARTER_PATTERN has already matched.
    return Quarter(year=int(value[:4]), quarter=int(value[5])), 0


class FastDecoder:
    """Decodes one JSON Lines record of one class, or raises for the cattrs path to report.

    Args:
        cls: The record class.
        direct: Let msgspec build the record where it can (otherwise always the mirror).

    Attributes:
        cls: The record class.
        direct: Whether msgspec builds the record (False: the mirror and the constructor).
    """

    def __init__(self, cls: type[Any], *, direct: bool = True) -> None:
        self.cls = cls
        try:
            if not direct:
                raise _Unsupported(cls)  # the mirror, asked for (the tests compare the two)
            guard = _guard(cls)
        except _Unsupported:
            plan = _plan(cls)
            self._decoder = msgspec.json.Decoder(plan.struct)
            self._build = plan.build
            self._guard: Any = None
            self.direct = False
        else:
            self.direct = True
            self._guard = msgspec.json.Decoder(guard.struct).decode
            self._count = guard.count
            self._direct = msgspec.json.Decoder(cls).decode

    def __call__(self, raw: bytes) -> Any:
        """The record of the JSON object *raw*; any exception means "read it the slow way"."""
        if self._guard is not None:
            keys = self._count(self._guard(raw))
            record = self._direct(raw)
        else:
            record, keys = self._build(self._decoder.decode(raw))
        if keys != raw.count(b":") and keys != _STRING.sub(b"", raw).count(b":"):
            raise ValueError  # a key given twice: the cattrs path reports it
        return record


# --- direct: msgspec builds the attrs record, a guard checks what it does not -----------------
#
# msgspec decodes attrs classes itself (in C, running their validators), but it ignores unknown
# keys, reads a decimal from a number or from any text Decimal() takes ("1E+1", " 1", "-0")
# and keeps the last of a repeated key. So every line is decoded twice: into the *guard*, a
# Struct that refuses unknown keys, holds each decimal to the wire pattern, leaves every other
# value unread (msgspec.Raw) and tells which keys were there; and into the record. A class
# whose wire form msgspec cannot read as the attrs class (a quarter is a string, a scale is
# tagged) or whose converters would change what msgspec decodes is read by the mirror instead.

#: The converters msgspec need not run: what it decodes is already their result (a tuple, a
#: frozenset). Named by module and name: io may not import the model's private modules.
_IDEMPOTENT: Final = {
    ("veteran_services.model._validators", "to_tuple"),
    ("veteran_services.model._validators", "to_frozenset"),
    ("veteran_services.model.surveys", "_freeze"),
}


def _idempotent(converter: Any) -> bool:
    name = (getattr(converter, "__module__", None), getattr(converter, "__name__", None))
    if name in _IDEMPOTENT:
        return True
    cells: tuple[Any, ...] = getattr(converter, "__closure__", None) or ()
    # attrs.converters.optional(inner): None stays None, anything else goes through inner
    return (
        name == ("attr.converters", "optional_converter")
        and len(cells) == 1
        and _idempotent(cells[0].cell_contents)
    )


@attrs.frozen
class _Guard:
    struct: Any
    count: Callable[[Any], int]
    #: The number of keys of every record of the class, when that is fixed (every field
    #: required, nothing nested); otherwise None and *count* tells.
    fixed: int | None


_GUARDS: dict[Any, _Guard] = {}


def _guard(cls: Any) -> _Guard:
    """The guard of *cls* (cached); :class:`_Unsupported` when msgspec cannot read *cls*."""
    guard = _GUARDS.get(cls)
    if guard is None:
        guard = _GUARDS[cls] = _make_guard(cls)
    return guard


def _make_guard(cls: Any) -> _Guard:
    if cls in _KIND_OF_SCALE:
        raise _Unsupported(cls)
    hints = typing.get_type_hints(cls)
    fields: list[tuple[str, Any, Any]] = []
    nested: list[tuple[int, _Guard, bool]] = []
    required = True
    for index, attribute in enumerate(attrs.fields(cls)):
        if not attribute.init or attribute.alias != attribute.name:
            raise _Unsupported(attribute.name)
        if attribute.converter is not None and not _idempotent(attribute.converter):
            raise _Unsupported(attribute.name)
        wire, inner, many = _guard_type(hints[attribute.name])
        fields.append((attribute.name, wire, msgspec.UNSET))
        if inner is not None:
            nested.append((index, inner, many))
        if attribute.default is not attrs.NOTHING:
            required = False
    struct = msgspec.defstruct(f"_Guard{cls.__name__}", fields, forbid_unknown_fields=True)
    unset = msgspec.UNSET
    every = tuple((index, inner.count, inner.fixed, many) for index, inner, many in nested)
    fixed = len(fields) if required and not nested else None

    def count(guard: Any) -> int:
        """The keys of the record *guard* was decoded from, given that msgspec built the
        record too (so every required key was there)."""
        values = astuple(guard)
        keys = len(values) - values.count(unset)
        for index, inner_count, inner_fixed, many in every:
            value = values[index]
            if value is unset or value is None:
                continue
            if not many:
                keys += inner_count(value)
            elif inner_fixed is not None:
                keys += inner_fixed * len(value)
            else:
                for item in value:
                    keys += inner_count(item)
        return keys

    return _Guard(struct=struct, count=count, fixed=fixed)


def _guard_type(tp: Any) -> tuple[Any, _Guard | None, bool]:
    """The guard's type for *tp*, the guard of a record nested there, and whether many."""
    if tp is Scale or tp == Scale or tp is Quarter:
        raise _Unsupported(tp)
    if tp is AnswerValue or tp == AnswerValue:
        return msgspec.Raw, None, False
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = get_args(tp)
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) != 1 or len(args) != 2:
            raise _Unsupported(tp)
        wire, inner, many = _guard_type(rest[0])
        return (msgspec.Raw if wire is msgspec.Raw else wire | None), inner, many
    if origin in (tuple, frozenset):
        args = get_args(tp)
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            raise _Unsupported(tp)
        element, inner, many = _guard_type(args[0])
        if element is msgspec.Raw:
            return msgspec.Raw, None, False
        if many or origin is frozenset:
            raise _Unsupported(tp)
        return types.GenericAlias(tuple, (element, ...)), inner, True
    if tp is Decimal:
        pattern = msgspec.Meta(pattern=FAST_DECIMAL_PATTERN, max_length=MAX_DECIMAL_CHARS)
        return Annotated[str, pattern], None, False
    if isinstance(tp, type) and attrs.has(tp):
        inner = _guard(tp)
        return inner.struct, inner, False
    if tp in (str, int, float, bool, date) or (isinstance(tp, type) and issubclass(tp, Enum)):
        return msgspec.Raw, None, False
    raise _Unsupported(tp)


# --- mirror: msgspec decodes the wire form, the class's constructor builds the record ------


@attrs.frozen
class _Plan:
    struct: Any
    build: Callable[[Any], tuple[Any, int]]


_PLANS: dict[Any, _Plan] = {}


def _plan(cls: Any) -> _Plan:
    """The mirror of *cls* and the function that builds a *cls* record from it (cached)."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _make_plan(cls)
    return plan


def _make_plan(cls: Any) -> _Plan:
    hints = typing.get_type_hints(cls)
    names: list[str] = []
    fields: list[tuple[str, Any, Any]] = []
    special: list[tuple[str, _Convert]] = []
    for attribute in attrs.fields(cls):
        if not attribute.init or attribute.alias != attribute.name:
            raise _Unsupported(attribute.name)
        wire, convert = _wire(hints[attribute.name])
        names.append(attribute.name)
        fields.append((attribute.name, wire, msgspec.UNSET))
        if convert is not None:
            special.append((attribute.name, convert))
    tag = _KIND_OF_SCALE.get(cls)
    options: dict[str, Any] = {"forbid_unknown_fields": True}
    if tag is not None:
        options.update(tag_field="kind", tag=tag)
    struct = msgspec.defstruct(f"_Fast{cls.__name__}", fields, **options)
    return _Plan(struct=struct, build=_builder(cls, tuple(names), tuple(special), tag is not None))


def _builder(
    cls: type[Any], names: tuple[str, ...], special: tuple[tuple[str, _Convert], ...], tagged: bool
) -> Callable[[Any], tuple[Any, int]]:
    unset = msgspec.UNSET
    extra = 1 if tagged else 0  # the "kind" key is no field of the mirror

    def build(mirror: Any) -> tuple[Any, int]:
        values = astuple(mirror)
        missing = values.count(unset)
        if missing:
            pairs = zip(names, values, strict=True)
            given = {name: value for name, value in pairs if value is not unset}
        else:
            given = dict(zip(names, values, strict=True))
        keys = len(values) - missing + extra
        for name, convert in special:
            value = given.get(name)
            if value is not None:
                given[name], inside = convert(value)
                keys += inside
        return cls(**given), keys

    return build


def _nested(cls: Any) -> tuple[Any, _Convert]:
    plan = _plan(cls)
    return plan.struct, plan.build


def _wire(tp: Any) -> tuple[Any, _Convert | None]:
    """The mirror type of *tp* and the conversion its values need (None: as decoded)."""
    if tp is AnswerValue or tp == AnswerValue:
        return tp, None  # msgspec reads each JSON type as the converter's hook does
    if tp is Scale or tp == Scale:
        return _scale()
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = get_args(tp)
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) != 1 or len(args) != 2:
            raise _Unsupported(tp)
        wire, convert = _wire(rest[0])
        return wire | None, convert
    if origin in (tuple, frozenset):
        args = get_args(tp)
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            raise _Unsupported(tp)
        element, convert = _wire(args[0])
        if convert is None:
            if origin is tuple:
                return types.GenericAlias(tuple, (element, ...)), None
            return types.GenericAlias(frozenset, (element,)), None
        if origin is not tuple:
            raise _Unsupported(tp)
        return types.GenericAlias(tuple, (element, ...)), _each(convert)
    if tp in (str, int, float, bool, date):
        return tp, None
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp, None
    if tp is Decimal:
        pattern = msgspec.Meta(pattern=FAST_DECIMAL_PATTERN, max_length=MAX_DECIMAL_CHARS)
        return Annotated[str, pattern], _to_decimal
    if tp is Quarter:
        return Annotated[str, msgspec.Meta(pattern=QUARTER_PATTERN)], _to_quarter
    if isinstance(tp, type) and attrs.has(tp):
        return _nested(tp)
    raise _Unsupported(tp)


def _each(convert: _Convert) -> _Convert:
    def convert_all(values: tuple[Any, ...]) -> tuple[Any, int]:
        out = []
        keys = 0
        for value in values:
            item, inside = convert(value)
            out.append(item)
            keys += inside
        return tuple(out), keys

    return convert_all


def _scale() -> tuple[Any, _Convert]:
    builders = {}
    structs = []
    for cls in SCALE_KINDS.values():
        plan = _plan(cls)
        builders[plan.struct] = plan.build
        structs.append(plan.struct)

    def convert(value: Any) -> tuple[Any, int]:
        return builders[type(value)](value)

    return Union[tuple(structs)], convert  # noqa: UP007 - built from a runtime tuple


_DECODERS: dict[Any, FastDecoder | None] = {}


def fast_decoder(cls: Any) -> FastDecoder | None:
    """The fast decoder of *cls* (cached), or None for a class msgspec cannot read."""
    if cls not in _DECODERS:
        try:
            _DECODERS[cls] = FastDecoder(cls)
        except _Unsupported:
            _DECODERS[cls] = None
    return _DECODERS[cls]


# --- dicts: the database reader's rows, already in the wire form ------------------------------


class DictDecoder:
    """Builds a record of one class from a wire dict with :func:`msgspec.convert`, or raises.

    For dicts whose shape the caller vouches for (the database reader builds them from the
    table layout, which is derived from the class): no unknown or repeated keys, every decimal
    a wire string (the caller holds it to :data:`FAST_DECIMAL_PATTERN`), every float finite,
    text as a database driver gives it (never a lone surrogate). Everything else (types,
    enums, dates, the model's validators) is checked here as the JSON path checks it; like
    :class:`FastDecoder` it only ever accepts, and a dict it refuses is read again by the
    cattrs path, which reports its problems.

    Args:
        cls: The record class.
        direct: Let msgspec build the record where it can (otherwise always the mirror).

    Attributes:
        cls: The record class.
        direct: Whether msgspec builds the record (False: the mirror and the constructor).
    """

    def __init__(self, cls: type[Any], *, direct: bool = True) -> None:
        self.cls = cls
        try:
            if not direct:
                raise _Unsupported(cls)
            _guard(cls)  # what msgspec can build as the attrs class itself
        except _Unsupported:
            plan = _plan(cls)
            self._struct = plan.struct
            self._build: Callable[[Any], tuple[Any, int]] | None = plan.build
            self.direct = False
        else:
            self._struct = cls
            self._build = None
            self.direct = True

    def __call__(self, data: Any) -> Any:
        """The record of the wire dict *data*; any exception means "read it the slow way"."""
        if self._build is None:
            return msgspec.convert(data, self._struct)
        return self._build(msgspec.convert(data, self._struct))[0]


_DICT_DECODERS: dict[Any, DictDecoder | None] = {}


def dict_decoder(cls: Any) -> DictDecoder | None:
    """The dict decoder of *cls* (cached), or None for a class msgspec cannot read."""
    if cls not in _DICT_DECODERS:
        try:
            _DICT_DECODERS[cls] = DictDecoder(cls)
        except _Unsupported:
            _DICT_DECODERS[cls] = None
    return _DICT_DECODERS[cls]


# --- encoding: records as the converter unstructures them ------------------------------------


def _shape(cls: Any, seen: set[Any]) -> tuple[set[Any], set[str]]:
    """The attrs classes inside *cls* (itself included) and the names of their fields; raises
    :class:`_Unsupported` for a scale (its tag) anywhere or a quarter below the top."""
    classes: set[Any] = set()
    names: set[str] = set()
    if cls in seen:
        return classes, names
    seen.add(cls)
    classes.add(cls)
    hints = typing.get_type_hints(cls)
    for attribute in attrs.fields(cls):
        names.add(attribute.name)
        stack = [hints[attribute.name]]
        while stack:
            tp = stack.pop()
            if tp is Scale or tp == Scale or tp in _KIND_OF_SCALE:
                raise _Unsupported(tp)
            if tp is Quarter:
                if len(seen) > 1:
                    raise _Unsupported(tp)  # only a record's own quarter is put right
                continue
            if isinstance(tp, type) and attrs.has(tp):
                inner_classes, inner_names = _shape(tp, seen)
                classes |= inner_classes
                names |= inner_names
            stack.extend(get_args(tp))
    return classes, names


def _top_quarters(cls: Any) -> tuple[str, ...]:
    hints = typing.get_type_hints(cls)
    return tuple(
        a.name
        for a in attrs.fields(cls)
        if hints[a.name] is Quarter or Quarter in get_args(hints[a.name])
    )


def _late_fields(cls: Any) -> tuple[tuple[str, Any], ...]:
    """The fields the converter writes only when they differ from their default."""
    fields = {a.name: a for a in attrs.fields(cls)}
    kind = kind_of(cls)
    late = LATE_FIELDS.get(kind, ()) if kind is not None else ()
    if any(isinstance(fields[name].default, attrs.Factory) for name in late):  # type: ignore[arg-type]
        raise _Unsupported(cls)  # a default made afresh: compared the cattrs way only
    return tuple((name, fields[name].default) for name in late)


class RowDictEncoder:
    """A record as :func:`~veteran_services.io.to_dict` gives it, for the database writer:
    :func:`msgspec.to_builtins` (in C) with the converter's rules put right after it.

    The same dict except that dates and decimals stay :class:`~datetime.date` and
    :class:`~decimal.Decimal` objects (the database takes them as they are; their wire strings
    would only be parsed again), tuples stay tuples, and the keys come in another order. Sets
    come sorted, a veteran's personal details are left out unless asked for, the fields
    written only when set (``LATE_FIELDS``) are left out at their default, and a record's
    quarter is its ``"2024Q1"`` text. Classes with a question's scale (tagged by kind) are not
    taken (:func:`row_dict_encoder` gives None).

    Args:
        cls: The record class.
        include_personal: Keep a veteran's personal details.
    """

    def __init__(self, cls: type[Any], *, include_personal: bool) -> None:
        _shape(cls, set())
        self.cls = cls
        self._quarters = _top_quarters(cls)
        self._late = _late_fields(cls)
        self._drop_personal = cls is Veteran and not include_personal
        self._builtin = (Decimal, date)

    def __call__(self, record: Any) -> dict[str, Any]:
        """The record's dict (raises for anything msgspec cannot encode)."""
        data: dict[str, Any] = msgspec.to_builtins(
            record, builtin_types=self._builtin, order="deterministic"
        )
        for name in self._quarters:
            quarter = getattr(record, name)
            if quarter is not None:
                data[name] = str(quarter)
        if self._drop_personal:
            del data["personal"]
        for name, default in self._late:
            if getattr(record, name) == default:
                del data[name]
        return data


_ROW_ENCODERS: dict[tuple[Any, bool], RowDictEncoder | None] = {}


def row_dict_encoder(cls: Any, include_personal: bool) -> RowDictEncoder | None:
    """The row dict encoder of *cls* (cached), or None for a class it does not take."""
    key = (cls, include_personal)
    if key not in _ROW_ENCODERS:
        try:
            _ROW_ENCODERS[key] = RowDictEncoder(cls, include_personal=include_personal)
        except _Unsupported:
            _ROW_ENCODERS[key] = None
    return _ROW_ENCODERS[key]


# --- encoding: JSON Lines, byte for byte as the converter and json.dumps write them ----------
#
# msgspec encodes an attrs record in C, but with its fields in alphabetical order. So a record
# is first copied, also in C, into a *mirror* Struct whose fields come in the class's order
# (msgspec.convert(..., from_attributes=True)): the same values (every plain value typed Any,
# so nothing is checked or changed again), nested records as nested mirrors, a veteran's
# personal details left out unless asked for, and the fields written only when set at their
# default omitted (omit_defaults). What the encoder then writes differently from json.dumps is
# put right or sent back: a record's quarter, an object {"quarter":4,"year":2024} in the
# mirror, is replaced by its "2024Q4" text; a decimal in exponent form ("1E+3", which the
# converter writes "1000") and a float json.dumps writes another way (msgspec writes 1e16 and
# 0.00001, json.dumps 1e+16 and 1e-05) send the record back to the cattrs path; so do text
# UTF-8 cannot hold (msgspec refuses it) and a set whose members cannot be sorted.

#: What may be a float msgspec writes differently from json.dumps: an exponent (``1e16``,
#: ``2.5e-7``), or a number below 10**-4 written out (``0.00001``); json.dumps writes both
#: in exponent form with a sign and two digits. The first pattern starts with a letter, which
#: the regular expression engine finds fast; text that matches it ("e-commerce") is looked at
#: again with the exact pattern.
_FLOAT_HINT: Final = re.compile(rb"e[-0-9]")
_FLOAT_EXPONENT: Final = re.compile(rb"[0-9]e[-0-9]")
#: A decimal as ``str()`` writes it in exponent form (``"1E+3"``), which the converter writes
#: in plain notation (``"1000"``); again a fast hint first, then the exact pattern.
_DECIMAL_HINT: Final = re.compile(rb"E[-+]")
_DECIMAL_EXPONENT: Final = re.compile(rb'"-?[0-9]+(?:\.[0-9]+)?E[+-][0-9]+"')


def _has_float(cls: Any, seen: set[Any]) -> bool:
    if cls in seen:
        return False
    seen.add(cls)
    hints = typing.get_type_hints(cls)
    stack = [hints[a.name] for a in attrs.fields(cls)]
    while stack:
        tp = stack.pop()
        if tp is float or tp is AnswerValue or tp == AnswerValue:
            return True
        if isinstance(tp, type) and attrs.has(tp):
            if _has_float(tp, seen):
                return True
            continue
        stack.extend(get_args(tp))
    return False


_MIRRORS: dict[tuple[Any, bool, bool], Any] = {}


def _mirror(cls: Any, *, top: bool, include_personal: bool) -> Any:
    """The mirror Struct of *cls* (cached): its fields in the class's order."""
    key = (cls, top, include_personal)
    if key in _MIRRORS:
        return _MIRRORS[key]
    hints = typing.get_type_hints(cls)
    late = dict(_late_fields(cls)) if top else {}
    fields: list[Any] = []
    for attribute in attrs.fields(cls):
        name = attribute.name
        if cls is Veteran and top and name == "personal" and not include_personal:
            continue
        wire = _mirror_type(hints[name])
        if name in late:
            fields.append((name, wire, late[name]))
        else:
            fields.append((name, wire))
    struct = msgspec.defstruct(
        f"_Line{cls.__name__}", fields, kw_only=True, omit_defaults=bool(late)
    )
    _MIRRORS[key] = struct
    return struct


def _mirror_type(tp: Any) -> Any:
    """The mirror's type for *tp*: Any for a plain value, nested mirrors for records."""
    if isinstance(tp, type) and attrs.has(tp) and tp is not Quarter:
        return _mirror(tp, top=False, include_personal=True)
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = get_args(tp)
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) == 1 and len(args) == 2:
            inner = _mirror_type(rest[0])
            return Any if inner is Any else inner | None
        return Any
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            inner = _mirror_type(args[0])
            return Any if inner is Any else types.GenericAlias(tuple, (inner, ...))
    return Any


class LineEncoder:
    """A record as one line of a JSON Lines file, byte for byte what the cattrs writer writes
    (``json.dumps`` of :func:`~veteran_services.io.to_dict`, compact, UTF-8), or an exception
    for a record the cattrs writer must write (see the notes above). Classes with a question's
    scale are not taken (:func:`line_encoder` gives None).

    Args:
        cls: The record class.
        include_personal: Write a veteran's personal details.
    """

    def __init__(self, cls: type[Any], *, include_personal: bool) -> None:
        _shape(cls, set())
        self.cls = cls
        self._struct = _mirror(cls, top=True, include_personal=include_personal)
        self._quarters = tuple((name, name.encode()) for name in _top_quarters(cls))
        self._floats = _has_float(cls, set())
        self._encode = msgspec.json.Encoder(order="deterministic").encode

    def __call__(self, record: Any) -> bytes:
        """The record's line, without its line break."""
        line: bytes = self._encode(msgspec.convert(record, self._struct, from_attributes=True))
        if _DECIMAL_HINT.search(line) and _DECIMAL_EXPONENT.search(line):
            raise ValueError  # a decimal in exponent form: the cattrs path writes it
        if self._floats and (
            b"0.0000" in line or (_FLOAT_HINT.search(line) and _FLOAT_EXPONENT.search(line))
        ):
            raise ValueError  # perhaps a float json.dumps writes otherwise
        for name, raw in self._quarters:
            quarter = getattr(record, name)
            if quarter is None:
                continue
            mirrored = b'"%s":{"quarter":%d,"year":%d}' % (raw, quarter.quarter, quarter.year)
            text = b'"%s":"%dQ%d"' % (raw, quarter.year, quarter.quarter)
            if mirrored not in line:
                raise ValueError
            line = line.replace(mirrored, text, 1)
        return line


_LINE_ENCODERS: dict[tuple[Any, bool], LineEncoder | None] = {}


def line_encoder(cls: Any, include_personal: bool) -> LineEncoder | None:
    """The JSON Lines encoder of *cls* (cached), or None for a class it does not take."""
    key = (cls, include_personal)
    if key not in _LINE_ENCODERS:
        try:
            _LINE_ENCODERS[key] = LineEncoder(cls, include_personal=include_personal)
        except _Unsupported:
            _LINE_ENCODERS[key] = None
    return _LINE_ENCODERS[key]
