"""From a caseload to an analysis frame: treated trainees, comparison veterans, outcomes and
covariates measured before treatment (:func:`training_frame`, :func:`training_effect`).

Pure Python up to the frame; the estimate needs the ``evaluation`` extra. The rules are in
``docs/methodology/evaluation.md`` (section *From a caseload*).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Collection, Sequence
from datetime import date, timedelta
from decimal import Decimal
from statistics import NormalDist
from typing import Any

import attrs

from veteran_services.errors import InvalidInputError
from veteran_services.evaluation._results import EffectEstimate
from veteran_services.metrics import exclusion_after_exit, exits
from veteran_services.model import (
    Caseload,
    EnrolmentOutcome,
    ProgrammeKind,
    Quarter,
    RankCategory,
    Veteran,
)
from veteran_services.model.time import overlaps, quarter_index

__all__ = [
    "COVARIATE_GROUPS",
    "DEFAULT_COVARIATES",
    "NaiveDifference",
    "TrainingEffect",
    "TrainingFrame",
    "build_frame",
    "naive_difference",
]

#: The covariate groups :func:`training_frame` can build, each measured at registration
#: (before any treatment), and the frame columns each gives.
COVARIATE_GROUPS: dict[str, str] = {
    "age": "age: age in years on the registration date",
    "female": "female: 1 for a woman, 0 for a man",
    "education": "education: the ISCED level (0-8) of the highest completed education",
    "months_of_service": "months_of_service: whole months served over all periods",
    "rank": "rank_nco, rank_officer: 0/1, the rank category at separation (base: other ranks)",
    "barriers": "barriers: the number of barriers to employment recorded at registration",
    "employed_before": (
        "employed_before: 1 if employed in one of the four quarters before the registration "
        "quarter (earnings records, placements, ventures)"
    ),
    "earnings_before": (
        "earnings_before: recorded earnings (earnings records only) in the four quarters "
        "before the registration quarter, in thousands"
    ),
    "district": "district_<code>: 0/1 per district (base: the most common district)",
    "registered": "registered: the registration date as a year with decimals (time trends)",
}

#: The covariates used when none are given.
DEFAULT_COVARIATES: tuple[str, ...] = tuple(COVARIATE_GROUPS)

_OUTCOME = re.compile(r"(employed|earnings)_q([1-8])")
_MISSING = ("indicator", "complete")


@attrs.frozen(eq=False)
class TrainingFrame:
    """The analysis frame of :func:`~veteran_services.evaluation.training_frame`.

    Attributes:
        data: Column name to values, one row per unit: ``veteran_id``, ``treated`` (1/0),
            ``exit_on`` (the exit or as-if exit date, ISO), the outcome column and the
            covariate columns; give it to :func:`~veteran_services.evaluation.treatment_effect`
            or to ``pandas.DataFrame``.
        programme_kind: The programme kind whose completers are treated.
        outcome: The outcome column (``employed_q2``, ``earnings_q4``, ...).
        covariates: The covariate columns of the models, in order (missing indicators
            included, constant columns left out and named in *notes*).
        as_of: The evaluation date.
        window: The inclusive range of (as-if) exit dates, or ``None``.
        ignore_kinds: Programme kinds whose enrolments are ignored on both sides.
        time_to_exit_days: The treated group's median days from registration to exit: a
            comparison veteran's as-if exit is registration plus this.
        n_treated: Treated units in the frame.
        n_comparison: Comparison units in the frame.
        missing: ``"indicator"`` or ``"complete"``: how unknown covariates were handled.
        missing_counts: ``(column, units with it unknown)`` before handling.
        excluded: ``(reason, veterans)``: who was left out and why.
        notes: What else the reader should know (dropped constant columns, ...).
    """

    data: dict[str, tuple[Any, ...]]
    programme_kind: str
    outcome: str
    covariates: tuple[str, ...]
    as_of: date
    window: tuple[date, date] | None
    ignore_kinds: tuple[str, ...]
    time_to_exit_days: int
    n_treated: int
    n_comparison: int
    missing: str
    missing_counts: tuple[tuple[str, int], ...]
    excluded: tuple[tuple[str, int], ...]
    notes: tuple[str, ...]

    @property
    def comparison_rule(self) -> str:
        """The as-if exit rule of the comparison units, in words."""
        return (
            "registered veterans not enrolled in any programme"
            + (f" (ignoring {', '.join(self.ignore_kinds)})" if self.ignore_kinds else "")
            + f" by registration + {self.time_to_exit_days} days (the treated group's median "
            "time from registration to exit), their as-if exit date"
        )


@attrs.frozen
class NaiveDifference:
    """The unadjusted difference of the group means, treated minus comparison.

    Attributes:
        value: The difference.
        standard_error: Its (Welch, unequal-variance) standard error.
        lower: Lower limit of the normal interval.
        upper: Upper limit.
        mean_treated: Mean outcome of the treated units.
        mean_comparison: Mean outcome of the comparison units.
    """

    value: float
    standard_error: float
    lower: float
    upper: float
    mean_treated: float
    mean_comparison: float


@attrs.frozen(eq=False)
class TrainingEffect:
    """The effect of completing a programme, from a caseload, with its frame.

    Attributes:
        estimate: The adjusted estimate with its diagnostics.
        naive: The unadjusted difference, for comparison.
        frame: The analysis frame the estimate was computed from.
    """

    estimate: EffectEstimate
    naive: NaiveDifference
    frame: TrainingFrame

    def to_dict(self) -> dict[str, Any]:
        """The estimate, the naive difference and the frame's description as plain data
        (the frame's columns are left out)."""
        frame = {
            f.name: getattr(self.frame, f.name)
            for f in attrs.fields(TrainingFrame)
            if f.name != "data"
        }
        frame["as_of"] = self.frame.as_of.isoformat()
        frame["window"] = (
            None if self.frame.window is None else [d.isoformat() for d in self.frame.window]
        )
        frame["comparison_rule"] = self.frame.comparison_rule
        return {
            "estimate": self.estimate.to_dict(),
            "naive": attrs.asdict(self.naive),
            "frame": frame,
        }


# --- outcomes by the programme indicators' definitions -------------------------------------


def _bounds(index: int) -> tuple[date, date]:
    quarter = Quarter(year=index // 4, quarter=index % 4 + 1)
    return quarter.start, quarter.end


def employed_in(caseload: Caseload, veteran_id: str, index: int) -> bool:
    """Employed in the quarter, as the programme indicators define it: an earnings record
    above zero, an unsubsidised placement held on a day of it, or a venture founded by the
    veteran active on a day of it."""
    first, last = _bounds(index)
    if any(
        r.amount.amount > 0 and quarter_index(r.quarter.start) == index
        for r in caseload.earnings_of(veteran_id)
    ):
        return True
    if any(
        not p.subsidised and overlaps(p.started_on, p.ended_on, first, last)
        for p in caseload.placements_of(veteran_id)
    ):
        return True
    return any(
        overlaps(v.registered_on, v.closed_on, first, last)
        for v in caseload.ventures_of(veteran_id)
    )


def earnings_in(caseload: Caseload, veteran_id: str, index: int) -> tuple[float | None, str]:
    """Total earnings in the quarter (records where any, else unsubsidised placements'
    monthly wage x months worked), as the median-earnings indicator finds them; 0 when not
    employed. ``(None, reason)`` when no figure can be given."""
    if not employed_in(caseload, veteran_id, index):
        return 0.0, ""
    recorded = [
        r for r in caseload.earnings_of(veteran_id) if quarter_index(r.quarter.start) == index
    ]
    if recorded:
        if len({r.amount.currency for r in recorded}) > 1:
            return None, "earnings in more than one currency in the outcome quarter"
        return float(sum((r.amount.amount for r in recorded), Decimal(0))), ""
    first, last = _bounds(index)
    days_in_quarter = Decimal((last - first).days + 1)
    total = Decimal(0)
    currencies = set()
    for placement in caseload.placements_of(veteran_id):
        if placement.subsidised or placement.monthly_wage is None:
            continue
        start = max(placement.started_on, first)
        end = last if placement.ended_on is None else min(placement.ended_on, last)
        days = (end - start).days + 1
        if days <= 0:
            continue
        currencies.add(placement.monthly_wage.currency)
        total += placement.monthly_wage.amount * 3 * Decimal(days) / days_in_quarter
    if len(currencies) > 1:
        return None, "earnings in more than one currency in the outcome quarter"
    if not currencies:
        return None, "employed in the outcome quarter without an earnings figure"
    return float(total.quantize(Decimal("0.01"))), ""


# --- covariates -----------------------------------------------------------------------------


def _covariates(
    caseload: Caseload, veteran: Veteran, registered: date, groups: Sequence[str]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    reg_q = quarter_index(registered)
    before = range(reg_q - 4, reg_q)
    for group in groups:
        if group == "age":
            age = veteran.age(on=registered)
            out["age"] = None if age is None else float(age)
        elif group == "female":
            out["female"] = 1.0 if veteran.sex.value == "female" else 0.0
        elif group == "education":
            out["education"] = None if veteran.education is None else float(veteran.education.level)
        elif group == "months_of_service":
            out["months_of_service"] = float(veteran.months_of_service(as_of=registered))
        elif group == "rank":
            rank = veteran.service[-1].rank
            out["rank_nco"] = 1.0 if rank is RankCategory.NCO else 0.0
            officer = rank in (RankCategory.OFFICER, RankCategory.WARRANT_OFFICER)
            out["rank_officer"] = 1.0 if officer else 0.0
        elif group == "barriers":
            out["barriers"] = float(len(veteran.barriers))
        elif group == "employed_before":
            worked = any(employed_in(caseload, veteran.id, q) for q in before)
            out["employed_before"] = 1.0 if worked else 0.0
        elif group == "earnings_before":
            amounts = [
                r.amount.amount
                for r in caseload.earnings_of(veteran.id)
                if quarter_index(r.quarter.start) in before
            ]
            out["earnings_before"] = float(sum(amounts, Decimal(0))) / 1000.0
        elif group == "district":
            out["district"] = veteran.region
        else:  # "registered"
            start = date(registered.year, 1, 1)
            days = (date(registered.year + 1, 1, 1) - start).days
            out["registered"] = registered.year + (registered - start).days / days
    return out


# --- the frame ------------------------------------------------------------------------------


def _check_kind(value: object, argument: str) -> ProgrammeKind:
    if isinstance(value, ProgrammeKind):
        return value
    try:
        return ProgrammeKind(str(value))
    except ValueError:
        kinds = ", ".join(k.value for k in ProgrammeKind)
        msg = f"{argument!r} must be a programme kind ({kinds}), got {value!r}"
        raise InvalidInputError(argument, msg) from None


def _check_arguments(
    programme_kind: object,
    outcome: object,
    as_of: object,
    window: object,
    covariates: object,
    missing: object,
    ignore_kinds: object,
) -> tuple[ProgrammeKind, str, int, date, tuple[str, ...], frozenset[ProgrammeKind]]:
    kind = _check_kind(programme_kind, "programme_kind")
    match = _OUTCOME.fullmatch(outcome) if isinstance(outcome, str) else None
    if match is None:
        msg = (
            "'outcome' must be employed_qN or earnings_qN with N from 1 to 8 (the N-th quarter "
            f"after the exit quarter), got {outcome!r}"
        )
        raise InvalidInputError("outcome", msg)
    if type(as_of) is not date:
        raise InvalidInputError("as_of", f"'as_of' must be a date, got {as_of!r}")
    if window is not None and not (
        isinstance(window, tuple | list)
        and len(window) == 2
        and all(type(d) is date for d in window)
        and window[0] <= window[1]
    ):
        msg = (
            f"'window' must be None or a pair of dates (first, last), first <= last, got {window!r}"
        )
        raise InvalidInputError("window", msg)
    if isinstance(covariates, str) or not isinstance(covariates, Sequence) or not covariates:
        msg = f"'covariates' must be a non-empty list of covariate groups, got {covariates!r}"
        raise InvalidInputError("covariates", msg)
    unknown = [c for c in covariates if c not in COVARIATE_GROUPS]
    if unknown:
        msg = (
            f"'covariates': unknown group(s) {', '.join(map(repr, unknown))}; choose from "
            f"{', '.join(COVARIATE_GROUPS)}"
        )
        raise InvalidInputError("covariates", msg)
    if len(set(covariates)) != len(covariates):
        raise InvalidInputError("covariates", f"'covariates' repeats a group: {covariates!r}")
    if missing not in _MISSING:
        msg = f"'missing' must be 'indicator' or 'complete', got {missing!r}"
        raise InvalidInputError("missing", msg)
    if isinstance(ignore_kinds, str) or not isinstance(ignore_kinds, Collection):
        msg = f"'ignore_kinds' must be a collection of programme kinds, got {ignore_kinds!r}"
        raise InvalidInputError("ignore_kinds", msg)
    ignored = frozenset(_check_kind(k, "ignore_kinds") for k in ignore_kinds)
    if kind in ignored:
        msg = f"'ignore_kinds' includes the treatment's programme kind {kind.value!r}"
        raise InvalidInputError("ignore_kinds", msg)
    return kind, match.group(1), int(match.group(2)), as_of, tuple(covariates), ignored


def build_frame(
    caseload: object,
    *,
    programme_kind: object,
    outcome: object,
    as_of: object,
    window: object,
    covariates: object,
    missing: object,
    ignore_kinds: object,
) -> TrainingFrame:
    """See :func:`veteran_services.evaluation.training_frame`."""
    if not isinstance(caseload, Caseload):
        msg = f"'caseload' must be a Caseload, got {type(caseload).__name__}"
        raise InvalidInputError("caseload", msg)
    kind, what, nth, cutoff, groups, ignored = _check_arguments(
        programme_kind, outcome, as_of, window, covariates, missing, ignore_kinds
    )
    span = None if window is None else (window[0], window[1])  # type: ignore[index]
    outcome_name = f"{what}_q{nth}"
    counted = frozenset(ProgrammeKind) - ignored
    excluded: Counter[str] = Counter()
    kinds = {p.id: p.kind for p in caseload.programmes}

    def observe(veteran: Veteran, exit_on: date) -> tuple[float | None, str]:
        if exclusion_after_exit(veteran, exit_on) is not None:
            return None, "a WIOA exclusion from exit to Q4 after exit"
        index = quarter_index(exit_on) + nth
        if _bounds(index)[1] > cutoff:
            return None, f"outcome quarter (Q{nth} after exit) not complete on {cutoff}"
        if what == "employed":
            return (1.0 if employed_in(caseload, veteran.id, index) else 0.0), ""
        return earnings_in(caseload, veteran.id, index)

    # treated: the last exit (spell of participation) holds a completed enrolment of the kind
    treated: list[tuple[Veteran, date]] = []
    registered: dict[str, date] = {}
    for exit_ in exits(
        caseload, between=span, as_of=cutoff, programme_kinds=counted, counting="last_exit"
    ):
        members = [caseload.enrolment(e) for e in exit_.enrolment_ids]
        if not any(
            kinds.get(e.programme_id) is kind and e.outcome is EnrolmentOutcome.COMPLETED
            for e in members
        ):
            continue
        try:
            veteran = caseload.veteran(exit_.veteran_id)
        except LookupError:
            excluded["treated: no veteran record"] += 1
            continue
        if veteran.registered_on is None:
            excluded["treated: no registration date (covariates are measured then)"] += 1
            continue
        treated.append((veteran, exit_.exited_on))
        registered[veteran.id] = veteran.registered_on
    if not treated:
        msg = (
            f"'programme_kind': no veteran completed a {kind.value} programme and exited "
            f"{'in the window' if span else ''} by {cutoff}"
        )
        raise InvalidInputError("programme_kind", msg)
    days = int(statistics.median((e - registered[v.id]).days for v, e in treated))
    units: list[tuple[Veteran, int, date]] = [(v, 1, e) for v, e in treated]
    treated_ids = {v.id for v, _ in treated}
    for veteran in caseload.veterans:
        if veteran.registered_on is None or veteran.id in treated_ids:
            continue
        as_if = veteran.registered_on + timedelta(days=days)
        if as_if > cutoff or (span is not None and not span[0] <= as_if <= span[1]):
            continue
        if any(
            e.enrolled_on <= as_if and kinds.get(e.programme_id) not in ignored
            for e in caseload.enrolments_of(veteran.id)
        ):
            continue
        units.append((veteran, 0, as_if))
        registered[veteran.id] = veteran.registered_on
    rows: list[dict[str, Any]] = []
    for veteran, t, exit_on in units:
        value, reason = observe(veteran, exit_on)
        group = "treated" if t else "comparison"
        if value is None:
            excluded[f"{group}: {reason}"] += 1
            continue
        row = {"veteran_id": veteran.id, "treated": t, "exit_on": exit_on.isoformat()}
        row[outcome_name] = value
        row.update(_covariates(caseload, veteran, registered[veteran.id], groups))
        rows.append(row)
    return _finish_frame(
        rows,
        kind=kind,
        outcome=outcome_name,
        groups=groups,
        as_of=cutoff,
        window=span,
        ignored=ignored,
        days=days,
        missing=str(missing),
        excluded=excluded,
    )


def _finish_frame(
    rows: list[dict[str, Any]],
    *,
    kind: ProgrammeKind,
    outcome: str,
    groups: tuple[str, ...],
    as_of: date,
    window: tuple[date, date] | None,
    ignored: frozenset[ProgrammeKind],
    days: int,
    missing: str,
    excluded: Counter[str],
) -> TrainingFrame:
    notes: list[str] = []
    # districts become indicators (base: the most common district)
    if "district" in groups:
        districts = Counter(r["district"] for r in rows)
        base = min(districts, key=lambda d: (-districts[d], d)) if districts else None
        others = sorted(d for d in districts if d != base)
        for row in rows:
            code = row.pop("district")
            for d in others:
                row[f"district_{d}"] = 1.0 if code == d else 0.0
        if base is not None:
            notes.append(f"district {base} is the base of the district indicators")
    columns = (
        [c for c in rows[0] if c not in ("veteran_id", "treated", "exit_on", outcome)]
        if rows
        else []
    )
    counts = [(c, sum(r[c] is None for r in rows)) for c in columns]
    missing_counts = tuple((c, n) for c, n in counts if n)
    if missing == "complete":
        before = len(rows)
        kept = [r for r in rows if all(r[c] is not None for c in columns)]
        if before - len(kept):
            excluded["complete cases: a covariate unknown"] += before - len(kept)
        rows = kept
    else:
        for column, count in missing_counts:
            known = [r[column] for r in rows if r[column] is not None]
            fill = statistics.fmean(known) if known else 0.0
            for row in rows:
                row[f"{column}_missing"] = 1.0 if row[column] is None else 0.0
                if row[column] is None:
                    row[column] = fill
            notes.append(
                f"{column} unknown for {count} unit(s): set to the mean of the others "
                f"({fill:.4g}) with the indicator {column}_missing"
            )
            columns.insert(columns.index(column) + 1, f"{column}_missing")
    model: list[str] = []
    for column in columns:
        values = {r[column] for r in rows}
        if len(values) <= 1:
            notes.append(
                f"{column} left out of the models: the same for every unit "
                f"({next(iter(values)) if values else 'no units'})"
            )
            continue
        model.append(column)
    data: dict[str, tuple[Any, ...]] = {
        name: tuple(r[name] for r in rows)
        for name in ("veteran_id", "treated", "exit_on", outcome, *columns)
    }
    n_treated = sum(r["treated"] for r in rows)
    return TrainingFrame(
        data=data,
        programme_kind=kind.value,
        outcome=outcome,
        covariates=tuple(model),
        as_of=as_of,
        window=window,
        ignore_kinds=tuple(sorted(k.value for k in ignored)),
        time_to_exit_days=days,
        n_treated=n_treated,
        n_comparison=len(rows) - n_treated,
        missing=missing,
        missing_counts=missing_counts,
        excluded=tuple(sorted(excluded.items())),
        notes=tuple(notes),
    )


def naive_difference(frame: TrainingFrame, confidence: float) -> NaiveDifference:
    """Treated mean minus comparison mean, with a Welch standard error."""
    ys = frame.data[frame.outcome]
    ts = frame.data["treated"]
    one = [y for y, t in zip(ys, ts, strict=True) if t]
    zero = [y for y, t in zip(ys, ts, strict=True) if not t]
    if len(one) < 2 or len(zero) < 2:
        msg = f"'programme_kind': {len(one)} treated and {len(zero)} comparison units; need 2 each"
        raise InvalidInputError("programme_kind", msg)
    m1, m0 = statistics.fmean(one), statistics.fmean(zero)
    se = math.sqrt(statistics.variance(one) / len(one) + statistics.variance(zero) / len(zero))
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    value = m1 - m0
    return NaiveDifference(value, se, value - z * se, value + z * se, m1, m0)
