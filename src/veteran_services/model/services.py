"""Service contacts: registration, counselling, referrals, job fairs, follow-ups."""

from __future__ import annotations

from datetime import date

from attrs import field, frozen

from veteran_services.model._validators import a_date, enum_member, identifier, optional
from veteran_services.model.enums import Channel, ContactKind

__all__ = ["PARTICIPATION_CONTACTS", "ServiceContact"]

#: Contact kinds that count as participation-level services under the 90-day exit rule.
#: Follow-ups, registration and information-only contacts do not extend participation.
PARTICIPATION_CONTACTS = frozenset(
    {
        ContactKind.ASSESSMENT,
        ContactKind.COUNSELLING,
        ContactKind.JOB_REFERRAL,
        ContactKind.TRAINING_REFERRAL,
        ContactKind.JOB_FAIR,
        ContactKind.CASE_MANAGEMENT,
        ContactKind.ENTREPRENEURSHIP_SUPPORT,
        ContactKind.SUPPORT_SERVICE,
        ContactKind.DIFFICULTY_ASSISTANCE,
    }
)


@frozen(kw_only=True)
class ServiceContact:
    """One contact between a veteran and the service."""

    id: str = field(validator=identifier)
    veteran_id: str = field(validator=identifier)
    occurred_on: date = field(validator=a_date)
    kind: ContactKind = field(validator=enum_member(ContactKind))
    channel: Channel | None = field(default=None, validator=optional(enum_member(Channel)))

    @property
    def is_participation(self) -> bool:
        """Whether this contact counts as participation (it can delay an exit)."""
        return self.kind in PARTICIPATION_CONTACTS
