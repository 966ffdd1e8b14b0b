"""The post-placement follow-up worklist and panel retention.

Offices follow up each placement at e.g. 3, 6 and 12 months. :func:`follow_ups_due` says, for
every placement and wave, whether the follow-up is done, due, overdue or not yet due, and
:func:`panel_retention` gives the share of the placed cohort still responding at each wave
(AAPOR-style panel retention against the originally placed cohort, METHODOLOGY §6).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum

from attrs import field, frozen

from veteran_services._checks import is_whole, whole_number
from veteran_services.errors import InvalidInputError
from veteran_services.metrics._outcomes import add_months, check_between, without_gc_pauses
from veteran_services.metrics.estimates import Estimate, Observation, summarise
from veteran_services.model import Caseload, Disposition, SurveyResponse

__all__ = [
    "FollowUp",
    "FollowUpStatus",
    "Worklist",
    "follow_ups_due",
    "panel_retention",
]


class FollowUpStatus(StrEnum):
    """Where a placement's follow-up at one wave stands."""

    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"
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
        status: Done, due, overdue or not yet due, as of the worklist's date.
        response_id: The follow-up case recorded for the wave, when done.
        disposition: Its final disposition, when done.
    """

    placement_id: str
    veteran_id: str
    wave_months: int
    due_on: date
    overdue_after: date
    status: FollowUpStatus
    response_id: str | None = None
    disposition: Disposition | None = None


@frozen(kw_only=True)
class Worklist:
    """The follow-up worklist of an office as of a date.

    Attributes:
        as_of: The date the statuses refer to.
        schedule: The waves, in months.
        grace_days: Days after the due date before a follow-up is overdue.
        items: One :class:`FollowUp` per placement and wave, by due date.
        retention: Wave → panel retention estimate (:func:`panel_retention`).
    """

    as_of: date
    schedule: tuple[int, ...]
    grace_days: int
    items: tuple[FollowUp, ...]
    retention: dict[int, Estimate] = field(factory=dict, hash=False)

    def with_status(self, status: FollowUpStatus) -> tuple[FollowUp, ...]:
        """The items with *status* (e.g. the overdue ones to chase first)."""
        return tuple(item for item in self.items if item.status is status)

    def counts(self) -> dict[FollowUpStatus, int]:
        """How many items have each status."""
        tally = Counter(item.status for item in self.items)
        return {status: tally.get(status, 0) for status in FollowUpStatus}


def _check_schedule(schedule: Sequence[int]) -> tuple[int, ...]:
    waves = tuple(schedule)
    if not waves or any(not is_whole(w) or w < 1 for w in waves):
        msg = f"'schedule' must be whole numbers of months of at least 1, got {list(waves)!r}"
        raise InvalidInputError("schedule", msg)
    if len(set(waves)) != len(waves):
        msg = f"'schedule' must not repeat a wave, got {list(waves)!r}"
        raise InvalidInputError("schedule", msg)
    return tuple(sorted(waves))


def _grace_end(due: date | None, grace: timedelta) -> date:
    """The last day of the grace period after *due* (9999-12-31 at the latest)."""
    if due is None or date.max - due <= grace:
        return date.max
    return due + grace


def _case_for(responses: Sequence[SurveyResponse], wave: int) -> SurveyResponse | None:
    """The case recorded for a wave: a complete or partial interview if there is one, else the
    latest case (by collection date, then id)."""
    cases = [r for r in responses if r.wave_months == wave]
    if not cases:
        return None
    return max(cases, key=lambda r: (r.responded, r.collected_on or date.min, r.id))


@without_gc_pauses
def follow_ups_due(
    caseload: Caseload,
    *,
    as_of: date,
    schedule: Sequence[int] = (3, 6, 12),
    grace_days: int = 30,
    started_between: tuple[date, date] | None = None,
) -> Worklist:
    """The follow-up worklist: every placement × wave with its status as of *as_of*.

    A wave's follow-up is due on the placement start plus that many calendar months. It is
    *done* once a follow-up case about the placement is recorded for the wave (whatever its
    final disposition: a refusal is a final outcome too; the case is given); otherwise it is
    *not yet due* before the due date, *due* from the due date through the grace period, and
    *overdue* after. Follow-ups stay on the list when the job has ended: the wave asks about
    the veteran's situation, not only about the job. A wave whose due date would fall after
    9999-12-31 is never due (``due_on`` 9999-12-31, *not yet due*).

    Args:
        caseload: The records.
        as_of: The date of the worklist.
        schedule: The waves in months.
        grace_days: Days after the due date before a follow-up is overdue.
        started_between: Only placements started in this inclusive range.

    Returns:
        The worklist, with panel retention for the placements of the list.
    """
    waves = _check_schedule(schedule)
    whole_number(grace_days, "grace_days", unit="days")
    checked: object = as_of
    if not isinstance(checked, date):
        msg = f"'as_of' must be a date, got {as_of!r}"
        raise InvalidInputError("as_of", msg)
    between = check_between(started_between, "started_between")
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
            case = _case_for(responses, wave)
            if case is not None:
                status = FollowUpStatus.DONE
            elif due is None or as_of < due:  # None: past the end of the calendar, never due
                status = FollowUpStatus.NOT_YET_DUE
            elif as_of <= last:
                status = FollowUpStatus.DUE
            else:
                status = FollowUpStatus.OVERDUE
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
                )
            )
    items.sort(key=lambda i: (i.due_on, i.placement_id, i.wave_months))
    retention = panel_retention(caseload, schedule=waves, as_of=as_of, started_between=between)
    return Worklist(
        as_of=as_of, schedule=waves, grace_days=grace_days, items=tuple(items), retention=retention
    )


@without_gc_pauses
def panel_retention(
    caseload: Caseload,
    *,
    schedule: Sequence[int] = (3, 6, 12),
    as_of: date | None = None,
    started_between: tuple[date, date] | None = None,
    cumulative: bool = False,
    confidence: float = 0.95,
) -> dict[int, Estimate]:
    """Share of the placed cohort still responding at each wave.

    For each wave: placements whose follow-up case at that wave is a complete or partial
    interview ÷ placements of the cohort whose wave is due by *as_of* (all placements when
    *as_of* is ``None``). The denominator is always the originally placed cohort, never the
    previous wave's respondents. With *cumulative*, a placement counts only if it responded at
    this wave and at every earlier wave of the schedule.

    Returns:
        Wave → proportion estimate (unit: placement).
    """
    waves = _check_schedule(schedule)
    between = check_between(started_between, "started_between")
    result: dict[int, Estimate] = {}
    placements = [
        p
        for p in caseload.placements
        if (between is None or between[0] <= p.started_on <= between[1])
        and (as_of is None or p.started_on <= as_of)
    ]
    for position, wave in enumerate(waves):
        observations = []
        for placement in placements:
            if as_of is not None:
                due = add_months(placement.started_on, wave)
                if due is None or due > as_of:  # None: due past the end of the calendar
                    continue
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
            name=f"panel_retention_{wave}_months",
            statistic="proportion",
            observations=observations,
            unit="proportion",
            cohort="placements"
            + ("" if between is None else f" started between {between[0]} and {between[1]}")
            + ("" if as_of is None else f" whose {wave}-month follow-up was due by {as_of}"),
            window=f"the {wave}-month follow-up wave"
            + (" and every earlier wave" if cumulative else ""),
            parameters={
                "wave": wave,
                "schedule": waves,
                "as_of": as_of,
                "started_between": between,
                "cumulative": cumulative,
            },
            confidence=confidence,
            empty_reason=f"no placement's {wave}-month follow-up was due",
        )
    return result
