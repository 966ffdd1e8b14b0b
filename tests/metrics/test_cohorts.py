"""Windows, exits (enrolment rule and the 90-day contact rule) and the WIOA exclusion window."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from veteran_services import ContactKind, ExclusionReason, ProgrammeKind
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import (
    EXCLUSION_WINDOW,
    Window,
    data_cutoff,
    exclusion_after_exit,
    exits,
)
from veteran_services.metrics._outcomes import add_months as fast_add_months


def test_quarter_window_never_includes_the_anchor_quarter() -> None:
    """METHODOLOGY §1: exit 2017-06-01 → exit quarter 2017Q2 → 2nd quarter after is 2017Q4,
    4th is 2018Q2."""
    assert Window.quarter_after("exit", 2).bounds(date(2017, 6, 1)) == (
        date(2017, 10, 1),
        date(2017, 12, 31),
    )
    assert Window.quarter_after("exit", 4).bounds(date(2017, 6, 30)) == (
        date(2018, 4, 1),
        date(2018, 6, 30),
    )


def test_month_windows_use_calendar_months() -> None:
    window = Window.within("registration", relativedelta(months=6))
    assert window.bounds(date(2024, 8, 31)) == (date(2024, 8, 31), date(2025, 2, 28))
    assert window.contains(date(2024, 8, 31), date(2025, 2, 28))
    assert not window.contains(date(2024, 8, 31), date(2025, 3, 1))


def test_mixed_offsets_and_exclusion_window() -> None:
    assert EXCLUSION_WINDOW.bounds(date(2017, 6, 1)) == (date(2017, 6, 1), date(2018, 6, 30))
    window = Window(anchor="separation", start=1, end=relativedelta(years=1))
    assert window.bounds(date(2020, 2, 29)) == (date(2020, 4, 1), date(2021, 2, 28))
    assert "separation" in window.describe()


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"anchor": "birthday"}, "anchor"),
        ({"anchor": "exit", "end": 1.5}, "window"),
        ({"anchor": "exit", "start": True}, "window"),
    ],
)
def test_bad_windows_are_rejected(kwargs: dict[str, object], argument: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        Window(**kwargs)  # type: ignore[arg-type]
    assert error.value.argument == argument


def test_enrolment_exits_merge_spells_and_keep_the_last(b: SimpleNamespace) -> None:
    caseload = b.caseload(
        veterans=[b.veteran(f"V{i}") for i in range(1, 6)],
        enrolments=[
            # V1: overlapping enrolments form one spell ending 2017-06-30
            b.enrolment("E1", "V1", date(2017, 1, 1), date(2017, 3, 31)),
            b.enrolment("E2", "V1", date(2017, 3, 15), date(2017, 6, 30)),
            # V2: back to back (no free day) is one spell
            b.enrolment("E3", "V2", date(2017, 1, 1), date(2017, 3, 31)),
            b.enrolment("E4", "V2", date(2017, 4, 1), date(2017, 5, 31)),
            # V3: a free day in between makes two exits; the last one in the period counts
            b.enrolment("E5", "V3", date(2017, 1, 1), date(2017, 3, 31)),
            b.enrolment("E6", "V3", date(2017, 4, 2), date(2017, 8, 31)),
            # V4: an enrolment still in progress means no exit yet
            b.enrolment("E7", "V4", date(2017, 1, 1), date(2017, 3, 31)),
            b.enrolment("E8", "V4", date(2017, 2, 1), None),
            # V5: ends after the evaluation date: not exited as of then
            b.enrolment("E9", "V5", date(2017, 1, 1), date(2018, 1, 31)),
        ],
    )
    found = {e.veteran_id: e for e in exits(caseload, as_of=date(2018, 1, 1))}
    assert set(found) == {"V1", "V2", "V3"}
    assert (found["V1"].exited_on, found["V1"].began_on, found["V1"].record_id) == (
        date(2017, 6, 30),
        date(2017, 1, 1),
        "E2",
    )
    assert found["V1"].enrolment_ids == ("E1", "E2")
    assert found["V2"].exited_on == date(2017, 5, 31)
    assert found["V3"].exited_on == date(2017, 8, 31)
    first_half = exits(caseload, between=(date(2017, 1, 1), date(2017, 6, 30)))
    assert {e.veteran_id: e.exited_on for e in first_half} == {
        "V1": date(2017, 6, 30),
        "V2": date(2017, 5, 31),
        "V3": date(2017, 3, 31),
    }
    assert "V5" in {e.veteran_id for e in exits(caseload)}


def test_exits_filtered_by_programme_kind(b: SimpleNamespace) -> None:
    caseload = b.caseload(
        veterans=[b.veteran("V1")],
        programmes=[b.programme("PG1"), b.programme("OJT", kind=ProgrammeKind.ON_THE_JOB)],
        enrolments=[
            b.enrolment("E1", "V1", date(2017, 1, 1), date(2017, 3, 31)),
            b.enrolment("E2", "V1", date(2017, 3, 1), date(2017, 9, 30), programme_id="OJT"),
        ],
    )
    assert exits(caseload)[0].exited_on == date(2017, 9, 30)
    only_training = exits(caseload, programme_kinds={ProgrammeKind.VOCATIONAL})
    assert only_training[0].exited_on == date(2017, 3, 31)


def test_ninety_day_contact_rule(b: SimpleNamespace) -> None:
    """METHODOLOGY §1: exit after 90 days with no participation-level service; the exit date
    is the last service date; follow-ups do not extend participation."""
    c = b.contact
    caseload = b.caseload(
        veterans=[b.veteran(f"K{i}") for i in range(1, 7)],
        contacts=[
            c("c1", "K1", date(2019, 1, 1)),
            c("c2", "K1", date(2019, 2, 1), ContactKind.JOB_REFERRAL),
            c("c3", "K1", date(2019, 3, 1), ContactKind.FOLLOW_UP),  # does not extend
            c("c4", "K2", date(2019, 1, 1)),
            c("c5", "K2", date(2019, 4, 1)),  # 90 days later: still the same spell
            c("c6", "K3", date(2019, 1, 1)),
            c("c7", "K3", date(2019, 4, 2)),  # 91 days later: a new spell
            c("c8", "K4", date(2019, 12, 1)),  # only 30 days before the evaluation date
            c("c9", "K5", date(2019, 1, 1), ContactKind.REGISTRATION),  # not participation
            c("c10", "K6", date(2019, 10, 2)),  # exactly 90 days before the evaluation date
        ],
    )
    as_of = date(2019, 12, 31)
    found = {e.veteran_id: e for e in exits(caseload, rule="contacts", as_of=as_of)}
    assert {k: e.exited_on for k, e in found.items()} == {
        "K1": date(2019, 2, 1),
        "K2": date(2019, 4, 1),
        "K3": date(2019, 4, 2),
        "K6": date(2019, 10, 2),
    }
    assert found["K1"].record_id == "c2"
    assert found["K2"].began_on == date(2019, 1, 1)
    early = exits(
        caseload, rule="contacts", as_of=as_of, between=(date(2019, 1, 1), date(2019, 3, 31))
    )
    assert {e.veteran_id: e.exited_on for e in early} == {
        "K1": date(2019, 2, 1),
        "K3": date(2019, 1, 1),
    }
    # one day earlier, K6 has not had 90 days without service yet
    assert "K6" not in {
        e.veteran_id for e in exits(caseload, rule="contacts", as_of=date(2019, 12, 30))
    }


def test_exclusion_applies_from_exit_through_fourth_quarter_after(b: SimpleNamespace) -> None:
    exit_day = date(2017, 5, 20)  # 2017Q2 → 4th quarter after ends 2018-06-30
    before = b.veteran("V1", exclusions=[(ExclusionReason.MEDICAL, date(2017, 5, 19))])
    on_exit = b.veteran("V2", exclusions=[(ExclusionReason.DECEASED, exit_day)])
    last_day = b.veteran("V3", exclusions=[(ExclusionReason.RESERVE_CALL_UP, date(2018, 6, 30))])
    after = b.veteran("V4", exclusions=[(ExclusionReason.INSTITUTIONALISED, date(2018, 7, 1))])
    assert exclusion_after_exit(before, exit_day) is None
    assert exclusion_after_exit(on_exit, exit_day) is not None
    found = exclusion_after_exit(last_day, exit_day)
    assert found is not None
    assert found.reason is ExclusionReason.RESERVE_CALL_UP
    assert exclusion_after_exit(after, exit_day) is None


def test_bad_arguments(b: SimpleNamespace) -> None:
    caseload = b.caseload()
    with pytest.raises(InvalidInputError):
        exits(caseload, between=(date(2020, 1, 2), date(2020, 1, 1)))
    with pytest.raises(InvalidInputError):
        exits(caseload, rule="phone")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        exits(caseload, gap_days=0)
    assert exits(caseload, rule="contacts") == ()
    assert data_cutoff(caseload) is None


@given(st.dates(date(1900, 1, 1), date(2200, 12, 31)), st.integers(-1200, 1200))
def test_fast_month_arithmetic_matches_relativedelta(day: date, months: int) -> None:
    assert fast_add_months(day, months) == day + relativedelta(months=months)


@given(st.dates(), st.integers(-1200, 1200))
def test_fast_month_arithmetic_is_none_past_the_calendar(day: date, months: int) -> None:
    """Over every date: the same as relativedelta, or None where the result does not exist."""
    try:
        expected: date | None = day + relativedelta(months=months)
    except (OverflowError, ValueError):
        expected = None
    assert fast_add_months(day, months) == expected
