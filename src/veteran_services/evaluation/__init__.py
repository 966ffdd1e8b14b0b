"""Treatment effects of programmes: did the training help?

:func:`treatment_effect` estimates the effect of a two-valued treatment (a programme) on an
outcome (a job, earnings) from any analysis frame, adjusting for the covariates given, with
the diagnostics an evaluator needs to judge it: balance, overlap, effective sample sizes,
the propensity model and the E-value. The formulas and their sources are in the methodology
page *Evaluation*.

The estimators need numpy, scipy and statsmodels (the ``evaluation`` extra); they are
imported on first use, so importing this package costs nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from veteran_services.errors import MissingExtraError
from veteran_services.evaluation._results import (
    SMD_THRESHOLD,
    CovariateBalance,
    Diagnostics,
    EffectEstimate,
    EValue,
    EventStudy,
    EventTimeEffect,
    GroupTimeEffect,
    Matching,
    Overlap,
    PropensityTerm,
    Trimming,
)

__all__ = [
    "SMD_THRESHOLD",
    "CovariateBalance",
    "Diagnostics",
    "EValue",
    "EffectEstimate",
    "EventStudy",
    "EventTimeEffect",
    "GroupTimeEffect",
    "Matching",
    "Overlap",
    "PropensityTerm",
    "Trimming",
    "event_study",
    "treatment_effect",
]


def _module(name: str) -> Any:
    try:
        if name == "did":
            return importlib.import_module("veteran_services.evaluation._did")
        return importlib.import_module("veteran_services.evaluation._core")
    except ImportError as error:
        msg = (
            "the evaluation estimators need numpy, scipy and statsmodels: install the "
            "'evaluation' extra (pip install 'veteran-services[evaluation]')"
        )
        raise MissingExtraError(msg) from error


def event_study(
    data: object,
    *,
    unit: str,
    period: str,
    first_treated: str,
    outcome: str,
    control: str = "never",
    confidence: float = 0.95,
) -> EventStudy:
    """Event-study difference-in-differences for staggered starts (Callaway & Sant'Anna 2021).

    Each group-time effect ATT(g, t) compares the cohort first treated in period g with a
    clean comparison group, from the base period g - 1 to period t; nothing is compared with
    already-treated units, so effects that vary by cohort or over time do not bias the
    estimate (unlike a two-way fixed-effects regression, Goodman-Bacon 2021). Pre-periods
    (event time < -1) are placebo estimates: consistent with zero under parallel trends.

    Args:
        data: A long frame (one row per unit and period): a pandas DataFrame, an Arrow table
            or a mapping of columns. The panel must be balanced.
        unit: The unit-id column.
        period: The period column (whole numbers, consecutive: e.g. quarters numbered).
        first_treated: The first treated period of the unit; ``None``, NaN or 0 for a unit
            never treated. Units treated from the first period on are left out (counted).
        outcome: The outcome column.
        control: ``"never"`` (never-treated units) or ``"not_yet"`` (never treated and not
            yet treated at both t and g - 1).
        confidence: The pointwise intervals' confidence level.

    Returns:
        The group-time effects and their event-time aggregation, with influence-function
        standard errors (unconditional on covariates; pointwise, not uniform, intervals).

    Raises:
        InvalidInputError: The data cannot give an estimate (unbalanced panel, missing
            values, no treated or comparison units); the message names the argument.
        MissingExtraError: The ``evaluation`` extra is not installed.
    """
    result: EventStudy = _module("did").event_study(
        data,
        unit=unit,
        period=period,
        first_treated=first_treated,
        outcome=outcome,
        control=control,
        confidence=confidence,
    )
    return result


def treatment_effect(
    data: object,
    *,
    treatment: str,
    outcome: str,
    covariates: Sequence[str],
    estimand: str = "att",
    method: str = "aipw",
    confidence: float = 0.95,
    trim: tuple[float, float] | str | None = None,
    bootstrap: int | None = None,
    seed: int | None = None,
    check_balance: Sequence[str] = (),
) -> EffectEstimate:
    """Estimate the effect of *treatment* on *outcome*, adjusting for *covariates*.

    The propensity score is a logistic regression of the treatment on exactly the covariates
    given, with an intercept (no terms are added). The outcome model (AIPW and regression)
    is a linear regression, or a logistic one when the outcome is 0/1, fitted separately in
    each group on the same covariates. The estimate assumes no unmeasured confounding given
    the covariates and overlap of the groups; the diagnostics show what the data can say
    about the second, the E-value how strong a confounder would need to be against the first.

    Args:
        data: A pandas DataFrame, an Arrow table or a mapping of column name to values.
        treatment: The treatment column: 0/1 or False/True, both present.
        outcome: The outcome column: numbers (a 0/1 outcome gives a risk difference).
        covariates: The covariate columns: numbers, no missing values (encode a category as
            0/1 indicator columns; choose complete cases or a missing indicator yourself).
        estimand: ``"att"`` (the effect on the treated) or ``"ate"`` (the average effect).
        method: ``"aipw"`` (doubly robust), ``"ipw"`` (normalised inverse-probability
            weighting; odds weights for the ATT), ``"regression"`` (outcome model only) or
            ``"matching"`` (nearest neighbour on the logit of the propensity score, with
            replacement, caliper 0.2 of its standard deviation).
        confidence: The interval's confidence level.
        trim: ``None``; a pair ``(lower, upper)``: units whose estimated propensity score is
            outside are dropped and the propensity model refitted; or ``"crump"`` (ATE
            only): the optimal bound of Crump et al. (2009).
        bootstrap: A number of replicates (>= 50) for a percentile bootstrap interval
            (resampling within the groups and refitting every model) instead of the
            influence-function one; not for matching.
        seed: The bootstrap's seed (needed with, and only with, *bootstrap*).
        check_balance: Further numeric columns whose balance is shown (before and after)
            but which are not in the models: a suspected confounder left out, or an
            outcome measured before treatment as a placebo check.

    Returns:
        The estimate with its interval and diagnostics.

    Raises:
        InvalidInputError: An argument or the data cannot give an estimate; the message
            names the argument, the column and the problem.
        MissingExtraError: The ``evaluation`` extra is not installed.
    """
    result: EffectEstimate = _module("core").estimate(
        data,
        treatment=treatment,
        outcome=outcome,
        covariates=covariates,
        estimand=estimand,
        method=method,
        confidence=confidence,
        trim=trim,
        bootstrap=bootstrap,
        seed=seed,
        check_balance=check_balance,
    )
    return result
