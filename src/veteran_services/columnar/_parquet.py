"""Parquet folders: one file per record kind, or veteran buckets for distributed runs."""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from veteran_services._checks import checked, whole_number
from veteran_services._gc import paused_gc
from veteran_services._version import __version__
from veteran_services.columnar._convert import (
    LAYOUT_VERSION,
    LAYOUT_VERSIONS,
    _check_kind,
    arrow_schema,
    records_to_table,
    table_to_records,
)
from veteran_services.columnar._layout import quote
from veteran_services.errors import InvalidInputError, RecordError
from veteran_services.io import decode_json
from veteran_services.model import RECORD_KINDS, Caseload

__all__ = [
    "MANIFEST",
    "MANIFEST_FORMAT",
    "POSITION",
    "VETERAN_KINDS",
    "bucket_files",
    "bucket_of",
    "projected_schema",
    "read_file",
    "read_parquet",
    "read_tables",
    "write_parquet",
]

#: The name of a Parquet caseload folder's manifest.
MANIFEST: Final = "manifest.json"
#: The ``format`` value of that manifest.
MANIFEST_FORMAT: Final = "veteran-services parquet caseload"
#: The record kinds that belong to one veteran, and the column naming the veteran.
VETERAN_KINDS: Final = {
    "veterans": "id",
    "enrolments": "veteran_id",
    "placements": "veteran_id",
    "earnings": "veteran_id",
    "contacts": "veteran_id",
    "responses": "veteran_id",
}
#: The extra column of partitioned files: the record's place in the caseload, so that
#: :func:`read_parquet` gives back the records in their order.
POSITION: Final = "position"

PartitionBy = Literal["veteran"]


@checked
def bucket_of(veteran_id: str, buckets: int) -> int:
    """The bucket of a veteran: CRC-32 of the UTF-8 id, modulo *buckets* (stable everywhere).

    >>> bucket_of("V000001", 8), bucket_of("V000002", 8)
    (0, 2)
    """
    return zlib.crc32(veteran_id.encode("utf-8")) % buckets


def _bucket_dir(kind: str, bucket: int, buckets: int) -> str:
    width = len(str(buckets - 1))
    return f"{kind}/bucket={bucket:0{width}d}"


@checked
def write_parquet(
    caseload: Caseload,
    folder: str | Path,
    *,
    partition_by: PartitionBy | None = None,
    buckets: int = 8,
    include_personal: bool = False,
    created_at: datetime | None = None,
    overwrite: bool = False,
) -> Path:
    """Write *caseload* as Parquet files and a ``manifest.json``.

    Without partitioning, each record kind is one file, ``<kind>.parquet``. With
    ``partition_by="veteran"``, the kinds that belong to one veteran (veterans, enrolments,
    placements, earnings, contacts, responses) are split into *buckets* Hive-style partitions
    ``<kind>/bucket=NN/part-0.parquet`` by :func:`bucket_of` of the veteran's id, every bucket
    written even when empty; so bucket *k* of placements, enrolments and responses hold all the
    records of the same veterans, and a placement can be scored from its bucket and the small
    reference tables (providers, programmes, employers, ventures, instruments: one file each).
    Partitioned files carry a ``position`` column (the record's place in the caseload).

    The manifest (format, layout version, library version, creation time, counts, partitioning)
    is written last, so a folder with a manifest is complete.

    A folder holding a Parquet caseload already (its manifest, a ``<kind>.parquet`` file or a
    ``<kind>/`` folder of buckets) is refused, naming what is in the way, before anything is
    written, unless *overwrite*; other files in the folder are left alone. A file to write
    that is a symbolic link is refused always, never written through.

    Args:
        caseload: The caseload.
        folder: The folder (created with its parents if needed).
        partition_by: ``None`` or ``"veteran"``.
        buckets: The number of veteran buckets (with ``partition_by="veteran"``).
        include_personal: Write veterans' personal details (left out by default).
        created_at: The creation time to record (default: now, in UTC).
        overwrite: Write over a Parquet caseload written there before (its files are
            replaced one by one, the manifest last); refused otherwise.

    Returns:
        The folder.

    Raises:
        InvalidInputError: a bad *caseload*, *partition_by* or *buckets*; a folder holding a
            Parquet caseload without *overwrite*; a file to write that is a symbolic link.
    """
    given: object = caseload  # users pass anything
    if not isinstance(given, Caseload):
        msg = f"'caseload' must be a Caseload, got a {type(given).__name__}"
        raise InvalidInputError("caseload", msg)
    if partition_by not in (None, "veteran"):
        msg = f"'partition_by' must be None or 'veteran', got {partition_by!r}"
        raise InvalidInputError("partition_by", msg)
    whole_number(buckets, "buckets", least=1)
    overwrite = _flag(overwrite, "overwrite")
    root = Path(folder)
    _refuse_written(root, overwrite=overwrite)
    root.mkdir(parents=True, exist_ok=True)
    files: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for kind in RECORD_KINDS:
        records = caseload.records(kind)
        counts[kind] = len(records)
        table = records_to_table(kind, records, include_personal=include_personal)
        if partition_by is None or kind not in VETERAN_KINDS:
            pq.write_table(table, _not_a_link(root / f"{kind}.parquet"))
            files[kind] = f"{kind}.parquet"
            continue
        key = VETERAN_KINDS[kind]
        ids = table.column(key).to_pylist()
        assignment = np.fromiter((bucket_of(i, buckets) for i in ids), np.int64, len(ids))
        table = table.append_column(POSITION, pa.array(np.arange(len(ids)), pa.int64()))
        paths = []
        for bucket in range(buckets):
            part = table.filter(pa.array(assignment == bucket))
            directory = root / _bucket_dir(kind, bucket, buckets)
            directory.mkdir(parents=True, exist_ok=True)
            pq.write_table(part, _not_a_link(directory / "part-0.parquet"))
            paths.append(f"{_bucket_dir(kind, bucket, buckets)}/part-0.parquet")
        files[kind] = paths
    manifest = {
        "format": MANIFEST_FORMAT,
        "layout_version": LAYOUT_VERSION,
        "library_version": __version__,
        "created_at": (created_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "includes_personal": include_personal,
        "partition_by": partition_by,
        "buckets": buckets if partition_by else None,
        "counts": counts,
        "files": files,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    _not_a_link(root / MANIFEST).write_text(text, encoding="utf-8")
    return root


def _flag(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    msg = f"{name!r} must be True or False, got {value!r}"
    raise InvalidInputError(name, msg)


def _refuse_written(root: Path, *, overwrite: bool) -> None:
    """Refuse a *root* that is a link or a file, or (without *overwrite*) holds a Parquet
    caseload's manifest, files or bucket folders."""
    if root.is_symlink():
        msg = (
            f"'folder' is a symbolic link ({str(root)!r}); the writers never write through "
            "a link they did not make: give the real path, or remove the link"
        )
        raise InvalidInputError("folder", msg)
    if root.exists() and not root.is_dir():
        msg = f"'folder' must be a folder, got a file ({str(root)!r})"
        raise InvalidInputError("folder", msg)
    if overwrite or not root.is_dir():
        return
    names = (MANIFEST, *(f"{kind}.parquet" for kind in RECORD_KINDS), *RECORD_KINDS)
    found = [root / name for name in names if os.path.lexists(root / name)]
    if found:
        more = len(found) - 1
        msg = (
            f"'folder' holds a Parquet caseload written before: {str(found[0])!r} already "
            f"exists{f' (and {more} more)' if more else ''}; pass overwrite=True to replace "
            "it, or choose a new folder"
        )
        raise InvalidInputError("folder", msg)


def _not_a_link(path: Path) -> Path:
    """*path*, refused if it is a symbolic link (pyarrow and write_text would follow it)."""
    if path.is_symlink():
        msg = (
            f"'folder' holds a symbolic link where a file is written ({str(path)!r}); the "
            "writers never write through a link they did not make: remove the link"
        )
        raise InvalidInputError("folder", msg)
    return path


#: The largest manifest read (one written for a thousand buckets is about 200 kB).
MAX_MANIFEST_BYTES: Final = 4 << 20

#: One part of a file's path in a manifest: a plain name (no separator, not ``.`` or ``..``).
_PLAIN_NAME = re.compile(r"[^/\\\x00-\x1f:]+")

#: What reading a Parquet file may raise besides OSError (a truncated, empty or foreign file).
_ARROW_ERRORS: Final = (pa.ArrowException, OSError, ValueError, TypeError, KeyError, IndexError)


def _file_problem(where: str, error: BaseException) -> str:
    """A line for a file that could not be read, without the paths the error names."""
    if isinstance(error, FileNotFoundError):
        return f"{where}: missing; the manifest lists it"
    if isinstance(error, OSError) and not isinstance(error, pa.ArrowException):
        reason = error.strerror or type(error).__name__
        return f"{where}: could not be read ({reason})"
    return f"{where}: not a readable Parquet file ({type(error).__name__})"


def _check_name(name: object, where: str, problems: list[str]) -> bool:
    """Whether *name* is a file path a manifest may list: plain names joined by ``/``
    (``placements.parquet``, ``placements/bucket=3/part-0.parquet``), never absolute, never
    ``..`` or ``.``, never a backslash, drive or control character."""
    if type(name) is not str:
        problems.append(f"{MANIFEST}: {where}: must be a file name, got {quote(name)}")
        return False
    parts = name.split("/")
    if (
        not name
        or len(name) > 1000
        or not all(
            _PLAIN_NAME.fullmatch(p) and p not in (".", "..") and len(p.encode()) <= 255
            for p in parts
        )
    ):
        problems.append(
            f"{MANIFEST}: {where}: must be a file name inside the folder (plain names of at "
            f"most 255 bytes joined by '/', no '..', no absolute path), got {quote(name)}"
        )
        return False
    return True


def _check_shape(manifest: dict[str, Any], problems: list[str]) -> None:
    """Append a line for every part of *manifest* that is not as :func:`write_parquet` writes it."""
    if "includes_personal" in manifest and type(manifest["includes_personal"]) is not bool:
        got = quote(manifest["includes_personal"])
        problems.append(f"{MANIFEST}: $.includes_personal: must be true or false, got {got}")
    if manifest.get("partition_by") not in (None, "veteran"):
        got = quote(manifest["partition_by"])
        problems.append(f"{MANIFEST}: $.partition_by: must be null or 'veteran', got {got}")
    buckets = manifest.get("buckets")
    if buckets is not None and (type(buckets) is not int or buckets < 1):
        problems.append(
            f"{MANIFEST}: $.buckets: must be null or a whole number of at least 1, "
            f"got {quote(buckets)}"
        )
    counts = manifest.get("counts")
    if counts is not None:
        if not isinstance(counts, dict):
            problems.append(f"{MANIFEST}: $.counts: must map record kinds to record counts")
        else:
            for kind, count in counts.items():
                if kind not in RECORD_KINDS:
                    problems.append(f"{MANIFEST}: $.counts: unknown record kind {quote(kind)}")
                elif type(count) is not int or count < 0:
                    problems.append(
                        f"{MANIFEST}: $.counts.{kind}: must be a whole number of at least 0, "
                        f"got {quote(count)}"
                    )
    files = manifest["files"]
    for kind, entry in files.items():
        if kind not in RECORD_KINDS:
            problems.append(f"{MANIFEST}: $.files: unknown record kind {quote(kind)}")
        elif isinstance(entry, list):
            for index, name in enumerate(entry):
                if not _check_name(name, f"$.files.{kind}[{index}]", problems):
                    break
        else:
            _check_name(entry, f"$.files.{kind}", problems)


def _manifest(folder: Path) -> dict[str, Any]:
    if not folder.is_dir():
        msg = f"no such folder: {str(folder)!r}"
        raise FileNotFoundError(msg)
    path = folder / MANIFEST
    problems: list[str] = []
    manifest: Any = None
    if not path.is_file():
        problems.append(f"{MANIFEST}: missing; write the folder with write_parquet")
    else:
        try:
            with path.open("rb") as file:
                raw = file.read(MAX_MANIFEST_BYTES + 1)
        except OSError as error:
            problems.append(f"{MANIFEST}: could not be read ({error.strerror or 'OSError'})")
            raw = None
        if raw is None:
            pass
        elif len(raw) > MAX_MANIFEST_BYTES:
            problems.append(f"{MANIFEST}: larger than {MAX_MANIFEST_BYTES:,} bytes")
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                problems.append(f"{MANIFEST}: not UTF-8 text (byte {error.start + 1})")
            else:
                manifest, reason = decode_json(text)
                if reason is not None:
                    problems.append(f"{MANIFEST}: {reason}")
    if manifest is not None:
        if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
            problems.append(f"{MANIFEST}: $.format: must be {MANIFEST_FORMAT!r}")
        elif type(manifest.get("layout_version")) is not int or (
            manifest["layout_version"] not in LAYOUT_VERSIONS
        ):
            versions = " or ".join(map(str, LAYOUT_VERSIONS))
            problems.append(
                f"{MANIFEST}: $.layout_version: must be {versions}, "
                f"got {quote(manifest.get('layout_version'))}"
                + (
                    " (written by a newer veteran-services: upgrade to read it)"
                    if type(manifest.get("layout_version")) is int
                    and manifest["layout_version"] > LAYOUT_VERSION
                    else ""
                )
            )
        elif not isinstance(manifest.get("files"), dict):
            problems.append(f"{MANIFEST}: $.files: must map record kinds to files")
        else:
            _check_shape(manifest, problems)
    if problems:
        raise RecordError(problems, source=str(folder))
    result: dict[str, Any] = manifest
    return result


def _inside(folder: Path, name: str) -> Path | None:
    """The path of *name* in *folder*, or None if it leads outside (through a symlink)."""
    path = folder / name
    try:
        if not path.resolve().is_relative_to(folder.resolve()):
            return None
    except (OSError, RuntimeError):  # a symlink loop
        return None
    return path


@checked
def bucket_files(folder: str | Path, kind: str) -> list[Path]:
    """The files of *kind* in a Parquet caseload folder, in bucket order (one if unpartitioned).

    Raises:
        RecordError: the folder has no valid manifest.
    """
    root = Path(folder)
    kind = _check_kind(kind)
    entry = _manifest(root)["files"].get(kind, f"{kind}.parquet")
    names = [entry] if isinstance(entry, str) else list(entry)
    paths = []
    for name in names:
        path = _inside(root, name)
        if path is None:
            problem = f"{MANIFEST}: $.files.{kind}: {quote(name)} leads outside the folder"
            raise RecordError([problem], source=str(root))
        paths.append(path)
    return paths


def _leaf_paths(schema: pa.Schema, columns: Sequence[str]) -> tuple[list[str], bool]:
    """The Parquet column paths to read for *columns* of a file with *schema*, and whether
    any of them is a field of a list of records.

    A name is a column of the file, or a column of lists of records and one of the records'
    fields: ``answers.question_id`` reads just that field of every answer. Column names hold
    dots themselves (``monthly_wage.amount``), so a name that is a column always means the
    whole column. Names the file lacks are left out.
    """
    paths: list[str] = []
    nested = False
    for name in columns:
        if name in schema.names:
            if name not in paths:
                paths.append(name)
            continue
        for field in schema:
            prefix = field.name + "."
            if not name.startswith(prefix) or not pa.types.is_list(field.type):
                continue
            record = field.type.value_type
            inner = name[len(prefix) :]
            if pa.types.is_struct(record) and record.get_field_index(inner) >= 0:
                paths.append(f"{field.name}.list.{field.type.value_field.name}.{inner}")
                nested = True
                break
    return paths, nested


@checked
def projected_schema(schema: pa.Schema, columns: Sequence[str]) -> pa.Schema:
    """The schema of what :func:`read_file` gives for *columns* of a file with *schema*:
    whole columns, and columns of lists of records with just the fields asked for, in the
    order the names first ask for them; names the schema lacks are left out."""
    fields: dict[str, pa.Field] = {}
    picked: dict[str, list[str]] = {}
    for name in columns:
        if name in schema.names:
            fields.setdefault(name, schema.field(name))
            continue
        for field in schema:
            record = field.type.value_type if pa.types.is_list(field.type) else None
            inner = name[len(field.name) + 1 :]
            if (
                record is not None
                and pa.types.is_struct(record)
                and name.startswith(field.name + ".")
                and record.get_field_index(inner) >= 0
            ):
                fields.setdefault(field.name, field)
                picked.setdefault(field.name, []).append(inner)
                break
    result = []
    for name, field in fields.items():
        if name in picked and name not in columns:
            record = field.type.value_type
            chosen = [f for f in record if f.name in picked[name]]
            field = pa.field(name, pa.list_(pa.struct(chosen)), field.nullable)
        result.append(field)
    return pa.schema(result, metadata=schema.metadata)


@checked
def read_file(path: str | Path, *, columns: Sequence[str] | None = None) -> pa.Table:
    """One Parquet file of a folder (a kind, or one bucket of it: see :func:`bucket_files`)
    as an Arrow table, without the ``position`` column of partitioned files.

    Args:
        path: The file.
        columns: The only columns to read (default: all). A name may also pick one field of
            a column of lists of records, ``answers.question_id``: only that field of each
            answer is read, which is what :data:`SCORING_COLUMNS` does for the survey
            answers (reading a million responses' answers whole costs twice as much).
    """
    file = Path(path)
    try:
        if not file.is_file():  # Arrow would read a folder as a dataset
            raise RecordError([f"{file.name}: missing, or not a file"], source=str(file))
        table = _read_columns(file, columns)
    except _TooManyRows as error:
        raise RecordError([f"{file.name}: {error}"], source=str(file)) from None
    except _ARROW_ERRORS as error:
        raise RecordError([_file_problem(file.name, error)], source=str(file)) from None
    if POSITION in table.column_names:
        table = table.drop_columns([POSITION])
    return table


#: The most rows a Parquet file may claim per byte of its size. A record of any kind has an id
#: of its own, which costs at least a byte however well it compresses, so a file claiming more
#: rows than bytes is a decompression bomb (a few kilobytes that unpack to gigabytes), refused
#: before anything is unpacked.
MAX_ROWS_PER_BYTE: Final = 1


class _TooManyRows(ValueError):
    """A file whose metadata claim more rows than its size can hold."""


def _read_columns(path: Path, columns: Sequence[str] | None) -> pa.Table:
    """:func:`read_file`, keeping the ``position`` column where the file has one."""
    size = path.stat().st_size
    rows = pq.read_metadata(path).num_rows
    if rows > max(size, 1) * MAX_ROWS_PER_BYTE:
        msg = (
            f"claims {rows:,} rows in {size:,} bytes, more than a file of records can hold "
            "(refused unread)"
        )
        raise _TooManyRows(msg)
    if columns is None:
        return pq.read_table(path)
    parquet = pq.ParquetFile(path)
    wanted, nested = _leaf_paths(parquet.schema_arrow, [*columns, POSITION])
    if not nested:
        return pq.read_table(path, columns=wanted)
    # the nested paths need the file reader; batch by batch, as it cannot return nested
    # columns of more than 2 GiB in one piece
    batches = list(parquet.iter_batches(columns=wanted, batch_size=1 << 17))
    if batches:
        return pa.Table.from_batches(batches)
    return projected_schema(parquet.schema_arrow, [*columns, POSITION]).empty_table()


def _read_kind(
    folder: Path, entry: Any, problems: list[str], columns: Sequence[str] | None
) -> pa.Table | None:
    names: Sequence[str] = [entry] if isinstance(entry, str) else entry
    parts = []
    for name in names:
        path = _inside(folder, name)
        if path is None:
            problems.append(f"{name}: leads outside the folder (a symbolic link)")
            continue
        try:
            if not path.is_file():
                problems.append(f"{name}: missing; the manifest lists it")
                continue
            parts.append(_read_columns(path, columns))
        except _TooManyRows as error:
            problems.append(f"{name}: {error}")
        except _ARROW_ERRORS as error:
            problems.append(_file_problem(name, error))
    if not parts or len(parts) < len(names):
        return None
    try:
        if len(parts) > 1:
            table = pa.concat_tables(parts, promote_options="permissive")
        else:
            table = parts[0]
        if POSITION in table.column_names:
            table = table.take(pc.sort_indices(table, [(POSITION, "ascending")]))
            table = table.drop_columns([POSITION])
    except _ARROW_ERRORS as error:
        problems.append(f"{names[0]}: its files cannot be put together ({type(error).__name__})")
        return None
    result: pa.Table = table
    return result


@checked
def read_tables(
    folder: str | Path,
    *,
    kinds: Sequence[str] | None = None,
    columns: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, pa.Table]:
    """The Arrow tables of a folder written by :func:`write_parquet` (buckets put together,
    records in caseload order), without building records.

    Args:
        folder: The folder.
        kinds: The record kinds to read (default: all).
        columns: For some kinds, the only columns to read (Parquet reads just those), e.g.
            :data:`~veteran_services.columnar.SCORING_COLUMNS`.

    Raises:
        RecordError: no valid manifest (a file outside the folder, a wrong shape, ...), or
            files it lists are missing or unreadable (truncated, empty, not Parquet).
        FileNotFoundError: the folder does not exist.
    """
    root = Path(folder)
    manifest = _manifest(root)
    chosen = RECORD_KINDS if kinds is None else tuple(_check_kind(k) for k in kinds)
    problems: list[str] = []
    tables: dict[str, pa.Table] = {}
    for kind in chosen:
        entry = manifest["files"].get(kind)
        wanted = None if columns is None else columns.get(kind)
        table = None if entry is None else _read_kind(root, entry, problems, wanted)
        expected = (manifest.get("counts") or {}).get(kind)
        found = 0 if table is None else table.num_rows
        if expected is not None and expected != found and not problems:
            problems.append(
                f"{kind}: the manifest lists {expected} records, the files hold {found}"
            )
        if table is None:
            schema = arrow_schema(kind)
            if wanted is not None:
                schema = projected_schema(schema, wanted)
            table = schema.empty_table()
        tables[kind] = table
    if problems:
        raise RecordError(problems, source=str(root))
    return tables


@checked
def read_parquet(folder: str | Path, *, strict: bool = True) -> Caseload:
    """Read a caseload folder written by :func:`write_parquet`, through the model's validation.

    Folders of layout version 1 (written before issue 13) read with their meaning: their
    contract types and insurance lists are recorded facts (see :data:`LAYOUT_VERSIONS`).

    Args:
        folder: The folder.
        strict: Refuse columns the layout does not know (when false they are ignored).

    Raises:
        RecordError: every problem of the folder (missing, unreadable or foreign files, a
            manifest that lists files outside the folder, values the model refuses, with the
            JSON readers' strict types; a veteran's personal values are never quoted).
        FileNotFoundError: the folder does not exist.
    """
    version = _manifest(Path(folder))["layout_version"]
    tables = read_tables(folder)
    problems: list[str] = []
    records: dict[str, list[Any]] = {}
    with paused_gc():
        for kind, table in tables.items():
            try:
                records[kind] = table_to_records(
                    kind, table, problems, strict=strict, version=version
                )
            except InvalidInputError as error:  # a file's own layout version
                problems.append(f"{kind}: {error}")
        if problems:
            raise RecordError(problems, source=str(folder))
        return Caseload(**records)
