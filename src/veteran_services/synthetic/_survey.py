"""The sample city's follow-up questionnaire and how its veterans answer it."""

from __future__ import annotations

import random
from statistics import NormalDist
from typing import Final, NamedTuple

from veteran_services.model import (
    Answer,
    AnswerValue,
    Instrument,
    LikertScale,
    NumericScale,
    QualityDimension,
    Question,
    TextScale,
    Topic,
    YesNoScale,
)
from veteran_services.synthetic._catalogue import COMMENTS_EMPLOYED, COMMENTS_NOT_EMPLOYED

__all__ = ["FOLLOW_UP", "FOLLOW_UP_ID", "FOLLOW_UP_VERSION", "AnswerMaker", "JobFacts"]

FOLLOW_UP_ID: Final = "FU"
FOLLOW_UP_VERSION: Final = 1

_D = QualityDimension
_AGREE = LikertScale(points=5, low_label="Strongly disagree", high_label="Strongly agree")
_SATISFIED = LikertScale(points=5, low_label="Very dissatisfied", high_label="Very satisfied")


def _q(
    qid: str,
    text: str,
    scale: LikertScale | YesNoScale | NumericScale | TextScale,
    topic: Topic,
    dimension: QualityDimension | None,
    *,
    reverse: bool = False,
) -> Question:
    return Question(
        id=qid, text=text, scale=scale, topic=topic, dimension=dimension, reverse=reverse
    )


#: The follow-up instrument asked 3, 6 and 12 months after a placement starts.
FOLLOW_UP: Final = Instrument(
    id=FOLLOW_UP_ID,
    version=FOLLOW_UP_VERSION,
    title="Post-placement follow-up survey (3, 6 and 12 months) 就业回访问卷",
    questions=(
        _q("still_employed", "Are you still working in the job you were placed in? "
           "您目前是否仍在该岗位工作？", YesNoScale(), Topic.STILL_EMPLOYED,
           _D.SECURITY_AND_PROTECTION),
        _q("monthly_wage", "What is your monthly pay before tax, excluding overtime pay, in "
           "yuan? 您的月工资（税前，不含加班费）是多少元？",
           NumericScale(minimum=0, maximum=200_000), Topic.MONTHLY_WAGE,
           _D.INCOME_AND_BENEFITS),
        _q("weekly_hours", "How many hours do you usually work a week? 您每周通常工作多少小时？",
           NumericScale(minimum=0, maximum=168), Topic.WEEKLY_HOURS, _D.WORKING_TIME),
        _q("js_overall", "Overall, how satisfied are you with your job? "
           "总体而言，您对目前的工作满意吗？",
           _SATISFIED, Topic.JOB_SATISFACTION, _D.RELATIONSHIPS_AND_MOTIVATION),
        _q("js_pay", "How satisfied are you with your pay and benefits? 您对薪酬福利满意吗？",
           _SATISFIED, Topic.JOB_SATISFACTION, _D.INCOME_AND_BENEFITS),
        _q("js_hours", "How satisfied are you with your working hours? 您对工作时间满意吗？",
           _SATISFIED, Topic.JOB_SATISFACTION, _D.WORKING_TIME),
        _q("js_security", "How satisfied are you with your job security? 您对工作稳定性满意吗？",
           _SATISFIED, Topic.JOB_SATISFACTION, _D.SECURITY_AND_PROTECTION),
        _q("js_safety", "How satisfied are you with health and safety at work? "
           "您对工作场所的安全卫生满意吗？", _SATISFIED, Topic.JOB_SATISFACTION,
           _D.SAFETY_AND_ETHICS),
        _q("js_voice", "I can raise problems with management and have them heard. "
           "我可以向管理层反映问题并得到回应。", _AGREE, Topic.JOB_SATISFACTION,
           _D.SOCIAL_DIALOGUE),
        _q("js_development", "How satisfied are you with your chances to learn and be "
           "promoted? 您对学习和晋升机会满意吗？", _SATISFIED, Topic.JOB_SATISFACTION,
           _D.SKILLS_DEVELOPMENT),
        _q("js_leave", "I often think about leaving this job. 我经常考虑离开这份工作。",
           _AGREE, Topic.JOB_SATISFACTION, _D.RELATIONSHIPS_AND_MOTIVATION, reverse=True),
        _q("jd_pace", "I have to work very fast or to tight deadlines. 我的工作节奏快、时间紧。",
           _AGREE, Topic.JOB_DEMAND, _D.WORKING_TIME),
        _q("jd_physical", "My work is physically tiring or dangerous. 我的工作劳动强度大或有危险。",
           _AGREE, Topic.JOB_DEMAND, _D.SAFETY_AND_ETHICS),
        _q("jd_overtime", "I often work beyond my normal hours. 我经常超时工作。",
           _AGREE, Topic.JOB_DEMAND, _D.WORKING_TIME),
        _q("jr_autonomy", "I can decide how to do my work. 我可以自主决定如何完成工作。",
           _AGREE, Topic.JOB_RESOURCE, _D.RELATIONSHIPS_AND_MOTIVATION),
        _q("jr_support", "My supervisor and colleagues help me when I need it. "
           "需要时，上级和同事会帮助我。", _AGREE, Topic.JOB_RESOURCE,
           _D.RELATIONSHIPS_AND_MOTIVATION),
        _q("jr_training", "My employer gives me training to do my job better. "
           "单位为我提供了提升工作能力的培训。", _AGREE, Topic.JOB_RESOURCE,
           _D.SKILLS_DEVELOPMENT),
        _q("training_relevance", "How much of what you learned in training do you use in this "
           "job? 您在工作中用到了多少培训所学内容？",
           LikertScale(points=5, low_label="Nothing", high_label="Nearly all"),
           Topic.TRAINING_RELEVANCE, _D.SKILLS_DEVELOPMENT),
        _q("service_satisfaction", "How satisfied are you with the help of the veterans "
           "service centre? 您对退役军人服务站的服务满意吗？", _SATISFIED,
           Topic.SERVICE_SATISFACTION, None),
        _q("comment", "Anything else you would like to tell us? 您还有什么意见或建议？",
           TextScale(max_length=500), Topic.COMMENT, None),
    ),
)  # fmt: skip


class JobFacts(NamedTuple):
    """What a veteran's answers depend on."""

    in_job: bool
    wage: int
    hours: int
    wage_multiple: float
    insurance_count: int
    secure: bool
    large: bool
    relevance: float | None
    mood: float


#: Standard normal quantiles at 2,048 equally spaced probabilities: ``_NORMAL[k]`` with a
#: uniform random ``k`` is a fast, deterministic stand-in for ``random.gauss(0, 1)``.
_NORMAL: Final = tuple(NormalDist().inv_cdf((k + 0.5) / 2048) for k in range(2048))

#: Latent values are turned into 1-5 points through ``int(2 * value + _OFFSET)``: the half-unit
#: bins make this exactly ``round-half-up`` of the value, clipped to the scale.
_OFFSET: Final = 40
_BINS: Final = 100


def _point_of_bin(index: int) -> int:
    point = (index - _OFFSET + 1) // 2
    return 1 if point < 1 else 5 if point > 5 else point


_POINTS: Final = tuple(_point_of_bin(k) for k in range(_BINS))
_TOP: Final = _BINS - 1
#: The Likert items about the job, in the instrument's order.
_JOB_ITEMS: Final = (
    "js_overall", "js_pay", "js_hours", "js_security", "js_safety", "js_voice",
    "js_development", "js_leave", "jd_pace", "jd_physical", "jd_overtime", "jr_autonomy",
    "jr_support", "jr_training",
)  # fmt: skip
#: Noise (twice the standard deviation, in half-point bins) of the items drawn from ``means``.
_SPREADS: Final = (1.0, 1.6, 1.8, 1.6, 1.8, 2.0, 1.6, 1.8, 1.6, 1.8)


class AnswerMaker:
    """Builds answer tuples, sharing equal :class:`Answer` objects (they are immutable)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, type, AnswerValue], Answer] = {}
        self._bins: dict[str, tuple[Answer, ...]] = {}
        for question in FOLLOW_UP.questions:
            if isinstance(question.scale, LikertScale):
                points = [Answer(question_id=question.id, value=v) for v in range(1, 6)]
                self._bins[question.id] = tuple(points[_point_of_bin(k) - 1] for k in range(_BINS))
        self._job_bins = tuple(self._bins[qid] for qid in _JOB_ITEMS)
        self._yes = Answer(question_id="still_employed", value=True)
        self._no = Answer(question_id="still_employed", value=False)

    def _answer(self, qid: str, value: AnswerValue) -> Answer:
        key = (qid, type(value), value)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = Answer(question_id=qid, value=value)
        return found

    def answers(self, rng: random.Random, facts: JobFacts, *, partial: bool) -> tuple[Answer, ...]:
        """The answers of one complete (or, with *partial*, partial) interview.

        Each Likert answer is a latent value (what the facts of the job suggest, plus the
        veteran's mood) with normal noise, rounded to a point of the scale.
        """
        bits = rng.getrandbits
        normal = _NORMAL
        bins = self._bins
        mood = facts.mood
        if facts.in_job:
            out = [self._yes]
            reported = facts.wage * (1 + 0.04 * normal[bits(11)])
            out.append(self._answer("monthly_wage", max(0, round(reported / 100.0) * 100)))
            hours = facts.hours + (0, 0, 0, 0, 2, 4, -2, 0)[bits(3)]
            out.append(self._answer("weekly_hours", hours))
            pay = 2.0 + 0.9 * (facts.wage_multiple - 1.2) + 0.1 * facts.insurance_count
            long_hours = max(0.0, (facts.hours - 44) / 8.0)
            large = 0.5 if facts.large else 0.0
            secure = 0.9 if facts.secure else 0.0
            # Bin indexes (2 * value + offset) of the four facets behind overall satisfaction.
            offset = 2 * mood + _OFFSET
            facets = (
                min(_TOP, max(0, int(2 * pay + offset + 1.6 * normal[bits(11)]))),
                min(_TOP, max(0, int(2 * (3.8 - long_hours) + offset + 1.6 * normal[bits(11)]))),
                min(_TOP, max(0, int(
                    2 * (2.6 + secure + 0.1 * facts.insurance_count) + offset
                    + 1.6 * normal[bits(11)]
                ))),
                min(_TOP, max(0, int(2 * (2.7 + large) + offset + 1.8 * normal[bits(11)]))),
            )  # fmt: skip
            overall = (
                _POINTS[facets[0]] + _POINTS[facets[1]] + _POINTS[facets[2]] + _POINTS[facets[3]]
            ) / 4
            means = (
                overall + 0.2,  # js_overall
                3.6 + mood,  # js_safety
                3.1 + 0.8 * large + mood,  # js_voice
                5.6 - overall,  # js_leave
                2.8 + 0.7 * long_hours,  # jd_pace
                2.6 + 0.5 * long_hours,  # jd_physical
                2.2 + 1.2 * long_hours,  # jd_overtime
                3.0 + 0.3 * mood,  # jr_autonomy
                3.6 + 0.5 * mood,  # jr_support
                2.8 + 1.4 * large,  # jr_training
            )
            drawn = [
                min(_TOP, max(0, int(2 * mean + _OFFSET + spread * normal[bits(11)])))
                for mean, spread in zip(means, _SPREADS, strict=True)
            ]
            b = self._job_bins
            out += (
                b[0][drawn[0]], b[1][facets[0]], b[2][facets[1]], b[3][facets[2]],
                b[4][drawn[1]], b[5][drawn[2]], b[6][facets[3]], b[7][drawn[3]],
                b[8][drawn[4]], b[9][drawn[5]], b[10][drawn[6]], b[11][drawn[7]],
                b[12][drawn[8]], b[13][drawn[9]],
            )  # fmt: skip
            if facts.relevance is not None:
                index = int(2 * (1.5 + 3.0 * facts.relevance) + _OFFSET + 1.6 * normal[bits(11)])
                out.append(bins["training_relevance"][min(_TOP, max(0, index))])
        else:
            out = [self._no]
        index = int(2 * (3.9 + 0.5 * mood) + _OFFSET + 1.4 * normal[bits(11)])
        out.append(bins["service_satisfaction"][min(_TOP, max(0, index))])
        if rng.random() < 0.15:
            pool = COMMENTS_EMPLOYED if facts.in_job else COMMENTS_NOT_EMPLOYED
            out.append(self._answer("comment", pool[rng.randrange(len(pool))]))
        if partial:
            del out[max(1, len(out) // 2 - rng.randrange(3)) :]
        return tuple(out)
