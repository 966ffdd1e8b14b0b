"""Reading JSON Lines stays in constant memory, whatever the file size.

Peak memory is measured in a child process (``resource.getrusage``'s ``ru_maxrss``), which
reads a generated file record by record and keeps none. The default run compares a tiny file
with a 20 MB one; the slow run (``--run-slow``) reads 1 GB and must stay under 200 MB.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from veteran_services import (
    Branch,
    Discharge,
    EducationLevel,
    RankCategory,
    Resettlement,
    ServicePeriod,
    Sex,
    Veteran,
    io,
)

MB = 1024 * 1024

#: The child: read every veteran, keep none, print the count and the peak RSS in KiB.
CHILD = """
import resource, sys
from veteran_services import Veteran, io
count = 0
for _ in io.read_jsonl(sys.argv[1], Veteran):
    count += 1
print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def write_veterans(path: Path, size: int) -> int:
    """Write at least *size* bytes of valid veteran lines; the number of lines."""
    veteran = Veteran(
        id="V%010d",
        sex=Sex.FEMALE,
        region="320115",
        birth_date=date(1996, 5, 4),
        education=EducationLevel.SHORT_CYCLE_TERTIARY,
        registered_on=date(2022, 9, 20),
        service=[
            ServicePeriod(
                branch=Branch.ARMY,
                rank=RankCategory.NCO,
                start=date(2014, 9, 1),
                end=date(2022, 8, 31),
                discharge=Discharge.HONOURABLE,
                resettlement=Resettlement.SELF_EMPLOYMENT,
                disability_rating=10,
            )
        ],
    )
    template = io.dumps(veteran) + "\n"
    assert template.count("%010d") == 1
    lines_per_chunk = 1_000
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as file:
        while file.tell() < size:
            file.write("".join(template % (count + i) for i in range(lines_per_chunk)))
            count += lines_per_chunk
    return count


def peak_reading(path: Path) -> tuple[int, int]:
    """Records read and peak RSS in bytes, reading *path* in a fresh interpreter."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    count, peak_kib = done.stdout.split()
    return int(count), int(peak_kib) * 1024


def test_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small_lines = write_veterans(small, 1)  # one chunk: 1000 lines, ~0.3 MB
    large_lines = write_veterans(large, 20 * MB)
    assert large.stat().st_size >= 60 * small.stat().st_size
    small_count, small_peak = peak_reading(small)
    large_count, large_peak = peak_reading(large)
    assert (small_count, large_count) == (small_lines, large_lines)
    # Keeping the records would add about 30 MB here (measured: ~0.45 KB per veteran read).
    assert large_peak - small_peak < 8 * MB, (small_peak / MB, large_peak / MB)


@pytest.mark.slow
def test_a_1_gb_file_reads_in_under_200_mb(tmp_path: Path) -> None:
    path = tmp_path / "large.jsonl"
    lines = write_veterans(path, 1024 * MB)
    count, peak = peak_reading(path)
    assert count == lines
    assert peak < 200 * MB, peak / MB
