"""Fair comparison of providers and districts: funnel-plot control limits, the DerSimonian-Laird
between-unit variance for over-dispersed indicators, and ranks with explicit ties.

Sources: D. J. Spiegelhalter (2005), "Funnel plots for comparing institutional performance",
*Statistics in Medicine* 24:1185-1202, and (2005) "Handling over-dispersion of performance
indicators", *Quality and Safety in Health Care* 14:347-351; R. DerSimonian & N. Laird (1986),
"Meta-analysis in clinical trials", *Controlled Clinical Trials* 7:177-188.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from attrs import frozen

from veteran_services.errors import InvalidInputError
from veteran_services.stats._checks import (
    as_float,
    finite_floats,
    probability,
    same_length,
)
from veteran_services.stats.intervals import normal_quantile

__all__ = [
    "FunnelLimit",
    "TieMethod",
    "dersimonian_laird_tau2",
    "funnel_limits",
    "rank",
]


@frozen(kw_only=True)
class FunnelLimit:
    """Control limits of a funnel plot at one level for one group size.

    Attributes:
        level: Nominal coverage, e.g. ``0.95`` or ``0.998``.
        z: The normal quantile Φ⁻¹(1 − (1 − level)/2).
        low: Lower limit, at least 0.
        high: Upper limit, at most 1.
    """

    level: float
    z: float
    low: float
    high: float

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high


def funnel_limits(
    overall_rate: float,
    n: float,
    *,
    levels: Sequence[float] = (0.95, 0.998),
    tau2: float = 0.0,
) -> tuple[FunnelLimit, ...]:
    """Funnel-plot control limits for a proportion observed in a group of size *n*.

    limits = p ± z √(p(1 − p)/n + τ²), clipped to [0, 1], with p the overall (target) rate and
    z = Φ⁻¹(1 − (1 − level)/2): about 1.96 at 95 % and 3.09 at 99.8 %. τ² = 0 gives the plain
    binomial (normal approximation) limits; a positive τ² from :func:`dersimonian_laird_tau2`
    widens them for over-dispersion (additive random effects). A group is flagged only when it
    falls outside the limits. Source: Spiegelhalter (2005), *Stat Med* (funnel plots for
    proportions; over-dispersion by additive random effects).

    Args:
        overall_rate: The overall rate p, in [0, 1].
        n: The group size (denominator), positive.
        levels: Coverage levels, each in (0, 1).
        tau2: Between-group variance τ² ≥ 0, on the proportion scale.

    Returns:
        One :class:`FunnelLimit` per level, in the order given.

    Raises:
        InvalidInputError: a rate outside [0, 1], n ≤ 0, a level outside (0, 1) or τ² < 0.

    >>> inner, outer = funnel_limits(0.2, 100)
    >>> round(inner.low, 4), round(inner.high, 4), round(outer.z, 4)
    (0.1216, 0.2784, 3.0902)
    """
    p = probability(overall_rate, "overall_rate")
    size = as_float(n, "n")
    if not size > 0.0:
        msg = f"'n' must be positive, got {n!r}"
        raise InvalidInputError("n", msg)
    extra = as_float(tau2, "tau2")
    if extra < 0.0:
        msg = f"'tau2' must not be negative, got {tau2!r}"
        raise InvalidInputError("tau2", msg)
    if isinstance(levels, (str, bytes)) or not levels:
        msg = f"'levels' must be a non-empty sequence of coverage levels, got {levels!r}"
        raise InvalidInputError("levels", msg)
    spread = math.sqrt(p * (1.0 - p) / size + extra)
    limits = []
    for index, level in enumerate(levels):
        coverage = probability(level, f"levels[{index}]", open_interval=True, argument="levels")
        z = normal_quantile(coverage)
        limits.append(
            FunnelLimit(
                level=coverage,
                z=z,
                low=max(0.0, p - z * spread),
                high=min(1.0, p + z * spread),
            )
        )
    return tuple(limits)


def _winsorise(values: list[float], share: float) -> list[float]:
    """Set the ⌊share · n⌋ smallest (largest) values to the next larger (smaller) one."""
    count = int(share * len(values))
    if count == 0:
        return list(values)
    order = sorted(range(len(values)), key=values.__getitem__)
    floor = values[order[count]]
    ceiling = values[order[len(values) - count - 1]]
    return [min(ceiling, max(floor, v)) for v in values]


def dersimonian_laird_tau2(
    estimates: Sequence[float],
    standard_errors: Sequence[float],
    *,
    target: float | None = None,
    winsorise: float = 0.0,
) -> float:
    """DerSimonian-Laird moment estimate of the between-unit variance τ².

    With weights w_i = 1/s_i² and z_i = (y_i − θ)/s_i::

        τ² = max(0, (Q − (k − 1)) / (Σ w − Σ w² / Σ w)),   Q = Σ z_i²

    where θ is the inverse-variance weighted mean (classical DerSimonian & Laird 1986) or, for an
    over-dispersed funnel plot, the given *target* (the overall rate); in that case the
    z-scores are first winsorised, setting the *winsorise* share at each end to the nearest
    remaining z (Spiegelhalter 2005 uses 10 %), and Q = k φ̂ with φ̂ the mean squared
    winsorised z-score. Source: DerSimonian & Laird (1986); Spiegelhalter (2005), *Stat Med*
    and *Qual Saf Health Care*.

    Args:
        estimates: One estimate y_i per unit (e.g. each provider's rate).
        standard_errors: One positive standard error s_i per unit (for a proportion,
            √(p(1 − p)/n_i) with p the overall rate).
        target: The value the units are compared with; the weighted mean when omitted.
        winsorise: Share of z-scores to winsorise at each end, in [0, 0.5).

    Raises:
        InvalidInputError: fewer than two units, mismatched lengths, a non-positive standard
            error, or a winsorising share outside [0, 0.5).

    >>> round(dersimonian_laird_tau2([0.1, 0.3, 0.5], [0.1, 0.1, 0.1]), 12)  # (8 − 2) / 200
    0.03
    """
    ys = finite_floats(estimates, "estimates")
    same_length(ys, standard_errors, ("estimates", "standard_errors"))
    ses = finite_floats(standard_errors, "standard_errors")
    if len(ys) < 2:
        msg = f"'estimates' must have at least two units, got {len(ys)}"
        raise InvalidInputError("estimates", msg)
    for index, se in enumerate(ses):
        if not se > 0.0:
            msg = f"'standard_errors' must be positive, got {se!r} at position {index}"
            raise InvalidInputError("standard_errors", msg)
    share = as_float(winsorise, "winsorise")
    if not 0.0 <= share < 0.5:
        msg = f"'winsorise' must be in [0, 0.5), got {winsorise!r}"
        raise InvalidInputError("winsorise", msg)
    # Work with 1/s² and z scaled by s_min so that nothing overflows for tiny errors:
    # w'_i = (s_min/s_i)² = s_min² w_i and z'_i = s_min z_i, hence
    # τ² = (Σ z'² − (k − 1) s_min²) / (Σ w' − Σ w'² / Σ w').
    smallest = min(ses)
    ws = [(smallest / se) ** 2 for se in ses]
    total = math.fsum(ws)
    if target is None:
        centre = math.fsum(w * y for w, y in zip(ws, ys, strict=True)) / total
    else:
        centre = as_float(target, "target")
    z = [(y - centre) * (smallest / se) for y, se in zip(ys, ses, strict=True)]
    z = _winsorise(z, share)
    q = math.fsum(v * v for v in z)
    k = len(ys)
    denominator = total - math.fsum(w * w for w in ws) / total
    if not denominator > 0.0:
        # Σw − Σw²/Σw = Σ_{i≠j} w_i w_j / Σw > 0 for k ≥ 2; only underflow can get here
        msg = f"'standard_errors' are too uneven to estimate τ² ({ses!r})"
        raise InvalidInputError("standard_errors", msg)
    return max(0.0, (q - (k - 1) * smallest * smallest) / denominator)


TieMethod = Literal["min", "max", "average", "dense", "ordinal"]
"""How :func:`rank` ranks tied values: the lowest, highest or mean of their positions, dense
ranks (1, 2, 2, 3), or ordinal ranks in input order."""

_TIES = ("min", "max", "average", "dense", "ordinal")


def rank(
    values: Sequence[float], *, ties: TieMethod = "min", descending: bool = True
) -> tuple[float, ...]:
    """Ranks 1..n of full-precision values, highest first by default, with explicit ties.

    Ties follow ``scipy.stats.rankdata``: ``"min"`` (competition ranking 1, 2, 2, 4),
    ``"max"`` (1, 3, 3, 4), ``"average"`` (1, 2.5, 2.5, 4), ``"dense"`` (1, 2, 2, 3) and
    ``"ordinal"`` (1, 2, 3, 4, ties in input order). Values are compared exactly as given;
    round them first if ties should be declared at a published precision. Source: OECD/JRC
    Handbook (2008), §5.2 (ranking); Spiegelhalter (2005) on rank tables.

    Raises:
        InvalidInputError: non-finite values or an unknown tie method.

    >>> rank([10, 30, 20, 30])
    (4.0, 1.0, 3.0, 1.0)
    >>> rank([10, 30, 20, 30], ties="average", descending=False)
    (1.0, 3.5, 2.0, 3.5)
    """
    xs = finite_floats(values, "values")
    if ties not in _TIES:
        msg = f"'ties' must be one of {', '.join(map(repr, _TIES))}, got {ties!r}"
        raise InvalidInputError("ties", msg)
    keyed = [-x for x in xs] if descending else xs
    order = sorted(range(len(xs)), key=keyed.__getitem__)  # stable: ties keep input order
    ranks = [0.0] * len(xs)
    position = 0
    dense = 0
    while position < len(order):
        end = position
        while end + 1 < len(order) and keyed[order[end + 1]] == keyed[order[position]]:
            end += 1
        dense += 1
        for offset, index in enumerate(order[position : end + 1]):
            if ties == "min":
                ranks[index] = float(position + 1)
            elif ties == "max":
                ranks[index] = float(end + 1)
            elif ties == "average":
                ranks[index] = (position + end + 2) / 2.0
            elif ties == "dense":
                ranks[index] = float(dense)
            else:
                ranks[index] = float(position + offset + 1)
        position = end + 1
    return tuple(ranks)
