"""The calendar over whole columns: the vectorised twins of :mod:`veteran_services.model.time`.

Dates are day numbers (days since 1970-01-01, negative before, as Arrow's ``date32``); the
results may lie past 9999-12-31 (:data:`LAST_DAY`), where the scalar functions raise or give
``None``, so that the callers can tell such units apart. Each function has its scalar twin,
and tests/columnar/test_calendar.py ties the two together on random dates (month ends, leap
days, the ends of the calendar):

=========================  ==============================================================
here                       :mod:`veteran_services.model.time`
=========================  ==============================================================
:func:`ymd`                ``date.year``, ``date.month``, ``date.day``
:func:`days_in_month`      :func:`calendar.monthrange`
:func:`add_months`         :func:`~veteran_services.model.time.add_months`
:func:`whole_months`       :func:`~veteran_services.model.time.whole_months_between`
:func:`quarter_index`      :func:`~veteran_services.model.time.quarter_index`
:func:`quarter_end`        :attr:`Quarter.end <veteran_services.model.Quarter.end>`
:func:`parse_quarters`     :meth:`Quarter.parse <veteran_services.model.Quarter.parse>`
=========================  ==============================================================
"""

from __future__ import annotations

from datetime import date
from typing import Final

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

__all__ = [
    "EPOCH",
    "LAST_DAY",
    "add_months",
    "day_number",
    "days_in_month",
    "from_ymd",
    "parse_quarters",
    "quarter_end",
    "quarter_index",
    "whole_months",
    "ymd",
]

#: Day number 0.
EPOCH: Final = date(1970, 1, 1)
#: 9999-12-31, the last day the calendar holds, as a day number.
LAST_DAY: Final = (date.max - EPOCH).days


def day_number(day: date) -> int:
    """The day number of one date (days since :data:`EPOCH`)."""
    return (day - EPOCH).days


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day of days since 1970-01-01 (negative before), as int64 arrays.

    Dates in a caseload span a few decades at most: when the span is much shorter than the
    array, each distinct day is converted once and the rest looked up.

    >>> [a.tolist() for a in ymd(np.array([-1, 0, 19782, 11016]))]
    [[1969, 1970, 2024, 2000], [12, 1, 2, 2], [31, 1, 29, 29]]
    """
    days = np.asarray(days, dtype=np.int64)
    if len(days) > 4096:
        low, high = int(days.min()), int(days.max())
        if high - low < len(days) // 4:
            offset = days - low
            year, month, day = _civil(np.arange(low, high + 1))
            return year[offset], month[offset], day[offset]
    return _civil(days)


def _civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`ymd` by integer arithmetic on the proleptic Gregorian calendar (H. Hinnant's
    ``civil_from_days``), several times faster than going through ``datetime64`` casts."""
    z = np.asarray(days, dtype=np.int64) + 719_468  # days since 0000-03-01
    era = z // 146_097
    doe = z - era * 146_097  # day of the 400-year era, [0, 146096]
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)  # day of the year from March 1
    mp = (5 * doy + 2) // 153  # month from March, [0, 11]
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day


_MONTH_DAYS: Final = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def days_in_month(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days: np.ndarray = _MONTH_DAYS[month] + (leap & (month == 2))
    return days


def whole_months(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Whole calendar months from *start* to *end* (days since 1970), clamped like
    :func:`veteran_services.model.whole_months_between`; 0 when *end* is not after *start*.

    >>> days = lambda *d: np.array([(date(*x) - EPOCH).days for x in d])
    >>> whole_months(days((2024, 1, 31), (2024, 1, 15)), days((2024, 2, 29), (2024, 3, 14)))
    array([1, 1])
    """
    sy, sm, sd = ymd(start)
    ey, em, ed = ymd(end)
    months = (ey - sy) * 12 + em - sm
    landed = np.minimum(sd, days_in_month(ey, em))
    months = months - (landed > ed)
    return np.where(end <= start, 0, months)


def from_ymd(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Day numbers of proleptic Gregorian dates: the inverse of :func:`ymd` (H. Hinnant's
    ``days_from_civil``), also for years past 9999.

    >>> from_ymd(np.array([1969, 1970, 2024]), np.array([12, 1, 2]), np.array([31, 1, 29]))
    array([   -1,     0, 19782])
    """
    year = np.asarray(year, dtype=np.int64) - (np.asarray(month) <= 2)
    era = year // 400
    yoe = year - era * 400  # [0, 399]
    mp = (np.asarray(month, dtype=np.int64) + 9) % 12  # month from March, [0, 11]
    doy = (153 * mp + 2) // 5 + np.asarray(day, dtype=np.int64) - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    result: np.ndarray = era * 146_097 + doe - 719_468
    return result


def add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Day numbers plus *months* calendar months, clamped to the end of a shorter month, as
    :func:`veteran_services.model.time.add_months` adds them (past 9999-12-31 too).

    >>> add_months(np.array([day_number(date(2024, 1, 31))]), 1) == day_number(date(2024, 2, 29))
    array([ True])
    """
    year, month, day = ymd(days)
    total = year * 12 + (month - 1) + months
    year, month = total // 12, total % 12 + 1
    return from_ymd(year, month, np.minimum(day, days_in_month(year, month)))


def quarter_index(days: np.ndarray) -> np.ndarray:
    """Running quarter numbers (year × 4 + quarter − 1) of day numbers, as
    :func:`veteran_services.model.time.quarter_index`."""
    year, month, _ = ymd(days)
    result: np.ndarray = year * 4 + (month - 1) // 3
    return result


def quarter_end(index: np.ndarray) -> np.ndarray:
    """The last day (a day number) of each quarter with running number *index*, as
    :attr:`Quarter.end <veteran_services.model.Quarter.end>` (past 9999Q4 too)."""
    index = np.asarray(index, dtype=np.int64)
    year, month = index // 4, (index % 4) * 3 + 3
    return from_ymd(year, month, days_in_month(year, month))


def parse_quarters(labels: pa.Array) -> np.ndarray:
    """Running quarter numbers of a column of quarter labels as the layout holds them
    (``"2024Q1"``, :func:`veteran_services.model.time.quarter_label` of a four-digit year),
    as ``quarter_index(Quarter.parse(label).start)``."""
    year = pc.cast(pc.utf8_slice_codeunits(labels, 0, 4), pa.int64())
    part = pc.cast(pc.utf8_slice_codeunits(labels, 5, 6), pa.int64())
    result: np.ndarray = np.asarray(year.to_numpy(zero_copy_only=False), np.int64) * 4 + (
        np.asarray(part.to_numpy(zero_copy_only=False), np.int64) - 1
    )
    return result
