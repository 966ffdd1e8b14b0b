"""Make a caseload folder k times the size of another, line by line (issue 21, items 2 and 5).

A million veterans do not fit in memory as objects, so the million-veteran folder of the main
job's benchmark is made from a written one (``veteran-services synth --veterans 100000``) by
copying its JSON Lines text: copy 0 is the source's lines as they are; in copy ``k > 0`` every
id of a veteran-owned record (veterans, enrolments, placements, earnings, contacts,
responses, ventures) and every reference to one (``veteran_id``, ``enrolment_id``,
``placement_id``, ``founder_ids``) gets the suffix ``~k`` (``"V000001"`` -> ``"V000001~3"``);
the shared records (providers, programmes, employers, instruments) are written once and
their ids (``programme_id``, ``employer_id``, ``instrument_id``) are left alone. So every
copy is the source caseload again, its ids unique across copies, and ``veteran-services
check`` finds in the copy what it finds in the source, k times over.

Each line is decoded with msgspec into plain values, its ids changed, and encoded again
(msgspec keeps the keys' order and writes the form :func:`veteran_services.io.write_caseload`
writes, which the script checks on the first lines of each file); at most one line is alive
at a time, so memory stays bounded (≈ 60 MB) whatever the size. A key ending in ``_id`` or
``_ids`` the script does not know stops it: an unknown reference would be copied unchanged
and silently point at copy 0.

The manifest is written as ``write_caseload`` writes it (the library's format, schema version
and version; the source's ``includes_personal``; each kind's count of lines written), after
every file; the folder is written atomically (:func:`veteran_services.io.atomic_folder`) and
an existing *out* is refused, never replaced.

Run: ``python benchmarks/make_million.py /tmp/h2/city100k /tmp/m1 --copies 10``. Results:
benchmarks/README.md, "The main job at a million veterans (issue 21)".
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import msgspec

from veteran_services import __version__
from veteran_services.io import SCHEMA_VERSION, atomic_folder, kind_file, open_caseload
from veteran_services.io._caseload import MANIFEST, MANIFEST_FORMAT
from veteran_services.model import RECORD_KINDS

#: The fields of each veteran-owned kind that hold a veteran-owned id (one id, or None).
OWNED_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "veterans": ("id",),
    "enrolments": ("id", "veteran_id"),
    "placements": ("id", "veteran_id", "enrolment_id"),
    "earnings": ("veteran_id",),
    "contacts": ("id", "veteran_id"),
    "responses": ("id", "veteran_id", "placement_id"),
    "ventures": ("id",),
}
#: The fields of each veteran-owned kind that hold a list of veteran-owned ids.
OWNED_LISTS: Final[dict[str, tuple[str, ...]]] = {"ventures": ("founder_ids",)}
#: References to shared records, copied unchanged.
SHARED_REFERENCES: Final = frozenset({"programme_id", "employer_id", "instrument_id"})
#: The kinds written once.
SHARED_KINDS: Final = frozenset({"providers", "programmes", "employers", "instruments"})
#: How many lines of each file are checked to come back byte for byte from decode + encode.
ROUND_TRIP_LINES: Final = 2000


def _is_reference(key: str) -> bool:
    return key == "id" or key.endswith(("_id", "_ids"))


def _rewriter(kind: str, suffix: str) -> Callable[[dict[str, Any]], None]:
    """A function adding *suffix* to the veteran-owned ids of one decoded *kind* record."""
    single = OWNED_FIELDS[kind]
    lists = OWNED_LISTS.get(kind, ())
    known = frozenset((*single, *lists, *SHARED_REFERENCES))

    def rewrite(record: dict[str, Any]) -> None:
        for key in record:
            if _is_reference(key) and key not in known:
                msg = f"{kind}: unknown reference field {key!r}: the script must learn it"
                raise SystemExit(msg)
        for key in single:
            value = record.get(key)
            if value is not None:
                record[key] = value + suffix
        for key in lists:
            record[key] = [value + suffix for value in record.get(key) or ()]

    return rewrite


def _check_round_trip(path: Path, decoder: msgspec.json.Decoder[Any]) -> None:
    """Stop unless the first lines of *path* come back byte for byte from decode + encode."""
    encoder = msgspec.json.Encoder()
    with path.open("rb") as file:
        for number, line in enumerate(file, 1):
            if number > ROUND_TRIP_LINES:
                return
            text = line.rstrip(b"\n")
            if text and encoder.encode(decoder.decode(text)) != text:
                msg = f"{path.name}:{number}: msgspec does not write this line back as it was"
                raise SystemExit(msg)


def _copy_kind(source: Path, target: Path, kind: str, copies: int, separator: str) -> int:
    """Write *kind*'s file *copies* times (once if shared) into *target*; the lines written."""
    decoder: msgspec.json.Decoder[Any] = msgspec.json.Decoder()
    encoder = msgspec.json.Encoder()
    buffer = bytearray()
    written = 0
    with target.open("xb") as out:
        for copy in range(1 if kind in SHARED_KINDS else copies):
            rewrite = _rewriter(kind, f"{separator}{copy}") if copy else None
            with source.open("rb") as file:
                for line in file:
                    if not line.strip():
                        continue  # a blank line carries no record (the reader skips it too)
                    if rewrite is None:
                        out.write(line if line.endswith(b"\n") else line + b"\n")
                    else:
                        record = decoder.decode(line)
                        rewrite(record)
                        encoder.encode_into(record, buffer)
                        buffer.extend(b"\n")
                        out.write(buffer)
                    written += 1
        out.flush()
        os.fsync(out.fileno())
    return written


def make(source: Path, out: Path, copies: int, separator: str = "~") -> dict[str, int]:
    """Write *copies* copies of the caseload folder *source* into the new folder *out*.

    Returns:
        The count of records of each kind written (the manifest's ``counts``).
    """
    if copies < 1:
        raise SystemExit(f"--copies must be at least 1, got {copies}")
    if not separator or separator.isalnum():
        raise SystemExit(f"--separator must hold a character ids do not, got {separator!r}")
    if out.exists() or out.is_symlink():
        raise SystemExit(f"{out} exists: give a new folder (nothing is replaced)")
    folder, manifest = open_caseload(source)
    if manifest["schema_version"] != SCHEMA_VERSION:
        msg = (
            f"{source}: schema version {manifest['schema_version']}, not {SCHEMA_VERSION}: "
            "migrate it first (read_caseload, write_caseload)"
        )
        raise SystemExit(msg)
    decoder: msgspec.json.Decoder[Any] = msgspec.json.Decoder()
    files = {}
    for kind in RECORD_KINDS:
        problems: list[Any] = []
        path = kind_file(folder, manifest, kind, problems)
        if problems or path is None:
            raise SystemExit("\n".join(map(str, problems)) or f"{source}: no file for {kind}")
        _check_round_trip(path, decoder)
        files[kind] = path
    counts = {}
    allowed = frozenset({MANIFEST, *(f"{kind}.jsonl" for kind in RECORD_KINDS)})
    with atomic_folder(out, allowed=allowed, argument="out") as temporary:
        for kind in RECORD_KINDS:
            start = time.perf_counter()
            name = f"{kind}.jsonl"
            counts[kind] = _copy_kind(files[kind], temporary / name, kind, copies, separator)
            seconds = time.perf_counter() - start
            print(f"{kind}: {counts[kind]:,} records, {seconds:.1f} s", file=sys.stderr)
        written = {
            "format": MANIFEST_FORMAT,
            "schema_version": SCHEMA_VERSION,
            "library_version": __version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "includes_personal": bool(manifest.get("includes_personal", False)),
            "counts": counts,
            "files": {kind: f"{kind}.jsonl" for kind in RECORD_KINDS},
        }
        text = json.dumps(written, ensure_ascii=False, indent=2) + "\n"
        with (temporary / MANIFEST).open("xb") as file:
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
    return counts


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and make the folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a caseload folder (JSON Lines, manifest)")
    parser.add_argument("out", type=Path, help="the new folder to write")
    parser.add_argument("--copies", type=int, default=10, help="copies (default 10)")
    parser.add_argument(
        "--separator", default="~", help="put between an id and its copy's number (default ~)"
    )
    arguments = parser.parse_args(argv)
    counts = make(arguments.source, arguments.out, arguments.copies, arguments.separator)
    print(f"{arguments.out}: {sum(counts.values()):,} records", file=sys.stderr)


if __name__ == "__main__":
    main()
