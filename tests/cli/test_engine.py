"""``--engine``: the columnar engine gives the object engine's output, says which engine ran,
and refuses what it cannot run instead of falling back quietly (issue 21, item 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

from veteran_services import cli, io
from veteran_services.cli import _engine
from veteran_services.model import Caseload
from veteran_services.synthetic import generate

COLUMNAR = "Engine: columnar (Arrow tables)"
OBJECTS = "Engine: objects (one Python record per line)"


@pytest.fixture(scope="module")
def city() -> Caseload:
    return generate(veterans=300, seed=11)  # the office's blanks: unknown facts, unscored jobs


@pytest.fixture(scope="module")
def folder(city: Caseload, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return io.write_caseload(city, tmp_path_factory.mktemp("engine") / "caseload")


@pytest.fixture(scope="module")
def broken(city: Caseload, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The city with one placement's employer missing and another's start before the minimum
    wage tables begin: two record failures, named by their reasons."""
    target = io.write_caseload(city, tmp_path_factory.mktemp("broken") / "caseload")
    file = target / "placements.jsonl"
    lines = file.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["employer_id"] = "E-没有"
    second = json.loads(lines[1])
    second["started_on"] = "2001-03-01"
    lines[0], lines[1] = json.dumps(first, ensure_ascii=False), json.dumps(second)
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def _without_engine(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith(("Engine: ", "计算引擎："))]


@pytest.mark.parametrize("which", ["folder", "broken"])
def test_score_is_the_same_on_both_engines(
    which: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(request.getfixturevalue(which))
    status, objects, _ = _run(capsys, "score", path, "--engine", "objects", "-q")
    assert status == 0
    status, columnar, _ = _run(capsys, "score", path, "--engine", "columnar", "-q")
    assert status == 0
    assert objects.splitlines()[-1] == OBJECTS
    assert columnar.splitlines()[-1] == COLUMNAR
    assert _without_engine(columnar) == _without_engine(objects)
    if which == "broken":
        assert "E-没有" in columnar
        assert "unknown_employer" in columnar
        assert "no_market_data" in columnar


def test_auto_takes_the_columnar_engine_when_it_can(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _status, out, _ = _run(capsys, "score", str(folder), "-q")
    assert out.splitlines()[-1] == COLUMNAR


def test_auto_takes_the_object_engine_for_what_only_it_does(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "scores.csv"
    status, out, _ = _run(capsys, "score", str(folder), "-q", "--out", str(out_file))
    assert status == 0
    assert out_file.exists()
    assert out.splitlines()[-1] == OBJECTS


@pytest.mark.parametrize(
    ("argv", "why"),
    [
        (("score", "--out", "x.csv"), "--out writes each score's reasons"),
        (("score", "--peer-wages"), "--peer-wages"),
        (("report", "--out", "r.html"), "the report is built on the object engine"),
    ],
)
def test_columnar_refuses_what_it_cannot_run(
    argv: tuple[str, ...],
    why: str,
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    command, *rest = argv
    status, _out, err = _run(capsys, command, str(folder), *rest, "--engine", "columnar")
    assert status == 2
    assert "--engine columnar cannot run this" in err
    assert why in err
    assert "--engine objects" in err
    assert not list(tmp_path.iterdir())  # nothing written


def test_without_the_arrow_extra(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(_engine, "columnar_installed", lambda: False)
    _status, out, _ = _run(capsys, "score", str(folder), "-q")
    assert out.splitlines()[-1] == OBJECTS
    status, _out, err = _run(capsys, "score", str(folder), "-q", "--engine", "columnar")
    assert status == 2
    assert "the arrow extra is not installed" in err


def test_the_engine_line_is_chinese_in_chinese(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _status, out, _ = _run(capsys, "score", str(folder), "-q", "--lang", "zh")
    last = out.splitlines()[-1]
    assert "列式" in last
    assert "Engine" not in last


@pytest.mark.parametrize(
    "argv",
    [
        ("metrics",),
        ("metrics", "--format", "csv"),
        ("metrics", "--as-of", "2024-12-31"),
        ("follow-ups", "--as-of", "2025-06-30"),
        ("metrics", "--by", "region"),
        ("metrics", "--by", "sex", "--metric", "median_earnings_after_exit", "--quarter", "4"),
        ("metrics", "--by", "provider", "--metric", "placement_rate", "--format", "csv"),
        ("metrics", "--by", "age_band", "--metric", "credential_attainment_rate", "--lang", "zh"),
        ("league", "--replicates", "50"),
        ("league", "--adjust-for", "default", "--replicates", "20"),
        (
            "league",
            "--adjust-for",
            "default,region",
            "--metric",
            "placement_rate",
            "--by",
            "region",
            "--replicates",
            "20",
            "--format",
            "csv",
        ),
        (
            "league",
            "--by",
            "region",
            "--metric",
            "retention_with_same_employer",
            "--format",
            "json",
        ),
        ("follow-ups", "--as-of", "2025-06-30", "--status", "lost", "done", "--format", "json"),
    ],
)
def test_the_main_job_is_the_same_on_both_engines(
    argv: tuple[str, ...], folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command, *rest = argv
    status, objects, objects_err = _run(
        capsys, command, str(folder), *rest, "-q", "--engine", "objects"
    )
    assert status == 0
    status, columnar, columnar_err = _run(
        capsys, command, str(folder), *rest, "-q", "--engine", "columnar"
    )
    assert status == 0
    assert (
        columnar == objects
        if "--format" in rest
        else _without_engine(columnar) == _without_engine(objects)
    )
    table = "--format" not in rest
    chinese = "zh" in rest
    assert (columnar if table else columnar_err).splitlines()[-1] == (
        "计算引擎：列式（Arrow 表）" if chinese else COLUMNAR
    )
    assert (objects if table else objects_err).splitlines()[-1] == (
        "计算引擎：对象（每行一个 Python 记录）" if chinese else OBJECTS
    )
    assert len(columnar.splitlines()) > 3


def test_what_has_no_columnar_form_runs_on_the_object_engine(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by = ("--by", "region", "--metric", "time_to_placement")
    _status, out, _ = _run(capsys, "metrics", str(folder), "-q", *by)
    assert out.splitlines()[-1] == OBJECTS
    status, _out, err = _run(capsys, "metrics", str(folder), "-q", *by, "--engine", "columnar")
    assert status == 2
    assert "time_to_placement is broken down and ranked on the object engine" in err
    adjusted = ("--adjust-for", "default", "--replicates", "20")
    credentials = ("--metric", "credential_attainment_rate")
    _status, out, _ = _run(capsys, "league", str(folder), "-q", *adjusted, *credentials)
    assert out.splitlines()[-1] == OBJECTS
    status, _out, err = _run(
        capsys, "league", str(folder), "-q", *adjusted, *credentials, "--engine", "columnar"
    )
    assert status == 2
    assert "credential_attainment_rate is adjusted for case mix on the object engine" in err
    status, _out, err = _run(
        capsys, "league", str(folder), "-q", *adjusted, "--by", "sex", "--engine", "columnar"
    )
    assert status == 2
    assert "--adjust-for by sex runs on the object engine" in err


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A city with problems planted in it (nine kinds), and a line that cannot be read."""
    city = generate(veterans=300, seed=5, problems=0.02)
    return io.write_caseload(city, tmp_path_factory.mktemp("planted") / "caseload")


def test_check_is_the_same_on_both_engines(
    folder: Path, broken: Path, planted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in (folder, broken, planted):
        status, objects, _ = _run(capsys, "check", str(path), "-q", "--engine", "objects")
        again, columnar, _ = _run(capsys, "check", str(path), "-q", "--engine", "columnar")
        assert again == status
        assert columnar.splitlines()[-1] == COLUMNAR
        assert _without_engine(columnar) == _without_engine(objects)
    assert status == 1
    assert "line " in columnar  # each planted problem with its file and line


def test_check_lists_reading_problems_the_same_way(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "caseload"
    target.mkdir()
    for file in folder.iterdir():
        (target / file.name).write_bytes(file.read_bytes())
    placements = target / "placements.jsonl"
    lines = placements.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace('"started_on"', '"起始日期"', 1)
    lines[7] = "{not json"
    placements.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, objects, _ = _run(capsys, "check", str(target), "-q", "--engine", "objects")
    again, columnar, _ = _run(capsys, "check", str(target), "-q", "--engine", "columnar")
    assert status == again == 1
    assert _without_engine(columnar) == _without_engine(objects)
    assert "placements.jsonl line 5" in columnar
    assert "placements.jsonl line 8" in columnar


@pytest.fixture(scope="module")
def parquet(city: Caseload, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from veteran_services.columnar import write_parquet

    return write_parquet(city, tmp_path_factory.mktemp("parquet") / "city", partition_by="veteran")


@pytest.mark.parametrize(
    "argv", [("check",), ("score",), ("metrics",), ("league", "--replicates", "30")]
)
def test_a_parquet_folder_gives_what_its_json_lines_folder_gives(
    argv: tuple[str, ...], folder: Path, parquet: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command, *rest = argv
    status, lines, _ = _run(capsys, command, str(folder), *rest, "-q")
    again, columns, _ = _run(capsys, command, str(parquet), *rest, "-q")
    assert status == again == 0
    assert columns.replace(str(parquet), "FOLDER") == lines.replace(str(folder), "FOLDER")
    assert columns.splitlines()[-1] == COLUMNAR
