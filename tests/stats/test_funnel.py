"""Funnel limits, DerSimonian-Laird τ² and ranks: published constants, statsmodels/scipy
cross-checks and properties."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import rankdata
from scipy.stats.mstats import winsorize
from statsmodels.stats.meta_analysis import combine_effects

from veteran_services.errors import InvalidInputError
from veteran_services.stats import dersimonian_laird_tau2, funnel_limits, rank


def test_spiegelhalter_limits() -> None:
    """Spiegelhalter (2005): 95 % and 99.8 % limits use z ≈ 1.96 and 3.09 around the target,
    p ± z √(p(1 − p)/n)."""
    inner, outer = funnel_limits(0.1, 400, method="normal")
    assert round(inner.z, 2) == 1.96
    assert round(outer.z, 2) == 3.09
    assert inner.level == 0.95
    assert outer.level == 0.998
    se = math.sqrt(0.1 * 0.9 / 400)
    assert inner.low == pytest.approx(0.1 - inner.z * se, rel=1e-14)
    assert inner.high == pytest.approx(0.1 + inner.z * se, rel=1e-14)
    assert (round(inner.low, 4), round(inner.high, 4)) == (0.0706, 0.1294)
    assert 0.12 in inner
    assert 0.14 not in inner


def test_limits_are_clipped_and_widen_with_tau2() -> None:
    (limit,) = funnel_limits(0.02, 10, levels=[0.998], method="normal")
    assert limit.low == 0.0
    (wider,) = funnel_limits(0.2, 100, levels=[0.95], tau2=0.01, method="normal")
    (plain,) = funnel_limits(0.2, 100, levels=[0.95], method="normal")
    assert wider.high - wider.low > plain.high - plain.low
    assert wider.high == pytest.approx(0.2 + wider.z * math.sqrt(0.0016 + 0.01))
    (point,) = funnel_limits(1.0, 50, levels=[0.95], method="normal")
    assert point.low == point.high == 1.0


@given(
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=1.0, max_value=1e6),
    st.floats(min_value=1.0, max_value=100.0),
)
def test_funnel_narrows_as_n_grows(rate: float, n: float, factor: float) -> None:
    small_inner, small_outer = funnel_limits(rate, n, method="normal")
    large_inner, _ = funnel_limits(rate, n * factor, method="normal")
    assert 0.0 <= small_outer.low <= small_inner.low <= rate <= small_inner.high <= small_outer.high
    assert small_outer.high <= 1.0
    assert large_inner.high - large_inner.low <= small_inner.high - small_inner.low


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"overall_rate": 1.2, "n": 10}, "overall_rate"),
        ({"overall_rate": 0.2, "n": 0}, "n"),
        ({"overall_rate": 0.2, "n": 10, "tau2": -1}, "tau2"),
        ({"overall_rate": 0.2, "n": 10, "levels": [0.95, 1.0]}, "levels"),
        ({"overall_rate": 0.2, "n": 10, "levels": []}, "levels"),
        ({"overall_rate": 0.2, "n": 10.5}, "n"),
        ({"overall_rate": 0.2, "n": 10, "tau2": 0.01}, "tau2"),
        ({"overall_rate": 0.2, "n": 10, "method": "poisson"}, "method"),
    ],
)
def test_funnel_bad_input(kwargs: dict[str, object], argument: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        funnel_limits(**kwargs)  # type: ignore[arg-type]
    assert caught.value.argument == argument


studies = st.lists(
    st.tuples(st.floats(min_value=-5.0, max_value=5.0), st.floats(min_value=0.05, max_value=3.0)),
    min_size=2,
    max_size=30,
)


@given(studies)
def test_dersimonian_laird_matches_statsmodels(rows: list[tuple[float, float]]) -> None:
    """Classical DerSimonian & Laird (1986), statsmodels' method-of-moments ("chi2") τ²,
    which statsmodels leaves untruncated below 0."""
    estimates = [y for y, _ in rows]
    errors = [s for _, s in rows]
    with warnings.catch_warnings():
        # statsmodels warns about its other outputs (I², random-effects weights) when τ² ≤ 0
        warnings.simplefilter("ignore", RuntimeWarning)
        reference = combine_effects(np.array(estimates), np.array(errors) ** 2, method_re="chi2")
    assert dersimonian_laird_tau2(estimates, errors) == pytest.approx(
        max(0.0, reference.tau2), rel=1e-9, abs=1e-12
    )


@given(studies, st.floats(min_value=0.0, max_value=0.45), st.floats(-2.0, 2.0))
def test_winsorised_target_version_by_hand(
    rows: list[tuple[float, float]], share: float, target: float
) -> None:
    """Spiegelhalter (2005): z-scores against the target, winsorised (here checked with
    scipy.stats.mstats.winsorize), φ = mean z², τ² = max(0, (kφ − (k − 1)) / (Σw − Σw²/Σw))."""
    y = np.array([v for v, _ in rows])
    s = np.array([v for _, v in rows])
    z = np.asarray(winsorize((y - target) / s, limits=(share, share)))
    w = 1 / s**2
    k = len(rows)
    expected = max(0.0, (k * np.mean(z**2) - (k - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    result = dersimonian_laird_tau2(list(y), list(s), target=target, winsorise=share)
    assert result == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert result >= 0.0


def test_homogeneous_units_give_zero() -> None:
    assert dersimonian_laird_tau2([0.2, 0.2, 0.2], [0.05, 0.1, 0.2]) == 0.0
    # extremely precise units neither overflow nor divide by zero
    assert dersimonian_laird_tau2([0.1, 0.3], [1e-200, 1e-200]) == pytest.approx(0.02)


@pytest.mark.parametrize(
    ("args", "kwargs", "argument"),
    [
        (([0.1], [0.1]), {}, "estimates"),
        (([0.1, 0.2], [0.1]), {}, "standard_errors"),
        (([0.1, 0.2], [0.1, 0.0]), {}, "standard_errors"),
        (([0.1, 0.2], [0.1, 0.1]), {"winsorise": 0.5}, "winsorise"),
        (([0.1, math.nan], [0.1, 0.1]), {}, "estimates"),
    ],
)
def test_dersimonian_laird_bad_input(
    args: tuple[list[float], list[float]], kwargs: dict[str, float], argument: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        dersimonian_laird_tau2(*args, **kwargs)
    assert caught.value.argument == argument


def test_rank_examples() -> None:
    values = [0.5, 0.9, 0.7, 0.9]
    assert rank(values) == (4.0, 1.0, 3.0, 1.0)
    assert rank(values, ties="max") == (4.0, 2.0, 3.0, 2.0)
    assert rank(values, ties="average") == (4.0, 1.5, 3.0, 1.5)
    assert rank(values, ties="dense") == (3.0, 1.0, 2.0, 1.0)
    assert rank(values, ties="ordinal") == (4.0, 1.0, 3.0, 2.0)
    assert rank(values, descending=False) == (1.0, 3.0, 2.0, 3.0)
    # full precision: values that print alike are not tied
    assert rank([0.1 + 0.2, 0.3]) == (1.0, 2.0)
    assert rank([]) == ()


TIES = ["min", "max", "average", "dense", "ordinal"]
value_lists = st.lists(st.integers(-5, 5).map(float) | st.floats(-1e6, 1e6), max_size=30)


@given(value_lists, st.sampled_from(TIES), st.booleans())
def test_rank_matches_scipy_rankdata(values: list[float], ties: str, descending: bool) -> None:
    keyed = [-v for v in values] if descending else values
    expected = rankdata(keyed, method=ties) if values else []
    assert rank(values, ties=ties, descending=descending) == tuple(float(r) for r in expected)  # type: ignore[arg-type]


@given(value_lists, st.sampled_from(["min", "max", "average", "dense"]), st.randoms())
def test_rank_is_permutation_invariant(values: list[float], ties: str, random: object) -> None:
    order = list(range(len(values)))
    random.shuffle(order)  # type: ignore[attr-defined]
    ranks = rank(values, ties=ties)  # type: ignore[arg-type]
    shuffled = rank([values[i] for i in order], ties=ties)  # type: ignore[arg-type]
    assert shuffled == tuple(ranks[i] for i in order)


def test_rank_bad_input() -> None:
    with pytest.raises(
        InvalidInputError,
        match="'ties' must be 'min', 'max', 'average', 'dense' or 'ordinal', got 'first'",
    ) as caught:
        rank([1.0], ties="first")  # type: ignore[arg-type]
    assert caught.value.argument == "ties"
    with pytest.raises(InvalidInputError, match="must be finite"):
        rank([1.0, math.nan])
