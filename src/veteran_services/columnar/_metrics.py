"""Vectorised programme metrics over Arrow tables: the rate indicators of issue 9.

Each gives the :class:`~veteran_services.metrics.Estimate` of its object-path namesake in
:mod:`veteran_services.metrics` (every field but the unit-level observations, which are not
built), computed with numpy over whole columns. Like the object path, no record stops a rate
(issue 13): a unit whose window or outcome quarter runs past 9999-12-31, the last day the
calendar holds, is excluded with the object path's reason; problems with the arguments (a bad
window, an unknown rule, tables without the columns) raise.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any, Final

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from dateutil.relativedelta import relativedelta

from veteran_services._checks import checked
from veteran_services.columnar._calendar import (
    LAST_DAY,
    add_months,
    day_number,
    parse_quarters,
    quarter_end,
    quarter_index,
)
from veteran_services.columnar._columns import column_of, day_numbers
from veteran_services.columnar._convert import as_table
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import SIX_MONTHS, Estimate, ExitRule, PlacementAnchor, Window
from veteran_services.metrics.cohorts import (
    GAP_DAYS,
    Counting,
    beyond_calendar,
    check_between,
    check_counting,
    check_positive,
    check_rule,
    describe_between,
    describe_counting,
    exit_unit_ids,
)
from veteran_services.model import PARTICIPATION_CONTACTS
from veteran_services.model.time import LAST_QUARTER, quarter_label
from veteran_services.stats import wilson_interval

__all__ = [
    "RATE_COLUMNS",
    "employment_rate_after_exit",
    "placement_rate",
    "retention_with_same_employer",
]

#: The columns the rate indicators read, by record kind (read only these from Parquet).
RATE_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "veterans": ("id", "registered_on", "service", "exclusions"),
    "enrolments": ("id", "veteran_id", "enrolled_on", "ended_on", "exit_reason"),
    "placements": ("veteran_id", "employer_id", "started_on", "ended_on", "subsidised"),
    "earnings": ("veteran_id", "employer_id", "quarter", "amount.amount"),
    "ventures": ("id", "founder_ids", "registered_on", "closed_on", "snapshots"),
    "contacts": ("id", "veteran_id", "occurred_on", "kind"),
    "responses": ("collected_on",),
}
_ANCHORS: Final = ("registration", "separation")


def _plus(days: np.ndarray, period: object) -> np.ndarray:
    """Days since 1970 plus *period* with relativedelta's rules: years and months first (the
    day clamped to the end of a shorter month), then days."""
    if not isinstance(period, relativedelta):
        # a TypeError, as the object path's date + period gives
        msg = f"'within' must be a relativedelta, got {period!r}"
        raise TypeError(msg)
    unsupported = (
        period.leapdays
        or period.hours
        or period.minutes
        or period.seconds
        or period.microseconds
        or any(
            getattr(period, name) is not None
            for name in ("year", "month", "day", "weekday", "hour", "minute", "second")
        )
    )
    if unsupported:
        msg = f"'within' may only hold years, months, weeks and days here, got {period!r}"
        raise InvalidInputError("within", msg)
    result: np.ndarray = add_months(days, period.years * 12 + period.months) + period.days
    return result


def _starts_in_window(
    owner_codes: np.ndarray,
    starts: np.ndarray,
    row_codes: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    rows: np.ndarray,
) -> np.ndarray:
    """For each of *rows*, whether some record of its code starts in [first, last]."""
    hit = np.zeros(len(row_codes), dtype=bool)
    if len(owner_codes) == 0 or len(rows) == 0:
        return hit
    order = np.argsort(owner_codes, kind="stable")
    sorted_codes = owner_codes[order]
    low = np.searchsorted(sorted_codes, row_codes[rows], side="left")
    high = np.searchsorted(sorted_codes, row_codes[rows], side="right")
    counts = high - low
    pair_row = np.repeat(rows, counts)
    pair_record = order[
        np.repeat(low - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
    ]
    inside = (starts[pair_record] >= first[pair_row]) & (starts[pair_record] <= last[pair_row])
    hit[pair_row[inside]] = True
    return hit


def _proportion(
    name: str,
    successes: int,
    count: int,
    *,
    cohort: str,
    window: str,
    parameters: dict[str, Any],
    excluded: dict[str, str],
    confidence: float,
    empty_reason: str,
) -> Estimate:
    """A rate's estimate as :func:`veteran_services.metrics.summarise` makes a proportion's
    (no unit-level observations): the share with its Wilson interval, or no value and
    *empty_reason* when nobody is counted."""
    base: dict[str, Any] = {
        "name": name,
        "unit": "proportion",
        "statistic": "proportion",
        "cohort": cohort,
        "window": window,
        "parameters": parameters,
        "excluded": excluded,
        "confidence": confidence,
        "denominator": count,
    }
    if count == 0:
        return Estimate(value=None, reason=empty_reason, **base)
    return Estimate(
        value=successes / count,
        numerator=successes,
        interval=wilson_interval(successes, count, confidence=confidence),
        **base,
    )


def _excluded(units: list[str], texts: list[str | None]) -> dict[str, str]:
    """The units left out, by id, with why."""
    left_out = [(unit, text) for unit, text in zip(units, texts, strict=True) if text is not None]
    return dict(sorted(left_out))


@checked
def placement_rate(
    veterans: Any,
    placements: Any,
    *,
    ventures: Any = None,
    enrolments: Any = None,
    contacts: Any = None,
    responses: Any = None,
    within: relativedelta = SIX_MONTHS,
    anchor: PlacementAnchor = "registration",
    between: tuple[date, date] | None = None,
    as_of: date | None = None,
    include_subsidised: bool = True,
    include_ventures: bool = False,
    rule: ExitRule = "enrolments",
    confidence: float = 0.95,
) -> Estimate:
    """:func:`veteran_services.metrics.placement_rate` over tables, with numpy.

    The same estimate (value, numerator, denominator, Wilson interval, excluded units with
    their reasons, parameters) as the object path, for every anchor: ``"registration"``,
    ``"separation"`` and ``"exit"`` (exits by *rule*, as :func:`employment_rate_after_exit`
    finds them, with the WIOA exclusions); the same arguments, checked in the same order with
    the same errors. The unit-level observations are not built (``observations`` is empty).

    Args:
        veterans: Veterans (``id``, ``registered_on``, ``service``, and ``exclusions`` for the
            exit anchor), an Arrow table or pandas frame laid out as
            :func:`~veteran_services.columnar.to_arrow` makes it.
        placements: Placements (``veteran_id``, ``started_on``, ``subsidised``).
        ventures: Ventures (``founder_ids``, ``registered_on``); needed with
            *include_ventures*.
        enrolments: Enrolments (``id``, ``veteran_id``, ``enrolled_on``, ``ended_on``); needed
            with the exit anchor (columnar only: the object path finds them in its caseload).
        contacts: Service contacts; needed with the exit anchor and ``rule="contacts"``
            (columnar only).
        responses: Survey responses (``collected_on``), for the contact rule's data cutoff when
            there is no *as_of* (columnar only; see :func:`employment_rate_after_exit`).
        within: The window after the anchor (years, months, weeks and days only: the one
            restriction the object path does not have).
        anchor: ``"registration"`` (default), ``"separation"`` or ``"exit"``.
        between: Inclusive range of anchor dates (``None``: all), a tuple or list of two dates.
        as_of: Evaluation date; veterans whose window has not ended by then are left out.
        include_subsidised: Whether subsidised placements count.
        include_ventures: Whether starting a venture counts as being placed.
        rule: How exits are found when *anchor* is ``"exit"``.
        confidence: Coverage of the Wilson interval.

    Raises:
        InvalidInputError: a bad *between*, anchor, rule (with the exit anchor) or window, the
            exit anchor without *enrolments*, or tables without the columns.
    """
    return _placement_cases(
        veterans,
        placements,
        ventures=ventures,
        enrolments=enrolments,
        contacts=contacts,
        responses=responses,
        within=within,
        anchor=anchor,
        between=between,
        as_of=as_of,
        include_subsidised=include_subsidised,
        include_ventures=include_ventures,
        rule=rule,
        confidence=confidence,
    )[0]


def _placement_cases(
    veterans: Any,
    placements: Any,
    *,
    ventures: Any,
    enrolments: Any,
    contacts: Any,
    responses: Any,
    within: relativedelta,
    anchor: PlacementAnchor,
    between: tuple[date, date] | None,
    as_of: date | None,
    include_subsidised: bool,
    include_ventures: bool,
    rule: str,
    confidence: float,
) -> tuple[Estimate, list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`placement_rate` with its cases: the estimate, each candidate's veteran id, anchor
    day and window end (day numbers), the rows counted (those the rate includes) and whether
    each was placed."""
    # the object path's checks, in its order: the range, then the rule (exits) or the anchor
    window_between = check_between(between, "between")
    if anchor == "exit":
        rule = check_rule(rule)
        if enrolments is None:
            msg = "'enrolments' is needed with anchor='exit'"
            raise InvalidInputError("enrolments", msg)
    elif anchor not in _ANCHORS:
        msg = f"'anchor' must be 'registration', 'separation' or 'exit', got {anchor!r}"
        raise InvalidInputError("anchor", msg)
    vets = as_table("veterans", veterans, "veterans")
    jobs = as_table("placements", placements, "placements")
    ids = column_of(vets, "id")
    # the WIOA exclusion of each unit (exits only), which comes before any other reason
    wioa: list[str | None] = []
    if anchor == "exit":
        exits, wioa = _exit_cohort(
            vets,
            enrolments,
            jobs,
            ventures,
            contacts,
            responses,
            between=window_between,
            rule=rule,
            as_of=as_of,
            cutoff=None,
            counting="last_exit",  # a veteran-level rate, as the object path's
        )
        ids = pa.array(exits.veteran_ids, pa.string())
        day = np.asarray(exits.exited, dtype=np.int64)
        known = np.ones(len(day), dtype=bool)
    elif anchor == "registration":
        day, known = day_numbers(column_of(vets, "registered_on"))
    else:
        service = column_of(vets, "service")
        offsets = np.asarray(service.offsets.to_numpy(zero_copy_only=False), dtype=np.int64)
        last_period = pa.array(offsets[1:] - 1)
        day, known = day_numbers(service.values.field("end").take(last_period))
    cohort = known.copy()
    if window_between is not None and anchor != "exit":  # (exits are found in the range)
        low, high = (day_number(d) for d in window_between)
        cohort &= (day >= low) & (day <= high)
    if as_of is not None:
        cohort &= day <= day_number(as_of)
    end = _plus(day, within)
    wioa_excluded = np.array([text is not None for text in wioa], dtype=bool)
    unexcluded = cohort & ~wioa_excluded if len(wioa) else cohort
    # a window past the end of the calendar can never be observed (the object path's rule)
    beyond = unexcluded & (end > LAST_DAY)
    late = unexcluded & ~beyond
    if as_of is not None:
        late &= end > day_number(as_of)
    else:
        late[:] = False
    included = np.flatnonzero(unexcluded & ~late & ~beyond)
    end = np.minimum(end, LAST_DAY)

    encoded = pc.dictionary_encode(ids)
    row_codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)

    def codes_of(values: pa.Array) -> np.ndarray:
        found = pc.index_in(values, value_set=encoded.dictionary)
        return np.asarray(pc.fill_null(found, -1).to_numpy(zero_copy_only=False), np.int64)

    job_owner = codes_of(column_of(jobs, "veteran_id"))
    job_start, _ = day_numbers(column_of(jobs, "started_on"))
    usable = job_owner >= 0
    if not include_subsidised:
        subsidised = column_of(jobs, "subsidised").to_numpy(zero_copy_only=False)
        usable &= ~np.asarray(subsidised, dtype=bool)
    placed = _starts_in_window(job_owner[usable], job_start[usable], row_codes, day, end, included)
    if include_ventures:
        if ventures is None:
            msg = "'ventures' is needed when include_ventures is true"
            raise InvalidInputError("ventures", msg)
        firms = as_table("ventures", ventures, "ventures")
        founders = column_of(firms, "founder_ids")
        parents = np.asarray(pc.list_parent_indices(founders).to_numpy(zero_copy_only=False))
        registered, _ = day_numbers(column_of(firms, "registered_on"))
        founder_owner = codes_of(pc.list_flatten(founders))
        keep = founder_owner >= 0
        placed |= _starts_in_window(
            founder_owner[keep], registered[parents][keep], row_codes, day, end, included
        )

    excluded_rows = np.flatnonzero(late)
    excluded_ids = ids.take(pa.array(excluded_rows)).to_pylist() if len(excluded_rows) else []
    ends = (end[excluded_rows]).astype("datetime64[D]").astype(object)
    excluded = {
        unit: f"the window to {last} is not complete on {as_of}"
        for unit, last in zip(excluded_ids, ends.tolist(), strict=True)
    }
    beyond_rows = np.flatnonzero(beyond)
    if len(beyond_rows):
        text = beyond_calendar(f"the window after the {anchor}")
        excluded |= dict.fromkeys(ids.take(pa.array(beyond_rows)).to_pylist(), text)
    if len(wioa):
        unit_ids = ids.to_pylist()
        excluded |= {unit_ids[k]: wioa[k] for k in np.flatnonzero(wioa_excluded).tolist()}
    excluded = dict(sorted(excluded.items()))
    count = len(included)
    successes = int(placed[included].sum())
    estimate = _proportion(
        "placement_rate",
        successes,
        count,
        cohort=f"veterans with {anchor} {describe_between(window_between)}",
        window=Window.within(anchor, within).describe(),
        parameters={
            "within": within,
            "anchor": anchor,
            "between": window_between,
            "as_of": as_of,
            "include_subsidised": include_subsidised,
            "include_ventures": include_ventures,
            "rule": rule,
        },
        excluded=excluded,
        confidence=confidence,
        empty_reason=f"no veteran has a {anchor} date {describe_between(window_between)}",
    )
    return estimate, ids.to_pylist(), day, end, included, placed


# --- exits (enrolment and contact rules) and employment after exit -------------------------

_OPEN: Final = 2**40  # an end date later than any real one: the spell has not ended


def _by_veteran(
    veteran: pa.Array, day: np.ndarray, ids: pa.Array, keep: np.ndarray
) -> tuple[np.ndarray, np.ndarray, pa.DictionaryArray]:
    """The rows where *keep* holds, sorted by veteran, then *day*, then id: the rows, each
    row's veteran as a code, and the encoded veteran column (codes into its dictionary)."""
    encoded = pc.dictionary_encode(veteran)
    code = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    rows = np.flatnonzero(keep)
    order = pc.sort_indices(
        pa.table(
            {
                "veteran": pa.array(code[rows]),
                "day": pa.array(day[rows]),
                "id": ids.take(pa.array(rows)),
            }
        ),
        sort_keys=[("veteran", "ascending"), ("day", "ascending"), ("id", "ascending")],
    )
    rows = rows[np.asarray(order.to_numpy(zero_copy_only=False), dtype=np.int64)]
    return rows, code[rows], encoded


class _Exits:
    """The exit cohort of :func:`veteran_services.metrics.exits` with the enrolment rule: the
    spells of back-to-back or overlapping enrolments that ended in the window (evaluated as of
    *as_of*), each one (*counting* ``"periods"``) or each veteran's last, as arrays sorted by
    veteran and exit date, with the reason for exit recorded on the spell's last enrolments."""

    def __init__(
        self,
        enrolments: pa.Table,
        between: tuple[date, date] | None,
        as_of: date | None,
        counting: Counting = "periods",
    ) -> None:
        veteran = column_of(enrolments, "veteran_id")
        ids = column_of(enrolments, "id")
        start, _ = day_numbers(column_of(enrolments, "enrolled_on"))
        ended, has_end = day_numbers(column_of(enrolments, "ended_on"))
        keep = np.ones(len(start), dtype=bool)
        if as_of is not None:
            cutoff = day_number(as_of)
            keep &= start <= cutoff
            has_end &= ended <= cutoff  # ending after the evaluation date: not yet ended
        # by veteran, start date, id (the id breaks ties as the object path does)
        rows, vet, encoded = _by_veteran(veteran, start, ids, keep)
        begin = start[rows]
        end = np.where(has_end[rows], ended[rows], _OPEN)
        first_of_veteran = np.ones(len(rows), dtype=bool)
        first_of_veteran[1:] = vet[1:] != vet[:-1]
        # the running end of the spell so far: a cumulative maximum that restarts per veteran
        # (each veteran's values shifted above the previous veteran's)
        rank = np.cumsum(first_of_veteran) - 1
        shifted = rank * (2 * _OPEN) + end
        running = np.maximum.accumulate(shifted) - rank * (2 * _OPEN) if len(rows) else end
        before = np.empty_like(running)
        before[1:] = running[:-1]
        new_spell = first_of_veteran.copy()
        new_spell[1:] |= (~first_of_veteran[1:]) & (begin[1:] > before[1:] + 1)
        spell = np.cumsum(new_spell) - 1
        count = int(spell[-1]) + 1 if len(rows) else 0
        # dates before 1970 are negative: start below every one of them
        spell_end = np.full(count, np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(spell_end, spell, end)
        spell_start = begin[new_spell]
        spell_vet = vet[new_spell]
        done = spell_end < _OPEN
        if between is not None:
            low, high = (day_number(d) for d in between)
            done &= (spell_end >= low) & (spell_end <= high)
        # every qualifying spell, or the last one of each veteran
        candidates = np.flatnonzero(done)
        last = np.ones(len(candidates), dtype=bool)
        if counting == "last_exit":
            last[:-1] = spell_vet[candidates][1:] != spell_vet[candidates][:-1]
        chosen = candidates[last]
        # the record: the smallest id among the spell's enrolments that ended on its end; the
        # reason for exit: the smallest id among those that hold one
        member_rows = np.flatnonzero(np.isin(spell, chosen))
        on_end = end[member_rows] == spell_end[spell[member_rows]]
        finals = member_rows[on_end]
        record: dict[int, str] = {}
        reason: dict[int, tuple[str, str]] = {}
        final_ids = ids.take(pa.array(rows[finals])).to_pylist()
        if "exit_reason" in enrolments.column_names:
            why_column = column_of(enrolments, "exit_reason")
            final_reasons = why_column.take(pa.array(rows[finals])).to_pylist()
        else:  # tables written before the column existed: no reason recorded
            final_reasons = [None] * len(final_ids)
        for s, identifier, why in zip(
            spell[finals].tolist(), final_ids, final_reasons, strict=True
        ):
            if s not in record or identifier < record[s]:
                record[s] = identifier
            if why is not None and (s not in reason or identifier < reason[s][0]):
                reason[s] = (identifier, why)
        names = encoded.dictionary.to_pylist()
        veteran_ids = [names[c] for c in spell_vet[chosen].tolist()]
        order = np.argsort(np.array(veteran_ids, dtype=object), kind="stable")
        picked = chosen[order].tolist()
        self.veteran_ids: list[str] = [veteran_ids[i] for i in order]
        self.exited = spell_end[chosen][order]
        self.began = spell_start[chosen][order]
        self.record_ids = [record[s] for s in picked]
        #: (enrolment id, reason) of the reason for exit of each exit, or None
        self.exit_reasons: list[tuple[str, str] | None] = [reason.get(s) for s in picked]


# values, not an Arrow array: building one at import would import pandas (pa.array looks for it)
_PARTICIPATION: Final = tuple(sorted(kind.value for kind in PARTICIPATION_CONTACTS))


class _ContactExits:
    """The exit cohort of :func:`veteran_services.metrics.exits` with the contact rule: the
    spells of participation contacts, each within 90 days of the one before, that ended in the
    window with 90 days without service by *evaluation* (each one, or each veteran's last)."""

    def __init__(
        self,
        contacts: pa.Table,
        between: tuple[date, date] | None,
        evaluation: date | None,
        counting: Counting = "periods",
    ) -> None:
        veteran = column_of(contacts, "veteran_id")
        ids = column_of(contacts, "id")
        day, known = day_numbers(column_of(contacts, "occurred_on"))
        participation = pc.fill_null(
            pc.is_in(column_of(contacts, "kind"), value_set=pa.array(_PARTICIPATION)), False
        )
        keep = known & np.asarray(participation.to_numpy(zero_copy_only=False), dtype=bool)
        cutoff = 0 if evaluation is None else day_number(evaluation)
        if evaluation is None:  # no dated event at all: nobody has exited
            keep[:] = False
        keep &= day <= cutoff
        # by veteran, date, id (the object path's order within a veteran)
        rows, vet, encoded = _by_veteran(veteran, day, ids, keep)
        when = day[rows]
        new_spell = np.ones(len(rows), dtype=bool)
        new_spell[1:] = (vet[1:] != vet[:-1]) | (when[1:] - when[:-1] > GAP_DAYS)
        last_of_spell = np.ones(len(rows), dtype=bool)
        last_of_spell[:-1] = new_spell[1:]
        spell_vet = vet[new_spell]
        spell_first = when[new_spell]
        spell_last = when[last_of_spell]
        spell_record = rows[last_of_spell]  # the last contact in (date, id) order
        done = cutoff - spell_last >= GAP_DAYS
        if between is not None:
            low, high = (day_number(d) for d in between)
            done &= (spell_last >= low) & (spell_last <= high)
        candidates = np.flatnonzero(done)
        last = np.ones(len(candidates), dtype=bool)
        if counting == "last_exit":
            last[:-1] = spell_vet[candidates][1:] != spell_vet[candidates][:-1]
        chosen = candidates[last]
        names = encoded.dictionary.to_pylist()
        veteran_ids = [names[c] for c in spell_vet[chosen].tolist()]
        record_ids = ids.take(pa.array(spell_record[chosen])).to_pylist() if len(chosen) else []
        by_id = np.argsort(np.array(veteran_ids, dtype=object), kind="stable")
        self.veteran_ids: list[str] = [veteran_ids[i] for i in by_id]
        self.exited = spell_last[chosen][by_id]
        self.began = spell_first[chosen][by_id]
        self.record_ids: list[str] = [record_ids[i] for i in by_id]
        self.exit_reasons: list[tuple[str, str] | None] = [None] * len(by_id)


#: The date columns :func:`veteran_services.metrics.data_cutoff` looks at, by record kind.
_CUTOFF_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "enrolments": ("enrolled_on", "ended_on"),
    "placements": ("started_on", "ended_on"),
    "ventures": ("registered_on", "closed_on", "snapshots"),
    "contacts": ("occurred_on",),
    "responses": ("collected_on",),
}


def _latest_date(tables: Mapping[str, pa.Table | None]) -> date | None:
    """:func:`veteran_services.metrics.data_cutoff` of the tables given (by kind; None: no
    records): the latest enrolment, placement, venture (snapshots too), contact or collection
    date, or None when they hold no date."""
    arrays = []
    for kind, table in tables.items():
        if table is None:
            continue
        for name in _CUTOFF_COLUMNS[kind]:
            array = column_of(table, name)
            if name == "snapshots":
                array = pc.struct_field(pc.list_flatten(array), "as_of")
            arrays.append(array)
    found = [pc.max(array).as_py() for array in arrays if len(array)]
    return max((d for d in found if d is not None), default=None)


#: Within :func:`shared_cohorts`: the exit cohorts and unit ids already found, by the
#: identity of the tables and the arguments (None outside: nothing is kept).
_SHARED: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("_SHARED", default=None)


@contextmanager
def shared_cohorts() -> Iterator[None]:
    """Within the block, each exit cohort (:func:`_exit_cohort`) and its unit ids
    (:func:`_units`) are found once for the same tables (the same objects, which the caller
    keeps alive and unchanged) and arguments: the headline figures share them, as the object
    path's :func:`~veteran_services.metrics.exits` remembers its cohorts."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _exit_cohort(
    veterans: Any,
    enrolments: Any,
    placements: Any,
    ventures: Any,
    contacts: Any,
    responses: Any,
    *,
    between: tuple[date, date] | None,
    rule: str,
    as_of: date | None,
    cutoff: date | None,
    counting: Counting = "periods",
) -> tuple[_Exits | _ContactExits, list[str | None]]:
    """The exits of *rule* and the WIOA exclusion text of each (or None).

    With the contact rule, exits are evaluated on *as_of*, else on *cutoff* when given (the
    data cutoff of a whole caseload, for one bucket of it), else on the tables' data cutoff.
    Within :func:`shared_cohorts`, found once for the same tables and arguments (the texts
    are a new list each time: callers add to them).
    """
    memo = _SHARED.get()
    if memo is None:
        return _find_exit_cohort(
            veterans,
            enrolments,
            placements,
            ventures,
            contacts,
            responses,
            between=between,
            rule=rule,
            as_of=as_of,
            cutoff=cutoff,
            counting=counting,
        )
    sources = (veterans, enrolments, placements, ventures, contacts, responses)
    key = ("cohort", *map(id, sources), between, rule, as_of, cutoff, counting)
    if key not in memo:
        memo[key] = (
            sources,  # held, so that no id is reused while the memo lives
            _find_exit_cohort(
                *sources,
                between=between,
                rule=rule,
                as_of=as_of,
                cutoff=cutoff,
                counting=counting,
            ),
        )
    exits, texts = memo[key][1]
    return exits, list(texts)


def _find_exit_cohort(
    veterans: Any,
    enrolments: Any,
    placements: Any,
    ventures: Any,
    contacts: Any,
    responses: Any,
    *,
    between: tuple[date, date] | None,
    rule: str,
    as_of: date | None,
    cutoff: date | None,
    counting: Counting = "periods",
) -> tuple[_Exits | _ContactExits, list[str | None]]:
    """:func:`_exit_cohort`, found afresh."""
    vets = as_table("veterans", veterans, "veterans")
    enrolment_table = as_table("enrolments", enrolments, "enrolments")
    exits: _Exits | _ContactExits
    if rule == "enrolments":
        exits = _Exits(enrolment_table, between, as_of, counting)
    else:
        if contacts is None:
            msg = "'contacts' is needed with rule='contacts'"
            raise InvalidInputError("contacts", msg)
        contact_table = as_table("contacts", contacts, "contacts")
        evaluation = as_of if as_of is not None else cutoff
        if evaluation is None:
            optional = {"ventures": ventures, "responses": responses}
            evaluation = _latest_date(
                {
                    "enrolments": enrolment_table,
                    "placements": as_table("placements", placements, "placements"),
                    "contacts": contact_table,
                    **{k: None if v is None else as_table(k, v, k) for k, v in optional.items()},
                }
            )
        exits = _ContactExits(contact_table, between, evaluation, counting)
    return exits, _exclusions(vets, exits)


def _exclusions(veterans: pa.Table, exits: _Exits | _ContactExits) -> list[str | None]:
    """The WIOA exclusion text of each exit, or None: the object path's
    :func:`~veteran_services.metrics.exit_exclusion` (the reason for exit of the enrolment that
    ended it, else the first exclusion dated from the start of the period of participation
    through the end of the 4th quarter after the exit quarter)."""
    ids = column_of(veterans, "id").to_pylist()
    column = column_of(veterans, "exclusions")
    lengths = np.asarray(
        pc.fill_null(pc.list_value_length(column), 0).to_numpy(zero_copy_only=False), np.int64
    )
    first_row: dict[str, int] = {}
    for row, identifier in enumerate(ids):
        first_row.setdefault(identifier, row)
    # only the exits with a reason for exit or a veteran with exclusions need a look
    rows = np.array([first_row.get(v, -1) for v in exits.veteran_ids], dtype=np.int64)
    recorded = np.zeros(len(rows), dtype=bool)
    recorded[rows >= 0] = lengths[rows[rows >= 0]] > 0
    reasons = exits.exit_reasons
    wanted = [k for k, why in enumerate(reasons) if why is not None]
    wanted = sorted({*wanted, *np.flatnonzero(recorded).tolist()})
    texts: list[str | None] = [None] * len(rows)
    if not wanted:
        return texts
    needed = sorted({int(rows[k]) for k in wanted if rows[k] >= 0})
    lists = dict(zip(needed, column.take(pa.array(needed, pa.int64())).to_pylist(), strict=True))
    ends = quarter_end(quarter_index(exits.exited[wanted]) + 4).tolist()
    for k, last in zip(wanted, ends, strict=True):
        why = reasons[k]
        if why is not None:
            texts[k] = f"{why[1]}: the reason for exit of enrolment {why[0]}"
            continue
        began, exited = int(exits.began[k]), int(exits.exited[k])
        for item in sorted(lists[int(rows[k])] or [], key=lambda i: i["on"]):
            day = day_number(item["on"])
            if began <= day < exited:
                texts[k] = f"{item['reason']} on {item['on']} (exclusion during participation)"
                break
            if exited <= day <= last:
                texts[k] = (
                    f"{item['reason']} on {item['on']} (exclusion from exit to Q4 after exit)"
                )
                break
    return texts


def _units(exits: _Exits | _ContactExits) -> tuple[list[str], pa.Array, np.ndarray]:
    """The unit id of each exit (:func:`~veteran_services.metrics.cohorts.exit_unit_ids`), the
    distinct veterans (an Arrow dictionary) and each exit's code into it (within
    :func:`shared_cohorts`, found once for each cohort)."""
    memo = _SHARED.get()
    if memo is not None:
        key = ("units", id(exits))
        if key not in memo:
            memo[key] = (exits, _find_units(exits))
        found: tuple[list[str], pa.Array, np.ndarray] = memo[key][1]
        return found
    return _find_units(exits)


def _find_units(exits: _Exits | _ContactExits) -> tuple[list[str], pa.Array, np.ndarray]:
    # (days as numpy dates: their .tolist() gives datetime.date objects, made in C)
    units = exit_unit_ids(exits.veteran_ids, exits.exited.astype("datetime64[D]").tolist())
    ids = pa.array(exits.veteran_ids, pa.string())
    if len(ids) > 1 and pc.all(pc.greater_equal(ids[1:], ids[:-1])).as_py():
        # sorted by veteran (as the cohorts are): the distinct ids are where the id changes
        new = np.ones(len(ids), dtype=bool)
        new[1:] = _bools_of(pc.not_equal(ids[1:], ids[:-1]))
        return units, ids.filter(pa.array(new)), np.cumsum(new) - 1
    names, codes = np.unique(np.array(exits.veteran_ids, dtype=object), return_inverse=True)
    return units, pa.array(names.tolist(), pa.string()), np.asarray(codes, dtype=np.int64)


def _bools_of(array: pa.Array) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)


def _as_date(day: int) -> date:
    """The date *day* days after 1970-01-01."""
    return date.fromordinal(_EPOCH + day)


_EPOCH: Final = date(1970, 1, 1).toordinal()


def _exclude_unobserved(
    excluded_text: list[str | None], outcome: np.ndarray, as_of: date | None
) -> None:
    """Exclude (in *excluded_text*, where nothing excludes the exit yet) each exit whose
    outcome quarter (a running quarter number) cannot be observed: after 9999Q4, beyond the
    calendar, or not over on *as_of* (the object path's ``_not_complete``)."""
    beyond = outcome > LAST_QUARTER
    unobserved = beyond.copy()
    if as_of is not None:
        unobserved |= quarter_end(outcome) > day_number(as_of)
    for k in np.flatnonzero(unobserved).tolist():
        if excluded_text[k] is not None:
            continue
        label = quarter_label(int(outcome[k]))
        if beyond[k]:
            excluded_text[k] = beyond_calendar(f"outcome quarter {label}")
        else:
            excluded_text[k] = f"outcome quarter {label} not complete on {as_of}"


def _employed(
    exits_codes: np.ndarray,
    quarters: np.ndarray,
    intervals: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> np.ndarray:
    """Whether each (veteran code, quarter) falls in one of the veteran's quarter intervals."""
    hit = np.zeros(len(exits_codes), dtype=bool)
    rows = np.arange(len(exits_codes))
    for owner, first, last in intervals:
        if len(owner) == 0:
            continue
        order = np.argsort(owner, kind="stable")
        sorted_owner = owner[order]
        low = np.searchsorted(sorted_owner, exits_codes, side="left")
        high = np.searchsorted(sorted_owner, exits_codes, side="right")
        counts = high - low
        pair_row = np.repeat(rows, counts)
        shift = low - (np.cumsum(counts) - counts)
        pair_record = order[np.repeat(shift, counts) + np.arange(counts.sum())]
        inside = (first[pair_record] <= quarters[pair_row]) & (
            quarters[pair_row] <= last[pair_record]
        )
        hit[pair_row[inside]] = True
    return hit


def _earned_quarters(earnings: pa.Table) -> tuple[np.ndarray, np.ndarray]:
    """Each earnings record's quarter (a running number) and whether its amount is above
    zero (what counts as employment in the quarter); within :func:`shared_cohorts`, found
    once for each table."""
    memo = _SHARED.get()
    if memo is None:
        return _find_earned_quarters(earnings)
    key = ("earned", id(earnings))
    if key not in memo:
        memo[key] = (earnings, _find_earned_quarters(earnings))
    found: tuple[np.ndarray, np.ndarray] = memo[key][1]
    return found


def _find_earned_quarters(earnings: pa.Table) -> tuple[np.ndarray, np.ndarray]:
    amount = column_of(earnings, "amount.amount").cast(pa.float64())
    positive = np.asarray(
        pc.fill_null(pc.greater(amount, 0.0), False).to_numpy(zero_copy_only=False), dtype=bool
    )
    return parse_quarters(column_of(earnings, "quarter")), positive


def _codes_in(values: pa.Array, dictionary: pa.Array) -> np.ndarray:
    found = pc.index_in(values, value_set=dictionary)
    return np.asarray(pc.fill_null(found, -1).to_numpy(zero_copy_only=False), np.int64)


def _employment_intervals(
    dictionary: pa.Array, placements: pa.Table, earnings: pa.Table, ventures: pa.Table | None
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(veteran code, first quarter, last quarter) of every spell of employment the object
    path's ``EmploymentIndex.employed_in`` counts: earnings above zero, unsubsidised jobs,
    ventures founded."""
    intervals = []
    index, positive = _earned_quarters(earnings)
    owner = _codes_in(column_of(earnings, "veteran_id"), dictionary)
    keep = positive & (owner >= 0)
    intervals.append((owner[keep], index[keep], index[keep]))
    owner = _codes_in(column_of(placements, "veteran_id"), dictionary)
    subsidised = np.asarray(
        column_of(placements, "subsidised").to_numpy(zero_copy_only=False), dtype=bool
    )
    start, _ = day_numbers(column_of(placements, "started_on"))
    ended, has_end = day_numbers(column_of(placements, "ended_on"))
    keep = (owner >= 0) & ~subsidised
    last = np.where(has_end, quarter_index(ended), _OPEN)
    intervals.append((owner[keep], quarter_index(start)[keep], last[keep]))
    if ventures is not None and ventures.num_rows:
        founders = column_of(ventures, "founder_ids")
        parents = np.asarray(pc.list_parent_indices(founders).to_numpy(zero_copy_only=False))
        registered, _ = day_numbers(column_of(ventures, "registered_on"))
        closed, has_close = day_numbers(column_of(ventures, "closed_on"))
        owner = _codes_in(pc.list_flatten(founders), dictionary)
        keep = owner >= 0
        last = np.where(has_close, quarter_index(closed), _OPEN)
        intervals.append(
            (owner[keep], quarter_index(registered)[parents][keep], last[parents][keep])
        )
    return intervals


@checked
def employment_rate_after_exit(
    veterans: Any,
    enrolments: Any,
    placements: Any,
    earnings: Any,
    *,
    ventures: Any = None,
    contacts: Any = None,
    responses: Any = None,
    quarter: int = 2,
    exits_between: tuple[date, date] | None = None,
    rule: ExitRule = "enrolments",
    as_of: date | None = None,
    counting: str = "periods",
    confidence: float = 0.95,
) -> Estimate:
    """:func:`veteran_services.metrics.employment_rate_after_exit` over tables, with numpy.

    The same estimate as the object path with either exit rule: exits from spells of
    enrolments (the default) or of participation contacts (``rule="contacts"``, 90 days
    without service), WIOA exclusions, outcome quarters not complete on *as_of* left out,
    employment from earnings above zero, unsubsidised jobs and ventures. The unit-level
    observations are not built.

    Args:
        veterans: Veterans (``id``, ``exclusions``).
        enrolments: Enrolments (``id``, ``veteran_id``, ``enrolled_on``, ``ended_on``).
        placements: Placements (``veteran_id``, ``started_on``, ``ended_on``, ``subsidised``).
        earnings: Earnings records (``veteran_id``, ``quarter``, ``amount.amount``).
        ventures: Ventures (``founder_ids``, ``registered_on``, ``closed_on``, and
            ``snapshots`` for the contact rule's data cutoff), if any.
        contacts: Service contacts (``id``, ``veteran_id``, ``occurred_on``, ``kind``); needed
            with the contact rule.
        responses: Survey responses (``collected_on``): with the contact rule and no *as_of*,
            exits are evaluated on the data cutoff (:func:`veteran_services.metrics.
            data_cutoff`), the latest date of the enrolments, placements, ventures, contacts
            and responses given; pass them all to get the object path's date.
        quarter: Which quarter after the exit quarter (2 or 4 in WIOA).
        exits_between: Inclusive range of exit dates (``None``: every exit).
        rule: ``"enrolments"`` or ``"contacts"`` (:func:`veteran_services.metrics.exits`).
        as_of: Evaluation date (``None``: every quarter counts as observed).
        counting: ``"periods"`` (each period of participation its own case, WIOA's rule) or
            ``"last_exit"`` (:func:`veteran_services.metrics.exits`).
        confidence: Coverage of the Wilson interval.

    Raises:
        InvalidInputError: a bad argument, or the contact rule without *contacts*.
    """
    return _employment_rate_after_exit(
        veterans,
        enrolments,
        placements,
        earnings,
        ventures=ventures,
        contacts=contacts,
        responses=responses,
        quarter=quarter,
        exits_between=exits_between,
        rule=rule,
        as_of=as_of,
        counting=counting,
        confidence=confidence,
        cutoff=None,
    )


def _employment_rate_after_exit(
    veterans: Any,
    enrolments: Any,
    placements: Any,
    earnings: Any,
    *,
    ventures: Any,
    contacts: Any,
    responses: Any,
    quarter: int,
    exits_between: tuple[date, date] | None,
    rule: str,
    as_of: date | None,
    counting: str,
    confidence: float,
    cutoff: date | None,
) -> Estimate:
    """:func:`employment_rate_after_exit`, with the contact rule's data cutoff when it is
    known (for one bucket of a caseload: the whole caseload's)."""
    return _employment_cases(
        veterans,
        enrolments,
        placements,
        earnings,
        ventures=ventures,
        contacts=contacts,
        responses=responses,
        quarter=quarter,
        exits_between=exits_between,
        rule=rule,
        as_of=as_of,
        counting=counting,
        confidence=confidence,
        cutoff=cutoff,
    )[0]


def _employment_cases(
    veterans: Any,
    enrolments: Any,
    placements: Any,
    earnings: Any,
    *,
    ventures: Any,
    contacts: Any,
    responses: Any,
    quarter: int,
    exits_between: tuple[date, date] | None,
    rule: str,
    as_of: date | None,
    counting: str,
    confidence: float,
    cutoff: date | None,
) -> tuple[Estimate, _Exits | _ContactExits, list[str | None], np.ndarray]:
    """:func:`_employment_rate_after_exit` with its cases: the exits, each one's exclusion
    text (None: counted) and whether it was employed in the outcome quarter."""
    check_positive(quarter, "quarter")
    between = check_between(exits_between, "exits_between")
    rule = check_rule(rule)
    counted_as = check_counting(counting)
    exits, excluded_text = _exit_cohort(
        veterans,
        enrolments,
        placements,
        ventures,
        contacts,
        responses,
        between=between,
        rule=rule,
        as_of=as_of,
        cutoff=cutoff,
        counting=counted_as,
    )
    units, dictionary, codes = _units(exits)
    outcome = quarter_index(exits.exited) + quarter
    _exclude_unobserved(excluded_text, outcome, as_of)
    intervals = _employment_intervals(
        dictionary,
        as_table("placements", placements, "placements"),
        as_table("earnings", earnings, "earnings"),
        None if ventures is None else as_table("ventures", ventures, "ventures"),
    )
    employed = _employed(codes, outcome, intervals)
    counted = np.array([t is None for t in excluded_text], dtype=bool)
    count = int(counted.sum())
    successes = int((employed & counted).sum())
    described = describe_between(between)
    estimate = _proportion(
        f"employment_rate_q{quarter}_after_exit",
        successes,
        count,
        cohort=f"veterans who exited {described} ({rule} rule; {describe_counting(counted_as)})",
        window=Window.quarter_after("exit", quarter).describe(),
        parameters={
            "quarter": quarter,
            "exits_between": between,
            "rule": rule,
            "as_of": as_of,
            "counting": counted_as,
        },
        excluded=_excluded(units, excluded_text),
        confidence=confidence,
        empty_reason=f"no exiters {described} are left in the cohort",
    )
    return estimate, exits, excluded_text, employed


def _employer_records(
    dictionary: pa.Array, placements: pa.Table, earnings: pa.Table, ventures: pa.Table | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(veteran code, first quarter, last quarter, employer key) of everything the object
    path's ``EmploymentIndex.employers_in`` counts: ``employer:<id>`` for earnings above zero
    and unsubsidised jobs, ``venture:<id>`` for ventures founded."""
    owners, firsts, lasts, keys = [], [], [], []
    index, positive = _earned_quarters(earnings)
    owner = _codes_in(column_of(earnings, "veteran_id"), dictionary)
    keep = positive & (owner >= 0)
    owners.append(owner[keep])
    firsts.append(index[keep])
    lasts.append(index[keep])
    keys.append(
        pc.binary_join_element_wise("employer:", column_of(earnings, "employer_id"), "").filter(
            pa.array(keep)
        )
    )
    owner = _codes_in(column_of(placements, "veteran_id"), dictionary)
    subsidised = np.asarray(
        column_of(placements, "subsidised").to_numpy(zero_copy_only=False), dtype=bool
    )
    start, _ = day_numbers(column_of(placements, "started_on"))
    ended, has_end = day_numbers(column_of(placements, "ended_on"))
    keep = (owner >= 0) & ~subsidised
    owners.append(owner[keep])
    firsts.append(quarter_index(start)[keep])
    lasts.append(np.where(has_end, quarter_index(ended), _OPEN)[keep])
    keys.append(
        pc.binary_join_element_wise("employer:", column_of(placements, "employer_id"), "").filter(
            pa.array(keep)
        )
    )
    if ventures is not None and ventures.num_rows:
        founders = column_of(ventures, "founder_ids")
        parents = np.asarray(pc.list_parent_indices(founders).to_numpy(zero_copy_only=False))
        registered, _ = day_numbers(column_of(ventures, "registered_on"))
        closed, has_close = day_numbers(column_of(ventures, "closed_on"))
        owner = _codes_in(pc.list_flatten(founders), dictionary)
        keep = owner >= 0
        owners.append(owner[keep])
        firsts.append(quarter_index(registered)[parents][keep])
        lasts.append(np.where(has_close, quarter_index(closed), _OPEN)[parents][keep])
        names = pc.binary_join_element_wise("venture:", column_of(ventures, "id"), "")
        keys.append(names.take(pa.array(parents[keep])))
    joined = pa.concat_arrays([k.cast(pa.string()) for k in keys])
    key_codes = np.asarray(
        pc.dictionary_encode(joined).indices.to_numpy(zero_copy_only=False), np.int64
    )
    return np.concatenate(owners), np.concatenate(firsts), np.concatenate(lasts), key_codes


def _employers_at(
    records: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    rows: np.ndarray,
    quarters: np.ndarray,
) -> np.ndarray:
    """Codes ``row × K + employer key`` of the employers each row's veteran worked for in the
    row's quarter (rows are veteran codes here)."""
    owner, first, last, key = records
    width = int(key.max()) + 1 if len(key) else 1
    if len(owner) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(owner, kind="stable")
    sorted_owner = owner[order]
    low = np.searchsorted(sorted_owner, rows, side="left")
    high = np.searchsorted(sorted_owner, rows, side="right")
    counts = high - low
    pair_row = np.repeat(np.arange(len(rows)), counts)
    shift = low - (np.cumsum(counts) - counts)
    pair_record = order[np.repeat(shift, counts) + np.arange(counts.sum())]
    inside = (first[pair_record] <= quarters[pair_row]) & (quarters[pair_row] <= last[pair_record])
    result: np.ndarray = np.unique(pair_row[inside] * width + key[pair_record[inside]])
    return result


@checked
def retention_with_same_employer(
    veterans: Any,
    enrolments: Any,
    placements: Any,
    earnings: Any,
    *,
    ventures: Any = None,
    contacts: Any = None,
    responses: Any = None,
    exits_between: tuple[date, date] | None = None,
    rule: ExitRule = "enrolments",
    as_of: date | None = None,
    counting: str = "periods",
    first: int = 2,
    second: int = 4,
    confidence: float = 0.95,
) -> Estimate:
    """:func:`veteran_services.metrics.retention_with_same_employer` over tables, with numpy.

    The same estimate as the object path with either exit rule (as in
    :func:`employment_rate_after_exit`): among exiters employed in quarter *first* after exit,
    the share whose employer then (any of them) also employs them in quarter *second*. The
    unit-level observations are not built.

    Args:
        veterans: Veterans (``id``, ``exclusions``).
        enrolments: Enrolments (``id``, ``veteran_id``, ``enrolled_on``, ``ended_on``).
        placements: Placements (``veteran_id``, ``employer_id``, ``started_on``, ``ended_on``,
            ``subsidised``).
        earnings: Earnings records (``veteran_id``, ``employer_id``, ``quarter``,
            ``amount.amount``).
        ventures: Ventures (``id``, ``founder_ids``, ``registered_on``, ``closed_on``, and
            ``snapshots`` for the contact rule's data cutoff), if any.
        contacts: Service contacts (``id``, ``veteran_id``, ``occurred_on``, ``kind``); needed
            with the contact rule.
        responses: Survey responses (``collected_on``), for the contact rule's data cutoff
            when there is no *as_of* (see :func:`employment_rate_after_exit`).
        exits_between: Inclusive range of exit dates (``None``: every exit).
        rule: ``"enrolments"`` or ``"contacts"`` (:func:`veteran_services.metrics.exits`).
        as_of: Evaluation date (``None``: every quarter counts as observed).
        counting: ``"periods"`` (each period of participation its own case, WIOA's rule) or
            ``"last_exit"`` (:func:`veteran_services.metrics.exits`).
        first: The first quarter after exit (2 in WIOA).
        second: The later quarter (4 in WIOA).
        confidence: Coverage of the Wilson interval.

    Raises:
        InvalidInputError: a bad argument, or the contact rule without *contacts*.
    """
    return _retention_with_same_employer(
        veterans,
        enrolments,
        placements,
        earnings,
        ventures=ventures,
        contacts=contacts,
        responses=responses,
        exits_between=exits_between,
        rule=rule,
        as_of=as_of,
        counting=counting,
        first=first,
        second=second,
        confidence=confidence,
        cutoff=None,
    )


def _retention_with_same_employer(
    veterans: Any,
    enrolments: Any,
    placements: Any,
    earnings: Any,
    *,
    ventures: Any,
    contacts: Any,
    responses: Any,
    exits_between: tuple[date, date] | None,
    rule: str,
    as_of: date | None,
    counting: str,
    first: int,
    second: int,
    confidence: float,
    cutoff: date | None,
) -> Estimate:
    """:func:`retention_with_same_employer`, with the contact rule's data cutoff when it is
    known (for one bucket of a caseload: the whole caseload's)."""
    return _retention_cases(
        veterans,
        enrolments,
        placements,
        earnings,
        ventures=ventures,
        contacts=contacts,
        responses=responses,
        exits_between=exits_between,
        rule=rule,
        as_of=as_of,
        counting=counting,
        first=first,
        second=second,
        confidence=confidence,
        cutoff=cutoff,
    )[0]


def _retention_cases(
    veterans: Any,
    enrolments: Any,
    placements: Any,
    earnings: Any,
    *,
    ventures: Any,
    contacts: Any,
    responses: Any,
    exits_between: tuple[date, date] | None,
    rule: str,
    as_of: date | None,
    counting: str,
    first: int,
    second: int,
    confidence: float,
    cutoff: date | None,
) -> tuple[Estimate, _Exits | _ContactExits, np.ndarray, np.ndarray]:
    """:func:`_retention_with_same_employer` with its cases: the exits, whether each is counted
    (not excluded and employed in quarter *first*) and whether it kept an employer."""
    check_positive(first, "first")
    check_positive(second, "second")
    if second <= first:
        msg = f"'second' must come after 'first' ({first}), got {second}"
        raise InvalidInputError("second", msg)
    between = check_between(exits_between, "exits_between")
    rule = check_rule(rule)
    counted_as = check_counting(counting)
    exits, excluded_text = _exit_cohort(
        veterans,
        enrolments,
        placements,
        ventures,
        contacts,
        responses,
        between=between,
        rule=rule,
        as_of=as_of,
        cutoff=cutoff,
        counting=counted_as,
    )
    units, dictionary, codes = _units(exits)
    exit_quarter = quarter_index(exits.exited)
    _exclude_unobserved(excluded_text, exit_quarter + second, as_of)
    records = _employer_records(
        dictionary,
        as_table("placements", placements, "placements"),
        as_table("earnings", earnings, "earnings"),
        None if ventures is None else as_table("ventures", ventures, "ventures"),
    )
    rows = codes
    early = _employers_at(records, rows, exit_quarter + first)
    late = _employers_at(records, rows, exit_quarter + second)
    width = int(records[3].max()) + 1 if len(records[3]) else 1
    employed_early = np.zeros(len(rows), dtype=bool)
    employed_early[early // width] = True
    kept = np.zeros(len(rows), dtype=bool)
    kept[early[np.isin(early, late)] // width] = True
    counted = np.array([t is None for t in excluded_text], dtype=bool) & employed_early
    count = int(counted.sum())
    successes = int((kept & counted).sum())
    described = describe_between(between)
    estimate = _proportion(
        "retention_with_same_employer",
        successes,
        count,
        cohort=f"exiters employed in quarter {first} after exit; veterans who exited "
        f"{described} ({rule} rule; {describe_counting(counted_as)})",
        window=f"quarters {first} and {second} after the exit quarter",
        parameters={
            "exits_between": between,
            "rule": rule,
            "as_of": as_of,
            "counting": counted_as,
            "first": first,
            "second": second,
        },
        excluded=_excluded(units, excluded_text),
        confidence=confidence,
        empty_reason=f"no exiter {described} was employed in quarter {first}",
    )
    return estimate, exits, counted, kept
