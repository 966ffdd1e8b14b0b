"""Malformed input to every reader: only the documented error type escapes.

Wrong types, missing and extra fields, bad dates, negative money, truncated lines, invalid
UTF-8, huge numbers and deep nesting are fed to ``from_dict``, ``loads``, ``read_jsonl``,
``read_caseload`` and ``read_csv``. Nothing but :class:`RecordError` may escape, and in
collect mode every valid line of a mixed file comes back (bounded for CI; raise the example
counts with the ``thorough`` Hypothesis profile).
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from veteran_services import RECORD_KINDS, Caseload, io
from veteran_services.errors import RecordError, RecordProblem
from veteran_services.synthetic import generate

#: Examples per fuzz test: 40 in CI; ``VS_FUZZ_EXAMPLES=400`` for a longer run.
FUZZ_EXAMPLES = int(os.environ.get("VS_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@cache
def sample() -> Caseload:
    return generate(veterans=12, seed=7)


def samples(kind: str) -> list[dict[str, Any]]:
    return [io.to_dict(r, include_personal=True) for r in sample().records(kind)[:6]]


nasty_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.just(10**400),
    st.floats(),
    st.just(1e308),
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "-0.01",
            "abc",
            "1e5",
            "NaN",
            "2024-02-30",
            "2024-3-1",
            "20240301",
            "2024Q5",
            "likert",
            "male",
            "五险一金",
            "\x00",
            "\ud800",
        ]
    ),
)
json_values = st.recursive(
    nasty_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def deep(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(paths(value, (*prefix, index)))
    return found


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> Any:
    """A valid record of *kind* with one thing broken (or, sometimes, nothing)."""
    record = copy.deepcopy(draw(st.sampled_from(samples(kind))))
    where = draw(st.sampled_from(paths(record)))
    action = draw(st.sampled_from(["replace", "delete", "add", "deep", "keep"]))
    if not where:
        return draw(json_values) if action == "replace" else record
    parent = record
    for step in where[:-1]:
        parent = parent[step]
    last = where[-1]
    if action == "replace":
        parent[last] = draw(json_values)
    elif action == "delete" and isinstance(parent, dict):
        del parent[last]
    elif action == "add" and isinstance(parent, dict):
        parent[draw(st.text(max_size=8))] = draw(json_values)
    elif action == "deep":
        # Deeper values are fed as text (see the JSON Lines test): Hypothesis prints drawn
        # values, and printing a 5000-deep list overflows the stack.
        parent[last] = deep(draw(st.integers(50, 300)))
    return record


def expect_only_record_errors(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Call; a RecordError is fine (None is returned), anything else fails the test."""
    problems: tuple[str, ...] = ()
    try:
        return call(*args, **kwargs)
    except RecordError as error:
        problems = error.problems
    assert problems
    assert all(isinstance(p, str) and p for p in problems)
    return None


@pytest.mark.parametrize("kind", RECORD_KINDS)
@FUZZ
@given(data=st.data())
def test_from_dict_and_loads_raise_only_record_errors(kind: str, data: st.DataObject) -> None:
    cls = io.KIND_CLASSES[kind]
    if not samples(kind):
        return
    record = data.draw(mutated(kind))
    expect_only_record_errors(io.from_dict, cls, record)
    text = json.dumps(record, allow_nan=True)
    cut = data.draw(st.integers(0, len(text)))
    expect_only_record_errors(io.loads, cls, text)
    expect_only_record_errors(io.loads, cls, text[:cut])
    raw = text.encode("utf-8", "surrogatepass")
    expect_only_record_errors(io.loads, cls, raw[:cut] + b"\xff" + raw[cut:])


def _line(record: Any) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("kind", ["veterans", "placements", "responses", "instruments"])
@FUZZ
@given(data=st.data())
def test_collect_mode_returns_every_valid_line(
    kind: str, data: st.DataObject, tmp_path: Path
) -> None:
    cls = io.KIND_CLASSES[kind]
    lines: list[bytes] = []
    expected = []
    for _ in range(data.draw(st.integers(1, 6))):
        choice = data.draw(st.sampled_from(["valid", "mutated", "truncated", "bytes", "deep"]))
        if choice == "valid":
            record = data.draw(st.sampled_from(samples(kind)))
            line = _line(record)
        elif choice == "mutated":
            line = _line(data.draw(mutated(kind)))
        elif choice == "truncated":
            whole = _line(data.draw(st.sampled_from(samples(kind))))
            line = whole[: data.draw(st.integers(0, len(whole) - 1))]
        elif choice == "bytes":
            line = data.draw(st.binary(max_size=40)).replace(b"\n", b"")
        else:
            line = b"[" * 100_000
        lines.append(line)
        # What the single-record reader accepts is exactly what the file reader must return.
        with contextlib.suppress(RecordError):
            expected.append(io.loads(cls, line))
    path = tmp_path / f"{kind}.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    # A file that starts like a workbook is refused whole, as a workbook (not line by line).
    assume(io.workbook_format(path.read_bytes()[:4096]) is None)
    result = io.read_jsonl(path, cls, errors="collect").collect()
    assert list(result.records) == expected
    bad_lines = sum(1 for line in lines if not _blank(line)) - len(expected)
    assert len({p.split(":")[0] for p in result.problems}) == bad_lines
    with pytest.raises(RecordError) if bad_lines else _nothing():
        list(io.read_jsonl(path, cls))


def _blank(line: bytes) -> bool:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not text or text.isspace()


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


@FUZZ
@given(data=st.data())
def test_read_caseload_raises_only_record_errors(data: st.DataObject, tmp_path: Path) -> None:
    city = sample()
    small = Caseload(**{kind: city.records(kind)[:8] for kind in RECORD_KINDS})
    folder = io.write_caseload(small, tmp_path / "c", include_personal=True)
    kind = data.draw(st.sampled_from([*RECORD_KINDS, "manifest"]))
    path = folder / ("manifest.json" if kind == "manifest" else f"{kind}.jsonl")
    raw = path.read_bytes()
    cut = data.draw(st.integers(0, len(raw)))
    junk = data.draw(st.binary(max_size=20) | st.just(b'{"x": 1}\n') | st.just(b"\xff\n"))
    path.write_bytes(raw[:cut] + junk + raw[cut:])
    caseload = expect_only_record_errors(io.read_caseload, folder)
    if caseload is not None:
        assert isinstance(caseload, Caseload)


@pytest.mark.parametrize("kind", list(io.CSV_KINDS))
@FUZZ
@given(data=st.data())
def test_read_csv_raises_only_record_errors(kind: str, data: st.DataObject, tmp_path: Path) -> None:
    cls = io.CSV_KINDS[kind]
    path = tmp_path / f"{kind}.csv"
    io.write_csv(path, sample().records(kind)[:5], cls=cls, include_personal=True, overwrite=True)
    raw = path.read_bytes()
    cut = data.draw(st.integers(0, len(raw)))
    junk = data.draw(
        st.text(max_size=12).map(lambda t: t.encode("utf-8", "surrogatepass"))
        | st.sampled_from([b",", b"\n", b'"', b"\xff", b"abc,-1,2024-02-30\n", b",,,,,,,,,,,,"])
    )
    path.write_bytes(raw[:cut] + junk + raw[cut:])
    result = expect_only_record_errors(
        io.read_csv, path, cls, errors="collect", instruments=sample().instruments
    )
    if result is not None:
        assert all(type(r) is cls for r in result.records)


@pytest.mark.parametrize("kind", ["veterans", "placements", "responses", "instruments"])
@FUZZ
@given(data=st.data())
def test_every_problem_of_a_broken_record_carries_its_facts(kind: str, data: st.DataObject) -> None:
    cls = io.KIND_CLASSES[kind]
    try:
        io.from_dict(cls, data.draw(mutated(kind)))
    except RecordError as error:
        problems = error.problems
    else:
        return
    for problem in problems:
        assert isinstance(problem, RecordProblem)
        assert problem.path is not None
        assert problem.startswith(f"{problem.path}: ")
        assert problem.message in problem
        if problem.value is not None:
            assert f"(got {problem.value})" in problem
        if problem.path.startswith("$.personal"):
            assert problem.value is None
        assert RecordProblem(str(problem), **_facts(problem)).to_dict() == problem.to_dict()


def _facts(problem: RecordProblem) -> dict[str, Any]:
    facts = problem.to_dict()
    del facts["text"]
    return facts
