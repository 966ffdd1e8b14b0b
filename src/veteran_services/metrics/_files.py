"""CSV and Excel files of the metrics' table results, for people (see
:mod:`veteran_services._tablefiles`): the byte-order mark, names beside codes, numbers rounded
for reading with every digit kept in the object and JSON forms, atomic writes that never
replace a file unless asked.

:class:`TableFiles` gives a table result that has ``by`` and ``to_rows()`` its ``to_csv`` and
``to_excel``; :func:`unit_namer` names the groups' codes (districts by the region list,
providers by a caseload's records, enum groups by their labels).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from os import PathLike
from pathlib import Path
from typing import Any

from veteran_services import _i18n, codes
from veteran_services._checks import checked, quote
from veteran_services._tablefiles import csv_bytes, excel_bytes, write_new
from veteran_services.errors import InvalidInputError, UnknownCodeError, UnknownKeyError
from veteran_services.model import Caseload, ProgrammeKind, Resettlement, Sex

__all__ = ["TableFiles", "no_row", "unit_namer"]

_REGIONS = frozenset({"region", "veteran_region", "employer_region"})
_ENUMS: dict[str, type[Enum]] = {
    "programme_kind": ProgrammeKind,
    "sex": Sex,
    "resettlement": Resettlement,
}
#: Group labels that are words, not codes.
_WORDS = frozenset({"Total", "unknown"})

Names = Mapping[str, str] | Caseload | None


@checked
def unit_namer(by: str, lang: str, names: Names = None) -> Callable[[str], str] | None:
    """The function that names a group's code for people in *lang*, or None when the groups
    of *by* are words already (sex, age band, ...) and no *names* are given.

    Args:
        by: The grouping (``"region"``, ``"veteran_region"``, ``"employer_region"``,
            ``"provider"``, ...).
        lang: ``"en"`` or ``"zh"``.
        names: A mapping from code to name (used first), or the caseload whose providers'
            names name a ``"provider"`` grouping.

    >>> unit_namer("veteran_region", "zh")("320115")
    '江宁区'
    >>> unit_namer("age_band", "en") is None
    True
    """
    lang = _i18n.check_lang(lang)
    given: Mapping[str, str] = {}
    caseload: Caseload | None = None
    chosen: object = names
    if isinstance(chosen, Caseload):
        caseload = chosen
    elif isinstance(chosen, Mapping):
        given = chosen
    elif chosen is not None:
        msg = (
            f"'names' must be a mapping from code to name or a Caseload, got {type(names).__name__}"
        )
        raise InvalidInputError("names", msg)
    enum = _ENUMS.get(by)
    if not given and by not in _REGIONS and enum is None and not (caseload and by == "provider"):
        return None

    def name(code: str) -> str:
        if code in given:
            return str(given[code])
        if code in _WORDS:
            return _i18n.translate(code, lang)
        if by in _REGIONS:
            try:
                region = codes.region(code)
            except UnknownCodeError:
                return ""
            return region.name_zh if lang == "zh" else region.name_en
        if by == "provider" and caseload is not None:
            try:
                recorded = caseload.provider(code).name
            except LookupError:
                return ""
            found = _i18n.translate(recorded, lang, context="name")
            return recorded if found == recorded else found
        if enum is not None:
            try:
                return codes.label(enum(code), lang=lang)
            except (ValueError, LookupError):
                return ""
        return ""

    return name


class TableFiles:
    """``to_csv`` and ``to_excel`` for a table result with ``by`` and ``to_rows()``."""

    __slots__ = ()

    by: str

    @checked
    def to_rows(self) -> list[dict[str, Any]]:  # pragma: no cover - every table has its own
        """The table as a list of dicts."""
        raise NotImplementedError

    def _file_table(self, lang: str | None, names: Names) -> tuple[list[str], list[list[object]]]:
        """The columns and rows of the files: :meth:`to_rows`, with a ``name`` column after
        ``group`` when the groups are codes."""
        lang = str(getattr(self, "lang", "zh")) if lang is None else lang
        rows = self.to_rows()
        columns = list(rows[0]) if rows else ["group"]
        namer = unit_namer(self.by, lang, names) if isinstance(self.by, str) else None
        if namer is not None and "group" in columns:
            at = columns.index("group") + 1
            columns.insert(at, "name")
            for row in rows:
                row["name"] = namer(str(row["group"]))
        return columns, [[row.get(column) for column in columns] for row in rows]

    @checked
    def to_csv(
        self,
        path: str | PathLike[str],
        *,
        bom: bool = True,
        overwrite: bool = False,
        lang: str | None = None,
        names: Names = None,
        digits: int | None = 4,
    ) -> Path:
        """Write the table as CSV that spreadsheet programs open as UTF-8, atomically.

        The columns of :meth:`to_rows`, with a ``name`` column after ``group`` when the
        groups are codes (districts, providers, ...); numbers rounded to *digits* places
        (every digit stays in :meth:`to_rows` and the JSON form); empty cells for missing
        values; text a spreadsheet would run as a formula starts with an apostrophe.

        Args:
            path: The file to write.
            bom: Start with the UTF-8 byte-order mark, so that Excel and WPS read Chinese
                correctly; ``False`` for programs that do not expect it.
            overwrite: Replace an existing file (refused otherwise).
            lang: The language of the names (``"zh"`` or ``"en"``; default: the table's own
                language where it has one, else ``"zh"``).
            names: Names of the codes: a mapping, or the caseload whose provider names name
                a provider grouping.
            digits: Decimal places of floats; None keeps full precision.

        Returns:
            The path written.

        Raises:
            InvalidInputError: *path* exists without *overwrite*, is a folder or a symbolic
                link; or a bad *lang*, *names* or *digits*.
        """
        columns, rows = self._file_table(lang, names)
        return write_new(
            path, csv_bytes(columns, rows, bom=bom, digits=digits), overwrite=overwrite
        )

    @checked
    def to_excel(
        self,
        path: str | PathLike[str],
        *,
        overwrite: bool = False,
        lang: str | None = None,
        names: Names = None,
        digits: int | None = 4,
    ) -> Path:
        """Write the table as an Excel workbook (.xlsx; needs the ``excel`` extra), atomically.

        The columns of :meth:`to_csv`; numbers are numbers with every digit, shown to
        *digits* places; text is stored as text (never run as a formula).

        Args:
            path: The file to write.
            overwrite: Replace an existing file (refused otherwise).
            lang: The language of the names (see :meth:`to_csv`).
            names: Names of the codes (see :meth:`to_csv`).
            digits: Decimal places shown (the cells keep every digit); None shows them all.

        Returns:
            The path written.

        Raises:
            InvalidInputError: as for :meth:`to_csv`.
            MissingExtraError: openpyxl is not installed.
        """
        columns, rows = self._file_table(lang, names)
        data = excel_bytes(
            columns, rows, sheet=str(getattr(self, "metric", "table")), digits=digits
        )
        return write_new(path, data, overwrite=overwrite)


#: The most codes a message about a missing row lists.
_MAX_LISTED = 20


def no_row(argument: str, key: object, known: Sequence[str]) -> UnknownKeyError:
    """The error of a table looked up by a *key* it has no row for, naming *argument*: the
    codes it has, and that names are labels, not keys (with the code a name is the name of,
    for regions: ``'江宁区' is the name of '320115'``).

    >>> print(no_row("group", "江宁区", ["320102", "320115", "Total"]))
    'group' must be the code of a row, got '江宁区'; the codes are 320102, 320115, Total
    (names are labels, not keys: '江宁区' is the name of '320115')
    """
    listed = ", ".join(known[:_MAX_LISTED])
    if len(known) > _MAX_LISTED:
        listed += f" and {len(known) - _MAX_LISTED} more"
    hint = ""
    for code in known:
        if isinstance(key, str) and codes.is_region(code):
            region = codes.region(code)
            if key.strip() in (region.name_zh, region.name_en):
                hint = f": {key!r} is the name of {code!r}"
                break
    msg = (
        f"{argument!r} must be the code of a row, got {quote(key)}; the codes are {listed} "
        f"(names are labels, not keys{hint})"
    )
    return UnknownKeyError(argument, msg)
