"""Every value a reader accepts is usable downstream (issue 13, item 6).

A Hypothesis property builds caseloads from the extremes the model accepts (amounts just below
``MAX_AMOUNT`` with four decimal places, zero and smallest amounts, 0 and 168 weekly hours, 1
and 600 contract months, unknown facts, dates at both ends of the calendar, earnings quarters
up to 9999Q4, many earnings records at the bound added up, weights from the smallest subnormal
to the largest float, huge employee counts) and feeds them through every public indicator of
``veteran_services.metrics`` and through ``scoring.score_caseload`` / ``score_placement``:
nothing may raise, and every figure must be finite.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veteran_services import (
    Caseload,
    ContractType,
    CredentialKind,
    Disposition,
    ExclusionReason,
    Insurance,
    LabourStatus,
    Money,
    Quarter,
    metrics,
)
from veteran_services.model import MAX_AMOUNT, MAX_DECIMAL_PLACES
from veteran_services.scoring import LabourMarket, score_caseload, score_placement

#: The largest amount a record may hold.
TOP = MAX_AMOUNT - Decimal(10) ** -MAX_DECIMAL_PLACES
AMOUNTS = (TOP, Decimal(0), Decimal("0.0001"), Decimal("999999999999999"), Decimal("2280"))
WEIGHTS = (5e-324, 1e-300, 1.0, 2.5, 1e300, sys.float_info.max)
#: Where a caseload's dates start: near both ends of the calendar and in the present.
ERAS = (date(1, 1, 1), date(1950, 1, 1), date(2023, 1, 1), date(9999, 6, 1), date(9999, 12, 20))


def _day(draw: st.DrawFn, era: date, *, after: date | None = None, span: int = 800) -> date:
    """A day from *era* (or *after*) on, never past 9999-12-31."""
    start = max(era, after) if after is not None else era
    room = (date.max - start).days
    return start + timedelta(days=draw(st.integers(0, min(span, room))))


def _quarter(day: date, offset: int) -> Quarter:
    index = min(day.year * 4 + (day.month - 1) // 3 + offset, 9999 * 4 + 3)
    return Quarter(year=index // 4, quarter=index % 4 + 1)


@st.composite
def extreme_caseloads(draw: st.DrawFn, b: SimpleNamespace) -> Caseload:
    era = draw(st.sampled_from(ERAS))
    amounts = st.sampled_from(AMOUNTS)
    veterans, enrolments, placements, earnings, ventures, contacts, responses = (
        [] for _ in range(7)
    )
    employers = [b.employer("E1"), b.employer("E2")]
    for n in range(draw(st.integers(1, 4))):
        vid = f"V{n}"
        service_start = _day(draw, era, after=era + timedelta(days=1), span=30)
        service_end = _day(draw, era, after=service_start, span=400)
        exclusions = []
        if draw(st.booleans()):
            exclusions.append(
                (draw(st.sampled_from(ExclusionReason)), _day(draw, era, after=service_end))
            )
        base = b.veteran(vid)
        veterans.append(
            attrs.evolve(
                base,
                birth_date=era,
                service=(attrs.evolve(base.service[0], start=service_start, end=service_end),),
                registered_on=draw(
                    st.sampled_from([None, _day(draw, era, after=service_end), date.max])
                ),
                exclusions=tuple(
                    attrs.evolve(base, exclusions=()).exclusions
                    + tuple(
                        b.veteran("x", exclusions=[(r, d)]).exclusions[0] for r, d in exclusions
                    )
                ),
            )
        )
        own: list[str] = []
        for e in range(draw(st.integers(0, 2))):
            start = _day(draw, era, after=service_end)
            end = draw(st.sampled_from([None, _day(draw, era, after=start, span=200)]))
            own.append(f"E{n}.{e}")
            enrolments.append(
                b.enrolment(
                    f"E{n}.{e}",
                    vid,
                    start,
                    end,
                    programme_id=draw(st.sampled_from(["PG1", "PG1", "LOST"])),
                    credentials=[
                        (draw(st.sampled_from(CredentialKind)), _day(draw, era, after=start))
                    ]
                    if draw(st.booleans())
                    else [],
                    gains=[_day(draw, era, after=start)] if draw(st.booleans()) else [],
                )
            )
        for p in range(draw(st.integers(0, 3))):
            start = _day(draw, era, after=service_end)
            end = draw(st.sampled_from([None, _day(draw, era, after=start, span=2000)]))
            contract = draw(st.sampled_from([None, *ContractType]))
            term = contract in (ContractType.FIXED_TERM, ContractType.PUBLIC_WELFARE_POST)
            placement = b.placement(
                f"P{n}.{p}",
                vid,
                start,
                end,
                employer_id=draw(st.sampled_from(["E1", "E2", "GONE"])),
                wage=None,
                subsidised=draw(st.booleans()),
                enrolment_id=draw(st.sampled_from([None, "NOPE", *own])),
                contract=contract,
                insurance=draw(st.sampled_from([None, (), tuple(Insurance)])),
            )
            placement = attrs.evolve(
                placement,
                monthly_wage=draw(st.sampled_from([None, *(Money(amount=a) for a in AMOUNTS)])),
                weekly_hours=draw(st.sampled_from([None, Decimal(0), Decimal(168)])),
                contract_months=draw(st.sampled_from([None, 1, 600])) if term else None,
                occupation=draw(st.sampled_from([None, "8322", "5414"])),
                occupation_title="保安员",
            )
            placements.append(placement)
            for wave in (3, 6, 12):
                if draw(st.booleans()):
                    disposition = draw(st.sampled_from(Disposition))
                    answered = disposition in (Disposition.COMPLETE, Disposition.PARTIAL)
                    responses.append(
                        b.response(
                            f"R{n}.{p}.{wave}",
                            vid,
                            placement_id=placement.id,
                            wave=wave,
                            disposition=disposition,
                            status=draw(st.sampled_from([None, *LabourStatus]))
                            if answered
                            else None,
                            answers={"sat": draw(st.integers(1, 5)), "regret": 1}
                            if answered
                            else None,
                            collected=draw(st.sampled_from([None, _day(draw, era, after=start)])),
                            weight=draw(st.sampled_from(WEIGHTS)),
                        )
                    )
            # earnings at the bound, many employers in one quarter: summed exactly
            for q in range(draw(st.integers(0, 3))):
                quarter = _quarter(start, draw(st.integers(0, 6)))
                for k in range(draw(st.sampled_from([1, 1, 2, 40]))):
                    earnings.append(
                        attrs.evolve(
                            b.earnings(vid, str(quarter), "1", employer_id=f"E{p}.{q}.{k}"),
                            amount=Money(amount=draw(amounts)),
                        )
                    )
        if draw(st.booleans()):
            registered = _day(draw, era, after=service_end)
            snapshot_day = _day(draw, era, after=registered)
            employees = draw(st.sampled_from([0, 7, 10**18, 10**300]))
            ventures.append(
                b.venture(
                    f"B{n}",
                    vid,
                    registered,
                    draw(st.sampled_from([None, _day(draw, era, after=snapshot_day)])),
                    snapshots=[(snapshot_day, employees, employees)],
                )
            )
        for c in range(draw(st.integers(0, 3))):
            contacts.append(b.contact(f"C{n}.{c}", vid, _day(draw, era, after=service_end)))
    return b.caseload(
        veterans=veterans,
        employers=employers,
        enrolments=enrolments,
        placements=placements,
        earnings=earnings,
        ventures=ventures,
        contacts=contacts,
        responses=responses,
    )


def _finite(value: object) -> bool:
    if value is None or isinstance(value, bool | int | str):
        return True
    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, float):
        return math.isfinite(value)
    return True


def _check(estimate: metrics.Estimate) -> None:
    assert _finite(estimate.value), (estimate.name, estimate.value)
    if estimate.statistic not in ("weighted_proportion", "mean"):
        # a weighted numerator is Σ w y, which exceeds the float range only if it truly does
        assert _finite(estimate.numerator), (estimate.name, estimate.numerator)
    if estimate.interval is not None:
        assert math.isfinite(estimate.interval.low), estimate.name
        assert math.isfinite(estimate.interval.high), estimate.name
    if estimate.statistic in ("proportion", "weighted_proportion") and estimate.value is not None:
        assert 0.0 <= float(estimate.value) <= 1.0


def _estimates(caseload: Caseload, as_of: date | None) -> Iterable[metrics.Estimate]:
    """Every public indicator of the package, with extreme but valid arguments."""
    day = as_of or metrics.data_cutoff(caseload) or date(2024, 12, 31)
    for rule in ("enrolments", "contacts"):
        for quarter in (2, 4):
            yield metrics.employment_rate_after_exit(
                caseload, quarter=quarter, rule=rule, as_of=as_of
            )
        yield metrics.median_earnings_after_exit(caseload, rule=rule, as_of=as_of)
        yield metrics.retention_with_same_employer(caseload, rule=rule, as_of=as_of)
    yield metrics.credential_attainment_rate(caseload, as_of=as_of)
    yield metrics.skill_gain_rate(caseload, period=(date.min, date.max))
    yield metrics.skill_gain_rate(
        caseload, period=(date.min, date.max), programme_kinds=metrics.TRAINING_KINDS
    )
    for anchor in ("registration", "separation", "exit"):
        yield metrics.placement_rate(caseload, anchor=anchor, as_of=as_of, include_ventures=True)
        yield metrics.time_to_placement(
            caseload, anchor=anchor, within=relativedelta(years=2), as_of=as_of
        )
        yield metrics.time_to_placement(caseload, anchor=anchor, as_of=as_of)
    outcomes = metrics.six_month_outcomes(caseload)
    yield from (
        outcomes.employed,
        outcomes.unemployed,
        outcomes.inactive,
        outcomes.unknown,
        outcomes.unemployment_rate,
    )
    for months in (12, 36):
        yield metrics.venture_survival_rate(caseload, months=months, as_of=as_of)
    for veterans_only in (False, True):
        yield metrics.jobs_created(caseload, as_of=as_of, veterans_only=veterans_only)
    for weighted in (False, True):
        for rate in ("rr1", "rr5"):
            yield from metrics.response_rates_by_wave(
                caseload, rate=rate, weighted=weighted
            ).values()
    yield metrics.weighted_satisfaction(caseload)
    yield metrics.weighted_satisfaction(caseload, statistic="mean", wave=6)
    yield metrics.mean_quality(caseload, as_of=day)
    for cumulative in (False, True):
        yield from metrics.panel_retention(caseload, as_of=as_of, cumulative=cumulative).values()
    worklist = metrics.follow_ups_due(caseload, as_of=day)
    yield from worklist.retention.values()


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_extreme_values_pass_through_every_metric(b: SimpleNamespace, data: st.DataObject) -> None:
    caseload = data.draw(extreme_caseloads(b))
    cutoff = metrics.data_cutoff(caseload)
    as_of = data.draw(st.sampled_from([None, date.max, cutoff, date(2024, 12, 31)]))
    estimates = list(_estimates(caseload, as_of))
    for estimate in estimates:
        _check(estimate)
    metrics.exits(caseload, rule="contacts", as_of=as_of)
    for by in ("region", "provider", "programme_kind", "sex", "age_band", "resettlement"):
        for indicator in (metrics.employment_rate_after_exit, metrics.median_earnings_after_exit):
            table = metrics.breakdown(indicator, caseload, by=by, min_cell=1, as_of=as_of)
            for row in table.rows:
                _check(row.estimate)
    league = metrics.league_table(
        metrics.placement_rate, caseload, by="region", replicates=20, min_n=1, as_of=as_of
    )
    for row in league.rows:
        assert row.value is None or math.isfinite(row.value)
    result = metrics.performance(
        {e.name: e for e in estimates}, {e.name: 0.5 for e in estimates}, cap=10.0
    )
    assert result.score is None or math.isfinite(result.score)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_extreme_values_pass_through_the_scorer(b: SimpleNamespace, data: st.DataObject) -> None:
    caseload = data.draw(extreme_caseloads(b))
    market = LabourMarket.nanjing()
    as_of = data.draw(st.sampled_from([date.max, date(2024, 12, 31), date(1, 1, 1)]))
    scores = score_caseload(caseload, market=market, as_of=as_of)
    assert len(scores) == len(caseload.placements)
    for score in scores:
        assert score.value is None or 0.0 <= score.value <= 100.0
        assert (score.value is None) == (score.reason is not None)
        assert math.isfinite(score.completeness)
        for indicator in score.indicator_values:
            assert indicator.normalised is None or math.isfinite(indicator.normalised)
    for placement in caseload.placements:
        one = score_placement(placement, caseload=caseload, market=market, as_of=as_of)
        assert one.value is None or math.isfinite(one.value)


def test_many_earnings_at_the_bound_add_up_exactly(b: SimpleNamespace) -> None:
    """Two thousand records of the largest amount in one quarter: the median is their exact
    sum (23 digits, inside the 28-digit decimal arithmetic)."""
    count = 2000
    caseload = b.caseload(
        veterans=[b.veteran("V1")],
        enrolments=[b.enrolment("E1", "V1", date(2017, 1, 2), date(2017, 6, 1))],
        earnings=[
            attrs.evolve(
                b.earnings("V1", "2017Q4", "1", employer_id=f"E{k}"), amount=Money(amount=TOP)
            )
            for k in range(count)
        ],
    )
    estimate = metrics.median_earnings_after_exit(caseload)
    assert estimate.value == TOP * count
    placements = [
        attrs.evolve(
            b.placement(f"P{k}", "V1", date(2017, 7, 1), employer_id=f"E{k}"),
            monthly_wage=Money(amount=TOP),
        )
        for k in range(count)
    ]
    estimated = metrics.median_earnings_after_exit(
        caseload.replace(earnings=(), placements=placements)
    )
    assert estimated.value == (TOP * 3 * count).quantize(Decimal("0.01"))


def test_the_extreme_strategy_reaches_the_extremes(b: SimpleNamespace) -> None:
    """The strategy can draw each extreme (so the property is not vacuous)."""
    seen: dict[str, Any] = {"top": False, "late": False, "early": False, "heavy": False}

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(extreme_caseloads(b))
    def look(caseload: Caseload) -> None:
        seen["top"] |= any(r.amount.amount == TOP for r in caseload.earnings)
        seen["late"] |= any(p.started_on.year == 9999 for p in caseload.placements)
        seen["early"] |= any(v.birth_date == date.min for v in caseload.veterans)
        seen["heavy"] |= any(r.weight == sys.float_info.max for r in caseload.responses)

    look()
    assert all(seen.values()), seen
