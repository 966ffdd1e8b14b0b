"""Non-finite numbers never get in: NaN and Infinity are refused in money and survey weights,
whichever way they are spelled and whichever reader reads them."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from veteran_services import Disposition, Money, Placement, RecordError, SurveyResponse, io

#: JSON spellings of a non-finite number: the literals Python's json module accepts by default,
#: and numbers too large for a float.
NON_FINITE_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"]
#: Text spellings, as money is written (a decimal string) and as a CSV cell may hold them.
NON_FINITE_TEXT = ["NaN", "nan", "sNaN", "Infinity", "-Infinity", "inf", "-inf", "1e999", "Inf"]

RESPONSE = SurveyResponse(
    id="R1",
    instrument_id="FU",
    instrument_version=1,
    veteran_id="V1",
    disposition=Disposition.REFUSAL,
    weight=2.5,
)
PLACEMENT = Placement(
    id="P1",
    veteran_id="V1",
    employer_id="E1",
    occupation="8322",
    started_on=date(2024, 1, 31),
    monthly_wage=Money.of("4500.00"),
)


def with_weight(number: str) -> str:
    text = io.dumps(RESPONSE)
    assert text.count('"weight":2.5') == 1
    return text.replace('"weight":2.5', f'"weight":{number}')


@pytest.mark.parametrize("number", NON_FINITE_NUMBERS)
def test_json_weight(number: str) -> None:
    with pytest.raises(RecordError) as info:
        io.loads(SurveyResponse, with_weight(number))
    assert len(info.value.problems) == 1


@pytest.mark.parametrize("value", [*NON_FINITE_TEXT, *NON_FINITE_NUMBERS])
def test_json_money(value: str) -> None:
    text = '{"amount": %s, "currency": "CNY"}'
    for spelled in (json.dumps(value), value):  # as a string, and as a bare JSON token
        if spelled == value and value not in NON_FINITE_NUMBERS:
            continue  # not JSON at all
        with pytest.raises(RecordError):
            io.loads(Money, text % spelled)


@pytest.mark.parametrize("number", NON_FINITE_NUMBERS)
def test_json_lines_weight(tmp_path: Path, number: str) -> None:
    path = tmp_path / "responses.jsonl"
    path.write_text(io.dumps(RESPONSE) + "\n" + with_weight(number) + "\n", encoding="utf-8")
    result = io.read_jsonl(path, SurveyResponse, errors="collect").collect()
    assert result.records == (RESPONSE,)
    assert len(result.problems) == 1
    assert result.problems[0].startswith("responses.jsonl line 2: ")


def _rewrite(path: Path, column: str, value: str) -> None:
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    rows[1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)


@pytest.mark.parametrize("value", NON_FINITE_TEXT)
def test_csv_money(tmp_path: Path, value: str) -> None:
    path = tmp_path / "placements.csv"
    io.write_csv(path, [PLACEMENT])
    assert io.read_csv(path, Placement).records == (PLACEMENT,)
    _rewrite(path, "monthly_wage.amount", value)
    result = io.read_csv(path, Placement, errors="collect")
    assert result.records == ()
    assert any("monthly_wage" in p for p in result.problems), result.problems


@pytest.mark.parametrize("value", NON_FINITE_TEXT)
def test_csv_weight(tmp_path: Path, value: str) -> None:
    path = tmp_path / "responses.csv"
    io.write_csv(path, [RESPONSE])
    assert io.read_csv(path, SurveyResponse).records == (RESPONSE,)
    _rewrite(path, "weight", value)
    result = io.read_csv(path, SurveyResponse, errors="collect")
    assert result.records == ()
    assert any("weight" in p for p in result.problems), result.problems
