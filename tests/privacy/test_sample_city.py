"""A pseudonymised sample city: still valid, and every metric exactly as before.

The metrics of the pseudonymised city are compared with the original's after translating every
original id in the original's results into its pseudonym: values, numerators, denominators,
intervals, exclusions and the unit-level observations behind every figure must be equal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta

from veteran_services import Caseload, metrics, synthetic
from veteran_services.privacy import PREFIXES, pseudonym, pseudonymise

KEY = bytes.fromhex("c1869b8e41e4ecb189494f725c926fe654219ebb74b44860e6a218cf0153017f")
VETERANS = 300
AS_OF = synthetic.DEFAULT_AS_OF


@pytest.fixture(scope="module")
def city() -> Caseload:
    return synthetic.generate(veterans=VETERANS, seed=synthetic.SAMPLE_SEED)


@pytest.fixture(scope="module")
def ids(city: Caseload) -> dict[str, str]:
    """Original id → pseudonym, over every record kind with ids."""
    mapping: dict[str, str] = {}
    for kind in PREFIXES:
        for record in city.records(kind):
            assert mapping.setdefault(record.id, pseudonym(kind, record.id, key=KEY)) == (
                pseudonym(kind, record.id, key=KEY)
            ), f"{record.id!r} is an id of two kinds"
    return mapping


@pytest.fixture(scope="module")
def exact(city: Caseload) -> Caseload:
    """Pseudonymised with exact birth dates (for metrics by age)."""
    return pseudonymise(city, key=KEY, coarsen_birth_dates=False)


@pytest.fixture(scope="module")
def shared(city: Caseload) -> Caseload:
    """Pseudonymised with the defaults."""
    return pseudonymise(city, key=KEY)


_TOKEN = re.compile(r"[A-Z]{1,2}[0-9]{2,10}")


def translate(value: Any, ids: dict[str, str]) -> Any:
    """*value* with every original id (whole strings and tokens inside text) replaced."""
    if isinstance(value, str):
        if value in ids:
            return ids[value]
        return _TOKEN.sub(lambda m: ids.get(m.group(), m.group()), value)
    if attrs.has(type(value)):
        changes = {
            a.name: translate(getattr(value, a.name), ids)
            for a in attrs.fields(type(value))
            if a.init
        }
        return attrs.evolve(value, **{k.lstrip("_"): v for k, v in changes.items()})
    if isinstance(value, dict):
        return {translate(k, ids): translate(v, ids) for k, v in value.items()}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return type(value)(*(translate(v, ids) for v in value))
    if isinstance(value, tuple | list):
        return type(value)(translate(v, ids) for v in value)
    return value


def test_the_pseudonymised_city_passes_check(city: Caseload, shared: Caseload) -> None:
    before, after = city.check(), shared.check()
    assert [p for p in after if p.severity == "error"] == []
    assert [(p.code, p.kind) for p in after] == [(p.code, p.kind) for p in before]
    assert shared.counts() == city.counts()


PERIOD = (date(2015, 1, 1), AS_OF)

#: Every indicator of the metrics package, with the arguments it needs.
INDICATORS: dict[str, Callable[[Caseload], Any]] = {
    "employment_rate_after_exit q2": lambda c: metrics.employment_rate_after_exit(c, quarter=2),
    "employment_rate_after_exit q4": lambda c: metrics.employment_rate_after_exit(c, quarter=4),
    "employment_rate_after_exit contacts": lambda c: metrics.employment_rate_after_exit(
        c, rule="contacts"
    ),
    "median_earnings_after_exit": metrics.median_earnings_after_exit,
    "retention_with_same_employer": metrics.retention_with_same_employer,
    "credential_attainment_rate": metrics.credential_attainment_rate,
    "skill_gain_rate": lambda c: metrics.skill_gain_rate(c, period=PERIOD),
    "placement_rate": metrics.placement_rate,
    "placement_rate 6 months with ventures": lambda c: metrics.placement_rate(
        c, within=relativedelta(months=6), include_ventures=True
    ),
    "time_to_placement": metrics.time_to_placement,
    "six_month_outcomes": metrics.six_month_outcomes,
    "venture_survival_rate 12": metrics.venture_survival_rate,
    "venture_survival_rate 24": lambda c: metrics.venture_survival_rate(c, months=24),
    "jobs_created": metrics.jobs_created,
    "response_rates_by_wave": metrics.response_rates_by_wave,
    "weighted_satisfaction": metrics.weighted_satisfaction,
    "panel_retention": metrics.panel_retention,
    "follow_ups_due": lambda c: metrics.follow_ups_due(c, as_of=AS_OF),
    "mean_quality": lambda c: metrics.mean_quality(c, as_of=AS_OF),
}


def _canonical(result: Any) -> Any:
    """Items listed by date come with ties in id order: order them fully, ids included."""
    if isinstance(result, metrics.Worklist):
        items = sorted(result.items, key=lambda i: (i.due_on, i.placement_id, i.wave_months))
        return attrs.evolve(result, items=tuple(items))
    return result


@pytest.mark.parametrize("name", sorted(INDICATORS))
def test_every_indicator_is_unchanged(
    name: str, city: Caseload, shared: Caseload, ids: dict[str, str]
) -> None:
    indicator = INDICATORS[name]
    assert _canonical(translate(indicator(city), ids)) == _canonical(indicator(shared))


def _rows(table: Any) -> dict[str, Any]:
    return {row.group: row for row in table.rows}


@pytest.mark.parametrize("by", ["region", "provider", "programme_kind", "sex", "resettlement"])
def test_breakdowns_are_unchanged(
    by: str, city: Caseload, shared: Caseload, ids: dict[str, str]
) -> None:
    before = metrics.breakdown(metrics.placement_rate, city, by=by)  # type: ignore[arg-type]
    after = metrics.breakdown(metrics.placement_rate, shared, by=by)  # type: ignore[arg-type]
    assert _rows(translate(before, ids)) == _rows(after)
    assert translate(before.total, ids) == after.total


def test_breakdowns_by_age_band_need_exact_birth_dates(
    city: Caseload, exact: Caseload, ids: dict[str, str]
) -> None:
    before = metrics.breakdown(metrics.placement_rate, city, by="age_band")
    after = metrics.breakdown(metrics.placement_rate, exact, by="age_band")
    assert translate(before, ids) == after


def test_league_tables_are_unchanged(city: Caseload, shared: Caseload, ids: dict[str, str]) -> None:
    before = metrics.league_table(metrics.placement_rate, city, replicates=200)
    after = metrics.league_table(metrics.placement_rate, shared, replicates=200)
    assert translate(before.overall, ids) == after.overall
    old, new = _rows(translate(before, ids)), _rows(after)
    assert old.keys() == new.keys()
    for group, row in old.items():
        other = new[group]
        # Not rank_interval: the seeded bootstrap draws the groups in label order, so
        # relabelled groups get other Monte Carlo draws (reported to the metrics owner).
        fields = ("value", "n", "numerator", "interval", "limits", "flags", "flag", "rank")
        assert [getattr(row, f) for f in fields] == [getattr(other, f) for f in fields]
        assert row.estimate == other.estimate
