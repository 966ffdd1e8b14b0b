"""The case-mix-adjusted league table over Arrow tables (issue 19): the columnar twin of
:func:`veteran_services.metrics.adjusted_league_table` for the rates the columnar package
computes (:data:`ADJUSTED_INDICATORS`: the employment rate after exit, retention with the same
employer, the placement rate), with either exit rule.

The cases (exits or anchors, their exclusions, the outcome) come from the columnar rate; each
case's unit by the object path's attribution (an exit's enrolment, else the veteran's latest
enrolment started by the attribution date); each case's characteristics from the veterans'
columns by the object path's own rule (:func:`veteran_services.metrics.adjusted.feature_value`);
the design matrix, statsmodels' fit, O/E, limits, flags, ranks and diagnostics from the object
path's :func:`~veteran_services.metrics.adjusted.table_from_model_rows`. The same tables give the
same :class:`~veteran_services.metrics.AdjustedTable`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Final, Literal, get_args

import numpy as np
from dateutil.relativedelta import relativedelta

from veteran_services._checks import checked
from veteran_services.columnar._columns import column_of
from veteran_services.columnar._convert import as_table
from veteran_services.columnar._metrics import (
    _employment_cases,
    _placement_cases,
    _retention_cases,
)
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import SIX_MONTHS, Estimate, ExitRule, PlacementAnchor
from veteran_services.metrics.adjusted import (
    DEFAULT_ADJUSTERS,
    AdjustedTable,
    check_adjusted_settings,
    feature_value,
    table_from_model_rows,
)
from veteran_services.metrics.cohorts import Counting, exit_unit_ids
from veteran_services.stats import FunnelMethod, RatioScale

__all__ = [
    "ADJUSTED_GROUPINGS",
    "ADJUSTED_INDICATORS",
    "AdjustedIndicator",
    "adjusted_league_table",
]

AdjustedIndicator = Literal[
    "employment_rate_after_exit", "retention_with_same_employer", "placement_rate"
]
"""The rates the columnar adjusted table knows, by the name of their
:mod:`veteran_services.metrics` function."""

#: The indicators of :data:`AdjustedIndicator`, in order.
ADJUSTED_INDICATORS: Final[tuple[AdjustedIndicator, ...]] = get_args(AdjustedIndicator)

#: The indicator-specific settings, by the indicators that take them.
_SETTINGS: Final[dict[str, tuple[str, ...]]] = {
    "quarter": ("employment_rate_after_exit",),
    "exits_between": ("employment_rate_after_exit", "retention_with_same_employer"),
    "first": ("retention_with_same_employer",),
    "second": ("retention_with_same_employer",),
    "within": ("placement_rate",),
    "anchor": ("placement_rate",),
    "between": ("placement_rate",),
    "include_subsidised": ("placement_rate",),
    "include_ventures": ("placement_rate",),
}

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
    indicator: AdjustedIndicator = "employment_rate_after_exit",
    programmes: Any = None,
    ventures: Any = None,
    contacts: Any = None,
    responses: Any = None,
    quarter: int | None = None,
    exits_between: tuple[date, date] | None = None,
    rule: ExitRule = "enrolments",
    as_of: date | None = None,
    counting: Counting = "periods",
    first: int | None = None,
    second: int | None = None,
    within: relativedelta | None = None,
    anchor: PlacementAnchor | None = None,
    between: tuple[date, date] | None = None,
    include_subsidised: bool | None = None,
    include_ventures: bool | None = None,
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
    """:func:`veteran_services.metrics.adjusted_league_table` of a rate over tables: the same
    table as ``metrics.adjusted_league_table(metrics.<indicator>, caseload, ...)`` on the
    caseload the tables hold, for each indicator of :data:`ADJUSTED_INDICATORS`.

    The indicator's own settings are those of its :mod:`veteran_services.metrics` function,
    with its defaults when left out (``None``): *quarter* (2) for the employment rate,
    *exits_between* for it and retention, *first* (2) and *second* (4) for retention,
    *within* (six months), *anchor* (``"registration"``), *between*, *include_subsidised*
    (true) and *include_ventures* (false) for the placement rate; a setting the indicator does
    not take is refused, never ignored. *rule* and *as_of* apply to every indicator (*rule* to
    the placement rate's exit anchor); *counting* to the exit cohorts' rates (the placement
    rate counts each veteran once).

    Each case's unit is the object path's: by provider, the provider of the programme of the
    enrolment the outcome is attributed to (an exit's own enrolment with the enrolment rule;
    otherwise the veteran's latest enrolment started by the exit date, or by the end of the
    placement window; ties: the smallest id); by region, the veteran's home district.

    Args:
        veterans: Veterans (``id``, ``exclusions``, ``registered_on`` for the placement rate,
            and the characteristics' columns: ``birth_date``, ``sex``, ``education``,
            ``region``, ``barriers``, ``service``).
        enrolments: Enrolments (``id``, ``veteran_id``, ``programme_id``, ``enrolled_on``,
            ``ended_on``, and ``exit_reason`` when recorded).
        placements: Placements (as :func:`~veteran_services.columnar.employment_rate_after_exit`).
        earnings: Earnings records (likewise).
        indicator: Which rate (:data:`AdjustedIndicator`).
        programmes: Programmes (``id``, ``provider_id``); needed with ``by="provider"``.
        ventures: Ventures, if any.
        contacts: Service contacts; needed with ``rule="contacts"``.
        responses: Survey responses, for the contact rule's data cutoff without *as_of*.
        quarter: Which quarter after the exit quarter (employment rate).
        exits_between: Inclusive range of exit dates (employment rate, retention).
        rule: ``"enrolments"`` or ``"contacts"``: how exits are found.
        as_of: Evaluation date.
        counting: ``"periods"`` or ``"last_exit"`` (employment rate, retention).
        first: The first quarter after exit (retention).
        second: The later quarter (retention).
        within: The window after the anchor (placement rate).
        anchor: ``"registration"``, ``"separation"`` or ``"exit"`` (placement rate).
        between: Inclusive range of anchor dates (placement rate).
        include_subsidised: Whether subsidised placements count (placement rate).
        include_ventures: Whether starting a venture counts (placement rate).
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
        InvalidInputError: a bad setting, grouping or indicator, a setting the indicator does
            not take, ``by="provider"`` without *programmes*, fewer than two units, no outcome
            variation.
        MissingExtraError: numpy, scipy or statsmodels (the ``fair`` extra) is not installed.
    """
    if indicator not in ADJUSTED_INDICATORS:
        names = ", ".join(map(repr, ADJUSTED_INDICATORS))
        msg = f"'indicator' must be one of {names} here, got {indicator!r}"
        raise InvalidInputError("indicator", msg)
    given: dict[str, object] = {
        "quarter": quarter,
        "exits_between": exits_between,
        "first": first,
        "second": second,
        "within": within,
        "anchor": anchor,
        "between": between,
        "include_subsidised": include_subsidised,
        "include_ventures": include_ventures,
    }
    for name, value in given.items():
        if value is not None and indicator not in _SETTINGS[name]:
            msg = f"'{name}' is not a setting of {indicator}; leave it out"
            raise InvalidInputError(name, msg)
    if indicator == "placement_rate" and counting != "periods":
        msg = "'counting' is not a setting of placement_rate (it counts each veteran once)"
        raise InvalidInputError("counting", msg)
    chosen = tuple(adjust_for) if not isinstance(adjust_for, str) else (adjust_for,)
    check_adjusted_settings(chosen, levels, flag_level, replicates, min_n, confidence)
    if by not in ADJUSTED_GROUPINGS:
        msg = f"'by' must be one of {', '.join(map(repr, ADJUSTED_GROUPINGS))} here, got {by!r}"
        raise InvalidInputError("by", msg)
    if by == "provider" and programmes is None:
        msg = "'programmes' is needed with by='provider' (an exit's provider is its programme's)"
        raise InvalidInputError("programmes", msg)
    overall, cases = _cases(
        indicator,
        veterans,
        enrolments,
        placements,
        earnings,
        ventures=ventures,
        contacts=contacts,
        responses=responses,
        settings=given,
        rule=rule,
        as_of=as_of,
        counting=counting,
        confidence=confidence,
    )
    vets = as_table("veterans", veterans, "veterans")
    facts = {name: column_of(vets, name).to_pylist() for name in _VETERAN_COLUMNS}
    veteran_row = _first_rows(facts["id"])
    provider_of = (
        _providers(enrolments, programmes, cases) if by == "provider" else _no_providers(cases)
    )
    rows_x: list[list[object]] = []
    ys: list[int] = []
    groups: list[str] = []
    excluded: list[tuple[str, str]] = []
    for (unit, veteran_id, day, _enrolment, _until, outcome), provider in zip(
        cases, provider_of, strict=True
    ):
        row = veteran_row.get(veteran_id)
        if row is None:
            excluded.append((unit, "no veteran record"))
            continue
        label = facts["region"][row] if by != "provider" else provider
        if label is None:
            excluded.append((unit, "unit unknown"))
            continue
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
        ys.append(1 if outcome else 0)
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


#: A counted case: (unit id, veteran id, anchor date, the enrolment the outcome is attributed
#: to or None, the date to attribute it by otherwise, the outcome), in the object path's order.
_Case = tuple[str, str, date, str | None, date, bool]


def _cases(
    indicator: str,
    veterans: Any,
    enrolments: Any,
    placements: Any,
    earnings: Any,
    *,
    ventures: Any,
    contacts: Any,
    responses: Any,
    settings: dict[str, Any],
    rule: str,
    as_of: date | None,
    counting: str,
    confidence: float,
) -> tuple[Estimate, list[_Case]]:
    """The indicator's estimate and its counted cases (those the rate includes)."""
    if indicator == "placement_rate":
        anchor: PlacementAnchor = settings["anchor"] or "registration"
        estimate, ids, day, end, included, placed = _placement_cases(
            veterans,
            placements,
            ventures=ventures,
            enrolments=enrolments,
            contacts=contacts,
            responses=responses,
            within=SIX_MONTHS if settings["within"] is None else settings["within"],
            anchor=anchor,
            between=settings["between"],
            as_of=as_of,
            include_subsidised=settings["include_subsidised"] is not False,
            include_ventures=bool(settings["include_ventures"]),
            rule=rule,
            confidence=confidence,
        )
        rows = sorted(included.tolist(), key=ids.__getitem__)  # the object path's order: by id
        return estimate, [
            (ids[k], ids[k], _day(int(day[k])), None, _day(int(end[k])), bool(placed[k]))
            for k in rows
        ]
    exits: Any
    if indicator == "employment_rate_after_exit":
        estimate, exits, excluded_text, outcome = _employment_cases(
            veterans,
            enrolments,
            placements,
            earnings,
            ventures=ventures,
            contacts=contacts,
            responses=responses,
            quarter=2 if settings["quarter"] is None else settings["quarter"],
            exits_between=settings["exits_between"],
            rule=rule,
            as_of=as_of,
            counting=counting,
            confidence=confidence,
            cutoff=None,
        )
        counted = np.array([t is None for t in excluded_text], dtype=bool)
    else:
        estimate, exits, counted, outcome = _retention_cases(
            veterans,
            enrolments,
            placements,
            earnings,
            ventures=ventures,
            contacts=contacts,
            responses=responses,
            exits_between=settings["exits_between"],
            rule=rule,
            as_of=as_of,
            counting=counting,
            first=2 if settings["first"] is None else settings["first"],
            second=4 if settings["second"] is None else settings["second"],
            confidence=confidence,
            cutoff=None,
        )
    days = [_day(d) for d in exits.exited.tolist()]
    units = exit_unit_ids(exits.veteran_ids, days)
    by_enrolment = estimate.parameters["rule"] == "enrolments"
    return estimate, [
        (
            units[k],
            exits.veteran_ids[k],
            days[k],
            exits.record_ids[k] if by_enrolment else None,
            days[k],
            bool(outcome[k]),
        )
        for k in np.flatnonzero(counted).tolist()
    ]


def _no_providers(cases: list[_Case]) -> list[str | None]:
    return [None] * len(cases)


def _providers(enrolments: Any, programmes: Any, cases: list[_Case]) -> list[str | None]:
    """Each case's provider: of the programme of its enrolment, else of the veteran's latest
    enrolment started on or before the case's date (ties: the smallest id), as the object
    path's :func:`~veteran_services.metrics.enrolment_of` attributes it; None when unknown."""
    enrolment_table = as_table("enrolments", enrolments, "enrolments")
    programme_table = as_table("programmes", programmes, "programmes")
    enrolment_ids = column_of(enrolment_table, "id").to_pylist()
    programme_ids = column_of(enrolment_table, "programme_id").to_pylist()
    enrolment_row = _first_rows(enrolment_ids)
    providers = column_of(programme_table, "provider_id").to_pylist()
    programme_row = _first_rows(column_of(programme_table, "id").to_pylist())
    started: dict[str, list[tuple[date, str]]] = {}
    if any(case[3] is None for case in cases):
        owners = column_of(enrolment_table, "veteran_id").to_pylist()
        starts = column_of(enrolment_table, "enrolled_on").to_pylist()
        for owner, start, identifier in zip(owners, starts, enrolment_ids, strict=True):
            if start is not None:
                started.setdefault(owner, []).append((start, identifier))
    result: list[str | None] = []
    for _unit, veteran_id, _on, enrolment, until, _outcome in cases:
        if enrolment is None:
            best: tuple[date, str] | None = None
            for start, identifier in started.get(veteran_id, ()):
                if start <= until and (
                    best is None or start > best[0] or (start == best[0] and identifier < best[1])
                ):
                    best = (start, identifier)
            enrolment = None if best is None else best[1]
        at = None if enrolment is None else enrolment_row.get(enrolment)
        where = None if at is None else programme_row.get(programme_ids[at])
        result.append(None if where is None else providers[where])
    return result


_EPOCH: Final = date(1970, 1, 1).toordinal()


def _day(number: int) -> date:
    """The date *number* days after 1970-01-01."""
    return date.fromordinal(_EPOCH + number)
