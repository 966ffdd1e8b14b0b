"""Record kinds and their classes."""

from __future__ import annotations

from typing import Any, Final

import attrs

from veteran_services.errors import InvalidInputError
from veteran_services.model import (
    RECORD_KINDS,
    EarningsRecord,
    Employer,
    Enrolment,
    Instrument,
    Placement,
    Programme,
    ServiceContact,
    SurveyResponse,
    TrainingProvider,
    Venture,
    Veteran,
)

__all__ = ["KIND_CLASSES", "check_record_class", "kind_of"]

#: The class of each record kind, in :data:`~veteran_services.model.RECORD_KINDS` order.
KIND_CLASSES: Final[dict[str, type[Any]]] = {
    "veterans": Veteran,
    "providers": TrainingProvider,
    "programmes": Programme,
    "enrolments": Enrolment,
    "employers": Employer,
    "placements": Placement,
    "ventures": Venture,
    "earnings": EarningsRecord,
    "contacts": ServiceContact,
    "instruments": Instrument,
    "responses": SurveyResponse,
}
assert tuple(KIND_CLASSES) == RECORD_KINDS  # noqa: S101 - a programming error, caught on import  # nosec B101

_KINDS: Final = {cls: kind for kind, cls in KIND_CLASSES.items()}


def kind_of(cls: type[Any]) -> str | None:
    """The record kind of *cls* (``"placements"``), or None for a part of a record."""
    return _KINDS.get(cls)


def check_record_class(cls: Any, argument: str = "cls") -> None:
    """Refuse anything but an attrs class of the model."""
    if not (isinstance(cls, type) and attrs.has(cls)):
        msg = f"'{argument}' must be a record class such as Placement, got {cls!r}"
        raise InvalidInputError(argument, msg)
