"""League tables: funnel limits around the overall rate, flags only outside the limits, ranks
with ties on full-precision values and seeded rank intervals (METHODOLOGY §7)."""

from __future__ import annotations

import importlib.util
from datetime import date
from types import SimpleNamespace

import pytest

from veteran_services import Caseload
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import (
    employment_rate_after_exit,
    league_table,
    median_earnings_after_exit,
)
from veteran_services.stats import funnel_limits

YEAR = (date(2017, 1, 1), date(2017, 12, 31))


@pytest.fixture
def providers(b: SimpleNamespace) -> Caseload:
    """Five providers of 100 exiters each with 50, 50, 55, 80 and 20 employed, and a sixth of
    4 exiters, all employed (overall (255 + 4) / 504)."""
    plan = {"TP1": (100, 50), "TP2": (100, 50), "TP3": (100, 55), "TP4": (100, 80)}
    plan |= {"TP5": (100, 20), "TP6": (4, 4)}
    veterans, enrolments, earnings, programmes = [], [], [], []
    for provider_id, (count, employed) in plan.items():
        programmes.append(b.programme("PG" + provider_id, provider_id=provider_id))
        for i in range(count):
            vid = f"{provider_id}-{i:03d}"
            veterans.append(b.veteran(vid))
            enrolments.append(
                b.enrolment(
                    "E" + vid,
                    vid,
                    date(2017, 1, 2),
                    date(2017, 6, 1),
                    programme_id="PG" + provider_id,
                )
            )
            if i < employed:
                earnings.append(b.earnings(vid, "2017Q4", "5000"))
    return b.caseload(
        veterans=veterans,
        providers=[b.provider(p) for p in plan],
        programmes=programmes,
        enrolments=enrolments,
        earnings=earnings,
    )


def test_league_table(providers: Caseload) -> None:
    table = league_table(
        employment_rate_after_exit, providers, exits_between=YEAR, replicates=300, seed=7
    )
    overall = 259 / 504
    assert table.overall.value == pytest.approx(overall)
    rows = {row.group: row for row in table.rows}
    assert [row.group for row in table.rows] == ["TP6", "TP4", "TP3", "TP1", "TP2", "TP5"]
    # ties on the full-precision value share the lowest rank
    assert (rows["TP1"].rank, rows["TP2"].rank) == (4.0, 4.0)
    assert rows["TP5"].rank == 6.0
    # limits are the funnel around the overall rate for each group's n
    assert rows["TP1"].limits == funnel_limits(overall, 100)
    # flags only outside the (99.8 %) limits
    assert rows["TP4"].flag == "above"
    assert rows["TP5"].flag == "below"
    assert rows["TP1"].flag == "within"
    assert rows["TP3"].flag == "within"
    # a small group with a perfect rate is within its wide limits and has a wide rank interval
    assert rows["TP6"].flag == "within"
    assert rows["TP6"].rank == 1.0
    low, high = rows["TP6"].rank_interval or (0.0, 0.0)
    assert low == 1.0
    assert high >= 3.0
    for row in table.rows:
        assert row.rank_interval is not None
        assert row.rank_interval[0] <= row.rank_interval[1]
    # the bootstrap is seeded: the same seed gives the same intervals
    again = league_table(
        employment_rate_after_exit, providers, exits_between=YEAR, replicates=300, seed=7
    )
    assert [r.rank_interval for r in again.rows] == [r.rank_interval for r in table.rows]


def test_flags_at_95_percent_and_overdispersion(providers: Caseload) -> None:
    table = league_table(
        employment_rate_after_exit,
        providers,
        exits_between=YEAR,
        flag_level=0.95,
        replicates=0,
    )
    rows = {row.group: row for row in table.rows}
    assert rows["TP1"].flags == ("within", "within")
    assert rows["TP4"].rank_interval is None
    widened = league_table(
        employment_rate_after_exit,
        providers,
        exits_between=YEAR,
        overdispersion=True,
        replicates=0,
    )
    assert widened.tau2 > 0
    wide = {row.group: row for row in widened.rows}
    assert wide["TP4"].limits[1].high > rows["TP4"].limits[1].high
    assert wide["TP4"].flag == "within"  # no longer called better once over-dispersion counts


def test_small_groups_are_not_ranked(providers: Caseload) -> None:
    table = league_table(
        employment_rate_after_exit, providers, exits_between=YEAR, min_n=10, replicates=0
    )
    last = table.rows[-1]
    assert last.group == "TP6"
    assert (last.rank, last.flag, last.limits) == (None, None, ())
    assert {r.group for r in table.rows} == {"TP1", "TP2", "TP3", "TP4", "TP5", "TP6"}
    assert table.to_rows()[0]["group"] == "TP4"
    if importlib.util.find_spec("pandas") is not None:
        assert len(table.to_frame()) == 6


def test_league_table_needs_a_rate(providers: Caseload) -> None:
    with pytest.raises(InvalidInputError):
        league_table(median_earnings_after_exit, providers, exits_between=YEAR)
    with pytest.raises(InvalidInputError):
        league_table(employment_rate_after_exit, providers, flag_level=0.9)
    empty = league_table(
        employment_rate_after_exit, providers, exits_between=(date(2030, 1, 1), date(2030, 2, 1))
    )
    assert empty.rows == ()
    assert empty.overall.value is None
