"""The vectorised placement rate equals the object path's estimate (issue 9, item 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pytest.importorskip("pyarrow")

import pyarrow as pa
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from veteran_services import (
    Caseload,
    ContactKind,
    Enrolment,
    EnrolmentOutcome,
    ServiceContact,
    metrics,
)
from veteran_services.columnar import (
    employment_rate_after_exit,
    placement_rate,
    retention_with_same_employer,
    to_arrow,
)
from veteran_services.errors import InvalidInputError
from veteran_services.strategies import caseloads
from veteran_services.synthetic import DEFAULT_AS_OF


def _both(caseload: Caseload, **arguments: Any) -> tuple[metrics.Estimate, metrics.Estimate]:
    tables = to_arrow(caseload.replace(responses=()))  # the rates read no survey
    expected = metrics.placement_rate(caseload, **arguments)
    got = placement_rate(
        tables["veterans"], tables["placements"], ventures=tables["ventures"], **arguments
    )
    return expected, got


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"as_of": DEFAULT_AS_OF},
        {
            "anchor": "separation",
            "between": (date(2023, 1, 1), date(2024, 12, 31)),
            "as_of": DEFAULT_AS_OF,
        },
        {
            "include_ventures": True,
            "include_subsidised": False,
            "within": relativedelta(years=1),
            "as_of": DEFAULT_AS_OF,
        },
        {
            "within": relativedelta(months=1, days=3),
            "between": (date(2024, 1, 31), date(2024, 3, 31)),
            "as_of": date(2024, 5, 1),
        },
        {"between": (date(1990, 1, 1), date(1990, 2, 1))},
    ],
    ids=["all", "as-of", "separation", "ventures-unsubsidised", "month-ends", "empty"],
)
def test_the_sample_city_gives_the_same_estimate(city: Caseload, arguments: dict[str, Any]) -> None:
    expected, got = _both(city, **arguments)
    assert got == expected  # every field but the unit-level observations
    if arguments == {"as_of": DEFAULT_AS_OF}:
        assert expected.excluded  # windows not complete on the date are left out, with reasons


@settings(max_examples=30, deadline=None)
@given(
    caseloads(max_veterans=5),
    st.sampled_from(["registration", "separation"]),
    st.integers(0, 24),
    st.integers(0, 40),
    st.none() | st.dates(date(2000, 1, 1), date(2035, 1, 1)),
    st.booleans(),
    st.booleans(),
)
def test_generated_caseloads_give_the_same_estimate(
    caseload: Caseload,
    anchor: str,
    months: int,
    days: int,
    as_of: date | None,
    subsidised: bool,
    ventures: bool,
) -> None:
    expected, got = _both(
        caseload,
        anchor=anchor,
        within=relativedelta(months=months, days=days),
        as_of=as_of,
        include_subsidised=subsidised,
        include_ventures=ventures,
    )
    assert got == expected


def test_unknown_anchors_are_refused_clearly(city: Caseload) -> None:
    """(The exit anchor is the object path's too: see test_parity.py.)"""
    tables = to_arrow(city)
    with pytest.raises(InvalidInputError, match="'anchor' must be 'registration', 'separation'"):
        placement_rate(tables["veterans"], tables["placements"], anchor="placement_start")


def _employment(caseload: Caseload, *, retention: bool = False, **arguments: Any) -> Any:
    contact_rule = arguments.get("rule") == "contacts"
    tables = to_arrow(caseload.replace(responses=()))  # the rates read no survey answers
    # but the contact rule's data cutoff reads collection dates (the only column it needs)
    collected = [r.collected_on for r in caseload.responses]
    tables["responses"] = pa.table({"collected_on": pa.array(collected, pa.date32())})
    objects = (
        metrics.retention_with_same_employer if retention else metrics.employment_rate_after_exit
    )
    columns = retention_with_same_employer if retention else employment_rate_after_exit
    expected = objects(caseload, **arguments)
    extra = {"contacts": tables["contacts"], "responses": tables["responses"]}
    got = columns(
        tables["veterans"],
        tables["enrolments"],
        tables["placements"],
        tables["earnings"],
        ventures=tables["ventures"],
        **(extra if contact_rule else {}),
        **arguments,
    )
    return expected, got


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"as_of": DEFAULT_AS_OF},
        {
            "quarter": 4,
            "exits_between": (date(2024, 1, 1), date(2024, 12, 31)),
            "as_of": DEFAULT_AS_OF,
        },
        {"quarter": 1, "as_of": date(2024, 3, 1)},
    ],
    ids=["all", "as-of", "q4-2024", "early"],
)
def test_the_employment_rate_after_exit_is_the_same(
    city: Caseload, arguments: dict[str, Any]
) -> None:
    expected, got = _employment(city, **arguments)
    assert got == expected
    assert expected.denominator
    assert expected.excluded  # WIOA exclusions and incomplete quarters, with their reasons


@settings(max_examples=40, deadline=None)
@given(
    caseloads(max_veterans=5),
    st.integers(1, 4),
    st.none() | st.dates(date(2000, 1, 1), date(2035, 1, 1)),
    st.none()
    | st.tuples(st.dates(date(2000, 1, 1), date(2030, 1, 1)), st.integers(0, 3000)).map(
        lambda pair: (pair[0], date.fromordinal(pair[0].toordinal() + pair[1]))
    ),
)
def test_generated_caseloads_give_the_same_employment_rate(
    caseload: Caseload,
    quarter: int,
    as_of: date | None,
    between: tuple[date, date] | None,
) -> None:
    """Spec: spells of back-to-back enrolments, the last exit of each veteran, exclusions,
    incomplete quarters and every source of employment agree with the object path."""
    expected, got = _employment(caseload, quarter=quarter, as_of=as_of, exits_between=between)
    assert got == expected


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"as_of": DEFAULT_AS_OF},
        {"exits_between": (date(2024, 1, 1), date(2024, 12, 31)), "as_of": DEFAULT_AS_OF},
        {"first": 1, "second": 3, "as_of": date(2024, 6, 30)},
    ],
    ids=["all", "as-of", "2024", "q1-q3"],
)
def test_retention_with_the_same_employer_is_the_same(
    city: Caseload, arguments: dict[str, Any]
) -> None:
    expected, got = _employment(city, retention=True, **arguments)
    assert got == expected
    assert expected.denominator
    assert 0 < expected.numerator < expected.denominator


@settings(max_examples=40, deadline=None)
@given(
    caseloads(max_veterans=5),
    st.integers(1, 3),
    st.integers(1, 3),
    st.none() | st.dates(date(2000, 1, 1), date(2035, 1, 1)),
)
def test_generated_caseloads_give_the_same_retention(
    caseload: Caseload, first: int, gap: int, as_of: date | None
) -> None:
    """Spec: employers from earnings, jobs and ventures in both quarters, exclusions and
    incomplete quarters agree with the object path."""
    expected, got = _employment(
        caseload, retention=True, first=first, second=first + gap, as_of=as_of
    )
    assert got == expected


def test_exits_before_1970_count_too(city: Caseload) -> None:
    """Dates before 1970 are negative day numbers in the columns (a shrunk failing case)."""
    veteran = city.veterans[0]
    old = Enrolment(
        id="E-1969",
        veteran_id=veteran.id,
        programme_id=city.programmes[0].id,
        enrolled_on=date(1969, 1, 1),
        ended_on=date(1969, 1, 1),
        outcome=EnrolmentOutcome.COMPLETED,
    )
    caseload = city.replace(enrolments=[old, *(e for e in city.enrolments if e.ended_on is None)])
    for retention in (False, True):
        expected, got = _employment(caseload, retention=retention)
        assert got == expected


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"as_of": DEFAULT_AS_OF},
        {"quarter": 4, "exits_between": (date(2024, 1, 1), date(2024, 12, 31))},
        {"quarter": 1, "as_of": date(2024, 3, 1)},
    ],
    ids=["data-cutoff", "as-of", "q4-2024", "early"],
)
@pytest.mark.parametrize("retention", [False, True], ids=["employment", "retention"])
def test_the_contact_rule_gives_the_same_estimates(
    city: Caseload, arguments: dict[str, Any], retention: bool
) -> None:
    if retention:  # quarters 2 and 4 after exit
        arguments = {k: v for k, v in arguments.items() if k != "quarter"}
    expected, got = _employment(city, retention=retention, rule="contacts", **arguments)
    assert got == expected
    assert expected.cohort.endswith("(contacts rule; each period of participation)")
    assert expected.denominator
    assert expected.excluded


def _contact(number: int, veteran_id: str, day: date, kind: ContactKind) -> ServiceContact:
    return ServiceContact(id=f"C-{number:02d}", veteran_id=veteran_id, occurred_on=day, kind=kind)


def test_contact_spells_follow_the_90_day_rule(city: Caseload) -> None:
    """Spec (WIOA): a participation contact within 90 days extends the spell (91 days does
    not); follow-ups never do; the exit is the last service date once 90 days have passed,
    recorded on the last contact of that day (the largest id)."""
    one, two, three = (v.id for v in city.veterans[:3])
    counselling, follow_up = ContactKind.COUNSELLING, ContactKind.FOLLOW_UP
    contacts = [
        # one: 2024-01-01 → 90 days on (the same spell) → 91 days on (a new spell)
        _contact(1, one, date(2024, 1, 1), counselling),
        _contact(2, one, date(2024, 3, 31), counselling),
        _contact(4, one, date(2024, 6, 30), ContactKind.JOB_FAIR),
        _contact(3, one, date(2024, 6, 30), ContactKind.JOB_REFERRAL),
        _contact(5, one, date(2024, 8, 1), follow_up),  # does not extend participation
        # two: its last service is exactly 90 days before the evaluation date: exited
        _contact(6, two, date(2024, 7, 2), counselling),
        # three: 89 days before the evaluation date: not yet exited
        _contact(7, three, date(2024, 7, 3), counselling),
    ]
    caseload = city.replace(contacts=contacts)
    as_of = date(2024, 9, 30)
    found = metrics.exits(caseload, rule="contacts", as_of=as_of, counting="last_exit")
    assert [(e.veteran_id, e.exited_on, e.record_id) for e in found] == [
        (one, date(2024, 6, 30), "C-04"),
        (two, date(2024, 7, 2), "C-06"),
    ]
    # each period of participation (the default): one's first spell is a case too
    found = metrics.exits(caseload, rule="contacts", as_of=as_of)
    assert [(e.veteran_id, e.exited_on, e.record_id) for e in found] == [
        (one, date(2024, 3, 31), "C-02"),
        (one, date(2024, 6, 30), "C-04"),
        (two, date(2024, 7, 2), "C-06"),
    ]
    expected, got = _employment(caseload, rule="contacts", as_of=as_of, quarter=1)
    assert got == expected
    # two's outcome quarter, 2024Q4, is not complete yet; one's two periods are two units
    assert got.excluded.keys() == {two}
    assert got.denominator == 2
    # the first spell runs to 2024-03-31 (not 2024-01-01), so it did not end in this range
    first_quarter = (date(2024, 1, 1), date(2024, 3, 30))
    expected, got = _employment(
        caseload, rule="contacts", as_of=as_of, quarter=1, exits_between=first_quarter
    )
    assert got == expected
    assert got.denominator == 0
    expected, got = _employment(
        caseload, retention=True, rule="contacts", as_of=date(2025, 6, 30), first=1, second=2
    )
    assert got == expected
    expected, got = _employment(caseload, rule="contacts", quarter=1)  # cutoff: 2026 events
    assert got == expected
    assert got.denominator == 4  # one's two periods, two and three
    expected, got = _employment(caseload, rule="contacts", quarter=1, counting="last_exit")
    assert got == expected
    assert got.denominator == 3


def test_the_contact_rule_needs_contacts(city: Caseload) -> None:
    tables = to_arrow(city.replace(responses=()))
    sources = [tables[k] for k in ("veterans", "enrolments", "placements", "earnings")]
    with pytest.raises(InvalidInputError, match="'contacts' is needed with rule='contacts'"):
        employment_rate_after_exit(*sources, rule="contacts")
    with pytest.raises(InvalidInputError, match="'rule' must be 'enrolments' or 'contacts'"):
        retention_with_same_employer(*sources, contacts=tables["contacts"], rule="exits")


@settings(max_examples=40, deadline=None)
@given(
    caseloads(max_veterans=5),
    st.booleans(),
    st.integers(1, 4),
    st.none() | st.dates(date(2000, 1, 1), date(2035, 1, 1)),
)
def test_generated_caseloads_give_the_same_rates_by_the_contact_rule(
    caseload: Caseload, retention: bool, quarter: int, as_of: date | None
) -> None:
    """Spec: spells of participation contacts 90 days apart at most, exits once 90 days have
    passed by the evaluation date (the data cutoff without as_of), the last exit of each
    veteran, exclusions and incomplete quarters agree with the object path."""
    arguments: dict[str, Any] = {"rule": "contacts", "as_of": as_of}
    if retention:
        arguments |= {"first": quarter, "second": quarter + 2}
    else:
        arguments["quarter"] = quarter
    expected, got = _employment(caseload, retention=retention, **arguments)
    assert got == expected
