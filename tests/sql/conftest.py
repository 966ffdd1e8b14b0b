"""Databases for the sql tests: SQLite files, and a throwaway PostgreSQL cluster.

The PostgreSQL server is Debian's (``/usr/lib/postgresql/<version>/bin``, or wherever
``initdb`` is on the PATH, or ``VETERAN_SERVICES_PG_BIN``): ``initdb`` makes a cluster in a
temporary folder, ``pg_ctl`` starts it on a free port listening only on a unix socket in that
folder, and stops it at the end of the session. As root the server runs as the ``postgres``
user. Without the binaries the PostgreSQL tests are skipped, saying why (``.ci/run`` installs
the ``postgresql`` package; under CI their absence fails the tests).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

sa = pytest.importorskip("sqlalchemy")


@attrs.frozen
class Server:
    """A running PostgreSQL server: its socket folder and port."""

    socket_dir: str
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={self.port}"


def _pg_bin() -> Path | None:
    given = os.environ.get("VETERAN_SERVICES_PG_BIN")
    if given:
        return Path(given)
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if versions:
        return Path(versions[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """A throwaway PostgreSQL cluster for the session (skipped without the server's binaries)."""
    binaries = _pg_bin()
    if binaries is None or not (binaries / "initdb").exists():
        reason = (
            "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: "
            "apt-get install postgresql, or set VETERAN_SERVICES_PG_BIN"
        )
        if os.environ.get("CI"):  # .ci/run installs them: their absence is a failure there
            pytest.fail(reason)
        pytest.skip(reason)
    prefix: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="vs-pg-"))
    if os.geteuid() == 0:  # initdb refuses to run as root
        runuser = shutil.which("runuser")
        try:
            shutil.chown(base, user="postgres")
        except (LookupError, OSError):
            runuser = None
        if runuser is None:
            shutil.rmtree(base, ignore_errors=True)
            pytest.skip("running as root without a 'postgres' user to run the server as")
        prefix = [runuser, "-u", "postgres", "--"]
    data = base / "data"
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    try:
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
        port = _free_port()
        options = f"-p {port} -k {base} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
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
    except subprocess.CalledProcessError as error:
        log = (base / "log").read_text() if (base / "log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {error.stderr}\n{log}")
    try:
        yield Server(str(base), port)
    finally:
        subprocess.run(  # noqa: S603 - fixed arguments
            [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            check=False,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: Server) -> Iterator[str]:
    """The URL of a new, empty database on the session's server (dropped afterwards)."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_server.url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield postgres_server.url(name)
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The URL of a new SQLite database file."""
    return f"sqlite:///{tmp_path / 'caseload.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """A new, empty database: SQLite, then PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))
