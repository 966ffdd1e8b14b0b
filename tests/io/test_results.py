"""Results that serialise (issue 14): every result type has a JSON form and a frame form.

``io.to_dict`` and ``io.dumps`` take scores, estimates, the statistics' results and record
problems; ``io.to_frame`` makes one row per result; anything without a JSON form is refused.
"""

from __future__ import annotations

import json
import math
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from veteran_services import io, metrics, scoring, stats
from veteran_services import strategies as vs
from veteran_services.errors import InvalidInputError, RecordError
from veteran_services.model import Caseload
from veteran_services.synthetic import generate

AS_OF = date(2025, 6, 30)
CITY = generate(veterans=40, seed=3)
MARKET = scoring.LabourMarket.nanjing()


def _json_round_trip(result: Any) -> Any:
    data = io.to_dict(result)
    text = io.dumps(result)
    assert json.loads(text) == data
    return data


@pytest.fixture(scope="module")
def scores() -> tuple[scoring.QualityScore, ...]:
    return tuple(scoring.score_caseload(CITY, market=MARKET, as_of=AS_OF))


def test_a_score_has_a_json_form_with_its_explanation(
    scores: tuple[scoring.QualityScore, ...],
) -> None:
    score = next(s for s in scores if s.value is not None)
    data = _json_round_trip(score)
    assert data["placement_id"] == score.placement_id
    assert data["started_on"] == score.started_on.isoformat()
    assert data["as_of"] == "2025-06-30"
    assert data["value"] == score.value
    assert data["model_fingerprint"] == score.model_fingerprint
    assert data["missing"] == list(score.missing)
    assert [c["name"] for c in data["components"]] == [c.name for c in score.components]
    first = data["components"][0]
    assert first["explanation"] == score.components[0].explanation
    assert first["dimension"] == score.components[0].dimension.value
    assert "model" not in data


def test_a_score_without_a_value_says_why(scores: tuple[scoring.QualityScore, ...]) -> None:
    score = next(s for s in scores if s.value is None)
    data = _json_round_trip(score)
    assert data["value"] is None
    assert data["reason_code"] == score.reason_code
    assert data["reason"] == score.reason


def test_scores_as_a_frame_one_row_each(scores: tuple[scoring.QualityScore, ...]) -> None:
    pytest.importorskip("pandas")
    frame = io.to_frame(scores)
    assert len(frame) == len(scores)
    assert list(frame["placement_id"]) == [s.placement_id for s in scores]
    names = [c.name for c in scores[0].components]
    assert [f"indicator.{n}" for n in names] == [
        c for c in frame.columns if c.startswith("indicator.")
    ]
    assert [f"points.{n}" for n in names] == [c for c in frame.columns if c.startswith("points.")]
    score = scores[0]
    for component in score.components:
        cell = frame[f"indicator.{component.name}"].iloc[0]
        if component.normalised is None:
            assert cell is None or math.isnan(cell)
        else:
            assert cell == component.normalised


def test_an_estimate_has_a_json_form_and_a_row() -> None:
    estimate = metrics.employment_rate_after_exit(CITY, quarter=2)
    data = _json_round_trip(estimate)
    assert data["name"] == estimate.name
    assert data["value"] == estimate.value
    assert data["denominator"] == estimate.denominator
    assert data["interval"]["low"] == estimate.interval.low  # type: ignore[union-attr]
    assert "observations" not in data
    pytest.importorskip("pandas")
    frame = io.to_frame([estimate])
    assert frame["interval.low"].iloc[0] == estimate.interval.low  # type: ignore[union-attr]


def test_a_money_estimate_keeps_its_decimal_exact() -> None:
    estimate = metrics.median_earnings_after_exit(CITY, quarter=2)
    data = _json_round_trip(estimate)
    if isinstance(estimate.value, Decimal):
        assert data["value"] == str(estimate.value)
        assert Decimal(data["value"]) == estimate.value


def test_the_statistics_results_have_json_forms() -> None:
    interval = stats.wilson_interval(15, 148)
    assert interval is not None
    assert _json_round_trip(interval) == {
        "low": interval.low,
        "high": interval.high,
        "confidence": interval.confidence,
        "method": interval.method.value if hasattr(interval.method, "value") else interval.method,
    }
    proportion = stats.weighted_proportion([1, 0, 0, 1], [1, 1, 1, 3])
    assert proportion is not None
    assert _json_round_trip(proportion)["interval"]["low"] == proportion.interval.low
    inner, _ = stats.funnel_limits(0.2, 100)
    assert _json_round_trip(inner)["low"] == inner.low
    rates = stats.response_rates(
        complete=400,
        partial=50,
        refusal=150,
        non_contact=200,
        other=50,
        unknown_household=100,
        unknown_other=50,
        not_eligible=100,
    )
    assert _json_round_trip(rates)["rr1"] == 0.4
    adjustment = stats.weighting_class_adjustment(
        ["complete", "refusal", "complete", "not_eligible"], ["a", "a", "b", "b"]
    )
    assert _json_round_trip(adjustment)["weights"] == [2.0, 0.0, 1.0, 1.0]
    raked = stats.rake([1, 1, 1, 1], {"sex": ["m", "m", "f", "f"]}, {"sex": {"m": 30, "f": 70}})
    assert _json_round_trip(raked)["weights"] == [15.0, 15.0, 35.0, 35.0]
    ahp = stats.ahp_weights([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]])
    assert _json_round_trip(ahp)["weights"] == list(ahp.weights)


def test_a_group_summary_has_a_json_form(scores: tuple[scoring.QualityScore, ...]) -> None:
    summaries = scoring.summarise(scores, by="region")
    for summary in summaries if isinstance(summaries, list | tuple) else summaries.values():
        _json_round_trip(summary)


def test_a_record_error_has_a_json_form() -> None:
    with pytest.raises(RecordError) as raised:
        io.loads(Caseload, "{")
    data = _json_round_trip(raised.value)
    assert data["problems"][0]["message"].startswith("invalid JSON")


def test_not_a_number_is_null_and_sets_are_sorted() -> None:
    assert io.to_dict({"a": math.nan, "b": math.inf, "c": 1.5}) == {"a": None, "b": None, "c": 1.5}
    assert io.to_dict(frozenset({"b", "a"})) == ["a", "b"]
    assert io.to_dict({date(2024, 1, 2): Decimal("1.50")}) == {"2024-01-02": "1.50"}


class _Unknown:
    pass


@pytest.mark.parametrize("value", [_Unknown(), {"a": [1, _Unknown()]}, object(), b"bytes"])
def test_anything_without_a_json_form_is_refused(value: object) -> None:
    with pytest.raises(InvalidInputError, match="has no JSON form") as raised:
        io.to_dict(value)
    assert raised.value.argument == "record"
    with pytest.raises(InvalidInputError):
        io.dumps(value)


def test_the_refusal_names_where_the_value_is() -> None:
    with pytest.raises(InvalidInputError, match=r"\$\.a\[1\]: an object of type '_Unknown'"):
        io.to_dict({"a": [1, _Unknown()]})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vs.caseloads(min_veterans=1, max_veterans=4))
def test_every_score_of_any_caseload_serialises(caseload: Caseload) -> None:
    for score in scoring.score_caseload(caseload, market=MARKET, as_of=AS_OF):
        data = json.loads(io.dumps(score))
        assert data == io.to_dict(score)
        assert data["placement_id"] == score.placement_id
        assert len(data["components"]) == len(score.components)
    for estimate in (
        metrics.employment_rate_after_exit(caseload, quarter=2),
        metrics.placement_rate(caseload),
    ):
        assert json.loads(io.dumps(estimate)) == io.to_dict(estimate)
