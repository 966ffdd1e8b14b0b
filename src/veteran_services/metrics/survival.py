"""Survival of ventures: Kaplan–Meier curves, log-rank tests and a Cox model of closure.

Every venture counts. A venture's time runs in whole calendar months from its registration;
the event is its closure (``closed_on``: closed or deregistered); a venture not closed by the
evaluation date is *censored*, at the evaluation date (``censor_at="cutoff"``, the default: the
register records every closure) or at its last snapshot (``censor_at="last_snapshot"``: only
what the office saw). A venture closed after the evaluation date is censored at it; one
registered after it is left out (and counted).

- :func:`kaplan_meier`: the product-limit estimate with Greenwood's variance and pointwise
  intervals (log-log by default, Kalbfleisch & Prentice 2002 §1.3; or linear), pure Python.
- :func:`log_rank`: the log-rank (Mantel–Haenszel) test of equal survival in *k* groups.
- :func:`venture_durations` / :func:`venture_survival`: each venture's time and status, and
  curves by registration cohort, district, legal form or support received.
- :func:`venture_cox`: a Cox proportional-hazards model of closure on venture and founder
  characteristics and support, with its diagnostics (fitted with statsmodels' ``PHReg``; the
  ``survival`` extra).

"Survival at *m* months" is read off the curve as the probability of still being active on
the *m*-month anniversary, ``S(m⁻)``: the same event as
:func:`~veteran_services.metrics.venture_survival_rate` (active on the anniversary), but
estimated from every venture, the young ones censored, instead of from the old ones only.

Formulas and sources: ``docs/methodology/ventures.md``.
"""

from __future__ import annotations

import importlib
import math
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Final, Literal

from attrs import frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError, MissingExtraError
from veteran_services.metrics.cohorts import data_cutoff
from veteran_services.model import (
    Caseload,
    LegalForm,
    Sex,
    Venture,
    whole_months_between,
)
from veteran_services.stats.intervals import normal_quantile

__all__ = [
    "COX_COVARIATES",
    "SURVIVAL_GROUPS",
    "CoxModel",
    "CoxTerm",
    "LogRankTest",
    "SurvivalCurve",
    "SurvivalPoint",
    "VentureDuration",
    "VentureSurvival",
    "chi_square_sf",
    "kaplan_meier",
    "log_rank",
    "venture_cox",
    "venture_durations",
    "venture_survival",
]

#: How a curve's pointwise interval is formed from Greenwood's standard error.
IntervalTransform = Literal["log-log", "linear"]
#: Where a venture still open is censored.
CensorAt = Literal["cutoff", "last_snapshot"]
#: The groupings :func:`venture_survival` knows.
SurvivalGroup = Literal["cohort", "district", "legal_form", "support"]
SURVIVAL_GROUPS: Final = ("cohort", "district", "legal_form", "support")
#: The covariates :func:`venture_cox` knows, in the default model's order.
COX_COVARIATES: Final = (
    "supported",
    "guaranteed_loan",
    "limited_company",
    "founder_age",
    "founder_female",
)
_DEFAULT_COX: Final = ("supported", "limited_company", "founder_age", "founder_female")


# --- Kaplan–Meier ---------------------------------------------------------------------------


@frozen(kw_only=True)
class SurvivalPoint:
    """The curve at one time where something happened.

    Attributes:
        time: The time (months for ventures).
        at_risk: Units still under observation just before *time*.
        events: Events at *time*.
        censored: Units censored at *time* (still at risk at it).
        survival: The Kaplan–Meier estimate S(time), after the events at *time*.
        std_error: Greenwood's standard error of S(time); None where S falls to 0 (the
            variance is undefined there).
        low: The lower bound of the pointwise interval.
        high: The upper bound.
    """

    time: float
    at_risk: int
    events: int
    censored: int
    survival: float
    std_error: float | None
    low: float
    high: float


@frozen(kw_only=True)
class SurvivalCurve:
    """A Kaplan–Meier curve: one point per distinct time with an event or a censoring.

    Attributes:
        label: The group the curve describes ("all" without grouping).
        count: Units.
        events: Events.
        points: The points, by time.
        confidence: The intervals' confidence level.
        transform: How the intervals were formed (``"log-log"`` or ``"linear"``).
    """

    label: str
    count: int
    events: int
    points: tuple[SurvivalPoint, ...]
    confidence: float
    transform: IntervalTransform

    @checked
    def at(self, time: float) -> tuple[float, float, float]:
        """S(time) with its interval: the step function, right-continuous (events at *time*
        included); ``(1, 1, 1)`` before the first event."""
        value = (1.0, 1.0, 1.0)
        for point in self.points:
            if point.time > time:
                break
            if point.events:
                value = (point.survival, point.low, point.high)
        return value

    @checked
    def before(self, time: float) -> tuple[float, float, float]:
        """S(time⁻): the curve just before *time* (events at *time* not yet counted)."""
        value = (1.0, 1.0, 1.0)
        for point in self.points:
            if point.time >= time:
                break
            if point.events:
                value = (point.survival, point.low, point.high)
        return value

    @checked
    def survival_at_months(self, months: int) -> tuple[float, float, float] | None:
        """The probability of still being active on the *months*-month anniversary,
        ``S(months⁻)``, with its interval; None when nobody was observed that long (the
        curve ends before it)."""
        if not self.points:
            return None
        last = self.points[-1]
        if last.time < months and last.survival > 0.0:
            return None
        return self.before(months)

    @property
    def median(self) -> float | None:
        """The smallest time with S ≤ 0.5, or None when the curve stays above 0.5."""
        for point in self.points:
            if point.events and point.survival <= 0.5:
                return point.time
        return None


def _check_confidence(confidence: object) -> float:
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not 0 < confidence < 1
    ):
        msg = f"'confidence' must be a number between 0 and 1, got {confidence!r}"
        raise InvalidInputError("confidence", msg)
    return float(confidence)


def _bounds(
    survival: float, std_error: float | None, z: float, transform: IntervalTransform
) -> tuple[float, float]:
    if std_error is None or survival <= 0.0:
        return 0.0, 0.0
    if survival >= 1.0 or std_error == 0.0:
        return survival, survival
    if transform == "linear":
        return max(0.0, survival - z * std_error), min(1.0, survival + z * std_error)
    # log-log: theta = log(-log S), se(theta) = se(S) / (S |log S|)
    log_s = math.log(survival)
    spread = z * std_error / (survival * abs(log_s))
    return survival ** math.exp(spread), survival ** math.exp(-spread)


@checked
def kaplan_meier(
    times: Sequence[float],
    events: Sequence[bool],
    *,
    label: str = "all",
    confidence: float = 0.95,
    transform: IntervalTransform = "log-log",
) -> SurvivalCurve:
    """The Kaplan–Meier (product-limit) estimate with Greenwood's standard errors.

    ``S(t) = Π_{t_j ≤ t} (1 − d_j / n_j)`` and ``Var S(t) = S(t)² Σ_{t_j ≤ t} d_j / (n_j (n_j −
    d_j))`` (Greenwood 1926; Kaplan & Meier 1958; Collett 2015 §2.1–2.2). A unit censored at
    a time of events is at risk at it. Intervals: ``S^exp(±z se/(S |ln S|))`` (log-log, inside
    [0, 1]) or ``S ± z se`` clipped to [0, 1] (linear).

    Args:
        times: Each unit's time (finite, ≥ 0).
        events: Whether each unit's time ends in the event (else it is censored).
        label: The curve's label.
        confidence: The intervals' level.
        transform: ``"log-log"`` or ``"linear"``.

    Raises:
        InvalidInputError: lengths differ, a time is negative or not finite, an event flag is
            not a bool, an unknown transform or a confidence outside (0, 1).

    The 6-MP arm of Freireich et al. (1963), as in Kleinbaum & Klein (2012), Table 2.2:

    >>> t = [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35]
    >>> e = [True] * 9 + [False] * 12
    >>> curve = kaplan_meier(t, e)
    >>> [round(p.survival, 4) for p in curve.points if p.events]
    [0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482]
    """
    level = _check_confidence(confidence)
    if transform not in ("log-log", "linear"):
        msg = f"'transform' must be 'log-log' or 'linear', got {transform!r}"
        raise InvalidInputError("transform", msg)
    if len(times) != len(events):
        msg = f"'times' and 'events' must have the same length, got {len(times)} and {len(events)}"
        raise InvalidInputError("events", msg)
    tally: dict[float, list[int]] = {}
    for time, event in zip(times, events, strict=True):
        if isinstance(time, bool) or not isinstance(time, int | float) or not math.isfinite(time):
            msg = f"'times' must hold finite numbers, got {time!r}"
            raise InvalidInputError("times", msg)
        if time < 0:
            msg = f"'times' must not be negative, got {time!r}"
            raise InvalidInputError("times", msg)
        flag: object = event
        if not isinstance(flag, bool):
            msg = f"'events' must hold true or false, got {flag!r}"
            raise InvalidInputError("events", msg)
        counts = tally.setdefault(float(time), [0, 0])
        counts[0 if event else 1] += 1
    z = normal_quantile(level)
    at_risk = len(times)
    survival = 1.0
    greenwood = 0.0
    points = []
    for time in sorted(tally):
        died, lost = tally[time]
        if died:
            survival *= 1.0 - died / at_risk
            if died < at_risk:
                greenwood += died / (at_risk * (at_risk - died))
        std_error: float | None = None if survival <= 0.0 else survival * math.sqrt(greenwood)
        low, high = _bounds(survival, std_error, z, transform)
        points.append(
            SurvivalPoint(
                time=time,
                at_risk=at_risk,
                events=died,
                censored=lost,
                survival=survival,
                std_error=std_error,
                low=low,
                high=high,
            )
        )
        at_risk -= died + lost
    return SurvivalCurve(
        label=label,
        count=len(times),
        events=sum(e for e in events),
        points=tuple(points),
        confidence=level,
        transform=transform,
    )


# --- the log-rank test -----------------------------------------------------------------------


@frozen(kw_only=True)
class LogRankTest:
    """The log-rank test of equal survival across groups.

    Attributes:
        groups: The group labels, sorted.
        observed: Events observed per group.
        expected: Events expected per group under equal survival.
        statistic: The chi-square statistic ``(O − E)ᵀ V⁻¹ (O − E)`` over all groups but the
            last.
        df: Degrees of freedom (groups in the test − 1).
        p_value: ``P(χ²_df ≥ statistic)``.
        left_out: Groups never at risk beside another group at an event time (a group of
            ventures all registered after the last closure, say): they add nothing to the
            statistic and are left out of it and of *df*.
    """

    groups: tuple[str, ...]
    observed: tuple[int, ...]
    expected: tuple[float, ...]
    statistic: float
    df: int
    p_value: float
    left_out: tuple[str, ...] = ()


def _upper_gamma_regularised(a: float, x: float) -> float:
    """Q(a, x) = Γ(a, x) / Γ(a): the series for x < a + 1, Lentz's continued fraction beyond
    (Press et al., Numerical Recipes, 3rd ed., §6.2)."""
    if x <= 0:
        return 1.0
    log_prefix = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        n = a
        for _ in range(10_000):
            n += 1
            term *= x / n
            total += term
            if abs(term) < abs(total) * 1e-16:
                break
        return max(0.0, 1.0 - total * math.exp(log_prefix))
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return math.exp(log_prefix) * h


@checked
def chi_square_sf(statistic: float, df: int) -> float:
    """``P(χ²_df ≥ statistic)``, the upper tail of the chi-square distribution.

    >>> round(chi_square_sf(3.841458820694124, 1), 6)
    0.05
    """
    if isinstance(df, bool) or not isinstance(df, int) or df < 1:
        msg = f"'df' must be a whole number of at least 1, got {df!r}"
        raise InvalidInputError("df", msg)
    if not math.isfinite(statistic) or statistic < 0:
        msg = f"'statistic' must be a finite number ≥ 0, got {statistic!r}"
        raise InvalidInputError("statistic", msg)
    return _upper_gamma_regularised(df / 2, statistic / 2)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a small, symmetric positive matrix)."""
    size = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-300:
            msg = "the log-rank variance matrix is singular (a group without anyone at risk)"
            raise InvalidInputError("groups", msg)
        a[col], a[pivot] = a[pivot], a[col]
        for row in range(col + 1, size):
            factor = a[row][col] / a[col][col]
            for k in range(col, size + 1):
                a[row][k] -= factor * a[col][k]
    solution = [0.0] * size
    for row in range(size - 1, -1, -1):
        rest = sum(a[row][k] * solution[k] for k in range(row + 1, size))
        solution[row] = (a[row][size] - rest) / a[row][row]
    return solution


@checked
def log_rank(groups: Mapping[str, tuple[Sequence[float], Sequence[bool]]]) -> LogRankTest:
    """The log-rank test that every group has the same survival (Peto & Peto 1972; Collett
    2015 §2.6): at each event time ``t_j``, ``E_gj = d_j n_gj / n_j`` and
    ``V_ghj = d_j (n_j − d_j) / (n_j − 1) · n_gj / n_j · (δ_gh − n_hj / n_j)``.

    Args:
        groups: Each group's ``(times, events)``; at least two groups.

    Raises:
        InvalidInputError: fewer than two groups, or no event at all.

    Freireich's trial, 6-MP against placebo: 16.79 in Kleinbaum & Klein (2012), ch. 2.

    >>> mp = ([6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35],
    ...       [True] * 9 + [False] * 12)
    >>> placebo = ([1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23],
    ...            [True] * 21)
    >>> round(log_rank({"6-MP": mp, "placebo": placebo}).statistic, 2)
    16.79
    """
    labels = tuple(sorted(groups))
    if len(labels) < 2:
        msg = f"'groups' must hold at least two groups, got {len(labels)}"
        raise InvalidInputError("groups", msg)
    per_group: list[dict[float, list[int]]] = []
    for name in labels:
        times, events = groups[name]
        curve = kaplan_meier(times, events)  # checks the data
        per_group.append({p.time: [p.at_risk, p.events, p.censored] for p in curve.points})
    all_times = sorted({t for g in per_group for t, c in g.items() if c[1]})
    if not all_times:
        msg = "'groups' hold no event: the log-rank test needs at least one"
        raise InvalidInputError("groups", msg)
    k = len(labels)
    sizes = [len(groups[name][0]) for name in labels]
    observed = [0] * k
    expected = [0.0] * k
    variance = [[0.0] * k for _ in range(k)]
    # the number at risk in each group at each time: its size minus those gone before
    gone = [0] * k
    ordered = [sorted(g.items()) for g in per_group]
    cursor = [0] * k
    for time in all_times:
        at_risk = []
        died = []
        for g in range(k):
            items = ordered[g]
            while cursor[g] < len(items) and items[cursor[g]][0] < time:
                gone[g] += items[cursor[g]][1][1] + items[cursor[g]][1][2]
                cursor[g] += 1
            at_risk.append(sizes[g] - gone[g])
            here = items[cursor[g]] if cursor[g] < len(items) else None
            died.append(here[1][1] if here is not None and here[0] == time else 0)
        n = sum(at_risk)
        d = sum(died)
        for g in range(k):
            observed[g] += died[g]
            expected[g] += d * at_risk[g] / n
        if n > 1:
            factor = d * (n - d) / (n - 1)
            for g in range(k):
                for h in range(k):
                    share = (1.0 if g == h else 0.0) - at_risk[h] / n
                    variance[g][h] += factor * at_risk[g] / n * share
    # A group never at risk beside others at an event time has a zero row and column in V
    # and O = E: it adds nothing, and the test runs over the others (what a generalised
    # inverse of V gives, as R's survdiff does), with one degree of freedom fewer.
    informative = [g for g in range(k) if variance[g][g] > 0]
    if len(informative) < 2:
        msg = (
            "'groups' must hold at least two groups at risk beside each other at an event "
            f"time, got {len(informative)} of {k}"
        )
        raise InvalidInputError("groups", msg)
    kept = informative[:-1]
    diff = [observed[g] - expected[g] for g in kept]
    reduced = [[variance[g][h] for h in kept] for g in kept]
    solution = _solve(reduced, diff)
    statistic = max(0.0, math.fsum(a * b for a, b in zip(diff, solution, strict=True)))
    df = len(informative) - 1
    return LogRankTest(
        groups=labels,
        observed=tuple(observed),
        expected=tuple(expected),
        statistic=statistic,
        df=df,
        p_value=chi_square_sf(statistic, df),
        left_out=tuple(labels[g] for g in range(k) if g not in informative),
    )


# --- ventures ---------------------------------------------------------------------------------


@frozen(kw_only=True)
class VentureDuration:
    """One venture's time under observation.

    Attributes:
        venture_id: The venture.
        months: Whole months from registration to closure or censoring.
        closed: Whether the time ends in closure (else it is censored).
        registered_on: Its registration.
        region: Its district.
        legal_form: Its legal form.
        supported: Whether it got any support within ``support_within_months`` of
            registration (a fixed baseline fact, so that support later in life does not
            lend it survival time it had before: immortal-time bias).
        guaranteed_loan: Whether that support included a guaranteed loan.
        founder_age: The first founder's age at registration, or None when unknown.
        founder_female: Whether the first founder is a woman, or None when unknown.
    """

    venture_id: str
    months: int
    closed: bool
    registered_on: date
    region: str
    legal_form: LegalForm
    supported: bool
    guaranteed_loan: bool
    founder_age: int | None
    founder_female: bool | None


def _check_censor(censor_at: object) -> CensorAt:
    if censor_at not in ("cutoff", "last_snapshot"):
        msg = f"'censor_at' must be 'cutoff' or 'last_snapshot', got {censor_at!r}"
        raise InvalidInputError("censor_at", msg)
    return censor_at


def _cutoff(caseload: Caseload, as_of: date | None) -> date:
    cutoff = as_of if as_of is not None else data_cutoff(caseload)
    if cutoff is None:
        msg = "'as_of' is needed: the caseload has no dated event to take it from"
        raise InvalidInputError("as_of", msg)
    return cutoff


def _duration(
    venture: Venture,
    cutoff: date,
    censor_at: CensorAt,
    within: int,
    founders: Mapping[str, Any],
) -> VentureDuration:
    closed = venture.closed_on is not None and venture.closed_on <= cutoff
    if closed and venture.closed_on is not None:
        end = venture.closed_on
    elif censor_at == "cutoff":
        end = cutoff
    else:
        seen = [s.as_of for s in venture.snapshots if s.as_of <= cutoff]
        end = max(seen) if seen else venture.registered_on
    baseline = [
        s
        for s in venture.support
        if s.granted_on <= cutoff
        and whole_months_between(venture.registered_on, s.granted_on) < within
    ]
    founder = founders.get(venture.founder_ids[0])
    age = None
    female = None
    if founder is not None:
        if founder.birth_date is not None:
            age = whole_months_between(founder.birth_date, venture.registered_on) // 12
        female = founder.sex is Sex.FEMALE
    return VentureDuration(
        venture_id=venture.id,
        months=whole_months_between(venture.registered_on, end),
        closed=closed,
        registered_on=venture.registered_on,
        region=venture.region,
        legal_form=venture.legal_form,
        supported=bool(baseline),
        guaranteed_loan=any(s.is_loan for s in baseline),
        founder_age=age,
        founder_female=female,
    )


@checked
def venture_durations(
    caseload: Caseload,
    *,
    as_of: date | None = None,
    censor_at: CensorAt = "cutoff",
    support_within_months: int = 3,
) -> tuple[VentureDuration, ...]:
    """Every venture registered by *as_of* with its time and status, sorted by venture id.

    Args:
        caseload: The caseload.
        as_of: The evaluation date (by default :func:`~veteran_services.metrics.data_cutoff`).
        censor_at: Where an open venture is censored: ``"cutoff"`` (the evaluation date) or
            ``"last_snapshot"`` (its latest snapshot by then; registration without one).
        support_within_months: Support granted within this many whole months of
            registration makes a venture "supported".

    Raises:
        InvalidInputError: no *as_of* and no dated event, a bad *censor_at*, or a window
            below 1.
    """
    cutoff = _cutoff(caseload, as_of)
    where = _check_censor(censor_at)
    if (
        isinstance(support_within_months, bool)
        or not isinstance(support_within_months, int)
        or support_within_months < 1
    ):
        msg = f"'support_within_months' must be a whole number ≥ 1, got {support_within_months!r}"
        raise InvalidInputError("support_within_months", msg)
    founders = {v.id: v for v in caseload.veterans}
    return tuple(
        _duration(v, cutoff, where, support_within_months, founders)
        for v in sorted(caseload.ventures, key=lambda v: v.id)
        if v.registered_on <= cutoff
    )


_GROUPERS: Final[dict[str, Callable[[VentureDuration], str]]] = {
    "cohort": lambda d: str(d.registered_on.year),
    "district": lambda d: d.region,
    "legal_form": lambda d: d.legal_form.value,
    "support": lambda d: "supported" if d.supported else "unsupported",
}


@frozen(kw_only=True)
class VentureSurvival:
    """Survival curves of ventures, overall and by group.

    Attributes:
        overall: The curve of every venture.
        curves: One curve per group (empty without grouping), by label.
        by: The grouping, or None.
        log_rank: The log-rank test across the groups (None without grouping, with one
            group, without events, or with fewer than two groups at risk beside each other
            at a closure).
        as_of: The evaluation date.
        censor_at: Where open ventures were censored.
        left_out: Ventures registered after *as_of*.
    """

    overall: SurvivalCurve
    curves: Mapping[str, SurvivalCurve]
    by: str | None
    log_rank: LogRankTest | None
    as_of: date
    censor_at: str
    left_out: int

    @checked
    def survival_table(
        self, months: Iterable[int] = (12, 24, 36)
    ) -> dict[str, dict[int, tuple[float, float, float] | None]]:
        """Survival at each of *months* (``S(m⁻)`` with its interval) per curve ("all"
        first)."""
        spans = tuple(months)
        table = {"all": {m: self.overall.survival_at_months(m) for m in spans}}
        for label, curve in self.curves.items():
            table[label] = {m: curve.survival_at_months(m) for m in spans}
        return table


@checked
def venture_survival(
    caseload: Caseload,
    *,
    as_of: date | None = None,
    by: SurvivalGroup | None = None,
    censor_at: CensorAt = "cutoff",
    support_within_months: int = 3,
    confidence: float = 0.95,
    transform: IntervalTransform = "log-log",
) -> VentureSurvival:
    """Kaplan–Meier curves of ventures from registration to closure, overall and by *by*
    (``"cohort"``: registration year, ``"district"``, ``"legal_form"``, ``"support"``), with
    a log-rank test across the groups.

    Raises:
        InvalidInputError: an unknown grouping, or what :func:`venture_durations` and
            :func:`kaplan_meier` refuse.
    """
    if by is not None and by not in _GROUPERS:
        msg = f"'by' must be one of {', '.join(SURVIVAL_GROUPS)} or None, got {by!r}"
        raise InvalidInputError("by", msg)
    durations = venture_durations(
        caseload, as_of=as_of, censor_at=censor_at, support_within_months=support_within_months
    )
    cutoff = _cutoff(caseload, as_of)

    def curve(items: Sequence[VentureDuration], label: str) -> SurvivalCurve:
        return kaplan_meier(
            [float(d.months) for d in items],
            [d.closed for d in items],
            label=label,
            confidence=confidence,
            transform=transform,
        )

    curves: dict[str, SurvivalCurve] = {}
    test = None
    if by is not None:
        grouped: dict[str, list[VentureDuration]] = {}
        for item in durations:
            grouped.setdefault(_GROUPERS[by](item), []).append(item)
        curves = {label: curve(items, label) for label, items in sorted(grouped.items())}
        if len(grouped) > 1 and any(d.closed for d in durations):
            try:
                test = log_rank(
                    {
                        label: ([float(d.months) for d in items], [d.closed for d in items])
                        for label, items in grouped.items()
                    }
                )
            except InvalidInputError:  # fewer than two groups at risk at a closure: no test
                test = None
    return VentureSurvival(
        overall=curve(durations, "all"),
        curves=curves,
        by=by,
        log_rank=test,
        as_of=cutoff,
        censor_at=censor_at,
        left_out=sum(v.registered_on > cutoff for v in caseload.ventures),
    )


# --- the Cox model -----------------------------------------------------------------------------


@frozen(kw_only=True)
class CoxTerm:
    """One covariate of a Cox model.

    Attributes:
        name: The covariate.
        coefficient: Its log hazard ratio.
        std_error: Its standard error (from the inverse information matrix).
        hazard_ratio: ``exp(coefficient)``.
        low: The lower bound of the hazard ratio's interval.
        high: The upper bound.
        p_value: The Wald test's two-sided p-value.
        ph_rho: The correlation of its Schoenfeld residuals with the rank of the event times
            (proportional hazards holds when it is near 0).
        ph_p_value: The p-value of ``n_events · ρ²`` against χ²₁ (Grambsch & Therneau 1994, an
            approximation to their score test).
    """

    name: str
    coefficient: float
    std_error: float
    hazard_ratio: float
    low: float
    high: float
    p_value: float
    ph_rho: float | None
    ph_p_value: float | None


@frozen(kw_only=True)
class CoxModel:
    """A Cox proportional-hazards model of venture closure (Breslow's ties).

    Attributes:
        terms: One per covariate, in the order asked for.
        count: Ventures in the fit.
        events: Closures among them.
        left_out: Ventures left out because a covariate was unknown (never imputed).
        log_likelihood: The partial log-likelihood at the estimate.
        concordance: Harrell's C (the share of comparable pairs the model orders right).
        confidence: The intervals' level.
        as_of: The evaluation date.
    """

    terms: tuple[CoxTerm, ...]
    count: int
    events: int
    left_out: int
    log_likelihood: float
    concordance: float | None
    confidence: float
    as_of: date

    def term(self, name: str) -> CoxTerm:
        """The term of covariate *name*.

        Raises:
            KeyError: no such covariate in the model.
        """
        for term in self.terms:
            if term.name == name:
                return term
        raise KeyError(name)


def _covariate(duration: VentureDuration, name: str) -> float | None:
    if name == "supported":
        return float(duration.supported)
    if name == "guaranteed_loan":
        return float(duration.guaranteed_loan)
    if name == "limited_company":
        return float(duration.legal_form is LegalForm.LIMITED_COMPANY)
    if name == "founder_age":
        return None if duration.founder_age is None else float(duration.founder_age)
    female = duration.founder_female
    return None if female is None else float(female)


def _check_separation(
    names: Sequence[str], events: Sequence[bool], rows: Sequence[Sequence[float]]
) -> None:
    """Refuse a yes/no covariate one of whose groups has no closure: every closure is then in
    the other group, and the partial likelihood keeps rising as the coefficient runs to
    infinity (monotone likelihood), so no estimate exists."""
    for k, name in enumerate(names):
        values = {row[k] for row in rows}
        if not values <= {0.0, 1.0}:
            continue
        for value in sorted(values):
            group = [e for row, e in zip(rows, events, strict=True) if row[k] == value]
            if group and not any(group):
                msg = (
                    f"the Cox model cannot estimate '{name}': the {len(group)} venture(s) with "
                    f"{name} = {int(value)} have no closure, so its hazard ratio is unbounded "
                    "(monotone likelihood); leave it out with covariates=, or use more ventures"
                )
                raise InvalidInputError("covariates", msg)


def _cox_design(
    durations: Sequence[VentureDuration], covariates: Sequence[str]
) -> tuple[list[float], list[bool], list[list[float]], int]:
    """Times, events and the covariate rows of the ventures with every covariate known, and
    how many were left out."""
    times: list[float] = []
    events: list[bool] = []
    rows: list[list[float]] = []
    left_out = 0
    for item in durations:
        row = [_covariate(item, name) for name in covariates]
        if any(v is None for v in row):
            left_out += 1
            continue
        times.append(float(item.months))
        events.append(item.closed)
        rows.append([float(v) for v in row if v is not None])
    return times, events, rows, left_out


def _statsmodels() -> tuple[Any, Any]:
    try:
        numpy = importlib.import_module("numpy")
        phreg = importlib.import_module("statsmodels.duration.hazard_regression").PHReg
    except ImportError as error:
        msg = (
            "venture_cox needs numpy and statsmodels: install the 'survival' extra "
            "(pip install 'veteran-services[survival]')"
        )
        raise MissingExtraError(msg) from error
    return numpy, phreg


def _concordance(times: Sequence[float], events: Sequence[bool], risk: Sequence[float]) -> float:
    concordant = 0.0
    comparable = 0
    for i, (ti, ei) in enumerate(zip(times, events, strict=True)):
        if not ei:
            continue
        for j, tj in enumerate(times):
            if tj > ti or (tj == ti and not events[j] and i != j):
                comparable += 1
                if risk[i] > risk[j]:
                    concordant += 1
                elif risk[i] == risk[j]:
                    concordant += 0.5
    return concordant / comparable if comparable else math.nan


@checked
def venture_cox(
    caseload: Caseload,
    *,
    as_of: date | None = None,
    covariates: Sequence[str] = _DEFAULT_COX,
    censor_at: CensorAt = "cutoff",
    support_within_months: int = 3,
    confidence: float = 0.95,
) -> CoxModel:
    """A Cox proportional-hazards model of closure: ``h(t | x) = h₀(t) exp(βᵀx)``, fitted by
    partial likelihood with Breslow's ties (statsmodels ``PHReg``; Cox 1972; Collett 2015
    ch. 3). Covariates (:data:`COX_COVARIATES`): ``supported`` (support within
    *support_within_months* of registration), ``guaranteed_loan``, ``limited_company``,
    ``founder_age`` (years at registration), ``founder_female``. A venture with an unknown
    covariate is left out and counted, never given a value.

    Why statsmodels rather than lifelines: statsmodels is already the library's statistics
    dependency (the ``evaluation`` extra), its ``PHReg`` and ``SurvfuncRight`` are the
    reference the tests hold the pure-Python curves to, and lifelines would add its own
    dependency tree (autograd, formulaic, pandas) for the same Breslow fit.

    Raises:
        InvalidInputError: an unknown covariate, no covariate, fewer than two ventures or no
            closure in the fit.
        MissingExtraError: numpy or statsmodels is not installed.
    """
    names = tuple(covariates)
    if not names:
        msg = "'covariates' must name at least one covariate"
        raise InvalidInputError("covariates", msg)
    for name in names:
        if name not in COX_COVARIATES:
            msg = f"'covariates' must be among {', '.join(COX_COVARIATES)}, got {name!r}"
            raise InvalidInputError("covariates", msg)
    if len(set(names)) != len(names):
        msg = f"'covariates' must name each covariate once, got {list(names)!r}"
        raise InvalidInputError("covariates", msg)
    level = _check_confidence(confidence)
    cutoff = _cutoff(caseload, as_of)
    durations = venture_durations(
        caseload, as_of=cutoff, censor_at=censor_at, support_within_months=support_within_months
    )
    times, events, rows, left_out = _cox_design(durations, names)
    if len(times) < 2 or not any(events):
        msg = (
            f"the Cox model needs at least two ventures and one closure with every covariate "
            f"known, got {len(times)} ventures and {sum(events)} closures"
        )
        raise InvalidInputError("caseload", msg)
    _check_separation(names, events, rows)
    np, phreg = _statsmodels()
    model = phreg(
        np.asarray(times, dtype=float),
        np.asarray(rows, dtype=float),
        status=np.asarray(events, dtype=float),
        ties="breslow",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = model.fit()
    failed = [str(w.message) for w in caught if "converge" in str(w.message).lower()]
    if failed or not all(math.isfinite(float(v)) for v in (*result.params, *result.bse)):
        msg = (
            f"the Cox model of closure on {', '.join(names)} did not converge "
            f"({failed[0] if failed else 'infinite estimates'}): a covariate may separate the "
            "closures; leave it out with covariates=, or use more ventures"
        )
        raise InvalidInputError("covariates", msg)
    params = [float(v) for v in result.params]
    errors = [float(v) for v in result.bse]
    pvalues = [float(v) for v in result.pvalues]
    z = normal_quantile(level)
    residuals = result.schoenfeld_residuals
    event_index = [i for i, e in enumerate(events) if e]
    ranks = _ranks([times[i] for i in event_index])
    terms = []
    for k, name in enumerate(names):
        rho = _correlation([float(residuals[i, k]) for i in event_index], ranks)
        ph_p = None if rho is None else chi_square_sf(len(event_index) * rho * rho, 1)
        terms.append(
            CoxTerm(
                name=name,
                coefficient=params[k],
                std_error=errors[k],
                hazard_ratio=math.exp(params[k]),
                low=math.exp(params[k] - z * errors[k]),
                high=math.exp(params[k] + z * errors[k]),
                p_value=pvalues[k],
                ph_rho=rho,
                ph_p_value=ph_p,
            )
        )
    risk = [math.fsum(b * x for b, x in zip(params, row, strict=True)) for row in rows]
    concordance = _concordance(times, events, risk) if len(times) <= 5000 else None
    return CoxModel(
        terms=tuple(terms),
        count=len(times),
        events=sum(events),
        left_out=left_out,
        log_likelihood=float(model.loglike(result.params)),
        concordance=None if concordance is None or math.isnan(concordance) else concordance,
        confidence=level,
        as_of=cutoff,
    )


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    pairs = [(x, y) for x, y in zip(xs, ys, strict=True) if math.isfinite(x)]
    if len(pairs) < 3:
        return None
    mx = math.fsum(x for x, _ in pairs) / len(pairs)
    my = math.fsum(y for _, y in pairs) / len(pairs)
    sxy = math.fsum((x - mx) * (y - my) for x, y in pairs)
    sxx = math.fsum((x - mx) ** 2 for x, _ in pairs)
    syy = math.fsum((y - my) ** 2 for _, y in pairs)
    if sxx <= 0 or syy <= 0:
        return None
    return sxy / math.sqrt(sxx * syy)
