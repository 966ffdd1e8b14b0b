"""Survey weights: weighted (Hájek) proportions, Kish's effective sample size and design effect,
non-response adjustment by weighting class, and raking.

Sources: L. Kish (1965), *Survey Sampling*, and Kish (1992), "Weighting for unequal P_i",
*Journal of Official Statistics* 8:183-200; J. Hájek (1971), comment in *Foundations of
Statistical Inference*; G. Kalton & I. Flores-Cervantes (2003), "Weighting methods", *Journal of
Official Statistics* 19:81-97; R. Valliant, J. A. Dever & F. Kreuter (2018), *Practical Tools for
Designing and Weighting Survey Samples*, 2nd ed., ch. 13-14; W. E. Deming & F. F. Stephan (1940),
"On a least squares adjustment of a sampled frequency table when the expected marginal totals
are known", *Annals of Mathematical Statistics* 11:427-444.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Literal

from attrs import frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.stats._checks import (
    as_float,
    probability,
    relative,
    same_length,
    weights_list,
)
from veteran_services.stats.intervals import Interval, normal_quantile, wilson_bounds

__all__ = [
    "AAPOR_RESPONSE_CATEGORIES",
    "RakeResult",
    "ResponseCategory",
    "WeightedProportion",
    "WeightingClassAdjustment",
    "design_effect",
    "effective_sample_size",
    "rake",
    "weighted_proportion",
    "weighting_class_adjustment",
]


@checked
def effective_sample_size(weights: Sequence[float]) -> float:
    """Kish's effective sample size, n_eff = (Σ w)² / Σ w².

    Equals n when all weights are equal and falls towards 1 as weight concentrates on one unit.
    Source: Kish (1965), §11.7.

    Raises:
        InvalidInputError: empty, negative, non-finite or all-zero weights.

    >>> effective_sample_size([1, 1, 1, 1])
    4.0
    >>> effective_sample_size([1, 1, 1, 3])
    3.0
    """
    ws = relative(weights_list(weights))
    return math.fsum(ws) ** 2 / math.fsum(w * w for w in ws)


@checked
def design_effect(weights: Sequence[float]) -> float:
    """Kish's design effect from unequal weighting, deff = n Σ w² / (Σ w)² = n / n_eff.

    n counts every weight given, including zeros. Always ≥ 1. Source: Kish (1992), eq. 2.

    Raises:
        InvalidInputError: empty, negative, non-finite or all-zero weights.

    >>> design_effect([1, 1, 1, 3])
    1.3333333333333333
    """
    ws = relative(weights_list(weights))
    return len(ws) * math.fsum(w * w for w in ws) / math.fsum(ws) ** 2


@frozen(kw_only=True, init=False)
class WeightedProportion:
    """A weighted (Hájek) proportion and its approximate interval.

    Attributes:
        value: Σ w y / Σ w (a result's figure is its ``value``, as for
            :class:`~veteran_services.metrics.Estimate` and
            :class:`~veteran_services.scoring.QualityScore`).
        effective_n: Kish's effective sample size of the weights.
        n: Number of units.
        total_weight: Σ w.
        interval: Wilson's interval with the effective n in place of n
            (method ``"wilson_effective_n"``): an approximation that ignores stratification and
            clustering and treats the weights as fixed.
        estimate: Deprecated name of :attr:`value` (warns; removed in the next release).
    """

    value: float
    effective_n: float
    n: int
    total_weight: float
    interval: Interval

    def __init__(
        self,
        *,
        value: float | None = None,
        effective_n: float,
        n: int,
        total_weight: float,
        interval: Interval,
        estimate: float | None = None,
    ) -> None:
        """A weighted proportion (``estimate=`` is the deprecated name of ``value=``)."""
        if estimate is not None:
            _deprecated_estimate()
            if value is not None:
                msg = "give 'value' only ('estimate' is its deprecated name)"
                raise InvalidInputError("estimate", msg)
            value = estimate
        if value is None:
            msg = "'value' is required"
            raise InvalidInputError("value", msg)
        self.__attrs_init__(
            value=value,
            effective_n=effective_n,
            n=n,
            total_weight=total_weight,
            interval=interval,
        )

    @property
    def estimate(self) -> float:
        """Deprecated: use :attr:`value`."""
        _deprecated_estimate()
        return self.value


def _deprecated_estimate() -> None:
    warnings.warn(
        "WeightedProportion.estimate is deprecated; use WeightedProportion.value (one name for "
        "a result's figure across stats, scoring and metrics)",
        DeprecationWarning,
        stacklevel=3,
    )


@checked
def weighted_proportion(
    values: Sequence[bool | int | float],
    weights: Sequence[float],
    *,
    confidence: float = 0.95,
) -> WeightedProportion | None:
    """Weighted (Hájek) proportion p̂_w = Σ w_i y_i / Σ w_i of a 0/1 variable.

    The interval is Wilson's with Kish's effective sample size n_eff = (Σw)²/Σw² for n; this is
    approximate (it ignores the sampling design beyond the weights) and is labelled so.
    Sources: Hájek (1971); Kish (1965); Korn & Graubard (1998), "Confidence intervals for
    proportions with small expected number of positive counts estimated from survey data",
    *Survey Methodology* 24:193-201 (the effective-n substitution).

    Args:
        values: One 0/1 (or bool) outcome per unit.
        weights: One non-negative weight per unit, not all zero.
        confidence: Nominal coverage of the interval, in (0, 1).

    Returns:
        The estimate, or ``None`` when there are no units at all.

    Raises:
        InvalidInputError: an outcome other than 0/1, mismatched lengths, or bad weights.

    >>> wp = weighted_proportion([1, 0, 0, 1], [1, 1, 1, 3])
    >>> wp.value, wp.effective_n
    (0.6666666666666666, 3.0)
    """
    same_length(values, weights, ("values", "weights"))
    level = probability(confidence, "confidence", open_interval=True)
    if not values:
        return None
    ys = []
    for index, value in enumerate(values):
        if value not in (0, 1):
            msg = f"'values' must be 0 or 1 (or a bool), got {value!r} at position {index}"
            raise InvalidInputError("values", msg)
        ys.append(1.0 if value else 0.0)
    given = weights_list(weights)
    ws = relative(given)
    return weighted_share(
        ws,
        (w * y for w, y in zip(ws, ys, strict=True)),
        (w * w for w in ws),
        largest=max(given),
        confidence=level,
    )


def weighted_share(
    relative_weights: Sequence[float],
    weighted_hits: Iterable[float],
    squares: Iterable[float],
    *,
    largest: float,
    confidence: float,
) -> WeightedProportion:
    """The formula of :func:`weighted_proportion` on checked inputs: the weights divided by
    the *largest* one, each weight times its 0/1 outcome and each weight squared (any order:
    the sums are correctly rounded), so that a caller holding them as arrays (the columnar
    path) gets the same estimate without a loop per unit.

    Raises:
        InvalidInputError: a *confidence* not strictly between 0 and 1.
    """
    level = probability(confidence, "confidence", open_interval=True)
    total = math.fsum(relative_weights)
    estimate = min(1.0, math.fsum(weighted_hits) / total)
    n_eff = total**2 / math.fsum(squares)
    low, high = wilson_bounds(estimate, n_eff, normal_quantile(level))
    return WeightedProportion(
        value=estimate,
        effective_n=n_eff,
        n=len(relative_weights),
        total_weight=largest * total,
        interval=Interval(low=low, high=high, confidence=level, method="wilson_effective_n"),
    )


ResponseCategory = Literal["respondent", "nonrespondent", "ineligible", "unknown"]
"""What a case's final status means for weighting: an eligible respondent, an eligible
non-respondent, a case known to be ineligible, or a case of unknown eligibility."""

AAPOR_RESPONSE_CATEGORIES: Mapping[str, ResponseCategory] = MappingProxyType(
    {
        "complete": "respondent",
        "partial": "respondent",
        "refusal": "nonrespondent",
        "non_contact": "nonrespondent",
        "other": "nonrespondent",
        "unknown_household": "unknown",
        "unknown_other": "unknown",
        "not_eligible": "ineligible",
    }
)
"""The AAPOR final dispositions (I, P, R, NC, O, UH, UO, NE) mapped to weighting categories;
partial interviews count as respondents (AAPOR Standard Definitions; METHODOLOGY §6)."""


@frozen(kw_only=True)
class WeightingClassAdjustment:
    """Result of :func:`weighting_class_adjustment`; one entry per unit in every tuple.

    Attributes:
        base_weights: The weights before adjustment, as given.
        factors: The adjustment factor of each unit (0 for non-respondents and cases of unknown
            eligibility, whose weight moves to the respondents of their class).
        weights: ``base_weight * factor``.
        categories: The weighting category each unit's status maps to.
        response_rates: Weighted response rate of each class, Σ_resp w / Σ_(resp + nonresp) w,
            after the unknown-eligibility step (``None`` for a class with no eligible case).
    """

    base_weights: tuple[float, ...]
    factors: tuple[float, ...]
    weights: tuple[float, ...]
    categories: tuple[ResponseCategory, ...]
    response_rates: Mapping[Hashable, float | None]


@checked
def weighting_class_adjustment(
    statuses: Sequence[str],
    classes: Sequence[Hashable],
    base_weights: Sequence[float] | None = None,
    *,
    categories: Mapping[str, ResponseCategory] = AAPOR_RESPONSE_CATEGORIES,
) -> WeightingClassAdjustment:
    """Non-response adjustment of weights within weighting classes.

    Within each class c, in two steps:

    Source: Valliant, Dever & Kreuter (2018), §13.5; Kalton & Flores-Cervantes (2003), §2;
    METHODOLOGY §6 (keep base weight and factor apart; unmapped statuses are errors).

    1. unknown eligibility: cases of known eligibility get factor
       a₁ = Σ_all w / Σ_known w; cases of unknown eligibility get 0;
    2. non-response: respondents get a₂ = Σ_(resp + nonresp) a₁w / Σ_resp a₁w, i.e.
       w' = w / (weighted response rate of the class); non-respondents get 0.

    Ineligible cases keep their (step-1) weight so that totals of the frame are preserved.

    Args:
        statuses: Final status of each unit, looked up in *categories*.
        classes: Weighting class of each unit (any hashable label).
        base_weights: Base (design) weights, positive or zero; all 1 when omitted.
        categories: Maps every status that occurs to a :data:`ResponseCategory`.

    Raises:
        InvalidInputError: a status that maps to no category (never treated as a respondent),
            mismatched lengths, bad weights, or a class whose eligible cases or cases of known
            eligibility all have zero weight while others need their weight moved to them
            (collapse such a class with a neighbour).

    >>> adj = weighting_class_adjustment(
    ...     ["complete", "refusal", "complete", "not_eligible"], ["a", "a", "b", "b"]
    ... )
    >>> adj.weights, adj.response_rates["a"]
    ((2.0, 0.0, 1.0, 1.0), 0.5)
    """
    if base_weights is None:
        base_weights = [1.0] * len(statuses)
    same_length(statuses, classes, ("statuses", "classes"))
    same_length(statuses, base_weights, ("statuses", "base_weights"))
    ws = weights_list(base_weights, "base_weights") if statuses else []
    cats: list[ResponseCategory] = []
    for index, status in enumerate(statuses):
        try:
            category = categories[status]
        except (KeyError, TypeError):
            listed = ", ".join(repr(key) for key in categories)
            msg = (
                f"'statuses' has {status!r} at position {index}, which maps to no category; "
                f"known statuses: {listed}"
            )
            raise InvalidInputError("statuses", msg) from None
        if category not in ("respondent", "nonrespondent", "ineligible", "unknown"):
            msg = f"'categories' maps {status!r} to {category!r}, which is not a response category"
            raise InvalidInputError("categories", msg)
        cats.append(category)

    members: dict[Hashable, list[int]] = {}
    for index, label in enumerate(classes):
        members.setdefault(label, []).append(index)

    factors = [0.0] * len(ws)
    rates: dict[Hashable, float | None] = {}
    for label, indices in members.items():
        total = math.fsum(ws[i] for i in indices)
        known = math.fsum(ws[i] for i in indices if cats[i] != "unknown")
        if known == 0.0 and total > 0.0:
            msg = (
                f"class {label!r} has weight only on cases of unknown eligibility, "
                "so there is nobody to carry it; collapse it with another class"
            )
            raise InvalidInputError("classes", msg)
        first = total / known if known > 0.0 else 1.0
        eligible = math.fsum(ws[i] for i in indices if cats[i] in ("respondent", "nonrespondent"))
        responding = math.fsum(ws[i] for i in indices if cats[i] == "respondent")
        if responding == 0.0 and eligible > 0.0:
            msg = (
                f"class {label!r} has no respondent weight to carry its non-respondents' weight "
                f"({eligible * first}); collapse it with another class"
            )
            raise InvalidInputError("classes", msg)
        second = eligible / responding if responding > 0.0 else 1.0
        rates[label] = responding / eligible if eligible > 0.0 else None
        for i in indices:
            if cats[i] == "respondent":
                factors[i] = first * second
            elif cats[i] == "ineligible":
                factors[i] = first
    return WeightingClassAdjustment(
        base_weights=tuple(ws),
        factors=tuple(factors),
        weights=tuple(w * f for w, f in zip(ws, factors, strict=True)),
        categories=tuple(cats),
        response_rates=MappingProxyType(rates),
    )


@frozen(kw_only=True)
class RakeResult:
    """Result of :func:`rake`.

    Attributes:
        weights: The raked weights, one per unit.
        factors: Raked weight ÷ starting weight (0 where the starting weight was 0).
        iterations: Full sweeps over all margins that were needed.
        max_relative_error: Largest |margin − target| / target over all margins at the end
            (absolute error for a zero target).
    """

    weights: tuple[float, ...]
    factors: tuple[float, ...]
    iterations: int
    max_relative_error: float


def _margin_errors(
    ws: list[float],
    variables: dict[str, list[Hashable]],
    targets: dict[str, dict[Hashable, float]],
) -> float:
    worst = 0.0
    for name, labels in variables.items():
        sums = dict.fromkeys(targets[name], 0.0)
        for w, label in zip(ws, labels, strict=True):
            sums[label] += w
        for label, target in targets[name].items():
            gap = abs(sums[label] - target)
            worst = max(worst, gap / target if target > 0.0 else gap)
    return worst


@checked
def rake(
    weights: Sequence[float],
    variables: Mapping[str, Sequence[Hashable]],
    targets: Mapping[str, Mapping[Hashable, float]],
    *,
    tolerance: float = 1e-10,
    max_iterations: int = 1000,
) -> RakeResult:
    """Rake weights to known marginal totals by iterative proportional fitting.

    Each sweep visits every variable v in turn and multiplies the weight of every unit in
    category c of v by T_vc / Σ_{i in c} w_i, so that margin matches its target. Sweeps repeat
    until every margin is within *tolerance* (relative) of its target. Source: Deming & Stephan
    (1940); Kalton & Flores-Cervantes (2003), §2.3; Valliant, Dever & Kreuter (2018), §14.3.

    Args:
        weights: Starting (e.g. non-response adjusted) weights, non-negative, not all zero.
        variables: For each raking variable, the category of every unit.
        targets: For each variable, the known population total of every category. Every
            variable's targets must add up to the same total.
        tolerance: Largest accepted relative gap between a raked margin and its target.
        max_iterations: Sweeps allowed before giving up.

    Raises:
        InvalidInputError: a unit in a category without a target, a positive target for a
            category with no weight, negative targets, totals that differ between variables,
            or no convergence within *max_iterations* (margins that cannot be met together,
            e.g. because of empty cells; collapse categories).

    >>> result = rake([1, 1, 1, 1], {"sex": ["m", "m", "f", "f"]}, {"sex": {"m": 30, "f": 70}})
    >>> result.weights
    (15.0, 15.0, 35.0, 35.0)
    """
    ws = weights_list(weights)
    tol = as_float(tolerance, "tolerance")
    if tol <= 0.0:
        msg = f"'tolerance' must be positive, got {tolerance!r}"
        raise InvalidInputError("tolerance", msg)
    if max_iterations < 1:
        msg = f"'max_iterations' must be at least 1, got {max_iterations!r}"
        raise InvalidInputError("max_iterations", msg)
    if not variables:
        msg = "'variables' must name at least one raking variable"
        raise InvalidInputError("variables", msg)
    if set(variables) != set(targets):
        msg = (
            f"'targets' must have the same variables as 'variables' ({sorted(variables)}), "
            f"got {sorted(targets)}"
        )
        raise InvalidInputError("targets", msg)
    labels: dict[str, list[Hashable]] = {}
    goals: dict[str, dict[Hashable, float]] = {}
    grand_total: float | None = None
    for name, categories in variables.items():
        same_length(ws, categories, ("weights", f"variables[{name!r}]"), argument="variables")
        goal = {}
        for label, value in targets[name].items():
            total = as_float(value, f"targets[{name!r}][{label!r}]", argument="targets")
            if total < 0.0:
                msg = f"'targets' must not be negative, got {value!r} for {name!r} = {label!r}"
                raise InvalidInputError("targets", msg)
            goal[label] = total
        for index, label in enumerate(categories):
            if label not in goal:
                msg = (
                    f"unit {index} has {name!r} = {label!r}, which has no target; "
                    f"targets are given for {sorted(map(repr, goal))}"
                )
                raise InvalidInputError("variables", msg)
        present = {label for label, w in zip(categories, ws, strict=True) if w > 0.0}
        for label, total in goal.items():
            if total > 0.0 and label not in present:
                msg = (
                    f"'targets' has {total!r} for {name!r} = {label!r}, but no unit with "
                    "positive weight is in that category"
                )
                raise InvalidInputError("targets", msg)
        variable_total = math.fsum(goal.values())
        if grand_total is None:
            grand_total = variable_total
        elif not math.isclose(variable_total, grand_total, rel_tol=1e-9):
            msg = (
                f"'targets' of {name!r} add up to {variable_total}, but those of "
                f"{next(iter(variables))!r} add up to {grand_total}; every margin must have the "
                "same total"
            )
            raise InvalidInputError("targets", msg)
        labels[name] = list(categories)
        goals[name] = goal

    current = list(ws)
    error = _margin_errors(current, labels, goals)
    iterations = 0
    while error > tol:
        if iterations >= max_iterations:
            msg = (
                f"raking did not converge in {max_iterations} iterations (largest relative "
                f"margin error {error:.3g}); the margins may be incompatible, e.g. because of "
                "empty cells: collapse categories or raise 'max_iterations'"
            )
            raise InvalidInputError("targets", msg)
        iterations += 1
        for name, categories in labels.items():
            sums = dict.fromkeys(goals[name], 0.0)
            for w, label in zip(current, categories, strict=True):
                sums[label] += w
            ratio = {
                label: goals[name][label] / total if total > 0.0 else 0.0
                for label, total in sums.items()
            }
            current = [w * ratio[label] for w, label in zip(current, categories, strict=True)]
        error = _margin_errors(current, labels, goals)
    return RakeResult(
        weights=tuple(current),
        factors=tuple(w / w0 if w0 > 0.0 else 0.0 for w, w0 in zip(current, ws, strict=True)),
        iterations=iterations,
        max_relative_error=error,
    )
