"""English and Chinese labels for every enum of the model (docs/architecture.md)."""

from __future__ import annotations

import enum

import pytest

import veteran_services.model
from veteran_services import codes, label
from veteran_services.model import enums as model_enums


def _model_enums() -> list[type[enum.Enum]]:
    found = {
        getattr(module, name)
        for module in (veteran_services.model, model_enums)
        for name in module.__all__
        if isinstance(getattr(module, name), type) and issubclass(getattr(module, name), enum.Enum)
    }
    return sorted(found, key=lambda e: e.__name__)


MODEL_ENUMS = _model_enums()


def test_the_model_exports_its_enums() -> None:
    names = {e.__name__ for e in MODEL_ENUMS}
    # The vocabularies of the model's contract, plus the caseload check's own.
    assert {
        "Sex",
        "Branch",
        "RankCategory",
        "Discharge",
        "Resettlement",
        "Barrier",
        "EducationLevel",
        "ProviderKind",
        "ProgrammeKind",
        "CredentialKind",
        "SkillGainKind",
        "EnrolmentOutcome",
        "Ownership",
        "SizeBand",
        "ContractType",
        "EndReason",
        "Insurance",
        "PlacementSource",
        "LegalForm",
        "SupportKind",
        "ContactKind",
        "Channel",
        "QualityDimension",
        "Disposition",
        "SurveyMode",
        "LabourStatus",
        "Severity",
        "ProblemCode",
    } <= names
    for enum_class in MODEL_ENUMS:
        assert getattr(veteran_services.model, enum_class.__name__) is enum_class


@pytest.mark.parametrize("enum_class", MODEL_ENUMS, ids=lambda e: e.__name__)
def test_every_member_has_english_and_chinese_labels(enum_class: type[enum.Enum]) -> None:
    assert enum_class in codes.labelled_enums()
    for member in enum_class:
        english, chinese = label(member), label(member, lang="zh")
        assert english.strip()
        assert chinese.strip()
        assert english == label(member, lang="en")
        # Chinese labels are written in Chinese (at least one CJK character).
        assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese), (member, chinese)


@pytest.mark.parametrize("enum_class", MODEL_ENUMS, ids=lambda e: e.__name__)
def test_labels_tell_members_apart(enum_class: type[enum.Enum]) -> None:
    members = list(enum_class)
    for lang in ("en", "zh"):
        labels = [label(m, lang=lang) for m in members]
        assert len(set(labels)) == len(labels), (enum_class, lang, labels)


@pytest.mark.parametrize("enum_class", MODEL_ENUMS, ids=lambda e: e.__name__)
def test_values_are_stable_lower_case_strings(enum_class: type[enum.Enum]) -> None:
    for member in enum_class:
        assert isinstance(member.value, str)
        assert member.value == member.value.strip().lower() or member.value.isdigit()
        assert enum_class(member.value) is member


def test_every_labelled_enum_is_complete() -> None:
    for enum_class in codes.labelled_enums():
        for member in enum_class:
            assert label(member)
            assert label(member, lang="zh")


def test_unknown_language_is_refused() -> None:
    member = MODEL_ENUMS[0].__members__[next(iter(MODEL_ENUMS[0].__members__))]
    with pytest.raises(ValueError, match="'lang'"):
        label(member, lang="fr")  # type: ignore[arg-type]
