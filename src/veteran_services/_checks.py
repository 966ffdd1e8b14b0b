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
import os
import re
import sys
import types
import typing
from collections import abc
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Final, Literal, ParamSpec, TypeGuard, TypeVar, Union

from veteran_services.errors import InvalidInputError

__all__ = [
    "MAX_QUOTED",
    "checked",
    "checks_itself",
    "day",
    "finite_number",
    "is_whole",
    "quote",
    "text",
    "whole",
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
_Test = Callable[[object, str], tuple[bool, object]]


class _Plan:
    """The checks of one function's checked parameters, by position and by name: each a set
    of exact types passed without a look (the common case, a few tens of nanoseconds) and the
    full check for any other value. Parameters that are not checked are not in it at all."""

    __slots__ = ("by_name", "by_position", "final")

    def __init__(
        self, function: Callable[..., object], own: frozenset[str], secret: frozenset[str]
    ) -> None:
        hints, self.final = _hints(function)
        self.by_position: tuple[tuple[int, str, frozenset[type], _Check], ...] = ()
        self.by_name: dict[str, tuple[frozenset[type], _Check]] = {}
        positional = []
        parameters = inspect.signature(function).parameters.values()
        for index, parameter in enumerate(parameters):
            hint = hints.get(parameter.name)
            if hint is None or parameter.name in own:
                continue
            check = _check_for(hint, secret=parameter.name in secret)
            if check is None:
                continue
            fast = _exact_types(hint)
            if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
                positional.append((index, parameter.name, fast, check))
            if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
                self.by_name[parameter.name] = (fast, check)
        self.by_position = tuple(positional)


def _exact_types(hint: object) -> frozenset[type]:
    """The types whose values *hint* takes as they are, without a closer look."""
    origin = typing.get_origin(hint)
    if hint in (date, str, bool, Decimal, bytes, type(None)):
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
    if isinstance(hint, type) and issubclass(hint, Enum):
        return frozenset({hint})
    if (
        isinstance(hint, type)
        and origin is None
        and not issubclass(hint, str)
        and not _is_protocol(hint)
        and hint is not object
        and hint not in _CONTAINERS
    ):
        return frozenset({hint})
    return frozenset()


#: The names under which the library's modules import optional packages for type checkers
#: only (``pd.DataFrame``): an annotation naming one is checked once that package is imported
#: (a value of its types cannot exist before; until then the plan is made anew at each call).
_OPTIONAL_MODULES: Final = {"pd": "pandas", "pa": "pyarrow", "np": "numpy", "sa": "sqlalchemy"}


def _hints(function: Callable[..., object]) -> tuple[dict[str, object], bool]:
    """The resolved annotations of *function*'s parameters, and whether they are final. One
    that cannot be resolved at run time (a name imported only for type checkers) is left out,
    and goes unchecked; one naming an optional package not imported yet makes them not final."""
    final = True
    try:
        hints = typing.get_type_hints(function)
    except (NameError, TypeError, AttributeError):
        hints = {}
        namespace = dict(getattr(inspect.unwrap(function), "__globals__", {}))
        annotations = getattr(function, "__annotations__", {})
        for alias, module in _OPTIONAL_MODULES.items():
            if alias in namespace or not any(f"{alias}." in str(a) for a in annotations.values()):
                continue
            if module in sys.modules:
                namespace[alias] = sys.modules[module]
            else:
                final = False
        for name, annotation in annotations.items():
            holder = types.SimpleNamespace(__annotations__={name: annotation})
            try:
                hints.update(typing.get_type_hints(holder, globalns=namespace))
            except (NameError, TypeError, AttributeError):
                continue
    hints.pop("return", None)
    return hints, final


@typing.overload
def checked(function: Callable[_P, _R], /) -> Callable[_P, _R]: ...


@typing.overload
def checked(
    *, own: abc.Iterable[str] = (), unquoted: abc.Iterable[str] = ()
) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]: ...


def checked(
    function: Callable[_P, _R] | None = None,
    /,
    *,
    own: abc.Iterable[str] = (),
    unquoted: abc.Iterable[str] = (),
) -> Callable[_P, _R] | Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Check the arguments of a public function against its annotations before it runs.

    A wrong-typed argument is an :class:`InvalidInputError` naming it (``'as_of' must be a
    date ..., got 'June'``), raised before the function runs, so that it never half-does
    anything; never a ``TypeError`` or ``AttributeError`` from deep inside. Values people
    pass for what is asked are converted once, as the function would want them:

    - a date (:func:`day`): a ``date``; an ISO date ``"2026-06-30"``; a ``datetime``, a
      ``pandas.Timestamp`` or a ``numpy.datetime64`` by its calendar day; and a
      ``tuple[date, date]`` (a ``between`` range) as a pair of these;
    - a whole number: an ``int`` (not a ``bool``), a whole ``float`` (``3.0`` is ``3``) or a
      numpy integer; a number (``float``): an ``int``, a ``float`` or a numpy number;
    - ``bytes``: a ``bytearray`` or ``memoryview`` too; ``bool``: a numpy ``bool_`` too;
    - choices (``Literal``, enums: a member or its value), classes, containers (their kind,
      not their items; a ``str`` is refused where a collection of something else is asked
      for, and any iterable is taken for a sequence, so numpy arrays and pandas objects still
      work) and unions of these.

    Anything else (``Any``, ``object``, type variables, protocols) is the function's own
    business, as are the parameters named in *own* (the function checks them itself, with a
    more precise message than the annotation gives). The values of the parameters named in
    *unquoted* (a secret key) are never quoted in a message. A number given where text (a code) is
    asked for is told how to write it (:func:`text`).

    >>> @checked
    ... def due(as_of: date, *, days: int = 30) -> date:
    ...     return date.fromordinal(as_of.toordinal() + days)
    >>> due("2026-06-30", days=30.0)
    datetime.date(2026, 7, 30)
    >>> due(date(2026, 6, 30), days="30")
    Traceback (most recent call last):
    ...
    veteran_services.errors.InvalidInputError: 'days' must be a whole number, got '30'
    >>> @checked(own=("by",))
    ... def count(by: Literal["cohort", "district"] | None = None, *, n: int = 0) -> int:
    ...     return n
    >>> count(by=3, n=1)  # 'by' is count's own business
    1
    >>> checked(own=("bye",))(count.__wrapped__)
    Traceback (most recent call last):
    ...
    TypeError: checked(own=...): count has no parameter 'bye'
    """
    owned = frozenset((own,) if isinstance(own, str) else own)
    secrets = frozenset((unquoted,) if isinstance(unquoted, str) else unquoted)

    def decorate(function: Callable[_P, _R]) -> Callable[_P, _R]:
        if not _has_arguments(function):
            return checks_itself(function)  # nothing to check, and no wrapper to pay for
        if owned or secrets:
            names = inspect.signature(function).parameters
            for name in sorted((owned | secrets) - names.keys()):
                which = "own" if name in owned else "unquoted"
                msg = f"checked({which}=...): {function.__qualname__} has no parameter {name!r}"
                raise TypeError(msg)
        return _checking(function, owned, secrets)

    if function is None:
        return decorate
    return decorate(function)


def whole(value: object, name: str) -> int:
    """*value* as an ``int`` as :func:`checked` takes one for an ``int`` annotation (an
    ``int`` but not a ``bool``, a whole ``float``, a numpy integer), else an
    :class:`InvalidInputError` naming *name*.

    >>> whole(3.0, "year"), whole(2024, "year")
    (3, 2024)
    """
    ok, converted = _whole_test(value, name)
    if ok:
        return typing.cast(int, converted)
    msg = f"{name!r} must be a whole number, got {_described(value)}"
    raise InvalidInputError(name, msg)


def _has_arguments(function: Callable[..., object]) -> bool:
    """Whether *function* takes any argument but a method's ``self`` or ``cls``."""
    code = getattr(inspect.unwrap(function), "__code__", None)
    if code is None:
        return True
    count = code.co_argcount + code.co_kwonlyargcount
    if code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        return True
    method = "." in function.__qualname__.replace("<locals>.", "")
    return count > 1 or (count == 1 and not (method and code.co_varnames[0] in ("self", "cls")))


def checks_itself(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Mark *function* as checking every argument in its own first lines (with :func:`text`,
    :func:`day` ...), to the same rule and in the same words as :func:`checked`, but with no
    wrapper around it: for the look-ups that run once per record inside the metrics and the
    scores (``Caseload.veteran``, ``LabourMarket.minimum_wage``), where a wrapper would cost
    more than the look-up. The wrong-argument walk holds such functions to the same rule.

    >>> @checks_itself
    ... def region_name(code: str) -> str:
    ...     if type(code) is not str:
    ...         code = text(code, "code")
    ...     return code
    >>> region_name(320115)
    Traceback (most recent call last):
    ...
    veteran_services.errors.InvalidInputError: 'code' must be text, got the number 320115: ...
    """
    names = inspect.signature(function).parameters.keys() - {"self", "cls"}
    function.__checked__ = True  # type: ignore[attr-defined]
    function.__checked_own__ = frozenset(names)  # type: ignore[attr-defined]
    function.__checked_secret__ = frozenset()  # type: ignore[attr-defined]
    return function


def _checking(
    function: Callable[_P, _R], own: frozenset[str], secret: frozenset[str]
) -> Callable[_P, _R]:
    plan: _Plan | None = None

    @functools.wraps(function)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        nonlocal plan
        current = plan
        if current is None:
            current = _Plan(function, own, secret)
            if current.final:
                plan = current
        if args:
            given = len(args)
            for index, name, fast, check in current.by_position:
                if index >= given:
                    break
                value = args[index]
                if type(value) not in fast:
                    new = check(value, name)
                    if new is not value:
                        args = (*args[:index], new, *args[index + 1 :])  # type: ignore[assignment]
        if kwargs:
            by_name = current.by_name
            for name, value in kwargs.items():
                entry = by_name.get(name)
                if entry is not None and type(value) not in entry[0]:
                    kwargs[name] = entry[1](value, name)
        return function(*args, **kwargs)

    wrapper.__checked__ = True  # type: ignore[attr-defined]
    wrapper.__checked_own__ = own  # type: ignore[attr-defined]
    wrapper.__checked_secret__ = secret  # type: ignore[attr-defined]
    return wrapper


def _check_for(hint: object, *, secret: bool = False) -> _Check | None:
    """The check of one annotation, or None for one that is not checked."""
    described = _describe(hint)
    test = _test_for(hint)
    if test is None or described is None:
        return None

    def check(value: object, name: str) -> object:
        ok, converted = test(value, name)
        if ok:
            return converted
        if secret:
            msg = f"{name!r} must be {described}, got a {type(value).__name__} (not shown)"
        elif described == "text" and _is_number(value):
            return text(value, name)  # a code written as a number: told how to write it
        else:
            msg = f"{name!r} must be {described}, got {_described(value)}"
        raise InvalidInputError(name, msg)

    return check


def _is_number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)) or _numpy_kind(
        value
    ) in ("integer", "floating")


def _numpy_kind(value: object) -> str | None:
    """``"integer"``, ``"floating"`` or ``"bool"`` for a numpy scalar of that kind, else None
    (numpy is not imported for it)."""
    kind = type(value)
    if kind.__module__ != "numpy":
        return None
    for base in kind.__mro__:
        if base.__name__ in ("integer", "floating", "bool_", "bool"):
            return "bool" if base.__name__.startswith("bool") else base.__name__
    return None


def _whole_test(value: object, name: str) -> tuple[bool, object]:
    if is_whole(value):
        return True, value
    if isinstance(value, float):
        return (True, int(value)) if value.is_integer() else (False, value)
    numpy = _numpy_kind(value)
    if numpy == "integer":
        return True, int(value)  # type: ignore[call-overload]
    if numpy == "floating":
        number = float(value)  # type: ignore[arg-type]
        return (True, int(number)) if number.is_integer() else (False, value)
    return False, value


def _number_test(value: object, name: str) -> tuple[bool, object]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True, value
    if _numpy_kind(value) in ("integer", "floating"):
        return True, float(value)  # type: ignore[arg-type]
    return False, value


def _bool_test(value: object, name: str) -> tuple[bool, object]:
    if isinstance(value, bool):
        return True, value
    if _numpy_kind(value) == "bool":
        return True, bool(value)
    return False, value


def _bytes_test(value: object, name: str) -> tuple[bool, object]:
    if isinstance(value, bytes):
        return True, value
    if isinstance(value, bytearray | memoryview):
        return True, bytes(value)
    return False, value


def _is_test(kind: type) -> _Test:
    return lambda v, _: (isinstance(v, kind), v)


_SCALARS: Final[dict[object, tuple[str, _Test]]] = {
    str: ("text", _is_test(str)),
    bool: ("True or False", _bool_test),
    int: ("a whole number", _whole_test),
    float: ("a number", _number_test),
    Decimal: ("a decimal number", _is_test(Decimal)),
    bytes: ("bytes", _bytes_test),
    type(None): ("None", lambda v, _: (v is None, v)),
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
_PAIR_OF_DAYS: Final = "a (start, end) pair of dates"


def _choices(hint: object) -> list[str] | None:
    """What a message lists for *hint*: its choices one by one for a ``Literal``, an enum, a
    ``None`` or a union of these (flattened), else one description; None: not checked."""
    origin = typing.get_origin(hint)
    if hint is typing.Any or hint is object:
        return None
    if origin is Literal:
        return [repr(choice) for choice in typing.get_args(hint)]
    if hint is bool:
        return ["True", "False"]
    if isinstance(hint, type) and issubclass(hint, Enum) and len(hint):
        return [repr(member.value) for member in hint]
    if origin in (Union, types.UnionType):
        parts: list[str] = []
        for arg in typing.get_args(hint):
            each = _choices(arg)
            if each is None:
                return None
            parts.extend(part for part in each if part not in parts)
        return parts
    if origin is typing.Annotated:
        return _choices(typing.get_args(hint)[0])
    described = _describe_one(hint)
    return None if described is None else [described]


def _describe(hint: object) -> str | None:
    """How a message says what *hint* asks for: ``'a', 'b' or 'c'`` (None: not checked)."""
    parts = _choices(hint)
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def _describe_one(hint: object) -> str | None:
    """How a message says what one annotation (no union, no choices) asks for."""
    origin = typing.get_origin(hint)
    if hint is date:
        return _DAY_FORMS
    if hint in _SCALARS:
        return _SCALARS[hint][0]
    if origin is tuple:
        return _PAIR_OF_DAYS if _is_pair_of_days(hint) else "a sequence"
    if origin in _CONTAINERS:
        return _CONTAINERS[origin]
    if hint in _CONTAINERS:
        return _CONTAINERS[hint]
    if origin is abc.Callable or hint is abc.Callable:
        return "callable"
    if origin is type or hint is type:
        return "a class"
    cls = origin if isinstance(origin, type) else hint
    if isinstance(cls, type) and not _is_protocol(cls) and cls is not object:
        if issubclass(cls, os.PathLike):
            return "a path"
        if cls is datetime:
            return "a datetime"
        if cls is Enum:
            return "a member of an enum"
        return f"a {cls.__name__}"
    return None


def _is_protocol(hint: type) -> bool:
    return bool(getattr(hint, "_is_protocol", False))


def _is_pair_of_days(hint: object) -> bool:
    items = typing.get_args(hint)
    return len(items) == 2 and all(item is date for item in items)


def _test_for(hint: object) -> _Test | None:
    """A test ``(value, name) -> (ok, value to pass on)`` for *hint* (None: not checked)."""
    if hint is typing.Any or hint is object:
        return None
    origin = typing.get_origin(hint)
    if hint is date:
        return _day_test
    if hint in _SCALARS:
        return _SCALARS[hint][1]
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
        return _pair_of_days_test if _is_pair_of_days(hint) else _sequence_test(True)
    container = (_CONTAINERS.get(origin) and origin) or (_CONTAINERS.get(hint) and hint)
    if container in (abc.Mapping, dict):
        return lambda v, _: (isinstance(v, abc.Mapping) or _mapping_like(v), v)
    if container:
        # any iterable will do (a numpy array or a pandas Series is no abc.Sequence), but a
        # str where a collection of something else is asked for is a mistake
        items = typing.get_args(hint)
        words = not items or items[0] in (str, object) or typing.get_origin(items[0]) is not None
        return _sequence_test(words)
    if origin is abc.Callable or hint is abc.Callable:
        return lambda v, _: (callable(v), v)
    if origin is type or hint is type:
        bound = typing.get_args(hint)
        base = bound[0] if bound and isinstance(bound[0], type) else object
        if base is typing.Any:  # a class to Python 3.11
            base = object
        return lambda v, _: (isinstance(v, type) and issubclass(v, base), v)
    if isinstance(hint, type) and issubclass(hint, Enum) and len(hint):
        values = {member.value for member in hint}
        enum = hint
        return lambda v, _: (isinstance(v, enum) or (isinstance(v, str) and v in values), v)
    cls = origin if isinstance(origin, type) else hint
    if isinstance(cls, type) and not _is_protocol(cls) and cls is not object:
        return _is_test(cls)
    return None


def _sequence_test(words: bool) -> _Test:
    def test(value: object, name: str) -> tuple[bool, object]:
        if not isinstance(value, abc.Iterable):
            return False, value
        return words or not isinstance(value, str | bytes), value

    return test


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
    if type(value) is date:
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


def _pair_of_days_test(value: object, name: str) -> tuple[bool, object]:
    """A ``tuple[date, date]``: any sequence of two dates but text, its dates converted."""
    if not isinstance(value, abc.Sequence) or isinstance(value, str | bytes) or len(value) != 2:
        return False, value
    converted = []
    for item in value:
        ok, as_day = _day_test(item, name)
        if not ok:
            return False, value
        converted.append(as_day)
    return True, tuple(converted)
