"""The relational layout of every record kind, derived once from the model's attrs classes.

The rules (documented for users in ``docs/guide/database.md``) follow the columnar layout
(``docs/guide/scale.md``), with a relational form for what repeats:

- one table per record kind, named after it (``placements``), keyed by ``id`` (instruments
  by ``id`` and ``version``; earnings, which have no id, by ``seq``); every table has a
  ``seq`` column giving the records' order;
- one column per field; a single nested record is flattened with underscores
  (``monthly_wage_amount``, ``monthly_wage_currency``); an optional nested record none of
  whose fields is required (``personal``) has a boolean presence column of its own name;
- a repeated value (``service``, ``barriers``, ``insurance``, ``answers``, ...) is a child
  table ``<table>_<field>`` keyed by the owner's key (``owner_id``) and ``position``, with a
  foreign key to the owner; a set's members are stored sorted; the owner has a
  ``<field>_count`` column: null when the collection is not recorded (``insurance``), else
  how many rows the child table holds, so that "not recorded" and "recorded: none" stay
  apart;
- decimals are ``NUMERIC`` (text on SQLite), dates ``DATE`` (ISO text on SQLite), enums text
  with a ``CHECK`` constraint listing their values, quarters text (``2024Q1``);
- a question's ``scale`` is tagged by ``scale_kind`` with the fields of every scale class;
- an answer's ``value`` is split by type into ``value_boolean``, ``value_integer``,
  ``value_number``, ``value_text`` and a child table of chosen options (``value_choices``,
  ``value_choices_count`` null unless the answer is a list of options).
"""

from __future__ import annotations

import hashlib
import types
import typing
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, Final

import attrs
import sqlalchemy as sa

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.io import KIND_CLASSES, SCALE_KINDS
from veteran_services.model import AnswerValue, Quarter
from veteran_services.sql._types import WireDate, WireDecimal

__all__ = [
    "SCHEMA_VERSION_TABLE",
    "AnswerNode",
    "CollectionNode",
    "Node",
    "RecordNode",
    "ScalarNode",
    "TableLayout",
    "UnionNode",
    "layout",
    "metadata",
]

#: The table holding the schema version of the caseload tables.
SCHEMA_VERSION_TABLE: Final = "schema_version"

#: PostgreSQL's limit on identifier length.
_MAX_NAME: Final = 63

#: The key of each record kind that has no plain ``id`` key.
_KEYS: Final[dict[str, tuple[str, ...]]] = {"instruments": ("id", "version"), "earnings": ("seq",)}

_ANSWER_TYPES: Final = (
    ("boolean", bool),
    ("integer", int),
    ("number", float),
    ("text", str),
)


# --- the shape of a record: nodes ---------------------------------------------------------------


@attrs.frozen
class ScalarNode:
    """A plain value stored in one column (*kind*: text, bool, int, float, decimal, date,
    quarter or enum; *values*: an enum's values)."""

    key: str
    column: str
    kind: str
    nullable: bool
    values: tuple[str, ...] = ()


@attrs.frozen
class RecordNode:
    """A nested record flattened into its owner's columns (*presence*: its presence column)."""

    key: str
    optional: bool
    presence: str | None
    fields: tuple[Node, ...]


@attrs.frozen
class UnionNode:
    """A tagged union of records (a question's scale): a tag column and every class's fields."""

    key: str
    tag_column: str
    variants: tuple[tuple[str, tuple[Node, ...]], ...]


@attrs.frozen
class AnswerNode:
    """An answer's value split by type into columns, the chosen options in a child table."""

    key: str
    columns: tuple[tuple[str, type[Any]], ...]
    choices: CollectionNode


@attrs.frozen
class CollectionNode:
    """A repeated value: a child table, and a count column in the owner (null: not recorded).

    *element*: the scalar node of a collection of plain values (its column is ``value``), or
    the record node of a collection of records.
    """

    key: str
    table: TableLayout
    count_column: str
    optional: bool
    is_set: bool
    element: ScalarNode | RecordNode


Node = ScalarNode | RecordNode | UnionNode | AnswerNode | CollectionNode


@attrs.define(eq=False)
class TableLayout:
    """One table: its name, key columns, the shape of its rows and its child tables.

    For a top-level table *key* is the record's own key (``id``); for a child table *owner*
    names the owner key columns (``owner_id``, ``service_position``) and *key* is *owner*
    with ``position`` added. *path* is the wire path of the table's records for problems
    (``$.service[]``).
    """

    name: str
    kind: str
    key: tuple[str, ...]
    owner: tuple[str, ...]
    top_key: tuple[str, ...]
    path: str
    fields: tuple[Node, ...] = ()
    parent: TableLayout | None = None
    columns: dict[str, ScalarNode | str] = attrs.field(factory=dict)

    def children(self) -> Iterator[CollectionNode]:
        """The collections whose child tables hang directly off this table."""
        yield from _collections(self.fields)

    def walk(self) -> Iterator[TableLayout]:
        """This table and every table below it, owners before their children."""
        yield self
        for child in self.children():
            yield from child.table.walk()


def _collections(nodes: tuple[Node, ...]) -> Iterator[CollectionNode]:
    for node in nodes:
        if isinstance(node, CollectionNode):
            yield node
        elif isinstance(node, RecordNode):
            yield from _collections(node.fields)
        elif isinstance(node, UnionNode):
            for _, fields in node.variants:
                yield from _collections(fields)
        elif isinstance(node, AnswerNode):
            yield node.choices


# --- deriving the nodes from the model --------------------------------------------------------


def _optional_of(tp: Any) -> tuple[Any, bool]:
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = typing.get_args(tp)
        rest = tuple(a for a in args if a is not type(None))
        if len(rest) < len(args):
            inner = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007
            return inner, True
    return tp, False


def _is_union(tp: Any) -> bool:
    return isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union


def _collection(tp: Any) -> tuple[Any, bool] | None:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0], False
    if origin is frozenset and len(args) == 1:
        return args[0], True
    return None


def _scalar_kind(tp: Any) -> tuple[str, tuple[str, ...]] | None:
    if tp is str:
        return "text", ()
    if tp is bool:
        return "bool", ()
    if tp is int:
        return "int", ()
    if tp is float:
        return "float", ()
    if tp is Decimal:
        return "decimal", ()
    if tp is date:
        return "date", ()
    if tp is Quarter:
        return "quarter", ()
    if isinstance(tp, type) and issubclass(tp, Enum):
        return "enum", tuple(str(member.value) for member in tp)
    return None


def _fields(cls: Any) -> tuple[attrs.Attribute[Any], ...]:
    return tuple(a for a in attrs.fields(cls) if a.init)


class _Builder:
    """Builds the nodes of one table, registering its columns and child tables."""

    def __init__(self, table: TableLayout) -> None:
        self.table = table

    def add_column(self, name: str, what: ScalarNode | str) -> None:
        if name in self.table.columns:
            msg = f"column {name!r} of table {self.table.name!r} comes from two fields"
            raise TypeError(msg)
        self.table.columns[name] = what

    def record_fields(self, cls: Any, prefix: str, path: str, *, nullable: bool) -> list[Node]:
        hints = typing.get_type_hints(cls)
        return [
            self.field(a.name, hints[a.name], prefix, path, nullable=nullable) for a in _fields(cls)
        ]

    def field(self, name: str, tp: Any, prefix: str, path: str, *, nullable: bool) -> Node:
        column = prefix + name
        inner, optional = _optional_of(tp)
        scalar = _scalar_kind(inner)
        if scalar is not None:
            node = ScalarNode(name, column, scalar[0], optional or nullable, scalar[1])
            self.add_column(column, node)
            return node
        if inner == AnswerValue:
            return self.answer(name, column, path)
        if _is_union(inner) and all(attrs.has(a) for a in typing.get_args(inner)):
            return self.union(name, column, path)
        if attrs.has(inner):
            presence = None
            if optional and not any(a.default is attrs.NOTHING for a in _fields(inner)):
                presence = column
                self.add_column(column, "presence")
            fields = self.record_fields(
                inner, column + "_", f"{path}.{name}", nullable=nullable or optional
            )
            return RecordNode(name, optional, presence, tuple(fields))
        collection = _collection(inner)
        if collection is not None:
            element, is_set = collection
            return self.collection(name, column, element, is_set, path, optional or nullable)
        msg = f"no relational layout for field {column!r} of type {tp!r}"
        raise TypeError(msg)

    def union(self, name: str, column: str, path: str) -> UnionNode:
        tag = column + "_kind"
        self.add_column(tag, "tag")
        variants = []
        for kind, cls in SCALE_KINDS.items():
            fields = self.record_fields(cls, column + "_", f"{path}.{name}", nullable=True)
            variants.append((kind, tuple(fields)))
        return UnionNode(name, tag, tuple(variants))

    def answer(self, name: str, column: str, path: str) -> AnswerNode:
        columns = []
        for suffix, kind in _ANSWER_TYPES:
            self.add_column(f"{column}_{suffix}", f"answer:{suffix}")
            columns.append((f"{column}_{suffix}", kind))
        choices = self.collection(f"{name}", f"{column}_choices", str, False, path, True)
        return AnswerNode(name, tuple(columns), choices)

    def collection(
        self, name: str, column: str, element: Any, is_set: bool, path: str, optional: bool
    ) -> CollectionNode:
        parent = self.table
        count = column + "_count"
        self.add_column(count, "count")
        if parent.parent is None:
            owner = tuple(f"owner_{k}" for k in parent.key)
        else:
            level = parent.name[len(parent.parent.name) + 1 :]
            owner = (*parent.owner, f"{level}_position")
        table = TableLayout(
            name=f"{parent.name}_{column}",
            kind=parent.kind,
            key=(*owner, "position"),
            owner=owner,
            top_key=parent.top_key,
            path=f"{path}.{name}[]",
            parent=parent,
        )
        builder = _Builder(table)
        for key_column in table.key:
            builder.add_column(key_column, "key")
        scalar = _scalar_kind(element)
        node: ScalarNode | RecordNode
        if scalar is not None:
            node = ScalarNode("value", "value", scalar[0], False, scalar[1])
            builder.add_column("value", node)
            table.fields = (node,)
        elif attrs.has(element) and not is_set:
            fields = builder.record_fields(element, "", table.path, nullable=False)
            node = RecordNode("", False, None, tuple(fields))
            table.fields = tuple(fields)
        else:
            msg = f"no relational layout for a collection of {element!r} ({column!r})"
            raise TypeError(msg)
        return CollectionNode(name, table, count, optional, is_set, node)


@cache
def layout(kind: str) -> TableLayout:
    """The table layout of record kind *kind* (its child tables hang below it)."""
    cls = KIND_CLASSES[kind]
    key = _KEYS.get(kind, ("id",))
    table = TableLayout(name=kind, kind=kind, key=key, owner=(), top_key=key, path="$")
    builder = _Builder(table)
    fields = builder.record_fields(cls, "", "$", nullable=False)
    table.fields = tuple(fields)
    if "seq" in table.columns:  # pragma: no cover - the model has no field named seq
        msg = f"a field of {kind} is named 'seq', the order column"
        raise TypeError(msg)
    table.columns["seq"] = "seq"
    return table


def layouts() -> Iterator[TableLayout]:
    """Every table, each kind's owner before its children, in record-kind order."""
    for kind in KIND_CLASSES:
        yield from layout(kind).walk()


# --- SQLAlchemy tables ----------------------------------------------------------------------------


def _name(text: str) -> str:
    """A constraint or index name within PostgreSQL's 63 characters."""
    if len(text) <= _MAX_NAME:
        return text
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    return f"{text[: _MAX_NAME - 9]}_{digest}"


def _sql_type(kind: str) -> sa.types.TypeEngine[Any]:
    if kind == "bool":
        return sa.Boolean()
    if kind == "int":
        return sa.BigInteger()
    if kind == "float":
        return sa.Double()
    if kind == "decimal":
        return WireDecimal()
    if kind == "date":
        return WireDate()
    return sa.Text()


def _column(table: TableLayout, name: str, what: ScalarNode | str) -> sa.Column[Any]:
    if isinstance(what, ScalarNode):
        nullable = what.nullable and name not in table.key
        return sa.Column(name, _sql_type(what.kind), nullable=nullable)
    if what == "key":
        kind = "int" if name.endswith(("position", "seq", "version")) else "text"
        return sa.Column(name, _sql_type(kind), nullable=False)
    if what == "seq":
        return sa.Column(name, sa.BigInteger(), nullable=False)
    if what == "presence":
        return sa.Column(name, sa.Boolean(), nullable=True)
    if what in ("count",):
        return sa.Column(name, sa.BigInteger(), nullable=True)
    if what == "tag":
        return sa.Column(name, sa.Text(), nullable=False)
    answer_kinds = {"boolean": "bool", "integer": "int", "number": "float", "text": "text"}
    return sa.Column(name, _sql_type(answer_kinds[what.split(":", 1)[1]]), nullable=True)


def _checks(table: TableLayout) -> Iterator[sa.CheckConstraint]:
    for name, what in table.columns.items():
        column: sa.ColumnClause[Any] = sa.column(name)
        if isinstance(what, ScalarNode) and what.kind == "enum":
            yield sa.CheckConstraint(column.in_(what.values), name=_name(f"ck_{table.name}_{name}"))
        elif what == "tag":
            yield sa.CheckConstraint(
                column.in_(tuple(SCALE_KINDS)), name=_name(f"ck_{table.name}_{name}")
            )
        elif what == "count" or (what == "key" and name.endswith("position")):
            yield sa.CheckConstraint(column >= 0, name=_name(f"ck_{table.name}_{name}"))
    answer = [n for n, w in table.columns.items() if isinstance(w, str) and w.startswith("answer:")]
    if answer:
        count = next(n for n, w in table.columns.items() if w == "count")
        set_count = " + ".join(
            f"(CASE WHEN {n} IS NULL THEN 0 ELSE 1 END)" for n in (*answer, count)
        )
        yield sa.CheckConstraint(
            sa.text(f"{set_count} = 1"), name=_name(f"ck_{table.name}_one_value")
        )


def _table(metadata: sa.MetaData, table: TableLayout) -> sa.Table:
    columns = [_column(table, name, what) for name, what in _ordered_columns(table)]
    items: list[Any] = [*columns, *_checks(table)]
    items.append(sa.PrimaryKeyConstraint(*table.key, name=_name(f"pk_{table.name}")))
    if table.parent is None:
        if table.key != ("seq",):
            items.append(sa.UniqueConstraint("seq", name=_name(f"uq_{table.name}_seq")))
        items.extend(
            sa.Index(_name(f"ix_{table.name}_{name}"), name)
            for name in table.columns
            if name.endswith("_id") and name not in table.key
        )
    else:
        parent = table.parent
        parent_key = parent.key
        schema = metadata.schema
        prefix = f"{schema}." if schema else ""
        items.append(
            sa.ForeignKeyConstraint(
                list(table.owner),
                [f"{prefix}{parent.name}.{k}" for k in parent_key],
                ondelete="CASCADE",
                name=_name(f"fk_{table.name}_owner"),
            )
        )
    return sa.Table(table.name, metadata, *items)


def _ordered_columns(table: TableLayout) -> list[tuple[str, ScalarNode | str]]:
    """Key columns first, then the rest in field order, ``seq`` last."""
    items = list(table.columns.items())
    keys = [(n, w) for n, w in items if n in table.key]
    keys.sort(key=lambda item: table.key.index(item[0]))
    return keys + [(n, w) for n, w in items if n not in table.key]


@checked
def metadata(schema: str | None = None) -> sa.MetaData:
    """The SQLAlchemy Core tables of a caseload, for users who keep them in their own database.

    One table per record kind, a child table per repeated value (with a foreign key to its
    owner and the owner's key as the start of its primary key, so every reference is
    indexed; the record kinds' ``*_id`` references have an index each), ``CHECK``
    constraints on enum values, and the ``schema_version`` table. Add them to a database
    with ``metadata(...).create_all(engine)``, or let
    :func:`~veteran_services.sql.write_caseload` do it.

    Args:
        schema: The database schema (PostgreSQL namespace) to put the tables in; None for the
            connection's default.

    >>> tables = metadata().tables
    >>> [c.name for c in tables["placements"].primary_key]
    ['id']
    >>> str(tables["veterans_service"].c.owner_id.type)
    'TEXT'
    """
    if schema is not None and (not isinstance(schema, str) or not schema.strip()):
        msg = f"'schema' must be a schema name or None, got {schema!r}"
        raise InvalidInputError("schema", msg)
    return _build_metadata(schema)


@cache
def _metadata(schema: str | None) -> sa.MetaData:
    """The library's own copy of :func:`metadata` (never handed out, never changed)."""
    return _build_metadata(schema)


def _build_metadata(schema: str | None) -> sa.MetaData:
    result = sa.MetaData(schema=schema)
    sa.Table(
        SCHEMA_VERSION_TABLE,
        result,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("library_version", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.CheckConstraint(sa.column("id") == 1, name="ck_schema_version_one_row"),
    )
    for table in layouts():
        _table(result, table)
    return result
