"""``scoring.summarise``: data completeness and the placements left unscored, by reason."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest
from hypothesis import given

from veteran_services import Caseload
from veteran_services.scoring import (
    REASONS,
    GroupSummary,
    LabourMarket,
    QualityScore,
    score_caseload,
    summarise,
)
from veteran_services.strategies import caseloads

AS_OF = date(2025, 6, 1)


@pytest.fixture
def mixed(build: Any) -> Caseload:
    """One placement of each kind: A scored with every fact, B scored without its contract
    type and insurance, C before the tables start, D with a missing employer, E after the
    scoring date, F with too little data to score, G in Lishui (another region)."""
    placements = [
        build.placement("A"),
        build.placement("B", contract=None, contract_months=None, insurance=None),
        build.placement("C", started_on=date(2012, 5, 2)),
        build.placement("D", employer_id="E404"),
        build.placement("E", started_on=date(2025, 7, 1)),
        build.placement(
            "F",
            contract=None,
            contract_months=None,
            insurance=None,
            weekly_hours=None,
            monthly_wage=None,
        ),
        build.placement("G", employer_id="E2"),
    ]
    caseload: Caseload = build.caseload(placements, employers=[build.employer("E2", "320117")])
    return caseload


def test_unscored_by_reason_and_completeness(mixed: Caseload, market: LabourMarket) -> None:
    scores = score_caseload(mixed, market=market, as_of=AS_OF)
    by_id = {s.placement_id: s for s in scores}
    [overall] = summarise(scores)
    assert overall.count == 7
    assert overall.scored == 3  # A, B, G
    assert dict(overall.unscored) == {
        "low_coverage": 1,
        "after_scoring_date": 1,
        "no_market_data": 1,
        "unknown_employer": 1,
    }
    assert tuple(overall.unscored) == tuple(REASONS)
    assert sum(overall.unscored.values()) == overall.count - overall.scored
    assert overall.completeness == pytest.approx(
        math.fsum(s.completeness for s in scores) / len(scores)
    )
    # the facts behind A and B: B lacks the contract and insurance indicators
    model = by_id["A"].model
    weight = {spec.name: spec.weight for spec in model.indicators}
    lost = (weight["contract_security"] + weight["social_insurance"]) / model.total_weight
    assert by_id["B"].completeness == pytest.approx(by_id["A"].completeness - lost)
    assert by_id["C"].completeness == by_id["D"].completeness == 0.0
    assert 0.0 < overall.completeness < by_id["A"].completeness


def test_by_region(mixed: Caseload, market: LabourMarket) -> None:
    scores = score_caseload(mixed, market=market, as_of=AS_OF)
    groups = {s.group: s for s in summarise(scores, by="region")}
    # D's employer is missing: its region is unknown (None), a group of its own
    assert set(groups) == {None, "320115", "320117"}
    assert groups[None].unscored["unknown_employer"] == 1
    assert groups[None].completeness == 0.0
    assert groups["320117"].unscored == dict.fromkeys(REASONS, 0)
    assert groups["320117"].completeness == pytest.approx(
        next(s.completeness for s in scores if s.placement_id == "G")
    )
    jiangning = groups["320115"]
    assert jiangning.unscored["no_market_data"] == 1
    assert jiangning.unscored["after_scoring_date"] == 1
    assert jiangning.unscored["low_coverage"] == 1


def test_other_reason_codes_are_counted_after_the_known_ones(
    mixed: Caseload, market: LabourMarket
) -> None:
    scores = list(score_caseload(mixed, market=market, as_of=AS_OF))
    scores[0] = scores[0]._replace(value=None, reason="a reason", reason_code="zz_custom")
    scores[1] = scores[1]._replace(value=None, reason="a reason", reason_code="aa_custom")
    [overall] = summarise(scores)
    assert list(overall.unscored) == [*REASONS, "aa_custom", "zz_custom"]
    assert overall.unscored["aa_custom"] == overall.unscored["zz_custom"] == 1


def _check(summaries: tuple[GroupSummary, ...], scores: tuple[QualityScore, ...]) -> None:
    for summary in summaries:
        assert 0.0 <= summary.completeness <= 1.0
        assert sum(summary.unscored.values()) == summary.count - summary.scored
        assert set(REASONS) <= set(summary.unscored)
    total = sum(s.count for s in summaries)
    assert total == len(scores)
    if scores:
        pooled = math.fsum(s.completeness * s.count for s in summaries) / total
        assert pooled == pytest.approx(math.fsum(s.completeness for s in scores) / len(scores))


@given(caseloads(max_veterans=4))
def test_counts_add_up_for_any_caseload(caseload: Caseload) -> None:
    scores = score_caseload(caseload, market=LabourMarket.nanjing(), as_of=date(2030, 1, 1))
    overall = summarise(scores)
    by_region = summarise(scores, by="region")
    _check(overall, scores)
    _check(by_region, scores)
    if scores:
        [everyone] = overall
        for code in REASONS:
            assert everyone.unscored[code] == sum(g.unscored[code] for g in by_region)
        assert summarise(scores[::-1]) == overall
