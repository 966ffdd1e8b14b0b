"""Benchmark: employment-quality scores of a million placements, object path against columnar.

In one run (issue 9):

1. the object path, ``veteran_services.scoring.score_caseload`` over attrs records;
2. the columnar path, ``veteran_services.columnar.score_table`` over Arrow tables in memory,
   and the same after reading the tables from a Parquet folder (read included, only the
   columns scoring needs: ``SCORING_COLUMNS``);
3. the columnar aggregation, ``combine_normalised`` (weights renormalised over the indicators
   present, coverage rule, clamping), against a bare numpy weighted sum of the same normalised
   columns.

Data: the sample city (``generate(veterans=2000, seed=1)``, not timed), its placements and
the follow-up responses about them replicated with new ids (``P000001~3``) until there are
``--placements`` placements (1 000 000 by default): same veterans, employers, enrolments and
instruments, so every indicator and flag has the city's mix of present and missing values. The
object caseload and the Arrow tables hold the same records; the run checks that both paths give
the same value, reason code and data completeness for every placement (to 1e-9) and exits with
status 1 if not.

Timing: wall-clock and CPU time of one call; the columnar path is called twice (the second call
with the first call's result still held, so that it is handed fresh memory pages), the
aggregation ``--repeat`` times (best kept). The columnar path is also timed in fresh processes
(``--processes``, 3 by default; issue 21, item 4): the tables written as Arrow IPC files, each
process reads them and times its first call (lazy imports, first use of every allocator and
cache: what a command-line run pays) and ``--calls`` later ones (the result dropped between
calls); the speedup is the object path against the median first call. Compare CPU times on a
shared machine: wall time also counts the time other processes held the cores. Peak memory:
for the object path, the growth of the process's peak resident set during the call (Linux:
``/proc/self/clear_refs`` resets the peak, ``VmHWM`` reads it; it runs first, so nothing freed
before can be reused); for the columnar path, which would reuse memory freed by the object
path, the peak of numpy and Python allocations (tracemalloc) plus the peak of Arrow's memory
pool, in a separate call.

Run: ``/work/venv/bin/python benchmarks/bench_columnar.py [--placements N]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from veteran_services import Caseload
from veteran_services.columnar import (
    SCORING_COLUMNS,
    combine_normalised,
    read_tables,
    score_table,
    to_arrow,
    write_parquet,
)
from veteran_services.scoring import LabourMarket, QualityModel, score_caseload
from veteran_services.synthetic import DEFAULT_AS_OF, generate

TARGET_SPEEDUP = 20.0
TARGET_BARE_RATIO = 3.0
SCORING_KINDS = ("placements", "employers", "programmes", "enrolments", "responses", "instruments")


# --- measuring ----------------------------------------------------------------------------------


def _status(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        return False
    return True


class Measured:
    """Wall and CPU seconds of one call, and the growth of the process's peak resident set
    during it (Linux; ``None`` elsewhere)."""

    def __init__(self, function: Callable[[], Any]) -> None:
        gc.collect()
        can_reset = _reset_peak()
        before = _status("VmRSS")
        start_wall = time.perf_counter()
        start_cpu = time.process_time()
        self.result = function()
        self.cpu = time.process_time() - start_cpu
        self.wall = time.perf_counter() - start_wall
        peak = _status("VmHWM")
        self.memory = peak - before if can_reset and peak and before else None


def traced_peak(function: Callable[[], Any]) -> int:
    """Peak bytes allocated during a call: numpy and Python (tracemalloc) plus Arrow's memory
    pool (a proxy pool set for the call). The resident set is no guide here: the arrays reuse
    memory that earlier steps freed."""
    gc.collect()
    pool = pa.proxy_memory_pool(pa.default_memory_pool())
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    tracemalloc.start()
    try:
        function()
        _, python_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        pa.set_memory_pool(previous)
    return int(python_peak + pool.max_memory())


def _best(function: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        start_wall = time.perf_counter()
        start_cpu = time.process_time()
        result = function()
        cpus.append(time.process_time() - start_cpu)
        walls.append(time.perf_counter() - start_wall)
    return min(walls), min(cpus), result


# --- the data -----------------------------------------------------------------------------------


def _suffix(column: pa.ChunkedArray, copy: int) -> pa.ChunkedArray:
    if copy == 0:
        return column
    return pc.binary_join_element_wise(column, pa.scalar(f"~{copy}"), "")


def replicate(
    base: Caseload, placements: int, *, records: bool = True
) -> tuple[Caseload, dict[str, pa.Table]]:
    """*base* with its placements (and the responses about them) copied under new ids until
    there are *placements*: as records (unless *records* is false) and as Arrow tables holding
    the same data."""
    tables = to_arrow(base)
    copies = math.ceil(placements / len(base.placements))
    objects: list[Any] = []
    responses: list[Any] = []
    placement_parts = []
    response_parts = []
    about = tables["responses"].column("placement_id").is_valid()
    base_responses = tables["responses"].filter(about)
    for copy in range(copies):
        tag = "" if copy == 0 else f"~{copy}"
        if records:
            objects.extend(attrs.evolve(p, id=p.id + tag) for p in base.placements)
            responses.extend(
                attrs.evolve(r, id=r.id + tag, placement_id=r.placement_id + tag)
                for r in base.responses
                if r.placement_id is not None
            )
        part = tables["placements"]
        placement_parts.append(part.set_column(0, "id", _suffix(part.column("id"), copy)))
        part = base_responses
        part = part.set_column(0, "id", _suffix(part.column("id"), copy))
        index = part.schema.get_field_index("placement_id")
        response_parts.append(
            part.set_column(index, "placement_id", _suffix(part.column("placement_id"), copy))
        )
    objects = objects[:placements]
    kept = {p.id for p in objects}
    responses = [r for r in responses if r.placement_id in kept]
    if not records:
        objects, responses = list(base.placements), list(base.responses)
    placement_table = pa.concat_tables(placement_parts).slice(0, placements)
    response_table = pa.concat_tables(response_parts)
    response_table = response_table.filter(
        pc.is_in(response_table.column("placement_id"), placement_table.column("id"))
    )
    caseload = base.replace(placements=objects, responses=responses)
    tables = {
        **tables,
        "placements": placement_table.combine_chunks(),
        "responses": response_table.combine_chunks(),
    }
    return caseload, tables


def _score_tables(tables: dict[str, pa.Table], market: LabourMarket) -> pa.Table:
    return score_table(
        tables["placements"],
        employers=tables["employers"],
        programmes=tables["programmes"],
        enrolments=tables["enrolments"],
        responses=tables["responses"],
        instruments=tables["instruments"],
        market=market,
        as_of=DEFAULT_AS_OF,
    )


def write_ipc(tables: dict[str, pa.Table], folder: Path) -> None:
    """The scoring tables as Arrow IPC files, for the fresh processes to read."""
    for kind in SCORING_KINDS:
        path = str(folder / f"{kind}.arrow")
        with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, tables[kind].schema) as writer:
            writer.write_table(tables[kind])


def fresh_process(folder: Path, calls: int) -> dict[str, Any]:
    """In this (fresh) process: the tables read from *folder* (not timed), then CPU and wall
    seconds of the first ``score_table`` call and of *calls* more, the result dropped between
    calls; and whether pandas was imported (pyarrow imports it on its first numpy conversion)."""
    tables = {}
    for kind in SCORING_KINDS:
        with pa.OSFile(str(folder / f"{kind}.arrow"), "rb") as source:
            tables[kind] = pa.ipc.open_file(source).read_all()
    market = LabourMarket.nanjing()
    cpu, wall = [], []
    for _ in range(1 + calls):
        start_wall = time.perf_counter()
        start_cpu = time.process_time()
        _score_tables(tables, market)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return {"cpu": cpu, "wall": wall, "pandas": "pandas" in sys.modules}


def fresh_processes(folder: Path, processes: int, calls: int) -> list[dict[str, Any]]:
    """:func:`fresh_process` in *processes* new interpreters, one after the other."""
    runs = []
    for _ in range(processes):
        result = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, __file__, "--child", str(folder), "--calls", str(calls)],
            capture_output=True,
            text=True,
            check=True,
            timeout=1800,
        )
        runs.append(json.loads(result.stdout.splitlines()[-1]))
    return runs


def _bare_weighted_sum(columns: dict[str, np.ndarray], weights: np.ndarray) -> np.ndarray:
    """The weighted mean of the present values, written as briefly and as fast as numpy
    allows: column by column (each column is contiguous), no coverage rule, no clamping."""
    total = np.zeros(len(next(iter(columns.values()))))
    weight = np.zeros_like(total)
    for column, w in zip(columns.values(), weights, strict=True):
        present = ~np.isnan(column)
        total += np.where(present, column, 0.0) * w
        weight += present * w
    with np.errstate(invalid="ignore", divide="ignore"):  # rows with nothing present: NaN
        return 100.0 * total / weight


# --- the run ------------------------------------------------------------------------------------


def _mb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 2**20:,.0f}"


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}"


# --- the headline figures (issue 21, item 1) -----------------------------------------------------


def headline_case(veterans: int, repeat: int) -> int:
    """``metrics.headline_figures`` on a *veterans*-veteran sample city against
    ``columnar.headline_figures`` on its Arrow tables (and read from Parquet first): CPU time of
    the object path's first call on a fresh caseload, the columnar path's first and best of
    *repeat* calls; both must give the same figures, field for field (status 1 if not)."""
    from veteran_services import metrics
    from veteran_services.columnar import HEADLINE_COLUMNS, headline_figures

    city = generate(veterans=veterans, seed=1)
    tables = to_arrow(city)
    print(
        f"headline figures of a {veterans:,}-veteran city ({len(city.enrolments):,} enrolments, "
        f"{len(city.placements):,} placements, {len(city.earnings):,} earnings records, "
        f"{len(city.responses):,} responses, {len(city.ventures):,} ventures); load average "
        f"before the run {os.getloadavg()[0]:.1f}"
    )
    objects = Measured(lambda: metrics.headline_figures(city))
    first = Measured(lambda: headline_figures(tables))
    best_wall, best_cpu, _ = _best(lambda: headline_figures(tables), repeat)
    dated = Measured(lambda: headline_figures(tables, as_of=DEFAULT_AS_OF))
    dated_objects = Measured(lambda: metrics.headline_figures(city, as_of=DEFAULT_AS_OF))
    with tempfile.TemporaryDirectory() as folder:
        write_parquet(city, folder)
        parquet = Measured(lambda: headline_figures(read_tables(folder)))
        kinds = tuple(HEADLINE_COLUMNS)
        projected = Measured(
            lambda: headline_figures(read_tables(folder, kinds=kinds, columns=HEADLINE_COLUMNS))
        )
    print()
    print("| path | wall (s) | CPU (s) |")
    print("|---|---:|---:|")
    rows = (
        ("object: `metrics.headline_figures`, first call", objects.wall, objects.cpu),
        ("columnar: `headline_figures` on Arrow tables, first call", first.wall, first.cpu),
        (f"columnar: the same, best of {repeat}", best_wall, best_cpu),
        ("columnar: read Parquet (every kind) + `headline_figures`", parquet.wall, parquet.cpu),
        ("columnar: read `HEADLINE_COLUMNS` + `headline_figures`", projected.wall, projected.cpu),
        (f"object, as of {DEFAULT_AS_OF} (caseload warm)", dated_objects.wall, dated_objects.cpu),
        (f"columnar, as of {DEFAULT_AS_OF}", dated.wall, dated.cpu),
    )
    for label, wall, cpu in rows:
        print(f"| {label} | {wall:.3f} | {cpu:.3f} |")
    print()
    print(
        f"columnar vs object (CPU): {objects.cpu / first.cpu:.1f}× (first call), "
        f"{objects.cpu / best_cpu:.1f}× (best); with the Parquet read: "
        f"{objects.cpu / parquet.cpu:.1f}× (every column), "
        f"{objects.cpu / projected.cpu:.1f}× (`HEADLINE_COLUMNS`)"
    )
    pairs = [
        (objects.result, first.result),
        (objects.result, parquet.result),
        (objects.result, projected.result),
        (dated_objects.result, dated.result),
    ]
    differ = [a.name for want, got in pairs for a, b in zip(want, got, strict=True) if a != b]
    if differ:
        print(f"DISAGREE on {differ}")
        return 1
    print(f"both paths agree on all {len(objects.result)} headline figures, field for field")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--placements", type=int, default=1_000_000)
    parser.add_argument("--veterans", type=int, default=2000, help="of the base city")
    parser.add_argument("--repeat", type=int, default=5, help="calls of the aggregation")
    parser.add_argument("--processes", type=int, default=3, help="fresh processes")
    parser.add_argument("--calls", type=int, default=5, help="later calls in each")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--headline", type=int, metavar="VETERANS", help="time the headline figures instead"
    )
    args = parser.parse_args(argv)
    if args.headline is not None:  # the headline-figures case (issue 21, item 1)
        return headline_case(args.headline, args.repeat)
    if args.child is not None:  # a fresh process of fresh_processes
        print(json.dumps(fresh_process(args.child, args.calls)))
        return 0

    market = LabourMarket.nanjing()
    model = QualityModel.default()
    base = generate(veterans=args.veterans, seed=1)
    caseload, tables = replicate(base, args.placements)
    n = len(caseload.placements)
    print(
        f"{n:,} placements ({len(base.placements):,} of a {args.veterans:,}-veteran city, "
        f"replicated), {len(caseload.responses):,} follow-up responses about them; "
        f"as of {DEFAULT_AS_OF}"
    )
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}, pyarrow {pa.__version__}; "
        f"load average before the run {os.getloadavg()[0]:.1f}"
    )

    objects = Measured(lambda: score_caseload(caseload, market=market, as_of=DEFAULT_AS_OF))
    columnar = Measured(lambda: _score_tables(tables, market))
    warm = Measured(lambda: _score_tables(tables, market))
    columnar_peak = traced_peak(lambda: _score_tables(tables, market))
    with tempfile.TemporaryDirectory() as folder:
        write_parquet(Caseload(), folder)  # a manifest; the scoring tables are written below
        for kind in SCORING_KINDS:
            pq.write_table(tables[kind], Path(folder) / f"{kind}.parquet")
        _fix_manifest(Path(folder), tables)
        parquet = Measured(
            lambda: _score_tables(
                read_tables(folder, kinds=SCORING_KINDS, columns=SCORING_COLUMNS), market
            )
        )
        parquet_peak = traced_peak(
            lambda: _score_tables(
                read_tables(folder, kinds=SCORING_KINDS, columns=SCORING_COLUMNS), market
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        write_ipc(tables, Path(folder))
        runs = fresh_processes(Path(folder), args.processes, args.calls)
    first_cpu = statistics.median(run["cpu"][0] for run in runs)
    first_wall = statistics.median(run["wall"][0] for run in runs)
    later_cpu = min(min(run["cpu"][1:], default=math.inf) for run in runs)
    later_wall = min(min(run["wall"][1:], default=math.inf) for run in runs)

    # both paths agree, placement by placement: value, reason code, data completeness
    expected = {s.placement_id: (s.value, s.reason_code, s.completeness) for s in objects.result}
    got = dict(
        zip(
            columnar.result.column("placement_id").to_pylist(),
            zip(
                columnar.result.column("value").to_pylist(),
                columnar.result.column("reason").to_pylist(),
                columnar.result.column("completeness").to_pylist(),
                strict=True,
            ),
            strict=True,
        )
    )
    disagree = [k for k, want in expected.items() if not _same(want, got[k])]

    columns = {
        name: columnar.result.column(f"{name}.normalised").to_numpy(zero_copy_only=False)
        for name in model.names
    }
    weights = np.array([spec.weight for spec in model.indicators])
    combine_wall, combine_cpu, _ = _best(
        lambda: combine_normalised(columns, model=model), args.repeat
    )
    bare_wall, bare_cpu, _ = _best(lambda: _bare_weighted_sum(columns, weights), args.repeat)

    print()
    print("| path | wall (s) | CPU (s) | placements/s (CPU) | peak memory (MB) |")
    print("|---|---:|---:|---:|---:|")
    rows = (
        ("object: `score_caseload`", objects, objects.memory, " (RSS growth)"),
        ("columnar: `score_table` on Arrow tables, first call", columnar, columnar_peak, ""),
        ("columnar: `score_table` on Arrow tables, second call", warm, None, ""),
        ("columnar: read Parquet + `score_table`", parquet, parquet_peak, ""),
    )
    for label, m, memory, how in rows:
        shown = "" if memory is None and m is warm else _mb(memory) + how
        print(f"| {label} | {m.wall:.2f} | {m.cpu:.2f} | {_rate(n, m.cpu)} | {shown} |")
    print(
        f"| columnar: fresh process, first call (median of {len(runs)}) | {first_wall:.3f} | "
        f"{first_cpu:.3f} | {_rate(n, first_cpu)} | |"
    )
    if args.calls:
        print(
            f"| columnar: fresh process, later calls (best of {len(runs) * args.calls}) | "
            f"{later_wall:.3f} | {later_cpu:.3f} | {_rate(n, later_cpu)} | |"
        )
    print(
        f"| aggregation: `combine_normalised` (best of {args.repeat}) | {combine_wall:.4f} | "
        f"{combine_cpu:.4f} | {_rate(n, combine_cpu)} | |"
    )
    print(
        f"| bare numpy weighted sum (best of {args.repeat}) | {bare_wall:.4f} | "
        f"{bare_cpu:.4f} | {_rate(n, bare_cpu)} | |"
    )
    speedup = objects.cpu / first_cpu
    ratio = combine_cpu / bare_cpu
    whole = columnar.cpu / bare_cpu
    print()
    met = "met" if speedup >= TARGET_SPEEDUP else "MISSED"
    print(
        f"columnar (first call) vs object (CPU): {speedup:.1f}× (target ≥ {TARGET_SPEEDUP:.0f}×: "
        f"{met}); first calls in {len(runs)} fresh processes "
        + ", ".join(f"{objects.cpu / run['cpu'][0]:.1f}×" for run in runs)
        + (f"; later calls: {objects.cpu / later_cpu:.1f}×" if args.calls else "")
        + f"; in this process: first call {objects.cpu / columnar.cpu:.1f}×, "
        f"second {objects.cpu / warm.cpu:.1f}×"
    )
    if any(run["pandas"] for run in runs):
        print("note: pandas was imported in a fresh process (by pyarrow's numpy conversions)")
    met = "met" if ratio <= TARGET_BARE_RATIO else "MISSED"
    print(
        f"aggregation vs bare numpy sum (CPU): {ratio:.2f}× "
        f"(target ≤ {TARGET_BARE_RATIO:.0f}×: {met}); the whole of score_table, indicators "
        f"from raw columns included: {whole:.0f}× the bare sum"
    )
    if disagree:
        print(f"DISAGREE on {len(disagree)} placements, e.g. {disagree[:3]}")
        return 1
    print(f"both paths agree on all {n:,} values, reason codes and completeness (to 1e-9)")
    return 0


def _same(want: tuple[Any, ...], got: tuple[Any, ...]) -> bool:
    """Whether (value, reason code, completeness) agree, the numbers to 1e-9."""
    for a, b in ((want[0], got[0]), (want[2], got[2])):
        if (a is None) != (b is None) or (a is not None and abs(a - b) > 1e-9):
            return False
    return bool(want[1] == got[1])


def _fix_manifest(folder: Path, tables: dict[str, pa.Table]) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for kind in SCORING_KINDS:
        manifest["counts"][kind] = tables[kind].num_rows
    path.write_text(json.dumps(manifest), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
