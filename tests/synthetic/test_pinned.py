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
        "1969142498d92e159b8e4139403a019cde0b692b90067d9315491b0b758c74c7",
    ),
    "2000-seed-7": (
        lambda: generate(veterans=2000, seed=7),
        "e785a9ee496a2550e26753eebe764666fda7baf6602731feee04c99bf4ecf015",
    ),
    "sample-city": (
        lambda: generate(veterans=SAMPLE_VETERANS, seed=SAMPLE_SEED),
        "4f5d86016d83be8528a8c424221fbb58f0805f3538a78fbcf560807174ac116c",
    ),
    "as-of-2021": (
        lambda: generate(veterans=500, seed=3, as_of=date(2021, 3, 31)),
        "bad5cc798b6a24150e2e08cc342c81123152e5254c62221dbf26a2a545ccba2b",
    ),
    "as-of-2019-end": (
        lambda: generate(veterans=400, seed=-12345, as_of=date(2019, 12, 31)),
        "00c73a9f0caccf5862d8ef07df0833c8332070b361f2cba64f7f8d8a52f0b2a3",
    ),
    "other-city": (
        lambda: generate(veterans=400, seed=5, profile=_OTHER_CITY),
        "91e126a81e10136680fd9d94135dc6f86279e6530563530137691ce98f88ece0",
    ),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_a_generated_city_is_unchanged(case: str) -> None:
    make, pinned = _CASES[case]
    assert _digest(make()) == pinned
