"""League tables: funnel limits around the overall rate, flags only outside the limits, ranks
with ties on full-precision values and seeded rank intervals (METHODOLOGY §7)."""

from __future__ import annotations

import importlib.util
from datetime import date
from types import SimpleNamespace

import pytest

from veteran_services import Caseload, ExclusionReason
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import (
    employment_rate_after_exit,
    league_table,
    median_earnings_after_exit,
)
from veteran_services.stats import binomial_tails, funnel_limits

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
        employment_rate_after_exit, providers, exits_between=YEAR, replicates=300, seed=7, min_n=1
    )
    overall = 259 / 504
    assert table.overall.value == pytest.approx(overall)
    rows = {row.group: row for row in table.rows}
    assert [row.group for row in table.rows] == ["TP6", "TP4", "TP3", "TP1", "TP2", "TP5"]
    # ties on the full-precision value share the lowest rank
    assert (rows["TP1"].rank, rows["TP2"].rank) == (4.0, 4.0)
    assert rows["TP5"].rank == 6.0
    # limits are the funnel around the overall rate for each group's n
    assert rows["TP1"].limits == funnel_limits(overall, 100)  # exact, the default since 0.x
    assert table.parameters["method"] == "exact"
    # flags only outside the (99.8 %) limits
    assert rows["TP4"].flag == "above"
    assert rows["TP5"].flag == "below"
    assert rows["TP1"].flag == "within"
    assert rows["TP3"].flag == "within"
    # a small group with a perfect rate has a wide rank interval and is not flagged: the exact
    # limit with Spiegelhalter's interpolation (99.8 %: 0.996 for n = 4) is drawn just below its
    # 4/4, but P(4 of 4) = 7 %, so the flag follows the exact binomial test
    assert rows["TP6"].limits[1].high == pytest.approx(0.99641521512826, abs=1e-12)
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
        employment_rate_after_exit, providers, exits_between=YEAR, replicates=300, seed=7, min_n=1
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


def test_small_groups_are_listed_not_ranked(providers: Caseload) -> None:
    """Issue 13, item 7: by default (min_n=10) TP6 with its 4 exiters is listed with its rate,
    limits and flag, but not ranked, and says why; the others' ranks close up."""
    table = league_table(
        employment_rate_after_exit, providers, exits_between=YEAR, replicates=200, seed=3
    )
    assert table.parameters["min_n"] == 10
    last = table.rows[-1]
    assert last.group == "TP6"
    assert (last.rank, last.rank_interval, last.ranked) == (None, None, False)
    assert last.reason == "fewer than 10 units (n = 4): listed, not ranked"
    assert (last.value, last.n) == (1.0, 4)
    # the funnel is unchanged: the same limits and flags as when every group is ranked
    every = league_table(
        employment_rate_after_exit, providers, exits_between=YEAR, replicates=0, min_n=1
    )
    assert {(r.group, r.limits, r.flags, r.flag) for r in table.rows} == {
        (r.group, r.limits, r.flags, r.flag) for r in every.rows
    }
    assert last.flag == "within"  # 4/4: P = 7 % (see test_league_table)
    normal = league_table(
        employment_rate_after_exit, providers, exits_between=YEAR, replicates=0, method="normal"
    )
    assert normal.rows[-1].flag == "within"  # the limits before 0.x, kept as an option
    assert normal.rows[-1].limits == funnel_limits(259 / 504, 4, method="normal")
    ranks = {r.group: r.rank for r in table.rows}
    assert ranks == {"TP4": 1.0, "TP3": 2.0, "TP1": 3.0, "TP2": 3.0, "TP5": 5.0, "TP6": None}
    for row in table.rows[:-1]:
        assert row.reason is None
        assert row.rank_interval is not None
        assert 1.0 <= row.rank_interval[0] <= row.rank_interval[1] <= 5.0
    assert {r.group for r in table.rows} == {"TP1", "TP2", "TP3", "TP4", "TP5", "TP6"}
    records = table.to_rows()
    assert records[0]["group"] == "TP4"
    assert records[-1]["reason"] == last.reason
    assert records[-1]["rank"] is None
    assert len({tuple(r) for r in records}) == 1  # every row has the same keys, in order
    # the overdispersion τ² does not depend on min_n either
    wide = league_table(
        employment_rate_after_exit, providers, exits_between=YEAR, replicates=0,
        overdispersion=True,
    )  # fmt: skip
    wide_all = league_table(
        employment_rate_after_exit, providers, exits_between=YEAR, replicates=0,
        overdispersion=True, min_n=1,
    )  # fmt: skip
    assert wide.tau2 == wide_all.tau2
    assert [r.flag for r in wide.rows if r.group == "TP6"] == [
        r.flag for r in wide_all.rows if r.group == "TP6"
    ]
    if importlib.util.find_spec("pandas") is not None:
        assert len(table.to_frame()) == 6


def test_every_group_too_small(providers: Caseload) -> None:
    table = league_table(
        employment_rate_after_exit, providers, exits_between=YEAR, min_n=1000, replicates=50
    )
    assert [r.rank for r in table.rows] == [None] * 6
    assert all("fewer than 1000 units" in (r.reason or "") for r in table.rows)
    assert all(r.flag is not None for r in table.rows)
    assert [r.group for r in table.rows] == ["TP1", "TP2", "TP3", "TP4", "TP5", "TP6"]


@pytest.mark.parametrize("bad", [0, -1, 2.5, "10", True, None])
def test_min_n_must_be_a_whole_number_of_at_least_one(providers: Caseload, bad: object) -> None:
    with pytest.raises(InvalidInputError, match="'min_n' must be a whole number"):
        league_table(employment_rate_after_exit, providers, exits_between=YEAR, min_n=bad)  # type: ignore[arg-type]


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


def test_groups_without_a_rate_say_why(b: SimpleNamespace, providers: Caseload) -> None:
    """An overall rate of None (everyone excluded) lists each group with the reason."""
    excluded = providers.replace(
        veterans=[
            b.veteran(v.id, exclusions=[(ExclusionReason.DECEASED, date(2017, 7, 1))])
            for v in providers.veterans
        ]
    )
    table = league_table(employment_rate_after_exit, excluded, exits_between=YEAR, replicates=0)
    assert table.overall.value is None
    assert len(table.rows) == 6
    for row in table.rows:
        assert (row.rank, row.flag, row.limits) == (None, None, ())
        assert (row.reason or "").startswith("not compared: ")


def test_exact_flags_are_the_exact_binomial_tests(providers: Caseload) -> None:
    """The exact method flags a group when its one-sided binomial tail is at most the tail
    share, checked against scipy; it agrees with the drawn limits except at the upper
    quantile itself."""
    stats = pytest.importorskip("scipy.stats")
    table = league_table(
        employment_rate_after_exit, providers, exits_between=YEAR, replicates=0, min_n=1
    )
    p = float(table.overall.value or 0.0)
    for row in table.rows:
        k, n = int(row.numerator or 0), row.n
        for limit, flag in zip(row.limits, row.flags, strict=True):
            share = (1.0 - limit.level) / 2.0
            above = stats.binom.sf(k - 1, n, p) <= share
            below = stats.binom.cdf(k, n, p) <= share
            assert flag == ("above" if above else "below" if below else "within")


def test_binomial_tails_match_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    for n, p in ((1, 0.3), (7, 0.75), (20, 0.6635), (250, 0.514), (1000, 0.02)):
        for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
            low, high = binomial_tails(k, n, p)
            assert low == pytest.approx(stats.binom.cdf(k, n, p), rel=1e-9, abs=1e-300)
            assert high == pytest.approx(stats.binom.sf(k - 1, n, p), rel=1e-9, abs=1e-300)
