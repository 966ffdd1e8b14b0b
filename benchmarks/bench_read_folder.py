"""Benchmark: a caseload folder of JSON Lines into Arrow tables (issue 21, item 1).

Each method reads the whole folder once, in a process of its own (so that its peak memory is
its own: ``ru_maxrss`` of the child), the methods interleaved round after round; the best
CPU time of each is kept (load from other jobs hits all alike), and the largest peak memory:

- ``read_folder``: :func:`veteran_services.columnar.read_folder` (msgspec wire structs, the
  model's rules on the columns, the object reader on failing lines only);
- ``read_folder, no msgspec``: the same without the ``fast`` extra (every line through the
  object reader, into columns: what runs with pyarrow alone);
- ``object path``: ``to_arrow(io.read_caseload(folder))`` (records built, with the fast extra);
- ``pyarrow.json``: ``pyarrow.json.read_json`` of each file with an explicit schema (nested
  structs, dates read as text and cast), unknown keys refused: decoding only, none of the
  model's checks, no line numbers; it cannot read a survey answer's value (a number,
  true/false, text or a list, by line), so the responses are left out of its figure and of
  the ``read_folder (same kinds)`` row beside it;
- ``msgspec decode only``: every line decoded into read_folder's wire structs, nothing else
  (the floor of the design).

Run: ``python benchmarks/bench_read_folder.py --folder DIR`` (a folder written by
``veteran-services synth --veterans 100000 --out DIR``), or ``--veterans N`` to generate one in
a temporary folder. ``--kinds`` prints read_folder's CPU time per kind. Results and method:
benchmarks/README.md, "Reading a folder into tables".
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from veteran_services import __version__, io
from veteran_services.columnar import _jsonl, arrow_schema, read_folder, to_arrow
from veteran_services.model import RECORD_KINDS
from veteran_services.synthetic import generate

METHODS = (
    "read_folder",
    "read_folder (same kinds)",
    "read_folder, no msgspec",
    "object path",
    "pyarrow.json",
    "msgspec decode only",
)
#: The kinds pyarrow's JSON reader can read with an explicit schema.
PYARROW_KINDS = tuple(k for k in RECORD_KINDS if k not in ("responses", "instruments"))


def _nested_schema(kind: str) -> pa.Schema:
    """The layout's schema as the JSON is nested (dotted names as structs), dates as text."""

    def plain(tp: pa.DataType) -> pa.DataType:
        if pa.types.is_dictionary(tp):
            return tp.value_type
        if pa.types.is_date(tp):
            return pa.string()
        if pa.types.is_list(tp):
            return pa.list_(plain(tp.value_type))
        if pa.types.is_struct(tp):
            return nest([(f.name, plain(f.type)) for f in tp])
        return tp

    def nest(fields: list[tuple[str, pa.DataType]]) -> pa.DataType:
        top: dict[str, Any] = {}
        for name, tp in fields:
            head, _, rest = name.partition(".")
            if rest:
                top.setdefault(head, []).append((rest, tp))
            else:
                top[head] = tp
        return pa.struct(
            [pa.field(k, nest(v) if isinstance(v, list) else v) for k, v in top.items()]
        )

    struct = nest([(f.name, plain(f.type)) for f in arrow_schema(kind)])
    return pa.schema(list(struct))


def _pyarrow_json(folder: Path) -> None:
    for kind in PYARROW_KINDS:
        options = pj.ParseOptions(
            explicit_schema=_nested_schema(kind), unexpected_field_behavior="error"
        )
        table = pj.read_json(folder / f"{kind}.jsonl", parse_options=options)
        for index, field in enumerate(table.schema):  # dates: text to date32
            if field.name in arrow_schema(kind).names and pa.types.is_date(
                arrow_schema(kind).field(field.name).type
            ):
                table = table.set_column(
                    index, field.name, pc.cast(table.column(index), pa.date32())
                )


def _msgspec_only(folder: Path) -> None:
    for kind in RECORD_KINDS:
        plan = _jsonl.fast_plan(kind)
        if plan is None:
            continue
        decode = _jsonl._decoder(plan)
        with (folder / f"{kind}.jsonl").open("rb") as file:
            while True:
                lines = file.readlines(32 * 2**20)
                if not lines:
                    break
                structs = [decode(line) for line in lines]
                del structs


def run_one(method: str, folder: Path) -> dict[str, float]:
    """Run *method* once in this process: CPU and wall seconds, peak memory in MB."""
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    if method == "read_folder":
        read_folder(folder)
    elif method == "read_folder (same kinds)":
        read_folder(folder, kinds=PYARROW_KINDS)
    elif method == "read_folder, no msgspec":
        _jsonl._HAS_MSGSPEC = False  # type: ignore[misc]
        read_folder(folder)
    elif method == "object path":
        to_arrow(io.read_caseload(folder))
    elif method == "pyarrow.json":
        _pyarrow_json(folder)
    elif method == "msgspec decode only":
        _msgspec_only(folder)
    else:
        msg = f"unknown method {method!r}"
        raise SystemExit(msg)
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"cpu": cpu, "wall": wall, "peak_mb": peak}


def per_kind(folder: Path) -> None:
    print("| kind | records | read_folder CPU s |")
    print("|---|---:|---:|")
    counts = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["counts"]
    for kind in RECORD_KINDS:
        start = time.process_time()
        read_folder(folder, kinds=[kind])
        print(f"| {kind} | {counts[kind]:,} | {time.process_time() - start:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--veterans", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--methods", nargs="*", default=list(METHODS))
    parser.add_argument("--kinds", action="store_true", help="read_folder's time per kind")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.folder)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            folder = io.write_caseload(generate(veterans=args.veterans, seed=1), Path(tmp) / "c")
        counts = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["counts"]
        size = sum(f.stat().st_size for f in folder.glob("*.jsonl"))
        print(
            f"{sum(counts.values()):,} records, {size / 2**20:,.0f} MiB of JSON Lines; Python "
            f"{platform.python_version()}, pyarrow {pa.__version__}, veteran-services "
            f"{__version__}, {platform.machine()}; {args.rounds} rounds"
        )
        best: dict[str, dict[str, float]] = {}
        for _ in range(args.rounds):
            for method in args.methods:
                command = [sys.executable, __file__, "--one", method, "--folder", str(folder)]
                out = subprocess.run(  # noqa: S603 - our own interpreter and script
                    command, capture_output=True, text=True, check=True
                ).stdout
                found = json.loads(out.strip().splitlines()[-1])
                old = best.get(method)
                if old is None or found["cpu"] < old["cpu"]:
                    found["peak_mb"] = max(found["peak_mb"], old["peak_mb"] if old else 0)
                    best[method] = found
                else:
                    old["peak_mb"] = max(old["peak_mb"], found["peak_mb"])
        base = best.get("read_folder", {}).get("cpu")
        print("| method | CPU s | wall s | peak MB | CPU vs read_folder |")
        print("|---|---:|---:|---:|---:|")
        for method, found in best.items():
            ratio = f"{found['cpu'] / base:.2f}×" if base else ""
            print(
                f"| {method} | {found['cpu']:.2f} | {found['wall']:.2f} | "
                f"{found['peak_mb']:,.0f} | {ratio} |"
            )
        if args.kinds:
            per_kind(folder)


if __name__ == "__main__":
    main()
