"""The sample city is coherent and realistic: references, dates, distributions, identities."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise

import pytest

from veteran_services import (
    Caseload,
    ContractType,
    Disposition,
    EnrolmentOutcome,
    Insurance,
    LabourStatus,
    Ownership,
    Placement,
    ProgrammeKind,
    RankCategory,
    Resettlement,
    Sex,
    SizeBand,
    add_months,
    codes,
)
from veteran_services.synthetic import (
    DEFAULT_AS_OF,
    FOLLOW_UP_ID,
    NANJING,
    NO_BLANKS,
    WAVES,
    generate,
)

AS_OF = DEFAULT_AS_OF
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@pytest.fixture(scope="module")
def city() -> Caseload:
    return generate(veterans=3000, seed=2024)


@pytest.fixture(scope="module")
def recorded() -> Caseload:
    """The same city with every fact recorded, for the rules that relate recorded facts."""
    return generate(veterans=3000, seed=2024, blanks=NO_BLANKS)


def test_the_city_leaves_a_few_optional_facts_blank(city: Caseload, recorded: Caseload) -> None:
    """Unknown is not none: a blank fact is None, at an office's rates (a few per hundred)."""
    assert city.responses == recorded.responses
    for name in ("contract", "weekly_hours", "monthly_wage", "insurance"):
        blanks = sum(getattr(p, name) is None for p in city.placements)
        before = sum(getattr(p, name) is None for p in recorded.placements)
        assert 0.01 < (blanks - before) / len(city.placements) < 0.1, name


# --- references and ids ---------------------------------------------------------------------


def test_every_reference_resolves(city: Caseload) -> None:
    veterans = {v.id for v in city.veterans}
    providers = {p.id for p in city.providers}
    programmes = {p.id: p for p in city.programmes}
    employers = {e.id for e in city.employers}
    enrolments = {e.id: e for e in city.enrolments}
    placements = {p.id: p for p in city.placements}
    instruments = {(i.id, i.version) for i in city.instruments}
    assert all(p.provider_id in providers for p in programmes.values())
    for enrolment in city.enrolments:
        assert enrolment.veteran_id in veterans
        assert enrolment.programme_id in programmes
    for placement in city.placements:
        assert placement.veteran_id in veterans
        assert placement.employer_id in employers
        if placement.enrolment_id is not None:
            assert enrolments[placement.enrolment_id].veteran_id == placement.veteran_id
    for venture in city.ventures:
        assert set(venture.founder_ids) <= veterans
    for record in city.earnings:
        assert record.veteran_id in veterans
        assert record.employer_id in employers
    assert all(c.veteran_id in veterans for c in city.contacts)
    for response in city.responses:
        assert (response.instrument_id, response.instrument_version) in instruments
        assert response.placement_id is not None
        assert placements[response.placement_id].veteran_id == response.veteran_id


@pytest.mark.parametrize(
    ("kind", "pattern"),
    [
        ("veterans", r"V\d{6}"),
        ("providers", r"TP\d{2}"),
        ("programmes", r"PG\d{3}"),
        ("enrolments", r"EN\d{6}"),
        ("employers", r"E\d{4}"),
        ("placements", r"P\d{6}"),
        ("ventures", r"B\d{5}"),
        ("contacts", r"C\d{7}"),
        ("responses", r"R\d{7}"),
    ],
)
def test_ids_are_readable_unique_and_in_order(city: Caseload, kind: str, pattern: str) -> None:
    ids = [record.id for record in city.records(kind)]
    assert ids
    assert all(re.fullmatch(pattern, i) for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


# --- personal details -------------------------------------------------------------------------


def _check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def test_identity_numbers_are_well_formed(city: Caseload) -> None:
    seen: set[str] = set()
    for veteran in city.veterans:
        assert veteran.personal is not None
        number = veteran.personal.national_id
        assert number is not None
        assert re.fullmatch(r"\d{17}[\dX]", number)
        assert number[17] == _check_character(number[:17])
        assert number[:6] == veteran.region
        assert veteran.birth_date is not None
        assert number[6:14] == veteran.birth_date.strftime("%Y%m%d")
        assert int(number[16]) % 2 == (1 if veteran.sex is Sex.MALE else 0)
        seen.add(number)
    assert len(seen) == len(city.veterans)


def test_names_and_phones_are_plausible_and_never_shown(city: Caseload) -> None:
    phones = set()
    for veteran in city.veterans[:500]:
        assert veteran.personal is not None
        name, phone = veteran.personal.name, veteran.personal.phone
        assert name is not None
        assert phone is not None
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", name)
        assert re.fullmatch(r"1[3-9]\d{9}", phone)
        assert name not in repr(veteran)
        assert phone not in repr(veteran)
        phones.add(phone)
    assert len(phones) == 500


# --- people and service -----------------------------------------------------------------------


def test_veterans_are_mostly_men_mostly_self_employment_placed(city: Caseload) -> None:
    n = len(city.veterans)
    men = sum(v.sex is Sex.MALE for v in city.veterans)
    assert 0.85 < men / n < 0.98
    routes = Counter(v.resettlement for v in city.veterans)
    assert routes[Resettlement.SELF_EMPLOYMENT] / n > 0.75
    assert routes[Resettlement.ARRANGED_JOB] > 0
    assert routes[Resettlement.TRANSFER] > 0


def test_service_lengths_follow_rank(city: Caseload) -> None:
    months: dict[RankCategory, list[int]] = {}
    for veteran in city.veterans:
        last = veteran.service[-1]
        months.setdefault(last.rank, []).append(last.months())
    assert all(22 <= m <= 25 for m in months[RankCategory.CONSCRIPT])
    assert min(months[RankCategory.NCO]) >= 36
    nco = sorted(months[RankCategory.NCO])[len(months[RankCategory.NCO]) // 2]
    officer = sorted(months[RankCategory.OFFICER])[len(months[RankCategory.OFFICER]) // 2]
    assert officer > nco > 24


def test_registration_follows_separation(city: Caseload) -> None:
    for veteran in city.veterans:
        assert veteran.separated_on is not None
        assert veteran.registered_on is not None
        assert veteran.separated_on < veteran.registered_on <= AS_OF
        age = veteran.age(on=veteran.service[0].start)
        assert age is not None
        assert 17 <= age <= 26


def test_every_district_is_present(city: Caseload) -> None:
    districts = {r.code for r in codes.nanjing_districts()}
    by_district = Counter(v.region for v in city.veterans)
    assert set(by_district) == districts
    assert by_district["320115"] == max(by_district.values())  # Jiangning, the largest
    assert {p.region for p in city.providers} == districts


def test_a_few_veterans_are_excluded(city: Caseload) -> None:
    excluded = [v for v in city.veterans if v.exclusions]
    assert 0 < len(excluded) < 0.03 * len(city.veterans)
    for veteran in excluded:
        on = veteran.exclusions[0].on
        for placement in city.placements_of(veteran.id):
            assert placement.started_on <= on
            assert placement.ended_on is not None
            assert placement.ended_on <= on


# --- training ---------------------------------------------------------------------------------


def test_programmes_of_every_kind_with_valid_target_occupations(city: Caseload) -> None:
    assert {p.kind for p in city.programmes} == set(ProgrammeKind)
    for programme in city.programmes:
        for code in programme.target_occupations:
            assert codes.occupation(code).level == 4
    contracted = Counter(p.contracted for p in city.providers)
    assert contracted[True] > contracted[False] > 0


def test_enrolment_outcomes_and_achievements(city: Caseload) -> None:
    outcomes = Counter(e.outcome for e in city.enrolments)
    total = len(city.enrolments)
    assert outcomes[EnrolmentOutcome.COMPLETED] / total > 0.75
    assert outcomes[EnrolmentOutcome.WITHDRAWN] > 0
    assert outcomes[EnrolmentOutcome.FAILED] > 0
    assert outcomes[EnrolmentOutcome.IN_PROGRESS] > 0
    kinds = Counter(city.programme(e.programme_id).kind for e in city.enrolments)
    assert kinds[ProgrammeKind.ADAPTIVE] > kinds[ProgrammeKind.VOCATIONAL] > 0
    for enrolment in city.enrolments:
        veteran = city.veteran(enrolment.veteran_id)
        assert veteran.registered_on is not None
        assert enrolment.enrolled_on >= veteran.registered_on
        last = enrolment.ended_on or AS_OF
        for credential in enrolment.credentials:
            assert enrolment.outcome is EnrolmentOutcome.COMPLETED
            assert enrolment.ended_on is not None
            assert enrolment.ended_on <= credential.awarded_on <= AS_OF
        for gain in enrolment.skill_gains:
            assert enrolment.enrolled_on <= gain.achieved_on <= last
    assert sum(bool(e.credentials) for e in city.enrolments) > total / 2


# --- jobs -------------------------------------------------------------------------------------


def test_placements_follow_separation_and_stay_before_the_reference_date(city: Caseload) -> None:
    for placement in city.placements:
        veteran = city.veteran(placement.veteran_id)
        assert veteran.separated_on is not None
        assert placement.started_on > veteran.separated_on
        assert placement.started_on <= AS_OF
        assert placement.ended_on is None or placement.ended_on <= AS_OF
        assert (placement.end_reason is None) == (placement.ended_on is None)
    jobs = Counter(len(city.placements_of(v.id)) for v in city.veterans)
    assert jobs[0] < 0.3 * len(city.veterans)
    assert jobs[2] > 0


def test_a_veteran_holds_one_job_at_a_time(city: Caseload) -> None:
    for veteran in city.veterans[:1000]:
        jobs = sorted(city.placements_of(veteran.id), key=lambda p: p.started_on)
        for earlier, later in pairwise(jobs):
            assert earlier.ended_on is not None
            assert earlier.ended_on <= later.started_on


def test_wages_sit_around_multiples_of_the_minimum_wage(recorded: Caseload) -> None:
    full_time = [p for p in recorded.placements if p.contract is not ContractType.PART_TIME]
    ratios = []
    for placement in full_time:
        assert placement.monthly_wage is not None
        minimum = NANJING.minimum_wage_on(placement.started_on)
        ratios.append(float(placement.monthly_wage.amount / minimum))
    at_least = sum(r >= 1 for r in ratios) / len(ratios)
    assert 0.9 < at_least < 1.0  # a few below, so compliance flags have work to do
    ratios.sort()
    median = ratios[len(ratios) // 2]
    assert 1.6 < median < 3.0
    assert ratios[-1] > 3.5


def test_hours_are_mostly_standard_with_long_and_part_time_weeks(recorded: Caseload) -> None:
    hours = Counter(int(p.weekly_hours or 0) for p in recorded.placements)
    n = len(recorded.placements)
    assert hours[40] / n > 0.5
    assert sum(c for h, c in hours.items() if h > 48) > 0
    assert sum(c for h, c in hours.items() if h <= 24) > 0
    for placement in recorded.placements:
        if placement.contract is ContractType.PART_TIME:
            assert placement.weekly_hours is not None
            assert placement.weekly_hours <= 24


def test_terms_vary_with_the_employer(recorded: Caseload) -> None:
    employers = {e.id: e for e in recorded.employers}

    def share(predicate: Callable[[Placement], bool], group: list[Placement]) -> float:
        return sum(predicate(p) for p in group) / len(group)

    state = [
        p
        for p in recorded.placements
        if employers[p.employer_id].ownership is Ownership.STATE_OWNED
    ]
    micro = [
        p
        for p in recorded.placements
        if employers[p.employer_id].ownership is Ownership.PRIVATE
        and employers[p.employer_id].size is SizeBand.MICRO
    ]
    assert len(state) > 30
    assert len(micro) > 30

    def has_fund(p: Placement) -> bool:
        return Insurance.HOUSING_FUND in p.insurance

    def uncovered(p: Placement) -> bool:
        return not p.insurance

    def no_contract(p: Placement) -> bool:
        return p.contract is ContractType.NONE

    assert share(has_fund, state) > 0.8 > share(has_fund, micro)
    assert share(uncovered, micro) > 0.2 > share(uncovered, state)
    assert share(no_contract, micro) > 0.2
    assert share(no_contract, state) == 0
    welfare = [p for p in recorded.placements if p.contract is ContractType.PUBLIC_WELFARE_POST]
    assert welfare
    assert all(p.subsidised for p in welfare)
    assert all(employers[p.employer_id].ownership is not Ownership.PRIVATE for p in welfare)


def test_some_placements_are_linked_to_the_training_before_them(city: Caseload) -> None:
    linked = [p for p in city.placements if p.enrolment_id is not None]
    assert len(linked) > 20
    for placement in linked:
        enrolment = city.enrolment(placement.enrolment_id)  # type: ignore[arg-type]
        assert enrolment.ended_on is not None
        assert enrolment.ended_on <= placement.started_on
    matched = sum(
        p.occupation
        in city.programme(city.enrolment(p.enrolment_id).programme_id).target_occupations  # type: ignore[arg-type]
        for p in linked
    )
    assert matched > len(linked) / 2


def test_earnings_agree_with_placements(recorded: Caseload) -> None:
    assert recorded.earnings
    for record in recorded.earnings[:3000]:
        jobs = [
            p
            for p in recorded.placements_of(record.veteran_id)
            if p.employer_id == record.employer_id and p.overlaps(record.quarter)
        ]
        assert jobs
        assert record.quarter.end <= AS_OF
        most = sum(3 * p.monthly_wage.amount for p in jobs if p.monthly_wage) * 2
        assert 0 < record.amount.amount <= most
    cells = Counter((r.veteran_id, r.employer_id, r.quarter) for r in recorded.earnings)
    assert max(cells.values()) == 1


# --- ventures ---------------------------------------------------------------------------------


def test_ventures_have_founders_support_and_yearly_snapshots(city: Caseload) -> None:
    ventures = city.ventures
    assert len(ventures) > 30
    assert any(v.closed_on is not None for v in ventures)
    assert any(v.closed_on is None for v in ventures)
    assert any(len(v.founder_ids) > 1 for v in ventures)
    assert any(v.support for v in ventures)
    for venture in ventures:
        last = venture.closed_on or AS_OF
        for founder in venture.founder_ids:
            registered = city.veteran(founder).registered_on
            assert registered is not None
            assert registered < venture.registered_on
        for support in venture.support:
            assert venture.registered_on <= support.granted_on <= last
        for snapshot in venture.snapshots:
            assert venture.registered_on < snapshot.as_of <= last
        years = venture.months_active(as_of=AS_OF) // 12
        assert len(venture.snapshots) in (years, years + 1)


# --- services and follow-ups ------------------------------------------------------------------


def test_contacts_start_with_registration_and_run_in_date_order(city: Caseload) -> None:
    for veteran in city.veterans[:1000]:
        contacts = city.contacts_of(veteran.id)
        assert contacts[0].kind.value == "registration"
        assert contacts[0].occurred_on == veteran.registered_on
        days = [c.occurred_on for c in contacts]
        assert days == sorted(days)
        assert days[-1] <= AS_OF


def test_responses_only_for_due_waves_and_after_them(city: Caseload) -> None:
    for response in city.responses:
        placement = city.placement(response.placement_id)  # type: ignore[arg-type]
        assert response.wave_months in WAVES
        due = add_months(placement.started_on, response.wave_months)
        assert response.collected_on is not None
        # the first attempt within 28 days of the due date (or late, up to 160 days), at most
        # two more attempts 5 to 40 days apart
        assert due <= response.collected_on <= min(due + timedelta(days=160 + 80), AS_OF)
        assert response.instrument_id == FOLLOW_UP_ID
        assert response.weight == 1.0
    for placement in city.placements[:2000]:
        waves = [r.wave_months for r in city.responses_about(placement.id)]
        # only due waves, in order; a wave may have several failed attempts or none yet
        assert set(waves) <= {w for w in WAVES if add_months(placement.started_on, w) <= AS_OF}
        assert waves == sorted(waves)


def test_response_rates_decline_by_wave(city: Caseload) -> None:
    rates = []
    for wave in WAVES:
        cases = [r for r in city.responses if r.wave_months == wave]
        dispositions = Counter(r.disposition for r in cases)
        rates.append(dispositions[Disposition.COMPLETE] / len(cases))
        for kind in (Disposition.PARTIAL, Disposition.REFUSAL, Disposition.NON_CONTACT):
            assert dispositions[kind] > 0
        unknown = (
            dispositions[Disposition.UNKNOWN_HOUSEHOLD] + dispositions[Disposition.UNKNOWN_OTHER]
        )
        assert unknown > 0
    assert 0.6 < rates[0] < 0.8
    assert rates[0] > rates[1] > rates[2] > 0.45


def test_answers_fit_the_instrument_and_the_placement(recorded: Caseload) -> None:
    instrument = recorded.instrument(FOLLOW_UP_ID)
    questions = {q.id: q for q in instrument.questions}
    wages_checked = 0
    for response in recorded.responses:
        if not response.responded:
            assert response.answers == ()
            assert response.labour_status is None
            continue
        assert response.labour_status is not None
        assert response.answers
        for answer in response.answers:
            assert questions[answer.question_id].scale.problem(answer.value) is None
        placement = recorded.placement(response.placement_id)  # type: ignore[arg-type]
        still = response.answer("still_employed")
        due = add_months(placement.started_on, response.wave_months)  # type: ignore[arg-type]
        assert still == placement.is_active_on(due)
        if still:
            assert response.labour_status is LabourStatus.EMPLOYED
        wage = response.answer("monthly_wage")
        if wage is not None:
            assert isinstance(wage, int)
            assert placement.monthly_wage is not None
            assert abs(float(wage) - float(placement.monthly_wage.amount)) <= max(
                200, 0.2 * float(placement.monthly_wage.amount)
            )
            wages_checked += 1
    assert wages_checked > 500


def test_satisfaction_items_cover_the_topics(city: Caseload) -> None:
    instrument = city.instrument(FOLLOW_UP_ID)
    topics = Counter(q.topic for q in instrument.questions)
    assert topics.most_common(1)[0][1] >= 5  # job satisfaction items
    assert all(
        q.dimension is not None
        for q in instrument.questions
        if q.topic and q.topic.value.startswith("job")
    )
    complete = [r for r in city.responses if r.disposition is Disposition.COMPLETE]
    points = Counter(r.answer("js_overall") for r in complete if r.answer("js_overall") is not None)
    assert set(points) == {1, 2, 3, 4, 5}


def test_nothing_happens_after_the_reference_date() -> None:
    as_of = date(2022, 6, 30)
    caseload = generate(veterans=400, seed=5, as_of=as_of)
    assert caseload.check() == []
    assert all(v.registered_on is not None and v.registered_on <= as_of for v in caseload.veterans)
    assert all(e.enrolled_on <= as_of for e in caseload.enrolments)
    assert all(c.occurred_on <= as_of for c in caseload.contacts)
    assert all(r.collected_on is not None and r.collected_on <= as_of for r in caseload.responses)
    assert all(v.registered_on <= as_of for v in caseload.ventures)
