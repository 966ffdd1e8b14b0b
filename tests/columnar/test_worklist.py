"""The columnar follow-up worklist equals metrics.follow_ups_due's, item for item and with the
same panel retention (issue 21, item 1): on the sample city, the planted-problem city,
Hypothesis caseloads with extra cases, and hand-made edge cases; the same arguments, checked
with the same messages."""

from __future__ import annotations

import inspect
from datetime import date, timedelta
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")

import attrs  # noqa: E402
from hypothesis import given, reject, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from veteran_services import Caseload, columnar, metrics  # noqa: E402
from veteran_services.columnar import to_arrow  # noqa: E402
from veteran_services.errors import InvalidInputError  # noqa: E402
from veteran_services.model import ANSWERING_DISPOSITIONS, Disposition  # noqa: E402
from veteran_services.strategies import caseloads  # noqa: E402
from veteran_services.synthetic import DEFAULT_AS_OF, NO_BLANKS, generate  # noqa: E402


def _same(caseload: Caseload, tables: dict[str, Any] | None = None, **arguments: Any) -> Any:
    """Both paths' worklists, required equal (every item, the retention estimates with their
    details); the object path's is returned."""
    expected = metrics.follow_ups_due(caseload, **arguments)
    got = columnar.follow_ups_due(to_arrow(caseload) if tables is None else tables, **arguments)
    assert got.items == expected.items
    assert got.retention == expected.retention
    assert [e.details for e in got.retention.values()] == [
        e.details for e in expected.retention.values()
    ]
    assert got == expected
    return expected


_ARGUMENTS: list[dict[str, Any]] = [
    {"as_of": DEFAULT_AS_OF},
    {"as_of": date(2024, 6, 30), "lost_after_attempts": None, "lost_after_days": None},
    {
        "as_of": DEFAULT_AS_OF,
        "schedule": (24, 1),
        "grace_days": 0,
        "lost_after_attempts": 1,
        "lost_after_days": 0,
        "started_between": (date(2023, 1, 1), date(2024, 12, 31)),
    },
    {"as_of": date(2022, 3, 31), "schedule": (6,), "grace_days": 90, "lost_after_days": 10},
    {"as_of": date(1990, 1, 1)},  # before every placement: an empty list
]
_IDS = ["default", "never-lost", "strict", "one-wave", "empty"]


@pytest.mark.parametrize("arguments", _ARGUMENTS, ids=_IDS)
def test_the_sample_city(city: Caseload, arguments: dict[str, Any]) -> None:
    worklist = _same(city, **arguments)
    if arguments is _ARGUMENTS[0]:
        assert len({i.status for i in worklist.items}) == 5  # every status is there


@pytest.mark.parametrize("arguments", _ARGUMENTS[:3], ids=_IDS[:3])
def test_the_fully_recorded_and_the_planted_cities(arguments: dict[str, Any]) -> None:
    _same(generate(veterans=400, seed=7, blanks=NO_BLANKS), **arguments)
    _same(generate(veterans=400, seed=8, problems=0.03), **arguments)


# --- Hypothesis ---------------------------------------------------------------------------------


@st.composite
def followed_up(draw: st.DrawFn) -> Caseload:
    """A drawn caseload with more cases about its placements: copies of its responses and new
    ones with other dispositions, waves, dates (or none) and ids (repeated ids too), about a
    placement of the caseload or a missing one, and some placements repeated."""
    caseload = draw(caseloads(max_veterans=4))
    placements = list(caseload.placements)
    if not placements:
        return caseload
    responses = list(caseload.responses)
    template = responses[0] if responses else None
    for number in range(draw(st.integers(0, 12))):
        if template is None:
            break
        disposition = draw(st.sampled_from(list(Disposition)))
        placement = draw(st.sampled_from(placements))
        shift = draw(st.one_of(st.none(), st.integers(-40, 800)))
        collected = None if shift is None else placement.started_on + timedelta(days=shift)
        response = attrs.evolve(
            template,
            id=draw(st.sampled_from([f"R{number}", "R0", "回访"])),
            veteran_id=placement.veteran_id,
            placement_id=draw(st.sampled_from([placement.id, "missing"])),
            wave_months=draw(st.sampled_from([None, 0, 1, 3, 6, 12])),
            disposition=disposition,
            collected_on=collected,
            answers=template.answers if disposition in ANSWERING_DISPOSITIONS else (),
        )
        responses.insert(draw(st.integers(0, len(responses))), response)
    if draw(st.booleans()):
        placements.append(placements[0])
    return caseload.replace(placements=placements, responses=responses)


@settings(max_examples=80, deadline=None)
@given(
    followed_up(),
    st.dates(date(2015, 1, 1), date(2027, 12, 31)),
    st.sampled_from([(3, 6, 12), (1,), (12, 3), (1, 2, 3, 600)]),
    st.integers(0, 60),
    st.sampled_from([None, 1, 2, 3]),
    st.sampled_from([None, 0, 30, 180]),
)
def test_drawn_caseloads(
    caseload: Caseload,
    as_of: date,
    schedule: tuple[int, ...],
    grace: int,
    attempts: int | None,
    days: int | None,
) -> None:
    try:
        tables = to_arrow(caseload)
    except InvalidInputError as error:  # an answer past 64 bits: Arrow cannot hold it
        if "64-bit range" not in str(error):
            raise
        reject()
    _same(
        caseload,
        tables,
        as_of=as_of,
        schedule=schedule,
        grace_days=grace,
        lost_after_attempts=attempts,
        lost_after_days=days,
    )


# --- hand-made edge cases ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> Caseload:
    return generate(veterans=80, seed=4, blanks=NO_BLANKS)


def test_repeated_placement_ids_and_tied_cases(small: Caseload) -> None:
    placement = next(p for p in small.placements if small.responses_about(p.id))
    case = small.responses_about(placement.id)[0]
    twins = [
        attrs.evolve(case, disposition=Disposition.PARTIAL, answers=case.answers),
        attrs.evolve(case, disposition=Disposition.NON_CONTACT, answers=()),
        attrs.evolve(case, id="另一个", disposition=Disposition.NON_CONTACT, answers=()),
    ]
    moved = attrs.evolve(placement, started_on=placement.started_on - timedelta(days=1))
    caseload = small.replace(
        placements=[*small.placements, placement, moved],
        responses=[*small.responses, *twins],
    )
    for arguments in _ARGUMENTS[:3]:
        _same(caseload, **arguments)


def test_chinese_ids_sort_as_python_sorts_them(small: Caseload) -> None:
    names = ["就业乙", "就业甲", "P-z", "P-Z", "𠀀", "é"]
    start = small.placements[0]
    placements = [attrs.evolve(start, id=name) for name in names]
    worklist = _same(small.replace(placements=placements), as_of=DEFAULT_AS_OF)
    assert [i.placement_id for i in worklist.items if i.wave_months == 3] == sorted(names)


def test_a_wave_past_the_end_of_the_calendar(small: Caseload) -> None:
    open_ended: dict[str, Any] = {"ended_on": None, "end_reason": None}
    late = [
        attrs.evolve(small.placements[0], id="P-end", started_on=date(9999, 6, 1), **open_ended),
        attrs.evolve(small.placements[1], id="P-edge", started_on=date(9999, 11, 5), **open_ended),
    ]
    worklist = _same(small.replace(placements=late), as_of=date(9999, 12, 31))
    assert {i.due_on for i in worklist.items if i.wave_months == 12} == {date.max}


def test_no_responses_table_means_none_recorded(small: Caseload) -> None:
    tables = {"placements": to_arrow(small)["placements"]}
    _same(small.replace(responses=()), tables, as_of=DEFAULT_AS_OF)


def test_pandas_frames(small: Caseload) -> None:
    pytest.importorskip("pandas")
    tables = to_arrow(small)
    frames = {k: tables[k].to_pandas() for k in ("placements", "responses")}
    _same(small, frames, as_of=DEFAULT_AS_OF)


def test_only_the_worklist_columns_are_needed(small: Caseload) -> None:
    tables = to_arrow(small)
    narrow = {k: tables[k].select(list(c)) for k, c in columnar.WORKLIST_COLUMNS.items()}
    _same(small, narrow, as_of=DEFAULT_AS_OF)


# --- the arguments -----------------------------------------------------------------------------


def test_the_object_paths_parameters() -> None:
    ours = inspect.signature(columnar.follow_ups_due).parameters
    theirs = inspect.signature(metrics.follow_ups_due).parameters
    shape = [(p.name, p.kind, p.default) for p in ours.values()][1:]
    assert shape == [(p.name, p.kind, p.default) for p in theirs.values()][1:]
    assert next(iter(ours)) == "tables"


@pytest.mark.parametrize(
    "arguments",
    [
        {"as_of": DEFAULT_AS_OF, "schedule": (3, 3)},
        {"as_of": DEFAULT_AS_OF, "schedule": ()},
        {"as_of": DEFAULT_AS_OF, "schedule": (0,)},
        {"as_of": DEFAULT_AS_OF, "grace_days": -1},
        {"as_of": DEFAULT_AS_OF, "lost_after_attempts": 0},
        {"as_of": DEFAULT_AS_OF, "lost_after_days": -1},
        {"as_of": "1 January 2020"},
        {"as_of": DEFAULT_AS_OF, "started_between": (DEFAULT_AS_OF, date(2000, 1, 1))},
        {"as_of": DEFAULT_AS_OF, "started_between": "2024"},
    ],
)
def test_bad_arguments_raise_the_same_error(small: Caseload, arguments: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError) as expected:
        metrics.follow_ups_due(small, **arguments)
    with pytest.raises(InvalidInputError) as got:
        columnar.follow_ups_due(to_arrow(small), **arguments)
    assert str(got.value) == str(expected.value)
    assert got.value.argument == expected.value.argument


def test_bad_tables_are_named(small: Caseload) -> None:
    with pytest.raises(InvalidInputError, match="must hold the 'placements' table"):
        columnar.follow_ups_due({}, as_of=DEFAULT_AS_OF)
    narrow = {"placements": to_arrow(small)["placements"].select(["id"])}
    with pytest.raises(InvalidInputError, match=r"tables\['placements'\] lacks the columns"):
        columnar.follow_ups_due(narrow, as_of=DEFAULT_AS_OF)
