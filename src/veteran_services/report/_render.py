"""The report's page and its sections, each drawn from figures already computed (the
figures are gathered in :mod:`veteran_services.report._gather`), and the forms they share."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Literal, NamedTuple, TypeVar

from attrs import frozen

from veteran_services import _i18n, codes, metrics, scoring

# Importing synthetic registers the sample city's name templates with their Chinese.
from veteran_services import synthetic as _synthetic  # noqa: F401
from veteran_services._checks import checked
from veteran_services._i18n import N_
from veteran_services.errors import InvalidInputError, MissingExtraError, UnknownCodeError
from veteran_services.metrics import AdjustedTable, Estimate, LeagueTable
from veteran_services.model import Caseload
from veteran_services.report import _charts
from veteran_services.report._text import note_keys, reason_label, text

__all__ = [
    "HEADLINE_NAMES",
    "REPORT_ADJUSTERS",
    "Driver",
    "Headline",
    "Unavailable",
    "drivers",
    "drivers_of",
    "headline_indicators",
    "headlines_in",
    "unavailable_on_error",
]

_T = TypeVar("_T")

#: Names of the headline indicators in English and Chinese, by :attr:`Estimate.name` (from
#: the registry of programme indicators, :data:`veteran_services.metrics.PROGRAMME_INDICATORS`).
HEADLINE_NAMES: dict[str, tuple[str, str]] = {
    figure.name: (figure.en, figure.zh)
    for indicator in metrics.PROGRAMME_INDICATORS.values()
    for figure in indicator.figures
}

#: The units of figures, by :attr:`Estimate.unit` (English: the msgid, context "unit").
_UNITS: dict[str, str] = {"CNY": N_("CNY"), "days": N_("days"), "jobs": N_("jobs")}


class Driver(NamedTuple):
    """What one indicator adds to the quality index, on average over the scored placements.

    Attributes:
        name: The indicator.
        mean: Its mean points (log-points × 100 under geometric aggregation).
        available: The mean points it could add.
        missing: The share of scored placements where it was not observed.
    """

    name: str
    mean: float
    available: float
    missing: float


@frozen(kw_only=True)
class Unavailable:
    """A report figure that could not be computed, and why.

    Attributes:
        reason: ``"missing_extra"`` (an optional dependency is not installed) or
            ``"not_possible"`` (the data do not allow it: too few groups, no variation).
        message: The library's message, in English (the page translates it).
    """

    reason: Literal["missing_extra", "not_possible"]
    message: str


def unavailable_on_error(compute: Callable[[], _T]) -> _T | Unavailable:
    """*compute*'s result, or :class:`Unavailable` when it needs a missing extra or the data
    do not allow it (an :class:`InvalidInputError`)."""
    try:
        return compute()
    except MissingExtraError as error:
        return Unavailable(reason="missing_extra", message=str(error))
    except InvalidInputError as error:
        return Unavailable(reason="not_possible", message=str(error))


@frozen(kw_only=True)
class Headline:
    """One headline indicator as the report and the command line show it.

    Attributes:
        name: The indicator's name in the chosen language.
        estimate: The figure, with its numerator, denominator, interval and notes.
    """

    name: str
    estimate: Estimate

    def value_text(self, lang: str = "en") -> str:
        """The value formatted for people (a dash when there is none)."""
        return _format(self.estimate.value, self.estimate.unit, lang)

    def interval_text(self, lang: str = "en") -> str:
        """The interval formatted like the value, or an empty string."""
        interval = self.estimate.interval
        if interval is None or self.estimate.value is None:
            return ""
        unit = self.estimate.unit
        return _span(_format(interval.low, unit, lang), _format(interval.high, unit, lang), lang)


def _span(low: str, high: str, lang: str) -> str:
    """An interval for people: ``71.0% – 80.2%`` in English, ``71.0%–80.2%`` in Chinese."""
    return _i18n.translate("{low} – {high}", lang).format(low=low, high=high)


def _format(value: float | Decimal | None, unit: str, lang: str) -> str:
    if value is None:
        return "—"
    if unit == "proportion":
        return f"{float(value):.1%}"
    number = f"{float(value):,.0f}" if float(value) >= 100 else f"{float(value):,.4g}"
    if unit not in _UNITS:
        return f"{number} {unit}"
    words = _i18n.translate("{number} {unit}", lang, context="unit")
    return words.format(number=number, unit=_i18n.translate(_UNITS[unit], lang))


def _check_lang(lang: object) -> str:
    return _i18n.check_lang(lang)


def _as_of(caseload: Caseload, as_of: date | None) -> date:
    if as_of is not None:
        checked: object = as_of  # callers without type checking may pass anything
        if not isinstance(checked, date):
            msg = f"'as_of' must be a date, got {as_of!r}"
            raise InvalidInputError("as_of", msg)
        return as_of
    cutoff = metrics.data_cutoff(caseload)
    if cutoff is None:
        msg = "'as_of' must be given for a caseload without dated events, got None"
        raise InvalidInputError("as_of", msg)
    return cutoff


@checked
def headline_indicators(
    caseload: Caseload, *, as_of: date | None = None, lang: str = "en"
) -> tuple[Headline, ...]:
    """The headline indicators of *caseload*, each an :class:`Estimate` with a name for people.

    The figures of :func:`veteran_services.metrics.headline_figures`: employment rates in
    the 2nd and 4th quarters after exit, median earnings in the 2nd quarter, credential
    attainment, retention with the same employer, the placement rate within 6 months of
    registration and the median time to placement, venture survival at 12 months, jobs created
    and veterans employed by veterans' ventures, the high-growth share, start-up loans repaid
    and in default, and the weighted share of satisfied respondents, all computed by
    :mod:`veteran_services.metrics` as of *as_of* (default: the latest dated event). The mean
    quality index is not among them (it needs a labour market and a model): the report's
    headline table adds it from the scores (:func:`veteran_services.scoring.summarise`).

    Args:
        caseload: The caseload.
        as_of: The evaluation date.
        lang: ``"en"`` or ``"zh"``: the language of the names.

    Returns:
        One :class:`Headline` per indicator, in a fixed order.
    """
    lang = _check_lang(lang)
    day = _as_of(caseload, as_of)
    return headlines_in(metrics.headline_figures(caseload, as_of=day), lang)


def headlines_in(estimates: Sequence[Estimate], lang: str) -> tuple[Headline, ...]:
    """The headline figures *estimates* with their names in *lang*."""
    return tuple(Headline(name=_figure_name(e.name, lang), estimate=e) for e in estimates)


# --- HTML -------------------------------------------------------------------------------------

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang SC",
  "Microsoft YaHei", sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem;
  color: #1b1b1b; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { margin-top: 2rem;
  border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; }
table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.9rem; display: block;
  max-width: 100%; overflow-x: auto; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.25rem 0.6rem; text-align: left;
  vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td:first-child { min-width: 12rem; }
tr.total td { font-weight: 600; border-top: 2px solid #999; }
.meta { color: #555; font-size: 0.9rem; } .note { color: #555; font-size: 0.85rem; }
figure { margin: 0.8rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.85rem; }
.suppressed { color: #888; }
"""

# Marks every image with the size it was decoded at, once the page has loaded: a reader sees
# nothing of it; the browser check (tests/test_report_browser.py) reads the attributes.
_SCRIPT = """
window.addEventListener("load", function () {
  var images = document.querySelectorAll("img");
  for (var i = 0; i < images.length; i++) {
    images[i].setAttribute("data-natural-width", String(images[i].naturalWidth));
    images[i].setAttribute("data-natural-height", String(images[i].naturalHeight));
  }
  document.body.setAttribute("data-images-checked", String(images.length));
});
"""

# Nothing may be fetched: images are data URIs, style and script are inline.
_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


class _Page:
    """An HTML page built from escaped pieces."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.parts: list[str] = []

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def heading(self, key: str, anchor: str) -> None:
        self.add(f'<h2 id="{_e(anchor)}">{_e(self.t(key))}</h2>')

    def paragraph(self, words: str, *, css: str | None = None) -> None:
        klass = f' class="{_e(css)}"' if css else ""
        self.add(f"<p{klass}>{_e(words)}</p>")

    def table(
        self,
        header: Sequence[tuple[str, bool]],
        rows: Iterable[tuple[Sequence[tuple[str, bool]], str | None]],
    ) -> None:
        """A table; each cell is (text, numeric); each row has an optional CSS class."""
        out = ["<table><thead><tr>"]
        out.extend(
            f"<th{' class=num' if numeric else ''}>{_e(cell)}</th>" for cell, numeric in header
        )
        out.append("</tr></thead><tbody>")
        for cells, css in rows:
            out.append(f'<tr class="{_e(css)}">' if css else "<tr>")
            out.extend(
                f"<td{' class=num' if numeric else ''}>{_e(cell)}</td>" for cell, numeric in cells
            )
            out.append("</tr>")
        out.append("</tbody></table>")
        self.add("".join(out))

    def figure(self, uri: str, caption_key: str, chart_id: str) -> None:
        if not uri.startswith("data:image/svg+xml;base64,"):  # pragma: no cover - our charts
            msg = "chart images must be SVG data URIs"
            raise ValueError(msg)
        caption = self.t(caption_key)
        self.add(
            f'<figure><img id="{_e(chart_id)}" class="chart" alt="{_e(self.t(caption_key))}" '
            f'src="{uri}"><figcaption>{_e(caption)}</figcaption></figure>'
        )


def _kind_name(page: _Page, kind: str) -> str:
    try:
        return page.t(f"kind_{kind}")
    except KeyError:  # a record kind added later: its own name
        return kind


def _region_name(code: str, lang: str) -> str:
    try:
        region = codes.region(code)
    except UnknownCodeError:
        return code
    return f"{region.name_zh if lang == 'zh' else region.name_en} ({code})"


def _headline_section(
    page: _Page, headlines: Sequence[Headline], summary: scoring.GroupSummary | None
) -> None:
    lang = page.lang
    page.heading("headline", "headline")
    page.paragraph(page.t("headline_intro"), css="note")
    rows = []
    for headline in headlines:
        e = headline.estimate
        note = _figure_note(e, lang)
        numerator = "" if e.numerator is None else f"{float(e.numerator):,.0f}"
        denominator = "" if e.denominator is None else f"{e.denominator:,}"
        cells = [
            (headline.name, False),
            (headline.value_text(lang), True),
            (headline.interval_text(lang), True),
            (numerator, True),
            (denominator, True),
            (note, False),
        ]
        rows.append((cells, None))
    if summary is not None and summary.mean is not None and summary.mean_interval is not None:
        low, high = summary.mean_interval
        quality = page.t("mean_quality")
        rows.append(
            (
                [
                    (quality, False),
                    (f"{summary.mean:.1f}", True),
                    (_span(f"{low:.1f}", f"{high:.1f}", lang), True),
                    ("", True),
                    (f"{summary.scored:,}", True),
                    ("", False),
                ],
                None,
            )
        )
    header = [
        (page.t("indicator"), False),
        (page.t("value"), True),
        (page.t("interval"), True),
        (page.t("numerator"), True),
        (page.t("denominator"), True),
        (page.t("note"), False),
    ]
    page.table(header, rows)


def _cell(row: metrics.Row, page: _Page, min_cell: int) -> tuple[str, str]:
    e = row.estimate
    if e.suppressed or row.suppression is not None:
        key = "suppressed_secondary" if row.suppression == "secondary" else "suppressed_primary"
        return page.t(key, min_cell=min_cell), ""
    if e.value is None:
        return "—", ""
    denominator = "" if e.denominator is None else f"{e.denominator:,}"
    value = _format(e.value, e.unit, page.lang)
    if e.interval is not None:
        low = _format(e.interval.low, e.unit, page.lang)
        span = _span(low, _format(e.interval.high, e.unit, page.lang), page.lang)
        value += page.t("in_parentheses", text=span)
    return value, denominator


def _district_section(page: _Page, table: metrics.IndicatorTable, min_cell: int) -> None:
    page.heading("districts", "districts")
    intro = page.t("districts_intro", min_cell=min_cell) + " " + page.t("districts_whose")
    page.paragraph(intro, css="note")
    header: list[tuple[str, bool]] = [(page.t("district"), False)]
    for name in table.indicators:
        header.extend([(_figure_name(name, page.lang), True), (page.t("n"), True)])
    rows = []
    for unit in (*table.units, table.total):
        if unit.is_total:
            label = page.t("total")
        elif unit.name == unit.unit:
            label = unit.unit
        else:
            label = f"{unit.name} ({unit.unit})"
        cells: list[tuple[str, bool]] = [(label, False)]
        for name in table.indicators:
            row = unit.cell(name)
            value, n = ("", "") if row is None else _cell(row, page, min_cell)
            cells.extend([(value, True), (n, True)])
        rows.append((cells, "total" if unit.is_total else None))
    page.table(header, rows)


def _provider_label(page: _Page, names: Mapping[str, str], code: str) -> str:
    """A provider by its name (in the page's language) and code, or by its code alone."""
    name = names.get(code)
    if name is None:
        return code
    return page.t("name_and_code", name=_name(name, page.lang), code=code)


def _provider_section(
    page: _Page, league: LeagueTable, names: Mapping[str, str], min_cell: int, *, charts: bool
) -> None:
    page.heading("providers", "providers")
    page.paragraph(page.t("providers_intro"), css="note")
    shown = [row for row in league.rows if row.n >= min_cell and row.value is not None]
    hidden = len(league.rows) - len(shown)
    overall = league.overall.value
    if overall is None or not shown:
        page.paragraph(_figure_note(league.overall, page.lang) or page.t("no_data"))
        _hidden_providers(page, hidden, min_cell)
        return
    if charts:
        points = [(row.group, row.n, float(row.value or 0.0), row.flag) for row in shown]
        y_label = _figure_name("employment_rate_q2_after_exit", page.lang)
        uri = _charts.funnel_chart(
            points,
            overall=float(overall),
            y_label=y_label,
            lang=page.lang,
            method=league.parameters.get("limit_method", "exact"),
            tau2=league.tau2,
        )
        page.figure(uri, "chart_funnel", "chart-funnel")
    header = [
        (page.t("provider"), False),
        (page.t("value"), True),
        (page.t("interval"), True),
        (page.t("n"), True),
        (page.t("flag"), False),
        (page.t("rank"), True),
    ]
    rows = []
    for row in shown:
        name = _provider_label(page, names, row.group)
        interval = (
            ""
            if row.interval is None
            else _span(
                _format(row.interval.low, "proportion", page.lang),
                _format(row.interval.high, "proportion", page.lang),
                page.lang,
            )
        )
        rank = ""
        if row.rank is not None:
            rank = f"{row.rank:g}"
            if row.rank_interval is not None:
                rank += f" ({row.rank_interval[0]:g}–{row.rank_interval[1]:g})"
        elif row.value is not None:
            rank = page.t("not_ranked")  # a group below league_table's min_n
        cells = [
            (name, False),
            (_format(row.value, "proportion", page.lang), True),
            (interval, True),
            (f"{row.n:,}", True),
            (page.t(f"flag_{row.flag}" if row.flag else "flag_none"), False),
            (rank, True),
        ]
        rows.append((cells, None))
    page.table(header, rows)
    _hidden_providers(page, hidden, min_cell)


#: What the report's case-mix model adjusts for (the district stands for the labour market).
REPORT_ADJUSTERS = ("age_band", "sex", "education", "rank", "barriers", "region")


def _adjusted_section(
    page: _Page,
    table: AdjustedTable | Unavailable,
    names: Mapping[str, str],
    min_cell: int,
    *,
    charts: bool,
) -> None:
    """Raw and case-mix-adjusted comparison of providers side by side, with the O/E funnel."""
    page.heading("adjusted", "providers-adjusted")
    page.paragraph(page.t("adjusted_intro"), css="note")
    page.paragraph(page.t("adjusted_limits"), css="note")
    if isinstance(table, Unavailable):
        missing = table.reason == "missing_extra"
        page.paragraph(page.t("adjusted_missing_extra" if missing else "adjusted_not_possible"))
        return
    shown = [row for row in table.rows if row.n >= min_cell]
    if charts and shown:
        points = [(row.group, row.expected, row.ratio, row.flag) for row in shown]
        uri = _charts.ratio_funnel_chart(
            points,
            levels=table.parameters["levels"],
            scale=table.parameters["scale"],
            tau2=table.tau2,
            lang=page.lang,
        )
        page.figure(uri, "chart_funnel_adjusted", "chart-funnel-adjusted")
    header = [
        (page.t("provider"), False),
        (page.t("n"), True),
        (page.t("raw_rate"), True),
        (page.t("raw_flag"), False),
        (page.t("observed"), True),
        (page.t("expected"), True),
        (page.t("ratio"), True),
        (page.t("adjusted_rate"), True),
        (page.t("adjusted_flag"), False),
        (page.t("rank"), True),
    ]
    rows = []
    for row in shown:
        name = _provider_label(page, names, row.group)
        rank = "" if row.rank is None else f"{row.rank:g}"
        if row.rank_interval is not None:
            rank += f" ({row.rank_interval[0]:g}–{row.rank_interval[1]:g})"
        ratio = (
            f"{row.ratio:.2f} "
            + page.t(
                "in_parentheses", text=_span(f"{row.low:.2f}", f"{row.high:.2f}", page.lang)
            ).strip()
        )
        cells = [
            (name, False),
            (f"{row.n:,}", True),
            (_format(row.raw_rate, "proportion", page.lang), True),
            (page.t(f"flag_{row.raw_flag}"), False),
            (f"{row.observed:,}", True),
            (f"{row.expected:,.1f}", True),
            (ratio, True),
            (_format(row.adjusted_rate, "proportion", page.lang), True),
            (page.t(f"flag_{row.flag}"), False),
            (rank, True),
        ]
        rows.append((cells, None))
    page.table(header, rows)
    _hidden_providers(page, len(table.rows) - len(shown), min_cell)
    diagnostics = table.diagnostics
    page.paragraph(
        page.t(
            "adjusted_model",
            n=f"{diagnostics.n:,}",
            columns=len(diagnostics.columns) - 1,
            c=f"{diagnostics.c_statistic:.3f}",
            excluded=f"{len(diagnostics.excluded):,}",
        ),
        css="note",
    )
    if diagnostics.notes:
        page.paragraph(page.t("adjusted_fit_notes"), css="note")
    page.paragraph(page.t("calibration"), css="note")
    page.table(
        [
            (page.t("decile"), True),
            (page.t("n"), True),
            (page.t("observed"), True),
            (page.t("expected"), True),
        ],
        (
            (
                [
                    (f"{decile}", True),
                    (f"{count:,}", True),
                    (f"{observed:,}", True),
                    (f"{expected:,.1f}", True),
                ],
                None,
            )
            for decile, count, observed, expected in diagnostics.calibration
        ),
    )


def _hidden_providers(page: _Page, hidden: int, min_cell: int) -> None:
    if hidden:
        words = page.t("hidden_providers", hidden=hidden, min_cell=min_cell)
        page.paragraph(words, css="note")


def _quality_section(
    page: _Page,
    values: Sequence[float],
    drivers: Sequence[Driver],
    summary: scoring.GroupSummary | None,
    model: scoring.QualityModel,
    *,
    charts: bool,
) -> None:
    page.heading("quality", "quality")
    _unscored(page, summary)
    if summary is None or summary.mean is None or summary.mean_interval is None or not values:
        page.paragraph(page.t("no_data"))
        return
    low, high = summary.mean_interval
    page.paragraph(
        page.t(
            "quality_intro",
            version=model.version,
            fingerprint=model.fingerprint,
            mean=f"{summary.mean:.1f}",
            low=f"{low:.1f}",
            high=f"{high:.1f}",
            median=f"{summary.median:.1f}",
            below=_format(summary.share_below, "proportion", page.lang),
            threshold=f"{summary.threshold:g}",
        )
    )
    if charts:
        page.figure(
            _charts.quality_chart(values, threshold=summary.threshold, lang=page.lang),
            "chart_quality",
            "chart-quality",
        )
    page.paragraph(page.t("quality_drivers"))
    if charts:
        page.figure(
            _charts.drivers_chart(
                [(_indicator_title(n, page.lang), m, a) for n, m, a, _ in drivers],
                lang=page.lang,
            ),
            "chart_drivers",
            "chart-drivers",
        )
    header = [
        (page.t("component"), False),
        (page.t("mean_points"), True),
        (page.t("available_points"), True),
        (page.t("missing_share"), True),
    ]
    page.table(
        header,
        (
            (
                [
                    (_indicator_name(name, page.lang), False),
                    (f"{mean:.1f}", True),
                    (f"{available:.1f}", True),
                    (_format(missing, "proportion", page.lang), True),
                ],
                None,
            )
            for name, mean, available, missing in drivers
        ),
    )


def _unscored(page: _Page, summary: scoring.GroupSummary | None) -> None:
    """How many placements have no score and why (by reason), and the data completeness."""
    if summary is None:
        return
    completeness = _format(summary.completeness, "proportion", page.lang)
    left = summary.count - summary.scored
    if not left:
        page.paragraph(page.t("all_scored", count=f"{summary.count:,}", completeness=completeness))
        return
    page.paragraph(
        page.t(
            "unscored_intro",
            unscored=f"{left:,}",
            count=f"{summary.count:,}",
            scored=f"{summary.scored:,}",
            completeness=completeness,
        )
    )
    page.table(
        [(page.t("unscored_reason"), False), (page.t("placements"), True)],
        (
            ([(reason_label(code, page.lang), False), (f"{count:,}", True)], None)
            for code, count in summary.unscored.items()
            if count
        ),
    )


def _indicator_name(name: str, lang: str) -> str:
    indicator = scoring.INDICATORS.get(name)
    if indicator is None:
        return name
    words = _i18n.translate("{name}: {description}", lang)
    return words.format(name=name, description=_i18n.translate(indicator.description, lang))


def _figure_name(name: str, lang: str) -> str:
    """A headline figure's name (by :attr:`Estimate.name`) in *lang*, from the catalogue."""
    return _i18n.translate(metrics.indicator_label(name), lang)


def _indicator_title(name: str, lang: str) -> str:
    """An indicator of the quality index by its short title (a chart's axis), or its name."""
    title = _INDICATOR_TITLES.get(name)
    return name if title is None else _i18n.translate(title, lang)


#: Short titles of the quality index's indicators, for the axis of the drivers chart.
_INDICATOR_TITLES: dict[str, str] = {
    "earnings_to_minimum": N_("Wage against the minimum wage"),
    "earnings_to_median": N_("Wage against the median wage"),
    "working_time": N_("Working time"),
    "contract_security": N_("Contract security"),
    "social_insurance": N_("Social insurance"),
    "skills_match": N_("Skills match"),
    "retention": N_("Retention"),
    "satisfaction": N_("Job satisfaction"),
    "job_strain": N_("Job strain"),
}


def _name(name: str, lang: str) -> str:
    """A record's name in *lang*: the catalogue's (context "name", or a registered name
    template: the sample city's providers, programmes and employers), the name as recorded
    otherwise (an office's own names are already in its language)."""
    if lang == _i18n.SOURCE_LANGUAGE:
        return name
    found = _i18n.translate(name, lang, context="name")
    if found != name:
        return found
    return _i18n.translate_text(name, lang, _i18n.templates("name"), words=True)


def _figure_note(estimate: Estimate, lang: str) -> str:
    """Why a figure is missing, or its notes, in *lang*."""
    if estimate.reason:
        return _i18n.translate_text(estimate.reason, lang)
    separator = _i18n.translate("; ", lang, context="separator")
    return separator.join(_i18n.translate_text(note, lang) for note in estimate.notes)


def drivers(
    scores: Sequence[scoring.QualityScore], model: scoring.QualityModel
) -> tuple[Driver, ...]:
    """(indicator, mean points, mean points available, share missing) over scored placements.

    Under arithmetic aggregation a component's contribution is the points it adds and its
    renormalised share × 100 the points it could add; under geometric aggregation the
    contributions are log-points, so the mean normalised value × 100 is shown instead.
    """
    scored = [s for s in scores if s.value is not None]
    Lists = tuple[list[float | None], list[float | None], list[float | None]]
    columns: dict[str, Lists] = {name: ([], [], []) for name in model.names}
    for score in scored:
        for component in score.components:
            normalised, share, contribution = columns.setdefault(component.name, ([], [], []))
            normalised.append(component.normalised)
            share.append(component.share)
            contribution.append(component.contribution)
    return drivers_of(columns, model, len(scored))


#: One indicator's normalised values, shares and contributions over the scored placements.
ComponentColumns = tuple[Sequence[float | None], Sequence[float | None], Sequence[float | None]]


def drivers_of(
    columns: Mapping[str, ComponentColumns], model: scoring.QualityModel, scored: int
) -> tuple[Driver, ...]:
    """:func:`drivers` from each indicator's columns over the *scored* placements, in
    placement order (the columnar engine's form; the sums run in the same order)."""
    arithmetic = model.aggregation == "arithmetic"
    found = []
    for name, (normalised, shares, contributions) in columns.items():
        points = available = missing = 0.0
        for value, share, contribution in zip(normalised, shares, contributions, strict=True):
            if value is None or share is None:
                missing += 1
            elif arithmetic:
                points += contribution or 0.0
                available += share * 100
            else:
                points += value * 100
                available += 100
        found.append((name, points, available, missing))
    count = max(scored, 1)
    return tuple(Driver(name, p / count, a / count, m / count) for name, p, a, m in found)


def _follow_up_section(
    page: _Page,
    rates: dict[int, Estimate],
    retention: dict[int, Estimate],
    worklist: metrics.Worklist,
    *,
    charts: bool,
) -> None:
    page.heading("follow_up", "follow-up")
    page.paragraph(page.t("follow_up_intro"), css="note")
    waves = sorted(set(rates) | set(retention))
    if not waves:
        page.paragraph(page.t("no_data"))
    else:

        def value(e: Estimate | None) -> float | None:
            return None if e is None or e.value is None else float(e.value)

        if charts:
            rows = [(w, value(rates.get(w)), value(retention.get(w))) for w in waves]
            uri = _charts.follow_up_chart(rows, lang=page.lang)
            page.figure(uri, "chart_follow_up", "chart-follow-up")

        def both(e: Estimate | None) -> list[tuple[str, bool]]:
            if e is None:
                return [("", True), ("", True)]
            shown = Headline(name="", estimate=e)
            value = shown.value_text(page.lang)
            return [
                (value + page.t("in_parentheses", text=shown.interval_text(page.lang)), True),
                ("" if e.denominator is None else f"{e.denominator:,}", True),
            ]

        header = [
            (page.t("wave"), False),
            (page.t("response_rate"), True),
            (page.t("n"), True),
            (page.t("retention"), True),
            (page.t("n"), True),
        ]
        page.table(
            header,
            (
                (
                    [
                        (page.t("months", n=w), False),
                        *both(rates.get(w)),
                        *both(retention.get(w)),
                    ],
                    None,
                )
                for w in waves
            ),
        )
    page.paragraph(page.t("worklist", as_of=worklist.as_of.isoformat()))
    if worklist.lost_after_attempts is not None and worklist.lost_after_days is not None:
        page.paragraph(
            page.t(
                "worklist_lost",
                attempts=worklist.lost_after_attempts,
                days=worklist.lost_after_days,
            ),
            css="note",
        )
    counts = worklist.counts()
    page.table(
        [(page.t("status"), False), (page.t("count"), True)],
        (
            ([(page.t(f"status_{status.value}"), False), (f"{count:,}", True)], None)
            for status, count in counts.items()
        ),
    )


def _compliance_section(page: _Page, summary: scoring.GroupSummary | None, *, charts: bool) -> None:
    page.heading("compliance", "compliance")
    page.paragraph(page.t("compliance_intro"), css="note")
    found = {} if summary is None else summary.flags
    flags = [(flag, found.get(flag, 0)) for flag in scoring.Flag]
    if charts:
        page.figure(
            _charts.flags_chart(
                [(codes.label(flag, lang=page.lang), count) for flag, count in flags],
                lang=page.lang,
            ),
            "chart_flags",
            "chart-flags",
        )
    scored = max(0 if summary is None else summary.count, 1)
    page.table(
        [
            (page.t("compliance_flag"), False),
            (page.t("placements"), True),
            (page.t("share"), True),
        ],
        (
            (
                [
                    (codes.label(flag, lang=page.lang), False),
                    (f"{count:,}", True),
                    (_format(count / scored, "proportion", page.lang), True),
                ],
                None,
            )
            for flag, count in flags
        ),
    )


def _market_name(page: _Page, name: str) -> str:
    """A market's name for people: the built-in tables' name in words, any other as given."""
    peer = name.endswith(" + peer reference")
    base = name.removesuffix(" + peer reference")
    shown = page.t("market_builtin") if base == "nanjing (built-in)" else base
    return page.t("market_with_peer", name=shown) if peer else shown


def _market_note(page: _Page, market: scoring.LabourMarket) -> str:
    """Which labour-market tables the scores rest on, which are empty and what that costs."""
    tables = market.tables()
    names = {table: page.t(f"table_{table}") for table in tables}
    has = [f"{names[table]} ({n:,})" for table, n in tables.items() if n]
    words = [
        page.t(
            "market_has",
            name=_market_name(page, market.name),
            has=page.t("list_separator").join(has) or "-",
        )
    ]
    lacks = market.lacks()
    if lacks:
        shown = page.t("list_separator").join(names[table] for table in lacks)
        words.append(page.t("market_lacks", lacks=shown))
        if any(table != "median_wages" for table in lacks):
            words.append(page.t("market_no_rules"))
        if "median_wages" in lacks:
            words.append(page.t("market_no_median"))
    if market.peer_wages:
        words.append(page.t("market_peer"))
    return " ".join(words)


def _methodology_section(
    page: _Page,
    model: scoring.QualityModel,
    min_cell: int,
    market: scoring.LabourMarket | None = None,
) -> None:
    page.heading("methodology", "methodology")
    items = [
        page.t(key, version=model.version, fingerprint=model.fingerprint, min_cell=min_cell)
        for key in note_keys()
    ]
    if market is not None:
        items.append(_market_note(page, market))
    items.append(page.t("privacy"))
    page.add("<ol class=note>" + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ol>")


def _check_scores(
    scores: Sequence[scoring.QualityScore],
    caseload: Caseload,
    model: scoring.QualityModel,
    day: date,
) -> None:
    if len(scores) != len(caseload.placements) or any(
        s.as_of != day or s.model_fingerprint != model.fingerprint for s in scores
    ):
        msg = (
            f"'scores' must be the scores of the caseload's {len(caseload.placements):,} "
            f"placements with model {model.version} ({model.fingerprint}) as of {day}; "
            "leave it out to score them here"
        )
        raise InvalidInputError("scores", msg)
