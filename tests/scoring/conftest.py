"""Builders of small caseloads for the scoring tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from veteran_services import (
    Answer,
    Branch,
    Caseload,
    ContractType,
    Disposition,
    Employer,
    Enrolment,
    EnrolmentOutcome,
    Instrument,
    Insurance,
    LikertScale,
    Money,
    Ownership,
    Placement,
    Programme,
    ProgrammeKind,
    ProviderKind,
    Question,
    RankCategory,
    ServicePeriod,
    Sex,
    SurveyResponse,
    Topic,
    TrainingProvider,
    Veteran,
)
from veteran_services.scoring import LabourMarket

FIVE = frozenset(
    {
        Insurance.PENSION,
        Insurance.MEDICAL,
        Insurance.UNEMPLOYMENT,
        Insurance.WORK_INJURY,
        Insurance.MATERNITY,
    }
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
            id="leave",
            text="Thinking of leaving?",
            scale=LikertScale(points=5),
            topic=Topic.JOB_SATISFACTION,
            reverse=True,
        ),
        Question(id="demand", text="Demands", scale=LikertScale(points=5), topic=Topic.JOB_DEMAND),
        Question(
            id="resource", text="Resources", scale=LikertScale(points=5), topic=Topic.JOB_RESOURCE
        ),
    ),
)


def veteran(vid: str, region: str = "320115") -> Veteran:
    return Veteran(
        id=vid,
        sex=Sex.MALE,
        region=region,
        service=(
            ServicePeriod(
                branch=Branch.ARMY,
                rank=RankCategory.NCO,
                start=date(2008, 9, 1),
                end=date(2014, 12, 1),
            ),
        ),
    )


def employer(eid: str, region: str = "320115") -> Employer:
    return Employer(
        id=eid, name=f"Employer {eid}", industry="H", region=region, ownership=Ownership.PRIVATE
    )


def placement(pid: str, **changes: Any) -> Placement:
    values: dict[str, Any] = {
        "id": pid,
        "veteran_id": "V1",
        "employer_id": "E1",
        "occupation": "8321",
        "started_on": date(2024, 3, 1),
        "contract": ContractType.FIXED_TERM,
        "contract_months": 36,
        "weekly_hours": Decimal("40"),
        "monthly_wage": Money.of("4980"),
        "insurance": FIVE,
    }
    values.update(changes)
    return Placement(**values)


def response(rid: str, pid: str, collected_on: date, **answers: int) -> SurveyResponse:
    return SurveyResponse(
        id=rid,
        instrument_id="FU",
        instrument_version=1,
        veteran_id="V1",
        placement_id=pid,
        wave_months=6,
        collected_on=collected_on,
        disposition=Disposition.COMPLETE,
        answers=tuple(Answer(question_id=q, value=v) for q, v in answers.items()),
    )


def caseload(
    placements: Iterable[Placement],
    *,
    responses: Iterable[SurveyResponse] = (),
    employers: Iterable[Employer] = (),
    veterans: Iterable[Veteran] = (),
    enrolments: Iterable[Enrolment] | None = None,
) -> Caseload:
    """A caseload around *placements*: veteran V1, employer E1 in Jiangning (320115), and a
    vocational programme for ISCO 8322 that V1 completed on 2024-01-15."""
    provider = TrainingProvider(
        id="T1", name="Driving school", kind=ProviderKind.VOCATIONAL_SCHOOL, region="320115"
    )
    programme = Programme(
        id="PR1",
        provider_id="T1",
        title="Heavy-goods driving",
        kind=ProgrammeKind.VOCATIONAL,
        target_occupations=frozenset({"8322"}),
    )
    default_enrolments = [
        Enrolment(
            id="EN1",
            veteran_id="V1",
            programme_id="PR1",
            enrolled_on=date(2023, 10, 1),
            ended_on=date(2024, 1, 15),
            outcome=EnrolmentOutcome.COMPLETED,
        )
    ]
    return Caseload(
        veterans=[veteran("V1"), *veterans],
        providers=[provider],
        programmes=[programme],
        enrolments=default_enrolments if enrolments is None else list(enrolments),
        employers=[employer("E1"), *employers],
        placements=list(placements),
        instruments=[INSTRUMENT],
        responses=list(responses),
    )


class Builders:
    """The builders, handed to tests as one fixture."""

    placement = staticmethod(placement)
    caseload = staticmethod(caseload)
    response = staticmethod(response)
    employer = staticmethod(employer)
    veteran = staticmethod(veteran)
    five = FIVE


@pytest.fixture(scope="session")
def build() -> type[Builders]:
    return Builders


@pytest.fixture(scope="session")
def market() -> LabourMarket:
    return LabourMarket.nanjing()
