"""The follow-up worklist over tables: :func:`follow_ups_due`, the
:class:`~veteran_services.metrics.Worklist` of :func:`veteran_services.metrics.follow_ups_due`
without a record object per placement or response.

The rules are the object path's (:mod:`veteran_services.metrics.followup`): its argument
checks (``worklist_arguments``), the dispositions that are a failed attempt
(:data:`~veteran_services.metrics.FAILED_CONTACT_DISPOSITIONS`) and an interview
(:data:`~veteran_services.model.ANSWERING_DISPOSITIONS`), the words of the retention
estimates (``retention_terms``) and the calendar's month arithmetic (the vectorised twin of
``add_months``). What is columnar is the finding: the cases of each placement and wave
grouped by number, the case of a wave chosen by one sort, the statuses decided over whole
columns; the items are then built in one pass.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any, Final

import attrs
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from veteran_services._checks import checked
from veteran_services._gc import paused_gc
from veteran_services.columnar._calendar import EPOCH, LAST_DAY, add_months, day_number
from veteran_services.columnar._columns import column_of, day_numbers, encode_together
from veteran_services.columnar._convert import as_table
from veteran_services.columnar._metrics import _proportion
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import (
    FAILED_CONTACT_DISPOSITIONS,
    FollowUp,
    FollowUpStatus,
    Worklist,
)
from veteran_services.metrics.followup import (
    panel_retention,
    retention_terms,
    worklist_arguments,
)
from veteran_services.model import ANSWERING_DISPOSITIONS, Disposition

__all__ = ["WORKLIST_COLUMNS", "follow_ups_due"]

#: The columns :func:`follow_ups_due` reads, by record kind.
WORKLIST_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "placements": ("id", "veteran_id", "started_on"),
    "responses": ("id", "placement_id", "wave_months", "collected_on", "disposition"),
}

_STATUSES: Final = tuple(FollowUpStatus)
_DONE, _DUE, _OVERDUE, _LOST, _NOT_YET_DUE = (
    _STATUSES.index(s)
    for s in (
        FollowUpStatus.DONE,
        FollowUpStatus.DUE,
        FollowUpStatus.OVERDUE,
        FollowUpStatus.LOST,
        FollowUpStatus.NOT_YET_DUE,
    )
)
_DISPOSITIONS: Final = tuple(Disposition)
_FAILED: Final = np.array([d in FAILED_CONTACT_DISPOSITIONS for d in _DISPOSITIONS])
_ANSWERED: Final = np.array([d in ANSWERING_DISPOSITIONS for d in _DISPOSITIONS])
#: The confidence of the worklist's retention estimates: panel_retention's default, which
#: follow_ups_due leaves as it is.
_CONFIDENCE: Final = inspect.signature(panel_retention).parameters["confidence"].default
#: The collection day of a case without one, below every real date (``date.min`` there).
_UNDATED: Final = np.iinfo(np.int64).min


@checked
def follow_ups_due(
    tables: Mapping[str, Any],
    *,
    as_of: date,
    schedule: Sequence[int] = (3, 6, 12),
    grace_days: int = 30,
    started_between: tuple[date, date] | None = None,
    lost_after_attempts: int | None = 3,
    lost_after_days: int | None = 180,
) -> Worklist:
    """The follow-up worklist of a caseload's tables: the
    :class:`~veteran_services.metrics.Worklist` of
    :func:`veteran_services.metrics.follow_ups_due` for the same records, item for item, in
    its order, with the same panel retention (the estimates carry no unit-level
    observations, as the columnar rates do).

    The arguments, their defaults and their checks are the object path's.

    Args:
        tables: Record kind → table (Arrow or pandas), as :func:`to_arrow` or
            :func:`read_tables` give them: ``placements`` and ``responses``, with at least
            the columns in :data:`WORKLIST_COLUMNS` (no ``responses``: none recorded).
        as_of: The date of the worklist.
        schedule: The waves in months.
        grace_days: Days after the due date before a follow-up is overdue.
        started_between: Only placements started in this inclusive range.
        lost_after_attempts: Failed attempts after which a follow-up is lost, at least 1
            (``None``: never lost by attempts).
        lost_after_days: Days past the grace period after which an open follow-up is lost
            (``None``: never lost by time).

    Raises:
        InvalidInputError: what the object path refuses, and a table that is missing or
            lacks a column the worklist reads (naming it).
    """
    waves, attempts_limit, days_limit, between = worklist_arguments(
        as_of=as_of,
        schedule=schedule,
        grace_days=grace_days,
        started_between=started_between,
        lost_after_attempts=lost_after_attempts,
        lost_after_days=lost_after_days,
    )
    placements, responses = _tables(tables)
    ids = column_of(placements, "id")
    if ids.null_count:
        msg = "tables['placements'] column 'id' must have no nulls"
        raise InvalidInputError("tables", msg)
    start, start_valid = day_numbers(column_of(placements, "started_on"))
    if not start_valid.all():
        msg = "tables['placements'] column 'started_on' must have no nulls"
        raise InvalidInputError("tables", msg)
    today = day_number(as_of)
    keep = start <= today
    if between is not None:
        keep &= (start >= day_number(between[0])) & (start <= day_number(between[1]))
    rows = np.flatnonzero(keep)
    chosen = pa.array(rows, pa.int64())
    ids = ids.take(chosen)
    start = start[rows]
    cases = _Cases(responses, ids, waves, today)
    n, k = len(rows), len(waves)
    # every placement × wave, placement by placement, waves in order
    wave_of = np.tile(np.arange(k), n)
    placement_of = np.repeat(np.arange(n), k)
    due = add_months(np.repeat(start, k), np.tile(np.array(waves, dtype=np.int64), n))
    never = due > LAST_DAY  # past the end of the calendar: never due
    last = np.where(never, LAST_DAY, np.minimum(due + grace_days, LAST_DAY))
    due_on = np.where(never, LAST_DAY, due)
    cell = cases.code[placement_of] * k + wave_of  # every placement id has a code
    case = cases.case[cell]
    attempts = cases.attempts[cell]
    status = _statuses(case, cases, attempts, due, never, last, today, attempts_limit, days_limit)
    # by due date, placement id and wave; the first placement of a repeated id first
    order = np.lexsort((np.arange(n * k), wave_of, _ranks(ids)[placement_of], due_on))
    with paused_gc():  # many small acyclic objects while the tables are alive
        items = _items(
            order,
            ids,
            column_of(placements, "veteran_id").take(chosen),
            placement_of,
            np.array(waves, dtype=np.int64)[wave_of],
            due_on,
            last,
            status,
            case,
            cases,
            attempts,
        )
    retention = _retention(
        waves, due, never, status, wave_of, placement_of, cases, as_of, between,
        attempts_limit, days_limit,
    )  # fmt: skip
    return Worklist(
        as_of=as_of,
        schedule=waves,
        grace_days=grace_days,
        items=items,
        retention=retention,
        lost_after_attempts=attempts_limit,
        lost_after_days=days_limit,
    )


def _tables(tables: Mapping[str, Any]) -> tuple[pa.Table, pa.Table]:
    found: list[pa.Table | None] = []
    for kind in ("placements", "responses"):
        data = tables.get(kind)
        argument = f"tables[{kind!r}]"
        if data is None:
            if kind == "placements":
                msg = "'tables' must hold the 'placements' table"
                raise InvalidInputError("tables", msg)
            found.append(None)
            continue
        table = as_table(kind, data, argument)
        missing = [c for c in WORKLIST_COLUMNS[kind] if c not in table.column_names]
        if missing:
            msg = f"{argument} lacks the column{'s' if len(missing) > 1 else ''} " + ", ".join(
                repr(c) for c in missing
            )
            raise InvalidInputError("tables", msg)
        found.append(table.select(list(WORKLIST_COLUMNS[kind])))
    placements, responses = found
    if responses is None:
        from veteran_services.columnar._layout import schema

        responses = schema("responses").empty_table().select(list(WORKLIST_COLUMNS["responses"]))
    return placements, responses


def _ranks(ids: pa.Array) -> np.ndarray:
    """Each id's place in the order of Python's text comparison (code points: UTF-8 bytes)."""
    if len(ids) == 0:
        return np.empty(0, dtype=np.int64)
    ranks = pc.rank(ids, sort_keys="ascending", tiebreaker="dense")
    return np.asarray(ranks.to_numpy(zero_copy_only=False), dtype=np.int64)


class _Cases:
    """The recorded cases of each placement id and wave: the case of the wave (an interview,
    else a final case, else the latest attempt), the failed attempts, all known by *today*;
    and whether any case of the wave, whenever collected, is an interview (panel retention).

    Cells are numbered ``code × waves + wave``, *code* the placement's id among the
    placements' distinct ids (``code``, -1 for none: not used)."""

    def __init__(
        self, responses: pa.Table, ids: pa.Array, waves: tuple[int, ...], today: int
    ) -> None:
        about = column_of(responses, "placement_id")
        (codes, response_codes), dictionary = encode_together(ids, about)
        self.code = codes
        self.distinct = len(dictionary)
        k = len(waves)
        cells = len(dictionary) * k
        self.ids = column_of(responses, "id")
        dispositions = _disposition_codes(column_of(responses, "disposition"))
        self.dispositions = dispositions
        wave_months = column_of(responses, "wave_months")
        months = np.asarray(
            pc.fill_null(wave_months, 0).to_numpy(zero_copy_only=False), dtype=np.int64
        )
        schedule = np.array(waves, dtype=np.int64)
        wave = np.searchsorted(schedule, months)
        wave = np.minimum(wave, k - 1)
        in_schedule = (schedule[wave] == months) & np.asarray(
            wave_months.is_valid().to_numpy(zero_copy_only=False), dtype=bool
        )
        # only the cases about one of the placements, at one of the waves
        linked = in_schedule & (response_codes >= 0)
        collected, dated = day_numbers(column_of(responses, "collected_on"))
        collected = np.where(dated, collected, _UNDATED)
        failed = _FAILED[dispositions]
        answered = _ANSWERED[dispositions]
        cell = np.where(linked, response_codes * k + wave, -1)
        self.answered_any = np.zeros(cells, dtype=bool)
        self.answered_any[cell[linked & answered]] = True
        known = linked & (collected <= today)  # undated cases are known
        self.attempts = np.bincount(cell[known & failed], minlength=cells)
        self.case = np.full(cells, -1, dtype=np.int64)
        rows = np.flatnonzero(known)
        if len(rows):
            # the case of a cell: the greatest (interview, final, collection day, id) and, of
            # equal ones, the first recorded (as max() keeps the first)
            order = np.lexsort(
                (
                    -rows,
                    _ranks(self.ids.take(pa.array(rows))),
                    collected[rows],
                    ~failed[rows],
                    answered[rows],
                    cell[rows],
                )
            )
            ranked = rows[order]
            cells_sorted = cell[ranked]
            last = np.flatnonzero(np.append(cells_sorted[1:] != cells_sorted[:-1], True))
            self.case[cells_sorted[last]] = ranked[last]
        self.failed = failed


def _disposition_codes(array: pa.Array) -> np.ndarray:
    values = [d.value for d in _DISPOSITIONS]
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    index = pc.index_in(array, value_set=pa.array(values, pa.string()))
    if index.null_count:
        bad = array.filter(index.is_null())[0].as_py()
        msg = f"tables['responses'] column 'disposition' must hold one of {values!r}, got {bad!r}"
        raise InvalidInputError("tables", msg)
    return np.asarray(index.to_numpy(zero_copy_only=False), dtype=np.int64)


def _statuses(
    case: np.ndarray,
    cases: _Cases,
    attempts: np.ndarray,
    due: np.ndarray,
    never: np.ndarray,
    last: np.ndarray,
    today: int,
    attempts_limit: int | None,
    days_limit: int | None,
) -> np.ndarray:
    """Each item's status, decided as the object path's ``_status`` decides it, first rule
    first: done, lost by attempts, not yet due, due, lost by time, overdue."""
    status = np.full(len(case), _OVERDUE, dtype=np.int64)
    undecided = np.ones(len(case), dtype=bool)

    def decide(where: np.ndarray, value: int) -> None:
        nonlocal undecided
        hit = undecided & where
        status[hit] = value
        undecided &= ~hit

    final = np.append(~cases.failed, False)  # case -1 (none): the last entry, not final
    decide(final[case], _DONE)
    if attempts_limit is not None:
        decide(attempts >= attempts_limit, _LOST)
    decide(never | (today < due), _NOT_YET_DUE)
    decide(today <= last, _DUE)
    if days_limit is not None:
        decide(today - last > days_limit, _LOST)
    return status


def _dates(days: np.ndarray) -> list[date]:
    """Day numbers as dates (each distinct day converted once)."""
    distinct, inverse = np.unique(days, return_inverse=True)
    converted = [EPOCH + timedelta(days=int(d)) for d in distinct]
    return [converted[i] for i in inverse.reshape(-1).tolist()]


def _items(
    order: np.ndarray,
    ids: pa.Array,
    veteran_ids: pa.Array,
    placement_of: np.ndarray,
    wave_months: np.ndarray,
    due_on: np.ndarray,
    last: np.ndarray,
    status: np.ndarray,
    case: np.ndarray,
    cases: _Cases,
    attempts: np.ndarray,
) -> tuple[FollowUp, ...]:
    placement_ids = ids.to_pylist()
    veterans = veteran_ids.to_pylist()
    statuses = [_STATUSES[s] for s in status[order].tolist()]
    cased = case[order]
    if len(cases.ids):
        response_ids = cases.ids.take(pa.array(np.maximum(cased, 0))).to_pylist()
        dispositions = cases.dispositions[np.maximum(cased, 0)]
    else:  # no case recorded: every item has none
        response_ids = [None] * len(cased)
        dispositions = np.zeros(len(cased), dtype=np.int64)
    build = FollowUp
    return tuple(
        build(
            placement_id=placement_ids[p],
            veteran_id=veterans[p],
            wave_months=w,
            due_on=d,
            overdue_after=o,
            status=s,
            response_id=r if c >= 0 else None,
            disposition=_DISPOSITIONS[x] if c >= 0 else None,
            attempts=a,
        )
        for p, w, d, o, s, c, r, x, a in zip(
            placement_of[order].tolist(),
            wave_months[order].tolist(),
            _dates(due_on[order]),
            _dates(last[order]),
            statuses,
            cased.tolist(),
            response_ids,
            dispositions.tolist(),
            attempts[order].tolist(),
            strict=True,
        )
    )


def _retention(
    waves: tuple[int, ...],
    due: np.ndarray,
    never: np.ndarray,
    status: np.ndarray,
    wave_of: np.ndarray,
    placement_of: np.ndarray,
    cases: _Cases,
    as_of: date,
    between: tuple[date, date] | None,
    attempts_limit: int | None,
    days_limit: int | None,
) -> dict[int, Any]:
    """Panel retention at each wave, as :func:`veteran_services.metrics.panel_retention`
    gives it for the worklist: the placements whose wave was due by *as_of*, those with an
    interview at the wave (whenever collected), those lost at it and, by id, those lost at it
    or before."""
    today = day_number(as_of)
    k = len(waves)
    code = cases.code
    ever_lost = np.zeros(cases.distinct, dtype=bool)
    result: dict[int, Any] = {}
    for position, wave in enumerate(waves):
        mine = wave_of == position
        cohort = mine & ~never & (due <= today)
        members = placement_of[cohort]
        responded = cases.answered_any[code[members] * k + position]
        lost = cohort & (status == _LOST)
        ever_lost[code[placement_of[lost]]] = True
        terms = retention_terms(
            wave,
            waves=waves,
            as_of=as_of,
            between=between,
            cumulative=False,
            lost_after_attempts=attempts_limit,
            lost_after_days=days_limit,
        )
        estimate = _proportion(
            terms["name"],
            int(responded.sum()),
            len(members),
            cohort=terms["cohort"],
            window=terms["window"],
            parameters=terms["parameters"],
            excluded={},
            confidence=_CONFIDENCE,
            empty_reason=terms["empty_reason"],
        )
        details = {"lost": int(lost.sum()), "lost_by_now": int(ever_lost.sum())}
        result[wave] = attrs.evolve(estimate, details=details)
    return result
