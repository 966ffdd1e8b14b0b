"""Schema version 2 ("unknown is not none") and the migration from version 1 (issue 13)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from veteran_services import io
from veteran_services.model import ContractType
from veteran_services.scoring import SCORE_DIGITS, LabourMarket, score_caseload

DATA = Path(__file__).parent.parent / "data"
V1_FOLDER = DATA / "v1-caseload"


def test_the_library_writes_version_3() -> None:
    assert io.SCHEMA_VERSION == 3
    steps = [m for m in io.migrations() if m.from_version == 1]
    assert [m.kind for m in steps] == ["placements"]
    assert "keeps that meaning" in steps[0].description


def test_a_v1_placement_without_contract_or_insurance_meant_a_recorded_none() -> None:
    record = {
        "id": "P1",
        "veteran_id": "V1",
        "employer_id": "E1",
        "occupation": "8322",
        "started_on": "2024-03-01",
    }
    placement = io.from_dict(io.KIND_CLASSES["placements"], record, schema_version=1)
    assert placement.contract is ContractType.NONE
    assert placement.insurance == frozenset()
    # read as version 2, the same record says "not recorded"
    current = io.from_dict(io.KIND_CLASSES["placements"], record)
    assert current.contract is None
    assert current.insurance is None
    # what a v1 record says explicitly is kept as it is
    explicit = record | {"contract": "open_ended", "insurance": ["pension"]}
    kept = io.from_dict(io.KIND_CLASSES["placements"], explicit, schema_version=1)
    assert kept.contract is ContractType.OPEN_ENDED
    assert {i.value for i in kept.insurance} == {"pension"}


def test_the_committed_v1_folder_is_version_1_and_omits_what_v1_allowed() -> None:
    manifest = json.loads((V1_FOLDER / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == 1
    records = [
        json.loads(line)
        for line in (V1_FOLDER / "placements.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert sum("contract" not in r for r in records) == 5
    assert sum("insurance" not in r for r in records) == 5
    assert all("occupation_title" not in r for r in records)


def test_a_v1_folder_scores_as_it_did_before_schema_2() -> None:
    """Golden: the folder and its scores were written by the 0.1.0 release (schema 1)."""
    golden = json.loads((DATA / "v1-scores.json").read_text(encoding="utf-8"))
    caseload = io.read_caseload(V1_FOLDER)
    scores = score_caseload(
        caseload, market=LabourMarket.nanjing(), as_of=date.fromisoformat(golden["as_of"])
    )
    assert len(scores) == len(golden["scores"]) == 303
    for score, want in zip(scores, golden["scores"], strict=True):
        assert score.placement_id == want["placement_id"]
        # scores are rounded to SCORE_DIGITS places since schema 2
        assert score.value == pytest.approx(want["value"], abs=0.5 * 10.0**-SCORE_DIGITS)
        assert score.reason == want["reason"]
        assert [f.value for f in score.flags] == want["flags"]
        for component in score.components:
            raw, normalised, share, contribution = want["components"][component.name]
            got = (component.raw, component.normalised, component.share, component.contribution)
            assert got == pytest.approx((raw, normalised, share, contribution), abs=1e-12)
    # the placements v1 wrote without 'contract' are still "no written contract", flagged so
    no_contract = [p for p in caseload.placements if p.contract is ContractType.NONE]
    assert no_contract
    assert all(p.insurance is not None for p in caseload.placements)
    flagged = {s.placement_id for s in scores if any(f.value == "informal" for f in s.flags)}
    assert {p.id for p in no_contract} <= flagged


def test_a_v1_folder_rewritten_is_version_2_and_reads_back_equal(tmp_path: Path) -> None:
    caseload = io.read_caseload(V1_FOLDER)
    folder = io.write_caseload(caseload, tmp_path / "v2")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == io.SCHEMA_VERSION
    assert io.read_caseload(folder) == caseload
