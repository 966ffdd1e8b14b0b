"""CSV for the records people keep in spreadsheets, with lenient cell parsing.

Every row is turned into the same plain data the JSON reader sees and then goes through the
same strict converter, so a CSV record is validated exactly like a JSON one. Leniency lives
only in reading single cells: dates such as ``2024/3/1``, ``2024年3月1日`` or ``20240301``
(python-dateutil, with ``dayfirst``), enum labels in English or Chinese, district names for
region codes, ``五险一金`` for the social insurances, thousands separators in money.
"""

from __future__ import annotations

import csv
import io as _stdio
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Final, get_args, get_origin

import attrs

from veteran_services import codes
from veteran_services._checks import checked
from veteran_services._tablefiles import write_new
from veteran_services.codes import EducationLevel, label
from veteran_services.errors import InvalidInputError, RecordError
from veteran_services.io._cells import MAX_DATE_CHARS, check_encoding, neutralise, restore
from veteran_services.io._converter import (
    DECIMAL_PATTERN,
    MAX_DECIMAL_CHARS,
    converter_for,
    format_decimal,
)
from veteran_services.io._json import Errors, ReadResult, _check_errors, warn_set_aside
from veteran_services.io._office import (
    CONTACT_FORMS,
    CONTRACT_FORMS,
    INSURANCE_FORMS,
    OUTCOME_FORMS,
    PROGRAMME_FORMS,
    PROVIDER_FORMS,
    AmountError,
    chinese_choices,
    identity_problems,
    parse_amount,
)
from veteran_services.io._problems import Place, describe, file_problem, leaves
from veteran_services.io._sniff import not_text_hint
from veteran_services.io._titles import TitleMatcher
from veteran_services.model import (
    ChoiceScale,
    ContactKind,
    ContractType,
    EarningsRecord,
    Employer,
    Enrolment,
    EnrolmentOutcome,
    Instrument,
    Insurance,
    LikertScale,
    NumericScale,
    Placement,
    Programme,
    ProgrammeKind,
    ProviderKind,
    Quarter,
    ServiceContact,
    ServicePeriod,
    SurveyResponse,
    TextScale,
    TrainingProvider,
    Venture,
    Veteran,
    YesNoScale,
)

__all__ = ["CHINESE_COLUMNS", "CSV_KINDS", "csv_columns", "read_csv", "write_csv"]

#: The record kinds that have a CSV form, and their classes.
CSV_KINDS: Final[dict[str, type[Any]]] = {
    "veterans": Veteran,
    "providers": TrainingProvider,
    "programmes": Programme,
    "enrolments": Enrolment,
    "employers": Employer,
    "placements": Placement,
    "ventures": Venture,
    "earnings": EarningsRecord,
    "contacts": ServiceContact,
    "instruments": Instrument,
    "responses": SurveyResponse,
}

_COMMON_ZH: Final = {"编号": "id", "退役军人编号": "veteran_id"}

#: Common Chinese column headers of each CSV kind, mapped to the library's columns; pass one
#: as ``columns=`` to :func:`read_csv` (``columns=CHINESE_COLUMNS["veterans"]``).
CHINESE_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "veterans": {
        "编号": "id",
        "姓名": "personal.name",
        "身份证号": "personal.national_id",
        "联系电话": "personal.phone",
        "性别": "sex",
        "出生日期": "birth_date",
        "学历": "education",
        "所在区": "region",
        "登记日期": "registered_on",
        "军种": "service.branch",
        "人员类别": "service.rank",
        "入伍时间": "service.start",
        "退役时间": "service.end",
        "退役性质": "service.discharge",
        "安置方式": "service.resettlement",
        "伤残等级": "service.disability_rating",
    },
    "placements": {
        **_COMMON_ZH,
        "用人单位": "employer_id",
        "岗位": "occupation_title",
        "职业代码": "occupation",
        "入职日期": "started_on",
        "离职日期": "ended_on",
        "离职原因": "end_reason",
        "合同类型": "contract",
        "合同期限": "contract_months",
        "周工作小时": "weekly_hours",
        "月工资": "monthly_wage.amount",
        "币种": "monthly_wage.currency",
        "社保": "insurance",
        "就业途径": "source",
        "培训编号": "enrolment_id",
    },
    "enrolments": {
        **_COMMON_ZH,
        "培训项目": "programme_id",
        "入学日期": "enrolled_on",
        "结业日期": "ended_on",
        "培训结果": "outcome",
    },
    "contacts": {
        **_COMMON_ZH,
        "服务日期": "occurred_on",
        "服务类型": "kind",
        "服务方式": "channel",
    },
    "responses": {
        **_COMMON_ZH,
        "问卷": "instrument_id",
        "问卷版本": "instrument_version",
        "就业编号": "placement_id",
        "回访月数": "wave_months",
        "调查日期": "collected_on",
        "调查结果": "disposition",
        "调查方式": "mode",
        "就业状态": "labour_status",
        "权重": "weight",
    },
}

_EARLIER: Final = "earlier_service"
#: The column of survey responses that gives the order of a response's answers (a JSON list
#: of question ids) when it differs from the order of the question columns.
ANSWER_ORDER: Final = "answer_order"
_NONE = type(None)
_DECIMAL_RE = re.compile(DECIMAL_PATTERN)
_INT_RE = re.compile(r"^[+-]?[0-9]+(\.0*)?$")
_FLOAT_RE = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_SEPARATORS = re.compile(r"[;；,，、/]")
_NEGATIVE_ZERO = re.compile(r"-0+(\.0+)?")
_DATE_FORMS: Final = "must be a date such as 2024-03-01, 2024/3/1 or 2024年3月1日"
_NUMERIC_DATE = re.compile(r"([0-9]{4})[/.\-]([0-9]{1,2})[/.\-]([0-9]{1,2})")
_TRUE: Final = frozenset({"true", "t", "yes", "y", "1", "是", "有", "√"})
_FALSE: Final = frozenset({"false", "f", "no", "n", "0", "否", "无", "×"})

_ALIASES: Final[dict[type[Enum], dict[str, Enum]]] = {
    EducationLevel: {
        "小学": EducationLevel.PRIMARY,
        "初中": EducationLevel.LOWER_SECONDARY,
        "高中": EducationLevel.UPPER_SECONDARY,
        "中专": EducationLevel.UPPER_SECONDARY,
        "职高": EducationLevel.UPPER_SECONDARY,
        "技校": EducationLevel.UPPER_SECONDARY,
        "大专": EducationLevel.SHORT_CYCLE_TERTIARY,
        "专科": EducationLevel.SHORT_CYCLE_TERTIARY,
        "本科": EducationLevel.BACHELOR,
        "大学本科": EducationLevel.BACHELOR,
        "硕士": EducationLevel.MASTER,
        "硕士研究生": EducationLevel.MASTER,
        "博士": EducationLevel.DOCTORATE,
        "博士研究生": EducationLevel.DOCTORATE,
    },
    ContractType: dict(CONTRACT_FORMS),
    ContactKind: dict(CONTACT_FORMS),
    EnrolmentOutcome: dict(OUTCOME_FORMS),
    ProgrammeKind: dict(PROGRAMME_FORMS),
    ProviderKind: dict(PROVIDER_FORMS),
    Insurance: {
        "养老": Insurance.PENSION,
        "医疗": Insurance.MEDICAL,
        "医保": Insurance.MEDICAL,
        "失业": Insurance.UNEMPLOYMENT,
        "工伤": Insurance.WORK_INJURY,
        "生育": Insurance.MATERNITY,
        "公积金": Insurance.HOUSING_FUND,
    },
}


def _whole(text: str) -> int | None:
    """*text* as an int, or None when it has more digits than Python converts (4300)."""
    try:
        return int(text)
    except ValueError:
        return None


class _CellError(ValueError):
    def __init__(self, message: str, value: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.value = value  # the part of the cell at fault, when not the whole cell


# --- columns --------------------------------------------------------------------------------


@attrs.frozen
class _Column:
    """One CSV column: its header, the field path it fills and the field's type."""

    header: str
    path: tuple[str, ...]
    type: Any
    required: bool
    json_cell: bool = False
    personal: bool = False


def _optional_inner(tp: Any) -> tuple[Any, bool]:
    args = get_args(tp)
    if args and _NONE in args and get_origin(tp) not in (tuple, frozenset):
        rest = [a for a in args if a is not _NONE]
        if len(rest) == 1:
            return rest[0], True
    return tp, False


def _is_scalar(tp: Any) -> bool:
    return tp in (str, int, float, bool, Decimal, date, Quarter) or (
        isinstance(tp, type) and issubclass(tp, Enum)
    )


def _columns_of(
    cls: type[Any], prefix: tuple[str, ...], required: bool, personal: bool
) -> list[_Column]:
    out = []
    for field in attrs.fields(attrs.resolve_types(cls)):
        if not field.init:
            continue
        path = (*prefix, field.name)
        header = ".".join(path)
        tp, optional = _optional_inner(field.type)
        needed = required and not optional and field.default is attrs.NOTHING
        is_personal = personal or field.name == "personal"
        if cls is Veteran and field.name == "service":
            out.extend(_columns_of(ServicePeriod, ("service",), needed, personal))
            out.append(_Column(_EARLIER, (_EARLIER,), tp, False, json_cell=True))
        elif cls is SurveyResponse and field.name == "answers":
            continue  # one column per question, see _question_columns
        elif isinstance(tp, type) and attrs.has(tp) and tp is not Quarter:
            out.extend(_columns_of(tp, path, needed, is_personal))
        elif _is_scalar(tp) or (
            get_origin(tp) in (tuple, frozenset) and _is_scalar(get_args(tp)[0])
        ):
            out.append(_Column(header, path, tp, needed, personal=is_personal))
        else:
            out.append(_Column(header, path, tp, needed, json_cell=True, personal=is_personal))
    return out


def _check_csv_class(cls: Any) -> str:
    for kind, known in CSV_KINDS.items():
        if cls is known:
            return kind
    names = ", ".join(c.__name__ for c in CSV_KINDS.values())
    msg = f"'cls' must be one of the CSV record classes ({names}), got {cls!r}"
    raise InvalidInputError("cls", msg)


@checked
def csv_columns(cls: type[Any], *, include_personal: bool = False) -> list[str]:
    """The library's CSV column headers for *cls* (survey answers add one per question).

    >>> csv_columns(Placement)[:5]
    ['id', 'veteran_id', 'employer_id', 'occupation', 'occupation_title']
    """
    _check_csv_class(cls)
    return [
        c.header for c in _columns_of(cls, (), True, False) if include_personal or not c.personal
    ]


# --- writing cells -------------------------------------------------------------------------


def _scalar_text(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _list_text(items: Sequence[str]) -> str:
    # Plain "a;b" where that reads back unambiguously; JSON otherwise (and for fewer than two
    # items, so that a list of one option stays a list and an empty list stays a list).
    if (
        len(items) < 2
        or any(_SEPARATORS.search(item) or item != item.strip() or not item for item in items)
        or items[0].startswith("[")
    ):
        return json.dumps(list(items), ensure_ascii=False)
    return ";".join(items)


def _cell_text(column: _Column, value: Any) -> str:
    if column.json_cell:
        if not value:
            return ""
        data = converter_for(include_personal=True).unstructure(value, column.type)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, tuple | frozenset):
        texts = [_scalar_text(item) for item in value]
        return _list_text(sorted(texts) if isinstance(value, frozenset) else texts)
    return _scalar_text(value)


def _get(record: Any, path: tuple[str, ...]) -> Any:
    value = record
    for name in path:
        if value is None:
            return None
        value = getattr(value, name)
    return value


@checked
def write_csv(
    path: str | Path,
    records: Iterable[Any],
    *,
    cls: type[Any] | None = None,
    include_personal: bool = False,
    encoding: str = "utf-8-sig",
    neutralise_formulas: bool = True,
    overwrite: bool = False,
) -> int:
    """Write records of one CSV kind to a CSV file, one row per record.

    Nested fields become dotted columns (``monthly_wage.amount``); sets and lists of codes are
    joined with ``;``; a veteran's latest period of service fills the ``service.*`` columns
    and any earlier periods go, as JSON, into ``earlier_service``; a survey response has one
    column per question id (and an ``answer_order`` column when some response answers its
    questions in another order than the columns). Lists of records (credentials, exclusions)
    are JSON in their cell.

    The whole file is encoded before anything is written, then written atomically (a
    temporary file beside *path*, moved into place when complete): a character the encoding
    lacks fails with the row and column, and nothing is written. An existing file is
    replaced only with *overwrite*.

    Args:
        path: The file to write (a symbolic link is refused, never written through).
        records: Records of one CSV kind.
        cls: The record class; needed only when *records* may be empty.
        include_personal: Write veterans' :class:`PersonalDetails` columns.
        encoding: The text encoding (``utf-8-sig`` by default, so spreadsheet programs
            recognise UTF-8; ``gbk`` for older ones).
        neutralise_formulas: Put a quote before text cells a spreadsheet would run as a
            formula (``=``, ``+``, ``-``, ``@``; OWASP's CSV-injection advice);
            :func:`read_csv` takes it off again. Turn it off only for files no spreadsheet
            program will open.
        overwrite: Replace *path* if it exists (in one step: a reader sees the old file or
            the new one); refused otherwise.

    Returns:
        The number of rows written.

    Raises:
        InvalidInputError: for records of another kind, an unknown *encoding*, a character
            the encoding cannot write (nothing is written), a *path* that exists without
            *overwrite* (naming it), or a *path* that is a link or a folder.
    """
    encoding = check_encoding(encoding)
    header, cells = text_table(
        records, cls=cls, include_personal=include_personal, neutralise_formulas=neutralise_formulas
    )
    buffer = _stdio.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(cells)
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        raise _unencodable(Path(path).name, header, cells, encoding) from None
    write_new(path, data, overwrite=overwrite)
    return len(cells)


def _unencodable(
    name: str, header: list[str], cells: list[list[str]], encoding: str
) -> InvalidInputError:
    personal = {h for h in header if h.startswith("personal.")}
    for number, row in enumerate([header, *cells], start=1):
        for heading, cell in zip(header, row, strict=False):
            try:
                cell.encode(encoding)
            except UnicodeEncodeError as error:
                shown = "" if heading in personal else f" (U+{ord(cell[error.start]):04X})"
                hint = "; write with encoding='utf-8-sig'" if encoding.lower() != "utf-8" else ""
                msg = (
                    f"{name} row {number}, column {heading!r}: has a character that {encoding} "
                    f"cannot write{shown}; nothing was written{hint}"
                )
                return InvalidInputError("records", msg)
    msg = f"{name}: has a character that {encoding} cannot write; nothing was written"
    return InvalidInputError("records", msg)  # pragma: no cover - a cell always fails first


def _is_text(column: _Column) -> bool:
    """Whether the column holds text (or lists of text) that a spreadsheet might run."""
    if column.json_cell:
        return False
    tp, _ = _optional_inner(column.type)
    if get_origin(tp) in (tuple, frozenset):
        tp = get_args(tp)[0]
    return tp is str


def text_table(
    records: Iterable[Any],
    *,
    cls: type[Any] | None = None,
    include_personal: bool = False,
    neutralise_formulas: bool = True,
) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of text cells :func:`write_csv` writes (shared with the Excel
    writer, so that both forms hold the same cells; *neutralise_formulas* as for
    :func:`write_csv`)."""
    rows = list(records)
    if cls is None:
        if not rows:
            msg = "'cls' is needed to write an empty CSV file (its header)"
            raise InvalidInputError("cls", msg)
        cls = type(rows[0])
    _check_csv_class(cls)
    for row in rows:
        if type(row) is not cls:
            msg = f"'records' must all be {cls.__name__} records, got a {type(row).__name__}"
            raise InvalidInputError("records", msg)
    columns = [c for c in _columns_of(cls, (), True, False) if include_personal or not c.personal]
    questions: list[str] = []
    if cls is SurveyResponse:
        seen: set[str] = set()
        for row in rows:
            for answer in row.answers:
                if answer.question_id not in seen:
                    seen.add(answer.question_id)
                    questions.append(answer.question_id)
    fixed = {c.header for c in columns} | {ANSWER_ORDER}
    clash = [q for q in questions if q in fixed]
    if clash:
        msg = f"question ids must not be column names of SurveyResponse, got {clash[0]!r}"
        raise InvalidInputError("records", msg)
    # The order of each response's answers, where reading the question columns left to right
    # would give another one (the records would then differ).
    position = {question: index for index, question in enumerate(questions)}
    orders: list[str] = []
    if questions:
        for row in rows:
            ids = [a.question_id for a in row.answers]
            in_columns = sorted(ids, key=position.__getitem__)
            orders.append("" if ids == in_columns else json.dumps(ids, ensure_ascii=False))
    with_order = any(orders)
    texts = [neutralise_formulas and _is_text(column) for column in columns]
    table: list[list[str]] = []
    for index, row in enumerate(rows):
        cells = []
        for column, is_text in zip(columns, texts, strict=True):
            if column.header == _EARLIER:
                text = _cell_text(column, row.service[:-1])
            elif column.path[0] == "service" and cls is Veteran:
                text = _cell_text(column, _get(row.service[-1], column.path[1:]))
            else:
                text = _cell_text(column, _get(row, column.path))
            cells.append(neutralise(text) if is_text else text)
        if with_order:
            cells.append(orders[index])
        if questions:
            answers = {a.question_id: a.value for a in row.answers}
            for question in questions:
                value = answers.get(question)
                if isinstance(value, tuple):
                    text = _list_text(value)
                else:
                    text = _scalar_text(value)
                is_text = isinstance(value, str | tuple) and neutralise_formulas
                cells.append(neutralise(text) if is_text else text)
        table.append(cells)
    order_column = [ANSWER_ORDER] if with_order else []
    return [c.header for c in columns] + order_column + questions, table


# --- reading cells -------------------------------------------------------------------------


def _parse_date(text: str, dayfirst: bool) -> str:
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    if len(text) > MAX_DATE_CHARS:
        msg = f"must be a date such as 2024-03-01 (of at most {MAX_DATE_CHARS} characters)"
        raise _CellError(msg)
    numeric = _NUMERIC_DATE.fullmatch(text)
    if numeric is not None:  # 2024/3/1, 2024.3.1: the common forms, without dateutil
        try:
            year, month, day = (int(part) for part in numeric.groups())
            return date(year, month, day).isoformat()
        except ValueError:
            raise _CellError(_DATE_FORMS) from None
    cleaned = re.sub(r"[年月]", "-", text).replace("日", "").strip().rstrip("-")
    if re.fullmatch(r"[0-9]{8}", cleaned):
        cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
    from dateutil import parser  # imported here: it costs ~25 ms and only CSV needs it

    try:
        # Two different defaults: a part missing from the text would show as a difference.
        first = parser.parse(cleaned, dayfirst=dayfirst, default=datetime(2000, 1, 1))
        second = parser.parse(cleaned, dayfirst=dayfirst, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError, ArithmeticError, TypeError):
        # ArithmeticError: dateutil reads "1:99999..." as a time and fails in decimal
        # (InvalidOperation); nothing dateutil raises is let through.
        raise _CellError(_DATE_FORMS) from None
    if first.date() != second.date():
        raise _CellError("must be a whole date (year, month and day)")
    return first.date().isoformat()


def _enum_member(enum: type[Enum], text: str) -> Enum:
    lookup = _enum_lookup(enum)
    member = lookup.get(text) or lookup.get(text.casefold())
    if member is None:
        chinese = chinese_choices(enum, text)
        if chinese is not None:
            raise _CellError(f"must be one of {chinese} (or the codes {_values(enum)})")
        raise _CellError(f"must be one of {_values(enum)} (or their English or Chinese labels)")
    return member


def _values(enum: type[Enum]) -> str:
    return ", ".join(repr(m.value) for m in enum)


_ENUM_LOOKUPS: dict[type[Enum], dict[str, Enum]] = {}


def _enum_lookup(enum: type[Enum]) -> dict[str, Enum]:
    lookup = _ENUM_LOOKUPS.get(enum)
    if lookup is None:
        lookup = {}
        for member in enum:
            for name in (str(member.value), member.name, label(member), label(member, "zh")):
                lookup.setdefault(name, member)
                lookup.setdefault(name.casefold(), member)
        lookup.update(_ALIASES.get(enum, {}))
        _ENUM_LOOKUPS[enum] = lookup
    return lookup


def _region_code(text: str) -> str:
    if codes.is_region(text):
        return text
    for region in codes.regions():
        names = (region.name_zh, region.name_en, region.name_en.removesuffix(" District"))
        if text in names or text.casefold() == region.name_en.casefold():
            return region.code
        if len(region.name_zh) > 2 and text == region.name_zh[:-1]:  # 江宁 for 江宁区
            return region.code
    return text  # any other code: regions are user-extensible, the caseload check finds them


def _scalar(tp: Any, text: str, column: _Column, dayfirst: bool) -> Any:
    if tp is str:
        if column.path[-1] == "region":
            return _region_code(text.strip())
        return text
    stripped = text.strip()
    if tp is bool:
        folded = stripped.casefold()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        raise _CellError("must be true or false (also yes/no, 是/否, 1/0)")
    if tp is int:
        if _INT_RE.match(stripped):
            whole_number = _whole(stripped.split(".")[0])
            if whole_number is not None:
                return whole_number
        raise _CellError("must be a whole number (of at most 4300 digits)")
    if tp is float:
        if _FLOAT_RE.match(stripped):
            number = float(stripped)
            if math.isfinite(number):
                whole = _whole(stripped) if re.fullmatch(r"[+-]?[0-9]+", stripped) else None
                return number if whole is None else whole
        raise _CellError("must be a number")
    if tp is Decimal and column.path[-1] == "amount":
        try:
            return parse_amount(stripped)
        except AmountError as error:
            raise _CellError(str(error)) from None
    if tp is Decimal:
        cleaned = re.sub(r"[,，¥￥\s]|元$", "", stripped)
        if len(cleaned) <= MAX_DECIMAL_CHARS and _DECIMAL_RE.fullmatch(cleaned):
            return cleaned
        if len(cleaned) > MAX_DECIMAL_CHARS:
            raise _CellError(f"must be a decimal number of at most {MAX_DECIMAL_CHARS} characters")
        if _NEGATIVE_ZERO.fullmatch(cleaned):
            raise _CellError("must not be negative zero (write 0)")
        raise _CellError("must be a decimal number")
    if tp is date:
        return _parse_date(stripped, dayfirst)
    if tp is Quarter:
        return stripped.upper().replace("-", "")
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _enum_member(tp, stripped).value
    raise _CellError("cannot be read from CSV")  # pragma: no cover - no such column


def _split_list(text: str) -> list[str]:
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except (ValueError, RecursionError):  # 5,000 '[' nest too deeply for the decoder
            items = None
        if isinstance(items, list) and all(isinstance(i, str) for i in items):
            return items
    return [part for part in (p.strip() for p in _SEPARATORS.split(stripped)) if part]


def _cell_value(column: _Column, text: str, dayfirst: bool) -> Any:
    if column.json_cell:
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            raise _CellError("must be JSON (as written by write_csv)") from None
    tp, _ = _optional_inner(column.type)
    if get_origin(tp) in (tuple, frozenset):
        element = get_args(tp)[0]
        stripped = text.strip()
        if element is Insurance and stripped in INSURANCE_FORMS:
            return sorted(member.value for member in INSURANCE_FORMS[stripped])
        values: list[Any] = []
        items = _split_list(text)
        for item in items:
            if element is Insurance and item in INSURANCE_FORMS:
                values.extend(member.value for member in INSURANCE_FORMS[item])
            else:
                try:
                    values.append(_scalar(element, item, column, dayfirst))
                except _CellError as error:
                    raise _CellError(error.message, item) from None
        return values
    return _scalar(tp, text, column, dayfirst)


# --- reading rows ---------------------------------------------------------------------------


def _answer_value(text: str, scale: Any) -> Any:
    stripped = text.strip()
    if isinstance(scale, LikertScale):
        whole = _whole(stripped.split(".")[0]) if _INT_RE.match(stripped) else None
        return stripped if whole is None else whole
    if isinstance(scale, YesNoScale):
        folded = stripped.casefold()
        return True if folded in _TRUE else False if folded in _FALSE else stripped
    if isinstance(scale, ChoiceScale):
        return _split_list(text) if scale.multiple and text not in scale.options else text
    if isinstance(scale, TextScale):
        return text
    if isinstance(scale, NumericScale) or scale is None:
        if re.fullmatch(r"[+-]?[0-9]+", stripped) and _whole(stripped) is not None:
            return _whole(stripped)
        if _FLOAT_RE.match(stripped):
            return float(stripped)
        if scale is not None:
            return stripped
    # No instrument: guess from the text.
    folded = stripped.casefold()
    if folded in ("true", "false"):
        return folded == "true"
    if stripped.startswith("[") or ";" in stripped:
        return _split_list(text)
    return text


def _decode(raw: bytes, encoding: str, name: str, problems: list[str]) -> tuple[str, set[int]]:
    """The text of the file and the numbers of lines that could not be decoded."""
    try:
        return raw.decode(encoding), set()
    except UnicodeDecodeError:
        pass
    bad: set[int] = set()
    lines = []
    hint = (
        ""
        if encoding.lower() == "gbk"
        else "; for files from older spreadsheet programs try encoding='gbk'"
    )
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            lines.append(line.decode(encoding))
        except UnicodeDecodeError:
            found = Place(f"{name} line {number}: ", file=name, line=number).problem(
                f"not valid {encoding} text{hint}"
            )
            if number == 1:
                raise RecordError([found], source=name) from None
            bad.add(number)
            problems.append(found)
            lines.append(line.decode(encoding, errors="replace"))
    return "\n".join(lines), bad


def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for name in path[:-1]:
        target = target.setdefault(name, {})
    target[path[-1]] = value


@checked
def read_csv(
    path: str | Path,
    cls: type[Any],
    *,
    columns: Mapping[str, str] | None = None,
    encoding: str = "utf-8-sig",
    dayfirst: bool = False,
    errors: Errors = "raise",
    strict: bool = True,
    instruments: Iterable[Instrument] = (),
    neutralise_formulas: bool = True,
    check_identity: bool = False,
    match_titles: bool = False,
) -> ReadResult[Any]:
    """Read records of one CSV kind from a CSV file with a header row.

    Cells are read leniently (dates as ``2024/3/1``, ``2024年3月1日`` or ``20240301``; enum
    values or their English or Chinese labels; ``江宁区`` for a region code; ``五险一金`` or
    ``养老,医疗`` for social insurance; ``5,292.50`` for money); then each row is validated
    exactly like a JSON record. Problems name the row (the header is row 1) and the column
    as it is headed in the file: ``placements.csv row 5, column '月工资': must be a decimal
    number (got 'abc')``. Blank cells are missing values.

    Args:
        path: The file.
        cls: :class:`Veteran`, :class:`Enrolment`, :class:`Placement`,
            :class:`ServiceContact` or :class:`SurveyResponse`.
        columns: Maps the file's headers to the library's columns (see :func:`csv_columns`),
            e.g. ``CHINESE_COLUMNS["veterans"]``; headers not in it are used as they are.
        encoding: The text encoding (``"gbk"`` for files from older spreadsheet programs).
        dayfirst: Read ambiguous dates such as ``01/03/2024`` day first (1 March).
        errors: ``"raise"`` a :class:`RecordError` listing every problem of the file, or
            ``"collect"`` them in the result beside every valid record.
        strict: Refuse unknown columns; when false they are set aside and reported in one
            :class:`~veteran_services.io.UnknownKeysWarning`.
        instruments: For survey responses: the instruments, so that each answer column is
            read as its question's scale asks (without them, answers are guessed from the
            text: ``true``/``false``, whole numbers, numbers, ``;``-separated options, text).
        neutralise_formulas: Take off the quote :func:`write_csv` puts before text that a
            spreadsheet would run as a formula (``'=SUM(A1)`` is read as ``=SUM(A1)``; see
            :mod:`veteran_services.io` on formula injection).
        check_identity: For veterans: check each resident identity number (GB 11643-1999:
            check character, birth date, region) and its agreement with ``birth_date`` and
            ``sex`` where given; a row that fails is a problem, its number shown masked. Off by
            default, as the model accepts any identity number; :func:`read_ledger` turns it on.
        match_titles: For placements: give a placement that names its job only by title
            (``occupation_title``, e.g. ``岗位`` under :data:`CHINESE_COLUMNS`) the ISCO-08
            unit group of :func:`veteran_services.codes.match_occupation` when the match is
            unambiguous; the title is kept either way, and each title left without a code is
            one line of :attr:`ReadResult.notes` with its candidates. Off by default, so that
            a file reads back exactly what was written; :func:`read_ledger` always matches.

    Returns:
        A :class:`ReadResult` (iterable over its records).

    Raises:
        RecordError: with ``errors="raise"``, if any row or cell had a problem. Problems
            never quote a personal value, and quote any other value cut to 60 characters.
        InvalidInputError: for an unknown *encoding* (or a codec that is no text encoding,
            such as ``"rot13"``).
        FileNotFoundError: if there is no such file.
    """
    _check_csv_class(cls)
    _check_errors(errors)
    encoding = check_encoding(encoding)
    file = Path(path)
    name = file.name
    _check_columns(cls, columns)
    problems: list[str] = []
    raw = file.read_bytes()
    workbook = not_text_hint(raw[:4096], name)
    if workbook is not None:
        raise RecordError([file_problem(name, workbook)], source=str(file))
    text, bad_lines = _decode(raw, encoding, name, problems)
    text = text.removeprefix("\ufeff")
    reader = csv.reader(_stdio.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        found = Place(f"{name} row 1: ", file=name, row=1, line=1).problem(
            f"not readable as CSV ({error})"
        )
        raise RecordError([*problems, found], source=str(file)) from None
    if header is None:
        empty = f"{name}: empty file, a header row is needed"
        raise RecordError([file_problem(name, empty)], source=str(file))
    lines: dict[int, int] = {1: 1}  # the physical line each row starts on

    def rows() -> Iterator[tuple[int, list[str]] | str]:
        last_line = 1
        row_number = 1
        while True:
            row_number += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:  # e.g. a cell over the csv module's field size limit
                place = Place(
                    f"{name} row {row_number}: ", file=name, row=row_number, line=last_line + 1
                )
                yield place.problem(f"not readable as CSV ({error})")
                last_line = reader.line_num
                continue
            first_line, last_line = last_line + 1, reader.line_num
            lines[row_number] = first_line
            if bad_lines.intersection(range(first_line, last_line + 1)):
                continue  # already reported as undecodable
            yield row_number, row

    return read_rows(
        name,
        str(file),
        header,
        rows(),
        cls,
        columns=columns,
        dayfirst=dayfirst,
        errors=errors,
        strict=strict,
        instruments=instruments,
        problems=problems,
        neutralise_formulas=neutralise_formulas,
        check_identity=check_identity,
        lines=lines,
        match_titles=match_titles,
    )


def _check_columns(cls: type[Any], columns: Mapping[str, str] | None) -> None:
    by_header = {c.header for c in _columns_of(cls, (), True, False)}
    for foreign, ours in (columns or {}).items():
        if ours not in by_header:
            msg = f"'columns' must map to columns of {cls.__name__}, got {foreign!r}: {ours!r}"
            raise InvalidInputError("columns", msg)


@checked
def read_rows(
    name: str,
    source: str,
    header: Sequence[str],
    rows: Iterable[tuple[int, list[str]] | tuple[int, list[str], list[str]] | str],
    cls: type[Any],
    *,
    columns: Mapping[str, str] | None = None,
    dayfirst: bool = False,
    errors: Errors = "raise",
    strict: bool = True,
    instruments: Iterable[Instrument] = (),
    problems: list[str] | None = None,
    neutralise_formulas: bool = True,
    check_identity: bool = False,
    lines: Mapping[int, int] | None = None,
    match_titles: bool = False,
) -> ReadResult[Any]:
    """Records of one CSV kind from rows of text cells under a header (the engine of
    :func:`read_csv`, shared with the Excel and ledger readers).

    Args:
        name: What problems call the file (``"p.csv"``, ``"台账.xlsx sheet '在岗'"``).
        source: The file, for :class:`RecordError`.
        header: The header row (row 1).
        rows: ``(row number, cells)`` for each row after the header, ``(row number, cells,
            problems)`` for a row with cells the source could not read exactly (the problems
            are reported, the other cells checked, and the row gives no record), or a problem
            line for a row that could not be read at all.
        cls: The record class.
        columns, dayfirst, errors, strict, instruments, neutralise_formulas, check_identity,
        match_titles: As for :func:`read_csv`.
        problems: Problems found before the rows (decoding), reported first.
        lines: The physical line each row starts on (a CSV file's), for the problems.
    """
    kind = _check_csv_class(cls)
    _check_errors(errors)
    _check_columns(cls, columns)
    if match_titles is not False and (match_titles is not True or cls is not Placement):
        msg = (
            "'match_titles' must be True or False, and True only for placements "
            f"(reading {cls.__name__}), got {match_titles!r}"
        )
        raise InvalidInputError("match_titles", msg)
    titles = TitleMatcher() if match_titles else None
    spec = _columns_of(cls, (), True, False)
    by_header = {c.header: c for c in spec}
    mapping = dict(columns or {})
    problems = [] if problems is None else problems
    set_aside: list[str] = []
    versions = {(i.id, i.version): i for i in instruments}
    targets: list[_Column | str | None] = []  # a column, a question id, or set aside
    seen: dict[str, str] = {}
    header_problems: list[str] = []
    first = Place(f"{name} row 1", file=name, row=1, line=1 if lines is not None else None)
    for cell in header:
        heading = cell.strip()
        ours = mapping.get(heading, heading)
        column = by_header.get(ours)
        if ours in seen:
            message = f"fills {ours!r} like column {seen[ours]!r}"
            header_problems.append(
                first.problem(
                    message,
                    text=f", column {heading!r}: {message}",
                    column=heading,
                    field=column.path[-1] if column else None,
                )
            )
        seen[ours] = heading
        if column is not None:
            targets.append(column)
        elif kind == "responses" and heading:
            targets.append(heading)
        elif strict:
            message = f"unknown column ({cls.__name__} has no field {ours!r}; map it with columns=)"
            header_problems.append(
                first.problem(message, text=f", column {heading!r}: {message}", column=heading)
            )
            targets.append(None)
        else:
            message = "unknown column set aside"
            set_aside.append(
                first.problem(message, text=f", column {heading!r}: {message}", column=heading)
            )
            targets.append(None)
    present = {t.header for t in targets if isinstance(t, _Column)}
    header_problems.extend(
        file_problem(
            name,
            f"{name}: column {column.header!r} is required but missing",
            column=column.header,
            field=column.path[-1],
            path="$." + ".".join(column.path),
            message="is required but missing",
        )
        for column in spec
        if column.required and column.header not in present
    )
    if header_problems:
        raise RecordError(problems + header_problems, source=source)

    heading_of = {}
    for cell, target in zip(header, targets, strict=True):
        if isinstance(target, _Column):
            heading_of[target.header] = cell.strip()

    hook = converter_for(strict=True).get_structure_hook(cls)
    records = []
    for item in rows:
        if isinstance(item, str):
            problems.append(item)
            continue
        row_number, row, *unreadable = item
        if unreadable and unreadable[0]:
            # cells the source could not read exactly: reported, the row's other cells still
            # checked, and the row's record dropped
            problems.extend(unreadable[0])
            _read_row(
                row,
                targets,
                hook,
                cls,
                _row_place(name, row_number, lines),
                heading_of,
                versions,
                dayfirst,
                problems,
                neutralise_formulas,
            )
            continue
        if not any(cell.strip() for cell in row):
            continue
        prefix = _row_place(name, row_number, lines)
        record = _read_row(
            row,
            targets,
            hook,
            cls,
            prefix,
            heading_of,
            versions,
            dayfirst,
            problems,
            neutralise_formulas,
        )
        if record is not None and cls is Veteran and check_identity:
            disagreements = identity_problems(record)
            for field, message in disagreements:
                heading = heading_of.get(field, field)
                problems.append(
                    prefix.problem(
                        message,
                        text=f", column {heading!r}: {message}",
                        column=heading,
                        field=field.rpartition(".")[2],
                        path=f"$.{field}",
                    )
                )
            if disagreements:
                continue
        if record is not None:
            records.append(record if titles is None else titles.placement(record))
    warn_set_aside(set_aside, name)
    result = ReadResult(
        records=tuple(records),
        problems=tuple(problems),
        set_aside=tuple(set_aside),
        source=source,
        notes=() if titles is None else tuple(titles.notes(name)),
    )
    if errors == "raise":
        result.raise_for_problems()
    return result


def _row_place(name: str, row_number: int, lines: Mapping[int, int] | None) -> Place:
    line = None if lines is None else lines.get(row_number)
    return Place(f"{name} row {row_number}", file=name, row=row_number, line=line)


def _read_row(
    row: list[str],
    targets: list[_Column | str | None],
    hook: Any,
    cls: type[Any],
    prefix: Place,
    heading_of: dict[str, str],
    versions: dict[tuple[str, int], Instrument],
    dayfirst: bool,
    problems: list[str],
    restoring: bool = True,
) -> Any:
    if len(row) > len(targets):
        message = f"has {len(row)} cells, the header only {len(targets)}"
        problems.append(prefix.problem(message, text=f": {message}"))
        return None
    data: dict[str, Any] = {}
    where: dict[str, str] = {}  # JSON path -> column heading, for the problem lines
    failed: set[str] = set()
    answers: list[tuple[str, str]] = []
    order = ""
    for target in targets:
        if isinstance(target, _Column):
            where["$." + target.header] = heading_of[target.header]
    for cell, target in zip(row, targets, strict=False):
        if target is None:
            continue
        if isinstance(target, str):
            if target == ANSWER_ORDER:
                order = cell.strip()
            elif cell:  # only an empty cell is unanswered: " " may be a text answer
                answers.append((target, restore(cell) if restoring else cell))
            continue
        if not cell.strip():
            continue
        if restoring and _is_text(target):
            cell = restore(cell)
        try:
            value = _cell_value(target, cell, dayfirst)
        except _CellError as error:
            bad = cell if error.value is None else error.value
            quoted = None if target.personal else describe(bad)
            got = " (value not shown)" if quoted is None else f" (got {quoted})"
            heading = heading_of[target.header]
            problems.append(
                prefix.problem(
                    error.message,
                    text=f", column {heading!r}: {error.message}{got}",
                    column=heading,
                    path="$." + ".".join(target.path),
                    field=target.path[-1],
                    value=quoted,
                )
            )
            failed.add(heading)
            continue
        _put(data, target.path, value)
    if cls is Veteran:
        earlier = data.pop(_EARLIER, None)
        periods = earlier if isinstance(earlier, list) else []
        latest = f"$.service[{len(periods)}]"
        if "service" in data:
            for key in list(where):
                if key.startswith("$.service."):
                    where[latest + key[len("$.service") :]] = where.pop(key)
            periods = [*periods, data.pop("service")]
        if _EARLIER in heading_of:
            where["$.service"] = heading_of[_EARLIER]
        data["service"] = periods
    if cls is SurveyResponse:
        version_text = str(data.get("instrument_version", ""))
        instrument = versions.get(
            (
                str(data.get("instrument_id")),
                (_whole(version_text) or -1) if version_text.isdigit() else -1,
            )
        )
        if order:
            ordered = _answer_order(order, answers)
            if ordered is None:
                message = (
                    "must be a JSON list of the question ids answered in the row, in the order "
                    "of the answers"
                )
                problems.append(
                    prefix.problem(
                        message,
                        text=f", column {ANSWER_ORDER!r}: {message} (got {describe(order)})",
                        column=ANSWER_ORDER,
                        field="answers",
                        value=describe(order),
                    )
                )
                return None
            answers = ordered
        data["answers"] = []
        for index, (question_id, cell) in enumerate(answers):
            question = instrument.question(question_id) if instrument else None
            value = _answer_value(cell, question.scale if question else None)
            data["answers"].append({"question_id": question_id, "value": value})
            where[f"$.answers[{index}]"] = question_id
    try:
        record = hook(data, cls)
    except Exception as error:
        # The other columns are still checked, so that a row's problems come all at once; a
        # column whose cell could not be read is not reported a second time as missing.
        for leaf in leaves(error, cls=cls):
            found = _heading_for(leaf.path, where)
            if found in failed:
                continue
            if found:
                text = f", column {found!r}: {leaf.text}"
            else:
                text = f": {leaf.path}: {leaf.text}"
            problems.append(
                prefix.problem(
                    leaf.message,
                    text=text,
                    column=found,
                    path=leaf.path,
                    field=leaf.field,
                    value=leaf.value,
                )
            )
        return None
    return None if failed else record


def _answer_order(order: str, answers: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
    """*answers* in the order the ``answer_order`` cell gives, or None if it does not fit."""
    try:
        ids = json.loads(order)
    except (ValueError, RecursionError):
        return None
    cells = dict(answers)
    if (
        not isinstance(ids, list)
        or len(ids) != len(answers)
        or not all(isinstance(i, str) for i in ids)
        or set(ids) != set(cells)
    ):
        return None
    return [(question_id, cells[question_id]) for question_id in ids]


def _heading_for(path: str, where: dict[str, str]) -> str | None:
    best = None
    for key, heading in where.items():
        if (path == key or path.startswith((key + ".", key + "["))) and (
            best is None or len(key) > len(best[0])
        ):
            best = (key, heading)
    return best[1] if best else None
