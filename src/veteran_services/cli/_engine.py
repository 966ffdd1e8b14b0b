"""Which engine runs a command: the object path (one validated Python record per line) or the
columnar path (Arrow tables read straight from the caseload folder, the ``arrow`` extra).

``--engine auto`` (the default) takes the columnar path when the ``arrow`` extra is installed
and the command, with the options given, has a columnar implementation; otherwise the object
path. ``--engine columnar`` that cannot be honoured is a usage error that says why, never a
quiet fall-back; ``--engine objects`` always takes the object path. Both give the same figures
(the columnar functions share their rules with the object path and are tested against it);
the engine used is printed with the results.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final, Literal

from veteran_services.cli._common import _folder, _InvalidData, _UsageError
from veteran_services.cli._output import _, _Progress
from veteran_services.errors import RecordError

#: The values of ``--engine``.
ENGINES: Final = ("auto", "objects", "columnar")

Engine = Literal["objects", "columnar"]


def add_engine_option(sub: argparse.ArgumentParser) -> None:
    """``--engine auto|objects|columnar`` on a command that has a columnar implementation."""
    sub.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="how to compute: 'columnar' reads the folder into Arrow tables (the arrow extra; "
        "much faster on large caseloads), 'objects' builds one Python record per line; "
        "default 'auto': columnar when the arrow extra is installed and the command, with "
        "its options, can run so (the same figures either way)",
    )


def columnar_installed() -> bool:
    """Whether the ``arrow`` extra (pyarrow and numpy) is installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("pyarrow", "numpy"))


def choose(args: argparse.Namespace, *, why_not: str | None = None) -> Engine:
    """The engine for this call: *why_not* says why the columnar path cannot run it (an option
    it does not support, a database as the source), None when it can.

    Raises:
        _UsageError: ``--engine columnar`` when the columnar path cannot run the call.
    """
    asked = getattr(args, "engine", "auto")
    if asked == "objects":
        return "objects"
    if why_not is None and not is_folder(args):
        why_not = _("the records come from a database, not a caseload folder")
    if why_not is None and not columnar_installed():
        why_not = _("the arrow extra is not installed (pip install 'veteran-services[arrow]')")
    if why_not is None:
        return "columnar"
    if asked == "columnar":
        msg = _("--engine columnar cannot run this: {why}; use --engine objects").format(
            why=why_not
        )
        raise _UsageError(msg)
    return "objects"


def is_folder(args: argparse.Namespace) -> bool:
    """Whether the command reads a caseload folder (not a database URL)."""
    from veteran_services.cli import _database

    path = getattr(args, "path", None)
    return isinstance(path, str) and not _database.is_database_url(path)


def engine_line(engine: Engine) -> str:
    """The line that says which engine computed the results."""
    name = (
        _("columnar (Arrow tables)")
        if engine == "columnar"
        else _("objects (one Python record per line)")
    )
    return _("Engine: {engine}").format(engine=name)


def say_engine(engine: Engine, *, table: bool) -> None:
    """Print :func:`engine_line`: on stdout after a table for people, on stderr when stdout
    carries data (CSV, JSON), so that the data stay as they are."""
    stream = sys.stdout if table else sys.stderr
    stream.write(engine_line(engine) + "\n")


def read_tables(
    path: str, progress: _Progress, columns: Mapping[str, Sequence[str] | None]
) -> dict[str, Any]:
    """The tables of a caseload folder, only the kinds and columns of *columns* (None: every
    column of the kind), read by :func:`veteran_services.columnar.read_folder`; problems
    become :class:`_InvalidData` (with file and line, as the object readers give them), a bad
    path a usage error."""
    from veteran_services import columnar

    folder = _folder(path)
    progress.stage(f"reading {path}")
    try:
        chosen = {kind: names for kind, names in columns.items() if names is not None}
        return columnar.read_folder(folder, kinds=tuple(columns), columns=chosen)
    except RecordError as error:
        raise _InvalidData(error.problems) from None
    finally:
        progress.clear()


def tables_and_day(
    args: argparse.Namespace, progress: _Progress, columns: Mapping[str, Sequence[str] | None]
) -> tuple[dict[str, Any], date]:
    """:func:`read_tables` of PATH and the day of ``--as-of`` (or the data's cutoff,
    :func:`veteran_services.columnar.data_cutoff`, as the object engine takes it, whose
    columns are then read as well)."""
    from veteran_services import columnar

    day: date | None = getattr(args, "as_of", None)
    if day is None:  # the cutoff's columns too
        columns = merged_columns(columns, columnar.CUTOFF_COLUMNS)
    tables = read_tables(args.path, progress, columns)
    if day is None:
        day = columnar.data_cutoff(tables)
    if day is None:
        raise _UsageError(_("the caseload has no dated events; give --as-of YYYY-MM-DD"))
    return tables, day


def merged_columns(
    *needs: Mapping[str, Sequence[str] | None],
) -> dict[str, Sequence[str] | None]:
    """Record kind → every column any of *needs* reads, in the order first named (None: the
    whole kind, when any of them needs it whole)."""
    merged: dict[str, Sequence[str] | None] = {}
    for need in needs:
        for kind, names in need.items():
            if kind in merged and merged[kind] is None:
                continue
            if names is None:
                merged[kind] = None
                continue
            kept = merged.get(kind) or ()
            merged[kind] = (*kept, *(name for name in names if name not in kept))
    return merged
