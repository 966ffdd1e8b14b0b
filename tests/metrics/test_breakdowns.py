"""Breakdowns by group with primary and secondary suppression (METHODOLOGY §8)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veteran_services import Caseload, ProgrammeKind, Resettlement, Sex
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import (
    Observation,
    breakdown,
    employment_rate_after_exit,
    six_month_outcomes,
    suppress_cells,
)

YEAR = (date(2017, 1, 1), date(2017, 12, 31))


@pytest.fixture
def city(b: SimpleNamespace) -> Caseload:
    """40 exiters in 2017Q2: 25 men in district 320102 (15 employed), 12 women in 320104
    (6 employed), 3 men in 320105 (1 employed). Two providers: TP1 (30), TP2 (10)."""
    veterans, enrolments, earnings = [], [], []
    plan = [("320102", Sex.MALE, 25, 15), ("320104", Sex.FEMALE, 12, 6), ("320105", Sex.MALE, 3, 1)]
    n = 0
    for region, sex, count, employed in plan:
        for i in range(count):
            n += 1
            vid = f"V{n:02d}"
            veterans.append(
                b.veteran(
                    vid,
                    sex=sex,
                    region=region,
                    born=date(1990 if n % 2 else 1980, 1, 1),
                    resettlement=Resettlement.SELF_EMPLOYMENT if n % 4 else Resettlement.OTHER,
                )
            )
            programme = "PG1" if n <= 30 else "PG2"
            enrolments.append(
                b.enrolment(
                    f"E{n}", vid, date(2017, 1, 2), date(2017, 6, 1), programme_id=programme
                )
            )
            if i < employed:
                earnings.append(b.earnings(vid, "2017Q4", "5000"))
    return b.caseload(
        veterans=veterans,
        providers=[b.provider("TP1"), b.provider("TP2")],
        programmes=[
            b.programme("PG1", provider_id="TP1"),
            b.programme("PG2", provider_id="TP2", kind=ProgrammeKind.ADAPTIVE),
        ],
        enrolments=enrolments,
        earnings=earnings,
    )


def test_suppression_rule_examples() -> None:
    # one small cell: the next-smallest non-empty cell is suppressed too
    assert suppress_cells({"A": 4, "B": 25, "C": 12, "D": 40}) == {
        "A": "primary",
        "C": "secondary",
    }
    # two small cells protect each other
    assert suppress_cells({"A": 4, "B": 3, "C": 12}) == {"A": "primary", "B": "primary"}
    # empty cells disclose nobody and cannot protect anybody
    assert suppress_cells({"A": 4, "B": 0, "C": 12}) == {"A": "primary", "C": "secondary"}
    assert suppress_cells({"A": 4, "B": 0}, suppress_zeros=True) == {
        "A": "primary",
        "B": "primary",
    }
    assert suppress_cells({"A": 10, "B": 11}) == {}
    with pytest.raises(InvalidInputError):
        suppress_cells({"A": -1})
    with pytest.raises(InvalidInputError):
        suppress_cells({"A": 1}, min_cell=0)


def test_breakdown_by_region(city: Caseload) -> None:
    table = breakdown(employment_rate_after_exit, city, by="region", exits_between=YEAR)
    assert [row.group for row in table.rows] == ["320102", "320104", "320105"]
    north = table.row("320102").estimate
    assert (north.numerator, north.denominator) == (15, 25)
    # 320105 has 3 exiters (primary); 320104 is the next smallest (secondary)
    assert table.row("320105").suppression == "primary"
    assert table.row("320104").suppression == "secondary"
    for group in ("320104", "320105"):
        withheld = table.row(group).estimate
        assert withheld.suppressed
        assert (withheld.value, withheld.numerator, withheld.denominator) == (None, None, None)
        assert withheld.observations == ()
    assert table.total.estimate == employment_rate_after_exit(city, exits_between=YEAR)
    assert (table.total.estimate.numerator, table.total.estimate.denominator) == (22, 40)


def test_breakdown_by_other_groupings(city: Caseload) -> None:
    by_sex = breakdown(employment_rate_after_exit, city, by="sex", exits_between=YEAR)
    assert {r.group: r.estimate.denominator for r in by_sex.rows} == {"female": 12, "male": 28}
    by_provider = breakdown(employment_rate_after_exit, city, by="provider", exits_between=YEAR)
    assert {r.group: r.estimate.denominator for r in by_provider.rows} == {"TP1": 30, "TP2": 10}
    by_kind = breakdown(employment_rate_after_exit, city, by="programme_kind", exits_between=YEAR)
    assert {r.group for r in by_kind.rows} == {"adaptive", "vocational"}
    by_age = breakdown(employment_rate_after_exit, city, by="age_band", exits_between=YEAR)
    assert {r.group: r.estimate.denominator for r in by_age.rows} == {"25-34": 20, "35-44": 20}
    by_route = breakdown(employment_rate_after_exit, city, by="resettlement", exits_between=YEAR)
    assert {r.group: r.estimate.denominator for r in by_route.rows} == {
        "other": 10,
        "self_employment": 30,
    }


def test_breakdown_by_callable_and_unknown_group(city: Caseload) -> None:
    def parity(observation: Observation) -> object:
        number = int(observation.unit_id[1:])
        return None if number > 30 else number % 2

    table = breakdown(employment_rate_after_exit, city, by=parity, exits_between=YEAR, min_cell=5)
    assert [r.group for r in table.rows] == ["0", "1", "unknown"]
    assert table.by == "parity"
    assert sum(r.estimate.denominator or 0 for r in table.rows) == 40


def test_breakdown_needs_an_estimate(city: Caseload) -> None:
    with pytest.raises(InvalidInputError):
        breakdown(six_month_outcomes, city, by="sex")
    with pytest.raises(InvalidInputError):
        breakdown(employment_rate_after_exit, city, by="shoe_size")  # type: ignore[arg-type]
    table = breakdown(lambda c, **k: six_month_outcomes(c, **k).employed, city, by="sex", wave=6)
    assert table.total.estimate.value is None


def test_small_total_is_suppressed(b: SimpleNamespace) -> None:
    caseload = b.caseload(
        veterans=[b.veteran("V1")],
        enrolments=[b.enrolment("E1", "V1", date(2017, 1, 2), date(2017, 6, 1))],
    )
    table = breakdown(employment_rate_after_exit, caseload, by="sex", exits_between=YEAR)
    assert table.total.suppression == "primary"
    assert table.total.estimate.value is None
    assert table.rows[0].suppression == "primary"


def test_exports(city: Caseload, tmp_path: Path) -> None:
    table = breakdown(employment_rate_after_exit, city, by="region", exits_between=YEAR)
    rows = table.to_rows()
    assert rows[-1]["group"] == "Total"
    assert rows[0]["numerator"] == 15
    assert rows[1]["value"] is None
    path = tmp_path / "table.csv"
    table.to_csv(path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the byte-order mark, for Excel
    with path.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert [r["group"] for r in read] == ["320102", "320104", "320105", "Total"]
    assert read[1]["value"] == ""
    assert read[1]["suppression"] == "secondary"


def test_to_frame(city: Caseload) -> None:
    pytest.importorskip("pandas")
    table = breakdown(employment_rate_after_exit, city, by="region", exits_between=YEAR)
    frame = table.to_frame()
    assert list(frame["group"]) == ["320102", "320104", "320105", "Total"]
    assert frame.loc[3, "denominator"] == 40


@given(
    counts=st.dictionaries(
        st.text("ABCDEFGH", min_size=1, max_size=2), st.integers(0, 40), min_size=1, max_size=8
    ),
    min_cell=st.integers(1, 15),
)
def test_no_suppressed_cell_can_be_recovered_by_subtraction(
    counts: dict[str, int], min_cell: int
) -> None:
    """METHODOLOGY §8: no published cell is below the threshold (unless empty) and, when the
    total is published, the published cells never pin down a single suppressed cell."""
    suppressed = suppress_cells(counts, min_cell=min_cell)
    published = {k: v for k, v in counts.items() if k not in suppressed}
    assert all(v >= min_cell or v == 0 for v in published.values())
    total = sum(counts.values())
    if total >= min_cell:
        hidden = [counts[k] for k in suppressed]
        # total − published cells = the sum of the hidden cells: it must mix at least two
        # non-empty cells, or it would give one of them away
        assert not hidden or sum(1 for v in hidden if v > 0) >= 2
