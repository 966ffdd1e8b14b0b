"""columnar.read_folder: a caseload folder of JSON Lines straight into Arrow tables.

The must-hold is one equation, tested every way the issue names: ``read_folder(folder)`` is
``to_arrow(io.read_caseload(folder))`` table for table, and a folder the object reader refuses
is refused with the same problems (text, file, line, path, field, value), in the same order.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veteran_services import Caseload, io
from veteran_services.columnar import (
    _jsonl,
    arrow_schema,
    projected_schema,
    read_folder,
    to_arrow,
    write_parquet,
)
from veteran_services.errors import InvalidInputError, RecordError
from veteran_services.model import RECORD_KINDS
from veteran_services.strategies import caseloads
from veteran_services.synthetic import NO_BLANKS, generate

_FACTS = ("file", "line", "row", "column", "path", "field", "message", "value")


def _load_io_fast_tests() -> Any:
    """io's fast-reader tests, for their hand-written and mutated lines (one source of them)."""
    path = Path(__file__).parents[1] / "io" / "test_fast.py"
    spec = importlib.util.spec_from_file_location("_io_test_fast_lines", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


IO_FAST = _load_io_fast_tests()


def assert_same(folder: Path, **options: Any) -> dict[str, pa.Table] | None:
    """read_folder and the object reader agree on *folder*: the same tables, or the same
    problems. The tables, or None when the folder was refused."""
    refused: RecordError | None = None
    caseload = None
    try:
        caseload = io.read_caseload(folder)
    except RecordError as error:
        refused = error
    if caseload is not None:
        overflow: InvalidInputError | None = None
        try:
            expected = to_arrow(caseload)
        except InvalidInputError as error:  # a whole number beyond 64 bits: no columns
            overflow = error
        if overflow is not None:
            with pytest.raises(InvalidInputError) as raised_too:
                read_folder(folder, **options)
            assert str(raised_too.value) == str(overflow)
            return None
    if refused is not None:
        error = refused
        with pytest.raises(RecordError) as raised:
            read_folder(folder, **options)
        got = raised.value
        assert [str(p) for p in got.problems] == [str(p) for p in error.problems]
        assert [[getattr(p, f) for f in _FACTS] for p in got.problems] == [
            [getattr(p, f) for f in _FACTS] for p in error.problems
        ]
        assert got.source == error.source
        return None
    tables = read_folder(folder, **options)
    assert list(tables) == list(RECORD_KINDS)
    for kind in RECORD_KINDS:
        assert tables[kind].schema == arrow_schema(kind)
        assert tables[kind].equals(expected[kind]), kind
    return tables


# --- whole cities ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def city_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cities")
    return {
        "blanks": io.write_caseload(generate(veterans=300, seed=7), root / "blanks"),
        "no_blanks": io.write_caseload(
            generate(veterans=300, seed=7, blanks=NO_BLANKS), root / "full"
        ),
        "personal": io.write_caseload(
            generate(veterans=60, seed=3), root / "personal", include_personal=True
        ),
    }


@pytest.mark.parametrize("name", ["blanks", "no_blanks", "personal"])
def test_the_sample_city_reads_as_to_arrow_of_the_object_reader(
    city_folders: dict[str, Path], name: str
) -> None:
    tables = assert_same(city_folders[name])
    assert tables is not None
    assert tables["placements"].num_rows > 100


def test_the_city_with_blanks_holds_unknowns(city_folders: dict[str, Path]) -> None:
    # the default city leaves optional facts blank: the nulls come through as nulls
    placements = read_folder(city_folders["blanks"])["placements"]
    assert placements.column("contract").null_count > 0
    assert placements.column("insurance").null_count > 0


def test_the_city_with_planted_problems(tmp_path: Path) -> None:
    # the planted problems are across records (check() finds them), not reading problems
    city = generate(veterans=300, seed=11, problems=0.02)
    assert_same(io.write_caseload(city, tmp_path / "c"))


def test_the_big_kinds_are_read_the_fast_way() -> None:
    # a kind leaves this list when its class gains a rule read_folder does not know: it is
    # then read by the object reader (the same tables, at the object path's speed)
    assert _jsonl.FAST_KINDS == (
        "veterans",
        "providers",
        "programmes",
        "enrolments",
        "employers",
        "placements",
        "earnings",
        "contacts",
        "responses",
    )


def test_without_msgspec_every_kind_is_read_by_the_object_reader(
    city_folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_jsonl, "_HAS_MSGSPEC", False)
    assert _jsonl.fast_plan("placements") is None
    assert_same(city_folders["no_blanks"])


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(caseload=caseloads(max_veterans=4))
def test_hypothesis_caseloads(caseload: Caseload, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = io.write_caseload(caseload, tmp_path_factory.mktemp("h") / "c")
    assert_same(folder)


def test_an_old_version_folder_is_migrated_as_the_object_reader_migrates_it(
    city_folders: dict[str, Path], tmp_path: Path
) -> None:
    old = tmp_path / "old"
    old.mkdir()
    for file in city_folders["no_blanks"].iterdir():
        (old / file.name).write_bytes(file.read_bytes())
    lines = (old / "placements.jsonl").read_text(encoding="utf-8").splitlines()
    rewritten = []
    for line in lines:
        data = json.loads(line)
        wage = data.pop("monthly_wage")
        data["wage"] = None if wage is None else wage["amount"]
        if data["contract"] == "none":
            del data["contract"]  # a version-0 placement without a contract: a recorded 'none'
        rewritten.append(json.dumps(data, ensure_ascii=False))
    (old / "placements.jsonl").write_text("\n".join(rewritten) + "\n", encoding="utf-8")
    manifest = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    manifest["schema_version"] = 0
    (old / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    tables = assert_same(old)
    assert tables is not None
    assert tables["placements"].column("contract").null_count == 0
    assert "none" in tables["placements"].column("contract").to_pylist()


# --- broken folders: the same problems -------------------------------------------------------


def _folder_with(tmp_path: Path, kind: str, lines: list[bytes], count: bool = True) -> Path:
    folder = io.write_caseload(Caseload(), tmp_path / "broken")
    (folder / f"{kind}.jsonl").write_bytes(b"".join(line + b"\n" for line in lines))
    if count:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        manifest["counts"][kind] = sum(1 for line in lines if line.strip())
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


GOOD = IO_FAST.placement().encode()


@pytest.mark.parametrize("line", IO_FAST.PLACEMENT_LINES)
def test_each_hand_written_placement_line(tmp_path: Path, line: str) -> None:
    raw = line.encode("utf-8", "surrogatepass")
    assert_same(_folder_with(tmp_path, "placements", [GOOD, raw, GOOD]))


@pytest.mark.parametrize(
    "line",
    [
        b'{"id": "P1",',  # bad JSON
        IO_FAST.placement(note="x").encode(),  # an unknown key
        IO_FAST.placement(contract_months="12").encode(),  # a wrong type
        IO_FAST.placement(occupation="0000").encode(),  # a bad code
        b"",  # a blank line
        b"   \t",
        IO_FAST.placement(occupation_title="保安员：夜班", occupation=None).encode(),  # Chinese
        IO_FAST.placement(id="职位一").encode(),
        b"\xff\xfe not UTF-8",
        IO_FAST.placement(insurance=["work_injury", "medical", "medical"]).encode(),
        IO_FAST.placement(weekly_hours="040").encode(),  # accepted: written "40"
        IO_FAST.placement(ended_on="2024-01-01").encode(),  # ended before it started
        json.dumps({**IO_FAST.GOOD_PLACEMENT, "occupation_title": "\u4fdd\u5b89"}).encode(),
    ],
)
def test_broken_lines_give_the_object_readers_problems(tmp_path: Path, line: bytes) -> None:
    assert_same(_folder_with(tmp_path, "placements", [GOOD, line, GOOD, line]))


def test_a_byte_order_mark_and_a_count_that_differs(tmp_path: Path) -> None:
    assert_same(_folder_with(tmp_path, "placements", [b"\xef\xbb\xbf" + GOOD, GOOD]))
    assert_same(_folder_with(tmp_path / "2", "placements", [GOOD, GOOD], count=False))


@pytest.mark.parametrize("kind", RECORD_KINDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_kind_with_mutated_lines(
    kind: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # io's mutated lines of every kind (unknown keys, wrong types, repeated keys, raw
    # numbers, dropped fields) among good ones, each file read both ways
    good = [data.draw(IO_FAST.mutated_lines(kind)) for _ in range(2)]
    lines = data.draw(st.lists(IO_FAST.mutated_lines(kind), min_size=1, max_size=12))
    folder = _folder_with(tmp_path_factory.mktemp("m"), kind, [*good, *lines])
    assert_same(folder)


def test_problems_of_several_files_and_personal_details(tmp_path: Path) -> None:
    city = generate(veterans=30, seed=5)
    folder = io.write_caseload(city, tmp_path / "c", include_personal=True)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["includes_personal"] = False  # the veterans hold details the manifest denies
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with (folder / "contacts.jsonl").open("ab") as file:
        file.write(b'{"id": "C1"}\n')
    assert_same(folder)


# --- choosing kinds and columns --------------------------------------------------------------


def test_kinds_and_columns(city_folders: dict[str, Path]) -> None:
    folder = city_folders["no_blanks"]
    whole = read_folder(folder)
    wanted = {
        "placements": ["veteran_id", "monthly_wage.amount"],
        "responses": ["id", "answers.question_id"],
    }
    tables = read_folder(folder, kinds=["placements", "responses"], columns=wanted)
    assert list(tables) == ["placements", "responses"]
    assert tables["placements"].equals(whole["placements"].select(wanted["placements"]))
    answers = tables["responses"]
    assert answers.schema == projected_schema(arrow_schema("responses"), wanted["responses"])
    questions = [[a["question_id"] for a in row] for row in answers.column("answers").to_pylist()]
    expected = [
        [a["question_id"] for a in row] for row in whole["responses"]["answers"].to_pylist()
    ]
    assert questions == expected


def test_a_parquet_folder_is_read_with_read_tables(
    city_folders: dict[str, Path], tmp_path: Path
) -> None:
    city = io.read_caseload(city_folders["no_blanks"])
    parquet = write_parquet(city, tmp_path / "parquet")
    tables = read_folder(parquet)
    expected = to_arrow(city)
    for kind in RECORD_KINDS:
        assert tables[kind].select(expected[kind].column_names).to_pylist() == (
            expected[kind].to_pylist()
        )
    only = read_folder(parquet, kinds=["placements"], columns={"placements": ["id"]})
    assert list(only) == ["placements"]
    assert only["placements"].column_names == ["id"]


def test_arguments_are_checked(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such folder"):
        read_folder(tmp_path / "missing")
    folder = io.write_caseload(Caseload(), tmp_path / "empty")
    with pytest.raises(InvalidInputError, match="'kind' must be one of"):
        read_folder(folder, kinds=["people"])
    tables = read_folder(folder)
    assert all(tables[kind].num_rows == 0 for kind in RECORD_KINDS)
    with pytest.raises(RecordError, match=r"manifest\.json: missing"):
        read_folder(tmp_path)


def test_the_object_reader_reads_only_the_failing_lines(
    city_folders: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[tuple[str, int]] = []
    original = io.LineReader.__call__

    def counting(
        self: io.LineReader, name: str, number: int, raw: bytes, problems: list[str]
    ) -> Any:
        read.append((name, number))
        return original(self, name, number, raw, problems)

    monkeypatch.setattr(io.LineReader, "__call__", counting)
    read_folder(city_folders["blanks"])
    # only the kinds outside FAST_KINDS go through the object reader
    assert {name for name, _ in read} <= {"ventures.jsonl", "instruments.jsonl"}
    read.clear()
    bad = IO_FAST.placement(occupation="0000").encode()
    folder = _folder_with(tmp_path, "placements", [GOOD, bad, GOOD, GOOD, bad])
    with pytest.raises(RecordError):
        read_folder(folder)
    assert read == [("placements.jsonl", 2), ("placements.jsonl", 5)]


def test_a_whole_number_beyond_64_bits_is_refused_as_to_arrow_refuses_it(
    city_folders: dict[str, Path], tmp_path: Path
) -> None:
    lines = (city_folders["no_blanks"] / "responses.jsonl").read_bytes().splitlines()[:2]
    data = json.loads(lines[1])
    data["instrument_version"] = 2**70  # the model takes it; Arrow holds 64 bits
    folder = _folder_with(tmp_path, "responses", [lines[0], json.dumps(data).encode()])
    assert_same(folder)
    with pytest.raises(InvalidInputError, match="outside the 64-bit range"):
        read_folder(folder)


def test_the_benchmark_runs() -> None:
    script = Path(__file__).parents[2] / "benchmarks" / "bench_read_folder.py"
    command = [sys.executable, str(script), "--veterans", "60", "--rounds", "1"]
    command += ["--methods", "read_folder", "object path", "pyarrow.json"]
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        command, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| read_folder |" in result.stdout
    assert "| object path |" in result.stdout


def test_lines_the_object_reader_takes_after_all_are_put_in_their_place(
    city_folders: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every third line of every kind written with escapes (ensure_ascii), a set out of order
    # and hours with a leading zero: the fast path leaves these lines to the object reader,
    # which takes them; the tables are still to_arrow's, dictionaries in order of appearance
    copy = tmp_path / "escaped"
    copy.mkdir()
    for file in city_folders["blanks"].iterdir():
        if file.suffix != ".jsonl":
            (copy / file.name).write_bytes(file.read_bytes())
            continue
        lines = file.read_text(encoding="utf-8").splitlines()
        for index in range(0, len(lines), 3):
            data = json.loads(lines[index])
            if isinstance(data.get("insurance"), list):
                data["insurance"] = sorted(data["insurance"], reverse=True)
            if isinstance(data.get("weekly_hours"), str):
                data["weekly_hours"] = "0" + data["weekly_hours"]
            text = json.dumps(data, ensure_ascii=True)
            if isinstance(data.get("id"), str) and data["id"]:
                first = data["id"][0]
                escaped = f"\\u{ord(first):04x}" + data["id"][1:]
                text = text.replace(f'"id": "{data["id"]}"', f'"id": "{escaped}"', 1)
            lines[index] = text
        (copy / file.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    taken: list[str] = []
    original = io.LineReader.__call__

    def counting(
        self: io.LineReader, name: str, number: int, raw: bytes, problems: list[str]
    ) -> Any:
        record = original(self, name, number, raw, problems)
        if record is not None:
            taken.append(name)
        return record

    monkeypatch.setattr(io.LineReader, "__call__", counting)
    tables = assert_same(copy)
    assert tables is not None
    assert {"responses.jsonl", "placements.jsonl", "veterans.jsonl"} <= set(taken)


@pytest.mark.parametrize("block", [1, 700, 4096])
def test_many_blocks_read_as_one(
    city_folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    # the 100,000-veteran city reads in blocks of 32 MiB; here blocks of a few lines (or of
    # one byte: every line its own block) put together give the same tables
    monkeypatch.setattr(_jsonl, "_BLOCK", block)
    assert_same(city_folders["blanks"])
