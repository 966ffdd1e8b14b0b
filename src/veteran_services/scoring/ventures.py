"""Entrepreneurship quality: an explained score for every venture.

The bureau's goal names two qualities, "employment quality" and "entrepreneurship quality";
:mod:`veteran_services.scoring.index` scores the first per placement, this module the second per
venture, with the same machinery: indicators normalised with goalposts
(:func:`veteran_services.stats.goalposts`), weights, a missing-indicator policy (weights
renormalised over the indicators present if they carry at least ``min_coverage`` of the total),
an explanation of every component, compliance flags beside the score, a version and a
fingerprint, English and Chinese labels. It is its own model (:class:`VentureModel`), never
mixed with the job-quality one.

==========================  ==============  =================================================
indicator                   dimension       raw value
==========================  ==============  =================================================
age                         viability       whole months from registration (0 at closure)
operating_status            viability       latest recorded status: operating 1, suspended
                                            0.25, closed or deregistered 0
revenue_trend               viability       annualised revenue growth between the earliest
                                            and latest snapshots with revenue (≥ 11 months)
employee_growth             growth          annualised employee growth over up to 3 years
high_growth                 growth          1 if high-growth (Eurostat–OECD), else 0
jobs_for_others             job creation    employees at the latest snapshot
veteran_jobs                job creation    veteran employees at the latest snapshot
insured_jobs                job creation    employees with social insurance
founder_income              livelihood      founder's monthly income ÷ local minimum wage
legal_form                  formality       individual business 0.25 … limited company 1
staff_insurance             formality       insured employees ÷ employees
innovation                  innovation      the best certification held (high-tech 1, …)
==========================  ==============  =================================================

A fact not recorded leaves its indicator missing, explained, and out of the score: it never
scores as the worst value. Definitions, goalposts and sources: ``docs/methodology/ventures.md``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any, Final, NamedTuple

import attrs
from attrs import field, frozen

from veteran_services._checks import checked
from veteran_services.codes import register_labels
from veteran_services.errors import InvalidInputError
from veteran_services.model import (
    CLOSED_STATUSES,
    LOAN_TROUBLE,
    Caseload,
    CertificationKind,
    LegalForm,
    OperatingStatus,
    Venture,
    whole_months_between,
)
from veteran_services.scoring.indicators import IndicatorValue
from veteran_services.scoring.market import LabourMarket, MarketDataError
from veteran_services.scoring.ventures_growth import classify_growth
from veteran_services.stats import goalposts

__all__ = [
    "VENTURE_INDICATORS",
    "VentureComponent",
    "VentureContext",
    "VentureDimension",
    "VentureFlag",
    "VentureIndicator",
    "VentureIndicatorSpec",
    "VentureModel",
    "VentureScore",
    "score_venture",
    "score_ventures",
]


class VentureDimension(StrEnum):
    """The dimensions of entrepreneurship quality the indicators are reported under."""

    VIABILITY = "viability"
    GROWTH = "growth"
    JOB_CREATION = "job_creation"
    LIVELIHOOD = "livelihood"
    FORMALITY = "formality"
    INNOVATION = "innovation"


register_labels(
    VentureDimension,
    {
        VentureDimension.VIABILITY: ("Viability", "经营稳定性"),
        VentureDimension.GROWTH: ("Growth", "成长性"),
        VentureDimension.JOB_CREATION: ("Job creation", "带动就业"),
        VentureDimension.LIVELIHOOD: ("Founder's livelihood", "创业者收入"),
        VentureDimension.FORMALITY: ("Formality", "规范经营"),
        VentureDimension.INNOVATION: ("Innovation", "创新能力"),
    },
)


class VentureFlag(StrEnum):
    """A compliance problem reported beside a venture's score (flags never change it).

    - ``UNINSURED_EMPLOYEES``: the latest snapshot records fewer insured employees than
      employees (Social Insurance Law 2010, art. 58: an employer registers every employee).
    - ``LOAN_IN_ARREARS``: a guaranteed loan's latest recorded repayment is in arrears or
      defaulted.
    - ``STALE_RECORD``: the venture is reported operating (not closed) but has no snapshot in
      the twelve months before the scoring date (and was registered over a year before it).
    """

    UNINSURED_EMPLOYEES = "uninsured_employees"
    LOAN_IN_ARREARS = "loan_in_arrears"
    STALE_RECORD = "stale_record"


register_labels(
    VentureFlag,
    {
        VentureFlag.UNINSURED_EMPLOYEES: ("Employees without social insurance", "员工未参保"),
        VentureFlag.LOAN_IN_ARREARS: ("Start-up loan in arrears", "创业担保贷款逾期"),
        VentureFlag.STALE_RECORD: ("No snapshot for over a year", "超过一年未更新经营信息"),
    },
)

#: The raw value of each operating status in ``operating_status``.
STATUS_VALUES: Final = {
    OperatingStatus.OPERATING: 1.0,
    OperatingStatus.SUSPENDED: 0.25,
    OperatingStatus.CLOSED: 0.0,
    OperatingStatus.DEREGISTERED: 0.0,
}
#: The raw value of each legal form in ``legal_form`` (the formality of the form: limited
#: liability, separate accounts and tax registration score highest). ``OTHER`` is not scored.
LEGAL_FORM_VALUES: Final = {
    LegalForm.INDIVIDUAL_BUSINESS: 0.25,
    LegalForm.SOLE_PROPRIETORSHIP: 0.5,
    LegalForm.PARTNERSHIP: 0.75,
    LegalForm.COOPERATIVE: 0.75,
    LegalForm.LIMITED_COMPANY: 1.0,
}
#: The raw value of each certification in ``innovation`` (the best one held counts).
CERTIFICATION_VALUES: Final = {
    CertificationKind.HIGH_TECH_ENTERPRISE: 1.0,
    CertificationKind.SPECIALISED_SME: 0.9,
    CertificationKind.INVENTION_PATENT: 0.8,
    CertificationKind.SCIENCE_BASED_SME: 0.7,
    CertificationKind.UTILITY_MODEL_PATENT: 0.5,
    CertificationKind.SOFTWARE_COPYRIGHT: 0.4,
    CertificationKind.DESIGN_PATENT: 0.3,
    CertificationKind.OTHER: 0.2,
}

_FORMAT: Final = 1


class VentureContext:
    """A venture with what its indicators look at, resolved once.

    Attributes:
        venture: The venture scored.
        as_of: The scoring date.
        market: The labour-market tables (the founder's income is compared with the minimum
            wage in the venture's region).
        snapshots: Its snapshots on or before *as_of*, oldest first.
        latest: The latest of them, or None.
    """

    __slots__ = ("as_of", "latest", "market", "snapshots", "venture")

    def __init__(self, venture: Venture, *, as_of: date, market: LabourMarket) -> None:
        self.venture = venture
        self.as_of = as_of
        self.market = market
        self.snapshots = venture.snapshots_until(as_of)
        self.latest = self.snapshots[-1] if self.snapshots else None

    @property
    def closed(self) -> bool:
        """Whether the venture closed on or before the scoring date."""
        return self.venture.closed_on is not None and self.venture.closed_on <= self.as_of


_Compute = Callable[[VentureContext, "VentureIndicatorSpec"], IndicatorValue]


def _unrecorded(template: str, *args: object) -> IndicatorValue:
    return IndicatorValue(None, None, template, args)


def _scored(raw: float, spec: VentureIndicatorSpec, template: str, *args: object) -> IndicatorValue:
    normalised = goalposts(
        raw, low=spec.low, high=spec.high, higher_is_better=spec.higher_is_better
    )
    return IndicatorValue(raw, normalised, template, args)


def age(ctx: VentureContext, spec: VentureIndicatorSpec) -> IndicatorValue:
    """Whole months from registration to the scoring date; 0 for a closed venture (it is no
    longer viable, whatever its age was)."""
    venture = ctx.venture
    if venture.registered_on > ctx.as_of:
        return _unrecorded("registered on {}, after the scoring date", venture.registered_on)
    if ctx.closed:
        return _scored(0.0, spec, "closed on {}", venture.closed_on)
    months = whole_months_between(venture.registered_on, ctx.as_of)
    return _scored(float(months), spec, "{} months since registration", months)


def operating_status(ctx: VentureContext, spec: VentureIndicatorSpec) -> IndicatorValue:
    """The latest recorded operating status (a recorded closure counts as closed)."""
    if ctx.closed:
        return _scored(0.0, spec, "closed on {}", ctx.venture.closed_on)
    recorded = [s for s in ctx.snapshots if s.status is not None]
    if not recorded:
        return _unrecorded("no operating status recorded")
    latest = recorded[-1]
    status = latest.status
    if status is None:  # filtered above; for the type checker
        return _unrecorded("no operating status recorded")
    return _scored(STATUS_VALUES[status], spec, "{} as of {}", status.value, latest.as_of)


def _annualised(first: float, last: float, months: int) -> float:
    return float((last / first) ** (12 / months)) - 1.0


def revenue_trend(ctx: VentureContext, spec: VentureIndicatorSpec) -> IndicatorValue:
    """Annualised revenue growth between the earliest and the latest snapshot with revenue,
    at least 11 months apart; missing otherwise or when the first revenue is 0."""
    with_revenue = [s for s in ctx.snapshots if s.revenue is not None]
    if len(with_revenue) < 2:
        return _unrecorded("fewer than two snapshots with revenue")
    first, last = with_revenue[0], with_revenue[-1]
    months = whole_months_between(first.as_of, last.as_of)
    if months < 11:
        return _unrecorded("revenue snapshots only {} months apart", months)
    if first.revenue is None or last.revenue is None:  # filtered above; for the type checker
        return _unrecorded("fewer than two snapshots with revenue")
    a, b = float(first.revenue.amount), float(last.revenue.amount)
    if a <= 0:
        return _unrecorded("first recorded revenue is 0 (growth undefined)")
    growth = _annualised(a, b, months)
    return _scored(
        growth, spec, "revenue {:+.1%} a year ({} to {})", growth, first.as_of, last.as_of
    )


def employee_growth(ctx: VentureContext, spec: VentureIndicatorSpec) -> IndicatorValue:
    """Annualised growth in employees from the snapshot closest to three years before the
    latest (or the earliest, if younger) to the latest, at least 11 months apart."""
    if ctx.latest is None or len(ctx.snapshots) < 2:
        return _unrecorded("fewer than two snapshots")
    end = ctx.latest
    earlier = [s for s in ctx.snapshots if whole_months_between(s.as_of, end.as_of) >= 11]
    if not earlier:
        return _unrecorded("no snapshot at least 11 months before the latest")
    start = min(earlier, key=lambda s: abs(whole_months_between(s.as_of, end.as_of) - 36))
    months = whole_months_between(start.as_of, end.as_of)
    if start.employees == 0:
        return _unrecorded("no employees at {} (growth undefined)", start.as_of)
    growth = _annualised(start.employees, end.employees, months)
    return _scored(
        growth,
        spec,
        "{} → {} employees, {:+.1%} a year",
        start.employees,
        end.employees,
        growth,
    )


def high_growth(ctx: VentureContext, spec: VentureIndicatorSpec) -> IndicatorValue:
    """1 when the venture is high-growth by the Eurostat–OECD definition, 0 when it is not;
    missing when it cannot be classified (under 10 employees at the start, or no snapshots
    three years apart)."""
    found = classify_growth(ctx.venture, as_of=ctx.as_of)
    if found is None:
        return _unrecorded(
            "not classifiable: no snapshots 3 years apart from at least 10 employees"
        )
    raw = 1.0 if found.high_growth else 0.0
    word = "high-growth" if found.high_growth else "not high-growth"
    return _scored(raw, spec, "{}: {:+.1%} a year over 3 years", word, found.annualised_growth)


def _latest_count(ctx: VentureContext, spec: VentureIndicatorSpec, what: str) -> IndicatorValue:
    if ctx.closed:
        return _scored(0.0, spec, "closed on {}: no jobs", ctx.venture.closed_on)
    latest = ctx.latest
    if latest is None:
        return _unrecorded("no snapshot")
    count = latest.employees if what == "employees" else latest.veteran_employees
    return _scored(float(count), spec, "{} {} as of {}", count, what, latest.as_of)


def jobs_for_others(ctx: VentureContext, spec: VentureIndicatorSpec) -> IndicatorValue:
    """Employees at the latest snapshot (founders not counted)."""
    return _latest_count(ctx, spec, "employees")


def veteran_jobs(ctx: VentureContext, spec: VentureIndicatorSpec) -> IndicatorValue:
    """Veteran employees at the latest snapshot (带动退役军人就业)."""
    return _latest_count(ctx, spec, "veteran employees")


def insured_jobs(ctx: VentureContext, spec: VentureIndicatorSpec) -> IndicatorValue:
    """Employees with social insurance at the latest snapshot; missing when not recorded."""
    if ctx.closed:
        return _scored(0.0, spec, "closed on {}: no jobs", ctx.venture.closed_on)
    latest = ctx.latest
    if latest is None or latest.insured_employees is None:
        return _unrecorded("insured employees not recorded")
    count = latest.insured_employees
    return _scored(float(count), spec, "{} insured employees as of {}", count, latest.as_of)


def founder_income(ctx: VentureContext, spec: VentureIndicatorSpec) -> IndicatorValue:
    """The founder's monthly income at the latest snapshot recording it ÷ the monthly minimum
    wage in force then in the venture's region."""
    recorded = [s for s in ctx.snapshots if s.founder_monthly_income is not None]
    if not recorded:
        return _unrecorded("founder's income not recorded")
    latest = recorded[-1]
    income = latest.founder_monthly_income
    if income is None:  # filtered above; for the type checker
        return _unrecorded("founder's income not recorded")
    try:
        minimum = ctx.market.minimum_wage(ctx.venture.region, latest.as_of)
    except MarketDataError as error:
        return _unrecorded("no minimum wage for the region: {}", error)
    ratio = float(income.amount / minimum.monthly)
    return _scored(
        ratio, spec, "{} a month is {:.2f} × the minimum {}", income.amount, ratio, minimum.monthly
    )


def legal_form(ctx: VentureContext, spec: VentureIndicatorSpec) -> IndicatorValue:
    """The formality of the legal form (:data:`LEGAL_FORM_VALUES`); ``other`` is missing."""
    form = ctx.venture.legal_form
    if form not in LEGAL_FORM_VALUES:
        return _unrecorded("legal form {!r} is not scored", form.value)
    return _scored(LEGAL_FORM_VALUES[form], spec, "{}", form.value)


def staff_insurance(ctx: VentureContext, spec: VentureIndicatorSpec) -> IndicatorValue:
    """Insured employees ÷ employees at the latest snapshot; missing when not recorded or when
    there are no employees (nobody to insure is not a failure to insure)."""
    latest = ctx.latest
    if ctx.closed or latest is None or latest.insured_employees is None:
        return _unrecorded("insured employees not recorded")
    if latest.employees == 0:
        return _unrecorded("no employees as of {}", latest.as_of)
    share = latest.insured_employees / latest.employees
    return _scored(
        share, spec, "{} of {} employees insured", latest.insured_employees, latest.employees
    )


def innovation(ctx: VentureContext, spec: VentureIndicatorSpec) -> IndicatorValue:
    """The best certification held at the scoring date (:data:`CERTIFICATION_VALUES`);
    missing when none is recorded (offices record those they know of: none recorded is not
    none held)."""
    held = ctx.venture.certifications_held(ctx.as_of)
    if not held:
        return _unrecorded("no certification recorded")
    best = max(held, key=lambda c: CERTIFICATION_VALUES[c.kind])
    return _scored(CERTIFICATION_VALUES[best.kind], spec, "{} held", best.kind.value)


@frozen(kw_only=True)
class VentureIndicator:
    """An indicator of entrepreneurship quality: its function and defaults.

    Attributes:
        name: Its name.
        compute: The function of a :class:`VentureContext` and a spec.
        dimension: The dimension it is reported under.
        low: The default lower goalpost.
        high: The default upper goalpost.
        higher_is_better: The direction.
        description: One line for people.
    """

    name: str
    compute: _Compute
    dimension: VentureDimension
    low: float
    high: float
    higher_is_better: bool = True
    description: str = ""


def _indicator(
    compute: _Compute, dimension: VentureDimension, low: float, high: float, description: str
) -> VentureIndicator:
    return VentureIndicator(
        name=compute.__name__,
        compute=compute,
        dimension=dimension,
        low=low,
        high=high,
        description=description,
    )


_V = VentureDimension

#: Every venture indicator by name, with its default goalposts.
VENTURE_INDICATORS: Final[Mapping[str, VentureIndicator]] = {
    i.name: i
    for i in (
        _indicator(age, _V.VIABILITY, 0, 60, "months since registration (0 once closed)"),
        _indicator(operating_status, _V.VIABILITY, 0, 1, "latest recorded operating status"),
        _indicator(revenue_trend, _V.VIABILITY, -0.2, 0.2, "annualised revenue growth"),
        _indicator(employee_growth, _V.GROWTH, -0.1, 0.2, "annualised employee growth"),
        _indicator(high_growth, _V.GROWTH, 0, 1, "Eurostat–OECD high-growth enterprise"),
        _indicator(jobs_for_others, _V.JOB_CREATION, 0, 10, "employees"),
        _indicator(veteran_jobs, _V.JOB_CREATION, 0, 3, "veteran employees"),
        _indicator(insured_jobs, _V.JOB_CREATION, 0, 10, "employees with social insurance"),
        _indicator(founder_income, _V.LIVELIHOOD, 1, 3, "founder's income ÷ minimum wage"),
        _indicator(legal_form, _V.FORMALITY, 0, 1, "formality of the legal form"),
        _indicator(staff_insurance, _V.FORMALITY, 0, 1, "share of employees insured"),
        _indicator(innovation, _V.INNOVATION, 0, 1, "best certification held"),
    )
}


def _bad(argument: str, message: str) -> InvalidInputError:
    return InvalidInputError(argument, message)


def _finite(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        msg = f"{name!r} must be a finite number, got {value!r}"
        raise _bad(name, msg)
    return float(value)


@frozen(kw_only=True)
class VentureIndicatorSpec:
    """One indicator of a :class:`VentureModel`: weight, goalposts, direction, dimension.

    Attributes:
        name: A key of :data:`VENTURE_INDICATORS`.
        weight: Its weight, ≥ 0.
        low: The lower goalpost.
        high: The upper goalpost, above *low*.
        higher_is_better: The direction.
        dimension: The dimension it is reported under.
    """

    name: str
    weight: float
    low: float
    high: float
    higher_is_better: bool = True
    dimension: VentureDimension

    def __attrs_post_init__(self) -> None:
        if self.name not in VENTURE_INDICATORS:
            known = ", ".join(sorted(VENTURE_INDICATORS))
            msg = f"'name' must be a known venture indicator ({known}), got {self.name!r}"
            raise _bad("name", msg)
        weight = _finite("weight", self.weight)
        if weight < 0:
            msg = f"'weight' of {self.name!r} must not be negative, got {self.weight!r}"
            raise _bad("weight", msg)
        low, high = _finite("low", self.low), _finite("high", self.high)
        if not low < high:
            msg = f"goalposts of {self.name!r}: 'low' must be below 'high' ({high}), got {low}"
            raise _bad("low", msg)
        direction: object = self.higher_is_better
        if not isinstance(direction, bool):
            msg = f"'higher_is_better' must be true or false, got {direction!r}"
            raise _bad("higher_is_better", msg)
        dimension: object = self.dimension
        if not isinstance(dimension, VentureDimension):
            msg = f"'dimension' must be a VentureDimension, got {dimension!r}"
            raise _bad("dimension", msg)
        object.__setattr__(self, "weight", weight)
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

    @classmethod
    def of(cls, name: str, *, weight: float, **overrides: Any) -> VentureIndicatorSpec:
        """A spec with the indicator's default goalposts, direction and dimension."""
        if name not in VENTURE_INDICATORS:
            known = ", ".join(sorted(VENTURE_INDICATORS))
            msg = f"'name' must be a known venture indicator ({known}), got {name!r}"
            raise _bad("name", msg)
        indicator = VENTURE_INDICATORS[name]
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
        }


def _sorted_specs(specs: Iterable[VentureIndicatorSpec]) -> tuple[VentureIndicatorSpec, ...]:
    items = tuple(specs)
    for item in items:
        checked_item: object = item
        if not isinstance(checked_item, VentureIndicatorSpec):
            msg = f"'indicators' must hold VentureIndicatorSpec records, got {item!r}"
            raise _bad("indicators", msg)
    return tuple(sorted(items, key=lambda s: s.name))


@frozen(kw_only=True)
class VentureModel:
    """An entrepreneurship-quality index: indicators, weights, missing-data policy, version.

    The same rules as :class:`~veteran_services.scoring.QualityModel` (indicators sorted by
    name, weights renormalised over the indicators present subject to *min_coverage*,
    arithmetic or geometric aggregation, a fingerprint of the whole specification), with its
    own indicators.

    Attributes:
        indicators: The specs, sorted by name; names unique.
        aggregation: ``"arithmetic"`` or ``"geometric"``.
        min_coverage: The least share of the total weight present for a score, in [0, 1].
        geometric_floor: Under geometric aggregation, the least normalised value (> 0).
        version: A label for people.
        name: A short name.
    """

    indicators: tuple[VentureIndicatorSpec, ...] = field(converter=_sorted_specs)
    aggregation: str = "arithmetic"
    min_coverage: float = 0.5
    geometric_floor: float = 0.01
    version: str = "1"
    name: str = "custom"
    _fingerprint: list[str] = field(factory=list, init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if not self.indicators:
            msg = "'indicators' must name at least one indicator"
            raise _bad("indicators", msg)
        names = [s.name for s in self.indicators]
        if len(set(names)) != len(names):
            repeated = next(n for n in names if names.count(n) > 1)
            msg = f"'indicators' must name each indicator once, got {repeated!r} twice"
            raise _bad("indicators", msg)
        if not any(s.weight > 0 for s in self.indicators):
            msg = "'indicators' weights must not all be zero"
            raise _bad("weights", msg)
        if self.aggregation not in ("arithmetic", "geometric"):
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
        object.__setattr__(self, "min_coverage", coverage)
        object.__setattr__(self, "geometric_floor", floor)

    @classmethod
    def default(cls) -> VentureModel:
        """The library's default entrepreneurship-quality index (version ``"2026.1"``).

        Weights by dimension: viability 30 % (operating status 15, age 10, revenue trend 5),
        job creation 25 % (jobs for others 10, veteran jobs 10, insured jobs 5), growth 15 %
        (employee growth 10, high-growth 5), founder's livelihood 15 %, formality 10 % (staff
        insurance 5, legal form 5), innovation 5 %. Rationale: the bureau's aims for
        veterans' entrepreneurship are that businesses last, create jobs (for veterans
        especially: 带动就业) and keep the founder; status, age, jobs and legal form are
        recorded for nearly every venture, so they carry most of the weight, while revenue,
        income, insurance and certifications are often unrecorded and their absence is
        absorbed by renormalisation. ``min_coverage = 0.5``. See
        ``docs/methodology/ventures.md``.

        >>> m = VentureModel.default()
        >>> round(sum(s.weight for s in m.indicators), 10), m.version
        (1.0, '2026.1')
        """
        return _DEFAULT

    @property
    def total_weight(self) -> float:
        """The sum of the weights."""
        return math.fsum(s.weight for s in self.indicators)

    @property
    def names(self) -> tuple[str, ...]:
        """The indicator names, sorted."""
        return tuple(s.name for s in self.indicators)

    def spec(self, name: str) -> VentureIndicatorSpec:
        """The spec of indicator *name*.

        Raises:
            InvalidInputError: the model has no such indicator.
        """
        for spec in self.indicators:
            if spec.name == name:
                return spec
        msg = f"the model has no indicator {name!r}; it has {', '.join(self.names)}"
        raise _bad("name", msg)

    def with_weights(
        self, weights: Mapping[str, float], *, version: str | None = None
    ) -> VentureModel:
        """A copy with new weights for the named indicators."""
        for name in weights:
            self.spec(name)
        specs = [
            attrs.evolve(s, weight=weights[s.name]) if s.name in weights else s
            for s in self.indicators
        ]
        return attrs.evolve(
            self, indicators=specs, version=self.version if version is None else version
        )

    def to_dict(self) -> dict[str, Any]:
        """The whole specification as JSON-ready data."""
        return {
            "format": _FORMAT,
            "kind": "venture",
            "name": self.name,
            "version": self.version,
            "aggregation": self.aggregation,
            "min_coverage": self.min_coverage,
            "geometric_floor": self.geometric_floor,
            "indicators": [s.to_dict() for s in self.indicators],
        }

    def to_json(self) -> str:
        """The specification as canonical JSON text."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> VentureModel:
        """A model from the data of :meth:`to_dict`.

        Raises:
            InvalidInputError: unknown keys, or an invalid model.
        """
        allowed = {"format", "kind", "name", "version", "aggregation", "min_coverage"}
        allowed |= {"geometric_floor", "indicators"}
        unknown = sorted(set(data) - allowed)
        if unknown:
            msg = f"venture model has unknown key {unknown[0]!r}"
            raise _bad(unknown[0], msg)
        if data.get("kind", "venture") != "venture":
            msg = f"'kind' must be 'venture', got {data.get('kind')!r}"
            raise _bad("kind", msg)
        items = data.get("indicators")
        if not isinstance(items, list):
            msg = "'indicators' must be a list of indicator specs"
            raise _bad("indicators", msg)
        specs = []
        for index, item in enumerate(items):
            if not isinstance(item, Mapping):
                msg = f"'indicators'[{index}] must be an object, got {item!r}"
                raise _bad("indicators", msg)
            try:
                dimension = VentureDimension(str(item.get("dimension", "")))
            except ValueError:
                msg = f"'dimension' of 'indicators'[{index}] is unknown: {item.get('dimension')!r}"
                raise _bad("dimension", msg) from None
            specs.append(VentureIndicatorSpec(**{**item, "dimension": dimension}))
        settings = {
            k: data[k]
            for k in ("aggregation", "min_coverage", "geometric_floor", "version", "name")
            if k in data
        }
        return cls(indicators=specs, **settings)

    @classmethod
    def from_json(cls, text: str) -> VentureModel:
        """A model from the JSON text of :meth:`to_json`."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            msg = f"venture model is not valid JSON: {error}"
            raise _bad("text", msg) from None
        if not isinstance(data, dict):
            msg = "venture model JSON must be an object"
            raise _bad("text", msg)
        return cls.from_dict(data)

    @property
    def fingerprint(self) -> str:
        """The first 12 hex digits of the SHA-256 of the canonical specification."""
        if not self._fingerprint:
            canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
            self._fingerprint.append(hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12])
        return self._fingerprint[0]

    def __str__(self) -> str:
        return f"venture model {self.name!r} version {self.version} ({self.fingerprint})"


_DEFAULT_WEIGHTS: Final = {
    "operating_status": 0.15,
    "age": 0.10,
    "revenue_trend": 0.05,
    "employee_growth": 0.10,
    "high_growth": 0.05,
    "jobs_for_others": 0.10,
    "veteran_jobs": 0.10,
    "insured_jobs": 0.05,
    "founder_income": 0.15,
    "staff_insurance": 0.05,
    "legal_form": 0.05,
    "innovation": 0.05,
}

_DEFAULT = VentureModel(
    indicators=[VentureIndicatorSpec.of(n, weight=w) for n, w in _DEFAULT_WEIGHTS.items()],
    version="2026.1",
    name="default",
)


class VentureComponent(NamedTuple):
    """One indicator's part in a venture's score.

    Attributes:
        name: The indicator.
        dimension: Its dimension.
        raw: The raw value, or None when missing.
        normalised: The value on [0, 1], or None.
        weight: The model's weight.
        low: The lower goalpost.
        high: The upper goalpost.
        share: The weight renormalised over the indicators present (None when missing).
        contribution: Points it adds to the score (arithmetic; log-points under geometric
            aggregation); None when missing or when there is no score.
        explanation: How the value came about, or why it is missing.
    """

    name: str
    dimension: VentureDimension
    raw: float | None
    normalised: float | None
    weight: float
    low: float
    high: float
    share: float | None
    contribution: float | None
    explanation: str


class VentureScore(NamedTuple):
    """The entrepreneurship-quality score of one venture.

    Attributes:
        venture_id: The venture.
        founder_ids: Its founders.
        region: Its district.
        as_of: The scoring date.
        value: The score in [0, 100], or None (see *reason*).
        reason: Why there is no score, or None.
        flags: Compliance flags, in the order of :class:`VentureFlag`.
        model: The model (its version and fingerprint identify the index).
        indicator_values: One value per indicator of the model, in its (name) order.
    """

    venture_id: str
    founder_ids: tuple[str, ...]
    region: str
    as_of: date
    value: float | None
    reason: str | None
    flags: tuple[VentureFlag, ...]
    model: VentureModel
    indicator_values: tuple[IndicatorValue, ...]

    @property
    def components(self) -> tuple[VentureComponent, ...]:
        """One component per indicator, sorted by name."""
        present = _present_weight(self.indicator_values, self.model)
        geometric = self.model.aggregation == "geometric"
        floor = self.model.geometric_floor
        items = []
        for spec, v in zip(self.model.indicators, self.indicator_values, strict=True):
            x = v.normalised
            share = None if x is None or present == 0 or spec.weight <= 0 else spec.weight / present
            contribution = None
            if share is not None and x is not None and self.value is not None:
                contribution = 100.0 * share * (math.log(max(x, floor)) if geometric else x)
            items.append(
                VentureComponent(
                    spec.name,
                    spec.dimension,
                    v.raw,
                    x,
                    spec.weight,
                    spec.low,
                    spec.high,
                    share,
                    contribution,
                    v.explanation,
                )
            )
        return tuple(items)

    @property
    def missing(self) -> tuple[str, ...]:
        """The indicators without a value."""
        return tuple(
            s.name
            for s, v in zip(self.model.indicators, self.indicator_values, strict=True)
            if v.normalised is None
        )

    @property
    def completeness(self) -> float:
        """The share of the model's weight observed, in [0, 1]."""
        return _present_weight(self.indicator_values, self.model) / self.model.total_weight

    def component(self, name: str) -> VentureComponent:
        """The component of indicator *name*.

        Raises:
            KeyError: the model had no such indicator.
        """
        for item in self.components:
            if item.name == name:
                return item
        raise KeyError(name)

    def by_dimension(self) -> dict[VentureDimension, float]:
        """A 0-100 sub-score per dimension (weighted mean of the values present in it)."""
        sums: dict[VentureDimension, list[float]] = {}
        for spec, v in zip(self.model.indicators, self.indicator_values, strict=True):
            if v.normalised is None or spec.weight <= 0:
                continue
            totals = sums.setdefault(spec.dimension, [0.0, 0.0])
            totals[0] += spec.weight * v.normalised
            totals[1] += spec.weight
        return {d: 100.0 * s / w for d, (s, w) in sums.items()}

    def as_dict(self) -> dict[str, Any]:
        """The explained score as JSON-ready data (model named by version and fingerprint)."""
        return {
            "venture_id": self.venture_id,
            "founder_ids": list(self.founder_ids),
            "region": self.region,
            "as_of": self.as_of.isoformat(),
            "value": self.value,
            "reason": self.reason,
            "flags": [f.value for f in self.flags],
            "missing": list(self.missing),
            "completeness": self.completeness,
            "model_version": self.model.version,
            "model_fingerprint": self.model.fingerprint,
            "components": [
                {
                    "name": c.name,
                    "dimension": c.dimension.value,
                    "raw": c.raw,
                    "normalised": c.normalised,
                    "weight": c.weight,
                    "low": c.low,
                    "high": c.high,
                    "share": c.share,
                    "contribution": c.contribution,
                    "explanation": c.explanation,
                }
                for c in self.components
            ],
        }

    def explain(self) -> str:
        """A readable breakdown: the score, each component with its goalposts, the flags."""
        head = "no score" if self.value is None else f"score {self.value:.1f} / 100"
        lines = [
            (
                f"venture {self.venture_id}: {head} (venture model {self.model.version}, "
                f"{self.model.fingerprint}; as of {self.as_of})"
            )
        ]
        if self.reason:
            lines.append(f"  reason: {self.reason}")
        lines.append(f"  data completeness: {self.completeness:.0%} of the model's weight observed")
        for c in self.components:
            posts = f"[{c.low:g}, {c.high:g}]"
            if c.normalised is None:
                lines.append(f"  - {c.name:<17} missing {posts:<12} {c.explanation}")
                continue
            share = "" if c.share is None else f"share {c.share:5.1%}"
            part = "" if c.contribution is None else f"{c.contribution:+6.2f} points"
            lines.append(
                f"  - {c.name:<17} {c.normalised:5.3f} {posts:<12} {share} {part}  "
                f"{c.explanation}".rstrip()
            )
        if self.flags:
            lines.append("  flags: " + ", ".join(f.value for f in self.flags))
        return "\n".join(lines)


def _present_weight(values: tuple[IndicatorValue, ...], model: VentureModel) -> float:
    return math.fsum(
        s.weight
        for s, v in zip(model.indicators, values, strict=True)
        if v.normalised is not None and s.weight > 0
    )


def _aggregate(
    values: tuple[IndicatorValue, ...], model: VentureModel
) -> tuple[float | None, str | None]:
    present = _present_weight(values, model)
    total = model.total_weight
    if present <= 0 or present / total < model.min_coverage:
        missing = [
            f"{s.name} ({v.explanation})"
            for s, v in zip(model.indicators, values, strict=True)
            if v.normalised is None and s.weight > 0
        ]
        reason = (
            f"the indicators present carry {present / total:.0%} of the weight, below the "
            f"minimum coverage of {model.min_coverage:.0%}; missing: " + "; ".join(missing)
        )
        return None, reason
    terms = []
    for s, v in zip(model.indicators, values, strict=True):
        if v.normalised is None or s.weight <= 0:
            continue
        if model.aggregation == "geometric":
            terms.append(s.weight * math.log(max(v.normalised, model.geometric_floor)))
        else:
            terms.append(s.weight * v.normalised)
    mean = math.fsum(terms) / present
    if model.aggregation == "geometric":
        mean = math.exp(mean)
    return 100.0 * min(1.0, max(0.0, mean)), None


def _flags(ctx: VentureContext) -> tuple[VentureFlag, ...]:
    flags = []
    latest = ctx.latest
    if (
        not ctx.closed
        and latest is not None
        and latest.insured_employees is not None
        and latest.insured_employees < latest.employees
    ):
        flags.append(VentureFlag.UNINSURED_EMPLOYEES)
    for loan in ctx.venture.loans():
        if loan.repayment in LOAN_TROUBLE and loan.granted_on <= ctx.as_of:
            flags.append(VentureFlag.LOAN_IN_ARREARS)
            break
    if not ctx.closed and not (latest is not None and latest.status in CLOSED_STATUSES):
        seen = ctx.venture.registered_on if latest is None else latest.as_of
        if whole_months_between(seen, ctx.as_of) >= 12 and (
            whole_months_between(ctx.venture.registered_on, ctx.as_of) >= 12
        ):
            flags.append(VentureFlag.STALE_RECORD)
    return tuple(flags)


@checked
def score_venture(
    venture: Venture,
    *,
    as_of: date,
    model: VentureModel | None = None,
    market: LabourMarket | None = None,
) -> VentureScore:
    """The entrepreneurship-quality score of one venture (see :func:`score_ventures`)."""
    model = VentureModel.default() if model is None else model
    market = LabourMarket.nanjing() if market is None else market
    ctx = VentureContext(venture, as_of=as_of, market=market)
    plan = [(VENTURE_INDICATORS[s.name].compute, s) for s in model.indicators]
    values = tuple(compute(ctx, spec) for compute, spec in plan)
    if venture.registered_on > as_of:
        value: float | None = None
        reason: str | None = (
            f"the venture is registered on {venture.registered_on}, after the scoring date {as_of}"
        )
    else:
        value, reason = _aggregate(values, model)
    return VentureScore(
        venture.id,
        venture.founder_ids,
        venture.region,
        as_of,
        value,
        reason,
        _flags(ctx),
        model,
        values,
    )


@checked
def score_ventures(
    caseload: Caseload,
    *,
    as_of: date,
    model: VentureModel | None = None,
    market: LabourMarket | None = None,
) -> tuple[VentureScore, ...]:
    """The entrepreneurship-quality score of every venture of *caseload*, sorted by id.

    Args:
        caseload: The caseload.
        as_of: The scoring date: snapshots, support and certifications are taken up to it.
        model: The venture model; :meth:`VentureModel.default` when None.
        market: The labour-market tables for the founder's income
            (:meth:`LabourMarket.nanjing` when None); a region they do not cover leaves that
            indicator missing, explained.

    Returns:
        One explained score per venture; a venture registered after *as_of*, or with too few
        indicators observed, has no value and a reason.
    """
    model = VentureModel.default() if model is None else model
    market = LabourMarket.nanjing() if market is None else market
    return tuple(
        score_venture(v, as_of=as_of, model=model, market=market)
        for v in sorted(caseload.ventures, key=lambda v: v.id)
    )
