"""Attacks on a pseudonymised sample city: the order of the records gives nobody away.

The reproducer of issue 16, item 1: ids sequential in file order (V000001, V000002, ...) were
recovered from line numbers, 500 of 500, because pseudonymise kept the record order. Now every
kind is re-sorted by pseudonym (a keyed shuffle), and two attacks re-identify no more than
chance: a random permutation of n records has on average 1 fixed point, whatever n.
"""

from __future__ import annotations

import math
import secrets
from collections import defaultdict
from typing import Any

import pytest

from veteran_services import Caseload, InvalidInputError, synthetic
from veteran_services.privacy import PREFIXES, key_weakness, pseudonym, pseudonymise

KEY = bytes.fromhex("7d2b0e5c39a1f4086ce3b79214d05a6f8e21c4b7039fd6a25e8b71c0f34d9a16")

#: The dated record kinds and the date a sort-by-date attack orders them by.
DATES = {
    "veterans": "registered_on",
    "enrolments": "enrolled_on",
    "placements": "started_on",
    "ventures": "registered_on",
    "contacts": "occurred_on",
    "responses": "collected_on",
}


@pytest.fixture(scope="module")
def city() -> Caseload:
    return synthetic.generate(veterans=500, seed=synthetic.SAMPLE_SEED)


@pytest.fixture(scope="module")
def shared(city: Caseload) -> Caseload:
    return pseudonymise(city, key=KEY)


def _chance_bound(groups: int) -> float:
    # Fixed points of random permutations: mean 1 and variance 1 per group (Poisson(1)).
    return groups + 5 * math.sqrt(groups) + 5


@pytest.mark.parametrize("kind", sorted(PREFIXES))
def test_line_numbers_give_no_original_id_away(city: Caseload, shared: Caseload, kind: str) -> None:
    """The attacker knows the ids were sequential in file order and guesses by line number."""
    originals = [r.id for r in city.records(kind)]
    guessed = [r.id for r in shared.records(kind)]
    hits = sum(
        pseudonym(kind, original, key=KEY) == found
        for original, found in zip(originals, guessed, strict=True)
    )
    assert hits <= _chance_bound(1), f"{hits} of {len(originals)} {kind} re-identified"


@pytest.mark.parametrize("kind", sorted(DATES))
def test_sorting_by_date_gives_no_original_id_away(
    city: Caseload, shared: Caseload, kind: str
) -> None:
    """The attacker knows each original record's date, and sorts the pseudonymised records
    by date: records with a unique date are linked by the date itself (pseudonyms cannot
    prevent that: see the privacy guide), but among records sharing a date only their order
    could tell which is which, and it must tell no more than chance."""
    field = DATES[kind]

    def by_date(records: tuple[Any, ...]) -> dict[Any, list[str]]:
        groups: dict[Any, list[str]] = defaultdict(list)
        for record in records:  # file order within each date
            groups[getattr(record, field)].append(record.id)
        return groups

    before = by_date(city.records(kind))
    after = by_date(shared.records(kind))
    shared_dates = [day for day, ids in before.items() if len(ids) > 1]
    hits = sum(
        pseudonym(kind, original, key=KEY) == found
        for day in shared_dates
        for original, found in zip(before[day], after[day], strict=True)
    )
    records = sum(len(before[day]) for day in shared_dates)
    assert hits <= _chance_bound(len(shared_dates)), f"{hits} of {records} {kind} re-identified"
    if records > 50:  # with the order kept, the same attack would find every one of them
        assert _chance_bound(len(shared_dates)) < records


def test_earnings_records_are_shuffled_too(city: Caseload, shared: Caseload) -> None:
    ids = [pseudonym("veterans", e.veteran_id, key=KEY) for e in city.earnings]
    kept = sum(a == e.veteran_id for a, e in zip(ids, shared.earnings, strict=True))
    # Earnings come in runs of one veteran's quarters: chance is about one per run.
    runs = len({e.veteran_id for e in city.earnings})
    assert kept <= max(runs, 10) * 2


def test_the_pseudonymised_city_is_still_valid(shared: Caseload) -> None:
    assert [p for p in shared.check() if p.severity.value == "error"] == []


# --- weak keys ----------------------------------------------------------------------------------

WEAK = {
    "all zero bytes (bytes(32))": bytes(32),
    "one byte repeated": b"\xa7" * 32,
    "a password repeated": b"password" * 4,
    "a repeated hex pattern": bytes.fromhex("8f3a" * 16),
    "a counting sequence": bytes(range(32)),
    "a counting sequence, stepping by 7": bytes((7 * i) % 256 for i in range(32)),
    "a few distinct bytes": bytes([1, 2, 3, 4, 5, 6, 7] * 4 + [9, 9, 9, 9]),
    "printable text": b"correct horse battery staple 42!",
    "a hex string as text": b"26744f53b773a64582c4fc309db7faba",
}


@pytest.mark.parametrize("key", list(WEAK.values()), ids=list(WEAK))
def test_weak_keys_are_refused_with_advice(city: Caseload, key: bytes) -> None:
    with pytest.raises(InvalidInputError) as info:
        pseudonymise(city, key=key)
    message = str(info.value)
    assert info.value.argument == "key"
    assert "secrets.token_bytes(32)" in message
    assert key.hex() not in message
    assert repr(key) not in message
    with pytest.raises(InvalidInputError):
        pseudonym("veterans", "V1", key=key)


def test_random_keys_are_accepted() -> None:
    refused = [key for key in (secrets.token_bytes(32) for _ in range(20_000)) if key_weakness(key)]
    assert refused == []
