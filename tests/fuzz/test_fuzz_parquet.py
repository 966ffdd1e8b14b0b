"""Fuzz target for Parquet caseload folders (issue 16): hostile manifests, damaged files and
tables whose columns hold other types or hostile values.

Each input is a folder written by ``write_parquet`` (whole files, or veteran buckets) and then
damaged; reading it must give a caseload or a :class:`RecordError` (or, for a bad argument,
:class:`InvalidInputError`), nothing else, and cost under 2 s of CPU. A short run
(``VS_FUZZ_PARQUET_EXAMPLES``, default 300 inputs) runs in every session; the long run
(``VS_FUZZ_LONG_EXAMPLES``, default 5000) with ``--run-slow``. With ``VS_FUZZ_REPORT=path``
the tally (inputs, read, refused, slowest CPU time) is written there.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veteran_services import InvalidInputError, RecordError, columnar
from veteran_services.synthetic import generate

SHORT = int(os.environ.get("VS_FUZZ_PARQUET_EXAMPLES", "300"))
LONG = int(os.environ.get("VS_FUZZ_LONG_EXAMPLES", "5000"))


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _template(partitioned: bool) -> dict[str, bytes]:
    """Every file of a small folder (relative path → bytes)."""
    caseload = generate(veterans=4, seed=16)
    with tempfile.TemporaryDirectory() as parent:
        folder = columnar.write_parquet(
            caseload,
            Path(parent) / "f",
            include_personal=True,
            partition_by="veteran" if partitioned else None,
            buckets=2,
        )
        return {
            path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        }


TEMPLATES = {False: _template(False), True: _template(True)}
DATA_FILES = {
    partitioned: sorted(name for name in files if name.endswith(".parquet"))
    for partitioned, files in TEMPLATES.items()
}

# --- strategies -------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=10,
)
file_names = st.sampled_from(
    [
        "veterans.parquet",
        "placements.parquet",
        "veterans/bucket=0/part-0.parquet",
        "../outside.parquet",
        "/etc/passwd",
        "a\\b.parquet",
        "./veterans.parquet",
        "veterans//part.parquet",
        "C:x.parquet",
        "",
        "a\x00b",
        "x" * 300,
        "missing.parquet",
        "veterans",  # a folder in a partitioned caseload
    ]
)
hostile_text = st.sampled_from(
    ["", "-0", "5292.50\n", "9" * 100, "2024Q5", "1e5", "\u202e", "x" * 500, "男", "true", " "]
) | st.text(max_size=12)
columns_values = st.one_of(
    st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=4),
    st.lists(st.floats(), min_size=1, max_size=4),
    st.lists(st.booleans(), min_size=1, max_size=4),
    st.lists(hostile_text, min_size=1, max_size=4),
    st.lists(st.none(), min_size=1, max_size=4),
    st.lists(st.dates(), min_size=1, max_size=4),
    st.lists(st.lists(hostile_text, max_size=3), min_size=1, max_size=4),
    st.lists(st.lists(st.integers(-5, 5), max_size=3), min_size=1, max_size=4),
)


def _manifest_mutation(draw: st.DrawFn, raw: bytes) -> bytes:
    manifest: dict[str, Any] = json.loads(raw)
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from([*manifest, "extra"]))
        choice = draw(st.integers(0, 4))
        if choice == 0:
            manifest.pop(key, None)
        elif choice == 1 and key in ("files", "counts") and isinstance(manifest.get(key), dict):
            kind = draw(st.sampled_from(["veterans", "placements", "responses", "people", ""]))
            if key == "files":
                entry: Any = draw(file_names | st.lists(file_names, max_size=3))
            else:
                entry = draw(json_values)
            manifest[key] = {**manifest[key], kind: entry}
        else:
            manifest[key] = draw(json_values)
    text = json.dumps(manifest, ensure_ascii=draw(st.booleans()))
    wrap = draw(st.integers(0, 5))
    if wrap == 1:
        text = "\ufeff" + text
    elif wrap == 2:
        text = "[" * draw(st.integers(1, 100_000)) + text
    elif wrap == 3:
        text = text[: draw(st.integers(0, len(text)))]
    elif wrap == 4:
        text = text[:-1] + ', "format": "veteran-services parquet caseload"}'
    return text.encode("utf-8", errors="surrogatepass")


def _file_mutation(draw: st.DrawFn, raw: bytes) -> bytes | None:
    """A damaged copy of a Parquet file's bytes (None: the file is deleted)."""
    choice = draw(st.integers(0, 6))
    if choice == 0:
        return None
    if choice == 1:
        return b""
    if choice == 2:
        return raw[: draw(st.integers(0, len(raw) - 1))]
    if choice == 3:
        data = bytearray(raw)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if choice == 4:
        return b"PAR1" + draw(st.binary(max_size=200)) + b"PAR1"
    table = pq.read_table(pa.BufferReader(raw))
    if choice == 5 and table.num_columns:
        # a column replaced by values of another type (an int64 phone, a float wage, ...)
        index = draw(st.integers(0, table.num_columns - 1))
        values = draw(columns_values)
        size = table.num_rows
        values = (values * (size // len(values) + 1))[:size]
        try:
            array = pa.array(values)
        except (pa.ArrowException, OverflowError):
            array = pa.nulls(size)
        table = table.set_column(index, table.column_names[index], array)
    else:
        extra = draw(st.sampled_from(["position", "surprise", *table.column_names[:3]]))
        table = table.append_column(extra, pa.array([datetime.date(2020, 1, 1)] * table.num_rows))
        if draw(st.booleans()):
            layout = draw(st.sampled_from([b"1", b"2", b"3", b"x", b"\xff" * 3]))
            table = table.replace_schema_metadata({b"veteran_services.layout": layout})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    result: bytes = sink.getvalue().to_pybytes()
    return result


class Case(tuple[bool, dict[str, bytes | None], str]):
    """(partitioned, relative path → bytes or None for a deleted file, reader), with a short
    repr (Hypothesis prints a failing input)."""

    def __repr__(self) -> str:
        partitioned, files, reader = self
        changed = {
            name: None if raw is None else len(raw)
            for name, raw in files.items()
            if raw != TEMPLATES[partitioned].get(name)
        }
        manifest = files.get("manifest.json")
        head = None if manifest is None else manifest[:300]
        return f"Case({partitioned=}, {reader=}, {changed=}, manifest={head!r})"


@st.composite
def hostile_folders(draw: st.DrawFn) -> Case:
    partitioned = draw(st.booleans())
    files: dict[str, bytes | None] = dict(TEMPLATES[partitioned])
    if draw(st.integers(0, 2)) == 0:
        files["manifest.json"] = _manifest_mutation(draw, TEMPLATES[partitioned]["manifest.json"])
    for _ in range(draw(st.integers(0 if "manifest.json" in files else 1, 3))):
        name = draw(st.sampled_from(DATA_FILES[partitioned]))
        raw = TEMPLATES[partitioned][name]
        files[name] = _file_mutation(draw, raw)
    reader = draw(st.sampled_from(["read_parquet", "read_tables", "columns", "read_file"]))
    return Case((partitioned, files, reader))


def _read(folder: Path, reader: str) -> None:
    if reader == "read_parquet":
        columnar.read_parquet(folder)
    elif reader == "read_tables":
        columnar.read_tables(folder)
    elif reader == "columns":
        columnar.read_tables(folder, columns=columnar.SCORING_COLUMNS)
    else:
        for path in columnar.bucket_files(folder, "placements"):
            columnar.read_file(path, columns=["id", "answers.question_id"])


def _fuzz_folder(tally: Any, case: Case) -> None:
    _, files, reader = case
    target = f"parquet folder ({reader})"
    tally.count(target, "inputs")
    with tempfile.TemporaryDirectory() as parent:
        folder = Path(parent) / "f"
        for name, raw in files.items():
            if raw is None:
                continue
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)
        (Path(parent) / "outside.parquet").write_bytes(TEMPLATES[False]["veterans.parquet"])
        started = time.process_time()
        try:
            _read(folder, reader)
        except RecordError:
            tally.count(target, "refused (RecordError)")
        except InvalidInputError:
            tally.count(target, "refused (InvalidInputError)")
        else:
            tally.count(target, "read")
        tally.timed(target, started)


@given(hostile_folders())
@_settings(SHORT)
def test_fuzz_parquet_folders(fuzz_tally: Any, case: Case) -> None:
    _fuzz_folder(fuzz_tally, case)


@pytest.mark.slow
@given(hostile_folders())
@_settings(LONG)
def test_fuzz_parquet_folders_long(fuzz_tally: Any, case: Case) -> None:
    _fuzz_folder(fuzz_tally, case)
