"""summarise_scores gives scoring.summarise's figures from a table of scores (issue 21, item 1):
one rule (scoring.group_summary) makes both."""

from __future__ import annotations

import math
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")

from veteran_services import Caseload  # noqa: E402
from veteran_services.columnar import score_table, summarise_scores, to_arrow  # noqa: E402
from veteran_services.errors import InvalidInputError  # noqa: E402
from veteran_services.scoring import (  # noqa: E402
    SCORE_DIGITS,
    GroupSummary,
    LabourMarket,
    score_caseload,
    summarise,
)
from veteran_services.synthetic import DEFAULT_AS_OF, NO_BLANKS, generate  # noqa: E402

MARKET = LabourMarket.nanjing()


def _table(caseload: Caseload) -> Any:
    t = to_arrow(caseload)
    return score_table(
        t["placements"],
        employers=t["employers"],
        programmes=t["programmes"],
        enrolments=t["enrolments"],
        responses=t["responses"],
        instruments=t["instruments"],
        market=MARKET,
        as_of=DEFAULT_AS_OF,
    )


def _same(a: GroupSummary, b: GroupSummary) -> None:
    """Equal field for field; the means and intervals to 1e-9 (the columnar scores agree with
    the object path's to about 1e-12)."""
    da, db = a.to_dict(), b.to_dict()
    for name in ("mean", "median", "completeness", "share_below"):
        x, y = da.pop(name), db.pop(name)
        assert (x is None) == (y is None), name
        if x is not None:
            assert math.isclose(x, y, abs_tol=1e-9), (name, x, y)
    ia, ib = da.pop("mean_interval"), db.pop("mean_interval")
    assert (ia is None) == (ib is None)
    if ia is not None:
        assert all(math.isclose(x, y, abs_tol=1e-9) for x, y in zip(ia, ib, strict=True))
    assert da == db


@pytest.fixture(scope="module", params=["blanks", "recorded"])
def scored(request: pytest.FixtureRequest) -> tuple[Caseload, Any, Any]:
    blanks = {} if request.param == "blanks" else {"blanks": NO_BLANKS}
    city = generate(veterans=600, seed=7, **blanks)
    return city, score_caseload(city, market=MARKET, as_of=DEFAULT_AS_OF), _table(city)


@pytest.mark.parametrize("by", [None, "region", "employer_region", "veteran_region"])
def test_the_same_summaries_as_the_object_path(scored: Any, by: str | None) -> None:
    city, objects, table = scored
    expected = summarise(objects, by=by, caseload=city)
    got = summarise_scores(table, by=by, veterans=to_arrow(city)["veterans"])
    assert [s.group for s in got] == [s.group for s in expected]
    for a, b in zip(got, expected, strict=True):
        _same(a, b)


def test_unscored_placements_are_counted_by_reason(scored: Any) -> None:
    city, objects, table = scored
    late = summarise_scores(table, threshold=50.0)[0]
    assert late.count == len(city.placements)
    assert late.count - late.scored == sum(late.unscored.values())
    assert late.unscored == summarise(objects, threshold=50.0)[0].unscored


def test_a_bad_grouping_names_the_columns(scored: Any) -> None:
    _city, _objects, table = scored
    with pytest.raises(InvalidInputError, match=r"'by' must be .*employer_id"):
        summarise_scores(table, by="district")
    with pytest.raises(InvalidInputError, match="pass veterans="):
        summarise_scores(table, by="veteran_region")
    with pytest.raises(InvalidInputError, match="'threshold'"):
        summarise_scores(table, threshold=101.0)


def test_no_scores_no_groups(scored: Any) -> None:
    _city, _objects, table = scored
    assert summarise_scores(table.slice(0, 0)) == ()
    assert summarise(()) == ()


def test_scores_are_rounded_alike_so_thresholds_agree(scored: Any) -> None:
    """A score that is mathematically a round number is that number on both paths (rounded to
    SCORE_DIGITS), so every threshold counts the same placements below it: before the rounding
    a 20,000-veteran city had four placements at exactly 60 that the columnar path put at
    59.999999999999986."""
    city, objects, table = scored
    by_id = {s.placement_id: s.value for s in objects}
    rows = list(zip(table["placement_id"].to_pylist(), table["value"].to_pylist(), strict=True))
    for _id, value in rows:
        assert value is None or value == round(value, SCORE_DIGITS)
    assert all(v is None or v == round(v, SCORE_DIGITS) for v in by_id.values())
    for threshold in range(0, 101, 5):
        ours = summarise_scores(table, threshold=float(threshold))[0]
        theirs = summarise(objects, threshold=float(threshold))[0]
        assert ours.share_below == theirs.share_below, threshold
    del city
