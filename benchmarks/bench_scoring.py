"""Benchmark: employment-quality scoring of the 100k-veteran sample city.

Measures :func:`veteran_services.scoring.score_caseload` (placements per second, peak memory)
against a minimal hand-written weighted sum over the same objects, in the same run: the same
nine indicators, weights, goalposts and market lookups, inlined, with no explanations, no
component records and no flags. Both are run several times, interleaved, and the best time of
each is kept (the machine is shared); the two must agree on every score.

Run: ``python benchmarks/bench_scoring.py [--veterans 100000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import gc
import math
import platform
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from veteran_services import Caseload, ContractType, EnrolmentOutcome, LikertScale, Topic
from veteran_services.codes import shared_digits
from veteran_services.scoring import LabourMarket, QualityModel, score_caseload
from veteran_services.scoring.indicators import CONTRACT_SECURITY, whole_months
from veteran_services.synthetic import generate

AS_OF = date(2026, 6, 30)


def _clip(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def hand_written(caseload: Caseload, market: LabourMarket, as_of: date) -> dict[str, float | None]:
    """The default model's score of every placement, as a minimal hand-written loop."""
    region_of = {e.id: e.region for e in caseload.employers}
    programmes = {p.id: p for p in caseload.programmes}
    completed: defaultdict[str, list[tuple[date, frozenset[str]]]] = defaultdict(list)
    for e in caseload.enrolments:
        if e.outcome is EnrolmentOutcome.COMPLETED and e.ended_on is not None:
            completed[e.veteran_id].append(
                (e.ended_on, programmes[e.programme_id].target_occupations)
            )
    latest: dict[str, Any] = {}
    for r in caseload.responses:
        if r.placement_id is None or not r.responded or r.collected_on is None:
            continue
        if r.collected_on > as_of:
            continue
        best = latest.get(r.placement_id)
        if best is None or (r.collected_on, r.id) > (best.collected_on, best.id):
            latest[r.placement_id] = r
    instruments = {(i.id, i.version): i for i in caseload.instruments}
    topics = (Topic.JOB_SATISFACTION, Topic.JOB_DEMAND, Topic.JOB_RESOURCE)
    scores: dict[str, float | None] = {}
    for p in caseload.placements:
        region = region_of[p.employer_id]
        mw = market.minimum_wage(region, p.started_on)
        wt = market.working_time(region, p.started_on)
        si = market.social_insurance(region, p.started_on)
        part_time = p.contract is ContractType.PART_TIME
        num = den = 0.0
        wage = p.monthly_wage
        if wage is not None:
            if part_time:
                if p.weekly_hours and mw.hourly is not None:
                    hourly = wage.amount / (
                        p.weekly_hours * Decimal(str(wt.paid_days_per_month / 5))
                    )
                    num += 0.20 * _clip((float(hourly / mw.hourly) - 1.0) / 2.0)
                    den += 0.20
            else:
                num += 0.20 * _clip((float(wage.amount / mw.monthly) - 1.0) / 2.0)
                den += 0.20
        if p.weekly_hours is not None:
            num += 0.10 * _clip((48.0 - float(p.weekly_hours)) / 8.0)
            den += 0.10
        if p.contract is not None:  # an unknown contract type leaves the indicator missing
            security = CONTRACT_SECURITY[p.contract]
            if p.contract_months is not None and p.contract in (
                ContractType.FIXED_TERM,
                ContractType.PUBLIC_WELFARE_POST,
            ):
                security += 0.4 * min(p.contract_months, 36) / 36
            num += 0.15 * security
            den += 0.15
        required = si.part_time_schemes if part_time else si.schemes
        if required and p.insurance is not None:
            num += 0.15 * len(p.insurance & required) / len(required)
            den += 0.15
        digits = -1
        occupation = p.occupation
        for ended, targets in completed.get(p.veteran_id, ()) if occupation else ():
            if ended < p.started_on:
                for t in targets:
                    digits = max(digits, shared_digits(occupation, t))
        if digits >= 0:
            num += 0.10 * digits / 4.0
            den += 0.10
        end = as_of if p.ended_on is None else min(p.ended_on, as_of)
        months = whole_months(p.started_on, end)
        if (p.ended_on is not None and p.ended_on <= as_of) or months >= 12:
            num += 0.10 * _clip(months / 12.0)
            den += 0.10
        last = latest.get(p.id)
        if last is not None and (last.instrument_id, last.instrument_version) in instruments:
            answers = {a.question_id: a.value for a in last.answers}
            sums: dict[Topic, list[float]] = {}
            for q in instruments[(last.instrument_id, last.instrument_version)].questions:
                v = answers.get(q.id)
                if (
                    q.topic in topics
                    and isinstance(q.scale, LikertScale)
                    and type(v) is int
                    and 1 <= v <= q.scale.points
                ):
                    s = (v - 1) / (q.scale.points - 1)
                    sums.setdefault(q.topic, []).append(1.0 - s if q.reverse else s)
            mean = {t: sum(v) / len(v) for t, v in sums.items()}
            if Topic.JOB_SATISFACTION in mean:
                num += 0.05 * mean[Topic.JOB_SATISFACTION]
                den += 0.05
            if Topic.JOB_DEMAND in mean and Topic.JOB_RESOURCE in mean:
                strain = mean[Topic.JOB_RESOURCE] - mean[Topic.JOB_DEMAND]
                num += 0.05 * _clip((strain + 1.0) / 2.0)
                den += 0.05
        scores[p.id] = 100.0 * num / den if den >= 0.5 - 1e-12 else None
    return scores


def _timed(function: Callable[[], Any]) -> tuple[tuple[float, float], Any]:
    """(wall seconds, CPU seconds of this process) and the result."""
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    return (time.perf_counter() - start, time.process_time() - cpu), result


def _peak(function: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--veterans", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    caseload = generate(veterans=args.veterans, seed=1)
    print(f"generated {args.veterans:,} veterans in {time.perf_counter() - start:.1f} s")
    market = LabourMarket.nanjing()
    model = QualityModel.default()
    n = len(caseload.placements)
    print(f"{n:,} placements; python {platform.python_version()}; {platform.machine()}")

    library_runs: list[tuple[float, float]] = []
    baseline_runs: list[tuple[float, float]] = []
    scores: Any = None
    expected: dict[str, float | None] = {}
    for _ in range(args.repeat):
        seconds, scores = _timed(lambda: score_caseload(caseload, market=market, as_of=AS_OF))
        library_runs.append(seconds)
        seconds, expected = _timed(lambda: hand_written(caseload, market, AS_OF))
        baseline_runs.append(seconds)
    unscored = Counter(s.reason_code for s in scores if s.value is None)
    for score in scores:
        want = expected[score.placement_id]
        assert (score.value is None) == (want is None), score.placement_id
        if want is not None:
            assert math.isclose(score.value, want, rel_tol=1e-9, abs_tol=1e-9), score.placement_id

    library = min(wall for wall, _ in library_runs)
    baseline = min(wall for wall, _ in baseline_runs)
    library_cpu = min(cpu for _, cpu in library_runs)
    baseline_cpu = min(cpu for _, cpu in baseline_runs)
    del scores
    library_peak = _peak(lambda: score_caseload(caseload, market=market, as_of=AS_OF))
    baseline_peak = _peak(lambda: hand_written(caseload, market, AS_OF))
    print(f"model {model.name} {model.version} ({model.fingerprint}); best of {args.repeat} runs")
    print("unscored by reason: " + (", ".join(f"{c} {k:,}" for c, k in unscored.items()) or "none"))
    for label, wall, cpu, peak in (
        ("score_caseload", library, library_cpu, library_peak),
        ("hand-written  ", baseline, baseline_cpu, baseline_peak),
    ):
        print(
            f"{label}: wall {wall:.2f} s ({n / wall:,.0f} placements/s), CPU {cpu:.2f} s "
            f"({n / cpu:,.0f} placements/s, {cpu / n * 1e6:.1f} µs each), "
            f"peak {peak:,.0f} MiB (tracemalloc)"
        )
    print(
        f"ratio: wall {library / baseline:.2f}x, CPU {library_cpu / baseline_cpu:.2f}x "
        "(target within 3x); all scores agree"
    )


if __name__ == "__main__":
    main()
