"""The JSON and frame forms of the library's results: scores, estimates, statistics, problems.

io sits below scoring and metrics, so it knows their results by shape, not by import:

- a result that has an ``as_dict()`` method (:class:`~veteran_services.scoring.QualityScore`)
  gives its figures as a dict, and that dict is made JSON data;
- any other attrs class or named tuple of the library (:class:`~veteran_services.metrics.
  Estimate`, :class:`~veteran_services.stats.Interval`, ...) gives its fields, less those that
  take no part in its equality (an estimate's unit-level ``observations``, caches);
- a record of the model (or an attrs class of the caller's, such as a request document made of
  records) goes through the interchange converter, as before.

The rules for values (docs/guide/interchange.md, "Results"): dates and datetimes are ISO
strings; spans of time (``relativedelta``, ``timedelta``) are ISO 8601 durations
(``"P6M"``); decimals are exact strings (``"5292.50"``); enums are their values; finite floats are
JSON numbers and a float that is not a number or infinite is ``null``; tuples and lists are
lists; sets are lists sorted by their JSON text; mappings are objects with string keys (an
enum key is its value). Anything else is refused with :class:`InvalidInputError`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from veteran_services.errors import InvalidInputError, RecordError, RecordProblem
from veteran_services.io._converter import converter_for, format_decimal

__all__ = ["duration", "flat_row", "is_model_record", "plain", "result_rows"]

_LIBRARY = "veteran_services."
_MODEL = ("veteran_services.model", "veteran_services.codes")


def is_model_record(value: Any) -> bool:
    """Whether *value* is a record for the converter: an attrs class of the model or the code
    lists, or one of the caller's own (built of records, as a request document is); the
    library's other attrs classes are results."""
    cls = type(value)
    if not attrs.has(cls):
        return False
    module = cls.__module__
    return module.startswith(_MODEL) or not module.startswith(_LIBRARY)


def _refuse(value: Any, where: str) -> InvalidInputError:
    kind = type(value).__name__
    msg = (
        f"{where}: an object of type {kind!r} has no JSON form; io.to_dict and io.dumps take "
        "records of the model, the library's results (scores, estimates, statistics, problems) "
        "and JSON data made of them"
    )
    return InvalidInputError("record", msg)


def duration(span: relativedelta | timedelta) -> str:
    """*span* as an ISO 8601 duration (``P6M``, ``P1Y2M``, ``P90D``, ``PT0S`` for none).

    >>> duration(relativedelta(months=6)), duration(timedelta(days=90))
    ('P6M', 'P90D')
    """
    if isinstance(span, timedelta):
        span = relativedelta(days=span.days, seconds=span.seconds, microseconds=span.microseconds)
    span = span.normalized()
    day_part = "".join(
        f"{amount}{unit}"
        for amount, unit in ((span.years, "Y"), (span.months, "M"), (span.days, "D"))
        if amount
    )
    seconds = span.seconds + span.microseconds / 1e6
    time_part = "".join(
        f"{amount:g}{unit}"
        for amount, unit in ((span.hours, "H"), (span.minutes, "M"), (seconds, "S"))
        if amount
    )
    text = "P" + day_part + (f"T{time_part}" if time_part else "")
    return text if text != "P" else "PT0S"


def _key(key: Any, where: str) -> str:
    if isinstance(key, Enum):
        key = key.value
    if isinstance(key, str):
        return key
    if isinstance(key, int | date) and not isinstance(key, bool):
        return key.isoformat() if isinstance(key, date) else str(key)
    raise _refuse(key, f"{where} (a key)")


def plain(value: Any, *, include_personal: bool = False, where: str = "$") -> Any:
    """*value* as plain JSON data (see the module's rules); raises on what it does not know."""
    if value is None or (isinstance(value, bool | str) and not isinstance(value, RecordProblem)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return format_decimal(value) if value.is_finite() else None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, relativedelta | timedelta):
        return duration(value)
    if isinstance(value, Enum):
        return plain(value.value, where=where)
    if isinstance(value, RecordProblem):
        return value.to_dict()
    if isinstance(value, RecordError):
        return {
            "message": str(value),
            "source": value.source,
            "problems": [problem.to_dict() for problem in value.problems],
        }
    if is_model_record(value):
        return converter_for(include_personal=include_personal).unstructure(value)
    as_dict = getattr(value, "as_dict", None)
    if callable(as_dict) and type(value).__module__.startswith(_LIBRARY):
        return plain(as_dict(), include_personal=include_personal, where=where)
    if attrs.has(type(value)) and type(value).__module__.startswith(_LIBRARY):
        return {
            f.name: plain(
                getattr(value, f.name),
                include_personal=include_personal,
                where=f"{where}.{f.name}",
            )
            for f in attrs.fields(type(value))
            if f.eq and not f.name.startswith("_")
        }
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        if not type(value).__module__.startswith(_LIBRARY):
            raise _refuse(value, where)
        return plain(value._asdict(), include_personal=include_personal, where=where)
    if isinstance(value, Mapping):
        return {
            _key(k, where): plain(v, include_personal=include_personal, where=f"{where}.{k}")
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [
            plain(v, include_personal=include_personal, where=f"{where}[{i}]")
            for i, v in enumerate(value)
        ]
    if isinstance(value, set | frozenset):
        items = [plain(v, include_personal=include_personal, where=where) for v in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    raise _refuse(value, where)


def flat_row(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A JSON object as one row: nested objects become dotted columns (``interval.low``)."""
    row: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            row.update(flat_row(value, f"{name}."))
        else:
            row[name] = value
    return row


def result_rows(results: Iterable[Any]) -> list[dict[str, Any]]:
    """One flat row per result: its ``as_row()`` if it has one, else its flattened JSON form."""
    rows = []
    for result in results:
        as_row = getattr(result, "as_row", None)
        if callable(as_row) and type(result).__module__.startswith(_LIBRARY):
            rows.append(plain(as_row()))
            continue
        data = plain(result)
        if not isinstance(data, dict):
            raise _refuse(result, "results")
        rows.append(flat_row(data))
    return rows
