"""Planted data-quality problems (opt-in): mistakes a real ledger has, each one that
:meth:`Caseload.check <veteran_services.model.Caseload.check>` finds.

``generate(..., problems=0.02)`` plants about 2 problems per 100 veterans, one kind after the
other (:data:`PROBLEM_KINDS`), each in a record of its own chosen from a stream of its own:
a contact entered twice under one id, a contact of a veteran who is not on file, a follow-up
dated before its placement started, an answer off its scale, an answer to a question the
questionnaire does not have, a follow-up filed under another veteran, a placement linked to
another veteran's training, a wage record entered twice, an employer with a district code that
is not in the code list. :func:`~veteran_services.synthetic.planted_city` lists them
(:class:`PlantedProblem`): ``check()`` finds each of them, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any, Final

import attrs
from attrs import frozen

from veteran_services.model import Answer, Caseload, ProblemCode
from veteran_services.synthetic._draws import _Random

__all__ = ["PROBLEM_KINDS", "PlantedProblem", "plant_problems"]

#: The kinds of planted problem, in the order they are planted.
PROBLEM_KINDS: Final = (
    "duplicate_contact",
    "contact_of_missing_veteran",
    "response_before_placement",
    "answer_out_of_scale",
    "unknown_question",
    "response_of_other_veteran",
    "placement_with_other_enrolment",
    "duplicate_earnings",
    "unknown_employer_region",
)

#: An employer district code that is not in the region code list.
_UNKNOWN_REGION: Final = "320199"


@frozen(kw_only=True)
class PlantedProblem:
    """One planted data-quality problem: what ``check()`` must report, and what was done.

    Attributes:
        code: The problem code ``check()`` reports.
        kind: The record kind (``"responses"``).
        record_id: The id ``check()`` reports (for earnings ``veteran/employer/quarter``).
        field: The field concerned.
        planted: Which of :data:`PROBLEM_KINDS` it is.
    """

    code: ProblemCode
    kind: str
    record_id: str
    field: str
    planted: str


def problem_stream(seed: int) -> _Random:
    """The planted problems' own seeded stream."""
    return _Random(f"problems:{seed}")


class _Planter:
    def __init__(self, caseload: Caseload, rng: _Random) -> None:
        self.rng = rng
        self.veterans = caseload.veterans
        self.contacts = list(caseload.contacts)
        self.responses = list(caseload.responses)
        self.placements = list(caseload.placements)
        self.earnings = list(caseload.earnings)
        self.employers = list(caseload.employers)
        self.enrolments = caseload.enrolments
        self.started = {p.id: (p.started_on, p.veteran_id) for p in caseload.placements}
        self.used: set[tuple[str, int]] = set()
        self.extra_contacts: list[Any] = []
        self.extra_earnings: list[Any] = []
        self.missing = 0
        self.found: list[PlantedProblem] = []

    def pick(self, kind: str, records: Sequence[Any], fits: Callable[[Any], bool]) -> int | None:
        """The index of a record of *kind* not used yet that *fits* (None: there is none)."""
        candidates = [i for i, r in enumerate(records) if (kind, i) not in self.used and fits(r)]
        if not candidates:
            return None
        index = candidates[self.rng.randrange(len(candidates))]
        self.used.add((kind, index))
        return index

    def note(self, code: ProblemCode, kind: str, record_id: str, field: str, what: str) -> None:
        self.found.append(
            PlantedProblem(code=code, kind=kind, record_id=record_id, field=field, planted=what)
        )

    def plant(self, what: str) -> None:
        rng = self.rng
        if what == "duplicate_contact":
            i = self.pick("contacts", self.contacts, lambda c: True)
            if i is None:
                return
            contact = self.contacts[i]
            again = attrs.evolve(contact, occurred_on=contact.occurred_on + timedelta(days=1))
            self.extra_contacts.append(again)
            self.note(ProblemCode.DUPLICATE_ID, "contacts", contact.id, "id", what)
        elif what == "contact_of_missing_veteran":
            i = self.pick("contacts", self.contacts, lambda c: True)
            if i is None:
                return
            self.missing += 1
            missing = f"V{len(self.veterans) + self.missing:06d}"
            self.contacts[i] = attrs.evolve(self.contacts[i], veteran_id=missing)
            self.note(
                ProblemCode.DANGLING_REFERENCE, "contacts", self.contacts[i].id, "veteran_id", what
            )
        elif what == "response_before_placement":
            i = self.pick(
                "responses",
                self.responses,
                lambda r: r.collected_on is not None and r.placement_id in self.started,
            )
            if i is None:
                return
            response = self.responses[i]
            started = self.started[str(response.placement_id)][0]
            day = started - timedelta(days=1 + rng.randrange(60))
            self.responses[i] = attrs.evolve(response, collected_on=day)
            self.note(
                ProblemCode.RESPONSE_BEFORE_PLACEMENT, "responses", response.id, "collected_on",
                what,
            )  # fmt: skip
        elif what in ("answer_out_of_scale", "unknown_question"):
            i = self.pick("responses", self.responses, lambda r: r.answer("js_overall") is not None)
            if i is None:
                return
            response = self.responses[i]
            if what == "answer_out_of_scale":
                answers = tuple(
                    Answer(question_id=a.question_id, value=6)
                    if a.question_id == "js_overall"
                    else a
                    for a in response.answers
                )
                code = ProblemCode.ANSWER_OUT_OF_SCALE
            else:
                answers = (*response.answers, Answer(question_id="js_colleagues", value=4))
                code = ProblemCode.UNKNOWN_QUESTION
            self.responses[i] = attrs.evolve(response, answers=answers)
            self.note(code, "responses", response.id, "answers", what)
        elif what == "response_of_other_veteran":
            i = self.pick("responses", self.responses, lambda r: r.placement_id in self.started)
            if i is None or len(self.veterans) < 2:
                return
            response = self.responses[i]
            owner = self.started[str(response.placement_id)][1]
            other = self.veterans[rng.randrange(len(self.veterans))].id
            while other == owner:
                other = self.veterans[rng.randrange(len(self.veterans))].id
            self.responses[i] = attrs.evolve(response, veteran_id=other)
            self.note(
                ProblemCode.RESPONSE_PLACEMENT_MISMATCH, "responses", response.id,
                "placement_id", what,
            )  # fmt: skip
        elif what == "placement_with_other_enrolment":
            i = self.pick("placements", self.placements, lambda p: p.enrolment_id is not None)
            if i is None:
                return
            placement = self.placements[i]
            others = [e for e in self.enrolments if e.veteran_id != placement.veteran_id]
            if not others:
                return
            linked = others[rng.randrange(len(others))]
            self.placements[i] = attrs.evolve(placement, enrolment_id=linked.id)
            self.note(
                ProblemCode.PLACEMENT_ENROLMENT_MISMATCH, "placements", placement.id,
                "enrolment_id", what,
            )  # fmt: skip
        elif what == "duplicate_earnings":
            i = self.pick("earnings", self.earnings, lambda e: True)
            if i is None:
                return
            earning = self.earnings[i]
            self.extra_earnings.append(earning)
            record_id = f"{earning.veteran_id}/{earning.employer_id}/{earning.quarter}"
            self.note(ProblemCode.DUPLICATE_EARNINGS, "earnings", record_id, "quarter", what)
        else:  # unknown_employer_region
            i = self.pick("employers", self.employers, lambda e: True)
            if i is None:
                return
            employer = self.employers[i]
            self.employers[i] = attrs.evolve(employer, region=_UNKNOWN_REGION)
            self.note(ProblemCode.UNKNOWN_REGION, "employers", employer.id, "region", what)


def plant_problems(
    caseload: Caseload, share: float, seed: int
) -> tuple[Caseload, tuple[PlantedProblem, ...]]:
    """*caseload* with ``round(share * veterans)`` planted problems (at least one when *share*
    is above 0 and there are veterans), and the list of them."""
    count = round(share * len(caseload.veterans))
    if share > 0 and caseload.veterans:
        count = max(1, count)
    if count == 0:
        return caseload, ()
    planter = _Planter(caseload, problem_stream(seed))
    for number in range(count):
        planter.plant(PROBLEM_KINDS[number % len(PROBLEM_KINDS)])
    planted = caseload.replace(
        contacts=(*planter.contacts, *planter.extra_contacts),
        responses=tuple(planter.responses),
        placements=tuple(planter.placements),
        earnings=(*planter.earnings, *planter.extra_earnings),
        employers=tuple(planter.employers),
    )
    return planted, tuple(planter.found)
