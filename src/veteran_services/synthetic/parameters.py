"""The sample-city generator's behaviour, as named parameters of the city profile.

Every probability, rate, mean, range and weight the generator draws with is a field of one of
the frozen classes here, grouped by part of the veteran's life: reference data
(:class:`ProviderParameters`, :class:`EmployerParameters`), service and resettlement
(:class:`ServiceParameters`, :class:`ResettlementParameters`), registration
(:class:`RegistrationParameters`), service contacts (:class:`ContactParameters`), training
(:class:`TrainingParameters`), job search (:class:`JobSearchParameters`), the placement itself
(:class:`PlacementParameters`), its hours and insurance (:class:`JobQualityParameters`), its pay
(:class:`PayParameters`), wage records (:class:`EarningsParameters`), ventures
(:class:`VentureParameters`) and follow-up surveys (:class:`FollowUpParameters`).

A :class:`~veteran_services.synthetic.CityProfile` holds one of each; the defaults are the
built-in city's. Change one with :func:`attrs.evolve`:

>>> import attrs
>>> from veteran_services.synthetic import NANJING
>>> shy = attrs.evolve(NANJING, follow_up=attrs.evolve(NANJING.follow_up, after_refusal=0.1))
>>> shy.follow_up.after_refusal, NANJING.follow_up.after_refusal
(0.1, 0.3)

Values are checked when a group is made: probabilities lie in [0, 1], weights are not negative
and not all zero, ranges are ordered, lookup tables cover every key they are looked up by. A bad
value raises :class:`~veteran_services.errors.InvalidRecordError` naming the parameter:

>>> attrs.evolve(NANJING.placement, contract_ended=1.5)
Traceback (most recent call last):
...
veteran_services.errors.InvalidRecordError: 'PlacementParameters.contract_ended' must be a \
probability between 0 and 1, got 1.5

Tables of weights (``branches``, ``sources``, ...) are ``(item, weight)`` pairs; a mapping is
accepted too (its order is kept: the order of a table is part of the random draws). Shares
that split one draw (``conscript`` and ``nco``, the rest being officers) must add up to at
most 1.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final, TypeVar

import attrs
from attrs import field, frozen

from veteran_services.codes import EducationLevel
from veteran_services.errors import InvalidRecordError
from veteran_services.model import (
    AdmissionRoute,
    Branch,
    CertificationKind,
    ContractType,
    CredentialKind,
    Disposition,
    EndReason,
    ExclusionReason,
    LegalForm,
    Ownership,
    PlacementSource,
    ProgrammeKind,
    Resettlement,
    SizeBand,
    SupportKind,
)

__all__ = [
    "CLOSURE_COVARIATES",
    "NO_BLANKS",
    "OFFICE_BLANKS",
    "PLANTED_COVARIATES",
    "BlankParameters",
    "ContactParameters",
    "EarningsParameters",
    "EmployerParameters",
    "FollowUpParameters",
    "JobQualityParameters",
    "JobSearchParameters",
    "PayParameters",
    "PlacementParameters",
    "ProgrammeEffect",
    "ProviderParameters",
    "RegistrationParameters",
    "ResettlementParameters",
    "ServiceParameters",
    "TrainingEffects",
    "TrainingParameters",
    "VentureParameters",
]

_K = TypeVar("_K")
#: The longest span of days a day range may have (the generator's table of spans).
_MAX_DAYS: Final = 2047

# --- checks -------------------------------------------------------------------------------


def _name(instance: Any, attribute: attrs.Attribute[Any]) -> str:
    return f"'{type(instance).__name__}.{attribute.name}'"


def _fail(instance: Any, attribute: attrs.Attribute[Any], what: str, value: Any) -> None:
    msg = f"{_name(instance, attribute)} must be {what}, got {value!r}"
    raise InvalidRecordError(attribute.name, msg)


def _is_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and value == value


def _is_whole(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int)


def _p(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A probability."""
    if not (_is_number(value) and 0 <= value <= 1):
        _fail(instance, attribute, "a probability between 0 and 1", value)


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not (_is_number(value) and 0 < value < float("inf")):
        _fail(instance, attribute, "a positive number", value)


def _non_negative(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not (_is_number(value) and 0 <= value < float("inf")):
        _fail(instance, attribute, "a number of at least 0", value)


def _finite(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not (_is_number(value) and abs(value) < float("inf")):
        _fail(instance, attribute, "a finite number", value)


def _codes(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not (isinstance(value, tuple) and all(isinstance(v, str) for v in value)):
        _fail(instance, attribute, "a tuple of occupation codes (strings)", value)


def _count(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not (_is_whole(value) and value >= 1):
        _fail(instance, attribute, "a whole number of at least 1", value)


def _whole(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not (_is_whole(value) and value >= 0):
        _fail(instance, attribute, "a whole number of at least 0", value)


def _year(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not (_is_whole(value) and 1900 <= value <= 9999):
        _fail(instance, attribute, "a year (a whole number from 1900 to 9999)", value)


def _int_range(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``(low, high)``: whole numbers, low <= high."""
    if not (
        isinstance(value, tuple)
        and len(value) == 2
        and all(_is_whole(v) for v in value)
        and value[0] <= value[1]
    ):
        _fail(instance, attribute, "a (low, high) pair of whole numbers with low <= high", value)


def _day_range(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``(low, high)`` days: whole numbers, 0 <= low <= high <= 2047."""
    if not (
        isinstance(value, tuple)
        and len(value) == 2
        and all(_is_whole(v) for v in value)
        and 0 <= value[0] <= value[1] <= _MAX_DAYS
    ):
        what = f"a (low, high) pair of whole days with 0 <= low <= high <= {_MAX_DAYS}"
        _fail(instance, attribute, what, value)


def _float_range(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``(low, high)``: numbers of at least 0, low <= high."""
    if not (
        isinstance(value, tuple)
        and len(value) == 2
        and all(_is_number(v) and 0 <= v < float("inf") for v in value)
        and value[0] <= value[1]
    ):
        _fail(instance, attribute, "a (low, high) pair of numbers with 0 <= low <= high", value)


def _share_range(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``(low, high)``: shares between -1 and 1 (a margin may be a loss), low <= high."""
    if not (
        isinstance(value, tuple)
        and len(value) == 2
        and all(_is_number(v) and -1 <= v <= 1 for v in value)
        and value[0] <= value[1]
    ):
        _fail(instance, attribute, "a (low, high) pair with -1 <= low <= high <= 1", value)


def _choices(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A non-empty tuple of whole numbers, one drawn with equal chances."""
    if not (isinstance(value, tuple) and value and all(_is_whole(v) for v in value)):
        _fail(instance, attribute, "a non-empty tuple of whole numbers", value)


def _pairs(value: Mapping[Any, Any] | Iterable[Any]) -> tuple[tuple[Any, Any], ...]:
    """A mapping or pairs as a tuple of pairs, in order (a converter)."""
    items = value.items() if isinstance(value, Mapping) else value
    try:
        return tuple((key, weight) for key, weight in items)
    except (TypeError, ValueError):
        return value  # type: ignore[return-value]  # the validator names the problem


def _keys_unique(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(p, tuple) and len(p) == 2 for p in value):
        _fail(instance, attribute, "(key, value) pairs or a mapping", value)
    keys = [key for key, _ in value]
    if len(set(keys)) != len(keys):
        _fail(instance, attribute, "pairs with distinct keys", keys)


def _weights(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``(item, weight)`` pairs: weights at least 0, not all 0."""
    _keys_unique(instance, attribute, value)
    if not all(_is_number(w) and 0 <= w < float("inf") for _, w in value):
        _fail(instance, attribute, "weights of at least 0", value)
    if not any(w > 0 for _, w in value):
        _fail(instance, attribute, "weights that are not all 0", value)


def _probabilities(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``(key, probability)`` pairs."""
    _keys_unique(instance, attribute, value)
    if not all(_is_number(p) and 0 <= p <= 1 for _, p in value):
        _fail(instance, attribute, "(key, probability) pairs with probabilities in [0, 1]", value)


def _factors(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``(key, factor)`` pairs, factors positive."""
    _keys_unique(instance, attribute, value)
    if not all(_is_number(f) and 0 < f < float("inf") for _, f in value):
        _fail(instance, attribute, "(key, factor) pairs with positive factors", value)


def _probability_pairs(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``(key, (probability, probability))`` pairs."""
    _keys_unique(instance, attribute, value)
    if not all(
        isinstance(v, tuple) and len(v) == 2 and all(_is_number(p) and 0 <= p <= 1 for p in v)
        for _, v in value
    ):
        what = "(key, (probability, probability)) pairs with probabilities in [0, 1]"
        _fail(instance, attribute, what, value)


def _covering(*keys: Any) -> Any:
    """A validator: the pairs have every one of *keys*."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        missing = [k for k in keys if k not in {key for key, _ in value}]
        if missing:
            _fail(instance, attribute, f"pairs for every one of {list(keys)} (missing {missing})",
                  value)  # fmt: skip

    return validate


def _exactly(*keys: Any) -> Any:
    """A validator: the pairs have every one of *keys* and no other."""
    covering = _covering(*keys)

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        covering(instance, attribute, value)
        extra = [key for key, _ in value if key not in keys]
        if extra:
            _fail(instance, attribute, f"pairs for {list(keys)} only (unknown {extra})", value)

    return validate


def _whole_keys(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not all(_is_whole(key) and key >= 1 for key, _ in value):
        _fail(instance, attribute, "pairs keyed by whole numbers of at least 1", value)


def share_sum(*shares: float) -> float:
    """The sum of *shares* as written (decimal), as a float: ``share_sum(0.7, 0.18) == 0.88``.

    The generator compares one uniform draw with these running sums; adding the decimal
    figures keeps the thresholds exactly the numbers a reader adds up.
    """
    return float(sum((Decimal(repr(float(s))) for s in shares), Decimal(0)))


def _at_most_one(instance: Any, *names: str) -> None:
    """The shares *names* of *instance* add up to at most 1."""
    total = share_sum(*(getattr(instance, name) for name in names))
    if total > 1:
        listed = " + ".join(f"'{type(instance).__name__}.{name}'" for name in names)
        msg = f"{listed} must add up to at most 1, got {total}"
        raise InvalidRecordError(names[-1], msg)


def _pf(default: float) -> Any:
    """A probability field."""
    return field(default=default, validator=_p)


def _days(default: tuple[int, int]) -> Any:
    """A day-range field."""
    return field(default=default, validator=_day_range)


def _table(default: Any, *validators: Any) -> Any:
    """A table-of-pairs field (a mapping or pairs accepted)."""
    return field(default=default, converter=_pairs, validator=[_weights, *validators])


# --- the groups -------------------------------------------------------------------------------


@frozen(kw_only=True)
class ProviderParameters:
    """Training providers and the programmes they run.

    Attributes:
        private_schools: Private training schools in a city with few veterans.
        veterans_per_private_school: One more private school per this many veterans.
        private_schools_max: At most this many private schools.
        private_school_contracted: Share of private schools under contract.
        employer_academy_contracted: Share of employers' training academies under contract.
        centre_courses: ``(low, high)`` vocational courses a public training centre runs
            besides adaptive training.
        employer_academy_courses: Programmes an employer's academy runs.
        other_courses: ``(low, high)`` programmes any other provider runs.
    """

    private_schools: int = field(default=4, validator=_whole)
    veterans_per_private_school: int = field(default=4000, validator=_count)
    private_schools_max: int = field(default=40, validator=_whole)
    private_school_contracted: float = _pf(0.55)
    employer_academy_contracted: float = _pf(0.5)
    centre_courses: tuple[int, int] = field(default=(3, 5), validator=_int_range)
    employer_academy_courses: int = field(default=2, validator=_whole)
    other_courses: tuple[int, int] = field(default=(1, 4), validator=_int_range)


_SIZE_KEYS: Final = (*SizeBand, None)


@frozen(kw_only=True)
class EmployerParameters:
    """Employers: how many, which are partners, how much each hires.

    Attributes:
        minimum: Employers in a city with few veterans.
        veterans_per_employer: One employer per this many veterans beyond that.
        partner_public_or_large: Share of public or large employers that are partners of the
            veterans' service.
        partner_other: Share of other employers that are partners.
        hiring_by_size: ``(size band, weight)``: how often an employer of that size (``None``:
            unknown) hires a veteran, relative to others in its industry.
        partner_hiring_factor: Partners' hiring weight is multiplied by this.
    """

    minimum: int = field(default=40, validator=_count)
    veterans_per_employer: int = field(default=12, validator=_count)
    partner_public_or_large: float = _pf(0.35)
    partner_other: float = _pf(0.1)
    hiring_by_size: tuple[tuple[SizeBand | None, float], ...] = _table(
        ((SizeBand.MICRO, 1.0), (SizeBand.SMALL, 3.0), (SizeBand.MEDIUM, 8.0),
         (SizeBand.LARGE, 20.0), (None, 2.0)),
        _covering(*_SIZE_KEYS),
    )  # fmt: skip
    partner_hiring_factor: float = field(default=2.0, validator=_positive)


@frozen(kw_only=True)
class ServiceParameters:
    """Military service: rank, sex, dates, branch, discharge and disability rating.

    Attributes:
        window_years: Separations fall from 1 January this many years before the reference
            year (and no earlier than the profile's earliest date).
        last_separation_days: ... and at least this many days before the reference date.
        conscript: Share of veterans who served as conscripts.
        nco: Share who served as non-commissioned officers (the rest: officers).
        female_conscript: Share of women among conscripts.
        female_nco: Share of women among NCOs.
        female_officer: Share of women among officers.
        seasonal_release: Share of conscripts and NCOs released in a release season (1
            September, and from ``spring_release_from`` also 1 March), not on a random day.
        spring_release_from: The first year with a spring release.
        spring_release: From then, share of seasonal releases in spring.
        release_day_offsets: ``(low, high)`` days a seasonal release lies from its first day.
        conscript_years: Years a conscript serves.
        conscript_young: Share of conscripts who enlist young.
        conscript_young_ages: ``(low, high)`` ages at enlistment of young conscripts.
        conscript_older_ages: ``(low, high)`` ages of the others.
        nco_years: ``(years, weight)``: how long NCOs serve.
        nco_enlist_ages: ``(low, high)`` ages at which NCOs enlist.
        officer_years: ``(low, high)`` years officers serve.
        officer_at_18: Share of officers who enter at 18 (a military academy).
        officer_later_ages: ``(low, high)`` ages at which the others enter.
        service_days_jitter: ``(low, high)`` days added to a service length in whole years.
        branches: ``(branch, weight)``.
        honourable: Share of honourable discharges.
        medical_discharge: Share of medical discharges (these carry a disability rating).
        general_discharge: Share of general discharges (the rest: other than honourable).
        medical_ratings: Disability ratings a medical discharge draws from, equally likely.
        other_rated: Share of the other veterans with a disability rating.
        other_ratings: The ratings they draw from.
        re_enlisted: Share of NCOs with ``re_enlisted_min_years`` or more of service who
            re-enlisted after a first conscript tour and a break.
        re_enlisted_min_years: See ``re_enlisted``.
        first_tour_days: The length of that first tour, in days.
        re_enlistment_gap_days: ``(low, high)`` days of the break.
    """

    window_years: int = field(default=9, validator=_whole)
    last_separation_days: int = field(default=14, validator=_whole)
    conscript: float = _pf(0.46)
    nco: float = _pf(0.45)
    female_conscript: float = _pf(0.06)
    female_nco: float = _pf(0.07)
    female_officer: float = _pf(0.12)
    seasonal_release: float = _pf(0.85)
    spring_release_from: int = field(default=2021, validator=_year)
    spring_release: float = _pf(0.4)
    release_day_offsets: tuple[int, int] = field(default=(-6, 8), validator=_int_range)
    conscript_years: int = field(default=2, validator=_count)
    conscript_young: float = _pf(0.75)
    conscript_young_ages: tuple[int, int] = field(default=(18, 21), validator=_int_range)
    conscript_older_ages: tuple[int, int] = field(default=(22, 24), validator=_int_range)
    nco_years: tuple[tuple[int, float], ...] = _table(
        ((5, 40), (8, 25), (12, 16), (16, 10), (20, 6), (30, 3)), _whole_keys
    )
    nco_enlist_ages: tuple[int, int] = field(default=(18, 20), validator=_int_range)
    officer_years: tuple[int, int] = field(default=(8, 30), validator=_int_range)
    officer_at_18: float = _pf(0.6)
    officer_later_ages: tuple[int, int] = field(default=(22, 25), validator=_int_range)
    service_days_jitter: tuple[int, int] = field(default=(-10, 10), validator=_int_range)
    branches: tuple[tuple[Branch, float], ...] = _table(
        ((Branch.ARMY, 58), (Branch.ARMED_POLICE, 13), (Branch.NAVY, 10),
         (Branch.AIR_FORCE, 10), (Branch.ROCKET_FORCE, 5),
         (Branch.JOINT_LOGISTICS_SUPPORT_FORCE, 3), (Branch.OTHER, 1))
    )  # fmt: skip
    honourable: float = _pf(0.955)
    medical_discharge: float = _pf(0.03)
    general_discharge: float = _pf(0.011)
    medical_ratings: tuple[int, ...] = field(
        default=(10, 20, 30, 40, 50, 60, 70, 80), validator=_choices
    )
    other_rated: float = _pf(0.02)
    other_ratings: tuple[int, ...] = field(default=(10, 20, 30), validator=_choices)
    re_enlisted: float = _pf(0.05)
    re_enlisted_min_years: int = field(default=8, validator=_whole)
    first_tour_days: int = field(default=730, validator=_count)
    re_enlistment_gap_days: tuple[int, int] = field(default=(200, 700), validator=_int_range)

    def __attrs_post_init__(self) -> None:
        _at_most_one(self, "conscript", "nco")
        _at_most_one(self, "honourable", "medical_discharge", "general_discharge")


@frozen(kw_only=True)
class ResettlementParameters:
    """How veterans are resettled, by rank and years of service.

    Attributes:
        support_min_rating: Veterans rated this disabled or more may be supported for life.
        support: Share of them who are.
        conscript_self_employment: Share of conscripts resettled by self-employment (the rest:
            other).
        retirement_years: NCOs and officers with this many years retire.
        nco_senior_years: NCOs with this many years (and fewer than ``retirement_years``)
            are resettled as ``nco_senior`` says; those with fewer by self-employment.
        nco_senior: ``(resettlement, weight)`` of senior NCOs.
        officer_senior_years: Officers with this many years (and fewer than
            ``retirement_years``) are resettled as ``officer_senior`` says.
        officer_senior: ``(resettlement, weight)`` of senior officers.
        officer: ``(resettlement, weight)`` of the other officers.
    """

    support_min_rating: int = field(default=70, validator=_whole)
    support: float = _pf(0.5)
    conscript_self_employment: float = _pf(0.99)
    retirement_years: int = field(default=30, validator=_whole)
    nco_senior_years: int = field(default=12, validator=_whole)
    nco_senior: tuple[tuple[Resettlement, float], ...] = _table(
        ((Resettlement.ARRANGED_JOB, 50), (Resettlement.SELF_EMPLOYMENT, 35),
         (Resettlement.MONTHLY_RETIREMENT_PAY, 15))
    )  # fmt: skip
    officer_senior_years: int = field(default=20, validator=_whole)
    officer_senior: tuple[tuple[Resettlement, float], ...] = _table(
        ((Resettlement.TRANSFER, 45), (Resettlement.MONTHLY_RETIREMENT_PAY, 45),
         (Resettlement.SELF_EMPLOYMENT, 10))
    )  # fmt: skip
    officer: tuple[tuple[Resettlement, float], ...] = _table(
        ((Resettlement.TRANSFER, 55), (Resettlement.SELF_EMPLOYMENT, 30),
         (Resettlement.DEMOBILISATION, 15))
    )  # fmt: skip


_E = EducationLevel


@frozen(kw_only=True)
class RegistrationParameters:
    """Registration with the veterans' service: when, education, barriers, traits, exclusion.

    Attributes:
        prompt: Share of veterans who register within ``prompt_days`` of separation.
        prompt_days: ``(low, high)`` days from separation to a prompt registration.
        late_days: ``(low, high)`` days to a late one.
        education_unknown: Share of veterans whose education is not recorded.
        officer_education: ``(level, weight)`` of officers' education.
        nco_education: ``(level, weight)`` of NCOs'.
        conscript_education: ``(level, weight)`` of conscripts'.
        disability_min_rating: A rating this high or more also counts as a disability barrier.
        rural: Share of veterans of rural districts with the rural-area barrier.
        low_income: Share with the low-income barrier.
        basic_skills: Share of veterans with lower-secondary education with a basic-skills
            deficiency.
        caring_female: Share of women with caring responsibilities.
        caring_male: Share of men with them.
        justice_involved: Share involved with the justice system.
        homeless: Share homeless.
        skill_sd: Standard deviation of the veteran's (hidden) employability.
        skill_per_barrier: Each barrier lowers employability by this much.
        mood_sd: Standard deviation of the veteran's mood (how favourably they answer).
        propensity_sd: Standard deviation of their propensity to answer surveys.
        excluded: Share of veterans who leave the caseload for an exclusion reason.
        exclusions: ``(reason, weight)`` of exclusions.
        exclusion_after_days: Exclusions fall at least this many days after registration.
        two_character_names: Share of given names with two characters (the rest: one).
    """

    prompt: float = _pf(0.9)
    prompt_days: tuple[int, int] = _days((1, 30))
    late_days: tuple[int, int] = _days((31, 150))
    education_unknown: float = _pf(0.01)
    officer_education: tuple[tuple[EducationLevel, float], ...] = _table(
        ((_E.SHORT_CYCLE_TERTIARY, 5), (_E.BACHELOR, 70), (_E.MASTER, 23), (_E.DOCTORATE, 2))
    )
    nco_education: tuple[tuple[EducationLevel, float], ...] = _table(
        ((_E.LOWER_SECONDARY, 12), (_E.UPPER_SECONDARY, 45),
         (_E.POST_SECONDARY_NON_TERTIARY, 3), (_E.SHORT_CYCLE_TERTIARY, 30), (_E.BACHELOR, 10))
    )  # fmt: skip
    conscript_education: tuple[tuple[EducationLevel, float], ...] = _table(
        ((_E.LOWER_SECONDARY, 8), (_E.UPPER_SECONDARY, 42),
         (_E.POST_SECONDARY_NON_TERTIARY, 3), (_E.SHORT_CYCLE_TERTIARY, 27), (_E.BACHELOR, 20))
    )  # fmt: skip
    disability_min_rating: int = field(default=50, validator=_whole)
    rural: float = _pf(0.4)
    low_income: float = _pf(0.05)
    basic_skills: float = _pf(0.3)
    caring_female: float = _pf(0.15)
    caring_male: float = _pf(0.03)
    justice_involved: float = _pf(0.005)
    homeless: float = _pf(0.002)
    skill_sd: float = field(default=1.0, validator=_non_negative)
    skill_per_barrier: float = field(default=0.3, validator=_non_negative)
    mood_sd: float = field(default=0.5, validator=_non_negative)
    propensity_sd: float = field(default=1.0, validator=_non_negative)
    excluded: float = _pf(0.008)
    exclusions: tuple[tuple[ExclusionReason, float], ...] = _table(
        ((ExclusionReason.MEDICAL, 45), (ExclusionReason.DECEASED, 20),
         (ExclusionReason.INSTITUTIONALISED, 20), (ExclusionReason.RESERVE_CALL_UP, 15))
    )  # fmt: skip
    exclusion_after_days: int = field(default=30, validator=_whole)
    two_character_names: float = _pf(0.7)


@frozen(kw_only=True)
class ContactParameters:
    """Service contacts: assessment, counselling, case work, information and referrals.

    Attributes:
        assessment: Share of veterans assessed after registering.
        assessment_days: ``(low, high)`` days after registration.
        counselling_sessions: Numbers of counselling sessions, one drawn with equal chances.
        counselling_days: ``(low, high)`` days after registration of each session.
        counselling_by_phone: Share of sessions by phone (the rest: in person).
        case_work: Share of veterans with a barrier who get case work.
        case_work_contacts: ``(low, high)`` case-work contacts each.
        case_management: Share of those that are case management (the rest: support services).
        home_visit: Share of case-work contacts that are home visits (the rest: by phone).
        case_work_days: ``(low, high)`` days after registration of each.
        information: Share of veterans sent information by message.
        information_days: ``(low, high)`` days after registration.
        training_referral_days: ``(low, high)`` days a training referral precedes the course.
        job_referral_days: ``(low, high)`` days a job referral precedes the job.
        job_fair_days: ``(low, high)`` days a job fair precedes the job.
        venture_advice_days: ``(low, high)`` days business advice precedes a venture.
        difficulty_barrier: Share of veterans with a barrier, still not working or studying
            ``difficulty_barrier_days`` after registering, whom the public employment service
            recognises as having employment difficulty (就业困难人员认定) on that day.
        difficulty_barrier_days: ``(low, high)`` days from registration to that check.
        difficulty_jobless: Share of the other veterans (on the self-employment or another
            route), still not working or studying ``difficulty_jobless_days`` after
            registering, recognised on that day (the long-term jobless).
        difficulty_jobless_days: ``(low, high)`` days from registration to that check.
        difficulty_assisted: Share of the recognised who receive targeted assistance
            (``ContactKind.DIFFICULTY_ASSISTANCE`` contacts) while not working.
        difficulty_assistance_contacts: ``(low, high)`` assistance contacts each.
        difficulty_assistance_days: ``(low, high)`` days from the recognition (or the previous
            assistance contact) to each.
    """

    assessment: float = _pf(0.5)
    assessment_days: tuple[int, int] = _days((0, 14))
    counselling_sessions: tuple[int, ...] = field(default=(0, 1, 1, 2, 3), validator=_choices)
    counselling_days: tuple[int, int] = _days((3, 240))
    counselling_by_phone: float = _pf(0.4)
    case_work: float = _pf(0.6)
    case_work_contacts: tuple[int, int] = field(default=(1, 4), validator=_int_range)
    case_management: float = _pf(0.6)
    home_visit: float = _pf(0.3)
    case_work_days: tuple[int, int] = _days((7, 400))
    information: float = _pf(0.3)
    information_days: tuple[int, int] = _days((1, 90))
    training_referral_days: tuple[int, int] = _days((3, 30))
    job_referral_days: tuple[int, int] = _days((5, 40))
    job_fair_days: tuple[int, int] = _days((7, 60))
    venture_advice_days: tuple[int, int] = _days((10, 90))
    difficulty_barrier: float = _pf(0.45)
    difficulty_barrier_days: tuple[int, int] = _days((30, 180))
    difficulty_jobless: float = _pf(0.2)
    difficulty_jobless_days: tuple[int, int] = _days((150, 300))
    difficulty_assisted: float = _pf(0.9)
    difficulty_assistance_contacts: tuple[int, int] = field(default=(1, 3), validator=_int_range)
    difficulty_assistance_days: tuple[int, int] = _days((5, 45))


_PASSED: Final = (
    (CredentialKind.OCCUPATIONAL_LICENCE, 0.85),
    (CredentialKind.SPECIAL_OPERATIONS_CERTIFICATE, 0.85),
    (CredentialKind.SKILL_LEVEL_CERTIFICATE, 0.8),
    (CredentialKind.INDUSTRY_CERTIFICATION, 0.75),
    (CredentialKind.VOCATIONAL_QUALIFICATION, 0.85),
)


@frozen(kw_only=True)
class TrainingParameters:
    """Training: who enrols in what, how long it lasts, how it ends, what it awards.

    Attributes:
        adaptive_from_year: From veterans registered in this year on, ``adaptive`` applies.
        adaptive: Share of them who take adaptive training.
        adaptive_before: Share of those registered earlier.
        adaptive_start_days: ``(low, high)`` days from registration to adaptive training.
        further: Share of veterans (not supported for life, not retired) who take further
            training.
        further_kinds: ``(programme kind, weight)`` of further training (adult basic education
            only for veterans below upper-secondary education: the others take vocational
            training instead).
        further_start_days: ``(low, high)`` days from being ready to further training.
        second_vocational: Share of vocational trainees who take a second course.
        second_vocational_days: ``(low, high)`` days to it.
        local_programme: Share of trainees who take a programme in their own district (when
            there is one).
        academic_days_per_hour: Calendar days an academic programme lasts per hour.
        apprenticeship_days: ``(low, high)`` days an apprenticeship lasts.
        adult_basic_days: ``(low, high)`` days adult basic education lasts.
        full_day_hours: Hours a day of adaptive and on-the-job training.
        part_day_hours: Hours a day of other courses.
        adaptive_completed: Share of adaptive trainees who complete (the rest withdraw).
        completed: Share of other trainees who complete...
        completed_per_skill: ... plus this much per unit of employability.
        failed: Share of other trainees who fail (the rest of those who do not complete
            withdraw).
        withdrawn_share: ``(low, high)`` share of the course a withdrawing trainee attends.
        transcript_first_days: An academic programme gives a transcript after this many days...
        transcript_every_days: ... and then every this many days.
        milestone: Share of courses (not adaptive, academic or basic) with a mid-course
            milestone.
        skills_exam: Share of completed such courses with a skills exam at the end.
        pass_rates: ``(credential kind, probability)``: share of completers awarded the
            credential.
        other_pass_rate: The share for credential kinds not listed.
        award_days: ``(low, high)`` days from the end of the course to the award.
        skill_levels: ``(national skill level, weight)`` of skill-level certificates (5 =
            entry, 1 = senior technician).
        resumed_studies: Share of conscripts with upper-secondary education on the
            self-employment route who enlisted from university and resume their studies
            (退役大学生士兵复学): an academic enrolment admitted ``resumed``, from the next term.
        resumed_days: ``(low, high)`` days of studies left to them.
        exam_entry: Share of the other veterans on the self-employment route who enter
            academic education by an admission examination (考试入学), from the next term.
        term_gap_days: Studies start on the first term start (1 March or 1 September) at
            least this many days after being ready.
        admission_school: ``(route, weight)`` of the admission of veterans below tertiary
            education to academic programmes (further training included).
        admission_tertiary: ``(route, weight)`` of those with tertiary education.
    """

    adaptive_from_year: int = field(default=2019, validator=_year)
    adaptive: float = _pf(0.62)
    adaptive_before: float = _pf(0.3)
    adaptive_start_days: tuple[int, int] = _days((3, 60))
    further: float = _pf(0.38)
    further_kinds: tuple[tuple[ProgrammeKind, float], ...] = _table(
        ((ProgrammeKind.VOCATIONAL, 70), (ProgrammeKind.ENTREPRENEURSHIP, 10),
         (ProgrammeKind.ACADEMIC, 6), (ProgrammeKind.APPRENTICESHIP, 4),
         (ProgrammeKind.ON_THE_JOB, 4), (ProgrammeKind.ADULT_BASIC_EDUCATION, 2),
         (ProgrammeKind.OTHER, 4))
    )  # fmt: skip
    further_start_days: tuple[int, int] = _days((7, 300))
    second_vocational: float = _pf(0.12)
    second_vocational_days: tuple[int, int] = _days((30, 400))
    local_programme: float = _pf(0.65)
    academic_days_per_hour: float = field(default=0.42, validator=_positive)
    apprenticeship_days: tuple[int, int] = field(default=(300, 720), validator=_int_range)
    adult_basic_days: tuple[int, int] = field(default=(280, 400), validator=_int_range)
    full_day_hours: int = field(default=8, validator=_count)
    part_day_hours: int = field(default=6, validator=_count)
    adaptive_completed: float = _pf(0.96)
    completed: float = _pf(0.8)
    completed_per_skill: float = field(default=0.04, validator=_non_negative)
    failed: float = _pf(0.08)
    withdrawn_share: tuple[float, float] = field(default=(0.1, 0.8), validator=_float_range)
    transcript_first_days: int = field(default=180, validator=_count)
    transcript_every_days: int = field(default=182, validator=_count)
    milestone: float = _pf(0.6)
    skills_exam: float = _pf(0.7)
    pass_rates: tuple[tuple[CredentialKind, float], ...] = field(
        default=_PASSED, converter=_pairs, validator=_probabilities
    )
    other_pass_rate: float = _pf(0.98)
    award_days: tuple[int, int] = _days((0, 45))
    skill_levels: tuple[tuple[int, float], ...] = _table(((5, 60), (4, 35), (3, 5)), _whole_keys)
    resumed_studies: float = _pf(0.3)
    resumed_days: tuple[int, int] = _days((300, 1100))
    exam_entry: float = _pf(0.04)
    term_gap_days: int = field(default=30, validator=_whole)
    admission_school: tuple[tuple[AdmissionRoute, float], ...] = _table(
        ((AdmissionRoute.SINGLE_EXAM, 45), (AdmissionRoute.ADULT_EXAM, 30),
         (AdmissionRoute.NATIONAL_EXAM, 15), (AdmissionRoute.OTHER_EXAM, 4),
         (AdmissionRoute.OTHER, 6))
    )  # fmt: skip
    admission_tertiary: tuple[tuple[AdmissionRoute, float], ...] = _table(
        ((AdmissionRoute.UPGRADE_EXAM, 60), (AdmissionRoute.ADULT_EXAM, 20),
         (AdmissionRoute.POSTGRADUATE_EXAM, 12), (AdmissionRoute.OTHER, 8))
    )  # fmt: skip

    def __attrs_post_init__(self) -> None:
        _at_most_one(self, "completed", "failed")


@frozen(kw_only=True)
class JobSearchParameters:
    """Whether a veteran works, founds a venture, and how long finding each job takes.

    Attributes:
        retired_not_working: Share of retired veterans (and those on monthly retirement pay)
            who do not work at all.
        venture_after_course: Share of entrepreneurship trainees who found a venture.
        venture: Share of other veterans who do...
        venture_officer: ... plus this for officers...
        venture_self_employment: ... plus this for veterans on the self-employment route
            (their resettlement is the lump sum and finding their own way).
        venture_start_days: ``(low, high)`` days from being ready to the venture.
        never_works: Share of veterans who never take a job...
        never_works_barriers: ... plus this for veterans with a barrier.
        jobs_before_venture: Share of future founders who work before their venture.
        welfare_post: Share of veterans with a barrier whose first job is a public-welfare
            post.
        after_venture_days: ``(low, high)`` days from a venture's closing to job search.
        max_jobs: At most this many jobs in one spell of work.
        arranged_wait_days: ``(low, high)`` days to an arranged job.
        first_wait_mean: Mean days to the first job found...
        first_wait_per_skill: ... shortened by this share per unit of employability...
        skill_limit: ... counted up to this many units either way...
        first_wait_min: ... plus this many days.
        next_wait_mean: Mean days between one job and the next...
        next_wait_min: ... plus this many days.
        farming_rural: Share of veterans of rural districts (on the self-employment or another
            route, not founding a venture) who return home to farm (a ``farming``
            livelihood) before any job...
        farming: ... and of veterans of the other districts.
        own_account: Share of the others who first work on their own account, unregistered
            (an ``own_account`` livelihood: a stall, an online shop).
        livelihood_start_days: ``(low, high)`` days from being ready to the livelihood.
        farming_mean_months: Mean months a farming spell lasts (then job search).
        own_account_mean_months: Mean months an own-account spell lasts.
        cooperative: Share of farmers who found or join a farmers' cooperative (a venture of
            legal form ``cooperative`` in agriculture).
        cooperative_days: ``(low, high)`` days from starting to farm to the cooperative.
    """

    retired_not_working: float = _pf(0.5)
    venture_after_course: float = _pf(0.3)
    venture: float = _pf(0.035)
    venture_officer: float = _pf(0.02)
    venture_self_employment: float = _pf(0.03)
    venture_start_days: tuple[int, int] = _days((30, 600))
    never_works: float = _pf(0.06)
    never_works_barriers: float = _pf(0.05)
    jobs_before_venture: float = _pf(0.4)
    welfare_post: float = _pf(0.25)
    after_venture_days: tuple[int, int] = _days((14, 120))
    max_jobs: int = field(default=6, validator=_count)
    arranged_wait_days: tuple[int, int] = field(default=(20, 150), validator=_int_range)
    first_wait_mean: float = field(default=80.0, validator=_positive)
    first_wait_per_skill: float = field(default=0.25, validator=_non_negative)
    skill_limit: float = field(default=1.5, validator=_non_negative)
    first_wait_min: int = field(default=7, validator=_whole)
    next_wait_mean: float = field(default=60.0, validator=_positive)
    next_wait_min: int = field(default=1, validator=_whole)
    farming_rural: float = _pf(0.22)
    farming: float = _pf(0.01)
    own_account: float = _pf(0.05)
    livelihood_start_days: tuple[int, int] = _days((14, 150))
    farming_mean_months: float = field(default=48.0, validator=_positive)
    own_account_mean_months: float = field(default=20.0, validator=_positive)
    cooperative: float = _pf(0.5)
    cooperative_days: tuple[int, int] = _days((20, 200))

    def __attrs_post_init__(self) -> None:
        _at_most_one(self, "venture", "venture_officer")
        _at_most_one(self, "venture", "venture_self_employment")
        _at_most_one(self, "farming_rural", "own_account")
        _at_most_one(self, "farming", "own_account")
        _at_most_one(self, "never_works", "never_works_barriers")
        if self.first_wait_per_skill * self.skill_limit >= 1:
            msg = (
                "'JobSearchParameters.first_wait_per_skill' times 'skill_limit' must be below "
                f"1, got {self.first_wait_per_skill} * {self.skill_limit}"
            )
            raise InvalidRecordError("first_wait_per_skill", msg)


_TENURE: Final = (  # months
    (ContractType.OPEN_ENDED, 150.0),
    (ContractType.FIXED_TERM, 34.0),
    (ContractType.DISPATCH, 22.0),
    (ContractType.NONE, 11.0),
    (ContractType.PART_TIME, 8.0),
    (ContractType.TASK_BASED, 6.0),
    (ContractType.PUBLIC_WELFARE_POST, 30.0),
)


@frozen(kw_only=True)
class PlacementParameters:
    """A placement: its link to training, employer, contract, how long it lasts, its source.

    Attributes:
        training_window_days: A job starting this many days or fewer after a course for jobs
            ended may be linked to it.
        link_completed: Share of such jobs linked to a completed course.
        link_other: Share linked to a course not completed.
        target_occupation: Share of linked jobs in one of the course's target occupations.
        relevance_on_target: Mean relevance of the training to a job in a target occupation...
        relevance_off_target: ... to another job...
        relevance_sd: ... and its standard deviation.
        local_employer: Share of jobs found in the veteran's own district (when there is an
            employer of the industry there).
        arranged_open_ended: Share of arranged jobs on open-ended contracts (the rest:
            fixed-term).
        fixed_term_months: ``(months, weight)`` of fixed-term contracts.
        dispatch_months: Terms of dispatch contracts, one drawn with equal chances.
        task_months: ``(low, high)`` months of task-based contracts.
        welfare_months: Terms of public-welfare posts, one drawn with equal chances.
        part_time_term: Share of part-time jobs with a term...
        part_time_months: ... drawn from these, with equal chances.
        tenure_mean_months: ``(contract type, months)``: mean time in a job.
        public_tenure_factor: Public employers' mean tenure is multiplied by this.
        tenure_per_skill: Tenure rises by this share per unit of employability...
        tenure_skill_limit: ... counted up to this many units either way.
        contract_ended: Share of jobs outlasting their term (other than task-based jobs and
            welfare posts, which always end then) that end with the contract.
        end_reasons: ``(end reason, weight)`` of jobs that end otherwise.
        micro_business_closed: The weight of ``business_closed`` at micro employers.
        leave_for_venture_days: ``(low, high)`` days before a venture a job is left.
        from_training_provider: Share of jobs linked to training that the provider found.
        sources: ``(source, weight)`` of the other jobs.
        subsidised: Share of jobs subsidised...
        subsidised_low_skill: ... plus this for veterans with employability below
            ``low_skill`` (welfare posts always are).
        low_skill: See ``subsidised_low_skill``.
    """

    training_window_days: int = field(default=365, validator=_whole)
    link_completed: float = _pf(0.65)
    link_other: float = _pf(0.2)
    target_occupation: float = _pf(0.75)
    relevance_on_target: float = _pf(0.8)
    relevance_off_target: float = _pf(0.2)
    relevance_sd: float = field(default=0.15, validator=_non_negative)
    local_employer: float = _pf(0.6)
    arranged_open_ended: float = _pf(0.5)
    fixed_term_months: tuple[tuple[int, float], ...] = _table(
        ((12, 20), (24, 25), (36, 45), (60, 10)), _whole_keys
    )
    dispatch_months: tuple[int, ...] = field(default=(12, 24, 24, 36), validator=_choices)
    task_months: tuple[int, int] = field(default=(3, 12), validator=_int_range)
    welfare_months: tuple[int, ...] = field(default=(12, 24, 36, 36), validator=_choices)
    part_time_term: float = _pf(0.5)
    part_time_months: tuple[int, ...] = field(default=(6, 12), validator=_choices)
    tenure_mean_months: tuple[tuple[ContractType, float], ...] = field(
        default=_TENURE, converter=_pairs, validator=[_factors, _covering(*ContractType)]
    )
    public_tenure_factor: float = field(default=1.8, validator=_positive)
    tenure_per_skill: float = field(default=0.15, validator=_non_negative)
    tenure_skill_limit: float = field(default=1.5, validator=_non_negative)
    contract_ended: float = _pf(0.3)
    end_reasons: tuple[tuple[EndReason, float], ...] = _table(
        ((EndReason.RESIGNED, 60), (EndReason.DISMISSED, 7), (EndReason.LAID_OFF, 7),
         (EndReason.BUSINESS_CLOSED, 2), (EndReason.HEALTH, 2),
         (EndReason.FURTHER_EDUCATION, 3), (EndReason.OTHER, 4))
    )  # fmt: skip
    micro_business_closed: float = field(default=8, validator=_non_negative)
    leave_for_venture_days: tuple[int, int] = _days((1, 20))
    from_training_provider: float = _pf(0.5)
    sources: tuple[tuple[PlacementSource, float], ...] = _table(
        ((PlacementSource.SELF_FOUND, 42), (PlacementSource.JOB_REFERRAL, 22),
         (PlacementSource.JOB_FAIR, 16), (PlacementSource.TARGETED_RECRUITMENT, 12),
         (PlacementSource.OTHER, 8))
    )  # fmt: skip
    subsidised: float = _pf(0.04)
    subsidised_low_skill: float = _pf(0.1)
    low_skill: float = field(default=-1.0, validator=_finite)

    def __attrs_post_init__(self) -> None:
        _at_most_one(self, "subsidised", "subsidised_low_skill")
        if self.tenure_per_skill * self.tenure_skill_limit >= 1:
            msg = (
                "'PlacementParameters.tenure_per_skill' times 'tenure_skill_limit' must be "
                f"below 1, got {self.tenure_per_skill} * {self.tenure_skill_limit}"
            )
            raise InvalidRecordError("tenure_per_skill", msg)


_FULL: Final = (
    # (share with all five insurances, share of those with the housing fund too)
    (Ownership.STATE_OWNED, (0.98, 0.96)),
    (Ownership.GOVERNMENT, (0.98, 0.95)),
    (Ownership.PUBLIC_INSTITUTION, (0.98, 0.94)),
    (Ownership.FOREIGN_INVESTED, (0.95, 0.88)),
    (Ownership.HK_MACAO_TAIWAN, (0.93, 0.8)),
    (Ownership.COLLECTIVE, (0.72, 0.35)),
    (Ownership.SOCIAL_ORGANISATION, (0.8, 0.35)),
    (Ownership.INDIVIDUAL_BUSINESS, (0.15, 0.05)),
)
_PRIVATE: Final = (
    (SizeBand.LARGE, (0.92, 0.75)),
    (SizeBand.MEDIUM, (0.82, 0.5)),
    (SizeBand.SMALL, (0.65, 0.25)),
    (SizeBand.MICRO, (0.35, 0.1)),
    (None, (0.6, 0.2)),
)
_LONG_HOURS_OCCUPATIONS: Final = ("5414", "8322", "8332", "5120", "5131", "9621", "9333")


@frozen(kw_only=True)
class JobQualityParameters:
    """A placement's working hours and social insurance.

    Attributes:
        part_time_hours: Weekly hours of part-time jobs, one drawn with equal chances.
        public_40_hours: Share of public jobs (and welfare posts) of 40 hours a week (the
            rest: 44).
        hours_40: Share of other jobs of 40 hours a week...
        hours_44: ... of 44...
        hours_48: ... of 48 (the rest: long hours).
        long_hours: Weekly hours of a long-hours job, one drawn with equal chances.
        long_hours_occupations: ISCO-08 unit groups (security guards, drivers, cooks, ...)
            where long hours are more common...
        long_hours_shift: ... by this much of the shares above (taken from the first).
        part_time_work_injury: Share of part-time jobs with work-injury insurance (the rest:
            none).
        uncontracted_uninsured: Share of jobs without a contract with no insurance...
        uncontracted_work_injury: ... with work-injury insurance only (the rest: the five).
        full_insurance: ``(ownership, (share with the five insurances, share of those with
            the housing fund too))`` for every ownership but private.
        private_insurance: The same for private employers, by size band (``None``: unknown).
        task_based_insurance_factor: Task-based jobs' share with the five is multiplied by
            this.
        partial_insurance: Share of jobs without the five that have some insurance.
    """

    part_time_hours: tuple[int, ...] = field(default=(12, 16, 20, 20, 24, 24), validator=_choices)
    public_40_hours: float = _pf(0.9)
    hours_40: float = _pf(0.62)
    hours_44: float = _pf(0.11)
    hours_48: float = _pf(0.11)
    long_hours: tuple[int, ...] = field(default=(50, 54, 56, 60, 60, 66, 72), validator=_choices)
    long_hours_occupations: tuple[str, ...] = field(
        default=_LONG_HOURS_OCCUPATIONS, validator=_codes
    )
    long_hours_shift: float = _pf(0.25)
    part_time_work_injury: float = _pf(0.7)
    uncontracted_uninsured: float = _pf(0.7)
    uncontracted_work_injury: float = _pf(0.2)
    full_insurance: tuple[tuple[Ownership, tuple[float, float]], ...] = field(
        default=_FULL,
        converter=_pairs,
        validator=[_probability_pairs, _covering(*(o for o in Ownership if o is not
                                                   Ownership.PRIVATE))],
    )  # fmt: skip
    private_insurance: tuple[tuple[SizeBand | None, tuple[float, float]], ...] = field(
        default=_PRIVATE, converter=_pairs, validator=[_probability_pairs, _covering(*_SIZE_KEYS)]
    )
    task_based_insurance_factor: float = _pf(0.6)
    partial_insurance: float = _pf(0.5)

    def __attrs_post_init__(self) -> None:
        _at_most_one(self, "hours_40", "hours_44", "hours_48")
        _at_most_one(self, "uncontracted_uninsured", "uncontracted_work_injury")


_OWNERSHIP_PAY: Final = (
    (Ownership.STATE_OWNED, 1.12),
    (Ownership.GOVERNMENT, 1.0),
    (Ownership.PUBLIC_INSTITUTION, 1.05),
    (Ownership.FOREIGN_INVESTED, 1.2),
    (Ownership.HK_MACAO_TAIWAN, 1.1),
    (Ownership.PRIVATE, 1.0),
    (Ownership.COLLECTIVE, 0.95),
    (Ownership.SOCIAL_ORGANISATION, 0.9),
    (Ownership.INDIVIDUAL_BUSINESS, 0.88),
)
_SIZE_PAY: Final = (
    (SizeBand.MICRO, 0.9),
    (SizeBand.SMALL, 0.97),
    (SizeBand.MEDIUM, 1.03),
    (SizeBand.LARGE, 1.1),
    (None, 1.0),
)
_EDUCATION_PAY: Final = (
    (_E.LOWER_SECONDARY, 0.92),
    (_E.UPPER_SECONDARY, 1.0),
    (_E.POST_SECONDARY_NON_TERTIARY, 1.0),
    (_E.SHORT_CYCLE_TERTIARY, 1.07),
    (_E.BACHELOR, 1.15),
    (_E.MASTER, 1.25),
    (_E.DOCTORATE, 1.3),
    (None, 1.0),
)


@frozen(kw_only=True)
class PayParameters:
    """A placement's monthly wage, as a multiple of the minimum wage in force at its start.

    The multiple starts from the occupation's (the reference tables'), times the factors for
    ownership, size, education and employability, times log-normal noise.

    Attributes:
        welfare_multiple: ``(low, high)`` multiple of a public-welfare post.
        ownership_pay: ``(ownership, factor)`` for every ownership.
        size_pay: ``(size band, factor)`` for every size band and ``None`` (unknown).
        education_pay: ``(education level, factor)``; levels not listed (and ``None``,
            unless listed) pay a factor of 1.
        pay_per_skill: Pay rises by this share per unit of employability.
        trained_premium: A job linked to relevant training pays this factor more...
        trained_min_relevance: ... when the relevance is above this.
        pay_sd: Standard deviation of the log-normal noise.
        overtime_from_hours: Weekly hours beyond this are partly paid...
        overtime_divisor: ... the multiple rising by (hours - overtime_from_hours) / this.
        underpaid_below: Multiples below this are mostly lifted:...
        lax_underpay: ... at individual businesses and micro employers this share stays low...
        underpay: ... and elsewhere this share (after the lax share) does...
        lifted_multiple: ... the others drawn from this ``(low, high)``...
        lowest_multiple: ... and no multiple below this.
        round_to_ten: Share of wages rounded to 10 yuan (the rest: to 100).
        lowest_wage: No monthly wage below this many yuan.
    """

    welfare_multiple: tuple[float, float] = field(default=(1.0, 1.18), validator=_float_range)
    ownership_pay: tuple[tuple[Ownership, float], ...] = field(
        default=_OWNERSHIP_PAY, converter=_pairs, validator=[_factors, _covering(*Ownership)]
    )
    size_pay: tuple[tuple[SizeBand | None, float], ...] = field(
        default=_SIZE_PAY, converter=_pairs, validator=[_factors, _covering(*_SIZE_KEYS)]
    )
    education_pay: tuple[tuple[EducationLevel | None, float], ...] = field(
        default=_EDUCATION_PAY, converter=_pairs, validator=_factors
    )
    pay_per_skill: float = field(default=0.05, validator=_non_negative)
    trained_premium: float = field(default=1.05, validator=_positive)
    trained_min_relevance: float = _pf(0.5)
    pay_sd: float = field(default=0.2, validator=_non_negative)
    overtime_from_hours: int = field(default=44, validator=_whole)
    overtime_divisor: float = field(default=100, validator=_positive)
    underpaid_below: float = field(default=1.02, validator=_non_negative)
    lax_underpay: float = _pf(0.5)
    underpay: float = _pf(0.12)
    lifted_multiple: tuple[float, float] = field(default=(1.0, 1.12), validator=_float_range)
    lowest_multiple: float = field(default=0.72, validator=_non_negative)
    round_to_ten: float = _pf(0.4)
    lowest_wage: int = field(default=100, validator=_whole)


@frozen(kw_only=True)
class EarningsParameters:
    """Quarterly wage records (from social-insurance contributions).

    Attributes:
        recorded: Share of veterans with jobs whose wage records are in the caseload (only
            jobs with pension insurance have them).
        first_quarter_bonus: A first-quarter record is this factor higher...
        bonus: ... for this share of them.
        noise_low: A record is the wage times a factor from ``noise_low``...
        noise_width: ... to ``noise_low`` plus this.
    """

    recorded: float = _pf(0.4)
    first_quarter_bonus: float = field(default=1.15, validator=_positive)
    bonus: float = _pf(0.5)
    noise_low: float = field(default=0.97, validator=_non_negative)
    noise_width: float = field(default=0.08, validator=_non_negative)


def _support_draws(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not (
        isinstance(value, tuple)
        and all(
            isinstance(item, tuple)
            and len(item) == 3
            and isinstance(item[0], SupportKind)
            and _is_number(item[1])
            and 0 <= item[1] <= 1
            and isinstance(item[2], tuple)
            and len(item[2]) == 2
            and all(_is_whole(d) for d in item[2])
            and 0 <= item[2][0] <= item[2][1] <= _MAX_DAYS
            for item in value
        )
    ):
        what = (
            "(support kind, probability, (low, high) days) triples with 0 <= low <= high "
            f"<= {_MAX_DAYS}"
        )
        _fail(instance, attribute, what, value)


def _certification_draws(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not (
        isinstance(value, tuple)
        and all(
            isinstance(item, tuple)
            and len(item) == 3
            and isinstance(item[0], CertificationKind)
            and _is_number(item[1])
            and 0 <= item[1] <= 1
            and isinstance(item[2], frozenset)
            and all(isinstance(code, str) for code in item[2])
            for item in value
        )
    ):
        what = "(certification kind, probability, frozenset of ISIC sections) triples"
        _fail(instance, attribute, what, value)


#: The covariates of the planted closure hazard (``VentureParameters.closure_hazard_ratios``).
CLOSURE_COVARIATES: Final = ("supported", "limited_company", "founder_age_decade")

_CERTIFICATIONS: Final = (
    (CertificationKind.SCIENCE_BASED_SME, 0.08, frozenset({"C", "J", "M"})),
    (CertificationKind.HIGH_TECH_ENTERPRISE, 0.03, frozenset({"C", "J", "M"})),
    (CertificationKind.SOFTWARE_COPYRIGHT, 0.2, frozenset({"J"})),
    (CertificationKind.UTILITY_MODEL_PATENT, 0.06, frozenset({"C", "F"})),
)

_SUPPORT: Final = (
    (SupportKind.GUARANTEED_LOAN, 0.35, (30, 150)),
    (SupportKind.TAX_RELIEF, 0.5, (30, 120)),
    (SupportKind.SUBSIDY, 0.3, (15, 90)),
    (SupportKind.INCUBATION, 0.15, (0, 30)),
    (SupportKind.MENTORING, 0.25, (0, 180)),
    (SupportKind.PREMISES, 0.08, (0, 60)),
)


@frozen(kw_only=True)
class VentureParameters:
    """Ventures: founders, legal form, survival, public support and growth.

    Attributes:
        co_founded: Share of ventures with a second founder (an earlier veteran of the
            district).
        rural_agriculture_factor: In rural districts agriculture's weight among venture
            industries is multiplied by this.
        legal_forms: ``(legal form, weight)`` of ventures.
        partnership_with_partners: The weight of partnerships for ventures with two founders.
        cooperative_in_agriculture: The weight of co-operatives in agriculture.
        survival_mean_months: Mean months a venture survives after its first ``first_days``
            (exponential), for the reference venture: no support in its first three months,
            not a limited company, a founder aged 35 at registration...
        first_days: ... plus this many days (no venture closes sooner; at 90, every support
            granted in the first three months comes before any closure, so "supported" is
            fixed before the venture's fate: see ``closure_hazard_ratios``).
        closure_hazard_ratios: The planted truth of venture survival: the closure hazard is
            multiplied by ``supported`` when the venture got support within three whole months
            of registration (as ``metrics.survival`` defines it), by ``limited_company`` for a
            limited company, and by ``founder_age_decade`` per ten years of the founder's age
            at registration above 35 (a proportional-hazards model: a Cox fit of closure on
            these covariates estimates their logarithms).
        support: ``(support kind, probability, (low, high) days after registration)``: the
            public support a venture may get, in the order drawn.
        loan_ten_thousands: ``(low, high)`` guaranteed loan, in ten thousands of yuan.
        tax_relief_before: Yearly tax relief in yuan...
        tax_relief: ... and from ``tax_relief_from_year`` on.
        tax_relief_from_year: See ``tax_relief``.
        subsidies: Subsidies in yuan, one drawn with equal chances.
        premises_thousands: ``(low, high)`` premises support, in thousands of yuan.
        big_staff: ``(low, high)`` first employees besides the founders of a company,
            partnership or co-operative...
        small_staff: ... of another venture.
        big_growth: ``(low, high)`` change in employees a year of the bigger forms...
        small_growth: ... of the others.
        veteran_hire: Share of years in which the venture hires another veteran.
        revenue_thousands: ``(low, high)`` yearly revenue per person working (founders and
            employees), in thousands of yuan.
        own_account: Share of ventures other than companies, partnerships and co-operatives run
            by their founders alone (no employees, none hired later: own-account work).
        high_growth: Share of limited companies that start with ``high_growth_staff``
            employees and grow by ``high_growth_rate`` a year (the few high-growth firms).
        high_growth_staff: See ``high_growth``.
        high_growth_rate: ``(low, high)`` yearly employee growth of a high-growth firm.
        status_recorded: Share of snapshots that record the operating status...
        suspended_before_closing: ... the share of closing ventures whose snapshots in the
            year before the closure say suspended.
        insured_recorded: Share of snapshots that record the insured employees...
        insured_company: ... each employee of a company, partnership or co-operative insured
            with this probability...
        insured_small: ... of another venture.
        profit_recorded: Share of snapshots that record a profit (margin ``margin`` of the
            revenue; ``closing_margin`` in the year before a closure).
        margin: ``(low, high)`` profit margin, a share of revenue.
        closing_margin: ``(low, high)`` margin in the year before the venture closes.
        tax_recorded: Share of snapshots that record tax paid (``tax_rate`` of the revenue).
        tax_rate: ``(low, high)`` tax paid, a share of revenue.
        income_recorded: Share of snapshots that record the founder's own monthly income...
        founder_income: ... ``(low, high)`` in yuan.
        certifications: ``(kind, probability, industries)``: a limited company in one of the
            ISIC sections of *industries* holds a certification of *kind* with this
            probability, awarded in its first years.
        loan_terms: Terms of guaranteed loans in months, one drawn with equal chances.
        repayment_recorded: Share of guaranteed loans whose repayment status is recorded.
        arrears_open: Share of loans of open ventures in arrears (the rest current, or
            repaid after their term)...
        arrears_closed: ... of closed ventures (in arrears or, with ``default_closed``,
            defaulted).
        default_closed: See ``arrears_closed``.
    """

    co_founded: float = _pf(0.12)
    rural_agriculture_factor: float = field(default=3, validator=_non_negative)
    legal_forms: tuple[tuple[LegalForm, float], ...] = _table(
        ((LegalForm.INDIVIDUAL_BUSINESS, 55), (LegalForm.LIMITED_COMPANY, 30),
         (LegalForm.SOLE_PROPRIETORSHIP, 7), (LegalForm.PARTNERSHIP, 4),
         (LegalForm.COOPERATIVE, 1), (LegalForm.OTHER, 1))
    )  # fmt: skip
    partnership_with_partners: float = field(default=24, validator=_non_negative)
    cooperative_in_agriculture: float = field(default=12, validator=_non_negative)
    survival_mean_months: float = field(default=84.0, validator=_positive)
    first_days: int = field(default=90, validator=_whole)
    closure_hazard_ratios: tuple[tuple[str, float], ...] = field(
        default=(("supported", 0.6), ("limited_company", 0.75), ("founder_age_decade", 0.85)),
        converter=_pairs,
        validator=[_factors, _exactly(*CLOSURE_COVARIATES)],
    )
    support: tuple[tuple[SupportKind, float, tuple[int, int]], ...] = field(
        default=_SUPPORT, validator=_support_draws
    )
    loan_ten_thousands: tuple[int, int] = field(default=(5, 30), validator=_int_range)
    tax_relief_before: int = field(default=12_000, validator=_whole)
    tax_relief: int = field(default=14_400, validator=_whole)
    tax_relief_from_year: int = field(default=2023, validator=_year)
    subsidies: tuple[int, ...] = field(default=(5_000, 8_000, 10_000), validator=_choices)
    premises_thousands: tuple[int, int] = field(default=(6, 24), validator=_int_range)
    big_staff: tuple[int, int] = field(default=(0, 6), validator=_int_range)
    small_staff: tuple[int, int] = field(default=(0, 2), validator=_int_range)
    big_growth: tuple[int, int] = field(default=(-1, 3), validator=_int_range)
    small_growth: tuple[int, int] = field(default=(-1, 1), validator=_int_range)
    veteran_hire: float = _pf(0.2)
    revenue_thousands: tuple[int, int] = field(default=(120, 400), validator=_int_range)
    own_account: float = _pf(0.6)
    high_growth: float = _pf(0.05)
    high_growth_staff: tuple[int, int] = field(default=(10, 25), validator=_int_range)
    high_growth_rate: tuple[float, float] = field(default=(0.12, 0.35), validator=_float_range)
    status_recorded: float = _pf(0.9)
    suspended_before_closing: float = _pf(0.4)
    insured_recorded: float = _pf(0.8)
    insured_company: float = _pf(0.85)
    insured_small: float = _pf(0.4)
    profit_recorded: float = _pf(0.5)
    margin: tuple[float, float] = field(default=(-0.1, 0.2), validator=_share_range)
    closing_margin: tuple[float, float] = field(default=(-0.3, 0.05), validator=_share_range)
    tax_recorded: float = _pf(0.35)
    tax_rate: tuple[float, float] = field(default=(0.01, 0.04), validator=_float_range)
    income_recorded: float = _pf(0.5)
    founder_income: tuple[int, int] = field(default=(1_800, 15_000), validator=_int_range)
    certifications: tuple[tuple[CertificationKind, float, frozenset[str]], ...] = field(
        default=_CERTIFICATIONS, validator=_certification_draws
    )
    loan_terms: tuple[int, ...] = field(default=(24, 36), validator=_choices)
    repayment_recorded: float = _pf(0.85)
    arrears_open: float = _pf(0.08)
    arrears_closed: float = _pf(0.35)
    default_closed: float = _pf(0.4)


_NON_RESPONSE: Final = (
    (Disposition.REFUSAL, 8),
    (Disposition.NON_CONTACT, 12),
    (Disposition.OTHER, 1),
    (Disposition.UNKNOWN_HOUSEHOLD, 3),
    (Disposition.UNKNOWN_OTHER, 2),
)

#: The planted response model's effect of each kind of contract (log-odds).
_CONTRACT_RESPONSE: Final = (
    (ContractType.OPEN_ENDED, 0.5),
    (ContractType.FIXED_TERM, 0.0),
    (ContractType.TASK_BASED, -0.7),
    (ContractType.PART_TIME, -0.8),
    (ContractType.DISPATCH, -0.5),
    (ContractType.PUBLIC_WELFARE_POST, 0.6),
    (ContractType.NONE, -1.2),
)

#: The planted response model's effect of each education level (log-odds; unknown: 0).
_EDUCATION_RESPONSE: Final = (
    (EducationLevel.PRIMARY, -0.45),
    (EducationLevel.LOWER_SECONDARY, -0.3),
    (EducationLevel.UPPER_SECONDARY, 0.0),
    (EducationLevel.POST_SECONDARY_NON_TERTIARY, 0.1),
    (EducationLevel.SHORT_CYCLE_TERTIARY, 0.25),
    (EducationLevel.BACHELOR, 0.4),
    (EducationLevel.MASTER, 0.45),
    (EducationLevel.DOCTORATE, 0.45),
)


def _non_responses(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    final = [d for d, _ in value if d in (Disposition.COMPLETE, Disposition.PARTIAL,
                                          Disposition.NOT_ELIGIBLE)]  # fmt: skip
    if final:
        _fail(instance, attribute, "non-response dispositions only (no complete, partial or "
              "not eligible: those are 'partial' and 'not_eligible')", final)  # fmt: skip


def _finite_pairs(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _keys_unique(instance, attribute, value)
    if not all(_is_number(c) and abs(c) < float("inf") for _, c in value):
        _fail(instance, attribute, "(key, log-odds) pairs with finite numbers", value)


@frozen(kw_only=True)
class FollowUpParameters:
    """Follow-up survey cases: who answers, when the office calls, what the others' cases record.

    Every due follow-up of an eligible placement has its answers drawn first (the planted
    population, :func:`~veteran_services.synthetic.planted_city`); whether they are recorded
    follows the planted response model, the documented truth the non-response tests recover:

    ``logit P(respond) = logit(complete_by_wave[wave]) + age_effect * (age - 35) / 10
    + education_effects[education] + wage_effect * (wage multiple - 1.5)
    + contract_effects[contract] + rural_effect * [rural district]
    + propensity_effect * propensity``

    with the veteran's age at the due date, the job's wage as a multiple of the minimum wage,
    and the veteran's latent propensity to answer (standard normal, independent of everything
    the answers depend on); a veteran who has refused an earlier wave answers with
    ``after_refusal`` times that probability. The answers depend on the job (pay, contract,
    insurance, hours, employer size) and the veteran's mood, so respondents differ from the
    placed cohort in what they answer, and weighting on the recorded characteristics removes
    most of the difference.

    The office calls ``collection_days`` after the due date (``late_start`` of follow-ups
    only ``late_start_days`` after it; ``never_attempted`` never), then every
    ``attempt_gap_days``. Respondents and refusers are reached on the attempt drawn from
    ``reached_on``; the others' failed attempts (a non-contact, "other" or unknown-eligibility
    case each) number ``attempts_recorded`` before the office gives up. Only what happened
    by the city's date is recorded, so recent waves are due or overdue and waves given up are
    lost to follow-up (:func:`~veteran_services.metrics.follow_ups_due`).

    Attributes:
        collection_days: ``(low, high)`` days from a wave's due date to the first attempt.
        complete_by_wave: ``(wave in months, probability)``: the response probability at
            each wave (3, 6 and 12 months) of a veteran of 35 with upper-secondary education,
            a fixed-term contract paying 1.5 times the minimum wage, in an urban district,
            of average propensity...
        age_effect: ... plus this (log-odds) per ten years of age above 35...
        education_effects: ... plus this (log-odds) by education level (unrecorded: 0)...
        wage_effect: ... plus this (log-odds) per minimum wage of pay above 1.5 of it...
        contract_effects: ... plus this (log-odds) by contract type...
        rural_effect: ... plus this (log-odds) in a rural district of the profile...
        propensity_effect: ... plus this (log-odds) per unit of the latent propensity...
        after_refusal: ... times this once the veteran has refused.
        partial: Share of respondents who break off (a partial interview).
        not_eligible: Share of follow-ups found not eligible (AAPOR 4.0).
        non_response: ``(disposition, weight)`` of the non-respondents' outcome.
        refusal_after_refusal: The weight of ``refusal`` once the veteran has refused.
        reached_on: ``(attempt, weight)``: the attempt on which a respondent or a refuser is
            reached.
        attempts_recorded: ``(attempts, weight)``: failed attempts recorded for a veteran never
            reached before the office gives up.
        attempt_gap_days: ``(low, high)`` days between attempts.
        late_start: Share of follow-ups first attempted late...
        late_start_days: ... this many days after the due date.
        never_attempted: Share of follow-ups the office never attempts.
        phone: Share of interviews by phone...
        online: ... online...
        sms: ... by text message (the rest: in person).
        unemployed: Share of veterans neither working nor training who are unemployed (the
            rest: inactive).
    """

    collection_days: tuple[int, int] = _days((0, 28))
    complete_by_wave: tuple[tuple[int, float], ...] = field(
        default=((3, 0.76), (6, 0.7), (12, 0.64)),
        converter=_pairs,
        validator=[_probabilities, _covering(3, 6, 12)],
    )
    age_effect: float = field(default=0.3, validator=_finite)
    education_effects: tuple[tuple[EducationLevel, float], ...] = field(
        default=_EDUCATION_RESPONSE, converter=_pairs, validator=_finite_pairs
    )
    wage_effect: float = field(default=1.1, validator=_finite)
    contract_effects: tuple[tuple[ContractType, float], ...] = field(
        default=_CONTRACT_RESPONSE, converter=_pairs, validator=[_finite_pairs,
                                                                _covering(*ContractType)]
    )  # fmt: skip
    rural_effect: float = field(default=-0.5, validator=_finite)
    propensity_effect: float = field(default=0.35, validator=_non_negative)
    after_refusal: float = _pf(0.3)
    partial: float = _pf(0.07)
    not_eligible: float = _pf(0.01)
    non_response: tuple[tuple[Disposition, float], ...] = _table(_NON_RESPONSE, _non_responses)
    refusal_after_refusal: float = field(default=28, validator=_non_negative)
    reached_on: tuple[tuple[int, float], ...] = _table(((1, 60), (2, 25), (3, 15)), _whole_keys)
    attempts_recorded: tuple[tuple[int, float], ...] = _table(
        ((1, 40), (2, 20), (3, 40)), _whole_keys
    )
    attempt_gap_days: tuple[int, int] = _days((5, 40))
    late_start: float = _pf(0.1)
    late_start_days: tuple[int, int] = _days((35, 160))
    never_attempted: float = _pf(0.03)
    phone: float = _pf(0.7)
    online: float = _pf(0.18)
    sms: float = _pf(0.06)
    unemployed: float = _pf(0.7)

    def __attrs_post_init__(self) -> None:
        _at_most_one(self, "phone", "online", "sms")
        _at_most_one(self, "late_start", "never_attempted")


@frozen(kw_only=True)
class BlankParameters:
    """What a real office leaves blank: the share of records missing each optional fact.

    Drawn after the whole city, from a stream of its own (the other draws do not change with
    these shares). Only facts the model makes optional are blanked ("unknown is not none"):
    they become ``None``, never "none". Birth dates stay: the identity number holds them.
    A group made with no arguments leaves nothing blank (:data:`NO_BLANKS`); the city profiles
    default to :data:`OFFICE_BLANKS`, an office's rates.

    Attributes:
        education: Share of veterans whose education is not recorded.
        rank: Share of service periods whose rank is not recorded.
        branch: ... whose branch is not recorded.
        contract: Share of placements whose contract type is not recorded.
        contract_months: ... whose contract length is not recorded (of those with one).
        weekly_hours: ... whose weekly hours are not recorded.
        monthly_wage: ... whose monthly wage is not recorded.
        insurance: ... whose social insurance is not recorded.
        employer_size: Share of employers whose size is not recorded.
        employer_industry: ... whose industry is not recorded.
        employer_ownership: ... whose ownership is not recorded.
        venture_industry: Share of ventures whose industry is not recorded.
    """

    education: float = _pf(0.0)
    rank: float = _pf(0.0)
    branch: float = _pf(0.0)
    contract: float = _pf(0.0)
    contract_months: float = _pf(0.0)
    weekly_hours: float = _pf(0.0)
    monthly_wage: float = _pf(0.0)
    insurance: float = _pf(0.0)
    employer_size: float = _pf(0.0)
    employer_industry: float = _pf(0.0)
    employer_ownership: float = _pf(0.0)
    venture_industry: float = _pf(0.0)


#: Nothing left blank: the fully recorded city (``generate(..., blanks=NO_BLANKS)``).
NO_BLANKS: Final = BlankParameters()

#: What a real office leaves blank, by the rates of the bureau's own ledgers (the default of
#: every city profile, :data:`~veteran_services.synthetic.NANJING` included).
OFFICE_BLANKS: Final = BlankParameters(
    education=0.03, rank=0.01, branch=0.02, contract=0.04, contract_months=0.08,
    weekly_hours=0.06, monthly_wage=0.03, insurance=0.04, employer_size=0.06,
    employer_industry=0.02, employer_ownership=0.03, venture_industry=0.03,
)  # fmt: skip


# --- planted training effects (opt-in) --------------------------------------------------------

#: The covariates the planted models use, each as the library's evaluation frame measures it
#: at registration: ``education`` (the ISCED level minus 3; unknown counts as 3), ``age``
#: (whole years minus 25), ``barriers`` (how many), ``female`` (1 for a woman).
PLANTED_COVARIATES: Final = ("education", "age", "barriers", "female")


def _planted_terms(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _keys_unique(instance, attribute, value)
    unknown = [key for key, _ in value if key not in PLANTED_COVARIATES]
    if unknown:
        _fail(instance, attribute, f"pairs keyed by {list(PLANTED_COVARIATES)}", unknown)
    if not all(_is_number(c) and abs(c) < float("inf") for _, c in value):
        _fail(instance, attribute, "(covariate, coefficient) pairs with finite coefficients", value)


def _effect_size(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not (_is_number(value) and -1 <= value <= 1):
        _fail(instance, attribute, "a difference of probabilities between -1 and 1", value)


def _programme_effects(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _keys_unique(instance, attribute, value)
    for kind, effect in value:
        if not isinstance(kind, ProgrammeKind) or not isinstance(effect, ProgrammeEffect):
            what = "(ProgrammeKind, ProgrammeEffect) pairs"
            _fail(instance, attribute, what, (kind, effect))


@frozen(kw_only=True)
class ProgrammeEffect:
    """The planted true effect of completing a programme of one kind.

    From the second quarter after the quarter the course starts on, a completer's
    probability of being employed in each quarter is the baseline plus ``employment`` (or
    ``employment_tertiary`` for a veteran with tertiary education, ISCED level 5 or more), and
    the jobs they hold from then on pay ``earnings`` yuan a month more than they would have.

    Attributes:
        employment: The effect on the probability of being employed in a quarter (a
            difference of probabilities).
        employment_tertiary: The effect for veterans with tertiary education; None: the same.
        earnings: Yuan a month added to the wage of the jobs held from then on.
    """

    employment: float = field(validator=_effect_size)
    employment_tertiary: float | None = field(default=None, validator=_effect_size)
    earnings: int = field(default=0, validator=_whole)

    def employment_for(self, education: EducationLevel | None) -> float:
        """The employment effect for a veteran with this education (unknown: not tertiary)."""
        if self.employment_tertiary is not None and education is not None and education.level >= 5:
            return self.employment_tertiary
        return self.employment


def _logistic(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    odds = math.exp(value)
    return odds / (1.0 + odds)


_DEFAULT_EFFECTS: Final = (
    (ProgrammeKind.VOCATIONAL, ProgrammeEffect(employment=0.12, employment_tertiary=0.04,
                                               earnings=300)),
    (ProgrammeKind.APPRENTICESHIP, ProgrammeEffect(employment=0.15, earnings=400)),
    (ProgrammeKind.ON_THE_JOB, ProgrammeEffect(employment=0.1, earnings=200)),
    (ProgrammeKind.ENTREPRENEURSHIP, ProgrammeEffect(employment=0.0)),
)  # fmt: skip


@frozen(kw_only=True)
class TrainingEffects:
    """A planted truth for training effects: ``synthetic.generate(..., training_effects=...)``.

    Off by default (a city generated without it is the usual city, draw for draw). With it,
    every veteran's training after the adaptive course and work follow these models instead
    of the usual timeline (no studies, ventures or livelihoods), drawn from a random stream
    of their own:

    - **Selection**: a veteran takes a course with probability
      ``logistic(selection_intercept + Σ coefficient × covariate)`` over :attr:`selection`
      (covariates as in :data:`PLANTED_COVARIATES`), of a kind drawn from :attr:`kinds`,
      starting ``start_days`` after being ready (registration, or the adaptive course's
      end). Completion does not depend on anything hidden.
    - **Work without training**: in every quarter after the registration quarter the
      veteran is employed with the baseline probability
      ``p0 = logistic(baseline_intercept + Σ coefficient × covariate)`` over :attr:`baseline`,
      the same in every quarter (so trends are parallel), persistent from one quarter to the
      next through a latent normal with correlation :attr:`persistence`.
    - **The effect** in quarter *k* after the start quarter (*k* = 0 is the start quarter):
      ``-lock_in`` at *k* = 0 for every trainee; for completers ``ramp`` times the
      programme's effect at *k* = 1 and the full effect (:class:`ProgrammeEffect`) from
      *k* = 2 on; probabilities are clipped to [0, 1]. So an outcome measured in the N-th
      quarter after the exit quarter (N ≥ 2) has the full effect: the true ATT on
      ``employed_qN`` is the mean of :meth:`employment_effect` over the treated.

    With the default coefficients, offices send the more employable (more education, fewer
    barriers, younger): the treated have a higher baseline, so the naive comparison
    overstates the effect by the difference of the groups' mean baselines.

    Attributes:
        effects: ``(programme kind, ProgrammeEffect)``; a kind not listed has no effect.
        kinds: ``(programme kind, weight)`` of the courses trainees take.
        selection_intercept: The selection model's intercept.
        selection: ``(covariate, coefficient)`` of the selection model.
        baseline_intercept: The baseline employment model's intercept.
        baseline: ``(covariate, coefficient)`` of the baseline employment model.
        lock_in: Subtracted from the probability of being employed in the start quarter.
        ramp: Share of the effect in the quarter after the start quarter.
        persistence: Correlation of the latent employment from one quarter to the next.
        start_days: ``(low, high)`` days from being ready to the course.
        wage_multiple: Jobs pay this multiple of the minimum wage (times the profile's
            education pay factor and a lognormal spread) before any effect.
    """

    effects: tuple[tuple[ProgrammeKind, ProgrammeEffect], ...] = field(
        default=_DEFAULT_EFFECTS, converter=_pairs, validator=_programme_effects
    )
    kinds: tuple[tuple[ProgrammeKind, float], ...] = _table(
        ((ProgrammeKind.VOCATIONAL, 75), (ProgrammeKind.ON_THE_JOB, 10),
         (ProgrammeKind.APPRENTICESHIP, 5), (ProgrammeKind.ENTREPRENEURSHIP, 10))
    )  # fmt: skip
    selection_intercept: float = field(default=-1.1, validator=_finite)
    selection: tuple[tuple[str, float], ...] = field(
        default=(("education", 0.35), ("age", -0.04), ("barriers", -0.5), ("female", 0.2)),
        converter=_pairs,
        validator=_planted_terms,
    )
    baseline_intercept: float = field(default=0.4, validator=_finite)
    baseline: tuple[tuple[str, float], ...] = field(
        default=(("education", 0.3), ("age", -0.03), ("barriers", -0.6), ("female", -0.3)),
        converter=_pairs,
        validator=_planted_terms,
    )
    lock_in: float = _pf(0.15)
    ramp: float = _pf(0.5)
    persistence: float = field(default=0.8, validator=_p)
    start_days: tuple[int, int] = _days((7, 540))
    wage_multiple: float = field(default=1.6, validator=_positive)

    def __attrs_post_init__(self) -> None:
        if self.persistence >= 1:
            msg = f"'TrainingEffects.persistence' must be below 1, got {self.persistence!r}"
            raise InvalidRecordError("persistence", msg)

    @staticmethod
    def covariates(
        *, education: EducationLevel | None, age: int | None, barriers: int, female: bool
    ) -> dict[str, float]:
        """The planted models' covariates (:data:`PLANTED_COVARIATES`) of one veteran."""
        return {
            "education": 0.0 if education is None else education.level - 3.0,
            "age": 0.0 if age is None else age - 25.0,
            "barriers": float(barriers),
            "female": 1.0 if female else 0.0,
        }

    def _linear(
        self, intercept: float, terms: Iterable[tuple[str, float]], x: Mapping[str, float]
    ) -> float:
        return intercept + sum(coefficient * x[name] for name, coefficient in terms)

    def selection_probability(self, covariates: Mapping[str, float]) -> float:
        """The probability that a veteran with these covariates takes a course."""
        return _logistic(self._linear(self.selection_intercept, self.selection, covariates))

    def baseline_employment(self, covariates: Mapping[str, float]) -> float:
        """The probability that a veteran with these covariates is employed in a quarter,
        without training (p0)."""
        return _logistic(self._linear(self.baseline_intercept, self.baseline, covariates))

    def effect_of(self, kind: ProgrammeKind) -> ProgrammeEffect | None:
        """The planted effect of *kind* (None: no effect)."""
        return dict(self.effects).get(kind)

    def employment_probability(
        self,
        covariates: Mapping[str, float],
        *,
        education: EducationLevel | None,
        kind: ProgrammeKind | None,
        quarter: int | None,
        completed: bool,
    ) -> float:
        """The probability of being employed in a quarter: *quarter* is the number of
        quarters after the start quarter (None: before the course, or never trained)."""
        p = self.baseline_employment(covariates)
        if kind is None or quarter is None or quarter < 0:
            return p
        if quarter == 0:
            return max(0.0, p - self.lock_in)
        effect = self.effect_of(kind)
        if not completed or effect is None:
            return p
        tau = effect.employment_for(education) * (self.ramp if quarter == 1 else 1.0)
        return min(1.0, max(0.0, p + tau))

    def employment_effect(
        self,
        covariates: Mapping[str, float],
        *,
        education: EducationLevel | None,
        kind: ProgrammeKind,
        quarter: int = 2,
    ) -> float:
        """The true effect of completing a course of *kind* on the probability of being
        employed *quarter* quarters after the start quarter (clipping included)."""
        treated = self.employment_probability(
            covariates, education=education, kind=kind, quarter=quarter, completed=True
        )
        return treated - self.baseline_employment(covariates)
