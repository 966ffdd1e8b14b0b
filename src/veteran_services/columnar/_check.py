"""The cross-record check of a caseload over its tables: :func:`check`, the problems of
:meth:`Caseload.check <veteran_services.model.Caseload.check>` without a record object.

Every rule and every message is the model's: the problems are built by the functions of
:mod:`veteran_services.model.caseload` that :meth:`Caseload.check` calls
(``dangling_problem``, ``duplicate_id_problem``, ...), an answer is judged by its question's
own scale (``scale.problem``, once per distinct question and value), a region by the code
list. What is columnar is the finding: ids matched with Arrow's hash joins and ``is_in``,
dates compared as day numbers over whole columns, answers flattened out of their responses.
Only the records with a problem become Python values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any, Final

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from veteran_services._checks import checked
from veteran_services.columnar._calendar import EPOCH
from veteran_services.columnar._columns import column_of, day_numbers, encode_together, validity
from veteran_services.columnar._convert import as_table, from_arrow
from veteran_services.columnar._layout import schema
from veteran_services.errors import InvalidInputError
from veteran_services.model import RECORD_KINDS, ContractType, Problem, Quarter
from veteran_services.model.caseload import (
    REGION_KINDS,
    credential_before_enrolment_problem,
    dangling_problem,
    duplicate_earnings_problem,
    duplicate_id_problem,
    earnings_id,
    enrolment_mismatch_problem,
    is_known_region,
    out_of_scale_problem,
    placement_before_service_problem,
    placement_mismatch_problem,
    response_before_placement_problem,
    skill_gain_before_enrolment_problem,
    unknown_question_problem,
    unknown_region_problem,
    version_mismatch_problem,
)
from veteran_services.scoring import LabourMarket
from veteran_services.scoring.checks import held_to_hourly, market_cover, market_problems

__all__ = ["CHECK_COLUMNS", "MARKET_COLUMNS", "check", "check_market"]

#: The columns :func:`check` reads, by record kind (``read_tables(folder,
#: columns=CHECK_COLUMNS)``); the instruments are read whole (their questions' scales).
CHECK_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "veterans": ("id", "region", "service"),
    "providers": ("id", "region"),
    "programmes": ("id", "provider_id"),
    "enrolments": ("id", "veteran_id", "programme_id", "enrolled_on", "credentials", "skill_gains"),
    "employers": ("id", "region"),
    "placements": ("id", "veteran_id", "employer_id", "started_on", "enrolment_id"),
    "ventures": ("id", "founder_ids", "region"),
    "earnings": ("veteran_id", "employer_id", "quarter"),
    "contacts": ("id", "veteran_id"),
    "instruments": tuple(field.name for field in schema("instruments")),
    "responses": (
        "id",
        "instrument_id",
        "instrument_version",
        "veteran_id",
        "placement_id",
        "collected_on",
        "answers",
    ),
}

_Tables = dict[str, pa.Table]


@checked
def check(tables: Mapping[str, Any]) -> list[Problem]:
    """Every problem across the records of a caseload's tables: the list
    :meth:`Caseload.check <veteran_services.model.Caseload.check>` gives for the same records,
    problem for problem (codes, fields, messages), in its order (by kind, record id, code
    and message).

    The tables are those of :func:`to_arrow` or :func:`read_tables` (Arrow tables or pandas
    frames); a kind without a table has no records. Each record is taken to be valid on its
    own (as the readers and :func:`from_arrow` check it): this finds what only the whole
    caseload shows: repeated ids, references to missing records, dates out of order across
    records, answers that do not fit their instrument, earnings recorded twice, unknown
    regions (warnings).

    Args:
        tables: Record kind → table, with at least the columns in :data:`CHECK_COLUMNS`.

    Raises:
        InvalidInputError: an unknown record kind, a table of the wrong type, or a table
            without a column the check reads.
    """
    chosen = _tables(tables)
    problems: list[Problem] = []
    for step in (_duplicates, _references, _dates, _answers, _regions):
        problems.extend(step(chosen))
    problems = list(dict.fromkeys(problems))
    problems.sort(key=lambda p: (RECORD_KINDS.index(p.kind), p.record_id, p.code, p.message))
    return problems


def _tables(
    tables: Mapping[str, Any], columns: Mapping[str, tuple[str, ...]] = CHECK_COLUMNS
) -> _Tables:
    chosen: _Tables = {}
    for kind in tables:
        if kind not in RECORD_KINDS:
            msg = (
                f"'tables' must be keyed by record kinds ({', '.join(RECORD_KINDS)}), got {kind!r}"
            )
            raise InvalidInputError("tables", msg)
    for kind in columns:
        wanted = columns[kind]
        data = tables.get(kind)
        if data is None:
            chosen[kind] = schema(kind).empty_table().select(list(wanted))
            continue
        argument = f"tables[{kind!r}]"
        table = as_table(kind, data, argument)
        missing = [name for name in wanted if name not in table.column_names]
        if missing:
            msg = f"{argument} lacks the column{'s' if len(missing) > 1 else ''} " + ", ".join(
                repr(c) for c in missing
            )
            raise InvalidInputError("tables", msg)
        chosen[kind] = table.select(list(wanted))
    return chosen


# --- helpers -----------------------------------------------------------------------------


def _texts(array: pa.Array, rows: np.ndarray) -> list[Any]:
    """The values of *rows* of *array* as Python values."""
    return list(array.take(pa.array(rows, pa.int64())).to_pylist())


def _rows(mask: Any) -> np.ndarray:
    """The positions where a boolean Arrow array or numpy mask is true (null: false)."""
    if isinstance(mask, np.ndarray):
        return np.flatnonzero(mask)
    filled = pc.fill_null(mask, False)
    return np.flatnonzero(np.asarray(filled.to_numpy(zero_copy_only=False), dtype=bool))


def _plain(array: pa.Array) -> pa.Array:
    """A string column without its dictionary encoding (``is_in`` and joins take plain text)."""
    if pa.types.is_dictionary(array.type):
        return array.dictionary_decode()
    return array


def _missing(values: pa.Array, ids: pa.Array) -> np.ndarray:
    """The rows whose (non-null) value is not among *ids*."""
    values = _plain(values)
    found = pc.is_in(values, value_set=_plain(ids))
    return _rows(pc.and_(values.is_valid(), pc.invert(found)))


def _codes_in(array: pa.Array, values: list[str]) -> np.ndarray:
    """The position of each entry of a text column in *values* (-1: not there, or null); a
    dictionary-encoded column is looked up once per dictionary entry."""
    value_set = pa.array(values, pa.string())
    if pa.types.is_dictionary(array.type):
        of_entry = np.asarray(
            pc.fill_null(pc.index_in(array.dictionary, value_set=value_set), -1).to_numpy(
                zero_copy_only=False
            ),
            dtype=np.int64,
        )
        indices = array.indices
        entries = np.asarray(pc.fill_null(indices, 0).to_numpy(zero_copy_only=False), np.int64)
        codes: np.ndarray = (
            of_entry[entries] if len(of_entry) else np.full(len(entries), -1, np.int64)
        )
        if indices.null_count:
            codes[~np.asarray(indices.is_valid().to_numpy(zero_copy_only=False), bool)] = -1
        return codes
    index = pc.index_in(array, value_set=value_set)
    return np.asarray(pc.fill_null(index, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _distinct(ids: pa.Array) -> bool:
    """Whether every id differs from the others: at once when they are in ascending order
    (as a folder written in id order holds them), else by hashing."""
    if len(ids) < 2:
        return True
    ids = _plain(ids)
    if ids.null_count == 0:
        later = pc.greater(ids.slice(1), ids.slice(0, len(ids) - 1))
        if pc.all(later).as_py():
            return True
    return bool(pc.count_distinct(ids).as_py() == len(ids))


def _ascending(cells: pa.Table) -> bool:
    """Whether the rows of *cells* are in strictly ascending order, column by column (then
    no two are equal)."""
    if cells.num_rows < 2 or any(c.null_count for c in cells.columns):
        return bool(cells.num_rows < 2)
    after: Any = None
    for name in reversed(cells.column_names):
        column = column_of(cells, name)
        later, earlier = column.slice(1), column.slice(0, len(column) - 1)
        greater = pc.greater(later, earlier)
        after = (
            greater if after is None else pc.or_(greater, pc.and_(pc.equal(later, earlier), after))
        )
    return bool(pc.all(after).as_py())


def _repeated_keys(table: pa.Table, keys: list[str]) -> pa.Table:
    """The distinct values of *keys* that occur more than once (each as first recorded)."""
    if table.num_rows < 2:
        return table.select(keys).slice(0, 0)
    codes = []
    for name in keys:
        encoded = pc.dictionary_encode(_plain(column_of(table, name)))
        indices = pc.fill_null(encoded.indices, -1)
        codes.append(np.asarray(indices.to_numpy(zero_copy_only=False), dtype=np.int64) + 1)
    sizes = [int(c.max()) + 1 for c in codes]
    if math.prod(sizes) < 1 << 62:  # one number per row, in mixed radix
        combined = codes[0]
        for size, more in zip(sizes[1:], codes[1:], strict=True):
            combined = combined * size + more
        _, first, counts = np.unique(combined, return_index=True, return_counts=True)
    else:
        _, first, counts = np.unique(
            np.stack(codes, axis=1), axis=0, return_index=True, return_counts=True
        )
    rows = np.sort(first[counts > 1])
    return table.select(keys).take(pa.array(rows, pa.int64()))


def _quarters(quarters: pa.Array) -> tuple[np.ndarray, list[str]]:
    """Each earnings quarter as a code into its canonical texts (``2024Q1``): one
    :meth:`Quarter.parse` per distinct text, so that ``2024-q1`` is the quarter it names."""
    encoded = pc.dictionary_encode(_plain(quarters))
    texts = [str(Quarter.parse(text)) for text in encoded.dictionary.to_pylist()]
    canonical = sorted(set(texts))
    remap = np.array([canonical.index(t) for t in texts], dtype=np.int64)
    indices = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return remap[indices] if len(remap) else indices, canonical


def _pairs(
    left: pa.Array, right: pa.Array, left_rows: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Every (left row, right row) whose values are equal (all the records of a repeated id,
    as :meth:`Caseload.check` looks at every one of them): both sides coded over one
    dictionary, the right side sorted, each left row's run of equals found by binary search."""
    left = _plain(left)
    positions = np.arange(len(left), dtype=np.int64) if left_rows is None else left_rows
    if len(positions) == 0 or len(right) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    (wanted, held), _ = encode_together(left.take(pa.array(positions)), _plain(right))
    order = np.argsort(held, kind="stable")
    ranked = held[order]
    low = np.searchsorted(ranked, wanted, side="left")
    counts = np.searchsorted(ranked, wanted, side="right") - low
    counts[wanted < 0] = 0  # a null matches nothing
    at = np.repeat(positions, counts)
    starts = np.repeat(low - (np.cumsum(counts) - counts), counts)
    of = order[starts + np.arange(int(counts.sum()))]
    return at, of


# --- the checks ----------------------------------------------------------------------------


def _duplicates(tables: _Tables) -> Iterable[Problem]:
    for kind in RECORD_KINDS:
        if kind == "earnings":
            continue
        table = tables[kind]
        ids = column_of(table, "id")
        keys = ["id", "version"] if kind == "instruments" else ["id"]
        if kind != "instruments" and _distinct(ids):
            continue
        repeated = _repeated_keys(table.select(keys), keys)
        versions = (
            repeated.column("version").to_pylist()
            if kind == "instruments"
            else [None] * repeated.num_rows
        )
        for record_id, version in zip(repeated.column("id").to_pylist(), versions, strict=True):
            yield duplicate_id_problem(kind, record_id, version)
    earnings = tables["earnings"]
    if earnings.num_rows:
        codes, quarters = _quarters(column_of(earnings, "quarter"))
        cells = pa.table(
            {
                "veteran_id": _plain(column_of(earnings, "veteran_id")),
                "employer_id": _plain(column_of(earnings, "employer_id")),
                "quarter": pa.array(codes),
            }
        )
        if _ascending(cells):
            return
        repeated = _repeated_keys(cells, ["veteran_id", "employer_id", "quarter"])
        for veteran_id, employer_id, quarter in zip(
            repeated.column("veteran_id").to_pylist(),
            repeated.column("employer_id").to_pylist(),
            repeated.column("quarter").to_pylist(),
            strict=True,
        ):
            yield duplicate_earnings_problem(veteran_id, employer_id, quarters[quarter])


def _references(tables: _Tables) -> Iterable[Problem]:
    ids = {kind: column_of(tables[kind], "id") for kind in RECORD_KINDS if kind != "earnings"}

    def dangling(kind: str, field: str, target: str) -> Iterable[Problem]:
        table = tables[kind]
        values = column_of(table, field)
        rows = _missing(values, ids[target + "s"])
        for record_id, value in zip(
            _texts(ids[kind], rows), _texts(_plain(values), rows), strict=True
        ):
            yield dangling_problem(kind, record_id, field, target, value)

    yield from dangling("programmes", "provider_id", "provider")
    yield from dangling("enrolments", "veteran_id", "veteran")
    yield from dangling("enrolments", "programme_id", "programme")
    yield from dangling("placements", "veteran_id", "veteran")
    yield from dangling("placements", "employer_id", "employer")
    yield from dangling("placements", "enrolment_id", "enrolment")
    yield from _mismatches(
        tables["placements"], "enrolment_id", tables["enrolments"], enrolment_mismatch_problem
    )
    founders = column_of(tables["ventures"], "founder_ids")
    flat = pc.list_flatten(founders)
    parents = np.asarray(pc.list_parent_indices(founders).to_numpy(), dtype=np.int64)
    rows = _missing(flat, ids["veterans"])
    for record_id, value in zip(
        _texts(ids["ventures"], parents[rows]), _texts(flat, rows), strict=True
    ):
        yield dangling_problem("ventures", record_id, "founder_ids", "veteran", value)
    yield from _earnings_references(tables["earnings"], ids)
    yield from dangling("contacts", "veteran_id", "veteran")
    yield from dangling("responses", "veteran_id", "veteran")
    yield from dangling("responses", "instrument_id", "instrument")
    yield from dangling("responses", "placement_id", "placement")
    yield from _mismatches(
        tables["responses"], "placement_id", tables["placements"], placement_mismatch_problem
    )


def _earnings_references(earnings: pa.Table, ids: Mapping[str, pa.Array]) -> Iterable[Problem]:
    veteran_ids = column_of(earnings, "veteran_id")
    employer_ids = column_of(earnings, "employer_id")
    no_veteran = _missing(veteran_ids, ids["veterans"])
    no_employer = _missing(employer_ids, ids["employers"])
    rows = np.union1d(no_veteran, no_employer)
    if len(rows) == 0:
        return
    codes, quarters = _quarters(column_of(earnings, "quarter"))
    veterans = _texts(_plain(veteran_ids), rows)
    employers = _texts(_plain(employer_ids), rows)
    for row, veteran_id, employer_id in zip(rows, veterans, employers, strict=True):
        record_id = earnings_id(veteran_id, employer_id, quarters[codes[row]])
        if row in no_veteran:
            yield dangling_problem("earnings", record_id, "veteran_id", "veteran", veteran_id)
        if row in no_employer:
            yield dangling_problem("earnings", record_id, "employer_id", "employer", employer_id)


def _mismatches(
    table: pa.Table,
    field: str,
    linked: pa.Table,
    problem: Callable[[str, str, str, str], Problem],
) -> Iterable[Problem]:
    """A record whose *field* names a record (every one of that id) of another veteran."""
    values = column_of(table, field)
    rows = _rows(values.is_valid())
    at, of = _pairs(values, column_of(linked, "id"), rows)
    own = _plain(column_of(table, "veteran_id")).take(pa.array(at))
    theirs = _plain(column_of(linked, "veteran_id")).take(pa.array(of))
    other = _rows(pc.not_equal(own, theirs))
    for record_id, value, their, our in zip(
        _texts(column_of(table, "id"), at[other]),
        _texts(_plain(values), at[other]),
        _texts(theirs, other),
        _texts(own, other),
        strict=True,
    ):
        yield problem(record_id, value, their, our)


def _dates(tables: _Tables) -> Iterable[Problem]:
    placements, veterans = tables["placements"], tables["veterans"]
    start, _ = day_numbers(column_of(placements, "started_on"))
    service = column_of(veterans, "service")
    served = _rows(pc.greater(pc.list_value_length(service), 0))
    first = pc.struct_field(pc.list_element(service.take(pa.array(served)), 0), "start")
    at, of = _pairs(
        column_of(placements, "veteran_id"), column_of(veterans, "id").take(pa.array(served))
    )
    first_days, _ = day_numbers(first)
    early = np.flatnonzero(start[at] < first_days[of])
    for record_id, began, started in zip(
        _texts(column_of(placements, "id"), at[early]),
        _texts(first, of[early]),
        _texts(column_of(placements, "started_on"), at[early]),
        strict=True,
    ):
        yield placement_before_service_problem(record_id, began, started)
    yield from _before_enrolment(tables["enrolments"])
    responses = tables["responses"]
    about = column_of(responses, "placement_id")
    collected = column_of(responses, "collected_on")
    rows = _rows(pc.and_(about.is_valid(), collected.is_valid()))
    at, of = _pairs(about, column_of(placements, "id"), rows)
    collected_days, _ = day_numbers(collected)
    early = np.flatnonzero(collected_days[at] < start[of])
    for record_id, started, on in zip(
        _texts(column_of(responses, "id"), at[early]),
        _texts(column_of(placements, "started_on"), of[early]),
        _texts(collected, at[early]),
        strict=True,
    ):
        yield response_before_placement_problem(record_id, started, on)


def _before_enrolment(enrolments: pa.Table) -> Iterable[Problem]:
    ids = column_of(enrolments, "id")
    enrolled = column_of(enrolments, "enrolled_on")
    enrolled_days, _ = day_numbers(enrolled)
    for column, when, label, build in (
        ("credentials", "awarded_on", "title", credential_before_enrolment_problem),
        ("skill_gains", "achieved_on", "kind", skill_gain_before_enrolment_problem),
    ):
        items = column_of(enrolments, column)
        flat = pc.list_flatten(items)
        if len(flat) == 0:
            continue
        parents = np.asarray(pc.list_parent_indices(items).to_numpy(), dtype=np.int64)
        on = pc.struct_field(flat, when)
        days, _ = day_numbers(on)
        early = np.flatnonzero(days < enrolled_days[parents])
        for record_id, name, since, day in zip(
            _texts(ids, parents[early]),
            _texts(_plain(pc.struct_field(flat, label)), early),
            _texts(enrolled, parents[early]),
            _texts(on, early),
            strict=True,
        ):
            yield build(record_id, name, since, day)


def _answers(tables: _Tables) -> Iterable[Problem]:
    responses = tables["responses"]
    if responses.num_rows == 0:
        return
    instruments = from_arrow({"instruments": tables["instruments"]}).instruments
    response_ids = column_of(responses, "id")
    instrument_ids = _plain(column_of(responses, "instrument_id"))
    versions = np.asarray(
        column_of(responses, "instrument_version").to_numpy(zero_copy_only=False), dtype=np.int64
    )
    # each response's (instrument id, version) as a slot: the instruments of that key
    known_ids = sorted({i.id for i in instruments})
    id_codes = np.asarray(
        pc.fill_null(
            pc.index_in(instrument_ids, value_set=pa.array(known_ids, pa.string())), -1
        ).to_numpy(zero_copy_only=False),
        dtype=np.int64,
    )
    slots: dict[tuple[int, int], list[int]] = {}
    for position, instrument in enumerate(instruments):
        key = (known_ids.index(instrument.id), instrument.version)
        slots.setdefault(key, []).append(position)
    keys = sorted(slots)
    key_codes = np.array([k[0] for k in keys], dtype=np.int64)
    key_versions = np.array([k[1] for k in keys], dtype=np.int64)
    slot = np.full(len(versions), -1, dtype=np.int64)
    if keys:
        # (id, version) as one number: the versions coded densely, so that the instruments'
        # keys, sorted by id code and version, are sorted numbers too
        every, dense = np.unique(np.concatenate([versions, key_versions]), return_inverse=True)
        dense = dense.reshape(-1)
        wanted = id_codes * len(every) + dense[: len(versions)]
        held = key_codes * len(every) + dense[len(versions) :]
        found = np.minimum(np.searchsorted(held, wanted), len(held) - 1)
        hit = (id_codes >= 0) & (held[found] == wanted)
        slot[hit] = found[hit]
    wrong = np.flatnonzero((slot < 0) & (id_codes >= 0))
    for record_id, version, instrument_id in zip(
        _texts(response_ids, wrong), versions[wrong], _texts(instrument_ids, wrong), strict=True
    ):
        yield version_mismatch_problem(record_id, int(version), instrument_id)
    candidates = [[instruments[p] for p in slots[k]] for k in keys]
    # a block of responses at a time: the per-answer arrays of a block, not of every answer
    # at once (a million veterans' answers held ~7 GiB of them); the problems are sorted after
    for start in range(0, responses.num_rows, _ANSWER_BLOCK):
        block = responses.slice(start, _ANSWER_BLOCK)
        yield from _answers_to(block, slot[start : start + _ANSWER_BLOCK], candidates)


#: Responses whose answers are judged at once.
_ANSWER_BLOCK: Final = 1 << 16


def _answers_to(
    responses: pa.Table, slot: np.ndarray, candidates: list[list[Any]]
) -> Iterable[Problem]:
    answers = column_of(responses, "answers")
    flat = pc.list_flatten(answers)
    if len(flat) == 0:
        return
    parents = np.asarray(pc.list_parent_indices(answers).to_numpy(), dtype=np.int64)
    question_ids = flat.field("question_id")
    # the question ids as codes into one list: the instruments' and the answers' own
    asked = sorted({q.id for group in candidates for i in group for q in i.questions})
    codes = _codes_in(question_ids, asked)
    values = _AnswerValues(flat)
    response_ids = column_of(responses, "id")
    answer_slot = slot[parents]
    for number, group in enumerate(candidates):
        rows = np.flatnonzero(answer_slot == number)
        if len(rows) == 0:
            continue
        for instrument in group:
            # question of the instrument by code (-1: the instrument does not have it)
            of_code = np.full(len(asked) + 1, -1, dtype=np.int64)
            questions = list(instrument.questions)
            for index, question in enumerate(questions):
                of_code[asked.index(question.id)] = index
            question_of = of_code[codes[rows]]
            unknown = rows[question_of < 0]
            for record_id, question_id in zip(
                _texts(response_ids, parents[unknown]), _texts(question_ids, unknown), strict=True
            ):
                yield unknown_question_problem(
                    record_id, question_id, instrument.id, instrument.version
                )
            inside = question_of >= 0
            judged = values.problems(rows[inside], question_of[inside], questions)
            for row, problem in judged:
                record_id = response_ids[int(parents[row])].as_py()
                question_id = question_ids[int(row)].as_py()
                yield out_of_scale_problem(record_id, question_id, problem)


class _AnswerValues:
    """The answers' values by type (the layout's ``value.*`` fields, exactly one set), each
    type's distinct values judged once per question by the question's scale."""

    _TYPES: Final = ("boolean", "integer", "number", "text", "choices")
    #: Above this many (question, value) cells the distinct pairs are found by sorting.
    _GRID: Final = 1 << 22

    def __init__(self, flat: pa.Array) -> None:
        self.kind = np.full(len(flat), -1, dtype=np.int64)
        self.fields: list[pa.Array | None] = []
        self.numbers: list[np.ndarray | None] = []
        names = {flat.type.field(i).name for i in range(flat.type.num_fields)}
        for suffix in self._TYPES:
            name = f"value.{suffix}"
            values = flat.field(name) if name in names else None
            self.fields.append(values)
            plain = values is not None and suffix in ("boolean", "integer", "number")
            self.numbers.append(
                np.asarray(
                    pc.fill_null(values, False if suffix == "boolean" else 0).to_numpy(
                        zero_copy_only=False
                    )
                )
                if plain
                else None
            )
        # the first field set, as the layout reads it (later fields first, so earlier win)
        for number in reversed(range(len(self._TYPES))):
            values = self.fields[number]
            if values is None or values.null_count == len(values):
                continue
            valid = validity(values)
            if valid is None:
                self.kind[:] = number
            else:
                self.kind[valid] = number

    def problems(
        self, rows: np.ndarray, question_of: np.ndarray, questions: list[Any]
    ) -> Iterable[tuple[int, str]]:
        """(answer row, what the scale says) for each of *rows* whose value does not fit the
        scale of its question (``questions[question_of]``)."""
        kinds = self.kind[rows]
        present = np.flatnonzero(np.bincount(kinds + 1, minlength=len(self._TYPES) + 1)) - 1
        for number in present.tolist():
            if len(present) == 1:
                these, asked = rows, question_of
            else:
                chosen = kinds == number
                these, asked = rows[chosen], question_of[chosen]
            field = None if number < 0 else self.fields[number]
            if field is None:  # no value set (not a valid answer): judged as None
                for row, question in zip(these, asked, strict=True):
                    problem = questions[question].scale.problem(None)
                    if problem is not None:
                        yield int(row), problem
                continue
            value_codes, examples = self._codes(field, these, number)
            yield from self._judged(these, asked, value_codes, examples, questions)

    def _judged(
        self,
        these: np.ndarray,
        asked: np.ndarray,
        value_codes: np.ndarray,
        examples: Sequence[Any],
        questions: list[Any],
    ) -> Iterable[tuple[int, str]]:
        width = len(examples)
        key = asked * width + value_codes
        cells = len(questions) * width
        if cells <= self._GRID:
            seen = np.zeros(cells, dtype=bool)
            seen[key] = True
            distinct = np.flatnonzero(seen)
        else:
            distinct, inverse = np.unique(key, return_inverse=True)
            key = inverse.reshape(-1)  # the position in distinct
        said: dict[int, str] = {}
        for position, cell in enumerate(distinct.tolist()):
            verdict = questions[cell // width].scale.problem(examples[cell % width])
            if verdict is not None:
                said[cell if cells <= self._GRID else position] = verdict
        if not said:
            return
        bad = np.zeros(cells if cells <= self._GRID else len(distinct), dtype=bool)
        bad[list(said)] = True
        for at in np.flatnonzero(bad[key]).tolist():
            yield int(these[at]), said[int(key[at])]

    def _codes(
        self, field: pa.Array, rows: np.ndarray, number: int
    ) -> tuple[np.ndarray, Sequence[Any]]:
        """Each of *rows*'s value as a code into a list of its distinct Python values."""
        suffix = self._TYPES[number]
        raw = self.numbers[number]
        if suffix == "boolean" and raw is not None:
            return raw[rows].astype(np.int64), (False, True)
        if suffix == "integer" and raw is not None:
            values = raw[rows].astype(np.int64)
            low, high = int(values.min()), int(values.max())
            if high - low < 1 << 16:  # a few points of a scale: the value is its code
                return values - low, range(low, high + 1)
            distinct, inverse = np.unique(values, return_inverse=True)
            return inverse.reshape(-1).astype(np.int64), distinct.tolist()
        if suffix == "number" and raw is not None:
            # floats by their bits: -0.0 and 0.0 print apart, so they are judged apart
            bits = raw[rows].astype(np.float64).view(np.int64)
            distinct, inverse = np.unique(bits, return_inverse=True)
            return inverse.reshape(-1).astype(np.int64), distinct.view(np.float64).tolist()
        taken = field.take(pa.array(rows, pa.int64()))
        if suffix == "text":
            encoded = pc.dictionary_encode(taken)
            indices = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
            return indices, encoded.dictionary.to_pylist()
        lists = [tuple(v) for v in taken.to_pylist()]  # choices: a list per answer, rare
        chosen = list(dict.fromkeys(lists))
        position = {v: i for i, v in enumerate(chosen)}
        return np.array([position[v] for v in lists], dtype=np.int64), chosen


def _regions(tables: _Tables) -> Iterable[Problem]:
    known: dict[str, bool] = {}
    for kind in REGION_KINDS:
        table = tables[kind]
        regions = _plain(column_of(table, "region"))
        encoded = pc.dictionary_encode(regions)
        entries = encoded.dictionary.to_pylist()
        for entry in entries:
            if entry not in known:
                known[entry] = is_known_region(entry)
        unknown = [number for number, entry in enumerate(entries) if not known[entry]]
        if not unknown:
            continue
        indices = encoded.indices
        rows = _rows(pc.is_in(indices, value_set=pa.array(unknown, indices.type)))
        for record_id, region in zip(
            _texts(column_of(table, "id"), rows), _texts(regions, rows), strict=True
        ):
            yield unknown_region_problem(kind, record_id, region)


#: The columns :func:`check_market` reads, by record kind.
MARKET_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "employers": ("id", "region"),
    "placements": (
        "id",
        "employer_id",
        "started_on",
        "contract",
        "weekly_hours",
        "monthly_wage.currency",
    ),
}


@checked
def check_market(tables: Mapping[str, Any], market: LabourMarket) -> list[Problem]:
    """The placements the labour-market tables of *market* cannot score, from a caseload's
    tables: the list :func:`veteran_services.scoring.check_market` gives for the same records,
    in its order (by record id, code and message).

    Each placement's employer region (the first employer of its id) and start date are looked
    up once per distinct pair, by the object path's own lookup
    (``scoring.checks.market_cover``); the messages are its own (``market_problems``).

    Args:
        tables: Record kind → table, with at least the columns in :data:`MARKET_COLUMNS`
            (a kind left out holds no records).
        market: The labour-market tables.

    Raises:
        InvalidInputError: an unknown record kind, a table of the wrong type, or a table
            without a column the check reads.
    """
    chosen = _tables(tables, MARKET_COLUMNS)
    placements, employers = chosen["placements"], chosen["employers"]
    problems: list[Problem] = []
    if placements.num_rows and employers.num_rows:
        problems = list(dict.fromkeys(_market_problems(placements, employers, market)))
    problems.sort(key=lambda p: (p.record_id, p.code, p.message))
    return problems


def _market_problems(
    placements: pa.Table, employers: pa.Table, market: LabourMarket
) -> Iterable[Problem]:
    employer_ids = _plain(column_of(placements, "employer_id"))
    # the first employer of an id, as scoring looks it up
    position = pc.index_in(employer_ids, value_set=_plain(column_of(employers, "id")))
    rows = _rows(position.is_valid())
    if len(rows) == 0:
        return  # every employer missing: dangling references, Caseload.check's
    taken = pa.array(rows, pa.int64())
    regions = _plain(column_of(employers, "region")).take(position.take(taken))
    encoded = pc.dictionary_encode(regions)
    region_codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    names = encoded.dictionary.to_pylist()
    days, _ = day_numbers(column_of(placements, "started_on"))
    days = days[rows]
    low = int(days.min())
    pair = region_codes * (int(days.max()) - low + 1) + (days - low)
    distinct, first, inverse = np.unique(pair, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    cover_of = market_cover(market)
    covers = []
    troubled = np.zeros(len(distinct), dtype=bool)
    for number, at in enumerate(first.tolist()):
        day = EPOCH + timedelta(days=int(days[at]))
        cover = cover_of(names[int(region_codes[at])], day)
        covers.append((names[int(region_codes[at])], day, cover))
        places, dates, minimum = cover
        troubled[number] = bool(places or dates) or (minimum is not None and minimum.hourly is None)
    if not troubled.any():
        return
    ids = column_of(placements, "id")
    contracts = column_of(placements, "contract")
    hours = column_of(placements, "weekly_hours")
    currencies = column_of(placements, "monthly_wage.currency")
    for at in np.flatnonzero(troubled[inverse]).tolist():
        row = int(rows[at])
        region, day, cover = covers[int(inverse[at])]
        minimum = cover[2]
        held = False
        if minimum is not None and minimum.hourly is None:
            contract = contracts[row].as_py()
            weekly = hours[row].as_py()
            held = held_to_hourly(
                None if contract is None else ContractType(contract),
                currencies[row].as_py(),
                None if weekly is None else Decimal(weekly),
                minimum,
            )
        yield from market_problems(
            market, ids[row].as_py(), employer_ids[row].as_py(), region, day, cover, held=held
        )
