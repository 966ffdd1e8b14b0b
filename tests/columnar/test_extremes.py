"""One record never stops the columnar path (issue 13, items 4, 6 and 8): caseloads moved to
either end of the calendar, and wages and hours at the bounds the model accepts, give the
object path's rates (on whole tables and per bucket on Dask) and scores, never an exception."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

pa = pytest.importorskip("pyarrow")

from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from veteran_services import Caseload, Quarter, metrics  # noqa: E402
from veteran_services.columnar import (  # noqa: E402
    employment_rate_after_exit,
    placement_rate,
    retention_with_same_employer,
    score_table,
    to_arrow,
    write_parquet,
)
from veteran_services.model import MAX_AMOUNT, MAX_DECIMAL_PLACES, Money  # noqa: E402
from veteran_services.model.caseload import RECORD_KINDS  # noqa: E402
from veteran_services.scoring import LabourMarket, score_caseload  # noqa: E402
from veteran_services.strategies import caseloads  # noqa: E402

MARKET = LabourMarket.nanjing()
#: The largest amount a record may hold.
TOP = MAX_AMOUNT - Decimal(10) ** -MAX_DECIMAL_PLACES
_LAST_QUARTER = 9999 * 4 + 3


def _walk(value: Any, visit: Any) -> Any:
    """*value* with every date and quarter in it (at any depth) replaced by ``visit(x)``."""
    if isinstance(value, date | Quarter):
        return visit(value)
    if attrs.has(type(value)):
        changes = {
            a.alias: _walk(getattr(value, a.name), visit)
            for a in attrs.fields(type(value))
            if a.init
        }
        return attrs.evolve(value, **changes)
    if isinstance(value, tuple):
        return tuple(_walk(v, visit) for v in value)
    if isinstance(value, frozenset):
        return frozenset(_walk(v, visit) for v in value)
    return value


def _quarter_number(q: Quarter) -> int:
    return q.year * 4 + q.quarter - 1


def _moved(caseload: Caseload, to_end: bool, slack: int) -> Caseload:
    """*caseload* with every date moved by one number of days (and every quarter by one
    number of quarters) so that its latest date lies *slack* days before 9999-12-31, or its
    earliest *slack* days after 0001-01-01: every order between dates is kept."""
    days: list[date] = []
    quarters: list[int] = []

    def collect(x: date | Quarter) -> date | Quarter:
        if isinstance(x, date):
            days.append(x)
        else:
            quarters.append(_quarter_number(x))
        return x

    records = {kind: caseload.records(kind) for kind in RECORD_KINDS}
    _walk(tuple(records.values()), collect)
    if not days:
        return caseload
    if to_end:
        shift = (date.max - max(days)).days - slack
    else:
        shift = -((min(days) - date.min).days - slack)
    step = shift // 92
    if quarters:  # quarters stay inside 0001Q1..9999Q4
        step = min(step, _LAST_QUARTER - max(quarters)) if to_end else max(step, 4 - min(quarters))

    def move(x: date | Quarter) -> date | Quarter:
        if isinstance(x, date):
            return x + timedelta(days=shift)
        index = _quarter_number(x) + step
        return Quarter(year=index // 4, quarter=index % 4 + 1)

    return caseload.replace(**{kind: _walk(rs, move) for kind, rs in records.items()})


def _tables(caseload: Caseload) -> dict[str, Any]:
    tables = to_arrow(caseload.replace(responses=()))
    collected = pa.array([r.collected_on for r in caseload.responses], pa.date32())
    tables["responses"] = pa.table({"collected_on": collected})
    return tables


_EXIT_KINDS = ("veterans", "enrolments", "placements", "earnings")


@settings(max_examples=40, deadline=None)
@given(
    caseloads(max_veterans=5),
    st.booleans(),
    st.integers(0, 400),
    st.sampled_from(["placement", "employment", "retention"]),
    st.booleans(),
    st.booleans(),
)
def test_rates_at_the_ends_of_the_calendar_are_the_object_paths(
    caseload: Caseload, to_end: bool, slack: int, rate: str, flag: bool, with_date: bool
) -> None:
    """Spec: windows and outcome quarters that run past 9999-12-31 exclude their units with
    the object path's reason; dates near 0001-01-01 count like any others; nothing raises."""
    moved = _moved(caseload, to_end, slack)
    tables = _tables(moved)
    as_of = date.max if with_date and to_end else None
    arguments: dict[str, Any] = {"as_of": as_of}
    if rate == "placement":
        arguments["anchor"] = "separation" if flag else "registration"
        expected = metrics.placement_rate(moved, **arguments)
        got = placement_rate(
            tables["veterans"], tables["placements"], ventures=tables["ventures"], **arguments
        )
    else:
        arguments["rule"] = "contacts" if flag else "enrolments"
        extra = {"contacts": tables["contacts"], "responses": tables["responses"]}
        objects, columns = (
            (metrics.employment_rate_after_exit, employment_rate_after_exit)
            if rate == "employment"
            else (metrics.retention_with_same_employer, retention_with_same_employer)
        )
        expected = objects(moved, **arguments)
        got = columns(
            *(tables[k] for k in _EXIT_KINDS), ventures=tables["ventures"], **extra, **arguments
        )
    assert got == expected


def test_a_window_past_the_calendar_is_excluded_with_the_reason(city: Caseload) -> None:
    """Veterans registered in the last months of 9999: their six-month windows cannot be
    observed, on the object path and here, with or without an evaluation date."""
    moved = _moved(city.replace(veterans=city.veterans[:60]), True, 20)
    tables = _tables(moved)
    for as_of in (None, date.max):
        expected = metrics.placement_rate(moved, as_of=as_of)
        got = placement_rate(tables["veterans"], tables["placements"], as_of=as_of)
        assert got == expected
        reasons = set(got.excluded.values())
        assert any("runs past 9999-12-31" in reason for reason in reasons)


def test_rates_per_bucket_at_the_end_of_the_calendar(city: Caseload) -> None:
    """The Dask functions add the buckets' counts and exclusions up to the same estimate."""
    pytest.importorskip("dask")
    from veteran_services.columnar.distributed import (
        employment_rate_after_exit_dataset,
        placement_rate_dataset,
        retention_with_same_employer_dataset,
    )

    moved = _moved(city.replace(veterans=city.veterans[:80]), True, 20)
    moved = moved.replace(responses=[attrs.evolve(r, answers=()) for r in moved.responses])
    with tempfile.TemporaryDirectory() as directory:
        folder = write_parquet(moved, Path(directory), partition_by="veteran", buckets=3)
        reasons: set[str] = set()
        for dataset, objects in (
            (placement_rate_dataset, metrics.placement_rate),
            (employment_rate_after_exit_dataset, metrics.employment_rate_after_exit),
            (retention_with_same_employer_dataset, metrics.retention_with_same_employer),
        ):
            got = dataset(folder).compute(scheduler="sync")
            assert got == objects(moved)
            reasons.update(got.excluded.values())
    assert any("runs past 9999-12-31" in reason for reason in reasons)


# --- scoring at the bounds ----------------------------------------------------------------------

AMOUNTS = (TOP, Decimal(0), Decimal("0.0001"), Decimal("999999999999999"), Decimal("2280"))
HOURS = (None, Decimal(0), Decimal("0.01"), Decimal("40"), Decimal(168))


@settings(max_examples=40, deadline=None)
@given(
    caseloads(max_veterans=4),
    st.data(),
    st.booleans(),
    st.integers(0, 400),
)
def test_scores_at_the_bounds_are_the_object_paths(
    caseload: Caseload, data: st.DataObject, to_end: bool, slack: int
) -> None:
    """Spec: wages up to the largest amount, hours from 0 to 168 and dates at either end of the
    calendar (before the market tables: no_market_data) score as on the object path."""
    answers = [a.value for r in caseload.responses for a in r.answers]
    assume(all(-(2**63) <= v < 2**63 for v in answers if type(v) is int))
    placements = []
    for placement in caseload.placements:
        amount = data.draw(st.sampled_from(AMOUNTS))
        wage = placement.monthly_wage
        placements.append(
            attrs.evolve(
                placement,
                monthly_wage=Money(amount=amount, currency=wage.currency if wage else "CNY"),
                weekly_hours=data.draw(st.sampled_from(HOURS)),
            )
        )
    moved = _moved(caseload.replace(placements=placements), to_end, slack)
    as_of = date.max if to_end else date(2026, 6, 30)
    expected = score_caseload(moved, market=MARKET, as_of=as_of)
    tables = to_arrow(moved)
    got = score_table(
        tables["placements"],
        employers=tables["employers"],
        programmes=tables["programmes"],
        enrolments=tables["enrolments"],
        responses=tables["responses"],
        instruments=tables["instruments"],
        market=MARKET,
        as_of=as_of,
    )
    rows = {row["placement_id"]: row for row in got.to_pylist()}
    for score in expected:
        row = rows[score.placement_id]
        assert row["reason"] == score.reason_code
        assert _near(row["value"], score.value)
        assert _near(row["completeness"], score.completeness)
        for c in score.components:
            assert _near(row[f"{c.name}.normalised"], c.normalised), c.name
            # raw ratios of the largest wages are near 10^12: float against Decimal, relatively
            assert _near(row[f"{c.name}.raw"], c.raw), c.name
        flags = {flag.value for flag in score.flags}
        assert {k[5:] for k, v in row.items() if k.startswith("flag.") and v} == flags


def _near(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return abs(got - want) <= 1e-9 * max(1.0, abs(want))
