"""The columnar adjusted league table gives the object path's table (issue 19: "the object and
columnar paths give the same table"), on the sample city."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta

pytest.importorskip("statsmodels")

from veteran_services import columnar, metrics
from veteran_services.errors import InvalidInputError
from veteran_services.model import Caseload

AS_OF = date(2026, 6, 30)


#: The settings that go to the indicator (the object path's ``**indicator_args``).
_INDICATOR_SETTINGS = (
    "quarter",
    "exits_between",
    "rule",
    "as_of",
    "counting",
    "first",
    "second",
    "within",
    "anchor",
    "between",
    "include_subsidised",
    "include_ventures",
)


def _both(
    city: Caseload, indicator: str = "employment_rate_after_exit", **settings: Any
) -> tuple[metrics.AdjustedTable, metrics.AdjustedTable]:
    """(object path, columnar path) of the same settings."""
    of_indicator = {k: settings.pop(k) for k in _INDICATOR_SETTINGS if k in settings}
    expected = metrics.adjusted_league_table(
        getattr(metrics, indicator), city, **settings, **of_indicator
    )
    tables = columnar.to_arrow(city)
    got = columnar.adjusted_league_table(
        tables["veterans"],
        tables["enrolments"],
        tables["placements"],
        tables["earnings"],
        indicator=indicator,  # type: ignore[arg-type]
        programmes=tables["programmes"],
        ventures=tables["ventures"],
        contacts=tables["contacts"],
        responses=tables["responses"],
        **settings,
        **of_indicator,
    )
    return expected, got


def _same(expected: metrics.AdjustedTable, got: metrics.AdjustedTable) -> None:
    assert len(expected.rows) >= 2
    assert got.rows == expected.rows
    assert got.diagnostics == expected.diagnostics
    assert got == expected  # every field, the overall estimate too (not its observations)


@pytest.mark.parametrize(
    "settings",
    [
        {"as_of": AS_OF, "replicates": 200},
        {"by": "region", "as_of": AS_OF, "replicates": 0},
        {
            "adjust_for": metrics.ADJUSTERS,
            "quarter": 4,
            "exits_between": (date(2023, 1, 1), date(2024, 12, 31)),
            "as_of": AS_OF,
            "overdispersion": True,
            "scale": "log",
            "replicates": 50,
        },
        {"counting": "last_exit", "as_of": AS_OF, "min_n": 30, "replicates": 100, "seed": 7},
        {"rule": "contacts", "as_of": AS_OF, "replicates": 50},
        {"rule": "contacts", "by": "veteran_region", "replicates": 0},
    ],
    ids=["provider", "district", "every-adjuster", "last-exit", "contacts", "contacts-no-as-of"],
)
def test_the_columnar_table_is_the_object_paths(city: Caseload, settings: dict[str, Any]) -> None:
    _same(*_both(city, **settings))


@pytest.mark.parametrize(
    "settings",
    [
        {"as_of": AS_OF, "replicates": 100},
        {"by": "region", "as_of": AS_OF, "replicates": 0},
        {
            "adjust_for": metrics.ADJUSTERS,
            "first": 1,
            "second": 3,
            "exits_between": (date(2022, 1, 1), date(2025, 6, 30)),
            "as_of": AS_OF,
            "overdispersion": True,
            "replicates": 0,
        },
        {"counting": "last_exit", "as_of": AS_OF, "replicates": 0},
        {"rule": "contacts", "as_of": AS_OF, "replicates": 50, "seed": 3},
    ],
    ids=["provider", "district", "every-adjuster", "last-exit", "contacts"],
)
def test_retention_tables_are_the_object_paths(city: Caseload, settings: dict[str, Any]) -> None:
    _same(*_both(city, "retention_with_same_employer", **settings))


@pytest.mark.parametrize(
    "settings",
    [
        {"as_of": AS_OF, "replicates": 100},
        {"by": "region", "as_of": AS_OF, "replicates": 0},
        {
            "adjust_for": metrics.ADJUSTERS,
            "anchor": "separation",
            "within": relativedelta(months=3),
            "between": (date(2021, 1, 1), date(2025, 12, 31)),
            "as_of": AS_OF,
            "include_subsidised": False,
            "include_ventures": True,
            "replicates": 0,
        },
        {"anchor": "exit", "as_of": AS_OF, "replicates": 50},
        {"anchor": "exit", "rule": "contacts", "as_of": AS_OF, "replicates": 0},
    ],
    ids=["provider", "district", "separation-every-adjuster", "exit", "exit-contacts"],
)
def test_placement_tables_are_the_object_paths(city: Caseload, settings: dict[str, Any]) -> None:
    _same(*_both(city, "placement_rate", **settings))


def test_unknown_characteristics_and_units_are_left_out_alike(city: Caseload) -> None:
    # blank every tenth veteran's birth date and point one programme at no provider
    veterans = [
        attrs.evolve(v, birth_date=None) if i % 10 == 0 else v for i, v in enumerate(city.veterans)
    ]
    programmes = list(city.programmes)
    programmes[0] = attrs.evolve(programmes[0], provider_id="NO-SUCH-PROVIDER")
    changed = city.replace(veterans=veterans, programmes=programmes)
    expected, got = _both(changed, as_of=AS_OF, replicates=0)
    reasons = {reason for _, reason in expected.diagnostics.excluded}
    assert "age_band: age unknown" in reasons
    assert got == expected


def test_settings_and_groupings_are_checked(city: Caseload) -> None:
    tables = columnar.to_arrow(city)
    sources = [tables[k] for k in ("veterans", "enrolments", "placements", "earnings")]
    with pytest.raises(InvalidInputError, match="'programmes' is needed"):
        columnar.adjusted_league_table(*sources)
    with pytest.raises(InvalidInputError, match="'by' must be 'provider', 'region' or"):
        columnar.adjusted_league_table(*sources, by="sex")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="'adjust_for'"):
        columnar.adjusted_league_table(
            *sources, programmes=tables["programmes"], adjust_for=("shoe_size",)
        )
    with pytest.raises(InvalidInputError, match="'indicator' must be 'employment_rate_after_exit'"):
        columnar.adjusted_league_table(*sources, indicator="median_earnings_after_exit")  # type: ignore[arg-type]
    # a setting the indicator does not take is refused, not ignored
    with pytest.raises(InvalidInputError, match="'quarter' is not a setting of placement_rate"):
        columnar.adjusted_league_table(*sources, indicator="placement_rate", quarter=4)
    with pytest.raises(InvalidInputError, match="'anchor' is not a setting of retention"):
        columnar.adjusted_league_table(
            *sources, indicator="retention_with_same_employer", anchor="exit"
        )
    with pytest.raises(InvalidInputError, match="'counting' is not a setting of placement"):
        columnar.adjusted_league_table(*sources, indicator="placement_rate", counting="last_exit")
