"""ISIC Rev.4 sections."""

from __future__ import annotations

import string

import pytest

from veteran_services.codes import (
    ISIC_SOURCE,
    ISIC_VERSION,
    Industry,
    industries,
    industry,
    is_industry,
)
from veteran_services.errors import InvalidRecordError, UnknownCodeError


def test_twenty_one_sections_a_to_u() -> None:
    assert [s.code for s in industries()] == list(string.ascii_uppercase[:21])


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("A", "Agriculture, forestry and fishing"),
        ("C", "Manufacturing"),
        ("E", "Water supply; sewerage, waste management and remediation activities"),
        ("G", "Wholesale and retail trade; repair of motor vehicles and motorcycles"),
        ("J", "Information and communication"),
        ("O", "Public administration and defence; compulsory social security"),
        ("Q", "Human health and social work activities"),
        (
            "T",
            (
                "Activities of households as employers; undifferentiated goods- and "
                "services-producing activities of households for own use"
            ),
        ),
        ("U", "Activities of extraterritorial organizations and bodies"),
    ],
)
def test_titles(code: str, title: str) -> None:
    assert industry(code) == Industry(code=code, title=title)


@pytest.mark.parametrize(("code", "first"), [("j", "J"), (" J", "J"), ("V", "U"), ("AB", "A")])
def test_unknown_section_suggests_the_nearest(code: str, first: str) -> None:
    with pytest.raises(UnknownCodeError) as info:
        industry(code)
    assert info.value.code_list == "ISIC Rev.4 sections"
    assert info.value.suggestions[0] == first


def test_a_digit_is_no_near_miss_for_a_section() -> None:
    with pytest.raises(UnknownCodeError) as info:
        industry("62")
    assert info.value.suggestions == ()


def test_is_industry() -> None:
    assert is_industry("A")
    assert not is_industry("a")
    assert not is_industry("")


@pytest.mark.parametrize("code", ["", "a", "AB", "1"])
def test_industry_rejects_malformed_codes(code: str) -> None:
    with pytest.raises(InvalidRecordError) as info:
        Industry(code=code, title="Anything")
    assert info.value.field == "code"


def test_version_and_source() -> None:
    assert ISIC_VERSION == "ISIC Rev.4"
    assert "Rev" in ISIC_SOURCE
    assert "United Nations" in ISIC_SOURCE
