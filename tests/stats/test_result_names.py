"""One name for a result's figure (issue 14): ``value``, the old names kept one release."""

from __future__ import annotations

import pytest

from veteran_services import io
from veteran_services.errors import InvalidInputError
from veteran_services.stats import Interval, WeightedProportion, weighted_proportion


def test_a_weighted_proportion_names_its_figure_value() -> None:
    result = weighted_proportion([1, 0, 0, 1], [1, 1, 1, 3])
    assert result is not None
    assert result.value == pytest.approx(2 / 3)
    assert "value" in io.to_dict(result)
    assert "estimate" not in io.to_dict(result)


def test_the_old_name_still_works_and_warns() -> None:
    result = weighted_proportion([1, 0], [1, 1])
    assert result is not None
    with pytest.deprecated_call(match=r"WeightedProportion\.value"):
        old = result.estimate
    assert old == result.value


def test_the_old_keyword_still_builds_one_and_warns() -> None:
    interval = Interval(low=0.1, high=0.9, confidence=0.95, method="wilson_effective_n")
    with pytest.deprecated_call():
        built = WeightedProportion(
            estimate=0.5, effective_n=2.0, n=2, total_weight=2.0, interval=interval
        )
    assert built == WeightedProportion(
        value=0.5, effective_n=2.0, n=2, total_weight=2.0, interval=interval
    )
    with pytest.deprecated_call(), pytest.raises(InvalidInputError, match="give 'value' only"):
        WeightedProportion(
            value=0.5, estimate=0.5, effective_n=2.0, n=2, total_weight=2.0, interval=interval
        )
