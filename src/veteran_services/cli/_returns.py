"""The ``return`` and ``directory`` commands: the official return and the providers'
directory, filled from a caseload folder."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from veteran_services import codes, directory, returns
from veteran_services.cli._common import EXIT_OK, _as_of, _read, _UsageError
from veteran_services.cli._output import _, _lang, _Progress, _table
from veteran_services.errors import InvalidInputError


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"must be a date as YYYY-MM-DD, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _year(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        msg = f"must be a calendar year such as 2023, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def _at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        msg = f"must be a whole number of at least 1, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def add_returns(commands: object) -> None:
    """Register ``return`` and ``directory`` with the subcommands (a ``_Commands``)."""
    sub: argparse.ArgumentParser = commands.add(  # type: ignore[attr-defined]
        "return",
        "fill an official return from the records (mva: the annual return)",
        "Fill the annual MVA return of the veterans who separated in a year with the "
        "self-employment route (新增自主就业退役士兵就业及去向情况表): one row per district "
        "and the total, in persons, every identity of the form checked. Veterans the records "
        "cannot place are counted in no cell and listed with the reason.",
    )
    sub.add_argument("form", choices=("mva",), help="the return: mva, the annual MVA return")
    sub.add_argument("path", metavar="FOLDER", help="a caseload folder (with manifest.json)")
    sub.add_argument("--year", type=_year, required=True, help="the year the veterans separated in")
    sub.add_argument(
        "--as-of",
        type=_day,
        metavar="DATE",
        help="the date destinations are read on, YYYY-MM-DD (default: the latest dated "
        "event in the data)",
    )
    sub.add_argument(
        "--by",
        choices=("district", "prefecture", "province"),
        default="district",
        help="the reporting units (default: district)",
    )
    sub.add_argument(
        "--suppress",
        type=_at_least_one,
        metavar="N",
        help="withhold cells of fewer than N persons (default: publish every count)",
    )
    sub.add_argument(
        "--out",
        metavar="FILE",
        help="write the return laid out like the form to FILE (.xlsx or .csv)",
    )
    sub.add_argument("--overwrite", action="store_true", help="replace FILE of --out if it exists")
    sub.set_defaults(run=_cmd_return)

    hsds = commands.add(  # type: ignore[attr-defined]
        "directory",
        "publish the training providers and programmes as an HSDS 3 directory",
        "Write the training providers, their programmes and locations of a caseload folder "
        "as an Open Referral HSDS 3 data package: one CSV per table with datapackage.json, "
        "or the JSON form. Ids are UUID5 of the library's ids, so a republished directory "
        "keeps them.",
    )
    hsds.add_argument("path", metavar="FOLDER", help="a caseload folder (with manifest.json)")
    hsds.add_argument("--out", metavar="DIR", required=True, help="the folder to write")
    hsds.add_argument(
        "--form", choices=("csv", "json"), default="csv", help="the package's form (default csv)"
    )
    hsds.add_argument(
        "--overwrite", action="store_true", help="replace an existing directory folder"
    )
    hsds.set_defaults(run=_cmd_directory)


def _cmd_return(args: argparse.Namespace, progress: _Progress) -> int:
    caseload = _read(args.path, progress)
    day = _as_of(args, caseload)
    progress.stage("filling the return")
    try:
        ret = returns.mva_self_employment_destinations(
            caseload, year=args.year, as_of=day, by=args.by, suppress=args.suppress
        )
    except InvalidInputError as error:
        raise _UsageError(str(error)) from None
    progress.clear()
    out = sys.stdout
    heading = _("{title}, {year} (as of {as_of})").format(
        title=returns.MVA_TITLE, year=args.year, as_of=day.isoformat()
    )
    out.write(heading + "\n")
    headers = [_("unit"), *returns.LETTERS]
    rows = [
        [row.name, *("*" if row.counts[k] is None else str(row.counts[k]) for k in returns.LETTERS)]
        for row in ret.rows
    ]
    out.write(_table(headers, rows, right=set(range(1, len(headers)))) + "\n")
    for column in returns.MVA_COLUMNS:
        out.write(f"  {column.letter}  {column.heading}\n")
    problems = ret.problems()
    for problem in problems:
        out.write("  " + _("broken rule: {problem}").format(problem=problem) + "\n")
    if ret.uncounted:
        words = _("{n} veterans not counted (the records cannot place them):")
        out.write(words.format(n=len(ret.uncounted)) + "\n")
        names = ret.unit_names()
        for (unit, reason), n in ret.uncounted_by_unit().items():
            where = names.get(unit or "", _("no unit"))
            out.write(f"  {where}: {codes.label(reason, _lang())} {n}\n")
    if args.out:
        try:
            path = returns.write_mva_return(ret, Path(args.out), overwrite=args.overwrite)
        except InvalidInputError as error:
            raise _UsageError(str(error)) from None
        out.write(_("wrote {path}").format(path=path) + "\n")
    return EXIT_OK


def _cmd_directory(args: argparse.Namespace, progress: _Progress) -> int:
    caseload = _read(args.path, progress)
    progress.stage("writing the directory")
    try:
        folder = directory.write_hsds(
            args.out,
            caseload,
            form=args.form,
            overwrite=args.overwrite,
            lang="zh" if _lang() == "zh" else "en",
        )
    except InvalidInputError as error:
        raise _UsageError(str(error)) from None
    finally:
        progress.clear()
    words = _("wrote {providers} providers and {programmes} programmes to {path}")
    shown = words.format(
        providers=len(caseload.providers), programmes=len(caseload.programmes), path=folder
    )
    sys.stdout.write(shown + "\n")
    return EXIT_OK
