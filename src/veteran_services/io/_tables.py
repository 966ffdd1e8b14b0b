"""Any table of results as a file people open: a pandas frame (``scoring.score_frame``,
``to_frame()`` of a metrics table) or a list of dicts, as CSV with the byte-order mark or as
an Excel workbook, atomically and never over an existing file unless asked.

The rules are those of every table the library writes (:mod:`veteran_services._tablefiles`):
numbers rounded for reading in CSV (every digit kept in the workbook's cells), text a
spreadsheet would run kept as text, empty cells for missing values.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from veteran_services._checks import checked
from veteran_services._tablefiles import csv_bytes, excel_bytes, write_new
from veteran_services.errors import InvalidInputError

__all__ = ["TABLE_FORMATS", "write_table"]

#: The files :func:`write_table` writes, by suffix.
TABLE_FORMATS = (".csv", ".xlsx")


def _missing(value: object) -> bool:
    """Whether *value* is pandas' or numpy's "missing" (``NA``, ``NaT``, NaN)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    kind = type(value)
    return kind.__module__.startswith("pandas") and kind.__name__ in {"NAType", "NaTType"}


def _plain(value: object) -> object:
    """A frame's cell as the writers take it: None for missing, numpy scalars as Python's."""
    if _missing(value):
        return None
    item = getattr(value, "item", None)  # a numpy scalar (int64, bool_, float64)
    if item is not None and type(value).__module__ == "numpy":
        return item()
    return value


def _frame_table(frame: Any) -> tuple[list[str], Iterable[Sequence[object]]]:
    index = frame.index
    default = type(index).__name__ == "RangeIndex" and index.name is None
    if not default:  # a grouped result: its index holds the groups, so it is written too
        frame = frame.reset_index()
    columns = [str(column) for column in frame.columns]
    rows = ([_plain(value) for value in row] for row in frame.itertuples(index=False, name=None))
    return columns, rows


def _dict_table(rows: Sequence[object]) -> tuple[list[str], list[list[object]]]:
    columns: list[str] = []
    mappings: list[Mapping[Any, Any]] = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            msg = f"'table' row {number} must be a mapping of column to value, got {row!r}"
            raise InvalidInputError("table", msg)
        mappings.append({str(key): value for key, value in row.items()})
        columns.extend(str(key) for key in row if str(key) not in columns)
    cells = [[_plain(row.get(column)) for column in columns] for row in mappings]
    return columns, cells


@checked
def write_table(
    path: str | os.PathLike[str],
    table: Any,
    *,
    overwrite: bool = False,
    bom: bool = True,
    digits: int | None = 4,
    sheet: str = "table",
) -> Path:
    """Write a table of results to *path*: ``.csv`` (UTF-8 with the byte-order mark, so
    Excel and WPS read Chinese correctly) or ``.xlsx`` (needs the ``excel`` extra), told by
    the suffix; atomically, and never over an existing file unless *overwrite*.

    For a pandas frame the columns are the frame's; an index that is not the default
    (0, 1, 2, ... unnamed, as after a ``groupby``) is written as the first columns. For a
    list of dicts the columns are the keys, in the order first seen. Missing values (None,
    NaN, pandas' ``NA`` and ``NaT``) are empty cells.

    Args:
        path: The file to write (:data:`TABLE_FORMATS`).
        table: A :class:`pandas.DataFrame` (``scoring.score_frame(...)``,
            ``indicator_table(...).to_frame()``) or a list of dicts.
        overwrite: Replace an existing file (refused otherwise).
        bom: Start a CSV with the byte-order mark; ``False`` for programs that do not expect
            it.
        digits: Decimal places of floats: rounded in CSV, shown in the workbook (whose
            cells keep every digit); None keeps them all.
        sheet: The workbook's sheet name.

    Returns:
        The path written.

    Raises:
        InvalidInputError: *table* is neither a frame nor a list of dicts; *path* has
            another suffix, exists without *overwrite*, is a folder or a link; or a bad
            *bom* or *digits*.
        MissingExtraError: openpyxl is not installed (for ``.xlsx``).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> rows = [{"district": "320115", "name": "江宁区", "rate": 0.565632}]
    >>> write_table(folder / "rates.csv", rows).read_bytes().decode("utf-8")
    '\\ufeffdistrict,name,rate\\r\\n320115,江宁区,0.5656\\r\\n'
    """
    given: object = path  # checked, whatever the annotation says
    if not isinstance(given, str | os.PathLike):
        msg = f"'path' must be a file name, got {type(given).__name__}"
        raise InvalidInputError("path", msg)
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_FORMATS:
        msg = f"'path' must end in {' or '.join(TABLE_FORMATS)}, got {os.fspath(path)!r}"
        raise InvalidInputError("path", msg)
    columns: list[str]
    rows: Iterable[Sequence[object]]
    if hasattr(table, "itertuples") and hasattr(table, "columns"):
        columns, rows = _frame_table(table)
    elif isinstance(table, Sequence) and not isinstance(table, str | bytes):
        columns, rows = _dict_table(table)
    else:
        msg = f"'table' must be a pandas DataFrame or a list of dicts, got {type(table).__name__}"
        raise InvalidInputError("table", msg)
    if suffix == ".csv":
        data = csv_bytes(columns, rows, bom=bom, digits=digits)
    else:
        data = excel_bytes(columns, rows, sheet=sheet, digits=digits)
    return write_new(path, data, overwrite=overwrite)
