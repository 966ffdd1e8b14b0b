"""ISIC Rev.4 sections, the top level of the International Standard Industrial Classification.

The 21 sections ``"A"`` (Agriculture, forestry and fishing) to ``"U"`` (Activities of
extraterritorial organizations and bodies), with their official English titles. An employer's or
a venture's ``industry`` is one of these codes. China's GB/T 4754-2017 uses the same sections
A-T (it has no section U).

The data file ``data/isic4_sections.csv`` (columns ``code,title``) is read on first use and
cached. Source: United Nations Statistics Division, *International Standard Industrial
Classification of All Economic Activities (ISIC), Revision 4*, Statistical Papers Series M
No. 4/Rev.4 (New York: United Nations, 2008).

>>> industry("J").title
'Information and communication'
>>> len(industries())
21
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import cache
from importlib.resources import files

from attrs import field, frozen

from veteran_services._checks import checked
from veteran_services.codes._suggest import shown_code, suggest
from veteran_services.errors import InvalidRecordError, UnknownCodeError

__all__ = ["ISIC_SOURCE", "ISIC_VERSION", "Industry", "industries", "industry", "is_industry"]

ISIC_VERSION = "ISIC Rev.4"
ISIC_SOURCE = (
    "United Nations Statistics Division, International Standard Industrial Classification of "
    "All Economic Activities (ISIC), Revision 4, Statistical Papers Series M No. 4/Rev.4 "
    "(New York: United Nations, 2008)"
)

_CODE_LIST = "ISIC Rev.4 sections"


@frozen(kw_only=True)
class Industry:
    """One section of ISIC Rev.4.

    Attributes:
        code: The section letter, ``"A"`` to ``"U"``.
        title: The official English title.

    >>> Industry(code="P", title="Education")
    Industry(code='P', title='Education')
    """

    code: str = field()
    title: str = field()

    @code.validator
    def _check_code(self, attribute: object, value: str) -> None:
        if not (isinstance(value, str) and len(value) == 1 and "A" <= value <= "Z"):
            msg = f"'code' must be one upper-case letter, got {value!r}"
            raise InvalidRecordError("code", msg)

    @title.validator
    def _check_title(self, attribute: object, value: str) -> None:
        if not isinstance(value, str) or not value or value != value.strip():
            msg = f"'title' must be non-empty, without surrounding whitespace, got {value!r}"
            raise InvalidRecordError("title", msg)


@cache
def _table() -> Mapping[str, Industry]:
    path = files("veteran_services.codes").joinpath("data", "isic4_sections.csv")
    rows = csv.DictReader(path.read_text("utf-8").splitlines())
    return {row["code"]: Industry(code=row["code"], title=row["title"]) for row in rows}


@checked
def industry(code: str) -> Industry:
    """The ISIC Rev.4 section with *code* (one upper-case letter).

    Raises:
        UnknownCodeError: *code* is not a section; ``suggestions`` holds the repaired code
            (``"j"`` -> ``"J"``, ``" J"`` -> ``"J"``) or the nearest letters.

    >>> industry("C").title
    'Manufacturing'
    >>> industry("j")
    Traceback (most recent call last):
    ...
    veteran_services.errors.UnknownCodeError: 'j' is not a code of ISIC Rev.4 sections;
    did you mean 'J', ...?
    """
    table = _table()
    try:
        return table[code]
    except (KeyError, TypeError):
        given = code if isinstance(code, str) else repr(code)[:200]
        raise UnknownCodeError(shown_code(code), _CODE_LIST, suggest(given, table.keys())) from None


@checked
def is_industry(code: object) -> bool:
    """Whether *code* is an ISIC Rev.4 section code (any value may be asked: one that is not
    text is no code).

    >>> is_industry("A"), is_industry("a"), is_industry("V")
    (True, False, False)
    """
    return isinstance(code, str) and code in _table()


@checked
def industries() -> tuple[Industry, ...]:
    """Every section of ISIC Rev.4, ``"A"`` to ``"U"`` in order.

    >>> industries()[0]
    Industry(code='A', title='Agriculture, forestry and fishing')
    """
    return tuple(_table().values())
