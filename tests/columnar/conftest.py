"""Shared data for the columnar tests: the sample city, once per session.

Both cities get a few WIOA exclusions planted after recorded exits (under the enrolment and
the contact rule), so that every window the tests use holds excluded veterans and the two
paths are compared on the exclusion rule too, whatever the generator happens to draw.
"""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from veteran_services import Caseload, metrics
from veteran_services.model import Exclusion, ExclusionReason
from veteran_services.synthetic import DEFAULT_AS_OF, SAMPLE_SEED, generate, sample_city

#: Every how many exiters one gets an exclusion 30 days after the exit.
_EVERY = 12


def with_exclusions(caseload: Caseload) -> Caseload:
    """*caseload* with an exclusion 30 days after the exit of every 12th exiter of each rule
    (institutionalised, or deceased for every other one), by the data cutoff."""
    planted: dict[str, Exclusion] = {}
    for rule in ("enrolments", "contacts"):
        found = metrics.exits(caseload, rule=rule, as_of=DEFAULT_AS_OF, counting="last_exit")
        for number, exit_ in enumerate(found):
            on = exit_.exited_on + timedelta(days=30)
            if number % _EVERY or on > DEFAULT_AS_OF or exit_.veteran_id in planted:
                continue
            reason = (
                ExclusionReason.DECEASED if len(planted) % 2 else ExclusionReason.INSTITUTIONALISED
            )
            planted[exit_.veteran_id] = Exclusion(reason=reason, on=on)
    veterans = [
        attrs.evolve(v, exclusions=(*v.exclusions, planted[v.id])) if v.id in planted else v
        for v in caseload.veterans
    ]
    return caseload.replace(veterans=veterans)


@pytest.fixture(scope="session")
def city() -> Caseload:
    """The sample city (2,000 veterans), shared by the tests of this folder."""
    return with_exclusions(sample_city())


@pytest.fixture(scope="session")
def small_city() -> Caseload:
    """A city of 300 veterans, for the tests that need many layouts of one caseload."""
    return with_exclusions(generate(veterans=300, seed=SAMPLE_SEED))
