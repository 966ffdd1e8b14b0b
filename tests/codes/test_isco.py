"""ISCO-08: the structure, titles, parent links, lookups, suggestions and shared digits."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veteran_services.codes import (
    ISCO08_SOURCE,
    ISCO08_VERSION,
    Occupation,
    is_occupation,
    occupation,
    occupations,
    shared_digits,
)
from veteran_services.errors import InvalidInputError, InvalidRecordError, UnknownCodeError

ALL_CODES = [group.code for group in occupations()]
codes = st.sampled_from(ALL_CODES)


def test_counts_per_level_match_the_ilo_structure() -> None:
    """ISCO-08 has 10 major, 43 sub-major, 130 minor and 436 unit groups."""
    assert Counter(group.level for group in occupations()) == {1: 10, 2: 43, 3: 130, 4: 436}
    assert [sum(1 for _ in occupations(level=n)) for n in (1, 2, 3, 4)] == [10, 43, 130, 436]


def test_codes_are_unique_and_in_order() -> None:
    assert len(set(ALL_CODES)) == len(ALL_CODES) == 619
    assert sorted(ALL_CODES) == ALL_CODES


def test_every_parent_exists_and_every_group_above_unit_has_children() -> None:
    parents = {group.parent for group in occupations()}
    for group in occupations():
        if group.level == 1:
            assert group.parent is None
        else:
            assert group.parent is not None
            assert is_occupation(group.parent)
        if group.level < 4:
            assert group.code in parents, f"{group.code} has no sub-groups"


def test_major_groups() -> None:
    assert [(g.code, g.title) for g in occupations(level=1)] == [
        ("0", "Armed forces occupations"),
        ("1", "Managers"),
        ("2", "Professionals"),
        ("3", "Technicians and associate professionals"),
        ("4", "Clerical support workers"),
        ("5", "Service and sales workers"),
        ("6", "Skilled agricultural, forestry and fishery workers"),
        ("7", "Craft and related trades workers"),
        ("8", "Plant and machine operators, and assemblers"),
        ("9", "Elementary occupations"),
    ]


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("01", "Commissioned armed forces officers"),
        ("0110", "Commissioned armed forces officers"),
        ("0210", "Non-commissioned armed forces officers"),
        ("03", "Armed forces occupations, other ranks"),
        ("0310", "Armed forces occupations, other ranks"),
        ("1120", "Managing directors and chief executives"),
        ("1330", "Information and communications technology service managers"),
        ("25", "Information and communications technology professionals"),
        ("251", "Software and applications developers and analysts"),
        ("2512", "Software developers"),
        ("2519", "Software and applications developers and analysts not elsewhere classified"),
        ("3355", "Police inspectors and detectives"),
        ("3411", "Legal and related associate professionals"),
        ("5414", "Security guards"),
        ("8322", "Car, taxi and van drivers"),
        ("9629", "Elementary workers not elsewhere classified"),
    ],
)
def test_titles(code: str, title: str) -> None:
    assert occupation(code).title == title


def test_titles_are_clean() -> None:
    for group in occupations():
        assert group.title == group.title.strip()
        assert "  " not in group.title
        assert group.title[0].isupper()


def test_parents_chain_from_major_group_down() -> None:
    chain = occupation("2512").parents
    assert [group.code for group in chain] == ["2", "25", "251"]
    assert [group.level for group in chain] == [1, 2, 3]
    assert occupation("2").parents == ()


def test_level_and_parent_follow_from_the_code() -> None:
    group = Occupation(code="0110", title="Commissioned armed forces officers")
    assert (group.level, group.parent, group.level_name) == (4, "011", "unit")
    assert group == occupation("0110")
    assert occupation("9").level_name == "major"


@pytest.mark.parametrize("code", ["", "12345", "25a", " 251", "٢٥"])
def test_occupation_rejects_malformed_codes(code: str) -> None:
    with pytest.raises(InvalidRecordError) as info:
        Occupation(code=code, title="Anything")
    assert info.value.field == "code"


@pytest.mark.parametrize("title", ["", " Software developers"])
def test_occupation_rejects_bad_titles(title: str) -> None:
    with pytest.raises(InvalidRecordError) as info:
        Occupation(code="2512", title=title)
    assert info.value.field == "title"


def test_occupation_is_frozen() -> None:
    group = occupation("2512")
    with pytest.raises(AttributeError):
        group.title = "Coders"  # type: ignore[misc]


def test_occupations_within_a_group() -> None:
    assert [g.code for g in occupations(level=4, within="251")] == [
        "2511",
        "2512",
        "2513",
        "2514",
        "2519",
    ]
    assert [g.code for g in occupations(within="011")] == ["011", "0110"]
    assert sum(1 for _ in occupations(level=2, within="0")) == 3


def test_occupations_rejects_a_bad_level_and_an_unknown_group() -> None:
    with pytest.raises(ValueError, match="'level' must be 1, 2, 3 or 4, got 5"):
        next(occupations(level=5))
    with pytest.raises(UnknownCodeError):
        next(occupations(within="99"))


def test_unknown_code_suggests_the_same_minor_group_nearest_first() -> None:
    with pytest.raises(UnknownCodeError) as info:
        occupation("2517")
    error = info.value
    assert error.code == "2517"
    assert error.code_list == "ISCO-08"
    assert error.suggestions == ("2519", "2514", "2513", "2512", "2511")
    assert isinstance(error, LookupError)
    assert "did you mean '2519'" in str(error)


@pytest.mark.parametrize(
    ("code", "first"),
    [
        (" 2512", "2512"),  # whitespace is not stripped silently, but suggested
        ("2512 ", "2512"),
        ("25.12", "2512"),
        ("2500", "25"),  # a sub-major group padded with zeros, as some survey files store it
        ("1000", "1"),
        ("25121", "2512"),  # one digit too many
        ("0111", "0110"),
    ],
)
def test_unknown_code_suggests_the_obvious_repair_first(code: str, first: str) -> None:
    with pytest.raises(UnknownCodeError) as info:
        occupation(code)
    assert info.value.suggestions[0] == first


def test_unknown_code_without_a_near_miss_suggests_nothing() -> None:
    with pytest.raises(UnknownCodeError) as info:
        occupation("software")
    assert info.value.suggestions == ()


def test_a_code_written_as_a_number_is_refused_with_how_to_write_it() -> None:
    with pytest.raises(InvalidInputError) as info:
        occupation(2512)  # type: ignore[arg-type]
    assert str(info.value) == "'code' must be text, got the number 2512: write '2512'"
    assert info.value.argument == "code"
    assert not is_occupation(2512)  # a question any value can be asked


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2512", "2512", 4),
        ("2512", "2519", 3),
        ("2512", "2522", 2),
        ("2512", "2612", 1),
        ("2512", "3512", 0),
        ("0110", "0210", 1),
        ("2512", "25", 2),
        ("2", "2", 1),
    ],
)
def test_shared_digits(a: str, b: str, expected: int) -> None:
    assert shared_digits(a, b) == expected


def test_shared_digits_rejects_unknown_codes() -> None:
    with pytest.raises(UnknownCodeError):
        shared_digits("2512", "2517")


def test_version_and_source() -> None:
    assert ISCO08_VERSION == "ISCO-08"
    assert "International Labour" in ISCO08_SOURCE


@given(codes)
def test_parents_are_the_prefixes_of_the_code(code: str) -> None:
    """ISCO-08 is a strict hierarchy: each group's code extends its parent's by one digit."""
    group = occupation(code)
    assert [p.code for p in group.parents] == [code[:n] for n in range(1, len(code))]
    assert [p.level for p in group.parents] == list(range(1, group.level))
    assert group.level == len(code)


@given(codes, codes)
def test_shared_digits_is_symmetric_and_bounded(a: str, b: str) -> None:
    n = shared_digits(a, b)
    assert n == shared_digits(b, a)
    assert 0 <= n <= min(len(a), len(b)) <= 4
    assert a[:n] == b[:n]
    assert (n == len(a) == len(b)) == (a == b)


@given(codes, codes)
def test_shared_digits_is_the_level_of_the_deepest_common_group(a: str, b: str) -> None:
    n = shared_digits(a, b)
    common = {p.code for p in occupation(a).parents} | {a}
    common &= {p.code for p in occupation(b).parents} | {b}
    assert n == max((len(code) for code in common), default=0)


@given(st.text(alphabet="0123456789 .", min_size=1, max_size=6))
def test_suggestions_are_valid_distinct_and_few(code: str) -> None:
    if is_occupation(code):
        return
    with pytest.raises(UnknownCodeError) as info:
        occupation(code)
    suggestions = info.value.suggestions
    assert len(suggestions) <= 5
    assert len(set(suggestions)) == len(suggestions)
    assert all(is_occupation(s) for s in suggestions)
