"""The generator's behaviour parameters: defaults, effects and checks."""

from __future__ import annotations

from collections import Counter

import attrs
import pytest

from veteran_services import Barrier, Caseload, Disposition, EndReason, EnrolmentOutcome
from veteran_services.errors import InvalidRecordError
from veteran_services.synthetic import (
    NANJING,
    CityProfile,
    FollowUpParameters,
    PlacementParameters,
    ServiceParameters,
    TrainingParameters,
    VentureParameters,
    generate,
)
from veteran_services.synthetic.parameters import share_sum

_GROUPS = (
    "providers", "employers", "service", "resettlement", "registration", "contacts", "training",
    "job_search", "placement", "job_quality", "pay", "earnings", "ventures", "follow_up",
)  # fmt: skip


def _city(profile: CityProfile = NANJING, veterans: int = 400) -> Caseload:
    return generate(veterans=veterans, seed=3, profile=profile)


def test_a_profile_made_without_behaviour_behaves_like_nanjing() -> None:
    geography = {
        f.name: getattr(NANJING, f.name) for f in attrs.fields(CityProfile) if f.name not in _GROUPS
    }
    bare = CityProfile(**geography)
    assert bare == NANJING
    assert _city(bare, 60) == _city(NANJING, 60)


def test_every_group_is_a_field_of_the_profile() -> None:
    names = {f.name for f in attrs.fields(CityProfile)}
    assert set(_GROUPS) <= names
    for name in _GROUPS:
        group = getattr(NANJING, name)
        assert attrs.has(type(group))
        assert type(group)() == group


def test_more_non_response_gives_fewer_completed_cases() -> None:
    low = attrs.evolve(
        NANJING.follow_up, complete_by_wave={3: 0.3, 6: 0.3, 12: 0.3}, after_refusal=0.1
    )
    shy = _city(attrs.evolve(NANJING, follow_up=low))
    base = _city()

    def completed(caseload: Caseload) -> float:
        counts = Counter(r.disposition for r in caseload.responses)
        return counts[Disposition.COMPLETE] / sum(counts.values())

    assert completed(shy) < completed(base) - 0.2


def test_contracts_that_always_end_on_time() -> None:
    always = attrs.evolve(NANJING.placement, contract_ended=1.0)
    caseload = _city(attrs.evolve(NANJING, placement=always))

    def ended_with_contract(caseload: Caseload) -> int:
        return sum(p.end_reason is EndReason.CONTRACT_ENDED for p in caseload.placements)

    assert ended_with_contract(caseload) > ended_with_contract(_city())


def test_a_more_common_barrier_is_more_common() -> None:
    homeless = attrs.evolve(NANJING.registration, homeless=0.5)
    caseload = _city(attrs.evolve(NANJING, registration=homeless))
    share = sum(Barrier.HOMELESSNESS in v.barriers for v in caseload.veterans) / 400
    assert 0.4 < share < 0.6


def test_training_that_more_trainees_fail() -> None:
    hard = attrs.evolve(NANJING.training, completed=0.3, failed=0.6)
    caseload = _city(attrs.evolve(NANJING, training=hard))

    def failed(caseload: Caseload) -> int:
        return sum(e.outcome is EnrolmentOutcome.FAILED for e in caseload.enrolments)

    assert failed(caseload) > 3 * failed(_city())


def test_a_mapping_is_taken_for_a_table_in_its_order() -> None:
    sources = dict(NANJING.placement.sources)
    group = attrs.evolve(NANJING.placement, sources=sources)
    assert group.sources == NANJING.placement.sources
    assert group == NANJING.placement


def test_shares_add_up_as_written() -> None:
    assert share_sum(0.7, 0.18) == 0.88  # 0.7 + 0.18 is 0.8799999999999999 in floats
    assert share_sum(0.955, 0.03, 0.011) == 0.996


@pytest.mark.parametrize(
    ("group", "changes", "name"),
    [
        (PlacementParameters(), {"contract_ended": 1.5}, "contract_ended"),
        (PlacementParameters(), {"contract_ended": True}, "contract_ended"),
        (PlacementParameters(), {"link_other": -0.1}, "link_other"),
        (PlacementParameters(), {"sources": ()}, "sources"),
        (PlacementParameters(), {"end_reasons": {EndReason.RESIGNED: 0}}, "end_reasons"),
        (PlacementParameters(), {"end_reasons": {EndReason.RESIGNED: -1}}, "end_reasons"),
        (PlacementParameters(), {"task_months": (12, 3)}, "task_months"),
        (PlacementParameters(), {"tenure_mean_months": {}}, "tenure_mean_months"),
        (PlacementParameters(), {"subsidised": 0.95}, "subsidised_low_skill"),
        (ServiceParameters(), {"conscript": 0.6, "nco": 0.5}, "nco"),
        (ServiceParameters(), {"medical_ratings": ()}, "medical_ratings"),
        (ServiceParameters(), {"branches": [("army", "many")]}, "branches"),
        (FollowUpParameters(), {"collection_days": (0, 5000)}, "collection_days"),
        (FollowUpParameters(), {"complete_by_wave": {3: 0.7}}, "complete_by_wave"),
        (FollowUpParameters(), {"phone": 0.9, "online": 0.2}, "sms"),
        (TrainingParameters(), {"withdrawn_share": (0.8, 0.1)}, "withdrawn_share"),
        (VentureParameters(), {"support": (("loan", 0.5, (0, 10)),)}, "support"),
    ],
)
def test_a_bad_parameter_is_refused_by_name(group: object, changes: dict, name: str) -> None:
    with pytest.raises(InvalidRecordError, match=f"\\.{name}'") as caught:
        attrs.evolve(group, **changes)
    assert caught.value.field == name


def test_a_group_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(InvalidRecordError, match="'placement' must be a PlacementParameters"):
        attrs.evolve(NANJING, placement=NANJING.follow_up)
