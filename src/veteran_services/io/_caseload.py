"""Caseload folders: one JSON Lines file per record kind and a ``manifest.json``."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from veteran_services._checks import checked, is_whole
from veteran_services._version import __version__
from veteran_services.errors import InvalidInputError, RecordError
from veteran_services.io._atomic import atomic_folder
from veteran_services.io._converter import converter_for
from veteran_services.io._json import (
    MAX_LINE_BYTES,
    Structurer,
    check_fast,
    decode_json,
    decode_line,
    fast_encoder,
    gc_paused,
    raw_lines,
    structured_lines,
    warn_set_aside,
    write_records,
)
from veteran_services.io._kinds import KIND_CLASSES
from veteran_services.io._migrations import SCHEMA_VERSION
from veteran_services.io._problems import describe, file_problem
from veteran_services.model import RECORD_KINDS, Caseload

__all__ = [
    "BLANK",
    "MANIFEST",
    "MANIFEST_FORMAT",
    "LineReader",
    "count_problem",
    "kind_file",
    "open_caseload",
    "personal_problem",
    "read_caseload",
    "write_caseload",
]

#: The name of a caseload folder's manifest.
MANIFEST: Final = "manifest.json"
#: The ``format`` value that marks a caseload folder's manifest.
MANIFEST_FORMAT: Final = "veteran-services caseload"


#: The names a caseload folder holds; an existing folder holding anything else is not replaced.
_OWN_NAMES: Final = frozenset({MANIFEST, *(f"{kind}.jsonl" for kind in RECORD_KINDS)})


@checked
def write_caseload(
    caseload: Caseload,
    path: str | Path,
    *,
    include_personal: bool = False,
    created_at: datetime | None = None,
    fast: bool | None = None,
) -> Path:
    """Write *caseload* to a folder: ``veterans.jsonl``, ..., ``responses.jsonl``, manifest.

    One JSON Lines file per record kind (named after
    :data:`~veteran_services.model.RECORD_KINDS`, empty files included) and a
    ``manifest.json`` with the schema version, the library version, the creation time and
    the number of records of each kind.

    The folder is written atomically: into a new temporary folder beside *path*, swapped in
    for the old folder only when every file is complete (one atomic exchange on Linux), and
    the old folder removed after. Until then the old folder is intact; a failure at any point
    (a record holding text UTF-8 cannot write, a full disk, a kill) leaves it as it was, and a
    reader never sees half-old, half-new files. A killed write leaves a
    ``.NAME.writing-*`` folder beside *path*, safe to delete.

    Args:
        caseload: The caseload to write.
        path: The folder (created with its parents if needed). An existing folder is
            replaced as a whole, so it may hold only a caseload's files; a symbolic link is
            refused, never written through.
        include_personal: Write veterans' :class:`PersonalDetails`; left out otherwise.
        created_at: The creation time to record (default: now, in UTC).
        fast: Encode the records with msgspec (the ``fast`` extra): ``None`` (the default)
            when it is installed, ``True`` to insist, ``False`` for the cattrs path alone.
            The files are the same byte for byte either way.

    Returns:
        The folder.

    Raises:
        InvalidInputError: for something other than a caseload, a record holding text
            UTF-8 cannot write (nothing is replaced), a *path* that is a symbolic link or a
            file, or an existing folder holding files a caseload folder does not.
    """
    given: object = caseload
    if not isinstance(given, Caseload):
        msg = f"'caseload' must be a Caseload, got a {type(given).__name__}"
        raise InvalidInputError("caseload", msg)
    folder = Path(path)
    unstructure = converter_for(include_personal=include_personal).unstructure
    encoder = fast_encoder(check_fast(fast), include_personal)
    counts = {}
    with atomic_folder(folder, allowed=_OWN_NAMES) as temporary:
        for kind in RECORD_KINDS:
            name = f"{kind}.jsonl"
            with (temporary / name).open("xb") as file:
                records = caseload.records(kind)
                counts[kind] = write_records(file, records, unstructure, name, encoder)
                file.flush()
                os.fsync(file.fileno())
        created = created_at or datetime.now(UTC)
        manifest = {
            "format": MANIFEST_FORMAT,
            "schema_version": SCHEMA_VERSION,
            "library_version": __version__,
            "created_at": created.isoformat(timespec="seconds"),
            "includes_personal": include_personal,
            "counts": counts,
            "files": {kind: f"{kind}.jsonl" for kind in RECORD_KINDS},
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        with (temporary / MANIFEST).open("xb") as file:
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
    return folder


#: The largest manifest read (a real one is under 1 KB).
MAX_MANIFEST_BYTES: Final = 2**20


def _read_manifest(folder: Path) -> tuple[dict[str, Any], list[str]]:
    """The manifest of *folder* (``{}`` if unreadable) and its problems."""
    manifest, lines = _manifest_lines(folder)
    problems: list[str] = []
    for line in lines:
        found = file_problem(MANIFEST, line)
        if found.message.startswith("$"):  # "$.path: message", as written below
            path, _, message = found.message.partition(": ")
            field = path.rpartition(".")[2] if path != "$" else None
            found = file_problem(MANIFEST, line, path=path, field=field, message=message)
        problems.append(found)
    return manifest, problems


def _manifest_lines(folder: Path) -> tuple[dict[str, Any], list[str]]:
    path = folder / MANIFEST
    if path.is_symlink():
        return {}, [f"{MANIFEST}: is a symbolic link, not read (copy the real file in)"]
    if not path.is_file():
        return {}, [
            f"{MANIFEST}: missing; a caseload folder needs one (write it with write_caseload)"
        ]
    with path.open("rb") as file:
        raw = file.read(MAX_MANIFEST_BYTES + 1)
    if len(raw) > MAX_MANIFEST_BYTES:
        return {}, [f"{MANIFEST}: larger than {MAX_MANIFEST_BYTES:,} bytes, not read"]
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # a byte-order mark, as elsewhere
    except UnicodeDecodeError as error:
        return {}, [f"{MANIFEST}: not valid UTF-8 text (byte {error.start + 1})"]
    manifest, reason = decode_json(text)
    if reason is not None:
        return {}, [f"{MANIFEST}: {reason}"]
    if not isinstance(manifest, dict):
        return {}, [f"{MANIFEST}: $: must be an object (got a {_json_type(manifest)})"]
    problems = []
    given = manifest.get("format", _MISSING)
    if given != MANIFEST_FORMAT:
        got = "it is missing" if given is _MISSING else f"got {describe(given)}"
        problems.append(
            f"{MANIFEST}: $.format: must be {MANIFEST_FORMAT!r} ({got}); this is not the "
            "manifest of a caseload folder"
        )
    version = manifest.get("schema_version")
    if not is_whole(version) or version < 0:
        problems.append(
            f"{MANIFEST}: $.schema_version: must be a whole number from 0 to {SCHEMA_VERSION} "
            f"(got {describe(version)})"
        )
    elif version > SCHEMA_VERSION:
        problems.append(
            f"{MANIFEST}: $.schema_version: {describe(version)} is newer than this library "
            f"reads ({SCHEMA_VERSION}); upgrade veteran-services"
        )
    personal = manifest.get("includes_personal", False)
    if not isinstance(personal, bool):
        problems.append(
            f"{MANIFEST}: $.includes_personal: must be true or false (got {describe(personal)})"
        )
    counts = manifest.get("counts", {})
    if not isinstance(counts, dict) or not all(is_whole(n) and n >= 0 for n in counts.values()):
        problems.append(f"{MANIFEST}: $.counts: must map record kinds to whole numbers")
    files = manifest.get("files", {})
    if not isinstance(files, dict) or not all(
        isinstance(name, str)
        and 0 < len(name) <= 200
        and "/" not in name
        and "\\" not in name
        and "\x00" not in name
        and Path(name).name == name
        and not name.startswith(".")
        for name in files.values()
    ):
        problems.append(f"{MANIFEST}: $.files: must map record kinds to file names")
    for key in ("counts", "files"):
        mapping = manifest.get(key)
        if isinstance(mapping, dict):
            problems.extend(
                f"{MANIFEST}: $.{key}: {describe(kind)} is not a record kind (one of "
                f"{', '.join(RECORD_KINDS)})"
                for kind in mapping
                if kind not in RECORD_KINDS
            )
    return manifest, problems


_MISSING: Any = object()


def _json_type(value: object) -> str:
    names = {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


@checked
def read_caseload(path: str | Path, *, strict: bool = True, fast: bool | None = None) -> Caseload:
    """Read a caseload folder written by :func:`write_caseload`.

    Records written with an older schema version (see the manifest) are migrated. Every
    problem of every file is gathered into one :class:`RecordError`; a file whose number of
    records differs from the manifest's count is a problem too (a truncated copy, say).
    Cross-record consistency is not checked here: call :meth:`Caseload.validate`.

    Args:
        path: The folder.
        strict: Refuse unknown keys; when false they are set aside and reported in one
            :class:`~veteran_services.io.UnknownKeysWarning`.
        fast: Decode lines with msgspec first (the ``fast`` extra): ``None`` (the default)
            when it is installed, ``True`` always (an error without it), ``False`` never; the
            caseload and the problems are the same either way.

    Raises:
        RecordError: listing every problem of the folder: a manifest that is not one
            (``format``, ``schema_version``, ``includes_personal``, ``counts`` and ``files``
            are checked; a byte-order mark is allowed), a file name that is not a plain name
            in the folder, a record file that is a symbolic link, veterans with personal
            details in a folder whose manifest says it has none, and every record's problems.
        FileNotFoundError: if the folder does not exist.
    """
    use_fast = check_fast(fast)
    folder, manifest = open_caseload(path)
    problems: list[str] = []
    version: int = manifest["schema_version"]
    counts: dict[str, int] = manifest.get("counts", {})
    set_aside: list[str] = []
    records: dict[str, tuple[Any, ...]] = {}
    with gc_paused():
        for kind in RECORD_KINDS:
            file = kind_file(folder, manifest, kind, problems)
            if file is None:
                records[kind] = ()
                continue
            expected = counts.get(kind)
            structure = Structurer(
                KIND_CLASSES[kind], strict=strict, schema_version=version, fast=use_fast
            )
            before = len(problems)
            found = []
            lines = 0
            try:
                for record in structured_lines(file, structure, problems, set_aside):
                    lines += 1
                    if record is not None:
                        found.append(record)
            except OSError as error:
                problems.append(
                    file_problem(file.name, f"{file.name}: cannot be read ({error.strerror})")
                )
                continue
            if len(problems) == before and expected is not None and lines != expected:
                problems.append(count_problem(file.name, expected, lines))
            records[kind] = tuple(found)
        if not manifest.get("includes_personal", False):
            holding = sum(1 for v in records.get("veterans", ()) if v.personal is not None)
            if holding:
                problems.append(personal_problem(manifest, holding))
        if problems:
            raise RecordError(problems, source=str(folder))
        caseload = Caseload(**records)
    warn_set_aside(set_aside, str(folder))
    return caseload


# --- the pieces of read_caseload, shared with readers that decode most lines another way
# (columnar.read_folder), so that every problem is worded once


@checked
def open_caseload(path: str | Path) -> tuple[Path, dict[str, Any]]:
    """The folder and its manifest, checked as :func:`read_caseload` checks them.

    Raises:
        RecordError: listing the manifest's problems.
        FileNotFoundError: if the folder does not exist.
    """
    folder = Path(path)
    if not folder.is_dir():
        msg = f"no such folder: {str(folder)!r}"
        raise FileNotFoundError(msg)
    manifest, problems = _read_manifest(folder)
    if problems:
        raise RecordError(problems, source=str(folder))
    return folder, manifest


@checked
def kind_file(
    folder: Path, manifest: dict[str, Any], kind: str, problems: list[str]
) -> Path | None:
    """The file of *kind* to read, or None (a symbolic link, a name the file system refuses,
    or a missing file: a problem is appended unless the manifest lists no records)."""
    files: dict[str, str] = manifest.get("files", {})
    file = folder / files.get(kind, f"{kind}.jsonl")
    expected = manifest.get("counts", {}).get(kind)
    try:
        linked = file.is_symlink()
        exists = file.is_file()
    except OSError as error:  # a name the file system refuses, say
        name = file.name[:60]
        problems.append(file_problem(name, f"{name}: cannot be read ({error.strerror})"))
        return None
    if linked:
        problems.append(
            file_problem(file.name, f"{file.name}: is a symbolic link, not read (copy the file in)")
        )
        return None
    if not exists:
        if expected:
            problems.append(
                file_problem(
                    file.name, f"{file.name}: missing; the manifest lists {expected} records"
                )
            )
        return None
    return file


@checked
def count_problem(name: str, expected: int, lines: int) -> str:
    """The problem of a file whose number of records differs from the manifest's count."""
    return file_problem(
        name, f"{name}: the manifest lists {expected} records, the file has {lines}"
    )


@checked
def personal_problem(manifest: dict[str, Any], holding: int) -> str:
    """The problem of *holding* veterans with personal details in a folder whose manifest
    says it has none."""
    name = manifest.get("files", {}).get("veterans", "veterans.jsonl")
    return file_problem(
        name,
        f"{name}: {holding} veteran"
        f"{'s hold' if holding != 1 else ' holds'} personal details, but the "
        "manifest says 'includes_personal': false",
        field="personal",
    )


class LineReader:
    """The object reader of single lines of one record kind's file: each line read exactly as
    :func:`read_caseload` reads it (strict), its problems appended in the same words.

    Args:
        kind: The record kind.
        schema_version: The folder's schema version (older records are migrated).
    """

    def __init__(self, kind: str, schema_version: int) -> None:
        self._structure = Structurer(KIND_CLASSES[kind], strict=True, schema_version=schema_version)

    def __call__(self, name: str, number: int, raw: bytes, problems: list[str]) -> Any:
        """The record of line *number* (1 is the first) of file *name*, None after appending
        its problems, or :data:`BLANK` for a blank line (no record, no problem)."""
        before = len(problems)
        decoded = decode_line(name, number, raw, problems)
        if decoded is None:
            return None if len(problems) > before else BLANK
        return self._structure(decoded[1], decoded[0], problems, [])

    def read_file(self, path: Path, problems: list[str]) -> Iterator[tuple[int, Any]]:
        """``(line number, record or None)`` of every line of *path* that is not blank, as
        :func:`read_caseload` reads the file (a workbook or an overlong line is a problem)."""
        for number, raw in raw_lines(path, problems, MAX_LINE_BYTES):
            record = self(path.name, number, raw, problems)
            if record is not BLANK:
                yield number, record


#: What :class:`LineReader` gives for a blank line.
BLANK: Final[Any] = object()
