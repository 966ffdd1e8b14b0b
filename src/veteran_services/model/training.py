"""Training providers, programmes, enrolments and what they lead to."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from attrs import field, frozen

from veteran_services.errors import InvalidRecordError
from veteran_services.model._codes import occupation_code
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
    to_tuple,
)
from veteran_services.model.enums import (
    AdmissionRoute,
    CredentialKind,
    EnrolmentOutcome,
    ExclusionReason,
    ProgrammeKind,
    ProviderKind,
    SkillGainKind,
)
from veteran_services.model.money import Money

__all__ = ["Credential", "Enrolment", "Programme", "SkillGain", "TrainingProvider"]


@frozen(kw_only=True)
class TrainingProvider:
    """An institution that runs training programmes (contracted by the bureau or not)."""

    id: str = field(validator=identifier)
    name: str = field(validator=text)
    kind: ProviderKind = field(validator=enum_member(ProviderKind))
    region: str = field(validator=identifier)
    contracted: bool = field(default=False, validator=check_type(bool))


@frozen(kw_only=True)
class Programme:
    """A training programme run by one provider.

    ``target_occupations`` are the ISCO-08 codes the programme trains for; skill-match scoring
    compares them digit by digit with the occupation of a later job.
    """

    id: str = field(validator=identifier)
    provider_id: str = field(validator=identifier)
    title: str = field(validator=text)
    kind: ProgrammeKind = field(validator=enum_member(ProgrammeKind))
    target_occupations: frozenset[str] = field(
        default=frozenset(), converter=to_frozenset, validator=[a_collection, each(occupation_code)]
    )
    credential: CredentialKind | None = field(
        default=None, validator=optional(enum_member(CredentialKind))
    )
    hours: int | None = field(default=None, validator=optional(check_type(int), in_range(1, None)))
    cost: Money | None = field(default=None, validator=optional(check_type(Money)))


@frozen(kw_only=True)
class Credential:
    """A credential earned during or after training."""

    kind: CredentialKind = field(validator=enum_member(CredentialKind))
    title: str = field(validator=text)
    awarded_on: date = field(validator=a_date)
    level: int | None = field(default=None, validator=optional(in_range(1, 8)))


@frozen(kw_only=True)
class SkillGain:
    """A documented measurable skill gain (WIOA's five types)."""

    kind: SkillGainKind = field(validator=enum_member(SkillGainKind))
    achieved_on: date = field(validator=a_date)


def _in_progress_exactly_when_open(
    instance: Enrolment, attribute: attrs.Attribute[Any], value: EnrolmentOutcome
) -> None:
    open_ = instance.ended_on is None
    if open_ and value is not EnrolmentOutcome.IN_PROGRESS:
        msg = f"'outcome' must be 'in_progress' while 'ended_on' is empty, got {value.value!r}"
        raise InvalidRecordError("outcome", msg)
    if not open_ and value is EnrolmentOutcome.IN_PROGRESS:
        msg = (
            f"'outcome' must not be 'in_progress' once 'ended_on' is set ({instance.ended_on}); "
            "use completed, withdrawn or failed"
        )
        raise InvalidRecordError("outcome", msg)


def _only_when_ended(
    instance: Enrolment, attribute: attrs.Attribute[Any], value: ExclusionReason | None
) -> None:
    if value is not None and instance.ended_on is None:
        msg = f"'exit_reason' needs 'ended_on': an enrolment in progress has not ended ({value})"
        raise InvalidRecordError("exit_reason", msg)


@frozen(kw_only=True)
class Enrolment:
    """A veteran's enrolment in a programme, with its outcome and achievements.

    ``outcome`` is IN_PROGRESS exactly when ``ended_on`` is empty. ``admission`` says how a
    veteran was admitted to academic education (resumed studies or an admission examination);
    None when not recorded (added within schema version 3, written only when recorded).

    ``exit_reason`` records that the enrolment ended *because of* one of the WIOA exclusion
    circumstances (institutionalised, medical treatment, death, reserve call-up to active
    duty: TEGL 10-16 Change 2, attachment II, table A; the PIRL's "other reasons for exit",
    element 923). An exit that ends with such an enrolment is left out of the outcome
    indicators. None when the enrolment did not end for one of them or it was not recorded; it
    needs an end date (added within schema version 3, written only when recorded).
    """

    id: str = field(validator=identifier)
    veteran_id: str = field(validator=identifier)
    programme_id: str = field(validator=identifier)
    enrolled_on: date = field(validator=a_date)
    ended_on: date | None = field(
        default=None, validator=[optional(a_date), not_before("enrolled_on")]
    )
    outcome: EnrolmentOutcome = field(
        default=EnrolmentOutcome.IN_PROGRESS,
        validator=[enum_member(EnrolmentOutcome), _in_progress_exactly_when_open],
    )
    credentials: tuple[Credential, ...] = field(
        default=(), converter=to_tuple, validator=[a_collection, each(check_type(Credential))]
    )
    skill_gains: tuple[SkillGain, ...] = field(
        default=(), converter=to_tuple, validator=[a_collection, each(check_type(SkillGain))]
    )
    admission: AdmissionRoute | None = field(
        default=None, validator=optional(enum_member(AdmissionRoute))
    )
    exit_reason: ExclusionReason | None = field(
        default=None, validator=[optional(enum_member(ExclusionReason)), _only_when_ended]
    )

    def is_active_on(self, day: date) -> bool:
        """Whether the veteran was in training on *day*."""
        return self.enrolled_on <= day and (self.ended_on is None or day <= self.ended_on)
