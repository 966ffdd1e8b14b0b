"""Answer scales: what fits and what does not (used by ``Caseload.check``), and answers."""

from __future__ import annotations

from typing import Any

import pytest

from veteran_services import (
    Answer,
    ChoiceScale,
    Disposition,
    Instrument,
    LikertScale,
    NumericScale,
    Question,
    Scale,
    SurveyResponse,
    TextScale,
    Topic,
    YesNoScale,
)

LIKERT = LikertScale(points=5)
NUMBER = NumericScale(minimum=0, maximum=168)
WHOLE = NumericScale(minimum=0, maximum=10, integer=True)
OPEN = NumericScale()
ONE = ChoiceScale(options=("bus", "metro", "car"))
MANY = ChoiceScale(options=("bus", "metro", "car"), multiple=True)
TEXT = TextScale(max_length=5)

FITS: list[tuple[Scale, Any]] = [
    (LIKERT, 1),
    (LIKERT, 5),
    (YesNoScale(), True),
    (YesNoScale(), False),
    (NUMBER, 0),
    (NUMBER, 168.0),
    (NUMBER, 37.5),
    (WHOLE, 10),
    (OPEN, -1e300),
    (ONE, "metro"),
    (MANY, "metro"),
    (MANY, ("bus", "car")),
    (MANY, ()),
    (TEXT, ""),
    (TEXT, "12345"),
    (TextScale(), "x" * 10_000),
]
MISFITS: list[tuple[Scale, Any, str]] = [
    (LIKERT, 0, "0"),
    (LIKERT, 6, "6"),
    (LIKERT, 3.0, "3.0"),
    (LIKERT, True, "True"),
    (LIKERT, "3", "'3'"),
    (YesNoScale(), 1, "1"),
    (YesNoScale(), "yes", "'yes'"),
    (NUMBER, -0.5, "-0.5"),
    (NUMBER, 168.5, "168.5"),
    (NUMBER, True, "True"),
    (NUMBER, "40", "'40'"),
    (OPEN, float("nan"), "nan"),
    (OPEN, float("inf"), "inf"),
    (WHOLE, 2.5, "2.5"),
    (ONE, "train", "'train'"),
    (ONE, ("bus",), "('bus',)"),
    (MANY, ("bus", "bus"), "'bus'"),
    (MANY, ("bus", "train"), "'train'"),
    (MANY, 3, "3"),
    (TEXT, "123456", "6"),
    (TEXT, 5, "5"),
]


@pytest.mark.parametrize(("scale", "value"), FITS)
def test_values_that_fit(scale: Scale, value: Any) -> None:
    assert scale.problem(value) is None


@pytest.mark.parametrize(("scale", "value", "quoted"), MISFITS)
def test_values_that_do_not_fit_are_quoted(scale: Scale, value: Any, quoted: str) -> None:
    problem = scale.problem(value)
    assert problem is not None
    assert problem.startswith("must ")
    assert quoted in problem


def test_likert_scaling() -> None:
    assert LIKERT.scaled(1) == 0.0
    assert LIKERT.scaled(5) == 1.0
    assert LIKERT.scaled(3) == 0.5


def test_answers_keep_yes_apart_from_one_and_one_apart_from_one_point_zero() -> None:
    yes = Answer(question_id="q1", value=True)
    one = Answer(question_id="q1", value=1)
    one_point_zero = Answer(question_id="q1", value=1.0)
    assert yes != one
    assert one != one_point_zero
    assert len({yes, one, one_point_zero}) == 3
    assert Answer(question_id="q1", value=["a"]) == Answer(question_id="q1", value=("a",))
    assert hash(Answer(question_id="q1", value=["a"])) == hash(
        Answer(question_id="q1", value=("a",))
    )
    assert Answer(question_id="q1", value=1) == Answer(question_id="q1", value=1)


def test_instrument_and_response_helpers() -> None:
    satisfied = Question(id="q1", text="Satisfied?", scale=LIKERT, topic=Topic.JOB_SATISFACTION)
    wage = Question(id="q2", text="Wage?", scale=OPEN, topic=Topic.MONTHLY_WAGE)
    instrument = Instrument(id="I1", version=1, title="Follow-up", questions=(satisfied, wage))
    assert instrument.question("q2") is wage
    assert instrument.question("q9") is None
    assert instrument.questions_on(Topic.JOB_SATISFACTION) == (satisfied,)
    response = SurveyResponse(
        id="R1",
        instrument_id="I1",
        instrument_version=1,
        veteran_id="V1",
        disposition=Disposition.PARTIAL,
        answers=[Answer(question_id="q1", value=4)],
    )
    assert response.answer("q1") == 4
    assert response.answer("q2") is None
    assert response.responded
    refused = SurveyResponse(
        id="R2",
        instrument_id="I1",
        instrument_version=1,
        veteran_id="V1",
        disposition=Disposition.REFUSAL,
    )
    assert not refused.responded
