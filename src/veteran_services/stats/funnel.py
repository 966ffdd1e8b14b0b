"""Fair comparison of providers and districts: funnel-plot control limits, the DerSimonian-Laird
between-unit variance for over-dispersed indicators, and ranks with explicit ties.

Limits for a proportion come three ways (:data:`FunnelMethod`): the exact binomial limits with
Spiegelhalter's interpolation (the default), the arcsine (variance-stabilised) limits as the R
package FunnelPlotR draws them, and the normal approximation p ± z √(p(1 − p)/n). A ratio of
observed to expected counts gets its limits on the log or square-root scale
(:func:`ratio_funnel_limits`). Over-dispersion is estimated by FunnelPlotR's rule
(:func:`proportion_dispersion`, :func:`ratio_dispersion`): z-scores winsorised at their
interpolated 10 % and 90 % quantiles, the dispersion ratio φ and the DerSimonian-Laird τ² added
to the limits' variance.

Sources: D. J. Spiegelhalter (2005), "Funnel plots for comparing institutional performance",
*Statistics in Medicine* 24:1185-1202 (Appendix A.1.1: exact limits with interpolation), and
(2005) "Handling over-dispersion of performance indicators", *Quality and Safety in Health Care*
14:347-351; R. DerSimonian & N. Laird (1986), "Meta-analysis in clinical trials", *Controlled
Clinical Trials* 7:177-188; FunnelPlotR 0.6.0 (T. Mitchell, NHS-R community), R/od_adjustment.R
(``transformed_zscore``, ``winsorisation``, ``truncation``, ``phi_func``, ``tau_func``) and
R/calculate_limits.R (``calculate_limits``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from attrs import frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.stats._checks import (
    as_float,
    finite_floats,
    probability,
    same_length,
)
from veteran_services.stats._special import betainc
from veteran_services.stats.intervals import normal_quantile

__all__ = [
    "Dispersion",
    "DispersionRule",
    "FunnelLimit",
    "FunnelMethod",
    "RatioScale",
    "TieMethod",
    "binomial_tails",
    "dersimonian_laird_tau2",
    "funnel_limits",
    "proportion_dispersion",
    "rank",
    "ratio_dispersion",
    "ratio_funnel_limits",
]

FunnelMethod = Literal["exact", "arcsine", "normal"]
"""How :func:`funnel_limits` draws the limits of a proportion: ``"exact"`` binomial quantiles
with Spiegelhalter's (2005) interpolation, ``"arcsine"`` limits sin²(asin √p ± z √(1/(4n) + τ²))
as FunnelPlotR draws them, or the ``"normal"`` approximation p ± z √(p(1 − p)/n + τ²)."""

_METHODS = ("exact", "arcsine", "normal")

RatioScale = Literal["log", "sqrt"]
"""The scale of a ratio's (observed/expected) limits: ``"log"`` (FunnelPlotR's "SHMI" method,
exp(± z √(1/E + τ²))) or ``"sqrt"`` (its "CQC" method, (1 ± z √(1/(4E) + τ²))²)."""

_SCALES = ("log", "sqrt")

DispersionRule = Literal["quantile", "truncate", "count"]
"""How the z-scores are trimmed before φ and τ² are estimated: ``"quantile"`` winsorises them
at their interpolated quantiles (FunnelPlotR's ``winsorisation``, R's default quantile type 7);
``"truncate"`` leaves out the z-scores in the lowest and highest of 1/trim rank groups
(FunnelPlotR's ``truncation``, used for SHMI ratios); ``"count"`` is this library's rule
before 0.x: set the ⌊trim · k⌋ most extreme z-scores at each end to the next one, which trims
nothing with fewer than 1/trim groups."""

_RULES = ("quantile", "truncate", "count")


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


@checked
def funnel_limits(
    overall_rate: float,
    n: float,
    *,
    levels: Sequence[float] = (0.95, 0.998),
    tau2: float = 0.0,
    method: FunnelMethod = "exact",
) -> tuple[FunnelLimit, ...]:
    """Funnel-plot control limits for a proportion observed in a group of size *n*.

    With p the overall (target) rate, z = Φ⁻¹(1 − (1 − level)/2) (about 1.96 at 95 % and 3.09
    at 99.8 %) and the tail share a = (1 − level)/2:

    * ``"exact"`` (default): the a and 1 − a quantiles of Binomial(n, p), interpolated as
      Spiegelhalter (2005, *Stat Med*, Appendix A.1.1) describes so that the limits change
      smoothly with n: with r the smallest count whose cumulative probability F(r) reaches the
      tail share q, the limit is (r − α)/n, α = (F(r) − q)/(F(r) − F(r − 1)). Needs a whole n
      and τ² = 0 (over-dispersed limits are drawn on the arcsine or normal scale).
    * ``"arcsine"``: sin²(asin √p ± z √(1/(4n) + τ²)), τ² on the arcsine scale (FunnelPlotR,
      R/calculate_limits.R, ``data_type = "PR"``); an angle below 0 or above π/2 gives the
      limit 0 or 1 (FunnelPlotR truncates the non-monotone part of the curve the same way).
    * ``"normal"``: p ± z √(p(1 − p)/n + τ²), τ² on the proportion scale (the limits before
      0.x; they agree with the exact ones from n ≈ 1000).

    Limits are clipped to [0, 1]. A group is flagged only when it falls outside the limits.
    Sources: Spiegelhalter (2005), *Stat Med* (Appendix A.1.1); FunnelPlotR 0.6.0,
    R/calculate_limits.R.

    Args:
        overall_rate: The overall rate p, in [0, 1].
        n: The group size (denominator), positive; a whole number for ``"exact"``.
        levels: Coverage levels, each in (0, 1).
        tau2: Between-group variance τ² ≥ 0, on the method's scale.
        method: ``"exact"``, ``"arcsine"`` or ``"normal"`` (:data:`FunnelMethod`).

    Returns:
        One :class:`FunnelLimit` per level, in the order given.

    Raises:
        InvalidInputError: a rate outside [0, 1], n ≤ 0, a level outside (0, 1), τ² < 0, an
            unknown method, or a fractional n or a positive τ² with ``"exact"``.

    >>> inner, outer = funnel_limits(0.6635, 20)
    >>> round(outer.low, 4), round(outer.high, 4)
    (0.3004, 0.9369)
    >>> outer = funnel_limits(0.6635, 20, method="arcsine")[1]
    >>> round(outer.low, 4), round(outer.high, 4)
    (0.3249, 0.9271)
    >>> inner, outer = funnel_limits(0.2, 100, method="normal")
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
    if method not in _METHODS:
        msg = f"'method' must be one of {', '.join(map(repr, _METHODS))}, got {method!r}"
        raise InvalidInputError("method", msg)
    if method == "exact":
        if size != math.floor(size) or size > 2.0**53:
            msg = f"'n' must be a whole number for exact binomial limits, got {n!r}"
            raise InvalidInputError("n", msg)
        if extra > 0.0:
            msg = (
                f"'tau2' must be 0 for exact binomial limits, got {tau2!r}; over-dispersed "
                "limits are drawn with method='arcsine' (τ² on the arcsine scale) or 'normal'"
            )
            raise InvalidInputError("tau2", msg)
    if isinstance(levels, (str, bytes)) or not levels:
        msg = f"'levels' must be a non-empty sequence of coverage levels, got {levels!r}"
        raise InvalidInputError("levels", msg)
    limits = []
    for index, level in enumerate(levels):
        coverage = probability(level, f"levels[{index}]", open_interval=True, argument="levels")
        z = normal_quantile(coverage)
        if method == "exact":
            tail = (1.0 - coverage) / 2.0
            low = _exact_limit(p, int(size), tail, upper=False)
            high = _exact_limit(p, int(size), tail, upper=True)
        elif method == "arcsine":
            angle = math.asin(math.sqrt(p))
            spread = math.sqrt(1.0 / (4.0 * size) + extra)
            low = _sin2(angle - z * spread)
            high = _sin2(angle + z * spread)
        else:
            spread = math.sqrt(p * (1.0 - p) / size + extra)
            low, high = p - z * spread, p + z * spread
        limits.append(
            FunnelLimit(
                level=coverage,
                z=z,
                low=min(1.0, max(0.0, low)),
                high=min(1.0, max(0.0, high)),
            )
        )
    return tuple(limits)


@checked
def binomial_tails(count: int, n: int, rate: float) -> tuple[float, float]:
    """P(Y ≤ count) and P(Y ≥ count) for Y ~ Binomial(n, rate): the exact one-sided tests.

    :func:`funnel_limits` with ``"exact"`` draws Spiegelhalter's interpolated quantiles
    (r − α)/n, which are exact for a count spread uniformly over (r − 1, r]; a count at the
    upper quantile r itself lies just above the drawn limit (by less than 1/n) although
    P(Y ≥ r) exceeds the tail share, so a table flags against these tails instead: "above"
    when P(Y ≥ count) ≤ (1 − level)/2, "below" when P(Y ≤ count) ≤ (1 − level)/2. With 7 of 7
    at a rate of 0.75 the drawn 99.8 % limit is 0.9989 but P(Y ≥ 7) = 0.13: not flagged.
    Computed from the regularised incomplete beta function (I_{1−p}(n − k, k + 1) and
    I_p(k, n − k + 1)). Sources: Spiegelhalter (2005), *Stat Med*, Appendix A.1.1 (the
    interpolated limits); Johnson, Kemp & Kotz (2005), *Univariate Discrete Distributions*,
    §3.3 (the binomial tails as incomplete beta functions).

    Args:
        count: The observed count k, a whole number in [0, n].
        n: The group size, a whole number ≥ 1.
        rate: The overall rate p, in [0, 1].

    Raises:
        InvalidInputError: a count or n that is not a whole number, a count outside [0, n], or
            a rate outside [0, 1].

    >>> low, high = binomial_tails(7, 7, 0.75)
    >>> round(low, 6), round(high, 6)
    (1.0, 0.133484)
    """
    p = probability(rate, "rate")
    for name, value, least in (("n", n, 1), ("count", count, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            msg = f"{name!r} must be a whole number of at least {least}, got {value!r}"
            raise InvalidInputError(name, msg)
    if count > n:
        msg = f"'count' must not exceed 'n', got {count!r} > {n!r}"
        raise InvalidInputError("count", msg)
    if p in (0.0, 1.0):
        mass = n * int(p)
        return (1.0 if count >= mass else 0.0), (1.0 if count <= mass else 0.0)
    lower = 1.0 if count >= n else betainc(float(n - count), count + 1.0, 1.0 - p)
    upper = 1.0 if count <= 0 else betainc(float(count), float(n - count + 1), p)
    return lower, upper


def _sin2(angle: float) -> float:
    """sin² of an arcsine-scale limit, 0 below angle 0 and 1 above π/2 (monotone in the angle)."""
    if angle <= 0.0:
        return 0.0
    if angle >= math.pi / 2.0:
        return 1.0
    return math.sin(angle) ** 2


def _binomial_log_pmf(r: int, n: int, p: float) -> float:
    return (
        math.lgamma(n + 1.0)
        - math.lgamma(r + 1.0)
        - math.lgamma(n - r + 1.0)
        + r * math.log(p)
        + (n - r) * math.log1p(-p)
    )


def _exact_limit(p: float, n: int, tail: float, *, upper: bool) -> float:
    """Spiegelhalter's interpolated binomial quantile (r − α)/n for the lower or upper tail.

    The quantile is r = min{r: F(r) ≥ q} with q = tail (lower) or 1 − tail (upper), found by
    bisection on F(r) = I_{1−p}(n − r, r + 1); in the upper tail the survival function
    S(r) = 1 − F(r) = I_p(r + 1, n − r) is used directly, so that q near 1 loses no digits.
    """
    if p in (0.0, 1.0):
        # a point mass at r = n p: F(r) − F(r − 1) = 1, α = 1 − q
        count = n * p
        q = 1.0 - tail if upper else tail
        return (count - (1.0 - q)) / n

    def below(r: int) -> bool:
        """Whether F(r) < q, i.e. r is still short of the quantile."""
        if r >= n:
            return False
        if r < 0:
            return True
        if upper:
            return betainc(r + 1.0, float(n - r), p) > tail  # S(r) > 1 − q
        return betainc(float(n - r), r + 1.0, 1.0 - p) < tail

    low, high = -1, n  # below(low) holds, below(high) does not
    while high - low > 1:
        middle = (low + high) // 2
        if below(middle):
            low = middle
        else:
            high = middle
    r = high
    pmf = math.exp(_binomial_log_pmf(r, n, p))
    if pmf == 0.0:  # pragma: no cover - only for n far beyond any caseload
        return r / n
    if upper:
        survival = 0.0 if r >= n else betainc(r + 1.0, float(n - r), p)
        alpha = (tail - survival) / pmf  # (F(r) − q)/pmf with F = 1 − S, q = 1 − tail
    else:
        cumulative = 1.0 if r >= n else betainc(float(n - r), r + 1.0, 1.0 - p)
        alpha = (cumulative - tail) / pmf
    return (r - alpha) / n


def _winsorise(values: list[float], share: float) -> list[float]:
    """Set the ⌊share · n⌋ smallest (largest) values to the next larger (smaller) one."""
    count = int(share * len(values))
    if count == 0:
        return list(values)
    order = sorted(range(len(values)), key=values.__getitem__)
    floor = values[order[count]]
    ceiling = values[order[len(values) - count - 1]]
    return [min(ceiling, max(floor, v)) for v in values]


@checked
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


@frozen(kw_only=True)
class Dispersion:
    """Over-dispersion of a funnel plot's groups, estimated by FunnelPlotR's rule.

    Attributes:
        scale: The scale of the z-scores: ``"arcsine"`` or ``"normal"`` for a proportion,
            ``"log"`` or ``"sqrt"`` for a ratio.
        target: The funnel's centre on the original scale (the overall rate, or 1 for ratios).
        z: Each group's z-score before trimming, in input order.
        trimmed: Each group's z-score after trimming (winsorised), ``None`` for a group left
            out (truncated), in input order.
        phi: The dispersion ratio φ = mean of the squared trimmed z-scores.
        tau2: The DerSimonian-Laird between-group variance τ² on the z-scores' scale
            (0 when k φ < k − 1).
        adjusted: Whether the over-dispersed limits apply: FunnelPlotR draws (and flags
            against) them only when φ > 1; otherwise the plain limits.
        rule: How the z-scores were trimmed (:data:`DispersionRule`).
        trim: The share trimmed at each end.
    """

    scale: str
    target: float
    z: tuple[float, ...]
    trimmed: tuple[float | None, ...]
    phi: float
    tau2: float
    adjusted: bool
    rule: DispersionRule
    trim: float

    @property
    def limit_tau2(self) -> float:
        """The τ² the limits use: :attr:`tau2` when :attr:`adjusted`, else 0."""
        return self.tau2 if self.adjusted else 0.0


def _quantile7(values: Sequence[float], share: float) -> float:
    """R's default ``quantile(type = 7)``: linear interpolation at h = (k − 1) share."""
    ordered = sorted(values)
    h = (len(ordered) - 1) * share
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def _average_ranks(values: Sequence[float]) -> list[float]:
    return list(rank(values, ties="average", descending=False))


def _trim(z: Sequence[float], trim: float, rule: DispersionRule) -> list[float | None]:
    if rule == "quantile":  # FunnelPlotR R/od_adjustment.R, winsorisation()
        low, high = _quantile7(z, trim), _quantile7(z, 1.0 - trim)
        return [low if v < low else high if v > high else v for v in z]
    if rule == "truncate":  # FunnelPlotR R/od_adjustment.R, truncation()
        groups = 1.0 / trim
        positions = [math.floor(r * groups / (len(z) + 1)) for r in _average_ranks(z)]
        return [v if 0 < g < groups - 1 else None for v, g in zip(z, positions, strict=True)]
    return list(_winsorise(list(z), trim))


def _dispersion(
    scale: str,
    target: float,
    z: list[float],
    s: list[float],
    *,
    trim: float,
    rule: DispersionRule,
) -> Dispersion:
    if rule not in _RULES:
        msg = f"'rule' must be one of {', '.join(map(repr, _RULES))}, got {rule!r}"
        raise InvalidInputError("rule", msg)
    share = as_float(trim, "trim")
    if not 0.0 < share < 0.5:
        msg = f"'trim' must be strictly between 0 and 0.5, got {trim!r}"
        raise InvalidInputError("trim", msg)
    trimmed = _trim(z, share, rule)
    kept = [(v, se) for v, se in zip(trimmed, s, strict=True) if v is not None]
    k = len(kept)
    if k == 0:
        msg = f"'trim' {trim!r} leaves no group to estimate the dispersion from"
        raise InvalidInputError("trim", msg)
    phi = math.fsum(v * v for v, _ in kept) / k
    tau2 = 0.0
    if k * phi >= k - 1:  # FunnelPlotR R/od_adjustment.R, tau_func()
        smallest = min(se for _, se in kept)
        ws = [(smallest / se) ** 2 for _, se in kept]  # w_i = 1/s_i², scaled by s_min²
        total = math.fsum(ws)
        denominator = (total - math.fsum(w * w for w in ws) / total) / (smallest * smallest)
        if denominator > 0.0:
            tau2 = max(0.0, (k * phi - (k - 1)) / denominator)
    return Dispersion(
        scale=scale,
        target=target,
        z=tuple(z),
        trimmed=tuple(trimmed),
        phi=phi,
        tau2=tau2,
        adjusted=phi > 1.0,
        rule=rule,
        trim=share,
    )


def _counts(
    numerators: Sequence[float], denominators: Sequence[float], names: tuple[str, str]
) -> tuple[list[float], list[float]]:
    tops = finite_floats(numerators, names[0])
    same_length(tops, denominators, names)
    bottoms = finite_floats(denominators, names[1])
    if len(tops) < 2:
        msg = f"{names[0]!r} must have at least two groups, got {len(tops)}"
        raise InvalidInputError(names[0], msg)
    for index, (top, bottom) in enumerate(zip(tops, bottoms, strict=True)):
        if not bottom > 0.0:
            msg = f"{names[1]!r} must be positive, got {bottom!r} at position {index}"
            raise InvalidInputError(names[1], msg)
        if top < 0.0:
            msg = f"{names[0]!r} must not be negative, got {top!r} at position {index}"
            raise InvalidInputError(names[0], msg)
    return tops, bottoms


@checked
def proportion_dispersion(
    numerators: Sequence[float],
    denominators: Sequence[float],
    *,
    scale: Literal["arcsine", "normal"] = "arcsine",
    trim: float = 0.1,
    rule: DispersionRule = "quantile",
) -> Dispersion:
    """Over-dispersion of group proportions k_i/n_i around the overall rate, FunnelPlotR's way.

    Steps (FunnelPlotR 0.6.0, R/funnel_plot.R ``funnel_plot`` with ``data_type = "PR"``, and
    R/od_adjustment.R): the target is p = Σ k_i / Σ n_i; on the ``"arcsine"`` scale
    (``transformed_zscore``) y_i = asin √(k_i/n_i), s_i = 1/(2 √n_i) and
    z_i = (y_i − asin √p)/s_i (on the ``"normal"`` scale y_i = k_i/n_i, s_i = √(p(1 − p)/n_i),
    z_i = (y_i − p)/s_i, Spiegelhalter 2005 *QSHC*); the z-scores are trimmed by *rule*
    (``winsorisation``: capped at their interpolated *trim* and 1 − *trim* quantiles);
    φ = Σ z̃²/k (``phi_func``); τ² = 0 when k φ < k − 1, else
    max(0, (k φ − (k − 1)) / (Σ w − Σ w²/Σ w)) with w_i = 1/s_i² (``tau_func``). The limits are
    widened by τ² (on the same scale) only when φ > 1 (:attr:`Dispersion.adjusted`). Sources:
    FunnelPlotR as named; Spiegelhalter (2005), *QSHC*; DerSimonian & Laird (1986).

    Args:
        numerators: Each group's count k_i ≥ 0.
        denominators: Each group's size n_i > 0, with k_i ≤ n_i.
        scale: ``"arcsine"`` (FunnelPlotR) or ``"normal"`` (the proportion scale).
        trim: Share trimmed at each end, in (0, 0.5).
        rule: ``"quantile"`` (FunnelPlotR), ``"truncate"`` or ``"count"`` (the old rule).

    Raises:
        InvalidInputError: fewer than two groups, mismatched lengths, a count outside
            [0, n_i], an overall rate of 0 or 1 on the normal scale, or bad settings.

    >>> d = proportion_dispersion([5, 20, 30, 60, 90], [50, 60, 100, 150, 200])
    >>> round(d.phi, 4), round(d.tau2, 6), d.adjusted
    (3.4777, 0.007976, True)
    """
    ks, ns = _counts(numerators, denominators, ("numerators", "denominators"))
    for index, (k, n) in enumerate(zip(ks, ns, strict=True)):
        if k > n:
            msg = f"'numerators' must not exceed 'denominators', got {k!r} > {n!r} at {index}"
            raise InvalidInputError("numerators", msg)
    if scale not in ("arcsine", "normal"):
        msg = f"'scale' must be 'arcsine' or 'normal', got {scale!r}"
        raise InvalidInputError("scale", msg)
    p = math.fsum(ks) / math.fsum(ns)
    if scale == "arcsine":
        centre = math.asin(math.sqrt(p))
        s = [1.0 / (2.0 * math.sqrt(n)) for n in ns]
        z = [
            (math.asin(math.sqrt(k / n)) - centre) / se for k, n, se in zip(ks, ns, s, strict=True)
        ]
    else:
        if not 0.0 < p < 1.0:
            msg = f"the overall rate must be strictly between 0 and 1 on the normal scale, got {p}"
            raise InvalidInputError("numerators", msg)
        s = [math.sqrt(p * (1.0 - p) / n) for n in ns]
        z = [(k / n - p) / se for k, n, se in zip(ks, ns, s, strict=True)]
    return _dispersion(scale, p, z, s, trim=trim, rule=rule)


@checked
def ratio_dispersion(
    observed: Sequence[float],
    expected: Sequence[float],
    *,
    scale: RatioScale = "sqrt",
    trim: float = 0.1,
    rule: DispersionRule | None = None,
) -> Dispersion:
    """Over-dispersion of ratios O_i/E_i (indirectly standardised) around 1, FunnelPlotR's way.

    FunnelPlotR 0.6.0, R/od_adjustment.R ``transformed_zscore`` with ``data_type = "SR"``: on
    the ``"log"`` scale (``sr_method = "SHMI"``) z_i = √E_i log(O_i/E_i), s_i = 1/√E_i, and
    the z-scores are truncated by default (``truncation``); on the ``"sqrt"`` scale
    (``sr_method = "CQC"``) z_i = (√(O_i/E_i) − 1)/s_i, s_i = 1/(2 √E_i), winsorised by
    default. φ and τ² then as in :func:`proportion_dispersion`. Sources: FunnelPlotR as named;
    Spiegelhalter (2005), *QSHC* (log and square-root scales for ratios).

    Args:
        observed: Each unit's observed count O_i ≥ 0 (> 0 on the log scale).
        expected: Each unit's expected count E_i > 0.
        scale: ``"sqrt"`` (default; defined for O_i = 0) or ``"log"``.
        trim: Share trimmed at each end, in (0, 0.5).
        rule: How to trim; by default ``"truncate"`` on the log scale and ``"quantile"`` on
            the square-root scale, as FunnelPlotR does.

    Raises:
        InvalidInputError: fewer than two units, mismatched lengths, E_i ≤ 0, O_i < 0, O_i = 0
            on the log scale, or bad settings.

    >>> d = ratio_dispersion([12, 30, 9, 41, 20], [10.5, 24.0, 14.2, 30.1, 21.7])
    >>> round(d.phi, 4), round(d.tau2, 6)
    (1.0531, 0.004057)
    """
    os_, es = _counts(observed, expected, ("observed", "expected"))
    if scale not in _SCALES:
        msg = f"'scale' must be one of {', '.join(map(repr, _SCALES))}, got {scale!r}"
        raise InvalidInputError("scale", msg)
    if scale == "log":
        for index, o in enumerate(os_):
            if o == 0.0:
                msg = (
                    f"'observed' must be positive on the log scale, got 0 at position {index}; "
                    "use scale='sqrt'"
                )
                raise InvalidInputError("observed", msg)
        s = [1.0 / math.sqrt(e) for e in es]
        z = [math.sqrt(e) * math.log(o / e) for o, e in zip(os_, es, strict=True)]
        chosen: DispersionRule = "truncate" if rule is None else rule
    else:
        s = [1.0 / (2.0 * math.sqrt(e)) for e in es]
        z = [(math.sqrt(o / e) - 1.0) / se for o, e, se in zip(os_, es, s, strict=True)]
        chosen = "quantile" if rule is None else rule
    return _dispersion(scale, 1.0, z, s, trim=trim, rule=chosen)


@checked
def ratio_funnel_limits(
    expected: float,
    *,
    levels: Sequence[float] = (0.95, 0.998),
    tau2: float = 0.0,
    scale: RatioScale = "sqrt",
) -> tuple[FunnelLimit, ...]:
    """Funnel limits around 1 for a ratio O/E (observed over expected count) with expected E.

    ``"log"``: exp(± z √(1/E + τ²)) (FunnelPlotR R/calculate_limits.R, ``sr_method = "SHMI"``).
    ``"sqrt"``: (1 ± z √(1/(4E) + τ²))², the square-root-scale limits 1 ± z √(s² + τ²) of
    FunnelPlotR's ``sr_method = "CQC"`` brought back to the ratio scale (FunnelPlotR 0.6.0
    draws 1 ± z √(s² + τ²) itself against the ratio, which agrees to first order); a negative
    lower bound on the square-root scale gives 0. τ² is on the chosen scale
    (:func:`ratio_dispersion`). Sources: FunnelPlotR 0.6.0, R/calculate_limits.R;
    Spiegelhalter (2005), *QSHC*.

    Args:
        expected: The expected count E > 0.
        levels: Coverage levels, each in (0, 1).
        tau2: Between-unit variance τ² ≥ 0 on the scale.
        scale: ``"sqrt"`` or ``"log"`` (:data:`RatioScale`).

    Raises:
        InvalidInputError: E ≤ 0, a level outside (0, 1), τ² < 0 or an unknown scale.

    >>> inner, outer = ratio_funnel_limits(25.0, scale="log")
    >>> round(inner.low, 4), round(inner.high, 4)
    (0.6757, 1.4799)
    """
    e = as_float(expected, "expected")
    if not e > 0.0:
        msg = f"'expected' must be positive, got {expected!r}"
        raise InvalidInputError("expected", msg)
    extra = as_float(tau2, "tau2")
    if extra < 0.0:
        msg = f"'tau2' must not be negative, got {tau2!r}"
        raise InvalidInputError("tau2", msg)
    if scale not in _SCALES:
        msg = f"'scale' must be one of {', '.join(map(repr, _SCALES))}, got {scale!r}"
        raise InvalidInputError("scale", msg)
    if isinstance(levels, (str, bytes)) or not levels:
        msg = f"'levels' must be a non-empty sequence of coverage levels, got {levels!r}"
        raise InvalidInputError("levels", msg)
    limits = []
    for index, level in enumerate(levels):
        coverage = probability(level, f"levels[{index}]", open_interval=True, argument="levels")
        z = normal_quantile(coverage)
        if scale == "log":
            spread = math.sqrt(1.0 / e + extra)
            low, high = math.exp(-z * spread), math.exp(z * spread)
        else:
            spread = math.sqrt(1.0 / (4.0 * e) + extra)
            low, high = max(0.0, 1.0 - z * spread) ** 2, (1.0 + z * spread) ** 2
        limits.append(FunnelLimit(level=coverage, z=z, low=low, high=high))
    return tuple(limits)


TieMethod = Literal["min", "max", "average", "dense", "ordinal"]
"""How :func:`rank` ranks tied values: the lowest, highest or mean of their positions, dense
ranks (1, 2, 2, 3), or ordinal ranks in input order."""

_TIES = ("min", "max", "average", "dense", "ordinal")


@checked
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
