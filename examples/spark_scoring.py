"""Employment-quality scores on Spark: the same ``score_table`` call, once per veteran bucket.

Not run by the test suite (it needs a Spark installation, ``pip install pyspark``, and Java);
the Dask version of the same idea, ``veteran_services.columnar.distributed.score_dataset``, is
tested on a local two-worker cluster.

How it works: ``write_parquet(caseload, folder, partition_by="veteran", buckets=N)`` puts each
veteran's placements, enrolments and follow-up responses in the same bucket, so every bucket
can be scored on its own. Spark distributes the bucket numbers; each task reads its bucket
with pyarrow (the folder must be on storage every executor sees: HDFS, S3, NFS) and calls
``score_table``, exactly what one machine would do. Two forms are shown:

- ``mapInArrow`` (Spark ≥ 3.3): Arrow record batches in and out, no pandas in between;
- ``applyInPandas`` (Spark ≥ 3.0): the placements read by Spark, grouped by bucket.

Run: ``python examples/spark_scoring.py [FOLDER]`` (writes a sample city to FOLDER first if
it holds no caseload).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from veteran_services.columnar import (
    SCORING_COLUMNS,
    bucket_files,
    read_tables,
    score_table,
    write_parquet,
)
from veteran_services.scoring import LabourMarket
from veteran_services.synthetic import DEFAULT_AS_OF, sample_city

AS_OF: date = DEFAULT_AS_OF
BUCKETS = 8


def _bucket_table(folder: str, kind: str, bucket: int) -> pa.Table:
    path = bucket_files(folder, kind)[bucket]
    return pq.read_table(path, columns=list(SCORING_COLUMNS[kind]))


def score_bucket(folder: str, bucket: int, placements: Any = None) -> pa.Table:
    """The scores of one bucket: the call every Spark task makes (placements may be given)."""
    reference = read_tables(
        folder, kinds=["employers", "programmes", "instruments"], columns=SCORING_COLUMNS
    )
    return score_table(
        _bucket_table(folder, "placements", bucket) if placements is None else placements,
        employers=reference["employers"],
        programmes=reference["programmes"],
        enrolments=_bucket_table(folder, "enrolments", bucket),
        responses=_bucket_table(folder, "responses", bucket),
        instruments=reference["instruments"],
        market=LabourMarket.nanjing(),
        as_of=AS_OF,
    )


def with_map_in_arrow(spark: Any, folder: str) -> Any:
    """Scores as a Spark DataFrame through ``mapInArrow``: one task per bucket number."""
    from pyspark.sql.pandas.types import from_arrow_schema

    schema = from_arrow_schema(score_bucket(folder, 0).schema)
    buckets = spark.createDataFrame([(b,) for b in range(BUCKETS)], "bucket int")

    def score(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            for bucket in batch.column("bucket").to_pylist():
                yield from score_bucket(folder, bucket).to_batches()

    return buckets.repartition(BUCKETS).mapInArrow(score, schema)


def with_apply_in_pandas(spark: Any, folder: str) -> Any:
    """Scores as a Spark DataFrame through ``groupBy("bucket").applyInPandas``: Spark reads
    the placements (the Hive-style ``bucket=NN`` folders give the ``bucket`` column)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    arrow_schema = score_bucket(folder, 0).schema
    placements = spark.read.parquet(str(Path(folder) / "placements")).select(
        *SCORING_COLUMNS["placements"], "bucket"
    )

    def score(frame: Any) -> Any:
        bucket = int(frame["bucket"].iloc[0])
        table = score_bucket(folder, bucket, placements=frame.drop(columns=["bucket"]))
        return table.to_pandas()

    return placements.groupBy("bucket").applyInPandas(score, from_arrow_schema(arrow_schema))


def main(argv: list[str]) -> int:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        print(
            "this example needs Spark: pip install pyspark (and a Java runtime); "
            "veteran_services.columnar.distributed does the same on Dask"
        )
        return 1
    folder = argv[1] if len(argv) > 1 else "city-parquet"
    if not (Path(folder) / "manifest.json").is_file():
        write_parquet(sample_city(), folder, partition_by="veteran", buckets=BUCKETS)
    spark = SparkSession.builder.appName("veteran-services scoring").getOrCreate()
    try:
        scores = with_map_in_arrow(spark, folder)
        print(scores.groupBy("region").avg("value").orderBy("region").toPandas())
        print(with_apply_in_pandas(spark, folder).count(), "placements scored")
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
