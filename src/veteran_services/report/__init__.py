"""The HTML report: one self-contained page that works offline, in English or Chinese.

:func:`write_report` (or :func:`render_report` for the text) gathers the headline indicators
with their intervals, the district table with small-cell suppression, a funnel plot of training
providers, the employment-quality distribution and what drives it, follow-up completion by
wave, compliance flag counts, and methodology notes with the quality model's fingerprint.
Every figure comes from :mod:`veteran_services.metrics` and :mod:`veteran_services.scoring`;
the report only arranges them. The figures are computed once into :class:`ReportFigures` by
:func:`report_figures`; :func:`render_report` and :func:`write_report` take a caseload or its
figures, so a page can be drawn again without computing anything.

Charts need matplotlib (the ``report`` extra), imported when the first chart is drawn; they are
embedded as SVG data URIs, so the file opens anywhere without a network. Chart text stays
text (the browser draws it with its own fonts) and is in the report's language, from the
message catalogues; codes are shown by their labels. :func:`save_chart` writes your own
matplotlib charts with Chinese labels the same way.

>>> from veteran_services.synthetic import generate
>>> page = render_report(generate(veterans=60, seed=1), lang="zh", charts=False)
>>> page.startswith("<!DOCTYPE html>"), '<html lang="zh-CN">' in page
(True, True)
"""

from __future__ import annotations

from veteran_services.report._charts import MissingExtraError
from veteran_services.report._figures import CHART_FORMATS, save_chart, use_chinese_fonts
from veteran_services.report._gather import (
    DISTRICT_INDICATORS,
    ReportFigures,
    render_report,
    report_figures,
    write_report,
)
from veteran_services.report._render import (
    HEADLINE_NAMES,
    REPORT_ADJUSTERS,
    Driver,
    Headline,
    Unavailable,
    headline_indicators,
)
from veteran_services.report._text import LANGUAGES, Lang
from veteran_services.report._ventures import VentureFigures

__all__ = [
    "CHART_FORMATS",
    "DISTRICT_INDICATORS",
    "HEADLINE_NAMES",
    "LANGUAGES",
    "REPORT_ADJUSTERS",
    "Driver",
    "Headline",
    "Lang",
    "MissingExtraError",
    "ReportFigures",
    "Unavailable",
    "VentureFigures",
    "headline_indicators",
    "render_report",
    "report_figures",
    "save_chart",
    "use_chinese_fonts",
    "write_report",
]
