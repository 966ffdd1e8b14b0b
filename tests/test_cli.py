"""The command line's interim main job: generate, check and summarise the sample city."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from veteran_services.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def test_the_summary_reports_every_section() -> None:
    status, text = run("--veterans", "150", "--seed", "3")
    assert status == 0
    assert "Sample city as of 2026-06-30" in text
    assert "Jiangning District 江宁区" in text
    assert "Gaochun District 高淳区" in text
    for heading in (
        "Veterans by district",
        "Enrolments by outcome",
        "Placements",
        "Ventures",
        "Follow-up responses by wave and disposition",
    ):
        assert heading in text
    assert "3 months" in text
    assert "12 months" in text
    assert "Complete interview (完成)" in text
    assert "Check: no problems" in text


def test_the_counts_are_those_of_the_caseload() -> None:
    from veteran_services.synthetic import generate

    caseload = generate(veterans=150, seed=3)
    _, text = run("--veterans", "150", "--seed", "3")
    lines = text.splitlines()
    veterans_line = next(line for line in lines if line.strip().startswith("veterans"))
    assert veterans_line.split()[-1] == "150"
    active = sum(1 for p in caseload.placements if p.ended_on is None)
    placements = lines.index("Placements")
    assert lines[placements + 1].split() == ["active", f"{active:,}"]
    by_district = sum(
        int(line.split()[-1].replace(",", "")) for line in lines if line.startswith("  3201")
    )
    assert by_district == 150


def test_the_seed_and_the_reference_date_change_the_output() -> None:
    _, first = run("--veterans", "80", "--seed", "1")
    _, again = run("--veterans", "80", "--seed", "1")
    _, other = run("--veterans", "80", "--seed", "2")
    _, earlier = run("--veterans", "80", "--seed", "1", "--as-of", "2022-12-31")
    assert first == again
    assert first != other
    assert "as of 2022-12-31" in earlier


def test_bad_arguments_exit_with_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--veterans", "many"])
    assert exit_info.value.code == 2
    assert "--veterans" in capsys.readouterr().err


def test_main_writes_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--veterans", "20"]) == 0
    assert "Check: no problems" in capsys.readouterr().out


def test_python_dash_m_runs_the_main_job() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "veteran_services", "--veterans", "30"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Veterans by district" in result.stdout
