"""What a file is, told from its first bytes (never from its name).

Offices save ledgers as ``.xlsx`` workbooks, as ``.xls`` from older programs, as ``.ods`` from
WPS or LibreOffice, and rename them freely; a text reader handed one of them must say what it
got and what to call instead, not that the bytes are "not valid UTF-8".
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, Literal

from veteran_services._checks import checked

__all__ = ["WorkbookFormat", "not_text_hint", "workbook_format"]

#: The spreadsheet formats the readers recognise.
WorkbookFormat = Literal["xlsx", "xls", "ods"]

_ZIP: Final = b"PK\x03\x04"
_OLE2: Final = bytes.fromhex("d0cf11e0a1b11ae1")  # the compound file of .xls (and .doc)
_ODS: Final = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
_HEAD: Final = 4096


@checked
def workbook_format(head: bytes) -> WorkbookFormat | None:
    """The workbook format whose signature *head* (a file's first bytes) starts with, or None.

    >>> workbook_format(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(8))
    'xls'
    >>> workbook_format(b"id,veteran_id\\n") is None
    True
    """
    if head.startswith(_OLE2):
        return "xls"
    if head.startswith(_ZIP) and _zip_entry(head):
        return "ods" if _ODS in head[:200] else "xlsx"
    return None


def _zip_entry(head: bytes) -> bool:
    """Whether *head* holds a whole zip local file header (stored or deflated, with a printable
    member name), not just the four bytes ``PK\\x03\\x04`` that a text file may start with.

    >>> _zip_entry(b'PK\\x03\\x04\\n{"id": "V1"}')
    False
    """
    if len(head) < 30:
        return False
    method = int.from_bytes(head[8:10], "little")
    name_length = int.from_bytes(head[26:28], "little")
    name = head[30 : 30 + name_length]
    return (
        method in (0, 8)
        and 0 < name_length <= 1024
        and len(name) == name_length
        and all(32 <= byte < 127 or byte >= 128 for byte in name)
    )


def file_head(path: str | Path) -> bytes:
    """The first bytes of a file (enough to tell a workbook from text)."""
    with Path(path).open("rb") as file:
        return file.read(_HEAD)


def not_text_hint(head: bytes, name: str) -> str | None:
    """A problem line for a text reader handed a workbook, or None when *head* is not one."""
    found = workbook_format(head)
    if found is None:
        return None
    return (
        f"{name}: is a spreadsheet workbook ({found}), not text; read it with "
        "io.read_excel or io.read_ledger (command line: veteran-services import)"
    )
