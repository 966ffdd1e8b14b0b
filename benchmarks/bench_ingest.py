"""Benchmark: object ingest of JSON Lines, ours against peers doing the same checks (issue 21).

For veterans, placements and survey responses of the sample city, in one process, interleaved
(every round runs every method once, in turn; the best round of each is kept, so that load
from other jobs on the machine hits all methods alike):

- ``ours (cattrs)``: ``io.read_jsonl(path, cls, fast=False).collect()``;
- ``ours (fast)``: the same with ``fast=True`` (the ``fast`` extra: msgspec mirrors, then the
  model's constructors and validators);
- ``msgspec → attrs``: ``msgspec.json.Decoder(cls)`` decoding each line into the library's own
  attrs classes (validators run; no unknown-key refusal, no wire-format checks of decimals:
  the floor the fast path is measured against);
- ``pydantic v2``: frozen, strict models refusing unknown keys, with the model's checks
  (identifiers, codes, ranges, money digits, the cross-field rules), ``model_validate_json``;
- ``msgspec Struct``: frozen Structs refusing unknown keys, with the same checks in
  ``__post_init__`` and constraints;
- ``baseline``: ``json.loads`` and the attrs constructors called by hand (no strict types, no
  problem reporting).

Writing: ``io.write_jsonl`` with ``fast=False`` (cattrs and ``json.dumps``) and with
``fast=True`` (msgspec through mirror Structs, the same bytes), the fast writer's encoder alone
joined in memory (``fast, no file``), ``msgspec.json.encode`` of the
same attrs records joined in memory (the floor: no file, fields in msgspec's alphabetical
order, so not the same bytes), and pydantic's ``model_dump_json`` of its models. Read ratios
are to ``ours (fast)``, write ratios to ``msgspec (attrs)``.

The peer models are benchmark-only: ``pip install pydantic msgspec`` into the venv (neither is
a dependency of the library; msgspec is its ``fast`` extra). Run:
``python benchmarks/bench_ingest.py [--veterans 3000] [--rounds 7]``. Prints microseconds per
record and ratios; results and method are in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import attrs
import msgspec
import pydantic
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)

import veteran_services
from veteran_services import (
    Answer,
    Barrier,
    Branch,
    ContractType,
    Discharge,
    Disposition,
    EducationLevel,
    EndReason,
    Exclusion,
    ExclusionReason,
    Insurance,
    LabourStatus,
    Money,
    Placement,
    PlacementSource,
    RankCategory,
    Resettlement,
    ServicePeriod,
    Sex,
    SurveyMode,
    SurveyResponse,
    Veteran,
    codes,
    io,
)
from veteran_services.io._fast import line_encoder
from veteran_services.synthetic import generate

OCCUPATIONS = frozenset(o.code for o in codes.occupations())
ID = re.compile(r"\S(?:.*\S)?", re.DOTALL)
CURRENCY = re.compile(r"[A-Z]{3}")
DECIMAL = r"^(?!-0+(?:\.0+)?\Z)-?[0-9]+(?:\.[0-9]+)?\Z"
TERMLESS = (ContractType.OPEN_ENDED, ContractType.NONE)
ANSWERING = (Disposition.COMPLETE, Disposition.PARTIAL)


# --- shared checks -------------------------------------------------------------------------


def check_id(value: str) -> str:
    if not ID.fullmatch(value) or any(c < " " for c in value):
        msg = f"must be non-empty without surrounding whitespace, got {value!r}"
        raise ValueError(msg)
    return value


def check_zero(value: str) -> str:
    if value.startswith("-") and not value.strip("-0."):
        msg = f"must not be negative zero, got {value!r}"
        raise ValueError(msg)
    return value


def check_occupation(value: str | None) -> str | None:
    if value is not None and value not in OCCUPATIONS:
        msg = f"unknown ISCO-08 code {value!r}"
        raise ValueError(msg)
    return value


def check_amount(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    if value < 0 or value >= 10**15 or (isinstance(exponent, int) and exponent < -4):
        msg = f"bad amount {value}"
        raise ValueError(msg)
    return value


def check_placement(p: Any) -> None:
    if p.ended_on is not None and p.ended_on < p.started_on:
        raise ValueError("'ended_on' must not precede 'started_on'")
    if p.occupation is None and p.occupation_title is None:
        raise ValueError("'occupation' or 'occupation_title' is required")
    if p.end_reason is not None and p.ended_on is None:
        raise ValueError("'end_reason' must be empty while 'ended_on' is empty")
    if p.contract_months is not None and p.contract in TERMLESS:
        raise ValueError("'contract_months' must be empty for this contract")


def check_veteran(v: Any) -> None:
    for period in v.service:
        if period.end is not None and period.end < period.start:
            raise ValueError("'end' must not precede 'start'")
    for earlier, later in zip(v.service, v.service[1:], strict=False):
        if earlier.end is None or later.start <= earlier.end:
            raise ValueError("'service' periods must be in order and not overlap")
    if v.birth_date is not None and v.birth_date >= v.service[0].start:
        raise ValueError("'birth_date' must precede the first service start")
    born, registered = v.birth_date, v.registered_on
    if registered is not None and born is not None and registered < born:
        raise ValueError("'registered_on' must not precede 'birth_date'")


def check_response(r: Any) -> None:
    seen = set()
    for answer in r.answers:
        if answer.question_id in seen:
            raise ValueError("'answers' must answer each question once")
        seen.add(answer.question_id)
        if isinstance(answer.value, float) and not math.isfinite(answer.value):
            raise ValueError("'value' must be a finite number")
    if r.answers and r.disposition not in ANSWERING:
        raise ValueError("'answers' must be empty for this disposition")
    if not math.isfinite(r.weight) or r.weight <= 0:
        raise ValueError("'weight' must be a finite number above 0")


# --- pydantic v2 ---------------------------------------------------------------------------

PId = Annotated[str, AfterValidator(check_id)]
# pydantic's regular expressions (Rust) have no look-ahead: negative zero is refused after.
PDecimal = Annotated[
    str, Field(pattern=r"^-?[0-9]+(?:\.[0-9]+)?$", max_length=64), AfterValidator(check_zero)
]
AS_TEXT = PlainSerializer(str, return_type=str)  # a Decimal is written as its digits
STRICT = ConfigDict(strict=True, frozen=True, extra="forbid")


class PMoney(BaseModel):
    model_config = STRICT
    amount: Annotated[PDecimal, AfterValidator(lambda s: check_amount(Decimal(s))), AS_TEXT]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "CNY"


class PPlacement(BaseModel):
    model_config = STRICT
    id: PId
    veteran_id: PId
    employer_id: PId
    occupation: Annotated[str | None, AfterValidator(check_occupation)] = None
    occupation_title: str | None = None
    started_on: date
    ended_on: date | None = None
    end_reason: EndReason | None = None
    contract: ContractType | None = None
    contract_months: Annotated[int, Field(ge=1, le=600)] | None = None
    weekly_hours: Annotated[PDecimal, AfterValidator(Decimal), AS_TEXT] | None = None
    monthly_wage: PMoney | None = None
    insurance: frozenset[Insurance] | None = None
    subsidised: bool = False
    source: PlacementSource = PlacementSource.OTHER
    enrolment_id: PId | None = None

    @model_validator(mode="after")
    def _rules(self) -> PPlacement:
        check_placement(self)
        return self


class PPeriod(BaseModel):
    model_config = STRICT
    branch: Branch | None = None
    rank: RankCategory | None = None
    start: date
    end: date | None = None
    discharge: Discharge | None = None
    resettlement: Resettlement | None = None
    disability_rating: Annotated[int, Field(ge=0, le=100)] | None = None


class PExclusion(BaseModel):
    model_config = STRICT
    reason: ExclusionReason
    on: date


class PVeteran(BaseModel):
    model_config = STRICT
    id: PId
    sex: Sex
    region: PId
    service: Annotated[tuple[PPeriod, ...], Field(min_length=1)]
    birth_date: date | None = None
    education: EducationLevel | None = None
    registered_on: date | None = None
    barriers: frozenset[Barrier] = frozenset()
    exclusions: tuple[PExclusion, ...] = ()

    @model_validator(mode="after")
    def _rules(self) -> PVeteran:
        check_veteran(self)
        return self


class PAnswer(BaseModel):
    model_config = STRICT
    question_id: PId
    value: bool | int | float | str | tuple[str, ...]


class PResponse(BaseModel):
    model_config = STRICT
    id: PId
    instrument_id: PId
    instrument_version: Annotated[int, Field(ge=1)]
    veteran_id: PId
    disposition: Disposition
    placement_id: PId | None = None
    wave_months: Annotated[int, Field(ge=0, le=600)] | None = None
    collected_on: date | None = None
    mode: SurveyMode | None = None
    labour_status: LabourStatus | None = None
    answers: tuple[PAnswer, ...] = ()
    weight: float = 1.0

    @model_validator(mode="after")
    def _rules(self) -> PResponse:
        check_response(self)
        return self


# --- msgspec Structs -----------------------------------------------------------------------

MDecimal = Annotated[str, msgspec.Meta(pattern=DECIMAL, max_length=64)]
MId = Annotated[str, msgspec.Meta(min_length=1)]
OPTIONS: dict[str, Any] = {"frozen": True, "forbid_unknown_fields": True}


class MMoney(msgspec.Struct, **OPTIONS):
    amount: MDecimal
    currency: Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}\Z")] = "CNY"

    def __post_init__(self) -> None:
        check_amount(Decimal(self.amount))


class MPlacement(msgspec.Struct, **OPTIONS):
    id: MId
    veteran_id: MId
    employer_id: MId
    started_on: date
    occupation: str | None = None
    occupation_title: str | None = None
    ended_on: date | None = None
    end_reason: EndReason | None = None
    contract: ContractType | None = None
    contract_months: Annotated[int, msgspec.Meta(ge=1, le=600)] | None = None
    weekly_hours: MDecimal | None = None
    monthly_wage: MMoney | None = None
    insurance: frozenset[Insurance] | None = None
    subsidised: bool = False
    source: PlacementSource = PlacementSource.OTHER
    enrolment_id: MId | None = None

    def __post_init__(self) -> None:
        for value in (self.id, self.veteran_id, self.employer_id):
            check_id(value)
        check_occupation(self.occupation)
        check_placement(self)


class MPeriod(msgspec.Struct, **OPTIONS):
    start: date
    branch: Branch | None = None
    rank: RankCategory | None = None
    end: date | None = None
    discharge: Discharge | None = None
    resettlement: Resettlement | None = None
    disability_rating: Annotated[int, msgspec.Meta(ge=0, le=100)] | None = None


class MExclusion(msgspec.Struct, **OPTIONS):
    reason: ExclusionReason
    on: date


class MVeteran(msgspec.Struct, **OPTIONS):
    id: MId
    sex: Sex
    region: MId
    service: Annotated[tuple[MPeriod, ...], msgspec.Meta(min_length=1)]
    birth_date: date | None = None
    education: EducationLevel | None = None
    registered_on: date | None = None
    barriers: frozenset[Barrier] = frozenset()
    exclusions: tuple[MExclusion, ...] = ()

    def __post_init__(self) -> None:
        check_id(self.id)
        check_id(self.region)
        check_veteran(self)


class MAnswer(msgspec.Struct, **OPTIONS):
    question_id: MId
    value: bool | int | float | str | tuple[str, ...]


class MResponse(msgspec.Struct, **OPTIONS):
    id: MId
    instrument_id: MId
    instrument_version: Annotated[int, msgspec.Meta(ge=1)]
    veteran_id: MId
    disposition: Disposition
    placement_id: MId | None = None
    wave_months: Annotated[int, msgspec.Meta(ge=0, le=600)] | None = None
    collected_on: date | None = None
    mode: SurveyMode | None = None
    labour_status: LabourStatus | None = None
    answers: tuple[MAnswer, ...] = ()
    weight: float = 1.0

    def __post_init__(self) -> None:
        for value in (self.id, self.instrument_id, self.veteran_id):
            check_id(value)
        check_response(self)


# --- hand-written baselines (json.loads and the constructors) ------------------------------


def _d(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _e(enum: type[Enum], value: Any) -> Any:
    return None if value is None else enum(value)


def base_placement(d: dict[str, Any]) -> Placement:
    wage = d["monthly_wage"]
    return Placement(
        id=d["id"],
        veteran_id=d["veteran_id"],
        employer_id=d["employer_id"],
        occupation=d["occupation"],
        occupation_title=d["occupation_title"],
        started_on=date.fromisoformat(d["started_on"]),
        ended_on=_d(d["ended_on"]),
        end_reason=_e(EndReason, d["end_reason"]),
        contract=_e(ContractType, d["contract"]),
        contract_months=d["contract_months"],
        weekly_hours=None if d["weekly_hours"] is None else Decimal(d["weekly_hours"]),
        monthly_wage=None
        if wage is None
        else Money(amount=Decimal(wage["amount"]), currency=wage["currency"]),
        insurance=None if d["insurance"] is None else frozenset(map(Insurance, d["insurance"])),
        subsidised=d["subsidised"],
        source=PlacementSource(d["source"]),
        enrolment_id=d["enrolment_id"],
    )


def base_veteran(d: dict[str, Any]) -> Veteran:
    return Veteran(
        id=d["id"],
        sex=Sex(d["sex"]),
        region=d["region"],
        service=tuple(
            ServicePeriod(
                branch=_e(Branch, p["branch"]),
                rank=_e(RankCategory, p["rank"]),
                start=date.fromisoformat(p["start"]),
                end=_d(p["end"]),
                discharge=_e(Discharge, p["discharge"]),
                resettlement=_e(Resettlement, p["resettlement"]),
                disability_rating=p["disability_rating"],
            )
            for p in d["service"]
        ),
        birth_date=_d(d["birth_date"]),
        education=_e(EducationLevel, d["education"]),
        registered_on=_d(d["registered_on"]),
        barriers=frozenset(map(Barrier, d["barriers"])),
        exclusions=tuple(
            Exclusion(reason=ExclusionReason(x["reason"]), on=date.fromisoformat(x["on"]))
            for x in d["exclusions"]
        ),
    )


def base_response(d: dict[str, Any]) -> SurveyResponse:
    return SurveyResponse(
        id=d["id"],
        instrument_id=d["instrument_id"],
        instrument_version=d["instrument_version"],
        veteran_id=d["veteran_id"],
        disposition=Disposition(d["disposition"]),
        placement_id=d["placement_id"],
        wave_months=d["wave_months"],
        collected_on=_d(d["collected_on"]),
        mode=_e(SurveyMode, d["mode"]),
        labour_status=_e(LabourStatus, d["labour_status"]),
        answers=tuple(Answer(question_id=a["question_id"], value=a["value"]) for a in d["answers"]),
        weight=d["weight"],
    )


KINDS: dict[str, tuple[type[Any], type[BaseModel], type[msgspec.Struct], Callable[..., Any]]] = {
    "veterans": (Veteran, PVeteran, MVeteran, base_veteran),
    "placements": (Placement, PPlacement, MPlacement, base_placement),
    "responses": (SurveyResponse, PResponse, MResponse, base_response),
}


def methods(kind: str, path: Path) -> dict[str, Callable[[], Any]]:
    cls, pmodel, smodel, baseline = KINDS[kind]
    lines = path.read_bytes().splitlines()
    to_attrs = msgspec.json.Decoder(cls)
    to_struct = msgspec.json.Decoder(smodel)
    validate = pmodel.model_validate_json
    records = io.read_jsonl(path, cls).collect().records
    models = [validate(line) for line in lines]
    encode = msgspec.json.encode
    line = line_encoder(cls)  # the fast writer's encoder, without the file and its checks
    sink = Path(tempfile.mkdtemp(prefix="vs-bench-")) / f"{kind}.jsonl"
    return {
        "read: ours (cattrs)": lambda: io.read_jsonl(path, cls, fast=False).collect(),
        "read: ours (fast)": lambda: io.read_jsonl(path, cls, fast=True).collect(),
        "read: msgspec → attrs": lambda: [to_attrs.decode(line) for line in lines],
        "read: pydantic v2": lambda: [validate(line) for line in lines],
        "read: msgspec Struct": lambda: [to_struct.decode(line) for line in lines],
        "read: baseline": lambda: [baseline(json.loads(line)) for line in lines],
        "write: ours (cattrs)": lambda: io.write_jsonl(sink, records, fast=False, overwrite=True),
        "write: ours (fast)": lambda: io.write_jsonl(sink, records, fast=True, overwrite=True),
        "write: fast, no file": lambda: b"\n".join([line(r) for r in records]),
        "write: msgspec (attrs)": lambda: b"\n".join([encode(r) for r in records]),
        "write: pydantic v2": lambda: "\n".join([m.model_dump_json() for m in models]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--veterans", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="vs-ingest-")) / "city"
    city = generate(veterans=args.veterans, seed=args.seed)
    # the peer models have no livelihoods (added to the model after they were written): the
    # veterans are read and written without them, by every method alike
    plain = tuple(
        attrs.evolve(v, livelihoods=(), difficulty_recognised_on=None) for v in city.veterans
    )
    io.write_caseload(attrs.evolve(city, veterans=plain), folder)
    print(
        f"Python {platform.python_version()} on {platform.machine()} ({platform.processor()}), "
        f"veteran-services {veteran_services.__version__}, msgspec {msgspec.__version__}, "
        f"pydantic {pydantic.VERSION}, {args.rounds} interleaved rounds, best kept, "
        "collector paused"
    )
    for kind in KINDS:
        path = folder / f"{kind}.jsonl"
        count = len(path.read_bytes().splitlines())
        table = methods(kind, path)
        best = dict.fromkeys(table, math.inf)
        gc.collect()
        gc.disable()
        try:
            for _ in range(args.rounds):
                for name, run in table.items():
                    start = time.process_time()
                    run()
                    best[name] = min(best[name], time.process_time() - start)
                gc.collect()
        finally:
            gc.enable()
        print(f"\n{kind}: {count} records")
        fast = best["read: ours (fast)"]
        for name, seconds in best.items():
            us = seconds / count * 1e6
            if name.startswith("read"):
                base, against = fast, "ours (fast)"
            else:
                base, against = best["write: msgspec (attrs)"], "msgspec (attrs)"
            print(f"  {name:24s} {us:7.2f} µs/record  {seconds / base:5.2f}× {against}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
