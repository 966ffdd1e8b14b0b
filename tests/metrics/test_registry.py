"""The registry of programme indicators (metrics.PROGRAMME_INDICATORS) and the one row form of
an estimate (metrics.estimate_row): what the command line and the report both read."""

from __future__ import annotations

import inspect
from datetime import date

import pytest

from veteran_services import metrics, report
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import PROGRAMME_INDICATORS, Estimate, estimate_row
from veteran_services.model import Caseload
from veteran_services.synthetic import DEFAULT_AS_OF, generate

#: The statistic an estimate of each kind is computed with.
STATISTICS = {
    "rate": "proportion",
    "weighted_rate": "weighted_proportion",
    "median": "median",
    "duration": "median",
    "count": "sum",
}


@pytest.fixture(scope="module")
def city() -> Caseload:
    return generate(veterans=200, seed=6)


@pytest.fixture(scope="module")
def figures(city: Caseload) -> tuple[Estimate, ...]:
    return metrics.headline_figures(city, as_of=DEFAULT_AS_OF)


def test_every_indicator_is_a_public_function_of_metrics() -> None:
    for name, indicator in PROGRAMME_INDICATORS.items():
        assert indicator.name == name
        assert getattr(metrics, name) is indicator.function
        assert name in metrics.__all__
        assert indicator.summary
        assert indicator.kind in STATISTICS


def test_quarterly_and_dated_follow_the_signatures() -> None:
    for indicator in PROGRAMME_INDICATORS.values():
        parameters = inspect.signature(indicator.function).parameters
        assert indicator.quarterly is ("quarter" in parameters)
        assert indicator.dated is ("as_of" in parameters)
    assert PROGRAMME_INDICATORS["employment_rate_after_exit"].quarterly
    assert not PROGRAMME_INDICATORS["weighted_satisfaction"].dated


def test_each_kind_matches_what_the_function_computes(figures: tuple[Estimate, ...]) -> None:
    by_name = {figure.name: figure for figure in figures}
    for indicator in PROGRAMME_INDICATORS.values():
        for figure in indicator.figures:
            assert by_name[figure.name].statistic == STATISTICS[indicator.kind]
        assert indicator.is_rate is (indicator.kind == "rate")


def test_headline_figures_are_the_registered_figures_in_order(
    figures: tuple[Estimate, ...],
) -> None:
    registered = [f for i in PROGRAMME_INDICATORS.values() for f in i.figures]
    assert [e.name for e in figures] == [f.name for f in registered]
    assert len({f.en for f in registered}) == len(registered)
    assert len({f.zh for f in registered}) == len(registered)


def test_a_figure_is_the_function_with_its_arguments(city: Caseload) -> None:
    day = date(2026, 6, 30)
    employment = PROGRAMME_INDICATORS["employment_rate_after_exit"]
    fourth = employment.figures[1]
    assert dict(fourth.arguments) == {"quarter": 4}
    computed = employment.compute(city, as_of=day, **fourth.arguments)
    assert computed == metrics.employment_rate_after_exit(city, quarter=4, as_of=day)
    assert computed.name == fourth.name
    satisfaction = PROGRAMME_INDICATORS["weighted_satisfaction"]
    assert satisfaction.compute(city, as_of=day, quarter=2) == metrics.weighted_satisfaction(city)


def test_the_command_line_breaks_down_the_six_indicators() -> None:
    grouped = [name for name, i in PROGRAMME_INDICATORS.items() if i.by_group]
    assert grouped == [
        "employment_rate_after_exit",
        "median_earnings_after_exit",
        "credential_attainment_rate",
        "retention_with_same_employer",
        "placement_rate",
        "time_to_placement",
    ]


def test_labels_in_both_languages() -> None:
    assert metrics.indicator_label("employment_rate_q4_after_exit") == (
        "Employment rate, 4th quarter after exit"
    )
    assert metrics.indicator_label("placement_rate", lang="zh") == "登记后 6 个月安置率"
    assert (
        metrics.indicator_label("employment_rate_after_exit", lang="zh") == "结业后第二季度就业率"
    )
    assert metrics.indicator_label("skill_gain_rate") == "skill_gain_rate"
    with pytest.raises(InvalidInputError, match="'lang' must be one of en, zh, got 'fr'"):
        metrics.indicator_label("placement_rate", lang="fr")


def test_the_report_takes_its_names_from_the_registry() -> None:
    registered = {f.name: (f.en, f.zh) for i in PROGRAMME_INDICATORS.values() for f in i.figures}
    assert registered == report.HEADLINE_NAMES


def test_an_unknown_indicator_is_named() -> None:
    assert metrics.programme_indicator("jobs_created").kind == "count"
    with pytest.raises(InvalidInputError, match="got 'jobs'") as caught:
        metrics.programme_indicator("jobs")
    assert caught.value.argument == "name"
    assert "placement_rate" in str(caught.value)


def test_the_registry_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        PROGRAMME_INDICATORS["x"] = PROGRAMME_INDICATORS["jobs_created"]  # type: ignore[index]


# --- the row form of an estimate ------------------------------------------------------------


def test_estimate_row(figures: tuple[Estimate, ...]) -> None:
    for estimate in figures:
        row = estimate_row(estimate)
        assert list(row) == [
            "name",
            "value",
            "unit",
            "low",
            "high",
            "numerator",
            "denominator",
            "suppressed",
            "reason",
            "cohort",
            "window",
            "notes",
        ]
        assert row["value"] == estimate.value
        assert row["numerator"] == estimate.numerator
        assert row["low"] == (None if estimate.interval is None else estimate.interval.low)
        assert row["notes"] == list(estimate.notes)
        floats = estimate_row(estimate, floats=True)
        assert floats["value"] is None or type(floats["value"]) is float
        assert floats["numerator"] is None or type(floats["numerator"]) is float


def test_breakdown_and_league_rows_are_the_estimate_rows(city: Caseload) -> None:
    table = metrics.breakdown(
        metrics.placement_rate, city, by="region", min_cell=1, as_of=DEFAULT_AS_OF
    )
    for row in (*table.rows, table.total):
        published = row.to_dict()
        form = estimate_row(row.estimate)
        assert {k: published[k] for k in ("value", "low", "high", "numerator")} == {
            k: form[k] for k in ("value", "low", "high", "numerator")
        }
    league = metrics.league_table(
        metrics.placement_rate, city, by="region", replicates=10, as_of=DEFAULT_AS_OF
    )
    for league_row, published in zip(league.rows, league.to_rows(), strict=True):
        form = estimate_row(league_row.estimate, floats=True)
        assert published["value"] == league_row.value == form["value"]
        assert published["numerator"] == league_row.numerator
        assert (published["low"], published["high"]) == (form["low"], form["high"])
