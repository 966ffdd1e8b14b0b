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
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from veteran_services.columnar._convert import arrow_schema
from veteran_services.columnar._parquet import bucket_files, read_tables
from veteran_services.columnar._scoring import SCORING_COLUMNS, score_table
from veteran_services.errors import InvalidInputError
from veteran_services.scoring import LabourMarket, QualityModel

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped]

__all__ = ["read_buckets", "score_dataset", "score_partition"]


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


def _read_file(path: str, columns: Sequence[str] | None) -> pd.DataFrame:
    table = pq.read_table(path, columns=None if columns is None else list(columns))
    if "position" in table.column_names:
        table = table.drop_columns(["position"])
    return _pandas(table)


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
    empty = arrow_schema(kind).empty_table()
    if columns is not None:
        empty = empty.select(list(columns))
    return dd.from_map(
        partial(_read_file, columns=columns), files, meta=_pandas(empty), enforce_metadata=False
    )


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
            _pandas(arrow_schema(kind).empty_table().select(list(SCORING_COLUMNS[kind])))
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
