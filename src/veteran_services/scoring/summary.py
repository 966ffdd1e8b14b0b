"""Summaries of quality scores by group: mean, median, share below a threshold, intervals, data
completeness and the placements left unscored, by reason."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from statistics import NormalDist
from typing import Any, Final

import attrs
from attrs import frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.model import Caseload
from veteran_services.scoring._reasons import REASONS
from veteran_services.scoring.index import Flag, QualityScore
from veteran_services.stats import Interval, wilson_interval

__all__ = [
    "SCORE_GROUPINGS",
    "GroupKey",
    "GroupSummary",
    "check_summary_settings",
    "describe_grouping",
    "group_key",
    "group_summary",
    "summarise",
]

#: How scores are grouped: the name of a :class:`QualityScore` attribute (``"region"``,
#: ``"employer_id"``, ``"model_version"``, ...), ``"employer_region"`` or
#: ``"veteran_region"`` (:data:`SCORE_GROUPINGS`), or a function of a score.
GroupKey = str | Callable[[QualityScore], Hashable]

#: The regions scores can be grouped by, in words: what :attr:`GroupSummary.grouping` says.
#: A score's ``region`` is the employer's district (where the market rules were looked up),
#: while the metrics' ``region`` is the veteran's home district: name the one you mean.
SCORE_GROUPINGS: Final[Mapping[str, str]] = {
    "region": "region: the employer's district (where the labour-market rules were looked up)",
    "employer_region": "employer_region: the employer's district",
    "veteran_region": "veteran_region: the veteran's home district",
}


@checked
def group_key(
    by: GroupKey | None, *, caseload: Caseload | None = None
) -> Callable[[QualityScore], Hashable]:
    """The grouping function for *by* (every score in one group ``"all"`` when None).

    Args:
        by: How to group (:data:`GroupKey`).
        caseload: The caseload the scores come from: needed for ``"veteran_region"`` (a
            score names its veteran, not the veteran's district).

    Raises:
        InvalidInputError: *by* names no attribute of :class:`QualityScore`, or is
            ``"veteran_region"`` without *caseload*.
    """
    if by is None:
        return lambda score: "all"
    if callable(by):
        return by
    if by == "employer_region":
        return lambda score: score.region
    if by == "veteran_region":
        if not isinstance(caseload, Caseload):
            msg = (
                "'caseload' is needed to group scores by 'veteran_region' (a score names its "
                "veteran, not the veteran's district): pass caseload=the scored caseload"
            )
            raise InvalidInputError("caseload", msg)
        homes: dict[str, str] = {v.id: v.region for v in caseload.veterans}
        return lambda score: homes.get(score.veteran_id)
    names = set(QualityScore._fields) - {"model", "indicator_values"}
    names |= {"model_version", "model_fingerprint", "aggregation", *SCORE_GROUPINGS}
    if by not in names:
        msg = (
            f"'by' must name an attribute of QualityScore ({', '.join(sorted(names))}), got {by!r}"
        )
        raise InvalidInputError("by", msg)

    def key(score: QualityScore) -> Hashable:
        value: Hashable = getattr(score, by)
        return value

    return key


@checked
def describe_grouping(by: str | Callable[..., Hashable] | None) -> str:
    """What *by* groups scores by, in words (:data:`SCORE_GROUPINGS` for a region; an
    attribute or function by its name; ``"all"`` for None).

    >>> describe_grouping("region")
    "region: the employer's district (where the labour-market rules were looked up)"
    """
    if by is None:
        return "all"
    if isinstance(by, str):
        return SCORE_GROUPINGS.get(by, by)
    return str(getattr(by, "__name__", "custom"))


def _sort_key(group: Hashable) -> tuple[str, str]:
    return (type(group).__name__, str(group))


@frozen(kw_only=True)
class GroupSummary:
    """Scores of one group.

    Attributes:
        group: The group's key.
        count: Placements in the group.
        scored: Those with a score (the others have none: see their ``reason``).
        mean: Mean score, or None when none is scored.
        median: Median score (mean of the two middle ones for an even count), or None.
        mean_interval: Normal-approximation interval of the mean, ``mean ± z · sd / √n`` with
            the sample standard deviation, clipped to [0, 100]; None for fewer than two scores.
        threshold: The score below which a placement counts as low quality.
        share_below: Share of scored placements below *threshold*, or None.
        share_below_interval: Wilson interval of that share (None when none is scored).
        flags: How many placements carry each compliance flag.
        completeness: The mean data completeness of the group's scores
            (:attr:`QualityScore.completeness`: the share of the model's weight whose
            indicators were observed), over every placement of the group, those without a
            score included (a placement that could not be scored counts 0); in [0, 1].
        unscored: How many placements have no score, by reason code: every code of
            :data:`~veteran_services.scoring.REASONS` (0 when none), then any other code the
            scores carry. For scores from :func:`~veteran_services.scoring.score_caseload`
            the counts add up to ``count - scored``.
        grouping: What the groups are, in words (:data:`SCORE_GROUPINGS` for a region: whose
            region; the attribute or function's name otherwise; ``"all"`` for one group).
    """

    group: Hashable
    count: int
    scored: int
    mean: float | None
    median: float | None
    mean_interval: tuple[float, float] | None
    threshold: float
    share_below: float | None
    share_below_interval: Interval | None
    flags: Mapping[Flag, int]
    completeness: float
    unscored: Mapping[str, int]
    grouping: str = "all"

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain data (flags by their values, the interval as ``low`` and
        ``high``), ``grouping`` included."""
        data = attrs.asdict(self, recurse=False)
        data["flags"] = {flag.value: n for flag, n in self.flags.items()}
        data["unscored"] = dict(self.unscored)
        interval = self.share_below_interval
        data["share_below_interval"] = (
            None if interval is None else {"low": interval.low, "high": interval.high}
        )
        return data


@checked
def summarise(
    scores: Iterable[QualityScore],
    *,
    by: GroupKey | None = None,
    threshold: float = 60.0,
    confidence: float = 0.95,
    caseload: Caseload | None = None,
) -> tuple[GroupSummary, ...]:
    """Mean, median, share below *threshold* and intervals of the scores, per group.

    Args:
        scores: Quality scores (from :func:`~veteran_services.scoring.score_caseload`).
        by: How to group them (see :data:`GroupKey`); one group ``"all"`` when None. A
            score's ``"region"`` is the employer's district; ``"employer_region"`` says so,
            ``"veteran_region"`` groups by the veteran's home district (needs *caseload*).
        threshold: Scores strictly below it count as low quality.
        confidence: Coverage of the intervals.
        caseload: The scored caseload, for ``by="veteran_region"``.

    Returns:
        One summary per group, sorted by the group's key, each stating its
        :attr:`~GroupSummary.grouping`; the result does not depend on the
        order of *scores*. Each says how complete the data behind the group's scores were
        (``completeness``) and how many placements were left unscored and why (``unscored``,
        by reason code).

    Raises:
        InvalidInputError: a bad *by* (``"veteran_region"`` without *caseload*), *threshold*
            outside [0, 100] or *confidence* outside (0, 1).
    """
    check_summary_settings(threshold, confidence)
    key = group_key(by, caseload=caseload)
    grouping = describe_grouping(by)
    groups: defaultdict[Hashable, list[QualityScore]] = defaultdict(list)
    for score in scores:
        groups[key(score)].append(score)
    result = []
    for group in sorted(groups, key=_sort_key):
        members = groups[group]
        result.append(
            group_summary(
                group,
                sorted(s.value for s in members if s.value is not None),
                completeness=[s.completeness for s in members],
                flags=Counter(f for s in members for f in s.flags),
                reasons=Counter(
                    s.reason_code for s in members if s.value is None and s.reason_code is not None
                ),
                threshold=threshold,
                confidence=confidence,
                grouping=grouping,
            )
        )
    return tuple(result)


@checked
def check_summary_settings(threshold: float, confidence: float) -> None:
    """Check :func:`summarise`'s *threshold* (in [0, 100]) and *confidence* (in (0, 1)), for
    every path that summarises scores.

    Raises:
        InvalidInputError: naming the argument and the bad value.
    """
    if isinstance(threshold, bool) or not 0.0 <= threshold <= 100.0:
        msg = f"'threshold' must be between 0 and 100, got {threshold!r}"
        raise InvalidInputError("threshold", msg)
    if not 0.0 < confidence < 1.0:
        msg = f"'confidence' must be between 0 and 1, got {confidence!r}"
        raise InvalidInputError("confidence", msg)


@checked
def group_summary(
    group: object,
    values: Sequence[float],
    *,
    completeness: Sequence[float],
    flags: Mapping[Flag, int],
    reasons: Mapping[str, int],
    threshold: float,
    confidence: float,
    grouping: str,
) -> GroupSummary:
    """The summary of one group from what its placements' scores give: the rule of
    :func:`summarise`, shared by the columnar path
    (:func:`veteran_services.columnar.summarise_scores`), so that both give the same figures.

    Args:
        group: The group's key.
        values: The group's scores, sorted ascending (placements without a score left out).
        completeness: Every placement's completeness, those without a score included (0).
        flags: How many placements carry each flag (a flag left out counts 0).
        reasons: How many placements have no score, by reason code.
        threshold: Scores strictly below it count as low quality.
        confidence: Coverage of the intervals.
        grouping: What the groups are, in words.

    Raises:
        InvalidInputError: *group* cannot be a key (it is not hashable).
    """
    try:
        hash(group)
    except TypeError:
        msg = f"'group' must be a value that can be a key, got {type(group).__name__}"
        raise InvalidInputError("group", msg) from None
    n = len(values)
    mean = math.fsum(values) / n if n else None
    median = statistics.median(values) if n else None
    mean_interval = None
    if n >= 2 and mean is not None:
        z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
        half = z * statistics.stdev(values) / math.sqrt(n)
        mean_interval = (max(0.0, mean - half), min(100.0, mean + half))
    below = sum(1 for v in values if v < threshold)
    unscored = {code: reasons.get(code, 0) for code in REASONS}
    unscored.update(sorted((c, k) for c, k in reasons.items() if c not in REASONS and k))
    return GroupSummary(
        group=group,
        count=len(completeness),
        scored=n,
        mean=mean,
        median=median,
        mean_interval=mean_interval,
        threshold=threshold,
        share_below=below / n if n else None,
        share_below_interval=wilson_interval(below, n, confidence=confidence),
        flags={flag: flags.get(flag, 0) for flag in Flag},
        completeness=math.fsum(completeness) / len(completeness),
        unscored=unscored,
        grouping=grouping,
    )
