"""Confidence intervals for a binomial proportion: Wilson score and Clopper-Pearson (exact).

Sources: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical
inference", *JASA* 22:209-212; C. J. Clopper & E. S. Pearson (1934), "The use of confidence or
fiducial limits illustrated in the case of the binomial", *Biometrika* 26:404-413;
L. D. Brown, T. T. Cai & A. DasGupta (2001), "Interval estimation for a binomial proportion",
*Statistical Science* 16:101-133; R. G. Newcombe (1998), "Two-sided confidence intervals for the
single proportion: comparison of seven methods", *Statistics in Medicine* 17:857-872.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Literal

from attrs import field, frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.stats._checks import as_count, probability
from veteran_services.stats._special import betaincinv

__all__ = ["Interval", "IntervalMethod", "clopper_pearson_interval", "wilson_interval"]

IntervalMethod = Literal[
    "wilson", "clopper_pearson", "wilson_effective_n", "normal_mean", "greenwood_log_log"
]
"""How an :class:`Interval` was computed; ``"wilson_effective_n"`` is the approximate interval of
a weighted proportion (Wilson's formula with Kish's effective sample size in place of n);
``"normal_mean"`` the normal interval of a mean, ``x̄ ± z s/√n``; ``"greenwood_log_log"`` a
Kaplan–Meier survival probability's log-log interval from Greenwood's variance."""


@frozen(kw_only=True)
class Interval:
    """A two-sided confidence interval.

    Attributes:
        low: Lower bound.
        high: Upper bound (``low <= high``).
        confidence: Nominal coverage, e.g. ``0.95``.
        method: How the interval was computed.
    """

    low: float
    high: float = field()
    confidence: float
    method: IntervalMethod

    @high.validator
    def _high_not_below_low(self, attribute: object, value: float) -> None:
        if not value >= self.low:
            msg = f"'high' must not be below 'low' ({self.low}), got {value}"
            raise InvalidInputError("high", msg)

    @property
    def width(self) -> float:
        """``high - low``."""
        return self.high - self.low

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high


def _check_counts(successes: object, trials: object) -> tuple[int, int]:
    k = as_count(successes, "successes")
    n = as_count(trials, "trials")
    if k > n:
        msg = f"'successes' must not exceed 'trials' ({n}), got {k}"
        raise InvalidInputError("successes", msg)
    return k, n


def normal_quantile(confidence: float) -> float:
    """z = Φ⁻¹(1 − α/2) for a two-sided interval of the given *confidence* = 1 − α."""
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def wilson_bounds(p_hat: float, n: float, z: float) -> tuple[float, float]:
    """Wilson's bounds for a proportion *p_hat* out of a (possibly non-integer) *n* > 0."""
    z2 = z * z
    denominator = 1.0 + z2 / n
    centre = (p_hat + z2 / (2.0 * n)) / denominator
    half_width = z * math.sqrt(p_hat * (1.0 - p_hat) / n + z2 / (4.0 * n * n)) / denominator
    low = 0.0 if p_hat <= 0.0 else max(0.0, min(p_hat, centre - half_width))
    high = 1.0 if p_hat >= 1.0 else min(1.0, max(p_hat, centre + half_width))
    return low, high


@checked
def wilson_interval(successes: int, trials: int, *, confidence: float = 0.95) -> Interval | None:
    """Wilson score interval for a binomial proportion.

    With p̂ = k/n and z = Φ⁻¹(1 − α/2)::

        centre     = (p̂ + z²/2n) / (1 + z²/n)
        half-width = z √(p̂(1 − p̂)/n + z²/4n²) / (1 + z²/n)

    The bounds always lie in [0, 1] and contain p̂ (they are clipped against rounding, and are
    exactly 0 when k = 0 and exactly 1 when k = n). Source: Wilson (1927); recommended by Brown,
    Cai & DasGupta (2001); Newcombe (1998) method 3.

    Args:
        successes: Number of successes k, an integer in [0, trials].
        trials: Number of trials n ≥ 0.
        confidence: Nominal coverage 1 − α, strictly between 0 and 1.

    Returns:
        The interval, or ``None`` when *trials* is 0 (there is nothing to estimate).

    Raises:
        InvalidInputError: a negative or non-integer count, ``successes > trials``, or a
            confidence outside (0, 1).

    >>> ci = wilson_interval(81, 263)  # Newcombe (1998), table II: 0.2553 to 0.3662
    >>> round(ci.low, 4), round(ci.high, 4)
    (0.2553, 0.3662)
    >>> wilson_interval(0, 0) is None
    True
    """
    k, n = _check_counts(successes, trials)
    level = probability(confidence, "confidence", open_interval=True)
    if n == 0:
        return None
    low, high = wilson_bounds(k / n, n, normal_quantile(level))
    return Interval(low=low, high=high, confidence=level, method="wilson")


@checked
def clopper_pearson_interval(
    successes: int, trials: int, *, confidence: float = 0.95
) -> Interval | None:
    """Clopper-Pearson ("exact") interval for a binomial proportion.

    The bounds are quantiles of beta distributions (α = 1 − confidence)::

        low  = B⁻¹(α/2; k, n − k + 1)        (0 when k = 0)
        high = B⁻¹(1 − α/2; k + 1, n − k)    (1 when k = n)

    where B⁻¹ inverts the regularised incomplete beta function, computed here in pure Python
    (continued fraction plus a bracketed Newton iteration). The upper bound is computed as
    1 − B⁻¹(α/2; n − k, k + 1) so that both tails are solved where they are most accurate.
    Source: Clopper & Pearson (1934); Newcombe (1998) method 5; it equals statsmodels'
    ``proportion_confint(method="beta")``.

    Args:
        successes: Number of successes k, an integer in [0, trials].
        trials: Number of trials n ≥ 0.
        confidence: Nominal coverage 1 − α, strictly between 0 and 1.

    Returns:
        The interval, or ``None`` when *trials* is 0.

    Raises:
        InvalidInputError: a negative or non-integer count, ``successes > trials``, or a
            confidence outside (0, 1).

    >>> ci = clopper_pearson_interval(81, 263)  # Newcombe (1998), table II: 0.2527 to 0.3676
    >>> round(ci.low, 4), round(ci.high, 4)
    (0.2527, 0.3676)
    """
    k, n = _check_counts(successes, trials)
    level = probability(confidence, "confidence", open_interval=True)
    if n == 0:
        return None
    tail = (1.0 - level) / 2.0
    low = 0.0 if k == 0 else betaincinv(k, n - k + 1, tail)
    high = 1.0 if k == n else 1.0 - betaincinv(n - k, k + 1, tail)
    return Interval(low=low, high=high, confidence=level, method="clopper_pearson")
