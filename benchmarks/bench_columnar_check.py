"""Benchmark: the cross-record check and the follow-up worklist of a city, object path against
columnar (issue 21, item 1).

In one run, on one generated city (``generate(veterans=20000, seed=1)`` by default, with the
office blanks of the default city; not timed):

1. ``Caseload.check()`` against ``columnar.check(tables)`` on the city's Arrow tables in
   memory, and ``columnar.check`` after reading only ``CHECK_COLUMNS`` from a Parquet folder
   (the read included);
2. ``scoring.check_market`` against ``columnar.check_market`` (the built-in Nanjing tables),
   likewise, with ``MARKET_COLUMNS`` (what ``veteran-services check`` runs after the check);
3. ``metrics.follow_ups_due`` against ``columnar.follow_ups_due`` (as of the sample city's
   date), likewise, with ``WORKLIST_COLUMNS``.

Both paths must give the same result (the same problems in the same order; the same worklist,
items and retention): the run exits with status 1 if not. The city with planted problems
(``--problems``) gives both paths something to find.

Timing: CPU and wall time of each call. The first columnar call of the process is reported on
its own (it also pays for imports and first-use set-up); then ``--rounds`` rounds, the paths
interleaved, the best of them kept. The object path gets a fresh caseload each time (a
caseload keeps the indexes its lookups build; the first call builds them, as a command does).
Compare CPU times on a shared machine: wall time also counts the time other processes held the
cores.

Run: ``.venv/bin/python benchmarks/bench_columnar_check.py [--veterans N] [--rounds R]
[--problems SHARE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from veteran_services import Caseload, metrics, scoring
from veteran_services.columnar import (
    CHECK_COLUMNS,
    MARKET_COLUMNS,
    WORKLIST_COLUMNS,
    check,
    check_market,
    follow_ups_due,
    read_tables,
    to_arrow,
    write_parquet,
)
from veteran_services.model import RECORD_KINDS
from veteran_services.synthetic import DEFAULT_AS_OF, generate


def _timed(call: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _fresh(caseload: Caseload) -> Caseload:
    """The same records in a caseload without the lookup indexes a call builds."""
    return Caseload(**{kind: caseload.records(kind) for kind in RECORD_KINDS})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--veterans", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--problems", type=float, default=0.0)
    args = parser.parse_args()

    started = time.perf_counter()
    city = generate(veterans=args.veterans, seed=args.seed, problems=args.problems)
    tables = to_arrow(city)
    built = time.perf_counter() - started
    market = scoring.LabourMarket.nanjing()
    folder = Path(tempfile.mkdtemp(prefix="bench-check-")) / "city"
    write_parquet(city, folder)

    cases: dict[str, tuple[Callable[[], Any], Callable[[], Any], Callable[[], Any]]] = {
        "check": (
            lambda: _fresh(city).check(),
            lambda: check(tables),
            lambda: check(read_tables(folder, columns=CHECK_COLUMNS)),
        ),
        "check_market": (
            lambda: scoring.check_market(_fresh(city), market),
            lambda: check_market(tables, market),
            lambda: check_market(
                read_tables(folder, kinds=list(MARKET_COLUMNS), columns=MARKET_COLUMNS), market
            ),
        ),
        "follow_ups_due": (
            lambda: metrics.follow_ups_due(_fresh(city), as_of=DEFAULT_AS_OF),
            lambda: follow_ups_due(tables, as_of=DEFAULT_AS_OF),
            lambda: follow_ups_due(
                read_tables(folder, kinds=list(WORKLIST_COLUMNS), columns=WORKLIST_COLUMNS),
                as_of=DEFAULT_AS_OF,
            ),
        ),
    }
    first: dict[str, tuple[float, float]] = {}
    for name, (_, columnar_call, _) in cases.items():
        _, wall, cpu = _timed(columnar_call)
        first[name] = (wall, cpu)

    best: dict[tuple[str, str], tuple[float, float]] = {}
    same = True
    sizes: dict[str, int] = {}
    for _ in range(args.rounds):
        for name, calls in cases.items():
            results = []
            for path, call in zip(("object", "columnar", "parquet"), calls, strict=True):
                result, wall, cpu = _timed(call)
                results.append(result)
                old = best.get((name, path))
                best[(name, path)] = (
                    (wall, cpu) if old is None else (min(old[0], wall), min(old[1], cpu))
                )
            same &= results[0] == results[1] == results[2]
            sizes[name] = len(results[0].items if name == "follow_ups_due" else results[0])

    load = os.getloadavg()
    print(
        f"city: {args.veterans:,} veterans (seed {args.seed}, problems {args.problems}), "
        f"{sum(t.num_rows for t in tables.values()):,} rows, built in {built:.1f} s; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(f"check: {sizes['check']:,} problems; follow_ups_due: {sizes['follow_ups_due']:,} items")
    print("| call | path | wall (s) | CPU (s) | object CPU ÷ this |")
    print("|---|---|---:|---:|---:|")
    record: dict[str, Any] = {}
    for name in cases:
        object_cpu = best[(name, "object")][1]
        rows = [
            ("object", *best[(name, "object")]),
            ("columnar, first call", *first[name]),
            ("columnar", *best[(name, "columnar")]),
            ("read Parquet + columnar", *best[(name, "parquet")]),
        ]
        for path, wall, cpu in rows:
            print(f"| {name} | {path} | {wall:.3f} | {cpu:.3f} | {object_cpu / cpu:.1f} × |")
            record[f"{name}/{path}"] = {"wall": wall, "cpu": cpu}
    print(
        json.dumps(
            {
                "python": platform.python_version(),
                "numpy": np.__version__,
                "pyarrow": pa.__version__,
                "machine": platform.machine(),
                "cpus": os.cpu_count(),
                "same": same,
                "times": record,
            }
        )
    )
    if not same:
        print("the paths disagree", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
