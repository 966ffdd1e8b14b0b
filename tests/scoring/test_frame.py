"""Scores as a frame in one call: the columnar path's columns, the veteran's and the
employer's district side by side (issue 25, items 2 and 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from veteran_services import Caseload  # noqa: E402
from veteran_services.columnar import score_table, to_arrow  # noqa: E402
from veteran_services.scoring import (  # noqa: E402
    EXTRA_COLUMNS,
    Flag,
    LabourMarket,
    QualityModel,
    score_caseload,
    score_frame,
)
from veteran_services.synthetic import DEFAULT_AS_OF, sample_city  # noqa: E402

MARKET = LabourMarket.nanjing()


@pytest.fixture(scope="module")
def city() -> Caseload:
    return sample_city()


@pytest.fixture(scope="module")
def frame(city: Caseload) -> Any:
    return score_frame(city, market=MARKET, as_of=DEFAULT_AS_OF)


@pytest.fixture(scope="module")
def columnar(city: Caseload) -> Any:
    tables = to_arrow(city)
    table = score_table(
        tables["placements"],
        employers=tables["employers"],
        programmes=tables["programmes"],
        enrolments=tables["enrolments"],
        responses=tables["responses"],
        instruments=tables["instruments"],
        market=MARKET,
        as_of=DEFAULT_AS_OF,
    )
    return table.to_pandas().sort_values("placement_id", ignore_index=True)


def test_the_same_columns_and_values_as_the_columnar_path(frame: Any, columnar: Any) -> None:
    assert [c for c in frame.columns if c not in EXTRA_COLUMNS] == list(columnar.columns)
    pd.testing.assert_frame_equal(
        frame.drop(columns=list(EXTRA_COLUMNS)), columnar, check_exact=False, rtol=1e-9
    )


def test_every_flag_is_a_boolean_column_and_every_component_is_there(
    city: Caseload, frame: Any
) -> None:
    model = QualityModel.default()
    for flag in Flag:
        assert frame[f"flag.{flag.value}"].dtype == bool
    for spec in model.indicators:
        for part in ("raw", "normalised", "missing", "share", "contribution"):
            assert f"{spec.name}.{part}" in frame.columns
    scores = score_caseload(city, market=MARKET, as_of=DEFAULT_AS_OF)
    assert len(frame) == len(scores)
    one = scores[7]
    row = frame.set_index("placement_id").loc[one.placement_id]
    assert row["value"] == pytest.approx(one.value)
    for component in one.components:
        if component.contribution is not None:
            assert row[f"{component.name}.contribution"] == pytest.approx(component.contribution)
    assert [f for f in Flag if row[f"flag.{f.value}"]] == list(one.flags)


def test_the_veterans_and_the_employers_district_side_by_side(city: Caseload, frame: Any) -> None:
    columns = list(frame.columns)
    assert columns.index("employer_region") == columns.index("veteran_region") + 1
    assert frame["employer_region"].equals(frame["region"])
    for row in frame.head(50).itertuples():
        assert row.veteran_region == city.veteran(row.veteran_id).region
        assert row.employer_region == city.employer(row.employer_id).region
    assert (frame["veteran_region"] != frame["employer_region"]).any()


def test_the_reasons_in_code_and_in_words(city: Caseload) -> None:
    early = score_frame(city, as_of=date(2025, 1, 1))  # later placements have no score
    unscored = early[early["value"].isna()]
    # the sample city leaves some facts blank: a few placements fall below the model's coverage
    assert set(unscored["reason"]) == {"after_scoring_date", "low_coverage"}
    late = unscored[unscored["reason"] == "after_scoring_date"]
    assert late["reason_text"].str.contains("after the scoring date 2025-01-01").all()
    assert (unscored["reason"] == "low_coverage").sum() < 0.05 * len(early)
    scored = early[early["value"].notna()]
    assert scored["reason"].isna().all()
    assert scored["reason_text"].isna().all()


def test_scores_given_are_used_as_they_are(city: Caseload, frame: Any) -> None:
    scores = score_caseload(city, market=MARKET, as_of=DEFAULT_AS_OF)
    again = score_frame(city, as_of=DEFAULT_AS_OF, scores=reversed(scores))
    pd.testing.assert_frame_equal(again, frame)
    assert again.attrs["model_fingerprint"] == QualityModel.default().fingerprint
