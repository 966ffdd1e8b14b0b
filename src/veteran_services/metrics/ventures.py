"""Programme indicators of entrepreneurship: high growth, jobs, loans and survival by support.

Each returns an :class:`~veteran_services.metrics.Estimate` with its interval, auditable back
to the ventures (its observations), so that breakdowns, suppression and league tables work on
them as on the other indicators:

- :func:`high_growth_share`: the share of classifiable ventures that are high-growth
  (Eurostat–OECD, :func:`~veteran_services.scoring.classify_growth`), Wilson interval;
- :func:`jobs_per_venture`: the mean number of jobs (or veteran jobs, 带动退役军人就业) per
  venture, from the same counts as :func:`~veteran_services.metrics.jobs_created`, with a
  normal interval for the mean;
- :func:`jobs_per_100_founders`: jobs per 100 founders (a venture's jobs shared equally among
  its founders), normal interval;
- :func:`loan_repayment_rate` / :func:`loan_default_rate`: among guaranteed start-up loans
  with a recorded repayment status, the share repaid or on schedule, and the share in
  arrears or defaulted (Wilson);
- :func:`venture_survival_by_support`: the Kaplan–Meier probability of surviving *months*,
  for supported or unsupported ventures (Greenwood, log-log interval). Descriptive only:
  supported ventures differ from the others in more than support; for a causal estimate use
  :func:`veteran_services.evaluation.treatment_effect` or the Cox model
  :func:`~veteran_services.metrics.survival.venture_cox`.

Definitions and sources: ``docs/methodology/ventures.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any, Final

import attrs

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.metrics.cohorts import data_cutoff
from veteran_services.metrics.estimates import Estimate, Observation, summarise
from veteran_services.metrics.indicators import jobs_created
from veteran_services.metrics.survival import venture_durations, venture_survival
from veteran_services.model import LOAN_TROUBLE, Caseload, RepaymentStatus
from veteran_services.scoring import classify_growth
from veteran_services.stats import Interval
from veteran_services.stats.intervals import normal_quantile

__all__ = [
    "high_growth_share",
    "jobs_per_100_founders",
    "jobs_per_venture",
    "loan_default_rate",
    "loan_repayment_rate",
    "venture_survival_by_support",
]

_DESCRIPTIVE = (
    "descriptive: supported and unsupported ventures differ in more than support; for a "
    "causal estimate use veteran_services.evaluation or metrics.survival.venture_cox"
)


def _cutoff(caseload: Caseload, as_of: date | None) -> date:
    return required_cutoff(as_of if as_of is not None else data_cutoff(caseload))


def required_cutoff(cutoff: date | None) -> date:
    """The evaluation date of the venture indicators: *as_of*, or the data cutoff, which must
    exist (both metric paths check it here).

    Raises:
        InvalidInputError: naming ``as_of``, when there is none.
    """
    if cutoff is None:
        msg = "'as_of' is needed: the caseload has no dated event to take it from"
        raise InvalidInputError("as_of", msg)
    return cutoff


def _with_mean_interval(estimate: Estimate, values: Sequence[float], scale: float) -> Estimate:
    """*estimate* (a mean) times *scale*, with the normal interval ``x̄ ± z s / √n`` (the
    sample standard deviation; none for fewer than two values)."""
    if estimate.value is None:
        return estimate
    n = len(values)
    mean = float(estimate.value)
    interval = None
    if n >= 2:
        variance = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
        half = normal_quantile(estimate.confidence) * math.sqrt(variance / n)
        interval = Interval(
            low=scale * max(0.0, mean - half),
            high=scale * (mean + half),
            confidence=estimate.confidence,
            method="normal_mean",
        )
    numerator = None if estimate.numerator is None else float(estimate.numerator) * scale
    return attrs.evolve(estimate, value=mean * scale, interval=interval, numerator=numerator)


@checked
def high_growth_share(
    caseload: Caseload,
    *,
    as_of: date | None = None,
    min_start_employees: int = 10,
    min_added: int = 0,
    confidence: float = 0.95,
) -> Estimate:
    """Share of high-growth ventures among those that can be classified.

    A venture registered by *as_of* counts when :func:`~veteran_services.scoring.classify_growth`
    can classify it (snapshots three years apart, at least *min_start_employees* at the
    start); the others are counted in ``details["not_classifiable"]``, never as "not
    high-growth". ``min_start_employees=1, min_added=3`` is the smaller-firm variant.
    """
    cutoff = _cutoff(caseload, as_of)
    observations = []
    not_classifiable = 0
    for venture in caseload.ventures:
        if venture.registered_on > cutoff:
            continue
        found = classify_growth(
            venture, as_of=cutoff, min_start_employees=min_start_employees, min_added=min_added
        )
        if found is None:
            not_classifiable += 1
            continue
        observations.append(
            Observation(
                unit_id=venture.id,
                record_id=venture.id,
                veteran_id=venture.founder_ids[0],
                value=found.high_growth,
                on=venture.registered_on,
                region=venture.region,
                attribute_on=venture.registered_on,
            )
        )
    return summarise(
        **high_growth_form(cutoff, min_start_employees, min_added),
        statistic="proportion",
        observations=observations,
        details={"not_classifiable": not_classifiable},
        confidence=confidence,
    )


def high_growth_form(cutoff: date, min_start_employees: int, min_added: int) -> dict[str, Any]:
    """The name, unit, cohort, window, parameters and empty reason of
    :func:`high_growth_share` (both metric paths give them)."""
    return {
        "name": "high_growth_share",
        "unit": "proportion",
        "cohort": (
            f"ventures registered by {cutoff} with snapshots three years apart from at least "
            f"{min_start_employees} employees"
        ),
        "window": f"the three years to each venture's latest snapshot by {cutoff}",
        "parameters": {
            "as_of": cutoff,
            "min_start_employees": min_start_employees,
            "min_added": min_added,
        },
        "empty_reason": "no venture can be classified (none has snapshots three years apart "
        f"from at least {min_start_employees} employees)",
    }


@checked
def jobs_per_venture(
    caseload: Caseload,
    *,
    as_of: date | None = None,
    veterans_only: bool = False,
    confidence: float = 0.95,
) -> Estimate:
    """Mean jobs per venture (veteran jobs with *veterans_only*): the counts of
    :func:`~veteran_services.metrics.jobs_created` (a closed venture contributes 0, one
    without a snapshot is left out) averaged, with a normal interval for the mean."""
    total = jobs_created(caseload, as_of=_cutoff(caseload, as_of), veterans_only=veterans_only)
    mean = summarise(
        name="veteran_jobs_per_venture" if veterans_only else "jobs_per_venture",
        statistic="mean",
        observations=total.observations,
        unit="jobs per venture",
        cohort=total.cohort,
        window=total.window,
        parameters=total.parameters,
        details=total.details,
        confidence=confidence,
        empty_reason="no venture with a snapshot",
    )
    values = [float(o.value) for o in total.observations if isinstance(o.value, int | float)]
    return _with_mean_interval(mean, values, 1.0)


@checked
def jobs_per_100_founders(
    caseload: Caseload,
    *,
    as_of: date | None = None,
    veterans_only: bool = False,
    confidence: float = 0.95,
) -> Estimate:
    """Jobs per 100 founders: each venture's jobs (as in :func:`jobs_per_venture`) shared
    equally among its founders, summed per founder, averaged over founders and times 100,
    with a normal interval."""
    total = jobs_created(caseload, as_of=_cutoff(caseload, as_of), veterans_only=veterans_only)
    ventures = {v.id: v for v in caseload.ventures}
    per_founder: dict[str, float] = {}
    for item in total.observations:
        founders = ventures[item.unit_id].founder_ids
        share = float(item.value or 0) / len(founders)
        for founder in founders:
            per_founder[founder] = per_founder.get(founder, 0.0) + share
    observations = [
        Observation(unit_id=founder, record_id=founder, veteran_id=founder, value=value)
        for founder, value in sorted(per_founder.items())
    ]
    mean = summarise(
        name="veteran_jobs_per_100_founders" if veterans_only else "jobs_per_100_founders",
        statistic="mean",
        observations=observations,
        unit="jobs per 100 founders",
        cohort=f"founders of {total.cohort}",
        window=total.window,
        parameters=total.parameters,
        confidence=confidence,
        empty_reason="no founder of a venture with a snapshot",
    )
    return _with_mean_interval(mean, [o.value for o in observations], 100.0)


def _loan_observations(caseload: Caseload, cutoff: date) -> tuple[list[Observation], int]:
    observations = []
    unknown = 0
    for venture in caseload.ventures:
        for index, loan in enumerate(venture.loans()):
            if loan.granted_on > cutoff:
                continue
            status = (
                loan.repayment
                if (loan.repayment_as_of is not None and loan.repayment_as_of <= cutoff)
                else None
            )
            if status is None:
                unknown += 1
                continue
            observations.append(
                Observation(
                    unit_id=f"{venture.id}#loan{index + 1}",
                    record_id=venture.id,
                    veteran_id=venture.founder_ids[0],
                    value=status.value,
                    on=loan.granted_on,
                    region=venture.region,
                    attribute_on=venture.registered_on,
                )
            )
    return observations, unknown


def _loan_rate(
    caseload: Caseload,
    as_of: date | None,
    confidence: float,
    name: str,
    success: frozenset[str],
    what: str,
) -> Estimate:
    cutoff = _cutoff(caseload, as_of)
    observations, unknown = _loan_observations(caseload, cutoff)
    return summarise(
        **loan_form(cutoff, name, what),
        statistic="proportion",
        observations=observations,
        details={"repayment_unknown": unknown},
        confidence=confidence,
        success=success,
    )


#: The repayment statuses (their values) :func:`loan_repayment_rate` counts.
REPAYING: Final = frozenset({RepaymentStatus.REPAID.value, RepaymentStatus.CURRENT.value})
#: The repayment statuses (their values) :func:`loan_default_rate` counts.
DEFAULTING: Final = frozenset(s.value for s in LOAN_TROUBLE)


def loan_form(cutoff: date, name: str, what: str) -> dict[str, Any]:
    """The unit, cohort, window, parameters and empty reason of the loan rate *name*
    (:func:`loan_repayment_rate`, :func:`loan_default_rate`; *what*: the rate in words), as
    both metric paths give them."""
    return {
        "name": name,
        "unit": "proportion",
        "cohort": f"guaranteed start-up loans granted by {cutoff} with a recorded repayment status",
        "window": f"repayment status as last recorded by {cutoff}",
        "parameters": {"as_of": cutoff},
        "empty_reason": f"no guaranteed loan with a recorded repayment status ({what})",
    }


@checked
def loan_repayment_rate(
    caseload: Caseload, *, as_of: date | None = None, confidence: float = 0.95
) -> Estimate:
    """Share of guaranteed start-up loans (创业担保贷款) repaid in full or repaid on schedule,
    among those with a repayment status recorded by *as_of* (loans without one are counted in
    ``details["repayment_unknown"]``, never as repaid or as defaulted)."""
    return _loan_rate(
        caseload,
        as_of,
        confidence,
        "loan_repayment_rate",
        REPAYING,
        "repayment rate",
    )


@checked
def loan_default_rate(
    caseload: Caseload, *, as_of: date | None = None, confidence: float = 0.95
) -> Estimate:
    """Share of guaranteed start-up loans in arrears or defaulted (the guarantee paid out),
    among those with a repayment status recorded by *as_of*."""
    return _loan_rate(
        caseload,
        as_of,
        confidence,
        "loan_default_rate",
        DEFAULTING,
        "default rate",
    )


@checked
def venture_survival_by_support(
    caseload: Caseload,
    *,
    as_of: date | None = None,
    months: int = 24,
    supported: bool | None = None,
    support_within_months: int = 3,
    confidence: float = 0.95,
) -> Estimate:
    """The Kaplan–Meier probability that a venture is still active *months* after
    registration (every venture, the young ones censored), for supported ventures
    (*supported* true: support within *support_within_months* of registration), unsupported
    ones (false) or all (None); Greenwood log-log interval. Descriptive, not causal."""
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        msg = f"'months' must be a whole number ≥ 1, got {months!r}"
        raise InvalidInputError("months", msg)
    cutoff = _cutoff(caseload, as_of)
    result = venture_survival(
        caseload,
        as_of=cutoff,
        by="support",
        support_within_months=support_within_months,
        confidence=confidence,
    )
    label = {True: "supported", False: "unsupported", None: "all"}[supported]
    curve = result.overall if supported is None else result.curves.get(label)
    durations = [
        d
        for d in venture_durations(
            caseload, as_of=cutoff, support_within_months=support_within_months
        )
        if supported is None or d.supported is supported
    ]
    name = f"venture_survival_{months}_months_{label}"
    base = {
        "name": name,
        "unit": "probability",
        "statistic": "proportion",
        "cohort": f"{label} ventures registered by {cutoff} (every one; open ones censored)",
        "window": f"registration to registration + {months} months (Kaplan–Meier)",
        "parameters": {
            "as_of": cutoff,
            "months": months,
            "supported": supported,
            "support_within_months": support_within_months,
        },
        "confidence": confidence,
        "notes": (
            *((_DESCRIPTIVE,) if supported is not None else ()),
            "a curve, not a share of units: breakdowns recompute it with venture_survival",
        ),
        "denominator": len(durations),
    }
    read = None if curve is None else curve.survival_at_months(months)
    if read is None:
        return Estimate(
            value=None,
            reason=f"no {label} venture was observed for {months} months by {cutoff}",
            **base,  # type: ignore[arg-type]
        )
    value, low, high = read
    interval = Interval(low=low, high=high, confidence=confidence, method="greenwood_log_log")
    return Estimate(value=value, interval=interval, **base)  # type: ignore[arg-type]
