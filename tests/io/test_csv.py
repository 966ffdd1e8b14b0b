"""CSV: round trips for every CSV kind, Chinese headers, lenient cells, GBK, problem lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from veteran_services import (
    Caseload,
    EducationLevel,
    Insurance,
    PersonalDetails,
    Placement,
    Resettlement,
    Sex,
    SurveyResponse,
    Veteran,
    io,
)
from veteran_services import strategies as vst
from veteran_services.errors import InvalidInputError, RecordError


def _csv_form(kind: str, records: tuple[Any, ...]) -> tuple[Any, ...]:
    """What CSV can hold: a blank cell is a missing value (documented limits)."""
    if kind == "veterans":
        return tuple(
            attrs.evolve(v, personal=None) if v.personal == PersonalDetails() else v
            for v in records
        )
    if kind == "responses":
        # Answers come back in column order: the order question ids first appear in.
        order: dict[str, int] = {}
        for response in records:
            for answer in response.answers:
                if answer.value != "":
                    order.setdefault(answer.question_id, len(order))
        return tuple(
            attrs.evolve(
                r,
                answers=sorted(
                    (a for a in r.answers if a.value != ""), key=lambda a: order[a.question_id]
                ),
            )
            for r in records
        )
    return records


@settings(max_examples=15)
@given(caseload=vst.caseloads(max_veterans=3))
def test_csv_round_trip_every_csv_kind(caseload: Caseload, tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("csv")
    for kind, cls in io.CSV_KINDS.items():
        records = _csv_form(kind, caseload.records(kind))
        path = folder / f"{kind}.csv"
        assert io.write_csv(path, records, cls=cls, include_personal=True) == len(records)
        back = io.read_csv(path, cls, instruments=caseload.instruments)
        assert back.records == records


def test_written_columns(placement: Placement, veteran: Veteran, tmp_path: Path) -> None:
    io.write_csv(tmp_path / "p.csv", [placement])
    header, row = (tmp_path / "p.csv").read_text(encoding="utf-8-sig").splitlines()
    assert header.split(",") == io.csv_columns(Placement)
    assert "monthly_wage.amount" in header
    assert ",5292.51,CNY,medical;pension," in row
    io.write_csv(tmp_path / "v.csv", [veteran])
    text = (tmp_path / "v.csv").read_text(encoding="utf-8-sig")
    assert "personal" not in text
    assert "张三" not in text
    assert "service.start" in text.splitlines()[0]
    io.write_csv(tmp_path / "v2.csv", [veteran], include_personal=True)
    assert io.read_csv(tmp_path / "v2.csv", Veteran).records == (veteran,)


def test_veterans_keep_earlier_periods(veteran: Veteran, tmp_path: Path) -> None:
    first = attrs.evolve(veteran.service[0], start=date(2005, 9, 1), end=date(2007, 8, 31))
    second = attrs.evolve(veteran.service[0], start=date(2013, 9, 1))
    two = attrs.evolve(veteran, service=(first, second), personal=None)
    io.write_csv(tmp_path / "v.csv", [two])
    assert io.read_csv(tmp_path / "v.csv", Veteran).records == (two,)


def test_responses_have_one_column_per_question(response: SurveyResponse, tmp_path: Path) -> None:
    io.write_csv(tmp_path / "r.csv", [response])
    header, row = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
    assert header.endswith(",q1,q2,q3,q4,q5")
    assert row.endswith(",4,true,2.5,ok,a;b")
    # Without the instrument the answers are guessed from the text; these guesses are right.
    assert io.read_csv(tmp_path / "r.csv", SurveyResponse).records == (response,)


CHINESE_VETERANS = """\
编号,姓名,身份证号,性别,出生日期,学历,所在区,军种,人员类别,入伍时间,退役时间,安置方式
V1,张三,110101199003074514,男,1990/3/7,大专,江宁区,陆军,士官,2008年9月1日,20160831,自主就业
V2,李四,11010119920301,女,1992-13-01,本科,玄武,海军,义务兵,2010/9/1,2012/8/31,安排工作
V3,王五,,男,1993-01-01,小学文化,江宁区,陆军,士兵,2011/9/1,2015/8/31,
V4,赵六,,男,2001-01-01,高中,江宁区,空军,士兵,2000/9/1,2005/8/31,
"""


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_chinese_headers_and_values(encoding: str, tmp_path: Path) -> None:
    path = tmp_path / "退役军人.csv"
    path.write_bytes(CHINESE_VETERANS.encode("gbk" if encoding == "gbk" else "utf-8"))
    result = io.read_csv(
        path,
        Veteran,
        columns=io.CHINESE_COLUMNS["veterans"],
        encoding=encoding,
        errors="collect",
    )
    first = result.records[0]
    assert first.sex is Sex.MALE
    assert first.birth_date == date(1990, 3, 7)
    assert first.education is EducationLevel.SHORT_CYCLE_TERTIARY
    assert first.region == "320115"
    assert first.service[0].start == date(2008, 9, 1)
    assert first.service[0].end == date(2016, 8, 31)
    assert first.service[0].resettlement is Resettlement.SELF_EMPLOYMENT
    assert first.personal is not None
    assert first.personal.national_id == "110101199003074514"
    assert result.problems == (
        (
            "退役军人.csv row 3, column '出生日期': must be a date such as 2024-03-01, 2024/3/1 or "
            "2024年3月1日 (got '1992-13-01')"
        ),
        (
            "退役军人.csv row 4, column '学历': must be one of 学前教育、小学、初中、"
            "高中或中专、中等后非高等教育、大专、学士或同等、硕士或同等、博士或同等 (or the codes "
            "'0', '1', '2', '3', '4', '5', '6', '7', '8') (got '小学文化')"
        ),
        (
            "退役军人.csv row 5, column '出生日期': 'birth_date' must precede the first service "
            "start (2000-09-01), got 2001-01-01"
        ),
    )


def test_a_gbk_file_read_as_utf8_says_how_to_fix_it(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_bytes(CHINESE_VETERANS.encode("gbk"))
    with pytest.raises(RecordError) as info:
        io.read_csv(path, Veteran, columns=io.CHINESE_COLUMNS["veterans"])
    assert info.value.problems == (
        (
            "v.csv line 1: not valid utf-8-sig text; for files from older spreadsheet programs "
            "try encoding='gbk'"
        ),
    )


CHINESE_PLACEMENTS = """\
编号,退役军人编号,用人单位,岗位,月工资,入职日期,离职日期,社保,合同类型,合同期限
P1,V1,E1,8322,"5,292.50",2024/3/1,,五险一金,固定期限劳动合同,36
P2,V1,E1,8322,abc,2024/3/1,2024/2/1,"养老,医疗",fixed_term,12
P3,V2,E2,8322,4000,2024/3,,养老、失业、牙科,,
P4,V2,E2,8322,4000.00,2024-03-01,,"养老,医疗",,
"""


def test_placement_problems_name_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "placements.csv"
    path.write_text(CHINESE_PLACEMENTS, encoding="utf-8")
    result = io.read_csv(
        path, Placement, columns=io.CHINESE_COLUMNS["placements"], errors="collect"
    )
    assert [p.id for p in result.records] == ["P1", "P4"]
    first = result.records[0]
    assert first.monthly_wage is not None
    assert first.monthly_wage.amount == Decimal("5292.50")
    assert first.insurance == frozenset(Insurance)
    assert result.records[1].insurance == {Insurance.PENSION, Insurance.MEDICAL}
    assert result.records[1].monthly_wage is not None
    assert str(result.records[1].monthly_wage.amount) == "4000.00"
    assert result.problems == (
        (
            "placements.csv row 3, column '月工资': must be an amount such as 4500, 4,500.50, "
            "4500元/月 or 0.45万 (got 'abc')"
        ),
        (
            "placements.csv row 3, column '离职日期': 'ended_on' must not precede 'started_on' "
            "(2024-03-01), got 2024-02-01"
        ),
        (
            "placements.csv row 4, column '入职日期': must be a whole date (year, month and day) "
            "(got '2024/3')"
        ),
        (
            "placements.csv row 4, column '社保': must be one of 养老保险、医疗保险、失业保险、"
            "工伤保险、生育保险、住房公积金 (or the codes 'pension', 'medical', 'unemployment', "
            "'work_injury', 'maternity', 'housing_fund') (got '牙科')"
        ),
    )
    with pytest.raises(RecordError) as info:
        io.read_csv(path, Placement, columns=io.CHINESE_COLUMNS["placements"])
    assert info.value.problems == result.problems


@pytest.mark.parametrize(
    ("cell", "dayfirst", "expected"),
    [
        ("2024-03-01", False, date(2024, 3, 1)),
        ("2024/3/1", False, date(2024, 3, 1)),
        ("2024年3月1日", False, date(2024, 3, 1)),
        ("20240301", False, date(2024, 3, 1)),
        ("01/03/2024", True, date(2024, 3, 1)),
        ("01/03/2024", False, date(2024, 1, 3)),
        ("1 March 2024", False, date(2024, 3, 1)),
    ],
)
def test_lenient_dates_in_csv_only(
    cell: str, dayfirst: bool, expected: date, placement: Placement, tmp_path: Path
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        f"id,veteran_id,employer_id,occupation,started_on\nP1,V1,E1,8322,{cell}\n",
        encoding="utf-8",
    )
    (record,) = io.read_csv(path, Placement, dayfirst=dayfirst)
    assert record.started_on == expected
    if cell != expected.isoformat():  # JSON stays strict
        data = io.to_dict(record) | {"started_on": cell}
        with pytest.raises(RecordError):
            io.from_dict(Placement, data)


def test_header_problems(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,veteran_id,employer_id,colour\nP1,V1,E1,red\n", encoding="utf-8")
    with pytest.raises(RecordError) as info:
        io.read_csv(path, Placement)
    assert info.value.problems == (
        (
            "p.csv row 1, column 'colour': unknown column (Placement has no field 'colour'; map it "
            "with columns=)"
        ),
        "p.csv: column 'started_on' is required but missing",
    )
    path.write_text(
        "id,veteran_id,employer_id,occupation,started_on,colour\nP1,V1,E1,8322,2024-03-01,red\n",
        encoding="utf-8",
    )
    with pytest.warns(io.UnknownKeysWarning, match="column 'colour': unknown column set aside"):
        result = io.read_csv(path, Placement, strict=False)
    assert len(result) == 1


def test_problem_lines_never_echo_personal_cells(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text(
        "id,sex,region,service.branch,service.rank,service.start,personal.name,"
        "personal.national_id\n"
        "V1,man,320115,army,nco,2010-09-01,张三,110101199003074514\n",
        encoding="utf-8",
    )
    with pytest.raises(RecordError) as info:
        io.read_csv(path, Veteran)
    assert info.value.problems == (
        (
            "v.csv row 2, column 'sex': must be one of 'male', 'female' (or their English or "
            "Chinese labels) (got 'man')"
        ),
    )
    assert "张三" not in str(info.value)
    assert "110101" not in str(info.value)


def test_csv_arguments_are_checked(tmp_path: Path, placement: Placement) -> None:
    with pytest.raises(InvalidInputError, match="'cls' must be one of the CSV record classes"):
        io.write_csv(tmp_path / "x.csv", [], cls=Caseload)
    with pytest.raises(InvalidInputError, match="'cls' is needed"):
        io.write_csv(tmp_path / "x.csv", [])
    io.write_csv(tmp_path / "x.csv", [placement])
    with pytest.raises(InvalidInputError, match="'columns' must map to columns of Placement"):
        io.read_csv(tmp_path / "x.csv", Placement, columns={"月薪": "wage"})
    with pytest.raises(FileNotFoundError):
        io.read_csv(tmp_path / "missing.csv", Placement)


def test_oversized_cells_are_problems_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    head = "id,veteran_id,employer_id,occupation,started_on,contract,contract_months\n"
    path.write_text(
        head
        + "P1,V1,E1,8322,2024-03-01,fixed_term," + "9" * 5000 + "\n"
        + "P2,V1,E1,8322,2024-03-01,fixed_term,\"" + "x" * 200_000 + "\"\n"
        + "P3,V1,E1,8322,2024-03-01,fixed_term,12\n",
        encoding="utf-8",
    )  # fmt: skip
    result = io.read_csv(path, Placement, errors="collect")
    assert [p.id for p in result.records] == ["P3"]
    assert result.problems[0].startswith(
        "p.csv row 2, column 'contract_months': must be a whole number (of at most 4300 digits)"
    )
    assert result.problems[1].startswith("p.csv row 3: not readable as CSV (field larger than")
