"""JSON Schema (Draft 2020-12) for every record kind, generated from the model."""

from __future__ import annotations

import inspect
import json
import os
import re
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Final, get_args, get_origin

import attrs

from veteran_services._checks import checked
from veteran_services.errors import InvalidInputError
from veteran_services.io._atomic import check_target, write_bytes
from veteran_services.io._caseload import MANIFEST_FORMAT
from veteran_services.io._converter import DECIMAL_PATTERN, QUARTER_PATTERN, SCALE_KINDS
from veteran_services.io._kinds import KIND_CLASSES, kind_of
from veteran_services.io._migrations import SCHEMA_VERSION
from veteran_services.model import AnswerValue, Placement, Quarter, Scale, Veteran

__all__ = ["DRAFT", "json_schema", "manifest_schema", "write_schemas"]

#: The JSON Schema dialect of every schema.
DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"
_DATE_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_NONE = type(None)


def _summary(obj: Any) -> str:
    """The first paragraph of *obj*'s docstring, on one line."""
    doc = inspect.getdoc(obj) or ""
    paragraph = doc.split("\n\n", 1)[0]
    return " ".join(paragraph.split())


def _documented_attributes(cls: type[Any]) -> dict[str, str]:
    """The ``Attributes:`` entries of a Google-style class docstring."""
    doc = inspect.getdoc(cls) or ""
    match = re.search(r"^Attributes:\n((?:[ \t]+.*\n?|\n)+)", doc, re.MULTILINE)
    if not match:
        return {}
    entries: dict[str, str] = {}
    current = None
    for line in match.group(1).splitlines():
        head = re.match(r"^\s{4}(\w+)(?: \([^)]*\))?:\s*(.*)$", line)
        if head:
            current = head.group(1)
            entries[current] = head.group(2)
        elif current and line.strip():
            entries[current] += " " + line.strip()
    return {name: " ".join(text.split()) for name, text in entries.items()}


_NAMED_FIELDS: Final = {
    "id": "The record's identifier: non-empty, without surrounding whitespace.",
    "region": "The region's code (a GB/T 2260 code for China's divisions).",
    "industry": "The ISIC Rev.4 section letter (A-U), or null when not recorded.",
    "ownership": "Who owns the employer, or null when not recorded.",
    "size": "The employer's size band, or null when not recorded.",
    "occupation": "The ISCO-08 occupation code (1 to 4 digits), or null when only the job "
    "title is recorded.",
    "occupation_title": "The job title as written (e.g. 保安员), or null; a placement has an "
    "occupation code, a title or both.",
    "contract": "The contract type, or null when not recorded ('none' is a recorded 'no "
    "written contract').",
    "branch": "The branch of service, or null when not recorded.",
    "rank": "The rank category, or null when not recorded.",
    "target_occupations": "The ISCO-08 codes the programme trains for.",
    "personal": "Directly identifying details; written only when asked for explicitly.",
    "name": "The name, as written.",
    "title": "The title, as written.",
    "text": "The question as put to the respondent.",
    "scale": "The answer scale, tagged by 'kind': likert, yes_no, numeric, choice or text.",
    "value": "The answer: a whole number (Likert), true/false, a number, text or a list "
    "of chosen options.",
    "version": "The instrument's version (1, 2, ...).",
    "service": "The periods of service, in order and not overlapping (at least one).",
    "started_on": "The first day of the job (YYYY-MM-DD).",
    "ended_on": "The last day (YYYY-MM-DD), or null while it lasts.",
    "enrolled_on": "The day of enrolment (YYYY-MM-DD).",
    "registered_on": "The day of registration (YYYY-MM-DD), or null if unknown.",
    "birth_date": "The date of birth (YYYY-MM-DD), or null if unknown.",
    "closed_on": "The day the venture closed (YYYY-MM-DD), or null while active.",
    "occurred_on": "The day of the contact (YYYY-MM-DD).",
    "collected_on": "The day the answers were collected (YYYY-MM-DD), or null.",
    "start": "The first day of service (YYYY-MM-DD).",
    "end": "The last day of service (YYYY-MM-DD), or null while serving.",
    "monthly_wage": "Gross monthly pay, as Money (amount as a decimal string, currency).",
    "weekly_hours": "Usual weekly working hours (0-168), a decimal string.",
    "contract_months": "The length of a fixed-term contract in months (1-600).",
    "insurance": "The social insurances paid and the housing fund, or null when not "
    "recorded ([] is a recorded 'none paid').",
    "subsidised": "Whether the job is subsidised (a public-welfare post, a wage subsidy).",
    "amount": "An amount of money, or a decimal number, as a string with every digit.",
    "currency": "The ISO 4217 currency code (three upper-case letters).",
    "weight": "The survey weight of the case (above 0; 1 when unweighted).",
    "wave_months": "Months after placement of the follow-up wave (3, 6, 12, ...).",
    "instrument_version": "The version of the instrument used.",
    "hours": "Taught hours of the programme.",
    "cost": "The cost per participant, as Money.",
    "points": "The number of points of the Likert scale (2-11).",
    "options": "The options to choose from, without repeats.",
    "multiple": "Whether several options may be chosen.",
    "reverse": "Whether a high answer is the worse one.",
    "disability_rating": "The service-connected disability rating (0-100).",
    "employees": "Number of employees on the date.",
    "veteran_employees": "Number of employees who are veterans (at most 'employees').",
    "contracted": "Whether the bureau contracts the provider.",
    "partner": "Whether the employer is one of the bureau's partner employers.",
}


def _field_description(cls: type[Any], field: attrs.Attribute[Any]) -> str:
    documented = _documented_attributes(cls).get(field.name)
    if documented:
        return documented
    if field.name in _NAMED_FIELDS:
        return _NAMED_FIELDS[field.name]
    if field.name.endswith("_id"):
        return f"The id of the {field.name[:-3].replace('_', ' ')} this record refers to."
    if field.name.endswith("_ids"):
        return f"The ids of the {field.name[:-4].replace('_', ' ')}s this record refers to."
    words = field.name.replace("_", " ")
    target = _unwrap(field.type)
    if isinstance(target, type) and (issubclass(target, Enum) or attrs.has(target)):
        return f"{words.capitalize()}: {_summary(target)}"
    if target is date:
        return f"{words.capitalize()} (a date, YYYY-MM-DD)."
    return f"{words.capitalize()}."


def _unwrap(tp: Any) -> Any:
    """The element type behind optionals and collections (for descriptions)."""
    args = [a for a in get_args(tp) if a is not _NONE and a is not Ellipsis]
    if get_origin(tp) in (tuple, frozenset) or (args and _NONE in get_args(tp)):
        return _unwrap(args[0]) if len(args) == 1 else tp
    return tp


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, tp: Any) -> dict[str, Any]:
        if tp == Scale:
            return {"oneOf": [self.ref(cls, tag=kind) for kind, cls in SCALE_KINDS.items()]}
        if tp == AnswerValue:
            return {
                "anyOf": [
                    {"type": ["boolean", "number", "string"]},
                    {"type": "array", "items": {"type": "string"}},
                ]
            }
        args = get_args(tp)
        origin = get_origin(tp)
        if args and _NONE in args and origin not in (tuple, frozenset):
            rest = [a for a in args if a is not _NONE]
            inner = rest[0] if len(rest) == 1 else None
            if inner is None:  # pragma: no cover - the model has no such field
                msg = f"unsupported union {tp!r}"
                raise TypeError(msg)
            return {"anyOf": [self.type_schema(inner), {"type": "null"}]}
        if origin is tuple:
            return {"type": "array", "items": self.type_schema(args[0])}
        if origin is frozenset:
            return {"type": "array", "items": self.type_schema(args[0]), "uniqueItems": True}
        if tp is str:
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is Decimal:
            return {
                "type": "string",
                "pattern": DECIMAL_PATTERN,
                "description": "A decimal number written as a string, every digit kept.",
            }
        if tp is date:
            return {"type": "string", "format": "date", "pattern": _DATE_PATTERN}
        if tp is Quarter:
            return {
                "type": "string",
                "pattern": QUARTER_PATTERN,
                "description": "A calendar quarter, written like 2024Q1.",
            }
        if isinstance(tp, type) and issubclass(tp, Enum):
            return {"type": "string", "enum": [member.value for member in tp]}
        if isinstance(tp, type) and attrs.has(tp):
            return self.ref(tp)
        msg = f"no JSON Schema for {tp!r}"  # pragma: no cover - the model has no such field
        raise TypeError(msg)

    def ref(self, cls: type[Any], tag: str | None = None) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve the name: recursion stops here
            self.defs[name] = self.object_schema(cls, tag=tag)
        return {"$ref": f"#/$defs/{name}"}

    def object_schema(self, cls: type[Any], tag: str | None = None) -> dict[str, Any]:
        fields = attrs.fields(attrs.resolve_types(cls))
        properties: dict[str, Any] = {}
        required: list[str] = []
        if tag is not None:
            properties["kind"] = {"const": tag, "description": "Which kind of scale this is."}
            required.append("kind")
        for field in fields:
            if not field.init:
                continue
            schema = self.type_schema(field.type)
            if "$ref" in schema:
                # Keywords beside $ref are fine in 2020-12, but keep the reference clean.
                schema = {"allOf": [schema]}
            schema["description"] = _field_description(cls, field)
            properties[field.name] = schema
            if field.default is attrs.NOTHING:
                required.append(field.name)
        schema = {
            "title": cls.__name__,
            "description": _summary(cls),
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        if cls is Placement:
            # the model's rule: an occupation code, a job title, or both
            schema["anyOf"] = [
                {"required": [name], "properties": {name: {"type": "string"}}}
                for name in ("occupation", "occupation_title")
            ]
        return schema


@checked
def json_schema(cls: type[Any] | str) -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of a record kind as this library writes it.

    Field descriptions come from the model's docstrings; enums list their values, dates have
    ``format: date``, money amounts and other decimals are strings matching
    ``^-?[0-9]+(\\.[0-9]+)?$``. ``additionalProperties`` is false throughout, as the strict
    reader refuses unknown keys.

    Args:
        cls: A record class (:class:`~veteran_services.model.Placement`) or a record kind
            (``"placements"``).

    >>> schema = json_schema("placements")
    >>> schema["title"], schema["properties"]["started_on"]["format"]
    ('Placement', 'date')
    """
    if isinstance(cls, str):
        if cls not in KIND_CLASSES:
            msg = f"'cls' must be a record class or one of {', '.join(KIND_CLASSES)}, got {cls!r}"
            raise InvalidInputError("cls", msg)
        cls = KIND_CLASSES[cls]
    if not (isinstance(cls, type) and attrs.has(cls)):
        msg = f"'cls' must be a record class such as Placement, got {cls!r}"
        raise InvalidInputError("cls", msg)
    builder = _Builder()
    body = builder.object_schema(cls)
    name = kind_of(cls) or cls.__name__
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": f"urn:veteran-services:schema:{SCHEMA_VERSION}:{name}",
        "x-schema-version": SCHEMA_VERSION,
        **body,
    }
    if cls is Veteran:
        schema["description"] += (
            " The 'personal' object is present only in files written with include_personal."
        )
    if builder.defs:
        schema["$defs"] = builder.defs
    return schema


@checked
def manifest_schema() -> dict[str, Any]:
    """The JSON Schema of a caseload folder's ``manifest.json``."""
    kinds = {kind: {"type": "integer", "minimum": 0} for kind in KIND_CLASSES}
    return {
        "$schema": DRAFT,
        "$id": f"urn:veteran-services:schema:{SCHEMA_VERSION}:manifest",
        "x-schema-version": SCHEMA_VERSION,
        "title": "Caseload manifest",
        "description": "What a caseload folder holds and which versions wrote it.",
        "type": "object",
        "properties": {
            "format": {"const": MANIFEST_FORMAT},
            "schema_version": {"type": "integer", "minimum": 0, "maximum": SCHEMA_VERSION},
            "library_version": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
            "includes_personal": {"type": "boolean"},
            "counts": {
                "type": "object",
                "properties": kinds,
                "additionalProperties": False,
            },
            "files": {
                "type": "object",
                "properties": {kind: {"type": "string"} for kind in KIND_CLASSES},
                "additionalProperties": False,
            },
        },
        "required": ["format", "schema_version", "counts"],
    }


@checked
def write_schemas(folder: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Write ``<kind>.schema.json`` for every record kind and ``manifest.schema.json``.

    Each file is written atomically (a temporary file moved into place when complete). A
    schema file already in *folder* is refused, naming it, before any file is written, unless
    *overwrite* (then each is replaced in one step); other files in *folder* are left alone.
    A folder or a file that is a symbolic link is refused, never written through.

    Args:
        folder: The folder (created with its parents if needed).
        overwrite: Replace schema files written before; refused otherwise.

    Returns:
        The files written, in :data:`~veteran_services.model.RECORD_KINDS` order, manifest last.

    Raises:
        InvalidInputError: if *folder*, or a schema file in it, is a symbolic link, or a
            schema file exists without *overwrite*.
    """
    target = Path(folder)
    check_target(Path(os.path.abspath(target)), argument="folder", folder=True)
    schemas = [(kind, json_schema(kind)) for kind in KIND_CLASSES]
    schemas.append(("manifest", manifest_schema()))
    paths = [target / f"{name}.schema.json" for name, _ in schemas]
    for path in paths:  # every link refused before the first file is written
        check_target(path, argument="folder")
    existing = [path for path in paths if path.exists()]
    if existing and not overwrite:
        more = len(existing) - 1
        msg = (
            f"'folder' holds schema files written before: {str(existing[0])!r} already exists"
            f"{f' (and {more} more)' if more else ''}; pass overwrite=True to replace them, or "
            "choose a new folder"
        )
        raise InvalidInputError("folder", msg)
    target.mkdir(parents=True, exist_ok=True)
    for path, (_, schema) in zip(paths, schemas, strict=True):
        text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        write_bytes(path, text.encode("utf-8"), argument="folder", overwrite=overwrite)
    return paths
