"""Caseload folders: one JSON Lines file per record kind and a ``manifest.json``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from veteran_services._version import __version__
from veteran_services.errors import InvalidInputError, RecordError
from veteran_services.io._converter import converter_for
from veteran_services.io._json import (
    Structurer,
    gc_paused,
    json_lines,
    warn_set_aside,
    write_lines,
)
from veteran_services.io._kinds import KIND_CLASSES
from veteran_services.io._migrations import SCHEMA_VERSION
from veteran_services.model import RECORD_KINDS, Caseload

__all__ = ["MANIFEST", "MANIFEST_FORMAT", "read_caseload", "write_caseload"]

#: The name of a caseload folder's manifest.
MANIFEST: Final = "manifest.json"
#: The ``format`` value that marks a caseload folder's manifest.
MANIFEST_FORMAT: Final = "veteran-services caseload"


def write_caseload(
    caseload: Caseload,
    path: str | Path,
    *,
    include_personal: bool = False,
    created_at: datetime | None = None,
) -> Path:
    """Write *caseload* to a folder: ``veterans.jsonl``, ..., ``responses.jsonl``, manifest.

    One JSON Lines file per record kind (named after
    :data:`~veteran_services.model.RECORD_KINDS`, empty files included) and a
    ``manifest.json`` with the schema version, the library version, the creation time and
    the number of records of each kind. The manifest is written last, so a folder with a
    manifest is complete.

    Args:
        caseload: The caseload to write.
        path: The folder (created if needed; files in it are replaced).
        include_personal: Write veterans' :class:`PersonalDetails`; left out otherwise.
        created_at: The creation time to record (default: now, in UTC).

    Returns:
        The folder.
    """
    given: object = caseload
    if not isinstance(given, Caseload):
        msg = f"'caseload' must be a Caseload, got a {type(given).__name__}"
        raise InvalidInputError("caseload", msg)
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    unstructure = converter_for(include_personal=include_personal).unstructure
    counts = {}
    for kind in RECORD_KINDS:
        counts[kind] = write_lines(folder / f"{kind}.jsonl", caseload.records(kind), unstructure)
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
    (folder / MANIFEST).write_text(text, encoding="utf-8")
    return folder


def _read_manifest(folder: Path) -> tuple[dict[str, Any], list[str]]:
    path = folder / MANIFEST
    if not path.is_file():
        return {}, [
            f"{MANIFEST}: missing; a caseload folder needs one (write it with write_caseload)"
        ]
    try:
        manifest = json.loads(path.read_bytes().decode("utf-8"))
    except (ValueError, RecursionError) as error:
        return {}, [f"{MANIFEST}: not valid JSON ({type(error).__name__})"]
    if not isinstance(manifest, dict):
        return {}, [f"{MANIFEST}: $: must be an object"]
    problems = []
    version = manifest.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        problems.append(
            f"{MANIFEST}: $.schema_version: must be a whole number from 0 to {SCHEMA_VERSION} "
            f"(got {version!r})"
        )
    elif version > SCHEMA_VERSION:
        problems.append(
            f"{MANIFEST}: $.schema_version: {version} is newer than this library reads "
            f"({SCHEMA_VERSION}); upgrade veteran-services"
        )
    counts = manifest.get("counts", {})
    if not isinstance(counts, dict) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts.values()
    ):
        problems.append(f"{MANIFEST}: $.counts: must map record kinds to whole numbers")
    files = manifest.get("files", {})
    if not isinstance(files, dict) or not all(
        isinstance(name, str)
        and 0 < len(name) <= 200
        and Path(name).name == name
        and not name.startswith(".")
        for name in files.values()
    ):
        problems.append(f"{MANIFEST}: $.files: must map record kinds to file names")
    return manifest, problems


def read_caseload(path: str | Path, *, strict: bool = True) -> Caseload:
    """Read a caseload folder written by :func:`write_caseload`.

    Records written with an older schema version (see the manifest) are migrated. Every
    problem of every file is gathered into one :class:`RecordError`; a file whose number of
    records differs from the manifest's count is a problem too (a truncated copy, say).
    Cross-record consistency is not checked here: call :meth:`Caseload.validate`.

    Args:
        path: The folder.
        strict: Refuse unknown keys; when false they are set aside and reported in one
            :class:`~veteran_services.io.UnknownKeysWarning`.

    Raises:
        RecordError: listing every problem of the folder.
        FileNotFoundError: if the folder does not exist.
    """
    folder = Path(path)
    if not folder.is_dir():
        msg = f"no such folder: {str(folder)!r}"
        raise FileNotFoundError(msg)
    manifest, problems = _read_manifest(folder)
    if problems:
        raise RecordError(problems, source=str(folder))
    version: int = manifest["schema_version"]
    counts: dict[str, int] = manifest.get("counts", {})
    files: dict[str, str] = manifest.get("files", {})
    set_aside: list[str] = []
    records: dict[str, tuple[Any, ...]] = {}
    with gc_paused():
        for kind in RECORD_KINDS:
            file = folder / files.get(kind, f"{kind}.jsonl")
            expected = counts.get(kind)
            try:
                exists = file.is_file()
            except OSError as error:  # a name the file system refuses, say
                problems.append(f"{file.name[:60]}: cannot be read ({error.strerror})")
                continue
            if not exists:
                if expected:
                    problems.append(f"{file.name}: missing; the manifest lists {expected} records")
                records[kind] = ()
                continue
            structure = Structurer(KIND_CLASSES[kind], strict=strict, schema_version=version)
            before = len(problems)
            found = []
            lines = 0
            try:
                for prefix, data in json_lines(file, problems):
                    lines += 1
                    record = structure(data, prefix, problems, set_aside)
                    if record is not None:
                        found.append(record)
            except OSError as error:
                problems.append(f"{file.name}: cannot be read ({error.strerror})")
                continue
            if len(problems) == before and expected is not None and lines != expected:
                problems.append(
                    f"{file.name}: the manifest lists {expected} records, the file has {lines}"
                )
            records[kind] = tuple(found)
        if problems:
            raise RecordError(problems, source=str(folder))
        caseload = Caseload(**records)
    warn_set_aside(set_aside, str(folder))
    return caseload
