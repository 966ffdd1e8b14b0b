"""The post-placement follow-up worklist and panel retention.

Offices follow up each placement at e.g. 3, 6 and 12 months. :func:`follow_ups_due` says, for
every placement and wave, whether the follow-up is done, due, overdue, lost to follow-up or not
yet due, and :func:`panel_retention` gives the share of the placed cohort still responding at
each wave (AAPOR-style panel retention against the originally placed cohort, METHODOLOGY §6).

A follow-up is *lost* when the office has given up on it: after *lost_after_attempts* failed
contact attempts (recorded cases of the wave that are a non-contact, an "other" non-response or
of unknown eligibility), or *lost_after_days* days past the end of the grace period without a
final case. For the AAPOR rates (:meth:`Worklist.dispositions`) a lost follow-up is a
non-contact (NC, AAPOR code 2.20): the placed veteran is known to be eligible and was not
reached. Follow-ups still due or overdue have no final disposition yet and are left out of the
rates (counted apart), as AAPOR asks for final dispositions only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from attrs import field, frozen

from veteran_services._checks import checked, is_whole, whole_number
from veteran_services.errors import InvalidInputError
from veteran_services.metrics._outcomes import add_months, check_between, without_gc_pauses
from veteran_services.metrics.estimates import Estimate, Observation, summarise
from veteran_services.model import Caseload, Disposition, SurveyResponse
from veteran_services.stats.surveys import ResponseRates, response_rates

__all__ = [
    "FAILED_CONTACT_DISPOSITIONS",
    "LOST_DISPOSITION",
    "FollowUp",
    "FollowUpStatus",
    "Worklist",
    "follow_ups_due",
    "panel_retention",
]

#: The dispositions of a recorded case that count as one failed contact attempt: the wave is
#: still open (due, overdue or, after enough of them, lost), not done.
FAILED_CONTACT_DISPOSITIONS: frozenset[Disposition] = frozenset(
    {
        Disposition.NON_CONTACT,
        Disposition.OTHER,
        Disposition.UNKNOWN_HOUSEHOLD,
        Disposition.UNKNOWN_OTHER,
    }
)

#: The AAPOR final disposition of a follow-up lost to follow-up: a non-contact (NC). A placed
#: veteran is known to be eligible, so "could not be reached" is not an unknown-eligibility case.
LOST_DISPOSITION: Disposition = Disposition.NON_CONTACT


class FollowUpStatus(StrEnum):
    """Where a placement's follow-up at one wave stands."""

    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"
    LOST = "lost"
    NOT_YET_DUE = "not_yet_due"


@frozen(kw_only=True)
class FollowUp:
    """One placement's follow-up at one wave.

    Attributes:
        placement_id: The placement followed up.
        veteran_id: Whom to contact.
        wave_months: The wave (months after the placement started).
        due_on: The placement start plus *wave_months* calendar months (9999-12-31 when that
            lies past the end of the calendar: such a follow-up is never due).
        overdue_after: The last day of the grace period (due date + grace days; at most
            9999-12-31).
        status: Done, due, overdue, lost or not yet due, as of the worklist's date.
        response_id: The follow-up case recorded for the wave (the interview, refusal or
            ineligibility when done, else the latest failed attempt), when there is one.
        disposition: Its disposition.
        attempts: Failed contact attempts recorded for the wave
            (:data:`FAILED_CONTACT_DISPOSITIONS`).
    """

    placement_id: str
    veteran_id: str
    wave_months: int
    due_on: date
    overdue_after: date
    status: FollowUpStatus
    response_id: str | None = None
    disposition: Disposition | None = None
    attempts: int = 0

    @property
    def final_disposition(self) -> Disposition | None:
        """The AAPOR final disposition: the case's when done, :data:`LOST_DISPOSITION` when
        lost, ``None`` while the follow-up is open (due, overdue) or not yet due."""
        if self.status is FollowUpStatus.DONE:
            return self.disposition
        if self.status is FollowUpStatus.LOST:
            return LOST_DISPOSITION
        return None


@frozen(kw_only=True)
class Worklist:
    """The follow-up worklist of an office as of a date.

    Attributes:
        as_of: The date the statuses refer to.
        schedule: The waves, in months.
        grace_days: Days after the due date before a follow-up is overdue.
        items: One :class:`FollowUp` per placement and wave, by due date.
        retention: Wave → panel retention estimate (:func:`panel_retention`).
        lost_after_attempts: Failed contact attempts after which a follow-up is lost
            (``None``: never by attempts).
        lost_after_days: Days past the end of the grace period after which an open follow-up
            is lost (``None``: never by time).
    """

    as_of: date
    schedule: tuple[int, ...]
    grace_days: int
    items: tuple[FollowUp, ...]
    retention: dict[int, Estimate] = field(factory=dict, hash=False)
    lost_after_attempts: int | None = None
    lost_after_days: int | None = None

    @checked
    def with_status(self, status: FollowUpStatus) -> tuple[FollowUp, ...]:
        """The items with *status* (e.g. the overdue ones to chase first)."""
        return tuple(item for item in self.items if item.status is status)

    @checked
    def counts(self) -> dict[FollowUpStatus, int]:
        """How many items have each status."""
        tally = Counter(item.status for item in self.items)
        return {status: tally.get(status, 0) for status in FollowUpStatus}

    @checked
    def counts_by_wave(self) -> dict[int, dict[FollowUpStatus, int]]:
        """How many items have each status, per wave."""
        result: dict[int, dict[FollowUpStatus, int]] = {}
        for wave in self.schedule:
            tally = Counter(item.status for item in self.items if item.wave_months == wave)
            result[wave] = {status: tally.get(status, 0) for status in FollowUpStatus}
        return result

    @checked
    def by_region(self, caseload: Caseload) -> dict[str, dict[FollowUpStatus, int]]:
        """How many items have each status in each district (the veteran's region), by code."""
        tallies: dict[str, Counter[FollowUpStatus]] = {}
        for item in self.items:
            try:
                region = caseload.veteran(item.veteran_id).region
            except LookupError:
                region = "unknown"
            tallies.setdefault(region, Counter())[item.status] += 1
        return {
            region: {status: tally.get(status, 0) for status in FollowUpStatus}
            for region, tally in sorted(tallies.items())
        }

    @checked
    def dispositions(self, wave: int) -> dict[Disposition, int]:
        """The AAPOR final dispositions of one wave's follow-ups: a done follow-up's case
        disposition, :data:`LOST_DISPOSITION` for a lost one; open and not-yet-due follow-ups
        have none and are not counted (see :meth:`counts`)."""
        if wave not in self.schedule:
            msg = f"'wave' must be one of the schedule's waves {list(self.schedule)}, got {wave!r}"
            raise InvalidInputError("wave", msg)
        tally = Counter(
            final
            for item in self.items
            if item.wave_months == wave and (final := item.final_disposition) is not None
        )
        return {disposition: tally.get(disposition, 0) for disposition in Disposition}

    @checked
    def response_rates(self, wave: int, *, e: float | None = None) -> ResponseRates:
        """The AAPOR rates of one wave from :meth:`dispositions` (lost follow-ups are
        non-contacts; open ones are not yet final and are left out)."""
        totals = self.dispositions(wave)
        return rates_of_totals(totals, e=e)


def rates_of_totals(totals: Mapping[Disposition, float], *, e: float | None) -> ResponseRates:
    """The AAPOR rates of cases counted (or weighted) by final disposition: the one place the
    dispositions meet :func:`~veteran_services.stats.response_rates`' arguments, for the
    worklist and ``response_rates_by_wave`` alike. A disposition absent from *totals* counts 0.
    """
    return response_rates(
        complete=totals.get(Disposition.COMPLETE, 0),
        partial=totals.get(Disposition.PARTIAL, 0),
        refusal=totals.get(Disposition.REFUSAL, 0),
        non_contact=totals.get(Disposition.NON_CONTACT, 0),
        other=totals.get(Disposition.OTHER, 0),
        unknown_household=totals.get(Disposition.UNKNOWN_HOUSEHOLD, 0),
        unknown_other=totals.get(Disposition.UNKNOWN_OTHER, 0),
        not_eligible=totals.get(Disposition.NOT_ELIGIBLE, 0),
        e=e,
    )


def check_schedule(schedule: Sequence[int]) -> tuple[int, ...]:
    """The follow-up waves, checked (whole months of at least 1, none repeated) and sorted."""
    waves = tuple(schedule)
    if not waves or any(not is_whole(w) or w < 1 for w in waves):
        msg = f"'schedule' must be whole numbers of months of at least 1, got {list(waves)!r}"
        raise InvalidInputError("schedule", msg)
    if len(set(waves)) != len(waves):
        msg = f"'schedule' must not repeat a wave, got {list(waves)!r}"
        raise InvalidInputError("schedule", msg)
    return tuple(sorted(waves))


def worklist_arguments(
    *,
    as_of: object,
    schedule: Sequence[int],
    grace_days: int,
    started_between: object,
    lost_after_attempts: int | None,
    lost_after_days: int | None,
) -> tuple[tuple[int, ...], int | None, int | None, tuple[date, date] | None]:
    """:func:`follow_ups_due`'s arguments, checked in its order, for the object path and the
    columnar one: the waves, the two limits and the start range.

    Raises:
        InvalidInputError: as :func:`follow_ups_due` says.
    """
    waves = check_schedule(schedule)
    whole_number(grace_days, "grace_days", unit="days")
    attempts_limit = check_lost(lost_after_attempts, "lost_after_attempts")
    days_limit = check_lost(lost_after_days, "lost_after_days")
    if not isinstance(as_of, date):
        msg = f"'as_of' must be a date, got {as_of!r}"
        raise InvalidInputError("as_of", msg)
    between = check_between(started_between, "started_between")
    return waves, attempts_limit, days_limit, between


def retention_terms(
    wave: int,
    *,
    waves: tuple[int, ...],
    as_of: date | None,
    between: tuple[date, date] | None,
    cumulative: bool,
    lost_after_attempts: int | None,
    lost_after_days: int | None,
) -> dict[str, Any]:
    """The words and parameters of a wave's panel-retention estimate (:func:`panel_retention`),
    as ``summarise`` takes them: its name, cohort, window, parameters and empty reason."""
    return {
        "name": f"panel_retention_{wave}_months",
        "cohort": "placements"
        + ("" if between is None else f" started between {between[0]} and {between[1]}")
        + ("" if as_of is None else f" whose {wave}-month follow-up was due by {as_of}"),
        "window": f"the {wave}-month follow-up wave"
        + (" and every earlier wave" if cumulative else ""),
        "parameters": {
            "wave": wave,
            "schedule": waves,
            "as_of": as_of,
            "started_between": between,
            "cumulative": cumulative,
            "lost_after_attempts": lost_after_attempts,
            "lost_after_days": lost_after_days,
        },
        "empty_reason": f"no placement's {wave}-month follow-up was due",
    }


def _grace_end(due: date | None, grace: timedelta) -> date:
    """The last day of the grace period after *due* (9999-12-31 at the latest)."""
    if due is None or date.max - due <= grace:
        return date.max
    return due + grace


def _case_for(responses: Sequence[SurveyResponse], wave: int) -> SurveyResponse | None:
    """The case recorded for a wave: a complete or partial interview if there is one, else a
    final case (refusal, not eligible), else the latest case (by collection date, then id)."""
    cases = [r for r in responses if r.wave_months == wave]
    if not cases:
        return None
    return max(
        cases,
        key=lambda r: (
            r.responded,
            r.disposition not in FAILED_CONTACT_DISPOSITIONS,
            r.collected_on or date.min,
            r.id,
        ),
    )


def check_lost(value: int | None, name: str) -> int | None:
    """A limit of :func:`follow_ups_due` (``lost_after_attempts``: at least 1;
    ``lost_after_days``: at least 0), checked; ``None`` stays ``None``."""
    if value is None:
        return None
    whole_number(value, name, least=1 if name == "lost_after_attempts" else 0)
    return value


def _status(
    responses: Sequence[SurveyResponse],
    wave: int,
    due: date | None,
    last: date,
    as_of: date,
    lost_after_attempts: int | None,
    lost_after_days: int | None,
) -> tuple[FollowUpStatus, SurveyResponse | None, int]:
    """A wave's status, its case and its failed attempts (cases recorded after *as_of* are
    not known yet)."""
    cases = [r for r in responses if r.collected_on is None or r.collected_on <= as_of]
    case = _case_for(cases, wave)
    attempts = sum(
        1 for r in cases if r.wave_months == wave and r.disposition in FAILED_CONTACT_DISPOSITIONS
    )
    if case is not None and case.disposition not in FAILED_CONTACT_DISPOSITIONS:
        return FollowUpStatus.DONE, case, attempts
    if lost_after_attempts is not None and attempts >= lost_after_attempts:
        return FollowUpStatus.LOST, case, attempts
    if due is None or as_of < due:  # None: past the end of the calendar, never due
        return FollowUpStatus.NOT_YET_DUE, case, attempts
    if as_of <= last:
        return FollowUpStatus.DUE, case, attempts
    if lost_after_days is not None and (as_of - last).days > lost_after_days:
        return FollowUpStatus.LOST, case, attempts
    return FollowUpStatus.OVERDUE, case, attempts


@checked
@without_gc_pauses
def follow_ups_due(
    caseload: Caseload,
    *,
    as_of: date,
    schedule: Sequence[int] = (3, 6, 12),
    grace_days: int = 30,
    started_between: tuple[date, date] | None = None,
    lost_after_attempts: int | None = 3,
    lost_after_days: int | None = 180,
) -> Worklist:
    """The follow-up worklist: every placement × wave with its status as of *as_of*.

    A wave's follow-up is due on the placement start plus that many calendar months. It is
    *done* once a final case about the placement is recorded for the wave: an interview
    (complete or partial), a refusal (a final outcome too) or a not-eligible case; the case
    is given. A recorded non-contact, "other" or unknown-eligibility case is a failed contact
    attempt (:data:`FAILED_CONTACT_DISPOSITIONS`), not a final outcome: the follow-up stays
    open. An open follow-up is *lost* after *lost_after_attempts* failed attempts, or when
    *as_of* is more than *lost_after_days* days past the end of its grace period; otherwise it
    is *not yet due* before the due date, *due* from the due date through the grace period,
    and *overdue* after. Follow-ups stay on the list when the job has ended: the wave asks
    about the veteran's situation, not only about the job. A wave whose due date would fall
    after 9999-12-31 is never due (``due_on`` 9999-12-31, *not yet due*). Cases collected
    after *as_of* are not known on that date and are not used.

    Args:
        caseload: The records.
        as_of: The date of the worklist.
        schedule: The waves in months.
        grace_days: Days after the due date before a follow-up is overdue.
        started_between: Only placements started in this inclusive range.
        lost_after_attempts: Failed attempts after which a follow-up is lost, at least 1
            (``None``: never lost by attempts).
        lost_after_days: Days past the grace period after which an open follow-up is lost
            (``None``: never lost by time).

    Returns:
        The worklist, with panel retention for the placements of the list.

    Raises:
        InvalidInputError: a bad schedule, negative *grace_days* or *lost_after_days*, a
            *lost_after_attempts* below 1, or an *as_of* that is not a date.
    """
    waves, attempts_limit, days_limit, between = worklist_arguments(
        as_of=as_of,
        schedule=schedule,
        grace_days=grace_days,
        started_between=started_between,
        lost_after_attempts=lost_after_attempts,
        lost_after_days=lost_after_days,
    )
    grace = timedelta(days=grace_days)
    items = []
    for placement in caseload.placements:
        if placement.started_on > as_of:
            continue
        if between is not None and not between[0] <= placement.started_on <= between[1]:
            continue
        responses = caseload.responses_about(placement.id)
        for wave in waves:
            due = add_months(placement.started_on, wave)
            last = _grace_end(due, grace)
            status, case, attempts = _status(
                responses, wave, due, last, as_of, attempts_limit, days_limit
            )
            items.append(
                FollowUp(
                    placement_id=placement.id,
                    veteran_id=placement.veteran_id,
                    wave_months=wave,
                    due_on=date.max if due is None else due,
                    overdue_after=last,
                    status=status,
                    response_id=None if case is None else case.id,
                    disposition=None if case is None else case.disposition,
                    attempts=attempts,
                )
            )
    items.sort(key=lambda i: (i.due_on, i.placement_id, i.wave_months))
    retention = panel_retention(
        caseload,
        schedule=waves,
        as_of=as_of,
        started_between=between,
        grace_days=grace_days,
        lost_after_attempts=attempts_limit,
        lost_after_days=days_limit,
    )
    return Worklist(
        as_of=as_of,
        schedule=waves,
        grace_days=grace_days,
        items=tuple(items),
        retention=retention,
        lost_after_attempts=attempts_limit,
        lost_after_days=days_limit,
    )


@checked
@without_gc_pauses
def panel_retention(
    caseload: Caseload,
    *,
    schedule: Sequence[int] = (3, 6, 12),
    as_of: date | None = None,
    started_between: tuple[date, date] | None = None,
    cumulative: bool = False,
    confidence: float = 0.95,
    grace_days: int = 30,
    lost_after_attempts: int | None = 3,
    lost_after_days: int | None = 180,
) -> dict[int, Estimate]:
    """Share of the placed cohort still responding at each wave.

    For each wave: placements whose follow-up case at that wave is a complete or partial
    interview ÷ placements of the cohort whose wave is due by *as_of* (all placements when
    *as_of* is ``None``). The denominator is always the originally placed cohort, never the
    previous wave's respondents. With *cumulative*, a placement counts only if it responded at
    this wave and at every earlier wave of the schedule. ``details["lost"]`` counts the
    placements of the denominator lost to follow-up at the wave (as in :func:`follow_ups_due`
    with *grace_days*, *lost_after_attempts* and *lost_after_days*; only with *as_of*) and
    ``details["lost_by_now"]`` those lost at this wave or an earlier one (attrition).

    Returns:
        Wave → proportion estimate (unit: placement).
    """
    waves = check_schedule(schedule)
    whole_number(grace_days, "grace_days", unit="days")
    attempts_limit = check_lost(lost_after_attempts, "lost_after_attempts")
    days_limit = check_lost(lost_after_days, "lost_after_days")
    grace = timedelta(days=grace_days)
    between = check_between(started_between, "started_between")
    result: dict[int, Estimate] = {}
    placements = [
        p
        for p in caseload.placements
        if (between is None or between[0] <= p.started_on <= between[1])
        and (as_of is None or p.started_on <= as_of)
    ]
    ever_lost: set[str] = set()
    for position, wave in enumerate(waves):
        observations = []
        lost = 0
        for placement in placements:
            if as_of is not None:
                due = add_months(placement.started_on, wave)
                if due is None or due > as_of:  # None: due past the end of the calendar
                    continue
                status, _case, _attempts = _status(
                    caseload.responses_about(placement.id),
                    wave,
                    due,
                    _grace_end(due, grace),
                    as_of,
                    attempts_limit,
                    days_limit,
                )
                if status is FollowUpStatus.LOST:
                    lost += 1
                    ever_lost.add(placement.id)
            responses = caseload.responses_about(placement.id)
            needed = waves[: position + 1] if cumulative else (wave,)
            responded = all(
                (case := _case_for(responses, w)) is not None and case.responded for w in needed
            )
            observations.append(
                Observation(
                    unit_id=placement.id,
                    record_id=placement.id,
                    veteran_id=placement.veteran_id,
                    value=responded,
                    on=placement.started_on,
                    enrolment_id=placement.enrolment_id,
                    attribute_on=placement.started_on,
                )
            )
        result[wave] = summarise(
            statistic="proportion",
            observations=observations,
            unit="proportion",
            details={"lost": lost, "lost_by_now": len(ever_lost)},
            confidence=confidence,
            **retention_terms(
                wave,
                waves=waves,
                as_of=as_of,
                between=between,
                cumulative=cumulative,
                lost_after_attempts=attempts_limit,
                lost_after_days=days_limit,
            ),
        )
    return result
