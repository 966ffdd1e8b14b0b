"""Two units of an indicator table compared with Newcombe's interval (issue 25, the
notebook afternoon): ``IndicatorTable.compare``."""

from __future__ import annotations

import attrs
import pytest

from veteran_services import Caseload, metrics
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import indicator_table
from veteran_services.stats import newcombe_difference
from veteran_services.synthetic import DEFAULT_AS_OF, sample_city

FIGURES = ["placement_rate", "median_earnings_q2_after_exit"]


@pytest.fixture(scope="module")
def city() -> Caseload:
    return sample_city()


@pytest.fixture(scope="module")
def table(city: Caseload) -> metrics.IndicatorTable:
    return indicator_table(city, indicators=FIGURES, as_of=DEFAULT_AS_OF)


def _counts(table: metrics.IndicatorTable, code: str) -> tuple[int, int]:
    cell = table.unit(code).cell("placement_rate")
    assert cell is not None
    assert cell.estimate.numerator is not None
    assert cell.estimate.denominator is not None
    return int(cell.estimate.numerator), cell.estimate.denominator


def test_the_difference_is_newcombes_of_the_two_cells(table: metrics.IndicatorTable) -> None:
    x1, n1 = _counts(table, "320115")
    x2, n2 = _counts(table, "320102")
    d = table.compare("placement_rate", "320115", "320102", confidence=0.9)
    assert d == newcombe_difference(x1, n1, x2, n2, confidence=0.9)
    assert d.first == pytest.approx(x1 / n1)
    assert d.second == pytest.approx(x2 / n2)
    back = table.compare("placement_rate", "320102", "320115", confidence=0.9)
    assert back.estimate == pytest.approx(-d.estimate)
    assert (back.low, back.high) == pytest.approx((-d.high, -d.low))


def test_the_interval_is_statsmodels_newcombe(table: metrics.IndicatorTable) -> None:
    proportion = pytest.importorskip("statsmodels.stats.proportion")
    x1, n1 = _counts(table, "320115")
    x2, n2 = _counts(table, "320117")
    low, high = proportion.confint_proportions_2indep(
        x1, n1, x2, n2, method="newcomb", compare="diff", alpha=0.05
    )
    d = table.compare("placement_rate", "320115", "320117")
    assert (d.low, d.high) == pytest.approx((low, high), abs=1e-12)
    assert d.differs == (not low <= 0 <= high)


@pytest.mark.parametrize(
    ("arguments", "argument", "words"),
    [
        (("employment_rate", "320115", "320102"), "indicator", "one of the table's figures"),
        (("median_earnings_q2_after_exit", "320115", "320102"), "indicator", "is a median"),
        (("placement_rate", "320115", "320115"), "second", "the same unit"),
        (("placement_rate", "Total", "320115"), "first", "the total"),
        (("placement_rate", "320115", "江宁区"), "second", "names are labels"),
        (("placement_rate", "320115", "999999"), "second", "the codes are 320102"),
    ],
)
def test_wrong_arguments_are_named(
    table: metrics.IndicatorTable, arguments: tuple[str, str, str], argument: str, words: str
) -> None:
    with pytest.raises(InvalidInputError, match=words) as caught:
        table.compare(*arguments)
    assert caught.value.argument == argument


def test_a_bad_confidence_is_refused(table: metrics.IndicatorTable) -> None:
    with pytest.raises(InvalidInputError) as caught:
        table.compare("placement_rate", "320115", "320102", confidence=1.5)
    assert caught.value.argument == "confidence"


def test_a_suppressed_cell_is_not_given_away(city: Caseload, table: metrics.IndicatorTable) -> None:
    sizes = sorted(_counts(table, row.unit)[1] for row in table.units)
    strict = indicator_table(city, indicators=["placement_rate"], min_cell=sizes[len(sizes) // 2])
    withheld = [row.unit for row in strict.units if row.cells["placement_rate"].suppression]
    published = [row.unit for row in strict.units if not row.cells["placement_rate"].suppression]
    assert withheld
    assert published
    with pytest.raises(InvalidInputError, match="withheld") as caught:
        strict.compare("placement_rate", published[0], withheld[0])
    assert caught.value.argument == "second"
    assert withheld[0] in str(caught.value)


def test_a_unit_without_the_cell_or_without_a_value(table: metrics.IndicatorTable) -> None:
    first, second = table.units[0], table.units[1]
    cell = first.cells["placement_rate"]
    empty = attrs.evolve(
        cell, estimate=attrs.evolve(cell.estimate, numerator=None, reason="no veterans")
    )
    rows = (attrs.evolve(first, cells={"placement_rate": empty}), second, *table.units[2:])
    no_value = attrs.evolve(table, units=rows)
    with pytest.raises(InvalidInputError, match=r"has no value \(no veterans\)") as caught:
        no_value.compare("placement_rate", first.unit, second.unit)
    assert caught.value.argument == "first"
    rows = (first, attrs.evolve(second, cells={}), *table.units[2:])
    no_cell = attrs.evolve(table, units=rows)
    with pytest.raises(InvalidInputError, match="no unit in this group") as caught:
        no_cell.compare("placement_rate", first.unit, second.unit)
    assert caught.value.argument == "second"
