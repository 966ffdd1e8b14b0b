"""Excel and OpenDocument workbooks: the same records, columns and problems as CSV.

Reading uses python-calamine (a binding of the Rust calamine crate) and writing uses openpyxl,
both in the optional ``excel`` extra. calamine reads ``.xlsx``, ``.xls`` and ``.ods`` alike and,
measured on a 14,836-row placements sheet (``benchmarks/bench_excel.py``), reads its cells 14
times faster than openpyxl's read-only mode; openpyxl is the well-kept writer of ``.xlsx``.

A sheet is read exactly like a CSV file (:func:`veteran_services.io.read_rows` is their common
engine): the header is row 1 (or *header_row*), cells are read leniently, every problem names
the sheet, the row and the column as headed. Cells a spreadsheet program typed are turned into
the text a person would have typed: a date cell into ``2024-03-01``, a whole number into
``40``, a fraction into its shortest exact decimal (``4500.5``), true/false into ``true``/
``false``. A number cell with more than 15 digits (an identity number typed as a number) has
already lost digits in the workbook and is refused, never guessed.
"""

from __future__ import annotations

import importlib
import io as _stdio
import math
import re
import zipfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final

from veteran_services._checks import checked, is_whole
from veteran_services._tablefiles import refuse_existing, write_new
from veteran_services.errors import InvalidInputError, MissingExtraError, RecordError
from veteran_services.io._csv import CSV_KINDS, read_rows, text_table
from veteran_services.io._json import Errors, ReadResult
from veteran_services.io._kinds import kind_of
from veteran_services.io._problems import Place, file_problem
from veteran_services.io._sniff import file_head, workbook_format
from veteran_services.model import Caseload, Instrument

__all__ = ["read_excel", "read_excel_caseload", "sheet_rows", "write_excel"]

_ESCAPED_RE: Final = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
# characters an XML worksheet cannot hold as they are (and \r, which XML turns into \n)
_UNWRITABLE_RE: Final = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
#: The most a workbook (a ZIP archive) may unpack to, per byte of its size (office files
#: compress text about 5 to 20 times; a zip bomb, thousands of times).
MAX_UNPACK_RATIO: Final = 100
_EXACT_DIGITS: Final = 15
#: A row of a sheet: its number and text cells, and the problems of cells not read exactly.
SheetRow = (
    tuple[int, list[str]] | tuple[int, list[str], list[str]]
)  # a double holds every integer of up to 15 digits exactly
_SHEET_NAME_LIMIT: Final = 31  # Excel's limit on a sheet's name


def _missing(package: str, what: str) -> MissingExtraError:
    """The error for a missing package of the ``excel`` extra, saying how to install it."""
    return MissingExtraError(
        f"{what} needs {package}: install the 'excel' extra (pip install 'veteran-services[excel]')"
    )


def _calamine() -> Any:
    try:
        return importlib.import_module("python_calamine")
    except ImportError as error:
        raise _missing("python-calamine", "reading workbooks") from error


def _openpyxl() -> Any:
    try:
        return importlib.import_module("openpyxl")
    except ImportError as error:
        raise _missing("openpyxl", "writing workbooks") from error


# --- cells ---------------------------------------------------------------------------------


class _Inexact(ValueError):
    """A number cell that cannot be read exactly."""


def cell_text(value: Any) -> str:
    """The text a person would have typed for a workbook cell as calamine returns it.

    >>> [cell_text(v) for v in (None, "江宁区", 40.0, 4500.5, True, date(2024, 3, 1))]
    ['', '江宁区', '40', '4500.5', 'true', '2024-03-01']
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Inexact("is not a finite number")
        if value.is_integer():
            if abs(value) >= 10**_EXACT_DIGITS:
                raise _Inexact(
                    f"is a number of more than {_EXACT_DIGITS} digits, which a spreadsheet "
                    "cannot hold exactly (digits are already lost); format the column as text "
                    "and type the value again"
                )
            return str(int(value))
        return repr(value)
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value)


# --- reading -------------------------------------------------------------------------------


def _open(path: Path) -> Any:
    head = file_head(path)
    if workbook_format(head) is None:
        msg = (
            f"{path.name}: is not a spreadsheet workbook (xlsx, xls or ods); read text files "
            "with io.read_csv or io.read_ledger"
        )
        raise RecordError([file_problem(path.name, msg)], source=str(path))
    if workbook_format(head) in ("xlsx", "ods"):
        _check_unpacked_size(path)
    calamine = _calamine()
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine's own errors: a damaged or encrypted workbook
        msg = f"{path.name}: the workbook could not be read ({type(error).__name__}: {error})"
        raise RecordError([file_problem(path.name, msg)], source=str(path)) from None


def _check_unpacked_size(path: Path) -> None:
    """Refuse a zip bomb before it is unpacked: an .xlsx or .ods is a ZIP archive, and one whose
    members unpack to more than :data:`MAX_UNPACK_RATIO` times its size (plus 16 MB) is no
    spreadsheet an office saved."""
    size = path.stat().st_size
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        msg = f"{path.name}: the workbook could not be read ({type(error).__name__}: {error})"
        raise RecordError([file_problem(path.name, msg)], source=str(path)) from None
    if unpacked > MAX_UNPACK_RATIO * size + 16 * 2**20:
        msg = (
            f"{path.name}: unpacks to {unpacked:,} bytes from {size:,}, more than a saved "
            "workbook does (refused unread)"
        )
        raise RecordError([file_problem(path.name, msg)], source=str(path))


def _pick_sheet(book: Any, sheet: str | int | None, default: str | None, name: str) -> str:
    names: list[str] = list(book.sheet_names)
    if not names:
        raise RecordError([file_problem(name, f"{name}: the workbook has no sheet")], source=name)
    if sheet is None:
        return default if default in names else names[0]
    if isinstance(sheet, bool) or not isinstance(sheet, str | int):
        msg = f"'sheet' must be a sheet's name or its position (0, 1, ...), got {sheet!r}"
        raise InvalidInputError("sheet", msg)
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            msg = f"'sheet' {sheet} is not in the workbook, whose sheets are {names}"
            raise InvalidInputError("sheet", msg)
        return names[sheet]
    if sheet not in names:
        msg = f"'sheet' {sheet!r} is not in the workbook, whose sheets are {names}"
        raise InvalidInputError("sheet", msg)
    return sheet


def sheet_rows(
    path: str | Path, *, sheet: str | int | None = None, default: str | None = None
) -> tuple[str, list[SheetRow]]:
    """The rows of one sheet as text cells: ``(where, rows)``, where *where* names the sheet for
    problem lines (``"台账.xlsx sheet '在岗'"``) and each row is ``(row number, cells)``, or
    ``(row number, cells, problems)`` for a row with cells that cannot be read exactly (such a
    cell is blank in *cells*).

    Args:
        path: The workbook (told by its signature: .xlsx, .xls or .ods).
        sheet: The sheet's name or position; by default the sheet named *default*, else the
            first.
        default: The sheet to take when *sheet* is None and the workbook has it.
    """
    file = Path(path)
    book = _open(file)
    chosen = _pick_sheet(book, sheet, default, file.name)
    where = f"{file.name} sheet {chosen!r}"
    try:
        raw = book.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except Exception as error:
        msg = f"{where}: could not be read ({type(error).__name__}: {error})"
        raise RecordError([file_problem(where, msg)], source=str(file)) from None
    header_cells = raw[0] if raw else []
    rows: list[SheetRow] = []
    for index, cells in enumerate(raw, start=1):
        texts = []
        unreadable: list[str] = []
        for position, value in enumerate(cells):
            try:
                texts.append(cell_text(value))
            except _Inexact as error:
                heading = header_cells[position] if position < len(header_cells) else ""
                place = Place(f"{where} row {index}", file=where, row=index, column=str(heading))
                unreadable.append(
                    place.problem(str(error), text=f", column {str(heading)!r}: {error}")
                )
                texts.append("")
        # a trailing run of empty cells is no cell at all (as in a CSV file)
        while texts and texts[-1] == "":
            texts.pop()
        rows.append((index, texts, unreadable) if unreadable else (index, texts))
    return where, rows


@checked
def read_excel(
    path: str | Path,
    cls: type[Any],
    *,
    sheet: str | int | None = None,
    header_row: int = 1,
    columns: Mapping[str, str] | None = None,
    dayfirst: bool = False,
    errors: Errors = "raise",
    strict: bool = True,
    instruments: Iterable[Instrument] = (),
    check_identity: bool = False,
    match_titles: bool = False,
) -> ReadResult[Any]:
    """Read records of one kind from a sheet of a workbook, like :func:`read_csv` reads a file.

    The same column mappings (``columns=CHINESE_COLUMNS["placements"]``), lenient cells,
    problem lines (``台账.xlsx sheet '在岗' row 5, column '月工资': ...``) and collect mode as
    :func:`read_csv`. Date cells and dates typed as text are both read. Needs the ``excel``
    extra.

    Args:
        path: The workbook: ``.xlsx``, ``.xls`` or ``.ods`` (told by the file's signature, not
            its name).
        cls: The record class (any of :data:`CSV_KINDS`).
        sheet: The sheet's name or position (0 is the first); by default the sheet named after
            the record kind (``"placements"``, as :func:`write_excel` names it), else the first.
        header_row: The row holding the column headers (1 is the first row); rows above it
            (a title, a date) are skipped.
        columns, dayfirst, errors, strict, instruments, check_identity, match_titles: As for
            :func:`read_csv`.

    Returns:
        A :class:`ReadResult` (iterable over its records).

    Raises:
        RecordError: with ``errors="raise"``, if any row or cell had a problem; in any mode,
            if the file is not a workbook or the header row is missing.
        MissingExtraError: python-calamine is not installed.
    """
    if not is_whole(header_row) or header_row < 1:
        msg = f"'header_row' must be a whole number from 1, got {header_row!r}"
        raise InvalidInputError("header_row", msg)
    where, rows = sheet_rows(path, sheet=sheet, default=kind_of(cls))
    header_line = next((row for row in rows if row[0] == header_row), None)
    if header_line is None or not header_line[1]:
        place = Place(f"{where} row {header_row}: ", file=where, row=header_row)
        raise RecordError([place.problem("empty, a header row is needed")], source=str(path))
    if len(header_line) == 3:
        raise RecordError(list(header_line[2]), source=str(path))
    return read_rows(
        where,
        str(path),
        header_line[1],
        [row for row in rows if row[0] > header_row],
        cls,
        columns=columns,
        dayfirst=dayfirst,
        errors=errors,
        strict=strict,
        instruments=instruments,
        check_identity=check_identity,
        match_titles=match_titles,
    )


@checked
def read_excel_caseload(path: str | Path, *, errors: Errors = "raise") -> Caseload:
    """A caseload from a workbook :func:`write_excel` wrote from one (a sheet per record kind,
    named after the kind; kinds without a sheet are empty).

    Raises:
        RecordError: every problem of every sheet, together (with ``errors="collect"`` the
            valid records are kept and the problems dropped: check them with
            :func:`read_excel` per sheet).
        MissingExtraError: python-calamine is not installed.
    """
    book = _open(Path(path))
    names = set(book.sheet_names)
    instruments: tuple[Instrument, ...] = ()
    kinds: dict[str, tuple[Any, ...]] = {}
    problems: list[str] = []
    order = ["instruments", *(k for k in CSV_KINDS if k != "instruments")]
    for kind in order:
        if kind not in names:
            continue
        result = read_excel(
            path, CSV_KINDS[kind], sheet=kind, errors="collect", instruments=instruments
        )
        problems.extend(result.problems)
        kinds[kind] = result.records
        if kind == "instruments":
            instruments = result.records
    if problems and errors == "raise":
        raise RecordError(problems, source=str(path))
    return Caseload(**kinds)


# --- writing -------------------------------------------------------------------------------


@checked
def write_excel(
    path: str | Path,
    records: Iterable[Any] | Caseload,
    *,
    cls: type[Any] | None = None,
    sheet: str | None = None,
    include_personal: bool = False,
    overwrite: bool = False,
) -> int:
    """Write records to an ``.xlsx`` workbook: one sheet of one record kind, or a whole
    :class:`Caseload` as one sheet per record kind (named after the kind).

    Every cell is written as text, exactly as :func:`write_csv` writes it (so a workbook reads
    back equal, and a spreadsheet program never turns an id into a number or a date into its
    serial), with the header row frozen. The file is written to a temporary file beside *path*
    and moved into place only when complete. An existing file is refused, naming it, before
    the workbook is made, unless *overwrite* (then it is replaced in one step). Needs the
    ``excel`` extra.

    Args:
        path: The workbook to write (a symbolic link is refused, never written through).
        records: Records of one kind (any of :data:`CSV_KINDS`), or a caseload.
        cls: The record class; needed only when *records* may be empty.
        sheet: The sheet's name for one kind (by default the kind: ``"placements"``).
        include_personal: Write veterans' personal details.
        overwrite: Replace *path* if it exists (in one step: a reader sees the old file or
            the new one); refused otherwise.

    Returns:
        The number of records written.

    Raises:
        InvalidInputError: a *path* that exists without *overwrite* (naming it), or that is
            a symbolic link or a folder.
        MissingExtraError: openpyxl is not installed.
    """
    refuse_existing(path, overwrite=overwrite)  # before the work of making the workbook
    openpyxl = _openpyxl()
    if isinstance(records, Caseload):
        sheets = [
            (
                kind,
                text_table(
                    getattr(records, kind), cls=CSV_KINDS[kind], include_personal=include_personal
                ),
            )
            for kind in CSV_KINDS
        ]
    else:
        rows = list(records)
        chosen = cls if cls is not None else (type(rows[0]) if rows else None)
        header, cells = text_table(rows, cls=chosen, include_personal=include_personal)
        name = sheet if sheet is not None else (kind_of(chosen) if chosen else None) or "records"
        _check_sheet_name(name)
        sheets = [(name, (header, cells))]
    book = openpyxl.Workbook()
    book.remove(book.active)
    count = 0
    for name, (header, cells) in sheets:
        page = book.create_sheet(title=name)
        for row in (header, *cells):
            page.append([_escaped(text) for text in row])
        for line in page.iter_rows():
            for cell in line:
                cell.data_type = "s"  # text, never a formula (a cell may start with "=")
                cell.number_format = "@"
        page.freeze_panes = "A2"
        count += len(cells)
    buffer = _stdio.BytesIO()
    book.save(buffer)
    write_new(path, buffer.getvalue(), overwrite=overwrite)
    return count


def _escaped(text: str) -> str:
    """*text* as an OOXML string holds it: a character XML cannot carry as ``_xHHHH_``, and the
    ``_`` of a literal ``_xHHHH_`` as ``_x005F_`` (ECMA-376 Part 1, §22.4.2.4, ST_Xstring), which
    readers (calamine, Excel) turn back into the text written."""
    text = _ESCAPED_RE.sub(r"_x005F_\1", text)
    return _UNWRITABLE_RE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _check_sheet_name(name: object) -> None:
    if (
        not isinstance(name, str)
        or not name.strip()
        or len(name) > _SHEET_NAME_LIMIT
        or any(c in name for c in "[]:*?/\\")
    ):
        msg = (
            f"'sheet' must be a sheet name of 1 to {_SHEET_NAME_LIMIT} characters without "
            f"[]:*?/\\, got {name!r}"
        )
        raise InvalidInputError("sheet", msg)
