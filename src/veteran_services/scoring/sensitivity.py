"""Uncertainty and sensitivity of group rankings to the quality model's weights and aggregation.

Monte Carlo (OECD/JRC Handbook 2008, §7; COINr ``get_sensitivity``): in each run every weight
is multiplied by an independent uniform factor in [1 − spread, 1 + spread] (±25 % by default)
and the aggregation is drawn from the methods allowed; every placement is re-scored from its
normalised indicator values (computed once), each group's score is the mean of its placements'
scores, and the groups are ranked (1 = best, ties share the lowest rank). Each group's median
rank and 5-95 % rank interval are reported. Which indicator moves the ranks most is found one
at a time: its weight alone is set to (1 − spread) and (1 + spread) times its value and the
mean absolute change of the groups' ranks is measured.
"""

from __future__ import annotations

import math
import random
import statistics
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from datetime import date

from attrs import frozen

from veteran_services._checks import checked, whole_number
from veteran_services.errors import InvalidInputError
from veteran_services.model import Caseload
from veteran_services.scoring.index import QualityScore, iter_scores
from veteran_services.scoring.market import LabourMarket
from veteran_services.scoring.model import Aggregation, QualityModel
from veteran_services.scoring.summary import GroupKey, describe_grouping, group_key
from veteran_services.stats import rank

__all__ = ["GroupRank", "SensitivityResult", "sensitivity"]


@frozen(kw_only=True)
class GroupRank:
    """A group's rank under the model and across the Monte Carlo runs.

    Attributes:
        group: The group's key.
        scored: Placements of the group with a score under the model.
        score: The group's mean score under the model.
        rank: Its rank under the model (1 = best).
        median_rank: Median rank over the runs.
        rank_low: 5th percentile of the ranks (the best end of the interval).
        rank_high: 95th percentile of the ranks.
    """

    group: Hashable
    scored: int
    score: float
    rank: float
    median_rank: float
    rank_low: float
    rank_high: float


@frozen(kw_only=True)
class SensitivityResult:
    """The outcome of :func:`sensitivity`.

    Attributes:
        groups: One entry per group with scored placements, best nominal rank first.
        unranked: Groups without any scored placement (not ranked).
        influence: For each indicator, the mean absolute change in the groups' ranks when its
            weight alone moves by ± the spread.
        most_influential: The indicator with the largest influence (ties: first by name).
        aggregation_influence: Mean absolute change in ranks when the other aggregation
            method is used (None when only one method is allowed).
        runs: Monte Carlo runs.
        seed: The random seed.
        weight_spread: The relative spread of the weights.
        methods: The aggregation methods drawn from.
        model_fingerprint: The model's fingerprint.
        grouping: What the groups are, in words (for a region, whose:
            :data:`~veteran_services.scoring.SCORE_GROUPINGS`).
    """

    groups: tuple[GroupRank, ...]
    unranked: tuple[Hashable, ...]
    influence: Mapping[str, float]
    most_influential: str | None
    aggregation_influence: float | None
    runs: int
    seed: int
    weight_spread: float
    methods: tuple[str, ...]
    model_fingerprint: str
    grouping: str = ""


class _Pattern:
    """The placements of a group that have the same indicators present.

    Whether a placement is scored depends only on which indicators it has (the coverage), so a
    run decides that once per pattern. Under arithmetic aggregation the group's sum of scores
    is linear in the per-indicator sums of normalised values, so those sums are all a run needs;
    the geometric mean is not linear, so the log-values of each placement are kept as well.
    """

    __slots__ = ("count", "indices", "logs", "sums")

    def __init__(self, indices: tuple[int, ...]) -> None:
        self.indices = indices
        self.count = 0
        self.sums = [0.0] * len(indices)
        self.logs: list[tuple[float, ...]] = []

    def add(self, values: Sequence[float], floor: float) -> None:
        self.count += 1
        for k, x in enumerate(values):
            self.sums[k] += x
        self.logs.append(tuple(math.log(max(x, floor)) for x in values))


def _group_scores(
    groups: Mapping[Hashable, list[_Pattern]],
    weights: Sequence[float],
    method: str,
    min_coverage: float,
) -> dict[Hashable, float]:
    """Each group's mean placement score (0-100) under *weights* and *method*; groups without
    a scored placement are left out."""
    total = math.fsum(weights)
    result = {}
    for group, patterns in groups.items():
        score_sum = 0.0
        scored = 0
        for pattern in patterns:
            w = [weights[i] for i in pattern.indices]
            covered = math.fsum(x for x in w if x > 0)
            if covered <= 0 or covered / total < min_coverage:
                continue
            scored += pattern.count
            if method == "geometric":
                score_sum += math.fsum(
                    math.exp(math.fsum(a * b for a, b in zip(w, logs, strict=True)) / covered)
                    for logs in pattern.logs
                )
            else:
                score_sum += (
                    math.fsum(a * b for a, b in zip(w, pattern.sums, strict=True)) / covered
                )
        if scored:
            result[group] = 100.0 * score_sum / scored
    return result


def _ranks(scores: Mapping[Hashable, float], order: Sequence[Hashable]) -> dict[Hashable, float]:
    present = [g for g in order if g in scores]
    if not present:
        return {}
    ranked = rank([scores[g] for g in present], ties="min", descending=True)
    return dict(zip(present, ranked, strict=True))


def _mean_shift(base: Mapping[Hashable, float], other: Mapping[Hashable, float]) -> float:
    shared = [g for g in base if g in other]
    if not shared:
        return 0.0
    return math.fsum(abs(base[g] - other[g]) for g in shared) / len(shared)


@checked
def sensitivity(
    caseload: Caseload,
    *,
    market: LabourMarket,
    model: QualityModel | None = None,
    by: GroupKey,
    as_of: date,
    runs: int = 500,
    seed: int = 0,
    weight_spread: float = 0.25,
    methods: Sequence[Aggregation] = ("arithmetic", "geometric"),
    scores: Sequence[QualityScore] | None = None,
) -> SensitivityResult:
    """Rank uncertainty of groups under random weights (± *weight_spread*) and aggregation.

    Args:
        caseload: The caseload whose placements are scored.
        market: Labour-market tables.
        model: The quality model (the default model when None).
        by: How placements are grouped (see :data:`~veteran_services.scoring.GroupKey`), e.g.
            ``"employer_region"`` (a score's ``"region"``) or ``"veteran_region"``.
        as_of: The scoring date.
        runs: Monte Carlo runs (at least 2).
        seed: Seed of the pseudo-random generator: same inputs and seed, same result.
        weight_spread: Relative spread of each weight, in [0, 1).
        methods: Aggregation methods drawn from with equal probability.
        scores: Scores of the caseload under *model*, if already computed (saves re-scoring).

    Raises:
        InvalidInputError: *runs* below 2, a spread outside [0, 1), no or unknown methods, or
            *scores* from another model.
    """
    model = QualityModel.default() if model is None else model
    whole_number(runs, "runs", least=2)
    if not 0.0 <= weight_spread < 1.0:
        msg = f"'weight_spread' must be at least 0 and below 1, got {weight_spread!r}"
        raise InvalidInputError("weight_spread", msg)
    chosen = tuple(dict.fromkeys(methods))
    if not chosen or any(m not in ("arithmetic", "geometric") for m in chosen):
        msg = f"'methods' must be 'arithmetic' and/or 'geometric', got {list(methods)!r}"
        raise InvalidInputError("methods", msg)
    if scores is None:
        scores = tuple(iter_scores(caseload, market=market, model=model, as_of=as_of))
    elif any(s.model_fingerprint != model.fingerprint for s in scores):
        msg = "'scores' must come from the model given (their fingerprints differ)"
        raise InvalidInputError("scores", msg)
    names = model.names
    key = group_key(by, caseload=caseload)
    floor = model.geometric_floor
    patterns: dict[Hashable, dict[tuple[int, ...], _Pattern]] = defaultdict(dict)
    scored: defaultdict[Hashable, int] = defaultdict(int)
    for score in sorted(scores, key=lambda s: s.placement_id):
        if score.started_on > score.as_of:
            continue
        group = key(score)
        scored[group] += score.value is not None
        present = [(i, v.normalised) for i, v in enumerate(score.indicator_values)]
        indices = tuple(i for i, x in present if x is not None)
        pattern = patterns[group].get(indices)
        if pattern is None:
            pattern = patterns[group][indices] = _Pattern(indices)
        pattern.add([x for _, x in present if x is not None], floor)
    groups = {g: list(p.values()) for g, p in patterns.items()}
    order = sorted(groups, key=lambda g: (type(g).__name__, str(g)))
    base_weights = [model.spec(n).weight for n in names]

    nominal_scores = _group_scores(groups, base_weights, model.aggregation, model.min_coverage)
    nominal = _ranks(nominal_scores, order)

    rng = random.Random(seed)  # noqa: S311 - seeded Monte Carlo, not cryptography  # nosec B311
    draws: defaultdict[Hashable, list[float]] = defaultdict(list)
    for _ in range(runs):
        weights = [w * rng.uniform(1.0 - weight_spread, 1.0 + weight_spread) for w in base_weights]
        method = chosen[rng.randrange(len(chosen))]
        for group, r in _ranks(
            _group_scores(groups, weights, method, model.min_coverage), order
        ).items():
            draws[group].append(r)

    influence: dict[str, float] = {}
    for i, name in enumerate(names):
        if base_weights[i] == 0:
            influence[name] = 0.0
            continue
        shifts = []
        for factor in (1.0 - weight_spread, 1.0 + weight_spread):
            weights = list(base_weights)
            weights[i] *= factor
            varied = _ranks(
                _group_scores(groups, weights, model.aggregation, model.min_coverage), order
            )
            shifts.append(_mean_shift(nominal, varied))
        influence[name] = math.fsum(shifts) / len(shifts)
    most = max(names, key=lambda n: (influence[n], -names.index(n))) if nominal else None

    aggregation_influence = None
    if len(chosen) > 1:
        other = "geometric" if model.aggregation == "arithmetic" else "arithmetic"
        switched = _ranks(_group_scores(groups, base_weights, other, model.min_coverage), order)
        aggregation_influence = _mean_shift(nominal, switched)

    ranked = []
    for group in order:
        if group not in nominal:
            continue
        ranks = sorted(draws[group])
        cuts = statistics.quantiles(ranks, n=20, method="inclusive")
        ranked.append(
            GroupRank(
                group=group,
                scored=scored[group],
                score=nominal_scores[group],
                rank=nominal[group],
                median_rank=statistics.median(ranks),
                rank_low=cuts[0],
                rank_high=cuts[-1],
            )
        )
    ranked.sort(key=lambda g: (g.rank, _sort_text(g.group)))
    return SensitivityResult(
        groups=tuple(ranked),
        unranked=tuple(g for g in order if g not in nominal),
        influence=influence,
        most_influential=most,
        aggregation_influence=aggregation_influence,
        runs=runs,
        seed=seed,
        weight_spread=weight_spread,
        methods=chosen,
        model_fingerprint=model.fingerprint,
        grouping=describe_grouping(by),
    )


def _sort_text(group: Hashable) -> tuple[str, str]:
    return (type(group).__name__, str(group))
