"""Frames and lists of dicts as CSV and Excel files: ``io.write_table`` (issue 25, item 5:
the scores' frame to Excel)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from veteran_services import io, metrics, scoring
from veteran_services.errors import InvalidInputError
from veteran_services.synthetic import DEFAULT_AS_OF, generate

pandas = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def scores() -> object:
    return scoring.score_frame(generate(veterans=40, seed=3), as_of=DEFAULT_AS_OF)


def test_the_scores_frame_goes_to_excel_with_every_column(scores: object, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    frame = scores
    assert isinstance(frame, pandas.DataFrame)
    target = io.write_table(tmp_path / "分数.xlsx", frame, sheet="scores")
    book = openpyxl.load_workbook(target, read_only=True)
    page = book["scores"]
    lines = list(page.iter_rows(values_only=True))
    book.close()
    assert list(lines[0]) == list(frame.columns)
    assert len(lines) == len(frame) + 1
    value = list(frame.columns).index("value")
    for line, (_, row) in zip(lines[1:], frame.iterrows(), strict=True):
        if math.isnan(row["value"]):
            assert line[value] is None  # unscored: an empty cell, not NaN
        else:
            assert line[value] == pytest.approx(row["value"], rel=1e-14)  # not rounded
    informal = list(frame.columns).index("flag.informal")
    assert {line[informal] for line in lines[1:]} <= {True, False}


def test_csv_has_the_mark_rounded_numbers_and_empty_missing_cells(tmp_path: Path) -> None:
    frame = pandas.DataFrame(
        {
            "name": ["江宁区", "=SUM(A1)"],
            "rate": [0.5656324, math.nan],
            "n": pandas.array([419, None], dtype="Int64"),
            "day": [pandas.Timestamp("2026-06-30"), pandas.NaT],
        }
    )
    text = io.write_table(tmp_path / "t.csv", frame).read_bytes().decode("utf-8")
    assert text.splitlines() == [
        "\ufeffname,rate,n,day",
        "江宁区,0.5656,419,2026-06-30 00:00:00",
        "'=SUM(A1),,,",
    ]
    plain = io.write_table(tmp_path / "p.csv", frame, bom=False, digits=None)
    assert plain.read_text(encoding="utf-8").splitlines()[1] == (
        "江宁区,0.5656324,419,2026-06-30 00:00:00"
    )


def test_a_grouped_frame_keeps_its_groups(scores: object, tmp_path: Path) -> None:
    assert isinstance(scores, pandas.DataFrame)
    means = scores.groupby("employer_region")["value"].mean()
    lines = io.write_table(tmp_path / "m.csv", means.to_frame()).read_text("utf-8-sig")
    assert lines.splitlines()[0] == "employer_region,value"
    assert len(lines.splitlines()) == len(means) + 1


def test_an_indicator_tables_frame(tmp_path: Path) -> None:
    table = metrics.indicator_table(
        generate(veterans=300, seed=2), indicators=["placement_rate"], lang="zh", min_cell=5
    )
    target = io.write_table(tmp_path / "d.csv", table.to_frame())
    header = target.read_text("utf-8-sig").splitlines()[0]
    assert header.startswith("unit,name,placement_rate.value,placement_rate.low")


def test_a_list_of_dicts(tmp_path: Path) -> None:
    rows = [{"a": 1, "b": "x"}, {"b": "y", "c": 2.123456}]
    text = io.write_table(tmp_path / "r.csv", rows).read_text("utf-8-sig")
    assert text.splitlines() == ["a,b,c", "1,x,", ",y,2.1235"]


def test_an_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="already exists") as caught:
        io.write_table(target, [{"a": 1}])
    assert "r.csv" in str(caught.value)
    assert target.read_text(encoding="utf-8") == "mine"
    io.write_table(target, [{"a": 1}], overwrite=True)
    assert target.read_text("utf-8-sig").splitlines() == ["a", "1"]


@pytest.mark.parametrize(
    ("path", "table", "argument", "words"),
    [
        ("t.txt", [{"a": 1}], "path", r"must end in \.csv or \.xlsx, got '.*t.txt'"),
        (7, [{"a": 1}], "path", "'path' must be"),
        ("t.csv", "a,b", "table", "a pandas DataFrame or a list of dicts, got str"),
        ("t.csv", {"a": 1}, "table", "got dict"),
        ("t.csv", [{"a": 1}, ["b"]], "table", "row 2 must be a mapping"),
        ("t.csv", [{"a": 1}], "digits", "whole number of decimal places"),
    ],
)
def test_wrong_arguments_are_named(
    tmp_path: Path, path: object, table: object, argument: str, words: str
) -> None:
    chosen = tmp_path / path if isinstance(path, str) else path
    extra = {"digits": -1} if argument == "digits" else {}
    with pytest.raises(InvalidInputError, match=words) as caught:
        io.write_table(chosen, table, **extra)  # type: ignore[arg-type]
    assert caught.value.argument == argument
