"""The model validators' shortcuts for common values (issue 21) accept exactly what the full
checks accept: each is compared with the rule it stands for, on values drawn around it."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from veteran_services import Insurance, Money, Sex, codes
from veteran_services.errors import InvalidRecordError, UnknownCodeError
from veteran_services.model._codes import occupation_code
from veteran_services.model._validators import (
    a_collection,
    a_date,
    check_type,
    each,
    enum_member,
    identifier,
    in_range,
    optional,
    text,
)
from veteran_services.model.money import MAX_AMOUNT, MAX_DECIMAL_PLACES

FIELD = attrs.Attribute.from_counting_attr(  # type: ignore[attr-defined]
    "id", attrs.field(), str
)
BAD = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def accepts(validator: Any, value: Any) -> bool:
    try:
        validator(None, FIELD, value)
    except InvalidRecordError:
        return False
    return True


@given(st.one_of(st.text(), st.text(alphabet="AZaz09 _-\t\u3000é"), st.integers(), st.none()))
def test_identifier_accepts_what_its_rule_says(value: Any) -> None:
    rule = isinstance(value, str) and value != "" and value == value.strip()
    rule = rule and BAD.search(value) is None
    assert accepts(identifier, value) is rule


NUMBERS = st.one_of(
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.decimals(),
    st.booleans(),
    st.sampled_from([Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"), "1", None]),
)


@given(NUMBERS, st.sampled_from([(0, 168), (1, None), (None, 600), (Decimal("0.5"), 2.5)]))
def test_in_range_accepts_what_its_rule_says(value: Any, bounds: tuple[Any, Any]) -> None:
    low, high = bounds
    number = not isinstance(value, bool) and isinstance(value, int | float | Decimal)
    rule = number and (
        value.is_finite()
        if isinstance(value, Decimal)
        else isinstance(value, int) or math.isfinite(value)
    )
    rule = rule and (low is None or value >= low) and (high is None or value <= high)
    assert accepts(in_range(low, high), value) is rule


@given(st.one_of(st.none(), st.text()))
def test_optional_of_one_validator_is_that_validator_or_none(value: Any) -> None:
    assert accepts(optional(identifier), value) is (value is None or accepts(identifier, value))


def outcome(validator: Any, value: Any) -> str | None:
    """None when *validator* takes *value*, else its message."""
    try:
        validator(None, FIELD, value)
    except InvalidRecordError as error:
        return str(error)
    return None


ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    NUMBERS,
    st.text(max_size=5),
    st.dates(),
    st.datetimes(),
    st.sampled_from(list(Sex) + list(Insurance) + ["male", "pension", Money.of("1")]),
)
SIMPLE = [
    enum_member(Sex),
    a_date,
    check_type(int),
    check_type(bool),
    check_type(Decimal),
    check_type(Money),
    check_type(int, float),
    identifier,
    text,
]


@given(ANYTHING, st.sampled_from(SIMPLE))
def test_optional_shortcuts_say_what_the_validator_says(value: Any, validator: Any) -> None:
    # optional's shortcuts (an exact class, identifier's own) take exactly what it takes and
    # leave every message to it (issue 21)
    expected = None if value is None else outcome(validator, value)
    assert outcome(optional(validator), value) == expected


@given(
    ANYTHING,
    st.sampled_from(
        [
            (check_type(int), in_range(1, 600)),
            (check_type(Decimal), in_range(0, 168)),
            (check_type(Decimal), in_range(Decimal("0.5"), None)),
            (check_type(int), in_range(None, 10)),
            (check_type(float), in_range(0, 1)),
        ]
    ),
)
def test_optional_number_shortcut_says_what_the_validators_say(
    value: Any, validators: tuple[Any, Any]
) -> None:
    expected = None
    if value is not None:
        expected = outcome(validators[0], value) or outcome(validators[1], value)
    assert outcome(optional(*validators), value) == expected


@given(
    st.one_of(
        st.frozensets(st.sampled_from([*list(Insurance), "pension", 1, None])),
        st.lists(st.sampled_from([*list(Sex), "male"]), max_size=4).map(tuple),
    )
)
def test_each_shortcut_says_what_the_element_check_says(values: Any) -> None:
    for validator in (enum_member(Insurance), enum_member(Sex)):
        expected = next(
            (message for v in values if (message := outcome(validator, v)) is not None), None
        )
        assert outcome(each(validator), values) == expected


@given(
    st.one_of(st.decimals(), st.integers(), st.floats(), st.text(max_size=3)),
    st.sampled_from(["CNY", "USD", "cny", "CN", 1, None]),
)
def test_money_shortcut_says_what_its_checks_say(amount: Any, currency: Any) -> None:
    # Money's amount and currency checks begin with the common value (issue 21); the full
    # checks below decide the rest, with their messages
    try:
        Money(amount=amount, currency=currency)
    except InvalidRecordError as error:
        got: str | None = str(error)
    else:
        got = None
    full = None
    if not isinstance(amount, Decimal):
        full = "'amount' must be a Decimal"
    elif not amount.is_finite():
        full = "'amount' must be a finite number"
    elif amount < 0:
        full = "'amount' must not be negative"
    elif amount >= MAX_AMOUNT:
        full = "'amount' must be below 10^15"
    elif isinstance(e := amount.as_tuple().exponent, int) and e < -MAX_DECIMAL_PLACES:
        full = "'amount' must have at most 4 digits"
    elif not (isinstance(currency, str) and re.fullmatch("[A-Z]{3}", currency)):
        full = "'currency' must be three upper-case letters"
    assert (got is None) is (full is None)
    if full is not None:
        assert got is not None
        assert got.startswith(full)


@given(st.one_of(st.sampled_from(["7", "72", "721", "7212", "9629"]), st.text(max_size=4)))
def test_occupation_code_shortcut_says_what_the_code_list_says(value: str) -> None:
    try:
        codes.occupation(value)
    except UnknownCodeError:
        known = False
    else:
        known = True
    assert (outcome(occupation_code, value) is None) is known


@given(
    st.one_of(
        st.none(),
        st.frozensets(st.sampled_from([*list(Insurance), "pension", 1])),
        st.lists(st.sampled_from([*list(Insurance), "pension"]), max_size=3),
        st.lists(st.sampled_from(list(Insurance)), max_size=3).map(tuple),
        st.text(max_size=3),
        st.integers(),
    )
)
def test_optional_members_shortcut_says_what_the_validators_say(value: Any) -> None:
    # optional(a_collection, each(enum_member(...))), the shape of a placement's insurance
    validators = (a_collection, each(enum_member(Insurance)))
    expected = None
    if value is not None:
        expected = outcome(validators[0], value)
        if expected is None:
            expected = outcome(validators[1], value)
    assert outcome(optional(*validators), value) == expected
