"""io.read_caseload_folder: a caseload folder with the file and line of every record, so that
the problems found among the records are reported with their file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veteran_services import io
from veteran_services.errors import RecordError
from veteran_services.model import Caseload, Problem, ProblemCode, Severity
from veteran_services.synthetic import generate


@pytest.fixture(scope="module")
def city() -> Caseload:
    return generate(veterans=40, seed=3)


def _problem(
    code: ProblemCode, kind: str, record_id: str, message: str, field: str | None = None
) -> Problem:
    return Problem(
        severity=Severity.ERROR,
        code=code,
        kind=kind,
        record_id=record_id,
        message=message,
        field=field,
    )


def test_every_record_has_its_line(city: Caseload, tmp_path: Path) -> None:
    folder = io.read_caseload_folder(io.write_caseload(city, tmp_path / "c"))
    assert folder.caseload.placements == city.placements
    assert folder.files["veterans"] == "veterans.jsonl"
    lines = folder.record_lines("placements")
    assert [lines[p.id] for p in city.placements] == [
        (n,) for n in range(1, len(city.placements) + 1)
    ]
    earning = city.earnings[2]
    key = f"{earning.veteran_id}/{earning.employer_id}/{earning.quarter}"
    assert folder.record_lines("earnings")[key] == (3,)


def test_a_problem_is_placed_on_its_line_and_field(city: Caseload, tmp_path: Path) -> None:
    path = io.write_caseload(city, tmp_path / "c")
    placements = path / "placements.jsonl"
    text = placements.read_text(encoding="utf-8").splitlines()
    placements.write_text("\n".join(["", *text]) + "\n", encoding="utf-8")  # a blank line first
    folder = io.read_caseload_folder(path)
    target = city.placements[1]
    problem = _problem(
        ProblemCode.DANGLING_REFERENCE,
        "placements",
        target.id,
        "'employer_id' refers to a missing employer 'E9'",
        field="employer_id",
    )
    (located,) = folder.locate([problem])
    assert located.lines == (3,)
    assert located.line == 3
    assert located.field == "employer_id"
    assert located.path == "$.employer_id"
    assert located.message == problem.message
    assert str(located) == (
        f"placements.jsonl line 3: $.employer_id: {problem.message} "
        f"(error dangling-reference, placements {target.id!r})"
    )


def test_a_repeated_id_names_the_repeats_only(city: Caseload, tmp_path: Path) -> None:
    twice = city.replace(veterans=(*city.veterans, city.veterans[0]))
    folder = io.read_caseload_folder(io.write_caseload(twice, tmp_path / "c"))
    duplicates = [p for p in folder.caseload.check() if p.code is ProblemCode.DUPLICATE_ID]
    (located,) = folder.locate(duplicates)
    assert located.lines == (len(twice.veterans),)
    assert located.field == "id"


def test_a_record_it_cannot_place_is_named(city: Caseload, tmp_path: Path) -> None:
    folder = io.read_caseload_folder(io.write_caseload(city, tmp_path / "c"))
    problem = _problem(ProblemCode.UNKNOWN_REGION, "veterans", "nobody", "no such region")
    (located,) = folder.locate([problem])
    assert located.lines == ()
    assert located.line is None
    assert located.path == "$"
    assert str(located).startswith("veterans.jsonl record 'nobody': $: no such region")


def test_the_manifest_names_the_files(city: Caseload, tmp_path: Path) -> None:
    path = io.write_caseload(city, tmp_path / "c")
    (path / "veterans.jsonl").rename(path / "people.jsonl")
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["veterans"] = "people.jsonl"
    (path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    folder = io.read_caseload_folder(path)
    assert folder.files["veterans"] == "people.jsonl"
    assert folder.record_lines("veterans")[city.veterans[0].id] == (1,)


def test_reading_problems_are_raised_as_by_read_caseload(tmp_path: Path) -> None:
    path = io.write_caseload(Caseload(), tmp_path / "c")
    (path / "manifest.json").write_text("{}", encoding="utf-8")
    with pytest.raises(RecordError, match=r"manifest\.json"):
        io.read_caseload_folder(path)
    with pytest.raises(FileNotFoundError):
        io.read_caseload_folder(tmp_path / "missing")
