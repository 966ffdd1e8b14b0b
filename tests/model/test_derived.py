"""Derived facts: properties that users rely on (monotone in time, consistent with each other)."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from veteran_services import Enrolment, Placement, Quarter, Venture, Veteran
from veteran_services.strategies import (
    MAX_DATE,
    MIN_DATE,
    enrolments,
    placements,
    quarters,
    ventures,
    veterans,
)

dates = st.dates(min_value=MIN_DATE, max_value=MAX_DATE)


def _ordered(a: date, b: date) -> tuple[date, date]:
    return (a, b) if a <= b else (b, a)


@given(placements(), dates, dates)
def test_tenure_never_decreases_as_as_of_grows(placement: Placement, a: date, b: date) -> None:
    early, late = _ordered(a, b)
    assert 0 <= placement.tenure_months(as_of=early) <= placement.tenure_months(as_of=late)


@given(placements(), dates)
def test_tenure_stops_at_the_end_date(placement: Placement, day: date) -> None:
    if placement.ended_on is not None and day >= placement.ended_on:
        assert placement.tenure_months(as_of=day) == placement.tenure_months(
            as_of=placement.ended_on
        )
    if day <= placement.started_on:
        assert placement.tenure_months(as_of=day) == 0


def test_tenure_counts_calendar_months() -> None:
    placement = Placement(
        id="J1",
        veteran_id="V1",
        employer_id="E1",
        occupation="8322",
        started_on=date(2024, 1, 31),
        ended_on=date(2024, 12, 30),
    )
    assert placement.tenure_months(as_of=date(2024, 2, 29)) == 1
    assert placement.tenure_months(as_of=date(2024, 2, 28)) == 0
    assert placement.tenure_months(as_of=date(2030, 1, 1)) == 10


@given(ventures(), dates, dates)
def test_months_active_never_decreases(venture: Venture, a: date, b: date) -> None:
    early, late = _ordered(a, b)
    assert 0 <= venture.months_active(as_of=early) <= venture.months_active(as_of=late)


@given(placements(), quarters(min_year=1950, max_year=2040))
def test_placement_activity_agrees_with_quarters(placement: Placement, quarter: Quarter) -> None:
    days = [
        quarter.start + timedelta(days=i) for i in range((quarter.end - quarter.start).days + 1)
    ]
    active = [day for day in days if placement.is_active_on(day)]
    assert placement.overlaps(quarter) == bool(active)
    assert placement.days_in(quarter) == len(active)


@given(placements(), dates)
def test_active_on_a_day_means_overlapping_its_quarter(placement: Placement, day: date) -> None:
    if placement.is_active_on(day):
        assert placement.overlaps(Quarter.of(day))
    expected = placement.started_on <= day and (
        placement.ended_on is None or day <= placement.ended_on
    )
    assert placement.is_active_on(day) == expected


@given(ventures(), quarters(min_year=1950, max_year=2040))
def test_venture_activity_agrees_with_quarters(venture: Venture, quarter: Quarter) -> None:
    days = [
        quarter.start + timedelta(days=i) for i in range((quarter.end - quarter.start).days + 1)
    ]
    assert venture.overlaps(quarter) == any(venture.is_active_on(day) for day in days)


@given(ventures(), dates)
def test_latest_snapshot_is_the_last_one_on_or_before(venture: Venture, day: date) -> None:
    latest = venture.latest_snapshot(as_of=day)
    earlier = [s for s in venture.snapshots if s.as_of <= day]
    if latest is None:
        assert earlier == []
    else:
        assert latest.as_of == max(s.as_of for s in earlier)


@given(enrolments(), dates)
def test_enrolment_is_active_between_its_dates(enrolment: Enrolment, day: date) -> None:
    inside = enrolment.enrolled_on <= day and (
        enrolment.ended_on is None or day <= enrolment.ended_on
    )
    assert enrolment.is_active_on(day) == inside


@given(veterans(), dates, dates)
def test_age_never_decreases(veteran: Veteran, a: date, b: date) -> None:
    early, late = _ordered(a, b)
    young, old = veteran.age(on=early), veteran.age(on=late)
    if veteran.birth_date is None:
        assert young is None
        assert old is None
    else:
        assert young is not None
        assert old is not None
        assert young <= old


@given(veterans(), st.integers(1, 80))
def test_age_on_a_birthday(veteran: Veteran, years: int) -> None:
    if veteran.birth_date is not None:
        birthday = veteran.birth_date + relativedelta(years=years)
        assert veteran.age(on=birthday) == years
        assert veteran.age(on=birthday - timedelta(days=1)) == years - 1


@given(veterans(), dates, dates)
def test_months_since_separation_never_decreases(veteran: Veteran, a: date, b: date) -> None:
    early, late = _ordered(a, b)
    if veteran.separated_on is None:
        assert veteran.months_since_separation(on=late) is None
    else:
        first = veteran.months_since_separation(on=early)
        second = veteran.months_since_separation(on=late)
        assert first is not None
        assert second is not None
        assert 0 <= first <= second


@given(veterans(), dates, st.integers(0, 120), st.integers(0, 120))
def test_recently_separated_is_monotone_in_the_window(
    veteran: Veteran, on: date, m: int, n: int
) -> None:
    short, long = sorted((m, n))
    if veteran.is_recently_separated(on=on, within=relativedelta(months=short)):
        assert veteran.is_recently_separated(on=on, within=relativedelta(months=long))


@given(veterans(), dates)
def test_recently_separated_agrees_with_months_since_separation(veteran: Veteran, on: date) -> None:
    """Within 48 months (US WIOA): separated on or before *on*, and at most 48 months ago."""
    recent = veteran.is_recently_separated(on=on, within=relativedelta(months=48))
    separated = veteran.separated_on
    if separated is None or separated > on:
        assert not recent
    else:
        months = veteran.months_since_separation(on=on)
        assert months is not None
        assert recent == (months < 48 or on == separated + relativedelta(months=48))


def test_recently_separated_at_the_window_edge() -> None:
    from veteran_services import Branch, RankCategory, ServicePeriod, Sex

    veteran = Veteran(
        id="V1",
        sex=Sex.MALE,
        region="320115",
        service=(
            ServicePeriod(
                branch=Branch.ARMY,
                rank=RankCategory.NCO,
                start=date(2012, 9, 1),
                end=date(2020, 8, 31),
            ),
        ),
    )
    within = relativedelta(months=48)
    assert veteran.is_recently_separated(on=date(2024, 8, 31), within=within)
    assert not veteran.is_recently_separated(on=date(2024, 9, 1), within=within)
    assert not veteran.is_recently_separated(on=date(2020, 8, 30), within=within)
    assert veteran.months_of_service() == 95
    assert veteran.months_since_separation(on=date(2024, 8, 31)) == 48


@given(veterans(), dates)
def test_months_of_service_adds_up_the_periods(veteran: Veteran, as_of: date) -> None:
    total = veteran.months_of_service(as_of=as_of)
    assert total == sum(period.months(as_of=as_of) for period in veteran.service)
    assert total >= 0


@given(veterans(), dates, dates)
def test_excluded_between_finds_the_first_exclusion_in_the_window(
    veteran: Veteran, a: date, b: date
) -> None:
    start, end = _ordered(a, b)
    found = veteran.excluded_between(start, end)
    inside = sorted((e for e in veteran.exclusions if start <= e.on <= end), key=lambda e: e.on)
    if inside:
        assert found is not None
        assert found.on == inside[0].on
    else:
        assert found is None


@given(veterans())
def test_separation_and_resettlement_come_from_the_last_period(veteran: Veteran) -> None:
    assert veteran.separated_on == veteran.service[-1].end
    assert veteran.resettlement is veteran.service[-1].resettlement


def test_participation_contacts() -> None:
    from veteran_services import PARTICIPATION_CONTACTS, ContactKind, ServiceContact

    def contact(kind: ContactKind) -> ServiceContact:
        return ServiceContact(id="C1", veteran_id="V1", occurred_on=date(2024, 1, 1), kind=kind)

    assert contact(ContactKind.COUNSELLING).is_participation
    assert not contact(ContactKind.FOLLOW_UP).is_participation
    assert not contact(ContactKind.REGISTRATION).is_participation
    assert ContactKind.FOLLOW_UP not in PARTICIPATION_CONTACTS
