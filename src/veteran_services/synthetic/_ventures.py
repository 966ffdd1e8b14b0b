"""The venture step of a veteran's timeline: a business founded, its support and its life."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs

from veteran_services.model import (
    Certification,
    CertificationKind,
    Channel,
    ContactKind,
    LegalForm,
    Money,
    OperatingStatus,
    RepaymentStatus,
    Support,
    SupportKind,
    Venture,
    VentureSnapshot,
)
from veteran_services.model.time import add_months, whole_months_between
from veteran_services.synthetic import _catalogue as cat
from veteran_services.synthetic._context import _Context, _Life
from veteran_services.synthetic._draws import _days, _known


class _Ventures(_Context):
    """Draws a founder's venture."""

    def _venture(self, life: _Life, registered: date, *, cooperative: bool = False) -> date | None:
        """Found a venture; return the day it closed (``None`` while it is open).

        *cooperative*: a farmers' cooperative in agriculture (its industry and legal form not
        drawn).
        """
        rng = self.rng
        v = self.profile.ventures
        if registered > life.horizon:
            return None
        founders = [life.veteran_id]
        if rng.random() < v.co_founded:
            others = self.founders_by_district.get(life.district, [])
            if others:
                other, other_registered = others[rng.randrange(len(others))]
                if other_registered < registered:
                    founders.append(other)
        rural = life.district in self.profile.rural_districts
        if cooperative:
            section, form = "A", LegalForm.COOPERATIVE
        else:
            section = self.table(("venture", rural), lambda:
                [(s, w * (v.rural_agriculture_factor if s == "A" and rural else 1))
                 for s, w in cat.VENTURE_INDUSTRIES]
            ).draw(rng)  # fmt: skip
            partners, farming = len(founders) > 1, section == "A"
            form = self.table(("form", partners, farming), lambda:
                [(f, v.partnership_with_partners if partners and f is LegalForm.PARTNERSHIP
                  else v.cooperative_in_agriculture if farming and f is LegalForm.COOPERATIVE
                  else w) for f, w in v.legal_forms]
            ).draw(rng)  # fmt: skip
        word = cat.EMPLOYER_WORDS[rng.randrange(len(cat.EMPLOYER_WORDS))]
        nouns = cat.VENTURE_NOUNS[section]
        suffix = {
            LegalForm.LIMITED_COMPANY: " Co., Ltd.",
            LegalForm.PARTNERSHIP: " Partnership",
            LegalForm.COOPERATIVE: " Cooperative",
            LegalForm.SOLE_PROPRIETORSHIP: " Sole Proprietorship",
        }.get(form, "")
        name = f"{word} Comrades {nouns[rng.randrange(len(nouns))]}{suffix}"
        # Support is decided at registration (a grant may come months later), so that whether
        # a venture was supported in its first three months is fixed before its fate is drawn.
        offers: list[tuple[SupportKind, date]] = []
        for kind, chance, (low, high) in v.support:
            if rng.random() < chance:
                offers.append((kind, registered + _days(rng, low, high)))
        baseline = any(whole_months_between(registered, day) < 3 for _, day in offers)
        founder = self.veterans[-1]
        age = whole_months_between(_known(founder.birth_date), registered) // 12
        ratios = dict(v.closure_hazard_ratios)
        hazard = (
            (ratios["supported"] if baseline else 1.0)
            * (ratios["limited_company"] if form is LegalForm.LIMITED_COMPANY else 1.0)
            * ratios["founder_age_decade"] ** ((age - 35) / 10)
        )
        survival_months = rng.expovariate(hazard / v.survival_mean_months)
        closes = registered + timedelta(days=int(survival_months * 30.44) + v.first_days)
        closed: date | None = closes
        if closes > life.horizon:
            closed = life.horizon if life.horizon < self.as_of else None
        last = closed if closed is not None else self.as_of
        support: list[Support] = []
        loan_index = -1
        for kind, granted in offers:
            if granted > last:
                continue
            amount: Money | None = None
            term: int | None = None
            if kind is SupportKind.GUARANTEED_LOAN:
                amount = self.cny(rng.randint(*v.loan_ten_thousands) * 10_000)
                term = rng.choice(v.loan_terms)
                loan_index = len(support)
            elif kind is SupportKind.TAX_RELIEF:
                # Yearly deduction per household for veteran entrepreneurs: 12,000 CNY until
                # 2022, 14,400 CNY from 2023 (unconfirmed; a generation parameter).
                amount = self.cny(
                    v.tax_relief if granted.year >= v.tax_relief_from_year
                    else v.tax_relief_before
                )  # fmt: skip
            elif kind is SupportKind.SUBSIDY:
                amount = self.cny(rng.choice(v.subsidies))
            elif kind is SupportKind.PREMISES:
                amount = self.cny(rng.randint(*v.premises_thousands) * 1_000)
            ended: date | None = None
            if kind in (SupportKind.INCUBATION, SupportKind.PREMISES):
                ends = add_months(granted, 24)
                ended = ends if ends <= last else closed
            support.append(
                Support(kind=kind, granted_on=granted, amount=amount, term_months=term,
                        ended_on=ended)
            )  # fmt: skip
            if kind is SupportKind.INCUBATION:
                life.contacts.append(
                    (granted, 7, ContactKind.ENTREPRENEURSHIP_SUPPORT, Channel.IN_PERSON)
                )
        if loan_index >= 0 and rng.random() < v.repayment_recorded:
            loan = support[loan_index]
            support[loan_index] = self._repayment(loan, closed, last)
        support.sort(key=lambda s: s.granted_on)
        before = registered - _days(rng, *self.profile.contacts.venture_advice_days)
        if before >= life.registered:
            life.contacts.append(
                (before, 7, ContactKind.ENTREPRENEURSHIP_SUPPORT, Channel.IN_PERSON)
            )
        snapshots = self._snapshots(founders, form, section, registered, closed, last)
        certifications: list[Certification] = []
        if form is LegalForm.LIMITED_COMPANY:
            for certificate, chance, sections in v.certifications:
                if section in sections and rng.random() < chance:
                    awarded = registered + _days(rng, 180, 1_095)
                    if awarded <= last:
                        expires = (
                            add_months(awarded, 36)
                            if certificate in (CertificationKind.HIGH_TECH_ENTERPRISE,
                                        CertificationKind.SCIENCE_BASED_SME)
                            else None
                        )  # fmt: skip
                        certifications.append(
                            Certification(kind=certificate, awarded_on=awarded, expires_on=expires,
                                          source="register")
                        )  # fmt: skip
        counter = self.next_id("B", 5)
        venture = Venture(
            id=counter,
            founder_ids=tuple(founders),
            name=name,
            legal_form=form,
            industry=section,
            region=life.district,
            registered_on=registered,
            closed_on=closed,
            support=tuple(support),
            snapshots=tuple(snapshots),
            certifications=tuple(certifications),
        )
        self.ventures.append(venture)
        life.ventures.append(venture)
        return closed

    def _repayment(self, loan: Support, closed: date | None, last: date) -> Support:
        """The loan with its repayment status as last recorded (by *last*)."""
        rng = self.rng
        v = self.profile.ventures
        term = _known(loan.term_months)
        due = add_months(loan.granted_on, term)
        if closed is not None:
            if rng.random() < v.arrears_closed:
                status = (
                    RepaymentStatus.DEFAULTED if rng.random() < v.default_closed
                    else RepaymentStatus.IN_ARREARS
                )  # fmt: skip
            else:
                status = RepaymentStatus.REPAID
        elif rng.random() < v.arrears_open:
            status = RepaymentStatus.IN_ARREARS
        else:
            status = RepaymentStatus.REPAID if due <= last else RepaymentStatus.CURRENT
        return attrs.evolve(loan, repayment=status, repayment_as_of=last)

    def _snapshots(
        self,
        founders: list[str],
        form: LegalForm,
        section: str,
        registered: date,
        closed: date | None,
        last: date,
    ) -> list[VentureSnapshot]:
        """Yearly snapshots of a venture up to *last* (its closure or the reference date)."""
        rng = self.rng
        v = self.profile.ventures
        big = form in (LegalForm.LIMITED_COMPANY, LegalForm.PARTNERSHIP, LegalForm.COOPERATIVE)
        growth_rate: float | None = None
        alone = False
        if form is LegalForm.LIMITED_COMPANY and rng.random() < v.high_growth:
            employees = rng.randint(*v.high_growth_staff)
            growth_rate = rng.uniform(*v.high_growth_rate)
        elif big:
            employees = rng.randint(*v.big_staff)
        else:
            alone = rng.random() < v.own_account
            employees = 0 if alone else rng.randint(*v.small_staff)
        veteran_employees = 0
        closing = closed is not None and rng.random() < v.suspended_before_closing
        snapshots: list[VentureSnapshot] = []
        year = 1
        while True:
            day = add_months(registered, 12 * year)
            if day > last or (closed is not None and day >= closed):
                break
            if growth_rate is not None:
                employees = max(0, round(employees * (1 + growth_rate)))
            elif not alone:
                employees = max(
                    0, employees + rng.randint(*(v.big_growth if big else v.small_growth))
                )
            if employees > veteran_employees and rng.random() < v.veteran_hire:
                veteran_employees += 1
            veteran_employees = min(veteran_employees, employees)
            working = employees + len(founders)
            revenue = working * rng.randint(*v.revenue_thousands) * 1_000
            final_year = closed is not None and add_months(day, 12) >= closed
            status: OperatingStatus | None = None
            if rng.random() < v.status_recorded:
                status = (
                    OperatingStatus.SUSPENDED if final_year and closing
                    else OperatingStatus.OPERATING
                )  # fmt: skip
            insured: int | None = None
            if rng.random() < v.insured_recorded:
                chance = v.insured_company if big else v.insured_small
                insured = sum(rng.random() < chance for _ in range(employees))
            profit: Decimal | None = None
            if rng.random() < v.profit_recorded:
                margin = rng.uniform(*(v.closing_margin if final_year else v.margin))
                profit = Decimal(round(revenue * margin))
            tax: Money | None = None
            if rng.random() < v.tax_recorded:
                tax = Money(amount=Decimal(round(revenue * rng.uniform(*v.tax_rate))))
            income: Money | None = None
            if rng.random() < v.income_recorded:
                income = self.cny(rng.randint(*v.founder_income) // 100 * 100)
            snapshots.append(
                VentureSnapshot(as_of=day, employees=employees,
                                veteran_employees=veteran_employees,
                                revenue=self.cny(revenue), status=status,
                                insured_employees=insured, profit=profit, tax_paid=tax,
                                founder_monthly_income=income)
            )  # fmt: skip
            year += 1
        return snapshots
