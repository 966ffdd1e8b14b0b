"""Group-level job quality: OECD earnings quality, the Atkinson index, ILO low pay and
excessive hours.

Sources: S. Cazes, A. Hijzen & A. Saint-Martin (2015), "Measuring and assessing job quality:
the OECD Job Quality Framework", OECD Social, Employment and Migration Working Papers 174
(earnings quality as an inequality-averse generalised mean of earnings); A. B. Atkinson (1970);
ILO (2013), *Decent Work Indicators*, 2nd ed.: low pay rate (hourly earnings below two thirds
of the median) and excessive working time (more than 48 hours a week).
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from datetime import date
from typing import Literal

from attrs import frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError, UnknownRecordError
from veteran_services.model import Caseload, Placement
from veteran_services.scoring.market import LabourMarket, MarketDataError
from veteran_services.scoring.summary import describe_grouping
from veteran_services.stats import Interval, atkinson_index, generalised_mean, wilson_interval

__all__ = ["GroupJobQuality", "PlacementGroupKey", "job_quality_by_group"]

#: How placements are grouped: ``"region"`` or ``"employer_region"`` (the employer's
#: district), ``"veteran_region"`` (the veteran's home district), the name of a
#: :class:`~veteran_services.model.Placement` attribute (``"employer_id"``, ``"occupation"``,
#: ``"source"``, ...), or a function of a placement.
PlacementGroupKey = str | Callable[[Placement], Hashable]


@frozen(kw_only=True)
class GroupJobQuality:
    """Job quality of a group of placements.

    Attributes:
        group: The group's key.
        placements: Placements in the group.
        with_earnings: Those with a wage and weekly hours (the earnings measures use these).
        mean_hourly: Mean hourly earnings, or None.
        earnings_quality: OECD earnings quality, the generalised mean of hourly earnings
            ``M_β = (mean(w^(1−β)))^(1/(1−β))`` (geometric mean for β = 1), or None.
        atkinson: Atkinson index ``1 − M_β / mean(w)``, or None.
        beta: The inequality aversion β used.
        low_pay_threshold: Two thirds of the reference median hourly wage.
        low_pay_share: Share with hourly earnings below the threshold, or None.
        low_pay_interval: Its Wilson interval, or None.
        with_hours: Placements with weekly hours.
        excessive_hours_share: Share of those working more than *excessive_hours* a week.
        excessive_hours_interval: Its Wilson interval, or None.
        without_market: Placements with a wage and hours whose hourly earnings could not be
            computed: the employer is not in the caseload or the market has no working-time
            rule for its region and start (``scoring.check_market`` lists them). They are
            left out of the earnings measures; the run goes on.
        grouping: What the groups are, in words (for a region, whose:
            :data:`~veteran_services.scoring.SCORE_GROUPINGS`).
    """

    group: Hashable
    placements: int
    with_earnings: int
    mean_hourly: float | None
    earnings_quality: float | None
    atkinson: float | None
    beta: float
    low_pay_threshold: float | None
    low_pay_share: float | None
    low_pay_interval: Interval | None
    with_hours: int
    excessive_hours_share: float | None
    excessive_hours_interval: Interval | None
    without_market: int = 0
    grouping: str = ""


def _placement_key(by: PlacementGroupKey, caseload: Caseload) -> Callable[[Placement], Hashable]:
    if callable(by):
        return by
    if by in ("region", "employer_region"):
        # the employer's region; None for a placement whose employer is not in the caseload
        return lambda p: _region(p, caseload)
    if by == "veteran_region":
        homes: dict[str, str] = {v.id: v.region for v in caseload.veterans}
        return lambda p: homes.get(p.veteran_id)
    names = {a.name for a in Placement.__attrs_attrs__}
    if by not in names:
        msg = (
            "'by' must be 'region', 'employer_region', 'veteran_region' or an attribute of "
            f"Placement ({', '.join(sorted(names))}), got {by!r}"
        )
        raise InvalidInputError("by", msg)

    def key(placement: Placement) -> Hashable:
        value: Hashable = getattr(placement, by)
        return value

    return key


def _region(placement: Placement, caseload: Caseload) -> str | None:
    try:
        return caseload.employer(placement.employer_id).region
    except UnknownRecordError:
        return None


def _hourly(
    placement: Placement, caseload: Caseload, market: LabourMarket
) -> float | Literal["no market"] | None:
    """Hourly earnings; None without a wage or hours; ``"no market"`` when the employer or
    the working-time rule for its region and start is missing."""
    wage = placement.monthly_wage
    hours = placement.weekly_hours
    if wage is None or not hours or wage.amount <= 0:
        return None
    region = _region(placement, caseload)
    if region is None:
        return "no market"
    try:
        rule = market.working_time(region, placement.started_on)
    except MarketDataError:
        return "no market"
    return float(wage.amount) / (float(hours) * rule.weeks_per_month)


@checked
def job_quality_by_group(
    caseload: Caseload,
    *,
    market: LabourMarket,
    by: PlacementGroupKey = "region",
    beta: float = 3.0,
    active_on: date | None = None,
    reference_median: float | None = None,
    excessive_hours: float = 48.0,
    confidence: float = 0.95,
    placements: Iterable[Placement] | None = None,
) -> tuple[GroupJobQuality, ...]:
    """OECD earnings quality, Atkinson index, ILO low-pay and excessive-hours shares per group.

    Hourly earnings are monthly wage ÷ (weekly hours × paid weeks a month, 21.75 / 5 in China).
    Placements of several currencies cannot be pooled.

    Args:
        caseload: The caseload.
        market: Labour-market tables (for the paid weeks in a month).
        by: How to group the placements (see :data:`PlacementGroupKey`).
        beta: Inequality aversion β of the earnings-quality measure and the Atkinson index
            (OECD uses a high aversion; the value 3 is not confirmed from the OECD's text, so
            state the β you use).
        active_on: Only placements held on that date (all placements when None).
        reference_median: The median hourly wage that defines low pay; by default the median
            over all the placements used, across groups.
        excessive_hours: The weekly hours above which hours are excessive (ILO: 48).
        confidence: Coverage of the Wilson intervals.
        placements: The placements to use instead of all of the caseload's.

    Returns:
        One result per group, sorted by the group's key.

    Raises:
        InvalidInputError: a bad *by* or *beta*, or placements in several currencies.
    """
    key = _placement_key(by, caseload)
    grouping = describe_grouping(by)
    chosen = [
        p
        for p in (caseload.placements if placements is None else placements)
        if active_on is None or p.is_active_on(active_on)
    ]
    currencies = {p.monthly_wage.currency for p in chosen if p.monthly_wage is not None}
    if len(currencies) > 1:
        msg = f"placements have wages in several currencies ({', '.join(sorted(currencies))})"
        raise InvalidInputError("placements", msg)
    computed = {p.id: _hourly(p, caseload, market) for p in chosen}
    hourly = {k: v if isinstance(v, float) else None for k, v in computed.items()}
    pooled = [h for h in hourly.values() if h is not None]
    median = reference_median
    if median is None and pooled:
        median = statistics.median(pooled)
    threshold = None if median is None else 2.0 * median / 3.0
    groups: defaultdict[Hashable, list[Placement]] = defaultdict(list)
    for placement in chosen:
        groups[key(placement)].append(placement)
    results = []
    for group in sorted(groups, key=lambda g: (type(g).__name__, str(g))):
        members = groups[group]
        earnings = sorted(h for p in members if (h := hourly[p.id]) is not None)
        hours = [float(p.weekly_hours) for p in members if p.weekly_hours is not None]
        n = len(earnings)
        low = None if threshold is None else sum(1 for h in earnings if h < threshold)
        long_hours = sum(1 for h in hours if h > excessive_hours)
        results.append(
            GroupJobQuality(
                group=group,
                placements=len(members),
                with_earnings=n,
                mean_hourly=math.fsum(earnings) / n if n else None,
                earnings_quality=generalised_mean(earnings, beta=beta) if n else None,
                atkinson=atkinson_index(earnings, beta=beta) if n else None,
                beta=beta,
                low_pay_threshold=threshold,
                low_pay_share=None if low is None or not n else low / n,
                low_pay_interval=None
                if low is None
                else wilson_interval(low, n, confidence=confidence),
                with_hours=len(hours),
                excessive_hours_share=long_hours / len(hours) if hours else None,
                excessive_hours_interval=wilson_interval(
                    long_hours, len(hours), confidence=confidence
                ),
                without_market=sum(1 for p in members if computed[p.id] == "no market"),
                grouping=grouping,
            )
        )
    return tuple(results)
