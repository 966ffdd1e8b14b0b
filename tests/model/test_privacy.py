"""Personal details never show: not in repr(), str() or any error message.

Issue 2: "PersonalDetails content (name, national id, phone) never appears in repr() or str()
of any object, nor in any error message."
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veteran_services import (
    Answer,
    Branch,
    Caseload,
    Credential,
    Employer,
    Enrolment,
    EnrolmentOutcome,
    Ownership,
    PersonalDetails,
    Placement,
    RankCategory,
    ServicePeriod,
    Sex,
    Veteran,
)
from veteran_services.errors import InvalidCaseloadError, InvalidRecordError
from veteran_services.strategies import caseloads, personal_details, veterans

NAME = "张三丰"
NATIONAL_ID = "110101199003074514"
PHONE = "13800138000"
SECRETS = (NAME, NATIONAL_ID, PHONE)
DETAILS = PersonalDetails(name=NAME, national_id=NATIONAL_ID, phone=PHONE)


def _secrets_of(details: PersonalDetails | None) -> list[str]:
    if details is None:
        return []
    return [v for v in (details.name, details.national_id, details.phone) if v is not None]


def _shown(obj: object) -> str:
    return "\n".join((repr(obj), str(obj), f"{obj}", f"{obj!a}", format(obj, "")))


def test_personal_details_are_redacted() -> None:
    shown = _shown(DETAILS)
    assert all(secret not in shown for secret in SECRETS)
    assert NATIONAL_ID not in ascii(DETAILS)
    assert "redacted" in shown
    # The values are still there for code that asks for them explicitly.
    assert (DETAILS.name, DETAILS.national_id, DETAILS.phone) == SECRETS


@given(personal_details(), veterans())
def test_no_object_shows_personal_details(details: PersonalDetails, veteran: Veteran) -> None:
    veteran = attrs.evolve(veteran, personal=details)
    caseload = Caseload(veterans=(veteran,))
    for obj in (details, veteran, caseload, (veteran,), [details]):
        shown = _shown(obj)
        for secret in _secrets_of(details):
            assert secret not in shown


@pytest.mark.parametrize("field", ["name", "national_id", "phone"])
@pytest.mark.parametrize(
    "bad",
    [
        int(NATIONAL_ID),
        [PHONE],
        (NAME,),
        NAME.encode(),
        {"name": NAME},
        f"{PHONE}".replace(PHONE, "   "),
    ],
    ids=["int", "list", "tuple", "bytes", "dict", "blank"],
)
def test_error_about_personal_details_does_not_quote_them(field: str, bad: Any) -> None:
    with pytest.raises(InvalidRecordError) as caught:
        PersonalDetails(**{field: bad})
    error = caught.value
    assert error.field == field
    told = str(error) + repr(error) + repr(error.args)
    assert f"'{field}'" in told
    for secret in (*SECRETS, str(int(NATIONAL_ID)), repr(NAME.encode())):
        assert secret not in told


def test_evolving_personal_details_badly_does_not_quote_them() -> None:
    with pytest.raises(InvalidRecordError) as caught:
        attrs.evolve(DETAILS, phone=int(PHONE))
    assert PHONE not in str(caught.value)


def _errors_from(build: Any) -> str:
    with pytest.raises(InvalidRecordError) as caught:
        build()
    return str(caught.value) + repr(caught.value.args)


@pytest.mark.parametrize(
    "build",
    [
        # Personal details where other records belong: their repr is redacted.
        lambda: Caseload(veterans=[DETAILS]),
        lambda: Enrolment(
            id="N1",
            veteran_id="V1",
            programme_id="P1",
            enrolled_on=date(2020, 1, 1),
            ended_on=date(2020, 6, 1),
            outcome=EnrolmentOutcome.COMPLETED,
            credentials=[DETAILS],
        ),
        lambda: Answer(question_id="q1", value=DETAILS),  # type: ignore[arg-type]
        lambda: Placement(
            id="J1",
            veteran_id="V1",
            employer_id="E1",
            occupation="8322",
            started_on=date(2020, 1, 1),
            monthly_wage=DETAILS,  # type: ignore[arg-type]
        ),
        lambda: Employer(
            id="E1",
            name=DETAILS,
            industry="H",
            region="320115",
            ownership=Ownership.PRIVATE,  # type: ignore[arg-type]
        ),
        lambda: Credential(kind=DETAILS, title="x", awarded_on=date(2020, 1, 1)),  # type: ignore[arg-type]
        # Personal details given in the wrong shape to a veteran.
        lambda: _veteran(personal={"name": NAME, "national_id": NATIONAL_ID, "phone": PHONE}),
        lambda: _veteran(personal=(NAME, NATIONAL_ID, PHONE)),
        lambda: _veteran(personal=DETAILS, region=""),
    ],
    ids=[
        "caseload",
        "credentials",
        "answer",
        "wage",
        "employer-name",
        "credential-kind",
        "personal-dict",
        "personal-tuple",
        "other-field",
    ],
)
def test_errors_elsewhere_do_not_quote_personal_details(build: Any) -> None:
    told = _errors_from(build)
    for secret in SECRETS:
        assert secret not in told


def _veteran(**changes: Any) -> Veteran:
    base = {
        "id": "V1",
        "sex": Sex.MALE,
        "region": "320115",
        "service": (
            ServicePeriod(branch=Branch.ARMY, rank=RankCategory.NCO, start=date(2010, 9, 1)),
        ),
    }
    return Veteran(**{**base, **changes})


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(caseloads(max_veterans=3, min_veterans=1), st.data())
def test_check_and_validate_do_not_quote_personal_details(
    caseload: Caseload, data: st.DataObject
) -> None:
    # Give every veteran personal details, then break the caseload: duplicate a veteran and
    # point a placement at a missing employer.
    vets = tuple(attrs.evolve(v, personal=data.draw(personal_details())) for v in caseload.veterans)
    secrets = [s for v in vets for s in _secrets_of(v.personal)]
    first = vets[0]
    broken = caseload.replace(
        veterans=(*vets, first),
        placements=(
            *caseload.placements,
            Placement(
                id="planted!",
                veteran_id=first.id,
                employer_id="missing!",
                occupation="8322",
                started_on=first.service[0].start,
            ),
        ),
    )
    problems = broken.check()
    assert problems
    with pytest.raises(InvalidCaseloadError) as caught:
        broken.validate()
    told = "\n".join(str(p) + repr(p) for p in problems) + str(caught.value)
    for secret in secrets:
        assert secret not in told
