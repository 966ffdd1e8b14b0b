"""The venture step of a veteran's timeline: a business founded, its support and its life."""

from __future__ import annotations

from datetime import date, timedelta

from veteran_services.model import (
    Channel,
    ContactKind,
    LegalForm,
    Money,
    Support,
    SupportKind,
    Venture,
    VentureSnapshot,
)
from veteran_services.model.time import add_months
from veteran_services.synthetic import _catalogue as cat
from veteran_services.synthetic._context import _Context, _Life
from veteran_services.synthetic._draws import _days


class _Ventures(_Context):
    """Draws a founder's venture."""

    def _venture(self, life: _Life, registered: date) -> date | None:
        """Found a venture; return the day it closed (``None`` while it is open)."""
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
        survival_months = rng.expovariate(1 / v.survival_mean_months)
        closes = registered + timedelta(days=int(survival_months * 30.44) + v.first_days)
        closed: date | None = closes
        if closes > life.horizon:
            closed = life.horizon if life.horizon < self.as_of else None
        last = closed if closed is not None else self.as_of
        support: list[Support] = []
        for kind, chance, (low, high) in v.support:
            if rng.random() >= chance:
                continue
            granted = registered + _days(rng, low, high)
            if granted > last:
                continue
            amount: Money | None = None
            if kind is SupportKind.GUARANTEED_LOAN:
                amount = self.cny(rng.randint(*v.loan_ten_thousands) * 10_000)
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
            support.append(Support(kind=kind, granted_on=granted, amount=amount))
            if kind is SupportKind.INCUBATION:
                life.contacts.append(
                    (granted, 7, ContactKind.ENTREPRENEURSHIP_SUPPORT, Channel.IN_PERSON)
                )
        support.sort(key=lambda s: s.granted_on)
        before = registered - _days(rng, *self.profile.contacts.venture_advice_days)
        if before >= life.registered:
            life.contacts.append(
                (before, 7, ContactKind.ENTREPRENEURSHIP_SUPPORT, Channel.IN_PERSON)
            )
        snapshots: list[VentureSnapshot] = []
        big = form in (LegalForm.LIMITED_COMPANY, LegalForm.PARTNERSHIP, LegalForm.COOPERATIVE)
        employees = len(founders) + (
            rng.randint(*v.big_staff) if big else rng.randint(*v.small_staff)
        )
        veteran_employees = len(founders)
        year = 1
        while True:
            day = add_months(registered, 12 * year)
            if day > last:
                break
            growth = rng.randint(*(v.big_growth if big else v.small_growth))
            employees = max(len(founders), employees + growth)
            if rng.random() < v.veteran_hire:
                veteran_employees += 1
            veteran_employees = min(veteran_employees, employees)
            revenue = employees * rng.randint(*v.revenue_thousands) * 1_000
            snapshots.append(
                VentureSnapshot(as_of=day, employees=employees,
                                veteran_employees=veteran_employees,
                                revenue=self.cny(revenue))
            )  # fmt: skip
            year += 1
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
        )
        self.ventures.append(venture)
        life.ventures.append(venture)
        return closed
