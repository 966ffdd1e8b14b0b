"""The same scoring per partition on a local Dask cluster with two worker processes.

Issue 9, item 4: over a Parquet folder partitioned into veteran buckets,
``dask.dataframe.map_partitions`` of score_table gives what score_table gives on the whole
tables in one process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from veteran_services import Caseload  # noqa: E402
from veteran_services.columnar import read_tables, score_table, write_parquet  # noqa: E402
from veteran_services.columnar.distributed import read_buckets, score_dataset  # noqa: E402
from veteran_services.scoring import LabourMarket  # noqa: E402
from veteran_services.synthetic import DEFAULT_AS_OF  # noqa: E402

MARKET = LabourMarket.nanjing()


@pytest.fixture(scope="module")
def folder(small_city: Caseload, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dask") / "city"
    return write_parquet(small_city, root, partition_by="veteran", buckets=4)


def _single_process(folder: Path) -> pd.DataFrame:
    tables = read_tables(folder)
    table = score_table(
        tables["placements"],
        employers=tables["employers"],
        programmes=tables["programmes"],
        enrolments=tables["enrolments"],
        responses=tables["responses"],
        instruments=tables["instruments"],
        market=MARKET,
        as_of=DEFAULT_AS_OF,
    )
    return _sorted(table.to_pandas(types_mapper=pd.ArrowDtype))


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("placement_id").reset_index(drop=True)


def test_buckets_are_partitions_in_bucket_order(folder: Path) -> None:
    placements = read_buckets(folder, "placements")
    assert placements.npartitions == 4
    first = placements.partitions[0].compute(scheduler="sync")
    # list and date columns survive Dask unchanged (not turned into text)
    assert isinstance(first["insurance"].dtype, pd.ArrowDtype)
    assert str(first["started_on"].dtype).startswith("date32")


def test_a_two_worker_cluster_scores_like_one_process(folder: Path, small_city: Caseload) -> None:
    expected = _single_process(folder)
    assert len(expected) == len(small_city.placements)
    lazy = score_dataset(folder, market=MARKET, as_of=DEFAULT_AS_OF)
    assert lazy.npartitions == 4
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=50,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        got = _sorted(lazy.compute())
    pd.testing.assert_frame_equal(got, expected)
