"""A caseload to and from Arrow tables, one table per record kind."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from veteran_services._checks import checked
from veteran_services._gc import paused_gc
from veteran_services._version import __version__
from veteran_services.columnar._layout import (
    KIND_CLASSES,
    NOTHING,
    Problem,
    build_record,
    layout,
    quote,
    schema,
)
from veteran_services.errors import InvalidInputError, RecordError, RecordProblem
from veteran_services.model import RECORD_KINDS, Caseload

__all__ = [
    "LAYOUT_VERSION",
    "LAYOUT_VERSIONS",
    "arrow_schema",
    "as_table",
    "from_arrow",
    "records_to_table",
    "table_to_records",
    "to_arrow",
]

#: The version of the column layout, kept in every table's schema metadata (and a Parquet
#: folder's manifest). Version 2 (issue 13) lets the facts a record may leave unknown be null
#: (``contract``, ``insurance``, ``occupation``, an employer's ``industry`` and ``ownership``,
#: ...) and adds ``occupation_title``; see ``docs/design-notes.md``.
LAYOUT_VERSION: Final = 2
#: The layout versions this library reads. A version-1 table means what it meant: its
#: ``contract`` and ``insurance`` were never null, and a version-1 placements table without
#: those columns read as "no written contract" and "no scheme paid", as it still does.
LAYOUT_VERSIONS: Final = (1, 2)

_META_KIND: Final = b"veteran_services.kind"
_META_LAYOUT: Final = b"veteran_services.layout"
_META_LIBRARY: Final = b"veteran_services.version"


def _check_kind(kind: object) -> str:
    if kind not in KIND_CLASSES:
        msg = f"'kind' must be one of {', '.join(RECORD_KINDS)}, got {kind!r}"
        raise InvalidInputError("kind", msg)
    return str(kind)


@checked
def arrow_schema(kind: str, *, include_personal: bool = False) -> pa.Schema:
    """The Arrow schema of record kind *kind* (``"placements"``), with its metadata.

    Args:
        kind: One of :data:`~veteran_services.model.RECORD_KINDS`.
        include_personal: For ``"veterans"``: include the ``personal`` columns.

    Raises:
        InvalidInputError: an unknown kind.

    >>> arrow_schema("placements").field("monthly_wage.amount").type
    DataType(string)
    >>> arrow_schema("placements").field("started_on").type
    DataType(date32[day])
    """
    kind = _check_kind(kind)
    return schema(kind, include_personal=include_personal).with_metadata(
        {
            _META_KIND: kind.encode(),
            _META_LAYOUT: str(LAYOUT_VERSION).encode(),
            _META_LIBRARY: __version__.encode(),
        }
    )


def records_to_table(
    kind: str, records: tuple[Any, ...] | list[Any], *, include_personal: bool = False
) -> pa.Table:
    """The Arrow table of *records* of *kind*."""
    leaves = layout(kind, include_personal=include_personal)
    target = arrow_schema(kind, include_personal=include_personal)
    columns = []
    for leaf in leaves:
        try:
            columns.append(pa.array([leaf.get(r) for r in records], type=leaf.type))
        except OverflowError:
            msg = (
                f"{kind!r} column {leaf.name!r} holds a whole number outside the 64-bit range "
                "that Arrow and Parquet columns hold; keep such a caseload in JSON Lines"
            )
            raise InvalidInputError("caseload", msg) from None
    return pa.Table.from_arrays(columns, schema=target)


@checked
def to_arrow(caseload: Caseload, *, include_personal: bool = False) -> dict[str, pa.Table]:
    """The caseload as Arrow tables, one per record kind (in ``RECORD_KINDS`` order).

    Column names are stable and follow the model's field names, nested records flattened with
    dots (``monthly_wage.amount``); money and hours keep every digit as decimal strings. See
    :func:`arrow_schema` and ``docs/guide/scale.md`` for the layout.

    Args:
        caseload: The caseload.
        include_personal: Include veterans' personal details (left out by default, as in
            :func:`veteran_services.io.write_caseload`).

    Raises:
        InvalidInputError: *caseload* is not a Caseload.

    >>> from veteran_services.synthetic import generate
    >>> tables = to_arrow(generate(veterans=20, seed=1))
    >>> tables["placements"].num_rows == len(generate(veterans=20, seed=1).placements)
    True
    """
    given: object = caseload  # users pass anything
    if not isinstance(given, Caseload):
        msg = f"'caseload' must be a Caseload, got a {type(given).__name__}"
        raise InvalidInputError("caseload", msg)
    return {
        kind: records_to_table(kind, caseload.records(kind), include_personal=include_personal)
        for kind in RECORD_KINDS
    }


#: What a version-1 placements table without these columns meant (the fields' defaults
#: then): "no written contract", "no scheme paid". Version 2 reads a missing column as
#: "not recorded".
_V1_DEFAULTS: Final[Mapping[str, Mapping[str, Any]]] = {
    "placements": {"contract": "none", "insurance": []},
}


def layout_version(table: pa.Table, default: int = LAYOUT_VERSION) -> int:
    """The layout version in *table*'s schema metadata (*default* when it has none, as for a
    table built by hand or from a pandas frame).

    Raises:
        InvalidInputError: a version this library does not read (a newer one, or not a number).
    """
    metadata = table.schema.metadata or {}
    given = metadata.get(_META_LAYOUT)
    if given is None:
        return default
    try:
        version = int(given)
    except ValueError:
        version = -1
    if version not in LAYOUT_VERSIONS:
        kind = metadata.get(_META_KIND, b"?").decode(errors="replace")
        msg = (
            f"the {kind!r} table has layout version {given.decode(errors='replace')!r}; this "
            f"library reads versions {', '.join(map(str, LAYOUT_VERSIONS))} (upgrade "
            "veteran-services to read newer tables)"
        )
        raise InvalidInputError("tables", msg)
    return version


def table_to_records(
    kind: str,
    table: pa.Table,
    problems: list[str],
    *,
    strict: bool = True,
    version: int | None = None,
) -> list[Any]:
    """The records of one table; every problem is appended to *problems*, naming the row
    counted from 1 (the table's first row is row 1, as a JSON Lines file's first line is).

    *version* is the table's layout version when its metadata does not say (a Parquet
    folder's manifest); a version-1 table's missing columns keep their version-1 meaning."""
    version = layout_version(table, LAYOUT_VERSION if version is None else version)
    known = {leaf.name for leaf in layout(kind, include_personal=True)}
    names = table.column_names
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        problems.extend(f"{kind}: the column {quote(n)} appears twice" for n in doubled)
        return []
    unknown = [n for n in names if n not in known]
    if unknown and strict:
        problems.extend(f"{kind}: unknown column {quote(name)}" for name in unknown)
        return []
    names = [n for n in names if n in known]
    columns = []
    for name in names:
        try:
            columns.append(table.column(name).to_pylist())
        except (pa.ArrowException, ValueError, TypeError, OverflowError) as error:
            # text that is not UTF-8, a type Python values cannot be made of, ...
            problems.append(f"{kind}: {name}: could not be read ({type(error).__name__})")
    if len(columns) < len(names):
        return []
    if version == 1:
        for name, value in _V1_DEFAULTS.get(kind, {}).items():
            if name not in names:
                names.append(name)
                columns.append([value] * table.num_rows)
    records = []
    # rows are counted from 1, as CSV and JSON Lines count theirs
    for index, values in enumerate(zip(*columns, strict=True), start=1):
        try:
            records.append(build_record(kind, dict(zip(names, values, strict=True))))
        except Problem as problem:
            where = f"{problem.column}: " if problem.column else ""
            personal = _is_personal(kind, problem.column)
            line = problem.line(personal=personal)
            shown = problem.value is not NOTHING and not personal
            problems.append(
                RecordProblem(
                    f"{kind} row {index}: {where}{line}",
                    file=kind,
                    row=index,
                    column=problem.column or None,
                    field=problem.column.rsplit(".", 1)[-1] or None,
                    message=problem.message,
                    value=quote(problem.value) if shown else None,
                )
            )
        except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as error:
            # a value of a shape no reader foresaw: said without quoting it (it may be personal)
            problems.append(f"{kind} row {index}: could not be read ({type(error).__name__})")
    return records


def _is_personal(kind: str, column: str) -> bool:
    """Whether *column* holds a veteran's personal details (whose values are never quoted)."""
    return kind == "veterans" and (column == "personal" or column.startswith("personal."))


_CONVERSION_ERRORS: Final = (
    pa.ArrowInvalid,
    pa.ArrowTypeError,
    pa.ArrowNotImplementedError,
    TypeError,
    ValueError,
)


def _from_pandas(kind: str, frame: Any) -> pa.Table:
    """A pandas frame as an Arrow table, each known column converted to the layout's type
    directly (inference would get empty or all-null object columns wrong)."""
    target = schema(kind, include_personal=True)
    arrays = []
    names = []
    for name in frame.columns:
        series = frame[name]
        position = target.get_field_index(name) if isinstance(name, str) else -1
        array = None
        # numbers and booleans are converted as they are and cast by as_table's rules (Arrow
        # would turn 1 into true here); other columns (objects) are converted to the layout's
        # type directly, which refuses values of another type
        numeric = getattr(series.dtype, "kind", "O") in "biufc"
        if position >= 0 and not numeric:
            try:
                array = pa.array(series, type=target.field(position).type, from_pandas=True)
            except _CONVERSION_ERRORS:
                array = None
        if array is None:
            array = pa.array(series, from_pandas=True)
        arrays.append(array)
        names.append(str(name))
    return pa.Table.from_arrays(arrays, names=names)


def _plain(tp: pa.DataType) -> pa.DataType:
    """*tp* with every dictionary-encoded string (at any depth) as a plain string."""
    if pa.types.is_dictionary(tp):
        return _plain(tp.value_type)
    if pa.types.is_list(tp) or pa.types.is_large_list(tp):
        return pa.list_(_plain(tp.value_type))
    if pa.types.is_struct(tp):
        return pa.struct([pa.field(f.name, _plain(f.type), f.nullable) for f in tp])
    return tp


def _has_dictionary(tp: pa.DataType) -> bool:
    if pa.types.is_dictionary(tp):
        return True
    if pa.types.is_list(tp) or pa.types.is_large_list(tp):
        return _has_dictionary(tp.value_type)
    if pa.types.is_struct(tp):
        return any(_has_dictionary(f.type) for f in tp)
    return False


def _same_but_encoding(actual: pa.DataType, wanted: pa.DataType) -> bool:
    """Whether a column the layout stores with dictionary-encoded strings inside holds the
    same values with other encodings (plain strings, or dictionaries of other index widths),
    or a list of records some of whose fields were read (``read_file``'s
    ``answers.question_id``): no cast then, which would copy the column for nothing, or fail.
    Elsewhere a column is cast to the layout's type as it is."""
    if _has_dictionary(wanted) and _plain(actual) == _plain(wanted):
        return True
    return _some_fields(_plain(actual), _plain(wanted))


def _some_fields(actual: pa.DataType, wanted: pa.DataType) -> bool:
    """Whether *actual* is a list of records with some of *wanted*'s fields, of its types."""
    if not (pa.types.is_list(actual) and pa.types.is_list(wanted)):
        return False
    have, want = actual.value_type, wanted.value_type
    if not (pa.types.is_struct(have) and pa.types.is_struct(want)):
        return False
    return all(
        want.get_field_index(f.name) >= 0 and want.field(f.name).type == f.type for f in have
    )


def _base(tp: pa.DataType) -> pa.DataType:
    return tp.value_type if pa.types.is_dictionary(tp) else tp


def _castable(actual: pa.DataType, wanted: pa.DataType, *, from_pandas: bool) -> bool:
    """Whether a column of type *actual* may be cast to the layout's *wanted* type: only to a
    wider or other encoding of the same kind of value (int32 to int64, large strings to
    strings, an all-null column to anything), never across kinds (a whole number to text or
    to true/false, a float to a decimal string), as the JSON readers refuse those. A pandas
    frame's floats may become whole numbers (pandas turns whole-number columns with gaps into
    floats; a fraction still fails the cast) and its timestamps dates (checked to be at
    midnight)."""
    actual, wanted = _base(actual), _base(wanted)
    if pa.types.is_null(actual) or actual == wanted:
        return True
    if pa.types.is_string(wanted):
        return bool(pa.types.is_string(actual) or pa.types.is_large_string(actual))
    if pa.types.is_boolean(wanted):
        return False
    if pa.types.is_integer(wanted):
        return pa.types.is_integer(actual) or (from_pandas and pa.types.is_floating(actual))
    if pa.types.is_floating(wanted):
        return bool(pa.types.is_floating(actual) or pa.types.is_integer(actual))
    if pa.types.is_date(wanted):
        return pa.types.is_date(actual) or (from_pandas and pa.types.is_timestamp(actual))
    if pa.types.is_list(wanted):
        lists = pa.types.is_list(actual) or pa.types.is_large_list(actual)
        return lists and _castable(actual.value_type, wanted.value_type, from_pandas=from_pandas)
    if pa.types.is_struct(wanted):
        return pa.types.is_struct(actual) and all(
            wanted.get_field_index(f.name) >= 0
            and _castable(f.type, wanted.field(f.name).type, from_pandas=from_pandas)
            for f in actual
        )
    return False


def _cast(column: pa.ChunkedArray, wanted: pa.DataType) -> pa.ChunkedArray:
    """*column* cast to *wanted* (safely: no overflow, no lost fractions or times)."""
    cast = column.cast(wanted)
    if pa.types.is_timestamp(column.type):
        back = cast.cast(column.type)
        if pc.any(pc.not_equal(back, column)).as_py():
            msg = "a time of day where a date is expected"
            raise ValueError(msg)
    return cast


def as_table(kind: str, data: Any, argument: str = "tables") -> pa.Table:
    """*data* (an Arrow table or record batch, or a pandas frame) as an Arrow table whose
    columns have the layout's types where they hold the same kind of value in another width or
    encoding (see :func:`_castable`: a pandas frame turns whole-number columns with gaps into
    floats, for instance). A column of another kind of value (whole numbers where text is
    expected) is left as it is, and reading reports its values as the JSON readers do."""
    from_pandas = False
    if isinstance(data, pa.Table):
        table = data
    elif isinstance(data, pa.RecordBatch):
        table = pa.Table.from_batches([data])
    elif type(data).__module__.startswith("pandas"):
        table = _from_pandas(kind, data)
        from_pandas = True
    else:
        msg = (
            f"'{argument}' must be an Arrow table or a pandas DataFrame for {kind!r}, "
            f"got a {type(data).__name__}"
        )
        raise InvalidInputError(argument, msg)
    target = schema(kind, include_personal=True)
    for index, name in enumerate(table.column_names):
        position = target.get_field_index(name)
        if position < 0:
            continue
        wanted = target.field(position).type
        column = table.column(index)
        if column.type != wanted and not _same_but_encoding(column.type, wanted):
            if not _castable(column.type, wanted, from_pandas=from_pandas):
                continue  # left as it is: reading reports the values that do not fit
            try:
                column = _cast(column, wanted)
            except _CONVERSION_ERRORS:
                continue
            table = table.set_column(index, name, column)
    return table


@checked
def from_arrow(tables: Mapping[str, Any], *, strict: bool = True) -> Caseload:
    """A caseload from Arrow tables (or pandas frames) laid out as :func:`to_arrow` makes them.

    Every record goes through the model's constructors, so every invariant is checked; kinds
    without a table are empty, columns missing from a table take the field's default. Like
    :func:`veteran_services.io.read_caseload`, cross-record consistency is left to
    :meth:`Caseload.validate`.

    Args:
        tables: Record kind → table.
        strict: Refuse columns the layout does not know (when false they are ignored).

    Raises:
        RecordError: listing every problem (``placements row 3: monthly_wage.amount: must be a
            decimal number (got '12,5')``), with the JSON readers' strict types: whole
            numbers are not text, floats not decimal strings, 1 is not true; a veteran's
            personal values are never quoted.
        InvalidInputError: an unknown record kind or a table of the wrong type.
    """
    for kind in tables:
        _check_kind(kind)
    problems: list[str] = []
    records: dict[str, list[Any]] = {}
    with paused_gc():
        for kind in RECORD_KINDS:
            if kind in tables:
                table = as_table(kind, tables[kind])
                records[kind] = table_to_records(kind, table, problems, strict=strict)
        if problems:
            raise RecordError(problems, source="arrow tables")
        return Caseload(**records)
