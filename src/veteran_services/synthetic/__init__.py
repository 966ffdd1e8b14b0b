"""The sample city: a seeded generator of a coherent, realistic caseload.

:func:`generate` draws a whole caseload for a Nanjing-like city: its 11 districts, contracted
and other training providers running programmes of every kind, employers across industries,
veterans with their service, training, jobs, ventures, service contacts, quarterly earnings
and follow-up survey cases at 3, 6 and 12 months. It is the default data of the demos, the
docs and the tests.

The same arguments always give an equal caseload: everything is drawn from one
:class:`random.Random` seeded with *seed*, and the reference date *as_of* defaults to the fixed
:data:`DEFAULT_AS_OF`, never to today's date.

>>> city = generate(veterans=50, seed=SAMPLE_SEED)
>>> len(city.veterans), city.veterans[0].id
(50, 'V000001')
>>> [p for p in city.check() if p.severity == "error"]
[]
>>> generate(veterans=50, seed=SAMPLE_SEED) == city
True
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Final

from veteran_services._checks import checked
from veteran_services.model import Caseload
from veteran_services.synthetic import _names  # noqa: F401  (registers the names in Chinese)
from veteran_services.synthetic._generator import DEFAULT_AS_OF, WAVES, build
from veteran_services.synthetic._planted import PlantedCity
from veteran_services.synthetic._problems import PROBLEM_KINDS, PlantedProblem
from veteran_services.synthetic._survey import FOLLOW_UP, FOLLOW_UP_ID, FOLLOW_UP_VERSION
from veteran_services.synthetic.parameters import (
    NO_BLANKS,
    OFFICE_BLANKS,
    BlankParameters,
    ContactParameters,
    EarningsParameters,
    EmployerParameters,
    FollowUpParameters,
    JobQualityParameters,
    JobSearchParameters,
    PayParameters,
    PlacementParameters,
    ProgrammeEffect,
    ProviderParameters,
    RegistrationParameters,
    ResettlementParameters,
    ServiceParameters,
    TrainingEffects,
    TrainingParameters,
    VentureParameters,
)
from veteran_services.synthetic.profiles import NANJING, CityProfile, MinimumWageRate

__all__ = [
    "DEFAULT_AS_OF",
    "FOLLOW_UP",
    "FOLLOW_UP_ID",
    "FOLLOW_UP_VERSION",
    "NANJING",
    "NO_BLANKS",
    "OFFICE_BLANKS",
    "PROBLEM_KINDS",
    "SAMPLE_SEED",
    "SAMPLE_VETERANS",
    "WAVES",
    "BlankParameters",
    "CityProfile",
    "ContactParameters",
    "EarningsParameters",
    "EmployerParameters",
    "FollowUpParameters",
    "JobQualityParameters",
    "JobSearchParameters",
    "MinimumWageRate",
    "PayParameters",
    "PlacementParameters",
    "PlantedCity",
    "PlantedProblem",
    "ProgrammeEffect",
    "ProviderParameters",
    "RegistrationParameters",
    "ResettlementParameters",
    "ServiceParameters",
    "TrainingEffects",
    "TrainingParameters",
    "VentureParameters",
    "generate",
    "planted_city",
    "sample_city",
]

#: The seed of the sample city used by the demos, the docs and the main job.
SAMPLE_SEED: Final = 1
#: The number of veterans in the default sample city.
SAMPLE_VETERANS: Final = 2000


@checked
def generate(
    *,
    veterans: int,
    seed: int,
    as_of: date | None = None,
    profile: CityProfile = NANJING,
    training_effects: TrainingEffects | None = None,
    problems: float = 0.0,
    blanks: BlankParameters | None = None,
) -> Caseload:
    """A coherent, realistic caseload for a Nanjing-like city.

    The caseload holds *veterans* veterans (ids ``V000001`` ...) and the providers,
    programmes, employers, enrolments, placements, ventures, earnings records, service
    contacts, the follow-up instrument (:data:`FOLLOW_UP`) and its survey cases that go with
    them. Everything happens on or before *as_of*: enrolments still running then are in
    progress, jobs still held are open, and follow-up waves (3, 6 and 12 months after a job
    starts) appear only once due. ``caseload.check()`` finds no problem in it unless
    *problems* plants some.

    The follow-up is what an office records: non-response depends on who the veteran is and
    on the job (a planted, documented model: :class:`FollowUpParameters`), recent follow-ups
    are due or overdue, and those the office gave up on are lost to follow-up. Optional facts
    are left blank at an office's rates (the profile's :class:`BlankParameters`, by default
    :data:`OFFICE_BLANKS`); ``blanks=NO_BLANKS`` gives the fully recorded city, the same city
    draw for draw with every fact recorded. :func:`planted_city` gives
    the same city with its truth: every placed veteran's answers and the planted problems.

    Wages are drawn around multiples of the profile's minimum wage in force when a job
    starts; a few jobs pay less (so that compliance flags have something to find). Personal
    details (names, identity numbers, phone numbers) are synthetic but well-formed.

    Args:
        veterans: How many veterans (0 or more).
        seed: The seed: the same seed gives an equal caseload, a different one a different
            caseload.
        as_of: The reference date ("today" in the city); defaults to :data:`DEFAULT_AS_OF`.
            Must be at least a year after the profile's earliest date.
        profile: The city's parameters (default :data:`NANJING`): its geography, names and
            the generator's behaviour (every probability, rate and weight, in named groups;
            change one with :func:`attrs.evolve`, see
            :mod:`~veteran_services.synthetic.parameters`).
        training_effects: A planted truth for evaluating training (:class:`TrainingEffects`:
            selection into training on the covariates and a known effect of each programme
            kind on employment and earnings); None (the default) draws the usual city, draw
            for draw.
        problems: The share of planted data-quality problems, per veteran (``0.02``: about
            2 per 100 veterans, at least one when above 0; default none): mistakes of a real
            ledger, each of which ``caseload.check()`` finds (see :func:`planted_city`).
        blanks: The share of records missing each optional fact (:class:`BlankParameters`);
            None (the default) takes the profile's (:data:`OFFICE_BLANKS` for
            :data:`NANJING`); :data:`NO_BLANKS` records every fact.

    Returns:
        The caseload.

    Raises:
        InvalidInputError: if an argument is out of range.
    """
    return build(
        veterans=veterans,
        seed=seed,
        as_of=as_of,
        profile=profile,
        training_effects=training_effects,
        problems=problems,
        blanks=blanks,
    ).caseload


@checked
def planted_city(
    *,
    veterans: int,
    seed: int,
    as_of: date | None = None,
    profile: CityProfile = NANJING,
    problems: float = 0.0,
    blanks: BlankParameters | None = None,
) -> PlantedCity:
    """The city :func:`generate` draws with these arguments, and its planted truth.

    ``planted_city(...).caseload == generate(...)``. :attr:`PlantedCity.population` is the
    city with every due follow-up of an eligible placement answered in full (the answers are
    drawn for every placed veteran first, then withheld for the non-respondents), so the
    population value of every survey figure is known; :attr:`PlantedCity.problems` lists the
    planted data-quality problems.

    >>> truth = planted_city(veterans=200, seed=SAMPLE_SEED, problems=0.02)
    >>> truth.caseload == generate(veterans=200, seed=SAMPLE_SEED, problems=0.02)
    True
    >>> [p.planted for p in truth.problems][:2]
    ['duplicate_contact', 'contact_of_missing_veteran']
    >>> found = {(p.code, p.kind, p.record_id) for p in truth.caseload.check()}
    >>> found == {(p.code, p.kind, p.record_id) for p in truth.problems}
    True

    Raises:
        InvalidInputError: if an argument is out of range.
    """
    return build(
        veterans=veterans,
        seed=seed,
        as_of=as_of,
        profile=profile,
        problems=problems,
        blanks=blanks,
    )


@checked
@lru_cache(maxsize=4)
def sample_city(veterans: int = SAMPLE_VETERANS) -> Caseload:
    """The sample city (seed :data:`SAMPLE_SEED`, as of :data:`DEFAULT_AS_OF`), cached.

    Repeated calls with the same size return the same (immutable) caseload object, so tests
    and examples can share it without paying for generation twice.
    """
    return generate(veterans=veterans, seed=SAMPLE_SEED)
