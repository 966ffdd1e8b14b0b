"""Funnel limits and over-dispersion against the references, re-implemented step by step.

FunnelPlotR 0.6.0 (github.com/nhs-r-community/FunnelPlotR, commit 9020d49) is the reference
implementation of Spiegelhalter (2005) that analysts use. Each step below is written out with
numpy from its R source, file and function named at the step, and compared with
:mod:`veteran_services.stats.funnel` to 1e-9 on 5, 9 and 30 groups. The exact binomial limits
(Spiegelhalter 2005, *Stat Med* 24:1185-1202, Appendix A.1.1) are checked against a direct
search over ``scipy.stats.binom``.

One deliberate difference: FunnelPlotR hard-codes z = 1.959964 and 3.090232 in
R/calculate_limits.R; the library uses the exact Φ⁻¹(0.975) and Φ⁻¹(0.999). The tests use the
exact quantiles and show separately that the rounded ones move a limit by less than 1e-6.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binom, norm

from veteran_services.stats import (
    dersimonian_laird_tau2,
    funnel_limits,
    proportion_dispersion,
    ratio_dispersion,
    ratio_funnel_limits,
)

LEVELS = (0.95, 0.998)


def _groups(k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """k groups of sizes 20..400 whose true rates vary (over-dispersed around 0.6)."""
    rng = np.random.default_rng(seed)
    n = rng.integers(20, 400, size=k)
    true = np.clip(rng.normal(0.6, 0.08, size=k), 0.05, 0.95)
    return rng.binomial(n, true).astype(float), n.astype(float)


DATA = {k: _groups(k, seed) for k, seed in ((5, 11), (9, 12), (30, 13))}


def _quantile7(x: np.ndarray, q: float) -> float:
    """R's stats::quantile(type = 7), the default FunnelPlotR's winsorisation() calls."""
    result = np.quantile(x, q, method="linear")  # numpy's "linear" is R's type 7
    return float(result)


def _funnelplotr_pr(numerator: np.ndarray, denominator: np.ndarray) -> dict[str, object]:
    """FunnelPlotR's steps for data_type = "PR", trim_by = 0.1."""
    # R/funnel_plot.R, funnel_plot(): target <- sum(numerator) / sum(denominator)
    target = numerator.sum() / denominator.sum()
    # R/od_adjustment.R, transformed_zscore(), data_type == "PR"
    target_transformed = math.asin(math.sqrt(target))
    y = np.arcsin(np.sqrt(numerator / denominator))
    s = 1 / (2 * np.sqrt(denominator))
    uzscore = (y - target_transformed) / s
    # R/od_adjustment.R, winsorisation(): cap at quantile(Uzscore, 0.1) and quantile(.., 0.9)
    lz, uz = _quantile7(uzscore, 0.1), _quantile7(uzscore, 0.9)
    wuzscore = np.where(uzscore < lz, lz, np.where(uzscore > uz, uz, uzscore))
    # R/funnel_plot.R: n <- sum(!is.na(Wuzscore)); R/od_adjustment.R, phi_func()
    n = len(wuzscore)
    phi = (1 / n) * np.sum(wuzscore**2)
    # R/od_adjustment.R, tau_func()
    if n * phi < n - 1:
        tau2 = 0.0
    else:
        w = 1 / s**2
        tau2 = max(0.0, (n * phi - (n - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    # R/funnel_plot.R: draw_adjusted is switched off when phi <= 1 (plain limits drawn)
    limit_tau2 = tau2 if phi > 1 else 0.0
    # R/calculate_limits.R, calculate_limits(), data_type == "PR" (exact z instead of 1.959964)
    limits = []
    for level in LEVELS:
        z = norm.ppf(0.5 + level / 2)
        spread = np.sqrt(s**2 + limit_tau2)
        low = np.sin(np.maximum(0.0, target_transformed - z * spread)) ** 2
        high = np.sin(np.minimum(math.pi / 2, target_transformed + z * spread)) ** 2
        limits.append((np.clip(low, 0, 1), np.clip(high, 0, 1)))
    return {"target": target, "z": uzscore, "phi": phi, "tau2": tau2, "limits": limits}


@pytest.mark.parametrize("k", [5, 9, 30])
def test_proportion_dispersion_and_limits_follow_funnelplotr(k: int) -> None:
    numerator, denominator = DATA[k]
    reference = _funnelplotr_pr(numerator, denominator)
    result = proportion_dispersion(list(numerator), list(denominator))
    assert result.target == pytest.approx(reference["target"], abs=1e-12)
    np.testing.assert_allclose(result.z, reference["z"], rtol=0, atol=1e-9)
    assert result.phi == pytest.approx(reference["phi"], rel=0, abs=1e-9)
    assert result.tau2 == pytest.approx(reference["tau2"], rel=0, abs=1e-9)
    assert result.tau2 > 0.0  # the planted variation is found at every size
    for n_index, n in enumerate(denominator):
        ours = funnel_limits(
            result.target, float(n), tau2=result.limit_tau2, method="arcsine", levels=LEVELS
        )
        for limit, (low, high) in zip(ours, reference["limits"], strict=True):
            assert limit.low == pytest.approx(float(low[n_index]), abs=1e-9)
            assert limit.high == pytest.approx(float(high[n_index]), abs=1e-9)


@pytest.mark.parametrize("k", [5, 9])
def test_old_count_rule_trims_nothing_below_ten_groups(k: int) -> None:
    """The issue's finding: ⌊0.1 k⌋ = 0 groups trimmed with k < 10, so the old rule's τ²
    (kept as rule="count") exceeds FunnelPlotR's when an extreme group is present."""
    numerator, denominator = DATA[k]
    numerator = numerator.copy()
    numerator[0] = denominator[0] * 0.98  # one extreme group
    new = proportion_dispersion(list(numerator), list(denominator))
    old = proportion_dispersion(list(numerator), list(denominator), rule="count")
    assert old.trimmed == old.z
    assert old.tau2 > new.tau2


def test_count_rule_equals_the_old_dersimonian_laird_call() -> None:
    numerator, denominator = DATA[30]
    p = numerator.sum() / denominator.sum()
    ses = np.sqrt(p * (1 - p) / denominator)
    old = dersimonian_laird_tau2(list(numerator / denominator), list(ses), target=p, winsorise=0.1)
    new = proportion_dispersion(list(numerator), list(denominator), scale="normal", rule="count")
    assert new.tau2 == pytest.approx(old, rel=1e-12)


def _funnelplotr_sr(observed: np.ndarray, expected: np.ndarray, method: str) -> dict[str, float]:
    """FunnelPlotR's steps for data_type = "SR" with sr_method "SHMI" (log) or "CQC" (sqrt)."""
    if method == "SHMI":
        # R/od_adjustment.R, transformed_zscore(): s = 1/sqrt(E), Uzscore = sqrt(E) log(O/E)
        s = 1 / np.sqrt(expected)
        uzscore = np.sqrt(expected) * np.log(observed / expected)
        # R/od_adjustment.R, truncation(): rank groups sp = floor(rk k / (N + 1)), k = 1/0.1
        groups = 1 / 0.1
        ranks = np.argsort(np.argsort(uzscore)) + 1.0  # no ties in these data
        sp = np.floor(ranks * groups / (len(ranks) + 1))
        keep = (sp > 0) & (sp < groups - 1)
        wuzscore, s = uzscore[keep], s[keep]
    else:
        # R/od_adjustment.R, transformed_zscore(): Y = sqrt(O/E), s = 1/(2 sqrt(E)), target 1
        s = 1 / (2 * np.sqrt(expected))
        uzscore = (np.sqrt(observed / expected) - 1) / s
        lz, uz = _quantile7(uzscore, 0.1), _quantile7(uzscore, 0.9)
        wuzscore = np.where(uzscore < lz, lz, np.where(uzscore > uz, uz, uzscore))
    # R/od_adjustment.R, phi_func() and tau_func(), on the kept z-scores and their s
    n = len(wuzscore)
    phi = np.sum(wuzscore**2) / n
    w = 1 / s**2
    tau2 = (
        0.0
        if n * phi < n - 1
        else max(0.0, (n * phi - (n - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    )
    return {"phi": float(phi), "tau2": float(tau2)}


@pytest.mark.parametrize("k", [5, 9, 30])
@pytest.mark.parametrize(("scale", "method"), [("log", "SHMI"), ("sqrt", "CQC")])
def test_ratio_dispersion_and_limits_follow_funnelplotr(k: int, scale: str, method: str) -> None:
    numerator, denominator = DATA[k]
    expected = denominator * 0.6
    observed = np.maximum(numerator, 1.0)
    reference = _funnelplotr_sr(observed, expected, method)
    result = ratio_dispersion(list(observed), list(expected), scale=scale)  # type: ignore[arg-type]
    assert result.phi == pytest.approx(reference["phi"], rel=0, abs=1e-9)
    assert result.tau2 == pytest.approx(reference["tau2"], rel=0, abs=1e-9)
    for e in expected:
        limits = ratio_funnel_limits(float(e), tau2=result.tau2, scale=scale)  # type: ignore[arg-type]
        for limit, level in zip(limits, LEVELS, strict=True):
            z = norm.ppf(0.5 + level / 2)
            if scale == "log":
                # R/calculate_limits.R, sr_method == "SHMI": exp(± z sqrt(1/E + tau2))
                spread = math.sqrt(1 / e + result.tau2)
                assert limit.low == pytest.approx(math.exp(-z * spread), abs=1e-9)
                assert limit.high == pytest.approx(math.exp(z * spread), abs=1e-9)
            else:
                # R/calculate_limits.R, sr_method == "CQC": 1 ± z sqrt(s² + tau2) on the
                # square-root scale; the library squares them back onto the ratio scale
                spread = math.sqrt(1 / (4 * e) + result.tau2)
                assert math.sqrt(limit.high) == pytest.approx(1 + z * spread, abs=1e-9)
                assert math.sqrt(limit.low) == pytest.approx(max(0.0, 1 - z * spread), abs=1e-9)


def test_rounded_z_of_funnelplotr_moves_limits_by_less_than_1e6() -> None:
    exact = funnel_limits(0.6635, 20, method="arcsine")
    angle, s = math.asin(math.sqrt(0.6635)), 1 / (2 * math.sqrt(20))
    for limit, z in zip(exact, (1.959964, 3.090232), strict=True):
        assert abs(limit.high - math.sin(angle + z * s) ** 2) < 1e-6


def _exact_by_search(p: float, n: int, q: float) -> float:
    """Spiegelhalter (2005) Appendix A.1.1 by a direct search over scipy's binomial CDF:
    r = min{r: F(r) ≥ q}; α = (F(r) − q)/(F(r) − F(r − 1)); limit (r − α)/n."""
    cdf = binom.cdf(np.arange(n + 1), n, p)
    r = int(np.argmax(cdf >= q))
    previous = 0.0 if r == 0 else float(cdf[r - 1])
    alpha = (float(cdf[r]) - q) / (float(cdf[r]) - previous)
    return min(1.0, max(0.0, (r - alpha) / n))


def test_issue_example_exact_and_arcsine() -> None:
    """p = 0.6635, n = 20, 99.8 %: the issue quotes about 0.300-0.937 (exact binomial) and
    0.325-0.927 (FunnelPlotR's arcsine scale) against 0.337-0.990 before."""
    exact = funnel_limits(0.6635, 20)[1]
    arcsine = funnel_limits(0.6635, 20, method="arcsine")[1]
    normal = funnel_limits(0.6635, 20, method="normal")[1]
    assert (round(exact.low, 3), round(exact.high, 3)) == (0.300, 0.937)
    assert (round(arcsine.low, 3), round(arcsine.high, 3)) == (0.325, 0.927)
    assert (round(normal.low, 3), round(normal.high, 3)) == (0.337, 0.990)


@pytest.mark.parametrize(
    ("p", "n"),
    [(0.6635, 20), (0.05, 7), (0.5, 1), (0.93, 150), (0.2, 1000), (0.01, 333), (0.999, 50)],
)
@pytest.mark.parametrize("level", [0.8, 0.95, 0.998])
def test_exact_limits_match_direct_search(p: float, n: int, level: float) -> None:
    (limit,) = funnel_limits(p, n, levels=[level])
    tail = (1 - level) / 2
    assert limit.low == pytest.approx(_exact_by_search(p, n, tail), abs=1e-9)
    assert limit.high == pytest.approx(_exact_by_search(p, n, 1 - tail), abs=1e-9)


@given(
    st.floats(min_value=0.001, max_value=0.999),
    st.integers(min_value=1, max_value=3000),
    st.sampled_from([0.9, 0.95, 0.99, 0.998]),
)
def test_exact_limits_match_direct_search_property(p: float, n: int, level: float) -> None:
    (limit,) = funnel_limits(p, n, levels=[level])
    tail = (1 - level) / 2
    assert limit.low == pytest.approx(_exact_by_search(p, n, tail), abs=1e-9)
    assert limit.high == pytest.approx(_exact_by_search(p, n, 1 - tail), abs=1e-9)
    assert limit.low <= limit.high


def test_exact_limits_agree_with_normal_for_large_n() -> None:
    exact = funnel_limits(0.6635, 5000)[1]
    normal = funnel_limits(0.6635, 5000, method="normal")[1]
    assert abs(exact.low - normal.low) < 2e-3
    assert abs(exact.high - normal.high) < 2e-3
