"""``veteran-services league --adjust-for`` and ``--method`` (issue 19)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from veteran_services import cli, io, metrics
from veteran_services.metrics import adjusted_league_table
from veteran_services.synthetic import generate

pytest.importorskip("statsmodels")

AS_OF = "2026-06-30"
DAY = date(2026, 6, 30)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return io.write_caseload(generate(veterans=400, seed=4), tmp_path_factory.mktemp("c") / "c")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def test_the_adjusted_table_is_the_librarys(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(
        capsys, "league", str(folder), "--adjust-for", "default,region", "--replicates", "50",
        "--as-of", AS_OF, "--format", "json",
    )  # fmt: skip
    assert status == 0
    rows = json.loads(out)
    caseload = io.read_caseload(folder)
    indicator = metrics.programme_indicator("employment_rate_after_exit")
    table = adjusted_league_table(
        lambda c: indicator.compute(c, as_of=DAY, quarter=2),
        caseload,
        adjust_for=("age_band", "sex", "education", "rank", "barriers", "region"),
        replicates=50,
    )
    assert rows == json.loads(json.dumps(table.to_rows()))


def test_the_adjusted_table_in_words(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "league", str(folder), "--adjust-for", "age_band,sex", "--replicates", "20",
        "--as-of", AS_OF,
    )  # fmt: skip
    assert status == 0
    assert "adjusted for age_band, sex" in out
    assert "O/E" in out
    assert "C statistic" in out


def test_an_unknown_characteristic_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(capsys, "league", str(folder), "--adjust-for", "shoe_size")
    assert status == 2
    assert "--adjust-for" in err
    assert "shoe_size" in err


@pytest.mark.parametrize("method", ["exact", "arcsine", "normal"])
def test_the_method_of_the_limits(
    folder: Path, capsys: pytest.CaptureFixture[str], method: str
) -> None:
    status, out, _ = _run(
        capsys, "league", str(folder), "--method", method, "--replicates", "20",
        "--as-of", AS_OF, "--format", "json",
    )  # fmt: skip
    assert status == 0
    caseload = io.read_caseload(folder)
    indicator = metrics.programme_indicator("employment_rate_after_exit")
    table = metrics.league_table(
        lambda c: indicator.compute(c, as_of=DAY, quarter=2),
        caseload,
        method=method,  # type: ignore[arg-type]
        replicates=20,
    )
    assert [r["flag"] for r in json.loads(out)] == [r.flag for r in table.rows]
    assert [r["limit_0.998_high"] for r in json.loads(out)] == [
        r.limits[1].high if r.limits else None for r in table.rows
    ]
