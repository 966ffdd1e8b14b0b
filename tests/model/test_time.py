"""Calendar quarters and month arithmetic (METHODOLOGY.md §1)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from veteran_services import Quarter, add_months, whole_months_between
from veteran_services.errors import InvalidRecordError
from veteran_services.model.time import (
    FIRST_QUARTER,
    LAST_QUARTER,
    overlaps,
    quarter_index,
    quarter_label,
)
from veteran_services.strategies import quarters

all_quarters = st.builds(Quarter, year=st.integers(1, 9999), quarter=st.integers(1, 4))


def test_quarters_after_exit_follow_the_methodology_example() -> None:
    """METHODOLOGY.md §1: "exit 2017-06-01 → exit quarter 2017Q2 → 2nd quarter after exit
    2017Q4, 4th 2018Q2"; the exit quarter itself is never counted."""
    exit_quarter = Quarter.of(date(2017, 6, 1))
    assert exit_quarter == Quarter(year=2017, quarter=2)
    assert exit_quarter + 2 == Quarter.parse("2017Q4")
    assert exit_quarter + 4 == Quarter.parse("2018Q2")
    assert str(exit_quarter + 1) == "2017Q3"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 1, 1), "2024Q1"),
        (date(2024, 3, 31), "2024Q1"),
        (date(2024, 4, 1), "2024Q2"),
        (date(2024, 9, 30), "2024Q3"),
        (date(2024, 10, 1), "2024Q4"),
        (date(2024, 12, 31), "2024Q4"),
    ],
)
def test_quarter_of_a_date(day: date, expected: str) -> None:
    assert str(Quarter.of(day)) == expected


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        ("2024Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2023Q1", date(2023, 1, 1), date(2023, 3, 31)),
        ("2024Q2", date(2024, 4, 1), date(2024, 6, 30)),
        ("2024Q3", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024Q4", date(2024, 10, 1), date(2024, 12, 31)),
        ("9999Q4", date(9999, 10, 1), date(9999, 12, 31)),
        ("0001Q1", date(1, 1, 1), date(1, 3, 31)),
    ],
)
def test_start_and_end(quarter: str, start: date, end: date) -> None:
    q = Quarter.parse(quarter)
    assert (q.start, q.end) == (start, end)


@pytest.mark.parametrize("text", ["2024Q1", "2024q1", "2024-Q1", " 2024Q1 "])
def test_parse_accepts_the_usual_spellings(text: str) -> None:
    assert Quarter.parse(text) == Quarter(year=2024, quarter=1)


@pytest.mark.parametrize("text", ["2024Q5", "2024Q0", "Q1 2024", "24Q1", "2024", "", "2024 Q1"])
def test_parse_refuses_anything_else(text: str) -> None:
    with pytest.raises(InvalidRecordError) as caught:
        Quarter.parse(text)
    assert caught.value.field == "quarter"
    assert repr(text) in str(caught.value)


def test_parse_refuses_a_non_string() -> None:
    with pytest.raises(InvalidRecordError) as caught:
        Quarter.parse(20241)  # type: ignore[arg-type]
    assert "20241" in str(caught.value)


def test_arithmetic_beyond_the_calendar_is_refused() -> None:
    with pytest.raises(InvalidRecordError) as caught:
        Quarter(year=9999, quarter=4) + 1
    assert caught.value.field == "year"


@given(all_quarters)
def test_parse_and_str_round_trip(q: Quarter) -> None:
    assert Quarter.parse(str(q)) == q
    assert str(q) == f"{q.year:04d}Q{q.quarter}"


@given(all_quarters)
def test_start_and_end_belong_to_the_quarter(q: Quarter) -> None:
    assert Quarter.of(q.start) == q
    assert Quarter.of(q.end) == q
    assert q.contains(q.start)
    assert q.contains(q.end)
    assert q.start.day == 1
    assert q.start.month == 3 * q.quarter - 2
    assert 90 <= (q.end - q.start).days + 1 <= 92
    if q.year < 9999 or q.quarter < 4:
        assert q.end + timedelta(days=1) == (q + 1).start
        assert not q.contains((q + 1).start)


@given(quarters(min_year=2000, max_year=8000), st.integers(-3000, 3000), st.integers(-3000, 3000))
def test_addition_is_consistent(q: Quarter, m: int, n: int) -> None:
    assert (q + m) + n == (q + n) + m == q + (m + n)
    assert (q + n) - q == n
    assert (q + n) - n == q
    assert q + 0 == q
    assert (q + n > q) == (n > 0)
    assert ((q + n).start > q.start) == (n > 0)


# (40 quarters after a date in 9989 or later would lie past 9999Q4, which no Quarter holds)
@given(st.dates(max_value=date(9989, 12, 31)), st.integers(0, 40))
def test_nth_quarter_after_a_date_never_counts_its_own_quarter(day: date, n: int) -> None:
    after = Quarter.of(day) + n
    if n > 0:
        assert after.start > day
    assert after - Quarter.of(day) == n


@given(st.dates(max_value=date(9000, 1, 1)), st.integers(0, 1000))
def test_month_arithmetic_is_calendar_based(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or later.day < day.day  # clamped to a shorter month
    assert whole_months_between(day, later) == months
    assert whole_months_between(later, day) == 0


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
        (date(2024, 5, 31), -3, date(2024, 2, 29)),
    ],
)
def test_add_months_examples(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 1, 15), date(2024, 2, 14), 0),
        (date(2024, 1, 15), date(2024, 2, 15), 1),
        (date(2024, 1, 31), date(2024, 2, 29), 1),
        (date(2020, 9, 1), date(2024, 8, 31), 47),
        (date(2020, 9, 1), date(2024, 9, 1), 48),
        (date(2024, 2, 1), date(2024, 1, 1), 0),
    ],
)
def test_whole_months_between_examples(start: date, end: date, expected: int) -> None:
    assert whole_months_between(start, end) == expected


@given(st.dates(), st.dates(), st.dates())
def test_whole_months_grow_with_the_end_date(start: date, a: date, b: date) -> None:
    early, late = sorted((a, b))
    assert 0 <= whole_months_between(start, early) <= whole_months_between(start, late)


# --- the one calendar: the integer arithmetic against relativedelta, its definition ----------

#: Dates that stress month arithmetic: month ends, leap days, the ends of the calendar.
_EDGES = [
    date(1, 1, 1),
    date(1, 1, 31),
    date(1900, 2, 28),
    date(2000, 2, 29),
    date(2023, 1, 31),
    date(2024, 2, 29),
    date(2024, 3, 31),
    date(2024, 12, 31),
    date(9999, 12, 1),
    date(9999, 12, 31),
]
_days = st.one_of(st.dates(), st.sampled_from(_EDGES))


@given(_days, st.integers(-120_000, 120_000))
def test_add_months_is_relativedelta_addition(day: date, months: int) -> None:
    """add_months is ``day + relativedelta(months=months)``, error included, without one."""
    try:
        expected: date | None = day + relativedelta(months=months)
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(ValueError, match="out of range"):
            add_months(day, months)
    else:
        assert add_months(day, months) == expected


@given(_days, _days)
def test_whole_months_between_is_relativedeltas_count(start: date, end: date) -> None:
    """whole_months_between counts what ``relativedelta(end, start)`` counts in months (0 when
    the end is not after the start), and is the largest k with start + k months <= end."""
    expected = 0
    if end > start:
        delta = relativedelta(end, start)
        expected = delta.years * 12 + delta.months
    got = whole_months_between(start, end)
    assert got == expected
    if end > start:
        assert add_months(start, got) <= end
        if start.year * 12 + start.month + got < 9999 * 12 + 12:
            assert add_months(start, got + 1) > end


@given(_days)
def test_quarter_numbers_name_the_quarters(day: date) -> None:
    index = quarter_index(day)
    quarter = Quarter.of(day)
    assert quarter_label(index) == str(quarter)
    assert FIRST_QUARTER <= index <= LAST_QUARTER
    assert Quarter.parse(quarter_label(index)) == quarter


@given(_days, _days, _days, st.one_of(st.none(), _days))
def test_overlaps_means_some_day_in_common(
    first: date, last: date, start: date, end: date | None
) -> None:
    first, last = min(first, last), max(first, last)
    if end is not None and end < start:
        start, end = end, start
    common_start = max(start, first)
    common_end = last if end is None else min(end, last)
    assert overlaps(start, end, first, last) == (common_start <= common_end)


@given(st.dates(), st.dates())
def test_age_on_counts_the_years_relativedelta_counts(birth: date, day: date) -> None:
    from veteran_services.model import age_on

    assert age_on(birth, day) == relativedelta(day, birth).years


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(2004, 2, 29), date(2025, 2, 27), 20),
        (date(2004, 2, 29), date(2025, 2, 28), 21),  # the birthday of a leap day, in a common year
        (date(2004, 2, 29), date(2028, 2, 28), 23),  # ... and on its own day in a leap year
        (date(2004, 2, 29), date(2028, 2, 29), 24),
        (date(1990, 12, 31), date(1991, 12, 30), 0),
        (date(1990, 12, 31), date(1991, 12, 31), 1),
        (date(1990, 1, 1), date(1990, 1, 1), 0),
    ],
)
def test_age_on_birthdays(birth: date, day: date, age: int) -> None:
    from veteran_services.model import age_on

    assert age_on(birth, day) == age == relativedelta(day, birth).years
