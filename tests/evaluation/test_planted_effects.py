"""The evaluation estimators on the sample city with a planted training effect (issue 23).

``synthetic.generate(..., training_effects=TrainingEffects())`` plants selection into training
on the covariates (offices send the more employable) and a known effect of completing each
programme kind on the probability of being employed in a quarter. The true ATT on
``employed_q2`` is the mean of the planted effect over the frame's treated veterans; the naive
difference is biased by the difference of the groups' mean baseline employment.

CI runs a short bounded version (few seeds); ``--run-slow`` the full one over 20 seeds.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import date
from functools import cache

import attrs
import pytest

from veteran_services import evaluation
from veteran_services.errors import InvalidInputError, InvalidRecordError
from veteran_services.evaluation._caseload import employed_in
from veteran_services.model import Caseload, EnrolmentOutcome, ProgrammeKind, Sex, Veteran
from veteran_services.synthetic import NO_BLANKS, ProgrammeEffect, TrainingEffects, generate

pytest.importorskip("statsmodels")

EFFECTS = TrainingEffects()
AS_OF = date(2026, 6, 30)
VETERANS = 1500
CI_SEEDS = (11, 12, 13)
SLOW_SEEDS = tuple(range(101, 121))


@cache
def city(seed: int) -> Caseload:
    # complete cases: the planted truth is about recorded covariates and outcomes
    return generate(veterans=VETERANS, seed=seed, training_effects=EFFECTS, blanks=NO_BLANKS)


def covariates(veteran: Veteran) -> dict[str, float]:
    return EFFECTS.covariates(
        education=veteran.education,
        age=veteran.age(on=veteran.registered_on) if veteran.registered_on else None,
        barriers=len(veteran.barriers),
        female=veteran.sex is Sex.FEMALE,
    )


@attrs.frozen
class Run:
    """One city's estimates against its truth."""

    att: float  # the true ATT: the planted effect averaged over the treated
    planted_bias: float  # the treated's mean baseline minus the comparison's
    naive: float
    naive_se: float
    aipw: evaluation.EffectEstimate
    ipw: evaluation.EffectEstimate


def frame_truth(caseload: Caseload, frame: evaluation.TrainingFrame) -> tuple[float, float]:
    effect: list[float] = []
    treated: list[float] = []
    control: list[float] = []
    for veteran_id, t in zip(frame.data["veteran_id"], frame.data["treated"], strict=True):
        veteran = caseload.veteran(veteran_id)
        x = covariates(veteran)
        if t:
            effect.append(
                EFFECTS.employment_effect(
                    x, education=veteran.education, kind=ProgrammeKind.VOCATIONAL
                )
            )
            treated.append(EFFECTS.baseline_employment(x))
        else:
            control.append(EFFECTS.baseline_employment(x))
    return statistics.fmean(effect), statistics.fmean(treated) - statistics.fmean(control)


@cache
def run(seed: int) -> Run:
    caseload = city(seed)
    estimates = {}
    for method in ("aipw", "ipw"):
        result = evaluation.training_effect(
            caseload,
            programme_kind="vocational",
            outcome="employed_q2",
            as_of=AS_OF,
            ignore_kinds=("adaptive",),
            missing="complete",  # a handful with education unknown: none may be treated
            method=method,
        )
        estimates[method] = result
    att, bias = frame_truth(caseload, estimates["aipw"].frame)
    naive = estimates["aipw"].naive
    return Run(
        att=att,
        planted_bias=bias,
        naive=naive.value,
        naive_se=naive.standard_error,
        aipw=estimates["aipw"].estimate,
        ipw=estimates["ipw"].estimate,
    )


# --- the option ------------------------------------------------------------------------------


def test_without_the_option_the_city_is_the_usual_one() -> None:
    assert generate(veterans=200, seed=5, training_effects=None) == generate(veterans=200, seed=5)


def test_with_it_the_city_is_coherent_and_reproducible() -> None:
    caseload = generate(veterans=300, seed=5, training_effects=EFFECTS)
    assert [p for p in caseload.check() if p.severity == "error"] == []
    assert caseload == generate(veterans=300, seed=5, training_effects=EFFECTS)
    assert caseload != generate(veterans=300, seed=5)
    assert not caseload.ventures  # the planted work model has jobs only


def test_bad_effects_are_refused_by_name() -> None:
    with pytest.raises(InvalidInputError, match="training_effects"):
        generate(veterans=10, seed=1, training_effects="big")  # type: ignore[arg-type]
    with pytest.raises(InvalidRecordError, match=r"ProgrammeEffect\.employment"):
        ProgrammeEffect(employment=1.5)
    with pytest.raises(InvalidRecordError, match=r"TrainingEffects\.selection"):
        TrainingEffects(selection={"height": 0.1})
    with pytest.raises(InvalidRecordError, match=r"TrainingEffects\.persistence"):
        TrainingEffects(persistence=1.0)


def test_the_planted_models_are_the_documented_formulas() -> None:
    x = EFFECTS.covariates(education=None, age=30, barriers=1, female=True)
    assert x == {"education": 0.0, "age": 5.0, "barriers": 1.0, "female": 1.0}
    linear = 0.4 + 0.3 * 0 - 0.03 * 5 - 0.6 * 1 - 0.3 * 1
    p0 = EFFECTS.baseline_employment(x)
    assert p0 == pytest.approx(1 / (1 + 2.718281828459045**-linear), abs=1e-12)
    vocational = ProgrammeKind.VOCATIONAL
    effect = {
        q: EFFECTS.employment_effect(x, education=None, kind=vocational, quarter=q)
        for q in (0, 1, 2, 5)
    }
    assert effect[0] == pytest.approx(-0.15)
    assert effect[1] == pytest.approx(0.06)
    assert effect[2] == effect[5] == pytest.approx(0.12)


def test_completers_work_more_after_training_than_before() -> None:
    """The planted effect shows in the raw records: completers of a vocational course are
    employed more often from the second quarter after the start than before it (by the mean
    planted effect, about 0.07)."""
    before: list[bool] = []
    after: list[bool] = []
    for seed in CI_SEEDS:
        caseload = city(seed)
        kinds = {p.id: p.kind for p in caseload.programmes}
        for enrolment in caseload.enrolments:
            if (
                kinds[enrolment.programme_id] is not ProgrammeKind.VOCATIONAL
                or enrolment.outcome is not EnrolmentOutcome.COMPLETED
            ):
                continue
            start = enrolment.enrolled_on.year * 4 + (enrolment.enrolled_on.month - 1) // 3
            registered = caseload.veteran(enrolment.veteran_id).registered_on
            assert registered is not None
            first = registered.year * 4 + (registered.month - 1) // 3 + 1
            veteran_id = enrolment.veteran_id
            before += [employed_in(caseload, veteran_id, q) for q in range(first, start)]
            after += [employed_in(caseload, veteran_id, q) for q in (start + 2, start + 3)]
    assert statistics.fmean(after) > statistics.fmean(before) + 0.02


# --- must hold (short CI version; the full one with --run-slow) -------------------------------


def _coverage(seeds: tuple[int, ...], pick: Callable[[Run], evaluation.EffectEstimate]) -> float:
    runs = [run(seed) for seed in seeds]
    return statistics.fmean(pick(r).lower <= r.att <= pick(r).upper for r in runs)


def _check_estimators(seeds: tuple[int, ...], least: float) -> None:
    assert _coverage(seeds, lambda r: r.aipw) >= least
    assert _coverage(seeds, lambda r: r.ipw) >= least
    runs = [run(seed) for seed in seeds]
    for r in runs:
        # creaming: the treated are the more employable, by a sizeable planted margin
        assert r.planted_bias > 0.03
        # balance after weighting on every covariate
        assert max(abs(b.smd_after) for b in r.ipw.diagnostics.balance) < 0.1
        assert max(abs(b.smd_after) for b in r.aipw.diagnostics.balance) < 0.1
    # the naive difference is the true effect plus the planted bias, within its sampling error
    z = statistics.NormalDist().inv_cdf(0.975)
    planted = [abs(r.naive - r.att - r.planted_bias) <= z * r.naive_se for r in runs]
    assert statistics.fmean(planted) >= least
    # over the seeds it overstates the effect by about the planted bias; AIPW does not
    excess = statistics.fmean(r.naive - r.att for r in runs)
    bias = statistics.fmean(r.planted_bias for r in runs)
    assert excess == pytest.approx(bias, abs=0.03)
    assert abs(statistics.fmean(r.aipw.value - r.att for r in runs)) < excess / 2


def test_aipw_and_ipw_recover_the_planted_att() -> None:
    _check_estimators(CI_SEEDS, least=2 / 3)


@pytest.mark.slow
def test_aipw_and_ipw_recover_the_planted_att_over_20_seeds() -> None:
    _check_estimators(SLOW_SEEDS, least=0.85)


def _omitted(seed: int) -> tuple[float, float, float]:
    """Education left out: its SMD after weighting, the estimate, and the true ATT."""
    caseload = city(seed)
    frame = evaluation.training_frame(
        caseload,
        programme_kind="vocational",
        outcome="employed_q2",
        as_of=AS_OF,
        ignore_kinds=("adaptive",),
        missing="complete",
    )
    kept = [c for c in frame.covariates if not c.startswith("education")]
    estimate = evaluation.treatment_effect(
        frame.data,
        treatment="treated",
        outcome=frame.outcome,
        covariates=kept,
        method="ipw",
        check_balance=("education",),
    )
    [row] = [b for b in estimate.diagnostics.balance if b.covariate == "education"]
    assert not row.adjusted
    return row.smd_after, estimate.value, run(seed).att


@pytest.mark.parametrize("seed", CI_SEEDS)
def test_leaving_out_a_covariate_that_drives_selection_shows(seed: int) -> None:
    smd, value, att = _omitted(seed)
    assert smd > 0.1  # imbalance after weighting
    assert value - att > run(seed).ipw.value - att  # and a bias towards the naive one


def test_leaving_it_out_biases_the_estimate_over_the_seeds() -> None:
    gaps = [(_omitted(seed)[1] - run(seed).att) for seed in CI_SEEDS]
    full = [(run(seed).ipw.value - run(seed).att) for seed in CI_SEEDS]
    assert statistics.fmean(gaps) > statistics.fmean(full) + 0.02


def test_the_planted_effect_raises_earnings_too() -> None:
    """Completers are employed more and paid more (the vocational effect adds 300 yuan a
    month to the jobs held from the second quarter after the start): the adjusted effect on
    earnings in the second quarter after exit is positive, and the naive one larger."""
    adjusted: list[float] = []
    naive: list[float] = []
    for seed in CI_SEEDS:
        effect = evaluation.training_effect(
            city(seed),
            programme_kind="vocational",
            outcome="earnings_q2",
            as_of=AS_OF,
            ignore_kinds=("adaptive",),
            missing="complete",
        )
        assert effect.estimate.lower > 0
        adjusted.append(effect.estimate.value)
        naive.append(effect.naive.value)
    assert statistics.fmean(naive) > statistics.fmean(adjusted) > 0


# --- the event study ---------------------------------------------------------------------------

QUARTERS = 10  # quarters after the registration quarter in the panel


@attrs.frozen
class Panel:
    data: dict[str, list[float]]
    truth: dict[int, float]  # event time -> the planted effect averaged over the cohorts


def _quarter(day: date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def panel(caseload: Caseload) -> Panel:
    """Employment in each of the first :data:`QUARTERS` quarters after the registration
    quarter (the period: quarters since registration; the planted baseline is the same in
    every quarter, so trends are parallel in this time too), for veterans registered early
    enough: completers of one vocational course (first treated: the quarter it started in,
    at least the second of the panel) and veterans with no course besides the adaptive one
    (never treated)."""
    kinds = {p.id: p.kind for p in caseload.programmes}
    data: dict[str, list[float]] = {"unit": [], "quarter": [], "first": [], "employed": []}
    effects: dict[int, list[float]] = {}
    last = _quarter(AS_OF)
    for number, veteran in enumerate(caseload.veterans):
        if veteran.registered_on is None:
            continue
        registered = _quarter(veteran.registered_on)
        if registered + QUARTERS > last:
            continue
        courses = [
            e for e in caseload.enrolments_of(veteran.id)
            if kinds[e.programme_id] is not ProgrammeKind.ADAPTIVE
        ]  # fmt: skip
        first = 0
        if courses:
            [course] = courses
            first = _quarter(course.enrolled_on) - registered
            if (
                kinds[course.programme_id] is not ProgrammeKind.VOCATIONAL
                or course.outcome is not EnrolmentOutcome.COMPLETED
                or not 2 <= first <= QUARTERS
            ):
                continue
            x = covariates(veteran)
            for period in range(1, QUARTERS + 1):
                k = period - first
                effects.setdefault(k, []).append(
                    EFFECTS.employment_effect(
                        x, education=veteran.education, kind=ProgrammeKind.VOCATIONAL, quarter=k
                    )
                )
        for period in range(1, QUARTERS + 1):
            data["unit"].append(number)
            data["quarter"].append(period)
            data["first"].append(first)
            employed = employed_in(caseload, veteran.id, registered + period)
            data["employed"].append(1.0 if employed else 0.0)
    return Panel(data, {k: statistics.fmean(v) for k, v in effects.items()})


@cache
def event_study(seed: int) -> tuple[evaluation.EventStudy, dict[int, float]]:
    planted = panel(city(seed))
    study = evaluation.event_study(
        planted.data, unit="unit", period="quarter", first_treated="first", outcome="employed"
    )
    return study, planted.truth


def _check_event_study(seeds: tuple[int, ...], least: float) -> None:
    pre: list[bool] = []
    post: list[bool] = []
    for seed in seeds:
        study, truth = event_study(seed)
        for effect in study.dynamic:
            e = int(effect.event_time)
            if e <= -2:
                pre.append(effect.lower <= 0.0 <= effect.upper)
                assert abs(effect.value) < 4 * effect.standard_error
            elif e >= 0:
                post.append(effect.lower <= truth[e] <= effect.upper)
        # the lock-in quarter and the full effect from the second quarter on
        by_time = {int(x.event_time): x for x in study.dynamic}
        assert by_time[0].value < 0 < by_time[3].value
    assert statistics.fmean(pre) >= least
    assert statistics.fmean(post) >= least


def test_the_event_study_recovers_the_planted_dynamic_effect() -> None:
    _check_event_study(CI_SEEDS, least=0.8)


@pytest.mark.slow
def test_the_event_study_recovers_it_over_20_seeds() -> None:
    _check_event_study(SLOW_SEEDS, least=0.85)
