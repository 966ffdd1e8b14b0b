"""Estimates: every figure the metrics report, with what it was computed from.

An :class:`Estimate` carries its value (or ``None`` and the reason), the numerator and
denominator, a confidence interval, the cohort and window, the parameters, the units left out
with their reasons, and the unit-level :class:`Observation` records it was computed from, so a
figure can always be audited back to the records and regrouped (breakdowns, league tables).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from attrs import evolve, field, frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.stats import Interval, weighted_proportion, wilson_interval

__all__ = ["Estimate", "Observation", "Statistic", "median", "summarise"]

Statistic = Literal["proportion", "weighted_proportion", "count", "median", "mean", "sum"]
"""How an estimate is computed from its observations:

* ``"proportion"``: observations hold 0/1 (``bool``) outcomes; value = numerator ÷ denominator,
  with a Wilson interval.
* ``"weighted_proportion"``: 0/1 outcomes with survey weights; Hájek estimate Σ w y / Σ w with
  the approximate Wilson interval on Kish's effective n (:func:`stats.weighted_proportion`).
* ``"count"``: the number of units whose outcome counts as a success, out of the units in
  scope (value = numerator; no interval).
* ``"median"``: numbers (``Decimal`` stays ``Decimal``); even count → mean of the two middle.
* ``"mean"``: weighted mean Σ w y / Σ w (weights are 1 unless given).
* ``"sum"``: total of the observed numbers (counts such as jobs created).
"""

_STATISTICS = ("proportion", "weighted_proportion", "count", "median", "mean", "sum")


class Observation(NamedTuple):
    """One unit's contribution to an estimate (an immutable named tuple).

    A named tuple rather than an attrs class because indicators build one per unit (several
    hundred thousand on a city's caseload) and a tuple is built about three times faster.

    Attributes:
        unit_id: The counted unit: a veteran id for person-level indicators, a venture id for
            ventures, a placement id for follow-ups.
        record_id: The record the observation is anchored on (the enrolment an exit comes
            from, a placement, a survey response, a venture).
        veteran_id: The veteran concerned (the first founder for a venture), if any.
        value: The outcome: ``True``/``False`` for proportions, a number otherwise; ``None``
            for an excluded unit.
        on: The anchor date (exit, registration, ...), used e.g. for age bands.
        weight: Survey weight (1 unless the indicator is weighted).
        enrolment_id: The enrolment the outcome is attributed to, for breakdowns by provider
            and programme kind, when the indicator knows it (an exit's enrolment).
        placement_id: The placement the observation is about (follow-up cases), whose
            enrolment or start date attributes it when *enrolment_id* is not given.
        attribute_on: Otherwise, the outcome is attributed to the veteran's latest enrolment
            that started on or before this date (resolved only when a breakdown needs it).
        region: A region that overrides the veteran's (e.g. a venture's own region).
        estimated: Whether the value is estimated rather than recorded (earnings estimated
            from placements).
        excluded: The reason the unit is left out of numerator and denominator, if it is.
    """

    unit_id: str
    record_id: str
    veteran_id: str | None
    value: Any
    on: date | None = None
    weight: float = 1.0
    enrolment_id: str | None = None
    placement_id: str | None = None
    attribute_on: date | None = None
    region: str | None = None
    estimated: bool = False
    excluded: str | None = None


@checked
def median(values: Iterable[float | Decimal]) -> float | Decimal | None:
    """The median; an even count gives the mean of the two middle values.

    ``Decimal`` values stay exact (the mean of two middle values is their exact half-sum).

    >>> median([Decimal("3000"), Decimal("5000.01"), Decimal("4000"), Decimal("9000")])
    Decimal('4500.005')
    >>> median([3, 1, 2]), median([]) is None
    (2, True)
    """
    ordered = sorted(values)
    count = len(ordered)
    if count == 0:
        return None
    middle = count // 2
    if count % 2:
        return ordered[middle]
    low, high = ordered[middle - 1], ordered[middle]
    if isinstance(low, Decimal) and isinstance(high, Decimal):
        return (low + high) / 2
    return (float(low) + float(high)) / 2.0


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return dict(value) if value is not None else {}


@frozen(kw_only=True)
class Estimate:
    """One reported figure, auditable back to records.

    Attributes:
        name: The indicator (``"employment_rate_after_exit"``, ...).
        value: The figure, or ``None`` when it cannot be computed (see *reason*) or is
            suppressed.
        reason: Why *value* is ``None`` (empty cohort, suppression), else ``None``.
        numerator: Units counted in the numerator for proportions (Σ w y for weighted
            statistics; the total for sums); ``None`` for medians.
        denominator: Units in the denominator (units observed, after exclusions).
        interval: Confidence interval (Wilson for proportions), when defined.
        unit: What *value* measures: ``"proportion"``, ``"CNY"``, ``"days"``, ``"jobs"``, ...
        statistic: How *value* is computed from the observations (:data:`Statistic`).
        cohort: Who is counted, in words.
        window: The time window, in words.
        parameters: The arguments the indicator was computed with, and derived settings.
        details: Figures about the whole cohort that are not part of the estimate (e.g. the
            number of employed exiters without an earnings figure, every AAPOR rate of a wave);
            empty for a breakdown cell, whose figures are recomputed from observations only.
        excluded: Unit id → reason, for every unit left out of numerator and denominator.
        suppressed: Whether the figure is withheld for disclosure control.
        notes: Remarks a reader needs (e.g. how many values are estimated).
        confidence: Nominal coverage of *interval*.
        among: When set, only observations whose value is in it are in scope (e.g. the known
            outcomes among all follow-up cases); the others are neither counted nor excluded.
        success: When set, an observation counts as a success when its value is in it
            (default: when its value is true).
        observations: The unit-level observations (not compared, not shown in ``repr``).
    """

    name: str
    value: float | Decimal | None
    unit: str
    statistic: Statistic
    cohort: str
    window: str
    reason: str | None = None
    numerator: float | Decimal | None = None
    denominator: int | None = None
    interval: Interval | None = None
    parameters: Mapping[str, Any] = field(factory=dict, converter=_frozen_mapping, hash=False)
    details: Mapping[str, Any] = field(factory=dict, converter=_frozen_mapping, hash=False)
    excluded: Mapping[str, str] = field(factory=dict, converter=_frozen_mapping, hash=False)
    suppressed: bool = False
    notes: tuple[str, ...] = field(default=(), converter=tuple)
    confidence: float = 0.95
    among: frozenset[Any] | None = field(default=None, hash=False)
    success: frozenset[Any] | None = field(default=None, hash=False)
    observations: tuple[Observation, ...] = field(
        default=(), converter=tuple, repr=False, eq=False, hash=False
    )

    @checked
    def restricted_to(self, observations: Iterable[Observation], *, cohort: str) -> Estimate:
        """The same indicator recomputed on a subset of its observations (a breakdown cell)."""
        return summarise(
            name=self.name,
            statistic=self.statistic,
            observations=observations,
            unit=self.unit,
            cohort=cohort,
            window=self.window,
            parameters=self.parameters,
            confidence=self.confidence,
            empty_reason=f"no units in {cohort}",
            among=self.among,
            success=self.success,
        )

    @checked
    def withheld(self, reason: str) -> Estimate:
        """A suppressed copy: every figure and every unit-level detail removed."""
        return evolve(
            self,
            value=None,
            reason=reason,
            numerator=None,
            denominator=None,
            interval=None,
            excluded={},
            details={},
            suppressed=True,
            notes=(),
            observations=(),
        )


def _number(value: Any, unit_id: str) -> float | Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        msg = f"'observations' must hold numbers for this statistic, got {value!r} for {unit_id!r}"
        raise InvalidInputError("observations", msg)
    return value


def _total(weights: list[float]) -> float:
    """Σ weights, correctly rounded; ``inf`` only when the sum itself exceeds the float range
    (weights are finite, but a record may hold any finite weight)."""
    try:
        return math.fsum(weights)
    except OverflowError:
        return math.inf


@checked
def summarise(
    *,
    name: str,
    statistic: Statistic,
    observations: Iterable[Observation],
    unit: str,
    cohort: str,
    window: str,
    parameters: Mapping[str, Any] | None = None,
    confidence: float = 0.95,
    empty_reason: str | None = None,
    notes: Iterable[str] = (),
    details: Mapping[str, Any] | None = None,
    among: Iterable[Any] | None = None,
    success: Iterable[Any] | None = None,
) -> Estimate:
    """Compute an :class:`Estimate` from unit-level observations.

    Excluded observations (``excluded`` set) enter neither numerator nor denominator and are
    listed in :attr:`Estimate.excluded` (sorted by unit id). Every statistic is computed
    exactly or with correctly rounded sums (:func:`math.fsum`), so the result never depends on
    the order of the observations. The value is finite for every observation the model
    accepts: weighted statistics fall back on weights relative to the largest one when the
    sums would leave the float range (the numerator Σ w y is then ``inf`` if it truly does).

    Args:
        name: The indicator's name.
        statistic: How to combine the observations (:data:`Statistic`).
        observations: The unit-level observations.
        unit: What the value measures.
        cohort: Who is counted, in words.
        window: The time window, in words.
        parameters: Arguments to record with the estimate.
        confidence: Nominal coverage of the interval.
        empty_reason: The reason given when no unit is left (default: "no units in <cohort>").
        notes: Remarks to carry.
        details: Figures about the whole cohort to carry (see :attr:`Estimate.details`).
        among: Values that put an observation in scope (``None``: every observation).
        success: Values that count as a success (``None``: a true value).

    Raises:
        InvalidInputError: an unknown statistic, or a non-numeric value where a number is needed.

    >>> obs = [Observation(unit_id=f"V{i}", record_id=f"E{i}", veteran_id=f"V{i}",
    ...                    value=i < 3) for i in range(10)]
    >>> e = summarise(name="rate", statistic="proportion", observations=obs,
    ...               unit="proportion", cohort="exiters", window="Q2 after exit")
    >>> e.value, e.numerator, e.denominator, round(e.interval.low, 3)
    (0.3, 3, 10, 0.108)
    """
    if statistic not in _STATISTICS:
        msg = f"'statistic' must be one of {', '.join(map(repr, _STATISTICS))}, got {statistic!r}"
        raise InvalidInputError("statistic", msg)
    ordered = tuple(observations)
    scope = None if among is None else frozenset(among)
    hits = None if success is None else frozenset(success)
    if scope is None:
        included = [o for o in ordered if o.excluded is None]
    else:
        included = [o for o in ordered if o.excluded is None and o.value in scope]
    excluded = {
        o.unit_id: o.excluded
        for o in sorted(
            (o for o in ordered if o.excluded is not None), key=lambda o: (o.unit_id, o.record_id)
        )
        if o.excluded is not None
    }
    base: dict[str, Any] = {
        "name": name,
        "unit": unit,
        "statistic": statistic,
        "cohort": cohort,
        "window": window,
        "parameters": parameters or {},
        "excluded": excluded,
        "confidence": confidence,
        "notes": tuple(notes),
        "details": details or {},
        "observations": ordered,
        "among": scope,
        "success": hits,
        "denominator": len(included),
    }
    if not included:
        return Estimate(value=None, reason=empty_reason or f"no units in {cohort}", **base)
    if hits is None:
        successes = sum(1 for o in included if o.value)
    else:
        successes = sum(1 for o in included if o.value in hits)
    if statistic == "count":
        return Estimate(value=successes, numerator=successes, **base)
    if statistic == "proportion":
        return Estimate(
            value=successes / len(included),
            numerator=successes,
            interval=wilson_interval(successes, len(included), confidence=confidence),
            **base,
        )
    if statistic == "weighted_proportion":
        result = weighted_proportion(
            [1 if (o.value if hits is None else o.value in hits) else 0 for o in included],
            [o.weight for o in included],
            confidence=confidence,
        )
        if result is None:  # pragma: no cover - included is not empty
            msg = "'observations' must not be empty for a weighted proportion"
            raise InvalidInputError("observations", msg)
        hit_weights = [o.weight for o in included if (o.value if hits is None else o.value in hits)]
        return Estimate(
            value=result.value,
            numerator=_total(hit_weights),
            interval=result.interval,
            **base,
        )
    numbers = [_number(o.value, o.unit_id) for o in included]
    if statistic == "median":
        return Estimate(value=median(numbers), **base)
    if statistic == "sum":
        total: float | Decimal
        if all(isinstance(v, int) for v in numbers):
            total = sum(int(v) for v in numbers)
        elif all(isinstance(v, Decimal) for v in numbers):
            total = sum((Decimal(v) for v in numbers), Decimal(0))
        else:
            total = math.fsum(float(v) for v in numbers)
        return Estimate(value=total, numerator=total, **base)
    weights = [o.weight for o in included]
    values = [float(v) for v in numbers]
    try:
        weighted = math.fsum(w * v for w, v in zip(weights, values, strict=True))
        mean = weighted / math.fsum(weights)
    except OverflowError:
        weighted = mean = math.inf
    if not math.isfinite(mean):
        # weights so large that the sums leave the float range: the mean with the weights
        # relative to the largest one is the same figure (Σ w y ÷ Σ w does not change)
        scale = max(weights)
        relative = [w / scale for w in weights]
        mean = math.fsum(w * v for w, v in zip(relative, values, strict=True)) / math.fsum(relative)
        weighted = mean * _total(weights)
    return Estimate(value=mean, numerator=weighted, **base)
