"""Schema versions and the migrations that bring older records up to date.

Every caseload folder records the schema version it was written with (``manifest.json``);
readers migrate older records, one version step at a time, before structuring them, so a
record is always validated against the current model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from attrs import frozen

from veteran_services._checks import checked, is_whole
from veteran_services.errors import InvalidInputError

__all__ = [
    "SCHEMA_VERSION",
    "Migration",
    "check_schema_version",
    "migrate",
    "migrations",
    "register_migration",
    "steps_for",
]

#: The version of the wire format this library writes (bumped whenever a field is renamed or
#: reshaped; additions that default keep the version).
SCHEMA_VERSION: Final = 3

Data = Any


@frozen(kw_only=True)
class Migration:
    """One step of a record kind from ``from_version`` to ``from_version + 1``.

    Attributes:
        kind: The record kind (``"placements"``).
        from_version: The version the step starts from.
        description: What changed, for people reading old files.
        apply: Takes one record as read (a dict) and returns it in the next version's shape.
    """

    kind: str
    from_version: int
    description: str
    apply: Callable[[Data], Data]


_REGISTRY: dict[tuple[str, int], list[Migration]] = {}


@checked
def register_migration(
    kind: str, from_version: int, description: str
) -> Callable[[Callable[[Data], Data]], Callable[[Data], Data]]:
    """Register a function as the step of *kind* records from *from_version* onwards.

    The function receives one record as read (any JSON value: it must leave what it does not
    recognise alone, validation comes after it) and returns the migrated record.
    """

    def register(function: Callable[[Data], Data]) -> Callable[[Data], Data]:
        step = Migration(
            kind=kind, from_version=from_version, description=description, apply=function
        )
        _REGISTRY.setdefault((kind, from_version), []).append(step)
        return function

    return register


@checked
def migrations() -> tuple[Migration, ...]:
    """Every registered migration, oldest first."""
    steps = [step for key in sorted(_REGISTRY) for step in _REGISTRY[key]]
    return tuple(sorted(steps, key=lambda step: step.from_version))


def check_schema_version(version: object, argument: str = "schema_version") -> int:
    """*version* as an int this library can read, or :class:`InvalidInputError`."""
    if not is_whole(version) or version < 0:
        msg = f"'{argument}' must be a whole number from 0 to {SCHEMA_VERSION}, got {version!r}"
        raise InvalidInputError(argument, msg)
    if version > SCHEMA_VERSION:
        msg = (
            f"'{argument}' {version} is newer than this library reads ({SCHEMA_VERSION}); "
            "upgrade veteran-services"
        )
        raise InvalidInputError(argument, msg)
    return version


def migrate(kind: str | None, data: Data, from_version: int) -> Data:
    """*data* (one record of *kind*, as read) brought from *from_version* to the current one."""
    if kind is None:
        return data
    for version in range(from_version, SCHEMA_VERSION):
        for step in _REGISTRY.get((kind, version), ()):
            data = step.apply(data)
    return data


def steps_for(kind: str | None, from_version: int) -> list[Callable[[Data], Data]]:
    """The functions that bring a *kind* record from *from_version* up to date, in order."""
    if kind is None:
        return []
    return [
        step.apply
        for version in range(from_version, SCHEMA_VERSION)
        for step in _REGISTRY.get((kind, version), ())
    ]


# --- the migrations -------------------------------------------------------------------------


@register_migration(
    "placements",
    0,
    "'wage' (a decimal string in yuan) and 'wage_currency' became 'monthly_wage', "
    "a Money object {'amount': ..., 'currency': ...}",
)
def _placement_wage_to_money(data: Data) -> Data:
    if not isinstance(data, Mapping) or "wage" not in data or "monthly_wage" in data:
        return data
    record = dict(data)
    wage = record.pop("wage")
    currency = record.pop("wage_currency", "CNY")
    record["monthly_wage"] = None if wage is None else {"amount": wage, "currency": currency}
    return record


@register_migration("veterans", 0, "'gender' was renamed 'sex'")
def _veteran_gender_to_sex(data: Data) -> Data:
    if not isinstance(data, Mapping) or "gender" not in data or "sex" in data:
        return data
    record = dict(data)
    record["sex"] = record.pop("gender")
    return record


@register_migration(
    "placements",
    1,
    "'contract' and 'insurance' may be null for 'not recorded'; a version-1 placement without "
    "them meant a recorded 'none' (no written contract, no scheme paid), and keeps that meaning",
)
def _placement_unknown_is_not_none(data: Data) -> Data:
    if not isinstance(data, Mapping) or ("contract" in data and "insurance" in data):
        return data
    record = dict(data)
    record.setdefault("contract", "none")
    record.setdefault("insurance", [])
    return record


@register_migration(
    "ventures",
    2,
    "ventures gained optional facts (snapshot status, insured employees, profit, tax paid, the "
    "founder's income; certifications; a loan's term and repayment, a support's end and "
    "provider); a version-2 venture reads unchanged, every new fact unrecorded",
)
def _ventures_gain_unknown_facts(data: Data) -> Data:
    return data
