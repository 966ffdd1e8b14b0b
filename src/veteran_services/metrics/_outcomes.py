"""Private helpers: quarterly employment and earnings of a veteran, enrolment attribution."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final, TypeVar, cast

from dateutil.relativedelta import relativedelta

from veteran_services._gc import paused_gc
from veteran_services.metrics.cohorts import beyond_calendar, check_between, describe_between
from veteran_services.model import Caseload, Quarter, time
from veteran_services.model.time import LAST_QUARTER, overlaps, quarter_index, quarter_label

__all__ = [
    "LAST_QUARTER",
    "MIXED_CURRENCIES",
    "EmploymentIndex",
    "add_months",
    "attributed_enrolment",
    "beyond_calendar",
    "check_between",
    "describe_between",
    "estimated_earnings",
    "later",
    "quarter_bounds",
    "quarter_index",
    "quarter_label",
    "recorded_earnings",
    "without_gc_pauses",
]

_F = TypeVar("_F", bound=Callable[..., Any])


def without_gc_pauses(function: _F) -> _F:
    """Run *function* with the cyclic garbage collector paused (and restored after).

    The indicators build hundreds of thousands of small acyclic objects while a large caseload
    is alive; each automatic collection would walk the whole caseload (METHODOLOGY/DESIGN §8:
    the collector then dominates the run time). Nothing is leaked: reference counting still
    frees everything, and the collector runs again as soon as the function returns.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with paused_gc():
            return function(*args, **kwargs)

    return cast(_F, wrapper)


_CENT = Decimal("0.01")

#: The currency :meth:`EmploymentIndex.earnings_in` gives for a quarter whose figures are in
#: more than one currency (they cannot be added); not an ISO 4217 code, so it cannot clash.
MIXED_CURRENCIES: Final = "mixed"


def later(day: date, period: relativedelta) -> date | None:
    """*day* + *period* (calendar months and years, as ``relativedelta`` adds them), or ``None``
    when the result would lie outside the calendar (after 9999-12-31 or before 0001-01-01).

    >>> later(date(2024, 1, 31), relativedelta(months=1)), later(date.max, relativedelta(days=1))
    (datetime.date(2024, 2, 29), None)
    """
    try:
        result: date = day + period
    except (OverflowError, ValueError):
        return None
    return result


def add_months(day: date, months: int) -> date | None:
    """:func:`veteran_services.model.add_months`, or ``None`` when the result would lie after
    9999-12-31 (or before 0001-01-01).

    >>> add_months(date(2024, 1, 31), 1), add_months(date(9999, 12, 1), 1)
    (datetime.date(2024, 2, 29), None)
    """
    try:
        return time.add_months(day, months)
    except ValueError:
        return None


def _index(quarter: Quarter) -> int:
    return quarter.year * 4 + quarter.quarter - 1


@lru_cache(maxsize=4096)
def quarter_bounds(index: int) -> tuple[date, date]:
    """First and last day of the quarter with running number *index*."""
    quarter = Quarter(year=index // 4, quarter=index % 4 + 1)
    return quarter.start, quarter.end


class EmploymentIndex:
    """Answers "was this veteran employed in that quarter, by whom, earning what?".

    Employed in a quarter = an earnings record with an amount above zero in the quarter, or an
    unsubsidised placement held on at least one day of it, or a venture the veteran founded
    that was active on at least one day of it.
    """

    def __init__(self, caseload: Caseload) -> None:
        self._caseload = caseload

    def _held(self, veteran_id: str, first: date, last: date) -> Iterator[str]:
        """The keys (``employer:<id>``, ``venture:<id>``) of the unsubsidised jobs the veteran
        held and the ventures they founded that were active on some day of ``[first, last]``."""
        caseload = self._caseload
        for placement in caseload.placements_of(veteran_id):
            if not placement.subsidised and overlaps(
                placement.started_on, placement.ended_on, first, last
            ):
                yield "employer:" + placement.employer_id
        for venture in caseload.ventures_of(veteran_id):
            if overlaps(venture.registered_on, venture.closed_on, first, last):
                yield "venture:" + venture.id

    def _earned(self, veteran_id: str, index: int) -> Iterator[str]:
        """The keys (``employer:<id>``) of the earnings above zero in the quarter."""
        for record in self._caseload.earnings_of(veteran_id):
            if _index(record.quarter) == index and record.amount.amount > 0:
                yield "employer:" + record.employer_id

    def employers_in(self, veteran_id: str, index: int) -> frozenset[str]:
        """Keys of the employers (``employer:<id>``) and ventures (``venture:<id>``) the veteran
        worked for in the quarter."""
        first, last = quarter_bounds(index)
        return frozenset((*self._earned(veteran_id, index), *self._held(veteran_id, first, last)))

    def employed_in(self, veteran_id: str, index: int) -> bool:
        """Whether the veteran was employed in the quarter."""
        first, last = quarter_bounds(index)
        return any(self._earned(veteran_id, index)) or any(self._held(veteran_id, first, last))

    def employed_between(self, veteran_id: str, first: date, last: date) -> bool:
        """Whether the veteran held an unsubsidised job or a venture on some day of
        ``[first, last]``, or had earnings above zero in a quarter that starts on or after
        *first* and no later than *last*."""
        return any(self._held(veteran_id, first, last)) or any(
            record.amount.amount > 0 and first <= record.quarter.start <= last
            for record in self._caseload.earnings_of(veteran_id)
        )

    def earnings_in(self, veteran_id: str, index: int) -> tuple[Decimal | None, bool, str | None]:
        """Total earnings in the quarter: (amount or None, estimated?, currency).

        Earnings records are used when the veteran has any for the quarter (summed over
        employers). Otherwise earnings are estimated from unsubsidised placements held in the
        quarter: monthly wage × months worked, where months worked = 3 × days held ÷ days in
        the quarter, rounded to the cent. ``None`` when neither source gives a figure, or when
        the figures are in more than one currency (they cannot be added: the currency is then
        :data:`MIXED_CURRENCIES`).
        """
        caseload = self._caseload
        recorded = [
            (r.amount.amount, r.amount.currency)
            for r in caseload.earnings_of(veteran_id)
            if _index(r.quarter) == index
        ]
        if recorded:
            return recorded_earnings(recorded)
        return estimated_earnings(
            (
                (p.monthly_wage.amount, p.monthly_wage.currency, p.started_on, p.ended_on)
                for p in caseload.placements_of(veteran_id)
                if not p.subsidised and p.monthly_wage is not None
            ),
            index,
        )


def recorded_earnings(amounts: Iterable[tuple[Decimal, str]]) -> tuple[Decimal | None, bool, str]:
    """A quarter's earnings from its earnings records, the (amount, currency) of each (at
    least one): (their sum, False, the currency), or (None, False, :data:`MIXED_CURRENCIES`)
    when they are in more than one currency (:meth:`EmploymentIndex.earnings_in`; both metric
    paths use it)."""
    records = list(amounts)
    currencies = {currency for _, currency in records}
    if len(currencies) > 1:
        return None, False, MIXED_CURRENCIES
    return sum((amount for amount, _ in records), Decimal(0)), False, currencies.pop()


def estimated_earnings(
    wages: Iterable[tuple[Decimal, str, date, date | None]], index: int
) -> tuple[Decimal | None, bool, str | None]:
    """A quarter's earnings estimated from unsubsidised jobs with a wage, the (monthly wage,
    currency, start, end or None) of each in the caseload's order: monthly wage × months
    worked (3 × days held ÷ days in the quarter), summed and rounded to the cent; (None, True,
    None) when no job was held in the quarter, (None, True, :data:`MIXED_CURRENCIES`) when the
    wages are in more than one currency (:meth:`EmploymentIndex.earnings_in`; both metric
    paths use it)."""
    first, last = quarter_bounds(index)
    days_in_quarter = Decimal((last - first).days + 1)
    total = Decimal(0)
    found = False
    currencies = set()
    for amount, currency, started_on, ended_on in wages:
        start = max(started_on, first)
        end = last if ended_on is None else min(ended_on, last)
        days = (end - start).days + 1
        if days <= 0:
            continue
        found = True
        currencies.add(currency)
        months = 3 * Decimal(days) / days_in_quarter
        total += amount * months
    if not found:
        return None, True, None
    if len(currencies) > 1:
        return None, True, MIXED_CURRENCIES
    return total.quantize(_CENT), True, currencies.pop()


def attributed_enrolment(caseload: Caseload, veteran_id: str, until: date) -> str | None:
    """The enrolment an outcome is attributed to: the veteran's latest enrolment that started
    on or before *until* (ties: the smallest id), or ``None``."""
    best = None
    for enrolment in caseload.enrolments_of(veteran_id):
        if enrolment.enrolled_on <= until and (
            best is None or (enrolment.enrolled_on, best.id) > (best.enrolled_on, enrolment.id)
        ):
            best = enrolment
    return None if best is None else best.id
