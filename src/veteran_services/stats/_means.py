"""The weighted power mean, computed in logs so that it neither overflows nor loses precision
as the exponent approaches 0 (where it tends to the geometric mean)."""

from __future__ import annotations

import math

__all__ = ["log_power_mean"]


def log_power_mean(
    pairs: list[tuple[float, float]], p: float, *, zero_weight: float = 0.0
) -> float:
    """ln M_p = (1/p) ln (Σ w x^p / W) for (x, w) *pairs* with x > 0 and w > 0.

    W = Σ w + *zero_weight*, the weight of values equal to 0, which add nothing to the sum
    (only allowed for p > 0). p = 0 gives the log of the geometric mean, Σ w ln x / W. For
    |p ln x| ≤ 1 the sum is taken as W + Σ w expm1(p ln x) − zero_weight and its log with
    log1p, which keeps full precision for tiny p; otherwise by log-sum-exp, which never
    overflows.
    """
    logs = [(math.log(x), w) for x, w in pairs]
    total = math.fsum(w for _, w in logs) + zero_weight
    if p == 0.0:
        return math.fsum(w * lx for lx, w in logs) / total
    if max(abs(p * lx) for lx, _ in logs) <= 1.0:
        excess = math.fsum([*(w * math.expm1(p * lx) for lx, w in logs), -zero_weight])
        return math.log1p(excess / total) / p
    terms = [p * lx + math.log(w) for lx, w in logs]
    top = max(terms)
    return (top + math.log(math.fsum(math.exp(t - top) for t in terms)) - math.log(total)) / p
