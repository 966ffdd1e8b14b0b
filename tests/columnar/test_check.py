"""The columnar check finds what Caseload.check() finds, problem for problem and in its order
(issue 21, item 1): on the sample city, the city with planted problems, broken Hypothesis
caseloads and hand-made edge cases."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")

import attrs  # noqa: E402
from hypothesis import HealthCheck, given, reject, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from veteran_services import Caseload, columnar, scoring  # noqa: E402
from veteran_services.columnar import to_arrow  # noqa: E402
from veteran_services.errors import InvalidInputError  # noqa: E402
from veteran_services.model import (  # noqa: E402
    RECORD_KINDS,
    Answer,
    ChoiceScale,
    ContractType,
    Instrument,
    NumericScale,
    Problem,
    Question,
    TextScale,
    YesNoScale,
)
from veteran_services.scoring import LabourMarket, MarketProblemCode  # noqa: E402
from veteran_services.strategies import caseloads  # noqa: E402
from veteran_services.synthetic import NO_BLANKS, SAMPLE_SEED, generate, planted_city  # noqa: E402


def _same(caseload: Caseload, tables: dict[str, Any] | None = None) -> list[Problem]:
    """Both paths' problems, required equal; the object path's are returned."""
    expected = caseload.check()
    got = columnar.check(to_arrow(caseload) if tables is None else tables)
    assert got == expected
    return expected


def _same_drawn(caseload: Caseload) -> list[Problem]:
    """:func:`_same` for a drawn caseload; one Arrow cannot hold (an answer past 64 bits,
    which to_arrow refuses) is not drawn."""
    try:
        tables = to_arrow(caseload)
    except InvalidInputError as error:
        if "64-bit range" not in str(error):
            raise
        reject()
    return _same(caseload, tables)


# --- the sample city ---------------------------------------------------------------------------


def test_the_sample_city_has_no_problem_on_either_path(city: Caseload) -> None:
    assert _same(city) == []


def test_the_fully_recorded_city_has_no_problem_on_either_path() -> None:
    assert _same(generate(veterans=500, seed=3, blanks=NO_BLANKS)) == []


def test_every_planted_problem_is_found() -> None:
    planted = planted_city(veterans=2000, seed=SAMPLE_SEED, problems=0.02)
    found = _same(planted.caseload)
    assert found
    assert {(p.kind, p.record_id, p.code) for p in found} >= {
        (p.kind, p.record_id, p.code) for p in planted.problems
    }


def test_the_planted_city_of_generate_gives_the_same_problems() -> None:
    found = _same(generate(veterans=800, seed=5, problems=0.05))
    assert len({p.code for p in found}) >= 5  # several kinds of problem


# --- broken Hypothesis caseloads ----------------------------------------------------------------

_ODD_VALUES = st.one_of(
    st.booleans(),
    st.integers(-3, 12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([-0.0, 0.0, 1.0, 2.5, 5.0]),
    st.text(max_size=6),
    st.sampled_from(["", "是", "选项一", "yes"]),
    st.lists(st.sampled_from(["a", "b", "c", "否"]), max_size=3).map(tuple),
)


#: The kinds each breakage applies to (dropping and repeating: any).
_ACTION_KINDS = {
    "move": ("enrolments", "placements", "responses", "contacts"),
    "region": ("veterans", "providers", "employers", "ventures"),
    "date": ("placements", "responses", "enrolments"),
    "answer": ("responses",),
}


@st.composite
def broken_caseloads(draw: st.DrawFn) -> Caseload:
    """A consistent caseload, then broken: records dropped (references dangle), repeated (ids
    repeat), moved to another veteran, given an unknown region, dated out of order, answered
    off the scale, or pointed at a missing instrument version; and shuffled."""
    caseload = draw(caseloads(max_veterans=4))
    kinds = {kind: list(caseload.records(kind)) for kind in RECORD_KINDS}
    veteran_ids = [v.id for v in kinds["veterans"]] or ["V0"]
    for _ in range(draw(st.integers(0, 8))):
        action = draw(st.sampled_from(["drop", "repeat", "move", "region", "date", "answer"]))
        kind = draw(st.sampled_from(_ACTION_KINDS.get(action, RECORD_KINDS)))
        records = kinds[kind]
        if not records:
            continue
        at = draw(st.integers(0, len(records) - 1))
        record = records[at]
        if action == "drop":
            del records[at]
        elif action == "repeat":
            records.insert(draw(st.integers(0, len(records))), record)
        elif action == "move":
            other = draw(st.sampled_from([*veteran_ids, "缺失的退役军人"]))
            records[at] = attrs.evolve(record, veteran_id=other)
        elif action == "region":
            records[at] = attrs.evolve(record, region=draw(st.sampled_from(["999999", "江宁"])))
        elif action == "date" and kind == "placements" and record.ended_on is None:
            records[at] = attrs.evolve(record, started_on=date(1950, 1, 2))
        elif action == "date" and kind == "responses" and record.collected_on is not None:
            records[at] = attrs.evolve(record, collected_on=date(1950, 1, 2))
        elif action == "date" and kind == "enrolments":
            early = record.enrolled_on - timedelta(days=draw(st.integers(0, 2)))
            records[at] = attrs.evolve(
                record,
                credentials=[attrs.evolve(c, awarded_on=early) for c in record.credentials],
                skill_gains=[attrs.evolve(g, achieved_on=early) for g in record.skill_gains],
            )
        elif action == "answer" and record.answers and draw(st.booleans()):
            answers = list(record.answers)
            which = draw(st.integers(0, len(answers) - 1))
            question = draw(st.sampled_from([answers[which].question_id, "q-unknown"]))
            if question in {a.question_id for i, a in enumerate(answers) if i != which}:
                question = answers[which].question_id
            answers[which] = Answer(question_id=question, value=draw(_ODD_VALUES))
            records[at] = attrs.evolve(record, answers=answers)
        elif action == "answer":
            records[at] = attrs.evolve(record, instrument_version=record.instrument_version + 1)
    for records in kinds.values():
        random.Random(draw(st.integers(0, 99))).shuffle(records)
    return Caseload(**kinds)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken_caseloads())
def test_broken_caseloads_give_the_same_problems(caseload: Caseload) -> None:
    _same_drawn(caseload)
    tables = to_arrow(caseload)
    for market in (MARKETS[0], MARKETS[1], MARKETS[3]):
        assert columnar.check_market(tables, market) == scoring.check_market(caseload, market)


@settings(max_examples=30, deadline=None)
@given(caseloads(max_veterans=5))
def test_consistent_caseloads_have_no_problem_on_either_path(caseload: Caseload) -> None:
    assert _same_drawn(caseload) == []


# --- hand-made edge cases ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> Caseload:
    return generate(veterans=60, seed=11, blanks=NO_BLANKS)


def test_repeated_ids_of_every_kind(small: Caseload) -> None:
    changes = {
        kind: (*small.records(kind), *small.records(kind)[:2])
        for kind in RECORD_KINDS
        if small.records(kind)
    }
    found = _same(small.replace(**changes))
    codes = {(p.kind, p.code) for p in found}
    for kind in changes:
        code = "duplicate-earnings" if kind == "earnings" else "duplicate-id"
        assert (kind, code) in codes, kind


def test_a_missing_veteran_leaves_every_reference_dangling(small: Caseload) -> None:
    gone = small.placements[0].veteran_id
    found = _same(small.replace(veterans=[v for v in small.veterans if v.id != gone]))
    fields = {(p.kind, p.field) for p in found if p.code == "dangling-reference"}
    assert ("placements", "veteran_id") in fields
    assert ("earnings", "veteran_id") in fields


def test_chinese_ids_and_text() -> None:
    city = generate(veterans=40, seed=2, blanks=NO_BLANKS)
    renamed = {v.id: f"退役军人-{number}" for number, v in enumerate(city.veterans)}
    veterans = [attrs.evolve(v, id=renamed[v.id]) for v in city.veterans]
    placements = [
        attrs.evolve(p, veteran_id=renamed.get(p.veteran_id, p.veteran_id), id=f"就业{p.id}")
        for p in city.placements
    ]
    broken = city.replace(
        veterans=[*veterans[1:], attrs.evolve(veterans[0], region="南京")],
        placements=[*placements, attrs.evolve(placements[0], employer_id="用人单位甲")],
    )
    found = _same(broken)
    assert any("用人单位甲" in p.message for p in found)
    assert any(p.code == "unknown-region" and "南京" in p.message for p in found)


def _survey(small: Caseload, questions: list[Question], values: list[Any]) -> Caseload:
    """*small* with one more instrument (two versions, v2 repeated) and responses to v1 whose
    answers to *questions* have *values*, one per response."""
    first = Instrument(id="问卷", version=1, title="回访", questions=questions)
    second = attrs.evolve(first, version=2)
    template = next(r for r in small.responses if r.answers)
    responses = [
        attrs.evolve(
            template,
            id=f"R-{number}",
            instrument_id="问卷",
            instrument_version=1 + number % 4,  # 3 and 4: a version the caseload lacks
            answers=[Answer(question_id=questions[number % len(questions)].id, value=value)],
        )
        for number, value in enumerate(values)
    ]
    return small.replace(
        instruments=[*small.instruments, first, second, second],
        responses=[*small.responses, *responses],
    )


def test_answers_of_every_scale_and_type(small: Caseload) -> None:
    questions = [
        Question(id="yes", text="是否在职？", scale=YesNoScale()),
        Question(id="n", text="Hours", scale=NumericScale(minimum=0.0, maximum=60.0)),
        Question(id="k", text="Children", scale=NumericScale(integer=True)),
        Question(id="c", text="Which", scale=ChoiceScale(options=("甲", "乙"), multiple=True)),
        Question(id="one", text="Which one", scale=ChoiceScale(options=("甲", "乙"))),
        Question(id="t", text="Why", scale=TextScale(max_length=3)),
    ]
    values: list[Any] = [
        True, 1, -0.0, 0.0, 1e308, -5e-324, 61, 2.5, 3, True, ("甲", "甲"),
        ("丙",), "甲", "甲", ("甲",), "很长的回答", "好", 1, None.__class__.__name__, 7,
    ]  # fmt: skip
    values *= 3
    found = _same(_survey(small, questions, values))
    codes = {p.code for p in found}
    assert {"answer-out-of-scale", "instrument-version-mismatch", "duplicate-id"} <= codes


@pytest.mark.parametrize("block", [1, 7, 64])
def test_answers_judged_a_block_of_responses_at_a_time(
    small: Caseload, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answers are judged in blocks of responses (bounded memory at a million veterans):
    blocks of any size give the problems of the whole, boundaries inside a survey included."""
    from veteran_services.columnar import _check

    questions = [
        Question(id="yes", text="是否在职？", scale=YesNoScale()),
        Question(id="n", text="Hours", scale=NumericScale(minimum=0.0, maximum=60.0)),
        Question(id="c", text="Which", scale=ChoiceScale(options=("甲", "乙"), multiple=True)),
    ]
    values: list[Any] = [True, 61, ("丙",), 1, 2.5, ("甲",), "好", -1.0, ("乙", "乙")] * 5
    caseload = _survey(small, questions, values)
    whole = columnar.check(to_arrow(caseload))
    monkeypatch.setattr(_check, "_ANSWER_BLOCK", block)
    found = _same(caseload)
    assert found == whole
    assert sum(p.code == "answer-out-of-scale" for p in found) >= 10


def test_an_answer_to_a_question_the_version_lacks(small: Caseload) -> None:
    questions = [Question(id="yes", text="在职？", scale=YesNoScale())]
    caseload = _survey(small, questions, [True, False])
    response = caseload.responses[-2]
    odd = attrs.evolve(response, answers=[Answer(question_id="没有的题", value=True)])
    found = _same(caseload.replace(responses=[*caseload.responses, attrs.evolve(odd, id="R-x")]))
    assert any(p.code == "unknown-question" and "没有的题" in p.message for p in found)


def test_dates_out_of_order(small: Caseload) -> None:
    enrolment = next(e for e in small.enrolments if e.credentials or e.skill_gains)
    early = enrolment.enrolled_on - timedelta(days=1)
    moved = attrs.evolve(
        enrolment,
        credentials=[attrs.evolve(c, awarded_on=early) for c in enrolment.credentials],
        skill_gains=[attrs.evolve(g, achieved_on=early) for g in enrolment.skill_gains],
    )
    enrolments = [moved if e is enrolment else e for e in small.enrolments]
    response = next(r for r in small.responses if r.placement_id and r.collected_on)
    responses = [
        attrs.evolve(r, collected_on=date(1960, 1, 1)) if r is response else r
        for r in small.responses
    ]
    found = _same(small.replace(enrolments=enrolments, responses=responses))
    assert "response-before-placement" in {p.code for p in found}


def test_kinds_without_a_table_have_no_records(small: Caseload) -> None:
    tables = to_arrow(small)
    only = {k: tables[k] for k in ("placements", "employers")}
    expected = Caseload(placements=small.placements, employers=small.employers).check()
    assert columnar.check(only) == expected
    assert expected  # every placement's veteran is missing


def test_pandas_frames_give_the_same_problems(small: Caseload) -> None:
    pytest.importorskip("pandas")
    broken = small.replace(placements=[*small.placements, small.placements[0]])
    frames = {k: t.to_pandas() for k, t in to_arrow(broken).items() if k != "instruments"}
    frames["instruments"] = to_arrow(broken)["instruments"]
    assert columnar.check(frames) == broken.check()


def test_bad_arguments_are_named() -> None:
    with pytest.raises(InvalidInputError, match="'tables' must be keyed by record kinds"):
        columnar.check({"people": pa.table({"id": ["V1"]})})
    with pytest.raises(InvalidInputError, match=r"tables\['placements'\] lacks the columns"):
        columnar.check({"placements": pa.table({"id": ["P1"]})})
    with pytest.raises(InvalidInputError, match="'tables'"):
        columnar.check([])  # type: ignore[arg-type]


def test_only_the_check_columns_are_needed(small: Caseload) -> None:
    broken = small.replace(placements=[*small.placements, small.placements[0]])
    tables = to_arrow(broken)
    narrow = {k: tables[k].select(list(columnar.CHECK_COLUMNS[k])) for k in RECORD_KINDS}
    assert columnar.check(narrow) == broken.check()


# --- the labour market ------------------------------------------------------------------------

NANJING = LabourMarket.nanjing()
#: Tables with gaps of every kind (as tests/scoring/test_checks.py has them): no hourly minimum
#: in Nanjing's class I districts, no working-time rule before 2016, minimum wages for the
#: outer districts only.
MARKETS = (
    NANJING,
    NANJING.replace(
        minimum_wages=tuple(
            attrs.evolve(row, hourly=None) if row.region == "320100" else row
            for row in NANJING.minimum_wages
        ),
        name="no hourly minimum in class I",
    ),
    NANJING.replace(
        working_time_rules=tuple(
            attrs.evolve(row, valid_from=date(2016, 1, 1))
            for row in NANJING.working_time_rules[-1:]
        ),
        name="working time from 2016",
    ),
    NANJING.replace(
        minimum_wages=tuple(r for r in NANJING.minimum_wages if r.region != "320100"),
        name="Lishui and Gaochun only",
    ),
)


def _off_the_market(city: Caseload) -> Caseload:
    """*city* with placements of every kind the tables may not score: started early, part-time
    with a wage and hours (or without), at an employer in Shanghai, at a missing employer."""
    placements = []
    for number, placement in enumerate(city.placements):
        change = number % 7
        if change == 1 and placement.ended_on is None:
            placement = attrs.evolve(placement, started_on=date(2012, 3, 1))
        elif change in (2, 3) and placement.monthly_wage is not None:
            hours = Decimal("20") if change == 2 else None
            placement = attrs.evolve(
                placement,
                contract=ContractType.PART_TIME,
                contract_months=None,
                weekly_hours=hours,
            )
        elif change == 4:
            placement = attrs.evolve(placement, employer_id=f"{placement.employer_id}-沪")
        elif change == 5:
            placement = attrs.evolve(placement, employer_id="不存在的单位")
        placements.append(placement)
    shanghai = [
        attrs.evolve(e, id=f"{e.id}-沪", region="310101")
        for e in city.employers[: len(city.employers) // 2]
    ]
    return city.replace(placements=placements, employers=[*city.employers, *shanghai])


@pytest.mark.parametrize("market", MARKETS, ids=lambda m: m.name)
def test_check_market_finds_what_the_object_path_finds(
    small: Caseload, market: LabourMarket
) -> None:
    for caseload in (small, _off_the_market(small)):
        expected = scoring.check_market(caseload, market)
        assert columnar.check_market(to_arrow(caseload), market) == expected
    assert expected  # the broken city has placements off the tables


def test_check_market_on_the_sample_city(city: Caseload) -> None:
    broken = _off_the_market(city)
    for market in MARKETS[:2]:
        tables = to_arrow(broken)
        narrow = {k: tables[k].select(list(c)) for k, c in columnar.MARKET_COLUMNS.items()}
        expected = scoring.check_market(broken, market)
        assert columnar.check_market(narrow, market) == expected
    assert {p.code for p in expected} == set(MarketProblemCode)
    assert columnar.check_market(to_arrow(city), NANJING) == scoring.check_market(city, NANJING)
    assert columnar.check_market({}, NANJING) == []
