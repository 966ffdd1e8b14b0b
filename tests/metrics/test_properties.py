"""Properties of every indicator over random small caseloads: rates lie in [0, 1] and inside
their intervals, record order changes nothing, breakdown totals equal the ungrouped figure."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from veteran_services import (
    Caseload,
    ContactKind,
    CredentialKind,
    Disposition,
    ExclusionReason,
    LabourStatus,
    ProgrammeKind,
    Sex,
)
from veteran_services.metrics import (
    Estimate,
    breakdown,
    credential_attainment_rate,
    employment_rate_after_exit,
    jobs_created,
    median_earnings_after_exit,
    placement_rate,
    response_rates_by_wave,
    retention_with_same_employer,
    six_month_outcomes,
    skill_gain_rate,
    time_to_placement,
    venture_survival_rate,
    weighted_satisfaction,
)

FIRST = date(2016, 1, 1)
SPAN = 4 * 365
PERIOD = (date(2016, 7, 1), date(2018, 6, 30))


def _day(draw: st.DrawFn) -> date:
    return FIRST + timedelta(days=draw(st.integers(0, SPAN)))


@st.composite
def caseloads(draw: st.DrawFn, b: SimpleNamespace) -> Caseload:
    """A random small caseload made with the builders *b* (see conftest)."""
    veterans, enrolments, placements, records, ventures, contacts, responses = (
        [] for _ in range(7)
    )
    for n in range(draw(st.integers(1, 10))):
        vid = f"V{n}"
        exclusions = []
        if draw(st.booleans()) and draw(st.booleans()):
            exclusions.append((draw(st.sampled_from(ExclusionReason)), _day(draw)))
        veterans.append(
            b.veteran(
                vid,
                sex=draw(st.sampled_from(Sex)),
                region=draw(st.sampled_from(["320102", "320104"])),
                registered=_day(draw) if draw(st.booleans()) else None,
                separated=draw(st.dates(date(2015, 1, 1), date(2018, 12, 31))),
                exclusions=exclusions,
            )
        )
        for e in range(draw(st.integers(0, 2))):
            start = _day(draw)
            end = (
                None
                if draw(st.integers(0, 4)) == 0
                else start + timedelta(draw(st.integers(0, 400)))
            )
            credentials = [
                (
                    draw(st.sampled_from(CredentialKind)),
                    start + timedelta(draw(st.integers(0, 600))),
                )
                for _ in range(draw(st.integers(0, 1)))
            ]
            gains = [
                start + timedelta(draw(st.integers(0, 300))) for _ in range(draw(st.integers(0, 1)))
            ]
            enrolments.append(
                b.enrolment(
                    f"E{n}.{e}",
                    vid,
                    start,
                    end,
                    programme_id=draw(st.sampled_from(["PG1", "OJT"])),
                    credentials=credentials,
                    gains=gains,
                )
            )
        for p in range(draw(st.integers(0, 2))):
            start = _day(draw)
            end = None if draw(st.booleans()) else start + timedelta(draw(st.integers(0, 500)))
            placements.append(
                b.placement(
                    f"P{n}.{p}",
                    vid,
                    start,
                    end,
                    employer_id=draw(st.sampled_from(["E1", "E2"])),
                    wage=draw(st.sampled_from([None, "3000", "6500.50"])),
                    subsidised=draw(st.booleans()),
                )
            )
            for w in (3, 6):
                if draw(st.booleans()):
                    disposition = draw(st.sampled_from(Disposition))
                    answered = disposition in (Disposition.COMPLETE, Disposition.PARTIAL)
                    responses.append(
                        b.response(
                            f"R{n}.{p}.{w}",
                            vid,
                            placement_id=f"P{n}.{p}",
                            wave=w,
                            disposition=disposition,
                            status=draw(st.sampled_from([None, *LabourStatus]))
                            if answered
                            else None,
                            answers={"sat": draw(st.integers(1, 5))} if answered else None,
                            weight=draw(st.sampled_from([1.0, 2.5])),
                        )
                    )
        for q in range(draw(st.integers(0, 3))):
            records.append(
                b.earnings(
                    vid,
                    f"{draw(st.integers(2016, 2019))}Q{draw(st.integers(1, 4))}",
                    str(draw(st.sampled_from([0, 2500, 7000, 7000, 12000]))),
                    employer_id=draw(st.sampled_from(["E1", "E2"])) if q else "E1",
                )
            )
        if draw(st.integers(0, 3)) == 0:
            registered = _day(draw)
            closed = (
                None if draw(st.booleans()) else registered + timedelta(draw(st.integers(0, 900)))
            )
            snapshots = [(registered + timedelta(days=200), draw(st.integers(0, 9)), 0)]
            if closed is not None and closed < snapshots[0][0]:
                snapshots = []
            ventures.append(b.venture(f"B{n}", vid, registered, closed, snapshots=snapshots))
        for c in range(draw(st.integers(0, 3))):
            contacts.append(
                b.contact(f"C{n}.{c}", vid, _day(draw), draw(st.sampled_from(ContactKind)))
            )
    return b.caseload(
        veterans=veterans,
        providers=[b.provider("TP1"), b.provider("TP2")],
        programmes=[
            b.programme("PG1", provider_id="TP1"),
            b.programme("OJT", provider_id="TP2", kind=ProgrammeKind.ON_THE_JOB),
        ],
        employers=[b.employer("E1"), b.employer("E2")],
        enrolments=enrolments,
        placements=placements,
        earnings=records,
        ventures=ventures,
        contacts=contacts,
        responses=responses,
        instruments=[b.INSTRUMENT],
    )


AS_OF = date(2020, 6, 30)

INDICATORS: dict[str, Callable[[Caseload], Estimate]] = {
    "employment q2": lambda c: employment_rate_after_exit(c, exits_between=PERIOD),
    "employment q4 contacts": lambda c: employment_rate_after_exit(
        c, quarter=4, exits_between=PERIOD, rule="contacts", as_of=AS_OF
    ),
    "median earnings": lambda c: median_earnings_after_exit(c, exits_between=PERIOD),
    "credentials": lambda c: credential_attainment_rate(c, exits_between=PERIOD),
    "skill gains": lambda c: skill_gain_rate(c, period=PERIOD),
    "retention": lambda c: retention_with_same_employer(c, exits_between=PERIOD),
    "placement": lambda c: placement_rate(c, between=PERIOD),
    "placement after exit": lambda c: placement_rate(c, anchor="exit", as_of=AS_OF),
    "time to placement": lambda c: time_to_placement(c, anchor="separation"),
    "employed share": lambda c: six_month_outcomes(c).employed,
    "unknown outcomes": lambda c: six_month_outcomes(c).unknown,
    "unemployment rate": lambda c: six_month_outcomes(c).unemployment_rate,
    "survival": lambda c: venture_survival_rate(c, months=12, as_of=AS_OF),
    "jobs": lambda c: jobs_created(c, as_of=AS_OF),
    "satisfaction": lambda c: weighted_satisfaction(c),
}
RATES = [
    name
    for name in INDICATORS
    if name not in ("median earnings", "time to placement", "unknown outcomes", "jobs")
]


def _shuffled(c: Caseload, seed: int) -> Caseload:
    rng = random.Random(seed)
    changes: dict[str, Any] = {}
    for kind in (
        "veterans",
        "enrolments",
        "placements",
        "earnings",
        "ventures",
        "contacts",
        "responses",
    ):
        records = list(c.records(kind))
        rng.shuffle(records)
        changes[kind] = tuple(records)
    return Caseload(
        **{
            **{k: c.records(k) for k in ("providers", "programmes", "employers", "instruments")},
            **changes,
        }
    )


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_rates_are_proportions_inside_their_intervals(
    b: SimpleNamespace, data: st.DataObject
) -> None:
    c = data.draw(caseloads(b))
    for name in RATES:
        estimate = INDICATORS[name](c)
        if estimate.value is None:
            assert estimate.reason, name
            assert estimate.denominator == 0, name
            continue
        value = float(estimate.value)
        assert 0.0 <= value <= 1.0, name
        assert estimate.interval is not None, name
        assert estimate.interval.low <= value <= estimate.interval.high, name
        assert 0.0 <= estimate.interval.low <= estimate.interval.high <= 1.0, name
        assert estimate.numerator is not None
        assert estimate.denominator is not None
        if estimate.statistic == "proportion":
            assert 0 <= estimate.numerator <= estimate.denominator, name
        assert not set(estimate.excluded) & {
            o.unit_id for o in estimate.observations if o.excluded is None
        }, name
    for wave, estimate in response_rates_by_wave(c).items():
        assert estimate.value is None or 0.0 <= estimate.value <= 1.0, wave


@settings(max_examples=40, deadline=None)
@given(st.data(), st.integers(0, 2**16))
def test_record_order_changes_nothing(b: SimpleNamespace, data: st.DataObject, seed: int) -> None:
    c = data.draw(caseloads(b))
    shuffled = _shuffled(c, seed)
    for name, indicator in INDICATORS.items():
        assert indicator(shuffled) == indicator(c), name
    assert response_rates_by_wave(shuffled) == response_rates_by_wave(c)


@settings(max_examples=40, deadline=None)
@given(st.data(), st.sampled_from(["region", "sex", "provider", "programme_kind", "age_band"]))
def test_breakdown_totals_equal_the_ungrouped_metric(
    b: SimpleNamespace, data: st.DataObject, by: Any
) -> None:
    c = data.draw(caseloads(b))
    for name in (
        "employment q2",
        "credentials",
        "placement",
        "median earnings",
        "jobs",
        "employed share",
        "unknown outcomes",
        "satisfaction",
    ):
        indicator = INDICATORS[name]
        table = breakdown(lambda cl, f=indicator: f(cl), c, by=by, min_cell=1)
        ungrouped = indicator(c)
        assert table.total.estimate == ungrouped, name
        groups = [row.estimate for row in table.rows]
        assert sum(g.denominator or 0 for g in groups) == (ungrouped.denominator or 0), name
        assert sum(len(g.excluded) for g in groups) == len(ungrouped.excluded), name
        if ungrouped.statistic in ("proportion", "count", "sum"):
            assert sum(g.numerator or 0 for g in groups) == (ungrouped.numerator or 0), name


@settings(max_examples=40, deadline=None)
@given(st.data(), st.integers(1, 6))
def test_published_cells_are_never_small(
    b: SimpleNamespace, data: st.DataObject, min_cell: int
) -> None:
    c = data.draw(caseloads(b))
    table = breakdown(INDICATORS["employment q2"], c, by="region", min_cell=min_cell)
    published = [r for r in table.rows if r.suppression is None]
    hidden = [r for r in table.rows if r.suppression is not None]
    for row in published:
        assert (row.estimate.denominator or 0) >= min_cell or row.estimate.denominator == 0
    if table.total.suppression is None:
        assert len(hidden) != 1
    for row in hidden:
        assert row.estimate.value is None
        assert row.estimate.numerator is None
        assert row.estimate.observations == ()
