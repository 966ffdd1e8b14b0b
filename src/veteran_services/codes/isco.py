"""ISCO-08, the International Standard Classification of Occupations (ILO).

The full structure: 10 major groups (1 digit), 43 sub-major groups (2 digits), 130 minor groups
(3 digits) and 436 unit groups (4 digits), with their English titles. Codes are strings, because
the leading zero of the armed forces groups (``"0110"``) matters. A group's parent is the code
without its last digit, so ``"2512"`` (Software developers) lies in ``"251"``, ``"25"`` and
``"2"``.

The data file ``data/isco08.csv`` (columns ``code,title``) is read on first use and cached.
Chinese titles of every group live in ``data/isco08_zh.csv`` (columns ``code,title_zh,source``),
also read on first use: ``occupation("5414").title_zh`` is ``'保安员'``. They are the project's
own translation (no authoritative Chinese edition of ISCO-08 is known to us), in the wording of
China's occupational classification where a term fits; each row names its source.

Source of the titles: ILO, *International Standard Classification of Occupations: ISCO-08*,
Volume 1 (structure adopted 2007/2008, published 2012), in the sentence-case spelling of the
ILO's structure file. The file was transcribed from the ISCO-08 label set distributed with the
OECD PIAAC survey (repository ``Takahiro-Toriyabe/measuring-skilluse-piaac``, path
``do-file/common/label_occup4digit.do``), which lacks the armed forces groups; those nine groups
(``01``-``03``, ``011``-``031``, ``0110``-``0310``) were taken from the European Commission's
ESCO ``ISCOGroups_en.csv``. One title was corrected against the ILO publication: unit group
``3411`` is "Legal and related associate professionals" (the PIAAC and ESS label sets repeat
3355's "Police inspectors and detectives" there). The counts 10/43/130/436 and every parent
link are checked by the tests.

>>> occupation("2512").title
'Software developers'
>>> [group.code for group in occupation("2512").parents]
['2', '25', '251']
>>> shared_digits("2512", "2519")
3
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from functools import cache
from importlib.resources import files

from attrs import Factory, field, frozen

from veteran_services._checks import checked
from veteran_services.codes._labels import Lang
from veteran_services.codes._suggest import shared_prefix, shown_code, suggest
from veteran_services.errors import InvalidRecordError, UnknownCodeError

__all__ = [
    "ISCO08_SOURCE",
    "ISCO08_VERSION",
    "Occupation",
    "is_occupation",
    "occupation",
    "occupations",
    "shared_digits",
]

ISCO08_VERSION = "ISCO-08"
ISCO08_SOURCE = (
    "International Labour Office, International Standard Classification of Occupations: "
    "ISCO-08, Volume 1: Structure, group definitions and correspondence tables (Geneva: ILO, 2012)"
)

_CODE_LIST = "ISCO-08"
_LEVEL_NAMES = {1: "major", 2: "sub-major", 3: "minor", 4: "unit"}


def _level_of(self: Occupation) -> int:
    return len(self.code)


def _parent_of(self: Occupation) -> str | None:
    return self.code[:-1] or None


@frozen(kw_only=True)
class Occupation:
    """One group of ISCO-08: a major, sub-major, minor or unit group.

    ``level`` and ``parent`` follow from the code and are not passed to the constructor.

    Attributes:
        code: The group's code, 1 to 4 digits (``"2512"``).
        title: The official English title (``"Software developers"``).
        level: 1 (major group), 2 (sub-major), 3 (minor) or 4 (unit group).
        parent: The code of the enclosing group, or None for a major group.

    >>> Occupation(code="251", title="Software and applications developers and analysts")
    Occupation(code='251', title='Software and applications developers and analysts',
               level=3, parent='25')
    """

    code: str = field()
    title: str = field()
    level: int = field(init=False, default=Factory(_level_of, takes_self=True))
    parent: str | None = field(init=False, default=Factory(_parent_of, takes_self=True))

    @code.validator
    def _check_code(self, attribute: object, value: str) -> None:
        if not (isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 4):
            msg = f"'code' must be a string of 1 to 4 digits, got {value!r}"
            raise InvalidRecordError("code", msg)

    @title.validator
    def _check_title(self, attribute: object, value: str) -> None:
        if not isinstance(value, str) or not value or value != value.strip():
            msg = f"'title' must be non-empty, without surrounding whitespace, got {value!r}"
            raise InvalidRecordError("title", msg)

    @property
    def parents(self) -> tuple[Occupation, ...]:
        """The enclosing groups, from the major group down to the direct parent.

        Empty for a major group.

        >>> [group.title for group in occupation("0110").parents]
        ['Armed forces occupations', 'Commissioned armed forces officers',
         'Commissioned armed forces officers']
        """
        return tuple(occupation(self.code[:end]) for end in range(1, len(self.code)))

    @property
    def level_name(self) -> str:
        """The level's name in ISCO-08: ``"major"``, ``"sub-major"``, ``"minor"`` or ``"unit"``.

        >>> occupation("25").level_name
        'sub-major'
        """
        return _LEVEL_NAMES[self.level]

    @property
    def title_zh(self) -> str | None:
        """The Chinese title (the project's own translation; see ``data/isco08_zh.csv``).

        None only for a group built by hand whose code is not in ISCO-08.

        >>> occupation("5414").title_zh, occupation("83").title_zh
        ('保安员', '驾驶员和移动设备操作员')
        """
        return _zh_table().get(self.code)

    def title_in(self, lang: Lang = "en") -> str:
        """The title in English (``"en"``) or Chinese (``"zh"``), like ``codes.label`` for enums.

        Falls back to the English title when a hand-built group has no Chinese one.

        >>> occupation("9621").title_in("zh")
        '信使、包裹投递员和行李搬运工'
        """
        if lang not in ("en", "zh"):
            msg = f"'lang' must be 'en' or 'zh', got {lang!r}"
            raise ValueError(msg)
        return (self.title_zh or self.title) if lang == "zh" else self.title


@cache
def _table() -> Mapping[str, Occupation]:
    text = files("veteran_services.codes").joinpath("data", "isco08.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return {row["code"]: Occupation(code=row["code"], title=row["title"]) for row in rows}


@cache
def _zh_table() -> Mapping[str, str]:
    text = files("veteran_services.codes").joinpath("data", "isco08_zh.csv").read_text("utf-8")
    return {row["code"]: row["title_zh"] for row in csv.DictReader(text.splitlines())}


@checked
def occupation(code: str) -> Occupation:
    """The ISCO-08 group with *code* (1 to 4 digits, as a string).

    Nothing is stripped or padded silently: ``" 2512"`` and ``2512`` (an int) are not codes.

    Raises:
        UnknownCodeError: *code* is not in ISCO-08; ``suggestions`` holds up to five nearest
            codes: first obvious repairs (whitespace removed, zero padding such as ``"2500"``
            for ``"25"`` removed, extra digits cut), then codes of the same length that share
            the longest leading digits, nearest first.

    >>> occupation("9629").title
    'Elementary workers not elsewhere classified'
    >>> occupation("2517")
    Traceback (most recent call last):
    ...
    veteran_services.errors.UnknownCodeError: '2517' is not a code of ISCO-08;
    did you mean '2519', '2514', '2513', '2512', '2511'?
    """
    table = _table()
    try:
        return table[code]
    except (KeyError, TypeError):
        raise UnknownCodeError(_display(code), _CODE_LIST, _suggestions(code)) from None


def _display(code: object) -> str:
    return shown_code(code)


def _suggestions(code: object) -> tuple[str, ...]:
    return suggest(code if isinstance(code, str) else repr(code)[:200], _table().keys())


@checked
def is_occupation(code: object) -> bool:
    """Whether *code* is a code of ISCO-08 (at any level; any value may be asked: one that is
    not text is no code).

    >>> is_occupation("2512"), is_occupation("25"), is_occupation("2517"), is_occupation(" 2512")
    (True, True, False, False)
    """
    return isinstance(code, str) and code in _table()


@checked
def occupations(level: int | None = None, *, within: str | None = None) -> Iterator[Occupation]:
    """Iterate over the groups of ISCO-08 in code order.

    Args:
        level: Only groups of this level (1 major, 2 sub-major, 3 minor, 4 unit); all when None.
        within: Only groups inside this group (the group itself included when its level is
            selected), e.g. ``within="25"`` for the ICT professionals.

    Raises:
        ValueError: *level* is not 1-4.
        UnknownCodeError: *within* is not a code of ISCO-08.

    >>> sum(1 for _ in occupations(level=4))
    436
    >>> [group.code for group in occupations(level=4, within="251")]
    ['2511', '2512', '2513', '2514', '2519']
    """
    if level is not None and level not in _LEVEL_NAMES:
        msg = f"'level' must be 1, 2, 3 or 4, got {level!r}"
        raise ValueError(msg)
    prefix = "" if within is None else occupation(within).code
    for group in _table().values():
        if (level is None or group.level == level) and group.code.startswith(prefix):
            yield group


@checked
def shared_digits(a: str, b: str) -> int:
    """The number of leading digits that two ISCO-08 codes share, 0 to 4.

    Used to score how closely two occupations match: 4 for the same unit group, 3 for the same
    minor group, and so on; 0 when even the major groups differ.

    Raises:
        UnknownCodeError: *a* or *b* is not a code of ISCO-08.

    >>> shared_digits("2512", "2512"), shared_digits("2512", "2522"), shared_digits("2512", "3512")
    (4, 2, 0)
    >>> shared_digits("2512", "25")
    2
    """
    return shared_prefix(occupation(a).code, occupation(b).code)
