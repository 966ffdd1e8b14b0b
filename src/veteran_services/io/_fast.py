"""The ``fast`` extra: whether msgspec is there, and the fast decoder of a record class.

msgspec is imported only when a reader first asks for a fast decoder (importing
:mod:`veteran_services.io` loads no optional extra); the decoders are in
:mod:`veteran_services.io._msgspec`.
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import Any

from veteran_services._checks import checked

__all__ = ["available", "dict_decoder", "fast_decoder", "line_encoder", "row_dict_encoder"]

_AVAILABLE = find_spec("msgspec") is not None


def available() -> bool:
    """Whether msgspec (the ``fast`` extra) is installed."""
    return _AVAILABLE


def fast_decoder(cls: Any) -> Any:
    """The fast decoder of *cls* (a callable from a raw line to a record that raises for any
    line it does not take), or None without msgspec or for a class it cannot read."""
    if not _AVAILABLE:
        return None
    from veteran_services.io import _msgspec  # msgspec only when a reader asks for it

    return _msgspec.fast_decoder(cls)


@checked
def dict_decoder(cls: type[Any]) -> Any:
    """The fast decoder of *cls* from wire dicts the caller vouches for (a callable from a
    dict to a record that raises for any dict it does not take; see
    :class:`veteran_services.io._msgspec.DictDecoder`), or None without msgspec or for a
    class it cannot read."""
    if not _AVAILABLE:
        return None
    from veteran_services.io import _msgspec  # msgspec only when a reader asks for it

    return _msgspec.dict_decoder(cls)


@checked
def row_dict_encoder(cls: type[Any], *, include_personal: bool = False) -> Any:
    """The fast :func:`~veteran_services.io.to_dict` of *cls* records for the database writer
    (dates and decimals left as objects; see
    :class:`veteran_services.io._msgspec.RowDictEncoder`), or None without msgspec or for a
    class it does not take."""
    if not _AVAILABLE:
        return None
    from veteran_services.io import _msgspec  # msgspec only when a writer asks for it

    return _msgspec.row_dict_encoder(cls, include_personal)


def line_encoder(cls: Any, *, include_personal: bool = False) -> Any:
    """The fast JSON Lines encoder of *cls* (a callable from a record to its line, byte for
    byte what the cattrs writer writes, that raises for a record it does not take; see
    :class:`veteran_services.io._msgspec.LineEncoder`), or None without msgspec or for a class
    it does not take."""
    if not _AVAILABLE:
        return None
    from veteran_services.io import _msgspec  # msgspec only when a writer asks for it

    return _msgspec.line_encoder(cls, include_personal)
