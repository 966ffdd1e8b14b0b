"""Data frames (the ``pandas`` extra): records to columns and back through validation."""

from __future__ import annotations

import importlib
import math
import numbers
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Literal, get_args, get_origin, overload

import attrs

from veteran_services._checks import checked, quote
from veteran_services.errors import InvalidInputError, RecordError, RecordProblem
from veteran_services.io._converter import converter_for
from veteran_services.io._json import Errors, ReadResult, _check_errors
from veteran_services.io._kinds import check_record_class
from veteran_services.io._problems import Place, leaves, problem
from veteran_services.io._results import is_model_record, result_rows
from veteran_services.model import Quarter

#: A pandas DataFrame (typed loosely: pandas ships no type information of its own).
DataFrame = Any

__all__ = ["from_frame", "to_frame"]

_NONE = type(None)


@attrs.frozen
class _Column:
    name: str
    path: tuple[str, ...]
    type: Any


def _inner(tp: Any) -> Any:
    args = get_args(tp)
    if args and _NONE in args and get_origin(tp) not in (tuple, frozenset):
        rest = [a for a in args if a is not _NONE]
        if len(rest) == 1:
            return rest[0]
    return tp


def _columns(cls: type[Any], prefix: tuple[str, ...] = ()) -> list[_Column]:
    out = []
    for field in attrs.fields(attrs.resolve_types(cls)):
        if not field.init:
            continue
        path = (*prefix, field.name)
        tp = _inner(field.type)
        if isinstance(tp, type) and attrs.has(tp) and tp is not Quarter:
            out.extend(_columns(tp, path))
        else:
            out.append(_Column(".".join(path), path, tp))
    return out


def _pandas() -> Any:
    try:
        # An optional extra, imported when first used (it costs ~0.3 s).
        pd = importlib.import_module("pandas")
    except ImportError:  # pragma: no cover - depends on the environment
        msg = "data frames need pandas: pip install 'veteran-services[pandas]'"
        raise ImportError(msg) from None
    return pd


@checked
def to_frame(
    records: Iterable[Any],
    *,
    cls: type[Any] | None = None,
    decimals: Literal["string", "float"] = "string",
    include_personal: bool = False,
) -> DataFrame:
    """Records of one kind (or results of one type) as a pandas data frame, one row each.

    Results (:class:`~veteran_services.scoring.QualityScore`,
    :class:`~veteran_services.metrics.Estimate`, the statistics' results) give one row each:
    a score its fields and one column per indicator (``indicator.NAME``, the normalised value,
    and ``points.NAME``, its contribution); other results their JSON form (see
    :func:`to_dict`) with nested objects as dotted columns (``interval.low``).

    Nested records become dotted columns (``monthly_wage.amount``); dates are
    ``datetime64`` columns; enums are categorical with every member as a category; decimals
    are exact strings (``decimals="string"``) or floats (``"float"``, for arithmetic); sets
    and lists stay lists in object columns. Needs the ``pandas`` extra.

    Args:
        records: Records of one class.
        cls: The record class; needed only when *records* may be empty.
        decimals: How to hold decimals (money amounts, hours).
        include_personal: Keep veterans' personal details.
    """
    pd = _pandas()
    rows = list(records)
    if cls is None and rows and not is_model_record(rows[0]):
        kind = type(rows[0])
        for row in rows:
            if type(row) is not kind:
                msg = f"'records' must all be {kind.__name__}, got a {type(row).__name__}"
                raise InvalidInputError("records", msg)
        return pd.DataFrame(result_rows(rows))
    if cls is None:
        if not rows:
            msg = "'cls' is needed to make a frame of no records (its columns)"
            raise InvalidInputError("cls", msg)
        cls = type(rows[0])
    check_record_class(cls)
    if decimals not in ("string", "float"):
        msg = f"'decimals' must be 'string' or 'float', got {decimals!r}"
        raise InvalidInputError("decimals", msg)
    columns = [c for c in _columns(cls) if include_personal or c.path[0] != "personal"]
    unstructure = converter_for(include_personal=include_personal).unstructure
    data: dict[str, list[Any]] = {c.name: [] for c in columns}
    for row in rows:
        if type(row) is not cls:
            msg = f"'records' must all be {cls.__name__} records, got a {type(row).__name__}"
            raise InvalidInputError("records", msg)
        plain = unstructure(row)
        for column in columns:
            value = plain
            for name in column.path:
                value = value.get(name) if isinstance(value, dict) else None
            data[column.name].append(value)
    series = {}
    for column in columns:
        values = data[column.name]
        tp = column.type
        if tp is date:
            series[column.name] = pd.to_datetime(pd.Series(values, dtype="object"))
        elif isinstance(tp, type) and issubclass(tp, Enum):
            categories = [m.value for m in tp]
            series[column.name] = pd.Categorical(values, categories=categories)
        elif tp is Decimal and decimals == "float":
            series[column.name] = pd.Series(
                [None if v is None else float(v) for v in values], dtype="float64"
            )
        elif tp is int:
            series[column.name] = pd.Series(values, dtype="Int64")
        elif tp is float:
            series[column.name] = pd.Series(values, dtype="float64")
        elif tp is bool:
            series[column.name] = pd.Series(values, dtype="boolean")
        else:
            series[column.name] = pd.Series(values, dtype="object")
    return pd.DataFrame(series, columns=[c.name for c in columns])


def _plain(value: Any, tp: Any) -> Any:
    """A frame cell as the plain data the converter reads (None for a missing value)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    if isinstance(value, datetime) or tp is date:
        if hasattr(value, "date"):
            return value.date().isoformat()
        return value.isoformat() if isinstance(value, date) else value
    if tp is Decimal and isinstance(value, float):
        return repr(value)
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        value = value.item()  # numpy scalars
    if hasattr(value, "tolist"):
        value = value.tolist()  # numpy arrays, e.g. after a round trip through Parquet
    return value


@overload
def from_frame(
    frame: DataFrame,
    cls: type[Any],
    *,
    columns: Mapping[str, str] | None = None,
    errors: Literal["raise"] = "raise",
) -> tuple[Any, ...]: ...


@overload
def from_frame(
    frame: DataFrame,
    cls: type[Any],
    *,
    columns: Mapping[str, str] | None = None,
    errors: Literal["collect"],
) -> ReadResult[Any]: ...


@checked
def from_frame(
    frame: DataFrame,
    cls: type[Any],
    *,
    columns: Mapping[str, str] | None = None,
    errors: Errors = "raise",
) -> tuple[Any, ...] | ReadResult[Any]:
    """The records of a frame made by :func:`to_frame` (or by hand), validated like any JSON
    record.

    Missing values (``None``, ``NaN``, ``NaT``, ``<NA>``) are missing fields; a nested record
    whose columns are all missing is missing. Columns the record class does not know are
    refused.

    Args:
        frame: The frame, one row per record, with :func:`to_frame`'s column names
            (``monthly_wage.amount``) or others mapped by *columns*.
        cls: The record class.
        columns: Maps the frame's column names to the library's
            (``{"月工资": "monthly_wage.amount"}``); names not in it are used as they are.
        errors: ``"raise"`` a :class:`RecordError` listing every problem, or ``"collect"``
            them beside every valid record in a :class:`ReadResult`.

    Returns:
        The records (a tuple), or with ``errors="collect"`` a :class:`ReadResult`.

    Raises:
        RecordError: listing every problem as ``row LABEL: $.path: message`` (with
            ``errors="collect"`` only for unknown columns).
    """
    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):
        msg = f"'frame' must be a pandas DataFrame, got {quote(frame)} (a {type(frame).__name__})"
        raise InvalidInputError("frame", msg)
    _check_errors(errors)
    check_record_class(cls)
    known = {c.name: c for c in _columns(cls)}
    mapping = dict(columns or {})
    for foreign, ours in mapping.items():
        if ours not in known:
            msg = f"'columns' must map to columns of {cls.__name__}, got {foreign!r}: {ours!r}"
            raise InvalidInputError("columns", msg)
    names = [mapping.get(str(name), name) for name in frame.columns]
    unknown = [
        str(name) for name, ours in zip(frame.columns, names, strict=True) if ours not in known
    ]
    if unknown:
        message = f"unknown column ({cls.__name__} has no such field; map it with columns=)"
        problems = [
            RecordProblem(f"column {name!r}: {message}", column=name, message=message)
            for name in unknown
        ]
        raise RecordError(problems)
    column_at = {
        "$." + ".".join(known[ours].path): str(name)
        for name, ours in zip(frame.columns, names, strict=True)
    }
    hook = converter_for(strict=True).get_structure_hook(cls)
    records = []
    problems = []
    for label, row in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        data: dict[str, Any] = {}
        for name, value in zip(names, row, strict=True):
            column = known[name]
            plain = _plain(value, column.type)
            if plain is None:
                continue
            target = data
            for step in column.path[:-1]:
                target = target.setdefault(step, {})
            target[column.path[-1]] = plain
        try:
            records.append(hook(data, cls))
        except Exception as error:
            row_label = _row_label(label)
            place = Place(f"row {label}: ", row=row_label)
            problems.extend(
                problem(place, leaf, column=_column_for(leaf.path, column_at))
                for leaf in leaves(error, cls=cls)
            )
    if errors == "collect":
        return ReadResult(records=tuple(records), problems=tuple(problems))
    if problems:
        raise RecordError(problems)
    return tuple(records)


def _row_label(label: object) -> int | str:
    """A frame's row label as a problem's row: a whole number, or else its text."""
    if isinstance(label, numbers.Integral):
        return int(label)
    return label if isinstance(label, str) else str(label)


def _column_for(path: str, column_at: dict[str, str]) -> str | None:
    """The frame's column holding the value at *path* (or the value *path* lies in)."""
    while path:
        if path in column_at:
            return column_at[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 1 else ""
    return None
