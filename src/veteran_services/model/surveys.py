"""Survey instruments (questionnaires), their questions and scales, and responses."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs
from attrs import field, frozen

from veteran_services._checks import is_whole
from veteran_services.errors import InvalidRecordError
from veteran_services.model._validators import (
    a_collection,
    a_date,
    check_type,
    enum_member,
    identifier,
    in_range,
    non_empty,
    optional,
    text,
    to_tuple,
)
from veteran_services.model.enums import (
    Disposition,
    LabourStatus,
    QualityDimension,
    SurveyMode,
    Topic,
)

__all__ = [
    "ANSWERING_DISPOSITIONS",
    "Answer",
    "AnswerValue",
    "ChoiceScale",
    "Instrument",
    "LikertScale",
    "NumericScale",
    "Question",
    "Scale",
    "SurveyResponse",
    "TextScale",
    "YesNoScale",
]

#: A recorded answer: a Likert point or whole number (int), yes/no (bool), a number (float),
#: a choice or free text (str), or several choices (tuple of str).
AnswerValue = bool | int | float | str | tuple[str, ...]

#: Dispositions that carry answers (AAPOR complete and partial interviews).
ANSWERING_DISPOSITIONS = frozenset({Disposition.COMPLETE, Disposition.PARTIAL})


@frozen(kw_only=True)
class LikertScale:
    """An n-point rating scale, answered with a whole number from 1 to ``points``.

    >>> LikertScale(points=5).problem(6)
    'must be a whole number from 1 to 5, got 6'
    """

    points: int = field(validator=[check_type(int), in_range(2, 11)])
    low_label: str | None = field(default=None, validator=optional(text))
    high_label: str | None = field(default=None, validator=optional(text))

    def problem(self, value: object) -> str | None:
        """Why *value* does not fit the scale, or ``None`` when it does."""
        # type() rather than is_whole(): this runs once per answer in Caseload.check().
        if type(value) is int and 1 <= value <= self.points:
            return None
        return f"must be a whole number from 1 to {self.points}, got {value!r}"

    def scaled(self, value: int) -> float:
        """*value* mapped linearly onto [0, 1] (1 → 0, ``points`` → 1)."""
        return (value - 1) / (self.points - 1)


@frozen(kw_only=True)
class YesNoScale:
    """A yes/no question, answered with ``True`` or ``False``."""

    def problem(self, value: object) -> str | None:
        """Why *value* does not fit the scale, or ``None`` when it does."""
        return None if isinstance(value, bool) else f"must be true or false, got {value!r}"


@frozen(kw_only=True)
class NumericScale:
    """A number in an optional range; ``integer`` asks for whole numbers."""

    minimum: float | None = field(default=None, validator=optional(in_range(None, None)))
    maximum: float | None = field(default=None, validator=optional(in_range(None, None)))
    integer: bool = field(default=False, validator=check_type(bool))

    @maximum.validator
    def _ordered(self, attribute: attrs.Attribute[Any], value: float | None) -> None:
        if value is not None and self.minimum is not None and value < self.minimum:
            msg = f"'maximum' must not be below 'minimum' ({self.minimum}), got {value}"
            raise InvalidRecordError("maximum", msg)

    def problem(self, value: object) -> str | None:
        """Why *value* does not fit the scale, or ``None`` when it does."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number, got {value!r}"
        if not math.isfinite(value):
            return f"must be a finite number, got {value!r}"
        if self.integer and not is_whole(value):
            return f"must be a whole number, got {value!r}"
        if self.minimum is not None and value < self.minimum:
            return f"must be at least {self.minimum}, got {value!r}"
        if self.maximum is not None and value > self.maximum:
            return f"must be at most {self.maximum}, got {value!r}"
        return None


@frozen(kw_only=True)
class ChoiceScale:
    """One of a fixed list of options (or several, when ``multiple``)."""

    options: tuple[str, ...] = field(converter=to_tuple, validator=[a_collection, non_empty])
    multiple: bool = field(default=False, validator=check_type(bool))

    @options.validator
    def _distinct(self, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
        for option in value:
            if not isinstance(option, str) or not option.strip():
                msg = f"'options' must be non-blank strings, got {option!r}"
                raise InvalidRecordError("options", msg)
        if len(set(value)) != len(value):
            msg = f"'options' must not repeat, got {list(value)}"
            raise InvalidRecordError("options", msg)

    def problem(self, value: object) -> str | None:
        """Why *value* does not fit the scale, or ``None`` when it does."""
        if isinstance(value, str):
            chosen: tuple[object, ...] = (value,)
        elif self.multiple and isinstance(value, tuple):
            chosen = value
            if len(set(chosen)) != len(chosen):
                return f"must not repeat an option, got {list(chosen)!r}"
        else:
            kind = "an option or a list of options" if self.multiple else "one option"
            return f"must be {kind}, got {value!r}"
        unknown = [c for c in chosen if c not in self.options]
        if unknown:
            return f"must be one of {list(self.options)!r}, got {unknown[0]!r}"
        return None


@frozen(kw_only=True)
class TextScale:
    """Free text, optionally limited in length."""

    max_length: int | None = field(
        default=None, validator=optional(check_type(int), in_range(1, None))
    )

    def problem(self, value: object) -> str | None:
        """Why *value* does not fit the scale, or ``None`` when it does."""
        if not isinstance(value, str):
            return f"must be text, got {value!r}"
        if self.max_length is not None and len(value) > self.max_length:
            return f"must be at most {self.max_length} characters, got {len(value)}"
        return None


#: The kinds of answer scale a question can have.
Scale = LikertScale | YesNoScale | NumericScale | ChoiceScale | TextScale
_SCALES = (LikertScale, YesNoScale, NumericScale, ChoiceScale, TextScale)


@frozen(kw_only=True)
class Question:
    """One question of an instrument.

    ``dimension`` tags the UNECE quality dimension the question informs; ``topic`` says what
    it measures (job satisfaction, job demand, ...), so scoring can find it; ``reverse`` marks
    items where a high answer is the worse one.
    """

    id: str = field(validator=identifier)
    text: str = field(validator=text)
    scale: Scale = field(validator=check_type(*_SCALES))
    dimension: QualityDimension | None = field(
        default=None, validator=optional(enum_member(QualityDimension))
    )
    topic: Topic | None = field(default=None, validator=optional(enum_member(Topic)))
    reverse: bool = field(default=False, validator=check_type(bool))


@frozen(kw_only=True)
class Instrument:
    """A versioned questionnaire; question ids are unique within it."""

    id: str = field(validator=identifier)
    version: int = field(validator=[check_type(int), in_range(1, None)])
    title: str = field(validator=text)
    questions: tuple[Question, ...] = field(converter=to_tuple, validator=a_collection)

    @questions.validator
    def _unique_ids(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        seen: set[str] = set()
        for question in value:
            if not isinstance(question, Question):
                msg = f"'questions' must hold Question records, got {question!r}"
                raise InvalidRecordError("questions", msg)
            if question.id in seen:
                msg = f"'questions' ids must be unique, got {question.id!r} twice"
                raise InvalidRecordError("questions", msg)
            seen.add(question.id)

    def question(self, question_id: str) -> Question | None:
        """The question with *question_id*, or ``None``."""
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    def questions_on(self, topic: Topic) -> tuple[Question, ...]:
        """The questions that measure *topic*."""
        return tuple(q for q in self.questions if q.topic is topic)


def _answer_value(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        msg = f"'value' must be a finite number, got {value!r}"
        raise InvalidRecordError("value", msg)
    if isinstance(value, tuple):
        if not all(isinstance(v, str) for v in value):
            msg = f"'value' as a list must hold option strings, got {list(value)!r}"
            raise InvalidRecordError("value", msg)
    elif not isinstance(value, bool | int | float | str):
        msg = f"'value' must be a number, true/false, text or a list of options, got {value!r}"
        raise InvalidRecordError("value", msg)


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _typed(value: Any) -> tuple[type, Any]:
    # True == 1 == 1.0 in Python, but they are different answers (yes, a Likert point, a
    # number) and a lossless round trip must keep them apart.
    return (type(value), value)


@frozen(kw_only=True)
class Answer:
    """The answer to one question.

    Answers compare by the type of their value as well: yes (``True``) is not the Likert
    point ``1``, and ``1`` is not ``1.0``.

    >>> Answer(question_id="q1", value=True) == Answer(question_id="q1", value=1)
    False
    >>> Answer(question_id="q1", value=["a", "b"]).value
    ('a', 'b')
    """

    question_id: str = field(validator=identifier)
    value: AnswerValue = field(converter=_freeze, validator=_answer_value, eq=_typed)


def _answers(instance: SurveyResponse, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value.__class__ is not tuple:  # a_collection first, in this one validator (issue 21)
        a_collection(instance, attribute, value)
    seen: set[str] = set()
    for answer in value:
        if not isinstance(answer, Answer):
            msg = f"'answers' must hold Answer records, got {answer!r}"
            raise InvalidRecordError("answers", msg)
        if answer.question_id in seen:
            msg = f"'answers' must answer each question once, got {answer.question_id!r} twice"
            raise InvalidRecordError("answers", msg)
        seen.add(answer.question_id)
    if value and instance.disposition not in ANSWERING_DISPOSITIONS:
        msg = (
            f"'answers' must be empty for a {instance.disposition.value!r} disposition; "
            "only complete and partial interviews carry answers"
        )
        raise InvalidRecordError("answers", msg)


def _weight(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"'weight' must be a number, got {value!r}"
        raise InvalidRecordError("weight", msg)
    if not math.isfinite(value) or value <= 0:
        msg = f"'weight' must be a finite number above 0, got {value!r}"
        raise InvalidRecordError("weight", msg)


@frozen(kw_only=True)
class SurveyResponse:
    """One case of a survey: a veteran, an instrument version, a disposition and answers.

    Follow-up surveys about a placement carry ``placement_id`` and ``wave_months`` (3, 6, 12).
    ``weight`` is the case's survey weight (1 unless the survey is weighted).
    """

    id: str = field(validator=identifier)
    instrument_id: str = field(validator=identifier)
    instrument_version: int = field(validator=[check_type(int), in_range(1, None)])
    veteran_id: str = field(validator=identifier)
    disposition: Disposition = field(validator=enum_member(Disposition))
    placement_id: str | None = field(default=None, validator=optional(identifier))
    wave_months: int | None = field(
        default=None, validator=optional(check_type(int), in_range(0, 600))
    )
    collected_on: date | None = field(default=None, validator=optional(a_date))
    mode: SurveyMode | None = field(default=None, validator=optional(enum_member(SurveyMode)))
    labour_status: LabourStatus | None = field(
        default=None, validator=optional(enum_member(LabourStatus))
    )
    answers: tuple[Answer, ...] = field(default=(), converter=to_tuple, validator=_answers)
    weight: float = field(default=1.0, validator=_weight)

    def answer(self, question_id: str) -> AnswerValue | None:
        """The value answered to *question_id*, or ``None`` when unanswered."""
        for answer in self.answers:
            if answer.question_id == question_id:
                return answer.value
        return None

    @property
    def responded(self) -> bool:
        """Whether this case is a complete or partial interview."""
        return self.disposition in ANSWERING_DISPOSITIONS


def answers_by_question(answers: Iterable[Answer]) -> dict[str, AnswerValue]:
    """A mapping from question id to answered value."""
    return {a.question_id: a.value for a in answers}
