"""The annual MVA return: 新增自主就业退役士兵就业及去向情况表.

The return the veterans affairs system collects each year, one row per reporting unit (a
province; a city fills it by district), in persons, about the veterans who separated in the
return's year with the self-employment resettlement route (自主就业退役士兵), as they stand on
the as-of date. Its columns, lettered as on the form, are :data:`MVA_COLUMNS`; its identities
(填表说明) are :data:`MVA_IDENTITIES` and :data:`MVA_BOUNDS`.

Each person is placed in exactly one main destination by :func:`mva_destination`, following
the documented rules below (docs/guide/returns.md gives them with examples), or is left
uncounted with a reason (:class:`UncountedReason`): the return never guesses.

1. The cohort (A): the last period of service ended in the return's year and its resettlement
   route is self-employment. A veteran who separated that year with no route recorded is
   uncounted (``route_unknown``): they may or may not belong. A veteran recorded deceased on
   or before the as-of date is uncounted (``deceased``).
2. Education first (B, C): an enrolment in an academic programme (``ProgrammeKind.ACADEMIC``)
   active on the as-of date. Admission ``RESUMED`` counts in B, an admission examination in C
   (B before C if both). An academic enrolment with no admission recorded, or admitted
   without an examination, leaves the person uncounted (``admission_unknown``,
   ``admission_other``) unless another academic enrolment places them.
3. Then employment and entrepreneurship (D), by priority: entrepreneurship (H: a venture the
   veteran founded, registered and not closed on the as-of date; I for an enterprise (limited
   company, sole proprietorship, partnership), J for an individual business, K for a farmers'
   cooperative, in that order), then urban employment (E: a placement held on the as-of date,
   with any employer, platform work included, or an own-account livelihood), then farming
   (G: a farming livelihood on the as-of date). A venture of legal form ``other`` that is the
   only thing placing someone leaves them uncounted (``legal_form_other``). F counts those of
   E enrolled in vocational skills training (vocational, apprenticeship or on-the-job
   programmes) between separation and the as-of date, whatever the outcome.
4. Otherwise not yet employed (L), if the office has a record of the person since separation
   (registration, a contact or a collected survey response dated from separation to the as-of
   date); without one the person is uncounted (``no_record``): nobody knows where they are;
   when the latest survey answer on labour status since separation says employed or
   self-employed, the records miss a job and the person is uncounted (``work_unrecorded``). M
   counts those of L recognised as having employment difficulty on or before the as-of date,
   N those of M with a targeted-assistance contact (``ContactKind.DIFFICULTY_ASSISTANCE``)
   from the recognition to the as-of date.

A veteran whose region is not in the region register, or is coarser than the reporting level,
is uncounted (``region_unknown``, ``region_too_coarse``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Final

from attrs import field, frozen

from veteran_services._checks import checked, is_whole
from veteran_services.codes import RegionLevel, ancestors, register_labels
from veteran_services.errors import InvalidInputError, UnknownCodeError, UnknownRecordError
from veteran_services.model import (
    AdmissionRoute,
    Caseload,
    ContactKind,
    ExclusionReason,
    LabourStatus,
    LegalForm,
    LivelihoodKind,
    ProgrammeKind,
    Resettlement,
    Veteran,
)
from veteran_services.privacy import Suppression

__all__ = [
    "LETTERS",
    "MVA_BOUNDS",
    "MVA_COLUMNS",
    "MVA_IDENTITIES",
    "MVA_TITLE",
    "TOTAL_NAME",
    "TOTAL_UNIT",
    "VOCATIONAL_TRAINING_KINDS",
    "Bound",
    "Column",
    "Identity",
    "MvaReturn",
    "MvaRow",
    "ReturnProblem",
    "Uncounted",
    "UncountedReason",
    "check_rows",
    "mva_destination",
    "mva_self_employment_destinations",
]

#: The form's title.
MVA_TITLE: Final = "新增自主就业退役士兵就业及去向情况表"
#: The unit code and name of the total row.
TOTAL_UNIT: Final = "total"
TOTAL_NAME: Final = "合计"


@frozen(kw_only=True)
class Column:
    """One lettered column of the form.

    Attributes:
        letter: The column's letter (``"A"``).
        header: The Chinese header as on the form (``"自主就业退役士兵数"``).
        group: The header of the column group it sits under (``"学历提升"``), or None.
        english: An English gloss, for documentation.
    """

    letter: str
    header: str
    group: str | None
    english: str

    @property
    def heading(self) -> str:
        """The header with its group (``"学历提升·退役大学生士兵复学人数"``)."""
        return self.header if self.group is None else f"{self.group}·{self.header}"


#: The form's columns, A to N.
MVA_COLUMNS: Final[tuple[Column, ...]] = (
    Column(letter="A", header="自主就业退役士兵数", group=None, english="all of them"),
    Column(
        letter="B",
        header="退役大学生士兵复学人数",
        group="学历提升",
        english="resumed the studies they left to enlist",
    ),
    Column(
        letter="C",
        header="自主就业退役士兵考试入学人数",
        group="学历提升",
        english="entered education by examination",
    ),
    Column(letter="D", header="已就业人数", group="就业创业", english="employed"),
    Column(letter="E", header="城镇就业人数", group="就业创业", english="urban employment"),
    Column(
        letter="F",
        header="其中:已参加职业技能培训人数",
        group="就业创业",
        english="of E, took vocational skills training",
    ),
    Column(letter="G", header="返乡务农人数", group="就业创业", english="returned home to farm"),
    Column(letter="H", header="创业人数", group="就业创业", english="entrepreneurs"),
    Column(
        letter="I",
        header="创办中小微企业人数",
        group="就业创业",
        english="founded a small, medium or micro enterprise",
    ),
    Column(
        letter="J",
        header="成立个体工商户人数",
        group="就业创业",
        english="registered an individual business",
    ),
    Column(
        letter="K",
        header="参与农民专业合作社人数",
        group="就业创业",
        english="joined a farmers' cooperative",
    ),
    Column(letter="L", header="待就业人数", group=None, english="not yet employed"),
    Column(
        letter="M",
        header="其中:被认定为就业困难人数",
        group=None,
        english="of L, recognised as having employment difficulty",
    ),
    Column(
        letter="N",
        header="已针对性开展就业困难帮扶人数",
        group=None,
        english="of M, received targeted assistance",
    ),
)
#: The columns' letters in order.
LETTERS: Final[tuple[str, ...]] = tuple(column.letter for column in MVA_COLUMNS)


@frozen(kw_only=True)
class Identity:
    """A rule of the form: *total* equals the sum of *parts* in every row.

    >>> str(MVA_IDENTITIES[0])
    'A = B + C + D + L'
    """

    total: str
    parts: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.total} = {' + '.join(self.parts)}"


@frozen(kw_only=True)
class Bound:
    """A rule of the form: *part* is at most *whole* in every row (``F ≤ E``)."""

    part: str
    whole: str

    def __str__(self) -> str:
        return f"{self.part} ≤ {self.whole}"


#: A = B + C + D + L; D = E + G + H; H = I + J + K (so D = E + G + I + J + K).
MVA_IDENTITIES: Final[tuple[Identity, ...]] = (
    Identity(total="A", parts=("B", "C", "D", "L")),
    Identity(total="D", parts=("E", "G", "H")),
    Identity(total="H", parts=("I", "J", "K")),
)
#: F ≤ E, M ≤ L, N ≤ M.
MVA_BOUNDS: Final[tuple[Bound, ...]] = (
    Bound(part="F", whole="E"),
    Bound(part="M", whole="L"),
    Bound(part="N", whole="M"),
)
#: Programme kinds that count as vocational skills training (职业技能培训) for column F.
VOCATIONAL_TRAINING_KINDS: Final = frozenset(
    {ProgrammeKind.VOCATIONAL, ProgrammeKind.APPRENTICESHIP, ProgrammeKind.ON_THE_JOB}
)
_ENTERPRISES: Final = frozenset(
    {LegalForm.LIMITED_COMPANY, LegalForm.SOLE_PROPRIETORSHIP, LegalForm.PARTNERSHIP}
)


class UncountedReason(StrEnum):
    """Why the return leaves a veteran out of its cells (the records cannot place them)."""

    ROUTE_UNKNOWN = "route_unknown"
    DECEASED = "deceased"
    REGION_UNKNOWN = "region_unknown"
    REGION_TOO_COARSE = "region_too_coarse"
    ADMISSION_UNKNOWN = "admission_unknown"
    ADMISSION_OTHER = "admission_other"
    PROGRAMME_MISSING = "programme_missing"
    LEGAL_FORM_OTHER = "legal_form_other"
    NO_RECORD = "no_record"
    WORK_UNRECORDED = "work_unrecorded"


register_labels(
    UncountedReason,
    {
        UncountedReason.ROUTE_UNKNOWN: (
            "Separated in the year, resettlement route not recorded",
            "当年退役但未记录安置方式",
        ),
        UncountedReason.DECEASED: ("Deceased by the as-of date", "截止日期前已死亡"),
        UncountedReason.REGION_UNKNOWN: (
            "Region not in the region register",
            "所在地区代码不在区划表中",
        ),
        UncountedReason.REGION_TOO_COARSE: (
            "Region coarser than the reporting unit",
            "所在地区代码比填报单位层级更粗",
        ),
        UncountedReason.ADMISSION_UNKNOWN: (
            "In academic education, admission route not recorded",
            "在读学历教育但未记录入学方式",
        ),
        UncountedReason.ADMISSION_OTHER: (
            "In academic education, admitted without an examination",
            "在读学历教育但非复学或考试入学",
        ),
        UncountedReason.PROGRAMME_MISSING: (
            "Enrolment's programme not in the caseload",
            "培训记录所属项目不存在",
        ),
        UncountedReason.LEGAL_FORM_OTHER: (
            "Only a venture of another legal form",
            "仅有其他组织形式的创业实体",
        ),
        UncountedReason.NO_RECORD: (
            "No record of the veteran since separation",
            "退役后无任何记录",
        ),
        UncountedReason.WORK_UNRECORDED: (
            "A survey reports work the records do not show",
            "回访显示在业但无就业创业记录",
        ),
    },
)


@frozen(kw_only=True)
class Uncounted:
    """A veteran the return leaves out, with the reason.

    Attributes:
        veteran_id: The veteran.
        unit: The reporting unit's code, or None when the region cannot give one.
        reason: Why the records cannot place them.
        unit_name: The reporting unit's Chinese name, or None with the code.
    """

    veteran_id: str
    unit: str | None
    reason: UncountedReason
    unit_name: str | None = None


@frozen(kw_only=True)
class ReturnProblem:
    """A broken rule of the form in one row.

    Attributes:
        row: The row's unit name (``"玄武区"``, or ``"合计"``).
        rule: The rule (``"A = B + C + D + L"``, ``"F ≤ E"``, ``"合计 = Σ"``).
        cells: The letters of the cells involved, the left side's first.
        left: The left side's value.
        right: The right side's value.
        message: The problem for people: ``玄武区 row: A (120) ≠ B + C + D + L (118)``.
    """

    row: str
    rule: str
    cells: tuple[str, ...]
    left: int
    right: int
    message: str

    def __str__(self) -> str:
        return self.message


@frozen(kw_only=True)
class MvaRow:
    """One row of the return: a reporting unit, or the total.

    Attributes:
        unit: The unit's region code (``"320102"``), or :data:`TOTAL_UNIT` for the total row.
        name: The unit's Chinese name (``"玄武区"``, or ``"合计"``).
        counts: Letter → count of persons; None for a cell withheld by suppression.
        veterans: Letter → the ids of the veterans the cell counts (for audit; never printed,
            empty for a row read from a file).
        suppressed: The withheld cells and why (``"primary"`` or ``"secondary"``).
    """

    unit: str
    name: str
    counts: Mapping[str, int | None]
    veterans: Mapping[str, tuple[str, ...]] = field(factory=dict, repr=False, eq=False)
    suppressed: Mapping[str, Suppression] = field(factory=dict)

    def __getitem__(self, letter: str) -> int | None:
        return self.counts[letter]


@frozen(kw_only=True)
class MvaReturn:
    """The filled form.

    Attributes:
        year: The year the veterans separated in (the return's year).
        as_of: The date their destinations are read on.
        by: The level of the reporting units.
        rows: One row per reporting unit in code order, then the total row.
        uncounted: The veterans the records cannot place (not in any cell, A included; left
            out of repr, like the cells' veterans).
        suppress: The suppression threshold applied, or None.
    """

    year: int
    as_of: date
    by: RegionLevel
    rows: tuple[MvaRow, ...]
    uncounted: tuple[Uncounted, ...] = field(default=(), repr=False)
    suppress: int | None = None

    @property
    def total(self) -> MvaRow:
        """The total row."""
        return self.rows[-1]

    @property
    def complete(self) -> bool:
        """Whether every veteran of the cohort the records show is in a cell."""
        return not self.uncounted

    @checked
    def row(self, unit: str) -> MvaRow:
        """The row of the unit with code (or Chinese name) *unit*."""
        for row in self.rows:
            if unit in (row.unit, row.name):
                return row
        msg = f"'unit' must be a unit of the return, got {unit!r}"
        raise InvalidInputError("unit", msg)

    @checked
    def problems(self) -> list[ReturnProblem]:
        """Every broken rule of the form (none for a computed return)."""
        return check_rows(self.rows)

    @checked
    def uncounted_by_unit(self) -> dict[tuple[str | None, UncountedReason], int]:
        """How many veterans are uncounted, by unit code and reason."""
        tally: dict[tuple[str | None, UncountedReason], int] = defaultdict(int)
        for item in self.uncounted:
            tally[item.unit, item.reason] += 1
        return dict(sorted(tally.items(), key=lambda kv: (kv[0][0] or "", kv[0][1].value)))

    @checked
    def unit_names(self) -> dict[str, str]:
        """Unit code → Chinese name, for the rows and the uncounted veterans' units."""
        names = {
            item.unit: item.unit_name for item in self.uncounted if item.unit and item.unit_name
        }
        names.update({row.unit: row.name for row in self.rows})
        return names


# --- the rules -------------------------------------------------------------------------------


@checked
def mva_destination(
    caseload: Caseload, veteran: Veteran, *, year: int, as_of: date
) -> frozenset[str] | UncountedReason | None:
    """The cells of the return that count *veteran*.

    Returns:
        The letters of the cells (``{"A", "D", "E", "F"}``); an :class:`UncountedReason` when
        the records cannot place the veteran; None when the veteran is not in the return's
        cohort (not separated in *year*, or with another resettlement route).
    """
    separated = veteran.separated_on
    if separated is None or separated.year != year or separated > as_of:
        return None
    if veteran.resettlement is None:
        return UncountedReason.ROUTE_UNKNOWN
    if veteran.resettlement is not Resettlement.SELF_EMPLOYMENT:
        return None
    if any(e.reason is ExclusionReason.DECEASED and e.on <= as_of for e in veteran.exclusions):
        return UncountedReason.DECEASED
    education = _education(caseload, veteran, as_of)
    if education is not None:
        return education
    work = _work(caseload, veteran, separated, as_of)
    if work is not None:
        return work
    return _not_employed(caseload, veteran, separated, as_of)


def _education(
    caseload: Caseload, veteran: Veteran, as_of: date
) -> frozenset[str] | UncountedReason | None:
    routes: set[AdmissionRoute | None] = set()
    missing = False
    for enrolment in caseload.enrolments_of(veteran.id):
        if not enrolment.is_active_on(as_of):
            continue
        try:
            programme = caseload.programme(enrolment.programme_id)
        except UnknownRecordError:
            missing = True
            continue
        if programme.kind is ProgrammeKind.ACADEMIC:
            routes.add(enrolment.admission)
    if AdmissionRoute.RESUMED in routes:
        return frozenset({"A", "B"})
    if any(route is not None and route.by_examination for route in routes):
        return frozenset({"A", "C"})
    if None in routes:
        return UncountedReason.ADMISSION_UNKNOWN
    if routes:
        return UncountedReason.ADMISSION_OTHER
    if missing:
        return UncountedReason.PROGRAMME_MISSING
    return None


def _work(
    caseload: Caseload, veteran: Veteran, separated: date, as_of: date
) -> frozenset[str] | UncountedReason | None:
    forms = {v.legal_form for v in caseload.ventures_of(veteran.id) if v.is_active_on(as_of)}
    if forms & _ENTERPRISES:
        return frozenset({"A", "D", "H", "I"})
    if LegalForm.INDIVIDUAL_BUSINESS in forms:
        return frozenset({"A", "D", "H", "J"})
    if LegalForm.COOPERATIVE in forms:
        return frozenset({"A", "D", "H", "K"})
    spells = {spell.kind for spell in veteran.livelihoods if spell.is_active_on(as_of)}
    urban = LivelihoodKind.OWN_ACCOUNT in spells or any(
        placement.is_active_on(as_of) for placement in caseload.placements_of(veteran.id)
    )
    if forms and not urban:
        return UncountedReason.LEGAL_FORM_OTHER
    if urban:
        cells = {"A", "D", "E"}
        if _vocational_training(caseload, veteran, separated, as_of):
            cells.add("F")
        return frozenset(cells)
    if LivelihoodKind.FARMING in spells:
        return frozenset({"A", "D", "G"})
    return None


def _vocational_training(
    caseload: Caseload, veteran: Veteran, separated: date, as_of: date
) -> bool:
    for enrolment in caseload.enrolments_of(veteran.id):
        if not separated <= enrolment.enrolled_on <= as_of:
            continue
        try:
            kind = caseload.programme(enrolment.programme_id).kind
        except UnknownRecordError:
            continue
        if kind in VOCATIONAL_TRAINING_KINDS:
            return True
    return False


def _not_employed(
    caseload: Caseload, veteran: Veteran, separated: date, as_of: date
) -> frozenset[str] | UncountedReason:
    dates: list[date] = [c.occurred_on for c in caseload.contacts_of(veteran.id)]
    dates += [r.collected_on for r in caseload.responses_of(veteran.id) if r.collected_on]
    if veteran.registered_on is not None:
        dates.append(veteran.registered_on)
    if not any(separated <= day <= as_of for day in dates):
        return UncountedReason.NO_RECORD
    answers = [
        response
        for response in caseload.responses_of(veteran.id)
        if response.labour_status is not None
        and response.collected_on is not None
        and separated <= response.collected_on <= as_of
    ]
    if answers:
        latest = max(answers, key=lambda response: (response.collected_on, response.id))
        if latest.labour_status in (LabourStatus.EMPLOYED, LabourStatus.SELF_EMPLOYED):
            return UncountedReason.WORK_UNRECORDED
    cells = {"A", "L"}
    recognised = veteran.difficulty_recognised_on
    if recognised is not None and recognised <= as_of:
        cells.add("M")
        if any(
            contact.kind is ContactKind.DIFFICULTY_ASSISTANCE
            and recognised <= contact.occurred_on <= as_of
            for contact in caseload.contacts_of(veteran.id)
        ):
            cells.add("N")
    return frozenset(cells)


# --- the return ------------------------------------------------------------------------------


def _level(by: object) -> RegionLevel:
    level = next((member for member in RegionLevel if member.value == by), None)
    if level is None or level in (RegionLevel.COUNTRY, RegionLevel.TOWNSHIP):
        choices = ", ".join(repr(v) for v in ("province", "prefecture", "district"))
        msg = f"'by' must be one of {choices}, got {by!r}"
        raise InvalidInputError("by", msg)
    return level


def _unit(veteran: Veteran, level: RegionLevel) -> tuple[str, str] | UncountedReason:
    try:
        chain = ancestors(veteran.region)
    except UnknownCodeError:
        return UncountedReason.REGION_UNKNOWN
    for region in chain:
        if region.level is level:
            return region.code, region.name_zh
    return UncountedReason.REGION_TOO_COARSE


def _check_arguments(year: object, as_of: object, suppress: object) -> None:
    if not is_whole(year) or not 1949 <= year <= 9998:
        msg = f"'year' must be a calendar year from 1949 to 9998, got {year!r}"
        raise InvalidInputError("year", msg)
    if not isinstance(as_of, date):
        msg = f"'as_of' must be a date, got {as_of!r}"
        raise InvalidInputError("as_of", msg)
    if as_of < date(year, 12, 31):
        msg = (
            f"'as_of' must be on or after the end of the return's year ({year}-12-31): the "
            f"return counts everyone who separated in {year}, got {as_of}"
        )
        raise InvalidInputError("as_of", msg)
    if suppress is not None and (not is_whole(suppress) or suppress < 1):
        msg = f"'suppress' must be a whole number of at least 1 or None, got {suppress!r}"
        raise InvalidInputError("suppress", msg)


@checked
def mva_self_employment_destinations(
    caseload: Caseload,
    *,
    year: int,
    as_of: date,
    by: RegionLevel | str = RegionLevel.DISTRICT,
    suppress: int | None = None,
) -> MvaReturn:
    """Fill the annual return of newly separated self-employment veterans from the records.

    One row per reporting unit that has a veteran of the cohort (units in code order), then the
    total. Every cell keeps the ids of the veterans it counts (``row.veterans``, for audit;
    never printed or written). Veterans the records cannot place are in no cell and are listed
    in ``uncounted`` with the reason (the module docstring gives the rules).

    Args:
        caseload: The records.
        year: The year the veterans separated in.
        as_of: The date destinations are read on (on or after the year's last day).
        by: The reporting level: ``"district"`` (a city's return), ``"prefecture"`` or
            ``"province"``.
        suppress: Withhold cells of fewer than this many persons (and the cells that would
            give them back through a row's identities or a column's total); None (the
            default) publishes every count, as a return filed to the ministry does.

    Raises:
        InvalidInputError: a *year*, *as_of*, *by* or *suppress* that cannot be used.

    >>> from veteran_services.synthetic import generate
    >>> ret = mva_self_employment_destinations(generate(veterans=200, seed=1), year=2022,
    ...                                        as_of=date(2023, 6, 30))
    >>> ret.total.name, ret.problems()
    ('合计', [])
    """
    _check_arguments(year, as_of, suppress)
    level = _level(by)
    cells: dict[tuple[str, str], dict[str, list[str]]] = {}
    uncounted: list[Uncounted] = []
    for veteran in caseload.veterans:
        placed = mva_destination(caseload, veteran, year=year, as_of=as_of)
        if placed is None:
            continue
        unit = _unit(veteran, level)
        if isinstance(unit, UncountedReason):
            uncounted.append(Uncounted(veteran_id=veteran.id, unit=None, reason=unit))
            continue
        if isinstance(placed, UncountedReason):
            uncounted.append(
                Uncounted(veteran_id=veteran.id, unit=unit[0], unit_name=unit[1], reason=placed)
            )
            continue
        lists = cells.setdefault(unit, {letter: [] for letter in LETTERS})
        for letter in placed:
            lists[letter].append(veteran.id)
    rows = [
        _row(code, name, {letter: tuple(sorted(ids)) for letter, ids in lists.items()})
        for (code, name), lists in sorted(cells.items())
    ]
    totals = {
        letter: tuple(sorted(i for row in rows for i in row.veterans[letter])) for letter in LETTERS
    }
    rows.append(_row(TOTAL_UNIT, TOTAL_NAME, totals))
    if suppress is not None:
        rows = _suppressed(rows, suppress)
    return MvaReturn(
        year=year,
        as_of=as_of,
        by=level,
        rows=tuple(rows),
        uncounted=tuple(sorted(uncounted, key=lambda u: (u.unit or "", u.veteran_id))),
        suppress=suppress,
    )


def _row(unit: str, name: str, veterans: Mapping[str, tuple[str, ...]]) -> MvaRow:
    return MvaRow(
        unit=unit,
        name=name,
        counts={letter: len(veterans[letter]) for letter in LETTERS},
        veterans=dict(veterans),
    )


# --- checks ----------------------------------------------------------------------------------


@checked
def check_rows(rows: Sequence[MvaRow]) -> list[ReturnProblem]:
    """Every broken rule of the form in *rows*: the identities and bounds of each row, and,
    when the last row is the total, that it adds up the others column by column.

    A rule with a withheld (None) cell is not checked.

    >>> counts = (120, 10, 8, 80, 50, 20, 10, 20, 12, 6, 2, 20, 5, 3)
    >>> row = MvaRow(unit="320102", name="玄武区", counts=dict(zip(LETTERS, counts)))
    >>> [str(p) for p in check_rows([row])]
    ['玄武区 row: A (120) ≠ B + C + D + L (118)']
    """
    problems: list[ReturnProblem] = []
    for row in rows:
        problems.extend(_row_problems(row))
    units = [row for row in rows if row.unit != TOTAL_UNIT]
    if rows and rows[-1].unit == TOTAL_UNIT and units:
        total = rows[-1]
        for letter in LETTERS:
            values = [row.counts[letter] for row in units]
            left = total.counts[letter]
            if left is None or any(v is None for v in values):
                continue
            right = sum(v for v in values if v is not None)
            if left != right:
                message = (
                    f"{total.name} row: {letter} ({left}) ≠ sum of the units' {letter} ({right})"
                )
                problems.append(
                    ReturnProblem(
                        row=total.name,
                        rule=f"{letter} = Σ",
                        cells=(letter,),
                        left=left,
                        right=right,
                        message=message,
                    )
                )
    return problems


def _row_problems(row: MvaRow) -> Iterable[ReturnProblem]:
    counts = row.counts
    for identity in MVA_IDENTITIES:
        left = counts[identity.total]
        parts = [counts[letter] for letter in identity.parts]
        if left is None or any(part is None for part in parts):
            continue
        right = sum(part for part in parts if part is not None)
        if left != right:
            yield ReturnProblem(
                row=row.name,
                rule=str(identity),
                cells=(identity.total, *identity.parts),
                left=left,
                right=right,
                message=f"{row.name} row: {identity.total} ({left}) ≠ "
                f"{' + '.join(identity.parts)} ({right})",
            )
    for bound in MVA_BOUNDS:
        part, whole = counts[bound.part], counts[bound.whole]
        if part is None or whole is None or part <= whole:
            continue
        yield ReturnProblem(
            row=row.name,
            rule=str(bound),
            cells=(bound.part, bound.whole),
            left=part,
            right=whole,
            message=f"{row.name} row: {bound.part} ({part}) > {bound.whole} ({whole}), "
            f"must be at most {bound.whole}",
        )


# --- suppression -----------------------------------------------------------------------------


def _suppressed(rows: list[MvaRow], min_cell: int) -> list[MvaRow]:
    """Rows with small cells withheld (primary) and the cells that would give one back
    (secondary): within a row, an identity with exactly one withheld cell has its smallest other
    non-empty cell withheld too; within a column, the same across the unit rows and the total.
    Repeated until nothing changes. This stops recovery by one subtraction; it is not a full
    audit of every linear combination."""
    counts = [dict(row.counts) for row in rows]
    kinds: list[dict[str, Suppression]] = [
        {letter: "primary" for letter, n in c.items() if n is not None and 0 < n < min_cell}
        for c in counts
    ]
    groups: list[list[tuple[int, str]]] = [
        [(index, letter) for letter in (identity.total, *identity.parts)]
        for index in range(len(rows))
        for identity in MVA_IDENTITIES
    ]
    groups += [[(index, letter) for index in range(len(rows))] for letter in LETTERS]
    changed = True
    while changed:
        changed = False
        for group in groups:
            withheld = [cell for cell in group if cell[1] in kinds[cell[0]]]
            if len(withheld) != 1:
                continue
            open_cells = sorted(
                (counts[i][letter] or 0, i, letter)
                for i, letter in group
                if letter not in kinds[i] and (counts[i][letter] or 0) > 0
            )
            if open_cells:
                _, i, letter = open_cells[0]
                kinds[i][letter] = "secondary"
                changed = True
    return [
        MvaRow(
            unit=row.unit,
            name=row.name,
            counts={k: (None if k in kinds[i] else v) for k, v in row.counts.items()},
            veterans=row.veterans,
            suppressed={k: kinds[i][k] for k in LETTERS if k in kinds[i]},
        )
        for i, row in enumerate(rows)
    ]
