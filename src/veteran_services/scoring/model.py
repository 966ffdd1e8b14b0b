"""The quality model: which indicators make up the employment-quality index, and how.

A :class:`QualityModel` names its indicators (:class:`IndicatorSpec`: weight, goalposts,
direction, UNECE dimension), how they are aggregated (weighted arithmetic or geometric mean),
the missing-data policy (renormalise the weights over the indicators present if they carry at
least ``min_coverage`` of the total weight, otherwise no score), a ``version`` and a
``fingerprint``: a hash of the whole specification, printed with every score, so that two
results can be compared only when they come from the same model.

Indicators are kept sorted by name, so the order they are listed in changes nothing, not
even the fingerprint.

>>> model = QualityModel.default()
>>> model.fingerprint == QualityModel.from_json(model.to_json()).fingerprint
True
>>> QualityModel.default().with_weights({"satisfaction": 0.2}).spec("satisfaction").weight
0.2
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Literal, cast

import attrs
from attrs import field, frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.model import QualityDimension
from veteran_services.scoring import indicators as _indicators
from veteran_services.scoring.indicators import INDICATORS, IndicatorValue, PlacementContext
from veteran_services.stats import ahp_weights, entropy_weights

__all__ = ["Aggregation", "IndicatorSpec", "Normalisation", "QualityModel"]

#: How normalised indicators are combined.
Aggregation = Literal["arithmetic", "geometric"]
#: How a raw value is put on [0, 1]. Only goalposts: fixed bounds keep scores comparable across
#: years and caseloads (OECD/JRC Handbook 2008, §5.2); distance to a target is the same formula
#: for a single value, with the target as the upper goalpost.
Normalisation = Literal["goalposts"]

_AGGREGATIONS: Final = ("arithmetic", "geometric")
_Compute = Callable[[PlacementContext, "IndicatorSpec"], IndicatorValue]


def _unchecked(compute: _Compute) -> _Compute:
    """*compute* without its argument check (the function :func:`checked` wraps)."""
    bare: _Compute = getattr(compute, "__wrapped__", compute)
    return bare


_FORMAT: Final = 1  # version of the JSON layout


def _bad(argument: str, message: str) -> InvalidInputError:
    return InvalidInputError(argument, message)


def _finite(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        msg = f"{name!r} must be a finite number, got {value!r}"
        raise _bad(name, msg)
    return float(value)


@frozen(kw_only=True)
class IndicatorSpec:
    """One indicator of a quality model.

    Attributes:
        name: The indicator's name (a key of :data:`~veteran_services.scoring.INDICATORS`).
        weight: Its weight, ≥ 0 (weights are renormalised, so they need not sum to 1).
        low: The lower goalpost: raw values at or below it normalise to 0 (to 1 when lower is
            better).
        high: The upper goalpost, above *low*.
        higher_is_better: The direction.
        dimension: The UNECE quality dimension it is reported under.
        normalisation: Always ``"goalposts"``.
    """

    name: str
    weight: float
    low: float
    high: float
    higher_is_better: bool = True
    dimension: QualityDimension
    normalisation: Normalisation = "goalposts"

    def __attrs_post_init__(self) -> None:
        if self.name not in INDICATORS:
            known = ", ".join(sorted(INDICATORS))
            msg = f"'name' must be a known indicator ({known}), got {self.name!r}"
            raise _bad("name", msg)
        weight = _finite("weight", self.weight)
        if weight < 0:
            msg = f"'weight' of {self.name!r} must not be negative, got {self.weight!r}"
            raise _bad("weight", msg)
        low = _finite("low", self.low)
        high = _finite("high", self.high)
        if not low < high:
            msg = (
                f"goalposts of {self.name!r}: 'low' must be below 'high' ({self.high!r}), "
                f"got {self.low!r}"
            )
            raise _bad("low", msg)
        direction: object = self.higher_is_better
        if not isinstance(direction, bool):
            msg = f"'higher_is_better' must be true or false, got {direction!r}"
            raise _bad("higher_is_better", msg)
        dimension: object = self.dimension
        if not isinstance(dimension, QualityDimension):
            msg = f"'dimension' must be a QualityDimension, got {dimension!r}"
            raise _bad("dimension", msg)
        normalisation: object = self.normalisation
        if normalisation != "goalposts":
            msg = f"'normalisation' must be 'goalposts', got {normalisation!r}"
            raise _bad("normalisation", msg)
        # store plain floats, so that 1 and 1.0 give the same fingerprint
        object.__setattr__(self, "weight", weight)
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

    @classmethod
    def of(cls, name: str, *, weight: float, **overrides: Any) -> IndicatorSpec:
        """A spec with the indicator's default goalposts, direction and dimension.

        >>> IndicatorSpec.of("working_time", weight=1).high
        48.0
        """
        if name not in INDICATORS:
            known = ", ".join(sorted(INDICATORS))
            msg = f"'name' must be a known indicator ({known}), got {name!r}"
            raise _bad("name", msg)
        indicator = INDICATORS[name]
        values: dict[str, Any] = {
            "low": indicator.low,
            "high": indicator.high,
            "higher_is_better": indicator.higher_is_better,
            "dimension": indicator.dimension,
        }
        values.update(overrides)
        return cls(name=name, weight=weight, **values)

    def to_dict(self) -> dict[str, Any]:
        """The spec as JSON-ready data."""
        return {
            "name": self.name,
            "weight": self.weight,
            "low": self.low,
            "high": self.high,
            "higher_is_better": self.higher_is_better,
            "dimension": self.dimension.value,
            "normalisation": self.normalisation,
        }


def _sorted_specs(specs: Iterable[IndicatorSpec]) -> tuple[IndicatorSpec, ...]:
    items = tuple(specs)
    for item in cast(tuple[object, ...], items):  # a user may pass anything
        if not isinstance(item, IndicatorSpec):
            msg = f"'indicators' must hold IndicatorSpec records, got {item!r}"
            raise _bad("indicators", msg)
    return tuple(sorted(items, key=lambda s: s.name))


@frozen(kw_only=True)
class QualityModel:
    """An employment-quality index: indicators, aggregation, missing-data policy, version.

    Attributes:
        indicators: The indicator specs, kept sorted by name; names unique.
        aggregation: ``"arithmetic"`` (weighted mean, components add up to the score) or
            ``"geometric"`` (weighted geometric mean: a poor component cannot be fully made up
            for by a good one).
        min_coverage: The least share of the total weight that the indicators present must
            carry for a score to be given, in [0, 1].
        geometric_floor: Under geometric aggregation, normalised values are raised to at least
            this (> 0), because the logarithm of 0 is undefined (OECD/JRC Handbook 2008, §6.2).
        version: A label for people (``"2024.1"``); the fingerprint is what identifies it.
        name: A short name.

    Raises:
        InvalidInputError: no indicators, a repeated or unknown indicator, a negative weight,
            all weights zero, goalposts with low ≥ high, an unknown aggregation, or a coverage
            or floor out of range.
    """

    indicators: tuple[IndicatorSpec, ...] = field(converter=_sorted_specs)
    aggregation: Aggregation = "arithmetic"
    min_coverage: float = 0.5
    geometric_floor: float = 0.01
    version: str = "1"
    name: str = "custom"
    _by_name: dict[str, IndicatorSpec] = field(
        factory=dict, init=False, repr=False, eq=False, hash=False
    )
    _fingerprint: list[str] = field(factory=list, init=False, repr=False, eq=False, hash=False)
    _total: list[float] = field(factory=list, init=False, repr=False, eq=False, hash=False)
    _plan: list[tuple[_Compute, IndicatorSpec]] = field(
        factory=list, init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        if not self.indicators:
            msg = "'indicators' must name at least one indicator"
            raise _bad("indicators", msg)
        for spec in self.indicators:
            if spec.name in self._by_name:
                msg = f"'indicators' must name each indicator once, got {spec.name!r} twice"
                raise _bad("indicators", msg)
            self._by_name[spec.name] = spec
        if not any(s.weight > 0 for s in self.indicators):
            msg = "'indicators' weights must not all be zero"
            raise _bad("weights", msg)
        if self.aggregation not in _AGGREGATIONS:
            msg = f"'aggregation' must be 'arithmetic' or 'geometric', got {self.aggregation!r}"
            raise _bad("aggregation", msg)
        coverage = _finite("min_coverage", self.min_coverage)
        if not 0.0 <= coverage <= 1.0:
            msg = f"'min_coverage' must be between 0 and 1, got {self.min_coverage!r}"
            raise _bad("min_coverage", msg)
        floor = _finite("geometric_floor", self.geometric_floor)
        if not 0.0 < floor <= 1.0:
            msg = f"'geometric_floor' must be above 0 and at most 1, got {self.geometric_floor!r}"
            raise _bad("geometric_floor", msg)
        if not isinstance(self.version, str) or not self.version.strip():
            msg = f"'version' must be non-empty text, got {self.version!r}"
            raise _bad("version", msg)
        self._total.append(math.fsum(s.weight for s in self.indicators))
        # The scores call the indicator functions past their argument check (the public
        # functions are @checked): the contexts and specs are the library's own, made per
        # placement, and nine checks a placement would slow the scoring measurably.
        self._plan.extend((_unchecked(INDICATORS[s.name].compute), s) for s in self.indicators)
        object.__setattr__(self, "min_coverage", coverage)
        object.__setattr__(self, "geometric_floor", floor)

    # --- the default -------------------------------------------------------------------

    @classmethod
    @checked
    def default(cls) -> QualityModel:
        """The library's default index (version ``"2024.1"``).

        Weights, by UNECE dimension: income 30 % (earnings relative to the minimum wage 20,
        to the median 10), security and social protection 40 % (contract 15, social insurance
        15, retention 10), working time 10, skills match 10, job satisfaction 5, job strain 5.
        Rationale: pay, hours, contract and social insurance are the statutory, recorded terms
        of a job in China and the core of "higher-quality employment", so they carry 70 % and
        every one is always recorded at placement; retention, skills match and the survey
        items are observed later or only for some placements, so they carry less and their
        absence is absorbed by renormalisation. ``min_coverage = 0.5``: a placement without a
        wage still scores if the other core terms and one later indicator are known, but not
        on contract and insurance alone. Arithmetic aggregation, so that contributions add
        up to the score and can be read off. See ``docs/methodology/quality-index.md``.

        >>> m = QualityModel.default()
        >>> round(sum(s.weight for s in m.indicators), 10), m.aggregation
        (1.0, 'arithmetic')
        """
        return _DEFAULT

    # --- changing it -------------------------------------------------------------------

    @checked
    def spec(self, name: str) -> IndicatorSpec:
        """The spec of indicator *name*.

        Raises:
            InvalidInputError: the model has no such indicator.
        """
        try:
            return self._by_name[name]
        except KeyError:
            known = ", ".join(self._by_name)
            msg = f"the model has no indicator {name!r}; it has {known}"
            raise _bad("name", msg) from None

    @checked
    def plan(self) -> list[tuple[_Compute, IndicatorSpec]]:
        """Each indicator's function with its spec, in the model's order (used by scoring)."""
        return self._plan

    @property
    def total_weight(self) -> float:
        """The sum of the weights."""
        return self._total[0]

    @property
    def names(self) -> tuple[str, ...]:
        """The indicator names, sorted."""
        return tuple(s.name for s in self.indicators)

    @checked
    def with_weights(
        self, weights: Mapping[str, float], *, version: str | None = None
    ) -> QualityModel:
        """A copy with new weights for the named indicators (the others keep theirs).

        Raises:
            InvalidInputError: a name the model does not have, or weights the model rejects.
        """
        for name in weights:
            self.spec(name)
        specs = [
            attrs.evolve(s, weight=weights[s.name]) if s.name in weights else s
            for s in self.indicators
        ]
        return attrs.evolve(
            self, indicators=specs, version=self.version if version is None else version
        )

    @checked
    def replace(self, **changes: Any) -> QualityModel:
        """A copy with some settings changed (``model.replace(aggregation="geometric")``)."""
        return attrs.evolve(self, **changes)

    @classmethod
    @checked
    def from_ahp(
        cls,
        matrix: Sequence[Sequence[float]],
        names: Sequence[str],
        *,
        base: QualityModel | None = None,
        require_consistent: bool = True,
        version: str | None = None,
    ) -> QualityModel:
        """A model whose weights are the AHP priorities of a pairwise comparison matrix.

        Args:
            matrix: Saaty's positive reciprocal matrix; row and column *i* are ``names[i]``.
            names: The indicators compared; indicators of *base* not named get weight 0.
            base: The model to take everything else from (the default model when None).
            require_consistent: Reject judgements whose consistency ratio is 0.10 or more.
            version: The new model's version (by default ``"<base version>+ahp"``).

        Raises:
            InvalidInputError: the matrix is not a valid AHP matrix, does not match *names*, or
                is inconsistent while *require_consistent*.

        >>> names = ["earnings_to_minimum", "social_insurance"]
        >>> m = QualityModel.from_ahp([[1, 2], [1/2, 1]], names)
        >>> round(m.spec("earnings_to_minimum").weight, 4), m.spec("retention").weight
        (0.6667, 0.0)
        """
        model = cls.default() if base is None else base
        if len(names) != len(matrix) or len(set(names)) != len(names):
            msg = f"'names' must name each row of the matrix once, got {list(names)!r}"
            raise _bad("names", msg)
        result = ahp_weights(matrix)
        if require_consistent and not result.is_consistent:
            msg = (
                f"'matrix' is not consistent enough (consistency ratio "
                f"{result.consistency_ratio:.3f} ≥ 0.10); revise the judgements or pass "
                "require_consistent=False"
            )
            raise _bad("matrix", msg)
        weights = dict.fromkeys(model.names, 0.0)
        for name, weight in zip(names, result.weights, strict=True):
            model.spec(name)
            weights[name] = weight
        return model.with_weights(
            weights, version=f"{model.version}+ahp" if version is None else version
        )

    @checked
    def with_entropy_weights(
        self,
        rows: Sequence[Mapping[str, float]],
        *,
        indicators: Sequence[str] | None = None,
        version: str | None = None,
    ) -> QualityModel:
        """A copy whose weights are the entropy weights of observed normalised values.

        Entropy weights need a complete matrix: only the rows that have every indicator used
        take part. Few placements have all nine (a survey answer or a median wage is often
        missing), so name the indicators most rows have in *indicators*: their weights are
        derived from the rows complete for them, and every other indicator's weight is set
        to 0 (docs/guide/scoring.md shows the recipe, with the count of rows used).

        Args:
            rows: One mapping per placement from indicator name to normalised value, e.g.
                ``score.normalised_values()`` of scored placements.
            indicators: The indicators to weigh (default: every indicator of the model).
            version: The new model's version (by default ``"<version>+entropy"``).

        Raises:
            InvalidInputError: an indicator the model does not have, fewer than two rows
                complete for the indicators (the message says which indicators the rows lack
                most often), or a matrix :func:`~veteran_services.stats.entropy_weights`
                rejects.
        """
        if indicators is None:
            names = self.names
        else:
            if isinstance(indicators, str) or not isinstance(indicators, Sequence):
                msg = (
                    "'indicators' must be a list of indicator names, got "
                    f"{type(indicators).__name__}"
                )
                raise _bad("indicators", msg)
            for name in indicators:
                self.spec(name)
            names = tuple(dict.fromkeys(indicators))
        rows = list(rows)
        matrix = [[row[n] for n in names] for row in rows if all(n in row for n in names)]
        if len(matrix) < 2:
            lacking = sorted(names, key=lambda n: -sum(n not in row for row in rows))
            shown = ", ".join(
                f"{n} ({sum(n not in row for row in rows):,} of {len(rows):,})" for n in lacking[:3]
            )
            msg = (
                f"'rows' has {len(matrix)} row(s) with every one of the {len(names)} "
                f"indicators; entropy weights need at least two. Missing most often: {shown}. "
                "Name the indicators most rows have with indicators=[...]"
            )
            raise _bad("rows", msg)
        weights = dict.fromkeys(self.names, 0.0)
        weights.update(zip(names, entropy_weights(matrix), strict=True))
        return self.with_weights(
            weights, version=f"{self.version}+entropy" if version is None else version
        )

    # --- identity and serialisation -----------------------------------------------------

    @checked
    def to_dict(self) -> dict[str, Any]:
        """The whole specification as JSON-ready data."""
        return {
            "format": _FORMAT,
            "name": self.name,
            "version": self.version,
            "aggregation": self.aggregation,
            "min_coverage": self.min_coverage,
            "geometric_floor": self.geometric_floor,
            "indicators": [s.to_dict() for s in self.indicators],
        }

    @checked
    def to_json(self) -> str:
        """The specification as canonical JSON text (sorted keys)."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, indent=2)

    @classmethod
    @checked
    def from_dict(cls, data: Mapping[str, Any]) -> QualityModel:
        """A model from the data of :meth:`to_dict`.

        Raises:
            InvalidInputError: unknown or missing keys, or an invalid model.
        """
        allowed = {
            "format",
            "name",
            "version",
            "aggregation",
            "min_coverage",
            "geometric_floor",
            "indicators",
        }
        unknown = sorted(set(data) - allowed)
        if unknown:
            msg = f"quality model has unknown key {unknown[0]!r}"
            raise _bad(unknown[0], msg)
        if data.get("format", _FORMAT) != _FORMAT:
            msg = f"'format' must be {_FORMAT}, got {data.get('format')!r}"
            raise _bad("format", msg)
        if "indicators" not in data or not isinstance(data["indicators"], list):
            msg = "'indicators' must be a list of indicator specs"
            raise _bad("indicators", msg)
        specs = []
        spec_keys = {"name", "weight", "low", "high", "higher_is_better", "dimension"}
        for index, item in enumerate(data["indicators"]):
            if not isinstance(item, Mapping):
                msg = f"'indicators'[{index}] must be an object, got {item!r}"
                raise _bad("indicators", msg)
            extra = sorted(set(item) - spec_keys - {"normalisation"})
            missing = sorted(spec_keys - set(item))
            if extra or missing:
                what = f"unknown key {extra[0]!r}" if extra else f"no {missing[0]!r}"
                msg = f"'indicators'[{index}] has {what}"
                raise _bad("indicators", msg)
            try:
                dimension = QualityDimension(item["dimension"])
            except ValueError:
                msg = f"'dimension' of 'indicators'[{index}] is unknown: {item['dimension']!r}"
                raise _bad("dimension", msg) from None
            specs.append(
                IndicatorSpec(
                    name=item["name"],
                    weight=item["weight"],
                    low=item["low"],
                    high=item["high"],
                    higher_is_better=item["higher_is_better"],
                    dimension=dimension,
                    normalisation=item.get("normalisation", "goalposts"),
                )
            )
        settings = {
            k: data[k]
            for k in ("aggregation", "min_coverage", "geometric_floor", "version", "name")
            if k in data
        }
        return cls(indicators=specs, **settings)

    @classmethod
    @checked
    def from_json(cls, text: str) -> QualityModel:
        """A model from the JSON text of :meth:`to_json`."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            msg = f"quality model is not valid JSON: {error}"
            raise _bad("text", msg) from None
        if not isinstance(data, dict):
            msg = "quality model JSON must be an object"
            raise _bad("text", msg)
        return cls.from_dict(data)

    @property
    def fingerprint(self) -> str:
        """The first 12 hex digits of the SHA-256 of the canonical JSON of the specification
        (name and version included): equal fingerprints mean the same index."""
        if not self._fingerprint:
            data = self.to_dict()
            canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
            digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
            self._fingerprint.append(digest)
        return self._fingerprint[0]

    def __str__(self) -> str:
        return f"quality model {self.name!r} version {self.version} ({self.fingerprint})"


_DEFAULT_WEIGHTS: Final = {
    "earnings_to_minimum": 0.20,
    "earnings_to_median": 0.10,
    "working_time": 0.10,
    "contract_security": 0.15,
    "social_insurance": 0.15,
    "skills_match": 0.10,
    "retention": 0.10,
    "satisfaction": 0.05,
    "job_strain": 0.05,
}

_DEFAULT = QualityModel(
    indicators=[IndicatorSpec.of(n, weight=w) for n, w in _DEFAULT_WEIGHTS.items()],
    aggregation="arithmetic",
    min_coverage=0.5,
    version="2024.1",
    name="default",
)

# scoring.indicators names IndicatorSpec for type checkers only (this module imports it):
# given to it here, the argument checks of its indicator functions know the class too.
vars(_indicators)["IndicatorSpec"] = IndicatorSpec
