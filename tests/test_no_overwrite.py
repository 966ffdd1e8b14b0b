"""Nothing is overwritten without being asked (issue 25): ``io.write_csv``,
``returns.write_mva_return``, ``report.write_report`` and the command line's ``report --out``
and ``return mva --out`` refuse an existing file, naming it, unless ``overwrite=True`` /
``--overwrite``; the file is left as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from veteran_services import Caseload, io, report, returns
from veteran_services.cli import main
from veteran_services.errors import InvalidInputError
from veteran_services.model import Veteran
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
        patched.setattr("veteran_services.report._render.render_report", never)
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
    err = capsys.readouterr().err
    assert "already exists" in err
    assert str(target) in err
    assert target.read_text(encoding="utf-8") == MINE
    assert main([*argv, "--overwrite"]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_command_lines_return(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _existing(tmp_path, "2022.csv")
    argv = ["return", "mva", "--year", "2022", str(folder), "--out", str(target), "-q"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "already exists" in err
    assert str(target) in err
    assert target.read_text(encoding="utf-8") == MINE
    assert main([*argv, "--overwrite"]) == 0
    assert target.read_text(encoding="utf-8-sig").startswith("新增自主就业退役士兵")
