"""Vectorised headline figures: every indicator of the metrics registry over Arrow tables.

Each function takes a caseload's tables (``Mapping[str, pyarrow.Table]``, the form of
:func:`~veteran_services.columnar.to_arrow` and :func:`~veteran_services.columnar.read_tables`;
a kind left out holds no records) and gives the :class:`~veteran_services.metrics.Estimate`
of its object-path namesake, every field but the unit-level observations. The rules, texts
and checks are the object path's own (:mod:`veteran_services.metrics`, ``scoring``): only the
per-record loops are replaced by numpy over whole columns. :func:`headline_figures` gives
what :func:`veteran_services.metrics.headline_figures` gives, in the registry's order.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final

import attrs
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from dateutil.relativedelta import relativedelta

from veteran_services._checks import checked
from veteran_services.columnar._calendar import (
    EPOCH,
    LAST_DAY,
    add_months,
    day_number,
    parse_quarters,
    quarter_end,
    quarter_index,
)
from veteran_services.columnar._columns import column_of, day_numbers, numbers, validity
from veteran_services.columnar._convert import arrow_schema, as_table
from veteran_services.columnar._metrics import (
    _OPEN,
    _as_date,
    _codes_in,
    _earned_quarters,
    _employed,
    _employment_intervals,
    _employment_rate_after_exit,
    _exclude_unobserved,
    _exit_cohort,
    _latest_date,
    _placement_cases,
    _plus,
    _retention_with_same_employer,
    _units,
    employment_rate_after_exit,
    placement_rate,
    retention_with_same_employer,
    shared_cohorts,
)
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import (
    ONE_YEAR,
    PROGRAMME_INDICATORS,
    RECOGNISED_CREDENTIALS,
    TRAINING_KINDS,
    Estimate,
    ExitRule,
    Observation,
    PlacementAnchor,
    median,
    summarise,
)
from veteran_services.metrics.cohorts import (
    Counting,
    beyond_calendar,
    check_between,
    check_counting,
    check_positive,
    check_rule,
)
from veteran_services.metrics.estimates import _total
from veteran_services.metrics.indicators import (
    MIXED_CURRENCIES,
    MIXED_EARNINGS,
    YEAR_AFTER_EXIT,
    SatisfactionStatistic,
    check_satisfaction,
    credential_form,
    estimated_earnings,
    jobs_created_form,
    median_earnings_estimate,
    recorded_earnings,
    satisfaction_form,
    time_to_placement_form,
    unknown_instrument_notes,
    unknown_programmes_note,
    venture_survival_form,
    year_not_complete,
)
from veteran_services.metrics.ventures import (
    DEFAULTING,
    REPAYING,
    high_growth_form,
    loan_form,
    required_cutoff,
)
from veteran_services.model import (
    ANSWERING_DISPOSITIONS,
    CredentialKind,
    ProgrammeKind,
    SupportKind,
    Topic,
)
from veteran_services.scoring.ventures_growth import (
    GROWTH_RATE,
    GROWTH_YEARS,
    SLACK_MONTHS,
    grows_fast,
    growth_settings,
)
from veteran_services.stats import wilson_interval
from veteran_services.stats.weighting import weighted_share

__all__ = [
    "HEADLINE_COLUMNS",
    "credential_attainment_rate",
    "headline_figures",
    "high_growth_share",
    "jobs_created",
    "loan_default_rate",
    "loan_repayment_rate",
    "median_earnings_after_exit",
    "time_to_placement",
    "venture_survival_rate",
    "weighted_satisfaction",
]

#: The columns the headline figures read, by record kind: ``read_tables(folder,
#: kinds=tuple(HEADLINE_COLUMNS), columns=HEADLINE_COLUMNS)`` reads only these (a dotted name
#: after a column of records picks one of its fields: ``answers.question_id``).
HEADLINE_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "veterans": ("id", "registered_on", "service.end", "exclusions"),
    "enrolments": (
        "id",
        "veteran_id",
        "programme_id",
        "enrolled_on",
        "ended_on",
        "exit_reason",
        "credentials.kind",
        "credentials.awarded_on",
    ),
    "programmes": ("id", "kind"),
    "placements": (
        "veteran_id",
        "employer_id",
        "started_on",
        "ended_on",
        "subsidised",
        "monthly_wage.amount",
        "monthly_wage.currency",
    ),
    "earnings": ("veteran_id", "employer_id", "quarter", "amount.amount", "amount.currency"),
    "ventures": (
        "id",
        "founder_ids",
        "registered_on",
        "closed_on",
        "snapshots.as_of",
        "snapshots.employees",
        "snapshots.veteran_employees",
        "support.kind",
        "support.granted_on",
        "support.repayment",
        "support.repayment_as_of",
    ),
    "contacts": ("id", "veteran_id", "occurred_on", "kind"),
    "responses": (
        "id",
        "instrument_id",
        "instrument_version",
        "disposition",
        "wave_months",
        "collected_on",
        "weight",
        "answers.question_id",
        "answers.value.integer",
    ),
    "instruments": (
        "id",
        "version",
        "questions.id",
        "questions.topic",
        "questions.scale.kind",
        "questions.scale.points",
        "questions.reverse",
    ),
}

_FIRST_DAY: Final = (date.min - EPOCH).days
_EMPTY: Final = np.zeros(0, dtype=np.int64)


# --- shared machinery -------------------------------------------------------------------------


class _Tables:
    """A caseload's tables by kind, each read once with the layout's types (a kind not given:
    an empty table), and the data cutoff (:func:`veteran_services.metrics.data_cutoff`)."""

    def __init__(self, tables: Mapping[str, Any]) -> None:
        self._given = tables
        self._read: dict[str, pa.Table] = {}
        self._cutoff: tuple[date | None] | None = None

    def __getitem__(self, kind: str) -> pa.Table:
        found = self._read.get(kind)
        if found is None:
            data = self._given.get(kind)
            found = arrow_schema(kind).empty_table() if data is None else as_table(kind, data)
            self._read[kind] = found
        return found

    @property
    def cutoff(self) -> date | None:
        if self._cutoff is None:
            kinds = ("enrolments", "placements", "ventures", "contacts", "responses")
            self._cutoff = (_latest_date({kind: self[kind] for kind in kinds}),)
        return self._cutoff[0]

    def exit_sources(self) -> tuple[pa.Table, ...]:
        return tuple(self[k] for k in ("veterans", "enrolments", "placements", "earnings"))


def _pairs(owner: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (row, record) with ``owner[record] == codes[row]``, by row, then record (the
    records in table order)."""
    if len(owner) == 0 or len(codes) == 0:
        return _EMPTY, _EMPTY
    order = np.argsort(owner, kind="stable")
    ordered = owner[order]
    low = np.searchsorted(ordered, codes, side="left")
    counts = np.searchsorted(ordered, codes, side="right") - low
    rows = np.repeat(np.arange(len(codes)), counts)
    shift = low - (np.cumsum(counts) - counts)
    records = order[np.repeat(shift, counts) + np.arange(int(counts.sum()))]
    return rows, records


def _flat(column: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """The parent row of each item of a list column, and the items."""
    parents = pc.list_parent_indices(column).to_numpy(zero_copy_only=False)
    return np.asarray(parents, dtype=np.int64), pc.list_flatten(column)


def _bools(array: pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def _counted(
    form: dict[str, Any],
    statistic: str,
    *,
    count: int,
    excluded: Mapping[str, str] | None = None,
    details: Mapping[str, Any] | None = None,
    notes: Collection[str] = (),
    confidence: float = 0.95,
    success: frozenset[str] | None = None,
    successes: int = 0,
    value: Any = None,
    numerator: Any = None,
    interval: Any = None,
) -> Estimate:
    """The estimate :func:`veteran_services.metrics.summarise` makes from *count* units in
    scope, without the observations: a proportion of *successes* with its Wilson interval, or
    the *value* (with *numerator* and *interval*) of another statistic; no value and the form's
    empty reason when nothing is counted."""
    base: dict[str, Any] = {
        "name": form["name"],
        "unit": form["unit"],
        "statistic": statistic,
        "cohort": form["cohort"],
        "window": form["window"],
        "parameters": form["parameters"],
        "excluded": dict(sorted((excluded or {}).items())),
        "confidence": confidence,
        "notes": tuple(notes),
        "details": details or {},
        "success": success,
        "denominator": count,
    }
    if count == 0:
        return Estimate(value=None, reason=form["empty_reason"], **base)
    if statistic == "proportion":
        return Estimate(
            value=successes / count,
            numerator=successes,
            interval=wilson_interval(successes, count, confidence=confidence),
            **base,
        )
    return Estimate(value=value, numerator=numerator, interval=interval, **base)


def _median_of(form: dict[str, Any], values: list[int], **fields: Any) -> Estimate:
    """The median estimate of *values* (the object path's :func:`~veteran_services.metrics.
    median`: an even count gives the mean of the two middle values)."""
    return _counted(form, "median", count=len(values), value=median(values), **fields)


def _dates(days: np.ndarray) -> list[date]:
    """Day numbers (of real dates) as dates, made in C by numpy."""
    found: list[date] = days.astype("datetime64[D]").tolist()
    return found


def _quarter_start(index: np.ndarray) -> np.ndarray:
    return quarter_end(index - 1) + 1


# --- median earnings after exit ---------------------------------------------------------------


@checked
def median_earnings_after_exit(
    tables: Mapping[str, Any],
    *,
    quarter: int = 2,
    exits_between: tuple[date, date] | None = None,
    rule: ExitRule = "enrolments",
    as_of: date | None = None,
    counting: Counting = "periods",
) -> Estimate:
    """:func:`veteran_services.metrics.median_earnings_after_exit` over a caseload's tables.

    The same estimate (the median in the currency most employed exiters are paid in, its
    notes, details and every exiter left out with the reason): employment from earnings above
    zero, unsubsidised jobs and ventures; earnings from the quarter's earnings records, else
    estimated from the jobs' monthly wages (the object path's rules,
    ``metrics.indicators.recorded_earnings`` and ``estimated_earnings``); either exit rule.

    Args:
        tables: The caseload's tables by kind (``veterans``, ``enrolments``, ``placements``,
            ``earnings``, ``ventures``; ``contacts`` and ``responses`` for the contact rule).
        quarter: Which quarter after the exit quarter.
        exits_between: Inclusive range of exit dates (``None``: every exit).
        rule: ``"enrolments"`` or ``"contacts"``.
        as_of: Evaluation date (``None``: every quarter counts as observed).
        counting: ``"periods"`` or ``"last_exit"``.
    """
    return _median_earnings(
        _Tables(tables),
        quarter=quarter,
        exits_between=exits_between,
        rule=rule,
        as_of=as_of,
        counting=counting,
    )


def _median_earnings(
    t: _Tables,
    *,
    quarter: int,
    exits_between: tuple[date, date] | None,
    rule: str,
    as_of: date | None,
    counting: str,
    cases: list[Any] | None = None,
) -> Estimate:
    """:func:`median_earnings_after_exit`; with *cases*, the exits and their unit ids are
    appended to it and the estimate keeps its observations (for breakdowns)."""
    nth = check_positive(quarter, "quarter")
    between = check_between(exits_between, "exits_between")
    counted_as = check_counting(counting)
    checked_rule = check_rule(rule)
    veterans, enrolments, placements, earnings = t.exit_sources()
    exits, texts = _exit_cohort(
        veterans,
        enrolments,
        placements,
        t["ventures"],
        t["contacts"],
        t["responses"],
        between=between,
        rule=checked_rule,
        as_of=as_of,
        cutoff=t.cutoff,
        counting=counted_as,
    )
    units, dictionary, codes = _units(exits)
    outcome = quarter_index(exits.exited) + nth
    _exclude_unobserved(texts, outcome, as_of)
    employed = _employed(
        codes, outcome, _employment_intervals(dictionary, placements, earnings, t["ventures"])
    )
    counted = np.array([text is None for text in texts], dtype=bool)
    rows = np.flatnonzero(counted & employed)
    row_codes = codes[rows]
    row_quarter = outcome[rows]
    # the quarter's earnings records of each employed exiter
    pair_row, record = _pairs(_codes_in(column_of(earnings, "veteran_id"), dictionary), row_codes)
    same = parse_quarters(column_of(earnings, "quarter"))[record] == row_quarter[pair_row]
    pair_row, record = pair_row[same], record[same]
    taken = pa.array(record, pa.int64())
    amounts = column_of(earnings, "amount.amount").take(taken).to_pylist()
    currencies = column_of(earnings, "amount.currency").take(taken).to_pylist()
    recorded: dict[int, list[tuple[Decimal, str]]] = {}
    for row, amount, currency in zip(pair_row.tolist(), amounts, currencies, strict=True):
        recorded.setdefault(row, []).append((Decimal(amount), currency))
    # the others: their unsubsidised jobs with a wage held in the quarter
    estimated = _wages_in(placements, dictionary, row_codes, row_quarter, recorded)
    observations = [
        Observation(unit, unit, None, None, None, 1.0, None, None, None, None, False, text)
        for unit, text in zip(units, texts, strict=True)
        if text is not None
    ]
    found: list[tuple[Observation, str]] = []
    unknown = zero = mixed = 0
    for position, row in enumerate(rows.tolist()):
        records = recorded.get(position)
        if records is not None:
            amount, is_estimate, currency = recorded_earnings(records)
        else:
            amount, is_estimate, currency = estimated_earnings(
                estimated.get(position, ()), int(row_quarter[position])
            )
        unit = units[row]
        if currency == MIXED_CURRENCIES:
            mixed += 1
            observations.append(
                Observation(
                    unit, unit, None, None, None, 1.0, None, None, None, None, False, MIXED_EARNINGS
                )
            )
            continue
        if amount is None or currency is None:
            unknown += 1
            continue
        if amount <= 0:
            zero += 1
            continue
        found.append(
            (
                Observation(
                    unit, unit, None, amount, None, 1.0, None, None, None, None, is_estimate
                ),
                currency,
            )
        )
    estimate = median_earnings_estimate(
        observations,
        found,
        nth=nth,
        between=between,
        rule=checked_rule,
        as_of=as_of,
        counting=counted_as,
        unknown=unknown,
        zero=zero,
        mixed=mixed,
    )
    if cases is not None:
        cases.append((exits, units))
        return estimate
    return attrs.evolve(estimate, observations=())


def _wages_in(
    placements: pa.Table,
    dictionary: pa.Array,
    row_codes: np.ndarray,
    row_quarter: np.ndarray,
    recorded: Mapping[int, object],
) -> dict[int, list[tuple[Decimal, str, date, date | None]]]:
    """(monthly wage, currency, start, end or None) of the unsubsidised jobs with a wage each
    row's veteran held in the row's quarter, for the rows without earnings records, in table
    order."""
    wanted = np.ones(len(row_codes), dtype=bool)
    if recorded:
        wanted[np.fromiter(recorded, dtype=np.int64, count=len(recorded))] = False
    rows = np.flatnonzero(wanted)
    owner = _codes_in(column_of(placements, "veteran_id"), dictionary)
    wage = column_of(placements, "monthly_wage.amount")
    usable = ~_bools(column_of(placements, "subsidised")) & _bools(pc.is_valid(wage))
    owner = np.where(usable, owner, -1)
    pair_row, record = _pairs(owner, row_codes[rows])
    start, _ = day_numbers(column_of(placements, "started_on"))
    ended, has_end = day_numbers(column_of(placements, "ended_on"))
    end = np.where(has_end, ended, _OPEN)
    quarters = row_quarter[rows][pair_row]
    held = (start[record] <= quarter_end(quarters)) & (end[record] >= _quarter_start(quarters))
    pair_row, record = pair_row[held], record[held]
    taken = pa.array(record, pa.int64())
    amounts = wage.take(taken).to_pylist()
    currencies = column_of(placements, "monthly_wage.currency").take(taken).to_pylist()
    starts = _dates(start[record])
    ends: list[date | None] = [
        day if known else None
        for day, known in zip(
            _dates(np.where(has_end, ended, 0)[record]), has_end[record].tolist(), strict=True
        )
    ]
    found: dict[int, list[tuple[Decimal, str, date, date | None]]] = {}
    for row, amount, currency, first, last in zip(
        rows[pair_row].tolist(), amounts, currencies, starts, ends, strict=True
    ):
        found.setdefault(row, []).append((Decimal(amount), currency, first, last))
    return found


# --- credential attainment --------------------------------------------------------------------


@checked
def credential_attainment_rate(
    tables: Mapping[str, Any],
    *,
    exits_between: tuple[date, date] | None = None,
    as_of: date | None = None,
    within: relativedelta = ONE_YEAR,
    programme_kinds: Collection[ProgrammeKind] = TRAINING_KINDS,
    confidence: float = 0.95,
    counting: Counting = "periods",
) -> Estimate:
    """:func:`veteran_services.metrics.credential_attainment_rate` over a caseload's tables.

    The same estimate: exits (enrolment rule) from enrolments in programmes of
    *programme_kinds* (an enrolment whose programme is not among ``programmes`` left out and
    counted), WIOA exclusions, years after exit not complete on *as_of* or past the calendar
    left out; a recognised credential from the start of participation through exit + *within*,
    a secondary diploma only with employment or further training after exit.

    Args:
        tables: The caseload's tables by kind (``veterans``, ``enrolments``, ``programmes``,
            ``placements``, ``earnings``, ``ventures``).
        exits_between: Inclusive range of exit dates.
        as_of: Evaluation date.
        within: The period after exit (years, months, weeks and days only).
        programme_kinds: Programme kinds that make the cohort.
        confidence: Coverage of the Wilson interval.
        counting: ``"periods"`` or ``"last_exit"``.
    """
    return _credential_attainment(
        _Tables(tables),
        exits_between=exits_between,
        as_of=as_of,
        within=within,
        programme_kinds=programme_kinds,
        confidence=confidence,
        counting=counting,
    )


def _credential_attainment(
    t: _Tables,
    *,
    exits_between: tuple[date, date] | None,
    as_of: date | None,
    within: relativedelta,
    programme_kinds: Collection[ProgrammeKind],
    confidence: float,
    counting: str,
    cases: list[Any] | None = None,
) -> Estimate:
    """:func:`credential_attainment_rate`; with *cases*, the exits are appended to it with
    each one's unit id, whether it is counted, and whether it attained (for breakdowns)."""
    between = check_between(exits_between, "exits_between")
    counted_as = check_counting(counting)
    kinds = frozenset(programme_kinds)
    veterans, enrolments, placements, _ = t.exit_sources()
    programmes = t["programmes"]
    found = pc.index_in(
        column_of(enrolments, "programme_id"), value_set=column_of(programmes, "id")
    )
    unknown_programmes = int(found.null_count)
    kind = column_of(programmes, "kind").take(found)
    wanted = pa.array(sorted(k.value for k in kinds), pa.string())
    in_kinds = _bools(pc.is_in(kind, value_set=wanted))
    training = enrolments.filter(pa.array(in_kinds))
    exits, texts = _exit_cohort(
        veterans,
        training,
        placements,
        t["ventures"],
        None,
        None,
        between=between,
        rule="enrolments",
        as_of=as_of,
        cutoff=None,
        counting=counted_as,
    )
    units, dictionary, codes = _units(exits)
    deadline = _plus(exits.exited, within)
    beyond = (deadline > LAST_DAY) | (deadline < _FIRST_DAY)
    for k in np.flatnonzero(beyond).tolist():
        if texts[k] is None:
            texts[k] = beyond_calendar(YEAR_AFTER_EXIT)
    if as_of is not None:
        late = ~beyond & (deadline > day_number(as_of))
        for k in np.flatnonzero(late).tolist():
            if texts[k] is None:
                texts[k] = year_not_complete(_as_date(int(deadline[k])), as_of)
    counted = np.array([text is None for text in texts], dtype=bool)
    rows = np.flatnonzero(counted)
    attained = _attained(
        t,
        enrolments,
        training,
        dictionary,
        codes[rows],
        exits.began[rows],
        exits.exited[rows],
        deadline[rows],
        as_of,
    )
    if cases is not None:
        success = np.zeros(len(counted), dtype=bool)
        success[rows] = attained
        cases.append((exits, units, counted, success))
    return _counted(
        credential_form(kinds, between, counted_as, within, as_of),
        "proportion",
        count=len(rows),
        successes=int(attained.sum()),
        excluded={u: x for u, x in zip(units, texts, strict=True) if x is not None},
        details={"unknown_programme": unknown_programmes},
        notes=unknown_programmes_note(unknown_programmes),
        confidence=confidence,
    )


def _attained(
    t: _Tables,
    enrolments: pa.Table,
    training: pa.Table,
    dictionary: pa.Array,
    codes: np.ndarray,
    began: np.ndarray,
    exited: np.ndarray,
    deadline: np.ndarray,
    as_of: date | None,
) -> np.ndarray:
    """Whether each exit (its veteran's code, the spell's first day, exit and deadline) has a
    recognised credential by the object path's rule (``metrics.indicators._attained``)."""
    attained = np.zeros(len(codes), dtype=bool)
    diploma = np.zeros(len(codes), dtype=bool)
    parents, items = _flat(column_of(enrolments, "credentials"))
    owner = _codes_in(column_of(enrolments, "veteran_id"), dictionary)[parents]
    kind = pc.struct_field(items, "kind")
    recognised = _bools(
        pc.is_in(kind, value_set=pa.array(sorted(k.value for k in RECOGNISED_CREDENTIALS)))
    )
    is_diploma = _bools(pc.equal(kind, CredentialKind.SECONDARY_DIPLOMA.value))
    awarded, known = day_numbers(pc.struct_field(items, "awarded_on"))
    owner = np.where(recognised & known, owner, -1)
    row, item = _pairs(owner, codes)
    inside = (began[row] <= awarded[item]) & (awarded[item] <= deadline[row])
    row, item = row[inside], item[inside]
    attained[row[~is_diploma[item]]] = True
    diploma[row[is_diploma[item]]] = True
    rows = np.flatnonzero(diploma & ~attained & (exited < LAST_DAY))
    if len(rows) == 0:
        return attained
    after = exited[rows] + 1
    last = deadline[rows]
    sub = codes[rows]
    hit = np.zeros(len(rows), dtype=bool)
    # employed between the day after exit and the deadline: a job or venture held on some day,
    # or earnings above zero in a quarter starting then
    placements, earnings, ventures = t["placements"], t["earnings"], t["ventures"]
    start, _ = day_numbers(column_of(placements, "started_on"))
    ended, has_end = day_numbers(column_of(placements, "ended_on"))
    owner = _codes_in(column_of(placements, "veteran_id"), dictionary)
    owner = np.where(_bools(column_of(placements, "subsidised")), -1, owner)
    spans = [(owner, start, np.where(has_end, ended, _OPEN))]
    founders_parents, founders = _flat(column_of(ventures, "founder_ids"))
    registered, _ = day_numbers(column_of(ventures, "registered_on"))
    closed, has_close = day_numbers(column_of(ventures, "closed_on"))
    spans.append(
        (
            _codes_in(founders, dictionary),
            registered[founders_parents],
            np.where(has_close, closed, _OPEN)[founders_parents],
        )
    )
    for span_owner, first, end in spans:
        row, item = _pairs(span_owner, sub)
        held = (first[item] <= last[row]) & (end[item] >= after[row])
        hit[row[held]] = True
    quarter, positive = _earned_quarters(earnings)
    owner = np.where(positive, _codes_in(column_of(earnings, "veteran_id"), dictionary), -1)
    row, item = _pairs(owner, sub)
    begins = _quarter_start(quarter[item])
    hit[row[(after[row] <= begins) & (begins <= last[row])]] = True
    # or further training: another enrolment of the veteran's (not of the spell) that started
    # by the deadline and had not ended before the day after exit
    start, _ = day_numbers(column_of(enrolments, "enrolled_on"))
    ended, has_end = day_numbers(column_of(enrolments, "ended_on"))
    ids = column_of(enrolments, "id")
    in_training = _bools(pc.is_in(ids, value_set=column_of(training, "id")))
    member_of = np.where(
        in_training, _codes_in(column_of(enrolments, "veteran_id"), dictionary), -1
    )
    row, item = _pairs(member_of, sub)
    within_spell = (start[item] >= began[rows][row]) & (start[item] <= exited[rows][row])
    if as_of is not None:
        within_spell &= start[item] <= day_number(as_of)
    owner = _codes_in(column_of(enrolments, "veteran_id"), dictionary)
    other_row, other = _pairs(owner, sub)
    spell_members = set(zip(row[within_spell].tolist(), item[within_spell].tolist(), strict=True))
    further = (start[other] <= last[other_row]) & (
        ~has_end[other] | (ended[other] >= after[other_row])
    )
    for r, e in zip(other_row[further].tolist(), other[further].tolist(), strict=True):
        if (r, e) not in spell_members:
            hit[r] = True
    attained[rows[hit]] = True
    return attained


# --- time to placement ------------------------------------------------------------------------


@checked
def time_to_placement(
    tables: Mapping[str, Any],
    *,
    anchor: PlacementAnchor = "registration",
    between: tuple[date, date] | None = None,
    within: relativedelta | None = None,
    as_of: date | None = None,
    include_subsidised: bool = True,
    include_ventures: bool = False,
    rule: ExitRule = "enrolments",
) -> Estimate:
    """:func:`veteran_services.metrics.time_to_placement` over a caseload's tables.

    The same estimate: the median days from the anchor (registration, separation or exit, with
    the WIOA exclusions) to the first placement (or venture, with *include_ventures*) that
    starts on or after it, within *within* and by *as_of* when given; the veterans not placed
    counted in ``details["not_placed"]``.

    Args:
        tables: The caseload's tables by kind (``veterans``, ``placements``, ``ventures``;
            ``enrolments``, ``earnings``, ``contacts``, ``responses`` for the exit anchor).
        anchor: ``"registration"`` (default), ``"separation"`` or ``"exit"``.
        between: Inclusive range of anchor dates (``None``: all).
        within: The window after the anchor (``None``: no limit; years, months, weeks and days
            only).
        as_of: Evaluation date.
        include_subsidised: Whether subsidised placements count.
        include_ventures: Whether starting a venture counts.
        rule: How exits are found when *anchor* is ``"exit"``.
    """
    return _time_to_placement(
        _Tables(tables),
        anchor=anchor,
        between=between,
        within=within,
        as_of=as_of,
        include_subsidised=include_subsidised,
        include_ventures=include_ventures,
        rule=rule,
    )


def _anchor_days(
    t: _Tables,
    anchor: str,
    between: tuple[date, date] | None,
    as_of: date | None,
    rule: str,
) -> tuple[list[str], np.ndarray, list[str | None]]:
    """(veteran id, anchor day, WIOA exclusion or None) of each member of the cohort, as the
    object path's ``_anchors`` finds them."""
    if anchor == "exit":
        veterans, enrolments, placements, _ = t.exit_sources()
        exits, texts = _exit_cohort(
            veterans,
            enrolments,
            placements,
            t["ventures"],
            t["contacts"],
            t["responses"],
            between=between,
            rule=check_rule(rule),
            as_of=as_of,
            cutoff=t.cutoff,
            counting="last_exit",
        )
        return exits.veteran_ids, np.asarray(exits.exited, dtype=np.int64), texts
    if anchor not in ("registration", "separation"):
        msg = f"'anchor' must be 'registration', 'separation' or 'exit', got {anchor!r}"
        raise InvalidInputError("anchor", msg)
    veterans = t["veterans"]
    if anchor == "registration":
        day, known = day_numbers(column_of(veterans, "registered_on"))
    else:
        service = column_of(veterans, "service")
        offsets = np.asarray(service.offsets.to_numpy(zero_copy_only=False), dtype=np.int64)
        ends, valid = day_numbers(service.values.field("end"))
        last = np.maximum(offsets[1:] - 1, 0)
        served = offsets[1:] > offsets[:-1]
        day = ends[last] if len(ends) else np.zeros(len(served), dtype=np.int64)
        known = served & (valid[last] if len(ends) else served)
    keep = known
    if between is not None:
        keep = keep & (day >= day_number(between[0])) & (day <= day_number(between[1]))
    if as_of is not None:
        keep = keep & (day <= day_number(as_of))
    rows = np.flatnonzero(keep)
    ids = column_of(veterans, "id").take(pa.array(rows, pa.int64())).to_pylist()
    order = sorted(range(len(ids)), key=ids.__getitem__)
    return [ids[k] for k in order], day[rows][order], [None] * len(order)


def _time_to_placement(
    t: _Tables,
    *,
    anchor: str,
    between: tuple[date, date] | None,
    within: relativedelta | None,
    as_of: date | None,
    include_subsidised: bool,
    include_ventures: bool,
    rule: str,
) -> Estimate:
    window_between = check_between(between, "between")
    ids, day, texts = _anchor_days(t, anchor, window_between, as_of, rule)
    end = np.full(len(day), _OPEN, dtype=np.int64)
    if within is not None:
        end = np.minimum(_plus(day, within), LAST_DAY)
    if as_of is not None:
        end = np.minimum(end, day_number(as_of))
    names, codes = np.unique(np.array(ids, dtype=object), return_inverse=True)
    dictionary = pa.array(names.tolist(), pa.string())
    codes = np.asarray(codes, dtype=np.int64)
    first = np.full(len(day), _OPEN, dtype=np.int64)
    placements = t["placements"]
    owner = _codes_in(column_of(placements, "veteran_id"), dictionary)
    if not include_subsidised:
        owner = np.where(_bools(column_of(placements, "subsidised")), -1, owner)
    start, _ = day_numbers(column_of(placements, "started_on"))
    sources = [(owner, start)]
    if include_ventures:
        ventures = t["ventures"]
        parents, founders = _flat(column_of(ventures, "founder_ids"))
        registered, _ = day_numbers(column_of(ventures, "registered_on"))
        sources.append((_codes_in(founders, dictionary), registered[parents]))
    for source_owner, starts in sources:
        row, item = _pairs(source_owner, codes)
        inside = (starts[item] >= day[row]) & (starts[item] <= end[row])
        np.minimum.at(first, row[inside], starts[item[inside]])
    counted = np.array([text is None for text in texts], dtype=bool)
    placed = counted & (first < _OPEN)
    values = (first[placed] - day[placed]).tolist()
    return _median_of(
        time_to_placement_form(
            anchor,  # type: ignore[arg-type]
            window_between,
            within,
            as_of,
            include_subsidised,
            include_ventures,
            rule,  # type: ignore[arg-type]
        ),
        values,
        excluded={u: x for u, x in zip(ids, texts, strict=True) if x is not None},
        details={"not_placed": int((counted & ~placed).sum())},
    )


# --- ventures ---------------------------------------------------------------------------------


def _cutoff(t: _Tables, as_of: date | None) -> date | None:
    return as_of if as_of is not None else t.cutoff


@checked
def venture_survival_rate(
    tables: Mapping[str, Any],
    *,
    months: int = 12,
    as_of: date | None = None,
    registered_between: tuple[date, date] | None = None,
    confidence: float = 0.95,
) -> Estimate:
    """:func:`veteran_services.metrics.venture_survival_rate` over a caseload's tables.

    The same estimate: among ventures registered at least *months* months before *as_of*
    (default: the data cutoff, the latest dated event of the tables), the share active on the
    anniversary; the younger ones counted in ``details["too_young"]``.

    Args:
        tables: The caseload's tables by kind (``ventures``; ``enrolments``, ``placements``,
            ``contacts`` and ``responses`` for the data cutoff without *as_of*).
        months: Months after registration.
        as_of: Evaluation date (``None``: the data cutoff).
        registered_between: Inclusive range of registration dates.
        confidence: Coverage of the Wilson interval.
    """
    return _venture_survival(
        _Tables(tables),
        months=months,
        as_of=as_of,
        registered_between=registered_between,
        confidence=confidence,
    )


def _in_range(day: np.ndarray, between: tuple[date, date] | None) -> np.ndarray:
    if between is None:
        return np.ones(len(day), dtype=bool)
    low, high = (day_number(d) for d in between)
    result: np.ndarray = (day >= low) & (day <= high)
    return result


def _venture_survival(
    t: _Tables,
    *,
    months: int,
    as_of: date | None,
    registered_between: tuple[date, date] | None,
    confidence: float,
) -> Estimate:
    span = check_positive(months, "months")
    between = check_between(registered_between, "registered_between")
    cutoff = _cutoff(t, as_of)
    ventures = t["ventures"]
    registered, _ = day_numbers(column_of(ventures, "registered_on"))
    closed, has_close = day_numbers(column_of(ventures, "closed_on"))
    scope = _in_range(registered, between)
    anniversary = add_months(registered, span)
    old = scope & (anniversary <= LAST_DAY)
    old &= False if cutoff is None else anniversary <= day_number(cutoff)
    survived = old & (~has_close | (anniversary <= closed))
    return _counted(
        venture_survival_form(span, between, cutoff),
        "proportion",
        count=int(old.sum()),
        successes=int(survived.sum()),
        details={"too_young": int((scope & ~old).sum())},
        confidence=confidence,
    )


@checked
def jobs_created(
    tables: Mapping[str, Any],
    *,
    as_of: date | None = None,
    registered_between: tuple[date, date] | None = None,
    veterans_only: bool = False,
) -> Estimate:
    """:func:`veteran_services.metrics.jobs_created` over a caseload's tables.

    The same estimate: the employees (veteran employees with *veterans_only*) of each
    venture's latest snapshot by *as_of* (default: the data cutoff), 0 for a venture closed by
    then; a venture without a snapshot yet counted in ``details["without_snapshot"]``.

    Args:
        tables: The caseload's tables by kind (``ventures``; the dated kinds for the data
            cutoff without *as_of*).
        as_of: Evaluation date (``None``: the data cutoff).
        registered_between: Inclusive range of registration dates.
        veterans_only: Count veteran employees only.
    """
    return _jobs_created(
        _Tables(tables),
        as_of=as_of,
        registered_between=registered_between,
        veterans_only=veterans_only,
    )


def _latest_snapshots(ventures: pa.Table, cutoff: int) -> tuple[np.ndarray, np.ndarray, pa.Array]:
    """The ventures with a snapshot on or before *cutoff*, the row of the latest one of each
    among the snapshots, and the snapshots."""
    parents, items = _flat(column_of(ventures, "snapshots"))
    when, _ = day_numbers(pc.struct_field(items, "as_of"))
    rows = np.flatnonzero(when <= cutoff)
    order = rows[np.lexsort((when[rows], parents[rows]))]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = parents[order][1:] != parents[order][:-1]
    chosen = order[last]
    return parents[chosen], chosen, items


def _jobs_created(
    t: _Tables,
    *,
    as_of: date | None,
    registered_between: tuple[date, date] | None,
    veterans_only: bool,
) -> Estimate:
    between = check_between(registered_between, "registered_between")
    cutoff = _cutoff(t, as_of)
    form = jobs_created_form(between, cutoff, veterans_only)
    details = {"without_snapshot": 0}
    if cutoff is None:
        return _counted(form, "sum", count=0, details=details)
    ventures = t["ventures"]
    day = day_number(cutoff)
    registered, _ = day_numbers(column_of(ventures, "registered_on"))
    closed, has_close = day_numbers(column_of(ventures, "closed_on"))
    scope = (registered <= day) & _in_range(registered, between)
    shut = scope & has_close & (closed <= day)
    owners, latest, items = _latest_snapshots(ventures, day)
    field = "veteran_employees" if veterans_only else "employees"
    employees = pc.struct_field(items, field).take(pa.array(latest, pa.int64())).to_pylist()
    open_ = scope & ~shut
    with_snapshot = np.zeros(len(scope), dtype=bool)
    with_snapshot[owners] = True
    jobs = [n for owner, n in zip(owners.tolist(), employees, strict=True) if open_[owner]]
    count = int(shut.sum()) + len(jobs)
    total = sum(jobs)
    details["without_snapshot"] = int((open_ & ~with_snapshot).sum())
    return _counted(form, "sum", count=count, value=total, numerator=total, details=details)


@checked
def high_growth_share(
    tables: Mapping[str, Any],
    *,
    as_of: date | None = None,
    min_start_employees: int = 10,
    min_added: int = 0,
    confidence: float = 0.95,
) -> Estimate:
    """:func:`veteran_services.metrics.high_growth_share` over a caseload's tables.

    The same estimate: among the ventures registered by *as_of* (default: the data cutoff)
    that :func:`~veteran_services.scoring.classify_growth` can classify (a snapshot about
    three years before the latest one, from at least *min_start_employees*), the share that
    grew fast (the scoring module's own rule); the others counted in
    ``details["not_classifiable"]``.

    Args:
        tables: The caseload's tables by kind (``ventures``; the dated kinds for the data
            cutoff without *as_of*).
        as_of: Evaluation date (``None``: the data cutoff).
        min_start_employees: The least number of employees at the start.
        min_added: The least number of employees added.
        confidence: Coverage of the Wilson interval.

    Raises:
        InvalidInputError: without *as_of* when the tables hold no dated event.
    """
    return _high_growth(
        _Tables(tables),
        as_of=as_of,
        min_start_employees=min_start_employees,
        min_added=min_added,
        confidence=confidence,
    )


def _high_growth(
    t: _Tables,
    *,
    as_of: date | None,
    min_start_employees: int,
    min_added: int,
    confidence: float,
) -> Estimate:
    cutoff = required_cutoff(_cutoff(t, as_of))
    ventures = t["ventures"]
    day = day_number(cutoff)
    registered, _ = day_numbers(column_of(ventures, "registered_on"))
    scope = registered <= day
    considered = int(scope.sum())
    classified = 0
    high = 0
    if considered:
        threshold, span, start_size, added, slack = growth_settings(
            GROWTH_RATE, GROWTH_YEARS, min_start_employees, min_added, SLACK_MONTHS
        )
        owners, latest, items = _latest_snapshots(ventures, day)
        keep = scope[owners]
        owners, latest = owners[keep], latest[keep]
        parents = np.asarray(
            pc.list_parent_indices(column_of(ventures, "snapshots")).to_numpy(zero_copy_only=False),
            dtype=np.int64,
        )
        when, _ = day_numbers(pc.struct_field(items, "as_of"))
        employees = np.asarray(
            pc.struct_field(items, "employees").to_numpy(zero_copy_only=False), dtype=np.int64
        )
        end_day = np.full(ventures.num_rows, _OPEN, dtype=np.int64)
        end_day[owners] = when[latest]
        target = add_months(end_day, -12 * span)
        low, top = add_months(target, -slack), add_months(target, slack)
        valid = np.zeros(ventures.num_rows, dtype=bool)
        valid[owners] = low[owners] >= _FIRST_DAY
        p = parents
        candidate = (
            valid[p] & (when <= day) & (when >= low[p]) & (when <= top[p]) & (when < end_day[p])
        )
        rows = np.flatnonzero(candidate)
        distance = np.abs(when[rows] - target[p[rows]])
        order = rows[np.lexsort((when[rows], distance, p[rows]))]
        first = np.ones(len(order), dtype=bool)
        first[1:] = p[order][1:] != p[order][:-1]
        starts = order[first]
        start_of = dict(zip(p[starts].tolist(), starts.tolist(), strict=True))
        for owner, end in zip(owners.tolist(), latest.tolist(), strict=True):
            start = start_of.get(owner)
            if start is None or employees[start] < start_size:
                continue
            classified += 1
            high += grows_fast(int(employees[start]), int(employees[end]), threshold, span, added)
    return _counted(
        high_growth_form(cutoff, min_start_employees, min_added),
        "proportion",
        count=classified,
        successes=high,
        details={"not_classifiable": considered - classified},
        confidence=confidence,
    )


def _loan_statuses(t: _Tables, cutoff: date) -> tuple[list[str], int]:
    """The recorded repayment status of each guaranteed loan granted by *cutoff* (recorded by
    then), and how many have none."""
    _, items = _flat(column_of(t["ventures"], "support"))
    day = day_number(cutoff)
    granted, _ = day_numbers(pc.struct_field(items, "granted_on"))
    recorded, known = day_numbers(pc.struct_field(items, "repayment_as_of"))
    loan = _bools(pc.equal(pc.struct_field(items, "kind"), SupportKind.GUARANTEED_LOAN.value))
    loan &= granted <= day
    status = pc.struct_field(items, "repayment")
    known &= _bools(pc.is_valid(status)) & (recorded <= day)
    chosen = np.flatnonzero(loan & known)
    return status.take(pa.array(chosen, pa.int64())).to_pylist(), int((loan & ~known).sum())


def _loan_rate(
    t: _Tables, as_of: date | None, confidence: float, name: str, success: frozenset[str], what: str
) -> Estimate:
    cutoff = required_cutoff(_cutoff(t, as_of))
    statuses, unknown = _loan_statuses(t, cutoff)
    return _counted(
        loan_form(cutoff, name, what),
        "proportion",
        count=len(statuses),
        successes=sum(1 for s in statuses if s in success),
        details={"repayment_unknown": unknown},
        confidence=confidence,
        success=success,
    )


@checked
def loan_repayment_rate(
    tables: Mapping[str, Any], *, as_of: date | None = None, confidence: float = 0.95
) -> Estimate:
    """:func:`veteran_services.metrics.ventures.loan_repayment_rate` over a caseload's tables:
    the share of guaranteed start-up loans repaid or on schedule among those with a repayment
    status recorded by *as_of* (default: the data cutoff).

    Args:
        tables: The caseload's tables by kind (``ventures``; the dated kinds for the data
            cutoff without *as_of*).
        as_of: Evaluation date (``None``: the data cutoff).
        confidence: Coverage of the Wilson interval.
    """
    return _loan_rate(
        _Tables(tables), as_of, confidence, "loan_repayment_rate", REPAYING, "repayment rate"
    )


@checked
def loan_default_rate(
    tables: Mapping[str, Any], *, as_of: date | None = None, confidence: float = 0.95
) -> Estimate:
    """:func:`veteran_services.metrics.ventures.loan_default_rate` over a caseload's tables:
    the share of guaranteed start-up loans in arrears or defaulted among those with a repayment
    status recorded by *as_of* (default: the data cutoff).

    Args:
        tables: The caseload's tables by kind (``ventures``; the dated kinds for the data
            cutoff without *as_of*).
        as_of: Evaluation date (``None``: the data cutoff).
        confidence: Coverage of the Wilson interval.
    """
    return _loan_rate(
        _Tables(tables), as_of, confidence, "loan_default_rate", DEFAULTING, "default rate"
    )


# --- satisfaction -----------------------------------------------------------------------------


@checked
def weighted_satisfaction(
    tables: Mapping[str, Any],
    *,
    wave: int | None = None,
    topic: Topic = Topic.JOB_SATISFACTION,
    statistic: SatisfactionStatistic = "share",
    satisfied_at: float = 0.75,
    confidence: float = 0.95,
) -> Estimate:
    """:func:`veteran_services.metrics.weighted_satisfaction` over a caseload's tables.

    The same estimate: each complete or partial interview (at *wave*, when given) scores the
    mean of its answered Likert items on *topic* (scaled to [0, 1], reversed items flipped,
    added in answer order as the object path adds them); the weighted share scoring at least
    *satisfied_at* (or the weighted mean score), the interviews with no such answer and those
    whose instrument version is not among ``instruments`` counted.

    Args:
        tables: The caseload's tables by kind (``responses``, ``instruments``).
        wave: The follow-up wave in months (``None``: every wave).
        topic: The topic of the items.
        statistic: ``"share"`` or ``"mean"``.
        satisfied_at: The least score that counts as satisfied.
        confidence: Coverage of the interval.
    """
    return _satisfaction(
        _Tables(tables),
        wave=wave,
        topic=topic,
        statistic=statistic,
        satisfied_at=satisfied_at,
        confidence=confidence,
    )


def _instrument_items(
    instruments: pa.Table, topic: Topic
) -> tuple[pa.Array, list[dict[str, tuple[int, bool]]]]:
    """The key (id and version) of each instrument row, and for each row the Likert items on
    *topic*: question id → (points, reversed)."""
    items: list[dict[str, tuple[int, bool]]] = []
    for questions in column_of(instruments, "questions").to_pylist():
        table: dict[str, tuple[int, bool]] = {}
        for question in questions or ():
            if question["topic"] == topic.value and question["scale.kind"] == "likert":
                table.setdefault(
                    question["id"], (int(question["scale.points"]), bool(question["reverse"]))
                )
        items.append(table)
    return _version_keys(instruments, "id", "version"), items


def _version_keys(table: pa.Table, name: str, version: str) -> pa.Array:
    """An instrument id and version as one string (a unit separator between them)."""
    number = pc.cast(column_of(table, version), pa.string())
    return pc.binary_join_element_wise(column_of(table, name), number, "\x1f")


def _positions(values: pa.Array, value_set: pa.Array) -> np.ndarray:
    """The position of each value in *value_set*, -1 where it is not there (or null); a
    dictionary-encoded array is looked up once per distinct value."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if pa.types.is_dictionary(values.type):
        found = _positions(values.dictionary, value_set)
        codes = numbers(values.indices, np.int64, -1)
        return (
            np.where(codes >= 0, found[np.maximum(codes, 0)], -1) if len(found) else codes * 0 - 1
        )
    return numbers(pc.fill_null(pc.index_in(values, value_set=value_set), -1), np.int64, -1)


def _add_scores(
    answers: pa.Array,
    position_of: np.ndarray,
    instrument: np.ndarray,
    items: Sequence[Mapping[str, tuple[int, bool]]],
    used: Sequence[int],
    total: np.ndarray,
    count: np.ndarray,
) -> None:
    """Add the scores of the satisfaction items among *answers* (a block of responses' answer
    lists; *position_of* each response's place among the chosen, -1 when not chosen) to
    *total* and *count*, each interview's in answer order, as Python's sum adds them."""
    parents, flat = _flat(answers)
    parents = position_of[parents]
    question = pc.struct_field(flat, "question_id")
    value = pc.struct_field(flat, "value.integer")
    integer = numbers(value, np.int64, 0)
    points = np.zeros(len(parents), dtype=np.int64)
    reverse = np.zeros(len(parents), dtype=bool)
    owner = np.where(parents >= 0, instrument[np.maximum(parents, 0)], -1) if len(total) else -1
    for row in used:
        table = items[row]
        asked = _positions(question, pa.array(list(table), pa.string()))
        hit = (owner == row) & (asked >= 0)
        scales = np.array([scale for scale, _ in table.values()], dtype=np.int64)
        flips = np.array([flipped for _, flipped in table.values()], dtype=bool)
        points[hit] = scales[asked[hit]]
        reverse[hit] = flips[asked[hit]]
    valid = (points > 0) & (integer >= 1) & (integer <= points)
    present = validity(value)
    if present is not None:
        valid &= present
    picked = np.flatnonzero(valid)
    score = (integer[picked] - 1) / (points[picked] - 1)
    score = np.where(reverse[picked], 1.0 - score, score)
    owner_row = parents[picked]
    starts = np.ones(len(picked), dtype=bool)
    starts[1:] = owner_row[1:] != owner_row[:-1]
    first = np.flatnonzero(starts)
    position = np.arange(len(picked)) - np.repeat(first, np.diff(np.append(first, len(picked))))
    for k in range(int(position.max()) + 1 if len(position) else 0):
        at = position == k
        total[owner_row[at]] += score[at]
        count[owner_row[at]] += 1


#: Responses whose answers are judged at once by the satisfaction figures (their per-answer
#: arrays are a block's, not every answer's).
_ANSWER_BLOCK: Final = 1 << 16


def _satisfaction(
    t: _Tables,
    *,
    wave: int | None,
    topic: Topic,
    statistic: SatisfactionStatistic,
    satisfied_at: float,
    confidence: float,
) -> Estimate:
    nth = check_satisfaction(wave, statistic, satisfied_at)
    responses = t["responses"]
    answering = pa.array(sorted(d.value for d in ANSWERING_DISPOSITIONS), pa.string())
    chosen = _bools(pc.is_in(column_of(responses, "disposition"), value_set=answering))
    if nth is not None:
        chosen &= _bools(pc.equal(column_of(responses, "wave_months"), nth))
    rows = np.flatnonzero(chosen)
    taken = pa.array(rows, pa.int64())
    versions, items = _instrument_items(t["instruments"], topic)
    keys = _version_keys(responses, "instrument_id", "instrument_version").take(taken)
    # the row of the instrument version each interview names (the first of a repeated one)
    instrument = np.asarray(
        pc.fill_null(pc.index_in(keys, value_set=versions), -1).to_numpy(zero_copy_only=False),
        dtype=np.int64,
    )
    without_instrument = int((instrument < 0).sum())
    # every answer, with the position of its interview among those chosen (-1: not chosen)
    position_of = np.full(responses.num_rows, -1, dtype=np.int64)
    position_of[rows] = np.arange(len(rows))
    total = np.zeros(len(rows), dtype=np.float64)
    count = np.zeros(len(rows), dtype=np.int64)
    used = [row for row, table in enumerate(items) if table and (instrument == row).any()]
    answers = column_of(responses, "answers")
    # the answers a block of responses at a time: a block's per-answer arrays, never every
    # answer's at once (an interview's answers are in one block, so each sum is unchanged)
    for start in range(0, responses.num_rows, _ANSWER_BLOCK):
        block = answers.slice(start, _ANSWER_BLOCK)
        _add_scores(
            block, position_of[start : start + _ANSWER_BLOCK], instrument, items, used, total, count
        )
    known = instrument >= 0
    answered = known & (count > 0)
    form = satisfaction_form(nth, topic, statistic, satisfied_at)
    mean = total[answered] / count[answered]
    weights = column_of(responses, "weight").take(taken).to_numpy(zero_copy_only=False)
    weights = np.asarray(weights, dtype=np.float64)[answered]
    details = {
        "no_item_answered": int((known & (count == 0)).sum()),
        "unknown_instrument": without_instrument,
    }
    notes = unknown_instrument_notes(without_instrument)
    if statistic == "mean":
        ids = column_of(responses, "id").take(taken).to_pylist()
        units = [ids[k] for k in np.flatnonzero(answered).tolist()]
        observations = [
            Observation(u, u, None, s, None, w)
            for u, s, w in zip(units, mean.tolist(), weights.tolist(), strict=True)
        ]
        estimate = summarise(
            **form,
            statistic="mean",
            observations=observations,
            details=details,
            notes=notes,
            confidence=confidence,
        )
        return attrs.evolve(estimate, observations=())
    satisfied = mean >= satisfied_at
    if not len(mean):
        return _counted(form, "weighted_proportion", count=0, details=details, notes=notes)
    relative = weights / weights.max()
    result = weighted_share(
        relative.tolist(),
        relative[satisfied].tolist(),
        (relative * relative).tolist(),
        largest=float(weights.max()),
        confidence=confidence,
    )
    return _counted(
        form,
        "weighted_proportion",
        count=len(mean),
        value=result.value,
        numerator=_total(weights[satisfied].tolist()),
        interval=result.interval,
        details=details,
        notes=notes,
        confidence=confidence,
    )


# --- every headline figure --------------------------------------------------------------------


def _signature_defaults(function: Callable[..., Any]) -> dict[str, Any]:
    """The defaults of *function*'s keyword arguments (the object path's, which the public
    columnar functions take)."""
    return {
        name: p.default
        for name, p in inspect.signature(function).parameters.items()
        if p.default is not inspect.Parameter.empty
    }


def _exit_rate(
    function: Callable[..., Estimate], public: Callable[..., Estimate]
) -> Callable[..., Estimate]:
    """An exit rate of :mod:`veteran_services.columnar._metrics` on a caseload's tables, with
    the defaults of its public form and the tables' data cutoff."""
    defaults = {
        name: value
        for name, value in _signature_defaults(public).items()
        if name not in ("ventures", "contacts", "responses")
    }

    def compute(t: _Tables, **arguments: Any) -> Estimate:
        return function(
            *t.exit_sources(),
            ventures=t["ventures"],
            contacts=t["contacts"],
            responses=t["responses"],
            **{**defaults, **arguments},
            cutoff=t.cutoff,
        )

    return compute


def _placement(t: _Tables, **arguments: Any) -> Estimate:
    veterans, enrolments, placements, _ = t.exit_sources()
    defaults = {
        name: value
        for name, value in _signature_defaults(placement_rate).items()
        if name not in ("ventures", "enrolments", "contacts", "responses")
    }
    return _placement_cases(
        veterans,
        placements,
        ventures=t["ventures"],
        enrolments=enrolments,
        contacts=t["contacts"],
        responses=t["responses"],
        **{**defaults, **arguments},
    )[0]


def _defaults(function: Callable[..., Estimate]) -> Callable[..., Estimate]:
    """*function* (``_x(t, **settings)``) with the public function's defaults."""
    defaults = _signature_defaults(_PUBLIC[function])

    def compute(t: _Tables, **arguments: Any) -> Estimate:
        return function(t, **{**defaults, **arguments})

    return compute


_PUBLIC: Final[dict[Callable[..., Estimate], Callable[..., Estimate]]] = {
    _median_earnings: median_earnings_after_exit,
    _credential_attainment: credential_attainment_rate,
    _time_to_placement: time_to_placement,
    _venture_survival: venture_survival_rate,
    _jobs_created: jobs_created,
    _high_growth: high_growth_share,
    _satisfaction: weighted_satisfaction,
}


def _loan(name: str, success: frozenset[str], what: str) -> Callable[..., Estimate]:
    def compute(t: _Tables, *, as_of: date | None = None, confidence: float = 0.95) -> Estimate:
        return _loan_rate(t, as_of, confidence, name, success, what)

    return compute


#: The columnar form of each registered indicator (by its name in the metrics registry).
_BY_NAME: Final[Mapping[str, Callable[..., Estimate]]] = {
    "employment_rate_after_exit": _exit_rate(
        _employment_rate_after_exit, employment_rate_after_exit
    ),
    "median_earnings_after_exit": _defaults(_median_earnings),
    "credential_attainment_rate": _defaults(_credential_attainment),
    "retention_with_same_employer": _exit_rate(
        _retention_with_same_employer, retention_with_same_employer
    ),
    "placement_rate": _placement,
    "time_to_placement": _defaults(_time_to_placement),
    "venture_survival_rate": _defaults(_venture_survival),
    "jobs_created": _defaults(_jobs_created),
    "high_growth_share": _defaults(_high_growth),
    "loan_repayment_rate": _loan("loan_repayment_rate", REPAYING, "repayment rate"),
    "loan_default_rate": _loan("loan_default_rate", DEFAULTING, "default rate"),
    "weighted_satisfaction": _defaults(_satisfaction),
}


@checked
def headline_figures(
    tables: Mapping[str, Any], *, as_of: date | None = None
) -> tuple[Estimate, ...]:
    """:func:`veteran_services.metrics.headline_figures` over a caseload's tables: every
    headline figure of the report and of ``veteran-services metrics``, in the registry's order
    (:data:`veteran_services.metrics.PROGRAMME_INDICATORS`), each with its fixed arguments
    and *as_of* (default: each indicator's own, as on the object path: every quarter observed
    for the rates after exit, the latest dated event for the venture indicators), equal field
    for field to the object path's (the unit-level observations are not built).

    Args:
        tables: The caseload's tables by kind, as :func:`~veteran_services.columnar.to_arrow`
            or :func:`~veteran_services.columnar.read_tables` give them (a kind left out holds
            no records).
        as_of: Evaluation date.

    Raises:
        InvalidInputError: for the venture indicators that need a date, without *as_of* when
            the tables hold no dated event (as the object path).
    """
    t = _Tables(tables)
    figures = []
    with shared_cohorts():  # the rates after exit share their exits, as on the object path
        for indicator in PROGRAMME_INDICATORS.values():
            compute = _BY_NAME[indicator.name]
            for figure in indicator.figures:
                arguments = dict(figure.arguments)
                if indicator.dated:
                    arguments["as_of"] = as_of
                figures.append(compute(t, **arguments))
    return tuple(figures)
