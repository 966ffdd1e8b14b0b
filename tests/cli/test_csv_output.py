"""The command line's CSV is Excel-ready: the byte-order mark (``--no-bom`` leaves it out),
names beside codes in the output's language, rounded numbers (JSON keeps every digit), and
``score --out`` never replaces a file without ``--overwrite`` (issue 25, item 5)."""

from __future__ import annotations

import csv
import io as stdio
import json
from pathlib import Path

import pytest

from veteran_services import cli, io
from veteran_services.model import Caseload
from veteran_services.synthetic import generate


@pytest.fixture(scope="module")
def city() -> Caseload:
    return generate(veterans=150, seed=2)


@pytest.fixture(scope="module")
def folder(city: Caseload, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return io.write_caseload(city, tmp_path_factory.mktemp("city") / "caseload")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(stdio.StringIO(text.removeprefix("\ufeff"))))


def test_metrics_csv_has_the_bom_and_names_in_the_output_language(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by = ["metrics", str(folder), "--by", "veteran_region", "--format", "csv", "--min-cell", "1"]
    status, out, _ = _run(capsys, *by, "--lang", "zh")
    assert status == 0
    assert out.startswith("\ufeffgroup,name,")
    names = {row["group"]: row["name"] for row in _rows(out)}
    assert "江宁区" in names.values()
    assert names["Total"] == "合计"
    status, out, _ = _run(capsys, *by, "--lang", "en", "--no-bom")
    assert status == 0
    assert out.startswith("group,name,")
    assert "Jiangning District" in {row["name"] for row in _rows(out)}


def test_csv_rounds_and_json_keeps_every_digit(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by = ["league", str(folder), "--by", "provider", "--replicates", "20", "--lang", "en"]
    status, out, _ = _run(capsys, *by, "--format", "csv")
    assert status == 0
    rows = _rows(out)
    assert rows[0]["name"]  # providers named from the caseload
    lows = [row["low"] for row in rows if row["low"]]
    assert lows
    assert all(len(low.split(".")[-1]) <= 4 for low in lows)
    status, out, _ = _run(capsys, *by, "--format", "json")
    assert status == 0
    exact = [row["low"] for row in json.loads(out) if row["low"] is not None]
    assert [round(low, 4) for low in exact] == [float(low) for low in lows]


def test_score_out_refuses_an_existing_file_without_overwrite(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "scores.csv"
    target.write_text("mine", encoding="utf-8")
    status, _, err = _run(capsys, "score", str(folder), "--out", str(target))
    assert status == 2
    assert "overwrite" in err
    assert target.read_text(encoding="utf-8") == "mine"
    status, _, _ = _run(capsys, "score", str(folder), "--out", str(target), "--overwrite")
    assert status == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data.decode("utf-8"))
    assert rows[0]["region_name"]
    status, _, _ = _run(
        capsys,
        "score",
        str(folder),
        "--out",
        str(target),
        "--overwrite",
        "--no-bom",
        "--lang",
        "zh",
    )
    assert status == 0
    data = target.read_bytes()
    assert data.startswith(b"placement_id,")
    assert any(row["region_name"].endswith("区") for row in _rows(data.decode("utf-8")))
    assert [p.name for p in tmp_path.iterdir()] == ["scores.csv"]


def test_score_says_the_median_wages_are_missing_and_peer_wages_fill_them(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "score", str(folder), "--lang", "en")
    assert status == 0
    assert "No median wages in the labour-market tables" in out
    target = tmp_path / "peer.csv"
    status, out, _ = _run(
        capsys, "score", str(folder), "--peer-wages", "--out", str(target), "--lang", "en"
    )
    assert status == 0
    assert "No median wages" not in out
    assert "a peer reference" in out
    rows = _rows(target.read_bytes().decode("utf-8"))
    assert any(row["points.earnings_to_median"] for row in rows)
