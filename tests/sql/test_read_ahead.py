"""PostgreSQL reads: rows straight from the driver, and the next chunk fetched while one is
decoded (issue 24).

- the driver's rows, with ``NUMERIC`` and ``DATE`` loaded as text, hold exactly what
  SQLAlchemy's result processing gives, for every table of the sample city and for values at
  the edges (``NaN``, tiny and huge numbers, trailing zeros, years 1 and 9999, a date past
  the year 9999 giving the same error as before);
- a read with its chunks fetched in the background gives the same records and problems as a
  read in turn; a chunk that fails there raises the same error, and the connection goes back
  and the thread ends; an error while decoding stops the thread too;
- every chunk sees the snapshot of the read's start, whatever is committed meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

sa = pytest.importorskip("sqlalchemy")
pytest.importorskip("psycopg")

from veteran_services import synthetic  # noqa: E402
from veteran_services.errors import InvalidInputError, RecordError  # noqa: E402
from veteran_services.model import RECORD_KINDS, Caseload  # noqa: E402
from veteran_services.sql import _read, metadata, read_caseload, write_caseload  # noqa: E402
from veteran_services.sql._engine import fetch_all, read_transaction, wire_text_rows  # noqa: E402


@pytest.fixture(scope="module")
def city() -> Caseload:
    # more records of some kinds than a chunk holds, so that chunks are fetched ahead
    return synthetic.sample_city(veterans=120)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_read, "_READ_CHUNK", 40)


def _same(left: Caseload, right: Caseload) -> None:
    for kind in RECORD_KINDS:
        assert left.records(kind) == right.records(kind), kind


@contextmanager
def _serial(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Reads fetch and decode in turn (no thread), as before issue 24's read-ahead."""
    fetching = _read._fetching

    def in_turn(readers: Any, conditions: Any, *, ahead: bool) -> Any:
        return fetching(readers, conditions, ahead=False)

    with monkeypatch.context() as patch:
        patch.setattr(_read, "_fetching", in_turn)
        yield


def _threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "veteran-services-sql-read"]


def test_driver_rows_are_what_sqlalchemy_gives(postgres_url: str, city: Caseload) -> None:
    write_caseload(city, postgres_url, include_personal=True)
    engine = sa.create_engine(postgres_url)
    try:
        with read_transaction(engine) as connection:
            for table in metadata().sorted_tables:
                query = sa.select(table).order_by(*table.primary_key.columns)
                expected = [tuple(row) for row in connection.execute(query).all()]
                with wire_text_rows(connection) as raw:
                    assert raw
                    got = fetch_all(connection, query, raw=True)
                assert [tuple(row) for row in got] == expected, table.name
                assert all(type(row) is tuple for row in got)
            # outside the block, the connection's queries are SQLAlchemy's again
            assert fetch_all(connection, query, raw=False) == connection.execute(query).all()
    finally:
        engine.dispose()


_EDGES = [
    "NUMERIC 'NaN'",
    "NUMERIC 'Infinity'",
    "NUMERIC '-5292.50'",
    "NUMERIC '0.00000000000000000001'",
    "NUMERIC '100000000000000000000000000000.000'",
    "NUMERIC '0'",
    "NUMERIC '-0.0'",
    "DATE '0001-01-01'",
    "DATE '0999-12-31'",
    "DATE '9999-12-31'",
    "DATE '2024-02-29'",
    "NULL::DATE",
    "NULL::NUMERIC",
]


@pytest.mark.parametrize("value", _EDGES)
def test_edge_values_are_what_sqlalchemy_gives(postgres_url: str, value: str) -> None:
    from veteran_services.sql._types import WireDate, WireDecimal

    kind = WireDate() if "DATE" in value else WireDecimal()
    query = sa.select(sa.literal_column(value, type_=kind).label("v"))
    engine = sa.create_engine(postgres_url)
    try:
        with read_transaction(engine) as connection:
            expected = connection.execute(query).all()
            with wire_text_rows(connection):
                got = fetch_all(connection, query, raw=True)
            assert [tuple(r) for r in got] == [tuple(r) for r in expected]
    finally:
        engine.dispose()


@pytest.mark.parametrize("value", ["DATE '10000-01-01'", "DATE 'infinity'", "DATE '0044-03-15 BC'"])
def test_a_date_python_cannot_hold_fails_as_before(postgres_url: str, value: str) -> None:
    from veteran_services.sql._types import WireDate

    query = sa.select(sa.literal_column(value, type_=WireDate()).label("v"))
    engine = sa.create_engine(postgres_url)
    try:
        with read_transaction(engine) as connection, pytest.raises(sa.exc.DataError) as before:
            connection.execute(query).all()
        with (
            read_transaction(engine) as connection,
            wire_text_rows(connection),
            pytest.raises(sa.exc.DataError) as now,
        ):
            fetch_all(connection, query, raw=True)
        assert str(now.value.orig) == str(before.value.orig)
    finally:
        engine.dispose()


def test_a_non_iso_datestyle_still_gives_iso_text(postgres_url: str) -> None:
    from veteran_services.sql._types import WireDate

    query = sa.select(sa.literal_column("DATE '2024-03-05'", type_=WireDate()).label("v"))
    engine = sa.create_engine(postgres_url)
    try:
        for style in ("SQL, DMY", "German", "Postgres, MDY"):
            with read_transaction(engine) as connection:
                connection.exec_driver_sql(f"SET LOCAL DateStyle = '{style}'")
                with wire_text_rows(connection):
                    assert fetch_all(connection, query, raw=True) == [("2024-03-05",)]
    finally:
        engine.dispose()


def test_reading_ahead_gives_the_same_caseload(
    postgres_url: str, city: Caseload, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_caseload(city, postgres_url, include_personal=True)
    ahead = read_caseload(postgres_url)
    with _serial(monkeypatch):
        in_turn = read_caseload(postgres_url)
    _same(ahead, city)
    _same(in_turn, city)
    assert not _threads()


def test_reading_ahead_gives_the_same_problems(
    postgres_url: str, city: Caseload, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_caseload(city, postgres_url)
    engine = sa.create_engine(postgres_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "UPDATE responses SET answers_count = 99 WHERE seq IN (0, 41, 200)"
            )
    finally:
        engine.dispose()
    with pytest.raises(RecordError) as ahead:
        read_caseload(postgres_url)
    with _serial(monkeypatch), pytest.raises(RecordError) as in_turn:
        read_caseload(postgres_url)
    assert [str(p) for p in ahead.value.problems] == [str(p) for p in in_turn.value.problems]
    assert len(ahead.value.problems) == 3


def _failing_on(call: int, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The read's *call*-th query fails in the database (division by zero)."""
    calls = [0]

    def fetch(connection: Any, query: Any, *, raw: bool) -> Any:
        calls[0] += 1
        if calls[0] == call:
            query = sa.select(sa.literal_column("1 / 0"))
        return fetch_all(connection, query, raw=raw)

    monkeypatch.setattr(_read, "fetch_all", fetch)
    return calls


@pytest.mark.parametrize("call", [1, 2, 9])
def test_a_chunk_failing_in_the_background_raises_the_same_error(
    postgres_url: str,
    city: Caseload,
    small_chunks: None,
    monkeypatch: pytest.MonkeyPatch,
    call: int,
) -> None:
    write_caseload(city, postgres_url, include_personal=True)
    engine = sa.create_engine(postgres_url)
    try:
        _failing_on(call, monkeypatch)
        with pytest.raises(InvalidInputError) as ahead:
            read_caseload(engine)
        assert "division by zero" in str(ahead.value)
        assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        assert not _threads()
        _failing_on(call, monkeypatch)
        with _serial(monkeypatch), pytest.raises(InvalidInputError) as in_turn:
            read_caseload(engine)
        assert str(ahead.value) == str(in_turn.value)
        assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        # the engine's connection is fine afterwards
        monkeypatch.setattr(_read, "fetch_all", fetch_all)
        _same(read_caseload(engine), city)
    finally:
        engine.dispose()


def test_an_error_while_decoding_stops_the_thread(
    postgres_url: str, city: Caseload, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_caseload(city, postgres_url)
    fetched = [0]
    decode = _read._KindReader.decode

    def failing(self: Any, rows: Any, children: Any) -> Any:
        fetched[0] += 1
        if fetched[0] == 2:
            raise KeyboardInterrupt
        return decode(self, rows, children)

    monkeypatch.setattr(_read._KindReader, "decode", failing)
    engine = sa.create_engine(postgres_url)
    try:
        with pytest.raises(KeyboardInterrupt):
            read_caseload(engine)
        assert not _threads()
        assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    finally:
        engine.dispose()


def test_every_chunk_sees_the_snapshot_of_the_start(
    postgres_url: str, city: Caseload, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows deleted and changed by another connection while the read runs are read as they
    were when it began (one REPEATABLE READ transaction for every chunk)."""
    write_caseload(city, postgres_url, include_personal=True)
    other = sa.create_engine(postgres_url)
    decode = _read._KindReader.decode
    done = [False]

    def meddling(self: Any, rows: Any, children: Any) -> Any:
        if not done[0]:
            done[0] = True
            with other.begin() as connection:
                connection.exec_driver_sql("DELETE FROM responses_answers")
                connection.exec_driver_sql("UPDATE responses SET answers_count = NULL")
                connection.exec_driver_sql("DELETE FROM earnings")
        return decode(self, rows, children)

    monkeypatch.setattr(_read._KindReader, "decode", meddling)
    try:
        _same(read_caseload(postgres_url), city)
        assert done[0]
        monkeypatch.setattr(_read._KindReader, "decode", decode)
        after = read_caseload(postgres_url)
        assert not after.earnings
        assert not any(r.answers for r in after.responses)
    finally:
        other.dispose()
