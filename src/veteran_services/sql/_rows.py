"""Records to rows and rows back to records, through the JSON wire form.

A record goes out as :func:`veteran_services.io.to_dict` writes it and comes back through
:func:`veteran_services.io.from_dict`, so that a row is validated exactly as a line of a file
is; a problem names the table, the row's key and the column instead of the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from veteran_services import io
from veteran_services._checks import quote
from veteran_services.errors import RecordError, RecordProblem
from veteran_services.sql._layout import (
    AnswerNode,
    CollectionNode,
    Node,
    RecordNode,
    ScalarNode,
    TableLayout,
    UnionNode,
)

__all__ = [
    "Children",
    "RowProblem",
    "decode_record",
    "encode_record",
    "key_text",
    "unstorable",
]

Row = dict[str, Any]
#: The rows of each child table, by the owner's key values.
Children = Mapping[str, Mapping[tuple[Any, ...], list[Mapping[str, Any]]]]

_INDEX: Final = re.compile(r"\[(\d+)\]")


class RowProblem(Exception):
    """A row that cannot be turned back into a record (internal: becomes a RecordProblem)."""

    def __init__(self, problem: RecordProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def key_text(names: Iterable[str], values: Iterable[Any]) -> str:
    """``id='V1'`` or ``owner_id='V1' position=0``: where a row is."""
    return " ".join(f"{n}={v!r}" for n, v in zip(names, values, strict=True))


def _problem(table: str, where: str, column: str | None, message: str, value: Any = None) -> Any:
    shown = f" (got {quote(value)})" if value is not None else ""
    place = f"{table} {where}" + (f" column {column}" if column else "")
    return RecordProblem(
        f"{place}: {message}{shown}",
        file=table,
        row=where,
        column=column,
        message=message,
        value=quote(value) if value is not None else None,
    )


# --- writing ------------------------------------------------------------------------------------


def encode_record(
    table: TableLayout, data: Mapping[str, Any], seq: int, out: dict[str, list[Row]]
) -> None:
    """Add the rows of one record (as :func:`~veteran_services.io.to_dict` gives it, or
    :func:`~veteran_services.io.fast_row_dict_encoder`: lists may be tuples, dates and
    decimals objects) to *out*."""
    row: Row = {"seq": seq}
    _encode(table.fields, data, row, (), out)
    key = tuple(row[k] for k in table.key)
    _encode_children(table.fields, data, row, key, out)
    out[table.name].append(row)


def _encode(
    nodes: tuple[Node, ...], data: Mapping[str, Any] | None, row: Row, _: Any, out: Any
) -> None:
    for node in nodes:
        value = None if data is None else data.get(node.key)
        if isinstance(node, ScalarNode):
            row[node.column] = value
        elif isinstance(node, RecordNode):
            if node.presence is not None:
                row[node.presence] = None if data is None else value is not None
            _encode(node.fields, value, row, _, out)
        elif isinstance(node, UnionNode):
            tag = value.get("kind") if isinstance(value, dict) else None
            row[node.tag_column] = tag
            for kind, fields in node.variants:
                _encode(fields, value if kind == tag else None, row, _, out)
        elif isinstance(node, AnswerNode):
            for column, value_type in node.columns:
                row[column] = value if type(value) is value_type else None
            # a list of options (a tuple from io.fast_row_dict_encoder)
            row[node.choices.count_column] = len(value) if isinstance(value, list | tuple) else None
        else:
            row[node.count_column] = None if value is None else len(value)


def _encode_children(
    nodes: tuple[Node, ...],
    data: Mapping[str, Any] | None,
    row: Row,
    owner: tuple[Any, ...],
    out: dict[str, list[Row]],
) -> None:
    if data is None:
        return
    for node in nodes:
        value = data.get(node.key)
        if isinstance(node, RecordNode):
            _encode_children(node.fields, value, row, owner, out)
        elif isinstance(node, UnionNode):
            tag = value.get("kind") if isinstance(value, dict) else None
            for kind, fields in node.variants:
                if kind == tag:
                    _encode_children(fields, value, row, owner, out)
        elif isinstance(node, AnswerNode):
            if type(value) is list or type(value) is tuple:
                _encode_items(node.choices, value, owner, out)
        elif isinstance(node, CollectionNode) and value is not None:
            _encode_items(node, value, owner, out)


def _encode_items(
    node: CollectionNode, items: Sequence[Any], owner: tuple[Any, ...], out: dict[str, list[Row]]
) -> None:
    table = node.table
    rows = out[table.name]
    if node.is_set:
        items = sorted(items)
    for position, item in enumerate(items):
        key = (*owner, position)
        child: Row = dict(zip(table.key, key, strict=True))
        if isinstance(node.element, ScalarNode):
            child["value"] = item
        else:
            _encode(table.fields, item, child, None, out)
            _encode_children(table.fields, item, child, key, out)
        rows.append(child)


#: The whole numbers a ``BIGINT`` column holds.
_LOWEST: Final = -(2**63)
_HIGHEST: Final = 2**63 - 1


def _int_columns(table: TableLayout) -> list[str]:
    return [
        name
        for name, what in table.columns.items()
        if (isinstance(what, ScalarNode) and what.kind == "int") or what == "answer:integer"
    ]


def unstorable(table: TableLayout, rows: list[Row], *, nul: bool) -> list[RecordProblem]:
    """What in *rows* (of *table*) no database column can hold: whole numbers beyond 64 bits
    (an answer may be any whole number) and, when *nul* (PostgreSQL), text with a NUL
    character, which PostgreSQL's text cannot store. Refused before anything is written."""
    problems: list[RecordProblem] = []
    ints = _int_columns(table)
    for row in rows:
        for name in ints:
            value = row.get(name)
            if type(value) is int and not _LOWEST <= value <= _HIGHEST:
                message = "is a whole number beyond the database's 64 bits and cannot be stored"
                problems.append(_problem(table.name, _where(table, row), name, message, value))
        if nul:
            for name, value in row.items():
                if type(value) is str and "\x00" in value:
                    message = "holds a NUL character, which PostgreSQL text cannot store"
                    problems.append(_problem(table.name, _where(table, row), name, message, value))
    return problems


def _where(table: TableLayout, row: Row) -> str:
    return key_text(table.key, (row[k] for k in table.key))


# --- reading ------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, top: TableLayout, top_key: tuple[Any, ...], children: Children) -> None:
        self.top = top
        self.top_key = top_key
        self.children = children
        self.problems: list[RecordProblem] = []

    def where(self, table: TableLayout, key: tuple[Any, ...]) -> str:
        return key_text(table.key, key)

    def add(self, table: TableLayout, key: tuple[Any, ...], column: str | None, text: str) -> None:
        self.problems.append(_problem(table.name, self.where(table, key), column, text))

    def fields(
        self,
        table: TableLayout,
        key: tuple[Any, ...],
        nodes: tuple[Node, ...],
        row: Mapping[str, Any],
    ) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for node in nodes:
            if isinstance(node, ScalarNode):
                data[node.key] = row[node.column]
            elif isinstance(node, RecordNode):
                data[node.key] = self.record(table, key, node, row)
            elif isinstance(node, UnionNode):
                data[node.key] = self.union(table, key, node, row)
            elif isinstance(node, AnswerNode):
                data[node.key] = self.answer(table, key, node, row)
            else:
                items = self.collection(table, key, node, row)
                if items is not None or node.optional:
                    data[node.key] = items
                # else: a collection the record left out (its default applies, or the
                # converter reports it missing)
        return data

    def record(
        self, table: TableLayout, key: tuple[Any, ...], node: RecordNode, row: Mapping[str, Any]
    ) -> Any:
        columns = list(_scalar_columns(node.fields))
        if node.presence is not None:
            present = row[node.presence]
            if not present:
                stray = [c for c in columns if row[c] is not None]
                if stray:
                    message = f"must be empty while {node.presence} is {present!r}"
                    self.add(table, key, stray[0], message)
                return None
        elif node.optional and all(row[c] is None for c in columns):
            return None
        return self.fields(table, key, node.fields, row)

    def union(
        self, table: TableLayout, key: tuple[Any, ...], node: UnionNode, row: Mapping[str, Any]
    ) -> Any:
        tag = row[node.tag_column]
        variants = dict(node.variants)
        if tag not in variants:
            allowed = ", ".join(repr(k) for k in variants)
            self.add(table, key, node.tag_column, f"must be one of {allowed} (got {tag!r})")
            return None
        for kind, fields in node.variants:
            if kind == tag:
                continue
            own = set(_scalar_columns(variants[tag]))
            for column in _scalar_columns(fields):
                if column not in own and row[column] is not None:
                    self.add(table, key, column, f"must be empty for a {tag!r} scale")
                    return None
        return {"kind": tag, **self.fields(table, key, variants[tag], row)}

    def answer(
        self, table: TableLayout, key: tuple[Any, ...], node: AnswerNode, row: Mapping[str, Any]
    ) -> Any:
        found = [row[column] for column, _ in node.columns if row[column] is not None]
        if row[node.choices.count_column] is not None:
            found.append(self.collection(table, key, node.choices, row))
        if len(found) != 1:
            names = ", ".join([c for c, _ in node.columns] + [node.choices.count_column])
            self.add(table, key, None, f"exactly one of {names} must be set, got {len(found)}")
            return None
        return found[0]

    def collection(
        self, table: TableLayout, key: tuple[Any, ...], node: CollectionNode, row: Mapping[str, Any]
    ) -> Any:
        child = node.table
        count = row[node.count_column]
        rows = self.children.get(child.name, {}).get(key, [])
        if count is None:
            if rows:
                message = f"is null but table {child.name} holds {len(rows)} rows for it"
                self.add(table, key, node.count_column, message)
            return None
        if count != len(rows):
            message = f"says {count} but table {child.name} holds {len(rows)} rows for it"
            self.add(table, key, node.count_column, message)
            return None
        items = []
        for index, item in enumerate(rows):
            child_key = (*key, index)
            if item["position"] != index:
                self.add(child, child_key, "position", f"must be {index} (got {item['position']})")
                return None
            if isinstance(node.element, ScalarNode):
                items.append(item["value"])
            else:
                items.append(self.fields(child, child_key, child.fields, item))
        return items


def _scalar_columns(nodes: tuple[Node, ...]) -> Iterable[str]:
    for node in nodes:
        if isinstance(node, ScalarNode):
            yield node.column
        elif isinstance(node, RecordNode):
            if node.presence is not None:
                yield node.presence
            yield from _scalar_columns(node.fields)
        elif isinstance(node, UnionNode):
            yield node.tag_column
            for _, fields in node.variants:
                yield from _scalar_columns(fields)
        elif isinstance(node, AnswerNode):
            yield from (column for column, _ in node.columns)
            yield node.choices.count_column
        else:
            yield node.count_column


def decode_record(
    table: TableLayout,
    cls: type[Any],
    row: Mapping[str, Any],
    children: Children,
    paths: Mapping[str, tuple[TableLayout, str | None]],
) -> Any:
    """The record of one top-level row and its child rows (raises :class:`RecordError`).

    *paths* maps a wire path with its indices taken out (``$.service[].start``) to the
    table and column holding it, for naming the place of the converter's problems.
    """
    key = tuple(row[k] for k in table.key)
    reader = _Reader(table, key, children)
    data = reader.fields(table, key, table.fields, row)
    if reader.problems:
        raise RecordError(reader.problems)
    try:
        return io.from_dict(cls, data)
    except RecordError as error:
        raise RecordError([_placed(p, table, key, paths) for p in error.problems]) from None


def _placed(
    problem: RecordProblem,
    table: TableLayout,
    key: tuple[Any, ...],
    paths: Mapping[str, tuple[TableLayout, str | None]],
) -> RecordProblem:
    path = problem.path or "$"
    indices = tuple(int(i) for i in _INDEX.findall(path))
    pattern = _INDEX.sub("[]", path)
    where = paths.get(pattern)
    if where is None:  # a whole nested record: the nearest place on the path that is known
        trimmed = pattern
        while trimmed not in paths and "." in trimmed:
            trimmed = trimmed.rsplit(".", 1)[0]
        where = paths.get(trimmed) or (table, None)
    owner, column = where
    depth = owner.path.count("[]")
    row_key = (*key, *indices[:depth])
    names = owner.key
    place = key_text(names, row_key) if len(names) == len(row_key) else key_text(table.key, key)
    text = str(problem)
    rest = text[len(path) + 2 :] if text.startswith(path + ": ") else text
    head = f"{owner.name} {place}" + (f" column {column}" if column else f" {path}")
    return RecordProblem(
        f"{head}: {rest}",
        file=owner.name,
        row=place,
        column=column,
        path=problem.path,
        field=problem.field,
        message=problem.message,
        value=problem.value,
    )


def wire_paths(top: TableLayout) -> dict[str, tuple[TableLayout, str | None]]:
    """Every wire path (indices taken out) of a record kind and the table and column holding it;
    a child table's own path maps to the table with no column."""
    paths: dict[str, tuple[TableLayout, str | None]] = {}
    for table in top.walk():
        paths[table.path] = (table, None)
        _paths(table, table.fields, table.path, paths)
    return paths


def _paths(table: TableLayout, nodes: tuple[Node, ...], prefix: str, out: dict[str, Any]) -> None:
    for node in nodes:
        path = f"{prefix}.{node.key}" if node.key else prefix
        if isinstance(node, ScalarNode):
            out[path] = (table, node.column)
        elif isinstance(node, RecordNode):
            _paths(table, node.fields, path, out)
        elif isinstance(node, UnionNode):
            out[path] = (table, node.tag_column)
            out[f"{path}.kind"] = (table, node.tag_column)
            for _, fields in node.variants:
                _paths(table, fields, path, out)
        elif isinstance(node, AnswerNode):
            out[path] = (table, f"{node.key}_*")
        else:
            out[path] = (table, node.count_column)
