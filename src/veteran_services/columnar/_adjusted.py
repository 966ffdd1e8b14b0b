"""The case-mix-adjusted league table over Arrow tables (issue 19): the columnar twin of
:func:`veteran_services.metrics.adjusted_league_table` for the employment rate after exit.

The cases (exits, their WIOA exclusions, employment in the outcome quarter) come from the
columnar employment rate; each case's characteristics from the veterans' columns by the object
path's own rule (:func:`veteran_services.metrics.adjusted.feature_value`); the design matrix,
statsmodels' fit, O/E, limits, flags, ranks and diagnostics from the object path's
:func:`~veteran_services.metrics.adjusted.table_from_model_rows`. The same tables give the same
:class:`~veteran_services.metrics.AdjustedTable`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Final, Literal

from veteran_services._checks import checked
from veteran_services.columnar._columns import column_of
from veteran_services.columnar._convert import as_table
from veteran_services.columnar._metrics import _employment_cases
from veteran_services.errors import InvalidInputError
from veteran_services.metrics.adjusted import (
    DEFAULT_ADJUSTERS,
    AdjustedTable,
    check_adjusted_settings,
    feature_value,
    table_from_model_rows,
)
from veteran_services.metrics.cohorts import exit_unit_ids
from veteran_services.stats import FunnelMethod, RatioScale

__all__ = ["ADJUSTED_GROUPINGS", "adjusted_league_table"]

#: The groupings the columnar adjusted table knows (an exit's provider, through the programme
#: of the enrolment that ended it; the veteran's home district, which is an exit's region).
ADJUSTED_GROUPINGS: Final = ("provider", "region", "veteran_region")

_VETERAN_COLUMNS: Final = ("id", "birth_date", "sex", "education", "region", "barriers", "service")


def _first_rows(ids: list[str]) -> dict[str, int]:
    """Each id's first row (the object path's lookup by id finds the first record)."""
    rows: dict[str, int] = {}
    for row, identifier in enumerate(ids):
        rows.setdefault(identifier, row)
    return rows


@checked
def adjusted_league_table(
    veterans: Any,
    enrolments: Any,
    placements: Any,
    earnings: Any,
    *,
    programmes: Any = None,
    ventures: Any = None,
    quarter: int = 2,
    exits_between: tuple[date, date] | None = None,
    as_of: date | None = None,
    counting: str = "periods",
    by: Literal["provider", "region", "veteran_region"] = "provider",
    adjust_for: Sequence[str] = DEFAULT_ADJUSTERS,
    levels: Sequence[float] = (0.95, 0.998),
    flag_level: float = 0.998,
    scale: RatioScale = "sqrt",
    raw_method: FunnelMethod = "exact",
    overdispersion: bool = False,
    min_n: int = 10,
    replicates: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> AdjustedTable:
    """:func:`veteran_services.metrics.adjusted_league_table` of the employment rate after exit
    (enrolment rule) over tables: the same table as
    ``metrics.adjusted_league_table(metrics.employment_rate_after_exit, caseload, ...)`` on the
    caseload the tables hold.

    Args:
        veterans: Veterans (``id``, ``exclusions`` and the characteristics' columns:
            ``birth_date``, ``sex``, ``education``, ``region``, ``barriers``, ``service``).
        enrolments: Enrolments (``id``, ``veteran_id``, ``programme_id``, ``enrolled_on``,
            ``ended_on``, and ``exit_reason`` when recorded).
        placements: Placements (as :func:`~veteran_services.columnar.employment_rate_after_exit`).
        earnings: Earnings records (likewise).
        programmes: Programmes (``id``, ``provider_id``); needed with ``by="provider"``.
        ventures: Ventures, if any.
        quarter: Which quarter after the exit quarter.
        exits_between: Inclusive range of exit dates.
        as_of: Evaluation date.
        counting: ``"periods"`` or ``"last_exit"``.
        by: ``"provider"``, ``"region"`` or ``"veteran_region"`` (:data:`ADJUSTED_GROUPINGS`).
        adjust_for: Characteristics from :data:`~veteran_services.metrics.ADJUSTERS`.
        levels: Funnel limit levels.
        flag_level: The level whose limits decide the flags.
        scale: ``"sqrt"`` or ``"log"`` for the ratio's limits.
        raw_method: The raw rates' proportion funnel.
        overdispersion: Whether to widen the ratio's limits by τ².
        min_n: Units with fewer modelled veterans are listed but not ranked.
        replicates: Bootstrap replicates for the rank intervals.
        seed: Seed of the bootstrap.
        confidence: Coverage of the O/E intervals and the rank intervals.

    Raises:
        InvalidInputError: a bad setting or grouping, ``by="provider"`` without *programmes*,
            fewer than two units, no outcome variation.
        MissingExtraError: numpy, scipy or statsmodels (the ``fair`` extra) is not installed.
    """
    chosen = tuple(adjust_for) if not isinstance(adjust_for, str) else (adjust_for,)
    check_adjusted_settings(chosen, levels, flag_level, replicates, min_n, confidence)
    if by not in ADJUSTED_GROUPINGS:
        msg = f"'by' must be one of {', '.join(map(repr, ADJUSTED_GROUPINGS))} here, got {by!r}"
        raise InvalidInputError("by", msg)
    if by == "provider" and programmes is None:
        msg = "'programmes' is needed with by='provider' (an exit's provider is its programme's)"
        raise InvalidInputError("programmes", msg)
    overall, exits, excluded_text, employed = _employment_cases(
        veterans,
        enrolments,
        placements,
        earnings,
        ventures=ventures,
        contacts=None,
        responses=None,
        quarter=quarter,
        exits_between=exits_between,
        rule="enrolments",
        as_of=as_of,
        counting=counting,
        confidence=confidence,
        cutoff=None,
    )
    vets = as_table("veterans", veterans, "veterans")
    facts = {name: column_of(vets, name).to_pylist() for name in _VETERAN_COLUMNS}
    veteran_row = _first_rows(facts["id"])
    provider_of: dict[str, str | None] = {}
    if by == "provider":
        enrolment_table = as_table("enrolments", enrolments, "enrolments")
        programme_table = as_table("programmes", programmes, "programmes")
        programme_ids = column_of(enrolment_table, "programme_id").to_pylist()
        enrolment_row = _first_rows(column_of(enrolment_table, "id").to_pylist())
        providers = column_of(programme_table, "provider_id").to_pylist()
        programme_row = _first_rows(column_of(programme_table, "id").to_pylist())
        for record in set(exits.record_ids):
            at = enrolment_row.get(record)
            where = None if at is None else programme_row.get(programme_ids[at])
            provider_of[record] = None if where is None else providers[where]
    units = exit_unit_ids(exits.veteran_ids, (_day(d) for d in exits.exited.tolist()))
    rows_x: list[list[object]] = []
    ys: list[int] = []
    groups: list[str] = []
    excluded: list[tuple[str, str]] = []
    for k, (unit, veteran_id) in enumerate(zip(units, exits.veteran_ids, strict=True)):
        if excluded_text[k] is not None:
            continue  # left out by the indicator itself (its exclusions are on the estimate)
        row = veteran_row.get(veteran_id)
        if row is None:
            excluded.append((unit, "no veteran record"))
            continue
        label = facts["region"][row] if by != "provider" else provider_of[exits.record_ids[k]]
        if label is None:
            excluded.append((unit, "unit unknown"))
            continue
        day = _day(int(exits.exited[k]))
        service = [(p["start"], p["end"], p["rank"]) for p in facts["service"][row] or []]
        values: list[object] = []
        reason = None
        for name in chosen:
            value, why = feature_value(
                name,
                birth_date=facts["birth_date"][row],
                sex=facts["sex"][row],
                education=facts["education"][row],
                service=service,
                region=facts["region"][row],
                barriers=len(facts["barriers"][row] or ()),
                day=day,
            )
            if why is not None:
                reason = f"{name}: {why}"
                break
            values.append(value)
        if reason is not None:
            excluded.append((unit, reason))
            continue
        rows_x.append(values)
        ys.append(1 if employed[k] else 0)
        groups.append(str(label))
    return table_from_model_rows(
        overall,
        rows_x,
        ys,
        groups,
        excluded,
        by=by,
        adjust_for=chosen,
        levels=levels,
        flag_level=flag_level,
        scale=scale,
        raw_method=raw_method,
        overdispersion=overdispersion,
        min_n=min_n,
        replicates=replicates,
        seed=seed,
        confidence=confidence,
    )


_EPOCH: Final = date(1970, 1, 1).toordinal()


def _day(number: int) -> date:
    """The date *number* days after 1970-01-01."""
    return date.fromordinal(_EPOCH + number)
