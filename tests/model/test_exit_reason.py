"""Enrolment.exit_reason: the WIOA "other reason for exit" (issue 19, item 4).

Added within schema version 3 with a default of None that is never written, so every file
written before stays byte-identical (the generator's pinned digests hold that too).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import jsonschema
import pytest

from veteran_services import io
from veteran_services.errors import InvalidRecordError
from veteran_services.model import (
    Branch,
    Caseload,
    Enrolment,
    EnrolmentOutcome,
    ExclusionReason,
    Programme,
    ProgrammeKind,
    RankCategory,
    ServicePeriod,
    Sex,
    TrainingProvider,
    Veteran,
)
from veteran_services.model.enums import ProviderKind

ENDED = Enrolment(
    id="EN1",
    veteran_id="V1",
    programme_id="P1",
    enrolled_on=date(2024, 3, 1),
    ended_on=date(2024, 5, 10),
    outcome=EnrolmentOutcome.WITHDRAWN,
)


def test_no_exit_reason_is_not_written() -> None:
    assert ENDED.exit_reason is None
    assert "exit_reason" not in json.loads(io.dumps(ENDED))
    assert "exit_reason" not in io.json_schema(Enrolment)["required"]


def test_a_recorded_exit_reason_is_written_and_read_back() -> None:
    enrolment = attrs.evolve(ENDED, exit_reason=ExclusionReason.INSTITUTIONALISED)
    data = json.loads(io.dumps(enrolment))
    assert data["exit_reason"] == "institutionalised"
    jsonschema.validate(data, io.json_schema(Enrolment))
    assert io.loads(Enrolment, io.dumps(enrolment)) == enrolment


def test_an_enrolment_in_progress_has_no_exit_reason() -> None:
    with pytest.raises(InvalidRecordError, match="'exit_reason' needs 'ended_on'"):
        Enrolment(
            id="EN1",
            veteran_id="V1",
            programme_id="P1",
            enrolled_on=date(2024, 3, 1),
            exit_reason=ExclusionReason.MEDICAL,
        )
    with pytest.raises(InvalidRecordError, match="exit_reason"):
        attrs.evolve(ENDED, exit_reason="prison")


def test_the_database_keeps_the_exit_reason(tmp_path: Path) -> None:
    pytest.importorskip("sqlalchemy")
    from veteran_services import sql

    caseload = Caseload(
        veterans=[
            Veteran(
                id="V1",
                sex=Sex.MALE,
                region="320102",
                service=(
                    ServicePeriod(
                        branch=Branch.ARMY, rank=RankCategory.NCO, start=date(2010, 9, 1)
                    ),
                ),
            )
        ],
        providers=[
            TrainingProvider(
                id="TP1", name="Provider", kind=ProviderKind.VOCATIONAL_SCHOOL, region="320102"
            )
        ],
        programmes=[
            Programme(id="P1", provider_id="TP1", title="Welding", kind=ProgrammeKind.VOCATIONAL)
        ],
        enrolments=[
            attrs.evolve(ENDED, exit_reason=ExclusionReason.RESERVE_CALL_UP),
            attrs.evolve(ENDED, id="EN2"),
        ],
    )
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    sql.write_caseload(caseload, url)
    back = sql.read_caseload(url)
    reasons = {e.id: e.exit_reason for e in back.enrolments}
    assert reasons == {"EN1": ExclusionReason.RESERVE_CALL_UP, "EN2": None}
