"""JSON and JSON Lines: one record per object, one object per line."""

from __future__ import annotations

import gc
import json
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Final, Generic, Literal, TypeVar

import attrs
from attrs import frozen

from veteran_services._checks import checked, is_whole
from veteran_services.errors import InvalidInputError, RecordError
from veteran_services.io._atomic import atomic_file
from veteran_services.io._converter import converter_for
from veteran_services.io._fast import available as fast_available
from veteran_services.io._fast import fast_decoder, line_encoder
from veteran_services.io._kinds import check_record_class, kind_of
from veteran_services.io._migrations import SCHEMA_VERSION, check_schema_version, steps_for
from veteran_services.io._problems import (
    Place,
    describe,
    file_problem,
    leaves,
    place_of,
    problem,
)
from veteran_services.io._results import plain
from veteran_services.io._sniff import not_text_hint

__all__ = [
    "MAX_LINE_BYTES",
    "ReadResult",
    "RecordStream",
    "Structurer",
    "UnknownKeysWarning",
    "check_fast",
    "decode_json",
    "decode_line",
    "dumps",
    "fast_encoder",
    "from_dict",
    "gc_paused",
    "json_lines",
    "loads",
    "raw_lines",
    "read_jsonl",
    "structured_lines",
    "to_dict",
    "unencodable",
    "warn_set_aside",
    "write_jsonl",
    "write_lines",
    "write_records",
]

_T = TypeVar("_T")

#: How a reader deals with bad records: stop with every problem, or keep the good ones.
Errors = Literal["raise", "collect"]


class UnknownKeysWarning(UserWarning):
    """Reading in tolerant mode (``strict=False``) set unknown keys aside.

    Issued by the readers that return records only (:func:`from_dict`, :func:`loads`,
    :func:`~veteran_services.io.read_caseload`, :func:`~veteran_services.io.read_csv`); a
    :class:`RecordStream` lists them in :attr:`RecordStream.set_aside` instead.
    """


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


class _DuplicateKeyError(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                msg = f"the key {describe(key)} appears twice in one object"
                raise _DuplicateKeyError(msg)
            seen.add(key)
    return data


# One decoder, built once: ``json.loads`` with keyword arguments builds a new one every call.
# A key given twice is refused (the standard library would keep the last one silently).
_DECODER = json.JSONDecoder(parse_constant=_reject_constant, object_pairs_hook=_unique_keys)


@checked
def decode_json(text: str) -> tuple[Any, str | None]:
    """Decode JSON text strictly (no NaN or Infinity): ``(value, None)`` or ``(None, why)``."""
    try:
        return _DECODER.decode(text), None
    except json.JSONDecodeError as error:
        reason = error.msg[:1].lower() + error.msg[1:]
        return None, f"invalid JSON: {reason} (column {error.colno})"
    except RecursionError:
        return None, "invalid JSON: nested too deeply"
    except _DuplicateKeyError as error:
        return None, f"invalid JSON: {error}"
    except ValueError as error:
        reason = str(error)
        if "digits" in reason:
            reason = "a number has too many digits"
        return None, f"invalid JSON: {reason}"


class Structurer(Generic[_T]):
    """Turns one decoded record into an instance of *cls*, collecting what went wrong.

    Applies the schema migrations from *schema_version* first. In tolerant mode, a record
    whose only problems are unknown keys is structured again with those keys set aside. With
    *fast* and msgspec installed, :func:`structured_lines` decodes raw lines with msgspec
    first and comes here only for a line msgspec does not take.
    """

    def __init__(
        self, cls: type[_T], *, strict: bool, schema_version: int, fast: bool = False
    ) -> None:
        self.cls = cls
        self.strict = strict
        self._hook = converter_for(strict=True).get_structure_hook(cls)
        self._tolerant = None if strict else converter_for(strict=False).get_structure_hook(cls)
        self._steps = steps_for(kind_of(cls), schema_version)
        #: The msgspec decoder of raw lines (the ``fast`` extra), or None. It only accepts:
        #: a line it does not take is read by this structurer, which reports every problem.
        #: Records needing a migration are always read here (migrations work on dicts).
        self.fast = None if (not fast or self._steps) else fast_decoder(cls)

    def __call__(
        self, data: Any, prefix: str, problems: list[str], set_aside: list[str]
    ) -> _T | None:
        """The record, or None after appending its problems (each line starts *prefix*)."""
        try:
            for step in self._steps:
                data = step(data)
            record: _T = self._hook(data, self.cls)
        except Exception as error:  # every failure is reported, none escapes
            found = list(leaves(error, cls=self.cls))
        else:
            return record
        place = place_of(prefix)
        if self._tolerant is None:
            problems.extend(problem(place, leaf) for leaf in found)
            return None
        unknown = [leaf for leaf in found if leaf.unknown]
        set_aside.extend(
            place.problem(
                "unknown key set aside", text=f"{leaf.path}: unknown key set aside", path=leaf.path
            )
            for leaf in unknown
        )
        others = [problem(place, leaf) for leaf in found if not leaf.unknown]
        if others:
            problems.extend(others)
            return None
        try:
            record = self._tolerant(data, self.cls)
        except Exception as error:
            problems.extend(problem(place, leaf) for leaf in leaves(error))
            return None
        return record


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many (acyclic) records.

    With a whole file's objects alive, collections triggered by allocation dominate the
    reading time (docs/architecture.md, performance notes); records hold no cycles, so
    nothing is lost by waiting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def warn_set_aside(set_aside: list[str], source: str) -> None:
    """Issue one :class:`UnknownKeysWarning` summarising *set_aside* (nothing if empty)."""
    if not set_aside:
        return
    shown = "\n".join(set_aside[:20])
    more = f"\n... and {len(set_aside) - 20} more" if len(set_aside) > 20 else ""
    count = len(set_aside)
    message = f"{count} unknown key{'s' if count != 1 else ''} set aside in {source}:\n"
    warnings.warn(message + shown + more, UnknownKeysWarning, stacklevel=3)


# --- single objects ----------------------------------------------------------------------


@checked
def to_dict(record: Any, *, include_personal: bool = False) -> Any:
    """*record* as plain JSON data: dicts, lists, strings, numbers, booleans and None.

    Takes records of the model, the library's results (a
    :class:`~veteran_services.scoring.QualityScore` with its components, a
    :class:`~veteran_services.metrics.Estimate`, the statistics' results, a
    :class:`~veteran_services.errors.RecordProblem` or :class:`RecordError`), and lists,
    tuples and dicts of them. Dates are ISO strings, decimals exact strings, enums their
    values, floats numbers (``null`` when not a number or infinite); see
    docs/guide/interchange.md, "Results".

    Args:
        record: Any record of the model (or a part of one, such as :class:`Money`), a result,
            or a list or dict of them.
        include_personal: Keep a veteran's :class:`PersonalDetails`; they are left out
            unless asked for.

    Raises:
        InvalidInputError: for a value that has no JSON form (an arbitrary object), naming
            where it is.

    >>> from veteran_services import Money
    >>> to_dict(Money.of("5292.50"))
    {'amount': '5292.50', 'currency': 'CNY'}
    """
    return plain(record, include_personal=include_personal)


@checked
def from_dict(
    cls: type[_T], data: Any, *, strict: bool = True, schema_version: int = SCHEMA_VERSION
) -> _T:
    """A *cls* record from plain JSON data, validated.

    Args:
        cls: The record class (:class:`~veteran_services.model.Placement`, ...).
        data: The record as :func:`to_dict` gives it.
        strict: Refuse unknown keys; when false they are set aside and reported in one
            :class:`UnknownKeysWarning`.
        schema_version: The schema version *data* was written with; older records are
            migrated first.

    Raises:
        RecordError: listing every problem as ``$.json.path: message``.

    >>> from veteran_services import Money
    >>> from_dict(Money, {"amount": "-1"})
    Traceback (most recent call last):
    ...
    veteran_services.errors.RecordError: 1 problem:
    $.amount: 'amount' must not be negative, got -1
    """
    check_record_class(cls)
    version = check_schema_version(schema_version)
    problems: list[str] = []
    set_aside: list[str] = []
    record = Structurer(cls, strict=strict, schema_version=version)(data, "", problems, set_aside)
    warn_set_aside(set_aside, "the record")
    if record is None:
        raise RecordError(problems)
    return record


@checked
def dumps(record: Any, *, include_personal: bool = False, indent: int | None = None) -> str:
    """*record* as JSON text (UTF-8 characters kept as they are).

    >>> from veteran_services import Money
    >>> dumps(Money.of("0.10"))
    '{"amount":"0.10","currency":"CNY"}'
    """
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(
        to_dict(record, include_personal=include_personal),
        ensure_ascii=False,
        allow_nan=False,
        indent=indent,
        separators=separators,
    )


@checked
def loads(
    cls: type[_T], text: str | bytes, *, strict: bool = True, schema_version: int = SCHEMA_VERSION
) -> _T:
    """A *cls* record from JSON text, validated.

    Raises:
        RecordError: when the text is not JSON, or listing every problem of the record.
    """
    check_record_class(cls)
    given: object = text
    if not isinstance(given, str | bytes):
        msg = f"'text' must be str or bytes, got a {type(given).__name__}"
        raise InvalidInputError("text", msg)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise RecordError([f"not valid UTF-8 text (byte {error.start + 1})"]) from None
    data, reason = decode_json(text)
    if reason is not None:
        raise RecordError([reason])
    return from_dict(cls, data, strict=strict, schema_version=schema_version)


# --- JSON Lines ---------------------------------------------------------------------------


@frozen(kw_only=True)
class ReadResult(Generic[_T]):
    """Everything read from a file: the valid records beside the problems.

    Iterating over it (or ``len()``) goes over :attr:`records`.

    Attributes:
        records: Every record that was read and validated, in file order.
        problems: One :class:`~veteran_services.errors.RecordProblem` per problem: its line
            (``placements.jsonl line 17: $.path: message``) with the file, line, path, field,
            message and quoted value as attributes.
        set_aside: One line per unknown key set aside in tolerant mode.
        source: The file read, or ``None``.
        notes: What a person should look at although nothing failed: with
            ``match_titles=True``, one line per job title left without an ISCO-08 code, with
            its count and candidates.
    """

    records: tuple[_T, ...]
    problems: tuple[str, ...] = ()
    set_aside: tuple[str, ...] = ()
    source: str | None = None
    notes: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[_T]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    @property
    def ok(self) -> bool:
        """Whether every record was read."""
        return not self.problems

    def raise_for_problems(self) -> None:
        """Raise :class:`RecordError` listing every problem, if there is any."""
        if self.problems:
            raise RecordError(self.problems, source=self.source)


def _check_errors(errors: object) -> None:
    if errors not in ("raise", "collect"):
        msg = f"'errors' must be 'raise' or 'collect', got {errors!r}"
        raise InvalidInputError("errors", msg)


#: The longest line the JSON Lines readers take by default (a record is a few KB; a longer line
#: is a broken file, and reading it whole would cost that much memory).
MAX_LINE_BYTES: Final = 16 * 2**20


def raw_lines(path: Path, problems: list[str], max_line_bytes: int) -> Iterator[tuple[int, bytes]]:
    """``(line number, raw bytes)`` of every line read whole; a longer one goes to problems."""
    name = path.name
    with path.open("rb") as file:
        workbook = not_text_hint(file.read(4096), name)
        if workbook is not None:
            problems.append(file_problem(name, workbook))
            return
        file.seek(0)
        number = 0
        readline = file.readline
        while True:
            raw = readline(max_line_bytes + 1)
            if not raw:
                break
            number += 1
            if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                    raw = readline(2**20)
                prefix = Place(f"{name} line {number}: ", file=name, line=number)
                problems.append(prefix.problem(f"longer than {max_line_bytes:,} bytes, not read"))
                continue
            yield number, raw


def decode_line(
    name: str, number: int, raw: bytes, problems: list[str]
) -> tuple[Place, Any] | None:
    """``(prefix, decoded value)`` of one line; None for a blank line or after a problem."""
    prefix = Place(f"{name} line {number}: ", file=name, line=number)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(prefix.problem(f"not valid UTF-8 text (byte {error.start + 1})"))
        return None
    text = text.rstrip("\r\n")
    if number == 1 and text.startswith("\ufeff"):
        text = text[1:]
    if not text or text.isspace():
        return None
    data, reason = decode_json(text)
    if reason is not None:
        problems.append(prefix.problem(reason))
        return None
    return prefix, data


def json_lines(
    path: Path, problems: list[str], max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[tuple[str, Any]]:
    """``(prefix, decoded value)`` for every non-blank line; undecodable lines go to problems.

    Memory stays bounded by *max_line_bytes*: a longer line is skipped (read in pieces) and
    reported.
    """
    name = path.name
    for number, raw in raw_lines(path, problems, max_line_bytes):
        decoded = decode_line(name, number, raw, problems)
        if decoded is not None:
            yield decoded


#: After this many lines the fast decoder did not take, and more of them than it took, a
#: file is read by the cattrs path alone (a file of old-style records, say): trying msgspec
#: first would only add its cost to every line.
_GIVE_UP_AFTER: Final = 64


def structured_lines(
    path: Path,
    structure: Structurer[_T],
    problems: list[str],
    set_aside: list[str],
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[_T | None]:
    """The record of every non-blank JSON line of *path*, or None for one that failed.

    Lines that are not JSON are problems and yield nothing (as :func:`json_lines`). With a
    fast decoder (:attr:`Structurer.fast`), each line is decoded by msgspec first; a line it
    does not take is read again by *structure*, which reports its problems: the records and
    the problems are the same either way, only the time differs.
    """
    name = path.name
    fast = structure.fast
    taken = missed = 0
    for number, raw in raw_lines(path, problems, max_line_bytes):
        if fast is not None:
            try:
                record: _T = fast(raw)
            except Exception:  # read below by the cattrs path, which reports the problems
                missed += 1
                if missed > _GIVE_UP_AFTER and missed > taken:
                    fast = None
            else:
                taken += 1
                yield record
                continue
        decoded = decode_line(name, number, raw, problems)
        if decoded is not None:
            yield structure(decoded[1], decoded[0], problems, set_aside)


@checked
def check_fast(fast: object) -> bool:
    """*fast* as given to a reader (None: use msgspec when installed), or InvalidInputError."""
    if fast is None:
        return fast_available()
    if fast is not True and fast is not False:
        msg = f"'fast' must be True, False or None, got {fast!r}"
        raise InvalidInputError("fast", msg)
    if fast and not fast_available():
        msg = (
            "'fast' is True but msgspec is not installed: install the extra "
            "(pip install 'veteran-services[fast]'), or pass fast=None to use it when present"
        )
        raise InvalidInputError("fast", msg)
    return fast


class RecordStream(Iterator[_T]):
    """The records of one JSON Lines file, read one at a time (see :func:`read_jsonl`).

    Iterate over it for the valid records; :attr:`problems` and :attr:`set_aside` fill up as
    the file is read. With ``errors="raise"`` the iteration ends by raising
    :class:`RecordError` listing every problem of the file (after yielding every good record
    before it); with ``errors="collect"`` it ends normally. :meth:`collect` reads the rest of
    the file into a :class:`ReadResult`.

    Attributes:
        path: The file.
        problems: One line per problem found so far.
        set_aside: One line per unknown key set aside so far (tolerant mode only).
    """

    def __init__(
        self,
        path: str | Path,
        cls: type[_T],
        *,
        errors: Errors = "raise",
        strict: bool = True,
        schema_version: int = SCHEMA_VERSION,
        max_line_bytes: int = MAX_LINE_BYTES,
        fast: bool | None = None,
    ) -> None:
        check_record_class(cls)
        _check_errors(errors)
        use_fast = check_fast(fast)
        if not is_whole(max_line_bytes) or max_line_bytes < 1:
            msg = f"'max_line_bytes' must be a whole number above 0, got {max_line_bytes!r}"
            raise InvalidInputError("max_line_bytes", msg)
        self.max_line_bytes = max_line_bytes
        version = check_schema_version(schema_version)
        self.path = Path(path)
        if not self.path.is_file():
            msg = f"no such file: {str(self.path)!r}"
            raise FileNotFoundError(msg)
        self.errors = errors
        self.problems: list[str] = []
        self.set_aside: list[str] = []
        self._structure = Structurer(cls, strict=strict, schema_version=version, fast=use_fast)
        self._records = self._generate()

    def _generate(self) -> Iterator[_T]:
        structure = self._structure
        problems = self.problems
        set_aside = self.set_aside
        for record in structured_lines(
            self.path, structure, problems, set_aside, self.max_line_bytes
        ):
            if record is not None:
                yield record
        if problems and self.errors == "raise":
            raise RecordError(problems, source=str(self.path))

    def __iter__(self) -> RecordStream[_T]:
        return self

    def __next__(self) -> _T:
        return next(self._records)

    def collect(self) -> ReadResult[_T]:
        """Read the rest of the file (with the garbage collector paused).

        Raises:
            RecordError: with ``errors="raise"``, if any line had a problem.
        """
        with gc_paused():
            records = tuple(self._records)
        return ReadResult(
            records=records,
            problems=tuple(self.problems),
            set_aside=tuple(self.set_aside),
            source=str(self.path),
        )

    def close(self) -> None:
        """Stop reading and close the file."""
        self._records.close()  # type: ignore[attr-defined]

    def __enter__(self) -> RecordStream[_T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


@checked
def read_jsonl(
    path: str | Path,
    cls: type[_T],
    *,
    errors: Errors = "raise",
    strict: bool = True,
    schema_version: int = SCHEMA_VERSION,
    max_line_bytes: int = MAX_LINE_BYTES,
    fast: bool | None = None,
) -> RecordStream[_T]:
    """Stream the *cls* records of a JSON Lines file, one validated record at a time.

    Every line is read even after a bad one, and every problem is named by line, JSON path
    and value: ``placements.jsonl line 17: $.monthly_wage.amount: must be a decimal number
    (got 'abc')``. Blank lines are skipped.

    Args:
        path: The file (UTF-8, one JSON object per line).
        cls: The record class of every line.
        errors: ``"raise"``: iteration ends with a :class:`RecordError` listing every
            problem of the file. ``"collect"``: iteration yields every valid record and
            ends normally; the problems are in :attr:`RecordStream.problems` (or use
            ``.collect()`` for a :class:`ReadResult` of records beside problems).
        strict: Refuse unknown keys; when false they are set aside and listed in
            :attr:`RecordStream.set_aside`.
        schema_version: The schema version the file was written with (older records are
            migrated as they are read).
        max_line_bytes: A longer line is a problem and is not read (16 MiB by default), so
            that a broken file cannot take unbounded memory.
        fast: Decode lines with msgspec first (the ``fast`` extra): ``None`` (the default)
            when it is installed, ``True`` always (an error without it), ``False`` never.
            The records and the problems are the same either way; a line msgspec does not
            take is read again by the cattrs path, which reports its problems.

    Returns:
        A :class:`RecordStream`: an iterator of records, usable as a context manager.

    Raises:
        FileNotFoundError: if there is no such file.
        RecordError: at the end of the iteration, with ``errors="raise"``.

    Example::

        result = read_jsonl("placements.jsonl", Placement, errors="collect").collect()
        placements, problems = result.records, result.problems
    """
    return RecordStream(
        path,
        cls,
        errors=errors,
        strict=strict,
        schema_version=schema_version,
        max_line_bytes=max_line_bytes,
        fast=fast,
    )


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _bad_text(data: Any, encoding: str, path: str = "$") -> tuple[str, str] | None:
    """The JSON path and the first character of *data* that *encoding* cannot write."""
    if isinstance(data, str):
        try:
            data.encode(encoding)
        except UnicodeEncodeError as error:
            return path, data[error.start]
        return None
    if isinstance(data, dict):
        for key, value in data.items():
            found = _bad_text(key, encoding, path) or _bad_text(value, encoding, f"{path}.{key}")
            if found:
                return found
    if isinstance(data, list):
        for index, value in enumerate(data):
            found = _bad_text(value, encoding, f"{path}[{index}]")
            if found:
                return found
    return None


def unencodable(where: str, data: Any, encoding: str) -> InvalidInputError:
    """The error for a record holding text that *encoding* cannot write (a lone surrogate)."""
    found = _bad_text(data, encoding)
    path, character = found if found else ("$", "")
    personal = path.startswith("$.personal")
    shown = "" if personal or not character else f" (U+{ord(character):04X})"
    msg = (
        f"{where}: {path}: has a character that {encoding} cannot write{shown}; nothing was "
        "written (a lone surrogate such as '\\ud800' is not text: mend the record)"
    )
    return InvalidInputError("records", msg)


#: Lines gathered before one write.
_LINES_PER_WRITE: Final = 1024


def write_records(
    file: BinaryIO,
    records: Iterable[Any],
    unstructure: Callable[[Any], Any],
    name: str,
    encoder: Callable[[type[Any]], Any] | None = None,
) -> int:
    """Write one compact JSON object per record to a binary file; the number written.

    Every line is encoded before it is written, so a record that cannot be written as UTF-8
    fails with a message naming the file, the record and the field. With *encoder* (the
    ``fast`` extra: a record class's :func:`~veteran_services.io._fast.line_encoder`), each
    record is encoded by msgspec first, byte for byte as below; a record it does not take is
    written the cattrs way, which reports what is wrong with it.
    """
    count = 0
    write = file.write
    lines: list[bytes] = []
    cls: Any = None
    encode: Any = None
    for record in records:
        if type(record) is not cls:
            cls = type(record)
            if not attrs.has(cls):
                msg = f"'records' must hold model records, got a {cls.__name__}"
                raise InvalidInputError("records", msg)
            encode = None if encoder is None else encoder(cls)
        if encode is not None:
            try:
                lines.append(encode(record))
            except Exception:  # noqa: S110 - written the cattrs way below  # nosec B110
                pass
            else:
                count += 1
                if len(lines) >= _LINES_PER_WRITE:
                    lines.append(b"")
                    write(b"\n".join(lines))
                    lines.clear()
                continue
        data = unstructure(record)
        try:
            line = _compact(data).encode("utf-8")
        except UnicodeEncodeError:
            raise unencodable(f"{name} record {count + 1}", data, "utf-8") from None
        lines.append(line)
        count += 1
    if lines:
        lines.append(b"")
        write(b"\n".join(lines))
    return count


def write_lines(
    path: str | Path,
    records: Iterable[Any],
    unstructure: Callable[[Any], Any],
    encoder: Callable[[type[Any]], Any] | None = None,
    *,
    overwrite: bool = False,
) -> int:
    """Write one compact JSON object per record, atomically; the number written (an
    existing *path* only with *overwrite*)."""
    with atomic_file(path, overwrite=overwrite) as file:
        return write_records(file, records, unstructure, Path(path).name, encoder)


def fast_encoder(fast: bool, include_personal: bool) -> Callable[[type[Any]], Any] | None:
    """The line encoder of each record class for a writer (None: the cattrs path alone)."""
    if not fast:
        return None
    return partial(line_encoder, include_personal=include_personal)


@checked
def write_jsonl(
    path: str | Path,
    records: Iterable[Any],
    *,
    include_personal: bool = False,
    fast: bool | None = None,
    overwrite: bool = False,
) -> int:
    """Write *records* to a JSON Lines file (UTF-8, one compact object per line).

    The file is written atomically: to a temporary file beside it, moved into place only
    when every record is written. An existing file is refused, naming it, before anything is
    written, unless *overwrite* (then it is replaced in one step). A failure half-way (a
    record with text UTF-8 cannot hold, a full disk, a kill) leaves the old file as it was.

    Args:
        path: The file to write (a symbolic link is refused, never written through).
        records: Records of the model (usually all of one kind).
        include_personal: Write veterans' :class:`PersonalDetails`; left out otherwise.
        fast: Encode the records with msgspec (the ``fast`` extra): ``None`` (the default)
            when it is installed, ``True`` to insist, ``False`` for the cattrs path alone.
            The file is the same byte for byte either way.
        overwrite: Replace *path* if it exists (in one step: a reader sees the old file or
            the new one); refused otherwise.

    Returns:
        The number of records written.

    Raises:
        InvalidInputError: for something other than records, a record holding text that
            UTF-8 cannot write (a lone surrogate), a *path* that exists without *overwrite*
            (naming it), or a *path* that is a symbolic link or a folder.
    """
    unstructure = converter_for(include_personal=include_personal).unstructure
    encoder = fast_encoder(check_fast(fast), include_personal)
    return write_lines(path, records, unstructure, encoder, overwrite=overwrite)
