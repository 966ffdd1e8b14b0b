"""Employment-quality scoring: "fuller and higher-quality employment" made measurable.

- :class:`LabourMarket`: dated minimum wages, working-time rules, social-insurance schemes and
  median wages by region, with their sources (:meth:`LabourMarket.nanjing` built in; it has no
  median wages, as its repr says) and an opt-in peer wage reference from a caseload's own
  earnings records (:meth:`LabourMarket.peer_reference`, :func:`peer_median_wages`).
- :class:`QualityModel`: the index's indicators (:class:`IndicatorSpec`), weights, goalposts,
  aggregation, missing-data policy, version and fingerprint.
- :func:`score_placement` / :func:`score_caseload`: a :class:`QualityScore` per placement, with
  its :class:`Component` parts, what is missing and compliance :class:`Flag` s.
- :func:`score_frame`: every score as one pandas frame (the columnar path's columns, the
  veteran's and the employer's district side by side).
- :func:`check_market`: the placements the labour-market tables cannot score, found
  beforehand (with :meth:`Caseload.check <veteran_services.model.Caseload.check>`).
- :func:`summarise`: mean, median, share below a threshold, intervals, data completeness and
  the placements left unscored (by reason) per group; :func:`group_summary`, its rule for
  one group (shared with the columnar path).
- :func:`job_quality_by_group`: OECD earnings quality, Atkinson index, ILO low pay and
  excessive hours per group.
- :func:`sensitivity`: Monte Carlo rank intervals of groups under uncertain weights.
- :func:`score_ventures`: an explained entrepreneurship-quality :class:`VentureScore` per
  venture under its own :class:`VentureModel` (with :class:`VentureFlag` s), and
  :func:`classify_growth`, the Eurostat–OECD high-growth test
  (``docs/methodology/ventures.md``).

Definitions and sources: ``docs/methodology/quality-index.md``.
"""

from __future__ import annotations

from veteran_services.scoring._peer import PEER_NOTE, peer_median_wages
from veteran_services.scoring._reasons import (
    AFTER_SCORING_DATE,
    LOW_COVERAGE,
    NO_MARKET_DATA,
    REASONS,
    UNKNOWN_EMPLOYER,
)
from veteran_services.scoring.checks import MarketProblemCode, check_market
from veteran_services.scoring.frame import COMPONENT_COLUMNS, EXTRA_COLUMNS, score_frame
from veteran_services.scoring.groups import (
    GroupJobQuality,
    PlacementGroupKey,
    job_quality_by_group,
)
from veteran_services.scoring.index import (
    SCORE_DIGITS,
    Component,
    Flag,
    QualityScore,
    iter_scores,
    score_caseload,
    score_placement,
)
from veteran_services.scoring.indicators import (
    CONTRACT_SECURITY,
    INDICATORS,
    Indicator,
    IndicatorValue,
    PlacementContext,
)
from veteran_services.scoring.market import (
    MARKET_TABLES,
    MEDIAN_KINDS,
    LabourMarket,
    MarketDataError,
    MedianWage,
    MinimumWage,
    SocialInsuranceRule,
    WorkingTimeRule,
)
from veteran_services.scoring.model import (
    Aggregation,
    IndicatorSpec,
    Normalisation,
    QualityModel,
)
from veteran_services.scoring.sensitivity import GroupRank, SensitivityResult, sensitivity
from veteran_services.scoring.summary import (
    SCORE_GROUPINGS,
    GroupKey,
    GroupSummary,
    describe_grouping,
    group_key,
    group_summary,
    summarise,
)
from veteran_services.scoring.ventures import (
    VENTURE_INDICATORS,
    VentureComponent,
    VentureDimension,
    VentureFlag,
    VentureIndicatorSpec,
    VentureModel,
    VentureScore,
    score_venture,
    score_ventures,
)
from veteran_services.scoring.ventures_growth import GrowthClass, classify_growth

__all__ = [
    "AFTER_SCORING_DATE",
    "COMPONENT_COLUMNS",
    "CONTRACT_SECURITY",
    "EXTRA_COLUMNS",
    "INDICATORS",
    "LOW_COVERAGE",
    "MARKET_TABLES",
    "MEDIAN_KINDS",
    "NO_MARKET_DATA",
    "PEER_NOTE",
    "REASONS",
    "SCORE_DIGITS",
    "SCORE_GROUPINGS",
    "UNKNOWN_EMPLOYER",
    "VENTURE_INDICATORS",
    "Aggregation",
    "Component",
    "Flag",
    "GroupJobQuality",
    "GroupKey",
    "GroupRank",
    "GroupSummary",
    "GrowthClass",
    "Indicator",
    "IndicatorSpec",
    "IndicatorValue",
    "LabourMarket",
    "MarketDataError",
    "MarketProblemCode",
    "MedianWage",
    "MinimumWage",
    "Normalisation",
    "PlacementContext",
    "PlacementGroupKey",
    "QualityModel",
    "QualityScore",
    "SensitivityResult",
    "SocialInsuranceRule",
    "VentureComponent",
    "VentureDimension",
    "VentureFlag",
    "VentureIndicatorSpec",
    "VentureModel",
    "VentureScore",
    "WorkingTimeRule",
    "check_market",
    "classify_growth",
    "describe_grouping",
    "group_key",
    "group_summary",
    "iter_scores",
    "job_quality_by_group",
    "peer_median_wages",
    "score_caseload",
    "score_frame",
    "score_placement",
    "score_venture",
    "score_ventures",
    "sensitivity",
    "summarise",
]
