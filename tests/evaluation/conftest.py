"""Simulated analysis frames with a known effect, for the evaluation tests."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

pytest.importorskip("statsmodels")

TRUE_EFFECT = 2.0


def simulate(
    seed: int,
    n: int = 600,
    *,
    confounded: bool = True,
    binary: bool = False,
) -> dict[str, np.ndarray]:
    """Two confounders (x1 continuous, x2 0/1) and a noise covariate x3; effect 2 (or a
    risk difference for a 0/1 outcome). Selection depends on x1 and x2 when *confounded*."""
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=n)
    x2 = rng.binomial(1, 0.4, n).astype(float)
    x3 = rng.normal(size=n)
    if confounded:
        e = 1.0 / (1.0 + np.exp(-(-0.4 + 0.9 * x1 + 0.7 * x2)))
    else:
        e = np.full(n, 0.4)
    t = rng.binomial(1, e).astype(float)
    if binary:
        p = 1.0 / (1.0 + np.exp(-(-0.5 + 1.0 * t + 0.8 * x1 + 0.6 * x2)))
        y = rng.binomial(1, p).astype(float)
    else:
        y = 1.0 + TRUE_EFFECT * t + 1.5 * x1 + 1.2 * x2 + rng.normal(size=n)
    return {"t": t, "y": y, "x1": x1, "x2": x2, "x3": x3}


@pytest.fixture(scope="session")
def make_frame() -> Callable[..., dict[str, np.ndarray]]:
    """The simulator itself, for tests that need several seeds or sizes."""
    return simulate


@pytest.fixture
def frame() -> dict[str, np.ndarray]:
    return simulate(7)


@pytest.fixture
def binary_frame() -> dict[str, np.ndarray]:
    return simulate(11, binary=True)
