"""The columnar headline figures equal the object path's, field for field (issue 21, item 1):
every registered indicator over a caseload's tables, on the sample city (office blanks and
fully recorded, several seeds and evaluation dates) and on generated caseloads."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyarrow")

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from veteran_services import Caseload, columnar, metrics
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import ventures
from veteran_services.model import ProgrammeKind, Topic
from veteran_services.strategies import caseloads
from veteran_services.synthetic import DEFAULT_AS_OF, NO_BLANKS, generate

from .conftest import with_exclusions

#: columnar function → its object-path twin.
TWINS: dict[Callable[..., Any], Callable[..., Any]] = {
    columnar.median_earnings_after_exit: metrics.median_earnings_after_exit,
    columnar.credential_attainment_rate: metrics.credential_attainment_rate,
    columnar.time_to_placement: metrics.time_to_placement,
    columnar.venture_survival_rate: metrics.venture_survival_rate,
    columnar.jobs_created: metrics.jobs_created,
    columnar.high_growth_share: ventures.high_growth_share,
    columnar.loan_repayment_rate: ventures.loan_repayment_rate,
    columnar.loan_default_rate: ventures.loan_default_rate,
    columnar.weighted_satisfaction: metrics.weighted_satisfaction,
}


def _tables(caseload: Caseload) -> dict[str, Any]:
    """The caseload's tables; a generated caseload with a whole-number answer beyond 64 bits
    has none (``to_arrow`` refuses it, see the scale guide), so it is not drawn."""
    try:
        return columnar.to_arrow(caseload)
    except InvalidInputError as error:
        if "outside the 64-bit range" not in str(error):
            raise
        reject()


def _differences(expected: metrics.Estimate, got: metrics.Estimate) -> dict[str, Any]:
    """The compared fields that differ (for a readable failure)."""
    return {
        f.name: (getattr(expected, f.name), getattr(got, f.name))
        for f in attrs.fields(metrics.Estimate)
        if f.eq and getattr(expected, f.name) != getattr(got, f.name)
    }


def _same_figures(caseload: Caseload, as_of: date | None) -> tuple[metrics.Estimate, ...]:
    expected = metrics.headline_figures(caseload, as_of=as_of)
    got = columnar.headline_figures(_tables(caseload), as_of=as_of)
    assert [e.name for e in got] == [e.name for e in expected]
    for want, have in zip(expected, got, strict=True):
        assert have == want, (want.name, _differences(want, have))
        assert have.observations == ()  # not built
    return expected


@pytest.mark.parametrize("as_of", [None, DEFAULT_AS_OF, date(2023, 6, 30)], ids=str)
def test_the_sample_city_gives_every_headline_figure(city: Caseload, as_of: date | None) -> None:
    figures = _same_figures(city, as_of)
    if as_of != date(2023, 6, 30):  # (too early for some high-growth ventures)
        assert all(f.value is not None for f in figures)
    by_name = {f.name: f for f in figures}
    # the figures are checked on their rules, not only where nothing happens
    assert by_name["median_earnings_q2_after_exit"].details["estimated"] > 0
    if as_of is not None:
        assert by_name["credential_attainment_rate"].excluded


@pytest.mark.parametrize("seed", [3, 11])
@pytest.mark.parametrize("blanks", ["office", "none"])
def test_other_cities_give_every_headline_figure(seed: int, blanks: str) -> None:
    arguments: dict[str, Any] = {} if blanks == "office" else {"blanks": NO_BLANKS}
    caseload = with_exclusions(generate(veterans=400, seed=seed, **arguments))
    for as_of in (None, DEFAULT_AS_OF, date(2024, 3, 31)):
        _same_figures(caseload, as_of)


def _both(
    function: Callable[..., Any], caseload: Caseload, **arguments: Any
) -> tuple[metrics.Estimate, metrics.Estimate]:
    expected = TWINS[function](caseload, **arguments)
    got = function(_tables(caseload), **arguments)
    return expected, got


CASES: list[tuple[Callable[..., Any], dict[str, Any]]] = [
    (columnar.median_earnings_after_exit, {"quarter": 4, "as_of": DEFAULT_AS_OF}),
    (columnar.median_earnings_after_exit, {"counting": "last_exit", "rule": "contacts"}),
    (
        columnar.median_earnings_after_exit,
        {"exits_between": (date(2022, 1, 1), date(2023, 12, 31)), "as_of": date(2024, 6, 30)},
    ),
    (columnar.credential_attainment_rate, {"within": relativedelta(months=18)}),
    (
        columnar.credential_attainment_rate,
        {"programme_kinds": frozenset({ProgrammeKind.VOCATIONAL}), "counting": "last_exit"},
    ),
    (columnar.credential_attainment_rate, {"as_of": date(2024, 1, 1)}),
    (columnar.time_to_placement, {"anchor": "separation", "as_of": DEFAULT_AS_OF}),
    (
        columnar.time_to_placement,
        {"within": relativedelta(months=3), "include_ventures": True, "include_subsidised": False},
    ),
    (columnar.time_to_placement, {"anchor": "exit", "as_of": DEFAULT_AS_OF}),
    (columnar.time_to_placement, {"between": (date(2023, 1, 1), date(2023, 12, 31))}),
    (columnar.venture_survival_rate, {"months": 24}),
    (
        columnar.venture_survival_rate,
        {"months": 6, "registered_between": (date(2022, 1, 1), date(2023, 6, 30))},
    ),
    (columnar.jobs_created, {"veterans_only": True, "as_of": date(2024, 1, 1)}),
    (columnar.jobs_created, {"registered_between": (date(2020, 1, 1), date(2022, 12, 31))}),
    (columnar.high_growth_share, {"min_start_employees": 1, "min_added": 3}),
    (columnar.high_growth_share, {"as_of": date(2024, 6, 30), "min_start_employees": 2}),
    (columnar.loan_repayment_rate, {"as_of": date(2024, 1, 1), "confidence": 0.9}),
    (columnar.loan_default_rate, {"as_of": date(2023, 6, 30)}),
    (columnar.weighted_satisfaction, {"wave": 6}),
    (columnar.weighted_satisfaction, {"statistic": "mean"}),
    (columnar.weighted_satisfaction, {"satisfied_at": 0.5, "topic": Topic.JOB_SATISFACTION}),
]


@pytest.mark.parametrize(("function", "arguments"), CASES, ids=[f.__name__ for f, _ in CASES])
def test_each_indicator_takes_the_object_paths_arguments(
    small_city: Caseload, function: Callable[..., Any], arguments: dict[str, Any]
) -> None:
    expected, got = _both(function, small_city, **arguments)
    assert got == expected, _differences(expected, got)


def test_an_empty_caseload_gives_what_the_object_path_gives() -> None:
    """No dated event: the venture indicators that need a date refuse, naming 'as_of'."""
    with pytest.raises(InvalidInputError, match="'as_of' is needed") as objects:
        metrics.headline_figures(Caseload())
    with pytest.raises(InvalidInputError, match="'as_of' is needed") as tables:
        columnar.headline_figures({})
    assert str(tables.value) == str(objects.value)
    _same_figures(Caseload(), DEFAULT_AS_OF)


@pytest.mark.parametrize(
    ("function", "arguments", "name"),
    [
        (columnar.median_earnings_after_exit, {"quarter": 0}, "quarter"),
        (columnar.median_earnings_after_exit, {"rule": "visits"}, "rule"),
        (columnar.credential_attainment_rate, {"counting": "each"}, "counting"),
        (columnar.time_to_placement, {"anchor": "placement_start"}, "anchor"),
        (columnar.venture_survival_rate, {"months": 0}, "months"),
        (columnar.high_growth_share, {"min_start_employees": 0}, "min_start_employees"),
        (columnar.weighted_satisfaction, {"satisfied_at": 1.5}, "satisfied_at"),
        (columnar.weighted_satisfaction, {"statistic": "median"}, "statistic"),
    ],
)
def test_bad_arguments_are_refused_as_on_the_object_path(
    small_city: Caseload, function: Callable[..., Any], arguments: dict[str, Any], name: str
) -> None:
    with pytest.raises(InvalidInputError) as objects:
        TWINS[function](small_city, **arguments)
    with pytest.raises(InvalidInputError) as tables:
        function(columnar.to_arrow(small_city), **arguments)
    assert tables.value.argument == objects.value.argument == name
    assert str(tables.value) == str(objects.value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(caseloads(max_veterans=5), st.none() | st.dates(date(2000, 1, 1), date(2035, 1, 1)))
def test_generated_caseloads_give_every_headline_figure(
    caseload: Caseload, as_of: date | None
) -> None:
    refusal = None
    try:
        expected = metrics.headline_figures(caseload, as_of=as_of)
    except InvalidInputError as error:  # no dated event
        refusal = str(error)
    if refusal is not None:  # the same refusal
        with pytest.raises(InvalidInputError) as refused:
            columnar.headline_figures(_tables(caseload), as_of=as_of)
        assert str(refused.value) == refusal
        return
    got = columnar.headline_figures(_tables(caseload), as_of=as_of)
    for want, have in zip(expected, got, strict=True):
        assert have == want, (want.name, _differences(want, have))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    caseloads(max_veterans=5),
    st.none() | st.dates(date(2000, 1, 1), date(2035, 1, 1)),
    st.integers(1, 6),
    st.sampled_from(["registration", "separation", "exit"]),
    st.booleans(),
    st.none() | st.integers(0, 14),
)
def test_generated_caseloads_with_other_arguments(
    caseload: Caseload,
    as_of: date | None,
    quarter: int,
    anchor: str,
    flag: bool,
    months: int | None,
) -> None:
    within = None if months is None else relativedelta(months=months)
    cases: list[tuple[Callable[..., Any], dict[str, Any]]] = [
        (
            columnar.median_earnings_after_exit,
            {"quarter": quarter, "as_of": as_of, "counting": "last_exit" if flag else "periods"},
        ),
        (
            columnar.credential_attainment_rate,
            {"as_of": as_of, "within": within or relativedelta(years=1)},
        ),
        (
            columnar.time_to_placement,
            {
                "anchor": anchor,
                "as_of": as_of,
                "within": within,
                "include_ventures": flag,
                "include_subsidised": not flag,
            },
        ),
        (columnar.venture_survival_rate, {"months": quarter * 3, "as_of": as_of}),
        (columnar.jobs_created, {"as_of": as_of, "veterans_only": flag}),
        (columnar.weighted_satisfaction, {"statistic": "mean" if flag else "share"}),
        (columnar.weighted_satisfaction, {"wave": 6, "satisfied_at": quarter / 6}),
    ]
    if as_of is not None:
        cases += [
            (columnar.high_growth_share, {"as_of": as_of, "min_start_employees": quarter}),
            (columnar.loan_repayment_rate, {"as_of": as_of}),
            (columnar.loan_default_rate, {"as_of": as_of}),
        ]
    for function, arguments in cases:
        expected, got = _both(function, caseload, **arguments)
        assert got == expected, (function.__name__, _differences(expected, got))


@pytest.mark.parametrize("function", list(TWINS), ids=[f.__name__ for f in TWINS])
def test_each_indicator_takes_its_namesakes_parameters(function: Callable[..., Any]) -> None:
    """Every parameter of the object path but the caseload, in its order, of its kind, with
    its default (the tables instead of the caseload), each documented."""
    ours = list(inspect.signature(function).parameters.values())
    theirs = list(inspect.signature(TWINS[function]).parameters.values())
    assert [p.name for p in ours[:1]] == ["tables"]
    assert [p.name for p in theirs[:1]] == ["caseload"]
    shape = [(p.name, p.kind, p.default) for p in ours[1:]]
    assert shape == [(p.name, p.kind, p.default) for p in theirs[1:]]
    doc = inspect.getdoc(function) or ""
    for parameter in ours:
        assert f"\n    {parameter.name}: " in doc, parameter.name


def test_pandas_frames_and_missing_kinds_are_read(small_city: Caseload) -> None:
    """Tables may be pandas frames; a kind left out holds no records."""
    pytest.importorskip("pandas")
    tables = columnar.to_arrow(small_city)
    frames = {kind: table.to_pandas() for kind, table in tables.items() if kind == "ventures"}
    got = columnar.headline_figures({**tables, **frames}, as_of=DEFAULT_AS_OF)
    assert got == metrics.headline_figures(small_city, as_of=DEFAULT_AS_OF)
    without = {kind: table for kind, table in tables.items() if kind != "responses"}
    expected = metrics.headline_figures(small_city.replace(responses=()), as_of=DEFAULT_AS_OF)
    assert columnar.headline_figures(without, as_of=DEFAULT_AS_OF) == expected


@pytest.mark.parametrize("buckets", [None, 4])
def test_only_the_headline_columns_are_needed(
    small_city: Caseload, tmp_path: Path, buckets: int | None
) -> None:
    """A Parquet folder read with HEADLINE_COLUMNS only (in buckets too, whose rows come in
    another order) gives the same figures."""
    partition: dict[str, Any] = {} if buckets is None else {"partition_by": "veteran"}
    folder = columnar.write_parquet(
        small_city, tmp_path / "city", buckets=buckets or 8, **partition
    )
    kinds = tuple(columnar.HEADLINE_COLUMNS)
    tables = columnar.read_tables(folder, kinds=kinds, columns=columnar.HEADLINE_COLUMNS)
    for as_of in (None, DEFAULT_AS_OF):
        expected = metrics.headline_figures(small_city, as_of=as_of)
        assert columnar.headline_figures(tables, as_of=as_of) == expected


@pytest.mark.parametrize("block", [1, 7, 64])
@pytest.mark.parametrize("statistic", ["mean", "share"])
def test_satisfaction_is_judged_a_block_of_responses_at_a_time(
    block: int, statistic: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answers are scored a block of responses at a time (bounded memory at a million
    veterans): blocks of any size give the whole caseload's figure, bit for bit."""
    from veteran_services.columnar import _headline

    city = generate(veterans=150, seed=8)
    tables = columnar.to_arrow(city)
    whole = columnar.weighted_satisfaction(tables, statistic=statistic)
    monkeypatch.setattr(_headline, "_ANSWER_BLOCK", block)
    got = columnar.weighted_satisfaction(tables, statistic=statistic)
    assert got == whole == metrics.weighted_satisfaction(city, statistic=statistic)
    assert whole.denominator is not None
    assert whole.denominator > block
