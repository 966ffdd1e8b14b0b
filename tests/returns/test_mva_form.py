"""The MVA return as a file laid out like the form: written and read back (.xlsx and .csv),
every rule checked on reading, districts' returns added up."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from veteran_services.codes import ancestors
from veteran_services.errors import InvalidInputError
from veteran_services.returns import (
    LETTERS,
    MVA_COLUMNS,
    MVA_TITLE,
    TOTAL_NAME,
    MvaReturn,
    combine_mva_returns,
    mva_self_employment_destinations,
    read_mva_return,
    write_mva_return,
)
from veteran_services.synthetic import generate

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def city_return() -> MvaReturn:
    caseload = generate(veterans=400, seed=11)
    return mva_self_employment_destinations(caseload, year=2022, as_of=date(2023, 6, 30))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_keeps_every_count(city_return: MvaReturn, tmp_path: Path, suffix: str) -> None:
    path = write_mva_return(city_return, tmp_path / f"return{suffix}")
    read = read_mva_return(path)
    assert read.ok
    assert read.year == 2022
    assert read.as_of == date(2023, 6, 30)
    assert [(r.unit, r.name, dict(r.counts)) for r in read.rows] == [
        (r.unit, r.name, dict(r.counts)) for r in city_return.rows
    ]


def test_the_file_is_laid_out_like_the_form(city_return: MvaReturn, tmp_path: Path) -> None:
    path = write_mva_return(city_return, tmp_path / "return.csv")
    lines = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert lines[0] == [MVA_TITLE]
    assert lines[2][2:] == [column.heading for column in MVA_COLUMNS]
    assert lines[2][3] == "学历提升·退役大学生士兵复学人数"
    assert lines[3] == ["甲", "乙", *LETTERS]
    assert lines[3 + len(city_return.rows)][1] == TOTAL_NAME
    notes = next(line for line in lines if line and line[0] == "填表说明")
    assert "1. A = B + C + D + L" in notes
    assert "4. F ≤ E" in notes


def test_the_veterans_behind_a_cell_are_never_written(
    city_return: MvaReturn, tmp_path: Path
) -> None:
    path = write_mva_return(city_return, tmp_path / "return.csv")
    text = path.read_text(encoding="utf-8-sig")
    some = next(i for row in city_return.rows for i in row.veterans["A"])
    assert some not in text


def _broken_workbook(ret: MvaReturn, path: Path) -> Path:
    write_mva_return(ret, path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    # the first district row is row 5; column C holds A
    sheet.cell(row=5, column=3).value = sheet.cell(row=5, column=3).value + 2
    book.save(path)
    return path


def test_a_broken_identity_is_reported_with_its_cell_and_sides(
    city_return: MvaReturn, tmp_path: Path
) -> None:
    path = _broken_workbook(city_return, tmp_path / "broken.xlsx")
    read = read_mva_return(path)
    first = city_return.rows[0]
    a = first.counts["A"]
    assert a is not None
    assert [str(p) for p in read.problems] == [
        f"{first.name} row: A ({a + 2}) ≠ B + C + D + L ({a})",
        (
            f"{TOTAL_NAME} row: A ({city_return.total.counts['A']}) ≠ sum of the units' A "
            f"({city_return.total.counts['A'] + 2})"
        ),
    ]
    assert read.problems[0].cells == ("A", "B", "C", "D", "L")
    assert len(read.rows) == len(city_return.rows)
    assert [row.name for row in read.valid_rows()] == [r.name for r in city_return.rows[1:-1]]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_one_broken_identity_reports_exactly_that_cell(tmp_path: Path, suffix: str) -> None:
    """Districts' rows as filled by hand (numbers as numbers), one cell wrong."""
    row = dict(zip(LETTERS, (20, 2, 1, 12, 6, 2, 1, 5, 2, 2, 1, 5, 2, 1), strict=True))
    path = tmp_path / f"districts{suffix}"
    lines: list[list[object]] = [
        [MVA_TITLE],
        ["年度", 2023],
        ["单位代码", "单位名称", *(c.heading for c in MVA_COLUMNS)],
        ["甲", "乙", *LETTERS],
        ["320102", "玄武区", *row.values()],
        ["320104", "秦淮区", *dict(row, A=21).values()],
        ["320106", "鼓楼区", *row.values()],
    ]
    if suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(lines)
    else:
        book = openpyxl.Workbook()
        for line in lines:
            book.active.append(line)
        book.save(path)
    read = read_mva_return(path)
    assert [str(p) for p in read.problems] == ["秦淮区 row: A (21) ≠ B + C + D + L (20)"]
    assert (read.problems[0].left, read.problems[0].right) == (21, 20)
    assert [r.name for r in read.rows] == ["玄武区", "秦淮区", "鼓楼区"]
    assert [r.name for r in read.valid_rows()] == ["玄武区", "鼓楼区"]


def test_an_unreadable_cell_is_reported_and_its_row_left_out(
    city_return: MvaReturn, tmp_path: Path
) -> None:
    path = write_mva_return(city_return, tmp_path / "return.csv")
    lines = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    lines[4][4] = "十二"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(lines)
    read = read_mva_return(path)
    assert read.errors == (
        f"return.csv row 5 ({lines[4][1]}): C must be a count of persons (or *), got '十二'",
    )
    assert len(read.rows) == len(city_return.rows) - 1


def test_a_file_without_the_letters_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="no row of the form's letters"):
        read_mva_return(path)


def test_another_suffix_is_refused(city_return: MvaReturn, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as caught:
        write_mva_return(city_return, tmp_path / "return.ods")
    assert caught.value.argument == "path"


def test_withheld_cells_are_stars_and_read_back_as_withheld(tmp_path: Path) -> None:
    caseload = generate(veterans=400, seed=11)
    ret = mva_self_employment_destinations(caseload, year=2022, as_of=date(2023, 6, 30), suppress=5)
    path = write_mva_return(ret, tmp_path / "published.xlsx")
    read = read_mva_return(path)
    assert read.ok
    withheld = {(r.name, k) for r in read.rows for k in LETTERS if r.counts[k] is None}
    assert withheld == {(r.name, k) for r in ret.rows for k in r.suppressed}
    assert withheld


def test_the_districts_returns_add_up(tmp_path: Path) -> None:
    caseload = generate(veterans=400, seed=11)
    whole = mva_self_employment_destinations(caseload, year=2022, as_of=date(2023, 6, 30))
    files = []
    for row in whole.rows[:-1]:
        part = caseload.replace(
            veterans=tuple(
                v for v in caseload.veterans if row.unit in {r.code for r in ancestors(v.region)}
            ),
        )
        district = mva_self_employment_destinations(part, year=2022, as_of=date(2023, 6, 30))
        files.append(read_mva_return(write_mva_return(district, tmp_path / f"{row.unit}.xlsx")))
    combined = combine_mva_returns(files)
    assert combined.ok
    assert [dict(r.counts) for r in combined.rows] == [dict(r.counts) for r in whole.rows]


def test_adding_up_refuses_a_broken_return(city_return: MvaReturn, tmp_path: Path) -> None:
    broken = read_mva_return(_broken_workbook(city_return, tmp_path / "broken.xlsx"))
    with pytest.raises(InvalidInputError, match="breaks the form's rules"):
        combine_mva_returns([broken])


def test_adding_up_refuses_a_unit_twice(city_return: MvaReturn) -> None:
    with pytest.raises(InvalidInputError, match="is in"):
        combine_mva_returns([city_return, city_return])
