"""The ``ventures`` command: entrepreneurship quality, survival, high growth, jobs and loans of
a caseload folder (the entrepreneurship section of the report, as text)."""

from __future__ import annotations

import argparse
import sys
from statistics import median
from typing import Final

from veteran_services import codes, metrics, scoring
from veteran_services._i18n import N_
from veteran_services.cli._common import EXIT_OK, _as_of, _read
from veteran_services.cli._output import _, _group, _lang, _Progress, _table, _text
from veteran_services.metrics.survival import venture_survival
from veteran_services.model import LegalForm

_MONTHS = (12, 24, 36)

#: The survival groupings as the table's first column names them.
_BY_WORDS: Final = {
    "district": N_("district"),
    "cohort": N_("registration year"),
    "legal_form": N_("legal form"),
    "support": N_("support"),
}

#: The two groups of ``--by support``.
_SUPPORT_WORDS: Final = {"supported": N_("supported"), "unsupported": N_("unsupported")}


def _survival_group(by: str, label: str) -> str:
    """A survival curve's label for people: "all", a district's name, a legal form's label."""
    if label == "all":
        return _("all")
    if by == "district":
        return _group("region", label)
    if by == "legal_form":
        try:
            return codes.label(LegalForm(label), _lang())
        except ValueError:
            return label
    if by == "support":
        return _(_SUPPORT_WORDS.get(label, label))
    return label


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _cell(read: tuple[float, float, float] | None) -> str:
    if read is None:
        return "-"
    value, low, high = read
    return f"{value:.1%} ({low:.1%}-{high:.1%})"


def _estimate_line(estimate: metrics.Estimate, label: str) -> str:
    label = _(label)
    if estimate.value is None:
        return f"  {label}: - ({_text(estimate.reason or '')})"
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
        _(
            "Entrepreneurship quality as of {as_of} (venture model {version}, fingerprint {fp})"
        ).format(as_of=day.isoformat(), version=model.version, fp=model.fingerprint)
        + "\n"
    )
    values = [s.value for s in scores if s.value is not None]
    flags: dict[scoring.VentureFlag, int] = {}
    for score in scores:
        for flag in score.flags:
            flags[flag] = flags.get(flag, 0) + 1
    counts = _("ventures {n}, scored {scored}").format(
        n=f"{len(scores):,}", scored=f"{len(values):,}"
    )
    if values:
        counts += _(", mean {mean}, median {median}").format(
            mean=f"{sum(values) / len(values):.1f}", median=f"{median(values):.1f}"
        )
    out.write(f"  {counts}\n")
    if flags:
        shown = _(", ").join(
            f"{codes.label(flag, _lang())} {n:,}" for flag, n in sorted(flags.items())
        )
        out.write("  " + _("flags: {flags}").format(flags=shown) + "\n")
    result = venture_survival(caseload, as_of=day, by=args.by)
    table = result.survival_table(_MONTHS)
    by = _(_BY_WORDS.get(args.by, args.by))
    headers = [by, *(_("{n} months").format(n=m) for m in _MONTHS)]
    rows = [
        [_survival_group(args.by, label), *(_cell(cells[m]) for m in _MONTHS)]
        for label, cells in table.items()
    ]
    heading = _("Survival from registration (Kaplan-Meier, 95% Greenwood log-log) by {by}")
    out.write("\n" + heading.format(by=by) + "\n")
    out.write(_table(headers, rows, right=set(range(1, len(headers)))) + "\n")
    if result.log_rank is not None:
        test = result.log_rank
        words = _("log-rank: chi-square {statistic}, df {df}, p = {p}")
        shown = words.format(statistic=f"{test.statistic:.2f}", df=test.df, p=f"{test.p_value:.3g}")
        out.write(f"  {shown}\n")
    out.write("\n" + _("Entrepreneurship indicators") + "\n")
    lines = [
        (
            metrics.high_growth_share(caseload, as_of=day),
            N_("high-growth ventures (Eurostat-OECD)"),
        ),
        (
            metrics.high_growth_share(caseload, as_of=day, min_start_employees=1, min_added=3),
            N_("high-growth, smaller-firm variant (from 1, +3 jobs)"),
        ),
        (metrics.jobs_per_venture(caseload, as_of=day), N_("jobs per venture")),
        (
            metrics.jobs_per_venture(caseload, as_of=day, veterans_only=True),
            N_("veteran jobs per venture"),
        ),
        (metrics.jobs_per_100_founders(caseload, as_of=day), N_("jobs per 100 founders")),
        (metrics.loan_repayment_rate(caseload, as_of=day), N_("loans repaid or on schedule")),
        (metrics.loan_default_rate(caseload, as_of=day), N_("loans in arrears or defaulted")),
    ]
    for estimate, label in lines:
        out.write(_estimate_line(estimate, label) + "\n")
    jobs = metrics.jobs_created(caseload, as_of=day)
    veteran_jobs = metrics.jobs_created(caseload, as_of=day, veterans_only=True)
    words = _("jobs created: {jobs}, of which veterans: {veterans}")
    out.write("  " + words.format(jobs=jobs.value, veterans=veteran_jobs.value) + "\n")
    for supported in (True, False):
        estimate = metrics.venture_survival_by_support(caseload, as_of=day, supported=supported)
        label = (
            N_("24-month survival, supported")
            if supported
            else N_("24-month survival, unsupported")
        )
        out.write(_estimate_line(estimate, label) + "\n")
    note = _(
        "(supported against unsupported is descriptive; see metrics.survival.venture_cox "
        "and veteran_services.evaluation for effects)"
    )
    out.write(f"  {note}\n")
    return EXIT_OK
