"""The fast JSON Lines writer (the ``fast`` extra) against the cattrs writer: byte for byte."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("msgspec")

from veteran_services import io, strategies, synthetic
from veteran_services.errors import InvalidInputError
from veteran_services.io import KIND_CLASSES
from veteran_services.io._fast import line_encoder
from veteran_services.model import RECORD_KINDS, Caseload, Money, PersonalDetails


@pytest.fixture(scope="module")
def city() -> Caseload:
    return synthetic.sample_city(veterans=80)


def _lines(records: Any, include_personal: bool) -> list[bytes]:
    """What the cattrs writer writes for each record (``json.dumps`` of ``to_dict``)."""
    return [
        json.dumps(
            io.to_dict(r, include_personal=include_personal),
            ensure_ascii=False,
            allow_nan=False,
            separators=(",", ":"),
        ).encode()
        for r in records
    ]


def _same_lines(records: Any, *, include_personal: bool) -> int:
    """Check the fast encoder's line of each record it takes; how many it took."""
    taken = 0
    for record, want in zip(records, _lines(records, include_personal), strict=True):
        encode = line_encoder(type(record), include_personal=include_personal)
        if encode is None:
            continue
        try:
            got = encode(record)
        except Exception:  # noqa: S112 - written the cattrs way  # nosec B112
            continue
        assert got == want
        taken += 1
    return taken


def _same_folders(caseload: Caseload, tmp: Path, *, include_personal: bool) -> None:
    fast = io.write_caseload(
        caseload, tmp / "fast", include_personal=include_personal, fast=True, created_at=_AT
    )
    slow = io.write_caseload(
        caseload, tmp / "slow", include_personal=include_personal, fast=False, created_at=_AT
    )
    for kind in RECORD_KINDS:
        name = f"{kind}.jsonl"
        assert (fast / name).read_bytes() == (slow / name).read_bytes(), kind
    assert (fast / "manifest.json").read_bytes() == (slow / "manifest.json").read_bytes()


_AT = datetime(2026, 6, 30, tzinfo=UTC)


def test_the_sample_city_is_written_the_same_both_ways(city: Caseload, tmp_path: Path) -> None:
    for personal in (False, True):
        _same_folders(city, tmp_path / str(personal), include_personal=personal)
        for kind in RECORD_KINDS:
            records = city.records(kind)
            taken = _same_lines(records, include_personal=personal)
            if kind != "instruments":  # tagged scales: the cattrs way
                # every record but those whose text looks like an exponent ("E-commerce ...")
                assert taken >= len(records) * 0.9, kind


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(caseload=strategies.caseloads(max_veterans=4))
def test_hypothesis_caseloads_are_written_the_same_both_ways(
    caseload: Caseload, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp = tmp_path_factory.mktemp("fast")
    for personal in (False, True):
        for kind in RECORD_KINDS:
            _same_lines(caseload.records(kind), include_personal=personal)
        _same_folders(caseload, tmp / str(personal), include_personal=personal)


_DECIMALS = st.one_of(
    st.decimals(min_value=0, max_value=10**14, places=4, allow_nan=False),
    st.builds(
        lambda digits, exponent: Decimal(f"{digits}E{exponent}"),
        st.integers(0, 10**6),
        st.integers(-4, 8),
    ),
)


@settings(max_examples=200, deadline=None)
@given(amount=_DECIMALS, hours=st.none() | _DECIMALS.filter(lambda d: d <= 168))
def test_decimals_every_form(city: Caseload, amount: Decimal, hours: Decimal | None) -> None:
    placement = attrs.evolve(
        city.placements[0], monthly_wage=Money(amount=amount), weekly_hours=hours
    )
    _same_lines([placement], include_personal=False)


@settings(max_examples=300, deadline=None)
@given(
    value=st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(-(10**20), 10**20)
    | st.booleans()
    | strategies.texts()
    | st.lists(strategies.texts(max_size=5), max_size=3).map(tuple),
    weight=st.floats(min_value=1e-30, max_value=1e30),
)
def test_answers_and_weights_every_form(city: Caseload, value: Any, weight: float) -> None:
    response = next(r for r in city.responses if r.answers)
    try:
        answer = attrs.evolve(response.answers[0], value=value)
        changed = attrs.evolve(response, answers=(answer,), weight=weight)
    except Exception:  # the model refuses it: nothing to write
        return
    _same_lines([changed], include_personal=False)


def test_unknowns_dates_chinese_text_and_personal_data(city: Caseload, tmp_path: Path) -> None:
    veteran = attrs.evolve(
        city.veterans[0],
        birth_date=None,
        education=None,
        registered_on=date(1999, 12, 31),
        personal=PersonalDetails(name="张三丰", national_id=None, phone="13800000000"),
    )
    bare = attrs.evolve(city.veterans[1], personal=None, livelihoods=())
    placement = attrs.evolve(
        city.placements[0],
        occupation_title='电子商务师 \u2028 “引号” \\ "quoted" \t tab',
        insurance=None,
        contract=None,
        ended_on=None,
        end_reason=None,
    )
    recorded_none = attrs.evolve(city.placements[1], insurance=frozenset())
    caseload = Caseload(veterans=(veteran, bare), placements=(placement, recorded_none))
    for personal in (False, True):
        assert _same_lines(caseload.veterans, include_personal=personal) == 2
        assert _same_lines(caseload.placements, include_personal=personal) == 2
        _same_folders(caseload, tmp_path / str(personal), include_personal=personal)
    written = io.write_caseload(caseload, tmp_path / "plain", fast=True)
    text = (written / "veterans.jsonl").read_text(encoding="utf-8")
    assert "张三丰" not in text
    assert "personal" not in text
    assert "电子商务师" in (written / "placements.jsonl").read_text(encoding="utf-8")


def test_write_jsonl_the_same_both_ways(city: Caseload, tmp_path: Path) -> None:
    for kind in ("veterans", "placements", "earnings", "responses", "instruments"):
        records = city.records(kind)
        io.write_jsonl(tmp_path / "fast.jsonl", records, fast=True, overwrite=True)
        io.write_jsonl(tmp_path / "slow.jsonl", records, fast=False, overwrite=True)
        fast = (tmp_path / "fast.jsonl").read_bytes()
        assert fast == (tmp_path / "slow.jsonl").read_bytes(), kind
        assert fast == b"".join(line + b"\n" for line in _lines(records, False))


def test_a_lone_surrogate_is_refused_the_same_both_ways(city: Caseload, tmp_path: Path) -> None:
    # the model refuses it; a record built around its validators may still hold one
    broken = attrs.evolve(city.placements[3])
    object.__setattr__(broken, "occupation_title", "a\ud800b")
    records = (*city.placements[:3], broken)
    messages = []
    for fast in (True, False):
        (tmp_path / str(fast)).mkdir()
        target = tmp_path / str(fast) / "placements.jsonl"
        with pytest.raises(InvalidInputError) as caught:
            io.write_jsonl(target, records, fast=fast)
        messages.append(str(caught.value))
        assert not target.exists()
    assert messages[0] == messages[1]
    assert "record 4" in messages[0]


def test_tagged_scales_are_left_to_cattrs() -> None:
    assert line_encoder(KIND_CLASSES["instruments"]) is None
    assert line_encoder(KIND_CLASSES["earnings"]) is not None  # its quarter is put right
