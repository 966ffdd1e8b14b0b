"""The result of :func:`~veteran_services.evaluation.treatment_effect` and its diagnostics.

Plain frozen attrs classes of floats, ints, strings and tuples, so ``attrs.asdict`` (and
:meth:`EffectEstimate.to_dict`) gives JSON-ready data.
"""

from __future__ import annotations

import importlib
import io
from pathlib import Path
from typing import Any

import attrs

from veteran_services._tablefiles import refuse_existing, write_new
from veteran_services.errors import MissingExtraError

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
]

SMD_THRESHOLD = 0.1
"""The usual threshold of an absolute standardised mean difference that marks imbalance."""


@attrs.frozen
class CovariateBalance:
    """One covariate's balance between the groups, before and after weighting or matching.

    The standardised mean difference (SMD) divides the difference of the group means by the
    pooled standard deviation *before* adjustment, ``sqrt((s_t^2 + s_c^2) / 2)``, in both
    columns (Austin 2009), so the two are comparable. The variance ratio is treated over
    comparison (1 is balance).

    Attributes:
        covariate: The covariate's column name.
        mean_treated_before: Mean among treated units, unweighted.
        mean_control_before: Mean among comparison units, unweighted.
        smd_before: SMD before adjustment.
        variance_ratio_before: Variance ratio before adjustment (``nan`` if the comparison
            variance is zero).
        mean_treated_after: Weighted (or matched) mean among treated units.
        mean_control_after: Weighted (or matched) mean among comparison units.
        smd_after: SMD after adjustment.
        variance_ratio_after: Variance ratio after adjustment.
        imbalanced_before: ``abs(smd_before) > 0.1``.
        imbalanced_after: ``abs(smd_after) > 0.1``.
        adjusted: Whether the covariate is in the models (``False`` for a column given only
            to *check_balance*: a confounder left out shows here as imbalance after).
    """

    covariate: str
    mean_treated_before: float
    mean_control_before: float
    smd_before: float
    variance_ratio_before: float
    mean_treated_after: float
    mean_control_after: float
    smd_after: float
    variance_ratio_after: float
    imbalanced_before: bool
    imbalanced_after: bool
    adjusted: bool = True


@attrs.frozen
class Trimming:
    """What trimming on the propensity score removed.

    Attributes:
        rule: ``"none"``, ``"fixed"`` (the bounds given) or ``"crump"`` (Crump et al. 2009).
        lower: Lower bound of the kept propensity scores (``0.0`` without trimming).
        upper: Upper bound of the kept propensity scores (``1.0`` without trimming).
        removed_treated: Treated units removed.
        removed_control: Comparison units removed.
    """

    rule: str
    lower: float
    upper: float
    removed_treated: int
    removed_control: int


@attrs.frozen
class Overlap:
    """The propensity-score distributions of the two groups (of the analysed units).

    Attributes:
        probabilities: The quantile levels (0, 0.05, 0.25, 0.5, 0.75, 0.95, 1).
        treated_quantiles: Propensity-score quantiles among treated units.
        control_quantiles: Propensity-score quantiles among comparison units.
        common_support: ``(lower, upper)``: the larger of the group minima and the smaller of
            the group maxima.
        share_outside_support: Share of all analysed units whose score lies outside it.
        bin_edges: Edges of 20 equal bins on [0, 1], for histograms.
        treated_counts: Treated units per bin.
        control_counts: Comparison units per bin.
        trimming: What trimming removed (before these figures were taken).
    """

    probabilities: tuple[float, ...]
    treated_quantiles: tuple[float, ...]
    control_quantiles: tuple[float, ...]
    common_support: tuple[float, float]
    share_outside_support: float
    bin_edges: tuple[float, ...]
    treated_counts: tuple[int, ...]
    control_counts: tuple[int, ...]
    trimming: Trimming


@attrs.frozen
class PropensityTerm:
    """One coefficient of the propensity model (a logistic regression).

    Attributes:
        term: ``"intercept"`` or the covariate's name.
        coefficient: The maximum-likelihood estimate (log odds).
        standard_error: Its model-based standard error.
    """

    term: str
    coefficient: float
    standard_error: float


@attrs.frozen
class EValue:
    """Sensitivity to unmeasured confounding: the E-value (VanderWeele & Ding 2017).

    The minimum strength of association, on the risk-ratio scale, that an unmeasured
    confounder would need with both the treatment and the outcome to explain the estimate
    away (``estimate``) or to move the interval to include the null (``limit``; 1 when the
    interval already includes it).

    Attributes:
        estimate: E-value of the point estimate.
        limit: E-value of the interval limit nearest the null.
        risk_ratio: The estimate on the risk-ratio scale.
        risk_ratio_limit: The interval limit nearest the null on that scale.
        conversion: How the difference was put on the risk-ratio scale: ``"risk ratio of the
            potential outcome means"`` (a 0/1 outcome) or ``"exp(0.91 d), d = difference /
            pooled outcome SD"`` (a continuous outcome).
    """

    estimate: float
    limit: float
    risk_ratio: float
    risk_ratio_limit: float
    conversion: str


@attrs.frozen
class Matching:
    """How nearest-neighbour matching went (method ``"matching"`` only).

    Attributes:
        caliper: The caliper on the logit of the propensity score (0.2 of its SD).
        matched_treated: Treated units with a match within the caliper.
        matched_control: Comparison units with a match (``0`` for the ATT, where comparison
            units are not matched).
        unmatched_treated: Treated units without a match, left out of the estimate.
        unmatched_control: Comparison units without a match (ATE only), left out.
        distinct_controls_used: Comparison units used at least once as a match.
    """

    caliper: float
    matched_treated: int
    matched_control: int
    unmatched_treated: int
    unmatched_control: int
    distinct_controls_used: int


@attrs.frozen
class Diagnostics:
    """The diagnostics that travel with every estimate.

    Attributes:
        balance: One row per covariate, in the order given, then the *check_balance* columns.
        balance_weights: What "after" means: ``"inverse probability"`` (ATE),
            ``"odds"`` (ATT) or ``"matching"``. For the regression and AIPW methods the
            inverse-probability (odds) weights of the same propensity model are shown.
        overlap: The propensity-score distributions and trimming.
        effective_treated: Kish's effective sample size of the weighted treated units.
        effective_control: Kish's effective sample size of the weighted comparison units.
        propensity: The propensity model's coefficients, intercept first.
        c_statistic: The propensity model's area under the ROC curve.
        evalue: Sensitivity to unmeasured confounding.
        matching: Matching details (``None`` unless the method is ``"matching"``).
    """

    balance: tuple[CovariateBalance, ...]
    balance_weights: str
    overlap: Overlap
    effective_treated: float
    effective_control: float
    propensity: tuple[PropensityTerm, ...]
    c_statistic: float
    evalue: EValue
    matching: Matching | None = None

    @property
    def imbalanced(self) -> tuple[str, ...]:
        """Covariates whose absolute SMD after adjustment is above 0.1."""
        return tuple(row.covariate for row in self.balance if row.imbalanced_after)


@attrs.frozen
class EffectEstimate:
    """An estimated treatment effect with its interval and diagnostics.

    Attributes:
        estimand: ``"att"`` (effect on the treated) or ``"ate"`` (average effect).
        method: ``"aipw"``, ``"ipw"``, ``"regression"`` or ``"matching"``.
        treatment: The treatment column.
        outcome: The outcome column.
        covariates: The covariates, in the order given.
        outcome_model: ``"linear"`` or ``"logistic"`` (a 0/1 outcome).
        value: The estimate (a difference in means, or in risks for a 0/1 outcome).
        standard_error: Its standard error.
        lower: Lower limit of the interval.
        upper: Upper limit of the interval.
        confidence: The interval's confidence level.
        interval: How the interval was found: ``"influence function"``, ``"bootstrap"``
            (percentile) or ``"abadie-imbens"``.
        mean_treated: Estimated mean potential outcome under treatment (in the estimand's
            population).
        mean_control: Estimated mean potential outcome without treatment.
        n_treated: Treated units analysed (after trimming).
        n_control: Comparison units analysed (after trimming).
        bootstrap_replicates: Replicates used (``0`` without the bootstrap).
        bootstrap_failures: Replicates whose models could not be fitted (left out).
        diagnostics: Balance, overlap, effective sample sizes, propensity model, E-value.
    """

    estimand: str
    method: str
    treatment: str
    outcome: str
    covariates: tuple[str, ...]
    outcome_model: str
    value: float
    standard_error: float
    lower: float
    upper: float
    confidence: float
    interval: str
    mean_treated: float
    mean_control: float
    n_treated: int
    n_control: int
    bootstrap_replicates: int
    bootstrap_failures: int
    diagnostics: Diagnostics

    def to_dict(self) -> dict[str, Any]:
        """The estimate as plain data (nested dicts and lists of floats, ints, strings)."""
        return attrs.asdict(self)

    def plot(self, path: str | Path | None = None, *, overwrite: bool = False) -> Any:
        """Draw the balance (a love plot) and overlap (histograms) charts.

        Args:
            path: If given, the figure is also written there as a PNG (atomically; an
                existing file is refused, naming it, before the figure is drawn).
            overwrite: Replace the file at *path* if it exists.

        Returns:
            The matplotlib ``Figure``.

        Raises:
            InvalidInputError: *path* exists without *overwrite*, or is a symbolic link or
                a folder.
            MissingExtraError: matplotlib (the ``report`` extra) is not installed.
        """
        if path is not None:
            refuse_existing(path, overwrite=overwrite)
        try:
            matplotlib = importlib.import_module("matplotlib")
        except ImportError as error:
            msg = (
                "EffectEstimate.plot needs matplotlib: install the 'report' extra "
                "(pip install 'veteran-services[report]')"
            )
            raise MissingExtraError(msg) from error
        matplotlib.use("Agg", force=True)
        figure_module = importlib.import_module("matplotlib.figure")
        figure = figure_module.Figure(figsize=(9.0, 0.35 * len(self.covariates) + 3.0))
        love, hist = figure.subplots(1, 2)
        rows = self.diagnostics.balance
        ys = list(range(len(rows)))
        love.scatter([abs(r.smd_before) for r in rows], ys, marker="o", label="before")
        love.scatter([abs(r.smd_after) for r in rows], ys, marker="x", label="after")
        love.axvline(SMD_THRESHOLD, linestyle="--", color="#999999")
        love.set_yticks(ys, [r.covariate for r in rows])
        love.set_xlabel("absolute standardised mean difference")
        love.set_title("Balance")
        love.legend()
        overlap = self.diagnostics.overlap
        edges = list(overlap.bin_edges)
        hist.stairs(list(overlap.treated_counts), edges, label="treated")
        hist.stairs(list(overlap.control_counts), edges, label="comparison")
        hist.set_xlabel("propensity score")
        hist.set_ylabel("units")
        hist.set_title("Overlap")
        hist.legend()
        figure.tight_layout()
        if path is not None:
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", metadata={"Software": None})
            write_new(path, buffer.getvalue(), overwrite=overwrite)
        return figure


@attrs.frozen
class GroupTimeEffect:
    """One group-time average effect on the treated, ATT(g, t) (Callaway & Sant'Anna 2021).

    Attributes:
        group: The cohort: the period its units were first treated.
        period: The calendar period t.
        event_time: ``period - group`` (negative: a pre-period, a placebo that should be 0).
        value: ATT(g, t): the cohort's change from period g - 1 to t minus the comparison
            group's change.
        standard_error: Influence-function standard error.
        lower: Lower limit of the pointwise interval.
        upper: Upper limit of the pointwise interval.
        n_group: Units in the cohort.
        n_control: Units in the comparison group.
    """

    group: float
    period: float
    event_time: float
    value: float
    standard_error: float
    lower: float
    upper: float
    n_group: int
    n_control: int


@attrs.frozen
class EventTimeEffect:
    """The effect *event_time* periods after the start, averaged over cohorts by size.

    Attributes:
        event_time: Periods since the first treated period (-2, -1 pre; 0, 1, ... post; the
            base period -1 is 0 by construction and left out).
        value: The cohort-size weighted mean of ATT(g, g + e).
        standard_error: Influence-function SE, including the estimated weights.
        lower: Lower limit of the pointwise interval.
        upper: Upper limit of the pointwise interval.
        groups: The cohorts averaged.
    """

    event_time: float
    value: float
    standard_error: float
    lower: float
    upper: float
    groups: tuple[float, ...]


@attrs.frozen
class EventStudy:
    """An event-study difference-in-differences (Callaway & Sant'Anna 2021).

    Attributes:
        control: ``"never"`` (never-treated units) or ``"not_yet"`` (also units not yet
            treated by both the period and the base period).
        confidence: The pointwise intervals' confidence level.
        group_time: Every ATT(g, t) that could be estimated.
        dynamic: The event-time aggregation.
        n_units: Units analysed.
        excluded_units: Units treated from the first period on (no pre-period), left out.
    """

    control: str
    confidence: float
    group_time: tuple[GroupTimeEffect, ...]
    dynamic: tuple[EventTimeEffect, ...]
    n_units: int
    excluded_units: int

    def to_dict(self) -> dict[str, Any]:
        """The event study as plain data."""
        return attrs.asdict(self)
