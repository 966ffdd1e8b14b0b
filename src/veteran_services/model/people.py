"""Veterans, their periods of service and their personal details."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

import attrs
from attrs import field, frozen
from dateutil.relativedelta import relativedelta

from veteran_services._checks import is_whole
from veteran_services.codes import EducationLevel
from veteran_services.errors import InvalidRecordError
from veteran_services.model._validators import (
    a_collection,
    a_date,
    each,
    enum_member,
    identifier,
    in_range,
    non_empty,
    not_before,
    optional,
    to_frozenset,
    to_tuple,
)
from veteran_services.model.enums import (
    Barrier,
    Branch,
    Discharge,
    ExclusionReason,
    LivelihoodKind,
    RankCategory,
    Resettlement,
    Sex,
)
from veteran_services.model.time import age_on, whole_months_between

__all__ = ["Exclusion", "Livelihood", "PersonalDetails", "ServicePeriod", "Veteran"]


@frozen(kw_only=True)
class ServicePeriod:
    """One continuous period of service in one branch.

    The dates are required; ``branch`` and ``rank`` are None when the record does not say
    (a district ledger often keeps only 入伍时间 and 退役时间).

    >>> p = ServicePeriod(branch=Branch.ARMY, rank=RankCategory.NCO,
    ...                   start=date(2012, 9, 1), end=date(2020, 8, 31))
    >>> p.months()
    95
    """

    branch: Branch | None = field(default=None, validator=optional(enum_member(Branch)))
    rank: RankCategory | None = field(default=None, validator=optional(enum_member(RankCategory)))
    start: date = field(validator=a_date)
    end: date | None = field(default=None, validator=[optional(a_date), not_before("start")])
    discharge: Discharge | None = field(default=None, validator=optional(enum_member(Discharge)))
    resettlement: Resettlement | None = field(
        default=None, validator=optional(enum_member(Resettlement))
    )
    disability_rating: int | None = field(default=None, validator=optional(in_range(0, 100)))

    @disability_rating.validator
    def _whole_rating(self, attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and not is_whole(value):
            msg = f"'disability_rating' must be a whole number from 0 to 100, got {value!r}"
            raise InvalidRecordError("disability_rating", msg)

    def months(self, *, as_of: date | None = None) -> int:
        """Whole calendar months served, counting to *as_of* while still serving.

        Raises:
            InvalidRecordError: if the period is still open and *as_of* is not given.
        """
        end = self.end or as_of
        if end is None:
            msg = "'as_of' is needed for a period of service that has not ended"
            raise InvalidRecordError("as_of", msg)
        return whole_months_between(self.start, end)


_REDACTED = "<redacted>"


@frozen(kw_only=True, repr=False)
class PersonalDetails:
    """Directly identifying details, kept apart from the fields used for analysis.

    Their content never appears in ``repr()``, ``str()`` or an error message, and the library
    writes them out only when asked to explicitly.

    >>> PersonalDetails(name="张三", national_id="110101199003074514", phone="13800000000")
    PersonalDetails(<redacted>)
    """

    name: str | None = field(default=None, repr=False)
    national_id: str | None = field(default=None, repr=False)
    phone: str | None = field(default=None, repr=False)

    @name.validator
    @national_id.validator
    @phone.validator
    def _string_or_none(self, attribute: attrs.Attribute[str | None], value: Any) -> None:
        # The message names the field but never echoes the value: it is personal data.
        if value is not None and (not isinstance(value, str) or not value.strip()):
            msg = f"'{attribute.name}' must be a non-blank string or None (value not shown)"
            raise InvalidRecordError(attribute.name, msg)

    def __repr__(self) -> str:
        return f"PersonalDetails({_REDACTED})"

    __str__ = __repr__


@frozen(kw_only=True)
class Exclusion:
    """A reason to leave a veteran out of outcome indicators from a date on (WIOA exclusions)."""

    reason: ExclusionReason = field(validator=enum_member(ExclusionReason))
    on: date = field(validator=a_date)


@frozen(kw_only=True)
class Livelihood:
    """A spell of work without an employer or a registered business: farming the family's land
    (返乡务农) or own-account work such as a street stall or an online shop (灵活就业).

    A placement needs an employer and a venture a registration; this records what the office
    learnt of the rest (from a visit or a follow-up call), from ``started_on`` to ``ended_on``
    (None while it goes on).

    >>> Livelihood(kind=LivelihoodKind.FARMING, started_on=date(2023, 3, 1)).is_active_on(
    ...     date(2024, 3, 31))
    True
    """

    kind: LivelihoodKind = field(validator=enum_member(LivelihoodKind))
    started_on: date = field(validator=a_date)
    ended_on: date | None = field(
        default=None, validator=[optional(a_date), not_before("started_on")]
    )

    def is_active_on(self, day: date) -> bool:
        """Whether the spell went on on *day*."""
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)


def _periods_in_order(
    instance: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]
) -> None:
    for index, period in enumerate(value):
        if not isinstance(period, ServicePeriod):
            msg = f"'service' must hold ServicePeriod records, got {period!r} at {index}"
            raise InvalidRecordError("service", msg)
    for index, (earlier, later) in enumerate(pairwise(value), start=1):
        if earlier.end is None or later.start <= earlier.end:
            msg = (
                f"'service' periods must be in order and not overlap: period {index} starts "
                f"{later.start}, before period {index - 1} ended ({earlier.end or 'still serving'})"
            )
            raise InvalidRecordError("service", msg)


@frozen(kw_only=True)
class Veteran:
    """A person who has left the forces and registered with a veterans' service.

    The analysis fields (sex, birth date, region, education, service) are kept apart from the
    directly identifying :class:`PersonalDetails`.

    ``livelihoods`` are spells of work with no employer or registered business (farming,
    unregistered own-account work). ``difficulty_recognised_on`` is the date the public
    employment service recognised the veteran as a person with employment difficulty
    (就业困难人员认定); None when no recognition is recorded. Both were added within schema
    version 3 and are written only when recorded.

    >>> v = Veteran(id="V1", sex=Sex.MALE, birth_date=date(1995, 3, 4), region="320115",
    ...             service=(ServicePeriod(branch=Branch.ARMY, rank=RankCategory.NCO,
    ...                                    start=date(2013, 9, 1), end=date(2021, 8, 31)),))
    >>> v.separated_on, v.months_of_service(), v.age(on=date(2024, 3, 3))
    (datetime.date(2021, 8, 31), 95, 28)
    >>> v.is_recently_separated(on=date(2024, 1, 1), within=relativedelta(months=48))
    True
    """

    id: str = field(validator=identifier)
    sex: Sex = field(validator=enum_member(Sex))
    region: str = field(validator=identifier)
    service: tuple[ServicePeriod, ...] = field(
        converter=to_tuple, validator=[a_collection, non_empty, _periods_in_order]
    )
    # birth_date, registered_on, exclusions and livelihoods: the type check (a_date,
    # a_collection) is made by the field's rule below, first, with the same message: one
    # validator instead of two joined (issue 21)
    birth_date: date | None = field(default=None)
    education: EducationLevel | None = field(
        default=None, validator=optional(enum_member(EducationLevel))
    )
    registered_on: date | None = field(default=None)
    barriers: frozenset[Barrier] = field(
        default=frozenset(),
        converter=to_frozenset,
        validator=[a_collection, each(enum_member(Barrier))],
    )
    exclusions: tuple[Exclusion, ...] = field(default=(), converter=to_tuple)
    personal: PersonalDetails | None = field(default=None, repr=False)
    livelihoods: tuple[Livelihood, ...] = field(default=(), converter=to_tuple)
    difficulty_recognised_on: date | None = field(default=None, validator=optional(a_date))

    @birth_date.validator
    def _born_before_service(self, attribute: attrs.Attribute[date | None], value: Any) -> None:
        if value is None:
            return
        if value.__class__ is not date:
            a_date(self, attribute, value)
        if self.service and value >= self.service[0].start:
            msg = (
                f"'birth_date' must precede the first service start "
                f"({self.service[0].start}), got {value}"
            )
            raise InvalidRecordError("birth_date", msg)

    @registered_on.validator
    def _registered_after_birth(self, attribute: attrs.Attribute[date | None], value: Any) -> None:
        if value is None:
            return
        if value.__class__ is not date:
            a_date(self, attribute, value)
        if self.birth_date is not None and value < self.birth_date:
            msg = f"'registered_on' must not precede 'birth_date' ({self.birth_date}), got {value}"
            raise InvalidRecordError("registered_on", msg)

    @exclusions.validator
    def _exclusions(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        if value.__class__ is not tuple:
            a_collection(self, attribute, value)
        for item in value:
            if not isinstance(item, Exclusion):
                msg = f"'exclusions' must hold Exclusion records, got {item!r}"
                raise InvalidRecordError("exclusions", msg)

    @livelihoods.validator
    def _livelihoods(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        if value.__class__ is not tuple:
            a_collection(self, attribute, value)
        for item in value:
            if not isinstance(item, Livelihood):
                msg = f"'livelihoods' must hold Livelihood records, got {item!r}"
                raise InvalidRecordError("livelihoods", msg)

    @personal.validator
    def _personal(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and not isinstance(value, PersonalDetails):
            msg = f"'personal' must be PersonalDetails or None, got a {type(value).__name__}"
            raise InvalidRecordError("personal", msg)

    @property
    def separated_on(self) -> date | None:
        """The end of the last period of service (``None`` while still serving)."""
        return self.service[-1].end

    @property
    def resettlement(self) -> Resettlement | None:
        """The resettlement route of the last period of service."""
        return self.service[-1].resettlement

    def age(self, *, on: date) -> int | None:
        """Age in whole years on *on* (``None`` when the birth date is unknown)."""
        if self.birth_date is None:
            return None
        return age_on(self.birth_date, on)

    def months_of_service(self, *, as_of: date | None = None) -> int:
        """Whole months served over all periods (an open period counts to *as_of*)."""
        return sum(period.months(as_of=as_of) for period in self.service)

    def months_since_separation(self, *, on: date) -> int | None:
        """Whole months from separation to *on* (``None`` while still serving)."""
        separated = self.separated_on
        if separated is None:
            return None
        return whole_months_between(separated, on)

    def is_recently_separated(self, *, on: date, within: relativedelta) -> bool:
        """Whether separation lies within *within* before *on* (and not after it).

        The window is always a parameter: US WIOA uses 48 months, the US federal-contractor
        rule 3 years.
        """
        separated = self.separated_on
        if separated is None or separated > on:
            return False
        return bool(on <= separated + within)

    def excluded_between(self, start: date, end: date) -> Exclusion | None:
        """The first recorded exclusion dated in ``[start, end]``, if any."""
        for exclusion in sorted(self.exclusions, key=lambda e: e.on):
            if start <= exclusion.on <= end:
                return exclusion
        return None
