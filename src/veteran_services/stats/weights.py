"""Indicator weights for composite indicators: entropy weights and AHP priorities.

Sources: C. E. Shannon (1948), "A mathematical theory of communication"; M. Zeleny (1982),
*Multiple Criteria Decision Making*, and OECD & JRC (2008), *Handbook on Constructing Composite
Indicators*, §6 (entropy and AHP weighting); T. L. Saaty (1977), "A scaling method for
priorities in hierarchical structures", *Journal of Mathematical Psychology* 15:234-281;
T. L. Saaty (1980), *The Analytic Hierarchy Process*, McGraw-Hill.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from attrs import frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.stats._checks import finite_floats

__all__ = ["SAATY_RANDOM_INDEX", "AhpResult", "ahp_weights", "entropy_weights"]

SAATY_RANDOM_INDEX: Mapping[int, float] = MappingProxyType(
    {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}
)
"""Saaty's random consistency index RI for matrices of order 1-10: the mean consistency index
of random reciprocal matrices (Saaty 1980, table 1.7; OECD/JRC Handbook 2008, §6.1.5)."""

_CONSISTENCY_THRESHOLD = 0.10
_RECIPROCAL_TOLERANCE = 1e-9


def _matrix(matrix: Sequence[Sequence[float]], *, name: str = "matrix") -> list[list[float]]:
    rows = [
        finite_floats(row, f"{name}[{index}]", argument=name) for index, row in enumerate(matrix)
    ]
    if not rows or not rows[0]:
        msg = f"{name!r} must have at least one row and one column, got {matrix!r}"
        raise InvalidInputError(name, msg)
    width = len(rows[0])
    for index, row in enumerate(rows):
        if len(row) != width:
            msg = f"{name!r} rows must all have {width} columns, row {index} has {len(row)}"
            raise InvalidInputError(name, msg)
    return rows


@checked
def entropy_weights(
    matrix: Sequence[Sequence[float]], *, normalise: bool = False
) -> tuple[float, ...]:
    """Entropy weights of the columns (indicators) of a units × indicators matrix.

    With n rows (units), p_ij = x_ij / Σ_i x_ij, e_j = −(1 / ln n) Σ_i p_ij ln p_ij (taking
    0 · ln 0 = 0), d_j = 1 − e_j and w_j = d_j / Σ_k d_k. A column that is the same for every
    unit carries no information (e_j = 1) and gets weight 0. With ``normalise=True`` each column
    is first min-max normalised to [0, 1], which makes the weights independent of the units of
    measurement but requires every column to vary. Source: Zeleny (1982); OECD/JRC Handbook
    (2008), §6; Shannon (1948).

    Args:
        matrix: Rows are units, columns are indicators; non-negative values (any finite values
            when ``normalise=True``).
        normalise: Min-max normalise each column first.

    Returns:
        One weight per column, each ≥ 0, summing to 1.

    Raises:
        InvalidInputError: fewer than two units, ragged rows, non-finite or (without
            normalisation) negative values, a column of zeros, a constant column when
            ``normalise=True``, or every column constant.

    >>> [round(w, 6) for w in entropy_weights([[1, 1], [3, 1]])]  # e = H(1/4) in bits, and 1
    [1.0, 0.0]
    """
    rows = _matrix(matrix)
    n = len(rows)
    if n < 2:
        msg = f"'matrix' must have at least two rows (units) for entropy weights, got {n}"
        raise InvalidInputError("matrix", msg)
    columns = [list(column) for column in zip(*rows, strict=True)]
    if all(min(column) == max(column) for column in columns):
        msg = "'matrix' has no column that varies between units, so entropy weights are undefined"
        raise InvalidInputError("matrix", msg)
    divergences = []
    for j, column in enumerate(columns):
        if normalise:
            low, high = min(column), max(column)
            if low == high:
                msg = (
                    f"'matrix' column {j} is constant ({low!r}) and cannot be min-max "
                    "normalised; drop it or use normalise=False"
                )
                raise InvalidInputError("matrix", msg)
            column = [(x - low) / (high - low) for x in column]
        for i, x in enumerate(column):
            if x < 0.0:
                msg = f"'matrix' must not be negative, got {x!r} in row {i}, column {j}"
                raise InvalidInputError("matrix", msg)
        total = math.fsum(column)
        if total == 0.0:
            msg = f"'matrix' column {j} is all zero, so its shares are undefined"
            raise InvalidInputError("matrix", msg)
        if min(column) == max(column):
            divergences.append(0.0)
            continue
        shares = [x / total for x in column]
        entropy = -math.fsum(p * math.log(p) for p in shares if p > 0.0) / math.log(n)
        divergences.append(max(0.0, 1.0 - entropy))
    total_divergence = math.fsum(divergences)
    if total_divergence == 0.0:  # pragma: no cover - a varying column has entropy below 1
        msg = "'matrix' columns carry no information, so entropy weights are undefined"
        raise InvalidInputError("matrix", msg)
    return tuple(d / total_divergence for d in divergences)


@frozen(kw_only=True)
class AhpResult:
    """Priorities derived from an AHP pairwise comparison matrix.

    Attributes:
        weights: The principal right eigenvector, normalised to sum to 1.
        lambda_max: The principal eigenvalue λ_max (≥ n for a positive reciprocal matrix).
        consistency_index: CI = (λ_max − n) / (n − 1) (0 for n ≤ 2).
        consistency_ratio: CR = CI / RI(n) (0 for n ≤ 2, where every matrix is consistent).
        is_consistent: CR < 0.10, Saaty's acceptance rule.
    """

    weights: tuple[float, ...]
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    is_consistent: bool


def _principal_eigenvector(rows: list[list[float]]) -> tuple[list[float], float]:
    """Perron vector and root of a positive matrix by power iteration.

    Starts from the normalised row geometric means (exact for a consistent matrix). For a
    positive matrix the Perron root strictly dominates every other eigenvalue in modulus, so the
    iteration converges.
    """
    n = len(rows)
    logs = [math.fsum(math.log(a) for a in row) / n for row in rows]
    top = max(logs)
    w = [math.exp(v - top) for v in logs]
    total = math.fsum(w)
    w = [v / total for v in w]
    for _ in range(100_000):
        product = [math.fsum(a * v for a, v in zip(row, w, strict=True)) for row in rows]
        eigenvalue = math.fsum(product)  # Σ (A w)_i with Σ w = 1
        new = [v / eigenvalue for v in product]
        change = max(abs(a - b) for a, b in zip(new, w, strict=True))
        w = new
        if change <= 1e-15:
            product = [math.fsum(a * v for a, v in zip(row, w, strict=True)) for row in rows]
            return w, math.fsum(product) / math.fsum(w)
    # A positive matrix always converges; fail loudly rather than return an approximation.
    msg = "power iteration for the principal eigenvector did not converge"  # pragma: no cover
    raise ArithmeticError(msg)  # pragma: no cover


@checked
def ahp_weights(
    matrix: Sequence[Sequence[float]], *, random_index: Mapping[int, float] = SAATY_RANDOM_INDEX
) -> AhpResult:
    """AHP priorities and consistency of a positive reciprocal pairwise comparison matrix.

    a_ij says how much more important criterion i is than j (Saaty's 1-9 scale), with
    a_ji = 1 / a_ij and a_ii = 1. The weights are the principal right eigenvector w of A
    (A w = λ_max w, Σ w = 1), found by power iteration; CI = (λ_max − n) / (n − 1);
    CR = CI / RI(n); the judgements are accepted as consistent when CR < 0.10. A consistent
    matrix (a_ij = w_i / w_j) has λ_max = n, CR = 0 and returns exactly those w. Source: Saaty
    (1977), (1980); OECD/JRC Handbook (2008), §6.1.5.

    Args:
        matrix: The n × n comparison matrix.
        random_index: RI by matrix order; Saaty's table for n = 1-10 by default.

    Raises:
        InvalidInputError: a non-square, non-positive, non-finite or non-reciprocal matrix
            (a_ij · a_ji ≠ 1 or a_ii ≠ 1, to a relative 1e-9), or no positive RI for its order.

    >>> result = ahp_weights([[1, 2, 4], [1/2, 1, 2], [1/4, 1/2, 1]])
    >>> [round(w, 6) for w in result.weights], round(result.consistency_ratio, 12)
    ([0.571429, 0.285714, 0.142857], 0.0)
    """
    rows = _matrix(matrix)
    n = len(rows)
    if any(len(row) != n for row in rows):
        msg = f"'matrix' must be square, got {n} rows of {len(rows[0])} columns"
        raise InvalidInputError("matrix", msg)
    for i, row in enumerate(rows):
        for j, a in enumerate(row):
            if a <= 0.0:
                msg = f"'matrix' entries must be positive, got {a!r} at row {i}, column {j}"
                raise InvalidInputError("matrix", msg)
            if not math.isclose(a * rows[j][i], 1.0, rel_tol=_RECIPROCAL_TOLERANCE):
                msg = (
                    f"'matrix' must be reciprocal (a_ji = 1 / a_ij, a_ii = 1), got {a!r} at "
                    f"row {i}, column {j} and {rows[j][i]!r} at row {j}, column {i}"
                )
                raise InvalidInputError("matrix", msg)
    if n <= 2:
        # every 1 × 1 and 2 × 2 reciprocal matrix is consistent
        weights = [1.0] if n == 1 else [rows[0][1] / (1.0 + rows[0][1]), 1.0 / (1.0 + rows[0][1])]
        return AhpResult(
            weights=tuple(weights),
            lambda_max=float(n),
            consistency_index=0.0,
            consistency_ratio=0.0,
            is_consistent=True,
        )
    ri = random_index.get(n)
    if ri is None or not ri > 0.0:
        msg = (
            f"'random_index' has no positive value for a matrix of order {n} (got {ri!r}); "
            "pass a table that covers it"
        )
        raise InvalidInputError("random_index", msg)
    weights, lambda_max = _principal_eigenvector(rows)
    lambda_max = max(lambda_max, float(n))  # λ_max ≥ n for positive reciprocal matrices
    ci = (lambda_max - n) / (n - 1)
    cr = ci / ri
    return AhpResult(
        weights=tuple(weights),
        lambda_max=lambda_max,
        consistency_index=ci,
        consistency_ratio=cr,
        is_consistent=cr < _CONSISTENCY_THRESHOLD,
    )
