"""Databases on the command line: a URL (``sqlite:///caseload.db``, ``postgresql://...``) as
the source or the target of ``import`` and ``export``, and as the PATH of the commands that read
a caseload. A URL's password never appears in output or messages: it is shown as ``***``."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, Final

from veteran_services import io
from veteran_services.cli._common import EXIT_OK, _InvalidData, _read, _UsageError
from veteran_services.cli._output import _, _counts, _Progress
from veteran_services.errors import InvalidInputError, RecordError
from veteran_services.model import RECORD_KINDS, Caseload

__all__ = [
    "add_export",
    "is_database_url",
    "read_database",
    "shown_url",
    "write_database",
]

#: A database URL: SQLite or PostgreSQL, with or without a driver (``postgresql+psycopg``).
_URL: Final = re.compile(r"(sqlite|postgresql|postgres)(\+[A-Za-z0-9_]+)?://", re.IGNORECASE)
#: The password of a URL's ``user:password@``.
_PASSWORD: Final = re.compile(r"(://[^:/@]*:)[^@]*@")


def is_database_url(text: str) -> bool:
    """Whether *text* is a database URL rather than a path."""
    return _URL.match(text) is not None


def shown_url(text: str) -> str:
    """*text* with a URL's password replaced by ``***``."""
    return _PASSWORD.sub(r"\1***@", text)


def _sql() -> Any:
    try:
        from veteran_services import sql  # the sql extra, only when asked for
    except ImportError as error:
        raise _UsageError(str(error)) from None
    return sql


def read_database(url: str, progress: _Progress) -> Caseload:
    """The caseload stored at *url*; its problems become :class:`_InvalidData`."""
    sql = _sql()
    progress.stage(_("reading {path}").format(path=shown_url(url)))
    try:
        caseload: Caseload = sql.read_caseload(url)
    except RecordError as error:
        raise _InvalidData(error.problems) from None
    except InvalidInputError as error:
        raise _UsageError(shown_url(str(error))) from None
    finally:
        progress.clear()
    return caseload


def write_database(
    caseload: Caseload, url: str, *, replace: bool, merge: bool, include_personal: bool
) -> None:
    """Write *caseload* to *url* by the folders' rules: never over stored tables unless
    *replace* (write anew) or *merge* (add; an id already there is a problem, nothing is
    written)."""
    sql = _sql()
    mode = "replace" if replace else "create"
    if merge:
        mode = "append" if _has_tables(sql, url) else "create"
    try:
        sql.write_caseload(caseload, url, mode=mode, include_personal=include_personal)
    except sql.IdClashError as error:
        raise _InvalidData(error.problems) from None
    except RecordError as error:
        raise _InvalidData([shown_url(p) for p in error.problems]) from None
    except InvalidInputError as error:
        if mode == "create" and "already has caseload tables" in str(error):
            msg = _(
                "{target} already holds caseload tables and is left as it is: add --merge to "
                "add the records to them, or --replace to write them anew"
            ).format(target=shown_url(url))
            raise _UsageError(msg) from None
        raise _UsageError(shown_url(str(error))) from None


def _has_tables(sql: Any, url: str) -> bool:
    try:
        return sql.database_version(url) is not None
    except InvalidInputError as error:
        raise _UsageError(shown_url(str(error))) from None


def _cmd_export(args: argparse.Namespace, progress: _Progress) -> int:
    source, target = args.source, args.out
    caseload = _read(source, progress)
    if is_database_url(target):
        write_database(
            caseload,
            target,
            replace=args.replace,
            merge=args.merge,
            include_personal=args.include_personal,
        )
    else:
        _write_folder(caseload, Path(target), args, progress)
    counts = _counts({kind: len(caseload.records(kind)) for kind in RECORD_KINDS})
    words = _("Exported {counts} from {source} into {target}")
    line = words.format(
        counts=counts or _("no records"), source=shown_url(source), target=shown_url(target)
    )
    sys.stdout.write(line + "\n")
    return EXIT_OK


def _write_folder(
    caseload: Caseload, target: Path, args: argparse.Namespace, progress: _Progress
) -> None:
    if target.exists() and not (args.replace or args.merge):
        msg = _(
            "{target} exists and is left as it is: add --merge to add the records to it, or "
            "--replace to write it anew"
        ).format(target=target)
        raise _UsageError(msg)
    if args.merge and target.exists():
        existing = _read(str(target), progress)
        clashes = [
            _("{kind} {id}: already in {target}; nothing was overwritten").format(
                kind=kind, id=repr(record.id), target=target
            )
            for kind in RECORD_KINDS
            for record in caseload.records(kind)
            if hasattr(record, "id")
            and record.id in {getattr(old, "id", None) for old in existing.records(kind)}
        ]
        if clashes:
            raise _InvalidData(clashes)
        caseload = Caseload(**{k: existing.records(k) + caseload.records(k) for k in RECORD_KINDS})
    try:
        io.write_caseload(caseload, target, include_personal=args.include_personal)
    except InvalidInputError as error:
        raise _UsageError(str(error)) from None


def add_export(commands: Any) -> None:
    """The ``export`` subcommand."""
    export = commands.add(
        "export",
        "copy a caseload between a folder and a database",
        "Copy a caseload from a folder or a database (a URL such as sqlite:///caseload.db or "
        "postgresql://user@host/db) to a folder or a database. A target that holds records is "
        "never replaced or changed unless --replace or --merge is given; --merge adds the "
        "records (an id already there is a problem, and nothing is written). A database write "
        "is one transaction. A password in a URL is never shown.",
    )
    export.add_argument("source", metavar="SOURCE", help="a caseload folder or a database URL")
    export.add_argument(
        "--out", required=True, metavar="TARGET", help="a caseload folder or a database URL"
    )
    replace = export.add_mutually_exclusive_group()
    replace.add_argument("--replace", action="store_true", help="write the target anew")
    replace.add_argument(
        "--merge",
        action="store_true",
        help="add the records to the target (an id already there is a problem, and nothing "
        "is written)",
    )
    export.add_argument(
        "--include-personal",
        action="store_true",
        help="copy veterans' personal details too (left out by default)",
    )
    export.set_defaults(run=_cmd_export)
