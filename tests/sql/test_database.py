"""Caseloads in SQLite and PostgreSQL: round trips, modes, all-or-nothing, problems, filters."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings

sa = pytest.importorskip("sqlalchemy")

from veteran_services import io, strategies, synthetic  # noqa: E402
from veteran_services.errors import InvalidInputError, RecordError  # noqa: E402
from veteran_services.model import RECORD_KINDS, Caseload, ContractType, Money  # noqa: E402
from veteran_services.sql import (  # noqa: E402
    IdClashError,
    _write,
    iter_records,
    metadata,
    read_caseload,
    write_caseload,
)


@pytest.fixture(scope="module")
def city() -> Caseload:
    return synthetic.sample_city(veterans=120)


def _same(left: Caseload, right: Caseload) -> None:
    for kind in RECORD_KINDS:
        assert left.records(kind) == right.records(kind), kind


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every caseload table the database has (for "left as it was")."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            names = set(sa.inspect(connection).get_table_names())
            found = {}
            for table in metadata().sorted_tables:
                if table.name in names:
                    rows = connection.execute(sa.select(table)).all()
                    found[table.name] = sorted(rows, key=repr)
            return found
    finally:
        engine.dispose()


def test_sample_city_round_trip(db_url: str, city: Caseload) -> None:
    summary = write_caseload(city, db_url, include_personal=True)
    assert summary.inserted["placements"] == len(city.placements)
    _same(read_caseload(db_url), city)


def test_personal_details_are_left_out_unless_asked(db_url: str, city: Caseload) -> None:
    write_caseload(city, db_url)
    back = read_caseload(db_url, kinds=["veterans"])
    assert all(v.personal is None for v in back.veterans)
    assert back.veterans == tuple(attrs.evolve(v, personal=None) for v in city.veterans)


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _storable(caseload: Caseload, url: str) -> bool:
    """Whether every value fits a database column: whole numbers within 64 bits (an answer
    may be any whole number), and on PostgreSQL text without NUL characters."""
    postgres = url.startswith("postgresql")
    for kind in RECORD_KINDS:
        for record in caseload.records(kind):
            for value in _leaves(io.to_dict(record, include_personal=True)):
                if type(value) is int and not -(2**63) <= value < 2**63:
                    return False
                if postgres and type(value) is str and "\x00" in value:
                    return False
    return True


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(caseload=strategies.caseloads(max_veterans=4))
def test_hypothesis_round_trip(db_url: str, caseload: Caseload) -> None:
    assume(_storable(caseload, db_url))
    write_caseload(caseload, db_url, mode="replace", include_personal=True)
    _same(read_caseload(db_url), caseload)


def test_what_no_column_holds_is_refused_before_writing(db_url: str, city: Caseload) -> None:
    write_caseload(city, db_url)
    before = snapshot(db_url)
    response = next(r for r in city.responses if r.answers)
    huge = attrs.evolve(
        response,
        id="R-huge",
        answers=(attrs.evolve(response.answers[0], value=2**70), *response.answers[1:]),
    )
    with pytest.raises(RecordError) as caught:
        write_caseload(Caseload(responses=(huge,)), db_url, mode="append")
    problem = caught.value.problems[0]
    assert problem.startswith("responses_answers owner_id='R-huge' position=0 column value_integer")
    assert "64 bits" in problem
    assert snapshot(db_url) == before
    if db_url.startswith("postgresql"):
        text = (attrs.evolve(response.answers[0], value="a\x00b"), *response.answers[1:])
        nul = attrs.evolve(response, id="R-nul", answers=text)
        with pytest.raises(RecordError, match="NUL character"):
            write_caseload(Caseload(responses=(nul,)), db_url, mode="append")
        assert snapshot(db_url) == before


def _placement(city: Caseload, **changes: Any) -> Any:
    return attrs.evolve(city.placements[0], **changes)


def test_unknown_and_none_stay_apart(db_url: str, city: Caseload) -> None:
    unknown = _placement(city, id="unknown", insurance=None, contract=None)
    none = _placement(
        city, id="none", insurance=frozenset(), contract=ContractType.NONE, contract_months=None
    )
    write_caseload(Caseload(placements=(unknown, none)), db_url)
    back = {p.id: p for p in read_caseload(db_url).placements}
    assert back["unknown"].insurance is None
    assert back["none"].insurance == frozenset()
    assert back["unknown"].contract is None
    assert back["none"].contract is ContractType.NONE
    engine = sa.create_engine(db_url)
    with engine.connect() as connection:
        rows = dict(
            connection.exec_driver_sql(
                "SELECT id, insurance_count FROM placements ORDER BY id"
            ).all()
        )
    engine.dispose()
    assert rows == {"none": 0, "unknown": None}


def test_money_keeps_every_digit(db_url: str, city: Caseload) -> None:
    wage = Money.of("5292.50")
    placement = _placement(city, monthly_wage=wage, weekly_hours=Decimal("40.000"))
    write_caseload(Caseload(placements=(placement,)), db_url)
    back = read_caseload(db_url).placements[0]
    assert str(back.monthly_wage.amount) == "5292.50"
    assert str(back.weekly_hours) == "40.000"
    engine = sa.create_engine(db_url)
    with engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT monthly_wage_amount FROM placements").scalar()
    engine.dispose()
    assert str(stored) == "5292.50"


def test_create_never_writes_over_tables(db_url: str, city: Caseload) -> None:
    write_caseload(city, db_url)
    before = snapshot(db_url)
    with pytest.raises(InvalidInputError, match="already has caseload tables"):
        write_caseload(city, db_url)
    assert snapshot(db_url) == before


def test_append_reports_every_clash_and_writes_nothing(db_url: str, city: Caseload) -> None:
    first = Caseload(placements=city.placements[:10])
    write_caseload(first, db_url)
    before = snapshot(db_url)
    second = Caseload(placements=city.placements[5:20])
    with pytest.raises(IdClashError) as caught:
        write_caseload(second, db_url, mode="append")
    assert len(caught.value.problems) == 5
    assert caught.value.problems[0].startswith(f"placements id={city.placements[5].id!r}")
    assert snapshot(db_url) == before
    write_caseload(Caseload(placements=city.placements[10:20]), db_url, mode="append")
    assert read_caseload(db_url).placements == city.placements[:20]


def test_append_reports_the_clashes_of_every_kind(db_url: str, city: Caseload) -> None:
    write_caseload(city, db_url)
    before = snapshot(db_url)
    again = Caseload(veterans=city.veterans[:2], placements=city.placements[:3])
    with pytest.raises(IdClashError) as caught:
        write_caseload(again, db_url, mode="append")
    assert [p.file for p in caught.value.problems] == ["veterans"] * 2 + ["placements"] * 3
    assert snapshot(db_url) == before


def test_append_refuses_ids_used_twice_in_the_caseload(db_url: str, city: Caseload) -> None:
    write_caseload(Caseload(), db_url)
    twice = Caseload(placements=(city.placements[0], city.placements[0]))
    with pytest.raises(IdClashError, match="more than once"):
        write_caseload(twice, db_url, mode="append")


def test_merge_counts_what_changed(db_url: str, city: Caseload) -> None:
    write_caseload(city, db_url, include_personal=True)
    changed = attrs.evolve(city.placements[3], occupation_title="new title")
    extra = attrs.evolve(city.placements[0], id="P-new")
    merged = Caseload(
        placements=(*city.placements[:3], changed, extra),
        earnings=city.earnings[:2],
    )
    summary = write_caseload(merged, db_url, mode="merge", include_personal=True)
    assert summary.unchanged == {"placements": 3, "earnings": 2}
    assert summary.updated == {"placements": 1}
    assert summary.inserted == {"placements": 1}
    assert summary.changed == 2
    back = read_caseload(db_url)
    assert back.placements[3] == changed
    assert back.placements[-1] == extra
    assert len(back.placements) == len(city.placements) + 1
    assert back.veterans == city.veterans


def test_merge_replaces_an_earnings_cell(db_url: str, city: Caseload) -> None:
    write_caseload(city, db_url)
    first = city.earnings[0]
    richer = attrs.evolve(first, amount=Money.of("99999.99"))
    summary = write_caseload(Caseload(earnings=(richer,)), db_url, mode="merge")
    assert summary.updated == {"earnings": 1}
    back = read_caseload(db_url, kinds=["earnings"]).earnings
    assert len(back) == len(city.earnings)
    assert richer in back
    assert first not in back


def test_replace_writes_anew(db_url: str, city: Caseload) -> None:
    write_caseload(city, db_url)
    small = Caseload(veterans=city.veterans[:2])
    write_caseload(small, db_url, mode="replace", include_personal=True)
    _same(read_caseload(db_url), small)


def test_append_and_merge_need_tables(db_url: str, city: Caseload) -> None:
    with pytest.raises(InvalidInputError, match="mode='create' first"):
        write_caseload(city, db_url, mode="append")


def test_a_refused_row_in_the_last_batch_leaves_the_database_as_it_was(
    db_url: str, city: Caseload, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_caseload(Caseload(veterans=city.veterans), db_url)
    before = snapshot(db_url)
    last = city.placements[-1].id
    encode = _write.encode_record

    def spoil(table: Any, data: Any, seq: int, out: Any) -> None:
        if table.kind == "placements" and data["id"] == last:
            data = {**data, "contract": "not-a-contract"}  # the CHECK constraint refuses it
        encode(table, data, seq, out)

    monkeypatch.setattr(_write, "encode_record", spoil)
    rest = attrs.evolve(city, veterans=())
    with pytest.raises(RecordError, match="refused a row, nothing was written"):
        write_caseload(rest, db_url, mode="append", batch_size=7)
    assert snapshot(db_url) == before
    with pytest.raises(RecordError, match="refused a row, nothing was written"):
        write_caseload(city, db_url, mode="replace", batch_size=7)
    assert snapshot(db_url) == before


def test_a_failed_create_leaves_no_tables(
    db_url: str, city: Caseload, monkeypatch: pytest.MonkeyPatch
) -> None:
    encode = _write.encode_record

    def spoil(table: Any, data: Any, seq: int, out: Any) -> None:
        if table.kind == "responses":
            data = {**data, "disposition": "lost"}
        encode(table, data, seq, out)

    monkeypatch.setattr(_write, "encode_record", spoil)
    with pytest.raises(RecordError):
        write_caseload(city, db_url, batch_size=50)
    assert snapshot(db_url) == {}


def test_two_concurrent_appends_with_clashing_ids(db_url: str, city: Caseload) -> None:
    write_caseload(Caseload(), db_url)
    ours = Caseload(placements=city.placements[:40])
    theirs = Caseload(placements=city.placements[30:70])
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def append(name: str, caseload: Caseload) -> None:
        barrier.wait()
        try:
            outcomes[name] = write_caseload(caseload, db_url, mode="append", batch_size=5)
        except IdClashError as error:
            outcomes[name] = error

    threads = [
        threading.Thread(target=append, args=("ours", ours)),
        threading.Thread(target=append, args=("theirs", theirs)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    errors = [o for o in outcomes.values() if isinstance(o, IdClashError)]
    assert len(outcomes) == 2
    assert len(errors) == 1
    assert len(errors[0].problems) == 10
    winner = "theirs" if isinstance(outcomes["ours"], IdClashError) else "ours"
    expected = ours if winner == "ours" else theirs
    assert read_caseload(db_url).placements == expected.placements


INJECTIONS = (
    "'; DROP TABLE placements; --",
    'x"); DELETE FROM veterans; --',
    "1' OR '1'='1",
    "Robert'); DROP TABLE students;--",
    "\\'; SELECT pg_sleep(10); --",
    "%s %(id)s ? :id $1",
)


def test_sql_injection_strings_are_stored_as_text(db_url: str, city: Caseload) -> None:
    records: dict[str, list[Any]] = {kind: [] for kind in RECORD_KINDS}
    for n, text in enumerate(INJECTIONS):
        vet = attrs.evolve(city.veterans[0], id=f"{text}{n}")
        employer = attrs.evolve(city.employers[0], id=f"E{text}{n}", name=text)
        provider = attrs.evolve(city.providers[0], id=f"T{text}{n}", name=text)
        programme = attrs.evolve(
            city.programmes[0], id=f"G{text}{n}", provider_id=provider.id, title=text
        )
        placement = attrs.evolve(
            city.placements[0],
            id=f"P{text}{n}",
            veteran_id=vet.id,
            employer_id=employer.id,
            occupation_title=text,
            enrolment_id=f"N{text}",
        )
        records["veterans"].append(vet)
        records["employers"].append(employer)
        records["providers"].append(provider)
        records["programmes"].append(programme)
        records["placements"].append(placement)
    caseload = Caseload(**{k: tuple(v) for k, v in records.items()})
    write_caseload(caseload, db_url, include_personal=True)
    _same(read_caseload(db_url), caseload)
    for text in INJECTIONS:
        found = read_caseload(db_url, where={"occupation_title": text})
        assert [p.occupation_title for p in found.placements] == [text]
    assert read_caseload(db_url, where={"veteran_id": "' OR 1=1 --"}).placements == ()
    assert len(snapshot(db_url)) == len(metadata().tables)


def test_problems_name_table_key_and_column(db_url: str, city: Caseload) -> None:
    write_caseload(city, db_url)
    placement = city.placements[0]
    veteran = city.veterans[0]
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE placements SET monthly_wage_currency = 'cny' WHERE id = :id"),
            {"id": placement.id},
        )
        connection.execute(
            sa.text("UPDATE veterans_service SET disability_rating = 500 WHERE owner_id = :id"),
            {"id": veteran.id},
        )
    engine.dispose()
    with pytest.raises(RecordError) as caught:
        read_caseload(db_url)
    problems = caught.value.problems
    assert len(problems) == 2
    by_table = {p.file: p for p in problems}
    assert by_table["placements"].startswith(
        f"placements id={placement.id!r} column monthly_wage_currency: "
    )
    assert by_table["placements"].column == "monthly_wage_currency"
    assert by_table["veterans_service"].startswith(
        f"veterans_service owner_id={veteran.id!r} position=0 column disability_rating: "
    )
    assert "500" in by_table["veterans_service"]


def test_a_veterans_records_are_a_filtered_query(db_url: str, city: Caseload) -> None:
    write_caseload(city, db_url)
    vid = city.placements[0].veteran_id
    mine = read_caseload(db_url, where={"veteran_id": vid})
    assert mine.placements == tuple(p for p in city.placements if p.veteran_id == vid)
    assert mine.responses == tuple(r for r in city.responses if r.veteran_id == vid)
    assert mine.veterans == ()
    district = city.veterans[0].region
    local = read_caseload(db_url, where={"region": [district]}, kinds=["veterans"])
    assert [v.id for v in local.veterans] == [v.id for v in city.veterans if v.region == district]


def test_iter_records_streams_in_chunks(db_url: str, city: Caseload) -> None:
    write_caseload(city, db_url)
    assert tuple(iter_records(db_url, "responses", chunk_size=7)) == city.responses
    assert tuple(iter_records(db_url, "instruments", chunk_size=1)) == city.instruments


def test_bad_arguments_are_named(sqlite_url: str, city: Caseload) -> None:
    with pytest.raises(InvalidInputError, match="'mode' must be 'create', 'append', 'merge' or"):
        write_caseload(city, sqlite_url, mode="upsert")  # type: ignore[arg-type]
    write_caseload(Caseload(), sqlite_url)
    with pytest.raises(InvalidInputError, match="has no column 'nope'"):
        read_caseload(sqlite_url, where={"nope": 1}, kinds=["veterans"])
    with pytest.raises(InvalidInputError, match="'kind' must be one of"):
        iter_records(sqlite_url, "people")


def test_an_older_schema_version_is_refused_naming_the_upgrade(db_url: str) -> None:
    write_caseload(Caseload(), db_url)
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE schema_version SET version = 2"))
    engine.dispose()
    with pytest.raises(InvalidInputError, match=r"sql\.upgrade\(engine\)"):
        read_caseload(db_url)


def test_a_password_never_shows(city: Caseload) -> None:
    url = "postgresql://someone:s3cret-Pa55@127.0.0.1:1/nowhere?connect_timeout=2"
    with pytest.raises(InvalidInputError) as caught:
        write_caseload(city, url)
    assert "s3cret-Pa55" not in str(caught.value)
    assert "***" in str(caught.value)


def _expected_columns(
    table: str, fields: list[Any], tables: dict[str, set[str]], found: dict[str, set[str]]
) -> None:
    """The columns the columnar layout's *fields* (Arrow fields) give *table*, and its
    children's: dots become underscores, a list a count column and a child table."""
    pa = pytest.importorskip("pyarrow")
    own = found.setdefault(table, set())
    for field in fields:
        name = field.name.replace(".", "_")
        if pa.types.is_list(field.type):
            own.add(f"{name}_count")
            child = f"{table}_{name}"
            value = field.type.value_type
            if pa.types.is_struct(value):
                _expected_columns(child, list(value), tables, found)
            else:
                found.setdefault(child, set()).add("value")
        else:
            own.add(name)


def test_the_tables_follow_the_columnar_layout() -> None:
    """One layout: every table's columns are the columnar layout's (dots as underscores),
    with a child table and a count column for each list; nothing else but keys and order."""
    columnar = pytest.importorskip("veteran_services.columnar")
    tables = {t.name: {c.name for c in t.c} for t in metadata().sorted_tables}
    for kind in RECORD_KINDS:
        found: dict[str, set[str]] = {}
        fields = list(columnar.arrow_schema(kind, include_personal=True))
        _expected_columns(kind, fields, tables, found)
        for table, columns in found.items():
            keys = {c for c in tables[table] if c == "seq" or c.startswith("owner_")}
            keys |= {c for c in tables[table] if c == "position" or c.endswith("_position")}
            assert tables[table] - keys == columns - keys, table
        assert {t for t in tables if t == kind or t.startswith(f"{kind}_")} == set(found), kind


KILLED_WRITER = """
import sys, time
from veteran_services import synthetic
from veteran_services.sql import _write, write_caseload

insert = _write._Writer.insert

def slow(self, *args, **kwargs):
    insert(self, *args, **kwargs)
    print("batch", flush=True)
    time.sleep(0.3)

_write._Writer.insert = slow
write_caseload(synthetic.sample_city(veterans=120), sys.argv[1], mode="append", batch_size=10)
print("finished", flush=True)
"""


def test_a_killed_writer_leaves_the_database_as_it_was(db_url: str, city: Caseload) -> None:
    write_caseload(Caseload(), db_url)
    before = snapshot(db_url)
    batches = 0
    with subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, "-c", KILLED_WRITER, db_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            assert line.strip() == "batch", line
            batches += 1
            if batches == 3:
                break
        process.kill()
        process.wait(timeout=60)
    assert batches == 3
    assert snapshot(db_url) == before
    write_caseload(city, db_url, mode="append")  # no lock left behind
    assert read_caseload(db_url).placements == city.placements
