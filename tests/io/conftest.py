"""Shared records for the interchange tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from veteran_services import (
    Answer,
    Barrier,
    Branch,
    ContractType,
    Disposition,
    EducationLevel,
    Insurance,
    Money,
    PersonalDetails,
    Placement,
    RankCategory,
    Resettlement,
    ServicePeriod,
    Sex,
    SurveyResponse,
    Veteran,
)


@pytest.fixture
def veteran() -> Veteran:
    return Veteran(
        id="V1",
        sex=Sex.MALE,
        birth_date=date(1995, 3, 4),
        region="320115",
        education=EducationLevel.SHORT_CYCLE_TERTIARY,
        registered_on=date(2021, 9, 15),
        barriers=frozenset({Barrier.LOW_INCOME, Barrier.DISABILITY}),
        service=(
            ServicePeriod(
                branch=Branch.ARMY,
                rank=RankCategory.NCO,
                start=date(2013, 9, 1),
                end=date(2021, 8, 31),
                resettlement=Resettlement.SELF_EMPLOYMENT,
            ),
        ),
        personal=PersonalDetails(
            name="张三", national_id="110101199003074514", phone="13800000000"
        ),
    )


@pytest.fixture
def placement() -> Placement:
    return Placement(
        id="P1",
        veteran_id="V1",
        employer_id="E1",
        occupation="8322",
        started_on=date(2024, 3, 1),
        contract=ContractType.FIXED_TERM,
        contract_months=36,
        weekly_hours=Decimal("40.5"),
        monthly_wage=Money.of("5292.51"),
        insurance=frozenset({Insurance.PENSION, Insurance.MEDICAL}),
    )


@pytest.fixture
def response() -> SurveyResponse:
    return SurveyResponse(
        id="R1",
        instrument_id="FU",
        instrument_version=1,
        veteran_id="V1",
        disposition=Disposition.COMPLETE,
        collected_on=date(2024, 6, 1),
        answers=(
            Answer(question_id="q1", value=4),
            Answer(question_id="q2", value=True),
            Answer(question_id="q3", value=2.5),
            Answer(question_id="q4", value="ok"),
            Answer(question_id="q5", value=("a", "b")),
        ),
        weight=1.5,
    )
