"""English and Chinese labels for the library's enums.

Enums carry stable string values (what goes on the wire); their human-readable labels live in
a registry filled next to each enum's definition, so the values stay plain strings that cattrs,
Hypothesis and JSON Schema understand.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Literal, TypeVar

from veteran_services import _i18n
from veteran_services._checks import checked

__all__ = ["Lang", "label", "labelled_enums", "register_labels", "registered"]

Lang = Literal["en", "zh"]

_E = TypeVar("_E", bound=Enum)

_LABELS: dict[type[Enum], dict[Enum, tuple[str, str]]] = {}


@checked
def register_labels(enum: type[_E], labels: Mapping[_E, tuple[str, str]]) -> type[_E]:
    """Register ``(english, chinese)`` labels for every member of *enum*.

    Raises:
        ValueError: if a member has no label or a label is empty (a programming error caught
            at import time, not a user's mistake).
    """
    missing = [m.name for m in enum if m not in labels]
    if missing:
        msg = f"{enum.__name__} has members without labels: {', '.join(missing)}"
        raise ValueError(msg)
    for member, (en, zh) in labels.items():
        if not en or not zh:
            msg = f"{enum.__name__}.{member.name} has an empty label"
            raise ValueError(msg)
    _LABELS[enum] = dict(labels.items())
    return enum


@checked
def label(member: Enum, lang: str = "en") -> str:
    """The human-readable label of an enum member, in English (``"en"``) or Chinese (``"zh"``).

    The English label is the one registered; other languages come from the message catalogue
    (``_i18n``), whose entry for a label has the enum's name as its context and is seeded from
    the registered Chinese label by ``scripts/i18n.py extract``.

    >>> from veteran_services.codes import EducationLevel
    >>> label(EducationLevel.BACHELOR), label(EducationLevel.BACHELOR, lang="zh")
    ("Bachelor's or equivalent", '学士或同等')
    """
    if lang not in _i18n.languages():
        msg = f"'lang' must be one of {', '.join(_i18n.languages())}, got {lang!r}"
        raise ValueError(msg)
    english = registered(member)[0]
    if lang == _i18n.SOURCE_LANGUAGE:
        return english
    return _i18n.translate(english, lang, context=type(member).__name__)


def registered(member: Enum) -> tuple[str, str]:
    """The ``(english, chinese)`` labels registered for *member* (the catalogue's source).

    Raises:
        LookupError: *member*'s enum has no registered labels.
    """
    try:
        return _LABELS[type(member)][member]
    except KeyError:
        msg = f"{type(member).__name__} has no registered labels"
        raise LookupError(msg) from None


@checked
def labelled_enums() -> tuple[type[Enum], ...]:
    """Every enum with registered labels (for tests and documentation)."""
    return tuple(_LABELS)
