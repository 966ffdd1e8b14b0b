"""The report's charts, drawn with matplotlib (the ``report`` extra) as SVG data URIs.

matplotlib is imported on first use, with the non-interactive Agg backend, so importing the
report package costs nothing and never needs a display. The charts are SVG whose text stays
text (``svg.fonttype: none``): the browser draws it with its own fonts, so Chinese labels
show wherever the page is opened, offline, without a CJK font on the machine that wrote the
report. Every label is in the report's language (the message catalogues of ``_i18n``), and
codes are shown by their labels, never raw.
"""

from __future__ import annotations

import base64
import importlib
import io
import unicodedata
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from veteran_services import _i18n
from veteran_services.errors import MissingExtraError
from veteran_services.stats import FunnelMethod, RatioScale, funnel_limits, ratio_funnel_limits

__all__ = [
    "FONTS",
    "MissingExtraError",
    "drivers_chart",
    "flags_chart",
    "follow_up_chart",
    "funnel_chart",
    "quality_chart",
    "ratio_funnel_chart",
]

_COLOURS = {"above": "#1a9850", "within": "#4575b4", "below": "#d73027", None: "#999999"}

#: The fonts the SVG text asks for, in order: common CJK fonts first (the browser takes the
#: first it has), then matplotlib's bundled DejaVu Sans, which lays the text out here.
FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
    "DejaVu Sans",
)

_SIZE = 9  # points


def _(message: str, lang: str) -> str:
    """A chart's text in *lang* (the catalogue's msgid is the English text)."""
    return _i18n.translate(message, lang)


def _pyplot() -> Any:
    try:
        matplotlib = importlib.import_module("matplotlib")
    except ImportError as error:
        msg = (
            "the report needs matplotlib: install the 'report' extra "
            "(pip install 'veteran-services[report]')"
        )
        raise MissingExtraError(msg) from error
    matplotlib.use("Agg", force=True)
    pyplot = importlib.import_module("matplotlib.pyplot")
    pyplot.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": list(FONTS),
            "font.size": _SIZE,
            "svg.fonttype": "none",  # text stays text: the browser's fonts draw it
            "svg.hashsalt": "veteran-services",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return pyplot


@contextmanager
def _drawing() -> Iterator[None]:
    """matplotlib lays Chinese text out with DejaVu Sans, which lacks the glyphs and says so
    for every character; the browser, not matplotlib, draws the glyphs, so that is ignored."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        warnings.filterwarnings("ignore", message=r"findfont: Font family .* not found")
        yield


def _width(text: str) -> float:
    """The width of *text* in ems as a browser draws it (a CJK character is one em)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def _leave_room(figure: Any, labels: Sequence[str]) -> None:
    """Widen the left margin for y tick labels that DejaVu measures too narrow (CJK)."""
    needed = (max((_width(label) for label in labels), default=0.0) + 1.5) * _SIZE / 72
    left = needed / figure.get_figwidth()
    if left > figure.subplotpars.left:
        figure.subplots_adjust(left=min(left, 0.6))


def _svg(figure: Any) -> str:
    """The figure as a ``data:image/svg+xml;base64,...`` URI; the figure is closed."""
    pyplot = _pyplot()
    buffer = io.BytesIO()
    try:
        with _drawing():
            # no date or creator in the SVG: the same data give the same bytes
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        pyplot.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def funnel_chart(
    points: Sequence[tuple[str, int, float, str | None]],
    *,
    overall: float,
    levels: Sequence[float] = (0.95, 0.998),
    y_label: str = "Employment rate, quarter 2 after exit",
    lang: str = "en",
    method: FunnelMethod = "exact",
    tau2: float = 0.0,
) -> str:
    """A funnel plot: each group's (label, n, value, flag) against limits around *overall*,
    drawn by *method* (with *tau2*), as the league table computed them."""
    pyplot = _pyplot()
    flag_names = {
        "above": _("above", lang),
        "within": _("within", lang),
        "below": _("below", lang),
        None: _("not compared", lang),
    }
    with _drawing():
        figure, axes = pyplot.subplots(figsize=(7.0, 4.2))
        sizes = [n for _n, n, _v, _f in points if n > 0]
        top = max(sizes, default=10) * 1.1
        grid = sorted({max(1, round(1 + (top - 1) * i / 199)) for i in range(200)})  # whole n
        styles = ("--", ":")
        for index, level in enumerate(levels):
            lows, highs = [], []
            for n in grid:
                limit = funnel_limits(overall, n, levels=(level,), tau2=tau2, method=method)[0]
                lows.append(limit.low)
                highs.append(limit.high)
            style = styles[index % len(styles)]
            name = _("{level}% limits", lang).format(level=f"{level * 100:g}")
            axes.plot(grid, lows, style, color="#555555", linewidth=1, label=name)
            axes.plot(grid, highs, style, color="#555555", linewidth=1)
        overall_name = _("overall {rate}", lang).format(rate=f"{overall:.1%}")
        axes.axhline(overall, color="#222222", linewidth=1, label=overall_name)
        for flag in ("within", "above", "below", None):
            chosen = [(label, n, v) for label, n, v, f in points if f == flag]
            if not chosen:
                continue
            axes.scatter(
                [n for _l, n, _v in chosen],
                [v for _l, _n, v in chosen],
                s=22,
                color=_COLOURS[flag],
                label=flag_names[flag],
                zorder=3,
            )
            if flag in ("above", "below"):
                for label, n, value in chosen:
                    axes.annotate(label, (n, value), textcoords="offset points", xytext=(4, 4))
        axes.set_xlabel(_("Group size (people)", lang))
        axes.set_ylabel(y_label)
        axes.set_ylim(-0.02, 1.02)
        axes.set_xlim(0, top)
        axes.legend(loc="lower right", fontsize=8, frameon=False)
        figure.tight_layout()
    return _svg(figure)


def ratio_funnel_chart(
    points: Sequence[tuple[str, float, float, str | None]],
    *,
    levels: Sequence[float] = (0.95, 0.998),
    scale: RatioScale = "sqrt",
    tau2: float = 0.0,
    lang: str = "en",
) -> str:
    """A funnel plot of indirectly standardised ratios: each unit's (label, expected count E,
    O/E, flag) against the limits around 1 for each E (:func:`ratio_funnel_limits`)."""
    pyplot = _pyplot()
    flag_names = {
        "above": _("above", lang),
        "within": _("within", lang),
        "below": _("below", lang),
        None: _("not compared", lang),
    }
    with _drawing():
        figure, axes = pyplot.subplots(figsize=(7.0, 4.2))
        top = max((e for _l, e, _r, _f in points), default=10.0) * 1.1
        grid = [max(0.5, top * i / 199) for i in range(200)]
        styles = ("--", ":")
        for index, level in enumerate(levels):
            limits = [
                ratio_funnel_limits(e, levels=(level,), tau2=tau2, scale=scale)[0] for e in grid
            ]
            style = styles[index % len(styles)]
            name = _("{level}% limits", lang).format(level=f"{level * 100:g}")
            axes.plot(
                grid, [x.low for x in limits], style, color="#555555", linewidth=1, label=name
            )
            axes.plot(grid, [x.high for x in limits], style, color="#555555", linewidth=1)
        axes.axhline(1.0, color="#222222", linewidth=1, label=_("as expected (1)", lang))
        highest = max((r for _l, _e, r, _f in points), default=1.0)
        for flag in ("within", "above", "below", None):
            chosen = [(label, e, r) for label, e, r, f in points if f == flag]
            if not chosen:
                continue
            axes.scatter(
                [e for _l, e, _r in chosen],
                [r for _l, _e, r in chosen],
                s=22,
                color=_COLOURS[flag],
                label=flag_names[flag],
                zorder=3,
            )
            if flag in ("above", "below"):
                for label, e, ratio in chosen:
                    axes.annotate(label, (e, ratio), textcoords="offset points", xytext=(4, 4))
        axes.set_xlabel(_("Expected number employed (case mix)", lang))
        axes.set_ylabel(_("Observed / expected", lang))
        axes.set_ylim(0.0, max(2.0, highest * 1.1))
        axes.set_xlim(0, top)
        axes.legend(loc="upper right", fontsize=8, frameon=False)
        figure.tight_layout()
    return _svg(figure)


def quality_chart(scores: Sequence[float], *, threshold: float, lang: str = "en") -> str:
    """A histogram of quality-index values with the low-quality threshold marked."""
    pyplot = _pyplot()
    with _drawing():
        figure, axes = pyplot.subplots(figsize=(7.0, 3.4))
        axes.hist(scores, bins=[i * 5 for i in range(21)], color="#4575b4", edgecolor="white")
        axes.axvline(
            threshold,
            color="#d73027",
            linestyle="--",
            label=_("threshold {threshold}", lang).format(threshold=f"{threshold:g}"),
        )
        axes.set_xlabel(_("Quality index (0-100)", lang))
        axes.set_ylabel(_("Placements", lang))
        axes.set_xlim(0, 100)
        axes.legend(frameon=False)
        figure.tight_layout()
    return _svg(figure)


def drivers_chart(rows: Sequence[tuple[str, float, float]], *, lang: str = "en") -> str:
    """Horizontal bars: each indicator's mean points against the points it could add; the
    indicators are named by the caller (in the report's language)."""
    pyplot = _pyplot()
    with _drawing():
        height = 0.9 + 0.32 * max(len(rows), 1)
        figure, axes = pyplot.subplots(figsize=(7.0, height))
        names = [name for name, _m, _a in rows]
        positions = list(range(len(rows)))
        axes.barh(
            positions,
            [a for _n, _m, a in rows],
            color="#dddddd",
            label=_("points available", lang),
        )
        axes.barh(
            positions, [m for _n, m, _a in rows], color="#4575b4", label=_("mean points", lang)
        )
        axes.set_yticks(positions, names)
        axes.invert_yaxis()
        axes.set_xlabel(_("Points of the quality index", lang))
        axes.legend(loc="lower right", frameon=False, fontsize=8)
        figure.tight_layout()
        _leave_room(figure, names)
    return _svg(figure)


def follow_up_chart(
    rows: Sequence[tuple[int, float | None, float | None]], *, lang: str = "en"
) -> str:
    """Grouped bars by wave: response rate and panel retention (None draws no bar)."""
    pyplot = _pyplot()
    with _drawing():
        figure, axes = pyplot.subplots(figsize=(7.0, 3.2))
        width = 0.38
        positions = list(range(len(rows)))
        rates = [r or 0.0 for _w, r, _k in rows]
        kept = [k or 0.0 for _w, _r, k in rows]
        axes.bar(
            [p - width / 2 for p in positions],
            rates,
            width,
            color="#4575b4",
            label=_("response rate (RR1)", lang),
        )
        axes.bar(
            [p + width / 2 for p in positions],
            kept,
            width,
            color="#91bfdb",
            label=_("retention", lang),
        )
        months = _("{n} months", lang)
        axes.set_xticks(positions, [months.format(n=wave) for wave, _r, _k in rows])
        axes.set_ylim(0, 1)
        axes.set_ylabel(_("Share", lang))
        axes.legend(frameon=False)
        figure.tight_layout()
    return _svg(figure)


def flags_chart(rows: Sequence[tuple[str, int]], *, lang: str = "en") -> str:
    """Horizontal bars: placements with each compliance flag (named by the caller)."""
    pyplot = _pyplot()
    with _drawing():
        figure, axes = pyplot.subplots(figsize=(7.0, 0.9 + 0.4 * max(len(rows), 1)))
        positions = list(range(len(rows)))
        names = [name for name, _c in rows]
        axes.barh(positions, [count for _n, count in rows], color="#d73027")
        axes.set_yticks(positions, names)
        axes.invert_yaxis()
        axes.set_xlabel(_("Placements", lang))
        figure.tight_layout()
        _leave_room(figure, names)
    return _svg(figure)
