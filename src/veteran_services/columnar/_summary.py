"""Summaries of a table of scores (:func:`~veteran_services.columnar.score_table`) by group:
the figures of :func:`veteran_services.scoring.summarise`, from columns."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.scoring import Flag, GroupSummary, describe_grouping, group_summary
from veteran_services.scoring.summary import _sort_key, check_summary_settings

__all__ = ["summarise_scores"]

#: The groupings that name a region rather than a column (``"region"`` is also a column).
_REGION_GROUPINGS = ("employer_region", "veteran_region")


def _keys(scores: pa.Table, by: str | None, veterans: Any) -> list[Hashable]:
    """Every row's group key, as the object path's :func:`~veteran_services.scoring.group_key`
    gives it for the row's score."""
    rows = scores.num_rows
    if by is None:
        return ["all"] * rows
    if by == "employer_region":
        by = "region"
    if by == "veteran_region":
        if veterans is None:
            msg = (
                "'veterans' is needed to group scores by 'veteran_region' (a score names its "
                "veteran, not the veteran's district): pass veterans=the veterans table"
            )
            raise InvalidInputError("veterans", msg)
        table = veterans if isinstance(veterans, pa.Table) else pa.Table.from_pandas(veterans)
        missing = {"id", "region"} - set(table.column_names)
        if missing:
            msg = f"'veterans' lacks the column(s) {', '.join(sorted(missing))}"
            raise InvalidInputError("veterans", msg)
        homes = dict(zip(table["id"].to_pylist(), table["region"].to_pylist(), strict=True))
        return [homes.get(v) for v in scores["veteran_id"].to_pylist()]
    names = [n for n in scores.column_names if "." not in n]
    if by not in names:
        msg = (
            f"'by' must be {', '.join(repr(n) for n in _REGION_GROUPINGS)} or a column of the "
            f"scores ({', '.join(names)}), got {by!r}"
        )
        raise InvalidInputError("by", msg)
    keys: list[Hashable] = scores[by].to_pylist()
    return keys


@checked
def summarise_scores(
    scores: pa.Table,
    *,
    by: str | None = None,
    threshold: float = 60.0,
    confidence: float = 0.95,
    veterans: Any = None,
) -> tuple[GroupSummary, ...]:
    """Mean, median, share below *threshold*, intervals, data completeness and the placements
    left unscored, per group, of a table of scores: the summaries
    :func:`veteran_services.scoring.summarise` gives for the same placements' scores (one
    rule, :func:`veteran_services.scoring.group_summary`, makes both).

    Args:
        scores: A table of :func:`~veteran_services.columnar.score_table`.
        by: ``None`` (one group ``"all"``), ``"region"`` or ``"employer_region"`` (the
            employer's district), ``"veteran_region"`` (the veteran's home district: needs
            *veterans*), or another column of *scores* (``"employer_id"``, ...).
        threshold: Scores strictly below it count as low quality.
        confidence: Coverage of the intervals.
        veterans: The veterans table (``id``, ``region``), for ``by="veteran_region"``.

    Raises:
        InvalidInputError: a bad *by*, *threshold* outside [0, 100] or *confidence* outside
            (0, 1).
    """
    check_summary_settings(threshold, confidence)
    keys = _keys(scores, by, veterans)
    grouping = describe_grouping(by)
    if not keys:
        return ()
    value = scores["value"]
    values = value.fill_null(np.nan).to_numpy()
    completeness = scores["completeness"].to_numpy()
    reasons = np.asarray(scores["reason"].to_pylist(), dtype=object)
    flags = {flag: scores[f"flag.{flag.value}"].to_numpy(zero_copy_only=False) for flag in Flag}
    groups: dict[Hashable, Any] = {}
    if by is None:
        groups["all"] = np.arange(len(keys))
    else:
        for row, key in enumerate(keys):
            groups.setdefault(key, []).append(row)
    result = []
    for group in sorted(groups, key=_sort_key):
        rows = np.asarray(groups[group], dtype=np.int64)
        got = values[rows]
        scored = np.sort(got[~np.isnan(got)])
        unscored = reasons[rows][np.isnan(got)]
        codes, counts = np.unique(unscored[unscored != None], return_counts=True)  # noqa: E711
        result.append(
            group_summary(
                group,
                scored.tolist(),
                completeness=completeness[rows].tolist(),
                flags={flag: int(np.count_nonzero(flags[flag][rows])) for flag in Flag},
                reasons=dict(zip(codes.tolist(), counts.tolist(), strict=True)),
                threshold=threshold,
                confidence=confidence,
                grouping=grouping,
            )
        )
    return tuple(result)
