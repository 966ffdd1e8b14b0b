"""The commands that score placements: ``score`` and ``report``, and what they say about the
placements left unscored."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final

from veteran_services import _i18n, io, metrics, scoring
from veteran_services.cli._common import (
    EXIT_OK,
    PROG,
    _as_of,
    _market,
    _model,
    _read,
)
from veteran_services.cli._output import (
    _,
    _csv_text,
    _lang,
    _Progress,
    _region_group,
    _table,
)
from veteran_services.model import Caseload


def _region_name(code: str | None) -> str:
    """The employer's district's name in the output's language ("" when unknown)."""
    if code is None:
        return ""
    namer = metrics.unit_namer("employer_region", _lang())
    return "" if namer is None else namer(code)


def _score_row(score: scoring.QualityScore) -> dict[str, Any]:
    row: dict[str, Any] = {
        "placement_id": score.placement_id,
        "region": score.region,
        "region_name": _region_name(score.region),
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


def _scored(
    args: argparse.Namespace, progress: _Progress
) -> tuple[
    scoring.QualityModel, scoring.LabourMarket, Caseload, date, tuple[scoring.QualityScore, ...]
]:
    """The model and market of ``--model`` and ``--market``, the caseload of PATH, the day of
    ``--as-of`` (or the data's cutoff) and every placement's score, counted as they come."""
    model = _model(args.model)
    market = _market(args.market)
    caseload = _read(args.path, progress)
    if args.peer_wages:
        market = scoring.LabourMarket.peer_reference(caseload, base=market)
    day = _as_of(args, caseload)
    scores = tuple(
        progress.counted(
            _("scoring placements"),
            scoring.iter_scores(caseload, market=market, model=model, as_of=day),
        )
    )
    return model, market, caseload, day, scores


def _market_lines(market: scoring.LabourMarket) -> list[str]:
    """What the labour-market tables lack, and whether the median wages are a peer reference."""
    lines = []
    if "median_wages" in market.lacks():
        lines.append(
            _(
                "No median wages in the labour-market tables: the wage against the median wage "
                "is missing for every placement (--peer-wages compares wages with a peer "
                "reference instead)."
            )
        )
    if market.peer_wages:
        lines.append(
            _(
                "Median wages: a peer reference, the median monthly earnings of the caseload's "
                "employed veterans (its earnings records), not the labour-market median."
            )
        )
    return lines


def _cmd_score(args: argparse.Namespace, progress: _Progress) -> int:
    model, market, _caseload, day, scores = _scored(args, progress)
    progress.clear()
    if args.out is not None:
        target = Path(args.out)
        if target.suffix == ".jsonl":
            lines = []
            for score in scores:
                data = _score_row(score)
                data["components"] = [c._asdict() for c in score.components]
                lines.append(json.dumps(data, ensure_ascii=False, default=str) + "\n")
            text = "".join(lines)
        else:
            text = _csv_text([_score_row(s) for s in scores])
        io.write_file(target, text.encode("utf-8"), overwrite=args.overwrite)
        words = _("Wrote {n} scores to {path}").format(n=f"{len(scores):,}", path=target)
        sys.stdout.write(words + "\n")
    summaries = sorted(scoring.summarise(scores, by="region"), key=lambda s: str(s.group))
    overall = scoring.summarise(scores)
    rows = [
        [
            _("all") if s.group == "all" else _region_group(s.group),
            f"{s.count:,}",
            f"{s.scored:,}",
            f"{s.completeness:.0%}",
            "-" if s.mean is None else f"{s.mean:.1f}",
            "-" if s.median is None else f"{s.median:.1f}",
            "-" if s.share_below is None else f"{s.share_below:.1%}",
        ]
        for s in [*summaries, *overall]
    ]
    words = _("Employment quality as of {as_of} (model {version}, fingerprint {fingerprint})")
    sys.stdout.write(
        words.format(as_of=day.isoformat(), version=model.version, fingerprint=model.fingerprint)
        + "\n"
    )
    headers = [
        _("region"),
        _("placements"),
        _("scored"),
        _("complete"),
        _("mean"),
        _("median"),
        _("below {threshold}").format(threshold=60),
    ]
    sys.stdout.write(_table(headers, rows, right={1, 2, 3, 4, 5, 6}) + "\n")
    complete = _("complete: mean share of the model's weight whose facts were recorded")
    sys.stdout.write(complete + "\n")
    for line in _market_lines(market):
        sys.stdout.write(line + "\n")
    for line in _unscored_lines(scores, overall, args.path):
        sys.stdout.write(line + "\n")
    return EXIT_OK


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
        return [_("All {n} placements scored.").format(n=f"{summary.count:,}")]
    words = _("{left} of {count} placements left unscored:")
    lines = [words.format(left=f"{left:,}", count=f"{summary.count:,}")]
    width = max(len(code) for code, n in summary.unscored.items() if n)
    for code, count in summary.unscored.items():
        if not count:
            continue
        reason = scoring.REASONS.get(code)
        label = "" if reason is None else _i18n.translate(reason, _lang())
        lines.append(f"  {code:<{width}} {count:>{len(f'{left:,}')},}  {label}".rstrip())
        if code in _FAILURES:
            named = [s for s in scores if s.reason_code == code and s.reason]
            lines.extend(
                f"    {_i18n.translate_text(s.reason or '', _lang())}" for s in named[:_EXAMPLES]
            )
            if len(named) > _EXAMPLES:
                lines.append("    " + _("... and {n} more").format(n=f"{len(named) - _EXAMPLES:,}"))
    if any(summary.unscored.get(code) for code in _FAILURES):
        words = _(
            "'{command}' lists each placement that cannot be scored, with its file and line, "
            "before scoring."
        )
        lines.append(words.format(command=f"{PROG} check {path}"))
    return lines


def _cmd_report(args: argparse.Namespace, progress: _Progress) -> int:
    from veteran_services import report  # the report only when needed

    io.refuse_existing(args.out, overwrite=args.overwrite)  # before the work, not after it
    model, market, caseload, day, scores = _scored(args, progress)
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
            progress=lambda step: progress.stage(_("report: {step}").format(step=_(step))),
            overwrite=args.overwrite,
        )
    finally:
        progress.clear()
    sys.stdout.write(_("Wrote the report {path}").format(path=target) + "\n")
    for line in _unscored_lines(scores, scoring.summarise(scores), args.path):
        sys.stdout.write(line + "\n")
    return EXIT_OK
