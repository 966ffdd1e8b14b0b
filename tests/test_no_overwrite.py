"""Nothing is overwritten without being asked (issue 25): ``io.write_csv``, ``io.write_jsonl``,
``io.write_excel``, ``io.write_schemas``, ``returns.write_mva_return``, ``report.write_report``,
``EffectEstimate.plot``, ``columnar.write_parquet`` and the command line's ``score --out``,
``report --out``, ``return mva --out``, ``schema --out`` and ``demo`` refuse an existing file,
naming it, unless ``overwrite=True`` / ``--overwrite`` (the command line says so in its own
words); the file is left as it was."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from veteran_services import Caseload, io, report, returns
from veteran_services.cli import main
from veteran_services.errors import InvalidInputError
from veteran_services.model import Placement, Veteran
from veteran_services.synthetic import generate

MINE = "a file of the user's own\n"


@pytest.fixture(scope="module")
def city() -> Caseload:
    return generate(veterans=120, seed=5)


@pytest.fixture(scope="module")
def folder(city: Caseload, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return io.write_caseload(city, tmp_path_factory.mktemp("city") / "caseload")


def _existing(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    target.write_text(MINE, encoding="utf-8")
    return target


def _refused(caught: pytest.ExceptionInfo[InvalidInputError], target: Path) -> None:
    assert caught.value.argument == "path"
    assert str(target) in str(caught.value)
    assert "overwrite=True" in str(caught.value)
    assert target.read_text(encoding="utf-8") == MINE
    assert not list(target.parent.glob(f".{target.name}*"))  # nothing left beside it


def _refused_by_the_command_line(err: str, target: Path) -> None:
    """The command line's words: the file named, ``--overwrite`` (not the library's argument)."""
    assert "already exists" in err
    assert str(target) in err
    assert "pass --overwrite" in err
    assert "overwrite=True" not in err
    assert target.read_text(encoding="utf-8") == MINE


def test_write_csv(city: Caseload, tmp_path: Path) -> None:
    target = _existing(tmp_path, "veterans.csv")
    with pytest.raises(InvalidInputError, match="already exists") as caught:
        io.write_csv(target, city.veterans)
    _refused(caught, target)
    assert io.write_csv(target, city.veterans, overwrite=True) == len(city.veterans)
    assert len(io.read_csv(target, Veteran).records) == len(city.veterans)
    fresh = tmp_path / "new.csv"
    io.write_csv(fresh, city.veterans)
    assert fresh.read_bytes() == target.read_bytes()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_write_mva_return(city: Caseload, tmp_path: Path, suffix: str) -> None:
    if suffix == ".xlsx":
        pytest.importorskip("openpyxl")
    ret = returns.mva_self_employment_destinations(city, year=2022, as_of=date(2023, 6, 30))
    target = _existing(tmp_path, f"2022{suffix}")
    with pytest.raises(InvalidInputError, match="already exists") as caught:
        returns.write_mva_return(ret, target)
    _refused(caught, target)
    assert returns.write_mva_return(ret, target, overwrite=True) == target
    assert (
        returns.read_mva_return(target).rows
        == returns.read_mva_return(returns.write_mva_return(ret, tmp_path / f"fresh{suffix}")).rows
    )


def test_write_report_is_refused_before_the_work(
    city: Caseload, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _existing(tmp_path, "report.html")

    def never(*args: object, **kwargs: object) -> str:
        raise AssertionError("the report was computed for a file that is refused")

    with monkeypatch.context() as patched:
        patched.setattr("veteran_services.report._gather.render_report", never)
        with pytest.raises(InvalidInputError, match="already exists") as caught:
            report.write_report(city, target, charts=False)
    _refused(caught, target)
    report.write_report(city, target, charts=False, overwrite=True)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    nested = report.write_report(city, tmp_path / "new" / "r.html", charts=False)
    assert nested.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_command_lines_report(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _existing(tmp_path, "report.html")
    argv = ["report", str(folder), "--out", str(target), "-q"]
    assert main(argv) == 2
    _refused_by_the_command_line(capsys.readouterr().err, target)
    assert main([*argv, "--overwrite"]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_command_lines_return(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _existing(tmp_path, "2022.csv")
    argv = ["return", "mva", "--year", "2022", str(folder), "--out", str(target), "-q"]
    assert main(argv) == 2
    _refused_by_the_command_line(capsys.readouterr().err, target)
    assert main([*argv, "--overwrite"]) == 0
    assert target.read_text(encoding="utf-8-sig").startswith("新增自主就业退役士兵")


@pytest.mark.parametrize("fast", [True, False])
def test_write_jsonl(city: Caseload, tmp_path: Path, fast: bool) -> None:
    if fast:
        pytest.importorskip("msgspec")
    target = _existing(tmp_path, "placements.jsonl")
    with pytest.raises(InvalidInputError, match="already exists") as caught:
        io.write_jsonl(target, city.placements, fast=fast)
    _refused(caught, target)
    assert io.write_jsonl(target, city.placements, fast=fast, overwrite=True) == len(
        city.placements
    )
    assert tuple(io.read_jsonl(target, Placement)) == city.placements
    fresh = tmp_path / "new.jsonl"
    io.write_jsonl(fresh, city.placements, fast=fast)
    assert fresh.read_bytes() == target.read_bytes()


@pytest.mark.parametrize("records", ["placements", "caseload"])
def test_write_excel(city: Caseload, tmp_path: Path, records: str) -> None:
    pytest.importorskip("openpyxl")
    written = city.placements if records == "placements" else city
    target = _existing(tmp_path, "city.xlsx")
    with pytest.raises(InvalidInputError, match="already exists") as caught:
        io.write_excel(target, written)
    _refused(caught, target)
    io.write_excel(target, written, overwrite=True)
    if records == "placements":
        assert io.read_excel(target, Placement).records == city.placements
    else:
        assert io.read_excel_caseload(target).placements == city.placements
    assert not list(tmp_path.glob(".city.xlsx*"))


def test_write_schemas(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    written = io.write_schemas(folder)
    (folder / "notes.txt").write_text(MINE, encoding="utf-8")
    mine = folder / "placements.schema.json"
    mine.write_text(MINE, encoding="utf-8")
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    with pytest.raises(InvalidInputError, match="already exists") as caught:
        io.write_schemas(folder)
    assert caught.value.argument == "folder"
    assert f"{str(written[0])!r} already exists (and {len(written) - 1} more)" in str(caught.value)
    assert "overwrite=True" in str(caught.value)
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before  # not one
    assert io.write_schemas(folder, overwrite=True) == written
    assert json.loads(mine.read_text(encoding="utf-8"))["title"] == "Placement"
    assert (folder / "notes.txt").read_text(encoding="utf-8") == MINE
    other = tmp_path / "other"  # a folder holding other files, but no schema: written
    other.mkdir()
    (other / "notes.txt").write_text(MINE, encoding="utf-8")
    assert [p.name for p in io.write_schemas(other)] == [p.name for p in written]


def test_effect_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("statsmodels")
    from veteran_services.evaluation import treatment_effect

    rng = np.random.default_rng(3)
    x = rng.normal(size=300)
    t = rng.binomial(1, 1 / (1 + np.exp(-x))).astype(float)
    frame = {"t": t, "y": 1 + 2 * t + x + rng.normal(size=300), "x": x}
    result = treatment_effect(frame, treatment="t", outcome="y", covariates=["x"])
    target = _existing(tmp_path, "balance.png")
    with pytest.raises(InvalidInputError, match="already exists") as caught:
        result.plot(target)
    _refused(caught, target)
    result.plot(target, overwrite=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_command_lines_score(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _existing(tmp_path, "scores.csv")
    argv = ["score", str(folder), "--out", str(target), "-q"]
    assert main(argv) == 2
    _refused_by_the_command_line(capsys.readouterr().err, target)
    assert main([*argv, "--overwrite"]) == 0
    assert target.read_text(encoding="utf-8") != MINE


def test_the_command_lines_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "schemas"
    assert main(["schema", "--out", str(out)]) == 0
    target = out / "veterans.schema.json"
    target.write_text(MINE, encoding="utf-8")
    capsys.readouterr()
    assert main(["schema", "--out", str(out)]) == 2
    _refused_by_the_command_line(capsys.readouterr().err, target)
    assert main(["schema", "--out", str(out), "--overwrite"]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "Veteran"


def test_the_command_lines_import_to_jsonl(
    city: Caseload, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "veterans.csv"
    io.write_csv(source, city.veterans)
    target = _existing(tmp_path, "veterans.jsonl")
    argv = ["import", "--kind", "veterans", str(source), "--out", str(target), "-q"]
    assert main(argv) == 2
    assert "exists and is left as it is" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == MINE
    assert main([*argv, "--replace"]) == 0  # asked: replaced (it was refused by the writer)
    assert [v.id for v in io.read_jsonl(target, Veteran)] == [v.id for v in city.veterans]


DEMO = ["demo", "--veterans", "40", "-q", "--lang", "en"]


def test_the_demo_remakes_only_its_own_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    assert main([*DEMO, "--out", str(out)]) == 0
    assert (out / ".veteran-services-demo").is_file()
    (out / "notes.txt").write_text(MINE, encoding="utf-8")  # the user's, beside the demo's
    first = (out / "caseload" / "veterans.jsonl").read_bytes()
    assert main([*DEMO, "--out", str(out), "--seed", "2"]) == 0  # its own: remade
    assert (out / "caseload" / "veterans.jsonl").read_bytes() != first
    assert (out / "notes.txt").read_text(encoding="utf-8") == MINE
    (out / "caseload" / "mine.txt").write_text(MINE, encoding="utf-8")
    capsys.readouterr()
    assert main([*DEMO, "--out", str(out)]) == 2  # a caseload folder holding a user's file
    assert "mine.txt" in capsys.readouterr().err
    assert (out / "caseload" / "mine.txt").read_text(encoding="utf-8") == MINE


def test_the_demo_refuses_a_folder_it_did_not_make(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _existing(tmp_path, "report.html")
    (tmp_path / "notes.txt").write_text(MINE, encoding="utf-8")

    def never(*args: object, **kwargs: object) -> Caseload:
        raise AssertionError("the demo did its work for a folder that is refused")

    with monkeypatch.context() as patched:
        patched.setattr("veteran_services.cli._data.generate", never)
        assert main([*DEMO, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "in a folder the demo did not make" in err
    _refused_by_the_command_line(err, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "report.html"]
    assert main([*DEMO, "--out", str(tmp_path), "--overwrite"]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == MINE


@pytest.mark.parametrize("partition_by", [None, "veteran"])
def test_write_parquet(city: Caseload, tmp_path: Path, partition_by: str | None) -> None:
    columnar = pytest.importorskip("veteran_services.columnar")
    folder = tmp_path / "parquet"
    folder.mkdir()
    (folder / "notes.txt").write_text(MINE, encoding="utf-8")  # not the writer's: no matter
    columnar.write_parquet(city, folder, partition_by=partition_by)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with pytest.raises(InvalidInputError, match="already exists") as caught:
        columnar.write_parquet(city, folder, partition_by=partition_by, buckets=2)
    assert caught.value.argument == "folder"
    assert str(folder / "manifest.json") in str(caught.value)
    assert "overwrite=True" in str(caught.value)
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    columnar.write_parquet(city, folder, partition_by=partition_by, overwrite=True)
    assert columnar.read_parquet(folder).placements == city.placements
    assert (folder / "notes.txt").read_text(encoding="utf-8") == MINE


def test_write_parquet_never_writes_through_a_link(city: Caseload, tmp_path: Path) -> None:
    columnar = pytest.importorskip("veteran_services.columnar")
    victim = _existing(tmp_path, "victim.txt")
    folder = tmp_path / "parquet"
    folder.mkdir()
    (folder / "veterans.parquet").symlink_to(victim)
    for overwrite in (False, True):
        with pytest.raises(InvalidInputError):
            columnar.write_parquet(city, folder, overwrite=overwrite)
    assert victim.read_text(encoding="utf-8") == MINE
