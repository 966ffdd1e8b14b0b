"""Disclosure control for published frequency tables: small-cell suppression and rounding.

The suppression rule lives here (:func:`suppress_cells`), and
:func:`veteran_services.metrics.breakdown` applies it to its tables: one algorithm, shared
(``veteran_services.metrics.suppress_cells`` is the same function, re-exported). This module
adds what a hand-made frequency table needs around it: withholding a small total, and
optional rounding of what is published to a base.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Generic, Literal, TypeVar

from attrs import frozen

from veteran_services._checks import checked, is_whole, whole_number
from veteran_services.errors import InvalidInputError

__all__ = ["SuppressedTable", "Suppression", "round_to_base", "suppress", "suppress_cells"]

K = TypeVar("K", bound=Hashable)

Suppression = Literal["primary", "secondary"]
"""Why a cell is withheld: below the threshold itself (primary) or to protect another
suppressed cell from recovery by subtraction (secondary)."""


@checked
def suppress_cells(
    counts: Mapping[K, int], *, min_cell: int = 10, suppress_zeros: bool = False
) -> dict[K, Suppression]:
    """Cells to withhold from a one-way table published with its total.

    Rule: a cell with fewer than *min_cell* units is suppressed (primary; an empty cell only
    with *suppress_zeros*, since it discloses nobody). If exactly one cell is suppressed, the
    published total would give it away by subtraction, so the smallest other non-empty cell is
    suppressed too (secondary; ties broken by the cell's label). With two or more suppressed
    cells, subtraction recovers only their sum. The total itself must be withheld by the caller
    when it is below *min_cell* (:func:`veteran_services.metrics.breakdown` and
    :func:`suppress` do).

    Args:
        counts: Cell → number of units.
        min_cell: The smallest count that may be published.
        suppress_zeros: Whether empty cells count as small cells.

    Returns:
        Each suppressed cell with the kind of suppression; unsuppressed cells are absent.

    Raises:
        InvalidInputError: a negative or non-integer count or threshold.

    >>> suppress_cells({"A": 4, "B": 25, "C": 12, "D": 40}, min_cell=10)
    {'A': 'primary', 'C': 'secondary'}
    >>> suppress_cells({"A": 4, "B": 3, "C": 12}, min_cell=10)
    {'A': 'primary', 'B': 'primary'}
    """
    whole_number(min_cell, "min_cell", least=1)
    for key, count in counts.items():
        if not is_whole(count) or count < 0:
            msg = f"'counts' must be whole numbers of at least 0, got {count!r} for {key!r}"
            raise InvalidInputError("counts", msg)
    suppressed: dict[K, Suppression] = {
        key: "primary"
        for key, count in counts.items()
        if count < min_cell and (count > 0 or suppress_zeros)
    }
    if len(suppressed) == 1:
        candidates = sorted(
            (count, str(key), key)
            for key, count in counts.items()
            if key not in suppressed and count > 0
        )
        if candidates:
            suppressed[candidates[0][2]] = "secondary"
    return suppressed


@frozen(kw_only=True)
class SuppressedTable(Generic[K]):
    """A one-way frequency table ready to publish.

    Attributes:
        cells: Each cell's published count (rounded when a base was given), or ``None`` when
            the cell is withheld. Cells keep the order of the input.
        suppressed: Each withheld cell and why: ``"primary"`` (below ``min_cell`` itself) or
            ``"secondary"`` (withheld so that a primary cell cannot be recovered from the
            total).
        total: The published total (rounded when a base was given), or ``None`` when it is
            below ``min_cell``.
        min_cell: The threshold used.
        rounding_base: The rounding base used, or ``None``.
    """

    cells: Mapping[K, int | None]
    suppressed: Mapping[K, Suppression]
    total: int | None
    min_cell: int
    rounding_base: int | None = None

    def published(self) -> dict[K, int]:
        """The cells that are published, with their counts."""
        return {key: count for key, count in self.cells.items() if count is not None}


@checked
def round_to_base(count: int, base: int) -> int:
    """*count* rounded to the nearest multiple of *base* (halves round up).

    >>> [round_to_base(n, 5) for n in (0, 2, 3, 12, 13, 15)]
    [0, 0, 5, 10, 15, 15]
    """
    return (count + base // 2) // base * base


def _check_base(rounding_base: object) -> int | None:
    if rounding_base is None:
        return None
    if not is_whole(rounding_base) or rounding_base < 2:
        msg = f"'rounding_base' must be a whole number of at least 2 or None, got {rounding_base!r}"
        raise InvalidInputError("rounding_base", msg)
    return rounding_base


@checked
def suppress(
    table: Mapping[K, int],
    *,
    min_cell: int = 10,
    rounding_base: int | None = None,
    suppress_zeros: bool = False,
) -> SuppressedTable[K]:
    """Withhold the cells of a one-way frequency table that would disclose someone.

    Primary suppression withholds every cell counting fewer than *min_cell* units (an empty
    cell only with *suppress_zeros*: it discloses nobody). Secondary suppression: when exactly
    one cell is withheld, the total would give it back by subtraction, so the smallest other
    non-empty cell is withheld too; with two or more withheld cells, subtraction gives only
    their sum. The total is withheld when it is below *min_cell* itself. This is
    :func:`suppress_cells`, the rule the metrics breakdowns use.

    With *rounding_base* (3, 5 or 10 are common), every published count and the total are
    then rounded to the nearest multiple of the base, each on its own: the published cells
    need not add up to the published total. What is withheld is decided on the true counts.

    Args:
        table: Cell → number of units (whole numbers, at least 0).
        min_cell: The smallest count that may be published (default 10).
        rounding_base: Round published counts to a multiple of this, or ``None`` (default).
        suppress_zeros: Treat empty cells as small cells.

    Returns:
        The table to publish.

    Raises:
        InvalidInputError: for a negative or non-whole count, a *min_cell* below 1 or a
            *rounding_base* below 2.

    >>> t = suppress({"玄武区": 4, "秦淮区": 25, "建邺区": 12, "鼓楼区": 40})
    >>> t.cells
    {'玄武区': None, '秦淮区': 25, '建邺区': None, '鼓楼区': 40}
    >>> t.suppressed, t.total
    ({'玄武区': 'primary', '建邺区': 'secondary'}, 81)
    >>> suppress({"A": 12, "B": 33, "C": 0}, rounding_base=5).cells
    {'A': 10, 'B': 35, 'C': 0}
    """
    base = _check_base(rounding_base)
    withheld = suppress_cells(table, min_cell=min_cell, suppress_zeros=suppress_zeros)
    total = sum(table.values())

    def publish(count: int) -> int:
        return count if base is None else round_to_base(count, base)

    cells: dict[K, int | None] = {
        key: None if key in withheld else publish(count) for key, count in table.items()
    }
    small_total = total < min_cell and (total > 0 or suppress_zeros)
    return SuppressedTable(
        cells=cells,
        suppressed={key: withheld[key] for key in table if key in withheld},
        total=None if small_total else publish(total),
        min_cell=min_cell,
        rounding_base=base,
    )
