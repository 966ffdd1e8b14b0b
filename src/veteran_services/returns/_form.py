"""The annual MVA return as a file laid out like the paper form (``.xlsx`` or ``.csv``).

One grid of cells, the same in both formats::

    新增自主就业退役士兵就业及去向情况表
    年度 | 2023 | 统计截止日期 | 2024-06-30
    单位代码 | 单位名称 | 自主就业退役士兵数 | 学历提升·退役大学生士兵复学人数 | ...
    甲 | 乙 | A | B | ... | N
    320102 | 玄武区 | 120 | 10 | ...
    ...
      | 合计 | ...
    (blank)
    填表说明 | 1. A = B + C + D + L ...
    未计入 | 320102 | 玄武区 | 退役后无任何记录 | 3

A withheld (suppressed) cell is ``*``. Reading checks every rule of the form and reports each
broken one with its row and the two sides; the other rows still load.
"""

from __future__ import annotations

import csv
import importlib
import io as _stdio
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final

from attrs import field, frozen

from veteran_services._checks import checked
from veteran_services._tablefiles import write_new
from veteran_services.codes import label
from veteran_services.errors import InvalidInputError, MissingExtraError
from veteran_services.returns.mva import (
    LETTERS,
    MVA_BOUNDS,
    MVA_COLUMNS,
    MVA_IDENTITIES,
    MVA_TITLE,
    TOTAL_NAME,
    TOTAL_UNIT,
    MvaReturn,
    MvaRow,
    ReturnProblem,
    check_rows,
)

__all__ = ["MvaReturnFile", "combine_mva_returns", "read_mva_return", "write_mva_return"]

_YEAR: Final = "年度"
_AS_OF: Final = "统计截止日期"
_NOTES: Final = "填表说明"
_UNCOUNTED: Final = "未计入"
_WITHHELD: Final = "*"
_SHEET: Final = "新增自主就业退役士兵"
_HEADER: Final = ("单位代码", "单位名称", *(column.heading for column in MVA_COLUMNS))
_LETTER_ROW: Final = ("甲", "乙", *LETTERS)


@frozen(kw_only=True)
class MvaReturnFile:
    """A return as read from a file (or added up from several).

    Attributes:
        source: The file's name (or ``"combined"``).
        year: The return's year, or None when the file does not say.
        as_of: The as-of date, or None when the file does not say.
        rows: Every row that could be read, in the file's order (the total last when it has
            one), including rows that break a rule.
        problems: The broken rules of the form, each with its row and the two sides.
        errors: Rows that could not be read at all (a cell that is not a count), with why.
        uncounted: (unit name, reason as written) → persons the return left uncounted.
    """

    source: str
    year: int | None
    as_of: date | None
    rows: tuple[MvaRow, ...]
    problems: tuple[ReturnProblem, ...] = ()
    errors: tuple[str, ...] = ()
    uncounted: Mapping[tuple[str, str], int] = field(factory=dict)

    @property
    def ok(self) -> bool:
        """Whether every row was read and every rule holds."""
        return not self.problems and not self.errors

    @checked
    def valid_rows(self) -> tuple[MvaRow, ...]:
        """The rows that break no rule."""
        broken = {problem.row for problem in self.problems}
        return tuple(row for row in self.rows if row.name not in broken)

    @checked
    def row(self, unit: str) -> MvaRow:
        """The row of the unit with code (or Chinese name) *unit*."""
        for row in self.rows:
            if unit in (row.unit, row.name):
                return row
        msg = f"'unit' must be a unit of {self.source}, got {unit!r}"
        raise InvalidInputError("unit", msg)


# --- writing ---------------------------------------------------------------------------------


def _grid(ret: MvaReturn | MvaReturnFile) -> list[list[str | int]]:
    grid: list[list[str | int]] = [[MVA_TITLE]]
    meta: list[str | int] = []
    if ret.year is not None:
        meta += [_YEAR, ret.year]
    if ret.as_of is not None:
        meta += [_AS_OF, ret.as_of.isoformat()]
    grid.append(meta)
    grid.append(list(_HEADER))
    grid.append(list(_LETTER_ROW))
    for row in ret.rows:
        counts = [row.counts[letter] for letter in LETTERS]
        code = "" if row.unit == TOTAL_UNIT else row.unit  # the form's 合计 row has no code
        grid.append([code, row.name, *(_WITHHELD if c is None else c for c in counts)])
    grid.append([])
    rules = [str(rule) for rule in (*MVA_IDENTITIES, *MVA_BOUNDS)]
    notes = [
        "主要去向为学历提升(B、C)或就业创业(D、L)之一,每人只统计一次",
        *(f"{n}. {rule}" for n, rule in enumerate(rules, start=1)),
    ]
    suppress = ret.suppress if isinstance(ret, MvaReturn) else None
    if suppress is not None:
        notes.append(f"{_WITHHELD} 表示该格人数少于{suppress}人或可据此推算,不予公布")
    grid.append([_NOTES, *notes])
    if isinstance(ret, MvaReturn):
        names = ret.unit_names()
        for (unit, why), count in ret.uncounted_by_unit().items():
            code = unit or ""
            grid.append([_UNCOUNTED, code, names.get(code, ""), label(why, "zh"), count])
    else:
        for (name, reason), count in ret.uncounted.items():
            grid.append([_UNCOUNTED, "", name, reason, count])
    return grid


@checked
def write_mva_return(
    ret: MvaReturn | MvaReturnFile, path: str | Path, *, overwrite: bool = False
) -> Path:
    """Write the return laid out like the form: ``.xlsx`` (needs the ``excel`` extra) or
    ``.csv`` (UTF-8 with a byte-order mark, as spreadsheet programs expect), told by *path*'s
    suffix. The veterans behind each cell are never written.

    The file is written beside *path* and moved into place when complete; an existing file is
    replaced only with *overwrite* (in one step: a reader sees the old return or the new).

    Args:
        ret: The return (computed, or read back with :func:`read_mva_return`).
        path: The file to write.
        overwrite: Replace *path* if it exists (refused otherwise).

    Returns:
        The path written.

    Raises:
        InvalidInputError: a suffix other than ``.xlsx`` or ``.csv``; *path* exists without
            *overwrite* (the message names it), or is a folder or a symbolic link.
        MissingExtraError: openpyxl is not installed (for ``.xlsx``).
    """
    target = Path(path)
    suffix = target.suffix.lower()
    grid = _grid(ret)
    if suffix == ".csv":
        buffer = _stdio.StringIO(newline="")
        csv.writer(buffer).writerows(grid)
        data = buffer.getvalue().encode("utf-8-sig")
    elif suffix == ".xlsx":
        saved = _stdio.BytesIO()
        _workbook(grid).save(saved)
        data = saved.getvalue()
    else:
        msg = f"'path' must end in .xlsx or .csv, got {str(path)!r}"
        raise InvalidInputError("path", msg)
    write_new(target, data, overwrite=overwrite)
    return target


def _openpyxl() -> Any:
    try:
        openpyxl = importlib.import_module("openpyxl")  # an optional extra
    except ImportError as error:
        msg = (
            "writing and reading .xlsx returns needs openpyxl: install the 'excel' extra "
            "(pip install 'veteran-services[excel]')"
        )
        raise MissingExtraError(msg) from error
    return openpyxl


def _workbook(grid: list[list[str | int]]) -> Any:
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _SHEET
    for line in grid:
        sheet.append(line)
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    sheet.freeze_panes = "C5"
    return book


# --- reading ---------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cells(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        return [[cell.strip() for cell in line] for line in csv.reader(_stdio.StringIO(text))]
    if suffix == ".xlsx":
        book = _openpyxl().load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book[_SHEET] if _SHEET in book.sheetnames else book.worksheets[0]
            grid = [[_text(value) for value in line] for line in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
        for line in grid:
            while line and line[-1] == "":
                line.pop()
        return grid
    msg = f"'path' must end in .xlsx or .csv, got {str(path)!r}"
    raise InvalidInputError("path", msg)


def _count(text: str) -> int | None:
    if text == _WITHHELD:
        return None
    if not text.isdigit() or not text.isascii():
        raise ValueError(text)
    return int(text)


@checked
def read_mva_return(path: str | Path) -> MvaReturnFile:
    """Read a return written like the form (by :func:`write_mva_return`, or filled by hand in
    that layout) and check every rule of the form.

    Each broken rule is reported with its row and the two sides (``玄武区 row: A (120) ≠ B + C
    + D + L (118)``), and the row is still read; a row with a cell that is not a count (nor
    ``*``) is not read and is reported in ``errors``. The rows are found below the row of
    letters ``甲 乙 A ... N`` and end at the first empty row.

    Raises:
        InvalidInputError: a suffix other than ``.xlsx`` or ``.csv``, or a file without the
            row of letters.
    """
    file = Path(path)
    grid = _cells(file)
    year: int | None = None
    as_of: date | None = None
    start = None
    for index, line in enumerate(grid):
        if _YEAR in line[:-1]:
            text = line[line.index(_YEAR) + 1]
            year = int(text) if text.isdigit() else None
        if _AS_OF in line[:-1]:
            try:
                as_of = date.fromisoformat(line[line.index(_AS_OF) + 1])
            except ValueError:
                as_of = None
        if tuple(line[2 : 2 + len(LETTERS)]) == LETTERS:
            start = index + 1
            break
    if start is None:
        msg = f"{file.name}: no row of the form's letters A to N, so not a return of this form"
        raise InvalidInputError("path", msg)
    rows: list[MvaRow] = []
    errors: list[str] = []
    uncounted: dict[tuple[str, str], int] = {}
    end = len(grid)
    for index in range(start, len(grid)):
        line = grid[index]
        if not any(line):
            end = index
            break
        number = index + 1
        if len(line) < 2 + len(LETTERS):
            errors.append(
                f"{file.name} row {number}: has {len(line)} cells, expected {2 + len(LETTERS)}"
            )
            continue
        unit, name = line[0], line[1] or line[0]
        if name == TOTAL_NAME and unit in ("", TOTAL_UNIT):
            unit = TOTAL_UNIT
        counts: dict[str, int | None] = {}
        bad = []
        for letter, text in zip(LETTERS, line[2 : 2 + len(LETTERS)], strict=True):
            try:
                counts[letter] = _count(text)
            except ValueError:
                bad.append(f"{letter} must be a count of persons (or {_WITHHELD}), got {text!r}")
        if bad:
            errors.append(f"{file.name} row {number} ({name}): {'; '.join(bad)}")
            continue
        rows.append(MvaRow(unit=unit, name=name, counts=counts))
    for line in grid[end:]:
        if line and line[0] == _UNCOUNTED and len(line) >= 5 and line[4].isdigit():
            key = (line[2] or line[1], line[3])
            uncounted[key] = uncounted.get(key, 0) + int(line[4])
    return MvaReturnFile(
        source=file.name,
        year=year,
        as_of=as_of,
        rows=tuple(rows),
        problems=tuple(check_rows(rows)),
        errors=tuple(errors),
        uncounted=uncounted,
    )


# --- adding up -------------------------------------------------------------------------------


@checked
def combine_mva_returns(returns: Iterable[MvaReturn | MvaReturnFile]) -> MvaReturnFile:
    """Add up several returns (the districts' returns a city collects): every unit row of
    each, then a new total row.

    Raises:
        InvalidInputError: no returns; a return with a broken rule, an unreadable row or a
            withheld cell (a sum with a withheld cell is not a count); returns of different
            years; a unit that appears in two returns.
    """
    items = list(returns)
    if not items:
        msg = "'returns' must hold at least one return, got none"
        raise InvalidInputError("returns", msg)
    rows: list[MvaRow] = []
    seen: dict[str, str] = {}
    years = {item.year for item in items if item.year is not None}
    if len(years) > 1:
        msg = f"'returns' must all be of one year, got {sorted(years)}"
        raise InvalidInputError("returns", msg)
    uncounted: dict[tuple[str, str], int] = {}
    for item in items:
        where = item.source if isinstance(item, MvaReturnFile) else f"the {item.year} return"
        problems = (
            [str(p) for p in item.problems()]
            if isinstance(item, MvaReturn)
            else [
                *(str(p) for p in item.problems),
                *item.errors,
            ]
        )
        if problems:
            msg = f"'returns': {where} breaks the form's rules: {'; '.join(problems)}"
            raise InvalidInputError("returns", msg)
        for row in item.rows:
            if row.unit == TOTAL_UNIT or row.name == TOTAL_NAME:
                continue
            if any(row.counts[letter] is None for letter in LETTERS):
                msg = (
                    f"'returns': {where} withholds cells of {row.name}; add up unsuppressed returns"
                )
                raise InvalidInputError("returns", msg)
            if row.unit in seen:
                msg = f"'returns': unit {row.name} ({row.unit}) is in {seen[row.unit]} and {where}"
                raise InvalidInputError("returns", msg)
            seen[row.unit] = where
            rows.append(MvaRow(unit=row.unit, name=row.name, counts=dict(row.counts)))
        if isinstance(item, MvaReturn):
            names = item.unit_names()
            for (unit, reason), count in item.uncounted_by_unit().items():
                key = (names.get(unit or "", ""), label(reason, "zh"))
                uncounted[key] = uncounted.get(key, 0) + count
        else:
            for key, count in item.uncounted.items():
                uncounted[key] = uncounted.get(key, 0) + count
    totals = {letter: sum(row.counts[letter] or 0 for row in rows) for letter in LETTERS}
    rows.append(MvaRow(unit=TOTAL_UNIT, name=TOTAL_NAME, counts=totals))
    dates = {item.as_of for item in items if item.as_of is not None}
    if len(dates) > 1:
        msg = f"'returns' must all be as of one date, got {sorted(str(d) for d in dates)}"
        raise InvalidInputError("returns", msg)
    return MvaReturnFile(
        source="combined",
        year=years.pop() if years else None,
        as_of=dates.pop() if dates else None,
        rows=tuple(rows),
        problems=tuple(check_rows(rows)),
        uncounted=uncounted,
    )
