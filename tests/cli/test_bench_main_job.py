"""The main-job benchmark runs end to end on a small city, and both engines give the same
output there (its results are in benchmarks/README.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

SCRIPT = Path(__file__).parents[2] / "benchmarks" / "bench_main_job.py"


def test_the_benchmark_runs_and_the_engines_agree(tmp_path: Path) -> None:
    folder = tmp_path / "city"
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(SCRIPT), "--veterans", "80", "--rounds", "1", "--folder", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "DIFFERENT OUTPUT" not in result.stdout
    for step in ("check", "score", "metrics", "follow-ups", "league"):
        assert f"{step:<11} columnar" in result.stdout
    assert '"score/columnar"' in result.stdout
