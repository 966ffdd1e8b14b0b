"""The shipped HSDS 3 schemas, validators built from them, and the sample city's directory."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from veteran_services.model import Caseload
from veteran_services.synthetic import generate

SCHEMAS = Path(__file__).parent.parent / "data" / "hsds-3"


def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return schema


def _registry() -> Registry[Any]:
    # The per-table schemas have no $schema and no $id; their $refs name sibling files
    # ("attribute.json"), so each file is registered under its own name.
    resources = [
        (path.name, Resource.from_contents(load_schema(path.name), DRAFT202012))
        for path in sorted(SCHEMAS.glob("*.json"))
    ]
    return Registry().with_resources(resources)


Validate = Callable[[str, object], list[str]]


@pytest.fixture(scope="session")
def validate() -> Validate:
    """``validate(schema_file, instance)``: the messages of every error, none when valid."""
    registry = _registry()
    checker = FormatChecker()
    validators: dict[str, Draft202012Validator] = {}

    def check(name: str, instance: object) -> list[str]:
        if name not in validators:
            validators[name] = Draft202012Validator(
                load_schema(name), registry=registry, format_checker=checker
            )
        return [
            f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in validators[name].iter_errors(instance)
        ]

    return check


@pytest.fixture(scope="session")
def tabular() -> dict[str, Any]:
    """Each table's item schema in compiled/tabular.json, by table name."""
    layout = load_schema("compiled/tabular.json")
    return {name: spec["items"] for name, spec in layout["properties"].items()}


@pytest.fixture(scope="session")
def city() -> Caseload:
    """The sample city (300 veterans, seed 1)."""
    return generate(veterans=300, seed=1)
