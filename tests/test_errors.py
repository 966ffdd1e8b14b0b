"""The library's errors: built-in bases, attributes, and surviving a trip between processes."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from veteran_services import errors
from veteran_services.privacy import InvalidIdentityNumberError
from veteran_services.scoring import MarketDataError

CASES = [
    errors.InvalidRecordError("hours", "'hours' must be between 0 and 168, got 200"),
    errors.UnknownCodeError("2517", "ISCO-08", ("2519", "2514")),
    errors.InvalidInputError("weights", "'weights' must not all be zero"),
    errors.UnknownKeyError("group", "'group' must be a code of the table's rows, got '江宁区'"),
    errors.RecordError(["a.jsonl line 1: $.id: bad (got '')"], source="a.jsonl"),
    errors.UnknownRecordError("veterans", "V9"),
    errors.InvalidCaseloadError(["error duplicate-id veterans 'V1': twice"]),
    InvalidIdentityNumberError("'national_id' is bad (got '110105**********21')"),
    MarketDataError("minimum_wages", "320115", date(2010, 1, 1), "no minimum wage before 2014"),
]


@pytest.mark.parametrize("error", CASES, ids=lambda e: type(e).__name__)
def test_errors_survive_pickling(error: errors.VeteranServicesError) -> None:
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own, just-made bytes
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)


def test_errors_are_catchable_as_built_ins() -> None:
    assert isinstance(errors.InvalidRecordError("x", "m"), ValueError)
    assert isinstance(errors.UnknownCodeError("x", "ISCO-08"), LookupError)
    assert isinstance(errors.UnknownRecordError("veterans", "V1"), LookupError)
    assert isinstance(errors.RecordError([]), ValueError)
    assert isinstance(errors.UnknownKeyError("group", "m"), KeyError)
    assert isinstance(errors.UnknownKeyError("group", "m"), errors.InvalidInputError)
    assert str(errors.UnknownRecordError("veterans", "V1")) == "no record in 'veterans' has id 'V1'"
