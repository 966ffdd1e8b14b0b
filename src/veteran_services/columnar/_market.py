"""The labour-market tables looked up for whole columns of placements: each region's rows
in force as a step function over the start dates, found by one binary search."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]

from veteran_services.columnar._calendar import day_number
from veteran_services.scoring import MarketDataError

__all__ = ["rows_in_force", "take_or_fill"]


def _steps(
    lookup: Callable[[str, date], Any], dates: Sequence[date], region: str
) -> tuple[np.ndarray, list[Any]]:
    """The rows in force in *region* as a step function over the table's dates.

    A lookup takes the latest row in force in the first region on the way up that has rows,
    so the answer can only change on a date some row starts: evaluating it on every such date
    gives the whole function. Dates where the lookup fails come before the first row.
    """
    days = []
    rows = []
    for day in dates:
        try:
            row = lookup(region, day)
        except MarketDataError:
            continue
        days.append(day_number(day))
        rows.append(row)
    return np.array(days, dtype=np.int64), rows


def rows_in_force(
    lookup: Callable[[str, date], Any],
    dates: Sequence[date],
    regions: pa.Array,
    region_codes: np.ndarray,
    start: np.ndarray,
    steps: dict[tuple[str, str], tuple[np.ndarray, list[Any]]] | None = None,
) -> tuple[np.ndarray, list[Any]]:
    """For each placement, the index of the row in force (into the returned rows), or -1.

    Every region's step function is laid end to end on one axis, region after region
    (``region × width + day``), so that one binary search finds each placement's step."""
    index = np.full(len(start), -1, dtype=np.int64)
    if len(start) == 0:
        return index, []
    used = np.bincount(region_codes[region_codes >= 0], minlength=len(regions)) > 0
    rows: list[Any] = []
    keys: list[np.ndarray] = []
    step_region: list[np.ndarray] = []
    low = int(start.min())
    # a region's slots: 0 for every step before the first start, then the days to the last
    # start, then one slot for every step after it (never found)
    width = int(start.max()) - low + 3
    # the lookup's name keys the cache (not its repr, which would print the whole market
    # once per region and block)
    name = getattr(lookup, "__name__", None) or repr(lookup)
    for code, region in enumerate(regions.to_pylist()):
        if not used[code]:
            continue
        key = (name, region)
        cached = None if steps is None else steps.get(key)
        if cached is None:
            cached = _steps(lookup, dates, region)
            if steps is not None:
                steps[key] = cached
        step_days, step_rows = cached
        if not step_rows:
            continue
        keys.append(code * width + np.clip(step_days - low + 1, 0, width - 1))
        step_region.append(np.full(len(step_rows), code, dtype=np.int64))
        rows.extend(step_rows)
    if not rows:
        return index, rows
    axis = np.concatenate(keys)
    owner = np.concatenate(step_region)
    query = region_codes * width + (start - low + 1)
    cells = len(regions) * width
    if cells <= len(start):
        # fewer (region, day) cells than placements: find the step of every cell, then look
        # placements up (a grid no larger than the input, so small inputs pay little for it)
        query = np.where(region_codes >= 0, query, cells)  # no region: the extra last cell
        grid = np.arange(cells + 1)
        grid_region = np.append(grid[:-1] // width, -1)
    else:
        grid, grid_region = query, region_codes
    # several steps can land on day 0 of a region (all before its first start): the last wins
    position = np.searchsorted(axis, grid, side="right") - 1
    found = (position >= 0) & (grid_region >= 0)
    found &= owner[np.maximum(position, 0)] == grid_region
    step = np.where(found, position, -1)
    index = step[query] if grid is not query else step
    return index, rows


def take_or_fill(values: Sequence[Any], index: np.ndarray, dtype: Any, fill: Any) -> np.ndarray:
    """``values[index]``, *fill* where the index is -1 (the fill is the table's last entry)."""
    table = np.array([*values, fill], dtype=dtype)
    taken: np.ndarray = table[index]
    return taken
