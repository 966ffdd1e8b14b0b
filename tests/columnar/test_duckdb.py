"""columnar.connect: SQL over a Parquet caseload folder, one DuckDB view per record kind."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")

from veteran_services import columnar, synthetic  # noqa: E402
from veteran_services.errors import InvalidInputError, RecordError  # noqa: E402
from veteran_services.model import RECORD_KINDS, Caseload  # noqa: E402


@pytest.fixture(scope="module")
def city() -> Caseload:
    return synthetic.sample_city(veterans=150)


@pytest.mark.parametrize("partition_by", [None, "veteran"])
def test_one_view_per_kind_with_every_record(
    tmp_path: Path, city: Caseload, partition_by: str | None
) -> None:
    columnar.write_parquet(city, tmp_path, partition_by=partition_by, buckets=4)  # type: ignore[arg-type]
    with columnar.connect(tmp_path, threads=1) as db:
        views = {row[0] for row in db.execute("SELECT view_name FROM duckdb_views()").fetchall()}
        assert set(RECORD_KINDS) <= views
        for kind in RECORD_KINDS:
            (count,) = db.execute(f"SELECT count(*) FROM {kind}").fetchone()  # noqa: S608
            assert count == len(city.records(kind)), kind


def test_columns_and_values_follow_the_layout(tmp_path: Path, city: Caseload) -> None:
    columnar.write_parquet(city, tmp_path, partition_by="veteran", buckets=3)
    with columnar.connect(tmp_path) as db:
        rows = db.execute(
            'SELECT id, "monthly_wage.amount", insurance FROM placements ORDER BY position'
        ).fetchall()
        assert [r[0] for r in rows] == [p.id for p in city.placements]
        wages = [
            None if p.monthly_wage is None else str(p.monthly_wage.amount) for p in city.placements
        ]
        assert [r[1] for r in rows] == wages
        assert [None if r[2] is None else frozenset(r[2]) for r in rows] == [
            p.insurance for p in city.placements
        ]


def test_a_join_across_buckets(tmp_path: Path, city: Caseload) -> None:
    columnar.write_parquet(city, tmp_path, partition_by="veteran", buckets=4)
    with columnar.connect(tmp_path) as db:
        found = dict(
            db.execute(
                "SELECT v.region, count(*) FROM placements p JOIN veterans v "
                "ON p.veteran_id = v.id GROUP BY v.region"
            ).fetchall()
        )
    region = {v.id: v.region for v in city.veterans}
    assert found == dict(Counter(region[p.veteran_id] for p in city.placements))


def test_answers_unnest(tmp_path: Path, city: Caseload) -> None:
    columnar.write_parquet(city, tmp_path)
    with columnar.connect(tmp_path) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM (SELECT UNNEST(answers) AS a FROM responses)"
        ).fetchone()
    assert count == sum(len(r.answers) for r in city.responses)


def test_a_folder_without_a_manifest_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match=r"manifest\.json: missing"):
        columnar.connect(tmp_path)
    with pytest.raises(FileNotFoundError):
        columnar.connect(tmp_path / "nowhere")


def test_a_missing_file_is_named(tmp_path: Path, city: Caseload) -> None:
    columnar.write_parquet(city, tmp_path)
    (tmp_path / "placements.parquet").unlink()
    with pytest.raises(FileNotFoundError, match=r"placements\.parquet"):
        columnar.connect(tmp_path)


def test_a_quote_in_the_folder_name_is_only_a_name(tmp_path: Path, city: Caseload) -> None:
    folder = tmp_path / "it's'); DROP VIEW veterans; --"
    columnar.write_parquet(city, folder)
    with columnar.connect(folder) as db:
        (count,) = db.execute("SELECT count(*) FROM veterans").fetchone()
    assert count == len(city.veterans)


def test_bad_threads_are_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="'threads'"):
        columnar.connect(tmp_path, threads=0)
