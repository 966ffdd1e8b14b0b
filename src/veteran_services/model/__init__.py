"""The domain model: attrs classes and enums for veterans' employment services.

Every class is frozen, slotted and keyword-only; collections are tuples or frozensets; money
is :class:`~decimal.Decimal`; dates are :class:`datetime.date`. Invariants are checked at
construction and fail with :class:`~veteran_services.errors.InvalidRecordError` naming the
field and the bad value. The model does no I/O: reading and writing live in
:mod:`veteran_services.io`.
"""

from __future__ import annotations

from veteran_services.codes import label
from veteran_services.model.caseload import (
    RECORD_KINDS,
    Caseload,
    Problem,
    ProblemCode,
    Severity,
)
from veteran_services.model.employment import EarningsRecord, Employer, Placement
from veteran_services.model.enums import (
    Barrier,
    Branch,
    Channel,
    ContactKind,
    ContractType,
    CredentialKind,
    Discharge,
    Disposition,
    EducationLevel,
    EndReason,
    EnrolmentOutcome,
    ExclusionReason,
    Insurance,
    LabourStatus,
    LegalForm,
    Ownership,
    PlacementSource,
    ProgrammeKind,
    ProviderKind,
    QualityDimension,
    RankCategory,
    Resettlement,
    Sex,
    SizeBand,
    SkillGainKind,
    SupportKind,
    SurveyMode,
    Topic,
)
from veteran_services.model.money import Money
from veteran_services.model.people import Exclusion, PersonalDetails, ServicePeriod, Veteran
from veteran_services.model.services import PARTICIPATION_CONTACTS, ServiceContact
from veteran_services.model.surveys import (
    ANSWERING_DISPOSITIONS,
    Answer,
    AnswerValue,
    ChoiceScale,
    Instrument,
    LikertScale,
    NumericScale,
    Question,
    Scale,
    SurveyResponse,
    TextScale,
    YesNoScale,
)
from veteran_services.model.time import Quarter, add_months, whole_months_between
from veteran_services.model.training import (
    Credential,
    Enrolment,
    Programme,
    SkillGain,
    TrainingProvider,
)
from veteran_services.model.ventures import Support, Venture, VentureSnapshot

__all__ = [
    "ANSWERING_DISPOSITIONS",
    "PARTICIPATION_CONTACTS",
    "RECORD_KINDS",
    "Answer",
    "AnswerValue",
    "Barrier",
    "Branch",
    "Caseload",
    "Channel",
    "ChoiceScale",
    "ContactKind",
    "ContractType",
    "Credential",
    "CredentialKind",
    "Discharge",
    "Disposition",
    "EarningsRecord",
    "EducationLevel",
    "Employer",
    "EndReason",
    "Enrolment",
    "EnrolmentOutcome",
    "Exclusion",
    "ExclusionReason",
    "Instrument",
    "Insurance",
    "LabourStatus",
    "LegalForm",
    "LikertScale",
    "Money",
    "NumericScale",
    "Ownership",
    "PersonalDetails",
    "Placement",
    "PlacementSource",
    "Problem",
    "ProblemCode",
    "Programme",
    "ProgrammeKind",
    "ProviderKind",
    "QualityDimension",
    "Quarter",
    "Question",
    "RankCategory",
    "Resettlement",
    "Scale",
    "ServiceContact",
    "ServicePeriod",
    "Severity",
    "Sex",
    "SizeBand",
    "SkillGain",
    "SkillGainKind",
    "Support",
    "SupportKind",
    "SurveyMode",
    "SurveyResponse",
    "TextScale",
    "Topic",
    "TrainingProvider",
    "Venture",
    "VentureSnapshot",
    "Veteran",
    "YesNoScale",
    "add_months",
    "label",
    "whole_months_between",
]
