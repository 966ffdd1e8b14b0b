"""Businesses started by veterans, the support they got and how they fared."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from attrs import field, frozen

from veteran_services.errors import InvalidRecordError
from veteran_services.model._codes import industry_code
from veteran_services.model._validators import (
    a_collection,
    a_date,
    check_type,
    each,
    enum_member,
    identifier,
    in_range,
    non_empty,
    not_before,
    optional,
    text,
    to_tuple,
)
from veteran_services.model.enums import LegalForm, SupportKind
from veteran_services.model.money import Money
from veteran_services.model.time import Quarter, whole_months_between

__all__ = ["Support", "Venture", "VentureSnapshot"]


@frozen(kw_only=True)
class Support:
    """One piece of support for a venture: a guaranteed loan, tax relief, incubation, ..."""

    kind: SupportKind = field(validator=enum_member(SupportKind))
    granted_on: date = field(validator=a_date)
    amount: Money | None = field(default=None, validator=optional(check_type(Money)))


@frozen(kw_only=True)
class VentureSnapshot:
    """A venture's size on a date (typically yearly)."""

    as_of: date = field(validator=a_date)
    employees: int = field(validator=[check_type(int), in_range(0, None)])
    veteran_employees: int = field(validator=[check_type(int), in_range(0, None)])
    revenue: Money | None = field(default=None, validator=optional(check_type(Money)))

    @veteran_employees.validator
    def _not_more_than_employees(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value > self.employees:
            msg = f"'veteran_employees' must not exceed 'employees' ({self.employees}), got {value}"
            raise InvalidRecordError("veteran_employees", msg)


def _snapshots_in_range(instance: Venture, attribute: attrs.Attribute[Any], value: Any) -> None:
    for snapshot in value:
        if not isinstance(snapshot, VentureSnapshot):
            msg = f"'snapshots' must hold VentureSnapshot records, got {snapshot!r}"
            raise InvalidRecordError("snapshots", msg)
        if snapshot.as_of < instance.registered_on:
            msg = (
                f"'snapshots' must not precede 'registered_on' ({instance.registered_on}), "
                f"got a snapshot as of {snapshot.as_of}"
            )
            raise InvalidRecordError("snapshots", msg)
    seen: set[date] = set()
    for snapshot in value:
        if snapshot.as_of in seen:
            msg = f"'snapshots' must have one snapshot per date, got two as of {snapshot.as_of}"
            raise InvalidRecordError("snapshots", msg)
        seen.add(snapshot.as_of)


@frozen(kw_only=True)
class Venture:
    """A business founded by one or more veterans.

    >>> v = Venture(id="B1", founder_ids=("V1",), name="Lakeside Logistics",
    ...             legal_form=LegalForm.LIMITED_COMPANY, industry="H", region="320115",
    ...             registered_on=date(2022, 5, 10))
    >>> v.months_active(as_of=date(2024, 5, 9)), v.is_active_on(date(2024, 5, 9))
    (23, True)
    """

    id: str = field(validator=identifier)
    founder_ids: tuple[str, ...] = field(
        converter=to_tuple, validator=[a_collection, non_empty, each(identifier)]
    )
    name: str = field(validator=text)
    legal_form: LegalForm = field(validator=enum_member(LegalForm))
    industry: str | None = field(default=None, validator=optional(industry_code))
    region: str = field(validator=identifier)
    registered_on: date = field(validator=a_date)
    closed_on: date | None = field(
        default=None, validator=[optional(a_date), not_before("registered_on")]
    )
    support: tuple[Support, ...] = field(
        default=(), converter=to_tuple, validator=[a_collection, each(check_type(Support))]
    )
    snapshots: tuple[VentureSnapshot, ...] = field(
        default=(), converter=to_tuple, validator=[a_collection, _snapshots_in_range]
    )

    @founder_ids.validator
    def _distinct_founders(self, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
        if len(set(value)) != len(value):
            msg = f"'founder_ids' must not repeat an id, got {list(value)}"
            raise InvalidRecordError("founder_ids", msg)

    def is_active_on(self, day: date) -> bool:
        """Whether the venture was registered and not yet closed on *day*."""
        return self.registered_on <= day and (self.closed_on is None or day <= self.closed_on)

    def months_active(self, *, as_of: date) -> int:
        """Whole months from registration to *as_of* (or to closure); never negative."""
        end = as_of if self.closed_on is None else min(self.closed_on, as_of)
        return whole_months_between(self.registered_on, end)

    def overlaps(self, quarter: Quarter) -> bool:
        """Whether the venture was active on at least one day of *quarter*."""
        return self.registered_on <= quarter.end and (
            self.closed_on is None or self.closed_on >= quarter.start
        )

    def latest_snapshot(self, *, as_of: date) -> VentureSnapshot | None:
        """The latest snapshot on or before *as_of*."""
        candidates = [s for s in self.snapshots if s.as_of <= as_of]
        return max(candidates, key=lambda s: s.as_of) if candidates else None
