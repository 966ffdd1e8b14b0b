"""Differences of two proportions with an interval: Newcombe's (1998) hybrid score method 10.

For "did this district's rate change since last year" and "does this provider differ from the
city". Source: R. G. Newcombe (1998), "Interval estimation for the difference between
independent proportions: comparison of eleven methods", *Statistics in Medicine* 17:873-890,
method 10 (Table II holds its worked examples, reproduced in the tests).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from attrs import frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.stats._checks import probability
from veteran_services.stats.intervals import _check_counts, normal_quantile, wilson_bounds

__all__ = ["Change", "Difference", "newcombe_difference", "year_on_year"]


@frozen(kw_only=True)
class Difference:
    """A difference p₁ − p₂ of two proportions with its interval.

    Attributes:
        estimate: p₁ − p₂.
        low: Lower bound of Newcombe's method 10 interval, at least −1.
        high: Upper bound, at most 1.
        confidence: The interval's nominal coverage.
        first: p₁ = x₁/n₁.
        second: p₂ = x₂/n₂.
    """

    estimate: float
    low: float
    high: float
    confidence: float
    first: float
    second: float

    @property
    def differs(self) -> bool:
        """Whether the interval excludes 0."""
        return not self.low <= 0.0 <= self.high


@checked
def newcombe_difference(
    x1: int, n1: int, x2: int, n2: int, *, confidence: float = 0.95
) -> Difference:
    """Newcombe's hybrid score interval (method 10) for p₁ − p₂ of independent proportions.

    With (l_i, u_i) the Wilson score limits of p_i = x_i/n_i at the same confidence:
    L = (p₁ − p₂) − √((p₁ − l₁)² + (u₂ − p₂)²) and U = (p₁ − p₂) + √((u₁ − p₁)² + (p₂ − l₂)²).
    Source: Newcombe (1998), *Stat Med* 17:873-890, method 10.

    Args:
        x1: Successes in the first sample (this year, the provider).
        n1: Size of the first sample, at least 1.
        x2: Successes in the second sample (last year, the city).
        n2: Size of the second sample, at least 1.
        confidence: Coverage, in (0, 1).

    Raises:
        InvalidInputError: a count that is not a whole number, x > n, n = 0 or a bad
            confidence.

    >>> d = newcombe_difference(56, 70, 48, 80)  # Newcombe (1998), Table II, example (a)
    >>> round(d.estimate, 4), round(d.low, 4), round(d.high, 4)
    (0.2, 0.0524, 0.3339)
    """
    level = probability(confidence, "confidence", open_interval=True)
    k1, m1 = _check_counts(x1, n1)
    k2, m2 = _check_counts(x2, n2)
    for name, size in (("n1", m1), ("n2", m2)):
        if size == 0:
            msg = f"{name!r} must be at least 1, got 0"
            raise InvalidInputError(name, msg)
    z = normal_quantile(level)
    p1, p2 = k1 / m1, k2 / m2
    l1, u1 = wilson_bounds(p1, m1, z)
    l2, u2 = wilson_bounds(p2, m2, z)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return Difference(
        estimate=d,
        low=max(-1.0, low),
        high=min(1.0, high),
        confidence=level,
        first=p1,
        second=p2,
    )


@frozen(kw_only=True)
class Change:
    """One unit's change between two periods (:func:`year_on_year`).

    Attributes:
        unit: The unit's label.
        current: (successes, size) this period, or ``None`` when the unit has none.
        previous: (successes, size) the period before, or ``None``.
        difference: The Newcombe difference current − previous, ``None`` without both.
        reason: Why there is no difference, else ``None``.
    """

    unit: str
    current: tuple[int, int] | None
    previous: tuple[int, int] | None
    difference: Difference | None
    reason: str | None = None


@checked
def year_on_year(
    current: Mapping[str, tuple[int, int]],
    previous: Mapping[str, tuple[int, int]],
    *,
    confidence: float = 0.95,
) -> tuple[Change, ...]:
    """Each unit's change in a rate between two periods, with Newcombe's method 10 interval.

    Units are listed in label order; a unit missing (or with size 0) in either period gets no
    difference and says why. Source: Newcombe (1998), *Stat Med* 17:873-890, method 10.

    Args:
        current: Unit label → (successes, size) this period.
        previous: Unit label → (successes, size) the period before.
        confidence: Coverage of the intervals.

    Raises:
        InvalidInputError: bad counts (see :func:`newcombe_difference`).

    >>> [c.unit for c in year_on_year({"A": (30, 50), "B": (5, 9)}, {"A": (20, 50)})]
    ['A', 'B']
    """
    changes = []
    for unit in sorted(set(current) | set(previous)):
        now, before = current.get(unit), previous.get(unit)
        if now is None or before is None or now[1] == 0 or before[1] == 0:
            missing = "this period" if now is None or now[1] == 0 else "the period before"
            changes.append(
                Change(
                    unit=unit,
                    current=now,
                    previous=before,
                    difference=None,
                    reason=f"no units {missing}",
                )
            )
            continue
        difference = newcombe_difference(*now, *before, confidence=confidence)
        changes.append(Change(unit=unit, current=now, previous=before, difference=difference))
    return tuple(changes)
