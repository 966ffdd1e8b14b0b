"""The parser's help in the language of the output: descriptions, option help, group titles
and the usage prefix, translated after the parser is built (so a subcommand added in
``_arguments`` needs nothing more than its English text; ``scripts/i18n.py`` extracts it)."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator

from veteran_services import _i18n
from veteran_services.cli._output import _lang

#: argparse's own words that the help shows (its msgids, in the ``argparse`` domain).
ARGPARSE_WORDS = (
    "usage: ",
    "positional arguments",
    "options",
    "show this help message and exit",
    "show program's version number and exit",
)


def parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """*parser* and every subcommand's parser."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from parsers(sub)


def texts(parser: argparse.ArgumentParser) -> Iterator[str]:
    """Every help text of *parser* and its subcommands (what the catalogue must translate)."""
    yield from ARGPARSE_WORDS
    for each in parsers(parser):
        if each.description:
            yield each.description
        if each.epilog:
            yield each.epilog
        for action in each._actions:
            if action.help and action.help is not argparse.SUPPRESS:
                yield action.help
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if choice.help:
                        yield choice.help


class _Formatter(argparse.HelpFormatter):
    """Help with the usage prefix in the language of the output."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        if prefix is None:
            prefix = _i18n.translate("usage: ", _lang())
        super().add_usage(usage, actions, groups, prefix)


def translate(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """*parser* with its help in the language of the output (unchanged in English)."""
    lang = _lang()
    if lang == _i18n.SOURCE_LANGUAGE:
        return parser

    def _(message: str) -> str:
        return _i18n.translate(message, lang)

    for each in parsers(parser):
        each.formatter_class = _Formatter
        if each.description:
            each.description = _(each.description)
        if each.epilog:
            each.epilog = _(each.epilog)
        for group in each._action_groups:
            if group.title:
                group.title = _(group.title)
        for action in each._actions:
            if action.help and action.help is not argparse.SUPPRESS:
                action.help = _(action.help)
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if choice.help:
                        choice.help = _(choice.help)
    return parser
