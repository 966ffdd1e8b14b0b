"""Data frames: dotted columns with proper dtypes, and back through the same validation."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from veteran_services import RECORD_KINDS, Caseload, PersonalDetails, Placement, io
from veteran_services import strategies as vst
from veteran_services.errors import InvalidInputError, RecordError

pd = pytest.importorskip("pandas")


@settings(max_examples=15)
@given(caseload=vst.caseloads(max_veterans=3))
def test_frame_round_trip_every_record_kind(caseload: Caseload) -> None:
    for kind in RECORD_KINDS:
        cls = io.KIND_CLASSES[kind]
        records = caseload.records(kind)
        if kind == "veterans":  # all-missing nested columns read back as a missing record
            records = tuple(
                attrs.evolve(v, personal=None) if v.personal == PersonalDetails() else v
                for v in records
            )
        frame = io.to_frame(records, cls=cls, include_personal=True)
        assert len(frame) == len(records)
        assert io.from_frame(frame, cls) == records


def test_dtypes(placement: Placement) -> None:
    frame = io.to_frame([placement])
    assert frame["started_on"].dtype.kind == "M"
    assert frame["ended_on"].isna().all()
    assert isinstance(frame["contract"].dtype, pd.CategoricalDtype)
    assert "open_ended" in list(frame["contract"].cat.categories)
    assert frame["monthly_wage.amount"][0] == "5292.51"
    assert str(frame["contract_months"].dtype) == "Int64"
    assert str(frame["subsidised"].dtype) == "boolean"
    floats = io.to_frame([placement], decimals="float")
    assert floats["monthly_wage.amount"].dtype == "float64"
    assert io.from_frame(floats, Placement) == (placement,)


def test_from_frame_refuses_what_is_no_frame_by_name() -> None:
    with pytest.raises(
        InvalidInputError, match=r"^'frame' must be a pandas DataFrame, got \[\{"
    ) as info:
        io.from_frame([{"id": "P1"}], Placement)
    assert info.value.argument == "frame"


def test_from_frame_validates(placement: Placement) -> None:
    frame = io.to_frame([placement, attrs.evolve(placement, id="P2")])
    frame.loc[1, "monthly_wage.amount"] = "-5"
    with pytest.raises(RecordError) as info:
        io.from_frame(frame, Placement)
    assert info.value.problems == (
        "row 1: $.monthly_wage.amount: 'amount' must not be negative, got -5",
    )
    with pytest.raises(RecordError, match="column 'colour': unknown column"):
        io.from_frame(frame.assign(colour="red"), Placement)


def test_personal_columns_only_when_asked(veteran: Any) -> None:
    assert not any(c.startswith("personal") for c in io.to_frame([veteran]).columns)
    frame = io.to_frame([veteran], include_personal=True)
    assert frame["personal.name"][0] == "张三"


def test_from_frame_maps_columns_and_collects_problems() -> None:
    frame = pd.DataFrame(
        {
            "编号": ["P1", "P2"],
            "veteran_id": ["V1", "V1"],
            "用人单位": ["E1", "E1"],
            "岗位": ["保安员", "快递员"],
            "入职日期": ["2024-03-01", "2024-02-30"],
        }
    )
    columns = {"编号": "id", "用人单位": "employer_id", "岗位": "occupation_title"}
    with pytest.raises(InvalidInputError, match="'columns'"):
        io.from_frame(frame, Placement, columns={"编号": "identifier"})
    with pytest.raises(RecordError, match="unknown column"):
        io.from_frame(frame, Placement, columns=columns)  # 入职日期 is not mapped
    columns["入职日期"] = "started_on"
    result = io.from_frame(frame, Placement, columns=columns, errors="collect")
    assert [p.id for p in result.records] == ["P1"]
    (problem,) = result.problems
    assert problem.startswith("row 1: $.started_on: ")
    with pytest.raises(RecordError):
        io.from_frame(frame, Placement, columns=columns)
