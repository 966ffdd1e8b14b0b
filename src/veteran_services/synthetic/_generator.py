"""The sample-city generator: a seeded, coherent caseload built record by record.

Everything is drawn from one :class:`random.Random` seeded by the caller, in a fixed order, and
nothing depends on the clock, on hash order or on the global random module: the same arguments
always give an equal caseload.

Each veteran's life after service is drawn as a timeline: separation, registration, adaptive
training, maybe further training, then jobs one after another (or a venture), cut short by an
exclusion (death, institutionalisation, ...) where one is drawn. Service contacts, follow-up
survey cases and quarterly earnings are derived from that timeline, so they agree with it.

Each step of the timeline is its own module, a subclass of the shared state in ``_context``
(the profile's tables and the records drawn so far), joined here in :class:`_Builder`:
``_reference`` (providers, programmes, employers), ``_service`` (the veteran, their service and
the order of the steps after it), ``_training``, ``_placement``, ``_ventures``, ``_followup``
and ``_earnings``; ``_draws`` holds the seeded random source and the weighted tables. Moving a
method between them changes no draw: the order of the draws is the order of the calls.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from veteran_services._gc import paused_gc
from veteran_services.errors import InvalidInputError
from veteran_services.model.time import add_months
from veteran_services.synthetic._context import WAVES
from veteran_services.synthetic._planted import PlantedCity, finish
from veteran_services.synthetic._reference import _Reference
from veteran_services.synthetic._service import _Service
from veteran_services.synthetic.parameters import BlankParameters, TrainingEffects
from veteran_services.synthetic.profiles import NANJING, CityProfile

__all__ = ["DEFAULT_AS_OF", "WAVES", "build"]

#: The default reference date: fixed, so that a seed always gives the same caseload.
DEFAULT_AS_OF: Final = date(2026, 6, 30)


class _Builder(_Reference, _Service):
    """The whole draw: reference data first, then each veteran along the timeline."""


def build(
    *,
    veterans: int,
    seed: int,
    as_of: date | None = None,
    profile: CityProfile = NANJING,
    training_effects: TrainingEffects | None = None,
    problems: float = 0.0,
    blanks: BlankParameters | None = None,
) -> PlantedCity:
    """Check the arguments and draw the caseload and its truth (see ``synthetic.generate``)."""
    if training_effects is not None and not isinstance(training_effects, TrainingEffects):
        msg = (  # type: ignore[unreachable]  # a caller without type checks
            "'training_effects' must be a synthetic.TrainingEffects or None, got a "
            f"{type(training_effects).__name__}"
        )
        raise InvalidInputError("training_effects", msg)
    if isinstance(veterans, bool) or not isinstance(veterans, int) or veterans < 0:
        msg = f"'veterans' must be a whole number of at least 0, got {veterans!r}"
        raise InvalidInputError("veterans", msg)
    if isinstance(seed, bool) or not isinstance(seed, int):
        msg = f"'seed' must be an int, got {seed!r}"
        raise InvalidInputError("seed", msg)
    if (
        isinstance(problems, bool)
        or not isinstance(problems, int | float)
        or not 0 <= problems <= 1
    ):
        msg = f"'problems' must be a share between 0 and 1, got {problems!r}"
        raise InvalidInputError("problems", msg)
    if blanks is not None and not isinstance(blanks, BlankParameters):
        msg = (  # type: ignore[unreachable]  # a caller without type checks
            f"'blanks' must be a synthetic.BlankParameters or None, got a {type(blanks).__name__}"
        )
        raise InvalidInputError("blanks", msg)
    if as_of is None:
        as_of = DEFAULT_AS_OF
    earliest_as_of = add_months(profile.earliest, 12)
    if type(as_of) is not date:
        msg = f"'as_of' must be a date, got {as_of!r}"
        raise InvalidInputError("as_of", msg)
    if as_of < earliest_as_of:
        msg = (
            f"'as_of' must not precede {earliest_as_of} (a year after the profile's earliest "
            f"date, {profile.earliest}), got {as_of}"
        )
        raise InvalidInputError("as_of", msg)
    with paused_gc():  # the records are acyclic: the collector only slows bulk construction
        builder = _Builder(
            veterans=veterans,
            seed=seed,
            as_of=as_of,
            profile=profile,
            training_effects=training_effects,
        )
        builder.build_reference()
        builder.build_veterans()
        shares = profile.blanks if blanks is None else blanks
        return finish(builder, seed=seed, problems=problems, blanks=shares)
