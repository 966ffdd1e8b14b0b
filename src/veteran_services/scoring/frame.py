"""Quality scores as one pandas frame, in one call from a caseload.

:func:`score_frame` scores every placement (the object path, :func:`score_caseload`) and lays
the scores out with the columns of the columnar path
(``columnar.score_table(...).to_pandas()``, same names, same order, same values), plus the
veteran's and the employer's district side by side and the reason in words.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from datetime import date
from typing import Any, Final

from veteran_services._checks import checked
from veteran_services.model import Caseload
from veteran_services.scoring.index import Component, Flag, QualityScore, score_caseload
from veteran_services.scoring.market import LabourMarket
from veteran_services.scoring.model import QualityModel

__all__ = ["COMPONENT_COLUMNS", "EXTRA_COLUMNS", "score_frame"]

#: The columns of each indicator, ``<name>.<column>``, as in ``columnar.score_table``.
COMPONENT_COLUMNS: Final = ("raw", "normalised", "missing", "share", "contribution")

#: The columns :func:`score_frame` has beside those of ``columnar.score_table``:
#: ``veteran_region`` (the veteran's home district), ``employer_region`` (the employer's
#: district, where the market rules were looked up; the same as ``region``) and
#: ``reason_text`` (why there is no score, in words, naming the placement).
EXTRA_COLUMNS: Final = ("veteran_region", "employer_region", "reason_text")


@checked
def score_frame(
    caseload: Caseload,
    *,
    market: LabourMarket | None = None,
    model: QualityModel | None = None,
    as_of: date,
    scores: Iterable[QualityScore] | None = None,
) -> Any:
    """Every placement's quality score as a :class:`pandas.DataFrame` (needs the ``pandas``
    extra), one row per placement, sorted by placement id.

    The columns are those of ``columnar.score_table(...).to_pandas()`` in its order, with
    :data:`EXTRA_COLUMNS` beside them: ``placement_id``, ``veteran_id``, ``employer_id``,
    ``region`` (the employer's district, as :attr:`QualityScore.region`),
    ``veteran_region`` and ``employer_region`` side by side, ``started_on``, ``value`` (NaN
    without a score), ``reason`` (the code of :data:`~veteran_services.scoring.REASONS`, or
    missing when scored), ``reason_text`` (the sentence), ``completeness``, then per
    indicator of the model ``<name>.raw``, ``.normalised``, ``.missing`` (boolean),
    ``.share`` and ``.contribution`` (:data:`COMPONENT_COLUMNS`), then one boolean column per
    :class:`~veteran_services.scoring.Flag`, ``flag.<value>``. ``frame.attrs`` holds the
    model's version and fingerprint, the aggregation and *as_of*.

    Args:
        caseload: The records.
        market: The labour-market tables (:meth:`LabourMarket.nanjing` when None).
        model: The quality model (:meth:`QualityModel.default` when None).
        as_of: The scoring date.
        scores: Scores already computed for this caseload, model and date (scored here when
            None).

    >>> from veteran_services.synthetic import DEFAULT_AS_OF, generate
    >>> frame = score_frame(generate(veterans=30, seed=1), as_of=DEFAULT_AS_OF)
    >>> list(frame.columns[3:6])
    ['region', 'veteran_region', 'employer_region']
    >>> frame["flag.informal"].dtype
    dtype('bool')
    """
    pandas = importlib.import_module("pandas")  # the optional extra, imported when used
    model = QualityModel.default() if model is None else model
    if scores is None:
        tables = LabourMarket.nanjing() if market is None else market
        scores = score_caseload(caseload, market=tables, model=model, as_of=as_of)
    chosen = sorted(scores, key=lambda score: score.placement_id)
    regions: dict[str, str | None] = {v.id: v.region for v in caseload.veterans}
    names = [spec.name for spec in model.indicators]
    columns: dict[str, list[Any]] = {
        "placement_id": [s.placement_id for s in chosen],
        "veteran_id": [s.veteran_id for s in chosen],
        "employer_id": [s.employer_id for s in chosen],
        "region": [s.region for s in chosen],
        "veteran_region": [regions.get(s.veteran_id) for s in chosen],
        "employer_region": [s.region for s in chosen],
        "started_on": [s.started_on for s in chosen],
        "value": [s.value for s in chosen],
        "reason": [s.reason_code for s in chosen],
        "reason_text": [s.reason for s in chosen],
        "completeness": [s.completeness for s in chosen],
    }
    parts: dict[str, list[Component | None]] = {name: [] for name in names}
    for score in chosen:
        by_name = {c.name: c for c in score.components}
        for name in names:
            parts[name].append(by_name.get(name))
    for name in names:
        found = parts[name]
        columns[f"{name}.raw"] = [None if c is None else c.raw for c in found]
        columns[f"{name}.normalised"] = [None if c is None else c.normalised for c in found]
        columns[f"{name}.missing"] = [c is None or c.normalised is None for c in found]
        columns[f"{name}.share"] = [None if c is None else c.share for c in found]
        columns[f"{name}.contribution"] = [None if c is None else c.contribution for c in found]
    for flag in Flag:
        columns[f"flag.{flag.value}"] = [flag in s.flags for s in chosen]
    text = "str" if int(pandas.__version__.split(".")[0]) >= 3 else "object"
    frame = pandas.DataFrame(
        {
            key: pandas.Series(values, dtype=_dtype(key, text), name=key)
            for key, values in columns.items()
        }
    )
    frame.attrs.update(
        {
            "model_version": model.version,
            "model_fingerprint": model.fingerprint,
            "aggregation": model.aggregation,
            "as_of": as_of.isoformat(),
        }
    )
    return frame


_TEXT: Final = frozenset(
    {
        "placement_id",
        "veteran_id",
        "employer_id",
        "region",
        "veteran_region",
        "employer_region",
        "reason",
        "reason_text",
    }
)


def _dtype(column: str, text: str) -> str:
    """The column's dtype, as pyarrow's ``to_pandas`` gives it for the columnar table (*text*
    for strings: pandas 3's ``str``, ``object`` before)."""
    if column in _TEXT:
        return text
    if column == "started_on":
        return "object"
    if column.startswith("flag.") or column.endswith(".missing"):
        return "bool"
    return "float64"
