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
    "RecordProblem",
    "UnknownCodeError",
    "UnknownKeyError",
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


class UnknownKeyError(InvalidInputError, KeyError):
    """An argument that names no entry of a result: a table looked up by a group it has no row
    for (a district's name instead of its code, say). A :class:`KeyError` too, for code that
    catches one.

    >>> str(UnknownKeyError("group", "'group' must be a code of the table's rows, got 'x'"))
    "'group' must be a code of the table's rows, got 'x'"
    """

    def __str__(self) -> str:
        # KeyError would otherwise repr() the message.
        return str(self.args[0])


_PROBLEM_ATTRIBUTES = ("file", "line", "row", "column", "path", "field", "message", "value")


class RecordProblem(str):
    """One problem of the records read: its line of text, with where it is and what it is.

    A record problem *is* its line of text (a :class:`str` subclass), so printing it, comparing
    it with a string or searching in it works as for a plain line; the attributes give the
    same facts without parsing the text. Two problems with the same text are equal whatever
    their attributes. Immutable and picklable.

    Attributes:
        file: The file name (``"placements.jsonl"``; ``"ledger.xlsx sheet 'jobs'"`` for a
            sheet of a workbook), or ``None`` (a single record, a frame).
        line: The physical line of a JSON Lines or CSV file (1 is the first), or ``None``.
        row: The row of a CSV file or a sheet as the text counts it (the header is row 1),
            the row of an Arrow or Parquet table counted from 1 (its first row is row 1), or
            the label of a frame's row, or ``None``.
        column: The column as it is headed in a CSV file or a sheet (``"月工资"``), or
            ``None``.
        path: The JSON path of the value in the record (``"$.monthly_wage.amount"``), or
            ``None`` when the problem is about a whole line or file.
        field: The model field the problem is about (the last attribute on :attr:`path`,
            ``"amount"``; for a CSV column the field it fills; for an unknown key the key),
            or ``None``.
        message: What is wrong, without the place and without the quoted value
            (``"must be a decimal number"``).
        value: A short quotation of the bad value (``"'abc'"``, cut to 60 characters), or
            ``None`` when there is none to quote or the value is personal (a veteran's
            personal details are never quoted; the text then says ``value not shown``).

    >>> problem = RecordProblem(
    ...     "placements.jsonl line 17: $.monthly_wage.amount: must be a decimal number "
    ...     "(got 'abc')", file="placements.jsonl", line=17, path="$.monthly_wage.amount",
    ...     field="amount", message="must be a decimal number", value="'abc'")
    >>> problem.line, problem.field, problem.value
    (17, 'amount', "'abc'")
    >>> "decimal" in problem and problem.startswith("placements.jsonl line 17")
    True
    """

    file: str | None
    line: int | None
    row: int | str | None
    column: str | None
    path: str | None
    field: str | None
    message: str
    value: str | None

    def __new__(
        cls,
        text: str,
        *,
        file: str | None = None,
        line: int | None = None,
        row: int | str | None = None,
        column: str | None = None,
        path: str | None = None,
        field: str | None = None,
        message: str | None = None,
        value: str | None = None,
    ) -> RecordProblem:
        """A problem whose text is *text*; *message* defaults to the text."""
        self = super().__new__(cls, text)
        state = self.__dict__
        state["file"] = file
        state["line"] = line
        state["row"] = row
        state["column"] = column
        state["path"] = path
        state["field"] = field
        state["message"] = str(text) if message is None else message
        state["value"] = value
        return self

    @classmethod
    def of(cls, problem: str) -> RecordProblem:
        """*problem* as a record problem: itself if it is one, else a problem with that text
        as its message and no place."""
        return problem if isinstance(problem, RecordProblem) else cls(problem)

    def __setattr__(self, name: str, value: object) -> None:
        msg = f"a RecordProblem is immutable; cannot set {name!r}"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> None:
        msg = f"a RecordProblem is immutable; cannot delete {name!r}"
        raise AttributeError(msg)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore_problem, (str(self), dict(self.__dict__)))

    def __copy__(self) -> RecordProblem:
        return self

    def __deepcopy__(self, memo: object) -> RecordProblem:
        return self

    def to_dict(self) -> dict[str, Any]:
        """The problem as plain JSON data: ``text`` (the line) and every attribute.

        >>> RecordProblem("$.amount: is required but missing", path="$.amount",
        ...               field="amount", message="is required but missing").to_dict()
        ... # doctest: +NORMALIZE_WHITESPACE
        {'text': '$.amount: is required but missing', 'file': None, 'line': None, 'row': None,
         'column': None, 'path': '$.amount', 'field': 'amount',
         'message': 'is required but missing', 'value': None}
        """
        data: dict[str, Any] = {"text": str(self)}
        data.update((name, self.__dict__[name]) for name in _PROBLEM_ATTRIBUTES)
        return data


def _restore_problem(text: str, state: dict[str, Any]) -> RecordProblem:
    return RecordProblem(text, **state)


class RecordError(VeteranServicesError, ValueError):
    """One or more records could not be read; every problem of the input is listed.

    Attributes:
        problems: One :class:`RecordProblem` per problem: a line of text naming the file,
            line, JSON path or column, the message and the bad value
            (``placements.jsonl line 17: $.monthly_wage.amount: must be a decimal number
            (got 'abc')``), with the same facts as attributes (``file``, ``line``, ``row``,
            ``column``, ``path``, ``field``, ``message``, ``value``). Plain strings given
            to the constructor become problems with that text as their message.
        source: The file or folder read, or ``None``.
    """

    def __init__(self, problems: Sequence[str], *, source: str | None = None) -> None:
        self.problems: tuple[RecordProblem, ...] = tuple(RecordProblem.of(p) for p in problems)
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
