"""``scoring.check_market``: it (with ``Caseload.check``) predicts exactly the placements that
``score_caseload`` cannot score for want of data, and one bad placement costs only itself."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from veteran_services import (
    Caseload,
    ContractType,
    Employer,
    Money,
    Placement,
    ProblemCode,
    Severity,
)
from veteran_services.scoring import (
    REASONS,
    LabourMarket,
    MarketProblemCode,
    QualityScore,
    check_market,
    score_caseload,
)
from veteran_services.strategies import caseloads
from veteran_services.synthetic import DEFAULT_AS_OF, generate

NANJING = LabourMarket.nanjing()
FIRST_DAY = min(row.valid_from for row in NANJING.minimum_wages)  # 2014-11-01
AS_OF = date(2041, 1, 1)  # after every date the strategies draw
SHANGHAI = "310101"  # Huangpu District: not in the Nanjing tables

#: Labour-market tables with gaps of every kind: no hourly minimums in Nanjing's class I
#: districts (part-time work there cannot be held to one), no working-time rule before 2016,
#: and minimum wages for Lishui and Gaochun only (the other districts are outside them).
NO_HOURLY = NANJING.replace(
    minimum_wages=tuple(
        attrs.evolve(row, hourly=None) if row.region == "320100" else row
        for row in NANJING.minimum_wages
    ),
    name="no hourly minimum in class I",
)
LATE_WORKING_TIME = NANJING.replace(
    working_time_rules=tuple(
        attrs.evolve(row, valid_from=date(2016, 1, 1)) for row in NANJING.working_time_rules[-1:]
    ),
    name="working time from 2016",
)
OUTER_DISTRICTS = NANJING.replace(
    minimum_wages=tuple(r for r in NANJING.minimum_wages if r.region != "320100"),
    name="Lishui and Gaochun only",
)
MARKETS = (NANJING, NO_HOURLY, LATE_WORKING_TIME, OUTER_DISTRICTS)


@st.composite
def broken_caseloads(draw: st.DrawFn) -> Caseload:
    """Generated caseloads, with some placements moved before the tables start, some made
    part-time work with a wage and hours, some employers moved to Shanghai and some dropped."""
    caseload = draw(caseloads(max_veterans=4))
    placements = []
    for placement in caseload.placements:
        change = draw(st.sampled_from(("keep", "early", "part-time", "part-time")))
        if change == "early":
            start = draw(st.dates(min_value=date(1990, 1, 1), max_value=FIRST_DAY))
            placement = attrs.evolve(placement, started_on=min(start, placement.started_on))
        elif change == "part-time":  # mostly after the tables start, with a wage and hours
            start = max(placement.started_on, draw(st.sampled_from((FIRST_DAY, date(2020, 1, 1)))))
            end = placement.ended_on
            placement = attrs.evolve(
                placement,
                started_on=start,
                ended_on=None if end is None else max(end, start),
                contract=ContractType.PART_TIME,
                contract_months=None,
                weekly_hours=draw(st.sampled_from((Decimal(20), Decimal(20), None, Decimal(0)))),
                monthly_wage=draw(
                    st.sampled_from(
                        (Money.of("1500"), Money.of("1500"), None, Money.of("900", "USD"))
                    )
                ),
            )
        placements.append(placement)
    employers = []
    for employer in caseload.employers:
        change = draw(st.sampled_from(("keep", "keep", "keep", "shanghai", "drop")))
        if change == "shanghai":
            employers.append(attrs.evolve(employer, region=SHANGHAI))
        elif change == "keep":
            employers.append(employer)
    return attrs.evolve(caseload, placements=placements, employers=employers)


def _unscored(scores: tuple[QualityScore, ...], code: str) -> Counter[str]:
    return Counter(s.placement_id for s in scores if s.reason_code == code)


def _missing_employers(caseload: Caseload) -> Counter[str]:
    return Counter(
        p.record_id
        for p in caseload.check()
        if p.code is ProblemCode.DANGLING_REFERENCE
        and p.kind == "placements"
        and p.message.startswith("'employer_id'")
    )


@pytest.mark.parametrize("market", MARKETS, ids=lambda m: m.name)
@given(caseload=broken_caseloads())
def test_check_predicts_exactly_what_scoring_cannot_score(
    caseload: Caseload, market: LabourMarket
) -> None:
    problems = check_market(caseload, market)
    scores = score_caseload(caseload, market=market, as_of=AS_OF)
    flagged = Counter({p.record_id for p in problems})
    assert flagged == _unscored(scores, "no_market_data")
    assert _missing_employers(caseload) == _unscored(scores, "unknown_employer")
    assert all(p.severity is Severity.ERROR and p.kind == "placements" for p in problems)
    assert all(isinstance(p.code, MarketProblemCode) for p in problems)
    # a placement either flagged here or by check() gets every other reason from scoring alone
    for score in scores:
        if score.placement_id not in flagged and score.reason_code is not None:
            assert score.reason_code in {"low_coverage", "after_scoring_date", "unknown_employer"}


@given(caseloads(max_veterans=4))
def test_consistent_caseloads_in_nanjing_after_the_tables_start_pass(caseload: Caseload) -> None:
    late = attrs.evolve(
        caseload,
        placements=[
            attrs.evolve(p, started_on=max(p.started_on, FIRST_DAY), ended_on=None, end_reason=None)
            for p in caseload.placements
        ],
    )
    assert check_market(late, NANJING) == []
    scores = score_caseload(late, market=NANJING, as_of=AS_OF)
    assert not {s.reason_code for s in scores} & {"no_market_data", "unknown_employer"}


@given(broken_caseloads())
def test_problems_do_not_depend_on_record_order(caseload: Caseload) -> None:
    shuffled = attrs.evolve(
        caseload,
        placements=caseload.placements[::-1],
        employers=caseload.employers[::-1],
    )
    for market in MARKETS:
        assert check_market(shuffled, market) == check_market(caseload, market)


# --- each code, by hand -----------------------------------------------------------------------


def _one_job(region: str = "320115", **changes: Any) -> Caseload:
    job = Placement(
        id="P1",
        veteran_id="V1",
        employer_id="E1",
        occupation="5414",
        started_on=date(2020, 3, 1),
        contract=ContractType.PART_TIME,
        weekly_hours=Decimal(20),
        monthly_wage=Money.of("1500"),
    )
    return Caseload(
        employers=[Employer(id="E1", name="Guards Ltd", region=region)],
        placements=[attrs.evolve(job, **changes)],
    )


def test_each_code_with_its_message() -> None:
    [early] = check_market(_one_job(started_on=date(2012, 3, 1)), NANJING)
    assert early.code is MarketProblemCode.OUTSIDE_MARKET_DATES
    assert early.record_id == "P1"
    assert early.message.startswith("'started_on' 2012-03-01 is before the labour-market tables")
    assert "starts on 2014-11-01" in early.message
    assert str(early).startswith("error outside-market-dates placements 'P1': ")
    [away] = check_market(_one_job(region=SHANGHAI), NANJING)
    assert away.code is MarketProblemCode.OUTSIDE_MARKET_REGIONS
    assert away.message.startswith("'employer_id' 'E1' is in region '310101', outside")
    [hourly] = check_market(_one_job(), NO_HOURLY)
    assert hourly.code is MarketProblemCode.NO_HOURLY_MINIMUM
    assert "no hourly minimum" in hourly.message
    assert check_market(_one_job(), NANJING) == []
    assert check_market(_one_job(weekly_hours=None), NO_HOURLY) == []  # not held to it
    # outside the regions of one table and before another's start: both are said
    market = OUTER_DISTRICTS.replace(working_time_rules=LATE_WORKING_TIME.working_time_rules)
    both = check_market(_one_job(started_on=date(2015, 1, 1)), market)
    assert [p.code for p in both] == [
        MarketProblemCode.OUTSIDE_MARKET_DATES,
        MarketProblemCode.OUTSIDE_MARKET_REGIONS,
    ]


def test_a_dangling_employer_is_left_to_caseload_check() -> None:
    caseload = attrs.evolve(_one_job(), employers=())
    assert check_market(caseload, NANJING) == []
    [score] = score_caseload(caseload, market=NANJING, as_of=DEFAULT_AS_OF)
    assert score.reason_code == "unknown_employer"
    assert _missing_employers(caseload) == Counter({"P1": 1})


def test_codes_have_labels() -> None:
    from veteran_services.codes import label

    for code in MarketProblemCode:
        assert label(code)
        assert label(code, lang="zh")


# --- must hold: one placement before the tables start ------------------------------------------


@pytest.fixture(scope="module")
def city() -> Caseload:
    return generate(veterans=120, seed=5)


def test_one_placement_before_the_market_table_costs_only_itself(city: Caseload) -> None:
    """A caseload with one placement before the market table's first date: score_caseload
    returns a score for every other placement (equal to the scores without that placement) and
    a None with a reason naming the bad one; check reports it beforehand."""
    early = date(2012, 5, 2)
    # a placement of a veteran who was serving by then (so the record itself stays valid)
    chosen = next(p for p in city.placements if city.veteran(p.veteran_id).service[0].start < early)
    bad = attrs.evolve(chosen, started_on=early)
    caseload = attrs.evolve(
        city, placements=[bad if p.id == bad.id else p for p in city.placements]
    )
    without = attrs.evolve(city, placements=[p for p in city.placements if p.id != bad.id])

    # check reports it beforehand
    assert city.check() == []
    assert check_market(city, NANJING) == []
    assert caseload.check() == []
    [problem] = check_market(caseload, NANJING)
    assert problem.code is MarketProblemCode.OUTSIDE_MARKET_DATES
    assert problem.record_id == bad.id

    scores = score_caseload(caseload, market=NANJING, as_of=DEFAULT_AS_OF)
    expected = score_caseload(without, market=NANJING, as_of=DEFAULT_AS_OF)
    assert len(scores) == len(city.placements)
    [unscored] = [s for s in scores if s.placement_id == bad.id]
    assert [s for s in scores if s.placement_id != bad.id] == list(expected)
    assert unscored.value is None
    assert unscored.reason_code == "no_market_data"
    assert unscored.reason is not None
    assert repr(bad.id) in unscored.reason
    assert "2012-05-02" in unscored.reason
    assert unscored.completeness == 0.0
    assert unscored.reason_code in REASONS


def test_each_placement_is_named_with_its_own_employer() -> None:
    one = _one_job(region=SHANGHAI)
    other = Employer(id="E2", name="Other Ltd", region=SHANGHAI)
    second = attrs.evolve(one.placements[0], id="P2", employer_id="E2")
    caseload = attrs.evolve(
        one, employers=[*one.employers, other], placements=[*one.placements, second]
    )
    first, then = check_market(caseload, NANJING)
    assert (first.record_id, then.record_id) == ("P1", "P2")
    assert first.message.startswith("'employer_id' 'E1' ")
    assert then.message.startswith("'employer_id' 'E2' ")
