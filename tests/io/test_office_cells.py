"""Cells as offices write them (issue 15, item 4): amounts, contract and insurance short forms."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veteran_services import ContractType, Insurance, Placement, io
from veteran_services.io._office import AmountError, parse_amount

AMOUNTS = st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2)


def _grouped(amount: Decimal) -> str:
    whole, _, tail = f"{amount:.2f}".partition(".")
    return f"{int(whole):,}.{tail}"


@given(AMOUNTS, st.sampled_from(["{}", "{}元", "{}元/月", "¥{}", "￥{}", " {} 元 ", "RMB{}"]))
def test_every_accepted_form_reads_to_the_exact_decimal(amount: Decimal, form: str) -> None:
    plain = f"{amount:.2f}"
    assert Decimal(parse_amount(form.format(plain))) == amount
    assert Decimal(parse_amount(form.format(_grouped(amount)))) == amount


@given(st.decimals(min_value=0, max_value=Decimal("99999.9999"), places=4))
def test_ten_thousands_read_exactly(amount: Decimal) -> None:
    assert Decimal(parse_amount(f"{amount}万")) == amount * 10000
    assert Decimal(parse_amount(f"{amount}万元")) == amount * 10000


@pytest.mark.parametrize("cell", ["1234,56", "12,34", "1,2345", "4,000,00", "1.234,56"])
def test_a_cell_that_could_mean_two_amounts_is_refused(cell: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(cell)


def test_the_ambiguous_comma_says_both_readings() -> None:
    with pytest.raises(AmountError, match=r"could be 1234\.56 or 123456"):
        parse_amount("1234,56")


def test_short_forms_in_a_sheet(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    rows = [
        (
            "id,veteran_id,employer_id,occupation_title,started_on,contract,insurance,monthly_wage.amount"
        ),
        "P1,V1,E1,保安员,2024-03-01,固定期限,五险一金,4000元/月",
        "P2,V1,E1,保安员,2024-03-01,无固定期限,三险一金,0.5万",
        "P3,V1,E1,保安员,2024-03-01,劳务派遣,未缴,￥4500",
        "P4,V1,E1,保安员,2024-03-01,非全日制,,6500元",
        "P5,V1,E1,保安员,2024-03-01,,五险,",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    p1, p2, p3, p4, p5 = io.read_csv(path, Placement)
    assert [p.contract for p in (p1, p2, p3, p4, p5)] == [
        ContractType.FIXED_TERM,
        ContractType.OPEN_ENDED,
        ContractType.DISPATCH,
        ContractType.PART_TIME,
        None,  # a blank cell: not recorded
    ]
    assert p1.insurance is not None
    assert Insurance.HOUSING_FUND in p1.insurance
    assert p3.insurance == frozenset()  # 未缴: recorded as none paid
    assert p4.insurance is None  # blank: not recorded
    assert [str(p.monthly_wage.amount) for p in (p1, p2, p3, p4) if p.monthly_wage] == [
        "4000",
        "5000",
        "4500",
        "6500",
    ]


def test_a_chinese_code_cell_lists_the_chinese_labels(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "id,veteran_id,employer_id,occupation_title,started_on,contract\n"
        "P1,V1,E1,保安员,2024-03-01,口头约定\n",
        encoding="utf-8",
    )
    result = io.read_csv(path, Placement, errors="collect")
    (problem,) = result.problems
    assert "column 'contract': must be one of 无固定期限劳动合同、固定期限劳动合同" in problem
    assert "(got '口头约定')" in problem
