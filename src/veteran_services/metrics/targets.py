"""Performance against negotiated targets (WIOA sec. 116 style).

Each indicator's score is actual ÷ target (target ÷ actual for an indicator where lower is
better); the overall score is the mean over the indicators. A programme meets its targets when
the overall score reaches *overall_threshold* (90 %) and no indicator's score is below
*indicator_threshold* (50 %). Both thresholds are parameters.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal

from attrs import frozen

from veteran_services._checks import checked, finite_number
from veteran_services.errors import InvalidInputError
from veteran_services.metrics.estimates import Estimate

__all__ = ["IndicatorScore", "Performance", "performance"]


@frozen(kw_only=True)
class IndicatorScore:
    """One indicator against its target.

    Attributes:
        name: The indicator.
        actual: The estimate's value (``None`` when it could not be computed).
        target: The target.
        score: actual ÷ target (or target ÷ actual when lower is better); ``None`` without an
            actual value.
        meets_threshold: Whether *score* reaches the per-indicator threshold (``None`` without
            a score).
        reason: Why there is no score.
    """

    name: str
    actual: float | None
    target: float
    score: float | None
    meets_threshold: bool | None
    reason: str | None = None


@frozen(kw_only=True)
class Performance:
    """A programme's performance against its targets.

    Attributes:
        indicators: One score per target, in target order.
        score: The mean of the indicator scores (``None`` when no indicator has one).
        passed: Whether the overall and per-indicator thresholds are all met; ``None`` when
            an indicator could not be scored (the result cannot be judged).
        overall_threshold: The threshold for the overall score.
        indicator_threshold: The threshold for each indicator.
    """

    indicators: tuple[IndicatorScore, ...]
    score: float | None
    passed: bool | None
    overall_threshold: float
    indicator_threshold: float

    @property
    def failed(self) -> tuple[str, ...]:
        """Indicators whose score is below the per-indicator threshold."""
        return tuple(i.name for i in self.indicators if i.meets_threshold is False)


def _threshold(value: object, name: str) -> float:
    value = finite_number(value, name)
    if value < 0:
        msg = f"{name!r} must not be negative, got {value!r}"
        raise InvalidInputError(name, msg)
    return float(value)


def _as_float(value: float | Decimal) -> float | None:
    """*value* as a finite float, or None when it is beyond the float range (a count of jobs is
    a whole number of any size)."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


@checked
def performance(
    estimates: Mapping[str, Estimate] | Iterable[Estimate],
    targets: Mapping[str, float],
    *,
    overall_threshold: float = 0.9,
    indicator_threshold: float = 0.5,
    lower_is_better: Collection[str] = (),
    cap: float | None = None,
) -> Performance:
    """Score estimates against targets.

    score_i = actual_i ÷ target_i (target_i ÷ actual_i for names in *lower_is_better*, such as
    time to placement), optionally capped at *cap*; overall = mean of the scores. Passed when
    overall ≥ *overall_threshold* and every score ≥ *indicator_threshold*. An estimate without
    a value, or with one beyond the float range, gets no score (with the reason) and makes
    ``passed`` None.

    Args:
        estimates: Estimates keyed by name, or an iterable of estimates (keyed by their
            ``name``).
        targets: Indicator name → target value (positive).
        overall_threshold: Required overall score (0.9 = 90 % of target).
        indicator_threshold: Required score of every indicator (0.5 = 50 %).
        lower_is_better: Names of indicators where a lower value is better.
        cap: Upper bound on each indicator's score (``None``: no cap).

    Raises:
        InvalidInputError: a target without an estimate, a non-positive target, or a bad
            threshold.

    >>> from veteran_services.metrics import summarise
    >>> e = summarise(name="placement_rate", statistic="sum", observations=(), unit="x",
    ...               cohort="c", window="w")
    >>> performance({"placement_rate": e}, {"placement_rate": 0.7}).passed is None
    True
    """
    overall = _threshold(overall_threshold, "overall_threshold")
    each = _threshold(indicator_threshold, "indicator_threshold")
    if isinstance(estimates, Mapping):
        keyed = dict(estimates)
    else:
        keyed = {}
        for estimate in estimates:
            keyed[estimate.name] = estimate
    scores = []
    for name, target in targets.items():
        goal = _threshold(target, f"targets[{name!r}]")
        if goal <= 0:
            msg = f"'targets' must be positive, got {target!r} for {name!r}"
            raise InvalidInputError("targets", msg)
        if name not in keyed:
            msg = f"'estimates' has no estimate for the target {name!r}"
            raise InvalidInputError("estimates", msg)
        actual = keyed[name].value
        value = None if actual is None else _as_float(actual)
        if value is None:
            reason = keyed[name].reason or "no value"
            if actual is not None:
                reason = f"the value {str(actual)[:20]}… is too large to compare with a target"
            scores.append(
                IndicatorScore(
                    name=name,
                    actual=None,
                    target=goal,
                    score=None,
                    meets_threshold=None,
                    reason=reason,
                )
            )
            continue
        if name in lower_is_better:
            score = math.inf if value == 0 else goal / value
        else:
            score = value / goal
        if cap is not None:
            score = min(score, cap)
        scores.append(
            IndicatorScore(
                name=name,
                actual=value,
                target=goal,
                score=score,
                meets_threshold=score >= each,
            )
        )
    scored = [s.score for s in scores if s.score is not None]
    mean = math.fsum(scored) / len(scored) if scored else None
    if any(s.score is None for s in scores) or mean is None:
        passed = None
    else:
        passed = mean >= overall and all(s.meets_threshold for s in scores)
    return Performance(
        indicators=tuple(scores),
        score=mean,
        passed=passed,
        overall_threshold=overall,
        indicator_threshold=each,
    )
