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
from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from veteran_services._checks import checked
from veteran_services.errors import MissingExtraError
from veteran_services.evaluation._caseload import (
    COVARIATE_GROUPS,
    DEFAULT_COVARIATES,
    NaiveDifference,
    TrainingEffect,
    TrainingFrame,
    build_frame,
    naive_difference,
)
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
from veteran_services.model import Caseload, ProgrammeKind

__all__ = [
    "COVARIATE_GROUPS",
    "DEFAULT_COVARIATES",
    "SMD_THRESHOLD",
    "CovariateBalance",
    "Diagnostics",
    "EValue",
    "EffectEstimate",
    "EventStudy",
    "EventTimeEffect",
    "GroupTimeEffect",
    "Matching",
    "NaiveDifference",
    "Overlap",
    "PropensityTerm",
    "TrainingEffect",
    "TrainingFrame",
    "Trimming",
    "event_study",
    "training_effect",
    "training_frame",
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


@checked
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


@checked
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


@checked
def training_frame(
    caseload: Caseload,
    *,
    programme_kind: ProgrammeKind | str,
    outcome: str = "employed_q2",
    as_of: date,
    window: tuple[date, date] | None = None,
    covariates: Sequence[str] = DEFAULT_COVARIATES,
    missing: str = "indicator",
    ignore_kinds: Collection[ProgrammeKind | str] = (),
) -> TrainingFrame:
    """The analysis frame of treated and comparison veterans, built from a caseload.

    **Treated**: veterans whose last exit (the end of a spell of participation, as the
    programme indicators find it: :func:`~veteran_services.metrics.exits`) in *window*, by
    *as_of*, ends a spell holding a *completed* enrolment in a programme of *programme_kind*.
    **Comparison**: registered veterans not enrolled in any programme by their as-if exit
    date, registration plus the treated group's median days from registration to exit (so
    outcomes are measured over the same horizon), which must lie in *window*. Veterans
    enrolled later may be comparison units (not yet treated at that point).

    **Outcomes**, by the programme indicators' definitions, in the N-th quarter after the
    (as-if) exit quarter: ``employed_qN`` (1/0: an earnings record above zero, an
    unsubsidised placement or an active venture in the quarter) or ``earnings_qN`` (total
    earnings: records where any, else placements' wage x months worked; 0 when not
    employed). A unit with a WIOA exclusion from exit to Q4 after exit, or whose outcome
    quarter has not ended by *as_of*, is left out (counted in ``excluded``).

    **Covariates** are measured at registration, before any treatment
    (:data:`COVARIATE_GROUPS` says what each group gives). An unknown value is never
    dropped silently: ``missing="indicator"`` (default) sets it to the mean of the known
    ones and adds a 0/1 ``<column>_missing`` column; ``"complete"`` keeps complete cases
    only. Both choices are reported in the frame, and a column that is the same for every
    unit is left out of the models with a note.

    Args:
        caseload: The records.
        programme_kind: The kind whose completers are treated (``"vocational"``, ...).
        outcome: ``employed_q2``, ``employed_q4``, ``earnings_q2``, ... (quarters 1-8).
        as_of: The evaluation date: later records are ignored, outcome quarters must have
            ended by then.
        window: Inclusive range of (as-if) exit dates; ``None`` takes every exit.
        covariates: Covariate groups (:data:`COVARIATE_GROUPS`).
        missing: ``"indicator"`` or ``"complete"``.
        ignore_kinds: Programme kinds whose enrolments are ignored on both sides (e.g.
            ``{"adaptive"}``: the short transition course most veterans take, so comparison
            veterans may have taken it).

    Returns:
        The frame, with its counts, exclusions and notes.

    Raises:
        InvalidInputError: A bad argument, or nobody completed such a programme.
    """
    return build_frame(
        caseload,
        programme_kind=programme_kind,
        outcome=outcome,
        as_of=as_of,
        window=window,
        covariates=covariates,
        missing=missing,
        ignore_kinds=ignore_kinds,
    )


@checked
def training_effect(
    caseload: Caseload,
    *,
    programme_kind: ProgrammeKind | str,
    outcome: str = "employed_q2",
    as_of: date,
    window: tuple[date, date] | None = None,
    covariates: Sequence[str] = DEFAULT_COVARIATES,
    missing: str = "indicator",
    ignore_kinds: Collection[ProgrammeKind | str] = (),
    estimand: str = "att",
    method: str = "aipw",
    confidence: float = 0.95,
    trim: tuple[float, float] | str | None = None,
) -> TrainingEffect:
    """The effect of completing a programme of *programme_kind* on *outcome*, from a caseload.

    Builds the frame (:func:`training_frame`, which gives the treated, comparison, outcome
    and covariate rules) and estimates the effect with :func:`treatment_effect` on all its
    covariate columns; the unadjusted difference comes with it.

    Args:
        caseload: The records.
        programme_kind: See :func:`training_frame`.
        outcome: See :func:`training_frame`.
        as_of: See :func:`training_frame`.
        window: See :func:`training_frame`.
        covariates: See :func:`training_frame`.
        missing: See :func:`training_frame`.
        ignore_kinds: See :func:`training_frame`.
        estimand: See :func:`treatment_effect`.
        method: See :func:`treatment_effect`.
        confidence: See :func:`treatment_effect`.
        trim: See :func:`treatment_effect`.

    Returns:
        The estimate (with diagnostics), the naive difference and the frame.

    Raises:
        InvalidInputError: A bad argument, or the frame cannot give an estimate.
        MissingExtraError: The ``evaluation`` extra is not installed.
    """
    frame = training_frame(
        caseload,
        programme_kind=programme_kind,
        outcome=outcome,
        as_of=as_of,
        window=window,
        covariates=covariates,
        missing=missing,
        ignore_kinds=ignore_kinds,
    )
    estimate = treatment_effect(
        frame.data,
        treatment="treated",
        outcome=frame.outcome,
        covariates=frame.covariates,
        estimand=estimand,
        method=method,
        confidence=confidence,
        trim=trim,
    )
    return TrainingEffect(estimate=estimate, naive=naive_difference(frame, confidence), frame=frame)
