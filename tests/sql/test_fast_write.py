"""The database writer's fast parts against their references.

- ``io.fast_row_dict_encoder`` (msgspec's ``to_builtins`` and the converter's rules) gives
  the dict of :func:`io.to_dict`, but for dates and decimals left as objects and tuples;
- the generated row encoder (``sql._write.encode_record``) gives the rows of
  ``sql._rows.encode_record``, each with every column in its table's order.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

pytest.importorskip("sqlalchemy")
pytest.importorskip("msgspec")

from veteran_services import io, strategies, synthetic
from veteran_services.io import KIND_CLASSES
from veteran_services.model import Caseload, Money
from veteran_services.sql import _rows, _write, metadata
from veteran_services.sql._layout import layout


def _wire(value: Any) -> Any:
    """What to_dict writes for a value the fast encoder leaves as an object."""
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_wire(v) for v in value]
    if isinstance(value, Decimal):
        return io.make_converter().unstructure(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _check_caseload(caseload: Caseload) -> None:
    tables = metadata().tables
    for kind, cls in KIND_CLASSES.items():
        top = layout(kind)
        for personal in (False, True):
            fast = io.fast_row_dict_encoder(cls, include_personal=personal)
            for seq, record in enumerate(caseload.records(kind)):
                reference = io.to_dict(record, include_personal=personal)
                if fast is not None:
                    assert _wire(fast(record)) == reference
                want: dict[str, list[Any]] = {t.name: [] for t in top.walk()}
                got: dict[str, list[Any]] = {t.name: [] for t in top.walk()}
                _rows.encode_record(top, reference, seq, want)
                _write.encode_record(top, reference, seq, got)
                assert got == want
                for name, rows in got.items():
                    columns = [c.name for c in tables[name].c]
                    assert all(list(row) == columns for row in rows), name
                if fast is not None:
                    quick: dict[str, list[Any]] = {t.name: [] for t in top.walk()}
                    _write.encode_record(top, fast(record), seq, quick)
                    assert {n: [_wire(r) for r in rs] for n, rs in quick.items()} == want


def test_the_sample_city_encodes_the_same_both_ways() -> None:
    _check_caseload(synthetic.sample_city(veterans=40))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(caseload=strategies.caseloads(max_veterans=4))
def test_hypothesis_caseloads_encode_the_same_both_ways(caseload: Caseload) -> None:
    _check_caseload(caseload)


def test_decimals_in_exponent_form_and_late_fields() -> None:
    city = synthetic.sample_city(veterans=5)
    placement = attrs.evolve(
        city.placements[0], monthly_wage=Money(amount=Decimal("5E+3")), weekly_hours=None
    )
    veteran = attrs.evolve(city.veterans[0], livelihoods=(), difficulty_recognised_on=None)
    _check_caseload(Caseload(placements=(placement,), veterans=(veteran,)))
    fast = io.fast_row_dict_encoder(type(veteran))
    assert fast is not None
    assert "personal" not in fast(veteran)
    assert "livelihoods" not in fast(veteran)
    assert io.fast_row_dict_encoder(KIND_CLASSES["instruments"]) is None  # tagged scales
