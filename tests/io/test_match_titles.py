"""Readers give job titles an ISCO-08 code when asked and the match is unambiguous."""

from __future__ import annotations

from pathlib import Path

import pytest

from veteran_services import Placement, Veteran, io
from veteran_services.errors import InvalidInputError

HEADER = "编号,退役军人编号,用人单位,岗位,入职日期\n"
COLUMNS = {"编号": "id", "退役军人编号": "veteran_id", "用人单位": "employer_id"} | {
    "岗位": "occupation_title",
    "入职日期": "started_on",
}
ROWS = (
    "P1,V1,E1,保安员,2024-03-01\n"  # exact: 5414 Security guards
    "P2,V2,E1,外卖骑手,2024-03-02\n"  # 9621 Messengers, package deliverers
    "P3,V3,E2,综合岗,2024-03-03\n"  # no unit group: kept as a title
    "P4,V4,E2,综合岗,2024-03-04\n"
)


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "placements.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    return path


def test_titles_get_codes_only_when_asked_and_unambiguous(tmp_path: Path) -> None:
    path = _file(tmp_path)
    literal = io.read_csv(path, Placement, columns=COLUMNS)
    assert [p.occupation for p in literal] == [None] * 4
    assert literal.notes == ()
    matched = io.read_csv(path, Placement, columns=COLUMNS, match_titles=True)
    assert [p.occupation for p in matched] == ["5414", "9621", None, None]
    # the title is kept whatever the match
    assert [p.occupation_title for p in matched] == ["保安员", "外卖骑手", "综合岗", "综合岗"]
    (note,) = matched.notes
    assert note.startswith("placements.csv: job title '综合岗' (2 rows) kept without an ISCO-08")


def test_a_code_already_given_is_never_replaced(tmp_path: Path) -> None:
    path = tmp_path / "placements.csv"
    path.write_text(
        "id,veteran_id,employer_id,occupation,occupation_title,started_on\n"
        "P1,V1,E1,8322,保安员,2024-03-01\n",
        encoding="utf-8",
    )
    (placement,) = io.read_csv(path, Placement, match_titles=True)
    assert placement.occupation == "8322"


def test_workbooks_match_titles_the_same_way(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    csv_path = _file(tmp_path)
    records = io.read_csv(csv_path, Placement, columns=COLUMNS)
    book = tmp_path / "placements.xlsx"
    io.write_excel(book, list(records))
    from_book = io.read_excel(book, Placement, match_titles=True)
    from_csv = io.read_csv(csv_path, Placement, columns=COLUMNS, match_titles=True)
    assert list(from_book) == list(from_csv)
    assert len(from_book.notes) == 1


@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_match_titles_is_a_true_boolean(tmp_path: Path, bad: object) -> None:
    with pytest.raises(InvalidInputError, match="'match_titles'"):
        io.read_csv(_file(tmp_path), Placement, columns=COLUMNS, match_titles=bad)  # type: ignore[arg-type]


def test_match_titles_is_refused_for_a_kind_without_titles(tmp_path: Path) -> None:
    path = tmp_path / "veterans.csv"
    path.write_text("id\nV1\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="True only for placements"):
        io.read_csv(path, Veteran, match_titles=True)
