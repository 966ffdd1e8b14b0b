"""How each record kind is laid out as columns: derived once from the model's attrs classes.

The rules (documented for users in ``docs/guide/scale.md``):

- one column per field, named after it; a single nested record (``monthly_wage``) is flattened
  into dotted columns (``monthly_wage.amount``, ``monthly_wage.currency``), at every level;
- decimals are strings in the wire's plain notation (every digit and trailing zero kept),
  dates are ``date32``, enums their string values, quarters ``"2024Q1"``;
- sets and tuples of plain values are lists (sets sorted), repeated records (``service``,
  ``answers``, ...) are lists of structs whose fields follow the same rules;
- a fact the model allows to be unknown is null when it is: a null ``contract`` is "not
  recorded" while ``"none"`` is "no written contract", a null ``insurance`` list is "not
  recorded" while an empty list is "recorded: no scheme paid" (layout 2; see
  :data:`~veteran_services.columnar.LAYOUT_VERSION`);
- a question's ``scale`` is tagged: ``scale.kind`` (``likert``, ``yes_no``, ``numeric``,
  ``choice``, ``text``, the JSON tags) and the fields of every scale class;
- an answer's ``question_id`` and a placement's ``insurance`` schemes are dictionary-encoded
  strings (plain strings are read too);
- an answer's ``value`` is split by type into ``value.boolean``, ``value.integer``,
  ``value.number``, ``value.text`` and ``value.choices``: exactly one is set;
- an optional nested record none of whose fields is required (``personal``) has a boolean
  presence column of its own name, so that "no details" and "empty details" stay apart.
"""

from __future__ import annotations

import math
import operator
import re
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, Final

import attrs
import pyarrow as pa  # type: ignore[import-untyped]

# the model's bounded quotation (no public helper says the same); see Problem.line
from veteran_services._checks import quote
from veteran_services.io import DECIMAL_PATTERN, KIND_CLASSES, MAX_DECIMAL_CHARS, SCALE_KINDS
from veteran_services.model import (
    Answer,
    AnswerValue,
    Placement,
    Quarter,
    Veteran,
)

__all__ = [
    "KIND_CLASSES",
    "NOTHING",
    "SCALE_KINDS",
    "Decoder",
    "Leaf",
    "Problem",
    "build_record",
    "format_decimal",
    "layout",
    "quote",
    "schema",
]


_KIND_OF_SCALE: Final = {cls: kind for kind, cls in SCALE_KINDS.items()}

#: The columns an answer's value is split into, by Python type.
_ANSWER_COLUMNS: Final = (
    ("boolean", bool, pa.bool_()),
    ("integer", int, pa.int64()),
    ("number", float, pa.float64()),
    ("text", str, pa.string()),
    ("choices", tuple, pa.list_(pa.string())),
)

#: Fields whose strings are stored dictionary-encoded: values drawn from a short list that
#: repeat across millions of rows (an answer's question id is one of a few dozen, a
#: placement's insurance schemes one of five), so that they are stored, read and compared
#: once per distinct value. Readers accept plain strings there too.
_DICTIONARY: Final = pa.dictionary(pa.int32(), pa.string())
_DICTIONARY_FIELDS: Final[dict[type[Any], frozenset[str]]] = {
    Answer: frozenset({"question_id"}),
    Placement: frozenset({"insurance"}),
}


def _dictionary_encoded(leaf: Leaf) -> Leaf:
    if leaf.type == pa.string():
        return attrs.evolve(leaf, type=_DICTIONARY)
    if leaf.type == pa.list_(pa.string()):
        return attrs.evolve(leaf, type=pa.list_(_DICTIONARY))
    msg = f"{leaf.name!r} holds no strings to encode"  # pragma: no cover - a wrong entry
    raise TypeError(msg)  # pragma: no cover


# The wire's rules for decimals (io's DECIMAL_PATTERN: no "-0", at most MAX_DECIMAL_CHARS
# characters), so that a table and a JSON file refuse the same strings.
_DECIMAL_RE = re.compile(DECIMAL_PATTERN)
_NEGATIVE_ZERO = re.compile(r"-0+(\.0+)?")
_QUARTER_RE = re.compile(r"([0-9]{4})Q([1-4])")

#: Marker for "no value to quote".
NOTHING: Final[Any] = object()


class Problem(Exception):
    """A value that cannot be read back (internal: turned into a line of a RecordError).

    *value*, when given, is the offending value: :meth:`line` quotes it (cut to a bounded
    length by :func:`veteran_services._checks.quote`) unless it is personal.
    """

    def __init__(self, column: str, message: str, value: Any = NOTHING) -> None:
        super().__init__(message)
        self.column = column
        self.message = message
        self.value = value

    def line(self, *, personal: bool) -> str:
        """The message, with the value quoted (or ``(value not shown)`` when *personal*)."""
        if self.value is NOTHING:
            return self.message
        if personal:
            return f"{self.message} (value not shown)"
        return f"{self.message} (got {quote(self.value)})"


def format_decimal(value: Decimal) -> str:
    """A decimal in plain notation with every digit kept (``'5292.50'``), as the wire has it."""
    text = str(value)
    return format(value, "f") if "E" in text or "e" in text else text


Encoder = Callable[[Any], Any]
Decoder = Callable[[Any, str], Any]


@attrs.frozen
class Leaf:
    """One column: its dotted name, Arrow type, how to get it from a record, how to read it.

    ``get`` takes the parent record (already known not to be None); ``read`` turns the Arrow
    value back into the model's value (raising :class:`Problem`).
    """

    name: str
    type: pa.DataType
    get: Encoder
    read: Decoder


# --- scalar conversions -----------------------------------------------------------------------


def _same(value: Any) -> Any:
    return value


def _check_type(expected: type[Any], what: str) -> Decoder:
    # the JSON readers' messages: "must be a string", "must be a whole number", ...
    def read(value: Any, column: str) -> Any:
        if value is None or type(value) is expected:
            return value
        raise Problem(column, f"must be {what}", value)

    return read


def _read_decimal(value: Any, column: str) -> Any:
    if value is None:
        return None
    if type(value) is str:
        if len(value) > MAX_DECIMAL_CHARS:
            message = f"must be a decimal number of at most {MAX_DECIMAL_CHARS} characters"
            raise Problem(column, message, value)
        if _DECIMAL_RE.fullmatch(value):
            return Decimal(value)
        if _NEGATIVE_ZERO.fullmatch(value):
            raise Problem(column, "must not be negative zero (write 0)", value)
        raise Problem(column, "must be a decimal number", value)
    if type(value) in (int, float):
        raise Problem(column, "must be a decimal number written as a string", value)
    raise Problem(column, "must be a decimal number", value)


def _read_date(value: Any, column: str) -> Any:
    if value is None or type(value) is date:
        return value
    raise Problem(column, "must be a date", value)


def _read_quarter(value: Any, column: str) -> Any:
    if value is None:
        return None
    match = _QUARTER_RE.fullmatch(value) if type(value) is str else None
    if match is None:
        raise Problem(column, "must be a quarter written like '2024Q1'", value)
    return Quarter(year=int(match.group(1)), quarter=int(match.group(2)))


def _enum_reader(enum: type[Enum]) -> Decoder:
    members = {member.value: member for member in enum}
    allowed = ", ".join(repr(v) for v in members)

    def read(value: Any, column: str) -> Any:
        if value is None:
            return None
        try:
            return members[value]
        except (KeyError, TypeError):
            raise Problem(column, f"must be one of {allowed}", value) from None

    return read


def _enum_value(member: Any) -> Any:
    return member.value


def _scalar(tp: Any) -> tuple[pa.DataType, Encoder, Decoder] | None:
    """Arrow type, encoder and decoder of a plain value type, or None if *tp* is not one."""
    if tp is str:
        return pa.string(), _same, _check_type(str, "a string")
    if tp is bool:
        return pa.bool_(), _same, _check_type(bool, "true or false")
    if tp is int:
        return pa.int64(), _same, _check_type(int, "a whole number")
    if tp is float:
        return pa.float64(), _same, _read_float
    if tp is Decimal:
        return pa.string(), format_decimal, _read_decimal
    if tp is date:
        return pa.date32(), _same, _read_date
    if tp is Quarter:
        return pa.string(), str, _read_quarter
    if isinstance(tp, type) and issubclass(tp, Enum):
        return pa.string(), _enum_value, _enum_reader(tp)
    return None


def _read_float(value: Any, column: str) -> Any:
    # as the JSON readers: a float, or a whole number (an integer column), finite
    if value is None:
        return None
    if type(value) is float:
        if math.isfinite(value):
            return value
        raise Problem(column, "must be a finite number", value)
    if type(value) is int:
        return float(value)
    raise Problem(column, "must be a number", value)


# --- type introspection -----------------------------------------------------------------------


def _optional_of(tp: Any) -> tuple[Any, bool]:
    """(the type without None, whether None was allowed)."""
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = typing.get_args(tp)
        rest = tuple(a for a in args if a is not type(None))
        if len(rest) < len(args):
            inner = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007
            return inner, True
    return tp, False


def _is_union(tp: Any) -> bool:
    return isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _fields(cls: type[Any]) -> tuple[attrs.Attribute[Any], ...]:
    return tuple(a for a in attrs.fields(cls) if a.init)


# --- leaves -------------------------------------------------------------------------------------


def _nested(prefix: str, getter: Encoder, cls: Any, optional: bool) -> list[Leaf]:
    """The leaves of a nested record reached through *getter* (None-safe when *optional*)."""
    inner = _record_leaves(cls, include_personal=True)
    leaves: list[Leaf] = []
    if optional and not any(a.default is attrs.NOTHING for a in _fields(cls)):
        leaves.append(Leaf(prefix, pa.bool_(), lambda r: getter(r) is not None, _presence))
    for leaf in inner:
        get = leaf.get

        def nested_get(r: Any, get: Encoder = get) -> Any:
            parent = getter(r)
            return None if parent is None else get(parent)

        leaves.append(Leaf(f"{prefix}.{leaf.name}", leaf.type, nested_get, leaf.read))
    return leaves


def _presence(value: Any, column: str) -> Any:
    return _check_type(bool, "true or false")(value, column)


def _collection(tp: Any) -> tuple[Any, bool] | None:
    """(element type, is a set) of ``tuple[X, ...]`` or ``frozenset[X]``, else None."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0], False
    if origin is frozenset and len(args) == 1:
        return args[0], True
    return None


def _field_leaves(name: str, tp: Any, getter: Encoder) -> list[Leaf]:
    inner, optional = _optional_of(tp)
    scalar = _scalar(inner)
    if scalar is not None:
        arrow_type, encode, decode = scalar
        if encode is _same:
            get = getter
        else:

            def get(r: Any, encode: Encoder = encode) -> Any:
                value = getter(r)
                return None if value is None else encode(value)

        return [Leaf(name, arrow_type, get, decode)]
    if inner == AnswerValue:
        return _answer_leaves(name, getter)
    if _is_union(inner) and all(attrs.has(a) for a in typing.get_args(inner)):
        return _union_leaves(name, getter)
    if attrs.has(inner):
        return _nested(name, getter, inner, optional)
    collection = _collection(inner)
    if collection is not None:
        element, is_set = collection
        return [_list_leaf(name, element, is_set, getter, optional)]
    msg = f"no column layout for field {name!r} of type {tp!r}"
    raise TypeError(msg)


def _list_leaf(name: str, element: Any, is_set: bool, getter: Encoder, optional: bool) -> Leaf:
    """A list column. An optional collection (``insurance``: None is "not recorded") is a
    null list when None, so that a null list and an empty one stay apart; a required one
    refuses a null list."""
    scalar = _scalar(element)
    if scalar is not None:
        arrow_type, encode, decode = scalar

        def get(r: Any) -> Any:
            given = getter(r)
            if given is None:
                return None
            values = [encode(v) for v in given]
            if is_set:
                values.sort()
            return values

        def read(value: Any, column: str) -> Any:
            if value is None:
                if optional:
                    return None
                raise Problem(column, "must be a list, got null")
            if type(value) is not list:
                raise Problem(column, "must be a list", value)
            items = [decode(v, column) for v in value]
            if any(v is None for v in items):
                raise Problem(column, "must not hold null values")
            return frozenset(items) if is_set else tuple(items)

        return Leaf(name, pa.list_(arrow_type), get, read)
    if attrs.has(element) and not is_set and not optional:
        parts = _record_leaves(element, include_personal=True)
        struct = pa.struct([pa.field(p.name, p.type) for p in parts])

        fast = _FAST_ITEMS.get(element)
        if fast is not None:

            def get_records(r: Any) -> Any:
                return [fast(item) for item in getter(r)]

        else:

            def get_records(r: Any) -> Any:
                return [{p.name: p.get(item) for p in parts} for item in getter(r)]

        def read_records(value: Any, column: str) -> Any:
            if value is None:
                raise Problem(column, "must be a list, got null")
            if type(value) is not list:
                raise Problem(column, "must be a list of records", value)
            for index, item in enumerate(value):
                if type(item) is not dict:
                    raise Problem(f"{column}[{index}]", "must be a record", item)
            return tuple(
                _build(element, item, f"{column}[{index}].") for index, item in enumerate(value)
            )

        return Leaf(name, pa.list_(struct), get_records, read_records)
    msg = f"no column layout for a collection of {element!r} ({name!r})"
    raise TypeError(msg)


def _union_leaves(name: str, getter: Encoder) -> list[Leaf]:
    """A tagged union of records (a question's scale): a kind column and every class's fields."""
    leaves = [
        Leaf(
            f"{name}.kind",
            pa.string(),
            lambda r: _KIND_OF_SCALE[type(getter(r))],
            _check_type(str, "a scale kind"),
        )
    ]
    seen: set[str] = set()
    classes: tuple[Any, ...] = tuple(SCALE_KINDS.values())  # (io's wire tags)
    for cls in classes:
        for leaf in _record_leaves(cls, include_personal=True):
            if leaf.name in seen:  # pragma: no cover - the scale classes share no field names
                msg = f"scale field {leaf.name!r} appears in two scale classes"
                raise TypeError(msg)
            seen.add(leaf.name)
            get = leaf.get

            def union_get(r: Any, get: Encoder = get, cls: type[Any] = cls) -> Any:
                value = getter(r)
                return get(value) if type(value) is cls else None

            leaves.append(Leaf(f"{name}.{leaf.name}", leaf.type, union_get, leaf.read))
    return leaves


def _answer_leaves(name: str, getter: Encoder) -> list[Leaf]:
    leaves = []
    for suffix, kind, arrow_type in _ANSWER_COLUMNS:

        def get(r: Any, kind: type[Any] = kind) -> Any:
            value = getter(r)
            if type(value) is not kind:
                return None
            return list(value) if kind is tuple else value

        leaves.append(Leaf(f"{name}.{suffix}", arrow_type, get, _ANSWER_READERS[kind]))
    return leaves


def _attribute_getter(name: str) -> Encoder:
    return operator.attrgetter(name)


_ANSWER_KEYS: Final[dict[Any, str]] = {
    kind: f"value.{suffix}" for suffix, kind, _ in _ANSWER_COLUMNS
}


def _answer_item(answer: Answer) -> dict[str, Any]:
    # Answers are the most numerous records (a dozen per response): one dict, no per-leaf
    # calls; the struct's other value fields are missing keys, which Arrow reads as null.
    value = answer.value
    kind = type(value)
    return {
        "question_id": answer.question_id,
        _ANSWER_KEYS[kind]: list(value) if isinstance(value, tuple) else value,
    }


_FAST_ITEMS: Final[dict[type[Any], Encoder]] = {Answer: _answer_item}


@cache
def _record_leaves(cls: Any, *, include_personal: bool) -> tuple[Leaf, ...]:
    hints = _hints(cls)
    encoded = _DICTIONARY_FIELDS.get(cls, frozenset())
    leaves: list[Leaf] = []
    for attribute in _fields(cls):
        if attribute.name == "personal" and cls is Veteran and not include_personal:
            continue
        field_leaves = _field_leaves(
            attribute.name, hints[attribute.name], _attribute_getter(attribute.name)
        )
        if attribute.name in encoded:
            field_leaves = [_dictionary_encoded(leaf) for leaf in field_leaves]
        leaves.extend(field_leaves)
    return tuple(leaves)


# --- building records back --------------------------------------------------------------------
#
# *path* is what goes before a column name in a problem: "" for a top-level record,
# "service[1]." inside the second item of a list of records.


def _build(cls: Any, row: Mapping[str, Any], path: str) -> Any:
    """A record of *cls* from *row* (dotted names → Arrow values), through its validators."""
    kwargs = _kwargs(cls, "", row, path)
    try:
        return cls(**kwargs)
    except (ValueError, TypeError) as error:
        raise Problem(path.rstrip("."), str(error)) from None


FieldReader = Callable[[Mapping[str, Any], str], Any]


def _kwargs(cls: Any, prefix: str, row: Mapping[str, Any], path: str) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for name, read in _plan(cls, prefix):
        value = read(row, path)
        if value is not _ABSENT:
            kwargs[name] = value
    return kwargs


@cache
def _plan(cls: Any, prefix: str) -> tuple[tuple[str, FieldReader], ...]:
    """How to read each field of *cls* from a row whose columns start with *prefix*."""
    hints = _hints(cls)
    plan: list[tuple[str, FieldReader]] = []
    for attribute in _fields(cls):
        name = attribute.name
        column = prefix + name
        tp, optional = _optional_of(hints[name])
        reader: FieldReader
        if _scalar(tp) is not None or _collection(tp) is not None:
            reader = _column_reader(column, _leaf_for(cls, name).read, attribute)
        elif tp == AnswerValue:

            def reader(row: Mapping[str, Any], path: str, column: str = column) -> Any:
                return _read_answer(column, row, path)

        elif _is_union(tp):

            def reader(row: Mapping[str, Any], path: str, column: str = column) -> Any:
                return _read_scale(column, row, path)

        else:

            def reader(
                row: Mapping[str, Any],
                path: str,
                column: str = column,
                tp: Any = tp,
                optional: bool = optional,
            ) -> Any:
                return _read_nested(tp, column, optional, row, path)

        plan.append((name, reader))
    return tuple(plan)


def _column_reader(column: str, read: Decoder, attribute: attrs.Attribute[Any]) -> FieldReader:
    required = attribute.default is attrs.NOTHING

    def reader(row: Mapping[str, Any], path: str) -> Any:
        try:
            value = row[column]
        except KeyError:
            if required:
                raise Problem(path + column, "is required but missing") from None
            return _ABSENT
        return read(value, path + column)

    return reader


_ABSENT: Any = object()


def _read_nested(
    cls: type[Any], column: str, optional: bool, row: Mapping[str, Any], path: str
) -> Any:
    prefix = column + "."
    names = [key for key in row if key.startswith(prefix)]
    if column in row:  # a presence column
        present = row[column]
        if present is None:
            raise Problem(path + column, "must be true or false, got null")
        if not present:
            stray = [n for n in names if row[n] is not None]
            if stray:
                raise Problem(path + stray[0], f"must be empty while {column!r} is false")
            return None
    elif not names:
        return _ABSENT
    elif optional and all(row[n] is None for n in names):
        return None
    kwargs = _kwargs(cls, prefix, row, path)
    try:
        return cls(**kwargs)
    except (ValueError, TypeError) as error:
        raise Problem(path + column, str(error)) from None


def _read_scale(column: str, row: Mapping[str, Any], path: str) -> Any:
    kind = row.get(f"{column}.kind")
    cls = SCALE_KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        allowed = ", ".join(repr(k) for k in SCALE_KINDS)
        raise Problem(f"{path}{column}.kind", f"must be one of {allowed}", kind)
    own = {f"{column}.{a.name}" for a in _fields(cls)}
    for key, value in row.items():
        stray = key.startswith(column + ".") and key != f"{column}.kind" and key not in own
        if stray and value is not None:
            raise Problem(path + key, f"must be empty for a {kind!r} scale")
    kwargs = _kwargs(cls, column + ".", row, path)
    try:
        return cls(**kwargs)
    except (ValueError, TypeError) as error:
        raise Problem(path + column, str(error)) from None


def _read_answer(column: str, row: Mapping[str, Any], path: str) -> Any:
    found = []
    for suffix, kind, _ in _ANSWER_COLUMNS:
        key = f"{column}.{suffix}"
        value = row.get(key)
        if value is None:
            continue
        found.append(_ANSWER_READERS[kind](value, path + key))
    if len(found) != 1:
        names = ", ".join(f"{column}.{s}" for s, _, _ in _ANSWER_COLUMNS)
        raise Problem(path + column, f"exactly one of {names} must be set, got {len(found)}")
    return found[0]


def _read_choices(value: Any, column: str) -> Any:
    if not all(type(v) is str for v in value):
        raise Problem(column, "must hold option strings", value)
    return tuple(value)


_ANSWER_READERS: Final[dict[type[Any], Decoder]] = {
    bool: _check_type(bool, "true or false"),
    int: _check_type(int, "a whole number"),
    float: _read_float,
    str: _check_type(str, "a string"),
    tuple: _read_choices,
}


@cache
def _leaf_for(cls: Any, name: str) -> Leaf:
    for leaf in _record_leaves(cls, include_personal=True):
        if leaf.name == name:
            return leaf
    msg = f"no column {name!r} for {cls.__name__}"  # pragma: no cover - a programming error
    raise KeyError(msg)


# --- public helpers -----------------------------------------------------------------------------


def layout(kind: str, *, include_personal: bool = False) -> tuple[Leaf, ...]:
    """The columns of record kind *kind*, in order."""
    cls: Any = KIND_CLASSES[kind]
    return _record_leaves(cls, include_personal=include_personal)


def schema(kind: str, *, include_personal: bool = False) -> pa.Schema:
    """The Arrow schema of record kind *kind*."""
    return pa.schema(
        [pa.field(leaf.name, leaf.type) for leaf in layout(kind, include_personal=include_personal)]
    )


def build_record(kind: str, row: Mapping[str, Any]) -> Any:
    """A record of *kind* from one row of its table (raises :class:`Problem`)."""
    return _build(KIND_CLASSES[kind], row, "")
