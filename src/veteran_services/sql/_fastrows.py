"""The fast way from rows to records: compiled row plans and msgspec (the ``fast`` extra).

:class:`FastKind` turns one record kind's rows (plain tuples, in the table's column order)
and its child rows into the wire dict that :func:`~veteran_services.sql._rows.decode_record`
would build, by a plan compiled once per kind instead of a walk over the layout's nodes per
row, and hands the dict to msgspec (:func:`veteran_services.io.fast_dict_decoder`), which
builds the record and runs the model's validators.

Like the file readers' fast path it only ever *accepts*: a row it does not take, because
the slow path would report a problem there (a count that does not match the child rows, a
stray column, a decimal off the wire pattern, a float that is not finite) or because msgspec
refuses it, raises :class:`Slow`, and the caller reads that record again by the slow path,
which stays the one source of every problem message. So records and problems are the same
either way; only the time differs.

What msgspec is trusted with and what is checked here (``io._msgspec.DictDecoder``): the
dict's keys come from the layout (no unknown or repeated key); decimals are held to the wire
pattern and floats to being finite below, since msgspec would take ``"1E+1"`` or ``NaN``;
text is as the database driver decoded it (strict UTF-8, so never a lone surrogate).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from veteran_services import io
from veteran_services.sql._layout import (
    AnswerNode,
    CollectionNode,
    Node,
    RecordNode,
    ScalarNode,
    TableLayout,
    UnionNode,
)
from veteran_services.sql._rows import _scalar_columns

__all__ = ["FastKind", "Groups", "RowEncoder", "Slow", "TupleChildren"]

_DECIMAL: Final = re.compile(io.DECIMAL_PATTERN)
_MAX_DECIMAL: Final = io.MAX_DECIMAL_CHARS
_isfinite = math.isfinite

#: The child rows (tuples) of each child table, by the owner's key values.
Groups = dict[str, dict[tuple[Any, ...], list[Sequence[Any]]]]
#: The wire dict of a record from its row, its key and the child rows.
_Fill = Callable[[Sequence[Any], tuple[Any, ...], Groups], dict[str, Any]]


class Slow(Exception):
    """A row the fast path does not take: read it again by the slow path."""


def _check_decimal(value: Any) -> None:
    if value.__class__ is not str or len(value) > _MAX_DECIMAL or not _DECIMAL.fullmatch(value):
        raise Slow


class TupleChildren(Mapping[str, Any]):
    """Tuple child rows seen as the slow path's :data:`~veteran_services.sql._rows.Children`
    (rows as dicts), converted only for the records the slow path is asked to read."""

    def __init__(self, groups: Groups, names: Mapping[str, Sequence[str]]) -> None:
        self._groups = groups
        self._names = names

    def __getitem__(self, table: str) -> Any:
        return _DictGroups(self._groups[table], self._names[table])

    def __iter__(self) -> Any:
        return iter(self._groups)

    def __len__(self) -> int:
        return len(self._groups)


class _DictGroups(Mapping[tuple[Any, ...], list[dict[str, Any]]]):
    def __init__(self, groups: dict[tuple[Any, ...], list[Sequence[Any]]], names: Sequence[str]):
        self._groups = groups
        self._names = names

    def __getitem__(self, key: tuple[Any, ...]) -> list[dict[str, Any]]:
        names = self._names
        return [dict(zip(names, row, strict=True)) for row in self._groups[key]]

    def __iter__(self) -> Any:
        return iter(self._groups)

    def __len__(self) -> int:
        return len(self._groups)


class FastKind:
    """The compiled plan of one record kind's tables, and its msgspec decoder.

    Args:
        top: The kind's table layout.
        columns: Each table's column names, in the order its rows' values come.
        decode: The dict decoder of the kind's class (:func:`io.fast_dict_decoder`); None:
            every record goes the slow way.
    """

    def __init__(
        self,
        top: TableLayout,
        columns: Mapping[str, Sequence[str]],
        decode: Callable[[Any], Any] | None,
    ) -> None:
        self.top = top
        self.columns = columns
        self._decode = decode
        self._index = {name: {c: i for i, c in enumerate(cs)} for name, cs in columns.items()}
        self._key = [self._index[top.name][k] for k in top.key]
        self._one = self._key[0] if len(self._key) == 1 else None
        #: For each child table, where its owner key is in its rows.
        self.owner_index = {
            table.name: [self._index[table.name][k] for k in table.owner]
            for table in top.walk()
            if table.parent is not None
        }
        self._fill = self._compile(top)

    def key(self, row: Sequence[Any]) -> tuple[Any, ...]:
        """The record key of a top-level row."""
        if self._one is not None:
            return (row[self._one],)
        return tuple(row[i] for i in self._key)

    def group(self, table: str, rows: Sequence[Sequence[Any]]) -> dict[tuple[Any, ...], list[Any]]:
        """A child table's rows (ordered by key) grouped by their owner's key."""
        owner = self.owner_index[table]
        groups: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
        if len(owner) == 1:
            (at,) = owner
            for row in rows:
                groups[(row[at],)].append(row)
        else:
            for row in rows:
                groups[tuple(row[i] for i in owner)].append(row)
        return groups

    def record(self, row: Sequence[Any], key: tuple[Any, ...], groups: Groups) -> Any:
        """The record of a top-level row (whose record key is *key*), or :class:`Slow`."""
        if self._decode is None:
            raise Slow
        data = self._fill(row, key, groups)
        try:
            return self._decode(data)
        except Exception:  # msgspec or a validator refused: the slow path reports it
            raise Slow from None

    # --- compiling ---

    def _compile(self, top: TableLayout) -> _Fill:
        source = _Source(self._index)
        source.function("fill", top, ("r", "k", "g"))
        namespace: dict[str, Any] = {
            "Slow": Slow,
            "_dec": _check_decimal,
            "_isfinite": _isfinite,
        }
        code = "\n".join(source.lines)
        exec(compile(code, f"<row plan of {top.name}>", "exec"), namespace)  # noqa: S102  # nosec B102 - generated from the layout, no input in it
        fill: _Fill = namespace["fill"]
        return fill


class _Source:
    """The Python source of a kind's row plan: one function for the top table, one for each
    child table, written out from the layout's nodes (a generated function is several times
    faster than a walk over the nodes for every row; attrs and cattrs do the same)."""

    def __init__(self, index: Mapping[str, Mapping[str, int]]) -> None:
        self.index = index
        self.lines: list[str] = []
        self._names = 0

    def name(self, prefix: str = "v") -> str:
        self._names += 1
        return f"{prefix}{self._names}"

    def function(self, name: str, table: TableLayout, arguments: tuple[str, str, str]) -> None:
        """``def name(r, k, g)``: the wire dict of a row *r* of *table* with key *k*."""
        body: list[str] = []
        self.fields(table, table.fields, "r", "k", body, 1, "d", ())
        self.lines.append(f"def {name}({', '.join(arguments)}):")
        self.lines.extend(body)
        self.lines.append("    return d")

    def items(self, node: CollectionNode) -> str:
        """A function from (count, owner key, groups) to the collection's wire list."""
        child = node.table
        index = self.index[child.name]
        name = self.name("items")
        body = [
            f"def {name}(count, k, g):",
            f"    rows = g[{child.name!r}].get(k, ())",
            "    if count != len(rows):",
            "        raise Slow",
            "    out = []",
            "    at = 0",
            "    for r in rows:",
            f"        if r[{index['position']}] != at:",
            "            raise Slow",
        ]
        if isinstance(node.element, ScalarNode):
            value = f"r[{index['value']}]"
            check = _check_of(node.element, value)
            if check:
                body.append(f"        {check}")
            body.append(f"        out.append({value})")
        else:
            # an element's own key, (*k, at), is built only where it is used: for its own
            # child rows, which most elements do not have
            inner: list[str] = []
            self.fields(child, child.fields, "r", "(*k, at)", inner, 2, "d", ())
            body.extend(inner)
            body.append("        out.append(d)")
        body += ["        at += 1", "    return out"]
        self.lines.extend(body)
        return name

    def fields(
        self,
        table: TableLayout,
        nodes: tuple[Node, ...],
        r: str,
        k: str,
        out: list[str],
        depth: int,
        target: str,
        extra: tuple[str, ...],
    ) -> None:
        """Statements setting *target* to the wire dict of *nodes* (a record's fields)."""
        index = self.index[table.name]
        pad = "    " * depth
        items = list(extra)
        later: list[str] = []
        for node in nodes:
            key = repr(node.key)
            if isinstance(node, ScalarNode):
                value = f"{r}[{index[node.column]}]"
                check = _check_of(node, value)
                if check:
                    out.append(pad + check)
                items.append(f"{key}: {value}")
            elif isinstance(node, RecordNode):
                items.append(f"{key}: {self.record(table, node, r, k, out, depth)}")
            elif isinstance(node, UnionNode):
                items.append(f"{key}: {self.union(table, node, r, k, out, depth)}")
            elif isinstance(node, AnswerNode):
                items.append(f"{key}: {self.answer(table, node, r, k, out, depth)}")
            else:
                count = self.name("c")
                value = self.name()
                function = self.items(node)
                out.append(f"{pad}{count} = {r}[{index[node.count_column]}]")
                rows = f"g[{node.table.name!r}]"
                out.append(f"{pad}if {count} is None:")
                out.append(f"{pad}    if {rows} and {rows}.get({k}):")
                out.append(f"{pad}        raise Slow")
                out.append(f"{pad}    {value} = None")
                out.append(f"{pad}else:")
                out.append(f"{pad}    {value} = {function}({count}, {k}, g)")
                if node.optional:
                    items.append(f"{key}: {value}")
                else:  # not recorded: the key is left out, as the slow path leaves it
                    later.append(f"{pad}if {count} is not None:")
                    later.append(f"{pad}    {target}[{key}] = {value}")
        out.append(f"{pad}{target} = {{{', '.join(items)}}}")
        out.extend(later)

    def record(
        self, table: TableLayout, node: RecordNode, r: str, k: str, out: list[str], depth: int
    ) -> str:
        index = self.index[table.name]
        pad = "    " * depth
        value = self.name()
        own = [f"{r}[{index[c]}]" for c in _scalar_columns(node.fields)]
        if node.presence is None and not node.optional:
            self.fields(table, node.fields, r, k, out, depth, value, ())
            return value
        if node.presence is not None:
            out.append(f"{pad}if not {r}[{index[node.presence]}]:")
            if own:
                out.append(f"{pad}    if {' or '.join(f'{c} is not None' for c in own)}:")
                out.append(f"{pad}        raise Slow  # a stray value: the slow path reports it")
        else:
            empty = " and ".join(f"{c} is None" for c in own) or "True"
            out.append(f"{pad}if {empty}:")
        out.append(f"{pad}    {value} = None")
        out.append(f"{pad}else:")
        self.fields(table, node.fields, r, k, out, depth + 1, value, ())
        return value

    def union(
        self, table: TableLayout, node: UnionNode, r: str, k: str, out: list[str], depth: int
    ) -> str:
        index = self.index[table.name]
        pad = "    " * depth
        value = self.name()
        tag = self.name("t")
        out.append(f"{pad}{tag} = {r}[{index[node.tag_column]}]")
        word = "if"
        for kind, fields in node.variants:
            own = set(_scalar_columns(fields))
            others = sorted(
                {c for other, f in node.variants if other != kind for c in _scalar_columns(f)} - own
            )
            out.append(f"{pad}{word} {tag} == {kind!r}:")
            if others:
                stray = " or ".join(f"{r}[{index[c]}] is not None" for c in others)
                out.append(f"{pad}    if {stray}:")
                out.append(f"{pad}        raise Slow")
            self.fields(table, fields, r, k, out, depth + 1, value, (f"'kind': {tag}",))
            word = "elif"
        out.append(f"{pad}else:")
        out.append(f"{pad}    raise Slow")
        return value

    def answer(
        self, table: TableLayout, node: AnswerNode, r: str, k: str, out: list[str], depth: int
    ) -> str:
        index = self.index[table.name]
        pad = "    " * depth
        value = self.name()
        seen = self.name("n")
        count = self.name("c")
        out.append(f"{pad}{seen} = 0")
        out.append(f"{pad}{value} = None")
        for column, _ in node.columns:
            cell = f"{r}[{index[column]}]"
            out.append(f"{pad}if {cell} is not None:")
            out.append(f"{pad}    {value} = {cell}")
            out.append(f"{pad}    {seen} += 1")
        function = self.items(node.choices)
        out.append(f"{pad}{count} = {r}[{index[node.choices.count_column]}]")
        out.append(f"{pad}if {count} is not None:")
        out.append(f"{pad}    {value} = {function}({count}, {k}, g)")
        out.append(f"{pad}    {seen} += 1")
        rows = f"g[{node.choices.table.name!r}]"
        out.append(f"{pad}elif {rows} and {rows}.get({k}):")
        out.append(f"{pad}    raise Slow")
        out.append(f"{pad}if {seen} != 1:")
        out.append(f"{pad}    raise Slow")
        out.append(f"{pad}if {value}.__class__ is float and not _isfinite({value}):")
        out.append(f"{pad}    raise Slow")
        return value


def _check_of(node: ScalarNode, value: str) -> str:
    """The statement checking a scalar's value where msgspec would take more than the slow
    path (empty: nothing to check)."""
    if node.kind == "decimal":
        return f"if {value} is not None: _dec({value})"
    if node.kind == "float":
        return f"if {value}.__class__ is float and not _isfinite({value}): raise Slow"
    return ""


# --- writing: a record's dict to rows ---------------------------------------------------------


class RowEncoder:
    """The rows of one record kind's records, by a function generated from the layout.

    What :func:`~veteran_services.sql._rows.encode_record` does (which stays the reference:
    the tests compare the two), without walking the layout's nodes for every record: each
    row is a dict of every column of its table, in the table's column order, so that
    ``tuple(row.values())`` is the row for ``COPY``.

    Args:
        top: The kind's table layout.
        columns: Each table's column names, in the table's order.
    """

    def __init__(self, top: TableLayout, columns: Mapping[str, Sequence[str]]) -> None:
        self.top = top
        self.columns = columns
        writer = _Writer(columns)
        writer.top(top)
        namespace: dict[str, Any] = {"sorted": sorted}
        code = "\n".join(writer.lines)
        exec(compile(code, f"<row encoder of {top.name}>", "exec"), namespace)  # noqa: S102  # nosec B102 - generated from the layout, no input in it
        self.encode: Callable[[Mapping[str, Any], int, dict[str, list[Any]]], None] = namespace[
            "encode"
        ]


class _Writer:
    """The source of a kind's row encoder (see :class:`RowEncoder`)."""

    def __init__(self, columns: Mapping[str, Sequence[str]]) -> None:
        self.columns = columns
        self.lines: list[str] = []
        self._names = 0

    def name(self, prefix: str = "v") -> str:
        self._names += 1
        return f"{prefix}{self._names}"

    def top(self, table: TableLayout) -> None:
        body: list[str] = []
        cells: dict[str, str] = {"seq": "seq"}
        children: list[str] = []
        self.nodes(table.fields, "d", False, body, cells, children)
        body.append(f"    row = {self.literal(table, cells)}")
        key = ", ".join(f"row[{k!r}]" for k in table.key)
        body.append(f"    k = ({key},)")
        body.extend(f"    {line}" for line in children)
        body.append(f"    out[{table.name!r}].append(row)")
        self.lines.append("def encode(d, seq, out):")
        self.lines.extend(body)

    def literal(self, table: TableLayout, cells: dict[str, str]) -> str:
        names = self.columns[table.name]
        missing = set(names) ^ set(cells)
        if missing:  # pragma: no cover - the layout gives every column a value
            msg = f"table {table.name}: no value for {sorted(missing)}"
            raise TypeError(msg)
        return "{" + ", ".join(f"{n!r}: {cells[n]}" for n in names) + "}"

    def nodes(
        self,
        nodes: tuple[Node, ...],
        source: str,
        maybe_none: bool,
        body: list[str],
        cells: dict[str, str],
        children: list[str],
    ) -> None:
        """Statements and cell expressions for *nodes*, read from the dict *source*."""
        for node in nodes:
            get = (
                f"(None if {source} is None else {source}.get({node.key!r}))"
                if maybe_none
                else f"{source}.get({node.key!r})"
            )
            if isinstance(node, ScalarNode):
                cells[node.column] = get
                continue
            value = self.name()
            body.append(f"    {value} = {get}")
            if isinstance(node, RecordNode):
                if node.presence is not None:
                    present = f"({value} is not None)"
                    cells[node.presence] = (
                        f"(None if {source} is None else {present})" if maybe_none else present
                    )
                self.nodes(node.fields, value, True, body, cells, children)
            elif isinstance(node, UnionNode):
                tag = self.name("t")
                body.append(
                    f"    {tag} = {value}.get('kind') if {value}.__class__ is dict else None"
                )
                cells[node.tag_column] = tag
                for kind, fields in node.variants:
                    variant = self.name()
                    body.append(f"    {variant} = {value} if {tag} == {kind!r} else None")
                    self.nodes(fields, variant, True, body, cells, children)
            elif isinstance(node, AnswerNode):
                for column, value_type in node.columns:
                    cells[column] = (
                        f"({value} if {value}.__class__ is {value_type.__name__} else None)"
                    )
                many = f"({value}.__class__ is list or {value}.__class__ is tuple)"
                cells[node.choices.count_column] = f"(len({value}) if {many} else None)"
                children.append(f"if {many}:")
                children.append(f"    {self.items(node.choices)}({value}, k, out)")
            else:
                cells[node.count_column] = f"(None if {value} is None else len({value}))"
                children.append(f"if {value} is not None:")
                children.append(f"    {self.items(node)}({value}, k, out)")

    def items(self, node: CollectionNode) -> str:
        child = node.table
        name = self.name("items")
        cells: dict[str, str] = {column: f"owner[{at}]" for at, column in enumerate(child.owner)}
        cells["position"] = "position"
        body: list[str] = []
        children: list[str] = []
        if isinstance(node.element, ScalarNode):
            cells["value"] = "item"
        else:
            self.nodes(child.fields, "item", True, body, cells, children)
        lines = [f"def {name}(items, owner, out):", f"    rows = out[{child.name!r}]"]
        if node.is_set:
            lines.append("    items = sorted(items)")
        lines.append("    position = 0")
        lines.append("    for item in items:")
        lines.extend(f"    {line}" for line in body)
        lines.append(f"        row = {self.literal(child, cells)}")
        if children:
            lines.append("        k = (*owner, position)")
            lines.extend(f"        {line}" for line in children)
        lines.append("        rows.append(row)")
        lines.append("        position += 1")
        self.lines.extend(lines)
        return name
