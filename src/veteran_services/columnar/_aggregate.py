"""The index's aggregation over whole columns: normalisation, the weight present decided
exactly per pattern of present indicators, the weighted mean (arithmetic or geometric)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.scoring import SCORE_DIGITS, QualityModel

__all__ = ["combine", "combine_normalised", "normalise"]


def normalise(raw: np.ndarray, low: float, high: float, higher_is_better: bool) -> np.ndarray:
    score = (raw - low) / (high - low) if higher_is_better else (high - raw) / (high - low)
    return np.minimum(1.0, np.maximum(0.0, score))


def _pattern_weights(
    present: Sequence[np.ndarray], weights: list[float], min_coverage: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per placement: whether a score is given (coverage), the relative weight present, and
    the raw weight present, each decided with math.fsum per pattern of present indicators
    exactly as :func:`veteran_services.stats.aggregate` and ``score_placement`` do."""
    k = len(weights)
    small: Any = np.int16 if k < 15 else np.int64
    codes: np.ndarray = np.zeros(len(present[0]) if k else 0, dtype=small)
    for j, here in enumerate(present):
        codes |= np.left_shift(here.astype(small), j)
    if k <= 12:  # a lookup table over every pattern, no sort of the rows
        inverse = codes
        table = 1 << k
        # decided only for the patterns that occur (a few dozen of 512 for nine indicators)
        patterns = np.flatnonzero(np.bincount(codes, minlength=table)) if len(codes) else codes
    else:
        patterns, inverse = np.unique(codes, return_inverse=True)
        table = len(patterns)
    largest = max(weights)
    relative = [w / largest for w in weights]
    total = math.fsum(relative)
    covered = np.zeros(table)
    raw_present = np.zeros(table)
    enough = np.zeros(table, dtype=bool)
    for position, pattern in enumerate(patterns.tolist()):
        index = pattern if k <= 12 else position
        on = [j for j in range(k) if pattern >> j & 1 and weights[j] > 0]
        covered[index] = math.fsum(relative[j] for j in on)
        raw_present[index] = math.fsum(weights[j] for j in on)
        enough[index] = bool(on) and not covered[index] / total < min_coverage
    return enough[inverse], covered[inverse], raw_present[inverse]


def combine(
    normalised: Sequence[np.ndarray], model: QualityModel
) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray], np.ndarray]:
    """Scores from the normalised values of each indicator (a column each, NaN where
    missing), in the model's indicator order: the value (NaN without enough coverage), the
    inputs to the mean (floored under geometric aggregation), the presence masks and the raw
    weight present per placement.

    Column by column: each indicator's values are contiguous, and the sums, minima and maxima
    over indicators are running element-wise operations."""
    present = [~np.isnan(column) for column in normalised]
    weights = [spec.weight for spec in model.indicators]
    enough, covered, raw_present = _pattern_weights(present, weights, model.min_coverage)
    geometric = model.aggregation == "geometric"
    floor = model.geometric_floor
    inputs = [np.maximum(c, floor) for c in normalised] if geometric else list(normalised)
    largest = max(weights)
    n = len(enough)
    total = np.zeros(n)
    low = np.full(n, np.inf)
    high = np.full(n, -np.inf)
    term = np.empty(n)
    for x, here, weight in zip(inputs, present, weights, strict=True):
        if weight <= 0:
            continue
        # a missing value (NaN) is skipped by fmin and fmax and adds nothing to the sum
        np.fmin(low, x, out=low)
        np.fmax(high, x, out=high)
        term.fill(0.0)
        if geometric:
            with np.errstate(divide="ignore"):
                np.log(x, out=term, where=here)
            term *= weight / largest
        else:
            np.multiply(x, weight / largest, out=term, where=here)
        total += term
    with np.errstate(divide="ignore", invalid="ignore"):
        result = total / covered
        if geometric:
            np.exp(result, out=result)
    np.clip(result, low, high, out=result)
    # rounded as the object path rounds: a score that is mathematically 60 is 60 on both
    value = np.where(enough, np.round(np.clip(100.0 * result, 0.0, 100.0), SCORE_DIGITS), np.nan)
    return value, inputs, present, raw_present


@checked
def combine_normalised(normalised: Mapping[str, Any], *, model: QualityModel | None = None) -> Any:
    """The index value of each row from its normalised indicator values, under the model's
    weights, aggregation and missing-data policy (renormalised over the indicators present,
    none below ``min_coverage``), as :func:`score_table` computes it.

    Args:
        normalised: Indicator name → a column of normalised values in [0, 1] (NaN or null
            where missing), for every indicator of the model; e.g. the ``<name>.normalised``
            columns of :func:`score_table`'s result.
        model: The quality model (:meth:`QualityModel.default` when None).

    Returns:
        A float64 numpy array: the value in [0, 100], NaN where there is no score.

    Raises:
        InvalidInputError: an indicator of the model has no column, or the columns differ in
            length.

    >>> combine_normalised({n: [0.5, None] for n in QualityModel.default().names}).tolist()
    [50.0, nan]
    """
    model = QualityModel.default() if model is None else model
    columns = []
    for name in model.names:
        if name not in normalised:
            msg = f"'normalised' has no column for indicator {name!r}"
            raise InvalidInputError("normalised", msg)
        column = normalised[name]
        if isinstance(column, pa.ChunkedArray | pa.Array):
            column = column.to_numpy(zero_copy_only=False)
        columns.append(np.asarray(column, dtype=np.float64))
    if len({len(c) for c in columns}) > 1:
        msg = "'normalised' columns must all have the same length"
        raise InvalidInputError("normalised", msg)
    return combine(columns, model)[0]
