"""Calendar quarters and whole-month arithmetic: the one calendar of the library.

Quarters follow the calendar (Q1 January-March ... Q4 October-December). Month arithmetic is
that of :class:`dateutil.relativedelta.relativedelta` (computed without building one), so
31 January plus one month is the last day of February, never ``timedelta(days=30)``. A
quarter also has a running number, year × 4 + quarter − 1 (:func:`quarter_index`), in which
quarters are added and compared without building :class:`Quarter` objects, and which can
name quarters past 9999Q4.

The columnar path computes the same over whole columns (its private ``_calendar`` module);
property tests tie each of its functions to the one here.
"""

from __future__ import annotations

import re
from calendar import isleap, monthrange
from datetime import MAXYEAR, MINYEAR, date
from typing import Any, Final, overload

from attrs import field, frozen
from dateutil.relativedelta import relativedelta

from veteran_services._checks import checked, checks_itself, is_whole, whole
from veteran_services._checks import day as as_day
from veteran_services.errors import InvalidRecordError
from veteran_services.model._validators import check_type, in_range

__all__ = [
    "FIRST_QUARTER",
    "LAST_QUARTER",
    "Quarter",
    "add_months",
    "age_on",
    "overlaps",
    "quarter_index",
    "quarter_label",
    "whole_months_between",
]

_QUARTER_RE = re.compile(r"(\d{4})-?Q([1-4])", re.IGNORECASE)


@frozen(kw_only=True, order=True)
class Quarter:
    """A calendar quarter.

    >>> q = Quarter.of(date(2017, 6, 1))
    >>> str(q), str(q + 2), str(q + 4)
    ('2017Q2', '2017Q4', '2018Q2')
    >>> q.start, q.end
    (datetime.date(2017, 4, 1), datetime.date(2017, 6, 30))
    >>> Quarter.parse("2024Q1") - Quarter.parse("2023Q3")
    2
    """

    year: int = field(validator=[check_type(int), in_range(1, 9999)])
    quarter: int = field(validator=[check_type(int), in_range(1, 4)])

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter that contains *day*."""
        return cls(year=day.year, quarter=(day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Parse ``"2024Q1"`` (also ``"2024-Q1"``, case-insensitive)."""
        match = _QUARTER_RE.fullmatch(text.strip()) if isinstance(text, str) else None
        if match is None:
            msg = f"'quarter' must look like '2024Q1', got {text!r}"
            raise InvalidRecordError("quarter", msg)
        return cls(year=int(match.group(1)), quarter=int(match.group(2)))

    @property
    def start(self) -> date:
        """The first day of the quarter."""
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        """The last day of the quarter."""
        # Not (self + 1).start - 1 day: the quarter after 9999Q4 cannot be represented.
        return date(self.year, 3 * self.quarter, 31 if self.quarter in (1, 4) else 30)

    def contains(self, day: date) -> bool:
        """Whether *day* falls in this quarter."""
        return self.start <= day <= self.end

    def __add__(self, quarters: int) -> Quarter:
        if not is_whole(quarters):
            return NotImplemented
        index = self.year * 4 + (self.quarter - 1) + quarters
        return Quarter(year=index // 4, quarter=index % 4 + 1)

    @overload
    def __sub__(self, other: int) -> Quarter: ...
    @overload
    def __sub__(self, other: Quarter) -> int: ...
    def __sub__(self, other: Any) -> Any:
        if isinstance(other, Quarter):
            return (self.year * 4 + self.quarter) - (other.year * 4 + other.quarter)
        if is_whole(other):
            return self + (-other)
        return NotImplemented

    def __str__(self) -> str:
        # Four-digit years, so that every quarter parses back (year 1 is "0001Q1").
        return f"{self.year:04d}Q{self.quarter}"


#: The running number (:func:`quarter_index`) of 0001Q1, the first quarter the calendar holds.
FIRST_QUARTER: Final = 1 * 4
#: The running number (:func:`quarter_index`) of 9999Q4, the last quarter the calendar holds.
LAST_QUARTER: Final = 9999 * 4 + 3


@checks_itself
def quarter_index(day: date) -> int:
    """The running number (year × 4 + quarter − 1) of the quarter that contains *day*.

    >>> quarter_index(date(2024, 5, 1)) - quarter_index(date(2023, 12, 31))
    2
    """
    if type(day) is not date:
        day = as_day(day, "day")
    return day.year * 4 + (day.month - 1) // 3


@checked
def quarter_label(index: int) -> str:
    """``"2024Q1"`` for a running quarter number (:func:`quarter_index`): ``str()`` of its
    :class:`Quarter` (four-digit years, ``"0001Q1"``), also for one past :data:`LAST_QUARTER`,
    which no :class:`Quarter` can hold.

    >>> quarter_label(quarter_index(date(2024, 2, 29))), quarter_label(LAST_QUARTER + 1)
    ('2024Q1', '10000Q1')
    """
    return f"{index // 4:04d}Q{index % 4 + 1}"


@checks_itself
def add_months(day: date, months: int) -> date:
    """*day* plus *months* calendar months, clamped to the end of a shorter month: what
    ``day + relativedelta(months=months)`` gives, by integer arithmetic (about ten times
    faster, for hot loops).

    Raises:
        ValueError: the result would lie outside the calendar (after 9999-12-31 or before
            0001-01-01), as ``relativedelta`` says it.

    >>> add_months(date(2024, 1, 31), 1), add_months(date(2023, 8, 31), 6)
    (datetime.date(2024, 2, 29), datetime.date(2024, 2, 29))
    """
    if type(day) is not date:
        day = as_day(day, "day")
    if type(months) is not int:
        months = whole(months, "months")
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    if not MINYEAR <= year <= MAXYEAR:
        msg = f"year {year} is out of range"
        raise ValueError(msg)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


@checks_itself
def whole_months_between(start: date, end: date) -> int:
    """Whole calendar months from *start* to *end*: the largest k with *start* plus k months
    (:func:`add_months`, clamped to the end of a shorter month) on or before *end*; 0 when
    *end* is not after *start*. What ``relativedelta(end, start)`` counts in months, without
    building one (about 80 times slower).

    >>> whole_months_between(date(2024, 1, 31), date(2024, 2, 29))
    1
    >>> whole_months_between(date(2024, 1, 15), date(2024, 3, 14))
    1
    """
    if type(start) is not date:
        start = as_day(start, "start")
    if type(end) is not date:
        end = as_day(end, "end")
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    year, month = divmod(start.month - 1 + months, 12)
    day = min(start.day, monthrange(start.year + year, month + 1)[1])
    if date(start.year + year, month + 1, day) > end:
        months -= 1
    return months


@checks_itself
def overlaps(start: date, end: date | None, first: date, last: date) -> bool:
    """Whether a span from *start* to *end* (inclusive; ``None``: not ended) includes at least
    one day of ``[first, last]``: a job held, a venture active, on some day of a period.

    >>> overlaps(date(2024, 3, 31), None, date(2024, 1, 1), date(2024, 3, 31))
    True
    >>> overlaps(date(2023, 1, 1), date(2023, 12, 31), date(2024, 1, 1), date(2024, 3, 31))
    False
    """
    if type(start) is not date:
        start = as_day(start, "start")
    if end is not None and type(end) is not date:
        end = as_day(end, "end")
    if type(first) is not date:
        first = as_day(first, "first")
    if type(last) is not date:
        last = as_day(last, "last")
    return start <= last and (end is None or end >= first)


@checks_itself
def age_on(birth: date, day: date) -> int:
    """Age in whole years on *day* of someone born on *birth*, as
    ``relativedelta(day, birth).years`` counts it, without building a relativedelta (the rule
    of :meth:`Veteran.age <veteran_services.model.Veteran.age>`, also in loops over
    millions of placements). A birthday on 29 February falls on 28 February in other years.

    >>> age_on(date(2000, 6, 15), date(2025, 6, 14)), age_on(date(2000, 6, 15), date(2025, 6, 15))
    (24, 25)
    >>> age_on(date(2004, 2, 29), date(2025, 2, 28))
    21
    """
    if type(birth) is not date:
        birth = as_day(birth, "birth")
    if type(day) is not date:
        day = as_day(day, "day")
    if day < birth:  # before the birth: relativedelta's own (negative) count
        return int(relativedelta(day, birth).years)
    years = day.year - birth.year
    month, dom = birth.month, birth.day
    if month == 2 and dom == 29 and not isleap(day.year):
        dom = 28
    if (day.month, day.day) < (month, dom):
        years -= 1
    return years
