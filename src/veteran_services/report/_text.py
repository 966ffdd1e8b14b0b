"""The report's words: English msgids, translated through the message catalogues (``_i18n``).

Each key names one piece of text; its English text is the catalogue's msgid, so a language
is a catalogue (``locale/<lang>/LC_MESSAGES/veteran_services.po``), not code.
"""

from __future__ import annotations

from typing import Final, Literal

from veteran_services import _i18n
from veteran_services._i18n import N_

__all__ = ["LANGUAGES", "REASON_LABELS", "Lang", "reason_label", "text"]

#: The languages shipped with the library (a type for callers; the functions take any language
#: of ``LANGUAGES``).
Lang = Literal["en", "zh"]

#: The languages a report can be written in: English and every compiled catalogue.
LANGUAGES: Final[tuple[str, ...]] = _i18n.languages()

#: The report's text by key (English: the msgid).
_TEXT: Final[dict[str, str]] = {
    "title": N_("Veterans' employment services: report"),
    "as_of": N_("Data as of"),
    "generated_by": N_("Written by veteran-services"),
    "records": N_("Records"),
    "kind": N_("Record kind"),
    "count": N_("Count"),
    "contents": N_("Contents"),
    "headline": N_("Headline indicators"),
    "headline_intro": N_(
        "Each figure comes with its numerator, denominator and a 95 % interval. A dash "
        "means the figure cannot be computed; the reason is given beside it."
    ),
    "indicator": N_("Indicator"),
    "value": N_("Value"),
    "interval": N_("95 % interval"),
    "numerator": N_("Numerator"),
    "denominator": N_("Denominator"),
    "note": N_("Note"),
    "districts": N_("Districts"),
    "districts_intro": N_(
        "Cells based on fewer than {min_cell} people are suppressed (primary suppression); "
        "further cells are suppressed so that no hidden cell can be worked out from the "
        "total (secondary suppression)."
    ),
    "districts_whose": N_(
        "A district here is the veteran's home district (veteran_region), not the "
        "employer's district, where a job's quality score takes its labour-market rules."
    ),
    "district": N_("District"),
    "total": N_("Total"),
    "suppressed_primary": N_("suppressed (fewer than {min_cell})"),
    "suppressed_secondary": N_("suppressed (secondary)"),
    "providers": N_("Training providers"),
    "ventures": N_("Entrepreneurship"),
    "training": N_("Did training help?"),
    "providers_intro": N_(
        "Employment rate in the second quarter after exit, by training provider, against "
        "the overall rate. The funnel lines are the 95 % and 99.8 % control limits for a "
        "provider of each size. A provider is called above or below the others only when "
        "it lies outside the 99.8 % limits; everyone else is within the range that chance "
        "alone produces."
    ),
    "provider": N_("Provider"),
    "n": N_("n"),
    "flag": N_("Against the limits"),
    "rank": N_("Rank (interval)"),
    "flag_above": N_("above"),
    "flag_within": N_("within"),
    "flag_below": N_("below"),
    "flag_none": N_("not compared"),
    "not_ranked": N_("listed, not ranked (too few to rank)"),
    "quality": N_("Employment quality"),
    "quality_intro": N_(
        "Quality index of placements (0 to 100, model {version}, fingerprint "
        "{fingerprint}). Mean {mean} (95 % interval {low} to {high}), median {median}; "
        "{below} of scored placements are below {threshold}."
    ),
    "quality_drivers": N_(
        "What drives it: the mean points each indicator adds to the score, against the "
        "points it could add."
    ),
    "unscored_intro": N_(
        "{unscored} of {count} placements have no score; the figures below are over the "
        "{scored} scored. Mean data completeness {completeness} (the share of the model's "
        "weight whose facts were recorded, over every placement)."
    ),
    "all_scored": N_(
        "All {count} placements are scored. Mean data completeness {completeness} (the "
        "share of the model's weight whose facts were recorded)."
    ),
    "unscored_reason": N_("Why no score"),
    "component": N_("Indicator of the index"),
    "mean_points": N_("Mean points"),
    "available_points": N_("Points available"),
    "missing_share": N_("Missing"),
    "follow_up": N_("Follow-up by wave"),
    "nonresponse": N_("Who answered the follow-up"),
    "follow_up_intro": N_(
        "Follow-up surveys after placement. The response rate is AAPOR RR1 of the wave's "
        "cases; retention is the share of placements due for the wave that have a complete "
        "or partial response."
    ),
    "wave": N_("Wave"),
    "months": N_("{n} months"),
    "response_rate": N_("Response rate (RR1)"),
    "retention": N_("Panel retention"),
    "worklist": N_("Follow-up worklist on {as_of}"),
    "worklist_lost": N_(
        "A follow-up is lost to follow-up after {attempts} failed contact attempts "
        "(non-contact, other or unknown eligibility) or {days} days past its overdue date."
    ),
    "status": N_("Status"),
    "status_done": N_("done"),
    "status_due": N_("due"),
    "status_overdue": N_("overdue"),
    "status_lost": N_("lost to follow-up"),
    "status_not_yet_due": N_("not yet due"),
    "compliance": N_("Compliance flags"),
    "compliance_intro": N_(
        "Placements with a compliance problem. Flags never change the quality score; they "
        "are listed so that the office can follow them up."
    ),
    "placements": N_("Placements"),
    "compliance_flag": N_("Flag"),
    "share": N_("Share"),
    "methodology": N_("Methodology"),
    "chart_funnel": N_("Funnel plot of training providers"),
    "chart_quality": N_("Distribution of the quality index"),
    "chart_drivers": N_("Points by indicator"),
    "chart_follow_up": N_("Response rate and retention by wave"),
    "chart_flags": N_("Compliance flags"),
    "none": N_("none"),
    "mean_quality": N_("Mean employment-quality index"),
    "in_parentheses": N_(" ({text})"),
    "name_and_code": N_("{name} ({code})"),
    "hidden_providers": N_("{hidden} providers with fewer than {min_cell} people are not shown."),
    "adjusted": N_("Training providers adjusted for case mix"),
    "adjusted_intro": N_(
        "The same comparison after allowing for whom each provider trains. A logistic model "
        "of employment on the exiters' age band, sex, education, rank category, number of "
        "recognised barriers and district, fitted on all providers together, gives each "
        "provider the number of its exiters expected to be employed (E) with the city's "
        "results for the same intake; observed over expected (O/E) is 1 for a provider that "
        "does as well as that. The adjusted rate is O/E times the overall rate. Raw and "
        "adjusted flags are side by side: a provider flagged only on the raw rate differs "
        "because of its intake."
    ),
    "adjusted_limits": N_(
        "What adjustment can and cannot fix: it removes differences that the recorded "
        "characteristics explain, and only those. It cannot remove differences due to what "
        "is not recorded (health, motivation, the employers a provider works with); it does "
        "not say why a provider differs; and where a provider chooses whom it enrols, "
        "adjustment hides the effect of that choice."
    ),
    "adjusted_model": N_(
        "Model: logistic regression of {n} exiters on {columns} terms; C statistic {c} "
        "(0.5 is no better than chance, 1 separates perfectly); {excluded} exiters left out "
        "because a characteristic is unknown."
    ),
    "adjusted_fit_notes": N_("The model fit reported problems; read the figures with care."),
    "adjusted_missing_extra": N_(
        "The case-mix adjustment needs the fair extra, which is not installed: "
        "pip install 'veteran-services[fair]'."
    ),
    "adjusted_not_possible": N_(
        "No case-mix adjustment: it needs at least two providers with exiters and an "
        "outcome that varies."
    ),
    "raw_rate": N_("Raw rate"),
    "raw_flag": N_("Raw"),
    "observed": N_("Observed (O)"),
    "expected": N_("Expected (E)"),
    "ratio": N_("O/E (95 % interval)"),
    "adjusted_rate": N_("Adjusted rate"),
    "adjusted_flag": N_("Adjusted"),
    "calibration": N_(
        "Calibration: exiters in tenths by their predicted chance of employment, observed "
        "against expected employed."
    ),
    "decile": N_("Tenth"),
    "chart_funnel_adjusted": N_("Funnel plot of observed over expected, by provider"),
    "kind_veterans": N_("veterans"),
    "kind_providers": N_("training providers"),
    "kind_programmes": N_("programmes"),
    "kind_enrolments": N_("enrolments"),
    "kind_employers": N_("employers"),
    "kind_placements": N_("placements"),
    "kind_ventures": N_("ventures"),
    "kind_earnings": N_("quarterly earnings"),
    "kind_contacts": N_("service contacts"),
    "kind_instruments": N_("questionnaires"),
    "kind_responses": N_("follow-up cases"),
    "no_data": N_("No data."),
    "privacy": N_(
        "This report shows counts and rates only: no names, identity numbers, phone "
        "numbers or record identifiers of people."
    ),
    "market_builtin": N_("the built-in Nanjing tables"),
    "market_with_peer": N_("{name} with a peer wage reference"),
    "market_has": N_("Labour-market tables: {name}; it has {has}."),
    "market_lacks": N_("It lacks {lacks}."),
    "market_no_median": N_(
        "Without median wages the indicator 'wage against the median wage' is missing for "
        "every placement, and its weight is left out of each score."
    ),
    "market_no_rules": N_(
        "Without them placements are left unscored (no labour-market data for the employer's "
        "region on the start date)."
    ),
    "market_peer": N_(
        "Its median wages are a peer reference, not the labour-market median: the median "
        "monthly earnings of the caseload's own employed veterans (full quarters of their "
        "earnings records), by district and year."
    ),
    "table_minimum_wages": N_("minimum wages"),
    "table_working_time_rules": N_("working-time rules"),
    "table_social_insurance_rules": N_("social-insurance rules"),
    "table_median_wages": N_("median wages"),
    "list_separator": N_(", "),
}

#: Why a placement has no score, by the reason codes of ``scoring.REASONS``.
_REASONS: Final[dict[str, str]] = {
    "low_coverage": N_(
        "Too little data: the indicators present carry less than the model's minimum coverage"
    ),
    "after_scoring_date": N_("The placement starts after the scoring date"),
    "no_market_data": N_("No labour-market data for the employer's region on the start date"),
    "unknown_employer": N_("The employer is not in the caseload"),
}

#: The reasons' labels as (English, Chinese) pairs (kept for callers of the earlier pairs).
REASON_LABELS: Final[dict[str, tuple[str, str]]] = {
    code: (english, _i18n.translate(english, "zh")) for code, english in _REASONS.items()
}


#: The methodology notes, in the order they are printed.
_NOTES: Final[dict[str, str]] = {
    "intervals": N_(
        "Intervals of proportions are Wilson score intervals at 95 % (Wilson 1927; "
        "Newcombe 1998); the interval of the mean quality index is the normal "
        "approximation."
    ),
    "employment": N_(
        "Employment rate after exit: exiters employed in the 2nd (4th) quarter after the "
        "quarter of exit, among exiters whose quarter has passed; the exit quarter is "
        "never counted, and people excluded (institutionalised, medical, deceased, reserve "
        "call-up) leave numerator and denominator (WIOA primary indicators)."
    ),
    "earnings": N_(
        "Median earnings: the median of quarterly earnings above zero in the 2nd quarter "
        "after exit; figures estimated from placements are marked in the note."
    ),
    "placement": N_(
        "Placement rate: registered veterans placed within 6 months of registration; time "
        "to placement is the median number of days."
    ),
    "funnel": N_(
        "Funnel limits: the 95 % and 99.8 % quantiles of the binomial distribution around "
        "the overall rate, interpolated (Spiegelhalter 2005); a provider is flagged when the "
        "exact binomial test puts it outside. Observed over expected: limits around 1 on the "
        "square-root scale. Rank intervals come from a seeded bootstrap."
    ),
    "quality": N_(
        "Quality index: indicators of the UNECE dimensions of quality of employment "
        "(ECE/CES/40, 2015) normalised between goalposts, weighted and aggregated; each "
        "indicator's points add up to the score. Model {version}, fingerprint "
        "{fingerprint}."
    ),
    "flags": N_(
        "Compliance flags: wage below the minimum wage in force, usual hours above the "
        "legal limit with overtime, no required social insurance, informal employment "
        "(ILO, 17th ICLS)."
    ),
    "suppression": N_(
        "Small cells: fewer than {min_cell} people are never shown; secondary suppression "
        "protects them from subtraction."
    ),
}


def text(key: str, lang: str, **values: object) -> str:
    """The report text *key* in *lang*, with ``{name}`` fields filled from *values*.

    Methodology notes are keyed ``note:<name>`` (see :func:`note_keys`).
    """
    if key.startswith("note:"):
        english = _NOTES[key.removeprefix("note:")]
    else:
        english = _TEXT[key]
    template = _i18n.translate(english, lang)
    return template.format(**values) if values else template


def reason_label(code: str, lang: str) -> str:
    "Why a placement has no score, for a reason code (the code itself when it has no label)."
    english = _REASONS.get(code)
    return code if english is None else _i18n.translate(english, lang)


def note_keys() -> tuple[str, ...]:
    """The keys of the methodology notes (``note:<name>``), in the order they are printed."""
    return tuple(f"note:{name}" for name in _NOTES)
