"""Aggregation of indicators: closed forms, scipy.stats.pmean, missing values and coverage."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import pmean

from veteran_services.errors import InvalidInputError
from veteran_services.stats import aggregate

METHODS = ["arithmetic", "geometric", "harmonic", "power"]


def test_worked_examples() -> None:
    """OECD/JRC Handbook (2008) §6.2 formulas, worked by hand."""
    values = [0.2, 0.5, 0.8]
    weights = [0.5, 0.25, 0.25]
    assert aggregate(values, weights) == pytest.approx(0.425)
    geometric = math.exp(0.5 * math.log(0.2) + 0.25 * math.log(0.5) + 0.25 * math.log(0.8))
    assert aggregate(values, weights, method="geometric") == pytest.approx(geometric, rel=1e-14)
    harmonic = 1 / (0.5 / 0.2 + 0.25 / 0.5 + 0.25 / 0.8)
    assert aggregate(values, weights, method="harmonic") == pytest.approx(harmonic, rel=1e-14)
    quadratic = math.sqrt(0.5 * 0.04 + 0.25 * 0.25 + 0.25 * 0.64)
    assert aggregate(values, weights, method="power", power=2) == pytest.approx(quadratic)
    assert aggregate(values, weights, method="power", power=0) == pytest.approx(geometric)


def test_missing_values_drop_with_their_weights() -> None:
    assert aggregate([0.2, None, 0.8], [1, 2, 1]) == pytest.approx(0.5)
    assert aggregate([0.2, None, 0.8], [1, 2, 1], min_coverage=0.5) == pytest.approx(0.5)
    assert aggregate([0.2, None, 0.8], [1, 2, 1], min_coverage=0.51) is None
    assert aggregate([None, None], [1, 1]) is None
    assert aggregate([0.3, None], [0, 1]) is None  # the only present value has no weight


@st.composite
def weighted_values(draw: st.DrawFn) -> tuple[list[float], list[float]]:
    n = draw(st.integers(min_value=1, max_value=20))
    values = draw(st.lists(st.floats(1e-3, 1e3), min_size=n, max_size=n))
    weights = draw(st.lists(st.floats(0.01, 10.0), min_size=n, max_size=n))
    return values, weights


# scipy's pmean loses all precision for |p| near 0 (x^p rounds to 1); the limit is the
# geometric mean, checked in test_worked_examples.
@given(weighted_values(), st.floats(min_value=-4.0, max_value=4.0).filter(lambda p: abs(p) > 1e-3))
def test_power_mean_matches_scipy(case: tuple[list[float], list[float]], p: float) -> None:
    values, weights = case
    expected = pmean(values, p, weights=weights)
    assert aggregate(values, weights, method="power", power=p) == pytest.approx(expected, rel=1e-9)


@given(weighted_values())
def test_named_means_match_numpy(case: tuple[list[float], list[float]]) -> None:
    values, weights = case
    x, w = np.array(values), np.array(weights)
    assert aggregate(values, weights) == pytest.approx(np.average(x, weights=w), rel=1e-9)
    geometric = np.exp(np.average(np.log(x), weights=w))
    assert aggregate(values, weights, method="geometric") == pytest.approx(geometric, rel=1e-9)
    harmonic = w.sum() / (w / x).sum()
    assert aggregate(values, weights, method="harmonic") == pytest.approx(harmonic, rel=1e-9)


@given(
    st.floats(min_value=1e-6, max_value=1e6),
    st.lists(st.floats(0.01, 10.0), min_size=1, max_size=20),
    st.sampled_from(METHODS),
)
def test_equal_values_aggregate_to_that_value(
    value: float, weights: list[float], method: str
) -> None:
    power = 3.0 if method == "power" else None
    result = aggregate([value] * len(weights), weights, method=method, power=power)  # type: ignore[arg-type]
    assert result == pytest.approx(value, rel=1e-12)


@given(weighted_values(), st.sampled_from(METHODS))
def test_result_lies_between_extremes(case: tuple[list[float], list[float]], method: str) -> None:
    values, weights = case
    power = -1.5 if method == "power" else None
    result = aggregate(values, weights, method=method, power=power)  # type: ignore[arg-type]
    assert result is not None
    assert min(values) <= result <= max(values)


@given(weighted_values(), st.data())
def test_missing_equals_renormalised_subset(
    case: tuple[list[float], list[float]], data: st.DataObject
) -> None:
    values, weights = case
    missing = data.draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    with_gaps = [None if gone else v for v, gone in zip(values, missing, strict=True)]
    kept = [(v, w) for v, w, gone in zip(values, weights, missing, strict=True) if not gone]
    result = aggregate(with_gaps, weights)
    if not kept:
        assert result is None
        return
    expected = aggregate([v for v, _ in kept], [w for _, w in kept])
    assert result == pytest.approx(expected, rel=1e-12)
    coverage = sum(w for _, w in kept) / sum(weights)
    assert (aggregate(with_gaps, weights, min_coverage=min(1.0, coverage * 1.001)) is None) == (
        coverage * 1.001 <= 1.0
    )


@pytest.mark.parametrize(
    ("kwargs", "argument", "message"),
    [
        ({"values": [1, 2], "weights": [1]}, "weights", "same length"),
        ({"values": [1, 2], "weights": [1, -1]}, "weights", "must not be negative"),
        ({"values": [1, 2], "weights": [0, 0]}, "weights", "must not all be zero"),
        (
            {"values": [1, 2], "weights": [1, 1], "method": "median"},
            "method",
            "must be .arithmetic., .geometric., .harmonic. or .power., got .median.",
        ),
        ({"values": [1, 2], "weights": [1, 1], "method": "power"}, "power", "is required"),
        ({"values": [1, 2], "weights": [1, 1], "power": 2}, "power", "only used"),
        ({"values": [0, 2], "weights": [1, 1], "method": "geometric"}, "values", "positive"),
        ({"values": [0, 2], "weights": [1, 1], "method": "harmonic"}, "values", "positive"),
        (
            {"values": [0, 2], "weights": [1, 1], "method": "power", "power": -1},
            "values",
            "positive",
        ),
        ({"values": [-1, 2], "weights": [1, 1]}, "values", "non-negative"),
        ({"values": [math.nan, 2], "weights": [1, 1]}, "values", "must be finite"),
        ({"values": [1, 2], "weights": [1, 1], "min_coverage": 1.5}, "min_coverage", "between 0"),
    ],
)
def test_bad_input(kwargs: dict[str, object], argument: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as caught:
        aggregate(**kwargs)  # type: ignore[arg-type]
    assert caught.value.argument == argument


def test_zero_values_allowed_for_positive_powers() -> None:
    assert aggregate([0, 0], [1, 1], method="power", power=2) == 0.0
    assert aggregate([0, 4], [1, 1], method="power", power=0.5) == pytest.approx(1.0)
