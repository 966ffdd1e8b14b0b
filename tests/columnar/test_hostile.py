"""Parquet folders and Arrow tables under hostile input (issue 16): every reproducer.

Personal values are never quoted, other values are cut short, every failure of a folder is a
:class:`RecordError` naming the file (never a raw Arrow or OS error), manifests list only
files inside their folder, and tables get the JSON readers' strict types.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from veteran_services import Caseload, Placement, RecordError, columnar, io
from veteran_services.synthetic import generate

PHONE = 18703053447


@pytest.fixture(scope="module")
def caseload() -> Caseload:
    return generate(veterans=6, seed=16)


def _folder(caseload: Caseload, tmp_path: Path, **options: Any) -> Path:
    return columnar.write_parquet(caseload, tmp_path / "folder", include_personal=True, **options)


def _replace(table: pa.Table, name: str, values: list[Any], tp: pa.DataType | None) -> pa.Table:
    return table.set_column(table.column_names.index(name), name, pa.array(values, tp))


def _problems(folder: Path) -> str:
    with pytest.raises(RecordError) as caught:
        columnar.read_parquet(folder)
    return str(caught.value)


def _manifest(folder: Path, **changes: Any) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**manifest, **changes}), encoding="utf-8")


# --- personal values and bounded quotes -------------------------------------------------------


@pytest.mark.parametrize("column", ["personal.phone", "personal.national_id", "personal.name"])
def test_a_personal_value_stored_as_a_number_is_not_shown(
    caseload: Caseload, tmp_path: Path, column: str
) -> None:
    # the reproducer: pandas exports a phone as int64, and the problem quoted it
    folder = _folder(caseload, tmp_path)
    table = pq.read_table(folder / "veterans.parquet")
    pq.write_table(
        _replace(table, column, [PHONE] * table.num_rows, pa.int64()), folder / "veterans.parquet"
    )
    message = _problems(folder)
    assert f"veterans row 1: {column}: must be a string (value not shown)" in message
    assert str(PHONE) not in message


def test_from_arrow_does_not_show_personal_values_either(caseload: Caseload) -> None:
    tables = columnar.to_arrow(caseload, include_personal=True)
    veterans = tables["veterans"]
    tables["veterans"] = _replace(veterans, "personal.phone", [PHONE] * veterans.num_rows, None)
    with pytest.raises(RecordError) as caught:
        columnar.from_arrow(tables)
    assert "personal.phone: must be a string (value not shown)" in str(caught.value)
    assert str(PHONE) not in str(caught.value)


def test_other_quoted_values_are_cut_short(caseload: Caseload) -> None:
    tables = columnar.to_arrow(caseload)
    placements = tables["placements"]
    long = "9" * 5000
    tables["placements"] = _replace(
        placements, "monthly_wage.amount", [long] * placements.num_rows, None
    )
    with pytest.raises(RecordError) as caught:
        columnar.from_arrow(tables)
    message = str(caught.value)
    assert "monthly_wage.amount: must be a decimal number of at most 64 characters" in message
    assert max(len(line) for line in message.splitlines()) < 200


# --- strict types, as the JSON readers ---------------------------------------------------------


def _json_message(placement: Placement, field: str, value: Any) -> str:
    data = io.to_dict(placement)
    keys = field.split(".")
    target = data
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    with pytest.raises(RecordError) as caught:
        io.loads(Placement, json.dumps(data))
    line = next(line for line in str(caught.value).splitlines() if f"$.{field}:" in line)
    return line.split(f"$.{field}: ", 1)[1]


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("subsidised", 1, "must be true or false (got 1)"),
        (
            "monthly_wage.amount",
            5292.5,
            "must be a decimal number written as a string (got 5292.5)",
        ),
        ("monthly_wage.amount", "-0", "must not be negative zero (write 0)"),
        ("monthly_wage.amount", "5292.50\n", "must be a decimal number"),
        ("employer_id", 42, "must be a string (got 42)"),
    ],
)
def test_from_arrow_refuses_other_types_with_the_json_readers_messages(
    caseload: Caseload, column: str, value: Any, expected: str
) -> None:
    tables = columnar.to_arrow(caseload)
    placements = tables["placements"]
    tables["placements"] = _replace(placements, column, [value] * placements.num_rows, None)
    with pytest.raises(RecordError) as caught:
        columnar.from_arrow(tables)
    line = next(line for line in str(caught.value).splitlines() if "placements row 1" in line)
    got = line.split(f"{column}: ", 1)[1]
    assert got.startswith(expected)
    assert got == _json_message(caseload.placements[0], column, value)


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("subsidised", 1, "must be true or false (got 1)"),
        ("employer_id", 42, "must be a string (got 42)"),
        ("monthly_wage.amount", 5292.5, "must be a decimal number written as a string"),
    ],
)
def test_pandas_frames_get_the_same_strict_types(
    caseload: Caseload, column: str, value: Any, expected: str
) -> None:
    frames = {k: t.to_pandas() for k, t in columnar.to_arrow(caseload).items()}
    frames["placements"][column] = value
    with pytest.raises(RecordError, match=re.escape(f"placements row 1: {column}: {expected}")):
        columnar.from_arrow(frames)


def test_wider_encodings_of_the_same_values_still_read(caseload: Caseload) -> None:
    tables = columnar.to_arrow(caseload)
    placements = tables["placements"]
    for name in ("employer_id", "monthly_wage.amount"):
        index = placements.column_names.index(name)
        placements = placements.set_column(
            index, name, placements.column(index).cast(pa.large_string())
        )
    tables["placements"] = placements
    assert columnar.from_arrow(tables).placements == caseload.placements


# --- unreadable files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: b"", id="empty"),
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: b"PAR1" + os.urandom(64) + b"PAR1", id="garbage"),
        pytest.param(lambda raw: raw[:-12] + b"\xff" * 8 + raw[-4:], id="bad footer"),
    ],
)
def test_a_damaged_file_is_a_record_error_naming_it(
    caseload: Caseload, tmp_path: Path, damage: Any
) -> None:
    folder = _folder(caseload, tmp_path)
    path = folder / "placements.parquet"
    path.write_bytes(damage(path.read_bytes()))
    message = _problems(folder)
    assert "placements.parquet: " in message
    assert str(tmp_path) not in message.split("\n", 1)[1]  # the lines name the file, not paths
    with pytest.raises(RecordError, match=r"placements\.parquet: not a readable Parquet file"):
        columnar.read_file(path)
    with pytest.raises(RecordError, match=r"placements\.parquet"):
        columnar.read_tables(folder, columns={"placements": ["id"]})


def test_a_damaged_bucket_is_a_record_error_naming_it(caseload: Caseload, tmp_path: Path) -> None:
    folder = _folder(caseload, tmp_path, partition_by="veteran", buckets=2)
    path = folder / "placements" / "bucket=1" / "part-0.parquet"
    path.write_bytes(b"PAR1")
    assert "placements/bucket=1/part-0.parquet: not a readable Parquet file" in _problems(folder)


def test_an_unreadable_file_is_a_record_error(caseload: Caseload, tmp_path: Path) -> None:
    folder = _folder(caseload, tmp_path)
    path = folder / "placements.parquet"
    path.unlink()
    path.mkdir()  # a folder where the file should be
    assert "placements.parquet: missing" in _problems(folder)
    with pytest.raises(RecordError, match=r"placements\.parquet"):
        columnar.read_file(path)


# --- manifests --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../outside.parquet",
        "/etc/passwd",
        "a\\b.parquet",
        "./veterans.parquet",
        "C:x",
        "",
        3,
        "x" * 300,  # found by the fuzzer: an OSError (file name too long) escaped
    ],
)
def test_a_manifest_lists_only_files_inside_its_folder(
    caseload: Caseload, tmp_path: Path, name: Any
) -> None:
    folder = _folder(caseload, tmp_path)
    columnar.write_parquet(caseload, tmp_path, include_personal=True)  # the file outside
    _manifest(folder, files={"veterans": name})
    message = _problems(folder)
    assert "manifest.json: $.files.veterans: must be a file name" in message
    with pytest.raises(RecordError, match=r"manifest\.json"):
        columnar.bucket_files(folder, "veterans")


def test_a_symbolic_link_out_of_the_folder_is_not_followed(
    caseload: Caseload, tmp_path: Path
) -> None:
    folder = _folder(caseload, tmp_path)
    outside = columnar.write_parquet(caseload, tmp_path / "other")
    (folder / "veterans.parquet").unlink()
    (folder / "veterans.parquet").symlink_to(outside / "veterans.parquet")
    assert "veterans.parquet: leads outside the folder" in _problems(folder)
    with pytest.raises(RecordError, match="leads outside the folder"):
        columnar.bucket_files(folder, "veterans")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"counts": [1]}, "$.counts: must map record kinds to record counts"),
        ({"counts": {"veterans": "6"}}, "$.counts.veterans: must be a whole number"),
        ({"counts": {"veterans": True}}, "$.counts.veterans: must be a whole number"),
        ({"counts": {"strangers": 1}}, "$.counts: unknown record kind 'strangers'"),
        ({"files": {"strangers": "x.parquet"}}, "$.files: unknown record kind 'strangers'"),
        ({"files": []}, "$.files: must map record kinds to files"),
        ({"files": {"veterans": {"a": 1}}}, "$.files.veterans: must be a file name"),
        ({"files": {"veterans": [["a"]]}}, "$.files.veterans[0]: must be a file name"),
        ({"includes_personal": "yes"}, "$.includes_personal: must be true or false"),
        ({"partition_by": "employer"}, "$.partition_by: must be null or 'veteran'"),
        ({"buckets": 0}, "$.buckets: must be null or a whole number of at least 1"),
        ({"layout_version": "9" * 5000}, "$.layout_version: must be 1 or 2"),
    ],
)
def test_a_manifest_of_the_wrong_shape_is_a_record_error(
    caseload: Caseload, tmp_path: Path, changes: dict[str, Any], expected: str
) -> None:
    folder = _folder(caseload, tmp_path)
    _manifest(folder, **changes)
    message = _problems(folder)
    assert f"manifest.json: {expected}" in message
    assert max(len(line) for line in message.splitlines()) < 300


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 100_000, "invalid JSON: nested too deeply"),
        ('{"format": 1, "format": 2}', "the key 'format' appears twice in one object"),
        ('{"format": NaN}', "invalid JSON"),
        ("", "invalid JSON"),
    ],
)
def test_a_manifest_is_decoded_as_strictly_as_the_json_readers(
    caseload: Caseload, tmp_path: Path, text: str, expected: str
) -> None:
    folder = _folder(caseload, tmp_path)
    (folder / "manifest.json").write_text(text, encoding="utf-8")
    message = _problems(folder)
    assert "manifest.json: " in message
    assert expected in message


def test_a_manifest_that_is_not_text_is_a_record_error(caseload: Caseload, tmp_path: Path) -> None:
    folder = _folder(caseload, tmp_path)
    (folder / "manifest.json").write_bytes(b"\xff\xfe{}")
    assert "manifest.json: not UTF-8 text" in _problems(folder)


def test_a_manifest_with_a_byte_order_mark_is_read(caseload: Caseload, tmp_path: Path) -> None:
    folder = _folder(caseload, tmp_path)
    path = folder / "manifest.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert columnar.read_parquet(folder) == caseload


@pytest.mark.parametrize(
    ("column", "values", "expected"),
    [
        # found by the fuzzer: a TypeError escaped
        ("answers", [0], "answers: must be a list of records (got 0)"),
        ("answers", [[0]], "answers[0]: must be a record (got 0)"),
    ],
)
def test_a_list_column_holding_other_values_is_a_record_error(
    caseload: Caseload, tmp_path: Path, column: str, values: list[Any], expected: str
) -> None:
    folder = _folder(caseload, tmp_path)
    path = folder / "responses.parquet"
    table = pq.read_table(path)
    pq.write_table(_replace(table, column, values * table.num_rows, None), path)
    assert f"responses row 1: {expected}" in _problems(folder)


def test_a_list_of_text_holding_numbers_is_a_record_error(caseload: Caseload) -> None:
    tables = columnar.to_arrow(caseload)
    placements = tables["placements"]
    tables["placements"] = _replace(placements, "insurance", [7] * placements.num_rows, None)
    with pytest.raises(RecordError, match=re.escape("insurance: must be a list (got 7)")):
        columnar.from_arrow(tables)
