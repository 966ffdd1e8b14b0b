"""Non-response dossier of a follow-up wave, and survey weights built from the caseload itself.

Every placement is followed up at 3, 6 and 12 months, so the *placed cohort* of a wave (the
placements whose wave is due) is known in full from the caseload: its age, sex, education,
district, contract, wage and employer. :func:`nonresponse_report` compares the respondents of a
wave with that cohort on these administrative variables, fits a response-propensity model and
its R-indicator with partial R-indicators, compares early with late respondents, follows the
originally placed cohort across the waves (attrition), builds the weight chain (base weight →
non-response adjustment → raking to the cohort's margins → trimming) with Kish's design effect
at each step, and sets the survey indicators unweighted and weighted side by side with a stated
rule for which to publish. :func:`weights_for` builds the same weights for any follow-up cases,
so weighted indicators (:func:`~veteran_services.metrics.weighted_satisfaction`) stop needing
hand-made weights.

Conventions (``docs/methodology/nonresponse.md`` gives every formula and source):

* a placement's case at a wave is the one :func:`~veteran_services.metrics.follow_ups_due`
  uses (a complete or partial interview if there is one, else a final case such as a refusal,
  else the latest failed contact attempt);
* complete and partial interviews are respondents; refusals, non-contacts, "other" cases,
  cases of unknown eligibility (AAPOR e = 1, the conservative choice of RR1) and placements
  with no case recorded although the wave is due are non-respondents; cases known not to be
  eligible are outside the target population and left out;
* an unrecorded characteristic is its own category, ``"unknown"`` (unknown is not none).

Sources: B. Schouten, F. Cobben & J. Bethlehem (2009), "Indicators for the representativeness
of survey response", *Survey Methodology* 35:101-113 (R-indicator, maximal bias); B. Schouten,
N. Shlomo & C. Skinner (2011), "Indicators for monitoring and improving representativeness of
response", *Journal of Official Statistics* 27:231-253 (partial R-indicators); L. Kish (1992),
"Weighting for unequal P_i", *JOS* 8:183-200; R. Valliant, J. A. Dever & F. Kreuter (2018),
*Practical Tools for Designing and Weighting Survey Samples*, ch. 13-14; G. Kalton &
I. Flores-Cervantes (2003), "Weighting methods", *JOS* 19:81-97; F. Potter (1990), "A study of
procedures to identify and trim extreme sampling weights" (trimming); R. M. Groves (2006),
"Nonresponse rates and nonresponse bias in household surveys", *Public Opinion Quarterly*
70:646-675 (early against late respondents).
"""

from __future__ import annotations

import importlib
import json
import math
import random
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal

import attrs
from attrs import field, frozen

from veteran_services._checks import checked, whole_number
from veteran_services.errors import InvalidInputError
from veteran_services.metrics._outcomes import add_months, without_gc_pauses
from veteran_services.metrics.breakdowns import age_band
from veteran_services.metrics.cohorts import check_between, check_positive, data_cutoff
from veteran_services.metrics.followup import _case_for
from veteran_services.metrics.indicators import weighted_satisfaction
from veteran_services.model import (
    Caseload,
    Disposition,
    Placement,
    SurveyResponse,
    Topic,
    YesNoScale,
)
from veteran_services.stats import (
    Difference,
    Interval,
    ResponseCategory,
    newcombe_difference,
    rake,
    rank,
    weighted_proportion,
    weighting_class_adjustment,
    wilson_interval,
)

__all__ = [
    "NONRESPONSE_VARIABLES",
    "WAGE_BANDS",
    "AttritionRow",
    "EarlyLateRow",
    "IndicatorComparison",
    "NonresponseAdjustment",
    "NonresponseReport",
    "PartialR",
    "PropensityModel",
    "RIndicator",
    "ShareRow",
    "SurveyWeights",
    "WeightStep",
    "nonresponse_report",
    "r_indicator",
    "weights_for",
]

#: The administrative variables the dossier can compare and model, each known for every placed
#: veteran: ``age_band`` (age when the job started, :data:`~veteran_services.metrics.AGE_BANDS`),
#: ``sex``, ``education``, ``region`` (the veteran's home district), ``contract`` (the
#: placement's contract type), ``wage_band`` (:data:`WAGE_BANDS`) and ``employer_size``.
NONRESPONSE_VARIABLES: tuple[str, ...] = (
    "age_band",
    "sex",
    "education",
    "region",
    "contract",
    "wage_band",
    "employer_size",
)

#: Monthly wage bands in yuan (lower bound inclusive, upper bound exclusive, label); a wage in
#: another currency or not recorded is ``"unknown"``.
WAGE_BANDS: tuple[tuple[int | None, int | None, str], ...] = (
    (None, 3000, "under 3000"),
    (3000, 5000, "3000-4999"),
    (5000, 8000, "5000-7999"),
    (8000, None, "8000 and over"),
)

NonresponseAdjustment = Literal["propensity_class", "propensity", "class"]
"""How respondents' weights make up for non-respondents: within classes of the estimated
response propensity (``"propensity_class"``), by the inverse of each respondent's estimated
propensity (``"propensity"``), or within weighting classes of administrative variables
(``"class"``)."""

_DEFAULT_VARIABLES = NONRESPONSE_VARIABLES
_DEFAULT_RAKE = ("age_band", "sex", "region", "contract")
_DEFAULT_CLASSES = ("age_band", "contract")
_UNKNOWN = "unknown"
_POOLED = "(pooled)"
_NO_CASE = "no_case"
#: Final statuses → weighting category (unknown eligibility taken as eligible, e = 1).
_CATEGORIES: Mapping[str, ResponseCategory] = MappingProxyType(
    {
        Disposition.COMPLETE.value: "respondent",
        Disposition.PARTIAL.value: "respondent",
        Disposition.REFUSAL.value: "nonrespondent",
        Disposition.NON_CONTACT.value: "nonrespondent",
        Disposition.OTHER.value: "nonrespondent",
        Disposition.UNKNOWN_HOUSEHOLD.value: "nonrespondent",
        Disposition.UNKNOWN_OTHER.value: "nonrespondent",
        _NO_CASE: "nonrespondent",
    }
)
_INDICATORS = ("satisfaction_share", "still_employed_share")


# --- result objects ---------------------------------------------------------------------------


@frozen(kw_only=True)
class ShareRow:
    """One category of an administrative variable: respondents against the placed cohort.

    Attributes:
        variable: The variable (:data:`NONRESPONSE_VARIABLES`).
        category: The category (``"unknown"`` when not recorded).
        cohort: Placements of the cohort in the category.
        respondents: Respondents in the category.
        cohort_share: The category's share of the cohort (a census: no interval).
        respondent_share: Its share of the respondents (``None`` without respondents).
        respondent_interval: Wilson's interval of the respondent share.
        difference: respondent share − cohort share.
        difference_interval: Newcombe's method-10 interval of (respondent share −
            non-respondent share) times the non-respondents' share of the cohort, m/N (since
            p_r − p_c = (m/N)(p_r − p_m) exactly); ``None`` without respondents or
            non-respondents.
        response_rate: Respondents ÷ cohort in the category.
        response_interval: Wilson's interval of the response rate.
    """

    variable: str
    category: str
    cohort: int
    respondents: int
    cohort_share: float
    respondent_share: float | None
    respondent_interval: Interval | None
    difference: float | None
    difference_interval: tuple[float, float] | None
    response_rate: float | None
    response_interval: Interval | None

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data (intervals as ``*_low``/``*_high``)."""
        return {
            "variable": self.variable,
            "category": self.category,
            "cohort": self.cohort,
            "respondents": self.respondents,
            "cohort_share": self.cohort_share,
            "respondent_share": self.respondent_share,
            "respondent_low": _low(self.respondent_interval),
            "respondent_high": _high(self.respondent_interval),
            "difference": self.difference,
            "difference_low": None
            if self.difference_interval is None
            else self.difference_interval[0],
            "difference_high": None
            if self.difference_interval is None
            else self.difference_interval[1],
            "response_rate": self.response_rate,
            "response_low": _low(self.response_interval),
            "response_high": _high(self.response_interval),
        }


@frozen(kw_only=True)
class PropensityModel:
    """The response-propensity model: a logistic regression of responding on the variables.

    Fitted by iteratively reweighted least squares (Newton-Raphson on the log-likelihood) in
    plain Python; categorical variables enter as indicator columns with the largest category as
    the reference.

    Attributes:
        variables: The variables in the model.
        columns: Column names, ``"const"`` first, then ``"variable[category]"``.
        coefficients: Column → log-odds coefficient.
        standard_errors: Column → its standard error (from the inverse information matrix).
        n: Units in the model (the cohort in scope).
        respondents: Respondents among them.
        iterations: Newton steps taken.
        converged: Whether the largest coefficient change fell below 1e-10.
        deviance: −2 × the log-likelihood at the fit.
        c_statistic: Area under the ROC curve of the fitted propensities (ties count ½); NaN
            when everyone or no one responded.
        dropped: Columns left out, with why (collinear with earlier columns).
        notes: Warnings (non-convergence, separation).
    """

    variables: tuple[str, ...]
    columns: tuple[str, ...]
    coefficients: Mapping[str, float]
    standard_errors: Mapping[str, float]
    n: int
    respondents: int
    iterations: int
    converged: bool
    deviance: float
    c_statistic: float
    dropped: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data."""
        return {
            "variables": list(self.variables),
            "columns": list(self.columns),
            "coefficients": dict(self.coefficients),
            "standard_errors": dict(self.standard_errors),
            "n": self.n,
            "respondents": self.respondents,
            "iterations": self.iterations,
            "converged": self.converged,
            "deviance": self.deviance,
            "c_statistic": None if math.isnan(self.c_statistic) else self.c_statistic,
            "dropped": [list(item) for item in self.dropped],
            "notes": list(self.notes),
        }


@frozen(kw_only=True)
class PartialR:
    """A partial R-indicator of one variable, or of one of its categories.

    Attributes:
        variable: The variable.
        category: The category, or ``None`` for the variable-level value.
        unconditional: P_U: for the variable, the between-category standard deviation of the
            propensities, √(Σ_k N_k (ρ̄_k − ρ̄)² / (N − 1)); for a category,
            √(N_k / (N − 1)) (ρ̄_k − ρ̄), signed (negative: the category is under-represented).
            The squares of the categories' values add up to the square of the variable's.
        conditional: P_C: the within-cell standard deviation of the propensities, where cells
            cross-classify all the *other* model variables: √(Σ_i (ρ_i − ρ̄_cell(i))² / (N − 1))
            over the variable's units (over a category's units for a category); always ≥ 0.
    """

    variable: str
    category: str | None
    unconditional: float
    conditional: float

    def to_dict(self) -> dict[str, Any]:
        """The values as JSON-ready data."""
        return {
            "variable": self.variable,
            "category": self.category,
            "unconditional": self.unconditional,
            "conditional": self.conditional,
        }


@frozen(kw_only=True)
class RIndicator:
    """The R-indicator of a response: how much response propensities vary.

    Attributes:
        value: R = 1 − 2 S(ρ̂), 1 when every unit is equally likely to respond.
        sd: S(ρ̂) = √(Σ d_i (ρ̂_i − ρ̄)² / (Σ d_i − 1)).
        mean_propensity: ρ̄ = Σ d_i ρ̂_i / Σ d_i (with an intercept in the model: the response
            rate).
        max_bias: (1 − R) / (2 ρ̄) = S/ρ̄, the bound on the absolute bias of a respondent mean,
            in standard deviations of the survey variable, that the variables could cause.
        n: Units.
        adjusted: R with the estimation bias of S² removed, 1 − 2√max(0, S² − B̂), where
            B̂ = (Σ v_i − Σ ρ̂_i(1 − ρ̂_i)/n)/(n − 1) and v_i is the estimated variance of ρ̂_i
            (delta method on the fitted model). Estimated propensities vary by chance even when
            response is at random, more so with many model columns and few units, so the
            plain R understates representativeness; ``None`` when no variances were given.
        partials: Partial R-indicators, variable-level first in model order, each followed by
            its categories.
        interval: Percentile bootstrap interval of the bias-adjusted R (of R when there is
            none): the cohort resampled with replacement, the model refitted on each replicate
            (:func:`nonresponse_report` with ``replicates``); ``None`` without replicates.
    """

    value: float
    sd: float
    mean_propensity: float
    max_bias: float
    n: int
    adjusted: float | None = None
    partials: tuple[PartialR, ...] = ()
    interval: tuple[float, float] | None = None

    def partial(self, variable: str, category: str | None = None) -> PartialR:
        """The partial R-indicator of *variable* (or of one of its categories).

        Raises:
            LookupError: no such variable or category.
        """
        for item in self.partials:
            if item.variable == variable and item.category == category:
                return item
        raise LookupError((variable, category))

    def to_dict(self) -> dict[str, Any]:
        """The indicator as JSON-ready data."""
        return {
            "value": self.value,
            "sd": self.sd,
            "mean_propensity": self.mean_propensity,
            "max_bias": self.max_bias,
            "n": self.n,
            "adjusted": self.adjusted,
            "interval": None if self.interval is None else list(self.interval),
            "partials": [p.to_dict() for p in self.partials],
        }


@frozen(kw_only=True)
class EarlyLateRow:
    """A survey indicator among early and late respondents (late ones resemble the
    non-respondents more, on the continuum-of-resistance reading).

    Attributes:
        indicator: The indicator's name.
        early_n: Early respondents with an answer.
        early: Their share (``None`` without any).
        late_n: Late respondents with an answer.
        late: Their share.
        difference: Newcombe's difference late − early, with its interval.
    """

    indicator: str
    early_n: int
    early: float | None
    late_n: int
    late: float | None
    difference: Difference | None

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        d = self.difference
        return {
            "indicator": self.indicator,
            "early_n": self.early_n,
            "early": self.early,
            "late_n": self.late_n,
            "late": self.late,
            "difference": None if d is None else d.estimate,
            "difference_low": None if d is None else d.low,
            "difference_high": None if d is None else d.high,
        }


@frozen(kw_only=True)
class AttritionRow:
    """One wave of the originally placed cohort (placements whose last wave is due).

    Attributes:
        wave: The wave, in months.
        cohort: Placements in the original cohort.
        respondents: Those that responded at this wave.
        rate: respondents ÷ cohort.
        interval: Wilson's interval of the rate.
        retained: Those that responded at this and every earlier wave.
        retention: retained ÷ cohort.
        dissimilarity: Variable → ½ Σ_k |respondent share − cohort share| (the share of
            respondents that would have to change category to look like the cohort).
    """

    wave: int
    cohort: int
    respondents: int
    rate: float | None
    interval: Interval | None
    retained: int
    retention: float | None
    dissimilarity: Mapping[str, float | None]

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {
            "wave": self.wave,
            "cohort": self.cohort,
            "respondents": self.respondents,
            "rate": self.rate,
            "low": _low(self.interval),
            "high": _high(self.interval),
            "retained": self.retained,
            "retention": self.retention,
            **{f"dissimilarity_{k}": v for k, v in self.dissimilarity.items()},
        }


@frozen(kw_only=True)
class WeightStep:
    """The respondents' weights after one step of the weight chain.

    Attributes:
        step: ``"base"``, ``"nonresponse"``, ``"raking"`` or ``"trimming"``.
        n: Respondents.
        total: Σ w.
        minimum: Smallest weight.
        maximum: Largest weight.
        cv: Coefficient of variation of the weights (standard deviation with divisor n, over
            the mean).
        deff: Kish's design effect from weighting, 1 + CV² = n Σw² / (Σw)².
        effective_n: n / deff = (Σw)² / Σw².
        margin_error: Largest |Σ_{i in k} w_i − T_k| / T_k over the raking margins.
        note: What the step did, in words.
    """

    step: str
    n: int
    total: float
    minimum: float
    maximum: float
    cv: float
    deff: float
    effective_n: float
    margin_error: float
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The step as JSON-ready data (``None`` for a figure that does not exist)."""
        return {
            key: None if isinstance(value, float) and math.isnan(value) else value
            for key, value in attrs.asdict(self).items()
        }


@frozen(kw_only=True)
class IndicatorComparison:
    """A survey indicator unweighted and weighted, and which one to publish.

    Attributes:
        indicator: ``"satisfaction_share"`` or ``"still_employed_share"``.
        n: Respondents with an answer.
        unweighted: The plain share.
        unweighted_interval: Its Wilson interval.
        standard_error: √(p(1 − p)/n) of the unweighted share.
        weighted: The weighted (Hájek) share with the final weights.
        weighted_interval: Wilson's interval on Kish's effective n.
        effective_n: Kish's effective n of the weights of these respondents.
        shift: weighted − unweighted.
        publish: ``"weighted"`` or ``"unweighted"`` by the dossier's rule.
        reason: Why, in words.
    """

    indicator: str
    n: int
    unweighted: float | None
    unweighted_interval: Interval | None
    standard_error: float | None
    weighted: float | None
    weighted_interval: Interval | None
    effective_n: float | None
    shift: float | None
    publish: Literal["weighted", "unweighted"]
    reason: str

    @property
    def published(self) -> float | None:
        """The value the rule publishes."""
        return self.weighted if self.publish == "weighted" else self.unweighted

    def to_dict(self) -> dict[str, Any]:
        """The comparison as JSON-ready data."""
        return {
            "indicator": self.indicator,
            "n": self.n,
            "unweighted": self.unweighted,
            "unweighted_low": _low(self.unweighted_interval),
            "unweighted_high": _high(self.unweighted_interval),
            "standard_error": self.standard_error,
            "weighted": self.weighted,
            "weighted_low": _low(self.weighted_interval),
            "weighted_high": _high(self.weighted_interval),
            "effective_n": self.effective_n,
            "shift": self.shift,
            "publish": self.publish,
            "published": self.published,
            "reason": self.reason,
        }


@frozen(kw_only=True)
class SurveyWeights:
    """Survey weights built from the caseload (:func:`weights_for`).

    Attributes:
        weights: Response id → final weight, for the respondents among the cases given.
        base_weights: Response id → base weight, for the other cases given (non-respondents,
            cases not eligible).
        steps: Wave → the weight chain's steps (:class:`WeightStep`).
        parameters: Settings used.
    """

    weights: Mapping[str, float]
    base_weights: Mapping[str, float]
    steps: Mapping[int, tuple[WeightStep, ...]]
    parameters: Mapping[str, Any] = field(factory=dict, hash=False)

    def weight(self, response_id: str) -> float:
        """The weight of a case given to :func:`weights_for` (final for a respondent, base
        otherwise).

        Raises:
            LookupError: the case was not given.
        """
        if response_id in self.weights:
            return self.weights[response_id]
        return self.base_weights[response_id]

    def apply(self, caseload: Caseload) -> Caseload:
        """*caseload* with these weights set on its survey cases (the cases not given keep
        theirs), ready for the weighted indicators."""
        changed = [
            attrs.evolve(r, weight=self.weight(r.id))
            if r.id in self.weights or r.id in self.base_weights
            else r
            for r in caseload.responses
        ]
        return caseload.replace(responses=changed)

    def to_dict(self) -> dict[str, Any]:
        """The weights as JSON-ready data."""
        return {
            "weights": dict(self.weights),
            "base_weights": dict(self.base_weights),
            "steps": {str(w): [s.to_dict() for s in steps] for w, steps in self.steps.items()},
            "parameters": _jsonable(dict(self.parameters)),
        }

    def to_json(self) -> str:
        """The weights as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)


_PARTS = ("comparison", "partials", "early_late", "attrition", "weights", "indicators")


@frozen(kw_only=True)
class NonresponseReport:
    """The non-response dossier of one follow-up wave (:func:`nonresponse_report`).

    Attributes:
        wave: The wave, in months.
        as_of: The date the cohort refers to.
        cohort: Placements of the cohort in scope (their wave due by *as_of*, not known to be
            ineligible).
        respondents: Respondents among them.
        response_rate: respondents ÷ cohort.
        statuses: Final status → count over the whole cohort (``"no_case"``: due but no case
            recorded; ``"not_eligible"`` cases are counted here and nowhere else).
        comparison: Respondents against the cohort, per variable and category.
        model: The response-propensity model.
        r_indicator: The R-indicator with its partial R-indicators.
        early_late: Early against late respondents on the survey indicators.
        late_after_days: Respondents interviewed more than this many days after the due date
            count as late.
        attrition: The originally placed cohort across the waves.
        weight_steps: The weight chain, step by step.
        indicators: The survey indicators unweighted and weighted, and which to publish.
        rule: The publication rule, in words.
        notes: What the dossier had to do (pooled categories, trimmed weights, ...).
        parameters: Settings used.
    """

    wave: int
    as_of: date
    cohort: int
    respondents: int
    response_rate: float | None
    statuses: Mapping[str, int]
    comparison: tuple[ShareRow, ...]
    model: PropensityModel | None
    r_indicator: RIndicator | None
    early_late: tuple[EarlyLateRow, ...]
    late_after_days: float | None
    attrition: tuple[AttritionRow, ...]
    weight_steps: tuple[WeightStep, ...]
    indicators: tuple[IndicatorComparison, ...]
    rule: str
    notes: tuple[str, ...] = ()
    parameters: Mapping[str, Any] = field(factory=dict, hash=False)

    @checked
    def indicator(self, name: str) -> IndicatorComparison:
        """The comparison of indicator *name*.

        Raises:
            LookupError: no such indicator.
        """
        for item in self.indicators:
            if item.indicator == name:
                return item
        raise LookupError(name)

    @checked
    def step(self, name: str) -> WeightStep:
        """The weight chain's step *name* (``"base"``, ``"nonresponse"``, ``"raking"``,
        ``"trimming"``).

        Raises:
            LookupError: no such step.
        """
        for item in self.weight_steps:
            if item.step == name:
                return item
        raise LookupError(name)

    @checked
    def to_rows(self, part: str = "comparison") -> list[dict[str, Any]]:
        """One part of the dossier as a list of dicts: ``"comparison"``, ``"partials"``,
        ``"early_late"``, ``"attrition"``, ``"weights"`` or ``"indicators"``.

        Raises:
            InvalidInputError: an unknown part.
        """
        if part == "comparison":
            return [row.to_dict() for row in self.comparison]
        if part == "partials":
            return (
                [] if self.r_indicator is None else [p.to_dict() for p in self.r_indicator.partials]
            )
        if part == "early_late":
            return [row.to_dict() for row in self.early_late]
        if part == "attrition":
            return [row.to_dict() for row in self.attrition]
        if part == "weights":
            return [row.to_dict() for row in self.weight_steps]
        if part == "indicators":
            return [row.to_dict() for row in self.indicators]
        msg = f"'part' must be one of {', '.join(map(repr, _PARTS))}, got {part!r}"
        raise InvalidInputError("part", msg)

    @checked
    def to_frame(self, part: str = "comparison") -> Any:
        """One part (see :meth:`to_rows`) as a :class:`pandas.DataFrame` (the ``pandas``
        extra)."""
        rows = self.to_rows(part)
        pandas = importlib.import_module("pandas")  # the optional extra, imported when used
        return pandas.DataFrame(rows)

    @checked
    def to_dict(self) -> dict[str, Any]:
        """The whole dossier as JSON-ready data (``None`` for a figure that does not exist)."""
        data = {
            "wave": self.wave,
            "as_of": self.as_of.isoformat(),
            "cohort": self.cohort,
            "respondents": self.respondents,
            "response_rate": self.response_rate,
            "statuses": dict(self.statuses),
            "model": None if self.model is None else self.model.to_dict(),
            "r_indicator": None if self.r_indicator is None else self.r_indicator.to_dict(),
            "late_after_days": self.late_after_days,
            **{part: self.to_rows(part) for part in _PARTS if part != "partials"},
            "rule": self.rule,
            "notes": list(self.notes),
            "parameters": dict(self.parameters),
        }
        result: dict[str, Any] = _jsonable(data)
        return result

    @checked
    def to_json(self) -> str:
        """The whole dossier as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)


def _low(interval: Interval | None) -> float | None:
    return None if interval is None else interval.low


def _high(interval: Interval | None) -> float | None:
    return None if interval is None else interval.high


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN or infinity: a figure that does not exist
    return value


# --- the R-indicator from propensities --------------------------------------------------------


@checked
def r_indicator(
    propensities: Sequence[float],
    variables: Mapping[str, Sequence[Hashable]] | None = None,
    weights: Sequence[float] | None = None,
    *,
    variances: Sequence[float] | None = None,
) -> RIndicator:
    """The R-indicator of estimated response propensities, with partial R-indicators.

    R = 1 − 2 S(ρ̂), S² = Σ d_i (ρ̂_i − ρ̄)² / (Σ d_i − 1), ρ̄ = Σ d_i ρ̂_i / Σ d_i, with design
    weights d (all 1 for a census such as a follow-up of every placement). The maximal absolute
    bias bound is (1 − R)/(2ρ̄). For each variable Z of *variables* (the model's variables),
    the unconditional partial P_U(Z) is the between-category standard deviation and the
    conditional partial P_C(Z) the within-cell standard deviation given the cross-classification
    of the other variables (see :class:`PartialR`). Sources: Schouten, Cobben & Bethlehem
    (2009); Schouten, Shlomo & Skinner (2011).

    Args:
        propensities: ρ̂_i in [0, 1], one per unit of the sample (respondents and not).
        variables: Variable → the category of every unit, for the partial indicators.
        weights: Design weights d_i (positive); all 1 when omitted.
        variances: The estimated variance of each ρ̂_i, for the bias-adjusted R
            (:attr:`RIndicator.adjusted`; unweighted units only).

    Raises:
        InvalidInputError: fewer than two units, a propensity outside [0, 1], bad weights or
            variables of the wrong length.

    >>> r = r_indicator([0.5, 0.5, 0.9, 0.9], {"sex": ["f", "f", "m", "m"]})
    >>> round(r.value, 6), round(r.partial("sex").unconditional, 6)
    (0.53812, 0.23094)
    """
    rho = [float(p) for p in propensities]
    n = len(rho)
    if n < 2:
        msg = f"'propensities' must hold at least two units, got {n}"
        raise InvalidInputError("propensities", msg)
    for index, p in enumerate(rho):
        if not 0.0 <= p <= 1.0:
            msg = f"'propensities' must lie in [0, 1], got {propensities[index]!r} at {index}"
            raise InvalidInputError("propensities", msg)
    if weights is None:
        d = [1.0] * n
    else:
        d = [float(w) for w in weights]
        if len(d) != n:
            msg = f"'weights' must have one weight per unit ({n}), got {len(d)}"
            raise InvalidInputError("weights", msg)
        if any(not (math.isfinite(w) and w > 0.0) for w in d):
            msg = "'weights' must be finite and positive"
            raise InvalidInputError("weights", msg)
    total = math.fsum(d)
    if total <= 1.0:
        msg = f"'weights' must add up to more than 1, got {total}"
        raise InvalidInputError("weights", msg)
    mean = math.fsum(w * p for w, p in zip(d, rho, strict=True)) / total
    scale = total - 1.0
    sd = math.sqrt(math.fsum(w * (p - mean) ** 2 for w, p in zip(d, rho, strict=True)) / scale)
    value = 1.0 - 2.0 * sd
    adjusted = None
    if variances is not None:
        v = [float(x) for x in variances]
        if len(v) != n or any(not (math.isfinite(x) and x >= 0.0) for x in v):
            msg = f"'variances' must be {n} finite numbers of at least 0"
            raise InvalidInputError("variances", msg)
        bias = (math.fsum(v) - math.fsum(p * (1.0 - p) for p in rho) / n) / (n - 1)
        adjusted = 1.0 - 2.0 * math.sqrt(max(0.0, sd * sd - bias))
    partials: list[PartialR] = []
    chosen = dict(variables or {})
    for name, labels in chosen.items():
        if len(labels) != n:
            msg = f"'variables' {name!r} must have one category per unit ({n}), got {len(labels)}"
            raise InvalidInputError("variables", msg)
    for name, labels in chosen.items():
        # between categories of Z
        sums: dict[Hashable, list[float]] = {}
        for w, p, label in zip(d, rho, labels, strict=True):
            acc = sums.setdefault(label, [0.0, 0.0])
            acc[0] += w
            acc[1] += w * p
        # cells of the other variables
        others = [chosen[o] for o in chosen if o != name]
        cells: dict[tuple[Hashable, ...], list[float]] = {}
        keys = [tuple(column[i] for column in others) for i in range(n)]
        for w, p, key in zip(d, rho, keys, strict=True):
            acc = cells.setdefault(key, [0.0, 0.0])
            acc[0] += w
            acc[1] += w * p
        within: dict[Hashable, float] = dict.fromkeys(sums, 0.0)
        for w, p, key, label in zip(d, rho, keys, labels, strict=True):
            cell_mean = cells[key][1] / cells[key][0]
            within[label] += w * (p - cell_mean) ** 2
        categories = sorted(sums, key=str)
        between = math.fsum(sums[k][0] * (sums[k][1] / sums[k][0] - mean) ** 2 for k in categories)
        partials.append(
            PartialR(
                variable=name,
                category=None,
                unconditional=math.sqrt(between / scale),
                conditional=math.sqrt(math.fsum(within.values()) / scale),
            )
        )
        for k in categories:
            size, weighted = sums[k]
            partials.append(
                PartialR(
                    variable=name,
                    category=str(k),
                    unconditional=math.sqrt(size / scale) * (weighted / size - mean),
                    conditional=math.sqrt(within[k] / scale),
                )
            )
    return RIndicator(
        value=value,
        sd=sd,
        mean_propensity=mean,
        max_bias=(sd / mean) if mean > 0.0 else math.inf,
        n=n,
        adjusted=adjusted,
        partials=tuple(partials),
    )


# --- a small logistic regression (IRLS) -------------------------------------------------------


def _cholesky(a: list[list[float]]) -> list[list[float]] | None:
    """The lower Cholesky factor of a symmetric positive definite matrix, or None."""
    size = len(a)
    low = [[0.0] * size for _ in range(size)]
    for i in range(size):
        for j in range(i + 1):
            s = a[i][j] - math.fsum(low[i][k] * low[j][k] for k in range(j))
            if i == j:
                if s <= 0.0:
                    return None
                low[i][i] = math.sqrt(s)
            else:
                low[i][j] = s / low[j][j]
    return low


def _solve(low: list[list[float]], b: list[float]) -> list[float]:
    size = len(b)
    y = [0.0] * size
    for i in range(size):
        y[i] = (b[i] - math.fsum(low[i][k] * y[k] for k in range(i))) / low[i][i]
    x = [0.0] * size
    for i in reversed(range(size)):
        x[i] = (y[i] - math.fsum(low[k][i] * x[k] for k in range(i + 1, size))) / low[i][i]
    return x


def _expit(eta: float) -> float:
    if eta >= 0.0:
        return 1.0 / (1.0 + math.exp(-eta))
    e = math.exp(eta)
    return e / (1.0 + e)


def _gram(rows: Sequence[Sequence[int]], weights: Sequence[float], size: int) -> list[list[float]]:
    """X' W X for a binary design given as the active columns of each row."""
    gram = [[0.0] * size for _ in range(size)]
    for active, w in zip(rows, weights, strict=True):
        for a in active:
            row = gram[a]
            for b in active:
                row[b] += w
    return gram


def _independent_columns(rows: Sequence[Sequence[int]], size: int) -> list[int]:
    """The columns (in order) that are not linear combinations of earlier kept ones."""
    gram = _gram(rows, [1.0] * len(rows), size)
    kept: list[int] = []
    for j in range(size):
        trial = [*kept, j]
        sub = [[gram[a][b] for b in trial] for a in trial]
        factor = _cholesky(sub)
        if factor is not None and factor[-1][-1] ** 2 > 1e-9 * max(gram[j][j], 1.0):
            kept.append(j)
    return kept


def _fit_logistic(
    rows: Sequence[Sequence[int]], y: Sequence[int], size: int, *, max_iterations: int = 100
) -> tuple[list[float], list[float], int, bool, list[float], list[float]]:
    """Newton-Raphson (IRLS) for a logistic model on a binary design.

    Stops when the largest coefficient change is below 1e-10 or the deviance changes by less
    than 1e-12 of itself (a separated category: its coefficient drifts, its fitted value is
    already 0 or 1). Returns coefficients, standard errors, iterations, converged, fitted
    probabilities and the delta-method variance of each fitted probability,
    (ρ̂(1 − ρ̂))² x' (X'WX)⁻¹ x.
    """
    beta = [0.0] * size
    mean_y = sum(y) / len(y)
    beta[0] = math.log(mean_y / (1.0 - mean_y))
    iterations = 0
    converged = False
    fitted = [mean_y] * len(y)
    deviance = _deviance(y, fitted)
    while iterations < max_iterations:
        iterations += 1
        weights = [m * (1.0 - m) for m in fitted]
        low = _cholesky(_gram(rows, weights, size))
        if low is None:
            break
        score = [0.0] * size
        for active, yi, m in zip(rows, y, fitted, strict=True):
            for a in active:
                score[a] += yi - m
        step = _solve(low, score)
        beta = [b + s for b, s in zip(beta, step, strict=True)]
        fitted = [_expit(math.fsum(beta[a] for a in active)) for active in rows]
        previous, deviance = deviance, _deviance(y, fitted)
        if max(abs(s) for s in step) < 1e-10 or abs(previous - deviance) <= 1e-12 * deviance:
            converged = True
            break
    weights = [m * (1.0 - m) for m in fitted]
    low = _cholesky(_gram(rows, weights, size))
    errors = [math.nan] * size
    variances = [math.nan] * len(y)
    if low is not None:
        inverse = []
        for j in range(size):
            unit = [0.0] * size
            unit[j] = 1.0
            inverse.append(_solve(low, unit))
        errors = [math.sqrt(max(0.0, inverse[j][j])) for j in range(size)]
        variances = [
            w * w * math.fsum(inverse[a][b] for a in active for b in active)
            for active, w in zip(rows, weights, strict=True)
        ]
    return beta, errors, iterations, converged, fitted, variances


def _deviance(y: Sequence[int], fitted: Sequence[float]) -> float:
    return -2.0 * math.fsum(
        math.log(max(m, 1e-300)) if yi else math.log(max(1.0 - m, 1e-300))
        for yi, m in zip(y, fitted, strict=True)
    )


def _c_statistic(y: Sequence[int], p: Sequence[float]) -> float:
    positives = sum(y)
    negatives = len(y) - positives
    if positives == 0 or negatives == 0:
        return math.nan
    ranks = rank(p, ties="average", descending=False)
    total = math.fsum(r for r, v in zip(ranks, y, strict=True) if v)
    return (total - positives * (positives + 1) / 2.0) / (positives * negatives)


def _propensity_model(
    labels: Mapping[str, Sequence[str]], y: Sequence[int]
) -> tuple[PropensityModel, list[float], list[float] | None]:
    columns = ["const"]
    column_of: dict[tuple[str, str], int] = {}
    for name, values in labels.items():
        counts = Counter(values)
        reference = max(sorted(counts), key=lambda k: counts[k])
        for level in sorted(counts):
            if level != reference:
                column_of[(name, level)] = len(columns)
                columns.append(f"{name}[{level}]")
    rows = [
        [
            0,
            *(
                column_of[(name, values[i])]
                for name, values in labels.items()
                if (name, values[i]) in column_of
            ),
        ]
        for i in range(len(y))
    ]
    kept = _independent_columns(rows, len(columns))
    dropped = tuple(
        (columns[j], "collinear with earlier columns") for j in range(len(columns)) if j not in kept
    )
    position = {j: i for i, j in enumerate(kept)}
    rows = [[position[a] for a in active if a in position] for active in rows]
    names = [columns[j] for j in kept]
    notes: list[str] = []
    respondents = sum(y)
    if respondents in (0, len(y)):
        fitted = [float(respondents / len(y))] * len(y)
        model = PropensityModel(
            variables=tuple(labels),
            columns=("const",),
            coefficients={"const": math.inf if respondents else -math.inf},
            standard_errors={"const": math.nan},
            n=len(y),
            respondents=respondents,
            iterations=0,
            converged=True,
            deviance=0.0,
            c_statistic=math.nan,
            dropped=dropped,
            notes=("everyone or no one responded: every propensity is the response rate",),
        )
        return model, fitted, None
    beta, errors, iterations, converged, fitted, variances = _fit_logistic(rows, y, len(names))
    if not converged:
        notes.append(f"the propensity model did not converge in {iterations} iterations")
    if max(abs(b) for b in beta) > 15.0:
        notes.append(
            "a category responded all or not at all (separation): its propensity is near 0 or 1"
        )
    deviance = _deviance(y, fitted)
    model = PropensityModel(
        variables=tuple(labels),
        columns=tuple(names),
        coefficients=dict(zip(names, beta, strict=True)),
        standard_errors=dict(zip(names, errors, strict=True)),
        n=len(y),
        respondents=respondents,
        iterations=iterations,
        converged=converged,
        deviance=deviance,
        c_statistic=_c_statistic(y, fitted),
        dropped=dropped,
        notes=tuple(notes),
    )
    return model, fitted, variances


# --- the cohort of a wave ---------------------------------------------------------------------


@frozen(kw_only=True)
class _Unit:
    placement: Placement
    due: date
    status: str
    category: str
    case: SurveyResponse | None
    labels: Mapping[str, str]
    base_weight: float


def _case_at(responses: Sequence[SurveyResponse], wave: int) -> SurveyResponse | None:
    """The case of a wave: a complete or partial interview if any, else a final case (refusal,
    not eligible), else the latest failed attempt (the rule of :func:`follow_ups_due`)."""
    return _case_for(responses, wave)


def _wage_band(placement: Placement) -> str:
    wage = placement.monthly_wage
    if wage is None or wage.currency != "CNY":
        return _UNKNOWN
    amount = wage.amount
    for low, high, label in WAGE_BANDS:
        if (low is None or amount >= Decimal(low)) and (high is None or amount < Decimal(high)):
            return label
    return _UNKNOWN  # pragma: no cover - the bands cover every amount


def _labeller(caseload: Caseload) -> Callable[[Placement, str], str]:
    """Each placement's label of a variable, worked out once per placement and variable
    (a report's cohorts of every wave share them)."""
    veterans: dict[str, Any] = {}
    employers: dict[str, Any] = {}
    done: dict[tuple[str, str], str] = {}

    def label(placement: Placement, name: str) -> str:
        key = (placement.id, name)
        found = done.get(key)
        if found is None:
            found = done[key] = work_out(placement, name)
        return found

    def work_out(placement: Placement, name: str) -> str:
        if name in ("contract", "wage_band"):
            if name == "wage_band":
                return _wage_band(placement)
            return _UNKNOWN if placement.contract is None else placement.contract.value
        if name == "employer_size":
            if placement.employer_id not in employers:
                try:
                    employers[placement.employer_id] = caseload.employer(placement.employer_id)
                except LookupError:
                    employers[placement.employer_id] = None
            employer = employers[placement.employer_id]
            size = None if employer is None else employer.size
            return _UNKNOWN if size is None else size.value
        if placement.veteran_id not in veterans:
            try:
                veterans[placement.veteran_id] = caseload.veteran(placement.veteran_id)
            except LookupError:
                veterans[placement.veteran_id] = None
        veteran = veterans[placement.veteran_id]
        if veteran is None:
            return _UNKNOWN
        if name == "age_band":
            return age_band(veteran.age(on=placement.started_on)) or _UNKNOWN
        if name == "sex":
            return str(veteran.sex.value)
        if name == "education":
            return _UNKNOWN if veteran.education is None else veteran.education.name.lower()
        return str(veteran.region)

    return label


def _cohort(
    caseload: Caseload,
    wave: int,
    as_of: date,
    between: tuple[date, date] | None,
    names: Sequence[str],
    base_weights: Mapping[str, float] | None,
    label: Callable[[Placement, str], str],
) -> list[_Unit]:
    units = []
    for placement in caseload.placements:
        if placement.started_on > as_of:
            continue
        if between is not None and not between[0] <= placement.started_on <= between[1]:
            continue
        due = add_months(placement.started_on, wave)
        if due is None or due > as_of:
            continue
        case = _case_at(caseload.responses_about(placement.id), wave)
        status = _NO_CASE if case is None else case.disposition.value
        if status == Disposition.NOT_ELIGIBLE.value:
            category = "ineligible"
        elif status in _CATEGORIES:
            category = _CATEGORIES[status]
        else:  # pragma: no cover - every disposition is mapped; a new one must be too
            msg = (
                f"case {case.id if case else None!r} has disposition {status!r}, which the "
                "non-response dossier does not map to respondent, non-respondent or not eligible"
            )
            raise InvalidInputError("caseload", msg)
        weight = 1.0 if base_weights is None else base_weights.get(placement.id, 1.0)
        units.append(
            _Unit(
                placement=placement,
                due=due,
                status=status,
                category=category,
                case=case,
                labels={name: label(placement, name) for name in names},
                base_weight=weight,
            )
        )
    return units


# --- the weight chain -------------------------------------------------------------------------


def _step(
    name: str,
    weights: Sequence[float],
    margins: Mapping[str, Sequence[Hashable]],
    targets: Mapping[str, Mapping[Hashable, float]],
    note: str,
) -> WeightStep:
    n = len(weights)
    total = math.fsum(weights)
    if n == 0 or total <= 0.0:
        return WeightStep(
            step=name,
            n=n,
            total=total,
            minimum=math.nan,
            maximum=math.nan,
            cv=math.nan,
            deff=math.nan,
            effective_n=0.0,
            margin_error=math.nan,
            note=note,
        )
    squares = math.fsum(w * w for w in weights)
    deff = n * squares / total**2
    cv = math.sqrt(max(0.0, deff - 1.0))
    worst = 0.0
    for variable, labels in margins.items():
        sums: dict[Hashable, float] = dict.fromkeys(targets[variable], 0.0)
        for w, k in zip(weights, labels, strict=True):
            sums[k] = sums.get(k, 0.0) + w
        for k, t in targets[variable].items():
            worst = max(worst, abs(sums[k] - t) / t if t > 0.0 else abs(sums[k]))
    return WeightStep(
        step=name,
        n=n,
        total=total,
        minimum=min(weights),
        maximum=max(weights),
        cv=cv,
        deff=deff,
        effective_n=total**2 / squares,
        margin_error=worst,
        note=note,
    )


def _pool_small(
    labels: Sequence[str], responding: Sequence[bool], minimum: int
) -> tuple[list[str], list[str]]:
    """Categories with fewer than *minimum* respondents pooled into one; if the pool still has
    too few, it joins the largest category. Returns the new labels and the pooled names."""
    counts = Counter(k for k, r in zip(labels, responding, strict=True) if r)
    small = sorted({k for k in labels if counts.get(k, 0) < minimum})
    if not small:
        return list(labels), []
    pooled = sum(counts.get(k, 0) for k in small)
    target = _POOLED
    if pooled < minimum:
        large = [k for k in counts if k not in small]
        if large:
            target = max(sorted(large), key=lambda k: counts[k])
    chosen = set(small)
    return [target if k in chosen else k for k in labels], small


def _trim(weights: list[float], ratio: float) -> tuple[list[float], int]:
    """Cap weights at *ratio* × their mean, spreading the excess over the uncapped ones (total
    kept), until none exceeds the cap."""
    total = math.fsum(weights)
    cap = ratio * total / len(weights)
    current = list(weights)
    capped: set[int] = set()
    for _ in range(100):
        over = [i for i, w in enumerate(current) if w > cap * (1.0 + 1e-12) and i not in capped]
        if not over:
            break
        capped.update(over)
        free = [i for i in range(len(current)) if i not in capped]
        free_total = math.fsum(current[i] for i in free)
        if free_total <= 0.0:
            break
        remaining = total - cap * len(capped)
        factor = remaining / free_total
        for i in capped:
            current[i] = cap
        for i in free:
            current[i] *= factor
    return current, len(capped)


@frozen(kw_only=True)
class _Chain:
    units: tuple[_Unit, ...]
    scope: tuple[_Unit, ...]
    fitted: tuple[float, ...]
    variances: tuple[float, ...] | None
    model: PropensityModel | None
    steps: tuple[WeightStep, ...]
    final: Mapping[str, float]  # placement id → final weight, respondents only
    notes: tuple[str, ...]


def _chain(
    caseload: Caseload,
    wave: int,
    *,
    as_of: date,
    between: tuple[date, date] | None,
    variables: tuple[str, ...],
    adjustment: NonresponseAdjustment,
    classes: tuple[str, ...],
    propensity_classes: int,
    rake_to: tuple[str, ...],
    trim: float | None,
    min_cell: int,
    base_weights: Mapping[str, float] | None,
    label: Callable[[Placement, str], str] | None = None,
) -> _Chain:
    label = _labeller(caseload) if label is None else label
    names = tuple(dict.fromkeys((*variables, *classes, *rake_to)))
    units = _cohort(caseload, wave, as_of, between, names, base_weights, label)
    scope = [u for u in units if u.category != "ineligible"]
    notes: list[str] = []
    if not scope:
        return _Chain(
            units=tuple(units),
            scope=(),
            fitted=(),
            variances=None,
            model=None,
            steps=(),
            final={},
            notes=(),
        )
    y = [1 if u.category == "respondent" else 0 for u in scope]
    model: PropensityModel | None = None
    fitted: list[float] = []
    variances: list[float] | None = None
    if variables:
        model, fitted, variances = _propensity_model(
            {v: [u.labels[v] for u in scope] for v in variables}, y
        )
        notes.extend(model.notes)
    responding = [bool(v) for v in y]
    resp_index = [i for i, r in enumerate(responding) if r]
    # raking margins: the cohort's totals, small categories pooled
    margins_all: dict[str, list[str]] = {}
    targets: dict[str, dict[Hashable, float]] = {}
    for v in rake_to:
        labels, pooled = _pool_small([u.labels[v] for u in scope], responding, min_cell)
        if pooled:
            notes.append(
                f"raking on {v}: categories with fewer than {min_cell} respondents pooled "
                f"({', '.join(pooled)})"
            )
        margins_all[v] = labels
        sums: dict[Hashable, float] = {}
        for u, k in zip(scope, labels, strict=True):
            sums[k] = sums.get(k, 0.0) + u.base_weight
        targets[v] = sums
    margins = {v: [labels[i] for i in resp_index] for v, labels in margins_all.items()}
    base = [scope[i].base_weight for i in resp_index]
    steps = [_step("base", base, margins, targets, "base weights (1: every placement followed up)")]
    if not resp_index:
        return _Chain(
            units=tuple(units),
            scope=tuple(scope),
            fitted=tuple(fitted),
            variances=None if variances is None else tuple(variances),
            model=model,
            steps=tuple(steps),
            final={},
            notes=(*notes, "no respondent: no weights"),
        )
    statuses = [u.status for u in scope]
    all_base = [u.base_weight for u in scope]
    if adjustment == "propensity":
        if not fitted:
            msg = "'adjustment' 'propensity' needs at least one variable in 'variables'"
            raise InvalidInputError("adjustment", msg)
        adjusted = [scope[i].base_weight / fitted[i] for i in resp_index]
        note = "base weight ÷ estimated response propensity"
    else:
        if adjustment == "propensity_class":
            if not fitted:
                msg = "'adjustment' 'propensity_class' needs at least one variable in 'variables'"
                raise InvalidInputError("adjustment", msg)
            order = sorted(range(len(scope)), key=lambda i: (fitted[i], i))
            group = [0] * len(scope)
            for position, i in enumerate(order):
                group[i] = position * propensity_classes // len(scope)
            cells: list[str] = [f"q{g + 1}" for g in group]
            note = f"within {propensity_classes} classes of equal size by estimated propensity"
        else:
            cells = ["|".join(u.labels[c] for c in classes) for u in scope]
            note = f"within weighting classes of {' × '.join(classes)}"
        cells, pooled = _pool_small(cells, responding, min_cell)
        if pooled:
            notes.append(
                f"non-response classes with fewer than {min_cell} respondents pooled "
                f"({len(pooled)} classes)"
            )
        result = weighting_class_adjustment(statuses, cells, all_base, categories=_CATEGORIES)
        adjusted = [result.weights[i] for i in resp_index]
    steps.append(_step("nonresponse", adjusted, margins, targets, note))
    current = adjusted
    if rake_to:
        raked = rake(current, margins, targets)
        current = list(raked.weights)
        steps.append(
            _step(
                "raking",
                current,
                margins,
                targets,
                f"raked to the cohort's margins of {', '.join(rake_to)} "
                f"({raked.iterations} iterations)",
            )
        )
    if trim is not None:
        current, count = _trim(list(current), trim)
        steps.append(
            _step(
                "trimming",
                current,
                margins,
                targets,
                f"{count} weight(s) capped at {trim:g} × the mean weight, the excess spread "
                "over the others",
            )
        )
    final = {scope[i].placement.id: w for i, w in zip(resp_index, current, strict=True)}
    return _Chain(
        units=tuple(units),
        scope=tuple(scope),
        fitted=tuple(fitted),
        variances=None if variances is None else tuple(variances),
        model=model,
        steps=tuple(steps),
        final=MappingProxyType(final),
        notes=tuple(notes),
    )


def _check_settings(
    variables: Sequence[str],
    adjustment: str,
    classes: Sequence[str],
    propensity_classes: int,
    rake_to: Sequence[str],
    trim: float | None,
    min_cell: int,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    chosen = []
    for argument, names in (("variables", variables), ("classes", classes), ("rake_to", rake_to)):
        items = (names,) if isinstance(names, str) else tuple(names)
        for name in items:
            if name not in NONRESPONSE_VARIABLES:
                msg = (
                    f"{argument!r} must name variables from {NONRESPONSE_VARIABLES!r}, got {name!r}"
                )
                raise InvalidInputError(argument, msg)
        if len(set(items)) != len(items):
            msg = f"{argument!r} must not repeat a variable, got {list(items)!r}"
            raise InvalidInputError(argument, msg)
        chosen.append(items)
    if adjustment not in ("propensity_class", "propensity", "class"):
        msg = (
            f"'adjustment' must be 'propensity_class', 'propensity' or 'class', got {adjustment!r}"
        )
        raise InvalidInputError("adjustment", msg)
    if adjustment == "class" and not chosen[1]:
        msg = "'classes' must name at least one variable when 'adjustment' is 'class'"
        raise InvalidInputError("classes", msg)
    whole_number(propensity_classes, "propensity_classes", least=1)
    whole_number(min_cell, "min_cell", least=1)
    if trim is not None and (
        isinstance(trim, bool) or not isinstance(trim, int | float) or not trim > 1.0
    ):
        msg = (
            f"'trim' must be a number above 1 (a multiple of the mean weight) or None, got {trim!r}"
        )
        raise InvalidInputError("trim", msg)
    return chosen[0], chosen[1], chosen[2]


def _as_of(caseload: Caseload, as_of: date | None) -> date:
    if as_of is None:
        latest = data_cutoff(caseload)
        return date.min if latest is None else latest
    checked: object = as_of
    if not isinstance(checked, date):
        msg = f"'as_of' must be a date, got {as_of!r}"
        raise InvalidInputError("as_of", msg)
    return as_of


def _base_weights(base_weights: Mapping[str, float] | None) -> Mapping[str, float] | None:
    if base_weights is None:
        return None
    for key, value in base_weights.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            msg = f"'base_weights' must map placement ids to numbers, got {value!r} for {key!r}"
            raise InvalidInputError("base_weights", msg)
        if not (math.isfinite(value) and value > 0.0):
            msg = f"'base_weights' must be finite and positive, got {value!r} for {key!r}"
            raise InvalidInputError("base_weights", msg)
    return base_weights


# --- weights for any follow-up cases ----------------------------------------------------------


@checked
@without_gc_pauses
def weights_for(
    responses: Sequence[SurveyResponse],
    caseload: Caseload,
    *,
    as_of: date | None = None,
    variables: Sequence[str] = _DEFAULT_VARIABLES,
    adjustment: NonresponseAdjustment = "propensity_class",
    classes: Sequence[str] = _DEFAULT_CLASSES,
    propensity_classes: int = 5,
    rake_to: Sequence[str] = _DEFAULT_RAKE,
    trim: float | None = 5.0,
    min_cell: int = 10,
    base_weights: Mapping[str, float] | None = None,
) -> SurveyWeights:
    """Survey weights for follow-up cases, built from the caseload's placed cohorts.

    For every wave among *responses*, the wave's placed cohort (placements whose wave is due
    by *as_of*) gets the weight chain: base weight (1, or *base_weights*) → non-response
    adjustment (*adjustment*: within *propensity_classes* classes of the response propensity
    estimated on *variables*, by its inverse, or within weighting classes of *classes*) →
    raking to the cohort's margins of *rake_to* (:func:`veteran_services.stats.rake`) →
    trimming at *trim* × the mean weight. Categories and classes with fewer than *min_cell*
    respondents are pooled. Each respondent among *responses* (its placement's case at the
    wave) gets its final weight; every other case given its base weight. Use
    :meth:`SurveyWeights.apply` to put them on the caseload for the weighted indicators.

    Args:
        responses: Follow-up cases (with ``placement_id`` and ``wave_months``) of *caseload*.
        caseload: The records.
        as_of: The date of the cohorts (default: the caseload's latest event).
        variables: Variables of the propensity model (:data:`NONRESPONSE_VARIABLES`).
        adjustment: How non-response is adjusted for (:data:`NonresponseAdjustment`).
        classes: Weighting-class variables for ``adjustment="class"``.
        propensity_classes: Number of propensity classes for ``"propensity_class"``.
        rake_to: Variables whose cohort margins the weights are raked to (empty: no raking).
        trim: Cap as a multiple of the mean weight (``None``: no trimming).
        min_cell: Fewest respondents a category or class may have before it is pooled.
        base_weights: Placement id → base weight (1 for any placement not listed).

    Raises:
        InvalidInputError: a case that is not a follow-up of a placement in the caseload, or
            bad settings.

    >>> from veteran_services.synthetic import sample_city
    >>> city = sample_city()
    >>> wave6 = [r for r in city.responses if r.wave_months == 6]
    >>> weights = weights_for(wave6, city)
    >>> len(weights.weights) == sum(r.responded for r in wave6)
    True
    >>> report = nonresponse_report(city, wave=6)  # the weights add up to the cohort
    >>> round(sum(weights.weights.values()), 6) == report.cohort
    True
    """
    chosen, class_vars, rake_vars = _check_settings(
        variables, adjustment, classes, propensity_classes, rake_to, trim, min_cell
    )
    day = _as_of(caseload, as_of)
    base = _base_weights(base_weights)
    by_wave: dict[int, list[SurveyResponse]] = {}
    for index, response in enumerate(responses):
        if response.placement_id is None or response.wave_months is None:
            msg = (
                f"'responses' must be follow-up cases (with a placement and a wave); case "
                f"{response.id!r} at position {index} has none"
            )
            raise InvalidInputError("responses", msg)
        by_wave.setdefault(response.wave_months, []).append(response)
    final: dict[str, float] = {}
    other: dict[str, float] = {}
    steps: dict[int, tuple[WeightStep, ...]] = {}
    label = _labeller(caseload)
    for wave in sorted(by_wave):
        chain = _chain(
            caseload,
            wave,
            as_of=day,
            between=None,
            variables=chosen,
            adjustment=adjustment,
            classes=class_vars,
            propensity_classes=propensity_classes,
            rake_to=rake_vars,
            trim=trim,
            min_cell=min_cell,
            base_weights=base,
            label=label,
        )
        steps[wave] = chain.steps
        case_of = {u.placement.id: u for u in chain.units}
        for response in by_wave[wave]:
            unit = case_of.get(response.placement_id or "")
            if unit is None:
                msg = (
                    f"'responses' has case {response.id!r} about placement "
                    f"{response.placement_id!r} at the {wave}-month wave, which is not in the "
                    f"caseload's cohort of that wave as of {day}"
                )
                raise InvalidInputError("responses", msg)
            if (
                unit.case is not None
                and unit.case.id == response.id
                and unit.placement.id in chain.final
            ):
                final[response.id] = chain.final[unit.placement.id]
            else:
                other[response.id] = unit.base_weight
    return SurveyWeights(
        weights=MappingProxyType(final),
        base_weights=MappingProxyType(other),
        steps=MappingProxyType(steps),
        parameters={
            "as_of": day,
            "variables": chosen,
            "adjustment": adjustment,
            "classes": class_vars,
            "propensity_classes": propensity_classes,
            "rake_to": rake_vars,
            "trim": trim,
            "min_cell": min_cell,
        },
    )


# --- the dossier ------------------------------------------------------------------------------


def _comparison(scope: Sequence[_Unit], names: Sequence[str], confidence: float) -> list[ShareRow]:
    total = len(scope)
    responding = [u for u in scope if u.category == "respondent"]
    r = len(responding)
    m = total - r
    rows = []
    for name in names:
        cohort_counts = Counter(u.labels[name] for u in scope)
        resp_counts = Counter(u.labels[name] for u in responding)
        for category in sorted(cohort_counts):
            c, k = cohort_counts[category], resp_counts.get(category, 0)
            cohort_share = c / total
            share = k / r if r else None
            interval = wilson_interval(k, r, confidence=confidence) if r else None
            if r and m:
                diff = newcombe_difference(k, r, c - k, m, confidence=confidence)
                factor = m / total
                gap: tuple[float, float] | None = (diff.low * factor, diff.high * factor)
            else:
                gap = (0.0, 0.0) if r else None
            rows.append(
                ShareRow(
                    variable=name,
                    category=category,
                    cohort=c,
                    respondents=k,
                    cohort_share=cohort_share,
                    respondent_share=share,
                    respondent_interval=interval,
                    difference=None if share is None else share - cohort_share,
                    difference_interval=gap,
                    response_rate=k / c,
                    response_interval=wilson_interval(k, c, confidence=confidence),
                )
            )
    return rows


def _dissimilarity(cohort: Sequence[_Unit], chosen: Sequence[_Unit], name: str) -> float | None:
    if not chosen:
        return None
    a = Counter(u.labels[name] for u in cohort)
    b = Counter(u.labels[name] for u in chosen)
    return 0.5 * math.fsum(abs(b.get(k, 0) / len(chosen) - a[k] / len(cohort)) for k in a)


def _attrition(
    caseload: Caseload,
    schedule: tuple[int, ...],
    as_of: date,
    between: tuple[date, date] | None,
    names: Sequence[str],
    confidence: float,
    label: Callable[[Placement, str], str],
) -> list[AttritionRow]:
    last = schedule[-1]
    cohort = [
        u
        for u in _cohort(caseload, last, as_of, between, names, None, label)
        if u.category != "ineligible"
    ]
    if not cohort:
        return []
    responded: dict[str, list[bool]] = {u.placement.id: [] for u in cohort}
    rows = []
    for wave in schedule:
        chosen = []
        for u in cohort:
            case = _case_at(caseload.responses_about(u.placement.id), wave)
            ok = case is not None and case.responded
            responded[u.placement.id].append(ok)
            if ok:
                chosen.append(u)
        retained = sum(all(flags) for flags in responded.values())
        rows.append(
            AttritionRow(
                wave=wave,
                cohort=len(cohort),
                respondents=len(chosen),
                rate=len(chosen) / len(cohort),
                interval=wilson_interval(len(chosen), len(cohort), confidence=confidence),
                retained=retained,
                retention=retained / len(cohort),
                dissimilarity={name: _dissimilarity(cohort, chosen, name) for name in names},
            )
        )
    return rows


def _satisfied(
    caseload: Caseload, cases: Sequence[SurveyResponse], satisfied_at: float
) -> dict[str, bool]:
    """Response id → satisfied, by the rule of :func:`weighted_satisfaction`."""
    if not cases:
        return {}
    estimate = weighted_satisfaction(
        caseload.replace(responses=tuple(cases)), satisfied_at=satisfied_at
    )
    return {
        o.unit_id: bool(o.value)
        for o in estimate.observations
        if o.excluded is None and o.value is not None
    }


def _still_employed(caseload: Caseload, cases: Sequence[SurveyResponse]) -> dict[str, bool]:
    """Response id → the yes/no answer to the instrument's still-employed question."""
    questions: dict[tuple[str, int], tuple[str, ...] | None] = {}
    result = {}
    for case in cases:
        key = (case.instrument_id, case.instrument_version)
        if key not in questions:
            try:
                instrument = caseload.instrument(*key)
            except LookupError:
                questions[key] = None
            else:
                questions[key] = tuple(
                    q.id
                    for q in instrument.questions_on(Topic.STILL_EMPLOYED)
                    if isinstance(q.scale, YesNoScale)
                )
        ids = questions[key]
        if not ids:
            continue
        for qid in ids:
            value = case.answer(qid)
            if isinstance(value, bool):
                result[case.id] = value
                break
    return result


def _compare(
    name: str,
    values: Mapping[str, bool],
    weight_of: Mapping[str, float],
    r_value: float | None,
    r_threshold: float,
    shift_in_se: float,
    confidence: float,
) -> IndicatorComparison:
    ids = [i for i in values if i in weight_of]
    n = len(ids)
    if n == 0:
        return IndicatorComparison(
            indicator=name,
            n=0,
            unweighted=None,
            unweighted_interval=None,
            standard_error=None,
            weighted=None,
            weighted_interval=None,
            effective_n=None,
            shift=None,
            publish="unweighted",
            reason="no respondent answered",
        )
    ys = [values[i] for i in ids]
    k = sum(ys)
    p = k / n
    se = math.sqrt(p * (1.0 - p) / n)
    weighted = weighted_proportion(ys, [weight_of[i] for i in ids], confidence=confidence)
    if weighted is None:  # pragma: no cover - n > 0
        msg = "no weighted share"
        raise InvalidInputError("values", msg)
    shift = weighted.value - p
    representative = r_value is not None and r_value >= r_threshold
    moved = abs(shift) > shift_in_se * se
    if r_value is None:
        publish: Literal["weighted", "unweighted"] = "unweighted"
        reason = "no R-indicator (no propensity model)"
    elif representative:
        publish = "unweighted"
        reason = (
            f"R-indicator {r_value:.3f} ≥ {r_threshold:g}: the respondents represent the cohort "
            "on the variables; weighting would add variance without a shown bias"
        )
    elif not moved:
        publish = "unweighted"
        reason = (
            f"weighting moves the share by {shift:+.4f}, within {shift_in_se:g} standard error "
            f"({se:.4f}) of the unweighted share"
        )
    else:
        publish = "weighted"
        reason = (
            f"R-indicator {r_value:.3f} < {r_threshold:g} and weighting moves the share by "
            f"{shift:+.4f}, more than {shift_in_se:g} standard error ({se:.4f})"
        )
    return IndicatorComparison(
        indicator=name,
        n=n,
        unweighted=p,
        unweighted_interval=wilson_interval(k, n, confidence=confidence),
        standard_error=se,
        weighted=weighted.value,
        weighted_interval=weighted.interval,
        effective_n=weighted.effective_n,
        shift=shift,
        publish=publish,
        reason=reason,
    )


def _early_late(
    scope: Sequence[_Unit],
    indicators: Mapping[str, Mapping[str, bool]],
    late_after_days: int | None,
    confidence: float,
) -> tuple[list[EarlyLateRow], float | None]:
    lags: dict[str, int] = {}
    for u in scope:
        if u.category == "respondent" and u.case is not None and u.case.collected_on is not None:
            lags[u.case.id] = (u.case.collected_on - u.due).days
    if not lags:
        return [], None
    if late_after_days is None:
        ordered = sorted(lags.values())
        middle = len(ordered) // 2
        cut: float = (
            float(ordered[middle])
            if len(ordered) % 2
            else (ordered[middle - 1] + ordered[middle]) / 2.0
        )
    else:
        cut = float(late_after_days)
    rows = []
    for name, values in indicators.items():
        early = [v for i, v in values.items() if i in lags and lags[i] <= cut]
        late = [v for i, v in values.items() if i in lags and lags[i] > cut]
        difference = (
            newcombe_difference(sum(late), len(late), sum(early), len(early), confidence=confidence)
            if early and late
            else None
        )
        rows.append(
            EarlyLateRow(
                indicator=name,
                early_n=len(early),
                early=sum(early) / len(early) if early else None,
                late_n=len(late),
                late=sum(late) / len(late) if late else None,
                difference=difference,
            )
        )
    return rows, cut


def _bootstrap_r(
    labels: Mapping[str, Sequence[str]],
    y: Sequence[int],
    replicates: int,
    seed: int,
    confidence: float,
) -> tuple[float, float]:
    """Percentile interval of the (bias-adjusted) R over bootstrap resamples of the cohort."""
    rng = random.Random(seed)  # noqa: S311 - a seeded bootstrap, not cryptography  # nosec B311
    n = len(y)
    values = []
    for _ in range(replicates):
        picks = [rng.randrange(n) for _ in range(n)]
        sample = {v: [column[i] for i in picks] for v, column in labels.items()}
        ys = [y[i] for i in picks]
        _, fitted, variances = _propensity_model(sample, ys)
        usable = variances is not None and all(map(math.isfinite, variances))
        r = r_indicator(fitted, variances=variances if usable else None)
        values.append(r.value if r.adjusted is None else r.adjusted)
    values.sort()
    tail = (1.0 - confidence) / 2.0
    low = values[max(0, math.ceil(tail * replicates) - 1)]
    high = values[max(0, math.ceil((1.0 - tail) * replicates) - 1)]
    return low, high


_RULE = (
    "Publish the weighted figure only when both hold: (1) the R-indicator of the wave (bias-"
    "adjusted when the model gives variances) is below "
    "{threshold:g}, so the respondents differ from the placed cohort on the administrative "
    "variables, and (2) weighting moves the figure by more than {shift:g} standard error of "
    "the unweighted figure. Otherwise publish the unweighted figure (weighting that does not "
    "change the figure only adds variance). Always show both, with Kish's effective n."
)


@checked
@without_gc_pauses
def nonresponse_report(
    caseload: Caseload,
    *,
    wave: int,
    as_of: date | None = None,
    started_between: tuple[date, date] | None = None,
    variables: Sequence[str] = _DEFAULT_VARIABLES,
    adjustment: NonresponseAdjustment = "propensity_class",
    classes: Sequence[str] = _DEFAULT_CLASSES,
    propensity_classes: int = 5,
    rake_to: Sequence[str] = _DEFAULT_RAKE,
    trim: float | None = 5.0,
    min_cell: int = 10,
    schedule: Sequence[int] = (3, 6, 12),
    late_after_days: int | None = None,
    r_threshold: float = 0.9,
    shift_in_se: float = 1.0,
    satisfied_at: float = 0.75,
    confidence: float = 0.95,
    replicates: int = 0,
    seed: int = 0,
) -> NonresponseReport:
    """The non-response dossier of one follow-up wave.

    The wave's placed cohort is every placement (started in *started_between*, when given)
    whose *wave*-month follow-up was due by *as_of*; cases known not to be eligible are left
    out, and the rest are respondents (complete or partial interviews) or non-respondents. The
    dossier holds:

    * **comparison**: for every variable and category, the cohort's share, the respondents'
      share (Wilson interval) and their difference with Newcombe's interval, and the
      category's response rate;
    * **model** and **r_indicator**: a logistic model of responding on *variables* and the
      R-indicator R = 1 − 2 S(ρ̂) with unconditional and conditional partial R-indicators
      (:func:`r_indicator`);
    * **early_late**: the survey indicators among respondents interviewed up to, and more than,
      *late_after_days* after the due date (default: the respondents' median);
    * **attrition**: the originally placed cohort (placements whose last wave of *schedule* is
      due) at every wave, against the cohort, with the dissimilarity of the respondents;
    * **weight_steps**: the weight chain of :func:`weights_for` with n, Σw, the range, CV,
      Kish's deff = 1 + CV² and effective n after each step, and how far the margins are from
      the cohort's;
    * **indicators**: the satisfaction share (the rule of
      :func:`~veteran_services.metrics.weighted_satisfaction`, *satisfied_at*) and the
      still-employed share, unweighted and weighted, and which to publish by :attr:`rule`:
      weighted only when R < *r_threshold* and weighting moves the figure by more than
      *shift_in_se* unweighted standard errors.

    Args:
        caseload: The records.
        wave: The wave, in months.
        as_of: The date of the cohort (default: the caseload's latest event).
        started_between: Only placements started in this inclusive range.
        variables: Variables compared and modelled (:data:`NONRESPONSE_VARIABLES`).
        adjustment: Non-response adjustment of the weight chain.
        classes: Weighting-class variables for ``adjustment="class"``.
        propensity_classes: Number of propensity classes.
        rake_to: Variables raked to the cohort's margins.
        trim: Cap on weights as a multiple of their mean (``None``: no trimming).
        min_cell: Fewest respondents a category or class may have before it is pooled.
        schedule: The waves of the follow-up, for the attrition table.
        late_after_days: Days after the due date past which a respondent counts as late.
        r_threshold: The R-indicator below which weighting may be published.
        shift_in_se: How many standard errors weighting must move a figure to be published.
        satisfied_at: The satisfaction threshold on the 0-1 score.
        confidence: Coverage of the intervals.
        replicates: Bootstrap replicates for the interval of the R-indicator (0: none; each
            refits the propensity model, so a few hundred take tens of seconds).
        seed: Seed of the bootstrap.

    Raises:
        InvalidInputError: bad settings.

    >>> from veteran_services.synthetic import sample_city
    >>> report = nonresponse_report(sample_city(), wave=6)
    >>> report.respondents <= report.cohort, [s.step for s in report.weight_steps]
    (True, ['base', 'nonresponse', 'raking', 'trimming'])
    """
    nth = check_positive(wave, "wave")
    chosen, class_vars, rake_vars = _check_settings(
        variables, adjustment, classes, propensity_classes, rake_to, trim, min_cell
    )
    waves = tuple(sorted(set(schedule)))
    if not waves or any(isinstance(w, bool) or not isinstance(w, int) or w < 1 for w in waves):
        msg = f"'schedule' must be whole numbers of months of at least 1, got {list(schedule)!r}"
        raise InvalidInputError("schedule", msg)
    if late_after_days is not None:
        whole_number(late_after_days, "late_after_days", least=0)
    whole_number(replicates, "replicates", least=0)
    whole_number(seed, "seed", least=0)
    for name, value, low, high in (
        ("r_threshold", r_threshold, 0.0, 1.0),
        ("confidence", confidence, 0.0, 1.0),
        ("satisfied_at", satisfied_at, 0.0, 1.0),
    ):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            msg = f"{name!r} must be a number in [{low:g}, {high:g}], got {value!r}"
            raise InvalidInputError(name, msg)
    if isinstance(shift_in_se, bool) or not isinstance(shift_in_se, int | float) or shift_in_se < 0:
        msg = f"'shift_in_se' must be a number of at least 0, got {shift_in_se!r}"
        raise InvalidInputError("shift_in_se", msg)
    day = _as_of(caseload, as_of)
    between = check_between(started_between, "started_between")
    label = _labeller(caseload)
    chain = _chain(
        caseload,
        nth,
        as_of=day,
        between=between,
        variables=chosen,
        adjustment=adjustment,
        classes=class_vars,
        propensity_classes=propensity_classes,
        rake_to=rake_vars,
        trim=trim,
        min_cell=min_cell,
        base_weights=None,
        label=label,
    )
    scope = chain.scope
    names = tuple(dict.fromkeys((*chosen, *rake_vars)))
    statuses = Counter(u.status for u in chain.units)
    respondents = [u for u in scope if u.category == "respondent"]
    rind = None
    if chain.model is not None and len(scope) >= 2:
        usable = chain.variances is not None and all(map(math.isfinite, chain.variances))
        labels = {v: [u.labels[v] for u in scope] for v in chosen}
        rind = r_indicator(chain.fitted, labels, variances=chain.variances if usable else None)
        if replicates:
            y = [1 if u.category == "respondent" else 0 for u in scope]
            low, high = _bootstrap_r(labels, y, replicates, seed, confidence)
            rind = attrs.evolve(rind, interval=(low, high))
    cases = [u.case for u in respondents if u.case is not None]
    values = {
        "satisfaction_share": _satisfied(caseload, cases, satisfied_at),
        "still_employed_share": _still_employed(caseload, cases),
    }
    weight_of = {
        u.case.id: chain.final[u.placement.id]
        for u in respondents
        if u.case is not None and u.placement.id in chain.final
    }
    indicators = tuple(
        _compare(
            name,
            values[name],
            weight_of,
            None if rind is None else (rind.value if rind.adjusted is None else rind.adjusted),
            r_threshold,
            shift_in_se,
            confidence,
        )
        for name in _INDICATORS
    )
    early_late, cut = _early_late(scope, values, late_after_days, confidence)
    attrition = _attrition(caseload, waves, day, between, names, confidence, label)
    return NonresponseReport(
        wave=nth,
        as_of=day,
        cohort=len(scope),
        respondents=len(respondents),
        response_rate=len(respondents) / len(scope) if scope else None,
        statuses=dict(sorted(statuses.items())),
        comparison=tuple(_comparison(scope, names, confidence)),
        model=chain.model,
        r_indicator=rind,
        early_late=tuple(early_late),
        late_after_days=cut,
        attrition=tuple(attrition),
        weight_steps=chain.steps,
        indicators=indicators,
        rule=_RULE.format(threshold=r_threshold, shift=shift_in_se),
        notes=chain.notes,
        parameters={
            "wave": nth,
            "as_of": day,
            "started_between": between,
            "variables": chosen,
            "adjustment": adjustment,
            "classes": class_vars,
            "propensity_classes": propensity_classes,
            "rake_to": rake_vars,
            "trim": trim,
            "min_cell": min_cell,
            "schedule": waves,
            "late_after_days": late_after_days,
            "r_threshold": r_threshold,
            "shift_in_se": shift_in_se,
            "satisfied_at": satisfied_at,
            "confidence": confidence,
            "replicates": replicates,
            "seed": seed,
        },
    )
