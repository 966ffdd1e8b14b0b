"""Structured record problems (issue 14): every problem of a reader carries its place and facts.

A :class:`RecordProblem` is its line of text (a ``str``), so the lines stay what they were; its
attributes say the same without parsing: file, line or row, column, JSON path, field, message,
and a quoted value that is never a personal one.
"""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import pytest

from veteran_services import Placement, Veteran, io
from veteran_services.errors import RecordError, RecordProblem

_PERSONAL = ("张三", "110101199003074515", "13800000000")


def _only(problems: tuple[str, ...]) -> RecordProblem:
    (problem,) = problems
    assert isinstance(problem, RecordProblem)
    return problem


def _no_personal(problem: RecordProblem) -> None:
    shown = json.dumps(problem.to_dict(), ensure_ascii=False)
    for value in _PERSONAL:
        assert value not in shown


def test_a_problem_is_its_line_of_text() -> None:
    problem = RecordProblem(
        "p.jsonl line 2: $.id: is required but missing",
        file="p.jsonl",
        line=2,
        path="$.id",
        field="id",
        message="is required but missing",
    )
    assert problem == "p.jsonl line 2: $.id: is required but missing"
    assert "required" in problem
    assert problem in ("p.jsonl line 2: $.id: is required but missing",)
    assert str(problem) == problem
    assert type(str(problem)) is str
    assert {problem: 1}["p.jsonl line 2: $.id: is required but missing"] == 1


def test_a_problem_is_immutable_and_survives_pickling_and_copying() -> None:
    problem = RecordProblem("x: y", file="x", line=3, row=None, message="y", value="'v'")
    with pytest.raises(AttributeError, match="immutable"):
        problem.line = 4  # type: ignore[misc]
    copied = pickle.loads(pickle.dumps(problem))  # noqa: S301 - our own, just-made bytes
    assert copied == problem
    assert copied.to_dict() == problem.to_dict()
    assert isinstance(copied, RecordProblem)
    assert copy.deepcopy(problem).to_dict() == problem.to_dict()


def test_plain_strings_become_problems_without_a_place() -> None:
    error = RecordError(["something is wrong"], source="f.jsonl")
    problem = _only(error.problems)
    assert problem.message == "something is wrong"
    assert problem.file is None
    assert problem.path is None
    copied = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own, just-made bytes
    assert isinstance(copied.problems[0], RecordProblem)


def test_a_problem_as_json_data() -> None:
    problem = RecordProblem("$.a: bad (got 1)", path="$.a", field="a", message="bad", value="1")
    data = problem.to_dict()
    assert data == {
        "text": "$.a: bad (got 1)",
        "file": None,
        "line": None,
        "row": None,
        "column": None,
        "path": "$.a",
        "field": "a",
        "message": "bad",
        "value": "1",
    }
    assert json.loads(json.dumps(data)) == data


# --- JSON ----------------------------------------------------------------------------------------


def test_json_record_problems_give_path_field_and_value(placement: Placement) -> None:
    data = io.to_dict(placement)
    data["monthly_wage"]["amount"] = "abc"
    with pytest.raises(RecordError) as raised:
        io.from_dict(Placement, data)
    problem = _only(raised.value.problems)
    assert problem == "$.monthly_wage.amount: must be a decimal number (got 'abc')"
    assert problem.path == "$.monthly_wage.amount"
    assert problem.field == "amount"
    assert problem.message == "must be a decimal number"
    assert problem.value == "'abc'"
    assert problem.file is None
    assert problem.line is None


def test_a_missing_field(placement: Placement) -> None:
    data = io.to_dict(placement)
    del data["veteran_id"]
    with pytest.raises(RecordError) as raised:
        io.from_dict(Placement, data)
    problem = _only(raised.value.problems)
    assert problem.path == "$.veteran_id"
    assert problem.field == "veteran_id"
    assert problem.message == "is required but missing"
    assert problem.value is None


def test_a_model_invariant(placement: Placement) -> None:
    data = io.to_dict(placement)
    data["weekly_hours"] = "200"
    with pytest.raises(RecordError) as raised:
        io.from_dict(Placement, data)
    problem = _only(raised.value.problems)
    assert problem.path == "$.weekly_hours"
    assert problem.field == "weekly_hours"
    assert "168" in problem.message


def test_json_personal_values_are_never_quoted(veteran: Veteran) -> None:
    data = io.to_dict(veteran, include_personal=True)
    data["personal"]["name"] = ["张三"]
    with pytest.raises(RecordError) as raised:
        io.from_dict(Veteran, data)
    problem = _only(raised.value.problems)
    assert problem.path == "$.personal.name"
    assert problem.field == "name"
    assert problem.value is None
    assert "value not shown" in problem
    _no_personal(problem)


def test_json_text_that_is_not_json() -> None:
    with pytest.raises(RecordError) as raised:
        io.loads(Placement, "{")
    problem = _only(raised.value.problems)
    assert problem.message.startswith("invalid JSON")
    assert problem.path is None


# --- JSON Lines ----------------------------------------------------------------------------------


def test_json_lines_problems_give_file_and_line(tmp_path: Path, placement: Placement) -> None:
    good = io.dumps(placement)
    bad = json.loads(good)
    bad["started_on"] = "2024-02-30"
    path = tmp_path / "placements.jsonl"
    path.write_text(f"{good}\n\n{json.dumps(bad)}\nnot json\n", encoding="utf-8")
    result = io.read_jsonl(path, Placement, errors="collect").collect()
    first, second = result.problems
    assert isinstance(first, RecordProblem)
    assert isinstance(second, RecordProblem)
    assert first.startswith("placements.jsonl line 3: $.started_on: ")
    assert (first.file, first.line, first.row) == ("placements.jsonl", 3, None)
    assert first.path == "$.started_on"
    assert first.field == "started_on"
    assert first.value == "'2024-02-30'"
    assert (second.file, second.line, second.path) == ("placements.jsonl", 4, None)
    assert second.message.startswith("invalid JSON")
    with pytest.raises(RecordError) as raised:
        io.read_jsonl(path, Placement).collect()
    assert [p.to_dict() for p in raised.value.problems] == [p.to_dict() for p in result.problems]


def test_caseload_folder_problems_name_the_file(tmp_path: Path, placement: Placement) -> None:
    folder = tmp_path / "c"
    from veteran_services import Caseload

    io.write_caseload(Caseload(), folder)
    (folder / "placements.jsonl").write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(RecordError) as raised:
        io.read_caseload(folder)
    assert raised.value.problems
    assert all(p.file == "placements.jsonl" for p in raised.value.problems)
    assert all(p.line == 1 for p in raised.value.problems)
    (folder / "manifest.json").write_text('{"format": 3}', encoding="utf-8")
    with pytest.raises(RecordError) as raised:
        io.read_caseload(folder)
    paths = {p.path for p in raised.value.problems}
    assert "$.format" in paths
    assert all(p.file == "manifest.json" for p in raised.value.problems)


# --- CSV -----------------------------------------------------------------------------------------


def test_csv_problems_give_row_line_column_and_field(tmp_path: Path) -> None:
    path = tmp_path / "placements.csv"
    path.write_text(
        "id,veteran_id,employer_id,occupation,started_on,月工资\n"
        'P1,V1,E1,8322,2024-03-01,"4,500"\n'
        'P2,V1,"E\n1",8322,2024-03-01,abc\n'
        "P3,V1,E1,8322,,4500\n",
        encoding="utf-8",
    )
    result = io.read_csv(
        path, Placement, columns={"月工资": "monthly_wage.amount"}, errors="collect"
    )
    wage, employer, start = result.problems
    assert isinstance(wage, RecordProblem)
    assert isinstance(start, RecordProblem)
    assert employer.column == "employer_id"
    assert wage.startswith("placements.csv row 3, column '月工资': ")
    assert (wage.file, wage.row, wage.line) == ("placements.csv", 3, 3)
    assert wage.column == "月工资"
    assert wage.field == "amount"
    assert wage.path == "$.monthly_wage.amount"
    assert wage.value == "'abc'"
    assert wage.message.startswith("must be an amount")
    # row 4 starts on line 5: the cell of row 3 holds a line break
    assert (start.row, start.line) == (4, 5)
    assert start.column == "started_on"
    assert start.field == "started_on"
    assert start.message == "is required but missing"


def test_csv_header_problems_give_the_column(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,veteran_id,colour\nP1,V1,red\n", encoding="utf-8")
    with pytest.raises(RecordError) as raised:
        io.read_csv(path, Placement)
    by_column = {p.column: p for p in raised.value.problems}
    assert by_column["colour"].row == 1
    assert by_column["colour"].message.startswith("unknown column")
    assert by_column["employer_id"].field == "employer_id"
    assert by_column["employer_id"].file == "p.csv"


def test_csv_personal_cells_are_never_quoted(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text(
        "id,sex,region,service.branch,service.rank,service.start,personal.name,"
        "personal.national_id\n"
        "V1,male,320115,army,nco,2010-09-01,张三,110101199003074515\n",
        encoding="utf-8",
    )
    with pytest.raises(RecordError) as raised:
        io.read_csv(path, Veteran, check_identity=True)
    problem = raised.value.problems[0]
    assert problem.column == "personal.national_id"
    assert problem.field == "national_id"
    assert problem.path == "$.personal.national_id"
    assert problem.row == 2
    assert problem.value is None
    _no_personal(problem)


# --- Excel ---------------------------------------------------------------------------------------


def test_excel_problems_give_sheet_row_column_and_value(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    pytest.importorskip("python_calamine")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    for row in (
        ["id", "veteran_id", "employer_id", "occupation", "started_on", "monthly_wage.amount"],
        ["P1", "V1", "E1", "8322", "2024-03-01", "abc"],
    ):
        sheet.append(row)
    path = tmp_path / "p.xlsx"
    book.save(path)
    result = io.read_excel(path, Placement, errors="collect")
    problem = _only(result.problems)
    assert problem.file == "p.xlsx sheet '台账'"
    assert problem.row == 2
    assert problem.line is None
    assert problem.column == "monthly_wage.amount"
    assert problem.field == "amount"
    assert problem.value == "'abc'"


# --- frames --------------------------------------------------------------------------------------


def test_frame_problems_give_row_label_column_and_value(placement: Placement) -> None:
    pytest.importorskip("pandas")
    frame = io.to_frame([placement, placement])
    frame.loc[1, "monthly_wage.amount"] = "abc"
    frame.index = [10, 11]
    result = io.from_frame(frame, Placement, errors="collect")
    problem = _only(result.problems)
    assert problem.startswith("row 11: $.monthly_wage.amount: ")
    assert problem.row == 11
    assert problem.column == "monthly_wage.amount"
    assert problem.path == "$.monthly_wage.amount"
    assert problem.field == "amount"
    assert problem.value == "'abc'"
