"""The report's entrepreneurship section: venture scores, survival curves, growth, jobs, loans.

The same figures as ``veteran-services ventures`` prints, as a section of the HTML page: the
distribution of the entrepreneurship-quality scores with the flag counts, Kaplan–Meier curves
of supported and unsupported ventures with their Greenwood intervals, survival at 12, 24 and
36 months by district (districts with fewer ventures than the report's ``min_cell`` are
suppressed), and the programme indicators for entrepreneurship with their intervals.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from statistics import median
from typing import Final

from attrs import frozen

from veteran_services import _i18n, codes, metrics, scoring
from veteran_services._i18n import N_
from veteran_services.metrics import Estimate
from veteran_services.metrics.survival import SurvivalCurve, VentureSurvival, venture_survival
from veteran_services.model import Caseload
from veteran_services.report import _charts
from veteran_services.report._render import _Page, _region_name

__all__ = ["VentureFigures", "venture_figures", "venture_section"]

_MONTHS: Final = (12, 24, 36)

#: The section's words (English: the msgid).
_WORDS: Final = {
    "heading": N_("Entrepreneurship"),
    "intro": N_(
        "Every venture founded by a veteran is scored on the entrepreneurship-quality model "
        "(viability, growth, jobs, the founder's livelihood, formality, innovation; unknown "
        "facts are left out, never scored as the worst value). Survival runs from "
        "registration to closure or deregistration; ventures still open are censored. "
        "Supported against unsupported ventures is a description, not an effect: ventures "
        "that get support differ in other ways too."
    ),
    "ventures": N_("Ventures"),
    "scored": N_("Scored"),
    "mean": N_("Mean score"),
    "median": N_("Median score"),
    "model": N_("Model"),
    "flag": N_("Flag"),
    "ventures_flagged": N_("Ventures flagged"),
    "chart_scores": N_("Entrepreneurship-quality scores of the ventures (0-100)"),
    "chart_survival": N_(
        "Venture survival from registration, supported and unsupported in the first three "
        "months (Kaplan-Meier, 95 % Greenwood intervals)"
    ),
    "survival_by_district": N_(
        "Survival at 12, 24 and 36 months by district (95 % Greenwood log-log intervals); "
        "districts with fewer than {min_cell} ventures are suppressed"
    ),
    "log_rank": N_("Log-rank test across the districts: chi-square {statistic}, df {df}, p = {p}"),
    "all_districts": N_("All districts"),
    "suppressed": N_("suppressed (fewer than {min_cell})"),
    "indicators": N_("Programme indicators for entrepreneurship"),
    "jobs_created": N_("Jobs created (of which for veterans)"),
    "no_ventures": N_("The caseload has no ventures."),
    "score_axis": N_("Score"),
    "ventures_axis": N_("Ventures"),
    "months_axis": N_("Months since registration"),
    "survival_axis": N_("Surviving"),
    "supported": N_("supported"),
    "unsupported": N_("unsupported"),
    "district": N_("District"),
    "months": N_("{n} months"),
    "indicator": N_("Indicator"),
    "value": N_("Value"),
    "interval": N_("95 % interval"),
    "n": N_("n"),
    "note": N_("Note"),
    "count": N_("Count"),
}

#: The indicator rows: (label msgid, how to compute the figure).
_INDICATORS: Final = (
    N_("high-growth ventures (Eurostat-OECD)"),
    N_("high-growth, smaller-firm variant (from 1, +3 jobs)"),
    N_("jobs per venture"),
    N_("veteran jobs per venture"),
    N_("jobs per 100 founders"),
    N_("loans repaid or on schedule"),
    N_("loans in arrears or defaulted"),
    N_("24-month survival, supported"),
    N_("24-month survival, unsupported"),
)


def _w(key: str, lang: str, **values: object) -> str:
    words = _i18n.translate(_WORDS[key], lang)
    return words.format(**values) if values else words


def _indicator_figures(caseload: Caseload, day: date) -> tuple[Estimate, ...]:
    return (
        metrics.high_growth_share(caseload, as_of=day),
        metrics.high_growth_share(caseload, as_of=day, min_start_employees=1, min_added=3),
        metrics.jobs_per_venture(caseload, as_of=day),
        metrics.jobs_per_venture(caseload, as_of=day, veterans_only=True),
        metrics.jobs_per_100_founders(caseload, as_of=day),
        metrics.loan_repayment_rate(caseload, as_of=day),
        metrics.loan_default_rate(caseload, as_of=day),
        metrics.venture_survival_by_support(caseload, as_of=day, supported=True),
        metrics.venture_survival_by_support(caseload, as_of=day, supported=False),
    )


def _shown(estimate: Estimate, lang: str) -> tuple[str, str]:
    """An indicator's value and interval for people: shares as percentages, the counts of
    jobs per venture or per 100 founders as plain numbers (the label names the unit)."""
    share = estimate.unit in ("proportion", "probability")

    def number(value: float) -> str:
        return f"{value:.1%}" if share else f"{value:,.2f}"

    if estimate.value is None:
        return "—", ""
    interval = estimate.interval
    span = (
        ""
        if interval is None
        else _i18n.translate("{low} – {high}", lang).format(
            low=number(float(interval.low)), high=number(float(interval.high))
        )
    )
    return number(float(estimate.value)), span


def _cell(read: tuple[float, float, float] | None, lang: str) -> str:
    if read is None:
        return "—"
    value, low, high = read
    span = _i18n.translate("{low} – {high}", lang).format(low=f"{low:.1%}", high=f"{high:.1%}")
    return f"{value:.1%} ({span})"


def _scores_chart(values: Sequence[float], lang: str) -> str:
    pyplot = _charts._pyplot()
    with _charts._drawing():
        figure, axes = pyplot.subplots(figsize=(7.0, 3.0))
        axes.hist(values, bins=list(range(0, 105, 5)), color="#4575b4", edgecolor="white")
        axes.set_xlim(0, 100)
        axes.set_xlabel(_w("score_axis", lang))
        axes.set_ylabel(_w("ventures_axis", lang))
        figure.tight_layout()
    return _charts._svg(figure)


def _survival_chart(curves: Sequence[tuple[str, SurvivalCurve]], lang: str) -> str:
    pyplot = _charts._pyplot()
    colours = ("#4575b4", "#d73027")
    with _charts._drawing():
        figure, axes = pyplot.subplots(figsize=(7.0, 3.4))
        for (label, curve), colour in zip(curves, colours, strict=False):
            times, values, lows, highs = [0.0], [1.0], [1.0], [1.0]
            for point in curve.points:
                if point.events:
                    times.append(point.time)
                    values.append(point.survival)
                    lows.append(point.low)
                    highs.append(point.high)
            end = max((p.time for p in curve.points), default=0.0)
            times.append(end)
            values.append(values[-1])
            lows.append(lows[-1])
            highs.append(highs[-1])
            axes.step(
                times, values, where="post", color=colour, label=f"{label} (n = {curve.count})"
            )
            axes.fill_between(times, lows, highs, step="post", color=colour, alpha=0.15)
        axes.set_ylim(0, 1.02)
        axes.set_xlabel(_w("months_axis", lang))
        axes.set_ylabel(_w("survival_axis", lang))
        axes.legend(frameon=False)
        figure.tight_layout()
    return _charts._svg(figure)


def _figure(page: _Page, uri: str, caption: str, chart_id: str) -> None:
    page.add(
        f'<figure><img id="{chart_id}" class="chart" alt="{_e(caption)}" src="{uri}">'
        f"<figcaption>{_e(caption)}</figcaption></figure>"
    )


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


@frozen(kw_only=True)
class VentureFigures:
    """What the entrepreneurship section shows, computed on either engine.

    Attributes:
        scores: The score of every venture (:func:`veteran_services.scoring.score_ventures`).
        by_support: Survival of supported and unsupported ventures.
        by_district: Survival by district, with the log-rank test.
        indicators: The venture indicators, in the order of the section's table.
        jobs: Jobs created by the ventures.
        veteran_jobs: Veterans employed by the ventures.
    """

    scores: tuple[scoring.VentureScore, ...]
    by_support: VentureSurvival
    by_district: VentureSurvival
    indicators: tuple[Estimate, ...]
    jobs: Estimate
    veteran_jobs: Estimate


def venture_figures(caseload: Caseload, day: date) -> VentureFigures | None:
    """The section's figures on the object path (None when there are no ventures)."""
    if not caseload.ventures:
        return None
    return VentureFigures(
        scores=tuple(scoring.score_ventures(caseload, as_of=day)),
        by_support=venture_survival(caseload, as_of=day, by="support"),
        by_district=venture_survival(caseload, as_of=day, by="district"),
        indicators=_indicator_figures(caseload, day),
        jobs=metrics.jobs_created(caseload, as_of=day),
        veteran_jobs=metrics.jobs_created(caseload, as_of=day, veterans_only=True),
    )


def venture_section(
    page: _Page, figures: VentureFigures | None, min_cell: int, *, charts: bool
) -> None:
    """Add the entrepreneurship section to *page* (see the module's docstring)."""
    lang = page.lang
    page.add(f'<h2 id="ventures">{_e(_w("heading", lang))}</h2>')
    page.paragraph(_w("intro", lang), css="note")
    if figures is None:
        page.paragraph(_w("no_ventures", lang))
        return
    scores = figures.scores
    model = scoring.VentureModel.default()
    values = [s.value for s in scores if s.value is not None]
    rows: list[tuple[str, str]] = [
        (_w("ventures", lang), f"{len(scores):,}"),
        (_w("scored", lang), f"{len(values):,}"),
    ]
    if values:
        rows.append((_w("mean", lang), f"{sum(values) / len(values):.1f}"))
        rows.append((_w("median", lang), f"{median(values):.1f}"))
    rows.append((_w("model", lang), f"{model.version} ({model.fingerprint})"))
    page.table(
        [(_w("indicator", lang), False), (_w("value", lang), True)],
        (([(k, False), (v, True)], None) for k, v in rows),
    )
    flags: dict[scoring.VentureFlag, int] = {}
    for score in scores:
        for flag in score.flags:
            flags[flag] = flags.get(flag, 0) + 1
    if flags:
        page.table(
            [(_w("flag", lang), False), (_w("ventures_flagged", lang), True)],
            (
                ([(codes.label(flag, lang), False), (f"{n:,}", True)], None)
                for flag, n in sorted(flags.items())
            ),
        )
    if charts and values:
        _figure(page, _scores_chart(values, lang), _w("chart_scores", lang), "chart-ventures")
    by_support = figures.by_support
    if charts and by_support.curves:
        named = [
            (_w(label, lang), curve)
            for label in ("supported", "unsupported")
            if (curve := by_support.curves.get(label)) is not None
        ]
        _figure(page, _survival_chart(named, lang), _w("chart_survival", lang), "chart-survival")
    by_district = figures.by_district
    page.paragraph(_w("survival_by_district", lang, min_cell=min_cell))
    table = by_district.survival_table(_MONTHS)
    body: list[tuple[list[tuple[str, bool]], str | None]] = []
    for label, cells in table.items():
        curve = by_district.overall if label == "all" else by_district.curves[label]
        name = _w("all_districts", lang) if label == "all" else _region_name(label, lang)
        if curve.count < min_cell:
            hidden = _w("suppressed", lang, min_cell=min_cell)
            body.append(([(name, False), *((hidden, True) for _ in _MONTHS), ("", True)], None))
            continue
        body.append(
            (
                [
                    (name, False),
                    *((_cell(cells[m], lang), True) for m in _MONTHS),
                    (f"{curve.count:,}", True),
                ],
                "total" if label == "all" else None,
            )
        )
    page.table(
        [
            (_w("district", lang), False),
            *((_w("months", lang, n=m), True) for m in _MONTHS),
            (_w("n", lang), True),
        ],
        body,
    )
    test = by_district.log_rank
    if test is not None:
        page.paragraph(
            _w(
                "log_rank",
                lang,
                statistic=f"{test.statistic:.2f}",
                df=test.df,
                p=f"{test.p_value:.3g}",
            ),
            css="note",
        )
    page.add(f"<h3>{_e(_w('indicators', lang))}</h3>")
    indicator_rows = []
    for label, estimate in zip(_INDICATORS, figures.indicators, strict=True):
        value, interval = _shown(estimate, lang)
        note = "" if estimate.reason is None else _i18n.translate_text(estimate.reason, lang)
        indicator_rows.append(
            (
                [
                    (_i18n.translate(label, lang), False),
                    (value, True),
                    (interval, True),
                    ("" if estimate.denominator is None else f"{estimate.denominator:,}", True),
                    (note, False),
                ],
                None,
            )
        )
    jobs, veteran_jobs = figures.jobs, figures.veteran_jobs
    indicator_rows.append(
        (
            [
                (_w("jobs_created", lang), False),
                (f"{jobs.value} ({veteran_jobs.value})", True),
                ("", True),
                ("", True),
                ("", False),
            ],
            None,
        )
    )
    page.table(
        [
            (_w("indicator", lang), False),
            (_w("value", lang), True),
            (_w("interval", lang), True),
            (_w("n", lang), True),
            (_w("note", lang), False),
        ],
        indicator_rows,
    )
