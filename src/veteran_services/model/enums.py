"""The model's closed vocabularies.

Every enum is a :class:`~enum.StrEnum` whose values are the stable strings that go on the wire;
its English and Chinese labels come from :func:`veteran_services.codes.label`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from veteran_services.codes import EducationLevel, register_labels

__all__ = [
    "FIVE_INSURANCES",
    "AdmissionRoute",
    "Barrier",
    "Branch",
    "CertificationKind",
    "Channel",
    "ContactKind",
    "ContractType",
    "CredentialKind",
    "Discharge",
    "Disposition",
    "EducationLevel",
    "EndReason",
    "EnrolmentOutcome",
    "ExclusionReason",
    "Insurance",
    "LabourStatus",
    "LegalForm",
    "LivelihoodKind",
    "OperatingStatus",
    "Ownership",
    "PlacementSource",
    "ProgrammeKind",
    "ProviderKind",
    "QualityDimension",
    "RankCategory",
    "RepaymentStatus",
    "Resettlement",
    "Sex",
    "SizeBand",
    "SkillGainKind",
    "SupportKind",
    "SurveyMode",
    "Topic",
]


class Sex(StrEnum):
    """Sex as recorded."""

    MALE = "male"
    FEMALE = "female"


register_labels(
    Sex,
    {
        Sex.MALE: ("Male", "男"),
        Sex.FEMALE: ("Female", "女"),
    },
)


class Branch(StrEnum):
    """Branch of service (PLA services and arms, the People's Armed Police, and US/UK branches)."""

    ARMY = "army"
    NAVY = "navy"
    AIR_FORCE = "air_force"
    ROCKET_FORCE = "rocket_force"
    AEROSPACE_FORCE = "aerospace_force"
    CYBERSPACE_FORCE = "cyberspace_force"
    INFORMATION_SUPPORT_FORCE = "information_support_force"
    JOINT_LOGISTICS_SUPPORT_FORCE = "joint_logistics_support_force"
    ARMED_POLICE = "armed_police"
    MARINE_CORPS = "marine_corps"
    SPACE_FORCE = "space_force"
    COAST_GUARD = "coast_guard"
    OTHER = "other"


register_labels(
    Branch,
    {
        Branch.ARMY: ("Army", "陆军"),
        Branch.NAVY: ("Navy", "海军"),
        Branch.AIR_FORCE: ("Air Force", "空军"),
        Branch.ROCKET_FORCE: ("Rocket Force", "火箭军"),
        Branch.AEROSPACE_FORCE: ("Aerospace Force", "军事航天部队"),
        Branch.CYBERSPACE_FORCE: ("Cyberspace Force", "网络空间部队"),
        Branch.INFORMATION_SUPPORT_FORCE: ("Information Support Force", "信息支援部队"),
        Branch.JOINT_LOGISTICS_SUPPORT_FORCE: ("Joint Logistics Support Force", "联勤保障部队"),
        Branch.ARMED_POLICE: ("People's Armed Police", "武警部队"),
        Branch.MARINE_CORPS: ("Marine Corps", "海军陆战队"),
        Branch.SPACE_FORCE: ("Space Force", "太空军"),
        Branch.COAST_GUARD: ("Coast Guard", "海岸警卫队"),
        Branch.OTHER: ("Other", "其他"),
    },
)


class RankCategory(StrEnum):
    """Rank category at separation."""

    CONSCRIPT = "conscript"
    ENLISTED = "enlisted"
    NCO = "nco"
    WARRANT_OFFICER = "warrant_officer"
    OFFICER = "officer"
    CIVILIAN = "civilian"


register_labels(
    RankCategory,
    {
        RankCategory.CONSCRIPT: ("Conscript", "义务兵"),
        RankCategory.ENLISTED: ("Enlisted", "士兵"),
        RankCategory.NCO: ("Non-commissioned officer", "士官"),
        RankCategory.WARRANT_OFFICER: ("Warrant officer", "准尉"),
        RankCategory.OFFICER: ("Officer", "军官"),
        RankCategory.CIVILIAN: ("Civilian personnel", "文职人员"),
    },
)


class Discharge(StrEnum):
    """Character of discharge."""

    HONOURABLE = "honourable"
    GENERAL = "general"
    MEDICAL = "medical"
    OTHER_THAN_HONOURABLE = "other_than_honourable"
    BAD_CONDUCT = "bad_conduct"
    DISHONOURABLE = "dishonourable"
    UNCHARACTERISED = "uncharacterised"


register_labels(
    Discharge,
    {
        Discharge.HONOURABLE: ("Honourable", "光荣退役"),
        Discharge.GENERAL: ("General (under honourable conditions)", "一般退役"),
        Discharge.MEDICAL: ("Medical", "因病伤退役"),
        Discharge.OTHER_THAN_HONOURABLE: ("Other than honourable", "非荣誉退役"),
        Discharge.BAD_CONDUCT: ("Bad conduct", "不良行为退役"),
        Discharge.DISHONOURABLE: ("Dishonourable", "开除军籍"),
        Discharge.UNCHARACTERISED: ("Uncharacterised", "未定性"),
    },
)


class Resettlement(StrEnum):
    """Resettlement route.

    Sources: PRC Veterans Protection Law (2020); Regulations on the Resettlement of Veterans (2024).
    """

    SELF_EMPLOYMENT = "self_employment"
    ARRANGED_JOB = "arranged_job"
    MONTHLY_RETIREMENT_PAY = "monthly_retirement_pay"
    TRANSFER = "transfer"
    DEMOBILISATION = "demobilisation"
    RETIREMENT = "retirement"
    SUPPORT = "support"
    OTHER = "other"


register_labels(
    Resettlement,
    {
        Resettlement.SELF_EMPLOYMENT: ("Self-employment placement", "自主就业"),
        Resettlement.ARRANGED_JOB: ("Arranged job", "安排工作"),
        Resettlement.MONTHLY_RETIREMENT_PAY: ("Monthly retirement pay", "逐月领取退役金"),
        Resettlement.TRANSFER: ("Transfer to civilian post", "转业"),
        Resettlement.DEMOBILISATION: ("Demobilisation", "复员"),
        Resettlement.RETIREMENT: ("Retirement", "退休"),
        Resettlement.SUPPORT: ("State support", "供养"),
        Resettlement.OTHER: ("Other", "其他"),
    },
)


class Barrier(StrEnum):
    """Barrier to employment recorded at registration."""

    DISABILITY = "disability"
    SERVICE_CONNECTED_DISABILITY = "service_connected_disability"
    HOMELESSNESS = "homelessness"
    LOW_INCOME = "low_income"
    LONG_TERM_UNEMPLOYMENT = "long_term_unemployment"
    BASIC_SKILLS_DEFICIENCY = "basic_skills_deficiency"
    CARING_RESPONSIBILITIES = "caring_responsibilities"
    JUSTICE_INVOLVED = "justice_involved"
    RURAL_AREA = "rural_area"
    LIMITED_LANGUAGE = "limited_language"


register_labels(
    Barrier,
    {
        Barrier.DISABILITY: ("Disability", "残疾"),
        Barrier.SERVICE_CONNECTED_DISABILITY: ("Service-connected disability", "因战因公致残"),
        Barrier.HOMELESSNESS: ("Homelessness", "无固定住所"),
        Barrier.LOW_INCOME: ("Low income", "低收入"),
        Barrier.LONG_TERM_UNEMPLOYMENT: ("Long-term unemployment", "长期失业"),
        Barrier.BASIC_SKILLS_DEFICIENCY: ("Basic skills deficiency", "基础技能不足"),
        Barrier.CARING_RESPONSIBILITIES: ("Caring responsibilities", "家庭照护负担"),
        Barrier.JUSTICE_INVOLVED: ("Justice-involved", "涉法人员"),
        Barrier.RURAL_AREA: ("Lives in a rural area", "居住在农村"),
        Barrier.LIMITED_LANGUAGE: ("Limited language proficiency", "语言能力有限"),
    },
)


class ExclusionReason(StrEnum):
    """Why an exiter leaves an indicator's cohort (WIOA, 20 CFR 677.155(b))."""

    INSTITUTIONALISED = "institutionalised"
    MEDICAL = "medical"
    DECEASED = "deceased"
    RESERVE_CALL_UP = "reserve_call_up"


register_labels(
    ExclusionReason,
    {
        ExclusionReason.INSTITUTIONALISED: ("Institutionalised", "被收容或羁押"),
        ExclusionReason.MEDICAL: ("Medical treatment over 90 days", "就医超过90天"),
        ExclusionReason.DECEASED: ("Deceased", "死亡"),
        ExclusionReason.RESERVE_CALL_UP: ("Reserve call-up to active duty", "预备役征召服现役"),
    },
)


class ProviderKind(StrEnum):
    """Kind of training provider."""

    PUBLIC_TRAINING_CENTRE = "public_training_centre"
    VOCATIONAL_SCHOOL = "vocational_school"
    VOCATIONAL_COLLEGE = "vocational_college"
    UNIVERSITY = "university"
    PRIVATE_INSTITUTION = "private_institution"
    EMPLOYER = "employer"
    NGO = "ngo"
    INCUBATOR = "incubator"


register_labels(
    ProviderKind,
    {
        ProviderKind.PUBLIC_TRAINING_CENTRE: ("Public training centre", "公共实训基地"),
        ProviderKind.VOCATIONAL_SCHOOL: ("Vocational school", "职业技能学校"),
        ProviderKind.VOCATIONAL_COLLEGE: ("Vocational college", "高职院校"),
        ProviderKind.UNIVERSITY: ("University", "普通高校"),
        ProviderKind.PRIVATE_INSTITUTION: ("Private training institution", "民办培训机构"),
        ProviderKind.EMPLOYER: ("Employer", "用人单位"),
        ProviderKind.NGO: ("Non-profit organisation", "社会组织"),
        ProviderKind.INCUBATOR: ("Business incubator", "创业孵化基地"),
    },
)


class ProgrammeKind(StrEnum):
    """Kind of programme."""

    ADAPTIVE = "adaptive"
    VOCATIONAL = "vocational"
    ENTREPRENEURSHIP = "entrepreneurship"
    ACADEMIC = "academic"
    APPRENTICESHIP = "apprenticeship"
    ON_THE_JOB = "on_the_job"
    ADULT_BASIC_EDUCATION = "adult_basic_education"
    OTHER = "other"


register_labels(
    ProgrammeKind,
    {
        ProgrammeKind.ADAPTIVE: ("Adaptive (transition) training", "适应性培训"),
        ProgrammeKind.VOCATIONAL: ("Vocational skills training", "职业技能培训"),
        ProgrammeKind.ENTREPRENEURSHIP: ("Entrepreneurship training", "创业培训"),
        ProgrammeKind.ACADEMIC: ("Academic education", "学历教育"),
        ProgrammeKind.APPRENTICESHIP: ("Apprenticeship", "学徒制培训"),
        ProgrammeKind.ON_THE_JOB: ("On-the-job training", "岗位培训"),
        ProgrammeKind.ADULT_BASIC_EDUCATION: ("Adult basic education", "成人基础教育"),
        ProgrammeKind.OTHER: ("Other", "其他"),
    },
)


class AdmissionRoute(StrEnum):
    """How a veteran came to be enrolled in academic education (学历教育), as the annual MVA
    return tells them apart.

    - ``RESUMED``: a student who left university to enlist and resumed the same studies after
      separation (退役大学生士兵复学).
    - the examination routes (考试入学): ``UPGRADE_EXAM`` (专升本), ``SINGLE_EXAM`` (高职单招,
      the vocational colleges' separate admission examination), ``NATIONAL_EXAM`` (统招, the
      national college entrance examination), ``ADULT_EXAM`` (成人高考), ``POSTGRADUATE_EXAM``
      (研究生考试) and ``OTHER_EXAM`` (another admission examination).
    - ``OTHER``: admitted another way (e.g. 免试 admission without an examination); the return
      counts it in neither of its two education columns.
    """

    RESUMED = "resumed"
    UPGRADE_EXAM = "upgrade_exam"
    SINGLE_EXAM = "single_exam"
    NATIONAL_EXAM = "national_exam"
    ADULT_EXAM = "adult_exam"
    POSTGRADUATE_EXAM = "postgraduate_exam"
    OTHER_EXAM = "other_exam"
    OTHER = "other"

    @property
    def by_examination(self) -> bool:
        """Whether the route is an admission examination (考试入学).

        >>> AdmissionRoute.UPGRADE_EXAM.by_examination, AdmissionRoute.RESUMED.by_examination
        (True, False)
        """
        return self not in (AdmissionRoute.RESUMED, AdmissionRoute.OTHER)


register_labels(
    AdmissionRoute,
    {
        AdmissionRoute.RESUMED: ("Resumed studies left to enlist", "退役大学生士兵复学"),
        AdmissionRoute.UPGRADE_EXAM: ("Upgrade examination (junior to bachelor)", "专升本"),
        AdmissionRoute.SINGLE_EXAM: ("Vocational college admission examination", "高职单招"),
        AdmissionRoute.NATIONAL_EXAM: ("National college entrance examination", "统招入学"),
        AdmissionRoute.ADULT_EXAM: ("Adult college entrance examination", "成人高考"),
        AdmissionRoute.POSTGRADUATE_EXAM: ("Postgraduate entrance examination", "研究生考试"),
        AdmissionRoute.OTHER_EXAM: ("Other admission examination", "其他考试入学"),
        AdmissionRoute.OTHER: ("Admitted without an examination", "其他方式入学"),
    },
)


class LivelihoodKind(StrEnum):
    """Work a veteran does without an employer or a registered business (no placement or
    venture record can hold it).

    - ``FARMING``: returned home to farm (返乡务农): works the family's own land, herd or
      fishery.
    - ``OWN_ACCOUNT``: an own-account worker without a registered business (灵活就业): a street
      vendor, an online shop keeper, a freelancer.
    """

    FARMING = "farming"
    OWN_ACCOUNT = "own_account"


register_labels(
    LivelihoodKind,
    {
        LivelihoodKind.FARMING: ("Farming (returned home to farm)", "返乡务农"),
        LivelihoodKind.OWN_ACCOUNT: ("Own-account work, unregistered", "灵活就业(未登记经营)"),
    },
)


class CredentialKind(StrEnum):
    """Kind of credential."""

    VOCATIONAL_QUALIFICATION = "vocational_qualification"
    SKILL_LEVEL_CERTIFICATE = "skill_level_certificate"
    SPECIAL_OPERATIONS_CERTIFICATE = "special_operations_certificate"
    OCCUPATIONAL_LICENCE = "occupational_licence"
    INDUSTRY_CERTIFICATION = "industry_certification"
    APPRENTICESHIP_CERTIFICATE = "apprenticeship_certificate"
    SECONDARY_DIPLOMA = "secondary_diploma"
    ASSOCIATE_DEGREE = "associate_degree"
    BACHELOR_DEGREE = "bachelor_degree"
    POSTGRADUATE_DEGREE = "postgraduate_degree"
    TRAINING_CERTIFICATE = "training_certificate"


register_labels(
    CredentialKind,
    {
        CredentialKind.VOCATIONAL_QUALIFICATION: (
            "Vocational qualification certificate",
            "职业资格证书",
        ),
        CredentialKind.SKILL_LEVEL_CERTIFICATE: (
            "Vocational skill level certificate",
            "职业技能等级证书",
        ),
        CredentialKind.SPECIAL_OPERATIONS_CERTIFICATE: (
            "Special operations certificate",
            "特种作业操作证",
        ),
        CredentialKind.OCCUPATIONAL_LICENCE: ("Occupational licence", "职业执照"),
        CredentialKind.INDUSTRY_CERTIFICATION: ("Industry-recognised certification", "行业认证"),
        CredentialKind.APPRENTICESHIP_CERTIFICATE: (
            "Apprenticeship completion certificate",
            "学徒结业证书",
        ),
        CredentialKind.SECONDARY_DIPLOMA: (
            "Secondary school diploma or equivalent",
            "高中毕业证书或同等",
        ),
        CredentialKind.ASSOCIATE_DEGREE: ("Associate degree (short-cycle tertiary)", "大专文凭"),
        CredentialKind.BACHELOR_DEGREE: ("Bachelor's degree", "学士学位"),
        CredentialKind.POSTGRADUATE_DEGREE: ("Postgraduate degree", "研究生学位"),
        CredentialKind.TRAINING_CERTIFICATE: (
            "Certificate of completion (not a recognised credential)",
            "培训结业证明",
        ),
    },
)


class SkillGainKind(StrEnum):
    """Kind of measurable skill gain (WIOA TEGL 10-16)."""

    EDUCATIONAL_FUNCTIONING_LEVEL = "educational_functioning_level"
    SECONDARY_DIPLOMA = "secondary_diploma"
    TRANSCRIPT = "transcript"
    TRAINING_MILESTONE = "training_milestone"
    SKILLS_EXAM = "skills_exam"


register_labels(
    SkillGainKind,
    {
        SkillGainKind.EDUCATIONAL_FUNCTIONING_LEVEL: (
            "Educational functioning level gain",
            "文化水平提升",
        ),
        SkillGainKind.SECONDARY_DIPLOMA: ("Secondary diploma attained", "取得高中学历"),
        SkillGainKind.TRANSCRIPT: ("Satisfactory transcript", "学业成绩合格"),
        SkillGainKind.TRAINING_MILESTONE: ("Training milestone", "培训阶段考核通过"),
        SkillGainKind.SKILLS_EXAM: ("Skills examination passed", "技能考核通过"),
    },
)


class EnrolmentOutcome(StrEnum):
    """Outcome of an enrolment."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    FAILED = "failed"


register_labels(
    EnrolmentOutcome,
    {
        EnrolmentOutcome.IN_PROGRESS: ("In progress", "在训"),
        EnrolmentOutcome.COMPLETED: ("Completed", "结业"),
        EnrolmentOutcome.WITHDRAWN: ("Withdrawn", "中途退出"),
        EnrolmentOutcome.FAILED: ("Failed", "未通过"),
    },
)


class Ownership(StrEnum):
    """Employer ownership type."""

    STATE_OWNED = "state_owned"
    COLLECTIVE = "collective"
    PRIVATE = "private"
    FOREIGN_INVESTED = "foreign_invested"
    HK_MACAO_TAIWAN = "hk_macao_taiwan"
    PUBLIC_INSTITUTION = "public_institution"
    GOVERNMENT = "government"
    SOCIAL_ORGANISATION = "social_organisation"
    INDIVIDUAL_BUSINESS = "individual_business"


register_labels(
    Ownership,
    {
        Ownership.STATE_OWNED: ("State-owned enterprise", "国有企业"),
        Ownership.COLLECTIVE: ("Collective enterprise", "集体企业"),
        Ownership.PRIVATE: ("Private enterprise", "民营企业"),
        Ownership.FOREIGN_INVESTED: ("Foreign-invested enterprise", "外商投资企业"),
        Ownership.HK_MACAO_TAIWAN: (
            "Hong Kong, Macao or Taiwan-invested enterprise",
            "港澳台投资企业",
        ),
        Ownership.PUBLIC_INSTITUTION: ("Public institution", "事业单位"),
        Ownership.GOVERNMENT: ("Government agency", "机关"),
        Ownership.SOCIAL_ORGANISATION: ("Social organisation", "社会组织"),
        Ownership.INDIVIDUAL_BUSINESS: ("Individual business", "个体工商户"),
    },
)


class SizeBand(StrEnum):
    """Employer size by number of employees."""

    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


register_labels(
    SizeBand,
    {
        SizeBand.MICRO: ("Micro (under 10)", "微型(10人以下)"),
        SizeBand.SMALL: ("Small (10-49)", "小型(10-49人)"),
        SizeBand.MEDIUM: ("Medium (50-249)", "中型(50-249人)"),
        SizeBand.LARGE: ("Large (250 or more)", "大型(250人及以上)"),
    },
)


class ContractType(StrEnum):
    """Kind of employment contract (PRC Labour Contract Law)."""

    OPEN_ENDED = "open_ended"
    FIXED_TERM = "fixed_term"
    TASK_BASED = "task_based"
    PART_TIME = "part_time"
    DISPATCH = "dispatch"
    PUBLIC_WELFARE_POST = "public_welfare_post"
    NONE = "none"


register_labels(
    ContractType,
    {
        ContractType.OPEN_ENDED: ("Open-ended contract", "无固定期限劳动合同"),
        ContractType.FIXED_TERM: ("Fixed-term contract", "固定期限劳动合同"),
        ContractType.TASK_BASED: (
            "Contract for a defined task",
            "以完成一定工作任务为期限的劳动合同",
        ),
        ContractType.PART_TIME: ("Part-time employment", "非全日制用工"),
        ContractType.DISPATCH: ("Agency (dispatch) work", "劳务派遣"),
        ContractType.PUBLIC_WELFARE_POST: ("Public welfare post", "公益性岗位"),
        ContractType.NONE: ("No written contract", "未签订书面合同"),
    },
)


class EndReason(StrEnum):
    """Why a placement ended."""

    RESIGNED = "resigned"
    DISMISSED = "dismissed"
    CONTRACT_ENDED = "contract_ended"
    LAID_OFF = "laid_off"
    BUSINESS_CLOSED = "business_closed"
    HEALTH = "health"
    FURTHER_EDUCATION = "further_education"
    RETIRED = "retired"
    DECEASED = "deceased"
    OTHER = "other"


register_labels(
    EndReason,
    {
        EndReason.RESIGNED: ("Resigned", "主动辞职"),
        EndReason.DISMISSED: ("Dismissed", "被辞退"),
        EndReason.CONTRACT_ENDED: ("Contract ended", "合同期满"),
        EndReason.LAID_OFF: ("Laid off", "裁员"),
        EndReason.BUSINESS_CLOSED: ("Business closed", "单位关闭"),
        EndReason.HEALTH: ("Health", "健康原因"),
        EndReason.FURTHER_EDUCATION: ("Further education", "继续深造"),
        EndReason.RETIRED: ("Retired", "退休"),
        EndReason.DECEASED: ("Deceased", "死亡"),
        EndReason.OTHER: ("Other", "其他"),
    },
)


class Insurance(StrEnum):
    """Social-insurance schemes: the five insurances and the housing provident fund."""

    PENSION = "pension"
    MEDICAL = "medical"
    UNEMPLOYMENT = "unemployment"
    WORK_INJURY = "work_injury"
    MATERNITY = "maternity"
    HOUSING_FUND = "housing_fund"


#: The five social insurances (五险) every employer must pay for a full-time employee; with
#: :attr:`Insurance.HOUSING_FUND` they are 五险一金.
FIVE_INSURANCES: Final[frozenset[Insurance]] = frozenset(
    {
        Insurance.PENSION,
        Insurance.MEDICAL,
        Insurance.UNEMPLOYMENT,
        Insurance.WORK_INJURY,
        Insurance.MATERNITY,
    }
)

register_labels(
    Insurance,
    {
        Insurance.PENSION: ("Pension insurance", "养老保险"),
        Insurance.MEDICAL: ("Medical insurance", "医疗保险"),
        Insurance.UNEMPLOYMENT: ("Unemployment insurance", "失业保险"),
        Insurance.WORK_INJURY: ("Work-injury insurance", "工伤保险"),
        Insurance.MATERNITY: ("Maternity insurance", "生育保险"),
        Insurance.HOUSING_FUND: ("Housing provident fund", "住房公积金"),
    },
)


class PlacementSource(StrEnum):
    """How a placement came about."""

    JOB_REFERRAL = "job_referral"
    JOB_FAIR = "job_fair"
    ARRANGED = "arranged"
    TRAINING_PROVIDER = "training_provider"
    TARGETED_RECRUITMENT = "targeted_recruitment"
    SELF_FOUND = "self_found"
    OTHER = "other"


register_labels(
    PlacementSource,
    {
        PlacementSource.JOB_REFERRAL: ("Job referral", "岗位推荐"),
        PlacementSource.JOB_FAIR: ("Job fair", "专场招聘会"),
        PlacementSource.ARRANGED: ("Arranged by the government", "政府安排"),
        PlacementSource.TRAINING_PROVIDER: ("Training provider", "培训机构推荐"),
        PlacementSource.TARGETED_RECRUITMENT: ("Targeted recruitment of veterans", "定向招聘"),
        PlacementSource.SELF_FOUND: ("Found by the veteran", "自主求职"),
        PlacementSource.OTHER: ("Other", "其他"),
    },
)


class LegalForm(StrEnum):
    """Legal form of a venture."""

    INDIVIDUAL_BUSINESS = "individual_business"
    SOLE_PROPRIETORSHIP = "sole_proprietorship"
    PARTNERSHIP = "partnership"
    LIMITED_COMPANY = "limited_company"
    COOPERATIVE = "cooperative"
    OTHER = "other"


register_labels(
    LegalForm,
    {
        LegalForm.INDIVIDUAL_BUSINESS: ("Individual business", "个体工商户"),
        LegalForm.SOLE_PROPRIETORSHIP: ("Sole proprietorship", "个人独资企业"),
        LegalForm.PARTNERSHIP: ("Partnership", "合伙企业"),
        LegalForm.LIMITED_COMPANY: ("Limited company", "有限责任公司"),
        LegalForm.COOPERATIVE: ("Farmers' cooperative", "农民专业合作社"),
        LegalForm.OTHER: ("Other", "其他"),
    },
)


class SupportKind(StrEnum):
    """Kind of support given to a venture."""

    GUARANTEED_LOAN = "guaranteed_loan"
    TAX_RELIEF = "tax_relief"
    SUBSIDY = "subsidy"
    INCUBATION = "incubation"
    MENTORING = "mentoring"
    PREMISES = "premises"
    TRAINING = "training"


register_labels(
    SupportKind,
    {
        SupportKind.GUARANTEED_LOAN: ("Guaranteed business loan", "创业担保贷款"),
        SupportKind.TAX_RELIEF: ("Tax relief (Caishui [2019] No. 21)", "税收优惠"),
        SupportKind.SUBSIDY: ("Start-up subsidy", "创业补贴"),
        SupportKind.INCUBATION: ("Incubation", "创业孵化"),
        SupportKind.MENTORING: ("Mentoring", "创业导师指导"),
        SupportKind.PREMISES: ("Premises or rent relief", "场地支持"),
        SupportKind.TRAINING: ("Entrepreneurship training", "创业培训"),
    },
)


class OperatingStatus(StrEnum):
    """A venture's operating status on a snapshot's date (as the market-regulation register or
    the office's visit records it).

    - ``OPERATING``: trading (存续/在业).
    - ``SUSPENDED``: registered but not trading for now (歇业, Regulations on the Registration
      of Market Entities 2021, art. 30: up to three years).
    - ``CLOSED``: stopped trading for good, not (yet) struck off (停业/关闭).
    - ``DEREGISTERED``: struck off the register (注销).
    """

    OPERATING = "operating"
    SUSPENDED = "suspended"
    CLOSED = "closed"
    DEREGISTERED = "deregistered"


register_labels(
    OperatingStatus,
    {
        OperatingStatus.OPERATING: ("Operating", "正常经营"),
        OperatingStatus.SUSPENDED: ("Suspended", "歇业"),
        OperatingStatus.CLOSED: ("Closed", "停业关闭"),
        OperatingStatus.DEREGISTERED: ("Deregistered", "已注销"),
    },
)


class RepaymentStatus(StrEnum):
    """Where a guaranteed start-up loan's repayment stood on ``Support.repayment_as_of``.

    - ``CURRENT``: being repaid on schedule (正常还款).
    - ``REPAID``: repaid in full (已结清).
    - ``IN_ARREARS``: a repayment is overdue (逾期).
    - ``DEFAULTED``: the guarantee fund paid out for the borrower (代偿), or the lender wrote
      the loan off.
    """

    CURRENT = "current"
    REPAID = "repaid"
    IN_ARREARS = "in_arrears"
    DEFAULTED = "defaulted"


register_labels(
    RepaymentStatus,
    {
        RepaymentStatus.CURRENT: ("Repaying on schedule", "正常还款"),
        RepaymentStatus.REPAID: ("Repaid in full", "已结清"),
        RepaymentStatus.IN_ARREARS: ("In arrears", "逾期"),
        RepaymentStatus.DEFAULTED: ("Defaulted (guarantee paid out)", "违约代偿"),
    },
)


class CertificationKind(StrEnum):
    """A certification or intellectual-property right of a venture (the code list; the body
    that grants each and its legal basis are in :data:`CERTIFICATION_SOURCES`)."""

    HIGH_TECH_ENTERPRISE = "high_tech_enterprise"
    SCIENCE_BASED_SME = "science_based_sme"
    SPECIALISED_SME = "specialised_sme"
    INVENTION_PATENT = "invention_patent"
    UTILITY_MODEL_PATENT = "utility_model_patent"
    DESIGN_PATENT = "design_patent"
    SOFTWARE_COPYRIGHT = "software_copyright"
    OTHER = "other"


register_labels(
    CertificationKind,
    {
        CertificationKind.HIGH_TECH_ENTERPRISE: ("High-tech enterprise", "高新技术企业"),
        CertificationKind.SCIENCE_BASED_SME: ("Science-based SME", "科技型中小企业"),
        CertificationKind.SPECIALISED_SME: (
            "Specialised and sophisticated SME",
            "专精特新中小企业",
        ),
        CertificationKind.INVENTION_PATENT: ("Invention patent", "发明专利"),
        CertificationKind.UTILITY_MODEL_PATENT: ("Utility-model patent", "实用新型专利"),
        CertificationKind.DESIGN_PATENT: ("Design patent", "外观设计专利"),
        CertificationKind.SOFTWARE_COPYRIGHT: ("Software copyright", "软件著作权"),
        CertificationKind.OTHER: ("Other certification", "其他认定"),
    },
)


class ContactKind(StrEnum):
    """Kind of service contact."""

    REGISTRATION = "registration"
    ASSESSMENT = "assessment"
    COUNSELLING = "counselling"
    JOB_REFERRAL = "job_referral"
    TRAINING_REFERRAL = "training_referral"
    JOB_FAIR = "job_fair"
    CASE_MANAGEMENT = "case_management"
    ENTREPRENEURSHIP_SUPPORT = "entrepreneurship_support"
    SUPPORT_SERVICE = "support_service"
    FOLLOW_UP = "follow_up"
    INFORMATION = "information"
    DIFFICULTY_ASSISTANCE = "difficulty_assistance"


register_labels(
    ContactKind,
    {
        ContactKind.REGISTRATION: ("Registration", "登记"),
        ContactKind.ASSESSMENT: ("Assessment", "评估"),
        ContactKind.COUNSELLING: ("Counselling", "职业指导"),
        ContactKind.JOB_REFERRAL: ("Job referral", "岗位推荐"),
        ContactKind.TRAINING_REFERRAL: ("Training referral", "培训推荐"),
        ContactKind.JOB_FAIR: ("Job fair", "招聘会"),
        ContactKind.CASE_MANAGEMENT: ("Case management", "个案管理"),
        ContactKind.ENTREPRENEURSHIP_SUPPORT: ("Entrepreneurship support", "创业服务"),
        ContactKind.SUPPORT_SERVICE: ("Support service", "帮扶服务"),
        ContactKind.FOLLOW_UP: ("Follow-up", "跟踪回访"),
        ContactKind.INFORMATION: ("Information only", "信息咨询"),
        ContactKind.DIFFICULTY_ASSISTANCE: (
            "Targeted assistance for employment difficulty",
            "就业困难针对性帮扶",
        ),
    },
)


class Channel(StrEnum):
    """How a contact took place."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    ONLINE = "online"
    HOME_VISIT = "home_visit"
    MESSAGE = "message"


register_labels(
    Channel,
    {
        Channel.IN_PERSON: ("In person", "现场"),
        Channel.PHONE: ("Telephone", "电话"),
        Channel.ONLINE: ("Online", "网上"),
        Channel.HOME_VISIT: ("Home visit", "上门走访"),
        Channel.MESSAGE: ("Text message", "短信"),
    },
)


class QualityDimension(StrEnum):
    """UNECE dimensions of quality of employment (ECE/CES/40, 2015)."""

    SAFETY_AND_ETHICS = "safety_and_ethics"
    INCOME_AND_BENEFITS = "income_and_benefits"
    WORKING_TIME = "working_time"
    SECURITY_AND_PROTECTION = "security_and_protection"
    SOCIAL_DIALOGUE = "social_dialogue"
    SKILLS_DEVELOPMENT = "skills_development"
    RELATIONSHIPS_AND_MOTIVATION = "relationships_and_motivation"


register_labels(
    QualityDimension,
    {
        QualityDimension.SAFETY_AND_ETHICS: ("Safety and ethics of employment", "就业安全与伦理"),
        QualityDimension.INCOME_AND_BENEFITS: ("Income and benefits from employment", "收入与福利"),
        QualityDimension.WORKING_TIME: (
            "Working time and work-life balance",
            "工作时间与工作生活平衡",
        ),
        QualityDimension.SECURITY_AND_PROTECTION: (
            "Security of employment and social protection",
            "就业保障与社会保护",
        ),
        QualityDimension.SOCIAL_DIALOGUE: ("Social dialogue", "社会对话"),
        QualityDimension.SKILLS_DEVELOPMENT: ("Skills development and training", "技能发展与培训"),
        QualityDimension.RELATIONSHIPS_AND_MOTIVATION: (
            "Employment-related relationships and work motivation",
            "工作关系与工作动机",
        ),
    },
)


class Topic(StrEnum):
    """What a survey question measures, so scoring can find it."""

    JOB_SATISFACTION = "job_satisfaction"
    JOB_DEMAND = "job_demand"
    JOB_RESOURCE = "job_resource"
    STILL_EMPLOYED = "still_employed"
    MONTHLY_WAGE = "monthly_wage"
    WEEKLY_HOURS = "weekly_hours"
    TRAINING_RELEVANCE = "training_relevance"
    SERVICE_SATISFACTION = "service_satisfaction"
    COMMENT = "comment"


register_labels(
    Topic,
    {
        Topic.JOB_SATISFACTION: ("Job satisfaction", "工作满意度"),
        Topic.JOB_DEMAND: ("Job demand", "工作要求"),
        Topic.JOB_RESOURCE: ("Job resource", "工作资源"),
        Topic.STILL_EMPLOYED: ("Still employed", "是否在岗"),
        Topic.MONTHLY_WAGE: ("Monthly wage", "月工资"),
        Topic.WEEKLY_HOURS: ("Weekly hours", "周工时"),
        Topic.TRAINING_RELEVANCE: ("Training relevance", "培训对口"),
        Topic.SERVICE_SATISFACTION: ("Satisfaction with services", "服务满意度"),
        Topic.COMMENT: ("Free comment", "意见建议"),
    },
)


class Disposition(StrEnum):
    """Final disposition of a survey case (AAPOR Standard Definitions)."""

    COMPLETE = "complete"
    PARTIAL = "partial"
    REFUSAL = "refusal"
    NON_CONTACT = "non_contact"
    OTHER = "other"
    UNKNOWN_HOUSEHOLD = "unknown_household"
    UNKNOWN_OTHER = "unknown_other"
    NOT_ELIGIBLE = "not_eligible"


register_labels(
    Disposition,
    {
        Disposition.COMPLETE: ("Complete interview", "完成"),
        Disposition.PARTIAL: ("Partial interview", "部分完成"),
        Disposition.REFUSAL: ("Refusal or break-off", "拒访"),
        Disposition.NON_CONTACT: ("Non-contact", "未联系上"),
        Disposition.OTHER: ("Other non-response", "其他未答"),
        Disposition.UNKNOWN_HOUSEHOLD: ("Unknown if eligible: household", "资格未知(住户)"),
        Disposition.UNKNOWN_OTHER: ("Unknown if eligible: other", "资格未知(其他)"),
        Disposition.NOT_ELIGIBLE: ("Not eligible", "不符合条件"),
    },
)


class SurveyMode(StrEnum):
    """How a survey was administered."""

    PHONE = "phone"
    ONLINE = "online"
    IN_PERSON = "in_person"
    SMS = "sms"
    MAIL = "mail"


register_labels(
    SurveyMode,
    {
        SurveyMode.PHONE: ("Telephone", "电话"),
        SurveyMode.ONLINE: ("Online", "网络"),
        SurveyMode.IN_PERSON: ("In person", "面访"),
        SurveyMode.SMS: ("Text message", "短信"),
        SurveyMode.MAIL: ("Mail", "邮寄"),
    },
)


class LabourStatus(StrEnum):
    """Labour-force status (ILO)."""

    EMPLOYED = "employed"
    SELF_EMPLOYED = "self_employed"
    UNEMPLOYED = "unemployed"
    INACTIVE = "inactive"


register_labels(
    LabourStatus,
    {
        LabourStatus.EMPLOYED: ("Employed", "受雇就业"),
        LabourStatus.SELF_EMPLOYED: ("Self-employed", "自主创业或灵活就业"),
        LabourStatus.UNEMPLOYED: ("Unemployed", "失业"),
        LabourStatus.INACTIVE: ("Economically inactive", "非经济活动人口"),
    },
)
