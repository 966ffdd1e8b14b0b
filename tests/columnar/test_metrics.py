"""The vectorised placement rate equals the object path's estimate (issue 9, item 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pytest.importorskip("pyarrow")

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from veteran_services import Caseload, Enrolment, EnrolmentOutcome, metrics
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


def test_exit_anchors_are_refused_clearly(city: Caseload) -> None:
    tables = to_arrow(city)
    with pytest.raises(InvalidInputError, match="'anchor' must be 'registration' or"):
        placement_rate(tables["veterans"], tables["placements"], anchor="exit")


def _employment(caseload: Caseload, *, retention: bool = False, **arguments: Any) -> Any:
    tables = to_arrow(caseload.replace(responses=()))  # the rates read no survey
    objects = (
        metrics.retention_with_same_employer if retention else metrics.employment_rate_after_exit
    )
    columns = retention_with_same_employer if retention else employment_rate_after_exit
    expected = objects(caseload, **arguments)
    got = columns(
        tables["veterans"],
        tables["enrolments"],
        tables["placements"],
        tables["earnings"],
        ventures=tables["ventures"],
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
