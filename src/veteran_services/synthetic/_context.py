"""The generator's shared state: the lookups, tables and records every timeline step uses.

One :class:`_Context` holds what is drawn so far and the tables built from the city
profile; the timeline modules (reference data, service, training, placements, ventures,
follow-up, earnings) are its subclasses, joined in ``_generator._Builder``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final, NamedTuple

from veteran_services.codes import EducationLevel
from veteran_services.model import (
    FIVE_INSURANCES,
    Caseload,
    Channel,
    ContactKind,
    Discharge,
    Disposition,
    EarningsRecord,
    Employer,
    EndReason,
    Enrolment,
    Exclusion,
    ExclusionReason,
    Insurance,
    Livelihood,
    Money,
    Ownership,
    Placement,
    Programme,
    ProgrammeKind,
    Quarter,
    RankCategory,
    ServiceContact,
    SurveyMode,
    SurveyResponse,
    TrainingProvider,
    Venture,
    Veteran,
)
from veteran_services.synthetic import _catalogue as cat
from veteran_services.synthetic._draws import _ONE_DAY, _T, _Random, _Shares, _Table
from veteran_services.synthetic._survey import (
    FOLLOW_UP,
    AnswerMaker,
)
from veteran_services.synthetic.parameters import TrainingEffects
from veteran_services.synthetic.profiles import CityProfile

#: Follow-up waves, in months after a placement starts.
WAVES: Final = (3, 6, 12)


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
        "livelihoods",
        "mood",
        "propensity",
        "recognised",
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
        self.livelihoods: list[Livelihood] = []
        self.recognised: date | None = None
        self.exclusion: Exclusion | None = None
        self.education: EducationLevel | None = None
        self.registered = date.min
        self.separated = date.min
        self.horizon = date.min
        self.skill = 0.0
        self.mood = 0.0
        self.propensity = 0.0


class _Context:
    """The state of one draw: the profile's tables and the records made so far."""

    def __init__(
        self,
        *,
        veterans: int,
        seed: int,
        as_of: date,
        profile: CityProfile,
        training_effects: TrainingEffects | None = None,
    ) -> None:
        self.n = veterans
        self.rng = _Random(seed)
        #: The planted truth's models and their own random stream (None: the usual city).
        self.effects = training_effects
        self.planted = _Random(f"training-effects:{seed}")
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
