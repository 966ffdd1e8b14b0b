"""The database reader's fast path (the ``fast`` extra) against its cattrs path.

Records and problems must be the same either way: the fast path only ever accepts a row,
and any row it does not take is read again by the cattrs path, which reports it.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings

sa = pytest.importorskip("sqlalchemy")
pytest.importorskip("msgspec")

from veteran_services import strategies, synthetic  # noqa: E402
from veteran_services.errors import InvalidInputError, RecordError  # noqa: E402
from veteran_services.model import RECORD_KINDS, Caseload  # noqa: E402
from veteran_services.sql import iter_records, read_caseload, write_caseload  # noqa: E402
from veteran_services.sql._fastrows import Slow  # noqa: E402
from veteran_services.sql._read import _KindReader  # noqa: E402

from .test_database import _storable  # noqa: E402


@pytest.fixture(scope="module")
def city() -> Caseload:
    return synthetic.sample_city(veterans=60)


def _same(left: Caseload, right: Caseload) -> None:
    for kind in RECORD_KINDS:
        assert left.records(kind) == right.records(kind), kind


def _outcome(url: str, *, fast: bool) -> Any:
    """The caseload read, or the problems of the RecordError raised."""
    try:
        return read_caseload(url, fast=fast)
    except RecordError as error:
        return [(str(p), p.file, p.row, p.column, p.path) for p in error.problems]


def _both(url: str) -> Any:
    fast, slow = _outcome(url, fast=True), _outcome(url, fast=False)
    if isinstance(slow, Caseload):
        assert isinstance(fast, Caseload)
        _same(fast, slow)
    else:
        assert fast == slow
    return slow


def test_the_fast_path_builds_the_records(db_url: str, city: Caseload) -> None:
    write_caseload(city, db_url, include_personal=True)
    _same(read_caseload(db_url, fast=True), city)
    _same(read_caseload(db_url, fast=False), city)
    # every record went the fast way: none fell back to the cattrs path
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            for kind in RECORD_KINDS:
                reader = _KindReader(connection, None, kind, fast=True)
                groups, rows = _rows(reader)
                for row in rows:
                    reader.plan.record(row, reader.plan.key(row), groups)  # never Slow
    finally:
        engine.dispose()


def _rows(reader: _KindReader) -> Any:
    """Every row of the reader's table, and their child rows."""
    rows = reader.connection.execute(sa.select(reader.table).order_by(reader.table.c.seq)).all()
    return reader.child_rows([]), rows


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(caseload=strategies.caseloads(max_veterans=4))
def test_hypothesis_caseloads_read_the_same_both_ways(db_url: str, caseload: Caseload) -> None:
    assume(_storable(caseload, db_url))
    write_caseload(caseload, db_url, mode="replace", include_personal=True)
    _same(read_caseload(db_url, fast=True), caseload)
    _same(read_caseload(db_url, fast=False), caseload)


#: Rows changed behind the library's back, each a problem (or a trap for a lax fast path).
_TAMPERED = [
    # a decimal off the wire pattern (SQLite keeps the text as given)
    ("sqlite", "UPDATE placements SET monthly_wage_amount = '1E+3' WHERE seq = 0"),
    ("sqlite", "UPDATE placements SET weekly_hours = ' 40' WHERE seq = 1"),
    ("sqlite", "UPDATE placements SET monthly_wage_amount = '-0.00' WHERE seq = 2"),
    ("sqlite", "UPDATE placements SET weekly_hours = 40 WHERE seq = 3"),
    # a date msgspec might read more leniently
    ("sqlite", "UPDATE placements SET started_on = '20240101' WHERE seq = 0"),
    ("sqlite", "UPDATE placements SET started_on = '2024-02-30' WHERE seq = 1"),
    ("sqlite", "UPDATE placements SET started_on = '2024-01-01T00:00' WHERE seq = 2"),
    # a float that is not finite
    ("postgresql", "UPDATE responses SET weight = 'NaN' WHERE seq = 0"),
    ("postgresql", "UPDATE responses SET weight = 'Infinity' WHERE seq = 1"),
    ("postgresql", "UPDATE placements SET monthly_wage_amount = 'NaN' WHERE seq = 0"),
    # a wrong type in a column SQLite does not type
    ("sqlite", "UPDATE placements SET contract_months = 'six' WHERE seq = 0"),
    ("sqlite", "UPDATE placements SET contract_months = 6.0 WHERE seq = 1"),
    ("sqlite", "UPDATE placements SET occupation = 2512 WHERE seq = 2"),
    # counts and child rows that disagree
    ("any", "UPDATE placements SET insurance_count = insurance_count + 1 WHERE seq = 0"),
    ("any", "UPDATE placements SET insurance_count = NULL WHERE insurance_count > 0"),
    ("any", "UPDATE veterans SET service_count = 0 WHERE seq = 0"),
    ("any", "UPDATE responses SET answers_count = 99 WHERE seq = 0"),
    # a presence column and its values that disagree
    ("any", "UPDATE veterans SET personal = FALSE WHERE seq = 0"),
    # an answer with two values, or none
    ("any", "UPDATE responses_answers SET value_text = 'x' WHERE value_integer IS NOT NULL"),
    # the model's own validators
    ("any", "UPDATE veterans_service SET disability_rating = 500 WHERE position = 0"),
    ("any", "UPDATE placements SET monthly_wage_currency = 'cny' WHERE seq = 0"),
    ("any", "UPDATE placements SET ended_on = '1990-01-01' WHERE seq = 0"),
    ("any", "UPDATE veterans SET id = 'V 1' WHERE seq = 0"),
]


@pytest.mark.parametrize(("dialect", "statement"), _TAMPERED)
def test_tampered_rows_give_the_same_problems(
    db_url: str, city: Caseload, dialect: str, statement: str
) -> None:
    if dialect != "any" and not db_url.startswith(dialect):
        pytest.skip(f"only {dialect} stores this")
    write_caseload(city, db_url, include_personal=True)
    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as connection:
            if db_url.startswith("sqlite"):
                connection.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
                connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            else:
                names = connection.exec_driver_sql(
                    "SELECT conrelid::regclass::text, conname FROM pg_constraint "
                    "WHERE contype IN ('c', 'f') AND conrelid <> 0 "
                    "AND connamespace = 'public'::regnamespace"
                ).all()
                for table, name in names:
                    connection.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            changed = connection.exec_driver_sql(statement).rowcount
    except sa.exc.DBAPIError as error:
        pytest.skip(f"the database refuses it: {error.orig}")
    finally:
        engine.dispose()
    assert changed, statement
    outcome = _both(db_url)
    assert not isinstance(outcome, Caseload) or "sqlite" in db_url


def test_streaming_reads_the_same_both_ways(db_url: str, city: Caseload) -> None:
    write_caseload(city, db_url)
    for kind in ("veterans", "placements", "earnings", "responses", "instruments"):
        fast = list(iter_records(db_url, kind, chunk_size=7, fast=True))
        slow = list(iter_records(db_url, kind, chunk_size=7, fast=False))
        assert fast == slow
        assert len(fast) == len(city.records(kind))


def test_a_row_the_fast_path_does_not_take_raises_slow(sqlite_url: str, city: Caseload) -> None:
    write_caseload(city, sqlite_url)
    engine = sa.create_engine(sqlite_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "UPDATE placements SET monthly_wage_amount = '1E+3' WHERE seq = 0"
            )
        with engine.connect() as connection:
            reader = _KindReader(connection, None, "placements", fast=True)
            groups, rows = _rows(reader)
            with pytest.raises(Slow):
                reader.plan.record(rows[0], reader.plan.key(rows[0]), groups)
    finally:
        engine.dispose()
    with pytest.raises(RecordError, match="monthly_wage_amount"):
        read_caseload(sqlite_url, fast=True)


def test_fast_is_checked(sqlite_url: str, city: Caseload) -> None:
    write_caseload(city, sqlite_url)
    with pytest.raises(InvalidInputError, match="'fast' must be True"):
        read_caseload(sqlite_url, fast="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="'fast' must be True"):
        iter_records(sqlite_url, "veterans", fast=1)  # type: ignore[arg-type]
