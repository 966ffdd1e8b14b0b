"""The report's charts, drawn with matplotlib (the ``report`` extra) as PNG data URIs.

matplotlib is imported on first use, with the non-interactive Agg backend, so importing the
report package costs nothing and never needs a display. Chart text is ASCII only: a Chinese
report explains its charts in the page's own text, so no CJK font is needed (matplotlib
warns about every missing glyph otherwise).
"""

from __future__ import annotations

import base64
import importlib
import io
from collections.abc import Sequence
from typing import Any

from veteran_services.errors import MissingExtraError
from veteran_services.stats import funnel_limits

__all__ = [
    "MissingExtraError",
    "drivers_chart",
    "flags_chart",
    "follow_up_chart",
    "funnel_chart",
    "quality_chart",
]

_COLOURS = {"above": "#1a9850", "within": "#4575b4", "below": "#d73027", None: "#999999"}


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
            "font.family": "DejaVu Sans",  # bundled with matplotlib: never missing
            "font.size": 9,
            "svg.hashsalt": "veteran-services",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return pyplot


def _png(figure: Any) -> str:
    """The figure as a ``data:image/png;base64,...`` URI; the figure is closed."""
    pyplot = _pyplot()
    buffer = io.BytesIO()
    try:
        # no timestamp or software tag in the PNG: the same data give the same bytes
        figure.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    finally:
        pyplot.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def funnel_chart(
    points: Sequence[tuple[str, int, float, str | None]],
    *,
    overall: float,
    levels: Sequence[float] = (0.95, 0.998),
    y_label: str = "Employment rate, quarter 2 after exit",
) -> str:
    """A funnel plot: each group's (label, n, value, flag) against limits around *overall*."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7.0, 4.2))
    sizes = [n for _, n, _, _ in points if n > 0]
    top = max(sizes, default=10) * 1.1
    grid = [1 + (top - 1) * i / 199 for i in range(200)]
    styles = ("--", ":")
    for index, level in enumerate(levels):
        lows, highs = [], []
        for n in grid:
            limit = funnel_limits(overall, n, levels=(level,))[0]
            lows.append(limit.low)
            highs.append(limit.high)
        style = styles[index % len(styles)]
        axes.plot(grid, lows, style, color="#555555", linewidth=1, label=f"{level * 100:g}% limits")
        axes.plot(grid, highs, style, color="#555555", linewidth=1)
    axes.axhline(overall, color="#222222", linewidth=1, label=f"overall {overall:.1%}")
    for flag in ("within", "above", "below", None):
        chosen = [(label, n, v) for label, n, v, f in points if f == flag]
        if not chosen:
            continue
        axes.scatter(
            [n for _, n, _ in chosen],
            [v for _, _, v in chosen],
            s=22,
            color=_COLOURS[flag],
            label=flag or "not compared",
            zorder=3,
        )
        if flag in ("above", "below"):
            for label, n, value in chosen:
                axes.annotate(label, (n, value), textcoords="offset points", xytext=(4, 4))
    axes.set_xlabel("Group size (people)")
    axes.set_ylabel(y_label)
    axes.set_ylim(-0.02, 1.02)
    axes.set_xlim(0, top)
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    figure.tight_layout()
    return _png(figure)


def quality_chart(scores: Sequence[float], *, threshold: float) -> str:
    """A histogram of quality-index values with the low-quality threshold marked."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7.0, 3.4))
    axes.hist(scores, bins=[i * 5 for i in range(21)], color="#4575b4", edgecolor="white")
    axes.axvline(threshold, color="#d73027", linestyle="--", label=f"threshold {threshold:g}")
    axes.set_xlabel("Quality index (0-100)")
    axes.set_ylabel("Placements")
    axes.set_xlim(0, 100)
    axes.legend(frameon=False)
    figure.tight_layout()
    return _png(figure)


def drivers_chart(rows: Sequence[tuple[str, float, float]]) -> str:
    """Horizontal bars: each indicator's mean points against the points it could add."""
    pyplot = _pyplot()
    height = 0.9 + 0.32 * max(len(rows), 1)
    figure, axes = pyplot.subplots(figsize=(7.0, height))
    names = [name for name, _, _ in rows]
    positions = list(range(len(rows)))
    axes.barh(positions, [a for _, _, a in rows], color="#dddddd", label="points available")
    axes.barh(positions, [m for _, m, _ in rows], color="#4575b4", label="mean points")
    axes.set_yticks(positions, names)
    axes.invert_yaxis()
    axes.set_xlabel("Points of the quality index")
    axes.legend(loc="lower right", frameon=False, fontsize=8)
    figure.tight_layout()
    return _png(figure)


def follow_up_chart(rows: Sequence[tuple[int, float | None, float | None]]) -> str:
    """Grouped bars by wave: response rate and panel retention (None draws no bar)."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7.0, 3.2))
    width = 0.38
    positions = list(range(len(rows)))
    rates = [r or 0.0 for _, r, _ in rows]
    kept = [k or 0.0 for _, _, k in rows]
    axes.bar([p - width / 2 for p in positions], rates, width, color="#4575b4", label="RR1")
    axes.bar([p + width / 2 for p in positions], kept, width, color="#91bfdb", label="retention")
    axes.set_xticks(positions, [f"{wave} months" for wave, _, _ in rows])
    axes.set_ylim(0, 1)
    axes.set_ylabel("Share")
    axes.legend(frameon=False)
    figure.tight_layout()
    return _png(figure)


def flags_chart(rows: Sequence[tuple[str, int]]) -> str:
    """Horizontal bars: placements with each compliance flag."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7.0, 0.9 + 0.4 * max(len(rows), 1)))
    positions = list(range(len(rows)))
    axes.barh(positions, [count for _, count in rows], color="#d73027")
    axes.set_yticks(positions, [name for name, _ in rows])
    axes.invert_yaxis()
    axes.set_xlabel("Placements")
    figure.tight_layout()
    return _png(figure)
