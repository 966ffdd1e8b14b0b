"""Turning structuring failures into lines a person can act on.

cattrs reports a failed record as a tree of exception groups whose notes carry the attribute
names and list indices. This module walks that tree and yields one ``$.json.path: message``
line per leaf, keeping the model's own :class:`~veteran_services.errors.InvalidRecordError`
messages intact and never echoing a value found under a veteran's personal details.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from veteran_services.errors import InvalidRecordError
from veteran_services.model import PersonalDetails, Veteran

__all__ = ["Invalid", "describe", "leaves", "problem_lines"]

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


def _field_names(cls: Any) -> frozenset[str]:
    if isinstance(cls, type) and attrs.has(cls):
        return frozenset(a.name for a in attrs.fields(cls))
    return frozenset()


def _notes(exc: BaseException) -> list[Any]:
    return list(getattr(exc, "__notes__", ()))


def leaves(
    exc: BaseException, path: str = "$", cls: Any = None, personal: bool = False
) -> Iterator[tuple[str, str, bool]]:
    """Walk a structuring failure: ``(json_path, message, is_unknown_key)`` per problem.

    Args:
        exc: The exception raised while structuring.
        path: The JSON path of the value being structured.
        cls: The class being structured at *path* (for the model's field names).
        personal: Whether *path* lies inside personal details (values are not quoted).
    """
    if isinstance(exc, ClassValidationError):
        inner_personal = personal or exc.cl is PersonalDetails
        for sub in exc.exceptions:
            note = next((n for n in _notes(sub) if n.__class__ is AttributeValidationNote), None)
            if note is None:
                yield from leaves(sub, path, exc.cl, inner_personal)
            else:
                into_personal = inner_personal or (exc.cl is Veteran and note.name == "personal")
                yield from leaves(sub, f"{path}.{note.name}", note.type, into_personal)
        return
    if isinstance(exc, IterableValidationError):
        for sub in exc.exceptions:
            item: Any = next(
                (n for n in _notes(sub) if n.__class__ is IterableValidationNote), None
            )
            where = path if item is None else f"{path}[{item.index}]"
            yield from leaves(sub, where, None if item is None else item.type, personal)
        return
    if isinstance(exc, BaseExceptionGroup):
        for other in exc.exceptions:
            yield from leaves(other, path, cls, personal)
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        name = exc.cl.__name__
        for key in sorted(exc.extra_fields, key=str):
            yield f"{path}.{key}", f"unknown key ({name} has no field {key!r})", True
        return
    if isinstance(exc, InvalidRecordError):
        where = f"{path}.{exc.field}" if exc.field in _field_names(cls) else path
        yield where, str(exc), False
        return
    if isinstance(exc, Invalid):
        message = exc.message
        if exc.value is not _NOTHING:
            message += " (value not shown)" if personal else f" (got {describe(exc.value)})"
        yield path + exc.subpath, message, False
        return
    if isinstance(exc, KeyError):
        yield path, "is required but missing", False
        return
    if isinstance(exc, RecursionError):
        yield path, "is nested too deeply", False
        return
    # Anything else is a bug in a hook or an input the hooks did not foresee; say what
    # happened without quoting the value (it may be personal).
    yield path, f"could not be read ({type(exc).__name__})", False


def problem_lines(exc: BaseException, prefix: str = "") -> list[str]:
    """One ``PREFIX$.path: message`` line per problem in *exc*."""
    return [f"{prefix}{path}: {message}" for path, message, _ in leaves(exc)]
