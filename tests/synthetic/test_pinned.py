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
        "8426bca5324fc111cf1ded3119309ee948a2337102c6ab6047f70c05608d4533",
    ),
    "2000-seed-7": (
        lambda: generate(veterans=2000, seed=7),
        "fdf3a2ab061ac21cddda7ba64a9475dd3fd328355808b4a5a8398245405ef570",
    ),
    "sample-city": (
        lambda: generate(veterans=SAMPLE_VETERANS, seed=SAMPLE_SEED),
        "a468963c93f71f49aec6e377be8c91a9190f64a0141e5344279219ab1e9c5e62",
    ),
    "as-of-2021": (
        lambda: generate(veterans=500, seed=3, as_of=date(2021, 3, 31)),
        "172a4145a1f6fff69d44de05d2c201c7c456c4013ae513f616ab8f8b256831a6",
    ),
    "as-of-2019-end": (
        lambda: generate(veterans=400, seed=-12345, as_of=date(2019, 12, 31)),
        "60952589f6d3f40530723183f10ad9e3652a9ba513de451945b1c52eabad2a52",
    ),
    "other-city": (
        lambda: generate(veterans=400, seed=5, profile=_OTHER_CITY),
        "46e34e0319f783fb951b48eb7b3cb9b3841a85399c4ebbbf2972158ab1a89982",
    ),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_a_generated_city_is_unchanged(case: str) -> None:
    make, pinned = _CASES[case]
    assert _digest(make()) == pinned
