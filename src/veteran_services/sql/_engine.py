"""Engines and URLs, transactions, and keeping a URL's password out of every message."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final

import sqlalchemy as sa

from veteran_services.errors import InvalidInputError
from veteran_services.sql._layout import SCHEMA_VERSION_TABLE, TableLayout, _metadata

__all__ = [
    "EngineLike",
    "fetch_all",
    "hide_password",
    "open_engine",
    "read_transaction",
    "shown",
    "table_of",
    "wire_text_rows",
    "write_transaction",
]

EngineLike = sa.Engine | sa.URL | str

#: The driver used for a ``postgresql://`` URL that names none: psycopg 3.
_POSTGRES_SCHEMES: Final = ("postgresql", "postgres")


def hide_password(text: str, url: sa.URL | None) -> str:
    """*text* with the password of *url* (if any) replaced by ``***``."""
    if url is None or not url.password:
        return text
    password = str(url.password)
    hidden = text.replace(password, "***")
    quoted = sa.URL.create("x", password=password).render_as_string(hide_password=False)
    # the password as a URL writes it (percent-encoded), after "x://:"
    encoded = quoted.split(":", 2)[-1].rsplit("@", 1)[0]
    return hidden.replace(encoded, "***") if encoded else hidden


def shown(url: sa.URL) -> str:
    """The URL as it may be shown: its password replaced by ``***``."""
    return url.render_as_string(hide_password=True)


def _url(given: sa.URL | str, argument: str) -> sa.URL:
    try:
        url = sa.make_url(given)
    except (sa.exc.ArgumentError, ValueError):
        text = given if isinstance(given, str) else str(given)
        hidden = text.split("@", 1)[-1] if "@" in text else text
        msg = (
            f"{argument!r} must be an SQLAlchemy engine or a database URL such as "
            f"'sqlite:///caseload.db' or 'postgresql://user@host/db', got {hidden!r}"
        )
        raise InvalidInputError(argument, msg) from None
    if url.drivername in _POSTGRES_SCHEMES:
        url = url.set(drivername="postgresql+psycopg")
    return url


@contextmanager
def open_engine(given: object, argument: str = "engine") -> Iterator[sa.Engine]:
    """The engine *given*, or one made from a URL and disposed of at the end."""
    if isinstance(given, sa.Engine):
        yield given
        return
    if not isinstance(given, sa.URL | str):
        msg = (
            f"{argument!r} must be an SQLAlchemy engine or a database URL such as "
            f"'sqlite:///caseload.db', got a {type(given).__name__}"
        )
        raise InvalidInputError(argument, msg)
    url = _url(given, argument)
    try:
        engine = sa.create_engine(url)
    except (ImportError, sa.exc.ArgumentError) as error:
        message = hide_password(str(error), url)
        msg = f"{argument!r}: cannot open {shown(url)}: {message}"
        raise InvalidInputError(argument, msg) from None
    try:
        yield engine
    finally:
        engine.dispose()


def _begin(connection: sa.Connection, *, write: bool) -> None:
    if connection.dialect.name == "sqlite":
        # pysqlite begins a transaction only before DML; begin it here, so that the tables'
        # DDL is inside it too, and (when writing) take the write lock at once, so that
        # concurrent writers take turns instead of failing half-way.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One transaction for a whole write: committed at the end, rolled back on any error."""
    with engine.connect() as connection:
        _begin(connection, write=True)
        try:
            yield connection
        except BaseException:
            connection.rollback()
            raise
        connection.commit()


@contextmanager
def read_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One transaction for a whole read, so that every chunk sees the same records."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        _begin(connection, write=False)
        try:
            yield connection
        finally:
            connection.rollback()


def _wire_loaders() -> tuple[type[Any], type[Any]] | None:
    """psycopg's loaders giving ``NUMERIC`` and ``DATE`` as the wire's text (None: no psycopg)."""
    try:
        from psycopg.adapt import Loader
        from psycopg.types.datetime import DateLoader
        from psycopg.types.string import TextLoader
    except ImportError:  # pragma: no cover - the postgresql extra installs psycopg
        return None

    class WireDateLoader(Loader):
        """A ``DATE`` as its ISO text, as :class:`~._types.WireDate` gives it: PostgreSQL's own
        text when it is ``YYYY-MM-DD`` (DateStyle ISO, years 1-9999), otherwise psycopg's
        date (the same value, or the same error as before) in ISO form."""

        def load(self, data: Any) -> str:
            text = bytes(data)
            if len(text) == 10 and text[4] == 45 and text[7] == 45:  # b"-"
                return text.decode("ascii")
            loaded: Any = DateLoader(self.oid, self.connection).load(data)
            return str(loaded.isoformat())

    return TextLoader, WireDateLoader


@contextmanager
def wire_text_rows(connection: sa.Connection) -> Iterator[bool]:
    """While inside, a PostgreSQL (psycopg) connection's queries load ``NUMERIC`` and
    ``DATE`` values as text; True if so (then read rows with :func:`fetch_all`).

    PostgreSQL's text of a ``NUMERIC`` is the plain-notation string with every digit that
    :class:`~._types.WireDecimal` builds from a ``Decimal`` (``'5292.50'``, ``'NaN'``), and
    its text of a ``DATE`` under DateStyle ISO the ISO string :class:`~._types.WireDate`
    builds; so the rows hold what SQLAlchemy's result processing would give, without a
    ``Decimal`` or ``date`` made and turned back into text for every value, and without
    SQLAlchemy's row objects (a quarter of the reader's time). The loaders are set on each
    query's cursor (copy-on-write, the connection's own adapters are untouched), and only
    while inside. Elsewhere (SQLite, another driver): False, and nothing changes.
    """
    loaders = _wire_loaders()
    if connection.dialect.name != "postgresql" or connection.dialect.driver != "psycopg":
        yield False
        return
    if loaders is None:  # pragma: no cover - psycopg is the driver
        yield False
        return
    numeric, day = loaders

    def text_values(
        conn: Any, cursor: Any, statement: Any, parameters: Any, context: Any, many: bool
    ) -> None:
        cursor.adapters.register_loader("numeric", numeric)
        cursor.adapters.register_loader("date", day)

    sa.event.listen(connection, "before_cursor_execute", text_values)
    try:
        yield True
    finally:
        sa.event.remove(connection, "before_cursor_execute", text_values)


def fetch_all(connection: sa.Connection, query: Any, *, raw: bool) -> Sequence[Sequence[Any]]:
    """Every row of *query*: plain tuples from the driver's cursor if *raw* (inside
    :func:`wire_text_rows`), else SQLAlchemy's rows. A driver's error is raised as
    SQLAlchemy raises it (a :class:`sqlalchemy.exc.DBAPIError`)."""
    if not raw:
        return connection.execute(query).all()
    result = connection.execute(query)
    try:
        rows: Sequence[Sequence[Any]] = result.cursor.fetchall()
    except connection.dialect.loaded_dbapi.Error as error:
        raise sa.exc.DBAPIError.instance(
            None, None, error, connection.dialect.loaded_dbapi.Error
        ) from error
    finally:
        result.close()
    return rows


def table_of(schema: str | None, layout: TableLayout | str) -> sa.Table:
    """The SQLAlchemy table of *layout* (or of the table named so) in *schema*."""
    name = layout if isinstance(layout, str) else layout.name
    key = f"{schema}.{name}" if schema else name
    return _metadata(schema).tables[key]


def version_table(schema: str | None) -> sa.Table:
    """The ``schema_version`` table in *schema*."""
    return table_of(schema, SCHEMA_VERSION_TABLE)


def stored_version(connection: sa.Connection, schema: str | None) -> int | None:
    """The schema version the database's caseload tables are at, or None if it has none."""
    if not sa.inspect(connection).has_table(SCHEMA_VERSION_TABLE, schema=schema):
        return None
    row = connection.execute(sa.select(version_table(schema).c.version)).first()
    return None if row is None else int(row[0])


def existing_tables(connection: sa.Connection, schema: str | None) -> list[str]:
    """The caseload tables (of :func:`metadata`) that the database already has."""
    names = set(sa.inspect(connection).get_table_names(schema=schema))
    return [t.name for t in _metadata(schema).sorted_tables if t.name in names]


def database_error(error: sa.exc.SQLAlchemyError, url: sa.URL) -> str:
    """The database's own message of *error*, on one line, without the URL's password."""
    original: Any = getattr(error, "orig", None)
    text = str(original) if original is not None else str(error)
    first = " ".join(text.split())
    return hide_password(first, url)
