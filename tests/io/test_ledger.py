"""The one-sheet ledger (issue 15, item 2): 台账 rows into veterans, employers and placements."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from veteran_services import ContractType, io
from veteran_services.errors import InvalidInputError, RecordError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LEDGER_CSV = EXAMPLES / "data" / "ledger.csv"
LEDGER_XLSX = EXAMPLES / "data" / "ledger.xlsx"
KEY = bytes(range(32))

#: The rows the example ledger gets wrong on purpose (see examples/make_ledger.py).
BAD_ROWS = {6: "'入职日期'", 10: "'月工资'", 14: "without an employer"}


def _csv_rows() -> list[list[str]]:
    with LEDGER_CSV.open(encoding="gbk", newline="") as file:
        return list(csv.reader(file))


def _read(path: Path, **kw: object) -> io.Ledger:
    encoding = {"encoding": "gbk"} if path.suffix == ".csv" else {}
    return io.read_ledger(path, errors="collect", **encoding, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("path", [LEDGER_CSV, LEDGER_XLSX], ids=["gbk-csv", "xlsx"])
def test_the_example_ledger_splits_into_records(path: Path) -> None:
    ledger = _read(path)
    caseload = ledger.caseload
    rows = len(_csv_rows()) - 2  # title, header
    assert len(caseload.placements) == rows - len(BAD_ROWS)
    # veterans on two rows (a second job) are one veteran
    assert len(caseload.veterans) < len(caseload.placements)
    assert caseload.check() == () or all(p.severity.value != "error" for p in caseload.check())
    # the same employer written two ways is one employer, with unknowns left unknown
    names = {e.name for e in caseload.employers}
    assert "南京金盾保安服务有限责任公司" not in names
    assert all(e.industry is None and e.ownership is None for e in caseload.employers)
    # job titles kept as written, a code only where unambiguous
    assert all(p.occupation_title for p in caseload.placements)
    assert {p.occupation for p in caseload.placements if p.occupation_title == "保安员"} == {"5414"}
    # blanks stay unknown; a written "无" is a recorded none
    assert any(p.insurance is None for p in caseload.placements)
    assert any(p.insurance == frozenset() for p in caseload.placements)
    contracts = {p.contract for p in caseload.placements}
    assert None in contracts  # a blank 合同类型
    assert ContractType.NONE in contracts  # 未签: recorded as no written contract
    assert ContractType.OPEN_ENDED in contracts  # 无固定期限


@pytest.mark.parametrize("path", [LEDGER_CSV, LEDGER_XLSX], ids=["gbk-csv", "xlsx"])
def test_bad_rows_are_named_and_cost_only_themselves(path: Path) -> None:
    ledger = _read(path)
    assert len(ledger.problems) == len(BAD_ROWS)
    where = "ledger.csv" if path.suffix == ".csv" else "ledger.xlsx sheet '在岗'"
    for problem, (row, fragment) in zip(ledger.problems, sorted(BAD_ROWS.items()), strict=True):
        assert problem.startswith(f"{where} row {row}")
        assert fragment in problem
    with pytest.raises(RecordError) as raised:
        io.read_ledger(path, **({"encoding": "gbk"} if path.suffix == ".csv" else {}))
    assert raised.value.problems == ledger.problems


def test_the_same_sheet_gives_the_same_ids_and_a_key_hides_the_number() -> None:
    first, second = _read(LEDGER_CSV), _read(LEDGER_CSV)
    assert first.caseload == second.caseload
    keyed = _read(LEDGER_CSV, key=KEY).caseload
    numbers = {row[2] for row in _csv_rows() if len(row) > 2}
    for veteran in keyed.veterans:
        assert veteran.id.startswith("V")
        assert len(veteran.id) == 17
        assert not any(number in veteran.id for number in numbers if number)
    # the workbook and its CSV copy are the same ledger
    assert _read(LEDGER_XLSX, key=KEY).caseload == keyed


def test_one_row_per_veteran_refuses_a_repeated_veteran() -> None:
    ledger = _read(LEDGER_CSV, layout="per_veteran")
    repeated = [p for p in ledger.problems if "the same veteran as row" in p]
    assert repeated
    assert len(ledger.caseload.veterans) == len({v.id for v in ledger.caseload.veterans})


def test_unknown_columns_are_refused_or_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text(
        "序号,姓名,性别,入伍时间,所在区,用人单位,岗位,入职日期,合同类型,备注\n"
        "1,王伟,男,2010-09-01,江宁区,南京某保安公司,保安员,2024-03-01,固定期限,表彰\n",
        encoding="utf-8",
    )
    with pytest.raises(RecordError, match=r"unknown column\(s\) '备注'"):
        io.read_ledger(path)
    ledger = io.read_ledger(path, strict=False)
    assert any("'备注' set aside" in note for note in ledger.notes)
    (placement,) = ledger.caseload.placements
    assert placement.contract is ContractType.FIXED_TERM
    mapped = io.read_ledger(path, columns={"备注": "veterans.registered_on"}, errors="collect")
    assert mapped.problems  # 表彰 is no date: mapped columns are read like any other
    with pytest.raises(InvalidInputError, match="'columns'"):
        io.read_ledger(path, columns={"备注": "remarks"})
    with pytest.raises(InvalidInputError, match="'key'"):
        io.read_ledger(path, key=b"short")


def test_an_ambiguous_job_title_is_kept_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text(
        "序号,性别,入伍时间,所在区,用人单位,岗位,入职日期\n"
        "1,男,2010-09-01,江宁区,南京某公司,综合岗,2024-03-01\n",
        encoding="utf-8",
    )
    ledger = io.read_ledger(path)
    (placement,) = ledger.caseload.placements
    assert placement.occupation is None
    assert placement.occupation_title == "综合岗"
    assert any("'综合岗'" in note and "without an ISCO-08 code" in note for note in ledger.notes)


def test_the_example_ledger_is_what_the_script_makes(tmp_path: Path) -> None:
    subprocess.run(  # noqa: S603 - our own example, with this Python
        [sys.executable, str(EXAMPLES / "make_ledger.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "ledger.csv").read_bytes() == LEDGER_CSV.read_bytes()
    made = io.read_ledger(tmp_path / "ledger.xlsx", errors="collect").caseload
    assert made == _read(LEDGER_XLSX).caseload


def test_identity_numbers_are_checked_and_never_shown_whole(tmp_path: Path) -> None:
    """A wrong check character, or a number that disagrees with 出生日期 or 性别, is the row's
    problem; the number is masked in the message (GB 11643-1999)."""
    good = "320102199404032011"
    wrong_check = good[:-1] + "5"
    path = tmp_path / "l.csv"
    path.write_text(
        "序号,身份证号,性别,出生日期,入伍时间,所在区,用人单位,岗位,入职日期\n"
        f"1,{good},男,1994-04-03,2012-09-01,玄武区,南京某公司,保安员,2024-03-01\n"
        f"2,{wrong_check},男,1994-04-03,2012-09-01,玄武区,南京某公司,保安员,2024-03-01\n"
        f"3,{good.replace('0403', '0404')[:-1]}X,男,1994-04-03,2012-09-01,玄武区,某公司,保安员,"
        "2024-03-01\n"
        f"4,{good},女,1994-04-03,2012-09-01,玄武区,南京某公司,保安员,2025-03-01\n",
        encoding="utf-8",
    )
    ledger = io.read_ledger(path, errors="collect")
    assert len(ledger.caseload.veterans) == 1
    assert [p.split(":")[0] for p in ledger.problems] == [
        "l.csv row 3, column '身份证号'",
        "l.csv row 4, column '身份证号'",
        "l.csv row 5, column '性别'",
    ]
    assert "check character" in ledger.problems[0]
    for problem in ledger.problems:
        assert good not in problem
        assert wrong_check not in problem
        assert "19940403" not in problem


def test_a_job_keeps_its_id_whatever_way_its_start_date_is_written(tmp_path: Path) -> None:
    header = "序号,性别,入伍时间,所在区,用人单位,岗位,入职日期\n"
    ids = []
    for written in ("2024-03-01", "2024/3/1", "2024年3月1日"):
        path = tmp_path / "l.csv"
        path.write_text(
            header + f"1,男,2010-09-01,江宁区,南京某保安公司,保安员,{written}\n", encoding="utf-8"
        )
        (placement,) = io.read_ledger(path).caseload.placements
        ids.append(placement.id)
    assert len(set(ids)) == 1
    assert ids[0].startswith("P")


def _training_cells(rows: list[list[str]]) -> set[tuple[str, ...]]:
    """(identity number, programme, start) of every good row's training in the example."""
    header = rows[1]
    at = {heading: position for position, heading in enumerate(header)}
    bad = {row - 1 for row in BAD_ROWS}  # ledger row numbers count the title row
    return {
        (row[at["身份证号"]], row[at["培训项目"]], row[at["参训日期"]])
        for number, row in enumerate(rows)
        if number >= 2 and number not in bad and row[at["培训项目"]]
    }


@pytest.mark.parametrize("path", [LEDGER_CSV, LEDGER_XLSX], ids=["gbk-csv", "xlsx"])
def test_training_columns_become_providers_programmes_and_enrolments(path: Path) -> None:
    caseload = _read(path).caseload
    trained = _training_cells(_csv_rows())
    # a veteran's training repeated on each of their rows is one enrolment
    assert len(caseload.enrolments) == len(trained)
    assert {p.name for p in caseload.providers} == {
        "南京市退役军人职业技能培训中心",
        "江苏省退役军人创业孵化基地",
        "南京某职业技术学院",
    }
    kinds = {p.title: p.kind.value for p in caseload.programmes}
    assert kinds["SYB创业培训"] == "entrepreneurship"
    assert kinds["退役士兵适应性培训"] == "adaptive"
    outcomes = {e.outcome.value for e in caseload.enrolments}
    assert outcomes <= {"completed", "withdrawn"}
    assert "withdrawn" in outcomes  # 中途退出
    # every reference resolves: providers, programmes and veterans are in the caseload
    assert [p for p in caseload.check() if p.severity.value == "error"] == []


def test_training_columns_in_part_are_one_problem_and_cost_no_job(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text(
        "序号,性别,入伍时间,所在区,用人单位,岗位,入职日期,培训项目,参训日期\n"
        "1,男,2010-09-01,江宁区,南京某保安公司,保安员,2024-03-01,保安员培训,2024-01-05\n",
        encoding="utf-8",
    )
    ledger = io.read_ledger(path, errors="collect")
    (problem,) = ledger.problems
    assert problem.startswith("l.csv row 1: the ledger records training but has no column")
    assert "'培训机构'" in problem
    assert "'机构类型'" in problem
    assert "'培训类型'" in problem
    assert "no training were read" in problem
    assert len(ledger.caseload.placements) == 1
    assert ledger.caseload.enrolments == ()
    with pytest.raises(RecordError, match="培训机构"):
        io.read_ledger(path)


TRAINED = (
    "序号,姓名,身份证号,性别,入伍时间,所在区,"
    "培训机构,机构类型,培训项目,培训类型,参训日期,结业日期,培训结果\n"
)
PERSON = "320102199404032011,男,2012-09-01,玄武区"


def test_a_training_written_twice_is_one_and_differences_are_named(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    course = "南京某培训学校,民办培训机构,电工培训,职业技能培训,2024-01-05"
    path.write_text(
        TRAINED
        + f"1,王伟,{PERSON},{course},2024/2/1,结业\n"
        + f"2,王伟,{PERSON},{course},2024年2月1日,结业\n"
        + f"3,王伟,{PERSON},{course},2024-02-01,中途退出\n"
        + f"4,王伟,{PERSON},南京某培训学校,民办培训机构,,职业技能培训,2024-03-05,,\n",
        encoding="utf-8",
    )
    ledger = io.read_ledger(path, errors="collect")
    (enrolment,) = ledger.caseload.enrolments
    assert enrolment.outcome.value == "completed"
    assert enrolment.id.startswith("T")
    assert [p.split(":", 1)[0] for p in ledger.problems] == ["l.csv row 4", "l.csv row 5"]
    assert "the training differs from row 2" in ledger.problems[0]
    assert "培训项目" in ledger.problems[1]
    (provider,) = ledger.caseload.providers
    assert provider.region == "320102"  # taken from the veteran's district, and noted
    assert any("机构所在区" in note for note in ledger.notes)


def test_service_contact_columns_become_contacts(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text(
        "序号,身份证号,性别,入伍时间,所在区,服务日期,服务类型,服务方式\n"
        f"1,{PERSON},2025-01-06,回访,电话\n"
        f"2,{PERSON},2025-01-06,回访,电话\n"
        f"3,{PERSON},2025-02-10,推荐就业,\n"
        f"4,{PERSON},2025-02-11,送温暖,\n",
        encoding="utf-8",
    )
    ledger = io.read_ledger(path, errors="collect")
    contacts = ledger.caseload.contacts
    assert [c.kind.value for c in contacts] == ["follow_up", "job_referral"]
    assert contacts[0].channel is not None
    assert contacts[1].channel is None  # a blank stays unknown
    assert len({c.id for c in contacts}) == 2
    (problem,) = ledger.problems
    assert problem.startswith("l.csv row 5, column '服务类型'")
