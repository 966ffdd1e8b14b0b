"""Reference data of the sample city: training providers, programmes and employers."""

from __future__ import annotations

from veteran_services.model import (
    Employer,
    Ownership,
    Programme,
    ProgrammeKind,
    ProviderKind,
    SizeBand,
    TrainingProvider,
)
from veteran_services.synthetic import _catalogue as cat
from veteran_services.synthetic._context import _PUBLIC, _WELFARE_HOSTS, _Context
from veteran_services.synthetic._draws import _Table


class _Reference(_Context):
    """Draws the providers, programmes and employers (before any veteran)."""

    def build_reference(self) -> None:
        rng = self.rng
        profile = self.profile
        for template in cat.PROGRAMMES:
            self.templates_by_kind.setdefault(template.kind, []).append(template)
        specs: list[tuple[str, ProviderKind, str, bool]] = []
        for code in profile.districts:
            name = self.district_name(code)
            specs.append(
                (f"{name} Veterans Vocational Skills Training Centre",
                 ProviderKind.PUBLIC_TRAINING_CENTRE, code, True)
            )  # fmt: skip
        city = profile.name
        colleges = ("Jinling", "Zhongshan", "Yangtze River")
        specs += [
            (f"{city} {word} Vocational and Technical College",
             ProviderKind.VOCATIONAL_COLLEGE, self.districts.draw(rng), True)
            for word in colleges
        ]  # fmt: skip
        specs += [
            (f"{city} {word} Secondary Vocational School",
             ProviderKind.VOCATIONAL_SCHOOL, self.districts.draw(rng), True)
            for word in ("Qinhuai", "Jiangbei")
        ]  # fmt: skip
        specs.append(
            (f"{city} Institute of Technology School of Continuing Education",
             ProviderKind.UNIVERSITY, "320115", True)
        )  # fmt: skip
        providers = profile.providers
        private_count = min(
            providers.private_schools_max,
            providers.private_schools + self.n // providers.veterans_per_private_school,
        )
        for index in range(private_count):
            word = cat.EMPLOYER_WORDS[(index * 7) % len(cat.EMPLOYER_WORDS)]
            suffix = "" if index < len(cat.EMPLOYER_WORDS) else f" No. {index + 1}"
            specs.append(
                (f"{word} Skills Training School{suffix}", ProviderKind.PRIVATE_INSTITUTION,
                 self.districts.draw(rng), rng.random() < providers.private_school_contracted)
            )  # fmt: skip
        specs += [
            (
                name,
                ProviderKind.EMPLOYER,
                self.districts.draw(rng),
                rng.random() < providers.employer_academy_contracted,
            )
            for name in (
                f"{city} Metro Operations Training Base",
                "Jinling Logistics Group Training Centre",
                "Yangtze Auto Service Academy",
                "Purple Mountain Industrial Maintenance Academy",
            )
        ]
        specs.append(
            (f"{city} Veterans Mutual Aid Association", ProviderKind.NGO,
             self.districts.draw(rng), False)
        )  # fmt: skip
        specs += [
            (f"{self.district_name(code)} Veterans Entrepreneurship Incubation Base",
             ProviderKind.INCUBATOR, code, True)
            for code in ("320115", "320111")
        ]  # fmt: skip
        width = 2 if len(specs) < 100 else 3
        for index, (name, kind, region_code, contracted) in enumerate(specs, start=1):
            provider = TrainingProvider(
                id=f"TP{index:0{width}d}",
                name=name,
                kind=kind,
                region=region_code,
                contracted=contracted,
            )
            self.providers.append(provider)
            self.provider_region[provider.id] = region_code
        self._build_programmes()
        self._build_employers()

    def _build_programmes(self) -> None:
        rng = self.rng
        providers = self.profile.providers
        by_provider_kind: dict[ProviderKind, list[cat.ProgrammeTemplate]] = {}
        for template in cat.PROGRAMMES:
            for kind in template.providers:
                by_provider_kind.setdefault(kind, []).append(template)
        offered: list[tuple[TrainingProvider, cat.ProgrammeTemplate]] = []
        covered: set[str] = set()
        for provider in self.providers:
            pool = by_provider_kind.get(provider.kind, [])
            if provider.kind is ProviderKind.PUBLIC_TRAINING_CENTRE:
                # Every centre runs adaptive training and a few vocational courses.
                first = [t for t in pool if t.kind is ProgrammeKind.ADAPTIVE]
                rest = [t for t in pool if t.kind is not ProgrammeKind.ADAPTIVE]
                courses = rng.randint(*providers.centre_courses)
                chosen = first + rng.sample(rest, min(len(rest), courses))
            elif provider.kind is ProviderKind.EMPLOYER:
                chosen = rng.sample(pool, min(len(pool), providers.employer_academy_courses))
            else:
                chosen = rng.sample(pool, min(len(pool), rng.randint(*providers.other_courses)))
            for template in chosen:
                offered.append((provider, template))
                covered.add(template.title)
        # Make sure every template is run somewhere (so every kind exists at any size).
        for template in cat.PROGRAMMES:
            if template.title not in covered:
                hosts = [p for p in self.providers if p.kind in template.providers]
                offered.append((hosts[rng.randrange(len(hosts))], template))
        width = 3 if len(offered) < 1000 else 4
        for index, (provider, template) in enumerate(offered, start=1):
            hours = rng.randint(*template.hours)
            hours -= hours % 4
            cost = rng.randint(*template.cost)
            programme = Programme(
                id=f"PG{index:0{width}d}",
                provider_id=provider.id,
                title=template.title,
                kind=template.kind,
                target_occupations=frozenset(template.occupations),
                credential=template.credential,
                hours=max(hours, 8),
                cost=self.cny(cost - cost % 50),
            )
            self.programmes.append(programme)
            self.programmes_by_kind.setdefault(template.kind, []).append(programme)
            key = (template.kind, provider.region)
            self.programmes_local.setdefault(key, []).append(programme)
        self.credential_titles = {t.title: t.credential_title for t in cat.PROGRAMMES}

    def _build_employers(self) -> None:
        rng = self.rng
        employers = self.profile.employers
        count = max(employers.minimum, self.n // employers.veterans_per_employer)
        width = max(4, len(str(count)))
        section_pairs: dict[str, list[tuple[Employer, float]]] = {}
        local_pairs: dict[tuple[str, str], list[tuple[Employer, float]]] = {}
        welfare: list[tuple[Employer, float]] = []
        public: list[tuple[Employer, float]] = []
        sections = [s for s, _ in cat.SECTIONS]
        for index in range(1, count + 1):
            # The first employers cover every section, the rest follow the weights.
            section = (
                sections[index - 1] if index <= len(sections) else self.section_table.draw(rng)
            )
            ownership = _Table(cat.OWNERSHIP_BY_SECTION[section]).draw(rng)
            size = _Table(cat.SIZES_BY_OWNERSHIP[ownership]).draw(rng)
            district = self.districts.draw(rng)
            name = self._employer_name(section, ownership, district)
            partner = rng.random() < (
                employers.partner_public_or_large
                if ownership in _PUBLIC or size is SizeBand.LARGE
                else employers.partner_other
            )
            employer = Employer(
                id=f"E{index:0{width}d}",
                name=name,
                industry=section,
                region=district,
                ownership=ownership,
                size=size,
                partner=partner,
            )
            self.employers.append(employer)
            weight = float(self.hiring_by_size[size]) * (
                employers.partner_hiring_factor if partner else 1.0
            )
            section_pairs.setdefault(section, []).append((employer, weight))
            local_pairs.setdefault((section, district), []).append((employer, weight))
            if ownership in _WELFARE_HOSTS:
                welfare.append((employer, weight))
            if ownership in _PUBLIC:
                public.append((employer, weight))
        self.by_section = {k: _Table(v) for k, v in section_pairs.items()}
        self.by_section_district = {k: _Table(v) for k, v in local_pairs.items()}
        self.welfare_hosts = _Table(welfare)
        self.public_hosts = _Table(public)
        occupation_sections: dict[str, list[tuple[str, float]]] = {}
        weights = dict(cat.SECTIONS)
        for section, pairs in cat.SECTION_OCCUPATIONS.items():
            for code, weight in pairs:
                occupation_sections.setdefault(code, []).append(
                    (section, float(weight * weights.get(section, 1)))
                )
        self.sections_of = {k: _Table(v) for k, v in occupation_sections.items()}

    def _employer_name(self, section: str, ownership: Ownership, district: str) -> str:
        rng = self.rng
        nouns = cat.SECTION_NOUNS[section]
        noun = nouns[rng.randrange(len(nouns))]
        if ownership is Ownership.GOVERNMENT:
            return f"{self.district_name(district)} District {noun}"
        if ownership is Ownership.PUBLIC_INSTITUTION:
            return f"{self.profile.name} {self.district_name(district)} {noun}"
        word = cat.EMPLOYER_WORDS[rng.randrange(len(cat.EMPLOYER_WORDS))]
        if ownership is Ownership.INDIVIDUAL_BUSINESS:
            return f"{word} {noun} (individual business)"
        if ownership is Ownership.SOCIAL_ORGANISATION:
            return f"{self.profile.name} {word} {noun} Association"
        if ownership is Ownership.STATE_OWNED:
            return f"{self.profile.name} {word} {noun} Group Co., Ltd."
        return f"{self.profile.name} {word} {noun} Co., Ltd."

    # --- veterans ---------------------------------------------------------------------
