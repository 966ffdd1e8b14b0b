"""Cohorts and windows: who is counted and over which dates.

* :class:`Window`: a period anchored on a veteran's exit, placement start, separation or
  registration, with offsets in calendar months/years (``relativedelta``) or whole quarters.
* :func:`exits`: programme exits, from enrolments (the default: an exit is the end of a spell
  of training) or from service contacts under the 90-day rule; each period of participation
  its own case (WIOA, the default) or the last exit of each veteran (``counting="last_exit"``).
* :func:`exit_exclusion`: the WIOA exclusions (institutionalised, medical treatment, deceased,
  reserve call-up) that take an exit out of an outcome indicator: a reason for exit recorded on
  the enrolment that ended it, or an exclusion of the veteran's dated from the start of the
  period of participation through the end of the fourth quarter after the exit quarter
  (:func:`exclusion_after_exit` is the part from the exit on).
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from typing import Literal

from attrs import field, frozen
from dateutil.relativedelta import relativedelta

from veteran_services._checks import checked, whole_number
from veteran_services.errors import InvalidInputError
from veteran_services.model import (
    Caseload,
    Enrolment,
    Exclusion,
    ExclusionReason,
    ProgrammeKind,
    Quarter,
    ServiceContact,
    Veteran,
)
from veteran_services.model.time import FIRST_QUARTER, LAST_QUARTER, quarter_index

__all__ = [
    "COUNTINGS",
    "EXCLUSION_WINDOW",
    "EXIT_RULES",
    "GAP_DAYS",
    "Anchor",
    "Counting",
    "Exit",
    "ExitRule",
    "Offset",
    "Window",
    "beyond_calendar",
    "check_between",
    "check_counting",
    "check_positive",
    "check_rule",
    "data_cutoff",
    "describe_between",
    "describe_counting",
    "describe_exclusion",
    "exclusion_after_exit",
    "exit_exclusion",
    "exit_unit_ids",
    "exits",
]

Anchor = Literal["exit", "placement_start", "separation", "registration"]
"""The event a :class:`Window` is anchored on."""

ANCHORS: tuple[Anchor, ...] = ("exit", "placement_start", "separation", "registration")

Offset = relativedelta | int
"""A window offset: calendar months/years (``relativedelta``) or whole quarters (``int``)."""

ExitRule = Literal["enrolments", "contacts"]
"""Where exits come from: enrolment end dates (default) or service contacts (90-day rule)."""

#: The exit rules (:data:`ExitRule`), as :func:`check_rule` accepts them.
EXIT_RULES: tuple[ExitRule, ...] = ("enrolments", "contacts")

Counting = Literal["periods", "last_exit"]
"""How often a veteran enters an exit cohort: once for each period of participation that ended
in it (``"periods"``, WIOA's rule and the default) or once, with the last exit
(``"last_exit"``)."""

#: The countings (:data:`Counting`), as :func:`check_counting` accepts them.
COUNTINGS: tuple[Counting, ...] = ("periods", "last_exit")

#: Days without a participation-level service after which a veteran has exited under the
#: contact rule (US WIOA's 90 days): the default *gap_days* of :func:`exits`.
GAP_DAYS = 90


# --- argument checks and texts both metric paths share ------------------------------------


@checked
def check_between(value: object, name: str) -> tuple[date, date] | None:
    """An optional inclusive ``(start, end)`` range of dates, checked: a tuple or list of two
    dates, the end not before the start; ``None`` stays ``None``.

    Every ``*_between`` argument of the metrics (object path and columnar) goes through it.

    Raises:
        InvalidInputError: naming *name*, for anything else.

    >>> check_between([date(2024, 1, 1), date(2024, 3, 31)], "between")
    (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    """
    if value is None:
        return None
    if not isinstance(value, tuple | list) or len(value) != 2:
        msg = f"{name!r} must be a (start, end) pair of dates, got {value!r}"
        raise InvalidInputError(name, msg)
    start, end = value
    if not isinstance(start, date) or not isinstance(end, date):
        msg = f"{name!r} must be a (start, end) pair of dates, got {value!r}"
        raise InvalidInputError(name, msg)
    if end < start:
        msg = f"{name!r} must not end ({end}) before it starts ({start})"
        raise InvalidInputError(name, msg)
    return start, end


@checked
def describe_between(between: tuple[date, date] | None) -> str:
    """How an estimate's cohort text names a checked range (:func:`check_between`).

    >>> describe_between((date(2024, 1, 1), date(2024, 12, 31))), describe_between(None)
    ('between 2024-01-01 and 2024-12-31', 'at any time')
    """
    if between is None:
        return "at any time"
    return f"between {between[0]} and {between[1]}"


@checked
def check_rule(rule: object) -> ExitRule:
    """An exit rule (:data:`EXIT_RULES`), checked.

    Raises:
        InvalidInputError: naming ``rule``, for anything else.
    """
    if rule == "enrolments" or rule == "contacts":
        return rule
    msg = f"'rule' must be 'enrolments' or 'contacts', got {rule!r}"
    raise InvalidInputError("rule", msg)


@checked
def check_counting(counting: object) -> Counting:
    """A counting rule (:data:`COUNTINGS`), checked.

    Raises:
        InvalidInputError: naming ``counting``, for anything else.
    """
    if counting == "periods" or counting == "last_exit":
        return counting
    msg = f"'counting' must be 'periods' or 'last_exit', got {counting!r}"
    raise InvalidInputError("counting", msg)


@checked
def describe_counting(counting: Counting) -> str:
    """How an estimate's cohort text names a counting rule.

    >>> describe_counting("periods"), describe_counting("last_exit")
    ('each period of participation', 'the last exit of each')
    """
    return "each period of participation" if counting == "periods" else "the last exit of each"


@checked
def check_positive(value: object, name: str) -> int:
    """A whole number of at least 1 (a quarter after exit, say), checked; ``True`` is not one.

    Raises:
        InvalidInputError: naming *name*, for anything else.
    """
    return whole_number(value, name, least=1)


@checked
def beyond_calendar(what: str) -> str:
    """The exclusion text of a unit whose outcome period runs past 9999-12-31, the last day a
    date can hold: such a period can never be observed.

    >>> beyond_calendar("outcome quarter 10000Q1")[:40]
    'outcome quarter 10000Q1 runs past 9999-1'
    """
    return f"{what} runs past 9999-12-31, the last day the calendar holds: it cannot be observed"


def _check_offset(instance: object, attribute: object, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, relativedelta | int):
        msg = f"window offsets must be a relativedelta or a whole number of quarters, got {value!r}"
        raise InvalidInputError("window", msg)


def _check_anchor(instance: object, attribute: object, value: object) -> None:
    if value not in ANCHORS:
        msg = f"'anchor' must be one of {', '.join(map(repr, ANCHORS))}, got {value!r}"
        raise InvalidInputError("anchor", msg)


def _describe_offset(offset: Offset, *, end: bool) -> str:
    if isinstance(offset, int):
        edge = "end" if end else "start"
        if offset == 0:
            return f"the {edge} of the anchor quarter"
        return f"the {edge} of quarter {offset:+d} after the anchor quarter"
    parts = []
    for unit in ("years", "months", "days"):
        amount = getattr(offset, unit)
        if amount:
            parts.append(f"{amount:+d} {unit}")
    return "the anchor date" + (" " + " ".join(parts) if parts else "")


@frozen(kw_only=True)
class Window:
    """A period anchored on an event of a veteran's history, both ends inclusive.

    An ``int`` offset counts whole calendar quarters from the anchor's quarter (the start of
    that quarter for *start*, its end for *end*); a ``relativedelta`` offset is added to the
    anchor date with calendar-month arithmetic.

    >>> q2 = Window.quarter_after("exit", 2)
    >>> q2.bounds(date(2017, 6, 1))
    (datetime.date(2017, 10, 1), datetime.date(2017, 12, 31))
    >>> Window.within("registration", relativedelta(months=6)).bounds(date(2024, 8, 31))
    (datetime.date(2024, 8, 31), datetime.date(2025, 2, 28))
    """

    anchor: Anchor = field(validator=_check_anchor)
    start: Offset = field(factory=relativedelta, validator=_check_offset)
    end: Offset = field(factory=relativedelta, validator=_check_offset)

    @classmethod
    def quarter_after(cls, anchor: Anchor, quarters: int) -> Window:
        """The *quarters*-th calendar quarter after the anchor's quarter (never the anchor's own
        quarter for ``quarters >= 1``)."""
        return cls(anchor=anchor, start=quarters, end=quarters)

    @classmethod
    def within(cls, anchor: Anchor, period: relativedelta) -> Window:
        """From the anchor date through the anchor date plus *period*."""
        return cls(anchor=anchor, start=relativedelta(), end=period)

    def bounds(self, anchor_date: date) -> tuple[date, date]:
        """The first and last day of the window for an anchor on *anchor_date*.

        A bound that would fall outside the calendar is clamped to its first or last day
        (0001-01-01, 9999-12-31): a window that runs past the end of the calendar ends there.

        >>> Window.quarter_after("exit", 4).bounds(date(9999, 6, 1))
        (datetime.date(9999, 12, 31), datetime.date(9999, 12, 31))
        """
        return _start(self.start, anchor_date), _end(self.end, anchor_date)

    def contains(self, anchor_date: date, day: date) -> bool:
        """Whether *day* falls in the window anchored on *anchor_date*."""
        first, last = self.bounds(anchor_date)
        return first <= day <= last

    def describe(self) -> str:
        """The window in words.

        >>> Window.quarter_after("exit", 2).describe()
        'the 2nd quarter after the exit quarter'
        """
        if isinstance(self.start, int) and self.start == self.end:
            if self.start == 0:
                return f"the {self.anchor} quarter"
            return f"the {_ordinal(self.start)} quarter after the {self.anchor} quarter"
        return (
            f"{self.anchor}: from {_describe_offset(self.start, end=False)} "
            f"through {_describe_offset(self.end, end=True)}"
        )


def _ordinal(number: int) -> str:
    if 10 <= abs(number) % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(abs(number) % 10, "th")
    return f"{number}{suffix}"


def _quarter(anchor_date: date, offset: int) -> Quarter | date:
    """The quarter *offset* quarters after the anchor's, or the calendar's first or last day
    when that quarter lies outside it."""
    index = quarter_index(anchor_date) + offset
    if index > LAST_QUARTER:
        return date.max
    if index < FIRST_QUARTER:
        return date.min
    return Quarter(year=index // 4, quarter=index % 4 + 1)


def _shifted(anchor_date: date, offset: relativedelta) -> date:
    try:
        result: date = anchor_date + offset
    except (OverflowError, ValueError):  # outside the calendar: clamp to its edge
        months = offset.years * 12 + offset.months
        forward = months > 0 if months else offset.days > 0
        return date.max if forward else date.min
    return result


def _start(offset: Offset, anchor_date: date) -> date:
    if isinstance(offset, int):
        quarter = _quarter(anchor_date, offset)
        return quarter if isinstance(quarter, date) else quarter.start
    return _shifted(anchor_date, offset)


def _end(offset: Offset, anchor_date: date) -> date:
    if isinstance(offset, int):
        quarter = _quarter(anchor_date, offset)
        return quarter if isinstance(quarter, date) else quarter.end
    return _shifted(anchor_date, offset)


#: The WIOA exclusion window: from the exit date through the end of the 4th quarter after exit.
EXCLUSION_WINDOW = Window(anchor="exit", start=relativedelta(), end=4)


@frozen(kw_only=True)
class Exit:
    """A veteran's exit from a spell of participation.

    Attributes:
        veteran_id: Who exited.
        exited_on: The exit date (the end of the last enrolment of the spell, or the last
            participation-level service date).
        began_on: The first day of the spell.
        record_id: The record the exit comes from: the enrolment that ended last (ties: the
            smallest id) or the last participation contact.
        rule: How the exit was determined.
        enrolment_ids: The enrolments of the spell (enrolment rule), sorted.
        exit_reason: The WIOA reason for exit (:attr:`Enrolment.exit_reason
            <veteran_services.model.Enrolment.exit_reason>`) recorded on an enrolment of the
            spell that ended on the exit date (the smallest id of those that hold one); None
            when none does, and always with the contact rule.
        exit_reason_record: The enrolment that holds *exit_reason*.
    """

    veteran_id: str
    exited_on: date
    began_on: date
    record_id: str
    rule: ExitRule
    enrolment_ids: tuple[str, ...] = ()
    exit_reason: ExclusionReason | None = None
    exit_reason_record: str | None = None

    @property
    def quarter(self) -> Quarter:
        """The exit quarter (never counted as an outcome quarter)."""
        return Quarter.of(self.exited_on)


def _enrolment_spells(
    enrolments: Iterable[Enrolment], as_of: date | None
) -> list[tuple[date, date | None, list[Enrolment]]]:
    """Merge overlapping or back-to-back enrolments into spells (start, end or None, members)."""
    usable = [e for e in enrolments if as_of is None or e.enrolled_on <= as_of]
    usable.sort(key=lambda e: (e.enrolled_on, e.id))
    spells: list[tuple[date, date | None, list[Enrolment]]] = []
    for enrolment in usable:
        ended = enrolment.ended_on
        if ended is not None and as_of is not None and ended > as_of:
            ended = None  # not yet ended as far as the evaluation date knows
        if spells:
            start, end, members = spells[-1]
            # (not end + 1 day, which does not exist after an enrolment ending on 9999-12-31)
            if end is None or (enrolment.enrolled_on - end).days <= 1:
                new_end = None if end is None or ended is None else max(end, ended)
                members.append(enrolment)
                spells[-1] = (start, new_end, members)
                continue
        spells.append((enrolment.enrolled_on, ended, [enrolment]))
    return spells


def _contact_spells(
    contacts: Iterable[ServiceContact], as_of: date, gap_days: int
) -> list[tuple[date, date, str, bool]]:
    """Spells of participation contacts: (first, last, last contact id, exited)."""
    services = sorted(
        (c for c in contacts if c.is_participation and c.occurred_on <= as_of),
        key=lambda c: (c.occurred_on, c.id),
    )
    spells: list[tuple[date, date, str, bool]] = []
    for contact in services:
        if spells and (contact.occurred_on - spells[-1][1]).days <= gap_days:
            first = spells[-1][0]
            spells[-1] = (first, contact.occurred_on, contact.id, False)
        else:
            spells.append((contact.occurred_on, contact.occurred_on, contact.id, False))
    return [
        (first, last, record, (as_of - last).days >= gap_days) for first, last, record, _ in spells
    ]


@checked
def exits(
    caseload: Caseload,
    *,
    between: tuple[date, date] | None = None,
    rule: ExitRule = "enrolments",
    as_of: date | None = None,
    programme_kinds: Collection[ProgrammeKind] | None = None,
    gap_days: int = GAP_DAYS,
    counting: Counting = "periods",
) -> tuple[Exit, ...]:
    """The exit cohort: every period of participation that ended in *between* (or the last
    exit of each veteran).

    Enrolment rule (default): a veteran's enrolments that overlap or follow each other without
    a free day form a spell of participation; the spell's exit date is the end date of its last
    enrolment. A spell with an enrolment still in progress (or ending after *as_of*) has not
    exited.

    Contact rule (US WIOA): participation-level contacts
    (:attr:`~veteran_services.model.ServiceContact.is_participation`) form a spell while each
    follows the previous one within *gap_days* days; follow-ups, registration and information
    contacts never extend it. The exit date is the last service date, and the veteran has
    exited only once *gap_days* days have passed with no service as of the evaluation date
    *as_of* (default: :func:`data_cutoff`). Scheduled future services are not recorded in the
    model, so they cannot delay an exit.

    Counting (*counting*): WIOA counts each period of participation as its own case, a veteran
    who re-enters and exits again as often as that happens (TEGL 10-16 Change 2, "period of
    participation"): ``"periods"``, the default, gives every exit in *between*. With
    ``"last_exit"`` a veteran with several exits in *between* counts once, with the last one.
    The result is sorted by veteran, then exit date.

    The result is remembered for the lifetime of *caseload* (caseloads are immutable), so the
    indicators that share an exit cohort find it once.

    Args:
        caseload: The records.
        between: Inclusive range of exit dates; ``None`` takes every exit.
        rule: ``"enrolments"`` or ``"contacts"``.
        as_of: The evaluation date: later records are ignored.
        programme_kinds: With the enrolment rule, only enrolments in programmes of these kinds
            count (e.g. everything but on-the-job training); ``None`` counts all.
        gap_days: Days without service that make an exit under the contact rule.
        counting: ``"periods"`` (each period of participation) or ``"last_exit"``.

    Raises:
        InvalidInputError: a bad *between*, *rule*, *gap_days* or *counting*.
    """
    window = check_between(between, "between")
    rule = check_rule(rule)
    counting = check_counting(counting)
    whole_number(gap_days, "gap_days", least=1, unit="days")
    kinds = None if programme_kinds is None else frozenset(programme_kinds)
    key = (window, rule, as_of, kinds, gap_days, counting)
    memo = _memo_for(caseload)
    if key not in memo:
        memo[key] = _find_exits(caseload, window, rule, as_of, kinds, gap_days, counting)
    return memo[key]


_MEMO: dict[int, dict[tuple[object, ...], tuple[Exit, ...]]] = {}


def _memo_for(caseload: Caseload) -> dict[tuple[object, ...], tuple[Exit, ...]]:
    """The exit cohorts already found for this caseload object (dropped with the object)."""
    key = id(caseload)
    memo = _MEMO.get(key)
    if memo is None:
        memo = _MEMO[key] = {}
        weakref.finalize(caseload, _MEMO.pop, key, None)
    return memo


def _find_exits(
    caseload: Caseload,
    window: tuple[date, date] | None,
    rule: ExitRule,
    as_of: date | None,
    kinds: frozenset[ProgrammeKind] | None,
    gap_days: int,
    counting: Counting,
) -> tuple[Exit, ...]:
    found: list[Exit] = []
    if rule == "enrolments":
        by_veteran: defaultdict[str, list[Enrolment]] = defaultdict(list)
        for enrolment in caseload.enrolments:
            if kinds is not None and _programme_kind(caseload, enrolment) not in kinds:
                continue
            by_veteran[enrolment.veteran_id].append(enrolment)
        for veteran_id, enrolments in by_veteran.items():
            mine: list[Exit] = []
            for start, end, members in _enrolment_spells(enrolments, as_of):
                if end is None or (window is not None and not window[0] <= end <= window[1]):
                    continue
                final = min(
                    (e for e in members if e.ended_on == end), key=lambda e: e.id, default=None
                )
                record = final.id if final is not None else members[-1].id
                reason = min(
                    (e for e in members if e.ended_on == end and e.exit_reason is not None),
                    key=lambda e: e.id,
                    default=None,
                )
                mine.append(
                    Exit(
                        veteran_id=veteran_id,
                        exited_on=end,
                        began_on=start,
                        record_id=record,
                        rule="enrolments",
                        enrolment_ids=tuple(sorted(e.id for e in members)),
                        exit_reason=None if reason is None else reason.exit_reason,
                        exit_reason_record=None if reason is None else reason.id,
                    )
                )
            found.extend(mine if counting == "periods" else mine[-1:])
    else:
        evaluation = as_of if as_of is not None else data_cutoff(caseload)
        if evaluation is None:
            return ()
        contacts: defaultdict[str, list[ServiceContact]] = defaultdict(list)
        for contact in caseload.contacts:
            contacts[contact.veteran_id].append(contact)
        for veteran_id, items in contacts.items():
            chosen = [
                Exit(
                    veteran_id=veteran_id,
                    exited_on=last,
                    began_on=first,
                    record_id=record,
                    rule="contacts",
                )
                for first, last, record, exited in _contact_spells(items, evaluation, gap_days)
                if exited and (window is None or window[0] <= last <= window[1])
            ]
            found.extend(chosen if counting == "periods" else chosen[-1:])
    found.sort(key=lambda x: (x.veteran_id, x.exited_on))
    return tuple(found)


def _programme_kind(caseload: Caseload, enrolment: Enrolment) -> ProgrammeKind | None:
    try:
        return caseload.programme(enrolment.programme_id).kind
    except LookupError:
        return None


@checked
def exclusion_after_exit(veteran: Veteran | None, exited_on: date) -> Exclusion | None:
    """The WIOA exclusion that applies to an exit, if any.

    An exclusion (institutionalised, medical treatment, deceased, reserve call-up) dated from
    the exit date through the end of the fourth quarter after the exit quarter takes the exiter
    out of the numerator and the denominator of every outcome indicator of that exit.

    >>> from veteran_services.model import ExclusionReason
    >>> exclusion_after_exit(None, date(2020, 1, 1)) is None
    True
    """
    if veteran is None or not veteran.exclusions:
        return None
    first, last = EXCLUSION_WINDOW.bounds(exited_on)
    return veteran.excluded_between(first, last)


@checked
def describe_exclusion(exclusion: Exclusion) -> str:
    """The text recorded in :attr:`Estimate.excluded` for a WIOA exclusion from the exit on."""
    return f"{exclusion.reason.value} on {exclusion.on} (exclusion from exit to Q4 after exit)"


@checked
def exit_exclusion(veteran: Veteran | None, exit_: Exit) -> str | None:
    """Why a WIOA exclusion takes *exit_* out of the outcome indicators (the text recorded in
    :attr:`Estimate.excluded`), or None.

    TEGL 10-16 Change 2, attachment II, table A: a participant who exits *because of*
    institutionalisation, medical treatment expected to last over 90 days, or a call to
    active duty of at least 90 days as a reservist, and a participant who is deceased, are
    left out of the numerator and denominator. In order:

    1. a reason for exit recorded on the enrolment that ended the period
       (:attr:`Exit.exit_reason`): ``"medical: the reason for exit of enrolment EN1"``;
    2. an exclusion of the veteran's (:attr:`Veteran.exclusions
       <veteran_services.model.Veteran.exclusions>`) dated during the period of participation,
       from its first day to the day before the exit: the model records no end to an
       exclusion, so the period is taken to have ended because of it
       (``"institutionalised on 2024-04-02 (exclusion during participation)"``);
    3. one dated from the exit date through the end of the 4th quarter after the exit quarter
       (:func:`exclusion_after_exit`).

    >>> exit_ = Exit(veteran_id="V1", exited_on=date(2024, 5, 31), began_on=date(2024, 3, 1),
    ...              record_id="EN1", rule="enrolments",
    ...              exit_reason=ExclusionReason.INSTITUTIONALISED, exit_reason_record="EN1")
    >>> exit_exclusion(None, exit_)
    'institutionalised: the reason for exit of enrolment EN1'
    """
    if exit_.exit_reason is not None:
        record = exit_.exit_reason_record
        return f"{exit_.exit_reason.value}: the reason for exit of enrolment {record}"
    if veteran is None or not veteran.exclusions:
        return None
    during = veteran.excluded_between(exit_.began_on, exit_.exited_on)
    if during is not None and during.on < exit_.exited_on:
        return f"{during.reason.value} on {during.on} (exclusion during participation)"
    after = exclusion_after_exit(veteran, exit_.exited_on)
    return None if after is None else describe_exclusion(after)


@checked
def exit_unit_ids(veteran_ids: Iterable[str], exited_on: Iterable[date]) -> list[str]:
    """The unit id of each exit of a cohort (veteran ids sorted, as :func:`exits` gives them):
    the veteran id, with ``@`` and the exit date when the veteran has more than one exit in
    the cohort (each period of participation its own unit).

    >>> exit_unit_ids(["V1", "V1", "V2"], [date(2024, 2, 1), date(2024, 9, 1), date(2024, 3, 1)])
    ['V1@2024-02-01', 'V1@2024-09-01', 'V2']
    """
    ids = list(veteran_ids)
    days = list(exited_on)
    count: defaultdict[str, int] = defaultdict(int)
    for veteran_id in ids:
        count[veteran_id] += 1
    return [
        f"{veteran_id}@{day.isoformat()}" if count[veteran_id] > 1 else veteran_id
        for veteran_id, day in zip(ids, days, strict=True)
    ]


@checked
def data_cutoff(caseload: Caseload) -> date | None:
    """The latest dated event in the caseload, used as the evaluation date when none is given.

    Looks at enrolment, placement and venture dates, venture snapshots, contacts and survey
    collection dates (earnings quarters are not events and are not used).
    """
    latest: date | None = None

    def see(day: date | None) -> None:
        nonlocal latest
        if day is not None and (latest is None or day > latest):
            latest = day

    for enrolment in caseload.enrolments:
        see(enrolment.enrolled_on)
        see(enrolment.ended_on)
    for placement in caseload.placements:
        see(placement.started_on)
        see(placement.ended_on)
    for venture in caseload.ventures:
        see(venture.registered_on)
        see(venture.closed_on)
        for snapshot in venture.snapshots:
            see(snapshot.as_of)
    for contact in caseload.contacts:
        see(contact.occurred_on)
    for response in caseload.responses:
        see(response.collected_on)
    return latest
