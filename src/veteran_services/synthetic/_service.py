"""A veteran and their service, then the life after it, step by step along the timeline."""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from veteran_services.codes import EducationLevel
from veteran_services.model import (
    AdmissionRoute,
    Barrier,
    Branch,
    Channel,
    ContactKind,
    Discharge,
    Exclusion,
    Livelihood,
    LivelihoodKind,
    PersonalDetails,
    ProgrammeKind,
    RankCategory,
    Resettlement,
    ServiceContact,
    ServicePeriod,
    Sex,
    Veteran,
)
from veteran_services.synthetic._context import _Life
from veteran_services.synthetic._draws import _ONE_DAY, _days
from veteran_services.synthetic._earnings import _Earnings
from veteran_services.synthetic._followup import _FollowUp
from veteran_services.synthetic._identity import (
    national_id,
    person_name,
    phone_number,
)
from veteran_services.synthetic._placement import _Placements
from veteran_services.synthetic._training import _Training
from veteran_services.synthetic._ventures import _Ventures
from veteran_services.synthetic.parameters import share_sum


def _next_term(ready: date, gap: int) -> date:
    """The first term start (1 March or 1 September) at least *gap* days after *ready*."""
    earliest = ready + timedelta(days=gap)
    for year in (earliest.year, earliest.year + 1):
        for month in (3, 9):
            start = date(year, month, 1)
            if start >= earliest:
                return start
    raise AssertionError  # pragma: no cover - a term starts within a year


class _Service(_Training, _Placements, _Ventures, _FollowUp, _Earnings):
    """Draws each veteran: service, separation, then the timeline after it."""

    def build_veterans(self) -> None:
        for index in range(1, self.n + 1):
            self._veteran(f"V{index:06d}")

    def _separation(self, rank: RankCategory) -> date:
        rng = self.rng
        service = self.profile.service
        start = self.window_start
        end = self.as_of - timedelta(days=service.last_separation_days)
        span = (end - start).days
        while True:
            day = start + timedelta(days=rng.randrange(span + 1))
            if rank is not RankCategory.OFFICER and rng.random() < service.seasonal_release:
                # Conscripts and NCOs leave in the autumn (and, from 2021, also in spring).
                spring = (
                    day.year >= service.spring_release_from
                    and rng.random() < service.spring_release
                )
                offset = timedelta(days=rng.randint(*service.release_day_offsets))
                day = date(day.year, 3 if spring else 9, 1) + offset
            if start <= day <= end:
                return day

    def _veteran(self, veteran_id: str) -> None:
        rng = self.rng
        profile = self.profile
        service = profile.service
        reg = profile.registration
        district = self.districts.draw(rng)
        life = _Life(veteran_id, district)
        rank: RankCategory = self.ranks.draw(rng)
        female_share = self.female_share.get(rank, service.female_officer)
        sex = Sex.FEMALE if rng.random() < female_share else Sex.MALE
        separated = self._separation(rank)
        if rank is RankCategory.CONSCRIPT:
            years = service.conscript_years
            enlist_age = (
                rng.randint(*service.conscript_young_ages)
                if rng.random() < service.conscript_young
                else rng.randint(*service.conscript_older_ages)
            )
        elif rank is RankCategory.NCO:
            years = self.table("nco-years", lambda: service.nco_years).draw(rng)
            enlist_age = rng.randint(*service.nco_enlist_ages)
        else:
            years = rng.randint(*service.officer_years)
            enlist_age = (
                18 if rng.random() < service.officer_at_18
                else rng.randint(*service.officer_later_ages)
            )  # fmt: skip
        jitter = rng.randint(*service.service_days_jitter)
        enlisted = separated - timedelta(days=int(years * 365.25) - jitter)
        birth = enlisted - timedelta(days=enlist_age * 365 + rng.randrange(365))
        branch = self.table("branch", lambda: service.branches).draw(rng)
        discharge: Discharge = self.discharges.draw(rng)
        rating: int | None = None
        if discharge is Discharge.MEDICAL:
            rating = rng.choice(service.medical_ratings)
        elif rng.random() < service.other_rated:
            rating = rng.choice(service.other_ratings)
        resettlement = self._resettlement(rank, years, rating)
        periods: list[ServicePeriod] = []
        if (
            rank is RankCategory.NCO
            and years >= service.re_enlisted_min_years
            and rng.random() < service.re_enlisted
        ):
            # Re-enlisted after a first two-year tour and a break.
            first_end = enlisted + timedelta(days=service.first_tour_days)
            gap = timedelta(days=rng.randint(*service.re_enlistment_gap_days))
            periods.append(
                ServicePeriod(branch=Branch.ARMY, rank=RankCategory.CONSCRIPT, start=enlisted,
                              end=first_end, discharge=Discharge.HONOURABLE,
                              resettlement=Resettlement.SELF_EMPLOYMENT)
            )  # fmt: skip
            enlisted = first_end + gap
        periods.append(
            ServicePeriod(branch=branch, rank=rank, start=enlisted, end=separated,
                          discharge=discharge, resettlement=resettlement,
                          disability_rating=rating)
        )  # fmt: skip
        education = self._education(rank)
        registered = separated + (
            _days(rng, *reg.prompt_days) if rng.random() < reg.prompt
            else _days(rng, *reg.late_days)
        )  # fmt: skip
        if registered > self.as_of:
            registered = self.as_of
        barriers: list[Barrier] = []
        if rating is not None:
            barriers.append(Barrier.SERVICE_CONNECTED_DISABILITY)
            if rating >= reg.disability_min_rating:
                barriers.append(Barrier.DISABILITY)
        if district in profile.rural_districts and rng.random() < reg.rural:
            barriers.append(Barrier.RURAL_AREA)
        if rng.random() < reg.low_income:
            barriers.append(Barrier.LOW_INCOME)
        if education is EducationLevel.LOWER_SECONDARY and rng.random() < reg.basic_skills:
            barriers.append(Barrier.BASIC_SKILLS_DEFICIENCY)
        if rng.random() < (reg.caring_female if sex is Sex.FEMALE else reg.caring_male):
            barriers.append(Barrier.CARING_RESPONSIBILITIES)
        if rng.random() < reg.justice_involved:
            barriers.append(Barrier.JUSTICE_INVOLVED)
        if rng.random() < reg.homeless:
            barriers.append(Barrier.HOMELESSNESS)
        life.registered = registered
        life.separated = separated
        life.education = education
        life.skill = rng.gauss(0, reg.skill_sd) - reg.skill_per_barrier * len(barriers)
        life.mood = rng.gauss(0, reg.mood_sd)
        life.propensity = rng.gauss(0, reg.propensity_sd)
        life.horizon = self.as_of
        exclusions: tuple[Exclusion, ...] = ()
        if rng.random() < reg.excluded:
            reason = self.table("exclusion", lambda: reg.exclusions).draw(rng)
            span = (self.as_of - registered).days
            after = reg.exclusion_after_days
            if span > after:
                on = registered + timedelta(days=rng.randint(after, span))
                life.exclusion = Exclusion(reason=reason, on=on)
                life.horizon = on
                exclusions = (life.exclusion,)
        male = sex is Sex.MALE
        chars = profile.male_name_characters if male else profile.female_name_characters
        name = person_name(
            rng,
            self.surnames.draw(rng),
            chars,
            two_characters=rng.random() < reg.two_character_names,
        )
        nid = national_id(rng, district, birth, male)
        while nid in self.national_ids:
            nid = national_id(rng, district, birth, male)
        self.national_ids.add(nid)
        phone = phone_number(rng, profile.phone_prefixes)
        while phone in self.phones:
            phone = phone_number(rng, profile.phone_prefixes)
        self.phones.add(phone)
        self.veterans.append(
            Veteran(
                id=veteran_id,
                sex=sex,
                region=district,
                service=tuple(periods),
                birth_date=birth,
                education=education,
                registered_on=registered,
                barriers=frozenset(barriers),
                exclusions=exclusions,
                personal=PersonalDetails(name=name, national_id=nid, phone=phone),
            )
        )
        self._life_after_service(life, rank, resettlement, bool(barriers))
        if life.livelihoods or life.recognised is not None:
            self.veterans[-1] = attrs.evolve(
                self.veterans[-1],
                livelihoods=tuple(life.livelihoods),
                difficulty_recognised_on=life.recognised,
            )
        self.founders_by_district.setdefault(district, []).append((veteran_id, registered))

    def _resettlement(self, rank: RankCategory, years: int, rating: int | None) -> Resettlement:
        rng = self.rng
        p = self.profile.resettlement
        if rating is not None and rating >= p.support_min_rating and rng.random() < p.support:
            return Resettlement.SUPPORT
        if rank is RankCategory.CONSCRIPT:
            return (
                Resettlement.SELF_EMPLOYMENT if rng.random() < p.conscript_self_employment
                else Resettlement.OTHER
            )  # fmt: skip
        if rank is RankCategory.NCO:
            if years >= p.retirement_years:
                return Resettlement.RETIREMENT
            if years >= p.nco_senior_years:
                return self.table("nco-senior", lambda: p.nco_senior).draw(rng)
            return Resettlement.SELF_EMPLOYMENT
        if years >= p.retirement_years:
            return Resettlement.RETIREMENT
        if years >= p.officer_senior_years:
            return self.table("officer-senior", lambda: p.officer_senior).draw(rng)
        return self.table("officer", lambda: p.officer).draw(rng)

    def _education(self, rank: RankCategory) -> EducationLevel | None:
        rng = self.rng
        reg = self.profile.registration
        if rng.random() < reg.education_unknown:
            return None
        pairs: tuple[tuple[EducationLevel, float], ...]
        if rank is RankCategory.OFFICER:
            pairs = reg.officer_education
        elif rank is RankCategory.NCO:
            pairs = reg.nco_education
        else:
            pairs = reg.conscript_education
        return self.table(("education", rank), lambda: pairs).draw(rng)

    # --- the timeline after service ---------------------------------------------------

    def _life_after_service(
        self, life: _Life, rank: RankCategory, resettlement: Resettlement, barriers: bool
    ) -> None:
        rng = self.rng
        c = self.profile.contacts
        t = self.profile.training
        w = self.profile.job_search
        registered = life.registered
        life.contacts.append((registered, 0, ContactKind.REGISTRATION, Channel.IN_PERSON))
        if rng.random() < c.assessment:
            life.contacts.append(
                (registered + _days(rng, *c.assessment_days), 1, ContactKind.ASSESSMENT,
                 Channel.IN_PERSON)
            )  # fmt: skip
        for _ in range(rng.choice(c.counselling_sessions)):
            life.contacts.append(
                (registered + _days(rng, *c.counselling_days), 2, ContactKind.COUNSELLING,
                 Channel.PHONE if rng.random() < c.counselling_by_phone else Channel.IN_PERSON)
            )  # fmt: skip
        if barriers and rng.random() < c.case_work:
            for _ in range(rng.randint(*c.case_work_contacts)):
                contact = (
                    ContactKind.CASE_MANAGEMENT
                    if rng.random() < c.case_management
                    else ContactKind.SUPPORT_SERVICE
                )
                channel = Channel.HOME_VISIT if rng.random() < c.home_visit else Channel.PHONE
                life.contacts.append(
                    (registered + _days(rng, *c.case_work_days), 3, contact, channel)
                )
        if rng.random() < c.information:
            life.contacts.append(
                (registered + _days(rng, *c.information_days), 4, ContactKind.INFORMATION,
                 Channel.MESSAGE)
            )  # fmt: skip
        # Training.
        ready = registered
        if rng.random() < (
            t.adaptive if registered.year >= t.adaptive_from_year else t.adaptive_before
        ):
            start = registered + _days(rng, *t.adaptive_start_days)
            end = self._enrol(life, ProgrammeKind.ADAPTIVE, start)
            if end is not None:
                ready = max(ready, end)
        if self.effects is not None:  # the planted truth's training and work instead
            x, kind, started, completed = self._planted_training(life, ready)
            self._planted_jobs(life, x, kind, started, completed)
            self._difficulty(life, barriers)
            self._finish(life)
            return
        # Education first: back to university, or admitted by an examination.
        studying = False
        if resettlement is Resettlement.SELF_EMPLOYMENT:
            admission: AdmissionRoute | None = None
            if (
                rank is RankCategory.CONSCRIPT
                and life.education is EducationLevel.UPPER_SECONDARY
                and rng.random() < t.resumed_studies
            ):
                admission = AdmissionRoute.RESUMED
            elif rng.random() < t.exam_entry:
                admission = self._admission(life)
            if admission is not None:
                studying = True
                days = t.resumed_days if admission is AdmissionRoute.RESUMED else None
                end = self._enrol(
                    life, ProgrammeKind.ACADEMIC, _next_term(ready, t.term_gap_days),
                    admission=admission, days=days,
                )  # fmt: skip
                if end is not None:
                    ready = max(ready, end)
                elif life.enrolments and life.enrolments[-1][0].ended_on is None:
                    ready = self.as_of + _ONE_DAY  # still studying
        wants_business = False
        if (
            not studying
            and rng.random() < t.further
            and resettlement not in (Resettlement.SUPPORT, Resettlement.RETIREMENT)
        ):
            kind = self.table("training", lambda: t.further_kinds).draw(rng)
            if kind is ProgrammeKind.ADULT_BASIC_EDUCATION and (
                life.education is not None and life.education.level > 2
            ):
                kind = ProgrammeKind.VOCATIONAL
            end = self._enrol(life, kind, ready + _days(rng, *t.further_start_days))
            if end is not None:
                ready = max(ready, end)
            elif life.enrolments and life.enrolments[-1][0].ended_on is None:
                ready = self.as_of + _ONE_DAY  # still in training
            wants_business = kind is ProgrammeKind.ENTREPRENEURSHIP
            if (
                kind is ProgrammeKind.VOCATIONAL
                and rng.random() < t.second_vocational
                and ready <= self.as_of
            ):
                start = ready + _days(rng, *t.second_vocational_days)
                end = self._enrol(life, ProgrammeKind.VOCATIONAL, start)
                if end is not None:
                    ready = max(ready, end)
        # Work: a venture, jobs, or neither.
        if resettlement is Resettlement.SUPPORT or (
            resettlement in (Resettlement.RETIREMENT, Resettlement.MONTHLY_RETIREMENT_PAY)
            and rng.random() < w.retired_not_working
        ):
            self._finish(life)
            return
        venture_chance = (
            w.venture_after_course if wants_business
            else w.venture + (w.venture_officer if rank is RankCategory.OFFICER else 0)
            + (w.venture_self_employment if resettlement is Resettlement.SELF_EMPLOYMENT
               and not studying else 0)
        )  # fmt: skip
        venture_on: date | None = None
        if rng.random() < venture_chance:
            venture_on = ready + _days(rng, *w.venture_start_days)
            if venture_on > life.horizon:
                venture_on = None
        arranged = resettlement in (Resettlement.ARRANGED_JOB, Resettlement.TRANSFER)
        never = rng.random() < (w.never_works + w.never_works_barriers * barriers)
        cursor = ready
        limit = venture_on if venture_on is not None else life.horizon
        if venture_on is None and not arranged and ready <= life.horizon:
            # Work without an employer first: back home to farm, or on one's own account.
            farming = (
                w.farming_rural if life.district in self.profile.rural_districts else w.farming
            )
            index = self.table(("livelihood", farming), lambda: (
                (LivelihoodKind.FARMING, farming), (LivelihoodKind.OWN_ACCOUNT, w.own_account),
                (None, 1.0 - share_sum(farming, w.own_account)),
            )).draw(rng)  # fmt: skip
            if index is not None:
                cursor = self._livelihood(life, index, cursor)
        if not never and (venture_on is None or rng.random() < w.jobs_before_venture):
            cursor = self._jobs(life, cursor, limit, arranged=arranged,
                                welfare=barriers and rng.random() < w.welfare_post)  # fmt: skip
        if venture_on is not None:
            closed = self._venture(life, max(venture_on, cursor))
            if closed is not None and closed < life.horizon:
                self._jobs(life, closed + _days(rng, *w.after_venture_days), life.horizon,
                           arranged=False, welfare=False)  # fmt: skip
        self._difficulty(life, barriers)
        self._finish(life)

    def _livelihood(self, life: _Life, kind: LivelihoodKind, ready: date) -> date:
        """A spell of farming or own-account work from *ready*; returns when it ended (after
        the reference date while it goes on), or *ready* when it does not start in time."""
        rng = self.rng
        w = self.profile.job_search
        start = ready + _days(rng, *w.livelihood_start_days)
        if start > life.horizon:
            return ready
        farming = kind is LivelihoodKind.FARMING
        mean = w.farming_mean_months if farming else w.own_account_mean_months
        ends = start + timedelta(days=max(1, int(rng.expovariate(1 / mean) * 30.44)))
        ended: date | None = ends
        if ends >= life.horizon:
            ended = life.horizon if life.horizon < self.as_of else None
        life.livelihoods.append(Livelihood(kind=kind, started_on=start, ended_on=ended))
        if farming and rng.random() < w.cooperative:
            joined = start + _days(rng, *w.cooperative_days)
            if joined <= life.horizon:
                self._venture(life, joined, cooperative=True)
        return ended if ended is not None else self.as_of + _ONE_DAY

    def _difficulty(self, life: _Life, barriers: bool) -> None:
        """Recognition of employment difficulty for a veteran still not working some months
        after registering, and the targeted assistance that follows."""
        rng = self.rng
        c = self.profile.contacts
        day = life.registered + _days(
            rng, *(c.difficulty_barrier_days if barriers else c.difficulty_jobless_days)
        )
        starts = [job.placement.started_on for job in life.jobs]
        starts += [venture.registered_on for venture in life.ventures]
        starts += [spell.started_on for spell in life.livelihoods]
        working = min(starts, default=None)
        if (
            day > life.horizon
            or (working is not None and working <= day)
            or any(
                programme.kind is ProgrammeKind.ACADEMIC and enrolment.is_active_on(day)
                for enrolment, programme in life.enrolments
            )
            or rng.random() >= (c.difficulty_barrier if barriers else c.difficulty_jobless)
        ):
            return
        life.recognised = day
        if rng.random() >= c.difficulty_assisted:
            return
        for _ in range(rng.randint(*c.difficulty_assistance_contacts)):
            day += _days(rng, *c.difficulty_assistance_days)
            if working is not None and day >= working:
                break
            channel = Channel.HOME_VISIT if rng.random() < c.home_visit else Channel.PHONE
            life.contacts.append((day, 8, ContactKind.DIFFICULTY_ASSISTANCE, channel))

    # --- derived records --------------------------------------------------------------

    def _finish(self, life: _Life) -> None:
        self._responses(life)
        self._earnings(life)
        horizon = life.horizon
        contacts = sorted(c for c in life.contacts if c[0] <= horizon)
        for day, _, kind, channel in contacts:
            self.contacts.append(
                ServiceContact(
                    id=self.next_id("C", 7),
                    veteran_id=life.veteran_id,
                    occurred_on=day,
                    kind=kind,
                    channel=channel,
                )
            )
