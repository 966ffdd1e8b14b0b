"""Case-mix-adjusted league table (issue 19): planted case mix is recovered, a planted real
difference is still flagged, and the model is statsmodels' GLM fit to 1e-8.

The planted caseload is built deterministically: every cell (provider × age × sex) gets
exactly round(n · p) employed exiters for its true probability p, so the raw rates differ only
through the intakes and the one planted effect, never through sampling luck.
"""

from __future__ import annotations

import importlib
import math
from datetime import date
from types import SimpleNamespace
from typing import Any

import attrs
import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats as scipy_stats

from veteran_services import Caseload, Sex
from veteran_services.errors import InvalidInputError, MissingExtraError
from veteran_services.metrics import (
    adjusted_league_table,
    employment_rate_after_exit,
    league_table,
    median_earnings_after_exit,
)
from veteran_services.stats import ratio_funnel_limits

YEAR = (date(2017, 1, 1), date(2017, 12, 31))
YOUNG, OLD = date(1995, 1, 1), date(1957, 1, 1)  # under 25 and 55 and over at exit in 2017
# the true model: logit p = -0.7 + 1.9 young + 0.3 male, plus the provider's own effect
EFFECT = {"TPA": 0.0, "TPB": 0.0, "TPD": 0.0, "TPE": 0.0, "TPC": -1.0}
YOUNG_SHARE = {"TPA": 0.85, "TPB": 0.15, "TPD": 0.5, "TPE": 0.5, "TPC": 0.5}
SIZE = 400
REGION = {"TPA": "320102", "TPB": "320104", "TPC": "320105", "TPD": "320106", "TPE": "320111"}


def _expit(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


def build(b: SimpleNamespace, *, unknown_age: int = 0, small: int = 0) -> Caseload:
    """Five providers of 400 exiters: TPA young (85 %), TPB old (85 %), TPD and TPE half and
    half, all with no effect of their own; TPC half and half with a real effect (-1 on the
    log-odds). *unknown_age* veterans of TPD lose their birth date; *small* adds a provider
    "TPS" of that many young exiters (half employed)."""
    veterans, enrolments, earnings, programmes = [], [], [], []

    def add(provider_id: str, vid: str, born: date, sex: Sex, employed: bool) -> None:
        veterans.append(b.veteran(vid, born=born, sex=sex, region=REGION.get(provider_id, "1")))
        enrolments.append(
            b.enrolment(
                "E" + vid, vid, date(2017, 1, 2), date(2017, 6, 1), programme_id="PG" + provider_id
            )
        )
        if employed:
            earnings.append(b.earnings(vid, "2017Q4", "5000"))

    for provider_id, effect in EFFECT.items():
        programmes.append(b.programme("PG" + provider_id, provider_id=provider_id))
        count = 0
        for born, share in ((YOUNG, YOUNG_SHARE[provider_id]), (OLD, 1 - YOUNG_SHARE[provider_id])):
            for sex, sex_share in ((Sex.MALE, 0.7), (Sex.FEMALE, 0.3)):
                n = round(SIZE * share * sex_share)
                logit = -0.7 + 1.9 * (born == YOUNG) + 0.3 * (sex is Sex.MALE) + effect
                employed = round(n * _expit(logit))
                for i in range(n):
                    add(provider_id, f"{provider_id}-{count:03d}", born, sex, i < employed)
                    count += 1
    if small:
        programmes.append(b.programme("PGTPS", provider_id="TPS"))
        for i in range(small):
            add("TPS", f"TPS-{i:03d}", YOUNG, Sex.MALE, i % 2 == 0)
    for index in range(unknown_age):
        position = next(i for i, v in enumerate(veterans) if v.id == f"TPD-{index:03d}")
        veterans[position] = attrs.evolve(veterans[position], birth_date=None)
    providers = [b.provider(p) for p in [*EFFECT, *(["TPS"] if small else [])]]
    return b.caseload(
        veterans=veterans,
        providers=providers,
        programmes=programmes,
        enrolments=enrolments,
        earnings=earnings,
    )


@pytest.fixture(scope="module")
def planted(b: SimpleNamespace) -> Caseload:
    return build(b)


@pytest.fixture(scope="module")
def table(planted: Caseload) -> Any:
    return adjusted_league_table(
        employment_rate_after_exit,
        planted,
        exits_between=YEAR,
        adjust_for=("age_band", "sex"),
        replicates=200,
    )


def test_the_raw_rates_differ_because_of_the_intakes(planted: Caseload) -> None:
    raw = league_table(employment_rate_after_exit, planted, exits_between=YEAR, replicates=0)
    rows = {row.group: row for row in raw.rows}
    assert rows["TPA"].flag == "above"
    assert rows["TPB"].flag == "below"
    assert (rows["TPA"].value or 0.0) - (rows["TPB"].value or 0.0) > 0.25


def test_the_table_carries_the_raw_flags_too(table: Any) -> None:
    assert table.row("TPA").raw_flag == "above"
    assert table.row("TPB").raw_flag == "below"
    assert table.row("TPC").raw_flag == "below"


def test_the_same_true_effect_is_not_flagged_after_adjustment(table: Any) -> None:
    a, b_ = table.row("TPA"), table.row("TPB")
    assert a.raw_rate - b_.raw_rate > 0.25
    # each adjusted interval holds the other's ratio; neither is flagged
    assert a.low <= b_.ratio <= a.high
    assert b_.low <= a.ratio <= b_.high
    assert abs(a.ratio - b_.ratio) < 0.05
    for group in ("TPA", "TPB", "TPD", "TPE"):
        assert table.row(group).flag == "within"


def test_the_planted_real_difference_is_still_flagged(table: Any) -> None:
    c = table.row("TPC")
    assert c.flag == "below"
    assert c.high < 1.0
    assert c.adjusted_rate == pytest.approx(c.ratio * table.overall_rate, rel=1e-12)
    assert table.rows[-1].group == "TPC"
    assert c.rank == 5.0


def test_diagnostics(table: Any) -> None:
    diagnostics = table.diagnostics
    assert diagnostics.n == 5 * SIZE
    assert diagnostics.c_statistic > 0.6
    assert sum(row[1] for row in diagnostics.calibration) == 5 * SIZE
    assert len(diagnostics.calibration) == 10
    assert diagnostics.excluded == ()
    assert diagnostics.dropped == ()
    assert diagnostics.notes == ()
    assert table.adjust_for == ("age_band", "sex")


def test_coefficients_equal_a_direct_statsmodels_fit(planted: Caseload, table: Any) -> None:
    assert table.diagnostics.columns == ("const", "age_band[under 25]", "sex[male]")
    estimate = employment_rate_after_exit(planted, exits_between=YEAR)
    x, y, units = [], [], []
    for observation in estimate.observations:
        veteran = planted.veteran(observation.veteran_id or "")
        x.append([1.0, float(veteran.birth_date == YOUNG), float(veteran.sex is Sex.MALE)])
        y.append(float(bool(observation.value)))
        units.append(observation.unit_id[:3])
    direct = sm.GLM(np.array(y), np.array(x), family=sm.families.Binomial()).fit()
    for name, value, se in zip(table.diagnostics.columns, direct.params, direct.bse, strict=True):
        assert table.diagnostics.coefficients[name] == pytest.approx(float(value), abs=1e-8)
        assert table.diagnostics.standard_errors[name] == pytest.approx(float(se), abs=1e-8)
    for group in EFFECT:
        mine = [p for p, u in zip(direct.fittedvalues, units, strict=True) if u == group]
        assert table.row(group).expected == pytest.approx(math.fsum(mine), rel=1e-10)


def test_coefficients_equal_the_grouped_binomial_fit(planted: Caseload, table: Any) -> None:
    """The same model on the 4 cells as successes/failures (a different data layout)."""
    estimate = employment_rate_after_exit(planted, exits_between=YEAR)
    cells: dict[tuple[bool, bool], list[int]] = {}
    for observation in estimate.observations:
        veteran = planted.veteran(observation.veteran_id or "")
        key = (veteran.birth_date == YOUNG, veteran.sex is Sex.MALE)
        counts = cells.setdefault(key, [0, 0])
        counts[0 if observation.value else 1] += 1
    x = np.array([[1.0, float(young), float(male)] for young, male in cells])
    y = np.array(list(cells.values()), dtype=float)
    grouped = sm.GLM(y, x, family=sm.families.Binomial()).fit()
    for name, value in zip(table.diagnostics.columns, grouped.params, strict=True):
        assert table.diagnostics.coefficients[name] == pytest.approx(float(value), abs=1e-8)


def test_expected_counts_add_up_to_the_observed_total(table: Any) -> None:
    observed = sum(row.observed for row in table.rows)
    expected = math.fsum(row.expected for row in table.rows)
    assert expected == pytest.approx(observed, rel=1e-8)


def test_c_statistic_equals_the_pairwise_count(planted: Caseload, table: Any) -> None:
    estimate = employment_rate_after_exit(planted, exits_between=YEAR)
    coefficients = table.diagnostics.coefficients
    scores = []
    for observation in estimate.observations:
        veteran = planted.veteran(observation.veteran_id or "")
        z = coefficients["const"] + coefficients["age_band[under 25]"] * (
            veteran.birth_date == YOUNG
        )
        z += coefficients["sex[male]"] * (veteran.sex is Sex.MALE)
        scores.append((z, bool(observation.value)))
    positives = [s for s, v in scores if v]
    negatives = [s for s, v in scores if not v]
    # weight each distinct pair of scores by how often it occurs
    wins = 0.0
    for p in set(positives):
        for n in set(negatives):
            weight = positives.count(p) * negatives.count(n)
            wins += weight * (1.0 if p > n else 0.5 if p == n else 0.0)
    assert table.diagnostics.c_statistic == pytest.approx(
        wins / (len(positives) * len(negatives)), abs=1e-12
    )


def test_ratio_interval_and_limits(table: Any) -> None:
    for row in table.rows:
        low = scipy_stats.gamma.ppf(0.025, row.observed) / row.expected
        high = scipy_stats.gamma.ppf(0.975, row.observed + 1) / row.expected
        assert row.low == pytest.approx(low, rel=1e-12)
        assert row.high == pytest.approx(high, rel=1e-12)
        assert row.limits == ratio_funnel_limits(row.expected, scale="sqrt")


def test_rank_intervals_are_seeded(planted: Caseload, table: Any) -> None:
    again = adjusted_league_table(
        employment_rate_after_exit,
        planted,
        exits_between=YEAR,
        adjust_for=("age_band", "sex"),
        replicates=200,
    )
    assert [r.rank_interval for r in again.rows] == [r.rank_interval for r in table.rows]
    assert table.row("TPC").rank_interval == (5.0, 5.0)


def test_to_rows(table: Any) -> None:
    rows = table.to_rows()
    assert [r["group"] for r in rows] == [r.group for r in table.rows]
    assert rows[-1]["flag"] == "below"
    assert "limit_0.998_low" in rows[0]


def test_by_district_gives_the_same_table(planted: Caseload, table: Any) -> None:
    by_region = adjusted_league_table(
        employment_rate_after_exit,
        planted,
        by="region",
        exits_between=YEAR,
        adjust_for=("age_band", "sex"),
        replicates=0,
    )
    names = {region: provider for provider, region in REGION.items()}
    for row in by_region.rows:
        assert row.ratio == pytest.approx(table.row(names[row.group]).ratio, rel=1e-12)


def test_overdispersion_widens_the_limits(planted: Caseload, table: Any) -> None:
    wide = adjusted_league_table(
        employment_rate_after_exit,
        planted,
        exits_between=YEAR,
        adjust_for=("age_band", "sex"),
        overdispersion=True,
        replicates=0,
    )
    assert wide.tau2 > 0.0
    assert wide.row("TPA").limits[1].high > table.row("TPA").limits[1].high


def test_unknown_characteristics_are_excluded_with_the_reason(b: SimpleNamespace) -> None:
    caseload = build(b, unknown_age=3)
    table = adjusted_league_table(
        employment_rate_after_exit, caseload, exits_between=YEAR, adjust_for=("age_band", "sex")
    )
    assert table.diagnostics.excluded == tuple(
        (f"TPD-{i:03d}", "age_band: age unknown") for i in range(3)
    )
    assert table.row("TPD").n == SIZE - 3


def test_a_small_unit_is_listed_not_ranked(b: SimpleNamespace) -> None:
    caseload = build(b, small=6)
    table = adjusted_league_table(
        employment_rate_after_exit, caseload, exits_between=YEAR, adjust_for=("age_band",)
    )
    small = table.row("TPS")
    assert small.rank is None
    assert small.rank_interval is None
    assert small.reason == "fewer than 10 veterans in the model (n = 6): listed, not ranked"
    assert table.rows[-1].group == "TPS"


def test_a_characteristic_with_one_level_gives_no_column(planted: Caseload) -> None:
    table = adjusted_league_table(
        employment_rate_after_exit,
        planted,
        exits_between=YEAR,
        adjust_for=("age_band", "education"),
        replicates=0,
    )
    assert table.diagnostics.dropped == (("education", "a single level"),)
    assert table.diagnostics.columns == ("const", "age_band[under 25]")


def test_a_collinear_characteristic_is_dropped(planted: Caseload) -> None:
    # every veteran's years of service are the same at the exit date: no variation
    table = adjusted_league_table(
        employment_rate_after_exit,
        planted,
        exits_between=YEAR,
        adjust_for=("age_band", "service_years", "years_since_separation"),
        replicates=0,
    )
    reasons = dict(table.diagnostics.dropped)
    assert set(reasons) <= {"service_years", "years_since_separation"}
    assert table.diagnostics.columns[:2] == ("const", "age_band[under 25]")


@pytest.mark.parametrize(
    ("settings", "argument"),
    [
        ({"adjust_for": ("shoe_size",)}, "adjust_for"),
        ({"adjust_for": ()}, "adjust_for"),
        ({"adjust_for": ("sex", "sex")}, "adjust_for"),
        ({"flag_level": 0.9}, "flag_level"),
        ({"replicates": -1}, "replicates"),
        ({"min_n": 0}, "min_n"),
        ({"confidence": 1.0}, "confidence"),
    ],
)
def test_bad_settings_are_refused(planted: Caseload, settings: Any, argument: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        adjusted_league_table(employment_rate_after_exit, planted, exits_between=YEAR, **settings)
    assert caught.value.argument == argument


def test_a_figure_that_is_not_a_rate_is_refused(planted: Caseload) -> None:
    with pytest.raises(InvalidInputError) as caught:
        adjusted_league_table(median_earnings_after_exit, planted, exits_between=YEAR)
    assert caught.value.argument == "indicator"


def test_one_unit_is_refused(planted: Caseload) -> None:
    with pytest.raises(InvalidInputError) as caught:
        adjusted_league_table(
            employment_rate_after_exit, planted, by=lambda o: "all", exits_between=YEAR
        )
    assert caught.value.argument == "by"


def test_without_the_extra_the_error_names_it(
    planted: Caseload, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.import_module

    def refuse(name: str, package: str | None = None) -> Any:
        if name.startswith("statsmodels"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", refuse)
    with pytest.raises(MissingExtraError, match=r"'fair' extra"):
        adjusted_league_table(employment_rate_after_exit, planted, exits_between=YEAR)
