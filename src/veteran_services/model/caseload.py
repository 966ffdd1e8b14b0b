"""The caseload: every record of a service, with lookups and a cross-record check."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from enum import StrEnum
from typing import Any, Final, TypeVar

from attrs import evolve, field, frozen

from veteran_services import codes
from veteran_services._checks import checked, checks_itself, text, whole
from veteran_services.codes import register_labels
from veteran_services.errors import (
    InvalidCaseloadError,
    InvalidInputError,
    UnknownCodeError,
    UnknownRecordError,
)
from veteran_services.model._validators import records_of, to_tuple
from veteran_services.model.employment import EarningsRecord, Employer, Placement
from veteran_services.model.people import Veteran
from veteran_services.model.services import ServiceContact
from veteran_services.model.surveys import Instrument, Question, SurveyResponse
from veteran_services.model.training import Enrolment, Programme, TrainingProvider
from veteran_services.model.ventures import Venture

__all__ = ["RECORD_KINDS", "Caseload", "Problem", "ProblemCode", "Severity"]

_R = TypeVar("_R")

#: The record kinds of a caseload, in the order they are written and read.
RECORD_KINDS: Final = (
    "veterans",
    "providers",
    "programmes",
    "enrolments",
    "employers",
    "placements",
    "ventures",
    "earnings",
    "contacts",
    "instruments",
    "responses",
)


class Severity(StrEnum):
    """How serious a problem found by :meth:`Caseload.check` is."""

    ERROR = "error"
    WARNING = "warning"


class ProblemCode(StrEnum):
    """Stable codes of the problems :meth:`Caseload.check` finds."""

    DUPLICATE_ID = "duplicate-id"
    DANGLING_REFERENCE = "dangling-reference"
    PLACEMENT_BEFORE_SERVICE = "placement-before-service"
    CREDENTIAL_BEFORE_ENROLMENT = "credential-before-enrolment"
    SKILL_GAIN_BEFORE_ENROLMENT = "skill-gain-before-enrolment"
    RESPONSE_BEFORE_PLACEMENT = "response-before-placement"
    RESPONSE_PLACEMENT_MISMATCH = "response-placement-mismatch"
    PLACEMENT_ENROLMENT_MISMATCH = "placement-enrolment-mismatch"
    UNKNOWN_QUESTION = "unknown-question"
    ANSWER_OUT_OF_SCALE = "answer-out-of-scale"
    INSTRUMENT_VERSION_MISMATCH = "instrument-version-mismatch"
    DUPLICATE_EARNINGS = "duplicate-earnings"
    UNKNOWN_REGION = "unknown-region"


register_labels(
    Severity, {Severity.ERROR: ("Error", "错误"), Severity.WARNING: ("Warning", "警告")}
)
register_labels(
    ProblemCode,
    {
        ProblemCode.DUPLICATE_ID: ("Duplicate id", "编号重复"),
        ProblemCode.DANGLING_REFERENCE: ("Reference to a missing record", "引用的记录不存在"),
        ProblemCode.PLACEMENT_BEFORE_SERVICE: (
            "Placement before the start of service",
            "就业早于入伍",
        ),
        ProblemCode.CREDENTIAL_BEFORE_ENROLMENT: (
            "Credential before enrolment",
            "证书早于入学",
        ),
        ProblemCode.SKILL_GAIN_BEFORE_ENROLMENT: (
            "Skill gain before enrolment",
            "技能提升早于入学",
        ),
        ProblemCode.RESPONSE_BEFORE_PLACEMENT: (
            "Follow-up collected before the placement started",
            "回访早于就业",
        ),
        ProblemCode.RESPONSE_PLACEMENT_MISMATCH: (
            "Follow-up about another veteran's placement",
            "回访对象与就业记录不符",
        ),
        ProblemCode.PLACEMENT_ENROLMENT_MISMATCH: (
            "Placement linked to another veteran's enrolment",
            "就业关联的培训属于他人",
        ),
        ProblemCode.UNKNOWN_QUESTION: ("Answer to an unknown question", "答案对应的题目不存在"),
        ProblemCode.ANSWER_OUT_OF_SCALE: ("Answer outside the question's scale", "答案超出量表"),
        ProblemCode.INSTRUMENT_VERSION_MISMATCH: (
            "Unknown instrument version",
            "问卷版本不存在",
        ),
        ProblemCode.DUPLICATE_EARNINGS: (
            "Earnings recorded twice for one employer and quarter",
            "同一单位同一季度收入重复",
        ),
        ProblemCode.UNKNOWN_REGION: ("Region not in the code list", "地区代码未知"),
    },
)


@frozen(kw_only=True)
class Problem:
    """One problem found by :meth:`Caseload.check` (or by another checker of the library, such as
    ``scoring.check_market``, whose ``code`` is a string enum of its own: the model's
    :class:`ProblemCode` lists only what :meth:`Caseload.check` finds).

    Attributes:
        severity: An error or a warning.
        code: What kind of problem it is (a stable code).
        kind: The record kind of the record concerned (``"placements"``).
        record_id: The id of the record concerned.
        message: What is wrong, naming the field and quoting the value.
        field: The field of the record the problem is about (``"employer_id"``; ``"id"`` for
            a repeated id, ``"answers"`` for an answer, ``"credentials"`` for a credential), or
            ``None`` when it is about the record as a whole. :meth:`Caseload.check` fills it
            in for every :class:`ProblemCode`. Its text is not part of :func:`str`.

    >>> problem = Problem(severity=Severity.ERROR, code=ProblemCode.DANGLING_REFERENCE,
    ...                   kind="placements", record_id="P1", field="employer_id",
    ...                   message="'employer_id' refers to a missing employer 'E9'")
    >>> str(problem)
    "error dangling-reference placements 'P1': 'employer_id' refers to a missing employer 'E9'"
    >>> problem.field
    'employer_id'
    """

    severity: Severity
    code: ProblemCode | StrEnum
    kind: str
    record_id: str
    message: str
    field: str | None = None

    def __str__(self) -> str:
        return f"{self.severity} {self.code} {self.kind} {self.record_id!r}: {self.message}"


def _id(record: Any) -> str:
    return str(record.id)


def _instrument_key(instrument: Instrument) -> tuple[str, int]:
    return (instrument.id, instrument.version)


_EXTRA_KEYS: Final[Mapping[str, Callable[[Any], object]]] = {"instruments": _instrument_key}


@frozen(kw_only=True)
class Caseload:
    """Every record of a veterans' service: one tuple per record kind.

    Lookups by id (``caseload.veteran("V1")``) build an index on first use and are O(1) after.
    :meth:`check` finds every cross-record problem; :meth:`validate` raises if any is an error.
    """

    veterans: tuple[Veteran, ...] = field(
        default=(), converter=to_tuple, validator=records_of(Veteran)
    )
    providers: tuple[TrainingProvider, ...] = field(
        default=(), converter=to_tuple, validator=records_of(TrainingProvider)
    )
    programmes: tuple[Programme, ...] = field(
        default=(), converter=to_tuple, validator=records_of(Programme)
    )
    enrolments: tuple[Enrolment, ...] = field(
        default=(), converter=to_tuple, validator=records_of(Enrolment)
    )
    employers: tuple[Employer, ...] = field(
        default=(), converter=to_tuple, validator=records_of(Employer)
    )
    placements: tuple[Placement, ...] = field(
        default=(), converter=to_tuple, validator=records_of(Placement)
    )
    ventures: tuple[Venture, ...] = field(
        default=(), converter=to_tuple, validator=records_of(Venture)
    )
    earnings: tuple[EarningsRecord, ...] = field(
        default=(), converter=to_tuple, validator=records_of(EarningsRecord)
    )
    contacts: tuple[ServiceContact, ...] = field(
        default=(), converter=to_tuple, validator=records_of(ServiceContact)
    )
    instruments: tuple[Instrument, ...] = field(
        default=(), converter=to_tuple, validator=records_of(Instrument)
    )
    responses: tuple[SurveyResponse, ...] = field(
        default=(), converter=to_tuple, validator=records_of(SurveyResponse)
    )
    _cache: dict[object, Any] = field(factory=dict, init=False, repr=False, eq=False, hash=False)

    # --- generic access ---------------------------------------------------------------

    @checked
    def records(self, kind: str) -> tuple[Any, ...]:
        """The records of *kind* (one of :data:`RECORD_KINDS`)."""
        if kind not in RECORD_KINDS:
            msg = f"'kind' must be one of {', '.join(RECORD_KINDS)}, got {kind!r}"
            raise InvalidInputError("kind", msg)
        records: tuple[Any, ...] = getattr(self, kind)
        return records

    @checked
    def counts(self) -> dict[str, int]:
        """The number of records of each kind."""
        return {kind: len(self.records(kind)) for kind in RECORD_KINDS}

    @checked
    def replace(self, **changes: Any) -> Caseload:
        """A copy with some record kinds replaced (``caseload.replace(placements=...)``)."""
        return evolve(self, **changes)

    def _memo(self, key: object, build: Callable[[], _R]) -> _R:
        try:
            value: _R = self._cache[key]
        except KeyError:
            value = self._cache[key] = build()
        return value

    def _by_id(self, kind: str) -> dict[str, Any]:
        # Lookups sit on the metrics' hot paths: try the cache before building anything.
        index: dict[str, Any] | None = self._cache.get(("id", kind))
        if index is None:
            # Built from the end, so that the first of duplicated ids wins.
            index = {record.id: record for record in reversed(self.records(kind))}
            self._cache[("id", kind)] = index
        return index

    def _lookup(self, kind: str, record_id: str) -> Any:
        try:
            return self._by_id(kind)[record_id]
        except KeyError:
            raise UnknownRecordError(kind, record_id) from None

    def _grouped(self, kind: str, key: str) -> dict[str, tuple[Any, ...]]:
        cached: dict[str, tuple[Any, ...]] | None = self._cache.get(("group", kind, key))
        if cached is not None:
            return cached
        groups: defaultdict[str, list[Any]] = defaultdict(list)
        for record in self.records(kind):
            value = getattr(record, key)
            if value is not None:
                groups[value].append(record)
        built = {k: tuple(v) for k, v in groups.items()}
        self._cache[("group", kind, key)] = built
        return built

    # --- lookups by id -----------------------------------------------------------------

    @checks_itself
    def veteran(self, veteran_id: str) -> Veteran:
        """The veteran with *veteran_id* (raises :class:`UnknownRecordError` if none)."""
        if type(veteran_id) is not str:
            veteran_id = text(veteran_id, "veteran_id")
        record: Veteran = self._lookup("veterans", veteran_id)
        return record

    @checks_itself
    def provider(self, provider_id: str) -> TrainingProvider:
        """The training provider with *provider_id*."""
        if type(provider_id) is not str:
            provider_id = text(provider_id, "provider_id")
        record: TrainingProvider = self._lookup("providers", provider_id)
        return record

    @checks_itself
    def programme(self, programme_id: str) -> Programme:
        """The programme with *programme_id*."""
        if type(programme_id) is not str:
            programme_id = text(programme_id, "programme_id")
        record: Programme = self._lookup("programmes", programme_id)
        return record

    @checks_itself
    def enrolment(self, enrolment_id: str) -> Enrolment:
        """The enrolment with *enrolment_id*."""
        if type(enrolment_id) is not str:
            enrolment_id = text(enrolment_id, "enrolment_id")
        record: Enrolment = self._lookup("enrolments", enrolment_id)
        return record

    @checks_itself
    def employer(self, employer_id: str) -> Employer:
        """The employer with *employer_id*."""
        if type(employer_id) is not str:
            employer_id = text(employer_id, "employer_id")
        record: Employer = self._lookup("employers", employer_id)
        return record

    @checks_itself
    def placement(self, placement_id: str) -> Placement:
        """The placement with *placement_id*."""
        if type(placement_id) is not str:
            placement_id = text(placement_id, "placement_id")
        record: Placement = self._lookup("placements", placement_id)
        return record

    @checks_itself
    def venture(self, venture_id: str) -> Venture:
        """The venture with *venture_id*."""
        if type(venture_id) is not str:
            venture_id = text(venture_id, "venture_id")
        record: Venture = self._lookup("ventures", venture_id)
        return record

    @checks_itself
    def contact(self, contact_id: str) -> ServiceContact:
        """The service contact with *contact_id*."""
        if type(contact_id) is not str:
            contact_id = text(contact_id, "contact_id")
        record: ServiceContact = self._lookup("contacts", contact_id)
        return record

    @checks_itself
    def response(self, response_id: str) -> SurveyResponse:
        """The survey response with *response_id*."""
        if type(response_id) is not str:
            response_id = text(response_id, "response_id")
        record: SurveyResponse = self._lookup("responses", response_id)
        return record

    @checks_itself
    def instrument(self, instrument_id: str, version: int | None = None) -> Instrument:
        """The instrument with *instrument_id*: that *version*, or the latest."""
        if type(instrument_id) is not str:
            instrument_id = text(instrument_id, "instrument_id")
        if version is not None and type(version) is not int:
            version = whole(version, "version")

        def build() -> dict[str, dict[int, Instrument]]:
            index: dict[str, dict[int, Instrument]] = defaultdict(dict)
            for instrument in self.instruments:
                index[instrument.id].setdefault(instrument.version, instrument)
            return dict(index)

        versions = self._memo("instrument-versions", build).get(instrument_id)
        if not versions:
            raise UnknownRecordError("instruments", instrument_id)
        if version is None:
            return versions[max(versions)]
        try:
            return versions[version]
        except KeyError:
            raise UnknownRecordError("instruments", f"{instrument_id} v{version}") from None

    # --- related records --------------------------------------------------------------

    @checks_itself
    def placements_of(self, veteran_id: str) -> tuple[Placement, ...]:
        """The veteran's placements, in caseload order."""
        if type(veteran_id) is not str:
            veteran_id = text(veteran_id, "veteran_id")
        return self._grouped("placements", "veteran_id").get(veteran_id, ())

    @checks_itself
    def enrolments_of(self, veteran_id: str) -> tuple[Enrolment, ...]:
        """The veteran's enrolments, in caseload order."""
        if type(veteran_id) is not str:
            veteran_id = text(veteran_id, "veteran_id")
        return self._grouped("enrolments", "veteran_id").get(veteran_id, ())

    @checks_itself
    def contacts_of(self, veteran_id: str) -> tuple[ServiceContact, ...]:
        """The veteran's service contacts, in caseload order."""
        if type(veteran_id) is not str:
            veteran_id = text(veteran_id, "veteran_id")
        return self._grouped("contacts", "veteran_id").get(veteran_id, ())

    @checks_itself
    def earnings_of(self, veteran_id: str) -> tuple[EarningsRecord, ...]:
        """The veteran's earnings records, in caseload order."""
        if type(veteran_id) is not str:
            veteran_id = text(veteran_id, "veteran_id")
        return self._grouped("earnings", "veteran_id").get(veteran_id, ())

    @checks_itself
    def responses_of(self, veteran_id: str) -> tuple[SurveyResponse, ...]:
        """The survey responses of the veteran, in caseload order."""
        if type(veteran_id) is not str:
            veteran_id = text(veteran_id, "veteran_id")
        return self._grouped("responses", "veteran_id").get(veteran_id, ())

    @checks_itself
    def responses_about(self, placement_id: str) -> tuple[SurveyResponse, ...]:
        """The follow-up responses about a placement, in caseload order."""
        if type(placement_id) is not str:
            placement_id = text(placement_id, "placement_id")
        return self._grouped("responses", "placement_id").get(placement_id, ())

    @checks_itself
    def ventures_of(self, veteran_id: str) -> tuple[Venture, ...]:
        """The ventures the veteran founded or co-founded."""
        if type(veteran_id) is not str:
            veteran_id = text(veteran_id, "veteran_id")

        def build() -> dict[str, tuple[Venture, ...]]:
            groups: defaultdict[str, list[Venture]] = defaultdict(list)
            for venture in self.ventures:
                for founder in venture.founder_ids:
                    groups[founder].append(venture)
            return {k: tuple(v) for k, v in groups.items()}

        return self._memo("ventures-of", build).get(veteran_id, ())

    @checks_itself
    def enrolments_in(self, programme_id: str) -> tuple[Enrolment, ...]:
        """The enrolments in a programme."""
        if type(programme_id) is not str:
            programme_id = text(programme_id, "programme_id")
        return self._grouped("enrolments", "programme_id").get(programme_id, ())

    # --- checking ---------------------------------------------------------------------

    @checked
    def check(self) -> list[Problem]:
        """Every problem across records: duplicates, dangling references, dates out of order,
        answers that do not fit their instrument, unknown regions (a warning).

        Records are checked on their own at construction; this finds what only the whole
        caseload shows. The result is sorted by kind, record id and code, so it is the same
        whatever the order of the records.
        """
        # Identical duplicate records give identical problems: report each once.
        problems = list(dict.fromkeys(_check(self)))
        problems.sort(key=lambda p: (RECORD_KINDS.index(p.kind), p.record_id, p.code, p.message))
        return problems

    @checked
    def validate(self) -> None:
        """Raise :class:`InvalidCaseloadError` listing every error :meth:`check` finds."""
        errors = [p for p in self.check() if p.severity is Severity.ERROR]
        if errors:
            raise InvalidCaseloadError(errors)


#: The field each problem code is about, when it does not depend on the record.
_PROBLEM_FIELDS: Final[Mapping[ProblemCode, str]] = {
    ProblemCode.DUPLICATE_ID: "id",
    ProblemCode.PLACEMENT_BEFORE_SERVICE: "started_on",
    ProblemCode.CREDENTIAL_BEFORE_ENROLMENT: "credentials",
    ProblemCode.SKILL_GAIN_BEFORE_ENROLMENT: "skill_gains",
    ProblemCode.RESPONSE_BEFORE_PLACEMENT: "collected_on",
    ProblemCode.RESPONSE_PLACEMENT_MISMATCH: "placement_id",
    ProblemCode.PLACEMENT_ENROLMENT_MISMATCH: "enrolment_id",
    ProblemCode.UNKNOWN_QUESTION: "answers",
    ProblemCode.ANSWER_OUT_OF_SCALE: "answers",
    ProblemCode.INSTRUMENT_VERSION_MISMATCH: "instrument_version",
    ProblemCode.DUPLICATE_EARNINGS: "quarter",
    ProblemCode.UNKNOWN_REGION: "region",
}


def _error(
    code: ProblemCode, kind: str, record_id: str, message: str, field_name: str | None = None
) -> Problem:
    return Problem(
        severity=Severity.ERROR,
        code=code,
        kind=kind,
        record_id=record_id,
        message=message,
        field=field_name if field_name is not None else _PROBLEM_FIELDS[code],
    )


# --- each problem's message, once: Caseload.check and the columnar check build them here ---


def duplicate_id_problem(kind: str, record_id: str, version: int | None = None) -> Problem:
    """A repeated id (an instrument's: its id and *version*)."""
    label = f"{record_id!r} version {version}" if kind == "instruments" else repr(record_id)
    return _error(
        ProblemCode.DUPLICATE_ID, kind, record_id, f"the id {label} is used more than once"
    )


def earnings_id(veteran_id: str, employer_id: str, quarter: object) -> str:
    """The record id of an earnings record in a problem: ``V1/E1/2024Q1``."""
    return f"{veteran_id}/{employer_id}/{quarter}"


def duplicate_earnings_problem(veteran_id: str, employer_id: str, quarter: object) -> Problem:
    """Earnings of one veteran from one employer in one *quarter* recorded more than once."""
    return Problem(
        severity=Severity.WARNING,
        code=ProblemCode.DUPLICATE_EARNINGS,
        kind="earnings",
        record_id=earnings_id(veteran_id, employer_id, quarter),
        message=(
            f"earnings from {employer_id!r} in {quarter} are recorded "
            "more than once; they will be added together"
        ),
        field=_PROBLEM_FIELDS[ProblemCode.DUPLICATE_EARNINGS],
    )


def dangling_problem(
    kind: str, record_id: str, field_name: str, target: str, value: str
) -> Problem:
    """*field_name* of a record refers to a *target* record (``"employer"``) that is missing."""
    return _error(
        ProblemCode.DANGLING_REFERENCE,
        kind,
        record_id,
        f"{field_name!r} refers to a missing {target} {value!r}",
        field_name,
    )


def enrolment_mismatch_problem(
    placement_id: str, enrolment_id: str, enrolled: str, placed: str
) -> Problem:
    """A placement of veteran *placed* linked to an enrolment of veteran *enrolled*."""
    return _error(
        ProblemCode.PLACEMENT_ENROLMENT_MISMATCH,
        "placements",
        placement_id,
        f"'enrolment_id' {enrolment_id!r} is an enrolment of veteran "
        f"{enrolled!r}, not of {placed!r}",
    )


def placement_mismatch_problem(
    response_id: str, placement_id: str, placed: str, responding: str
) -> Problem:
    """A follow-up of veteran *responding* about a placement of veteran *placed*."""
    return _error(
        ProblemCode.RESPONSE_PLACEMENT_MISMATCH,
        "responses",
        response_id,
        f"'placement_id' {placement_id!r} is a placement of veteran "
        f"{placed!r}, not of {responding!r}",
    )


def placement_before_service_problem(
    placement_id: str, service_start: date, started_on: date
) -> Problem:
    """A placement started before the veteran's first period of service."""
    return _error(
        ProblemCode.PLACEMENT_BEFORE_SERVICE,
        "placements",
        placement_id,
        f"'started_on' must not precede the veteran's first service start "
        f"({service_start}), got {started_on}",
    )


def credential_before_enrolment_problem(
    enrolment_id: str, title: str, enrolled_on: date, awarded_on: date
) -> Problem:
    """A credential of an enrolment awarded before the enrolment."""
    return _error(
        ProblemCode.CREDENTIAL_BEFORE_ENROLMENT,
        "enrolments",
        enrolment_id,
        f"credential {title!r} 'awarded_on' must not precede "
        f"'enrolled_on' ({enrolled_on}), got {awarded_on}",
    )


def skill_gain_before_enrolment_problem(
    enrolment_id: str, kind: str, enrolled_on: date, achieved_on: date
) -> Problem:
    """A skill gain (of *kind*, the enum's value) achieved before the enrolment."""
    return _error(
        ProblemCode.SKILL_GAIN_BEFORE_ENROLMENT,
        "enrolments",
        enrolment_id,
        f"skill gain {kind!r} 'achieved_on' must not precede "
        f"'enrolled_on' ({enrolled_on}), got {achieved_on}",
    )


def response_before_placement_problem(
    response_id: str, started_on: date, collected_on: date
) -> Problem:
    """A follow-up collected before the placement it is about started."""
    return _error(
        ProblemCode.RESPONSE_BEFORE_PLACEMENT,
        "responses",
        response_id,
        f"'collected_on' must not precede the placement's 'started_on' "
        f"({started_on}), got {collected_on}",
    )


def version_mismatch_problem(response_id: str, version: int, instrument_id: str) -> Problem:
    """A response to a version of an instrument that the caseload does not hold."""
    return _error(
        ProblemCode.INSTRUMENT_VERSION_MISMATCH,
        "responses",
        response_id,
        f"'instrument_version' {version} is not a version of instrument {instrument_id!r}",
    )


def unknown_question_problem(
    response_id: str, question_id: str, instrument_id: str, version: int
) -> Problem:
    """An answer to a question the instrument (that version) does not have."""
    return _error(
        ProblemCode.UNKNOWN_QUESTION,
        "responses",
        response_id,
        f"answers question {question_id!r}, which instrument "
        f"{instrument_id!r} version {version} does not have",
    )


def out_of_scale_problem(response_id: str, question_id: str, problem: str) -> Problem:
    """An answer outside its question's scale; *problem* is what the scale says
    (:meth:`LikertScale.problem <veteran_services.model.LikertScale.problem>` ...)."""
    return _error(
        ProblemCode.ANSWER_OUT_OF_SCALE,
        "responses",
        response_id,
        f"the answer to {question_id!r} {problem}",
    )


def unknown_region_problem(kind: str, record_id: str, region: str) -> Problem:
    """A region code that is not in the region code list (a warning)."""
    return Problem(
        severity=Severity.WARNING,
        code=ProblemCode.UNKNOWN_REGION,
        kind=kind,
        record_id=record_id,
        message=(
            f"'region' {region!r} is not in the region code list; "
            "add it with veteran_services.codes.add_region"
        ),
        field=_PROBLEM_FIELDS[ProblemCode.UNKNOWN_REGION],
    )


#: The kinds whose records carry a region code, checked against the code list.
REGION_KINDS: Final = ("veterans", "providers", "employers", "ventures")


def is_known_region(code: str) -> bool:
    """Whether *code* is in the region code list (:func:`veteran_services.codes.region`)."""
    try:
        codes.region(code)
    except UnknownCodeError:
        return False
    return True


def _check(caseload: Caseload) -> Iterator[Problem]:
    yield from _duplicates(caseload)
    yield from _references(caseload)
    yield from _dates(caseload)
    yield from _answers(caseload)
    yield from _regions(caseload)


def _every(
    caseload: Caseload, kind: str, key: Callable[[Any], object] = _id
) -> Callable[[object], tuple[Any, ...]]:
    """All records of *kind* under each key: the cross-record checks look at every record with
    a duplicated id, so that their findings do not depend on which duplicate comes first."""

    def build() -> dict[object, tuple[Any, ...]]:
        records = caseload.records(kind)
        groups: defaultdict[object, list[Any]] = defaultdict(list)
        for record in records:
            groups[key(record)].append(record)
        return {k: tuple(v) for k, v in groups.items()}

    if key is _id and len(caseload._by_id(kind)) == len(caseload.records(kind)):
        # No duplicated id (the usual case): the lookup index already holds every record.
        index = caseload._by_id(kind)
        return lambda k: (index[k],) if k in index else ()
    name = "versions" if key is _instrument_key else "ids"
    groups = caseload._memo(f"every:{kind}:{name}", build)
    return lambda k: groups.get(k, ())


def _duplicates(caseload: Caseload) -> Iterator[Problem]:
    for kind in RECORD_KINDS:
        if kind == "earnings":
            continue
        key = _EXTRA_KEYS.get(kind, _id)
        if key is _id and len(caseload._by_id(kind)) == len(caseload.records(kind)):
            continue  # every id is distinct (the index is needed by the lookups anyway)
        seen: set[object] = set()
        reported: set[object] = set()
        for record in caseload.records(kind):
            k = key(record)
            if k in seen and k not in reported:
                reported.add(k)
                version = record.version if kind == "instruments" else None
                yield duplicate_id_problem(kind, record.id, version)
            seen.add(k)
    cells: set[tuple[str, str, int, int]] = set()
    for earning in caseload.earnings:
        quarter = earning.quarter  # hashing plain ints is much cheaper than hashing a Quarter
        cell = (earning.veteran_id, earning.employer_id, quarter.year, quarter.quarter)
        if cell in cells:
            yield duplicate_earnings_problem(earning.veteran_id, earning.employer_id, quarter)
        cells.add(cell)


def _references(caseload: Caseload) -> Iterator[Problem]:
    ids = {kind: caseload._by_id(kind) for kind in RECORD_KINDS if kind != "earnings"}
    enrolments = _every(caseload, "enrolments")
    placements = _every(caseload, "placements")

    dangling = dangling_problem
    for programme in caseload.programmes:
        if programme.provider_id not in ids["providers"]:
            yield dangling(
                "programmes", programme.id, "provider_id", "provider", programme.provider_id
            )
    for enrolment in caseload.enrolments:
        if enrolment.veteran_id not in ids["veterans"]:
            yield dangling(
                "enrolments", enrolment.id, "veteran_id", "veteran", enrolment.veteran_id
            )
        if enrolment.programme_id not in ids["programmes"]:
            yield dangling(
                "enrolments", enrolment.id, "programme_id", "programme", enrolment.programme_id
            )
    for placement in caseload.placements:
        if placement.veteran_id not in ids["veterans"]:
            yield dangling(
                "placements", placement.id, "veteran_id", "veteran", placement.veteran_id
            )
        if placement.employer_id not in ids["employers"]:
            yield dangling(
                "placements", placement.id, "employer_id", "employer", placement.employer_id
            )
        if placement.enrolment_id is not None:
            linked_all = enrolments(placement.enrolment_id)
            if not linked_all:
                yield dangling(
                    "placements", placement.id, "enrolment_id", "enrolment", placement.enrolment_id
                )
            for linked in linked_all:
                if linked.veteran_id == placement.veteran_id:
                    continue
                yield enrolment_mismatch_problem(
                    placement.id, placement.enrolment_id, linked.veteran_id, placement.veteran_id
                )
    for venture in caseload.ventures:
        for founder in venture.founder_ids:
            if founder not in ids["veterans"]:
                yield dangling("ventures", venture.id, "founder_ids", "veteran", founder)
    veterans, employers = ids["veterans"], ids["employers"]
    for earning in caseload.earnings:
        if earning.veteran_id in veterans and earning.employer_id in employers:
            continue  # the usual case: no record id to spell out
        record_id = earnings_id(earning.veteran_id, earning.employer_id, earning.quarter)
        if earning.veteran_id not in veterans:
            yield dangling("earnings", record_id, "veteran_id", "veteran", earning.veteran_id)
        if earning.employer_id not in employers:
            yield dangling("earnings", record_id, "employer_id", "employer", earning.employer_id)
    for contact in caseload.contacts:
        if contact.veteran_id not in ids["veterans"]:
            yield dangling("contacts", contact.id, "veteran_id", "veteran", contact.veteran_id)
    for response in caseload.responses:
        if response.veteran_id not in ids["veterans"]:
            yield dangling("responses", response.id, "veteran_id", "veteran", response.veteran_id)
        if response.instrument_id not in ids["instruments"]:
            yield dangling(
                "responses", response.id, "instrument_id", "instrument", response.instrument_id
            )
        if response.placement_id is not None:
            about_all = placements(response.placement_id)
            if not about_all:
                yield dangling(
                    "responses", response.id, "placement_id", "placement", response.placement_id
                )
            for about in about_all:
                if about.veteran_id == response.veteran_id:
                    continue
                yield placement_mismatch_problem(
                    response.id, response.placement_id, about.veteran_id, response.veteran_id
                )


def _dates(caseload: Caseload) -> Iterator[Problem]:
    veterans = _every(caseload, "veterans")
    for placement in caseload.placements:
        for veteran in veterans(placement.veteran_id):
            if placement.started_on >= veteran.service[0].start:
                continue
            yield placement_before_service_problem(
                placement.id, veteran.service[0].start, placement.started_on
            )
    for enrolment in caseload.enrolments:
        for credential in enrolment.credentials:
            if credential.awarded_on < enrolment.enrolled_on:
                yield credential_before_enrolment_problem(
                    enrolment.id, credential.title, enrolment.enrolled_on, credential.awarded_on
                )
        for gain in enrolment.skill_gains:
            if gain.achieved_on < enrolment.enrolled_on:
                yield skill_gain_before_enrolment_problem(
                    enrolment.id, gain.kind.value, enrolment.enrolled_on, gain.achieved_on
                )
    placements = _every(caseload, "placements")
    for response in caseload.responses:
        if response.placement_id is None or response.collected_on is None:
            continue
        for about in placements(response.placement_id):
            if response.collected_on >= about.started_on:
                continue
            yield response_before_placement_problem(
                response.id, about.started_on, response.collected_on
            )


def _answers(caseload: Caseload) -> Iterator[Problem]:
    versions = _every(caseload, "instruments", _instrument_key)
    questions: dict[int, dict[str, Question]] = {}
    for response in caseload.responses:
        candidates = versions((response.instrument_id, response.instrument_version))
        if not candidates:
            if response.instrument_id in caseload._by_id("instruments"):
                yield version_mismatch_problem(
                    response.id, response.instrument_version, response.instrument_id
                )
            continue
        for instrument in candidates:
            by_id = questions.get(id(instrument))
            if by_id is None:
                by_id = questions[id(instrument)] = {q.id: q for q in instrument.questions}
            yield from _answers_to(response, instrument, by_id)


def _answers_to(
    response: SurveyResponse, instrument: Instrument, questions: Mapping[str, Question]
) -> Iterator[Problem]:
    for answer in response.answers:
        question = questions.get(answer.question_id)
        if question is None:
            yield unknown_question_problem(
                response.id, answer.question_id, instrument.id, instrument.version
            )
            continue
        problem = question.scale.problem(answer.value)
        if problem is not None:
            yield out_of_scale_problem(response.id, answer.question_id, problem)


def _regions(caseload: Caseload) -> Iterator[Problem]:
    known: dict[str, bool] = {}
    for kind in REGION_KINDS:
        for record in caseload.records(kind):
            region = record.region
            found = known.get(region)
            if found is None:
                found = known[region] = is_known_region(region)
            if not found:
                yield unknown_region_problem(kind, record.id, region)
