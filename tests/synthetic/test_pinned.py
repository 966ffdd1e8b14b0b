"""Pinned digests of generated cities: a refactor of the generator must change nothing.

Each case generates a caseload and hashes its canonical serialisation: every record kind in
:data:`~veteran_services.model.RECORD_KINDS` order, every record as the library's own JSON text
(:func:`veteran_services.io.dumps`, personal details included), one record a line. The digests
were computed from the generator before its behaviour became named parameters of the city
profile (commit 60d6986). A change to the generator that alters any drawn value, the order of
the random draws or an identifier changes a digest: if that is intended, say so in the
changelog and pin the new digests.

The default city leaves optional facts blank at an office's rates
(:data:`~veteran_services.synthetic.OFFICE_BLANKS`, from the default of issue 20); the fully
recorded city (``blanks=NO_BLANKS``) keeps the digests pinned before, so the blanks move no
other draw.
"""

from __future__ import annotations

import hashlib
from datetime import date

import attrs
import pytest

from veteran_services import io
from veteran_services.model import RECORD_KINDS, Caseload
from veteran_services.synthetic import (
    NANJING,
    NO_BLANKS,
    SAMPLE_SEED,
    SAMPLE_VETERANS,
    generate,
)

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
        "8c2e30ee6b4dad7383de2c4e517cbdc0281afe799c03d5c441590f34f0699a69",
    ),
    "300-seed-1": (
        lambda: generate(veterans=300, seed=1),
        "30680a938fe8b8de7c407deb8f4e0082153c7b39290374c4ffaea79b022adc27",
    ),
    "2000-seed-7": (
        lambda: generate(veterans=2000, seed=7),
        "2d276c1947b2a61a55fd9e5ca3a4c02e18a47b3e03b6c66dcc4d0ae8da41b444",
    ),
    "sample-city": (
        lambda: generate(veterans=SAMPLE_VETERANS, seed=SAMPLE_SEED),
        "6d97c0c5ddaeba291522172b1a68854d8dd384a9efc01f73bfa0b0617a43b1d0",
    ),
    "300-seed-1-no-blanks": (
        lambda: generate(veterans=300, seed=1, blanks=NO_BLANKS),
        "8426bca5324fc111cf1ded3119309ee948a2337102c6ab6047f70c05608d4533",
    ),
    "sample-city-no-blanks": (
        lambda: generate(veterans=SAMPLE_VETERANS, seed=SAMPLE_SEED, blanks=NO_BLANKS),
        "a468963c93f71f49aec6e377be8c91a9190f64a0141e5344279219ab1e9c5e62",
    ),
    "as-of-2021": (
        lambda: generate(veterans=500, seed=3, as_of=date(2021, 3, 31)),
        "ad1afdd9270681ef39c6f563920abe09f8b112ddcc865484fa57b204c8dcc162",
    ),
    "as-of-2019-end": (
        lambda: generate(veterans=400, seed=-12345, as_of=date(2019, 12, 31)),
        "6de2b4bc79078c5607f932adf89d54642c7fc30861bd13bf7c72490936e5b77a",
    ),
    "other-city": (
        lambda: generate(veterans=400, seed=5, profile=_OTHER_CITY),
        "8a6b13435c61af1e8dd177da69424b320c7eb674705cefd85ab75df65e7058a6",
    ),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_a_generated_city_is_unchanged(case: str) -> None:
    make, pinned = _CASES[case]
    assert _digest(make()) == pinned
