"""The report's training-effect section: did vocational training help?

:func:`veteran_services.evaluation.training_effect` on the caseload: completers of a vocational
programme against registered veterans not enrolled by their as-if exit, employment in the
second quarter after the (as-if) exit quarter. The naive and the adjusted (AIPW) estimates with
their intervals side by side, the balance of every covariate before and after weighting and the
overlap of the propensity scores (two charts), the E-value, and in plain words what the
estimate assumes and what it cannot show. Needs the ``evaluation`` extra; without it, or when
the caseload cannot give an estimate, the section says why. Veterans with a characteristic
unknown are left out (complete cases): a missing indicator held by a handful of veterans, none
of them trainees, would separate the groups.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Final

from veteran_services import _i18n, codes, evaluation
from veteran_services._i18n import N_
from veteran_services.errors import UnknownCodeError
from veteran_services.evaluation import EffectEstimate, TrainingEffect
from veteran_services.model import Caseload
from veteran_services.report import _charts
from veteran_services.report._render import Unavailable, _Page, unavailable_on_error

__all__ = ["training_figures", "training_section"]

#: The programme kind, outcome and programme kinds ignored on both sides.
KIND: Final = "vocational"
OUTCOME: Final = "employed_q2"
IGNORED: Final = ("adaptive",)

_WORDS: Final = {
    "heading": N_("Did training help?"),
    "intro": N_(
        "Veterans who completed vocational training are compared with registered veterans "
        "who had not enrolled in any course (the short adaptive course aside) by the same "
        "time after registering ({days} days, the trainees' median time to finishing): the "
        "share employed in the second quarter after finishing. The naive difference compares "
        "the two groups as they are; the adjusted estimate (doubly robust, AIPW) first makes "
        "the comparison group like the trainees in the characteristics recorded at "
        "registration: age, sex, education, service, rank, barriers, earlier work, district "
        "and when they registered."
    ),
    "estimate": N_("Estimate"),
    "effect": N_("Effect on the employment rate"),
    "interval": N_("95 % interval"),
    "treated": N_("Trainees"),
    "comparison": N_("Comparison veterans"),
    "naive": N_("Naive difference"),
    "adjusted": N_("Adjusted for the recorded characteristics (AIPW)"),
    "points": N_("{value} points"),
    "balance_note": N_(
        "Balance: after weighting, {n} of {total} characteristics differ between the groups "
        "by more than 0.1 standard deviations ({names})."
    ),
    "balanced": N_(
        "Balance: after weighting, every recorded characteristic differs between the groups "
        "by less than 0.1 standard deviations (it was up to {before:.2f} before)."
    ),
    "overlap_note": N_(
        "Overlap: {share} of the veterans have a chance of training outside the range both "
        "groups share."
    ),
    "evalue": N_(
        "Sensitivity: an unrecorded difference would have to be tied to both training and "
        "employment by a risk ratio of {estimate:.2f} each to explain the estimate away, and "
        "of {limit:.2f} to make the interval include no effect (E-value)."
    ),
    "evalue_null": N_(
        "Sensitivity: an unrecorded difference would have to be tied to both training and "
        "employment by a risk ratio of {estimate:.2f} each to explain the estimate away; the "
        "interval already includes no effect (E-value)."
    ),
    "assumes": N_(
        "What the adjusted estimate assumes: that once the recorded characteristics are "
        "accounted for, whether a veteran trained had nothing to do with their chances of "
        "work (no unmeasured confounding: offices that send the most motivated, or the "
        "hardest to place, for reasons the caseload does not record, would bias it), and that "
        "veterans like the trainees can be found among those who did not train (overlap)."
    ),
    "cannot": N_(
        "What it cannot show: the effect for veterans unlike those who trained, effects "
        "beyond the second quarter, or which course or provider made the difference. The "
        "naive difference mixes the effect of training with the differences between who "
        "trains and who does not."
    ),
    "balance_chart": N_(
        "Balance: standardised mean differences before and after weighting (lines at ±0.1)"
    ),
    "overlap_chart": N_("Overlap: estimated chance of training, trainees and comparison"),
    "before": N_("before"),
    "after": N_("after weighting"),
    "smd_axis": N_("Standardised mean difference"),
    "score_axis": N_("Estimated chance of training (propensity score)"),
    "count_axis": N_("Veterans"),
    "missing_extra": N_(
        "This section needs the evaluation extra (numpy, scipy, statsmodels): install "
        "veteran-services[evaluation]."
    ),
    "not_estimated": N_("The effect could not be estimated from these records: {reason}"),
    "cov_age": N_("age at registration"),
    "cov_female": N_("woman"),
    "cov_education": N_("education level"),
    "cov_months_of_service": N_("months of service"),
    "cov_rank_nco": N_("NCO"),
    "cov_rank_officer": N_("officer"),
    "cov_barriers": N_("barriers to employment"),
    "cov_employed_before": N_("employed before registering"),
    "cov_earnings_before": N_("earnings before registering"),
    "cov_registered": N_("registration date"),
    "cov_missing": N_("{name} unknown"),
}


def _w(key: str, lang: str, **values: object) -> str:
    words = _i18n.translate(_WORDS[key], lang)
    return words.format(**values) if values else words


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _covariate(column: str, lang: str) -> str:
    """A frame column's name for people: a characteristic, a district's name."""
    if column.endswith("_missing"):
        return _w("cov_missing", lang, name=_covariate(column.removesuffix("_missing"), lang))
    if column.startswith("district_"):
        code = column.removeprefix("district_")
        try:
            found = codes.region(code)
        except UnknownCodeError:
            return code
        return found.name_zh if lang == "zh" else found.name_en
    key = f"cov_{column}"
    return _w(key, lang) if key in _WORDS else column


def _points(value: float, lang: str) -> str:
    return _w("points", lang, value=f"{100 * value:+.1f}")


def _balance_chart(estimate: EffectEstimate, lang: str) -> str:
    """A dot plot of every covariate's SMD before and after weighting."""
    rows = [b for b in estimate.diagnostics.balance if b.adjusted]
    labels = [_covariate(b.covariate, lang) for b in rows]
    pyplot = _charts._pyplot()
    with _charts._drawing():
        figure, axes = pyplot.subplots(figsize=(7.0, 0.26 * len(rows) + 1.3))
        positions = list(range(len(rows)))
        axes.scatter(
            [b.smd_before for b in rows], positions, color="#d73027", label=_w("before", lang)
        )
        axes.scatter(
            [b.smd_after for b in rows], positions, color="#4575b4", label=_w("after", lang)
        )
        for limit in (-0.1, 0.1):
            axes.axvline(limit, color="#999999", linewidth=0.8, linestyle="--")
        axes.axvline(0.0, color="#333333", linewidth=0.6)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(_w("smd_axis", lang))
        axes.legend(frameon=False, loc="lower right")
        _charts._leave_room(figure, labels)
        figure.tight_layout()
    return _charts._svg(figure)


def _overlap_chart(estimate: EffectEstimate, lang: str) -> str:
    """The propensity scores' histograms of the two groups (counts per bin)."""
    overlap = estimate.diagnostics.overlap
    edges = overlap.bin_edges
    width = edges[1] - edges[0]
    lefts = list(edges[:-1])
    pyplot = _charts._pyplot()
    with _charts._drawing():
        figure, axes = pyplot.subplots(figsize=(7.0, 3.2))
        axes.bar(
            lefts,
            overlap.treated_counts,
            width,
            align="edge",
            color="#4575b4",
            alpha=0.7,
            label=_w("treated", lang),
        )
        axes.bar(
            lefts,
            [-c for c in overlap.control_counts],
            width,
            align="edge",
            color="#91bfdb",
            alpha=0.9,
            label=_w("comparison", lang),
        )
        axes.axhline(0.0, color="#333333", linewidth=0.6)
        axes.set_xlim(0.0, 1.0)
        axes.set_xlabel(_w("score_axis", lang))
        axes.set_ylabel(_w("count_axis", lang))
        axes.legend(frameon=False, loc="upper right")
        figure.tight_layout()
    return _charts._svg(figure)


def training_figures(caseload: Caseload, day: date) -> TrainingEffect | Unavailable:
    """The section's figure: the effect, or why it cannot be estimated."""
    return unavailable_on_error(
        lambda: evaluation.training_effect(
            caseload,
            programme_kind=KIND,
            outcome=OUTCOME,
            as_of=day,
            ignore_kinds=IGNORED,
            missing="complete",
        )
    )


def training_section(page: _Page, result: TrainingEffect | Unavailable, *, charts: bool) -> None:
    """Add the training-effect section to *page*, from :func:`training_figures`."""
    lang = page.lang
    page.add(f'<h2 id="training">{_e(_w("heading", lang))}</h2>')
    if isinstance(result, Unavailable):
        if result.reason == "missing_extra":
            page.paragraph(_w("missing_extra", lang), css="note")
        else:
            reason = _i18n.translate_text(result.message, lang)
            page.paragraph(_w("not_estimated", lang, reason=reason), css="note")
        return
    frame, estimate, naive = result.frame, result.estimate, result.naive
    page.paragraph(_w("intro", lang, days=frame.time_to_exit_days), css="note")
    page.table(
        [
            (_w("estimate", lang), False),
            (_w("effect", lang), True),
            (_w("interval", lang), True),
            (_w("treated", lang), True),
            (_w("comparison", lang), True),
        ],
        [
            (
                [
                    (_w("naive", lang), False),
                    (_points(naive.value, lang), True),
                    (f"{100 * naive.lower:+.1f} – {100 * naive.upper:+.1f}", True),
                    (f"{frame.n_treated:,}", True),
                    (f"{frame.n_comparison:,}", True),
                ],
                None,
            ),
            (
                [
                    (_w("adjusted", lang), False),
                    (_points(estimate.value, lang), True),
                    (f"{100 * estimate.lower:+.1f} – {100 * estimate.upper:+.1f}", True),
                    (f"{estimate.n_treated:,}", True),
                    (f"{estimate.n_control:,}", True),
                ],
                None,
            ),
        ],
    )
    adjusted = [b for b in estimate.diagnostics.balance if b.adjusted]
    imbalanced = [_covariate(b.covariate, lang) for b in adjusted if b.imbalanced_after]
    if imbalanced:
        page.paragraph(
            _w(
                "balance_note",
                lang,
                n=len(imbalanced),
                total=len(adjusted),
                names=", ".join(imbalanced),
            )
        )
    else:
        worst = max((abs(b.smd_before) for b in adjusted), default=0.0)
        page.paragraph(_w("balanced", lang, before=worst))
    share = f"{estimate.diagnostics.overlap.share_outside_support:.1%}"
    page.paragraph(_w("overlap_note", lang, share=share))
    evalue = estimate.diagnostics.evalue
    if estimate.lower <= 0.0 <= estimate.upper:
        page.paragraph(_w("evalue_null", lang, estimate=evalue.estimate))
    else:
        page.paragraph(_w("evalue", lang, estimate=evalue.estimate, limit=evalue.limit))
    if charts:
        for anchor, caption, uri in (
            ("chart-training-balance", _w("balance_chart", lang), _balance_chart(estimate, lang)),
            ("chart-training-overlap", _w("overlap_chart", lang), _overlap_chart(estimate, lang)),
        ):
            page.add(
                f'<figure><img id="{anchor}" class="chart" alt="{_e(caption)}" '
                f'src="{uri}"><figcaption>{_e(caption)}</figcaption></figure>'
            )
    page.paragraph(_w("assumes", lang), css="note")
    page.paragraph(_w("cannot", lang), css="note")
