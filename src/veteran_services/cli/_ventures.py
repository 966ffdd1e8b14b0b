"""The ``ventures`` command: entrepreneurship quality, survival, high growth, jobs and loans of
a caseload folder (the entrepreneurship section of the report, as text)."""

from __future__ import annotations

import argparse
import sys
from statistics import median

from veteran_services import metrics, scoring
from veteran_services.cli._common import EXIT_OK, _as_of, _read
from veteran_services.cli._output import _Progress, _table
from veteran_services.metrics.survival import venture_survival

_MONTHS = (12, 24, 36)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _cell(read: tuple[float, float, float] | None) -> str:
    if read is None:
        return "-"
    value, low, high = read
    return f"{value:.1%} ({low:.1%}-{high:.1%})"


def _estimate_line(estimate: metrics.Estimate, label: str) -> str:
    if estimate.value is None:
        return f"  {label}: - ({estimate.reason})"
    value = float(estimate.value)
    shown = f"{value:.1%}" if estimate.unit in ("proportion", "probability") else f"{value:,.2f}"
    interval = estimate.interval
    if interval is not None:
        if estimate.unit in ("proportion", "probability"):
            shown += f" ({interval.low:.1%}-{interval.high:.1%})"
        else:
            shown += f" ({interval.low:,.2f}-{interval.high:,.2f})"
    if estimate.denominator is not None:
        shown += f", n = {estimate.denominator:,}"
    return f"  {label}: {shown}"


def _cmd_ventures(args: argparse.Namespace, progress: _Progress) -> int:
    caseload = _read(args.path, progress)
    day = _as_of(args, caseload)
    scores = scoring.score_ventures(caseload, as_of=day)
    progress.clear()
    out = sys.stdout
    model = scoring.VentureModel.default()
    out.write(
        f"Entrepreneurship quality as of {day.isoformat()} "
        f"(venture model {model.version}, fingerprint {model.fingerprint})\n"
    )
    values = [s.value for s in scores if s.value is not None]
    flags: dict[str, int] = {}
    for score in scores:
        for flag in score.flags:
            flags[flag.value] = flags.get(flag.value, 0) + 1
    out.write(
        f"  ventures {len(scores):,}, scored {len(values):,}"
        + (f", mean {sum(values) / len(values):.1f}, median {median(values):.1f}" if values else "")
        + "\n"
    )
    if flags:
        out.write("  flags: " + ", ".join(f"{k} {v:,}" for k, v in sorted(flags.items())) + "\n")
    result = venture_survival(caseload, as_of=day, by=args.by)
    table = result.survival_table(_MONTHS)
    headers = [args.by, *(f"{m} months" for m in _MONTHS)]
    rows = [[label, *(_cell(cells[m]) for m in _MONTHS)] for label, cells in table.items()]
    out.write(f"\nSurvival from registration (Kaplan-Meier, 95% Greenwood log-log) by {args.by}\n")
    out.write(_table(headers, rows, right=set(range(1, len(headers)))) + "\n")
    if result.log_rank is not None:
        test = result.log_rank
        out.write(
            f"  log-rank: chi-square {test.statistic:.2f}, df {test.df}, p = {test.p_value:.3g}\n"
        )
    out.write("\nEntrepreneurship indicators\n")
    lines = [
        (metrics.high_growth_share(caseload, as_of=day), "high-growth ventures (Eurostat-OECD)"),
        (
            metrics.high_growth_share(caseload, as_of=day, min_start_employees=1, min_added=3),
            "high-growth, smaller-firm variant (from 1, +3 jobs)",
        ),
        (metrics.jobs_per_venture(caseload, as_of=day), "jobs per venture"),
        (
            metrics.jobs_per_venture(caseload, as_of=day, veterans_only=True),
            "veteran jobs per venture",
        ),
        (metrics.jobs_per_100_founders(caseload, as_of=day), "jobs per 100 founders"),
        (metrics.loan_repayment_rate(caseload, as_of=day), "loans repaid or on schedule"),
        (metrics.loan_default_rate(caseload, as_of=day), "loans in arrears or defaulted"),
    ]
    for estimate, label in lines:
        out.write(_estimate_line(estimate, label) + "\n")
    jobs = metrics.jobs_created(caseload, as_of=day)
    veteran_jobs = metrics.jobs_created(caseload, as_of=day, veterans_only=True)
    out.write(f"  jobs created: {jobs.value}, of which veterans: {veteran_jobs.value}\n")
    for supported in (True, False):
        estimate = metrics.venture_survival_by_support(caseload, as_of=day, supported=supported)
        label = "24-month survival, " + ("supported" if supported else "unsupported")
        out.write(_estimate_line(estimate, label) + "\n")
    out.write(
        "  (supported against unsupported is descriptive; see metrics.survival.venture_cox "
        "and veteran_services.evaluation for effects)\n"
    )
    return EXIT_OK
