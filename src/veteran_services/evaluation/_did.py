"""Event-study difference-in-differences for staggered starts (Callaway & Sant'Anna 2021).

Unconditional group-time average treatment effects on the treated, ATT(g, t), each a 2x2
comparison of the cohort first treated in period g with a clean comparison group (never
treated, or not yet treated), with the universal base period g - 1; aggregated to event time
with cohort-size weights. Influence-function standard errors, including the estimated
weights. Needs numpy (the ``evaluation`` extra).
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from veteran_services.errors import InvalidInputError
from veteran_services.evaluation._data import numeric_column, read_column
from veteran_services.evaluation._results import EventStudy, EventTimeEffect, GroupTimeEffect

__all__ = ["event_study"]

Array = NDArray[np.float64]
CONTROLS = ("never", "not_yet")


def _panel(
    data: object, unit: str, period: str, first_treated: str, outcome: str
) -> tuple[list[object], Array, Array, Array]:
    units = read_column(data, unit, "unit")
    periods = numeric_column(read_column(data, period, "period"), period, "period")
    groups = numeric_column(
        read_column(data, first_treated, "first_treated"), first_treated, "first_treated"
    )
    ys = numeric_column(read_column(data, outcome, "outcome"), outcome, "outcome")
    for name, values, argument in ((period, periods, "period"), (outcome, ys, "outcome")):
        count = sum(v is None for v in values)
        if count:
            msg = f"{argument!r}: column {name!r} has {count} missing values of {len(values)}"
            raise InvalidInputError(argument, msg)
    if any(u is None for u in units):
        raise InvalidInputError("unit", f"'unit': column {unit!r} has missing values")
    index = {u: k for k, u in enumerate(dict.fromkeys(units))}
    times = sorted({float(p) for p in periods if p is not None})
    if any(p is not None and p != int(p) for p in periods):
        raise InvalidInputError("period", f"'period': column {period!r} must hold whole numbers")
    col = {p: k for k, p in enumerate(times)}
    y = np.full((len(index), len(times)), np.nan)
    g = np.full(len(index), np.nan)
    for u, p, gi, yi in zip(units, periods, groups, ys, strict=True):
        i, j = index[u], col[float(p)]  # type: ignore[arg-type]
        if not math.isnan(y[i, j]):
            msg = f"'unit': unit {u!r} appears twice in period {p!r}"
            raise InvalidInputError("unit", msg)
        y[i, j] = yi
        value = math.inf if gi is None or gi == 0 else gi
        if not math.isnan(g[i]) and g[i] != value:
            msg = f"'first_treated': unit {u!r} has more than one first-treated period"
            raise InvalidInputError("first_treated", msg)
        g[i] = value
    holes = int(np.isnan(y).any(axis=1).sum())
    if holes:
        msg = (
            f"'period': {holes} units are not observed in every period; the estimator needs a "
            "balanced panel"
        )
        raise InvalidInputError("period", msg)
    return list(index), np.asarray(times), g, y


def event_study(
    data: object,
    *,
    unit: str,
    period: str,
    first_treated: str,
    outcome: str,
    control: str = "never",
    confidence: float = 0.95,
) -> EventStudy:
    """See :func:`veteran_services.evaluation.event_study`."""
    if control not in CONTROLS:
        msg = f"'control' must be one of {', '.join(CONTROLS)}, got {control!r}"
        raise InvalidInputError("control", msg)
    if isinstance(confidence, bool) or not (
        isinstance(confidence, int | float) and 0.0 < confidence < 1.0
    ):
        msg = f"'confidence' must be between 0 and 1 (exclusive), got {confidence!r}"
        raise InvalidInputError("confidence", msg)
    _, times, g, y = _panel(data, unit, period, first_treated, outcome)
    first = times[0]
    early = int((g <= first).sum())
    keep = g > first  # cohorts treated from the first period have no pre-period
    g, y = g[keep], y[keep]
    n = len(g)
    cohorts = sorted({float(v) for v in g if math.isfinite(v) and v <= times[-1]})
    if not cohorts:
        raise InvalidInputError("first_treated", "'first_treated': no unit is ever treated")
    if control == "never" and not np.isinf(g).any():
        msg = "'control': no never-treated units; use control='not_yet'"
        raise InvalidInputError("control", msg)
    col = {float(p): k for k, p in enumerate(times)}
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    cells: list[GroupTimeEffect] = []
    influence: dict[tuple[float, float], Array] = {}
    for cohort in cohorts:
        base = cohort - 1.0
        if base not in col:
            continue
        for t in times:
            if t == base:
                continue
            if control == "never":
                comparison = np.isinf(g)
            else:
                comparison = (g > max(t, base)) & (g != cohort)
            treated = g == cohort
            if comparison.sum() < 2 or treated.sum() < 2:
                continue
            dy = y[:, col[float(t)]] - y[:, col[base]]
            mu_g, mu_c = dy[treated].mean(), dy[comparison].mean()
            p_g, p_c = treated.mean(), comparison.mean()
            inf = treated * (dy - mu_g) / p_g - comparison * (dy - mu_c) / p_c
            value = float(mu_g - mu_c)
            se = float(math.sqrt((inf**2).sum()) / n)
            influence[(cohort, float(t))] = inf
            cells.append(
                GroupTimeEffect(
                    group=cohort,
                    period=float(t),
                    event_time=float(t - cohort),
                    value=value,
                    standard_error=se,
                    lower=value - z * se,
                    upper=value + z * se,
                    n_group=int(treated.sum()),
                    n_control=int(comparison.sum()),
                )
            )
    dynamic = []
    for e in sorted({c.event_time for c in cells}):
        members = [c for c in cells if c.event_time == e]
        sizes = np.array([(g == c.group).mean() for c in members])
        w = sizes / sizes.sum()
        att = np.array([c.value for c in members])
        value = float(w @ att)
        inf_p = np.stack([(g == c.group) - s for c, s in zip(members, sizes, strict=True)])
        inf_w = (inf_p - w[:, None] * inf_p.sum(axis=0)) / sizes.sum()
        inf = (
            sum(
                (wk * influence[(c.group, c.period)] for wk, c in zip(w, members, strict=True)),
                np.zeros(n),
            )
            + att @ inf_w
        )
        se = float(math.sqrt((inf**2).sum()) / n)
        dynamic.append(
            EventTimeEffect(
                event_time=e,
                value=value,
                standard_error=se,
                lower=value - z * se,
                upper=value + z * se,
                groups=tuple(c.group for c in members),
            )
        )
    return EventStudy(
        control=control,
        confidence=float(confidence),
        group_time=tuple(cells),
        dynamic=tuple(dynamic),
        n_units=n,
        excluded_units=early,
    )
