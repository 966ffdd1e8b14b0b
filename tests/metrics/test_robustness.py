"""One bad record never stops a metric (issue 13, item 4): records that reference what the
caseload lacks, facts left unrecorded, placements the market tables do not cover, currencies
that cannot be added, dates at the end of the calendar and weights at the top of the float
range each become that record's result, a listed exclusion or a note; only bad arguments
raise."""

from __future__ import annotations

import math
import sys
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import attrs
import pytest
from dateutil.relativedelta import relativedelta

from veteran_services import (
    Caseload,
    ContractType,
    CredentialKind,
    Disposition,
    ExclusionReason,
    Insurance,
    LabourStatus,
    Money,
    ProgrammeKind,
)
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import (
    TRAINING_KINDS,
    FollowUpStatus,
    Window,
    breakdown,
    credential_attainment_rate,
    employment_rate_after_exit,
    exclusion_after_exit,
    exits,
    follow_ups_due,
    jobs_created,
    mean_quality,
    median_earnings_after_exit,
    panel_retention,
    performance,
    placement_rate,
    response_rates_by_wave,
    retention_with_same_employer,
    six_month_outcomes,
    skill_gain_rate,
    time_to_placement,
    venture_survival_rate,
    weighted_satisfaction,
)
from veteran_services.scoring import LabourMarket, score_caseload

AS_OF = date(2024, 12, 31)
RECORDED = {"contract": ContractType.OPEN_ENDED, "insurance": tuple(Insurance), "hours": "40"}


def _every_metric(caseload: Caseload, as_of: date | None = None) -> None:
    """Run every indicator of the package on *caseload* (they must not raise)."""
    day = as_of or AS_OF
    employment_rate_after_exit(caseload, as_of=as_of)
    employment_rate_after_exit(caseload, quarter=4, rule="contacts", as_of=as_of)
    median_earnings_after_exit(caseload, as_of=as_of)
    retention_with_same_employer(caseload, as_of=as_of)
    credential_attainment_rate(caseload, as_of=as_of)
    skill_gain_rate(caseload, period=(date.min, date.max))
    skill_gain_rate(caseload, period=(date.min, date.max), programme_kinds=TRAINING_KINDS)
    for anchor in ("registration", "separation", "exit"):
        placement_rate(caseload, anchor=anchor, as_of=as_of)
        time_to_placement(caseload, anchor=anchor, within=relativedelta(months=6), as_of=as_of)
    six_month_outcomes(caseload)
    venture_survival_rate(caseload, as_of=as_of)
    jobs_created(caseload, as_of=as_of)
    response_rates_by_wave(caseload, weighted=True)
    weighted_satisfaction(caseload)
    weighted_satisfaction(caseload, statistic="mean")
    mean_quality(caseload, as_of=day)
    follow_ups_due(caseload, as_of=day)
    panel_retention(caseload, as_of=as_of)
    for by in ("region", "provider", "programme_kind", "sex", "age_band", "resettlement"):
        breakdown(employment_rate_after_exit, caseload, by=by, min_cell=1, as_of=as_of)


# --- mean quality: unscorable placements, unknown facts ------------------------------------


def test_mean_quality_goes_on_past_placements_it_cannot_score(b: SimpleNamespace) -> None:
    good = [
        b.placement("P1", "V1", date(2023, 3, 1), wage="9000", **RECORDED),
        b.placement("P2", "V2", date(2024, 2, 1), wage="2500", **RECORDED),
    ]
    bad = [
        # before the built-in minimum-wage table starts
        b.placement("P3", "V3", date(2012, 5, 1), wage="3000", **RECORDED),
        # its employer is not in the caseload
        b.placement("P4", "V4", date(2024, 3, 1), employer_id="GONE", **RECORDED),
    ]
    veterans = [b.veteran(f"V{i}") for i in range(1, 5)]
    clean = b.caseload(veterans=veterans, placements=good)
    dirty = b.caseload(veterans=veterans, placements=good + bad)
    expected = mean_quality(clean, as_of=AS_OF)
    estimate = mean_quality(dirty, as_of=AS_OF)
    assert expected.value is not None
    assert estimate.value == pytest.approx(expected.value)
    assert estimate.denominator == 2
    assert set(estimate.excluded) == {"P3", "P4"}
    assert "P3" in estimate.excluded["P3"]
    assert "GONE" in estimate.excluded["P4"]
    assert estimate.details["unscored"] == {"no_market_data": 1, "unknown_employer": 1}
    assert any("2 placement(s) not scored" in note for note in estimate.notes)
    assert 0.0 < estimate.details["completeness"] <= 1.0
    # the same placements as the scorer sees them
    scores = {
        s.placement_id: s for s in score_caseload(dirty, market=LabourMarket.nanjing(), as_of=AS_OF)
    }
    assert scores["P3"].reason_code == "no_market_data"
    assert scores["P4"].reason_code == "unknown_employer"


def test_mean_quality_treats_unknown_facts_as_unknown_not_none(b: SimpleNamespace) -> None:
    """A placement whose contract and insurance are not recorded is not scored as one with
    no written contract and no insurance: the facts are missing, not the worst value."""
    veterans = [b.veteran("V1")]
    unknown = b.caseload(
        veterans=veterans,
        placements=[b.placement("P1", "V1", date(2024, 3, 1), wage="9000", hours="40")],
    )
    none = b.caseload(
        veterans=veterans,
        placements=[
            b.placement(
                "P1",
                "V1",
                date(2024, 3, 1),
                wage="9000",
                hours="40",
                contract=ContractType.NONE,
                insurance=(),
            )
        ],
    )
    recorded_none = mean_quality(none, as_of=AS_OF)
    not_recorded = mean_quality(unknown, as_of=AS_OF)
    assert recorded_none.value is not None
    if not_recorded.value is None:  # too little left to score: a reason, never a low score
        assert "not recorded" in not_recorded.excluded["P1"]
        assert not_recorded.details["unscored"] == {"low_coverage": 1}
    else:
        assert not_recorded.value > recorded_none.value
    # the recorded facts: the completeness of the recorded-none placement is higher
    assert recorded_none.details["completeness"] > 0


# --- dangling references ---------------------------------------------------------------------


@pytest.fixture
def dangling(b: SimpleNamespace) -> Caseload:
    """Every kind of reference to a record the caseload lacks."""
    return b.caseload(
        veterans=[
            b.veteran("V1"),
            b.veteran("V2", exclusions=[(ExclusionReason.DECEASED, date(2018, 1, 1))]),
        ],
        enrolments=[
            b.enrolment("E1", "V1", date(2017, 1, 1), date(2017, 6, 1), programme_id="NOPE"),
            b.enrolment(
                "E2",
                "V2",
                date(2017, 1, 1),
                date(2017, 6, 1),
                credentials=[(CredentialKind.OCCUPATIONAL_LICENCE, date(2017, 5, 1))],
            ),
            b.enrolment("E3", "V9", date(2017, 1, 1), date(2017, 6, 1)),  # no such veteran
        ],
        placements=[
            b.placement("P1", "V1", date(2017, 8, 1), employer_id="NOEMP", enrolment_id="NOENR"),
            b.placement("P2", "V9", date(2012, 1, 1)),
        ],
        earnings=[
            b.earnings("V1", "2017Q4", "5000", employer_id="NOEMP"),
            b.earnings("V2", "2017Q4", "5000"),
        ],
        ventures=[b.venture("B1", "V9", date(2017, 1, 1))],
        contacts=[b.contact("C1", "V9", date(2017, 3, 1))],
        responses=[
            b.response("R1", "V1", placement_id="NOPL", status=LabourStatus.EMPLOYED),
            b.response("R2", "V9", status=LabourStatus.EMPLOYED, answers={"sat": 5}),
        ],
    )


def test_no_metric_stops_on_a_dangling_reference(dangling: Caseload) -> None:
    _every_metric(dangling)
    _every_metric(dangling, as_of=date(2020, 12, 31))


def test_an_unknown_programme_is_left_out_with_a_note(dangling: Caseload) -> None:
    rate = credential_attainment_rate(dangling)
    assert rate.details["unknown_programme"] == 1
    assert any("programme is not in the caseload" in note for note in rate.notes)
    assert "V1" not in {o.unit_id for o in rate.observations}  # E1's kind is unknown
    gains = skill_gain_rate(
        dangling,
        period=(date(2017, 1, 1), date(2017, 12, 31)),
        programme_kinds=[ProgrammeKind.VOCATIONAL],
    )
    assert gains.details["unknown_programme"] == 1
    every = skill_gain_rate(dangling, period=(date(2017, 1, 1), date(2017, 12, 31)))
    assert every.details["unknown_programme"] == 0
    assert every.notes == ()
    table = breakdown(employment_rate_after_exit, dangling, by="provider", min_cell=1)
    assert "unknown" in {row.group for row in table.rows}


def test_an_unknown_instrument_is_counted_apart(b: SimpleNamespace) -> None:
    caseload = b.caseload(
        veterans=[b.veteran("V1"), b.veteran("V2")],
        responses=[
            b.response("R1", "V1", answers={"sat": 5}),
            attrs.evolve(b.response("R2", "V2", answers={"sat": 1}), instrument_id="LOST"),
        ],
    )
    share = weighted_satisfaction(caseload)
    assert (share.value, share.denominator) == (1.0, 1)
    assert share.details == {"no_item_answered": 0, "unknown_instrument": 1}
    assert any("instrument version is not in the caseload" in n for n in share.notes)


# --- currencies ------------------------------------------------------------------------------


def test_median_earnings_leave_out_other_currencies(b: SimpleNamespace) -> None:
    veterans = [b.veteran(f"V{i}") for i in range(5)]
    enrolments = [
        b.enrolment(f"E{i}", f"V{i}", date(2017, 1, 2), date(2017, 6, 1)) for i in range(5)
    ]
    usd = Money(amount=Decimal("900"), currency="USD")
    earnings = [
        b.earnings("V0", "2017Q4", "5000"),
        b.earnings("V1", "2017Q4", "7000"),
        b.earnings("V2", "2017Q4", "6000"),
        attrs.evolve(b.earnings("V3", "2017Q4", "1"), amount=usd),
        # two employers, two currencies: the quarter's total cannot be added up
        b.earnings("V4", "2017Q4", "3000"),
        attrs.evolve(b.earnings("V4", "2017Q4", "1", employer_id="E2"), amount=usd),
    ]
    caseload = b.caseload(veterans=veterans, enrolments=enrolments, earnings=earnings)
    estimate = median_earnings_after_exit(caseload)
    assert estimate.unit == "CNY"
    assert estimate.value == Decimal("6000")
    assert estimate.denominator == 3
    assert "USD" in estimate.excluded["V3"]
    assert "more than one currency" in estimate.excluded["V4"]
    assert estimate.details["other_currency"] == 2
    assert any("currency" in note for note in estimate.notes)


# --- the ends of the calendar and of the float range ------------------------------------------


def test_the_last_days_of_the_calendar(b: SimpleNamespace) -> None:
    last = date.max
    veteran = b.veteran(
        "VX",
        separated=date(9999, 12, 30),
        registered=last,
        exclusions=[(ExclusionReason.DECEASED, last)],
    )
    caseload = b.caseload(
        veterans=[veteran, b.veteran("VY", registered=date(9999, 10, 1))],
        enrolments=[
            b.enrolment(
                "EX",
                "VX",
                date(9999, 12, 1),
                last,
                credentials=[(CredentialKind.SECONDARY_DIPLOMA, last)],
                gains=[last],
            ),
            b.enrolment("EY", "VY", date(9999, 10, 1), date(9999, 10, 15)),
            b.enrolment("EY2", "VY", date(9999, 10, 16), date(9999, 11, 1)),
        ],
        placements=[
            attrs.evolve(
                b.placement("PX", "VX", last, **RECORDED),
                monthly_wage=Money(amount=Decimal(10) ** 15 - Decimal("0.0001")),
                weekly_hours=Decimal(168),
            )
        ],
        earnings=[b.earnings("VX", "9999Q4", "999999999999999.9999")],
        ventures=[b.venture("BX", "VX", last)],
        contacts=[b.contact("CX", "VX", last)],
        responses=[b.response("RX", "VX", placement_id="PX", collected=last)],
    )
    _every_metric(caseload)
    _every_metric(caseload, as_of=last)
    # the spell of two back-to-back enrolments is one exit
    assert [x.record_id for x in exits(caseload) if x.veteran_id == "VY"] == ["EY2"]
    rate = employment_rate_after_exit(caseload)
    assert "9999-12-31" in rate.excluded["VY"]
    placed = placement_rate(caseload)
    assert "9999-12-31" in placed.excluded["VX"]
    worklist = follow_ups_due(caseload, as_of=last)
    # the 6-month wave has its case (done); the others could only fall due after 9999-12-31
    assert {(item.wave_months, item.status) for item in worklist.items} == {
        (3, FollowUpStatus.NOT_YET_DUE),
        (6, FollowUpStatus.DONE),
        (12, FollowUpStatus.NOT_YET_DUE),
    }
    assert {item.due_on for item in worklist.items} == {last}
    assert venture_survival_rate(caseload, as_of=last).details["too_young"] == 1
    assert Window.quarter_after("exit", 4).bounds(date(9999, 6, 1)) == (last, last)
    assert Window.within("exit", relativedelta(months=-6)).bounds(date.min) == (
        date.min,
        date.min,
    )
    assert exclusion_after_exit(veteran, date(9999, 11, 1)) is not None


def test_the_first_days_of_the_calendar(b: SimpleNamespace) -> None:
    first = date.min
    veteran = attrs.evolve(
        b.veteran("VN"),
        birth_date=first,
        service=(attrs.evolve(b.veteran("VN").service[0], start=date(1, 1, 2), end=date(1, 1, 3)),),
        registered_on=date(1, 1, 4),
    )
    caseload = b.caseload(
        veterans=[veteran],
        enrolments=[b.enrolment("EN", "VN", date(1, 1, 4), date(1, 1, 5))],
        placements=[b.placement("PN", "VN", date(1, 1, 6), **RECORDED)],
        earnings=[b.earnings("VN", "0001Q3", "1")],
        ventures=[b.venture("BN", "VN", date(1, 1, 7), snapshots=[(date(1, 1, 8), 5, 5)])],
    )
    _every_metric(caseload)
    quality = mean_quality(caseload, as_of=AS_OF)
    assert quality.details["unscored"] == {"no_market_data": 1}
    assert employment_rate_after_exit(caseload).value == 1.0


def test_weights_at_the_top_of_the_float_range(b: SimpleNamespace) -> None:
    big = sys.float_info.max
    caseload = b.caseload(
        veterans=[b.veteran("V1"), b.veteran("V2"), b.veteran("V3")],
        responses=[
            b.response("R1", "V1", weight=big, answers={"sat": 5}),
            b.response("R2", "V2", weight=big, answers={"sat": 1}),
            b.response("R3", "V3", weight=big, disposition=Disposition.REFUSAL),
        ],
    )
    rates = response_rates_by_wave(caseload, weighted=True)[6]
    assert rates.value == pytest.approx(2 / 3)
    share = weighted_satisfaction(caseload)
    mean = weighted_satisfaction(caseload, statistic="mean")
    assert share.value == pytest.approx(0.5)
    assert mean.value == pytest.approx(0.5)
    for estimate in (rates, share, mean):
        assert estimate.interval is None or math.isfinite(estimate.interval.low)


def test_performance_of_a_figure_beyond_the_float_range(b: SimpleNamespace) -> None:
    """Snapshots may count up to ~1.8e308 employees each; their sum is a whole number beyond
    the float range, which performance() reports instead of failing on."""
    most = 10**308
    caseload = b.caseload(
        veterans=[b.veteran("V1")],
        ventures=[
            b.venture(f"B{i}", "V1", date(2020, 1, 1), snapshots=[(date(2020, 6, 1), most, 0)])
            for i in range(2)
        ],
    )
    jobs = jobs_created(caseload, as_of=AS_OF)
    assert jobs.value == 2 * most
    result = performance([jobs], {"jobs_created": 100})
    assert result.indicators[0].score is None
    assert "too large" in (result.indicators[0].reason or "")
    assert result.passed is None


def test_arguments_still_raise(b: SimpleNamespace) -> None:
    caseload = b.caseload(veterans=[b.veteran("V1")])
    with pytest.raises(InvalidInputError):
        employment_rate_after_exit(caseload, exits_between=(AS_OF, date(2000, 1, 1)))
    with pytest.raises(InvalidInputError):
        employment_rate_after_exit(caseload, quarter=0)
    with pytest.raises(InvalidInputError):
        follow_ups_due(caseload, as_of=AS_OF, grace_days=-1)
    with pytest.raises(InvalidInputError):
        six_month_outcomes(caseload, wave=0)
