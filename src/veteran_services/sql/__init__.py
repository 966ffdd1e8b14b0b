"""Caseloads in a relational database (PostgreSQL, SQLite) through SQLAlchemy Core.

Needs the ``sql`` extra (SQLAlchemy 2, psycopg 3 and Alembic); importing
:mod:`veteran_services` never imports it, only this package does.

- :func:`metadata`: the tables, generated from the model by the same rules as the columnar
  layout (one table per record kind, a child table per repeated value, ``NUMERIC`` money
  with its currency, ``DATE`` dates, enums as text with ``CHECK`` constraints, "not
  recorded" as ``NULL`` and "recorded: none" as a count of 0), and a ``schema_version``
  table.
- :func:`write_caseload`: all or nothing in one transaction, in batches; ``create``,
  ``append`` (id clashes reported, nothing overwritten), ``merge`` (an upsert by id, with
  counts) or ``replace``.
- :func:`read_caseload` and :func:`iter_records`: filtered queries (``where=``), every row
  through the model's validation, problems naming table, key and column.
- :func:`upgrade`: the package's Alembic revisions (one per schema version) bring older
  tables up to date; ``alembic upgrade head`` runs the same (:data:`SCRIPT_LOCATION`).

Every statement is parameterised; text is stored as text, whatever it holds. The layout and
its guarantees: ``docs/guide/database.md``.
"""

from __future__ import annotations

from veteran_services.errors import MissingExtraError

try:
    import sqlalchemy as _sqlalchemy  # noqa: F401 - only to say which extra is missing
except ImportError as _error:  # pragma: no cover - the sql extra is installed in the tests
    _msg = (
        "veteran_services.sql needs SQLAlchemy 2: install the 'sql' extra "
        "(pip install 'veteran-services[sql]')"
    )
    raise MissingExtraError(_msg) from _error

from veteran_services.sql._layout import SCHEMA_VERSION_TABLE, metadata
from veteran_services.sql._migrate import SCRIPT_LOCATION, upgrade
from veteran_services.sql._read import database_version, iter_records, read_caseload
from veteran_services.sql._types import WireDate, WireDecimal
from veteran_services.sql._write import (
    MODES,
    IdClashError,
    WriteSummary,
    write_caseload,
)

__all__ = [
    "MODES",
    "SCHEMA_VERSION_TABLE",
    "SCRIPT_LOCATION",
    "IdClashError",
    "WireDate",
    "WireDecimal",
    "WriteSummary",
    "database_version",
    "iter_records",
    "metadata",
    "read_caseload",
    "upgrade",
    "write_caseload",
]
