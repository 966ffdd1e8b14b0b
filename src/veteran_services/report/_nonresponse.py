"""The report's non-response section: do each wave's respondents still represent the cohort?

The figures of :func:`veteran_services.metrics.nonresponse_report` for every follow-up wave: the
placed cohort and its respondents, the bias-adjusted R-indicator and the maximal bias it allows,
Kish's design effect and effective n of the final weights, the satisfaction and still-employed
shares unweighted and weighted with the one the dossier's rule publishes, and for the last wave
a chart of respondents against the cohort by contract type and age band with the partial
R-indicators of every variable.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import Final

from veteran_services import _i18n, codes, metrics
from veteran_services._i18n import N_
from veteran_services.metrics import NonresponseReport
from veteran_services.model import Caseload, ContractType, SizeBand
from veteran_services.report import _charts
from veteran_services.report._render import _Page

__all__ = ["WAVES", "nonresponse_reports", "nonresponse_section"]

#: The follow-up waves the section shows (months after the start).
WAVES: Final = (3, 6, 12)

#: The section's words (English: the msgid).
_WORDS: Final = {
    "heading": N_("Who answered the follow-up"),
    "intro": N_(
        "Every placement is followed up, so each wave's placed cohort is known from the "
        "caseload and its respondents can be compared with it on age, sex, education, "
        "district, contract, wage and employer size. The R-indicator is 1 when everyone is "
        "equally likely to answer; the maximal bias bounds, in standard deviations, how far a "
        "respondent figure can be off because of these characteristics. The weights make up "
        "for non-respondents within classes of the estimated chance of answering, are raked "
        "to the cohort's margins and trimmed; Kish's design effect says how much precision "
        "they cost."
    ),
    "rule": N_(
        "Rule: the weighted figure is published only when the (bias-adjusted) R-indicator is "
        "below {threshold} and weighting moves the figure by more than one standard error; "
        "otherwise the unweighted figure is published. Both are always shown."
    ),
    "limits": N_(
        "Weighting corrects only for differences that the recorded characteristics explain; "
        "veterans who stopped answering may differ in ways the caseload does not record."
    ),
    "wave": N_("Wave"),
    "months": N_("{n} months"),
    "cohort": N_("Placed cohort"),
    "respondents": N_("Respondents"),
    "response_rate": N_("Response rate"),
    "r": N_("R-indicator (bias-adjusted)"),
    "max_bias": N_("Maximal bias (SD)"),
    "deff": N_("Design effect"),
    "effective_n": N_("Effective n"),
    "figure": N_("Figure"),
    "unweighted": N_("Unweighted"),
    "weighted": N_("Weighted"),
    "published": N_("Published"),
    "publish_weighted": N_("weighted"),
    "publish_unweighted": N_("unweighted"),
    "satisfaction_share": N_("Satisfied with the job"),
    "still_employed_share": N_("Still in the job placed in"),
    "partials": N_(
        "Partial R-indicators at {n} months: how much each characteristic makes the chance "
        "of answering vary (unconditional), and how much of it the others do not explain "
        "(conditional)."
    ),
    "variable": N_("Characteristic"),
    "unconditional": N_("Unconditional"),
    "conditional": N_("Conditional"),
    "chart": N_("Respondents against the placed cohort at {n} months, by contract and age"),
    "no_cohort": N_("No follow-up wave is due yet."),
    "cohort_axis": N_("placed cohort"),
    "respondents_axis": N_("respondents"),
    "share_axis": N_("Share"),
    "var_age_band": N_("age band"),
    "var_sex": N_("sex"),
    "var_education": N_("education"),
    "var_region": N_("district"),
    "var_contract": N_("contract"),
    "var_wage_band": N_("wage band"),
    "var_employer_size": N_("employer size"),
}


def _w(key: str, lang: str, **values: object) -> str:
    words = _i18n.translate(_WORDS[key], lang)
    return words.format(**values) if values else words


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _number(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _category(variable: str, category: str, lang: str) -> str:
    """A category's label in *lang* (enum labels, age bands; codes otherwise)."""
    if category == "unknown":
        return _i18n.translate("unknown", lang)
    if variable == "contract":
        return codes.label(ContractType(category), lang)
    if variable == "employer_size":
        return codes.label(SizeBand(category), lang)
    if variable == "age_band":
        return _i18n.translate(category, lang)
    return category


def _chart(report: NonresponseReport, lang: str) -> str:
    """Horizontal bars: each category's share of the cohort and of the respondents."""
    rows = [r for r in report.comparison if r.variable in ("contract", "age_band")]
    labels = [_category(r.variable, r.category, lang) for r in rows]
    pyplot = _charts._pyplot()
    with _charts._drawing():
        figure, axes = pyplot.subplots(figsize=(7.0, 0.28 * len(rows) + 1.2))
        positions = list(range(len(rows)))
        height = 0.38
        axes.barh(
            [p - height / 2 for p in positions],
            [r.cohort_share for r in rows],
            height,
            color="#91bfdb",
            label=_w("cohort_axis", lang),
        )
        axes.barh(
            [p + height / 2 for p in positions],
            [r.respondent_share or 0.0 for r in rows],
            height,
            color="#4575b4",
            label=_w("respondents_axis", lang),
        )
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(_w("share_axis", lang))
        axes.legend(frameon=False, loc="lower right")
        _charts._leave_room(figure, labels)
        figure.tight_layout()
    return _charts._svg(figure)


def nonresponse_reports(caseload: Caseload, day: date) -> tuple[NonresponseReport, ...]:
    """The section's figures: the report of every wave with a placed cohort, in wave order."""
    reports = []
    for wave in WAVES:
        report = metrics.nonresponse_report(caseload, wave=wave, as_of=day, schedule=WAVES)
        if report.cohort:
            reports.append(report)
    return tuple(reports)


def _table_rows(
    reports: Sequence[NonresponseReport], lang: str
) -> list[tuple[list[tuple[str, bool]], str | None]]:
    rows: list[tuple[list[tuple[str, bool]], str | None]] = []
    for report in reports:
        r = report.r_indicator
        final = report.weight_steps[-1] if report.weight_steps else None
        adjusted = None if r is None else (r.value if r.adjusted is None else r.adjusted)
        cells = [
            (_w("months", lang, n=report.wave), False),
            (f"{report.cohort:,}", True),
            (f"{report.respondents:,}", True),
            (_share(report.response_rate), True),
            (_number(adjusted), True),
            (_number(None if r is None else r.max_bias), True),
            (_number(None if final is None else final.deff), True),
            ("—" if final is None else f"{final.effective_n:,.0f}", True),
        ]
        rows.append((cells, None))
    return rows


def nonresponse_section(page: _Page, reports: Sequence[NonresponseReport], *, charts: bool) -> None:
    """Add the non-response section to *page*, from :func:`nonresponse_reports`."""
    lang = page.lang
    page.add(f'<h2 id="nonresponse">{_e(_w("heading", lang))}</h2>')
    page.paragraph(_w("intro", lang), css="note")
    if not reports:
        page.paragraph(_w("no_cohort", lang))
        return
    page.table(
        [
            (_w("wave", lang), False),
            (_w("cohort", lang), True),
            (_w("respondents", lang), True),
            (_w("response_rate", lang), True),
            (_w("r", lang), True),
            (_w("max_bias", lang), True),
            (_w("deff", lang), True),
            (_w("effective_n", lang), True),
        ],
        _table_rows(reports, lang),
    )
    figures = []
    for report in reports:
        for item in report.indicators:
            cells = [
                (_w("months", lang, n=report.wave), False),
                (_w(item.indicator, lang), False),
                (_share(item.unweighted), True),
                (_share(item.weighted), True),
                (_w(f"publish_{item.publish}", lang), False),
            ]
            figures.append((cells, None))
    page.table(
        [
            (_w("wave", lang), False),
            (_w("figure", lang), False),
            (_w("unweighted", lang), True),
            (_w("weighted", lang), True),
            (_w("published", lang), False),
        ],
        figures,
    )
    threshold = reports[-1].parameters.get("r_threshold", 0.9)
    page.paragraph(_w("rule", lang, threshold=threshold), css="note")
    page.paragraph(_w("limits", lang), css="note")
    last = reports[-1]
    if charts:
        caption = _w("chart", lang, n=last.wave)
        page.add(
            f'<figure><img id="chart-nonresponse" class="chart" alt="{_e(caption)}" '
            f'src="{_chart(last, lang)}"><figcaption>{_e(caption)}</figcaption></figure>'
        )
    if last.r_indicator is not None:
        page.paragraph(_w("partials", lang, n=last.wave))
        page.table(
            [
                (_w("variable", lang), False),
                (_w("unconditional", lang), True),
                (_w("conditional", lang), True),
            ],
            (
                (
                    [
                        (_w(f"var_{p.variable}", lang), False),
                        (f"{p.unconditional:.4f}", True),
                        (f"{p.conditional:.4f}", True),
                    ],
                    None,
                )
                for p in last.r_indicator.partials
                if p.category is None
            ),
        )
