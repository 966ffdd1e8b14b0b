"""The report's "Did training help?" section (issue 23, item 6)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from veteran_services import evaluation
from veteran_services.model import Caseload, ProgrammeKind
from veteran_services.report import render_report
from veteran_services.synthetic import DEFAULT_AS_OF, TrainingEffects, generate

pytest.importorskip("statsmodels")
pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def planted() -> Caseload:
    return generate(veterans=1200, seed=11, training_effects=TrainingEffects())


def _section(page: str) -> str:
    start = page.index('<h2 id="training">')
    end = page.find("<h2", start + 10)
    return page[start : end if end > 0 else len(page)]


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


def test_the_section_shows_naive_and_adjusted_with_their_intervals(planted: Caseload) -> None:
    page = render_report(planted, as_of=DEFAULT_AS_OF)
    section = _section(page)
    effect = evaluation.training_effect(
        planted,
        programme_kind="vocational",
        outcome="employed_q2",
        as_of=DEFAULT_AS_OF,
        ignore_kinds=("adaptive",),
        missing="complete",
    )
    text = _text(section)
    e, naive = effect.estimate, effect.naive
    assert f"Naive difference {100 * naive.value:+.1f} points" in text
    assert f"{100 * naive.lower:+.1f} – {100 * naive.upper:+.1f}" in text
    assert f"(AIPW) {100 * e.value:+.1f} points" in text
    assert f"{100 * e.lower:+.1f} – {100 * e.upper:+.1f}" in text
    assert f"{effect.frame.n_treated:,}" in text
    # the balance and overlap charts, and the plain words on the assumptions
    assert section.count('class="chart"') == 2
    assert 'id="chart-training-balance"' in section
    assert 'id="chart-training-overlap"' in section
    assert "no unmeasured confounding" in text
    assert "(overlap)" in text
    assert "What it cannot show" in text
    assert "E-value" in text
    assert '<a href="#training">Did training help?</a>' in page


def test_the_section_in_chinese(planted: Caseload) -> None:
    section = _text(_section(render_report(planted, as_of=DEFAULT_AS_OF, lang="zh", charts=False)))
    assert "培训有帮助吗？" in section
    assert "简单差值" in section
    assert "没有未观测的混杂" in section
    # no English words of the section left (codes and method names aside)
    leftover = set(re.findall(r"[A-Za-z]{3,}", section))
    assert leftover == set(), leftover


def test_a_caseload_without_trainees_says_why() -> None:
    city = generate(veterans=300, seed=2)
    vocational = {p.id for p in city.programmes if p.kind is ProgrammeKind.VOCATIONAL}
    untrained = city.replace(
        enrolments=tuple(e for e in city.enrolments if e.programme_id not in vocational),
        placements=tuple(p for p in city.placements if p.enrolment_id is None),
    )
    section = _text(_section(render_report(untrained, as_of=date(2026, 6, 30), charts=False)))
    assert "could not be estimated" in section
    assert "programme_kind" in section
