"""The HSDS 3 tabular layout of the tables the directory writes (from ``compiled/tabular.json``).

The column names, their order, types and the required columns are copied from the HSDS 3
schema ``compiled/tabular.json`` (Open Referral, CC BY-SA 4.0); ``tests/directory`` checks
them against the shipped schema file, so a drift fails the tests rather than the consumers.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Final

__all__ = [
    "COLUMNS",
    "CSV_FILES",
    "FOREIGN_KEYS",
    "JSON_FILES",
    "REQUIRED",
    "TABLES",
    "datapackage",
]

#: The tables written, in the order of the package (parents before children).
TABLES: Final = (
    "organization",
    "location",
    "program",
    "service",
    "service_at_location",
    "cost_option",
    "taxonomy",
    "taxonomy_term",
    "attribute",
)

#: Each table's CSV file, as HSDS names it.
CSV_FILES: Final = MappingProxyType(
    {
        "organization": "organizations.csv",
        "location": "locations.csv",
        "program": "programs.csv",
        "service": "services.csv",
        "service_at_location": "service_at_location.csv",
        "cost_option": "cost_options.csv",
        "taxonomy": "taxonomies.csv",
        "taxonomy_term": "taxonomy_terms.csv",
        "attribute": "attributes.csv",
    }
)

# (column, Table Schema type, string format) per table, in the order of tabular.json.
_FIELDS: Final[dict[str, tuple[tuple[str, str, str | None], ...]]] = {
    "organization": (
        ("id", "string", "uuid"),
        ("name", "string", None),
        ("alternate_name", "string", None),
        ("description", "string", None),
        ("email", "string", "email"),
        ("website", "string", "uri"),
        ("tax_status", "string", None),
        ("tax_id", "string", None),
        ("year_incorporated", "number", None),
        ("legal_status", "string", None),
        ("logo", "string", None),
        ("uri", "string", "uri"),
        ("parent_organization_id", "string", "uuid"),
    ),
    "location": (
        ("id", "string", "uuid"),
        ("location_type", "string", None),
        ("url", "string", "uri"),
        ("organization_id", "string", "uuid"),
        ("name", "string", None),
        ("alternate_name", "string", None),
        ("description", "string", None),
        ("transportation", "string", None),
        ("latitude", "number", None),
        ("longitude", "number", None),
        ("external_identifier", "string", None),
        ("external_identifier_type", "string", None),
    ),
    "program": (
        ("id", "string", "uuid"),
        ("organization_id", "string", "uuid"),
        ("name", "string", None),
        ("alternate_name", "string", None),
        ("description", "string", None),
    ),
    "service": (
        ("id", "string", "uuid"),
        ("organization_id", "string", "uuid"),
        ("program_id", "string", "uuid"),
        ("name", "string", None),
        ("alternate_name", "string", None),
        ("description", "string", None),
        ("url", "string", "uri"),
        ("email", "string", "email"),
        ("status", "string", None),
        ("interpretation_services", "string", None),
        ("application_process", "string", None),
        ("fees_description", "string", None),
        ("wait_time", "string", None),
        ("fees", "string", None),
        ("accreditations", "string", None),
        ("eligibility_description", "string", None),
        ("minimum_age", "number", None),
        ("maximum_age", "number", None),
        ("assured_date", "date", None),
        ("assurer_email", "string", "email"),
        ("licenses", "string", None),
        ("alert", "string", None),
        ("last_modified", "datetime", None),
    ),
    "service_at_location": (
        ("id", "string", "uuid"),
        ("service_id", "string", "uuid"),
        ("location_id", "string", "uuid"),
        ("description", "string", None),
    ),
    "cost_option": (
        ("id", "string", "uuid"),
        ("service_id", "string", "uuid"),
        ("valid_from", "date", None),
        ("valid_to", "date", None),
        ("option", "string", None),
        ("currency", "string", None),
        ("amount", "number", None),
        ("amount_description", "string", None),
    ),
    "taxonomy": (
        ("id", "string", "uuid"),
        ("name", "string", None),
        ("description", "string", None),
        ("uri", "string", "uri"),
        ("version", "string", None),
    ),
    "taxonomy_term": (
        ("id", "string", "uuid"),
        ("code", "string", None),
        ("name", "string", None),
        ("description", "string", None),
        ("parent_id", "string", "uuid"),
        ("taxonomy", "string", None),
        ("language", "string", None),
        ("taxonomy_id", "string", "uuid"),
        ("term_uri", "string", "uri"),
    ),
    "attribute": (
        ("id", "string", "uuid"),
        ("link_id", "string", "uuid"),
        ("taxonomy_term_id", "string", "uuid"),
        ("link_type", "string", None),
        ("link_entity", "string", None),
        ("value", "string", None),
    ),
}

#: Each table's columns, in the order of the HSDS tabular layout.
COLUMNS: Final = MappingProxyType(
    {name: tuple(column for column, _, _ in fields) for name, fields in _FIELDS.items()}
)

#: Each table's required columns: ``required`` and ``tabular_required`` of tabular.json.
REQUIRED: Final = MappingProxyType(
    {
        "organization": frozenset({"id", "name", "description"}),
        "location": frozenset({"id", "location_type"}),
        "program": frozenset({"id", "name", "description", "organization_id"}),
        "service": frozenset({"id", "name", "status", "organization_id"}),
        "service_at_location": frozenset({"id", "service_id", "location_id"}),
        "cost_option": frozenset({"id", "service_id"}),
        "taxonomy": frozenset({"id", "name", "description"}),
        "taxonomy_term": frozenset({"id", "name", "description"}),
        "attribute": frozenset({"id", "link_id", "taxonomy_term_id", "link_entity"}),
    }
)
#: The references between the tables written: (table, column) -> referenced table (its ``id``).
#: ``attribute.link_id`` names a row of the table in its ``link_entity`` column, so it has none.
FOREIGN_KEYS: Final = MappingProxyType(
    {
        ("location", "organization_id"): "organization",
        ("program", "organization_id"): "organization",
        ("service", "organization_id"): "organization",
        ("service", "program_id"): "program",
        ("service_at_location", "service_id"): "service",
        ("service_at_location", "location_id"): "location",
        ("cost_option", "service_id"): "service",
        ("taxonomy_term", "taxonomy_id"): "taxonomy",
        ("taxonomy_term", "parent_id"): "taxonomy_term",
        ("attribute", "taxonomy_term_id"): "taxonomy_term",
    }
)

#: The files of the JSON form and the HSDS 3 schema (a file of ``schema/``) each item follows.
JSON_FILES: Final = MappingProxyType(
    {
        "organizations.json": "organization.json",
        "services.json": "service.json",
        "taxonomies.json": "taxonomy.json",
        "taxonomy_terms.json": "taxonomy_term.json",
    }
)


def datapackage(*, encoding: str, title: str) -> dict[str, Any]:
    """The ``datapackage.json`` of the CSV form: a Frictionless tabular data package.

    One resource per table, with every column of the HSDS layout, the required ones marked
    ``required``, ``id`` as the primary key and the references between the tables as foreign
    keys.
    """
    resources = []
    for name in TABLES:
        fields: list[dict[str, Any]] = []
        for column, kind, string_format in _FIELDS[name]:
            spec: dict[str, Any] = {"name": column, "type": kind}
            if string_format is not None:
                spec["format"] = string_format
            if column in REQUIRED[name]:
                spec["constraints"] = {"required": True}
            fields.append(spec)
        keys = [
            {"fields": column, "reference": {"resource": target, "fields": "id"}}
            for (table, column), target in FOREIGN_KEYS.items()
            if table == name
        ]
        schema: dict[str, Any] = {"fields": fields, "primaryKey": "id"}
        if keys:
            schema["foreignKeys"] = keys
        resources.append(
            {
                "name": name,
                "path": CSV_FILES[name],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": encoding,
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "veteran-services-hsds-directory",
        "title": title,
        "resources": resources,
    }
