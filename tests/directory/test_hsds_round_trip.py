"""Round trips through the HSDS package, stable ids, atomic writes and the errors of reading."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veteran_services import strategies as vs
from veteran_services.directory import (
    CSV_FILES,
    DATAPACKAGE,
    NAMESPACE,
    hsds_id,
    read_hsds,
    to_hsds,
    write_hsds,
)
from veteran_services.errors import InvalidInputError, RecordError
from veteran_services.model import (
    Caseload,
    CredentialKind,
    Money,
    Programme,
    ProgrammeKind,
    ProviderKind,
    TrainingProvider,
)

XUANWU = TrainingProvider(
    id="培训机构01",
    name="玄武区退役军人职业技能培训中心",
    kind=ProviderKind.PUBLIC_TRAINING_CENTRE,
    region="320102",
    contracted=True,
)
ELECTRICIANS = Programme(
    id="项目 01",
    provider_id="培训机构01",
    title="电工（中级）培训班",
    kind=ProgrammeKind.VOCATIONAL,
    target_occupations={"7411", "7412"},
    credential=CredentialKind.SKILL_LEVEL_CERTIFICATE,
    hours=120,
    cost=Money(amount=Decimal("123456789012.3456")),
)


@pytest.mark.parametrize("form", ["csv", "json"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sample_city_round_trip(city: Caseload, tmp_path: Path, form: str, lang: str) -> None:
    folder = write_hsds(tmp_path / "directory", city, form=form, lang=lang)  # type: ignore[arg-type]
    providers, programmes = read_hsds(folder)
    assert providers == city.providers
    assert programmes == city.programmes


@st.composite
def directories(draw: st.DrawFn) -> tuple[list[TrainingProvider], list[Programme]]:
    providers = draw(st.lists(vs.providers(), min_size=1, max_size=4, unique_by=lambda p: p.id))
    owners = st.sampled_from([provider.id for provider in providers])
    programmes = draw(
        st.lists(
            owners.flatmap(lambda owner: vs.programmes(provider_id=owner)),
            max_size=6,
            unique_by=lambda p: p.id,
        )
    )
    return providers, programmes


@settings(max_examples=40)
@given(
    directory=directories(),
    form=st.sampled_from(["csv", "json"]),
    lang=st.sampled_from(["zh", "en"]),
    bom=st.booleans(),
)
def test_drawn_directories_round_trip(
    directory: tuple[list[TrainingProvider], list[Programme]], form: str, lang: str, bom: bool
) -> None:
    providers, programmes = directory
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "directory"
        write_hsds(folder, providers, programmes, form=form, lang=lang, bom=bom)  # type: ignore[arg-type]
        assert read_hsds(folder) == (tuple(providers), tuple(programmes))


@pytest.mark.parametrize("form", ["csv", "json"])
def test_chinese_names_survive_as_utf8(tmp_path: Path, form: str) -> None:
    folder = write_hsds(tmp_path / "d", [XUANWU], [ELECTRICIANS], form=form)  # type: ignore[arg-type]
    name = "organizations.csv" if form == "csv" else "organizations.json"
    data = (folder / name).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "玄武区退役军人职业技能培训中心".encode() in data
    assert read_hsds(folder) == ((XUANWU,), (ELECTRICIANS,))


def test_the_exact_amount_survives_the_json_number(tmp_path: Path) -> None:
    folder = write_hsds(tmp_path / "d", [XUANWU], [ELECTRICIANS], form="json")
    services = json.loads((folder / "services.json").read_text(encoding="utf-8"))
    assert services[0]["cost_options"][0]["amount"] == pytest.approx(123456789012.3456)
    (programme,) = read_hsds(folder)[1]
    assert programme.cost == Money(amount=Decimal("123456789012.3456"))


def test_a_bom_is_written_only_when_asked(tmp_path: Path) -> None:
    folder = write_hsds(tmp_path / "d", [XUANWU], [ELECTRICIANS], bom=True)
    for name in CSV_FILES.values():
        assert (folder / name).read_bytes().startswith(b"\xef\xbb\xbfid,"), name
    manifest = json.loads((folder / DATAPACKAGE).read_text(encoding="utf-8"))
    assert {resource["encoding"] for resource in manifest["resources"]} == {"utf-8-sig"}
    assert read_hsds(folder) == ((XUANWU,), (ELECTRICIANS,))


def test_descriptions_follow_lang() -> None:
    zh = to_hsds([XUANWU], [ELECTRICIANS], lang="zh")
    en = to_hsds([XUANWU], [ELECTRICIANS], lang="en")
    assert zh.rows("organization")[0]["description"] == (
        "公共实训基地，位于玄武区，退役军人事务部门定点承训机构。"
    )
    assert en.rows("organization")[0]["description"] == (
        "Public training centre in Xuanwu District, contracted by the veterans affairs bureau."
    )
    assert zh.rows("location")[0]["name"] == "玄武区"
    assert "120学时" in zh.rows("service")[0]["description"]
    assert "120 hours" in en.rows("service")[0]["description"]


# --- ids ---------------------------------------------------------------------------------


def test_the_namespace_is_documented_and_ids_are_pinned() -> None:
    assert uuid.uuid5(uuid.NAMESPACE_URL, "urn:veteran-services:hsds-3") == NAMESPACE
    assert hsds_id("organization", "TP01") == "63358df9-444a-5fd2-b4d4-129bb0bc5002"
    assert hsds_id("organization", "TP01") == str(uuid.uuid5(NAMESPACE, "organization:TP01"))


def test_ids_do_not_depend_on_names_lang_or_order(city: Caseload) -> None:
    first = to_hsds(city, lang="zh")
    renamed = city.replace(
        providers=tuple(
            TrainingProvider(
                id=p.id, name=p.name + " (new)", kind=p.kind, region=p.region, contracted=False
            )
            for p in reversed(city.providers)
        )
    )
    second = to_hsds(renamed, lang="en")
    for table in ("organization", "location", "program", "service", "taxonomy"):
        assert {row["id"] for row in first.rows(table)} == {row["id"] for row in second.rows(table)}


def test_writing_twice_gives_the_same_bytes(city: Caseload, tmp_path: Path) -> None:
    for form in ("csv", "json"):
        one = write_hsds(tmp_path / f"{form}-1", city, form=form)
        two = write_hsds(tmp_path / f"{form}-2", city, form=form)
        names = sorted(path.name for path in one.iterdir())
        assert names == sorted(path.name for path in two.iterdir())
        for name in names:
            assert (one / name).read_bytes() == (two / name).read_bytes(), name


# --- writing -----------------------------------------------------------------------------


def test_an_existing_folder_is_replaced_only_when_asked(tmp_path: Path) -> None:
    folder = write_hsds(tmp_path / "d", [XUANWU], [ELECTRICIANS])
    with pytest.raises(InvalidInputError, match="overwrite=True") as caught:
        write_hsds(folder, [XUANWU], [])
    assert caught.value.argument == "folder"
    assert read_hsds(folder)[1] == (ELECTRICIANS,)
    write_hsds(folder, [XUANWU], [], overwrite=True)
    assert read_hsds(folder) == ((XUANWU,), ())
    write_hsds(folder, [XUANWU], [], form="json", overwrite=True)
    assert sorted(path.name for path in folder.iterdir())[0] == "organizations.json"


def test_a_folder_with_other_files_is_never_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"notes\.txt"):
        write_hsds(folder, [XUANWU], [], overwrite=True)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_empty_folder_is_filled(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    write_hsds(folder, [XUANWU], [])
    assert read_hsds(folder) == ((XUANWU,), ())


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(InvalidInputError, match="symbolic link"):
        write_hsds(link, [XUANWU], [])
    assert list(real.iterdir()) == []


@pytest.mark.parametrize(
    ("call", "argument", "message"),
    [
        (lambda f: write_hsds(f, [XUANWU], [], form="xml"), "form", "'csv' or 'json'"),  # type: ignore[arg-type]
        (lambda f: write_hsds(f, [XUANWU], [], lang="fr"), "lang", "'en' or 'zh', got 'fr'"),  # type: ignore[arg-type]
        (lambda f: write_hsds(f, [ELECTRICIANS]), "records", "TrainingProvider"),  # type: ignore[list-item]
        (lambda f: write_hsds(f, [XUANWU], [XUANWU]), "programmes", "Programme"),  # type: ignore[list-item]
        (lambda f: write_hsds(f, [XUANWU, XUANWU], []), "records", "unique ids"),
        (lambda f: write_hsds(f, [], [ELECTRICIANS]), "programmes", "'项目 01'"),
        (lambda f: write_hsds(f, "TP01"), "records", "an iterable or a HsdsPackage, got 'TP01'"),  # type: ignore[arg-type]
        (lambda f: write_hsds(f, Caseload(), [ELECTRICIANS]), "programmes", "left out"),
    ],
)
def test_bad_arguments_are_refused_by_name(
    tmp_path: Path, call: object, argument: str, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message) as caught:
        call(tmp_path / "d")  # type: ignore[operator]
    assert caught.value.argument == argument
    assert not (tmp_path / "d").exists()


# --- reading -----------------------------------------------------------------------------


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def test_a_broken_package_reports_every_problem(tmp_path: Path) -> None:
    folder = write_hsds(tmp_path / "d", [XUANWU], [ELECTRICIANS], lang="en")
    organizations = _rows(folder / "organizations.csv")
    organizations[1][organizations[0].index("description")] = ""
    _write_rows(folder / "organizations.csv", organizations)
    attributes = _rows(folder / "attributes.csv")
    header = attributes[0]
    kept = [header]
    for row in attributes[1:]:
        if row[header.index("value")] == "项目 01":
            continue  # the programme's library id
        if row[header.index("link_type")] == "hours":
            row[header.index("value")] = "120.5"
        kept.append(row)
    _write_rows(folder / "attributes.csv", kept)
    with pytest.raises(RecordError) as caught:
        read_hsds(folder)
    problems = caught.value.problems
    assert len(problems) == 3, problems
    assert problems[0] == (
        "organizations.csv row 2, column 'description': required by HSDS 3 but empty or missing"
    )
    assert problems[1].startswith("services.csv row 2, column 'id': no attribute links this")
    assert "'programme_id'" in problems[1]
    assert problems[2].startswith("attributes.csv row ")
    assert problems[2].endswith("column 'value': hours must be a whole number, got '120.5'")


def test_a_broken_json_package_names_the_json_path(tmp_path: Path) -> None:
    folder = write_hsds(tmp_path / "d", [XUANWU], [ELECTRICIANS], form="json")
    path = folder / "services.json"
    services = json.loads(path.read_text(encoding="utf-8"))
    services[0]["attributes"] = [
        attribute for attribute in services[0]["attributes"] if attribute["link_type"] != "kind"
    ]
    del services[0]["status"]
    path.write_text(json.dumps(services, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        read_hsds(folder)
    assert caught.value.problems == (
        "services.json $[0], column 'status': required by HSDS 3 but empty or missing",
        (
            "services.json $[0], column 'id': no attribute links this service to a term of "
            "the taxonomy 'veteran-services programme kinds' (its ProgrammeKind)"
        ),
    )


def test_an_hsds_package_without_the_library_attributes_is_reported(tmp_path: Path) -> None:
    """Another publisher's package: extra columns are fine, missing library ids are named."""
    folder = tmp_path / "other"
    folder.mkdir()
    org, program = str(uuid.uuid4()), str(uuid.uuid4())
    _write_rows(
        folder / "organizations.csv",
        [["id", "name", "description", "x_local_code"], [org, "Some centre", "A centre", "A1"]],
    )
    _write_rows(
        folder / "services.csv",
        [["id", "organization_id", "name", "status"], [program, org, "Welding", "active"]],
    )
    with pytest.raises(RecordError) as caught:
        read_hsds(folder)
    problems = caught.value.problems
    assert [problem.partition(",")[0] for problem in problems] == [
        "organizations.csv row 2",
        "organizations.csv row 2",
        "organizations.csv row 2",
        "services.csv row 2",
        "services.csv row 2",
    ]
    assert "'provider_id'" in problems[0]
    assert "GB/T 2260" in problems[2]


def test_terms_are_recognised_by_their_taxonomy_name(tmp_path: Path) -> None:
    """A package built elsewhere with its own ids but the library's taxonomy names reads."""
    folder = tmp_path / "other"
    folder.mkdir()
    org, location, term_id, term_kind = (str(uuid.uuid4()) for _ in range(4))
    _write_rows(
        folder / "organizations.csv", [["id", "name", "description"], [org, "某中心", "中心"]]
    )
    _write_rows(
        folder / "locations.csv",
        [
            [
                "id",
                "location_type",
                "organization_id",
                "external_identifier",
                "external_identifier_type",
            ],
            [location, "physical", org, "320104", "GB/T 2260"],
        ],
    )
    _write_rows(
        folder / "taxonomy_terms.csv",
        [
            ["id", "code", "name", "description", "taxonomy"],
            [term_id, "provider_id", "id", "id", "veteran-services fields"],
            [term_kind, "ngo", "NGO", "NGO", "veteran-services provider kinds"],
        ],
    )
    _write_rows(
        folder / "attributes.csv",
        [
            ["id", "link_id", "taxonomy_term_id", "link_entity", "value"],
            [str(uuid.uuid4()), org, term_id, "organization", "P9"],
            [str(uuid.uuid4()), org, term_kind, "organization", ""],
        ],
    )
    providers, programmes = read_hsds(folder)
    assert providers == (
        TrainingProvider(id="P9", name="某中心", kind=ProviderKind.NGO, region="320104"),
    )
    assert programmes == ()


def test_a_folder_without_a_package_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="not an HSDS 3 package"):
        read_hsds(tmp_path)
    with pytest.raises(InvalidInputError, match="existing folder"):
        read_hsds(tmp_path / "missing")


def test_a_region_outside_the_registry_keeps_its_code(tmp_path: Path) -> None:
    far = TrainingProvider(id="X1", name="Far away", kind=ProviderKind.NGO, region="999999")
    package = to_hsds([far], [])
    assert package.rows("location")[0]["name"] == "999999"
    for form in ("csv", "json"):
        folder = write_hsds(tmp_path / form, package, form=form)
        assert read_hsds(folder) == ((far,), ())


def test_the_package_rows_are_read_only() -> None:
    package = to_hsds([XUANWU], [ELECTRICIANS])
    row = package.rows("organization")[0]
    with pytest.raises(TypeError):
        row["name"] = "changed"  # type: ignore[index]
    with pytest.raises(InvalidInputError, match="'table' must be one of"):
        package.rows("organizations")


def test_wrong_codes_repeated_ids_and_two_costs_are_each_reported(tmp_path: Path) -> None:
    second = TrainingProvider(id="TP2", name="二号", kind=ProviderKind.NGO, region="320104")
    folder = write_hsds(tmp_path / "d", [XUANWU, second], [ELECTRICIANS], lang="en")
    terms = _rows(folder / "taxonomy_terms.csv")
    code = terms[0].index("code")
    for row in terms[1:]:
        if row[code] == "ngo":
            row[code] = "charity"
    _write_rows(folder / "taxonomy_terms.csv", terms)
    attributes = _rows(folder / "attributes.csv")
    value = attributes[0].index("value")
    for row in attributes[1:]:
        if row[value] == "TP2":
            row[value] = "培训机构01"
    _write_rows(folder / "attributes.csv", attributes)
    costs = _rows(folder / "cost_options.csv")
    extra = list(costs[1])
    extra[0] = str(uuid.uuid4())
    _write_rows(folder / "cost_options.csv", [*costs, extra])
    with pytest.raises(RecordError) as caught:
        read_hsds(folder)
    problems = caught.value.problems
    assert len(problems) == 3, problems
    assert problems[0].endswith("the id '培训机构01' is also the id of organizations.csv row 2")
    assert "the term's code 'charity' is not a ProviderKind" in problems[1]
    assert problems[2].startswith("services.csv row 2: 2 cost options (cost_options.csv row 2;")


def test_a_json_file_that_is_not_a_list_is_reported(tmp_path: Path) -> None:
    folder = write_hsds(tmp_path / "d", [XUANWU], [ELECTRICIANS], form="json")
    (folder / "services.json").write_text("{}", encoding="utf-8")
    with pytest.raises(RecordError, match=r"services\.json: must hold a list of service objects"):
        read_hsds(folder)
