"""The caseload: lookups by id and the cross-record check (issue 2, item 5)."""

from __future__ import annotations

import pickle
import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, NamedTuple

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veteran_services import (
    RECORD_KINDS,
    Answer,
    Caseload,
    ContractType,
    Credential,
    CredentialKind,
    Disposition,
    EarningsRecord,
    Employer,
    Enrolment,
    EnrolmentOutcome,
    Instrument,
    LegalForm,
    LikertScale,
    Money,
    Ownership,
    Placement,
    Problem,
    ProblemCode,
    Programme,
    ProgrammeKind,
    Quarter,
    Question,
    ServiceContact,
    Severity,
    SkillGain,
    SkillGainKind,
    SurveyResponse,
    TrainingProvider,
    Venture,
    Veteran,
)
from veteran_services.errors import InvalidCaseloadError, InvalidInputError, UnknownRecordError
from veteran_services.model import ContactKind, ProviderKind
from veteran_services.strategies import caseloads
from veteran_services.synthetic import generate

# Ids with "!" never come out of the strategies or the sample city: planted records are new.
NEW = "planted!"
MISSING = "missing!"


# --- a small hand-made caseload with every record kind ----------------------------------------


def _hand_made() -> Caseload:
    from veteran_services import Branch, RankCategory, ServicePeriod, Sex

    veteran = Veteran(
        id="V1",
        sex=Sex.FEMALE,
        region="320115",
        service=(
            ServicePeriod(
                branch=Branch.ARMY,
                rank=RankCategory.NCO,
                start=date(2012, 9, 1),
                end=date(2020, 8, 31),
            ),
        ),
        birth_date=date(1994, 3, 4),
    )
    return Caseload(
        veterans=(veteran,),
        providers=(
            TrainingProvider(
                id="T1",
                name="Jiangning Centre",
                kind=ProviderKind.PUBLIC_TRAINING_CENTRE,
                region="320115",
            ),
        ),
        programmes=(
            Programme(id="P1", provider_id="T1", title="Forklift", kind=ProgrammeKind.VOCATIONAL),
        ),
        enrolments=(
            Enrolment(
                id="N1",
                veteran_id="V1",
                programme_id="P1",
                enrolled_on=date(2020, 10, 1),
                ended_on=date(2020, 12, 1),
                outcome=EnrolmentOutcome.COMPLETED,
            ),
        ),
        employers=(
            Employer(
                id="E1",
                name="Lakeside Logistics",
                industry="H",
                region="320115",
                ownership=Ownership.PRIVATE,
            ),
        ),
        placements=(
            Placement(
                id="J1",
                veteran_id="V1",
                employer_id="E1",
                occupation="8344",
                started_on=date(2021, 1, 4),
                enrolment_id="N1",
            ),
        ),
        ventures=(
            Venture(
                id="B1",
                founder_ids=("V1",),
                name="Lakeside Tea",
                legal_form=LegalForm.INDIVIDUAL_BUSINESS,
                industry="I",
                region="320115",
                registered_on=date(2022, 1, 1),
            ),
        ),
        earnings=(
            EarningsRecord(
                veteran_id="V1",
                employer_id="E1",
                quarter=Quarter(year=2021, quarter=1),
                amount=Money.of("13500.00"),
            ),
        ),
        contacts=(
            ServiceContact(
                id="C1",
                veteran_id="V1",
                occurred_on=date(2020, 9, 15),
                kind=ContactKind.REGISTRATION,
            ),
        ),
        instruments=(
            Instrument(
                id="FU",
                version=1,
                title="Follow-up",
                questions=(Question(id="q1", text="Satisfied?", scale=LikertScale(points=5)),),
            ),
        ),
        responses=(
            SurveyResponse(
                id="R1",
                instrument_id="FU",
                instrument_version=1,
                veteran_id="V1",
                disposition=Disposition.COMPLETE,
                placement_id="J1",
                wave_months=3,
                collected_on=date(2021, 4, 4),
                answers=(Answer(question_id="q1", value=4),),
            ),
        ),
    )


HAND_MADE = _hand_made()


# --- lookups ----------------------------------------------------------------------------------


def test_lookups_by_id() -> None:
    c = HAND_MADE
    assert c.veteran("V1") is c.veterans[0]
    assert c.provider("T1") is c.providers[0]
    assert c.programme("P1") is c.programmes[0]
    assert c.enrolment("N1") is c.enrolments[0]
    assert c.employer("E1") is c.employers[0]
    assert c.placement("J1") is c.placements[0]
    assert c.venture("B1") is c.ventures[0]
    assert c.contact("C1") is c.contacts[0]
    assert c.response("R1") is c.responses[0]
    assert c.instrument("FU") is c.instruments[0]
    assert c.instrument("FU", 1) is c.instruments[0]
    assert c.placements_of("V1") == c.placements
    assert c.enrolments_of("V1") == c.enrolments
    assert c.contacts_of("V1") == c.contacts
    assert c.earnings_of("V1") == c.earnings
    assert c.responses_of("V1") == c.responses
    assert c.responses_about("J1") == c.responses
    assert c.ventures_of("V1") == c.ventures
    assert c.enrolments_in("P1") == c.enrolments
    assert c.placements_of("nobody") == ()
    assert c.counts() == dict.fromkeys(RECORD_KINDS, 1)


@pytest.mark.parametrize(
    ("lookup", "kind"),
    [
        (Caseload.veteran, "veterans"),
        (Caseload.provider, "providers"),
        (Caseload.programme, "programmes"),
        (Caseload.enrolment, "enrolments"),
        (Caseload.employer, "employers"),
        (Caseload.placement, "placements"),
        (Caseload.venture, "ventures"),
        (Caseload.contact, "contacts"),
        (Caseload.response, "responses"),
        (Caseload.instrument, "instruments"),
    ],
)
def test_unknown_ids_raise_unknown_record_error(lookup: Callable[..., Any], kind: str) -> None:
    with pytest.raises(UnknownRecordError) as caught:
        lookup(HAND_MADE, "nope")
    assert isinstance(caught.value, LookupError)
    assert (caught.value.kind, caught.value.record_id) == (kind, "nope")
    assert "'nope'" in str(caught.value)
    with pytest.raises(LookupError):
        lookup(Caseload(), "nope")


def test_unknown_instrument_version() -> None:
    with pytest.raises(UnknownRecordError, match="v2"):
        HAND_MADE.instrument("FU", 2)


def test_latest_instrument_version_is_the_default() -> None:
    v1 = HAND_MADE.instruments[0]
    v3 = attrs.evolve(v1, version=3)
    c = HAND_MADE.replace(instruments=(v1, v3, attrs.evolve(v1, version=2)))
    assert c.instrument("FU") is v3
    assert c.instrument("FU", 1) is v1


def test_lookups_build_their_index_once(monkeypatch: pytest.MonkeyPatch) -> None:
    c = generate(veterans=50, seed=11)
    first = c.veterans[7]
    assert c.veteran(first.id) is first
    index = c._cache[("id", "veterans")]
    assert c.placements_of(first.id) == tuple(p for p in c.placements if p.veteran_id == first.id)

    # After the first lookup, reading the records again would mean rebuilding the index.
    def no_rebuild(self: Caseload, kind: str) -> tuple[Any, ...]:
        raise AssertionError(f"index of {kind} rebuilt")

    monkeypatch.setattr(Caseload, "records", no_rebuild)
    for veteran in c.veterans:
        assert c.veteran(veteran.id) is veteran
    assert c._cache[("id", "veterans")] is index
    assert c.placements_of(first.id)
    with pytest.raises(UnknownRecordError):
        c.veteran("nope")


def test_first_record_wins_a_duplicated_id() -> None:
    v = HAND_MADE.veterans[0]
    twin = attrs.evolve(v, region="320102")
    c = HAND_MADE.replace(veterans=(v, twin))
    assert c.veteran("V1") is v


def test_replace_starts_a_fresh_index() -> None:
    c = HAND_MADE
    assert c.veteran("V1")
    new = attrs.evolve(c.veterans[0], id="V2")
    replaced = c.replace(veterans=(*c.veterans, new))
    assert replaced.veteran("V2") is new
    with pytest.raises(UnknownRecordError):
        c.veteran("V2")


def test_records_refuses_an_unknown_kind() -> None:
    with pytest.raises(InvalidInputError, match="'soldiers'") as caught:
        HAND_MADE.records("soldiers")
    assert caught.value.argument == "kind"
    assert isinstance(caught.value, ValueError)


def test_lists_become_tuples_and_the_caseload_compares_by_value() -> None:
    as_lists = Caseload(**{kind: list(HAND_MADE.records(kind)) for kind in RECORD_KINDS})
    assert as_lists == HAND_MADE
    assert all(isinstance(as_lists.records(kind), tuple) for kind in RECORD_KINDS)
    HAND_MADE.veteran("V1")  # a filled cache does not affect equality
    assert as_lists == HAND_MADE


# --- check(): every problem code, planted and found --------------------------------------------


def _new_employer(record_id: str = NEW) -> Employer:
    return Employer(
        id=record_id, name="Planted", industry="C", region="320115", ownership=Ownership.PRIVATE
    )


def _new_placement(veteran: Veteran, **changes: Any) -> Placement:
    base: dict[str, Any] = {
        "id": NEW,
        "veteran_id": veteran.id,
        "employer_id": NEW,
        "occupation": "8322",
        "started_on": veteran.service[0].start,
        "contract": ContractType.OPEN_ENDED,
    }
    return Placement(**{**base, **changes})


def _new_provider_and_programme() -> dict[str, Any]:
    provider = TrainingProvider(
        id=NEW, name="Planted", kind=ProviderKind.NGO, region="320115", contracted=True
    )
    programme = Programme(id=NEW, provider_id=NEW, title="Planted", kind=ProgrammeKind.OTHER)
    return {"provider": provider, "programme": programme}


def _new_enrolment(veteran: Veteran, **changes: Any) -> Enrolment:
    base: dict[str, Any] = {
        "id": NEW,
        "veteran_id": veteran.id,
        "programme_id": NEW,
        "enrolled_on": veteran.service[0].start,
    }
    return Enrolment(**{**base, **changes})


def _new_instrument() -> Instrument:
    return Instrument(
        id=NEW,
        version=1,
        title="Planted",
        questions=(Question(id="q!", text="How much?", scale=LikertScale(points=5)),),
    )


def _new_response(veteran: Veteran, **changes: Any) -> SurveyResponse:
    base: dict[str, Any] = {
        "id": NEW,
        "instrument_id": NEW,
        "instrument_version": 1,
        "veteran_id": veteran.id,
        "disposition": Disposition.COMPLETE,
    }
    return SurveyResponse(**{**base, **changes})


def _twin(veteran: Veteran) -> Veteran:
    return attrs.evolve(veteran, id="twin!", personal=None)


def _add(c: Caseload, **records: tuple[Any, ...]) -> Caseload:
    return c.replace(**{kind: (*c.records(kind), *new) for kind, new in records.items()})


class Planted(NamedTuple):
    caseload: Caseload
    code: ProblemCode
    kind: str
    record_id: str


Planter = Callable[[Caseload], Planted]


def _duplicate_veteran(c: Caseload) -> Planted:
    v = c.veterans[0]
    return Planted(_add(c, veterans=(v,)), ProblemCode.DUPLICATE_ID, "veterans", v.id)


def _duplicate_instrument_version(c: Caseload) -> Planted:
    instrument = _new_instrument()
    planted = _add(c, instruments=(instrument, attrs.evolve(instrument, title="Again")))
    return Planted(planted, ProblemCode.DUPLICATE_ID, "instruments", NEW)


def _duplicate_placement(c: Caseload) -> Planted:
    p = _new_placement(c.veterans[0])
    planted = _add(c, employers=(_new_employer(),), placements=(p, p))
    return Planted(planted, ProblemCode.DUPLICATE_ID, "placements", NEW)


def _dangling(kind: str, build: Callable[[Caseload], dict[str, tuple[Any, ...]]]) -> Planter:
    def plant(c: Caseload) -> Planted:
        return Planted(_add(c, **build(c)), ProblemCode.DANGLING_REFERENCE, kind, NEW)

    plant.__name__ = f"dangling_{kind}"
    return plant


def _programme_to_provider(c: Caseload) -> dict[str, tuple[Any, ...]]:
    programme = Programme(id=NEW, provider_id=MISSING, title="x", kind=ProgrammeKind.OTHER)
    return {"programmes": (programme,)}


def _enrolment_to(field: str) -> Callable[[Caseload], dict[str, tuple[Any, ...]]]:
    def build(c: Caseload) -> dict[str, tuple[Any, ...]]:
        made = _new_provider_and_programme()
        return {
            "providers": (made["provider"],),
            "programmes": (made["programme"],),
            "enrolments": (_new_enrolment(c.veterans[0], **{field: MISSING}),),
        }

    return build


def _placement_to(field: str) -> Callable[[Caseload], dict[str, tuple[Any, ...]]]:
    def build(c: Caseload) -> dict[str, tuple[Any, ...]]:
        return {
            "employers": (_new_employer(),),
            "placements": (_new_placement(c.veterans[0], **{field: MISSING}),),
        }

    return build


def _venture_to_founder(c: Caseload) -> dict[str, tuple[Any, ...]]:
    venture = Venture(
        id=NEW,
        founder_ids=(c.veterans[0].id, MISSING),
        name="x",
        legal_form=LegalForm.PARTNERSHIP,
        industry="G",
        region="320115",
        registered_on=date(2023, 1, 1),
    )
    return {"ventures": (venture,)}


def _response_to(field: str) -> Callable[[Caseload], dict[str, tuple[Any, ...]]]:
    def build(c: Caseload) -> dict[str, tuple[Any, ...]]:
        return {
            "instruments": (_new_instrument(),),
            "responses": (_new_response(c.veterans[0], **{field: MISSING}),),
        }

    return build


def _contact_to_veteran(c: Caseload) -> dict[str, tuple[Any, ...]]:
    contact = ServiceContact(
        id=NEW, veteran_id=MISSING, occurred_on=date(2020, 1, 1), kind=ContactKind.INFORMATION
    )
    return {"contacts": (contact,)}


def _earnings_to(field: str) -> Planter:
    def plant(c: Caseload) -> Planted:
        record = EarningsRecord(
            veteran_id=c.veterans[0].id,
            employer_id=NEW,
            quarter=Quarter(year=2020, quarter=1),
            amount=Money.of("1.2345"),
        )
        record = attrs.evolve(record, **{field: MISSING})
        record_id = f"{record.veteran_id}/{record.employer_id}/{record.quarter}"
        planted = _add(c, employers=(_new_employer(),), earnings=(record,))
        return Planted(planted, ProblemCode.DANGLING_REFERENCE, "earnings", record_id)

    plant.__name__ = f"dangling_earnings_{field}"
    return plant


def _placement_before_service(c: Caseload) -> Planted:
    v = c.veterans[0]
    p = _new_placement(v, started_on=v.service[0].start - timedelta(days=1))
    planted = _add(c, employers=(_new_employer(),), placements=(p,))
    return Planted(planted, ProblemCode.PLACEMENT_BEFORE_SERVICE, "placements", NEW)


def _credential_before_enrolment(c: Caseload) -> Planted:
    v = c.veterans[0]
    made = _new_provider_and_programme()
    start = v.service[0].start
    credential = Credential(
        kind=CredentialKind.TRAINING_CERTIFICATE,
        title="Early",
        awarded_on=start - timedelta(days=1),
    )
    enrolment = _new_enrolment(v, credentials=(credential,))
    planted = _add(
        c, providers=(made["provider"],), programmes=(made["programme"],), enrolments=(enrolment,)
    )
    return Planted(planted, ProblemCode.CREDENTIAL_BEFORE_ENROLMENT, "enrolments", NEW)


def _skill_gain_before_enrolment(c: Caseload) -> Planted:
    v = c.veterans[0]
    made = _new_provider_and_programme()
    gain = SkillGain(kind=SkillGainKind.SKILLS_EXAM, achieved_on=v.service[0].start - timedelta(1))
    enrolment = _new_enrolment(v, skill_gains=(gain,))
    planted = _add(
        c, providers=(made["provider"],), programmes=(made["programme"],), enrolments=(enrolment,)
    )
    return Planted(planted, ProblemCode.SKILL_GAIN_BEFORE_ENROLMENT, "enrolments", NEW)


def _response_before_placement(c: Caseload) -> Planted:
    v = c.veterans[0]
    p = _new_placement(v)
    r = _new_response(v, placement_id=NEW, collected_on=p.started_on - timedelta(days=1))
    planted = _add(
        c,
        employers=(_new_employer(),),
        placements=(p,),
        instruments=(_new_instrument(),),
        responses=(r,),
    )
    return Planted(planted, ProblemCode.RESPONSE_BEFORE_PLACEMENT, "responses", NEW)


def _response_placement_mismatch(c: Caseload) -> Planted:
    v = c.veterans[0]
    twin = _twin(v)
    p = _new_placement(twin)
    r = _new_response(v, placement_id=NEW, collected_on=p.started_on)
    planted = _add(
        c,
        veterans=(twin,),
        employers=(_new_employer(),),
        placements=(p,),
        instruments=(_new_instrument(),),
        responses=(r,),
    )
    return Planted(planted, ProblemCode.RESPONSE_PLACEMENT_MISMATCH, "responses", NEW)


def _placement_enrolment_mismatch(c: Caseload) -> Planted:
    v = c.veterans[0]
    twin = _twin(v)
    made = _new_provider_and_programme()
    planted = _add(
        c,
        veterans=(twin,),
        providers=(made["provider"],),
        programmes=(made["programme"],),
        enrolments=(_new_enrolment(twin),),
        employers=(_new_employer(),),
        placements=(_new_placement(v, enrolment_id=NEW),),
    )
    return Planted(planted, ProblemCode.PLACEMENT_ENROLMENT_MISMATCH, "placements", NEW)


def _unknown_question(c: Caseload) -> Planted:
    r = _new_response(c.veterans[0], answers=(Answer(question_id="nope!", value=3),))
    planted = _add(c, instruments=(_new_instrument(),), responses=(r,))
    return Planted(planted, ProblemCode.UNKNOWN_QUESTION, "responses", NEW)


def _answer_out_of_scale(c: Caseload) -> Planted:
    r = _new_response(c.veterans[0], answers=(Answer(question_id="q!", value=6),))
    planted = _add(c, instruments=(_new_instrument(),), responses=(r,))
    return Planted(planted, ProblemCode.ANSWER_OUT_OF_SCALE, "responses", NEW)


def _instrument_version_mismatch(c: Caseload) -> Planted:
    r = _new_response(c.veterans[0], instrument_version=2)
    planted = _add(c, instruments=(_new_instrument(),), responses=(r,))
    return Planted(planted, ProblemCode.INSTRUMENT_VERSION_MISMATCH, "responses", NEW)


def _duplicate_earnings(c: Caseload) -> Planted:
    v = c.veterans[0]
    record = EarningsRecord(
        veteran_id=v.id,
        employer_id=NEW,
        quarter=Quarter(year=2021, quarter=3),
        amount=Money.of("4500.5"),
    )
    planted = _add(c, employers=(_new_employer(),), earnings=(record, record))
    return Planted(planted, ProblemCode.DUPLICATE_EARNINGS, "earnings", f"{v.id}/{NEW}/2021Q3")


def _unknown_region(c: Caseload) -> Planted:
    v = c.veterans[0]
    planted = c.replace(veterans=(attrs.evolve(v, region="990101"), *c.veterans[1:]))
    return Planted(planted, ProblemCode.UNKNOWN_REGION, "veterans", v.id)


PLANTERS: list[Planter] = [
    _duplicate_veteran,
    _duplicate_instrument_version,
    _duplicate_placement,
    _dangling("programmes", _programme_to_provider),
    _dangling("enrolments", _enrolment_to("veteran_id")),
    _dangling("enrolments", _enrolment_to("programme_id")),
    _dangling("placements", _placement_to("veteran_id")),
    _dangling("placements", _placement_to("employer_id")),
    _dangling("placements", _placement_to("enrolment_id")),
    _dangling("ventures", _venture_to_founder),
    _dangling("responses", _response_to("instrument_id")),
    _dangling("responses", _response_to("veteran_id")),
    _dangling("responses", _response_to("placement_id")),
    _dangling("contacts", _contact_to_veteran),
    _earnings_to("veteran_id"),
    _earnings_to("employer_id"),
    _placement_before_service,
    _credential_before_enrolment,
    _skill_gain_before_enrolment,
    _response_before_placement,
    _response_placement_mismatch,
    _placement_enrolment_mismatch,
    _unknown_question,
    _answer_out_of_scale,
    _instrument_version_mismatch,
    _duplicate_earnings,
    _unknown_region,
]
WARNINGS = {ProblemCode.DUPLICATE_EARNINGS, ProblemCode.UNKNOWN_REGION}
_DANGLING_NAMES = iter(
    [
        "programme-provider",
        "enrolment-veteran",
        "enrolment-programme",
        "placement-veteran",
        "placement-employer",
        "placement-enrolment",
        "venture-founder",
        "response-instrument",
        "response-veteran",
        "response-placement",
        "contact-veteran",
    ]
)
PLANTER_IDS = [
    next(_DANGLING_NAMES)
    if p.__name__.startswith("dangling_") and "earnings" not in p.__name__
    else p.__name__.strip("_")
    for p in PLANTERS
]


def test_every_problem_code_has_a_planter() -> None:
    planted = {planter(HAND_MADE).code for planter in PLANTERS}
    assert planted == set(ProblemCode)


def _assert_found_exactly(base: Caseload, planted: Planted) -> None:
    before = base.check()
    after = planted.caseload.check()
    new = [p for p in after if p not in before]
    assert all(p in after for p in before)
    assert [(p.code, p.kind, p.record_id) for p in new] == [
        (planted.code, planted.kind, planted.record_id)
    ], new
    (problem,) = new
    expected = Severity.WARNING if planted.code in WARNINGS else Severity.ERROR
    assert problem.severity is expected
    assert problem.message
    assert str(problem).startswith(f"{expected} {planted.code} {planted.kind}")


@pytest.mark.parametrize("planter", PLANTERS, ids=PLANTER_IDS)
def test_each_planted_problem_is_found_in_the_hand_made_caseload(planter: Planter) -> None:
    assert HAND_MADE.check() == []
    _assert_found_exactly(HAND_MADE, planter(HAND_MADE))


SAMPLE_CITY = generate(veterans=50, seed=2)


@pytest.mark.parametrize("planter", PLANTERS, ids=PLANTER_IDS)
def test_each_planted_problem_is_found_in_the_sample_city(planter: Planter) -> None:
    assert [p for p in SAMPLE_CITY.check() if p.severity is Severity.ERROR] == []
    _assert_found_exactly(SAMPLE_CITY, planter(SAMPLE_CITY))


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(caseloads(max_veterans=3, min_veterans=1), st.sampled_from(PLANTERS))
def test_each_planted_problem_is_found_in_generated_caseloads(
    caseload: Caseload, planter: Planter
) -> None:
    _assert_found_exactly(caseload, planter(caseload))


def test_dangling_references_name_field_and_value() -> None:
    planted = _dangling("placements", _placement_to("employer_id"))(HAND_MADE)
    (problem,) = planted.caseload.check()
    assert "'employer_id'" in problem.message
    assert repr(MISSING) in problem.message


def test_dates_out_of_order_are_quoted() -> None:
    planted = _placement_before_service(HAND_MADE)
    (problem,) = planted.caseload.check()
    assert "2012-09-01" in problem.message
    assert "2012-08-31" in problem.message


# --- check() is independent of record order; validate() ----------------------------------------


def _shuffled(caseload: Caseload, rng: random.Random) -> Caseload:
    changes = {}
    for kind in RECORD_KINDS:
        records = list(caseload.records(kind))
        rng.shuffle(records)
        changes[kind] = tuple(records)
    return caseload.replace(**changes)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(
    caseloads(max_veterans=3, min_veterans=1),
    st.lists(st.sampled_from(PLANTERS), max_size=4),
    st.randoms(use_true_random=False),
)
def test_check_does_not_depend_on_record_order(
    caseload: Caseload, planters: list[Planter], rng: random.Random
) -> None:
    broken = caseload
    for index, planter in enumerate(planters):
        planted = planter(broken).caseload
        # Give each planted record its own id so that the plantings stay independent.
        broken = _rename_planted(planted, f"{index}!")
    assert _shuffled(broken, rng).check() == broken.check()


def _rename_planted(caseload: Caseload, suffix: str) -> Caseload:
    def rename(value: Any) -> Any:
        if isinstance(value, str) and value in (NEW, MISSING, "twin!"):
            return value + suffix
        if isinstance(value, tuple):
            return tuple(rename(v) for v in value)
        return value

    def fix(record: Any) -> Any:
        if not attrs.has(type(record)):
            return record
        changes = {
            f.name: rename(getattr(record, f.name))
            for f in attrs.fields(type(record))
            if f.init and rename(getattr(record, f.name)) != getattr(record, f.name)
        }
        return attrs.evolve(record, **changes) if changes else record

    return caseload.replace(
        **{kind: tuple(fix(r) for r in caseload.records(kind)) for kind in RECORD_KINDS}
    )


def test_validate_raises_listing_every_error() -> None:
    broken = _placement_before_service(_duplicate_veteran(HAND_MADE).caseload).caseload
    broken = _unknown_region(broken).caseload
    errors = [p for p in broken.check() if p.severity is Severity.ERROR]
    assert {p.code for p in errors} == {
        ProblemCode.DUPLICATE_ID,
        ProblemCode.PLACEMENT_BEFORE_SERVICE,
    }
    with pytest.raises(InvalidCaseloadError) as caught:
        broken.validate()
    assert list(caught.value.problems) == errors
    message = str(caught.value)
    assert message.startswith("the caseload has 2 errors")
    for problem in errors:
        assert str(problem) in message
    assert ProblemCode.UNKNOWN_REGION.value not in message
    assert isinstance(caught.value, ValueError)


def test_warnings_alone_pass_validation() -> None:
    warned = _duplicate_earnings(_unknown_region(HAND_MADE).caseload).caseload
    assert {p.code for p in warned.check()} == {
        ProblemCode.DUPLICATE_EARNINGS,
        ProblemCode.UNKNOWN_REGION,
    }
    warned.validate()
    HAND_MADE.validate()
    SAMPLE_CITY.validate()


def test_problem_str_is_one_readable_line() -> None:
    problem = Problem(
        severity=Severity.ERROR,
        code=ProblemCode.DUPLICATE_ID,
        kind="veterans",
        record_id="V1",
        message="the id 'V1' is used more than once",
    )
    assert str(problem) == "error duplicate-id veterans 'V1': the id 'V1' is used more than once"


def _with_conflicting_twins(caseload: Caseload) -> Caseload:
    """Duplicate ids whose records disagree: which one comes first must not matter."""
    v = caseload.veterans[0]
    late_start = attrs.evolve(
        v,
        service=(
            attrs.evolve(v.service[0], start=v.service[0].start + timedelta(days=400), end=None),
        ),
        birth_date=None,
        registered_on=None,
    )
    twin = _twin(v)
    made = _new_provider_and_programme()
    enrolment = _new_enrolment(v)
    instrument = _new_instrument()
    placement = _new_placement(
        v, started_on=v.service[0].start + timedelta(days=200), enrolment_id=NEW
    )
    return _add(
        caseload,
        veterans=(late_start, twin),
        providers=(made["provider"],),
        programmes=(made["programme"],),
        enrolments=(enrolment, attrs.evolve(enrolment, veteran_id=twin.id)),
        employers=(_new_employer(),),
        placements=(placement, attrs.evolve(placement, veteran_id=twin.id)),
        instruments=(
            instrument,
            attrs.evolve(
                instrument,
                questions=(Question(id="q2!", text="Yes?", scale=LikertScale(points=3)),),
            ),
        ),
        responses=(
            _new_response(
                v,
                id="r!",
                placement_id=NEW,
                collected_on=placement.started_on,
                answers=(Answer(question_id="q!", value=4),),
            ),
        ),
    )


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(caseloads(max_veterans=3, min_veterans=1), st.randoms(use_true_random=False))
def test_check_does_not_depend_on_which_duplicate_comes_first(
    caseload: Caseload, rng: random.Random
) -> None:
    broken = _with_conflicting_twins(caseload)
    found = broken.check()
    assert _shuffled(broken, rng).check() == found
    codes = {p.code for p in found}
    assert {
        ProblemCode.DUPLICATE_ID,
        ProblemCode.PLACEMENT_BEFORE_SERVICE,
        ProblemCode.PLACEMENT_ENROLMENT_MISMATCH,
        ProblemCode.RESPONSE_PLACEMENT_MISMATCH,
        ProblemCode.UNKNOWN_QUESTION,
    } <= codes


# --- the field each problem is about ---------------------------------------------------------

_FIELD_OF_PLANTER = {
    "duplicate_veteran": "id",
    "duplicate_instrument_version": "id",
    "duplicate_placement": "id",
    "placement_before_service": "started_on",
    "credential_before_enrolment": "credentials",
    "skill_gain_before_enrolment": "skill_gains",
    "response_before_placement": "collected_on",
    "response_placement_mismatch": "placement_id",
    "placement_enrolment_mismatch": "enrolment_id",
    "unknown_question": "answers",
    "answer_out_of_scale": "answers",
    "instrument_version_mismatch": "instrument_version",
    "duplicate_earnings": "quarter",
    "unknown_region": "region",
}


@pytest.mark.parametrize("planter", PLANTERS, ids=PLANTER_IDS)
def test_each_problem_names_the_field_of_its_record(planter: Planter) -> None:
    planted = planter(HAND_MADE)
    (problem,) = planted.caseload.check()
    record_class = type(planted.caseload.records(planted.kind)[0])
    assert problem.field in attrs.fields_dict(record_class)
    expected = _FIELD_OF_PLANTER.get(planter.__name__.strip("_"))
    if expected is None:  # a dangling reference names its field first in the message
        assert problem.message.startswith(f"{problem.field!r} refers to a missing")
    else:
        assert problem.field == expected


def test_problem_field_defaults_to_none_and_is_not_in_the_text() -> None:
    bare = Problem(
        severity=Severity.ERROR,
        code=ProblemCode.DUPLICATE_ID,
        kind="veterans",
        record_id="V1",
        message="the id 'V1' is used more than once",
    )
    named = attrs.evolve(bare, field="id")
    assert bare.field is None
    assert str(named) == str(bare)


def test_problems_survive_pickling_with_their_field() -> None:
    problems = [problem for planter in PLANTERS for problem in planter(HAND_MADE).caseload.check()]
    copy = pickle.loads(pickle.dumps(problems))  # noqa: S301 - our own, just-made bytes
    assert copy == problems
    assert [p.field for p in copy] == [p.field for p in problems]
