"""Workbooks (issue 15, item 1): the records, columns and problems of CSV, from .xlsx and .ods."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings

from veteran_services import Caseload, Money, PersonalDetails, Placement, Veteran, io
from veteran_services import strategies as vs
from veteran_services.errors import InvalidInputError, RecordError

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("python_calamine")


def _normalised(caseload: Caseload) -> Caseload:
    """Personal details with every field empty are no personal details in a table (a nested
    record whose cells are all blank is missing, as in CSV)."""
    veterans = tuple(
        attrs.evolve(v, personal=None) if v.personal == PersonalDetails() else v
        for v in caseload.veterans
    )
    return caseload.replace(veterans=veterans)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(vs.caseloads())
def test_any_caseload_written_to_a_workbook_reads_back_equal(
    tmp_path: Path, caseload: Caseload
) -> None:
    # an empty text answer is "unanswered" in any table form (see read_csv)
    assume(all(a.value != "" for r in caseload.responses for a in r.answers))
    caseload = _normalised(caseload)
    path = tmp_path / "caseload.xlsx"
    io.write_excel(path, caseload, include_personal=True, overwrite=True)  # one per example
    assert _normalised(io.read_excel_caseload(path)) == caseload


def _sheet(path: Path, rows: list[list[object]], title: str = "台账") -> Path:
    book = openpyxl.Workbook()
    page = book.active
    page.title = title
    for row in rows:
        page.append(row)
    book.save(path)
    return path


HEADER = [
    "id",
    "veteran_id",
    "employer_id",
    "occupation_title",
    "started_on",
    "monthly_wage.amount",
]


def test_date_cells_and_text_dates_both_read(tmp_path: Path) -> None:
    path = _sheet(
        tmp_path / "p.xlsx",
        [
            HEADER,
            ["P1", "V1", "E1", "保安员", date(2024, 3, 1), 4500.5],
            ["P2", "V1", "E1", "快递员", "2024/3/1", "4500.50"],
            ["P3", "V1", "E1", "电工", datetime(2024, 3, 1, 0, 0), 4500],
        ],
    )
    placements = io.read_excel(path, Placement).records
    assert [p.started_on for p in placements] == [date(2024, 3, 1)] * 3
    assert [p.monthly_wage for p in placements] == [
        Money.of("4500.5"),
        Money.of("4500.50"),
        Money.of("4500"),
    ]
    assert [p.occupation_title for p in placements] == ["保安员", "快递员", "电工"]
    assert all(p.contract is None and p.insurance is None for p in placements)


def test_problems_name_the_sheet_the_row_and_the_header(tmp_path: Path) -> None:
    path = _sheet(
        tmp_path / "p.xlsx",
        [
            ["退役军人就业台账（2024年）"],  # a title row above the header
            HEADER,
            ["P1", "V1", "E1", "保安员", "2024-02-30", "4500"],
            ["P2", "V1", "E1", "快递员", "2024-03-01", "abc"],
            ["P3", "V1", "E1", "电工", "2024-03-01", "4200"],
        ],
    )
    result = io.read_excel(path, Placement, header_row=2, errors="collect")
    assert [p.id for p in result.records] == ["P3"]
    assert len(result.problems) == 2
    assert result.problems[0].startswith("p.xlsx sheet '台账' row 3, column 'started_on': ")
    assert result.problems[1].startswith(
        "p.xlsx sheet '台账' row 4, column 'monthly_wage.amount': "
    )
    with pytest.raises(RecordError) as raised:
        io.read_excel(path, Placement, header_row=2)
    assert raised.value.problems == result.problems


def test_a_long_number_cell_is_refused_not_guessed(tmp_path: Path) -> None:
    """An identity number typed as a number has lost its last digits in the workbook."""
    header = ["id", "sex", "region", "service.start", "personal.national_id"]
    path = _sheet(
        tmp_path / "v.xlsx",
        [header, ["V1", "男", "江宁区", "2010-09-01", 320115199001011234]],
    )
    result = io.read_excel(path, Veteran, errors="collect")
    assert result.records == ()
    (problem,) = result.problems
    assert "row 2, column 'personal.national_id': is a number of more than 15 digits" in problem
    assert "320115" not in problem  # personal: never quoted


def test_a_text_reader_handed_a_workbook_says_what_to_call(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "ledger.csv", [HEADER])  # a workbook, whatever its name says
    with pytest.raises(RecordError, match=r"is a spreadsheet workbook \(xlsx\).*read_excel"):
        io.read_csv(path, Placement)
    text = tmp_path / "p.xlsx"
    text.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    with pytest.raises(RecordError, match="is not a spreadsheet workbook"):
        io.read_excel(text, Placement)


def test_sheets_are_chosen_by_name_or_position(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "p.xlsx", [HEADER, ["P1", "V1", "E1", "保安员", "2024-03-01", ""]])
    assert len(io.read_excel(path, Placement, sheet="台账")) == 1
    assert len(io.read_excel(path, Placement, sheet=0)) == 1
    with pytest.raises(InvalidInputError, match=r"'sheet' 'x' is not in the workbook"):
        io.read_excel(path, Placement, sheet="x")
    with pytest.raises(InvalidInputError, match="'sheet' 3"):
        io.read_excel(path, Placement, sheet=3)
    with pytest.raises(InvalidInputError, match="'header_row'"):
        io.read_excel(path, Placement, header_row=0)


def test_written_cells_are_text_never_formulas(tmp_path: Path) -> None:
    placement = Placement(
        id="P1",
        veteran_id="V1",
        employer_id="E1",
        occupation_title='=HYPERLINK("http://example.invalid","点击")',
        started_on=date(2024, 3, 1),
        weekly_hours=Decimal("40"),
    )
    path = tmp_path / "p.xlsx"
    assert io.write_excel(path, [placement]) == 1
    page = openpyxl.load_workbook(path)["placements"]
    cells = {c.value: c.data_type for c in page[2]}
    # a text cell, and neutralised like CSV (OWASP's quote), which the reader takes off again
    assert cells["'" + placement.occupation_title] == "s"
    assert io.read_excel(path, Placement).records == (placement,)


def test_an_ods_workbook_reads_too(tmp_path: Path) -> None:
    """calamine reads OpenDocument; an .ods is told by its signature."""
    from veteran_services.io._sniff import workbook_format

    def archive(first: str, content: str, method: int) -> bytes:
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=method) as archive:
            archive.writestr(first, content)
        return buffer.getvalue()

    mimetype = "application/vnd.oasis.opendocument.spreadsheet"
    assert workbook_format(archive("mimetype", mimetype, zipfile.ZIP_STORED)) == "ods"
    assert workbook_format(archive("[Content_Types].xml", "<x/>", zipfile.ZIP_DEFLATED)) == "xlsx"
    # the four bytes of a zip signature alone are not a workbook: text may start with them
    assert workbook_format(b'PK\x03\x04\n{"id": "V1", "name": "x"}\n' * 2) is None


def test_without_the_extra_the_error_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    from veteran_services.errors import MissingExtraError

    real = importlib.import_module

    def missing(name: str, package: str | None = None) -> object:
        if name in ("python_calamine", "openpyxl"):
            raise ImportError(name)
        return real(name, package)

    path = _sheet(tmp_path / "p.xlsx", [HEADER])
    monkeypatch.setattr(importlib, "import_module", missing)
    with pytest.raises(MissingExtraError, match=r"pip install 'veteran-services\[excel\]'"):
        io.read_excel(path, Placement)
    with pytest.raises(MissingExtraError, match="openpyxl"):
        io.write_excel(tmp_path / "q.xlsx", [], cls=Placement)


def test_the_json_lines_reader_handed_a_workbook_says_what_to_call(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "placements.jsonl", [HEADER])
    with pytest.raises(RecordError, match=r"is a spreadsheet workbook \(xlsx\), not text"):
        io.read_jsonl(path, Placement).collect()


def test_a_zip_bomb_workbook_is_refused_unread(tmp_path: Path) -> None:
    import time
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<c>0</c>" * (40 * 2**20 // 8))
    assert path.stat().st_size < 1_000_000
    start = time.process_time()
    with pytest.raises(RecordError, match=r"unpacks to [0-9,]+ bytes from [0-9,]+"):
        io.read_excel(path, Placement)
    assert time.process_time() - start < 2.0
