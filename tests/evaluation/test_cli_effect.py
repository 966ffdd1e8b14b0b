"""The ``effect`` command prints the estimate with its diagnostics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veteran_services import io, synthetic
from veteran_services.cli import main

pytest.importorskip("statsmodels")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("city")
    io.write_caseload(synthetic.sample_city(), path)
    return path


def test_effect_prints_estimate_and_diagnostics(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["effect", str(folder), "--programme-kind", "vocational", "--outcome",
                 "employed_q2", "--ignore-kind", "adaptive"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "Effect of completing vocational training on employed_q2" in out
    assert "naive" in out
    assert "E-value" in out
    assert "balance" in out


def test_effect_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["effect", str(folder), "--outcome", "earnings_q4", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["frame"]["outcome"] == "earnings_q4"
    assert data["estimate"]["method"] == "aipw"


def test_effect_bad_outcome(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["effect", str(folder), "--outcome", "happy_q2"])
    assert code != 0
    assert "'outcome' must be employed_qN or earnings_qN" in capsys.readouterr().err
