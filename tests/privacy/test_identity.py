"""Resident identity numbers (GB 11643-1999): validation, masking, and messages that never
show a full number."""

from __future__ import annotations

import pickle
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veteran_services import InvalidRecordError, Sex
from veteran_services.privacy import (
    InvalidIdentityNumberError,
    ResidentId,
    cn_resident_id_check_character,
    mask_cn_resident_id,
    validate_cn_resident_id,
)
from veteran_services.privacy.identity import PROVINCE_CODES

#: The two examples printed in GB 11643-1999 (Annex A: Beijing Chaoyang district, and
#: Shantou, Guangdong).
PUBLISHED = ("11010519491231002X", "440524188001010014")

#: Characters to substitute: every valid character, lower-case x, and look-alikes that must
#: never count as digits (full-width one, Arabic-Indic three, a letter, a space).
REPLACEMENTS = "0123456789Xx" + "\uff11\u0663a "


def iso7064_mod11_2(body: str) -> str:
    """The check character by ISO 7064's pure-system recursion (independent of the weights
    table the library uses): p <- 2 (p + digit) mod 11, then check = (12 - p) mod 11."""
    p = 0
    for char in body:
        p = ((p + int(char)) * 2) % 11
    check = (12 - p) % 11
    return "X" if check == 10 else str(check)


def make(region: str, birth: date | str, sequence: int) -> str:
    """A number with a correct check character."""
    day = birth if isinstance(birth, str) else birth.strftime("%Y%m%d")
    body = f"{region}{day}{sequence:03d}"
    return body + iso7064_mod11_2(body)


def assert_refused(value: str, *, today: date | None = None) -> InvalidIdentityNumberError:
    with pytest.raises(InvalidIdentityNumberError) as info:
        validate_cn_resident_id(value, today=today)
    message = str(info.value)
    if value:
        assert value not in message
    if len(value) >= 16:
        # Only the first 6 and last 2 characters may show.
        assert value[6:-2] not in message
    return info.value


# --- published examples ---------------------------------------------------------------------


def test_the_standards_examples_are_valid() -> None:
    beijing = validate_cn_resident_id(PUBLISHED[0])
    assert beijing == ResidentId(region="110105", birth_date=date(1949, 12, 31), sex=Sex.FEMALE)
    assert beijing.province == "11"
    shantou = validate_cn_resident_id(PUBLISHED[1])
    assert shantou == ResidentId(region="440524", birth_date=date(1880, 1, 1), sex=Sex.MALE)


def test_check_characters_of_the_examples() -> None:
    assert cn_resident_id_check_character(PUBLISHED[0][:17]) == "X"
    assert cn_resident_id_check_character(PUBLISHED[1][:17]) == "4"


def test_lower_case_x_is_the_same_number() -> None:
    assert validate_cn_resident_id(PUBLISHED[0].lower()) == validate_cn_resident_id(PUBLISHED[0])


def test_the_result_does_not_keep_the_number() -> None:
    result = validate_cn_resident_id(PUBLISHED[1])
    assert PUBLISHED[1] not in repr(result)
    assert "001" not in repr(result)  # the sequence number would give the number back


# --- every single-character change fails ------------------------------------------------------


@pytest.mark.parametrize("number", PUBLISHED)
@pytest.mark.parametrize("position", range(18))
def test_every_single_character_change_fails(number: str, position: int) -> None:
    for replacement in REPLACEMENTS:
        if replacement.upper() == number[position].upper():
            continue  # the same character (x for X is the same number)
        changed = number[:position] + replacement + number[position + 1 :]
        assert_refused(changed)


@pytest.mark.parametrize("number", PUBLISHED)
@pytest.mark.parametrize("position", range(17))
def test_every_swap_of_adjacent_characters_fails(number: str, position: int) -> None:
    if number[position] == number[position + 1]:
        return
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    assert_refused(swapped)


valid_numbers = st.builds(
    make,
    st.builds(
        lambda province, rest: province + rest,
        st.sampled_from(sorted(PROVINCE_CODES)),
        st.text("0123456789", min_size=4, max_size=4),
    ),
    st.dates(min_value=date(1800, 1, 1), max_value=date(2020, 12, 31)),
    st.integers(0, 999),
)


@given(valid_numbers)
def test_built_numbers_are_valid_and_decode(number: str) -> None:
    result = validate_cn_resident_id(number, today=date(2021, 1, 1))
    assert result.region == number[:6]
    assert result.birth_date.strftime("%Y%m%d") == number[6:14]
    assert result.sex is (Sex.MALE if int(number[14:17]) % 2 else Sex.FEMALE)
    assert cn_resident_id_check_character(number[:17]) == number[17]


@given(valid_numbers, st.integers(0, 17), st.sampled_from(REPLACEMENTS))
def test_a_random_single_change_fails(number: str, position: int, replacement: str) -> None:
    if replacement.upper() == number[position].upper():
        return
    assert_refused(number[:position] + replacement + number[position + 1 :], today=date(2021, 1, 1))


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "birth",
    [
        "19490230",  # 30 February
        "19491301",  # month 13
        "19490001",  # month 0
        "19490100",  # day 0
        "19490431",  # 31 April
        "19000229",  # 1900 was not a leap year
        "00000101",  # year 0
        "17991231",  # before the earliest accepted year
    ],
)
def test_impossible_birth_dates_fail(birth: str) -> None:
    error = assert_refused(make("110105", birth, 2))
    assert "birth" in str(error)


def test_29_february_of_a_leap_year_is_valid() -> None:
    assert validate_cn_resident_id(make("320115", "20000229", 1)).birth_date == date(2000, 2, 29)


def test_a_birth_date_after_today_fails() -> None:
    number = make("320115", date(2030, 6, 1), 1)
    error = assert_refused(number, today=date(2030, 5, 31))
    assert "after 2030-05-31" in str(error)
    assert validate_cn_resident_id(number, today=date(2030, 6, 1)).birth_date == date(2030, 6, 1)


def test_today_defaults_to_the_clock() -> None:
    tomorrow = date.today() + timedelta(days=1)
    assert_refused(make("320115", tomorrow, 1))
    assert validate_cn_resident_id(make("320115", date.today(), 1)).sex is Sex.MALE


# --- other rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("province", ["00", "10", "16", "19", "20", "47", "55", "66", "84", "99"])
def test_unknown_provinces_fail(province: str) -> None:
    error = assert_refused(make(province + "0105", "19900307", 451))
    assert "province" in str(error)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1101051949123",
        "11010519491231002",  # the check character missing
        "11010519491231002XX",
        " 11010519491231002X",  # whitespace is not stripped
        "11010519491231002X\n",
        "1" * 1000,
    ],
)
def test_wrong_lengths_fail(value: str) -> None:
    error = assert_refused(value)
    assert "18 characters" in str(error)
    assert f"got {len(value)}" in str(error)


def test_a_non_string_fails_without_echoing_it() -> None:
    with pytest.raises(
        InvalidIdentityNumberError, match="must be a string, got a value of type int"
    ) as info:
        validate_cn_resident_id(110105194912310020)
    assert "110105194912310020" not in str(info.value)


def test_the_error_is_an_invalid_record_error_on_national_id() -> None:
    with pytest.raises(InvalidRecordError) as info:
        validate_cn_resident_id("110105194912310021")
    assert isinstance(info.value, ValueError)
    assert info.value.field == "national_id"
    assert "'110105**********21'" in str(info.value)


@given(st.text("0123456789Xx", min_size=16, max_size=20))
def test_no_error_shows_more_than_the_ends(value: str) -> None:
    try:
        validate_cn_resident_id(value, today=date(2021, 1, 1))
    except InvalidIdentityNumberError as error:
        message = str(error)
    else:
        return
    assert value[6:-2] not in message


@pytest.mark.parametrize(
    "body", ["1101051949123100", "110105194912310021", "1101051949123100X", "١١٠١٠٥١٩٤٩١٢٣١٠٠٢"]
)
def test_check_character_needs_17_ascii_digits(body: str) -> None:
    with pytest.raises(InvalidIdentityNumberError, match="17 digits"):
        cn_resident_id_check_character(body)


# --- masking --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "110105**********2X"),
        ("1101051949123100", "110105********00"),
        ("110105194912310", "***************"),
        ("", ""),
    ],
)
def test_mask(value: str, masked: str) -> None:
    assert mask_cn_resident_id(value) == masked


def test_mask_shortens_long_values() -> None:
    masked = mask_cn_resident_id("1" * 10_000)
    assert len(masked) < 60
    assert "10000 characters" in masked


def test_the_error_survives_pickling() -> None:
    """Errors raised in worker processes (Dask, multiprocessing) travel pickled."""
    with pytest.raises(InvalidIdentityNumberError) as info:
        validate_cn_resident_id("110105194912310021")
    copy = pickle.loads(pickle.dumps(info.value))  # noqa: S301 - our own object
    assert (type(copy), copy.field, str(copy)) == (
        InvalidIdentityNumberError,
        "national_id",
        str(info.value),
    )
