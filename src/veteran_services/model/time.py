"""Calendar quarters and whole-month arithmetic: the one calendar of the library.

Quarters follow the calendar (Q1 January-March ... Q4 October-December). Month arithmetic is
that of :class:`dateutil.relativedelta.relativedelta`, so 31 January plus one month is the
last day of February, never ``timedelta(days=30)``. A quarter also has a running number,
year × 4 + quarter − 1 (:func:`quarter_index`), in which quarters are added and compared
without building :class:`Quarter` objects, and which can name quarters past 9999Q4.

The columnar path computes the same over whole columns (its private ``_calendar`` module);
property tests tie each of its functions to the one here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Final, overload

from attrs import field, frozen
from dateutil.relativedelta import relativedelta

from veteran_services.errors import InvalidRecordError
from veteran_services.model._validators import check_type, in_range

__all__ = [
    "FIRST_QUARTER",
    "LAST_QUARTER",
    "Quarter",
    "add_months",
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
        if not isinstance(quarters, int) or isinstance(quarters, bool):
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
        if isinstance(other, int) and not isinstance(other, bool):
            return self + (-other)
        return NotImplemented

    def __str__(self) -> str:
        # Four-digit years, so that every quarter parses back (year 1 is "0001Q1").
        return f"{self.year:04d}Q{self.quarter}"


#: The running number (:func:`quarter_index`) of 0001Q1, the first quarter the calendar holds.
FIRST_QUARTER: Final = 1 * 4
#: The running number (:func:`quarter_index`) of 9999Q4, the last quarter the calendar holds.
LAST_QUARTER: Final = 9999 * 4 + 3


def quarter_index(day: date) -> int:
    """The running number (year × 4 + quarter − 1) of the quarter that contains *day*.

    >>> quarter_index(date(2024, 5, 1)) - quarter_index(date(2023, 12, 31))
    2
    """
    return day.year * 4 + (day.month - 1) // 3


def quarter_label(index: int) -> str:
    """``"2024Q1"`` for a running quarter number (:func:`quarter_index`), also for one past
    :data:`LAST_QUARTER`, which no :class:`Quarter` can hold.

    >>> quarter_label(quarter_index(date(2024, 2, 29))), quarter_label(LAST_QUARTER + 1)
    ('2024Q1', '10000Q1')
    """
    return f"{index // 4}Q{index % 4 + 1}"


def add_months(day: date, months: int) -> date:
    """*day* plus *months* calendar months, clamped to the end of a shorter month.

    >>> add_months(date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    """
    result: date = day + relativedelta(months=months)
    return result


def whole_months_between(start: date, end: date) -> int:
    """Whole calendar months from *start* to *end* (0 when *end* precedes *start*).

    >>> whole_months_between(date(2024, 1, 31), date(2024, 2, 29))
    1
    >>> whole_months_between(date(2024, 1, 15), date(2024, 3, 14))
    1
    """
    if end <= start:
        return 0
    delta = relativedelta(end, start)
    return int(delta.years * 12 + delta.months)
