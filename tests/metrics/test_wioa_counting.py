"""WIOA counting (issue 19, item 4): exclusions during participation and each period of
participation its own case, on small cohorts told as stories.

Sources: TEGL 10-16 Change 2 (and its twin, RSA-TAC-17-01), attachment II, table A (the
exclusions: the participant exits *because of* institutionalisation, medical treatment, a call
to active duty as a reservist, or is deceased) and its section "Period of participation" (a
new period each time a participant re-enters and exits, counted separately in numerator and
denominator of every indicator but measurable skill gains).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import attrs
import pytest

from veteran_services import metrics
from veteran_services.columnar import employment_rate_after_exit as columnar_rate
from veteran_services.columnar import to_arrow
from veteran_services.errors import InvalidInputError
from veteran_services.model import Caseload, EnrolmentOutcome, ExclusionReason

YEAR = (date(2024, 1, 1), date(2024, 12, 31))
AS_OF = date(2026, 6, 30)


@pytest.fixture
def stories(b: SimpleNamespace) -> Caseload:
    """Seven veterans, all exiting in 2024.

    ANNA   enrolled March, institutionalised in April, enrolment withdrawn in May with the
           reason for exit recorded ("institutionalised") → excluded, whatever the earnings
    BEN    enrolled March, the office recorded in April that he went to prison (an exclusion
           on the veteran), the enrolment closed in May with no reason recorded → excluded:
           the exclusion falls during participation
    CHEN   enrolled March, exited May, called up as a reservist in September → excluded by
           the rule that was already there (exclusion from exit to Q4 after exit)
    DAI    hospitalised in 2023 during an earlier training that ended in 2023, enrolled
           again March 2024, exited May, not employed → counted (the exclusion belongs to an
           earlier period of participation, not this one)
    EVA    exited February, re-enrolled in June and exited September; employed after the
           first exit only → two periods: employed once, not employed once
    FANG   exited March, back the day after (a back-to-back enrolment), exited July: one
           spell, one period; employed → counted once
    GAO    enrolled March, exited May, employed → counted
    """
    may = date(2024, 5, 20)
    return b.caseload(
        veterans=[
            b.veteran("ANNA"),
            b.veteran("BEN", exclusions=[(ExclusionReason.INSTITUTIONALISED, date(2024, 4, 2))]),
            b.veteran("CHEN", exclusions=[(ExclusionReason.RESERVE_CALL_UP, date(2024, 9, 1))]),
            b.veteran("DAI", exclusions=[(ExclusionReason.MEDICAL, date(2023, 5, 1))]),
            b.veteran("EVA"),
            b.veteran("FANG"),
            b.veteran("GAO"),
        ],
        enrolments=[
            attrs.evolve(
                b.enrolment("EN-ANNA", "ANNA", date(2024, 3, 1), may),
                outcome=EnrolmentOutcome.WITHDRAWN,
                exit_reason=ExclusionReason.INSTITUTIONALISED,
            ),
            b.enrolment("EN-BEN", "BEN", date(2024, 3, 1), may),
            b.enrolment("EN-CHEN", "CHEN", date(2024, 3, 1), may),
            b.enrolment("EN-DAI-1", "DAI", date(2023, 1, 9), date(2023, 6, 30)),
            b.enrolment("EN-DAI-2", "DAI", date(2024, 3, 1), may),
            b.enrolment("EN-EVA-1", "EVA", date(2023, 10, 1), date(2024, 2, 15)),
            b.enrolment("EN-EVA-2", "EVA", date(2024, 6, 3), date(2024, 9, 20)),
            b.enrolment("EN-FANG-1", "FANG", date(2023, 11, 1), date(2024, 3, 29)),
            b.enrolment("EN-FANG-2", "FANG", date(2024, 3, 30), date(2024, 7, 12)),
            b.enrolment("EN-GAO", "GAO", date(2024, 3, 1), may),
        ],
        earnings=[
            # the 2nd quarter after each exit: 2024Q2 exits → 2024Q4; Q1 → Q3; Q3 → 2025Q1
            b.earnings("ANNA", "2024Q4", "9000"),  # excluded all the same
            b.earnings("BEN", "2024Q4", "9000"),
            b.earnings("EVA", "2024Q3", "7000"),  # after the February exit; not 2025Q1
            b.earnings("FANG", "2025Q1", "8000"),
            b.earnings("GAO", "2024Q4", "6000"),
        ],
    )


def test_exclusions_during_participation(stories: Caseload) -> None:
    rate = metrics.employment_rate_after_exit(stories, exits_between=YEAR, as_of=AS_OF)
    assert rate.excluded == {
        "ANNA": "institutionalised: the reason for exit of enrolment EN-ANNA",
        "BEN": "institutionalised on 2024-04-02 (exclusion during participation)",
        "CHEN": "reserve_call_up on 2024-09-01 (exclusion from exit to Q4 after exit)",
    }
    # counted: DAI (not employed), EVA twice (employed once), FANG once, GAO
    assert (rate.numerator, rate.denominator) == (3, 5)


def test_each_period_of_participation_is_its_own_case(stories: Caseload) -> None:
    cohort = metrics.exits(stories, between=YEAR)
    eva = [e for e in cohort if e.veteran_id == "EVA"]
    assert [(e.began_on, e.exited_on) for e in eva] == [
        (date(2023, 10, 1), date(2024, 2, 15)),
        (date(2024, 6, 3), date(2024, 9, 20)),
    ]
    fang = [e for e in cohort if e.veteran_id == "FANG"]
    assert [(e.began_on, e.exited_on) for e in fang] == [(date(2023, 11, 1), date(2024, 7, 12))]
    rate = metrics.employment_rate_after_exit(stories, exits_between=YEAR, as_of=AS_OF)
    units = {o.unit_id: o.value for o in rate.observations if o.excluded is None}
    assert units == {
        "DAI": False,
        "EVA@2024-02-15": True,
        "EVA@2024-09-20": False,
        "FANG": True,
        "GAO": True,
    }
    assert rate.cohort.endswith("(enrolments rule; each period of participation)")
    assert rate.parameters["counting"] == "periods"


def test_the_last_exit_rule_is_kept_as_an_option(stories: Caseload) -> None:
    rate = metrics.employment_rate_after_exit(
        stories, exits_between=YEAR, as_of=AS_OF, counting="last_exit"
    )
    units = {o.unit_id: o.value for o in rate.observations if o.excluded is None}
    # EVA counts once, with her September exit (not employed in 2025Q1)
    assert units == {"DAI": False, "EVA": False, "FANG": True, "GAO": True}
    assert rate.cohort.endswith("(enrolments rule; the last exit of each)")


def test_the_columnar_path_counts_alike(stories: Caseload) -> None:
    tables = to_arrow(stories)
    for counting in ("periods", "last_exit"):
        expected = metrics.employment_rate_after_exit(
            stories, exits_between=YEAR, as_of=AS_OF, counting=counting
        )
        got = columnar_rate(
            tables["veterans"],
            tables["enrolments"],
            tables["placements"],
            tables["earnings"],
            exits_between=YEAR,
            as_of=AS_OF,
            counting=counting,
        )
        assert (got.numerator, got.denominator, got.excluded) == (
            expected.numerator,
            expected.denominator,
            expected.excluded,
        )
        assert got.cohort == expected.cohort
    # tables written before enrolments had an exit_reason column: no reason recorded
    old = tables["enrolments"].drop_columns(["exit_reason"])
    got = columnar_rate(
        tables["veterans"], old, tables["placements"], tables["earnings"], exits_between=YEAR
    )
    assert "ANNA" not in got.excluded


def test_an_exclusion_before_the_period_or_after_q4_does_not_apply(b: SimpleNamespace) -> None:
    # HU: medical treatment recorded the day before he enrolled (not during participation),
    #     and a death recorded after the 4th quarter after exit → counted both times
    caseload = b.caseload(
        veterans=[
            b.veteran(
                "HU",
                exclusions=[
                    (ExclusionReason.MEDICAL, date(2024, 2, 29)),
                    (ExclusionReason.DECEASED, date(2025, 7, 1)),
                ],
            )
        ],
        enrolments=[b.enrolment("EN-HU", "HU", date(2024, 3, 1), date(2024, 5, 20))],
    )
    rate = metrics.employment_rate_after_exit(caseload, exits_between=YEAR)
    assert rate.excluded == {}
    assert rate.denominator == 1


def test_every_exit_based_indicator_counts_periods(stories: Caseload) -> None:
    # EVA's two periods are two units in each WIOA exit-based indicator
    for estimate in (
        metrics.median_earnings_after_exit(stories, exits_between=YEAR, as_of=AS_OF),
        metrics.retention_with_same_employer(stories, exits_between=YEAR, as_of=AS_OF),
        metrics.credential_attainment_rate(stories, exits_between=YEAR, as_of=AS_OF),
    ):
        units = {o.unit_id for o in estimate.observations}
        assert "EVA" not in units, estimate.name
        assert estimate.parameters["counting"] == "periods"
    credentials = metrics.credential_attainment_rate(stories, exits_between=YEAR, as_of=AS_OF)
    assert {"EVA@2024-02-15", "EVA@2024-09-20"} <= {o.unit_id for o in credentials.observations}


def test_a_bad_counting_is_refused(stories: Caseload) -> None:
    with pytest.raises(InvalidInputError, match="'counting' must be 'periods' or 'last_exit'"):
        metrics.exits(stories, counting="each")
    with pytest.raises(InvalidInputError, match="'counting'"):
        metrics.employment_rate_after_exit(stories, counting="veterans")
