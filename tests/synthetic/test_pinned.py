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
        "b2416be11faa32d4372217bbb2c0852fb5416fbec0c7de961ce40ad8df99cec6",
    ),
    "2000-seed-7": (
        lambda: generate(veterans=2000, seed=7),
        "d21be885219d0691064536ea2b15289e37530a3a74f0b3500cf1b61994055190",
    ),
    "sample-city": (
        lambda: generate(veterans=SAMPLE_VETERANS, seed=SAMPLE_SEED),
        "de41e55b9a32fd497a120fd8095c214a59cf86c50958610435a201399e60c94a",
    ),
    "as-of-2021": (
        lambda: generate(veterans=500, seed=3, as_of=date(2021, 3, 31)),
        "2ce234fb808d43094b2364aff559e3d6fda7a1587e2f594660fc6b21a42d7a43",
    ),
    "as-of-2019-end": (
        lambda: generate(veterans=400, seed=-12345, as_of=date(2019, 12, 31)),
        "d320b818a358c42b9a8b4fbf7f9d70d2691c863418d393ae31e25f0f502fb490",
    ),
    "other-city": (
        lambda: generate(veterans=400, seed=5, profile=_OTHER_CITY),
        "2d904c28e8dd62516108ecd0d47081c5ba7ee6e30e76b54595d41acdc33fdaa8",
    ),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_a_generated_city_is_unchanged(case: str) -> None:
    make, pinned = _CASES[case]
    assert _digest(make()) == pinned
