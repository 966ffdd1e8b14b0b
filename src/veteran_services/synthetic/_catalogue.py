"""Reference tables of the sample city: training programmes, industries, occupations, wages.

Every occupation code here is an ISCO-08 unit group (checked by the tests), every industry an
ISIC Rev.4 section. The figures are plausible generation parameters, not statistics.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from veteran_services.model import (
    ContractType,
    CredentialKind,
    Ownership,
    ProgrammeKind,
    ProviderKind,
    SizeBand,
)

__all__ = [
    "COMMENTS_EMPLOYED",
    "COMMENTS_NOT_EMPLOYED",
    "CONTRACTS",
    "EMPLOYER_WORDS",
    "MAJOR_GROUP_MULTIPLE",
    "OCCUPATION_MULTIPLE",
    "OWNERSHIP_BY_SECTION",
    "PROGRAMMES",
    "SECTIONS",
    "SECTION_NOUNS",
    "SECTION_OCCUPATIONS",
    "SIZES_BY_OWNERSHIP",
    "VENTURE_INDUSTRIES",
    "VENTURE_NOUNS",
    "WELFARE_OCCUPATIONS",
    "ProgrammeTemplate",
]


class ProgrammeTemplate(NamedTuple):
    """A kind of programme a provider can run."""

    title: str
    kind: ProgrammeKind
    occupations: tuple[str, ...]
    credential: CredentialKind | None
    credential_title: str
    hours: tuple[int, int]
    cost: tuple[int, int]
    providers: tuple[ProviderKind, ...]


_PTC = ProviderKind.PUBLIC_TRAINING_CENTRE
_VS = ProviderKind.VOCATIONAL_SCHOOL
_VC = ProviderKind.VOCATIONAL_COLLEGE
_UNI = ProviderKind.UNIVERSITY
_PRI = ProviderKind.PRIVATE_INSTITUTION
_EMP = ProviderKind.EMPLOYER
_NGO = ProviderKind.NGO
_INC = ProviderKind.INCUBATOR
_CK = CredentialKind
_PK = ProgrammeKind


def _p(
    title: str,
    kind: ProgrammeKind,
    occupations: tuple[str, ...],
    credential: CredentialKind | None,
    credential_title: str,
    hours: tuple[int, int],
    cost: tuple[int, int],
    *providers: ProviderKind,
) -> ProgrammeTemplate:
    return ProgrammeTemplate(
        title, kind, occupations, credential, credential_title, hours, cost, providers
    )


#: The programmes the city's providers run (title, kind, target ISCO-08 codes, credential,
#: hours range, cost range in CNY, provider kinds that run it).
PROGRAMMES: Final[tuple[ProgrammeTemplate, ...]] = (
    _p("Adaptive training for newly separated veterans", _PK.ADAPTIVE, (),
       _CK.TRAINING_CERTIFICATE, "Adaptive training certificate", (40, 80), (600, 1500), _PTC),
    _p("Heavy goods vehicle driver (A2 licence)", _PK.VOCATIONAL, ("8332",),
       _CK.OCCUPATIONAL_LICENCE, "A2 driving licence", (160, 240), (5000, 9000), _PRI, _PTC),
    _p("Ride-hailing and taxi driver", _PK.VOCATIONAL, ("8322",),
       _CK.OCCUPATIONAL_LICENCE, "Online ride-hailing driver permit", (40, 80), (800, 1500),
       _PRI, _PTC),
    _p("Security guard", _PK.VOCATIONAL, ("5414",),
       _CK.VOCATIONAL_QUALIFICATION, "Security guard certificate", (80, 120), (1200, 2000),
       _PTC, _PRI, _VS),
    _p("Low-voltage electrician", _PK.VOCATIONAL, ("7411", "7413"),
       _CK.SPECIAL_OPERATIONS_CERTIFICATE, "Special operations certificate: electrician",
       (120, 200), (1800, 3000), _PTC, _VS, _VC),
    _p("Welding and thermal cutting", _PK.VOCATIONAL, ("7212",),
       _CK.SPECIAL_OPERATIONS_CERTIFICATE, "Special operations certificate: welding",
       (160, 240), (2000, 3500), _VS, _PRI),
    _p("Forklift operator", _PK.VOCATIONAL, ("8344",),
       _CK.SPECIAL_OPERATIONS_CERTIFICATE, "Special equipment operator certificate: forklift",
       (40, 80), (800, 1500), _PTC, _PRI),
    _p("Chinese cuisine cook", _PK.VOCATIONAL, ("5120", "3434"),
       _CK.SKILL_LEVEL_CERTIFICATE, "Vocational skill level certificate: Chinese cook",
       (200, 300), (2500, 4500), _VS, _PRI),
    _p("Elderly care assistant", _PK.VOCATIONAL, ("5321", "5322"),
       _CK.VOCATIONAL_QUALIFICATION, "Elderly care worker qualification", (120, 200),
       (1500, 2500), _PTC, _VS, _NGO),
    _p("Warehouse and logistics operations", _PK.VOCATIONAL, ("4321", "4323", "9333"),
       _CK.SKILL_LEVEL_CERTIFICATE, "Vocational skill level certificate: logistics clerk",
       (80, 160), (1200, 2500), _PTC, _VC, _PRI),
    _p("Software development (Java)", _PK.VOCATIONAL, ("2512", "3514"),
       _CK.INDUSTRY_CERTIFICATION, "Java developer certification", (400, 600), (9000, 16000),
       _PRI, _VC),
    _p("Network and ICT support", _PK.VOCATIONAL, ("3511", "3512", "7422"),
       _CK.INDUSTRY_CERTIFICATION, "Network engineer certification", (200, 320),
       (4000, 8000), _PRI, _VC),
    _p("Motor vehicle maintenance", _PK.VOCATIONAL, ("7231",),
       _CK.SKILL_LEVEL_CERTIFICATE, "Vocational skill level certificate: vehicle mechanic",
       (240, 400), (3000, 6000), _VS, _VC, _PRI),
    _p("Property management services", _PK.VOCATIONAL, ("5153", "5151"),
       _CK.VOCATIONAL_QUALIFICATION, "Property management practitioner certificate",
       (80, 120), (1200, 2200), _PTC, _PRI),
    _p("Accounting and bookkeeping", _PK.VOCATIONAL, ("4311", "3313"),
       _CK.INDUSTRY_CERTIFICATION, "Junior accounting certificate", (160, 240), (2500, 4500),
       _VC, _PRI),
    _p("Drone operation", _PK.VOCATIONAL, ("3153",),
       _CK.INDUSTRY_CERTIFICATION, "Civil drone pilot certificate", (80, 120), (6000, 9000),
       _PRI),
    _p("E-commerce and live-stream selling", _PK.VOCATIONAL, ("5244", "5249", "5242"),
       _CK.TRAINING_CERTIFICATE, "E-commerce training certificate", (60, 120), (1000, 2500),
       _PTC, _PRI),
    _p("Plumbing and pipe fitting", _PK.VOCATIONAL, ("7126",),
       _CK.SKILL_LEVEL_CERTIFICATE, "Vocational skill level certificate: plumber",
       (160, 240), (2000, 3500), _VS),
    _p("Start Your Business (SYB)", _PK.ENTREPRENEURSHIP, ("1420", "1412", "5221"),
       _CK.TRAINING_CERTIFICATE, "SYB entrepreneurship training certificate", (56, 80),
       (1200, 1800), _PTC, _INC),
    _p("Improve Your Business (IYB)", _PK.ENTREPRENEURSHIP, ("1420", "1439"),
       _CK.TRAINING_CERTIFICATE, "IYB training certificate", (40, 56), (1000, 1600), _INC),
    _p("Rural e-commerce entrepreneurship", _PK.ENTREPRENEURSHIP, ("5221", "1311"),
       _CK.TRAINING_CERTIFICATE, "Rural e-commerce training certificate", (40, 80),
       (800, 1500), _PTC, _INC),
    _p("Higher vocational diploma: mechatronics", _PK.ACADEMIC, ("3115", "7233"),
       _CK.ASSOCIATE_DEGREE, "Associate degree in mechatronics", (1800, 2400),
       (12000, 20000), _VC),
    _p("Higher vocational diploma: logistics management", _PK.ACADEMIC, ("4323", "1324"),
       _CK.ASSOCIATE_DEGREE, "Associate degree in logistics management", (1800, 2400),
       (12000, 20000), _VC),
    _p("Part-time bachelor's degree: business administration", _PK.ACADEMIC, ("2421", "1219"),
       _CK.BACHELOR_DEGREE, "Bachelor of business administration", (2400, 3000),
       (18000, 30000), _UNI),
    _p("Enterprise apprenticeship: rail transit operations", _PK.APPRENTICESHIP,
       ("8311", "5112"), _CK.APPRENTICESHIP_CERTIFICATE, "Apprenticeship certificate: rail transit",
       (800, 1600), (6000, 12000), _EMP),
    _p("Enterprise apprenticeship: automotive service", _PK.APPRENTICESHIP, ("7231",),
       _CK.APPRENTICESHIP_CERTIFICATE, "Apprenticeship certificate: automotive service",
       (600, 1200), (5000, 10000), _EMP),
    _p("Enterprise apprenticeship: industrial maintenance", _PK.APPRENTICESHIP,
       ("7233", "7411"), _CK.APPRENTICESHIP_CERTIFICATE,
       "Apprenticeship certificate: industrial maintenance", (600, 1200), (5000, 10000), _EMP),
    _p("On-the-job training: logistics dispatcher", _PK.ON_THE_JOB, ("4323",), None, "",
       (80, 160), (1000, 2500), _EMP),
    _p("On-the-job training: security supervisor", _PK.ON_THE_JOB, ("5414", "5151"), None, "",
       (60, 120), (800, 2000), _EMP),
    _p("Upper secondary completion for veterans", _PK.ADULT_BASIC_EDUCATION, (),
       _CK.SECONDARY_DIPLOMA, "Upper secondary diploma", (600, 900), (3000, 6000), _VS),
    _p("Digital skills for work", _PK.OTHER, ("4110", "4132"),
       _CK.TRAINING_CERTIFICATE, "Digital skills certificate", (24, 48), (300, 800),
       _NGO, _PTC),
    _p("Career planning and psychological adjustment workshop", _PK.OTHER, (), None, "",
       (16, 24), (200, 500), _NGO),
)  # fmt: skip

_O = Ownership
#: ISIC Rev.4 sections where veterans work, with weights (share of hiring employers).
SECTIONS: Final[tuple[tuple[str, int], ...]] = (
    ("A", 1), ("C", 14), ("D", 2), ("E", 2), ("F", 7), ("G", 9), ("H", 16), ("I", 6),
    ("J", 5), ("K", 2), ("L", 7), ("M", 2), ("N", 16), ("O", 5), ("P", 3), ("Q", 3),
    ("R", 1), ("S", 2),
)  # fmt: skip

#: Occupations (ISCO-08 unit groups) by section, with weights.
SECTION_OCCUPATIONS: Final[dict[str, tuple[tuple[str, int], ...]]] = {
    "A": (("6111", 3), ("6121", 2), ("9211", 3), ("8341", 2), ("1311", 1), ("3153", 1)),
    "C": (("9329", 4), ("7212", 3), ("8160", 2), ("8211", 2), ("7233", 2), ("3115", 2),
          ("7411", 1), ("8344", 2), ("4321", 2), ("7543", 1), ("3139", 1), ("5414", 2),
          ("8322", 1)),
    "D": (("7411", 3), ("7413", 4), ("3113", 3), ("4110", 1), ("8182", 1)),
    "E": (("9613", 4), ("8322", 3), ("7126", 3), ("8189", 2)),
    "F": (("7411", 3), ("7126", 2), ("7115", 2), ("7212", 2), ("9313", 4), ("3123", 2),
          ("3112", 1), ("8344", 1)),
    "G": (("5223", 4), ("5242", 2), ("5221", 1), ("4321", 3), ("9333", 2), ("7231", 3),
          ("1420", 1), ("3322", 2), ("5244", 2), ("5249", 2)),
    "H": (("8322", 5), ("8332", 5), ("8331", 3), ("4323", 3), ("4321", 3), ("9333", 3),
          ("9621", 4), ("8344", 2), ("5112", 2), ("8311", 1), ("1324", 1)),
    "I": (("5120", 4), ("3434", 1), ("5131", 3), ("1412", 1), ("9112", 2), ("4224", 2),
          ("1411", 1), ("7512", 1)),
    "J": (("2512", 4), ("3511", 3), ("3512", 3), ("7422", 2), ("2166", 1), ("3514", 2),
          ("2523", 1), ("4222", 2), ("5244", 1), ("4132", 1)),
    "K": (("4211", 3), ("3313", 2), ("2411", 1), ("4110", 2), ("5414", 3), ("2412", 1),
          ("4311", 1), ("4132", 1)),
    "L": (("5153", 4), ("5151", 3), ("5414", 5), ("9112", 3), ("7411", 1), ("7126", 1)),
    "M": (("2421", 2), ("2411", 2), ("3313", 2), ("2166", 2), ("3112", 2), ("4110", 2),
          ("2431", 1), ("3153", 1), ("4311", 2), ("1219", 1)),
    "N": (("5414", 10), ("9112", 4), ("4222", 3), ("5419", 2), ("5151", 1), ("9622", 1),
          ("4110", 1), ("1439", 1)),
    "O": (("5412", 3), ("5419", 2), ("4110", 3), ("3359", 2), ("9613", 1), ("8322", 2),
          ("5414", 2), ("5411", 1)),
    "P": (("2320", 3), ("3422", 2), ("4110", 2), ("5414", 2), ("5165", 1), ("9112", 1)),
    "Q": (("5321", 4), ("5322", 2), ("3256", 1), ("4110", 2), ("5329", 1), ("3412", 1),
          ("2635", 1), ("5414", 1)),
    "R": (("3422", 2), ("5414", 2), ("4110", 1), ("3432", 1)),
    "S": (("7231", 3), ("5142", 1), ("9622", 1), ("7421", 2), ("7126", 1), ("3412", 1)),
}  # fmt: skip

#: Occupations of public welfare posts (community guards, cleaners, clerks, care workers).
WELFARE_OCCUPATIONS: Final[tuple[str, ...]] = ("9112", "5414", "9613", "4110", "5329")

_DEFAULT_OWNERSHIP = (
    (_O.PRIVATE, 70), (_O.STATE_OWNED, 10), (_O.FOREIGN_INVESTED, 4), (_O.HK_MACAO_TAIWAN, 2),
    (_O.COLLECTIVE, 2), (_O.INDIVIDUAL_BUSINESS, 12),
)  # fmt: skip

#: Ownership of employers by section, with weights.
OWNERSHIP_BY_SECTION: Final[dict[str, tuple[tuple[Ownership, int], ...]]] = {
    "A": ((_O.COLLECTIVE, 40), (_O.PRIVATE, 40), (_O.INDIVIDUAL_BUSINESS, 20)),
    "C": ((_O.PRIVATE, 65), (_O.STATE_OWNED, 12), (_O.FOREIGN_INVESTED, 13),
          (_O.HK_MACAO_TAIWAN, 7), (_O.COLLECTIVE, 3)),
    "D": ((_O.STATE_OWNED, 90), (_O.PRIVATE, 10)),
    "E": ((_O.STATE_OWNED, 60), (_O.PRIVATE, 40)),
    "F": ((_O.PRIVATE, 70), (_O.STATE_OWNED, 25), (_O.COLLECTIVE, 5)),
    "G": ((_O.PRIVATE, 60), (_O.INDIVIDUAL_BUSINESS, 30), (_O.STATE_OWNED, 5),
          (_O.FOREIGN_INVESTED, 5)),
    "H": ((_O.STATE_OWNED, 30), (_O.PRIVATE, 60), (_O.FOREIGN_INVESTED, 5),
          (_O.INDIVIDUAL_BUSINESS, 5)),
    "I": ((_O.PRIVATE, 55), (_O.INDIVIDUAL_BUSINESS, 40), (_O.STATE_OWNED, 5)),
    "J": ((_O.PRIVATE, 75), (_O.STATE_OWNED, 15), (_O.FOREIGN_INVESTED, 10)),
    "K": ((_O.STATE_OWNED, 60), (_O.PRIVATE, 30), (_O.FOREIGN_INVESTED, 10)),
    "L": ((_O.PRIVATE, 75), (_O.STATE_OWNED, 20), (_O.HK_MACAO_TAIWAN, 5)),
    "M": ((_O.PRIVATE, 70), (_O.STATE_OWNED, 15), (_O.PUBLIC_INSTITUTION, 15)),
    "N": ((_O.PRIVATE, 75), (_O.STATE_OWNED, 20), (_O.INDIVIDUAL_BUSINESS, 5)),
    "O": ((_O.GOVERNMENT, 70), (_O.PUBLIC_INSTITUTION, 30)),
    "P": ((_O.PUBLIC_INSTITUTION, 70), (_O.PRIVATE, 30)),
    "Q": ((_O.PUBLIC_INSTITUTION, 60), (_O.PRIVATE, 35), (_O.SOCIAL_ORGANISATION, 5)),
    "R": ((_O.PUBLIC_INSTITUTION, 40), (_O.PRIVATE, 50), (_O.SOCIAL_ORGANISATION, 10)),
    "S": ((_O.PRIVATE, 40), (_O.INDIVIDUAL_BUSINESS, 45), (_O.SOCIAL_ORGANISATION, 15)),
}  # fmt: skip
for _section, _ in SECTIONS:
    OWNERSHIP_BY_SECTION.setdefault(_section, _DEFAULT_OWNERSHIP)

_S = SizeBand
#: Size bands by ownership, with weights.
SIZES_BY_OWNERSHIP: Final[dict[Ownership, tuple[tuple[SizeBand, int], ...]]] = {
    _O.INDIVIDUAL_BUSINESS: ((_S.MICRO, 90), (_S.SMALL, 10)),
    _O.GOVERNMENT: ((_S.SMALL, 20), (_S.MEDIUM, 50), (_S.LARGE, 30)),
    _O.PUBLIC_INSTITUTION: ((_S.SMALL, 30), (_S.MEDIUM, 45), (_S.LARGE, 25)),
    _O.STATE_OWNED: ((_S.SMALL, 20), (_S.MEDIUM, 35), (_S.LARGE, 45)),
    _O.FOREIGN_INVESTED: ((_S.SMALL, 25), (_S.MEDIUM, 40), (_S.LARGE, 35)),
    _O.HK_MACAO_TAIWAN: ((_S.SMALL, 30), (_S.MEDIUM, 45), (_S.LARGE, 25)),
    _O.PRIVATE: ((_S.MICRO, 35), (_S.SMALL, 35), (_S.MEDIUM, 20), (_S.LARGE, 10)),
    _O.COLLECTIVE: ((_S.MICRO, 30), (_S.SMALL, 45), (_S.MEDIUM, 25)),
    _O.SOCIAL_ORGANISATION: ((_S.MICRO, 40), (_S.SMALL, 45), (_S.MEDIUM, 15)),
}

_C = ContractType
#: Contract types by (ownership, size), with weights; key size ``None`` is the fallback.
CONTRACTS: Final[dict[tuple[Ownership, SizeBand | None], tuple[tuple[ContractType, int], ...]]] = {
    (_O.STATE_OWNED, None): ((_C.OPEN_ENDED, 35), (_C.FIXED_TERM, 58), (_C.DISPATCH, 7)),
    (_O.GOVERNMENT, None): ((_C.FIXED_TERM, 55), (_C.DISPATCH, 35), (_C.OPEN_ENDED, 10)),
    (_O.PUBLIC_INSTITUTION, None): ((_C.FIXED_TERM, 65), (_C.OPEN_ENDED, 20), (_C.DISPATCH, 15)),
    (_O.FOREIGN_INVESTED, None): ((_C.FIXED_TERM, 80), (_C.OPEN_ENDED, 15), (_C.DISPATCH, 5)),
    (_O.HK_MACAO_TAIWAN, None): ((_C.FIXED_TERM, 82), (_C.OPEN_ENDED, 10), (_C.DISPATCH, 8)),
    (_O.INDIVIDUAL_BUSINESS, None): ((_C.NONE, 60), (_C.FIXED_TERM, 25), (_C.PART_TIME, 10),
                                     (_C.TASK_BASED, 5)),
    (_O.PRIVATE, _S.LARGE): ((_C.FIXED_TERM, 82), (_C.OPEN_ENDED, 10), (_C.DISPATCH, 6),
                             (_C.PART_TIME, 2)),
    (_O.PRIVATE, _S.MEDIUM): ((_C.FIXED_TERM, 80), (_C.OPEN_ENDED, 6), (_C.NONE, 6),
                              (_C.DISPATCH, 4), (_C.PART_TIME, 4)),
    (_O.PRIVATE, _S.SMALL): ((_C.FIXED_TERM, 68), (_C.NONE, 17), (_C.PART_TIME, 6),
                             (_C.TASK_BASED, 5), (_C.OPEN_ENDED, 4)),
    (_O.PRIVATE, _S.MICRO): ((_C.FIXED_TERM, 40), (_C.NONE, 43), (_C.PART_TIME, 10),
                             (_C.TASK_BASED, 7)),
    (_O.COLLECTIVE, None): ((_C.FIXED_TERM, 70), (_C.NONE, 20), (_C.OPEN_ENDED, 10)),
    (_O.SOCIAL_ORGANISATION, None): ((_C.FIXED_TERM, 65), (_C.NONE, 15), (_C.PART_TIME, 20)),
}  # fmt: skip

#: Monthly wage as a multiple of the local minimum wage, by ISCO-08 major group ...
MAJOR_GROUP_MULTIPLE: Final[dict[str, float]] = {
    "0": 3.0, "1": 3.4, "2": 3.3, "3": 2.5, "4": 1.9, "5": 1.8, "6": 1.5, "7": 2.2, "8": 2.3,
    "9": 1.45,
}  # fmt: skip
#: ... and the exceptions by unit group.
OCCUPATION_MULTIPLE: Final[dict[str, float]] = {
    "2512": 4.6, "2523": 4.0, "3514": 3.0, "8332": 2.8, "8311": 2.9, "5414": 1.7,
    "4222": 1.7, "5412": 2.0, "9621": 2.4, "1412": 2.8, "5321": 1.75, "3153": 3.0,
}  # fmt: skip

#: Nouns for employer names by section.
SECTION_NOUNS: Final[dict[str, tuple[str, ...]]] = {
    "A": ("Agricultural Cooperative", "Ecological Farm", "Seedling Company"),
    "C": ("Machinery", "Precision Manufacturing", "Electronics", "Auto Parts", "Food Products",
          "New Materials"),
    "D": ("Power Supply Company", "Gas Company", "Heat and Power"),
    "E": ("Water Group", "Environmental Services", "Sanitation Company"),
    "F": ("Construction Engineering", "Decoration Engineering", "Municipal Construction"),
    "G": ("Trading", "Supermarket Chain", "Auto Sales and Service", "Pharmacy Chain",
          "Building Materials Trading"),
    "H": ("Logistics", "Express Delivery", "Bus Company", "Freight Transport",
          "Supply Chain Management", "Metro Operations"),
    "I": ("Catering Management", "Hotel", "Restaurant"),
    "J": ("Software", "Information Technology", "Network Technology", "Data Services"),
    "K": ("Rural Commercial Bank Branch", "Insurance Agency", "Financial Services"),
    "L": ("Property Management", "Real Estate Services", "Facility Services"),
    "M": ("Engineering Consulting", "Surveying and Mapping", "Accounting Firm",
          "Design Institute"),
    "N": ("Security Services", "Human Resources Services", "Cleaning Services",
          "Escort Services"),
    "O": ("Urban Management Bureau", "Public Security Sub-bureau", "Street Office",
          "Market Supervision Bureau"),
    "P": ("Secondary School", "Training School", "Driving School"),
    "Q": ("Hospital", "Elderly Care Centre", "Community Health Service Centre"),
    "R": ("Sports Centre", "Cultural Tourism Group"),
    "S": ("Auto Repair", "Appliance Repair", "Community Services"),
}  # fmt: skip

#: Words for the first part of employer and venture names.
EMPLOYER_WORDS: Final[tuple[str, ...]] = (
    "Jinling", "Zhongshan", "Xuanwu Lake", "Yangtze", "Qinhuai", "Purple Mountain",
    "Stone City", "Plum Blossom", "Lion Rock", "Swallow Rock", "Mochou", "Yuhua", "Jiangbei",
    "Greenfield", "Sunrise", "Harmony", "Evergreen", "Pioneer", "Honour", "Iron Guard",
    "Great River", "Bell Tower", "Drum Tower", "Xianlin", "Tangshan", "Qixia", "Hexi",
    "Jiangxin", "Golden Phoenix", "Red Star",
)  # fmt: skip

#: Sections of veterans' ventures, with weights.
VENTURE_INDUSTRIES: Final[tuple[tuple[str, int], ...]] = (
    ("G", 25), ("I", 20), ("H", 12), ("N", 8), ("S", 10), ("A", 8), ("F", 6), ("J", 5),
    ("M", 4), ("C", 2), ("P", 2), ("R", 2),
)  # fmt: skip

#: Nouns for venture names by section.
VENTURE_NOUNS: Final[dict[str, tuple[str, ...]]] = {
    "A": ("Family Farm", "Fruit Orchard", "Fishery"),
    "C": ("Workshop", "Food Processing"),
    "F": ("Renovation", "Installation Services"),
    "G": ("Convenience Store", "Tea Shop", "Online Store", "Fruit Shop"),
    "H": ("Logistics", "Freight Services", "Delivery Station"),
    "I": ("Noodle House", "Restaurant", "Breakfast Shop", "Guesthouse"),
    "J": ("Network Studio", "Software Studio"),
    "M": ("Design Studio", "Consulting"),
    "N": ("Security Services", "Housekeeping Services", "Training Camp"),
    "P": ("Training Centre", "Youth Military Camp"),
    "R": ("Fitness Club", "Outdoor Club"),
    "S": ("Car Wash", "Repair Shop", "Barber Shop"),
}

#: Free-text follow-up comments of veterans still in the job.
COMMENTS_EMPLOYED: Final[tuple[str, ...]] = (
    "工资按时发放，比较满意。",
    "加班比较多，希望能调休。",
    "单位缴纳了五险一金。",
    "希望多提供技能培训机会。",
    "上班离家太远，通勤时间长。",
    "同事对退役军人很照顾。",
    "合同到期后不确定是否续签。",
    "培训内容和现在的工作关系不大。",
    "感谢退役军人服务站推荐的岗位。",
    "希望工资能再提高一些。",
)
#: Free-text follow-up comments of veterans no longer in the job.
COMMENTS_NOT_EMPLOYED: Final[tuple[str, ...]] = (
    "正在找工作，希望多推荐岗位。",
    "准备自己创业，想了解创业贷款。",
    "原单位效益不好，已经离职。",
    "想参加技能培训后再就业。",
)
