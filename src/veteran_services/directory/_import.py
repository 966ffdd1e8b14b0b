"""Reading providers and programmes back from an HSDS 3 package (CSV or JSON form)."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Final, TypeVar

from attrs import frozen

from veteran_services._checks import checked
from veteran_services.directory._export import (
    DATAPACKAGE,
    KIND_ENUMS,
    TAXONOMIES,
    Form,
)
from veteran_services.directory._layout import COLUMNS, CSV_FILES, REQUIRED, TABLES
from veteran_services.errors import InvalidInputError, InvalidRecordError, RecordError
from veteran_services.model import (
    CredentialKind,
    Money,
    Programme,
    ProgrammeKind,
    ProviderKind,
    TrainingProvider,
)

__all__ = ["MAX_FILE_BYTES", "read_hsds"]

_E = TypeVar("_E", bound=Enum)

#: The largest file read (a directory of thousands of providers is a few megabytes).
MAX_FILE_BYTES: Final = 2**28

# What the JSON form nests under each table: key -> (child table, the child's column naming
# its parent, or None when the child is an object the parent refers to).
_NESTED: Final[dict[str, dict[str, tuple[str, str | None]]]] = {
    "organization": {
        "locations": ("location", "organization_id"),
        "programs": ("program", "organization_id"),
    },
    "service": {
        "service_at_locations": ("service_at_location", "service_id"),
        "cost_options": ("cost_option", "service_id"),
        "program": ("program", None),
        "organization": ("organization", None),
    },
    "service_at_location": {"location": ("location", None)},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", None)},
    "attribute": {"taxonomy_term": ("taxonomy_term", None)},
}
_TABLE_OF_FILE: Final = {
    "organizations.json": "organization",
    "services.json": "service",
    "taxonomies.json": "taxonomy",
    "taxonomy_terms.json": "taxonomy_term",
}


@frozen
class _Row:
    """A row of a table and where it was read (``organizations.csv row 3``)."""

    where: str
    values: dict[str, str]

    def get(self, column: str) -> str | None:
        value = self.values.get(column)
        return value if value else None


class _Tables:
    def __init__(self) -> None:
        self.rows: dict[str, list[_Row]] = {table: [] for table in TABLES}
        self.by_id: dict[str, dict[str, _Row]] = {table: {} for table in TABLES}
        self.problems: list[str] = []

    def add(self, table: str, row: _Row, *, nested: bool = False) -> None:
        for column in sorted(REQUIRED[table]):
            if not row.get(column):
                self.problems.append(
                    f"{row.where}, column {column!r}: required by HSDS 3 but empty or missing"
                )
        row_id = row.get("id")
        if row_id is None:
            return
        earlier = self.by_id[table].get(row_id)
        if earlier is not None:
            if nested and earlier.values == row.values:
                return  # the same object nested twice (a term under many attributes)
            self.problems.append(
                f"{row.where}, column 'id': {table} id {row_id!r} is also used by {earlier.where}"
            )
            return
        self.by_id[table][row_id] = row
        self.rows[table].append(row)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (str, int)):
        return str(value)
    return None


def _read_bytes(path: Path, name: str, problems: list[str]) -> bytes | None:
    if path.is_symlink():
        problems.append(f"{name}: is a symbolic link, not read (copy the real file in)")
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(f"{name}: {size} bytes, more than the {MAX_FILE_BYTES} read")
            return None
        return path.read_bytes()
    except OSError as error:
        problems.append(f"{name}: not readable ({error.strerror})")
        return None


def _decode(data: bytes, name: str, problems: list[str]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(f"{name}: not UTF-8 (byte {error.start})")
        return None


def _read_csv(folder: Path, tables: _Tables) -> None:
    for table in TABLES:
        name = CSV_FILES[table]
        path = folder / name
        if not path.exists() and not path.is_symlink():
            continue  # an absent table is an empty one
        data = _read_bytes(path, name, tables.problems)
        text = None if data is None else _decode(data, name, tables.problems)
        if text is None:
            continue
        for row in _csv_rows(text, name, table, tables.problems):
            tables.add(table, row)


def _csv_rows(text: str, name: str, table: str, problems: list[str]) -> Iterator[_Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            problems.append(f"{name}: empty; a CSV of the package starts with its header row")
            return
        repeated = sorted({column for column in header if header.count(column) > 1})
        if repeated:
            problems.append(f"{name} row 1: column {repeated[0]!r} appears more than once")
            return
        missing = sorted(REQUIRED[table] - set(header))
        if missing:
            problems.append(
                f"{name} row 1: no column {missing[0]!r}"
                + (f" (nor {', '.join(map(repr, missing[1:]))})" if missing[1:] else "")
                + f"; HSDS 3 requires it in {name}"
            )
            return
        for number, cells in enumerate(reader, start=2):
            if not any(cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    f"{name} row {number}: {len(cells)} cells, the header has {len(header)}"
                )
                continue
            values = {column: cell for column, cell in zip(header, cells, strict=True) if cell}
            yield _Row(f"{name} row {number}", values)
    except csv.Error as error:
        problems.append(f"{name} row {reader.line_num}: not readable as CSV ({error})")


def _read_json(folder: Path, tables: _Tables) -> None:
    for name, table in _TABLE_OF_FILE.items():
        path = folder / name
        if not path.exists() and not path.is_symlink():
            continue
        data = _read_bytes(path, name, tables.problems)
        text = None if data is None else _decode(data, name, tables.problems)
        if text is None:
            continue
        try:
            items = json.loads(text, parse_float=Decimal)
        except ValueError as error:
            tables.problems.append(f"{name}: not JSON ({error})")
            continue
        if not isinstance(items, list):
            tables.problems.append(f"{name}: must hold a list of {table} objects")
            continue
        for number, item in enumerate(items):
            _flatten(table, item, f"{name} $[{number}]", {}, tables)


def _flatten(
    table: str, item: object, where: str, inherited: dict[str, str], tables: _Tables
) -> None:
    if not isinstance(item, dict):
        tables.problems.append(f"{where}: must be a {table} object")
        return
    values = dict(inherited)
    for key, value in item.items():
        if key in COLUMNS[table]:
            text = _text(value)
            if text is None and value is not None:
                tables.problems.append(f"{where}.{key}: must be text or a number")
            elif text:
                values[key] = text
    tables.add(table, _Row(where, values), nested=True)
    own = values.get("id", "")
    for key, (child, link) in _NESTED.get(table, {}).items():
        value = item.get(key)
        if value is None:
            continue
        if link is None:
            _flatten(child, value, f"{where}.{key}", {}, tables)
        elif isinstance(value, list):
            for number, element in enumerate(value):
                _flatten(child, element, f"{where}.{key}[{number}]", {link: own}, tables)
        else:
            tables.problems.append(f"{where}.{key}: must be a list")
    attributes = item.get("attributes")
    if isinstance(attributes, list):
        for number, element in enumerate(attributes):
            context = {"link_id": own, "link_entity": table}
            _flatten("attribute", element, f"{where}.attributes[{number}]", context, tables)
    elif attributes is not None:
        tables.problems.append(f"{where}.attributes: must be a list")


_Link = tuple[_Row, str, str]  # the attribute row, the taxonomy key, the term's code


class _Reader:
    """Turns the rows of a package into providers and programmes, noting every problem."""

    def __init__(self, tables: _Tables) -> None:
        self.tables = tables
        self.problems = tables.problems
        self.links: dict[str, list[_Link]] = {}
        self._index_attributes()

    def _index_attributes(self) -> None:
        by_id = {taxonomy.id: key for key, taxonomy in TAXONOMIES.items()}
        by_name = {taxonomy.name.casefold(): key for key, taxonomy in TAXONOMIES.items()}
        keys = dict(by_id)
        for row in self.tables.rows["taxonomy"]:
            key = by_id.get(row.values["id"]) or by_name.get((row.get("name") or "").casefold())
            if key is not None:
                keys[row.values["id"]] = key
        terms: dict[str, tuple[str, str]] = {}
        for row in self.tables.rows["taxonomy_term"]:
            key = keys.get(row.get("taxonomy_id") or "") or by_name.get(
                (row.get("taxonomy") or "").casefold()
            )
            if key is None:
                continue  # a term of another taxonomy: not the library's
            code = row.get("code")
            if code is None:
                name = TAXONOMIES[key].name
                self.problems.append(
                    f"{row.where}, column 'code': empty; a term of {name!r} needs its code"
                )
                continue
            terms[row.values["id"]] = (key, code)
        known_terms = self.tables.by_id["taxonomy_term"]
        for row in self.tables.rows["attribute"]:
            term_id = row.get("taxonomy_term_id") or ""
            term = terms.get(term_id)
            if term is None:
                if term_id and term_id not in known_terms:
                    self.problems.append(
                        f"{row.where}, column 'taxonomy_term_id': no taxonomy_term has id "
                        f"{term_id!r}"
                    )
                continue
            self.links.setdefault(row.get("link_id") or "", []).append((row, *term))

    def _single(self, row: _Row, entity: str, key: str, code: str | None = None) -> _Link | None:
        found = [
            link
            for link in self.links.get(row.values.get("id", ""), [])
            if link[1] == key and (code is None or link[2] == code)
        ]
        if len(found) > 1:
            what = code or TAXONOMIES[key].name
            self.problems.append(
                f"{row.where}: {len(found)} attributes give the {entity}'s {what!r} "
                f"({found[0][0].where}; {found[1][0].where}); one is expected"
            )
            return None
        return found[0] if found else None

    def _missing(self, row: _Row, entity: str, what: str, key: str, code: str | None) -> None:
        name = TAXONOMIES[key].name
        term = "a term" if code is None else f"the term {code!r}"
        self.problems.append(
            f"{row.where}, column 'id': no attribute links this {entity} to {term} "
            f"of the taxonomy {name!r} ({what})"
        )

    def _value(self, link: _Link, what: str) -> str | None:
        value = link[0].get("value")
        if value is None:
            self.problems.append(f"{link[0].where}, column 'value': empty; it must hold {what}")
        return value

    def _kind(self, row: _Row, entity: str, enum: type[_E], *, required: bool) -> _E | None:
        key = next(key for key, kinds in KIND_ENUMS.items() if kinds is enum)
        link = self._single(row, entity, key)
        if link is None:
            if required and not self._repeated(row, key):
                self._missing(row, entity, f"its {enum.__name__}", key, None)
            return None
        try:
            return enum(link[2])
        except ValueError:
            choices = ", ".join(member.value for member in enum)
            self.problems.append(
                f"{link[0].where}, column 'taxonomy_term_id': the term's code {link[2]!r} is not "
                f"a {enum.__name__} (one of {choices})"
            )
            return None

    def _repeated(self, row: _Row, key: str) -> bool:
        return sum(link[1] == key for link in self.links.get(row.values.get("id", ""), [])) > 1

    def providers(self) -> tuple[dict[str, str], tuple[TrainingProvider, ...]]:
        """The providers, and the provider id of each organization id."""
        locations: dict[str, list[_Row]] = {}
        for location in self.tables.rows["location"]:
            locations.setdefault(location.get("organization_id") or "", []).append(location)
        of_organization: dict[str, str] = {}
        seen: dict[str, str] = {}
        providers = []
        for row in self.tables.rows["organization"]:
            problems = len(self.problems)
            provider_id = self._library_id(row, "organization", "provider_id", seen)
            kind = self._kind(row, "organization", ProviderKind, required=True)
            region = self._region(row, locations.get(row.values.get("id", ""), []))
            contracted = False
            link = self._single(row, "organization", "fields", "contracted")
            if link is not None:
                value = self._value(link, "'true' or 'false'")
                if value is not None and value.casefold() not in ("true", "false"):
                    self.problems.append(
                        f"{link[0].where}, column 'value': must be 'true' or 'false', got {value!r}"
                    )
                contracted = (value or "").casefold() == "true"
            name = row.get("name")
            if len(self.problems) > problems or provider_id is None or name is None:
                continue
            if kind is None or region is None:
                continue
            try:
                provider = TrainingProvider(
                    id=provider_id,
                    name=name,
                    kind=kind,
                    region=region,
                    contracted=contracted,
                )
            except InvalidRecordError as error:
                self.problems.append(f"{row.where}: {error}")
                continue
            of_organization[row.values["id"]] = provider.id
            providers.append(provider)
        return of_organization, tuple(providers)

    def _library_id(self, row: _Row, entity: str, code: str, seen: dict[str, str]) -> str | None:
        link = self._single(row, entity, "fields", code)
        if link is None:
            if not self._repeated(row, "fields"):
                self._missing(row, entity, "the library's id", "fields", code)
            return None
        value = self._value(link, "the library's id")
        if value is None:
            return None
        earlier = seen.get(value)
        if earlier is not None:
            self.problems.append(
                f"{link[0].where}, column 'value': the id {value!r} is also the id of {earlier}"
            )
            return None
        seen[value] = row.where
        return value

    def _region(self, row: _Row, locations: list[_Row]) -> str | None:
        link = self._single(row, "organization", "gb-t-2260")
        if link is not None:
            return link[2]
        coded = [
            location.values["external_identifier"]
            for location in locations
            if location.get("external_identifier")
            and (location.get("external_identifier_type") or "").replace(" ", "").upper()
            == "GB/T2260"
        ]
        if len(set(coded)) == 1:
            return coded[0]
        if not self._repeated(row, "gb-t-2260"):
            self.problems.append(
                f"{row.where}, column 'id': no attribute links this organization to a term of "
                "'GB/T 2260', and no single location of it has a GB/T 2260 external_identifier "
                "(the provider's region)"
            )
        return None

    def programmes(self, of_organization: dict[str, str]) -> tuple[Programme, ...]:
        """The programmes, one per service."""
        costs: dict[str, list[_Row]] = {}
        for option in self.tables.rows["cost_option"]:
            costs.setdefault(option.get("service_id") or "", []).append(option)
        organizations = self.tables.by_id["organization"]
        seen: dict[str, str] = {}
        programmes = []
        for row in self.tables.rows["service"]:
            problems = len(self.problems)
            programme_id = self._library_id(row, "service", "programme_id", seen)
            organization = row.get("organization_id") or ""
            provider_id = of_organization.get(organization)
            if organization and organization not in organizations:
                self.problems.append(
                    f"{row.where}, column 'organization_id': no organization has id "
                    f"{organization!r}"
                )
            kind = self._kind(row, "service", ProgrammeKind, required=True)
            credential = self._kind(row, "service", CredentialKind, required=False)
            service_id = row.values.get("id", "")
            occupations = {
                link[2] for link in self.links.get(service_id, []) if link[1] == "isco-08"
            }
            hours = self._hours(row)
            cost = self._cost(row, costs.get(service_id, []))
            title = row.get("name")
            if len(self.problems) > problems or programme_id is None or kind is None:
                continue
            if provider_id is None or title is None:
                continue
            try:
                programme = Programme(
                    id=programme_id,
                    provider_id=provider_id,
                    title=title,
                    kind=kind,
                    target_occupations=frozenset(occupations),
                    credential=credential,
                    hours=hours,
                    cost=cost,
                )
            except InvalidRecordError as error:
                self.problems.append(f"{row.where}: {error}")
                continue
            programmes.append(programme)
        return tuple(programmes)

    def _hours(self, row: _Row) -> int | None:
        link = self._single(row, "service", "fields", "hours")
        if link is None:
            return None
        value = self._value(link, "the programme's hours")
        if value is None:
            return None
        if not (value.isascii() and value.isdigit()):
            self.problems.append(
                f"{link[0].where}, column 'value': hours must be a whole number, got {value!r}"
            )
            return None
        return int(value)

    def _cost(self, row: _Row, options: list[_Row]) -> Money | None:
        if not options:
            return None
        if len(options) > 1:
            self.problems.append(
                f"{row.where}: {len(options)} cost options ({options[0].where}; "
                f"{options[1].where}); a programme has one cost"
            )
            return None
        option = options[0]
        exact = self._single(option, "cost_option", "fields", "amount")
        text = self._value(exact, "the exact amount") if exact is not None else None
        where = f"{exact[0].where}, column 'value'" if exact is not None else None
        if text is None:
            text, where = option.get("amount"), f"{option.where}, column 'amount'"
        if text is None:
            self.problems.append(f"{option.where}, column 'amount': empty; a cost needs one")
            return None
        currency = option.get("currency")
        if currency is None:
            self.problems.append(
                f"{option.where}, column 'currency': empty; a cost needs its ISO 4217 currency"
            )
            return None
        try:
            return Money(amount=Decimal(text), currency=currency.upper())
        except InvalidOperation:
            self.problems.append(f"{where}: must be a decimal number, got {text!r}")
        except InvalidRecordError as error:
            self.problems.append(f"{option.where}: {error}")
        return None


def _detect(folder: Path) -> Form:
    has_csv = (folder / CSV_FILES["organization"]).exists() or (folder / DATAPACKAGE).exists()
    has_json = (folder / "organizations.json").exists()
    if has_csv and has_json:
        msg = (
            f"'folder' holds both forms ({CSV_FILES['organization']} and organizations.json); "
            "say which to read with form='csv' or form='json'"
        )
        raise InvalidInputError("folder", msg)
    if not (has_csv or has_json):
        msg = (
            f"'folder' holds neither {CSV_FILES['organization']} nor organizations.json, so it "
            "is not an HSDS 3 package"
        )
        raise InvalidInputError("folder", msg)
    return "csv" if has_csv else "json"


@checked
def read_hsds(
    folder: str | os.PathLike[str], *, form: Form | None = None
) -> tuple[tuple[TrainingProvider, ...], tuple[Programme, ...]]:
    """Read the providers and programmes of an HSDS 3 package.

    Reads a package :func:`write_hsds` wrote, in either form, and, as far as it can, any HSDS 3
    package: columns and tables the library does not use are passed over, absent tables are
    empty, and terms of other taxonomies are left alone. Every organization is a provider and
    every service a programme, so each needs the attributes that carry the library's id and
    kind (and, for a provider, its region: an attribute or the GB/T 2260
    ``external_identifier`` of its location).

    Args:
        folder: The package's folder.
        form: ``"csv"`` or ``"json"``; found from the files when left out.

    Returns:
        The providers in the order of the organizations, and the programmes in the order of
        the services.

    Raises:
        InvalidInputError: for a *folder* that is not a folder or holds no package, or
            another *form*.
        RecordError: listing every problem of the package together, each naming the file,
            the row (or JSON path) and the column.
    """
    path = Path(folder)
    if not path.is_dir():
        msg = f"'folder' must be an existing folder, got {str(path)[:120]!r}"
        raise InvalidInputError("folder", msg)
    if form is None:
        form = _detect(path)
    elif form not in ("csv", "json"):
        msg = f"'form' must be 'csv' or 'json', got {form!r}"
        raise InvalidInputError("form", msg)
    tables = _Tables()
    if form == "csv":
        if not (path / CSV_FILES["organization"]).exists():
            tables.problems.append(f"{CSV_FILES['organization']}: missing")
        _read_csv(path, tables)
    else:
        if not (path / "organizations.json").exists():
            tables.problems.append("organizations.json: missing")
        _read_json(path, tables)
    reader = _Reader(tables)
    of_organization, providers = reader.providers()
    programmes = reader.programmes(of_organization)
    if tables.problems:
        raise RecordError(tables.problems, source=str(path))
    return providers, programmes
