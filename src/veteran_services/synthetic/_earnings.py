"""Quarterly earnings records derived from a veteran's placements."""

from __future__ import annotations

from decimal import Decimal

from veteran_services.model import (
    EarningsRecord,
    Insurance,
    Money,
)
from veteran_services.synthetic._context import _Context, _Life
from veteran_services.synthetic._draws import _known


def _quarter_first(item: tuple[tuple[str, int], int]) -> tuple[int, str]:
    return item[0][1], item[0][0]


class _Earnings(_Context):
    """Derives the quarterly wage records of a veteran's jobs."""

    def _earnings(self, life: _Life) -> None:
        rng = self.rng
        e = self.profile.earnings
        if not life.jobs or rng.random() >= e.recorded:
            return
        last_index = self.last_complete_quarter
        cells: dict[tuple[str, int], int] = {}
        for job in life.jobs:
            placement = job.placement
            if Insurance.PENSION not in _known(placement.insurance):
                continue  # wage records come from social-insurance contributions
            start = placement.started_on
            end = placement.ended_on or self.as_of
            first = start.year * 4 + (start.month - 1) // 3
            last = min(last_index, end.year * 4 + (end.month - 1) // 3)
            for index in range(first, last + 1):
                q_start, q_end, length = self.bounds(index)
                days = (min(end, q_end) - max(start, q_start)).days + 1
                if days <= 0:
                    continue
                bonus = e.first_quarter_bonus if index % 4 == 0 and rng.random() < e.bonus else 1.0
                noise = e.noise_low + e.noise_width * rng.random()
                cents = int(job.wage * 300 * days / length * bonus * noise)
                key = (placement.employer_id, index)
                cells[key] = cells.get(key, 0) + cents
        for (employer_id, index), cents in sorted(cells.items(), key=_quarter_first):
            self.earnings.append(
                EarningsRecord(
                    veteran_id=life.veteran_id,
                    employer_id=employer_id,
                    quarter=self.quarter(index),
                    amount=Money(amount=Decimal(cents).scaleb(-2)),
                )
            )
