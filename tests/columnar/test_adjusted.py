"""The columnar adjusted league table gives the object path's table (issue 19: "the object and
columnar paths give the same table"), on the sample city."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

pytest.importorskip("statsmodels")

from veteran_services import columnar, metrics
from veteran_services.errors import InvalidInputError
from veteran_services.model import Caseload

AS_OF = date(2026, 6, 30)


def _both(city: Caseload, **settings: Any) -> tuple[metrics.AdjustedTable, metrics.AdjustedTable]:
    """(object path, columnar path) of the same settings."""
    indicator = {
        k: settings.pop(k)
        for k in ("quarter", "exits_between", "as_of", "counting")
        if k in settings
    }
    expected = metrics.adjusted_league_table(
        metrics.employment_rate_after_exit, city, **settings, **indicator
    )
    tables = columnar.to_arrow(city)
    got = columnar.adjusted_league_table(
        tables["veterans"],
        tables["enrolments"],
        tables["placements"],
        tables["earnings"],
        programmes=tables["programmes"],
        ventures=tables["ventures"],
        **settings,
        **indicator,
    )
    return expected, got


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
    ],
    ids=["provider", "district", "every-adjuster", "last-exit"],
)
def test_the_columnar_table_is_the_object_paths(city: Caseload, settings: dict[str, Any]) -> None:
    expected, got = _both(city, **settings)
    assert len(expected.rows) >= 2
    assert got.rows == expected.rows
    assert got.diagnostics == expected.diagnostics
    assert got == expected  # every field, the overall estimate too (not its observations)


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
