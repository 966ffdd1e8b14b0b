"""Your own charts with Chinese labels, as the report draws its own (the ``report`` extra).

:func:`save_chart` writes a matplotlib figure the way the report's charts are written: SVG
whose text stays text, naming common CJK fonts first, so the viewer's fonts draw the Chinese
labels on any machine, even one without a CJK font; PNG and PDF too where this machine has a
CJK font. :func:`use_chinese_fonts` sets the same fonts for the charts a notebook shows.
Neither changes matplotlib's backend.
"""

from __future__ import annotations

import importlib
import io
import os
import unicodedata
from pathlib import Path
from typing import Any

from veteran_services._checks import checked
from veteran_services._tablefiles import write_new
from veteran_services.errors import InvalidInputError, MissingExtraError
from veteran_services.report._charts import FONTS, _drawing

__all__ = ["CHART_FORMATS", "save_chart", "use_chinese_fonts"]

#: The files :func:`save_chart` writes, by suffix.
CHART_FORMATS = (".svg", ".png", ".pdf")

_SETTINGS = {
    "font.family": "sans-serif",
    "font.sans-serif": list(FONTS),
    "axes.unicode_minus": False,  # a hyphen for minus: not every CJK font has U+2212
}
_METADATA = {".svg": {"Date": None}, ".png": {"Software": None}, ".pdf": {"CreationDate": None}}


def _matplotlib() -> Any:
    try:
        return importlib.import_module("matplotlib")
    except ImportError as error:
        msg = (
            "charts need matplotlib: install the 'report' extra "
            "(pip install -e '.[report]' from a checkout)"
        )
        raise MissingExtraError(msg) from error


def _installed_cjk_font(matplotlib: Any) -> str | None:
    """The first of :data:`FONTS` (before DejaVu Sans) that this machine has, or None."""
    manager = importlib.import_module("matplotlib.font_manager").fontManager
    names = {font.name for font in manager.ttflist}
    return next((name for name in FONTS[:-1] if name in names), None)


@checked
def use_chinese_fonts() -> str | None:
    """Set matplotlib's fonts for Chinese labels (for the charts a notebook shows): the CJK
    fonts of the report first, and a hyphen for the minus sign.

    Returns:
        The CJK font this machine has that matplotlib will draw with, or None when it has
        none: charts shown as pictures (PNG, a notebook's default) then show boxes for
        Chinese, while SVG written by :func:`save_chart` still shows it (the viewer's fonts
        draw the text).

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    matplotlib = _matplotlib()
    matplotlib.rcParams.update(_SETTINGS)
    return _installed_cjk_font(matplotlib)


def _has_wide_text(figure: Any) -> bool:
    text = importlib.import_module("matplotlib.text").Text
    return any(
        unicodedata.east_asian_width(character) in "WF"
        for artist in figure.findobj(text)
        for character in artist.get_text()
    )


@checked
def save_chart(figure: Any, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write a matplotlib figure with Chinese labels to *path* (``.svg``, ``.png`` or
    ``.pdf``), atomically, never over an existing file unless asked.

    SVG keeps its text as text naming the report's CJK fonts, so the Chinese shows wherever
    the file is opened (a browser, WPS, Word). PNG and PDF are drawn with a CJK font of this
    machine; without one they would show boxes, so they are refused with the fonts to
    install. The figure is left open (a notebook still shows it).

    Args:
        figure: A :class:`matplotlib.figure.Figure` (``axes.figure`` for pandas' ``plot``).
        path: The file to write; its suffix says the format (:data:`CHART_FORMATS`).
        overwrite: Replace an existing file (refused otherwise).

    Returns:
        The path written.

    Raises:
        InvalidInputError: *figure* is not a matplotlib figure; *path* has another suffix,
            exists without *overwrite*, is a folder or a link; or a PNG or PDF has Chinese
            text and this machine has no CJK font.
        MissingExtraError: matplotlib is not installed.
    """
    matplotlib = _matplotlib()
    kind = importlib.import_module("matplotlib.figure").Figure
    if not isinstance(figure, kind):
        msg = (
            f"'figure' must be a matplotlib Figure (for pandas' plot, its axes' .figure), "
            f"got {type(figure).__name__}"
        )
        raise InvalidInputError("figure", msg)
    given: object = path  # checked, whatever the annotation says
    if not isinstance(given, str | os.PathLike):
        msg = f"'path' must be a file name, got {type(given).__name__}"
        raise InvalidInputError("path", msg)
    suffix = Path(path).suffix.lower()
    if suffix not in CHART_FORMATS:
        msg = f"'path' must end in {', '.join(CHART_FORMATS)}, got {os.fspath(path)!r}"
        raise InvalidInputError("path", msg)
    if suffix != ".svg" and _installed_cjk_font(matplotlib) is None and _has_wide_text(figure):
        msg = (
            f"'path' {os.fspath(path)!r}: the chart has Chinese text and this machine has none "
            f"of the fonts {', '.join(FONTS[:-1])}, so a {suffix} would show boxes; write "
            ".svg (the viewer's fonts draw its text) or install a CJK font (Noto Sans CJK SC)"
        )
        raise InvalidInputError("path", msg)
    buffer = io.BytesIO()
    settings = {**_SETTINGS, "svg.fonttype": "none", "svg.hashsalt": "veteran-services"}
    with matplotlib.rc_context(settings), _drawing():
        figure.savefig(buffer, format=suffix[1:], metadata=_METADATA[suffix])
    return write_new(path, buffer.getvalue(), overwrite=overwrite)
