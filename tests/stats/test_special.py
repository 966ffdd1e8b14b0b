"""The pure-Python regularised incomplete beta function and its inverse, against scipy."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from scipy import special

from veteran_services.stats._special import betainc, betaincinv, log_beta

shapes = st.floats(min_value=0.05, max_value=2e5)
probabilities = st.floats(min_value=1e-12, max_value=1 - 1e-12) | st.sampled_from(
    [0.0005, 0.001, 0.005, 0.025, 0.05, 0.5, 0.975]
)


def test_closed_forms() -> None:
    # I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b
    assert betainc(1.0, 1.0, 0.3) == pytest.approx(0.3, rel=1e-14)
    assert betainc(3.0, 1.0, 0.3) == pytest.approx(0.3**3, rel=1e-13)
    assert betainc(1.0, 4.0, 0.3) == pytest.approx(1 - 0.7**4, rel=1e-13)
    assert betainc(2.0, 2.0, 0.0) == 0.0
    assert betainc(2.0, 2.0, 1.0) == 1.0
    assert betaincinv(2.0, 2.0, 0.0) == 0.0
    assert betaincinv(2.0, 2.0, 1.0) == 1.0
    assert log_beta(2.0, 3.0) == pytest.approx(math.log(1 / 12), rel=1e-14)


@pytest.mark.parametrize("b", [3.0, 12.5, 359805.5640666, 1e7, 1e12])
def test_log_beta_closed_forms_for_large_arguments(b: float) -> None:
    """B(1, b) = 1/b and B(2, b) = 1/(b(b+1)); with ln Γ differences these lose up to 1e-9
    for b ≈ 4e5 (found against scipy.special.betaln, which has that error itself)."""
    assert log_beta(1.0, b) == pytest.approx(-math.log(b), rel=1e-14, abs=1e-14)
    assert log_beta(2.0, b) == pytest.approx(-math.log(b) - math.log1p(b), rel=1e-14, abs=1e-14)
    assert log_beta(b, 1.0) == log_beta(1.0, b)
    # B(b, b) = B(b, b + 1) · (2b) / b  =  2 B(b, b + 1)
    assert log_beta(b, b) == pytest.approx(math.log(2) + log_beta(b, b + 1), rel=1e-13)


@given(shapes, shapes, st.floats(min_value=0.0, max_value=1.0))
def test_betainc_matches_scipy(a: float, b: float, x: float) -> None:
    assert betainc(a, b, x) == pytest.approx(special.betainc(a, b, x), abs=1e-10)


@given(shapes, shapes, probabilities)
def test_betaincinv_matches_scipy(a: float, b: float, p: float) -> None:
    expected = special.betaincinv(a, b, p)
    assert betaincinv(a, b, p) == pytest.approx(expected, abs=1e-11, rel=1e-9)


@given(shapes, shapes, probabilities)
@example(a=492.0, b=0.125, p=0.9375)  # x a few float steps below 1: found by Hypothesis
def test_betaincinv_inverts_betainc(a: float, b: float, p: float) -> None:
    x = betaincinv(a, b, p)
    assert 0.0 <= x <= 1.0
    if 0.0 < x < 1.0:
        # p must lie within the tolerance of the range betainc covers between x's neighbouring
        # floats: near x = 1 (large a, small b) one float step moves betainc by more than 1e-6
        # of p, so no float x recovers p closer than that (an ill-conditioned inverse)
        slack = 1e-6 * p + 1e-12
        low = betainc(a, b, math.nextafter(x, 0.0))
        high = betainc(a, b, math.nextafter(x, 1.0))
        assert low - slack <= p <= high + slack
