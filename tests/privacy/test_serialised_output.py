"""Nothing that identifies a person survives pseudonymisation into written files.

The pseudonymised sample city is written with the interchange writers (a caseload folder, the
CSV kinds); then every original id, name, identity number, phone number, venture name and
free-text answer is searched for as a string in every written file: in the raw text of CSV
files, and in every string, key and number JSON files decode to (so an escaped ``\\u738b``
cannot hide a name).

The same search over the original city written with ``include_personal=True`` must find every
one of them: the search is shown to work, so its finding nothing is meaningful.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from veteran_services import Caseload, TextScale, io, synthetic
from veteran_services.privacy import PREFIXES, pseudonymise

KEY = bytes.fromhex("14a885688f1d5fae1f1675b0b018107a510ce7c4fa7cde7296d330057e02b7b2")


@pytest.fixture(scope="module")
def city() -> Caseload:
    return synthetic.generate(veterans=100, seed=synthetic.SAMPLE_SEED)


def sensitive(city: Caseload) -> set[str]:
    """Every string that must not survive pseudonymisation."""
    values: set[str] = set()
    for kind in PREFIXES:
        values.update(record.id for record in city.records(kind))
    for veteran in city.veterans:
        if veteran.personal is not None:
            for value in (
                veteran.personal.name,
                veteran.personal.national_id,
                veteran.personal.phone,
            ):
                if value is not None:
                    values.add(value)
    values.update(venture.name for venture in city.ventures)
    free = {
        (i.id, i.version, q.id) for i in city.instruments for q in i.questions
        if isinstance(q.scale, TextScale)
    }  # fmt: skip
    for response in city.responses:
        for answer in response.answers:
            key = (response.instrument_id, response.instrument_version, answer.question_id)
            if key in free and isinstance(answer.value, str):
                values.add(answer.value)
    return values


def _decoded(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _decoded(item)
    elif isinstance(value, list):
        for item in value:
            yield from _decoded(item)
    elif value is not None:
        yield str(value)


def written_text(folder: Path) -> str:
    """All text of every file under *folder*: the raw text of each file that is not JSON,
    and every distinct string, key and number a JSON file decodes to."""
    parts: set[str] = set()
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8-sig")
        if path.suffix == ".json":
            parts.update(_decoded(json.loads(text)))
        elif path.suffix == ".jsonl":
            for line in text.splitlines():
                if line.strip():
                    parts.update(_decoded(json.loads(line)))
        else:
            parts.add(text)
    return "\n".join(sorted(parts))


def write_everything(caseload: Caseload, folder: Path, *, include_personal: bool) -> None:
    io.write_caseload(caseload, folder / "caseload", include_personal=include_personal)
    (folder / "csv").mkdir()
    for kind, cls in io.CSV_KINDS.items():
        io.write_csv(
            folder / "csv" / f"{kind}.csv",
            caseload.records(kind),
            cls=cls,
            include_personal=include_personal,
        )


def test_the_search_finds_everything_in_the_original(city: Caseload, tmp_path: Path) -> None:
    write_everything(city, tmp_path, include_personal=True)
    text = written_text(tmp_path)
    missing = sorted(value for value in sensitive(city) if value not in text)
    assert missing == []


def test_nothing_identifying_survives_pseudonymisation(city: Caseload, tmp_path: Path) -> None:
    values = sensitive(city)
    assert len(values) > 1000  # ids of every kind, names, numbers, phones, free text
    shared = pseudonymise(city, key=KEY)
    # Asking for personal details changes nothing: pseudonymisation dropped them.
    write_everything(shared, tmp_path, include_personal=True)
    text = written_text(tmp_path)
    found = sorted(value for value in values if value in text)
    assert found == []


def test_writers_leave_personal_details_out_unless_asked(city: Caseload, tmp_path: Path) -> None:
    personal = {
        value
        for veteran in city.veterans
        if veteran.personal is not None
        for value in (veteran.personal.name, veteran.personal.national_id, veteran.personal.phone)
        if value is not None
    }
    assert len(personal) > 250
    write_everything(city, tmp_path, include_personal=False)
    text = written_text(tmp_path)
    assert sorted(value for value in personal if value in text) == []
    for kind in ("veterans", "contacts"):  # the rest is written as usual
        assert city.records(kind)[0].id in text
    # Nor do the single-record functions.
    for veteran in city.veterans[:20]:
        assert veteran.personal is not None
        for dumped in (io.dumps(veteran), json.dumps(io.to_dict(veteran), ensure_ascii=False)):
            assert veteran.personal.name not in dumped
            assert veteran.personal.national_id not in dumped
            assert veteran.personal.phone not in dumped
