"""Personal details never reach repr(), str() or error messages.

Each veteran gets personal details made of marker strings that cannot occur by chance in
anything else the library prints, so "not found" is an exact and sound check.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

from veteran_services import (
    Branch,
    Caseload,
    InvalidRecordError,
    PersonalDetails,
    RankCategory,
    RecordError,
    ServicePeriod,
    Sex,
    Veteran,
    io,
)
from veteran_services.strategies import caseloads


def markers(index: int) -> PersonalDetails:
    return PersonalDetails(
        name=f"姓名⁂NAME{index:04d}⁂",
        national_id=f"⁂ID{index:04d}⁂",
        phone=f"⁂PHONE{index:04d}⁂",
    )


def with_markers(caseload: Caseload) -> tuple[Caseload, list[str]]:
    veterans = [attrs.evolve(v, personal=markers(i)) for i, v in enumerate(caseload.veterans)]
    values = [
        value
        for v in veterans
        if v.personal is not None
        for value in (v.personal.name, v.personal.national_id, v.personal.phone)
        if value is not None
    ]
    return caseload.replace(veterans=veterans), values


def assert_absent(text: str, values: list[str]) -> None:
    assert "⁂" not in text
    for value in values:
        assert value not in text


@settings(max_examples=10)
@given(caseloads(max_veterans=3, min_veterans=1))
def test_repr_and_str_never_show_personal_details(caseload: Caseload) -> None:
    caseload, values = with_markers(caseload)
    assert_absent(repr(caseload), values)
    assert_absent(str(caseload), values)
    for veteran in caseload.veterans:
        assert_absent(repr(veteran), values)
        assert_absent(str(veteran.personal), values)
        assert_absent(repr(attrs.asdict(veteran, recurse=False)["personal"]), values)


@settings(max_examples=10)
@given(caseloads(max_veterans=3, min_veterans=1))
def test_problems_never_show_personal_details(caseload: Caseload) -> None:
    caseload, values = with_markers(caseload)
    # Duplicate every veteran, so check() has problems to report about them.
    broken = caseload.replace(veterans=[*caseload.veterans, *caseload.veterans])
    problems = broken.check()
    assert problems
    for problem in problems:
        assert_absent(str(problem), values)
        assert_absent(repr(problem), values)


@pytest.mark.parametrize("field", ["name", "national_id", "phone"])
@pytest.mark.parametrize("bad", [12345678901, ["⁂LIST⁂"], b"\xe2\x81\x82BYTES", "   "])
def test_invalid_personal_details_are_not_echoed(field: str, bad: object) -> None:
    with pytest.raises(InvalidRecordError) as info:
        PersonalDetails(**{field: bad})  # type: ignore[arg-type]
    message = str(info.value)
    assert info.value.field == field
    assert "12345678901" not in message
    assert "⁂" not in message
    assert "BYTES" not in message


NAME, NUMBER, PHONE, OTHER = "张三丰", "11010519491231002X", "13800000001", "13912345678"
BAD_PERSONAL = {
    "a list for a name": {"name": [NAME], "national_id": NUMBER, "phone": PHONE},
    "a number for an identity number": {"name": NAME, "national_id": 11010519491231002},
    "a blank identity number": {"name": NAME, "national_id": "   ", "phone": PHONE},
    "an unknown key": {"name": NAME, "national_id": NUMBER, "mobile": OTHER},
    "text for the whole": f"{NAME} {NUMBER} {PHONE}",
    "true for a phone": {"name": NAME, "national_id": NUMBER, "phone": True},
}


def _veteran_data(personal: object) -> dict[str, object]:
    veteran = Veteran(
        id="V1", sex=Sex.MALE, region="320115",
        service=[ServicePeriod(branch=Branch.ARMY, rank=RankCategory.NCO, start=date(2014, 9, 1))],
    )  # fmt: skip
    data = io.to_dict(veteran)
    data["personal"] = personal
    return data


def assert_not_quoted(message: str) -> None:
    for value in (NAME, NUMBER, NUMBER[:17], PHONE, OTHER, NUMBER[6:14]):
        assert value not in message


@pytest.mark.parametrize("case", sorted(BAD_PERSONAL))
def test_reading_errors_never_quote_personal_details(case: str, tmp_path: Path) -> None:
    data = _veteran_data(BAD_PERSONAL[case])
    with pytest.raises(RecordError) as info:
        io.from_dict(Veteran, data)
    assert "$.personal" in str(info.value)
    assert_not_quoted(str(info.value))
    path = tmp_path / "veterans.jsonl"
    path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    result = io.read_jsonl(path, Veteran, errors="collect").collect()
    assert result.records == ()
    assert result.problems
    for problem in result.problems:
        assert problem.startswith("veterans.jsonl line 1: $.personal")
        assert_not_quoted(problem)


def test_valid_personal_details_are_read_when_present() -> None:
    data = _veteran_data({"name": NAME, "national_id": NUMBER, "phone": PHONE})
    veteran = io.from_dict(Veteran, data)
    assert veteran.personal == PersonalDetails(name=NAME, national_id=NUMBER, phone=PHONE)
