"""Benchmark: generating and checking the sample city.

Measures, in one process:

- ``generate(veterans=N, seed=S)``: wall-clock and CPU seconds, records per second;
- ``caseload.check()`` right after, with the cyclic garbage collector as Python leaves it
  (the default mode), and again with the caseload frozen out of the collector's sight
  (``gc.freeze()``), the mode docs/architecture.md recommends for long-lived bulk data;
- peak resident memory of the process (``ru_maxrss``), and, with ``--tracemalloc``, the
  peak of traced Python allocations during generation (tracing slows generation down a lot,
  so its times are not comparable: run it separately).

Run: ``python benchmarks/bench_synthetic.py [--veterans 100000] [--seed 1] [--tracemalloc]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import sys
import time
import tracemalloc

from veteran_services.synthetic import generate


def _rss_mib() -> float:
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--veterans", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tracemalloc", action="store_true", help="trace peak allocations")
    args = parser.parse_args(argv)

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    base_rss = _rss_mib()
    if args.tracemalloc:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    caseload = generate(veterans=args.veterans, seed=args.seed)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    records = sum(caseload.counts().values())
    print(f"generate(veterans={args.veterans:,}, seed={args.seed})")
    print(f"  wall {wall:.2f} s, cpu {cpu:.2f} s, {records:,} records, {records / wall:,.0f}/s")
    print("  counts: " + ", ".join(f"{k}={v:,}" for k, v in caseload.counts().items()))
    if args.tracemalloc:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  tracemalloc peak {peak / 2**20:,.0f} MiB (times above include tracing)")
    print(f"  peak RSS {_rss_mib():,.0f} MiB (process baseline {base_rss:,.0f} MiB)")

    wall, cpu = time.perf_counter(), time.process_time()
    problems = caseload.check()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"check(), collector as Python leaves it: wall {wall:.2f} s, cpu {cpu:.2f} s, "
          f"{len(problems)} problems")  # fmt: skip

    fresh = generate(veterans=args.veterans, seed=args.seed)  # a caseload with cold caches
    del caseload
    gc.collect()
    gc.freeze()
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        problems = fresh.check()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        gc.unfreeze()
    print(f"check(), caseload frozen (gc.freeze): wall {wall:.2f} s, cpu {cpu:.2f} s, "
          f"{len(problems)} problems")  # fmt: skip
    print(f"peak RSS {_rss_mib():,.0f} MiB; load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
