"""Inequality-averse means: the generalised (power) mean of the OECD earnings-quality measure and
the Atkinson index.

Sources: A. B. Atkinson (1970), "On the measurement of inequality", *Journal of Economic Theory*
2:244-263; S. Cazes, A. Hijzen & A. Saint-Martin (2015), "Measuring and assessing job quality:
the OECD Job Quality Framework", OECD Social, Employment and Migration Working Papers 174, §2.1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.stats._checks import (
    as_float,
    finite_floats,
    relative,
    same_length,
    weights_list,
)
from veteran_services.stats._means import log_power_mean

__all__ = ["atkinson_index", "generalised_mean"]


def _checked(
    values: Sequence[float], weights: Sequence[float] | None, *, positive: bool
) -> tuple[list[float], list[float]]:
    xs = finite_floats(values, "values")
    if not xs:
        msg = "'values' must not be empty"
        raise InvalidInputError("values", msg)
    if weights is None:
        ws = [1.0] * len(xs)
    else:
        same_length(values, weights, ("values", "weights"))
        ws = relative(weights_list(weights))
    for index, x in enumerate(xs):
        if x < 0.0 or (positive and x == 0.0):
            need = "positive" if positive else "non-negative"
            msg = f"'values' must be {need} here, got {x!r} at position {index}"
            raise InvalidInputError("values", msg)
    return xs, ws


def _log_generalised_mean(xs: list[float], ws: list[float], beta: float) -> float:
    """ln M_β, or -inf when every weighted value is 0 (possible only for β < 1)."""
    # zeros (allowed only for β < 1, where 1 − β > 0) add nothing to Σ w x^(1−β)
    pairs = [(x, w) for x, w in zip(xs, ws, strict=True) if w > 0.0 and x > 0.0]
    if not pairs:
        return -math.inf
    zeros = math.fsum(w for x, w in zip(xs, ws, strict=True) if x == 0.0)
    return log_power_mean(pairs, 1.0 - beta, zero_weight=zeros)


@checked
def generalised_mean(
    values: Sequence[float], *, beta: float, weights: Sequence[float] | None = None
) -> float:
    """Generalised mean with inequality aversion β (OECD earnings quality).

    M_β = (Σ w x^(1−β) / Σ w)^(1/(1−β)) for β ≠ 1, and the geometric mean
    M_1 = exp(Σ w ln x / Σ w) for β = 1. It is the power mean with exponent 1 − β: β = 0 gives
    the arithmetic mean, β = 2 the harmonic mean; higher β weighs low values more and M_β never
    increases with β. Source: Cazes, Hijzen & Saint-Martin (2015), OECD Job Quality Framework,
    earnings quality; Atkinson (1970).

    Args:
        values: Non-negative values (positive when β ≥ 1, where a zero would make the mean 0
            or undefined).
        beta: Inequality aversion, any finite number (OECD uses β ≥ 0).
        weights: Optional non-negative weights, not all zero.

    Raises:
        InvalidInputError: empty or non-finite values, a negative value, a zero value with
            β ≥ 1, or bad weights.

    >>> generalised_mean([1, 4], beta=1)  # geometric mean
    2.0
    >>> round(generalised_mean([1, 4], beta=2), 12)  # harmonic mean 2 / (1 + 1/4)
    1.6
    """
    aversion = as_float(beta, "beta")
    xs, ws = _checked(values, weights, positive=aversion >= 1.0)
    log_mean = _log_generalised_mean(xs, ws, aversion)
    if log_mean == -math.inf:
        return 0.0
    result = math.exp(log_mean)
    # keep the mean inside [min, max] of the weighted values despite rounding
    present = [x for x, w in zip(xs, ws, strict=True) if w > 0.0]
    return min(max(result, min(present)), max(present))


@checked
def atkinson_index(
    values: Sequence[float], *, beta: float, weights: Sequence[float] | None = None
) -> float:
    """Atkinson inequality index A_β = 1 − M_β / μ, with M_β the generalised mean and μ the
    (weighted) arithmetic mean.

    A_β is 0 when all values are equal and tends to 1 as inequality grows; it is clamped to
    [0, 1] against rounding. Source: Atkinson (1970); Cazes, Hijzen & Saint-Martin (2015).

    Args:
        values: Non-negative values, not all zero (positive when β ≥ 1).
        beta: Inequality aversion β ≥ 0.
        weights: Optional non-negative weights, not all zero.

    Raises:
        InvalidInputError: negative β, all values zero, or any input
            :func:`generalised_mean` rejects.

    >>> round(atkinson_index([1, 4], beta=1), 12)  # 1 − 2 / 2.5
    0.2
    """
    aversion = as_float(beta, "beta")
    if aversion < 0.0:
        msg = f"'beta' must not be negative for the Atkinson index, got {beta!r}"
        raise InvalidInputError("beta", msg)
    xs, ws = _checked(values, weights, positive=aversion >= 1.0)
    total = math.fsum(ws)
    mean = math.fsum(w * x for x, w in zip(xs, ws, strict=True)) / total
    if mean == 0.0:
        msg = "'values' must not all be zero (the Atkinson index divides by the mean)"
        raise InvalidInputError("values", msg)
    general = generalised_mean(xs, beta=aversion, weights=ws)
    return min(1.0, max(0.0, 1.0 - general / mean))
