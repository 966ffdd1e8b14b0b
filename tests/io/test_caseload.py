"""Caseload folders: lossless round trips, the manifest, every problem of every file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from veteran_services import RECORD_KINDS, Caseload, Placement, Veteran, io
from veteran_services import strategies as vst
from veteran_services.errors import RecordError


@settings(max_examples=15)
@given(caseload=vst.caseloads(max_veterans=3))
def test_write_then_read_gives_an_equal_caseload(caseload: Caseload, tmp_path_factory: Any) -> None:
    """DESIGN §5: write_caseload then read_caseload is a lossless round trip."""
    folder = tmp_path_factory.mktemp("caseload")
    io.write_caseload(caseload, folder, include_personal=True)
    assert io.read_caseload(folder) == caseload


def test_folder_layout_and_manifest(veteran: Veteran, placement: Placement, tmp_path: Path) -> None:
    caseload = Caseload(veterans=(veteran,), placements=(placement,))
    when = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    folder = io.write_caseload(caseload, tmp_path / "city", created_at=when)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{kind}.jsonl" for kind in RECORD_KINDS] + ["manifest.json"]
    )
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "veteran-services caseload"
    assert manifest["schema_version"] == io.SCHEMA_VERSION
    assert manifest["library_version"] == __import__("veteran_services").__version__
    assert manifest["created_at"] == "2024-05-01T08:30:00+00:00"
    assert manifest["includes_personal"] is False
    assert manifest["counts"] == dict.fromkeys(RECORD_KINDS, 0) | {
        "veterans": 1,
        "placements": 1,
    }


def test_personal_details_stay_out_unless_asked(veteran: Veteran, tmp_path: Path) -> None:
    caseload = Caseload(veterans=(veteran,))
    io.write_caseload(caseload, tmp_path / "a")
    assert "张三" not in (tmp_path / "a" / "veterans.jsonl").read_text(encoding="utf-8")
    assert io.read_caseload(tmp_path / "a").veterans[0].personal is None
    io.write_caseload(caseload, tmp_path / "b", include_personal=True)
    assert io.read_caseload(tmp_path / "b") == caseload


def test_every_problem_of_every_file_is_reported(
    veteran: Veteran, placement: Placement, tmp_path: Path
) -> None:
    folder = io.write_caseload(Caseload(veterans=(veteran,), placements=(placement,)), tmp_path)
    vets = folder / "veterans.jsonl"
    vets.write_text(vets.read_text(encoding="utf-8").replace('"male"', '"man"'), encoding="utf-8")
    places = folder / "placements.jsonl"
    line = places.read_text(encoding="utf-8")
    places.write_text(line + line.replace('"5292.51"', '"-3"'), encoding="utf-8")
    with pytest.raises(RecordError) as info:
        io.read_caseload(folder)
    assert info.value.problems == (
        "veterans.jsonl line 1: $.sex: must be one of 'male', 'female' (got 'man')",
        "placements.jsonl line 2: $.monthly_wage.amount: 'amount' must not be negative, got -3",
    )


def test_counts_are_checked_against_the_manifest(placement: Placement, tmp_path: Path) -> None:
    folder = io.write_caseload(Caseload(placements=(placement, placement)), tmp_path)
    places = folder / "placements.jsonl"
    places.write_text(places.read_text(encoding="utf-8").splitlines()[0] + "\n", "utf-8")
    (folder / "veterans.jsonl").unlink()  # no veterans: a missing empty file is fine
    with pytest.raises(RecordError) as info:
        io.read_caseload(folder)
    assert info.value.problems == (
        "placements.jsonl: the manifest lists 2 records, the file has 1",
    )
    places.unlink()
    with pytest.raises(RecordError, match=r"placements.jsonl: missing; the manifest lists 2"):
        io.read_caseload(folder)


def test_manifest_problems(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        io.read_caseload(tmp_path / "nowhere")
    with pytest.raises(RecordError, match=r"manifest\.json: missing"):
        io.read_caseload(tmp_path)
    folder = io.write_caseload(Caseload(), tmp_path / "c")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["schema_version"] = io.SCHEMA_VERSION + 1
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(RecordError) as info:
        io.read_caseload(folder)
    assert info.value.problems == (
        (
            f"manifest.json: $.schema_version: {io.SCHEMA_VERSION + 1} is newer than this library "
            f"reads ({io.SCHEMA_VERSION}); upgrade veteran-services"
        ),
    )
    (folder / "manifest.json").write_text("[", encoding="utf-8")
    with pytest.raises(RecordError, match=r"manifest\.json: invalid JSON"):
        io.read_caseload(folder)


def test_an_old_folder_is_migrated(placement: Placement, veteran: Veteran, tmp_path: Path) -> None:
    folder = io.write_caseload(Caseload(veterans=(veteran,), placements=(placement,)), tmp_path)
    old = io.to_dict(placement)
    old["wage"] = old.pop("monthly_wage")["amount"]
    (folder / "placements.jsonl").write_text(json.dumps(old) + "\n", encoding="utf-8")
    vet = io.to_dict(veteran)
    vet["gender"] = vet.pop("sex")
    (folder / "veterans.jsonl").write_text(json.dumps(vet) + "\n", encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["schema_version"] = 0
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    caseload = io.read_caseload(folder)
    assert caseload.placements == (placement,)
    assert caseload.veterans[0].sex is veteran.sex


def test_tolerant_reading_warns_once_per_folder(placement: Placement, tmp_path: Path) -> None:
    folder = io.write_caseload(Caseload(placements=(placement,)), tmp_path)
    data = io.to_dict(placement) | {"note": "x"}
    (folder / "placements.jsonl").write_text(json.dumps(data) + "\n", encoding="utf-8")
    with pytest.raises(RecordError, match=r"\$\.note: unknown key"):
        io.read_caseload(folder)
    with pytest.warns(io.UnknownKeysWarning, match=r"placements.jsonl line 1: \$\.note"):
        assert io.read_caseload(folder, strict=False).placements == (placement,)


def test_manifest_file_names_are_checked(tmp_path: Path) -> None:
    folder = io.write_caseload(Caseload(), tmp_path / "c")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name in ("x" * 300 + ".jsonl", "../veterans.jsonl", ".hidden"):
        manifest["files"]["veterans"] = name
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        with pytest.raises(RecordError) as info:
            io.read_caseload(folder)
        assert info.value.problems == (
            "manifest.json: $.files: must map record kinds to file names",
        )
