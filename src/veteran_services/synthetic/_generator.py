"""The sample-city generator: a seeded, coherent caseload built record by record.

Everything is drawn from one :class:`random.Random` seeded by the caller, in a fixed order, and
nothing depends on the clock, on hash order or on the global random module: the same arguments
always give an equal caseload.

Each veteran's life after service is drawn as a timeline: separation, registration, adaptive
training, maybe further training, then jobs one after another (or a venture), cut short by an
exclusion (death, institutionalisation, ...) where one is drawn. Service contacts, follow-up
survey cases and quarterly earnings are derived from that timeline, so they agree with it.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Generic, NamedTuple, TypeVar

from veteran_services._gc import paused_gc
from veteran_services.codes import EducationLevel
from veteran_services.errors import InvalidInputError
from veteran_services.model import (
    FIVE_INSURANCES,
    Answer,
    Barrier,
    Branch,
    Caseload,
    Channel,
    ContactKind,
    ContractType,
    Credential,
    CredentialKind,
    Discharge,
    Disposition,
    EarningsRecord,
    Employer,
    EndReason,
    Enrolment,
    EnrolmentOutcome,
    Exclusion,
    ExclusionReason,
    Insurance,
    LabourStatus,
    LegalForm,
    Money,
    Ownership,
    PersonalDetails,
    Placement,
    PlacementSource,
    Programme,
    ProgrammeKind,
    ProviderKind,
    Quarter,
    RankCategory,
    Resettlement,
    ServiceContact,
    ServicePeriod,
    Sex,
    SizeBand,
    SkillGain,
    SkillGainKind,
    Support,
    SupportKind,
    SurveyMode,
    SurveyResponse,
    TrainingProvider,
    Venture,
    VentureSnapshot,
    Veteran,
)
from veteran_services.model.time import add_months
from veteran_services.synthetic import _catalogue as cat
from veteran_services.synthetic._identity import (
    national_id,
    person_name,
    phone_number,
)
from veteran_services.synthetic._survey import (
    FOLLOW_UP,
    FOLLOW_UP_ID,
    FOLLOW_UP_VERSION,
    AnswerMaker,
    JobFacts,
)
from veteran_services.synthetic.parameters import share_sum
from veteran_services.synthetic.profiles import NANJING, CityProfile

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

__all__ = ["DEFAULT_AS_OF", "WAVES", "build"]

#: The default reference date: fixed, so that a seed always gives the same caseload.
DEFAULT_AS_OF: Final = date(2026, 6, 30)
#: Follow-up waves, in months after a placement starts.
WAVES: Final = (3, 6, 12)

_T = TypeVar("_T")
_K = TypeVar("_K")
_ONE_DAY: Final = timedelta(days=1)

_FIVE: Final = FIVE_INSURANCES
_FIVE_AND_FUND: Final = _FIVE | {Insurance.HOUSING_FUND}
_PARTIAL_INSURANCE: Final = (
    frozenset({Insurance.WORK_INJURY}),
    frozenset({Insurance.PENSION, Insurance.MEDICAL}),
    frozenset({Insurance.MEDICAL, Insurance.WORK_INJURY}),
    frozenset({Insurance.PENSION, Insurance.MEDICAL, Insurance.WORK_INJURY}),
)
_NO_INSURANCE: Final[frozenset[Insurance]] = frozenset()
_WORK_INJURY: Final = frozenset({Insurance.WORK_INJURY})

_PUBLIC: Final = frozenset({Ownership.STATE_OWNED, Ownership.GOVERNMENT,
                            Ownership.PUBLIC_INSTITUTION})  # fmt: skip
_WELFARE_HOSTS: Final = frozenset(
    {Ownership.GOVERNMENT, Ownership.PUBLIC_INSTITUTION, Ownership.SOCIAL_ORGANISATION}
)
_EXCLUSION_END: Final[dict[ExclusionReason, EndReason]] = {
    ExclusionReason.DECEASED: EndReason.DECEASED,
    ExclusionReason.MEDICAL: EndReason.HEALTH,
    ExclusionReason.INSTITUTIONALISED: EndReason.OTHER,
    ExclusionReason.RESERVE_CALL_UP: EndReason.OTHER,
}
_EXCLUSION_DISPOSITION: Final[dict[ExclusionReason, Disposition]] = {
    ExclusionReason.DECEASED: Disposition.NOT_ELIGIBLE,
    ExclusionReason.MEDICAL: Disposition.OTHER,
    ExclusionReason.INSTITUTIONALISED: Disposition.OTHER,
    ExclusionReason.RESERVE_CALL_UP: Disposition.NOT_ELIGIBLE,
}
_TRAINING_FOR_JOBS: Final = frozenset(
    {
        ProgrammeKind.VOCATIONAL,
        ProgrammeKind.APPRENTICESHIP,
        ProgrammeKind.ON_THE_JOB,
        ProgrammeKind.ACADEMIC,
        ProgrammeKind.OTHER,
    }
)


def _known(value: _K | None) -> _K:
    """A fact the generator always records (its employers have an industry and an ownership,
    its placements an insurance set), with the model's optional type narrowed."""
    if value is None:  # pragma: no cover - the generator never leaves these out
        msg = "the generator left out a fact it always records"
        raise AssertionError(msg)
    return value


class _Table(Generic[_T]):
    """Items with weights, drawn in O(log n)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Sequence[tuple[_T, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cum: list[float] = []
        total = 0.0
        for _, weight in pairs:
            total += weight
            self.cum.append(total)
        self.total = total

    def draw(self, rng: random.Random) -> _T:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]

    def __bool__(self) -> bool:
        return bool(self.items)


class _Shares:
    """Items drawn by comparing one uniform draw with running sums of their shares."""

    __slots__ = ("items", "thresholds")

    def __init__(self, pairs: Sequence[tuple[Any, float]], rest: Any) -> None:
        self.items = (*(item for item, _ in pairs), rest)
        shares = [share for _, share in pairs]
        self.thresholds = tuple(share_sum(*shares[: k + 1]) for k in range(len(shares)))

    def index(self, roll: float) -> int:
        """The index of the item *roll* falls on (``len(thresholds)`` for the rest)."""
        for index, threshold in enumerate(self.thresholds):
            if roll < threshold:
                return index
        return len(self.thresholds)

    def draw(self, rng: random.Random) -> Any:
        return self.items[self.index(rng.random())]


def _quarter_first(item: tuple[tuple[str, int], int]) -> tuple[int, str]:
    return item[0][1], item[0][0]


_SPANS: Final = tuple(timedelta(days=d) for d in range(2048))


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    """A whole number of days from *low* to *high* (both at most 2,047)."""
    return _SPANS[low + int(rng.random() * (high - low + 1))]


class _Random(random.Random):
    """:class:`random.Random` with faster whole-number draws.

    ``randrange``, ``randint`` and ``choice`` scale one :meth:`random` draw instead of
    rejection sampling: as deterministic, a little faster, with a bias below 2**-40 for the
    ranges used here.
    """

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            return int(self.random() * start)
        if step == 1:
            return start + int(self.random() * (stop - start))
        return super().randrange(start, stop, step)

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: SupportsLenAndGetItem[_T]) -> _T:
        return seq[int(self.random() * len(seq))]


class _Job(NamedTuple):
    placement: Placement
    employer: Employer
    wage: int
    hours: int
    multiple: float
    relevance: float | None


class _Life:
    """One veteran's records while they are being drawn."""

    __slots__ = (
        "contacts",
        "district",
        "education",
        "enrolments",
        "exclusion",
        "horizon",
        "jobs",
        "mood",
        "propensity",
        "registered",
        "separated",
        "skill",
        "ventures",
        "veteran_id",
    )

    def __init__(self, veteran_id: str, district: str) -> None:
        self.veteran_id = veteran_id
        self.district = district
        self.contacts: list[tuple[date, int, ContactKind, Channel]] = []
        self.enrolments: list[tuple[Enrolment, Programme]] = []
        self.jobs: list[_Job] = []
        self.ventures: list[Venture] = []
        self.exclusion: Exclusion | None = None
        self.education: EducationLevel | None = None
        self.registered = date.min
        self.separated = date.min
        self.horizon = date.min
        self.skill = 0.0
        self.mood = 0.0
        self.propensity = 0.0


class _Builder:
    def __init__(self, *, veterans: int, seed: int, as_of: date, profile: CityProfile) -> None:
        self.n = veterans
        self.rng = _Random(seed)
        self.as_of = as_of
        self.profile = profile
        self.window_start = max(
            profile.earliest, date(as_of.year - profile.service.window_years, 1, 1)
        )
        self.answers = AnswerMaker()
        self.providers: list[TrainingProvider] = []
        self.programmes: list[Programme] = []
        self.employers: list[Employer] = []
        self.veterans: list[Veteran] = []
        self.enrolments: list[Enrolment] = []
        self.placements: list[Placement] = []
        self.ventures: list[Venture] = []
        self.earnings: list[EarningsRecord] = []
        self.contacts: list[ServiceContact] = []
        self.responses: list[SurveyResponse] = []
        self.national_ids: set[str] = set()
        self.phones: set[str] = set()
        self.money: dict[int, Money] = {}
        self.hours: dict[int, Decimal] = {}
        self.quarters: dict[int, Quarter] = {}
        self.quarter_bounds: dict[int, tuple[date, date, int]] = {}
        # Wage records exist for quarters that have ended by the reference date.
        current = as_of.year * 4 + (as_of.month - 1) // 3
        ends_today = (as_of + _ONE_DAY).month in (1, 4, 7, 10) and (as_of + _ONE_DAY).day == 1
        self.last_complete_quarter = current if ends_today else current - 1
        self.districts = _Table(profile.district_weights)
        self.surnames = _Table(profile.surnames)
        self.templates_by_kind: dict[ProgrammeKind, list[cat.ProgrammeTemplate]] = {}
        self.programmes_by_kind: dict[ProgrammeKind, list[Programme]] = {}
        self.programmes_local: dict[tuple[ProgrammeKind, str], list[Programme]] = {}
        self.provider_region: dict[str, str] = {}
        self.by_section: dict[str, _Table[Employer]] = {}
        self.by_section_district: dict[tuple[str, str], _Table[Employer]] = {}
        self.section_table = _Table(cat.SECTIONS)
        self.occupation_tables = {
            section: _Table(pairs) for section, pairs in cat.SECTION_OCCUPATIONS.items()
        }
        self.sections_of: dict[str, _Table[str]] = {}
        self.welfare_hosts: _Table[Employer] = _Table([])
        self.public_hosts: _Table[Employer] = _Table([])
        self.founders_by_district: dict[str, list[tuple[str, date]]] = {}
        self.counters = {"P": 0, "EN": 0, "B": 0, "C": 0, "R": 0}
        self.credential_titles: dict[str, str] = {}
        self.tables: dict[object, _Table[Any]] = {}
        self._behaviour(profile)

    def _behaviour(self, profile: CityProfile) -> None:
        """The lookups and tables drawn from the profile's behaviour parameters."""
        service, job, pay = profile.service, profile.job_quality, profile.pay
        self.hiring_by_size = dict(profile.employers.hiring_by_size)
        self.ranks = _Shares(
            ((RankCategory.CONSCRIPT, service.conscript), (RankCategory.NCO, service.nco)),
            RankCategory.OFFICER,
        )
        self.female_share = {
            RankCategory.CONSCRIPT: service.female_conscript,
            RankCategory.NCO: service.female_nco,
        }
        self.discharges = _Shares(
            ((Discharge.HONOURABLE, service.honourable),
             (Discharge.MEDICAL, service.medical_discharge),
             (Discharge.GENERAL, service.general_discharge)),
            Discharge.OTHER_THAN_HONOURABLE,
        )  # fmt: skip
        self.hours_shares = _Shares(
            ((40, job.hours_40), (44, job.hours_44), (48, job.hours_48)), None
        )
        self.uncontracted = _Shares(
            ((_NO_INSURANCE, job.uncontracted_uninsured),
             (_WORK_INJURY, job.uncontracted_work_injury)),
            _FIVE,
        )  # fmt: skip
        follow_up = profile.follow_up
        self.modes = _Shares(
            ((SurveyMode.PHONE, follow_up.phone), (SurveyMode.ONLINE, follow_up.online),
             (SurveyMode.SMS, follow_up.sms)),
            SurveyMode.IN_PERSON,
        )  # fmt: skip
        self.full_insurance = dict(job.full_insurance)
        self.private_insurance = dict(job.private_insurance)
        self.ownership_pay = dict(pay.ownership_pay)
        self.size_pay = dict(pay.size_pay)
        self.education_pay = dict(pay.education_pay)
        self.tenure_mean = dict(profile.placement.tenure_mean_months)
        self.pass_rates = dict(profile.training.pass_rates)
        self.complete_by_wave = dict(follow_up.complete_by_wave)
        self.not_failed = float(Decimal(1) - Decimal(repr(float(profile.training.failed))))
        #: Outcomes of cases not completed; after a refusal, refusing again is likelier.
        self.non_response = {
            refused: _Table(
                [(d, follow_up.refusal_after_refusal if refused and d is Disposition.REFUSAL
                  else w) for d, w in follow_up.non_response]
            )
            for refused in (False, True)
        }  # fmt: skip

    def table(self, key: object, make: Callable[[], Sequence[tuple[_T, float]]]) -> _Table[_T]:
        """The table *make* builds, built once per *key* (keys name the tables)."""
        table = self.tables.get(key)
        if table is None:
            table = self.tables[key] = _Table(make())
        return table

    # --- helpers ----------------------------------------------------------------------

    def next_id(self, prefix: str, width: int) -> str:
        number = self.counters[prefix] = self.counters[prefix] + 1
        return prefix + str(number).zfill(width)

    def cny(self, amount: int) -> Money:
        found = self.money.get(amount)
        if found is None:
            found = self.money[amount] = Money(amount=Decimal(amount))
        return found

    def quarter(self, index: int) -> Quarter:
        found = self.quarters.get(index)
        if found is None:
            found = self.quarters[index] = Quarter(year=index // 4, quarter=index % 4 + 1)
        return found

    def bounds(self, index: int) -> tuple[date, date, int]:
        """First day, last day and length of quarter number *index* (year * 4 + q - 1)."""
        found = self.quarter_bounds.get(index)
        if found is None:
            year, q = divmod(index, 4)
            first = date(year, 3 * q + 1, 1)
            after = date(year + 1, 1, 1) if q == 3 else date(year, 3 * q + 4, 1)
            found = self.quarter_bounds[index] = (first, after - _ONE_DAY, (after - first).days)
        return found

    def weekly(self, hours: int) -> Decimal:
        found = self.hours.get(hours)
        if found is None:
            found = self.hours[hours] = Decimal(hours)
        return found

    def district_name(self, code: str) -> str:
        from veteran_services.codes import region

        return region(code).name_en.removesuffix(" District")

    # --- reference data ---------------------------------------------------------------

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
        wants_business = False
        if rng.random() < t.further and resettlement not in (
            Resettlement.SUPPORT,
            Resettlement.RETIREMENT,
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
        if not never and (venture_on is None or rng.random() < w.jobs_before_venture):
            cursor = self._jobs(life, cursor, limit, arranged=arranged,
                                welfare=barriers and rng.random() < w.welfare_post)  # fmt: skip
        if venture_on is not None:
            closed = self._venture(life, max(venture_on, cursor))
            if closed is not None and closed < life.horizon:
                self._jobs(life, closed + _days(rng, *w.after_venture_days), life.horizon,
                           arranged=False, welfare=False)  # fmt: skip
        self._finish(life)

    def _enrol(self, life: _Life, kind: ProgrammeKind, start: date) -> date | None:
        """Enrol the veteran; return the day training ended (``None`` if not ended)."""
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
        if kind is ProgrammeKind.ACADEMIC:
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
        )
        self.enrolments.append(enrolment)
        life.enrolments.append((enrolment, programme))
        return ended

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

    def _earnings(self, life: _Life) -> None:
        rng = self.rng
        e = self.profile.earnings
        if not life.jobs or rng.random() >= e.recorded:
            return
        last_index = self.last_complete_quarter
        cells: dict[tuple[str, int], int] = {}
        for job in life.jobs:
            placement = job.placement
            if Insurance.PENSION not in _known(placement.insurance):
                continue  # wage records come from social-insurance contributions
            start = placement.started_on
            end = placement.ended_on or self.as_of
            first = start.year * 4 + (start.month - 1) // 3
            last = min(last_index, end.year * 4 + (end.month - 1) // 3)
            for index in range(first, last + 1):
                q_start, q_end, length = self.bounds(index)
                days = (min(end, q_end) - max(start, q_start)).days + 1
                if days <= 0:
                    continue
                bonus = e.first_quarter_bonus if index % 4 == 0 and rng.random() < e.bonus else 1.0
                noise = e.noise_low + e.noise_width * rng.random()
                cents = int(job.wage * 300 * days / length * bonus * noise)
                key = (placement.employer_id, index)
                cells[key] = cells.get(key, 0) + cents
        for (employer_id, index), cents in sorted(cells.items(), key=_quarter_first):
            self.earnings.append(
                EarningsRecord(
                    veteran_id=life.veteran_id,
                    employer_id=employer_id,
                    quarter=self.quarter(index),
                    amount=Money(amount=Decimal(cents).scaleb(-2)),
                )
            )

    def caseload(self) -> Caseload:
        return Caseload(
            veterans=tuple(self.veterans),
            providers=tuple(self.providers),
            programmes=tuple(self.programmes),
            enrolments=tuple(self.enrolments),
            employers=tuple(self.employers),
            placements=tuple(self.placements),
            ventures=tuple(self.ventures),
            earnings=tuple(self.earnings),
            contacts=tuple(self.contacts),
            instruments=(FOLLOW_UP,),
            responses=tuple(self.responses),
        )


def build(
    *, veterans: int, seed: int, as_of: date | None = None, profile: CityProfile = NANJING
) -> Caseload:
    """Check the arguments and draw the caseload (see ``synthetic.generate``)."""
    if isinstance(veterans, bool) or not isinstance(veterans, int) or veterans < 0:
        msg = f"'veterans' must be a whole number of at least 0, got {veterans!r}"
        raise InvalidInputError("veterans", msg)
    if isinstance(seed, bool) or not isinstance(seed, int):
        msg = f"'seed' must be an int, got {seed!r}"
        raise InvalidInputError("seed", msg)
    if as_of is None:
        as_of = DEFAULT_AS_OF
    earliest_as_of = add_months(profile.earliest, 12)
    if type(as_of) is not date:
        msg = f"'as_of' must be a date, got {as_of!r}"
        raise InvalidInputError("as_of", msg)
    if as_of < earliest_as_of:
        msg = (
            f"'as_of' must not precede {earliest_as_of} (a year after the profile's earliest "
            f"date, {profile.earliest}), got {as_of}"
        )
        raise InvalidInputError("as_of", msg)
    with paused_gc():  # the records are acyclic: the collector only slows bulk construction
        builder = _Builder(veterans=veterans, seed=seed, as_of=as_of, profile=profile)
        builder.build_reference()
        builder.build_veterans()
        return builder.caseload()
