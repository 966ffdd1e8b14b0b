"""The commands about the records themselves: ``demo``, ``synth``, ``check`` and ``schema``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from veteran_services import codes, io, scoring
from veteran_services.cli._common import (
    EXIT_INVALID_DATA,
    EXIT_OK,
    PROG,
    _InvalidData,
    _market,
    _read_folder,
)
from veteran_services.cli._output import (
    _estimate_row,
    _Progress,
    _table,
)
from veteran_services.model import RECORD_KINDS, Severity
from veteran_services.synthetic import generate


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
