"""Bad input gets a clear InvalidInputError naming the argument, never a raw exception."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from veteran_services.errors import InvalidInputError, MissingExtraError
from veteran_services.evaluation import treatment_effect

Frame = dict[str, Any]


def _call(data: Frame, **options: Any) -> None:
    arguments: dict[str, Any] = {"treatment": "t", "outcome": "y", "covariates": ["x1", "x2"]}
    arguments.update(options)
    treatment_effect(data, **arguments)


def _error(data: Frame, argument: str, match: str, **options: Any) -> InvalidInputError:
    with pytest.raises(InvalidInputError, match=match) as info:
        _call(data, **options)
    assert info.value.argument == argument
    return info.value


def test_treatment_not_two_valued(frame: Frame) -> None:
    data = dict(frame, t=np.where(frame["x1"] > 1, 2.0, frame["t"]))
    _error(data, "treatment", "two-valued")


def test_treatment_one_valued(frame: Frame) -> None:
    _error(dict(frame, t=np.ones(len(frame["t"]))), "treatment", "both values")


def test_treatment_strings(frame: Frame) -> None:
    data = dict(frame, t=["yes" if v else "no" for v in frame["t"]])
    _error(data, "treatment", "numeric")


def test_treatment_missing(frame: Frame) -> None:
    t = list(frame["t"])
    t[4] = None
    _error(dict(frame, t=t), "treatment", "1 missing")


def test_outcome_missing_counted(frame: Frame) -> None:
    y = frame["y"].copy()
    y[[1, 5, 9]] = np.nan
    _error(dict(frame, y=y), "outcome", "3 missing values of 600")


def test_covariate_missing_named_and_counted(frame: Frame) -> None:
    x2 = list(frame["x2"])
    x2[0] = x2[3] = None
    _error(dict(frame, x2=x2), "covariates", r"'x2' \(2 of 600\)")


def test_covariate_not_numeric(frame: Frame) -> None:
    _error(dict(frame, x2=["a"] * len(frame["t"])), "covariates", "must be numeric")


def test_unknown_column(frame: Frame) -> None:
    _error(frame, "covariates", "no column 'age'", covariates=["x1", "age"])


def test_constant_covariate(frame: Frame) -> None:
    _error(dict(frame, x2=np.ones(len(frame["t"]))), "covariates", "'x2' is constant")


def test_collinear_covariate(frame: Frame) -> None:
    data = dict(frame, x3=2.0 * frame["x1"] - frame["x2"])
    _error(data, "covariates", "'x3' is collinear", covariates=["x1", "x2", "x3"])


def test_perfect_separation_names_the_covariate(frame: Frame) -> None:
    data = dict(frame, x2=frame["t"] + 0.0)
    err = _error(data, "covariates", "do not overlap")
    assert "'x2'" in str(err)


def test_separation_by_a_combination(make_frame: Callable[..., Frame]) -> None:
    data = make_frame(5)
    data["t"] = (data["x1"] + data["x3"] > 0).astype(float)
    err = _error(data, "covariates", "combination", covariates=["x1", "x3"])
    assert "perfectly" in str(err)


def test_too_few_treated(frame: Frame) -> None:
    t = np.zeros(len(frame["t"]))
    t[:3] = 1.0
    _error(dict(frame, t=t), "treatment", "3 treated units")


def test_too_few_after_trimming(frame: Frame) -> None:
    _error(frame, "treatment", "after trimming", trim=(0.0, 0.02))


def test_unknown_method_and_estimand(frame: Frame) -> None:
    _error(frame, "method", "'lasso'", method="lasso")
    _error(frame, "estimand", "'atc'", estimand="atc")


@pytest.mark.parametrize("confidence", [0.0, 1.0, 95, "0.95", True])
def test_bad_confidence(frame: Frame, confidence: object) -> None:
    _error(frame, "confidence", "confidence", confidence=confidence)


@pytest.mark.parametrize("trim", [(0.9, 0.1), (0.1,), "tails", (0.1, 1.5)])
def test_bad_trim(frame: Frame, trim: object) -> None:
    _error(frame, "trim", "trim", trim=trim)


def test_crump_for_the_att_refused(frame: Frame) -> None:
    _error(frame, "trim", "Crump", trim="crump", estimand="att")


def test_bootstrap_with_matching_refused(frame: Frame) -> None:
    _error(frame, "bootstrap", "Abadie & Imbens 2008", method="matching", bootstrap=200, seed=1)


def test_bootstrap_needs_a_seed_and_a_seed_needs_the_bootstrap(frame: Frame) -> None:
    _error(frame, "seed", "needed", bootstrap=100)
    _error(frame, "seed", "only with 'bootstrap'", seed=3)
    _error(frame, "bootstrap", ">= 50", bootstrap=10, seed=3)


def test_covariates_argument_checked(frame: Frame) -> None:
    _error(frame, "covariates", "list of column names", covariates="x1")
    _error(frame, "covariates", "at least one", covariates=[])
    _error(frame, "covariates", "repeats", covariates=["x1", "x1"])
    _error(frame, "covariates", "also listed", covariates=["x1", "t"])


def test_bad_data_type() -> None:
    _error([[1, 2]], "data", "DataFrame")  # type: ignore[arg-type]


def test_unequal_lengths(frame: Frame) -> None:
    _error(dict(frame, x2=frame["x2"][:-1]), "data", "599 values")


def test_outcome_constant_in_a_group_for_a_logistic_model(binary_frame: Frame) -> None:
    y = np.where(binary_frame["t"] == 1, 1.0, binary_frame["y"])
    _error(dict(binary_frame, y=y), "outcome", "every treated unit", estimand="ate")


def test_check_balance_columns_checked(frame: Frame) -> None:
    _error(frame, "check_balance", "already", check_balance=["x1"])
    _error(frame, "check_balance", "no column", check_balance=["zzz"])


def test_missing_extra_names_the_extra(frame: Frame, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "statsmodels.discrete.discrete_model", None)
    with pytest.raises(MissingExtraError, match=r"veteran-services\[evaluation\]"):
        _call(frame)
