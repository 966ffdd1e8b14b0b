"""The command line: ``veteran-services`` (also ``python -m veteran_services``).

A thin face over the public API: every figure it prints comes from
:mod:`veteran_services.metrics`, :mod:`veteran_services.scoring` or the model, and every file
it reads or writes goes through :mod:`veteran_services.io`. Subcommands:

- ``demo``: generate the sample city, check it, score it, print the headline figures, and write
  the caseload folder and the HTML report (the default when no subcommand is given);
- ``synth``: generate a sample city into a caseload folder;
- ``check``: read a caseload folder and list every problem with its file, line and field,
  including the placements the labour-market tables cannot score;
- ``score``: score the employment quality of every placement, saying how many were left
  unscored and why;
- ``metrics``: headline indicators, or one indicator broken down by a field;
- ``league``: a league table of providers (or districts) with funnel limits;
- ``follow-ups``: the follow-up worklist on a date;
- ``report``: the HTML report of a caseload folder;
- ``schema``: the JSON Schemas of the record kinds;
- ``import``: read ledgers, CSV files and workbooks into a caseload folder (never replacing one
  unless asked).
- ``import-csv``: read a spreadsheet (CSV, Chinese headers welcome) into JSON Lines or a folder.

Exit status: 0 on success, 1 when the data are invalid (every problem listed, one per line,
with file, line and field), 2 for a usage mistake (a missing file, a bad option). A user's
mistake never ends in a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from veteran_services import _i18n
from veteran_services._checks import checked
from veteran_services.cli._arguments import _parser
from veteran_services.cli._common import (
    EXIT_INVALID_DATA,
    EXIT_OK,
    EXIT_USAGE,
    METRICS,
    PROG,
    RATES,
    _InvalidData,
    _UsageError,
)
from veteran_services.cli._output import _BOM, _LANG, _, _cli_hint, _Progress
from veteran_services.errors import InvalidInputError, RecordError, VeteranServicesError

__all__ = ["EXIT_INVALID_DATA", "EXIT_OK", "EXIT_USAGE", "METRICS", "RATES", "main"]


@checked
def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default ``sys.argv[1:]``); return the exit status.

    0 on success, 1 when the data are invalid (each problem on its own line), 2 for a usage
    mistake. Without a subcommand, runs ``demo``.
    """
    arguments = _with_command(list(sys.argv[1:] if argv is None else argv))
    token = _LANG.set(_asked_lang(arguments))  # for the parser's help and messages too
    try:
        return _main(arguments)
    finally:
        _LANG.reset(token)


def _main(arguments: list[str]) -> int:
    """:func:`main` on *arguments* (with the command put in), the language being set."""
    parser = _parser()
    try:
        args = parser.parse_args(arguments)
        args.lang = getattr(args, "lang", None) or _i18n.default_lang()
        _LANG.set(args.lang)
        _BOM.set(not getattr(args, "no_bom", False))
        progress = _Progress(quiet=args.quiet)
        status: int = args.run(args, progress)
    except SystemExit as exit_:  # --help and --version
        return exit_.code if isinstance(exit_.code, int) else EXIT_OK
    except _UsageError as error:
        _say(_("error: {error}").format(error=_cli_hint(str(error))))
        return EXIT_USAGE
    except _InvalidData as invalid:
        for line in invalid.problems:
            sys.stderr.write(line + "\n")
        _say(_("{n} problem(s) in the data").format(n=len(invalid.problems)))
        return EXIT_INVALID_DATA
    except RecordError as error:
        for line in error.problems:
            sys.stderr.write(line + "\n")
        return EXIT_INVALID_DATA
    except InvalidInputError as error:  # the library's words, with the options' names
        _say(_("error: {error}").format(error=_cli_hint(str(error))))
        return EXIT_USAGE
    except (VeteranServicesError, ImportError) as error:
        _say(_("error: {error}").format(error=error))
        return EXIT_USAGE if isinstance(error, ImportError) else EXIT_INVALID_DATA
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        _silence_stdout()
        return EXIT_OK
    except OSError as error:  # a file that cannot be read or written where it was asked for
        _say(_("error: {error}").format(error=error))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say(_("interrupted"))
        return 130
    return status


def _asked_lang(arguments: list[str]) -> str:
    """The language *arguments* ask for with ``--lang``, else the environment's, else English
    (a bad value is left for the parser, or for :func:`_i18n.default_lang`, to refuse)."""
    for index, argument in enumerate(arguments):
        value = None
        if argument == "--lang" and index + 1 < len(arguments):
            value = arguments[index + 1]
        elif argument.startswith("--lang="):
            value = argument.removeprefix("--lang=")
        if value in _i18n.languages():
            return value
    try:
        return _i18n.default_lang()
    except InvalidInputError:
        return _i18n.SOURCE_LANGUAGE


def _say(words: str) -> None:
    """A message of the program's own on stderr, after its name."""
    sys.stderr.write(f"{PROG}: {words}\n")


def _with_command(arguments: list[str]) -> list[str]:
    """*arguments* with ``demo`` put in when no subcommand is named (after a leading
    ``--lang X``, the program's own option)."""
    lead: list[str] = []
    rest = arguments
    if rest and rest[0] == "--lang" and len(rest) > 1:
        lead, rest = rest[:2], rest[2:]
    elif rest and rest[0].startswith("--lang="):
        lead, rest = rest[:1], rest[1:]
    if not rest or (rest[0].startswith("-") and rest[0] not in ("-h", "--help", "--version")):
        rest = ["demo", *rest]
    return [*lead, *rest]


def _silence_stdout() -> None:
    """Point stdout at the null device, so that flushing at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (captured in tests)
        pass
