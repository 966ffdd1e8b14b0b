"""A small hand-built caseload with one record of every kind, personal details and free text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from veteran_services import (
    Answer,
    Branch,
    Caseload,
    ChoiceScale,
    ContactKind,
    ContractType,
    Credential,
    CredentialKind,
    Disposition,
    EarningsRecord,
    Employer,
    Enrolment,
    EnrolmentOutcome,
    Instrument,
    LegalForm,
    LikertScale,
    Money,
    Ownership,
    PersonalDetails,
    Placement,
    Programme,
    ProgrammeKind,
    ProviderKind,
    Quarter,
    Question,
    RankCategory,
    ServiceContact,
    ServicePeriod,
    Sex,
    SurveyResponse,
    TextScale,
    TrainingProvider,
    Venture,
    Veteran,
)

#: Personal details of the fixture's veterans: none of these may survive pseudonymisation.
PERSONAL = (
    PersonalDetails(name="张三", national_id="11010519491231002X", phone="13800000001"),
    PersonalDetails(name="Li Si", national_id="440524188001010014", phone="13800000002"),
    PersonalDetails(name="王五", national_id="320115199003074514", phone="13800000003"),
)

FREE_TEXT = "my manager 张三丰 at the depot is unfair"


def _veteran(index: int, born: date, started: date) -> Veteran:
    return Veteran(
        id=f"V{index}",
        sex=Sex.MALE if index % 2 else Sex.FEMALE,
        region="320115",
        birth_date=born,
        registered_on=date(2021, 9, 10),
        service=(
            ServicePeriod(
                branch=Branch.ARMY, rank=RankCategory.NCO, start=started, end=date(2021, 8, 31)
            ),
        ),
        personal=PERSONAL[index - 1],
    )


def build_caseload() -> Caseload:
    """Three veterans, one record of every other kind; valid (no errors from check())."""
    veterans = [
        # Born 31 December, started service on 1 January of the next year: coarsening the
        # birth date to 1 July would put birth after the start of service.
        _veteran(1, date(1995, 12, 31), date(1996, 1, 1)),
        _veteran(2, date(1998, 3, 4), date(2016, 9, 1)),
        _veteran(3, date(1999, 7, 20), date(2017, 9, 1)),
    ]
    provider = TrainingProvider(
        id="T1", name="Jiangning Training Centre", kind=ProviderKind.PUBLIC_TRAINING_CENTRE,
        region="320115", contracted=True,
    )  # fmt: skip
    programme = Programme(
        id="G1", provider_id="T1", title="Logistics", kind=ProgrammeKind.VOCATIONAL,
        target_occupations=frozenset({"8322"}),
    )  # fmt: skip
    enrolments = [
        Enrolment(
            id="N1", veteran_id="V1", programme_id="G1", enrolled_on=date(2021, 10, 1),
            ended_on=date(2021, 12, 20), outcome=EnrolmentOutcome.COMPLETED,
            credentials=(
                Credential(kind=CredentialKind.TRAINING_CERTIFICATE, title="Forklift",
                           awarded_on=date(2021, 12, 20)),
            ),
        ),
        Enrolment(id="N2", veteran_id="V2", programme_id="G1", enrolled_on=date(2022, 1, 5)),
    ]  # fmt: skip
    employer = Employer(
        id="E1", name="Lakeside Logistics", industry="H", region="320115",
        ownership=Ownership.PRIVATE,
    )  # fmt: skip
    placements = [
        Placement(
            id="P1", veteran_id="V1", employer_id="E1", occupation="8322",
            started_on=date(2022, 1, 10), contract=ContractType.FIXED_TERM, contract_months=36,
            weekly_hours=Decimal("40"), monthly_wage=Money.of("5200.50"), enrolment_id="N1",
        ),
        Placement(id="P2", veteran_id="V3", employer_id="E1", occupation="8322",
                  started_on=date(2022, 3, 1)),
    ]  # fmt: skip
    venture = Venture(
        id="B1", founder_ids=("V2", "V3"), name="王五 Noodles", industry="I", region="320115",
        legal_form=LegalForm.INDIVIDUAL_BUSINESS, registered_on=date(2022, 5, 10),
    )  # fmt: skip
    earnings = [
        EarningsRecord(veteran_id="V1", employer_id="E1", quarter=Quarter(year=2022, quarter=q),
                       amount=Money.of("15600"))
        for q in (1, 2)
    ]  # fmt: skip
    contacts = [
        ServiceContact(id=f"C{i}", veteran_id=f"V{i}", occurred_on=date(2021, 9, 10),
                       kind=ContactKind.REGISTRATION)
        for i in (1, 2, 3)
    ]  # fmt: skip
    instrument = Instrument(
        id="FU", version=1, title="Follow-up",
        questions=(
            Question(id="sat", text="How satisfied are you?", scale=LikertScale(points=5)),
            Question(id="why", text="Anything else?", scale=TextScale()),
            Question(id="how", text="How did you find it?",
                     scale=ChoiceScale(options=("bureau", "friend"))),
        ),
    )  # fmt: skip
    responses = [
        SurveyResponse(
            id="R1", instrument_id="FU", instrument_version=1, veteran_id="V1",
            placement_id="P1", wave_months=3, collected_on=date(2022, 4, 12),
            disposition=Disposition.COMPLETE,
            answers=(Answer(question_id="sat", value=4), Answer(question_id="why", value=FREE_TEXT),
                     Answer(question_id="how", value="bureau")),
        ),
        SurveyResponse(
            id="R2", instrument_id="FU", instrument_version=1, veteran_id="V3",
            placement_id="P2", wave_months=3, disposition=Disposition.REFUSAL,
        ),
    ]  # fmt: skip
    return Caseload(
        veterans=veterans, providers=[provider], programmes=[programme], enrolments=enrolments,
        employers=[employer], placements=placements, ventures=[venture], earnings=earnings,
        contacts=contacts, instruments=[instrument], responses=responses,
    )  # fmt: skip


@pytest.fixture
def caseload() -> Caseload:
    return build_caseload()


@pytest.fixture
def key() -> bytes:
    return bytes.fromhex("26744f53b773a64582c4fc309db7fabacbb5a7c6e80167119014b5358c9c15eb")


@pytest.fixture
def make_caseload() -> Callable[[], Caseload]:
    return build_caseload


@pytest.fixture
def personal() -> tuple[PersonalDetails, ...]:
    return PERSONAL


@pytest.fixture
def free_text() -> str:
    return FREE_TEXT
