"""Benchmark: the cost of importing ``veteran_services.codes`` and of a job-title lookup.

Measures, each import in a fresh interpreter (best of ``--repeat``):

- ``import veteran_services.codes`` (which imports the package, as any import of it does), and
  the share of it spent in ``codes._titles`` itself, from ``python -X importtime`` (the tables
  must not be read on import);
- the first ``find_occupations`` call, which reads the two tables and builds the index;
- then ``find_occupations`` per title over a mix of ledger titles (exact aliases, variants,
  titles with a company or place in front, titles in parts, English ones), with rapidfuzz and
  without it (the fuzzy scorer switched off, as when the ``match`` extra is not installed);
- the worst case: a cell of one million characters.

Run: ``python benchmarks/bench_titles.py [--repeat 5] [--rounds 20]``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time

from veteran_services.codes import _titles, find_occupations

TITLES_ZH = (
    "保安员",
    "小区保安",
    "保安/门卫",
    "顺丰快递员",
    "美团外卖骑手",
    "滴滴司机",
    "重型货车司机",
    "公交车司机",
    "辅警",
    "专职消防员",
    "物业电工",
    "电焊工",
    "食堂厨师",
    "物业管理员",
    "仓库保管员",
    "销售员",
    "电话客服",
    "驾驶员（A2）",
    "保洁阿姨",
    "社区工作者",
    "村党支部书记",
    "汽修工",
    "ＣＮＣ操作员",
    "会计员",
    "叉车工",
    "装修木工",
    "程序员",
    "办公室文员",
    "养殖户",
    "不详",
)
TITLES_EN = ("security guard", "Taxi driver", "delivery riders", "welder", "software engineer")

_IMPORT = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
_FIRST = (
    "import time; from veteran_services.codes import find_occupations; "
    "t = time.perf_counter(); find_occupations('保安员'); find_occupations('guard', lang='en'); "
    "print(time.perf_counter() - t)"
)


def _fresh(code: str, repeat: int) -> float:
    """The best of *repeat* runs of *code* in a fresh interpreter (it prints seconds)."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(  # noqa: S603 - this Python and a fixed script
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        runs.append(float(out))
    return min(runs)


def _own_import_time(module: str, repeat: int) -> float:
    """Seconds spent importing *module* itself (``-X importtime``'s self time), best of runs."""
    runs = []
    for _ in range(repeat):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import veteran_services.codes"],
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        for line in err.splitlines():
            fields = [field.strip() for field in line.removeprefix("import time:").split("|")]
            if len(fields) == 3 and fields[2] == module:
                runs.append(int(fields[0]) / 1e6)
    return min(runs)


def _per_lookup(rounds: int) -> list[float]:
    # CPU time, because the build machine is shared: wall time would count other jobs.
    times = []
    for _ in range(rounds):
        for title in TITLES_ZH:
            started = time.process_time()
            find_occupations(title)
            times.append(time.process_time() - started)
        for title in TITLES_EN:
            started = time.process_time()
            find_occupations(title, lang="en")
            times.append(time.process_time() - started)
    return times


def _line(label: str, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    return (
        f"{label:<28} median {statistics.median(times) * 1e3:6.3f} ms   "
        f"p95 {p95 * 1e3:6.3f} ms   max {times[-1] * 1e3:6.3f} ms   ({len(times)} lookups)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}")
    codes = _fresh(_IMPORT.format(module="veteran_services.codes"), args.repeat)
    own = _own_import_time("veteran_services.codes._titles", args.repeat)
    first = _fresh(_FIRST, args.repeat)
    print(f"import veteran_services.codes    {codes * 1e3:7.1f} ms")
    print(f"  of which codes._titles itself  {own * 1e3:7.2f} ms")
    print(f"first lookups (zh and en tables) {first * 1e3:7.1f} ms")

    find_occupations("保安员")
    find_occupations("guard", lang="en")
    print(_line("find_occupations, rapidfuzz", _per_lookup(args.rounds)))
    fuzzy = _titles._fuzzy
    _titles._fuzzy = lambda lang: None  # type: ignore[assignment]
    try:
        print(_line("find_occupations, without", _per_lookup(args.rounds)))
    finally:
        _titles._fuzzy = fuzzy

    huge = "保安" * 500_000
    started = time.process_time()
    find_occupations(huge)
    print(f"a 1,000,000-character cell       {(time.process_time() - started) * 1e3:7.3f} ms")


if __name__ == "__main__":
    main()
