"""Each columnar function takes what its object-path twin takes and refuses what it refuses
(issue 14: one source for every rule): the same parameters, kinds and defaults (the columnar
one adds only its tables, each documented), and the object path's bad-argument cases raise
the same error, naming the same argument, with the same message, on both paths."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")

from dateutil.relativedelta import relativedelta  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from veteran_services import Caseload, columnar, metrics, scoring  # noqa: E402
from veteran_services.errors import InvalidInputError  # noqa: E402
from veteran_services.strategies import caseloads  # noqa: E402
from veteran_services.synthetic import DEFAULT_AS_OF  # noqa: E402

#: The tables the exit rates read.
_EXIT_TABLES = frozenset(
    {"veterans", "enrolments", "placements", "earnings", "ventures", "contacts", "responses"}
)
#: columnar function, its object-path twin, and the parameters only the columnar one has
#: (the tables it reads instead of a caseload).
TWINS: list[tuple[Callable[..., Any], Callable[..., Any], frozenset[str]]] = [
    (
        columnar.placement_rate,
        metrics.placement_rate,
        frozenset({"veterans", "placements", "ventures", "enrolments", "contacts", "responses"}),
    ),
    (
        columnar.employment_rate_after_exit,
        metrics.employment_rate_after_exit,
        _EXIT_TABLES,
    ),
    (
        columnar.retention_with_same_employer,
        metrics.retention_with_same_employer,
        _EXIT_TABLES,
    ),
    (
        columnar.score_table,
        scoring.score_caseload,
        frozenset(
            {"placements", "employers", "programmes", "enrolments", "responses", "instruments"}
        ),
    ),
]
_IDS = [columnar_function.__name__ for columnar_function, _, _ in TWINS]


def _shape(parameter: inspect.Parameter) -> tuple[str, Any, Any]:
    return parameter.name, parameter.kind, parameter.default


@pytest.mark.parametrize(("columnar_function", "twin", "tables"), TWINS, ids=_IDS)
def test_the_same_parameters_kinds_and_defaults(
    columnar_function: Callable[..., Any], twin: Callable[..., Any], tables: frozenset[str]
) -> None:
    """Every parameter of the object path but the caseload, in its order, of its kind, with
    its default; nothing more than the documented tables."""
    ours = inspect.signature(columnar_function).parameters
    theirs = inspect.signature(twin).parameters
    assert next(iter(theirs)) == "caseload"
    shared = [_shape(p) for name, p in ours.items() if name not in tables]
    assert shared == [_shape(p) for name, p in theirs.items() if name != "caseload"]
    assert set(ours) - set(theirs) == tables
    doc = inspect.getdoc(columnar_function) or ""
    for name in tables:
        assert f"\n    {name}: " in doc, name  # each table documented under Args


# --- the object path's bad-argument cases, on both paths -----------------------------------

_D1, _D2 = date(2024, 1, 1), date(2024, 12, 31)
_BAD_RANGES: list[Any] = [(_D2, _D1), [_D2, _D1], "2024", [_D1], (_D1, "31/12/2024"), 5, (_D1,) * 3]

PLACEMENT_CASES: list[dict[str, Any]] = [
    *({"between": value} for value in _BAD_RANGES),
    {"anchor": "placement_start"},  # tests/metrics/test_indicators.py
    {"anchor": None},
    {"anchor": "Exit"},
    {"anchor": "exit", "rule": "phone"},
    {"anchor": "exit", "rule": "phone", "between": (_D2, _D1)},  # the rule's type first
    {"anchor": "placement_start", "between": (_D2, _D1)},
    {"confidence": 1.5},
    {"as_of": "June 2024"},  # no date, and no ISO text
    {"within": 3},
]
EXIT_CASES: list[dict[str, Any]] = [
    # tests/metrics/test_robustness.py::test_arguments_still_raise
    {"exits_between": (DEFAULT_AS_OF, date(2000, 1, 1))},
    *({"exits_between": value} for value in _BAD_RANGES),
    {"rule": "phone"},  # tests/metrics/test_cohorts.py::test_bad_arguments
    {"rule": None},
    {"exits_between": (_D2, _D1), "rule": "phone"},
    {"confidence": 0},
]
EMPLOYMENT_CASES: list[dict[str, Any]] = [
    *EXIT_CASES,
    {"quarter": 0},  # tests/metrics/test_robustness.py::test_arguments_still_raise
    {"quarter": -1},
    {"quarter": True},
    {"quarter": 1.5},
    {"quarter": "2"},
    {"quarter": 0, "rule": "phone"},
    {"quarter": 0, "exits_between": "2024"},
]
RETENTION_CASES: list[dict[str, Any]] = [
    *EXIT_CASES,
    {"first": 0},
    {"second": 0},
    {"first": True},
    {"first": "2"},
    {"first": 3, "second": 3},
    {"first": 4, "second": 2},
    {"first": 0, "second": 0},
    {"second": 2, "exits_between": "2024"},
    {"first": 0, "rule": "phone"},
]


def _tables(caseload: Caseload) -> dict[str, Any]:
    tables = columnar.to_arrow(caseload.replace(responses=()))
    collected = [r.collected_on for r in caseload.responses]
    tables["responses"] = pa.table({"collected_on": pa.array(collected, pa.date32())})
    return tables


def _call_placement(caseload: Caseload, tables: dict[str, Any], **arguments: Any) -> Any:
    return columnar.placement_rate(
        tables["veterans"],
        tables["placements"],
        ventures=tables["ventures"],
        enrolments=tables["enrolments"],
        contacts=tables["contacts"],
        responses=tables["responses"],
        **arguments,
    )


def _call_exits(function: Callable[..., Any]) -> Callable[..., Any]:
    def call(caseload: Caseload, tables: dict[str, Any], **arguments: Any) -> Any:
        return function(
            tables["veterans"],
            tables["enrolments"],
            tables["placements"],
            tables["earnings"],
            ventures=tables["ventures"],
            contacts=tables["contacts"],
            responses=tables["responses"],
            **arguments,
        )

    return call


def _outcome(call: Callable[[], Any]) -> tuple[Any, ...]:
    """What a call gives: ("ok", the estimate) or the error's type, argument and message."""
    try:
        result = call()
    except InvalidInputError as error:
        return type(error), error.argument, str(error)
    except (TypeError, ValueError, AttributeError) as error:
        return (type(error),)  # not the object path's check: only the kind must agree
    return "ok", result


@pytest.fixture(scope="module")
def tables(small_city: Caseload) -> dict[str, Any]:
    return _tables(small_city)


@pytest.mark.parametrize(
    ("twin", "call", "arguments"),
    [
        *((metrics.placement_rate, _call_placement, case) for case in PLACEMENT_CASES),
        *(
            (
                metrics.employment_rate_after_exit,
                _call_exits(columnar.employment_rate_after_exit),
                case,
            )
            for case in EMPLOYMENT_CASES
        ),
        *(
            (
                metrics.retention_with_same_employer,
                _call_exits(columnar.retention_with_same_employer),
                case,
            )
            for case in RETENTION_CASES
        ),
    ],
    ids=lambda value: (
        getattr(value, "__name__", None)
        if callable(value)
        else ",".join(f"{k}={v!r}" for k, v in value.items())
    ),
)
def test_bad_arguments_fail_alike(
    small_city: Caseload,
    tables: dict[str, Any],
    twin: Callable[..., Any],
    call: Callable[..., Any],
    arguments: dict[str, Any],
) -> None:
    expected = _outcome(lambda: twin(small_city, **arguments))
    got = _outcome(lambda: call(small_city, tables, **arguments))
    assert got == expected
    assert expected[0] != "ok" or "rule" in arguments or "confidence" in arguments


@pytest.mark.parametrize(
    "arguments",
    [{"as_of": "June 2024"}, {"as_of": None}, {"market": None}, {"model": "default"}],
    ids=["as-of-text", "as-of-none", "no-market", "model-text"],
)
def test_scoring_fails_alike(small_city: Caseload, arguments: dict[str, Any]) -> None:
    """Both paths refuse these by name, with the same error and message, never with a
    result."""
    settings_: dict[str, Any] = {"as_of": DEFAULT_AS_OF, "market": scoring.LabourMarket.nanjing()}
    settings_ |= arguments
    expected = _outcome(lambda: scoring.score_caseload(small_city, **settings_))
    tables = columnar.to_arrow(small_city)
    got = _outcome(
        lambda: columnar.score_table(
            tables["placements"],
            employers=tables["employers"],
            programmes=tables["programmes"],
            enrolments=tables["enrolments"],
            responses=tables["responses"],
            instruments=tables["instruments"],
            **settings_,
        )
    )
    assert got == expected
    assert expected[0] != "ok"


def test_every_argument_the_object_path_refuses_is_refused_by_name(
    small_city: Caseload, tables: dict[str, Any]
) -> None:
    """Not vacuous: most cases are refused, by name, with the object path's wording."""
    refused = [
        case
        for case in PLACEMENT_CASES
        if _outcome(lambda case=case: metrics.placement_rate(small_city, **case))[0]
        is InvalidInputError
    ]
    assert len(refused) >= 12
    with pytest.raises(InvalidInputError, match="'between' must be a \\(start, end\\) pair"):
        _call_placement(small_city, tables, between="2024")


# --- what the object path accepts, the columnar path accepts, with the same result ---------


def test_a_range_may_be_a_list(small_city: Caseload, tables: dict[str, Any]) -> None:
    """``between=[d1, d2]`` was refused by the columnar placement rate (issue 14)."""
    for between in ([_D1, _D2], (_D1, _D2)):
        expected = metrics.placement_rate(small_city, between=between, as_of=DEFAULT_AS_OF)
        assert _call_placement(small_city, tables, between=between, as_of=DEFAULT_AS_OF) == expected
    exits: dict[str, Any] = {"exits_between": [date(2023, 1, 1), _D2]}
    expected = metrics.employment_rate_after_exit(small_city, **exits)
    assert _call_exits(columnar.employment_rate_after_exit)(small_city, tables, **exits) == expected


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"as_of": DEFAULT_AS_OF},
        {"rule": "contacts"},
        {"rule": "contacts", "as_of": DEFAULT_AS_OF},
        {
            "between": [date(2023, 1, 1), date(2024, 6, 30)],
            "as_of": DEFAULT_AS_OF,
            "include_ventures": True,
            "include_subsidised": False,
            "within": relativedelta(years=1),
        },
        {"between": (date(1990, 1, 1), date(1990, 2, 1))},
    ],
    ids=["all", "as-of", "contacts", "contacts-as-of", "2023-ventures", "empty"],
)
def test_the_exit_anchor_gives_the_object_paths_estimate(
    city: Caseload, arguments: dict[str, Any]
) -> None:
    """The placement rate from programme exit, with either rule and the WIOA exclusions (the
    columnar path had no exit anchor, issue 14)."""
    expected = metrics.placement_rate(city, anchor="exit", **arguments)
    got = _call_placement(city, _tables(city), anchor="exit", **arguments)
    assert got == expected
    assert expected.parameters["rule"] == arguments.get("rule", "enrolments")


@settings(max_examples=30, deadline=None)
@given(
    caseloads(max_veterans=5),
    st.sampled_from(["enrolments", "contacts"]),
    st.integers(0, 24),
    st.none() | st.dates(date(2000, 1, 1), date(2035, 1, 1)),
    st.booleans(),
)
def test_generated_caseloads_give_the_same_exit_anchored_rate(
    caseload: Caseload, rule: str, months: int, as_of: date | None, ventures: bool
) -> None:
    arguments: dict[str, Any] = {
        "anchor": "exit",
        "rule": rule,
        "within": relativedelta(months=months),
        "as_of": as_of,
        "include_ventures": ventures,
    }
    expected = metrics.placement_rate(caseload, **arguments)
    assert _call_placement(caseload, _tables(caseload), **arguments) == expected


def test_the_exit_anchor_needs_the_enrolments(tables: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError, match="'enrolments' is needed with anchor='exit'"):
        columnar.placement_rate(tables["veterans"], tables["placements"], anchor="exit")
