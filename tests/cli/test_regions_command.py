"""``metrics --by`` and ``league --by`` with whose district: names beside codes, the table the
library's indicator_table gives, employer_region refused for figures about people (issue 25,
items 1 and 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veteran_services import cli, io, metrics
from veteran_services.synthetic import DEFAULT_AS_OF, sample_city


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return io.write_caseload(sample_city(), tmp_path_factory.mktemp("city") / "caseload")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main([*argv, "-q"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def test_metrics_by_veteran_region_names_the_districts(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "metrics", str(folder), "--by", "veteran_region",
                          "--lang", "zh", "--as-of", DEFAULT_AS_OF.isoformat())  # fmt: skip
    assert status == 0
    assert "320115 江宁区" in out
    assert out.splitlines()[-2].startswith("合计")
    assert out.splitlines()[-1].startswith("计算引擎")  # the engine that computed it


def test_metrics_by_employer_region_is_the_librarys_table(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "metrics", str(folder), "--by", "employer_region",
                          "--metric", "time_to_placement", "--format", "json",
                          "--as-of", DEFAULT_AS_OF.isoformat())  # fmt: skip
    assert status == 0
    wide = metrics.indicator_table(
        io.read_caseload(folder),
        indicators=["time_to_placement"],
        by="employer_region",
        as_of=DEFAULT_AS_OF,
    )
    expected = json.loads(json.dumps(wide.tables["time_to_placement"].to_rows(), default=str))
    assert json.loads(out) == expected


def test_employer_region_is_refused_for_people(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(capsys, "metrics", str(folder), "--by", "employer_region")
    assert status != 0
    assert "veteran_region" in err


def test_league_by_veteran_region_names_the_districts(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "league", str(folder), "--by", "veteran_region",
                          "--replicates", "20", "--lang", "en")  # fmt: skip
    assert status == 0
    assert "Jiangning District" in out
