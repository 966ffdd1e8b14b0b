"""The job step of a veteran's timeline: placements one after another, with their terms."""

from __future__ import annotations

import math
from datetime import date, timedelta
from statistics import NormalDist

from veteran_services.model import (
    Channel,
    ContactKind,
    ContractType,
    EndReason,
    Enrolment,
    EnrolmentOutcome,
    Ownership,
    Placement,
    PlacementSource,
    Programme,
    ProgrammeKind,
    SizeBand,
)
from veteran_services.synthetic import _catalogue as cat
from veteran_services.synthetic._context import (
    _EXCLUSION_END,
    _FIVE,
    _FIVE_AND_FUND,
    _NO_INSURANCE,
    _PARTIAL_INSURANCE,
    _PUBLIC,
    _TRAINING_FOR_JOBS,
    _WORK_INJURY,
    _Context,
    _Job,
    _Life,
)
from veteran_services.synthetic._draws import _days, _known

_PHI = NormalDist().cdf


class _Placements(_Context):
    """Draws a veteran's jobs and each placement's terms."""

    def _planted_jobs(
        self,
        life: _Life,
        x: dict[str, float],
        kind: ProgrammeKind | None,
        start_quarter: int | None,
        completed: bool,
    ) -> None:
        """Work under the planted truth (``TrainingEffects``): employed or not in each
        quarter after the registration quarter with the planted probability (a latent
        normal, persistent from quarter to quarter, below its quantile), each run of employed
        quarters one job spanning them."""
        effects = _known(self.effects)
        rng = self.planted
        first = life.registered.year * 4 + (life.registered.month - 1) // 3 + 1
        end_day = min(life.horizon, self.as_of)
        last = end_day.year * 4 + (end_day.month - 1) // 3
        rho = effects.persistence
        spread = math.sqrt(1.0 - rho * rho)
        latent = rng.gauss(0.0, 1.0)
        employed: list[bool] = []
        for index in range(first, last + 1):
            if index > first:
                latent = rho * latent + spread * rng.gauss(0.0, 1.0)
            quarter = None if start_quarter is None else index - start_quarter
            p = effects.employment_probability(
                x, education=life.education, kind=kind, quarter=quarter, completed=completed
            )
            employed.append(_PHI(latent) < p)
        effect = effects.effect_of(kind) if kind is not None and completed else None
        raised = (
            start_quarter + 2
            if effect is not None and effect.earnings and start_quarter is not None
            else None
        )
        k = 0
        while k < len(employed):
            if not employed[k]:
                k += 1
                continue
            begin = k
            k += 1
            while k < len(employed) and employed[k] and first + k != raised:
                k += 1
            premium = (
                effect.earnings
                if effect is not None and raised is not None and first + begin >= raised
                else 0
            )
            self._planted_job(life, first + begin, first + k - 1, last, end_day, premium)

    def _planted_job(
        self, life: _Life, first: int, last: int, final: int, end_day: date, premium: int
    ) -> None:
        """One job spanning quarters *first* to *last* (*final*: the last quarter drawn)."""
        rng = self.rng
        effects = _known(self.effects)
        pl = self.profile.placement
        start = min(end_day, self.bounds(first)[0] + _days(rng, 0, 10))
        ended: date | None
        end_reason: EndReason | None
        if last == final and life.horizon >= self.as_of:
            ended, end_reason = None, None
        elif last == final and life.exclusion is not None:
            ended, end_reason = life.horizon, _EXCLUSION_END[life.exclusion.reason]
        else:
            ended = max(start, self.bounds(last)[1] - _days(rng, 0, 10))
            end_reason = self.table("planted-end", lambda: pl.end_reasons).draw(rng)
        section = self.section_table.draw(rng)
        table = self.by_section.get(section)
        if table is None:
            table = self.by_section[
                _known(self.employers[rng.randrange(len(self.employers))].industry)
            ]
        employer = table.draw(rng)
        occupation = self.occupation_tables[_known(employer.industry)].draw(rng)
        minimum = float(self.profile.minimum_wage_on(start))
        multiple = (
            effects.wage_multiple
            * self.education_pay.get(life.education, 1.0)
            * rng.lognormvariate(0, 0.15)
        )
        wage = round(minimum * multiple / 100) * 100 + premium
        placement = Placement(
            id=self.next_id("P", 6),
            veteran_id=life.veteran_id,
            employer_id=employer.id,
            occupation=occupation,
            started_on=start,
            ended_on=ended,
            end_reason=end_reason,
            contract=ContractType.OPEN_ENDED,
            weekly_hours=self.weekly(40),
            monthly_wage=self.cny(wage),
            insurance=_FIVE,
            subsidised=False,
            source=self.table("source", lambda: pl.sources).draw(rng),
        )
        self.placements.append(placement)
        life.jobs.append(_Job(placement, employer, wage, 40, wage / minimum, None))

    def _jobs(
        self, life: _Life, cursor: date, limit: date, *, arranged: bool, welfare: bool
    ) -> date:
        """Jobs one after another from *cursor* until *limit*; returns when the last ended."""
        rng = self.rng
        w = self.profile.job_search
        limit_skill = w.skill_limit
        for number in range(w.max_jobs):
            if number == 0:
                wait = rng.randint(*w.arranged_wait_days) if arranged else int(
                    rng.expovariate(1 / w.first_wait_mean)
                    * (1.0 - w.first_wait_per_skill
                       * max(-limit_skill, min(limit_skill, life.skill)))
                ) + w.first_wait_min  # fmt: skip
            else:
                wait = int(rng.expovariate(1 / w.next_wait_mean)) + w.next_wait_min
            start = cursor + timedelta(days=wait)
            if start > limit or start > self.as_of:
                return cursor
            job = self._placement(
                life, start, limit, arranged=arranged and number == 0,
                welfare=welfare and number == 0,
            )  # fmt: skip
            ended = job.placement.ended_on
            if ended is None:
                return self.as_of
            cursor = ended
        return cursor

    def _linked_enrolment(self, life: _Life, start: date) -> tuple[Enrolment, Programme] | None:
        for enrolment, programme in reversed(life.enrolments):
            ended = enrolment.ended_on
            if (
                ended is not None
                and ended <= start
                and programme.kind in _TRAINING_FOR_JOBS
                and (start - ended).days <= self.profile.placement.training_window_days
            ):
                return enrolment, programme
        return None

    def _placement(
        self, life: _Life, start: date, limit: date, *, arranged: bool, welfare: bool
    ) -> _Job:
        rng = self.rng
        pl = self.profile.placement
        q = self.profile.job_quality
        pay = self.profile.pay
        linked = None if arranged or welfare else self._linked_enrolment(life, start)
        enrolment_id: str | None = None
        relevance: float | None = None
        occupation: str | None = None
        if linked is not None:
            enrolment, programme = linked
            targets = sorted(programme.target_occupations)
            link_chance = (
                pl.link_completed if enrolment.outcome is EnrolmentOutcome.COMPLETED
                else pl.link_other
            )  # fmt: skip
            if (
                targets
                and rng.random() < link_chance
                and not any(j.placement.enrolment_id == enrolment.id for j in life.jobs)
            ):
                enrolment_id = enrolment.id
                if rng.random() < pl.target_occupation:
                    occupation = targets[rng.randrange(len(targets))]
            relevance = pl.relevance_off_target if occupation is None else pl.relevance_on_target
            relevance = min(1.0, max(0.0, relevance + rng.gauss(0, pl.relevance_sd)))
        if welfare and self.welfare_hosts:
            employer = self.welfare_hosts.draw(rng)
            occupation = cat.WELFARE_OCCUPATIONS[rng.randrange(len(cat.WELFARE_OCCUPATIONS))]
        elif arranged and self.public_hosts:
            employer = self.public_hosts.draw(rng)
            welfare = False
        else:
            welfare = False
            if occupation is not None and occupation in self.sections_of:
                section = self.sections_of[occupation].draw(rng)
            else:
                occupation = None
                section = self.section_table.draw(rng)
            local = self.by_section_district.get((section, life.district))
            table = (
                local if local and rng.random() < pl.local_employer
                else self.by_section.get(section)
            )  # fmt: skip
            if table is None:
                table = self.by_section[
                    _known(self.employers[rng.randrange(len(self.employers))].industry)
                ]
                occupation = None
            employer = table.draw(rng)
        if occupation is None:
            occupation = self.occupation_tables[_known(employer.industry)].draw(rng)
        ownership = _known(employer.ownership)
        size = employer.size
        # Contract.
        if welfare:
            contract = ContractType.PUBLIC_WELFARE_POST
        elif arranged:
            contract = (
                ContractType.OPEN_ENDED if rng.random() < pl.arranged_open_ended
                else ContractType.FIXED_TERM
            )  # fmt: skip
        else:
            pairs = cat.CONTRACTS.get((ownership, size)) or cat.CONTRACTS.get((ownership, None))
            fallback = cat.CONTRACTS[(Ownership.PRIVATE, SizeBand.SMALL)]
            contract = self.table(("contract", ownership, size), lambda: pairs or fallback).draw(
                rng
            )
        months: int | None = None
        if contract is ContractType.FIXED_TERM:
            months = self.table("fixed-term", lambda: pl.fixed_term_months).draw(rng)
        elif contract is ContractType.DISPATCH:
            months = rng.choice(pl.dispatch_months)
        elif contract is ContractType.TASK_BASED:
            months = rng.randint(*pl.task_months)
        elif contract is ContractType.PUBLIC_WELFARE_POST:
            months = rng.choice(pl.welfare_months)
        elif contract is ContractType.PART_TIME and rng.random() < pl.part_time_term:
            months = rng.choice(pl.part_time_months)
        # Hours.
        if contract is ContractType.PART_TIME:
            hours = rng.choice(q.part_time_hours)
        elif ownership in (Ownership.GOVERNMENT, Ownership.PUBLIC_INSTITUTION) or welfare:
            hours = 40 if rng.random() < q.public_40_hours else 44
        else:
            long_jobs = occupation in q.long_hours_occupations
            roll = rng.random() - (q.long_hours_shift if long_jobs else 0.0)
            shares = self.hours_shares
            index = shares.index(roll)
            hours = (
                shares.items[index] if index < len(shares.thresholds)
                else rng.choice(q.long_hours)
            )  # fmt: skip
        # Wage: a multiple of the minimum wage in force at the start.
        minimum = float(self.profile.minimum_wage_on(start))
        if welfare:
            multiple = rng.uniform(*pay.welfare_multiple)
        else:
            multiple = cat.OCCUPATION_MULTIPLE.get(
                occupation, cat.MAJOR_GROUP_MULTIPLE[occupation[0]]
            )
            multiple *= self.ownership_pay[ownership] * self.size_pay[size]
            multiple *= self.education_pay.get(life.education, 1.0) * (
                1.0 + pay.pay_per_skill * life.skill
            )
            if (
                enrolment_id is not None
                and relevance is not None
                and relevance > pay.trained_min_relevance
            ):
                multiple *= pay.trained_premium
            multiple *= rng.lognormvariate(0, pay.pay_sd)
            if hours > pay.overtime_from_hours:
                # Some overtime is folded into pay.
                multiple *= 1.0 + (hours - pay.overtime_from_hours) / pay.overtime_divisor
            if multiple < pay.underpaid_below:
                lax = ownership is Ownership.INDIVIDUAL_BUSINESS or size is SizeBand.MICRO
                if not (lax and rng.random() < pay.lax_underpay) and rng.random() > pay.underpay:
                    multiple = rng.uniform(*pay.lifted_multiple)
                else:
                    multiple = max(multiple, pay.lowest_multiple)
        full_time_wage = minimum * multiple
        wage = full_time_wage * hours / 40 if contract is ContractType.PART_TIME else full_time_wage
        step = 10 if rng.random() < pay.round_to_ten else 100
        wage_int = max(pay.lowest_wage, round(wage / step) * step)
        # Insurance.
        if welfare:
            insurance = _FIVE
        elif contract is ContractType.PART_TIME:
            insurance = _WORK_INJURY if rng.random() < q.part_time_work_injury else _NO_INSURANCE
        elif contract is ContractType.NONE:
            insurance = self.uncontracted.draw(rng)
        else:
            if ownership is Ownership.PRIVATE:
                full, fund = self.private_insurance[size]
            else:
                full, fund = self.full_insurance[ownership]
            if contract is ContractType.TASK_BASED:
                full *= q.task_based_insurance_factor
            if rng.random() < full:
                insurance = _FIVE_AND_FUND if rng.random() < fund else _FIVE
            elif rng.random() < q.partial_insurance:
                insurance = _PARTIAL_INSURANCE[rng.randrange(len(_PARTIAL_INSURANCE))]
            else:
                insurance = _NO_INSURANCE
        # How long the job lasts.
        mean = self.tenure_mean[contract]
        if ownership in _PUBLIC:
            mean *= pl.public_tenure_factor
        limit_skill = pl.tenure_skill_limit
        mean *= 1.0 + pl.tenure_per_skill * max(-limit_skill, min(limit_skill, life.skill))
        tenure = rng.expovariate(1 / mean)
        end_reason: EndReason | None = None
        if (
            months is not None
            and contract is not ContractType.PART_TIME
            and tenure >= months
            and (
                contract in (ContractType.TASK_BASED, ContractType.PUBLIC_WELFARE_POST)
                or rng.random() < pl.contract_ended
            )
        ):
            tenure = float(months)
            end_reason = EndReason.CONTRACT_ENDED
        drawn_end = start + timedelta(days=max(1, int(tenure * 30.44)))
        ended: date | None = drawn_end
        if end_reason is not EndReason.CONTRACT_ENDED:
            micro = size is SizeBand.MICRO
            end_reason = self.table(("end", micro), lambda:
                [(r, pl.micro_business_closed if micro and r is EndReason.BUSINESS_CLOSED
                  else w) for r, w in pl.end_reasons]
            ).draw(rng)  # fmt: skip
        if drawn_end >= limit:
            if limit < self.as_of and life.exclusion is not None and limit == life.horizon:
                ended, end_reason = limit, _EXCLUSION_END[life.exclusion.reason]
            elif limit < self.as_of:  # leaves to start a business
                ended = max(start, limit - _days(self.rng, *pl.leave_for_venture_days))
                end_reason = EndReason.RESIGNED
        if ended is not None and ended > self.as_of:
            ended, end_reason = None, None
        source = (
            PlacementSource.ARRANGED if arranged
            else PlacementSource.JOB_REFERRAL if welfare
            else PlacementSource.TRAINING_PROVIDER
            if enrolment_id is not None and rng.random() < pl.from_training_provider
            else self.table("source", lambda: pl.sources).draw(rng)
        )  # fmt: skip
        contacts = self.profile.contacts
        if source is PlacementSource.JOB_REFERRAL:
            day = max(life.registered, start - _days(rng, *contacts.job_referral_days))
            life.contacts.append((day, 6, ContactKind.JOB_REFERRAL, Channel.PHONE))
        elif source is PlacementSource.JOB_FAIR:
            day = max(life.registered, start - _days(rng, *contacts.job_fair_days))
            life.contacts.append((day, 6, ContactKind.JOB_FAIR, Channel.IN_PERSON))
        subsidised = welfare or rng.random() < (
            pl.subsidised + pl.subsidised_low_skill * (life.skill < pl.low_skill)
        )
        placement = Placement(
            id=self.next_id("P", 6),
            veteran_id=life.veteran_id,
            employer_id=employer.id,
            occupation=occupation,
            started_on=start,
            ended_on=ended,
            end_reason=end_reason,
            contract=contract,
            contract_months=months,
            weekly_hours=self.weekly(hours),
            monthly_wage=self.cny(wage_int),
            insurance=insurance,
            subsidised=subsidised,
            source=source,
            enrolment_id=enrolment_id,
        )
        self.placements.append(placement)
        full_time_multiple = wage_int / minimum
        if contract is ContractType.PART_TIME:
            full_time_multiple *= 40 / hours
        job = _Job(placement, employer, wage_int, hours, full_time_multiple, relevance)
        life.jobs.append(job)
        return job
