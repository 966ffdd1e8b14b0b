"""``veteran-services ventures FOLDER`` (issue 26)."""

from __future__ import annotations

from pathlib import Path

import pytest

from veteran_services import io, synthetic
from veteran_services.cli import main


def test_the_ventures_command_prints_scores_survival_and_indicators(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = io.write_caseload(synthetic.sample_city(), tmp_path / "city")
    assert main(["ventures", str(folder), "--by", "support", "-q", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Entrepreneurship quality as of 2026-06-30" in out
    assert "Kaplan-Meier" in out
    assert "log-rank" in out
    assert "high-growth ventures (Eurostat-OECD)" in out
    assert "supported" in out
