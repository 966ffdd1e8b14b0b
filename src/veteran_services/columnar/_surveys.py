"""The survey indicators' inputs over whole columns: for each placement, its latest
answering response collected by the scoring date and the mean scaled Likert answer per
survey topic."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from veteran_services.columnar._calendar import day_number
from veteran_services.columnar._columns import (
    arrow_of,
    buffer_of,
    column_of,
    day_numbers,
    numbers,
    strings,
    validity,
    value_codes,
)
from veteran_services.columnar._inputs import Keys
from veteran_services.model import ANSWERING_DISPOSITIONS, Disposition, Topic

__all__ = ["RESPONSE_BLOCK", "survey_means"]

_TOPICS: Final = (Topic.JOB_SATISFACTION.value, Topic.JOB_DEMAND.value, Topic.JOB_RESOURCE.value)
#: Responses whose answers are read at once (≈ 55 000 answers): each per-answer array stays
#: under half a megabyte, so the allocator hands the same memory back from block to block (and
#: from call to call) instead of fresh pages from the operating system.
RESPONSE_BLOCK: Final = 1 << 12


def _placement_codes(p: Keys, about: pa.Array) -> tuple[np.ndarray, np.ndarray, int]:
    """Codes shared by the placements' ids and the ids in *about* (one hash pass over both):
    the code of each placement (placements sharing an id share a code, so they share the
    responses about it, like ``responses_about``), the code of each entry of *about* (-1 where
    it names no placement or is null), and the number of placement codes."""
    joined = pa.concat_arrays([p.ids.cast(pa.string()), about.cast(pa.string())])
    encoded = pc.dictionary_encode(joined)
    codes = numbers(encoded.indices, np.int64, -1)
    placement_code = codes[: p.n]
    # codes are given in order of first appearance: the placements' ids come first
    count = int(placement_code.max()) + 1 if p.n else 0
    about_code = codes[p.n :]
    about_code[about_code >= count] = -1
    return placement_code, about_code, count


def _latest_responses(p: Keys, responses: pa.Table, as_of: date) -> np.ndarray:
    """For each placement, the row of its latest answering response collected by *as_of*
    (ties on the date go to the larger id), or -1."""
    values = [d.value for d in Disposition]
    disposition = value_codes(
        column_of(responses, "disposition"), values, "responses", "disposition"
    )
    answering_of = np.zeros(len(values) + 1, dtype=bool)  # the last entry: null
    answering_of[[values.index(d.value) for d in ANSWERING_DISPOSITIONS]] = True
    collected, has_date = day_numbers(column_of(responses, "collected_on"))
    eligible = answering_of[disposition] & has_date
    eligible &= collected <= day_number(as_of)
    # Only the responses that can count are matched to placements: the join on text ids is
    # the dearest step of scoring, and non-responses are a third of a typical follow-up.
    rows = np.flatnonzero(eligible)
    about = column_of(responses, "placement_id")
    if len(rows) < len(about):
        about = about.filter(arrow_of(eligible))
    placement_code, about_code, count = _placement_codes(p, about)
    matched = about_code >= 0
    rows, owner = rows[matched], about_code[matched]
    result = np.full(p.n, -1, dtype=np.int64)
    if len(rows) == 0:
        return result
    day = collected[rows]
    # the latest date per placement, then the responses collected on it
    latest = np.full(count, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(latest, owner, day)
    on_latest = day == latest[owner]
    rows, owner = rows[on_latest], owner[on_latest]
    by_code = np.full(count, -1, dtype=np.int64)
    by_code[owner] = rows
    # ties on the latest date go to the larger response id: decide those few in Python
    tied = np.flatnonzero(np.bincount(owner, minlength=count) > 1)
    if len(tied):
        among = np.isin(owner, tied)
        tied_rows = rows[among]
        ids = column_of(responses, "id").take(arrow_of(tied_rows)).to_pylist()
        best: dict[int, tuple[str, int]] = {}
        for code, identifier, row in zip(
            owner[among].tolist(), ids, tied_rows.tolist(), strict=True
        ):
            if code not in best or identifier > best[code][0]:
                best[code] = (identifier, row)
        for code, (_, row) in best.items():
            by_code[code] = row
    result[:] = by_code[placement_code]
    return result


def _questions(
    instruments: pa.Table,
) -> dict[tuple[str, int], dict[str, tuple[int, int, bool]]]:
    """Per instrument (id, version): question id → (topic, Likert points, reverse) for the
    Likert questions on the survey topics (the first instrument of a key, like
    ``Caseload.instrument``)."""
    result: dict[tuple[str, int], dict[str, tuple[int, int, bool]]] = {}
    for instrument_id, version, questions in zip(
        column_of(instruments, "id").to_pylist(),
        column_of(instruments, "version").to_pylist(),
        column_of(instruments, "questions").to_pylist(),
        strict=True,
    ):
        key = (instrument_id, version)
        if key in result:
            continue
        items = {}
        for question in questions or ():
            topic = question.get("topic")
            if topic not in _TOPICS or question.get("scale.kind") != "likert":
                continue
            items[question["id"]] = (
                _TOPICS.index(topic),
                int(question["scale.points"]),
                bool(question.get("reverse")),
            )
        result[key] = items
    return result


def _gather_lists(offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The items of the lists at *rows*, from the list column's *offsets*: (index into its
    values, the item's list as a position in *rows*), without copying the lists themselves.
    Both are int64, the type numpy's gathers and ``bincount`` work in."""
    starts = offsets[rows]
    counts = offsets[rows + 1] - starts
    parents: np.ndarray = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
    # item k of the gathered run: its position in the run plus where its list starts,
    # less where the list's run starts
    index: np.ndarray = np.repeat(starts - (np.cumsum(counts) - counts), counts)
    index += np.arange(len(index), dtype=np.int64)
    return index, parents


class _QuestionCells:
    """Where each answer's question puts it among the cells of :func:`survey_means`: the
    word's position in *words* times *width* (``len(words) × width`` for a question that
    does not count). Looked up once per entry of a dictionary-encoded column (once per
    answer for plain strings), before the answers are read block by block."""

    def __init__(self, question_ids: pa.Array, words: Sequence[str], width: int) -> None:
        word_set = strings(words)
        if pa.types.is_dictionary(question_ids.type):
            lookup = pc.index_in(question_ids.dictionary, value_set=word_set)
            indices = question_ids.indices
            self.entries: np.ndarray | None = buffer_of(indices, indices.type.to_pandas_dtype())
            self.valid = validity(indices)
        else:
            lookup = pc.index_in(question_ids, value_set=word_set)
            self.entries, self.valid = None, validity(question_ids)
        position = numbers(lookup, np.int64, len(words))
        self.base = position * width
        self.uncounted = len(words) * width

    def __call__(self, index: np.ndarray) -> np.ndarray:
        bases: np.ndarray = self.base[index if self.entries is None else self.entries[index]]
        if self.valid is not None:
            bases[~self.valid[index]] = self.uncounted
        return bases


def _whole_numbers(
    values: np.ndarray, valid: np.ndarray | None, index: np.ndarray, most: int
) -> np.ndarray:
    """The integer answers at *index* (from the column's data and validity, see
    :func:`buffer_of` and :func:`validity`), clipped to [0, most + 1]; 0 where there is none (not
    a whole number, or null)."""
    numbers: np.ndarray = values[index]
    np.clip(numbers, 0, most + 1, out=numbers)
    if valid is not None:
        numbers *= valid[index]
    return numbers


def survey_means(
    p: Keys,
    responses: pa.Table,
    instruments: pa.Table,
    as_of: date,
    *,
    block_size: int = RESPONSE_BLOCK,
) -> tuple[np.ndarray, np.ndarray]:
    """Per placement and survey topic, the mean scaled Likert answer of its latest response
    (NaN where none) and whether the response's instrument was found. The answers are read
    *block_size* responses at a time."""
    means = np.full((p.n, 3), np.nan)
    chosen = _latest_responses(p, responses, as_of)
    has = np.flatnonzero(chosen >= 0)
    with_instrument = np.zeros(p.n, dtype=bool)
    if len(has) == 0:
        return means, with_instrument
    rows = chosen[has]
    # The chosen responses in table order, each once: their answers are then read front to
    # back (a streaming read, not a random one), and a response two placements share (they
    # share an id) is read once.
    picked = np.zeros(responses.num_rows, dtype=bool)
    picked[rows] = True
    selected = np.flatnonzero(picked)
    position = np.zeros(responses.num_rows, dtype=np.int64)
    position[selected] = np.arange(len(selected))
    of_has = position[rows]
    # the instrument of each selected response, as a small group number
    encoded = pc.dictionary_encode(column_of(responses, "instrument_id").take(arrow_of(selected)))
    instrument_code = numbers(encoded.indices, np.int64, -1)
    version = numbers(column_of(responses, "instrument_version"), np.int64, 0)[selected]
    key_code = instrument_code.astype(np.int64) * (int(version.max()) + 1) + version
    if key_code.min() == key_code.max():  # one instrument version: the usual case
        group_keys, group_of = key_code[:1], np.zeros(len(key_code), dtype=np.int64)
    else:
        group_keys, group_of = np.unique(key_code, return_inverse=True)
    names = encoded.dictionary.to_pylist()
    span = int(version.max()) + 1
    keys = [(names[int(k) // span], int(k) % span) for k in group_keys.tolist()]
    questions = _questions(instruments)
    found = np.array([key in questions for key in keys])
    with_instrument[has] = found[group_of[of_has]]
    # Small tables over (instrument, question, answer): the topic the answer counts towards
    # (3: none) and its scaled value. An answer's cell is (group × (words + 1) + word) × width
    # + its whole number clipped to [0, width - 1], where word = len(words) stands for every
    # question that does not count (off the topics, or not Likert): all its cells are topic 3.
    words = sorted({name for key in keys for name in questions.get(key, {})})
    most = max((v[1] for key in keys for v in questions.get(key, {}).values()), default=1)
    width = most + 2
    per_group = (len(words) + 1) * width
    topic_of = np.full(len(keys) * per_group, 3, dtype=np.int64)
    scaled_of = np.zeros(len(keys) * per_group)
    for g, key in enumerate(keys):
        items_of = questions.get(key, {})
        for w, name in enumerate(words):
            if name in items_of:
                topic, points, reverse = items_of[name]
                base = g * per_group + w * width
                for level in range(1, points + 1):
                    scaled = (level - 1) / (points - 1)
                    topic_of[base + level] = topic
                    scaled_of[base + level] = 1.0 - scaled if reverse else scaled
    # the answers of the selected responses, a block of responses at a time: the per-answer
    # arrays stay small enough to be reused from one block to the next (and to stay in the
    # processor's caches), instead of a fresh gigabyte from the operating system per call
    answers = column_of(responses, "answers")
    items = answers.values
    question_cells = _QuestionCells(items.field("question_id"), words, width)
    integers = items.field("value.integer")
    integer_values, integer_valid = buffer_of(integers, np.int64), validity(integers)
    offsets = numbers(answers.offsets, np.int64, 0)
    per_response = np.empty((len(selected), 4))
    for begin in range(0, len(selected), block_size):
        block = selected[begin : begin + block_size]
        index, parents = _gather_lists(offsets, block)
        cell = question_cells(index)
        cell += _whole_numbers(integer_values, integer_valid, index, most)
        if len(keys) > 1:
            cell += group_of[begin + parents] * per_group
        target = parents * 4
        target += topic_of[cell]
        size = len(block) * 4
        sums = np.bincount(target, weights=scaled_of[cell], minlength=size)
        counts = np.bincount(target, minlength=size)
        with np.errstate(divide="ignore", invalid="ignore"):
            per_response[begin : begin + len(block)] = np.where(
                counts > 0, sums / counts, np.nan
            ).reshape(len(block), 4)
    means[has] = per_response[of_has, :3]
    means[~with_instrument] = np.nan
    return means, with_instrument
