"""Employers, job placements and quarterly earnings records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Final

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

__all__ = [
    "NO_TERM_CONTRACTS",
    "PLACEMENT_FACTS",
    "TERM_CONTRACTS",
    "EarningsRecord",
    "Employer",
    "Placement",
]


@frozen(kw_only=True)
class Employer:
    """An employer that hires veterans; ``partner`` marks the bureau's partner employers.

    Only the id, the name and the region are required: a ledger that names an employer often
    records nothing else about it, so ``industry``, ``ownership`` and ``size`` are None when not
    recorded.
    """

    id: str = field(validator=identifier)
    name: str = field(validator=text)
    industry: str | None = field(default=None, validator=optional(industry_code))
    region: str = field(validator=identifier)
    ownership: Ownership | None = field(default=None, validator=optional(enum_member(Ownership)))
    size: SizeBand | None = field(default=None, validator=optional(enum_member(SizeBand)))
    partner: bool = field(default=False, validator=check_type(bool))


#: Contract types that have no length (``contract_months`` must be empty for them).
NO_TERM_CONTRACTS: Final = (ContractType.OPEN_ENDED, ContractType.NONE)
#: Term contracts: the kinds whose length (``contract_months``) scoring reads.
TERM_CONTRACTS: Final = (ContractType.FIXED_TERM, ContractType.PUBLIC_WELFARE_POST)
#: The facts of a placement that employment-quality scoring reads and that a record may leave
#: unrecorded (None): :meth:`Placement.unrecorded` lists those a record leaves out.
PLACEMENT_FACTS: Final = (
    "occupation",
    "contract",
    "contract_months",
    "weekly_hours",
    "monthly_wage",
    "insurance",
)


_end_reason: Final = enum_member(EndReason)


@frozen(kw_only=True)
class Placement:
    """A job a veteran took up, with the terms that employment-quality scoring looks at.

    Unknown is not none: every fact a ledger may leave out is None when it was not recorded,
    which is not the same as a recorded "none". ``contract=None`` is "contract type not
    recorded", while :attr:`ContractType.NONE <veteran_services.model.ContractType>` is "no
    written contract"; ``insurance=None`` is "not recorded", while ``frozenset()`` is "recorded:
    no scheme paid". Scoring leaves an indicator missing for an unknown fact and raises a
    compliance flag only on a recorded one. The job is named by its ISCO-08 ``occupation``
    code, by its ``occupation_title`` as written (``"保安员"``), or by both; one is required.

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
    occupation: str | None = field(default=None, validator=optional(occupation_code))
    occupation_title: str | None = field(default=None, validator=optional(text))
    started_on: date = field(validator=a_date)
    ended_on: date | None = field(
        default=None, validator=[optional(a_date), not_before("started_on")]
    )
    # the member check is the first step of the rule below (one validator, not two: issue 21)
    end_reason: EndReason | None = field(default=None)
    contract: ContractType | None = field(
        default=None, validator=optional(enum_member(ContractType))
    )
    contract_months: int | None = field(
        default=None, validator=optional(check_type(int), in_range(1, 600))
    )
    weekly_hours: Decimal | None = field(
        default=None, validator=optional(check_type(Decimal), in_range(0, 168))
    )
    monthly_wage: Money | None = field(default=None, validator=optional(check_type(Money)))
    insurance: frozenset[Insurance] | None = field(
        default=None,
        converter=attrs.converters.optional(to_frozenset),
        validator=optional(a_collection, each(enum_member(Insurance))),
    )
    subsidised: bool = field(default=False, validator=check_type(bool))
    source: PlacementSource = field(
        default=PlacementSource.OTHER, validator=enum_member(PlacementSource)
    )
    enrolment_id: str | None = field(default=None, validator=optional(identifier))

    @occupation_title.validator
    def _occupation_or_title(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and self.occupation is None:
            msg = (
                "'occupation' (an ISCO-08 code) or 'occupation_title' (the job title as "
                "written) is required, got neither"
            )
            raise InvalidRecordError("occupation", msg)

    @end_reason.validator
    def _reason_only_when_ended(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        if value.__class__ is not EndReason:
            _end_reason(self, attribute, value)
        if self.ended_on is None:
            msg = f"'end_reason' must be empty while 'ended_on' is empty, got {value.value!r}"
            raise InvalidRecordError("end_reason", msg)

    @contract_months.validator
    def _months_only_for_term_contracts(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and self.contract in NO_TERM_CONTRACTS:
            msg = (
                f"'contract_months' must be empty for a {self.contract.value!r} contract, "
                f"got {value}"
            )
            raise InvalidRecordError("contract_months", msg)

    def unrecorded(self) -> tuple[str, ...]:
        """The facts of :data:`PLACEMENT_FACTS` this record leaves unrecorded (None), in that
        order; ``contract_months`` counts only for a term contract (fixed-term or public-welfare
        post), the only kinds with a length.

        >>> Placement(id="P1", veteran_id="V1", employer_id="E1", occupation_title="保安员",
        ...           started_on=date(2024, 1, 31), insurance=[]).unrecorded()
        ('occupation', 'contract', 'weekly_hours', 'monthly_wage')
        """
        missing = []
        if self.occupation is None:
            missing.append("occupation")
        if self.contract is None:
            missing.append("contract")
        elif self.contract_months is None and self.contract in TERM_CONTRACTS:
            missing.append("contract_months")
        if self.weekly_hours is None:
            missing.append("weekly_hours")
        if self.monthly_wage is None:
            missing.append("monthly_wage")
        if self.insurance is None:
            missing.append("insurance")
        return tuple(missing)

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
