"""Writing a caseload to a database: one transaction, in batches."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any, Final, Literal

import attrs
import sqlalchemy as sa

from veteran_services import io
from veteran_services._checks import checked
from veteran_services._gc import paused_gc
from veteran_services._version import __version__
from veteran_services.errors import InvalidInputError, RecordError, RecordProblem
from veteran_services.io import KIND_CLASSES, SCHEMA_VERSION
from veteran_services.model import Caseload
from veteran_services.sql._engine import (
    EngineLike,
    database_error,
    existing_tables,
    open_engine,
    shown,
    stored_version,
    table_of,
    version_table,
    write_transaction,
)
from veteran_services.sql._fastrows import RowEncoder
from veteran_services.sql._layout import TableLayout, _metadata, layout
from veteran_services.sql._migrate import stamp_head
from veteran_services.sql._read import check_version, read_keys
from veteran_services.sql._rows import key_text, unstorable

__all__ = ["MODES", "IdClashError", "WriteSummary", "write_caseload"]

Mode = Literal["create", "append", "merge", "replace"]
#: The ways :func:`write_caseload` writes.
MODES: Final = ("create", "append", "merge", "replace")
#: How many keys go into one ``IN (...)`` list.
_KEY_CHUNK: Final = 500
#: The fields that identify an earnings record (which has no id) when merging.
_EARNINGS_CELL: Final = ("veteran_id", "employer_id", "quarter")


class IdClashError(RecordError):
    """Records whose ids the database already holds (``append``), or that the caseload
    itself uses twice; nothing was written. Each problem names the table and the id."""


@attrs.frozen(kw_only=True)
class WriteSummary:
    """What :func:`write_caseload` did, per record kind.

    Attributes:
        mode: The mode written with.
        inserted: Records added, per kind.
        updated: Records replaced by a different version of themselves (``merge``).
        unchanged: Records the database already held as they are (``merge``).
        url: The database written to, its password hidden.
    """

    mode: str
    inserted: Mapping[str, int]
    updated: Mapping[str, int]
    unchanged: Mapping[str, int]
    url: str

    @property
    def changed(self) -> int:
        """How many records were added or replaced."""
        return sum(self.inserted.values()) + sum(self.updated.values())


def _check_arguments(caseload: object, mode: object, batch_size: object) -> None:
    if not isinstance(caseload, Caseload):
        msg = f"'caseload' must be a Caseload, got a {type(caseload).__name__}"
        raise InvalidInputError("caseload", msg)
    if mode not in MODES:
        msg = f"'mode' must be one of {', '.join(repr(m) for m in MODES)}, got {mode!r}"
        raise InvalidInputError("mode", msg)
    if type(batch_size) is not int or batch_size < 1:
        msg = f"'batch_size' must be a whole number of at least 1, got {batch_size!r}"
        raise InvalidInputError("batch_size", msg)


@checked
def write_caseload(
    caseload: Caseload,
    engine: EngineLike,
    *,
    mode: Mode = "create",
    schema: str | None = None,
    include_personal: bool = False,
    batch_size: int = 2000,
) -> WriteSummary:
    """Write *caseload* to a database, all or nothing, in one transaction.

    Modes:

    - ``"create"``: create the tables (:func:`metadata`) and write; refused if the database
      already has any of them.
    - ``"append"``: add the records to the tables; if any id is already there (or the
      caseload uses one twice) nothing is written and :class:`IdClashError` names every
      clash.
    - ``"merge"``: an upsert by id (earnings by veteran, employer and quarter): new records
      are added, records that differ from the stored ones replace them, equal ones are left;
      the summary counts each.
    - ``"replace"``: delete every stored record and write the caseload (the tables are
      created if missing).

    Writers take turns: a write locks the ``schema_version`` row (SQLite: the database) for
    its transaction, so two concurrent ``append`` writers with clashing ids do not both
    succeed; the second sees the first's records and reports the clash. A failure at any
    point (a refused row in the last batch, a lost connection, a killed process) leaves the
    database as it was.

    Args:
        caseload: The records to write.
        engine: An SQLAlchemy engine, or a database URL (``sqlite:///caseload.db``,
            ``postgresql://user@host/db``; psycopg 3 is the PostgreSQL driver).
        mode: How to write (above).
        schema: The database schema holding the tables (PostgreSQL); None for the default.
        include_personal: Write veterans' personal details (left out unless asked for).
        batch_size: Records per batch of inserted rows.

    Returns:
        What was written, per kind.

    Raises:
        InvalidInputError: for a bad argument, a mode the database's state refuses, or a
            database at another schema version.
        IdClashError: for ids already stored (``append``) or used twice by the caseload.
        RecordError: when the database refuses a row (naming its message).
    """
    _check_arguments(caseload, mode, batch_size)
    with open_engine(engine) as bound:
        url = bound.url
        try:
            with write_transaction(bound) as connection, paused_gc():
                writer = _Writer(connection, schema, include_personal, batch_size)
                writer.prepare(mode, shown(url))
                for kind in KIND_CLASSES:
                    writer.write_kind(kind, caseload.records(kind), mode)
                if writer.clashes:
                    raise IdClashError(writer.clashes)
        except sa.exc.IntegrityError as error:
            message = database_error(error, url)
            problem = f"{shown(url)}: the database refused a row, nothing was written: {message}"
            raise RecordError([problem], source=shown(url)) from None
        except sa.exc.SQLAlchemyError as error:
            message = database_error(error, url)
            msg = f"'engine': writing to {shown(url)} failed, nothing was written: {message}"
            raise InvalidInputError("engine", msg) from None
    return WriteSummary(
        mode=mode,
        inserted=dict(writer.inserted),
        updated=dict(writer.updated),
        unchanged=dict(writer.unchanged),
        url=shown(url),
    )


class _Writer:
    def __init__(
        self, connection: sa.Connection, schema: str | None, personal: bool, batch: int
    ) -> None:
        self.connection = connection
        self.schema = schema
        self.personal = personal
        self.batch = batch
        self.nul = connection.dialect.name == "postgresql"
        #: PostgreSQL through psycopg 3 writes rows with COPY (measured faster), others with
        #: executemany
        self.copy = (
            connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg"
        )
        self.inserted: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        self.unchanged: Counter[str] = Counter()
        #: the ids already stored (``append``), reported together once every kind is checked
        self.clashes: list[RecordProblem] = []

    def prepare(self, mode: str, where: str) -> None:
        connection = self.connection
        version = stored_version(connection, self.schema)
        if mode == "create" or (mode == "replace" and version is None):
            present = existing_tables(connection, self.schema)
            if present:
                msg = (
                    f"'mode': {where} already has caseload tables ({', '.join(present[:4])}"
                    f"{', ...' if len(present) > 4 else ''}) and 'create' never writes over "
                    "them; use mode='append', 'merge' or 'replace'"
                )
                raise InvalidInputError("mode", msg)
            _metadata(self.schema).create_all(connection)
            stamp_head(connection, self.schema)
            connection.execute(
                sa.insert(version_table(self.schema)).values(
                    id=1, version=SCHEMA_VERSION, library_version=__version__, updated_at=_now()
                )
            )
            return
        if version is None:
            msg = (
                f"'mode': {where} has no caseload tables to {mode} to; write it with "
                "mode='create' first"
            )
            raise InvalidInputError("mode", msg)
        check_version(version, where)
        # the lock that makes writers take turns (SQLite's is BEGIN IMMEDIATE)
        connection.execute(
            sa.update(version_table(self.schema)).values(
                library_version=__version__, updated_at=_now()
            )
        )
        if mode == "replace":
            for table in reversed(_metadata(self.schema).sorted_tables):
                if table.name != "schema_version":
                    connection.execute(sa.delete(table))

    # --- one kind ---

    def write_kind(self, kind: str, records: Sequence[Any], mode: str) -> None:
        if not records:
            return
        top = layout(kind)
        if kind == "earnings":
            if mode == "merge":
                self.merge_earnings(top, records)
            else:
                self.insert(top, records, self.next_seq(top))
            return
        keys = [_key_of(top, r) for r in records]
        twice = [k for k, n in Counter(keys).items() if n > 1]
        if twice:
            problems = [
                RecordProblem(
                    f"{kind} {key_text(top.key, k)}: is used more than once in the caseload",
                    file=kind,
                    row=key_text(top.key, k),
                    message="is used more than once in the caseload",
                )
                for k in twice
            ]
            raise IdClashError(problems)
        stored = self.stored_seqs(top, keys) if mode in ("append", "merge") else {}
        if mode == "append" and stored:
            self.clashes.extend(
                RecordProblem(
                    f"{kind} {key_text(top.key, k)}: is already in the database; nothing was "
                    "written (use mode='merge' to update stored records)",
                    file=kind,
                    row=key_text(top.key, k),
                    message="is already in the database",
                )
                for k in keys
                if k in stored
            )
        if self.clashes:  # a clash already: the other kinds are checked, nothing is written
            return
        if mode != "merge" or not stored:
            self.insert(top, records, self.next_seq(top))
            return
        old = read_keys(self.connection, self.schema, kind, list(stored))
        fresh: list[Any] = []
        changed: list[tuple[Any, int]] = []
        for key, record in zip(keys, records, strict=True):
            if key not in stored:
                fresh.append(record)
            elif old.get(key) == record:
                self.unchanged[kind] += 1
            else:
                changed.append((record, stored[key]))
        if changed:
            self.delete(top, [_key_of(top, r) for r, _ in changed])
            self.insert(top, [r for r, _ in changed], [s for _, s in changed], counter=self.updated)
        if fresh:
            self.insert(top, fresh, self.next_seq(top))

    def merge_earnings(self, top: TableLayout, records: Sequence[Any]) -> None:
        table = table_of(self.schema, top)
        cells: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
        for record in records:
            cells[(record.veteran_id, record.employer_id, str(record.quarter))].append(record)
        columns = [table.c[name] for name in _EARNINGS_CELL]
        stored: dict[tuple[Any, ...], list[int]] = defaultdict(list)
        for chunk in _chunks(list(cells), _KEY_CHUNK):
            query = sa.select(*columns, table.c.seq).where(sa.tuple_(*columns).in_(chunk))
            for row in self.connection.execute(query):
                stored[tuple(row[:3])].append(row[3])
        seqs_stored = sorted(s for v in stored.values() for s in v)
        old = read_keys(self.connection, self.schema, "earnings", [(s,) for s in seqs_stored])
        fresh: list[Any] = []
        for cell, group in cells.items():
            seqs = sorted(stored.get(cell, []))
            if not seqs:
                fresh.extend(group)
            elif [old.get((s,)) for s in seqs] == group:
                self.unchanged["earnings"] += len(group)
            else:
                self.delete(top, [(s,) for s in seqs])
                self.insert(top, group, self.next_seq(top), counter=self.updated)
        if fresh:
            self.insert(top, fresh, self.next_seq(top))

    # --- statements ---

    def stored_seqs(self, top: TableLayout, keys: list[tuple[Any, ...]]) -> dict[Any, int]:
        table = table_of(self.schema, top)
        columns = [table.c[name] for name in top.key]
        found: dict[Any, int] = {}
        for chunk in _chunks(keys, _KEY_CHUNK):
            if len(columns) == 1:
                condition = columns[0].in_([k[0] for k in chunk])
            else:
                condition = sa.tuple_(*columns).in_(chunk)
            for row in self.connection.execute(sa.select(*columns, table.c.seq).where(condition)):
                found[tuple(row[: len(columns)])] = row[len(columns)]
        return found

    def next_seq(self, top: TableLayout) -> Iterator[int]:
        table = table_of(self.schema, top)
        last = self.connection.execute(sa.select(sa.func.max(table.c.seq))).scalar()
        start = 0 if last is None else int(last) + 1
        return iter(range(start, 2**62))

    def delete(self, top: TableLayout, keys: list[tuple[Any, ...]]) -> None:
        for table_layout in reversed(list(top.walk())):
            table = table_of(self.schema, table_layout)
            names = table_layout.top_key if table_layout.parent is None else table_layout.owner
            columns = [table.c[n] for n in names[: len(top.key)]]
            for chunk in _chunks(keys, _KEY_CHUNK):
                if len(columns) == 1:
                    condition = columns[0].in_([k[0] for k in chunk])
                else:
                    condition = sa.tuple_(*columns).in_(chunk)
                self.connection.execute(sa.delete(table).where(condition))

    def insert(
        self,
        top: TableLayout,
        records: Sequence[Any],
        seqs: Iterable[int],
        counter: Counter[str] | None = None,
    ) -> None:
        tables = {t.name: table_of(self.schema, t) for t in top.walk()}
        seq_iter = iter(seqs)
        # the fast extra: msgspec's to_builtins and the converter's rules (io), else cattrs
        fast = io.fast_row_dict_encoder(KIND_CLASSES[top.kind], include_personal=self.personal)
        for batch in _chunks(list(records), self.batch):
            rows: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
            for record in batch:
                try:
                    data = fast(record)
                except Exception:  # no fast extra, or a record it does not take: cattrs
                    data = io.to_dict(record, include_personal=self.personal)
                encode_record(top, data, next(seq_iter), rows)
            if not self.copy:
                self.refuse_unstorable(top, rows)
                for name, table in tables.items():
                    if rows[name]:
                        self.connection.execute(sa.insert(table), rows[name])
                continue
            try:
                for name, table in tables.items():
                    if rows[name]:
                        self.copy_rows(table, rows[name])
            except sa.exc.DataError:
                # what no column holds (a NUL in text, a whole number beyond 64 bits) makes
                # COPY fail: only then are the batch's rows searched for it, to name it
                self.refuse_unstorable(top, rows)
                raise
        (self.inserted if counter is None else counter)[top.kind] += len(records)

    def refuse_unstorable(self, top: TableLayout, rows: dict[str, list[dict[str, Any]]]) -> None:
        """Raise :class:`RecordError` naming every value of *rows* no column can hold."""
        problems = [
            problem
            for table_layout in top.walk()
            for problem in unstorable(table_layout, rows[table_layout.name], nul=self.nul)
        ]
        if problems:
            raise RecordError(problems)

    def copy_rows(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        """The rows into *table* with PostgreSQL's ``COPY ... FROM STDIN`` (psycopg sends the
        values apart from the statement, which names only the table and its columns): 3-4×
        as fast as executemany (benchmarks/README.md, "Databases")."""
        preparer = self.connection.dialect.identifier_preparer
        names = [column.name for column in table.c]
        columns = ", ".join(preparer.quote(name) for name in names)
        statement = f"COPY {preparer.format_table(table)} ({columns}) FROM STDIN"
        driver = self.connection.connection.driver_connection
        assert driver is not None  # noqa: S101 - an open connection  # nosec B101
        try:
            with driver.cursor() as cursor, cursor.copy(statement) as copy:
                write = copy.write_row
                for row in rows:  # every column, in the table's order (RowEncoder)
                    write(tuple(row.values()))
        except Exception as error:
            dbapi = self.connection.dialect.loaded_dbapi
            if isinstance(error, dbapi.Error):
                raise sa.exc.DBAPIError.instance(
                    statement, None, error, dbapi.Error, dialect=self.connection.dialect
                ) from None
            raise


def encode_record(
    top: TableLayout, data: Mapping[str, Any], seq: int, out: dict[str, list[Any]]
) -> None:
    """Add the rows of one record's dict to *out*: every column of each row, in its table's
    order (what :func:`veteran_services.sql._rows.encode_record` gives, by a generated
    function)."""
    _row_encoder(top).encode(data, seq, out)


@cache
def _row_encoder(top: TableLayout) -> RowEncoder:
    """The generated row encoder of a record kind (its tables' columns are the same in
    every schema)."""
    return RowEncoder(top, {t.name: [c.name for c in table_of(None, t).c] for t in top.walk()})


def _key_of(top: TableLayout, record: Any) -> tuple[Any, ...]:
    return tuple(getattr(record, name) for name in top.key)


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
