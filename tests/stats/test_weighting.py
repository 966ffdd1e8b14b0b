"""Survey weights: Kish, Hájek, weighting-class non-response adjustment and raking."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from veteran_services.errors import InvalidInputError
from veteran_services.stats import (
    AAPOR_RESPONSE_CATEGORIES,
    design_effect,
    effective_sample_size,
    rake,
    weighted_proportion,
    weighting_class_adjustment,
)

positive_weights = st.lists(st.floats(min_value=0.01, max_value=1000.0), min_size=1, max_size=40)


def test_kish_worked_example() -> None:
    """Kish (1965) §11.7: n_eff = (Σw)²/Σw²; by hand, (1+1+1+3)² / (1+1+1+9) = 36/12 = 3."""
    assert effective_sample_size([1, 1, 1, 3]) == 3.0
    assert design_effect([1, 1, 1, 3]) == pytest.approx(4 / 3, rel=1e-15)
    assert effective_sample_size([2.5] * 7) == pytest.approx(7.0, rel=1e-15)
    assert design_effect([2.5] * 7) == pytest.approx(1.0, rel=1e-15)


@given(positive_weights)
def test_design_effect_is_one_plus_relvariance(weights: list[float]) -> None:
    """Kish (1992), eq. 2: deff = 1 + L, with L the relative variance (divisor n) of weights."""
    w = np.array(weights)
    expected = 1.0 + w.var() / w.mean() ** 2
    assert design_effect(weights) == pytest.approx(expected, rel=1e-9)
    assert 1.0 <= effective_sample_size(weights) <= len(weights) * (1 + 1e-12)
    assert effective_sample_size(weights) * design_effect(weights) == pytest.approx(len(weights))


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([], "must not be empty"),
        ([0, 0], "must not all be zero"),
        ([1, -1], "must not be negative"),
        ([1, math.nan], "must be finite"),
        ([1, "a"], "must be a real number"),
    ],
)
def test_bad_weights(weights: list[object], message: str) -> None:
    for function in (effective_sample_size, design_effect):
        with pytest.raises(InvalidInputError, match=message) as caught:
            function(weights)  # type: ignore[arg-type]
        assert caught.value.argument == "weights"


@given(
    st.lists(
        st.tuples(st.booleans(), st.floats(min_value=0.0, max_value=100.0)), min_size=1, max_size=40
    )
)
def test_weighted_proportion_against_numpy_and_statsmodels(pairs: list[tuple[bool, float]]) -> None:
    values = [y for y, _ in pairs]
    weights = [w for _, w in pairs]
    assume(sum(weights) > 0)
    result = weighted_proportion(values, weights)
    assert result is not None
    assert result.value == pytest.approx(np.average(values, weights=weights), abs=1e-12)
    assert result.n == len(values)
    n_eff = result.effective_n
    low, high = proportion_confint(result.value * n_eff, n_eff, method="wilson")
    assert result.interval.low == pytest.approx(low, abs=1e-9)
    assert result.interval.high == pytest.approx(high, abs=1e-9)
    assert result.interval.method == "wilson_effective_n"
    assert result.interval.low <= result.value <= result.interval.high


def test_extreme_weights_neither_underflow_nor_overflow() -> None:
    """Found by Hypothesis: Σw² of a weight of 1e-207 underflows to 0 without rescaling."""
    for scale in (1e-207, 1e300):
        assert effective_sample_size([scale, scale, scale, 3 * scale]) == pytest.approx(3.0)
        assert design_effect([scale, 3 * scale]) == pytest.approx(1.25)
        result = weighted_proportion([False, True], [scale, 3 * scale])
        assert result is not None
        assert result.value == pytest.approx(0.75)
        assert result.effective_n == pytest.approx(1.6)


def test_weighted_proportion_edges() -> None:
    assert weighted_proportion([], []) is None
    with pytest.raises(InvalidInputError, match="'values' must be 0 or 1") as caught:
        weighted_proportion([1, 2], [1, 1])
    assert caught.value.argument == "values"
    with pytest.raises(InvalidInputError, match="same length"):
        weighted_proportion([1, 0], [1])
    with pytest.raises(InvalidInputError, match="must not all be zero"):
        weighted_proportion([1, 0], [0, 0])
    equal = weighted_proportion([True, False, False, True], [1, 1, 1, 1])
    assert equal is not None
    assert equal.value == 0.5
    assert equal.effective_n == 4.0
    assert equal.total_weight == 4.0


def test_weighting_class_adjustment_worked_example() -> None:
    """Valliant, Dever & Kreuter (2018) §13.5 two-step adjustment, worked by hand.

    Class a: two respondents and one non-respondent of weight 10: respondents × 3/2.
    Class b: respondent, non-respondent, ineligible and unknown, weight 20 each: step 1 × 80/60
    for known cases; step 2 respondents × 40/20; so respondent 20 · 8/3, ineligible 20 · 4/3.
    """
    result = weighting_class_adjustment(
        [
            "complete",
            "partial",
            "refusal",
            "complete",
            "non_contact",
            "not_eligible",
            "unknown_other",
        ],
        ["a", "a", "a", "b", "b", "b", "b"],
        [10, 10, 10, 20, 20, 20, 20],
    )
    assert result.base_weights == (10.0, 10.0, 10.0, 20.0, 20.0, 20.0, 20.0)
    expected_factors = (1.5, 1.5, 0.0, 8 / 3, 0.0, 4 / 3, 0.0)
    assert result.factors == pytest.approx(expected_factors, rel=1e-15)
    assert result.weights == pytest.approx([15, 15, 0, 160 / 3, 0, 80 / 3, 0], rel=1e-15)
    assert result.categories == (
        "respondent",
        "respondent",
        "nonrespondent",
        "respondent",
        "nonrespondent",
        "ineligible",
        "unknown",
    )
    assert result.response_rates == {"a": pytest.approx(2 / 3), "b": 0.5}


def test_a_status_without_category_is_an_error() -> None:
    with pytest.raises(InvalidInputError, match="'statuses' has 'completed' at position 1") as e:
        weighting_class_adjustment(["complete", "completed"], ["a", "a"])
    assert e.value.argument == "statuses"


def test_custom_categories_and_bad_category() -> None:
    result = weighting_class_adjustment(
        ["yes", "no", "no", "yes"],
        [1, 1, 2, 2],
        categories={"yes": "respondent", "no": "nonrespondent"},
    )
    assert result.weights == (2.0, 0.0, 0.0, 2.0)
    with pytest.raises(InvalidInputError, match="not a response category") as e:
        weighting_class_adjustment(["yes"], [1], categories={"yes": "maybe"})  # type: ignore[dict-item]
    assert e.value.argument == "categories"


def test_class_without_respondents_is_an_error() -> None:
    with pytest.raises(InvalidInputError, match="class 'b' has no respondent weight") as e:
        weighting_class_adjustment(["complete", "refusal"], ["a", "b"])
    assert e.value.argument == "classes"
    with pytest.raises(InvalidInputError, match="only on cases of unknown eligibility"):
        weighting_class_adjustment(["complete", "unknown_household"], ["a", "b"])


def test_class_of_ineligibles_only_keeps_its_weight() -> None:
    result = weighting_class_adjustment(["complete", "not_eligible"], ["a", "b"], [3, 4])
    assert result.weights == (3.0, 4.0)
    assert result.response_rates == {"a": 1.0, "b": None}


statuses = st.sampled_from(sorted(AAPOR_RESPONSE_CATEGORIES))


@given(
    st.lists(
        st.tuples(statuses, st.sampled_from("abc"), st.floats(min_value=0.1, max_value=100.0)),
        min_size=1,
        max_size=40,
    )
)
def test_adjustment_preserves_each_class_total(rows: list[tuple[str, str, float]]) -> None:
    """Weight moves within a class only: each class keeps its total weight, and respondents
    carry the weight of all eligible cases (Kalton & Flores-Cervantes 2003, §2.1)."""
    rows = [*rows, ("complete", "a", 1.0), ("complete", "b", 2.0), ("complete", "c", 3.0)]
    status = [s for s, _, _ in rows]
    classes = [c for _, c, _ in rows]
    weights = [w for _, _, w in rows]
    result = weighting_class_adjustment(status, classes, weights)
    for label in set(classes):
        members = [i for i, c in enumerate(classes) if c == label]
        before = math.fsum(weights[i] for i in members)
        after = math.fsum(result.weights[i] for i in members)
        assert after == pytest.approx(before, rel=1e-12)
    for w, f, adjusted in zip(result.base_weights, result.factors, result.weights, strict=True):
        assert adjusted == w * f
        assert f >= 0.0


def test_rake_one_margin() -> None:
    result = rake([1, 1, 2, 2], {"sex": ["m", "f", "f", "m"]}, {"sex": {"m": 60, "f": 40}})
    assert result.weights == pytest.approx([20, 40 / 3, 80 / 3, 40], rel=1e-12)
    assert result.factors == pytest.approx([20, 40 / 3, 40 / 3, 20], rel=1e-12)
    assert result.iterations == 1


def test_rake_rank_one_seed_gives_product_of_margins() -> None:
    """Deming & Stephan (1940): with a seed w_ij = s_i t_j, raking a full two-way table to
    margins r_i and c_j gives r_i c_j / N."""
    rows_t = {"a": 30.0, "b": 50.0, "c": 20.0}
    cols_t = {"x": 45.0, "y": 55.0}
    s = {"a": 1.0, "b": 2.0, "c": 0.5}
    t = {"x": 3.0, "y": 1.0}
    cells = [(r, c) for r in rows_t for c in cols_t]
    result = rake(
        [s[r] * t[c] for r, c in cells],
        {"row": [r for r, _ in cells], "col": [c for _, c in cells]},
        {"row": rows_t, "col": cols_t},
    )
    expected = [rows_t[r] * cols_t[c] / 100.0 for r, c in cells]
    assert result.weights == pytest.approx(expected, rel=1e-9)
    assert result.max_relative_error <= 1e-10


@given(
    st.lists(st.floats(min_value=0.1, max_value=10.0), min_size=6, max_size=6),
    st.lists(st.floats(min_value=1.0, max_value=100.0), min_size=3, max_size=3),
    st.floats(min_value=0.1, max_value=0.9),
)
def test_rake_matches_margins_and_keeps_odds_ratios(
    seed: list[float], row_targets: list[float], share: float
) -> None:
    """IPF matches every margin and preserves the seed's cross-product ratios
    (Deming & Stephan 1940; Bishop, Fienberg & Holland 1975, §3.6)."""
    total = sum(row_targets)
    cells = [(r, c) for r in range(3) for c in range(2)]
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    result = rake(
        seed,
        {"row": rows, "col": cols},
        {"row": dict(enumerate(row_targets)), "col": {0: share * total, 1: (1 - share) * total}},
    )
    w = result.weights
    for r in range(3):
        assert w[2 * r] + w[2 * r + 1] == pytest.approx(row_targets[r], rel=1e-9)
    assert w[0] + w[2] + w[4] == pytest.approx(share * total, rel=1e-9)
    for r1, r2 in [(0, 1), (0, 2), (1, 2)]:
        seed_ratio = seed[2 * r1] * seed[2 * r2 + 1] / (seed[2 * r1 + 1] * seed[2 * r2])
        raked_ratio = w[2 * r1] * w[2 * r2 + 1] / (w[2 * r1 + 1] * w[2 * r2])
        assert raked_ratio == pytest.approx(seed_ratio, rel=1e-9)


def test_rake_that_cannot_converge_is_an_error() -> None:
    """Men are all in age group a and women all in b, so the two margins contradict."""
    with pytest.raises(InvalidInputError, match="raking did not converge in 50 iterations") as e:
        rake(
            [1, 1, 1, 1],
            {"sex": ["m", "m", "f", "f"], "age": ["a", "a", "b", "b"]},
            {"sex": {"m": 30, "f": 70}, "age": {"a": 50, "b": 50}},
            max_iterations=50,
        )
    assert e.value.argument == "targets"


@pytest.mark.parametrize(
    ("variables", "targets", "argument", "message"),
    [
        ({"sex": ["m", "x"]}, {"sex": {"m": 1, "f": 1}}, "variables", "'sex' = 'x', which has no"),
        ({"sex": ["m", "m"]}, {"sex": {"m": 1, "f": 1}}, "targets", "no unit with positive"),
        ({"sex": ["m", "f"]}, {"sex": {"m": -1, "f": 1}}, "targets", "must not be negative"),
        ({"sex": ["m", "f"]}, {"age": {"m": 1, "f": 1}}, "targets", "same variables"),
        ({}, {}, "variables", "at least one"),
        (
            {"sex": ["m", "f"], "age": ["a", "b"]},
            {"sex": {"m": 1, "f": 1}, "age": {"a": 1, "b": 2}},
            "targets",
            "same total",
        ),
        ({"sex": ["m"]}, {"sex": {"m": 1}}, "variables", "same length"),
    ],
)
def test_rake_bad_input(variables: dict, targets: dict, argument: str, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidInputError, match=message) as e:
        rake([1, 1], variables, targets)
    assert e.value.argument == argument


def test_rake_settings_checked() -> None:
    with pytest.raises(InvalidInputError, match="'tolerance' must be positive"):
        rake([1], {"v": ["a"]}, {"v": {"a": 1}}, tolerance=0)
    with pytest.raises(InvalidInputError, match="'max_iterations' must be at least 1"):
        rake([1], {"v": ["a"]}, {"v": {"a": 1}}, max_iterations=0)
