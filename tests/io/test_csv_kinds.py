"""Every record kind has a CSV form (employers and providers included, for the ledger import)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings

from veteran_services import Caseload, io
from veteran_services import strategies as vs

#: The kinds that joined CSV in schema 2 (veterans, enrolments, placements, contacts and
#: responses have their own tests in test_csv.py).
NEW_KINDS = ("providers", "programmes", "employers", "ventures", "earnings", "instruments")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(vs.caseloads())
def test_every_new_csv_kind_round_trips(tmp_path: Path, caseload: Caseload) -> None:
    for kind in NEW_KINDS:
        cls = io.CSV_KINDS[kind]
        records = getattr(caseload, kind)
        path = tmp_path / f"{kind}.csv"
        io.write_csv(path, records, cls=cls, overwrite=True)  # hypothesis reuses tmp_path
        assert tuple(io.read_csv(path, cls)) == records


def test_every_record_kind_has_a_csv_form() -> None:
    assert set(io.CSV_KINDS) == set(io.KIND_CLASSES)
