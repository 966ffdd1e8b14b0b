"""What a real office leaves blank: a post-pass over the built city.

After the whole city is drawn, each optional fact of the model ("unknown is not none") is
left out of a share of the records (:class:`~veteran_services.synthetic.BlankParameters`):
the education of veterans, rank and branch of service periods, contract type and
length, hours, wage and insurance of placements, size, industry and ownership of employers,
the industry of ventures. The draws come from a stream of their own, one uniform draw per
record and fact whether the fact is recorded or not, so the same seed blanks the same facts
and the other draws of the city do not move.
"""

from __future__ import annotations

from typing import Any

import attrs

from veteran_services.model import Caseload
from veteran_services.synthetic._draws import _Random
from veteran_services.synthetic.parameters import BlankParameters


def blank_stream(seed: int) -> _Random:
    """The blanks' own seeded stream."""
    return _Random(f"blanks:{seed}")


def _blanked(rng: _Random, record: Any, shares: tuple[tuple[str, float], ...]) -> Any:
    """*record* with each field of *shares* left out (None) with its share."""
    changes: dict[str, None] = {}
    for name, share in shares:
        if rng.random() < share and getattr(record, name) is not None:
            changes[name] = None
    return attrs.evolve(record, **changes) if changes else record


def blank(caseload: Caseload, shares: BlankParameters, seed: int) -> Caseload:
    """*caseload* with the facts of :class:`BlankParameters` left out at their shares."""
    rng = blank_stream(seed)
    veterans = []
    for veteran in caseload.veterans:
        changed = _blanked(rng, veteran, (("education", shares.education),))
        service = tuple(
            _blanked(rng, period, (("rank", shares.rank), ("branch", shares.branch)))
            for period in veteran.service
        )
        if service != veteran.service:
            changed = attrs.evolve(changed, service=service)
        veterans.append(changed)
    placements = [
        _blanked(
            rng,
            placement,
            (
                ("contract", shares.contract),
                ("contract_months", shares.contract_months),
                ("weekly_hours", shares.weekly_hours),
                ("monthly_wage", shares.monthly_wage),
                ("insurance", shares.insurance),
            ),
        )
        for placement in caseload.placements
    ]
    employers = [
        _blanked(
            rng,
            employer,
            (
                ("size", shares.employer_size),
                ("industry", shares.employer_industry),
                ("ownership", shares.employer_ownership),
            ),
        )
        for employer in caseload.employers
    ]
    ventures = [
        _blanked(rng, venture, (("industry", shares.venture_industry),))
        for venture in caseload.ventures
    ]
    return caseload.replace(
        veterans=tuple(veterans),
        placements=tuple(placements),
        employers=tuple(employers),
        ventures=tuple(ventures),
    )
