"""Unknown is not none (issue 13): an unrecorded fact leaves its indicator missing and raises no
flag; the same fact recorded as none is scored and flagged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from veteran_services import ContractType, Money, Placement
from veteran_services.scoring import (
    REASONS,
    Flag,
    LabourMarket,
    QualityModel,
    QualityScore,
    score_caseload,
    score_placement,
)

AS_OF = date(2025, 6, 1)
MARKET = LabourMarket.nanjing()

#: Every optional fact of a placement left unrecorded (the job named by its title only).
UNKNOWN: dict[str, Any] = {
    "occupation": None,
    "occupation_title": "保安员",
    "contract": None,
    "contract_months": None,
    "weekly_hours": None,
    "monthly_wage": None,
    "insurance": None,
}
#: The same facts recorded as none, or as the worst a ledger can record.
RECORDED_NONE: dict[str, Any] = {
    "contract": ContractType.NONE,
    "contract_months": None,
    "weekly_hours": Decimal("60"),
    "monthly_wage": Money.of("1800"),
    "insurance": frozenset(),
}


def _score(build: Any, placement: Placement, model: QualityModel | None = None) -> QualityScore:
    return score_placement(
        placement, caseload=build.caseload([placement]), market=MARKET, model=model, as_of=AS_OF
    )


def test_every_fact_unknown_scores_from_what_is_there_and_raises_no_flag(build: Any) -> None:
    placement = build.placement("A", **UNKNOWN)
    score = _score(build, placement)
    assert score.flags == ()
    # only retention is observable (held 15 months), below the default 50 % coverage
    assert score.missing == tuple(n for n in QualityModel.default().names if n != "retention")
    assert score.value is None
    assert score.reason_code == "low_coverage"
    assert score.completeness == pytest.approx(
        QualityModel.default().spec("retention").weight / QualityModel.default().total_weight
    )
    assert score.unknown == (
        "occupation",
        "contract",
        "weekly_hours",
        "monthly_wage",
        "insurance",
    )
    # with a model that accepts that little, it scores from the facts it has
    lenient = QualityModel.default().replace(min_coverage=0.05)
    scored = _score(build, placement, lenient)
    assert scored.value == pytest.approx(100.0)  # retention alone, at its goalpost
    assert scored.flags == ()


def test_the_same_facts_recorded_as_none_are_scored_and_flagged(build: Any) -> None:
    score = _score(build, build.placement("A", **RECORDED_NONE))
    assert set(score.flags) == set(Flag)
    assert score.component("contract_security").normalised == 0.0
    assert score.component("social_insurance").normalised == 0.0
    assert score.unknown == ()
    # every fact is there; the survey indicators lack a response, the market a median wage
    assert set(score.missing) == {"satisfaction", "job_strain", "earnings_to_median"}
    assert score.value is not None


@pytest.mark.parametrize(
    ("indicator", "unknown", "recorded", "reason"),
    [
        (
            "contract_security",
            {"contract": None, "contract_months": None},
            {"contract": ContractType.NONE, "contract_months": None},
            "contract type not recorded",
        ),
        (
            "social_insurance",
            {"insurance": None},
            {"insurance": frozenset()},
            "social insurance not recorded",
        ),
        (
            "skills_match",
            {"occupation": None, "occupation_title": "保安员"},
            {"occupation": "5414"},
            "occupation code not recorded (job title '保安员')",
        ),
        ("working_time", {"weekly_hours": None}, {"weekly_hours": Decimal("0")}, "no weekly hours"),
        (
            "earnings_to_minimum",
            {"monthly_wage": None},
            {"monthly_wage": Money.of("0")},
            "no monthly wage recorded",
        ),
    ],
)
def test_each_indicator_both_ways(
    build: Any, indicator: str, unknown: dict[str, Any], recorded: dict[str, Any], reason: str
) -> None:
    missing = _score(build, build.placement("A", **unknown)).component(indicator)
    assert missing.normalised is None
    assert missing.share is None
    assert reason in missing.explanation
    present = _score(build, build.placement("A", **recorded)).component(indicator)
    assert present.normalised is not None


@pytest.mark.parametrize(
    ("flags", "unknown", "recorded"),
    [
        ({Flag.BELOW_MINIMUM_WAGE}, {"monthly_wage": None}, {"monthly_wage": Money.of("1800")}),
        ({Flag.OVER_LEGAL_HOURS}, {"weekly_hours": None}, {"weekly_hours": Decimal("60")}),
        (
            {Flag.NO_SOCIAL_INSURANCE, Flag.INFORMAL},
            {"insurance": None},
            {"insurance": frozenset()},
        ),
        (
            {Flag.INFORMAL},
            {"contract": None, "contract_months": None},
            {"contract": ContractType.NONE, "contract_months": None},
        ),
    ],
)
def test_each_flag_only_on_a_recorded_fact(
    build: Any, flags: set[Flag], unknown: dict[str, Any], recorded: dict[str, Any]
) -> None:
    assert _score(build, build.placement("A", **unknown)).flags == ()
    assert set(_score(build, build.placement("A", **recorded)).flags) == flags


def test_an_unknown_contract_type_is_compared_as_full_time_work_and_says_so(build: Any) -> None:
    score = _score(build, build.placement("A", contract=None, contract_months=None))
    explanation = score.component("earnings_to_minimum").explanation
    assert "contract type not recorded: compared as full-time work" in explanation
    known = _score(build, build.placement("A"))
    assert score.component("earnings_to_minimum").raw == known.component("earnings_to_minimum").raw


def test_the_explanation_names_what_was_not_recorded(build: Any) -> None:
    text = _score(build, build.placement("A", insurance=None, weekly_hours=None)).explain()
    assert "not recorded: weekly_hours, insurance" in text
    assert "data completeness:" in text
    assert "social insurance not recorded" in text


def test_one_placement_before_the_market_tables_costs_only_itself(build: Any) -> None:
    good = [build.placement(f"P{i}", started_on=date(2024, 1 + i, 1)) for i in range(5)]
    old = build.placement("OLD", started_on=date(2012, 3, 1))
    with_old = score_caseload(build.caseload([*good, old]), market=MARKET, as_of=AS_OF)
    without = score_caseload(build.caseload(good), market=MARKET, as_of=AS_OF)
    by_id = {s.placement_id: s for s in with_old}
    for score in without:
        twin = by_id[score.placement_id]
        assert twin.value == score.value
        assert twin.components == score.components
        assert twin.flags == score.flags
    bad = by_id["OLD"]
    assert bad.value is None
    assert bad.reason_code == "no_market_data"
    assert bad.reason_code in REASONS
    assert "'OLD'" in (bad.reason or "")
    assert "2012-03-01" in (bad.reason or "")
