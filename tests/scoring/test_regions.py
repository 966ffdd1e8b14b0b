"""Whose region scores are grouped by: a score's ``region`` is the employer's district;
``employer_region`` and ``veteran_region`` say which, and every summary states it (issue 25,
item 3)."""

from __future__ import annotations

from collections import Counter

import pytest

from veteran_services import Caseload
from veteran_services.errors import InvalidInputError
from veteran_services.scoring import (
    SCORE_GROUPINGS,
    LabourMarket,
    QualityScore,
    job_quality_by_group,
    score_caseload,
    sensitivity,
    summarise,
)
from veteran_services.synthetic import DEFAULT_AS_OF, sample_city

MARKET = LabourMarket.nanjing()


@pytest.fixture(scope="module")
def city() -> Caseload:
    return sample_city()


@pytest.fixture(scope="module")
def scores(city: Caseload) -> tuple[QualityScore, ...]:
    return score_caseload(city, market=MARKET, as_of=DEFAULT_AS_OF)


def test_region_is_the_employers_and_says_so(scores: tuple[QualityScore, ...]) -> None:
    by_region = summarise(scores, by="region")
    by_employer = summarise(scores, by="employer_region")
    assert [(s.group, s.count, s.mean) for s in by_region] == [
        (s.group, s.count, s.mean) for s in by_employer
    ]
    assert "employer's district" in by_region[0].grouping
    assert by_employer[0].grouping == SCORE_GROUPINGS["employer_region"]
    assert summarise(scores)[0].grouping == "all"


def test_veteran_region_groups_by_the_veterans_home(
    city: Caseload, scores: tuple[QualityScore, ...]
) -> None:
    by_home = summarise(scores, by="veteran_region", caseload=city)
    expected = Counter(city.veteran(s.veteran_id).region for s in scores)
    assert {s.group: s.count for s in by_home} == dict(expected)
    assert by_home[0].grouping == SCORE_GROUPINGS["veteran_region"]
    assert {s.group: s.count for s in by_home} != {
        s.group: s.count for s in summarise(scores, by="region")
    }
    data = by_home[0].to_dict()
    assert data["grouping"] == SCORE_GROUPINGS["veteran_region"]
    assert set(data["flags"]) == {"below_minimum_wage", "over_legal_hours",
                                  "no_social_insurance", "informal"}  # fmt: skip


def test_veteran_region_needs_the_caseload(scores: tuple[QualityScore, ...]) -> None:
    with pytest.raises(InvalidInputError, match="caseload=") as caught:
        summarise(scores, by="veteran_region")
    assert caught.value.argument == "caseload"


def test_job_quality_by_either_region(city: Caseload) -> None:
    employer = job_quality_by_group(city, market=MARKET, by="employer_region")
    region = job_quality_by_group(city, market=MARKET)
    assert [(g.group, g.placements) for g in employer] == [(g.group, g.placements) for g in region]
    assert employer[0].grouping == SCORE_GROUPINGS["employer_region"]
    home = job_quality_by_group(city, market=MARKET, by="veteran_region")
    expected = Counter(city.veteran(p.veteran_id).region for p in city.placements)
    assert {g.group: g.placements for g in home} == dict(expected)
    assert home[0].grouping == SCORE_GROUPINGS["veteran_region"]


def test_sensitivity_by_the_veterans_district(
    city: Caseload, scores: tuple[QualityScore, ...]
) -> None:
    result = sensitivity(
        city, market=MARKET, by="veteran_region", as_of=DEFAULT_AS_OF, runs=5, scores=scores
    )
    assert result.grouping == SCORE_GROUPINGS["veteran_region"]
    homes = {v.region for v in city.veterans}
    assert {g.group for g in result.groups} <= homes
