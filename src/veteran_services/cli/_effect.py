"""The ``effect`` command: did a programme help? The estimate with its diagnostics."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from veteran_services import evaluation
from veteran_services.cli._common import EXIT_OK, _as_of, _read
from veteran_services.cli._output import _Progress
from veteran_services.model import ProgrammeKind


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"must be a date as YYYY-MM-DD, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def add_effect(commands: object) -> None:
    """Register ``effect`` with the subcommands (a ``_Commands`` of ``_arguments``)."""
    sub: argparse.ArgumentParser = commands.add(  # type: ignore[attr-defined]
        "effect",
        "did a programme help? the treatment effect with its diagnostics",
        "Estimate the effect of completing a programme of one kind on employment or earnings "
        "after exit (treated completers against veterans not enrolled by the same point), "
        "adjusted for covariates measured at registration, with the naive difference, "
        "balance, overlap and the E-value.",
    )
    sub.add_argument("path", metavar="PATH", help="a caseload folder (with manifest.json)")
    sub.add_argument(
        "--programme-kind",
        choices=[k.value for k in ProgrammeKind],
        default="vocational",
        help="the programme kind whose completers are treated (default vocational)",
    )
    sub.add_argument(
        "--outcome",
        default="employed_q2",
        help="employed_qN or earnings_qN, N = 1..8 quarters after exit (default employed_q2)",
    )
    sub.add_argument(
        "--method",
        choices=("aipw", "ipw", "regression", "matching"),
        default="aipw",
        help="the estimator (default aipw)",
    )
    sub.add_argument(
        "--ignore-kind",
        action="append",
        default=[],
        choices=[k.value for k in ProgrammeKind],
        help="ignore enrolments of this kind on both sides (repeatable), e.g. adaptive",
    )
    sub.add_argument(
        "--as-of",
        type=_day,
        metavar="DATE",
        help="evaluation date, YYYY-MM-DD (default: the latest dated event in the data)",
    )
    sub.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    sub.set_defaults(run=_cmd_effect)


def _cmd_effect(args: argparse.Namespace, progress: _Progress) -> int:
    caseload = _read(args.path, progress)
    day = _as_of(args, caseload)
    progress.stage("estimating")
    result = evaluation.training_effect(
        caseload,
        programme_kind=args.programme_kind,
        outcome=args.outcome,
        as_of=day,
        ignore_kinds=tuple(args.ignore_kind),
        method=args.method,
    )
    progress.clear()
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), indent=2, default=str) + "\n")
        return EXIT_OK
    sys.stdout.write(render(result) + "\n")
    return EXIT_OK


def render(result: evaluation.TrainingEffect) -> str:
    """The estimate, the naive difference and the diagnostics as plain text."""
    e, n, f = result.estimate, result.naive, result.frame
    d = e.diagnostics
    lines = [
        (
            f"Effect of completing {f.programme_kind} training on {f.outcome} "
            f"({e.estimand.upper()}, {e.method}) as of {f.as_of}"
        ),
        f"  treated {f.n_treated}, comparison {f.n_comparison}; {f.comparison_rule}",
        (
            f"  adjusted  {e.value:+.4g}  ({e.lower:+.4g} to {e.upper:+.4g}, "
            f"{e.confidence:.0%} {e.interval})"
        ),
        f"  naive     {n.value:+.4g}  ({n.lower:+.4g} to {n.upper:+.4g})",
        (
            f"  E-value {d.evalue.estimate:.3g} (interval limit {d.evalue.limit:.3g}); "
            f"c-statistic {d.c_statistic:.3f}; effective sizes {d.effective_treated:.0f} treated, "
            f"{d.effective_control:.0f} comparison; outside common support "
            f"{d.overlap.share_outside_support:.1%}"
        ),
        "  balance (standardised mean differences, |SMD| > 0.1 marked *):",
    ]
    for row in d.balance:
        mark = " *" if row.imbalanced_after else ""
        lines.append(
            f"    {row.covariate:24} before {row.smd_before:+.3f}  after {row.smd_after:+.3f}{mark}"
        )
    for reason, count in f.excluded:
        lines.append(f"  left out: {count} ({reason})")
    lines.extend(f"  note: {note}" for note in f.notes)
    lines.append(
        "  assumes no unmeasured confounding given the covariates and overlap of the groups; "
        "it cannot rule out a confounder as strong as the E-value"
    )
    return "\n".join(lines)
