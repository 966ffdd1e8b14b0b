"""Venture survival (issue 26): Kaplan–Meier with Greenwood intervals, log-rank, Cox.

Must hold: the curves equal statsmodels' SurvfuncRight to 1e-10 on the sample city and
reproduce a published example; the Cox coefficients equal PHReg's to 1e-8.
"""

from __future__ import annotations

import math
from datetime import date

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats
from statsmodels.duration.hazard_regression import PHReg
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

from veteran_services import synthetic
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import venture_survival_rate
from veteran_services.metrics.survival import (
    chi_square_sf,
    kaplan_meier,
    log_rank,
    venture_cox,
    venture_durations,
    venture_survival,
)
from veteran_services.model import Caseload, LegalForm, Sex, Venture, whole_months_between

# Freireich et al. (1963), Blood 21:699, remission weeks of 42 children with acute leukaemia,
# as tabulated by Kleinbaum & Klein, *Survival Analysis: A Self-Learning Text* (3rd ed. 2012),
# ch. 1-2, and by Klein & Moeschberger, *Survival Analysis* (2nd ed. 2003), Table 1.1.
MP_TIMES = [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35]
MP_EVENTS = [True] * 9 + [False] * 12
PLACEBO_TIMES = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]
PLACEBO_EVENTS = [True] * 21

#: Kleinbaum & Klein (2012), ch. 2, the 6-MP group's KM estimates at its event times; Klein &
#: Moeschberger (2003), Table 4.1A, the Greenwood standard errors.
PUBLISHED_6MP = {
    6: (0.8571, 0.0764),
    7: (0.8067, 0.0869),
    10: (0.7529, 0.0963),
    13: (0.6902, 0.1068),
    16: (0.6275, 0.1141),
    22: (0.5378, 0.1282),
    23: (0.4482, 0.1346),
}


@pytest.fixture(scope="module")
def city() -> Caseload:
    # 3,000 veterans: in a city of 2,000 a covariate group of a handful of ventures may have
    # no closure at all in one draw (the Cox model then refuses it, monotone likelihood)
    return synthetic.generate(veterans=3000, seed=synthetic.SAMPLE_SEED)


def test_the_6mp_curve_reproduces_the_published_table() -> None:
    curve = kaplan_meier(MP_TIMES, MP_EVENTS)
    got = {
        p.time: (round(p.survival, 4), round(p.std_error or 0, 4)) for p in curve.points if p.events
    }
    assert got == {float(t): v for t, v in PUBLISHED_6MP.items()}
    assert curve.median == 23.0  # Kleinbaum & Klein: median remission 23 weeks on 6-MP


def test_the_freireich_log_rank_statistic_is_the_published_16_79() -> None:
    test = log_rank({"6-MP": (MP_TIMES, MP_EVENTS), "placebo": (PLACEBO_TIMES, PLACEBO_EVENTS)})
    assert round(test.statistic, 2) == 16.79
    assert test.observed == (9, 21)
    assert test.expected[0] == pytest.approx(19.25, abs=0.005)  # Kleinbaum & Klein, ch. 2
    assert test.df == 1
    assert test.p_value < 1e-4


def test_the_freireich_cox_coefficient_is_the_published_1_509() -> None:
    """Kleinbaum & Klein (2012), ch. 3: Rx alone, coefficient 1.509 (hazard ratio 4.523)."""
    times = np.asarray(MP_TIMES + PLACEBO_TIMES, dtype=float)
    status = np.asarray(MP_EVENTS + PLACEBO_EVENTS, dtype=float)
    rx = np.asarray([[0.0]] * 21 + [[1.0]] * 21)
    fit = PHReg(times, rx, status=status, ties="breslow").fit()
    assert round(float(fit.params[0]), 3) == 1.509


def _assert_equals_statsmodels(times: list[float], events: list[bool]) -> None:
    curve = kaplan_meier(times, events)
    reference = SurvfuncRight(np.asarray(times, dtype=float), np.asarray(events, dtype=float))
    mine = [p for p in curve.points if p.events]
    assert [p.time for p in mine] == list(reference.surv_times)
    for point, prob, std in zip(mine, reference.surv_prob, reference.surv_prob_se, strict=True):
        assert point.survival == pytest.approx(float(prob), abs=1e-10)
        if point.std_error is None:
            assert float(prob) == 0.0
        else:
            assert point.std_error == pytest.approx(float(std), abs=1e-10)
    assert [p.at_risk for p in mine] == [int(n) for n in reference.n_risk]


def test_the_city_curves_equal_statsmodels_survfuncright(city: Caseload) -> None:
    durations = venture_durations(city)
    assert len(durations) == len([v for v in city.ventures if v.registered_on <= date(2026, 6, 30)])
    _assert_equals_statsmodels([float(d.months) for d in durations], [d.closed for d in durations])
    by_district: dict[str, list[tuple[float, bool]]] = {}
    for d in durations:
        by_district.setdefault(d.region, []).append((float(d.months), d.closed))
    for items in by_district.values():
        if any(e for _, e in items):
            _assert_equals_statsmodels([t for t, _ in items], [e for _, e in items])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40).map(float), st.booleans()), min_size=2, max_size=60
    ).filter(lambda xs: any(e for _, e in xs))
)
def test_curves_equal_statsmodels_on_drawn_data(data: list[tuple[float, bool]]) -> None:
    _assert_equals_statsmodels([t for t, _ in data], [e for _, e in data])


def test_log_log_intervals_are_those_of_the_formula() -> None:
    curve = kaplan_meier(MP_TIMES, MP_EVENTS, confidence=0.95)
    point = next(p for p in curve.points if p.time == 13)
    z = scipy_stats.norm.ppf(0.975)
    spread = z * point.std_error / (point.survival * abs(math.log(point.survival)))
    assert point.low == pytest.approx(point.survival ** math.exp(spread), abs=1e-12)
    assert point.high == pytest.approx(point.survival ** math.exp(-spread), abs=1e-12)
    linear = kaplan_meier(MP_TIMES, MP_EVENTS, transform="linear")
    lin = next(p for p in linear.points if p.time == 13)
    assert lin.low == pytest.approx(lin.survival - z * lin.std_error, abs=1e-12)


def test_log_rank_equals_statsmodels_survdiff_by_district(city: Caseload) -> None:
    result = venture_survival(city, by="district")
    assert result.log_rank is not None
    durations = venture_durations(city)
    stat, p = survdiff(
        np.asarray([d.months for d in durations], dtype=float),
        np.asarray([d.closed for d in durations], dtype=float),
        np.asarray([d.region for d in durations]),
    )
    assert result.log_rank.statistic == pytest.approx(float(stat), rel=1e-9)
    assert result.log_rank.p_value == pytest.approx(float(p), rel=1e-7)


@pytest.mark.parametrize("df", [1, 2, 3, 7, 20])
@pytest.mark.parametrize("x", [0.0, 0.01, 0.5, 1.0, 3.84, 10.0, 40.0, 120.0])
def test_chi_square_tail_equals_scipy(x: float, df: int) -> None:
    assert chi_square_sf(x, df) == pytest.approx(
        float(scipy_stats.chi2.sf(x, df)), rel=1e-9, abs=1e-300
    )


def _design(city: Caseload) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The Cox design rebuilt from the records, independently of venture_durations."""
    veterans = {v.id: v for v in city.veterans}
    cutoff = date(2026, 6, 30)
    times, status, rows = [], [], []
    for venture in city.ventures:
        if venture.registered_on > cutoff:
            continue
        founder = veterans[venture.founder_ids[0]]
        if founder.birth_date is None:
            continue
        closed = venture.closed_on is not None and venture.closed_on <= cutoff
        end = venture.closed_on if closed and venture.closed_on else cutoff
        times.append(whole_months_between(venture.registered_on, end))
        status.append(1.0 if closed else 0.0)
        supported = any(
            s.granted_on <= cutoff and whole_months_between(venture.registered_on, s.granted_on) < 3
            for s in venture.support
        )
        rows.append(
            [
                float(supported),
                float(venture.legal_form is LegalForm.LIMITED_COMPANY),
                float(whole_months_between(founder.birth_date, venture.registered_on) // 12),
                float(founder.sex is Sex.FEMALE),
            ]
        )
    return np.asarray(times, dtype=float), np.asarray(status), np.asarray(rows)


def test_the_cox_coefficients_equal_phreg(city: Caseload) -> None:
    model = venture_cox(city, as_of=date(2026, 6, 30))
    times, status, rows = _design(city)
    fit = PHReg(times, rows, status=status, ties="breslow").fit()
    assert model.count == len(times)
    for term, beta, se in zip(model.terms, fit.params, fit.bse, strict=True):
        assert term.coefficient == pytest.approx(float(beta), abs=1e-8)
        assert term.std_error == pytest.approx(float(se), abs=1e-8)
        assert term.low < term.hazard_ratio < term.high
    assert [t.name for t in model.terms] == [
        "supported",
        "limited_company",
        "founder_age",
        "founder_female",
    ]


def test_survival_at_a_month_is_the_anniversary_rate_when_all_are_old_enough(
    city: Caseload,
) -> None:
    """Without censoring before 12 months the curve's S(12⁻) is venture_survival_rate."""
    as_of = date(2026, 6, 30)
    old = [v for v in city.ventures if whole_months_between(v.registered_on, as_of) >= 12]
    subset = Caseload(veterans=city.veterans, ventures=old)
    curve = venture_survival(subset, as_of=as_of).overall
    survival = curve.survival_at_months(12)
    assert survival is not None
    rate = venture_survival_rate(subset, months=12, as_of=as_of)
    assert rate.value is not None
    assert survival[0] == pytest.approx(rate.value, abs=1e-12)


def test_every_venture_is_used_and_young_ones_are_censored(city: Caseload) -> None:
    as_of = date(2026, 6, 30)
    result = venture_survival(city, as_of=as_of, by="cohort")
    assert result.overall.count == sum(v.registered_on <= as_of for v in city.ventures)
    assert sum(c.count for c in result.curves.values()) == result.overall.count
    table = result.survival_table()
    assert set(table) == {"all", *result.curves}


def test_censoring_at_the_last_snapshot_shortens_open_ventures(city: Caseload) -> None:
    cut = {d.venture_id: d for d in venture_durations(city, censor_at="cutoff")}
    seen = {d.venture_id: d for d in venture_durations(city, censor_at="last_snapshot")}
    for key, item in cut.items():
        assert seen[key].closed is item.closed
        assert seen[key].months <= item.months


def test_a_curve_that_ends_early_has_no_survival_at_later_anniversaries() -> None:
    curve = kaplan_meier([1.0, 2.0, 5.0], [True, False, False])
    assert curve.survival_at_months(12) is None
    assert curve.survival_at_months(2) == curve.before(2)


def test_bad_arguments_are_refused_by_name(city: Caseload) -> None:
    with pytest.raises(
        InvalidInputError,
        match="'by' must be 'cohort', 'district', 'legal_form', 'support' or None, got 'colour'",
    ):
        venture_survival(city, by="colour")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="'covariates' must be among"):
        venture_cox(city, covariates=("height",))
    with pytest.raises(InvalidInputError, match="'times' must not be negative"):
        kaplan_meier([-1.0], [True])
    with pytest.raises(InvalidInputError, match="at least two groups"):
        log_rank({"a": ([1.0], [True])})


def test_an_unknown_founder_covariate_leaves_the_venture_out(city: Caseload) -> None:
    venture = Venture(
        id="X-UNKNOWN",
        founder_ids=("NOBODY",),
        name="x",
        legal_form=LegalForm.INDIVIDUAL_BUSINESS,
        region="320102",
        registered_on=date(2024, 1, 1),
    )
    wider = Caseload(veterans=city.veterans, ventures=(*city.ventures, venture))
    assert venture_cox(wider, as_of=date(2026, 6, 30)).left_out == (
        venture_cox(city, as_of=date(2026, 6, 30)).left_out + 1
    )


def _supported_term(city: Caseload) -> tuple[float, float, float]:
    term = venture_cox(city, covariates=("supported", "limited_company", "founder_age")).term(
        "supported"
    )
    return term.hazard_ratio, term.low, term.high


def test_the_cox_model_recovers_the_planted_effect_of_support_on_the_sample_city(
    city: Caseload,
) -> None:
    """The sample city plants a closure hazard ratio for support in the first three months
    (synthetic.VentureParameters.closure_hazard_ratios); the Cox interval covers it."""
    planted = dict(synthetic.NANJING.ventures.closure_hazard_ratios)["supported"]
    ratio, low, high = _supported_term(city)
    assert low <= planted <= high
    assert ratio < 1  # supported ventures close less often, as planted


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_planted_effect_is_recovered_in_bigger_cities(seed: int) -> None:
    planted = dict(synthetic.NANJING.ventures.closure_hazard_ratios)["supported"]
    _, low, high = _supported_term(synthetic.generate(veterans=6000, seed=seed))
    assert low <= planted <= high


@pytest.mark.slow
def test_the_cox_interval_covers_the_planted_effect_in_most_cities() -> None:
    planted = dict(synthetic.NANJING.ventures.closure_hazard_ratios)["supported"]
    covered = 0
    for seed in range(40):
        _, low, high = _supported_term(synthetic.generate(veterans=4000, seed=100 + seed))
        covered += low <= planted <= high
    assert covered >= 34  # 95 % intervals: at least 85 % of 40 cities


def test_a_covariate_without_closures_in_one_group_is_refused_by_name(city: Caseload) -> None:
    """Monotone likelihood: with no closure among the ventures of founders of one sex, the
    coefficient runs to infinity; the fit is refused with the covariate's name."""
    females = {v.id for v in city.veterans if v.sex is Sex.FEMALE}
    kept = tuple(
        v for v in city.ventures if not (v.founder_ids[0] in females and v.closed_on is not None)
    )
    trimmed = attrs.evolve(city, ventures=kept)
    with pytest.raises(InvalidInputError, match="cannot estimate 'founder_female'"):
        venture_cox(trimmed)


def test_a_group_never_at_risk_at_an_event_adds_nothing_to_the_log_rank_test() -> None:
    """Like R's survdiff (a generalised inverse of V): a group whose units all enter after the
    last event has O = E = 0 and a zero row in V; the test is the one without it, with one
    degree of freedom fewer, and names it."""
    a = ([2.0, 4.0, 5.0, 7.0], [True, True, False, True])
    b = ([1.0, 3.0, 3.0, 8.0], [True, False, True, True])
    late = ([0.0], [False])  # censored before any event: never at risk at one
    with_late = log_rank({"a": a, "b": b, "late": late})
    without = log_rank({"a": a, "b": b})
    assert with_late.statistic == pytest.approx(without.statistic, abs=1e-12)
    assert with_late.df == without.df == 1
    assert with_late.left_out == ("late",)
    _, p_value = survdiff(
        np.asarray(a[0] + b[0]), np.asarray(a[1] + b[1], dtype=float), ["a"] * 4 + ["b"] * 4
    )
    assert with_late.p_value == pytest.approx(float(p_value), abs=1e-10)


def test_the_log_rank_test_needs_two_groups_at_risk_at_an_event() -> None:
    """venture_survival then gives no test (log_rank None) rather than failing."""
    with pytest.raises(InvalidInputError, match="at least two groups at risk"):
        log_rank({"a": ([1.0, 2.0], [True, True]), "b": ([0.0], [False])})
