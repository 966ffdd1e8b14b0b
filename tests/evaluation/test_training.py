"""training_frame and training_effect: from a caseload to an analysis frame and an estimate."""

from __future__ import annotations

import json
from datetime import date

import pytest

from veteran_services import evaluation, metrics, synthetic
from veteran_services.errors import InvalidInputError
from veteran_services.model import Caseload, EnrolmentOutcome, ProgrammeKind

AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def city() -> Caseload:
    return synthetic.sample_city()


@pytest.fixture(scope="module")
def frame(city: Caseload) -> evaluation.TrainingFrame:
    return evaluation.training_frame(city, programme_kind="vocational", as_of=AS_OF)


def _rows(frame: evaluation.TrainingFrame) -> list[dict[str, object]]:
    names = list(frame.data)
    return [
        dict(zip(names, values, strict=True)) for values in zip(*frame.data.values(), strict=True)
    ]


def test_treated_completed_a_programme_of_the_kind(
    city: Caseload, frame: evaluation.TrainingFrame
) -> None:
    kinds = {p.id: p.kind for p in city.programmes}
    treated = [r for r in _rows(frame) if r["treated"] == 1]
    assert len(treated) == frame.n_treated
    for row in treated:
        completed = [
            e
            for e in city.enrolments_of(str(row["veteran_id"]))
            if kinds[e.programme_id] is ProgrammeKind.VOCATIONAL
            and e.outcome is EnrolmentOutcome.COMPLETED
        ]
        assert completed, row["veteran_id"]


def test_comparison_not_enrolled_by_the_as_if_exit(
    city: Caseload, frame: evaluation.TrainingFrame
) -> None:
    days = frame.time_to_exit_days
    comparison = [r for r in _rows(frame) if r["treated"] == 0]
    assert len(comparison) == frame.n_comparison
    for row in comparison:
        veteran = city.veteran(str(row["veteran_id"]))
        assert veteran.registered_on is not None
        as_if = date.fromisoformat(str(row["exit_on"]))
        assert (as_if - veteran.registered_on).days == days
        assert all(e.enrolled_on > as_if for e in city.enrolments_of(veteran.id))


def test_time_to_exit_is_the_treated_median(
    city: Caseload, frame: evaluation.TrainingFrame
) -> None:
    gaps = sorted(
        (date.fromisoformat(str(r["exit_on"])) - city.veteran(str(r["veteran_id"])).registered_on)  # type: ignore[operator]
        .days
        for r in _rows(frame)
        if r["treated"] == 1
    )
    # the median over all treated exits (also those left out later for their outcome)
    assert gaps[0] <= frame.time_to_exit_days <= gaps[-1]


def test_employment_outcome_is_the_indicators(
    city: Caseload, frame: evaluation.TrainingFrame
) -> None:
    """Treated units' employed_q2 equals the employment-rate indicator's observation."""
    estimate = metrics.employment_rate_after_exit(
        city, quarter=2, as_of=AS_OF, counting="last_exit"
    )
    observed = {o.veteran_id: o.value for o in estimate.observations if o.excluded is None}
    rows = [r for r in _rows(frame) if r["treated"] == 1]
    assert len(rows) > 100
    for row in rows:
        assert observed[str(row["veteran_id"])] == bool(row["employed_q2"])


def test_earnings_outcome_is_the_indicators(city: Caseload) -> None:
    frame = evaluation.training_frame(
        city, programme_kind="vocational", outcome="earnings_q4", as_of=AS_OF
    )
    median = metrics.median_earnings_after_exit(city, quarter=4, as_of=AS_OF, counting="last_exit")
    observed = {
        o.veteran_id: float(o.value)  # type: ignore[arg-type]
        for o in median.observations
        if o.excluded is None
    }
    rows = [r for r in _rows(frame) if r["treated"] == 1]
    positive = [r for r in rows if float(r["earnings_q4"]) > 0]  # type: ignore[arg-type]
    assert len(positive) > 50
    for row in positive:
        assert observed[str(row["veteran_id"])] == pytest.approx(row["earnings_q4"], abs=0.005)
    zero = [r for r in rows if r["earnings_q4"] == 0.0]
    assert all(str(r["veteran_id"]) not in observed for r in zero)


def test_covariates_are_measured_at_registration(
    city: Caseload, frame: evaluation.TrainingFrame
) -> None:
    for row in _rows(frame)[:200]:
        veteran = city.veteran(str(row["veteran_id"]))
        assert veteran.registered_on is not None
        age = veteran.age(on=veteran.registered_on)
        if age is not None:
            assert row["age"] == age
        assert row["barriers"] == len(veteran.barriers)
        assert row["months_of_service"] == veteran.months_of_service(as_of=veteran.registered_on)


def test_unknown_covariates_are_explicit(city: Caseload, frame: evaluation.TrainingFrame) -> None:
    counts = dict(frame.missing_counts)
    assert counts["education"] > 0
    assert "education_missing" in frame.covariates
    assert any("education unknown" in note for note in frame.notes)
    complete = evaluation.training_frame(
        city, programme_kind="vocational", as_of=AS_OF, missing="complete"
    )
    assert "education_missing" not in complete.covariates
    dropped = dict(complete.excluded)["complete cases: a covariate unknown"]
    assert complete.n_treated + complete.n_comparison + dropped == (
        frame.n_treated + frame.n_comparison
    )


def test_constant_columns_are_left_out_with_a_note(frame: evaluation.TrainingFrame) -> None:
    for column in frame.data:
        if column in frame.covariates:
            assert len(set(frame.data[column])) > 1
    left_out = [n for n in frame.notes if "left out of the models" in n]
    assert len(left_out) == len(
        [c for c in frame.data if c not in ("veteran_id", "treated", "exit_on", "employed_q2")]
    ) - len(frame.covariates)


def test_ignore_kinds_widens_the_comparison(
    city: Caseload, frame: evaluation.TrainingFrame
) -> None:
    wide = evaluation.training_frame(
        city, programme_kind="vocational", as_of=AS_OF, ignore_kinds={"adaptive"}
    )
    assert wide.n_comparison > frame.n_comparison
    assert wide.ignore_kinds == ("adaptive",)
    assert "ignoring adaptive" in wide.comparison_rule


def test_window_limits_the_exits(city: Caseload) -> None:
    window = (date(2022, 1, 1), date(2023, 12, 31))
    frame = evaluation.training_frame(city, programme_kind="vocational", as_of=AS_OF, window=window)
    assert all(window[0].isoformat() <= d <= window[1].isoformat() for d in frame.data["exit_on"])


def test_training_effect(city: Caseload) -> None:
    pytest.importorskip("statsmodels")
    result = evaluation.training_effect(
        city, programme_kind="vocational", as_of=AS_OF, ignore_kinds={"adaptive"}
    )
    assert result.estimate.covariates == result.frame.covariates
    assert result.estimate.n_treated == result.frame.n_treated
    assert result.estimate.lower < result.estimate.value < result.estimate.upper
    assert result.naive.mean_treated - result.naive.mean_comparison == pytest.approx(
        result.naive.value
    )
    assert result.estimate.diagnostics.imbalanced == ()
    data = json.loads(json.dumps(result.to_dict()))
    assert data["frame"]["time_to_exit_days"] == result.frame.time_to_exit_days


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"programme_kind": "knitting"}, "programme_kind"),
        ({"outcome": "employed_q9"}, "outcome"),
        ({"outcome": "happy_q2"}, "outcome"),
        ({"as_of": "June 2026"}, "as_of"),
        ({"window": (date(2024, 1, 1),)}, "window"),
        ({"covariates": ["age", "shoe_size"]}, "covariates"),
        ({"covariates": "age"}, "covariates"),
        ({"covariates": ["age", "age"]}, "covariates"),
        ({"missing": "drop"}, "missing"),
        ({"ignore_kinds": ["vocational"]}, "ignore_kinds"),
        ({"ignore_kinds": "adaptive"}, "ignore_kinds"),
        ({"programme_kind": "on_the_job", "window": (date(2017, 1, 1), date(2017, 2, 1))},
         "programme_kind"),
    ],
)  # fmt: skip
def test_bad_arguments(city: Caseload, changes: dict[str, object], argument: str) -> None:
    arguments: dict[str, object] = {"programme_kind": "vocational", "as_of": AS_OF}
    arguments.update(changes)
    with pytest.raises(InvalidInputError) as caught:
        evaluation.training_frame(city, **arguments)  # type: ignore[arg-type]
    assert caught.value.argument == argument


def test_not_a_caseload() -> None:
    with pytest.raises(InvalidInputError, match="'caseload' must be a Caseload"):
        evaluation.training_frame({}, programme_kind="vocational", as_of=AS_OF)  # type: ignore[arg-type]
