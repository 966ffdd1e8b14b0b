"""Entropy weights and AHP: published examples, scipy/numpy cross-checks and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import entropy

from veteran_services.errors import InvalidInputError
from veteran_services.stats import SAATY_RANDOM_INDEX, ahp_weights, entropy_weights

# Saaty (1977), "A scaling method for priorities in hierarchical structures", J. Math. Psych.
# 15:234-281, and Saaty (1980), The Analytic Hierarchy Process: the "wealth of nations"
# comparison (US, USSR, China, France, UK, Japan, West Germany). Published: λmax = 7.61,
# eigenvector 0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094.
WEALTH_OF_NATIONS = [
    [1, 4, 9, 6, 6, 5, 5],
    [1 / 4, 1, 7, 5, 5, 3, 4],
    [1 / 9, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 7, 1 / 5],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 5, 1 / 3, 7, 3, 3, 1, 2],
    [1 / 5, 1 / 4, 5, 3, 3, 1 / 2, 1],
]


def test_saaty_wealth_of_nations() -> None:
    result = ahp_weights(WEALTH_OF_NATIONS)
    assert round(result.lambda_max, 2) == 7.61
    assert [round(w, 3) for w in result.weights] == [
        0.427,
        0.230,
        0.021,
        0.052,
        0.052,
        0.123,
        0.094,
    ]
    assert result.consistency_index == pytest.approx((result.lambda_max - 7) / 6)
    assert result.consistency_ratio == pytest.approx(result.consistency_index / 1.32)
    assert round(result.consistency_ratio, 2) == 0.08
    assert result.is_consistent


def test_saaty_random_index_table() -> None:
    """Saaty (1980), RI for n = 1..10 (METHODOLOGY §5)."""
    assert [SAATY_RANDOM_INDEX[n] for n in range(1, 11)] == [
        0,
        0,
        0.58,
        0.90,
        1.12,
        1.24,
        1.32,
        1.41,
        1.45,
        1.49,
    ]


def test_inconsistent_matrix_is_flagged() -> None:
    # A > B (9), B > C (9) but C > A (9): an intransitive cycle
    result = ahp_weights([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    assert result.weights == pytest.approx([1 / 3] * 3)
    assert result.consistency_ratio > 0.10
    assert not result.is_consistent


def test_small_matrices_are_consistent() -> None:
    one = ahp_weights([[1]])
    assert one.weights == (1.0,)
    assert one.consistency_ratio == 0.0
    two = ahp_weights([[1, 3], [1 / 3, 1]])
    assert two.weights == pytest.approx((0.75, 0.25))
    assert two.lambda_max == 2.0
    assert two.is_consistent


weights_strategy = st.lists(st.floats(min_value=0.01, max_value=100.0), min_size=1, max_size=10)


@given(weights_strategy)
def test_consistent_matrix_gives_its_weights_and_zero_cr(weights: list[float]) -> None:
    """Saaty (1980): for a_ij = w_i / w_j, λmax = n, CR = 0 and the eigenvector is w."""
    matrix = [[wi / wj for wj in weights] for wi in weights]
    result = ahp_weights(matrix)
    total = sum(weights)
    assert result.weights == pytest.approx([w / total for w in weights], rel=1e-9)
    assert result.lambda_max == pytest.approx(len(weights), rel=1e-12)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert result.is_consistent


SAATY_SCALE = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1, 2, 3, 5, 7, 9]


@st.composite
def reciprocal_matrices(draw: st.DrawFn) -> list[list[float]]:
    n = draw(st.integers(min_value=3, max_value=9))
    matrix = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            value = draw(st.sampled_from(SAATY_SCALE) | st.floats(min_value=0.1, max_value=10.0))
            matrix[i][j] = value
            matrix[j][i] = 1.0 / value
    return matrix


@given(reciprocal_matrices())
def test_ahp_matches_numpy_eig(matrix: list[list[float]]) -> None:
    eigenvalues, eigenvectors = np.linalg.eig(np.array(matrix))
    principal = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, principal].real)
    result = ahp_weights(matrix)
    assert result.lambda_max == pytest.approx(eigenvalues[principal].real, rel=1e-9)
    assert result.weights == pytest.approx(list(vector / vector.sum()), abs=1e-9)
    assert math.fsum(result.weights) == pytest.approx(1.0)
    n = len(matrix)
    assert result.consistency_ratio == pytest.approx(
        (result.lambda_max - n) / (n - 1) / SAATY_RANDOM_INDEX[n], abs=1e-12
    )


@pytest.mark.parametrize(
    ("matrix", "argument", "message"),
    [
        ([[1, 2], [0.4, 1]], "matrix", "must be reciprocal"),
        ([[2, 1], [1, 1]], "matrix", "must be reciprocal"),
        ([[1, -2], [-0.5, 1]], "matrix", "must be positive"),
        ([[1, 2, 3], [0.5, 1, 1]], "matrix", "must be square"),
        ([[1, 2], [0.5]], "matrix", "rows must all have 2 columns"),
        ([], "matrix", "at least one row"),
        ([[1, math.nan], [1, 1]], "matrix", "must be finite"),
    ],
)
def test_ahp_rejects_bad_matrices(matrix: list[list[float]], argument: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as caught:
        ahp_weights(matrix)
    assert caught.value.argument == argument


def test_ahp_needs_a_random_index_for_the_order() -> None:
    matrix = [[1.0] * 11 for _ in range(11)]
    with pytest.raises(InvalidInputError, match="no positive value for a matrix of order 11") as e:
        ahp_weights(matrix)
    assert e.value.argument == "random_index"
    result = ahp_weights(matrix, random_index={11: 1.51})
    assert result.weights == pytest.approx([1 / 11] * 11)


def test_entropy_binary_entropy_values() -> None:
    """Two units make e_j the binary entropy in bits: H(1/4) = 0.8113, H(1/3) = 0.9183
    (Shannon 1948; Cover & Thomas, Elements of Information Theory, §2.1)."""
    h_quarter = 0.8112781244591328
    h_third = 0.9182958340544896
    weights = entropy_weights([[1, 1], [3, 2]])
    d = [1 - h_quarter, 1 - h_third]
    assert weights == pytest.approx([d[0] / sum(d), d[1] / sum(d)], rel=1e-12)
    # a constant column carries no information
    assert entropy_weights([[1, 5], [3, 5]]) == pytest.approx((1.0, 0.0))
    # a column with all weight on one unit has e = 0
    assert entropy_weights([[0, 1], [4, 1], [0, 2]])[0] > 0.5


matrices = st.integers(min_value=2, max_value=12).flatmap(
    lambda rows: st.lists(
        st.lists(st.floats(min_value=0.0, max_value=1e4), min_size=rows, max_size=rows),
        min_size=1,
        max_size=6,
    ).map(lambda columns: [list(row) for row in zip(*columns, strict=True)])
)


@given(matrices, st.booleans())
def test_entropy_weights_match_scipy_and_sum_to_one(
    matrix: list[list[float]], normalise: bool
) -> None:
    columns = [np.array(c, dtype=float) for c in zip(*matrix, strict=True)]
    if normalise:
        if any(c.min() == c.max() for c in columns):
            with pytest.raises(InvalidInputError):
                entropy_weights(matrix, normalise=True)
            return
        columns = [(c - c.min()) / (c.max() - c.min()) for c in columns]
    if any(c.sum() == 0 for c in columns) or all(c.min() == c.max() for c in columns):
        with pytest.raises(InvalidInputError):
            entropy_weights(matrix, normalise=normalise)
        return
    n = len(matrix)
    d = np.array([0.0 if c.min() == c.max() else 1 - entropy(c, base=n) for c in columns])
    d = np.maximum(d, 0.0)
    result = entropy_weights(matrix, normalise=normalise)
    assert all(w >= 0.0 for w in result)
    assert math.fsum(result) == pytest.approx(1.0, rel=1e-12)
    assert result == pytest.approx(list(d / d.sum()), abs=1e-9)


@pytest.mark.parametrize(
    ("matrix", "normalise", "message"),
    [
        ([[1, 2]], False, "at least two rows"),
        ([[1, 2], [1, 2]], False, "no column that varies"),
        ([[1, 2], [3, 2]], True, "column 1 is constant"),
        ([[1, 0], [-3, 0]], False, "must not be negative"),
        ([[0, 1], [0, 2], [0, 3]], False, "no column|all zero"),
        ([[1, 2], [1, 3], [2]], False, "rows must all have"),
    ],
)
def test_entropy_rejects_degenerate_input(
    matrix: list[list[float]], normalise: bool, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message) as caught:
        entropy_weights(matrix, normalise=normalise)
    assert caught.value.argument == "matrix"
