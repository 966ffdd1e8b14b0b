"""A small web service that scores a placement's employment quality (FastAPI).

Endpoints:

- ``POST /score``: the request document is a :class:`ScoreRequest` as JSON: the id of the
  placement to score, the scoring date and the caseload fragment the score needs (the
  placement itself, its employer, and, when there are any, the veteran, enrolments,
  programmes, instruments and follow-up responses it is scored with)::

      {"placement_id": "P000001", "as_of": "2025-06-30",
       "caseload": {"placements": [...], "employers": [...], "veterans": [...]}}

  The answer (200) is the explained score, ``io.dumps(score)``: its value, each indicator's
  component with its explanation, what is missing and the compliance flags; a placement that
  cannot be scored (no market data, employer not sent) gets a score with no value and its
  reason. Bad input (not JSON, a wrong type, a bad date or decimal, an unknown key, an id that
  is not in the fragment) answers 422 with ``io.dumps(error)`` of the
  :class:`~veteran_services.errors.RecordError`: ``{"message": ..., "problems": [...]}``,
  every problem of the document at once, each with its JSON ``path``, ``field``, ``message``
  and the bad ``value`` (masked when personal).
- ``GET /schemas``: the JSON Schemas (Draft 2020-12) of the request document and of every
  record kind, by name; ``GET /schemas/{name}`` one of them (``score-request``,
  ``placements``, ...).

Everything read or written goes through :mod:`veteran_services.io`: the request document is
read by io's strict converter (:func:`veteran_services.io.loads`), the answers are
:func:`veteran_services.io.dumps` and :func:`veteran_services.io.to_dict`, the schemas
:func:`veteran_services.io.json_schema`. Nothing here serialises by hand.

Serve it with any ASGI server, e.g. ``uvicorn --app-dir examples service:app``. Run as a
script (``python examples/service.py``) it posts one placement of the sample city to itself
through FastAPI's test client and prints the answer. Needs the ``service`` extra (FastAPI);
the test client needs httpx.
"""

from __future__ import annotations

from datetime import date

from attrs import frozen
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from veteran_services import __version__, io, scoring
from veteran_services.errors import RecordError, RecordProblem, UnknownRecordError
from veteran_services.model import Caseload

#: The labour-market tables and the quality model every request is scored with.
MARKET = scoring.LabourMarket.nanjing()
MODEL = scoring.QualityModel.default()

JSON = "application/json"


@frozen(kw_only=True)
class ScoreRequest:
    """The document ``POST /score`` reads.

    Attributes:
        placement_id: The id of the placement to score; it must be in ``caseload``.
        as_of: The scoring date: retention is observed and survey responses are taken up to
            it.
        caseload: The records the score needs: the placement, its employer and whatever else
            of the veteran's record the indicators use (enrolments and programmes for the
            skills match, instruments and responses for satisfaction and job strain).
    """

    placement_id: str
    as_of: date
    caseload: Caseload


#: The schemas served, by name: the request document and every record kind.
SCHEMAS: dict[str, dict[str, object]] = {
    "score-request": io.json_schema(ScoreRequest),
    **{kind: io.json_schema(kind) for kind in io.KIND_CLASSES},
}

app = FastAPI(
    title="veteran-services: employment-quality scores",
    version=__version__,
    description=(
        "Scores one placement posted with its caseload fragment. The request document's "
        "schema is `GET /schemas/score-request`."
    ),
)


def _problems(error: RecordError) -> Response:
    """422 with the error in io's JSON form: its message and every problem of the document,
    each with its ``path``, ``field``, ``message`` and masked ``value``."""
    return Response(io.dumps(error), status_code=422, media_type=JSON)


def _not_sent(placement_id: str) -> RecordError:
    """The problem of a placement id that is not in the fragment, placed like io's."""
    message = "is not the id of a placement in $.caseload.placements"
    value = repr(placement_id)
    text = f"$.placement_id: {message} (got {value})"
    problem = RecordProblem(
        text, path="$.placement_id", field="placement_id", message=message, value=value
    )
    return RecordError([problem])


@app.post("/score")
async def score(request: Request) -> Response:
    """Score the placement named by the posted :class:`ScoreRequest`."""
    try:
        document = io.loads(ScoreRequest, await request.body())
        placement = document.caseload.placement(document.placement_id)
    except RecordError as error:
        return _problems(error)
    except UnknownRecordError as error:
        return _problems(_not_sent(error.record_id))
    result = scoring.score_placement(
        placement, caseload=document.caseload, market=MARKET, model=MODEL, as_of=document.as_of
    )
    return Response(io.dumps(result), media_type=JSON)


@app.get("/schemas")
def schemas() -> dict[str, dict[str, object]]:
    """The JSON Schema of the request document and of every record kind, by name."""
    return SCHEMAS


@app.get("/schemas/{name}")
def schema(name: str) -> Response:
    """One schema by name (``score-request``, ``placements``, ...)."""
    if name not in SCHEMAS:
        return JSONResponse({"detail": f"no schema named {name!r}"}, status_code=404)
    return JSONResponse(SCHEMAS[name])


def sample_request() -> ScoreRequest:
    """A request for the first placement of the sample city, with the records it needs."""
    from veteran_services.synthetic import DEFAULT_AS_OF, SAMPLE_SEED, generate

    city = generate(veterans=200, seed=SAMPLE_SEED)
    placement = city.placements[0]
    veteran = city.veteran(placement.veteran_id)
    enrolments = city.enrolments_of(veteran.id)
    responses = city.responses_about(placement.id)
    instruments = {(r.instrument_id, r.instrument_version): r for r in responses}
    fragment = Caseload(
        veterans=(veteran,),
        programmes=tuple(city.programme(e.programme_id) for e in enrolments),
        enrolments=enrolments,
        employers=(city.employer(placement.employer_id),),
        placements=(placement,),
        instruments=tuple(city.instrument(*key) for key in instruments),
        responses=responses,
    )
    return ScoreRequest(placement_id=placement.id, as_of=DEFAULT_AS_OF, caseload=fragment)


def request_document(request: ScoreRequest) -> dict[str, object]:
    """*request* as the JSON document a client posts: each part in io's JSON form."""
    return {
        "placement_id": request.placement_id,
        "as_of": io.to_dict(request.as_of),
        "caseload": io.to_dict(request.caseload),
    }


def main() -> None:
    """Post the sample request to the service through the test client and print the answer."""
    from fastapi.testclient import TestClient

    client = TestClient(app)
    answer = client.post("/score", json=request_document(sample_request()))
    print(answer.status_code, answer.text)


if __name__ == "__main__":
    main()
