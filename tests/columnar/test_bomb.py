"""A Parquet file that unpacks to far more than its size is refused unread (issue 16: no input
of at most 1 MB costs more than 2 s of CPU in any reader)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from veteran_services.columnar import read_file, read_parquet, to_arrow, write_parquet  # noqa: E402
from veteran_services.errors import RecordError  # noqa: E402
from veteran_services.synthetic import generate  # noqa: E402

ROWS = 20_000_000


def _bomb(path: Path) -> Path:
    pq.write_table(pa.table({"id": pa.repeat(pa.scalar("V1"), ROWS)}), path)
    return path


def test_a_decompression_bomb_is_refused_unread(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "veterans.parquet")
    assert path.stat().st_size < 1_000_000  # twenty million rows in under a megabyte
    start = time.process_time()
    with pytest.raises(RecordError, match=r"claims 20,000,000 rows in [0-9,]+ bytes"):
        read_file(path)
    assert time.process_time() - start < 2.0


def test_a_bomb_inside_a_folder_is_named_and_real_files_still_read(tmp_path: Path) -> None:
    city = generate(veterans=20, seed=1)
    folder = write_parquet(city, tmp_path / "city", include_personal=True)
    assert read_parquet(folder) == city  # real files pass the bound
    _bomb(folder / "veterans.parquet")
    with pytest.raises(RecordError, match=r"veterans\.parquet: claims 20,000,000 rows"):
        read_parquet(folder)
    assert to_arrow(city)["veterans"].num_rows == 20
