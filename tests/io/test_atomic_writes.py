"""Atomic, symlink-safe writes: a failure or a kill never leaves a half-written file or folder.

The must-hold test kills a process writing a caseload folder over an older one at random
moments (``KILLS`` times; ``--run-slow`` runs ``SLOW_KILLS`` kills on a larger city): after every
kill, :func:`io.read_caseload` returns the complete old caseload or the complete new one.
"""

from __future__ import annotations

import os
import pickle
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import attrs
import pytest

from veteran_services import (
    Answer,
    Caseload,
    InvalidInputError,
    Placement,
    SurveyResponse,
    io,
    synthetic,
)
from veteran_services.io import _atomic
from veteran_services.model import Disposition

KILLS = 20
SLOW_KILLS = 100

_CHILD = """
import pickle, sys
from veteran_services import io
with open(sys.argv[1], "rb") as file:
    caseload = pickle.load(file)
sys.stdout.write("start\\n")
sys.stdout.flush()
io.write_caseload(caseload, sys.argv[2], include_personal=True)
sys.stdout.write("done\\n")
"""


def _placement(**changes: object) -> Placement:
    base = Placement(
        id="P1", veteran_id="V1", employer_id="E1", occupation="8322", started_on=date(2022, 1, 1)
    )
    return attrs.evolve(base, **changes)


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".writing-" in p.name or ".old-" in p.name)


def _kill_while_writing(tmp_path: Path, veterans: int, kills: int, seed: int) -> Counter[str]:
    old = synthetic.generate(veterans=veterans, seed=seed)
    new = synthetic.generate(veterans=veterans + veterans // 3, seed=seed + 1)
    pickles = {}
    for name, caseload in (("old", old), ("new", new)):
        pickles[name] = tmp_path / f"{name}.pickle"
        pickles[name].write_bytes(pickle.dumps(caseload))
    script = tmp_path / "child.py"
    script.write_text(_CHILD)
    target = tmp_path / "out" / "caseload"
    io.write_caseload(old, target, include_personal=True)
    assert io.read_caseload(target) == old
    started = time.perf_counter()
    io.write_caseload(new, tmp_path / "timing", include_personal=True)
    duration = time.perf_counter() - started

    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    current = "old"
    for _ in range(kills):
        other = "new" if current == "old" else "old"
        child = subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, str(script), str(pickles[other]), str(target)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == "start\n"
        time.sleep(rng.uniform(0, duration * 1.3))
        child.send_signal(signal.SIGKILL)
        child.communicate()
        read = io.read_caseload(target)
        if read == (old if current == "old" else new):
            outcomes["kept the old folder"] += 1
        elif read == (new if current == "old" else old):
            outcomes["swapped in the new folder"] += 1
            current = other
        else:  # pragma: no cover - what the test is there to catch
            pytest.fail(f"after a kill the folder holds neither caseload: {read.counts()}")
    outcomes["leftover temporary folders"] = len(_leftovers(target.parent))
    return outcomes


def test_a_write_killed_at_random_moments_leaves_the_old_or_the_new_folder(
    tmp_path: Path,
) -> None:
    outcomes = _kill_while_writing(tmp_path, veterans=150, kills=KILLS, seed=7)
    assert outcomes["kept the old folder"] + outcomes["swapped in the new folder"] == KILLS
    # Most kills land during the write, as the leftover temporary folders show.
    assert outcomes["leftover temporary folders"] >= 1


@pytest.mark.slow
def test_a_write_killed_at_random_moments_many_times(tmp_path: Path) -> None:
    outcomes = _kill_while_writing(tmp_path, veterans=1000, kills=SLOW_KILLS, seed=11)
    assert outcomes["kept the old folder"] + outcomes["swapped in the new folder"] == SLOW_KILLS
    assert outcomes["kept the old folder"] >= 1
    assert outcomes["swapped in the new folder"] >= 1


# --- failures half-way ----------------------------------------------------------------------


def _surrogate_response() -> SurveyResponse:
    return SurveyResponse(
        id="R1",
        instrument_id="FU",
        instrument_version=1,
        veteran_id="V1",
        disposition=Disposition.COMPLETE,
        answers=(Answer(question_id="q1", value="bad \ud800 text"),),
    )


def test_a_lone_surrogate_fails_before_anything_is_replaced(tmp_path: Path) -> None:
    # The reproducer of issue 16, item 4: veterans new, responses old, 228 dangling references.
    old = synthetic.generate(veterans=40, seed=3)
    folder = io.write_caseload(old, tmp_path / "c")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    broken = synthetic.generate(veterans=60, seed=4)
    broken = broken.replace(responses=[*broken.responses, _surrogate_response()])
    with pytest.raises(InvalidInputError) as info:
        io.write_caseload(broken, folder)
    message = str(info.value)
    assert "responses.jsonl record" in message
    assert "$.answers[0].value" in message
    assert "U+D800" in message
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert _leftovers(tmp_path) == []


def test_a_failing_record_source_leaves_the_old_jsonl_file(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    io.write_jsonl(path, [_placement()])
    before = path.read_bytes()

    def records() -> object:
        yield _placement(id="P2")
        msg = "the source broke"
        raise RuntimeError(msg)

    with pytest.raises(RuntimeError):
        io.write_jsonl(path, records(), overwrite=True)  # type: ignore[arg-type]
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_a_surrogate_in_jsonl_names_the_record_and_field(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("old\n")
    with pytest.raises(InvalidInputError, match=r"r.jsonl record 1: \$.answers\[0\].value"):
        io.write_jsonl(path, [_surrogate_response()], overwrite=True)
    assert path.read_text() == "old\n"


def test_without_the_exchange_the_folder_is_still_replaced_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_atomic, "_renameat2", lambda: None)
    folder = io.write_caseload(Caseload(placements=[_placement()]), tmp_path / "c")
    io.write_caseload(Caseload(placements=[_placement(id="P2")]), folder)
    assert [p.id for p in io.read_caseload(folder).placements] == ["P2"]
    assert _leftovers(tmp_path) == []


def test_an_existing_folder_keeps_its_permissions(tmp_path: Path) -> None:
    folder = io.write_caseload(Caseload(), tmp_path / "c")
    folder.chmod(0o750)
    (folder / "veterans.jsonl").chmod(0o640)
    io.write_caseload(Caseload(placements=[_placement()]), folder)
    assert folder.stat().st_mode & 0o777 == 0o750


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    io.write_jsonl(path, [_placement()])
    mask = os.umask(0o022)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


# --- symbolic links -----------------------------------------------------------------------------


def test_a_link_planted_in_the_folder_is_not_written_through(tmp_path: Path) -> None:
    # The reproducer of issue 16, item 4: a link in the folder had its target overwritten.
    folder = io.write_caseload(Caseload(), tmp_path / "c")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (folder / "veterans.jsonl").unlink()
    (folder / "veterans.jsonl").symlink_to(victim)
    io.write_caseload(synthetic.generate(veterans=5, seed=1), folder)
    assert victim.read_text() == "precious"
    assert not (folder / "veterans.jsonl").is_symlink()
    assert len(io.read_caseload(folder).veterans) == 5


@pytest.mark.parametrize("writer", ["jsonl", "csv", "schemas-file"])
def test_a_target_that_is_a_link_is_refused(tmp_path: Path, writer: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    if writer == "schemas-file":
        out = tmp_path / "schemas"
        out.mkdir()
        link = out / "placements.schema.json"
        link.symlink_to(victim)
        with pytest.raises(InvalidInputError, match="symbolic link"):
            io.write_schemas(out)
    else:
        link = tmp_path / f"out.{writer}"
        link.symlink_to(victim)
        write = io.write_jsonl if writer == "jsonl" else io.write_csv
        with pytest.raises(InvalidInputError, match="symbolic link") as info:
            write(link, [_placement()])
        assert info.value.argument == "path"
    assert victim.read_text() == "precious"


def test_a_caseload_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    real = io.write_caseload(Caseload(), tmp_path / "real")
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    with pytest.raises(InvalidInputError, match="symbolic link"):
        io.write_caseload(Caseload(placements=[_placement()]), link)
    assert io.read_caseload(real) == Caseload()


def test_a_schema_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    with pytest.raises(InvalidInputError, match="symbolic link"):
        io.write_schemas(link)
    assert list(real.iterdir()) == []


def test_a_folder_holding_other_files_is_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(InvalidInputError, match=r"holds 1 entry .*'notes.txt'"):
        io.write_caseload(Caseload(), tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_file_where_the_folder_belongs_is_refused(tmp_path: Path) -> None:
    (tmp_path / "c").write_text("a file")
    with pytest.raises(InvalidInputError, match="must be a folder"):
        io.write_caseload(Caseload(), tmp_path / "c")


def test_a_folder_where_a_file_belongs_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="must be a file"):
        io.write_jsonl(tmp_path, [_placement()])
