"""Case-mix-adjusted comparison of providers and districts: indirect standardisation.

A provider that trains older veterans, or a district with more veterans facing recognised
barriers, looks worse on a raw rate for reasons it does not control. :func:`adjusted_league_table`
fits a logistic model of the outcome on the veterans' own characteristics (never on the unit),
sums each unit's predicted probabilities to its expected count E, and compares the observed
count O with it: the indirectly standardised ratio O/E with its exact Poisson interval, the
adjusted rate O/E × overall rate, funnel limits around 1 on the square-root or log scale
(:func:`veteran_services.stats.ratio_funnel_limits`) and rank intervals, with the model's own
diagnostics. Each row also carries the raw rate's flag against the proportion funnel, so the raw
and the adjusted comparison can be read side by side. The model is fitted with statsmodels' GLM
(the ``fair`` extra), not a home-made solver.

Adjustment can remove differences the listed characteristics explain; it cannot remove those
of characteristics that are not recorded, and it removes a unit's real effect too when the
unit's effect is what a characteristic measures (a provider that chose whom to enrol).
"""

from __future__ import annotations

import importlib
import math
import random
import warnings
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from attrs import field, frozen
from dateutil.relativedelta import relativedelta

from veteran_services._checks import checked, whole_number
from veteran_services.errors import InvalidInputError, InvalidRecordError, MissingExtraError
from veteran_services.metrics._files import TableFiles, no_row
from veteran_services.metrics.breakdowns import (
    GroupBy,
    age_band,
    check_grouping,
    describe_grouping,
    group_key,
)
from veteran_services.metrics.estimates import Estimate, Observation
from veteran_services.metrics.league import Flag
from veteran_services.model import Caseload, Veteran
from veteran_services.model.time import whole_months_between
from veteran_services.stats import (
    FunnelLimit,
    FunnelMethod,
    RatioScale,
    funnel_limits,
    rank,
    ratio_dispersion,
    ratio_funnel_limits,
)

__all__ = [
    "ADJUSTERS",
    "DEFAULT_ADJUSTERS",
    "AdjustedRow",
    "AdjustedTable",
    "ModelDiagnostics",
    "adjusted_league_table",
    "check_adjusted_settings",
    "feature_value",
    "table_from_model_rows",
]

#: The characteristics :func:`adjusted_league_table` can adjust for. Categorical ones
#: (``age_band``, ``sex``, ``education``, ``rank``, ``region``) become indicator columns with the
#: first level in sorted order as the reference; numeric ones one column each: ``service_years``
#: (years of service at the anchor date), ``years_since_separation`` and ``barriers`` (the number
#: of recognised barriers recorded). ``region`` (the veteran's district) stands for the local
#: labour market when providers are compared; do not use it when comparing districts.
ADJUSTERS: tuple[str, ...] = (
    "age_band",
    "sex",
    "education",
    "rank",
    "region",
    "service_years",
    "years_since_separation",
    "barriers",
)
_CATEGORICAL = frozenset({"age_band", "sex", "education", "rank", "region"})
#: What :func:`adjusted_league_table` adjusts for unless told otherwise.
DEFAULT_ADJUSTERS: tuple[str, ...] = ("age_band", "sex", "education", "rank", "barriers")
_EXTRA = "install the 'fair' extra (pip install 'veteran-services[fair]')"


@frozen(kw_only=True)
class ModelDiagnostics:
    """The case-mix model's own diagnostics.

    Attributes:
        columns: The design matrix's column names (``"const"`` first; ``"name[level]"`` for a
            level of a categorical characteristic).
        coefficients: Column name → fitted log-odds coefficient.
        standard_errors: Column name → its standard error.
        n: Veterans (observations) in the model.
        c_statistic: The area under the ROC curve of the fitted probabilities (the
            Mann-Whitney statistic; ties count ½); NaN when every outcome is the same.
        calibration: Per decile of fitted probability (observations sorted by it and cut into
            ten near-equal parts, ties split by input order): (decile, observations, observed,
            expected).
        excluded: (unit id, reason) of observations left out of the model and the table.
        dropped: Characteristics or columns that gave no column (a single level, no
            variation, collinear with earlier columns), with why.
        notes: What the fit reported (non-convergence, perfect separation), else empty.
    """

    columns: tuple[str, ...]
    coefficients: dict[str, float]
    standard_errors: dict[str, float]
    n: int
    c_statistic: float
    calibration: tuple[tuple[int, int, int, float], ...]
    excluded: tuple[tuple[str, str], ...]
    dropped: tuple[tuple[str, str], ...]
    notes: tuple[str, ...] = ()


@frozen(kw_only=True)
class AdjustedRow:
    """One unit of an :class:`AdjustedTable`.

    Attributes:
        group: The unit's label.
        n: Veterans of the unit in the model.
        observed: Observed successes O.
        expected: Expected successes E from the case-mix model.
        raw_rate: O/n.
        raw_limits: Funnel limits of the raw rate around the overall rate for this n.
        raw_flag: Where the raw rate lies against them at the flag level.
        ratio: O/E.
        low: Lower bound of the exact Poisson interval of O/E.
        high: Upper bound.
        adjusted_rate: O/E × the overall rate.
        limits: Funnel limits of O/E around 1 for this E, one per level.
        flag: Where O/E lies against the limits at the table's flag level.
        rank: Rank of O/E among the ranked units (1 = highest); ``None`` when not ranked.
        rank_interval: Bootstrap interval of the rank, or ``None`` without replicates or rank.
        reason: Why the unit is not ranked (fewer than ``min_n`` veterans), else ``None``.
    """

    group: str
    n: int
    observed: int
    expected: float
    raw_rate: float
    raw_limits: tuple[FunnelLimit, ...]
    raw_flag: Flag
    ratio: float
    low: float
    high: float
    adjusted_rate: float
    limits: tuple[FunnelLimit, ...]
    flag: Flag
    rank: float | None
    rank_interval: tuple[float, float] | None
    reason: str | None = None


@frozen(kw_only=True)
class AdjustedTable(TableFiles):
    """A case-mix-adjusted league table.

    :meth:`to_csv` and :meth:`to_excel` write :meth:`to_rows` for people (names beside the
    codes, the byte-order mark, rounded numbers).

    Attributes:
        metric: The indicator's name.
        by: The grouping.
        adjust_for: The characteristics adjusted for.
        overall_rate: The overall rate of the observations in the model.
        tau2: The between-unit variance added to the ratio limits (0 without over-dispersion).
        flag_level: The level whose limits decide the flags.
        rows: The units: ranked ones by rank of O/E (then label), then the others by label.
        diagnostics: The model's diagnostics.
        overall: The indicator's overall estimate.
        parameters: Settings used.
        grouping: What the units are, in words (:data:`~veteran_services.metrics.GROUPINGS`:
            for a region, whose region).
    """

    metric: str
    by: str
    adjust_for: tuple[str, ...]
    overall_rate: float
    tau2: float
    flag_level: float
    rows: tuple[AdjustedRow, ...]
    diagnostics: ModelDiagnostics
    overall: Estimate = field(repr=False)
    parameters: dict[str, Any] = field(factory=dict, hash=False)
    grouping: str = ""

    @checked
    def row(self, group: str) -> AdjustedRow:
        """The row of the group whose code is *group*.

        Raises:
            UnknownKeyError: no row has that code (a :class:`LookupError` and an
                :class:`~veteran_services.errors.InvalidInputError`); the message lists the
                codes, and says that names are labels, not keys.
        """
        for item in self.rows:
            if item.group == group:
                return item
        raise no_row("group", group, [item.group for item in self.rows])

    @checked
    def to_rows(self) -> list[dict[str, Any]]:
        """The table as a list of dicts, one per unit, all with the same keys: ``group``,
        ``n``, ``observed``, ``expected``, ``raw_rate``, ``raw_flag``, ``ratio``, ``low``,
        ``high``, ``adjusted_rate``, ``flag``, ``rank``, ``rank_low``, ``rank_high``,
        ``reason`` and, per level, ``limit_<level>_low`` and ``limit_<level>_high`` (the
        ratio's limits)."""
        result = []
        for row in self.rows:
            record: dict[str, Any] = {
                "group": row.group,
                "n": row.n,
                "observed": row.observed,
                "expected": row.expected,
                "raw_rate": row.raw_rate,
                "raw_flag": row.raw_flag,
                "ratio": row.ratio,
                "low": row.low,
                "high": row.high,
                "adjusted_rate": row.adjusted_rate,
                "flag": row.flag,
                "rank": row.rank,
                "rank_low": None if row.rank_interval is None else row.rank_interval[0],
                "rank_high": None if row.rank_interval is None else row.rank_interval[1],
                "reason": row.reason,
            }
            for limit in row.limits:
                record[f"limit_{limit.level:g}_low"] = limit.low
                record[f"limit_{limit.level:g}_high"] = limit.high
            result.append(record)
        return result


def _libraries() -> tuple[Any, tuple[Any, Any], Any]:
    """numpy, statsmodels' GLM and families, and scipy.stats, or the error naming the extra."""
    try:
        numpy = importlib.import_module("numpy")
        # the GLM's own modules: statsmodels.api would import all of statsmodels (seconds)
        glm = importlib.import_module("statsmodels.genmod.generalized_linear_model").GLM
        families = importlib.import_module("statsmodels.genmod.families")
        scipy_stats = importlib.import_module("scipy.stats")
    except ImportError as error:
        msg = f"adjusted_league_table needs numpy, scipy and statsmodels: {_EXTRA}"
        raise MissingExtraError(msg) from error
    return numpy, (glm, families), scipy_stats


def _feature(name: str, veteran: Veteran, day: Any) -> tuple[object, str | None]:
    """The characteristic's value for a veteran at the anchor date, or (None, reason)."""
    return feature_value(
        name,
        birth_date=veteran.birth_date,
        sex=str(veteran.sex.value),
        education=None if veteran.education is None else str(veteran.education.value),
        service=[(p.start, p.end, p.rank) for p in veteran.service],
        region=veteran.region,
        barriers=len(veteran.barriers),
        day=day,
    )


@checked
def feature_value(
    name: str,
    *,
    birth_date: date | None,
    sex: str,
    education: str | None,
    service: Sequence[tuple[date, date | None, object]],
    region: str,
    barriers: int,
    day: date | None,
) -> tuple[object, str | None]:
    """A characteristic of :data:`ADJUSTERS` from a veteran's facts at the anchor date *day*,
    or (None, the reason it is unknown): the one rule of the object path (from a
    :class:`~veteran_services.model.Veteran`) and the columnar one (from Arrow rows).

    *service* holds each period's (start, end or None, rank or None), in the record's order;
    the rank is the last period's; an open period counts to *day*.

    >>> feature_value("age_band", birth_date=date(1990, 5, 1), sex="male", education=None,
    ...               service=[], region="320102", barriers=0, day=date(2024, 4, 30))
    ('25-34', None)
    """
    if name == "age_band":
        age = None if day is None or birth_date is None else relativedelta(day, birth_date).years
        return (None, "age unknown") if age is None else (age_band(int(age)), None)
    if name == "sex":
        return sex, None
    if name == "education":
        return ("unknown" if education is None else education), None
    if name == "rank":
        category = service[-1][2] if service else None
        return ("unknown" if category is None else str(getattr(category, "value", category))), None
    if name == "region":
        return region, None
    if name == "service_years":
        months = 0
        for start, end, _ in service:
            last = end or day
            if last is None:
                msg = "'as_of' is needed for a period of service that has not ended"
                raise InvalidRecordError("as_of", msg)
            months += whole_months_between(start, last)
        return months / 12.0, None
    if name == "years_since_separation":
        separated = service[-1][1] if service else None
        if day is None or separated is None:
            return None, "still serving"
        return whole_months_between(separated, day) / 12.0, None
    return float(barriers), None


def _c_statistic(y: Sequence[int], p: Sequence[float]) -> float:
    """AUC by the Mann-Whitney statistic on average ranks."""
    positives = sum(y)
    negatives = len(y) - positives
    if positives == 0 or negatives == 0:
        return math.nan
    ranks = rank(p, ties="average", descending=False)
    total = math.fsum(r for r, v in zip(ranks, y, strict=True) if v)
    return (total - positives * (positives + 1) / 2.0) / (positives * negatives)


@checked
def check_adjusted_settings(
    chosen: tuple[str, ...],
    levels: Sequence[float],
    flag_level: float,
    replicates: int,
    min_n: int,
    confidence: float,
) -> None:
    """The settings of :func:`adjusted_league_table` (and its columnar twin), checked.

    Raises:
        InvalidInputError: naming the setting that is wrong.
    """
    if not chosen:
        msg = f"'adjust_for' must name at least one characteristic from {ADJUSTERS!r}"
        raise InvalidInputError("adjust_for", msg)
    for name in chosen:
        if name not in ADJUSTERS:
            msg = f"'adjust_for' must name characteristics from {ADJUSTERS!r}, got {name!r}"
            raise InvalidInputError("adjust_for", msg)
    if len(set(chosen)) != len(chosen):
        msg = f"'adjust_for' must not repeat a characteristic, got {list(chosen)!r}"
        raise InvalidInputError("adjust_for", msg)
    if flag_level not in levels:
        msg = f"'flag_level' must be one of the levels {list(levels)!r}, got {flag_level!r}"
        raise InvalidInputError("flag_level", msg)
    whole_number(replicates, "replicates", least=0)
    whole_number(min_n, "min_n", least=1)
    if not 0.0 < confidence < 1.0:
        msg = f"'confidence' must be between 0 and 1, got {confidence!r}"
        raise InvalidInputError("confidence", msg)


def _model_rows(
    overall: Estimate,
    caseload: Caseload,
    key: Callable[[Observation], object],
    chosen: tuple[str, ...],
) -> tuple[list[list[object]], list[int], list[str], list[tuple[str, str]]]:
    """The modelled observations' characteristics, outcomes and units, and the left-out ones."""
    rows_x: list[list[object]] = []
    ys: list[int] = []
    groups: list[str] = []
    excluded: list[tuple[str, str]] = []
    for observation in overall.observations:
        if observation.excluded is not None or observation.value is None:
            continue  # left out by the indicator itself (its exclusions are on the estimate)
        if observation.weight != 1.0:
            msg = "'indicator' must be unweighted: the case-mix model counts each unit once"
            raise InvalidInputError("indicator", msg)
        try:
            veteran = caseload.veteran(observation.veteran_id or "")
        except LookupError:
            excluded.append((observation.unit_id, "no veteran record"))
            continue
        label = key(observation)
        if label is None:
            excluded.append((observation.unit_id, "unit unknown"))
            continue
        values: list[object] = []
        reason = None
        for name in chosen:
            value, why = _feature(name, veteran, observation.on)
            if why is not None:
                reason = f"{name}: {why}"
                break
            values.append(value)
        if reason is not None:
            excluded.append((observation.unit_id, reason))
            continue
        rows_x.append(values)
        ys.append(1 if observation.value else 0)
        groups.append(str(label))
    return rows_x, ys, groups, excluded


def _design(
    numpy: Any, chosen: tuple[str, ...], rows_x: list[list[object]]
) -> tuple[Any, list[str], list[tuple[str, str]]]:
    """The design matrix (intercept first), its column names and what gave no column."""
    columns: list[str] = ["const"]
    data: list[list[float]] = [[1.0] * len(rows_x)]
    dropped: list[tuple[str, str]] = []
    for index, name in enumerate(chosen):
        column = [row[index] for row in rows_x]
        if name in _CATEGORICAL:
            kinds = sorted({str(v) for v in column})
            if len(kinds) < 2:
                dropped.append((name, "a single level"))
            for level in kinds[1:]:
                columns.append(f"{name}[{level}]")
                data.append([1.0 if str(v) == level else 0.0 for v in column])
        else:
            numbers = [float(v) for v in column]  # type: ignore[arg-type]
            if len(set(numbers)) < 2:
                dropped.append((name, "no variation"))
                continue
            columns.append(name)
            data.append(numbers)
    # leave out columns that add nothing to those before them (collinear design)
    kept_columns: list[str] = []
    kept: list[list[float]] = []
    for name, values in zip(columns, data, strict=True):
        trial = numpy.array([*kept, values], dtype=float).T
        if numpy.linalg.matrix_rank(trial) == len(kept) + 1:
            kept_columns.append(name)
            kept.append(values)
        else:
            dropped.append((name, "collinear with earlier columns"))
    return numpy.array(kept, dtype=float).T, kept_columns, dropped


def _fit(sm: tuple[Any, Any], numpy: Any, x: Any, y: Any) -> tuple[Any, list[str]]:
    """statsmodels' binomial GLM with its warnings kept as notes."""
    glm, families = sm
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = glm(y, x, family=families.Binomial()).fit()
    for warning in caught:
        text = f"{warning.category.__name__}: {warning.message}"
        if text not in notes:
            notes.append(text)
    if not bool(getattr(fit, "converged", True)):
        notes.append("the fit did not converge")
    if not numpy.all(numpy.isfinite(fit.params)):
        msg = "the case-mix model gave non-finite coefficients; adjust for fewer characteristics"
        raise InvalidInputError("adjust_for", msg)
    return fit, notes


@checked
def adjusted_league_table(
    indicator: Callable[..., object],
    caseload: Caseload,
    *,
    by: GroupBy | Callable[[Observation], object] = "provider",
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
    **indicator_args: Any,
) -> AdjustedTable:
    """A league table of indirectly standardised ratios O/E, adjusted for case mix.

    The indicator's included observations (0/1 outcomes) are the model's rows; each row's
    characteristics *adjust_for* (see :data:`ADJUSTERS`) at the observation's anchor date are
    its columns, categorical ones as indicators with the first level (in sorted order) as the
    reference; the unit itself is not in the model, so the model describes the whole caseload.
    statsmodels' ``GLM(y, X, family=Binomial())`` gives each veteran's expected probability;
    a unit's E is their sum and O its successes (with the intercept, ΣE = ΣO). O/E has the
    exact Poisson interval [χ²_{α/2}(2O)/2, χ²_{1−α/2}(2O + 2)/2]/E; the adjusted rate is
    O/E × the overall rate; the ratio's funnel limits around 1 are on *scale* (FunnelPlotR's
    CQC square-root or SHMI log limits), widened with *overdispersion* by FunnelPlotR's τ²
    when φ > 1; rank intervals come from a seeded bootstrap drawing each unit's ratio from
    Gamma(O + ½, 1/E) (E taken as known). Each row also has its raw rate's flag against the
    proportion funnel (*raw_method*) around the overall rate of the modelled observations.

    Observations are left out, with their reason in :attr:`ModelDiagnostics.excluded`, when a
    characteristic is unknown (age without a birth date, years since separation of someone
    still serving), when the veteran record is missing, or when the unit is unknown. A unit
    with fewer than *min_n* modelled veterans is listed and flagged but not ranked. Sources:
    Spiegelhalter (2005), *Stat Med* 24:1185 (indirect standardisation on funnel plots);
    FunnelPlotR 0.6.0 (ratio limits, over-dispersion); statsmodels' GLM.

    Args:
        indicator: A rate indicator (an estimate with ``statistic="proportion"``), unweighted.
        caseload: The records.
        by: A built-in grouping or a callable on observations.
        adjust_for: Characteristics to adjust for, from :data:`ADJUSTERS`.
        levels: Funnel limit levels.
        flag_level: The level (one of *levels*) whose limits decide the flags.
        scale: ``"sqrt"`` or ``"log"`` for the ratio's limits.
        raw_method: The proportion funnel of the raw rates (``"exact"``, ``"arcsine"``,
            ``"normal"``).
        overdispersion: Whether to widen the ratio's limits by τ².
        min_n: Units with fewer modelled veterans are listed but not ranked.
        replicates: Bootstrap replicates for rank intervals (0: none).
        seed: Seed of the bootstrap.
        confidence: Coverage of the O/E intervals and the rank intervals.
        **indicator_args: Passed to *indicator*.

    Raises:
        InvalidInputError: an indicator that is not an unweighted rate, an unknown adjuster,
            fewer than two units, no outcome variation, or bad settings.
        MissingExtraError: numpy, scipy or statsmodels (the ``fair`` extra) is not installed.
    """
    chosen = tuple(adjust_for) if not isinstance(adjust_for, str) else (adjust_for,)
    check_adjusted_settings(chosen, levels, flag_level, replicates, min_n, confidence)
    _libraries()  # the missing extra is named before the indicator runs
    overall = indicator(caseload, **indicator_args)
    if not isinstance(overall, Estimate) or overall.statistic != "proportion":
        kind = overall.statistic if isinstance(overall, Estimate) else type(overall).__name__
        msg = f"'indicator' must return a rate (a proportion estimate), got {kind!r}"
        raise InvalidInputError("indicator", msg)
    check_grouping(by, overall)
    rows_x, ys, groups, excluded = _model_rows(overall, caseload, group_key(by, caseload), chosen)
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


@checked
def table_from_model_rows(
    overall: Estimate,
    rows_x: list[list[object]],
    ys: list[int],
    groups: list[str],
    excluded: list[tuple[str, str]],
    *,
    by: GroupBy | Callable[[Observation], object],
    adjust_for: tuple[str, ...],
    levels: Sequence[float],
    flag_level: float,
    scale: RatioScale,
    raw_method: FunnelMethod,
    overdispersion: bool,
    min_n: int,
    replicates: int,
    seed: int,
    confidence: float,
) -> AdjustedTable:
    """The adjusted table from the model's rows, the part :func:`adjusted_league_table` and its
    columnar twin (:func:`veteran_services.columnar.adjusted_league_table`) share: the design
    matrix, statsmodels' fit, O and E per unit, the intervals, limits, flags, ranks and the
    diagnostics.

    Args:
        overall: The indicator's overall estimate.
        rows_x: Each modelled observation's characteristics (:func:`feature_value`), in the
            order of *adjust_for*.
        ys: Each one's outcome (0 or 1).
        groups: Each one's unit label.
        excluded: (unit id, reason) of the observations left out of the model.
        by: The grouping (for the table's name and its words).
        adjust_for: The characteristics, checked.
        levels: Funnel limit levels.
        flag_level: The level whose limits decide the flags.
        scale: ``"sqrt"`` or ``"log"``.
        raw_method: The raw rates' proportion funnel.
        overdispersion: Whether to widen the ratio limits by τ².
        min_n: Units with fewer modelled veterans are not ranked.
        replicates: Bootstrap replicates of the rank intervals.
        seed: The bootstrap's seed.
        confidence: Coverage of the O/E and rank intervals.

    Raises:
        InvalidInputError: fewer than two units, no outcome variation, a failed fit.
        MissingExtraError: the ``fair`` extra is not installed.
    """
    chosen = adjust_for
    numpy, sm, scipy_stats = _libraries()
    units = sorted(set(groups))
    if len(units) < 2:
        msg = f"'by' must give at least two units with modelled veterans, got {len(units)}"
        raise InvalidInputError("by", msg)
    successes = sum(ys)
    if successes in (0, len(ys)):
        msg = f"the outcome must vary to fit a case-mix model, got {successes} of {len(ys)}"
        raise InvalidInputError("indicator", msg)
    x, columns, dropped = _design(numpy, chosen, rows_x)
    fit, notes = _fit(sm, numpy, x, numpy.array(ys, dtype=float))
    fitted = [float(v) for v in fit.fittedvalues]
    overall_rate = successes / len(ys)
    observed = dict.fromkeys(units, 0)
    expected = dict.fromkeys(units, 0.0)
    sizes = dict.fromkeys(units, 0)
    shares: dict[str, list[float]] = {u: [] for u in units}
    for label, outcome, probability in zip(groups, ys, fitted, strict=True):
        observed[label] += outcome
        shares[label].append(probability)
        sizes[label] += 1
    for unit in units:
        expected[unit] = math.fsum(shares[unit])
    tau2 = 0.0
    if overdispersion and not (scale == "log" and any(observed[u] == 0 for u in units)):
        dispersion = ratio_dispersion(
            [float(observed[u]) for u in units], [expected[u] for u in units], scale=scale
        )
        tau2 = dispersion.limit_tau2
    elif overdispersion:
        notes.append("no over-dispersion on the log scale: a unit has O = 0")
    ranked = [u for u in units if sizes[u] >= min_n]
    positions = dict(
        zip(
            ranked,
            rank([observed[u] / expected[u] for u in ranked], ties="min", descending=True)
            if ranked
            else (),
            strict=True,
        )
    )
    intervals = _rank_intervals(
        [(observed[u], expected[u]) for u in ranked], replicates, seed, confidence
    )
    by_unit = dict(zip(ranked, intervals or (), strict=False))
    tail = (1.0 - confidence) / 2.0
    flag_index = list(levels).index(flag_level)
    result = []
    for unit in units:
        o, e, n = observed[unit], expected[unit], sizes[unit]
        ratio = o / e
        limits = ratio_funnel_limits(e, levels=levels, tau2=tau2, scale=scale)
        raw_limits = funnel_limits(overall_rate, n, levels=levels, method=raw_method)
        result.append(
            AdjustedRow(
                group=unit,
                n=n,
                observed=o,
                expected=e,
                raw_rate=o / n,
                raw_limits=raw_limits,
                raw_flag=_flag(o / n, raw_limits[flag_index]),
                ratio=ratio,
                low=0.0 if o == 0 else float(scipy_stats.chi2.ppf(tail, 2 * o)) / 2.0 / e,
                high=float(scipy_stats.chi2.ppf(1.0 - tail, 2 * o + 2)) / 2.0 / e,
                adjusted_rate=ratio * overall_rate,
                limits=limits,
                flag=_flag(ratio, limits[flag_index]),
                rank=positions.get(unit),
                rank_interval=by_unit.get(unit),
                reason=None
                if unit in positions
                else f"fewer than {min_n} veterans in the model (n = {n}): listed, not ranked",
            )
        )
    result.sort(key=lambda r: (r.rank is None, r.rank or 0.0, r.group))
    diagnostics = ModelDiagnostics(
        columns=tuple(columns),
        coefficients={c: float(v) for c, v in zip(columns, fit.params, strict=True)},
        standard_errors={c: float(v) for c, v in zip(columns, fit.bse, strict=True)},
        n=len(ys),
        c_statistic=_c_statistic(ys, fitted),
        calibration=_calibration(ys, fitted),
        excluded=tuple(excluded),
        dropped=tuple(dropped),
        notes=tuple(notes),
    )
    return AdjustedTable(
        metric=overall.name,
        by=by if isinstance(by, str) else getattr(by, "__name__", "custom"),
        grouping=describe_grouping(by),
        adjust_for=chosen,
        overall_rate=overall_rate,
        tau2=tau2,
        flag_level=flag_level,
        rows=tuple(result),
        diagnostics=diagnostics,
        overall=overall,
        parameters={
            "levels": tuple(levels),
            "flag_level": flag_level,
            "scale": scale,
            "raw_method": raw_method,
            "overdispersion": overdispersion,
            "min_n": min_n,
            "replicates": replicates,
            "seed": seed,
            "confidence": confidence,
        },
    )


def _flag(value: float, limit: FunnelLimit) -> Flag:
    if value > limit.high:
        return "above"
    if value < limit.low:
        return "below"
    return "within"


def _calibration(
    ys: Sequence[int], fitted: Sequence[float]
) -> tuple[tuple[int, int, int, float], ...]:
    order = sorted(range(len(ys)), key=fitted.__getitem__)
    result = []
    for decile in range(10):
        chosen = order[decile * len(order) // 10 : (decile + 1) * len(order) // 10]
        if chosen:
            result.append(
                (
                    decile + 1,
                    len(chosen),
                    sum(ys[i] for i in chosen),
                    math.fsum(fitted[i] for i in chosen),
                )
            )
    return tuple(result)


def _rank_intervals(
    counts: Sequence[tuple[int, float]], replicates: int, seed: int, confidence: float
) -> list[tuple[float, float]] | None:
    if replicates == 0 or not counts:
        return None
    rng = random.Random(seed)  # noqa: S311 - a seeded bootstrap, not cryptography  # nosec B311
    draws: list[list[float]] = [[] for _ in counts]
    for _ in range(replicates):
        sample = [rng.gammavariate(o + 0.5, 1.0 / e) for o, e in counts]
        for index, position in enumerate(rank(sample, ties="min", descending=True)):
            draws[index].append(position)
    tail = (1.0 - confidence) / 2.0
    result = []
    for positions in draws:
        positions.sort()
        low = positions[max(0, math.ceil(tail * len(positions)) - 1)]
        high = positions[max(0, math.ceil((1.0 - tail) * len(positions)) - 1)]
        result.append((low, high))
    return result
