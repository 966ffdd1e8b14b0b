"""Entrepreneurship-quality scores (issue 26): explained, unknown never worst, high growth exact."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veteran_services import codes, synthetic
from veteran_services import strategies as vs
from veteran_services.errors import InvalidInputError
from veteran_services.model import (
    Certification,
    CertificationKind,
    LegalForm,
    Money,
    OperatingStatus,
    RepaymentStatus,
    Support,
    SupportKind,
    Venture,
    VentureSnapshot,
    add_months,
)
from veteran_services.scoring.ventures import (
    VENTURE_INDICATORS,
    VentureDimension,
    VentureFlag,
    VentureModel,
    score_venture,
    score_ventures,
)
from veteran_services.scoring.ventures_growth import classify_growth

AS_OF = date(2026, 6, 30)


def _venture(snapshots: list[VentureSnapshot], **changes: object) -> Venture:
    values: dict[str, object] = {
        "id": "B1",
        "founder_ids": ("V1",),
        "name": "x",
        "legal_form": LegalForm.LIMITED_COMPANY,
        "region": "320102",
        "registered_on": date(2019, 1, 1),
        "snapshots": snapshots,
    }
    values.update(changes)
    return Venture(**values)  # type: ignore[arg-type]


def _snap(day: date, employees: int, **facts: object) -> VentureSnapshot:
    return VentureSnapshot(as_of=day, employees=employees, veteran_employees=0, **facts)  # type: ignore[arg-type]


def _two(start: int, end: int) -> Venture:
    end_day = date(2025, 12, 31)
    return _venture([_snap(add_months(end_day, -36), start), _snap(end_day, end)])


def _direct(start: int, end: int) -> bool | None:
    """The definition written out once more: from ≥ 10, (end/start)^(1/3) − 1 > 10 %."""
    if start < 10:
        return None
    return Fraction(end, start) > Fraction(11, 10) ** 3


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (10, 14, True),  # exactly 10 employees at the start qualifies: 13.31 needed
        (10, 13, False),
        (1000, 1331, False),  # exactly 10 % a year is not "above 10 %"
        (1000, 1332, True),
        (9, 100, None),  # under 10 at the start: not classified, not "no"
        (10, 10, False),
    ],
)
def test_high_growth_edge_cases(start: int, end: int, expected: bool | None) -> None:
    found = classify_growth(_two(start, end), as_of=AS_OF)
    assert (None if found is None else found.high_growth) is expected


@settings(max_examples=300, deadline=None)
@given(
    start=st.integers(0, 5000),
    end=st.integers(0, 10000),
    middle=st.lists(st.integers(0, 10000), max_size=2),
)
def test_high_growth_equals_a_direct_recomputation(start: int, end: int, middle: list[int]) -> None:
    end_day = date(2025, 12, 31)
    snaps = [_snap(add_months(end_day, -36), start), _snap(end_day, end)]
    snaps += [_snap(add_months(end_day, -12 * (i + 1)), n) for i, n in enumerate(middle)]
    found = classify_growth(_venture(snaps), as_of=AS_OF)
    expected = _direct(start, end)
    assert (None if found is None else found.high_growth) is expected
    if found is not None:
        assert found.start.employees == start
        assert found.end.employees == end


@settings(max_examples=60, deadline=None)
@given(vs.ventures(max_date=date(2026, 6, 30)))
def test_high_growth_on_drawn_ventures_equals_the_definition(venture: Venture) -> None:
    found = classify_growth(venture, as_of=AS_OF)
    end = venture.latest_snapshot(as_of=AS_OF)
    if end is None:
        assert found is None
        return
    target = add_months(end.as_of, -36)
    window = [
        s
        for s in venture.snapshots
        if add_months(target, -3) <= s.as_of <= add_months(target, 3) and s.as_of < end.as_of
    ]
    if not window:
        assert found is None
        return
    start = min(window, key=lambda s: (abs((s.as_of - target).days), s.as_of))
    assert (None if found is None else found.high_growth) is _direct(start.employees, end.employees)


def test_the_smaller_firm_variant_needs_added_jobs() -> None:
    assert classify_growth(_two(1, 2), as_of=AS_OF, min_start_employees=1, min_added=3) is not None
    small = classify_growth(_two(1, 2), as_of=AS_OF, min_start_employees=1, min_added=3)
    assert small is not None
    assert not small.high_growth
    grown = classify_growth(_two(2, 6), as_of=AS_OF, min_start_employees=1, min_added=3)
    assert grown is not None
    assert grown.high_growth


def test_a_rich_venture_is_explained_component_by_component() -> None:
    snaps = [
        _snap(date(2022, 12, 31), 10, revenue=Money(amount=Decimal("1000000"))),
        _snap(
            date(2025, 12, 31),
            15,
            revenue=Money(amount=Decimal("1500000")),
            status=OperatingStatus.OPERATING,
            insured_employees=12,
            founder_monthly_income=Money(amount=Decimal("8000")),
        ),
    ]
    venture = _venture(
        snaps,
        certifications=(Certification(kind=CertificationKind.HIGH_TECH_ENTERPRISE),),
        support=(
            Support(
                kind=SupportKind.GUARANTEED_LOAN,
                granted_on=date(2019, 2, 1),
                repayment=RepaymentStatus.IN_ARREARS,
                repayment_as_of=date(2026, 1, 1),
            ),
        ),
    )
    score = score_venture(venture, as_of=AS_OF)
    assert score.value is not None
    assert score.missing == ()
    components = score.components
    assert math.fsum(c.contribution or 0.0 for c in components) == pytest.approx(score.value)
    for c in components:
        assert c.explanation
        assert c.low < c.high
        assert c.weight == VentureModel.default().spec(c.name).weight
    assert score.component("high_growth").raw == 1.0
    assert set(score.flags) == {VentureFlag.UNINSURED_EMPLOYEES, VentureFlag.LOAN_IN_ARREARS}
    assert "high_growth" in score.explain()


def _strip(venture: Venture) -> Venture:
    """The same venture with every optional fact unrecorded."""
    snaps = [
        attrs.evolve(
            s,
            revenue=None,
            status=None,
            insured_employees=None,
            profit=None,
            tax_paid=None,
            founder_monthly_income=None,
        )
        for s in venture.snapshots
    ]
    return attrs.evolve(venture, snapshots=snaps, certifications=())


_FACT_INDICATORS = (
    "revenue_trend",
    "operating_status",
    "insured_jobs",
    "staff_insurance",
    "founder_income",
    "innovation",
)


@settings(max_examples=80, deadline=None)
@given(vs.ventures(region="320102", max_date=date(2026, 6, 30)))
def test_unknown_facts_never_score_as_the_worst_value(venture: Venture) -> None:
    stripped = _strip(venture)
    score = score_venture(stripped, as_of=AS_OF)
    closed = venture.closed_on is not None and venture.closed_on <= AS_OF
    for name in _FACT_INDICATORS:
        component = score.component(name)
        if closed and name in ("operating_status", "insured_jobs"):
            continue  # a recorded closure is a recorded fact
        assert component.normalised is None, (name, component)
        assert component.contribution is None


def test_the_model_round_trips_and_fingerprints() -> None:
    model = VentureModel.default()
    again = VentureModel.from_json(model.to_json())
    assert again.fingerprint == model.fingerprint
    assert model.with_weights({"innovation": 0.2}).fingerprint != model.fingerprint
    assert set(model.names) == set(VENTURE_INDICATORS)
    with pytest.raises(InvalidInputError, match="known venture indicator"):
        VentureModel.from_dict(
            {
                **model.to_dict(),
                "indicators": [
                    {"name": "height", "weight": 1, "low": 0, "high": 1, "dimension": "growth"}
                ],
            }
        )


def test_dimensions_and_flags_have_labels_in_both_languages() -> None:
    for enum in (VentureDimension, VentureFlag):
        assert enum in codes.labelled_enums()
    assert codes.label(VentureFlag.LOAN_IN_ARREARS) == "Start-up loan in arrears"


def test_a_stale_operating_record_is_flagged() -> None:
    venture = _venture([_snap(date(2024, 1, 1), 2, status=OperatingStatus.OPERATING)])
    assert VentureFlag.STALE_RECORD in score_venture(venture, as_of=AS_OF).flags
    fresh = _venture([_snap(date(2026, 1, 1), 2, status=OperatingStatus.OPERATING)])
    assert VentureFlag.STALE_RECORD not in score_venture(fresh, as_of=AS_OF).flags


def test_every_sample_city_venture_gets_an_explained_score() -> None:
    city = synthetic.sample_city()
    scores = score_ventures(city, as_of=synthetic.DEFAULT_AS_OF)
    assert len(scores) == len(city.ventures)
    assert [s.venture_id for s in scores] == sorted(v.id for v in city.ventures)
    for score in scores:
        assert (score.value is None) is (score.reason is not None)
        if score.value is not None:
            total = math.fsum(c.contribution or 0.0 for c in score.components)
            assert total == pytest.approx(score.value, abs=1e-9)
