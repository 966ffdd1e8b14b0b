"""Businesses started by veterans, the support they got and how they fared.

What an office records about a venture (schema version 3): its registration and closure, the
support it got (:class:`Support`: start-up subsidy 创业补贴, guaranteed start-up loan 创业担保贷款
with its amount, term and repayment status, incubator or premises 孵化基地/场地, training,
mentoring), its certifications (:class:`Certification`: high-tech enterprise, science-based
SME, patents) and, at each snapshot (:class:`VentureSnapshot`), its operating status,
employees (veterans and insured among them), revenue, profit, tax paid and the founder's own
income. Every fact added in version 3 may be unrecorded (``None``), and unrecorded is never
read as "none" or "zero".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

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
from veteran_services.model.enums import (
    CertificationKind,
    LegalForm,
    OperatingStatus,
    RepaymentStatus,
    SupportKind,
)
from veteran_services.model.money import MAX_AMOUNT, Money
from veteran_services.model.time import Quarter, whole_months_between

__all__ = [
    "CERTIFICATION_SOURCES",
    "CLOSED_STATUSES",
    "LOAN_TROUBLE",
    "Certification",
    "Support",
    "Venture",
    "VentureSnapshot",
]


#: The statuses that mean the venture has ended (the event of the survival analysis).
CLOSED_STATUSES: Final = frozenset({OperatingStatus.CLOSED, OperatingStatus.DEREGISTERED})


#: The repayment statuses counted as trouble by the flags and the default rate.
LOAN_TROUBLE: Final = frozenset({RepaymentStatus.IN_ARREARS, RepaymentStatus.DEFAULTED})


#: Who grants each certification and under which rules (the code list's sources).
CERTIFICATION_SOURCES: Final = MappingProxyType(
    {
        CertificationKind.HIGH_TECH_ENTERPRISE: (
            "Ministry of Science and Technology, Ministry of Finance, State Taxation "
            "Administration: Measures for the Administration of the Recognition of High-tech "
            "Enterprises (Guokefahuo [2016] No. 32); valid three years"
        ),
        CertificationKind.SCIENCE_BASED_SME: (
            "Ministry of Science and Technology: Measures for the Evaluation of Science-based "
            "SMEs (Guokefazheng [2017] No. 115; revised Guokefazheng [2022] No. 67); yearly"
        ),
        CertificationKind.SPECIALISED_SME: (
            "Ministry of Industry and Information Technology: Interim Measures for the "
            "Gradient Cultivation of High-quality SMEs (Gongxinbuqiye [2022] No. 63)"
        ),
        CertificationKind.INVENTION_PATENT: (
            "China National Intellectual Property Administration: Patent Law of the PRC "
            "(2020), art. 2 and 42 (20 years)"
        ),
        CertificationKind.UTILITY_MODEL_PATENT: (
            "China National Intellectual Property Administration: Patent Law of the PRC "
            "(2020), art. 2 and 42 (10 years)"
        ),
        CertificationKind.DESIGN_PATENT: (
            "China National Intellectual Property Administration: Patent Law of the PRC "
            "(2020), art. 2 and 42 (15 years)"
        ),
        CertificationKind.SOFTWARE_COPYRIGHT: (
            "Copyright Protection Center of China: Regulations on the Protection of Computer "
            "Software (2013), registration under the Measures for Computer Software "
            "Copyright Registration (2002)"
        ),
        CertificationKind.OTHER: "as recorded in the certification's own 'source'",
    }
)

_LOAN_ONLY: Final = ("term_months", "repayment", "repayment_as_of")


def _signed_decimal(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Decimal):
        msg = f"'{attribute.name}' must be a Decimal, got {value!r}"
        raise InvalidRecordError(attribute.name, msg)
    in_range(-MAX_AMOUNT, MAX_AMOUNT)(instance, attribute, value)


@frozen(kw_only=True)
class Support:
    """One piece of support for a venture: a start-up subsidy, a guaranteed loan, incubation,
    premises, training, mentoring, tax relief.

    Attributes:
        kind: What the support was.
        granted_on: The day it was granted (a loan: the day it was paid out).
        amount: Its amount (a subsidy or loan), or None when not recorded or not money.
        term_months: A guaranteed loan's term in months (1-120), or None when not recorded.
        repayment: Where a guaranteed loan's repayment stood on ``repayment_as_of``, or None
            when not recorded.
        repayment_as_of: The day the repayment status was recorded (required with
            ``repayment``; not before ``granted_on``).
        ended_on: The day incubation, premises, training or mentoring ended, or None while it
            lasts or when not recorded.
        provider: The incubator, premises, trainer or mentor (a name or an id), or None.

    >>> from decimal import Decimal
    >>> loan = Support(kind=SupportKind.GUARANTEED_LOAN, granted_on=date(2023, 3, 1),
    ...                amount=Money(amount=Decimal("200000")), term_months=36,
    ...                repayment=RepaymentStatus.CURRENT, repayment_as_of=date(2024, 3, 1))
    >>> loan.in_trouble
    False
    """

    kind: SupportKind = field(validator=enum_member(SupportKind))
    granted_on: date = field(validator=a_date)
    amount: Money | None = field(default=None, validator=optional(check_type(Money)))
    term_months: int | None = field(
        default=None, validator=optional(check_type(int), in_range(1, 120))
    )
    repayment: RepaymentStatus | None = field(
        default=None, validator=optional(enum_member(RepaymentStatus))
    )
    repayment_as_of: date | None = field(
        default=None, validator=[optional(a_date), not_before("granted_on")]
    )
    ended_on: date | None = field(
        default=None, validator=[optional(a_date), not_before("granted_on")]
    )
    provider: str | None = field(default=None, validator=optional(text))

    def __attrs_post_init__(self) -> None:
        if self.kind is not SupportKind.GUARANTEED_LOAN:
            for name in _LOAN_ONLY:
                if getattr(self, name) is not None:
                    msg = (
                        f"'{name}' is recorded for guaranteed loans only, got "
                        f"{getattr(self, name)!r} on a {self.kind.value!r} support"
                    )
                    raise InvalidRecordError(name, msg)
        if (self.repayment is None) != (self.repayment_as_of is None):
            msg = (
                "'repayment_as_of' must be given with 'repayment' and only with it, got "
                f"repayment={self.repayment!r}, repayment_as_of={self.repayment_as_of!r}"
            )
            raise InvalidRecordError("repayment_as_of", msg)

    @property
    def is_loan(self) -> bool:
        """Whether this is a guaranteed start-up loan (创业担保贷款)."""
        return self.kind is SupportKind.GUARANTEED_LOAN

    @property
    def in_trouble(self) -> bool:
        """Whether a loan's recorded repayment is in arrears or defaulted (False when unknown)."""
        return self.repayment in LOAN_TROUBLE


@frozen(kw_only=True)
class Certification:
    """A certification or intellectual-property right a venture holds.

    Attributes:
        kind: What it is (the body granting each kind: :data:`CERTIFICATION_SOURCES`).
        awarded_on: The day it was granted, or None when not recorded.
        expires_on: The day it lapses (a high-tech certificate after three years), or None.
        reference: The certificate or patent number, or None.
        source: Where the office found the fact (a register, a document), or None.
    """

    kind: CertificationKind = field(validator=enum_member(CertificationKind))
    awarded_on: date | None = field(default=None, validator=optional(a_date))
    expires_on: date | None = field(
        default=None, validator=[optional(a_date), not_before("awarded_on")]
    )
    reference: str | None = field(default=None, validator=optional(text))
    source: str | None = field(default=None, validator=optional(text))

    def is_held_on(self, day: date) -> bool:
        """Whether it was held on *day*: granted by then (an unknown grant date counts as held,
        since the office recorded it) and not lapsed."""
        granted = self.awarded_on is None or self.awarded_on <= day
        return granted and (self.expires_on is None or day <= self.expires_on)


@frozen(kw_only=True)
class VentureSnapshot:
    """What an office recorded about a venture on a date (typically yearly).

    Attributes:
        as_of: The day the snapshot describes.
        employees: Number of employees on the date (the founders not counted).
        veteran_employees: Number of employees who are veterans (at most 'employees').
        revenue: Revenue over the twelve months up to the date, or None when not recorded.
        status: The operating status on the date, or None when not recorded.
        insured_employees: Employees for whom the venture pays social insurance (at most
            'employees'), or None when not recorded.
        profit: Net profit over the twelve months up to the date in yuan, negative for a
            loss, or None when not recorded.
        tax_paid: Tax paid over the twelve months up to the date, or None when not recorded.
        founder_monthly_income: The founder's own monthly income from the venture, or None
            when not recorded.
    """

    as_of: date = field(validator=a_date)
    employees: int = field(validator=[check_type(int), in_range(0, None)])
    veteran_employees: int = field(validator=[check_type(int), in_range(0, None)])
    revenue: Money | None = field(default=None, validator=optional(check_type(Money)))
    status: OperatingStatus | None = field(
        default=None, validator=optional(enum_member(OperatingStatus))
    )
    insured_employees: int | None = field(
        default=None, validator=optional(check_type(int), in_range(0, None))
    )
    profit: Decimal | None = field(default=None, validator=optional(_signed_decimal))
    tax_paid: Money | None = field(default=None, validator=optional(check_type(Money)))
    founder_monthly_income: Money | None = field(
        default=None, validator=optional(check_type(Money))
    )

    @veteran_employees.validator
    def _not_more_than_employees(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value > self.employees:
            msg = f"'veteran_employees' must not exceed 'employees' ({self.employees}), got {value}"
            raise InvalidRecordError("veteran_employees", msg)

    @insured_employees.validator
    def _insured_not_more(self, attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and value > self.employees:
            msg = f"'insured_employees' must not exceed 'employees' ({self.employees}), got {value}"
            raise InvalidRecordError("insured_employees", msg)


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


def _statuses_agree(instance: Venture, attribute: attrs.Attribute[Any], value: Any) -> None:
    closed_on = instance.closed_on
    for snapshot in value:
        status = snapshot.status
        if status is None:
            continue
        if status in CLOSED_STATUSES and (closed_on is None or closed_on > snapshot.as_of):
            msg = (
                f"'snapshots': the snapshot as of {snapshot.as_of} says {status.value!r}, but "
                f"'closed_on' is {closed_on}; set 'closed_on' to the day it closed"
            )
            raise InvalidRecordError("snapshots", msg)
        if status not in CLOSED_STATUSES and closed_on is not None and snapshot.as_of > closed_on:
            msg = (
                f"'snapshots': the snapshot as of {snapshot.as_of} says {status.value!r}, after "
                f"'closed_on' ({closed_on})"
            )
            raise InvalidRecordError("snapshots", msg)


@frozen(kw_only=True)
class Venture:
    """A business founded by one or more veterans.

    Attributes:
        certifications: The certifications and patents it holds or held (schema version 3;
            ``()`` also for "none recorded": an office records those it knows of).

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
        default=(),
        converter=to_tuple,
        validator=[a_collection, _snapshots_in_range, _statuses_agree],
    )
    certifications: tuple[Certification, ...] = field(
        default=(), converter=to_tuple, validator=[a_collection, each(check_type(Certification))]
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

    def snapshots_until(self, as_of: date) -> tuple[VentureSnapshot, ...]:
        """The snapshots on or before *as_of*, oldest first."""
        return tuple(sorted((s for s in self.snapshots if s.as_of <= as_of), key=_as_of))

    def loans(self) -> tuple[Support, ...]:
        """The guaranteed start-up loans (创业担保贷款), oldest first."""
        return tuple(sorted((s for s in self.support if s.is_loan), key=_granted))

    def supported_by(self, as_of: date) -> bool:
        """Whether any support was granted on or before *as_of*."""
        return any(s.granted_on <= as_of for s in self.support)

    def certifications_held(self, day: date) -> tuple[Certification, ...]:
        """The certifications held on *day* (:meth:`Certification.is_held_on`)."""
        return tuple(c for c in self.certifications if c.is_held_on(day))


def _as_of(snapshot: VentureSnapshot) -> date:
    return snapshot.as_of


def _granted(support: Support) -> date:
    return support.granted_on
