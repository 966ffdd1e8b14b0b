"""Event-study DiD (Callaway & Sant'Anna 2021) on simulated staggered starts."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from veteran_services.errors import InvalidInputError
from veteran_services.evaluation import event_study


def _effect(e: float) -> float:
    """The planted dynamic effect: 0 before the start, 1 + 0.5 e from it on."""
    return 0.0 if e < 0 else 1.0 + 0.5 * e


def _panel(seed: int, units: int = 900, periods: int = 10) -> dict[str, list[Any]]:
    """Cohorts first treated in periods 4, 6 and 8, and never-treated units; unit and period
    effects, and cohort-specific trends absent (parallel trends hold)."""
    rng = np.random.default_rng(seed)
    cohort = rng.choice([4, 6, 8, 0], size=units, p=[0.2, 0.2, 0.2, 0.4])
    alpha = rng.normal(0, 1, units) + 0.5 * (cohort == 4)  # levels differ by cohort
    lam = rng.normal(0, 1, periods + 1)
    rows: dict[str, list[Any]] = {"id": [], "quarter": [], "start": [], "earnings": []}
    for i in range(units):
        for t in range(1, periods + 1):
            effect = _effect(t - cohort[i]) if cohort[i] else 0.0
            rows["id"].append(f"v{i}")
            rows["quarter"].append(t)
            rows["start"].append(int(cohort[i]) or None)
            rows["earnings"].append(alpha[i] + lam[t] + effect + rng.normal(0, 1))
    return rows


@pytest.mark.parametrize("control", ["never", "not_yet"])
def test_recovers_the_planted_dynamic_effect(control: str) -> None:
    result = event_study(
        _panel(1),
        unit="id",
        period="quarter",
        first_treated="start",
        outcome="earnings",
        control=control,
    )
    misses = 0
    for row in result.dynamic:
        truth = _effect(row.event_time)
        misses += not (row.lower <= truth <= row.upper)
        assert abs(row.value - truth) < 4 * row.standard_error
    assert misses <= 3  # of 13 pointwise 95 % intervals (correlated: they share controls)
    pre = [row for row in result.dynamic if row.event_time < 0]
    assert pre
    assert -1.0 not in [row.event_time for row in result.dynamic]  # the base period


def test_group_time_effect_is_the_two_by_two_did() -> None:
    data = _panel(2, units=300)
    result = event_study(
        data, unit="id", period="quarter", first_treated="start", outcome="earnings"
    )
    cell = next(c for c in result.group_time if (c.group, c.period) == (6.0, 8.0))
    y = np.array(data["earnings"]).reshape(300, 10)
    start = np.array(data["start"], dtype=float).reshape(300, 10)[:, 0]
    treated, never = start == 6, np.isnan(start)
    dy = y[:, 7] - y[:, 4]
    expected = dy[treated].mean() - dy[never].mean()
    assert cell.value == pytest.approx(expected, abs=1e-12)
    se = np.sqrt(dy[treated].var() / treated.sum() + dy[never].var() / never.sum())
    assert cell.standard_error == pytest.approx(se, abs=1e-12)
    assert cell.event_time == 2.0


def test_errors() -> None:
    data = _panel(3, units=60)
    options = {"unit": "id", "period": "quarter", "first_treated": "start", "outcome": "earnings"}
    with pytest.raises(InvalidInputError, match="'control'") as info:
        event_study(data, **options, control="twfe")
    assert info.value.argument == "control"
    short = {k: v[:-1] for k, v in data.items()}
    with pytest.raises(InvalidInputError, match="balanced panel"):
        event_study(short, **options)
    never = dict(data, start=[None] * len(data["start"]))
    with pytest.raises(InvalidInputError, match="ever treated"):
        event_study(never, **options)
    all_treated = dict(data, start=[5] * len(data["start"]))
    with pytest.raises(InvalidInputError, match="not_yet"):
        event_study(all_treated, **options)


def test_group_time_effect_equals_statsmodels_ols_with_hc0() -> None:
    from statsmodels.regression.linear_model import OLS

    data = _panel(4, units=300)
    result = event_study(
        data,
        unit="id",
        period="quarter",
        first_treated="start",
        outcome="earnings",
        control="not_yet",
    )
    y = np.array(data["earnings"]).reshape(300, 10)
    start = np.array(data["start"], dtype=float).reshape(300, 10)[:, 0]
    start = np.where(np.isnan(start), np.inf, start)
    for cell in result.group_time:
        g, t = cell.group, cell.period
        control = (start > max(t, g - 1)) & (start != g)
        rows = (start == g) | control
        dy = (y[:, int(t) - 1] - y[:, int(g) - 2])[rows]
        design = np.column_stack([np.ones(rows.sum()), (start == g)[rows].astype(float)])
        fit = OLS(dy, design).fit(cov_type="HC0")
        assert cell.value == pytest.approx(fit.params[1], abs=1e-10)
        assert cell.standard_error == pytest.approx(fit.bse[1], abs=1e-10)
