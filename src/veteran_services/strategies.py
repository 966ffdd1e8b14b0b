"""Hypothesis strategies for every record kind and for whole consistent caseloads.

Needs the ``hypothesis`` extra (``pip install veteran-services[hypothesis]``); ``import
veteran_services`` never imports this module.

Every strategy builds valid records by construction: dates are drawn in order, references are
drawn from ids already drawn, and nothing is filtered away. Keyword options fix a field (a
plain value; ``None`` means "draw it"), and ``min_date``/``max_date`` bound the dates a record
starts from. :func:`caseloads` draws whole caseloads whose
:meth:`~veteran_services.model.Caseload.check` finds no problem at all.

Text fields draw from all of Unicode except surrogates (line separators, tabs and Chinese
characters included), money keeps up to four decimal places and values up to 10¹², so round
trips through the interchange formats are exercised hard. Use them in tests like this::

    from hypothesis import given
    from veteran_services.strategies import caseloads

    @given(caseloads(max_veterans=5))
    def test_round_trip(caseload):
        ...
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, Final, Literal, TypeVar

import attrs
from hypothesis import strategies as st

from veteran_services import codes
from veteran_services.model import (
    ANSWERING_DISPOSITIONS,
    NO_TERM_CONTRACTS,
    AdmissionRoute,
    Answer,
    AnswerValue,
    Barrier,
    Branch,
    Caseload,
    Certification,
    CertificationKind,
    Channel,
    ChoiceScale,
    ContactKind,
    ContractType,
    Credential,
    CredentialKind,
    Discharge,
    Disposition,
    EarningsRecord,
    EducationLevel,
    Employer,
    EndReason,
    Enrolment,
    EnrolmentOutcome,
    Exclusion,
    ExclusionReason,
    Instrument,
    Insurance,
    LabourStatus,
    LegalForm,
    LikertScale,
    Livelihood,
    LivelihoodKind,
    Money,
    NumericScale,
    OperatingStatus,
    Ownership,
    PersonalDetails,
    Placement,
    PlacementSource,
    Programme,
    ProgrammeKind,
    ProviderKind,
    QualityDimension,
    Quarter,
    Question,
    RankCategory,
    RepaymentStatus,
    Resettlement,
    Scale,
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
    TextScale,
    Topic,
    TrainingProvider,
    Venture,
    VentureSnapshot,
    Veteran,
    YesNoScale,
)

__all__ = [
    "MAX_DATE",
    "MIN_DATE",
    "answers_for",
    "caseloads",
    "contacts",
    "credentials",
    "earnings_records",
    "employers",
    "enrolments",
    "identifiers",
    "instruments",
    "money",
    "personal_details",
    "placements",
    "programmes",
    "providers",
    "quarters",
    "questions",
    "region_codes",
    "responses",
    "scales",
    "service_periods",
    "skill_gains",
    "texts",
    "ventures",
    "veterans",
]

_T = TypeVar("_T")
_E = TypeVar("_E", bound=Enum)

#: The earliest date the strategies draw by default.
MIN_DATE: Final = date(1950, 1, 1)
#: The latest date the strategies draw by default.
MAX_DATE: Final = date(2040, 12, 31)

_NO_SURROGATES: Final[tuple[Literal["Cs"]]] = ("Cs",)
_ID_ALPHABET: Final = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:/#退役军人甲乙丙南京"
)
_CURRENCIES: Final = ("CNY", "CNY", "CNY", "USD", "GBP", "EUR", "HKD")
_OCCUPATION_CODES: Final = tuple(o.code for o in codes.occupations())
_UNIT_OCCUPATION_CODES: Final = tuple(o.code for o in codes.occupations(level=4))
_INDUSTRY_CODES: Final = tuple(i.code for i in codes.industries())
_DISTRICT_CODES: Final = tuple(d.code for d in codes.nanjing_districts())
_ENDED_OUTCOMES: Final = tuple(o for o in EnrolmentOutcome if o is not EnrolmentOutcome.IN_PROGRESS)
#: How a placement names its job: an ISCO-08 code, a title as written, or both.
_NAMED_BY: Final = st.sampled_from(("code", "code", "both", "title"))
#: Job titles as district ledgers write them, and free text.
_JOB_TITLES: Final = st.sampled_from(
    ("保安员", "快递员", "网约车司机", "仓库管理员", "电工", "辅警", "物业管理员", "Security guard")
)


# --- building blocks ---------------------------------------------------------------------


# Building a strategy is not free (Hypothesis validates it on first use), and the composite
# strategies below draw from the same few strategies thousands of times: keep them.
_MEMO: dict[object, Any] = {}
_MEMO_LIMIT: Final = 20_000


def _memo(key: object, build: Callable[[], st.SearchStrategy[_T]]) -> st.SearchStrategy[_T]:
    try:
        found: st.SearchStrategy[_T] = _MEMO[key]
    except KeyError:
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        found = _MEMO[key] = build()
    return found


def _one(choices: type[_E] | tuple[_T, ...]) -> st.SearchStrategy[Any]:
    return _memo(("one", choices), lambda: st.sampled_from(choices))


def _ints(low: int | None, high: int | None) -> st.SearchStrategy[int]:
    return _memo(("ints", low, high), lambda: st.integers(min_value=low, max_value=high))


_BOOLEANS: Final = st.booleans()


def _optional(strategy: st.SearchStrategy[_T]) -> st.SearchStrategy[_T | None]:
    return _memo(("optional", strategy), lambda: st.none() | strategy)


def _dates(low: date, high: date) -> st.SearchStrategy[date]:
    """Dates in ``[low, high]``; just *low* when the window is empty."""
    return _memo(("dates", low, high), lambda: st.dates(min_value=low, max_value=max(low, high)))


def _shift(day: date, days: int) -> date:
    """*day* plus *days*, kept inside the dates Python can represent."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _years_before(day: date, years: int) -> date:
    return _shift(day, -round(years * 365.25))


def _build_identifiers() -> st.SearchStrategy[str]:
    core = st.text(alphabet=_ID_ALPHABET, min_size=1, max_size=10)
    return core | st.builds(lambda a, b: f"{a} {b}", core, core)


def identifiers() -> st.SearchStrategy[str]:
    """Identifiers: non-empty, no surrounding whitespace, sometimes Chinese or with a space."""
    return _memo("identifiers", _build_identifiers)


def texts(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-blank text: a visible first character, then any Unicode but surrogates and NUL
    (which the model refuses in text)."""

    def build() -> st.SearchStrategy[str]:
        head = st.characters(categories=("L", "N", "P", "S"))
        tail = st.text(
            alphabet=st.characters(exclude_categories=_NO_SURROGATES, exclude_characters="\x00"),
            max_size=max(0, max_size - 1),
        )
        return st.builds(lambda h, t: h + t, head, tail)

    return _memo(("texts", max_size), build)


def region_codes() -> st.SearchStrategy[str]:
    """The codes of Nanjing's 11 districts."""
    strategy: st.SearchStrategy[str] = _one(_DISTRICT_CODES)
    return strategy


def money(
    *,
    min_value: Decimal | int = 0,
    max_value: Decimal | int = 10**12,
    places: int | None = None,
    currency: str | None = "CNY",
) -> st.SearchStrategy[Money]:
    """Money with up to four decimal places (or exactly *places*).

    Args:
        min_value: The smallest amount (at least 0).
        max_value: The largest amount.
        places: Decimal places; drawn from 0 to 4 when ``None``.
        currency: The currency; drawn from a few ISO 4217 codes (mostly CNY) when ``None``.
    """

    def build() -> st.SearchStrategy[Money]:
        currencies = st.sampled_from(_CURRENCIES) if currency is None else st.just(currency)
        amounts = st.one_of(
            [
                st.decimals(
                    min_value=min_value,
                    max_value=max_value,
                    places=count,
                    allow_nan=False,
                    allow_infinity=False,
                )
                for count in (range(5) if places is None else (places,))
            ]
        )
        # Decimal("-0.00") is not negative, but a wire format may print it as "-0.00".
        return st.builds(Money, amount=amounts.map(abs), currency=currencies)

    return _memo(("money", min_value, max_value, places, currency), build)


def quarters(*, min_year: int = 1990, max_year: int = 2040) -> st.SearchStrategy[Quarter]:
    """Calendar quarters from *min_year* to *max_year*."""
    return _memo(
        ("quarters", min_year, max_year),
        lambda: st.builds(
            Quarter,
            year=_ints(min_year, max_year),
            quarter=_ints(1, 4),
        ),
    )


# --- people ------------------------------------------------------------------------------


_HOURS: Final = st.one_of(
    [st.decimals(min_value=0, max_value=168, places=places).map(abs) for places in range(3)]
)


_NAMES: Final = st.builds(
    lambda surname, given: surname + given,
    st.sampled_from("王李张刘陈杨黄赵吴周徐孙马朱胡"),
    st.text(alphabet="伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华", min_size=1, max_size=2),
) | st.sampled_from(("Li Wei", "Zhang Min", "O'Neil", "Anne-Marie Dubois"))
_NATIONAL_IDS: Final = st.builds(
    lambda digits, check: digits + check,
    st.text(alphabet="0123456789", min_size=17, max_size=17),
    st.sampled_from("0123456789X"),
)
_PHONES: Final = st.text(alphabet="0123456789", min_size=10, max_size=10).map(lambda d: "1" + d)


# Interviews (complete or partial) are as likely as all the non-response codes together.
_DISPOSITIONS: Final = st.one_of(
    st.sampled_from(sorted(ANSWERING_DISPOSITIONS)), st.sampled_from(Disposition)
)


@st.composite
def personal_details(draw: st.DrawFn) -> PersonalDetails:
    """Names, 18-character national ids and 11-digit mobile numbers (each may be missing)."""
    return PersonalDetails(
        name=draw(_optional(_NAMES)),
        national_id=draw(_optional(_NATIONAL_IDS)),
        phone=draw(_optional(_PHONES)),
    )


@st.composite
def service_periods(
    draw: st.DrawFn,
    *,
    min_date: date = MIN_DATE,
    max_date: date = MAX_DATE,
    ended: bool | None = None,
) -> ServicePeriod:
    """One period of service starting in ``[min_date, max_date]``.

    Args:
        min_date: The earliest start.
        max_date: The latest start and end.
        ended: Whether the period has ended (drawn when ``None``). Discharge and resettlement
            are drawn only for ended periods.
    """
    start = draw(_dates(min_date, max_date))
    has_ended = draw(_BOOLEANS) if ended is None else ended
    end: date | None = None
    if has_ended:
        end = draw(_dates(start, min(max_date, _shift(start, 30 * 366))))
    return ServicePeriod(
        branch=draw(_optional(_one(Branch))),
        rank=draw(_optional(_one(RankCategory))),
        start=start,
        end=end,
        discharge=draw(_optional(_one(Discharge))) if end else None,
        resettlement=draw(_optional(_one(Resettlement))) if end else None,
        disability_rating=draw(_optional(_ints(0, 100))),
    )


@st.composite
def veterans(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    region: str | None = None,
    min_date: date = MIN_DATE,
    max_date: date = MAX_DATE,
    max_periods: int = 3,
) -> Veteran:
    """Veterans with 1 to *max_periods* periods of service, in order and not overlapping.

    Service dates lie in ``[min_date, max_date]``; the birth date (when drawn) lies 16 to 45
    years before the first service start; registration, when drawn, is on or after separation
    (or the first service start while still serving).
    """
    periods: list[ServicePeriod] = []
    low = min_date
    count = draw(_ints(1, max(1, max_periods)))
    for index in range(count):
        last = index == count - 1
        period = draw(
            service_periods(min_date=low, max_date=max_date, ended=None if last else True)
        )
        periods.append(period)
        # Only the last period may be open; stop early when no room is left for another.
        if period.end is None or period.end >= max_date:
            break
        low = period.end + timedelta(days=1)
    first_start = periods[0].start
    birth_date = draw(
        _optional(_dates(_years_before(first_start, 45), _years_before(first_start, 16)))
    )
    settled = periods[-1].end or first_start
    registered_on = draw(_optional(_dates(settled, max_date)))
    exclusions = draw(
        st.lists(
            st.builds(
                Exclusion,
                reason=_one(ExclusionReason),
                on=_dates(first_start, max_date),
            ),
            max_size=2,
        )
    )
    return Veteran(
        id=draw(identifiers()) if id is None else id,
        sex=draw(_one(Sex)),
        region=draw(region_codes()) if region is None else region,
        service=tuple(periods),
        birth_date=birth_date,
        education=draw(_optional(_one(EducationLevel))),
        registered_on=registered_on,
        barriers=draw(st.frozensets(_one(Barrier), max_size=3)),
        exclusions=tuple(exclusions),
        personal=draw(_optional(personal_details())),
        livelihoods=tuple(
            draw(st.lists(_livelihoods(min_date=settled, max_date=max_date), max_size=2))
        ),
        difficulty_recognised_on=draw(_optional(_dates(settled, max_date))),
    )


@st.composite
def _livelihoods(
    draw: st.DrawFn, *, min_date: date = MIN_DATE, max_date: date = MAX_DATE
) -> Livelihood:
    """Spells of farming or own-account work starting in ``[min_date, max_date]`` (open or
    ended by *max_date*)."""
    started_on = draw(_dates(min_date, max_date))
    return Livelihood(
        kind=draw(_one(LivelihoodKind)),
        started_on=started_on,
        ended_on=draw(_optional(_dates(started_on, max_date))),
    )


# --- training ----------------------------------------------------------------------------


@st.composite
def providers(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    region: str | None = None,
) -> TrainingProvider:
    """Training providers in Nanjing's districts."""
    return TrainingProvider(
        id=draw(identifiers()) if id is None else id,
        name=draw(texts()),
        kind=draw(_one(ProviderKind)),
        region=draw(region_codes()) if region is None else region,
        contracted=draw(_BOOLEANS),
    )


def _occupation_codes() -> st.SearchStrategy[str]:
    # Mostly unit groups (what jobs are coded to), sometimes a code of any level.
    return _memo(
        "occupations",
        lambda: st.sampled_from(_UNIT_OCCUPATION_CODES) | st.sampled_from(_OCCUPATION_CODES),
    )


@st.composite
def programmes(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    provider_id: str | None = None,
) -> Programme:
    """Programmes aiming at ISCO-08 occupations, with an optional credential, hours and cost."""
    return Programme(
        id=draw(identifiers()) if id is None else id,
        provider_id=draw(identifiers()) if provider_id is None else provider_id,
        title=draw(texts()),
        kind=draw(_one(ProgrammeKind)),
        target_occupations=draw(st.frozensets(_occupation_codes(), max_size=3)),
        credential=draw(_optional(_one(CredentialKind))),
        hours=draw(_optional(_ints(1, 5000))),
        cost=draw(_optional(money())),
    )


@st.composite
def credentials(
    draw: st.DrawFn, *, min_date: date = MIN_DATE, max_date: date = MAX_DATE
) -> Credential:
    """Credentials awarded in ``[min_date, max_date]``."""
    return Credential(
        kind=draw(_one(CredentialKind)),
        title=draw(texts()),
        awarded_on=draw(_dates(min_date, max_date)),
        level=draw(_optional(_ints(1, 8))),
    )


@st.composite
def skill_gains(
    draw: st.DrawFn, *, min_date: date = MIN_DATE, max_date: date = MAX_DATE
) -> SkillGain:
    """Measurable skill gains achieved in ``[min_date, max_date]``."""
    return SkillGain(kind=draw(_one(SkillGainKind)), achieved_on=draw(_dates(min_date, max_date)))


@st.composite
def enrolments(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    veteran_id: str | None = None,
    programme_id: str | None = None,
    min_date: date = MIN_DATE,
    max_date: date = MAX_DATE,
) -> Enrolment:
    """Enrolments starting in ``[min_date, max_date]``; IN_PROGRESS exactly when open.

    Credentials and skill gains are dated on or after enrolment (up to a year after it ended).
    """
    enrolled_on = draw(_dates(min_date, max_date))
    ended_on = draw(_optional(_dates(enrolled_on, min(max_date, _shift(enrolled_on, 3 * 366)))))
    if ended_on is None:
        outcome = EnrolmentOutcome.IN_PROGRESS
    else:
        outcome = draw(_one(_ENDED_OUTCOMES))
    last = min(max_date, _shift(ended_on or enrolled_on, 365))
    return Enrolment(
        id=draw(identifiers()) if id is None else id,
        veteran_id=draw(identifiers()) if veteran_id is None else veteran_id,
        programme_id=draw(identifiers()) if programme_id is None else programme_id,
        enrolled_on=enrolled_on,
        ended_on=ended_on,
        outcome=outcome,
        credentials=tuple(
            draw(st.lists(credentials(min_date=enrolled_on, max_date=last), max_size=2))
        ),
        skill_gains=tuple(
            draw(st.lists(skill_gains(min_date=enrolled_on, max_date=last), max_size=2))
        ),
        admission=draw(_optional(_one(AdmissionRoute))),
        exit_reason=None if ended_on is None else draw(_optional(_one(ExclusionReason))),
    )


# --- employment --------------------------------------------------------------------------


@st.composite
def employers(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    region: str | None = None,
) -> Employer:
    """Employers across ISIC Rev.4 sections in Nanjing's districts; industry, ownership and size
    are sometimes not recorded (None)."""
    return Employer(
        id=draw(identifiers()) if id is None else id,
        name=draw(texts()),
        industry=draw(_optional(st.sampled_from(_INDUSTRY_CODES))),
        region=draw(region_codes()) if region is None else region,
        ownership=draw(_optional(_one(Ownership))),
        size=draw(_optional(_one(SizeBand))),
        partner=draw(_BOOLEANS),
    )


@st.composite
def placements(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    veteran_id: str | None = None,
    employer_id: str | None = None,
    enrolment_id: str | None = None,
    min_date: date = MIN_DATE,
    max_date: date = MAX_DATE,
) -> Placement:
    """Placements starting in ``[min_date, max_date]``.

    The end reason is drawn only for ended jobs, contract months only for contracts that may
    have a length (term contracts and unknown contract types); weekly hours keep up to two
    decimal places. *enrolment_id* is drawn (or left empty) when not given. Unknowns are drawn
    too: the contract type, the insurance set, the hours and the wage may be None (not
    recorded), and a job has an ISCO-08 code, a job title as written, or both.
    """
    started_on = draw(_dates(min_date, max_date))
    ended_on = draw(_optional(_dates(started_on, max_date)))
    contract = draw(_optional(_one(ContractType)))
    contract_months = draw(_optional(_ints(1, 600))) if contract not in NO_TERM_CONTRACTS else None
    hours = draw(_optional(_HOURS))
    named = draw(_NAMED_BY)
    occupation = draw(_occupation_codes()) if named != "title" else None
    title = draw(_JOB_TITLES | texts()) if named != "code" else None
    return Placement(
        id=draw(identifiers()) if id is None else id,
        veteran_id=draw(identifiers()) if veteran_id is None else veteran_id,
        employer_id=draw(identifiers()) if employer_id is None else employer_id,
        occupation=occupation,
        occupation_title=title,
        started_on=started_on,
        ended_on=ended_on,
        end_reason=draw(_optional(_one(EndReason))) if ended_on else None,
        contract=contract,
        contract_months=contract_months,
        weekly_hours=hours,
        monthly_wage=draw(_optional(money(max_value=10**7))),
        insurance=draw(_optional(st.frozensets(_one(Insurance)))),
        subsidised=draw(_BOOLEANS),
        source=draw(_one(PlacementSource)),
        enrolment_id=draw(_optional(identifiers())) if enrolment_id is None else enrolment_id,
    )


@st.composite
def earnings_records(
    draw: st.DrawFn,
    *,
    veteran_id: str | None = None,
    employer_id: str | None = None,
    quarter: Quarter | None = None,
) -> EarningsRecord:
    """Quarterly earnings records (amounts up to 10⁸ with up to four decimal places)."""
    return EarningsRecord(
        veteran_id=draw(identifiers()) if veteran_id is None else veteran_id,
        employer_id=draw(identifiers()) if employer_id is None else employer_id,
        quarter=draw(quarters()) if quarter is None else quarter,
        amount=draw(money(max_value=10**8)),
    )


# --- ventures and services ---------------------------------------------------------------


_OPEN_STATUSES: Final = (OperatingStatus.OPERATING, OperatingStatus.SUSPENDED)


@st.composite
def _snapshot(draw: st.DrawFn, *, as_of: date, closed_on: date | None = None) -> VentureSnapshot:
    employees = draw(_ints(0, 10_000))
    statuses: tuple[OperatingStatus, ...] = _OPEN_STATUSES
    if closed_on is not None and as_of >= closed_on:
        statuses = tuple(OperatingStatus)  # on the day of closure: any status
    profit = draw(
        _optional(
            st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False).map(
                lambda d: d if d else abs(d)
            )  # never "-0.00"
        )
    )
    return VentureSnapshot(
        as_of=as_of,
        employees=employees,
        veteran_employees=draw(_ints(0, employees)),
        revenue=draw(_optional(money())),
        status=draw(_optional(st.sampled_from(statuses))),
        insured_employees=draw(_optional(_ints(0, employees))),
        profit=profit,
        tax_paid=draw(_optional(money(max_value=10**9))),
        founder_monthly_income=draw(_optional(money(max_value=10**7))),
    )


@st.composite
def _support(draw: st.DrawFn, *, low: date, high: date) -> Support:
    kind = draw(_one(SupportKind))
    granted_on = draw(_dates(low, high))
    loan = kind is SupportKind.GUARANTEED_LOAN
    repayment = draw(_optional(_one(RepaymentStatus))) if loan else None
    return Support(
        kind=kind,
        granted_on=granted_on,
        amount=draw(_optional(money(max_value=10**8))),
        term_months=draw(_optional(_ints(1, 120))) if loan else None,
        repayment=repayment,
        repayment_as_of=None if repayment is None else draw(_dates(granted_on, MAX_DATE)),
        ended_on=None if loan else draw(_optional(_dates(granted_on, MAX_DATE))),
        provider=draw(_optional(texts(max_size=20))),
    )


@st.composite
def _certification(draw: st.DrawFn) -> Certification:
    awarded_on = draw(_optional(_dates(MIN_DATE, MAX_DATE)))
    expires_on = None if awarded_on is None else draw(_optional(_dates(awarded_on, MAX_DATE)))
    return Certification(
        kind=draw(_one(CertificationKind)),
        awarded_on=awarded_on,
        expires_on=expires_on,
        reference=draw(_optional(identifiers())),
        source=draw(_optional(texts(max_size=20))),
    )


@st.composite
def ventures(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    founder_ids: Sequence[str] | None = None,
    region: str | None = None,
    min_date: date = MIN_DATE,
    max_date: date = MAX_DATE,
) -> Venture:
    """Ventures registered in ``[min_date, max_date]`` with support and yearly-ish snapshots.

    Snapshots fall on distinct dates on or after registration; veteran employees never exceed
    employees.
    """
    founders = (
        tuple(draw(st.lists(identifiers(), min_size=1, max_size=3, unique=True)))
        if founder_ids is None
        else tuple(founder_ids)
    )
    registered_on = draw(_dates(min_date, max_date))
    closed_on = draw(_optional(_dates(registered_on, max_date)))
    horizon = closed_on or max_date
    snapshot_dates = draw(
        st.lists(_dates(registered_on, horizon), max_size=3, unique=True).map(sorted)
    )
    support = draw(st.lists(_support(low=registered_on, high=horizon), max_size=3))
    return Venture(
        id=draw(identifiers()) if id is None else id,
        founder_ids=founders,
        name=draw(texts()),
        legal_form=draw(_one(LegalForm)),
        industry=draw(_optional(st.sampled_from(_INDUSTRY_CODES))),
        region=draw(region_codes()) if region is None else region,
        registered_on=registered_on,
        closed_on=closed_on,
        support=tuple(support),
        snapshots=tuple(draw(_snapshot(as_of=day, closed_on=closed_on)) for day in snapshot_dates),
        certifications=tuple(draw(st.lists(_certification(), max_size=2))),
    )


@st.composite
def contacts(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    veteran_id: str | None = None,
    min_date: date = MIN_DATE,
    max_date: date = MAX_DATE,
) -> ServiceContact:
    """Service contacts on a date in ``[min_date, max_date]``."""
    return ServiceContact(
        id=draw(identifiers()) if id is None else id,
        veteran_id=draw(identifiers()) if veteran_id is None else veteran_id,
        occurred_on=draw(_dates(min_date, max_date)),
        kind=draw(_one(ContactKind)),
        channel=draw(_optional(_one(Channel))),
    )


# --- surveys -----------------------------------------------------------------------------


@st.composite
def _numeric_scale(draw: st.DrawFn) -> NumericScale:
    if draw(_BOOLEANS):
        low_int = draw(_optional(_ints(-1000, 1000)))
        high_int = draw(_optional(_ints(low_int if low_int is not None else -1000, 100_000)))
        return NumericScale(minimum=low_int, maximum=high_int, integer=True)
    low = draw(
        _optional(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False))
    )
    high = draw(
        _optional(
            st.floats(
                min_value=low if low is not None else -1e9,
                max_value=1e9,
                allow_nan=False,
                allow_infinity=False,
            )
        )
    )
    return NumericScale(minimum=low, maximum=high, integer=False)


def scales() -> st.SearchStrategy[Scale]:
    """Answer scales of every kind: Likert, yes/no, numeric, choice and free text."""
    return st.one_of(
        st.builds(
            LikertScale,
            points=_ints(2, 11),
            low_label=_optional(texts(max_size=15)),
            high_label=_optional(texts(max_size=15)),
        ),
        st.just(YesNoScale()),
        _numeric_scale(),
        st.builds(
            ChoiceScale,
            options=st.lists(texts(max_size=12), min_size=1, max_size=5, unique=True).map(tuple),
            multiple=_BOOLEANS,
        ),
        st.builds(TextScale, max_length=_optional(_ints(1, 200))),
    )


@st.composite
def questions(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    scale: Scale | None = None,
) -> Question:
    """Questions with any scale, quality dimension and topic."""
    return Question(
        id=draw(identifiers()) if id is None else id,
        text=draw(texts()),
        scale=draw(scales()) if scale is None else scale,
        dimension=draw(_optional(_one(QualityDimension))),
        topic=draw(_optional(_one(Topic))),
        reverse=draw(_BOOLEANS),
    )


@st.composite
def instruments(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    version: int | None = None,
    min_questions: int = 0,
    max_questions: int = 6,
) -> Instrument:
    """Instruments with *min_questions* to *max_questions* questions with distinct ids."""
    ids = draw(
        st.lists(
            identifiers(),
            min_size=min_questions,
            max_size=max(min_questions, max_questions),
            unique=True,
        )
    )
    return Instrument(
        id=draw(identifiers()) if id is None else id,
        version=draw(_ints(1, 20)) if version is None else version,
        title=draw(texts()),
        questions=tuple(draw(questions(id=question_id)) for question_id in ids),
    )


def _answer_values(scale: Scale) -> st.SearchStrategy[AnswerValue]:
    if isinstance(scale, LikertScale):
        return _ints(1, scale.points)
    if isinstance(scale, YesNoScale):
        return _BOOLEANS
    if isinstance(scale, NumericScale):
        low, high = scale.minimum, scale.maximum
        int_low = None if low is None else math.ceil(low)
        int_high = None if high is None else math.floor(high)
        if int_low is not None and int_high is not None and int_low > int_high:
            if scale.integer:
                msg = f"no whole number lies between {low} and {high}"
                raise ValueError(msg)
            return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)
        whole = _ints(int_low, int_high)
        if scale.integer:
            return whole
        return whole | st.floats(
            min_value=low, max_value=high, allow_nan=False, allow_infinity=False
        )
    if isinstance(scale, ChoiceScale):
        one = st.sampled_from(scale.options)
        if scale.multiple:
            several = st.lists(one, min_size=1, max_size=len(scale.options), unique=True)
            return one | several.map(tuple)
        return one
    limit = 200 if scale.max_length is None else scale.max_length
    return st.text(alphabet=st.characters(exclude_categories=_NO_SURROGATES), max_size=limit)


def answers_for(question: Question) -> st.SearchStrategy[Answer]:
    """Answers to *question* that fit its scale.

    Raises:
        ValueError: an integer numeric scale whose range holds no whole number.
    """
    return st.builds(Answer, question_id=st.just(question.id), value=_answer_values(question.scale))


@st.composite
def responses(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    instrument: Instrument | None = None,
    veteran_id: str | None = None,
    placement_id: str | None = None,
    min_date: date = MIN_DATE,
    max_date: date = MAX_DATE,
) -> SurveyResponse:
    """Survey responses to *instrument* (drawn when not given), answers fitting its questions.

    Only complete and partial interviews carry answers (a partial one a subset). The
    collection date, when drawn, lies in ``[min_date, max_date]``. *placement_id* (with a wave
    of 3, 6 or 12 months) is drawn or left empty when not given.
    """
    chosen = draw(instruments()) if instrument is None else instrument
    disposition = draw(_DISPOSITIONS)
    answers: list[Answer] = []
    if disposition in ANSWERING_DISPOSITIONS:
        asked = list(chosen.questions)
        if disposition is Disposition.PARTIAL:
            asked = (
                draw(st.lists(st.sampled_from(asked), unique_by=lambda q: q.id)) if asked else []
            )
        answers = [draw(answers_for(question)) for question in asked]
    about = draw(_optional(identifiers())) if placement_id is None else placement_id
    return SurveyResponse(
        id=draw(identifiers()) if id is None else id,
        instrument_id=chosen.id,
        instrument_version=chosen.version,
        veteran_id=draw(identifiers()) if veteran_id is None else veteran_id,
        disposition=disposition,
        placement_id=about,
        wave_months=draw(_optional(st.sampled_from((3, 6, 12)))) if about else None,
        collected_on=draw(_optional(_dates(min_date, max_date))),
        mode=draw(_optional(_one(SurveyMode))),
        labour_status=draw(_optional(_one(LabourStatus))),
        answers=tuple(answers),
        weight=draw(
            st.just(1.0)
            | st.floats(min_value=0.01, max_value=1e4, allow_nan=False, allow_infinity=False)
        ),
    )


# --- whole caseloads ---------------------------------------------------------------------


def _unique_ids(draw: st.DrawFn, count: int) -> list[str]:
    strategy = _memo(
        ("unique-ids", count),
        lambda: st.lists(identifiers(), min_size=count, max_size=count, unique=True),
    )
    ids: list[str] = draw(strategy)
    return ids


@st.composite
def caseloads(draw: st.DrawFn, *, max_veterans: int = 5, min_veterans: int = 0) -> Caseload:
    """Whole caseloads that are consistent by construction: ``check()`` finds no problem.

    Ids are unique within each record kind, every reference points at a record drawn before
    it, placements start on or after the veteran's first service start, credentials and skill
    gains follow their enrolment, follow-up responses are about the respondent's own placement
    and collected after it started, every answer fits its instrument's question, earnings have
    one record per veteran, employer and quarter, and regions are Nanjing's districts.
    """
    vet_ids = _unique_ids(draw, draw(_ints(min_veterans, max(min_veterans, max_veterans))))
    vets = [draw(veterans(id=vid)) for vid in vet_ids]

    provider_list = [draw(providers(id=i)) for i in _unique_ids(draw, draw(_ints(0, 3)))]
    programme_list = (
        [
            draw(programmes(id=i, provider_id=draw(st.sampled_from(provider_list)).id))
            for i in _unique_ids(draw, draw(_ints(0, 4)))
        ]
        if provider_list
        else []
    )
    employer_list = [draw(employers(id=i)) for i in _unique_ids(draw, draw(_ints(0, 4)))]

    # Per veteran: enrolments, then placements (linked to the veteran's own enrolments).
    enrolment_ids = iter(_unique_ids(draw, 2 * len(vets)))
    placement_ids = iter(_unique_ids(draw, 3 * len(vets)))
    contact_ids = iter(_unique_ids(draw, 2 * len(vets)))
    enrolment_list: list[Enrolment] = []
    placement_list: list[Placement] = []
    contact_list: list[ServiceContact] = []
    for vet in vets:
        start = vet.service[0].start
        own: list[Enrolment] = []
        if programme_list:
            for _ in range(draw(_ints(0, 2))):
                programme = draw(st.sampled_from(programme_list))
                own.append(
                    draw(
                        enrolments(
                            id=next(enrolment_ids),
                            veteran_id=vet.id,
                            programme_id=programme.id,
                            min_date=start,
                        )
                    )
                )
        enrolment_list.extend(own)
        if employer_list:
            for _ in range(draw(_ints(0, 3))):
                placement = draw(
                    placements(
                        id=next(placement_ids),
                        veteran_id=vet.id,
                        employer_id=draw(st.sampled_from(employer_list)).id,
                        min_date=start,
                    )
                )
                linked = draw(_optional(st.sampled_from(own))) if own else None
                placement = attrs.evolve(
                    placement, enrolment_id=None if linked is None else linked.id
                )
                placement_list.append(placement)
        contact_list.extend(
            draw(contacts(id=next(contact_ids), veteran_id=vet.id, min_date=start))
            for _ in range(draw(_ints(0, 2)))
        )

    venture_list = (
        [
            draw(
                ventures(
                    id=i,
                    founder_ids=draw(
                        st.lists(st.sampled_from(vet_ids), min_size=1, max_size=3, unique=True)
                    ),
                )
            )
            for i in _unique_ids(draw, draw(_ints(0, 2)))
        ]
        if vets
        else []
    )

    earnings_list: list[EarningsRecord] = []
    cells: set[tuple[str, str, Quarter]] = set()
    for placement in placement_list:
        first = Quarter.of(placement.started_on)
        for offset in draw(st.lists(_ints(0, 8), max_size=3, unique=True)):
            quarter = first + offset
            cell = (placement.veteran_id, placement.employer_id, quarter)
            if cell in cells or quarter.year > 9999:
                continue
            cells.add(cell)
            earnings_list.append(
                draw(
                    earnings_records(
                        veteran_id=placement.veteran_id,
                        employer_id=placement.employer_id,
                        quarter=quarter,
                    )
                )
            )

    # Instruments: distinct (id, version) pairs; an id may come in several versions.
    instrument_ids = _unique_ids(draw, draw(_ints(0, 2)))
    instrument_list: list[Instrument] = []
    for instrument_id in instrument_ids:
        versions = draw(st.lists(_ints(1, 5), min_size=1, max_size=2, unique=True))
        instrument_list.extend(
            draw(instruments(id=instrument_id, version=version, min_questions=1))
            for version in versions
        )

    response_list: list[SurveyResponse] = []
    if instrument_list and vets:
        response_ids = iter(_unique_ids(draw, len(placement_list) + len(vets)))
        for placement in placement_list:
            if draw(_BOOLEANS):
                response = draw(
                    responses(
                        id=next(response_ids),
                        instrument=draw(st.sampled_from(instrument_list)),
                        veteran_id=placement.veteran_id,
                        placement_id=placement.id,
                        min_date=placement.started_on,
                    )
                )
                response_list.append(response)
        for vet in vets:
            if draw(_BOOLEANS):
                response = draw(
                    responses(
                        id=next(response_ids),
                        instrument=draw(st.sampled_from(instrument_list)),
                        veteran_id=vet.id,
                        min_date=vet.service[0].start,
                    )
                )
                response_list.append(attrs.evolve(response, placement_id=None, wave_months=None))

    return Caseload(
        veterans=tuple(vets),
        providers=tuple(provider_list),
        programmes=tuple(programme_list),
        enrolments=tuple(enrolment_list),
        employers=tuple(employer_list),
        placements=tuple(placement_list),
        ventures=tuple(venture_list),
        earnings=tuple(earnings_list),
        contacts=tuple(contact_list),
        instruments=tuple(instrument_list),
        responses=tuple(response_list),
    )
