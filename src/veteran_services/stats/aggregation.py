"""Weighted aggregation of normalised indicators into a composite score, with missing values.

Source: OECD & JRC (2008), *Handbook on Constructing Composite Indicators*, §6.2 (linear and
geometric aggregation) and §4 (missing data); COINr ``a_amean``, ``a_gmean``, ``a_hmean``,
``a_genmean`` (Becker et al. 2022).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.stats._checks import (
    as_float,
    probability,
    relative,
    same_length,
    weights_list,
)
from veteran_services.stats._means import log_power_mean

__all__ = ["AggregationMethod", "aggregate"]

AggregationMethod = Literal["arithmetic", "geometric", "harmonic", "power"]
"""How :func:`aggregate` combines values."""

_METHODS = ("arithmetic", "geometric", "harmonic", "power")


@checked
def aggregate(
    values: Sequence[float | None],
    weights: Sequence[float],
    *,
    method: AggregationMethod = "arithmetic",
    power: float | None = None,
    min_coverage: float = 0.0,
) -> float | None:
    """Weighted mean of indicator values, dropping missing ones.

    Missing values (``None``) are dropped together with their weights, and the remaining
    weights are renormalised to sum to 1. With W = Σ w over present values:

    - ``"arithmetic"``: Σ w x / W
    - ``"geometric"``: exp(Σ w ln x / W), needs x > 0
    - ``"harmonic"``: W / Σ (w / x), needs x > 0
    - ``"power"``: (Σ w x^p / W)^(1/p) for p = *power*; p = 0 is the geometric mean; needs
      x ≥ 0 for p > 0 and x > 0 for p ≤ 0.

    Coverage is the present share of the total weight; below *min_coverage* (or when no value
    with positive weight is present) the result is ``None``. Source: OECD/JRC Handbook (2008),
    §6.2; COINr aggregation functions.

    Args:
        values: One value per indicator, or ``None`` when missing.
        weights: One non-negative weight per indicator, not all zero.
        method: The mean to take.
        power: The exponent p, required for (and only for) ``method="power"``.
        min_coverage: Least share of the total weight that must be present, in [0, 1].

    Raises:
        InvalidInputError: mismatched lengths, bad weights, an unknown method, a missing or
            superfluous *power*, a non-finite value, or a value the method cannot take.

    >>> aggregate([0.5, None, 1.0], [1, 1, 2])
    0.8333333333333334
    >>> aggregate([0.5, None, 1.0], [1, 1, 2], min_coverage=0.8) is None
    True
    >>> round(aggregate([1, 4], [1, 1], method="geometric"), 12)
    2.0
    """
    same_length(values, weights, ("values", "weights"))
    ws = relative(weights_list(weights))
    if method not in _METHODS:
        msg = f"'method' must be one of {', '.join(map(repr, _METHODS))}, got {method!r}"
        raise InvalidInputError("method", msg)
    p: float | None = None
    if method == "power":
        if power is None:
            msg = "'power' is required when method='power'"
            raise InvalidInputError("power", msg)
        p = as_float(power, "power")
    elif power is not None:
        msg = f"'power' is only used with method='power', got power={power!r} with {method!r}"
        raise InvalidInputError("power", msg)
    coverage_needed = probability(min_coverage, "min_coverage")

    present: list[tuple[float, float]] = []
    for index, (value, weight) in enumerate(zip(values, ws, strict=True)):
        if value is None:
            continue
        x = as_float(value, f"values[{index}]", argument="values")
        needs_positive = method in ("geometric", "harmonic") or (p is not None and p <= 0.0)
        if x < 0.0 or (needs_positive and x == 0.0):
            need = "positive" if needs_positive else "non-negative"
            msg = f"'values' must be {need} for the {method} mean, got {x!r} at position {index}"
            raise InvalidInputError("values", msg)
        if weight > 0.0:
            present.append((x, weight))

    covered = math.fsum(w for _, w in present)
    if not present or covered / math.fsum(ws) < coverage_needed:
        return None
    low = min(x for x, _ in present)
    high = max(x for x, _ in present)
    if method == "arithmetic" or p == 1.0:
        result = math.fsum(w * x for x, w in present) / covered
    elif method == "geometric" or p == 0.0:
        result = math.exp(math.fsum(w * math.log(x) for x, w in present) / covered)
    elif method == "harmonic" or p == -1.0:
        result = covered / math.fsum(w / x for x, w in present)
    else:
        assert p is not None  # noqa: S101 - narrowed above: method == "power" sets p  # nosec B101
        positive = [(x, w) for x, w in present if x > 0.0]
        # p > 0 here whenever a value is 0, and zeros add nothing to Σ w x^p
        zeros = math.fsum(w for x, w in present if x == 0.0)
        result = math.exp(log_power_mean(positive, p, zero_weight=zeros)) if positive else 0.0
    return min(high, max(low, result))  # a mean lies between the extremes; undo rounding
