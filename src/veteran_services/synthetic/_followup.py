"""Follow-up surveys derived from a veteran's timeline: one case per placement and wave."""

from __future__ import annotations

from datetime import date

from veteran_services.model import (
    Answer,
    Channel,
    ContactKind,
    ContractType,
    Disposition,
    LabourStatus,
    SizeBand,
    SurveyMode,
    SurveyResponse,
)
from veteran_services.model.time import add_months
from veteran_services.synthetic._context import _EXCLUSION_DISPOSITION, WAVES, _Context, _Life
from veteran_services.synthetic._draws import _days, _known
from veteran_services.synthetic._survey import (
    FOLLOW_UP_ID,
    FOLLOW_UP_VERSION,
    JobFacts,
)


class _FollowUp(_Context):
    """Draws the follow-up survey cases and their answers."""

    def _status_on(self, life: _Life, day: date) -> LabourStatus:
        for job in life.jobs:
            if job.placement.is_active_on(day):
                return LabourStatus.EMPLOYED
        for venture in life.ventures:
            if venture.is_active_on(day):
                return LabourStatus.SELF_EMPLOYED
        for enrolment, _ in life.enrolments:
            if enrolment.is_active_on(day):
                return LabourStatus.INACTIVE
        return (
            LabourStatus.UNEMPLOYED if self.rng.random() < self.profile.follow_up.unemployed
            else LabourStatus.INACTIVE
        )  # fmt: skip

    def _responses(self, life: _Life) -> None:
        rng = self.rng
        f = self.profile.follow_up
        as_of = self.as_of
        exclusion = life.exclusion
        for job in life.jobs:
            placement = job.placement
            refused = False
            facts: dict[bool, JobFacts] = {}
            for wave in WAVES:
                due = add_months(placement.started_on, wave)
                if due > as_of:
                    break
                collected = due + _days(rng, *f.collection_days)
                if collected > as_of:
                    collected = as_of
                labour: LabourStatus | None = None
                answers: tuple[Answer, ...] = ()
                mode = SurveyMode.PHONE
                if exclusion is not None and exclusion.on <= due:
                    disposition = _EXCLUSION_DISPOSITION[exclusion.reason]
                else:
                    chance = self.complete_by_wave[wave] + f.propensity_effect * life.propensity
                    if refused:
                        chance *= f.after_refusal
                    if rng.random() < chance:
                        disposition = Disposition.COMPLETE
                    else:
                        disposition = self.non_response[refused].draw(rng)
                    refused = refused or disposition is Disposition.REFUSAL
                    if disposition in (Disposition.COMPLETE, Disposition.PARTIAL):
                        mode = self.modes.draw(rng)
                        in_job = placement.is_active_on(due)
                        labour = LabourStatus.EMPLOYED if in_job else self._status_on(life, due)
                        known = facts.get(in_job)
                        if known is None:
                            known = facts[in_job] = JobFacts(
                                in_job=in_job,
                                wage=job.wage,
                                hours=job.hours,
                                wage_multiple=job.multiple,
                                insurance_count=len(_known(placement.insurance)),
                                secure=placement.contract
                                in (ContractType.OPEN_ENDED, ContractType.FIXED_TERM),
                                large=job.employer.size in (SizeBand.LARGE, SizeBand.MEDIUM),
                                relevance=job.relevance,
                                mood=life.mood,
                            )
                        answers = self.answers.answers(
                            rng, known, partial=disposition is Disposition.PARTIAL
                        )
                    if disposition in (
                        Disposition.COMPLETE, Disposition.PARTIAL, Disposition.REFUSAL
                    ):  # fmt: skip
                        life.contacts.append((collected, 8, ContactKind.FOLLOW_UP, Channel.PHONE))
                self.responses.append(
                    SurveyResponse(
                        id=self.next_id("R", 7),
                        instrument_id=FOLLOW_UP_ID,
                        instrument_version=FOLLOW_UP_VERSION,
                        veteran_id=life.veteran_id,
                        disposition=disposition,
                        placement_id=placement.id,
                        wave_months=wave,
                        collected_on=collected,
                        mode=mode,
                        labour_status=labour,
                        answers=answers,
                    )
                )
