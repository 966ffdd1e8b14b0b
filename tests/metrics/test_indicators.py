"""Each indicator on a small hand-built caseload, with numerator, denominator and exclusions
spelled out (METHODOLOGY §2, §3, §6 edge cases)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from veteran_services import (
    Caseload,
    ContractType,
    CredentialKind,
    Disposition,
    ExclusionReason,
    Insurance,
    LabourStatus,
    ProgrammeKind,
)
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import (
    credential_attainment_rate,
    employment_rate_after_exit,
    jobs_created,
    mean_quality,
    median_earnings_after_exit,
    placement_rate,
    response_rates_by_wave,
    retention_with_same_employer,
    six_month_outcomes,
    skill_gain_rate,
    time_to_placement,
    venture_survival_rate,
    weighted_satisfaction,
)
from veteran_services.scoring import LabourMarket, score_caseload
from veteran_services.stats import response_rates, wilson_interval

YEAR_2017 = (date(2017, 1, 1), date(2017, 12, 31))
START = date(2017, 1, 2)


def _exit(b: SimpleNamespace, vid: str, day: date) -> Any:
    return b.enrolment("E" + vid, vid, START, day)


@pytest.fixture
def employment(b: SimpleNamespace) -> Caseload:
    """All exits fall in 2017Q2: the 2nd quarter after exit is 2017Q4, the 4th is 2018Q2.

    V1   earnings only in the exit quarter and the quarter after → not employed in Q2 or Q4
    V2   earnings only in 2018Q2 → not employed in Q2, employed in Q4 (Q4 does not need Q2)
    V3   unsubsidised job from 2017-11-15, still held → employed in Q2 and Q4
    V4   subsidised job only → never employed
    V5   founded a venture on 2017-12-31 → employed in Q2 and Q4
    V6   died 2018-01-15, within the exclusion window → excluded
    V7   exclusion dated 2018-07-01, after the window → counted; earnings in 2017Q4 only
    V8   exit in 2018 → outside the cohort
    V9   enrolment in progress → has not exited
    V10  earnings of zero in 2017Q4 → not employed
    """
    day = date(2017, 5, 20)
    return b.caseload(
        veterans=[
            *(b.veteran(f"V{i}") for i in (1, 2, 3, 4, 5, 8, 9, 10)),
            b.veteran("V6", exclusions=[(ExclusionReason.DECEASED, date(2018, 1, 15))]),
            b.veteran("V7", exclusions=[(ExclusionReason.MEDICAL, date(2018, 7, 1))]),
        ],
        enrolments=[
            _exit(b, "V1", date(2017, 6, 1)),
            _exit(b, "V2", date(2017, 6, 15)),
            _exit(b, "V3", date(2017, 5, 1)),
            _exit(b, "V4", date(2017, 4, 10)),
            _exit(b, "V5", date(2017, 6, 30)),
            _exit(b, "V6", day),
            _exit(b, "V7", day),
            _exit(b, "V8", date(2018, 1, 10)),
            b.enrolment("EV9", "V9", START, None),
            _exit(b, "V10", date(2017, 6, 1)),
        ],
        earnings=[
            b.earnings("V1", "2017Q2", "5000"),
            b.earnings("V1", "2017Q3", "3000"),
            b.earnings("V2", "2018Q2", "9000"),
            b.earnings("V7", "2017Q4", "12000"),
            b.earnings("V10", "2017Q4", "0"),
        ],
        placements=[
            b.placement("P3", "V3", date(2017, 11, 15)),
            b.placement("P4", "V4", date(2017, 10, 1), subsidised=True),
        ],
        ventures=[b.venture("B5", "V5", date(2017, 12, 31))],
    )


def test_employment_rate_q2(employment: Caseload) -> None:
    estimate = employment_rate_after_exit(employment, quarter=2, exits_between=YEAR_2017)
    # cohort V1-V7, V10 (8); V6 excluded → 7; employed in 2017Q4: V3, V5, V7
    assert (estimate.numerator, estimate.denominator) == (3, 7)
    assert estimate.value == pytest.approx(3 / 7)
    assert list(estimate.excluded) == ["V6"]
    assert "deceased" in estimate.excluded["V6"]
    assert estimate.interval == wilson_interval(3, 7)
    employed = {o.unit_id for o in estimate.observations if o.value}
    assert employed == {"V3", "V5", "V7"}


def test_employment_rate_q4_does_not_require_q2(employment: Caseload) -> None:
    estimate = employment_rate_after_exit(employment, quarter=4, exits_between=YEAR_2017)
    # employed in 2018Q2: V2 (not employed in Q2), V3, V5
    assert (estimate.numerator, estimate.denominator) == (3, 7)
    assert {o.unit_id for o in estimate.observations if o.value} == {"V2", "V3", "V5"}


def test_exit_quarter_is_never_counted(employment: Caseload) -> None:
    """V1 earned only in the exit quarter (2017Q2) and the 1st quarter after: employed in Q1
    after exit, never in the exit quarter's stead."""
    q1 = employment_rate_after_exit(employment, quarter=1, exits_between=YEAR_2017)
    assert {o.unit_id for o in q1.observations if o.value} == {"V1"}
    q2 = employment_rate_after_exit(employment, quarter=2, exits_between=YEAR_2017)
    assert "V1" not in {o.unit_id for o in q2.observations if o.value}


def test_excluded_person_leaves_numerator_and_denominator(
    employment: Caseload, b: SimpleNamespace
) -> None:
    without = employment.replace(
        veterans=[v for v in employment.veterans if v.id != "V6"]
        + [b.veteran("V6")],  # the same person without the exclusion
        earnings=[*employment.earnings, b.earnings("V6", "2017Q4", "7000")],
    )
    counted = employment_rate_after_exit(without, exits_between=YEAR_2017)
    excluded = employment_rate_after_exit(employment, exits_between=YEAR_2017)
    assert (counted.numerator, counted.denominator) == (4, 8)
    assert (excluded.numerator, excluded.denominator) == (3, 7)
    assert counted.excluded == {}


def test_outcome_quarter_not_yet_observed_is_left_out(employment: Caseload) -> None:
    estimate = employment_rate_after_exit(
        employment, quarter=4, exits_between=YEAR_2017, as_of=date(2018, 6, 29)
    )
    assert estimate.value is None
    assert estimate.denominator == 0
    assert "not complete" in estimate.excluded["V1"]


def test_empty_cohort_gives_none_with_a_reason(employment: Caseload) -> None:
    estimate = employment_rate_after_exit(
        employment, exits_between=(date(2030, 1, 1), date(2030, 12, 31))
    )
    assert estimate.value is None
    assert estimate.interval is None
    assert estimate.reason == "no exiters between 2030-01-01 and 2030-12-31 are left in the cohort"
    assert (estimate.numerator, estimate.denominator) == (None, 0)


def test_contact_rule_cohort(b: SimpleNamespace) -> None:
    caseload = b.caseload(
        veterans=[b.veteran("V1"), b.veteran("V2")],
        contacts=[
            b.contact("c1", "V1", date(2017, 5, 2)),
            b.contact("c2", "V2", date(2017, 5, 2)),
            b.contact("c3", "V2", date(2017, 7, 1)),  # extends V2's spell into 2017Q3
        ],
        earnings=[b.earnings("V1", "2017Q4", "100"), b.earnings("V2", "2017Q4", "100")],
    )
    estimate = employment_rate_after_exit(
        caseload, exits_between=YEAR_2017, rule="contacts", as_of=date(2018, 12, 31)
    )
    # V1 exits 2017-05-02 (Q2 after = 2017Q4, employed); V2 exits 2017-07-01 (Q2 after 2018Q1)
    assert (estimate.numerator, estimate.denominator) == (1, 2)


@pytest.fixture
def earnings_caseload(b: SimpleNamespace) -> Caseload:
    """Exits 2017-06-30 → 2nd quarter after is 2017Q4 (92 days).

    M1  records from two employers: 4000 + 3000 = 7000
    M2  records: 12000
    M3  no records; job from 2017-11-15 at 6000 a month → 6000 × 3 × 47/92 = 9195.65 (estimated)
    M4  a job, but its earnings record says 0 → zero never enters
    M5  a job with no wage and no record → no figure, left out
    M6  excluded (medical treatment 2017-09-01)
    M7  records: 8000
    M8  not employed in 2017Q4 → not in the cohort
    """
    day = date(2017, 6, 30)
    return b.caseload(
        veterans=[
            *(b.veteran(f"M{i}") for i in (1, 2, 3, 4, 5, 7, 8)),
            b.veteran("M6", exclusions=[(ExclusionReason.MEDICAL, date(2017, 9, 1))]),
        ],
        employers=[b.employer("E1"), b.employer("E2")],
        enrolments=[_exit(b, f"M{i}", day) for i in range(1, 9)],
        earnings=[
            b.earnings("M1", "2017Q4", "4000", employer_id="E1"),
            b.earnings("M1", "2017Q4", "3000", employer_id="E2"),
            b.earnings("M2", "2017Q4", "12000"),
            b.earnings("M4", "2017Q4", "0"),
            b.earnings("M6", "2017Q4", "50000"),
            b.earnings("M7", "2017Q4", "8000"),
            b.earnings("M8", "2018Q1", "8000"),
        ],
        placements=[
            b.placement("P3", "M3", date(2017, 11, 15)),
            b.placement("P4", "M4", date(2017, 7, 1)),
            b.placement("P5", "M5", date(2017, 7, 1), wage=None),
        ],
    )


def test_median_earnings(earnings_caseload: Caseload) -> None:
    estimate = median_earnings_after_exit(earnings_caseload, exits_between=YEAR_2017)
    # values 7000, 8000, 9195.65 (estimated), 12000: even count → (8000 + 9195.65) / 2
    assert estimate.denominator == 4
    assert estimate.value == Decimal("8597.825")
    assert isinstance(estimate.value, Decimal)
    assert estimate.unit == "CNY"
    assert list(estimate.excluded) == ["M6"]
    values = {o.unit_id: (o.value, o.estimated) for o in estimate.observations if not o.excluded}
    assert values == {
        "M1": (Decimal("7000"), False),
        "M2": (Decimal("12000"), False),
        "M3": (Decimal("9195.65"), True),
        "M7": (Decimal("8000"), False),
    }
    assert estimate.details["estimated"] == 1
    assert estimate.details["zero_earnings"] == 1
    assert estimate.details["without_earnings"] == 1
    assert any("estimated from placements" in note for note in estimate.notes)


def test_zeros_never_enter_the_median(b: SimpleNamespace) -> None:
    caseload = b.caseload(
        veterans=[b.veteran(f"Z{i}") for i in range(3)],
        enrolments=[_exit(b, f"Z{i}", date(2017, 6, 30)) for i in range(3)],
        earnings=[
            b.earnings("Z0", "2017Q4", "0"),
            b.earnings("Z1", "2017Q4", "0"),
            b.earnings("Z2", "2017Q4", "3000"),
        ],
    )
    estimate = median_earnings_after_exit(caseload, exits_between=YEAR_2017)
    assert (estimate.value, estimate.denominator) == (Decimal("3000"), 1)


def test_median_of_nobody(b: SimpleNamespace) -> None:
    estimate = median_earnings_after_exit(b.caseload(), exits_between=YEAR_2017)
    assert estimate.value is None
    assert estimate.reason is not None


@pytest.fixture
def credentials(b: SimpleNamespace) -> Caseload:
    """Training exits on 2017-06-30 (one year after: 2018-06-30).

    C1  vocational qualification 2018-05-30 (11 months after exit) → counts
    C2  vocational qualification 2018-07-31 (13 months after exit) → does not count
    C3  training certificate only → not a recognised credential
    C4  secondary diploma, then a job from 2017-09-01 → counts
    C5  secondary diploma, nothing after → does not count
    C6  on-the-job training → not in the cohort
    C7  licence during participation (2017-03-01) → counts
    C8  secondary diploma, then further training from 2018-03-01 → counts
    """
    day = date(2017, 6, 30)
    vq = CredentialKind.VOCATIONAL_QUALIFICATION
    diploma = CredentialKind.SECONDARY_DIPLOMA

    def with_credential(vid: str, kind: CredentialKind, on: date, **kw: Any) -> Any:
        return b.enrolment("E" + vid, vid, START, day, credentials=[(kind, on)], **kw)

    return b.caseload(
        veterans=[b.veteran(f"C{i}") for i in range(1, 9)],
        programmes=[b.programme("PG1"), b.programme("OJT", kind=ProgrammeKind.ON_THE_JOB)],
        enrolments=[
            with_credential("C1", vq, date(2018, 5, 30)),
            with_credential("C2", vq, date(2018, 7, 31)),
            with_credential("C3", CredentialKind.TRAINING_CERTIFICATE, day),
            with_credential("C4", diploma, day),
            with_credential("C5", diploma, day),
            with_credential("C6", vq, day, programme_id="OJT"),
            with_credential("C7", CredentialKind.OCCUPATIONAL_LICENCE, date(2017, 3, 1)),
            with_credential("C8", diploma, day),
            b.enrolment("F8", "C8", date(2018, 3, 1), date(2018, 5, 1)),
        ],
        placements=[b.placement("P4", "C4", date(2017, 9, 1))],
    )


def test_credential_attainment(credentials: Caseload) -> None:
    estimate = credential_attainment_rate(credentials, exits_between=YEAR_2017)
    assert (estimate.numerator, estimate.denominator) == (4, 7)
    attained = {o.unit_id for o in estimate.observations if o.value}
    assert attained == {"C1", "C4", "C7", "C8"}
    assert "C6" not in {o.unit_id for o in estimate.observations}


def test_credential_thirteen_months_after_exit_does_not_count(credentials: Caseload) -> None:
    estimate = credential_attainment_rate(credentials, exits_between=YEAR_2017)
    outcome = {o.unit_id: o.value for o in estimate.observations}
    assert outcome["C1"] is True  # 11 months
    assert outcome["C2"] is False  # 13 months
    longer = credential_attainment_rate(
        credentials, exits_between=YEAR_2017, within=relativedelta(months=14)
    )
    assert {o.unit_id: o.value for o in longer.observations}["C2"] is True


def test_credential_year_not_complete(credentials: Caseload) -> None:
    estimate = credential_attainment_rate(
        credentials, exits_between=YEAR_2017, as_of=date(2018, 6, 29)
    )
    assert estimate.denominator == 0
    assert len(estimate.excluded) == 7


def test_skill_gain_rate(b: SimpleNamespace) -> None:
    """S1 gain in the period; S2 two enrolments with gains, counted once; S3 gain after the
    period; S4 not in training during the period; S5 in training on the last day, no gain."""
    caseload = b.caseload(
        veterans=[b.veteran(f"S{i}") for i in range(1, 6)],
        enrolments=[
            b.enrolment("E1", "S1", date(2017, 9, 1), date(2018, 3, 1), gains=[date(2018, 2, 1)]),
            b.enrolment("E2a", "S2", date(2018, 1, 1), date(2018, 3, 1), gains=[date(2018, 2, 1)]),
            b.enrolment("E2b", "S2", date(2018, 4, 1), date(2018, 6, 1), gains=[date(2018, 5, 1)]),
            b.enrolment("E3", "S3", date(2018, 5, 1), None, gains=[date(2019, 1, 5)]),
            b.enrolment("E4", "S4", date(2016, 1, 1), date(2017, 12, 31), gains=[date(2017, 5, 1)]),
            b.enrolment("E5", "S5", date(2018, 12, 31), None),
        ],
    )
    estimate = skill_gain_rate(caseload, period=(date(2018, 1, 1), date(2018, 12, 31)))
    assert (estimate.numerator, estimate.denominator) == (2, 4)
    assert {o.unit_id for o in estimate.observations} == {"S1", "S2", "S3", "S5"}
    with pytest.raises(InvalidInputError):
        skill_gain_rate(caseload, period=None)  # type: ignore[arg-type]


def test_retention_with_same_employer(b: SimpleNamespace) -> None:
    """R1 same employer in 2017Q4 and 2018Q2; R2 changed employer; R3 one job throughout;
    R4 not employed in Q2 (not in the denominator)."""
    day = date(2017, 6, 30)
    caseload = b.caseload(
        veterans=[b.veteran(f"R{i}") for i in range(1, 5)],
        employers=[b.employer("E1"), b.employer("E2")],
        enrolments=[_exit(b, f"R{i}", day) for i in range(1, 5)],
        earnings=[
            b.earnings("R1", "2017Q4", "100", employer_id="E1"),
            b.earnings("R1", "2018Q2", "100", employer_id="E1"),
            b.earnings("R2", "2017Q4", "100", employer_id="E1"),
            b.earnings("R2", "2018Q2", "100", employer_id="E2"),
            b.earnings("R4", "2018Q2", "100", employer_id="E2"),
        ],
        placements=[b.placement("P3", "R3", date(2017, 10, 1), employer_id="E2")],
    )
    estimate = retention_with_same_employer(caseload, exits_between=YEAR_2017)
    assert (estimate.numerator, estimate.denominator) == (2, 3)
    assert {o.unit_id for o in estimate.observations if o.value} == {"R1", "R3"}


@pytest.fixture
def placements(b: SimpleNamespace) -> Caseload:
    """Registration anchors, six-month window (calendar months).

    P1  registered 2018-08-31, placed 2019-02-28 (the window's last day) → placed, 181 days
    P2  registered 2018-08-31, placed 2019-03-01 → not placed within six months, 182 days
    P3  registered 2018-01-01, job since 2017-12-01 (before the anchor) → not placed
    P4  no registration date → not in the cohort
    P5  registered and placed 2018-05-01 → placed, 0 days
    """
    return b.caseload(
        veterans=[
            b.veteran("P1", registered=date(2018, 8, 31)),
            b.veteran("P2", registered=date(2018, 8, 31)),
            b.veteran("P3", registered=date(2018, 1, 1)),
            b.veteran("P4"),
            b.veteran("P5", registered=date(2018, 5, 1)),
        ],
        placements=[
            b.placement("J1", "P1", date(2019, 2, 28)),
            b.placement("J2", "P2", date(2019, 3, 1)),
            b.placement("J3", "P3", date(2017, 12, 1)),
            b.placement("J4", "P4", date(2018, 3, 1)),
            b.placement("J5", "P5", date(2018, 5, 1)),
        ],
    )


def test_placement_rate(placements: Caseload) -> None:
    year = (date(2018, 1, 1), date(2018, 12, 31))
    estimate = placement_rate(placements, between=year)
    assert (estimate.numerator, estimate.denominator) == (2, 4)
    assert {o.unit_id for o in estimate.observations if o.value} == {"P1", "P5"}
    early = placement_rate(placements, between=year, as_of=date(2019, 1, 1))
    # P1 and P2's windows end 2019-02-28, after the evaluation date
    assert (early.numerator, early.denominator) == (1, 2)
    assert set(early.excluded) == {"P1", "P2"}
    longer = placement_rate(placements, between=year, within=relativedelta(months=7))
    assert longer.numerator == 3
    with pytest.raises(InvalidInputError):
        placement_rate(placements, anchor="placement_start")  # type: ignore[arg-type]


def test_time_to_placement(placements: Caseload) -> None:
    estimate = time_to_placement(placements, between=(date(2018, 1, 1), date(2018, 12, 31)))
    assert estimate.value == 181  # median of 0, 181, 182
    assert estimate.denominator == 3
    assert estimate.details["not_placed"] == 1
    assert estimate.unit == "days"


def test_six_month_outcomes(b: SimpleNamespace) -> None:
    r = b.response
    caseload = b.caseload(
        veterans=[b.veteran(f"O{i}") for i in range(1, 9)],
        responses=[
            r("r1", "O1", status=LabourStatus.EMPLOYED),
            r("r1b", "O1", wave=3, status=LabourStatus.UNEMPLOYED),  # another wave: ignored
            r("r2", "O2", status=LabourStatus.SELF_EMPLOYED),
            r("r3", "O3", status=LabourStatus.UNEMPLOYED),
            r("r4", "O4", status=LabourStatus.INACTIVE),
            r("r5", "O5", disposition=Disposition.REFUSAL),
            r("r6", "O6", status=None),  # interviewed, status not recorded → unknown
            r("r7", "O7", disposition=Disposition.NON_CONTACT),
            r("r8a", "O8", disposition=Disposition.REFUSAL, collected=date(2019, 12, 1)),
            r("r8b", "O8", status=LabourStatus.UNEMPLOYED),  # one case per veteran: the known one
        ],
    )
    outcomes = six_month_outcomes(caseload)
    assert outcomes.known == 5
    assert (outcomes.employed.numerator, outcomes.employed.denominator) == (2, 5)
    assert (outcomes.unemployed.numerator, outcomes.unemployed.denominator) == (2, 5)
    assert (outcomes.inactive.numerator, outcomes.inactive.denominator) == (1, 5)
    shares = [outcomes.employed.value, outcomes.unemployed.value, outcomes.inactive.value]
    assert sum(v for v in shares if v is not None) == pytest.approx(1.0)
    assert outcomes.unknown.value == 3
    assert outcomes.unknown.denominator == 8
    assert (outcomes.unemployment_rate.numerator, outcomes.unemployment_rate.denominator) == (2, 4)


def test_six_month_outcomes_without_cases(b: SimpleNamespace) -> None:
    outcomes = six_month_outcomes(b.caseload())
    assert outcomes.known == 0
    assert outcomes.employed.value is None
    assert outcomes.employed.reason == "no known outcome at the 6-month wave"


def test_venture_survival_and_jobs(b: SimpleNamespace) -> None:
    """As of 2020-12-31: B1 open; B2 closed before its first anniversary; B3 closed on its
    anniversary (still active that day); B4 registered 2020-06-01, too young for 12 months."""
    start = date(2019, 1, 1)
    caseload = b.caseload(
        veterans=[b.veteran(f"V{i}") for i in range(1, 5)],
        ventures=[
            b.venture(
                "B1",
                "V1",
                start,
                snapshots=[(date(2019, 12, 31), 5, 2), (date(2020, 12, 31), 8, 3)],
            ),
            b.venture("B2", "V2", start, date(2019, 6, 30), snapshots=[(date(2019, 3, 1), 4, 1)]),
            b.venture("B3", "V3", start, date(2020, 1, 1), snapshots=[(date(2019, 12, 1), 2, 2)]),
            b.venture("B4", "V4", date(2020, 6, 1)),
        ],
    )
    as_of = date(2020, 12, 31)
    survival = venture_survival_rate(caseload, months=12, as_of=as_of)
    assert (survival.numerator, survival.denominator) == (2, 3)
    assert survival.details["too_young"] == 1
    assert venture_survival_rate(caseload, months=24, as_of=as_of).value is None
    assert venture_survival_rate(caseload, months=12).parameters["as_of"] == as_of
    jobs = jobs_created(caseload, as_of=as_of)
    assert (jobs.value, jobs.denominator) == (8, 3)  # B1 8, B2 and B3 closed: 0
    assert jobs.details["without_snapshot"] == 1
    assert jobs_created(caseload, as_of=as_of, veterans_only=True).value == 3
    assert jobs_created(caseload, as_of=date(2019, 12, 31)).value == 5 + 2


def test_response_rates_by_wave(b: SimpleNamespace) -> None:
    d = Disposition
    dispositions = [d.COMPLETE] * 4 + [
        d.PARTIAL,
        d.REFUSAL,
        d.REFUSAL,
        d.NON_CONTACT,
        d.UNKNOWN_OTHER,
        d.NOT_ELIGIBLE,
    ]
    caseload = b.caseload(
        veterans=[b.veteran("V1")],
        responses=[
            *(
                b.response(f"r{i}", "V1", wave=3, disposition=disp)
                for i, disp in enumerate(dispositions)
            ),
            b.response("x", "V1", wave=None),  # not a follow-up
        ],
    )
    rates = response_rates_by_wave(caseload)
    assert list(rates) == [3]
    rr1 = rates[3]
    assert (rr1.numerator, rr1.denominator) == (4, 9)
    assert rr1.excluded == {"r9": "not eligible"}
    reference = response_rates(
        complete=4,
        partial=1,
        refusal=2,
        non_contact=1,
        other=0,
        unknown_household=0,
        unknown_other=1,
        not_eligible=1,
    )
    assert rr1.value == pytest.approx(reference.rr1)
    assert rr1.details["rates"]["coop1"] == reference.coop1
    assert response_rates_by_wave(caseload, rate="rr2")[3].value == pytest.approx(reference.rr2)
    assert response_rates_by_wave(caseload, rate="rr6")[3].value == pytest.approx(reference.rr6)
    with pytest.raises(InvalidInputError):
        response_rates_by_wave(caseload, rate="rr3")  # type: ignore[arg-type]


def test_response_rates_count_a_follow_up_once(b: SimpleNamespace) -> None:
    """Failed contact attempts before an interview or a refusal do not count as more sample
    units: a placement's wave is one, with the case follow_ups_due uses."""
    d = Disposition
    placements = [b.placement(f"F{n}", "V1", date(2020, 1, 1)) for n in range(1, 5)]
    cases = [  # (placement, dispositions in the order collected)
        ("F1", (d.NON_CONTACT, d.NON_CONTACT, d.COMPLETE)),
        ("F2", (d.NON_CONTACT, d.REFUSAL)),
        ("F3", (d.NON_CONTACT, d.NON_CONTACT, d.NON_CONTACT)),
        ("F4", (d.COMPLETE,)),
    ]
    responses = [
        b.response(
            f"{pid}-{k}", "V1", placement_id=pid, wave=3, disposition=disp,
            collected=date(2020, 4, 2 + k),
        )
        for pid, dispositions in cases
        for k, disp in enumerate(dispositions)
    ]  # fmt: skip
    caseload = b.caseload(veterans=[b.veteran("V1")], placements=placements, responses=responses)
    rr1 = response_rates_by_wave(caseload)[3]
    assert (rr1.numerator, rr1.denominator) == (2, 4)
    assert rr1.details["rates"]["ref1"] == pytest.approx(0.25)
    assert rr1.details["rates"]["con1"] == pytest.approx(0.75)


def test_weighted_satisfaction(b: SimpleNamespace) -> None:
    """W1 sat 5 and regret 1 (reversed): score 1, weight 2; W2 sat 3: 0.5; W3 sat 4: 0.75;
    W4 refused; W5 answered nothing on the topic."""
    r = b.response
    caseload = b.caseload(
        veterans=[b.veteran("V1")],
        responses=[
            r("W1", "V1", answers={"sat": 5, "regret": 1}, weight=2.0),
            r("W2", "V1", answers={"sat": 3}),
            r("W3", "V1", answers={"sat": 4}),
            r("W4", "V1", disposition=Disposition.REFUSAL),
            r("W5", "V1"),
        ],
    )
    share = weighted_satisfaction(caseload)
    assert share.value == pytest.approx(3 / 4)  # (2 + 1) / (2 + 1 + 1)
    assert share.denominator == 3
    assert share.details["no_item_answered"] == 1
    assert share.interval is not None
    assert share.interval.method == "wilson_effective_n"
    mean = weighted_satisfaction(caseload, statistic="mean")
    assert mean.value == pytest.approx((2 * 1.0 + 0.5 + 0.75) / 4)
    assert weighted_satisfaction(caseload, wave=3).value is None


def test_mean_quality_is_the_mean_of_the_placement_scores(b: SimpleNamespace) -> None:
    as_of = date(2024, 12, 31)
    recorded = {"contract": ContractType.OPEN_ENDED, "insurance": Insurance, "hours": "40"}
    caseload = b.caseload(
        veterans=[b.veteran("V1"), b.veteran("V2"), b.veteran("V3")],
        placements=[
            b.placement("P1", "V1", date(2023, 3, 1), wage="9000", **recorded),
            b.placement("P2", "V2", date(2024, 2, 1), wage="2500", **recorded),
            # after the scoring date: not counted
            b.placement("P3", "V3", date(2025, 1, 1), **recorded),
        ],
    )
    scores = {
        s.placement_id: s.value
        for s in score_caseload(caseload, market=LabourMarket.nanjing(), as_of=as_of)
    }
    assert scores["P1"] is not None
    assert scores["P2"] is not None
    estimate = mean_quality(caseload, as_of=as_of)
    assert estimate.denominator == 2
    assert estimate.value == pytest.approx((scores["P1"] + scores["P2"]) / 2)
    assert estimate.unit == "score (0-100)"
    one_year = mean_quality(caseload, as_of=as_of, started_between=(date(2024, 1, 1), as_of))
    assert (one_year.value, one_year.denominator) == (pytest.approx(scores["P2"]), 1)
