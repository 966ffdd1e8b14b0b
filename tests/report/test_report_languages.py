"""The sample city's report in each language holds no words of the other one.

The visible text of the page (what a browser shows: text nodes outside ``<script>`` and
``<style>``, image descriptions, and the text of every chart's SVG) is scanned: in the Chinese
report every Latin word is a proper noun of :data:`PROPER_NOUNS`, a code or an id; in the
English report no Chinese character appears.
"""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

from veteran_services.model import Caseload
from veteran_services.report import render_report
from veteran_services.synthetic import SAMPLE_SEED, SAMPLE_VETERANS, generate

pytest.importorskip("matplotlib")

#: Latin words a Chinese report may show: names of sources, standards, methods and the
#: program itself.
PROPER_NOUNS = frozenset(
    {
        "veteran",
        "services",  # veteran-services, the program
        "Wilson",
        "Newcombe",
        "Spiegelhalter",
        "Kaplan",
        "Meier",
        "Greenwood",
        "Eurostat",
        "OECD",
        "AAPOR",
        "WIOA",
        "ECE",
        "CES",
        "ISCO",
        "RR1",
    }
)

#: What is not a word for people: codes in parentheses (full or half width), snake_case
#: codes, ids (TP03, P000001), fingerprints, numbers.
_CODES = re.compile(
    r"[（(][A-Za-z0-9_./, -]+[)）]|\b[a-z]+(?:_[a-z0-9]+)+\b|\b[A-Z]{1,3}\d+\b|\b[0-9a-f]{12}\b"
)
_WORD = re.compile(r"[A-Za-z]{3,}")
_CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


class _Visible(HTMLParser):
    """The text a reader sees: text nodes (not script or style), alt texts, chart text."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "title"):
            self.hidden += 1
        values = dict(attrs)
        if tag == "img":
            self.texts.append(values.get("alt") or "")
            source = values.get("src") or ""
            prefix = "data:image/svg+xml;base64,"
            if source.startswith(prefix):
                svg = ElementTree.fromstring(base64.b64decode(source[len(prefix) :]))  # noqa: S314
                self.texts.extend(
                    "".join(e.itertext()) for e in svg.iter("{http://www.w3.org/2000/svg}text")
                )

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.texts.append(data.strip())


def _visible(page: str) -> list[str]:
    parser = _Visible()
    parser.feed(page)
    return parser.texts


@pytest.fixture(scope="module")
def city() -> Caseload:
    return generate(veterans=SAMPLE_VETERANS, seed=SAMPLE_SEED)  # the demo's sample city


def test_the_chinese_report_has_no_english_outside_proper_nouns(city: Caseload) -> None:
    page = render_report(city, lang="zh")
    english = sorted(
        {
            f"{word} in {text!r}"
            for text in _visible(page)
            for word in _WORD.findall(_CODES.sub(" ", text))
            if word not in PROPER_NOUNS
        }
    )
    assert english == []


def test_the_english_report_has_no_chinese(city: Caseload) -> None:
    page = render_report(city, lang="en")
    chinese = sorted({text for text in _visible(page) if _CHINESE.search(text)})
    assert chinese == []
