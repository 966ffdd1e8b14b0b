"""The library's words in other languages: GNU gettext message catalogues (standard library).

Every user-facing English string is the *msgid* of a catalogue entry; each language other than
English has one catalogue, ``locale/<lang>/LC_MESSAGES/veteran_services.po``, compiled to the
``.mo`` file shipped beside it in the wheel. ``scripts/i18n.py extract`` gathers the strings
(literal arguments of :func:`N_`, :func:`translate` and the command line's ``_``, and the
labels of the enums registered with ``codes.register_labels``) into
``locale/veteran_services.pot`` and merges them into every catalogue; ``scripts/i18n.py
compile`` writes the ``.mo`` files. A third language is one new ``.po`` file, compiled.

Runtime needs nothing beyond :mod:`gettext`; a string a catalogue lacks stays English
(tests/test_i18n.py fails when the Chinese catalogue lacks one).

>>> translate("Count", "zh"), translate("Count", "en")
('数量', 'Count')
>>> translate_plural("{n} placement", "{n} placements", 2, "en").format(n=2)
'2 placements'
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Final

from veteran_services.errors import InvalidInputError

__all__ = [
    "DOMAIN",
    "ENVIRONMENT_VARIABLE",
    "LOCALE_DIR",
    "MESSAGE_TEMPLATES",
    "N_",
    "PROBLEM_TEMPLATES",
    "SOURCE_LANGUAGE",
    "check_lang",
    "default_lang",
    "languages",
    "register_templates",
    "registered_templates",
    "templates",
    "translate",
    "translate_plural",
    "translate_problem",
    "translate_text",
]

#: The gettext domain: the catalogues' file name.
DOMAIN: Final = "veteran_services"

#: Where the catalogues live (package data, shipped in the wheel).
LOCALE_DIR: Final = Path(__file__).parent / "locale"

#: The language the msgids are written in.
SOURCE_LANGUAGE: Final = "en"

#: The environment variable that chooses the command line's language (before the locale).
ENVIRONMENT_VARIABLE: Final = "VETERAN_SERVICES_LANG"


def N_(message: str) -> str:
    """Mark *message* for extraction; it is translated where it is shown."""
    return message


@cache
def languages() -> tuple[str, ...]:
    """English and every language with a compiled catalogue, English first."""
    found = sorted(
        path.name
        for path in LOCALE_DIR.iterdir()
        if (path / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    )
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


def check_lang(lang: object, argument: str = "lang") -> str:
    """*lang* when it is one of :func:`languages`; an :class:`InvalidInputError` otherwise."""
    for known in languages():
        if lang == known:
            return known
    msg = f"'{argument}' must be one of {', '.join(languages())}, got {lang!r}"
    raise InvalidInputError(argument, msg)


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def translate(message: str, lang: str, *, context: str | None = None) -> str:
    """*message* (an English msgid) in *lang*; English when the catalogue lacks it.

    Args:
        message: The English text, as written in the code.
        lang: A language of :func:`languages`.
        context: The msgctxt, when one English text needs different translations.

    Raises:
        InvalidInputError: *lang* has no catalogue.
    """
    catalogue = _catalogue(check_lang(lang))
    if context is None:
        return catalogue.gettext(message)
    return catalogue.pgettext(context, message)


def translate_plural(singular: str, plural: str, n: int, lang: str) -> str:
    """The singular or plural form of a message for the count *n*, in *lang*."""
    return _catalogue(check_lang(lang)).ngettext(singular, plural, n)


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language asked for by :data:`ENVIRONMENT_VARIABLE`, then by the locale
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), when it is one of :func:`languages`; else English.

    >>> default_lang({"VETERAN_SERVICES_LANG": "zh"}), default_lang({"LANG": "zh_CN.UTF-8"})
    ('zh', 'zh')
    >>> default_lang({"LANG": "C.UTF-8"})
    'en'

    Raises:
        InvalidInputError: :data:`ENVIRONMENT_VARIABLE` names a language without a catalogue.
    """
    env = os.environ if environ is None else environ
    chosen = env.get(ENVIRONMENT_VARIABLE, "").strip()
    if chosen:
        return check_lang(chosen, ENVIRONMENT_VARIABLE)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "").strip()
        if value:
            lang = value.split(".")[0].split("_")[0].split("-")[0].lower()
            return lang if lang in languages() else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


#: The shapes of the library's English messages that carry figures or names (the notes and
#: reasons of metrics' estimates, say): :func:`translate_text` translates a message of one of
#: these shapes with its ``{fields}`` kept (each translated in turn when it is a message too).
MESSAGE_TEMPLATES: Final[tuple[str, ...]] = (
    "at any time",
    "no venture with a snapshot",
    (
        "no venture can be classified (none has snapshots three years apart from at least {n} "
        "employees)"
    ),
    "no founder of a venture with a snapshot",
    "no guaranteed loan with a recorded repayment status ({what})",
    "repayment rate",
    "default rate",
    "no {label} venture was observed for {months} months by {cutoff}",
    "ended after",
    "held for",
    " (job strain)",
    " (contract type not recorded: compared as full-time work)",
    "the placement starts on {start}, after the scoring date {as_of}",
    (
        "the indicators present carry {present} of the weight, below the minimum coverage of "
        "{minimum}; missing: {missing}"
    ),
    "veteran",
    "provider",
    "programme",
    "enrolment",
    "employer",
    "placement",
    "instrument",
    (
        "{n} earnings figure(s) estimated from placements (monthly wage × months worked in "
        "the quarter)"
    ),
    "{n} employed exiter(s) without an earnings figure left out",
    "{n} employed exiter(s) with zero recorded earnings left out",
    (
        "{n} employed exiter(s) left out for their currency (listed in 'excluded'): a "
        "median adds no amounts in different currencies"
    ),
    (
        "{n} interview(s) left out: their instrument version is not in the caseload, so "
        "their answers cannot be read (add the instrument)"
    ),
    "{n} placement(s) not scored ({counts}): listed in 'excluded' with the reason",
    "earnings in {currency}, not in {unit} (the currency of the median)",
    "fewer than {min_n} units (n = {n}): listed, not ranked",
    "no rate ({reason}): listed, not ranked",
    "no units in {cohort}",
    "no eligible case in the {wave}-month wave",
    "no employed exiter {between} has earnings above zero",
    "no exiter {between} was employed in quarter {quarter}",
    "no exiters from training {between} are left",
    "no exiters {between} are left in the cohort",
    "no follow-up case at the {nth}-month wave",
    "no known outcome at the {nth}-month wave",
    "no placement started {between} by {as_of} has a score",
    "no placement's {wave}-month follow-up was due",
    "no venture is old enough ({span} months) to be observed by {cutoff}",
    "no veteran has a {anchor} date {between}",
    "no veteran with a {anchor} {between} was placed",
    "nobody economically active with a known outcome at the {nth}-month wave",
    "nobody was in training between {first} and {last}",
    "between {first} and {last}",
)


@cache
def _pattern(template: str) -> re.Pattern[str]:
    pieces = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        f"(?P<{piece}>.+?)" if index % 2 else re.escape(piece) for index, piece in enumerate(pieces)
    )
    return re.compile(regex, re.DOTALL)


def translate_text(
    message: str, lang: str, templates: Iterable[str] | None = None, *, words: bool = False
) -> str:
    """*message* in *lang*: its catalogue entry, or else the translation of the first of
    *templates* (default :data:`MESSAGE_TEMPLATES`) it fits, filled with its own values (each
    translated in turn); English when neither.

    With *words*, a template fits only when every field's value is a catalogue entry or a
    number (names built of words: ``"Plum Blossom Restaurant"`` is word and noun, split where
    both are known).

    >>> translate_text("fewer than 10 units (n = 4): listed, not ranked", "zh")
    '少于 10 个单位（n = 4）：仅列出，不排名'
    """
    catalogue = _catalogue(check_lang(lang))
    if lang == SOURCE_LANGUAGE:
        return message
    found = catalogue.gettext(message)
    if found != message:
        return found
    for template in MESSAGE_TEMPLATES if templates is None else templates:
        if words:
            known = _fill(re.split(r"\{(\w+)\}", template), message, catalogue)
            if known is not None:
                return catalogue.gettext(template).format(**known)
            continue
        match = _pattern(template).fullmatch(message)
        if match is not None:
            values = {k: translate_text(v, lang) for k, v in match.groupdict().items()}
            return catalogue.gettext(template).format(**values)
    return message


def _fill(
    pieces: list[str], message: str, catalogue: gettext.NullTranslations
) -> dict[str, str] | None:
    """The translated fields of *message* split as the template *pieces* (literal, field,
    literal, ...) say, every field a catalogue word or a number; None when no split works."""
    if not message.startswith(pieces[0]):
        return None
    rest = message[len(pieces[0]) :]
    if len(pieces) == 1:
        return {} if rest == "" else None
    field, after = pieces[1], pieces[2]
    for end in range(1, len(rest) + 1):
        value = rest[:end]
        if not rest[end:].startswith(after):
            continue
        word = catalogue.gettext(value)
        if word == value and not value.isdigit():
            continue
        filled = _fill(pieces[2:], rest[end:], catalogue)
        if filled is not None:
            return {field: word, **filled}
    return None


#: The English messages of the problems ``Caseload.check`` and ``scoring.check_market`` find,
#: by problem code (``ProblemCode`` and ``MarketProblemCode`` values): each code's message
#: templates, translated with their figures kept (:func:`translate_problem`).
PROBLEM_TEMPLATES: Final[Mapping[str, tuple[str, ...]]] = {
    "duplicate-id": ("the id {id} is used more than once",),
    "duplicate-earnings": (
        (
            "earnings from {employer} in {quarter} are recorded more than once; they will be added "
            "together"
        ),
    ),
    "dangling-reference": ("{field} refers to a missing {target} {value}",),
    "placement-before-service": (
        "'started_on' must not precede the veteran's first service start ({start}), got {got}",
    ),
    "credential-before-enrolment": (
        "credential {title} 'awarded_on' must not precede 'enrolled_on' ({enrolled}), got {got}",
    ),
    "skill-gain-before-enrolment": (
        "skill gain {kind} 'achieved_on' must not precede 'enrolled_on' ({enrolled}), got {got}",
    ),
    "response-before-placement": (
        "'collected_on' must not precede the placement's 'started_on' ({started}), got {got}",
    ),
    "response-placement-mismatch": (
        "'placement_id' {placement} is a placement of veteran {owner}, not of {veteran}",
    ),
    "placement-enrolment-mismatch": (
        "'enrolment_id' {enrolment} is an enrolment of veteran {owner}, not of {veteran}",
    ),
    "unknown-question": (
        (
            "answers question {question}, which instrument {instrument} version {version} does not "
            "have"
        ),
    ),
    "answer-out-of-scale": ("the answer to {question} {problem}",),
    "instrument-version-mismatch": (
        "'instrument_version' {version} is not a version of instrument {instrument}",
    ),
    "unknown-region": (
        (
            "'region' {region} is not in the region code list; add it with "
            "veteran_services.codes.add_region"
        ),
    ),
    "outside-market-regions": (
        (
            "'employer_id' {employer} is in region {region}, outside the labour-market tables "
            "{tables}: {places}"
        ),
    ),
    "outside-market-dates": (
        (
            "'started_on' {day} is before the labour-market tables {tables} start for region "
            "{region}: {dates}; add rows from an earlier date or correct the date"
        ),
    ),
    "no-hourly-minimum": (
        (
            "'contract' is part-time work, held to the hourly minimum wage, but the "
            "minimum-wage row of {tables} for region {region} from {valid_from} has no hourly "
            "minimum; add one to the minimum-wage table"
        ),
    ),
}


_TEMPLATES: dict[str, dict[str, str]] = {}


def register_templates(kind: str, templates: Mapping[str, str]) -> None:
    """Register English message templates of a *kind* (``"name"``: how the sample city builds
    the names of its providers, programmes and employers) with their Chinese translations,
    which ``scripts/i18n.py extract`` puts in the ``zh`` catalogue; words of the templates'
    fields are catalogue entries too. :func:`templates` gives them back.

    >>> register_templates("example", {"{n} apples": "{n} 个苹果"})
    >>> templates("example")
    ('{n} apples',)
    """
    _TEMPLATES.setdefault(kind, {}).update(templates)


def templates(kind: str) -> tuple[str, ...]:
    """The English templates registered for *kind* (none when nothing registered them)."""
    return tuple(_TEMPLATES.get(kind, {}))


def registered_templates() -> dict[str, dict[str, str]]:
    """Every registered template by kind, English to Chinese (for ``scripts/i18n.py``)."""
    return {kind: dict(pairs) for kind, pairs in _TEMPLATES.items()}


def translate_problem(code: str, message: str, lang: str) -> str:
    """A problem's *message* in *lang*, by the templates of its *code*
    (:data:`PROBLEM_TEMPLATES`); English when none fits.

    >>> translate_problem("dangling-reference", "'employer_id' refers to a missing employer 'E9'",
    ...                   "zh")
    "'employer_id' 引用的用人单位 'E9' 不存在"
    """
    return translate_text(message, lang, PROBLEM_TEMPLATES.get(code, ()))
