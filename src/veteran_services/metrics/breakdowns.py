"""Breakdowns of an indicator by group, with small-cell suppression for publication.

:func:`breakdown` computes an indicator once, regroups its unit-level observations by region,
provider, programme kind, sex, age band, resettlement route or any callable, and returns a
:class:`Table` with a total row. Cells below ``min_cell`` units are suppressed (primary), and
:func:`suppress_cells` adds secondary suppression so that no suppressed cell can be recovered
by subtracting the published cells from the total. The rule is privacy's
(:func:`veteran_services.privacy.suppress_cells`), re-exported here under its old name.
"""

from __future__ import annotations

import importlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Literal, get_args

from attrs import frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.metrics._files import TableFiles, no_row
from veteran_services.metrics._outcomes import attributed_enrolment, without_gc_pauses
from veteran_services.metrics.estimates import Estimate, Observation
from veteran_services.model import Caseload
from veteran_services.privacy.disclosure import Suppression, suppress_cells
from veteran_services.stats import wilson_interval

__all__ = [
    "AGE_BANDS",
    "GROUPINGS",
    "GroupBy",
    "Row",
    "Suppression",
    "Table",
    "age_band",
    "breakdown",
    "check_grouping",
    "describe_grouping",
    "enrolment_of",
    "estimate_row",
    "group_key",
    "suppress_cells",
]

GroupBy = Literal[
    "region",
    "veteran_region",
    "employer_region",
    "provider",
    "programme_kind",
    "sex",
    "age_band",
    "resettlement",
]
"""The built-in groupings of :func:`breakdown` (:data:`GROUPINGS` says what each groups by)."""

_GROUPINGS: tuple[GroupBy, ...] = get_args(GroupBy)

#: What each built-in grouping groups by, in words: the choice every grouped result states
#: (:attr:`Table.grouping`). ``"region"`` is ``"veteran_region"`` with one exception: an
#: observation that carries a region of its own (a venture's) is grouped by it.
GROUPINGS: dict[str, str] = {
    "region": (
        "region: the veteran's home district (a venture's own district for venture indicators)"
    ),
    "veteran_region": "veteran_region: the veteran's home district",
    "employer_region": (
        "employer_region: the district of the employer of the placement the figure is about "
        "(unknown for figures not about a placement)"
    ),
    "provider": "provider: the training provider of the enrolment the outcome is attributed to",
    "programme_kind": "programme_kind: the kind of programme the outcome is attributed to",
    "sex": "sex: the veteran's sex",
    "age_band": "age_band: the veteran's age at the figure's anchor date",
    "resettlement": "resettlement: the resettlement route of the veteran's last service",
}

#: Age bands (lower bound inclusive, upper bound exclusive, label), by age at the anchor date.
AGE_BANDS: tuple[tuple[int | None, int | None, str], ...] = (
    (None, 25, "under 25"),
    (25, 35, "25-34"),
    (35, 45, "35-44"),
    (45, 55, "45-54"),
    (55, None, "55 and over"),
)

UNKNOWN = "unknown"
TOTAL = "Total"


@checked
def age_band(age: int | None) -> str | None:
    """The :data:`AGE_BANDS` label for *age* (``None`` when unknown).

    >>> age_band(24), age_band(25), age_band(61), age_band(None)
    ('under 25', '25-34', '55 and over', None)
    """
    if age is None:
        return None
    for low, high, label in AGE_BANDS:
        if (low is None or age >= low) and (high is None or age < high):
            return label
    return None  # pragma: no cover - the bands cover every age


@checked
def estimate_row(estimate: Estimate, *, floats: bool = False) -> dict[str, Any]:
    """An estimate as one flat row (for CSV, JSON and tables): ``name``, ``value``, ``unit``,
    ``low``, ``high`` (its interval, or None), ``numerator``, ``denominator``, ``suppressed``,
    ``reason``, ``cohort``, ``window`` and ``notes`` (a list), in that order.

    Args:
        estimate: The estimate.
        floats: Give ``value`` and ``numerator`` as floats (a ``Decimal`` amount otherwise
            keeps every digit).

    >>> from veteran_services.metrics import summarise
    >>> from veteran_services.metrics import Observation
    >>> e = summarise(name="rate", statistic="proportion", unit="proportion", cohort="all",
    ...               window="2024", observations=[Observation("V1", "E1", "V1", True)])
    >>> row = estimate_row(e)
    >>> row["value"], row["numerator"], row["denominator"], round(row["low"], 3)
    (1.0, 1, 1, 0.207)
    """
    interval = estimate.interval
    value, numerator = estimate.value, estimate.numerator
    if floats:
        value = None if value is None else float(value)
        numerator = None if numerator is None else float(numerator)
    return {
        "name": estimate.name,
        "value": value,
        "unit": estimate.unit,
        "low": None if interval is None else interval.low,
        "high": None if interval is None else interval.high,
        "numerator": numerator,
        "denominator": estimate.denominator,
        "suppressed": estimate.suppressed,
        "reason": estimate.reason,
        "cohort": estimate.cohort,
        "window": estimate.window,
        "notes": list(estimate.notes),
    }


#: The fields of :func:`estimate_row` in a breakdown's row, in the row's order.
_ESTIMATE_COLUMNS = ("value", "numerator", "denominator", "low", "high", "unit", "suppressed")


@frozen(kw_only=True)
class Row:
    """One row of a :class:`Table`.

    Attributes:
        group: The group's label (``"Total"`` for the total row, ``"unknown"`` for units whose
            group is not known).
        estimate: The indicator for the group (withheld when suppressed).
        suppression: Why the row is withheld, or ``None`` when it is published.
    """

    group: str
    estimate: Estimate
    suppression: Suppression | None = None

    def to_dict(self) -> dict[str, Any]:
        """The published fields of the row."""
        row = estimate_row(self.estimate)
        return {
            "group": self.group,
            **{key: row[key] for key in _ESTIMATE_COLUMNS},
            "suppression": self.suppression,
            "reason": row["reason"],
        }


_COLUMNS = (
    "group",
    "value",
    "numerator",
    "denominator",
    "low",
    "high",
    "unit",
    "suppressed",
    "suppression",
    "reason",
)


@frozen(kw_only=True)
class Table(TableFiles):
    """An indicator broken down by group, with a total row, ready to publish.

    :meth:`to_csv` and :meth:`to_excel` write it for people (names beside the codes, the
    byte-order mark, rounded numbers; :class:`~veteran_services.metrics._files.TableFiles`).

    Attributes:
        metric: The indicator's name.
        by: The grouping.
        min_cell: The suppression threshold used.
        rows: One row per group, sorted by label (``"unknown"`` last).
        total: The total row (the ungrouped indicator).
        grouping: What the groups are, in words (:data:`GROUPINGS`; for ``"region"``, whose
            region: the veteran's or the employer's).
    """

    metric: str
    by: str
    min_cell: int
    rows: tuple[Row, ...]
    total: Row
    grouping: str = ""

    @checked
    def row(self, group: str) -> Row:
        """The row of the group whose code is *group* (``"Total"`` gives :attr:`total`).

        Raises:
            UnknownKeyError: no row has that code (a :class:`KeyError` and an
                :class:`~veteran_services.errors.InvalidInputError`); the message lists the
                codes, and says that names are labels, not keys.
        """
        for row in self.rows:
            if row.group == group:
                return row
        if group == self.total.group:
            return self.total
        raise no_row("group", group, [*(row.group for row in self.rows), self.total.group])

    @checked
    def to_rows(self) -> list[dict[str, Any]]:
        """The table as a list of dicts (groups, then the total)."""
        return [row.to_dict() for row in (*self.rows, self.total)]

    @checked
    def to_dict(self) -> dict[str, Any]:
        """The table as plain data: ``metric``, ``by``, ``grouping`` (what the groups are, in
        words), ``min_cell``, ``rows`` (:meth:`Row.to_dict` of each group) and ``total`` (the
        total row, apart). Amounts stay exact (``Decimal``)."""
        return {
            "metric": self.metric,
            "by": self.by,
            "grouping": self.grouping,
            "min_cell": self.min_cell,
            "rows": [row.to_dict() for row in self.rows],
            "total": self.total.to_dict(),
        }

    @checked
    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text (amounts as numbers, Chinese kept as it is)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=_json_default)

    @checked
    def to_frame(self) -> Any:
        """The table as a :class:`pandas.DataFrame` (needs the ``pandas`` extra)."""
        pandas = importlib.import_module("pandas")  # the optional extra, imported when used
        return pandas.DataFrame(self.to_rows(), columns=list(_COLUMNS))


def grouping_name(by: object) -> str:
    """The name of a grouping: the built-in grouping's name, else the callable's name."""
    return by if isinstance(by, str) else getattr(by, "__name__", "custom")


@checked
def describe_grouping(by: GroupBy | Callable[[Observation], object]) -> str:
    """What *by* groups by, in words (:data:`GROUPINGS`; a callable by its name).

    >>> describe_grouping("veteran_region")
    "veteran_region: the veteran's home district"
    """
    name = grouping_name(by)
    return GROUPINGS.get(name, name) if isinstance(by, str) else name


def _json_default(value: object) -> object:
    """How the results' ``to_json`` write what JSON has no type for: a ``Decimal`` as a
    number, a date in ISO form, an enum by its value."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    msg = f"{type(value).__name__} is not JSON data"
    raise TypeError(msg)


def _label(value: object) -> str:
    if value is None:
        return UNKNOWN
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


@checked
def enrolment_of(observation: Observation, caseload: Caseload) -> str | None:
    """The enrolment an observation's outcome is attributed to (for provider and programme
    breakdowns).

    The observation's own ``enrolment_id`` when the indicator set it (an exit's enrolment);
    else, for an observation about a placement, the placement's enrolment, or the veteran's
    latest enrolment started on or before the placement started; else the veteran's latest
    enrolment started on or before ``attribute_on`` (ties: the smallest id). ``None`` when
    there is none: the unit then falls in the "unknown" group. The rule never looks at the
    outcome, so attribution cannot bias a group's rate.
    """
    if observation.enrolment_id is not None:
        return observation.enrolment_id
    veteran_id = observation.veteran_id
    if observation.placement_id is not None:
        try:
            placement = caseload.placement(observation.placement_id)
        except LookupError:
            placement = None
        if placement is not None:
            if placement.enrolment_id is not None:
                return placement.enrolment_id
            return attributed_enrolment(caseload, placement.veteran_id, placement.started_on)
    if veteran_id is None or observation.attribute_on is None:
        return None
    return attributed_enrolment(caseload, veteran_id, observation.attribute_on)


@checked
def group_key(
    by: GroupBy | Callable[[Observation], object], caseload: Caseload
) -> Callable[[Observation], object]:
    """The function that gives an observation's group for *by*.

    Built-in groupings: ``"region"`` (the observation's own region, e.g. a venture's, else the
    veteran's home district: ``"veteran_region"`` for every figure about people),
    ``"veteran_region"`` (always the veteran's home district), ``"employer_region"`` (the
    district of the employer of the placement the observation is about; unknown for an
    observation not about a placement, e.g. an exit cohort's employment rate, so it suits
    placement-level figures such as retention), ``"provider"`` and ``"programme_kind"`` (of the
    enrolment the outcome is attributed to), ``"sex"``, ``"age_band"`` (age at the
    observation's anchor date, see :data:`AGE_BANDS`) and ``"resettlement"`` (route of the last
    period of service). A callable receives the :class:`~veteran_services.metrics.Observation`
    and returns any label; ``None`` means unknown.
    """
    if callable(by):
        return by
    if by not in _GROUPINGS:
        msg = f"'by' must be one of {', '.join(map(repr, _GROUPINGS))} or a callable, got {by!r}"
        raise InvalidInputError("by", msg)

    def veteran_of(observation: Observation) -> Any:
        if observation.veteran_id is None:
            return None
        try:
            return caseload.veteran(observation.veteran_id)
        except LookupError:
            return None

    def programme_of(observation: Observation) -> Any:
        enrolment_id = enrolment_of(observation, caseload)
        if enrolment_id is None:
            return None
        try:
            enrolment = caseload.enrolment(enrolment_id)
            return caseload.programme(enrolment.programme_id)
        except LookupError:
            return None

    if by == "region":

        def region(observation: Observation) -> object:
            if observation.region is not None:
                return observation.region
            veteran = veteran_of(observation)
            return None if veteran is None else veteran.region

        return region
    if by == "veteran_region":

        def veteran_region(observation: Observation) -> object:
            veteran = veteran_of(observation)
            return None if veteran is None else veteran.region

        return veteran_region
    if by == "employer_region":

        def employer_region(observation: Observation) -> object:
            if observation.placement_id is None:
                return None
            try:
                placement = caseload.placement(observation.placement_id)
                return caseload.employer(placement.employer_id).region
            except LookupError:
                return None

        return employer_region
    if by == "provider":

        def provider(observation: Observation) -> object:
            programme = programme_of(observation)
            return None if programme is None else programme.provider_id

        return provider
    if by == "programme_kind":

        def programme_kind(observation: Observation) -> object:
            programme = programme_of(observation)
            return None if programme is None else programme.kind

        return programme_kind
    if by == "sex":

        def sex(observation: Observation) -> object:
            veteran = veteran_of(observation)
            return None if veteran is None else veteran.sex

        return sex
    if by == "age_band":

        def band(observation: Observation) -> object:
            veteran = veteran_of(observation)
            day: date | None = observation.on
            if veteran is None or day is None:
                return None
            return age_band(veteran.age(on=day))

        return band

    def resettlement(observation: Observation) -> object:
        veteran = veteran_of(observation)
        return None if veteran is None else veteran.resettlement

    return resettlement


@checked
def check_grouping(by: object, estimate: Estimate) -> None:
    """Refuse ``by="employer_region"`` for a figure none of whose units is about a placement
    (every unit would fall in "unknown": an exit cohort's rates, the placement rate, whose
    units are veterans, placed or not; grouping them by the employer would group them by the
    outcome).

    Raises:
        InvalidInputError: *by* is ``"employer_region"`` and no observation of *estimate*
            names a placement.
    """
    observations = estimate.observations
    refuse_grouping(
        by,
        estimate.name,
        units=bool(observations),
        about_placements=any(o.placement_id is not None for o in observations),
    )


def refuse_grouping(by: object, name: str, *, units: bool, about_placements: bool) -> None:
    """:func:`check_grouping`'s rule from what it looks at: whether the figure *name* has
    units, and whether any of them is about a placement (the columnar path knows these
    without building observations)."""
    if by != "employer_region" or not units or about_placements:
        return
    msg = (
        f"'by' is 'employer_region' but no unit of {name} is about a placement, so "
        "none has an employer's district; group it by 'veteran_region' (the veteran's home "
        "district), or choose a figure about placements (time_to_placement, mean_quality, "
        "follow-up survey figures)"
    )
    raise InvalidInputError("by", msg)


def _label_order(label: str) -> tuple[bool, str]:
    return label == UNKNOWN, label


def regroup(estimate: Estimate, key: Callable[[Observation], object]) -> dict[str, Estimate]:
    """The estimate recomputed for each group of its observations (unsuppressed)."""
    groups: defaultdict[str, list[Observation]] = defaultdict(list)
    for observation in estimate.observations:
        groups[_label(key(observation))].append(observation)
    return {
        label: estimate.restricted_to(groups[label], cohort=cell_cohort(label, estimate))
        for label in sorted(groups, key=_label_order)
    }


def cell_cohort(label: str, estimate: Estimate) -> str:
    """The cohort of a group's cell: the group's label before the figure's cohort."""
    return f"{label}: {estimate.cohort}"


def label_of(value: object) -> str:
    """A group key as its label (``"unknown"`` for ``None``, an enum by its value)."""
    return _label(value)


def sorted_labels(labels: Iterable[str]) -> list[str]:
    """Group labels in a table's order: by label, ``"unknown"`` last."""
    return sorted(labels, key=_label_order)


def proportion_cell(
    estimate: Estimate, label: str, *, successes: int, count: int, excluded: Mapping[str, str]
) -> Estimate:
    """A proportion's cell for the group *label* from the group's counts: the same estimate as
    ``estimate.restricted_to(<the group's observations>, ...)`` of :func:`regroup` (*count*
    units in scope, *successes* of them successes, *excluded* the group's units left out, by
    id), without the observations.

    Raises:
        InvalidInputError: *estimate* is not a plain proportion (no ``among`` or ``success``).
    """
    if (
        estimate.statistic != "proportion"
        or estimate.among is not None
        or (estimate.success is not None)
    ):
        msg = f"'estimate' must be a plain proportion, got a {estimate.statistic} ({estimate.name})"
        raise InvalidInputError("estimate", msg)
    cohort = cell_cohort(label, estimate)
    base: dict[str, Any] = {
        "name": estimate.name,
        "unit": estimate.unit,
        "statistic": estimate.statistic,
        "cohort": cohort,
        "window": estimate.window,
        "parameters": estimate.parameters,
        "excluded": dict(sorted(excluded.items())),
        "confidence": estimate.confidence,
        "denominator": count,
    }
    if count == 0:
        return Estimate(value=None, reason=f"no units in {cohort}", **base)
    return Estimate(
        value=successes / count,
        numerator=successes,
        interval=wilson_interval(successes, count, confidence=estimate.confidence),
        **base,
    )


@checked
@without_gc_pauses
def breakdown(
    metric: Callable[..., object],
    caseload: Caseload,
    *,
    by: GroupBy | Callable[[Observation], object],
    min_cell: int = 10,
    **metric_args: Any,
) -> Table:
    """An indicator by group, with a total row and small-cell suppression.

    The indicator is computed once on the whole caseload (the total row is exactly the
    ungrouped figure) and its unit-level observations are regrouped. A group's cell count is
    its denominator (units observed after exclusions). Suppression follows
    :func:`suppress_cells`; the total row is withheld too when it is below *min_cell*. A
    suppressed row keeps only its label and the reason.

    Args:
        metric: An indicator that returns an :class:`~veteran_services.metrics.Estimate`
            (for :func:`six_month_outcomes` pick one, e.g. ``lambda c, **k:
            six_month_outcomes(c, **k).employed``).
        caseload: The records.
        by: A built-in grouping (:data:`GroupBy`) or a callable on observations.
        min_cell: The smallest cell that may be published.
        **metric_args: Passed to *metric*.

    Raises:
        InvalidInputError: an unknown grouping, a bad *min_cell*, a metric that does not
            return an estimate, or ``by="employer_region"`` for a figure none of whose units
            is about a placement (:func:`check_grouping`).
    """
    key = group_key(by, caseload)
    estimate = metric(caseload, **metric_args)
    if not isinstance(estimate, Estimate):
        msg = (
            f"'metric' must return an Estimate, got a {type(estimate).__name__}; "
            "wrap it to pick one figure"
        )
        raise InvalidInputError("metric", msg)
    check_grouping(by, estimate)
    return table_from_cells(estimate, regroup(estimate, key), by=by, min_cell=min_cell)


def table_from_cells(
    estimate: Estimate,
    cells: Mapping[str, Estimate],
    *,
    by: GroupBy | Callable[[Observation], object],
    min_cell: int,
) -> Table:
    """:func:`breakdown`'s table from the ungrouped *estimate* and its cells by group (in
    table order, as :func:`regroup` gives them): the suppression, the rows and the total. The
    one place the rule lives, for the object and the columnar paths."""
    counts = {label: cell.denominator or 0 for label, cell in cells.items()}
    suppressed = suppress_cells(counts, min_cell=min_cell)
    rows = []
    for label, cell in cells.items():
        kind = suppressed.get(label)
        if kind == "primary":
            cell = cell.withheld(f"suppressed: fewer than {min_cell} units")
        elif kind == "secondary":
            cell = cell.withheld("suppressed to protect another suppressed cell")
        rows.append(Row(group=label, estimate=cell, suppression=kind))
    total_kind: Suppression | None = None
    total = estimate
    if (estimate.denominator or 0) < min_cell and (estimate.denominator or 0) > 0:
        total_kind = "primary"
        total = estimate.withheld(f"suppressed: fewer than {min_cell} units")
    by_name = grouping_name(by)
    return Table(
        metric=estimate.name,
        by=by_name,
        min_cell=min_cell,
        rows=tuple(rows),
        total=Row(group=TOTAL, estimate=total, suppression=total_kind),
        grouping=describe_grouping(by),
    )
