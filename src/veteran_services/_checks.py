"""The argument checks every layer shares, written once.

A whole number is an ``int`` that is not a ``bool`` (``True`` is an ``int`` to Python, never a
count to a person); a finite number is an ``int`` or ``float`` that is not a ``bool``, a NaN or
an infinity. Each check raises an error naming the argument and quoting the bad value, in the
one wording the library uses for it.

>>> whole_number(3, "min_n", least=1)
3
>>> whole_number(True, "min_n", least=1)
Traceback (most recent call last):
...
veteran_services.errors.InvalidInputError: 'min_n' must be a whole number of at least 1, got True
>>> whole_number(-1, "n", unit="days")
Traceback (most recent call last):
...
veteran_services.errors.InvalidInputError: 'n' must be a whole number of days of at least 0, got -1
"""

from __future__ import annotations

import functools
import inspect
import math
import re
import types
import typing
from collections import abc
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Final, Literal, ParamSpec, TypeGuard, TypeVar, Union

from veteran_services.errors import InvalidInputError, VeteranServicesError

__all__ = [
    "MAX_QUOTED",
    "checked",
    "day",
    "finite_number",
    "is_whole",
    "quote",
    "text",
    "whole_number",
]

#: The longest quotation of a bad value in a message; longer ones are cut (a 20,000-character
#: code or a 5,000-digit number is not worth repeating in full).
MAX_QUOTED: Final = 60


def is_whole(value: object) -> TypeGuard[int]:
    """Whether *value* is an ``int`` and not a ``bool``."""
    return isinstance(value, int) and not isinstance(value, bool)


def whole_number(
    value: object,
    name: str,
    *,
    least: int = 0,
    unit: str | None = None,
    error: type[ValueError] = InvalidInputError,
) -> int:
    """*value* if it is a whole number of at least *least*, else an *error* naming *name*.

    Args:
        value: The value to check.
        name: The argument's (or field's) name, quoted in the message and given to the error.
        least: The smallest value allowed.
        unit: What the number counts (``"days"``, ``"months"``), said in the message.
        error: The error class, called as ``error(name, message)``
            (:class:`~veteran_services.errors.InvalidInputError` for arguments,
            :class:`~veteran_services.errors.InvalidRecordError` for record fields).
    """
    if is_whole(value) and value >= least:
        return value
    of = f" of {unit}" if unit else ""
    msg = f"{name!r} must be a whole number{of} of at least {least}, got {quote(value)}"
    raise error(name, msg)


def finite_number(
    value: object, name: str, *, error: type[ValueError] = InvalidInputError
) -> float:
    """*value* as a float if it is a finite ``int`` or ``float`` (not a ``bool``), else an
    *error* naming *name*."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    msg = f"{name!r} must be a finite number, got {quote(value)}"
    raise error(name, msg)


def quote(value: object) -> str:
    """``repr(value)``, cut to :data:`MAX_QUOTED` characters.

    >>> quote("x" * 100)[-5:], quote(10**5000)
    ("xxx'…", '<a whole number of about 5,000 digits>')
    """
    if is_whole(value) and value.bit_length() > 256:
        # repr of a huge int costs quadratic time, and only its size is worth saying
        digits = int(value.bit_length() * 0.30103)
        return f"<a whole number of about {digits:,} digits>"
    text = repr(value)
    if len(text) > MAX_QUOTED:
        text = text[: MAX_QUOTED - 2] + (text[0] if text[:1] in "'\"" else "") + "…"
        text = text[:MAX_QUOTED]
    return text


# --- dates and text as users pass them -------------------------------------------------------

_ISO_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DAY_FORMS: Final = "a date (a datetime.date, or an ISO date such as '2026-06-30')"


def day(value: object, name: str) -> date:
    """*value* as a :class:`datetime.date`, else an :class:`InvalidInputError` naming *name*.

    Accepted, and converted once: a ``date``; a ``datetime`` (a ``pandas.Timestamp`` is one)
    or a ``numpy.datetime64``, by its calendar day; an ISO date ``"YYYY-MM-DD"``.

    >>> day("2026-06-30", "as_of")
    datetime.date(2026, 6, 30)
    >>> day("30/06/2026", "as_of")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    veteran_services.errors.InvalidInputError: 'as_of' must be a date (...), got '30/06/2026'
    """
    if isinstance(value, datetime):
        if value != value:  # pandas.NaT is a datetime that is not equal to itself
            msg = f"{name!r} must be {_DAY_FORMS}, got a missing date ({value!r})"
            raise InvalidInputError(name, msg)
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            msg = f"{name!r} must be {_DAY_FORMS}, got {quote(value)}, which is no day"
            raise InvalidInputError(name, msg) from None
    kind = type(value)
    if kind.__module__ == "numpy" and kind.__name__ == "datetime64":
        text = str(value)
        if _ISO_DAY.match(text):
            return date.fromisoformat(text[:10])
    msg = f"{name!r} must be {_DAY_FORMS}, got {quote(value)}"
    raise InvalidInputError(name, msg)


def text(value: object, name: str) -> str:
    """*value* if it is a ``str``, else an :class:`InvalidInputError` naming *name* (a number
    given for a code is told how to write it).

    >>> text(2512, "code")
    Traceback (most recent call last):
    ...
    veteran_services.errors.InvalidInputError: 'code' must be text, got the number 2512: ...
    """
    if isinstance(value, str):
        return value
    if is_whole(value) or isinstance(value, float):
        msg = f"{name!r} must be text, got the number {quote(value)}: write {str(value)!r}"
    else:
        msg = f"{name!r} must be text, got {_described(value)}"
    raise InvalidInputError(name, msg)


def _described(value: object) -> str:
    """*value* quoted, with its type when its repr does not say it."""
    quoted = quote(value)
    kind = type(value)
    if kind.__module__ == "builtins" or quoted.startswith(kind.__name__):
        return quoted
    return f"{quoted} (a {kind.__name__})"


# --- every public function's arguments, checked against its annotations ----------------------

_P = ParamSpec("_P")
_R = TypeVar("_R")
_Check = Callable[[object, str], object]


class _Plan:
    """The checks of one function's parameters, by position and by name: each a set of
    exact types passed without a look (the common case, a few tens of nanoseconds) and the
    full check for any other value."""

    __slots__ = ("by_name", "by_position")

    def __init__(self, function: Callable[..., object]) -> None:
        hints = _hints(function)
        self.by_position: list[tuple[str, frozenset[type], _Check]] = []
        self.by_name: dict[str, tuple[frozenset[type], _Check]] = {}
        for parameter in inspect.signature(function).parameters.values():
            hint = hints.get(parameter.name)
            check = None if hint is None else _check_for(hint)
            fast: frozenset[type]
            if check is None:
                fast, check = _ANY_TYPE, _unchecked
            else:
                fast = _exact_types(hint)
            if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
                self.by_position.append((parameter.name, fast, check))
            if parameter.kind is not parameter.POSITIONAL_ONLY:
                self.by_name[parameter.name] = (fast, check)


class _AnyType(frozenset[type]):
    """The exact types of an unchecked parameter: every type."""

    def __contains__(self, item: object) -> bool:
        return True


_ANY_TYPE: Final = _AnyType()


def _unchecked(value: object, name: str) -> object:
    return value


def _exact_types(hint: object) -> frozenset[type]:
    """The types whose values *hint* takes without conversion or a closer look."""
    origin = typing.get_origin(hint)
    if hint is typing.Any:
        return frozenset()
    if hint is date or hint is str or hint is bool or hint is Decimal or hint is type(None):
        return frozenset({typing.cast(type, hint)})
    if hint is int:
        return frozenset({int})
    if hint is float:
        return frozenset({float, int})
    if origin in (Union, types.UnionType):
        return frozenset().union(*(_exact_types(arg) for arg in typing.get_args(hint)))
    if origin is typing.Annotated:
        return _exact_types(typing.get_args(hint)[0])
    if origin in (abc.Sequence, list):
        return frozenset({list, tuple} if origin is abc.Sequence else {list})
    if origin in (abc.Iterable, abc.Collection):
        return frozenset({list, tuple, set, frozenset, dict})
    if origin in (abc.Mapping, dict):
        return frozenset({dict})
    if origin in (abc.Set, frozenset, set):
        return frozenset({frozenset, set} if origin is abc.Set else {origin})
    if (
        isinstance(hint, type)
        and origin is None
        and not issubclass(hint, Enum | str)
        and not _is_protocol(hint)
        and hint is not object
        and hint not in _CONTAINERS
    ):
        return frozenset({hint})
    if isinstance(hint, type) and issubclass(hint, Enum):
        return frozenset({hint})
    return frozenset()


def _hints(function: Callable[..., object]) -> dict[str, object]:
    """The resolved annotations of *function*'s parameters. One that cannot be resolved at run
    time (a name imported only for type checkers) is left out, and goes unchecked."""
    try:
        hints = typing.get_type_hints(function)
    except (NameError, TypeError, AttributeError):
        hints = {}
        namespace = getattr(function, "__globals__", {})
        for name, annotation in getattr(function, "__annotations__", {}).items():
            holder = types.SimpleNamespace(__annotations__={name: annotation})
            try:
                hints.update(typing.get_type_hints(holder, globalns=namespace))
            except (NameError, TypeError, AttributeError):
                continue
    hints.pop("return", None)
    return hints


def checked(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Check the arguments of a public function against its annotations before it runs.

    A wrong-typed argument is an :class:`InvalidInputError` naming it (``'as_of' must be a
    date ..., got 'June'``), never a ``TypeError`` or ``AttributeError`` from deep inside
    (the function runs first, so that its own checks, with their more precise messages,
    speak; see :func:`_deferred`; a number given for text is refused at once);
    dates are converted as :func:`day` says (``as_of="2026-06-30"`` works), and a pair of
    dates (``between=("2024-01-01", "2024-12-31")``) too. Checked are ``date``, ``str``,
    ``int`` (not ``bool``), ``float`` (an ``int`` too), ``bool``, ``Literal`` choices, enums
    (a member or its value), classes, containers (their kind, not their items; a ``str`` is
    refused where a collection of something else is asked for, and any iterable is taken
    for a sequence, so numpy arrays and pandas objects still work) and unions of these; anything
    else (``Any``, type variables, protocols) is the function's own business.

    >>> @checked
    ... def due(as_of: date, *, days: int = 30) -> date:
    ...     return date.fromordinal(as_of.toordinal() + days)
    >>> due("2026-06-30")
    datetime.date(2026, 7, 30)
    >>> due(date(2026, 6, 30), days="30")
    Traceback (most recent call last):
    ...
    veteran_services.errors.InvalidInputError: 'days' must be a whole number, got '30'
    """
    plan: _Plan | None = None

    @functools.wraps(function)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        nonlocal plan
        if plan is None:
            plan = _Plan(function)
        try:
            if args:
                for position, (name, fast, check) in enumerate(plan.by_position):
                    if position >= len(args):
                        break
                    value = args[position]
                    if type(value) not in fast:
                        new = check(value, name)
                        if new is not value:
                            args = (*args[:position], new, *args[position + 1 :])  # type: ignore[assignment]
            for name, value in kwargs.items():
                entry = plan.by_name.get(name)
                if entry is not None and type(value) not in entry[0]:
                    kwargs[name] = entry[1](value, name)
        except _Refusal as refusal:
            return _deferred(function, refusal, args, kwargs)
        return function(*args, **kwargs)

    wrapper.__checked__ = True  # type: ignore[attr-defined]
    return wrapper


class _Refusal(InvalidInputError):
    """An argument of a type its annotation does not name (see :func:`_deferred`)."""


def _deferred(
    function: Callable[..., _R], refusal: _Refusal, args: tuple[object, ...], kwargs: Any
) -> _R:
    """Call *function* with an argument its annotation does not name, and let its own checks
    speak: a library error it raises (its own, more precise message) goes out as it is, and
    a value it takes (an annotation narrower than what the function accepts, a whole float
    for a count) gives its result; only what would escape from inside (``TypeError``,
    ``AttributeError``, ``KeyError`` ...) is replaced by *refusal*, which names the argument.
    """
    try:
        return function(*args, **kwargs)
    except VeteranServicesError:
        raise
    except (TypeError, AttributeError, ValueError, LookupError, ArithmeticError):
        raise InvalidInputError(refusal.argument, str(refusal)) from None


def _check_for(hint: object) -> _Check | None:
    """The check of one annotation, or None for one that is not checked."""
    if hint is typing.Any or hint is object:
        return None
    described = _describe(hint)
    test = _test_for(hint)
    if test is None or described is None:
        return None

    def check(value: object, name: str) -> object:
        ok, converted = test(value, name)
        if ok:
            return converted
        if described == "text" and (is_whole(value) or isinstance(value, float)):
            return text(value, name)  # a code written as a number: told how to write it
        msg = f"{name!r} must be {described}, got {_described(value)}"
        raise _Refusal(name, msg)

    return check


_Test = Callable[[object, str], tuple[bool, object]]
_SCALARS: Final[dict[object, tuple[str, Callable[[object], bool]]]] = {
    str: ("text", lambda v: isinstance(v, str)),
    bool: ("True or False", lambda v: isinstance(v, bool)),
    int: ("a whole number", is_whole),
    float: ("a number", lambda v: isinstance(v, int | float) and not isinstance(v, bool)),
    Decimal: ("a decimal number", lambda v: isinstance(v, Decimal)),
    type(None): ("None", lambda v: v is None),
}
_CONTAINERS: Final[dict[object, str]] = {
    abc.Iterable: "an iterable",
    abc.Iterator: "an iterator",
    abc.Collection: "a collection",
    abc.Sequence: "a sequence",
    abc.Set: "a set",
    abc.Mapping: "a mapping",
    list: "a list",
    set: "a set",
    frozenset: "a set",
    dict: "a mapping",
}


def _describe(hint: object) -> str | None:
    """How a message says what *hint* asks for (None when it is not checked)."""
    if hint is typing.Any or hint is object:
        return None
    origin = typing.get_origin(hint)
    if hint is date:
        return _DAY_FORMS
    if hint in _SCALARS:
        return _SCALARS[hint][0]
    if origin is Literal:
        return "one of " + ", ".join(repr(choice) for choice in typing.get_args(hint))
    if origin in (Union, types.UnionType):
        parts = [_describe(arg) for arg in typing.get_args(hint)]
        if any(part is None for part in parts):
            return None
        return " or ".join(dict.fromkeys(p for p in parts if p is not None))
    if origin is typing.Annotated:
        return _describe(typing.get_args(hint)[0])
    if origin is tuple:
        return "a sequence"
    if origin in _CONTAINERS:
        return _CONTAINERS[origin]
    if hint in _CONTAINERS:
        return _CONTAINERS[hint]
    if origin is abc.Callable or hint is abc.Callable:
        return "callable"
    if origin is type:
        return "a class"
    if isinstance(hint, type) and issubclass(hint, Enum):
        return "one of " + ", ".join(repr(m.value) for m in hint)
    if isinstance(hint, type) and not _is_protocol(hint) and hint is not object:
        return f"a {hint.__name__}"
    return None


def _is_protocol(hint: type) -> bool:
    return bool(getattr(hint, "_is_protocol", False))


def _test_for(hint: object) -> _Test | None:
    """A test ``(value, name) -> (ok, value to pass on)`` for *hint* (None: not checked)."""
    if hint is typing.Any or hint is object:
        return None
    origin = typing.get_origin(hint)
    if hint is date:
        return _day_test
    if hint in _SCALARS:
        accepts = _SCALARS[hint][1]
        return lambda v, _: (accepts(v), v)
    if origin is Literal:
        return _literal_test(typing.get_args(hint))
    if origin in (Union, types.UnionType):
        tests = [_test_for(arg) for arg in typing.get_args(hint)]
        if any(test is None for test in tests):
            return None
        return _union_test([t for t in tests if t is not None])
    if origin is typing.Annotated:
        return _test_for(typing.get_args(hint)[0])
    if origin is tuple:
        return _tuple_test(typing.get_args(hint))
    container = (_CONTAINERS.get(origin) and origin) or (_CONTAINERS.get(hint) and hint)
    if container in (abc.Mapping, dict):
        return lambda v, _: (isinstance(v, abc.Mapping) or _mapping_like(v), v)
    if container:
        # any iterable will do (a numpy array or a pandas Series is no abc.Sequence), but a
        # str where a collection of something else is asked for is a mistake
        items = typing.get_args(hint)
        words = not items or items[0] in (str, object) or typing.get_origin(items[0]) is not None
        return lambda v, _: (
            isinstance(v, abc.Iterable) and (words or not isinstance(v, str | bytes)),
            v,
        )
    if origin is abc.Callable or hint is abc.Callable:
        return lambda v, _: (callable(v), v)
    if origin is type:
        bound = typing.get_args(hint)
        base = bound[0] if bound and isinstance(bound[0], type) else object
        if base is typing.Any:
            base = object
        return lambda v, _: (isinstance(v, type) and issubclass(v, base), v)
    if isinstance(hint, type) and issubclass(hint, Enum):
        values = {member.value for member in hint}
        enum = hint
        return lambda v, _: (isinstance(v, enum) or (isinstance(v, str) and v in values), v)
    if isinstance(hint, type) and not _is_protocol(hint) and hint is not object:
        cls = hint
        return lambda v, _: (isinstance(v, cls), v)
    return None


def _literal_test(choices: tuple[object, ...]) -> _Test:
    """One of *choices*, of the same type (``True`` is not the choice ``1``)."""
    allowed = frozenset((type(choice), choice) for choice in choices)

    def test(value: object, name: str) -> tuple[bool, object]:
        try:
            return (type(value), value) in allowed, value
        except TypeError:  # unhashable: no choice
            return False, value

    return test


def _mapping_like(value: object) -> bool:
    """Whether *value* has keys and items as a mapping does (a pandas Series does)."""
    return hasattr(value, "keys") and hasattr(value, "__getitem__")


def _day_test(value: object, name: str) -> tuple[bool, object]:
    if isinstance(value, date) and not isinstance(value, datetime):
        return True, value
    try:
        return True, day(value, name)
    except InvalidInputError:
        if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
            raise  # an ISO form that names no day: day()'s own message says so
        return False, value


def _union_test(tests: list[_Test]) -> _Test:
    def test(value: object, name: str) -> tuple[bool, object]:
        for each in tests:
            ok, converted = each(value, name)
            if ok:
                return True, converted
        return False, value

    return test


def _tuple_test(items: tuple[object, ...]) -> _Test:
    """A tuple annotation: any sequence but text; a fixed tuple of dates (a ``between``
    pair) has its dates converted."""
    days = bool(items) and Ellipsis not in items and all(item is date for item in items)

    def test(value: object, name: str) -> tuple[bool, object]:
        if not isinstance(value, abc.Iterable) or isinstance(value, str | bytes):
            return False, value
        if days and isinstance(value, abc.Sequence) and len(value) == len(items):
            converted = []
            for item in value:
                ok, as_day = _day_test(item, name)
                if not ok:
                    return True, value  # the function's own check says what is wrong
                converted.append(as_day)
            return True, tuple(converted)
        return True, value

    return test
