"""Code-list validators for the model (occupation and industry codes)."""

from __future__ import annotations

from functools import cache
from typing import Any

import attrs

from veteran_services import codes
from veteran_services.errors import InvalidRecordError, UnknownCodeError

__all__ = ["industry_code", "occupation_code"]


@cache
def _occupation_codes() -> frozenset[str]:
    return frozenset(group.code for group in codes.occupations())


def occupation_code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An ISCO-08 code of any level ("7", "72", "721" or "7212")."""
    if value.__class__ is str and value in _occupation_codes():
        return  # a code of the list, without the lookup's checks (issue 21)
    if not isinstance(value, str):
        msg = f"'{attribute.name}' must be an ISCO-08 code as a string, got {value!r}"
        raise InvalidRecordError(attribute.name, msg)
    try:
        codes.occupation(value)
    except UnknownCodeError as error:
        raise InvalidRecordError(attribute.name, f"'{attribute.name}': {error}") from None


def industry_code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An ISIC Rev.4 section letter (A-U)."""
    if not isinstance(value, str):
        msg = f"'{attribute.name}' must be an ISIC Rev.4 section as a string, got {value!r}"
        raise InvalidRecordError(attribute.name, msg)
    try:
        codes.industry(value)
    except UnknownCodeError as error:
        raise InvalidRecordError(attribute.name, f"'{attribute.name}': {error}") from None
