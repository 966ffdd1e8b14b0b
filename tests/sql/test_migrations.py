"""The tables' migrations: Alembic revisions per schema version, sql.upgrade, alembic's CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

sa = pytest.importorskip("sqlalchemy")
pytest.importorskip("alembic")

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from alembic.config import main as alembic_main  # noqa: E402

from veteran_services import io, synthetic  # noqa: E402
from veteran_services.errors import InvalidInputError  # noqa: E402
from veteran_services.model import RECORD_KINDS, Caseload  # noqa: E402
from veteran_services.scoring import SCORE_DIGITS, LabourMarket, score_caseload  # noqa: E402
from veteran_services.sql import (  # noqa: E402
    SCRIPT_LOCATION,
    metadata,
    read_caseload,
    upgrade,
    write_caseload,
)
from veteran_services.sql._layout import layout  # noqa: E402
from veteran_services.sql._rows import encode_record  # noqa: E402

DATA = Path(__file__).parent.parent / "data"
V1_FOLDER = DATA / "v1-caseload"


def _alembic(url: str, revision: str, *, down: bool = False, schema: str | None = None) -> None:
    """Run the package's revisions up (or down) to *revision* on the database at *url*."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", SCRIPT_LOCATION)
            config.attributes["connection"] = connection
            config.attributes["schema"] = schema
            (command.downgrade if down else command.upgrade)(config, revision)
    finally:
        engine.dispose()


def _structure(url: str, schema: str | None = None) -> dict[str, Any]:
    """What a database's caseload tables are, as its own catalogue describes them."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            inspector = sa.inspect(connection)
            found: dict[str, Any] = {}
            for name in sorted(inspector.get_table_names(schema=schema)):
                if name == "alembic_version":
                    continue
                columns = inspector.get_columns(name, schema=schema)
                keys = inspector.get_foreign_keys(name, schema=schema)
                checks = inspector.get_check_constraints(name, schema=schema)
                indexes = inspector.get_indexes(name, schema=schema)
                unique = inspector.get_unique_constraints(name, schema=schema)
                found[name] = {
                    "columns": sorted((c["name"], str(c["type"]), c["nullable"]) for c in columns),
                    "primary_key": inspector.get_pk_constraint(name, schema=schema)[
                        "constrained_columns"
                    ],
                    "foreign_keys": sorted(
                        (tuple(f["constrained_columns"]), f["referred_table"]) for f in keys
                    ),
                    "checks": sorted((c["name"], " ".join(c["sqltext"].split())) for c in checks),
                    "indexes": sorted((i["name"], tuple(i["column_names"])) for i in indexes),
                    "unique": sorted(tuple(u["column_names"]) for u in unique),
                }
            return found
    finally:
        engine.dispose()


def _schemas(url: str, *names: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            for name in names:
                connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    finally:
        engine.dispose()


def test_the_revisions_give_the_tables_of_metadata(db_url: str, tmp_path: Path) -> None:
    """v1 upgraded to the newest revision is what metadata() creates. When the model gains a
    fact in the unreleased version 3, add it to migrations/versions/v3_venture_facts.py."""
    if db_url.startswith("sqlite"):
        upgraded_url, fresh_url = db_url, f"sqlite:///{tmp_path / 'fresh.db'}"
        upgraded_schema = fresh_schema = None
    else:
        upgraded_url = fresh_url = db_url
        upgraded_schema, fresh_schema = "upgraded", "fresh"
        _schemas(db_url, "upgraded", "fresh")
    _alembic(upgraded_url, "v1", schema=upgraded_schema)
    _alembic(upgraded_url, "head", schema=upgraded_schema)
    engine = sa.create_engine(fresh_url)
    metadata(fresh_schema).create_all(engine)
    engine.dispose()
    upgraded = _structure(upgraded_url, upgraded_schema)
    fresh = _structure(fresh_url, fresh_schema)
    assert sorted(upgraded) == sorted(fresh)
    for name in fresh:
        assert upgraded[name] == fresh[name], name


def _write_v1(url: str, caseload: Caseload) -> None:
    """A version-1 database: the v1 tables holding *caseload*'s rows (the columns v1 has)."""
    _alembic(url, "v1")
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            tables = sa.MetaData()
            tables.reflect(connection)
            for kind in RECORD_KINDS:
                rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in layout(kind).walk()}
                for seq, record in enumerate(caseload.records(kind)):
                    encode_record(layout(kind), io.to_dict(record), seq, rows)
                for name, found in rows.items():
                    if name not in tables.tables:
                        assert not found, name
                        continue
                    table = tables.tables[name]
                    kept = [{k: v for k, v in row.items() if k in table.c} for row in found]
                    if kept:
                        connection.execute(sa.insert(table), kept)
    finally:
        engine.dispose()


def test_a_v1_database_upgraded_scores_as_the_v1_folder(db_url: str) -> None:
    caseload = io.read_caseload(V1_FOLDER)
    _write_v1(db_url, caseload)
    with pytest.raises(InvalidInputError, match=r"version 1, older .*sql\.upgrade\(engine\)"):
        read_caseload(db_url)
    with pytest.raises(InvalidInputError, match=r"sql\.upgrade\(engine\)"):
        write_caseload(caseload, db_url, mode="append")
    assert upgrade(db_url) == io.SCHEMA_VERSION
    back = read_caseload(db_url)
    for kind in RECORD_KINDS:
        assert back.records(kind) == caseload.records(kind), kind
    golden = json.loads((DATA / "v1-scores.json").read_text(encoding="utf-8"))
    as_of = date.fromisoformat(golden["as_of"])
    scores = score_caseload(back, market=LabourMarket.nanjing(), as_of=as_of)
    assert [s.placement_id for s in scores] == [w["placement_id"] for w in golden["scores"]]
    assert [s.value for s in scores] == pytest.approx(
        [w["value"] for w in golden["scores"]],
        abs=0.5 * 10.0**-SCORE_DIGITS,  # rounded
    )
    assert [s.reason for s in scores] == [w["reason"] for w in golden["scores"]]
    # written, read and upgraded again: nothing to do
    assert upgrade(db_url) == io.SCHEMA_VERSION
    assert read_caseload(db_url, kinds=["placements"]).placements == caseload.placements


def test_the_revisions_go_down_and_up_again(db_url: str) -> None:
    caseload = io.read_caseload(V1_FOLDER)
    _write_v1(db_url, caseload)
    upgrade(db_url)
    _alembic(db_url, "v1", down=True)
    with pytest.raises(InvalidInputError, match="version 1"):
        read_caseload(db_url)
    upgrade(db_url)
    assert read_caseload(db_url).placements == caseload.placements


def test_written_tables_are_at_the_newest_revision(sqlite_url: str, tmp_path: Path) -> None:
    city = synthetic.sample_city(veterans=30)
    write_caseload(city, sqlite_url)
    ini = tmp_path / "alembic.ini"
    ini.write_text(
        f"[alembic]\nscript_location = {SCRIPT_LOCATION}\nsqlalchemy.url = {sqlite_url}\n",
        encoding="utf-8",
    )
    engine = sa.create_engine(sqlite_url)
    with engine.connect() as connection:
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    engine.dispose()
    assert revision == f"v{io.SCHEMA_VERSION}"
    alembic_main(["-c", str(ini), "upgrade", "head"])  # the command line: nothing to do
    assert read_caseload(sqlite_url).placements == city.placements


def test_the_alembic_command_line_upgrades_a_v1_database(sqlite_url: str, tmp_path: Path) -> None:
    caseload = io.read_caseload(V1_FOLDER)
    _write_v1(sqlite_url, caseload)
    ini = tmp_path / "alembic.ini"
    ini.write_text(
        f"[alembic]\nscript_location = {SCRIPT_LOCATION}\nsqlalchemy.url = {sqlite_url}\n",
        encoding="utf-8",
    )
    alembic_main(["-c", str(ini), "upgrade", "head"])
    assert read_caseload(sqlite_url).placements == caseload.placements


def test_upgrade_refuses_a_database_without_tables(sqlite_url: str) -> None:
    with pytest.raises(InvalidInputError, match="no caseload tables to upgrade"):
        upgrade(sqlite_url)


def test_tables_made_with_metadata_alone_are_upgraded_from_their_version(
    sqlite_url: str,
) -> None:
    engine = sa.create_engine(sqlite_url)
    metadata().create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            sa.insert(metadata().tables["schema_version"]),
            {"id": 1, "version": 3, "library_version": "x", "updated_at": "now"},
        )
    engine.dispose()
    assert upgrade(sqlite_url) == 3
    assert read_caseload(sqlite_url) == Caseload()


def test_tables_in_a_postgresql_schema(postgres_url: str) -> None:
    _schemas(postgres_url, "caseload data", "old")
    city = synthetic.sample_city(veterans=30)
    write_caseload(city, postgres_url, schema="caseload data")
    assert read_caseload(postgres_url, schema="caseload data").placements == city.placements
    with pytest.raises(InvalidInputError, match="no caseload tables"):
        read_caseload(postgres_url)
    assert upgrade(postgres_url, schema="caseload data") == io.SCHEMA_VERSION
    caseload = io.read_caseload(V1_FOLDER)
    _alembic(postgres_url, "v1", schema="old")
    assert upgrade(postgres_url, schema="old") == io.SCHEMA_VERSION
    write_caseload(caseload, postgres_url, schema="old", mode="append")
    assert read_caseload(postgres_url, schema="old").placements == caseload.placements
