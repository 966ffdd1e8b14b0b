"""Normalisers: OECD/JRC Handbook examples, scipy cross-checks and range properties."""

from __future__ import annotations

import math
import statistics
import sys

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.stats import rankdata
from scipy.stats import zscore as scipy_zscore

from veteran_services.errors import InvalidInputError
from veteran_services.stats import distance_to_target, goalposts, minmax, percentile_rank, zscore

finite = st.floats(min_value=-1e6, max_value=1e6)
columns = st.lists(finite, min_size=2, max_size=40)


def test_handbook_style_examples() -> None:
    """OECD/JRC Handbook (2008) §5.2 formulas, worked by hand."""
    assert minmax([10, 20, 30, 50]) == (0.0, 0.25, 0.5, 1.0)
    assert minmax([10, 20, 30, 50], low=0, high=100) == (0.0, 25.0, 50.0, 100.0)
    assert zscore([2, 4, 4, 4, 5, 5, 7, 9], sample=False) == (-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2)
    # UNDP HDI goalposts for life expectancy: 20 and 85 years; 72.5 years → 0.8077
    assert round(goalposts(72.5, low=20, high=85), 4) == 0.8077
    assert goalposts(10, low=20, high=85) == 0.0
    assert goalposts(90, low=20, high=85) == 1.0
    # working hours, lower is better: 44 h against goalposts 40 (best) and 60 (worst)
    assert goalposts(44, low=40, high=60, higher_is_better=False) == pytest.approx(0.8)
    assert distance_to_target([40, 60, 80, 100], target=80) == (0.0, 0.5, 1.0, 1.0)
    assert percentile_rank([5, 1, 3]) == (1.0, 0.0, 0.5)


@given(columns, st.booleans())
def test_zscore_matches_scipy(values: list[float], sample: bool) -> None:
    assume(np.std(values) > 1e-3)
    expected = scipy_zscore(values, ddof=1 if sample else 0)
    assert zscore(values, sample=sample) == pytest.approx(list(expected), abs=1e-9)


@given(columns)
def test_zscore_has_zero_mean_and_unit_sd(values: list[float]) -> None:
    assume(min(values) != max(values))
    if statistics.stdev(values) < sys.float_info.min:  # a spread that underflows: refused
        with pytest.raises(InvalidInputError, match="too close together"):
            zscore(values)
        return
    z = zscore(values)
    assert math.fsum(z) == pytest.approx(0.0, abs=1e-9)
    assert np.std(z, ddof=1) == pytest.approx(1.0, rel=1e-9)


@given(columns, st.floats(-100, 100), st.floats(0.01, 100))
def test_minmax_stays_in_range_and_hits_both_ends(
    values: list[float], low: float, span: float
) -> None:
    assume(min(values) != max(values))
    high = low + span
    assume(low < high)
    scaled = minmax(values, low=low, high=high)
    assert all(low <= y <= high for y in scaled)
    assert scaled[values.index(min(values))] == pytest.approx(low, abs=1e-9)
    assert scaled[values.index(max(values))] == pytest.approx(high, abs=1e-9)
    expected = low + (np.array(values) - min(values)) / (max(values) - min(values)) * span
    assert scaled == pytest.approx(list(expected), abs=1e-9)


@given(finite, finite, finite, st.booleans())
def test_goalposts_clipped_to_unit_interval(
    value: float, a: float, b: float, higher_is_better: bool
) -> None:
    assume(a != b)
    low, high = min(a, b), max(a, b)
    score = goalposts(value, low=low, high=high, higher_is_better=higher_is_better)
    assert 0.0 <= score <= 1.0
    flipped = goalposts(value, low=low, high=high, higher_is_better=not higher_is_better)
    assert score + flipped == pytest.approx(1.0)


@given(columns, st.floats(0.01, 1e6), st.booleans())
def test_distance_to_target_range(values: list[float], above: float, cap: bool) -> None:
    target = min(values) + above
    assume(target > min(values))
    scores = distance_to_target(values, target=target, cap=cap)
    assert all(s >= 0.0 for s in scores)
    if cap:
        assert all(s <= 1.0 for s in scores)
    assert scores[values.index(min(values))] == 0.0


@given(columns)
def test_percentile_rank_matches_scipy_rankdata(values: list[float]) -> None:
    expected = (rankdata(values, method="min") - 1) / (len(values) - 1)
    result = percentile_rank(values)
    assert result == pytest.approx(list(expected), abs=1e-15)
    assert all(0.0 <= r <= 1.0 for r in result)


@pytest.mark.parametrize(
    ("call", "argument", "message"),
    [
        (lambda: minmax([3, 3]), "values", "all equal"),
        (lambda: minmax([]), "values", "at least 1 item"),
        (lambda: minmax([1, 2], low=1, high=1), "low", "must be below 'high'"),
        (lambda: minmax([1, math.nan]), "values", "must be finite"),
        (lambda: zscore([3]), "values", "at least 2 items"),
        (lambda: zscore([3, 3, 3], sample=False), "values", "all equal"),
        (lambda: zscore([0.0] * 1000 + [5e-324], sample=False), "values", "too close together"),
        (lambda: goalposts(1, low=2, high=2), "low", "must be below"),
        (lambda: goalposts(math.nan, low=0, high=1), "value", "must be finite"),
        (lambda: distance_to_target([1, 2], target=1), "target", "above the smallest value"),
        (lambda: percentile_rank([1]), "values", "at least 2 items"),
    ],
)
def test_degenerate_input(call: object, argument: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as caught:
        call()  # type: ignore[operator]
    assert caught.value.argument == argument
