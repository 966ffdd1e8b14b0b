"""Turning structuring failures into lines a person can act on.

cattrs reports a failed record as a tree of exception groups whose notes carry the attribute
names and list indices. This module walks that tree and yields one ``$.json.path: message``
line per leaf, keeping the model's own :class:`~veteran_services.errors.InvalidRecordError`
messages intact and never echoing a value found under a veteran's personal details.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from veteran_services.errors import InvalidRecordError, RecordProblem
from veteran_services.model import PersonalDetails, Veteran

__all__ = [
    "Invalid",
    "Leaf",
    "Place",
    "describe",
    "file_problem",
    "leaves",
    "place_of",
    "problem",
    "problem_lines",
]

_MAX_REPR = 60

#: Marker for "no value to quote" (a missing key, say).
_NOTHING: Any = object()


class Invalid(ValueError):
    """A value that does not fit its type, raised by the converter's strict hooks.

    Attributes:
        message: What was wrong, lower-case (``"must be a decimal number"``).
        value: The offending value (quoted in the report unless it is personal).
        subpath: A JSON path suffix below the field (``".kind"``), or ``""``.
    """

    def __init__(self, message: str, value: Any = _NOTHING, subpath: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.value = value
        self.subpath = subpath


def describe(value: Any) -> str:
    """A short quotation of *value* for an error message (long values are cut)."""
    try:
        text = repr(value)
    except Exception:  # pragma: no cover - a repr that fails is not worth failing for
        text = f"<{type(value).__name__}>"
    if len(text) > _MAX_REPR:
        text = text[: _MAX_REPR - 3] + "..."
    return text


class Place(str):
    """Where a problem is, as the text that starts its line (``"p.jsonl line 4: "``), with the
    same facts as attributes for the :class:`RecordProblem` built there."""

    file: str | None
    line: int | None
    row: int | str | None
    column: str | None

    def __new__(
        cls,
        text: str,
        *,
        file: str | None = None,
        line: int | None = None,
        row: int | str | None = None,
        column: str | None = None,
    ) -> Place:
        """A place whose text is *text*."""
        self = super().__new__(cls, text)
        self.file, self.line, self.row, self.column = file, line, row, column
        return self

    def problem(
        self,
        message: str,
        *,
        text: str | None = None,
        path: str | None = None,
        field: str | None = None,
        value: str | None = None,
        column: str | None = None,
    ) -> RecordProblem:
        """The problem *message* here; its line is this place's text and *text* (by default
        *message*)."""
        return RecordProblem(
            str(self) + (message if text is None else text),
            file=self.file,
            line=self.line,
            row=self.row,
            column=self.column if column is None else column,
            path=path,
            field=field,
            message=message,
            value=value,
        )


def place_of(prefix: str) -> Place:
    """*prefix* as a :class:`Place` (a plain prefix knows no place)."""
    return prefix if isinstance(prefix, Place) else Place(prefix)


class Leaf(NamedTuple):
    """One problem of a structuring failure.

    Attributes:
        path: The JSON path (``"$.monthly_wage.amount"``).
        text: The message as the problem's line shows it, with the quoted value.
        unknown: Whether it is an unknown key.
        field: The model field at the end of *path*, or ``None``.
        message: The message alone.
        value: The quoted value, or ``None`` (none, or personal).
    """

    path: str
    text: str
    unknown: bool
    field: str | None = None
    message: str = ""
    value: str | None = None


def problem(prefix: str, leaf: Leaf, **where: Any) -> RecordProblem:
    """The :class:`RecordProblem` of *leaf*: its line is ``PREFIX$.path: text``."""
    return place_of(prefix).problem(
        leaf.message,
        text=f"{leaf.path}: {leaf.text}",
        path=leaf.path,
        field=leaf.field,
        value=leaf.value,
        **where,
    )


def _field_names(cls: Any) -> frozenset[str]:
    if isinstance(cls, type) and attrs.has(cls):
        return frozenset(a.name for a in attrs.fields(cls))
    return frozenset()


def _notes(exc: BaseException) -> list[Any]:
    return list(getattr(exc, "__notes__", ()))


def leaves(
    exc: BaseException,
    path: str = "$",
    cls: Any = None,
    personal: bool = False,
    field: str | None = None,
) -> Iterator[Leaf]:
    """Walk a structuring failure: a :class:`Leaf` (``path, text, unknown, ...``) per problem.

    Args:
        exc: The exception raised while structuring.
        path: The JSON path of the value being structured.
        cls: The class being structured at *path* (for the model's field names).
        personal: Whether *path* lies inside personal details (values are not quoted).
        field: The model field at *path*, if any.
    """
    if isinstance(exc, ClassValidationError):
        inner_personal = personal or exc.cl is PersonalDetails
        for sub in exc.exceptions:
            note = next((n for n in _notes(sub) if n.__class__ is AttributeValidationNote), None)
            if note is None:
                yield from leaves(sub, path, exc.cl, inner_personal, field)
            else:
                into_personal = inner_personal or (exc.cl is Veteran and note.name == "personal")
                yield from leaves(sub, f"{path}.{note.name}", note.type, into_personal, note.name)
        return
    if isinstance(exc, IterableValidationError):
        for sub in exc.exceptions:
            item: Any = next(
                (n for n in _notes(sub) if n.__class__ is IterableValidationNote), None
            )
            where = path if item is None else f"{path}[{item.index}]"
            yield from leaves(sub, where, None if item is None else item.type, personal, field)
        return
    if isinstance(exc, BaseExceptionGroup):
        for other in exc.exceptions:
            yield from leaves(other, path, cls, personal, field)
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        name = exc.cl.__name__
        for key in sorted(exc.extra_fields, key=str):
            message = f"unknown key ({name} has no field {key!r})"
            yield Leaf(f"{path}.{key}", message, True, str(key), message)
        return
    if isinstance(exc, InvalidRecordError):
        inner = exc.field in _field_names(cls)
        where = f"{path}.{exc.field}" if inner else path
        message = str(exc)
        yield Leaf(where, message, False, exc.field if inner else field, message)
        return
    if isinstance(exc, Invalid):
        message = text = exc.message
        value = None
        if exc.value is not _NOTHING:
            if personal:
                text += " (value not shown)"
            else:
                value = describe(exc.value)
                text += f" (got {value})"
        yield Leaf(path + exc.subpath, text, False, field, message, value)
        return
    if isinstance(exc, KeyError):
        message = "is required but missing"
        yield Leaf(path, message, False, field, message)
        return
    if isinstance(exc, RecursionError):
        message = "is nested too deeply"
        yield Leaf(path, message, False, field, message)
        return
    # Anything else is a bug in a hook or an input the hooks did not foresee; say what
    # happened without quoting the value (it may be personal).
    message = f"could not be read ({type(exc).__name__})"
    yield Leaf(path, message, False, field, message)


def problem_lines(exc: BaseException, prefix: str = "") -> list[str]:
    """One ``PREFIX$.path: message`` problem per problem in *exc*."""
    return [problem(prefix, leaf) for leaf in leaves(exc)]


def file_problem(name: str, line: str, **facts: Any) -> RecordProblem:
    """A problem of the file *name* whose *line* starts ``NAME: `` (the message is the rest)."""
    head = f"{name}: "
    message = line[len(head) :] if line.startswith(head) else line
    facts.setdefault("message", message)
    return RecordProblem(line, file=name, **facts)
