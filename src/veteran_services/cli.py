"""The command line: ``veteran-services`` (also ``python -m veteran_services``).

For now it generates the sample city, checks it and prints a summary. It is a thin face over
the public API: every number it prints is a count of records of the caseload that
:func:`veteran_services.synthetic.generate` returns.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from datetime import date
from enum import Enum
from typing import TextIO

from veteran_services import codes
from veteran_services.model import (
    Caseload,
    Disposition,
    EnrolmentOutcome,
    Problem,
    Severity,
)
from veteran_services.synthetic import (
    DEFAULT_AS_OF,
    SAMPLE_SEED,
    SAMPLE_VETERANS,
    WAVES,
    generate,
)

__all__ = ["main", "summary"]


def _label(member: Enum) -> str:
    return f"{codes.label(member)} ({codes.label(member, lang='zh')})"


def _pad(text: str, width: int) -> str:
    """*text* padded to *width* terminal columns (Chinese characters take two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def summary(caseload: Caseload, *, as_of: date, problems: Sequence[Problem] | None = None) -> str:
    """A plain-text summary of *caseload*: counts by district, training, jobs, ventures,
    follow-up cases and the result of :meth:`~veteran_services.model.Caseload.check`
    (pass *problems* when it has been run already).
    """
    lines: list[str] = []
    add = lines.append
    counts = caseload.counts()
    add(f"Sample city as of {as_of.isoformat()}")
    add("")
    add("Records")
    for kind, count in counts.items():
        add(f"  {kind:<12} {count:>9,}")
    add("")
    add("Veterans by district")
    by_district = Counter(v.region for v in caseload.veterans)
    known = {r.code for r in codes.nanjing_districts()}
    for district in codes.nanjing_districts():
        name = f"{district.name_en} {district.name_zh}"
        add(f"  {district.code}  {_pad(name, 28)} {by_district.get(district.code, 0):>8,}")
    for code in sorted(set(by_district) - known):
        add(f"  {code}  {_pad('(other region)', 28)} {by_district[code]:>8,}")
    add("")
    add("Enrolments by outcome")
    outcomes = Counter(e.outcome for e in caseload.enrolments)
    for outcome in EnrolmentOutcome:
        add(f"  {_pad(_label(outcome), 36)} {outcomes.get(outcome, 0):>8,}")
    add("")
    active = sum(1 for p in caseload.placements if p.ended_on is None)
    add("Placements")
    add(f"  {'active':<36} {active:>8,}")
    add(f"  {'ended':<36} {len(caseload.placements) - active:>8,}")
    add("")
    open_ventures = sum(1 for v in caseload.ventures if v.closed_on is None)
    add("Ventures")
    add(f"  {'active':<36} {open_ventures:>8,}")
    add(f"  {'closed':<36} {len(caseload.ventures) - open_ventures:>8,}")
    add("")
    add("Follow-up responses by wave and disposition")
    cells = Counter((r.wave_months, r.disposition) for r in caseload.responses)
    waves = sorted({w for w, _ in cells if w is not None}) or list(WAVES)
    header = "".join(f"{f'{w} months':>12}" for w in waves)
    add(f"  {'':<48}{header}")
    for disposition in Disposition:
        row = "".join(f"{cells.get((w, disposition), 0):>12,}" for w in waves)
        add(f"  {_pad(_label(disposition), 48)}{row}")
    totals = "".join(f"{sum(cells.get((w, d), 0) for d in Disposition):>12,}" for w in waves)
    add(f"  {'total':<48}{totals}")
    add("")
    if problems is None:
        problems = caseload.check()
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    verdict = "no problems" if not problems else f"{errors} errors, {warnings} warnings"
    add(f"Check: {verdict}")
    lines.extend(f"  {problem}" for problem in problems[:20])
    if len(problems) > 20:
        add(f"  ... and {len(problems) - 20} more")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veteran-services",
        description="Generate the sample city, check it and print a summary.",
    )
    parser.add_argument(
        "--veterans",
        type=int,
        default=SAMPLE_VETERANS,
        help=f"number of veterans (default {SAMPLE_VETERANS})",
    )
    parser.add_argument(
        "--seed", type=int, default=SAMPLE_SEED, help=f"random seed (default {SAMPLE_SEED})"
    )
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=DEFAULT_AS_OF,
        metavar="YYYY-MM-DD",
        help=f"the reference date (default {DEFAULT_AS_OF.isoformat()})",
    )
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line with *argv* (default ``sys.argv[1:]``); return the exit status.

    The status is 0 when the generated caseload has no errors, 1 otherwise.
    """
    stream = sys.stdout if out is None else out
    args = _parser().parse_args(argv)
    caseload = generate(veterans=args.veterans, seed=args.seed, as_of=args.as_of)
    problems = caseload.check()
    stream.write(summary(caseload, as_of=args.as_of, problems=problems) + "\n")
    return 1 if any(p.severity is Severity.ERROR for p in problems) else 0
