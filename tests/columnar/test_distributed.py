"""The same scoring and rates per partition on a local Dask cluster with two worker processes.

Issue 9, item 4: over a Parquet folder partitioned into veteran buckets,
``dask.dataframe.map_partitions`` of score_table gives what score_table gives on the whole
tables in one process, and the rate indicators computed per bucket and combined give the
estimate of the whole caseload.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import dask  # noqa: E402

from veteran_services import Caseload, metrics  # noqa: E402
from veteran_services.columnar import (  # noqa: E402
    RATE_COLUMNS,
    employment_rate_after_exit,
    placement_rate,
    read_tables,
    retention_with_same_employer,
    score_table,
    write_parquet,
)
from veteran_services.columnar.distributed import (  # noqa: E402
    employment_rate_after_exit_dataset,
    placement_rate_dataset,
    read_buckets,
    retention_with_same_employer_dataset,
    score_dataset,
)
from veteran_services.scoring import LabourMarket  # noqa: E402
from veteran_services.synthetic import DEFAULT_AS_OF  # noqa: E402

MARKET = LabourMarket.nanjing()


@pytest.fixture(scope="module")
def folder(small_city: Caseload, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dask") / "city"
    return write_parquet(small_city, root, partition_by="veteran", buckets=4)


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    """A local cluster of two single-threaded worker processes, shared by this module."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            # any free port: the scheduler's HTTP server (its /metrics route) starts even
            # without a dashboard, on 8787 by default, which a second cluster on the machine
            # (another test run) would hold, and the port warning is an error here
            dashboard_address=":0",
            silence_logs=50,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


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


def test_a_two_worker_cluster_scores_like_one_process(
    folder: Path, small_city: Caseload, client: distributed.Client
) -> None:
    expected = _single_process(folder)
    assert len(expected) == len(small_city.placements)
    lazy = score_dataset(folder, market=MARKET, as_of=DEFAULT_AS_OF)
    assert lazy.npartitions == 4
    assert len(client.scheduler_info()["workers"]) == 2
    got = _sorted(lazy.compute())
    pd.testing.assert_frame_equal(got, expected)


def test_a_two_worker_cluster_gives_the_rates_of_one_process(
    folder: Path, small_city: Caseload, client: distributed.Client
) -> None:
    tables = read_tables(folder, columns=RATE_COLUMNS)
    sources = [tables[k] for k in ("veterans", "enrolments", "placements", "earnings")]
    expected = (
        placement_rate(
            tables["veterans"],
            tables["placements"],
            ventures=tables["ventures"],
            include_ventures=True,
            as_of=DEFAULT_AS_OF,
        ),
        employment_rate_after_exit(*sources, ventures=tables["ventures"], as_of=DEFAULT_AS_OF),
        retention_with_same_employer(*sources, ventures=tables["ventures"], as_of=DEFAULT_AS_OF),
        employment_rate_after_exit(
            *sources,
            ventures=tables["ventures"],
            contacts=tables["contacts"],
            responses=tables["responses"],
            rule="contacts",
        ),
    )
    lazy = (
        placement_rate_dataset(folder, include_ventures=True, as_of=DEFAULT_AS_OF),
        employment_rate_after_exit_dataset(folder, as_of=DEFAULT_AS_OF),
        retention_with_same_employer_dataset(folder, as_of=DEFAULT_AS_OF),
        # exits evaluated on the whole folder's data cutoff, found by a first pass
        employment_rate_after_exit_dataset(folder, rule="contacts"),
    )
    workers = set(client.scheduler_info()["workers"])
    assert len(workers) == 2
    with distributed.get_task_stream(client) as stream:
        got = dask.compute(*lazy)  # on the cluster: the client is the default scheduler
    # one task per rate and bucket (keys: ("<rate>-<token>", bucket)), and for the data
    # cutoff one per bucket ("<rate>-cutoff-<token>", bucket), all run by the workers
    buckets = [task for task in stream.data if isinstance(task["key"], tuple)]
    assert len([task for task in buckets if "-cutoff-" not in task["key"][0]]) == 4 * 4
    assert len(buckets) == 4 * 4 + 4
    assert {task["worker"] for task in buckets} <= workers
    assert got == expected  # every field: counts, excluded veterans, interval, descriptions
    objects = (
        metrics.placement_rate(small_city, include_ventures=True, as_of=DEFAULT_AS_OF),
        metrics.employment_rate_after_exit(small_city, as_of=DEFAULT_AS_OF),
        metrics.retention_with_same_employer(small_city, as_of=DEFAULT_AS_OF),
        metrics.employment_rate_after_exit(small_city, rule="contacts"),
    )
    assert got == objects
    for estimate in got:
        assert estimate.excluded
        assert 0 < estimate.numerator < estimate.denominator


def test_unknown_facts_and_unscorable_placements_per_bucket(
    small_city: Caseload, tmp_path: Path
) -> None:
    """Issue 13: a bucket with placements that cannot be scored (an employer missing, a start
    before the market tables) and facts not recorded scores them as rows with reason codes,
    like score_table on the whole tables and the object path; no partition fails."""
    from datetime import date

    from attrs import evolve

    from veteran_services.scoring import score_caseload

    placements = []
    for index, p in enumerate(small_city.placements):
        if index % 4 == 0:
            p = evolve(p, contract=None, insurance=None)
        elif index % 4 == 1:
            p = evolve(p, occupation=None, occupation_title="保安员")
        elif index % 25 == 2:
            p = evolve(p, employer_id="no-such-employer")
        elif index % 25 == 3:
            p = evolve(p, started_on=date(2010, 1, 4), ended_on=p.ended_on and date(2011, 1, 4))
        placements.append(p)
    caseload = small_city.replace(placements=placements)
    folder = write_parquet(caseload, tmp_path / "broken", partition_by="veteran", buckets=3)
    got = _sorted(
        score_dataset(folder, market=MARKET, as_of=DEFAULT_AS_OF).compute(scheduler="sync")
    )
    pd.testing.assert_frame_equal(got, _single_process(folder))
    expected = score_caseload(caseload, market=MARKET, as_of=DEFAULT_AS_OF)
    assert list(got["reason"].astype(object).where(got["reason"].notna(), None)) == [
        s.reason_code for s in expected
    ]
    assert {"no_market_data", "unknown_employer"} <= set(got["reason"].dropna())
