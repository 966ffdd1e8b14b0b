"""The training step of a veteran's timeline: enrolments, outcomes and credentials."""

from __future__ import annotations

from datetime import date, timedelta

from veteran_services.model import (
    AdmissionRoute,
    Channel,
    ContactKind,
    Credential,
    CredentialKind,
    Enrolment,
    EnrolmentOutcome,
    ProgrammeKind,
    Sex,
    SkillGain,
    SkillGainKind,
)
from veteran_services.synthetic._context import _Context, _Life
from veteran_services.synthetic._draws import _days, _known


class _Training(_Context):
    """Enrols veterans in programmes."""

    def _planted_training(
        self, life: _Life, ready: date
    ) -> tuple[dict[str, float], ProgrammeKind | None, int | None, bool]:
        """Selection into training under the planted truth (``TrainingEffects``): the
        veteran's planted covariates, the kind of course taken (None), the quarter index it
        started in and whether it was completed."""
        effects = _known(self.effects)
        veteran = self.veterans[-1]
        x = effects.covariates(
            education=veteran.education,
            age=veteran.age(on=life.registered),
            barriers=len(veteran.barriers),
            female=veteran.sex is Sex.FEMALE,
        )
        life.skill = 0.0  # nothing hidden: completion does not depend on employability
        if self.planted.random() >= effects.selection_probability(x):
            return x, None, None, False
        kind = self.table("planted-kinds", lambda: effects.kinds).draw(self.planted)
        start = ready + _days(self.planted, *effects.start_days)
        taken = len(life.enrolments)
        self._enrol(life, kind, start)
        if len(life.enrolments) == taken:  # the course would start after the horizon
            return x, None, None, False
        enrolment = life.enrolments[-1][0]
        completed = enrolment.outcome is EnrolmentOutcome.COMPLETED
        return x, kind, start.year * 4 + (start.month - 1) // 3, completed

    def _admission(self, life: _Life) -> AdmissionRoute:
        """How the veteran was admitted to an academic programme, by their education."""
        t = self.profile.training
        tertiary = life.education is not None and life.education.level >= 5
        if tertiary:
            return self.table("admission-tertiary", lambda: t.admission_tertiary).draw(self.rng)
        return self.table("admission-school", lambda: t.admission_school).draw(self.rng)

    def _enrol(
        self,
        life: _Life,
        kind: ProgrammeKind,
        start: date,
        *,
        admission: AdmissionRoute | None = None,
        days: tuple[int, int] | None = None,
    ) -> date | None:
        """Enrol the veteran; return the day training ended (``None`` if not ended).

        An academic enrolment records its *admission* (drawn by education when not given);
        *days* overrides the course's length with a ``(low, high)`` range of days.
        """
        rng = self.rng
        t = self.profile.training
        if start > life.horizon:
            return None
        local = self.programmes_local.get((kind, life.district))
        pool = (
            local if local and rng.random() < t.local_programme
            else self.programmes_by_kind[kind]
        )  # fmt: skip
        programme = pool[rng.randrange(len(pool))]
        hours = programme.hours or 40
        if kind is ProgrammeKind.ACADEMIC and admission is None:
            admission = self._admission(life)
        if days is not None:
            length = rng.randint(*days)
        elif kind is ProgrammeKind.ACADEMIC:
            length = int(hours * t.academic_days_per_hour)
        elif kind is ProgrammeKind.APPRENTICESHIP:
            length = rng.randint(*t.apprenticeship_days)
        elif kind is ProgrammeKind.ADULT_BASIC_EDUCATION:
            length = rng.randint(*t.adult_basic_days)
        else:
            per_day = (
                t.full_day_hours if kind in (ProgrammeKind.ADAPTIVE, ProgrammeKind.ON_THE_JOB)
                else t.part_day_hours
            )  # fmt: skip
            length = max(1, round(hours / per_day * 7 / 5))
        if kind is ProgrammeKind.ADAPTIVE:
            outcome = (
                EnrolmentOutcome.COMPLETED if rng.random() < t.adaptive_completed
                else EnrolmentOutcome.WITHDRAWN
            )  # fmt: skip
        else:
            completes = t.completed + t.completed_per_skill * life.skill
            roll = rng.random()
            outcome = (
                EnrolmentOutcome.COMPLETED if roll < completes
                else EnrolmentOutcome.WITHDRAWN if roll < self.not_failed
                else EnrolmentOutcome.FAILED
            )  # fmt: skip
        if outcome is EnrolmentOutcome.WITHDRAWN:
            length = max(1, int(length * rng.uniform(*t.withdrawn_share)))
        planned = start + timedelta(days=length)
        ended: date | None = planned
        if planned > life.horizon:
            if life.horizon < self.as_of:  # left because of the exclusion
                ended, outcome = life.horizon, EnrolmentOutcome.WITHDRAWN
            else:
                ended, outcome = None, EnrolmentOutcome.IN_PROGRESS
        referral = start - _days(rng, *self.profile.contacts.training_referral_days)
        if referral >= life.registered and kind is not ProgrammeKind.ADAPTIVE:
            life.contacts.append((referral, 5, ContactKind.TRAINING_REFERRAL, Channel.IN_PERSON))
        credentials: list[Credential] = []
        gains: list[SkillGain] = []
        last = ended if ended is not None else self.as_of
        middle = start + timedelta(days=(last - start).days // 2)
        if kind is ProgrammeKind.ACADEMIC:
            term = start + timedelta(days=t.transcript_first_days)
            while term <= last:
                gains.append(SkillGain(kind=SkillGainKind.TRANSCRIPT, achieved_on=term))
                term += timedelta(days=t.transcript_every_days)
        elif kind is ProgrammeKind.ADULT_BASIC_EDUCATION:
            if middle > start:
                gains.append(
                    SkillGain(kind=SkillGainKind.EDUCATIONAL_FUNCTIONING_LEVEL, achieved_on=middle)
                )
        elif kind is not ProgrammeKind.ADAPTIVE:
            if middle > start and rng.random() < t.milestone:
                gains.append(SkillGain(kind=SkillGainKind.TRAINING_MILESTONE, achieved_on=middle))
            if (
                outcome is EnrolmentOutcome.COMPLETED
                and ended is not None
                and rng.random() < t.skills_exam
            ):
                gains.append(SkillGain(kind=SkillGainKind.SKILLS_EXAM, achieved_on=ended))
        if outcome is EnrolmentOutcome.COMPLETED and ended is not None and programme.credential:
            if kind is ProgrammeKind.ADULT_BASIC_EDUCATION:
                gains.append(SkillGain(kind=SkillGainKind.SECONDARY_DIPLOMA, achieved_on=ended))
            passed = self.pass_rates.get(programme.credential, t.other_pass_rate)
            awarded = ended + _days(rng, *t.award_days)
            if rng.random() < passed and awarded <= self.as_of:
                level: int | None = None
                if programme.credential is CredentialKind.SKILL_LEVEL_CERTIFICATE:
                    # China's national vocational skill levels: 5 = entry, 1 = senior technician.
                    level = self.table("skill-level", lambda: t.skill_levels).draw(rng)
                credentials.append(
                    Credential(
                        kind=programme.credential,
                        title=self.credential_titles[programme.title],
                        awarded_on=awarded,
                        level=level,
                    )
                )
        enrolment = Enrolment(
            id=self.next_id("EN", 6),
            veteran_id=life.veteran_id,
            programme_id=programme.id,
            enrolled_on=start,
            ended_on=ended,
            outcome=outcome,
            credentials=tuple(credentials),
            skill_gains=tuple(gains),
            admission=admission,
        )
        self.enrolments.append(enrolment)
        life.enrolments.append((enrolment, programme))
        return ended
