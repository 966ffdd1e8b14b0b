"""The non-response dossier and weights_for: the R-indicator from its definition, the IRLS
propensity model against statsmodels, raking and class adjustment against samplics and a direct
iterative proportional fitting, Kish's design effect, and a planted non-response whose bias the
weights must remove."""

from __future__ import annotations

import json
import math
import random
import statistics
import warnings
from collections import Counter
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veteran_services.errors import InvalidInputError
from veteran_services.metrics import (
    NONRESPONSE_VARIABLES,
    NonresponseReport,
    nonresponse_report,
    r_indicator,
    weighted_satisfaction,
    weights_for,
)
from veteran_services.metrics import nonresponse as nr
from veteran_services.model import Caseload, ContractType, Disposition
from veteran_services.stats import rake, weighting_class_adjustment
from veteran_services.synthetic import NANJING, generate, sample_city


def _samplics() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # samplics warns that it is archived
        return pytest.importorskip("samplics")


@pytest.fixture(scope="module")
def city() -> Caseload:
    return sample_city()


@pytest.fixture(scope="module")
def report6(city: Caseload) -> NonresponseReport:
    return nonresponse_report(city, wave=6)


#: The sample city with its planted response model switched off: non-response at random
#: (given the caseload's variables; the latent propensity and earlier refusals remain).
AT_RANDOM = attrs.evolve(
    NANJING,
    follow_up=attrs.evolve(
        NANJING.follow_up,
        age_effect=0.0,
        education_effects=(),
        wage_effect=0.0,
        contract_effects=dict.fromkeys(ContractType, 0.0),
        rural_effect=0.0,
    ),
)


def _at_random(veterans: int = 2000, seed: int = 1) -> Caseload:
    return generate(veterans=veterans, seed=seed, profile=AT_RANDOM)


@pytest.fixture(scope="module")
def random_city() -> Caseload:
    return _at_random()


@pytest.fixture(scope="module")
def random_report6(random_city: Caseload) -> NonresponseReport:
    return nonresponse_report(random_city, wave=6)


# --- the R-indicator ------------------------------------------------------------------------


def test_r_indicator_is_its_definition_on_a_hand_case() -> None:
    rho = [0.2, 0.4, 0.4, 0.6, 0.9, 0.5]
    sex = ["f", "f", "m", "m", "m", "f"]
    band = ["y", "o", "y", "o", "o", "y"]
    result = r_indicator(rho, {"sex": sex, "band": band})
    n = len(rho)
    mean = sum(rho) / n
    s = math.sqrt(sum((p - mean) ** 2 for p in rho) / (n - 1))
    assert result.value == pytest.approx(1 - 2 * s, abs=1e-15)
    assert result.value == pytest.approx(1 - 2 * statistics.stdev(rho), abs=1e-15)
    assert result.mean_propensity == pytest.approx(mean, abs=1e-15)
    assert result.max_bias == pytest.approx((1 - result.value) / (2 * mean), abs=1e-15)
    # unconditional partial of sex: between-category standard deviation
    by = {k: [p for p, x in zip(rho, sex, strict=True) if x == k] for k in ("f", "m")}
    between = sum(len(v) * (sum(v) / len(v) - mean) ** 2 for v in by.values()) / (n - 1)
    assert result.partial("sex").unconditional == pytest.approx(math.sqrt(between), abs=1e-15)
    f_mean = sum(by["f"]) / 3
    expected_f = math.sqrt(3 / (n - 1)) * (f_mean - mean)
    assert result.partial("sex", "f").unconditional == pytest.approx(expected_f, abs=1e-15)
    # conditional partial of sex: within the cells of the other variable (band)
    cells = {k: [p for p, b in zip(rho, band, strict=True) if b == k] for k in ("y", "o")}
    cell_mean = {k: sum(v) / len(v) for k, v in cells.items()}
    within = sum((p - cell_mean[b]) ** 2 for p, b in zip(rho, band, strict=True)) / (n - 1)
    assert result.partial("sex").conditional == pytest.approx(math.sqrt(within), abs=1e-15)
    within_m = sum(
        (p - cell_mean[b]) ** 2 for p, b, x in zip(rho, band, sex, strict=True) if x == "m"
    ) / (n - 1)
    assert result.partial("sex", "m").conditional == pytest.approx(math.sqrt(within_m), abs=1e-15)


def test_partials_square_add_to_the_variable() -> None:
    rng = random.Random(5)
    rho = [rng.random() for _ in range(60)]
    z = [rng.choice("abc") for _ in range(60)]
    x = [rng.choice("uv") for _ in range(60)]
    result = r_indicator(rho, {"z": z, "x": x})
    for kind in ("unconditional", "conditional"):
        total = getattr(result.partial("z"), kind) ** 2
        parts = sum(getattr(result.partial("z", k), kind) ** 2 for k in "abc")
        assert parts == pytest.approx(total, rel=1e-12)


def test_r_indicator_with_design_weights() -> None:
    rho, d = [0.3, 0.5, 0.8], [2.0, 1.0, 3.0]
    result = r_indicator(rho, weights=d)
    total = sum(d)
    mean = sum(w * p for w, p in zip(d, rho, strict=True)) / total
    var = sum(w * (p - mean) ** 2 for w, p in zip(d, rho, strict=True)) / (total - 1)
    assert result.value == pytest.approx(1 - 2 * math.sqrt(var), abs=1e-15)


def test_equal_propensities_give_r_of_one() -> None:
    result = r_indicator([0.7] * 10, {"z": list("ababababab")})
    assert result.value == 1.0
    assert result.partial("z").unconditional == 0.0


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        (([0.5],), "propensities"),
        (([0.5, 1.5],), "propensities"),
        (([0.5, 0.5], {"z": ["a"]}), "variables"),
        (([0.5, 0.5], None, [1.0, -1.0]), "weights"),
    ],
)
def test_r_indicator_refuses_bad_input(arguments: tuple[Any, ...], argument: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        r_indicator(*arguments)
    assert caught.value.argument == argument


def test_bias_adjusted_r_is_near_one_when_response_is_at_random(
    random_report6: NonresponseReport, report6: NonresponseReport
) -> None:
    # without the planted response model non-response does not depend on these variables:
    # the plain R is below 1 by chance alone, the adjusted one is not
    assert random_report6.r_indicator is not None
    assert random_report6.r_indicator.adjusted is not None
    assert random_report6.r_indicator.value < random_report6.r_indicator.adjusted
    assert random_report6.r_indicator.adjusted > 0.95
    # the sample city's planted model makes response depend on them
    assert report6.r_indicator is not None
    assert report6.r_indicator.adjusted is not None
    assert report6.r_indicator.adjusted < 0.9


# --- the propensity model against statsmodels -------------------------------------------------


def _dummies(labels: dict[str, list[str]], columns: Sequence[str]) -> np.ndarray:
    n = len(next(iter(labels.values())))
    data = [[1.0] * n]
    for column in columns[1:]:
        name, level = column[:-1].split("[", 1)
        data.append([1.0 if v == level else 0.0 for v in labels[name]])
    return np.array(data).T


def test_irls_matches_statsmodels(random_city: Caseload) -> None:
    city = random_city
    from statsmodels.genmod.families import Binomial
    from statsmodels.genmod.generalized_linear_model import GLM

    chain = nr._chain(
        city,
        12,
        as_of=nr._as_of(city, None),
        between=None,
        variables=NONRESPONSE_VARIABLES,
        adjustment="propensity_class",
        classes=(),
        propensity_classes=5,
        rake_to=(),
        trim=None,
        min_cell=10,
        base_weights=None,
    )
    labels = {v: [u.labels[v] for u in chain.scope] for v in NONRESPONSE_VARIABLES}
    y = [1 if u.category == "respondent" else 0 for u in chain.scope]
    model, fitted, variances = nr._propensity_model(labels, y)
    x = _dummies(labels, model.columns)
    fit = GLM(np.array(y, dtype=float), x, family=Binomial()).fit(tol=1e-14)
    for column, value, error in zip(model.columns, fit.params, fit.bse, strict=True):
        assert model.coefficients[column] == pytest.approx(float(value), abs=1e-7)
        assert model.standard_errors[column] == pytest.approx(float(error), rel=1e-6)
    assert np.allclose(fitted, fit.fittedvalues, atol=1e-9)
    assert model.deviance == pytest.approx(float(fit.deviance), rel=1e-9)
    # delta-method variance of each fitted propensity
    cov = np.asarray(fit.cov_params())
    w = np.asarray(fit.fittedvalues) * (1 - np.asarray(fit.fittedvalues))
    expected = w**2 * np.einsum("ij,jk,ik->i", x, cov, x)
    assert variances is not None
    assert np.allclose(variances, expected, rtol=1e-6, atol=1e-15)


def test_irls_drops_a_collinear_column() -> None:
    labels = {"a": ["x", "y", "x", "y", "x", "y", "x", "y"], "b": ["p", "q"] * 4}
    y = [1, 0, 1, 1, 0, 0, 1, 0]
    model, fitted, _ = nr._propensity_model(labels, y)
    assert len(model.dropped) == 1
    assert sum(fitted) == pytest.approx(sum(y), abs=1e-9)


# --- raking and class adjustment against samplics and a direct IPF ----------------------------


def _ipf(
    weights: Sequence[float],
    variables: dict[str, list[str]],
    targets: dict[str, dict[str, float]],
    sweeps: int = 2000,
) -> list[float]:
    """Deming-Stephan iterative proportional fitting, written out independently."""
    w = np.array(weights, dtype=float)
    for _ in range(sweeps):
        for name, labels in variables.items():
            codes = np.array(labels)
            for level, total in targets[name].items():
                mask = codes == level
                w[mask] *= total / w[mask].sum()
    return [float(v) for v in w]


def _wave_inputs(
    city: Caseload, wave: int
) -> tuple[list[float], dict[str, list[str]], dict[str, dict[str, float]]]:
    """The respondents' propensity-class weights and the cohort's margins of a wave."""
    chain = nr._chain(
        city,
        wave,
        as_of=nr._as_of(city, None),
        between=None,
        variables=NONRESPONSE_VARIABLES,
        adjustment="class",
        classes=("age_band", "contract"),
        propensity_classes=5,
        rake_to=(),
        trim=None,
        min_cell=10,
        base_weights=None,
    )
    scope = chain.scope
    respondents = [u for u in scope if u.category == "respondent"]
    variables: dict[str, list[str]] = {}
    targets: dict[str, dict[str, float]] = {}
    for name in ("sex", "region", "contract"):
        labels = [u.labels[name] for u in scope]
        labels, _ = nr._pool_small(labels, [u.category == "respondent" for u in scope], 10)
        keep = [label for label, u in zip(labels, scope, strict=True) if u in respondents]
        variables[name] = keep
        targets[name] = {k: float(v) for k, v in Counter(labels).items()}
    rng = random.Random(wave)
    start = [0.5 + rng.random() for _ in respondents]
    return start, variables, targets


@pytest.mark.parametrize("wave", [3, 12])
def test_rake_matches_samplics_and_a_direct_ipf(city: Caseload, wave: int) -> None:
    start, variables, targets = _wave_inputs(city, wave)
    ours = rake(start, variables, targets, tolerance=1e-13).weights  # type: ignore[arg-type]
    direct = _ipf(start, variables, targets)
    assert max(abs(a - b) for a, b in zip(ours, direct, strict=True)) < 1e-9
    samplics = _samplics()
    weight = samplics.SampleWeight()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = weight.rake(
            samp_weight=np.array(start),
            margins={k: np.array(v) for k, v in variables.items()},
            control=targets,
            tol=1e-14,
            ctrl_tol=1e-14,
            max_iter=5000,
        )
    assert max(abs(a - float(b)) for a, b in zip(ours, theirs, strict=True)) < 1e-9


def test_class_adjustment_matches_samplics(city: Caseload) -> None:
    chain = nr._chain(
        city,
        6,
        as_of=nr._as_of(city, None),
        between=None,
        variables=(),
        adjustment="class",
        classes=("contract",),
        propensity_classes=5,
        rake_to=(),
        trim=None,
        min_cell=1,
        base_weights=None,
    )
    units = chain.units  # every case of the cohort, the ineligible ones too
    rng = random.Random(6)
    base = [0.5 + rng.random() for _ in units]
    statuses = [
        u.status if u.status in nr._CATEGORIES or u.status == "not_eligible" else "?" for u in units
    ]
    known = {**nr._CATEGORIES, "not_eligible": "ineligible", "unknown_household": "unknown"}
    classes = [u.labels["contract"] for u in units]
    ours = weighting_class_adjustment(statuses, classes, base, categories=known).weights  # type: ignore[arg-type]
    code = {"respondent": "rr", "nonrespondent": "nr", "ineligible": "in", "unknown": "uk"}
    samplics = _samplics()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = samplics.SampleWeight().adjust(
            samp_weight=np.array(base),
            adj_class=np.array(classes),
            resp_status=np.array([code[known[s]] for s in statuses]),
            unknown_to_inelig=True,
        )
    assert max(abs(a - float(b)) for a, b in zip(ours, theirs, strict=True)) < 1e-9


def test_the_chains_class_step_is_the_stats_adjustment(city: Caseload) -> None:
    weights = weights_for(
        [r for r in city.responses if r.wave_months == 3],
        city,
        adjustment="class",
        classes=("contract",),
        rake_to=(),
        trim=None,
        min_cell=1,
    )
    chain = nr._chain(
        city,
        3,
        as_of=nr._as_of(city, None),
        between=None,
        variables=(),
        adjustment="class",
        classes=("contract",),
        propensity_classes=5,
        rake_to=(),
        trim=None,
        min_cell=1,
        base_weights=None,
    )
    scope = chain.scope
    direct = weighting_class_adjustment(
        [u.status for u in scope], [u.labels["contract"] for u in scope], categories=nr._CATEGORIES
    )
    by_case = {
        u.case.id: w
        for u, w in zip(scope, direct.weights, strict=True)
        if u.case is not None and u.category == "respondent"
    }
    assert set(by_case) == set(weights.weights)
    assert max(abs(by_case[k] - weights.weights[k]) for k in by_case) < 1e-12


# --- Kish's design effect ---------------------------------------------------------------------


def test_kish_design_effect_on_a_hand_case() -> None:
    step = nr._step("x", [1.0, 1.0, 1.0, 3.0], {}, {}, "")
    # mean 1.5, population variance 0.75, CV² = 1/3
    assert step.deff == pytest.approx(4 / 3, abs=1e-15)
    assert step.cv == pytest.approx(math.sqrt(1 / 3), abs=1e-15)
    assert step.effective_n == pytest.approx(3.0, abs=1e-15)


def test_each_step_reports_kish(report6: NonresponseReport) -> None:
    assert [s.step for s in report6.weight_steps] == ["base", "nonresponse", "raking", "trimming"]
    for step in report6.weight_steps:
        assert step.deff == pytest.approx(1 + step.cv**2, rel=1e-12)
        assert step.effective_n == pytest.approx(step.n / step.deff, rel=1e-12)
    assert report6.step("base").deff == 1.0
    assert report6.step("raking").margin_error < 1e-9
    assert report6.step("raking").total == pytest.approx(report6.cohort, rel=1e-12)


# --- Hypothesis: raking keeps weights positive and meets the margins --------------------------


@st.composite
def _raking_case(draw: st.DrawFn) -> tuple[list[float], dict[str, list[str]], dict[str, Any]]:
    n = draw(st.integers(6, 40))
    weights = draw(st.lists(st.floats(0.1, 10.0), min_size=n, max_size=n))
    a = draw(st.lists(st.sampled_from("xyz"), min_size=n, max_size=n))
    b = draw(st.lists(st.sampled_from("pq"), min_size=n, max_size=n))
    # targets from a population that holds every (a, b) cell the sample holds
    cells = sorted(set(zip(a, b, strict=True)))
    sizes = draw(st.lists(st.floats(1.0, 50.0), min_size=len(cells), max_size=len(cells)))
    targets: dict[str, dict[str, float]] = {"a": {}, "b": {}}
    for (ka, kb), size in zip(cells, sizes, strict=True):
        targets["a"][ka] = targets["a"].get(ka, 0.0) + size
        targets["b"][kb] = targets["b"].get(kb, 0.0) + size
    return weights, {"a": a, "b": b}, targets


@settings(max_examples=60, deadline=None)
@given(_raking_case())
def test_raked_weights_are_positive_and_meet_the_margins(
    case: tuple[list[float], dict[str, list[str]], dict[str, Any]],
) -> None:
    weights, variables, targets = case
    result = rake(weights, variables, targets, tolerance=1e-11, max_iterations=20000)  # type: ignore[arg-type]
    assert all(w > 0 for w in result.weights)
    for name, labels in variables.items():
        for level, total in targets[name].items():
            got = math.fsum(w for w, k in zip(result.weights, labels, strict=True) if k == level)
            assert got == pytest.approx(total, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.01, 100.0), min_size=2, max_size=50), st.floats(1.5, 6.0))
def test_trimming_keeps_the_total_and_caps(weights: list[float], ratio: float) -> None:
    trimmed, _ = nr._trim(weights, ratio)
    assert math.fsum(trimmed) == pytest.approx(math.fsum(weights), rel=1e-9)
    assert all(w > 0 for w in trimmed)
    cap = ratio * math.fsum(weights) / len(weights)
    assert max(trimmed) <= cap * (1 + 1e-9)


# --- the dossier on the sample city -----------------------------------------------------------


def test_dossier_counts_and_shares(report6: NonresponseReport) -> None:
    assert 0 < report6.respondents < report6.cohort
    for variable in ("age_band", "contract", "region"):
        rows = [r for r in report6.comparison if r.variable == variable]
        assert sum(r.cohort for r in rows) == report6.cohort
        assert sum(r.respondents for r in rows) == report6.respondents
        assert math.fsum(r.cohort_share for r in rows) == pytest.approx(1.0)
        for row in rows:
            assert row.difference_interval is not None
            low, high = row.difference_interval
            assert low <= row.difference <= high  # type: ignore[operator]


def test_weights_for_feeds_weighted_satisfaction(city: Caseload) -> None:
    wave12 = [r for r in city.responses if r.wave_months == 12]
    weights = weights_for(wave12, city)
    report = nonresponse_report(city, wave=12)
    weighted = weighted_satisfaction(weights.apply(city), wave=12)
    assert weighted.value == pytest.approx(report.indicator("satisfaction_share").weighted)
    assert math.fsum(weights.weights.values()) == pytest.approx(report.cohort, rel=1e-12)
    assert all(w > 0 for w in weights.weights.values())
    for response in wave12:
        if not response.responded:
            assert weights.weight(response.id) == 1.0


def test_a_city_answering_at_random_publishes_unweighted(
    random_report6: NonresponseReport, report6: NonresponseReport
) -> None:
    for item in random_report6.indicators:
        assert item.publish == "unweighted"
        assert item.published == item.unweighted
    # the sample city's planted non-response moves the figures: the rule's condition (1)
    # holds, and (2) decides
    for item in report6.indicators:
        assert item.shift is not None
        assert item.standard_error is not None
        moved = abs(item.shift) > item.standard_error
        assert item.publish == ("weighted" if moved else "unweighted")


def test_attrition_follows_the_original_cohort(report6: NonresponseReport) -> None:
    waves = [row.wave for row in report6.attrition]
    assert waves == [3, 6, 12]
    assert len({row.cohort for row in report6.attrition}) == 1
    retained = [row.retained for row in report6.attrition]
    assert retained == sorted(retained, reverse=True)
    for row in report6.attrition:
        assert row.retained <= row.respondents


def test_early_and_late(report6: NonresponseReport) -> None:
    assert report6.late_after_days is not None
    for row in report6.early_late:
        assert row.early_n > 0
        assert row.late_n > 0


def test_the_dossier_as_data(report6: NonresponseReport) -> None:
    data = json.loads(report6.to_json())
    assert data["wave"] == 6
    assert len(data["comparison"]) == len(report6.comparison)
    assert data["r_indicator"]["partials"]
    frame = report6.to_frame("weights")
    assert list(frame["step"]) == ["base", "nonresponse", "raking", "trimming"]
    for part in ("comparison", "partials", "early_late", "attrition", "indicators"):
        assert report6.to_rows(part)
    with pytest.raises(InvalidInputError):
        report6.to_rows("nothing")


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"wave": 0}, "wave"),
        ({"variables": ["shoe_size"]}, "variables"),
        ({"rake_to": ["sex", "sex"]}, "rake_to"),
        ({"adjustment": "magic"}, "adjustment"),
        ({"adjustment": "class", "classes": ()}, "classes"),
        ({"trim": 0.5}, "trim"),
        ({"r_threshold": 2}, "r_threshold"),
        ({"schedule": []}, "schedule"),
        ({"adjustment": "propensity", "variables": ()}, "adjustment"),
    ],
)
def test_bad_settings_name_the_argument(
    city: Caseload, changes: dict[str, Any], argument: str
) -> None:
    arguments: dict[str, Any] = {"wave": 6, **changes}
    with pytest.raises(InvalidInputError) as caught:
        nonresponse_report(city, **arguments)
    assert caught.value.argument == argument


def test_weights_for_refuses_a_case_that_is_not_a_follow_up(city: Caseload) -> None:
    case = attrs.evolve(city.responses[0], wave_months=None)
    with pytest.raises(InvalidInputError) as caught:
        weights_for([case], city)
    assert caught.value.argument == "responses"


def test_weights_for_refuses_a_case_outside_the_cohort(city: Caseload) -> None:
    case = attrs.evolve(city.responses[0], placement_id="P999999")
    with pytest.raises(InvalidInputError) as caught:
        weights_for([case], city)
    assert caught.value.argument == "responses"


def test_a_wave_nobody_reached(city: Caseload) -> None:
    report = nonresponse_report(city, wave=600)
    assert report.cohort == 0
    assert report.weight_steps == ()
    assert report.indicators[0].publish == "unweighted"


# --- a planted non-response: the weights remove most of its bias ------------------------------

_INSECURE = {"none", "dispatch", "part_time", "task_based", "public_welfare_post", "unknown"}


def _planted(city: Caseload, seed: int) -> Caseload:
    """The city with respondents turned into refusals at random, more often for insecure
    contracts, low wages, young veterans and small employers (known to the model)."""
    rng = random.Random(seed)
    label = nr._labeller(city)
    placements = {p.id: p for p in city.placements}
    changed = []
    for response in city.responses:
        if response.responded and response.placement_id is not None:
            placement = placements[response.placement_id]
            eta = 2.2
            eta -= 1.8 * (label(placement, "contract") in _INSECURE)
            eta -= 1.6 * (label(placement, "wage_band") in ("under 3000", "3000-4999"))
            eta -= 0.8 * (label(placement, "age_band") == "under 25")
            eta -= 0.8 * (label(placement, "employer_size") in ("micro", "small"))
            if rng.random() > 1.0 / (1.0 + math.exp(-eta)):
                response = attrs.evolve(
                    response, disposition=Disposition.REFUSAL, answers=(), labour_status=None
                )
        changed.append(response)
    return city.replace(responses=changed)


def test_weighting_halves_the_bias_of_a_planted_non_response() -> None:
    errors: dict[tuple[int, str], list[tuple[float, float]]] = {}
    for seed in (1, 2, 3):
        city = _at_random(1500, seed)
        planted = _planted(city, seed)
        for wave in (3, 6, 12):
            truth = nonresponse_report(city, wave=wave)
            report = nonresponse_report(planted, wave=wave)
            assert report.r_indicator is not None
            assert report.r_indicator.adjusted is not None
            assert report.r_indicator.adjusted < 0.9
            for item in report.indicators:  # condition (1) holds: (2) decides
                assert item.shift is not None
                assert item.standard_error is not None
                moved = abs(item.shift) > item.standard_error
                assert item.publish == ("weighted" if moved else "unweighted")
            for name in ("satisfaction_share", "still_employed_share"):
                value = truth.indicator(name).unweighted
                got = report.indicator(name)
                assert value is not None
                assert got.unweighted is not None
                assert got.weighted is not None
                errors.setdefault((wave, name), []).append(
                    (got.unweighted - value, got.weighted - value)
                )
    for key, pairs in errors.items():
        unweighted = abs(statistics.fmean(u for u, _ in pairs))
        weighted = abs(statistics.fmean(w for _, w in pairs))
        assert weighted <= 0.5 * unweighted, (key, unweighted, weighted)


def test_every_disposition_is_mapped() -> None:
    for disposition in Disposition:
        assert disposition.value in nr._CATEGORIES or disposition is Disposition.NOT_ELIGIBLE


@settings(max_examples=12, deadline=None)
@given(st.integers(60, 200), st.integers(0, 10_000), st.sampled_from([3, 6, 12]))
def test_weights_for_small_cities_are_positive_and_meet_the_margins(
    veterans: int, seed: int, wave: int
) -> None:
    city = generate(veterans=veterans, seed=seed)
    cases = [r for r in city.responses if r.wave_months == wave]
    if not any(r.responded for r in cases):
        return
    weights = weights_for(cases, city, trim=None, min_cell=5)
    assert all(w > 0 for w in weights.weights.values())
    raking = [s for s in weights.steps[wave] if s.step == "raking"]
    assert raking
    assert raking[0].margin_error < 1e-9


def test_base_weights_scale_the_chain(city: Caseload) -> None:
    cases = [r for r in city.responses if r.wave_months == 6]
    plain = weights_for(cases, city)
    doubled = weights_for(cases, city, base_weights={p.id: 2.0 for p in city.placements})
    for key, value in plain.weights.items():
        assert doubled.weights[key] == pytest.approx(2 * value, rel=1e-9)
    with pytest.raises(InvalidInputError) as caught:
        weights_for(cases, city, base_weights={"P000001": 0.0})
    assert caught.value.argument == "base_weights"


def test_started_between_narrows_the_cohort(city: Caseload, report6: NonresponseReport) -> None:
    from datetime import date

    narrow = nonresponse_report(
        city, wave=6, started_between=(date(2023, 1, 1), date(2023, 12, 31))
    )
    assert 0 < narrow.cohort < report6.cohort


def test_a_wave_without_respondents_is_valid_json(city: Caseload) -> None:
    cases = [
        attrs.evolve(r, disposition=Disposition.REFUSAL, answers=(), labour_status=None)
        if r.wave_months == 3 and r.responded
        else r
        for r in city.responses
    ]
    report = nonresponse_report(city.replace(responses=cases), wave=3)
    assert report.respondents == 0
    data = json.loads(report.to_json(), parse_constant=lambda name: pytest.fail(name))
    assert data["weights"][0]["deff"] is None


def test_blank_fields_and_missing_cases_are_categories_not_gaps(city: Caseload) -> None:
    rng = random.Random(3)
    placements = [
        attrs.evolve(p, contract=None, monthly_wage=None) if rng.random() < 0.1 else p
        for p in city.placements
    ]
    veterans = [
        attrs.evolve(v, education=None, birth_date=None) if rng.random() < 0.1 else v
        for v in city.veterans
    ]
    kept = [r for r in city.responses if not (r.wave_months == 6 and rng.random() < 0.1)]
    blank = city.replace(placements=placements, veterans=veterans, responses=kept)
    report = nonresponse_report(blank, wave=6)
    assert report.statuses["no_case"] > 0
    for variable in ("contract", "wage_band", "education", "age_band"):
        unknown = [
            r for r in report.comparison if r.variable == variable and r.category == "unknown"
        ]
        assert unknown
        assert unknown[0].cohort > 0
    assert report.cohort == sum(n for s, n in report.statuses.items() if s != "not_eligible")


def test_a_bootstrap_interval_of_r(city: Caseload) -> None:
    first = nonresponse_report(city, wave=12, replicates=20, seed=4)
    again = nonresponse_report(city, wave=12, replicates=20, seed=4)
    assert first.r_indicator is not None
    assert again.r_indicator is not None
    assert first.r_indicator.interval is not None
    low, high = first.r_indicator.interval
    assert 0.0 <= low <= high <= 1.0
    assert again.r_indicator.interval == first.r_indicator.interval
    planted = nonresponse_report(_planted(city, 1), wave=12, replicates=20)
    assert planted.r_indicator is not None
    assert planted.r_indicator.interval is not None
    assert planted.r_indicator.interval[1] < low  # the planted response is less representative
