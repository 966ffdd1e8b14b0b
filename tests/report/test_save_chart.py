"""Your own charts with Chinese labels: ``report.save_chart`` and ``report.use_chinese_fonts``
(issue 25, the notebook afternoon)."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from veteran_services import report
from veteran_services.errors import InvalidInputError, MissingExtraError
from veteran_services.report import _figures

matplotlib = pytest.importorskip("matplotlib")
Figure = pytest.importorskip("matplotlib.figure").Figure


def _chart(title: str = "各区安置率") -> Any:
    figure = Figure(figsize=(4, 3))
    axes = figure.subplots()
    axes.barh(["江宁区", "玄武区"], [0.57, 0.39])
    axes.set_title(title)
    return figure


def test_svg_keeps_chinese_as_text_with_cjk_fonts_first(tmp_path: Path) -> None:
    target = report.save_chart(_chart(), tmp_path / "图.svg")
    assert target == tmp_path / "图.svg"
    text = target.read_text(encoding="utf-8")
    assert "各区安置率" in text
    assert "江宁区" in text
    assert "font-family: 'Noto Sans CJK SC', 'Source Han Sans SC'" in text
    assert not list(tmp_path.glob(".*writing*"))  # nothing left beside it


def test_an_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "chart.svg"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="already exists") as caught:
        report.save_chart(_chart(), target)
    assert "chart.svg" in str(caught.value)
    assert target.read_text(encoding="utf-8") == "mine"
    report.save_chart(_chart(), target, overwrite=True)
    assert "江宁区" in target.read_text(encoding="utf-8")


def test_the_same_chart_gives_the_same_svg(tmp_path: Path) -> None:
    first = report.save_chart(_chart(), tmp_path / "a.svg").read_bytes()
    assert report.save_chart(_chart(), tmp_path / "b.svg").read_bytes() == first


def test_png_and_pdf_need_a_cjk_font_for_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_figures, "_installed_cjk_font", lambda _: None)
    for suffix in (".png", ".pdf"):
        with pytest.raises(InvalidInputError, match="would show boxes") as caught:
            report.save_chart(_chart(), tmp_path / f"chart{suffix}")
        assert caught.value.argument == "path"
        assert f"chart{suffix}" in str(caught.value)
        assert not (tmp_path / f"chart{suffix}").exists()
    latin = _chart("Placement rate")
    for axes in latin.axes:
        axes.set_yticks([0, 1], ["Jiangning", "Xuanwu"])
    assert report.save_chart(latin, tmp_path / "latin.png").read_bytes()[:4] == b"\x89PNG"
    assert report.save_chart(latin, tmp_path / "latin.pdf").read_bytes()[:5] == b"%PDF-"


def test_png_is_drawn_where_a_cjk_font_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_figures, "_installed_cjk_font", lambda _: "Noto Sans CJK SC")
    target = report.save_chart(_chart(), tmp_path / "chart.png")
    assert target.read_bytes()[:4] == b"\x89PNG"


def test_the_installed_font_is_found_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    manager = importlib.import_module("matplotlib.font_manager").fontManager
    entry = matplotlib.font_manager.FontEntry(name="WenQuanYi Micro Hei")
    monkeypatch.setattr(manager, "ttflist", [*manager.ttflist, entry])
    assert _figures._installed_cjk_font(matplotlib) == "WenQuanYi Micro Hei"
    monkeypatch.setattr(manager, "ttflist", [])
    assert _figures._installed_cjk_font(matplotlib) is None


def test_use_chinese_fonts_sets_the_reports_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_figures, "_installed_cjk_font", lambda _: "PingFang SC")
    with matplotlib.rc_context():
        assert report.use_chinese_fonts() == "PingFang SC"
        assert matplotlib.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
        assert matplotlib.rcParams["axes.unicode_minus"] is False


@pytest.mark.parametrize(
    ("figure", "path", "argument", "words"),
    [
        ("not a figure", "chart.svg", "figure", "must be a matplotlib Figure"),
        (None, "chart.jpg", "path", r"must end in \.svg, \.png, \.pdf, got 'chart.jpg'"),
        (None, 42, "path", "'path' must be"),
    ],
)
def test_wrong_arguments_are_named(
    tmp_path: Path, figure: object, path: object, argument: str, words: str
) -> None:
    chosen = _chart() if figure is None else figure
    with pytest.raises(InvalidInputError, match=words) as caught:
        report.save_chart(chosen, path)  # type: ignore[arg-type]
    assert caught.value.argument == argument


def test_without_matplotlib_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def without(name: str, package: str | None = None) -> ModuleType:
        if name == "matplotlib":
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(_figures.importlib, "import_module", without)
    with pytest.raises(MissingExtraError, match="'report' extra"):
        report.use_chinese_fonts()
