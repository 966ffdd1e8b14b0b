"""The sample city with its planted truth: the full follow-up answers and the planted problems.

:func:`finish` turns a drawn city into what :func:`~veteran_services.synthetic.generate`
returns (blank fields, then the opt-in planted problems, each from a stream of its own) and
keeps the truth beside it (:class:`PlantedCity`).
"""

from __future__ import annotations

from attrs import frozen

from veteran_services.model import Caseload
from veteran_services.synthetic._blanks import blank
from veteran_services.synthetic._followup import _FollowUp
from veteran_services.synthetic._problems import PlantedProblem, plant_problems
from veteran_services.synthetic.parameters import BlankParameters

__all__ = ["PlantedCity", "finish"]


@frozen(kw_only=True)
class PlantedCity:
    """A generated city and its planted truth.

    Attributes:
        caseload: The city, as :func:`~veteran_services.synthetic.generate` returns it.
        population: The same city before any planted problem, with every due follow-up of
            an eligible placement answered in full instead of its recorded cases (one complete
            case per placement and wave, collected on the due date; a follow-up found not
            eligible keeps a not-eligible case): the population the survey's respondents are
            drawn from. A survey figure computed on it is the figure's population value, e.g.
            ``metrics.nonresponse_report(population, wave=6)``'s unweighted shares.
        problems: The planted data-quality problems (``problems=``), each of which
            ``caseload.check()`` reports, in the order planted.
    """

    caseload: Caseload
    population: Caseload
    problems: tuple[PlantedProblem, ...]


def finish(
    builder: _FollowUp, *, seed: int, problems: float, blanks: BlankParameters
) -> PlantedCity:
    """The drawn city with its blanks (at *blanks*' shares) and planted problems, and its truth."""
    drawn = blank(builder.caseload(), blanks, seed)
    population = drawn.replace(responses=tuple(builder.population))
    caseload, planted = plant_problems(drawn, problems, seed)
    return PlantedCity(caseload=caseload, population=population, problems=planted)
