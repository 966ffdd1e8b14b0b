"""The commands of the programme indicators: ``metrics``, ``league`` and ``follow-ups``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, timedelta

from veteran_services import metrics
from veteran_services.cli._common import (
    EXIT_OK,
    _as_of,
    _read,
)
from veteran_services.cli._output import (
    _estimate_row,
    _group,
    _number,
    _Progress,
    _table,
    _write_rows,
)
from veteran_services.metrics import Estimate, FollowUpStatus
from veteran_services.model import Caseload


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
