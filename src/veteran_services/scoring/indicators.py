"""The indicators of employment quality: pure functions of a placement and its context.

Each indicator takes a :class:`PlacementContext` (the placement, the caseload it belongs to, the
labour market and the scoring date) and the goalposts of its :class:`IndicatorSpec`, and
returns an :class:`IndicatorValue`: the raw value, the value normalised onto [0, 1] with the
goalposts (``None`` when the indicator cannot be observed) and a one-line explanation.

Formulas, goalposts and sources: ``docs/methodology/quality-index.md``.

======================  =====================================================================
name                    raw value
======================  =====================================================================
earnings_to_minimum     monthly wage ÷ local monthly minimum wage at the start (hourly wage ÷
                        hourly minimum for part-time work)
earnings_to_median      monthly wage ÷ local median monthly wage in the start year (hourly
                        for part-time work); None where no median is known
working_time            usual weekly hours
contract_security       0-1 score of the contract type and length
social_insurance        share of the required social-insurance schemes paid for
skills_match            ISCO-08 digits shared with a programme completed before the job (0-4)
retention               whole months held, observed at the scoring date
satisfaction            mean job-satisfaction Likert item, scaled to [0, 1]
job_strain              mean job-resource item − mean job-demand item, in [−1, 1]
======================  =====================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, NamedTuple

from attrs import frozen

from veteran_services import codes
from veteran_services._checks import checked
from veteran_services.model import (
    TERM_CONTRACTS,
    Caseload,
    ContractType,
    Instrument,
    Insurance,
    LikertScale,
    Placement,
    QualityDimension,
    SurveyResponse,
    Topic,
    whole_months_between,
)
from veteran_services.scoring._lookups import CaseloadIndex
from veteran_services.scoring.market import (
    LabourMarket,
    MarketDataError,
    MinimumWage,
    SocialInsuranceRule,
    WorkingTimeRule,
)

if TYPE_CHECKING:
    from veteran_services.scoring.model import IndicatorSpec

__all__ = [
    "CONTRACT_SECURITY",
    "INDICATORS",
    "TERM_BONUS",
    "TERM_MONTHS",
    "Indicator",
    "IndicatorValue",
    "PlacementContext",
    "contract_security",
    "earnings_to_median",
    "earnings_to_minimum",
    "job_strain",
    "retention",
    "satisfaction",
    "skills_match",
    "social_insurance",
    "whole_months",
    "working_time",
]


class IndicatorValue(NamedTuple):
    """What an indicator found for one placement.

    A named tuple rather than an attrs class: scoring a caseload makes one per indicator and
    placement, and a tuple is built ≈ 20× faster than a frozen attrs instance. For the same
    reason the explanation is kept as a template and its arguments and formatted on demand.

    Attributes:
        raw: The value before normalisation, or None when it cannot be observed.
        normalised: The value on [0, 1] after the goalposts (1 is best), or None.
        template: The explanation's :meth:`str.format` template.
        args: The template's arguments.

    >>> IndicatorValue(2.0, 0.5, "{} is {:.2f} × the minimum", ("4980", 2.0)).explanation
    '4980 is 2.00 × the minimum'
    """

    raw: float | None
    normalised: float | None
    template: str
    args: tuple[object, ...] = ()

    @property
    def explanation(self) -> str:
        """One line saying how the value came about, or why it is missing."""
        return self.template.format(*self.args) if self.args else self.template


def _missing(template: str, *args: object) -> IndicatorValue:
    return IndicatorValue(None, None, template, args)


def _value(raw: float, spec: IndicatorSpec, template: str, *args: object) -> IndicatorValue:
    """The value with its goalpost normalisation: :func:`veteran_services.stats.goalposts`
    without its argument checks, which the spec passed at construction (finite bounds,
    low < high); the tests check that the two agree."""
    low = spec.low
    if spec.higher_is_better:
        score = (raw - low) / (spec.high - low)
    else:
        score = (spec.high - raw) / (spec.high - low)
    return IndicatorValue(
        raw, 0.0 if score < 0.0 else 1.0 if score > 1.0 else score, template, args
    )


#: Added to a wage comparison's explanation when the contract type is not recorded.
FULL_TIME_BASIS_NOTE: Final = " (contract type not recorded: compared as full-time work)"


class PlacementContext:
    """A placement with everything its indicators look at, resolved once.

    The market rows are those in force on the placement's start date in the region of its
    employer; looking them up raises :class:`~veteran_services.scoring.MarketDataError` when the
    tables do not cover that region and date.

    Attributes:
        placement: The placement scored.
        caseload: The caseload it belongs to (employers, enrolments, programmes, responses).
        market: The labour-market tables.
        as_of: The scoring date.
        region: The employer's region code.
        minimum: The minimum wage in force at the start.
        working: The working-time rule in force at the start.
        insurance: The social-insurance rule in force at the start.
        part_time: Whether the placement is part-time work (a recorded part-time contract; a
            job whose contract type is not recorded is compared as full-time work).
        lookups: The caseload lookups (by default through the caseload's own memoised
            lookups; ``score_caseload`` passes one index built for the whole run).
    """

    __slots__ = (
        "_means",
        "_response",
        "as_of",
        "caseload",
        "insurance",
        "lookups",
        "market",
        "minimum",
        "part_time",
        "placement",
        "region",
        "working",
    )

    def __init__(
        self,
        placement: Placement,
        *,
        caseload: Caseload,
        market: LabourMarket,
        as_of: date,
        lookups: CaseloadIndex | None = None,
    ) -> None:
        self.placement = placement
        self.caseload = caseload
        self.market = market
        self.as_of = as_of
        self.lookups = CaseloadIndex(caseload) if lookups is None else lookups
        self.region: str = self.lookups.employer_region(placement.employer_id)
        rules = self.lookups.market_rules(market, self.region, placement.started_on)
        self.minimum: MinimumWage = rules[0]
        self.working: WorkingTimeRule = rules[1]
        self.insurance: SocialInsuranceRule = rules[2]
        self.part_time: bool = placement.contract is ContractType.PART_TIME
        self._response: tuple[SurveyResponse, Instrument] | str | None = ""
        self._means: dict[Topic, tuple[float, int]] | None = None

    def hourly_wage(self) -> Decimal | None:
        """Monthly wage ÷ (weekly hours × paid weeks a month), or None when either is unknown."""
        wage = self.placement.monthly_wage
        hours = self.placement.weekly_hours
        if wage is None or not hours:
            return None
        weeks = Decimal(str(self.working.weeks_per_month))
        return wage.amount / (hours * weeks)

    def below_minimum(self) -> bool | None:
        """Whether the wage is below the minimum in force at the start (hourly for part-time
        work); None when that cannot be told (no wage, no hours for part-time work, another
        currency)."""
        wage = self.placement.monthly_wage
        if wage is None or wage.currency != self.minimum.currency:
            return None
        if self.part_time:
            hourly = self.hourly_wage()
            if hourly is None:
                return None
            return hourly < self._hourly_minimum()
        return wage.amount < self.minimum.monthly

    def _hourly_minimum(self) -> Decimal:
        hourly = self.minimum.hourly
        if hourly is None:
            msg = (
                f"no hourly minimum wage for part-time work in region {self.minimum.region!r} "
                f"from {self.minimum.valid_from}; add one to the minimum-wage table"
            )
            raise MarketDataError("minimum_wages", self.region, self.placement.started_on, msg)
        return hourly

    def basis_note(self) -> str:
        """What the wage comparisons add when the contract type is not recorded: such a job is
        compared as full-time work (monthly wage against the monthly minimum and median)."""
        return FULL_TIME_BASIS_NOTE if self.placement.contract is None else ""

    def required_schemes(self) -> frozenset[Insurance]:
        """The social-insurance schemes required for this placement (part-time or not)."""
        rule = self.insurance
        return rule.part_time_schemes if self.part_time else rule.schemes

    def latest_response(self) -> tuple[SurveyResponse, Instrument] | str | None:
        """The latest complete or partial follow-up response about the placement collected on
        or before the scoring date, with its instrument; None when there is none, or a message
        when its instrument is missing. Ties on the date go to the larger response id."""
        if self._response != "":
            return self._response
        best: SurveyResponse | None = None
        for response in self.lookups.responses_about(self.placement.id):
            if not response.responded or response.collected_on is None:
                continue
            if response.collected_on > self.as_of:
                continue
            if best is None or (response.collected_on, response.id) > (
                best.collected_on or date.min,
                best.id,
            ):
                best = response
        result: tuple[SurveyResponse, Instrument] | str | None
        if best is None:
            result = None
        else:
            instrument = self.lookups.instrument(best.instrument_id, best.instrument_version)
            if instrument is None:
                result = (
                    f"response {best.id!r} uses instrument {best.instrument_id!r} version "
                    f"{best.instrument_version}, which the caseload does not have"
                )
            else:
                result = (best, instrument)
        self._response = result
        return result


# --- the indicators ----------------------------------------------------------------------------


#: Whole calendar months from a start to an end date: :func:`veteran_services.model.
#: whole_months_between` (the name the indicators have used; kept for them).
whole_months = whole_months_between


@checked
def earnings_to_minimum(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """Monthly wage ÷ the monthly minimum wage in force at the start in the employer's region;
    for part-time work, hourly wage ÷ the hourly minimum wage."""
    wage = ctx.placement.monthly_wage
    minimum = ctx.minimum
    if wage is None:
        return _missing("no monthly wage recorded")
    if wage.currency != minimum.currency:
        return _missing(
            "wage in {} cannot be compared with a minimum wage in {}",
            wage.currency,
            minimum.currency,
        )
    if ctx.part_time:
        hourly = ctx.hourly_wage()
        if hourly is None:
            return _missing("part-time job without weekly hours: the hourly wage is unknown")
        floor = ctx._hourly_minimum()
        raw = float(hourly / floor)
        return _value(
            raw,
            spec,
            "hourly wage {:.2f} is {:.2f} × the hourly minimum {} ({} from {})",
            hourly,
            raw,
            floor,
            minimum.region,
            minimum.valid_from,
        )
    raw = float(wage.amount / minimum.monthly)
    return _value(
        raw,
        spec,
        "monthly wage {} is {:.2f} × the minimum {} ({} from {})" + ctx.basis_note(),
        wage.amount,
        raw,
        minimum.monthly,
        minimum.region,
        minimum.valid_from,
    )


@checked
def earnings_to_median(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """Monthly wage ÷ the local median monthly wage of the start year (hourly for part-time
    work, with the median converted at the standard monthly hours); None where no median is
    known."""
    wage = ctx.placement.monthly_wage
    if wage is None:
        return _missing("no monthly wage recorded")
    year = ctx.placement.started_on.year
    median = ctx.market.median_wage(ctx.region, year)
    if median is None:
        return _missing("no median wage known for {} in {}", ctx.region, year)
    if wage.currency != median.currency:
        return _missing(
            "wage in {} cannot be compared with a median in {}", wage.currency, median.currency
        )
    # a peer reference (LabourMarket.peer_reference) is never called the median wage
    peer = median.kind == "peer"
    if ctx.part_time:
        hourly = ctx.hourly_wage()
        if hourly is None:
            return _missing("part-time job without weekly hours: the hourly wage is unknown")
        median_hourly = median.monthly / Decimal(str(ctx.working.standard_monthly_hours()))
        raw = float(hourly / median_hourly)
        facts = (hourly, raw, median_hourly, median.region, year)
        if peer:
            return _value(
                raw,
                spec,
                "hourly wage {:.2f} is {:.2f} × the peer reference {:.2f} an hour (veterans' "
                "median earnings, {}, {})",
                *facts,
            )
        return _value(
            raw,
            spec,
            "hourly wage {:.2f} is {:.2f} × the median hourly wage {:.2f} ({}, {})",
            *facts,
        )
    raw = float(wage.amount / median.monthly)
    facts = (wage.amount, raw, median.monthly, median.region, year)
    if peer:
        return _value(
            raw,
            spec,
            "monthly wage {} is {:.2f} × the peer reference {} (veterans' median earnings, {}, "
            "{})" + ctx.basis_note(),
            *facts,
        )
    return _value(
        raw,
        spec,
        "monthly wage {} is {:.2f} × the median {} ({}, {})" + ctx.basis_note(),
        *facts,
    )


@checked
def working_time(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """Usual weekly hours, against goalposts (by default the 40-hour standard week and the ILO
    excessive-hours threshold of 48)."""
    hours = ctx.placement.weekly_hours
    if hours is None:
        return _missing("no weekly hours recorded")
    raw = float(hours)
    rule = ctx.working
    return _value(
        raw,
        spec,
        "{} hours a week (standard {:g}, legal maximum with overtime {:.1f})",
        hours,
        rule.standard_weekly_hours,
        rule.max_weekly_hours,
    )


#: Security score of each contract type (fixed-term and public-welfare posts also depend on
#: the length: see :func:`contract_security`). Labour Contract Law of the PRC arts. 12-15
#: (open-ended, fixed-term, task-based contracts), 58-67 (dispatch), 68-72 (part-time work,
#: which either side may end at any time without compensation).
CONTRACT_SECURITY: Final[Mapping[ContractType, float]] = MappingProxyType(
    {
        ContractType.OPEN_ENDED: 1.0,
        ContractType.FIXED_TERM: 0.4,
        ContractType.PUBLIC_WELFARE_POST: 0.4,
        ContractType.TASK_BASED: 0.3,
        ContractType.DISPATCH: 0.3,
        ContractType.PART_TIME: 0.2,
        ContractType.NONE: 0.0,
    }
)
#: What a fixed-term contract (or public-welfare post, :data:`~veteran_services.model.
#: TERM_CONTRACTS`) of known length adds to its :data:`CONTRACT_SECURITY`, in full at
#: :data:`TERM_MONTHS` months or more: 0.4 + 0.4 × min(months, 36) / 36, at most 0.8. Both
#: scoring paths use it (:func:`contract_security`, :func:`veteran_services.columnar.score_table`).
TERM_BONUS: Final = 0.4
#: The contract length (in months) from which a term contract earns the whole :data:`TERM_BONUS`.
TERM_MONTHS: Final = 36


@checked
def contract_security(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """A [0, 1] score of the contract: open-ended 1; fixed-term (and public-welfare posts)
    0.4 + 0.4 × min(months, 36) / 36 (0.4 when the length is unknown); task-based and dispatch
    0.3; part-time 0.2; no written contract 0; missing when the contract type is not recorded."""
    contract = ctx.placement.contract
    if contract is None:
        return _missing("contract type not recorded")
    raw = CONTRACT_SECURITY[contract]
    months = ctx.placement.contract_months
    if contract in TERM_CONTRACTS:
        if months is not None:
            raw += TERM_BONUS * min(months, TERM_MONTHS) / TERM_MONTHS
            return _value(
                raw, spec, "{} contract of {} months scores {:.2f}", contract.value, months, raw
            )
        return _value(raw, spec, "{} contract of unknown length scores {:.2f}", contract.value, raw)
    return _value(raw, spec, "{} contract scores {:.2f}", contract.value, raw)


@checked
def social_insurance(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """Share of the social-insurance schemes required in the jurisdiction (at the start) that the
    placement has; part-time work has its own list of required schemes."""
    insurance = ctx.placement.insurance
    if insurance is None:
        return _missing("social insurance not recorded")
    required = ctx.required_schemes()
    if not required:
        return _missing("no social-insurance scheme is required for this job")
    covered = len(insurance & required)
    raw = covered / len(required)
    kind = "part-time " if ctx.part_time else ""
    return _value(raw, spec, "{} of {} required {}schemes paid", covered, len(required), kind)


@lru_cache(maxsize=65536)
def _shared(a: str, b: str) -> int:
    return codes.shared_digits(a, b)


@checked
def skills_match(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """The most ISCO-08 digits (0-4) the job's occupation shares with a target occupation of a
    programme the veteran completed before the job started (ended strictly earlier); missing
    when the occupation code is not recorded (only a job title)."""
    placement = ctx.placement
    occupation = placement.occupation
    if occupation is None:
        return _missing("occupation code not recorded (job title {!r})", placement.occupation_title)
    best: tuple[int, str, str] | None = None  # (−digits, programme id, target): smallest wins
    for ended_on, programme_id, targets in ctx.lookups.completed(placement.veteran_id):
        if ended_on >= placement.started_on:
            continue
        for target in targets:
            key = (-_shared(occupation, target), programme_id, target)
            if best is None or key < best:
                best = key
    if best is None:
        return _missing("no programme with target occupations completed before the job")
    digits, programme_id, target = -best[0], best[1], best[2]
    return _value(
        float(digits),
        spec,
        "occupation {} shares {} of 4 ISCO-08 digits with {} (programme {})",
        occupation,
        digits,
        target,
        programme_id,
    )


@checked
def retention(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """Whole months the job was held, observed at the scoring date. The horizon is the upper
    goalpost (12 months by default): a job still held but younger than the horizon cannot be
    judged yet and gives None."""
    placement = ctx.placement
    end = ctx.as_of if placement.ended_on is None else min(placement.ended_on, ctx.as_of)
    months = whole_months(placement.started_on, end)
    horizon = spec.high
    ended = placement.ended_on is not None and placement.ended_on <= ctx.as_of
    if not ended and months < horizon:
        return _missing(
            "held for {} months so far: not observable before {:g} months", months, horizon
        )
    state = "ended after" if ended else "held for"
    return _value(float(months), spec, "{} {} months (horizon {:g})", state, months, horizon)


_SURVEY_TOPICS: Final = (Topic.JOB_SATISFACTION, Topic.JOB_DEMAND, Topic.JOB_RESOURCE)


def _likert_means(
    response: SurveyResponse, instrument: Instrument
) -> dict[Topic, tuple[float, int]]:
    """Mean scaled Likert answer and item count per survey topic (reverse items flipped);
    answers that do not fit their scale are left out (``Caseload.check()`` reports them)."""
    answers = {a.question_id: a.value for a in response.answers}
    sums: dict[Topic, list[float]] = {}
    for question in instrument.questions:
        topic = question.topic
        if topic is None or topic not in _SURVEY_TOPICS:
            continue
        scale = question.scale
        value = answers.get(question.id)
        if (
            value is None
            or not isinstance(scale, LikertScale)
            or type(value) is not int
            or not 1 <= value <= scale.points
        ):
            continue
        scaled = (value - 1) / (scale.points - 1)
        sums.setdefault(topic, []).append(1.0 - scaled if question.reverse else scaled)
    return {topic: (sum(v) / len(v), len(v)) for topic, v in sums.items()}


def _topic_means(
    ctx: PlacementContext, response: SurveyResponse, instrument: Instrument
) -> dict[Topic, tuple[float, int]]:
    if ctx._means is None:
        ctx._means = _likert_means(response, instrument)
    return ctx._means


def _response_or_missing(
    ctx: PlacementContext,
) -> tuple[SurveyResponse, Instrument] | IndicatorValue:
    found = ctx.latest_response()
    if found is None:
        return _missing("no follow-up response about the job collected by {}", ctx.as_of)
    if isinstance(found, str):
        return _missing(found)
    return found


@checked
def satisfaction(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """Mean of the job-satisfaction Likert items in the latest follow-up response, each scaled
    to [0, 1] ((answer − 1) / (points − 1), reversed items flipped)."""
    found = _response_or_missing(ctx)
    if isinstance(found, IndicatorValue):
        return found
    response, instrument = found
    result = _topic_means(ctx, response, instrument).get(Topic.JOB_SATISFACTION)
    if result is None:
        return _missing("response {!r} answers no job-satisfaction item", response.id)
    raw, count = result
    return _value(
        raw,
        spec,
        "{} job-satisfaction item{} in response {!r} ({}) average {:.2f}",
        count,
        "s" if count != 1 else "",
        response.id,
        response.collected_on,
        raw,
    )


@checked
def job_strain(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """Mean job-resource item − mean job-demand item in the latest follow-up response (Likert
    items scaled to [0, 1]); negative when demands exceed resources (OECD job strain)."""
    found = _response_or_missing(ctx)
    if isinstance(found, IndicatorValue):
        return found
    response, instrument = found
    means = _topic_means(ctx, response, instrument)
    demand = means.get(Topic.JOB_DEMAND)
    resource = means.get(Topic.JOB_RESOURCE)
    if demand is None or resource is None:
        return _missing(
            "response {!r} does not answer both job-demand and job-resource items", response.id
        )
    raw = resource[0] - demand[0]
    strained = " (job strain)" if raw < 0 else ""
    return _value(
        raw,
        spec,
        "resources {:.2f} − demands {:.2f} = {:+.2f}{}",
        resource[0],
        demand[0],
        raw,
        strained,
    )


# --- the registry ----------------------------------------------------------------------------


@frozen(kw_only=True)
class Indicator:
    """An indicator the quality model can use.

    Attributes:
        name: Its name in a :class:`~veteran_services.scoring.QualityModel`.
        compute: The function of a placement's context and the indicator's spec.
        dimension: The UNECE quality dimension it belongs to by default.
        low: Default lower goalpost.
        high: Default upper goalpost.
        higher_is_better: Default direction.
        description: One line for people.
    """

    name: str
    compute: Callable[[PlacementContext, IndicatorSpec], IndicatorValue]
    dimension: QualityDimension
    low: float
    high: float
    higher_is_better: bool
    description: str


def _indicator(
    compute: Callable[[PlacementContext, IndicatorSpec], IndicatorValue],
    dimension: QualityDimension,
    low: float,
    high: float,
    description: str,
    *,
    higher_is_better: bool = True,
) -> Indicator:
    return Indicator(
        name=compute.__name__,
        compute=compute,
        dimension=dimension,
        low=low,
        high=high,
        higher_is_better=higher_is_better,
        description=description,
    )


_D = QualityDimension

#: Every indicator by name.
INDICATORS: Final[Mapping[str, Indicator]] = MappingProxyType(
    {
        i.name: i
        for i in (
            _indicator(
                earnings_to_minimum,
                _D.INCOME_AND_BENEFITS,
                1.0,
                3.0,
                "wage relative to the local minimum wage in force at the start",
            ),
            _indicator(
                earnings_to_median,
                _D.INCOME_AND_BENEFITS,
                2 / 3,
                1.5,
                "wage relative to the local median wage, where known",
            ),
            _indicator(
                working_time,
                _D.WORKING_TIME,
                40.0,
                48.0,
                "usual weekly hours against the standard week",
                higher_is_better=False,
            ),
            _indicator(
                contract_security,
                _D.SECURITY_AND_PROTECTION,
                0.0,
                1.0,
                "security of the contract type and length",
            ),
            _indicator(
                social_insurance,
                _D.SECURITY_AND_PROTECTION,
                0.0,
                1.0,
                "share of the required social-insurance schemes paid",
            ),
            _indicator(
                skills_match,
                _D.SKILLS_DEVELOPMENT,
                0.0,
                4.0,
                "ISCO-08 digits shared with a completed training programme",
            ),
            _indicator(
                retention,
                _D.SECURITY_AND_PROTECTION,
                0.0,
                12.0,
                "months the job was held, observed at the scoring date",
            ),
            _indicator(
                satisfaction,
                _D.RELATIONSHIPS_AND_MOTIVATION,
                0.0,
                1.0,
                "job satisfaction from the latest follow-up survey",
            ),
            _indicator(
                job_strain,
                _D.SAFETY_AND_ETHICS,
                -1.0,
                1.0,
                "job resources minus job demands from the latest follow-up survey",
            ),
        )
    }
)
