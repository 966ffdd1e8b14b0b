"""Personal details never reach repr(), str() or error messages.

Each veteran gets personal details made of marker strings that cannot occur by chance in
anything else the library prints, so "not found" is an exact and sound check.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings

from veteran_services import Caseload, InvalidRecordError, PersonalDetails
from veteran_services.strategies import caseloads


def markers(index: int) -> PersonalDetails:
    return PersonalDetails(
        name=f"姓名⁂NAME{index:04d}⁂",
        national_id=f"⁂ID{index:04d}⁂",
        phone=f"⁂PHONE{index:04d}⁂",
    )


def with_markers(caseload: Caseload) -> tuple[Caseload, list[str]]:
    veterans = [attrs.evolve(v, personal=markers(i)) for i, v in enumerate(caseload.veterans)]
    values = [
        value
        for v in veterans
        if v.personal is not None
        for value in (v.personal.name, v.personal.national_id, v.personal.phone)
        if value is not None
    ]
    return caseload.replace(veterans=veterans), values


def assert_absent(text: str, values: list[str]) -> None:
    assert "⁂" not in text
    for value in values:
        assert value not in text


@settings(max_examples=10)
@given(caseloads(max_veterans=3, min_veterans=1))
def test_repr_and_str_never_show_personal_details(caseload: Caseload) -> None:
    caseload, values = with_markers(caseload)
    assert_absent(repr(caseload), values)
    assert_absent(str(caseload), values)
    for veteran in caseload.veterans:
        assert_absent(repr(veteran), values)
        assert_absent(str(veteran.personal), values)
        assert_absent(repr(attrs.asdict(veteran, recurse=False)["personal"]), values)


@settings(max_examples=10)
@given(caseloads(max_veterans=3, min_veterans=1))
def test_problems_never_show_personal_details(caseload: Caseload) -> None:
    caseload, values = with_markers(caseload)
    # Duplicate every veteran, so check() has problems to report about them.
    broken = caseload.replace(veterans=[*caseload.veterans, *caseload.veterans])
    problems = broken.check()
    assert problems
    for problem in problems:
        assert_absent(str(problem), values)
        assert_absent(repr(problem), values)


@pytest.mark.parametrize("field", ["name", "national_id", "phone"])
@pytest.mark.parametrize("bad", [12345678901, ["⁂LIST⁂"], b"\xe2\x81\x82BYTES", "   "])
def test_invalid_personal_details_are_not_echoed(field: str, bad: object) -> None:
    with pytest.raises(InvalidRecordError) as info:
        PersonalDetails(**{field: bad})  # type: ignore[arg-type]
    message = str(info.value)
    assert info.value.field == field
    assert "12345678901" not in message
    assert "⁂" not in message
    assert "BYTES" not in message
