"""The sample city draws the facts of the annual MVA return, in plausible proportions (issue 18).

Admission routes on academic enrolments (B, C), farming and own-account livelihoods and farmers'
cooperatives (E, G, K), recognised employment difficulty with targeted assistance (M, N).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import attrs
import pytest

from veteran_services.codes import EducationLevel
from veteran_services.model import (
    AdmissionRoute,
    Caseload,
    ContactKind,
    LegalForm,
    LivelihoodKind,
    ProgrammeKind,
    RankCategory,
    Resettlement,
)
from veteran_services.returns import LETTERS, mva_self_employment_destinations
from veteran_services.synthetic import NANJING, generate, sample_city

_YEARS = (2021, 2022, 2023, 2024, 2025)


def _totals(city: Caseload) -> tuple[Counter[str], Counter[str]]:
    """Column totals over the returns of :data:`_YEARS` (as of 30 June of the next year), for
    the whole city and for its rural districts."""
    whole: Counter[str] = Counter()
    rural: Counter[str] = Counter()
    for year in _YEARS:
        ret = mva_self_employment_destinations(city, year=year, as_of=date(year + 1, 6, 30))
        assert ret.problems() == []
        for row in ret.rows[:-1]:
            whole.update(row.counts)
            if row.unit in NANJING.rural_districts:
                rural.update(row.counts)
    return whole, rural


def test_every_column_of_the_sample_citys_return_is_filled() -> None:
    # founders of an enterprise are one or two a year: every column is filled over the years
    # of _YEARS together (a single year's count may be 0 in one draw and 2 in the next)
    whole, _ = _totals(sample_city())
    assert all(whole[letter] for letter in LETTERS), dict(whole)
    ret = mva_self_employment_destinations(sample_city(), year=2023, as_of=date(2024, 6, 30))
    assert ret.problems() == []
    total = ret.total
    assert total["A"] == total["B"] + total["C"] + total["D"] + total["L"]
    assert total["D"] == total["E"] + total["G"] + total["I"] + total["J"] + total["K"]


def test_the_sample_citys_returns_are_plausible() -> None:
    whole, rural = _totals(sample_city())
    a = whole["A"]
    share = {letter: whole[letter] / a for letter in LETTERS}
    assert a > 800  # about 180 self-employment veterans separate each year
    assert 0.03 < share["B"] < 0.12  # student soldiers back at university
    assert 0.02 < share["C"] < 0.10  # admitted by an examination
    assert 0.5 < share["D"] < 0.8
    assert 0.005 < share["G"] < 0.05
    assert 0.003 < share["K"] < 0.04
    assert 0.12 < share["L"] < 0.35
    assert 0.1 < whole["M"] / whole["L"] < 0.4  # a minority of the not yet employed
    assert whole["N"] / whole["M"] > 0.65  # most of them assisted
    # Farming and cooperatives are rural: the rural districts have about a fifth of the
    # veterans and most of the farmers.
    assert rural["A"] / a < 0.3
    assert rural["G"] / whole["G"] > 0.6
    assert rural["K"] / whole["K"] > 0.5


def test_the_facts_agree_with_the_timeline() -> None:
    city = sample_city()
    academic = {p.id for p in city.programmes if p.kind is ProgrammeKind.ACADEMIC}
    routes: Counter[AdmissionRoute | None] = Counter()
    for enrolment in city.enrolments:
        if enrolment.programme_id in academic:
            routes[enrolment.admission] += 1
        else:
            assert enrolment.admission is None
    assert None not in routes
    assert routes[AdmissionRoute.RESUMED] > 0
    assert sum(n for route, n in routes.items() if route and route.by_examination) > 0
    farmers = 0
    for veteran in city.veterans:
        for spell in veteran.livelihoods:
            assert veteran.registered_on is not None
            assert spell.started_on >= veteran.registered_on
            farmers += spell.kind is LivelihoodKind.FARMING
        recognised = veteran.difficulty_recognised_on
        assisted = [
            c.occurred_on
            for c in city.contacts_of(veteran.id)
            if c.kind is ContactKind.DIFFICULTY_ASSISTANCE
        ]
        if recognised is None:
            assert assisted == []
            continue
        assert veteran.registered_on is not None
        assert recognised > veteran.registered_on
        assert all(day > recognised for day in assisted)
        # Recognised while not working: no job, venture or livelihood had started.
        starts = [p.started_on for p in city.placements_of(veteran.id)]
        starts += [v.registered_on for v in city.ventures_of(veteran.id)]
        starts += [s.started_on for s in veteran.livelihoods]
        assert all(start > recognised for start in starts)
    assert farmers > 0
    cooperatives = [v for v in city.ventures if v.legal_form is LegalForm.COOPERATIVE]
    farming = [v for v in cooperatives if v.industry == "A"]
    assert len(farming) > len(cooperatives) / 2


@pytest.mark.parametrize(
    ("group", "changes", "letters"),
    [
        ("job_search", {"farming_rural": 0.0, "farming": 0.0}, "GK"),
        ("contacts", {"difficulty_barrier": 0.0, "difficulty_jobless": 0.0}, "MN"),
        ("contacts", {"difficulty_assisted": 0.0}, "N"),
        ("training", {"resumed_studies": 0.0}, "B"),
    ],
)
def test_a_fact_switched_off_empties_its_columns(
    group: str, changes: dict[str, float], letters: str
) -> None:
    profile = attrs.evolve(NANJING, **{group: attrs.evolve(getattr(NANJING, group), **changes)})
    city = generate(veterans=1500, seed=4, profile=profile)
    base = generate(veterans=1500, seed=4)
    for letter in letters:
        off = on = 0
        for year in _YEARS:
            as_of = date(year + 1, 6, 30)
            off += mva_self_employment_destinations(city, year=year, as_of=as_of).total[letter]
            on += mva_self_employment_destinations(base, year=year, as_of=as_of).total[letter]
        if letter == "K":  # a few ventures of other founders are cooperatives anyway
            assert off < on / 2
        else:
            assert off == 0 < on


def test_resumed_studies_are_conscripts_back_from_university() -> None:
    city = sample_city()
    academic = {p.id for p in city.programmes if p.kind is ProgrammeKind.ACADEMIC}
    for enrolment in city.enrolments:
        if enrolment.programme_id in academic and enrolment.admission is AdmissionRoute.RESUMED:
            veteran = city.veteran(enrolment.veteran_id)
            last = veteran.service[-1]
            # a rank or an education the office left blank is unknown (None), never another
            assert last.rank in (RankCategory.CONSCRIPT, None)
            assert last.resettlement is Resettlement.SELF_EMPLOYMENT
            assert veteran.education in (EducationLevel.UPPER_SECONDARY, None)
            assert last.end is not None
            assert enrolment.enrolled_on > last.end
            assert (enrolment.enrolled_on.month, enrolment.enrolled_on.day) in ((3, 1), (9, 1))
