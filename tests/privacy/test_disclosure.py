"""Disclosure control: primary and secondary suppression shared with the metrics breakdowns,
small totals withheld, optional rounding to a base."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veteran_services import Caseload, InvalidInputError, metrics, synthetic
from veteran_services.privacy import SuppressedTable, round_to_base, suppress

tables = st.dictionaries(st.text(min_size=1, max_size=4), st.integers(0, 60), max_size=8)


@given(tables, st.integers(1, 20), st.booleans())
def test_no_published_cell_is_small_and_none_can_be_recovered(
    table: dict[str, int], min_cell: int, zeros: bool
) -> None:
    result = suppress(table, min_cell=min_cell, suppress_zeros=zeros)
    for key, count in table.items():
        published = result.cells[key]
        if published is not None:
            assert published == count
            assert count >= min_cell or (count == 0 and not zeros)
        else:
            assert key in result.suppressed
    primary = {k for k, why in result.suppressed.items() if why == "primary"}
    assert primary == {k for k, n in table.items() if n < min_cell and (n > 0 or zeros)}
    if result.total is not None:
        assert result.total == sum(table.values())
        # With the total published, a single withheld cell would be total minus the rest.
        assert len(result.suppressed) != 1
    else:
        assert 0 < sum(table.values()) < min_cell or (zeros and sum(table.values()) < min_cell)


@given(tables, st.integers(1, 20), st.booleans())
def test_the_rule_is_the_metrics_rule(table: dict[str, int], min_cell: int, zeros: bool) -> None:
    result = suppress(table, min_cell=min_cell, suppress_zeros=zeros)
    assert dict(result.suppressed) == metrics.suppress_cells(
        table, min_cell=min_cell, suppress_zeros=zeros
    )


def test_secondary_suppression_takes_the_smallest_other_cell() -> None:
    result = suppress({"A": 4, "B": 25, "C": 12, "D": 40}, min_cell=10)
    assert result.suppressed == {"A": "primary", "C": "secondary"}
    assert result.published() == {"B": 25, "D": 40}
    assert result.total == 81


def test_two_primary_cells_need_no_secondary() -> None:
    result = suppress({"A": 4, "B": 3, "C": 12}, min_cell=10)
    assert result.suppressed == {"A": "primary", "B": "primary"}
    assert result.published() == {"C": 12}


def test_a_small_total_is_withheld() -> None:
    result = suppress({"A": 4, "B": 0}, min_cell=10)
    assert result.total is None
    assert result.cells == {"A": None, "B": 0}
    assert suppress({"A": 0}, min_cell=10).total == 0
    assert suppress({"A": 0}, min_cell=10, suppress_zeros=True).total is None


@given(tables, st.sampled_from([2, 3, 5, 10]))
def test_rounding_publishes_multiples_of_the_base_near_the_truth(
    table: dict[str, int], base: int
) -> None:
    result = suppress(table, min_cell=5, rounding_base=base)
    plain = suppress(table, min_cell=5)
    assert result.suppressed == plain.suppressed  # decided on the true counts
    for key, published in result.cells.items():
        if published is not None:
            assert published % base == 0
            assert abs(published - table[key]) <= base / 2
    if result.total is not None:
        assert result.total % base == 0
        assert abs(result.total - sum(table.values())) <= base / 2


@pytest.mark.parametrize(
    ("count", "base", "rounded"),
    [(0, 5, 0), (2, 5, 0), (3, 5, 5), (7, 5, 5), (8, 5, 10), (15, 10, 20), (14, 10, 10), (4, 3, 3)],
)
def test_round_to_base(count: int, base: int, rounded: int) -> None:
    assert round_to_base(count, base) == rounded


def test_cells_keep_their_order_and_keys_of_any_kind() -> None:
    result: SuppressedTable[Any] = suppress({("320115", "male"): 30, ("320115", "female"): 3,
                                             ("320102", "male"): 11})  # fmt: skip
    assert list(result.cells) == [("320115", "male"), ("320115", "female"), ("320102", "male")]
    assert result.suppressed == {("320115", "female"): "primary", ("320102", "male"): "secondary"}


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        ({"table": {"A": -1}}, "counts"),
        ({"table": {"A": 1.5}}, "counts"),
        ({"table": {"A": True}}, "counts"),
        ({"table": {"A": 1}, "min_cell": 0}, "min_cell"),
        ({"table": {"A": 1}, "rounding_base": 1}, "rounding_base"),
        ({"table": {"A": 1}, "rounding_base": 5.5}, "rounding_base"),
    ],
)
def test_bad_input_is_refused(arguments: dict[str, Any], argument: str) -> None:
    table = arguments.pop("table")
    with pytest.raises(InvalidInputError) as info:
        suppress(table, **arguments)
    assert info.value.argument == argument


@pytest.fixture(scope="module")
def city() -> Caseload:
    return synthetic.generate(veterans=300, seed=synthetic.SAMPLE_SEED)


@pytest.mark.parametrize("min_cell", [10, 20, 25])
def test_breakdowns_suppress_the_same_cells(city: Caseload, min_cell: int) -> None:
    """metrics.breakdown withholds exactly the rows suppress() withholds for its counts."""
    full = metrics.breakdown(metrics.placement_rate, city, by="region", min_cell=1)
    counts = {row.group: row.estimate.denominator or 0 for row in full.rows}
    table = metrics.breakdown(metrics.placement_rate, city, by="region", min_cell=min_cell)
    result = suppress(counts, min_cell=min_cell)
    withheld = {row.group: row.suppression for row in table.rows if row.suppression}
    assert withheld == dict(result.suppressed)
    assert {row.group for row in table.rows if row.suppression is None} == set(result.published())
