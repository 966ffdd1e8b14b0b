"""The quality model: validation, fingerprint, serialisation, weights from AHP and entropy."""

from __future__ import annotations

import json
from datetime import date

import pytest

from veteran_services import QualityDimension
from veteran_services.errors import InvalidInputError
from veteran_services.scoring import (
    IndicatorSpec,
    LabourMarket,
    QualityModel,
    score_caseload,
)

DEFAULT = QualityModel.default()


def test_default_model() -> None:
    assert DEFAULT.names == (
        "contract_security",
        "earnings_to_median",
        "earnings_to_minimum",
        "job_strain",
        "retention",
        "satisfaction",
        "skills_match",
        "social_insurance",
        "working_time",
    )
    assert DEFAULT.total_weight == pytest.approx(1.0)
    assert DEFAULT.version == "2024.1"
    assert DEFAULT.aggregation == "arithmetic"
    assert DEFAULT.spec("working_time").higher_is_better is False
    assert DEFAULT.spec("social_insurance").dimension is QualityDimension.SECURITY_AND_PROTECTION
    assert len(DEFAULT.fingerprint) == 12
    assert DEFAULT.fingerprint in str(DEFAULT)


@pytest.mark.parametrize(
    ("build", "argument", "text"),
    [
        (lambda: IndicatorSpec.of("wages", weight=1), "name", "known indicator"),
        (lambda: IndicatorSpec.of("retention", weight=-0.1), "weight", "must not be negative"),
        (
            lambda: IndicatorSpec.of("retention", weight=1, low=12, high=12),
            "low",
            "'low' must be below 'high'",
        ),
        (
            lambda: IndicatorSpec.of("retention", weight=float("nan")),
            "weight",
            "finite number",
        ),
        (lambda: DEFAULT.with_weights(dict.fromkeys(DEFAULT.names, 0)), "weights", "all be zero"),
        (lambda: DEFAULT.with_weights({"wages": 1}), "name", "no indicator 'wages'"),
        (lambda: DEFAULT.replace(aggregation="harmonic"), "aggregation", "'arithmetic' or"),
        (lambda: DEFAULT.replace(min_coverage=1.5), "min_coverage", "between 0 and 1"),
        (lambda: DEFAULT.replace(geometric_floor=0), "geometric_floor", "above 0"),
        (lambda: DEFAULT.replace(indicators=[]), "indicators", "at least one"),
        (
            lambda: DEFAULT.replace(indicators=[*DEFAULT.indicators, DEFAULT.indicators[0]]),
            "indicators",
            "each indicator once",
        ),
    ],
)
def test_invalid_models_fail_at_construction(build, argument: str, text: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInputError, match=text) as caught:
        build()
    assert caught.value.argument == argument


def test_fingerprint_covers_the_whole_specification() -> None:
    prints = {
        DEFAULT.fingerprint,
        DEFAULT.with_weights({"retention": 0.11}).fingerprint,
        DEFAULT.replace(aggregation="geometric").fingerprint,
        DEFAULT.replace(min_coverage=0.6).fingerprint,
        DEFAULT.replace(version="2024.2").fingerprint,
        DEFAULT.replace(
            indicators=[
                IndicatorSpec.of(s.name, weight=s.weight, high=24.0) if s.name == "retention" else s
                for s in DEFAULT.indicators
            ]
        ).fingerprint,
    }
    assert len(prints) == 6
    # the order indicators are listed in, and int vs float weights, change nothing
    same = QualityModel(
        indicators=[
            IndicatorSpec.of(s.name, weight=int(s.weight) if s.weight == 0 else s.weight)
            for s in reversed(DEFAULT.indicators)
        ],
        version=DEFAULT.version,
        name=DEFAULT.name,
    )
    assert same.fingerprint == DEFAULT.fingerprint
    assert same == DEFAULT


def test_json_round_trip() -> None:
    model = DEFAULT.replace(aggregation="geometric", version="x")
    text = model.to_json()
    assert json.loads(text)["indicators"][0]["name"] == "contract_security"
    again = QualityModel.from_json(text)
    assert again == model
    assert again.fingerprint == model.fingerprint


@pytest.mark.parametrize(
    ("mutate", "text"),
    [
        (lambda d: d.update(colour="red"), "unknown key 'colour'"),
        (lambda d: d["indicators"][0].update(colour="red"), "unknown key 'colour'"),
        (lambda d: d["indicators"][0].pop("weight"), "no 'weight'"),
        (lambda d: d["indicators"][0].update(dimension="fun"), "'dimension'"),
        (lambda d: d.update(format=9), "'format' must be 1"),
    ],
)
def test_from_json_rejects_bad_input(mutate, text: str) -> None:  # type: ignore[no-untyped-def]
    data = DEFAULT.to_dict()
    mutate(data)
    with pytest.raises(InvalidInputError, match=text):
        QualityModel.from_dict(data)


def test_with_weights_keeps_the_rest() -> None:
    model = DEFAULT.with_weights({"satisfaction": 0.2}, version="mine")
    assert model.spec("satisfaction").weight == 0.2
    assert model.spec("retention") == DEFAULT.spec("retention")
    assert model.version == "mine"


def test_weights_from_ahp() -> None:
    names = ["earnings_to_minimum", "social_insurance", "contract_security"]
    # consistent judgements: weights 4 : 2 : 1
    matrix = [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]
    model = QualityModel.from_ahp(matrix, names)
    assert model.spec("earnings_to_minimum").weight == pytest.approx(4 / 7)
    assert model.spec("social_insurance").weight == pytest.approx(2 / 7)
    assert model.spec("contract_security").weight == pytest.approx(1 / 7)
    assert model.spec("retention").weight == 0.0
    assert model.version == "2024.1+ahp"
    inconsistent = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    with pytest.raises(InvalidInputError, match="not consistent enough"):
        QualityModel.from_ahp(inconsistent, names)
    loose = QualityModel.from_ahp(inconsistent, names, require_consistent=False)
    assert loose.total_weight == pytest.approx(1.0)
    with pytest.raises(InvalidInputError, match="'names'"):
        QualityModel.from_ahp(matrix, names[:2])


def test_weights_from_entropy(build) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from veteran_services import Money

    model = QualityModel(
        indicators=[
            IndicatorSpec.of("earnings_to_minimum", weight=1),
            IndicatorSpec.of("working_time", weight=1),
            IndicatorSpec.of("contract_security", weight=1),
        ],
        version="e",
    )
    placements = [
        build.placement("A", monthly_wage=Money.of("2988"), weekly_hours=Decimal("40")),
        build.placement("B", monthly_wage=Money.of("4980"), weekly_hours=Decimal("42")),
        build.placement("C", monthly_wage=Money.of("7470"), weekly_hours=Decimal("44")),
    ]
    scores = score_caseload(
        build.caseload(placements),
        market=LabourMarket.nanjing(),
        model=model,
        as_of=date(2025, 1, 1),
    )
    weighted = model.with_entropy_weights([s.normalised_values() for s in scores])
    # the contract is the same for all three: no information, weight 0
    assert weighted.spec("contract_security").weight == 0.0
    assert weighted.total_weight == pytest.approx(1.0)
    assert weighted.version == "e+entropy"
    with pytest.raises(InvalidInputError):
        model.with_entropy_weights([scores[0].normalised_values()])
