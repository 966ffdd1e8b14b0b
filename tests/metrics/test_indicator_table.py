"""One wide table of indicators by unit, names beside codes, the total apart (issue 25,
item 1)."""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest

from veteran_services import Caseload, metrics
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import GROUPINGS, indicator_table
from veteran_services.synthetic import DEFAULT_AS_OF, sample_city

THREE = [
    "employment_rate_q2_after_exit",
    "median_earnings_q2_after_exit",
    "placement_rate",
]


@pytest.fixture(scope="module")
def city() -> Caseload:
    return sample_city()


@pytest.fixture(scope="module")
def table(city: Caseload) -> metrics.IndicatorTable:
    return indicator_table(city, indicators=THREE, as_of=DEFAULT_AS_OF, lang="zh")


def _figure(city: Caseload, name: str, min_cell: int = 10) -> metrics.Table:
    """The breakdown of the headline figure *name* by the veteran's district."""
    figure = next(
        f for i in metrics.PROGRAMME_INDICATORS.values() for f in i.figures if f.name == name
    )
    owner = next(i for i in metrics.PROGRAMME_INDICATORS.values() if figure in i.figures)

    def metric(caseload: Caseload) -> metrics.Estimate:
        return owner.compute(caseload, as_of=DEFAULT_AS_OF, **figure.arguments)

    return metrics.breakdown(metric, city, by="veteran_region", min_cell=min_cell)


def test_each_column_is_the_breakdown_of_its_indicator(
    city: Caseload, table: metrics.IndicatorTable
) -> None:
    assert table.indicators == tuple(THREE)
    for name in THREE:
        alone = _figure(city, name)
        assert table.tables[name].to_rows() == alone.to_rows()
        for row in alone.rows:
            cell = table.unit(row.group).cell(name)
            assert cell is not None
            assert cell.to_dict() == row.to_dict()
        assert table.total.cells[name].to_dict() == alone.total.to_dict()


def test_the_total_is_apart_and_marked(table: metrics.IndicatorTable) -> None:
    assert table.total.is_total
    assert table.total.unit == "Total"
    assert table.total.name == "合计"
    assert all(not row.is_total for row in table.units)
    assert "Total" not in [row.unit for row in table.units]
    assert table.unit("Total") is table.total
    frame = table.to_frame()
    assert "is_total" not in frame.columns
    assert len(frame) == len(table.units)
    with_total = table.to_frame(total=True)
    assert with_total["is_total"].tolist() == [False] * len(table.units) + [True]


def test_units_carry_their_names_in_the_language_asked(
    city: Caseload, table: metrics.IndicatorTable
) -> None:
    assert table.unit("320115").name == "江宁区"
    english = indicator_table(city, indicators=["placement_rate"], as_of=DEFAULT_AS_OF)
    assert english.unit("320115").name == "Jiangning District"
    assert english.total.name == "Total"
    assert english.labels["placement_rate"] == metrics.indicator_label("placement_rate")
    assert table.labels["placement_rate"] == metrics.indicator_label("placement_rate", "zh")
    by_sex = indicator_table(city, indicators=["placement_rate"], by="sex", lang="zh")
    assert {row.unit: row.name for row in by_sex.units} == {"female": "女", "male": "男"}
    by_provider = indicator_table(city, indicators=["placement_rate"], by="provider")
    for row in by_provider.units:
        if row.unit != "unknown":
            assert row.name == city.provider(row.unit).name


def test_the_frame_has_floats_and_the_objects_exact_amounts(
    table: metrics.IndicatorTable,
) -> None:
    frame = table.to_frame()
    assert list(frame.columns[:2]) == ["unit", "name"]
    for name in THREE:
        for column in ("value", "low", "high"):
            assert frame[f"{name}.{column}"].dtype == "float64"
    cell = table.unit("320115").cell("median_earnings_q2_after_exit")
    assert cell is not None
    assert isinstance(cell.estimate.value, Decimal)
    shown = frame.set_index("unit").loc["320115", "median_earnings_q2_after_exit.value"]
    assert shown == float(cell.estimate.value)
    assert frame.attrs["grouping"] == GROUPINGS["veteran_region"]
    assert frame.attrs["as_of"] == DEFAULT_AS_OF.isoformat()


def test_suppression_is_the_breakdowns(city: Caseload) -> None:
    wide = indicator_table(city, indicators=THREE, as_of=DEFAULT_AS_OF, min_cell=100)
    frame = wide.to_frame().set_index("unit")
    for name in THREE:
        alone = _figure(city, name, min_cell=100)
        hidden = {row.group: row.suppression for row in alone.rows if row.suppression}
        assert hidden  # some districts have fewer than 100 units for every figure
        for group, kind in hidden.items():
            assert frame.loc[group, f"{name}.suppression"] == kind
            assert math.isnan(frame.loc[group, f"{name}.value"])


def test_plain_data_and_json_state_the_grouping(table: metrics.IndicatorTable) -> None:
    data = table.to_dict()
    assert data["by"] == "veteran_region"
    assert data["grouping"] == GROUPINGS["veteran_region"]
    assert [i["name"] for i in data["indicators"]] == THREE
    assert data["total"]["unit"] == "Total"
    assert [u["unit"] for u in data["units"]] == [row.unit for row in table.units]
    cell = data["units"][0]["cells"]["median_earnings_q2_after_exit"]
    assert isinstance(cell["value"], Decimal)
    decoded = json.loads(table.to_json())
    assert decoded["as_of"] == DEFAULT_AS_OF.isoformat()
    assert decoded["units"][0]["cells"]["median_earnings_q2_after_exit"]["value"] == float(
        cell["value"]
    )


def test_by_employer_region_for_placement_figures(city: Caseload) -> None:
    wide = indicator_table(city, indicators=["time_to_placement"], by="employer_region")
    assert wide.grouping == GROUPINGS["employer_region"]
    alone = metrics.breakdown(
        lambda c: metrics.time_to_placement(c, as_of=wide.as_of), city, by="employer_region"
    )
    assert [row.unit for row in wide.units] == [row.group for row in alone.rows]


def test_default_indicators_and_callables(city: Caseload) -> None:
    wide = indicator_table(city, as_of=DEFAULT_AS_OF)
    assert wide.indicators == metrics.DEFAULT_INDICATORS
    own = indicator_table(
        city, indicators=[lambda c: metrics.placement_rate(c, as_of=DEFAULT_AS_OF)]
    )
    assert own.indicators == ("placement_rate",)


@pytest.mark.parametrize(
    ("arguments", "argument", "words"),
    [
        ({"indicators": ["no_such_figure"]}, "indicators", "no_such_figure"),
        ({"indicators": "placement_rate"}, "indicators", "non-empty list"),
        ({"indicators": []}, "indicators", "non-empty list"),
        ({"indicators": ["placement_rate", "placement_rate"]}, "indicators", "twice"),
        ({"indicators": [lambda c: 1]}, "indicators", "returned a int"),
        ({"by": "district"}, "by", "veteran_region"),
        ({"lang": "fr"}, "lang", "fr"),
        ({"min_cell": 0}, "min_cell", "min_cell"),
        ({"indicators": ["placement_rate"], "by": "employer_region"}, "by", "placement"),
    ],
)
def test_bad_arguments_are_named(
    city: Caseload, arguments: dict[str, object], argument: str, words: str
) -> None:
    with pytest.raises(InvalidInputError, match=words) as caught:
        indicator_table(city, **arguments)  # type: ignore[arg-type]
    assert caught.value.argument == argument


def test_a_unit_looked_up_by_its_name_lists_the_codes(table: metrics.IndicatorTable) -> None:
    with pytest.raises(KeyError, match="320115") as caught:
        table.unit("江宁区")
    assert "names are labels, not keys: '江宁区' is the name of '320115'" in str(caught.value)
    assert isinstance(caught.value, InvalidInputError)
    assert caught.value.argument == "code"
