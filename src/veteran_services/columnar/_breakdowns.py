"""Breakdowns, the wide indicator table and the league table over Arrow tables (issue 21):
the columnar twins of :func:`veteran_services.metrics.indicator_table` and
:func:`veteran_services.metrics.league_table` for the rates the columnar package computes
(:data:`GROUPED_INDICATORS`).

The columnar rate gives its cases (each exit or anchor with its unit id, veteran, anchor date,
the enrolment it is attributed to or the date to attribute it by, whether it is counted and
whether it is a success), without building an observation per unit. Each case's group comes
from the tables by the object path's rules (:func:`~veteran_services.metrics.group_key`: the
veteran's first record, :func:`~veteran_services.metrics.enrolment_of`'s attribution, the
model's age, :func:`~veteran_services.metrics.age_band`), and the counts per group go through
the object path's own aggregation: :func:`~veteran_services.metrics.breakdowns.proportion_cell`,
:func:`~veteran_services.metrics.breakdowns.table_from_cells` (suppression, total),
:func:`~veteran_services.metrics.tables.wide_table` (units, names) and
:func:`~veteran_services.metrics.league.league_from_cells` (funnel, flags, ranks, bootstrap).
The same tables give the same :class:`~veteran_services.metrics.IndicatorTable` and
:class:`~veteran_services.metrics.LeagueTable`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, Final, cast

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from veteran_services import _i18n
from veteran_services._checks import checked
from veteran_services.columnar._columns import column_of
from veteran_services.columnar._cutoff import data_cutoff
from veteran_services.columnar._headline import _credential_attainment, _median_earnings, _Tables
from veteran_services.columnar._metrics import (
    _employment_cases,
    _placement_cases,
    _retention_cases,
    shared_cohorts,
)
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import SIX_MONTHS, Estimate, GroupBy
from veteran_services.metrics.breakdowns import (
    _GROUPINGS,
    Table,
    age_band,
    check_grouping,
    label_of,
    proportion_cell,
    refuse_grouping,
    regroup,
    sorted_labels,
    table_from_cells,
)
from veteran_services.metrics.cohorts import exit_unit_ids
from veteran_services.metrics.indicators import ONE_YEAR, TRAINING_KINDS
from veteran_services.metrics.league import (
    LeagueTable,
    check_league_settings,
    check_rate,
    league_from_cells,
)
from veteran_services.metrics.registry import _FIGURES, PROGRAMME_INDICATORS
from veteran_services.metrics.tables import (
    DEFAULT_INDICATORS,
    IndicatorTable,
    _check_by,
    add_table,
    unit_names,
    wide_table,
)
from veteran_services.model import Veteran
from veteran_services.stats import DispersionRule, FunnelMethod

__all__ = ["GROUPED_INDICATORS", "indicator_table", "league_table"]

#: The indicators the columnar breakdowns and league table know, by their registry name
#: (:data:`veteran_services.metrics.PROGRAMME_INDICATORS`); their headline figures too.
GROUPED_INDICATORS: Final = (
    "employment_rate_after_exit",
    "median_earnings_after_exit",
    "retention_with_same_employer",
    "placement_rate",
    "credential_attainment_rate",
)

_EPOCH: Final = date(1970, 1, 1).toordinal()


def _day(number: int) -> date:
    return date.fromordinal(_EPOCH + number)


class _Cases:
    """A rate's cases: per case its unit id, veteran id, anchor day (age bands), the enrolment
    the outcome is attributed to (or None) and the day to attribute it by otherwise, whether
    it is an observation of the object path (counted or excluded), counted, and a success."""

    def __init__(
        self,
        estimate: Estimate,
        units: list[str],
        veteran_ids: list[str],
        on: list[int],
        attribute_on: list[int],
        enrolment_ids: list[str | None],
        observed: np.ndarray,
        counted: np.ndarray,
        success: np.ndarray,
    ) -> None:
        self.estimate = estimate
        self.units = units
        self.veteran_ids = veteran_ids
        self.on = on
        self.attribute_on = attribute_on
        self.enrolment_ids = enrolment_ids
        self.observed = observed
        self.counted = counted
        self.success = success


def _exit_cases(estimate: Estimate, exits: Any, counted: np.ndarray, success: Any) -> _Cases:
    """The cases of an exit cohort's rate: every exit the rate counts or leaves out (an exit
    neither counted nor excluded, e.g. not employed in retention's first quarter, is not one
    of the object path's observations)."""
    days = np.asarray(exits.exited, dtype=np.int64).tolist()
    units = exit_unit_ids(exits.veteran_ids, [_day(d) for d in days])
    excluded = estimate.excluded
    observed = np.array([u in excluded for u in units], dtype=bool) | counted
    by_enrolment = estimate.parameters.get("rule", "enrolments") == "enrolments"
    enrolments = list(exits.record_ids) if by_enrolment else [None] * len(units)
    return _Cases(
        estimate,
        units,
        list(exits.veteran_ids),
        days,
        days,
        enrolments,
        observed,
        counted,
        np.asarray(success, dtype=bool),
    )


def _cases(name: str, t: _Tables, *, as_of: date | None, quarter: int | None) -> _Cases:
    """The cases of the indicator *name* (:data:`GROUPED_INDICATORS`) with its defaults, as
    ``PROGRAMME_INDICATORS[name].compute(caseload, as_of=as_of, quarter=quarter)``."""
    common: dict[str, Any] = {
        "ventures": t["ventures"],
        "contacts": t["contacts"],
        "responses": t["responses"],
        "exits_between": None,
        "rule": "enrolments",
        "as_of": as_of,
        "counting": "periods",
        "confidence": 0.95,
        "cutoff": None,
    }
    sources = t.exit_sources()
    if name == "employment_rate_after_exit":
        estimate, exits, texts, employed = _employment_cases(
            *sources, quarter=2 if quarter is None else quarter, **common
        )
        counted = np.array([text is None for text in texts], dtype=bool)
        return _exit_cases(estimate, exits, counted, employed)
    if name == "retention_with_same_employer":
        estimate, exits, counted, kept = _retention_cases(*sources, first=2, second=4, **common)
        return _exit_cases(estimate, exits, counted, kept)
    if name == "median_earnings_after_exit":
        exit_rows: list[Any] = []
        estimate = _median_earnings(
            t,
            quarter=2 if quarter is None else quarter,
            exits_between=None,
            rule="enrolments",
            as_of=as_of,
            counting="periods",
            cases=exit_rows,
        )
        ((exits, _units),) = exit_rows
        none = np.zeros(len(exits.veteran_ids), dtype=bool)
        return _exit_cases(estimate, exits, none, none)
    if name == "credential_attainment_rate":
        found: list[Any] = []
        estimate = _credential_attainment(
            t,
            exits_between=None,
            as_of=as_of,
            within=ONE_YEAR,
            programme_kinds=TRAINING_KINDS,
            confidence=0.95,
            counting="periods",
            cases=found,
        )
        ((exits, _units, counted, attained),) = found
        return _exit_cases(estimate, exits, counted, attained)
    estimate, ids, day, end, included, placed = _placement_cases(
        t["veterans"],
        t["placements"],
        ventures=t["ventures"],
        enrolments=t["enrolments"],
        contacts=t["contacts"],
        responses=t["responses"],
        within=SIX_MONTHS,
        anchor="registration",
        between=None,
        as_of=as_of,
        include_subsidised=True,
        include_ventures=False,
        rule="enrolments",
        confidence=0.95,
    )
    counted = np.zeros(len(ids), dtype=bool)
    counted[included] = True
    excluded = estimate.excluded
    observed = counted | np.array([i in excluded for i in ids], dtype=bool)
    return _Cases(
        estimate,
        list(ids),
        list(ids),
        np.asarray(day, dtype=np.int64).tolist(),
        np.asarray(end, dtype=np.int64).tolist(),
        [None] * len(ids),
        observed,
        counted,
        np.asarray(placed, dtype=bool),
    )


def _first_rows(ids: list[Any]) -> dict[Any, int]:
    """Each id's first row (the object path's lookup by id finds the first record)."""
    rows: dict[Any, int] = {}
    for row, identifier in enumerate(ids):
        rows.setdefault(identifier, row)
    return rows


class _Born:
    """What :meth:`Veteran.age <veteran_services.model.Veteran.age>` reads of a veteran."""

    def __init__(self, birth_date: date | None) -> None:
        self.birth_date = birth_date


def _age(birth_date: date | None, on: date) -> int | None:
    """The model's age rule (:meth:`veteran_services.model.Veteran.age`) on a birth date."""
    return Veteran.age(cast(Veteran, _Born(birth_date)), on=on)


def _parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day) of day numbers."""
    when = days.astype("datetime64[D]")
    months = when.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (when - months).astype(np.int64) + 1
    return year, month, day


def _ages(births: list[date | None], on: list[int]) -> list[int | None]:
    """The model's age (:meth:`veteran_services.model.Veteran.age`) of each birth date on each
    day, with numpy: whole years, one fewer before the birthday in the year. Births on 29
    February and days before the birth take the model's rule itself (its calendar arithmetic
    makes a 29 February birthday fall on 28 February in common years)."""
    known = np.array([b is not None for b in births], dtype=bool)
    birth = np.array([0 if b is None else b.toordinal() - _EPOCH for b in births], np.int64)
    day = np.asarray(on, dtype=np.int64)
    by, bm, bd = _parts(birth)
    oy, om, od = _parts(day)
    ages = oy - by - ((om < bm) | ((om == bm) & (od < bd))).astype(np.int64)
    edge = known & (((bm == 2) & (bd == 29)) | (day < birth))
    result: list[int | None] = [
        int(a) if k else None for a, k in zip(ages.tolist(), known.tolist(), strict=True)
    ]
    for k in np.flatnonzero(edge).tolist():
        result[k] = _age(births[k], _day(on[k]))
    return result


class _Veterans:
    """The veterans' columns a grouping reads, each read once per call, and each id's row."""

    def __init__(self, t: _Tables) -> None:
        self._table = t["veterans"]
        self._columns: dict[str, list[Any]] = {}
        self.row = _first_rows(self.column("id"))

    def column(self, name: str) -> list[Any]:
        found = self._columns.get(name)
        if found is None:
            found = column_of(self._table, name).to_pylist()
            self._columns[name] = found
        return found


def _group_keys(
    by: str, t: _Tables, vets: _Veterans, cases: _Cases, rows: list[int]
) -> list[object]:
    """The group of each case of *rows* by the object path's rule for *by*
    (:func:`~veteran_services.metrics.group_key`); ``None`` when unknown."""
    if by == "employer_region":  # no case of these rates is about a placement
        return [None] * len(rows)
    where = [vets.row.get(cases.veteran_ids[k]) for k in rows]
    if by in ("region", "veteran_region", "sex"):
        values = vets.column("region" if by != "sex" else "sex")
        return [None if w is None else values[w] for w in where]
    if by == "resettlement":
        service = vets.column("service")
        return [
            None if w is None or not service[w] else service[w][-1]["resettlement"] for w in where
        ]
    if by == "age_band":
        births = vets.column("birth_date")
        ages = _ages([None if w is None else births[w] for w in where], [cases.on[k] for k in rows])
        bands = {age: age_band(age) for age in set(ages)}
        return [bands[age] for age in ages]
    return _programme_keys(by, t, cases, rows)


def _programme_keys(by: str, t: _Tables, cases: _Cases, rows: list[int]) -> list[object]:
    """Each case's provider or programme kind: of the programme of the enrolment its outcome
    is attributed to (:func:`~veteran_services.metrics.enrolment_of`: its own enrolment, else
    the veteran's latest enrolment started on or before the attribution day, ties: the
    smallest id)."""
    enrolments = t["enrolments"]
    programmes = t["programmes"]
    enrolment_ids = column_of(enrolments, "id").to_pylist()
    enrolment_row = _first_rows(enrolment_ids)
    programme_of = column_of(enrolments, "programme_id").to_pylist()
    programme_row = _first_rows(column_of(programmes, "id").to_pylist())
    field = "provider_id" if by == "provider" else "kind"
    values = column_of(programmes, field).to_pylist()
    started: dict[str, list[tuple[date, str]]] = {}
    if any(cases.enrolment_ids[k] is None for k in rows):
        owners = column_of(enrolments, "veteran_id").to_pylist()
        starts = column_of(enrolments, "enrolled_on").to_pylist()
        for owner, start, identifier in zip(owners, starts, enrolment_ids, strict=True):
            if start is not None:
                started.setdefault(owner, []).append((start, identifier))
    result: list[object] = []
    for k in rows:
        enrolment = cases.enrolment_ids[k]
        if enrolment is None:
            until = _day(cases.attribute_on[k])
            best: tuple[date, str] | None = None
            for start, identifier in started.get(cases.veteran_ids[k], ()):
                if start <= until and (
                    best is None or start > best[0] or (start == best[0] and identifier < best[1])
                ):
                    best = (start, identifier)
            enrolment = None if best is None else best[1]
        at = None if enrolment is None else enrolment_row.get(enrolment)
        found = None if at is None else programme_row.get(programme_of[at])
        result.append(None if found is None else values[found])
    return result


def _cells(by: str, t: _Tables, vets: _Veterans, cases: _Cases) -> dict[str, Estimate]:
    """The estimate's cells by group, in table order, from the counts per group."""
    estimate = cases.estimate
    if estimate.statistic == "median":  # the object path's own regrouping of observations
        check_grouping(by, estimate)
        everything = list(range(len(cases.units)))
        key_of = dict(zip(cases.units, _group_keys(by, t, vets, cases, everything), strict=True))
        return regroup(estimate, lambda observation: key_of[observation.unit_id])
    rows = np.flatnonzero(cases.observed).tolist()
    refuse_grouping(by, estimate.name, units=bool(rows), about_placements=False)
    keys = _group_keys(by, t, vets, cases, rows)
    encoded = pc.dictionary_encode(pa.array(keys, pa.string()), null_encoding="encode")
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    labels = [label_of(value) for value in encoded.dictionary.to_pylist()]
    at = np.asarray(rows, dtype=np.int64)
    counted = cases.counted[at]
    hits = counted & cases.success[at]
    units = np.bincount(codes[counted], minlength=len(labels)).tolist()
    found = np.bincount(codes[hits], minlength=len(labels)).tolist()
    count: dict[str, int] = {}
    successes: dict[str, int] = {}
    left_out: dict[str, dict[str, str]] = {}
    for code, label in enumerate(labels):  # (None and "unknown" are one label)
        count[label] = count.get(label, 0) + units[code]
        successes[label] = successes.get(label, 0) + found[code]
        left_out.setdefault(label, {})
    excluded = estimate.excluded
    for k in np.flatnonzero(~counted).tolist():
        unit = cases.units[rows[k]]
        left_out[labels[codes[k]]][unit] = excluded[unit]
    return {
        label: proportion_cell(
            estimate,
            label,
            successes=successes[label],
            count=count[label],
            excluded=left_out[label],
        )
        for label in sorted_labels(count)
    }


def _indicator_name(indicator: object) -> tuple[str, dict[str, Any]]:
    """A figure's or indicator's name as (the registry indicator, its fixed arguments)."""
    figure = _FIGURES.get(indicator) if isinstance(indicator, str) else None
    if figure is not None:
        owner = next(i for i in PROGRAMME_INDICATORS.values() if figure in i.figures)
        name, arguments = owner.name, dict(figure.arguments)
    elif isinstance(indicator, str) and indicator in PROGRAMME_INDICATORS:
        name, arguments = indicator, {}
    else:
        names = ", ".join([*_FIGURES, *PROGRAMME_INDICATORS])
        msg = f"'indicators' must hold names of figures or indicators ({names}), got {indicator!r}"
        raise InvalidInputError("indicators", msg)
    if name not in GROUPED_INDICATORS:
        known = ", ".join(GROUPED_INDICATORS)
        msg = (
            f"'indicators': {indicator!r} has no columnar breakdown yet (the columnar engine "
            f"breaks down {known} and their figures); use the object engine"
        )
        raise InvalidInputError("indicators", msg)
    return name, arguments


def _provider_names(t: _Tables) -> Callable[[str], str | None]:
    providers = t["providers"]
    rows = _first_rows(column_of(providers, "id").to_pylist())
    names = column_of(providers, "name").to_pylist()

    def name(code: str) -> str | None:
        row = rows.get(code)
        return None if row is None else names[row]

    return name


@checked
def indicator_table(
    tables: Mapping[str, Any],
    *,
    indicators: Sequence[str] | None = None,
    by: GroupBy = "veteran_region",
    as_of: date | None = None,
    quarter: int | None = None,
    min_cell: int = 10,
    lang: str = "en",
) -> IndicatorTable:
    """:func:`veteran_services.metrics.indicator_table` over a caseload's tables: the same
    table (units, names, cells, suppression, total) as the object path on the caseload the
    tables hold, for the figures and indicators of :data:`GROUPED_INDICATORS`.

    Args:
        tables: The caseload's tables by kind (``Mapping[str, pyarrow.Table]``, as
            :func:`~veteran_services.columnar.to_arrow` or
            :func:`~veteran_services.columnar.read_tables` give them); a kind left out is
            empty.
        indicators: Figures' or indicators' names (default: those of
            :data:`~veteran_services.metrics.DEFAULT_INDICATORS` the columnar engine knows).
        by: A built-in grouping (:data:`~veteran_services.metrics.GroupBy`).
        as_of: The evaluation date; default the latest dated event
            (:func:`~veteran_services.columnar.data_cutoff`).
        quarter: The quarter after exit of quarterly indicators named by their indicator's
            name.
        min_cell: The smallest cell that may be published.
        lang: The language of the names.

    Raises:
        InvalidInputError: an unknown indicator or one without a columnar breakdown, an
            unknown grouping or language, a bad *min_cell*, the same figure twice, no *as_of*
            for tables without dated events, or ``by="employer_region"`` (no unit of these
            rates is about a placement).
    """
    lang = _i18n.check_lang(lang)
    _check_by(by)
    if by not in _GROUPINGS:
        msg = "'by' must be a built-in grouping on the columnar engine, not a callable"
        raise InvalidInputError("by", msg)
    if indicators is None:
        chosen: Sequence[str] = [
            name for name in DEFAULT_INDICATORS if _FIGURES[name] in _registered_figures()
        ]
    else:
        chosen = indicators
    if isinstance(chosen, str) or not isinstance(chosen, Sequence) or not chosen:
        msg = f"'indicators' must be a non-empty list of names, got {chosen!r}"
        raise InvalidInputError("indicators", msg)
    t = _Tables(tables)
    if as_of is None:
        as_of = data_cutoff(tables)
        if as_of is None:
            msg = "'as_of' is needed: the caseload has no dated events"
            raise InvalidInputError("as_of", msg)
    result: dict[str, Table] = {}
    vets = _Veterans(t)
    with shared_cohorts():  # the rates after exit share their exit cohort, as headlines do
        for indicator in chosen:
            name, arguments = _indicator_name(indicator)
            day = arguments.get("quarter", quarter)
            cases = _cases(name, t, as_of=as_of, quarter=day if name in _QUARTERLY else None)
            cells = _cells(by, t, vets, cases)
            add_table(result, table_from_cells(cases.estimate, cells, by=by, min_cell=min_cell))
    names = unit_names(by, _provider_names(t), lang)
    return wide_table(result, by=by, min_cell=min_cell, as_of=as_of, lang=lang, name=names)


#: The quarterly ones among :data:`GROUPED_INDICATORS`.
_QUARTERLY: Final = frozenset({"employment_rate_after_exit", "median_earnings_after_exit"})


def _registered_figures() -> list[Any]:
    return [f for n in GROUPED_INDICATORS for f in PROGRAMME_INDICATORS[n].figures]


@checked
def league_table(
    tables: Mapping[str, Any],
    indicator: str,
    *,
    by: GroupBy = "provider",
    as_of: date | None = None,
    quarter: int | None = None,
    levels: Sequence[float] = (0.95, 0.998),
    flag_level: float = 0.998,
    overdispersion: bool = False,
    winsorise: float = 0.1,
    method: FunnelMethod = "exact",
    dispersion_rule: DispersionRule = "quantile",
    min_n: int = 10,
    descending: bool = True,
    replicates: int = 1000,
    seed: int = 0,
    rank_confidence: float = 0.95,
) -> LeagueTable:
    """:func:`veteran_services.metrics.league_table` over a caseload's tables: the same table
    as ``metrics.league_table(lambda c: PROGRAMME_INDICATORS[indicator].compute(c,
    as_of=as_of, quarter=quarter), caseload, by=by, ...)`` (rates, funnel limits, flags, τ²,
    ranks and their bootstrap intervals with the same seed), for the indicators of
    :data:`GROUPED_INDICATORS` (or one of their headline figures' names).

    Args:
        tables: The caseload's tables by kind (``Mapping[str, pyarrow.Table]``).
        indicator: The rate's indicator (or headline figure) name.
        by: A built-in grouping (:data:`~veteran_services.metrics.GroupBy`).
        as_of: The evaluation date, passed to the indicator as it is (``None``: none).
        quarter: The quarter after exit of the employment rate.
        levels: Funnel limit levels.
        flag_level: The level (one of *levels*) whose limits decide the flag.
        overdispersion: Whether to widen the limits by the DerSimonian-Laird τ².
        winsorise: Share of z-scores winsorised at each end for τ².
        method: ``"exact"``, ``"arcsine"`` or ``"normal"``.
        dispersion_rule: ``"quantile"``, ``"truncate"`` or ``"count"``.
        min_n: Groups with a smaller denominator are listed but not ranked.
        descending: Rank the highest rate first.
        replicates: Bootstrap replicates for the rank intervals (0: none).
        seed: Seed of the bootstrap.
        rank_confidence: Coverage of the rank intervals.

    Raises:
        InvalidInputError: bad settings (checked first, as the object path does), an unknown
            indicator or one without a columnar league table, an unknown grouping, or
            ``by="employer_region"``.
    """
    check_league_settings(
        levels=levels,
        flag_level=flag_level,
        min_n=min_n,
        replicates=replicates,
        rank_confidence=rank_confidence,
    )
    if by not in _GROUPINGS:
        msg = f"'by' must be one of {', '.join(map(repr, _GROUPINGS))}, got {by!r}"
        raise InvalidInputError("by", msg)
    name, arguments = _indicator_name(indicator)
    t = _Tables(tables)
    day = arguments.get("quarter", quarter)
    cases = _cases(name, t, as_of=as_of, quarter=day if name in _QUARTERLY else None)
    overall = check_rate(cases.estimate)
    return league_from_cells(
        overall,
        _cells(by, t, _Veterans(t), cases),
        by=by,
        levels=levels,
        flag_level=flag_level,
        overdispersion=overdispersion,
        winsorise=winsorise,
        method=method,
        dispersion_rule=dispersion_rule,
        min_n=min_n,
        descending=descending,
        replicates=replicates,
        seed=seed,
        rank_confidence=rank_confidence,
    )
