"""Every public entry point checks its arguments: a wrong-typed argument is an
:class:`~veteran_services.errors.InvalidInputError` naming it, raised before anything runs,
never a ``TypeError``, ``AttributeError`` or ``KeyError`` from deep inside (issue 25, item 4).

The walk: every public module (no part of its name private) is imported, and every function in
its ``__all__``, with the public methods of the result classes below, must be ``@checked``
(so a public function added without the decorator fails here). Each annotated parameter is then
given wrong-typed values, by keyword (positional-only ones with fillers before them), the other
arguments left out: the check runs before the function, so what is missing does not matter.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

import veteran_services
from veteran_services import codes, metrics, model, privacy, returns, scoring
from veteran_services.errors import InvalidInputError
from veteran_services.metrics._files import TableFiles  # every table's to_csv and to_excel

with contextlib.suppress(ImportError):  # score_partition's frames are checked once it is loaded
    import pandas  # noqa: F401

#: Public callables exempt from the walk, each with the reason.
EXEMPT: dict[str, str] = {
    # The Hypothesis strategies are test helpers; their arguments go to Hypothesis, whose own
    # errors name them (``min_size`` ...) when the strategy is drawn from.
    **{
        f"veteran_services.strategies.{name}": "a Hypothesis strategy (test helper)"
        for name, value in vars(importlib.import_module("veteran_services.strategies")).items()
        if inspect.isfunction(value) and not name.startswith("_")
    },
}

#: The result and reference classes whose public methods people call, walked as the functions
#: are. The records' own methods (``Placement.is_active_on`` ...) are left out: they run once
#: per record inside every metric, where a check would cost more than it saves, and take the
#: dates the library gives them.
CLASSES: tuple[type, ...] = (
    model.Caseload,
    metrics.Table,
    metrics.IndicatorTable,
    metrics.Estimate,
    metrics.Worklist,
    scoring.LabourMarket,
    scoring.QualityModel,
    scoring.QualityScore,
    codes.RegionRegistry,
    metrics.AdjustedTable,
    metrics.NonresponseReport,
    metrics.UnitRow,
    metrics.survival.SurvivalCurve,
    metrics.survival.VentureSurvival,
    returns.MvaReturn,
    returns.MvaReturnFile,
    TableFiles,
)


class Stranger:
    """A value no annotation of the library asks for."""

    def __repr__(self) -> str:
        return "<stranger>"


STRANGER = Stranger()


def _public_modules() -> Iterator[ModuleType]:
    yield veteran_services
    for info in pkgutil.walk_packages(veteran_services.__path__, "veteran_services."):
        parts = info.name.split(".")[1:]
        if any(part.startswith("_") for part in parts):
            continue
        yield importlib.import_module(info.name)


def _public_callables() -> dict[str, Callable[..., object]]:
    """Every public function (by the name of the module that defines it) and every public
    method of :data:`CLASSES`."""
    found: dict[str, Callable[..., object]] = {}
    seen: set[int] = set()
    for module in _public_modules():
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isclass(obj) or not inspect.isfunction(inspect.unwrap(obj)):
                continue  # classes, type aliases and constants
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            found[f"{module.__name__}.{name}"] = obj
    for cls in CLASSES:
        for name, member in vars(cls).items():
            if name.startswith("_"):
                continue
            function = member.__func__ if isinstance(member, classmethod | staticmethod) else member
            if inspect.isfunction(inspect.unwrap(function)):
                found[f"{cls.__module__}.{cls.__qualname__}.{name}"] = function
    return found


def _exempt(name: str) -> bool:
    return name in EXEMPT or any(name.startswith(f"{key}.") for key in EXEMPT)


CALLABLES = _public_callables()
WALKED = {name: function for name, function in CALLABLES.items() if not _exempt(name)}


def _hints(function: Callable[..., object]) -> dict[str, object]:
    """The parameters' annotations, resolved; one that does not resolve at run time (a name
    imported for type checkers only) is a string here, and the walk gives it the stranger."""
    unwrapped = inspect.unwrap(function)
    namespace = getattr(unwrapped, "__globals__", {})
    hints: dict[str, object] = {}
    for name, annotation in getattr(unwrapped, "__annotations__", {}).items():
        if name == "return":
            continue
        holder = SimpleNamespace(__annotations__={name: annotation})
        try:
            hints.update(typing.get_type_hints(holder, globalns=namespace))
        except (NameError, TypeError, AttributeError):
            hints[name] = str(annotation)
    return hints


def _near_misses(hint: object) -> list[object]:
    """Values people pass by mistake for *hint*, besides :data:`STRANGER`."""
    args = typing.get_args(hint)
    bare = [arg for arg in args if arg is not type(None)] if args else [hint]
    if typing.get_origin(hint) not in (typing.Union, None) and not _is_union(hint):
        bare = [hint]
    if len(bare) != 1:
        return []
    (one,) = bare
    return {
        date: ["June", 20260630],
        int: ["3", True, 2.5],
        float: ["0.5", True],
        bool: ["yes"],
        str: [2512],
        bytes: ["text"],
        Decimal: [[1]],
    }.get(one, [])


def _is_union(hint: object) -> bool:
    import types

    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def _accepts_anything(hint: object) -> bool:
    if hint is Any or hint is object or isinstance(hint, typing.TypeVar):
        return True
    if _is_union(hint):
        return any(_accepts_anything(arg) for arg in typing.get_args(hint))
    return False


#: For the parameters a function checks itself (``@checked(own=...)``, ``@checks_itself``) the
#: function runs, so the walk calls it for real: methods on these instances, the other
#: required parameters given these good values (by name, else by annotation).
INSTANCES: dict[type, Callable[[], object]] = {
    model.Caseload: model.Caseload,
    scoring.LabourMarket: functools.cache(scoring.LabourMarket.nanjing),
}
GOOD_BY_NAME: dict[str, object] = {"kind": "veterans", "record_id": "V1"}
GOOD_BY_TYPE: dict[object, object] = {
    str: "320115",
    date: date(2024, 6, 30),
    int: 2024,
    model.Caseload: model.Caseload(),
}


def _cases() -> Iterator[tuple[str, str]]:
    for name, function in sorted(WALKED.items()):
        hints = _hints(function)
        for parameter in inspect.signature(function).parameters.values():
            hint = hints.get(parameter.name)
            if hint is not None and not _accepts_anything(hint):
                yield name, parameter.name


CASES = list(_cases())


def test_every_public_callable_is_checked() -> None:
    unchecked = sorted(name for name, f in WALKED.items() if not getattr(f, "__checked__", False))
    assert unchecked == [], "public callables without @checked (or an entry in EXEMPT)"


def test_the_walk_sees_the_whole_api() -> None:
    assert len(WALKED) > 250
    assert len(CASES) > 600
    assert "veteran_services.codes.occupation" in WALKED
    assert "veteran_services.metrics.breakdowns.Table.row" in WALKED


def test_the_exempt_list_names_what_exists() -> None:
    assert sorted(set(EXEMPT) - set(CALLABLES)) == []
    assert all(reason for reason in EXEMPT.values())


def _own_call(function: Callable[..., object], parameter: str, value: object) -> object:
    """Call *function* for real with *parameter* = *value* and good values for the rest."""
    signature = inspect.signature(function)
    hints = _hints(function)
    arguments: list[object] = []
    keywords: dict[str, object] = {}
    for each in signature.parameters.values():
        if each.name in ("self", "cls") and "." in function.__qualname__:
            owner = next(
                c for c in INSTANCES if c.__qualname__ == function.__qualname__.split(".")[0]
            )
            arguments.append(INSTANCES[owner]())
        elif each.name == parameter:
            keywords[each.name] = value
        elif each.default is each.empty and each.kind not in (
            each.VAR_POSITIONAL,
            each.VAR_KEYWORD,
        ):
            hint = hints.get(each.name)
            keywords[each.name] = GOOD_BY_NAME.get(each.name, GOOD_BY_TYPE.get(hint))
    return function(*arguments, **keywords)


def _call(function: Callable[..., object], parameter: str, value: object) -> object:
    if parameter in getattr(function, "__checked_own__", frozenset()):
        return _own_call(function, parameter, value)
    signature = inspect.signature(function)
    parameters = list(signature.parameters.values())
    target = signature.parameters[parameter]
    if target.kind is target.POSITIONAL_ONLY or target.kind is target.VAR_POSITIONAL:
        fillers = [None for p in parameters[: parameters.index(target)]]
        return function(*fillers, value)
    if target.kind is target.VAR_KEYWORD:
        return function(unexpected_argument=value)
    if "." in function.__qualname__ and parameters[0].name in ("self", "cls"):
        return function(None, **{parameter: value})  # a method: the check runs before self
    return function(**{parameter: value})


@pytest.mark.parametrize(("name", "parameter"), CASES, ids=[f"{n}:{p}" for n, p in CASES])
def test_a_wrong_typed_argument_is_refused_by_name(name: str, parameter: str) -> None:
    function = WALKED[name]
    hint = _hints(function)[parameter]
    secret = parameter in getattr(function, "__checked_secret__", frozenset())
    for value in [STRANGER, *_near_misses(hint)]:
        if secret and isinstance(value, str):
            value = "the-secret-passphrase"
        refusal = _refusal(function, parameter, value)
        assert refusal.argument == parameter, (value, str(refusal))
        assert repr(parameter) in str(refusal), (value, str(refusal))
        if secret:
            assert "passphrase" not in str(refusal)


def _refusal(function: Callable[..., object], parameter: str, value: object) -> InvalidInputError:
    """The error *function* raises for *parameter* = *value*; a failure if it is no library
    error (what escaped, and with which value) or if nothing is raised."""
    name = function.__qualname__
    try:
        _call(function, parameter, value)
    except InvalidInputError as error:
        return error
    except Exception as error:
        pytest.fail(f"{name}({parameter}={value!r}) let out {type(error).__name__}: {error}")
    pytest.fail(f"{name}({parameter}={value!r}) was not refused")


# --- what the item 4 names, one by one ------------------------------------------------


def test_a_code_written_as_a_number_is_told_how_to_write_it() -> None:
    with pytest.raises(
        InvalidInputError, match=r"^'code' must be text, got the number 2512: write '2512'$"
    ):
        codes.occupation(2512)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="write '320115'"):
        codes.region(320115)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def city() -> model.Caseload:
    """A small sample city."""
    return veteran_services.synthetic.sample_city(200)


def test_dates_are_taken_as_people_pass_them(city: model.Caseload) -> None:
    pandas = pytest.importorskip("pandas")
    numpy = pytest.importorskip("numpy")
    expected = metrics.headline_figures(city, as_of=date(2026, 6, 30))
    for as_of in ("2026-06-30", pandas.Timestamp("2026-06-30"), numpy.datetime64("2026-06-30")):
        assert metrics.headline_figures(city, as_of=as_of) == expected  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^'as_of' must be a date .*got 'June'$"):
        metrics.headline_figures(city, as_of="June")  # type: ignore[arg-type]


def test_choices_are_listed() -> None:
    with pytest.raises(InvalidInputError) as caught:
        metrics.survival.venture_survival(model.Caseload(), by="colour")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "'by' must be 'cohort', 'district', 'legal_form', 'support' or None, got 'colour'"
    )


def test_a_secret_is_never_quoted() -> None:
    with pytest.raises(InvalidInputError) as caught:
        privacy.pseudonym("veterans", "V1", key="correct horse battery staple")  # type: ignore[arg-type]
    assert "horse" not in str(caught.value)
    assert caught.value.argument == "key"


def test_nothing_runs_before_the_check(tmp_path: Any) -> None:
    target = tmp_path / "city.jsonl"
    with pytest.raises(InvalidInputError, match="'include_personal'"):
        veteran_services.io.write_caseload(
            model.Caseload(),
            target,
            include_personal="yes",  # type: ignore[arg-type]
        )
    assert not target.exists()


def test_whole_floats_and_numpy_numbers_are_numbers() -> None:
    numpy = pytest.importorskip("numpy")
    expected = veteran_services.stats.wilson_interval(3, 10)
    assert veteran_services.stats.wilson_interval(3.0, numpy.int64(10)) == expected  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^'successes' must be a whole number, got 2.5$"):
        veteran_services.stats.wilson_interval(2.5, 10)  # type: ignore[arg-type]
