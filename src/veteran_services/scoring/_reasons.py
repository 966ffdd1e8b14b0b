"""Why a placement has no score: the stable reason codes both scoring paths give.

:attr:`QualityScore.reason_code <veteran_services.scoring.QualityScore>` (object path) and the
``reason`` column of :func:`veteran_services.columnar.score_table` hold these codes; the object
path's ``reason`` adds a sentence that names the placement and says what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = [
    "AFTER_SCORING_DATE",
    "LOW_COVERAGE",
    "NO_MARKET_DATA",
    "REASONS",
    "UNKNOWN_EMPLOYER",
]

#: The indicators present carry less than the model's minimum coverage of the weight.
LOW_COVERAGE: Final = "low_coverage"
#: The placement starts after the scoring date.
AFTER_SCORING_DATE: Final = "after_scoring_date"
#: The labour-market tables do not cover the employer's region on the start date.
NO_MARKET_DATA: Final = "no_market_data"
#: The placement's employer is not in the caseload.
UNKNOWN_EMPLOYER: Final = "unknown_employer"

#: Every reason code, with what it means.
REASONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        LOW_COVERAGE: "the indicators present carry less than the model's minimum coverage",
        AFTER_SCORING_DATE: "the placement starts after the scoring date",
        NO_MARKET_DATA: (
            "the labour-market tables do not cover the employer's region on the start date"
        ),
        UNKNOWN_EMPLOYER: "the placement's employer is not in the caseload",
    }
)
