"""The data cutoff of a caseload's tables: :func:`veteran_services.metrics.data_cutoff`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from veteran_services._checks import checked
from veteran_services.columnar._metrics import _CUTOFF_COLUMNS, _latest_date

__all__ = ["CUTOFF_COLUMNS", "data_cutoff"]

#: The date columns the cutoff looks at, by record kind (``snapshots.as_of`` for ventures).
CUTOFF_COLUMNS: Mapping[str, tuple[str, ...]] = _CUTOFF_COLUMNS


@checked
def data_cutoff(tables: Mapping[str, object]) -> date | None:
    """The latest dated event of a caseload's tables (by record kind, as
    :func:`~veteran_services.columnar.to_arrow` or
    :func:`~veteran_services.columnar.read_folder` give them), as
    :func:`veteran_services.metrics.data_cutoff` finds it in the caseload: enrolment, placement
    and venture dates, venture snapshots, contacts and survey collection dates; None when the
    tables hold none. Kinds without such dates (veterans, employers, ...) are passed over, and
    so is a kind that is missing; each table needs only the columns of :data:`CUTOFF_COLUMNS`.

    >>> from veteran_services.columnar import to_arrow
    >>> from veteran_services.synthetic import sample_city
    >>> from veteran_services import metrics
    >>> city = sample_city()
    >>> data_cutoff(to_arrow(city)) == metrics.data_cutoff(city)
    True
    """
    chosen = {kind: table for kind, table in tables.items() if kind in _CUTOFF_COLUMNS}
    return _latest_date(chosen)
