"""A caseload folder of JSON Lines read straight into Arrow tables: :func:`read_folder`.

How it works, kind by kind and block by block (32 MiB of lines at a time):

1. **Decode** every line with msgspec (the ``fast`` extra) into a *wire struct* of the
   record class, made once per class from its attrs fields: the wire's types (decimals held to
   io's :data:`~veteran_services.io.DECIMAL_PATTERN`, dates, enum values as literals, whole
   numbers within 64 bits), unknown keys refused, a missing key left unset. A struct is a
   short-lived C object (no attrs record, no validator, no converter runs); the block's
   structs are turned into one Python list per field at C speed (``map(attrgetter(...))``)
   and dropped with the block. A set (``insurance``) is sorted and its repeats dropped, as a
   frozenset is written.
2. **Check** the columns with the model's own rules: every validator of every field of the
   class (and of the records nested in it) is looked up once. A rule on one value
   (``identifier``, ``text``, the code lists, ``in_range``, ``Money``'s digits, ...) is *the
   model's validator itself*, called once per distinct value of the column (a column of
   occupation codes holds a few hundred; ``identifier`` is asked only about the ids that are
   not ASCII letters and digits, which its own first line takes). A rule the wire types
   already guarantee (an enum member, a date, a list) needs nothing. A rule across fields
   (``ended_on`` not before ``started_on``, ``end_reason`` only when ended, the order of
   service periods, ...) is a column predicate here (:data:`_ROW_RULES`), named after the
   model's validator it stands for. A class holding a validator this module does not know is
   read by the object reader (see 4), so a new rule in the model can never be skipped
   (``tests/columnar/test_read_folder.py`` lists which kinds are read the fast way). A key
   given twice (msgspec keeps the last one silently) is found by counting the colons of the
   block against the keys the structs hold, as io's fast reader does.
3. **Build** the Arrow arrays of the rows that passed, in exactly the layout of
   :func:`~veteran_services.columnar.to_arrow` (:func:`~veteran_services.columnar.arrow_schema`),
   keeping only the columns asked for.
4. **The object reader** (:class:`veteran_services.io.LineReader`, the cattrs path of
   :func:`~veteran_services.io.read_caseload`) reads every line that failed 1 or 2, and only
   those: a line it refuses gives its problems, in its words, with file and line; a line it
   takes after all (a decimal written ``"007"``, an escaped ``\\u`` character) is built as
   a record and put in its place, and a line of Unicode spaces it skips as blank. So the
   problems are the object reader's by construction, and a stricter check here only costs
   time. Read by the object reader line by line and turned into columns
   (``records_to_table``), the same tables at the object path's speed: a folder written with
   an older schema version (its records are migrated as dicts), the record kinds whose
   classes hold a rule this module does not know (``instruments`` and ``ventures`` today:
   question scales are tagged unions, a venture's support has a post-init check), a file
   that does not start like JSON Lines (a byte-order mark, a workbook) or holds a line longer
   than io reads, and every kind when msgspec is not installed.

Why msgspec and not ``pyarrow.json.read_json`` (measured on the 100,000-veteran city, 2.2
million records, ``benchmarks/bench_read_folder.py``, ``benchmarks/README.md``): pyarrow's
reader decodes the kinds it can read in 1.1 s of CPU against read_folder's 7.1 s for the same
kinds, and msgspec's decoding alone is more than half of read_folder's 12.4 s; but pyarrow's
reader refuses a bad block without naming its line (so the object reader could not be given
the failing lines only), keeps the last of a repeated key silently, cannot read an answer's
value (a number, true/false, text or a list, line by line: the responses are the largest
kind), and leaves decimals, dates, enums, ids and codes as text needing the same checks after
it. The object path (records, then to_arrow) takes 30.2 s and 3.3 GB on the same folder,
read_folder 772 MB; a million veterans 124 s and 4.15 GB.
"""

from __future__ import annotations

import re
import types
import typing
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from importlib.util import find_spec
from itertools import accumulate, chain
from operator import attrgetter
from pathlib import Path
from typing import Annotated, Any, Final, Literal, Union

import attrs
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from veteran_services._checks import checked
from veteran_services._gc import paused_gc
from veteran_services.columnar._convert import _check_kind, arrow_schema, records_to_table
from veteran_services.columnar._layout import _read_quarter, format_decimal
from veteran_services.columnar._parquet import MANIFEST_FORMAT as PARQUET_FORMAT
from veteran_services.columnar._parquet import projected_schema, read_tables
from veteran_services.errors import InvalidInputError, RecordError
from veteran_services.io import (
    BLANK,
    DECIMAL_PATTERN,
    KIND_CLASSES,
    MAX_DECIMAL_CHARS,
    SCHEMA_VERSION,
    LineReader,
    count_problem,
    decode_json,
    kind_file,
    open_caseload,
    personal_problem,
)
from veteran_services.model import (
    ANSWERING_DISPOSITIONS,
    NO_TERM_CONTRACTS,
    RECORD_KINDS,
    AnswerValue,
    EnrolmentOutcome,
    Quarter,
    Veteran,
)

__all__ = ["FAST_KINDS", "read_folder"]

_HAS_MSGSPEC: Final = find_spec("msgspec") is not None

#: Bytes read at a time (whole lines: the last partial line waits for the next block).
_BLOCK: Final = 32 * 2**20
#: The longest line read (io's limit): a longer one sends the kind to the object reader,
#: which reports it.
_MAX_LINE: Final = 16 * 2**20

#: A JSON string, escapes and all (io's fast reader counts keys with it).
_STRING: Final = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


class _Unsupported(Exception):
    """A class (or a rule of it) the fast path does not read: its kind goes the object way."""


# --- the rules of the model, looked up once per class -------------------------------------
#
# Validators are recognised by module and name (columnar may not import the model's private
# modules, as io's fast reader recognises converters).

_M = "veteran_services.model"

#: Rules the wire struct already guarantees: a value of the right type or enum, a list.
_TYPED: Final = frozenset(
    {
        (f"{_M}._validators", "a_collection"),
        (f"{_M}._validators", "a_date"),
        (f"{_M}._validators", "records_of.<locals>.validate"),
        (f"{_M}._validators", "check_type.<locals>.validate"),
        (f"{_M}._validators", "enum_member.<locals>.validate"),
        (f"{_M}.people", "Veteran._exclusions"),
        (f"{_M}.people", "Veteran._livelihoods"),
        (f"{_M}.people", "Veteran._personal"),
        # a number (msgspec refuses one beyond a float's range; JSON has no NaN), true/false,
        # text or a list of texts: the wire type of an answer's value
        (f"{_M}.surveys", "_answer_value"),
    }
)

#: Rules on one value, whatever the rest of the record: called once per distinct value.
_VALUE: Final = frozenset(
    {
        (f"{_M}._validators", "identifier"),
        (f"{_M}._validators", "text"),
        (f"{_M}._validators", "in_range.<locals>.validate"),
        (f"{_M}._codes", "occupation_code"),
        (f"{_M}._codes", "industry_code"),
        (f"{_M}.money", "_amount"),
        (f"{_M}.money", "_currency"),
        (f"{_M}.ventures", "_signed_decimal"),
        (f"{_M}.surveys", "_weight"),
        (f"{_M}.people", "ServicePeriod._whole_rating"),
        (f"{_M}.people", "PersonalDetails._string_or_none"),
    }
)

#: The converters whose result the wire struct already is (a list read as a tuple or set).
_CONVERTERS: Final = frozenset(
    {
        (f"{_M}._validators", "to_tuple"),
        (f"{_M}._validators", "to_frozenset"),
        (f"{_M}.surveys", "_freeze"),
    }
)


def _name(function: Any) -> tuple[str | None, str | None]:
    return getattr(function, "__module__", None), getattr(function, "__qualname__", None)


def _cell(function: Any, name: str) -> Any:
    """The value *name* a validator closes over (``in_range``'s bounds, ``not_before``'s field)."""
    names = function.__code__.co_freevars
    return function.__closure__[names.index(name)].cell_contents


def _parts(validator: Any) -> list[Any]:
    """The validators *validator* is made of (attrs joins a field's list with ``and_``)."""
    if validator is None:
        return []
    inner = getattr(validator, "_validators", None)
    if inner is not None and type(validator).__name__ == "_AndValidator":
        return [part for item in inner for part in _parts(item)]
    return [validator]


# --- the plan of a class: its wire struct, its fields, its rules --------------------------


@attrs.define(eq=False)
class _Field:
    name: str
    attribute: Any
    #: "scalar", "values" (a list of plain values), "record" (one nested record),
    #: "records" (a list of them) or "answer" (an answer's value)
    shape: str
    #: for scalars and list elements: "str", "int", "float", "bool", "date", "decimal",
    #: "quarter" or "enum"
    scalar: str | None
    optional: bool
    required: bool
    default: Any
    is_set: bool = False
    enum: Any = None
    plan: _Plan | None = None
    #: (validator, applies to each element of a list)
    value_rules: list[tuple[Any, bool]] = attrs.Factory(list)


@attrs.define(eq=False)
class _Plan:
    cls: Any
    fields: list[_Field]
    struct: Any = None
    #: rules across fields: (field name, rule) with rule(frame) -> indices of bad rows
    row_rules: list[tuple[str, Callable[[_Frame], Iterable[int]]]] = attrs.Factory(list)
    #: an optional nested record none of whose fields is required gets a presence column
    presence: bool = False


_INT64: Final = (-(2**63), 2**63 - 1)


def _scalar_of(tp: Any) -> tuple[str, Any] | None:
    if tp is str:
        return "str", str
    if tp is bool:
        return "bool", bool
    if tp is int:
        import msgspec

        return "int", Annotated[int, msgspec.Meta(ge=_INT64[0], le=_INT64[1])]
    if tp is float:
        return "float", float
    if tp is date:
        return "date", date
    if tp is Decimal:
        import msgspec

        meta = msgspec.Meta(pattern=DECIMAL_PATTERN, max_length=MAX_DECIMAL_CHARS)
        return "decimal", Annotated[str, meta]
    if tp is Quarter:
        return "quarter", str
    if isinstance(tp, type) and issubclass(tp, Enum):
        values = tuple(member.value for member in tp)
        if not all(type(value) is str for value in values):
            raise _Unsupported(tp)
        return "enum", Literal[values]
    return None


def _optional_of(tp: Any) -> tuple[Any, bool]:
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is Union:
        args = typing.get_args(tp)
        rest = tuple(a for a in args if a is not type(None))
        if len(rest) < len(args):
            if len(rest) != 1:
                return Union[rest], True  # noqa: UP007 - built from a runtime tuple
            return rest[0], True
    return tp, False


def _wire_default(field: _Field, attribute: Any) -> Any:
    default = attribute.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:  # pragma: no cover - no field of the model does
            raise _Unsupported(attribute.name)
        default = default.factory()
    if default is None:
        return None
    if field.shape == "values":
        values = [_plain(v) for v in default]
        return sorted(values) if field.is_set else values
    if field.shape == "records":
        if default:
            raise _Unsupported(attribute.name)
        return []
    if field.shape == "record":
        raise _Unsupported(attribute.name)
    return _plain(default)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, Quarter):
        return str(value)
    return value


@cache
def _plan(cls: Any) -> _Plan:
    """The plan of *cls* (cached); :class:`_Unsupported` when the fast path cannot read it."""
    import msgspec

    if getattr(cls, "__attrs_post_init__", None) is not None:
        raise _Unsupported(cls)
    hints = typing.get_type_hints(cls)
    fields: list[_Field] = []
    wire: list[tuple[Any, ...]] = []
    for attribute in attrs.fields(cls):
        if not attribute.init or attribute.alias != attribute.name:
            raise _Unsupported(attribute.name)
        converter = attribute.converter
        if converter is not None:
            cells: tuple[Any, ...] = getattr(converter, "__closure__", None) or ()
            wrapper = ("attr.converters", "optional.<locals>.optional_converter")
            if _name(converter) == wrapper and len(cells) == 1:
                converter = cells[0].cell_contents
            if _name(converter) not in _CONVERTERS:
                raise _Unsupported(attribute.name)
        inner, optional = _optional_of(hints[attribute.name])
        field, wire_type = _field(attribute, inner, optional)
        field.default = (
            None if attribute.default is attrs.NOTHING else _wire_default(field, attribute)
        )
        fields.append(field)
        if optional:
            wire_type = wire_type | None
        if field.required:  # a missing key is a decoding failure: the object reader says so
            wire.append((attribute.name, wire_type))
        else:
            wire.append((attribute.name, wire_type | msgspec.UnsetType, msgspec.UNSET))
    plan = _Plan(cls=cls, fields=fields)
    plan.struct = msgspec.defstruct(
        f"_Wire{cls.__name__}", wire, forbid_unknown_fields=True, kw_only=True
    )
    if plan.struct.__struct_fields__ != tuple(f.name for f in fields):  # pragma: no cover
        raise _Unsupported(cls)
    plan.presence = not any(f.required for f in fields)
    for field in fields:
        _rules(plan, field)
    return plan


def _field(attribute: Any, tp: Any, optional: bool) -> tuple[_Field, Any]:
    required = attribute.default is attrs.NOTHING
    common = {"name": attribute.name, "attribute": attribute, "optional": optional}
    if tp == AnswerValue:
        import msgspec

        number = Annotated[int, msgspec.Meta(ge=_INT64[0], le=_INT64[1])]
        wire = Union[bool, number, float, str, list[str]]  # noqa: UP007
        field = _Field(**common, shape="answer", scalar=None, required=required, default=None)
        return field, wire
    scalar = _scalar_of(tp)
    if scalar is not None:
        field = _Field(
            **common,
            shape="scalar",
            scalar=scalar[0],
            required=required,
            default=None,
            enum=tp if scalar[0] == "enum" else None,
        )
        return field, scalar[1]
    if isinstance(tp, type) and attrs.has(tp):
        plan = _plan(tp)
        field = _Field(**common, shape="record", scalar=None, required=required, default=None)
        field.plan = plan
        return field, plan.struct
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (tuple, frozenset) and (origin is frozenset or args[1:] == (Ellipsis,)):
        element = args[0]
        scalar = _scalar_of(element)
        if scalar is not None:
            field = _Field(
                **common,
                shape="values",
                scalar=scalar[0],
                required=required,
                default=None,
                is_set=origin is frozenset,
                enum=element if scalar[0] == "enum" else None,
            )
            return field, list[scalar[1]]  # type: ignore[valid-type]
        if origin is tuple and isinstance(element, type) and attrs.has(element) and not optional:
            plan = _plan(element)
            field = _Field(**common, shape="records", scalar=None, required=required, default=None)
            field.plan = plan
            return field, list[plan.struct]  # type: ignore[name-defined]
    raise _Unsupported(tp)


def _rules(plan: _Plan, field: _Field) -> None:
    """Sort the validators of *field* into value rules and row rules (or refuse the class)."""
    pending = [(v, False) for v in _parts(field.attribute.validator)]
    while pending:
        validator, each = pending.pop()
        name = _name(validator)
        qualname = name[1] or ""
        if name in _TYPED:
            continue
        if qualname.startswith("optional.<locals>."):
            names = validator.__code__.co_freevars
            inner = _cell(validator, "only" if "only" in names else "validators")
            items = [inner] if "only" in names else list(inner)
            pending.extend((item, each) for item in items for item in _parts(item))
            continue
        if qualname == "each.<locals>.validate":
            pending.extend((item, True) for item in _parts(_cell(validator, "validator")))
            continue
        if name in _VALUE:
            field.value_rules.append((validator, each))
            continue
        if each:
            raise _Unsupported(qualname)
        if qualname == "not_before.<locals>.validate":
            plan.row_rules.append((field.name, _not_before(field.name, _cell(validator, "other"))))
            continue
        if qualname == "non_empty":
            plan.row_rules.append((field.name, _non_empty(field.name)))
            continue
        rule = _ROW_RULES.get((name[0] or "", qualname))
        if rule is None:
            raise _Unsupported(qualname)
        plan.row_rules.append((field.name, rule))


# --- the model's rules across fields, as column predicates (each names its validator) -----


class _Parents:
    """The row each item of the lists of records of a column belongs to, from the lists'
    offsets (item ``i`` belongs to the row whose list holds it)."""

    def __init__(self, offsets: list[int]) -> None:
        self.offsets = offsets

    def __getitem__(self, item: int) -> int:
        return bisect_right(self.offsets, item) - 1


@attrs.define
class _Frame:
    """The decoded values of some records of one class: a list per field (wire values)."""

    n: int
    columns: dict[str, list[Any]]
    #: for nested records: the child frame and, per child row, the row it belongs to
    children: dict[str, tuple[_Frame, Any]]


def _not_before(name: str, other: str) -> Callable[[_Frame], Iterable[int]]:
    def rule(frame: _Frame) -> Iterable[int]:
        pairs = zip(frame.columns[name], frame.columns[other], strict=True)
        return [i for i, (v, o) in enumerate(pairs) if v is not None and o is not None and v < o]

    return rule


def _non_empty(name: str) -> Callable[[_Frame], Iterable[int]]:
    def rule(frame: _Frame) -> Iterable[int]:
        return [i for i, v in enumerate(frame.columns[name]) if not v]

    return rule


def _occupation_or_title(frame: _Frame) -> Iterable[int]:
    # Placement._occupation_or_title: an ISCO-08 code or the title as written
    pairs = zip(frame.columns["occupation_title"], frame.columns["occupation"], strict=True)
    return [i for i, (t, o) in enumerate(pairs) if t is None and o is None]


def _reason_only_when_ended(frame: _Frame) -> Iterable[int]:
    # Placement._reason_only_when_ended
    pairs = zip(frame.columns["end_reason"], frame.columns["ended_on"], strict=True)
    return [i for i, (r, e) in enumerate(pairs) if r is not None and e is None]


_NO_TERM: Final = frozenset(c.value for c in NO_TERM_CONTRACTS)


def _months_only_for_term_contracts(frame: _Frame) -> Iterable[int]:
    # Placement._months_only_for_term_contracts
    pairs = zip(frame.columns["contract_months"], frame.columns["contract"], strict=True)
    return [i for i, (m, c) in enumerate(pairs) if m is not None and c in _NO_TERM]


def _in_progress_exactly_when_open(frame: _Frame) -> Iterable[int]:
    # training._in_progress_exactly_when_open
    running = EnrolmentOutcome.IN_PROGRESS.value
    pairs = zip(frame.columns["ended_on"], frame.columns["outcome"], strict=True)
    return [i for i, (e, o) in enumerate(pairs) if (e is None) != (o == running)]


def _only_when_ended(frame: _Frame) -> Iterable[int]:
    # training._only_when_ended
    pairs = zip(frame.columns["exit_reason"], frame.columns["ended_on"], strict=True)
    return [i for i, (r, e) in enumerate(pairs) if r is not None and e is None]


def _items(frame: _Frame, name: str, column: str) -> list[list[Any]]:
    """Per row of *frame*, the values of *column* of its list of records *name* (checked,
    defaults filled in)."""
    child, parents = frame.children[name]
    values = child.columns[column]
    offsets = parents.offsets
    return [values[offsets[i] : offsets[i + 1]] for i in range(frame.n)]


def _born_before_service(frame: _Frame) -> Iterable[int]:
    # Veteran._born_before_service
    starts = _items(frame, "service", "start")
    pairs = zip(frame.columns["birth_date"], starts, strict=True)
    return [
        i
        for i, (b, s) in enumerate(pairs)
        if b is not None and s and (type(s[0]) is not date or b >= s[0])
    ]


def _registered_after_birth(frame: _Frame) -> Iterable[int]:
    # Veteran._registered_after_birth
    pairs = zip(frame.columns["registered_on"], frame.columns["birth_date"], strict=True)
    return [i for i, (r, b) in enumerate(pairs) if r is not None and b is not None and r < b]


def _periods_in_order(frame: _Frame) -> Iterable[int]:
    # people._periods_in_order: periods in order, none overlapping, only the last open
    starts = _items(frame, "service", "start")
    ends = _items(frame, "service", "end")
    bad = []
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        for index in range(1, len(start)):
            earlier, later = end[index - 1], start[index]
            if type(later) is not date or earlier is None or type(earlier) is not date:
                bad.append(i)
                break
            if later <= earlier:
                bad.append(i)
                break
    return bad


_ANSWERING: Final = frozenset(d.value for d in ANSWERING_DISPOSITIONS)


def _answers(frame: _Frame) -> Iterable[int]:
    # surveys._answers: each question once; answers only from an answering disposition
    child, _ = frame.children["answers"]
    questions = child.columns["question_id"]
    bad = []
    offset = 0
    pairs = zip(frame.columns["answers"], frame.columns["disposition"], strict=True)
    for i, (answers, disposition) in enumerate(pairs):
        count = len(answers)
        if count and (
            disposition not in _ANSWERING or len(set(questions[offset : offset + count])) != count
        ):
            bad.append(i)
        offset += count
    return bad


#: The model's validators across fields and their column predicates here.
_ROW_RULES: Final[dict[tuple[str, str], Callable[[_Frame], Iterable[int]]]] = {
    (f"{_M}.employment", "Placement._occupation_or_title"): _occupation_or_title,
    (f"{_M}.employment", "Placement._reason_only_when_ended"): _reason_only_when_ended,
    (f"{_M}.employment", "Placement._months_only_for_term_contracts"): (
        _months_only_for_term_contracts
    ),
    (f"{_M}.training", "_in_progress_exactly_when_open"): _in_progress_exactly_when_open,
    (f"{_M}.training", "_only_when_ended"): _only_when_ended,
    (f"{_M}.people", "Veteran._born_before_service"): _born_before_service,
    (f"{_M}.people", "Veteran._registered_after_birth"): _registered_after_birth,
    (f"{_M}.people", "_periods_in_order"): _periods_in_order,
    (f"{_M}.surveys", "_answers"): _answers,
}


# --- decoded structs into columns, checked -------------------------------------------------


def _frame(plan: _Plan, structs: list[Any]) -> tuple[_Frame, int]:
    """The columns of *structs* and the number of keys they were decoded from."""
    import msgspec

    unset = msgspec.UNSET
    n = len(structs)
    columns: dict[str, list[Any]] = {}
    children: dict[str, tuple[_Frame, Any]] = {}
    keys = 0
    for field in plan.fields:
        column = list(map(attrgetter(field.name), structs))  # in C, 15 × zip(*astuple)
        keys += n if field.required else n - column.count(unset)
        columns[field.name] = column
        if field.shape == "record":
            rows = [i for i, v in enumerate(column) if v is not None and v is not unset]
            child, inside = _frame(field.plan, [column[i] for i in rows])  # type: ignore[arg-type]
            children[field.name] = (child, rows)
            keys += inside
        elif field.shape == "records":
            lists = (
                [() if v is unset else v for v in column] if field.default is not None else column
            )
            child, inside = _frame(field.plan, list(chain.from_iterable(lists)))  # type: ignore[arg-type]
            children[field.name] = (child, _Parents(list(accumulate(map(len, lists), initial=0))))
            keys += inside
    return _Frame(n=n, columns=columns, children=children), keys


def _keys(plan: _Plan, struct: Any) -> int:
    """The keys one struct was decoded from (for a line whose colons do not add up)."""
    import msgspec

    keys = 0
    for field, value in zip(plan.fields, msgspec.structs.astuple(struct), strict=True):
        if value is msgspec.UNSET:
            continue
        keys += 1
        if field.shape == "record" and value is not None:
            keys += _keys(field.plan, value)  # type: ignore[arg-type]
        elif field.shape == "records":
            inner: Any = field.plan
            keys += sum(_keys(inner, item) for item in value)
    return keys


def _distinct_bad(column: list[Any], good: Callable[[Any], bool]) -> list[int]:
    """The rows of *column* whose value *good* refuses (asked once per distinct value)."""
    try:
        distinct = set(column)
    except TypeError:  # lists: as tuples
        column = [tuple(v) if type(v) is list else v for v in column]
        distinct = set(column)
    if isinstance(good, _Passes):
        refused = good.refused(distinct)
    else:
        refused = {v for v in distinct if v is not None and not good(v)}
    if not refused:
        return []
    return [i for i, v in enumerate(column) if v in refused]


_IDENTIFIER: Final = (f"{_M}._validators", "identifier")


def _not_plain_ids(values: Iterable[Any]) -> list[Any]:
    """The values that are not ASCII letters and digits alone: ``identifier`` takes every
    other str at its first line (``value.isascii() and value.isalnum()``), so only these need
    the call; Arrow's ``ascii_is_alnum`` and ``string_is_ascii`` say the same of each str
    (an empty one included), for a column at a time."""
    given = [v for v in values if v is not None]
    try:
        array = pa.array(given, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # pragma: no cover - the wire type is str
        return given
    plain = pc.and_(pc.string_is_ascii(array), pc.ascii_is_alnum(array))
    return array.filter(pc.invert(plain)).to_pylist()  # type: ignore[no-any-return]


class _Passes:
    """Whether a value passes one of the model's validators (given the converted value)."""

    def __init__(self, rule: Any, attribute: Any, convert: Callable[[Any], Any] | None) -> None:
        self.rule = rule
        self.attribute = attribute
        self.convert = convert

    def __call__(self, value: Any) -> bool:
        try:
            self.rule(None, self.attribute, value if self.convert is None else self.convert(value))
        except Exception:  # the object reader says what is wrong
            return False
        return True

    def refused(self, values: Iterable[Any]) -> set[Any]:
        """The values the validator refuses (one try around the loop, not one per value)."""
        rule, attribute, convert = self.rule, self.attribute, self.convert
        if _name(rule) == _IDENTIFIER and convert is None:
            values = _not_plain_ids(values)
        refused: set[Any] = set()
        remaining = iter(values)
        value: Any = None
        while True:
            try:
                if convert is None:
                    for value in remaining:
                        if value is not None:
                            rule(None, attribute, value)
                else:
                    for value in remaining:
                        if value is not None:
                            rule(None, attribute, convert(value))
            except Exception:  # the object reader says what is wrong
                refused.add(value)
            else:
                return refused


def _canonical_decimal(value: str) -> bool:
    # to_arrow writes the decimal the record holds: "007" is read as 7 and written "7"
    return format_decimal(Decimal(value)) == value


def _quarter(value: str) -> bool:
    try:
        quarter = _read_quarter(value, "")  # the layout's reader of "2024Q1", validators run
    except Exception:  # the object reader says what is wrong
        return False
    return str(quarter) == value


def _converter(field: _Field) -> Callable[[Any], Any] | None:
    """The value a validator of *field* is given, from the wire value (one element of a list
    for a rule on each element)."""
    if field.scalar == "decimal":
        return Decimal
    if field.scalar == "enum":
        return field.enum  # type: ignore[no-any-return]
    if field.shape == "values":
        return frozenset if field.is_set else tuple
    if field.shape == "answer":
        return None  # lists of choices are tuples already (see _distinct_bad)
    return None


def _element_converter(field: _Field) -> Callable[[Any], Any] | None:
    if field.scalar == "decimal":
        return Decimal
    if field.scalar == "enum":
        return field.enum  # type: ignore[no-any-return]
    return None


def _check(plan: _Plan, frame: _Frame) -> set[int]:
    """The rows of *frame* the model would refuse (or this reader cannot vouch for); unset
    values are replaced by the fields' defaults on the way."""
    import msgspec

    unset = msgspec.UNSET
    bad: set[int] = set()
    for field in plan.fields:
        column = frame.columns[field.name]
        if not field.required and column.count(unset):
            default = field.default
            fresh = field.shape in ("values", "records")
            column[:] = [
                (list(default) if fresh and default is not None else default) if v is unset else v
                for v in column
            ]
        if field.shape == "values" and field.is_set:
            column[:] = [
                v if v is None or len(v) < 2 else sorted(set(v))  # as a frozenset is written
                for v in column
            ]
        scalar = field.scalar
        if field.shape == "scalar":
            if scalar == "decimal":
                bad.update(_distinct_bad(column, _canonical_decimal))
            elif scalar == "quarter":
                bad.update(_distinct_bad(column, _quarter))
        elif field.shape == "values" and scalar in ("decimal", "quarter"):
            bad.update(_values_bad(column, scalar))
        for rule, each in field.value_rules:
            if each:
                good = _Passes(rule, field.attribute, _element_converter(field))
                bad.update(_values_bad(column, None, good))
            else:
                good = _Passes(rule, field.attribute, _converter(field))
                bad.update(_distinct_bad(column, good))
        if field.shape in ("record", "records"):
            child, rows = frame.children[field.name]
            bad.update(rows[i] for i in _check(field.plan, child))  # type: ignore[arg-type]
    for _, rule in plan.row_rules:
        bad.update(rule(frame))
    return bad


def _values_bad(
    column: list[Any], scalar: str | None, good: Callable[[Any], bool] | None = None
) -> list[int]:
    """The rows of a column of lists holding an element *good* refuses."""
    if good is None:
        good = {"decimal": _canonical_decimal, "quarter": _quarter}[scalar or ""]
    distinct = {item for v in column if v is not None for item in v}
    if isinstance(good, _Passes):
        refused = good.refused(distinct)
    else:
        refused = {item for item in distinct if not good(item)}
    if not refused:
        return []
    return [i for i, v in enumerate(column) if v is not None and not refused.isdisjoint(v)]


# --- columns into Arrow arrays, in to_arrow's layout --------------------------------------


def _arrays(plan: _Plan, frame: _Frame, top: bool) -> list[tuple[str, pa.Array | None]]:
    """``(column name, array)`` of every column of *plan*'s layout; the array is None where
    the caller gives the type (see :func:`_typed`)."""
    out: list[tuple[str, Any]] = []
    for field in plan.fields:
        if top and plan.cls is Veteran and field.name == "personal":
            continue  # the layout without personal details (to_arrow's default)
        column = frame.columns[field.name]
        if field.shape in ("scalar", "values"):
            out.append((field.name, column))
        elif field.shape == "answer":
            kinds = list(map(type, column))
            present = set(kinds)
            for key, kind in (
                ("boolean", bool),
                ("integer", int),
                ("number", float),
                ("text", str),
                ("choices", list),
            ):
                if kind not in present:
                    out.append((f"{field.name}.{key}", ("nulls", len(column))))
                else:
                    values = [v if t is kind else None for v, t in zip(column, kinds, strict=True)]
                    out.append((f"{field.name}.{key}", values))
        elif field.shape == "record":
            child, rows = frame.children[field.name]
            inner = _arrays(field.plan, child, False)  # type: ignore[arg-type]
            if field.optional and field.plan.presence:  # type: ignore[union-attr]
                out.append((field.name, [v is not None for v in column]))
            where: list[int | None] = [None] * frame.n
            for position, row in enumerate(rows):
                where[row] = position
            out.extend((f"{field.name}.{name}", ("take", values, where)) for name, values in inner)
        else:  # records
            child, _ = frame.children[field.name]
            inner = _arrays(field.plan, child, False)  # type: ignore[arg-type]
            offsets = [0, *accumulate(len(v) for v in column)]
            out.append((field.name, ("list", inner, offsets)))
    return out


def _typed(value: Any, tp: pa.DataType) -> pa.Array:
    """An array of *tp* from what :func:`_arrays` gave for one column."""
    if isinstance(value, tuple) and value[0] == "take":
        _, values, where = value
        inner = _typed(values, tp)
        return inner.take(pa.array(where, type=pa.int64()))
    if isinstance(value, tuple) and value[0] == "nulls":
        return pa.nulls(value[1], type=tp)
    if isinstance(value, tuple) and value[0] == "list":
        _, inner, offsets = value
        struct_type = tp.value_type
        children = [_typed(values, struct_type.field(name).type) for name, values in inner]
        items = pa.StructArray.from_arrays(children, fields=list(struct_type))
        return pa.ListArray.from_arrays(pa.array(offsets, type=pa.int32()), items, type=tp)
    return pa.array(value, type=tp)


def _table(kind: str, plan: _Plan, frame: _Frame, keep: list[int] | None) -> pa.Table:
    schema = arrow_schema(kind)
    pairs = _arrays(plan, frame, True)
    names = [name for name, _ in pairs]
    if names != schema.names:  # pragma: no cover - the layout and this reader disagree
        msg = f"read_folder's columns for {kind!r} differ from the layout: {names}"
        raise AssertionError(msg)
    arrays = [_typed(value, schema.field(name).type) for name, value in pairs]
    table = pa.Table.from_arrays(arrays, schema=schema)
    if keep is not None:
        table = table.take(pa.array(keep, type=pa.int64()))
    return table


# --- one kind's file ------------------------------------------------------------------------


@attrs.define
class _Kind:
    """What reading one kind's file gave."""

    parts: list[pa.Table]
    lines: int = 0
    personal: int = 0
    #: a record the object reader took that has no columns (a whole number beyond 64 bits):
    #: raised as to_arrow raises it, unless the folder has problems
    error: InvalidInputError | None = None

    def add(self, kind: str, records: list[Any], columns: Sequence[str] | None) -> None:
        """Add *records* (read by the object reader) as a table."""
        try:
            self.parts.append(_project(records_to_table(kind, records), columns))
        except InvalidInputError as error:
            self.error = self.error or error


def _project(table: pa.Table, columns: Sequence[str] | None) -> pa.Table:
    """*table* with only *columns* (whole columns, or fields of a column of lists of records,
    as :func:`~veteran_services.columnar.read_file` reads them)."""
    if columns is None:
        return table
    schema = projected_schema(table.schema, columns)
    arrays = []
    for field in schema:
        column = table.column(field.name).combine_chunks()
        if field.type != column.type:  # some fields of a list of records
            items = column.flatten()
            chosen = [items.field(f.name) for f in field.type.value_type]
            struct = pa.StructArray.from_arrays(chosen, fields=list(field.type.value_type))
            column = pa.ListArray.from_arrays(column.offsets, struct, type=field.type)
        arrays.append(column)
    return pa.Table.from_arrays(arrays, schema=schema)


def _plain_order(table: pa.Table) -> pa.Table:
    """*table* with every dictionary built afresh in order of first appearance, as to_arrow
    builds them (after rows were put back in order)."""
    for index, field in enumerate(table.schema):
        if "dictionary" in str(field.type):
            column = pa.array(table.column(index).to_pylist(), type=field.type)
            table = table.set_column(index, field, column)
    return table


def _by_objects(
    kind: str, file: Path, reader: LineReader, problems: list[str], columns: Sequence[str] | None
) -> _Kind:
    """Every line of *file* through the object reader, into columns (50,000 at a time)."""
    result = _Kind(parts=[])
    records: list[Any] = []
    for _, record in reader.read_file(file, problems):
        if record is None:
            continue
        if kind == "veterans" and record.personal is not None:
            result.personal += 1
        records.append(record)
        result.lines += 1
        if len(records) >= 50_000:
            if not problems:  # a folder with problems returns no table
                result.add(kind, records, columns)
            records = []
    if not problems and (records or not result.parts):
        result.add(kind, records, columns)
    return result


def _fast(
    kind: str,
    plan: _Plan,
    file: Path,
    reader: LineReader,
    problems: list[str],
    columns: Sequence[str] | None,
) -> _Kind | None:
    """The file read the fast way, or None when it must be read by the object reader
    (it does not start like JSON Lines, or has a line longer than io reads)."""
    result = _Kind(parts=[])
    decoder = _decoder(plan)
    with file.open("rb") as handle:
        head = handle.read(4096)
        if head.lstrip()[:1] not in (b"{", b""):  # a byte-order mark, a workbook, ...
            return None
        handle.seek(0)
        carry = b""
        first = 1
        while True:
            block = handle.read(_BLOCK)
            if not block:
                break
            data = carry + block if carry else block
            cut = data.rfind(b"\n")
            if cut < 0:
                carry = data
                if len(carry) > _MAX_LINE:
                    return None
                continue
            lines = data[:cut].split(b"\n")
            if max(map(len, lines)) > _MAX_LINE:
                return None
            chunk = _Chunk(
                lines=lines,
                first=first,
                colons=data.count(b":", 0, cut),
                escaped=data.find(b"\\u", 0, cut) >= 0,
            )
            carry = data[cut + 1 :]
            _block(kind, plan, decoder, file.name, chunk, reader, problems, result, columns)
            first += len(lines)
        if carry:
            if len(carry) > _MAX_LINE:
                return None
            chunk = _Chunk(
                lines=[carry], first=first, colons=carry.count(b":"), escaped=b"\\u" in carry
            )
            _block(kind, plan, decoder, file.name, chunk, reader, problems, result, columns)
    if not result.parts:
        result.parts.append(_project(_empty(kind), columns))
    return result


@cache
def _decoder(plan: _Plan) -> Any:
    import msgspec

    return msgspec.json.Decoder(plan.struct).decode


@attrs.frozen
class _Chunk:
    """A block of whole lines: the lines, the number of the first, its colons, and whether
    any line holds an escape (``\\u``)."""

    lines: list[bytes]
    first: int
    colons: int
    escaped: bool


def _block(
    kind: str,
    plan: _Plan,
    decode: Any,
    name: str,
    chunk: _Chunk,
    reader: LineReader,
    problems: list[str],
    result: _Kind,
    columns: Sequence[str] | None,
) -> None:
    """Read one block of whole lines."""
    lines, first, escaped = chunk.lines, chunk.first, chunk.escaped
    structs: list[Any] = []
    positions: list[int] = []  # the index in *lines* of each struct
    refused: list[int] = []  # indices of lines the decoder did not take (or with escapes:
    # a lone surrogate is no text, which the object reader says)
    for index, line in enumerate(lines):
        if escaped and b"\\u" in line:
            refused.append(index)
            continue
        try:
            structs.append(decode(line))
        except Exception:  # read by the object reader, which reports the problems
            refused.append(index)
        else:
            positions.append(index)
    frame, keys = _frame(plan, structs)
    colons = chunk.colons - sum(lines[i].count(b":") for i in refused)
    bad = _check(plan, frame)
    if colons != keys:  # text holding a colon, or a key given twice: line by line
        for row, index in enumerate(positions):
            line = lines[index]
            expected = _keys(plan, structs[row])
            if line.count(b":") != expected and _STRING.sub(b"", line).count(b":") != expected:
                bad.add(row)
    if plan.cls is Veteran:
        personal = frame.columns["personal"]
        result.personal += sum(1 for i, v in enumerate(personal) if v is not None and i not in bad)
    again = sorted([*refused, *(positions[row] for row in bad)])
    rescued: list[tuple[int, Any]] = []
    for index in again:
        record = reader(name, first + index, lines[index], problems)
        if record is BLANK:
            continue
        if record is not None:
            rescued.append((index, record))
            if plan.cls is Veteran and record.personal is not None:
                result.personal += 1
    # the count matters only for a file without problems: then every line is a record
    result.lines += frame.n - len(bad) + len(rescued)
    if problems or result.error is not None:
        return  # the folder has problems (or a record without columns): no table is returned
    keep = [row for row in range(frame.n) if row not in bad] if bad else None
    table = _table(kind, plan, frame, keep)
    if rescued:
        kept = [positions[row] for row in (keep if keep is not None else range(frame.n))]
        try:
            extra = records_to_table(kind, [record for _, record in rescued])
        except InvalidInputError as error:
            result.error = error
            return
        order = sorted(
            range(len(kept) + len(rescued)),
            key=lambda i: kept[i] if i < len(kept) else rescued[i - len(kept)][0],
        )
        table = pa.concat_tables([table, extra]).combine_chunks()
        table = _plain_order(table.take(pa.array(order, type=pa.int64())))
    result.parts.append(_project(table, columns))


def _empty(kind: str) -> pa.Table:
    """The empty table of *kind* (``Schema.empty_table`` would import pandas: 0.9 s)."""
    schema = arrow_schema(kind)
    return pa.Table.from_arrays([pa.array([], type=f.type) for f in schema], schema=schema)


def _read_kind(
    folder: Path,
    manifest: dict[str, Any],
    kind: str,
    problems: list[str],
    columns: Sequence[str] | None,
) -> _Kind:
    version: int = manifest["schema_version"]
    file = kind_file(folder, manifest, kind, problems)
    if file is None:
        return _Kind(parts=[_project(_empty(kind), columns)])
    reader = LineReader(kind, version)
    plan = fast_plan(kind) if version == SCHEMA_VERSION else None
    before = len(problems)
    try:
        found = None if plan is None else _fast(kind, plan, file, reader, problems, columns)
        if found is None:
            del problems[before:]
            found = _by_objects(kind, file, reader, problems, columns)
    except OSError as error:
        del problems[before:]
        problems.append(f"{file.name}: cannot be read ({error.strerror})")
        return _Kind(parts=[_project(_empty(kind), columns)])
    expected = manifest.get("counts", {}).get(kind)
    if len(problems) == before and expected is not None and found.lines != expected:
        problems.append(count_problem(file.name, expected, found.lines))
    return found


def fast_plan(kind: str) -> _Plan | None:
    """The fast path's plan of *kind*, or None when its kind is read by the object reader
    (msgspec missing, or a class holding a rule this module does not know)."""
    if not _HAS_MSGSPEC:
        return None
    try:
        cls: Any = KIND_CLASSES[kind]
        return _plan(cls)
    except _Unsupported:
        return None


#: The record kinds :func:`read_folder` reads the fast way (with msgspec installed); the
#: others are read line by line by the object reader and turned into the same columns.
FAST_KINDS: Final = tuple(kind for kind in RECORD_KINDS if fast_plan(kind) is not None)


def _is_parquet(folder: Path) -> bool:
    """Whether *folder*'s manifest is a Parquet caseload's (see write_parquet)."""
    path = folder / "manifest.json"
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > 2**20:
            return False
        manifest, reason = decode_json(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return False
    return (
        reason is None and isinstance(manifest, dict) and manifest.get("format") == PARQUET_FORMAT
    )


@checked
def read_folder(
    folder: str | Path,
    *,
    kinds: Sequence[str] | None = None,
    columns: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, pa.Table]:
    """The Arrow tables of a caseload folder, read without building a record per line.

    A folder of JSON Lines (:func:`veteran_services.io.write_caseload`) is read kind by kind
    into exactly the tables of ``to_arrow(io.read_caseload(folder))``, as strictly: every line
    is checked as the object reader checks it (types, unknown keys, ids, codes, money digits,
    the model's rules across fields) and every problem of the folder is reported together in
    the object reader's words, with file and line. A Parquet folder
    (:func:`~veteran_services.columnar.write_parquet`) is read with
    :func:`~veteran_services.columnar.read_tables`. How it works, and what is read the slow
    way: ``docs/guide/scale.md``, "Reading a folder into tables".

    >>> import tempfile
    >>> from veteran_services import io
    >>> from veteran_services.columnar import to_arrow
    >>> from veteran_services.synthetic import generate
    >>> city = generate(veterans=20, seed=1)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     tables = read_folder(io.write_caseload(city, tmp + "/caseload"))
    >>> tables["placements"].equals(to_arrow(city)["placements"])
    True

    Args:
        folder: The folder.
        kinds: The record kinds to read (default: all); only their files are read and
            checked.
        columns: For some kinds, the only columns to keep (every line is still checked
            whole): column names, or a field of a column of lists of records
            (``answers.question_id``), as :func:`~veteran_services.columnar.read_file`
            takes them.

    Returns:
        Record kind → table, in :data:`~veteran_services.model.RECORD_KINDS` order, laid out
        by :func:`~veteran_services.columnar.arrow_schema` (without personal details).

    Raises:
        RecordError: listing every problem of the folder (those of
            :func:`veteran_services.io.read_caseload`, or of
            :func:`~veteran_services.columnar.read_tables` for a Parquet folder).
        FileNotFoundError: if the folder does not exist.
        InvalidInputError: an unknown record kind.
    """
    root = Path(folder)
    chosen = RECORD_KINDS if kinds is None else tuple(_check_kind(k) for k in kinds)
    if root.is_dir() and _is_parquet(root):
        return read_tables(root, kinds=chosen, columns=columns)
    root, manifest = open_caseload(root)
    problems: list[str] = []
    tables: dict[str, pa.Table] = {}
    personal = 0
    error: InvalidInputError | None = None
    with paused_gc():
        for kind in RECORD_KINDS:
            if kind not in chosen:
                continue
            wanted = None if columns is None else columns.get(kind)
            found = _read_kind(root, manifest, kind, problems, wanted)
            personal += found.personal
            error = error or found.error
            if problems or error is not None:
                tables.clear()  # nothing will be returned: keep no memory
                continue
            parts = found.parts
            # one dictionary per column, in order of appearance, as to_arrow has it (a copy of
            # the whole table by combine_chunks would double the peak memory)
            table = parts[0] if len(parts) == 1 else pa.concat_tables(parts).unify_dictionaries()
            tables[kind] = table
    if personal and not manifest.get("includes_personal", False):
        problems.append(personal_problem(manifest, personal))
    if problems:
        raise RecordError(problems, source=str(root))
    if error is not None:
        raise error
    return tables
