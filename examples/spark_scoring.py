"""Employment-quality scores on Spark: the same ``score_table`` call, once per veteran bucket.

How it works: ``write_parquet(caseload, folder, partition_by="veteran", buckets=N)`` puts each
veteran's placements, enrolments and follow-up responses in the same bucket, so every bucket
can be scored on its own. Spark distributes the bucket numbers; each task reads its bucket
with pyarrow (the folder must be on storage every executor sees: HDFS, S3, NFS) and calls
``score_table``, exactly what one machine would do (the library's Dask form of the same idea,
``veteran_services.columnar.distributed.score_dataset``, is tested on a two-worker cluster).
Two forms are shown:

- ``mapInArrow`` (Spark >= 3.3): Arrow record batches in and out, no pandas in between;
- ``applyInPandas`` (Spark >= 3.0): the placements read by Spark, grouped by bucket. It
  cannot take input columns with a dot in their name (``monthly_wage.amount``; pyspark 4.3
  looks them up unquoted), so they are renamed on the way in and back in each task.

Both are then checked against one ``score_table`` call over the whole caseload in this
process: the same placement ids, the same values to 1e-9 and nulls in the same places, or
the script lists what differs and exits with status 1 (the check uses ``DataFrame.toArrow``,
Spark >= 4.0).

Run it in an environment of its own (Spark is not one of the project's extras, and CI does not
install it; ``tests/test_examples.py`` runs this script when pyspark is importable)::

    python3 -m venv spark-venv
    spark-venv/bin/pip install -e ".[arrow,pandas]" pyspark    # and Java: Spark 4 needs 17 or 21
    spark-venv/bin/python examples/spark_scoring.py [FOLDER [MASTER]]

FOLDER (default ``city-parquet``) gets the sample city first if it holds no caseload; MASTER
defaults to ``local[2]``. Spark's own log lines go to stderr; the scores by region and the
outcome of the check go to stdout.

Last run on 2026-12-02 with pyspark 4.3.0 (Spark 4.3.0 from the pyspark wheel), OpenJDK 17.0.15,
Python 3.11.7, pyarrow 26.0.1 and pandas 3.1.1 (pyspark warns on stderr that it does not yet
fully support pandas 3; the check passed all the same, and passed with pandas 2.3.3 too),
master ``local[2]`` on a 2-core machine: the 3,792 placements of the sample city in 8 buckets,
the same scores both ways. A run took about 30 s in all, most of it Spark starting up and its
first job; after that, mapInArrow took 1-2 s and applyInPandas 2-5 s.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from veteran_services.columnar import (
    SCORING_COLUMNS,
    bucket_files,
    read_file,
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
    return read_file(path, columns=SCORING_COLUMNS[kind])


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
    the placements (the Hive-style ``bucket=N`` folders give the ``bucket`` column)."""
    from pyspark.sql.functions import col
    from pyspark.sql.pandas.types import from_arrow_schema

    schema = from_arrow_schema(score_bucket(folder, 0).schema)
    # applyInPandas looks every input column up by its bare name, and to Spark a bare
    # ``monthly_wage.amount`` is field ``amount`` of a struct: give the dotted columns plain
    # names in Spark and their own names back in each task.
    spark_names = {name: name.replace(".", "_") for name in SCORING_COLUMNS["placements"]}
    own_names = {spark_name: name for name, spark_name in spark_names.items()}
    placements = spark.read.parquet(str(Path(folder) / "placements")).select(
        *(col(f"`{name}`").alias(spark_name) for name, spark_name in spark_names.items()),
        "bucket",
    )

    def score(frame: Any) -> Any:
        bucket = int(frame["bucket"].iloc[0])
        frame = frame.drop(columns=["bucket"]).rename(columns=own_names)
        return score_bucket(folder, bucket, placements=frame).to_pandas()

    return placements.groupBy("bucket").applyInPandas(score, schema)


def score_whole_caseload(folder: str) -> pa.Table:
    """The scores of every placement from one ``score_table`` call in this process."""
    kinds = ["placements", "employers", "programmes", "enrolments", "responses", "instruments"]
    tables = read_tables(folder, kinds=kinds, columns=SCORING_COLUMNS)
    return score_table(
        tables["placements"],
        employers=tables["employers"],
        programmes=tables["programmes"],
        enrolments=tables["enrolments"],
        responses=tables["responses"],
        instruments=tables["instruments"],
        market=LabourMarket.nanjing(),
        as_of=AS_OF,
    )


def differences(expected: pa.Table, actual: pa.Table, *, tolerance: float = 1e-9) -> list[str]:
    """How *actual* differs from *expected*, placement by placement (empty when they agree).

    Rows are matched on ``placement_id`` (Spark keeps no order); floating-point columns may
    differ by *tolerance*, every other column must be equal, and nulls must be in the same
    places in both.
    """
    if actual.column_names != expected.column_names:
        return [f"columns differ: expected {expected.column_names}, got {actual.column_names}"]
    expected = expected.sort_by("placement_id")
    actual = actual.sort_by("placement_id")
    ids = expected.column("placement_id").to_pylist()
    actual_ids = actual.column("placement_id").to_pylist()
    if actual_ids != ids:
        missing, extra = len(set(ids) - set(actual_ids)), len(set(actual_ids) - set(ids))
        message = (
            f"placements differ: {len(actual_ids)} rows for {len(ids)},"
            f" {missing} placement(s) missing, {extra} unexpected"
        )
        return [message]
    problems = []
    for field in expected.schema:
        floating = pa.types.is_floating(field.type)
        wanted = expected.column(field.name).to_pylist()
        got = actual.column(field.name).to_pylist()
        wrong = [
            i
            for i, pair in enumerate(zip(wanted, got, strict=True))
            if not _same(*pair, floating, tolerance)
        ]
        if wrong:
            i = wrong[0]
            problems.append(
                f"{field.name}: {len(wrong)} placement(s) differ,"
                f" e.g. {ids[i]}: expected {wanted[i]!r}, got {got[i]!r}"
            )
    return problems


def _same(wanted: Any, got: Any, floating: bool, tolerance: float) -> bool:
    if wanted is None or got is None:
        return wanted is None and got is None
    if floating:
        return abs(wanted - got) <= tolerance or (math.isnan(wanted) and math.isnan(got))
    return bool(wanted == got)


def main(argv: list[str]) -> int:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        print(
            "this example needs Spark: pip install pyspark (and a Java runtime); "
            "veteran_services.columnar.distributed does the same on Dask"
        )
        return 1
    folder = str(Path(argv[1] if len(argv) > 1 else "city-parquet").resolve())
    master = argv[2] if len(argv) > 2 else "local[2]"
    started = time.perf_counter()
    if not (Path(folder) / "manifest.json").is_file():
        write_parquet(sample_city(), folder, partition_by="veteran", buckets=BUCKETS)
        print(f"sample city written to {folder} in {time.perf_counter() - started:.1f} s")
    expected = score_whole_caseload(folder)

    # Local workers run this same Python, where veteran_services is installed; on a cluster,
    # set PYSPARK_PYTHON to a Python of the executors that has it.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(master)
        .appName("veteran-services scoring")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    problems = []
    try:
        by_region = with_map_in_arrow(spark, folder).groupBy("region").avg("value")
        print(by_region.orderBy("region").toPandas().to_string(index=False))
        for name, scores_with in [
            ("mapInArrow", with_map_in_arrow),
            ("applyInPandas", with_apply_in_pandas),
        ]:
            started = time.perf_counter()
            scores = scores_with(spark, folder).toArrow()
            seconds = time.perf_counter() - started
            found = differences(expected, scores)
            verdict = "NOT the same" if found else "the same"
            print(
                f"{name}: {scores.num_rows} placements in {seconds:.1f} s,"
                f" {verdict} scores as one score_table call over the whole caseload"
            )
            problems += [f"{name}: {problem}" for problem in found]
    finally:
        spark.stop()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
