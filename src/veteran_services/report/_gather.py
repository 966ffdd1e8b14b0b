"""The report's figures, gathered once, and the page drawn from them.

:func:`report_figures` computes everything the page shows from a :class:`Caseload` (the object
engine); :func:`report_figures_from_tables <veteran_services.report.report_figures_from_tables>`
computes the same :class:`ReportFigures` from a caseload's Arrow tables (the columnar engine).
:func:`render_report` and :func:`write_report` draw the page from either, so the two engines
give the same page by construction once their figures are equal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Literal

from attrs import frozen

from veteran_services import _i18n, metrics, scoring
from veteran_services._checks import checked, whole_number
from veteran_services._tablefiles import refuse_existing, write_new
from veteran_services._version import __version__
from veteran_services.errors import InvalidInputError
from veteran_services.evaluation import TrainingEffect
from veteran_services.metrics import (
    AdjustedTable,
    Estimate,
    IndicatorTable,
    LeagueTable,
    NonresponseReport,
    Worklist,
)
from veteran_services.model import Caseload
from veteran_services.report import _nonresponse, _training, _ventures
from veteran_services.report._render import (
    _POLICY,
    _SCRIPT,
    _STYLE,
    REPORT_ADJUSTERS,
    Driver,
    Headline,
    Unavailable,
    _adjusted_section,
    _as_of,
    _check_lang,
    _check_scores,
    _compliance_section,
    _district_section,
    _e,
    _follow_up_section,
    _headline_section,
    _kind_name,
    _methodology_section,
    _Page,
    _provider_section,
    _quality_section,
    drivers,
    headlines_in,
    unavailable_on_error,
)
from veteran_services.report._ventures import VentureFigures

__all__ = [
    "DISTRICT_INDICATORS",
    "ReportFigures",
    "render_report",
    "report_figures",
    "write_report",
]

#: The indicators of the report's district table.
DISTRICT_INDICATORS = ("employment_rate_q2_after_exit", "placement_rate")


@frozen(kw_only=True)
class ReportFigures:
    """Every figure the HTML report shows, computed once, on either engine.

    :func:`report_figures` gives them from a caseload's records,
    :func:`~veteran_services.report.report_figures_from_tables` from its Arrow tables;
    :func:`render_report` and :func:`write_report` draw the page from them. Each attribute is
    the result of the public function named, with the report's settings.

    Attributes:
        engine: ``"objects"`` or ``"columnar"``: which engine computed the figures.
        lang: The language of the names in the figures (``"en"`` or ``"zh"``).
        as_of: The evaluation date.
        market: The labour market the scores rest on.
        model: The quality model.
        min_cell: Cells and providers based on fewer people are not shown.
        counts: Records by kind (:meth:`Caseload.counts`).
        headlines: :func:`headline_indicators`.
        summary: The whole caseload's :func:`veteran_services.scoring.summarise` (None
            without placements).
        score_values: The quality index of every scored placement, in placement order.
        drivers: What each indicator adds to the index (:func:`drivers`).
        districts: :func:`veteran_services.metrics.indicator_table` of
            :data:`DISTRICT_INDICATORS` by the veteran's district.
        league: :func:`veteran_services.metrics.league_table` of the employment rate in the
            2nd quarter after exit by provider.
        provider_names: Each provider's name as recorded, by id.
        adjusted: :func:`veteran_services.metrics.adjusted_league_table` of the same rate,
            adjusted for :data:`REPORT_ADJUSTERS`, or why it cannot be computed.
        response_rates: :func:`veteran_services.metrics.response_rates_by_wave`.
        retention: :func:`veteran_services.metrics.panel_retention` as of *as_of* (the
            worklist's).
        worklist: :func:`veteran_services.metrics.follow_ups_due` as of *as_of*.
        nonresponse: :func:`veteran_services.metrics.nonresponse_report` of each follow-up
            wave with a placed cohort.
        ventures: The entrepreneurship section's figures (None without ventures).
        training: :func:`veteran_services.evaluation.training_effect` of vocational
            training, or why it cannot be estimated.
    """

    engine: Literal["objects", "columnar"]
    lang: str
    as_of: date
    market: scoring.LabourMarket
    model: scoring.QualityModel
    min_cell: int
    counts: Mapping[str, int]
    headlines: tuple[Headline, ...]
    summary: scoring.GroupSummary | None
    score_values: tuple[float, ...]
    drivers: tuple[Driver, ...]
    districts: IndicatorTable
    league: LeagueTable
    provider_names: Mapping[str, str]
    adjusted: AdjustedTable | Unavailable
    response_rates: Mapping[int, Estimate]
    retention: Mapping[int, Estimate]
    worklist: Worklist
    nonresponse: tuple[NonresponseReport, ...]
    ventures: VentureFigures | None
    training: TrainingEffect | Unavailable


def _no_progress(_: str) -> None:
    """Progress output left out."""


@checked
def report_figures(
    caseload: Caseload,
    *,
    as_of: date | None = None,
    lang: str = "en",
    market: scoring.LabourMarket | None = None,
    model: scoring.QualityModel | None = None,
    min_cell: int = 10,
    progress: Callable[[str], None] | None = None,
    scores: Sequence[scoring.QualityScore] | None = None,
) -> ReportFigures:
    """Every figure of the HTML report of *caseload*, on the object engine.

    The arguments are :func:`render_report`'s; ``render_report(caseload, ...)`` is
    ``render_report(report_figures(caseload, ...), charts=...)``.

    >>> from veteran_services.synthetic import generate
    >>> figures = report_figures(generate(veterans=60, seed=1))
    >>> figures.engine, figures.counts["veterans"]
    ('objects', 60)

    Raises:
        InvalidInputError: as :func:`render_report`.
    """
    lang = _check_lang(lang)
    whole_number(min_cell, "min_cell", least=1)
    day = _as_of(caseload, as_of)
    market = scoring.LabourMarket.nanjing() if market is None else market
    model = scoring.QualityModel.default() if model is None else model
    step = progress or _no_progress

    step("headline indicators")
    headlines = headlines_in(metrics.headline_figures(caseload, as_of=day), lang)
    step("quality scores")
    if scores is None:
        scores = scoring.score_caseload(caseload, market=market, model=model, as_of=day)
    else:
        _check_scores(scores, caseload, model, day)
    summaries = scoring.summarise(scores)
    step("districts")
    districts = metrics.indicator_table(
        caseload,
        indicators=list(DISTRICT_INDICATORS),
        by="veteran_region",
        as_of=day,
        min_cell=min_cell,
        lang=lang,
    )
    step("training providers")
    league = metrics.league_table(
        metrics.employment_rate_after_exit, caseload, by="provider", quarter=2, as_of=day
    )
    step("providers adjusted for case mix")
    adjusted = unavailable_on_error(
        lambda: metrics.adjusted_league_table(
            metrics.employment_rate_after_exit,
            caseload,
            by="provider",
            adjust_for=REPORT_ADJUSTERS,
            quarter=2,
            as_of=day,
        )
    )
    step("follow-up")
    rates = metrics.response_rates_by_wave(caseload)
    worklist = metrics.follow_ups_due(caseload, as_of=day)
    retention = worklist.retention  # panel_retention as of the day, with its defaults
    step("non-response")
    nonresponse = _nonresponse.nonresponse_reports(caseload, day)
    step("entrepreneurship")
    ventures = _ventures.venture_figures(caseload, day)
    step("training effect")
    training = _training.training_figures(caseload, day)
    return ReportFigures(
        engine="objects",
        lang=lang,
        as_of=day,
        market=market,
        model=model,
        min_cell=min_cell,
        counts=caseload.counts(),
        headlines=headlines,
        summary=summaries[0] if summaries else None,
        score_values=tuple(s.value for s in scores if s.value is not None),
        drivers=drivers(scores, model),
        districts=districts,
        league=league,
        provider_names={p.id: p.name for p in caseload.providers},
        adjusted=adjusted,
        response_rates=rates,
        retention=retention,
        worklist=worklist,
        nonresponse=nonresponse,
        ventures=ventures,
        training=training,
    )


def _page(figures: ReportFigures, *, charts: bool) -> str:
    """The HTML page of *figures*."""
    lang, day, model, min_cell = figures.lang, figures.as_of, figures.model, figures.min_cell
    page = _Page(lang)
    summary = figures.summary
    model_name = _i18n.translate(model.name, lang, context="model")
    page.add(f"<h1>{_e(page.t('title'))}</h1>")
    page.add(
        f'<p class="meta">{_e(page.t("as_of"))} {_e(day.isoformat())} · '
        f"{_e(page.t('generated_by'))} {_e(__version__)} · "
        f"{_e(model_name)} {_e(model.version)} ({_e(model.fingerprint)})</p>"
    )
    page.table(
        [(page.t("kind"), False), (page.t("count"), True)],
        (
            ([(_kind_name(page, kind), False), (f"{count:,}", True)], None)
            for kind, count in figures.counts.items()
        ),
    )
    anchors = [
        ("headline", "headline"),
        ("districts", "districts"),
        ("providers", "providers"),
        ("adjusted", "providers-adjusted"),
        ("quality", "quality"),
        ("follow_up", "follow-up"),
        ("nonresponse", "nonresponse"),
        ("ventures", "ventures"),
        ("training", "training"),
        ("compliance", "compliance"),
        ("methodology", "methodology"),
    ]
    page.add(
        f"<nav><strong>{_e(page.t('contents'))}</strong>: "
        + " · ".join(f'<a href="#{_e(a)}">{_e(page.t(k))}</a>' for k, a in anchors)
        + "</nav>"
    )
    _headline_section(page, figures.headlines, summary)
    _district_section(page, figures.districts, min_cell)
    names = figures.provider_names
    _provider_section(page, figures.league, names, min_cell, charts=charts)
    _adjusted_section(page, figures.adjusted, names, min_cell, charts=charts)
    _quality_section(page, figures.score_values, figures.drivers, summary, model, charts=charts)
    _follow_up_section(
        page,
        dict(figures.response_rates),
        dict(figures.retention),
        figures.worklist,
        charts=charts,
    )
    _nonresponse.nonresponse_section(page, figures.nonresponse, charts=charts)
    _ventures.venture_section(page, figures.ventures, min_cell, charts=charts)
    _training.training_section(page, figures.training, charts=charts)
    _compliance_section(page, summary, charts=charts)
    _methodology_section(page, model, min_cell, figures.market)

    html_lang = {"zh": "zh-CN"}.get(lang, lang)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_POLICY)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(page.t('title'))}</title>\n<style>{_STYLE}</style>\n"
        f"<script>{_SCRIPT}</script>\n</head>\n<body>\n"
        + "\n".join(page.parts)
        + "\n</body>\n</html>\n"
    )


def _refuse_settings(given: Mapping[str, object], figures: ReportFigures) -> None:
    """Settings given with figures that already hold theirs are refused, never ignored."""
    for name, value in given.items():
        if value is None:
            continue
        held = getattr(figures, name, None)
        if name in {"lang", "min_cell"} and value == held:
            continue
        msg = (
            f"'{name}' cannot be given with ReportFigures, which were computed with their "
            f"own (got {value!r}); pass it to the function that computed them"
        )
        raise InvalidInputError(name, msg)


@checked
def render_report(
    caseload: Caseload | ReportFigures,
    *,
    as_of: date | None = None,
    lang: str | None = None,
    market: scoring.LabourMarket | None = None,
    model: scoring.QualityModel | None = None,
    min_cell: int | None = None,
    charts: bool = True,
    progress: Callable[[str], None] | None = None,
    scores: Sequence[scoring.QualityScore] | None = None,
) -> str:
    """The HTML report of *caseload*: one self-contained page that works offline.

    The page holds the headline indicators with their intervals, the district table with
    small-cell suppression, a funnel plot and table of training providers, the distribution
    of the employment-quality index and what drives it (with the placements left unscored,
    by reason, and the data completeness), follow-up completion by wave, the
    compliance flag counts, and methodology notes with the quality model's fingerprint.
    Charts are PNG images embedded as data URIs (drawn with matplotlib, the ``report`` extra);
    nothing is fetched from anywhere. All text is escaped; no personal details appear.

    Args:
        caseload: The caseload, or its figures already computed (:class:`ReportFigures`,
            from :func:`report_figures` or
            :func:`~veteran_services.report.report_figures_from_tables`); with figures, only
            *charts* may be given (and *lang* and *min_cell* only as the figures hold them).
        as_of: The evaluation date (default: the latest dated event in *caseload*).
        lang: ``"en"`` (English, the default) or ``"zh"`` (Chinese).
        market: The labour market for scoring (default :meth:`LabourMarket.nanjing`).
        model: The quality model (default :meth:`QualityModel.default`).
        min_cell: Cells and providers based on fewer people are not shown (default 10).
        charts: Draw the charts (needs matplotlib); without them the page has tables only.
        progress: Called with the name of each section as it starts (for progress output).
        scores: The quality scores of every placement of *caseload*, when they are already
            computed (:func:`~veteran_services.scoring.score_caseload` with the same *market*,
            *model* and *as_of*); scored here when None. The quality section says how many
            placements have no score and why, by reason.

    Returns:
        The HTML text.

    Raises:
        InvalidInputError: an unknown *lang*, a *min_cell* below 1, no *as_of* for a
            caseload without dated events, *scores* that are not one per placement, for
            *model* and *as_of*, or a setting given with :class:`ReportFigures`.
        MissingExtraError: *charts* is true and matplotlib is not installed.
    """
    if isinstance(caseload, ReportFigures):
        settings: dict[str, object] = {"as_of": as_of, "lang": lang, "market": market}
        settings |= {"model": model, "min_cell": min_cell, "progress": progress, "scores": scores}
        _refuse_settings(settings, caseload)
        return _page(caseload, charts=charts)
    figures = report_figures(
        caseload,
        as_of=as_of,
        lang="en" if lang is None else lang,
        market=market,
        model=model,
        min_cell=10 if min_cell is None else min_cell,
        progress=progress,
        scores=scores,
    )
    return _page(figures, charts=charts)


@checked
def write_report(
    caseload: Caseload | ReportFigures,
    path: str | Path,
    *,
    as_of: date | None = None,
    lang: str | None = None,
    market: scoring.LabourMarket | None = None,
    model: scoring.QualityModel | None = None,
    min_cell: int | None = None,
    charts: bool = True,
    progress: Callable[[str], None] | None = None,
    scores: Sequence[scoring.QualityScore] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the HTML report of *caseload* (see :func:`render_report`) to *path* (UTF-8),
    atomically: the page appears complete or not at all. The folder is made if needed.

    An existing *path* is replaced only with *overwrite* (refused before the report is
    computed otherwise); the other arguments are :func:`render_report`'s (*caseload* may be
    the :class:`ReportFigures` already computed).

    Returns:
        The path written.

    Raises:
        InvalidInputError: *path* exists without *overwrite* (the message names it), or is a
            folder or a symbolic link; or an argument :func:`render_report` refuses.
    """
    refuse_existing(path, overwrite=overwrite)
    page = render_report(
        caseload,
        as_of=as_of,
        lang=lang,
        market=market,
        model=model,
        min_cell=min_cell,
        charts=charts,
        progress=progress,
        scores=scores,
    )
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_new(target, page.encode("utf-8"), overwrite=overwrite)
    return target
