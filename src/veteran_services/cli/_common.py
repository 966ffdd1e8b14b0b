"""What every command shares: exit statuses, the indicators it offers, its two errors (a usage
mistake, invalid data) and reading its inputs (caseload folders, models, labour markets)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Final, get_args

from veteran_services import io, metrics, scoring
from veteran_services.cli._output import _Progress
from veteran_services.errors import (
    RecordError,
    VeteranServicesError,
)
from veteran_services.metrics import Estimate
from veteran_services.model import Caseload

#: Exit status: success.
EXIT_OK: Final = 0


#: Exit status: the data are invalid (each problem is listed).
EXIT_INVALID_DATA: Final = 1


#: Exit status: a usage mistake (bad option, missing file).
EXIT_USAGE: Final = 2


#: The command's name in usage lines and messages.
PROG: Final = "veteran-services"


#: Where ``demo`` writes by default, in the current folder.
DEMO_FOLDER: Final = "veteran-services-demo"
#: The file by which ``demo`` knows a folder as one it made: there it remakes its caseload
#: folder and report on every run; in any other folder it replaces them only with --overwrite.
DEMO_MARK: Final = ".veteran-services-demo"


#: The indicators the ``metrics`` and ``league`` subcommands break down, by name (from the
#: registry of programme indicators, :data:`veteran_services.metrics.PROGRAMME_INDICATORS`).
_INDICATORS: Final = {
    name: indicator
    for name, indicator in metrics.PROGRAMME_INDICATORS.items()
    if indicator.by_group
}


#: Indicators the ``metrics`` and ``league`` subcommands can compute, by name.
METRICS: Final[dict[str, Callable[..., Estimate]]] = {
    name: indicator.function for name, indicator in _INDICATORS.items()
}


#: The rates among :data:`METRICS` (a league table compares proportions).
RATES: Final = tuple(name for name, indicator in _INDICATORS.items() if indicator.is_rate)


_GROUPINGS: Final = get_args(metrics.GroupBy)


class _UsageError(Exception):
    """A mistake in how the command was called (exit status 2)."""


class _InvalidData(Exception):
    """The data are invalid; *problems* are printed one per line (exit status 1)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = tuple(problems)


def _read(path: str, progress: _Progress) -> Caseload:
    """Read a caseload folder (or a database, given its URL); problems become
    :class:`_InvalidData`, a bad path a usage error."""
    # the database module builds on this one: imported when a URL is given
    from veteran_services.cli import _database

    if _database.is_database_url(path):
        return _database.read_database(path, progress)
    return _read_folder(path, progress).caseload


def _folder(path: str) -> Path:
    """The caseload folder PATH names; a usage error when there is none."""
    folder = Path(path)
    if not folder.exists():
        msg = f"no such folder: {path!r}"
        raise _UsageError(msg)
    if not folder.is_dir():
        msg = f"not a caseload folder (a folder with manifest.json): {path!r}"
        raise _UsageError(msg)
    return folder


def _read_folder(path: str, progress: _Progress) -> io.CaseloadFolder:
    """Read a caseload folder with where its records are (see :func:`_read`)."""
    folder = _folder(path)
    progress.stage(f"reading {path}")
    try:
        return io.read_caseload_folder(folder)
    except RecordError as error:
        raise _InvalidData(error.problems) from None
    finally:
        progress.clear()


def _as_of(args: argparse.Namespace, caseload: Caseload) -> date:
    if getattr(args, "as_of", None) is not None:
        day: date = args.as_of
        return day
    cutoff = metrics.data_cutoff(caseload)
    if cutoff is None:
        msg = "the caseload has no dated events; give --as-of YYYY-MM-DD"
        raise _UsageError(msg)
    return cutoff


def _model(path: str | None) -> scoring.QualityModel:
    if path is None:
        return scoring.QualityModel.default()
    file = Path(path)
    if not file.is_file():
        msg = f"no such model file: {path!r}"
        raise _UsageError(msg)
    try:
        return scoring.QualityModel.from_json(file.read_text(encoding="utf-8"))
    except (VeteranServicesError, ValueError, UnicodeDecodeError) as error:
        raise _InvalidData([f"{file.name}: {error}"]) from None


def _market(path: str | None) -> scoring.LabourMarket:
    """The built-in Nanjing tables, overlaid with the tables of a JSON file when given."""
    nanjing = scoring.LabourMarket.nanjing()
    if path is None:
        return nanjing
    file = Path(path)
    if not file.is_file():
        msg = f"no such labour-market file: {path!r}"
        raise _UsageError(msg)
    try:
        return scoring.LabourMarket.from_json(file, base=nanjing)
    except RecordError as error:
        raise _InvalidData(error.problems) from None
