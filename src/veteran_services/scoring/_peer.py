"""A peer wage reference from a caseload's own earnings records (for
:meth:`~veteran_services.scoring.LabourMarket.peer_reference`).

The ``earnings_to_median`` indicator compares a wage with the local median wage of full-time
employees, an official statistic the built-in tables lack. Where no official table is at hand,
this module computes a stand-in from the caseload itself: the median monthly earnings of the
veterans employed in each region and year. It is a **peer reference** (how a placement's wage
compares with other veterans' earnings), never the labour-market median, and its rows say so
(:attr:`MedianWage.kind` ``"peer"``, ``confirmed`` false, a source sentence that says how it was
computed).

The rule, from wage records as the LEHD Quarterly Workforce Indicators read them:

- Only **full quarters** count: a quarter's earnings from an employer are used when the
  veteran also has earnings above zero from the same employer in the quarter before and the
  quarter after (so the job ran through the whole quarter, and the amount is not a partial
  first or last quarter). The monthly figure is the quarter's amount ÷ 3.
- Each veteran counts once per region and year: the mean of their full-quarter monthly figures
  there (the region is the employer's district, as for the placement the indicator scores).
- Each region's row is the median over its veterans; every district's veterans are also pooled
  into the region one level up (the city), so that a district with too few veterans falls back
  to the city row through the usual lookup up the region tree. Cells of fewer than ``min_n``
  veterans are left out.
- Only earnings in *currency* are used (a median adds no amounts in different currencies).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from decimal import Decimal

from veteran_services import codes
from veteran_services._checks import checked, whole_number
from veteran_services.errors import UnknownCodeError
from veteran_services.model import Caseload
from veteran_services.scoring.market import MedianWage

__all__ = ["PEER_NOTE", "peer_median_wages"]

#: The note of every peer-reference row: what it is not.
PEER_NOTE = (
    "peer reference computed from the caseload's own earnings records, not the labour-market "
    "median wage"
)

_CENT = Decimal("0.01")


def _levels(region: str) -> tuple[str, ...]:
    """The region and the one above it (a district's city), where the registry knows it."""
    try:
        chain = codes.ancestors(region)
    except UnknownCodeError:
        return (region,)
    return tuple(r.code for r in chain[:2])


@checked
def peer_median_wages(
    caseload: Caseload, *, min_n: int = 10, currency: str = "CNY"
) -> tuple[MedianWage, ...]:
    """Median monthly earnings of employed veterans by region and year, as peer-reference
    :class:`MedianWage` rows (see the module's rule).

    Args:
        caseload: The caseload whose earnings records (``caseload.earnings``) are used.
        min_n: The fewest veterans a row may rest on.
        currency: The currency of the earnings used (others are left out).

    Returns:
        The rows, sorted by region and year; empty when no cell has *min_n* veterans.

    Raises:
        InvalidInputError: *caseload* is not a caseload, *min_n* is not a whole number of at
            least 1, or *currency* is not text.
    """
    whole_number(min_n, "min_n", least=1)
    # (veteran, employer, quarter's running number) -> the quarter's earnings
    amounts: dict[tuple[str, str, int], Decimal] = defaultdict(Decimal)
    for record in caseload.earnings:
        if record.amount.currency == currency:
            quarter = record.quarter.year * 4 + record.quarter.quarter - 1
            amounts[(record.veteran_id, record.employer_id, quarter)] += record.amount.amount
    regions = {employer.id: employer.region for employer in caseload.employers}
    # (veteran, region level, year) -> the full-quarter monthly figures
    figures: dict[tuple[str, str, int], list[Decimal]] = defaultdict(list)
    for (veteran_id, employer_id, quarter), amount in amounts.items():
        region = regions.get(employer_id)
        if region is None or amount <= 0:
            continue
        before = amounts.get((veteran_id, employer_id, quarter - 1), Decimal(0))
        after = amounts.get((veteran_id, employer_id, quarter + 1), Decimal(0))
        if before <= 0 or after <= 0:
            continue
        for level in _levels(region):
            figures[(veteran_id, level, quarter // 4)].append(amount / 3)
    cells: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    for (_veteran, level, year), monthly in figures.items():
        cells[(level, year)].append(sum(monthly, Decimal(0)) / len(monthly))
    rows = []
    for (region, year), values in sorted(cells.items()):
        if len(values) < min_n:
            continue
        median = Decimal(statistics.median(values)).quantize(_CENT)
        source = (
            f"peer reference: median monthly earnings of {len(values)} employed veterans in "
            f"full quarters of {year} (the caseload's earnings records)"
        )
        rows.append(
            MedianWage(
                region=region,
                year=year,
                monthly=median,
                currency=currency,
                source=source,
                confirmed=False,
                note=PEER_NOTE,
                kind="peer",
            )
        )
    return tuple(rows)
