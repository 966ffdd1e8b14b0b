"""Benchmark: caseloads in PostgreSQL and SQLite (issue 24), and DuckDB over Parquet folders.

For the sample city (``generate(veterans=N, seed=1)``):

- ``write: ours``: ``sql.write_caseload(city, url)`` (mode ``create``: the tables, every row
  in one transaction, ``COPY`` in batches of 2,000 records);
- ``write: bare COPY``: the same rows (encoded beforehand, not timed) into the same empty
  tables with psycopg's ``COPY ... FROM STDIN`` (PostgreSQL only): the floor;
- ``read: ours``: ``sql.read_caseload(url)``, every row back through the model's validation;
- ``read: folder``: ``io.read_caseload(folder)`` of the same caseload as a JSON Lines folder;
- ``join: duckdb`` and ``join: pyarrow``: the main job's join of placements with their
  veterans (placements per region) over a Parquet folder, through ``columnar.connect`` and
  through ``pyarrow`` tables (``Table.join`` and ``group_by``).

The database read is written once and ``VACUUM ANALYZE``-d (untimed) before its reads, as
autovacuum would leave it a minute after the load, so that the reads measure reading.

PostgreSQL: a throwaway cluster (``initdb``, ``pg_ctl``; Debian's binaries under
``/usr/lib/postgresql/*/bin``) in a temporary folder, stopped at the end, or ``--url``. Wall
time, best of ``--rounds``; ours and its baseline run in turn (ours, baseline, ours, ...)
and the ratio is the median of the rounds' ratios, so that a change of load between rounds
moves both sides. ``--no-sqlite`` leaves SQLite out. Run:
``python benchmarks/bench_sql.py [--veterans 100000]``; results and method in
benchmarks/README.md ("Databases").
"""

from __future__ import annotations

import argparse
import gc
import glob
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from veteran_services import __version__, columnar, io
from veteran_services.io import KIND_CLASSES
from veteran_services.sql import _layout as sql_layout
from veteran_services.sql import metadata, read_caseload, write_caseload
from veteran_services.sql._rows import encode_record
from veteran_services.synthetic import generate


@contextmanager
def postgres() -> Iterator[str]:
    """The URL of a database on a throwaway PostgreSQL cluster."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        sys.exit("no PostgreSQL binaries: apt-get install postgresql, or give --url")
    binaries = Path(found[-1]).parent
    base = Path(tempfile.mkdtemp(prefix="vs-bench-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, user="postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data = base / "data"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = {"check": True, "capture_output": True}
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            *prefix,
            str(binaries / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ],
        **run,
    )
    options = f"-p {port} -k {base} -c listen_addresses=''"
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            *prefix,
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(base / "log"),
            "-w",
            "-o",
            options,
            "start",
        ],
        **run,
    )
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={base}&port={port}"
    finally:
        subprocess.run(  # noqa: S603 - fixed arguments
            [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


def settled(url: str) -> None:
    """``VACUUM ANALYZE`` the freshly written database, untimed: the state autovacuum
    reaches a minute or so after a bulk load (hint bits set, visibility map and planner
    statistics made), in which a database is read; without it the first reads race
    autovacuum for the machine and their queries are planned without statistics."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql("VACUUM (ANALYZE)")
    engine.dispose()


def fresh_database(server: str) -> str:
    """A new empty database on the server of *server* (a URL)."""
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return server.replace("/postgres?", f"/{name}?")


def best(rounds: int, setup: Callable[[], Any], work: Callable[[Any], Any]) -> float:
    """The best wall time of *work* over *rounds* (each after an untimed *setup*)."""
    times = []
    for _ in range(rounds):
        state = setup()
        start = time.perf_counter()
        work(state)
        times.append(time.perf_counter() - start)
    return min(times)


def paired(
    rounds: int,
    ours: tuple[Callable[[], Any], Callable[[Any], Any]],
    base: tuple[Callable[[], Any], Callable[[Any], Any]],
) -> tuple[float, float, float, float, float]:
    """*ours* and *base* in turn, *rounds* times each (each after its untimed setup): the
    best wall time of each, the median of the per-round ratios of wall time, and the best
    CPU time of each (this process only; the server's time is in the wall time)."""
    walls: list[list[float]] = [[], []]
    cpus: list[list[float]] = [[], []]
    for _ in range(rounds):
        for side, (setup, work) in enumerate((ours, base)):
            state = setup()
            gc.collect()
            start, cpu = time.perf_counter(), time.process_time()
            work(state)
            walls[side].append(time.perf_counter() - start)
            cpus[side].append(time.process_time() - cpu)
    ratio = statistics.median(a / b for a, b in zip(*walls, strict=True))
    return min(walls[0]), min(walls[1]), ratio, min(cpus[0]), min(cpus[1])


def encoded_rows(city: Any) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in metadata().sorted_tables}
    for kind in KIND_CLASSES:
        top = sql_layout.layout(kind)
        for seq, record in enumerate(city.records(kind)):
            encode_record(top, io.to_dict(record), seq, rows)
    return rows


def bare_copy(url: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    """COPY every table's rows, in one transaction (the tables exist and are empty)."""
    engine = sa.create_engine(url)
    tables = metadata().tables
    with engine.begin() as connection:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for table in metadata().sorted_tables:
            found = rows.get(table.name)
            if not found:
                continue
            names = [c.name for c in tables[table.name].c]
            columns = ", ".join(f'"{n}"' for n in names)
            with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                for row in found:
                    copy.write_row([row.get(n) for n in names])
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--veterans", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--url", help="a PostgreSQL server's URL (default: a throwaway one)")
    parser.add_argument("--no-sqlite", action="store_true", help="leave SQLite out")
    args = parser.parse_args()
    print(
        f"python {platform.python_version()}, veteran-services {__version__}, sqlalchemy "
        f"{sa.__version__}, {platform.machine()}, load {os.getloadavg()[0]:.1f}"
    )
    start = time.perf_counter()
    city = generate(veterans=args.veterans, seed=1)
    counts = {kind: len(city.records(kind)) for kind in KIND_CLASSES}
    print(
        f"sample city of {args.veterans:,} veterans ({time.perf_counter() - start:.0f} s): "
        f"{sum(counts.values()):,} records"
    )
    work = Path(tempfile.mkdtemp(prefix="vs-bench-sql-"))
    folder = io.write_caseload(city, work / "folder")
    rows = encoded_rows(city)
    print(f"{sum(len(r) for r in rows.values()):,} rows in {len(rows)} tables")
    figures: dict[str, float] = {}
    cpu: dict[str, float] = {}
    ratios: dict[str, float] = {}
    with postgres() if args.url is None else _given(args.url) as server:

        def empty_tables() -> str:
            url = fresh_database(server)
            engine = sa.create_engine(url)
            metadata().create_all(engine)
            engine.dispose()
            return url

        names = ("write: ours (PostgreSQL)", "write: bare COPY (PostgreSQL)")
        found = paired(
            args.rounds,
            (lambda: fresh_database(server), lambda url: write_caseload(city, url)),
            (empty_tables, lambda url: bare_copy(url, rows)),
        )
        figures[names[0]], figures[names[1]], ratios["write"] = found[:3]
        cpu[names[0]], cpu[names[1]] = found[3:]
        stored = fresh_database(server)
        write_caseload(city, stored)
        settled(stored)
        print(f"load before the reads {os.getloadavg()[0]:.1f}")
        names = ("read: ours (PostgreSQL)", "read: folder (JSON Lines)")
        found = paired(
            args.rounds,
            (lambda: stored, lambda url: read_caseload(url)),
            (lambda: folder, lambda path: io.read_caseload(path)),
        )
        figures[names[0]], figures[names[1]], ratios["read"] = found[:3]
        cpu[names[0]], cpu[names[1]] = found[3:]
        figures["read: ours, cattrs path (fast=False)"] = best(
            1, lambda: stored, lambda url: read_caseload(url, fast=False)
        )

    def sqlite_file() -> str:
        return f"sqlite:///{work / uuid.uuid4().hex}.db"

    if not args.no_sqlite:
        figures["write: ours (SQLite)"] = best(
            args.rounds, sqlite_file, lambda url: write_caseload(city, url)
        )
        lite = sqlite_file()
        write_caseload(city, lite)
        figures["read: ours (SQLite)"] = best(args.rounds, lambda: lite, read_caseload)
    parquet = columnar.write_parquet(city, work / "parquet", partition_by="veteran", buckets=8)
    figures["join: duckdb"] = best(args.rounds * 3, lambda: parquet, duckdb_join)
    figures["join: pyarrow"] = best(args.rounds * 3, lambda: parquet, pyarrow_join)
    for name, seconds in figures.items():
        spent = f"  (CPU {cpu[name]:6.2f} s)" if name in cpu else ""
        print(f"{name:40s} {seconds:8.2f} s{spent}")
    print(
        f"write: ours / bare COPY = {ratios['write']:.2f}× (median of {args.rounds} paired "
        f"rounds; best against best "
        f"{figures['write: ours (PostgreSQL)'] / figures['write: bare COPY (PostgreSQL)']:.2f}×)"
    )
    print(
        f"read: ours (PostgreSQL) / folder = {ratios['read']:.2f}× (median of {args.rounds} "
        f"paired rounds; best against best "
        f"{figures['read: ours (PostgreSQL)'] / figures['read: folder (JSON Lines)']:.2f}×)"
    )
    print(f"join: duckdb / pyarrow = {figures['join: duckdb'] / figures['join: pyarrow']:.2f}×")
    print(f"load at the end {os.getloadavg()[0]:.1f}")
    shutil.rmtree(work, ignore_errors=True)


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url


def duckdb_join(folder: Path) -> Any:
    with columnar.connect(folder) as db:
        return db.execute(
            "SELECT v.region, count(*) FROM placements p JOIN veterans v "
            "ON p.veteran_id = v.id GROUP BY v.region"
        ).fetchall()


def pyarrow_join(folder: Path) -> Any:
    tables = columnar.read_tables(
        folder,
        kinds=("placements", "veterans"),
        columns={"placements": ["veteran_id"], "veterans": ["id", "region"]},
    )
    placements = tables["placements"].select(["veteran_id"])
    veterans = tables["veterans"].select(["id", "region"])
    joined = placements.join(veterans, "veteran_id", "id")
    return joined.group_by("region").aggregate([("veteran_id", "count")]).to_pylist()


if __name__ == "__main__":
    main()
