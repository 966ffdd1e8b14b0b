"""Statistics toolkit: pure functions on plain numbers, the shared engine of scoring and metrics.

Standard library only. Every function documents its formula and source; the methodology page
``docs/methodology/statistics.md`` collects them. Degenerate input gives a documented ``None`` or
an :class:`~veteran_services.errors.InvalidInputError` naming the argument, never a
``ZeroDivisionError`` or a silent NaN.

>>> from veteran_services.stats import wilson_interval
>>> ci = wilson_interval(15, 148)
>>> round(ci.low, 4), round(ci.high, 4)
(0.0624, 0.1605)
"""

from __future__ import annotations

from veteran_services.stats.aggregation import AggregationMethod, aggregate
from veteran_services.stats.differences import (
    Change,
    Difference,
    newcombe_difference,
    year_on_year,
)
from veteran_services.stats.funnel import (
    Dispersion,
    DispersionRule,
    FunnelLimit,
    FunnelMethod,
    RatioScale,
    TieMethod,
    binomial_tails,
    dersimonian_laird_tau2,
    funnel_limits,
    proportion_dispersion,
    rank,
    ratio_dispersion,
    ratio_funnel_limits,
)
from veteran_services.stats.inequality import atkinson_index, generalised_mean
from veteran_services.stats.intervals import (
    Interval,
    IntervalMethod,
    clopper_pearson_interval,
    wilson_interval,
)
from veteran_services.stats.normalisation import (
    distance_to_target,
    goalposts,
    minmax,
    percentile_rank,
    zscore,
)
from veteran_services.stats.surveys import ResponseRates, response_rates
from veteran_services.stats.weighting import (
    AAPOR_RESPONSE_CATEGORIES,
    RakeResult,
    ResponseCategory,
    WeightedProportion,
    WeightingClassAdjustment,
    design_effect,
    effective_sample_size,
    rake,
    weighted_proportion,
    weighting_class_adjustment,
)
from veteran_services.stats.weights import (
    SAATY_RANDOM_INDEX,
    AhpResult,
    ahp_weights,
    entropy_weights,
)

__all__ = [
    "AAPOR_RESPONSE_CATEGORIES",
    "SAATY_RANDOM_INDEX",
    "AggregationMethod",
    "AhpResult",
    "Change",
    "Difference",
    "Dispersion",
    "DispersionRule",
    "FunnelLimit",
    "FunnelMethod",
    "Interval",
    "IntervalMethod",
    "RakeResult",
    "RatioScale",
    "ResponseCategory",
    "ResponseRates",
    "TieMethod",
    "WeightedProportion",
    "WeightingClassAdjustment",
    "aggregate",
    "ahp_weights",
    "atkinson_index",
    "binomial_tails",
    "clopper_pearson_interval",
    "dersimonian_laird_tau2",
    "design_effect",
    "distance_to_target",
    "effective_sample_size",
    "entropy_weights",
    "funnel_limits",
    "generalised_mean",
    "goalposts",
    "minmax",
    "newcombe_difference",
    "percentile_rank",
    "proportion_dispersion",
    "rake",
    "rank",
    "ratio_dispersion",
    "ratio_funnel_limits",
    "response_rates",
    "weighted_proportion",
    "weighting_class_adjustment",
    "wilson_interval",
    "year_on_year",
    "zscore",
]
