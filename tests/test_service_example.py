"""The example web service (examples/service.py) through FastAPI's test client."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import jsonschema
import pytest
from fastapi.testclient import TestClient

from veteran_services import io

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "service.py"


@pytest.fixture(scope="module")
def service() -> ModuleType:
    spec = importlib.util.spec_from_file_location("service_example", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # attrs and cattrs resolve the annotations through it
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def client(service: ModuleType) -> TestClient:
    return TestClient(service.app)


def test_the_schemas_are_ios(client: TestClient) -> None:
    answer = client.get("/schemas")
    assert answer.status_code == 200
    served = answer.json()
    assert set(served) == {"score-request", *io.KIND_CLASSES}
    for kind in io.KIND_CLASSES:
        assert served[kind] == io.json_schema(kind)


def test_one_schema_by_name(client: TestClient) -> None:
    answer = client.get("/schemas/placements")
    assert answer.status_code == 200
    assert answer.json() == io.json_schema("placements")
    assert client.get("/schemas/nothing").status_code == 404


def test_the_sample_request_fits_the_request_schema(
    client: TestClient, service: ModuleType
) -> None:
    schema = client.get("/schemas/score-request").json()
    document = json.loads(io.dumps(service.sample_request()))
    jsonschema.Draft202012Validator(schema).validate(document)
