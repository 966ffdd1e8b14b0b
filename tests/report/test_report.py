"""The HTML report: self-contained, escaped, bilingual, with suppression and no personal data."""

from __future__ import annotations

import base64
import html
import re
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import attrs
import pytest

from veteran_services.errors import InvalidInputError
from veteran_services.model import Caseload
from veteran_services.report import (
    HEADLINE_NAMES,
    MissingExtraError,
    headline_indicators,
    render_report,
    write_report,
)
from veteran_services.synthetic import DEFAULT_AS_OF, NO_BLANKS, generate

pytest.importorskip("matplotlib")

CHART_IDS = {
    "chart-funnel",
    "chart-funnel-adjusted",
    "chart-quality",
    "chart-drivers",
    "chart-follow-up",
    "chart-nonresponse",
    "chart-ventures",
    "chart-survival",
    "chart-flags",
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def _svg(uri: str) -> str:
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    return base64.b64decode(uri[len(prefix) :], validate=True).decode("utf-8")


def _svg_size(uri: str) -> tuple[float, float]:
    """The SVG's width and height in points (matplotlib writes them so)."""
    root = ElementTree.fromstring(_svg(uri))  # noqa: S314 - our own chart
    width, height = root.get("width", ""), root.get("height", "")
    assert width.endswith("pt")
    assert height.endswith("pt")
    return float(width[:-2]), float(height[:-2])


def _chart_texts(page: str) -> list[str]:
    """The text of every chart of *page* (SVG text elements)."""
    texts = []
    for tag, attributes in _parse(page).tags:
        if tag == "img" and attributes.get("class") == "chart":
            root = ElementTree.fromstring(_svg(str(attributes["src"])))  # noqa: S314
            texts.extend(
                "".join(element.itertext())
                for element in root.iter("{http://www.w3.org/2000/svg}text")
            )
    return texts


@pytest.fixture(scope="module")
def city() -> Caseload:
    # fully recorded: the tests count placements scored, which blank facts would leave unscored
    return generate(veterans=300, seed=3, blanks=NO_BLANKS)


@pytest.fixture(scope="module")
def english(city: Caseload) -> str:
    return render_report(city, as_of=DEFAULT_AS_OF)


@pytest.fixture(scope="module")
def chinese(city: Caseload) -> str:
    return render_report(city, as_of=DEFAULT_AS_OF, lang="zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_is_an_embedded_nonempty_svg(lang: str, english: str, chinese: str) -> None:
    page = english if lang == "en" else chinese
    images = [a for tag, a in _parse(page).tags if tag == "img"]
    assert {a["id"] for a in images} == CHART_IDS
    for image in images:
        assert image["alt"]
        width, height = _svg_size(str(image["src"]))
        assert width > 100
        assert height > 100


def test_nothing_is_fetched_from_anywhere(english: str) -> None:
    for tag, attributes in _parse(english).tags:
        assert tag not in {"link", "iframe", "object", "embed"}
        for name in ("src", "href"):
            value = attributes.get(name)
            if value is not None:
                assert value.startswith(("data:", "#")), (tag, value[:40])
    policies = [
        a["content"]
        for tag, a in _parse(english).tags
        if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policies == [
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
    ]
    assert "@import" not in english
    assert "url(" not in english


def test_sections_in_english(english: str) -> None:
    assert '<html lang="en">' in english
    for heading in (
        "Headline indicators",
        "Districts",
        "Training providers",
        "Employment quality",
        "Follow-up by wave",
        "Compliance flags",
        "Methodology",
    ):
        assert f">{heading}</h2>" in english
    for en, _ in HEADLINE_NAMES.values():
        assert html.escape(en) in english
    assert "Xuanwu District (320102)" in english


def test_sections_in_chinese(chinese: str) -> None:
    assert '<html lang="zh-CN">' in chinese
    for heading in ("主要指标", "各区情况", "培训机构", "就业质量", "合规提示", "方法说明"):
        assert f">{heading}</h2>" in chinese
    for _, zh in HEADLINE_NAMES.values():
        assert zh in chinese
    assert "玄武区 (320102)" in chinese
    assert "<td>回访记录</td>" in chinese  # record kinds are named in Chinese too
    assert "Headline indicators" not in chinese


def test_the_model_fingerprint_is_printed(english: str) -> None:
    from veteran_services.scoring import QualityModel

    model = QualityModel.default()
    methodology = english.split('id="methodology"')[1]
    assert f"Model 2024.1, fingerprint {model.fingerprint}." in methodology
    assert "fewer than 10 people are never shown" in methodology
    custom = model.with_weights({"working_time": 0.5}, version="test.1")
    page = render_report(generate(veterans=40, seed=1), model=custom, charts=False)
    assert custom.fingerprint in page
    assert model.fingerprint not in page


def test_no_personal_details_appear(city: Caseload, english: str, chinese: str) -> None:
    personal = [v.personal for v in city.veterans if v.personal is not None]
    assert personal, "the sample city has personal details to leak"
    for details in personal:
        for value in (details.name, details.national_id, details.phone):
            if value:
                assert value not in english
                assert value not in chinese
    assert not re.search(r"\bV\d{6}\b", english), "veteran ids are not shown"


def test_all_text_is_escaped(city: Caseload) -> None:
    hostile = "<script>alert('x')</script> & \"Co\""
    providers = tuple(attrs.evolve(p, name=hostile) for p in city.providers)
    page = render_report(city.replace(providers=providers), as_of=DEFAULT_AS_OF, charts=False)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Co&quot;" in page
    # the page's only script is its own inline one
    assert page.count("<script>") == 1


def _district_rows(page: str) -> list[list[str]]:
    section = page.split('id="districts"')[1].split("</table>")[0]
    return [
        re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", section, flags=re.S)[1:]
    ]


def test_small_district_cells_are_suppressed() -> None:
    small = generate(veterans=120, seed=5)
    min_cell = 12
    page = render_report(small, as_of=DEFAULT_AS_OF, min_cell=min_cell, charts=False)
    rows = _district_rows(page)
    assert rows
    shown = suppressed = 0
    for cells in rows:
        # district, then (value, n) for each of the two indicators
        for value, n in zip(cells[1::2], cells[2::2], strict=True):
            if "suppressed" in value:
                suppressed += 1
                assert n == ""
            elif n:
                shown += 1
                assert int(n.replace(",", "")) >= min_cell
    assert suppressed > 0
    assert shown > 0


def test_small_providers_are_left_out(city: Caseload) -> None:
    page = render_report(city, as_of=DEFAULT_AS_OF, min_cell=15, charts=False)
    section = page.split('id="providers"')[1].split('id="quality"')[0]
    sizes = [
        int(n.replace(",", ""))
        for n in re.findall(r"<td class=num>([\d,]+)</td><td>(?:above|within|below)", section)
    ]
    assert sizes
    assert all(n >= 15 for n in sizes)
    assert "providers with fewer than 15 people are not shown" in section


def test_same_data_same_page(city: Caseload, english: str) -> None:
    assert render_report(city, as_of=DEFAULT_AS_OF) == english


def test_write_report(tmp_path: Path, city: Caseload) -> None:
    target = tmp_path / "nested" / "report.html"
    written = write_report(city, target, as_of=DEFAULT_AS_OF, lang="zh", charts=False)
    assert written == target
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "主要指标" in page


def test_progress_names_each_section(city: Caseload) -> None:
    seen: list[str] = []
    render_report(city, as_of=DEFAULT_AS_OF, charts=False, progress=seen.append)
    assert seen[0] == "headline indicators"
    assert "training providers" in seen
    assert len(seen) == len(set(seen)) >= 5


def test_as_of_defaults_to_the_latest_event(city: Caseload) -> None:
    page = render_report(city, charts=False)
    assert "Data as of 2026-06" in page


@pytest.mark.parametrize(
    ("options", "argument"),
    [
        ({"lang": "fr"}, "lang"),
        ({"min_cell": 0}, "min_cell"),
        ({"min_cell": True}, "min_cell"),
        ({"as_of": "1 January 2024"}, "as_of"),
    ],
)
def test_bad_options_are_refused(city: Caseload, options: dict[str, object], argument: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        render_report(city, charts=False, **options)  # type: ignore[arg-type]
    assert caught.value.argument == argument


def test_an_empty_caseload_needs_a_date_and_then_renders() -> None:
    with pytest.raises(InvalidInputError, match="as_of"):
        render_report(Caseload(), charts=False)
    page = render_report(Caseload(), as_of=date(2025, 1, 1))
    assert "No data." in page
    assert "<img" in page  # the follow-up and flag charts still draw (empty)


def test_headline_indicators(city: Caseload) -> None:
    headlines = headline_indicators(city, as_of=DEFAULT_AS_OF)
    names = [h.estimate.name for h in headlines]
    assert names == list(HEADLINE_NAMES)
    rate = headlines[0]
    assert rate.value_text().endswith("%")
    assert " – " in rate.interval_text()
    chinese = headline_indicators(city, as_of=DEFAULT_AS_OF, lang="zh")
    assert chinese[0].name == HEADLINE_NAMES["employment_rate_q2_after_exit"][1]


def test_without_matplotlib_the_error_says_what_to_install(
    city: Caseload, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"'report' extra"):
        render_report(city, as_of=DEFAULT_AS_OF)
    assert "<img" not in render_report(city, as_of=DEFAULT_AS_OF, charts=False)


def test_the_drivers_add_up_to_the_mean_score(city: Caseload) -> None:
    from veteran_services.report._render import drivers as _drivers
    from veteran_services.scoring import LabourMarket, QualityModel, score_caseload

    model = QualityModel.default()
    scores = score_caseload(city, market=LabourMarket.nanjing(), model=model, as_of=DEFAULT_AS_OF)
    values = [s.value for s in scores if s.value is not None]
    drivers = _drivers(scores, model)
    assert [name for name, *_ in drivers] == list(model.names)
    assert sum(mean for _, mean, _, _ in drivers) == pytest.approx(sum(values) / len(values))
    assert sum(available for _, _, available, _ in drivers) == pytest.approx(100)
    for _, mean, available, missing in drivers:
        assert 0 <= mean <= available + 1e-9
        assert 0 <= missing <= 1


# --- placements left unscored -------------------------------------------------------------------


@pytest.fixture(scope="module")
def broken(city: Caseload) -> Caseload:
    """The city with one placement before the minimum-wage table starts and one whose employer
    is missing."""
    placements = list(city.placements)
    placements[3] = attrs.evolve(placements[3], started_on=date(2012, 5, 2))
    placements[8] = attrs.evolve(placements[8], employer_id="E-missing")
    return attrs.evolve(city, placements=placements)


def _text(page: str) -> str:
    return " ".join(html.unescape(part) for part in _parse(page).text)


def test_unscored_placements_are_counted_by_reason(broken: Caseload) -> None:
    from veteran_services.report._text import REASON_LABELS

    total = len(broken.placements)
    english = _text(render_report(broken, as_of=DEFAULT_AS_OF, charts=False))
    assert f"2 of {total:,} placements have no score" in english
    assert f"the figures below are over the {total - 2:,} scored" in english
    assert "Mean data completeness" in english
    assert REASON_LABELS["no_market_data"][0] in english
    assert REASON_LABELS["unknown_employer"][0] in english
    assert REASON_LABELS["low_coverage"][0] not in english  # only the reasons that occur
    chinese = _text(render_report(broken, as_of=DEFAULT_AS_OF, lang="zh", charts=False))
    assert f"{total:,} 个岗位中有 2 个未能评分" in chinese
    assert "未评分原因" in chinese
    assert REASON_LABELS["no_market_data"][1] in chinese
    assert REASON_LABELS["unknown_employer"][1] in chinese


def test_a_fully_scored_caseload_says_so(city: Caseload, english: str) -> None:
    assert f"All {len(city.placements):,} placements are scored." in _text(english)


def test_every_reason_has_an_english_and_a_chinese_label() -> None:
    from veteran_services.report._text import REASON_LABELS, reason_label
    from veteran_services.scoring import REASONS

    assert set(REASON_LABELS) == set(REASONS)
    for code in REASONS:
        assert reason_label(code, "en") != reason_label(code, "zh")
    assert reason_label("not-a-code", "zh") == "not-a-code"


def test_scores_computed_beforehand_give_the_same_page(broken: Caseload) -> None:
    from veteran_services.scoring import LabourMarket, QualityModel, score_caseload

    model = QualityModel.default()
    scores = score_caseload(broken, market=LabourMarket.nanjing(), model=model, as_of=DEFAULT_AS_OF)
    page = render_report(broken, as_of=DEFAULT_AS_OF, charts=False)
    assert render_report(broken, as_of=DEFAULT_AS_OF, charts=False, scores=scores) == page
    for wrong in (
        scores[1:],
        score_caseload(broken, market=LabourMarket.nanjing(), as_of=date(2025, 1, 1)),
        score_caseload(
            broken,
            market=LabourMarket.nanjing(),
            model=model.with_weights({"working_time": 0.5}, version="other"),
            as_of=DEFAULT_AS_OF,
        ),
    ):
        with pytest.raises(InvalidInputError) as caught:
            render_report(broken, as_of=DEFAULT_AS_OF, charts=False, scores=wrong)
        assert caught.value.argument == "scores"


def test_a_group_too_small_to_rank_is_marked_not_ranked(city: Caseload) -> None:
    """With cells shown from 3, providers of 3 to 9 exiters are listed, but league_table ranks
    only groups of at least 10: their rank says why it is empty."""
    english = render_report(city, as_of=DEFAULT_AS_OF, min_cell=3, charts=False)
    chinese = render_report(city, as_of=DEFAULT_AS_OF, min_cell=3, charts=False, lang="zh")
    assert "listed, not ranked (too few to rank)" in english
    assert "仅列出，人数过少不排名" in chinese


# --- the figures, computed once -----------------------------------------------------------------


def test_the_page_of_the_figures_is_the_page_of_the_caseload(city: Caseload) -> None:
    from veteran_services import report

    figures = report.report_figures(city, as_of=DEFAULT_AS_OF, lang="zh")
    assert figures.engine == "objects"
    assert figures.lang == "zh"
    assert figures.counts == city.counts()
    assert len(figures.score_values) == figures.summary.scored  # type: ignore[union-attr]
    page = report.render_report(figures, charts=False)
    assert page == report.render_report(city, as_of=DEFAULT_AS_OF, lang="zh", charts=False)
    # the settings the figures hold may be repeated; nothing is computed again
    assert report.render_report(figures, lang="zh", min_cell=10, charts=False) == page


@pytest.mark.parametrize(
    "setting",
    [
        {"as_of": DEFAULT_AS_OF},
        {"lang": "en"},
        {"min_cell": 5},
        {"scores": ()},
        {"progress": print},
    ],
    ids=lambda s: next(iter(s)),
)
def test_settings_given_with_figures_are_refused(
    city: Caseload, setting: dict[str, object], tmp_path: Path
) -> None:
    from veteran_services import report

    figures = report.report_figures(city, as_of=DEFAULT_AS_OF, lang="zh")
    name = next(iter(setting))
    with pytest.raises(InvalidInputError, match=f"'{name}' cannot be given with ReportFigures"):
        report.render_report(figures, charts=False, **setting)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=f"'{name}' cannot be given"):
        report.write_report(figures, tmp_path / "r.html", charts=False, **setting)  # type: ignore[arg-type]
    assert not (tmp_path / "r.html").exists()
