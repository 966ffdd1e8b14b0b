"""Shared by the fuzz targets: one tally of every target's inputs, outcomes and slowest input,
written once per session to ``VS_FUZZ_REPORT`` (a module-level tally per file, each writing the
report, let the last module to finish overwrite the others' figures)."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

#: No single fuzz input may cost more CPU than this (issue 16).
CPU_LIMIT = 2.0


class FuzzTally:
    """Inputs and outcomes per target, and the CPU time of each target's slowest input."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.slowest: dict[str, float] = {}

    def count(self, target: str, outcome: str) -> None:
        self.counts[f"{target}: {outcome}"] += 1

    def timed(self, target: str, started: float) -> None:
        """Record the CPU time since *started* (``time.process_time()``) and check the limit."""
        spent = time.process_time() - started
        self.slowest[target] = max(self.slowest.get(target, 0.0), round(spent, 4))
        assert spent < CPU_LIMIT, f"{target}: one input cost {spent:.2f} s of CPU"


@pytest.fixture(scope="session")
def fuzz_tally() -> Iterator[FuzzTally]:
    tally = FuzzTally()
    yield tally
    target = os.environ.get("VS_FUZZ_REPORT")
    if target and tally.counts:
        data = {"tally": dict(sorted(tally.counts.items())), "slowest_cpu_seconds": tally.slowest}
        Path(target).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
