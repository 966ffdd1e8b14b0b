"""Excel-ready files of every table result: the byte-order mark, names beside codes, rounded
numbers with full precision kept in the objects, .xlsx with openpyxl, atomic writes that never
replace a file unless asked (issue 25, item 5)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from veteran_services import Caseload, metrics
from veteran_services._tablefiles import csv_bytes, write_new
from veteran_services.errors import InvalidInputError
from veteran_services.synthetic import DEFAULT_AS_OF, generate

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def city() -> Caseload:
    return generate(veterans=400, seed=3)


def _rate(caseload: Caseload) -> metrics.Estimate:
    return metrics.placement_rate(caseload, as_of=DEFAULT_AS_OF)


@pytest.fixture(scope="module")
def tables(city: Caseload) -> dict[str, object]:
    return {
        "breakdown": metrics.breakdown(_rate, city, by="veteran_region", min_cell=5),
        "league": metrics.league_table(_rate, city, by="provider", min_n=5),
        "indicator_table": metrics.indicator_table(
            city, indicators=["placement_rate"], as_of=DEFAULT_AS_OF, lang="zh", min_cell=5
        ),
    }


def _read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


@pytest.mark.parametrize("kind", ["breakdown", "league", "indicator_table"])
def test_csv_has_the_bom_and_chinese_intact(
    tables: dict[str, object], kind: str, tmp_path: Path
) -> None:
    path = tables[kind].to_csv(tmp_path / "t.csv")  # type: ignore[attr-defined]
    data = path.read_bytes()
    assert data.startswith(BOM)
    assert "区" in data.decode("utf-8-sig") or kind == "league"


def test_bom_false_leaves_it_out(tables: dict[str, object], tmp_path: Path) -> None:
    path = tables["breakdown"].to_csv(tmp_path / "t.csv", bom=False)  # type: ignore[attr-defined]
    assert path.read_bytes().startswith(b"group,name,")


def test_names_beside_codes_and_the_total(tables: dict[str, object], tmp_path: Path) -> None:
    table = tables["breakdown"]
    rows = _read(table.to_csv(tmp_path / "zh.csv"))  # type: ignore[attr-defined]
    by_code = {row["group"]: row["name"] for row in rows}
    assert by_code["320115"] == "江宁区"
    assert by_code["Total"] == "合计"
    english = _read(table.to_csv(tmp_path / "en.csv", lang="en"))  # type: ignore[attr-defined]
    assert {row["group"]: row["name"] for row in english}["320115"] == "Jiangning District"


def test_provider_names_from_the_caseload(
    city: Caseload, tables: dict[str, object], tmp_path: Path
) -> None:
    league = tables["league"]
    rows = _read(league.to_csv(tmp_path / "p.csv", names=city, lang="en"))  # type: ignore[attr-defined]
    first = rows[0]
    assert first["name"] == city.provider(first["group"]).name
    plain = _read(league.to_csv(tmp_path / "q.csv"))  # type: ignore[attr-defined]
    assert "name" not in plain[0]  # provider ids have no name without the caseload


def test_numbers_rounded_full_precision_in_the_objects(
    tables: dict[str, object], tmp_path: Path
) -> None:
    table = tables["breakdown"]
    rows = _read(table.to_csv(tmp_path / "r.csv"))  # type: ignore[attr-defined]
    exact = table.to_rows()  # type: ignore[attr-defined]
    lows = [(row["low"], e["low"]) for row, e in zip(rows, exact, strict=True) if e["low"]]
    assert lows
    for shown, full in lows:
        assert shown == str(round(full, 4))
        assert len(shown.split(".")[1]) <= 4
    full_rows = _read(table.to_csv(tmp_path / "f.csv", digits=None))  # type: ignore[attr-defined]
    assert [r["low"] for r in full_rows if r["low"]] == [str(full) for _, full in lows]


def test_never_replaces_a_file_unless_asked(tables: dict[str, object], tmp_path: Path) -> None:
    table = tables["breakdown"]
    path = tmp_path / "t.csv"
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="overwrite=True") as caught:
        table.to_csv(path)  # type: ignore[attr-defined]
    assert caught.value.argument == "path"
    assert path.read_text(encoding="utf-8") == "mine"
    table.to_csv(path, overwrite=True)  # type: ignore[attr-defined]
    assert path.read_bytes().startswith(BOM)
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]  # no temporary file left


def test_a_link_and_a_folder_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_text("x", encoding="utf-8")
    link = tmp_path / "link.csv"
    os.symlink(target, link)
    with pytest.raises(InvalidInputError, match="symbolic link"):
        write_new(link, b"y", overwrite=True)
    with pytest.raises(InvalidInputError, match="folder"):
        write_new(tmp_path, b"y", overwrite=True)
    assert target.read_text(encoding="utf-8") == "x"


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_new(tmp_path / "missing" / "t.csv", b"x")
    assert list(tmp_path.iterdir()) == []


def test_formulas_are_neutralised_and_bad_options_named() -> None:
    text = csv_bytes(["group"], [["=1+1"], ["-"]], bom=False).decode("utf-8")
    assert text.splitlines()[1:] == ["'=1+1", "'-"]
    with pytest.raises(InvalidInputError) as caught:
        csv_bytes(["a"], [], bom="yes")  # type: ignore[arg-type]
    assert caught.value.argument == "bom"
    with pytest.raises(InvalidInputError) as caught:
        csv_bytes(["a"], [], digits=-1)
    assert caught.value.argument == "digits"


@pytest.mark.parametrize("kind", ["breakdown", "league", "indicator_table"])
def test_to_excel_opens_with_calamine_and_openpyxl(
    tables: dict[str, object], kind: str, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    calamine = pytest.importorskip("python_calamine")
    table = tables[kind]
    path = table.to_excel(tmp_path / "t.xlsx")  # type: ignore[attr-defined]
    book = openpyxl.load_workbook(path)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    csv_rows = _read(table.to_csv(tmp_path / "t.csv", digits=None))  # type: ignore[attr-defined]
    assert header == list(csv_rows[0])
    assert sheet.max_row == len(csv_rows) + 1
    grid = calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert grid[0] == header
    if kind != "league":
        assert any("江宁区" in str(cell) for line in grid for cell in line)
    with pytest.raises(InvalidInputError, match="overwrite=True"):
        table.to_excel(path)  # type: ignore[attr-defined]


def test_excel_keeps_every_digit_and_shows_four(tables: dict[str, object], tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    table = tables["breakdown"]
    sheet = openpyxl.load_workbook(table.to_excel(tmp_path / "t.xlsx")).active  # type: ignore[attr-defined]
    header = [cell.value for cell in sheet[1]]
    column = header.index("low") + 1
    exact = [row["low"] for row in table.to_rows()]  # type: ignore[attr-defined]
    cells = [sheet.cell(row=i + 2, column=column) for i in range(len(exact))]
    assert [c.value for c in cells] == [
        None if v is None else pytest.approx(v, rel=1e-14) for v in exact
    ]
    assert {c.number_format for c in cells if c.value is not None} == {"0.0000"}
