"""Benchmark: the main job on a caseload folder, object engine against columnar (issue 21).

Each step is one ``veteran-services`` command run in its own process (``--quiet``), once with
``--engine objects`` and once with ``--engine columnar``, interleaved round by round; a step
the columnar engine cannot run yet is run with ``auto`` (which then says ``Engine: objects``),
and a command without ``--engine`` runs twice as it is.
Per step: wall time, CPU time (user + system of the child, ``os.wait4``) and the child's peak
resident set (``ru_maxrss``). The outputs of both engines are compared line for line (the
engine line left out) and the run exits with status 1 when they differ.

Data: the sample city (``synthetic.generate(veterans=N, seed=1)``) written once as a JSON
Lines caseload folder into ``--folder`` (made when missing; not timed).

Run: ``python benchmarks/bench_main_job.py --veterans 100000 [--rounds 2] [--folder DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The steps of the main job: a name and the command's arguments after the folder.
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("check", ("check",)),
    ("score", ("score",)),
    ("metrics", ("metrics",)),
    ("follow-ups", ("follow-ups", "--as-of", "2026-06-30")),
    ("league", ("league",)),
)


def _make_folder(folder: Path, veterans: int) -> None:
    from veteran_services import io
    from veteran_services.synthetic import generate

    started = time.perf_counter()
    city = generate(veterans=veterans, seed=1)
    io.write_caseload(city, folder)
    print(f"wrote {folder} ({veterans:,} veterans) in {time.perf_counter() - started:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--veterans", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.gettempdir()) / f"bench-main-job-{args.veterans}"
    if not (folder / "manifest.json").exists():
        _make_folder(folder, args.veterans)
    program = [sys.executable, "-m", "veteran_services"]
    results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    outputs: dict[tuple[str, str], str] = {}
    takes_engine = {step: _takes_engine(program, words[0]) for step, words in STEPS}
    for _round in range(args.rounds):
        for step, words in STEPS:
            for engine in ("objects", "columnar"):
                command = [*program, *words, str(folder), "--quiet"]
                if takes_engine[step]:
                    command += ["--engine", engine]
                wall, cpu, rss, out, code = _run(command)
                if code == 2 and "--engine columnar cannot run" in out:
                    command[-1] = "auto"  # no columnar form for these options: what auto runs
                    wall, cpu, rss, out, code = _run(command)
                results.setdefault((step, engine), []).append((wall, cpu, rss))
                outputs[(step, engine)] = out
                print(
                    f"{step:<11} {engine:<9} wall {wall:7.1f} s  CPU {cpu:7.1f} s  "
                    f"peak {rss:7.0f} MiB  exit {code}",
                    flush=True,
                )
    same = True
    for step, _words in STEPS:
        a = [line for line in outputs[(step, "objects")].splitlines() if "Engine:" not in line]
        b = [line for line in outputs[(step, "columnar")].splitlines() if "Engine:" not in line]
        if a != b:
            same = False
            print(f"DIFFERENT OUTPUT: {step}")
    summary = {
        "machine": platform.machine(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load": os.getloadavg(),
        "veterans": args.veterans,
        "best": {
            f"{step}/{engine}": min(runs, key=lambda r: r[1])
            for (step, engine), runs in results.items()
        },
    }
    print(json.dumps(summary, indent=1))
    return 0 if same else 1


def _takes_engine(program: list[str], command: str) -> bool:
    """Whether *command* has the ``--engine`` option (else it runs on the object engine)."""
    shown = subprocess.run(  # noqa: S603 - our own command line, no shell
        [*program, command, "--help"], capture_output=True, text=True, check=True
    )
    return "--engine" in shown.stdout


def _run(command: list[str]) -> tuple[float, float, float, str, int]:
    """Wall s, CPU s, peak RSS MiB, output (stdout and stderr) and exit status of *command*,
    the child's own usage (reaped with ``os.wait4``)."""
    started = time.perf_counter()
    with open(os.devnull, "rb") as stdin:
        child = subprocess.Popen(  # noqa: S603 - our own command line, no shell
            command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        assert child.stdout is not None
        out = child.stdout.read().decode("utf-8", "replace")
        _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out, child.returncode


if __name__ == "__main__":
    raise SystemExit(main())
