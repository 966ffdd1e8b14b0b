"""The commands of the programme indicators: ``metrics``, ``league`` and ``follow-ups``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any, Final

from veteran_services import _i18n, metrics
from veteran_services._i18n import N_
from veteran_services.cli._common import (
    EXIT_OK,
    _as_of,
    _read,
)
from veteran_services.cli._engine import (
    choose,
    columnar_installed,
    read_tables,
    say_engine,
    tables_and_day,
)
from veteran_services.cli._output import (
    _,
    _estimate_row,
    _group,
    _lang,
    _number,
    _Progress,
    _span,
    _table,
    _text,
    _write_rows,
)
from veteran_services.metrics import Estimate, FollowUpStatus
from veteran_services.model import RECORD_KINDS, Caseload


def _metric(name: str, args: argparse.Namespace, day: date) -> Callable[..., Estimate]:
    """The indicator *name* as a metric of a breakdown or league table: on a caseload, as of
    *day*, in the quarter of ``--quarter`` when it is quarterly."""
    indicator = metrics.programme_indicator(name)

    def metric(caseload: Caseload) -> Estimate:
        return indicator.compute(caseload, as_of=day, quarter=args.quarter)

    return metric


def _print_headlines(args: argparse.Namespace, day: date, headlines: Sequence[Estimate]) -> None:
    """The headline figures as ``metrics`` prints them: a table for people, or rows."""
    if args.format == "table":
        words = _("Headline indicators as of {as_of}").format(as_of=day.isoformat())
        sys.stdout.write(words + "\n")
        rows = [_estimate_row(e, _figure_name(e.name)) for e in headlines]
        headers = [
            _("indicator"),
            _("value"),
            _("95% interval"),
            _("numerator"),
            _("denominator"),
            _("note"),
        ]
        sys.stdout.write(_table(headers, rows, right={1, 2, 3, 4}) + "\n")
    else:
        figures = [metrics.estimate_row(e, floats=True) for e in headlines]
        _write_rows(figures, args.format, sys.stdout)


def _columnar_groups() -> tuple[str, ...]:
    """The indicators the columnar engine breaks down and ranks (none without the extra)."""
    if not columnar_installed():
        return ()
    from veteran_services import columnar

    return tuple(columnar.GROUPED_INDICATORS)


def _not_grouped(args: argparse.Namespace) -> str | None:
    """Why a breakdown or league table of ``--metric`` cannot run on the columnar engine."""
    if args.metric in _columnar_groups() or not columnar_installed():
        return None
    return _("{metric} is broken down and ranked on the object engine").format(metric=args.metric)


def _cmd_metrics(args: argparse.Namespace, progress: _Progress) -> int:
    engine = choose(args, why_not=None if args.by is None else _not_grouped(args))
    headlines: Sequence[Estimate] = ()
    if engine == "columnar":
        from veteran_services import columnar

        # the headline figures read only their columns; a breakdown reads the whole caseload
        needed = columnar.HEADLINE_COLUMNS if args.by is None else dict.fromkeys(RECORD_KINDS)
        tables, day = tables_and_day(args, progress, needed)
        progress.stage(_("computing"))
        if args.by is None:
            headlines = columnar.headline_figures(tables, as_of=day)
        else:
            wide = columnar.indicator_table(
                tables,
                indicators=[args.metric],
                by=args.by,
                as_of=day,
                quarter=args.quarter,
                min_cell=args.min_cell,
                lang=_lang(),
            )
            names = columnar.from_arrow({"providers": tables["providers"]})
    else:
        caseload = _read(args.path, progress)
        day = _as_of(args, caseload)
        progress.stage(_("computing"))
        if args.by is None:
            headlines = metrics.headline_figures(caseload, as_of=day)
        else:
            wide = metrics.indicator_table(
                caseload,
                indicators=[_metric(args.metric, args, day)],
                by=args.by,
                as_of=day,
                min_cell=args.min_cell,
                lang=_lang(),
            )
            names = caseload
    progress.clear()
    if args.by is None:
        _print_headlines(args, day, headlines)
    else:
        _print_breakdown(args, day, wide, names)
    say_engine(engine, table=args.format == "table")
    return EXIT_OK


def _print_breakdown(
    args: argparse.Namespace, day: date, wide: metrics.IndicatorTable, names: Caseload
) -> None:
    """One indicator by ``--by`` as ``metrics`` prints it (providers named from *names*)."""
    (name,) = wide.indicators
    if args.format != "table":
        _write_rows(wide.tables[name].to_rows(), args.format, sys.stdout, by=args.by, names=names)
        return
    shown = name if _lang() == _i18n.SOURCE_LANGUAGE else wide.labels[name]
    words = _("{name} by {by} as of {as_of} (cells under {min_cell} suppressed)")
    sys.stdout.write(
        words.format(name=shown, by=_by(args.by), as_of=day.isoformat(), min_cell=args.min_cell)
        + "\n"
    )
    rows = []
    for unit in (*wide.units, wide.total):
        label = _unit_label(args.by, unit)
        row = unit.cell(name)
        if row is None:
            continue
        if row.suppression is not None or row.estimate.suppressed:
            why = _(_SUPPRESSION.get(row.suppression or "small", row.suppression or "small"))
            rows.append([label, _("suppressed ({why})").format(why=why), "", "", ""])
        else:
            rows.append(_estimate_row(row.estimate, label)[:5])
    headers = [_by(args.by), _("value"), _("95% interval"), _("numerator"), _("denominator")]
    sys.stdout.write(_table(headers, rows, right={1, 2, 3, 4}) + "\n")


#: The groupings whose units are best named by their label alone (their codes are words).
_LABELLED: Final = frozenset({"sex", "programme_kind", "resettlement", "age_band"})


def _unit_label(by: str, unit: metrics.UnitRow) -> str:
    """A unit as the table shows it: its code and name (``320102 Xuanwu District``), the name
    alone for the total, "unknown" and groupings whose codes are words."""
    if unit.is_total or unit.name == unit.unit or by in _LABELLED or unit.unit == "unknown":
        return unit.name
    return f"{unit.unit} {unit.name}"


def _cmd_league(args: argparse.Namespace, progress: _Progress) -> int:
    why_not = _not_grouped(args) if args.adjust_for is None else _not_adjusted(args)
    engine = choose(args, why_not=why_not)
    settings: dict[str, Any] = {
        "by": args.by,
        "overdispersion": args.overdispersion,
        "method": args.method,
        "replicates": args.replicates,
        "seed": args.seed,
        "min_n": args.min_n,
    }
    if engine == "columnar":
        from veteran_services import columnar

        tables, day = tables_and_day(args, progress, dict.fromkeys(RECORD_KINDS))
        progress.stage(_("league table"))
        names = columnar.from_arrow({"providers": tables["providers"]})
        if args.adjust_for is not None:
            quarterly = metrics.programme_indicator(args.metric).quarterly
            adjusted = columnar.adjusted_league_table(
                tables["veterans"],
                tables["enrolments"],
                tables["placements"],
                tables["earnings"],
                indicator=args.metric,
                programmes=tables["programmes"],
                ventures=tables["ventures"],
                contacts=tables["contacts"],
                responses=tables["responses"],
                quarter=args.quarter if quarterly else None,
                as_of=day,
                by=args.by,
                adjust_for=args.adjust_for,
                overdispersion=args.overdispersion,
                raw_method=args.method,
                replicates=args.replicates,
                seed=args.seed,
                min_n=args.min_n,
            )
            progress.clear()
            _print_adjusted(args, day, adjusted, names)
            say_engine(engine, table=args.format == "table")
            return EXIT_OK
        table = columnar.league_table(
            tables, args.metric, as_of=day, quarter=args.quarter, **settings
        )
    else:
        caseload = _read(args.path, progress)
        day = _as_of(args, caseload)
        progress.stage(_("league table"))
        if args.adjust_for is not None:
            status = _adjusted_league(args, caseload, day, progress)
            say_engine(engine, table=args.format == "table")
            return status
        table = metrics.league_table(_metric(args.metric, args, day), caseload, **settings)
        names = caseload
    progress.clear()
    if args.format != "table":
        _write_rows(table.to_rows(), args.format, sys.stdout, by=args.by, names=names)
        say_engine(engine, table=False)
        return EXIT_OK
    overall = table.overall
    metric = table.metric if _lang() == _i18n.SOURCE_LANGUAGE else _figure_name(table.metric)
    words = _(
        "{metric} by {by} as of {as_of}: overall {overall} (n = {n}); flagged only outside the "
        "{level} limits; groups of fewer than {min_n} listed, not ranked"
    )
    sys.stdout.write(
        words.format(
            metric=metric,
            by=_by(args.by),
            as_of=day.isoformat(),
            overall=_number(None if overall.value is None else float(overall.value), overall.unit),
            n=overall.denominator,
            level=f"{table.flag_level:.1%}",
            min_n=args.min_n,
        )
        + "\n"
    )
    rows = []
    for row in table.rows:
        outer = row.limits[-1] if row.limits else None
        rank = _text(row.reason or "") if row.rank is None else f"{row.rank:g}"
        if row.rank_interval is not None:
            rank += f" ({row.rank_interval[0]:g}-{row.rank_interval[1]:g})"
        rows.append(
            [
                _group(args.by, row.group),
                f"{row.n:,}",
                _number(row.value, "proportion"),
                ""
                if row.interval is None
                else _span(f"{row.interval.low:.1%}", f"{row.interval.high:.1%}"),
                "" if outer is None else _span(f"{outer.low:.1%}", f"{outer.high:.1%}"),
                _(_FLAGS[row.flag]) if row.flag in _FLAGS else row.flag or "-",
                rank,
            ]
        )
    headers = [
        _by(args.by),
        _("n"),
        _("value"),
        _("95% interval"),
        _("limits"),
        _("flag"),
        _("rank (interval)"),
    ]
    sys.stdout.write(_table(headers, rows, right={1, 2, 3, 4, 6}) + "\n")
    say_engine(engine, table=True)
    return EXIT_OK


def _adjusters(text: str) -> tuple[str, ...]:
    """``--adjust-for``: comma-separated characteristics of :data:`metrics.ADJUSTERS`;
    ``default`` stands for the library's default set (``default,region`` adds the district)."""
    names: tuple[str, ...] = ()
    for name in (part.strip() for part in text.split(",")):
        if name == "default":
            names += tuple(n for n in _DEFAULT_ADJUSTERS if n not in names)
        elif name and name not in names:
            names += (name,)
    unknown = [name for name in names if name not in metrics.ADJUSTERS]
    if unknown or not names:
        msg = (
            f"must name characteristics from {', '.join(metrics.ADJUSTERS)} (or 'default'), "
            f"got {text!r}"
        )
        raise argparse.ArgumentTypeError(msg)
    return names


def _not_adjusted(args: argparse.Namespace) -> str | None:
    """Why ``league --adjust-for`` cannot run on the columnar engine (None: it can)."""
    if not columnar_installed():
        return None
    from veteran_services import columnar

    if args.metric not in columnar.ADJUSTED_INDICATORS:
        words = _("{metric} is adjusted for case mix on the object engine")
        return words.format(metric=args.metric)
    if args.by not in columnar.ADJUSTED_GROUPINGS:
        words = _("--adjust-for by {by} runs on the object engine")
        return words.format(by=args.by)
    return None


def _adjusted_league(
    args: argparse.Namespace, caseload: Caseload, day: date, progress: _Progress
) -> int:
    """``league --adjust-for``: the case-mix-adjusted table, raw flags alongside."""
    table = metrics.adjusted_league_table(
        _metric(args.metric, args, day),
        caseload,
        by=args.by,
        adjust_for=args.adjust_for,
        overdispersion=args.overdispersion,
        raw_method=args.method,
        replicates=args.replicates,
        seed=args.seed,
        min_n=args.min_n,
    )
    progress.clear()
    _print_adjusted(args, day, table, caseload)
    return EXIT_OK


def _print_adjusted(
    args: argparse.Namespace, day: date, table: metrics.AdjustedTable, names: Caseload
) -> None:
    """The case-mix-adjusted league table as ``league --adjust-for`` prints it."""
    if args.format != "table":
        _write_rows(table.to_rows(), args.format, sys.stdout, by=args.by, names=names)
        return
    metric = table.metric if _lang() == _i18n.SOURCE_LANGUAGE else _figure_name(table.metric)
    diagnostics = table.diagnostics
    words = _(
        "{metric} by {by} as of {as_of}, adjusted for {adjust_for}: overall {overall} "
        "(n = {n}); logistic model C statistic {c}, {excluded} left out; flagged only outside "
        "the {level} limits of observed/expected"
    )
    sys.stdout.write(
        words.format(
            metric=metric,
            by=_by(args.by),
            as_of=day.isoformat(),
            adjust_for=", ".join(table.adjust_for),
            overall=_number(table.overall_rate, "proportion"),
            n=diagnostics.n,
            c=f"{diagnostics.c_statistic:.3f}",
            excluded=len(diagnostics.excluded),
            level=f"{table.flag_level:.1%}",
        )
        + "\n"
    )
    rows = []
    for row in table.rows:
        rank = _text(row.reason or "") if row.rank is None else f"{row.rank:g}"
        if row.rank_interval is not None:
            rank += f" ({row.rank_interval[0]:g}-{row.rank_interval[1]:g})"
        rows.append(
            [
                _group(args.by, row.group),
                f"{row.n:,}",
                _number(row.raw_rate, "proportion"),
                _(_FLAGS[row.raw_flag]),
                f"{row.observed:,}",
                f"{row.expected:,.1f}",
                f"{row.ratio:.3f}",
                _span(f"{row.low:.3f}", f"{row.high:.3f}"),
                _number(row.adjusted_rate, "proportion"),
                _(_FLAGS[row.flag]),
                rank,
            ]
        )
    headers = [
        _by(args.by),
        _("n"),
        _("raw rate"),
        _("raw flag"),
        _("observed"),
        _("expected"),
        _("O/E"),
        _("95% interval"),
        _("adjusted rate"),
        _("flag"),
        _("rank (interval)"),
    ]
    sys.stdout.write(_table(headers, rows, right={1, 2, 4, 5, 6, 7, 8, 10}) + "\n")


def _cmd_follow_ups(args: argparse.Namespace, progress: _Progress) -> int:
    engine = choose(args)
    settings: dict[str, Any] = {
        "as_of": args.as_of,
        "schedule": args.schedule,
        "grace_days": args.grace_days,
        "lost_after_attempts": args.lost_after_attempts,
        "lost_after_days": args.lost_after_days,
    }
    if engine == "columnar":
        from veteran_services import columnar

        tables = read_tables(args.path, progress, columnar.WORKLIST_COLUMNS)
        progress.stage(_("follow-up schedule"))
        worklist = columnar.follow_ups_due(tables, **settings)
    else:
        caseload = _read(args.path, progress)
        progress.stage(_("follow-up schedule"))
        worklist = metrics.follow_ups_due(caseload, **settings)
    progress.clear()
    _print_worklist(args, worklist)
    say_engine(engine, table=args.format == "table")
    return EXIT_OK


def _print_worklist(args: argparse.Namespace, worklist: metrics.Worklist) -> None:
    """The worklist's items of the statuses asked for, as ``follow-ups`` prints them."""
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
        return
    counts = _(", ").join(f"{_(_STATUSES[s.value])} {n:,}" for s, n in worklist.counts().items())
    words = _("Follow-ups on {as_of}: {counts}")
    sys.stdout.write(words.format(as_of=args.as_of.isoformat(), counts=counts) + "\n")
    if not rows:
        sys.stdout.write(_("Nothing to do.") + "\n")
        return
    fields = list(rows[0])
    headers = [_(_FIELDS[field]) for field in fields]
    cells = [
        [_(_STATUSES[str(r[f])]) if f == "status" else str(r[f]) for f in fields] for r in rows
    ]
    sys.stdout.write(_table(headers, cells, right={2}) + "\n")


#: The groupings as the output names them (:data:`metrics.GROUPINGS`' names; English: the name).
_BY_WORDS: Final = {
    "region": N_("district"),
    "veteran_region": N_("veteran's district"),
    "employer_region": N_("employer's district"),
    "provider": N_("training provider"),
    "programme_kind": N_("programme kind"),
    "sex": N_("sex"),
    "age_band": N_("age band"),
    "resettlement": N_("resettlement route"),
}


def _by(by: str) -> str:
    """A grouping's name for people: the name itself in English (as the option is written),
    in words in other languages."""
    if _lang() == _i18n.SOURCE_LANGUAGE or by not in _BY_WORDS:
        return by
    return _(_BY_WORDS[by])


def _figure_name(name: str) -> str:
    """A figure's or indicator's name for people, in the language of the output."""
    return _i18n.translate(metrics.indicator_label(name), _lang())


#: Why a cell is suppressed, by :attr:`metrics.Row.suppression`.
_SUPPRESSION: Final = {"primary": N_("primary"), "secondary": N_("secondary"), "small": N_("small")}

#: What ``--adjust-for default`` adjusts for (adjusted_league_table's default).
_DEFAULT_ADJUSTERS: Final = ("age_band", "sex", "education", "rank", "barriers")

#: A league table's flags.
_FLAGS: Final = {"above": N_("above"), "within": N_("within"), "below": N_("below")}

#: The follow-up statuses (:class:`FollowUpStatus` values).
_STATUSES: Final = {
    "done": N_("done"),
    "due": N_("due"),
    "overdue": N_("overdue"),
    "lost": N_("lost"),
    "not_yet_due": N_("not_yet_due"),
}

#: The worklist's columns as the table names them (CSV and JSON keep the field names).
_FIELDS: Final = {
    "placement_id": N_("placement_id"),
    "veteran_id": N_("veteran_id"),
    "wave_months": N_("wave_months"),
    "due_on": N_("due_on"),
    "overdue_after": N_("overdue_after"),
    "status": N_("status"),
}
