"""JSON Schema: every schema is valid 2020-12, and everything the library writes validates."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings

from veteran_services import RECORD_KINDS, Caseload, Placement, io
from veteran_services import strategies as vst
from veteran_services.errors import InvalidInputError

VALIDATORS = {
    kind: jsonschema.Draft202012Validator(
        io.json_schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for kind in RECORD_KINDS
}


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_schemas_are_valid_draft_2020_12(kind: str) -> None:
    schema = io.json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["x-schema-version"] == io.SCHEMA_VERSION
    assert schema["description"]
    for name, field in schema["properties"].items():
        assert field.get("description"), f"{kind}.{name} has no description"


def test_manifest_schema_is_valid_and_fits_written_manifests(tmp_path: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(io.manifest_schema())
    folder = io.write_caseload(Caseload(), tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    jsonschema.validate(manifest, io.manifest_schema())


@settings(max_examples=15)
@given(caseload=vst.caseloads(max_veterans=3))
def test_everything_written_validates(caseload: Caseload, tmp_path_factory: Any) -> None:
    folder = io.write_caseload(caseload, tmp_path_factory.mktemp("c"), include_personal=True)
    for kind in RECORD_KINDS:
        for line in (folder / f"{kind}.jsonl").read_text(encoding="utf-8").split("\n")[:-1]:
            VALIDATORS[kind].validate(json.loads(line))


def test_schema_details(placement: Placement) -> None:
    schema = io.json_schema(Placement)
    props = schema["properties"]
    assert props["started_on"] == {
        "type": "string",
        "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "description": "The first day of the job (YYYY-MM-DD).",
    }
    money = schema["$defs"]["Money"]["properties"]["amount"]
    assert money["pattern"] == io._converter.DECIMAL_PATTERN
    assert re.search(money["pattern"], "5292.50")
    assert not re.search(money["pattern"], "-0")
    assert not re.search(money["pattern"], "-0.00")
    contract, null = props["contract"]["anyOf"]
    assert contract["enum"][:2] == ["open_ended", "fixed_term"]
    assert null == {"type": "null"}
    assert "null when not recorded" in props["contract"]["description"]
    assert "veteran_id" in schema["required"]
    assert schema["additionalProperties"] is False
    bad = io.to_dict(placement) | {"monthly_wage": {"amount": 5292.51, "currency": "CNY"}}
    assert not VALIDATORS["placements"].is_valid(bad)
    assert not VALIDATORS["placements"].is_valid(io.to_dict(placement) | {"x": 1})
    assert not VALIDATORS["placements"].is_valid(io.to_dict(placement) | {"started_on": "2024"})
    # an occupation code, a job title or both (the model's rule), and unknown is null
    unknown = io.to_dict(placement) | {"contract": None, "insurance": None}
    assert VALIDATORS["placements"].is_valid(unknown)
    titled = io.to_dict(placement) | {"occupation": None, "occupation_title": "保安员"}
    assert VALIDATORS["placements"].is_valid(titled)
    assert not VALIDATORS["placements"].is_valid(io.to_dict(placement) | {"occupation": None})


def test_scales_are_a_tagged_one_of() -> None:
    question = io.json_schema("instruments")["$defs"]["Question"]["properties"]["scale"]
    assert [ref["$ref"] for ref in question["oneOf"]] == [
        "#/$defs/LikertScale",
        "#/$defs/YesNoScale",
        "#/$defs/NumericScale",
        "#/$defs/ChoiceScale",
        "#/$defs/TextScale",
    ]
    likert = io.json_schema("instruments")["$defs"]["LikertScale"]
    assert likert["properties"]["kind"]["const"] == "likert"


def test_write_schemas(tmp_path: Path) -> None:
    written = io.write_schemas(tmp_path)
    assert [p.name for p in written] == [f"{k}.schema.json" for k in RECORD_KINDS] + [
        "manifest.schema.json"
    ]
    for path in written:
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text("utf-8")))


def test_json_schema_arguments() -> None:
    with pytest.raises(InvalidInputError, match="'cls' must be a record class"):
        io.json_schema("people")
    with pytest.raises(InvalidInputError):
        io.json_schema(dict)
