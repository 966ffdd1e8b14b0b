"""Every file of the HSDS export validates against the shipped HSDS 3 schemas (issue 18)."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from veteran_services.directory import (
    COLUMNS,
    CSV_FILES,
    DATAPACKAGE,
    JSON_FILES,
    REQUIRED,
    TABLES,
    write_hsds,
)
from veteran_services.model import Caseload

Validate = Callable[[str, object], list[str]]


def _csv_columns(spec: dict[str, Any]) -> tuple[str, ...]:
    return tuple(
        name
        for name, column in spec["properties"].items()
        if column.get("type") != "array" and "$ref" not in column
    )


def test_the_layout_is_the_one_of_tabular_json(tabular: dict[str, Any]) -> None:
    for table in TABLES:
        spec = tabular[table]
        assert CSV_FILES[table] == spec["path"]
        assert COLUMNS[table] == _csv_columns(spec)
        assert REQUIRED[table] == set(spec["required"]) | set(spec.get("tabular_required", []))


def test_the_validator_checks_formats_and_references(validate: Validate) -> None:
    """A sanity check of the test's own validator: a bad uuid and a bad nested object fail."""
    assert validate("program.json", {"id": "not-a-uuid", "name": "n", "description": "d"})
    attribute = {"id": str(uuid.uuid4()), "taxonomy_term": {"id": str(uuid.uuid4())}}
    assert validate("attribute.json", attribute)  # the nested term lacks name and description


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = path.read_bytes().decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    return header, [dict(zip(header, cells, strict=True)) for cells in reader]


@pytest.fixture(scope="module", params=["zh", "en"])
def csv_folder(request: pytest.FixtureRequest, city: Caseload, tmp_path_factory: Any) -> Path:
    folder: Path = tmp_path_factory.mktemp("csv") / "directory"
    write_hsds(folder, city, form="csv", lang=request.param)
    return folder


@pytest.fixture(scope="module", params=["zh", "en"])
def json_folder(request: pytest.FixtureRequest, city: Caseload, tmp_path_factory: Any) -> Path:
    folder: Path = tmp_path_factory.mktemp("json") / "directory"
    write_hsds(folder, city, form="json", lang=request.param)
    return folder


def test_csv_form_has_the_tabular_columns_and_required_fields(
    csv_folder: Path, tabular: dict[str, Any]
) -> None:
    assert sorted(path.name for path in csv_folder.iterdir()) == sorted(
        [*CSV_FILES.values(), DATAPACKAGE]
    )
    for table in TABLES:
        spec = tabular[table]
        header, rows = _read_csv(csv_folder / spec["path"])
        assert header == list(_csv_columns(spec)), table
        assert rows, table
        required = set(spec["required"]) | set(spec.get("tabular_required", []))
        for number, row in enumerate(rows, start=2):
            empty = sorted(column for column in required if not row[column])
            assert empty == [], f"{spec['path']} row {number}"


def test_csv_rows_validate_against_the_table_schemas(
    csv_folder: Path, tabular: dict[str, Any], validate: Validate
) -> None:
    """Each CSV row, as an object of its non-empty cells, is valid for its table's schema."""
    for table in TABLES:
        spec = tabular[table]
        _, rows = _read_csv(csv_folder / spec["path"])
        for number, row in enumerate(rows, start=2):
            item: dict[str, Any] = {column: cell for column, cell in row.items() if cell}
            for column in item:
                if spec["properties"][column]["type"] == "number":
                    item[column] = float(item[column])
            assert validate(f"{table}.json", item) == [], f"{spec['path']} row {number}"


def test_csv_ids_are_unique_uuids_and_references_resolve(csv_folder: Path) -> None:
    ids: dict[str, set[str]] = {}
    tables = {}
    for table in TABLES:
        _, rows = _read_csv(csv_folder / CSV_FILES[table])
        tables[table] = rows
        ids[table] = {row["id"] for row in rows}
        assert len(ids[table]) == len(rows), table
        for row in rows:
            assert str(uuid.UUID(row["id"])) == row["id"]
    manifest = json.loads((csv_folder / DATAPACKAGE).read_text(encoding="utf-8"))
    for resource in manifest["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            target = ids[key["reference"]["resource"]]
            values = {row[key["fields"]] for row in tables[resource["name"]]}
            assert values - {""} <= target, (resource["name"], key["fields"])
    everything = set().union(*ids.values())
    for row in tables["attribute"]:
        assert row["link_id"] in ids[row["link_entity"]]
        assert row["link_id"] in everything


def test_datapackage_describes_every_csv(csv_folder: Path) -> None:
    manifest = json.loads((csv_folder / DATAPACKAGE).read_text(encoding="utf-8"))
    assert manifest["profile"] == "tabular-data-package"
    resources = {resource["name"]: resource for resource in manifest["resources"]}
    assert list(resources) == list(TABLES)
    for table, resource in resources.items():
        assert resource["path"] == CSV_FILES[table]
        assert resource["encoding"] == "utf-8"
        header, _ = _read_csv(csv_folder / resource["path"])
        fields = resource["schema"]["fields"]
        assert [spec["name"] for spec in fields] == header
        required = {spec["name"] for spec in fields if spec.get("constraints", {}).get("required")}
        assert required == REQUIRED[table]
        assert resource["schema"]["primaryKey"] == "id"


def test_json_form_validates_against_the_per_table_schemas(
    json_folder: Path, validate: Validate
) -> None:
    assert sorted(path.name for path in json_folder.iterdir()) == sorted(JSON_FILES)
    for name, schema in JSON_FILES.items():
        items = json.loads((json_folder / name).read_text(encoding="utf-8"))
        assert isinstance(items, list)
        assert items, name
        for number, item in enumerate(items):
            assert validate(schema, item) == [], f"{name} $[{number}]"


def test_json_form_nests_what_the_schemas_name(json_folder: Path, city: Caseload) -> None:
    organizations = json.loads((json_folder / "organizations.json").read_text(encoding="utf-8"))
    services = json.loads((json_folder / "services.json").read_text(encoding="utf-8"))
    assert len(organizations) == len(city.providers)
    assert len(services) == len(city.programmes)
    assert sum(len(item["programs"]) for item in organizations) == len(city.programmes)
    assert all(len(item["locations"]) == 1 for item in organizations)
    assert all(item["status"] == "active" for item in services)
    assert all(len(item["service_at_locations"]) == 1 for item in services)
    costed = sum(programme.cost is not None for programme in city.programmes)
    assert sum(len(item.get("cost_options", [])) for item in services) == costed
    for item in organizations:
        assert "phones" not in item
        assert "contacts" not in item
