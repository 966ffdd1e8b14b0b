"""Benchmark: every programme indicator on the sample city.

Generates ``veteran_services.synthetic.generate(veterans=N, seed=1)`` (100 000 by default; the
generation is not timed), then times each indicator of ``veteran_services.metrics`` once, in a
fixed order, on that caseload, and the total. The first indicator also pays for building the
caseload's lookup indices (``placements_of`` and friends), which every later one reuses: the
total is what a user pays to compute every indicator on a freshly loaded caseload.

Run: ``/work/venv/bin/python benchmarks/bench_metrics.py [--veterans N]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import time
from collections.abc import Callable
from datetime import date

from veteran_services import metrics
from veteran_services.synthetic import generate

BUDGET_SECONDS = 10.0


def indicators(as_of: date) -> list[tuple[str, Callable[..., object]]]:
    """The indicators of issue 6, item 3, with the arguments a yearly report would use."""
    year = (date(as_of.year - 2, 1, 1), date(as_of.year - 2, 12, 31))
    return [
        (
            "employment_rate_after_exit q2",
            lambda c: metrics.employment_rate_after_exit(
                c, quarter=2, exits_between=year, as_of=as_of
            ),
        ),
        (
            "employment_rate_after_exit q4",
            lambda c: metrics.employment_rate_after_exit(
                c, quarter=4, exits_between=year, as_of=as_of
            ),
        ),
        (
            "median_earnings_after_exit",
            lambda c: metrics.median_earnings_after_exit(c, exits_between=year, as_of=as_of),
        ),
        (
            "credential_attainment_rate",
            lambda c: metrics.credential_attainment_rate(c, exits_between=year, as_of=as_of),
        ),
        ("skill_gain_rate", lambda c: metrics.skill_gain_rate(c, period=year)),
        (
            "retention_with_same_employer",
            lambda c: metrics.retention_with_same_employer(c, exits_between=year, as_of=as_of),
        ),
        ("placement_rate", lambda c: metrics.placement_rate(c, between=year, as_of=as_of)),
        ("time_to_placement", lambda c: metrics.time_to_placement(c, between=year)),
        ("six_month_outcomes", lambda c: metrics.six_month_outcomes(c)),
        (
            "venture_survival_rate 12",
            lambda c: metrics.venture_survival_rate(c, months=12, as_of=as_of),
        ),
        (
            "venture_survival_rate 36",
            lambda c: metrics.venture_survival_rate(c, months=36, as_of=as_of),
        ),
        ("jobs_created", lambda c: metrics.jobs_created(c, as_of=as_of)),
        ("response_rates_by_wave", lambda c: metrics.response_rates_by_wave(c)),
        ("weighted_satisfaction", lambda c: metrics.weighted_satisfaction(c)),
        (
            "mean_quality (placements of the year)",
            lambda c: metrics.mean_quality(c, as_of=as_of, started_between=year),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--veterans", type=int, default=100_000)
    parser.add_argument("--as-of", type=date.fromisoformat, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    caseload = generate(veterans=args.veterans, seed=1)
    generated = time.perf_counter() - started
    as_of = args.as_of or metrics.data_cutoff(caseload) or date.today()
    counts = caseload.counts()
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"generated {args.veterans} veterans in {generated:.1f} s (not timed): {counts}")
    print(f"as of {as_of}")
    gc.collect()
    total = cpu_total = 0.0
    print(f"{'indicator':40s} {'wall':>8s} {'cpu':>8s}")
    for name, indicator in indicators(as_of):
        started, cpu_started = time.perf_counter(), time.process_time()
        indicator(caseload)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        total += elapsed
        cpu_total += cpu
        print(f"{name:40s} {elapsed:7.3f}s {cpu:7.3f}s")
    print(f"{'total':40s} {total:7.3f}s {cpu_total:7.3f}s (budget {BUDGET_SECONDS:.0f} s)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
