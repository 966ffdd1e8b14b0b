"""The fast path (msgspec, the ``fast`` extra) against the cattrs path: same records, same problems.

The fast path may only ever *accept* a line; whatever it does not take is read by the cattrs
path, which reports every problem. So the property that matters is: when the fast decoder
returns a record for a line, the cattrs path returns an equal record (with the same digits
and types) and no problem. It is checked on good records drawn from
:mod:`veteran_services.strategies`, on those records mutated (wrong types, tricky strings,
unknown, missing and repeated keys), and on hand-written bad lines; the readers are checked
end to end on files holding all of them (records, problems with their attributes, set-aside
keys, in both modes).
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veteran_services import ContractType, Placement, io, strategies
from veteran_services.errors import InvalidInputError, RecordError
from veteran_services.io import _fast, _msgspec
from veteran_services.io._json import Structurer, decode_json, structured_lines
from veteran_services.io._kinds import KIND_CLASSES
from veteran_services.synthetic import generate

pytest.importorskip("msgspec")

#: The strategy of each record kind.
KIND_STRATEGIES: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
    "veterans": strategies.veterans,
    "providers": strategies.providers,
    "programmes": strategies.programmes,
    "enrolments": strategies.enrolments,
    "employers": strategies.employers,
    "placements": strategies.placements,
    "ventures": strategies.ventures,
    "earnings": strategies.earnings_records,
    "contacts": strategies.contacts,
    "instruments": strategies.instruments,
    "responses": strategies.responses,
}

#: Values that one type or another takes or refuses, some in ways that differ between JSON
#: libraries: numbers as strings, dates and quarters nearly right, negative zero, other
#: scripts' digits, line breaks at the end (which ``$`` in a regular expression lets through).
TRICKY: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    1,
    -1,
    36,
    100,
    600,
    601,
    1.0,
    1.5,
    -0.0,
    40.0,
    1e308,
    2**63,
    2**64,
    10**30,
    "",
    " ",
    "x",
    " x",
    "x ",
    "a:b",
    "a\x00b",
    "a\nb",
    "1",
    "40",
    "40.0",
    "40.50",
    "0.0001",
    "0.00001",
    "1E+1",
    "1e1",
    "-0",
    "-0.0",
    "-1",
    ".5",
    "5.",
    "+5",
    " 5",
    "5 ",
    "5\n",
    "١٢",
    "1_000",
    "NaN",
    "Infinity",
    "999999999999999",
    "1000000000000000",
    "2024-02-29",
    "2023-02-29",
    "2024-1-01",
    "20240101",
    "2024-01-01T00:00",
    "2024-01-01\n",
    "0000-01-01",
    "9999-12-31",
    "2024Q1",
    "2024Q1\n",
    "2024Q5",
    "2024-Q1",
    "2024q1",
    [],
    [1],
    ["x"],
    [None],
    ["pension", "pension"],
    ["pension", "medical"],
    {},
    {"amount": "1"},
    {"amount": "1", "currency": "CNY"},
    {"amount": "1", "currency": "cny"},
    "male",
    "army",
    "8322",
    "83",
    "9999",
    "A",
    "Z",
    "CNY",
    "complete",
    "likert",
    "self_found",
    "\u3000",
    "\ud800",
    "保安员",
    "V1",
    "V1 ",
)

FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def structurer(kind: str, strict: bool = True) -> Structurer[Any]:
    return Structurer(KIND_CLASSES[kind], strict=strict, schema_version=io.SCHEMA_VERSION)


def fast_decoder(kind: str) -> _msgspec.FastDecoder:
    decoder = _fast.fast_decoder(KIND_CLASSES[kind])
    assert decoder is not None
    return decoder


def cattrs_read(kind: str, raw: bytes) -> tuple[Any, list[str]]:
    """What the cattrs path makes of one line: the record (or None) and its problems."""
    problems: list[str] = []
    data, reason = decode_json(raw.decode("utf-8", errors="surrogatepass"))
    if reason is not None:
        return None, [reason]
    return structurer(kind)(data, "", problems, []), problems


def wire(record: Any) -> str:
    """The record's JSON text: equal records with unequal digits or types differ here."""
    return io.dumps(record, include_personal=True)


def check_line(kind: str, raw: bytes) -> bool:
    """The property on one line; whether the fast decoder took it."""
    try:
        record = fast_decoder(kind)(raw)
    except Exception:
        return False
    expected, problems = cattrs_read(kind, raw)
    assert problems == []
    assert record == expected
    assert wire(record) == wire(expected)
    assert type(record) is type(expected)
    return True


def record_line(record: Any, *, ensure_ascii: bool = False) -> bytes:
    data = io.to_dict(record, include_personal=True)
    return json.dumps(data, ensure_ascii=ensure_ascii, separators=(",", ":")).encode(
        "utf-8", errors="surrogatepass"
    )


# --- every kind is mirrored ------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KIND_CLASSES))
def test_every_record_kind_has_a_fast_decoder(kind: str) -> None:
    assert _fast.fast_decoder(KIND_CLASSES[kind]) is not None


@cache
def city_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="vs-fast-")) / "city"
    io.write_caseload(generate(veterans=40, seed=3), folder)
    return folder


@pytest.mark.parametrize("kind", list(KIND_CLASSES))
def test_the_fast_decoder_takes_every_line_of_the_sample_city(kind: str) -> None:
    lines = (city_folder() / f"{kind}.jsonl").read_bytes().splitlines()
    taken = [check_line(kind, raw) for raw in lines]
    assert all(taken)


def test_read_caseload_gives_the_same_caseload_either_way() -> None:
    fast = io.read_caseload(city_folder(), fast=True)
    slow = io.read_caseload(city_folder(), fast=False)
    assert fast == slow
    assert fast.placements  # the city has records to compare


# --- good records, and records made bad ---------------------------------------------------


@pytest.mark.parametrize("kind", list(KIND_CLASSES))
@FAST
@given(data=st.data())
def test_good_records_read_the_same(kind: str, data: st.DataObject) -> None:
    record = data.draw(KIND_STRATEGIES[kind](), label="record")
    ascii_only = data.draw(st.booleans(), label="ensure_ascii")
    raw = record_line(record, ensure_ascii=ascii_only)
    if check_line(kind, raw):
        return
    # Only a line with a colon in its text may be refused, and then only by the count
    # of keys (the cattrs path reads it, and is the judge).
    expected, problems = cattrs_read(kind, raw)
    assert problems == []
    assert expected == record


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside *data* (dict keys and list indices)."""
    found = [path] if path else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def _values() -> st.SearchStrategy[Any]:
    leaves = st.one_of(
        st.sampled_from(TRICKY).map(copy.deepcopy),  # mutations must not change TRICKY
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=6),
        st.dates().map(str),
    )
    return st.one_of(
        leaves, st.lists(leaves, max_size=3), st.dictionaries(st.text(max_size=3), leaves)
    )


@st.composite
def mutated_lines(draw: st.DrawFn, kind: str) -> bytes:
    record = draw(KIND_STRATEGIES[kind](), label="record")
    data = io.to_dict(record, include_personal=True)
    for _ in range(draw(st.integers(1, 3), label="mutations")):
        paths = _paths(data)  # again: an earlier mutation may have changed the shape
        action = draw(st.sampled_from(["replace", "drop", "add", "repeat", "raw"]))
        path = draw(st.sampled_from(paths)) if paths else ()
        parent = _parent(data, path) if path else data
        last = path[-1] if path else None
        if action == "replace" and path:
            parent[last] = draw(_values(), label="value")
        elif action == "drop" and path and isinstance(parent, dict):
            parent.pop(last, None)
        elif action == "add" and isinstance(parent, dict):
            key = draw(st.sampled_from(["extra", "kind", "id", "wage", "amount", "é"]))
            parent.setdefault(key, draw(_values(), label="added"))
        elif action == "raw" and isinstance(parent, dict) and last in parent:
            # Numbers as only JSON text can write them: an exponent, -0, beyond float range.
            parent[last] = _RAW
            raw_text = draw(st.sampled_from(["1e400", "-1e400", "1E2", "-0", "1.0e0", "1e-400"]))
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            return text.replace(json.dumps(_RAW), raw_text, 1).encode("utf-8", "surrogatepass")
    text = json.dumps(data, ensure_ascii=draw(st.booleans(), label="ascii"), separators=(",", ":"))
    if "repeat" in draw(st.sampled_from(["repeat", "no"])) and text.startswith('{"'):
        # A key given twice: the first key again, with the value of the last mutation.
        first = text[1 : text.index(":")]
        value = json.dumps(draw(_values()), ensure_ascii=False)
        text = "{" + f"{first}:{value}," + text[1:]
    return text.encode("utf-8", errors="surrogatepass")


_RAW = "__raw number__"


@pytest.mark.parametrize("kind", list(KIND_CLASSES))
@FAST
@given(data=st.data())
def test_bad_records_are_never_taken_differently(kind: str, data: st.DataObject) -> None:
    check_line(kind, data.draw(mutated_lines(kind), label="line"))


# --- hand-written lines ----------------------------------------------------------------------

GOOD_PLACEMENT = {
    "id": "P1",
    "veteran_id": "V1",
    "employer_id": "E1",
    "occupation": "8322",
    "occupation_title": None,
    "started_on": "2024-01-31",
    "ended_on": None,
    "end_reason": None,
    "contract": "fixed_term",
    "contract_months": 36,
    "weekly_hours": "40",
    "monthly_wage": {"amount": "4500.50", "currency": "CNY"},
    "insurance": ["pension", "medical"],
    "subsidised": False,
    "source": "self_found",
    "enrolment_id": None,
}


def placement(**changes: Any) -> str:
    data = {**GOOD_PLACEMENT, **changes}
    return json.dumps({k: v for k, v in data.items() if v is not _DROP}, ensure_ascii=False)


_DROP: Any = object()

#: Placement lines: good, sparse, and bad in every way the issue names.
PLACEMENT_LINES = [
    placement(),
    placement(monthly_wage=None, insurance=None, contract=None, contract_months=None),
    placement(occupation_title=_DROP, ended_on=_DROP, end_reason=_DROP, subsidised=_DROP),
    placement(occupation_title="Security guard: nights"),  # a colon in a text
    placement(id="P:1"),
    json.dumps(dict(GOOD_PLACEMENT)).replace('"id": "P1",', '"id": "P1", "id": "P2",'),
    json.dumps(dict(GOOD_PLACEMENT)).replace('"id": "P1",', '"id": "P1", "id": "P1",'),
    json.dumps(dict(GOOD_PLACEMENT)).replace(
        '"currency": "CNY"', '"currency": "CNY", "currency": "USD"'
    ),
    # unknown keys, at the top and inside
    placement(wage="4500"),
    placement(monthly_wage={"amount": "1", "currency": "CNY", "cents": 0}),
    # wrong types
    placement(contract_months="36"),
    placement(contract_months=36.0),
    placement(contract_months=True),
    placement(subsidised=0),
    placement(weekly_hours=40),
    placement(weekly_hours=40.5),
    placement(id=1),
    placement(id=None),
    placement(insurance="pension"),
    placement(insurance=[None]),
    placement(monthly_wage="4500"),
    # bad codes and enum values
    placement(occupation="9999"),
    placement(occupation="83220"),
    placement(contract="permanent"),
    placement(insurance=["pension", "dental"]),
    placement(source="SELF_FOUND"),
    # bad dates
    placement(started_on="2023-02-29"),
    placement(started_on="2024-1-31"),
    placement(started_on="2024-01-31T00:00:00"),
    placement(started_on="2024-01-31\n"),
    placement(started_on="0000-01-01"),
    placement(ended_on="2024-01-30"),
    placement(end_reason="resigned"),
    # money digits and decimals
    placement(monthly_wage={"amount": "4500.12345", "currency": "CNY"}),
    placement(monthly_wage={"amount": "1000000000000000", "currency": "CNY"}),
    placement(monthly_wage={"amount": "999999999999999.9999", "currency": "CNY"}),
    placement(monthly_wage={"amount": "-1", "currency": "CNY"}),
    placement(monthly_wage={"amount": "-0", "currency": "CNY"}),
    placement(monthly_wage={"amount": "1E+3", "currency": "CNY"}),
    placement(monthly_wage={"amount": "4500\n", "currency": "CNY"}),
    placement(monthly_wage={"amount": " 4500", "currency": "CNY"}),
    placement(monthly_wage={"amount": "4_500", "currency": "CNY"}),
    placement(monthly_wage={"amount": "NaN", "currency": "CNY"}),
    placement(monthly_wage={"amount": "١٢", "currency": "CNY"}),
    placement(monthly_wage={"amount": "1" * 65, "currency": "CNY"}),
    placement(monthly_wage={"amount": "4500", "currency": "cny"}),
    placement(monthly_wage={"amount": "4500"}),
    placement(monthly_wage={"currency": "CNY"}),
    placement(weekly_hours="168.0001"),
    placement(weekly_hours="00040.0"),
    # unknown is not none: a missing fact is unrecorded, null too, a recorded none is kept
    placement(contract="none", contract_months=None),
    placement(contract="none", contract_months=12),
    placement(insurance=[]),
    placement(insurance=["pension", "pension"]),
    placement(insurance=_DROP, contract=_DROP),
    # neither a code nor a title
    placement(occupation=None),
    # not an object, not JSON
    "[]",
    "null",
    '"P1"',
    '{"id": "P1"',
    placement().replace('"P1"', '"\\ud800"'),
    placement().replace("4500.50", "4500.50\\u0000"),
    "   ",
    "",
    placement(id="V1\u3000"),
]


def _write(tmp_path: Path, lines: list[str | bytes], name: str = "records.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(
        b"\n".join(
            line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")
            for line in lines
        )
        + b"\n"
    )
    return path


def assert_same_reading(path: Path, cls: type[Any], **options: Any) -> io.ReadResult[Any]:
    fast = io.read_jsonl(path, cls, errors="collect", fast=True, **options).collect()
    slow = io.read_jsonl(path, cls, errors="collect", fast=False, **options).collect()
    assert fast.records == slow.records
    assert [wire(r) for r in fast.records] == [wire(r) for r in slow.records]
    assert fast.problems == slow.problems
    facts = ("file", "line", "row", "column", "path", "field", "message", "value")
    assert [[getattr(p, f) for f in facts] for p in fast.problems] == [
        [getattr(p, f) for f in facts] for p in slow.problems
    ]
    assert fast.set_aside == slow.set_aside
    return slow


@pytest.mark.parametrize("line", PLACEMENT_LINES)
def test_each_hand_written_placement_line(line: str) -> None:
    check_line("placements", line.encode("utf-8", "surrogatepass"))


MIRRORS = {kind: _msgspec.FastDecoder(cls, direct=False) for kind, cls in KIND_CLASSES.items()}


@pytest.mark.parametrize("kind", list(KIND_CLASSES))
def test_which_way_each_kind_is_read(kind: str) -> None:
    # msgspec cannot read a quarter ("2024Q1") or a tagged scale as the attrs classes
    assert fast_decoder(kind).direct is (kind not in ("earnings", "instruments"))
    assert not MIRRORS[kind].direct


@pytest.mark.parametrize("line", PLACEMENT_LINES)
def test_each_hand_written_placement_line_by_the_mirror(line: str) -> None:
    raw = line.encode("utf-8", "surrogatepass")
    try:
        record = MIRRORS["placements"](raw)
    except Exception:
        return
    expected, problems = cattrs_read("placements", raw)
    assert problems == []
    assert wire(record) == wire(expected)


@pytest.mark.parametrize("kind", list(KIND_CLASSES))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_the_mirror_takes_lines_as_the_cattrs_path(kind: str, data: st.DataObject) -> None:
    raw = data.draw(st.one_of(KIND_STRATEGIES[kind]().map(record_line), mutated_lines(kind)))
    try:
        record = MIRRORS[kind](raw)
    except Exception:
        return
    expected, problems = cattrs_read(kind, raw)
    assert problems == []
    assert record == expected
    assert wire(record) == wire(expected)


@pytest.mark.parametrize("strict", [True, False])
def test_a_file_of_hand_written_lines_reads_the_same(tmp_path: Path, strict: bool) -> None:
    lines: list[str | bytes] = [*PLACEMENT_LINES, b"\xff\xfe not utf-8", "\ufeff" + placement()]
    result = assert_same_reading(_write(tmp_path, lines), Placement, strict=strict)
    assert result.records
    assert result.problems
    assert bool(result.set_aside) is not strict


def test_a_byte_order_mark_on_the_first_line(tmp_path: Path) -> None:
    path = _write(tmp_path, ["\ufeff" + placement(), placement(id="P2")])
    result = assert_same_reading(path, Placement)
    assert [p.id for p in result.records] == ["P1", "P2"]


@pytest.mark.parametrize("kind", ["veterans", "responses", "instruments", "earnings"])
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_files_of_good_and_bad_lines_read_the_same(kind: str, data: st.DataObject) -> None:
    lines = data.draw(
        st.lists(
            st.one_of(KIND_STRATEGIES[kind]().map(record_line), mutated_lines(kind), st.just(b"")),
            max_size=6,
        ),
        label="lines",
    )
    with tempfile.TemporaryDirectory() as folder:
        for strict in (True, False):
            assert_same_reading(
                _write(Path(folder), list(lines)), KIND_CLASSES[kind], strict=strict
            )


# --- schema versions and migrations ----------------------------------------------------------


def test_old_records_are_migrated_by_the_cattrs_path(tmp_path: Path) -> None:
    dropped = ("monthly_wage", "contract", "contract_months", "insurance")
    version_1 = {k: v for k, v in GOOD_PLACEMENT.items() if k not in dropped[1:]}
    version_0 = {k: v for k, v in GOOD_PLACEMENT.items() if k not in dropped}
    version_0 = {**version_0, "wage": "4500.50", "wage_currency": "CNY"}
    for version, old in ((0, version_0), (1, version_1)):
        path = _write(tmp_path, [json.dumps(old)], name=f"v{version}.jsonl")
        structure = Structurer(Placement, strict=True, schema_version=version, fast=True)
        assert structure.fast is None  # migrations work on dicts: the cattrs path reads
        result = assert_same_reading(path, Placement, schema_version=version)
        assert result.ok
        # version 1 meant a recorded "none" for a missing contract and insurance
        (record,) = io.read_jsonl(path, Placement, schema_version=version, fast=True)
        assert record.contract is ContractType.NONE
        assert record.insurance == frozenset()
        # read as the current version: the old wage is an unknown key (refused the same
        # way), and a version-1 record's missing contract stays unrecorded
        current = assert_same_reading(path, Placement)
        if version == 0:
            assert not current.ok
        else:
            assert current.records[0].contract is None


def test_a_version_2_venture_folder_reads_the_same(tmp_path: Path) -> None:
    folder = city_folder()
    manifest = json.loads((folder / "manifest.json").read_text())
    copy = tmp_path / "old"
    copy.mkdir()
    for file in folder.iterdir():
        (copy / file.name).write_bytes(file.read_bytes())
    manifest["schema_version"] = 2
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert io.read_caseload(copy, fast=True) == io.read_caseload(copy, fast=False)


# --- the switch ------------------------------------------------------------------------------


def test_fast_must_be_a_boolean_or_none(tmp_path: Path) -> None:
    path = _write(tmp_path, [placement()])
    with pytest.raises(InvalidInputError, match="'fast' must be True, False or None, got 'yes'"):
        io.read_jsonl(path, Placement, fast="yes")  # type: ignore[arg-type]


def test_fast_true_without_msgspec_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_fast, "_AVAILABLE", False)
    path = _write(tmp_path, [placement()])
    with pytest.raises(InvalidInputError, match="msgspec is not installed"):
        io.read_jsonl(path, Placement, fast=True)
    assert len(io.read_jsonl(path, Placement).collect()) == 1  # None: the cattrs path


def test_errors_raise_lists_the_same_problems(tmp_path: Path) -> None:
    path = _write(tmp_path, PLACEMENT_LINES)
    messages = []
    for fast in (True, False):
        with pytest.raises(RecordError) as caught:
            list(io.read_jsonl(path, Placement, fast=fast))
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


def test_a_file_of_sparse_lines_gives_up_on_the_fast_path(tmp_path: Path) -> None:
    # Every line repeats a key: the fast decoder takes none, and stops trying after a while.
    line = json.dumps(dict(GOOD_PLACEMENT)).replace('"id": "P1",', '"id": "P0", "id": "P1",')
    path = _write(tmp_path, [line] * 100)
    calls = 0
    decoder = _fast.fast_decoder(Placement)
    assert decoder is not None

    def counting(raw: bytes) -> Any:
        nonlocal calls
        calls += 1
        return decoder(raw)

    structure = Structurer(Placement, strict=True, schema_version=io.SCHEMA_VERSION, fast=True)
    structure.fast = counting
    problems: list[str] = []
    records = list(structured_lines(path, structure, problems, []))
    assert records == []  # a line that is not JSON yields nothing
    twice = "invalid JSON: the key 'id' appears twice in one object"
    assert problems == [f"records.jsonl line {n}: {twice}" for n in range(1, 101)]
    assert calls == 65
