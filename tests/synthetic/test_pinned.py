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
        "2a4367edb8b238eee118c79c961110c7509c3de1c22fbb84f1b299f09f02f8a6",
    ),
    "2000-seed-7": (
        lambda: generate(veterans=2000, seed=7),
        "0ade32bea7476eaeac03806348c132cc18b570ee8cfae0b158c598d4f17db4bd",
    ),
    "sample-city": (
        lambda: generate(veterans=SAMPLE_VETERANS, seed=SAMPLE_SEED),
        "6648e468f86b4e67378db51df6cb00669d79d5adb057adf85215968b79e31877",
    ),
    "as-of-2021": (
        lambda: generate(veterans=500, seed=3, as_of=date(2021, 3, 31)),
        "b1b879ba000a77ad674f1829201a616086201af4048d57b4be3157e4da1a373b",
    ),
    "as-of-2019-end": (
        lambda: generate(veterans=400, seed=-12345, as_of=date(2019, 12, 31)),
        "fd7794536de0f052589513e1d47a92cfcd0cc0f363e0f96d57c75e02933adfbe",
    ),
    "other-city": (
        lambda: generate(veterans=400, seed=5, profile=_OTHER_CITY),
        "2b108e616b6dad311678e2a8abad6a02530de5b640cb9fc35f0452e1323a3e44",
    ),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_a_generated_city_is_unchanged(case: str) -> None:
    make, pinned = _CASES[case]
    assert _digest(make()) == pinned
