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
from typing import TYPE_CHECKING, Final

from attrs import frozen

from veteran_services import codes
from veteran_services.errors import UnknownRecordError
from veteran_services.model import (
    Caseload,
    ContractType,
    EnrolmentOutcome,
    Instrument,
    Insurance,
    LikertScale,
    Placement,
    QualityDimension,
    SurveyResponse,
    Topic,
)
from veteran_services.scoring.market import (
    LabourMarket,
    MarketDataError,
    MinimumWage,
    SocialInsuranceRule,
    WorkingTimeRule,
)
from veteran_services.stats import goalposts

if TYPE_CHECKING:
    from veteran_services.scoring.model import IndicatorSpec

__all__ = [
    "CONTRACT_SECURITY",
    "INDICATORS",
    "Indicator",
    "IndicatorValue",
    "PlacementContext",
]


@frozen(kw_only=True)
class IndicatorValue:
    """What an indicator found for one placement.

    Attributes:
        raw: The value before normalisation, or None when it cannot be observed.
        normalised: The value on [0, 1] after the goalposts (1 is best), or None.
        explanation: One line saying how the value came about, or why it is missing.
    """

    raw: float | None
    normalised: float | None
    explanation: str


def _missing(explanation: str) -> IndicatorValue:
    return IndicatorValue(raw=None, normalised=None, explanation=explanation)


def _fmt(amount: Decimal | float) -> str:
    return f"{amount:,.2f}".rstrip("0").rstrip(".")


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
    """

    __slots__ = (
        "_response",
        "as_of",
        "caseload",
        "insurance",
        "market",
        "minimum",
        "placement",
        "region",
        "working",
    )

    def __init__(
        self, placement: Placement, *, caseload: Caseload, market: LabourMarket, as_of: date
    ) -> None:
        self.placement = placement
        self.caseload = caseload
        self.market = market
        self.as_of = as_of
        self.region: str = caseload.employer(placement.employer_id).region
        start = placement.started_on
        self.minimum: MinimumWage = market.minimum_wage(self.region, start)
        self.working: WorkingTimeRule = market.working_time(self.region, start)
        self.insurance: SocialInsuranceRule = market.social_insurance(self.region, start)
        self._response: tuple[SurveyResponse, Instrument] | str | None = ""

    @property
    def part_time(self) -> bool:
        """Whether the placement is part-time work (compared with the hourly minimum wage)."""
        return self.placement.contract is ContractType.PART_TIME

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
        for response in self.caseload.responses_about(self.placement.id):
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
            try:
                instrument = self.caseload.instrument(best.instrument_id, best.instrument_version)
            except UnknownRecordError:
                result = (
                    f"response {best.id!r} uses instrument {best.instrument_id!r} version "
                    f"{best.instrument_version}, which the caseload does not have"
                )
            else:
                result = (best, instrument)
        self._response = result
        return result


# --- the indicators ----------------------------------------------------------------------------


def _normalise(raw: float, spec: IndicatorSpec) -> float:
    return goalposts(raw, low=spec.low, high=spec.high, higher_is_better=spec.higher_is_better)


def earnings_to_minimum(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """Monthly wage ÷ the monthly minimum wage in force at the start in the employer's region;
    for part-time work, hourly wage ÷ the hourly minimum wage."""
    wage = ctx.placement.monthly_wage
    minimum = ctx.minimum
    if wage is None:
        return _missing("no monthly wage recorded")
    if wage.currency != minimum.currency:
        return _missing(
            f"wage in {wage.currency} cannot be compared with a minimum wage in {minimum.currency}"
        )
    where = f"{minimum.region} from {minimum.valid_from}"
    if ctx.part_time:
        hourly = ctx.hourly_wage()
        if hourly is None:
            return _missing("part-time job without weekly hours: the hourly wage is unknown")
        floor = ctx._hourly_minimum()
        raw = float(hourly / floor)
        text = (
            f"hourly wage {_fmt(hourly)} is {raw:.2f} × the hourly minimum {_fmt(floor)} ({where})"
        )
    else:
        raw = float(wage.amount / minimum.monthly)
        text = (
            f"monthly wage {_fmt(wage.amount)} is {raw:.2f} × the minimum "
            f"{_fmt(minimum.monthly)} ({where})"
        )
    return IndicatorValue(raw=raw, normalised=_normalise(raw, spec), explanation=text)


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
        return _missing(f"no median wage known for {ctx.region} in {year}")
    if wage.currency != median.currency:
        return _missing(
            f"wage in {wage.currency} cannot be compared with a median in {median.currency}"
        )
    if ctx.part_time:
        hourly = ctx.hourly_wage()
        if hourly is None:
            return _missing("part-time job without weekly hours: the hourly wage is unknown")
        median_hourly = median.monthly / Decimal(str(ctx.working.standard_monthly_hours()))
        raw = float(hourly / median_hourly)
        text = (
            f"hourly wage {_fmt(hourly)} is {raw:.2f} × the median hourly wage "
            f"{_fmt(median_hourly)} ({median.region}, {year})"
        )
    else:
        raw = float(wage.amount / median.monthly)
        text = (
            f"monthly wage {_fmt(wage.amount)} is {raw:.2f} × the median "
            f"{_fmt(median.monthly)} ({median.region}, {year})"
        )
    return IndicatorValue(raw=raw, normalised=_normalise(raw, spec), explanation=text)


def working_time(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """Usual weekly hours, against goalposts (by default the 40-hour standard week and the ILO
    excessive-hours threshold of 48)."""
    hours = ctx.placement.weekly_hours
    if hours is None:
        return _missing("no weekly hours recorded")
    raw = float(hours)
    rule = ctx.working
    text = (
        f"{_fmt(raw)} hours a week (standard {_fmt(rule.standard_weekly_hours)}, legal maximum "
        f"with overtime {rule.max_weekly_hours:.1f})"
    )
    return IndicatorValue(raw=raw, normalised=_normalise(raw, spec), explanation=text)


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
_TERM_BONUS: Final = 0.4  # fixed-term: 0.4 + 0.4 × min(months, 36) / 36, at most 0.8
_TERM_MONTHS: Final = 36


def contract_security(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """A [0, 1] score of the contract: open-ended 1; fixed-term (and public-welfare posts)
    0.4 + 0.4 × min(months, 36) / 36 (0.4 when the length is unknown); task-based and dispatch
    0.3; part-time 0.2; no written contract 0."""
    contract = ctx.placement.contract
    raw = CONTRACT_SECURITY[contract]
    months = ctx.placement.contract_months
    if contract in (ContractType.FIXED_TERM, ContractType.PUBLIC_WELFARE_POST):
        if months is not None:
            raw += _TERM_BONUS * min(months, _TERM_MONTHS) / _TERM_MONTHS
            text = f"{contract.value} contract of {months} months scores {raw:.2f}"
        else:
            text = f"{contract.value} contract of unknown length scores {raw:.2f}"
    else:
        text = f"{contract.value} contract scores {raw:.2f}"
    return IndicatorValue(raw=raw, normalised=_normalise(raw, spec), explanation=text)


def social_insurance(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """Share of the social-insurance schemes required in the jurisdiction (at the start) that the
    placement has; part-time work has its own list of required schemes."""
    required = ctx.required_schemes()
    if not required:
        return _missing("no social-insurance scheme is required for this job")
    covered = len(ctx.placement.insurance & required)
    raw = covered / len(required)
    kind = "part-time " if ctx.part_time else ""
    text = f"{covered} of {len(required)} required {kind}schemes paid"
    return IndicatorValue(raw=raw, normalised=_normalise(raw, spec), explanation=text)


@lru_cache(maxsize=65536)
def _shared(a: str, b: str) -> int:
    return codes.shared_digits(a, b)


def skills_match(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """The most ISCO-08 digits (0-4) the job's occupation shares with a target occupation of a
    programme the veteran completed on or before the job's start."""
    placement = ctx.placement
    caseload = ctx.caseload
    best: tuple[int, str, str] | None = None  # (−digits, programme id, target): smallest wins
    for enrolment in caseload.enrolments_of(placement.veteran_id):
        if enrolment.outcome is not EnrolmentOutcome.COMPLETED:
            continue
        if enrolment.ended_on is None or enrolment.ended_on > placement.started_on:
            continue
        try:
            programme = caseload.programme(enrolment.programme_id)
        except UnknownRecordError:
            continue  # a dangling reference: Caseload.check() reports it
        for target in programme.target_occupations:
            key = (-_shared(placement.occupation, target), programme.id, target)
            if best is None or key < best:
                best = key
    if best is None:
        return _missing("no programme with target occupations completed before the job")
    digits, programme_id, target = -best[0], best[1], best[2]
    raw = float(digits)
    text = (
        f"occupation {placement.occupation} shares {digits} of 4 ISCO-08 digits with {target} "
        f"(programme {programme_id})"
    )
    return IndicatorValue(raw=raw, normalised=_normalise(raw, spec), explanation=text)


def retention(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """Whole months the job was held, observed at the scoring date. The horizon is the upper
    goalpost (12 months by default): a job still held but younger than the horizon cannot be
    judged yet and gives None."""
    placement = ctx.placement
    months = placement.tenure_months(as_of=ctx.as_of)
    horizon = spec.high
    ended = placement.ended_on is not None and placement.ended_on <= ctx.as_of
    if not ended and months < horizon:
        return _missing(
            f"held for {months} months so far: not observable before {_fmt(horizon)} months"
        )
    state = f"ended after {months} months" if ended else f"held for {months} months"
    raw = float(months)
    text = f"{state} (horizon {_fmt(horizon)})"
    return IndicatorValue(raw=raw, normalised=_normalise(raw, spec), explanation=text)


def _likert_mean(
    response: SurveyResponse, instrument: Instrument, topic: Topic
) -> tuple[float, int] | None:
    values: list[float] = []
    answers = {a.question_id: a.value for a in response.answers}
    for question in instrument.questions_on(topic):
        scale = question.scale
        if not isinstance(scale, LikertScale):
            continue
        value = answers.get(question.id)
        if value is None or not isinstance(value, int) or scale.problem(value) is not None:
            continue
        scaled = scale.scaled(value)
        values.append(1.0 - scaled if question.reverse else scaled)
    if not values:
        return None
    return sum(values) / len(values), len(values)


def _response_or_missing(
    ctx: PlacementContext,
) -> tuple[SurveyResponse, Instrument] | IndicatorValue:
    found = ctx.latest_response()
    if found is None:
        return _missing(f"no follow-up response about the job collected by {ctx.as_of}")
    if isinstance(found, str):
        return _missing(found)
    return found


def satisfaction(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """Mean of the job-satisfaction Likert items in the latest follow-up response, each scaled
    to [0, 1] ((answer − 1) / (points − 1), reversed items flipped)."""
    found = _response_or_missing(ctx)
    if isinstance(found, IndicatorValue):
        return found
    response, instrument = found
    result = _likert_mean(response, instrument, Topic.JOB_SATISFACTION)
    if result is None:
        return _missing(f"response {response.id!r} answers no job-satisfaction item")
    raw, count = result
    text = (
        f"{count} job-satisfaction item{'s' if count != 1 else ''} in response {response.id!r} "
        f"({response.collected_on}) average {raw:.2f}"
    )
    return IndicatorValue(raw=raw, normalised=_normalise(raw, spec), explanation=text)


def job_strain(ctx: PlacementContext, spec: IndicatorSpec) -> IndicatorValue:
    """Mean job-resource item − mean job-demand item in the latest follow-up response (Likert
    items scaled to [0, 1]); negative when demands exceed resources (OECD job strain)."""
    found = _response_or_missing(ctx)
    if isinstance(found, IndicatorValue):
        return found
    response, instrument = found
    demand = _likert_mean(response, instrument, Topic.JOB_DEMAND)
    resource = _likert_mean(response, instrument, Topic.JOB_RESOURCE)
    if demand is None or resource is None:
        return _missing(
            f"response {response.id!r} does not answer both job-demand and job-resource items"
        )
    raw = resource[0] - demand[0]
    strained = " (job strain)" if raw < 0 else ""
    text = f"resources {resource[0]:.2f} − demands {demand[0]:.2f} = {raw:+.2f}{strained}"
    return IndicatorValue(raw=raw, normalised=_normalise(raw, spec), explanation=text)


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
