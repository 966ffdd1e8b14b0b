"""Wilson and Clopper-Pearson intervals: published values, statsmodels cross-checks, properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from veteran_services.errors import InvalidInputError
from veteran_services.stats import Interval, clopper_pearson_interval, wilson_interval

# Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Statistics in Medicine 17:857-872, table II: method 3 (Wilson score, no
# continuity correction) and method 5 (Clopper-Pearson exact), to four decimals.
NEWCOMBE_1998 = [
    # (k, n, wilson low, wilson high, exact low, exact high)
    (81, 263, 0.2553, 0.3662, 0.2527, 0.3676),
    (15, 148, 0.0624, 0.1605, 0.0578, 0.1617),
    (0, 20, 0.0, 0.1611, 0.0, 0.1684),
    (1, 29, 0.0061, 0.1718, 0.0009, 0.1776),
]


@pytest.mark.parametrize(("k", "n", "wl", "wh", "el", "eh"), NEWCOMBE_1998)
def test_newcombe_1998_table_ii(k: int, n: int, wl: float, wh: float, el: float, eh: float) -> None:
    wilson = wilson_interval(k, n)
    exact = clopper_pearson_interval(k, n)
    assert wilson is not None
    assert exact is not None
    assert (round(wilson.low, 4), round(wilson.high, 4)) == (wl, wh)
    assert (round(exact.low, 4), round(exact.high, 4)) == (el, eh)
    assert wilson.method == "wilson"
    assert exact.method == "clopper_pearson"
    assert wilson.confidence == exact.confidence == 0.95


def test_clopper_pearson_all_successes_closed_form() -> None:
    """For k = n the exact lower bound is (α/2)^(1/n) (Clopper & Pearson 1934)."""
    for n in (1, 5, 40, 1000):
        ci = clopper_pearson_interval(n, n, confidence=0.9)
        assert ci is not None
        assert ci.high == 1.0
        assert math.isclose(ci.low, 0.05 ** (1 / n), rel_tol=1e-12)
        none = clopper_pearson_interval(0, n, confidence=0.9)
        assert none is not None
        assert none.low == 0.0
        assert math.isclose(none.high, 1 - 0.05 ** (1 / n), rel_tol=1e-12, abs_tol=1e-15)


def test_wilson_formula_brown_cai_dasgupta() -> None:
    """Brown, Cai & DasGupta (2001), eq. 4, written out by hand for k = 3, n = 10, z = 1.96."""
    z = 1.959963984540054
    p, n = 0.3, 10
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    ci = wilson_interval(3, 10)
    assert ci is not None
    assert math.isclose(ci.low, centre - half, rel_tol=1e-13)
    assert math.isclose(ci.high, centre + half, rel_tol=1e-13)
    assert (round(ci.low, 4), round(ci.high, 4)) == (0.1078, 0.6032)


def test_no_trials_gives_none() -> None:
    assert wilson_interval(0, 0) is None
    assert clopper_pearson_interval(0, 0) is None


@pytest.mark.parametrize("function", [wilson_interval, clopper_pearson_interval])
@pytest.mark.parametrize(
    ("successes", "trials", "confidence", "argument"),
    [
        (5, 4, 0.95, "successes"),
        (-1, 4, 0.95, "successes"),
        (1, -4, 0.95, "trials"),
        (1.5, 4, 0.95, "successes"),
        ("1", 4, 0.95, "successes"),
        (1, 4, 1.0, "confidence"),
        (1, 4, 0.0, "confidence"),
        (1, 4, math.nan, "confidence"),
    ],
)
def test_bad_input_names_the_argument(
    function: object, successes: object, trials: object, confidence: float, argument: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        function(successes, trials, confidence=confidence)  # type: ignore[operator]
    assert caught.value.argument == argument
    assert argument in str(caught.value)
    assert not str(caught.value)[0].isupper()


def test_whole_float_counts_are_accepted() -> None:
    assert wilson_interval(3.0, 10.0) == wilson_interval(3, 10)  # type: ignore[arg-type]


def test_interval_rejects_inverted_bounds() -> None:
    with pytest.raises(InvalidInputError, match="'high' must not be below 'low'"):
        Interval(low=0.5, high=0.4, confidence=0.95, method="wilson")
    ci = Interval(low=0.1, high=0.4, confidence=0.95, method="wilson")
    assert 0.2 in ci
    assert 0.5 not in ci
    assert math.isclose(ci.width, 0.3)


counts = st.integers(min_value=1, max_value=5000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)
levels = st.sampled_from([0.5, 0.8, 0.9, 0.95, 0.99, 0.998]) | st.floats(0.01, 0.999)


@given(counts, levels)
def test_wilson_matches_statsmodels(kn: tuple[int, int], level: float) -> None:
    k, n = kn
    ci = wilson_interval(k, n, confidence=level)
    low, high = proportion_confint(k, n, alpha=1 - level, method="wilson")
    assert ci is not None
    assert ci.low == pytest.approx(low, abs=1e-9)
    assert ci.high == pytest.approx(high, abs=1e-9)


@given(counts, levels)
def test_clopper_pearson_matches_statsmodels(kn: tuple[int, int], level: float) -> None:
    k, n = kn
    ci = clopper_pearson_interval(k, n, confidence=level)
    low, high = proportion_confint(k, n, alpha=1 - level, method="beta")
    assert ci is not None
    assert ci.low == pytest.approx(low, abs=1e-9)
    assert ci.high == pytest.approx(high, abs=1e-9)


@given(counts, levels)
def test_wilson_contains_estimate_and_lies_in_unit_interval(
    kn: tuple[int, int], level: float
) -> None:
    k, n = kn
    ci = wilson_interval(k, n, confidence=level)
    assert ci is not None
    assert 0.0 <= ci.low <= k / n <= ci.high <= 1.0


@given(counts, st.integers(min_value=2, max_value=50))
def test_wilson_narrows_as_n_grows_at_fixed_proportion(kn: tuple[int, int], factor: int) -> None:
    k, n = kn
    small = wilson_interval(k, n)
    large = wilson_interval(k * factor, n * factor)
    assert small is not None
    assert large is not None
    assert large.width < small.width


@given(counts)
def test_exact_interval_is_wider_than_wilson_and_nested_by_level(kn: tuple[int, int]) -> None:
    """Clopper-Pearson is conservative (Brown, Cai & DasGupta 2001, §4.2.1); higher confidence
    gives a wider interval."""
    k, n = kn
    exact = clopper_pearson_interval(k, n)
    wider = clopper_pearson_interval(k, n, confidence=0.99)
    assert exact is not None
    assert wider is not None
    assert wider.low <= exact.low <= k / n <= exact.high <= wider.high
