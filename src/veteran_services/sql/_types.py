"""Column types that take and give values as the JSON wire writes them.

Dates are ISO strings and decimals plain-notation strings on the wire (what
:func:`veteran_services.io.to_dict` gives and :func:`~veteran_services.io.from_dict` reads), so
that every row goes back through the same validation as a file. PostgreSQL stores them as
``DATE`` and ``NUMERIC`` (an unconstrained ``NUMERIC`` keeps every digit, trailing zeros
included); SQLite, which has neither type, stores the ISO text and the decimal text as they
are, so that no digit is lost to a float.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = ["WireDate", "WireDecimal", "format_decimal"]


def format_decimal(value: Decimal) -> str:
    """A decimal in plain notation with every digit kept (``'5292.50'``), as the wire has it."""
    text = str(value)
    return format(value, "f") if "E" in text or "e" in text else text


class WireDate(TypeDecorator[Any]):
    """``DATE`` (PostgreSQL) or ISO text (SQLite); binds a date or its ISO string, gives the
    ISO string back."""

    impl = sa.Date
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Text on SQLite, a real ``DATE`` elsewhere."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.Text())
        return dialect.type_descriptor(sa.Date())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """The value as the database takes it."""
        if value is None:
            return None
        if dialect.name == "sqlite":
            return value.isoformat() if isinstance(value, date) else value
        if isinstance(value, str):
            return date.fromisoformat(value)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """The ISO string of a stored date (SQLite's text as stored)."""
        if isinstance(value, date):
            return value.isoformat()
        return value


class WireDecimal(TypeDecorator[Any]):
    """``NUMERIC`` (PostgreSQL, every digit kept) or decimal text (SQLite); binds a Decimal or
    its string, gives the plain-notation string back."""

    impl = sa.Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Text on SQLite, an unconstrained ``NUMERIC`` elsewhere."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.Text())
        return dialect.type_descriptor(sa.Numeric(asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """The value as the database takes it."""
        if value is None:
            return None
        if dialect.name == "sqlite":
            return format_decimal(value) if isinstance(value, Decimal) else value
        if isinstance(value, str):
            try:
                return Decimal(value)
            except InvalidOperation:
                return value  # the database refuses it, naming the value
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """The plain-notation string of a stored number (SQLite's text as stored)."""
        if isinstance(value, Decimal):
            return format_decimal(value)
        return value
