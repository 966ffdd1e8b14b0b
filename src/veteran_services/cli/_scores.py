"""The commands that score placements: ``score`` and ``report``, and what they say about the
placements left unscored."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
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
from veteran_services.cli._engine import choose, merged_columns, say_engine, tables_and_day
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


def _score_why_not(args: argparse.Namespace) -> str | None:
    """Why ``score`` with these options cannot run on the columnar engine (None: it can)."""
    if args.out is not None:
        return _("--out writes each score's reasons and components, which the object engine gives")
    if args.peer_wages:
        return _("--peer-wages takes its reference wages from the earnings as objects")
    return None


def _cmd_score(args: argparse.Namespace, progress: _Progress) -> int:
    if choose(args, why_not=_score_why_not(args)) == "columnar":
        return _score_columnar(args, progress)
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
    _print_summaries(model, market, day, summaries, overall)
    for line in _unscored_lines(overall, _failures(scores), args.path):
        sys.stdout.write(line + "\n")
    say_engine("objects", table=True)
    return EXIT_OK


def _score_columnar(args: argparse.Namespace, progress: _Progress) -> int:
    """``score`` on the columnar engine: the folder's tables scored with
    :func:`~veteran_services.columnar.score_table`, summarised with
    :func:`~veteran_services.columnar.summarise_scores`; the few placements named as examples
    of a record failure are scored as objects, for their reasons' exact words."""
    from veteran_services import columnar

    model = _model(args.model)
    market = _market(args.market)
    # whole placements and employers: the examples of a failure are built from them
    whole: dict[str, Sequence[str] | None] = {"placements": None, "employers": None}
    columns = merged_columns(columnar.SCORING_COLUMNS, whole)
    tables, day = tables_and_day(args, progress, columns)
    progress.stage(_("scoring placements"))
    table = columnar.score_table(
        tables["placements"],
        employers=tables["employers"],
        programmes=tables["programmes"],
        enrolments=tables["enrolments"],
        responses=tables["responses"],
        instruments=tables["instruments"],
        market=market,
        model=model,
        as_of=day,
    )
    summaries = sorted(columnar.summarise_scores(table, by="region"), key=lambda s: str(s.group))
    overall = columnar.summarise_scores(table)
    failures = _columnar_failures(table, tables, market=market, model=model, as_of=day)
    progress.clear()
    _print_summaries(model, market, day, summaries, overall)
    for line in _unscored_lines(overall, failures, args.path):
        sys.stdout.write(line + "\n")
    say_engine("columnar", table=True)
    return EXIT_OK


def _columnar_failures(
    table: Any,
    tables: Mapping[str, Any],
    *,
    market: scoring.LabourMarket,
    model: scoring.QualityModel,
    as_of: date,
) -> dict[str, tuple[list[str], int]]:
    """:func:`_failures` of a table of scores: the first few placements of each failure are
    built as records (with their employers) and scored, so that their reasons are the object
    path's words."""
    from veteran_services import columnar

    reasons = table["reason"].to_pylist()
    found: dict[str, tuple[list[str], int]] = {}
    for code in _FAILURES:
        rows = [row for row, reason in enumerate(reasons) if reason == code]
        if not rows:
            found[code] = ([], 0)
            continue
        placements = tables["placements"].take(rows[:_EXAMPLES])
        employer_ids = set(placements["employer_id"].to_pylist())
        employers = tables["employers"]
        keep = [i for i, e in enumerate(employers["id"].to_pylist()) if e in employer_ids]
        chosen = employers.take(keep) if keep else employers.slice(0, 0)
        few = columnar.from_arrow({"placements": placements, "employers": chosen})
        scores = scoring.score_caseload(few, market=market, model=model, as_of=as_of)
        found[code] = ([s.reason or "" for s in scores], len(rows))
    return found


def _print_summaries(
    model: scoring.QualityModel,
    market: scoring.LabourMarket,
    day: date,
    summaries: Sequence[scoring.GroupSummary],
    overall: Sequence[scoring.GroupSummary],
) -> None:
    """The summary table of ``score``: by region, then all placements."""
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


#: The reasons that are a record's failure (the record needs correcting or the tables rows),
#: whose placements are named one by one (up to :data:`_EXAMPLES` of each).
_FAILURES: Final = ("no_market_data", "unknown_employer")


_EXAMPLES: Final = 3


def _failures(scores: Sequence[scoring.QualityScore]) -> dict[str, tuple[list[str], int]]:
    """The reasons of the first few placements of each record failure, and how many there are."""
    found = {}
    for code in _FAILURES:
        named = [s.reason for s in scores if s.reason_code == code and s.reason]
        found[code] = (named[:_EXAMPLES], len(named))
    return found


def _unscored_lines(
    overall: Sequence[scoring.GroupSummary],
    failures: Mapping[str, tuple[list[str], int]],
    path: str,
) -> list[str]:
    """How many placements were left unscored and why: a count and the reason's label per
    reason code, the first few placements of each record failure (*failures*: their reasons
    and count, by code), and where to find them all."""
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
        if code in failures:
            named, total = failures[code]
            lines.extend(f"    {_i18n.translate_text(text, _lang())}" for text in named)
            if total > len(named):
                lines.append("    " + _("... and {n} more").format(n=f"{total - len(named):,}"))
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
    choose(args, why_not=_("the report is built on the object engine in this release"))
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
    for line in _unscored_lines(scoring.summarise(scores), _failures(scores), args.path):
        sys.stdout.write(line + "\n")
    say_engine("objects", table=True)
    return EXIT_OK
