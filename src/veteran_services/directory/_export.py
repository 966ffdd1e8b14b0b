"""Building and writing the HSDS 3 directory of training providers and their programmes."""

from __future__ import annotations

import csv
import io
import json
import os
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal

from attrs import field, frozen

from veteran_services._checks import checked
from veteran_services.codes import (
    ISCO08_SOURCE,
    REGIONS_VERSION,
    Lang,
    default_regions,
    label,
    occupation,
)
from veteran_services.directory._layout import (
    COLUMNS,
    CSV_FILES,
    JSON_FILES,
    TABLES,
    datapackage,
)
from veteran_services.errors import InvalidInputError
from veteran_services.io import atomic_folder
from veteran_services.model import (
    Caseload,
    CredentialKind,
    Programme,
    ProgrammeKind,
    ProviderKind,
    TrainingProvider,
)

__all__ = [
    "DATAPACKAGE",
    "NAMESPACE",
    "TAXONOMIES",
    "Form",
    "HsdsPackage",
    "Taxonomy",
    "hsds_id",
    "to_hsds",
    "write_hsds",
]

#: The namespace of every id the directory derives: ``uuid5(NAMESPACE_URL,
#: "urn:veteran-services:hsds-3")``. Fixed for good: changing it would change every id.
NAMESPACE: Final = uuid.UUID("c74fc93e-270a-5cca-bc83-99ce13de1372")

#: The manifest of the CSV form.
DATAPACKAGE: Final = "datapackage.json"

#: The two forms of a package.
Form = Literal["csv", "json"]

_FORMS: Final = ("csv", "json")
_LANGS: Final = ("en", "zh")
#: Every name a directory folder may hold (of either form).
OWN_NAMES: Final = frozenset({*CSV_FILES.values(), DATAPACKAGE, *JSON_FILES})


@checked
def hsds_id(table: str, library_id: str) -> str:
    """The HSDS id of a row: ``uuid5(NAMESPACE, f"{table}:{library_id}")`` as text.

    The same library id always gives the same HSDS id, so a directory published again keeps
    its ids.

    >>> hsds_id("organization", "TP01")
    '...-...-5...-...-...'
    >>> hsds_id("organization", "TP01") == hsds_id("organization", "TP01")
    True
    """
    return str(uuid.uuid5(NAMESPACE, f"{table}:{library_id}"))


@frozen(kw_only=True)
class Taxonomy:
    """One of the taxonomies the directory carries the library's codes and fields in.

    Attributes:
        key: The stable key the ids derive from (``hsds_id("taxonomy", key)``).
        name: The taxonomy's name in the package (also how a reader recognises it).
        description_en: The description in English.
        description_zh: The description in Chinese.
        uri: The taxonomy's URI, if it has one.
        version: The version of the code list, if it has one.
    """

    key: str
    name: str
    description_en: str
    description_zh: str
    uri: str | None = None
    version: str | None = None

    @property
    def id(self) -> str:
        """The taxonomy's HSDS id."""
        return hsds_id("taxonomy", self.key)

    def description(self, lang: Lang) -> str:
        """The description in *lang*."""
        return self.description_zh if lang == "zh" else self.description_en


#: The taxonomies of a directory, by key.
TAXONOMIES: Final = MappingProxyType(
    {
        taxonomy.key: taxonomy
        for taxonomy in (
            Taxonomy(
                key="fields",
                name="veteran-services fields",
                description_en=(
                    "Fields of the veteran-services records that HSDS has no column for; the "
                    "attribute's value holds the field's value."
                ),
                description_zh=(
                    "veteran-services 记录中 HSDS 没有对应列的字段；属性的 value 为字段值。"
                ),
            ),
            Taxonomy(
                key="isco-08",
                name="ISCO-08",
                description_en="International Standard Classification of Occupations 2008: "
                + ISCO08_SOURCE,
                description_zh="国际标准职业分类（ISCO-08）：" + ISCO08_SOURCE,
                uri="https://www.ilo.org/public/english/bureau/stat/isco/isco08/",
                version="ISCO-08",
            ),
            Taxonomy(
                key="gb-t-2260",
                name="GB/T 2260",
                description_en="Codes for the administrative divisions of the People's Republic of "
                "China (GB/T 2260).",
                description_zh="中华人民共和国行政区划代码（GB/T 2260）。",
                version=REGIONS_VERSION,
            ),
            Taxonomy(
                key="provider-kind",
                name="veteran-services provider kinds",
                description_en="Kinds of training provider (veteran_services.ProviderKind).",
                description_zh="培训机构类型（veteran_services.ProviderKind）。",
            ),
            Taxonomy(
                key="programme-kind",
                name="veteran-services programme kinds",
                description_en="Kinds of training programme (veteran_services.ProgrammeKind).",
                description_zh="培训项目类型（veteran_services.ProgrammeKind）。",
            ),
            Taxonomy(
                key="credential-kind",
                name="veteran-services credential kinds",
                description_en="Kinds of credential a programme leads to "
                "(veteran_services.CredentialKind).",
                description_zh="培训项目颁发的证书类型（veteran_services.CredentialKind）。",
            ),
        )
    }
)

#: The terms of the ``fields`` taxonomy: code -> (English name, Chinese name, what it holds).
FIELD_TERMS: Final = {
    "provider_id": ("Provider id", "培训机构编号", "The provider's id in veteran-services."),
    "programme_id": ("Programme id", "培训项目编号", "The programme's id in veteran-services."),
    "contracted": (
        "Contracted by the bureau",
        "定点承训机构",
        "Whether the bureau contracts the provider: 'true' or 'false'.",
    ),
    "hours": ("Hours", "学时", "The programme's length in hours (a whole number)."),
    "amount": (
        "Exact amount",
        "精确金额",
        (
            "The cost option's amount as an exact decimal number (the amount of the JSON "
            "form is a binary floating-point number)."
        ),
    ),
}

#: The enum each kind taxonomy lists.
KIND_ENUMS: Final[dict[str, type[Enum]]] = {
    "provider-kind": ProviderKind,
    "programme-kind": ProgrammeKind,
    "credential-kind": CredentialKind,
}

Row = dict[str, str]
#: A row as the package holds it: read-only.
FrozenRow = Mapping[str, str]


@frozen(kw_only=True)
class HsdsPackage:
    """A directory as HSDS 3 tables: what :func:`write_hsds` writes in either form.

    Attributes:
        tables: Each table's rows (``organization``, ``location``, ``program``, ``service``,
            ``service_at_location``, ``cost_option``, ``taxonomy``, ``taxonomy_term``,
            ``attribute``), each row a mapping of column to text holding only the columns
            that have a value, in the order of the HSDS tabular layout.
        lang: The language of the generated descriptions and term names.
    """

    tables: Mapping[str, tuple[FrozenRow, ...]] = field(repr=False)
    lang: Lang = "zh"

    def rows(self, table: str) -> tuple[FrozenRow, ...]:
        """The rows of *table* (a table name such as ``"organization"``)."""
        if table not in self.tables:
            known = ", ".join(TABLES)
            msg = f"'table' must be one of {known}, got {table!r}"
            raise InvalidInputError("table", msg)
        return self.tables[table]

    def csv_files(self, *, bom: bool = False) -> dict[str, bytes]:
        """The files of the CSV form: one CSV per table, with ``datapackage.json``.

        Args:
            bom: Start each CSV with a UTF-8 byte order mark (for spreadsheet programs).
        """
        files = {}
        for table in TABLES:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(COLUMNS[table])
            for row in self.tables[table]:
                writer.writerow([row.get(column, "") for column in COLUMNS[table]])
            text = ("\ufeff" if bom else "") + buffer.getvalue()
            files[CSV_FILES[table]] = _encode(text, CSV_FILES[table])
        title = (
            "培训机构与培训项目目录" if self.lang == "zh" else "Training providers and programmes"
        )
        manifest = datapackage(encoding="utf-8-sig" if bom else "utf-8", title=title)
        files[DATAPACKAGE] = _json_bytes(manifest)
        return files

    def json_documents(self) -> dict[str, list[dict[str, Any]]]:
        """The documents of the JSON form: file name -> list of HSDS objects.

        ``organizations.json`` holds each organization with its locations, programs and
        attributes; ``services.json`` each service with its service_at_locations,
        cost_options and attributes; ``taxonomies.json`` and ``taxonomy_terms.json`` the
        taxonomies and every term. An attribute carries its taxonomy_term, and the term its
        taxonomy_detail.
        """
        taxonomies = {row["id"]: row for row in self.tables["taxonomy"]}
        terms = {row["id"]: row for row in self.tables["taxonomy_term"]}
        attributes: dict[str, list[dict[str, Any]]] = {}
        for row in self.tables["attribute"]:
            term: dict[str, Any] = dict(terms[row["taxonomy_term_id"]])
            term["taxonomy_detail"] = dict(taxonomies[term["taxonomy_id"]])
            attributes.setdefault(row["link_id"], []).append({**row, "taxonomy_term": term})

        def children(table: str, key: str, parent: str) -> list[dict[str, Any]]:
            return [_object(row, attributes) for row in self.tables[table] if row[key] == parent]

        organizations = []
        for row in self.tables["organization"]:
            item = _object(row, attributes)
            item["locations"] = children("location", "organization_id", row["id"])
            item["programs"] = children("program", "organization_id", row["id"])
            organizations.append(item)
        services = []
        for row in self.tables["service"]:
            item = _object(row, attributes)
            item["service_at_locations"] = children("service_at_location", "service_id", row["id"])
            item["cost_options"] = children("cost_option", "service_id", row["id"])
            services.append(item)
        return {
            "organizations.json": organizations,
            "services.json": services,
            "taxonomies.json": [dict(row) for row in self.tables["taxonomy"]],
            "taxonomy_terms.json": [dict(row) for row in self.tables["taxonomy_term"]],
        }

    def json_files(self) -> dict[str, bytes]:
        """The files of the JSON form, encoded (UTF-8, no byte order mark)."""
        return {name: _json_bytes(items) for name, items in self.json_documents().items()}


def _object(row: FrozenRow, attributes: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    item: dict[str, Any] = dict(row)
    if "amount" in item:
        item["amount"] = float(Decimal(item["amount"]))
    if row["id"] in attributes:
        item["attributes"] = attributes[row["id"]]
    return item


def _json_bytes(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _encode(text: str, name: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:  # a lone surrogate the model let through
        msg = f"{name} holds a character UTF-8 cannot write ({error.reason})"
        raise InvalidInputError("records", msg) from None


class _Builder:
    """Collects the rows of a package; terms are added on first use."""

    def __init__(self, lang: Lang) -> None:
        self.lang: Lang = lang
        self.tables: dict[str, list[Row]] = {table: [] for table in TABLES}
        self.terms: dict[tuple[str, str], Row] = {}
        self.used: set[str] = set()

    def term(self, key: str, code: str) -> str:
        """The id of the term *code* of taxonomy *key*, added (with its parents) if new."""
        found = self.terms.get((key, code))
        if found is not None:
            return found["id"]
        taxonomy = TAXONOMIES[key]
        name, description, parent = self._describe(key, code)
        row: Row = {"id": hsds_id("taxonomy_term", f"{key}:{code}"), "code": code}
        row["name"] = name
        row["description"] = description
        if parent is not None:
            row["parent_id"] = self.term(key, parent)
        row["taxonomy"] = taxonomy.name
        row["language"] = self.lang
        row["taxonomy_id"] = taxonomy.id
        self.terms[(key, code)] = row
        self.used.add(key)
        return row["id"]

    def _describe(self, key: str, code: str) -> tuple[str, str, str | None]:
        lang = self.lang
        if key == "fields":
            english, chinese, meaning = FIELD_TERMS[code]
            return (chinese if lang == "zh" else english), meaning, None
        if key == "isco-08":
            group = occupation(code)
            parent = code[:-1] or None
            return group.title_in(lang), f"ISCO-08 {group.level_name} group {code}", parent
        if key == "gb-t-2260":
            registry = default_regions()
            if code not in registry:
                return code, f"Region code {code} (not in the library's region registry)", None
            region = registry.region(code)
            parent = region.parent if region.parent in registry else None
            name = region.name_zh if lang == "zh" else region.name_en
            return name, f"{region.name_en} / {region.name_zh} ({code})", parent
        member = KIND_ENUMS[key](code)
        english, chinese = label(member, "en"), label(member, "zh")
        return (chinese if lang == "zh" else english), f"{english} / {chinese} ({code})", None

    def attribute(
        self, entity: str, link_id: str, owner: str, field_name: str, key: str, code: str
    ) -> Row:
        """An attribute linking row *link_id* of *entity* to a term (the caller adds a value)."""
        term_id = self.term(key, code)
        row: Row = {
            "id": hsds_id("attribute", f"{entity}:{owner}:{key}:{code}"),
            "link_id": link_id,
            "taxonomy_term_id": term_id,
            "link_type": field_name,
            "link_entity": entity,
        }
        self.tables["attribute"].append(row)
        return row

    def package(self) -> HsdsPackage:
        terms = sorted(self.terms.values(), key=lambda row: (row["taxonomy"], row["code"]))
        self.tables["taxonomy_term"] = terms
        self.tables["taxonomy"] = [_taxonomy_row(TAXONOMIES[key], self.lang) for key in TAXONOMIES]
        tables = {
            table: tuple(MappingProxyType(row) for row in rows)
            for table, rows in self.tables.items()
        }
        return HsdsPackage(tables=MappingProxyType(tables), lang=self.lang)


def _taxonomy_row(taxonomy: Taxonomy, lang: Lang) -> Row:
    row: Row = {"id": taxonomy.id, "name": taxonomy.name}
    row["description"] = taxonomy.description(lang)
    if taxonomy.uri is not None:
        row["uri"] = taxonomy.uri
    if taxonomy.version is not None:
        row["version"] = taxonomy.version
    return row


def _region_name(code: str, lang: Lang) -> str:
    registry = default_regions()
    if code not in registry:
        return code
    region = registry.region(code)
    return region.name_zh if lang == "zh" else region.name_en


def _provider_description(provider: TrainingProvider, lang: Lang) -> str:
    kind = label(provider.kind, lang)
    place = _region_name(provider.region, lang)
    if lang == "zh":
        contracted = "，退役军人事务部门定点承训机构" if provider.contracted else ""
        return f"{kind}，位于{place}{contracted}。"
    contracted = ", contracted by the veterans affairs bureau" if provider.contracted else ""
    return f"{kind} in {place}{contracted}."


def _location_description(provider: TrainingProvider, lang: Lang) -> str:
    place = _region_name(provider.region, lang)
    if lang == "zh":
        return (
            f"{provider.name}所在区县：{place}（行政区划代码 {provider.region}），未公布街道地址。"
        )
    return (
        f"The district of {provider.name}: {place} (GB/T 2260 code {provider.region}); no street "
        "address is published."
    )


def _programme_description(programme: Programme, lang: Lang) -> str:
    parts = [label(programme.kind, lang)]
    codes = sorted(programme.target_occupations)
    if lang == "zh":
        if programme.hours is not None:
            parts.append(f"{programme.hours}学时")
        if programme.credential is not None:
            parts.append(f"颁发{label(programme.credential, lang)}")
        if codes:
            titles = "、".join(f"{occupation(code).title_in(lang)}（{code}）" for code in codes)
            parts.append(f"面向职业：{titles}")
        return "，".join(parts) + "。"
    if programme.hours is not None:
        parts.append(f"{programme.hours} hours")
    if programme.credential is not None:
        parts.append(f"leads to: {label(programme.credential, lang)}")
    if codes:
        titles = "; ".join(f"{occupation(code).title_in(lang)} ({code})" for code in codes)
        parts.append(f"for occupations: {titles}")
    return ", ".join(parts) + "."


def _records(
    records: Caseload | Iterable[TrainingProvider], programmes: Iterable[Programme]
) -> tuple[tuple[TrainingProvider, ...], tuple[Programme, ...]]:
    given: object = records
    if isinstance(given, Caseload):
        extra = tuple(programmes)
        if extra:
            msg = "'programmes' must be left out when 'records' is a Caseload (it has its own)"
            raise InvalidInputError("programmes", msg)
        return given.providers, given.programmes
    if isinstance(given, (str, bytes, Mapping)) or not isinstance(given, Iterable):
        msg = (
            "'records' must be a Caseload or an iterable of TrainingProvider, "
            f"got a {type(given).__name__}"
        )
        raise InvalidInputError("records", msg)
    providers = tuple(given)
    chosen = tuple(programmes)
    for argument, items, cls in (
        ("records", providers, TrainingProvider),
        ("programmes", chosen, Programme),
    ):
        for number, item in enumerate(items):
            if not isinstance(item, cls):
                msg = (
                    f"'{argument}' must hold only {cls.__name__} records, item {number} is a "
                    f"{type(item).__name__}"
                )
                raise InvalidInputError(argument, msg)
    return providers, chosen


def _check_ids(providers: tuple[TrainingProvider, ...], programmes: tuple[Programme, ...]) -> None:
    for argument, ids in (
        ("records", [provider.id for provider in providers]),
        ("programmes", [programme.id for programme in programmes]),
    ):
        counts = Counter(ids)
        twice = sorted(record_id for record_id, count in counts.items() if count > 1)
        if twice:
            msg = f"'{argument}' must have unique ids; {len(twice)} repeated, such as {twice[0]!r}"
            raise InvalidInputError(argument, msg)
    known = {provider.id for provider in providers}
    orphans = [programme for programme in programmes if programme.provider_id not in known]
    if orphans:
        first = orphans[0]
        msg = (
            f"every programme's provider must be among the providers; {len(orphans)} are not, "
            f"such as programme {first.id!r} of provider {first.provider_id!r}"
        )
        raise InvalidInputError("programmes", msg)


@checked
def to_hsds(
    records: Caseload | Iterable[TrainingProvider],
    programmes: Iterable[Programme] = (),
    *,
    lang: Lang = "zh",
) -> HsdsPackage:
    """The HSDS 3 tables of training providers and their programmes.

    Each provider becomes an ``organization`` with one ``location`` (its district); each
    programme a ``program`` and a ``service`` of its provider's organization, offered at the
    provider's location (``service_at_location``), with a ``cost_option`` for its cost. The
    library's ids, kinds, ISCO-08 occupations, GB/T 2260 regions, hours and the contracted
    flag are ``attribute`` rows linking to ``taxonomy_term`` rows. Every id is
    :func:`hsds_id` of the library's id.

    Args:
        records: A caseload (its providers and programmes), or the providers.
        programmes: The programmes, when *records* are providers.
        lang: The language of the generated descriptions and term names: ``"zh"`` or
            ``"en"``. The names and titles are the records' own.

    Raises:
        InvalidInputError: for another *lang*, records of the wrong type, repeated ids, or a
            programme whose provider is not among the providers.

    >>> from veteran_services.synthetic import generate
    >>> package = to_hsds(generate(veterans=20, seed=1), lang="en")
    >>> package.rows("organization")[0]["description"]
    'Public training centre in Xuanwu District, contracted by the veterans affairs bureau.'
    """
    if lang not in _LANGS:
        msg = f"'lang' must be 'zh' or 'en', got {lang!r}"
        raise InvalidInputError("lang", msg)
    providers, chosen = _records(records, programmes)
    _check_ids(providers, chosen)
    build = _Builder(lang)
    tables = build.tables
    for provider in providers:
        organization = hsds_id("organization", provider.id)
        tables["organization"].append(
            {
                "id": organization,
                "name": provider.name,
                "description": _provider_description(provider, lang),
            }
        )
        tables["location"].append(
            {
                "id": hsds_id("location", provider.id),
                "location_type": "physical",
                "organization_id": organization,
                "name": _region_name(provider.region, lang),
                "description": _location_description(provider, lang),
                "external_identifier": provider.region,
                "external_identifier_type": "GB/T 2260",
            }
        )
        link = ("organization", organization, provider.id)
        build.attribute(*link, "id", "fields", "provider_id")["value"] = provider.id
        build.attribute(*link, "contracted", "fields", "contracted")["value"] = (
            "true" if provider.contracted else "false"
        )
        build.attribute(*link, "kind", "provider-kind", provider.kind.value)
        build.attribute(*link, "region", "gb-t-2260", provider.region)
    for programme in chosen:
        organization = hsds_id("organization", programme.provider_id)
        service = hsds_id("service", programme.id)
        description = _programme_description(programme, lang)
        program = hsds_id("program", programme.id)
        tables["program"].append(
            {
                "id": program,
                "organization_id": organization,
                "name": programme.title,
                "description": description,
            }
        )
        tables["service"].append(
            {
                "id": service,
                "organization_id": organization,
                "program_id": program,
                "name": programme.title,
                "description": description,
                "status": "active",
            }
        )
        tables["service_at_location"].append(
            {
                "id": hsds_id("service_at_location", programme.id),
                "service_id": service,
                "location_id": hsds_id("location", programme.provider_id),
            }
        )
        link = ("service", service, programme.id)
        build.attribute(*link, "id", "fields", "programme_id")["value"] = programme.id
        build.attribute(*link, "kind", "programme-kind", programme.kind.value)
        for code in sorted(programme.target_occupations):
            build.attribute(*link, "target_occupation", "isco-08", code)
        if programme.credential is not None:
            build.attribute(*link, "credential", "credential-kind", programme.credential.value)
        if programme.hours is not None:
            build.attribute(*link, "hours", "fields", "hours")["value"] = str(programme.hours)
        if programme.cost is not None:
            cost = hsds_id("cost_option", programme.id)
            amount = format(programme.cost.amount, "f")
            tables["cost_option"].append(
                {
                    "id": cost,
                    "service_id": service,
                    "currency": programme.cost.currency,
                    "amount": amount,
                    "amount_description": "每人培训费用" if lang == "zh" else "Per participant",
                }
            )
            exact = build.attribute("cost_option", cost, programme.id, "amount", "fields", "amount")
            exact["value"] = amount
    return build.package()


@checked
def write_hsds(
    folder: str | os.PathLike[str],
    records: Caseload | Iterable[TrainingProvider] | HsdsPackage,
    programmes: Iterable[Programme] = (),
    *,
    form: Form = "csv",
    lang: Lang = "zh",
    overwrite: bool = False,
    bom: bool = False,
) -> Path:
    """Write training providers and programmes as an HSDS 3 package, atomically.

    The folder appears complete or not at all: it is written beside *folder* and swapped in
    when every file is complete.

    Args:
        folder: The folder to write (created with its parents if needed).
        records: A caseload, the providers (with *programmes*), or a package from
            :func:`to_hsds`.
        programmes: The programmes, when *records* are providers.
        form: ``"csv"``: one CSV per table with the HSDS tabular layout's columns, and
            ``datapackage.json``; ``"json"``: ``organizations.json``, ``services.json``,
            ``taxonomies.json`` and ``taxonomy_terms.json``, lists of nested HSDS objects.
        lang: The language of the generated descriptions (see :func:`to_hsds`); not used with
            a package.
        overwrite: Replace an existing non-empty folder (one holding only a directory's
            files); refused otherwise.
        bom: Start each CSV with a UTF-8 byte order mark, for spreadsheet programs (the
            ``datapackage.json`` then says ``utf-8-sig``).

    Returns:
        The folder.

    Raises:
        InvalidInputError: for another *form*, an existing non-empty folder without
            *overwrite*, a folder holding other files, a symbolic link, or bad records (see
            :func:`to_hsds`).
    """
    if form not in _FORMS:
        msg = f"'form' must be 'csv' or 'json', got {form!r}"
        raise InvalidInputError("form", msg)
    if isinstance(records, HsdsPackage):
        package = records
    else:
        package = to_hsds(records, programmes, lang=lang)
    files = package.csv_files(bom=bom) if form == "csv" else package.json_files()
    target = Path(folder)
    _check_folder(target, overwrite=overwrite)
    with atomic_folder(target, allowed=OWN_NAMES, argument="folder") as temporary:
        for name, data in files.items():
            with (temporary / name).open("xb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
    return target


def _check_folder(target: Path, *, overwrite: bool) -> None:
    if target.is_symlink() or not target.is_dir():
        return  # atomic_folder refuses a link or a file
    entries = sorted(os.listdir(target))
    if not entries:
        return
    if not overwrite:
        msg = (
            f"'folder' is not empty ({len(entries)} entries, such as {entries[0][:60]!r}); "
            "pass overwrite=True to replace a directory written before, or choose a new folder"
        )
        raise InvalidInputError("folder", msg)
    foreign = [name for name in entries if name not in OWN_NAMES]
    if foreign:
        msg = (
            f"'folder' holds {len(foreign)} entr{'ies' if len(foreign) != 1 else 'y'} that an "
            f"HSDS directory does not (such as {foreign[0][:60]!r}); replacing the folder "
            "would delete them: write to a new or empty folder, or move them away"
        )
        raise InvalidInputError("folder", msg)
