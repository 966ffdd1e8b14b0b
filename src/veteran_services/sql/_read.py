"""Reading records back from a database: filtered, in chunks, validated like a file."""

from __future__ import annotations

import queue
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Final

import sqlalchemy as sa

from veteran_services import io
from veteran_services._checks import checked
from veteran_services._gc import paused_gc
from veteran_services.errors import InvalidInputError, RecordError, RecordProblem
from veteran_services.io import KIND_CLASSES, SCHEMA_VERSION
from veteran_services.model import Caseload
from veteran_services.sql._engine import (
    EngineLike,
    database_error,
    fetch_all,
    open_engine,
    read_transaction,
    shown,
    stored_version,
    table_of,
    wire_text_rows,
)
from veteran_services.sql._fastrows import FastKind, Groups, Slow, TupleChildren
from veteran_services.sql._layout import TableLayout, layout
from veteran_services.sql._rows import decode_record, wire_paths

__all__ = ["check_version", "database_version", "iter_records", "read_caseload", "read_keys"]

#: How many records a chunk of :func:`read_caseload` holds (20,000 costs a little less CPU
#: than 5,000 or 2,000 with the chunks fetched ahead: fewer queries and hand-overs).
_READ_CHUNK: Final = 20000
_KEY_CHUNK: Final = 500

Where = Mapping[str, Any]


def check_version(version: int, where: str) -> None:
    """Refuse a database whose caseload tables are at another schema version."""
    if version < SCHEMA_VERSION:
        msg = (
            f"'engine': {where} holds caseload tables of schema version {version}, older than this "
            f"library's {SCHEMA_VERSION}; upgrade them first with "
            "veteran_services.sql.upgrade(engine) (or 'alembic upgrade head' with "
            "script_location = veteran_services.sql:migrations)"
        )
        raise InvalidInputError("engine", msg)
    if version > SCHEMA_VERSION:
        msg = (
            f"'engine': {where} holds caseload tables of schema version {version}, written by a "
            f"newer library (this one reads up to {SCHEMA_VERSION}); upgrade veteran-services"
        )
        raise InvalidInputError("engine", msg)


def _checked_version(connection: sa.Connection, schema: str | None, where: str) -> None:
    version = stored_version(connection, schema)
    if version is None:
        msg = (
            f"'engine': {where} holds no caseload tables (no schema_version table"
            f"{' in schema ' + repr(schema) if schema else ''}); write one with "
            "veteran_services.sql.write_caseload"
        )
        raise InvalidInputError("engine", msg)
    check_version(version, where)


def _value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | Decimal | str | int | float | bool) or value is None:
        return value
    return str(value)


def _filters(kind: str, table: sa.Table, where: Where | None) -> list[Any]:
    if where is None:
        return []
    conditions: list[Any] = []
    for name, value in where.items():
        if name not in table.c:
            columns = ", ".join(c.name for c in table.c)
            msg = f"'where': table {kind!r} has no column {name!r}; its columns: {columns}"
            raise InvalidInputError("where", msg)
        column = table.c[name]
        if value is None:
            conditions.append(column.is_(None))
        elif isinstance(value, Collection) and not isinstance(value, str | bytes):
            conditions.append(column.in_([_value(v) for v in value]))
        else:
            conditions.append(column == _value(value))
    return conditions


def _check_where(where: object) -> Where | None:
    if where is None:
        return None
    if not isinstance(where, Mapping) or not all(isinstance(k, str) for k in where):
        msg = (
            "'where' must map column names to a value or a list of values "
            f"({{'veteran_id': 'V000001'}}), got {where!r}"
        )
        raise InvalidInputError("where", msg)
    return where


def _check_kind(kind: object, argument: str = "kind") -> str:
    if not isinstance(kind, str) or kind not in KIND_CLASSES:
        msg = f"{argument!r} must be one of {', '.join(KIND_CLASSES)}, got {kind!r}"
        raise InvalidInputError(argument, msg)
    return kind


class _KindReader:
    """Reads one record kind's rows in chunks ordered by ``seq``, with their child rows.

    Rows come as tuples (with *raw*, inside :func:`~._engine.wire_text_rows`, straight from
    the driver's cursor); with *fast* (the ``fast`` extra) each record is built by its
    compiled plan and msgspec (:mod:`._fastrows`), and a record that path does not take is
    read again by the slow path (:func:`decode_record`), which reports its problems.
    Fetching (:meth:`fetched`) and decoding (:meth:`decode`) are apart, so that
    :func:`read_caseload` can fetch the next chunk while one is decoded.
    """

    def __init__(
        self,
        connection: sa.Connection,
        schema: str | None,
        kind: str,
        *,
        fast: bool = False,
        raw: bool = False,
    ) -> None:
        self.connection = connection
        self.kind = kind
        self.cls = KIND_CLASSES[kind]
        self.top = layout(kind)
        self.table = table_of(schema, self.top)
        self.children = [(t, table_of(schema, t)) for t in self.top.walk() if t.parent]
        self.paths = wire_paths(self.top)
        names = {t.name: [c.name for c in table_of(schema, t).c] for t in self.top.walk()}
        self.names = names
        self.raw = raw
        self.plan = FastKind(self.top, names, io.fast_dict_decoder(self.cls) if fast else None)
        self._seq = names[self.top.name].index("seq")
        #: the keys of the records of the last chunk decoded
        self.keys: list[tuple[Any, ...]] = []

    def chunks(self, conditions: list[Any], size: int) -> Iterator[tuple[list[Any], list[str]]]:
        """The records and problems of each chunk of *size* rows, fetched and decoded in turn."""
        for rows, children in self.fetched(conditions, size):
            with paused_gc():  # the records are acyclic (DESIGN §8); a streaming reader's
                # chunk is built with the collector paused, as read_caseload's whole read is
                chunk = self.decode(rows, children)
            yield chunk

    def fetched(
        self, conditions: list[Any], size: int
    ) -> Iterator[tuple[Sequence[Sequence[Any]], Groups]]:
        """The rows of each chunk of *size* records and their child rows, grouped."""
        after: int | None = None
        seq = self._seq
        while True:
            query = sa.select(self.table).where(*conditions)
            if after is not None:
                query = query.where(self.table.c.seq > after)
            with paused_gc():
                rows = fetch_all(
                    self.connection, query.order_by(self.table.c.seq).limit(size), raw=self.raw
                )
                if not rows:
                    return
                low, high = rows[0][seq], rows[-1][seq]
                span = [self.table.c.seq >= low, self.table.c.seq <= high, *conditions]
                children = self.child_rows(span)
            yield rows, children
            if len(rows) < size:
                return
            after = high

    def child_rows(self, conditions: list[Any]) -> Groups:
        found: Groups = {}
        for child, table in self.children:
            on = [table.c[f"owner_{name}"] == self.table.c[name] for name in self.top.key]
            query = (
                sa.select(table)
                .join(self.table, sa.and_(*on))
                .where(*conditions)
                .order_by(*(table.c[k] for k in child.key))
            )
            rows = fetch_all(self.connection, query, raw=self.raw)
            found[child.name] = self.plan.group(child.name, rows)
        return found

    def decode(
        self, rows: Sequence[Sequence[Any]], children: Groups
    ) -> tuple[list[Any], list[str]]:
        records: list[Any] = []
        problems: list[str] = []
        keys: list[tuple[Any, ...]] = []
        plan = self.plan
        slow: TupleChildren | None = None
        names = self.names[self.top.name]
        for row in rows:
            key = plan.key(row)
            try:
                records.append(plan.record(row, key, children))
            except Slow:
                if slow is None:
                    slow = TupleChildren(children, self.names)
                mapping = dict(zip(names, row, strict=True))
                try:
                    record = decode_record(self.top, self.cls, mapping, slow, self.paths)
                except RecordError as error:
                    problems.extend(error.problems)
                    continue
                records.append(record)
            keys.append(key)
        self.keys = keys
        return records, problems


class _Prefetch:
    """The chunks of a read fetched in a thread, up to *depth* ahead of their decoding.

    The thread runs every query of the read on the read's one connection, in its one
    transaction (so all chunks see the same snapshot, as a serial read does), and puts the
    fetched rows on a queue; the caller decodes them meanwhile. psycopg releases the GIL
    while it waits for the server, so the server's work overlaps the Python decoding. The
    connection is used by one thread at a time: the caller leaves it to the thread until
    :meth:`close`. An error in the thread is raised, the same object, where its chunk would
    have been given; :meth:`close` (always called) stops the thread and waits for it, before
    the transaction ends.
    """

    def __init__(self, jobs: Iterator[Any], depth: int = 2) -> None:
        self._queue: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(jobs,), name="veteran-services-sql-read", daemon=True
        )
        self._thread.start()

    def _run(self, jobs: Iterator[Any]) -> None:
        try:
            for job in jobs:
                if not self._put((True, job)):
                    return
        except BaseException as error:  # handed to the caller, who raises it
            self._put((False, error))
            return
        self._put((False, None))

    def _put(self, item: tuple[bool, Any]) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
            except queue.Full:
                continue
            return True
        return False

    def __iter__(self) -> Iterator[Any]:
        while True:
            ok, item = self._queue.get()
            if ok:
                yield item
            elif item is None:
                return
            else:
                raise item

    def close(self) -> None:
        """Stop the thread (after its current query) and wait for it."""
        self._stop.set()
        self._thread.join()


@contextmanager
def _fetching(
    readers: Mapping[str, _KindReader],
    conditions: Mapping[str, list[Any]],
    *,
    ahead: bool,
) -> Iterator[Iterable[tuple[str, Sequence[Sequence[Any]], Groups]]]:
    """Each kind's chunks (kind, rows, child rows), fetched ahead in a thread if *ahead*."""

    def jobs() -> Iterator[tuple[str, Sequence[Sequence[Any]], Groups]]:
        for kind, reader in readers.items():
            for rows, children in reader.fetched(conditions[kind], _READ_CHUNK):
                yield kind, rows, children

    if not ahead:
        yield jobs()
        return
    prefetch = _Prefetch(jobs())
    try:
        yield prefetch
    finally:
        prefetch.close()


def read_keys(
    connection: sa.Connection, schema: str | None, kind: str, keys: Sequence[tuple[Any, ...]]
) -> dict[tuple[Any, ...], Any]:
    """The stored records of *kind* with these keys (for merging), by key."""
    found: dict[tuple[Any, ...], Any] = {}
    with wire_text_rows(connection) as raw:
        reader = _KindReader(connection, schema, kind, fast=io.check_fast(None), raw=raw)
        top: TableLayout = reader.top
        columns = [reader.table.c[name] for name in top.key]
        for start in range(0, len(keys), _KEY_CHUNK):
            chunk = list(keys[start : start + _KEY_CHUNK])
            if len(columns) == 1:
                condition = columns[0].in_([k[0] for k in chunk])
            else:
                condition = sa.tuple_(*columns).in_(chunk)
            for records, problems in reader.chunks([condition], _KEY_CHUNK):
                if problems:
                    raise RecordError(problems)
                found.update(zip(reader.keys, records, strict=True))
    return found


def _kinds_for(where: Where | None, kinds: object) -> list[str]:
    if kinds is not None:
        if isinstance(kinds, str) or not isinstance(kinds, Collection):
            msg = f"'kinds' must be a list of record kinds such as ['placements'], got {kinds!r}"
            raise InvalidInputError("kinds", msg)
        chosen = [_check_kind(k, "kinds") for k in kinds]
        return [k for k in KIND_CLASSES if k in chosen]
    if where is None:
        return list(KIND_CLASSES)
    found = [
        kind
        for kind in KIND_CLASSES
        if all(name in table_of(None, layout(kind)).c for name in where)
    ]
    if not found:
        msg = (
            f"'where': no record kind has every column of {sorted(where)}; name the kinds to "
            "read with kinds=[...]"
        )
        raise InvalidInputError("where", msg)
    return found


@checked
def read_caseload(
    engine: EngineLike,
    *,
    where: Where | None = None,
    kinds: Collection[str] | None = None,
    schema: str | None = None,
    fast: bool | None = None,
) -> Caseload:
    """The caseload stored in a database by :func:`write_caseload` (or a part of it).

    Every row goes through the model's validation, as a file's lines do; all problems are
    reported together, each naming the table, the row's key and the column::

        placements id='P1' column monthly_wage_amount: must be a decimal number (got 'abc')

    The whole read is one transaction on one connection (``REPEATABLE READ`` on
    PostgreSQL, a read transaction on SQLite), so every chunk sees the records as they were
    when it began, whatever is committed meanwhile. On PostgreSQL the next chunk's queries
    run in a thread on that same connection while the current chunk is decoded (psycopg
    lets go of the GIL while it waits for the server): the server's work overlaps the
    decoding, no second connection or exported snapshot is needed, and an error there is
    raised here as it would have been in turn, after the thread has stopped. SQLite, whose
    queries are work of this process anyway, is read chunk after chunk.

    Args:
        engine: An SQLAlchemy engine or a database URL.
        where: Only the records whose columns have these values: ``{"veteran_id": "V1"}``,
            ``{"region": ["320102", "320104"]}`` (a list matches any of its values). The
            filter is part of the query: a veteran's records are read, not the whole
            database. Without *kinds*, the kinds whose table has every column named are read
            (``veteran_id``: enrolments, placements, earnings, contacts and responses).
        kinds: The record kinds to read (default: every kind, or those *where* fits).
        schema: The database schema holding the tables.
        fast: Build the records with msgspec (the ``fast`` extra): ``None`` (the default)
            when it is installed, ``True`` to insist, ``False`` for the cattrs path alone.
            Records and problems are the same either way: a row the fast path does not take
            is read again by the cattrs path, which reports its problems.

    Raises:
        InvalidInputError: for a bad argument, a database without caseload tables or at
            another schema version (the message names the command that upgrades it).
        RecordError: listing every problem of the rows read.
    """
    where = _check_where(where)
    chosen = _kinds_for(where, kinds)
    use_fast = io.check_fast(fast)
    with open_engine(engine) as bound:
        url = bound.url
        records: dict[str, list[Any]] = {}
        problems: list[str] = []
        try:
            with (
                read_transaction(bound) as connection,
                paused_gc(),
                wire_text_rows(connection) as raw,
            ):
                _checked_version(connection, schema, shown(url))
                readers = {
                    kind: _KindReader(connection, schema, kind, fast=use_fast, raw=raw)
                    for kind in chosen
                }
                conditions = {k: _filters(k, r.table, where) for k, r in readers.items()}
                records = {kind: [] for kind in chosen}
                # PostgreSQL: the next chunk is fetched while one is decoded (on the same
                # connection, in the same transaction); SQLite is read in turn
                with _fetching(readers, conditions, ahead=raw) as fetched:
                    for kind, rows, children in fetched:
                        chunk, chunk_problems = readers[kind].decode(rows, children)
                        records[kind].extend(chunk)
                        problems.extend(chunk_problems)
        except sa.exc.SQLAlchemyError as error:
            message = database_error(error, url)
            msg = f"'engine': reading {shown(url)} failed: {message}"
            raise InvalidInputError("engine", msg) from None
    if problems:
        raise RecordError([RecordProblem.of(p) for p in problems], source=shown(url))
    return Caseload(**{kind: tuple(found) for kind, found in records.items()})


@checked
def database_version(engine: EngineLike, *, schema: str | None = None) -> int | None:
    """The caseload schema version of a database's tables, or None if it has none.

    Args:
        engine: An SQLAlchemy engine or a database URL.
        schema: The database schema holding the tables.

    Raises:
        InvalidInputError: a bad argument, or a database that cannot be read.
    """
    with open_engine(engine) as bound:
        url = bound.url
        try:
            with read_transaction(bound) as connection:
                return stored_version(connection, schema)
        except sa.exc.SQLAlchemyError as error:
            message = database_error(error, url)
            msg = f"'engine': reading {shown(url)} failed: {message}"
            raise InvalidInputError("engine", msg) from None


@checked
def iter_records(
    engine: EngineLike,
    kind: str,
    *,
    chunk_size: int = 1000,
    where: Where | None = None,
    schema: str | None = None,
    fast: bool | None = None,
) -> Iterator[Any]:
    """The records of one kind, streamed *chunk_size* at a time in their stored order.

    Memory holds one chunk (its rows and their child rows), never the whole table; the
    chunks are read in one transaction, so they all see the same records. A chunk with
    problems raises :class:`~veteran_services.errors.RecordError` listing all of them
    (the records before it have been given).

    Args:
        engine: An SQLAlchemy engine or a database URL.
        kind: The record kind (``"placements"``).
        chunk_size: Records per query.
        where: Only the records whose columns have these values (as for
            :func:`read_caseload`).
        schema: The database schema holding the tables.
        fast: Build the records with msgspec (the ``fast`` extra), as for
            :func:`read_caseload`.
    """
    kind = _check_kind(kind)
    where = _check_where(where)
    use_fast = io.check_fast(fast)
    if type(chunk_size) is not int or chunk_size < 1:
        msg = f"'chunk_size' must be a whole number of at least 1, got {chunk_size!r}"
        raise InvalidInputError("chunk_size", msg)
    return _iterate(engine, kind, chunk_size, where, schema, use_fast)


def _iterate(
    engine: EngineLike,
    kind: str,
    chunk_size: int,
    where: Where | None,
    schema: str | None,
    fast: bool,
) -> Iterator[Any]:
    with open_engine(engine) as bound:
        url = bound.url
        try:
            with read_transaction(bound) as connection, wire_text_rows(connection) as raw:
                _checked_version(connection, schema, shown(url))
                reader = _KindReader(connection, schema, kind, fast=fast, raw=raw)
                conditions = _filters(kind, reader.table, where)
                for records, problems in reader.chunks(conditions, chunk_size):
                    if problems:
                        raise RecordError(problems, source=shown(url))
                    yield from records
        except sa.exc.SQLAlchemyError as error:
            message = database_error(error, url)
            msg = f"'engine': reading {shown(url)} failed: {message}"
            raise InvalidInputError("engine", msg) from None
