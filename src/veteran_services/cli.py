"""The command line: ``veteran-services`` (also ``python -m veteran_services``).

A thin face over the public API: every figure it prints comes from
:mod:`veteran_services.metrics`, :mod:`veteran_services.scoring` or the model, and every file
it reads or writes goes through :mod:`veteran_services.io`. Subcommands:

- ``demo``: generate the sample city, check it, score it, print the headline figures, and write
  the caseload folder and the HTML report (the default when no subcommand is given);
- ``synth``: generate a sample city into a caseload folder;
- ``check``: read a caseload folder and list every problem with its file, line and field,
  including the placements the labour-market tables cannot score;
- ``score``: score the employment quality of every placement, saying how many were left
  unscored and why;
- ``metrics``: headline indicators, or one indicator broken down by a field;
- ``league``: a league table of providers (or districts) with funnel limits;
- ``follow-ups``: the follow-up worklist on a date;
- ``report``: the HTML report of a caseload folder;
- ``schema``: the JSON Schemas of the record kinds;
- ``import``: read ledgers, CSV files and workbooks into a caseload folder (never replacing one
  unless asked).
- ``import-csv``: read a spreadsheet (CSV, Chinese headers welcome) into JSON Lines or a folder.

Exit status: 0 on success, 1 when the data are invalid (every problem listed, one per line,
with file, line and field), 2 for a usage mistake (a missing file, a bad option). A user's
mistake never ends in a traceback.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import json
import os
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final, NoReturn, TextIO, get_args

from veteran_services import codes, io, metrics, scoring
from veteran_services._version import __version__
from veteran_services.errors import (
    InvalidInputError,
    RecordError,
    UnknownCodeError,
    VeteranServicesError,
)
from veteran_services.metrics import Estimate, FollowUpStatus
from veteran_services.model import (
    RECORD_KINDS,
    Caseload,
    Instrument,
    Severity,
)
from veteran_services.synthetic import DEFAULT_AS_OF, SAMPLE_SEED, SAMPLE_VETERANS, generate

__all__ = ["EXIT_INVALID_DATA", "EXIT_OK", "EXIT_USAGE", "main"]

#: Exit status: success.
EXIT_OK: Final = 0
#: Exit status: the data are invalid (each problem is listed).
EXIT_INVALID_DATA: Final = 1
#: Exit status: a usage mistake (bad option, missing file).
EXIT_USAGE: Final = 2

#: The command's name in usage lines and messages.
PROG: Final = "veteran-services"
#: Where ``demo`` writes by default, in the current folder.
DEMO_FOLDER: Final = "veteran-services-demo"

#: The indicators the ``metrics`` and ``league`` subcommands break down, by name (from the
#: registry of programme indicators, :data:`veteran_services.metrics.PROGRAMME_INDICATORS`).
_INDICATORS: Final = {
    name: indicator
    for name, indicator in metrics.PROGRAMME_INDICATORS.items()
    if indicator.by_group
}
#: Indicators the ``metrics`` and ``league`` subcommands can compute, by name.
METRICS: Final[dict[str, Callable[..., Estimate]]] = {
    name: indicator.function for name, indicator in _INDICATORS.items()
}
#: The rates among :data:`METRICS` (a league table compares proportions).
RATES: Final = tuple(name for name, indicator in _INDICATORS.items() if indicator.is_rate)
_GROUPINGS: Final = get_args(metrics.GroupBy)


class _UsageError(Exception):
    """A mistake in how the command was called (exit status 2)."""


class _InvalidData(Exception):
    """The data are invalid; *problems* are printed one per line (exit status 1)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = tuple(problems)


# --- output helpers ---------------------------------------------------------------------------


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
    """A group's label; regions get their English name after the code."""
    text = str(group)
    if by != "region":
        return text
    try:
        return f"{text} {codes.region(text).name_en}"
    except UnknownCodeError:
        return text


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
    span = "" if low is None or high is None else f"{_number(low, unit)} to {_number(high, unit)}"
    return [
        label,
        f"{_number(row['value'], unit)} {'' if unit == 'proportion' else unit}".rstrip(),
        span,
        "" if row["numerator"] is None else f"{row['numerator']:,.0f}",
        "" if row["denominator"] is None else f"{row['denominator']:,}",
        estimate.reason or "; ".join(estimate.notes),
    ]


def _write_rows(rows: Sequence[dict[str, Any]], fmt: str, stream: TextIO) -> None:
    """Write dict rows as CSV or JSON (one array) to *stream*."""
    if fmt == "json":
        stream.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if not rows:
        return
    writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})


# --- reading ----------------------------------------------------------------------------------


def _read(path: str, progress: _Progress) -> Caseload:
    """Read a caseload folder; problems become :class:`_InvalidData`, a bad path a usage error."""
    return _read_folder(path, progress).caseload


def _read_folder(path: str, progress: _Progress) -> io.CaseloadFolder:
    """Read a caseload folder with where its records are (see :func:`_read`)."""
    folder = Path(path)
    if not folder.exists():
        msg = f"no such folder: {path!r}"
        raise _UsageError(msg)
    if not folder.is_dir():
        msg = f"not a caseload folder (a folder with manifest.json): {path!r}"
        raise _UsageError(msg)
    progress.stage(f"reading {path}")
    try:
        return io.read_caseload_folder(folder)
    except RecordError as error:
        raise _InvalidData(error.problems) from None
    finally:
        progress.clear()


def _as_of(args: argparse.Namespace, caseload: Caseload) -> date:
    if getattr(args, "as_of", None) is not None:
        day: date = args.as_of
        return day
    cutoff = metrics.data_cutoff(caseload)
    if cutoff is None:
        msg = "the caseload has no dated events; give --as-of YYYY-MM-DD"
        raise _UsageError(msg)
    return cutoff


def _model(path: str | None) -> scoring.QualityModel:
    if path is None:
        return scoring.QualityModel.default()
    file = Path(path)
    if not file.is_file():
        msg = f"no such model file: {path!r}"
        raise _UsageError(msg)
    try:
        return scoring.QualityModel.from_json(file.read_text(encoding="utf-8"))
    except (VeteranServicesError, ValueError, UnicodeDecodeError) as error:
        raise _InvalidData([f"{file.name}: {error}"]) from None


def _market(path: str | None) -> scoring.LabourMarket:
    """The built-in Nanjing tables, overlaid with the tables of a JSON file when given."""
    nanjing = scoring.LabourMarket.nanjing()
    if path is None:
        return nanjing
    file = Path(path)
    if not file.is_file():
        msg = f"no such labour-market file: {path!r}"
        raise _UsageError(msg)
    try:
        return scoring.LabourMarket.from_json(file, base=nanjing)
    except RecordError as error:
        raise _InvalidData(error.problems) from None


# --- subcommands ------------------------------------------------------------------------------


def _cmd_demo(args: argparse.Namespace, progress: _Progress) -> int:
    from veteran_services import report  # the report only when needed

    out = Path(args.out)
    progress.stage(f"generating a sample city of {args.veterans:,} veterans")
    city = generate(veterans=args.veterans, seed=args.seed, as_of=args.as_of)
    progress.stage("checking")
    problems = city.check()
    progress.clear()
    stdout = sys.stdout
    counts = city.counts()
    stdout.write(
        f"Sample city (seed {args.seed}) as of {args.as_of.isoformat()}: "
        + ", ".join(f"{n:,} {kind}" for kind, n in counts.items() if n)
        + "\n"
    )
    errors = [p for p in problems if p.severity is Severity.ERROR]
    stdout.write(
        "Check: no problems\n"
        if not problems
        else f"Check: {len(errors)} errors, {len(problems) - len(errors)} warnings\n"
    )
    progress.stage("headline indicators")
    headlines = report.headline_indicators(city, as_of=args.as_of, lang=args.lang)
    market = scoring.LabourMarket.nanjing()
    model = scoring.QualityModel.default()
    scores = tuple(
        progress.counted(
            "scoring placements",
            scoring.iter_scores(city, market=market, model=model, as_of=args.as_of),
        )
    )
    progress.clear()
    summary = scoring.summarise(scores)
    stdout.write("\nHeadline indicators\n")
    rows = [_estimate_row(h.estimate, h.name)[:5] for h in headlines]
    if summary and summary[0].mean is not None and summary[0].mean_interval is not None:
        s = summary[0]
        low, high = summary[0].mean_interval
        label = "就业质量指数平均值" if args.lang == "zh" else "Mean employment-quality index"
        rows.append([label, f"{s.mean:.1f}", f"{low:.1f} to {high:.1f}", "", f"{s.scored:,}"])
    headers = ["indicator", "value", "95% interval", "numerator", "denominator"]
    stdout.write(_table(headers, rows, right={1, 2, 3, 4}) + "\n")
    if summary:
        found = summary[0].flags.items()
        flags = "; ".join(f"{codes.label(flag, lang=args.lang)} {n:,}" for flag, n in found)
        stdout.write(f"\nCompliance flags: {flags or 'none'}\n")
    stdout.write(f"Quality model {model.version}, fingerprint {model.fingerprint}\n")

    progress.stage(f"writing the caseload to {out / 'caseload'}")
    io.write_caseload(city, out / "caseload")
    target = out / "report.html"
    try:
        report.write_report(
            city,
            target,
            as_of=args.as_of,
            lang=args.lang,
            market=market,
            model=model,
            progress=lambda step: progress.stage(f"report: {step}"),
        )
    except report.MissingExtraError as error:
        report.write_report(city, target, as_of=args.as_of, lang=args.lang, charts=False)
        progress.clear()
        sys.stderr.write(f"{PROG}: note: the report has no charts: {error}\n")
    progress.clear()
    stdout.write(f"\nWrote the caseload folder {out / 'caseload'}\n")
    stdout.write(f"Wrote the report {target}\n")
    return EXIT_INVALID_DATA if errors else EXIT_OK


def _cmd_synth(args: argparse.Namespace, progress: _Progress) -> int:
    progress.stage(f"generating a sample city of {args.veterans:,} veterans")
    city = generate(veterans=args.veterans, seed=args.seed, as_of=args.as_of)
    progress.stage(f"writing {args.out}")
    folder = io.write_caseload(city, args.out, include_personal=args.include_personal)
    progress.clear()
    counts = ", ".join(f"{n:,} {kind}" for kind, n in city.counts().items() if n)
    sys.stdout.write(f"Wrote {folder}: {counts}\n")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, progress: _Progress) -> int:
    try:
        folder = _read_folder(args.path, progress)
    except _InvalidData as invalid:
        for line in invalid.problems:
            sys.stdout.write(line + "\n")
        sys.stdout.write(f"{args.path}: {len(invalid.problems)} problem(s) reading the folder\n")
        return EXIT_INVALID_DATA
    caseload = folder.caseload
    market = _market(args.market)
    progress.stage("checking records against each other")
    problems = caseload.check()
    progress.stage("checking placements against the labour-market tables")
    problems.extend(scoring.check_market(caseload, market))
    problems.sort(key=lambda p: (RECORD_KINDS.index(p.kind), p.record_id, p.code, p.message))
    progress.clear()
    for problem in folder.locate(problems):
        sys.stdout.write(f"{problem}\n")
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    total = sum(caseload.counts().values())
    if not problems:
        sys.stdout.write(f"{args.path}: {total:,} records, no problems\n")
    else:
        sys.stdout.write(
            f"{args.path}: {total:,} records, {errors} error(s), "
            f"{len(problems) - errors} warning(s)\n"
        )
    return EXIT_INVALID_DATA if errors else EXIT_OK


def _score_row(score: scoring.QualityScore) -> dict[str, Any]:
    row: dict[str, Any] = {
        "placement_id": score.placement_id,
        "region": score.region,
        "started_on": score.started_on.isoformat(),
        "as_of": score.as_of.isoformat(),
        "score": None if score.value is None else round(score.value, 4),
        "reason": score.reason,
        "reason_code": score.reason_code,
        "completeness": round(score.completeness, 4),
        "unknown": ";".join(score.unknown),
        "missing": ";".join(score.missing),
        "flags": ";".join(flag.value for flag in score.flags),
        "model_version": score.model_version,
        "model_fingerprint": score.model_fingerprint,
    }
    for component in score.components:
        points = component.contribution
        row[f"points.{component.name}"] = None if points is None else round(points, 4)
    return row


def _cmd_score(args: argparse.Namespace, progress: _Progress) -> int:
    model = _model(args.model)
    market = _market(args.market)
    caseload = _read(args.path, progress)
    day = _as_of(args, caseload)
    scores = tuple(
        progress.counted(
            "scoring placements",
            scoring.iter_scores(caseload, market=market, model=model, as_of=day),
        )
    )
    progress.clear()
    if args.out is not None:
        target = Path(args.out)
        if target.suffix == ".jsonl":
            with target.open("w", encoding="utf-8") as handle:
                for score in scores:
                    data = _score_row(score)
                    data["components"] = [c._asdict() for c in score.components]
                    handle.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
        else:
            with target.open("w", encoding="utf-8", newline="") as handle:
                _write_rows([_score_row(s) for s in scores], "csv", handle)
        sys.stdout.write(f"Wrote {len(scores):,} scores to {target}\n")
    summaries = sorted(scoring.summarise(scores, by="region"), key=lambda s: str(s.group))
    overall = scoring.summarise(scores)
    rows = [
        [
            "all" if s.group == "all" else _region_group(s.group),
            f"{s.count:,}",
            f"{s.scored:,}",
            f"{s.completeness:.0%}",
            "-" if s.mean is None else f"{s.mean:.1f}",
            "-" if s.median is None else f"{s.median:.1f}",
            "-" if s.share_below is None else f"{s.share_below:.1%}",
        ]
        for s in [*summaries, *overall]
    ]
    sys.stdout.write(
        f"Employment quality as of {day.isoformat()} "
        f"(model {model.version}, fingerprint {model.fingerprint})\n"
    )
    headers = ["region", "placements", "scored", "complete", "mean", "median", "below 60"]
    sys.stdout.write(_table(headers, rows, right={1, 2, 3, 4, 5, 6}) + "\n")
    sys.stdout.write("complete: mean share of the model's weight whose facts were recorded\n")
    for line in _unscored_lines(scores, overall, args.path):
        sys.stdout.write(line + "\n")
    return EXIT_OK


def _region_group(group: object) -> str:
    """A region's name; "unknown" for the placements whose employer is missing."""
    return "unknown" if group is None else _group("region", group)


#: The reasons that are a record's failure (the record needs correcting or the tables rows),
#: whose placements are named one by one (up to :data:`_EXAMPLES` of each).
_FAILURES: Final = ("no_market_data", "unknown_employer")
_EXAMPLES: Final = 3


def _unscored_lines(
    scores: Sequence[scoring.QualityScore],
    overall: Sequence[scoring.GroupSummary],
    path: str,
) -> list[str]:
    """How many placements were left unscored and why: a count and the reason's label per
    reason code, the first few placements of each record failure, and where to find them all."""
    if not overall:
        return []
    summary = overall[0]
    left = summary.count - summary.scored
    if not left:
        return [f"All {summary.count:,} placements scored."]
    lines = [f"{left:,} of {summary.count:,} placements left unscored:"]
    width = max(len(code) for code, n in summary.unscored.items() if n)
    for code, count in summary.unscored.items():
        if not count:
            continue
        label = scoring.REASONS.get(code, "")
        lines.append(f"  {code:<{width}} {count:>{len(f'{left:,}')},}  {label}".rstrip())
        if code in _FAILURES:
            named = [s for s in scores if s.reason_code == code and s.reason]
            lines.extend(f"    {s.reason}" for s in named[:_EXAMPLES])
            if len(named) > _EXAMPLES:
                lines.append(f"    ... and {len(named) - _EXAMPLES:,} more")
    if any(summary.unscored.get(code) for code in _FAILURES):
        lines.append(
            f"'{PROG} check {path}' lists each placement that cannot be scored, with its "
            "file and line, before scoring."
        )
    return lines


def _metric(name: str, args: argparse.Namespace, day: date) -> Callable[..., Estimate]:
    """The indicator *name* as a metric of a breakdown or league table: on a caseload, as of
    *day*, in the quarter of ``--quarter`` when it is quarterly."""
    indicator = metrics.programme_indicator(name)

    def metric(caseload: Caseload) -> Estimate:
        return indicator.compute(caseload, as_of=day, quarter=args.quarter)

    return metric


def _cmd_metrics(args: argparse.Namespace, progress: _Progress) -> int:
    caseload = _read(args.path, progress)
    day = _as_of(args, caseload)
    progress.stage("computing")
    if args.by is None:
        headlines = metrics.headline_figures(caseload, as_of=day)
        progress.clear()
        if args.format == "table":
            sys.stdout.write(f"Headline indicators as of {day.isoformat()}\n")
            rows = [_estimate_row(e, metrics.indicator_label(e.name)) for e in headlines]
            headers = ["indicator", "value", "95% interval", "numerator", "denominator", "note"]
            sys.stdout.write(_table(headers, rows, right={1, 2, 3, 4}) + "\n")
        else:
            figures = [metrics.estimate_row(e, floats=True) for e in headlines]
            _write_rows(figures, args.format, sys.stdout)
        return EXIT_OK
    table = metrics.breakdown(
        _metric(args.metric, args, day),
        caseload,
        by=args.by,
        min_cell=args.min_cell,
    )
    progress.clear()
    if args.format != "table":
        _write_rows(table.to_rows(), args.format, sys.stdout)
        return EXIT_OK
    name = table.total.estimate.name
    sys.stdout.write(
        f"{name} by {args.by} as of {day.isoformat()} (cells under {args.min_cell} suppressed)\n"
    )
    rows = []
    for row in (*table.rows, table.total):
        if row.suppression is not None or row.estimate.suppressed:
            label = _group(args.by, row.group)
            rows.append([label, f"suppressed ({row.suppression or 'small'})", "", "", ""])
        else:
            rows.append(_estimate_row(row.estimate, _group(args.by, row.group))[:5])
    headers = [args.by, "value", "95% interval", "numerator", "denominator"]
    sys.stdout.write(_table(headers, rows, right={1, 2, 3, 4}) + "\n")
    return EXIT_OK


def _cmd_league(args: argparse.Namespace, progress: _Progress) -> int:
    caseload = _read(args.path, progress)
    day = _as_of(args, caseload)
    progress.stage("league table")
    table = metrics.league_table(
        _metric(args.metric, args, day),
        caseload,
        by=args.by,
        overdispersion=args.overdispersion,
        replicates=args.replicates,
        seed=args.seed,
        min_n=args.min_n,
    )
    progress.clear()
    if args.format != "table":
        _write_rows(table.to_rows(), args.format, sys.stdout)
        return EXIT_OK
    overall = table.overall
    sys.stdout.write(
        f"{table.metric} by {args.by} as of {day.isoformat()}: overall "
        f"{_number(None if overall.value is None else float(overall.value), overall.unit)} "
        f"(n = {overall.denominator}); flagged only outside the "
        f"{table.flag_level:.1%} limits; groups of fewer than {args.min_n} listed, not "
        "ranked\n"
    )
    rows = []
    for row in table.rows:
        outer = row.limits[-1] if row.limits else None
        rank = (row.reason or "") if row.rank is None else f"{row.rank:g}"
        if row.rank_interval is not None:
            rank += f" ({row.rank_interval[0]:g}-{row.rank_interval[1]:g})"
        rows.append(
            [
                _group(args.by, row.group),
                f"{row.n:,}",
                _number(row.value, "proportion"),
                ""
                if row.interval is None
                else f"{row.interval.low:.1%} to {row.interval.high:.1%}",
                "" if outer is None else f"{outer.low:.1%} to {outer.high:.1%}",
                row.flag or "-",
                rank,
            ]
        )
    headers = [args.by, "n", "value", "95% interval", "limits", "flag", "rank (interval)"]
    sys.stdout.write(_table(headers, rows, right={1, 2, 3, 4, 6}) + "\n")
    return EXIT_OK


def _cmd_follow_ups(args: argparse.Namespace, progress: _Progress) -> int:
    caseload = _read(args.path, progress)
    progress.stage("follow-up schedule")
    worklist = metrics.follow_ups_due(
        caseload, as_of=args.as_of, schedule=args.schedule, grace_days=args.grace_days
    )
    progress.clear()
    wanted = {FollowUpStatus(s) for s in args.status}
    horizon = args.as_of + timedelta(days=args.within)
    items = [
        item
        for item in worklist.items
        if item.status in wanted
        or (
            args.within > 0 and item.status is FollowUpStatus.NOT_YET_DUE and item.due_on <= horizon
        )
    ]
    items.sort(key=lambda item: (item.due_on, item.placement_id, item.wave_months))
    rows = [
        {
            "placement_id": item.placement_id,
            "veteran_id": item.veteran_id,
            "wave_months": item.wave_months,
            "due_on": item.due_on.isoformat(),
            "overdue_after": item.overdue_after.isoformat(),
            "status": item.status.value,
        }
        for item in items
    ]
    if args.format != "table":
        _write_rows(rows, args.format, sys.stdout)
        return EXIT_OK
    counts = ", ".join(f"{s.value} {n:,}" for s, n in worklist.counts().items())
    sys.stdout.write(f"Follow-ups on {args.as_of.isoformat()}: {counts}\n")
    if not rows:
        sys.stdout.write("Nothing to do.\n")
        return EXIT_OK
    headers = list(rows[0])
    sys.stdout.write(
        _table(headers, [[str(r[h]) for h in headers] for r in rows], right={2}) + "\n"
    )
    return EXIT_OK


def _cmd_report(args: argparse.Namespace, progress: _Progress) -> int:
    from veteran_services import report  # the report only when needed

    model = _model(args.model)
    market = _market(args.market)
    caseload = _read(args.path, progress)
    day = _as_of(args, caseload)
    scores = tuple(
        progress.counted(
            "scoring placements",
            scoring.iter_scores(caseload, market=market, model=model, as_of=day),
        )
    )
    try:
        target = report.write_report(
            caseload,
            args.out,
            as_of=day,
            lang=args.lang,
            market=market,
            model=model,
            min_cell=args.min_cell,
            scores=scores,
            progress=lambda step: progress.stage(f"report: {step}"),
        )
    finally:
        progress.clear()
    sys.stdout.write(f"Wrote the report {target}\n")
    for line in _unscored_lines(scores, scoring.summarise(scores), args.path):
        sys.stdout.write(line + "\n")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, progress: _Progress) -> int:
    del progress
    if args.out is not None:
        for path in io.write_schemas(args.out):
            sys.stdout.write(f"{path}\n")
        return EXIT_OK
    if args.kind is not None:
        schema: Any = io.json_schema(args.kind)
    else:
        schema = {kind: io.json_schema(kind) for kind in RECORD_KINDS}
    sys.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _columns(spec: str | None, kind: str) -> dict[str, str] | None:
    if spec is None:
        return None
    if spec == "cn":
        return dict(io.CHINESE_COLUMNS[kind])
    file = Path(spec)
    if not file.is_file():
        msg = f"--columns must be 'cn' or a JSON file mapping headers to columns, got {spec!r}"
        raise _UsageError(msg)
    try:
        mapping = json.loads(file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise _InvalidData([f"{file.name}: not valid JSON ({error})"]) from None
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise _InvalidData([f"{file.name}: $: must map column headers (text) to columns (text)"])
    return mapping


def _instruments(path: str | None) -> tuple[Instrument, ...]:
    if path is None:
        return ()
    file = Path(path)
    if not file.is_file():
        msg = f"no such instruments file: {path!r}"
        raise _UsageError(msg)
    try:
        return tuple(io.read_jsonl(file, Instrument))
    except RecordError as error:
        raise _InvalidData(error.problems) from None


def _cmd_import_csv(args: argparse.Namespace, progress: _Progress) -> int:
    source = Path(args.file)
    if not source.is_file():
        msg = f"no such file: {args.file!r}"
        raise _UsageError(msg)
    if Path(args.out).exists():
        msg = (
            f"{args.out} exists and is left as it is: import-csv never replaces a file or "
            "folder; use 'veteran-services import --kind KIND FILE --out PATH --merge' to add "
            "to it, or '--replace' to write it anew"
        )
        raise _UsageError(msg)
    columns = _columns(args.columns, args.kind)
    instruments = _instruments(args.instruments)
    progress.stage(f"reading {source.name}")
    try:
        result = io.read_csv(
            source,
            io.CSV_KINDS[args.kind],
            columns=columns,
            encoding=args.encoding,
            dayfirst=args.dayfirst,
            errors="collect",
            instruments=instruments,
        )
    except RecordError:
        raise
    except (csv.Error, ValueError) as error:  # what the reader could not even split into cells
        raise _InvalidData([f"{source.name}: {error}"]) from None
    progress.clear()
    if result.problems:
        raise _InvalidData(result.problems)
    target = Path(args.out)
    if target.suffix == ".jsonl":
        io.write_jsonl(target, result.records, include_personal=args.include_personal)
    else:
        caseload = Caseload(**{args.kind: result.records})
        io.write_caseload(caseload, target, include_personal=args.include_personal)
    sys.stdout.write(f"Read {len(result.records):,} {args.kind} from {source}; wrote {target}\n")
    return EXIT_OK


#: What the library's messages call an argument, and the option of `import` that sets it.
_CLI_HINTS: Final = (
    (
        "map them with columns= or set them aside with strict=False",
        "map them with --columns FILE or set them aside with --ignore-unknown-columns",
    ),
    ("map it with columns=", "map it with --columns FILE"),
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


def _import_sources(specs: Sequence[str], kind: str | None) -> list[tuple[str | None, Path]]:
    """``(kind or None for a ledger, path)`` of each FILE argument (``KIND=FILE`` names its
    kind)."""
    sources = []
    for spec in specs:
        named, sep, rest = spec.partition("=")
        file_kind = kind
        path = spec
        if sep and named in io.CSV_KINDS:
            file_kind, path = named, rest
        file = Path(path)
        if not file.is_file():
            msg = f"no such file: {path!r}"
            raise _UsageError(msg)
        sources.append((file_kind, file))
    return sources


def _import_columns(specs: Sequence[str] | None, kind: str | None) -> dict[str, str] | None:
    """The header mapping of `--columns` (repeatable): 'cn' for the built-in Chinese headers of
    the kind (a ledger always has them), then each JSON file extends what came before."""
    if not specs:
        return None
    mapping: dict[str, str] = {}
    for spec in specs:
        if spec == "cn":
            if kind is not None:
                mapping.update(io.CHINESE_COLUMNS.get(kind, {}))
            continue
        extra = _columns(spec, kind or "veterans")
        mapping.update(extra or {})
    return mapping


def _read_source(
    kind: str | None, file: Path, args: argparse.Namespace, key: bytes | None
) -> tuple[dict[str, tuple[Any, ...]], tuple[str, ...], tuple[str, ...]]:
    """(records by kind, problems, notes) of one file."""
    columns = _import_columns(args.columns, kind)
    strict = not args.ignore_unknown_columns
    with file.open("rb") as handle:
        workbook = io.workbook_format(handle.read(4096)) is not None
    if kind is None:
        ledger = io.read_ledger(
            file,
            columns=columns,
            sheet=args.sheet,
            header_row=args.header_row,
            encoding=args.encoding,
            dayfirst=args.dayfirst,
            key=key,
            strict=strict,
            errors="collect",
        )
        records = {k: getattr(ledger.caseload, k) for k in ("veterans", "employers", "placements")}
        return records, ledger.problems, ledger.notes
    cls = io.CSV_KINDS[kind]
    instruments = _instruments(args.instruments)
    if workbook:
        result = io.read_excel(
            file,
            cls,
            sheet=args.sheet,
            header_row=args.header_row or 1,
            columns=columns,
            dayfirst=args.dayfirst,
            errors="collect",
            strict=strict,
            instruments=instruments,
            check_identity=True,
        )
    else:
        result = io.read_csv(
            file,
            cls,
            columns=columns,
            encoding=args.encoding,
            dayfirst=args.dayfirst,
            errors="collect",
            strict=strict,
            instruments=instruments,
            check_identity=True,
        )
    return {kind: result.records}, result.problems, ()


def _cmd_import(args: argparse.Namespace, progress: _Progress) -> int:
    sources = _import_sources(args.files, args.kind)
    target = Path(args.out)
    if args.replace and args.merge:
        raise _UsageError("give --replace or --merge, not both")
    if target.exists() and not (args.replace or args.merge):
        msg = (
            f"{target} exists and is left as it is: add --merge to add the records to it, or "
            "--replace to write it anew"
        )
        raise _UsageError(msg)
    key = None
    if args.key_file is not None:
        key_file = Path(args.key_file)
        if not key_file.is_file():
            msg = f"no such key file: {args.key_file!r}"
            raise _UsageError(msg)
        key = key_file.read_bytes()
    records: dict[str, list[Any]] = {}
    problems: list[str] = []
    notes: list[str] = []
    for kind, file in sources:
        progress.stage(f"reading {file.name}")
        try:
            found, file_problems, file_notes = _read_source(kind, file, args, key)
        except RecordError as error:
            raise _InvalidData([_cli_hint(line) for line in error.problems]) from None
        except InvalidInputError as error:
            raise _UsageError(_cli_hint(str(error))) from None
        for name, items in found.items():
            records.setdefault(name, []).extend(items)
        problems.extend(_cli_hint(line) for line in file_problems)
        notes.extend(_cli_hint(line) for line in file_notes)
    progress.clear()
    if problems and args.all_or_nothing:
        raise _InvalidData(problems)
    imported = Caseload(**{k: tuple(v) for k, v in records.items()})
    if target.suffix == ".jsonl":
        kinds = [k for k, v in records.items() if v]
        if len(kinds) != 1 or args.merge:
            msg = "--out FILE.jsonl takes the records of one kind, without --merge; give a folder"
            raise _UsageError(msg)
        io.write_jsonl(target, records[kinds[0]], include_personal=args.include_personal)
    else:
        caseload = imported
        if args.merge and target.exists():
            existing = _read(str(target), progress)
            clashes = [
                f"{kind} {record.id!r}: already in {target}; nothing was overwritten"
                for kind in RECORD_KINDS
                for record in getattr(imported, kind)
                if hasattr(record, "id")
                and any(getattr(old, "id", None) == record.id for old in getattr(existing, kind))
            ]
            if clashes:
                raise _InvalidData(clashes)
            caseload = Caseload(
                **{k: getattr(existing, k) + getattr(imported, k) for k in RECORD_KINDS}
            )
        try:
            io.write_caseload(caseload, target, include_personal=args.include_personal)
        except InvalidInputError as error:
            raise _UsageError(str(error)) from None
    counts = ", ".join(f"{len(v):,} {k}" for k, v in records.items() if v) or "no records"
    sys.stdout.write(f"Imported {counts} from {len(sources)} file(s) into {target}\n")
    if problems:
        sys.stdout.write(f"{len(problems)} row(s) left out, each named with what to fix:\n")
        for line in problems:
            sys.stdout.write(f"  {line}\n")
    for line in notes:
        sys.stdout.write(f"note: {line}\n")
    return EXIT_OK


# --- the parser -------------------------------------------------------------------------------


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"must be a date as YYYY-MM-DD, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"must be a whole number of at least 1, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        msg = f"must be a whole number of at least 0, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _encoding(text: str) -> str:
    try:
        codecs.lookup(text)
    except LookupError:
        msg = f"must be a text encoding such as utf-8-sig or gbk, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    return text


def _schedule(text: str) -> tuple[int, ...]:
    try:
        waves = tuple(int(part) for part in text.split(","))
    except ValueError:
        waves = ()
    if not waves or any(w < 1 for w in waves):
        msg = f"must be months after the job starts, separated by commas (3,6,12), got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return waves


class _Parser(argparse.ArgumentParser):
    """argparse with the program name in every error, raising instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message}\n{self.format_usage().rstrip()}")


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="no progress output on stderr")
    parser = _Parser(
        prog=PROG,
        description=(
            "Veterans' employment, training and entrepreneurship services: check, score and "
            "report on a caseload. Without a subcommand, runs 'demo'."
        ),
        epilog="Exit status: 0 success, 1 invalid data, 2 usage mistake.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(
        dest="command",
        metavar="COMMAND",
        parser_class=_Parser,
        help="what to do (default: demo); 'COMMAND --help' describes each one's options",
    )

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(
            name, help=summary, description=description, parents=[common]
        )
        return sub

    def city_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--veterans",
            type=_count,
            default=SAMPLE_VETERANS,
            metavar="N",
            help=f"number of veterans in the sample city (default {SAMPLE_VETERANS})",
        )
        sub.add_argument(
            "--seed",
            type=int,
            default=SAMPLE_SEED,
            metavar="S",
            help=f"random seed: the same seed gives the same city (default {SAMPLE_SEED})",
        )
        sub.add_argument(
            "--as-of",
            type=_date,
            default=DEFAULT_AS_OF,
            metavar="DATE",
            help=f"the city's reference date, YYYY-MM-DD (default {DEFAULT_AS_OF})",
        )

    def path_argument(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("path", metavar="PATH", help="a caseload folder (with manifest.json)")

    def as_of_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--as-of",
            type=_date,
            metavar="DATE",
            help="evaluation date, YYYY-MM-DD (default: the latest dated event in the data)",
        )

    def market_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--market",
            metavar="FILE",
            help="labour-market tables as JSON (LabourMarket.to_json): minimum wages, working "
            "time, social insurance, median wages; tables it lacks come from the built-in "
            "Nanjing ones",
        )

    def format_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--format",
            choices=("table", "csv", "json"),
            default="table",
            help="output format on stdout (default table)",
        )

    def quarter_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--quarter",
            type=int,
            choices=(2, 4),
            default=2,
            help="quarter after exit for the employment and earnings indicators (default 2)",
        )

    demo = command(
        "demo",
        "generate, check, score and report on the sample city",
        "Generate the sample city, check it, score it, print the headline indicators, and "
        "write the caseload folder (DIR/caseload) and the HTML report (DIR/report.html).",
    )
    city_options(demo)
    demo.add_argument(
        "--out",
        default=DEMO_FOLDER,
        metavar="DIR",
        help=f"folder to write into (default ./{DEMO_FOLDER})",
    )
    demo.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="language of the report (default en)"
    )
    demo.set_defaults(run=_cmd_demo)

    synth = command(
        "synth",
        "write a sample city as a caseload folder",
        "Generate a sample city and write it as a caseload folder.",
    )
    city_options(synth)
    synth.add_argument("--out", required=True, metavar="DIR", help="the folder to write")
    synth.add_argument(
        "--include-personal",
        action="store_true",
        help="also write the (synthetic) names, identity numbers and phone numbers",
    )
    synth.set_defaults(run=_cmd_synth)

    check = command(
        "check",
        "list every problem of a caseload folder",
        "Read a caseload folder and list every problem, one per line, with its file, line "
        "and field, including the placements the labour-market tables (--market, as for "
        "'score' and 'report') cannot score. Exit status 1 when there is an error, 0 "
        "otherwise (warnings only): a folder without errors is one 'score' scores completely.",
    )
    path_argument(check)
    market_option(check)
    check.set_defaults(run=_cmd_check)

    score = command(
        "score",
        "score the employment quality of every placement",
        "Score every placement of a caseload folder on the quality model and print a summary "
        "by region; with --out, write every score (CSV or JSON Lines).",
    )
    path_argument(score)
    score.add_argument(
        "--model",
        metavar="FILE",
        help="a quality model as JSON (QualityModel.to_json); default: the built-in model",
    )
    market_option(score)
    as_of_option(score)
    score.add_argument(
        "--out",
        metavar="FILE",
        help="write every score to FILE: JSON Lines when it ends in .jsonl, CSV otherwise",
    )
    score.set_defaults(run=_cmd_score)

    metrics_ = command(
        "metrics",
        "headline indicators, or one indicator by a field",
        "Print the headline indicators with their intervals; with --by, one indicator "
        "(--metric) broken down by a field with small-cell suppression.",
    )
    path_argument(metrics_)
    metrics_.add_argument("--by", choices=_GROUPINGS, help="break the indicator down by this field")
    metrics_.add_argument(
        "--metric",
        choices=tuple(METRICS),
        default="employment_rate_after_exit",
        help="the indicator to break down (default employment_rate_after_exit)",
    )
    metrics_.add_argument(
        "--min-cell",
        type=_positive,
        default=10,
        metavar="N",
        help="suppress cells based on fewer than N people (default 10)",
    )
    quarter_option(metrics_)
    as_of_option(metrics_)
    format_option(metrics_)
    metrics_.set_defaults(run=_cmd_metrics)

    league = command(
        "league",
        "league table with funnel limits",
        "Compare providers (or other groups) on a rate: each group's value and interval, "
        "funnel limits around the overall rate, a flag only outside the limits, and ranks "
        "with bootstrap intervals.",
    )
    path_argument(league)
    league.add_argument(
        "--by", choices=_GROUPINGS, default="provider", help="the groups (default provider)"
    )
    league.add_argument(
        "--metric",
        choices=RATES,
        default="employment_rate_after_exit",
        help="the rate to compare (default employment_rate_after_exit)",
    )
    league.add_argument(
        "--overdispersion",
        action="store_true",
        help="widen the limits for between-group variation (DerSimonian-Laird)",
    )
    league.add_argument(
        "--replicates",
        type=_positive,
        default=1000,
        metavar="N",
        help="bootstrap replicates for the rank intervals (default 1000)",
    )
    league.add_argument(
        "--seed", type=int, default=0, metavar="S", help="bootstrap seed (default 0)"
    )
    league.add_argument(
        "--min-n",
        type=_positive,
        default=10,
        metavar="N",
        help="rank only groups of at least N people; smaller ones are listed (with their "
        "flag) but not ranked (default 10)",
    )
    quarter_option(league)
    as_of_option(league)
    format_option(league)
    league.set_defaults(run=_cmd_league)

    follow_ups = command(
        "follow-ups",
        "the follow-up worklist on a date",
        "List the follow-up surveys that are due or overdue on a date (and, with --within, "
        "those falling due in the following days).",
    )
    path_argument(follow_ups)
    follow_ups.add_argument(
        "--as-of", type=_date, required=True, metavar="DATE", help="the date, YYYY-MM-DD"
    )
    follow_ups.add_argument(
        "--within",
        type=_count,
        default=0,
        metavar="DAYS",
        help="also list surveys falling due within DAYS after the date (default 0)",
    )
    follow_ups.add_argument(
        "--status",
        nargs="+",
        choices=[s.value for s in FollowUpStatus],
        default=["due", "overdue"],
        help="statuses to list (default: due overdue)",
    )
    follow_ups.add_argument(
        "--schedule",
        type=_schedule,
        default=(3, 6, 12),
        metavar="MONTHS",
        help="follow-up waves in months after the job starts (default 3,6,12)",
    )
    follow_ups.add_argument(
        "--grace-days",
        type=_count,
        default=30,
        metavar="DAYS",
        help="days after the due date before a survey is overdue (default 30)",
    )
    format_option(follow_ups)
    follow_ups.set_defaults(run=_cmd_follow_ups)

    report_ = command(
        "report",
        "write the HTML report of a caseload folder",
        "Write one self-contained HTML file (charts embedded, works offline) with the "
        "headline indicators, districts, providers, quality, follow-up and compliance.",
    )
    path_argument(report_)
    report_.add_argument("--out", required=True, metavar="FILE", help="the HTML file to write")
    report_.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="language of the report (default en)"
    )
    report_.add_argument(
        "--model",
        metavar="FILE",
        help="a quality model as JSON (QualityModel.to_json); default: the built-in model",
    )
    report_.add_argument(
        "--min-cell",
        type=_positive,
        default=10,
        metavar="N",
        help="hide cells and providers based on fewer than N people (default 10)",
    )
    market_option(report_)
    as_of_option(report_)
    report_.set_defaults(run=_cmd_report)

    schema = command(
        "schema",
        "JSON Schemas of the record kinds",
        "Print the JSON Schema (Draft 2020-12) of every record kind, or write one file per "
        "kind with --out.",
    )
    schema.add_argument("--out", metavar="DIR", help="write <kind>.schema.json files into DIR")
    schema.add_argument(
        "--kind", choices=RECORD_KINDS, help="print the schema of this record kind only"
    )
    schema.set_defaults(run=_cmd_schema)

    def reading_options(sub: argparse.ArgumentParser) -> None:
        """The options import and import-csv share: how cells are read and what is kept."""
        sub.add_argument(
            "--encoding",
            type=_encoding,
            default="utf-8-sig",
            help="text encoding of CSV files, e.g. gbk (default utf-8-sig)",
        )
        sub.add_argument(
            "--dayfirst", action="store_true", help="read dates such as 01/03/2024 as 1 March"
        )
        sub.add_argument(
            "--instruments",
            metavar="FILE",
            help="for responses: the questionnaires as JSON Lines (a folder's "
            "instruments.jsonl), so that each answer is read on its question's scale",
        )
        sub.add_argument(
            "--include-personal",
            action="store_true",
            help="keep names, identity numbers and phone numbers in the output",
        )

    importer = command(
        "import",
        "read ledgers, CSV files and workbooks into a caseload folder",
        "Read one or more files into a caseload folder (or, for one kind, a .jsonl file). A "
        "file is a one-sheet ledger (台账: veterans, employers and jobs on one sheet) unless "
        "--kind or a KIND=FILE argument names its record kind; CSV and workbooks (.xlsx, .xls, "
        ".ods) are told apart by their contents. Rows with problems are left out and listed "
        "with their sheet, row, header and what to fix; an existing folder is never replaced "
        "or changed unless --replace or --merge is given.",
    )
    importer.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a ledger, or KIND=FILE for a file of one record kind (employers=firms.xlsx)",
    )
    importer.add_argument(
        "--out", required=True, metavar="PATH", help="the folder (or .jsonl file)"
    )
    importer.add_argument(
        "--kind",
        choices=tuple(io.CSV_KINDS),
        help="the record kind of every FILE without KIND= (by default they are ledgers)",
    )
    replace = importer.add_mutually_exclusive_group()
    replace.add_argument("--replace", action="store_true", help="write an existing folder anew")
    replace.add_argument(
        "--merge",
        action="store_true",
        help="add the records to an existing folder (an id already there is a problem, and "
        "nothing is written)",
    )
    importer.add_argument(
        "--columns",
        action="append",
        metavar="cn|FILE",
        help="map headers to columns: 'cn' for the common Chinese headers of --kind, or a JSON "
        "file that extends them (repeatable; ledgers know the Chinese headers already)",
    )
    importer.add_argument(
        "--ignore-unknown-columns",
        action="store_true",
        help="set aside columns nobody maps (they are named), instead of refusing the file",
    )
    importer.add_argument("--sheet", metavar="NAME", help="for a workbook: the sheet to read")
    importer.add_argument(
        "--header-row",
        type=_positive,
        metavar="N",
        help="the row holding the headers (1 is the first)",
    )
    importer.add_argument(
        "--key-file",
        metavar="FILE",
        help="a secret key (32 bytes or more) that makes veterans' ids from their identity "
        "numbers, the same in every import",
    )
    importer.add_argument(
        "--all-or-nothing",
        action="store_true",
        help="write nothing (exit 1) when any row has a problem",
    )
    reading_options(importer)
    importer.set_defaults(run=_cmd_import)

    import_csv = command(
        "import-csv",
        "read a spreadsheet (CSV) into JSON Lines",
        "Read a CSV file of one record kind (Chinese headers welcome) and write it as JSON "
        "Lines (--out FILE.jsonl) or as a caseload folder (--out DIR). Every problem is "
        "listed with its row and column.",
    )
    import_csv.add_argument(
        "kind",
        metavar="KIND",
        choices=tuple(io.CSV_KINDS),
        help="record kind: " + ", ".join(io.CSV_KINDS),
    )
    import_csv.add_argument("file", metavar="FILE", help="the CSV file")
    import_csv.add_argument(
        "--out", required=True, metavar="PATH", help="a .jsonl file, or a folder to write"
    )
    import_csv.add_argument(
        "--columns",
        metavar="cn|FILE",
        help="map headers to columns: 'cn' for the common Chinese headers, or a JSON file",
    )
    reading_options(import_csv)
    import_csv.set_defaults(run=_cmd_import_csv)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default ``sys.argv[1:]``); return the exit status.

    0 on success, 1 when the data are invalid (each problem on its own line), 2 for a usage
    mistake. Without a subcommand, runs ``demo``.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or (
        arguments[0].startswith("-") and arguments[0] not in ("-h", "--help", "--version")
    ):
        arguments.insert(0, "demo")
    parser = _parser()
    try:
        args = parser.parse_args(arguments)
        progress = _Progress(quiet=args.quiet)
        status: int = args.run(args, progress)
    except SystemExit as exit_:  # --help and --version
        return exit_.code if isinstance(exit_.code, int) else EXIT_OK
    except _UsageError as error:
        sys.stderr.write(f"{PROG}: error: {error}\n")
        return EXIT_USAGE
    except _InvalidData as invalid:
        for line in invalid.problems:
            sys.stderr.write(line + "\n")
        sys.stderr.write(f"{PROG}: {len(invalid.problems)} problem(s) in the data\n")
        return EXIT_INVALID_DATA
    except RecordError as error:
        for line in error.problems:
            sys.stderr.write(line + "\n")
        return EXIT_INVALID_DATA
    except InvalidInputError as error:
        sys.stderr.write(f"{PROG}: error: {error}\n")
        return EXIT_USAGE
    except (VeteranServicesError, ImportError) as error:
        sys.stderr.write(f"{PROG}: error: {error}\n")
        return EXIT_USAGE if isinstance(error, ImportError) else EXIT_INVALID_DATA
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        _silence_stdout()
        return EXIT_OK
    except OSError as error:  # a file that cannot be read or written where it was asked for
        sys.stderr.write(f"{PROG}: error: {error}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        return 130
    return status


def _silence_stdout() -> None:
    """Point stdout at the null device, so that flushing at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (captured in tests)
        pass
