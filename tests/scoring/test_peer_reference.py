"""The labour market says what it lacks; the opt-in peer wage reference; entropy weights over
the indicators most placements have (issue 25)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from veteran_services import EarningsRecord, Money, Quarter
from veteran_services.errors import InvalidInputError, InvalidRecordError
from veteran_services.scoring import (
    MARKET_TABLES,
    LabourMarket,
    MedianWage,
    QualityModel,
    peer_median_wages,
    score_caseload,
)
from veteran_services.synthetic import generate

AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def city():  # type: ignore[no-untyped-def]
    return generate(veterans=300, seed=1)


def test_the_builtin_market_says_it_has_no_median_wages() -> None:
    market = LabourMarket.nanjing()
    assert market.lacks() == ("median_wages",)
    assert market.tables()["median_wages"] == 0
    assert market.tables()["minimum_wages"] > 0
    shown = repr(market)
    assert "median_wages=empty" in shown
    assert "earnings_to_median is missing for every placement" in shown
    assert set(MARKET_TABLES) == set(market.tables())


def test_a_complete_market_lacks_nothing(city) -> None:  # type: ignore[no-untyped-def]
    peer = LabourMarket.peer_reference(city)
    assert peer.lacks() == ()
    assert "peer reference" in repr(peer)
    assert "missing for every placement" not in repr(peer)


def _earnings(city, amounts: dict[str, list[str]], employer_id: str):  # type: ignore[no-untyped-def]
    records = []
    for veteran_id, quarters in amounts.items():
        for index, amount in enumerate(quarters):
            records.append(
                EarningsRecord(
                    veteran_id=veteran_id,
                    employer_id=employer_id,
                    quarter=Quarter(year=2023, quarter=index + 1),
                    amount=Money.of(amount),
                )
            )
    return attrs.evolve(city, earnings=records)


def test_the_rule_full_quarters_once_per_veteran_median(city) -> None:  # type: ignore[no-untyped-def]
    employer = city.employers[0]
    veterans = [v.id for v in city.veterans[:11]]
    # a partial first and last quarter, two full quarters of 3 × monthly
    amounts = {
        veteran_id: ["100", str(3 * (3000 + 100 * i)), str(3 * (3000 + 100 * i)), "50"]
        for i, veteran_id in enumerate(veterans)
    }
    rows = peer_median_wages(_earnings(city, amounts, employer.id), min_n=10)
    by_region = {(row.region, row.year): row for row in rows}
    district = by_region[(employer.region, 2023)]
    assert district.monthly == Decimal("3500.00")  # the median of 3000, 3100, ..., 4000
    assert district.kind == "peer"
    assert district.confirmed is False
    assert "11 employed veterans" in district.source
    assert "not the labour-market median" in district.note
    assert (employer.region[:4] + "00", 2023) in by_region  # pooled into the city


def test_cells_below_min_n_are_left_out(city) -> None:  # type: ignore[no-untyped-def]
    employer = city.employers[0]
    amounts = {v.id: ["9000", "9000", "9000"] for v in city.veterans[:3]}
    caseload = _earnings(city, amounts, employer.id)
    assert peer_median_wages(caseload, min_n=4) == ()
    assert len(peer_median_wages(caseload, min_n=3)) == 2  # the district and its city


def test_partial_quarters_alone_give_no_row(city) -> None:  # type: ignore[no-untyped-def]
    employer = city.employers[0]
    amounts = {v.id: ["9000", "0", "9000"] for v in city.veterans[:20]}
    assert peer_median_wages(_earnings(city, amounts, employer.id), min_n=1) == ()


def test_scores_call_it_a_peer_reference(city) -> None:  # type: ignore[no-untyped-def]
    peer = LabourMarket.peer_reference(city)
    assert peer.name == "nanjing (built-in) + peer reference"
    assert peer.peer_wages
    scores = score_caseload(city, market=peer, as_of=AS_OF)
    notes = [
        c.explanation
        for s in scores
        for c in s.components
        if c.name == "earnings_to_median" and c.raw is not None
    ]
    assert notes
    assert all("peer reference" in note for note in notes)
    assert not any("× the median" in note for note in notes)
    builtin = score_caseload(city, market=LabourMarket.nanjing(), as_of=AS_OF)
    assert not any("earnings_to_median" in s.normalised_values() for s in builtin)


def test_the_peer_rows_survive_json(city) -> None:  # type: ignore[no-untyped-def]
    peer = LabourMarket.peer_reference(city)
    again = LabourMarket.from_dict(peer.to_dict())
    assert again.median_wages == peer.median_wages


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(InvalidRecordError, match="'kind' must be one of"):
        MedianWage(
            region="320100",
            year=2024,
            monthly=Decimal(5000),
            source="x",
            confirmed=True,
            kind="official",
        )


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        ({"caseload": "city"}, "caseload"),
        ({"min_n": 0}, "min_n"),
        ({"base": "nanjing"}, "base"),
    ],
)
def test_bad_arguments_are_named(city, arguments, argument) -> None:  # type: ignore[no-untyped-def]
    given = {"caseload": city, **arguments}
    with pytest.raises(InvalidInputError) as caught:
        LabourMarket.peer_reference(given.pop("caseload"), **given)
    assert caught.value.argument == argument


def test_entropy_over_the_common_indicators(city) -> None:  # type: ignore[no-untyped-def]
    scores = score_caseload(city, market=LabourMarket.nanjing(), as_of=AS_OF)
    model = QualityModel.default()
    rows = [s.normalised_values() for s in scores if s.value is not None]
    with pytest.raises(InvalidInputError, match="earnings_to_median"):
        model.with_entropy_weights(rows)
    common = ["contract_security", "earnings_to_minimum", "social_insurance", "working_time"]
    entropy = model.with_entropy_weights(rows, indicators=common)
    weights = {s.name: s.weight for s in entropy.indicators}
    assert sum(weights[n] for n in common) == pytest.approx(1.0)
    assert all(weights[n] == 0.0 for n in weights if n not in common)
    assert entropy.version.endswith("+entropy")


def test_entropy_refuses_an_unknown_indicator(city) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInputError):
        QualityModel.default().with_entropy_weights([{}, {}], indicators=["wages"])
    with pytest.raises(InvalidInputError) as caught:
        QualityModel.default().with_entropy_weights([{}, {}], indicators="working_time")
    assert caught.value.argument == "indicators"
