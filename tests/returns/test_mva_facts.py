"""The model's facts for the MVA return (schema 3): they travel through every layout, and are
left out of JSON while unknown so files written before stay byte-identical."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from veteran_services import io
from veteran_services.errors import InvalidRecordError
from veteran_services.model import (
    PARTICIPATION_CONTACTS,
    AdmissionRoute,
    Caseload,
    ContactKind,
    Enrolment,
    Livelihood,
    LivelihoodKind,
    Resettlement,
    ServicePeriod,
    Sex,
    Veteran,
    label,
)

_SERVICE = (
    ServicePeriod(
        start=date(2019, 9, 1), end=date(2023, 9, 1), resettlement=Resettlement.SELF_EMPLOYMENT
    ),
)


def _veteran(**extra: object) -> Veteran:
    options: dict[str, object] = {"id": "V1", **extra}
    return Veteran(sex=Sex.MALE, region="320102", service=_SERVICE, **options)  # type: ignore[arg-type]


def _facts() -> tuple[Veteran, Enrolment]:
    veteran = _veteran(
        livelihoods=(
            Livelihood(kind=LivelihoodKind.FARMING, started_on=date(2023, 10, 1)),
            Livelihood(
                kind=LivelihoodKind.OWN_ACCOUNT,
                started_on=date(2023, 9, 5),
                ended_on=date(2023, 9, 30),
            ),
        ),
        difficulty_recognised_on=date(2024, 1, 10),
    )
    enrolment = Enrolment(
        id="EN1",
        veteran_id="V1",
        programme_id="P1",
        enrolled_on=date(2023, 9, 20),
        admission=AdmissionRoute.RESUMED,
    )
    return veteran, enrolment


def test_unknown_facts_are_left_out_of_json() -> None:
    data = json.loads(io.dumps(_veteran()))
    assert "livelihoods" not in data
    assert "difficulty_recognised_on" not in data
    enrolment = Enrolment(
        id="EN1", veteran_id="V1", programme_id="P1", enrolled_on=date(2024, 1, 1)
    )
    assert "admission" not in json.loads(io.dumps(enrolment))


def test_recorded_facts_are_written_and_read_back() -> None:
    veteran, enrolment = _facts()
    data = json.loads(io.dumps(veteran))
    assert data["livelihoods"][0] == {
        "kind": "farming",
        "started_on": "2023-10-01",
        "ended_on": None,
    }
    assert data["difficulty_recognised_on"] == "2024-01-10"
    assert io.loads(Veteran, io.dumps(veteran)) == veteran
    assert json.loads(io.dumps(enrolment))["admission"] == "resumed"
    assert io.loads(Enrolment, io.dumps(enrolment)) == enrolment


def test_the_json_schema_knows_the_facts_and_requires_none_of_them() -> None:
    veteran, enrolment = _facts()
    for record, cls in ((veteran, Veteran), (enrolment, Enrolment), (_veteran(), Veteran)):
        schema = io.json_schema(cls)
        jsonschema.validate(json.loads(io.dumps(record)), schema)
    assert "livelihoods" in io.json_schema(Veteran)["properties"]
    assert "difficulty_recognised_on" not in io.json_schema(Veteran)["required"]
    assert "admission" not in io.json_schema(Enrolment)["required"]


def test_csv_round_trip(tmp_path: Path) -> None:
    veteran, enrolment = _facts()
    io.write_csv(tmp_path / "veterans.csv", [veteran, _veteran(id="V2")])
    io.write_csv(tmp_path / "enrolments.csv", [enrolment])
    veterans = io.read_csv(tmp_path / "veterans.csv", Veteran).records
    assert veterans[0] == veteran
    assert veterans[1].livelihoods == ()
    assert veterans[1].difficulty_recognised_on is None
    assert io.read_csv(tmp_path / "enrolments.csv", Enrolment).records == (enrolment,)


def test_caseload_folder_round_trip(tmp_path: Path) -> None:
    veteran, enrolment = _facts()
    caseload = Caseload(veterans=(veteran, _veteran(id="V2")), enrolments=(enrolment,))
    io.write_caseload(caseload, tmp_path / "c")
    assert io.read_caseload(tmp_path / "c") == caseload


def test_arrow_round_trip() -> None:
    columnar = pytest.importorskip("veteran_services.columnar")
    veteran, enrolment = _facts()
    caseload = Caseload(veterans=(veteran,), enrolments=(enrolment,))
    assert columnar.from_arrow(columnar.to_arrow(caseload)) == caseload


def test_frame_round_trip() -> None:
    pytest.importorskip("pandas")
    veteran, enrolment = _facts()
    frame = io.to_frame([veteran])
    assert io.from_frame(frame, Veteran) == (veteran,)
    assert io.from_frame(io.to_frame([enrolment]), Enrolment) == (enrolment,)


def test_a_livelihood_must_not_end_before_it_starts() -> None:
    with pytest.raises(InvalidRecordError, match="ended_on"):
        Livelihood(
            kind=LivelihoodKind.FARMING, started_on=date(2024, 1, 2), ended_on=date(2024, 1, 1)
        )


def test_livelihoods_hold_livelihoods() -> None:
    with pytest.raises(InvalidRecordError, match="livelihoods"):
        _veteran(livelihoods=("farming",))


def test_targeted_assistance_is_a_participation_contact_with_labels() -> None:
    assert ContactKind.DIFFICULTY_ASSISTANCE in PARTICIPATION_CONTACTS
    assert label(ContactKind.DIFFICULTY_ASSISTANCE, "zh") == "就业困难针对性帮扶"
    assert label(AdmissionRoute.RESUMED, "zh") == "退役大学生士兵复学"
    assert label(LivelihoodKind.FARMING, "zh") == "返乡务农"


def test_examination_routes() -> None:
    assert {r for r in AdmissionRoute if not r.by_examination} == {
        AdmissionRoute.RESUMED,
        AdmissionRoute.OTHER,
    }
