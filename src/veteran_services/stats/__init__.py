"""Statistics toolkit: pure functions on plain numbers, the shared engine of scoring and metrics.

Standard library only. Every function documents its formula and source; the methodology page
``docs/methodology/statistics.md`` collects them. Degenerate input gives a documented ``None`` or
an :class:`~veteran_services.errors.InvalidInputError` naming the argument, never a
``ZeroDivisionError`` or a silent NaN.
"""

from __future__ import annotations

from veteran_services.stats.intervals import (
    Interval,
    IntervalMethod,
    clopper_pearson_interval,
    wilson_interval,
)
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

__all__ = [
    "AAPOR_RESPONSE_CATEGORIES",
    "Interval",
    "IntervalMethod",
    "RakeResult",
    "ResponseCategory",
    "WeightedProportion",
    "WeightingClassAdjustment",
    "clopper_pearson_interval",
    "design_effect",
    "effective_sample_size",
    "rake",
    "weighted_proportion",
    "weighting_class_adjustment",
    "wilson_interval",
]
