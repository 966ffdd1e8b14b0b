"""The follow-up worklist, panel retention and performance against targets."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from veteran_services import Caseload, Disposition
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import (
    Estimate,
    FollowUpStatus,
    Observation,
    follow_ups_due,
    panel_retention,
    performance,
    summarise,
)

D = FollowUpStatus


@pytest.fixture
def worklist_caseload(b: SimpleNamespace) -> Caseload:
    """F1 started 2020-01-31; F2 2019-10-15 (3-month case done); F3 2019-06-01 (6-month
    refusal recorded); F4 starts after the worklist date."""
    return b.caseload(
        veterans=[b.veteran("V1"), b.veteran("V2"), b.veteran("V3"), b.veteran("V4")],
        placements=[
            b.placement("F1", "V1", date(2020, 1, 31)),
            b.placement("F2", "V2", date(2019, 10, 15)),
            b.placement("F3", "V3", date(2019, 6, 1), date(2019, 8, 1)),
            b.placement("F4", "V4", date(2020, 6, 1)),
        ],
        responses=[
            b.response("r2", "V2", placement_id="F2", wave=3, collected=date(2020, 1, 20)),
            b.response(
                "r3",
                "V3",
                placement_id="F3",
                wave=6,
                disposition=Disposition.REFUSAL,
                collected=date(2019, 12, 5),
            ),
        ],
    )


def test_worklist_statuses(worklist_caseload: Caseload) -> None:
    worklist = follow_ups_due(worklist_caseload, as_of=date(2020, 5, 15))
    status = {(i.placement_id, i.wave_months): (i.status, i.due_on) for i in worklist.items}
    assert status == {
        # 31 January + 3 calendar months = 30 April; 15 May is within the 30-day grace
        ("F1", 3): (D.DUE, date(2020, 4, 30)),
        ("F1", 6): (D.NOT_YET_DUE, date(2020, 7, 31)),
        ("F1", 12): (D.NOT_YET_DUE, date(2021, 1, 31)),
        ("F2", 3): (D.DONE, date(2020, 1, 15)),
        ("F2", 6): (D.DUE, date(2020, 4, 15)),  # the last day of grace
        ("F2", 12): (D.NOT_YET_DUE, date(2020, 10, 15)),
        # the job ended; still followed up; 227 days past the grace period: lost
        ("F3", 3): (D.LOST, date(2019, 9, 1)),
        ("F3", 6): (D.DONE, date(2019, 12, 1)),
        ("F3", 12): (D.NOT_YET_DUE, date(2020, 6, 1)),
    }
    done = {i.placement_id: i for i in worklist.with_status(D.DONE) if i.wave_months == 6}
    assert done["F3"].disposition is Disposition.REFUSAL
    assert done["F3"].response_id == "r3"
    assert worklist.counts() == {D.DONE: 2, D.DUE: 2, D.OVERDUE: 0, D.LOST: 1, D.NOT_YET_DUE: 4}
    assert [i.due_on for i in worklist.items] == sorted(i.due_on for i in worklist.items)
    tomorrow = follow_ups_due(worklist_caseload, as_of=date(2020, 5, 16))
    assert {(i.placement_id, i.wave_months) for i in tomorrow.with_status(D.OVERDUE)} == {
        ("F2", 6),
    }
    never_lost = follow_ups_due(
        worklist_caseload, as_of=date(2020, 5, 16), lost_after_days=None, lost_after_attempts=None
    )
    assert {(i.placement_id, i.wave_months) for i in never_lost.with_status(D.OVERDUE)} == {
        ("F2", 6),
        ("F3", 3),
    }


def test_panel_retention(worklist_caseload: Caseload) -> None:
    worklist = follow_ups_due(worklist_caseload, as_of=date(2020, 5, 15))
    retention = worklist.retention
    # 3 months: due for F1, F2, F3; only F2 responded
    assert (retention[3].numerator, retention[3].denominator) == (1, 3)
    # 6 months: due for F2 and F3; F3 refused
    assert (retention[6].numerator, retention[6].denominator) == (0, 2)
    assert retention[12].value is None
    everyone = panel_retention(worklist_caseload)
    assert everyone[3].denominator == 4
    cumulative = panel_retention(worklist_caseload, cumulative=True)
    assert cumulative[6].numerator == 0


def test_worklist_arguments(worklist_caseload: Caseload) -> None:
    with pytest.raises(InvalidInputError):
        follow_ups_due(worklist_caseload, as_of=date(2020, 1, 1), schedule=(3, 3))
    with pytest.raises(InvalidInputError):
        follow_ups_due(worklist_caseload, as_of=date(2020, 1, 1), grace_days=-1)
    with pytest.raises(InvalidInputError):
        follow_ups_due(worklist_caseload, as_of="1 January 2020")  # type: ignore[arg-type]


def _estimate(name: str, value: float | None) -> Estimate:
    observations = [] if value is None else [Observation(name, name, None, value)]
    return summarise(
        name=name,
        statistic="mean",
        observations=observations,
        unit="x",
        cohort="c",
        window="w",
    )


def test_performance_against_targets() -> None:
    estimates = [
        _estimate("employment_rate_q2_after_exit", 0.63),
        _estimate("median_earnings_q2_after_exit", 5000.0),
        _estimate("time_to_placement", 100.0),
    ]
    targets = {
        "employment_rate_q2_after_exit": 0.70,
        "median_earnings_q2_after_exit": 6000.0,
        "time_to_placement": 90.0,
    }
    result = performance(estimates, targets, lower_is_better={"time_to_placement"})
    scores = [s.score for s in result.indicators]
    assert scores == pytest.approx([0.9, 5000 / 6000, 0.9])
    assert result.score == pytest.approx((0.9 + 5000 / 6000 + 0.9) / 3)
    assert result.passed is False  # overall 87.8 % < 90 %
    assert result.failed == ()
    lenient = performance(
        estimates, targets, overall_threshold=0.85, lower_is_better={"time_to_placement"}
    )
    assert lenient.passed is True
    strict = performance(estimates, targets, indicator_threshold=0.85, overall_threshold=0.5)
    assert strict.failed == ("median_earnings_q2_after_exit",)
    assert strict.passed is False


def test_performance_edge_cases() -> None:
    missing = {"rate": _estimate("rate", None)}
    result = performance(missing, {"rate": 0.5})
    assert result.passed is None
    assert result.indicators[0].reason is not None
    with pytest.raises(InvalidInputError):
        performance(missing, {"other": 0.5})
    with pytest.raises(InvalidInputError):
        performance(missing, {"rate": 0.0})


def test_lost_after_failed_attempts(b: SimpleNamespace) -> None:
    """Failed contact attempts keep a wave open; the third makes it lost; a lost follow-up is a
    non-contact in the AAPOR rates, open ones are not counted."""
    nc = Disposition.NON_CONTACT
    caseload = b.caseload(
        veterans=[b.veteran("V1"), b.veteran("V2"), b.veteran("V3")],
        placements=[
            b.placement("F1", "V1", date(2020, 1, 1)),
            b.placement("F2", "V2", date(2020, 1, 1)),
            b.placement("F3", "V3", date(2020, 1, 1)),
        ],
        responses=[
            *(
                b.response(
                    f"a{n}",
                    "V1",
                    placement_id="F1",
                    wave=3,
                    disposition=nc,
                    collected=date(2020, 4, n),
                )
                for n in (2, 3, 4)
            ),
            b.response(
                "b1", "V2", placement_id="F2", wave=3, disposition=nc, collected=date(2020, 4, 2)
            ),
            b.response("c1", "V3", placement_id="F3", wave=3, collected=date(2020, 4, 9)),
        ],
    )
    worklist = follow_ups_due(caseload, as_of=date(2020, 4, 10), schedule=(3,))
    status = {i.placement_id: (i.status, i.attempts) for i in worklist.items}
    assert status == {"F1": (D.LOST, 3), "F2": (D.DUE, 1), "F3": (D.DONE, 0)}
    # the second attempt is not known yet on 3 April
    early = follow_ups_due(caseload, as_of=date(2020, 4, 3), schedule=(3,))
    assert {i.placement_id: i.attempts for i in early.items}["F1"] == 2
    dispositions = worklist.dispositions(3)
    assert dispositions[Disposition.COMPLETE] == 1
    assert dispositions[Disposition.NON_CONTACT] == 1  # F1 lost; F2 still open
    assert worklist.response_rates(3).rr1 == 0.5
    assert worklist.by_region(caseload) == {
        b.veteran("V1").region: {D.DONE: 1, D.DUE: 1, D.OVERDUE: 0, D.LOST: 1, D.NOT_YET_DUE: 0}
    }
    assert worklist.counts_by_wave()[3][D.LOST] == 1
    assert worklist.retention[3].details["lost"] == 1
    with pytest.raises(InvalidInputError, match="lost_after_attempts"):
        follow_ups_due(caseload, as_of=date(2020, 4, 10), lost_after_attempts=0)
    with pytest.raises(InvalidInputError, match="wave"):
        worklist.dispositions(6)
