"""The caseload lookups scoring needs, either delegated to the caseload or built once per run."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from veteran_services.errors import UnknownRecordError
from veteran_services.model import Caseload, EnrolmentOutcome, Instrument, SurveyResponse
from veteran_services.scoring.market import (
    LabourMarket,
    MinimumWage,
    SocialInsuranceRule,
    WorkingTimeRule,
)

__all__ = ["CaseloadIndex", "Completion", "MarketRules"]

#: The market rows a placement is scored against.
MarketRules = tuple[MinimumWage, WorkingTimeRule, SocialInsuranceRule]

#: A completed enrolment: (ended on, programme id, the programme's target occupations).
Completion = tuple[date, str, frozenset[str]]


class CaseloadIndex:
    """Employer regions, completed programmes, follow-up responses and instruments.

    With ``eager=True`` every index is built at once from the records (for scoring a whole
    caseload); otherwise each lookup goes to the caseload's own memoised lookups (for scoring
    one placement). Both give the same answers: the first record wins where an id repeats, and
    records keep the caseload's order.
    """

    __slots__ = ("_completed", "_instruments", "_regions", "_responses", "_rules", "caseload")

    def __init__(self, caseload: Caseload, *, eager: bool = False) -> None:
        self.caseload = caseload
        self._regions: dict[str, str] | None = None
        self._responses: dict[str, list[SurveyResponse]] | None = None
        self._instruments: dict[tuple[str, int], Instrument] | None = None
        self._completed: dict[str, list[Completion]] | None = None
        self._rules: dict[tuple[int, str, date], MarketRules] = {}
        if eager:
            self._build()

    def _build(self) -> None:
        caseload = self.caseload
        regions: dict[str, str] = {}
        for employer in caseload.employers:
            regions.setdefault(employer.id, employer.region)
        responses: defaultdict[str, list[SurveyResponse]] = defaultdict(list)
        for response in caseload.responses:
            if response.placement_id is not None:
                responses[response.placement_id].append(response)
        instruments: dict[tuple[str, int], Instrument] = {}
        for instrument in caseload.instruments:
            instruments.setdefault((instrument.id, instrument.version), instrument)
        programmes: dict[str, frozenset[str]] = {}
        for programme in caseload.programmes:
            programmes.setdefault(programme.id, programme.target_occupations)
        completed: defaultdict[str, list[Completion]] = defaultdict(list)
        for enrolment in caseload.enrolments:
            targets = programmes.get(enrolment.programme_id)
            if (
                enrolment.outcome is EnrolmentOutcome.COMPLETED
                and enrolment.ended_on is not None
                and targets
            ):
                completed[enrolment.veteran_id].append(
                    (enrolment.ended_on, enrolment.programme_id, targets)
                )
        self._regions = regions
        self._responses = dict(responses)
        self._instruments = instruments
        self._completed = dict(completed)

    def market_rules(self, market: LabourMarket, region: str, day: date) -> MarketRules:
        """The minimum wage, working-time rule and social-insurance rule in force in *region*
        on *day*, remembered for the run (many placements share a region and start date)."""
        key = (id(market), region, day)
        rules = self._rules.get(key)
        if rules is None:
            rules = self._rules[key] = (
                market.minimum_wage(region, day),
                market.working_time(region, day),
                market.social_insurance(region, day),
            )
        return rules

    def employer_region(self, employer_id: str) -> str:
        """The region of the employer (raises UnknownRecordError when there is none)."""
        if self._regions is None:
            return self.caseload.employer(employer_id).region
        try:
            return self._regions[employer_id]
        except KeyError:
            raise UnknownRecordError("employers", employer_id) from None

    def responses_about(
        self, placement_id: str
    ) -> tuple[SurveyResponse, ...] | list[SurveyResponse]:
        """The responses about the placement, in caseload order."""
        if self._responses is None:
            return self.caseload.responses_about(placement_id)
        return self._responses.get(placement_id, ())

    def instrument(self, instrument_id: str, version: int) -> Instrument | None:
        """The instrument version, or None."""
        if self._instruments is None:
            try:
                return self.caseload.instrument(instrument_id, version)
            except UnknownRecordError:
                return None
        return self._instruments.get((instrument_id, version))

    def completed(self, veteran_id: str) -> list[Completion]:
        """The veteran's completed enrolments in programmes with target occupations."""
        if self._completed is not None:
            return self._completed.get(veteran_id, [])
        result: list[Completion] = []
        for enrolment in self.caseload.enrolments_of(veteran_id):
            if enrolment.outcome is not EnrolmentOutcome.COMPLETED or enrolment.ended_on is None:
                continue
            try:
                targets = self.caseload.programme(enrolment.programme_id).target_occupations
            except UnknownRecordError:
                continue  # a dangling reference: Caseload.check() reports it
            if targets:
                result.append((enrolment.ended_on, enrolment.programme_id, targets))
        return result
