"""Entrepreneurship programme indicators (issue 26): Estimates with intervals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from veteran_services import metrics, synthetic
from veteran_services.metrics.survival import venture_survival
from veteran_services.model import (
    Caseload,
    LegalForm,
    Money,
    RepaymentStatus,
    Support,
    SupportKind,
    Venture,
    VentureSnapshot,
)

AS_OF = date(2026, 6, 30)


def _loan(status: RepaymentStatus | None) -> Support:
    return Support(
        kind=SupportKind.GUARANTEED_LOAN,
        granted_on=date(2023, 1, 1),
        amount=Money(amount=Decimal("100000")),
        repayment=status,
        repayment_as_of=None if status is None else date(2026, 1, 1),
    )


def _venture(
    key: str, *, support: tuple[Support, ...] = (), employees: tuple[int, ...] = ()
) -> Venture:
    snaps = [
        VentureSnapshot(as_of=date(2023 + i, 6, 1), employees=n, veteran_employees=min(n, 1))
        for i, n in enumerate(employees)
    ]
    return Venture(
        id=key,
        founder_ids=(f"F{key}", f"G{key}") if key.endswith("2") else (f"F{key}",),
        name=key,
        legal_form=LegalForm.LIMITED_COMPANY,
        region="320102",
        registered_on=date(2022, 6, 1),
        support=support,
        snapshots=snaps,
    )


def test_loan_rates_count_only_recorded_statuses() -> None:
    caseload = Caseload(
        ventures=(
            _venture("A1", support=(_loan(RepaymentStatus.REPAID),)),
            _venture("A2", support=(_loan(RepaymentStatus.IN_ARREARS),)),
            _venture("A3", support=(_loan(RepaymentStatus.CURRENT),)),
            _venture("A4", support=(_loan(RepaymentStatus.DEFAULTED),)),
            _venture("A5", support=(_loan(None),)),
        )
    )
    repaid = metrics.loan_repayment_rate(caseload, as_of=AS_OF)
    default = metrics.loan_default_rate(caseload, as_of=AS_OF)
    assert (repaid.numerator, repaid.denominator) == (2, 4)
    assert (default.numerator, default.denominator) == (2, 4)
    assert repaid.details["repayment_unknown"] == 1
    assert repaid.interval is not None
    assert repaid.interval.method == "wilson"


def test_jobs_per_venture_and_per_100_founders() -> None:
    caseload = Caseload(
        ventures=(
            _venture("B1", employees=(2, 4)),
            _venture("B2", employees=(6,)),  # two founders
            _venture("B3"),  # no snapshot: left out
        )
    )
    per_venture = metrics.jobs_per_venture(caseload, as_of=AS_OF)
    assert per_venture.value == pytest.approx(5.0)
    assert per_venture.interval is not None
    assert per_venture.interval.low < 5.0 < per_venture.interval.high
    per_founders = metrics.jobs_per_100_founders(caseload, as_of=AS_OF)
    assert per_founders.value == pytest.approx(100 * 10 / 3)
    veterans = metrics.jobs_per_venture(caseload, as_of=AS_OF, veterans_only=True)
    assert veterans.value == pytest.approx(1.0)


def test_high_growth_share_leaves_unclassifiable_ventures_out() -> None:
    caseload = Caseload(
        ventures=(
            _venture("C1", employees=(10, 12, 13, 14)),  # 10 → 14 over three years: high growth
            _venture("C3", employees=(10, 10, 11, 13)),
            _venture("C4", employees=(3, 9)),
        )
    )
    share = metrics.high_growth_share(caseload, as_of=AS_OF)
    assert (share.numerator, share.denominator) == (1, 2)
    assert share.details["not_classifiable"] == 1


def test_survival_by_support_is_read_off_the_curve_and_says_it_is_descriptive() -> None:
    city = synthetic.sample_city()
    curves = venture_survival(city, as_of=AS_OF, by="support")
    for supported, label in ((True, "supported"), (False, "unsupported")):
        estimate = metrics.venture_survival_by_support(city, as_of=AS_OF, supported=supported)
        want = curves.curves[label].survival_at_months(24)
        assert want is not None
        assert estimate.value == want[0]
        assert estimate.interval is not None
        assert (estimate.interval.low, estimate.interval.high) == (want[1], want[2])
        assert any("descriptive" in note for note in estimate.notes)


def test_the_new_figures_are_headline_figures() -> None:
    names = [f.name for i in metrics.PROGRAMME_INDICATORS.values() for f in i.figures]
    assert {"high_growth_share", "loan_default_rate", "jobs_created_veterans"} <= set(names)
    assert metrics.indicator_label("loan_default_rate", lang="zh") == "创业担保贷款逾期率"
