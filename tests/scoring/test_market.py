"""Labour-market tables: the built-in Nanjing history, lookups up the region tree, loading."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from veteran_services import Insurance, VeteranServicesError
from veteran_services.codes import isolated_regions
from veteran_services.errors import InvalidRecordError, RecordError
from veteran_services.scoring import LabourMarket, MarketDataError, MedianWage, MinimumWage

NANJING = LabourMarket.nanjing()


@pytest.mark.parametrize(
    ("region", "day", "monthly", "hourly", "area_class"),
    [
        ("320115", date(2014, 11, 1), "1630", "14.5", "I"),
        ("320115", date(2015, 12, 31), "1630", "14.5", "I"),
        ("320115", date(2016, 1, 1), "1770", "15.5", "I"),
        ("320102", date(2017, 6, 30), "1770", "15.5", "I"),
        ("320102", date(2018, 7, 31), "1770", "15.5", "I"),
        ("320102", date(2018, 8, 1), "2020", "18.5", "I"),
        ("320100", date(2021, 8, 1), "2280", "22", "I"),
        ("320111", date(2023, 12, 31), "2280", "22", "I"),
        ("320111", date(2024, 1, 1), "2490", "24", "I"),
        ("320111", date(2030, 1, 1), "2490", "24", "I"),
        # Lishui and Gaochun were class II until 2018
        ("320117", date(2015, 6, 1), "1460", "12.5", "II"),
        ("320118", date(2017, 6, 1), "1600", "14", "II"),
        ("320118", date(2019, 6, 1), "2020", "18.5", "I"),
    ],
)
def test_nanjing_minimum_wages(region, day, monthly, hourly, area_class) -> None:  # type: ignore[no-untyped-def]
    row = NANJING.minimum_wage(region, day)
    assert row.monthly == Decimal(monthly)
    assert row.hourly == Decimal(hourly)
    assert row.area_class == area_class
    assert row.currency == "CNY"
    assert row.source


def test_every_unconfirmed_row_says_why() -> None:
    unconfirmed = NANJING.unconfirmed()
    assert unconfirmed  # the history is not fully confirmed, and says so
    assert all(row.note for row in unconfirmed)
    confirmed = [r for r in NANJING.minimum_wages if r.confirmed]
    assert {(r.region, r.valid_from) for r in confirmed} == {
        ("320100", date(2018, 8, 1)),
        ("320100", date(2024, 1, 1)),
    }


def test_a_date_before_the_table_is_an_error() -> None:
    with pytest.raises(MarketDataError) as caught:
        NANJING.minimum_wage("320115", date(2014, 10, 31))
    error = caught.value
    assert isinstance(error, LookupError)
    assert isinstance(error, VeteranServicesError)
    assert str(error) == (
        "no minimum wage for region '320115' on 2014-10-31: the table for '320100' starts "
        "on 2014-11-01"
    )
    assert (error.table, error.region, error.day) == ("minimum_wages", "320115", date(2014, 10, 31))


@pytest.mark.parametrize("region", ["CN", "320000", "110000", "not-a-region"])
def test_a_region_without_a_row_is_an_error(region: str) -> None:
    with pytest.raises(MarketDataError, match="or any region above it"):
        NANJING.minimum_wage(region, date(2024, 1, 1))


def test_national_rules_apply_to_every_district() -> None:
    rule = NANJING.working_time("320115", date(2024, 1, 1))
    assert rule.region == "CN"
    assert (rule.standard_weekly_hours, rule.labour_law_weekly_hours) == (40, 44)
    assert (rule.daily_overtime_limit, rule.monthly_overtime_limit) == (3, 36)
    assert rule.paid_days_per_month == 21.75
    assert rule.weeks_per_month == pytest.approx(4.35)
    assert rule.max_weekly_hours == pytest.approx(40 + 36 / 4.35)
    assert rule.standard_monthly_hours() == pytest.approx(174)
    insurance = NANJING.social_insurance("320102", date(2020, 1, 1))
    assert insurance.schemes == frozenset(Insurance)
    assert insurance.part_time_schemes == {Insurance.WORK_INJURY}
    with pytest.raises(MarketDataError):
        NANJING.social_insurance("320102", date(2011, 6, 30))


def test_no_median_wages_are_built_in() -> None:
    assert NANJING.median_wage("320115", 2024) is None


def test_median_wages_walk_up_the_region_tree() -> None:
    market = NANJING.replace(
        median_wages=[
            MedianWage(
                region="320100", year=2024, monthly=Decimal("6000"), source="test", confirmed=True
            )
        ]
    )
    row = market.median_wage("320115", 2024)
    assert row is not None
    assert row.monthly == Decimal("6000")
    assert market.median_wage("320115", 2023) is None


def test_json_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "market.json"
    path.write_text(NANJING.to_json(), "utf-8")
    again = LabourMarket.from_json(path)
    assert again == NANJING
    assert again.minimum_wages == NANJING.minimum_wages
    assert again.working_time_rules == NANJING.working_time_rules
    assert again.social_insurance_rules == NANJING.social_insurance_rules
    assert again.median_wages == NANJING.median_wages


def test_user_tables_from_csv_for_a_new_city(tmp_path: Path) -> None:
    wages = tmp_path / "wages.csv"
    wages.write_text(
        "region,valid_from,monthly,hourly,source,confirmed\n"
        "320200,2024-01-01,2490,24,Jiangsu notice of 29 December 2023,true\n"
        "320200,2021-08-01,2280,,Jiangsu announcement of 28 July 2021,true\n",
        "utf-8",
    )
    market = LabourMarket.from_csv(minimum_wages=wages, base=NANJING, name="wuxi")
    with isolated_regions() as registry:
        registry.add("320200", name_en="Wuxi", name_zh="无锡市", parent="320000")
        registry.add("320213", name_en="Liangxi District", name_zh="梁溪区", parent="320200")
        row = market.minimum_wage("320213", date(2022, 1, 1))
        assert (row.region, row.monthly, row.hourly) == ("320200", Decimal("2280"), None)
        assert market.working_time("320213", date(2022, 1, 1)).region == "CN"
    # the user's table replaced the built-in one
    with pytest.raises(MarketDataError):
        market.minimum_wage("320115", date(2024, 1, 1))
    assert market.name == "wuxi"


def test_every_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    wages = tmp_path / "wages.csv"
    wages.write_text(
        "region,valid_from,monthly,hourly,source,confirmed\n"
        "320100,2024-13-01,2490,24,s,true\n"
        "320100,2024-01-01,-5,24,s,true\n"
        "320100,2025-01-01,abc,24,s,maybe\n"
        "320100,2026-01-01,2600,24,,true\n",
        "utf-8",
    )
    with pytest.raises(RecordError) as caught:
        LabourMarket.from_csv(minimum_wages=wages)
    problems = caught.value.problems
    assert len(problems) == 4
    assert "line 2" in problems[0]
    assert "'valid_from' must be an ISO date" in problems[0]
    assert "'monthly' must be a positive finite Decimal" in problems[1]
    assert "'monthly' must be a decimal number, got 'abc'" in problems[2]
    assert "'source' is required" in problems[3]
    # the same facts as attributes, for a program (a web service) that must not parse text
    assert [(p.file, p.line, p.field) for p in problems] == [
        (str(wages), 2, "valid_from"),
        (str(wages), 3, "monthly"),
        (str(wages), 4, "monthly"),
        (str(wages), 5, "source"),
    ]


def test_json_problems_name_the_row(tmp_path: Path) -> None:
    path = tmp_path / "market.json"
    path.write_text(
        json.dumps(
            {
                "minimum_wages": [{"region": "X", "valid_from": "2024-01-01"}],
                "surprise": [],
            }
        ),
        "utf-8",
    )
    with pytest.raises(RecordError) as caught:
        LabourMarket.from_json(path)
    text = str(caught.value)
    assert "unknown key 'surprise'" in text
    assert "$.minimum_wages[0]: 'monthly' is required" in text
    located = [p for p in caught.value.problems if p.field == "monthly"]
    assert [(p.file, p.path) for p in located] == [(str(path), "$.minimum_wages[0].monthly")]


def test_two_rows_for_the_same_day_are_rejected() -> None:
    row = NANJING.minimum_wages[0]
    with pytest.raises(InvalidRecordError, match="two rows for region '320100'"):
        LabourMarket(minimum_wages=[row, row])


def test_rows_validate_their_fields() -> None:
    with pytest.raises(InvalidRecordError, match="'monthly' must be a positive"):
        MinimumWage(
            region="CN", valid_from=date(2024, 1, 1), monthly=Decimal(0), source="s", confirmed=True
        )
    with pytest.raises(InvalidRecordError, match="'source' must be a non-empty citation"):
        MinimumWage(
            region="CN", valid_from=date(2024, 1, 1), monthly=Decimal(1), source=" ", confirmed=True
        )
