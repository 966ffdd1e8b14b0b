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

from veteran_services.errors import InvalidRecordError
from veteran_services.model._validators import identifier, in_range, optional

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
