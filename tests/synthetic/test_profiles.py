"""The city profile and the generator's reference tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veteran_services import ProgrammeKind, codes
from veteran_services.errors import InvalidInputError, InvalidRecordError
from veteran_services.synthetic import (
    NANJING,
    SAMPLE_SEED,
    CityProfile,
    MinimumWageRate,
    generate,
    sample_city,
)
from veteran_services.synthetic import _catalogue as cat


def test_the_nanjing_minimum_wage_series() -> None:
    assert NANJING.minimum_wage_on(date(2017, 7, 1)) == Decimal("1770")
    assert NANJING.minimum_wage_on(date(2018, 7, 31)) == Decimal("1770")
    assert NANJING.minimum_wage_on(date(2018, 8, 1)) == Decimal("2020")
    assert NANJING.minimum_wage_on(date(2021, 8, 1)) == Decimal("2280")
    assert NANJING.minimum_wage_on(date(2025, 9, 30)) == Decimal("2280")
    assert NANJING.minimum_wage_on(date(2030, 1, 1)) == Decimal("2490")
    with pytest.raises(InvalidInputError, match="2017-07-01"):
        NANJING.minimum_wage_on(date(2017, 6, 30))


def test_every_rate_has_a_source_and_unconfirmed_rows_are_flagged() -> None:
    assert all(rate.source for rate in NANJING.minimum_wages)
    assert NANJING.minimum_wages[0].confirmed
    assert not all(rate.confirmed for rate in NANJING.minimum_wages)


def test_a_profile_needs_rates_in_order() -> None:
    later = MinimumWageRate(valid_from=date(2020, 1, 1), monthly=Decimal(2000), source="x")
    earlier = MinimumWageRate(valid_from=date(2019, 1, 1), monthly=Decimal(1900), source="x")
    with pytest.raises(InvalidRecordError, match="minimum_wages"):
        CityProfile(
            name="X",
            region="320100",
            district_weights=NANJING.district_weights,
            rural_districts=frozenset(),
            minimum_wages=(later, earlier),
            earliest=date(2020, 1, 1),
            surnames=NANJING.surnames,
            male_name_characters="伟",
            female_name_characters="娟",
            phone_prefixes=("138",),
        )


def test_the_profile_districts_are_nanjing_s() -> None:
    assert set(NANJING.districts) == {r.code for r in codes.nanjing_districts()}


def test_reference_occupations_are_isco_unit_groups() -> None:
    used = {code for pairs in cat.SECTION_OCCUPATIONS.values() for code, _ in pairs}
    used |= set(cat.WELFARE_OCCUPATIONS)
    for template in cat.PROGRAMMES:
        used |= set(template.occupations)
    for code in used:
        assert codes.occupation(code).level == 4, code
    for code in cat.OCCUPATION_MULTIPLE:
        assert code in used


def test_every_training_target_has_employers_that_hire_for_it() -> None:
    hiring = {code for pairs in cat.SECTION_OCCUPATIONS.values() for code, _ in pairs}
    for template in cat.PROGRAMMES:
        assert set(template.occupations) <= hiring, template.title


def test_reference_tables_cover_every_kind_and_section() -> None:
    assert {t.kind for t in cat.PROGRAMMES} == set(ProgrammeKind)
    sections = {s for s, _ in cat.SECTIONS}
    assert sections <= set(cat.SECTION_OCCUPATIONS)
    assert sections <= set(cat.OWNERSHIP_BY_SECTION)
    assert sections <= set(cat.SECTION_NOUNS)
    for section in sections | {s for s, _ in cat.VENTURE_INDUSTRIES}:
        codes.industry(section)


def test_sample_city_is_cached() -> None:
    first = sample_city(120)
    assert sample_city(120) is first
    assert first == generate(veterans=120, seed=SAMPLE_SEED)


@settings(max_examples=8, deadline=None)
@given(
    veterans=st.integers(min_value=0, max_value=40),
    seed=st.integers(min_value=-(2**40), max_value=2**40),
    as_of=st.dates(min_value=date(2018, 7, 1), max_value=date(2032, 12, 31)),
)
def test_any_seed_size_and_date_give_a_clean_caseload(
    veterans: int, seed: int, as_of: date
) -> None:
    caseload = generate(veterans=veterans, seed=seed, as_of=as_of)
    assert caseload.check() == []
