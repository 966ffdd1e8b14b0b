"""Whose region a breakdown groups by: ``veteran_region``, ``employer_region`` and ``region``
(the veteran's home district, a venture's own), stated in every grouped result (issue 25,
item 3)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import get_args

import pytest

from veteran_services import Caseload, metrics
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import GROUPINGS, Estimate, breakdown, describe_grouping
from veteran_services.synthetic import DEFAULT_AS_OF, sample_city


@pytest.fixture(scope="module")
def city() -> Caseload:
    return sample_city()


def _indicator(name: str) -> Callable[..., Estimate]:
    def metric(caseload: Caseload) -> Estimate:
        return metrics.programme_indicator(name).compute(caseload, as_of=DEFAULT_AS_OF)

    return metric


def _groups(table: metrics.Table) -> dict[str, int | None]:
    return {row.group: row.estimate.denominator for row in table.rows}


def test_region_is_the_veterans_region_for_figures_about_people(city: Caseload) -> None:
    rate = _indicator("employment_rate_after_exit")
    by_region = breakdown(rate, city, by="region")
    by_veteran = breakdown(rate, city, by="veteran_region")
    assert by_region.to_rows() == by_veteran.to_rows()
    assert by_veteran.grouping == GROUPINGS["veteran_region"]
    assert "veteran's home district" in by_region.grouping


def test_employer_region_groups_placements_by_their_employers_district(city: Caseload) -> None:
    days = _indicator("time_to_placement")
    by_employer = breakdown(days, city, by="employer_region", min_cell=1)
    by_veteran = breakdown(days, city, by="veteran_region", min_cell=1)
    assert by_employer.by == "employer_region"
    assert by_employer.grouping == GROUPINGS["employer_region"]
    assert _groups(by_employer) != _groups(by_veteran)  # people work outside their district
    assert (
        sum(n or 0 for n in _groups(by_employer).values()) == by_employer.total.estimate.denominator
    )
    for row in by_employer.rows:
        for observation in row.estimate.observations:
            assert observation.placement_id is not None
            employer = city.employer(city.placement(observation.placement_id).employer_id)
            assert employer.region == row.group


def test_employer_region_is_refused_for_figures_not_about_placements(city: Caseload) -> None:
    with pytest.raises(InvalidInputError, match="veteran_region") as caught:
        breakdown(_indicator("placement_rate"), city, by="employer_region")
    assert caught.value.argument == "by"
    with pytest.raises(InvalidInputError, match="veteran_region") as caught:
        metrics.league_table(_indicator("placement_rate"), city, by="employer_region")
    assert caught.value.argument == "by"


def test_ventures_keep_their_own_district_under_region(city: Caseload) -> None:
    def jobs(caseload: Caseload) -> Estimate:
        return metrics.jobs_created(caseload, as_of=DEFAULT_AS_OF)

    own = breakdown(jobs, city, by="region", min_cell=1)
    founders = breakdown(jobs, city, by="veteran_region", min_cell=1)
    assert own.total.estimate.value == founders.total.estimate.value
    assert "venture's own district" in own.grouping
    for row in own.rows:
        assert all(o.region == row.group for o in row.estimate.observations)


def test_every_grouped_result_states_its_grouping(city: Caseload) -> None:
    rate = _indicator("employment_rate_after_exit")
    table = breakdown(rate, city, by="veteran_region")
    data = table.to_dict()
    assert data["grouping"] == GROUPINGS["veteran_region"]
    assert data["by"] == "veteran_region"
    assert data["total"]["group"] == "Total"
    assert [row["group"] for row in data["rows"]] == [row.group for row in table.rows]
    assert json.loads(table.to_json())["grouping"] == data["grouping"]
    league = metrics.league_table(rate, city, by="veteran_region", replicates=20, seed=1)
    assert league.grouping == GROUPINGS["veteran_region"]
    custom = breakdown(rate, city, by=lambda o: "all")
    assert custom.grouping == "<lambda>"


def test_every_built_in_grouping_is_described() -> None:
    assert set(GROUPINGS) == set(get_args(metrics.GroupBy))
    for name, words in GROUPINGS.items():
        assert words.startswith(f"{name}: ")
        assert describe_grouping(name) == words  # type: ignore[arg-type]
