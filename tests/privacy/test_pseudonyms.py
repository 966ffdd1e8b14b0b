"""Pseudonymisation: keyed-hash ids consistent across record kinds, personal details gone."""

from __future__ import annotations

import hashlib
import hmac
import pickle
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veteran_services import Caseload, InvalidInputError, PersonalDetails, TextScale
from veteran_services.privacy import (
    PREFIXES,
    PseudonymCollisionError,
    pseudonym,
    pseudonymise,
)
from veteran_services.privacy.pseudonyms import DEFAULT_ID_LENGTH, MIN_KEY_BYTES
from veteran_services.strategies import caseloads

#: Every field that holds an id, and the record kind it names.
REFERENCES = {
    "veteran_id": "veterans",
    "employer_id": "employers",
    "enrolment_id": "enrolments",
    "programme_id": "programmes",
    "provider_id": "providers",
    "placement_id": "placements",
    "founder_ids": "veterans",
}
#: Fields that name something without being a pseudonymised reference.
NOT_REFERENCES = {"instrument_id", "question_id"}


def expected(kind: str, record_id: str, key: bytes, length: int = DEFAULT_ID_LENGTH) -> str:
    """The documented formula, computed here independently of the library."""
    mac = hmac.new(key, f"{kind}:{record_id}".encode(), hashlib.sha256)
    return f"{PREFIXES[kind]}-{mac.hexdigest()[:length]}"


def in_output_order(original: Caseload, kind: str, key: bytes) -> list[Any]:
    """The original records of *kind* in the order pseudonymise puts them: by pseudonym."""
    records = list(original.records(kind))
    if kind in PREFIXES:
        return sorted(records, key=lambda r: expected(kind, r.id, key))
    if kind == "earnings":
        return sorted(
            records,
            key=lambda r: (
                expected("veterans", r.veteran_id, key),
                expected("employers", r.employer_id, key),
                str(r.quarter),
            ),
        )
    return records


def assert_maps_as_documented(
    original: Caseload, out: Caseload, key: bytes, *, coarsen: bool, dropped: set[str]
) -> None:
    """Field by field: ids and references are the documented HMAC of their kind; personal
    details and venture names are gone; birth dates are coarsened when asked; answers to the
    questions in *dropped* are gone; everything else is unchanged."""
    assert out.counts() == original.counts()
    for kind in original.counts():
        before_all = in_output_order(original, kind, key)
        for before, after in zip(before_all, out.records(kind), strict=True):
            old, new = attrs.asdict(before, recurse=False), attrs.asdict(after, recurse=False)
            assert old.keys() == new.keys()
            for name, value in old.items():
                if name.endswith(("_id", "_ids")):
                    assert name in REFERENCES or name in NOT_REFERENCES, f"unknown id {name}"
                if name == "id" and kind in PREFIXES:
                    assert new[name] == expected(kind, value, key)
                elif name in REFERENCES:
                    target = REFERENCES[name]
                    if value is None:
                        assert new[name] is None
                    elif isinstance(value, tuple):
                        assert new[name] == tuple(expected(target, v, key) for v in value)
                    else:
                        assert new[name] == expected(target, value, key)
                elif name == "personal":
                    assert new[name] is None
                elif name == "birth_date" and coarsen and value is not None:
                    assert new[name] == date(value.year, 1, 1)
                elif kind == "ventures" and name == "name":
                    assert new[name] == after.id
                elif kind == "responses" and name == "answers":
                    assert new[name] == tuple(a for a in value if a.question_id not in dropped)
                else:
                    assert new[name] == value, (kind, name)


def test_every_field_maps_as_documented(caseload: Caseload, key: bytes) -> None:
    out = pseudonymise(caseload, key=key)
    assert_maps_as_documented(caseload, out, key, coarsen=True, dropped={"why"})


@settings(max_examples=15)
@given(caseloads(max_veterans=4), st.booleans())
def test_generated_caseloads_map_as_documented_and_stay_valid(
    caseload: Caseload, coarsen: bool
) -> None:
    key = hashlib.sha256(b"first test key").digest()
    out = pseudonymise(caseload, key=key, coarsen_birth_dates=coarsen, drop_free_text=False)
    assert_maps_as_documented(caseload, out, key, coarsen=coarsen, dropped=set())
    assert out.check() == []


@settings(max_examples=15)
@given(caseloads(max_veterans=4))
def test_only_free_text_answers_are_dropped(caseload: Caseload) -> None:
    key = hashlib.sha256(b"second test key").digest()
    out = pseudonymise(caseload, key=key)
    ordered = in_output_order(caseload, "responses", key)
    for before, after in zip(ordered, out.responses, strict=True):
        instrument = caseload.instrument(before.instrument_id, before.instrument_version)
        free = {q.id for q in instrument.questions if isinstance(q.scale, TextScale)}
        assert after.answers == tuple(a for a in before.answers if a.question_id not in free)
    assert out.check() == []


def test_ids_have_the_kind_prefix_and_length(caseload: Caseload, key: bytes) -> None:
    out = pseudonymise(caseload, key=key, id_length=32)
    for kind, prefix in PREFIXES.items():
        for record in out.records(kind):
            assert re.fullmatch(prefix + "-[0-9a-f]{32}", record.id), record.id
    assert [i.id for i in out.instruments] == ["FU"]


def test_the_result_passes_check_and_links_up(caseload: Caseload, key: bytes) -> None:
    out = pseudonymise(caseload, key=key)
    assert out.check() == []
    v1 = pseudonym("veterans", "V1", key=key)
    assert [p.id for p in out.placements_of(v1)] == [pseudonym("placements", "P1", key=key)]
    assert out.enrolment(out.placement(pseudonym("placements", "P1", key=key)).enrolment_id or "")
    assert len(out.ventures_of(pseudonym("veterans", "V3", key=key))) == 1


def test_problems_survive_under_new_ids(caseload: Caseload, key: bytes) -> None:
    broken = caseload.replace(
        placements=[*caseload.placements, attrs.evolve(caseload.placements[0], id="P9",
                                                        employer_id="E404")]
    )  # fmt: skip
    before = broken.check()
    after = pseudonymise(broken, key=key).check()
    assert [(p.severity, p.code, p.kind) for p in after] == [
        (p.severity, p.code, p.kind) for p in before
    ]
    assert [p.record_id for p in after] == [pseudonym("placements", "P9", key=key)]
    assert "E404" not in after[0].message
    assert pseudonym("employers", "E404", key=key) in after[0].message


def test_birth_dates_are_coarsened_to_1_january_keeping_invariants(
    caseload: Caseload, key: bytes
) -> None:
    out = pseudonymise(caseload, key=key)
    # V1 was born on 31 December and started service the next day: 1 January keeps the
    # birth before the service start; 1 July would not.
    assert out.veterans[0].birth_date == date(1995, 1, 1)
    assert all(v.birth_date and v.birth_date.timetuple().tm_yday == 1 for v in out.veterans)
    exact = pseudonymise(caseload, key=key, coarsen_birth_dates=False)
    assert [v.birth_date for v in exact.veterans] == [v.birth_date for v in caseload.veterans]


def test_free_text_is_dropped_unless_asked_to_keep(caseload: Caseload, key: bytes) -> None:
    out = pseudonymise(caseload, key=key)
    assert [a.question_id for a in out.responses[0].answers] == ["sat", "how"]
    kept = pseudonymise(caseload, key=key, drop_free_text=False)
    assert kept.responses[0].answers == caseload.responses[0].answers


def test_text_answers_of_an_unknown_instrument_version_are_dropped(
    caseload: Caseload, key: bytes
) -> None:
    orphan = attrs.evolve(caseload.responses[0], id="R9", instrument_version=7)
    out = pseudonymise(caseload.replace(responses=[orphan]), key=key)
    # Text answers ("why", and "how" whose scale is unknown without the instrument) go;
    # the Likert answer stays.
    assert [a.question_id for a in out.responses[0].answers] == ["sat"]


def test_personal_details_and_venture_names_are_gone(
    caseload: Caseload, key: bytes, personal: tuple[PersonalDetails, ...], free_text: str
) -> None:
    out = pseudonymise(caseload, key=key)
    assert all(v.personal is None for v in out.veterans)
    text = repr(out)
    for details in personal:
        for value in (details.name, details.national_id, details.phone):
            assert value is not None
            assert value not in text
    assert "王五" not in text
    assert free_text not in text


def test_same_key_same_ids_and_another_key_unlinkable(
    caseload: Caseload, key: bytes, make_caseload: Callable[[], Caseload]
) -> None:
    first = pseudonymise(caseload, key=key)
    again = pseudonymise(make_caseload(), key=bytes(key))
    assert first == again
    other = pseudonymise(caseload, key=bytes(reversed(key)))

    def ids(c: Caseload) -> set[str]:
        return {r.id for kind in PREFIXES for r in c.records(kind)}

    assert ids(first).isdisjoint(ids(other))
    assert len(ids(first)) == len(ids(caseload))


def test_the_same_id_in_two_kinds_gets_two_pseudonyms(key: bytes) -> None:
    assert pseudonym("veterans", "X1", key=key) != pseudonym("employers", "X1", key=key)
    assert pseudonym("veterans", "X1", key=key)[2:] != pseudonym("employers", "X1", key=key)[2:]


@pytest.mark.parametrize("length", [MIN_KEY_BYTES - 1, 16, 1, 0])
def test_short_keys_are_refused(caseload: Caseload, length: int) -> None:
    secret = (b"Zq9#" * 8)[:length]
    with pytest.raises(InvalidInputError, match=f"at least 32 bytes long, got {length}") as info:
        pseudonymise(caseload, key=secret)
    assert info.value.argument == "key"
    if length >= 4:
        assert secret.decode() not in str(info.value)


def test_a_text_key_is_refused_with_advice(caseload: Caseload) -> None:
    with pytest.raises(InvalidInputError, match=r"must be bytes, got a str.*token_bytes"):
        pseudonymise(caseload, key="correct horse battery staple, long enough")  # type: ignore[arg-type]


def test_a_32_byte_bytearray_key_is_accepted(caseload: Caseload, key: bytes) -> None:
    assert pseudonymise(caseload, key=bytearray(key)) == pseudonymise(caseload, key=key)  # type: ignore[arg-type]


@pytest.mark.parametrize("id_length", [7, 65, 0, True, 12.5])
def test_id_length_out_of_range_is_refused(caseload: Caseload, key: bytes, id_length: Any) -> None:
    with pytest.raises(InvalidInputError, match="'id_length'"):
        pseudonymise(caseload, key=key, id_length=id_length)


def test_pseudonym_checks_its_arguments(key: bytes) -> None:
    with pytest.raises(InvalidInputError, match="'kind' must be one of"):
        pseudonym("instruments", "FU", key=key)
    with pytest.raises(
        InvalidInputError, match="'record_id' must be text, got the number 1: write '1'"
    ):
        pseudonym("veterans", 1, key=key)  # type: ignore[arg-type]


def _colliding_ids(key: bytes, id_length: int) -> tuple[str, str]:
    """Two veteran ids with the same truncated HMAC (a birthday search: ~2**16 tries)."""
    seen: dict[str, str] = {}
    index = 0
    while True:
        record_id = f"V{index}"
        digest = expected("veterans", record_id, key, id_length)
        if digest in seen:
            return seen[digest], record_id
        seen[digest] = record_id
        index += 1


def test_a_collision_is_detected_not_merged(caseload: Caseload, key: bytes) -> None:
    first, second = _colliding_ids(key, 8)
    veterans = [attrs.evolve(caseload.veterans[1], id=i) for i in (first, second)]
    clash = Caseload(veterans=veterans)
    with pytest.raises(PseudonymCollisionError, match="'veterans'") as info:
        pseudonymise(clash, key=key, id_length=8)
    assert first not in str(info.value)
    assert second not in str(info.value)
    assert isinstance(info.value, ValueError)
    # Two more hex characters separate them.
    assert len({v.id for v in pseudonymise(clash, key=key, id_length=10).veterans}) == 2


def test_duplicate_original_ids_stay_duplicates(caseload: Caseload, key: bytes) -> None:
    twice = caseload.replace(veterans=[*caseload.veterans, caseload.veterans[0]])
    out = pseudonymise(twice, key=key)
    assert len({v.id for v in out.veterans}) == len(out.veterans) - 1
    assert [p.code for p in out.check()] == [p.code for p in twice.check()]


def test_records_are_sorted_by_pseudonym_whatever_the_input_order(
    caseload: Caseload, key: bytes
) -> None:
    reordered = caseload.replace(veterans=list(reversed(caseload.veterans)))
    out = pseudonymise(reordered, key=key)
    assert out == pseudonymise(caseload, key=key)
    for kind in PREFIXES:
        ids = [r.id for r in out.records(kind)]
        assert ids == sorted(ids)


def test_the_input_is_not_changed(
    caseload: Caseload,
    key: bytes,
    make_caseload: Callable[[], Caseload],
    personal: tuple[PersonalDetails, ...],
) -> None:
    pseudonymise(caseload, key=key)
    assert caseload == make_caseload()
    assert caseload.veterans[0].personal is personal[0]


def test_the_errors_survive_pickling() -> None:
    """Errors raised in worker processes (Dask, multiprocessing) travel pickled."""
    error = PseudonymCollisionError("veterans", 8)
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (type(copy), copy.kind, copy.id_length, str(copy)) == (
        PseudonymCollisionError,
        "veterans",
        8,
        str(error),
    )
