"""Generalised mean and Atkinson index: closed forms, scipy.stats.pmean, properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import pmean

from veteran_services.errors import InvalidInputError
from veteran_services.stats import atkinson_index, generalised_mean

positive = st.floats(min_value=1e-3, max_value=1e6)
samples = st.lists(positive, min_size=1, max_size=30)
betas = st.floats(min_value=-3.0, max_value=8.0)


def test_classical_means() -> None:
    """β = 0, 1, 2 give the arithmetic, geometric and harmonic means (Cazes, Hijzen &
    Saint-Martin 2015: M_1 is the geometric mean)."""
    values = [1.0, 2.0, 4.0]
    assert generalised_mean(values, beta=0) == pytest.approx(7 / 3, rel=1e-14)
    assert generalised_mean(values, beta=1) == pytest.approx(2.0, rel=1e-14)
    assert generalised_mean(values, beta=2) == pytest.approx(3 / (1 + 1 / 2 + 1 / 4), rel=1e-14)
    assert generalised_mean(values, beta=3) == pytest.approx((21 / 48) ** -0.5, rel=1e-14)


def test_atkinson_worked_example() -> None:
    """Atkinson (1970): A_ε = 1 − M/μ; for incomes 1 and 4, μ = 2.5, M_1 = 2, M_2 = 1.6."""
    assert atkinson_index([1, 4], beta=1) == pytest.approx(0.2, rel=1e-13)
    assert atkinson_index([1, 4], beta=2) == pytest.approx(0.36, rel=1e-13)
    assert atkinson_index([1, 4], beta=0) == 0.0
    assert atkinson_index([3, 3, 3], beta=5) == 0.0
    # β = 0.5 allows zero incomes: M = ((0 + 2) / 2)^2 = 1, μ = 2
    assert atkinson_index([0, 4], beta=0.5) == pytest.approx(0.5, rel=1e-13)


@given(samples, betas)
def test_generalised_mean_matches_scipy_pmean(values: list[float], beta: float) -> None:
    assert generalised_mean(values, beta=beta) == pytest.approx(pmean(values, 1 - beta), rel=1e-9)


@given(
    st.lists(
        st.tuples(positive, st.floats(min_value=0.01, max_value=10.0)), min_size=1, max_size=30
    ),
    betas,
)
def test_weighted_generalised_mean_matches_scipy(
    pairs: list[tuple[float, float]], beta: float
) -> None:
    values = [x for x, _ in pairs]
    weights = [w for _, w in pairs]
    expected = pmean(values, 1 - beta, weights=weights)
    assert generalised_mean(values, beta=beta, weights=weights) == pytest.approx(expected, rel=1e-9)


@given(samples, betas, st.floats(min_value=0.0, max_value=5.0))
def test_does_not_increase_with_beta_and_lies_between_extremes(
    values: list[float], beta: float, step: float
) -> None:
    low = generalised_mean(values, beta=beta)
    high_aversion = generalised_mean(values, beta=beta + step)
    assert high_aversion <= low * (1 + 1e-12)
    assert min(values) <= low <= max(values)
    assert min(values) <= high_aversion <= max(values)


@given(samples, st.floats(min_value=0.0, max_value=8.0))
def test_atkinson_in_unit_interval_and_matches_definition(values: list[float], beta: float) -> None:
    index = atkinson_index(values, beta=beta)
    assert 0.0 <= index <= 1.0
    expected = 1 - pmean(values, 1 - beta) / np.mean(values)
    assert index == pytest.approx(max(0.0, expected), abs=1e-9)


def test_extreme_values_do_not_overflow() -> None:
    assert generalised_mean([1e-300, 1e300], beta=3) == pytest.approx(math.sqrt(2) * 1e-300)
    assert generalised_mean([1e300, 1e300], beta=-2) == pytest.approx(1e300)


@pytest.mark.parametrize(
    ("values", "beta", "argument", "message"),
    [
        ([], 1.0, "values", "must not be empty"),
        ([1.0, 0.0], 1.0, "values", "must be positive"),
        ([1.0, 0.0], 3.0, "values", "must be positive"),
        ([1.0, -1.0], 0.5, "values", "must be non-negative"),
        ([1.0, math.inf], 0.5, "values", "must be finite"),
        ([1.0], math.nan, "beta", "must be finite"),
    ],
)
def test_bad_input(values: list[float], beta: float, argument: str, message: str) -> None:
    for function in (generalised_mean, atkinson_index):
        with pytest.raises(InvalidInputError, match=message) as caught:
            function(values, beta=beta)
        assert caught.value.argument == argument


def test_zero_values_below_beta_one() -> None:
    assert generalised_mean([0.0, 0.0], beta=0.5) == 0.0
    assert generalised_mean([0.0, 4.0], beta=0.0) == 2.0
    with pytest.raises(InvalidInputError, match="must not all be zero"):
        atkinson_index([0.0, 0.0], beta=0.5)
    with pytest.raises(InvalidInputError, match="'beta' must not be negative"):
        atkinson_index([1.0, 2.0], beta=-1)
    with pytest.raises(InvalidInputError, match="same length") as caught:
        generalised_mean([1.0, 2.0], beta=1, weights=[1.0])
    assert caught.value.argument == "weights"
