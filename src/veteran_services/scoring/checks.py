"""What scoring needs of a caseload, checked beforehand: :func:`check_market`.

:meth:`Caseload.check <veteran_services.model.Caseload.check>` finds what only the whole
caseload shows (a placement whose employer is missing is a ``dangling-reference``);
:func:`check_market` adds what only the caseload *and the labour-market tables* show: the
placements those tables cannot score. Together they predict exactly the placements that
:func:`~veteran_services.scoring.score_caseload` leaves without a score for want of data
(reason codes ``no_market_data`` and ``unknown_employer``): a caseload both pass without an
error is a caseload the tables score completely (placements may still lack a score for low
coverage or for starting after the scoring date, which depend on the model and the date).

The problems are the model's :class:`~veteran_services.model.Problem` records, with the codes of
:class:`MarketProblemCode`. The codes live here, not in the model's
:class:`~veteran_services.model.ProblemCode`, because they are about the labour-market tables,
which the model knows nothing of (the model never imports scoring), and because every
:class:`~veteran_services.model.ProblemCode` is one that :meth:`Caseload.check` itself finds.
Both are string enums, so a problem's ``code`` prints and compares as its stable value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from enum import StrEnum

from veteran_services._checks import checked
from veteran_services.codes import register_labels
from veteran_services.model import (
    Caseload,
    ContractType,
    Placement,
    Problem,
    Severity,
)
from veteran_services.scoring.market import LabourMarket, MarketDataError, MinimumWage

__all__ = ["MarketProblemCode", "check_market"]


class MarketProblemCode(StrEnum):
    """Stable codes of the problems :func:`check_market` finds (all errors: the placement
    cannot be scored with these tables).

    - ``OUTSIDE_MARKET_REGIONS``: no table row for the employer's region or any region above
      it (a placement with an employer outside the regions the tables cover).
    - ``OUTSIDE_MARKET_DATES``: the tables cover the employer's region, but from a date after
      the placement's start.
    - ``NO_HOURLY_MINIMUM``: a part-time job with a wage and weekly hours, held to the hourly
      minimum wage, in a region and date whose minimum-wage row has no hourly minimum.
    """

    OUTSIDE_MARKET_DATES = "outside-market-dates"
    OUTSIDE_MARKET_REGIONS = "outside-market-regions"
    NO_HOURLY_MINIMUM = "no-hourly-minimum"


register_labels(
    MarketProblemCode,
    {
        MarketProblemCode.OUTSIDE_MARKET_DATES: (
            "Placement before the labour-market tables start",
            "就业开始日期早于劳动力市场参数表的起始日期",
        ),
        MarketProblemCode.OUTSIDE_MARKET_REGIONS: (
            "Employer's region not in the labour-market tables",
            "用人单位所在地区不在劳动力市场参数表中",
        ),
        MarketProblemCode.NO_HOURLY_MINIMUM: (
            "No hourly minimum wage for part-time work",
            "缺少非全日制用工小时最低工资标准",
        ),
    },
)

_TABLES = ("minimum_wages", "working_time_rules", "social_insurance_rules")
#: For one region and start date: what the tables that do not cover the region at all say,
#: what those that start too late say, and the minimum-wage row when that table covers it.
_Cover = tuple[tuple[str, ...], tuple[str, ...], MinimumWage | None]


@checked
def check_market(caseload: Caseload, market: LabourMarket) -> list[Problem]:
    """The placements of *caseload* that *market* cannot score, as errors.

    Each placement whose employer is in the caseload is looked up as scoring looks it up: the
    minimum wage, working-time rule and social-insurance rule in force on its start date in
    its employer's region (or the nearest region above it with rows), and, for part-time work
    with a wage and weekly hours, the hourly minimum wage. A placement gets a problem for each
    way it falls outside (:class:`MarketProblemCode`), with a message naming the tables, the
    region and the date. Placements whose employer is missing are left to
    :meth:`Caseload.check <veteran_services.model.Caseload.check>` (``dangling-reference``).

    The problems (kind ``"placements"``) are sorted like :meth:`Caseload.check`'s: by record id,
    code and message, whatever the order of the records. A placement gets a problem here or a
    ``dangling-reference`` on its ``employer_id`` there exactly when
    :func:`~veteran_services.scoring.score_caseload` gives it the reason code
    ``no_market_data`` or ``unknown_employer``.

    >>> from datetime import date
    >>> from veteran_services.model import Employer
    >>> job = Placement(id="P1", veteran_id="V1", employer_id="E1", occupation="5414",
    ...                 started_on=date(2012, 3, 1))
    >>> employer = Employer(id="E1", name="Guards Ltd", region="320115")
    >>> [p.code.value for p in check_market(Caseload(employers=[employer], placements=[job]),
    ...                                     LabourMarket.nanjing())]
    ['outside-market-dates']
    """
    problems = list(dict.fromkeys(_problems(caseload, market)))
    problems.sort(key=lambda p: (p.record_id, p.code, p.message))
    return problems


def _problems(caseload: Caseload, market: LabourMarket) -> Iterator[Problem]:
    regions: dict[str, str] = {}
    for employer in caseload.employers:
        regions.setdefault(employer.id, employer.region)  # the first record wins, as in scoring
    cover_of = market_cover(market)
    for placement in caseload.placements:
        region = regions.get(placement.employer_id)
        if region is None:
            continue  # a dangling reference: Caseload.check() reports it
        day = placement.started_on
        cover = cover_of(region, day)
        minimum = cover[2]
        held = (
            minimum is not None and minimum.hourly is None and _held_to_hourly(placement, minimum)
        )
        yield from market_problems(
            market, placement.id, placement.employer_id, region, day, cover, held=held
        )


def market_problems(
    market: LabourMarket,
    placement_id: str,
    employer_id: str,
    region: str,
    day: date,
    cover: _Cover,
    *,
    held: bool,
) -> Iterator[Problem]:
    """The problems of one placement (its employer in *region*, started on *day*) given what
    the tables say for that region and day (:func:`market_cover`); *held*: whether scoring
    holds it to the hourly minimum wage (part-time work with a wage in the minimum's currency
    and weekly hours) that the minimum-wage row in force lacks. For :func:`check_market` and
    ``columnar.check_market`` alike."""
    places, dates, minimum = cover
    tables = repr(market.name)
    if places:
        yield _error(
            MarketProblemCode.OUTSIDE_MARKET_REGIONS,
            placement_id,
            "employer_id",
            f"'employer_id' {employer_id!r} is in region {region!r}, outside the "
            f"labour-market tables {tables}: " + "; ".join(places),
        )
    if dates:
        yield _error(
            MarketProblemCode.OUTSIDE_MARKET_DATES,
            placement_id,
            "started_on",
            f"'started_on' {day} is before the labour-market tables {tables} start for "
            f"region {region!r}: " + "; ".join(dates) + "; add rows from an earlier date "
            "or correct the date",
        )
    if held and minimum is not None:
        yield _error(
            MarketProblemCode.NO_HOURLY_MINIMUM,
            placement_id,
            "contract",
            f"'contract' is part-time work, held to the hourly minimum wage, but the "
            f"minimum-wage row of {tables} for region {minimum.region!r} from "
            f"{minimum.valid_from} has no hourly minimum; add one to the minimum-wage table",
        )


def market_cover(market: LabourMarket) -> Callable[[str, date], _Cover]:
    """What the tables of *market* say for a region and a start date (remembered per region
    and date): the messages of the tables that do not cover the region at all, of those that
    start after the date, and the minimum-wage row in force when that table covers it."""
    covered = {table: frozenset(r.region for r in getattr(market, table)) for table in _TABLES}
    seen: dict[tuple[str, date], _Cover] = {}

    def cover(region: str, day: date) -> _Cover:
        found = seen.get((region, day))
        if found is None:
            found = seen[(region, day)] = _cover(market, covered, region, day)
        return found

    return cover


def _cover(
    market: LabourMarket, covered: dict[str, frozenset[str]], region: str, day: date
) -> _Cover:
    """Which tables do not cover *region* at all, which start after *day* (what each lookup
    says), and the minimum-wage row when that table covers them."""
    chain = market._region_chain(region)
    lookups = {
        "minimum_wages": market.minimum_wage,
        "working_time_rules": market.working_time,
        "social_insurance_rules": market.social_insurance,
    }
    places: list[str] = []
    dates: list[str] = []
    minimum: MinimumWage | None = None
    for table in _TABLES:
        try:
            row = lookups[table](region, day)
        except MarketDataError as error:
            # a region with rows on the way up that start too late, or none on the way up
            (dates if any(code in covered[table] for code in chain) else places).append(str(error))
            continue
        if isinstance(row, MinimumWage):
            minimum = row
    return tuple(places), tuple(dates), minimum


def _held_to_hourly(placement: Placement, minimum: MinimumWage) -> bool:
    wage = placement.monthly_wage
    return held_to_hourly(
        placement.contract,
        None if wage is None else wage.currency,
        placement.weekly_hours,
        minimum,
    )


def held_to_hourly(
    contract: ContractType | None,
    currency: str | None,
    weekly_hours: Decimal | None,
    minimum: MinimumWage,
) -> bool:
    """Whether scoring compares a placement's wage with the hourly minimum: part-time work
    with a wage in the minimum's currency (*currency*: the wage's, ``None`` without a wage)
    and a non-zero number of weekly hours."""
    return (
        contract is ContractType.PART_TIME
        and currency is not None
        and currency == minimum.currency
        and bool(weekly_hours)
    )


def _error(code: MarketProblemCode, placement_id: str, field: str, message: str) -> Problem:
    return Problem(
        severity=Severity.ERROR,
        code=code,
        kind="placements",
        record_id=placement_id,
        message=message,
        field=field,
    )
