"""Vectorised programme metrics over Arrow tables: the placement rate."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from dateutil.relativedelta import relativedelta

from veteran_services.columnar._convert import as_table
from veteran_services.columnar._scoring import _array, _days, _ymd
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import Estimate, Window
from veteran_services.metrics.indicators import SIX_MONTHS
from veteran_services.stats import wilson_interval

__all__ = ["placement_rate"]

_EPOCH: Final = date(1970, 1, 1)
_ANCHORS: Final = ("registration", "separation")


def _describe_between(between: tuple[date, date] | None) -> str:
    # the object path's wording (metrics._outcomes.describe_between)
    return "at any time" if between is None else f"between {between[0]} and {between[1]}"


def _check_between(value: object) -> tuple[date, date] | None:
    if value is None:
        return None
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or not all(isinstance(d, date) for d in value)
    ):
        msg = f"'between' must be a (start, end) pair of dates, got {value!r}"
        raise InvalidInputError("between", msg)
    start, end = value
    if end < start:
        msg = f"'between' must not end ({end}) before it starts ({start})"
        raise InvalidInputError("between", msg)
    return start, end


def _plus(days: np.ndarray, period: relativedelta) -> np.ndarray:
    """Days since 1970 plus *period* with relativedelta's rules: years and months first (the
    day clamped to the end of a shorter month), then days."""
    unsupported = (
        period.leapdays
        or period.hours
        or period.minutes
        or period.seconds
        or period.microseconds
        or any(
            getattr(period, name) is not None
            for name in ("year", "month", "day", "weekday", "hour", "minute", "second")
        )
    )
    if unsupported:
        msg = f"'within' may only hold years, months, weeks and days here, got {period!r}"
        raise InvalidInputError("within", msg)
    year, month, day = _ymd(days)
    total = (year - 1970) * 12 + (month - 1) + period.years * 12 + period.months
    first = total.astype("datetime64[M]").astype("datetime64[D]")
    length = ((total + 1).astype("datetime64[M]").astype("datetime64[D]") - first).astype(int)
    landed = first + (np.minimum(day, length) - 1)
    result: np.ndarray = landed.astype(np.int64) + period.days
    return result


def _starts_in_window(
    owner_codes: np.ndarray,
    starts: np.ndarray,
    row_codes: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    rows: np.ndarray,
) -> np.ndarray:
    """For each of *rows*, whether some record of its code starts in [first, last]."""
    hit = np.zeros(len(row_codes), dtype=bool)
    if len(owner_codes) == 0 or len(rows) == 0:
        return hit
    order = np.argsort(owner_codes, kind="stable")
    sorted_codes = owner_codes[order]
    low = np.searchsorted(sorted_codes, row_codes[rows], side="left")
    high = np.searchsorted(sorted_codes, row_codes[rows], side="right")
    counts = high - low
    pair_row = np.repeat(rows, counts)
    pair_record = order[
        np.repeat(low - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
    ]
    inside = (starts[pair_record] >= first[pair_row]) & (starts[pair_record] <= last[pair_row])
    hit[pair_row[inside]] = True
    return hit


def placement_rate(
    veterans: Any,
    placements: Any,
    *,
    ventures: Any = None,
    within: relativedelta = SIX_MONTHS,
    anchor: str = "registration",
    between: tuple[date, date] | None = None,
    as_of: date | None = None,
    include_subsidised: bool = True,
    include_ventures: bool = False,
    confidence: float = 0.95,
) -> Estimate:
    """:func:`veteran_services.metrics.placement_rate` over tables, with numpy.

    The same estimate (value, numerator, denominator, Wilson interval, excluded units with
    their reasons, parameters) as the object path, for the anchors ``"registration"`` and
    ``"separation"``; the unit-level observations are not built (``observations`` is empty).

    Args:
        veterans: Veterans (``id``, ``registered_on``, ``service``), an Arrow table or pandas
            frame laid out as :func:`~veteran_services.columnar.to_arrow` makes it.
        placements: Placements (``veteran_id``, ``started_on``, ``subsidised``).
        ventures: Ventures (``founder_ids``, ``registered_on``); needed with
            *include_ventures*.
        within: The window after the anchor (years, months, weeks and days only).
        anchor: ``"registration"`` or ``"separation"`` (exits are not vectorised yet).
        between: Inclusive range of anchor dates (``None``: all).
        as_of: Evaluation date; veterans whose window has not ended by then are left out.
        include_subsidised: Whether subsidised placements count.
        include_ventures: Whether starting a venture counts as being placed.
        confidence: Coverage of the Wilson interval.

    Raises:
        InvalidInputError: an unsupported anchor or window, or tables without the columns.
    """
    if anchor not in _ANCHORS:
        msg = f"'anchor' must be 'registration' or 'separation' here, got {anchor!r}"
        raise InvalidInputError("anchor", msg)
    window_between = _check_between(between)
    vets = as_table("veterans", veterans, "veterans")
    jobs = as_table("placements", placements, "placements")
    ids = _array(vets, "id")
    if anchor == "registration":
        day, known = _days(_array(vets, "registered_on"))
    else:
        service = _array(vets, "service")
        offsets = np.asarray(service.offsets.to_numpy(zero_copy_only=False), dtype=np.int64)
        last_period = pa.array(offsets[1:] - 1)
        day, known = _days(service.values.field("end").take(last_period))
    cohort = known.copy()
    if window_between is not None:
        low, high = ((d - _EPOCH).days for d in window_between)
        cohort &= (day >= low) & (day <= high)
    if as_of is not None:
        cohort &= day <= (as_of - _EPOCH).days
    end = _plus(day, within)
    late = cohort & (end > (as_of - _EPOCH).days) if as_of is not None else np.zeros_like(cohort)
    included = np.flatnonzero(cohort & ~late)

    encoded = pc.dictionary_encode(ids)
    row_codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)

    def codes_of(values: pa.Array) -> np.ndarray:
        found = pc.index_in(values, value_set=encoded.dictionary)
        return np.asarray(pc.fill_null(found, -1).to_numpy(zero_copy_only=False), np.int64)

    job_owner = codes_of(_array(jobs, "veteran_id"))
    job_start, _ = _days(_array(jobs, "started_on"))
    usable = job_owner >= 0
    if not include_subsidised:
        subsidised = _array(jobs, "subsidised").to_numpy(zero_copy_only=False)
        usable &= ~np.asarray(subsidised, dtype=bool)
    placed = _starts_in_window(job_owner[usable], job_start[usable], row_codes, day, end, included)
    if include_ventures:
        if ventures is None:
            msg = "'ventures' is needed when include_ventures is true"
            raise InvalidInputError("ventures", msg)
        firms = as_table("ventures", ventures, "ventures")
        founders = _array(firms, "founder_ids")
        parents = np.asarray(pc.list_parent_indices(founders).to_numpy(zero_copy_only=False))
        registered, _ = _days(_array(firms, "registered_on"))
        founder_owner = codes_of(pc.list_flatten(founders))
        keep = founder_owner >= 0
        placed |= _starts_in_window(
            founder_owner[keep], registered[parents][keep], row_codes, day, end, included
        )

    excluded_rows = np.flatnonzero(late)
    excluded_ids = ids.take(pa.array(excluded_rows)).to_pylist() if len(excluded_rows) else []
    ends = (end[excluded_rows]).astype("datetime64[D]").astype(object)
    excluded = {
        unit: f"the window to {last} is not complete on {as_of}"
        for unit, last in sorted(zip(excluded_ids, ends.tolist(), strict=True))
    }
    count = len(included)
    successes = int(placed[included].sum())
    base: dict[str, Any] = {
        "name": "placement_rate",
        "unit": "proportion",
        "statistic": "proportion",
        "cohort": f"veterans with {anchor} {_describe_between(window_between)}",
        "window": Window.within(anchor, within).describe(),  # type: ignore[arg-type]
        "parameters": {
            "within": within,
            "anchor": anchor,
            "between": window_between,
            "as_of": as_of,
            "include_subsidised": include_subsidised,
            "include_ventures": include_ventures,
            "rule": "enrolments",
        },
        "excluded": excluded,
        "confidence": confidence,
        "denominator": count,
    }
    if count == 0:
        reason = f"no veteran has a {anchor} date {_describe_between(window_between)}"
        return Estimate(value=None, reason=reason, **base)
    return Estimate(
        value=successes / count,
        numerator=successes,
        interval=wilson_interval(successes, count, confidence=confidence),
        **base,
    )
