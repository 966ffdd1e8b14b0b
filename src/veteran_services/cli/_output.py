"""What the commands write: progress on stderr, plain-text tables, CSV and JSON rows, figures
for people, and the library's messages in the command line's words."""

from __future__ import annotations

import json
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from typing import Any, Final, TextIO

from veteran_services import _i18n, codes, io, metrics
from veteran_services._i18n import N_
from veteran_services.errors import (
    UnknownCodeError,
)
from veteran_services.metrics import Estimate
from veteran_services.model import Caseload

#: The language of this run's output (``--lang``, ``VETERAN_SERVICES_LANG``, the locale).
_LANG: ContextVar[str] = ContextVar("veteran_services_cli_lang", default="en")


def _lang() -> str:
    """The language of the command line's output now."""
    return _LANG.get()


def _(message: str) -> str:
    """*message* (English, the catalogue's msgid) in the language of the output."""
    return _i18n.translate(message, _LANG.get())


def _text(message: str) -> str:
    """A message of the library (a figure's note, a reason) in the language of the output."""
    return _i18n.translate_text(message, _LANG.get())


#: Record kinds as the command line names them (English: the kind itself).
_KIND_WORDS: Final = {
    "veterans": N_("veterans"),
    "providers": N_("providers"),
    "programmes": N_("programmes"),
    "enrolments": N_("enrolments"),
    "employers": N_("employers"),
    "placements": N_("placements"),
    "ventures": N_("ventures"),
    "earnings": N_("earnings"),
    "contacts": N_("contacts"),
    "instruments": N_("instruments"),
    "responses": N_("responses"),
}


def _kind(kind: str) -> str:
    """A record kind in the language of the output."""
    return _(_KIND_WORDS[kind]) if kind in _KIND_WORDS else kind


def _counts(counts: dict[str, int]) -> str:
    """``1,200 veterans, 40 providers, ...`` (kinds without records left out)."""
    return _(", ").join(
        _("{n} {kind}").format(n=f"{n:,}", kind=_kind(kind)) for kind, n in counts.items() if n
    )


class _Progress:
    """Progress on stderr: stages, and records done with their rate, redrawn on one line.

    Silent unless stderr is a terminal, and with ``--quiet``.
    """

    def __init__(self, *, quiet: bool) -> None:
        stream = sys.stderr
        self.stream = stream
        self.enabled = not quiet and stream.isatty()
        self.shown = False
        self.last = 0.0

    def _draw(self, text: str) -> None:
        if self.enabled:
            self.stream.write("\r\033[K" + text)
            self.stream.flush()
            self.shown = True

    def stage(self, text: str) -> None:
        """Say what is being done now."""
        self._draw(f"{text} ...")

    def counted(self, label: str, items: Iterator[Any], *, every: float = 0.25) -> Iterator[Any]:
        """Pass *items* through, showing how many went by and how fast."""
        start = time.perf_counter()
        done = 0
        for item in items:
            done += 1
            now = time.perf_counter()
            if self.enabled and now - self.last >= every:
                self.last = now
                rate = done / max(now - start, 1e-9)
                self._draw(f"{label}: {done:,} ({rate:,.0f}/s)")
            yield item
        if self.enabled:
            elapsed = max(time.perf_counter() - start, 1e-9)
            self._draw(f"{label}: {done:,} ({done / elapsed:,.0f}/s)")

    def clear(self) -> None:
        """Remove the progress line."""
        if self.enabled and self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: set[int]) -> str:
    """A plain-text table; columns in *right* are right-aligned (Chinese counts double)."""
    widths = [_width(h) for h in headers]
    for row in rows:
        widths = [max(w, _width(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = []
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            pad = " " * (width - _width(cell))
            parts.append(pad + cell if index in right else cell + pad)
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def _group(by: str, group: object) -> str:
    """A group's label; regions (whoever's: ``region``, ``veteran_region``,
    ``employer_region``) get their name after the code."""
    text = str(group)
    if by not in ("region", "veteran_region", "employer_region"):
        return text
    try:
        region = codes.region(text)
    except UnknownCodeError:
        return text
    return f"{text} {region.name_zh if _lang() == 'zh' else region.name_en}"


def _region_group(group: object) -> str:
    """A region's name; "unknown" for the placements whose employer is missing."""
    return _("unknown") if group is None else _group("region", group)


def _span(low: str, high: str) -> str:
    """An interval: ``71.0% to 80.2%`` in English, ``71.0%–80.2%`` in Chinese."""
    return _("{low} to {high}").format(low=low, high=high)


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "proportion":
        return f"{value:.1%}"
    if float(value) >= 100:
        return f"{float(value):,.0f}"
    return f"{float(value):.4g}"


def _estimate_row(estimate: Estimate, label: str) -> list[str]:
    row = metrics.estimate_row(estimate, floats=True)
    low, high, unit = row["low"], row["high"], row["unit"]
    span = "" if low is None or high is None else _span(_number(low, unit), _number(high, unit))
    shown_unit = "" if unit == "proportion" else _(_UNITS[unit]) if unit in _UNITS else unit
    note = (
        _text(estimate.reason)
        if estimate.reason
        else _("; ").join(_text(n) for n in estimate.notes)
    )
    return [
        label,
        f"{_number(row['value'], unit)} {shown_unit}".rstrip(),
        span,
        "" if row["numerator"] is None else f"{row['numerator']:,.0f}",
        "" if row["denominator"] is None else f"{row['denominator']:,}",
        note,
    ]


#: The units of figures, by :attr:`Estimate.unit` (English: the unit itself).
_UNITS: Final = {"CNY": N_("CNY"), "days": N_("days"), "jobs": N_("jobs")}


#: Whether CSV output starts with the UTF-8 byte-order mark (``--no-bom`` turns it off).
_BOM: ContextVar[bool] = ContextVar("veteran_services_cli_bom", default=True)


def _csv_text(
    rows: Sequence[dict[str, Any]],
    *,
    by: str | None = None,
    names: Caseload | None = None,
    bom: bool | None = None,
) -> str:
    """Dict rows as CSV text for people: the byte-order mark (unless ``--no-bom``), a
    ``name`` column after ``group`` when the groups of *by* are codes (in the output's
    language; providers named from *names*), floats rounded to 4 places, formulas
    neutralised (JSON output keeps every digit)."""
    if not rows:
        return ""
    columns = list(rows[0])
    namer = metrics.unit_namer(by, _lang(), names) if by is not None else None
    if namer is not None and "group" in columns:
        columns.insert(columns.index("group") + 1, "name")
        rows = [{**row, "name": namer(str(row["group"]))} for row in rows]
    cells = [[row.get(column) for column in columns] for row in rows]
    data = io.table_csv(columns, cells, bom=_BOM.get() if bom is None else bom, lineterminator="\n")
    return data.decode("utf-8")


def _write_rows(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    stream: TextIO,
    *,
    by: str | None = None,
    names: Caseload | None = None,
) -> None:
    """Write dict rows as CSV (see :func:`_csv_text`) or JSON (one array) to *stream*."""
    if fmt == "json":
        stream.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    bom = _BOM.get() and encoding.startswith("utf8")  # a mark other encodings cannot write
    stream.write(_csv_text(rows, by=by, names=names, bom=bom))


#: What the library's messages call an argument, and the option of the command line that sets
#: it (every command that writes a file refuses an existing one the same way: "pass
#: --overwrite", the words of the library's "pass overwrite=True").
_CLI_HINTS: Final = (
    ("pass overwrite=True", "pass --overwrite"),
    (
        "map them with columns= or set them aside with strict=False",
        "map them with --columns FILE or set them aside with --ignore-unknown-columns",
    ),
    ("map it with columns=", "map it with --columns FILE"),
    ("map its header with columns=", "map its header with --columns FILE"),
    ("give header_row=", "give --header-row N"),
    (
        "read it with io.read_excel or io.read_ledger (command line: veteran-services import)",
        "import it with veteran-services import",
    ),
)


def _cli_hint(line: str) -> str:
    for library, option in _CLI_HINTS:
        line = line.replace(library, option)
    return line
