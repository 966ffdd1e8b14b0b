"""Fuzz targets for hostile CSV cells and hostile caseload manifests (issue 16).

Each input is read and must give records or a :class:`RecordError`, nothing else, and cost
under 2 s of CPU. A short run (``VS_FUZZ_EXAMPLES``, default 100 inputs per target) runs in every
session; the long run (``VS_FUZZ_LONG_EXAMPLES``, default 5000) with ``--run-slow``. With
``VS_FUZZ_REPORT=path`` the tally (inputs, read, refused, slowest CPU time) is written there.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veteran_services import Caseload, Placement, RecordError, SurveyResponse, Veteran, io

SHORT = int(os.environ.get("VS_FUZZ_EXAMPLES", "100"))
LONG = int(os.environ.get("VS_FUZZ_LONG_EXAMPLES", "5000"))


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- hostile CSV cells ----------------------------------------------------------------------------

PIECES = [
    "[",
    "]",
    "{",
    '"',
    "'",
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "1:",
    "9",
    "0",
    "-0",
    ".",
    ",",
    ";",
    "/",
    "年",
    "月",
    "日",
    "e",
    "E",
    "x",
    "NaN",
    "inf",
    "五险一金",
    "\x00",
    "\ufeff",
    "\u202e",
    "²",
    "١",
]

hostile_cells = st.one_of(
    st.builds(lambda p, n: p * n, st.sampled_from(PIECES), st.integers(1, 20_000)),
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.text(max_size=200),
    st.builds(
        lambda a, b, n: a + b * n,
        st.sampled_from(["1:", "2024/", "=HYPERLINK(", "[", "5292.50", "-"]),
        st.sampled_from(["9", "[", "0", " ", "\n"]),
        st.integers(0, 5_000),
    ),
)

KINDS = {"placements": Placement, "veterans": Veteran, "responses": SurveyResponse}
BASE = {
    "placements": {
        "id": "P1",
        "veteran_id": "V1",
        "employer_id": "E1",
        "occupation": "8322",
        "started_on": "2022-01-01",
    },
    "veterans": {
        "id": "V1",
        "sex": "male",
        "region": "320115",
        "service.branch": "army",
        "service.rank": "nco",
        "service.start": "2014-09-01",
    },
    "responses": {
        "id": "R1",
        "instrument_id": "FU",
        "instrument_version": "1",
        "veteran_id": "V1",
        "disposition": "complete",
    },
}


@st.composite
def hostile_csv(draw: st.DrawFn) -> tuple[type[Any], str]:
    kind = draw(st.sampled_from(sorted(KINDS)))
    cls = KINDS[kind]
    columns = io.csv_columns(cls, include_personal=True)
    row = dict(BASE[kind])
    for _ in range(draw(st.integers(1, 3))):
        column = draw(st.sampled_from([*columns, "q1"] if kind == "responses" else columns))
        row[column] = draw(hostile_cells)
    header = list(row)
    import csv
    import io as stdio

    buffer = stdio.StringIO()
    csv.writer(buffer).writerows([header, [row[h] for h in header]])
    return cls, buffer.getvalue()


def _fuzz_csv(tally: Any, case: tuple[type[Any], str]) -> None:
    cls, text = case
    tally.count("csv hostile cells", "inputs")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.csv"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        started = time.process_time()
        try:
            io.read_csv(path, cls)
        except RecordError:
            tally.count("csv hostile cells", "refused (RecordError)")
        else:
            tally.count("csv hostile cells", "read")
        tally.timed("csv hostile cells", started)


@given(hostile_csv())
@_settings(SHORT)
def test_fuzz_hostile_csv_cells(fuzz_tally: Any, case: tuple[type[Any], str]) -> None:
    _fuzz_csv(fuzz_tally, case)


@pytest.mark.slow
@given(hostile_csv())
@_settings(LONG)
def test_fuzz_hostile_csv_cells_long(fuzz_tally: Any, case: tuple[type[Any], str]) -> None:
    _fuzz_csv(fuzz_tally, case)


# --- hostile manifests ---------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**400), 10**400)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
file_names = st.sampled_from(
    ["veterans.jsonl", "../outside.jsonl", "/etc/passwd", ".hidden", "", "a\x00b", "x" * 300, "CON"]
)


@st.composite
def hostile_manifests(draw: st.DrawFn) -> bytes:
    manifest: dict[str, Any] = {
        "format": "veteran-services caseload",
        "schema_version": 2,
        "includes_personal": False,
        "counts": {"placements": 0},
        "files": {"placements": "placements.jsonl"},
    }
    for _ in range(draw(st.integers(0, 4))):
        key = draw(st.sampled_from([*manifest, "extra"]))
        choice = draw(st.integers(0, 3))
        if choice == 0:
            manifest.pop(key, None)
        elif choice == 1 and key in ("files", "counts"):
            sub = draw(st.sampled_from(["placements", "veterans", "people", ""]))
            manifest[key] = {sub: draw(file_names if key == "files" else json_values)}
        else:
            manifest[key] = draw(json_values)
    text = json.dumps(manifest, ensure_ascii=draw(st.booleans()))
    wrap = draw(st.integers(0, 5))
    if wrap == 1:
        text = "\ufeff" + text
    elif wrap == 2:
        text = "[" * draw(st.integers(1, 200_000)) + text
    elif wrap == 3:
        text = text[: draw(st.integers(0, len(text)))]
    elif wrap == 4:
        text = text[:-1] + ', "format": "veteran-services caseload"}'
    return text.encode("utf-8", errors="surrogatepass")


def _fuzz_manifest(tally: Any, raw: bytes) -> None:
    tally.count("caseload manifest", "inputs")
    with tempfile.TemporaryDirectory() as parent:
        folder = io.write_caseload(Caseload(), Path(parent) / "c")
        (folder / "manifest.json").write_bytes(raw)
        started = time.process_time()
        try:
            io.read_caseload(folder)
        except RecordError:
            tally.count("caseload manifest", "refused (RecordError)")
        else:
            tally.count("caseload manifest", "read")
        tally.timed("caseload manifest", started)


@given(hostile_manifests())
@_settings(SHORT)
def test_fuzz_hostile_manifests(fuzz_tally: Any, raw: bytes) -> None:
    _fuzz_manifest(fuzz_tally, raw)


@pytest.mark.slow
@given(hostile_manifests())
@_settings(LONG)
def test_fuzz_hostile_manifests_long(fuzz_tally: Any, raw: bytes) -> None:
    _fuzz_manifest(fuzz_tally, raw)
