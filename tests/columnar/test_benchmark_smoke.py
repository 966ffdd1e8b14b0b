"""The columnar benchmark runs end to end on a small city (its results are in benchmarks/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

SCRIPT = Path(__file__).parents[2] / "benchmarks" / "bench_columnar.py"


def test_the_benchmark_runs_and_both_paths_agree() -> None:
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(SCRIPT), "--placements", "1500", "--veterans", "300", "--repeat", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "both paths agree on all 1,500 values" in result.stdout
    assert "| object: `score_caseload` |" in result.stdout
    assert "columnar (first call) vs object (CPU)" in result.stdout
