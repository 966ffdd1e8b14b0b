"""Builders of small hand-made caseloads for the metrics tests (the ``b`` fixture)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from veteran_services import (
    Answer,
    Branch,
    Caseload,
    ContactKind,
    ContractType,
    Credential,
    CredentialKind,
    Disposition,
    EarningsRecord,
    Employer,
    Enrolment,
    EnrolmentOutcome,
    Exclusion,
    ExclusionReason,
    Instrument,
    Insurance,
    LabourStatus,
    LegalForm,
    LikertScale,
    Money,
    Ownership,
    Placement,
    Programme,
    ProgrammeKind,
    ProviderKind,
    Quarter,
    Question,
    RankCategory,
    Resettlement,
    ServiceContact,
    ServicePeriod,
    Sex,
    SkillGain,
    SkillGainKind,
    SurveyResponse,
    Topic,
    TrainingProvider,
    Venture,
    VentureSnapshot,
    Veteran,
)

INSTRUMENT = Instrument(
    id="FU",
    version=1,
    title="Follow-up",
    questions=(
        Question(
            id="sat", text="Satisfied?", scale=LikertScale(points=5), topic=Topic.JOB_SATISFACTION
        ),
        Question(
            id="regret",
            text="Do you regret taking the job?",
            scale=LikertScale(points=5),
            topic=Topic.JOB_SATISFACTION,
            reverse=True,
        ),
    ),
)


def veteran(
    vid: str,
    *,
    sex: Sex = Sex.MALE,
    region: str = "320102",
    born: date = date(1995, 1, 1),
    separated: date = date(2016, 6, 30),
    registered: date | None = None,
    exclusions: Iterable[tuple[ExclusionReason, date]] = (),
    resettlement: Resettlement | None = Resettlement.SELF_EMPLOYMENT,
) -> Veteran:
    return Veteran(
        id=vid,
        sex=sex,
        region=region,
        birth_date=born,
        service=(
            ServicePeriod(
                branch=Branch.ARMY,
                rank=RankCategory.NCO,
                start=date(2014, 9, 1),
                end=separated,
                resettlement=resettlement,
            ),
        ),
        registered_on=registered,
        exclusions=tuple(Exclusion(reason=r, on=d) for r, d in exclusions),
    )


def provider(pid: str = "TP1") -> TrainingProvider:
    return TrainingProvider(
        id=pid, name=f"Provider {pid}", kind=ProviderKind.VOCATIONAL_SCHOOL, region="320102"
    )


def programme(
    pid: str = "PG1", *, kind: ProgrammeKind = ProgrammeKind.VOCATIONAL, provider_id: str = "TP1"
) -> Programme:
    return Programme(id=pid, provider_id=provider_id, title=f"Programme {pid}", kind=kind)


def enrolment(
    eid: str,
    vid: str,
    start: date,
    end: date | None,
    *,
    programme_id: str = "PG1",
    credentials: Iterable[tuple[CredentialKind, date]] = (),
    gains: Iterable[date] = (),
) -> Enrolment:
    return Enrolment(
        id=eid,
        veteran_id=vid,
        programme_id=programme_id,
        enrolled_on=start,
        ended_on=end,
        outcome=EnrolmentOutcome.IN_PROGRESS if end is None else EnrolmentOutcome.COMPLETED,
        credentials=tuple(Credential(kind=k, title=k.value, awarded_on=d) for k, d in credentials),
        skill_gains=tuple(SkillGain(kind=SkillGainKind.SKILLS_EXAM, achieved_on=d) for d in gains),
    )


def employer(eid: str = "E1") -> Employer:
    return Employer(
        id=eid, name=f"Employer {eid}", industry="C", region="320102", ownership=Ownership.PRIVATE
    )


def placement(
    pid: str,
    vid: str,
    start: date,
    end: date | None = None,
    *,
    employer_id: str = "E1",
    wage: str | None = "6000",
    subsidised: bool = False,
    enrolment_id: str | None = None,
    contract: ContractType | None = None,
    insurance: Iterable[Insurance] | None = None,
    hours: str | None = None,
) -> Placement:
    """A placement; the contract type, social insurance and weekly hours are not recorded
    (None) unless given, as in a ledger without those columns."""
    return Placement(
        id=pid,
        veteran_id=vid,
        employer_id=employer_id,
        occupation="8322",
        started_on=start,
        ended_on=end,
        monthly_wage=None if wage is None else Money.of(wage),
        subsidised=subsidised,
        enrolment_id=enrolment_id,
        contract=contract,
        insurance=None if insurance is None else frozenset(insurance),
        weekly_hours=None if hours is None else Decimal(hours),
    )


def earnings(vid: str, quarter: str, amount: str, *, employer_id: str = "E1") -> EarningsRecord:
    return EarningsRecord(
        veteran_id=vid,
        employer_id=employer_id,
        quarter=Quarter.parse(quarter),
        amount=Money(amount=Decimal(amount)),
    )


def venture(
    vid: str,
    founder: str,
    registered: date,
    closed: date | None = None,
    *,
    snapshots: Iterable[tuple[date, int, int]] = (),
    region: str = "320104",
) -> Venture:
    return Venture(
        id=vid,
        founder_ids=(founder,),
        name=f"Venture {vid}",
        legal_form=LegalForm.INDIVIDUAL_BUSINESS,
        industry="G",
        region=region,
        registered_on=registered,
        closed_on=closed,
        snapshots=tuple(
            VentureSnapshot(as_of=d, employees=e, veteran_employees=v) for d, e, v in snapshots
        ),
    )


def contact(cid: str, vid: str, day: date, kind: ContactKind = ContactKind.COUNSELLING) -> Any:
    return ServiceContact(id=cid, veteran_id=vid, occurred_on=day, kind=kind)


def response(
    rid: str,
    vid: str,
    *,
    placement_id: str | None = None,
    wave: int | None = 6,
    disposition: Disposition = Disposition.COMPLETE,
    status: LabourStatus | None = None,
    collected: date | None = date(2020, 1, 1),
    answers: dict[str, int] | None = None,
    weight: float = 1.0,
) -> SurveyResponse:
    return SurveyResponse(
        id=rid,
        instrument_id="FU",
        instrument_version=1,
        veteran_id=vid,
        placement_id=placement_id,
        wave_months=wave,
        collected_on=collected,
        disposition=disposition,
        labour_status=status,
        answers=tuple(Answer(question_id=q, value=v) for q, v in (answers or {}).items()),
        weight=weight,
    )


def caseload(**records: Iterable[Any]) -> Caseload:
    """A caseload with one provider, one programme and one employer unless given."""
    records.setdefault("providers", [provider()])
    records.setdefault("programmes", [programme()])
    records.setdefault("employers", [employer()])
    records.setdefault("instruments", [INSTRUMENT])
    return Caseload(**{kind: tuple(items) for kind, items in records.items()})


@pytest.fixture(scope="session")
def b() -> SimpleNamespace:
    """The builders, as ``b.veteran(...)``, ``b.caseload(...)``, ..."""
    return SimpleNamespace(
        veteran=veteran,
        provider=provider,
        programme=programme,
        enrolment=enrolment,
        employer=employer,
        placement=placement,
        earnings=earnings,
        venture=venture,
        contact=contact,
        response=response,
        caseload=caseload,
        INSTRUMENT=INSTRUMENT,
    )
