"""Employment-quality scores of placements: the index, its components and compliance flags.

:func:`score_placement` computes every indicator of the model for one placement, combines the
normalised values with the model's weights and aggregation (renormalising over the indicators
present, subject to ``min_coverage``), and reports each component's contribution, what is
missing and why, the compliance flags, and the model's version and fingerprint.
:func:`score_caseload` does it for every placement of a caseload.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import Any, Final, NamedTuple

from veteran_services import _i18n
from veteran_services._checks import checked
from veteran_services._gc import paused_gc
from veteran_services.codes import label, register_labels
from veteran_services.errors import UnknownRecordError
from veteran_services.model import Caseload, ContractType, Placement, QualityDimension
from veteran_services.scoring._lookups import CaseloadIndex
from veteran_services.scoring._reasons import (
    AFTER_SCORING_DATE,
    LOW_COVERAGE,
    NO_MARKET_DATA,
    UNKNOWN_EMPLOYER,
)
from veteran_services.scoring.indicators import (
    FULL_TIME_BASIS_NOTE,
    IndicatorValue,
    PlacementContext,
)
from veteran_services.scoring.market import LabourMarket, MarketDataError
from veteran_services.scoring.model import QualityModel

__all__ = [
    "SCORE_DIGITS",
    "Component",
    "Flag",
    "QualityScore",
    "iter_scores",
    "score_caseload",
    "score_placement",
]


#: The decimal places a score is rounded to, on every path (this one and
#: :func:`veteran_services.columnar.score_table`): far below any figure shown, and enough that a
#: score that is mathematically a round number is that number whatever the order of the
#: floating-point operations that made it, so that it falls on the same side of a threshold
#: (a score of exactly 60 is not "below 60") on both paths.
SCORE_DIGITS: Final = 9


class Flag(StrEnum):
    """A compliance problem reported beside the score (flags never change the score).

    - ``BELOW_MINIMUM_WAGE``: the monthly wage is below the minimum wage in force at the start
      in the employer's region (the hourly wage below the hourly minimum for part-time work).
    - ``OVER_LEGAL_HOURS``: usual weekly hours exceed the standard week plus the monthly
      overtime limit spread over the month (40 + 36 / 4.35 ≈ 48.3 in China).
    - ``NO_SOCIAL_INSURANCE``: none of the required social-insurance schemes is paid.
    - ``INFORMAL``: no written contract, or none of the required schemes paid (ILO, 17th ICLS
      guidelines on informal employment: an employment relationship outside labour legislation
      or social protection).
    """

    BELOW_MINIMUM_WAGE = "below_minimum_wage"
    OVER_LEGAL_HOURS = "over_legal_hours"
    NO_SOCIAL_INSURANCE = "no_social_insurance"
    INFORMAL = "informal"


register_labels(
    Flag,
    {
        Flag.BELOW_MINIMUM_WAGE: ("Below the minimum wage", "低于最低工资标准"),
        Flag.OVER_LEGAL_HOURS: ("Hours over the legal limit", "工时超过法定上限"),
        Flag.NO_SOCIAL_INSURANCE: ("No social insurance", "未缴纳社会保险"),
        Flag.INFORMAL: ("Informal employment", "非正规就业"),
    },
)

_FLAG_ORDER = {flag: index for index, flag in enumerate(Flag)}


class Component(NamedTuple):
    """One indicator's part in a score.

    A named tuple rather than an attrs class: a caseload's scores hold one per indicator and
    placement, and a tuple is built ≈ 20× faster than a frozen attrs instance. For the same
    reason the explanation is kept as a template and its arguments, formatted on demand by
    :attr:`explanation`.

    Attributes:
        name: The indicator.
        dimension: Its UNECE quality dimension.
        raw: The raw value, or None when missing.
        normalised: The value on [0, 1], or None when missing.
        weight: The model's weight.
        share: The weight renormalised over the indicators present (None when missing).
        contribution: Under arithmetic aggregation, the points it adds to the score (the
            contributions add up to the score); under geometric aggregation, its log-points
            ``100 × share × ln(max(normalised, floor))`` (the score is
            ``100 × exp(Σ contributions / 100)``). None when missing or when no score is given.
        template: The explanation's :meth:`str.format` template.
        args: The template's arguments.
    """

    name: str
    dimension: QualityDimension
    raw: float | None
    normalised: float | None
    weight: float
    share: float | None
    contribution: float | None
    template: str
    args: tuple[object, ...] = ()

    @property
    def explanation(self) -> str:
        """How the value came about, or why it is missing."""
        return self.template.format(*self.args) if self.args else self.template


class QualityScore(NamedTuple):
    """The employment-quality score of one placement.

    A named tuple rather than an attrs class, to keep scoring a large caseload cheap (one per
    placement); immutable all the same. The components are derived on access from the
    indicator values and the model.

    Attributes:
        placement_id: The placement.
        veteran_id: Its veteran.
        employer_id: Its employer.
        region: The employer's region (where the market rules were looked up); None when the
            employer is not in the caseload.
        started_on: The placement's start.
        as_of: The scoring date.
        value: The score in [0, 100], or None (see ``reason``).
        reason: Why there is no score, or None; for a record that could not be scored at all
            (``no_market_data``, ``unknown_employer``) the sentence names the placement and
            says what to do.
        flags: Compliance flags, in the order of :class:`Flag`.
        model: The quality model (its version and fingerprint identify the score's index).
        indicator_values: One :class:`~veteran_services.scoring.IndicatorValue` per indicator
            of the model, in the model's (name) order.
        reason_code: Why there is no score, as a stable code of
            :data:`~veteran_services.scoring.REASONS` (``"low_coverage"``,
            ``"after_scoring_date"``, ``"no_market_data"``, ``"unknown_employer"``), or None.
        unknown: The facts of the placement that were not recorded
            (:meth:`Placement.unrecorded <veteran_services.model.Placement.unrecorded>`).
    """

    placement_id: str
    veteran_id: str
    employer_id: str
    region: str | None
    started_on: date
    as_of: date
    value: float | None
    reason: str | None
    flags: tuple[Flag, ...]
    model: QualityModel
    indicator_values: tuple[IndicatorValue, ...]
    reason_code: str | None = None
    unknown: tuple[str, ...] = ()

    def __repr__(self) -> str:
        value = None if self.value is None else round(self.value, 2)
        flags = ", ".join(f.value for f in self.flags)
        return (
            f"QualityScore(placement_id={self.placement_id!r}, value={value!r}, "
            f"flags=[{flags}], missing={list(self.missing)!r}, "
            f"model={self.model.version!r}/{self.model.fingerprint})"
        )

    @property
    def model_version(self) -> str:
        """The quality model's version."""
        return self.model.version

    @property
    def model_fingerprint(self) -> str:
        """The quality model's fingerprint."""
        return self.model.fingerprint

    @property
    def aggregation(self) -> str:
        """The model's aggregation."""
        return self.model.aggregation

    @property
    def components(self) -> tuple[Component, ...]:
        """One component per indicator of the model, sorted by name."""
        return _components(self.indicator_values, self.model, self.value)

    @property
    def missing(self) -> tuple[str, ...]:
        """The names of the indicators without a value."""
        return tuple(
            spec.name
            for spec, v in zip(self.model.indicators, self.indicator_values, strict=True)
            if v.normalised is None
        )

    @property
    def completeness(self) -> float:
        """The share of the model's weight whose indicators were observed, in [0, 1] (1 when
        every weighted indicator has a value; 0 for a placement that could not be scored)."""
        return _present_weight(self.indicator_values, self.model) / self.model.total_weight

    @checked
    def component(self, name: str) -> Component:
        """The component of indicator *name*.

        Raises:
            KeyError: the model had no such indicator.
        """
        for item in self.components:
            if item.name == name:
                return item
        raise KeyError(name)

    @checked
    def normalised_values(self) -> dict[str, float]:
        """The normalised values present, by indicator (input for entropy weights)."""
        return {
            spec.name: v.normalised
            for spec, v in zip(self.model.indicators, self.indicator_values, strict=True)
            if v.normalised is not None
        }

    @checked
    def by_dimension(self) -> dict[QualityDimension, float]:
        """A 0-100 sub-score per UNECE dimension: the weighted arithmetic mean of the normalised
        values present in it (dimensions without a value, or with zero weight, are left out).
        Sub-scores describe; they are not combined into the score."""
        sums: dict[QualityDimension, list[float]] = {}
        for spec, v in zip(self.model.indicators, self.indicator_values, strict=True):
            if v.normalised is None or spec.weight <= 0:
                continue
            totals = sums.setdefault(spec.dimension, [0.0, 0.0])
            totals[0] += spec.weight * v.normalised
            totals[1] += spec.weight
        return {d: 100.0 * s / w for d, (s, w) in sums.items()}

    @checked
    def has(self, flag: Flag) -> bool:
        """Whether the score carries *flag*."""
        return flag in self.flags

    @checked
    def as_dict(self) -> dict[str, Any]:
        """The explained score as a dict (its JSON form is ``io.to_dict(score)``).

        Keys: the placement's ids, ``region``, ``started_on``, ``as_of``, ``value``,
        ``reason``, ``reason_code``, ``flags``, ``unknown``, ``missing``, ``completeness``,
        ``aggregation``, ``model_version``, ``model_fingerprint`` and ``components``: one dict
        per indicator with ``name``, ``dimension``, ``raw``, ``normalised``, ``weight``,
        ``share``, ``contribution`` and ``explanation``. The model itself is named by its
        version and fingerprint, not repeated.
        """
        return {
            "placement_id": self.placement_id,
            "veteran_id": self.veteran_id,
            "employer_id": self.employer_id,
            "region": self.region,
            "started_on": self.started_on,
            "as_of": self.as_of,
            "value": self.value,
            "reason": self.reason,
            "reason_code": self.reason_code,
            "flags": list(self.flags),
            "unknown": list(self.unknown),
            "missing": list(self.missing),
            "completeness": self.completeness,
            "aggregation": self.aggregation,
            "model_version": self.model_version,
            "model_fingerprint": self.model_fingerprint,
            "components": [
                {
                    "name": c.name,
                    "dimension": c.dimension,
                    "raw": c.raw,
                    "normalised": c.normalised,
                    "weight": c.weight,
                    "share": c.share,
                    "contribution": c.contribution,
                    "explanation": c.explanation,
                }
                for c in self.components
            ],
        }

    @checked
    def as_row(self) -> dict[str, Any]:
        """The score as one flat row (``io.to_frame(scores)`` makes one per score): the fields
        of :meth:`as_dict` with lists joined by ``;``, and per indicator its normalised value
        (``indicator.NAME``) and contribution (``points.NAME``)."""
        data = self.as_dict()
        components = data.pop("components")
        for key in ("flags", "unknown", "missing"):
            data[key] = ";".join(str(getattr(v, "value", v)) for v in data[key])
        for c in components:
            data[f"indicator.{c['name']}"] = c["normalised"]
        for c in components:
            data[f"points.{c['name']}"] = c["contribution"]
        return data

    @checked
    def explain(self, lang: str = "en") -> str:
        """A readable breakdown: the score, each component, what is missing, the flags.

        In English (the default) the figures keep three decimals; in another language
        (``lang="zh"``) the words come from the message catalogue and the figures are rounded
        for people (normalised values to 2 decimals, points to 1). The score's data keep full
        precision (:meth:`as_dict`).

        Raises:
            InvalidInputError: *lang* has no message catalogue.
        """
        if _i18n.check_lang(lang) != _i18n.SOURCE_LANGUAGE:
            return self._explain_in(lang)
        lines = []
        head = "no score" if self.value is None else f"score {self.value:.1f} / 100"
        lines.append(
            f"placement {self.placement_id}: {head} (model {self.model_version}, "
            f"{self.model_fingerprint}; as of {self.as_of}; {self.aggregation})"
        )
        if self.reason:
            lines.append(f"  reason: {self.reason}")
        lines.append(f"  data completeness: {self.completeness:.0%} of the model's weight observed")
        if self.unknown:
            lines.append("  not recorded: " + ", ".join(self.unknown))
        unit = "points" if self.aggregation == "arithmetic" else "log-points"
        for c in self.components:
            if c.normalised is None:
                lines.append(f"  - {c.name:<20} missing      {c.explanation}")
                continue
            share = "" if c.share is None else f"share {c.share:5.1%}"
            part = "" if c.contribution is None else f"{c.contribution:+7.2f} {unit}"
            lines.append(
                f"  - {c.name:<20} {c.normalised:5.3f} {share} {part}  {c.explanation}".rstrip()
            )
        if self.flags:
            lines.append("  flags: " + ", ".join(f.value for f in self.flags))
        return "\n".join(lines)

    def _explain_in(self, lang: str) -> str:
        """:meth:`explain` in *lang* (not English), its figures rounded for people."""

        def _(message: str) -> str:
            return _i18n.translate(message, lang)

        head = (
            _("no score")
            if self.value is None
            else _("score {value} / 100").format(value=f"{self.value:.1f}")
        )
        aggregation = _("arithmetic") if self.aggregation == "arithmetic" else _("geometric")
        lines = [
            _(
                "placement {id}: {head} (model {version}, {fingerprint}; as of {as_of}; "
                "{aggregation})"
            ).format(
                id=self.placement_id,
                head=head,
                version=self.model_version,
                fingerprint=self.model_fingerprint,
                as_of=self.as_of,
                aggregation=aggregation,
            )
        ]
        if self.reason:
            reason = _i18n.translate_text(self.reason, lang)
            lines.append("  " + _("reason: {reason}").format(reason=reason))
        completeness = f"{self.completeness:.0%}"
        lines.append(
            "  "
            + _("data completeness: {share} of the model's weight observed").format(
                share=completeness
            )
        )
        separator = _(", ")
        if self.unknown:
            lines.append(
                "  " + _("not recorded: {fields}").format(fields=separator.join(self.unknown))
            )
        unit = _("points") if self.aggregation == "arithmetic" else _("log-points")
        for c in self.components:
            explanation = _explanation(c.template, c.args, lang)
            if c.normalised is None:
                words = _("{name}: missing; {explanation}")
                lines.append("  - " + words.format(name=c.name, explanation=explanation))
                continue
            parts = [f"{c.normalised:.2f}"]
            if c.share is not None:
                parts.append(_("share {share}").format(share=f"{c.share:.1%}"))
            if c.contribution is not None:
                parts.append(f"{c.contribution:+.1f} {unit}")
            words = _("{name}: {figures}; {explanation}")
            lines.append(
                "  - "
                + words.format(name=c.name, figures=separator.join(parts), explanation=explanation)
            )
        if self.flags:
            flags = separator.join(label(f, lang) for f in self.flags)
            lines.append("  " + _("flags: {flags}").format(flags=flags))
        return "\n".join(lines)


def _explanation(template: str, args: tuple[object, ...], lang: str) -> str:
    """An indicator's explanation in *lang*: its template from the catalogue (with the note on
    the full-time basis translated apart), words among its arguments too, contract types by
    their labels."""
    note = ""
    if template.endswith(FULL_TIME_BASIS_NOTE):
        template = template.removesuffix(FULL_TIME_BASIS_NOTE)
        note = _i18n.translate(FULL_TIME_BASIS_NOTE, lang)

    def word(arg: object) -> object:
        if not isinstance(arg, str) or not arg:
            return arg
        if arg in _CONTRACTS:
            return label(ContractType(arg), lang)
        return _i18n.translate(arg, lang)

    translated = _i18n.translate(template, lang)
    return translated.format(*map(word, args)) + note if args else translated + note


_CONTRACTS = frozenset(member.value for member in ContractType)


def _flags(ctx: PlacementContext) -> tuple[Flag, ...]:
    """The compliance flags, each raised only on recorded facts: an unknown wage, hours,
    contract type or insurance raises nothing (``insurance=None`` is "not recorded", while a
    recorded empty set is "no scheme paid")."""
    placement = ctx.placement
    flags: list[Flag] = []
    if ctx.below_minimum():
        flags.append(Flag.BELOW_MINIMUM_WAGE)
    hours = placement.weekly_hours
    if hours is not None and float(hours) > ctx.working.max_weekly_hours:
        flags.append(Flag.OVER_LEGAL_HOURS)
    required = ctx.required_schemes()
    insurance = placement.insurance
    uninsured = insurance is not None and bool(required) and not (insurance & required)
    if uninsured:
        flags.append(Flag.NO_SOCIAL_INSURANCE)
    if placement.contract is ContractType.NONE or uninsured:
        flags.append(Flag.INFORMAL)
    return tuple(flags)


def _present_weight(values: tuple[IndicatorValue, ...], model: QualityModel) -> float:
    return math.fsum(
        spec.weight
        for spec, v in zip(model.indicators, values, strict=True)
        if v.normalised is not None and spec.weight > 0
    )


def _value(
    values: tuple[IndicatorValue, ...], model: QualityModel
) -> tuple[float | None, str | None]:
    """The score and, when there is none, the reason.

    The weighted arithmetic or geometric mean over the indicators present, as
    :func:`veteran_services.stats.aggregate` computes it (the tests check that they agree),
    written out here because it runs once per placement.
    """
    geometric = model.aggregation == "geometric"
    floor = model.geometric_floor
    terms = []
    weights = []
    low, high = math.inf, -math.inf
    for spec, v in zip(model.indicators, values, strict=True):
        x = v.normalised
        w = spec.weight
        if x is None or w <= 0:
            continue
        if geometric:
            x = max(x, floor)
            terms.append(w * math.log(x))
        else:
            terms.append(w * x)
        weights.append(w)
        low = min(low, x)
        high = max(high, x)
    present = math.fsum(weights)
    total = model.total_weight
    if present > 0 and present / total >= model.min_coverage:
        mean = math.fsum(terms) / present
        if geometric:
            mean = math.exp(mean)
        # a mean lies within the values; rounded, so that a round score is one (SCORE_DIGITS)
        return round(100.0 * min(high, max(low, mean)), SCORE_DIGITS), None
    missing = [
        f"{spec.name} ({v.explanation})"
        for spec, v in zip(model.indicators, values, strict=True)
        if v.normalised is None and spec.weight > 0
    ]
    reason = (
        f"the indicators present carry {present / total:.0%} of the weight, below the "
        f"minimum coverage of {model.min_coverage:.0%}; missing: " + "; ".join(missing)
    )
    return None, reason


def _components(
    values: tuple[IndicatorValue, ...], model: QualityModel, value: float | None
) -> tuple[Component, ...]:
    present = _present_weight(values, model)
    geometric = model.aggregation == "geometric"
    floor = model.geometric_floor
    components = []
    for spec, v in zip(model.indicators, values, strict=True):
        x = v.normalised
        share = None if x is None or present == 0 else spec.weight / present
        contribution = None
        if share is not None and value is not None and x is not None:
            contribution = 100.0 * share * (math.log(max(x, floor)) if geometric else x)
        components.append(
            Component(
                spec.name,
                spec.dimension,
                v.raw,
                x,
                spec.weight,
                share,
                contribution,
                v.template,
                v.args,
            )
        )
    return tuple(components)


@checked
def score_placement(
    placement: Placement,
    *,
    caseload: Caseload,
    market: LabourMarket,
    model: QualityModel | None = None,
    as_of: date,
) -> QualityScore:
    """The employment-quality score of one placement.

    Args:
        placement: The placement to score.
        caseload: The caseload it belongs to (its employer, the veteran's enrolments and the
            follow-up responses are looked up there).
        market: The labour-market tables.
        model: The quality model; :meth:`QualityModel.default` when None.
        as_of: The scoring date: retention is observed and survey responses are taken up to
            it. A placement starting after it gets no score.

    Returns:
        The score. ``value`` is None, with a ``reason`` and a ``reason_code``, when the
        indicators present carry less than the model's ``min_coverage`` of the weight, when the
        placement starts after *as_of*, when the market tables do not cover the employer's
        region on the start date, or when the employer is not in the caseload: one record that
        cannot be scored is that record's result, never an exception.
    """
    model = QualityModel.default() if model is None else model
    return _score(placement, caseload, market, model, as_of, CaseloadIndex(caseload))


def _score(
    placement: Placement,
    caseload: Caseload,
    market: LabourMarket,
    model: QualityModel,
    as_of: date,
    lookups: CaseloadIndex,
) -> QualityScore:
    try:
        ctx = PlacementContext(
            placement, caseload=caseload, market=market, as_of=as_of, lookups=lookups
        )
        values = tuple([compute(ctx, spec) for compute, spec in model.plan()])
        flags = _flags(ctx)
    except (MarketDataError, UnknownRecordError) as error:
        return _unscored(placement, model, as_of, lookups, error)
    code: str | None = None
    if placement.started_on > as_of:
        value: float | None = None
        reason: str | None = (
            f"the placement starts on {placement.started_on}, after the scoring date {as_of}"
        )
        code = AFTER_SCORING_DATE
    else:
        value, reason = _value(values, model)
        code = None if reason is None else LOW_COVERAGE
    return QualityScore(
        placement.id,
        placement.veteran_id,
        placement.employer_id,
        ctx.region,
        placement.started_on,
        as_of,
        value,
        reason,
        flags,
        model,
        values,
        code,
        placement.unrecorded(),
    )


def _unscored(
    placement: Placement,
    model: QualityModel,
    as_of: date,
    lookups: CaseloadIndex,
    error: MarketDataError | UnknownRecordError,
) -> QualityScore:
    """The result of a placement that cannot be scored: no value, every indicator missing, no
    flag, and a reason that names the placement and what to do."""
    if isinstance(error, UnknownRecordError):
        region = None
        code = UNKNOWN_EMPLOYER
        reason = (
            f"placement {placement.id!r}: its employer {placement.employer_id!r} is not in the "
            "caseload; add the employer's record (id, name, region) or correct 'employer_id'"
        )
    else:
        region = error.region
        code = NO_MARKET_DATA
        reason = (
            f"placement {placement.id!r} (starting {placement.started_on}): {error}; score it "
            "with labour-market tables that cover this region and date "
            "(LabourMarket.from_json or from_csv with the rows it lacks)"
        )
    values = tuple(IndicatorValue(None, None, "not scored: " + reason) for _ in model.indicators)
    return QualityScore(
        placement.id,
        placement.veteran_id,
        placement.employer_id,
        region,
        placement.started_on,
        as_of,
        None,
        reason,
        (),
        model,
        values,
        code,
        placement.unrecorded(),
    )


@checked
def score_caseload(
    caseload: Caseload,
    *,
    market: LabourMarket,
    model: QualityModel | None = None,
    as_of: date,
) -> tuple[QualityScore, ...]:
    """The score of every placement of *caseload*, sorted by placement id (so the result does
    not depend on the order of the records).

    A placement that cannot be scored (no market row for its region and start, an employer
    missing from the caseload) gets a score with no value and a reason naming it; the others
    are scored as if it were not there. :func:`~veteran_services.scoring.check_market` finds
    such placements beforehand.

    The cyclic garbage collector is paused while the scores are built (the records are
    acyclic; see docs/architecture.md, performance notes).
    """
    with paused_gc():
        return tuple(iter_scores(caseload, market=market, model=model, as_of=as_of))


@checked
def iter_scores(
    caseload: Caseload,
    *,
    market: LabourMarket,
    model: QualityModel | None = None,
    as_of: date,
) -> Iterator[QualityScore]:
    """Like :func:`score_caseload`, one score at a time (placements sorted by id)."""
    model = QualityModel.default() if model is None else model
    lookups = CaseloadIndex(caseload, eager=True)
    for placement in sorted(caseload.placements, key=attrgetter("id")):
        yield _score(placement, caseload, market, model, as_of, lookups)
