"""Fair comparison of providers and districts: funnel limits, flags and rank intervals.

Naive rank tables mislead when groups are small (Spiegelhalter 2005). :func:`league_table`
shows each group's rate with its interval and the funnel-plot control limits around the overall
rate for the group's size, flags a group only when it lies outside the limits, and gives each
rank with an interval from a seeded bootstrap, so a reader sees how uncertain a position is.
Groups smaller than ``min_n`` (10 by default) are listed with their rate, limits and flag but
not ranked, and say why (:attr:`LeagueRow.reason`).
"""

from __future__ import annotations

import importlib
import math
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from attrs import field, frozen

from veteran_services._checks import checked, whole_number
from veteran_services.errors import InvalidInputError
from veteran_services.metrics._files import TableFiles
from veteran_services.metrics._outcomes import without_gc_pauses
from veteran_services.metrics.breakdowns import (
    GroupBy,
    check_grouping,
    describe_grouping,
    estimate_row,
    group_key,
    grouping_name,
    regroup,
)
from veteran_services.metrics.estimates import Estimate, Observation
from veteran_services.model import Caseload
from veteran_services.stats import (
    DispersionRule,
    FunnelLimit,
    FunnelMethod,
    Interval,
    binomial_tails,
    funnel_limits,
    proportion_dispersion,
    rank,
)

__all__ = ["Flag", "LeagueRow", "LeagueTable", "league_table"]

Flag = Literal["above", "within", "below"]
"""Where a group lies against the funnel limits at one level."""


@frozen(kw_only=True)
class LeagueRow:
    """One group of a :class:`LeagueTable`.

    Attributes:
        group: The group's label.
        value: The group's rate (full precision).
        n: The group's denominator.
        numerator: The group's numerator.
        interval: The group's Wilson interval.
        limits: Funnel limits around the overall rate for a group of this size, one per level
            (empty for a group without a rate, or when the overall rate is unknown).
        flags: Where the value lies against each limit, in the order of *limits*.
        flag: The flag at the table's ``flag_level``: "above" or "below" only when outside
            those limits, else "within"; ``None`` only for a group without a rate (or when the
            overall rate is unknown). A group smaller than ``min_n`` is flagged too: the funnel
            limits already allow for its size.
        rank: Rank on the full-precision value among the ranked groups (1 = highest by
            default; ties share the lowest rank); ``None`` for a group that is not ranked (see
            *reason*).
        rank_interval: The bootstrap interval of the rank (low, high); ``None`` for a group
            that is not ranked, or without bootstrap replicates.
        estimate: The group's estimate, with its observations.
        reason: Why the group is not ranked (fewer than ``min_n`` units, or no rate), else
            ``None``.
    """

    group: str
    value: float | None
    n: int
    numerator: float | None
    interval: Interval | None
    limits: tuple[FunnelLimit, ...]
    flags: tuple[Flag, ...]
    flag: Flag | None
    rank: float | None
    rank_interval: tuple[float, float] | None
    estimate: Estimate = field(repr=False)
    reason: str | None = None

    @property
    def ranked(self) -> bool:
        """Whether the group is ranked (big enough, with a rate)."""
        return self.rank is not None


@frozen(kw_only=True)
class LeagueTable(TableFiles):
    """A league table of groups against the overall rate.

    :meth:`to_csv` and :meth:`to_excel` write :meth:`to_rows` for people (names beside the
    codes, the byte-order mark, rounded numbers).

    Attributes:
        metric: The indicator's name.
        by: The grouping.
        overall: The overall estimate (the ungrouped indicator), the funnel's centre.
        tau2: The between-group variance τ² added to the limits (0 without overdispersion).
        flag_level: The level whose limits decide :attr:`LeagueRow.flag`.
        rows: The groups: the ranked ones by rank (then label), then the groups that are
            not ranked, in label order ("unknown" last).
        parameters: Settings used (levels, replicates, seed, min_n, ...).
        grouping: What the groups are, in words (:data:`~veteran_services.metrics.GROUPINGS`:
            for a region, whose region).
    """

    metric: str
    by: str
    overall: Estimate
    tau2: float
    flag_level: float
    rows: tuple[LeagueRow, ...]
    parameters: dict[str, Any] = field(factory=dict, hash=False)
    grouping: str = ""

    def to_rows(self) -> list[dict[str, Any]]:
        """The table as a list of dicts, one per group, all with the same keys: ``group``,
        ``value``, ``n``, ``numerator``, ``low``, ``high``, ``flag``, ``rank``, ``rank_low``,
        ``rank_high``, ``reason`` (why the group is not ranked, or None) and, per level,
        ``limit_<level>_low`` and ``limit_<level>_high`` (None for a group without limits)."""
        levels = tuple(self.parameters.get("levels", ()))
        result = []
        for row in self.rows:
            figures = estimate_row(row.estimate, floats=True)  # the row's value, interval
            record: dict[str, Any] = {
                "group": row.group,
                "value": figures["value"],
                "n": row.n,
                "numerator": figures["numerator"],
                "low": figures["low"],
                "high": figures["high"],
                "flag": row.flag,
                "rank": row.rank,
                "rank_low": None if row.rank_interval is None else row.rank_interval[0],
                "rank_high": None if row.rank_interval is None else row.rank_interval[1],
                "reason": row.reason,
            }
            for level in levels:
                record[f"limit_{level:g}_low"] = None
                record[f"limit_{level:g}_high"] = None
            for limit in row.limits:
                record[f"limit_{limit.level:g}_low"] = limit.low
                record[f"limit_{limit.level:g}_high"] = limit.high
            result.append(record)
        return result

    def to_frame(self) -> Any:
        """The table as a :class:`pandas.DataFrame` (needs the ``pandas`` extra)."""
        pandas = importlib.import_module("pandas")  # the optional extra, imported when used
        return pandas.DataFrame(self.to_rows())


def _flag(value: float, limit: FunnelLimit) -> Flag:
    if value > limit.high:
        return "above"
    if value < limit.low:
        return "below"
    return "within"


def _exact_flag(tails: tuple[float, float], level: float) -> Flag:
    """The exact one-sided binomial tests at *level* (see :func:`stats.binomial_tails`)."""
    share = (1.0 - level) / 2.0
    if tails[1] <= share:
        return "above"
    if tails[0] <= share:
        return "below"
    return "within"


def _percentile(sorted_values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    index = max(0, min(len(sorted_values) - 1, math.ceil(share * len(sorted_values)) - 1))
    return sorted_values[index]


@checked
@without_gc_pauses
def league_table(
    metric: Callable[..., object],
    caseload: Caseload,
    *,
    by: GroupBy | Callable[[Observation], object] = "provider",
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
    **metric_args: Any,
) -> LeagueTable:
    """A fair league table of a rate indicator by provider (or any grouping).

    For each group: its rate, n and Wilson interval; funnel-plot limits around the overall rate
    p at each of *levels* (by *method*: the exact binomial limits with Spiegelhalter's
    interpolation, the default since 0.x, FunnelPlotR's arcsine limits, or the normal
    p ± z √(p(1 − p)/n + τ²), the default before, too narrow for small groups; see
    :func:`veteran_services.stats.funnel_limits`); a flag "above"/"below" only when the rate is
    outside the limits at *flag_level* (default the 99.8 % limits), else "within" (with the
    exact limits: when the exact one-sided binomial test P(Y ≥ k) or P(Y ≤ k) is at most
    (1 − level)/2, :func:`veteran_services.stats.binomial_tails`, the same as the drawn limits
    except for a count at the upper quantile itself, which the interpolated limit puts just
    outside although it is not that rare: 7 of 7 at an overall rate of 0.75); its rank on
    the full-precision rate (ties share the lowest rank); and a rank interval from a seeded
    parametric (Bayesian) bootstrap: in each replicate every group's rate is drawn from its
    Jeffreys posterior Beta(k + ½, n − k + ½) and the groups are ranked again, so a small group
    gets a wide rank interval even when its observed rate is 0 or 1; the same seed gives the
    same table. With *overdispersion*, τ² is the DerSimonian-Laird estimate by FunnelPlotR's rule
    (:func:`veteran_services.stats.proportion_dispersion`: z-scores winsorised at their
    interpolated *winsorise* and 1 − *winsorise* quantiles, limits widened only when φ > 1); on
    the arcsine scale for the exact and arcsine methods (the over-dispersed limits are then
    FunnelPlotR's arcsine limits), on the proportion scale for the normal method;
    ``dispersion_rule="count"`` with ``method="normal"`` is the rule before 0.x. Otherwise
    τ² = 0.

    Only groups big enough to rank are ranked: a group whose denominator is below *min_n* (10
    by default) is listed with its rate, interval, funnel limits and flag, but its ``rank`` and
    ``rank_interval`` are None and its ``reason`` says why ("fewer than 10 units (n = 4):
    listed, not ranked"); the ranks and the bootstrap run over the ranked groups only. The
    funnel limits, the flags and τ² do not depend on *min_n* (the limits already allow for a
    group's size). A group without a rate (no unit left) is listed last with the reason.

    Args:
        metric: A rate indicator (an estimate with ``statistic="proportion"``).
        caseload: The records.
        by: A built-in grouping or a callable on observations.
        levels: Funnel limit levels.
        flag_level: The level (one of *levels*) whose limits decide the flag.
        overdispersion: Whether to widen the limits by the DerSimonian-Laird τ².
        winsorise: Share of z-scores winsorised at each end for τ².
        method: How the limits are drawn: ``"exact"``, ``"arcsine"`` or ``"normal"``.
        dispersion_rule: How z-scores are trimmed for τ²: ``"quantile"`` (FunnelPlotR),
            ``"truncate"`` or ``"count"`` (the old rule).
        min_n: Groups with a smaller denominator are listed (and flagged) but not ranked; a
            whole number of at least 1 (1 ranks every group with a rate).
        descending: Rank the highest rate first.
        replicates: Bootstrap replicates for the rank intervals (0: no intervals).
        seed: Seed of the bootstrap.
        rank_confidence: Coverage of the rank intervals.
        **metric_args: Passed to *metric*.

    Raises:
        InvalidInputError: a metric that is not a rate, *flag_level* not among *levels*, a
            *min_n* that is not a whole number of at least 1, or other bad settings.
    """
    check_league_settings(
        levels=levels,
        flag_level=flag_level,
        min_n=min_n,
        replicates=replicates,
        rank_confidence=rank_confidence,
    )
    overall = check_rate(metric(caseload, **metric_args))
    check_grouping(by, overall)
    return league_from_cells(
        overall,
        regroup(overall, group_key(by, caseload)),
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


def check_league_settings(
    *,
    levels: Sequence[float],
    flag_level: float,
    min_n: int,
    replicates: int,
    rank_confidence: float,
) -> None:
    """:func:`league_table`'s checks of its settings, in its order (before the metric runs).

    Raises:
        InvalidInputError: *flag_level* not among *levels*, a *min_n* or *replicates* that is
            not a whole number (at least 1 and 0), a *rank_confidence* outside (0, 1).
    """
    if flag_level not in levels:
        msg = f"'flag_level' must be one of the levels {list(levels)!r}, got {flag_level!r}"
        raise InvalidInputError("flag_level", msg)
    for name, number, least in (("min_n", min_n, 1), ("replicates", replicates, 0)):
        whole_number(number, name, least=least)
    if not 0.0 < rank_confidence < 1.0:
        msg = f"'rank_confidence' must be between 0 and 1, got {rank_confidence!r}"
        raise InvalidInputError("rank_confidence", msg)


def check_rate(overall: object) -> Estimate:
    """*overall*, refused when it is not a rate (a proportion estimate).

    Raises:
        InvalidInputError: *overall* is not an estimate with ``statistic="proportion"``.
    """
    if not isinstance(overall, Estimate) or overall.statistic != "proportion":
        kind = overall.statistic if isinstance(overall, Estimate) else type(overall).__name__
        msg = f"'metric' must return a rate (a proportion estimate), got {kind!r}"
        raise InvalidInputError("metric", msg)
    return overall


def league_from_cells(
    overall: Estimate,
    cells: Mapping[str, Estimate],
    *,
    by: GroupBy | Callable[[Observation], object],
    levels: Sequence[float],
    flag_level: float,
    overdispersion: bool,
    winsorise: float,
    method: FunnelMethod,
    dispersion_rule: DispersionRule,
    min_n: int,
    descending: bool,
    replicates: int,
    seed: int,
    rank_confidence: float,
) -> LeagueTable:
    """:func:`league_table`'s table from the overall rate and its cells by group (in table
    order, as :func:`~veteran_services.metrics.breakdowns.regroup` gives them): the funnel,
    τ², flags, ranks and the bootstrap. The one place the rule lives, for the object and the
    columnar paths; the settings are checked already (:func:`check_league_settings`)."""
    by_name = grouping_name(by)
    parameters = {
        "levels": tuple(levels),
        "flag_level": flag_level,
        "overdispersion": overdispersion,
        "winsorise": winsorise,
        "method": method,
        "dispersion_rule": dispersion_rule,
        "min_n": min_n,
        "descending": descending,
        "replicates": replicates,
        "seed": seed,
        "rank_confidence": rank_confidence,
    }
    p = overall.value
    if p is None:
        reason = overall.reason or "no overall rate"
        rows = [
            _row_without_comparison(label, cell, f"not compared: {reason}")
            for label, cell in cells.items()
        ]
        return LeagueTable(
            metric=overall.name,
            by=by_name,
            grouping=describe_grouping(by),
            overall=overall,
            tau2=0.0,
            flag_level=flag_level,
            rows=tuple(rows),
            parameters=parameters,
        )
    p = float(p)
    # every group with a rate is on the funnel (limits, flags, τ²); only the big ones are ranked
    funnel = {label: cell for label, cell in cells.items() if cell.value is not None}
    tau2 = 0.0
    limit_method: FunnelMethod = method
    if overdispersion and len(funnel) >= 2 and 0.0 < p < 1.0:
        dispersion = proportion_dispersion(
            [float(c.numerator or 0) for c in funnel.values()],
            [float(c.denominator or 1) for c in funnel.values()],
            scale="normal" if method == "normal" else "arcsine",
            trim=winsorise,
            rule=dispersion_rule,
        )
        tau2 = dispersion.tau2 if dispersion_rule == "count" else dispersion.limit_tau2
        if tau2 > 0.0 and method == "exact":
            limit_method = "arcsine"  # over-dispersed limits: FunnelPlotR's arcsine ones
    parameters["limit_method"] = limit_method
    labels = [label for label, cell in funnel.items() if (cell.denominator or 0) >= min_n]
    values = [float(funnel[label].value or 0.0) for label in labels]
    positions = rank(values, ties="min", descending=descending) if labels else ()
    ranks = dict(zip(labels, positions, strict=True))
    intervals = _rank_intervals(
        [funnel[label] for label in labels],
        replicates=replicates,
        seed=seed,
        confidence=rank_confidence,
        descending=descending,
    )
    by_label = dict(zip(labels, intervals or (), strict=False))
    ranked: list[LeagueRow] = []
    unranked: list[LeagueRow] = []
    position = list(levels).index(flag_level)
    for label, cell in cells.items():
        if label not in funnel:
            unranked.append(_row_without_comparison(label, cell, _no_rate(cell)))
            continue
        value = float(cell.value or 0.0)
        n = cell.denominator or 0
        limits = funnel_limits(p, n or 1, levels=levels, tau2=tau2, method=limit_method)
        whole = cell.numerator is not None and float(cell.numerator).is_integer()
        if limit_method == "exact" and whole and n > 0:
            tails = binomial_tails(int(float(cell.numerator or 0)), n, p)
            flags = tuple(_exact_flag(tails, limit.level) for limit in limits)
        else:
            flags = tuple(_flag(value, limit) for limit in limits)
        row = LeagueRow(
            group=label,
            value=value,
            n=n,
            numerator=None if cell.numerator is None else float(cell.numerator),
            interval=cell.interval,
            limits=limits,
            flags=flags,
            flag=flags[position],
            rank=ranks.get(label),
            rank_interval=by_label.get(label),
            estimate=cell,
            reason=None if label in ranks else _too_small(n, min_n),
        )
        (ranked if label in ranks else unranked).append(row)
    ranked.sort(key=lambda r: (r.rank, r.group))
    # unranked: those with a rate first, then those without; label order within each
    unranked.sort(key=lambda r: r.value is None)
    rows = ranked + unranked
    return LeagueTable(
        metric=overall.name,
        by=by_name,
        grouping=describe_grouping(by),
        overall=overall,
        tau2=tau2,
        flag_level=flag_level,
        rows=tuple(rows),
        parameters=parameters,
    )


def _too_small(n: int, min_n: int) -> str:
    return f"fewer than {min_n} units (n = {n}): listed, not ranked"


def _no_rate(cell: Estimate) -> str:
    return f"no rate ({cell.reason or 'no units'}): listed, not ranked"


def _row_without_comparison(label: str, cell: Estimate, reason: str) -> LeagueRow:
    return LeagueRow(
        group=label,
        value=None if cell.value is None else float(cell.value),
        n=cell.denominator or 0,
        numerator=None if cell.numerator is None else float(cell.numerator),
        interval=cell.interval,
        limits=(),
        flags=(),
        flag=None,
        rank=None,
        rank_interval=None,
        estimate=cell,
        reason=reason,
    )


def _rank_intervals(
    cells: Sequence[Estimate],
    *,
    replicates: int,
    seed: int,
    confidence: float,
    descending: bool,
) -> list[tuple[float, float]] | None:
    if replicates == 0 or not cells:
        return None
    rng = random.Random(seed)  # noqa: S311 - a seeded bootstrap, not cryptography  # nosec B311
    shapes = [
        (float(c.numerator or 0) + 0.5, float((c.denominator or 0) - (c.numerator or 0)) + 0.5)
        for c in cells
    ]
    draws: list[list[float]] = [[] for _ in cells]
    for _ in range(replicates):
        sample = [rng.betavariate(a, b) for a, b in shapes]
        for index, position in enumerate(rank(sample, ties="min", descending=descending)):
            draws[index].append(position)
    tail = (1.0 - confidence) / 2.0
    result = []
    for positions in draws:
        positions.sort()
        result.append((_percentile(positions, tail), _percentile(positions, 1.0 - tail)))
    return result
