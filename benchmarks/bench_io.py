"""Benchmark: reading JSON Lines and caseload folders of the 100k-veteran sample city.

Measures ``read_jsonl`` (veterans, placements, survey responses) and ``read_caseload`` (the
whole folder) against a hand-written baseline in the same run: ``json.loads`` of each line
and the attrs constructors called by hand, with the same enum lookups and
``date.fromisoformat`` but no strict type checks and no error reporting. The baseline is what
the converter has to compete with (target: within 1.5x).

Every measurement runs in a fresh interpreter, so that its peak resident memory
(``VmHWM`` on Linux) is its own and the garbage collector starts clean; each is repeated and the
best CPU time is kept (CPU time, because the machine is shared: wall-clock time is printed
too). The mode is stated beside every figure:

- ``stream``: iterate ``read_jsonl`` and keep every record in a list, collector running;
- ``collect``: ``read_jsonl(...).collect()``, which pauses the cyclic collector;
- ``caseload``: ``read_caseload`` (collector paused while it builds the caseload).

Run: ``python benchmarks/bench_io.py [--veterans 100000] [--seed 1] [--folder DIR]
[--repeat 2]``. Without ``--folder``, the city is generated and written to a temporary folder.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from veteran_services import (
    Answer,
    Barrier,
    Branch,
    Caseload,
    Channel,
    ChoiceScale,
    ContactKind,
    ContractType,
    Credential,
    CredentialKind,
    Discharge,
    Disposition,
    EarningsRecord,
    EducationLevel,
    Employer,
    EndReason,
    Enrolment,
    EnrolmentOutcome,
    Exclusion,
    ExclusionReason,
    Instrument,
    Insurance,
    LabourStatus,
    LegalForm,
    LikertScale,
    Money,
    NumericScale,
    Ownership,
    PersonalDetails,
    Placement,
    PlacementSource,
    Programme,
    ProgrammeKind,
    ProviderKind,
    QualityDimension,
    Quarter,
    Question,
    RankCategory,
    Resettlement,
    ServiceContact,
    ServicePeriod,
    Sex,
    SizeBand,
    SkillGain,
    SkillGainKind,
    Support,
    SupportKind,
    SurveyMode,
    SurveyResponse,
    TextScale,
    Topic,
    TrainingProvider,
    Venture,
    VentureSnapshot,
    Veteran,
    YesNoScale,
    io,
)

# --- the hand-written baseline ----------------------------------------------------------------


def _d(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _e(enum: Any, value: str | None) -> Any:
    return None if value is None else enum(value)


def _money(data: dict[str, Any] | None) -> Money | None:
    if data is None:
        return None
    return Money(amount=Decimal(data["amount"]), currency=data["currency"])


def _period(d: dict[str, Any]) -> ServicePeriod:
    return ServicePeriod(
        branch=Branch(d["branch"]),
        rank=RankCategory(d["rank"]),
        start=date.fromisoformat(d["start"]),
        end=_d(d["end"]),
        discharge=_e(Discharge, d["discharge"]),
        resettlement=_e(Resettlement, d["resettlement"]),
        disability_rating=d["disability_rating"],
    )


def veteran(d: dict[str, Any]) -> Veteran:
    personal = d.get("personal")
    return Veteran(
        id=d["id"],
        sex=Sex(d["sex"]),
        region=d["region"],
        service=tuple(_period(p) for p in d["service"]),
        birth_date=_d(d["birth_date"]),
        education=_e(EducationLevel, d["education"]),
        registered_on=_d(d["registered_on"]),
        barriers=frozenset(Barrier(b) for b in d["barriers"]),
        exclusions=tuple(
            Exclusion(reason=ExclusionReason(x["reason"]), on=date.fromisoformat(x["on"]))
            for x in d["exclusions"]
        ),
        personal=None if personal is None else PersonalDetails(**personal),
    )


def provider(d: dict[str, Any]) -> TrainingProvider:
    return TrainingProvider(
        id=d["id"],
        name=d["name"],
        kind=ProviderKind(d["kind"]),
        region=d["region"],
        contracted=d["contracted"],
    )


def programme(d: dict[str, Any]) -> Programme:
    return Programme(
        id=d["id"],
        provider_id=d["provider_id"],
        title=d["title"],
        kind=ProgrammeKind(d["kind"]),
        target_occupations=frozenset(d["target_occupations"]),
        credential=_e(CredentialKind, d["credential"]),
        hours=d["hours"],
        cost=_money(d["cost"]),
    )


def enrolment(d: dict[str, Any]) -> Enrolment:
    return Enrolment(
        id=d["id"],
        veteran_id=d["veteran_id"],
        programme_id=d["programme_id"],
        enrolled_on=date.fromisoformat(d["enrolled_on"]),
        ended_on=_d(d["ended_on"]),
        outcome=EnrolmentOutcome(d["outcome"]),
        credentials=tuple(
            Credential(
                kind=CredentialKind(c["kind"]),
                title=c["title"],
                awarded_on=date.fromisoformat(c["awarded_on"]),
                level=c["level"],
            )
            for c in d["credentials"]
        ),
        skill_gains=tuple(
            SkillGain(
                kind=SkillGainKind(s["kind"]), achieved_on=date.fromisoformat(s["achieved_on"])
            )
            for s in d["skill_gains"]
        ),
    )


def employer(d: dict[str, Any]) -> Employer:
    return Employer(
        id=d["id"],
        name=d["name"],
        industry=d["industry"],
        region=d["region"],
        ownership=Ownership(d["ownership"]),
        size=_e(SizeBand, d["size"]),
        partner=d["partner"],
    )


def placement(d: dict[str, Any]) -> Placement:
    hours = d["weekly_hours"]
    return Placement(
        id=d["id"],
        veteran_id=d["veteran_id"],
        employer_id=d["employer_id"],
        occupation=d["occupation"],
        started_on=date.fromisoformat(d["started_on"]),
        ended_on=_d(d["ended_on"]),
        end_reason=_e(EndReason, d["end_reason"]),
        contract=ContractType(d["contract"]),
        contract_months=d["contract_months"],
        weekly_hours=None if hours is None else Decimal(hours),
        monthly_wage=_money(d["monthly_wage"]),
        insurance=frozenset(Insurance(i) for i in d["insurance"]),
        subsidised=d["subsidised"],
        source=PlacementSource(d["source"]),
        enrolment_id=d["enrolment_id"],
    )


def venture(d: dict[str, Any]) -> Venture:
    return Venture(
        id=d["id"],
        founder_ids=tuple(d["founder_ids"]),
        name=d["name"],
        legal_form=LegalForm(d["legal_form"]),
        industry=d["industry"],
        region=d["region"],
        registered_on=date.fromisoformat(d["registered_on"]),
        closed_on=_d(d["closed_on"]),
        support=tuple(
            Support(
                kind=SupportKind(s["kind"]),
                granted_on=date.fromisoformat(s["granted_on"]),
                amount=_money(s["amount"]),
            )
            for s in d["support"]
        ),
        snapshots=tuple(
            VentureSnapshot(
                as_of=date.fromisoformat(s["as_of"]),
                employees=s["employees"],
                veteran_employees=s["veteran_employees"],
                revenue=_money(s["revenue"]),
            )
            for s in d["snapshots"]
        ),
    )


def earnings(d: dict[str, Any]) -> EarningsRecord:
    text = d["quarter"]
    return EarningsRecord(
        veteran_id=d["veteran_id"],
        employer_id=d["employer_id"],
        quarter=Quarter(year=int(text[:4]), quarter=int(text[5])),
        amount=_money(d["amount"]),  # type: ignore[arg-type]
    )


def contact(d: dict[str, Any]) -> ServiceContact:
    return ServiceContact(
        id=d["id"],
        veteran_id=d["veteran_id"],
        occurred_on=date.fromisoformat(d["occurred_on"]),
        kind=ContactKind(d["kind"]),
        channel=_e(Channel, d["channel"]),
    )


_SCALES: dict[str, Any] = {
    "likert": LikertScale,
    "yes_no": YesNoScale,
    "numeric": NumericScale,
    "choice": ChoiceScale,
    "text": TextScale,
}


def instrument(d: dict[str, Any]) -> Instrument:
    questions = []
    for q in d["questions"]:
        scale = dict(q["scale"])
        cls = _SCALES[scale.pop("kind")]
        questions.append(
            Question(
                id=q["id"],
                text=q["text"],
                scale=cls(**scale),
                dimension=_e(QualityDimension, q["dimension"]),
                topic=_e(Topic, q["topic"]),
                reverse=q["reverse"],
            )
        )
    return Instrument(id=d["id"], version=d["version"], title=d["title"], questions=questions)


def response(d: dict[str, Any]) -> SurveyResponse:
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


BASELINE: dict[str, Callable[[dict[str, Any]], Any]] = {
    "veterans": veteran,
    "providers": provider,
    "programmes": programme,
    "enrolments": enrolment,
    "employers": employer,
    "placements": placement,
    "ventures": venture,
    "earnings": earnings,
    "contacts": contact,
    "instruments": instrument,
    "responses": response,
}


def baseline_lines(path: Path, build: Callable[[dict[str, Any]], Any]) -> Iterator[Any]:
    """The hand-written reader: one ``json.loads`` and one constructor call per line."""
    with path.open("rb") as file:
        for raw in file:
            yield build(json.loads(raw))


def baseline_caseload(folder: Path) -> Caseload:
    gc.disable()
    try:
        kinds = {
            kind: tuple(baseline_lines(folder / f"{kind}.jsonl", build))
            for kind, build in BASELINE.items()
        }
        return Caseload(**kinds)
    finally:
        gc.enable()


# --- one measurement per interpreter ------------------------------------------------------


def _rss_mib() -> float:
    """Peak resident memory of this process, in MiB.

    On Linux, ``VmHWM`` (it starts afresh at ``exec``; ``ru_maxrss`` would carry over the
    parent's peak from before the fork). Elsewhere ``ru_maxrss``.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def measure(what: str, folder: Path) -> dict[str, Any]:
    """Run one measurement in this interpreter and return its figures."""
    kind = what.split(":")[1] if ":" in what else ""
    cls = io.KIND_CLASSES.get(kind)
    rss_before = _rss_mib()
    wall, cpu = time.perf_counter(), time.process_time()
    if what.startswith("stream:"):
        assert cls is not None
        records: Any = list(io.read_jsonl(folder / f"{kind}.jsonl", cls))
        count = len(records)
    elif what.startswith("collect:"):
        assert cls is not None
        count = len(io.read_jsonl(folder / f"{kind}.jsonl", cls).collect().records)
    elif what.startswith("baseline-stream:"):
        records = list(baseline_lines(folder / f"{kind}.jsonl", BASELINE[kind]))
        count = len(records)
    elif what.startswith("baseline-collect:"):
        gc.disable()
        records = list(baseline_lines(folder / f"{kind}.jsonl", BASELINE[kind]))
        gc.enable()
        count = len(records)
    elif what == "caseload":
        count = sum(io.read_caseload(folder).counts().values())
    elif what == "baseline-caseload":
        count = sum(baseline_caseload(folder).counts().values())
    else:  # pragma: no cover - a typo on the command line
        raise SystemExit(f"unknown measurement {what!r}")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "what": what,
        "records": count,
        "wall": wall,
        "cpu": cpu,
        "rss_before": rss_before,
        "rss_peak": _rss_mib(),
    }


def run(what: str, folder: Path, repeat: int) -> dict[str, Any]:
    """Best of *repeat* fresh-interpreter runs of one measurement."""
    best: dict[str, Any] | None = None
    for _ in range(repeat):
        out = subprocess.run(  # noqa: S603 - our own script, our own arguments
            [sys.executable, __file__, "--measure", what, "--folder", str(folder)],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if best is None or result["cpu"] < best["cpu"]:
            best = result
    assert best is not None
    return best


def main(argv: list[str] | None = None) -> int:
    """Generate (or reuse) the city, run every measurement and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--veterans", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folder", type=Path, help="an existing caseload folder to read")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:
        print(json.dumps(measure(args.measure, args.folder)))
        return 0

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder
        if folder is None:
            from veteran_services.synthetic import generate

            folder = Path(scratch) / "city"
            started = time.perf_counter()
            caseload = generate(veterans=args.veterans, seed=args.seed)
            io.write_caseload(caseload, folder)
            del caseload
            print(
                f"sample city: generate(veterans={args.veterans:,}, seed={args.seed}) written "
                f"in {time.perf_counter() - started:.0f} s to {folder}"
            )
        counts = json.loads((folder / "manifest.json").read_text("utf-8"))["counts"]
        print("counts: " + ", ".join(f"{k}={v:,}" for k, v in counts.items()))
        print(f"load average: {os.getloadavg()[0]:.2f}")
        print()
        header = (
            f"{'measurement':<28}{'records':>11}{'cpu s':>8}{'wall s':>8}{'µs/rec':>8}"
            f"{'rec/s':>9}{'peak RSS MiB':>14}{'vs baseline':>13}"
        )
        print(header)
        pairs = [
            (f"{mode}:{kind}", f"baseline-{mode}:{kind}")
            for kind in ("veterans", "placements", "responses")
            for mode in ("stream", "collect")
        ]
        pairs.append(("caseload", "baseline-caseload"))
        for ours, theirs in pairs:
            mine = run(ours, folder, args.repeat)
            base = run(theirs, folder, args.repeat)
            for result, ratio in ((mine, mine["cpu"] / base["cpu"]), (base, None)):
                per = result["cpu"] / max(result["records"], 1) * 1e6
                print(
                    f"{result['what']:<28}{result['records']:>11,}{result['cpu']:>8.1f}"
                    f"{result['wall']:>8.1f}{per:>8.1f}{result['records'] / result['cpu']:>9,.0f}"
                    f"{result['rss_peak']:>14,.0f}"
                    + (f"{ratio:>12.2f}x" if ratio is not None else "")
                )
        print(f"load average: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
