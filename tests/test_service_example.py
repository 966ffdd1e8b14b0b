"""The example web service (examples/service.py) through FastAPI's test client."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from veteran_services import io, scoring

if TYPE_CHECKING:
    from httpx2 import Response

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
    document = service.request_document(service.sample_request())
    jsonschema.Draft202012Validator(schema).validate(document)


def _post(client: TestClient, document: object) -> Response:
    text = document if isinstance(document, str) else json.dumps(document)
    return client.post("/score", content=text, headers={"content-type": "application/json"})


@pytest.fixture(scope="module")
def document(service: ModuleType) -> dict[str, Any]:
    made: dict[str, Any] = service.request_document(service.sample_request())
    return made


def test_a_placement_gets_its_explained_score(
    client: TestClient, service: ModuleType, document: dict[str, Any]
) -> None:
    answer = _post(client, document)
    assert answer.status_code == 200, answer.text
    request = service.sample_request()
    expected = scoring.score_placement(
        request.caseload.placement(request.placement_id),
        caseload=request.caseload,
        market=service.MARKET,
        as_of=request.as_of,
    )
    assert answer.json() == json.loads(io.dumps(expected))
    body = answer.json()
    assert body["placement_id"] == request.placement_id
    assert body["value"] == expected.value
    assert len(body["components"]) == len(expected.components)


def test_a_placement_without_its_employer_is_scored_with_its_reason(
    client: TestClient, document: dict[str, Any]
) -> None:
    without = copy.deepcopy(document)
    without["caseload"]["employers"] = []
    answer = _post(client, without)
    assert answer.status_code == 200, answer.text
    assert answer.json()["value"] is None
    assert answer.json()["reason_code"] == scoring.UNKNOWN_EMPLOYER


def _problems(answer: Response) -> dict[str, dict[str, Any]]:
    assert answer.status_code == 422, answer.text
    return {problem["path"]: problem for problem in answer.json()["problems"]}


def test_bad_input_is_a_422_listing_every_problem(
    client: TestClient, document: dict[str, Any]
) -> None:
    bad = copy.deepcopy(document)
    bad["as_of"] = "2025-13-01"
    bad["caseload"]["placements"][0]["monthly_wage"]["amount"] = "abc"
    problems = _problems(_post(client, bad))
    assert set(problems) == {"$.as_of", "$.caseload.placements[0].monthly_wage.amount"}
    wage = problems["$.caseload.placements[0].monthly_wage.amount"]
    assert wage["field"] == "amount"
    assert wage["value"] == "'abc'"
    assert wage["message"] == "must be a decimal number"
    assert problems["$.as_of"]["field"] == "as_of"
    assert problems["$.as_of"]["value"] == "'2025-13-01'"


def test_a_broken_invariant_is_a_problem(client: TestClient, document: dict[str, Any]) -> None:
    bad = copy.deepcopy(document)
    bad["caseload"]["placements"][0]["weekly_hours"] = "200"
    problems = _problems(_post(client, bad))
    hours = problems["$.caseload.placements[0].weekly_hours"]
    assert hours["field"] == "weekly_hours"
    assert "168" in hours["message"]


def test_an_unknown_key_is_a_problem(client: TestClient, document: dict[str, Any]) -> None:
    problems = _problems(_post(client, {**document, "score_everything": True}))
    unknown = problems["$.score_everything"]
    assert unknown["field"] == "score_everything"
    assert unknown["message"].startswith("unknown key")


def test_a_placement_that_is_not_sent_is_a_problem(
    client: TestClient, document: dict[str, Any]
) -> None:
    problems = _problems(_post(client, {**document, "placement_id": "P999999"}))
    problem = problems["$.placement_id"]
    assert problem["field"] == "placement_id"
    assert problem["value"] == "'P999999'"


def test_text_that_is_not_json_is_a_problem(client: TestClient) -> None:
    answer = _post(client, "{not json")
    assert answer.status_code == 422
    (problem,) = answer.json()["problems"]
    assert "JSON" in problem["message"]


def test_the_script_posts_the_sample_placement() -> None:
    completed = subprocess.run(  # noqa: S603 - our own example, with this Python
        [sys.executable, str(SCRIPT)],
        env={**os.environ, "PYTHONWARNINGS": "error"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    status, _, body = completed.stdout.partition(" ")
    assert status == "200"
    assert json.loads(body)["placement_id"] == "P000001"
