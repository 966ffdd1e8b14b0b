"""Normalisation of indicators onto a common scale (composite indicators).

Source: OECD & JRC (2008), *Handbook on Constructing Composite Indicators: Methodology and User
Guide*, §5 (normalisation), and the COINr package (W. Becker et al. 2022, "COINr: an R package
for developing composite indicators", *Journal of Open Source Software* 7(78):4567), whose
``n_minmax``, ``n_zscore``, ``n_goalposts``, ``n_dist2targ`` and ``n_prank`` these follow.

A constant indicator cannot be min-max-normalised or standardised; that is reported as an
error, so that the caller decides what it should mean (goalposts are the usual answer).
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Sequence

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.stats._checks import as_float, finite_floats

__all__ = ["distance_to_target", "goalposts", "minmax", "percentile_rank", "zscore"]


def _nonempty(values: Sequence[float], minimum: int = 1) -> list[float]:
    xs = finite_floats(values, "values")
    if len(xs) < minimum:
        msg = f"'values' must have at least {minimum} item{'s' if minimum > 1 else ''}, got {xs!r}"
        raise InvalidInputError("values", msg)
    return xs


def _constant_error(value: float, hint: str) -> InvalidInputError:
    msg = f"'values' are all equal ({value!r}), so they cannot be {hint}; use goalposts instead"
    return InvalidInputError("values", msg)


@checked
def minmax(values: Sequence[float], *, low: float = 0.0, high: float = 1.0) -> tuple[float, ...]:
    """Min-max normalisation onto [low, high].

    y = low + (x − min) / (max − min) · (high − low). Results are clipped to [low, high]
    against rounding. Source: OECD/JRC Handbook (2008), §5.2 "Min-max"; COINr ``n_minmax``.

    Raises:
        InvalidInputError: empty or non-finite values, constant values, or ``low >= high``.

    >>> minmax([2, 4, 6])
    (0.0, 0.5, 1.0)
    >>> minmax([2, 4, 6], low=1, high=100)
    (1.0, 50.5, 100.0)
    """
    lo = as_float(low, "low")
    hi = as_float(high, "high")
    if not lo < hi:
        msg = f"'low' must be below 'high' ({hi!r}), got {low!r}"
        raise InvalidInputError("low", msg)
    xs = _nonempty(values)
    smallest, largest = min(xs), max(xs)
    if smallest == largest:
        raise _constant_error(smallest, "min-max normalised")
    span = largest - smallest
    return tuple(min(hi, max(lo, lo + (x - smallest) / span * (hi - lo))) for x in xs)


@checked
def zscore(values: Sequence[float], *, sample: bool = True) -> tuple[float, ...]:
    """Standardisation z = (x − mean) / sd.

    With ``sample=True`` sd is the sample standard deviation (divisor n − 1, needs at least two
    values); with ``sample=False`` the population one (divisor n), as ``scipy.stats.zscore``'s
    default ``ddof=0``. Source: OECD/JRC Handbook (2008), §5.2 "Standardisation (z-scores)";
    COINr ``n_zscore`` (sample sd).

    Raises:
        InvalidInputError: too few or non-finite values, or constant values.

    >>> zscore([1, 2, 3])
    (-1.0, 0.0, 1.0)
    """
    xs = _nonempty(values, 2 if sample else 1)
    if min(xs) == max(xs):
        raise _constant_error(xs[0], "standardised")
    mean = statistics.fmean(xs)
    sd = statistics.stdev(xs) if sample else statistics.pstdev(xs)
    if sd < sys.float_info.min:  # a spread that underflows: [1e-320, 2e-320], [0.0, 5e-324]
        msg = f"'values' are too close together to standardise, got {xs!r}"
        raise InvalidInputError("values", msg)
    return tuple((x - mean) / sd for x in xs)


@checked
def goalposts(value: float, *, low: float, high: float, higher_is_better: bool = True) -> float:
    """Goalpost normalisation of one value, clipped to [0, 1].

    y = (x − low) / (high − low), or (high − x) / (high − low) when lower values are better,
    then clipped to [0, 1]. Fixed goalposts make scores comparable across years and units.
    Source: OECD/JRC Handbook (2008), §5.2; UNDP Human Development Report technical notes
    (goalposts); COINr ``n_goalposts``.

    Raises:
        InvalidInputError: a non-finite value or bound, or ``low >= high``.

    >>> goalposts(75, low=50, high=100)
    0.5
    >>> goalposts(120, low=50, high=100), goalposts(40, low=0, high=48, higher_is_better=False)
    (1.0, 0.16666666666666666)
    """
    x = as_float(value, "value")
    lo = as_float(low, "low")
    hi = as_float(high, "high")
    if not lo < hi:
        msg = f"'low' must be below 'high' ({hi!r}), got {low!r}"
        raise InvalidInputError("low", msg)
    score = (x - lo) / (hi - lo) if higher_is_better else (hi - x) / (hi - lo)
    return min(1.0, max(0.0, score))


@checked
def distance_to_target(
    values: Sequence[float], *, target: float, cap: bool = True
) -> tuple[float, ...]:
    """Distance-to-target normalisation (higher is better).

    y = 1 − (t − x) / (t − min) = (x − min) / (t − min): 0 at the worst value, 1 at the target,
    capped at 1 for values beyond it when *cap* is true. Source: OECD/JRC Handbook (2008),
    §5.2 "Distance to a reference"; COINr ``n_dist2targ``.

    Raises:
        InvalidInputError: empty or non-finite values, or a target not above the minimum.

    >>> distance_to_target([0, 5, 10, 20], target=10)
    (0.0, 0.5, 1.0, 1.0)
    >>> distance_to_target([0, 5, 10, 20], target=10, cap=False)
    (0.0, 0.5, 1.0, 2.0)
    """
    t = as_float(target, "target")
    xs = _nonempty(values)
    worst = min(xs)
    if not t > worst:
        msg = f"'target' must be above the smallest value ({worst!r}), got {target!r}"
        raise InvalidInputError("target", msg)
    scores = [max(0.0, (x - worst) / (t - worst)) for x in xs]
    return tuple(min(1.0, s) for s in scores) if cap else tuple(scores)


@checked
def percentile_rank(values: Sequence[float]) -> tuple[float, ...]:
    """Percentile rank in [0, 1]: (r − 1) / (n − 1), with r the rank from the smallest value
    and ties given their lowest rank.

    The smallest value gets 0 and the largest 1. Source: COINr ``n_prank`` (via
    ``dplyr::percent_rank``); OECD/JRC Handbook (2008), §5.2 "Percentile ranks".

    Raises:
        InvalidInputError: fewer than two or non-finite values.

    >>> percentile_rank([10, 30, 20, 20])
    (0.0, 1.0, 0.3333333333333333, 0.3333333333333333)
    """
    xs = _nonempty(values, 2)
    ordered = sorted(xs)
    first_position: dict[float, int] = {}
    for position, x in enumerate(ordered):
        first_position.setdefault(x, position)
    return tuple(first_position[x] / (len(xs) - 1) for x in xs)
