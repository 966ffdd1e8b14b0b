"""One-sheet ledgers (退役军人就业台账): one row per veteran, or per job with the veteran repeated.

A district office keeps its caseload as one sheet: 姓名 身份证号 性别 出生日期 入伍时间 退役时间
安置方式 学历 所在区 用人单位 岗位 月工资 入职日期 离职日期 社保 ... :func:`read_ledger` splits it
into veterans, employers and placements (and training providers, programmes, enrolments and
service contacts where the ledger has 培训机构 培训项目 参训日期 ... or 服务日期 服务类型
columns), reading every cell as :func:`read_csv` reads it (the same lenient cells and problem
lines), and derives the ids the model needs:

- a veteran's id from a keyed hash of the identity number when a *key* is given (``V`` + 16 hex
  digits: the same person gets the same id in every ledger read with that key, and the number
  cannot be recovered without the key), else from the 序号 (``V<序号>``), else from the row;
  never the raw number;
- an employer's id from its normalised name (``E`` + 12 hex digits of a hash of the name with
  full-width characters, spaces and the 有限责任公司/有限公司 variants folded), so the same
  employer written two ways is one employer; its industry, ownership and size stay unknown;
- a placement's id from its veteran, employer and start (``P`` + 12 hex digits);
- a training provider's from its normalised name (``K``), a programme's from its provider and
  title (``G``), an enrolment's from its veteran, programme and start (``T``), a service
  contact's from its veteran, day and kind (``C``): a veteran's training or contact repeated on
  each of their rows is one record, and rows that disagree about it are named.

The model needs a provider's and a programme's kind (机构类型, 培训类型) and a training's start
(参训日期); a ledger that has training columns without them gets one problem naming the
missing headers, and its training is not read (its veterans and jobs are). The same for
service contacts without 服务日期 or 服务类型.

A row with any problem is left out whole and named (sheet, row, header); every other row is
read. The job title (岗位) is always kept as ``occupation_title``, and becomes an ISCO-08 code
only when :func:`veteran_services.codes.match_occupation` finds it unambiguous; otherwise the
ledger's notes list the title with its candidates.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io as _stdio
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal

import attrs
from attrs import frozen

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError, RecordError
from veteran_services.io._csv import _decode, read_rows
from veteran_services.io._excel import sheet_rows
from veteran_services.io._json import Errors, _check_errors
from veteran_services.io._problems import Place, file_problem
from veteran_services.io._sniff import file_head, workbook_format
from veteran_services.io._titles import TitleMatcher
from veteran_services.model import (
    Caseload,
    Employer,
    Enrolment,
    Placement,
    Programme,
    ServiceContact,
    TrainingProvider,
    Veteran,
)

__all__ = ["LEDGER_COLUMNS_ZH", "Ledger", "LedgerLayout", "read_ledger"]

#: How a ledger is laid out: one row per veteran, one row per job (the veteran repeated), or
#: told from the rows (a veteran on several rows makes it per placement).
LedgerLayout = Literal["auto", "per_veteran", "per_placement"]

#: The Chinese headers of district ledgers, mapped to what they fill: ``row_id`` (序号), or a
#: record kind and one of its CSV columns (``veterans.sex``, ``placements.monthly_wage.amount``,
#: ``employers.name``). Pass your own mapping as ``columns=``; it extends this one.
LEDGER_COLUMNS_ZH: Final[Mapping[str, str]] = {
    "序号": "row_id",
    "编号": "row_id",
    "姓名": "veterans.personal.name",
    "身份证号": "veterans.personal.national_id",
    "身份证号码": "veterans.personal.national_id",
    "公民身份号码": "veterans.personal.national_id",
    "联系电话": "veterans.personal.phone",
    "手机号": "veterans.personal.phone",
    "手机号码": "veterans.personal.phone",
    "性别": "veterans.sex",
    "出生日期": "veterans.birth_date",
    "出生年月": "veterans.birth_date",
    "学历": "veterans.education",
    "文化程度": "veterans.education",
    "所在区": "veterans.region",
    "户籍所在区": "veterans.region",
    "所属区": "veterans.region",
    "登记日期": "veterans.registered_on",
    "军种": "veterans.service.branch",
    "人员类别": "veterans.service.rank",
    "入伍时间": "veterans.service.start",
    "入伍日期": "veterans.service.start",
    "退役时间": "veterans.service.end",
    "退役日期": "veterans.service.end",
    "退役性质": "veterans.service.discharge",
    "安置方式": "veterans.service.resettlement",
    "用人单位": "employers.name",
    "就业单位": "employers.name",
    "工作单位": "employers.name",
    "单位名称": "employers.name",
    "单位所在区": "employers.region",
    "岗位": "placements.occupation_title",
    "职位": "placements.occupation_title",
    "工种": "placements.occupation_title",
    "职业代码": "placements.occupation",
    "入职日期": "placements.started_on",
    "入职时间": "placements.started_on",
    "就业时间": "placements.started_on",
    "离职日期": "placements.ended_on",
    "离职时间": "placements.ended_on",
    "离职原因": "placements.end_reason",
    "合同类型": "placements.contract",
    "劳动合同": "placements.contract",
    "合同期限": "placements.contract_months",
    "周工作小时": "placements.weekly_hours",
    "周工时": "placements.weekly_hours",
    "月工资": "placements.monthly_wage.amount",
    "月收入": "placements.monthly_wage.amount",
    "工资": "placements.monthly_wage.amount",
    "社保": "placements.insurance",
    "社会保险": "placements.insurance",
    "参保情况": "placements.insurance",
    "就业途径": "placements.source",
    "培训机构": "providers.name",
    "培训单位": "providers.name",
    "承训机构": "providers.name",
    "机构类型": "providers.kind",
    "机构所在区": "providers.region",
    "培训项目": "programmes.title",
    "培训专业": "programmes.title",
    "培训类型": "programmes.kind",
    "培训类别": "programmes.kind",
    "参训日期": "enrolments.enrolled_on",
    "参训时间": "enrolments.enrolled_on",
    "培训开始日期": "enrolments.enrolled_on",
    "结业日期": "enrolments.ended_on",
    "结业时间": "enrolments.ended_on",
    "培训结果": "enrolments.outcome",
    "结业情况": "enrolments.outcome",
    "服务日期": "contacts.occurred_on",
    "最近服务日期": "contacts.occurred_on",
    "服务类型": "contacts.kind",
    "服务方式": "contacts.channel",
}

_KINDS: Final = (
    "veterans",
    "employers",
    "placements",
    "providers",
    "programmes",
    "enrolments",
    "contacts",
)
_CLASSES: Final[Mapping[str, type[Any]]] = {
    "veterans": Veteran,
    "employers": Employer,
    "placements": Placement,
    "providers": TrainingProvider,
    "programmes": Programme,
    "enrolments": Enrolment,
    "contacts": ServiceContact,
}
#: What a ledger's training or contact columns need before a record can be made of them: the
#: model requires a provider's and a programme's kind, a training's start, a contact's kind.
_NEEDED: Final[Mapping[str, tuple[tuple[str, str], ...]]] = {
    "training": (
        ("providers.name", "培训机构"),
        ("providers.kind", "机构类型"),
        ("programmes.title", "培训项目"),
        ("programmes.kind", "培训类型"),
        ("enrolments.enrolled_on", "参训日期"),
    ),
    "contacts": (("contacts.occurred_on", "服务日期"), ("contacts.kind", "服务类型")),
}
_WHAT: Final[Mapping[type[Any], str]] = {
    TrainingProvider: "training provider",
    Programme: "programme",
    Enrolment: "training",
    ServiceContact: "service contact",
}
#: The record kinds of each group of optional ledger columns.
_GROUP_KINDS: Final[Mapping[str, tuple[str, ...]]] = {
    "training": ("providers", "programmes", "enrolments"),
    "contacts": ("contacts",),
}
_HEADER_SEARCH: Final = 10  # rows looked at for the header when it is not given
_ID: Final = "(id)"  # the heading of a derived column in problem lines
_COMPANY_FORMS: Final = (("有限责任公司", "有限公司"), ("股份有限公司", "股份公司"))
_SPACES_RE: Final = re.compile(r"\s+")
_MIN_KEY_BYTES: Final = 32


@frozen(kw_only=True)
class Ledger:
    """What :func:`read_ledger` made of a ledger.

    Attributes:
        caseload: Veterans, employers and placements (and training providers, programmes,
            enrolments and service contacts) of every row without a problem.
        problems: One line per problem, naming the sheet (for a workbook), the row and the
            column as headed (``台账.xlsx sheet '在岗' row 7, column '月工资': ...``).
        notes: What the reader decided that a person should check: job titles left without a
            code (with their candidates), employers' regions taken from the veteran's district,
            columns set aside.
        source: The file.
    """

    caseload: Caseload
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    source: str | None = None

    @property
    def ok(self) -> bool:
        """Whether every row was read."""
        return not self.problems

    def raise_for_problems(self) -> None:
        """Raise :class:`RecordError` listing every problem, if there is any."""
        if self.problems:
            raise RecordError(self.problems, source=self.source)


def _employer_key(name: str) -> str:
    """The name an employer is known by: NFKC (full-width to half-width), no spaces, one
    spelling of the company forms."""
    folded = _SPACES_RE.sub("", unicodedata.normalize("NFKC", name))
    for long, short in _COMPANY_FORMS:
        folded = folded.replace(long, short)
    return folded


def _digest(*parts: str, size: int) -> str:
    text = "\x1f".join(parts).encode("utf-8")
    return hashlib.blake2b(text, digest_size=size).hexdigest()


def _text_rows(path: Path, encoding: str, problems: list[str]) -> tuple[str, list[Any]]:
    """The rows of a CSV ledger as ``(row number, cells)``."""
    raw = path.read_bytes()
    text, bad_lines = _decode(raw, encoding, path.name, problems)
    reader = csv.reader(_stdio.StringIO(text.removeprefix("\ufeff"), newline=""))
    rows: list[Any] = []
    number = 0
    last_line = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            place = Place(f"{path.name} row {number}: ", file=path.name, row=number)
            problems.append(place.problem(f"not readable as CSV ({error})"))
            last_line = reader.line_num
            continue
        first_line, last_line = last_line + 1, reader.line_num
        if bad_lines.intersection(range(first_line, last_line + 1)):
            continue
        rows.append((number, cells))
    return path.name, rows


def _find_header(rows: Sequence[Any], mapping: Mapping[str, str], header_row: int | None) -> Any:
    if header_row is not None:
        return next((row for row in rows if row[0] == header_row), None)
    best = None
    for row in rows[:_HEADER_SEARCH]:
        hits = sum(1 for cell in row[1] if cell.strip() in mapping)
        if hits >= 2 and (best is None or hits > best[0]):
            best = (hits, row)
    return None if best is None else best[1]


@checked(unquoted="key")
def read_ledger(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    layout: LedgerLayout = "auto",
    sheet: str | int | None = None,
    header_row: int | None = None,
    encoding: str = "utf-8-sig",
    dayfirst: bool = False,
    key: bytes | None = None,
    strict: bool = True,
    errors: Errors = "raise",
) -> Ledger:
    """Read a one-sheet ledger (CSV or a workbook) into veterans, employers and placements,
    and the training and service contacts it records.

    >>> from veteran_services import io
    >>> ledger = io.read_ledger("examples/data/ledger.csv", encoding="gbk", errors="collect")
    >>> len(ledger.caseload.veterans) > 0, ledger.caseload.placements[0].occupation_title
    (True, '保安员')

    Args:
        path: The ledger: CSV text, or a workbook (.xlsx, .xls, .ods, told by its signature).
        columns: Headers to add to (or override in) :data:`LEDGER_COLUMNS_ZH`, each mapped to
            ``row_id`` or ``<kind>.<column>`` (``{"退伍时间": "veterans.service.end"}``).
        layout: ``"per_veteran"`` (a veteran on two rows is a problem), ``"per_placement"``
            (rows of one veteran are grouped by identity number, or by name and birth date),
            or ``"auto"`` (grouped like per placement).
        sheet: For a workbook: the sheet's name or position (the first by default).
        header_row: The header's row (1 is the first); by default the first of the first ten
            rows with at least two known headers (a title row above it is skipped).
        encoding: For CSV: the text encoding (``"gbk"`` for older spreadsheet programs).
        dayfirst: Read ambiguous dates such as ``01/03/2024`` day first.
        key: A secret key (at least 32 bytes) for veterans' ids from their identity numbers;
            without it ids come from the 序号 or the row, so two ledgers give one person two ids.
        strict: Refuse headers the mapping does not know; when false they are set aside and
            named in the notes.
        errors: ``"raise"`` a :class:`RecordError` listing every problem, or ``"collect"``
            them in the result beside every row read.

    Returns:
        A :class:`Ledger`.

    Raises:
        RecordError: with ``errors="raise"``, any problem; in any mode, a ledger without a
            header row or with unknown headers (when *strict*).
        InvalidInputError: a bad argument (a column mapped to nothing a ledger fills, a short
            key).
    """
    _check_errors(errors)
    if layout not in ("auto", "per_veteran", "per_placement"):
        msg = f"'layout' must be 'auto', 'per_veteran' or 'per_placement', got {layout!r}"
        raise InvalidInputError("layout", msg)
    if key is not None and (not isinstance(key, bytes) or len(key) < _MIN_KEY_BYTES):
        msg = (
            f"'key' must be at least {_MIN_KEY_BYTES} bytes (secrets.token_bytes(32) makes "
            "one; keep it apart from the data)"
        )
        raise InvalidInputError("key", msg)
    mapping = {**LEDGER_COLUMNS_ZH, **(columns or {})}
    for heading, target in (columns or {}).items():
        kind = target.split(".", 1)[0]
        if target != "row_id" and kind not in _KINDS:
            msg = (
                f"'columns' must map headers to 'row_id' or to '<kind>.<column>' of "
                f"{', '.join(_KINDS)}, got {heading!r}: {target!r}"
            )
            raise InvalidInputError("columns", msg)
    file = Path(path)
    problems: list[str] = []
    if workbook_format(file_head(file)) is not None:
        where, rows = sheet_rows(file, sheet=sheet)
        problems.extend(p for row in rows if len(row) == 3 for p in row[2])
    else:
        where, rows = _text_rows(file, encoding, problems)
    header = _find_header(rows, mapping, header_row)
    if header is None or not header[1]:
        found = (
            "no row with two known headers among the first ten"
            if header_row is None
            else (f"row {header_row} is empty")
        )
        msg = f"{where}: a header row is needed ({found}); give header_row="
        raise RecordError([*problems, file_problem(where, msg)], source=str(file))
    header_number, headings = header[0], [cell.strip() for cell in header[1]]
    notes: list[str] = []
    targets: list[str | None] = []
    unknown = []
    for heading in headings:
        fills = mapping.get(heading)
        if fills is None and heading:
            unknown.append(heading)
        targets.append(fills)
    if unknown:
        line = f"{where} row {header_number}: unknown column(s) " + ", ".join(
            repr(h) for h in unknown
        )
        if strict:
            hint = "; map them with columns= or set them aside with strict=False"
            place = Place(f"{where} row {header_number}: ", file=where, row=header_number)
            message = line[len(place) :] + hint
            column = unknown[0] if len(unknown) == 1 else None
            raise RecordError([*problems, place.problem(message, column=column)], source=str(file))
        notes.append(line + " set aside")
    body = [row for row in rows if row[0] > header_number]
    builder = _Builder(where, headings, targets, key=key, dayfirst=dayfirst, notes=notes)
    problems.extend(builder.missing_columns(header_number))
    caseload, row_problems = builder.build(body, layout)
    ledger = Ledger(
        caseload=caseload,
        problems=(*problems, *row_problems),
        notes=tuple(notes),
        source=str(file),
    )
    if errors == "raise":
        ledger.raise_for_problems()
    return ledger


class _Builder:
    """Splits the rows of a ledger into the three kinds' rows and reads each with read_rows."""

    def __init__(
        self,
        where: str,
        headings: list[str],
        targets: list[str | None],
        *,
        key: bytes | None,
        dayfirst: bool,
        notes: list[str],
    ) -> None:
        self.where = where
        self.key = key
        self.dayfirst = dayfirst
        self.notes = notes
        self.headings = headings
        self.positions: dict[str, list[int]] = {}
        for position, target in enumerate(targets):
            if target is not None:
                self.positions.setdefault(target, []).append(position)
        self.columns: dict[str, list[tuple[int, str, str]]] = {kind: [] for kind in _KINDS}
        for position, target in enumerate(targets):
            if target is None or target == "row_id":
                continue
            kind, column = target.split(".", 1)
            self.columns[kind].append((position, headings[position], column))

        self.provider_regions: dict[str, str] = {}
        self.reads: dict[str, bool] = {
            group: any(target.split(".", 1)[0] in _GROUP_KINDS[group] for target in self.positions)
            for group in _NEEDED
        }

    def missing_columns(self, header_number: int) -> list[str]:
        """One problem for each group of columns (training, contacts) the ledger has only in
        part; that group is then not read, the rest of every row is."""
        problems: list[str] = []
        for group, needed in _NEEDED.items():
            absent = [heading for target, heading in needed if target not in self.positions]
            if self.reads[group] and absent:
                self.reads[group] = False
                what = "training" if group == "training" else "service contacts"
                message = (
                    f"the ledger records {what} but has no column for "
                    + ", ".join(repr(h) for h in absent)
                    + f" (or one mapped to {', '.join(t for t, h in needed if h in absent)}); "
                    f"add it, or map its header with columns=: no {what} were read"
                )
                place = Place(f"{self.where} row {header_number}: ", file=self.where)
                problems.append(place.problem(message, column=absent[0]))
        return problems

    def cell(self, cells: list[str], target: str) -> str:
        for position in self.positions.get(target, ()):
            if position < len(cells) and cells[position].strip():
                return cells[position].strip()
        return ""

    def person(self, number: int, cells: list[str]) -> tuple[str, str]:
        """(grouping key, veteran id) of a row."""
        national = self.cell(cells, "veterans.personal.national_id").upper()
        row_id = self.cell(cells, "row_id")
        if national:
            group = "id:" + national
        else:
            name = self.cell(cells, "veterans.personal.name")
            born = self.cell(cells, "veterans.birth_date")
            group = f"name:{name}\x1f{born}" if name else f"row:{number}"
        if self.key is not None and national:
            digest = hmac.new(self.key, national.encode("ascii", "replace"), "sha256")
            return group, "V" + digest.hexdigest()[:16]
        return group, f"V{row_id}" if row_id else f"V{number:06d}"

    def read(
        self,
        kind: str,
        number: int,
        cells: list[str],
        derived: Mapping[str, str],
        problems: list[str],
    ) -> Any:
        header = [heading for _, heading, _ in self.columns[kind]]
        row = [cells[p] if p < len(cells) else "" for p, _, _ in self.columns[kind]]
        mapping = {heading: column for _, heading, column in self.columns[kind]}
        for column, value in derived.items():
            heading = f"{_ID} {column}"
            header.append(heading)
            row.append(value)
            mapping[heading] = column
        cls = _CLASSES[kind]
        result = read_rows(
            self.where,
            self.where,
            header,
            [(number, row)],
            cls,
            columns=mapping,
            dayfirst=self.dayfirst,
            errors="collect",
            check_identity=True,
        )
        problems.extend(result.problems)
        return result.records[0] if result.records else None

    def build(self, rows: Iterable[Any], layout: LedgerLayout) -> tuple[Caseload, list[str]]:
        problems: list[str] = []
        veterans: dict[str, Veteran] = {}
        first_row: dict[str, int] = {}
        ids: dict[str, str] = {}
        employers: dict[str, Employer] = {}
        placements: dict[str, Placement] = {}
        seen: dict[str, tuple[int, Any]] = {}  # training and contacts by id: (row, record)
        untitled = TitleMatcher()
        for item in rows:
            number, cells = item[0], item[1]
            if len(item) == 3 or not any(cell.strip() for cell in cells):
                continue  # an unreadable cell (reported already) or an empty row
            row_problems: list[str] = []
            group, derived_id = self.person(number, cells)
            veteran_id = ids.setdefault(group, derived_id)
            veteran = self.read("veterans", number, cells, {"id": veteran_id}, row_problems)
            if group in first_row and veteran is not None:
                if layout == "per_veteran":
                    row_problems.append(
                        self.at(
                            number,
                            f"the same veteran as row "
                            f"{first_row[group]} (layout='per_veteran' has one row per veteran)",
                        )
                    )
                elif veterans.get(veteran_id) not in (None, veteran):
                    row_problems.append(
                        self.at(
                            number,
                            f"the veteran's details differ from row "
                            f"{first_row[group]}; correct one of the two rows",
                        )
                    )
            employer, placement = self.job(number, cells, veteran_id, row_problems, untitled)
            if placement is not None and placement.id in placements:
                row_problems.append(
                    self.at(number, "repeats a job of the same veteran, employer and start date")
                )
            training = self.training(number, cells, veteran_id, row_problems)
            contact = self.contact(number, cells, veteran_id, row_problems)
            for record in (*training, contact):
                if record is None:
                    continue
                earlier = seen.get(record.id)
                if earlier is not None and earlier[1] != record:
                    what = _WHAT[type(record)]
                    row_problems.append(
                        self.at(number, f"the {what} differs from row {earlier[0]}; correct one")
                    )
            if row_problems:
                problems.extend(row_problems)
                continue
            for record in (*training, contact):
                if record is not None:
                    seen.setdefault(record.id, (number, record))
            if veteran is not None:
                veterans.setdefault(veteran_id, veteran)
                first_row.setdefault(group, number)
            if employer is not None:
                employers.setdefault(employer.id, employer)
            if placement is not None:
                placements[placement.id] = placement
        self.notes.extend(untitled.notes(self.where))
        records = [record for _, record in seen.values()]
        caseload = Caseload(
            veterans=tuple(veterans.values()),
            employers=tuple(employers.values()),
            placements=tuple(placements.values()),
            providers=tuple(r for r in records if isinstance(r, TrainingProvider)),
            programmes=tuple(r for r in records if isinstance(r, Programme)),
            enrolments=tuple(r for r in records if isinstance(r, Enrolment)),
            contacts=tuple(r for r in records if isinstance(r, ServiceContact)),
        )
        return caseload, problems

    def has_any(self, cells: list[str], kinds: Iterable[str]) -> bool:
        """Whether *cells* fill any column of the record *kinds*."""
        return any(
            self.cell(cells, f"{kind}.{column}")
            for kind in kinds
            for _, _, column in self.columns[kind]
        )

    def training(
        self, number: int, cells: list[str], veteran_id: str, problems: list[str]
    ) -> tuple[TrainingProvider | None, Programme | None, Enrolment | None]:
        """The provider, programme and enrolment of a row's training columns, if it has any.

        Ids come from names: a provider's from its normalised name (``K`` + 12 hex digits), a
        programme's from its provider and title (``G``), an enrolment's from its veteran,
        programme and parsed start (``T``), so repeated rows of one veteran give one record.
        """
        if not self.reads["training"] or not self.has_any(cells, _GROUP_KINDS["training"]):
            return None, None, None
        name = self.cell(cells, "providers.name")
        title = self.cell(cells, "programmes.title")
        if not name or not title:
            missing = "培训机构 (providers.name)" if not name else "培训项目 (programmes.title)"
            problems.append(self.at(number, f"a training without its {missing}: fill it in"))
            return None, None, None
        provider_id = "K" + _digest(_employer_key(name), size=6)
        derived = {"id": provider_id}
        if not self.cell(cells, "providers.region"):
            region = self.provider_regions.setdefault(
                provider_id, self.cell(cells, "veterans.region")
            )
            if region:
                derived["region"] = region
                self.notes_once(
                    "provider-region",
                    f"{self.where}: each training provider's region taken from the district of "
                    "the first veteran trained there (the ledger has no provider region); add a "
                    "column mapped to providers.region (e.g. '机构所在区')",
                )
        provider = self.read("providers", number, cells, derived, problems)
        programme_id = "G" + _digest(provider_id, _employer_key(title), size=6)
        derived = {"id": programme_id, "provider_id": provider_id}
        programme = self.read("programmes", number, cells, derived, problems)
        start = self.cell(cells, "enrolments.enrolled_on")
        derived = {
            "id": "T" + _digest(veteran_id, programme_id, start, size=6),
            "veteran_id": veteran_id,
            "programme_id": programme_id,
        }
        enrolment = self.read("enrolments", number, cells, derived, problems)
        if enrolment is not None:
            started = enrolment.enrolled_on.isoformat()
            enrolment = attrs.evolve(
                enrolment, id="T" + _digest(veteran_id, programme_id, started, size=6)
            )
        return provider, programme, enrolment

    def contact(
        self, number: int, cells: list[str], veteran_id: str, problems: list[str]
    ) -> ServiceContact | None:
        """The service contact of a row's contact columns (``C`` + 12 hex digits of the
        veteran, the parsed day and the kind), if it has any."""
        if not self.reads["contacts"] or not self.has_any(cells, ("contacts",)):
            return None
        derived = {"id": "C", "veteran_id": veteran_id}
        contact: ServiceContact | None = self.read("contacts", number, cells, derived, problems)
        if contact is None:
            return None
        key = (veteran_id, contact.occurred_on.isoformat(), contact.kind.value)
        return attrs.evolve(contact, id="C" + _digest(*key, size=6))

    def job(
        self,
        number: int,
        cells: list[str],
        veteran_id: str,
        problems: list[str],
        untitled: TitleMatcher,
    ) -> tuple[Employer | None, Placement | None]:
        name = self.cell(cells, "employers.name")
        has_job = any(
            self.cell(cells, f"placements.{column}") for _, _, column in self.columns["placements"]
        )
        if not name and not has_job:
            return None, None  # no job on this row (a registered veteran without one)
        if not name:
            problems.append(
                self.at(
                    number,
                    "a job without an employer (fill the employer's "
                    "name in the column mapped to employers.name, e.g. '用人单位')",
                )
            )
            return None, None
        normalised = _employer_key(name)
        employer_id = "E" + _digest(normalised, size=6)
        derived = {"id": employer_id}
        if not self.cell(cells, "employers.region"):
            region = self.cell(cells, "veterans.region")
            if region:
                derived["region"] = region
                self.notes_once(
                    "region",
                    f"{self.where}: employers' regions taken from the veteran's district "
                    "(the ledger has no employer region); add a column mapped to "
                    "employers.region (e.g. '单位所在区') where they differ",
                )
        employer = self.read("employers", number, cells, derived, problems)
        title = self.cell(cells, "placements.occupation_title")
        start = self.cell(cells, "placements.started_on")
        derived = {
            # provisional: the id is the hash of the parsed start date (below), so the same job
            # written 2023/1/5 in one sheet and 2023-01-05 in another keeps its id
            "id": "P" + _digest(veteran_id, employer_id, start, size=6),
            "veteran_id": veteran_id,
            "employer_id": employer_id,
        }
        if title and not self.cell(cells, "placements.occupation"):
            code = untitled.code(title)
            if code is not None:
                derived["occupation"] = code
        placement = self.read("placements", number, cells, derived, problems)
        if placement is not None:
            started = placement.started_on.isoformat()
            placement = attrs.evolve(
                placement, id="P" + _digest(veteran_id, employer_id, started, size=6)
            )
        return employer, placement

    def at(self, number: int, message: str) -> str:
        """The problem *message* of row *number*."""
        return Place(f"{self.where} row {number}: ", file=self.where, row=number).problem(message)

    def notes_once(self, key: str, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)
