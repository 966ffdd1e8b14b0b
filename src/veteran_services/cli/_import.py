"""The commands that read other formats into caseload folders: ``import`` and ``import-csv``."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from veteran_services import io
from veteran_services.cli._common import (
    EXIT_OK,
    _InvalidData,
    _read,
    _UsageError,
)
from veteran_services.cli._database import is_database_url, shown_url, write_database
from veteran_services.cli._output import (
    _,
    _cli_hint,
    _counts,
    _kind,
    _Progress,
)
from veteran_services.errors import (
    InvalidInputError,
    RecordError,
)
from veteran_services.model import RECORD_KINDS, Caseload, Instrument


def _columns(spec: str | None, kind: str) -> dict[str, str] | None:
    if spec is None:
        return None
    if spec == "cn":
        return dict(io.CHINESE_COLUMNS[kind])
    file = Path(spec)
    if not file.is_file():
        msg = f"--columns must be 'cn' or a JSON file mapping headers to columns, got {spec!r}"
        raise _UsageError(msg)
    try:
        mapping = json.loads(file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise _InvalidData([f"{file.name}: not valid JSON ({error})"]) from None
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise _InvalidData([f"{file.name}: $: must map column headers (text) to columns (text)"])
    return mapping


def _instruments(path: str | None) -> tuple[Instrument, ...]:
    if path is None:
        return ()
    file = Path(path)
    if not file.is_file():
        msg = f"no such instruments file: {path!r}"
        raise _UsageError(msg)
    try:
        return tuple(io.read_jsonl(file, Instrument))
    except RecordError as error:
        raise _InvalidData(error.problems) from None


def _cmd_import_csv(args: argparse.Namespace, progress: _Progress) -> int:
    source = Path(args.file)
    if not source.is_file():
        msg = f"no such file: {args.file!r}"
        raise _UsageError(msg)
    if Path(args.out).exists():
        msg = (
            f"{args.out} exists and is left as it is: import-csv never replaces a file or "
            "folder; use 'veteran-services import --kind KIND FILE --out PATH --merge' to add "
            "to it, or '--replace' to write it anew"
        )
        raise _UsageError(msg)
    columns = _columns(args.columns, args.kind)
    instruments = _instruments(args.instruments)
    progress.stage(_("reading {path}").format(path=source.name))
    try:
        result = io.read_csv(
            source,
            io.CSV_KINDS[args.kind],
            columns=columns,
            encoding=args.encoding,
            dayfirst=args.dayfirst,
            errors="collect",
            instruments=instruments,
        )
    except RecordError:
        raise
    except (csv.Error, ValueError) as error:  # what the reader could not even split into cells
        raise _InvalidData([f"{source.name}: {error}"]) from None
    progress.clear()
    if result.problems:
        raise _InvalidData(result.problems)
    target = Path(args.out)
    if target.suffix == ".jsonl":
        io.write_jsonl(target, result.records, include_personal=args.include_personal)
    else:
        caseload = Caseload(**{args.kind: result.records})
        io.write_caseload(caseload, target, include_personal=args.include_personal)
    words = _("Read {n} {kind} from {source}; wrote {target}")
    sys.stdout.write(
        words.format(
            n=f"{len(result.records):,}", kind=_kind(args.kind), source=source, target=target
        )
        + "\n"
    )
    return EXIT_OK


def _import_sources(specs: Sequence[str], kind: str | None) -> list[tuple[str | None, Path]]:
    """``(kind or None for a ledger, path)`` of each FILE argument (``KIND=FILE`` names its
    kind)."""
    sources = []
    for spec in specs:
        named, sep, rest = spec.partition("=")
        file_kind = kind
        path = spec
        if sep and named in io.CSV_KINDS:
            file_kind, path = named, rest
        file = Path(path)
        if not file.is_file():
            msg = f"no such file: {path!r}"
            raise _UsageError(msg)
        sources.append((file_kind, file))
    return sources


def _import_columns(specs: Sequence[str] | None, kind: str | None) -> dict[str, str] | None:
    """The header mapping of `--columns` (repeatable): 'cn' for the built-in Chinese headers of
    the kind (a ledger always has them), then each JSON file extends what came before."""
    if not specs:
        return None
    mapping: dict[str, str] = {}
    for spec in specs:
        if spec == "cn":
            if kind is not None:
                mapping.update(io.CHINESE_COLUMNS.get(kind, {}))
            continue
        extra = _columns(spec, kind or "veterans")
        mapping.update(extra or {})
    return mapping


def _read_source(
    kind: str | None, file: Path, args: argparse.Namespace, key: bytes | None
) -> tuple[dict[str, tuple[Any, ...]], tuple[str, ...], tuple[str, ...]]:
    """(records by kind, problems, notes) of one file."""
    columns = _import_columns(args.columns, kind)
    strict = not args.ignore_unknown_columns
    with file.open("rb") as handle:
        workbook = io.workbook_format(handle.read(4096)) is not None
    if kind is None:
        ledger = io.read_ledger(
            file,
            columns=columns,
            sheet=args.sheet,
            header_row=args.header_row,
            encoding=args.encoding,
            dayfirst=args.dayfirst,
            key=key,
            strict=strict,
            errors="collect",
        )
        records = {k: getattr(ledger.caseload, k) for k in RECORD_KINDS}
        return records, ledger.problems, ledger.notes
    cls = io.CSV_KINDS[kind]
    # what both readers are told alike: every row checked, identity numbers checked, and job
    # titles of placements given codes where the match is unambiguous
    reading: dict[str, Any] = {
        "columns": columns,
        "dayfirst": args.dayfirst,
        "errors": "collect",
        "strict": strict,
        "instruments": _instruments(args.instruments),
        "check_identity": True,
        "match_titles": kind == "placements",
    }
    if workbook:
        result = io.read_excel(
            file, cls, sheet=args.sheet, header_row=args.header_row or 1, **reading
        )
    else:
        result = io.read_csv(file, cls, encoding=args.encoding, **reading)
    return {kind: result.records}, result.problems, result.notes


def _cmd_import(args: argparse.Namespace, progress: _Progress) -> int:
    sources = _import_sources(args.files, args.kind)
    target = Path(args.out)
    database = is_database_url(args.out)
    if args.replace and args.merge:
        raise _UsageError("give --replace or --merge, not both")
    if not database and target.exists() and not (args.replace or args.merge):
        msg = (
            f"{target} exists and is left as it is: add --merge to add the records to it, or "
            "--replace to write it anew"
        )
        raise _UsageError(msg)
    key = None
    if args.key_file is not None:
        key_file = Path(args.key_file)
        if not key_file.is_file():
            msg = f"no such key file: {args.key_file!r}"
            raise _UsageError(msg)
        key = key_file.read_bytes()
    records: dict[str, list[Any]] = {}
    problems: list[str] = []
    notes: list[str] = []
    for kind, file in sources:
        progress.stage(_("reading {path}").format(path=file.name))
        try:
            found, file_problems, file_notes = _read_source(kind, file, args, key)
        except RecordError as error:
            raise _InvalidData([_cli_hint(line) for line in error.problems]) from None
        except InvalidInputError as error:
            raise _UsageError(_cli_hint(str(error))) from None
        for name, items in found.items():
            records.setdefault(name, []).extend(items)
        problems.extend(_cli_hint(line) for line in file_problems)
        notes.extend(_cli_hint(line) for line in file_notes)
    progress.clear()
    if problems and args.all_or_nothing:
        raise _InvalidData(problems)
    imported = Caseload(**{k: tuple(v) for k, v in records.items()})
    if database:
        write_database(
            imported,
            args.out,
            replace=args.replace,
            merge=args.merge,
            include_personal=args.include_personal,
        )
    elif target.suffix == ".jsonl":
        kinds = [k for k, v in records.items() if v]
        if len(kinds) != 1 or args.merge:
            msg = "--out FILE.jsonl takes the records of one kind, without --merge; give a folder"
            raise _UsageError(msg)
        io.write_jsonl(
            target,
            records[kinds[0]],
            include_personal=args.include_personal,
            overwrite=args.replace,
        )
    else:
        caseload = imported
        if args.merge and target.exists():
            existing = _read(str(target), progress)
            clashes = [
                f"{kind} {record.id!r}: already in {target}; nothing was overwritten"
                for kind in RECORD_KINDS
                for record in getattr(imported, kind)
                if hasattr(record, "id")
                and any(getattr(old, "id", None) == record.id for old in getattr(existing, kind))
            ]
            if clashes:
                raise _InvalidData(clashes)
            caseload = Caseload(
                **{k: getattr(existing, k) + getattr(imported, k) for k in RECORD_KINDS}
            )
        try:
            io.write_caseload(caseload, target, include_personal=args.include_personal)
        except InvalidInputError as error:
            raise _UsageError(str(error)) from None
    counts = _counts({k: len(v) for k, v in records.items()}) or _("no records")
    words = _("Imported {counts} from {n} file(s) into {target}")
    shown = shown_url(args.out) if database else target
    sys.stdout.write(words.format(counts=counts, n=len(sources), target=shown) + "\n")
    if problems:
        words = _("{n} row(s) left out, each named with what to fix:")
        sys.stdout.write(words.format(n=len(problems)) + "\n")
        for line in problems:
            sys.stdout.write(f"  {line}\n")
    for line in notes:
        sys.stdout.write(_("note: {line}").format(line=line) + "\n")
    return EXIT_OK
