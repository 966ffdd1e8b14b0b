"""AAPOR outcome rates: a worked example in exact fractions, edge cases and properties."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veteran_services.errors import InvalidInputError
from veteran_services.stats import response_rates

# A worked example in the style of the AAPOR Response Rate Calculator: I=400, P=50, R=150,
# NC=200, O=50, UH=100, UO=50, NE=100. Eligible known cases 850, unknown 150, e = 850/950 = 17/19,
# so the RR3 denominator is 850 + 150·17/19 = 18700/19. Rates worked by hand as fractions
# from the AAPOR Standard Definitions (2023) formulas.
WORKED = {
    "complete": 400,
    "partial": 50,
    "refusal": 150,
    "non_contact": 200,
    "other": 50,
    "unknown_household": 100,
    "unknown_other": 50,
    "not_eligible": 100,
}
EXPECTED = {
    "rr1": Fraction(400, 1000),
    "rr2": Fraction(450, 1000),
    "rr3": Fraction(76, 187),
    "rr4": Fraction(450 * 19, 18700),
    "rr5": Fraction(8, 17),
    "rr6": Fraction(9, 17),
    "coop1": Fraction(8, 13),
    "coop2": Fraction(9, 13),
    "coop3": Fraction(2, 3),
    "coop4": Fraction(3, 4),
    "ref1": Fraction(15, 100),
    "ref2": Fraction(57, 374),
    "ref3": Fraction(3, 17),
    "con1": Fraction(65, 100),
    "con2": Fraction(247, 374),
    "con3": Fraction(13, 17),
    "e": Fraction(17, 19),
}


def test_worked_example() -> None:
    rates = response_rates(**WORKED)
    for name, value in EXPECTED.items():
        assert getattr(rates, name) == pytest.approx(float(value), rel=1e-14), name
    assert rates.e_estimated


def test_given_e_is_used() -> None:
    rates = response_rates(**WORKED, e=0.5)
    assert rates.e == 0.5
    assert not rates.e_estimated
    assert rates.rr3 == pytest.approx(400 / (850 + 75))
    assert response_rates(**WORKED, e=1.0).rr3 == pytest.approx(0.4)
    assert response_rates(**WORKED, e=0.0).rr3 == pytest.approx(400 / 850)


def test_weighted_counts_are_accepted() -> None:
    rates = response_rates(**{k: v * 1.37 for k, v in WORKED.items()})
    assert rates.rr1 == pytest.approx(0.4)
    assert rates.rr3 == pytest.approx(76 / 187)


def test_zero_denominators_give_none() -> None:
    zero = dict.fromkeys(WORKED, 0)
    rates = response_rates(**zero)
    assert all(getattr(rates, name) is None for name in EXPECTED)
    only_unknown = {**zero, "unknown_household": 5}
    rates = response_rates(**only_unknown)
    assert rates.rr1 == 0.0
    assert rates.e is None
    assert rates.rr3 is None
    assert rates.rr5 is None
    only_ineligible = {**zero, "not_eligible": 5, "unknown_other": 5}
    rates = response_rates(**only_ineligible)
    assert rates.e == 0.0
    assert rates.rr3 is None  # denominator 0 + 0·5
    no_unknown = {**WORKED, "unknown_household": 0, "unknown_other": 0, "not_eligible": 0}
    rates = response_rates(**no_unknown)
    assert rates.rr1 == rates.rr3 == rates.rr5 == pytest.approx(400 / 850)


@pytest.mark.parametrize(
    ("change", "argument"),
    [({"refusal": -1}, "refusal"), ({"other": float("nan")}, "other"), ({"e": 1.5}, "e")],
)
def test_bad_input(change: dict[str, float], argument: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        response_rates(**{**WORKED, **change})  # type: ignore[arg-type]
    assert caught.value.argument == argument


counts = st.integers(min_value=0, max_value=10_000)


@given(st.fixed_dictionaries(dict.fromkeys(WORKED, counts)))
def test_rates_are_ordered_and_in_unit_interval(case: dict[str, int]) -> None:
    """AAPOR: RR1 ≤ RR3 ≤ RR5, RR1 ≤ RR2, and every rate lies in [0, 1]."""
    rates = response_rates(**case)
    values = [getattr(rates, name) for name in EXPECTED]
    assert all(v is None or 0.0 <= v <= 1.0 for v in values)
    if rates.rr1 is not None and rates.rr3 is not None and rates.rr5 is not None:
        assert rates.rr1 <= rates.rr3 * (1 + 1e-12)
        assert rates.rr3 <= rates.rr5 * (1 + 1e-12)
        assert rates.rr1 <= rates.rr2  # type: ignore[operator]
