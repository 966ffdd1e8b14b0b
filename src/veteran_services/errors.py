"""The library's exceptions.

Every exception the library raises on purpose derives from :class:`VeteranServicesError`, and
also from the built-in exception a caller would naturally catch (``ValueError`` for bad input,
``LookupError`` for unknown codes and ids), so ``except ValueError`` keeps working.

Messages are lower-case, name the field, quote the bad value and, where it helps, say how to fix
it. They never contain personal details (names, identity numbers, phone numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "InvalidCaseloadError",
    "InvalidInputError",
    "InvalidRecordError",
    "MissingExtraError",
    "RecordError",
    "UnknownCodeError",
    "UnknownRecordError",
    "VeteranServicesError",
]


class VeteranServicesError(Exception):
    """Base class of every error the library raises on purpose.

    Every subclass survives pickling with its attributes, so errors cross process boundaries
    (Dask workers, multiprocessing) intact.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class InvalidRecordError(VeteranServicesError, ValueError):
    """A record broke one of the model's invariants.

    Attributes:
        field: The name of the offending field (``"ended_on"``), or of the record kind when the
            problem spans several fields.

    >>> err = InvalidRecordError("hours", "'hours' must be between 0 and 168, got 200")
    >>> err.field, str(err)
    ('hours', "'hours' must be between 0 and 168, got 200")
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class UnknownCodeError(VeteranServicesError, LookupError):
    """A code (occupation, industry, region, ...) is not in its code list.

    Attributes:
        code: The code that was looked up.
        code_list: The name of the code list (``"ISCO-08"``).
        suggestions: The nearest valid codes, best first (may be empty).
    """

    def __init__(self, code: str, code_list: str, suggestions: Sequence[str] = ()) -> None:
        self.code = code
        self.code_list = code_list
        self.suggestions = tuple(suggestions)
        message = f"{code!r} is not a code of {code_list}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:
        # LookupError (via KeyError-like behaviour) would otherwise repr() the message.
        return str(self.args[0])


class InvalidInputError(VeteranServicesError, ValueError):
    """A numerical routine got input it cannot work with.

    Attributes:
        argument: The name of the offending argument (``"weights"``).

    >>> str(InvalidInputError("weights", "'weights' must not all be zero"))
    "'weights' must not all be zero"
    """

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(message)
        self.argument = argument


class RecordError(VeteranServicesError, ValueError):
    """One or more records could not be read; every problem of the input is listed.

    Attributes:
        problems: One line per problem, each naming the file, line, JSON path or column, the
            message and the bad value: ``placements.jsonl line 17: $.monthly_wage.amount: must
            be a decimal number (got 'abc')``.
    """

    def __init__(self, problems: Sequence[str], *, source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        count = len(self.problems)
        where = f" in {source}" if source else ""
        head = f"{count} problem{'s' if count != 1 else ''}{where}"
        super().__init__(head + ":\n" + "\n".join(self.problems))


class UnknownRecordError(VeteranServicesError, LookupError):
    """No record of that kind has that id.

    Attributes:
        kind: The record kind (``"veterans"``).
        record_id: The id that was looked up.
    """

    def __init__(self, kind: str, record_id: str) -> None:
        self.kind = kind
        self.record_id = record_id
        super().__init__(f"no record in {kind!r} has id {record_id!r}")

    def __str__(self) -> str:
        return str(self.args[0])


class InvalidCaseloadError(VeteranServicesError, ValueError):
    """A caseload failed :meth:`~veteran_services.model.Caseload.validate`; every error is listed.

    Attributes:
        problems: The :class:`~veteran_services.model.Problem` records of severity error.
    """

    def __init__(self, problems: Sequence[object]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"the caseload has {count} error{'s' if count != 1 else ''}"
        super().__init__(head + ":\n" + "\n".join(str(p) for p in self.problems))


class MissingExtraError(VeteranServicesError, ImportError):
    """An optional extra that a function needs is not installed; the message names the extra
    and the command that installs it (``pip install 'veteran-services[excel]'``)."""


def _restore(
    cls: type[VeteranServicesError], args: tuple[Any, ...], state: dict[str, Any]
) -> VeteranServicesError:
    """Unpickle an error without calling its constructor (whose signature varies)."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error
