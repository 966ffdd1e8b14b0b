"""The command line with databases: export between folders and databases, import into one,
every command reading one; the folders' never-overwrite rules; no password in any output."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")

from veteran_services import cli, io, synthetic
from veteran_services.model import Caseload
from veteran_services.sql import read_caseload, write_caseload

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"


@pytest.fixture(scope="module")
def city() -> Caseload:
    return synthetic.sample_city(veterans=60)


@pytest.fixture
def folder(city: Caseload, tmp_path: Path) -> Path:
    return io.write_caseload(city, tmp_path / "city", include_personal=True)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def test_export_a_folder_to_a_database_and_back(
    db_url: str, folder: Path, city: Caseload, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "export", str(folder), "--out", db_url, "--include-personal")
    assert status == 0
    assert "Exported 60 veterans" in out
    assert read_caseload(db_url) == city
    back = tmp_path / "back"
    status, out, _ = _run(capsys, "export", db_url, "--out", str(back), "--include-personal")
    assert status == 0
    assert io.read_caseload(back) == city


def test_a_database_is_never_written_over_unless_asked(
    db_url: str, folder: Path, city: Caseload, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "export", str(folder), "--out", db_url)
    status, _, err = _run(capsys, "export", str(folder), "--out", db_url)
    assert status == 2
    assert "already holds caseload tables and is left as it is" in err
    status, out, err = _run(capsys, "export", str(folder), "--out", db_url, "--merge")
    assert status == 1
    assert "is already in the database" in out + err
    small = io.write_caseload(Caseload(veterans=city.veterans[:3]), folder.parent / "small")
    status, _, _ = _run(capsys, "export", str(small), "--out", db_url, "--replace")
    assert status == 0
    assert len(read_caseload(db_url).veterans) == 3


def test_a_folder_is_never_written_over_unless_asked(
    sqlite_url: str, city: Caseload, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_caseload(city, sqlite_url)
    status, _, err = _run(capsys, "export", sqlite_url, "--out", str(folder))
    assert status == 2
    assert "exists and is left as it is" in err
    status, out, err = _run(capsys, "export", sqlite_url, "--out", str(folder), "--merge")
    assert status == 1
    assert "nothing was overwritten" in out + err


def test_import_a_ledger_into_a_database(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = str(EXAMPLES / "ledger.xlsx")
    status, out, _ = _run(capsys, "import", ledger, "--out", sqlite_url)
    assert status == 0
    assert f"into {sqlite_url}" in out
    assert len(read_caseload(sqlite_url).placements) == 32
    status, _, err = _run(capsys, "import", ledger, "--out", sqlite_url)
    assert status == 2
    assert "left as it is" in err
    status, out, err = _run(capsys, "import", ledger, "--out", sqlite_url, "--merge")
    assert status == 1
    assert "already in the database" in out + err
    assert len(read_caseload(sqlite_url).placements) == 32


def test_commands_read_a_database(
    sqlite_url: str, city: Caseload, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_caseload(city, sqlite_url)
    # a database is read by the object engine (a folder by default by the columnar one,
    # which names itself in the output): the same engine on both, the same output
    from_folder = _run(capsys, "score", str(folder), "--as-of", "2025-12-31", "--engine", "objects")
    from_database = _run(capsys, "score", sqlite_url, "--as-of", "2025-12-31")
    assert from_database == from_folder
    assert from_database[0] == 0


def test_a_password_never_shows(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql://caseworker:s3cret-Pa55@127.0.0.1:1/nowhere?connect_timeout=2"
    for argv in (
        ("export", str(folder), "--out", url),
        ("export", url, "--out", str(folder.parent / "out")),
        ("score", url),
    ):
        status, out, err = _run(capsys, *argv)
        assert status == 2, argv
        assert "s3cret-Pa55" not in out + err
        assert "***" in err
