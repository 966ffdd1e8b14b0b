"""The headline list as docs/guide/report.md describes it: headline_indicators gives the
metrics' headline figures (no mean quality index); the report's headline table adds that one
row from the scores (issue 25)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from veteran_services import metrics
from veteran_services.report import headline_indicators, render_report
from veteran_services.synthetic import generate

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide" / "report.md"


def test_headline_indicators_are_the_metrics_headline_figures() -> None:
    city = generate(veterans=120, seed=4)
    day = date(2026, 6, 30)
    names = [h.estimate.name for h in headline_indicators(city, as_of=day)]
    assert names == [e.name for e in metrics.headline_figures(city, as_of=day)]
    assert "mean_quality" not in names
    page = render_report(city, as_of=day, charts=False)
    headline = page[page.index('id="headline"') : page.index('id="districts"')]
    assert headline.count("<tr>") - 1 == len(names) + 1  # a header, the figures, the mean index
    assert "Mean employment-quality index" in headline


def test_the_guide_says_the_mean_index_is_the_reports_own_row() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert "one row the report adds from the scores: the mean quality index" in text
    assert "the weighted share of\n   satisfied respondents and the mean quality index" not in text
