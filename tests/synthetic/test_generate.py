"""The sample city: determinism, consistency and realistic distributions."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from veteran_services import Caseload, Severity
from veteran_services.errors import InvalidInputError
from veteran_services.synthetic import DEFAULT_AS_OF, generate


@pytest.fixture(scope="module")
def city() -> Caseload:
    return generate(veterans=600, seed=7)


def test_same_seed_gives_an_equal_caseload(city: Caseload) -> None:
    assert generate(veterans=600, seed=7) == city


def test_a_different_seed_gives_a_different_caseload(city: Caseload) -> None:
    other = generate(veterans=600, seed=8)
    assert other != city
    assert other.veterans != city.veterans
    assert other.placements != city.placements


@pytest.mark.parametrize(("veterans", "seed"), [(0, 1), (1, 2), (25, 3), (300, 4), (300, 5)])
def test_check_finds_no_problem(veterans: int, seed: int) -> None:
    caseload = generate(veterans=veterans, seed=seed)
    assert caseload.check() == []
    assert len(caseload.veterans) == veterans


def test_the_default_reference_date_is_fixed(city: Caseload) -> None:
    assert generate(veterans=600, seed=7, as_of=DEFAULT_AS_OF) == city
    assert date(2026, 6, 30) == DEFAULT_AS_OF


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="'veterans'"):
        generate(veterans=-1, seed=1)
    with pytest.raises(InvalidInputError, match="'seed'"):
        generate(veterans=1, seed="1")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="'as_of'"):
        generate(veterans=1, seed=1, as_of=date(2010, 1, 1))


def test_no_errors_with_another_reference_date() -> None:
    caseload = generate(veterans=200, seed=11, as_of=date(2021, 3, 31))
    assert [p for p in caseload.check() if p.severity is Severity.ERROR] == []
    assert all(p.started_on <= date(2021, 3, 31) for p in caseload.placements)


_DIGEST = """
import hashlib
import attrs
from veteran_services import RECORD_KINDS
from veteran_services.synthetic import generate


def canon(x):
    if attrs.has(type(x)):
        fields = attrs.fields(type(x))
        return (type(x).__name__, tuple((f.name, canon(getattr(x, f.name))) for f in fields))
    if isinstance(x, frozenset):
        return tuple(sorted(repr(canon(i)) for i in x))
    if isinstance(x, tuple):
        return tuple(canon(i) for i in x)
    return repr(x)


caseload = generate(veterans=150, seed=9)
text = repr([canon(caseload.records(kind)) for kind in RECORD_KINDS])
print(hashlib.sha256(text.encode()).hexdigest())
"""


def test_the_caseload_does_not_depend_on_hash_randomisation() -> None:
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        result = subprocess.run(  # noqa: S603 - this Python and a fixed script
            [sys.executable, "-c", _DIGEST],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=120,
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1
