"""Programme indicators: employment, earnings, credentials, skill gains, retention, placement,
six-month outcomes, venture survival, jobs created, survey response and satisfaction.

Each indicator returns an :class:`~veteran_services.metrics.Estimate` (or a small record of
them) built from unit-level observations, so it can be audited, broken down and compared.
Definitions follow the US WIOA primary indicators (WIOA sec. 116; 20 CFR 677.155; DOL TEGL
10-16) and the UK Career Transition Partnership six-month outcomes; the formulas, edge cases
and sources are in ``docs/methodology/programme-indicators.md``.
"""

from __future__ import annotations

import math
import weakref
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Final, Literal

from attrs import frozen
from dateutil.relativedelta import relativedelta

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.metrics._outcomes import (
    LAST_QUARTER,
    EmploymentIndex,
    beyond_calendar,
    check_between,
    describe_between,
    later,
    quarter_bounds,
    quarter_index,
    quarter_label,
    without_gc_pauses,
)
from veteran_services.metrics._outcomes import (  # the earnings rules, shared with columnar
    MIXED_CURRENCIES as MIXED_CURRENCIES,
)
from veteran_services.metrics._outcomes import (
    estimated_earnings as estimated_earnings,
)
from veteran_services.metrics._outcomes import (
    recorded_earnings as recorded_earnings,
)
from veteran_services.metrics.cohorts import (
    Counting,
    Exit,
    ExitRule,
    Window,
    check_counting,
    check_positive,
    data_cutoff,
    describe_counting,
    exit_exclusion,
    exit_unit_ids,
    exits,
)
from veteran_services.metrics.estimates import Estimate, Observation, summarise
from veteran_services.metrics.followup import _case_for, rates_of_totals
from veteran_services.model import (
    ANSWERING_DISPOSITIONS,
    Caseload,
    CredentialKind,
    Disposition,
    LabourStatus,
    LikertScale,
    ProgrammeKind,
    SurveyResponse,
    Topic,
    Veteran,
)
from veteran_services.scoring import LabourMarket, QualityModel, score_caseload

__all__ = [
    "ONE_YEAR",
    "RECOGNISED_CREDENTIALS",
    "SIX_MONTHS",
    "TRAINING_KINDS",
    "PlacementAnchor",
    "SixMonthOutcomes",
    "credential_attainment_rate",
    "employment_rate_after_exit",
    "jobs_created",
    "mean_quality",
    "median_earnings_after_exit",
    "placement_rate",
    "response_rates_by_wave",
    "retention_with_same_employer",
    "six_month_outcomes",
    "skill_gain_rate",
    "time_to_placement",
    "venture_survival_rate",
    "weighted_satisfaction",
]

#: Credentials that count for the credential attainment rate. A training (attendance)
#: certificate is not a recognised credential; a secondary diploma counts only if followed by
#: employment or further training within one year after exit.
RECOGNISED_CREDENTIALS = frozenset(CredentialKind) - {CredentialKind.TRAINING_CERTIFICATE}

#: Programme kinds whose exiters form the credential cohort (education and training, not
#: on-the-job training).
TRAINING_KINDS = frozenset(ProgrammeKind) - {ProgrammeKind.ON_THE_JOB}

#: The default window of :func:`placement_rate`.
SIX_MONTHS = relativedelta(months=6)
#: The default period after exit of :func:`credential_attainment_rate`.
ONE_YEAR = relativedelta(years=1)

PlacementAnchor = Literal["registration", "separation", "exit"]
"""What :func:`placement_rate` and :func:`time_to_placement` count from."""


# --- shared machinery -----------------------------------------------------------------------


def _veteran(caseload: Caseload, veteran_id: str) -> Veteran | None:
    try:
        return caseload.veteran(veteran_id)
    except LookupError:
        return None


def _exit_cohort(
    caseload: Caseload,
    *,
    exits_between: tuple[date, date] | None,
    rule: ExitRule,
    as_of: date | None,
    programme_kinds: Collection[ProgrammeKind] | None = None,
    counting: Counting = "periods",
) -> Iterator[tuple[Exit, str, str | None]]:
    """Each exit of the cohort with its unit id
    (:func:`~veteran_services.metrics.cohorts.exit_unit_ids`) and the WIOA exclusion text (or
    None)."""
    cohort = exits(
        caseload,
        between=exits_between,
        rule=rule,
        as_of=as_of,
        programme_kinds=programme_kinds,
        counting=counting,
    )
    units = exit_unit_ids((e.veteran_id for e in cohort), (e.exited_on for e in cohort))
    for exit_, unit in zip(cohort, units, strict=True):
        yield exit_, unit, exit_exclusion(_veteran(caseload, exit_.veteran_id), exit_)


def _exit_observation(
    unit: str, exit_: Exit, value: object, excluded: str | None, *, estimated: bool = False
) -> Observation:
    return Observation(
        unit_id=unit,
        record_id=exit_.record_id,
        veteran_id=exit_.veteran_id,
        value=None if excluded is not None else value,
        on=exit_.exited_on,
        enrolment_id=exit_.record_id if exit_.rule == "enrolments" else None,
        attribute_on=exit_.exited_on,
        estimated=estimated,
        excluded=excluded,
    )


def _exit_cohort_text(
    between: tuple[date, date] | None, rule: ExitRule, counting: Counting = "periods"
) -> str:
    return (
        f"veterans who exited {describe_between(between)} "
        f"({rule} rule; {describe_counting(counting)})"
    )


def _not_complete(index: int, as_of: date | None) -> str | None:
    """Why the outcome quarter *index* is not observed (not over on *as_of*, or after 9999Q4,
    beyond the calendar), or None."""
    if index > LAST_QUARTER:
        return beyond_calendar(f"outcome quarter {quarter_label(index)}")
    if as_of is not None and quarter_bounds(index)[1] > as_of:
        return f"outcome quarter {quarter_label(index)} not complete on {as_of}"
    return None


def _check_quarter(quarter: object) -> int:
    return check_positive(quarter, "quarter")


#: Why an exiter whose quarter's earnings are in several currencies is left out of a median.
MIXED_EARNINGS: Final = "earnings in more than one currency in the quarter (they cannot be added)"
_ONE_DAY: Final = relativedelta(days=1)


#: Caseload object id → enrolments whose programme it lacks (dropped with the caseload; a
#: caseload is immutable, so the count is found once).
_UNKNOWN_PROGRAMMES: dict[int, int] = {}


def _unknown_programmes(
    caseload: Caseload, kinds: frozenset[ProgrammeKind] | None
) -> tuple[int, list[str]]:
    """How many enrolments name a programme that is not in the caseload (their programme
    kind is unknown, so a cohort restricted to *kinds* leaves them out), and the note saying
    so; (0, []) when *kinds* is None (every enrolment counts)."""
    if kinds is None:
        return 0, []
    key = id(caseload)
    count = _UNKNOWN_PROGRAMMES.get(key)
    if count is None:
        known = {programme.id for programme in caseload.programmes}
        count = sum(1 for e in caseload.enrolments if e.programme_id not in known)
        _UNKNOWN_PROGRAMMES[key] = count
        weakref.finalize(caseload, _UNKNOWN_PROGRAMMES.pop, key, None)
    return count, unknown_programmes_note(count)


def unknown_programmes_note(count: int) -> list[str]:
    """The note of an indicator whose cohort is restricted to programme kinds when *count*
    enrolments name a programme that is not in the caseload (none when *count* is 0); both
    metric paths give it."""
    if not count:
        return []
    note = (
        f"{count} enrolment(s) left out: their programme is not in the caseload, so its kind "
        "is unknown (add the programme records or correct 'programme_id')"
    )
    return [note]


# --- employment and earnings after exit -----------------------------------------------------


@checked
@without_gc_pauses
def employment_rate_after_exit(
    caseload: Caseload,
    *,
    quarter: int = 2,
    exits_between: tuple[date, date] | None = None,
    rule: ExitRule = "enrolments",
    as_of: date | None = None,
    counting: Counting = "periods",
    confidence: float = 0.95,
) -> Estimate:
    """Employment rate in the *quarter*-th quarter after the exit quarter (WIOA).

    rate = exiters employed in that quarter ÷ exiters, both without excluded exiters. The exit
    quarter itself never counts; the 4th-quarter rate does not require employment in the
    2nd. Employed = an earnings record above zero in the quarter, an unsubsidised placement
    held on a day of it, or an active venture the veteran founded.

    Args:
        caseload: The records.
        quarter: Which quarter after the exit quarter (2 or 4 in WIOA; any n ≥ 1).
        exits_between: Inclusive range of exit dates (``None``: every exit).
        rule: How exits are found (:func:`~veteran_services.metrics.exits`).
        as_of: Evaluation date; exiters whose outcome quarter has not ended by then are left
            out (listed in ``excluded``). ``None`` treats every quarter as observed.
        counting: ``"periods"`` (WIOA: each period of participation its own case, the
            default) or ``"last_exit"`` (each veteran once, with the last exit).
        confidence: Coverage of the Wilson interval.

    Returns:
        A proportion; ``None`` with a reason when nobody is left in the cohort.
    """
    nth = _check_quarter(quarter)
    between = check_between(exits_between, "exits_between")
    counting = check_counting(counting)
    index = EmploymentIndex(caseload)
    observations = []
    for exit_, unit, excluded in _exit_cohort(
        caseload, exits_between=between, rule=rule, as_of=as_of, counting=counting
    ):
        outcome = quarter_index(exit_.exited_on) + nth
        excluded = excluded or _not_complete(outcome, as_of)
        employed = excluded is None and index.employed_in(exit_.veteran_id, outcome)
        observations.append(_exit_observation(unit, exit_, employed, excluded))
    cohort = _exit_cohort_text(between, rule, counting)
    return summarise(
        name=f"employment_rate_q{nth}_after_exit",
        statistic="proportion",
        observations=observations,
        unit="proportion",
        cohort=cohort,
        window=Window.quarter_after("exit", nth).describe(),
        parameters={
            "quarter": nth,
            "exits_between": between,
            "rule": rule,
            "as_of": as_of,
            "counting": counting,
        },
        confidence=confidence,
        empty_reason=f"no exiters {describe_between(between)} are left in the cohort",
    )


@checked
@without_gc_pauses
def median_earnings_after_exit(
    caseload: Caseload,
    *,
    quarter: int = 2,
    exits_between: tuple[date, date] | None = None,
    rule: ExitRule = "enrolments",
    as_of: date | None = None,
    counting: Counting = "periods",
) -> Estimate:
    """Median quarterly earnings in the *quarter*-th quarter after exit, among exiters employed
    in it (WIOA).

    Earnings are the total over all employers from earnings records where the veteran has any
    for that quarter; otherwise they are estimated from unsubsidised placements (monthly wage ×
    months worked in the quarter, months = 3 × days held ÷ days in the quarter) and the
    observation is marked ``estimated``. Zero earnings never enter the median; an even count
    gives the mean of the two middle values. Amounts stay ``Decimal`` (exact for every amount
    a record may hold, :data:`~veteran_services.model.MAX_AMOUNT`).

    The median is in one currency: the one most of these exiters are paid in (ties: the first
    ISO 4217 code). An exiter paid in another currency, or whose quarter's figures are in more
    than one (they cannot be added), is left out and listed in ``excluded`` with the reason;
    ``details["other_currency"]`` counts them. No record stops the figure.

    Returns:
        A median in the earnings' currency; ``None`` with a reason when no employed exiter has
        earnings.
    """
    nth = _check_quarter(quarter)
    between = check_between(exits_between, "exits_between")
    counting = check_counting(counting)
    index = EmploymentIndex(caseload)
    observations = []
    zero = unknown = mixed = 0
    found: list[tuple[Exit, str, Decimal, bool, str]] = []
    for exit_, case, excluded in _exit_cohort(
        caseload, exits_between=between, rule=rule, as_of=as_of, counting=counting
    ):
        outcome = quarter_index(exit_.exited_on) + nth
        excluded = excluded or _not_complete(outcome, as_of)
        if excluded is not None:
            observations.append(_exit_observation(case, exit_, None, excluded))
            continue
        if not index.employed_in(exit_.veteran_id, outcome):
            continue
        amount, is_estimate, currency = index.earnings_in(exit_.veteran_id, outcome)
        if currency == MIXED_CURRENCIES:
            mixed += 1
            observations.append(_exit_observation(case, exit_, None, MIXED_EARNINGS))
            continue
        if amount is None or currency is None:
            unknown += 1
            continue
        if amount <= 0:
            zero += 1
            continue
        found.append((exit_, case, amount, is_estimate, currency))
    return median_earnings_estimate(
        observations,
        [
            (_exit_observation(case, exit_, amount, None, estimated=is_estimate), currency)
            for exit_, case, amount, is_estimate, currency in found
        ],
        nth=nth,
        between=between,
        rule=rule,
        as_of=as_of,
        counting=counting,
        unknown=unknown,
        zero=zero,
        mixed=mixed,
    )


def median_earnings_estimate(
    observations: list[Observation],
    found: list[tuple[Observation, str]],
    *,
    nth: int,
    between: tuple[date, date] | None,
    rule: ExitRule,
    as_of: date | None,
    counting: Counting,
    unknown: int,
    zero: int,
    mixed: int,
) -> Estimate:
    """The estimate of :func:`median_earnings_after_exit` (both metric paths make it here):
    *observations* are the exiters left out so far, *found* each employed exiter with
    earnings above zero (its observation, holding the amount, and the currency); the median's
    currency is the one most of them are paid in (ties: the first code), the others are left
    out; *unknown*, *zero* and *mixed* count the employed exiters without an earnings figure,
    with zero earnings and with earnings in several currencies."""
    currencies = Counter(currency for _, currency in found)
    unit = min(currencies, key=lambda c: (-currencies[c], c)) if currencies else "CNY"
    other = estimated = 0
    for observation, currency in found:
        if currency != unit:
            other += 1
            reason = f"earnings in {currency}, not in {unit} (the currency of the median)"
            observations.append(observation._replace(value=None, estimated=False, excluded=reason))
            continue
        estimated += observation.estimated
        observations.append(observation)
    notes = []
    if mixed or other:
        notes.append(
            f"{mixed + other} employed exiter(s) left out for their currency (listed in "
            "'excluded'): a median adds no amounts in different currencies"
        )
    if estimated:
        notes.append(
            f"{estimated} earnings figure(s) estimated from placements "
            "(monthly wage × months worked in the quarter)"
        )
    if unknown:
        notes.append(f"{unknown} employed exiter(s) without an earnings figure left out")
    if zero:
        notes.append(f"{zero} employed exiter(s) with zero recorded earnings left out")
    return summarise(
        name=f"median_earnings_q{nth}_after_exit",
        statistic="median",
        observations=observations,
        unit=unit,
        cohort="exiters employed in the quarter with earnings above zero; "
        + _exit_cohort_text(between, rule, counting),
        window=Window.quarter_after("exit", nth).describe(),
        parameters={
            "quarter": nth,
            "exits_between": between,
            "rule": rule,
            "as_of": as_of,
            "counting": counting,
        },
        details={
            "estimated": estimated,
            "without_earnings": unknown,
            "zero_earnings": zero,
            "other_currency": mixed + other,
        },
        empty_reason=f"no employed exiter {describe_between(between)} has earnings above zero",
        notes=notes,
    )


@checked
@without_gc_pauses
def retention_with_same_employer(
    caseload: Caseload,
    *,
    exits_between: tuple[date, date] | None = None,
    rule: ExitRule = "enrolments",
    as_of: date | None = None,
    counting: Counting = "periods",
    first: int = 2,
    second: int = 4,
    confidence: float = 0.95,
) -> Estimate:
    """Retention with the same employer (WIOA effectiveness in serving employers).

    rate = exiters employed in the 2nd quarter after exit whose 2nd-quarter employer (any of
    them) also employs them in the 4th quarter ÷ exiters employed in the 2nd quarter. Employers
    come from earnings records above zero and unsubsidised placements; a venture counts as its
    founder's employer.
    """
    q1 = check_positive(first, "first")
    q2 = check_positive(second, "second")
    if q2 <= q1:
        msg = f"'second' must come after 'first' ({q1}), got {q2}"
        raise InvalidInputError("second", msg)
    between = check_between(exits_between, "exits_between")
    counting = check_counting(counting)
    index = EmploymentIndex(caseload)
    observations = []
    for exit_, unit, excluded in _exit_cohort(
        caseload, exits_between=between, rule=rule, as_of=as_of, counting=counting
    ):
        exit_index = quarter_index(exit_.exited_on)
        excluded = excluded or _not_complete(exit_index + q2, as_of)
        if excluded is not None:
            observations.append(_exit_observation(unit, exit_, None, excluded))
            continue
        employers = index.employers_in(exit_.veteran_id, exit_index + q1)
        if not employers:
            continue
        kept = bool(employers & index.employers_in(exit_.veteran_id, exit_index + q2))
        observations.append(_exit_observation(unit, exit_, kept, None))
    return summarise(
        name="retention_with_same_employer",
        statistic="proportion",
        observations=observations,
        unit="proportion",
        cohort=f"exiters employed in quarter {q1} after exit; "
        + _exit_cohort_text(between, rule, counting),
        window=f"quarters {q1} and {q2} after the exit quarter",
        parameters={
            "exits_between": between,
            "rule": rule,
            "as_of": as_of,
            "counting": counting,
            "first": q1,
            "second": q2,
        },
        confidence=confidence,
        empty_reason=f"no exiter {describe_between(between)} was employed in quarter {q1}",
    )


# --- credentials and skill gains ------------------------------------------------------------


@checked
@without_gc_pauses
def credential_attainment_rate(
    caseload: Caseload,
    *,
    exits_between: tuple[date, date] | None = None,
    as_of: date | None = None,
    within: relativedelta = ONE_YEAR,
    programme_kinds: Collection[ProgrammeKind] = TRAINING_KINDS,
    confidence: float = 0.95,
    counting: Counting = "periods",
) -> Estimate:
    """Credential attainment rate (WIOA).

    rate = exiters from education or training (not on-the-job training) who obtained a
    recognised credential during participation or within one year after exit ÷ those exiters.
    A training certificate is not a recognised credential (:data:`RECOGNISED_CREDENTIALS`); a
    secondary-school diploma counts only if the exiter was also employed or in further training
    within one year after exit. A credential dated after exit + one year (e.g. 13 months) does
    not count. An enrolment whose programme is not in the caseload has no known kind and is
    left out of the cohort (counted in ``details["unknown_programme"]``, with a note); an
    exiter whose year after exit runs past 9999-12-31 is excluded (it cannot be observed).

    Args:
        caseload: The records.
        exits_between: Inclusive range of exit dates.
        as_of: Evaluation date; exiters whose year after exit has not ended by then are left
            out (listed in ``excluded``).
        within: The period after exit (one year).
        programme_kinds: Programme kinds that make the cohort.
        confidence: Coverage of the Wilson interval.
        counting: ``"periods"`` (each period of participation, the default) or
            ``"last_exit"``.
    """
    period = within
    between = check_between(exits_between, "exits_between")
    counting = check_counting(counting)
    index = EmploymentIndex(caseload)
    kinds = frozenset(programme_kinds)
    unknown_programmes, notes = _unknown_programmes(caseload, kinds)
    observations = []
    for exit_, unit, excluded in _exit_cohort(
        caseload,
        exits_between=between,
        rule="enrolments",
        as_of=as_of,
        programme_kinds=kinds,
        counting=counting,
    ):
        deadline = later(exit_.exited_on, period)
        if excluded is None and deadline is None:
            excluded = beyond_calendar(YEAR_AFTER_EXIT)
        elif excluded is None and as_of is not None and deadline is not None and deadline > as_of:
            excluded = year_not_complete(deadline, as_of)
        if excluded is not None or deadline is None:
            observations.append(_exit_observation(unit, exit_, None, excluded))
            continue
        attained = _attained(caseload, index, exit_, deadline)
        observations.append(_exit_observation(unit, exit_, attained, None))
    return summarise(
        **credential_form(kinds, between, counting, period, as_of),
        statistic="proportion",
        observations=observations,
        details={"unknown_programme": unknown_programmes},
        notes=notes,
        confidence=confidence,
    )


#: What the exclusion of an exiter whose year after exit runs past the calendar names.
YEAR_AFTER_EXIT: Final = "the year after exit"


def year_not_complete(deadline: date, as_of: date) -> str:
    """Why :func:`credential_attainment_rate` leaves out an exiter whose year after exit (to
    *deadline*) has not ended on *as_of* (both metric paths give it)."""
    return f"the year after exit (to {deadline}) is not complete on {as_of}"


def credential_form(
    kinds: frozenset[ProgrammeKind],
    between: tuple[date, date] | None,
    counting: Counting,
    period: relativedelta,
    as_of: date | None,
) -> dict[str, Any]:
    """The name, unit, cohort, window, parameters and empty reason of
    :func:`credential_attainment_rate` (both metric paths give them)."""
    return {
        "name": "credential_attainment_rate",
        "unit": "proportion",
        "cohort": "exiters from training ("
        + ", ".join(sorted(k.value for k in kinds))
        + "); "
        + _exit_cohort_text(between, "enrolments", counting),
        "window": "from the start of participation through exit + " + _describe_period(period),
        "parameters": {
            "exits_between": between,
            "as_of": as_of,
            "within": period,
            "programme_kinds": tuple(sorted(k.value for k in kinds)),
            "counting": counting,
        },
        "empty_reason": f"no exiters from training {describe_between(between)} are left",
    }


def _describe_period(period: relativedelta) -> str:
    parts = [
        f"{getattr(period, unit)} {unit}"
        for unit in ("years", "months", "days")
        if getattr(period, unit)
    ]
    return " ".join(parts) or "0 days"


def _attained(caseload: Caseload, index: EmploymentIndex, exit_: Exit, deadline: date) -> bool:
    diploma = False
    for enrolment in caseload.enrolments_of(exit_.veteran_id):
        for credential in enrolment.credentials:
            if credential.kind not in RECOGNISED_CREDENTIALS:
                continue
            if not exit_.began_on <= credential.awarded_on <= deadline:
                continue
            if credential.kind is not CredentialKind.SECONDARY_DIPLOMA:
                return True
            diploma = True
    if not diploma:
        return False
    after = later(exit_.exited_on, _ONE_DAY)
    if after is None:
        return False
    if index.employed_between(exit_.veteran_id, after, deadline):
        return True
    return any(
        enrolment.id not in exit_.enrolment_ids
        and enrolment.enrolled_on <= deadline
        and (enrolment.ended_on is None or enrolment.ended_on >= after)
        for enrolment in caseload.enrolments_of(exit_.veteran_id)
    )


@checked
@without_gc_pauses
def skill_gain_rate(
    caseload: Caseload,
    *,
    period: tuple[date, date],
    programme_kinds: Collection[ProgrammeKind] | None = None,
    confidence: float = 0.95,
) -> Estimate:
    """Measurable skill gain rate (WIOA).

    rate = participants in training during *period* with at least one documented skill gain
    dated in *period* ÷ participants in training on at least one day of *period*; each veteran
    counts once whatever the number of enrolments or gains. With *programme_kinds*, an
    enrolment whose programme is not in the caseload (kind unknown) is left out, counted in
    ``details["unknown_programme"]`` with a note.

    Args:
        caseload: The records.
        period: Inclusive ``(start, end)`` (e.g. a programme year).
        programme_kinds: Programme kinds that count as training (``None``: all).
        confidence: Coverage of the Wilson interval.
    """
    window = check_between(period, "period")
    if window is None:
        msg = "'period' must be a (start, end) pair of dates, got None"
        raise InvalidInputError("period", msg)
    first, last = window
    kinds = None if programme_kinds is None else frozenset(programme_kinds)
    unknown_programmes, notes = _unknown_programmes(caseload, kinds)
    active: defaultdict[str, list[str]] = defaultdict(list)
    gained: dict[str, bool] = {}
    latest: dict[str, tuple[date, str]] = {}
    for enrolment in caseload.enrolments:
        if enrolment.enrolled_on > last or (
            enrolment.ended_on is not None and enrolment.ended_on < first
        ):
            continue
        if kinds is not None:
            try:
                kind = caseload.programme(enrolment.programme_id).kind
            except LookupError:
                continue
            if kind not in kinds:
                continue
        veteran_id = enrolment.veteran_id
        active[veteran_id].append(enrolment.id)
        gain = any(first <= g.achieved_on <= last for g in enrolment.skill_gains)
        gained[veteran_id] = gained.get(veteran_id, False) or gain
        key = (enrolment.enrolled_on, enrolment.id)
        current = latest.get(veteran_id)
        if current is None or key[0] > current[0] or (key[0] == current[0] and key[1] < current[1]):
            latest[veteran_id] = key
    observations = [
        Observation(
            unit_id=veteran_id,
            record_id=latest[veteran_id][1],
            veteran_id=veteran_id,
            value=gained[veteran_id],
            on=first,
            enrolment_id=latest[veteran_id][1],
        )
        for veteran_id in active
    ]
    return summarise(
        name="skill_gain_rate",
        statistic="proportion",
        observations=observations,
        unit="proportion",
        cohort="veterans in training on at least one day of the period",
        window=f"{first} to {last}",
        parameters={
            "period": window,
            "programme_kinds": None if kinds is None else tuple(sorted(k.value for k in kinds)),
        },
        details={"unknown_programme": unknown_programmes},
        notes=notes,
        confidence=confidence,
        empty_reason=f"nobody was in training between {first} and {last}",
    )


# --- placement ------------------------------------------------------------------------------


def _anchors(
    caseload: Caseload,
    anchor: PlacementAnchor,
    between: tuple[date, date] | None,
    as_of: date | None,
    rule: ExitRule,
) -> Iterator[tuple[str, date, str, str | None]]:
    """(veteran id, anchor date, record id, exclusion) for each member of the cohort."""
    if anchor == "exit":
        for exit_, _unit, excluded in _exit_cohort(
            caseload, exits_between=between, rule=rule, as_of=as_of, counting="last_exit"
        ):
            yield exit_.veteran_id, exit_.exited_on, exit_.record_id, excluded
        return
    if anchor not in ("registration", "separation"):
        msg = f"'anchor' must be 'registration', 'separation' or 'exit', got {anchor!r}"
        raise InvalidInputError("anchor", msg)
    for veteran in sorted(caseload.veterans, key=lambda v: v.id):
        day = veteran.registered_on if anchor == "registration" else veteran.separated_on
        if day is None or (between is not None and not between[0] <= day <= between[1]):
            continue
        if as_of is not None and day > as_of:
            continue
        yield veteran.id, day, veteran.id, None


def _placement_starts(
    caseload: Caseload, veteran_id: str, *, subsidised: bool, ventures: bool
) -> list[tuple[date, str, bool]]:
    """(start, record id, is a placement) of the veteran's jobs (and ventures), by date."""
    starts = [
        (p.started_on, p.id, True)
        for p in caseload.placements_of(veteran_id)
        if subsidised or not p.subsidised
    ]
    if ventures:
        starts.extend((v.registered_on, v.id, False) for v in caseload.ventures_of(veteran_id))
    starts.sort()
    return starts


@checked
@without_gc_pauses
def placement_rate(
    caseload: Caseload,
    *,
    within: relativedelta = SIX_MONTHS,
    anchor: PlacementAnchor = "registration",
    between: tuple[date, date] | None = None,
    as_of: date | None = None,
    include_subsidised: bool = True,
    include_ventures: bool = False,
    rule: ExitRule = "enrolments",
    confidence: float = 0.95,
) -> Estimate:
    """Placement rate: share of the cohort placed in a job within *within* of the anchor.

    rate = veterans with a placement starting in [anchor date, anchor date + within] ÷ veterans
    whose anchor date (registration, separation or programme exit) falls in *between*. With
    ``anchor="exit"`` the WIOA exclusions apply. A placement that started before the anchor
    does not count. A veteran whose window runs past 9999-12-31 is excluded (it cannot be
    observed).

    Args:
        caseload: The records.
        within: The window after the anchor (6 calendar months).
        anchor: ``"registration"`` (default), ``"separation"`` or ``"exit"``.
        between: Inclusive range of anchor dates (``None``: all).
        as_of: Evaluation date; veterans whose window has not ended by then are left out.
        include_subsidised: Whether subsidised placements count.
        include_ventures: Whether starting a venture counts as being placed.
        rule: How exits are found when *anchor* is ``"exit"``.
        confidence: Coverage of the Wilson interval.
    """
    period = within
    window_between = check_between(between, "between")
    observations = []
    for veteran_id, day, record_id, excluded in _anchors(
        caseload, anchor, window_between, as_of, rule
    ):
        window_end = later(day, period)
        if excluded is None and window_end is None:
            excluded = beyond_calendar(f"the window after the {anchor}")
        elif excluded is None and as_of is not None and window_end and window_end > as_of:
            excluded = f"the window to {window_end} is not complete on {as_of}"
        end = date.max if window_end is None else window_end
        placed = excluded is None and any(
            day <= start <= end
            for start, _, _ in _placement_starts(
                caseload, veteran_id, subsidised=include_subsidised, ventures=include_ventures
            )
        )
        observations.append(
            Observation(
                unit_id=veteran_id,
                record_id=record_id,
                veteran_id=veteran_id,
                value=None if excluded else placed,
                on=day,
                attribute_on=end,
                excluded=excluded,
            )
        )
    return summarise(
        name="placement_rate",
        statistic="proportion",
        observations=observations,
        unit="proportion",
        cohort=f"veterans with {anchor} {describe_between(window_between)}",
        window=Window.within(anchor, period).describe(),
        parameters={
            "within": period,
            "anchor": anchor,
            "between": window_between,
            "as_of": as_of,
            "include_subsidised": include_subsidised,
            "include_ventures": include_ventures,
            "rule": rule,
        },
        confidence=confidence,
        empty_reason=f"no veteran has a {anchor} date {describe_between(window_between)}",
    )


@checked
@without_gc_pauses
def time_to_placement(
    caseload: Caseload,
    *,
    anchor: PlacementAnchor = "registration",
    between: tuple[date, date] | None = None,
    within: relativedelta | None = None,
    as_of: date | None = None,
    include_subsidised: bool = True,
    include_ventures: bool = False,
    rule: ExitRule = "enrolments",
) -> Estimate:
    """Median days from the anchor date to the first placement that starts on or after it.

    Only veterans who were placed (within *within* of the anchor, when given) count; the
    number not placed is in ``details["not_placed"]``. An even count gives the mean of the
    two middle values.
    """
    window_between = check_between(between, "between")
    observations = []
    not_placed = 0
    for veteran_id, day, _record, excluded in _anchors(
        caseload, anchor, window_between, as_of, rule
    ):
        # a window past the end of the calendar ends with it
        end: date | None = None if within is None else (later(day, within) or date.max)
        if as_of is not None:
            end = as_of if end is None else min(end, as_of)
        starts = [
            (start, record, is_placement)
            for start, record, is_placement in _placement_starts(
                caseload, veteran_id, subsidised=include_subsidised, ventures=include_ventures
            )
            if start >= day and (end is None or start <= end)
        ]
        if excluded is not None:
            observations.append(
                Observation(
                    unit_id=veteran_id,
                    record_id=veteran_id,
                    veteran_id=veteran_id,
                    value=None,
                    on=day,
                    excluded=excluded,
                )
            )
            continue
        if not starts:
            not_placed += 1
            continue
        start, placement_id, is_placement = starts[0]
        observations.append(
            Observation(
                unit_id=veteran_id,
                record_id=placement_id,
                veteran_id=veteran_id,
                value=(start - day).days,
                on=day,
                placement_id=placement_id if is_placement else None,
                attribute_on=start,
            )
        )
    return summarise(
        **time_to_placement_form(
            anchor, window_between, within, as_of, include_subsidised, include_ventures, rule
        ),
        statistic="median",
        observations=observations,
        details={"not_placed": not_placed},
    )


def time_to_placement_form(
    anchor: PlacementAnchor,
    between: tuple[date, date] | None,
    within: relativedelta | None,
    as_of: date | None,
    include_subsidised: bool,
    include_ventures: bool,
    rule: ExitRule,
) -> dict[str, Any]:
    """The name, unit, cohort, window, parameters and empty reason of
    :func:`time_to_placement` (both metric paths give them)."""
    return {
        "name": "time_to_placement",
        "unit": "days",
        "cohort": f"veterans placed after their {anchor} {describe_between(between)}",
        "window": (
            "from the anchor date to the first placement"
            if within is None
            else Window.within(anchor, within).describe()
        ),
        "parameters": {
            "anchor": anchor,
            "between": between,
            "within": within,
            "as_of": as_of,
            "include_subsidised": include_subsidised,
            "include_ventures": include_ventures,
            "rule": rule,
        },
        "empty_reason": f"no veteran with a {anchor} {describe_between(between)} was placed",
    }


# --- six-month outcomes ---------------------------------------------------------------------


@frozen(kw_only=True)
class SixMonthOutcomes:
    """Labour-market outcomes at a follow-up wave (UK Career Transition Partnership style).

    The three shares are of known outcomes and sum to 1; unknown outcomes are counted apart.

    Attributes:
        employed: Share employed (employees and self-employed) among known outcomes.
        unemployed: Share unemployed (looking for work) among known outcomes.
        inactive: Share economically inactive among known outcomes.
        unknown: Count of cohort members without a known outcome (non-response or no status).
        unemployment_rate: ILO unemployment rate U / (E + U).
        known: Number of known outcomes.
    """

    employed: Estimate
    unemployed: Estimate
    inactive: Estimate
    unknown: Estimate
    unemployment_rate: Estimate
    known: int


_STATUS_GROUP = {
    LabourStatus.EMPLOYED: "employed",
    LabourStatus.SELF_EMPLOYED: "employed",
    LabourStatus.UNEMPLOYED: "unemployed",
    LabourStatus.INACTIVE: "inactive",
}


def _response_key(response: SurveyResponse) -> tuple[bool, date, str]:
    known = response.responded and response.labour_status is not None
    return known, response.collected_on or date.min, response.id


@checked
@without_gc_pauses
def six_month_outcomes(
    caseload: Caseload,
    *,
    wave: int = 6,
    collected_between: tuple[date, date] | None = None,
    confidence: float = 0.95,
) -> SixMonthOutcomes:
    """Employed / unemployed / inactive shares at the *wave*-month follow-up.

    The cohort is every veteran with a follow-up case at that wave (one per veteran: a case
    with a known labour status if there is one, else the latest). A case has a known outcome
    when it is a complete or partial interview with a labour status; every other case is
    *unknown* and reported as its own count, never dropped silently. Shares are of known
    outcomes (employees and the self-employed count as employed); the ILO unemployment rate is
    U / (E + U).

    Args:
        caseload: The records.
        wave: The follow-up wave in months (6).
        collected_between: Inclusive range of collection dates (cases without a date are left
            out when it is given).
        confidence: Coverage of the Wilson intervals.
    """
    nth = check_positive(wave, "wave")
    between = check_between(collected_between, "collected_between")
    chosen: dict[str, SurveyResponse] = {}
    for response in caseload.responses:
        if response.wave_months != nth:
            continue
        if between is not None and (
            response.collected_on is None or not between[0] <= response.collected_on <= between[1]
        ):
            continue
        current = chosen.get(response.veteran_id)
        if current is None or _response_key(response) > _response_key(current):
            chosen[response.veteran_id] = response
    observations = []
    known = 0
    for veteran_id, response in chosen.items():
        status = response.labour_status
        group = _STATUS_GROUP[status] if response.responded and status is not None else "unknown"
        known += group != "unknown"
        # positional for speed: unit, record, veteran, value, on, weight, enrolment, placement,
        # attribute_on
        observations.append(
            Observation(
                veteran_id,
                response.id,
                veteran_id,
                group,
                response.collected_on,
                response.weight,
                None,
                response.placement_id,
                response.collected_on,
            )
        )
    everything = ("employed", "unemployed", "inactive")
    cohort = f"veterans with a {nth}-month follow-up case {describe_between(between)}"
    window = f"the {nth}-month follow-up wave"
    parameters = {"wave": nth, "collected_between": between}

    def share(hit: str) -> Estimate:
        return summarise(
            name=f"{hit}_share_{nth}_months",
            statistic="proportion",
            observations=observations,
            unit="proportion",
            cohort="known outcomes of " + cohort,
            window=window,
            parameters=parameters,
            confidence=confidence,
            empty_reason=f"no known outcome at the {nth}-month wave",
            among=everything,
            success=(hit,),
        )

    unknown = summarise(
        name=f"unknown_outcomes_{nth}_months",
        statistic="count",
        observations=observations,
        unit="veterans",
        cohort=cohort,
        window=window,
        parameters=parameters,
        empty_reason=f"no follow-up case at the {nth}-month wave",
        success=("unknown",),
    )
    rate = summarise(
        name=f"ilo_unemployment_rate_{nth}_months",
        statistic="proportion",
        observations=observations,
        unit="proportion",
        cohort="economically active known outcomes of " + cohort,
        window=window,
        parameters=parameters,
        confidence=confidence,
        empty_reason=f"nobody economically active with a known outcome at the {nth}-month wave",
        among=("employed", "unemployed"),
        success=("unemployed",),
    )
    return SixMonthOutcomes(
        employed=share("employed"),
        unemployed=share("unemployed"),
        inactive=share("inactive"),
        unknown=unknown,
        unemployment_rate=rate,
        known=known,
    )


# --- ventures -------------------------------------------------------------------------------


@checked
@without_gc_pauses
def venture_survival_rate(
    caseload: Caseload,
    *,
    months: int = 12,
    as_of: date | None = None,
    registered_between: tuple[date, date] | None = None,
    confidence: float = 0.95,
) -> Estimate:
    """Share of ventures still active *months* months after registration.

    Only ventures old enough to be observed count: registered at least *months* months before
    *as_of* (default: :func:`~veteran_services.metrics.data_cutoff`); a venture whose
    anniversary would fall after 9999-12-31 is never old enough. A venture survives when it is
    active on the anniversary (its closure date, if any, is on or after it).

    How it differs from the survival curve: ventures too young for the anniversary are left
    out (``details["too_young"]``), so a city with many recent ventures reports on its few old
    ones. :func:`~veteran_services.metrics.survival.venture_survival` estimates the same
    probability, ``S(months⁻)``, from every venture by Kaplan–Meier, the young ones censored;
    the two agree when no venture is censored before *months*
    (``docs/methodology/ventures.md``).
    """
    span = check_positive(months, "months")
    between = check_between(registered_between, "registered_between")
    cutoff = as_of if as_of is not None else data_cutoff(caseload)
    observations = []
    too_young = 0
    for venture in caseload.ventures:
        if between is not None and not between[0] <= venture.registered_on <= between[1]:
            continue
        anniversary = later(venture.registered_on, relativedelta(months=span))
        if cutoff is None or anniversary is None or anniversary > cutoff:
            too_young += 1
            continue
        founder = venture.founder_ids[0]
        observations.append(
            Observation(
                unit_id=venture.id,
                record_id=venture.id,
                veteran_id=founder,
                value=venture.is_active_on(anniversary),
                on=venture.registered_on,
                region=venture.region,
                attribute_on=venture.registered_on,
            )
        )
    return summarise(
        **venture_survival_form(span, between, cutoff),
        statistic="proportion",
        observations=observations,
        details={"too_young": too_young},
        confidence=confidence,
    )


def venture_survival_form(
    span: int, between: tuple[date, date] | None, cutoff: date | None
) -> dict[str, Any]:
    """The name, unit, cohort, window, parameters and empty reason of
    :func:`venture_survival_rate` (both metric paths give them)."""
    return {
        "name": f"venture_survival_{span}_months",
        "unit": "proportion",
        "cohort": f"ventures registered {describe_between(between)} at least {span} months "
        f"before {cutoff}",
        "window": f"registration to registration + {span} months",
        "parameters": {"months": span, "as_of": cutoff, "registered_between": between},
        "empty_reason": f"no venture is old enough ({span} months) to be observed by {cutoff}",
    }


@checked
@without_gc_pauses
def jobs_created(
    caseload: Caseload,
    *,
    as_of: date | None = None,
    registered_between: tuple[date, date] | None = None,
    veterans_only: bool = False,
) -> Estimate:
    """Jobs in veterans' ventures as of a date, from the ventures' snapshots.

    Each venture registered by *as_of* (default: :func:`~veteran_services.metrics.data_cutoff`)
    contributes the employees of its latest snapshot on or before *as_of* (only veteran
    employees with *veterans_only*); a venture closed by then contributes 0; a venture with no
    snapshot yet is left out and counted in ``details["without_snapshot"]``.
    """
    between = check_between(registered_between, "registered_between")
    cutoff = as_of if as_of is not None else data_cutoff(caseload)
    observations = []
    without = 0
    for venture in caseload.ventures:
        if cutoff is None or venture.registered_on > cutoff:
            continue
        if between is not None and not between[0] <= venture.registered_on <= between[1]:
            continue
        founder = venture.founder_ids[0]
        if venture.closed_on is not None and venture.closed_on <= cutoff:
            jobs = 0
        else:
            snapshot = venture.latest_snapshot(as_of=cutoff)
            if snapshot is None:
                without += 1
                continue
            jobs = snapshot.veteran_employees if veterans_only else snapshot.employees
        observations.append(
            Observation(
                unit_id=venture.id,
                record_id=venture.id,
                veteran_id=founder,
                value=jobs,
                on=venture.registered_on,
                region=venture.region,
                attribute_on=venture.registered_on,
            )
        )
    return summarise(
        **jobs_created_form(between, cutoff, veterans_only),
        statistic="sum",
        observations=observations,
        details={"without_snapshot": without},
    )


def jobs_created_form(
    between: tuple[date, date] | None, cutoff: date | None, veterans_only: bool
) -> dict[str, Any]:
    """The name, unit, cohort, window, parameters and empty reason of :func:`jobs_created`
    (both metric paths give them)."""
    return {
        "name": "jobs_created_veterans" if veterans_only else "jobs_created",
        "unit": "jobs",
        "cohort": f"ventures registered {describe_between(between)} by {cutoff}",
        "window": f"as of {cutoff}",
        "parameters": {
            "as_of": cutoff,
            "registered_between": between,
            "veterans_only": veterans_only,
        },
        "empty_reason": "no venture with a snapshot",
    }


# --- surveys --------------------------------------------------------------------------------

ResponseRateName = Literal["rr1", "rr2", "rr5", "rr6"]

_RESPONDED = {
    "rr1": frozenset({Disposition.COMPLETE}),
    "rr2": ANSWERING_DISPOSITIONS,
    "rr5": frozenset({Disposition.COMPLETE}),
    "rr6": ANSWERING_DISPOSITIONS,
}
_UNKNOWN_ELIGIBILITY = frozenset({Disposition.UNKNOWN_HOUSEHOLD, Disposition.UNKNOWN_OTHER})


def _case_outcome(rate: str, disposition: Disposition) -> tuple[bool | None, str | None]:
    """A case's (counts in the numerator, reason it is left out) for a response rate."""
    if disposition is Disposition.NOT_ELIGIBLE:
        return None, "not eligible"
    if rate in ("rr5", "rr6") and disposition in _UNKNOWN_ELIGIBILITY:
        return None, "eligibility unknown (left out of RR5/RR6)"
    return disposition in _RESPONDED[rate], None


_CASE_OUTCOMES = {
    rate: {disposition: _case_outcome(rate, disposition) for disposition in Disposition}
    for rate in _RESPONDED
}


@checked
@without_gc_pauses
def response_rates_by_wave(
    caseload: Caseload,
    *,
    rate: ResponseRateName = "rr1",
    weighted: bool = False,
    e: float | None = None,
    confidence: float = 0.95,
) -> dict[int, Estimate]:
    """AAPOR response rate of each follow-up wave, from the cases' final dispositions.

    Each wave's estimate is *rate* (RR1: I / all eligible and unknown cases; RR2 counts partial
    interviews too; RR5/RR6 leave out unknown-eligibility cases) as a proportion over cases, so
    it can be broken down; not-eligible cases are listed in ``excluded``. A placement's wave is
    one sample unit however many cases it has (failed contact attempts before an interview or
    a refusal): its case is the one :func:`~veteran_services.metrics.follow_ups_due` uses (an
    interview if there is one, else a final case, else the latest attempt); cases about no
    placement count one each.
    Every AAPOR rate of the wave (RR1-RR6, COOP, REF, CON; :func:`stats.response_rates`) is
    in ``details["rates"]``. With *weighted* the cases' survey weights are summed instead of
    counted.

    Returns:
        Wave (months) → estimate, in wave order; cases without a wave are not follow-ups and are
        ignored.
    """
    if rate not in _RESPONDED:
        msg = f"'rate' must be one of {', '.join(map(repr, _RESPONDED))}, got {rate!r}"
        raise InvalidInputError("rate", msg)
    by_wave: defaultdict[int, list[SurveyResponse]] = defaultdict(list)
    attempts: defaultdict[tuple[str, int], list[SurveyResponse]] = defaultdict(list)
    for response in caseload.responses:
        if response.wave_months is None:
            continue
        if response.placement_id is None:
            by_wave[response.wave_months].append(response)
            continue
        key = (response.placement_id, response.wave_months)
        if key not in attempts:
            by_wave[response.wave_months].append(response)  # holds the unit's place
        attempts[key].append(response)
    for wave, cases in by_wave.items():
        by_wave[wave] = [
            case
            if case.placement_id is None
            else _case_for(attempts[case.placement_id, wave], wave) or case
            for case in cases
        ]
    result: dict[int, Estimate] = {}
    for wave in sorted(by_wave):
        cases = by_wave[wave]
        # weighted sums relative to the largest weight (rates are ratios), so that no weight a
        # record may hold makes a sum overflow; the totals reported are scaled back
        scale = max(case.weight for case in cases) if weighted else 1.0
        totals: defaultdict[Disposition, float] = defaultdict(float)
        for case in cases:
            totals[case.disposition] += case.weight / scale if weighted else 1.0
        rates = rates_of_totals(totals, e=e)
        # each case's (outcome, exclusion) by disposition; Observation built positionally for
        # speed: unit, record, veteran, value, on, weight, enrolment, placement, attribute_on,
        # region, estimated, excluded
        outcome = _CASE_OUTCOMES[rate]
        observations = [
            Observation(
                case.id,
                case.id,
                case.veteran_id,
                (found := outcome[case.disposition])[0],
                case.collected_on,
                case.weight,
                None,
                case.placement_id,
                case.collected_on,
                None,
                False,
                found[1],
            )
            for case in cases
        ]
        result[wave] = summarise(
            name=f"response_rate_{rate}_{wave}_months",
            statistic="weighted_proportion" if weighted else "proportion",
            observations=observations,
            unit="proportion",
            cohort=f"follow-up cases of the {wave}-month wave",
            window=f"the {wave}-month follow-up wave",
            parameters={
                "wave": wave,
                "rate": rate,
                "weighted": weighted,
                "e": e,
            },
            details={
                "e": rates.e,
                "rates": {
                    name: getattr(rates, name)
                    for name in (
                        *(f"rr{i}" for i in range(1, 7)),
                        *(f"coop{i}" for i in range(1, 5)),
                        *(f"ref{i}" for i in range(1, 4)),
                        *(f"con{i}" for i in range(1, 4)),
                    )
                },
                "dispositions": {d.value: totals[d] * scale for d in Disposition},
            },
            confidence=confidence,
            empty_reason=f"no eligible case in the {wave}-month wave",
        )
    return result


SatisfactionStatistic = Literal["share", "mean"]


def _likert_items(
    caseload: Caseload, key: tuple[str, int], topic: Topic
) -> dict[str, dict[int, float]] | None:
    """Question id → {point: score in [0, 1]} for the instrument's Likert items on *topic*
    (1 → 0, top point → 1; flipped for reversed items); None when the instrument version is
    not in the caseload."""
    try:
        instrument = caseload.instrument(*key)
    except LookupError:
        return None
    tables = {}
    for question in instrument.questions_on(topic):
        scale = question.scale
        if isinstance(scale, LikertScale):
            tables[question.id] = {
                point: 1.0 - scale.scaled(point) if question.reverse else scale.scaled(point)
                for point in range(1, scale.points + 1)
            }
    return tables


@checked
@without_gc_pauses
def weighted_satisfaction(
    caseload: Caseload,
    *,
    wave: int | None = None,
    topic: Topic = Topic.JOB_SATISFACTION,
    statistic: SatisfactionStatistic = "share",
    satisfied_at: float = 0.75,
    confidence: float = 0.95,
) -> Estimate:
    """Weighted satisfaction from follow-up surveys.

    Each complete or partial interview (at *wave*, when given) scores the mean of its answered
    Likert items on *topic*, each scaled to [0, 1] (1 → 0, top point → 1; reversed items
    flipped). ``statistic="share"`` gives the weighted (Hájek) share of respondents scoring at
    least *satisfied_at* (0.75 = "satisfied" or better on a 5-point scale) with an approximate
    interval on Kish's effective n; ``"mean"`` gives the weighted mean score (no interval).
    Respondents who answered no such item are left out (count in
    ``details["no_item_answered"]``), and so are interviews whose instrument version is not in
    the caseload (count in ``details["unknown_instrument"]``, with a note). Weights may be any
    finite positive numbers: the statistics use them relative to the largest.
    """
    nth = check_satisfaction(wave, statistic, satisfied_at)
    # per instrument version: question id -> {Likert point: scaled score} of its items on topic
    # (None: the instrument version is not in the caseload)
    items: dict[tuple[str, int], dict[str, dict[int, float]] | None] = {}
    observations = []
    unanswered = without_instrument = 0
    for response in caseload.responses:
        if not response.responded or (nth is not None and response.wave_months != nth):
            continue
        key = (response.instrument_id, response.instrument_version)
        if key in items:
            wanted = items[key]
        else:
            wanted = items[key] = _likert_items(caseload, key, topic)
        if wanted is None:
            without_instrument += 1
            continue
        # type(...) is int: a bool answer is not a Likert point (True == 1 in a dict lookup)
        scores = [
            table[value]
            for answer in response.answers
            if (table := wanted.get(answer.question_id)) is not None
            and type(value := answer.value) is int
            and value in table
        ]
        if not scores:
            unanswered += 1
            continue
        score = sum(scores) / len(scores)
        # positional for speed (see Observation): unit, record, veteran, value, on, weight,
        # enrolment, placement, attribute_on
        observations.append(
            Observation(
                response.id,
                response.id,
                response.veteran_id,
                score >= satisfied_at if statistic == "share" else score,
                response.collected_on,
                response.weight,
                None,
                response.placement_id,
                response.collected_on,
            )
        )
    return summarise(
        **satisfaction_form(nth, topic, statistic, satisfied_at),
        statistic="weighted_proportion" if statistic == "share" else "mean",
        observations=observations,
        details={"no_item_answered": unanswered, "unknown_instrument": without_instrument},
        notes=unknown_instrument_notes(without_instrument),
        confidence=confidence,
    )


def check_satisfaction(wave: object, statistic: object, satisfied_at: object) -> int | None:
    """The checks of :func:`weighted_satisfaction`'s arguments, in its order (both metric
    paths make them): the wave (None, or a whole number ≥ 1) is returned."""
    if statistic not in ("share", "mean"):
        msg = f"'statistic' must be 'share' or 'mean', got {statistic!r}"
        raise InvalidInputError("statistic", msg)
    if isinstance(satisfied_at, bool) or not isinstance(satisfied_at, int | float):
        msg = f"'satisfied_at' must be a number in [0, 1], got {satisfied_at!r}"
        raise InvalidInputError("satisfied_at", msg)
    if not 0.0 <= satisfied_at <= 1.0:
        msg = f"'satisfied_at' must be a number in [0, 1], got {satisfied_at!r}"
        raise InvalidInputError("satisfied_at", msg)
    return None if wave is None else check_positive(wave, "wave")


def satisfaction_form(
    nth: int | None, topic: Topic, statistic: SatisfactionStatistic, satisfied_at: float
) -> dict[str, Any]:
    """The name, unit, cohort, window, parameters and empty reason of
    :func:`weighted_satisfaction` (both metric paths give them)."""
    wave_text = "every wave" if nth is None else f"the {nth}-month wave"
    return {
        "name": f"satisfaction_{statistic}",
        "unit": "proportion" if statistic == "share" else "score (0-1)",
        "cohort": f"follow-up respondents with an answer on {topic.value}",
        "window": wave_text,
        "parameters": {
            "wave": nth,
            "topic": topic.value,
            "statistic": statistic,
            "satisfied_at": satisfied_at,
        },
        "empty_reason": f"no follow-up respondent at {wave_text} answered a {topic.value} item",
    }


def unknown_instrument_notes(count: int) -> list[str]:
    """The note of :func:`weighted_satisfaction` when *count* interviews name an instrument
    version that is not in the caseload (none when *count* is 0)."""
    if not count:
        return []
    note = (
        f"{count} interview(s) left out: their instrument version is not in "
        "the caseload, so their answers cannot be read (add the instrument)"
    )
    return [note]


# --- employment quality ---------------------------------------------------------------------


@checked
@without_gc_pauses
def mean_quality(
    caseload: Caseload,
    *,
    as_of: date,
    market: LabourMarket | None = None,
    model: QualityModel | None = None,
    started_between: tuple[date, date] | None = None,
) -> Estimate:
    """Mean employment-quality score of placements (``veteran_services.scoring``).

    Each placement started by *as_of* (and in *started_between*, when given) is scored with
    :func:`veteran_services.scoring.score_caseload` on the labour-market tables *market*
    (default: the built-in Nanjing tables) and the quality *model* (default: the library's
    default model); the estimate is the mean of the scores, on the index's 0-100 scale. No
    interval is given.

    Unknown is not none: a fact a placement leaves unrecorded (contract type, social
    insurance, occupation code, hours, wage) leaves its indicator missing, never worst, and the
    placement is scored from the facts it has. A placement that cannot be scored is left out,
    listed in ``excluded`` with the scoring reason (which names it and says what to do), and
    counted by reason code (:data:`veteran_services.scoring.REASONS`) in
    ``details["unscored"]`` and a note: too few indicators observed (``low_coverage``), no
    labour-market row for its region and start (``no_market_data``), an employer that is not
    in the caseload (``unknown_employer``). One such placement never stops the figure.
    ``details["completeness"]`` is the mean data completeness of the scored placements (the
    share of the model's weight observed).
    """
    between = check_between(started_between, "started_between")
    chosen = tuple(
        p
        for p in caseload.placements
        if p.started_on <= as_of and (between is None or between[0] <= p.started_on <= between[1])
    )
    scope = (
        caseload if len(chosen) == len(caseload.placements) else caseload.replace(placements=chosen)
    )
    tables = LabourMarket.nanjing() if market is None else market
    scores = score_caseload(scope, market=tables, model=model, as_of=as_of)
    observations = [
        Observation(
            score.placement_id,
            score.placement_id,
            score.veteran_id,
            score.value,
            score.started_on,
            1.0,
            None,
            score.placement_id,
            score.started_on,
            None,
            False,
            None if score.value is not None else (score.reason or "not scored"),
        )
        for score in scores
    ]
    unscored = Counter(score.reason_code or "not_scored" for score in scores if score.value is None)
    scored = [score.completeness for score in scores if score.value is not None]
    notes = []
    if unscored:
        counts = ", ".join(f"{count} {code}" for code, count in sorted(unscored.items()))
        notes.append(
            f"{sum(unscored.values())} placement(s) not scored ({counts}): listed in "
            "'excluded' with the reason"
        )
    quality_model = QualityModel.default() if model is None else model
    return summarise(
        name="mean_quality",
        statistic="mean",
        observations=observations,
        unit="score (0-100)",
        cohort=f"placements started {describe_between(between)} by {as_of}",
        window=f"scored as of {as_of}",
        parameters={
            "as_of": as_of,
            "started_between": between,
            "market": tables.name,
            "model_version": quality_model.version,
        },
        details={
            "unscored": dict(sorted(unscored.items())),
            "completeness": math.fsum(scored) / len(scored) if scored else None,
        },
        notes=notes,
        empty_reason=f"no placement started {describe_between(between)} by {as_of} has a score",
    )
