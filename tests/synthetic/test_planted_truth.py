"""The sample city's planted truth (issue 20): the follow-up's population values, weighting that
recovers them, a worklist with something to do in every district, and planted problems that
``check()`` finds exactly."""

from __future__ import annotations

from collections import Counter
from functools import cache

import attrs
import pytest

from veteran_services import metrics, synthetic
from veteran_services.errors import InvalidInputError
from veteran_services.model import Disposition, ProblemCode
from veteran_services.synthetic import (
    DEFAULT_AS_OF,
    PROBLEM_KINDS,
    SAMPLE_SEED,
    SAMPLE_VETERANS,
    PlantedCity,
    planted_city,
)

_INDICATORS = ("satisfaction_share", "still_employed_share")


@cache
def _planted(veterans: int, seed: int, problems: float = 0.0) -> PlantedCity:
    return planted_city(veterans=veterans, seed=seed, problems=problems)


def _biases(city: PlantedCity) -> dict[tuple[int, str], tuple[float, float, float]]:
    """(wave, indicator) → (population value, unweighted bias, weighted bias)."""
    result = {}
    for wave in synthetic.WAVES:
        observed = metrics.nonresponse_report(city.caseload, wave=wave)
        population = metrics.nonresponse_report(city.population, wave=wave)
        assert population.response_rate == 1.0  # everybody answers in the population
        for seen, truth in zip(observed.indicators, population.indicators, strict=True):
            assert seen.indicator == truth.indicator
            assert seen.unweighted is not None
            assert seen.weighted is not None
            assert truth.unweighted is not None
            result[wave, seen.indicator] = (
                truth.unweighted,
                seen.unweighted - truth.unweighted,
                seen.weighted - truth.unweighted,
            )
    return result


def _check_bias_halved(veterans: int, seeds: tuple[int, ...]) -> None:
    """The bias of an estimate is its mean error over replications (here: seeds), so the
    absolute bias is |mean error|; the mean absolute error is reported beside it."""
    found = [_biases(_planted(veterans, seed)) for seed in seeds]
    for wave in synthetic.WAVES:
        for name in _INDICATORS:
            unweighted = abs(sum(f[wave, name][1] for f in found) / len(found))
            weighted = abs(sum(f[wave, name][2] for f in found) / len(found))
            closer = sum(abs(f[wave, name][2]) < abs(f[wave, name][1]) for f in found)
            # the planted non-response biases the respondents (this test can fail) ...
            assert unweighted > 0.004, (wave, name, unweighted)
            # ... and the weights from the caseload remove at least half of it
            assert weighted <= 0.5 * unweighted, (wave, name, unweighted, weighted)
            # ... the weighted share closer to the population value for most seeds
            assert closer > len(seeds) / 2, (wave, name, closer)


def test_weighting_halves_the_bias_of_every_wave() -> None:
    """Weighted satisfaction and still-employed shares are closer to the planted population
    values than the unweighted ones, the mean absolute bias over seeds cut by half at least."""
    _check_bias_halved(1500, (1, 2, 3, 4))


@pytest.mark.slow
def test_weighting_halves_the_bias_over_many_seeds() -> None:
    _check_bias_halved(SAMPLE_VETERANS, tuple(range(1, 11)))


def test_the_population_holds_every_placed_veterans_answers() -> None:
    """Answers are drawn for the whole placed cohort first, then withheld: a complete interview
    records exactly the population's answers, and the population has one case per placement and
    due wave."""
    city = _planted(600, 4)
    population = {(r.placement_id, r.wave_months): r for r in city.population.responses}
    assert len(population) == len(city.population.responses)
    complete = [r for r in city.caseload.responses if r.disposition is Disposition.COMPLETE]
    assert complete
    for case in complete:
        truth = population[case.placement_id, case.wave_months]
        assert case.answers == truth.answers
        assert case.labour_status == truth.labour_status
    for case in city.caseload.responses:
        if case.disposition is Disposition.PARTIAL:
            truth = population[case.placement_id, case.wave_months]
            assert truth.answers[: len(case.answers)] == case.answers
    statuses = Counter(r.disposition for r in city.population.responses)
    assert set(statuses) == {Disposition.COMPLETE, Disposition.NOT_ELIGIBLE}
    assert city.caseload == synthetic.generate(veterans=600, seed=4)


def test_the_worklist_has_every_status_in_every_district() -> None:
    city = synthetic.sample_city()
    worklist = metrics.follow_ups_due(city, as_of=DEFAULT_AS_OF)
    by_district = worklist.by_region(city)
    assert set(by_district) == set(synthetic.NANJING.districts)
    for district, counts in by_district.items():
        for status in (
            metrics.FollowUpStatus.DONE,
            metrics.FollowUpStatus.DUE,
            metrics.FollowUpStatus.OVERDUE,
            metrics.FollowUpStatus.LOST,
        ):
            assert counts[status] > 0, (district, status)
    counts = worklist.counts()
    due = sum(n for s, n in counts.items() if s is not metrics.FollowUpStatus.NOT_YET_DUE)
    shares = {s.value: n / due for s, n in counts.items()}
    # realistic shares as of the city's date: most follow-ups done, about one in five lost,
    # a few per cent still open
    assert 0.7 < shares["done"] < 0.85
    assert 0.12 < shares["lost"] < 0.25
    assert 0.005 < shares["due"] < 0.03
    assert 0.01 < shares["overdue"] < 0.05
    retention = worklist.retention
    assert all(retention[w].details["lost"] > 0 for w in synthetic.WAVES)


def _key(problem: object) -> tuple[object, str, str]:
    return (problem.code, problem.kind, problem.record_id)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("veterans", "seed", "share"), [(500, 1, 0.02), (800, 9, 0.1)])
def test_check_finds_every_planted_problem_and_nothing_else(
    veterans: int, seed: int, share: float
) -> None:
    city = _planted(veterans, seed, share)
    assert len(city.problems) == round(share * veterans)
    assert {p.planted for p in city.problems} == set(PROBLEM_KINDS)
    found = city.caseload.check()
    assert len(found) == len(city.problems)
    assert {_key(p) for p in found} == {_key(p) for p in city.problems}
    for problem in found:
        assert problem.field in {p.field for p in city.problems if _key(p) == _key(problem)}
    # without problems= the same city has none, and the rest of the city is the same
    clean = _planted(veterans, seed)
    assert clean.caseload.check() == []
    assert clean.caseload.veterans == city.caseload.veterans
    assert city.caseload == synthetic.generate(veterans=veterans, seed=seed, problems=share)


def test_one_problem_at_least_and_bad_shares_refused() -> None:
    city = _planted(50, 2, 0.001)
    assert [p.planted for p in city.problems] == ["duplicate_contact"]
    assert [p.code for p in city.caseload.check()] == [ProblemCode.DUPLICATE_ID]
    for bad in (-0.1, 1.5, True, "0.1"):
        with pytest.raises(InvalidInputError, match="problems"):
            synthetic.generate(veterans=10, seed=1, problems=bad)  # type: ignore[arg-type]


def test_sample_city_figures_stay_plausible() -> None:
    city = _planted(SAMPLE_VETERANS, SAMPLE_SEED)
    for wave, rate in zip(synthetic.WAVES, (0.78, 0.72, 0.67), strict=True):
        report = metrics.nonresponse_report(city.caseload, wave=wave)
        assert report.response_rate == pytest.approx(rate, abs=0.03)


def test_office_blanks_leave_optional_facts_unknown() -> None:
    """With an office's blank rates (the default) the same city has unrecorded facts (None,
    never "none"), check() still finds nothing, and the dossier counts them as 'unknown'
    categories; NO_BLANKS gives the fully recorded city."""
    assert synthetic.NANJING.blanks == synthetic.OFFICE_BLANKS
    blank = synthetic.generate(veterans=800, seed=5)
    full = synthetic.generate(veterans=800, seed=5, blanks=synthetic.NO_BLANKS)
    profile = attrs.evolve(synthetic.NANJING, blanks=synthetic.NO_BLANKS)
    assert synthetic.generate(veterans=800, seed=5, profile=profile) == full
    assert blank.check() == []
    assert len(blank.placements) == len(full.placements)
    assert blank.responses == full.responses  # only the blanked facts differ
    contracts = [p.contract for p in blank.placements]
    assert 0.01 < contracts.count(None) / len(contracts) < 0.08
    assert all(p.contract is not None for p in full.placements)
    for kept, before in zip(blank.placements, full.placements, strict=True):
        for name in ("contract", "weekly_hours", "monthly_wage", "insurance"):
            value = getattr(kept, name)
            assert value is None or value == getattr(before, name)
    educations = [v.education for v in blank.veterans]
    assert educations.count(None) > 0
    report = metrics.nonresponse_report(blank, wave=6)
    labels = {(row.variable, row.category) for row in report.comparison}
    assert ("contract", "unknown") in labels
    assert ("education", "unknown") in labels
