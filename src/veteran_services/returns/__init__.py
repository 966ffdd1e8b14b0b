"""Official returns filled from the records.

The annual MVA return of newly separated self-employment veterans (新增自主就业退役士兵就业及
去向情况表): :func:`mva_self_employment_destinations` fills it from a caseload, one row per
reporting unit plus the total, each cell with the veterans it counts (for audit);
:func:`write_mva_return` and :func:`read_mva_return` write and read it laid out like the form
(``.xlsx`` or ``.csv``), checking every rule of the form; :func:`combine_mva_returns` adds up
the districts' returns a city collects. The rules that place each veteran are in
:mod:`veteran_services.returns.mva` and docs/guide/returns.md.
"""

from __future__ import annotations

from veteran_services.returns._form import (
    MvaReturnFile,
    combine_mva_returns,
    read_mva_return,
    write_mva_return,
)
from veteran_services.returns.mva import (
    LETTERS,
    MVA_BOUNDS,
    MVA_COLUMNS,
    MVA_IDENTITIES,
    MVA_TITLE,
    TOTAL_NAME,
    TOTAL_UNIT,
    VOCATIONAL_TRAINING_KINDS,
    Bound,
    Column,
    Identity,
    MvaReturn,
    MvaRow,
    ReturnProblem,
    Uncounted,
    UncountedReason,
    check_rows,
    mva_destination,
    mva_self_employment_destinations,
)

__all__ = [
    "LETTERS",
    "MVA_BOUNDS",
    "MVA_COLUMNS",
    "MVA_IDENTITIES",
    "MVA_TITLE",
    "TOTAL_NAME",
    "TOTAL_UNIT",
    "VOCATIONAL_TRAINING_KINDS",
    "Bound",
    "Column",
    "Identity",
    "MvaReturn",
    "MvaReturnFile",
    "MvaRow",
    "ReturnProblem",
    "Uncounted",
    "UncountedReason",
    "check_rows",
    "combine_mva_returns",
    "mva_destination",
    "mva_self_employment_destinations",
    "read_mva_return",
    "write_mva_return",
]
