"""The README's main job writes a report whose charts render in a real browser.

The report marks each ``<img>`` with the size the browser decoded it at, once the page has
loaded (an inline script; see ``veteran_services.report``). Headless Chromium loads the file
with every host name unresolvable (the report must work offline), and ``--dump-dom`` prints
the DOM after the load event, which this test reads.

Needs Debian's ``chromium`` package (``apt-get install -y chromium``). Without it the test is
skipped, except when the ``CI`` environment variable is set: there it fails.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHARTS = 11  # with the non-response section's respondents against the cohort, and training's two


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    reason = "chromium is not installed (apt-get install -y chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser check")
    pytest.skip(reason)


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str | None]] = []
        self.checked: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs))
        elif tag == "body":
            self.checked = dict(attrs).get("data-images-checked")


@pytest.fixture(scope="module")
def browser() -> str:
    return _browser()


def _rendered(browser: str, page: Path, profile: Path) -> _Images:
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: no host name resolves
        f"--user-data-dir={profile}",
        "--virtual-time-budget=10000",
        "--dump-dom",
        page.resolve().as_uri(),
    ]
    completed = subprocess.run(  # noqa: S603  # a fixed command line of our own
        command, capture_output=True, text=True, timeout=180, check=False
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    parser = _Images()
    parser.feed(completed.stdout)
    return parser


def _broken_images(parsed: _Images) -> list[str]:
    """Ids of images the browser did not decode to a non-empty picture."""
    broken = []
    for image in parsed.images:
        width = int(image.get("data-natural-width") or 0)
        height = int(image.get("data-natural-height") or 0)
        if width <= 0 or height <= 0:
            broken.append(str(image.get("id")))
    return broken


@pytest.fixture(scope="module")
def demo_report(browser: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report the README's main job writes: ``python -m veteran_services``, no arguments.

    Run in a fresh interpreter from an empty folder, as a newcomer would (a browser is found
    first, so nothing is generated before a skip).
    """
    folder = tmp_path_factory.mktemp("readme")
    completed = subprocess.run(  # this Python, our own module
        [sys.executable, "-m", "veteran_services"],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Headline indicators" in completed.stdout
    assert "Check: no problems" in completed.stdout
    report = folder / "veteran-services-demo" / "report.html"
    assert f"Wrote the report {report.relative_to(folder)}" in completed.stdout
    return report


def test_every_chart_renders(browser: str, demo_report: Path, tmp_path: Path) -> None:
    parsed = _rendered(browser, demo_report, tmp_path / "profile")
    assert parsed.checked == str(CHARTS), "the page's load handler ran over every image"
    assert len(parsed.images) == CHARTS
    assert _broken_images(parsed) == []
    for image in parsed.images:
        assert int(image["data-natural-width"] or 0) >= 400


def test_a_broken_chart_is_caught(browser: str, demo_report: Path, tmp_path: Path) -> None:
    page = demo_report.read_text(encoding="utf-8")
    start = page.index('id="chart-quality"')
    data = page.index("base64,", start) + len("base64,")
    broken = page[:data] + "AAAA" + page[data + 4 :]  # the PNG signature no longer decodes
    target = tmp_path / "broken.html"
    target.write_text(broken, encoding="utf-8")
    parsed = _rendered(browser, target, tmp_path / "profile")
    assert _broken_images(parsed) == ["chart-quality"]


# --- the Chinese report -------------------------------------------------------------------------

#: Where a run keeps the screenshot of the Chinese report (a documented artefact, not in git):
#: the folder named by this environment variable, else the test's temporary folder.
ARTEFACTS = "VETERAN_SERVICES_ARTEFACTS"


@pytest.fixture(scope="module")
def chinese_report(browser: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m veteran_services --lang zh``: the demo's report in Chinese."""
    folder = tmp_path_factory.mktemp("zh")
    completed = subprocess.run(  # this Python, our own module
        [sys.executable, "-m", "veteran_services", "--lang", "zh"],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "主要指标" in completed.stdout
    return folder / "veteran-services-demo" / "report.html"


def _chart_texts(page: str) -> dict[str, list[str]]:
    """The text elements of every chart of *page*, by chart id (the SVG's text stays text)."""
    from xml.etree import ElementTree

    texts: dict[str, list[str]] = {}
    parser = _Images()
    parser.feed(page)
    for image in parser.images:
        source = str(image.get("src"))
        prefix = "data:image/svg+xml;base64,"
        assert source.startswith(prefix)
        root = ElementTree.fromstring(base64.b64decode(source[len(prefix) :]))  # noqa: S314
        texts[str(image.get("id"))] = [
            "".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text")
        ]
    return texts


def _cjk(text: str) -> set[str]:
    return {c for c in text if "\u4e00" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"}


def test_the_chinese_charts_render_with_chinese_labels(
    browser: str, chinese_report: Path, tmp_path: Path
) -> None:
    page = chinese_report.read_text(encoding="utf-8")
    texts = _chart_texts(page)
    assert len(texts) == CHARTS
    for chart, words in texts.items():
        assert _cjk(" ".join(words)), f"{chart} has no Chinese text"
    parsed = _rendered(browser, chinese_report, tmp_path / "profile")
    assert _broken_images(parsed) == []


def test_a_screenshot_of_the_chinese_report_is_kept(
    browser: str, chinese_report: Path, tmp_path: Path
) -> None:
    """Headless Chromium draws the page; the screenshot is kept where :data:`ARTEFACTS` says
    (or in the test's temporary folder) and its path printed. Every Chinese character of the
    charts is in the CJK font the browser falls back on (no missing-glyph boxes)."""
    fontconfig = shutil.which("fc-match")
    if fontconfig is None:
        pytest.skip("fontconfig (fc-match) is not installed")
    font = subprocess.run(  # noqa: S603 - a fixed fontconfig query
        [fontconfig, "-f", "%{file}", "sans-serif:lang=zh-cn"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stdout.strip()
    from fontTools.ttLib import TTFont

    cmap = TTFont(font, fontNumber=0).getBestCmap() if font else {}
    if ord("中") not in cmap:
        pytest.skip(f"no CJK font for the browser (fc-match gives {font!r})")
    page = chinese_report.read_text(encoding="utf-8")
    wanted = _cjk(" ".join(" ".join(words) for words in _chart_texts(page).values()))
    assert sorted(c for c in wanted if ord(c) not in cmap) == []
    folder = Path(os.environ.get(ARTEFACTS) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "report-zh.png"
    completed = subprocess.run(  # noqa: S603  # a fixed command line of our own
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--hide-scrollbars",
            "--window-size=1100,4200",
            f"--screenshot={shot}",
            chinese_report.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    print(f"screenshot of the Chinese report: {shot}")  # the artefact's path, for the run log
