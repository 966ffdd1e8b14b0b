"""Properties of the index that must hold for any placement (issue 5, "Must hold")."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from veteran_services import ContractType, Insurance, Money, Placement, whole_months_between
from veteran_services.scoring import (
    INDICATORS,
    Flag,
    IndicatorSpec,
    LabourMarket,
    QualityModel,
    score_caseload,
    score_placement,
)
from veteran_services.scoring.indicators import whole_months
from veteran_services.stats import aggregate, goalposts

MARKET = LabourMarket.nanjing()
DISTRICTS = ("320102", "320104", "320111", "320115", "320117", "320118")
TERM_CONTRACTS = (
    ContractType.FIXED_TERM,
    ContractType.TASK_BASED,
    ContractType.PART_TIME,
    ContractType.DISPATCH,
    ContractType.PUBLIC_WELFARE_POST,
)
GEOMETRIC = QualityModel.default().replace(aggregation="geometric")


@st.composite
def placements(draw: st.DrawFn, *, wage: bool = False) -> Placement:
    contract = draw(st.sampled_from(ContractType))
    months = draw(st.none() | st.integers(1, 120)) if contract in TERM_CONTRACTS else None
    start = draw(st.dates(date(2015, 1, 1), date(2025, 12, 31)))
    ended = draw(st.none() | st.integers(0, 2000).map(lambda d: start + timedelta(days=d)))
    hours = draw(st.none() | st.integers(0, 800).map(lambda h: Decimal(h) / 10))
    amount = st.integers(0, 3_000_000).map(lambda c: Money(amount=Decimal(c) / 100))
    return Placement(
        id="P1",
        veteran_id="V1",
        employer_id=draw(st.sampled_from(("E1", "E2"))),
        occupation=draw(st.sampled_from(("8321", "8322", "5120", "2512", "83"))),
        started_on=start,
        ended_on=ended,
        contract=contract,
        contract_months=months,
        weekly_hours=hours,
        monthly_wage=draw(amount if wage else st.none() | amount),
        insurance=draw(st.frozensets(st.sampled_from(Insurance))),
    )


as_of_dates = st.dates(date(2015, 1, 1), date(2027, 12, 31))
models = st.sampled_from((QualityModel.default(), GEOMETRIC))


def _caseload(build, placement: Placement, region: str = "320115"):  # type: ignore[no-untyped-def]
    answers = {"sat": 5, "leave": 1, "demand": 4, "resource": 2}
    collected = placement.started_on + timedelta(days=120)
    return build.caseload(
        [placement],
        responses=[build.response("R1", placement.id, collected, **answers)],
        employers=[build.employer("E2", region=region)],
    )


@settings(max_examples=60)
@given(placement=placements(), as_of=as_of_dates, model=models, region=st.sampled_from(DISTRICTS))
def test_score_in_range(build, placement, as_of, model, region) -> None:  # type: ignore[no-untyped-def]
    """Score in [0, 100]; every normalised value in [0, 1]."""
    cl = _caseload(build, placement, region)
    score = score_placement(placement, caseload=cl, market=MARKET, model=model, as_of=as_of)
    assert score.value is None or 0.0 <= score.value <= 100.0
    assert (score.value is None) == (score.reason is not None)
    for component in score.components:
        assert component.normalised is None or 0.0 <= component.normalised <= 1.0
        assert isinstance(component.explanation, str)
        assert component.explanation


@settings(max_examples=60)
@given(
    placement=placements(wage=True),
    raise_by=st.integers(1, 1_000_000).map(lambda c: Decimal(c) / 100),
    as_of=as_of_dates,
    model=models,
)
def test_raising_the_wage_never_lowers_the_score(build, placement, raise_by, as_of, model) -> None:  # type: ignore[no-untyped-def]
    """All else equal, a higher wage never gives a lower score."""
    cl = _caseload(build, placement)
    before = score_placement(placement, caseload=cl, market=MARKET, model=model, as_of=as_of)
    assert placement.monthly_wage is not None
    richer = attrs.evolve(
        placement, monthly_wage=Money(amount=placement.monthly_wage.amount + raise_by)
    )
    after = score_placement(richer, caseload=cl, market=MARKET, model=model, as_of=as_of)
    if before.value is not None:
        assert after.value is not None
        assert after.value >= before.value - 1e-9


@settings(max_examples=60)
@given(
    placement=placements(),
    scheme=st.sampled_from(Insurance),
    as_of=as_of_dates,
    model=models,
)
def test_adding_a_scheme_never_lowers_the_score(build, placement, scheme, as_of, model) -> None:  # type: ignore[no-untyped-def]
    """All else equal, one more social-insurance scheme never gives a lower score."""
    cl = _caseload(build, placement)
    before = score_placement(placement, caseload=cl, market=MARKET, model=model, as_of=as_of)
    insured = attrs.evolve(placement, insurance=placement.insurance | {scheme})
    after = score_placement(insured, caseload=cl, market=MARKET, model=model, as_of=as_of)
    if before.value is not None:
        assert after.value is not None
        assert after.value >= before.value - 1e-9


@settings(max_examples=80)
@given(
    placement=placements(wage=True),
    region=st.sampled_from(DISTRICTS),
    as_of=as_of_dates,
)
def test_below_minimum_wage_is_always_flagged(build, placement, region, as_of) -> None:  # type: ignore[no-untyped-def]
    """Flagged exactly when the wage is below the minimum in force at the start (hourly for
    part-time work with known hours)."""
    cl = _caseload(build, placement, region)
    score = score_placement(placement, caseload=cl, market=MARKET, as_of=as_of)
    place = region if placement.employer_id == "E2" else "320115"
    minimum = MARKET.minimum_wage(place, placement.started_on)
    assert placement.monthly_wage is not None
    amount = placement.monthly_wage.amount
    if placement.contract is ContractType.PART_TIME:
        if not placement.weekly_hours:
            assert Flag.BELOW_MINIMUM_WAGE not in score.flags  # cannot be told
            return
        assert minimum.hourly is not None
        hourly = amount / (placement.weekly_hours * Decimal("4.35"))
        below = hourly < minimum.hourly
    else:
        below = amount < minimum.monthly
    assert (Flag.BELOW_MINIMUM_WAGE in score.flags) == below


@settings(max_examples=25)
@given(
    many=st.lists(placements(), min_size=1, max_size=6),
    seed=st.integers(0, 2**32 - 1),
    as_of=as_of_dates,
)
def test_independent_of_record_and_indicator_order(build, many, seed, as_of) -> None:  # type: ignore[no-untyped-def]
    """Shuffling the records, or listing the indicators in another order, changes nothing;
    scoring twice gives the same result."""
    items = [attrs.evolve(p, id=f"P{i}") for i, p in enumerate(many)]
    responses = [
        build.response(f"R{i}", p.id, p.started_on + timedelta(days=90), sat=i % 5 + 1)
        for i, p in enumerate(items)
    ]
    employers = [build.employer("E2", region="320117"), build.employer("E3")]
    cl = build.caseload(items, responses=responses, employers=employers)
    rng = random.Random(seed)
    shuffled = cl.replace(
        placements=rng.sample(items, len(items)),
        responses=rng.sample(responses, len(responses)),
        employers=rng.sample(list(cl.employers), len(cl.employers)),
    )
    model = QualityModel.default()
    reordered = QualityModel(
        indicators=list(reversed(model.indicators)),
        aggregation=model.aggregation,
        min_coverage=model.min_coverage,
        version=model.version,
        name=model.name,
    )
    assert reordered.fingerprint == model.fingerprint
    first = score_caseload(cl, market=MARKET, model=model, as_of=as_of)
    again = score_caseload(cl, market=MARKET, model=model, as_of=as_of)
    other = score_caseload(shuffled, market=MARKET, model=reordered, as_of=as_of)
    assert first == again
    assert [s.placement_id for s in first] == sorted(p.id for p in items)
    # one at a time (lookups through the caseload) gives what the bulk run (own index) gives
    by_id = {p.id: p for p in items}
    for score in first:
        alone = score_placement(by_id[score.placement_id], caseload=cl, market=MARKET, as_of=as_of)
        assert alone == score
    for a, b in zip(first, other, strict=True):
        assert a.value == b.value
        assert a.flags == b.flags
        assert a.components == b.components


@settings(max_examples=60)
@given(placement=placements(), as_of=as_of_dates, model=models)
def test_value_agrees_with_the_stats_toolkit(build, placement, as_of, model) -> None:  # type: ignore[no-untyped-def]
    """The index's inlined goalposts and mean agree with stats.goalposts and stats.aggregate."""
    cl = _caseload(build, placement)
    score = score_placement(placement, caseload=cl, market=MARKET, model=model, as_of=as_of)
    for spec, component in zip(model.indicators, score.components, strict=True):
        if component.raw is not None:
            expected = goalposts(
                component.raw,
                low=spec.low,
                high=spec.high,
                higher_is_better=spec.higher_is_better,
            )
            assert component.normalised == expected
    floor = model.geometric_floor
    geometric = model.aggregation == "geometric"
    values = [
        None if c.normalised is None else max(c.normalised, floor) if geometric else c.normalised
        for c in score.components
    ]
    expected_value = aggregate(
        values,
        [s.weight for s in model.indicators],
        method=model.aggregation,
        min_coverage=model.min_coverage,
    )
    if placement.started_on > as_of or expected_value is None:
        assert score.value is None
    else:
        assert score.value is not None
        assert abs(score.value - 100 * expected_value) < 1e-9


@given(start=st.dates(date(2000, 1, 1), date(2030, 12, 31)), days=st.integers(-40, 4000))
def test_whole_months_matches_the_model(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    assert whole_months(start, end) == whole_months_between(start, end)


@given(
    name=st.sampled_from(sorted(INDICATORS)),
    raw=st.floats(-1e6, 1e6, allow_nan=False),
    low=st.floats(-100, 100),
    span=st.floats(0.001, 100),
    higher=st.booleans(),
)
def test_spec_goalposts_agree_with_stats(name, raw, low, span, higher) -> None:  # type: ignore[no-untyped-def]
    from veteran_services.scoring.indicators import _value

    spec = IndicatorSpec.of(name, weight=1, low=low, high=low + span, higher_is_better=higher)
    expected = goalposts(raw, low=spec.low, high=spec.high, higher_is_better=higher)
    assert _value(raw, spec, "x").normalised == expected
