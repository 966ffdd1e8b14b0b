"""The pure-Python regularised incomplete beta function and its inverse, against scipy."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
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


@given(shapes, shapes, st.floats(min_value=0.0, max_value=1.0))
def test_betainc_matches_scipy(a: float, b: float, x: float) -> None:
    assert betainc(a, b, x) == pytest.approx(special.betainc(a, b, x), abs=1e-10)


@given(shapes, shapes, probabilities)
def test_betaincinv_matches_scipy(a: float, b: float, p: float) -> None:
    expected = special.betaincinv(a, b, p)
    assert betaincinv(a, b, p) == pytest.approx(expected, abs=1e-11, rel=1e-9)


@given(shapes, shapes, probabilities)
def test_betaincinv_inverts_betainc(a: float, b: float, p: float) -> None:
    x = betaincinv(a, b, p)
    assert 0.0 <= x <= 1.0
    if 0.0 < x < 1.0:
        assert betainc(a, b, x) == pytest.approx(p, rel=1e-6, abs=1e-12)
