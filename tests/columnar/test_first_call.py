"""The first score_table call in a process pays no fixed cost it need not (issue 21, item 4).

pyarrow imports pandas (when it is installed) the first time a process converts between numpy
and Arrow with ``Array.to_numpy``, ``pa.array`` or ``pa.scalar``: about 0.2 s, four times a
city's whole scoring call. score_table goes through the arrays' buffers instead; this test runs
a first call in a fresh interpreter, on tables read from Arrow IPC files (which import nothing),
and fails if pandas, or numpy.char (once imported lazily by the skills match), came with it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from veteran_services import Caseload

pa = pytest.importorskip("pyarrow")

from veteran_services.columnar import score_table, to_arrow  # noqa: E402
from veteran_services.scoring import LabourMarket  # noqa: E402
from veteran_services.synthetic import DEFAULT_AS_OF  # noqa: E402

KINDS = ("placements", "employers", "programmes", "enrolments", "responses", "instruments")

_CHILD = """
import json, sys
import pyarrow as pa
from veteran_services.columnar import score_table
from veteran_services.scoring import LabourMarket
from veteran_services.synthetic import DEFAULT_AS_OF
tables = {{}}
for kind in {kinds!r}:
    with pa.OSFile({folder!r} + "/" + kind + ".arrow", "rb") as source:
        tables[kind] = pa.ipc.open_file(source).read_all()
before = sorted(m for m in ("pandas", "numpy.char") if m in sys.modules)
result = score_table(
    tables["placements"], employers=tables["employers"], programmes=tables["programmes"],
    enrolments=tables["enrolments"], responses=tables["responses"],
    instruments=tables["instruments"], market=LabourMarket.nanjing(), as_of=DEFAULT_AS_OF,
)
after = sorted(m for m in ("pandas", "numpy.char") if m in sys.modules)
scored = result.column("value").drop_null()
print(json.dumps({{"before": before, "after": after, "rows": result.num_rows,
                  "total": sum(scored.to_pylist())}}))
"""


def test_a_first_call_imports_neither_pandas_nor_numpy_char(
    small_city: Caseload, tmp_path: Path
) -> None:
    tables = to_arrow(small_city)
    for kind in KINDS:
        with (
            pa.OSFile(str(tmp_path / f"{kind}.arrow"), "wb") as sink,
            pa.ipc.new_file(sink, tables[kind].schema) as writer,
        ):
            writer.write_table(tables[kind])
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", _CHILD.format(kinds=KINDS, folder=str(tmp_path))],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    child = json.loads(result.stdout.splitlines()[-1])
    assert child["before"] == [], child  # reading the tables imported neither
    assert child["after"] == [], child
    # the call really scored the city, as it does in this process
    here = score_table(
        *(tables[kind] for kind in KINDS[:1]),
        **{kind: tables[kind] for kind in KINDS[1:]},
        market=LabourMarket.nanjing(),
        as_of=DEFAULT_AS_OF,
    )
    assert child["rows"] == here.num_rows == len(small_city.placements)
    assert child["total"] == pytest.approx(sum(here.column("value").drop_null().to_pylist()))
