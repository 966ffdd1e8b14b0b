"""The venture facts of schema version 3 (issue 26): typed support, statuses, certifications."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from veteran_services import io
from veteran_services.errors import InvalidRecordError
from veteran_services.model import (
    CERTIFICATION_SOURCES,
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
)


def _venture(**changes: object) -> Venture:
    values: dict[str, object] = {
        "id": "B1",
        "founder_ids": ("V1",),
        "name": "Lakeside Logistics",
        "legal_form": LegalForm.LIMITED_COMPANY,
        "region": "320115",
        "registered_on": date(2022, 5, 10),
    }
    values.update(changes)
    return Venture(**values)  # type: ignore[arg-type]


def test_every_new_fact_round_trips_through_json() -> None:
    venture = _venture(
        closed_on=date(2024, 6, 30),
        support=(
            Support(
                kind=SupportKind.GUARANTEED_LOAN,
                granted_on=date(2022, 6, 1),
                amount=Money(amount=Decimal("200000")),
                term_months=36,
                repayment=RepaymentStatus.IN_ARREARS,
                repayment_as_of=date(2024, 1, 1),
            ),
            Support(
                kind=SupportKind.INCUBATION,
                granted_on=date(2022, 6, 1),
                ended_on=date(2023, 6, 1),
                provider="紫金（建邺）科技创业特别社区",
            ),
        ),
        snapshots=(
            VentureSnapshot(
                as_of=date(2023, 5, 10),
                employees=12,
                veteran_employees=3,
                insured_employees=10,
                status=OperatingStatus.OPERATING,
                profit=Decimal("-15000.50"),
                tax_paid=Money(amount=Decimal("3200")),
                founder_monthly_income=Money(amount=Decimal("6500")),
            ),
            VentureSnapshot(
                as_of=date(2024, 6, 30),
                employees=0,
                veteran_employees=0,
                status=OperatingStatus.DEREGISTERED,
            ),
        ),
        certifications=(
            Certification(
                kind=CertificationKind.UTILITY_MODEL_PATENT,
                awarded_on=date(2023, 2, 1),
                reference="ZL202320000000.0",
                source="CNIPA register",
            ),
        ),
    )
    data = io.to_dict(venture)
    assert io.from_dict(Venture, data) == venture
    assert data["snapshots"][0]["profit"] == "-15000.50"


def test_a_version_2_venture_reads_with_every_new_fact_unknown() -> None:
    record = {
        "id": "B1",
        "founder_ids": ["V1"],
        "name": "x",
        "legal_form": "individual_business",
        "region": "320115",
        "registered_on": "2022-05-10",
        "support": [{"kind": "guaranteed_loan", "granted_on": "2022-06-01"}],
        "snapshots": [{"as_of": "2023-05-10", "employees": 2, "veteran_employees": 1}],
    }
    venture = io.from_dict(Venture, record, schema_version=2)
    assert venture.support[0].repayment is None
    assert venture.support[0].term_months is None
    snapshot = venture.snapshots[0]
    assert snapshot.status is None
    assert snapshot.insured_employees is None
    assert snapshot.profit is None
    assert snapshot.founder_monthly_income is None
    assert venture.certifications == ()
    steps = [m for m in io.migrations() if m.from_version == 2]
    assert [m.kind for m in steps] == ["ventures"]


def test_loan_facts_belong_to_loans() -> None:
    with pytest.raises(InvalidRecordError, match="'term_months' is recorded for guaranteed"):
        Support(kind=SupportKind.SUBSIDY, granted_on=date(2022, 1, 1), term_months=12)


def test_a_repayment_status_needs_its_date() -> None:
    with pytest.raises(InvalidRecordError, match="'repayment_as_of' must be given"):
        Support(
            kind=SupportKind.GUARANTEED_LOAN,
            granted_on=date(2022, 1, 1),
            repayment=RepaymentStatus.CURRENT,
        )


def test_insured_employees_cannot_exceed_employees() -> None:
    with pytest.raises(InvalidRecordError, match="'insured_employees' must not exceed"):
        VentureSnapshot(
            as_of=date(2023, 1, 1), employees=2, veteran_employees=0, insured_employees=3
        )


def test_a_closed_snapshot_needs_a_closure_date() -> None:
    snapshot = VentureSnapshot(
        as_of=date(2023, 1, 1), employees=0, veteran_employees=0, status=OperatingStatus.CLOSED
    )
    with pytest.raises(InvalidRecordError, match="set 'closed_on'"):
        _venture(snapshots=(snapshot,))


def test_an_operating_snapshot_after_closure_is_refused() -> None:
    snapshot = VentureSnapshot(
        as_of=date(2023, 1, 1), employees=1, veteran_employees=0, status=OperatingStatus.OPERATING
    )
    with pytest.raises(InvalidRecordError, match="after 'closed_on'"):
        _venture(closed_on=date(2022, 12, 1), snapshots=(snapshot,))


def test_every_certification_kind_names_its_source() -> None:
    assert set(CERTIFICATION_SOURCES) == set(CertificationKind)
    assert all(CERTIFICATION_SOURCES[k] for k in CertificationKind)


def test_a_lapsed_certification_is_not_held() -> None:
    held = Certification(
        kind=CertificationKind.HIGH_TECH_ENTERPRISE,
        awarded_on=date(2020, 1, 1),
        expires_on=date(2022, 12, 31),
    )
    assert held.is_held_on(date(2022, 12, 31))
    assert not held.is_held_on(date(2023, 1, 1))
