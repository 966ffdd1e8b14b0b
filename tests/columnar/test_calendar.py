"""The columnar calendar is the model's calendar: each vectorised function of
``veteran_services.columnar._calendar`` against its scalar twin in
:mod:`veteran_services.model.time`, on random dates with month ends, leap days and the ends of
the calendar (issue 14: one calendar)."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

import pytest

np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from veteran_services.columnar import _calendar  # noqa: E402
from veteran_services.model import Quarter  # noqa: E402
from veteran_services.model.time import (  # noqa: E402
    LAST_QUARTER,
    add_months,
    quarter_index,
    quarter_label,
    whole_months_between,
)

EPOCH = date(1970, 1, 1)
_EDGES = [
    date(1, 1, 1),
    date(1, 2, 28),
    date(1600, 2, 29),
    date(1900, 2, 28),
    date(1969, 12, 31),
    date(1970, 1, 1),
    date(2000, 2, 29),
    date(2023, 1, 31),
    date(2024, 2, 29),
    date(2024, 8, 31),
    date(2024, 12, 31),
    date(9999, 11, 30),
    date(9999, 12, 31),
]
#: Month ends and leap days are rare among uniform dates: mix them in.
_month_ends = st.builds(
    lambda year, month: date(year, month, monthrange(year, month)[1]),
    st.integers(1, 9999),
    st.integers(1, 12),
)
dates = st.one_of(st.dates(), st.sampled_from(_EDGES), _month_ends)
columns = st.lists(dates, min_size=1, max_size=40)


def _days(values: list[date]) -> np.ndarray:
    return np.array([(d - EPOCH).days for d in values], dtype=np.int64)


def _date(day: int) -> date:
    return EPOCH + timedelta(days=day)


@given(columns)
def test_ymd_and_from_ymd_are_the_dates(values: list[date]) -> None:
    days = _days(values)
    year, month, day = _calendar.ymd(days)
    assert list(zip(year.tolist(), month.tolist(), day.tolist(), strict=True)) == [
        (d.year, d.month, d.day) for d in values
    ]
    assert _calendar.from_ymd(year, month, day).tolist() == days.tolist()
    assert _calendar.day_number(values[0]) == days[0]


@given(st.lists(st.integers(1, 9999), min_size=1, max_size=20), st.integers(1, 12))
def test_days_in_month_is_monthrange(years: list[int], month: int) -> None:
    got = _calendar.days_in_month(np.array(years), np.full(len(years), month))
    assert got.tolist() == [monthrange(y, month)[1] for y in years]


@given(columns, st.integers(-24_000, 24_000), st.lists(st.integers(-1200, 1200), min_size=40))
def test_add_months_is_the_models(values: list[date], months: int, column: list[int]) -> None:
    """Inside the calendar the model's date, for one number of months or a column of them;
    outside it (where the model raises) a day number before 0001-01-01 or after 9999-12-31,
    so that callers can exclude the unit."""
    days = _days(values)
    for shifts, given_as in (([months] * len(values), months), (column[: len(values)], None)):
        got = _calendar.add_months(days, np.array(shifts) if given_as is None else given_as)
        for value, shift, day in zip(values, shifts, got.tolist(), strict=True):
            try:
                expected = add_months(value, shift)
            except ValueError:
                assert not (date.min - EPOCH).days <= day <= _calendar.LAST_DAY
            else:
                assert _date(day) == expected


@given(columns, columns)
def test_whole_months_is_whole_months_between(starts: list[date], ends: list[date]) -> None:
    n = min(len(starts), len(ends))
    got = _calendar.whole_months(_days(starts[:n]), _days(ends[:n]))
    assert got.tolist() == [
        whole_months_between(s, e) for s, e in zip(starts[:n], ends[:n], strict=True)
    ]


@given(columns)
def test_quarter_index_and_end_are_the_quarters(values: list[date]) -> None:
    index = _calendar.quarter_index(_days(values))
    assert index.tolist() == [quarter_index(d) for d in values]
    ends = _calendar.quarter_end(index)
    assert [_date(day) for day in ends.tolist()] == [Quarter.of(d).end for d in values]


@given(columns)
def test_parse_quarters_reads_the_labels(values: list[date]) -> None:
    labels = pa.array([quarter_label(quarter_index(d)) for d in values], pa.string())
    assert _calendar.parse_quarters(labels).tolist() == [
        quarter_index(Quarter.parse(label).start) for label in labels.to_pylist()
    ]


def test_quarter_end_runs_past_the_calendar() -> None:
    """The quarter after 9999Q4 ends after LAST_DAY: a unit whose outcome quarter it is can
    be told apart (it cannot be observed)."""
    last, after = _calendar.quarter_end(np.array([LAST_QUARTER, LAST_QUARTER + 1])).tolist()
    assert last == _calendar.LAST_DAY
    assert after == _calendar.LAST_DAY + 31 + 29 + 31  # 10000 is a leap year
