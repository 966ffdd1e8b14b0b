"""JSON and JSON Lines: round trips, strict hooks, error lines, personal details, migrations."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veteran_services import (
    RECORD_KINDS,
    Caseload,
    EarningsRecord,
    Instrument,
    LikertScale,
    Money,
    Placement,
    Quarter,
    Question,
    SurveyResponse,
    Veteran,
    YesNoScale,
    io,
)
from veteran_services import strategies as vst
from veteran_services.errors import InvalidInputError, RecordError
from veteran_services.model import MAX_AMOUNT, MAX_DECIMAL_PLACES, ContractType


def problems_of(call: Any, *args: Any, **kwargs: Any) -> tuple[str, ...]:
    with pytest.raises(RecordError) as info:
        call(*args, **kwargs)
    return info.value.problems


def every_record(caseload: Caseload) -> list[Any]:
    return [record for kind in RECORD_KINDS for record in caseload.records(kind)]


# --- round trips ----------------------------------------------------------------------------


@settings(max_examples=15)
@given(caseload=vst.caseloads(max_veterans=3))
def test_round_trip_every_record_kind(caseload: Caseload, tmp_path_factory: Any) -> None:
    """DESIGN §5: lossless round trips through dicts, JSON text and JSON Lines."""
    for record in every_record(caseload):
        data = io.to_dict(record, include_personal=True)
        assert json.loads(json.dumps(data)) == data  # plain JSON data, nothing else
        assert io.from_dict(type(record), data) == record
        assert io.loads(type(record), io.dumps(record, include_personal=True)) == record
    folder = tmp_path_factory.mktemp("jsonl")
    for kind in RECORD_KINDS:
        records = caseload.records(kind)
        path = folder / f"{kind}.jsonl"
        assert io.write_jsonl(path, records, include_personal=True) == len(records)
        cls = io.KIND_CLASSES[kind]
        assert io.read_jsonl(path, cls).collect().records == records


@given(
    st.decimals(
        min_value=0, max_value=MAX_AMOUNT, allow_nan=False, allow_infinity=False, places=None
    ).filter(lambda d: d < MAX_AMOUNT and d.as_tuple().exponent >= -MAX_DECIMAL_PLACES)
)
def test_money_keeps_every_digit(amount: Decimal) -> None:
    money = Money(amount=amount)
    text = io.dumps(money)
    back = io.loads(Money, text)
    assert back == money
    # Not only equal: the same digits, trailing zeros included (1.50 stays 1.50).
    assert back.amount.as_tuple() == amount.as_tuple() or "E" in str(amount)


def test_money_trailing_zeros_and_long_digits_survive() -> None:
    for text in ("0.10", "5292.50", "999999999999999.9999", "123456789012345.1000"):
        assert io.to_dict(Money.of(text))["amount"] == text
        assert str(io.loads(Money, io.dumps(Money.of(text))).amount) == text


def test_exponent_decimals_are_written_plainly() -> None:
    assert io.to_dict(Money(amount=Decimal("1E+3")))["amount"] == "1000"


def test_wire_format_of_a_placement(placement: Placement) -> None:
    assert io.to_dict(placement) == {
        "id": "P1",
        "veteran_id": "V1",
        "employer_id": "E1",
        "occupation": "8322",
        "occupation_title": None,
        "started_on": "2024-03-01",
        "ended_on": None,
        "end_reason": None,
        "contract": "fixed_term",
        "contract_months": 36,
        "weekly_hours": "40.5",
        "monthly_wage": {"amount": "5292.51", "currency": "CNY"},
        "insurance": ["medical", "pension"],
        "subsidised": False,
        "source": "other",
        "enrolment_id": None,
    }


def test_scales_are_tagged_by_kind_and_answers_keep_their_json_type(
    response: SurveyResponse,
) -> None:
    instrument = Instrument(
        id="FU",
        version=1,
        title="Follow-up",
        questions=(
            Question(id="q1", text="Satisfied?", scale=LikertScale(points=5)),
            Question(id="q2", text="Still employed?", scale=YesNoScale()),
        ),
    )
    data = io.to_dict(instrument)
    assert [q["scale"]["kind"] for q in data["questions"]] == ["likert", "yes_no"]
    assert data["questions"][1]["scale"] == {"kind": "yes_no"}
    values = [a["value"] for a in io.to_dict(response)["answers"]]
    assert values == [4, True, 2.5, "ok", ["a", "b"]]
    assert io.from_dict(SurveyResponse, io.to_dict(response)) == response


def test_quarters_are_written_like_2024q1() -> None:
    record = EarningsRecord(
        veteran_id="V1",
        employer_id="E1",
        quarter=Quarter(year=2024, quarter=1),
        amount=Money.of("100"),
    )
    assert io.to_dict(record)["quarter"] == "2024Q1"
    assert io.from_dict(EarningsRecord, io.to_dict(record)) == record


# --- strict hooks (DESIGN §8) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"id": None}, "$.id: must be a string (got None)"),
        ({"contract_months": 36.0}, "$.contract_months: must be a whole number (got 36.0)"),
        ({"contract_months": True}, "$.contract_months: must be a whole number (got True)"),
        ({"contract_months": "36"}, "$.contract_months: must be a whole number (got '36')"),
        ({"subsidised": 1}, "$.subsidised: must be true or false (got 1)"),
        (
            {"weekly_hours": 40.5},
            "$.weekly_hours: must be a decimal number written as a string (got 40.5)",
        ),
        ({"weekly_hours": "4O"}, "$.weekly_hours: must be a decimal number (got '4O')"),
        ({"weekly_hours": "NaN"}, "$.weekly_hours: must be a decimal number (got 'NaN')"),
        (
            {"started_on": "2024-3-1"},
            "$.started_on: must be a date written YYYY-MM-DD (got '2024-3-1')",
        ),
        (
            {"started_on": "20240301"},
            "$.started_on: must be a date written YYYY-MM-DD (got '20240301')",
        ),
        (
            {"started_on": "2024-02-30"},
            "$.started_on: must be a date written YYYY-MM-DD (got '2024-02-30')",
        ),
        ({"insurance": "pension"}, "$.insurance: must be a list (got 'pension')"),
        (
            {"insurance": ["pension", "dental"]},
            (
                "$.insurance[1]: must be one of 'pension', 'medical', 'unemployment', "
                "'work_injury', 'maternity', 'housing_fund' (got 'dental')"
            ),
        ),
        (
            {"monthly_wage": {"amount": "abc"}},
            "$.monthly_wage.amount: must be a decimal number (got 'abc')",
        ),
        (
            {"monthly_wage": {"amount": "-1"}},
            "$.monthly_wage.amount: 'amount' must not be negative, got -1",
        ),
        ({"monthly_wage": "5000"}, "$.monthly_wage: must be an object (got '5000')"),
        (
            {"ended_on": "2024-02-01"},
            "$.ended_on: 'ended_on' must not precede 'started_on' (2024-03-01), got 2024-02-01",
        ),
        ({"nickname": "x"}, "$.nickname: unknown key (Placement has no field 'nickname')"),
    ],
)
def test_bad_values_are_refused_with_path_message_and_value(
    placement: Placement, change: dict[str, Any], expected: str
) -> None:
    data = {**io.to_dict(placement), **change}
    assert problems_of(io.from_dict, Placement, data) == (expected,)


def test_every_problem_of_a_record_is_reported_together(placement: Placement) -> None:
    data = {**io.to_dict(placement), "id": None, "subsidised": "no", "extra": 1}
    del data["started_on"]
    assert problems_of(io.from_dict, Placement, data) == (
        "$.id: must be a string (got None)",
        "$.started_on: is required but missing",
        "$.subsidised: must be true or false (got 'no')",
        "$.extra: unknown key (Placement has no field 'extra')",
    )


def test_scale_kind_is_checked(response: SurveyResponse) -> None:
    data = {
        "id": "I",
        "version": 1,
        "title": "t",
        "questions": [
            {"id": "q1", "text": "x", "scale": {"kind": "likret", "points": 5}},
            {"id": "q2", "text": "y", "scale": {"points": 5}},
            {"id": "q3", "text": "z", "scale": {"kind": "likert", "points": 20}},
        ],
    }
    assert problems_of(io.from_dict, Instrument, data) == (
        (
            "$.questions[0].scale.kind: must be one of 'likert', 'yes_no', 'numeric', 'choice', "
            "'text' (got 'likret')"
        ),
        (
            "$.questions[1].scale.kind: is required but missing (one of 'likert', 'yes_no', "
            "'numeric', 'choice', 'text')"
        ),
        "$.questions[2].scale.points: 'points' must be between 2 and 11, got 20",
    )


def test_answer_values_are_read_by_json_type(response: SurveyResponse) -> None:
    data = io.to_dict(response)
    data["answers"][0]["value"] = {"x": 1}
    data["answers"][4]["value"] = ["a", 2]
    assert problems_of(io.from_dict, SurveyResponse, data) == (
        (
            "$.answers[0].value: must be a number, true/false, text or a list of options "
            "(got {'x': 1})"
        ),
        "$.answers[4].value[1]: must be an option string (got 2)",
    )


def test_tolerant_mode_sets_unknown_keys_aside_and_reports_them(placement: Placement) -> None:
    data = {**io.to_dict(placement), "nickname": "x"}
    data["monthly_wage"] = {**data["monthly_wage"], "note": "net"}
    with pytest.warns(io.UnknownKeysWarning) as caught:
        assert io.from_dict(Placement, data, strict=False) == placement
    assert str(caught[0].message) == (
        "2 unknown keys set aside in the record:\n"
        "$.monthly_wage.note: unknown key set aside\n"
        "$.nickname: unknown key set aside"
    )


def test_tolerant_mode_still_reports_real_problems(placement: Placement) -> None:
    data = {**io.to_dict(placement), "nickname": "x", "id": ""}
    with pytest.warns(io.UnknownKeysWarning):
        problems = problems_of(io.from_dict, Placement, data, strict=False)
    assert problems == ("$.id: 'id' must be non-empty without surrounding whitespace, got ''",)


def test_make_converter_tolerant_ignores_unknown_keys(placement: Placement) -> None:
    converter = io.make_converter(strict=False)
    data = {**io.to_dict(placement), "nickname": "x"}
    assert converter.structure(data, Placement) == placement


# --- personal details --------------------------------------------------------------------


def test_personal_details_are_written_only_when_asked(veteran: Veteran, tmp_path: Path) -> None:
    assert "personal" not in io.to_dict(veteran)
    assert "张三" not in io.dumps(veteran)
    assert io.to_dict(veteran, include_personal=True)["personal"] == {
        "name": "张三",
        "national_id": "110101199003074514",
        "phone": "13800000000",
    }
    io.write_jsonl(tmp_path / "a.jsonl", [veteran])
    assert "110101" not in (tmp_path / "a.jsonl").read_text(encoding="utf-8")
    io.write_jsonl(tmp_path / "b.jsonl", [veteran], include_personal=True)
    (back,) = io.read_jsonl(tmp_path / "b.jsonl", Veteran).collect().records
    assert back.personal == veteran.personal


def test_errors_never_echo_personal_values(veteran: Veteran) -> None:
    data = io.to_dict(veteran, include_personal=True)
    data["personal"] = {"name": 12345, "national_id": 110101199003074514, "phone": " "}
    problems = problems_of(io.from_dict, Veteran, data)
    assert problems == (
        "$.personal.name: must be a string (value not shown)",
        "$.personal.national_id: must be a string (value not shown)",
    )
    assert not any("110101" in line or "12345" in line for line in problems)
    data["personal"] = "张三 110101199003074514"
    assert problems_of(io.from_dict, Veteran, data) == (
        "$.personal: must be an object (value not shown)",
    )
    data["personal"] = {"name": "张三", "phone": " "}
    assert problems_of(io.from_dict, Veteran, data) == (
        "$.personal.phone: 'phone' must be a non-blank string or None (value not shown)",
    )


# --- JSON Lines ------------------------------------------------------------------------------


def _mixed_file(path: Path, placement: Placement) -> list[Placement]:
    good = io.dumps(placement)
    second = attrs.evolve(placement, id="P2")
    lines = [
        good.encode(),
        b'{"id": "P9"',
        b"",
        good.replace('"5292.51"', '"abc"').encode(),
        b"\xff\xfe{}",
        io.dumps(second).encode(),
        good.replace('"started_on":"2024-03-01"', '"started_on":"2024-03-01","x":1').encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return [placement, second]


def test_jsonl_problem_lines_name_file_line_path_and_value(
    placement: Placement, tmp_path: Path
) -> None:
    path = tmp_path / "placements.jsonl"
    _mixed_file(path, placement)
    with pytest.raises(RecordError) as info:
        list(io.read_jsonl(path, Placement))
    assert info.value.problems == (
        "placements.jsonl line 2: invalid JSON: expecting ',' delimiter (column 12)",
        "placements.jsonl line 4: $.monthly_wage.amount: must be a decimal number (got 'abc')",
        "placements.jsonl line 5: not valid UTF-8 text (byte 1)",
        "placements.jsonl line 7: $.x: unknown key (Placement has no field 'x')",
    )
    assert str(info.value).startswith(f"4 problems in {path}:\nplacements.jsonl line 2: ")


def test_collect_mode_keeps_every_valid_record(placement: Placement, tmp_path: Path) -> None:
    path = tmp_path / "placements.jsonl"
    good = _mixed_file(path, placement)
    result = io.read_jsonl(path, Placement, errors="collect").collect()
    assert list(result.records) == good
    assert len(result.problems) == 4
    assert not result.ok
    with pytest.raises(RecordError):
        result.raise_for_problems()
    tolerant = io.read_jsonl(path, Placement, errors="collect", strict=False).collect()
    assert [p.id for p in tolerant.records] == ["P1", "P2", "P1"]
    assert tolerant.set_aside == ("placements.jsonl line 7: $.x: unknown key set aside",)


def test_read_jsonl_streams(placement: Placement, tmp_path: Path) -> None:
    path = tmp_path / "placements.jsonl"
    _mixed_file(path, placement)
    with io.read_jsonl(path, Placement, errors="collect") as stream:
        assert next(stream) == placement
        assert stream.problems == []  # nothing past the first line has been read yet
        assert next(stream).id == "P2"
        assert len(stream.problems) == 3


def test_read_jsonl_arguments_are_checked(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        io.read_jsonl(tmp_path / "missing.jsonl", Placement)
    (tmp_path / "x.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="'errors' must be 'raise' or 'collect'"):
        io.read_jsonl(tmp_path / "x.jsonl", Placement, errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="'cls' must be a record class"):
        io.read_jsonl(tmp_path / "x.jsonl", dict)
    with pytest.raises(InvalidInputError, match="newer than this library reads"):
        io.read_jsonl(tmp_path / "x.jsonl", Placement, schema_version=io.SCHEMA_VERSION + 1)


def test_loads_reports_bad_json() -> None:
    assert problems_of(io.loads, Money, '{"amount": NaN}') == (
        "invalid JSON: NaN is not a JSON number",
    )
    assert problems_of(io.loads, Money, b"\xff") == ("not valid UTF-8 text (byte 1)",)


# --- migrations ------------------------------------------------------------------------------


def test_schema_0_placements_are_migrated(placement: Placement, tmp_path: Path) -> None:
    """The shipped migration: 0 → 1 turned 'wage' (yuan) into the 'monthly_wage' object."""
    old = io.to_dict(placement)
    del old["monthly_wage"]
    old["wage"] = "5292.51"
    assert io.from_dict(Placement, old, schema_version=0) == placement
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps(old) + "\n", encoding="utf-8")
    assert io.read_jsonl(path, Placement, schema_version=0).collect().records == (placement,)
    # Read as the current version, the old field is an unknown key.
    assert problems_of(io.from_dict, Placement, old) == (
        "$.wage: unknown key (Placement has no field 'wage')",
    )


def test_schema_0_veterans_are_migrated(veteran: Veteran) -> None:
    old = io.to_dict(veteran)
    old["gender"] = old.pop("sex")
    assert io.from_dict(Veteran, old, schema_version=0) == io.from_dict(
        Veteran, io.to_dict(veteran)
    )


def test_migrations_are_listed() -> None:
    steps = {(m.kind, m.from_version) for m in io.migrations()}
    assert {("placements", 0), ("veterans", 0)} <= steps
    assert all(m.description for m in io.migrations())


def test_overlong_lines_are_problems_not_memory(placement: Placement, tmp_path: Path) -> None:
    path = tmp_path / "placements.jsonl"
    good = io.dumps(placement)
    huge = '{"id": "' + "x" * 5000 + '"}'
    path.write_text(f"{good}\n{huge}\n{good}\n{huge}", encoding="utf-8")
    result = io.read_jsonl(path, Placement, errors="collect", max_line_bytes=1000).collect()
    assert result.records == (placement, placement)
    assert result.problems == (
        "placements.jsonl line 2: longer than 1,000 bytes, not read",
        "placements.jsonl line 4: longer than 1,000 bytes, not read",
    )
    # Within the default limit the same lines are read, and fail for what they hold.
    default = io.read_jsonl(path, Placement, errors="collect").collect()
    assert {p.split(": ")[0] for p in default.problems} == {
        "placements.jsonl line 2",
        "placements.jsonl line 4",
    }
    assert "$.veteran_id: is required but missing" in default.problems[0]
    with pytest.raises(InvalidInputError, match="'max_line_bytes' must be a whole number"):
        io.read_jsonl(path, Placement, max_line_bytes=0)


def test_a_placement_needs_an_occupation_code_or_a_title(placement: Placement) -> None:
    data = {**io.to_dict(placement), "occupation": None}
    (problem,) = problems_of(io.from_dict, Placement, data)
    assert "'occupation' (an ISCO-08 code) or 'occupation_title'" in problem
    titled = io.from_dict(Placement, {**data, "occupation_title": "保安员"})
    assert titled.occupation is None
    assert titled.occupation_title == "保安员"


def test_unknown_and_recorded_none_stay_apart_on_the_wire(placement: Placement) -> None:
    unknown = attrs.evolve(placement, contract=None, contract_months=None, insurance=None)
    none = attrs.evolve(placement, contract=ContractType.NONE, contract_months=None, insurance=())
    assert io.to_dict(unknown)["contract"] is None
    assert io.to_dict(unknown)["insurance"] is None
    assert io.to_dict(none)["contract"] == "none"
    assert io.to_dict(none)["insurance"] == []
    for record in (unknown, none):
        assert io.loads(Placement, io.dumps(record)) == record


def test_amounts_beyond_the_bound_are_refused_by_name() -> None:
    problems = problems_of(io.from_dict, Money, {"amount": "1" * 27, "currency": "CNY"})
    assert problems == ("$.amount: 'amount' must be below 10^15, got " + "1" * 27,)
