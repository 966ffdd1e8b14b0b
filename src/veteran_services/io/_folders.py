"""Caseload folders with the place of every record: the file and line each one was read from,
so that a problem found among the records (:meth:`Caseload.check`, ``scoring.check_market``)
is reported like a reading problem, with its file, line and field."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from attrs import field, frozen

from veteran_services._checks import checked
from veteran_services.io._caseload import _read_manifest, read_caseload
from veteran_services.model import RECORD_KINDS, Caseload, Problem, ProblemCode

__all__ = [
    "CaseloadFolder",
    "FolderLines",
    "LocatedProblem",
    "folder_files",
    "read_caseload_folder",
]

#: The problems whose later records are the problem: the first occurrence is fine.
_REPEATS: Final = frozenset({ProblemCode.DUPLICATE_ID, ProblemCode.DUPLICATE_EARNINGS})


@frozen(kw_only=True)
class LocatedProblem:
    """A problem of a folder's records with where it is: the file, the lines and the field.

    Its text is one line, like a reading problem's, followed by the problem's severity, code,
    kind and record::

        placements.jsonl line 4: $.employer_id: 'employer_id' refers to a missing employer
        'E9' (error dangling-reference, placements 'P1')

    Attributes:
        problem: The problem as its checker reported it.
        file: The file of the record kind, as the manifest names it.
        lines: The lines (1 is the first) of the records concerned, in order; for a repeated
            id or earnings cell only the repeats (the first occurrence is fine). Empty when
            the record cannot be placed; the text then names the record.
        field: The field the problem is about (:attr:`Problem.field`: ``"employer_id"``), or
            ``""`` for the record as a whole.
    """

    problem: Problem
    file: str
    lines: tuple[int, ...]
    field: str

    @property
    def line(self) -> int | None:
        """The first of :attr:`lines`, or ``None``."""
        return self.lines[0] if self.lines else None

    @property
    def path(self) -> str:
        """The JSON path of the field in the record (``"$.employer_id"``, or ``"$"``)."""
        return f"$.{self.field}" if self.field else "$"

    @property
    def message(self) -> str:
        """The problem's message."""
        return self.problem.message

    def __str__(self) -> str:
        problem = self.problem
        where = (
            f"line {', '.join(map(str, self.lines))}"
            if self.lines
            else f"record {problem.record_id!r}"
        )
        return (
            f"{self.file} {where}: {self.path}: {problem.message} "
            f"({problem.severity} {problem.code}, {problem.kind} {problem.record_id!r})"
        )


def _key(kind: str, record: Any) -> str:
    """A record's key as :class:`Problem` names it (``record_id``)."""
    if kind == "earnings":
        return f"{record.veteran_id}/{record.employer_id}/{record.quarter}"
    return str(record.id)


def _record_lines(file: Path) -> list[int]:
    """The numbers of the lines holding a record: every line that is not blank, read as the
    caseload reader reads it (bytes split at line feeds, a byte-order mark on the first)."""
    numbers = []
    with file.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            text = raw.decode("utf-8").rstrip("\r\n")
            if number == 1:
                text = text.removeprefix("\ufeff")
            if text and not text.isspace():
                numbers.append(number)
    return numbers


@frozen(kw_only=True)
class FolderLines:
    """Where the records of a caseload folder are, from their keys in the order of their files:
    what :meth:`CaseloadFolder.locate` uses, for readers that keep no records
    (:func:`veteran_services.columnar.read_folder` keeps the keys in its tables' columns).

    Attributes:
        path: The folder.
        files: Record kind → the name of its file in the folder (from the manifest).
        keys: Record kind → the keys of its records, in file order: what
            :attr:`Problem.record_id` holds (the id, or ``"VETERAN/EMPLOYER/QUARTER"`` for
            earnings); called once per kind, when a problem of that kind is placed.
    """

    path: Path
    files: Mapping[str, str]
    keys: Callable[[str], Sequence[str]]
    _lines: dict[str, dict[str, tuple[int, ...]]] = field(
        factory=dict, init=False, repr=False, eq=False
    )

    def record_lines(self, kind: str) -> Mapping[str, tuple[int, ...]]:
        """Record key → the lines of the records with that key in the file of *kind*.

        Empty when the file is missing or no longer holds one record per line that is not
        blank (it changed since it was read).
        """
        found = self._lines.get(kind)
        if found is None:
            keys = self.keys(kind)
            file = self.path / self.files[kind]
            numbers = _record_lines(file) if file.is_file() else []
            groups: dict[str, list[int]] = {}
            if len(numbers) == len(keys):
                for key, number in zip(keys, numbers, strict=True):
                    groups.setdefault(key, []).append(number)
            found = {key: tuple(lines) for key, lines in groups.items()}
            self._lines[kind] = found
        return found

    def locate(self, problems: Iterable[Problem]) -> tuple[LocatedProblem, ...]:
        """Each problem of the folder's records with its file, lines and field, in the order
        given."""
        located = []
        for problem in problems:
            lines = self.record_lines(problem.kind).get(problem.record_id, ())
            if problem.code in _REPEATS:
                lines = lines[1:]
            located.append(
                LocatedProblem(
                    problem=problem,
                    file=self.files[problem.kind],
                    lines=lines,
                    field=problem.field or "",
                )
            )
        return tuple(located)


@checked
def folder_files(path: str | Path) -> dict[str, str]:
    """Record kind → the name of its file in a caseload folder, as its manifest lists them
    (``<kind>.jsonl`` for a kind it does not list).

    Raises:
        RecordError: the manifest cannot be read (as :func:`read_caseload` says it).
    """
    manifest, _ = _read_manifest(Path(path))
    listed = manifest.get("files", {})
    return {kind: str(listed.get(kind, f"{kind}.jsonl")) for kind in RECORD_KINDS}


@frozen(kw_only=True)
class CaseloadFolder:
    """A caseload folder as read by :func:`read_caseload_folder`.

    Attributes:
        path: The folder.
        caseload: Its records.
        files: Record kind → the name of its file in the folder (from the manifest).
    """

    path: Path
    caseload: Caseload
    files: Mapping[str, str]
    _where: FolderLines = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        records = self.caseload.records

        def keys(kind: str) -> list[str]:
            return [_key(kind, record) for record in records(kind)]

        where = FolderLines(path=self.path, files=self.files, keys=keys)
        object.__setattr__(self, "_where", where)

    def record_lines(self, kind: str) -> Mapping[str, tuple[int, ...]]:
        """Record key → the lines of the records with that key in the file of *kind*.

        The key is what :attr:`Problem.record_id` holds: the id, or
        ``"VETERAN/EMPLOYER/QUARTER"`` for earnings. Empty when the file is missing or no
        longer holds one record per line that is not blank (it changed since it was read).
        """
        return self._where.record_lines(kind)

    def locate(self, problems: Iterable[Problem]) -> tuple[LocatedProblem, ...]:
        """Each problem of the folder's records (from :meth:`Caseload.check` or another
        checker) with its file, lines and field, in the order given."""
        return self._where.locate(problems)


@checked
def read_caseload_folder(path: str | Path, *, strict: bool = True) -> CaseloadFolder:
    """Read a caseload folder (as :func:`read_caseload` does) and keep where its records are.

    The problems of reading are raised as by :func:`read_caseload`; the problems found among
    the records afterwards are placed by :meth:`CaseloadFolder.locate`:

    >>> import tempfile
    >>> from veteran_services import io
    >>> from veteran_services.synthetic import generate
    >>> city = generate(veterans=20, seed=1)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = read_caseload_folder(io.write_caseload(city, tmp + "/caseload"))
    >>> folder.files["placements"], len(folder.caseload.placements) == len(city.placements)
    ('placements.jsonl', True)

    Args:
        path: The folder.
        strict: Refuse unknown keys (see :func:`read_caseload`).

    Raises:
        RecordError: listing every problem of the folder (see :func:`read_caseload`).
        FileNotFoundError: if the folder does not exist.
    """
    folder = Path(path)
    caseload = read_caseload(folder, strict=strict)
    files = folder_files(folder)  # read_caseload found no problem in its manifest
    return CaseloadFolder(path=folder, caseload=caseload, files=files)
