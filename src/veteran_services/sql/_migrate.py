"""The tables' migrations (Alembic): one revision per caseload schema version.

The revisions live in ``veteran_services/sql/migrations/versions``: ``v1`` creates the tables
of schema version 1, ``v2`` and ``v3`` bring them to the next version. Their ids are the
versions (``"v3"``), so a database's ``schema_version`` row and Alembic's ``alembic_version``
always say the same. :func:`upgrade` runs them; so does ``alembic upgrade head`` with an
``alembic.ini`` whose ``script_location`` is ``veteran_services.sql:migrations``.
"""

from __future__ import annotations

from typing import Any, Final

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.io import SCHEMA_VERSION
from veteran_services.sql._engine import (
    EngineLike,
    database_error,
    open_engine,
    shown,
    stored_version,
    write_transaction,
)
from veteran_services.sql._layout import _metadata

__all__ = ["SCRIPT_LOCATION", "revision_of", "run_migrations", "stamp_head", "upgrade"]

#: Where Alembic finds the revisions (an ``alembic.ini``'s ``script_location``).
SCRIPT_LOCATION: Final = "veteran_services.sql:migrations"


def revision_of(version: int) -> str:
    """The Alembic revision id of caseload schema version *version* (``"v3"``)."""
    return f"v{version}"


def _config(connection: sa.Connection, schema: str | None) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    config.attributes["schema"] = schema
    return config


def run_migrations(context: Any) -> None:
    """What the revisions' ``env.py`` does: migrate the connection it is given (by
    :func:`upgrade`) or one to the ``sqlalchemy.url`` of the ``alembic`` command's
    ``alembic.ini`` (``-x schema=NAME`` names a PostgreSQL schema)."""
    config = context.config
    connection = config.attributes.get("connection")
    schema = config.attributes.get("schema")
    if schema is None:
        schema = context.get_x_argument(as_dictionary=True).get("schema")
    if connection is not None:
        _run(context, connection, schema)
        return
    url = sa.make_url(config.get_main_option("sqlalchemy.url"))
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    engine = sa.create_engine(url)
    try:
        with engine.connect() as own:
            _run(context, own, schema)
            own.commit()
    finally:
        engine.dispose()


def _run(context: Any, connection: sa.Connection, schema: str | None) -> None:
    context.configure(
        connection=connection,
        target_metadata=_metadata(schema),
        version_table_schema=schema,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations(schema=schema)


def stamp_head(connection: sa.Connection, schema: str | None) -> None:
    """Record in Alembic's ``alembic_version`` that the tables are at the newest revision
    (for tables :func:`~veteran_services.sql.write_caseload` created from the model)."""
    command.stamp(_config(connection, schema), revision_of(SCHEMA_VERSION))


@checked
def upgrade(engine: EngineLike, *, schema: str | None = None) -> int:
    """Bring a database's caseload tables up to this library's schema version, in one
    transaction (a failure leaves them as they were).

    Runs the package's Alembic revisions from the version the ``schema_version`` table
    names; a database already up to date is left alone. The same revisions run with
    ``alembic upgrade head`` (``script_location = veteran_services.sql:migrations``).

    Args:
        engine: An SQLAlchemy engine or a database URL.
        schema: The database schema holding the tables (PostgreSQL); None for the default.

    Returns:
        The schema version the tables are at now.

    Raises:
        InvalidInputError: a database without caseload tables, at a newer version than this
            library knows, or whose migration failed (naming the database's message).
    """
    with open_engine(engine) as bound:
        url = bound.url
        try:
            with write_transaction(bound) as connection:
                version = stored_version(connection, schema)
                if version is None:
                    msg = (
                        f"'engine': {shown(url)} holds no caseload tables to upgrade; write "
                        "one with veteran_services.sql.write_caseload"
                    )
                    raise InvalidInputError("engine", msg)
                if version > SCHEMA_VERSION:
                    msg = (
                        f"'engine': {shown(url)} holds caseload tables of schema version "
                        f"{version}, newer than this library's {SCHEMA_VERSION}; upgrade "
                        "veteran-services"
                    )
                    raise InvalidInputError("engine", msg)
                config = _config(connection, schema)
                names = set(sa.inspect(connection).get_table_names(schema=schema))
                if "alembic_version" not in names:
                    command.stamp(config, revision_of(version))
                command.upgrade(config, revision_of(SCHEMA_VERSION))
        except sa.exc.SQLAlchemyError as error:
            message = database_error(error, url)
            msg = f"'engine': upgrading {shown(url)} failed, nothing was changed: {message}"
            raise InvalidInputError("engine", msg) from None
    return SCHEMA_VERSION
