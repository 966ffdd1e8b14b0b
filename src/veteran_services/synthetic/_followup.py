"""Follow-up surveys derived from a veteran's timeline, with a planted response model.

Every due follow-up of an eligible placement has its answers drawn first: these are the
*planted population*, kept apart (:attr:`_FollowUp.population`) so that the tests know the
population value of every survey figure. Whether, and when, the office records them then
follows the planted response model of :class:`~veteran_services.synthetic.FollowUpParameters`
(it depends on the veteran's age, education and district, the job's wage and contract, the
wave, an earlier refusal and a latent propensity independent of the answers), and the office's
contact attempts: what has not happened by the city's date is not recorded, so recent
follow-ups are due or overdue, and follow-ups the office gave up on are lost.

The follow-up draws come from a stream of their own, seeded from the city's seed, so that
they do not shift the draws of the other timeline steps.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

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
    Veteran,
)
from veteran_services.model.time import add_months
from veteran_services.synthetic._context import (
    _EXCLUSION_DISPOSITION,
    WAVES,
    _Context,
    _Job,
    _Life,
)
from veteran_services.synthetic._draws import _days, _known, _Random, _Table
from veteran_services.synthetic._survey import (
    FOLLOW_UP_ID,
    FOLLOW_UP_VERSION,
    JobFacts,
)
from veteran_services.synthetic.profiles import CityProfile

#: Dispositions of a case on which the veteran was reached (a contact of the office).
_REACHED = frozenset({Disposition.COMPLETE, Disposition.PARTIAL, Disposition.REFUSAL})


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def follow_up_stream(seed: int) -> _Random:
    """The follow-up draws' own seeded stream (a string seed is hashed with SHA-512, so the
    stream is the same in every process)."""
    return _Random(f"follow-up:{seed}")


class _FollowUp(_Context):
    """Draws the follow-up survey cases, their answers and the planted population."""

    def __init__(self, *, seed: int, profile: CityProfile, **others: Any) -> None:
        super().__init__(seed=seed, profile=profile, **others)
        self.follow_rng = follow_up_stream(seed)
        #: Every due, eligible follow-up answered in full (complete cases, ids ``T...``); a
        #: follow-up found not eligible keeps its not-eligible case.
        self.population: list[SurveyResponse] = []
        f = profile.follow_up
        self.reached_on = _Table(f.reached_on)
        self.attempts_recorded = _Table(f.attempts_recorded)
        self.base_logit = {wave: _logit(p) for wave, p in f.complete_by_wave}
        self.education_effect = dict(f.education_effects)
        self.contract_effect = dict(f.contract_effects)
        self.rural = profile.rural_districts

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
            LabourStatus.UNEMPLOYED if self.follow_rng.random() < self.profile.follow_up.unemployed
            else LabourStatus.INACTIVE
        )  # fmt: skip

    def _veteran_of(self, life: _Life) -> Veteran | None:
        for veteran in reversed(self.veterans):
            if veteran.id == life.veteran_id:
                return veteran
        return None  # pragma: no cover - the veteran is drawn before their follow-ups

    def _propensity(self, life: _Life, veteran: Veteran | None, job: _Job, due: date) -> float:
        """The planted log-odds of answering the wave due on *due*, less its wave term."""
        f = self.profile.follow_up
        logit = f.propensity_effect * life.propensity
        age = None if veteran is None else veteran.age(on=due)
        if age is not None:
            logit += f.age_effect * (age - 35) / 10
        if life.education is not None:
            logit += self.education_effect.get(life.education, 0.0)
        logit += f.wage_effect * (job.multiple - 1.5)
        contract = job.placement.contract
        if contract is not None:
            logit += self.contract_effect.get(contract, 0.0)
        if life.district in self.rural:
            logit += f.rural_effect
        return logit

    def _facts(self, life: _Life, job: _Job, *, in_job: bool) -> JobFacts:
        placement = job.placement
        return JobFacts(
            in_job=in_job,
            wage=job.wage,
            hours=job.hours,
            wage_multiple=job.multiple,
            insurance_count=len(_known(placement.insurance)),
            secure=placement.contract in (ContractType.OPEN_ENDED, ContractType.FIXED_TERM),
            large=job.employer.size in (SizeBand.LARGE, SizeBand.MEDIUM),
            relevance=job.relevance,
            mood=life.mood,
        )

    def _case(
        self,
        life: _Life,
        job: _Job,
        wave: int,
        disposition: Disposition,
        collected: date,
        *,
        mode: SurveyMode = SurveyMode.PHONE,
        labour: LabourStatus | None = None,
        answers: tuple[Answer, ...] = (),
    ) -> None:
        if disposition in _REACHED:
            life.contacts.append((collected, 8, ContactKind.FOLLOW_UP, Channel.PHONE))
        self.responses.append(
            SurveyResponse(
                id=self.next_id("R", 7),
                instrument_id=FOLLOW_UP_ID,
                instrument_version=FOLLOW_UP_VERSION,
                veteran_id=life.veteran_id,
                disposition=disposition,
                placement_id=job.placement.id,
                wave_months=wave,
                collected_on=collected,
                mode=mode,
                labour_status=labour,
                answers=answers,
            )
        )

    def _plant(
        self,
        life: _Life,
        job: _Job,
        wave: int,
        due: date,
        disposition: Disposition,
        *,
        labour: LabourStatus | None = None,
        answers: tuple[Answer, ...] = (),
    ) -> None:
        self.population.append(
            SurveyResponse(
                id=f"T{len(self.population) + 1:07d}",
                instrument_id=FOLLOW_UP_ID,
                instrument_version=FOLLOW_UP_VERSION,
                veteran_id=life.veteran_id,
                disposition=disposition,
                placement_id=job.placement.id,
                wave_months=wave,
                collected_on=due,
                labour_status=labour,
                answers=answers,
            )
        )

    def _responses(self, life: _Life) -> None:
        rng = self.follow_rng
        f = self.profile.follow_up
        as_of = self.as_of
        exclusion = life.exclusion
        veteran = self._veteran_of(life) if life.jobs else None
        for job in life.jobs:
            placement = job.placement
            refused = False
            facts: dict[bool, JobFacts] = {}
            for wave in WAVES:
                due = add_months(placement.started_on, wave)
                if due > as_of:
                    break
                # When the office calls: the first attempt, then one every few days.
                roll = rng.random()
                if roll < f.late_start:
                    first = due + _days(rng, *f.late_start_days)
                elif roll < f.late_start + f.never_attempted:
                    first = None
                else:
                    first = due + _days(rng, *f.collection_days)
                if exclusion is not None and exclusion.on <= due:
                    disposition = _EXCLUSION_DISPOSITION[exclusion.reason]
                    if disposition is Disposition.NOT_ELIGIBLE:
                        self._plant(life, job, wave, due, disposition)
                    else:  # reachable in principle: its answers are part of the population
                        gone = self._facts(life, job, in_job=False)
                        answers = self.answers.answers(rng, gone, partial=False)
                        self._plant(
                            life, job, wave, due, Disposition.COMPLETE,
                            labour=LabourStatus.INACTIVE, answers=answers,
                        )  # fmt: skip
                    if first is not None and first <= as_of:
                        self._case(life, job, wave, disposition, first)
                    continue
                if rng.random() < f.not_eligible:
                    self._plant(life, job, wave, due, Disposition.NOT_ELIGIBLE)
                    if first is not None and first <= as_of:
                        self._case(life, job, wave, Disposition.NOT_ELIGIBLE, first)
                    continue
                # The planted answers, drawn for every eligible follow-up.
                in_job = placement.is_active_on(due)
                labour = LabourStatus.EMPLOYED if in_job else self._status_on(life, due)
                known = facts.get(in_job)
                if known is None:
                    known = facts[in_job] = self._facts(life, job, in_job=in_job)
                answers = self.answers.answers(rng, known, partial=False)
                self._plant(life, job, wave, due, Disposition.COMPLETE, labour=labour,
                            answers=answers)  # fmt: skip
                # Whether the veteran answers: the planted response model.
                logit = self.base_logit[wave] + self._propensity(life, veteran, job, due)
                chance = 1 / (1 + math.exp(-logit))
                if refused:
                    chance *= f.after_refusal
                responds = rng.random() < chance
                if responds:
                    outcome = Disposition.PARTIAL if rng.random() < f.partial else None
                else:
                    outcome = self.non_response[refused].draw(rng)
                    refused = refused or outcome is Disposition.REFUSAL
                if first is None:
                    continue  # never attempted: nothing recorded
                gap = f.attempt_gap_days
                if outcome is None or outcome in _REACHED:
                    attempt = self.reached_on.draw(rng)
                    day = first
                    for _ in range(attempt - 1):
                        day += _days(rng, *gap)
                    mode = self.modes.draw(rng) if responds else SurveyMode.PHONE
                    if day > as_of:
                        continue  # not reached yet
                    if outcome is None:
                        self._case(life, job, wave, Disposition.COMPLETE, day, mode=mode,
                                   labour=labour, answers=answers)  # fmt: skip
                    elif outcome is Disposition.PARTIAL:
                        kept = _partial(rng, answers)
                        self._case(life, job, wave, outcome, day, mode=mode, labour=labour,
                                   answers=kept)  # fmt: skip
                    else:
                        self._case(life, job, wave, outcome, day)
                    continue
                # Never reached: failed attempts until the office gives up.
                day = first
                for number in range(self.attempts_recorded.draw(rng)):
                    if number:
                        day += _days(rng, *gap)
                    if day > as_of:
                        break
                    self._case(life, job, wave, outcome, day)


def _partial(rng: _Random, answers: tuple[Answer, ...]) -> tuple[Answer, ...]:
    """A break-off: the first answers only (at least the first)."""
    keep = max(1, len(answers) // 2 - rng.randrange(3))
    return answers[:keep]
