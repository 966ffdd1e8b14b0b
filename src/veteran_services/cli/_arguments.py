"""The argument parser: the options' types, and one builder per command."""

from __future__ import annotations

import argparse
import codecs
from datetime import date
from typing import NoReturn

from veteran_services import _i18n, io
from veteran_services._version import __version__
from veteran_services.cli import _help
from veteran_services.cli._common import (
    _GROUPINGS,
    DEMO_FOLDER,
    METRICS,
    PROG,
    RATES,
    _UsageError,
)
from veteran_services.cli._data import _cmd_check, _cmd_demo, _cmd_schema, _cmd_synth
from veteran_services.cli._database import add_export
from veteran_services.cli._effect import add_effect
from veteran_services.cli._engine import add_engine_option
from veteran_services.cli._import import _cmd_import, _cmd_import_csv
from veteran_services.cli._metrics import (
    _adjusters,
    _cmd_follow_ups,
    _cmd_league,
    _cmd_metrics,
)
from veteran_services.cli._returns import add_returns
from veteran_services.cli._scores import _cmd_report, _cmd_score
from veteran_services.cli._ventures import _cmd_ventures
from veteran_services.metrics import FollowUpStatus
from veteran_services.model import RECORD_KINDS
from veteran_services.synthetic import DEFAULT_AS_OF, SAMPLE_SEED, SAMPLE_VETERANS


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"must be a date as YYYY-MM-DD, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"must be a whole number of at least 1, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        msg = f"must be a whole number of at least 0, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _encoding(text: str) -> str:
    try:
        codecs.lookup(text)
    except LookupError:
        msg = f"must be a text encoding such as utf-8-sig or gbk, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    return text


def _schedule(text: str) -> tuple[int, ...]:
    try:
        waves = tuple(int(part) for part in text.split(","))
    except ValueError:
        waves = ()
    if not waves or any(w < 1 for w in waves):
        msg = f"must be months after the job starts, separated by commas (3,6,12), got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return waves


class _Parser(argparse.ArgumentParser):
    """argparse with the program name in every error, raising instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message}\n{self.format_usage().rstrip()}")


def _lang_option(parser: argparse.ArgumentParser) -> None:
    """``--lang``, which every command has (and the program itself, before the command); left
    unset when not given, so that ``main`` falls back on the environment and the locale."""
    parser.add_argument(
        "--lang",
        choices=_i18n.languages(),
        default=argparse.SUPPRESS,
        help=f"language of the output and the report (default: ${_i18n.ENVIRONMENT_VARIABLE}, "
        "then the locale, then en)",
    )


class _Commands:
    """The subcommands of the parser, each with the options every command has (``--quiet``,
    ``--lang``): a command added with :meth:`add` gets them without asking."""

    def __init__(self, parser: argparse.ArgumentParser) -> None:
        self.common = _Parser(add_help=False)
        self.common.add_argument(
            "-q", "--quiet", action="store_true", help="no progress output on stderr"
        )
        _lang_option(self.common)
        self.actions = parser.add_subparsers(
            dest="command",
            metavar="COMMAND",
            parser_class=_Parser,
            help="what to do (default: demo); 'COMMAND --help' describes each one's options",
        )

    def add(self, name: str, summary: str, description: str) -> argparse.ArgumentParser:
        """A new subcommand."""
        sub: argparse.ArgumentParser = self.actions.add_parser(
            name, help=summary, description=description, parents=[self.common]
        )
        return sub


# --- options several commands share -----------------------------------------------------------


def _city_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--veterans",
        type=_count,
        default=SAMPLE_VETERANS,
        metavar="N",
        help=f"number of veterans in the sample city (default {SAMPLE_VETERANS})",
    )
    sub.add_argument(
        "--seed",
        type=int,
        default=SAMPLE_SEED,
        metavar="S",
        help=f"random seed: the same seed gives the same city (default {SAMPLE_SEED})",
    )
    sub.add_argument(
        "--as-of",
        type=_date,
        default=DEFAULT_AS_OF,
        metavar="DATE",
        help=f"the city's reference date, YYYY-MM-DD (default {DEFAULT_AS_OF})",
    )


def _path_argument(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "path",
        metavar="PATH",
        help="a caseload folder (with manifest.json), or a database URL (sqlite:///caseload.db)",
    )


def _as_of_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="evaluation date, YYYY-MM-DD (default: the latest dated event in the data)",
    )


def _market_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--market",
        metavar="FILE",
        help="labour-market tables as JSON (LabourMarket.to_json): minimum wages, working "
        "time, social insurance, median wages; tables it lacks come from the built-in "
        "Nanjing ones",
    )


def _peer_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--peer-wages",
        action="store_true",
        help="without a median-wage table: compare wages with a peer reference, the median "
        "monthly earnings of the caseload's employed veterans by district and year (from its "
        "earnings records; not the labour-market median)",
    )


def _format_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="output format on stdout (default table)",
    )
    sub.add_argument(
        "--no-bom",
        action="store_true",
        help="CSV: leave out the UTF-8 byte-order mark that Excel needs to read Chinese",
    )


def _quarter_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--quarter",
        type=int,
        choices=(2, 4),
        default=2,
        help="quarter after exit for the employment and earnings indicators (default 2)",
    )


def _reading_options(sub: argparse.ArgumentParser) -> None:
    """The options import and import-csv share: how cells are read and what is kept."""
    sub.add_argument(
        "--encoding",
        type=_encoding,
        default="utf-8-sig",
        help="text encoding of CSV files, e.g. gbk (default utf-8-sig)",
    )
    sub.add_argument(
        "--dayfirst", action="store_true", help="read dates such as 01/03/2024 as 1 March"
    )
    sub.add_argument(
        "--instruments",
        metavar="FILE",
        help="for responses: the questionnaires as JSON Lines (a folder's "
        "instruments.jsonl), so that each answer is read on its question's scale",
    )
    sub.add_argument(
        "--include-personal",
        action="store_true",
        help="keep names, identity numbers and phone numbers in the output",
    )


# --- one builder per command ----------------------------------------------------------------


def _add_demo(commands: _Commands) -> None:
    demo = commands.add(
        "demo",
        "generate, check, score and report on the sample city",
        "Generate the sample city, check it, score it, print the headline indicators, and "
        "write the caseload folder (DIR/caseload) and the HTML report (DIR/report.html). The "
        "demo remakes both on every run in a folder it made (it leaves a "
        ".veteran-services-demo file there); in any other folder an existing caseload or "
        "report.html is refused unless --overwrite. Nothing else in DIR is touched.",
    )
    _city_options(demo)
    demo.add_argument(
        "--out",
        default=DEMO_FOLDER,
        metavar="DIR",
        help=f"folder to write into (default ./{DEMO_FOLDER})",
    )
    demo.add_argument(
        "--overwrite",
        action="store_true",
        help="replace DIR/caseload and DIR/report.html in a folder the demo did not make",
    )
    demo.set_defaults(run=_cmd_demo)


def _add_synth(commands: _Commands) -> None:
    synth = commands.add(
        "synth",
        "write a sample city as a caseload folder",
        "Generate a sample city and write it as a caseload folder.",
    )
    _city_options(synth)
    synth.add_argument("--out", required=True, metavar="DIR", help="the folder to write")
    synth.add_argument(
        "--include-personal",
        action="store_true",
        help="also write the (synthetic) names, identity numbers and phone numbers",
    )
    synth.set_defaults(run=_cmd_synth)


def _add_check(commands: _Commands) -> None:
    check = commands.add(
        "check",
        "list every problem of a caseload folder",
        "Read a caseload folder and list every problem, one per line, with its file, line "
        "and field, including the placements the labour-market tables (--market, as for "
        "'score' and 'report') cannot score. Exit status 1 when there is an error, 0 "
        "otherwise (warnings only): a folder without errors is one 'score' scores completely.",
    )
    _path_argument(check)
    _market_option(check)
    add_engine_option(check)
    check.set_defaults(run=_cmd_check)


def _add_score(commands: _Commands) -> None:
    score = commands.add(
        "score",
        "score the employment quality of every placement",
        "Score every placement of a caseload folder on the quality model and print a summary "
        "by region; with --out, write every score (CSV or JSON Lines).",
    )
    _path_argument(score)
    score.add_argument(
        "--model",
        metavar="FILE",
        help="a quality model as JSON (QualityModel.to_json); default: the built-in model",
    )
    _market_option(score)
    _peer_option(score)
    _as_of_option(score)
    score.add_argument(
        "--out",
        metavar="FILE",
        help="write every score to FILE: JSON Lines when it ends in .jsonl, CSV otherwise "
        "(with the byte-order mark Excel needs, numbers rounded to 4 places)",
    )
    score.add_argument(
        "--overwrite", action="store_true", help="replace FILE of --out if it exists"
    )
    score.add_argument(
        "--no-bom",
        action="store_true",
        help="CSV: leave out the UTF-8 byte-order mark that Excel needs to read Chinese",
    )
    add_engine_option(score)
    score.set_defaults(run=_cmd_score)


def _add_ventures(commands: _Commands) -> None:
    ventures = commands.add(
        "ventures",
        "entrepreneurship quality, venture survival, high growth, jobs and loans",
        "Score every venture of a caseload folder on the venture model, print Kaplan-Meier "
        "survival at 12, 24 and 36 months with Greenwood intervals by group and a log-rank "
        "test, the high-growth share, jobs created and the start-up loans' repayment.",
    )
    _path_argument(ventures)
    _as_of_option(ventures)
    ventures.add_argument(
        "--by",
        choices=("district", "cohort", "legal_form", "support"),
        default="district",
        help="the groups of the survival curves (default: district)",
    )
    ventures.set_defaults(run=_cmd_ventures)


def _add_metrics(commands: _Commands) -> None:
    metrics_ = commands.add(
        "metrics",
        "headline indicators, or one indicator by a field",
        "Print the headline indicators with their intervals; with --by, one indicator "
        "(--metric) broken down by a field with small-cell suppression.",
    )
    _path_argument(metrics_)
    metrics_.add_argument("--by", choices=_GROUPINGS, help="break the indicator down by this field")
    metrics_.add_argument(
        "--metric",
        choices=tuple(METRICS),
        default="employment_rate_after_exit",
        help="the indicator to break down (default employment_rate_after_exit)",
    )
    metrics_.add_argument(
        "--min-cell",
        type=_positive,
        default=10,
        metavar="N",
        help="suppress cells based on fewer than N people (default 10)",
    )
    _quarter_option(metrics_)
    _as_of_option(metrics_)
    _format_option(metrics_)
    add_engine_option(metrics_)
    metrics_.set_defaults(run=_cmd_metrics)


def _add_league(commands: _Commands) -> None:
    league = commands.add(
        "league",
        "league table with funnel limits",
        "Compare providers (or other groups) on a rate: each group's value and interval, "
        "funnel limits around the overall rate, a flag only outside the limits, and ranks "
        "with bootstrap intervals.",
    )
    _path_argument(league)
    league.add_argument(
        "--by", choices=_GROUPINGS, default="provider", help="the groups (default provider)"
    )
    league.add_argument(
        "--metric",
        choices=RATES,
        default="employment_rate_after_exit",
        help="the rate to compare (default employment_rate_after_exit)",
    )
    league.add_argument(
        "--overdispersion",
        action="store_true",
        help="widen the limits for between-group variation (DerSimonian-Laird)",
    )
    league.add_argument(
        "--method",
        choices=("exact", "arcsine", "normal"),
        default="exact",
        help="how the funnel limits of the rates are drawn: exact binomial (default), "
        "FunnelPlotR's arcsine, or the normal approximation",
    )
    league.add_argument(
        "--adjust-for",
        type=_adjusters,
        default=None,
        metavar="NAMES",
        help="compare observed with expected after case-mix adjustment for these "
        "characteristics, comma-separated from age_band, sex, education, rank, region, "
        "service_years, years_since_separation, barriers ('default' for age_band, sex, "
        "education, rank, barriers; 'default,region' adds the district); needs the fair extra",
    )
    league.add_argument(
        "--replicates",
        type=_positive,
        default=1000,
        metavar="N",
        help="bootstrap replicates for the rank intervals (default 1000)",
    )
    league.add_argument(
        "--seed", type=int, default=0, metavar="S", help="bootstrap seed (default 0)"
    )
    league.add_argument(
        "--min-n",
        type=_positive,
        default=10,
        metavar="N",
        help="rank only groups of at least N people; smaller ones are listed (with their "
        "flag) but not ranked (default 10)",
    )
    _quarter_option(league)
    _as_of_option(league)
    _format_option(league)
    add_engine_option(league)
    league.set_defaults(run=_cmd_league)


def _add_follow_ups(commands: _Commands) -> None:
    follow_ups = commands.add(
        "follow-ups",
        "the follow-up worklist on a date",
        "List the follow-up surveys that are due or overdue on a date (and, with --within, "
        "those falling due in the following days).",
    )
    _path_argument(follow_ups)
    follow_ups.add_argument(
        "--as-of", type=_date, required=True, metavar="DATE", help="the date, YYYY-MM-DD"
    )
    follow_ups.add_argument(
        "--within",
        type=_count,
        default=0,
        metavar="DAYS",
        help="also list surveys falling due within DAYS after the date (default 0)",
    )
    follow_ups.add_argument(
        "--status",
        nargs="+",
        choices=[s.value for s in FollowUpStatus],
        default=["due", "overdue"],
        help="statuses to list (default: due overdue)",
    )
    follow_ups.add_argument(
        "--schedule",
        type=_schedule,
        default=(3, 6, 12),
        metavar="MONTHS",
        help="follow-up waves in months after the job starts (default 3,6,12)",
    )
    follow_ups.add_argument(
        "--grace-days",
        type=_count,
        default=30,
        metavar="DAYS",
        help="days after the due date before a survey is overdue (default 30)",
    )
    follow_ups.add_argument(
        "--lost-after-attempts",
        type=_positive,
        default=3,
        metavar="N",
        help="failed contact attempts (non-contact, other or unknown eligibility) after which "
        "a survey is lost to follow-up (default 3)",
    )
    follow_ups.add_argument(
        "--lost-after-days",
        type=_count,
        default=180,
        metavar="DAYS",
        help="days past the overdue date after which an open survey is lost to follow-up "
        "(default 180)",
    )
    _format_option(follow_ups)
    add_engine_option(follow_ups)
    follow_ups.set_defaults(run=_cmd_follow_ups)


def _add_report(commands: _Commands) -> None:
    report_ = commands.add(
        "report",
        "write the HTML report of a caseload folder",
        "Write one self-contained HTML file (charts embedded, works offline) with the "
        "headline indicators, districts, providers, quality, follow-up and compliance.",
    )
    _path_argument(report_)
    report_.add_argument("--out", required=True, metavar="FILE", help="the HTML file to write")
    report_.add_argument(
        "--overwrite", action="store_true", help="replace FILE of --out if it exists"
    )
    report_.add_argument(
        "--model",
        metavar="FILE",
        help="a quality model as JSON (QualityModel.to_json); default: the built-in model",
    )
    report_.add_argument(
        "--min-cell",
        type=_positive,
        default=10,
        metavar="N",
        help="hide cells and providers based on fewer than N people (default 10)",
    )
    _market_option(report_)
    _peer_option(report_)
    _as_of_option(report_)
    add_engine_option(report_)
    report_.set_defaults(run=_cmd_report)


def _add_schema(commands: _Commands) -> None:
    schema = commands.add(
        "schema",
        "JSON Schemas of the record kinds",
        "Print the JSON Schema (Draft 2020-12) of every record kind, or write one file per "
        "kind with --out.",
    )
    schema.add_argument("--out", metavar="DIR", help="write <kind>.schema.json files into DIR")
    schema.add_argument(
        "--overwrite", action="store_true", help="replace schema files of --out written before"
    )
    schema.add_argument(
        "--kind", choices=RECORD_KINDS, help="print the schema of this record kind only"
    )
    schema.set_defaults(run=_cmd_schema)


def _add_import(commands: _Commands) -> None:
    importer = commands.add(
        "import",
        "read ledgers, CSV files and workbooks into a caseload folder",
        "Read one or more files into a caseload folder (or, for one kind, a .jsonl file). A "
        "file is a one-sheet ledger (台账: veterans, employers and jobs on one sheet) unless "
        "--kind or a KIND=FILE argument names its record kind; CSV and workbooks (.xlsx, .xls, "
        ".ods) are told apart by their contents. Rows with problems are left out and listed "
        "with their sheet, row, header and what to fix; an existing folder is never replaced "
        "or changed unless --replace or --merge is given.",
    )
    importer.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a ledger, or KIND=FILE for a file of one record kind (employers=firms.xlsx)",
    )
    importer.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="the folder (or .jsonl file), or a database URL (sqlite:///caseload.db, "
        "postgresql://user@host/db)",
    )
    importer.add_argument(
        "--kind",
        choices=tuple(io.CSV_KINDS),
        help="the record kind of every FILE without KIND= (by default they are ledgers)",
    )
    replace = importer.add_mutually_exclusive_group()
    replace.add_argument("--replace", action="store_true", help="write an existing folder anew")
    replace.add_argument(
        "--merge",
        action="store_true",
        help="add the records to an existing folder (an id already there is a problem, and "
        "nothing is written)",
    )
    importer.add_argument(
        "--columns",
        action="append",
        metavar="cn|FILE",
        help="map headers to columns: 'cn' for the common Chinese headers of --kind, or a JSON "
        "file that extends them (repeatable; ledgers know the Chinese headers already)",
    )
    importer.add_argument(
        "--ignore-unknown-columns",
        action="store_true",
        help="set aside columns nobody maps (they are named), instead of refusing the file",
    )
    importer.add_argument("--sheet", metavar="NAME", help="for a workbook: the sheet to read")
    importer.add_argument(
        "--header-row",
        type=_positive,
        metavar="N",
        help="the row holding the headers (1 is the first)",
    )
    importer.add_argument(
        "--key-file",
        metavar="FILE",
        help="a secret key (32 bytes or more) that makes veterans' ids from their identity "
        "numbers, the same in every import",
    )
    importer.add_argument(
        "--all-or-nothing",
        action="store_true",
        help="write nothing (exit 1) when any row has a problem",
    )
    _reading_options(importer)
    importer.set_defaults(run=_cmd_import)


def _add_import_csv(commands: _Commands) -> None:
    import_csv = commands.add(
        "import-csv",
        "read a spreadsheet (CSV) into JSON Lines",
        "Read a CSV file of one record kind (Chinese headers welcome) and write it as JSON "
        "Lines (--out FILE.jsonl) or as a caseload folder (--out DIR). Every problem is "
        "listed with its row and column.",
    )
    import_csv.add_argument(
        "kind",
        metavar="KIND",
        choices=tuple(io.CSV_KINDS),
        help="record kind: " + ", ".join(io.CSV_KINDS),
    )
    import_csv.add_argument("file", metavar="FILE", help="the CSV file")
    import_csv.add_argument(
        "--out", required=True, metavar="PATH", help="a .jsonl file, or a folder to write"
    )
    import_csv.add_argument(
        "--columns",
        metavar="cn|FILE",
        help="map headers to columns: 'cn' for the common Chinese headers, or a JSON file",
    )
    _reading_options(import_csv)
    import_csv.set_defaults(run=_cmd_import_csv)


def _parser() -> argparse.ArgumentParser:
    """The command line's argument parser, every subcommand in the order of ``--help``."""
    parser = _Parser(
        prog=PROG,
        description=(
            "Veterans' employment, training and entrepreneurship services: check, score and "
            "report on a caseload. Without a subcommand, runs 'demo'."
        ),
        epilog="Exit status: 0 success, 1 invalid data, 2 usage mistake.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _lang_option(parser)
    commands = _Commands(parser)
    for add in (
        _add_demo,
        _add_synth,
        _add_check,
        _add_score,
        _add_ventures,
        _add_metrics,
        _add_league,
        _add_follow_ups,
        add_effect,
        add_returns,
        _add_report,
        _add_schema,
        _add_import,
        _add_import_csv,
        add_export,
    ):
        add(commands)
    return _help.translate(parser)
