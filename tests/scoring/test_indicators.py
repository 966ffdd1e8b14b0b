"""Each indicator's edge cases: what counts, what is missing and why."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from veteran_services import (
    ContractType,
    Disposition,
    Enrolment,
    EnrolmentOutcome,
    Money,
    SurveyResponse,
)
from veteran_services.scoring import (
    LabourMarket,
    MedianWage,
    score_placement,
)

AS_OF = date(2025, 6, 1)


def _enrolment(eid: str, ended: date | None, outcome: EnrolmentOutcome) -> Enrolment:
    return Enrolment(
        id=eid,
        veteran_id="V1",
        programme_id="PR1",
        enrolled_on=date(2023, 1, 1),
        ended_on=ended,
        outcome=outcome,
    )


@pytest.mark.parametrize(
    ("enrolment", "expected"),
    [
        (_enrolment("E", date(2024, 2, 29), EnrolmentOutcome.COMPLETED), 3.0),  # the day before
        (_enrolment("E", date(2024, 3, 1), EnrolmentOutcome.COMPLETED), None),  # the start day
        (_enrolment("E", date(2024, 3, 2), EnrolmentOutcome.COMPLETED), None),  # after the start
        (_enrolment("E", date(2024, 1, 1), EnrolmentOutcome.WITHDRAWN), None),
        (_enrolment("E", date(2024, 1, 1), EnrolmentOutcome.FAILED), None),
        (_enrolment("E", None, EnrolmentOutcome.IN_PROGRESS), None),
    ],
)
def test_skills_match_needs_a_programme_completed_before_the_job(
    build, market: LabourMarket, enrolment: Enrolment, expected: float | None
) -> None:  # type: ignore[no-untyped-def]
    placement = build.placement("A", occupation="8321")
    cl = build.caseload([placement], enrolments=[enrolment])
    score = score_placement(placement, caseload=cl, market=market, as_of=AS_OF)
    assert score.component("skills_match").raw == expected


@pytest.mark.parametrize(
    ("occupation", "digits"), [("8322", 4), ("8321", 3), ("8331", 2), ("8111", 1), ("2512", 0)]
)
def test_skills_match_counts_shared_digits(build, market, occupation: str, digits: int) -> None:  # type: ignore[no-untyped-def]
    placement = build.placement("A", occupation=occupation)
    cl = build.caseload([placement])
    component = score_placement(placement, caseload=cl, market=market, as_of=AS_OF).component(
        "skills_match"
    )
    assert component.raw == digits
    assert component.normalised == digits / 4
    assert f"shares {digits} of 4" in component.explanation


def test_retention(build, market: LabourMarket) -> None:  # type: ignore[no-untyped-def]
    young = build.placement("Y", started_on=date(2025, 1, 31))
    short = build.placement("S", started_on=date(2024, 1, 31), ended_on=date(2024, 4, 29))
    cl = build.caseload([young, short])
    a = score_placement(young, caseload=cl, market=market, as_of=AS_OF).component("retention")
    assert a.normalised is None
    assert a.explanation == "held for 4 months so far: not observable before 12 months"
    b = score_placement(short, caseload=cl, market=market, as_of=AS_OF).component("retention")
    # 31 Jan + 2 months = 31 Mar <= 29 Apr < 30 Apr (31 Jan + 3 months, clamped)
    assert b.raw == 2.0
    assert b.normalised == pytest.approx(2 / 12)
    assert b.explanation == "ended after 2 months (horizon 12)"
    # an end after the scoring date is not seen yet
    c = score_placement(short, caseload=cl, market=market, as_of=date(2024, 3, 1))
    assert c.component("retention").normalised is None


def _response(rid: str, collected: date, disposition: Disposition, **answers: int):  # type: ignore[no-untyped-def]
    from veteran_services import Answer

    return SurveyResponse(
        id=rid,
        instrument_id="FU",
        instrument_version=1,
        veteran_id="V1",
        placement_id="A",
        collected_on=collected,
        disposition=disposition,
        answers=tuple(Answer(question_id=q, value=v) for q, v in answers.items()),
    )


def test_satisfaction_uses_the_latest_response_by_the_scoring_date(build, market) -> None:  # type: ignore[no-untyped-def]
    placement = build.placement("A")
    responses = [
        _response("R1", date(2024, 6, 1), Disposition.COMPLETE, sat=5, leave=1),  # 1.0
        _response("R2", date(2024, 9, 1), Disposition.PARTIAL, sat=3),  # 0.5: the latest
        _response("R3", date(2024, 10, 1), Disposition.REFUSAL),  # no answers
        _response("R4", date(2025, 7, 1), Disposition.COMPLETE, sat=1),  # after as_of
    ]
    cl = build.caseload([placement], responses=responses)
    score = score_placement(placement, caseload=cl, market=market, as_of=AS_OF)
    component = score.component("satisfaction")
    assert component.raw == 0.5
    assert "'R2'" in component.explanation
    # the partial answered no strain items
    assert score.component("job_strain").normalised is None
    earlier = score_placement(placement, caseload=cl, market=market, as_of=date(2024, 7, 1))
    # sat 5 -> 1.0, leave 1 reversed -> 1.0
    assert earlier.component("satisfaction").raw == 1.0
    before_any = score_placement(placement, caseload=cl, market=market, as_of=date(2024, 5, 1))
    assert before_any.component("satisfaction").normalised is None


def test_job_strain(build, market) -> None:  # type: ignore[no-untyped-def]
    placement = build.placement("A")
    strained = _response("R1", date(2024, 9, 1), Disposition.COMPLETE, demand=5, resource=2)
    cl = build.caseload([placement], responses=[strained])
    component = score_placement(placement, caseload=cl, market=market, as_of=AS_OF).component(
        "job_strain"
    )
    # resources 0.25 - demands 1.0 = -0.75 -> (-0.75 + 1) / 2 = 0.125
    assert component.raw == pytest.approx(-0.75)
    assert component.normalised == pytest.approx(0.125)
    assert component.explanation.endswith("(job strain)")


def test_earnings_to_median_where_known(build) -> None:  # type: ignore[no-untyped-def]
    market = LabourMarket.nanjing().replace(
        median_wages=[
            MedianWage(
                region="320100", year=2024, monthly=Decimal("6000"), source="test", confirmed=False
            )
        ]
    )
    full_time = build.placement("A", monthly_wage=Money.of("6000"))
    part_time = build.placement(
        "B",
        contract=ContractType.PART_TIME,
        contract_months=None,
        weekly_hours=Decimal("20"),
        monthly_wage=Money.of("2175"),
    )
    cl = build.caseload([full_time, part_time])
    a = score_placement(full_time, caseload=cl, market=market, as_of=AS_OF)
    # 6000 / 6000 = 1 -> (1 - 2/3) / (1.5 - 2/3) = 0.4
    assert a.component("earnings_to_median").normalised == pytest.approx(0.4)
    b = score_placement(part_time, caseload=cl, market=market, as_of=AS_OF)
    # hourly 2175 / (20 * 4.35) = 25; median hourly 6000 / 174 = 34.48; ratio 0.725
    assert b.component("earnings_to_median").raw == pytest.approx(25 / (6000 / 174))


def test_unobservable_wages(build, market) -> None:  # type: ignore[no-untyped-def]
    dollars = build.placement("A", monthly_wage=Money.of("900", "USD"))
    no_hours = build.placement(
        "B", contract=ContractType.PART_TIME, contract_months=None, weekly_hours=None
    )
    cl = build.caseload([dollars, no_hours])
    a = score_placement(dollars, caseload=cl, market=market, as_of=AS_OF)
    assert a.component("earnings_to_minimum").explanation == (
        "wage in USD cannot be compared with a minimum wage in CNY"
    )
    assert a.flags == ()
    b = score_placement(no_hours, caseload=cl, market=market, as_of=AS_OF)
    assert "hourly wage is unknown" in b.component("earnings_to_minimum").explanation


@pytest.mark.parametrize(
    ("contract", "months", "expected"),
    [
        (ContractType.OPEN_ENDED, None, 1.0),
        (ContractType.FIXED_TERM, 12, 0.4 + 0.4 * 12 / 36),
        (ContractType.FIXED_TERM, 60, 0.8),
        (ContractType.FIXED_TERM, None, 0.4),
        (ContractType.PUBLIC_WELFARE_POST, 36, 0.8),
        (ContractType.DISPATCH, 24, 0.3),
        (ContractType.TASK_BASED, None, 0.3),
        (ContractType.PART_TIME, None, 0.2),
        (ContractType.NONE, None, 0.0),
    ],
)
def test_contract_security(build, market, contract, months, expected) -> None:  # type: ignore[no-untyped-def]
    placement = build.placement("A", contract=contract, contract_months=months)
    cl = build.caseload([placement])
    score = score_placement(placement, caseload=cl, market=market, as_of=AS_OF)
    assert score.component("contract_security").raw == pytest.approx(expected)


def test_market_gaps_are_the_records_result_not_defaults(build, market) -> None:  # type: ignore[no-untyped-def]
    """A placement the market tables do not cover, or whose employer is missing, gets no
    score and a reason naming it (never a default market row, never an exception)."""
    old = build.placement("A", started_on=date(2013, 6, 1))
    elsewhere = build.placement("B", employer_id="E9")
    cl = build.caseload([old, elsewhere], employers=[build.employer("E9", region="310101")])
    score = score_placement(old, caseload=cl, market=market, as_of=AS_OF)
    assert score.value is None
    assert score.reason_code == "no_market_data"
    assert "'A'" in (score.reason or "")
    assert "starts on 2014-11-01" in (score.reason or "")
    assert score.flags == ()
    assert score.completeness == 0.0
    score = score_placement(elsewhere, caseload=cl, market=market, as_of=AS_OF)
    assert score.reason_code == "no_market_data"
    assert "'310101'" in (score.reason or "")
    assert score.region == "310101"
    orphan = build.placement("C", employer_id="E404")
    score = score_placement(orphan, caseload=build.caseload([orphan]), market=market, as_of=AS_OF)
    assert score.value is None
    assert score.reason_code == "unknown_employer"
    assert score.region is None
    assert "'E404'" in (score.reason or "")
    assert all(c.normalised is None for c in score.components)


def test_part_time_work_needs_an_hourly_minimum(build) -> None:  # type: ignore[no-untyped-def]
    nanjing = LabourMarket.nanjing()
    monthly_only = nanjing.replace(
        minimum_wages=[
            attrs.evolve(row, hourly=None) if row.region == "320100" else row
            for row in nanjing.minimum_wages
        ]
    )
    part_time = build.placement(
        "A", contract=ContractType.PART_TIME, contract_months=None, weekly_hours=Decimal("20")
    )
    cl = build.caseload([part_time])
    score = score_placement(part_time, caseload=cl, market=monthly_only, as_of=AS_OF)
    assert score.value is None
    assert score.reason_code == "no_market_data"
    assert "no hourly minimum wage for part-time work" in (score.reason or "")
    full_time = build.placement("B")
    score = score_placement(
        full_time, caseload=build.caseload([full_time]), market=monthly_only, as_of=AS_OF
    )
    assert score.value is not None
