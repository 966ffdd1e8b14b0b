"""Programme metrics: cohorts and windows, outcome indicators, breakdowns with suppression,
fair league tables, the follow-up worklist and performance against targets.

Every figure is an :class:`Estimate` that carries its numerator, denominator, interval,
cohort, window, parameters, excluded records with reasons, and the unit-level observations it
was computed from. Definitions, edge cases and sources:
``docs/methodology/programme-indicators.md``.

>>> from datetime import date
>>> from veteran_services.model import Caseload
>>> year = (date(2024, 1, 1), date(2024, 12, 31))
>>> employment_rate_after_exit(Caseload(), exits_between=year).reason
'no exiters between 2024-01-01 and 2024-12-31 are left in the cohort'
"""

from __future__ import annotations

from veteran_services.metrics.adjusted import (
    ADJUSTERS,
    AdjustedRow,
    AdjustedTable,
    ModelDiagnostics,
    adjusted_league_table,
)
from veteran_services.metrics.breakdowns import (
    AGE_BANDS,
    GroupBy,
    Row,
    Suppression,
    Table,
    age_band,
    breakdown,
    enrolment_of,
    estimate_row,
    group_key,
    suppress_cells,
)
from veteran_services.metrics.cohorts import (
    EXCLUSION_WINDOW,
    Anchor,
    Exit,
    ExitRule,
    Offset,
    Window,
    data_cutoff,
    describe_exclusion,
    exclusion_after_exit,
    exits,
)
from veteran_services.metrics.estimates import (
    Estimate,
    Observation,
    Statistic,
    median,
    summarise,
)
from veteran_services.metrics.followup import (
    FollowUp,
    FollowUpStatus,
    Worklist,
    follow_ups_due,
    panel_retention,
)
from veteran_services.metrics.indicators import (
    ONE_YEAR,
    RECOGNISED_CREDENTIALS,
    SIX_MONTHS,
    TRAINING_KINDS,
    PlacementAnchor,
    SixMonthOutcomes,
    credential_attainment_rate,
    employment_rate_after_exit,
    jobs_created,
    mean_quality,
    median_earnings_after_exit,
    placement_rate,
    response_rates_by_wave,
    retention_with_same_employer,
    six_month_outcomes,
    skill_gain_rate,
    time_to_placement,
    venture_survival_rate,
    weighted_satisfaction,
)
from veteran_services.metrics.league import Flag, LeagueRow, LeagueTable, league_table
from veteran_services.metrics.registry import (
    PROGRAMME_INDICATORS,
    HeadlineFigure,
    IndicatorKind,
    ProgrammeIndicator,
    headline_figures,
    indicator_label,
    programme_indicator,
)
from veteran_services.metrics.targets import IndicatorScore, Performance, performance
from veteran_services.metrics.ventures import (
    high_growth_share,
    jobs_per_100_founders,
    jobs_per_venture,
    loan_default_rate,
    loan_repayment_rate,
    venture_survival_by_support,
)

__all__ = [
    "ADJUSTERS",
    "AGE_BANDS",
    "EXCLUSION_WINDOW",
    "ONE_YEAR",
    "PROGRAMME_INDICATORS",
    "RECOGNISED_CREDENTIALS",
    "SIX_MONTHS",
    "TRAINING_KINDS",
    "AdjustedRow",
    "AdjustedTable",
    "Anchor",
    "Estimate",
    "Exit",
    "ExitRule",
    "Flag",
    "FollowUp",
    "FollowUpStatus",
    "GroupBy",
    "HeadlineFigure",
    "IndicatorKind",
    "IndicatorScore",
    "LeagueRow",
    "LeagueTable",
    "ModelDiagnostics",
    "Observation",
    "Offset",
    "Performance",
    "PlacementAnchor",
    "ProgrammeIndicator",
    "Row",
    "SixMonthOutcomes",
    "Statistic",
    "Suppression",
    "Table",
    "Window",
    "Worklist",
    "adjusted_league_table",
    "age_band",
    "breakdown",
    "credential_attainment_rate",
    "data_cutoff",
    "describe_exclusion",
    "employment_rate_after_exit",
    "enrolment_of",
    "estimate_row",
    "exclusion_after_exit",
    "exits",
    "follow_ups_due",
    "group_key",
    "headline_figures",
    "high_growth_share",
    "indicator_label",
    "jobs_created",
    "jobs_per_100_founders",
    "jobs_per_venture",
    "league_table",
    "loan_default_rate",
    "loan_repayment_rate",
    "mean_quality",
    "median",
    "median_earnings_after_exit",
    "panel_retention",
    "performance",
    "placement_rate",
    "programme_indicator",
    "response_rates_by_wave",
    "retention_with_same_employer",
    "six_month_outcomes",
    "skill_gain_rate",
    "summarise",
    "suppress_cells",
    "time_to_placement",
    "venture_survival_by_support",
    "venture_survival_rate",
    "weighted_satisfaction",
]
