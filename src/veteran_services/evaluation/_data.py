"""Reading the analysis frame: a pandas DataFrame, an Arrow table or a mapping of columns."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from veteran_services.errors import InvalidInputError

__all__ = ["column_names", "numeric_column", "read_column"]


def column_names(data: object) -> list[str]:
    """The column names of *data* (an Arrow table, a pandas DataFrame or a mapping)."""
    names: Any
    if hasattr(data, "column_names"):  # pyarrow.Table
        names = data.column_names
    elif hasattr(data, "columns") and hasattr(data, "__getitem__"):  # pandas.DataFrame
        names = data.columns
    elif isinstance(data, Mapping):
        names = data.keys()
    else:
        msg = (
            "'data' must be a pandas DataFrame, an Arrow table or a mapping of column name to "
            f"values, got {type(data).__name__}"
        )
        raise InvalidInputError("data", msg)
    return [str(name) for name in names]


def read_column(data: Any, name: str, argument: str) -> list[object]:
    """The values of column *name* as a Python list (missing values as given)."""
    names = column_names(data)
    if name not in names:
        shown = ", ".join(repr(n) for n in names[:20])
        msg = f"{argument!r}: no column {name!r} in the data (columns: {shown})"
        raise InvalidInputError(argument, msg)
    column = data[name]
    if hasattr(column, "to_pylist"):  # pyarrow
        return list(column.to_pylist())
    if hasattr(column, "tolist"):  # pandas, numpy
        return list(column.tolist())
    if isinstance(column, Sequence | Mapping) or hasattr(column, "__iter__"):
        return list(column)
    msg = f"{argument!r}: column {name!r} is not a sequence of values"
    raise InvalidInputError(argument, msg)


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if type(value).__name__ in {"NAType", "NaTType"}:  # pandas.NA, pandas.NaT
        return True
    return isinstance(value, float) and math.isnan(value)


def numeric_column(values: Sequence[object], name: str, argument: str) -> list[float | None]:
    """*values* as floats, ``None`` where missing; a non-numeric value is an error."""
    out: list[float | None] = []
    for value in values:
        if _is_missing(value):
            out.append(None)
            continue
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            out.append(1.0 if value else 0.0)
            continue
        if isinstance(value, str | bytes):
            msg = (
                f"{argument!r}: column {name!r} must be numeric, got {value!r}; encode a "
                "category as 0/1 indicator columns"
            )
            raise InvalidInputError(argument, msg)
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            msg = f"{argument!r}: column {name!r} must be numeric, got {value!r}"
            raise InvalidInputError(argument, msg) from None
        if math.isinf(number):
            msg = f"{argument!r}: column {name!r} has an infinite value ({value!r})"
            raise InvalidInputError(argument, msg)
        out.append(number)
    return out
