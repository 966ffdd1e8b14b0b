"""Benchmark: reading a placements sheet, python-calamine against openpyxl, and the same rows
from CSV.

Writes the placements of a generated city to one ``.xlsx`` sheet (``io.write_excel``) and to a
CSV file (``io.write_csv``), then times, best of *repeat* runs of CPU time in this process:

- ``calamine rows``: the sheet's cells with python-calamine (what ``io.read_excel`` uses);
- ``openpyxl rows``: the same cells with openpyxl in read-only mode (the baseline: the reader
  the issue names);
- ``read_excel``: the whole reader (cells, lenient parsing, validation) on calamine;
- ``read_csv``: the same records from the CSV file.

Run: ``python benchmarks/bench_excel.py [--veterans 8000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from veteran_services import Placement, io
from veteran_services.synthetic import generate


def _best(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        start = time.process_time()
        result = function()
        best = min(best, time.process_time() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--veterans", type=int, default=8000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import openpyxl
    from python_calamine import CalamineWorkbook

    placements = generate(veterans=args.veterans, seed=1).placements
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "placements.xlsx"
        text = Path(folder) / "placements.csv"
        io.write_excel(book, placements)
        io.write_csv(text, placements)

        def calamine_rows() -> int:
            sheet = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("placements")
            return len(sheet.to_python(skip_empty_area=False))

        def openpyxl_rows() -> int:
            workbook = openpyxl.load_workbook(book, read_only=True, data_only=True)
            try:
                return sum(1 for _ in workbook["placements"].iter_rows(values_only=True))
            finally:
                workbook.close()

        timings = {
            "calamine rows": _best(calamine_rows, args.repeat),
            "openpyxl rows": _best(openpyxl_rows, args.repeat),
            "read_excel": _best(lambda: len(io.read_excel(book, Placement)), args.repeat),
            "read_csv": _best(lambda: len(io.read_csv(text, Placement)), args.repeat),
        }
    print(
        f"python {platform.python_version()}, {len(placements)} placements, "
        f"CPU seconds, best of {args.repeat}"
    )
    base = timings["openpyxl rows"][0]
    for name, (seconds, count) in timings.items():
        print(f"  {name:<15} {seconds:7.3f} s  ({count} rows)  {base / seconds:5.1f}x openpyxl")


if __name__ == "__main__":
    main()
