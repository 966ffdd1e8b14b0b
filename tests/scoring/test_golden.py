"""Hand-computed scores: the arithmetic is written out next to each expected value.

The default model's weights: earnings_to_minimum 0.20, earnings_to_median 0.10, working_time
0.10, contract_security 0.15, social_insurance 0.15, skills_match 0.10, retention 0.10,
satisfaction 0.05, job_strain 0.05; arithmetic aggregation, min_coverage 0.5. Nanjing's class I
minimum wage from 2024-01-01 is 2,490 a month and 24 an hour; a month has 21.75 / 5 = 4.35 paid
weeks; the legal maximum week is 40 + 36 / 4.35 = 48.28 hours.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest

from veteran_services import ContractType, Insurance, Money, QualityDimension
from veteran_services.scoring import (
    Flag,
    LabourMarket,
    QualityModel,
    score_caseload,
    score_placement,
    summarise,
)

AS_OF = date(2025, 6, 1)


@pytest.fixture
def full(build):  # type: ignore[no-untyped-def]
    """Placement A: every indicator but the median observable."""
    a = build.placement("A", occupation="8321")
    answers = {"sat": 4, "leave": 2, "demand": 3, "resource": 4}
    r = build.response("R1", "A", date(2024, 9, 1), **answers)
    return a, build.caseload([a], responses=[r])


def test_full_placement(full, market: LabourMarket) -> None:  # type: ignore[no-untyped-def]
    a, cl = full
    score = score_placement(a, caseload=cl, market=market, as_of=AS_OF)
    parts = {c.name: c for c in score.components}
    # earnings: 4,980 / 2,490 = 2.0 -> (2.0 - 1) / (3 - 1) = 0.5
    assert parts["earnings_to_minimum"].raw == pytest.approx(2.0)
    assert parts["earnings_to_minimum"].normalised == pytest.approx(0.5)
    # no median wage in the built-in tables
    assert parts["earnings_to_median"].normalised is None
    # 40 hours -> (48 - 40) / (48 - 40) = 1
    assert parts["working_time"].normalised == pytest.approx(1.0)
    # fixed-term, 36 months: 0.4 + 0.4 * 36 / 36 = 0.8
    assert parts["contract_security"].normalised == pytest.approx(0.8)
    # 5 of the 6 schemes (no housing fund)
    assert parts["social_insurance"].normalised == pytest.approx(5 / 6)
    # 8321 vs the programme's 8322: 3 shared digits -> 3 / 4
    assert parts["skills_match"].raw == 3.0
    assert parts["skills_match"].normalised == pytest.approx(0.75)
    # held 2024-03-01 .. 2025-06-01: 15 months >= horizon 12 -> (15 - 0) / 12 clipped = 1
    assert parts["retention"].raw == 15.0
    assert parts["retention"].normalised == pytest.approx(1.0)
    # satisfaction: sat 4 -> 3/4 = 0.75; leave 2 (reversed) -> 1 - 1/4 = 0.75; mean 0.75
    assert parts["satisfaction"].normalised == pytest.approx(0.75)
    # strain: resource 4 -> 0.75, demand 3 -> 0.5; 0.25 -> (0.25 + 1) / 2 = 0.625
    assert parts["job_strain"].raw == pytest.approx(0.25)
    assert parts["job_strain"].normalised == pytest.approx(0.625)
    # present weight 1 - 0.10 = 0.90;
    # sum w x = .2*.5 + .1*1 + .15*.8 + .15*5/6 + .1*.75 + .1*1 + .05*.75 + .05*.625
    #         = .1 + .1 + .12 + .125 + .075 + .1 + .0375 + .03125 = .68875
    expected = 100 * 0.68875 / 0.90  # 76.527...
    assert score.value == pytest.approx(expected)
    assert score.value == pytest.approx(76.5278, abs=1e-4)
    assert math.fsum(c.contribution or 0.0 for c in score.components) == pytest.approx(expected)
    assert parts["earnings_to_minimum"].share == pytest.approx(0.2 / 0.9)
    assert parts["earnings_to_minimum"].contribution == pytest.approx(100 * 0.2 * 0.5 / 0.9)
    assert score.missing == ("earnings_to_median",)
    assert score.flags == ()
    assert score.model_fingerprint == QualityModel.default().fingerprint
    assert score.region == "320115"
    assert repr(score) == (
        "QualityScore(placement_id='A', value=76.53, flags=[], "
        f"missing=['earnings_to_median'], model='2024.1'/{score.model_fingerprint})"
    )
    dimensions = score.by_dimension()
    # income: earnings_to_minimum only (the median is missing): 100 * 0.5
    assert dimensions[QualityDimension.INCOME_AND_BENEFITS] == pytest.approx(50.0)
    # security: (.15 * .8 + .15 * 5/6 + .1 * 1) / .4 = (.12 + .125 + .1) / .4 = .8625
    assert dimensions[QualityDimension.SECURITY_AND_PROTECTION] == pytest.approx(86.25)
    assert dimensions[QualityDimension.SAFETY_AND_ETHICS] == pytest.approx(62.5)
    assert QualityDimension.SOCIAL_DIALOGUE not in dimensions
    text = score.explain()
    assert "76.5" in text
    assert "earnings_to_median" in text
    assert "missing" in text


def test_full_placement_geometric(full, market: LabourMarket) -> None:  # type: ignore[no-untyped-def]
    a, cl = full
    model = QualityModel.default().replace(aggregation="geometric")
    score = score_placement(a, caseload=cl, market=market, model=model, as_of=AS_OF)
    log_sum = (
        0.2 * math.log(0.5)
        + 0.1 * math.log(1.0)
        + 0.15 * math.log(0.8)
        + 0.15 * math.log(5 / 6)
        + 0.1 * math.log(0.75)
        + 0.1 * math.log(1.0)
        + 0.05 * math.log(0.75)
        + 0.05 * math.log(0.625)
    )
    expected = 100 * math.exp(log_sum / 0.9)  # 73.6...
    assert score.value == pytest.approx(expected)
    assert score.value < 76.5278  # the geometric mean never exceeds the arithmetic one
    log_points = math.fsum(c.contribution or 0.0 for c in score.components)
    assert 100 * math.exp(log_points / 100) == pytest.approx(expected)
    assert score.model_fingerprint != QualityModel.default().fingerprint


def test_part_time_below_hourly_minimum(build, market: LabourMarket) -> None:  # type: ignore[no-untyped-def]
    b = build.placement(
        "B",
        contract=ContractType.PART_TIME,
        contract_months=None,
        weekly_hours=Decimal("20"),
        monthly_wage=Money.of("2000"),
        insurance=frozenset({Insurance.WORK_INJURY}),
        occupation="5120",
    )
    cl = build.caseload([b], enrolments=[])
    score = score_placement(b, caseload=cl, market=market, as_of=date(2024, 6, 1))
    parts = {c.name: c for c in score.components}
    # hourly wage 2,000 / (20 * 4.35) = 22.99 < 24: flagged; 22.99 / 24 = 0.958 -> clipped 0
    assert parts["earnings_to_minimum"].raw == pytest.approx(2000 / (20 * 4.35) / 24)
    assert parts["earnings_to_minimum"].normalised == 0.0
    assert score.flags == (Flag.BELOW_MINIMUM_WAGE,)
    # 20 hours -> (48 - 20) / 8 clipped to 1; part-time contract 0.2;
    # part-time work needs work-injury insurance only: 1 of 1
    assert parts["working_time"].normalised == 1.0
    assert parts["contract_security"].normalised == pytest.approx(0.2)
    assert parts["social_insurance"].normalised == 1.0
    # retention: 3 months held, still active -> not observable; no programme, no survey
    assert set(score.missing) == {
        "earnings_to_median",
        "retention",
        "satisfaction",
        "job_strain",
        "skills_match",
    }
    # present weight .2 + .1 + .15 + .15 = .6 >= .5
    # sum w x = .2*0 + .1*1 + .15*.2 + .15*1 = .28 -> 100 * .28 / .6 = 46.67
    assert score.value == pytest.approx(100 * 0.28 / 0.6)


def test_every_flag(build, market: LabourMarket) -> None:  # type: ignore[no-untyped-def]
    c = build.placement(
        "C",
        contract=ContractType.NONE,
        contract_months=None,
        weekly_hours=Decimal("50"),
        monthly_wage=Money.of("2400"),
        insurance=frozenset(),
        ended_on=date(2024, 5, 31),
    )
    cl = build.caseload([c], enrolments=[])
    score = score_placement(c, caseload=cl, market=market, as_of=AS_OF)
    assert score.flags == (
        Flag.BELOW_MINIMUM_WAGE,  # 2,400 < 2,490
        Flag.OVER_LEGAL_HOURS,  # 50 > 48.28
        Flag.NO_SOCIAL_INSURANCE,
        Flag.INFORMAL,
    )
    # earnings 0.964 -> 0; hours 50 -> 0; contract 0; insurance 0;
    # retention: ended after 2 whole months (03-01 .. 05-31) -> 2 / 12
    # present weight .2 + .1 + .15 + .15 + .1 = .7; sum w x = .1 * 2/12
    assert score.component("retention").raw == 2.0
    assert score.value == pytest.approx(100 * (0.1 * 2 / 12) / 0.7)


def test_too_little_coverage_gives_no_score(build, market: LabourMarket) -> None:  # type: ignore[no-untyped-def]
    d = build.placement(
        "D",
        contract=ContractType.OPEN_ENDED,
        contract_months=None,
        weekly_hours=None,
        monthly_wage=None,
        insurance=frozenset(),
        started_on=date(2025, 1, 1),
    )
    cl = build.caseload([d], enrolments=[])
    score = score_placement(d, caseload=cl, market=market, as_of=AS_OF)
    # only contract (.15) and insurance (.15) present: 30 % < 50 %
    assert score.value is None
    assert score.reason is not None
    assert "30%" in score.reason
    assert "50%" in score.reason
    assert "earnings_to_minimum (no monthly wage recorded)" in score.reason
    assert all(c.contribution is None for c in score.components)
    # flags are still reported (no insurance at all), but not the unknowable wage
    assert Flag.NO_SOCIAL_INSURANCE in score.flags
    assert Flag.BELOW_MINIMUM_WAGE not in score.flags


def test_future_placement_has_no_score(build, market: LabourMarket) -> None:  # type: ignore[no-untyped-def]
    e = build.placement("E", started_on=date(2025, 7, 1))
    cl = build.caseload([e])
    score = score_placement(e, caseload=cl, market=market, as_of=AS_OF)
    assert score.value is None
    assert score.reason is not None
    assert "after the scoring date" in score.reason


def test_small_caseload(build, market: LabourMarket) -> None:  # type: ignore[no-untyped-def]
    """Three placements in two districts: A (76.53) and B (40.00) in Jiangning, C in Lishui."""
    answers = {"sat": 4, "leave": 2, "demand": 3, "resource": 4}
    a = build.placement("A")
    b = build.placement(
        "B",
        contract=ContractType.PART_TIME,
        contract_months=None,
        weekly_hours=Decimal("20"),
        monthly_wage=Money.of("2000"),
        insurance=frozenset({Insurance.WORK_INJURY}),
        occupation="5120",
        started_on=date(2025, 3, 1),
    )
    c = build.placement(
        "C",
        employer_id="E2",
        weekly_hours=Decimal("44"),
        monthly_wage=Money.of("7470"),
        contract=ContractType.OPEN_ENDED,
        contract_months=None,
        insurance=build.five | {Insurance.HOUSING_FUND},
        occupation="2512",
    )
    cl = build.caseload(
        [c, b, a],
        responses=[build.response("R1", "A", date(2024, 9, 1), **answers)],
        employers=[build.employer("E2", region="320117")],
    )
    scores = score_caseload(cl, market=market, as_of=AS_OF)
    assert [s.placement_id for s in scores] == ["A", "B", "C"]
    value = {s.placement_id: s.value for s in scores}
    assert value["A"] == pytest.approx(100 * 0.68875 / 0.9)
    # B: as the part-time golden case, but V1 completed the 8322 programme before it:
    # 5120 vs 8322 share 0 digits -> skills 0 with weight .1 joins: 100 * .28 / .7 = 40
    assert value["B"] == pytest.approx(100 * 0.28 / 0.7)
    # C (Lishui, class I from 2018: 2,490): 7,470 / 2,490 = 3 -> 1; 44 h -> (48-44)/8 = .5;
    # open-ended 1; 6 of 6 schemes 1; 2512 vs 8322: 0 digits -> 0; retention 15 months -> 1;
    # no survey. present .2 + .1 + .15 + .15 + .1 + .1 = .8
    # sum w x = .2 + .05 + .15 + .15 + 0 + .1 = .65 -> 100 * .65 / .8 = 81.25
    assert value["C"] == pytest.approx(81.25)

    summary = summarise(scores, by="region", threshold=60)
    jiangning, lishui = summary
    assert jiangning.group == "320115"
    assert jiangning.count == 2
    assert jiangning.mean == pytest.approx((100 * 0.68875 / 0.9 + 40.0) / 2)
    assert jiangning.median == pytest.approx(jiangning.mean)
    assert jiangning.share_below == 0.5  # B is below 60
    assert jiangning.share_below_interval is not None
    assert jiangning.share_below_interval.low < 0.5 < jiangning.share_below_interval.high
    assert jiangning.flags[Flag.BELOW_MINIMUM_WAGE] == 1
    assert lishui.group == "320117"
    assert lishui.mean == pytest.approx(81.25)
    assert lishui.mean_interval is None  # a single score
    assert lishui.share_below == 0.0

    overall = summarise(scores)
    assert overall[0].group == "all"
    assert overall[0].median == pytest.approx(100 * 0.68875 / 0.9)
