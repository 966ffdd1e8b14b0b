"""The columnar breakdowns and league table give the object path's tables (issue 21 item 1):
every grouping, on the sample city (with office blanks and fully recorded) and on generated
caseloads, cell for cell: values, intervals, excluded units, suppression, names, the total;
funnel limits, flags, ranks and rank intervals with the same seed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, reject, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

from veteran_services import columnar, metrics
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import GroupBy, IndicatorTable, LeagueTable
from veteran_services.model import Caseload
from veteran_services.strategies import caseloads
from veteran_services.synthetic import NO_BLANKS, SAMPLE_SEED, generate

from .conftest import with_exclusions

#: Every grouping but the employer's district, which these rates refuse (no unit of theirs
#: is about a placement).
GROUPINGS: tuple[GroupBy, ...] = (
    "region",
    "veteran_region",
    "provider",
    "programme_kind",
    "sex",
    "age_band",
    "resettlement",
)

#: The figures of the columnar rates (an indicator's name and headline figures' names).
FIGURES = [
    "employment_rate_q2_after_exit",
    "employment_rate_q4_after_exit",
    "retention_with_same_employer",
    "placement_rate",
    "credential_attainment_rate",
    "median_earnings_q2_after_exit",
]


@pytest.fixture(scope="module")
def full_city() -> Caseload:
    """The sample city without office blanks (every fact recorded)."""
    return with_exclusions(generate(veterans=2000, seed=SAMPLE_SEED, blanks=NO_BLANKS))


def same_wide(expected: IndicatorTable, got: IndicatorTable) -> None:
    """The two tables agree field for field, cells and breakdowns included (which the
    tables' own equality leaves out)."""
    assert got == expected
    assert dict(got.labels) == dict(expected.labels)
    assert dict(got.tables) == dict(expected.tables)
    for ours, theirs in zip(
        (*got.units, got.total), (*expected.units, expected.total), strict=True
    ):
        assert dict(ours.cells) == dict(theirs.cells), ours.unit
    assert got.to_rows(total=True) == expected.to_rows(total=True)


def same_league(expected: LeagueTable, got: LeagueTable) -> None:
    assert got.rows == expected.rows
    assert [row.estimate for row in got.rows] == [row.estimate for row in expected.rows]
    assert got == expected
    assert got.to_rows() == expected.to_rows()


def _wide(caseload: Caseload, **arguments: Any) -> tuple[IndicatorTable, IndicatorTable]:
    return (
        metrics.indicator_table(caseload, **arguments),
        columnar.indicator_table(columnar.to_arrow(caseload), **arguments),
    )


@pytest.mark.parametrize("by", GROUPINGS)
@pytest.mark.parametrize("blanks", ["office", "none"])
def test_every_grouping_gives_the_object_paths_table(
    city: Caseload, full_city: Caseload, by: GroupBy, blanks: str
) -> None:
    caseload = city if blanks == "office" else full_city
    expected, got = _wide(caseload, indicators=FIGURES, by=by)
    same_wide(expected, got)
    assert len(expected.units) >= 2
    rows = [row for table in expected.tables.values() for row in table.rows]
    assert any(row.estimate.excluded for row in rows)  # excluded units per group agree too


@pytest.mark.parametrize(
    "arguments",
    [
        {"as_of": date(2025, 6, 30), "min_cell": 30, "lang": "zh"},
        {
            "indicators": ["employment_rate_after_exit", "median_earnings_after_exit"],
            "quarter": 3,
            "min_cell": 1,
        },
        {"indicators": ["placement_rate", "credential_attainment_rate"], "min_cell": 200},
    ],
    ids=["zh-30", "quarter-3", "min-cell-200"],
)
def test_settings_give_the_object_paths_table(city: Caseload, arguments: dict[str, Any]) -> None:
    arguments.setdefault("indicators", FIGURES)
    expected, got = _wide(city, by="provider", **arguments)
    same_wide(expected, got)
    kinds = {row.suppression for table in expected.tables.values() for row in table.rows}
    if arguments["min_cell"] >= 30:
        assert "primary" in kinds  # suppression is compared


def test_the_default_indicators_are_the_rates_the_columnar_engine_knows(city: Caseload) -> None:
    got = columnar.indicator_table(columnar.to_arrow(city), by="veteran_region")
    assert got.indicators == (
        "employment_rate_q2_after_exit",
        "employment_rate_q4_after_exit",
        "median_earnings_q2_after_exit",
        "credential_attainment_rate",
        "retention_with_same_employer",
        "placement_rate",
    )
    expected = metrics.indicator_table(city, indicators=list(got.indicators), by="veteran_region")
    same_wide(expected, got)


@pytest.mark.parametrize("by", GROUPINGS)
def test_every_grouping_gives_the_object_paths_league_table(city: Caseload, by: GroupBy) -> None:
    day = metrics.data_cutoff(city)
    for name in ("employment_rate_after_exit", "placement_rate"):
        indicator = metrics.programme_indicator(name)
        expected = metrics.league_table(
            lambda c, i=indicator: i.compute(c, as_of=day), city, by=by, replicates=50, seed=3
        )
        got = columnar.league_table(
            columnar.to_arrow(city), name, by=by, as_of=day, replicates=50, seed=3
        )
        same_league(expected, got)


@pytest.mark.parametrize(
    "settings",
    [
        {"overdispersion": True, "method": "arcsine", "min_n": 30},
        {"overdispersion": True, "method": "normal", "dispersion_rule": "count"},
        {"replicates": 0, "descending": False, "levels": (0.9, 0.99), "flag_level": 0.99},
    ],
    ids=["arcsine", "normal-count", "ascending"],
)
def test_league_settings_give_the_object_paths_table(
    full_city: Caseload, settings: dict[str, Any]
) -> None:
    day = metrics.data_cutoff(full_city)
    tables = columnar.to_arrow(full_city)
    for name in ("retention_with_same_employer", "credential_attainment_rate"):
        indicator = metrics.programme_indicator(name)
        expected = metrics.league_table(
            lambda c, i=indicator: i.compute(c, as_of=day), full_city, by="provider", **settings
        )
        got = columnar.league_table(tables, name, by="provider", as_of=day, **settings)
        same_league(expected, got)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    caseloads(max_veterans=6),
    st.sampled_from(GROUPINGS),
    st.none() | st.dates(date(2000, 1, 1), date(2035, 1, 1)),
    st.integers(1, 3),
)
def test_generated_caseloads_give_the_object_paths_tables(
    caseload: Caseload, by: GroupBy, as_of: date | None, min_cell: int
) -> None:
    """Spec: whatever the records, the columnar tables are the object path's (or both
    refuse the caseload alike, e.g. without dated events)."""
    try:
        tables = columnar.to_arrow(caseload)
    except InvalidInputError as error:  # an answer beyond 64 bits: no tables (scale guide)
        if "outside the 64-bit range" not in str(error):
            raise
        reject()
    arguments: dict[str, Any] = {"indicators": FIGURES, "by": by, "min_cell": min_cell}
    if as_of is not None:
        arguments["as_of"] = as_of
    try:
        expected = metrics.indicator_table(caseload, **arguments)
    except InvalidInputError as error:
        refused = str(error)
        with pytest.raises(InvalidInputError) as raised:
            columnar.indicator_table(tables, **arguments)
        assert str(raised.value) == refused
        event("refused alike")
        return
    event(f"compared, units: {min(len(expected.units), 3)}")
    same_wide(expected, columnar.indicator_table(tables, **arguments))
    for name in ("employment_rate_after_exit", "placement_rate"):
        indicator = metrics.programme_indicator(name)
        league = metrics.league_table(
            lambda c, i=indicator: i.compute(c, as_of=as_of),
            caseload,
            by=by,
            min_n=min_cell,
            replicates=20,
        )
        got = columnar.league_table(tables, name, by=by, as_of=as_of, min_n=min_cell, replicates=20)
        same_league(league, got)


def test_the_employers_district_is_refused_alike(city: Caseload) -> None:
    tables = columnar.to_arrow(city)
    with pytest.raises(InvalidInputError) as expected:
        metrics.indicator_table(city, indicators=["placement_rate"], by="employer_region")
    with pytest.raises(InvalidInputError) as got:
        columnar.indicator_table(tables, indicators=["placement_rate"], by="employer_region")
    assert str(got.value) == str(expected.value)
    with pytest.raises(InvalidInputError, match="employer_region"):
        columnar.league_table(tables, "employment_rate_after_exit", by="employer_region")


def test_bad_arguments_are_refused_clearly(city: Caseload) -> None:
    tables = columnar.to_arrow(city)
    with pytest.raises(InvalidInputError, match="no columnar breakdown yet"):
        columnar.indicator_table(tables, indicators=["time_to_placement"])
    with pytest.raises(InvalidInputError, match="must return a rate"):
        columnar.league_table(tables, "median_earnings_after_exit")
    with pytest.raises(InvalidInputError, match="names of figures or indicators"):
        columnar.indicator_table(tables, indicators=["nonsense"])
    with pytest.raises(InvalidInputError, match="twice"):
        columnar.indicator_table(tables, indicators=["placement_rate", "placement_rate"])
    with pytest.raises(InvalidInputError, match="'by' must be"):
        columnar.indicator_table(tables, by="district")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="flag_level"):
        columnar.league_table(tables, "placement_rate", flag_level=0.5)
    with pytest.raises(InvalidInputError, match="'by' must be"):
        columnar.league_table(tables, "placement_rate", by="nowhere")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="no columnar breakdown yet"):
        columnar.league_table(tables, "venture_survival_rate")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.none()
            | st.dates(date(1900, 1, 1), date(2030, 12, 31))
            | st.sampled_from([date(2000, 2, 29), date(1996, 2, 29), date(1999, 3, 1)]),
            st.dates(date(1900, 1, 1), date(2099, 12, 31))
            | st.sampled_from([date(2023, 2, 28), date(2024, 2, 28), date(2024, 2, 29)]),
        ),
        max_size=30,
    )
)
def test_ages_are_the_models(pairs: list[tuple[date | None, date]]) -> None:
    """Spec: the vectorised age is the model's (``Veteran.age``), 29 February births and
    days before the birth included."""
    from veteran_services.columnar._breakdowns import _age, _ages

    epoch = date(1970, 1, 1).toordinal()
    got = _ages([b for b, _ in pairs], [d.toordinal() - epoch for _, d in pairs])
    assert got == [_age(b, d) for b, d in pairs]
