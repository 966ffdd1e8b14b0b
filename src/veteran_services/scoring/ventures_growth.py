"""High-growth ventures: the Eurostat–OECD definition, computed exactly from the snapshots.

The Eurostat–OECD *Manual on Business Demography Statistics* (2007, ch. 8) defines high-growth
enterprises by average annualised growth over a three-year period (in employees or turnover),
above a threshold it set at 20 %, from a size threshold of 10 employees at the start; the EU's
business-demography statistics since Commission Implementing Regulation (EU) 2020/1197
(Annex I, section 9) use **more than 10 %** average annualised growth in employees over three
years, from **at least 10 employees**. The library applies the latter by default (both numbers
are parameters): a venture is high-growth at the end snapshot ``E_t`` when a snapshot three
years earlier ``E_{t−3}`` has ``E_{t−3} ≥ 10`` and ``(E_t / E_{t−3})^{1/3} − 1 > 10 %``.
The comparison is made in exact rational arithmetic, ``E_t > E_{t−3} · (1 + r)³``, so that
growth of exactly 10 % (1,000 → 1,331 employees) is not high-growth, as the definition's
"greater than" says, whatever the rounding of a float cube root would do. *Gazelles* are
high-growth ventures at most five years old at the end of the period (Manual §8.4).

**Smaller-firm variant** (the library's, documented as such, not an official statistic): most
veterans' ventures never reach 10 employees, so :func:`classify_growth` also takes
``min_start_employees`` below 10 together with ``min_added`` (default 0): a venture of at least
``min_start_employees`` that grows by more than the rate *and* adds at least ``min_added``
employees. ``min_start_employees=1, min_added=3`` is the variant the report prints beside the
official figure (growth from 1 to 2 employees is 26 % a year but is not a high-growth firm).

The start snapshot is the one closest to 36 months before the end snapshot, within
``slack_months`` (default 3) either side; without one the venture is not classified (None),
never counted as "not high-growth".
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Final

from attrs import frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.model import Venture, VentureSnapshot, add_months, whole_months_between

__all__ = ["GrowthClass", "classify_growth"]

#: The average annualised growth in employees a high-growth venture exceeds (EU: 10 %).
GROWTH_RATE: Final = 0.10
#: The years the growth is measured over (3).
GROWTH_YEARS: Final = 3
#: How many months from exactly :data:`GROWTH_YEARS` before the end the start snapshot may be.
SLACK_MONTHS: Final = 3


@frozen(kw_only=True)
class GrowthClass:
    """A venture's growth over the three years to its latest snapshot.

    Attributes:
        venture_id: The venture.
        start: The snapshot at the start of the period.
        end: The snapshot at its end.
        annualised_growth: ``(E_t / E_{t−3})^{1/years} − 1`` as a float (for reading; the
            classification is exact).
        high_growth: Whether growth exceeds the rate from at least the start size (and adds at
            least ``min_added``).
        gazelle: Whether it is high-growth and at most five years old at the end.
    """

    venture_id: str
    start: VentureSnapshot
    end: VentureSnapshot
    annualised_growth: float
    high_growth: bool
    gazelle: bool


def _fraction(name: str, value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        msg = f"'{name}' must be a number, got {value!r}"
        raise InvalidInputError(name, msg)
    # a float is read as the decimal it was written as (0.1 is 1/10, not 0.1000000000000000055)
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def _whole(name: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        msg = f"'{name}' must be a whole number ≥ {low}, got {value!r}"
        raise InvalidInputError(name, msg)
    return value


def _start_snapshot(
    snapshots: tuple[VentureSnapshot, ...], end: VentureSnapshot, years: int, slack: int
) -> VentureSnapshot | None:
    try:
        target = add_months(end.as_of, -12 * years)
        low, high = add_months(target, -slack), add_months(target, slack)
    except ValueError:  # the period would start before the calendar does
        return None
    candidates = [s for s in snapshots if low <= s.as_of <= high and s.as_of < end.as_of]
    if not candidates:
        return None
    return min(candidates, key=lambda s: (abs((s.as_of - target).days), s.as_of))


def growth_settings(
    rate: object, years: object, min_start_employees: object, min_added: object, slack: object
) -> tuple[Fraction, int, int, int, int]:
    """The checked settings of :func:`classify_growth`, in its order: (the rate as an exact
    fraction, years, least employees at the start, least added, slack in months); both paths
    of the high-growth share check them here.

    Raises:
        InvalidInputError: naming the setting, for a value out of its range.
    """
    threshold = _fraction("rate", rate)
    if threshold <= 0:
        msg = f"'rate' must be above 0, got {rate!r}"
        raise InvalidInputError("rate", msg)
    span = _whole("years", years, 1)
    start_size = _whole("min_start_employees", min_start_employees, 1)
    added = _whole("min_added", min_added, 0)
    return threshold, span, start_size, added, _whole("slack_months", slack, 0)


def grows_fast(start: int, end: int, threshold: Fraction, years: int, added: int) -> bool:
    """Whether growth from *start* to *end* employees over *years* exceeds *threshold* a year
    (in exact rational arithmetic) and adds at least *added* employees: the high-growth rule
    of :func:`classify_growth`, which both paths of the high-growth share apply."""
    return Fraction(end, start) > (1 + threshold) ** years and end - start >= added


@checked
def classify_growth(
    venture: Venture,
    *,
    as_of: date,
    rate: float = GROWTH_RATE,
    years: int = GROWTH_YEARS,
    min_start_employees: int = 10,
    min_added: int = 0,
    slack_months: int = SLACK_MONTHS,
) -> GrowthClass | None:
    """The growth class of *venture* over *years* to its latest snapshot on or before *as_of*.

    Args:
        venture: The venture.
        as_of: The evaluation date.
        rate: The average annualised growth that must be exceeded (0.10).
        years: The period (3).
        min_start_employees: The least number of employees at the start (10).
        min_added: The least number of employees added over the period (0; the smaller-firm
            variant uses 3).
        slack_months: How far from exactly *years* before the end the start snapshot may be.

    Returns:
        The class, or None when there is no end snapshot, no start snapshot within the slack,
        or fewer than *min_start_employees* at the start (not classifiable, not "no").

    >>> from veteran_services.model import LegalForm
    >>> snaps = [VentureSnapshot(as_of=date(2021 + i, 6, 30), employees=n, veteran_employees=0)
    ...          for i, n in enumerate((10, 11, 12, 14))]
    >>> v = Venture(id="B1", founder_ids=["V1"], name="x", legal_form=LegalForm.LIMITED_COMPANY,
    ...             region="320102", registered_on=date(2020, 1, 1), snapshots=snaps)
    >>> c = classify_growth(v, as_of=date(2024, 12, 31))
    >>> c.high_growth, round(c.annualised_growth, 4)
    (True, 0.1187)
    """
    threshold, span, start_size, added, slack = growth_settings(
        rate, years, min_start_employees, min_added, slack_months
    )
    end = venture.latest_snapshot(as_of=as_of)
    if end is None:
        return None
    start = _start_snapshot(venture.snapshots_until(as_of), end, span, slack)
    if start is None or start.employees < start_size:
        return None
    ratio = Fraction(end.employees, start.employees)
    high = grows_fast(start.employees, end.employees, threshold, span, added)
    growth = float(ratio) ** (1 / span) - 1
    young = whole_months_between(venture.registered_on, end.as_of) <= 60
    return GrowthClass(
        venture_id=venture.id,
        start=start,
        end=end,
        annualised_growth=growth,
        high_growth=high,
        gazelle=high and young,
    )
