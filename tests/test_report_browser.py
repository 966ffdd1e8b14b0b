"""The README's main job writes a report whose charts render in a real browser.

The report marks each ``<img>`` with the size the browser decoded it at, once the page has
loaded (an inline script; see ``veteran_services.report``). Headless Chromium loads the file
with every host name unresolvable (the report must work offline), and ``--dump-dom`` prints
the DOM after the load event, which this test reads.

Needs Debian's ``chromium`` package (``apt-get install -y chromium``). Without it the test is
skipped, except when the ``CI`` environment variable is set: there it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHARTS = 5


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
