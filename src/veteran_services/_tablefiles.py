"""Table results as files people open: CSV that spreadsheet programs read as UTF-8, and Excel
workbooks; written atomically, and never over an existing file unless asked.

Shared by every table result of the library (:class:`~veteran_services.metrics.Table`,
league tables, ...) and by the command line, below the layers that must not import
:mod:`veteran_services.io`:

- **CSV** starts with the UTF-8 byte-order mark by default (``bom=True``), which is how Excel
  and WPS know the file is UTF-8 (without it they read Chinese as GBK and garble it); ``bom=False``
  leaves it out for programs that do not expect it.
- **Numbers for people**: a float is rounded to *digits* decimal places (4 by default: a share
  of 0.7234 is 72.34 %); integers and exact decimals (amounts of money) are written as they
  are. The full precision stays in the object and JSON forms (``to_rows``, ``io.dumps``) and
  in the workbook, whose cells keep every digit and only *show* them rounded.
- **Text a spreadsheet would run** (a cell starting with ``=``, ``+``, ``-`` or ``@``) gets a
  leading apostrophe in CSV (OWASP's CSV-injection advice) and is stored as text in a workbook.
- **Atomic and exclusive**: the file is written beside the target under a temporary name and
  moved into place when complete; an existing file is refused unless ``overwrite=True``
  (then it is replaced in one step), a symbolic link is refused always.
"""

from __future__ import annotations

import csv
import importlib
import io
import math
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError, MissingExtraError

__all__ = ["csv_bytes", "excel_bytes", "link_new", "people_value", "refuse_existing", "write_new"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _shown(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 120 else "..." + text[-117:]


@checked
def write_new(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> Path:
    """Write *data* to *path* atomically; an existing *path* only with *overwrite*.

    Raises:
        InvalidInputError: *path* exists and *overwrite* is false, or it is a symbolic link or
            a folder.
        FileNotFoundError: the folder *path* is in does not exist.
    """
    overwrite = _flag(overwrite, "overwrite")
    target = refuse_existing(path, overwrite=overwrite)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:100]}.writing-")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        if overwrite:
            os.replace(temporary, target)
        else:
            link_new(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


@checked
def refuse_existing(path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Refuse *path* as :func:`write_new` would, before the work of making its contents:
    a symbolic link, a folder, or an existing file without *overwrite*.

    Returns:
        The absolute path.

    Raises:
        InvalidInputError: as :func:`write_new`, naming the file.
    """
    overwrite = _flag(overwrite, "overwrite")
    target = Path(os.path.abspath(os.fspath(path)))
    if target.is_symlink():
        msg = (
            f"'path' is a symbolic link ({_shown(target)!r}); the writers never write through "
            "a link they did not make: give the real path, or remove the link"
        )
        raise InvalidInputError("path", msg)
    if target.is_dir():
        msg = f"'path' must be a file, got a folder ({_shown(target)!r})"
        raise InvalidInputError("path", msg)
    if target.exists() and not overwrite:
        raise _exists(target)
    return target


def _flag(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    msg = f"{name!r} must be True or False, got {value!r}"
    raise InvalidInputError(name, msg)


def _exists(target: Path) -> InvalidInputError:
    msg = (
        f"'path' already exists ({_shown(target)!r}); pass overwrite=True to replace it, or "
        "choose a new name"
    )
    return InvalidInputError("path", msg)


def link_new(temporary: str, target: Path) -> None:
    """Move the file *temporary* to *target* only if *target* does not exist (no race: a hard
    link fails on an existing name), falling back to a rename where links are not possible.

    Raises:
        InvalidInputError: *target* exists (naming it; *temporary* is left for the caller).
    """
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise _exists(target) from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise _exists(target) from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


def people_value(value: object, digits: int | None) -> object:
    """*value* as a person reads it in a file: a float rounded to *digits* places (kept when
    *digits* is None; a float that is not a number, or infinite, is empty), anything else as
    it is.

    >>> people_value(0.723456789, 4), people_value(1.0, 4), people_value(Decimal("5292.50"), 4)
    (0.7235, 1.0, Decimal('5292.50'))
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return value if digits is None else round(value, digits)
    return value


def _check_digits(digits: object) -> int | None:
    if digits is None or (isinstance(digits, int) and not isinstance(digits, bool) and digits >= 0):
        return digits
    msg = f"'digits' must be a whole number of decimal places (0 or more) or None, got {digits!r}"
    raise InvalidInputError("digits", msg)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)  # True / False, as the files have always said
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_STARTS) else value
    if isinstance(value, list | tuple):
        return "; ".join(_cell_text(item) for item in value)
    return str(value)


@checked
def csv_bytes(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    bom: bool = True,
    digits: int | None = 4,
    lineterminator: str = "\r\n",
) -> bytes:
    """The CSV file of a table: a header of *columns*, one line per row (see the module;
    lines end in *lineterminator*, CRLF as RFC 4180 says by default).

    >>> csv_bytes(["group", "value"], [["320115", 0.723456], ["Total", None]])[:3]
    b'\\xef\\xbb\\xbf'
    >>> csv_bytes(["n"], [[1]], bom=False)
    b'n\\r\\n1\\r\\n'
    """
    bom = _flag(bom, "bom")
    digits = _check_digits(digits)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=lineterminator)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell_text(people_value(value, digits)) for value in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def _openpyxl() -> Any:
    try:
        return importlib.import_module("openpyxl")  # the optional extra, imported when used
    except ImportError as error:
        msg = (
            "writing .xlsx files needs openpyxl: install the 'excel' extra "
            "(pip install -e '.[excel]' from a checkout)"
        )
        raise MissingExtraError(msg) from error


@checked
def excel_bytes(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet: str = "table",
    digits: int | None = 4,
) -> bytes:
    """The .xlsx workbook of a table: one sheet, a bold header row kept in view, numbers as
    numbers with every digit (shown to *digits* places), text always as text (never a
    formula), empty cells for missing values. Needs the ``excel`` extra (openpyxl)."""
    digits = _check_digits(digits)
    openpyxl = _openpyxl()
    styles = importlib.import_module("openpyxl.styles")
    utils = importlib.import_module("openpyxl.utils")
    book = openpyxl.Workbook()
    page = book.active
    page.title = re.sub(r"[\[\]:*?/\\]", "_", sheet)[:31] or "table"
    page.append(list(columns))
    for cell in page[1]:
        cell.font = styles.Font(bold=True)
    shown = "0" if digits == 0 else "0." + "0" * digits if digits else "General"
    for number, row in enumerate(rows, start=2):
        values: list[object] = []
        for value in row:
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            elif isinstance(value, Decimal):
                value = float(value)  # a workbook's numbers are binary; the exact text is CSV's
            elif isinstance(value, list | tuple):
                value = _cell_text(value)
            values.append(value)
        page.append(values)
        # the row's cells by number: page[page.max_row] scans every cell, which made a
        # workbook of n rows take time n² (75 s for the sample city's 3,819 scores)
        cells = (page.cell(row=number, column=at) for at in range(1, len(values) + 1))
        for cell, value in zip(cells, row, strict=False):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
            elif isinstance(value, float) and cell.value is not None:
                cell.number_format = shown
            elif isinstance(value, Decimal) and value.is_finite():
                exponent = value.as_tuple().exponent
                places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
                cell.number_format = "0." + "0" * places if places else "0"
    page.freeze_panes = "A2"
    for index, name in enumerate(columns, start=1):
        letter = utils.get_column_letter(index)
        page.column_dimensions[letter].width = max(10, min(40, 2 * len(str(name)) + 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
