"""Employers, job placements and quarterly earnings records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
from attrs import field, frozen

from veteran_services.errors import InvalidRecordError
from veteran_services.model._codes import industry_code, occupation_code
from veteran_services.model._validators import (
    a_collection,
    a_date,
    check_type,
    each,
    enum_member,
    identifier,
    in_range,
    not_before,
    optional,
    text,
    to_frozenset,
)
from veteran_services.model.enums import (
    ContractType,
    EndReason,
    Insurance,
    Ownership,
    PlacementSource,
    SizeBand,
)
from veteran_services.model.money import Money
from veteran_services.model.time import Quarter, whole_months_between

__all__ = ["EarningsRecord", "Employer", "Placement"]


@frozen(kw_only=True)
class Employer:
    """An employer that hires veterans; ``partner`` marks the bureau's partner employers."""

    id: str = field(validator=identifier)
    name: str = field(validator=text)
    industry: str = field(validator=industry_code)
    region: str = field(validator=identifier)
    ownership: Ownership = field(validator=enum_member(Ownership))
    size: SizeBand | None = field(default=None, validator=optional(enum_member(SizeBand)))
    partner: bool = field(default=False, validator=check_type(bool))


@frozen(kw_only=True)
class Placement:
    """A job a veteran took up, with the terms that employment-quality scoring looks at.

    >>> p = Placement(id="P1", veteran_id="V1", employer_id="E1", occupation="8322",
    ...               started_on=date(2024, 1, 31), contract=ContractType.FIXED_TERM,
    ...               contract_months=36, weekly_hours=Decimal("40"),
    ...               monthly_wage=Money.of("4500"))
    >>> p.tenure_months(as_of=date(2024, 2, 29)), p.is_active_on(date(2030, 1, 1))
    (1, True)
    """

    id: str = field(validator=identifier)
    veteran_id: str = field(validator=identifier)
    employer_id: str = field(validator=identifier)
    occupation: str = field(validator=occupation_code)
    started_on: date = field(validator=a_date)
    ended_on: date | None = field(
        default=None, validator=[optional(a_date), not_before("started_on")]
    )
    end_reason: EndReason | None = field(default=None, validator=optional(enum_member(EndReason)))
    contract: ContractType = field(default=ContractType.NONE, validator=enum_member(ContractType))
    contract_months: int | None = field(
        default=None, validator=optional(check_type(int), in_range(1, 600))
    )
    weekly_hours: Decimal | None = field(
        default=None, validator=optional(check_type(Decimal), in_range(0, 168))
    )
    monthly_wage: Money | None = field(default=None, validator=optional(check_type(Money)))
    insurance: frozenset[Insurance] = field(
        default=frozenset(),
        converter=to_frozenset,
        validator=[a_collection, each(enum_member(Insurance))],
    )
    subsidised: bool = field(default=False, validator=check_type(bool))
    source: PlacementSource = field(
        default=PlacementSource.OTHER, validator=enum_member(PlacementSource)
    )
    enrolment_id: str | None = field(default=None, validator=optional(identifier))

    @end_reason.validator
    def _reason_only_when_ended(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and self.ended_on is None:
            msg = f"'end_reason' must be empty while 'ended_on' is empty, got {value.value!r}"
            raise InvalidRecordError("end_reason", msg)

    @contract_months.validator
    def _months_only_for_term_contracts(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and self.contract in (ContractType.OPEN_ENDED, ContractType.NONE):
            msg = (
                f"'contract_months' must be empty for a {self.contract.value!r} contract, "
                f"got {value}"
            )
            raise InvalidRecordError("contract_months", msg)

    def is_active_on(self, day: date) -> bool:
        """Whether the job was held on *day*."""
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    def tenure_months(self, *, as_of: date) -> int:
        """Whole months held by *as_of* (to the end date if the job has ended); never negative."""
        end = as_of if self.ended_on is None else min(self.ended_on, as_of)
        return whole_months_between(self.started_on, end)

    def overlaps(self, quarter: Quarter) -> bool:
        """Whether the job was held on at least one day of *quarter*."""
        return self.started_on <= quarter.end and (
            self.ended_on is None or self.ended_on >= quarter.start
        )

    def days_in(self, quarter: Quarter) -> int:
        """Days of *quarter* on which the job was held."""
        first = max(self.started_on, quarter.start)
        last = quarter.end if self.ended_on is None else min(self.ended_on, quarter.end)
        return max(0, (last - first).days + 1)


@frozen(kw_only=True)
class EarningsRecord:
    """Earnings from one employer in one quarter (wage-record style), an optional input."""

    veteran_id: str = field(validator=identifier)
    employer_id: str = field(validator=identifier)
    quarter: Quarter = field(validator=check_type(Quarter))
    amount: Money = field(validator=check_type(Money))
