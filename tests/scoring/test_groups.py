"""Group-level job quality and the sensitivity of group ranks."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest

from veteran_services import ContractType, Insurance, Money
from veteran_services.errors import InvalidInputError
from veteran_services.scoring import (
    LabourMarket,
    QualityModel,
    job_quality_by_group,
    score_caseload,
    sensitivity,
)

AS_OF = date(2025, 6, 1)


def _city(build):  # type: ignore[no-untyped-def]
    """Two districts: Jiangning (E1) with two 40-hour jobs paying 20 and 40 an hour, Lishui (E2)
    with a 50-hour job paying 20 an hour and a job without wage or hours."""
    week = Decimal("40")
    jobs = [
        build.placement("A", monthly_wage=Money.of("3480"), weekly_hours=week),
        build.placement("B", monthly_wage=Money.of("6960"), weekly_hours=week),
        build.placement(
            "C", employer_id="E2", monthly_wage=Money.of("4350"), weekly_hours=Decimal("50")
        ),
        build.placement("D", employer_id="E2", monthly_wage=None, weekly_hours=None),
    ]
    return build.caseload(jobs, employers=[build.employer("E2", region="320117")])


def test_job_quality_by_district(build, market: LabourMarket) -> None:  # type: ignore[no-untyped-def]
    result = job_quality_by_group(_city(build), market=market, by="region", beta=2.0)
    jiangning, lishui = result
    # hourly = monthly / (weekly hours x 4.35): A 3480 / 174 = 20, B 6960 / 174 = 40,
    # C 4350 / 217.5 = 20
    assert jiangning.group == "320115"
    assert (jiangning.placements, jiangning.with_earnings) == (2, 2)
    assert jiangning.mean_hourly == pytest.approx(30.0)
    # beta = 2: harmonic mean 2 / (1/20 + 1/40) = 26.67; Atkinson 1 - 26.67 / 30 = 0.111
    assert jiangning.earnings_quality == pytest.approx(80 / 3)
    assert jiangning.atkinson == pytest.approx(1 - (80 / 3) / 30)
    # pooled median of (20, 40, 20) = 20; low pay below 2/3 x 20 = 13.33: none
    assert jiangning.low_pay_threshold == pytest.approx(40 / 3)
    assert jiangning.low_pay_share == 0.0
    assert jiangning.excessive_hours_share == 0.0
    assert lishui.group == "320117"
    assert (lishui.placements, lishui.with_earnings, lishui.with_hours) == (2, 1, 1)
    assert lishui.excessive_hours_share == 1.0  # 50 > 48
    assert lishui.excessive_hours_interval is not None
    assert lishui.atkinson == pytest.approx(0.0)
    # a higher reference median makes A and C low-paid
    again = job_quality_by_group(_city(build), market=market, reference_median=31.5, beta=1.0)
    assert again[0].low_pay_share == 0.5
    assert again[0].earnings_quality == pytest.approx(math.sqrt(20 * 40))


def test_job_quality_groups_by_any_attribute(build, market) -> None:  # type: ignore[no-untyped-def]
    result = job_quality_by_group(_city(build), market=market, by="employer_id")
    assert [g.group for g in result] == ["E1", "E2"]
    by_hand = job_quality_by_group(_city(build), market=market, by=lambda p: p.id < "C")
    assert [g.group for g in by_hand] == [False, True]
    with pytest.raises(InvalidInputError, match="'by'"):
        job_quality_by_group(_city(build), market=market, by="colour")


def _districts(build):  # type: ignore[no-untyped-def]
    """Three districts of clearly different quality, two placements each."""
    good = {
        "contract": ContractType.OPEN_ENDED,
        "contract_months": None,
        "insurance": build.five | {Insurance.HOUSING_FUND},
        "monthly_wage": Money.of("7470"),
    }
    poor = {
        "contract": ContractType.NONE,
        "contract_months": None,
        "insurance": frozenset(),
        "monthly_wage": Money.of("2500"),
        "weekly_hours": Decimal("48"),
    }
    jobs = [
        build.placement("G1", employer_id="E1", **good),
        build.placement("G2", employer_id="E1", **good, weekly_hours=Decimal("44")),
        build.placement("M1", employer_id="E2"),
        build.placement("M2", employer_id="E2", monthly_wage=Money.of("4000")),
        build.placement("P1", employer_id="E3", **poor),
        build.placement("P2", employer_id="E3", **{**poor, "monthly_wage": Money.of("2600")}),
    ]
    employers = [build.employer("E2", region="320102"), build.employer("E3", region="320117")]
    return build.caseload(jobs, employers=employers)


def test_sensitivity_ranks(build, market) -> None:  # type: ignore[no-untyped-def]
    cl = _districts(build)
    result = sensitivity(cl, market=market, by="region", as_of=AS_OF, runs=200, seed=7)
    assert [g.group for g in result.groups] == ["320115", "320102", "320117"]
    for expected_rank, group in enumerate(result.groups, start=1):
        assert group.rank == expected_rank
        assert group.rank_low <= group.median_rank <= group.rank_high
        assert group.scored == 2
    # the districts are far apart: no reweighting changes the order
    assert [(g.rank_low, g.rank_high) for g in result.groups] == [(1, 1), (2, 2), (3, 3)]
    assert set(result.influence) == set(QualityModel.default().names)
    assert result.most_influential in result.influence
    assert result.influence["earnings_to_median"] == 0.0  # weight 0 here: never present
    assert result.aggregation_influence is not None
    assert result.runs == 200
    assert result.model_fingerprint == QualityModel.default().fingerprint
    # same seed, same result; the scores can be passed in
    scores = score_caseload(cl, market=market, as_of=AS_OF)
    again = sensitivity(
        cl, market=market, by="region", as_of=AS_OF, runs=200, seed=7, scores=scores
    )
    assert again == result


def test_sensitivity_finds_the_indicator_that_moves_ranks(build, market) -> None:  # type: ignore[no-untyped-def]
    """Two districts that trade places when insurance counts more: A pays better, B insures."""
    a = build.placement(
        "A1",
        monthly_wage=Money.of("7470"),
        insurance=frozenset(),
        contract=ContractType.NONE,
        contract_months=None,
    )
    b = build.placement(
        "B1",
        employer_id="E2",
        monthly_wage=Money.of("2490"),
        insurance=build.five | {Insurance.HOUSING_FUND},
        contract=ContractType.NONE,
        contract_months=None,
    )
    cl = build.caseload([a, b], employers=[build.employer("E2", region="320102")])
    model = QualityModel.default().with_weights(
        {"earnings_to_minimum": 0.15, "social_insurance": 0.15}
    )
    result = sensitivity(cl, market=market, model=model, by="region", as_of=AS_OF, runs=100, seed=1)
    # A: earnings 1 vs insurance 0; B: earnings 0 vs insurance 1 -> tied at the model's
    # weights; moving either weight by 25 % breaks the tie
    assert result.most_influential in {"earnings_to_minimum", "social_insurance"}
    assert result.influence["earnings_to_minimum"] > 0
    assert result.influence["working_time"] == 0.0
    assert all(g.rank_low == 1 and g.rank_high == 2 for g in result.groups)


def test_sensitivity_rejects_bad_settings(build, market) -> None:  # type: ignore[no-untyped-def]
    cl = _districts(build)
    with pytest.raises(InvalidInputError, match="'runs'"):
        sensitivity(cl, market=market, by="region", as_of=AS_OF, runs=1)
    with pytest.raises(InvalidInputError, match="'weight_spread'"):
        sensitivity(cl, market=market, by="region", as_of=AS_OF, weight_spread=1.0)
    with pytest.raises(InvalidInputError, match="'methods'"):
        sensitivity(cl, market=market, by="region", as_of=AS_OF, methods=("harmonic",))  # type: ignore[arg-type]
    scores = score_caseload(cl, market=market, as_of=AS_OF)
    with pytest.raises(InvalidInputError, match="fingerprints differ"):
        sensitivity(
            cl,
            market=market,
            model=QualityModel.default().replace(version="other"),
            by="region",
            as_of=AS_OF,
            scores=scores,
        )


@pytest.mark.parametrize("aggregation", ["arithmetic", "geometric"])
def test_sensitivity_group_scores_are_mean_placement_scores(build, market, aggregation) -> None:  # type: ignore[no-untyped-def]
    model = QualityModel.default().replace(aggregation=aggregation)
    cl = _districts(build)
    scores = score_caseload(cl, market=market, model=model, as_of=AS_OF)
    result = sensitivity(
        cl, market=market, model=model, by="region", as_of=AS_OF, runs=10, scores=scores
    )
    for group in result.groups:
        values = [s.value for s in scores if s.region == group.group and s.value is not None]
        assert group.score == pytest.approx(sum(values) / len(values))


def test_group_job_quality_goes_on_past_a_missing_employer_or_market_row(
    build, market: LabourMarket
) -> None:  # type: ignore[no-untyped-def]
    week = Decimal("40")
    jobs = [
        build.placement("A", monthly_wage=Money.of("3480"), weekly_hours=week),
        build.placement(
            "ORPHAN", employer_id="E404", monthly_wage=Money.of("3480"), weekly_hours=week
        ),
        build.placement(
            "SHANGHAI", employer_id="E9", monthly_wage=Money.of("900"), weekly_hours=week
        ),
    ]
    caseload = build.caseload(jobs, employers=[build.employer("E9", region="310101")])
    result = {g.group: g for g in job_quality_by_group(caseload, market=market)}
    assert set(result) == {"320115", "310101", None}
    assert result[None].placements == 1
    assert result[None].without_market == 1
    assert result["310101"].without_market == 1
    assert result["310101"].with_earnings == 0
    jiangning = result["320115"]
    assert (jiangning.placements, jiangning.with_earnings, jiangning.without_market) == (1, 1, 0)
    assert jiangning.mean_hourly == pytest.approx(20.0)
