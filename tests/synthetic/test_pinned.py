"""Pinned digests of generated cities: a refactor of the generator must change nothing.

Each case generates a caseload and hashes its canonical serialisation: every record kind in
:data:`~veteran_services.model.RECORD_KINDS` order, every record as the library's own JSON text
(:func:`veteran_services.io.dumps`, personal details included), one record a line. The digests
were computed from the generator before its behaviour became named parameters of the city
profile (commit 60d6986). A change to the generator that alters any drawn value, the order of
the random draws or an identifier changes a digest: if that is intended, say so in the
changelog and pin the new digests.
"""

from __future__ import annotations

import hashlib
from datetime import date

import attrs
import pytest

from veteran_services import io
from veteran_services.model import RECORD_KINDS, Caseload
from veteran_services.synthetic import NANJING, SAMPLE_SEED, SAMPLE_VETERANS, generate

_OTHER_CITY = attrs.evolve(
    NANJING,
    name="Testville",
    rural_districts=frozenset({"320115", "320111"}),
    earliest=date(2018, 8, 1),
    phone_prefixes=("139", "188"),
)


def _digest(caseload: Caseload) -> str:
    sha = hashlib.sha256()
    for kind in RECORD_KINDS:
        sha.update(f"# {kind}\n".encode())
        for record in caseload.records(kind):
            sha.update(io.dumps(record, include_personal=True).encode())
            sha.update(b"\n")
    return sha.hexdigest()


_CASES = {
    "empty": (
        lambda: generate(veterans=0, seed=1),
        "c316d39fd4672af8dedc4d81f5f33785c0b613a4a947f11b713c01f1be47910d",
    ),
    "300-seed-1": (
        lambda: generate(veterans=300, seed=1),
        "abb66092a6f4554b1fd728c389eb2fac940db2b5fc67d3be066a21db6fcc29ee",
    ),
    "2000-seed-7": (
        lambda: generate(veterans=2000, seed=7),
        "11c40aab0b7227ddacb652cdfb392de9fa9a549a24cb70738454bf48882fbd50",
    ),
    "sample-city": (
        lambda: generate(veterans=SAMPLE_VETERANS, seed=SAMPLE_SEED),
        "de7b82667f6de91902ab3070b73e779d98d3b8336fce423c6609a7201e3dd303",
    ),
    "as-of-2021": (
        lambda: generate(veterans=500, seed=3, as_of=date(2021, 3, 31)),
        "9bd448bf4f2c67a789f4135c5dcbf4793165dbae76fc44bfcd2d45fa410d8d6a",
    ),
    "as-of-2019-end": (
        lambda: generate(veterans=400, seed=-12345, as_of=date(2019, 12, 31)),
        "bf2546bf0fecd8fd08b6f75fc60cab258b40089a3afb2c6e72eec2d5b3496535",
    ),
    "other-city": (
        lambda: generate(veterans=400, seed=5, profile=_OTHER_CITY),
        "831c3193cf3467abc7918494323112fd1fe8350d6b28fa23d3ff3ff7c5b3f4f0",
    ),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_a_generated_city_is_unchanged(case: str) -> None:
    make, pinned = _CASES[case]
    assert _digest(make()) == pinned
