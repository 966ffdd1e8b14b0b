"""Shared data for the columnar tests: the sample city, once per session."""

from __future__ import annotations

import pytest

from veteran_services import Caseload
from veteran_services.synthetic import SAMPLE_SEED, generate, sample_city


@pytest.fixture(scope="session")
def city() -> Caseload:
    """The sample city (2,000 veterans), shared by the tests of this folder."""
    return sample_city()


@pytest.fixture(scope="session")
def small_city() -> Caseload:
    """A city of 300 veterans, for the tests that need many layouts of one caseload."""
    return generate(veterans=300, seed=SAMPLE_SEED)
