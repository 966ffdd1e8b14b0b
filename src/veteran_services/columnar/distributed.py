"""The columnar functions on Dask: one partition per veteran bucket of a Parquet folder.

Needs the ``dask`` extra (``dask[dataframe]``, and ``distributed`` for a cluster). A folder
written by :func:`~veteran_services.columnar.write_parquet` with ``partition_by="veteran"``
keeps every veteran's placements, enrolments and responses in the same bucket, so each bucket
can be scored on its own, with the small reference tables (employers, programmes, instruments)
sent to every worker. The per-partition function is :func:`~veteran_services.columnar.
score_table` itself, run through :func:`dask.dataframe.map_partitions`: the same code as on one
machine, hence the same numbers.

>>> import dask  # doctest: +SKIP
>>> scores = score_dataset("city.parquet", market=LabourMarket.nanjing(),
...                        as_of=date(2024, 6, 30))  # doctest: +SKIP
>>> scores.compute()  # doctest: +SKIP

The rate indicators run per bucket the same way: :func:`placement_rate_dataset`,
:func:`employment_rate_after_exit_dataset` and :func:`retention_with_same_employer_dataset`
compute the columnar rate of each bucket and add the buckets' counts up
(:func:`combine_estimates`) into the estimate of the whole caseload.

>>> placement_rate_dataset("city.parquet", as_of=date(2024, 6, 30)).compute()  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from uuid import uuid4

import pyarrow as pa  # type: ignore[import-untyped]
from dateutil.relativedelta import relativedelta

from veteran_services._checks import checked
from veteran_services.columnar._convert import arrow_schema
from veteran_services.columnar._metrics import (
    _CUTOFF_COLUMNS,
    RATE_COLUMNS,
    _employment_rate_after_exit,
    _latest_date,
    _retention_with_same_employer,
    placement_rate,
)
from veteran_services.columnar._parquet import (
    bucket_files,
    projected_schema,
    read_file,
    read_tables,
)
from veteran_services.columnar._scoring import SCORING_COLUMNS, score_table
from veteran_services.errors import InvalidInputError
from veteran_services.metrics import SIX_MONTHS, Estimate, ExitRule, PlacementAnchor
from veteran_services.scoring import LabourMarket, QualityModel
from veteran_services.stats import wilson_interval

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped]
    from dask.delayed import Delayed

__all__ = [
    "combine_estimates",
    "employment_rate_after_exit_dataset",
    "placement_rate_dataset",
    "read_buckets",
    "retention_with_same_employer_dataset",
    "score_dataset",
    "score_partition",
]


def _dask_dataframe() -> Any:
    try:
        import dask.dataframe as dd
    except ImportError as error:  # pragma: no cover - the test extra installs dask
        msg = (
            "veteran_services.columnar.distributed needs dask: pip install 'veteran-services[dask]'"
        )
        raise ImportError(msg) from error
    return dd


def _pandas(table: pa.Table) -> pd.DataFrame:
    # Arrow-backed columns: lists, structs and dates stay what they are (Dask turns plain
    # object columns into strings, lists included), and pandas → Arrow is zero-copy.
    import pandas as pd

    frame: pd.DataFrame = table.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


def _read_arrow(path: str, columns: Sequence[str] | None) -> pa.Table:
    return read_file(path, columns=columns)


def _read_file(path: str, columns: Sequence[str] | None) -> pd.DataFrame:
    return _pandas(_read_arrow(path, columns))


@checked
def read_buckets(folder: str | Path, kind: str, *, columns: Sequence[str] | None = None) -> Any:
    """A Dask DataFrame of one record kind of a Parquet folder: one partition per bucket, in
    bucket order (so partition *k* of every veteran kind holds the same veterans).

    Args:
        folder: A folder written by :func:`~veteran_services.columnar.write_parquet`.
        kind: A record kind (``"placements"``).
        columns: The only columns to read (default: all).
    """
    dd = _dask_dataframe()
    files = [str(path) for path in bucket_files(folder, kind)]
    schema = arrow_schema(kind)
    empty = (schema if columns is None else projected_schema(schema, columns)).empty_table()
    return dd.from_map(
        partial(_read_file, columns=columns), files, meta=_pandas(empty), enforce_metadata=False
    )


@checked
def score_partition(
    placements: pd.DataFrame,
    enrolments: pd.DataFrame,
    responses: pd.DataFrame,
    *,
    employers: pa.Table,
    programmes: pa.Table,
    instruments: pa.Table,
    market: LabourMarket,
    model: QualityModel | None,
    as_of: date,
) -> pd.DataFrame:
    """:func:`~veteran_services.columnar.score_table` of one partition, as a pandas frame (what
    Dask's ``map_partitions`` hands over and expects back)."""
    table = score_table(
        placements,
        employers=employers,
        programmes=programmes,
        enrolments=enrolments,
        responses=responses,
        instruments=instruments,
        market=market,
        model=model,
        as_of=as_of,
    )
    return _pandas(table)


@checked
def score_dataset(
    folder: str | Path,
    *,
    market: LabourMarket,
    model: QualityModel | None = None,
    as_of: date,
) -> Any:
    """The scores of every placement of a Parquet folder, as a lazy Dask DataFrame.

    One partition per veteran bucket; each is scored by :func:`score_partition` through
    :func:`dask.dataframe.map_partitions`, with the reference tables sent along. Call
    ``.compute()`` (on a ``distributed`` cluster, if one is running) to get a pandas frame with
    the columns of :func:`~veteran_services.columnar.score_table`.

    Args:
        folder: A folder written by :func:`~veteran_services.columnar.write_parquet`, best with
            ``partition_by="veteran"`` (an unpartitioned folder is one partition).
        market: The labour-market tables.
        model: The quality model (:meth:`QualityModel.default` when None).
        as_of: The scoring date.

    Raises:
        InvalidInputError: the kinds of the folder are not partitioned alike.
    """
    dd = _dask_dataframe()
    model = QualityModel.default() if model is None else model
    reference = read_tables(
        folder, kinds=["employers", "programmes", "instruments"], columns=SCORING_COLUMNS
    )
    parts = {
        kind: read_buckets(folder, kind, columns=SCORING_COLUMNS[kind])
        for kind in ("placements", "enrolments", "responses")
    }
    counts = {frame.npartitions for frame in parts.values()}
    if len(counts) != 1:
        msg = f"'folder' must partition placements, enrolments and responses alike, got {counts}"
        raise InvalidInputError("folder", msg)
    meta = score_partition(
        *(
            _pandas(projected_schema(arrow_schema(kind), SCORING_COLUMNS[kind]).empty_table())
            for kind in ("placements", "enrolments", "responses")
        ),
        employers=reference["employers"],
        programmes=reference["programmes"],
        instruments=reference["instruments"],
        market=market,
        model=model,
        as_of=as_of,
    )
    return dd.map_partitions(
        score_partition,
        parts["placements"],
        parts["enrolments"],
        parts["responses"],
        employers=reference["employers"],
        programmes=reference["programmes"],
        instruments=reference["instruments"],
        market=market,
        model=model,
        as_of=as_of,
        meta=meta,
        align_dataframes=False,
        enforce_metadata=False,
    )


# --- rate indicators per bucket -----------------------------------------------------------------

#: The fields every part of a combined estimate must share: they describe the indicator and
#: its arguments, not the data.
_SHARED = ("name", "unit", "cohort", "window", "parameters", "confidence", "among", "success")


@checked
def combine_estimates(parts: Iterable[Estimate]) -> Estimate:
    """One proportion estimate from the estimates of disjoint groups of units (veteran buckets).

    Numerators, denominators and the excluded units with their reasons add up exactly, since
    every unit is counted in one part only. The value and the Wilson interval cannot be
    combined from the parts' values and intervals, so they are computed afresh from the
    combined counts, exactly as the indicator computes them on all units at once. When no unit
    is left, the value is ``None`` with the first part's reason (a rate gives that reason from
    its arguments alone, which the parts share). The unit-level observations are not combined
    (the columnar rates do not build them).

    Args:
        parts: Estimates of one indicator with the same arguments (``statistic="proportion"``,
            equal name, unit, cohort, window, parameters and confidence), over groups of units
            that share no unit, e.g. the buckets of a Parquet folder.

    Raises:
        InvalidInputError: no parts, parts of another statistic, suppressed or with details or
            notes (which do not add up), parts that describe different indicators, or a unit
            excluded in two parts.
    """
    estimates = list(parts)
    if not estimates:
        msg = "'parts' must hold at least one estimate, got none"
        raise InvalidInputError("parts", msg)
    first = estimates[0]
    excluded: dict[str, str] = {}
    successes = 0
    count = 0
    for part in estimates:
        if part.statistic != "proportion" or part.suppressed or part.details or part.notes:
            msg = (
                "'parts' must be unsuppressed proportions without details or notes, "
                f"got {part.name!r} ({part.statistic}, suppressed={part.suppressed})"
            )
            raise InvalidInputError("parts", msg)
        for name in _SHARED:
            if getattr(part, name) != getattr(first, name):
                msg = (
                    f"'parts' must share their {name!r}, got {getattr(first, name)!r} "
                    f"and {getattr(part, name)!r}"
                )
                raise InvalidInputError("parts", msg)
        twice = excluded.keys() & part.excluded.keys()
        if twice:
            msg = f"'parts' must not share units, got {min(twice)!r} excluded in two parts"
            raise InvalidInputError("parts", msg)
        excluded.update(part.excluded)
        successes += int(part.numerator or 0)
        count += part.denominator or 0
    base: dict[str, Any] = {name: getattr(first, name) for name in _SHARED}
    base["excluded"] = dict(sorted(excluded.items()))
    base["statistic"] = "proportion"
    base["denominator"] = count
    if count == 0:  # the reason depends on the arguments only: every part gives the same
        return Estimate(value=None, reason=first.reason, **base)
    return Estimate(
        value=successes / count,
        numerator=successes,
        interval=wilson_interval(successes, count, confidence=first.confidence),
        **base,
    )


def _bucket_rate(
    function: Callable[..., Estimate],
    paths: Mapping[str, str],
    positional: int,
    reference: Mapping[str, pa.Table],
    arguments: Mapping[str, Any],
) -> Estimate:
    """The rate of one bucket: its tables of the kinds of *paths* (only the columns the rates
    read; the first *positional* passed by position, the others by keyword), the reference
    tables and the arguments."""
    tables = [(kind, _read_arrow(path, RATE_COLUMNS[kind])) for kind, path in paths.items()]
    keywords = dict(tables[positional:])
    return function(
        *(table for _, table in tables[:positional]), **keywords, **reference, **arguments
    )


_DATED: Final = ("enrolments", "placements", "contacts", "responses")


def _bucket_cutoff(paths: Mapping[str, str]) -> date | None:
    """The latest date of one bucket's dated records (its part of the data cutoff)."""
    return _latest_date(
        {kind: _read_arrow(path, _CUTOFF_COLUMNS[kind]) for kind, path in paths.items()}
    )


def _latest_of(days: Sequence[date | None]) -> date | None:
    return max((day for day in days if day is not None), default=None)


def _bucket_paths(folder: str | Path, kinds: Sequence[str]) -> tuple[dict[str, list[str]], int]:
    files = {kind: [str(path) for path in bucket_files(folder, kind)] for kind in kinds}
    counts = {len(paths) for paths in files.values()}
    if len(counts) != 1:
        msg = f"'folder' must partition {', '.join(kinds)} alike, got {sorted(counts)} buckets"
        raise InvalidInputError("folder", msg)
    return files, counts.pop()


def _rate_dataset(
    folder: str | Path,
    function: Callable[..., Estimate],
    kinds: Sequence[str],
    arguments: Mapping[str, Any],
    *,
    keyword_kinds: Sequence[str] = (),
    reference: Sequence[str] = (),
    cutoff: bool = False,
) -> Delayed:
    """*function* of every bucket, combined by :func:`combine_estimates`.

    Each bucket's tables of *kinds* are passed by position, those of *keyword_kinds* by
    keyword; the *reference* kinds (read now) go to every worker. With *cutoff*, the data
    cutoff of the whole folder is found first (the latest date of every bucket, a maximum of
    maxima) and passed to every bucket as ``cutoff``: a bucket's own latest date would not do.
    """
    from dask.base import tokenize
    from dask.delayed import delayed

    files, count = _bucket_paths(folder, [*kinds, *keyword_kinds])
    tables = read_tables(folder, kinds=reference, columns=RATE_COLUMNS) if reference else {}
    # The arguments are checked now, on empty tables, rather than on the workers.
    empty = {
        kind: arrow_schema(kind).empty_table().select(list(RATE_COLUMNS[kind])) for kind in files
    }
    function(
        *(empty[kind] for kind in kinds),
        **{kind: empty[kind] for kind in keyword_kinds},
        **tables,
        **arguments,
    )
    # Keys name the rate (``placement_rate-<token>``, bucket k) for the dashboard; the token
    # changes with the folder's files, the arguments and each call's copy of the tables.
    name = function.__name__.lstrip("_")
    shared = delayed(tables, name=f"{name}-reference-{uuid4().hex}")  # sent once per worker
    token = tokenize(files, arguments, shared.key)
    given = dict(arguments)
    if cutoff:
        dated, _ = _bucket_paths(folder, _DATED)
        latest = [
            delayed(_bucket_cutoff)(
                {kind: dated[kind][k] for kind in _DATED},
                dask_key_name=(f"{name}-cutoff-{token}", k),
            )
            for k in range(len(dated[_DATED[0]]))
        ]
        ventures = _latest_date({"ventures": tables.get("ventures")})
        given["cutoff"] = delayed(_latest_of)(
            [*latest, ventures], dask_key_name=f"{name}-data-cutoff-{token}"
        )
    task = delayed(_bucket_rate)
    parts = [
        task(
            function,
            {kind: paths[k] for kind, paths in files.items()},
            len(kinds),
            shared,
            given,
            dask_key_name=(f"{name}-{token}", k),
        )
        for k in range(count)
    ]
    combined: Delayed = delayed(combine_estimates)(parts, dask_key_name=f"{name}-combine-{token}")
    return combined


@checked
def placement_rate_dataset(
    folder: str | Path,
    *,
    within: relativedelta = SIX_MONTHS,
    anchor: PlacementAnchor = "registration",
    between: tuple[date, date] | None = None,
    as_of: date | None = None,
    include_subsidised: bool = True,
    include_ventures: bool = False,
    confidence: float = 0.95,
) -> Delayed:
    """:func:`~veteran_services.columnar.placement_rate` of a Parquet folder, per bucket on
    Dask, as a lazy estimate: ``.compute()`` gives the same
    :class:`~veteran_services.metrics.Estimate` as the columnar function on the whole tables
    (and :func:`veteran_services.metrics.placement_rate` on the caseload).

    Each bucket's veterans and placements give a bucket estimate; the ventures (read only with
    *include_ventures*) go to every worker; :func:`combine_estimates` adds the counts up.

    Args:
        folder: A folder written by :func:`~veteran_services.columnar.write_parquet`, best with
            ``partition_by="veteran"`` (an unpartitioned folder is one partition).
        within: The window after the anchor (years, months, weeks and days only).
        anchor: ``"registration"`` or ``"separation"``.
        between: Inclusive range of anchor dates (``None``: all).
        as_of: Evaluation date; veterans whose window has not ended by then are left out.
        include_subsidised: Whether subsidised placements count.
        include_ventures: Whether starting a venture counts as being placed.
        confidence: Coverage of the Wilson interval.

    Raises:
        InvalidInputError: a bad argument (raised at once, not on compute), or a folder whose
            veterans and placements are not partitioned alike.
    """
    arguments = {
        "within": within,
        "anchor": anchor,
        "between": between,
        "as_of": as_of,
        "include_subsidised": include_subsidised,
        "include_ventures": include_ventures,
        "confidence": confidence,
    }
    reference = ["ventures"] if include_ventures else []
    return _rate_dataset(
        folder, placement_rate, ("veterans", "placements"), arguments, reference=reference
    )


_EXIT_KINDS: Final = ("veterans", "enrolments", "placements", "earnings")


def _exit_rate_dataset(
    folder: str | Path, function: Callable[..., Estimate], arguments: dict[str, Any]
) -> Delayed:
    """An exit-based rate of a folder: with the contact rule, the contacts are read per bucket
    too, and without *as_of* exits are evaluated on the whole folder's data cutoff."""
    contact_rule = arguments["rule"] == "contacts"
    arguments |= {"responses": None, "cutoff": None}  # the cutoff is found for the whole folder
    if not contact_rule:
        arguments["contacts"] = None
    return _rate_dataset(
        folder,
        function,
        _EXIT_KINDS,
        arguments,
        keyword_kinds=("contacts",) if contact_rule else (),
        reference=("ventures",),
        cutoff=contact_rule and arguments["as_of"] is None,
    )


@checked
def employment_rate_after_exit_dataset(
    folder: str | Path,
    *,
    quarter: int = 2,
    exits_between: tuple[date, date] | None = None,
    rule: ExitRule = "enrolments",
    as_of: date | None = None,
    counting: str = "periods",
    confidence: float = 0.95,
) -> Delayed:
    """:func:`~veteran_services.columnar.employment_rate_after_exit` of a Parquet folder, per
    bucket on Dask, as a lazy estimate: ``.compute()`` gives the same
    :class:`~veteran_services.metrics.Estimate` as the columnar function on the whole tables
    (and :func:`veteran_services.metrics.employment_rate_after_exit` on the caseload).

    Each bucket's veterans, enrolments, placements and earnings (and contacts, with the
    contact rule) give a bucket estimate; the ventures go to every worker;
    :func:`combine_estimates` adds the counts up. With the contact rule and no *as_of*, exits
    are evaluated on the data cutoff of the whole folder (the latest dated record), found by a
    first pass over the buckets' date columns.

    Args:
        folder: A folder written by :func:`~veteran_services.columnar.write_parquet`.
        quarter: Which quarter after the exit quarter (2 or 4 in WIOA).
        exits_between: Inclusive range of exit dates (``None``: every exit).
        rule: ``"enrolments"`` or ``"contacts"`` (:func:`veteran_services.metrics.exits`).
        as_of: Evaluation date (``None``: every quarter counts as observed).
        counting: ``"periods"`` (each period of participation its own case) or
            ``"last_exit"`` (:func:`veteran_services.metrics.exits`).
        confidence: Coverage of the Wilson interval.

    Raises:
        InvalidInputError: a bad argument (raised at once, not on compute), or a folder whose
            veteran kinds are not partitioned alike.
    """
    arguments: dict[str, Any] = {
        "quarter": quarter,
        "exits_between": exits_between,
        "rule": rule,
        "as_of": as_of,
        "counting": counting,
        "confidence": confidence,
    }
    return _exit_rate_dataset(folder, _employment_rate_after_exit, arguments)


@checked
def retention_with_same_employer_dataset(
    folder: str | Path,
    *,
    exits_between: tuple[date, date] | None = None,
    rule: ExitRule = "enrolments",
    as_of: date | None = None,
    counting: str = "periods",
    first: int = 2,
    second: int = 4,
    confidence: float = 0.95,
) -> Delayed:
    """:func:`~veteran_services.columnar.retention_with_same_employer` of a Parquet folder, per
    bucket on Dask, as a lazy estimate: ``.compute()`` gives the same
    :class:`~veteran_services.metrics.Estimate` as the columnar function on the whole tables
    (and :func:`veteran_services.metrics.retention_with_same_employer` on the caseload).

    Each bucket's veterans, enrolments, placements and earnings (and contacts, with the
    contact rule) give a bucket estimate; the ventures go to every worker;
    :func:`combine_estimates` adds the counts up. The contact rule without *as_of* uses the
    whole folder's data cutoff, as in :func:`employment_rate_after_exit_dataset`.

    Args:
        folder: A folder written by :func:`~veteran_services.columnar.write_parquet`.
        exits_between: Inclusive range of exit dates (``None``: every exit).
        rule: ``"enrolments"`` or ``"contacts"`` (:func:`veteran_services.metrics.exits`).
        as_of: Evaluation date (``None``: every quarter counts as observed).
        counting: ``"periods"`` (each period of participation its own case) or
            ``"last_exit"`` (:func:`veteran_services.metrics.exits`).
        first: The first quarter after exit (2 in WIOA).
        second: The later quarter (4 in WIOA).
        confidence: Coverage of the Wilson interval.

    Raises:
        InvalidInputError: a bad argument (raised at once, not on compute), or a folder whose
            veteran kinds are not partitioned alike.
    """
    arguments: dict[str, Any] = {
        "exits_between": exits_between,
        "rule": rule,
        "as_of": as_of,
        "counting": counting,
        "first": first,
        "second": second,
        "confidence": confidence,
    }
    return _exit_rate_dataset(folder, _retention_with_same_employer, arguments)
