"""Cells as offices write them: amounts with 元, 万 and separators, contract and insurance short
forms, and code-list errors in the language of the cell.

Every rule refuses what it cannot read exactly: ``1234,56`` could be 1,234.56 (a decimal comma)
or 123,456 (a misplaced separator), so it is an error, never a silent 123456.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from types import MappingProxyType
from typing import Final

from veteran_services.codes import label
from veteran_services.io._converter import format_decimal
from veteran_services.model import (
    FIVE_INSURANCES,
    ContactKind,
    ContractType,
    EnrolmentOutcome,
    Insurance,
    ProgrammeKind,
    ProviderKind,
    Veteran,
)
from veteran_services.model.identity import (
    InvalidIdentityNumberError,
    mask_cn_resident_id,
    validate_cn_resident_id,
)

__all__ = [
    "CONTRACT_FORMS",
    "INSURANCE_FORMS",
    "AmountError",
    "chinese_choices",
    "identity_problems",
    "parse_amount",
]

_MAX_AMOUNT_CHARS: Final = 40
_PREFIXES: Final = ("¥", "RMB", "CNY")
_SUFFIXES: Final = ("元/月", "元每月", "元／月", "/月", "元整", "元", "每月")
_THOUSANDS_RE: Final = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_PLAIN_RE: Final = re.compile(r"[0-9]+(\.[0-9]+)?")
_TEN_THOUSAND: Final = "万"


class AmountError(ValueError):
    """A cell that is no amount, or that could be two amounts."""


def parse_amount(text: str) -> str:
    """The decimal an amount cell holds, as the wire writes it (every digit kept).

    Accepted: ``5292.50``, ``5,292.50`` (separators only in groups of three), ``4000元``,
    ``4000元/月``, ``¥4000``, ``￥4,000``, ``0.5万`` (5000), ``1.2万元``, full-width digits.

    >>> [parse_amount(t) for t in ("4000元/月", "￥4,000.50", "0.5万", "１２３４", "1.25万元")]
    ['4000', '4000.50', '5000', '1234', '12500']
    >>> parse_amount("1234,56")
    Traceback (most recent call last):
    ...
    veteran_services.io._office.AmountError: could be 1234.56 or 123456: ...

    Raises:
        AmountError: the cell is no amount, or an ambiguous one.
    """
    if len(text) > _MAX_AMOUNT_CHARS:
        msg = f"must be an amount of at most {_MAX_AMOUNT_CHARS} characters"
        raise AmountError(msg)
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    for prefix in _PREFIXES:
        cleaned = cleaned.removeprefix(prefix)
    for suffix in _SUFFIXES:
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
            break
    scale = 0
    if cleaned.endswith(_TEN_THOUSAND):
        cleaned, scale = cleaned[:-1], 4
    if "," in cleaned:
        if not _THOUSANDS_RE.fullmatch(cleaned):
            digits = cleaned.replace(",", "")
            if cleaned.count(",") == 1 and _PLAIN_RE.fullmatch(digits):
                whole, _, tail = cleaned.partition(",")
                msg = (
                    f"could be {whole}.{tail} or {digits}: write the amount without a comma "
                    f"({whole}.{tail})"
                )
                raise AmountError(msg)
            msg = "must be an amount (thousands separators only between groups of three digits)"
            raise AmountError(msg)
        cleaned = cleaned.replace(",", "")
    if not _PLAIN_RE.fullmatch(cleaned):
        msg = "must be an amount such as 4500, 4,500.50, 4500元/月 or 0.45万"
        raise AmountError(msg)
    if not scale:
        return cleaned
    try:
        value = Decimal(cleaned).scaleb(scale)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        msg = "must be an amount"
        raise AmountError(msg) from None
    return format_decimal(value if value != value.to_integral() else value.quantize(Decimal(1)))


#: Contract types as ledgers write them (besides the values and the labels of
#: :class:`~veteran_services.model.ContractType`).
CONTRACT_FORMS: Final[Mapping[str, ContractType]] = MappingProxyType(
    {
        "无固定期限": ContractType.OPEN_ENDED,
        "无固定期限合同": ContractType.OPEN_ENDED,
        "长期合同": ContractType.OPEN_ENDED,
        "固定期限": ContractType.FIXED_TERM,
        "固定期限合同": ContractType.FIXED_TERM,
        "以完成一定工作任务为期限": ContractType.TASK_BASED,
        "项目合同": ContractType.TASK_BASED,
        "劳务派遣": ContractType.DISPATCH,
        "派遣": ContractType.DISPATCH,
        "非全日制": ContractType.PART_TIME,
        "兼职": ContractType.PART_TIME,
        "小时工": ContractType.PART_TIME,
        "公益岗": ContractType.PUBLIC_WELFARE_POST,
        "公益性岗位": ContractType.PUBLIC_WELFARE_POST,
        "无合同": ContractType.NONE,
        "未签": ContractType.NONE,
        "未签订": ContractType.NONE,
        "未签合同": ContractType.NONE,
        "无": ContractType.NONE,
    }
)

#: Service contacts, training and its results as ledgers write them (besides the values and
#: the labels of the enums), a whole cell each.
CONTACT_FORMS: Final[Mapping[str, ContactKind]] = MappingProxyType(
    {
        "回访": ContactKind.FOLLOW_UP,
        "跟踪服务": ContactKind.FOLLOW_UP,
        "就业回访": ContactKind.FOLLOW_UP,
        "推荐就业": ContactKind.JOB_REFERRAL,
        "就业推荐": ContactKind.JOB_REFERRAL,
        "职业介绍": ContactKind.JOB_REFERRAL,
        "推荐培训": ContactKind.TRAINING_REFERRAL,
        "专场招聘会": ContactKind.JOB_FAIR,
        "就业指导": ContactKind.COUNSELLING,
        "职业规划": ContactKind.COUNSELLING,
        "创业指导": ContactKind.ENTREPRENEURSHIP_SUPPORT,
        "政策咨询": ContactKind.INFORMATION,
        "政策宣传": ContactKind.INFORMATION,
    }
)
OUTCOME_FORMS: Final[Mapping[str, EnrolmentOutcome]] = MappingProxyType(
    {
        "已结业": EnrolmentOutcome.COMPLETED,
        "合格": EnrolmentOutcome.COMPLETED,
        "结业合格": EnrolmentOutcome.COMPLETED,
        "退出": EnrolmentOutcome.WITHDRAWN,
        "中途退学": EnrolmentOutcome.WITHDRAWN,
        "不合格": EnrolmentOutcome.FAILED,
        "未通过": EnrolmentOutcome.FAILED,
        "培训中": EnrolmentOutcome.IN_PROGRESS,
        "在读": EnrolmentOutcome.IN_PROGRESS,
    }
)
PROGRAMME_FORMS: Final[Mapping[str, ProgrammeKind]] = MappingProxyType(
    {
        "技能培训": ProgrammeKind.VOCATIONAL,
        "职业培训": ProgrammeKind.VOCATIONAL,
        "适应性教育": ProgrammeKind.ADAPTIVE,
        "创业": ProgrammeKind.ENTREPRENEURSHIP,
        "学历提升": ProgrammeKind.ACADEMIC,
    }
)
PROVIDER_FORMS: Final[Mapping[str, ProviderKind]] = MappingProxyType(
    {
        "公共实训中心": ProviderKind.PUBLIC_TRAINING_CENTRE,
        "技工学校": ProviderKind.VOCATIONAL_SCHOOL,
        "职业培训学校": ProviderKind.VOCATIONAL_SCHOOL,
        "职业院校": ProviderKind.VOCATIONAL_COLLEGE,
        "高校": ProviderKind.UNIVERSITY,
        "培训机构": ProviderKind.PRIVATE_INSTITUTION,
        "孵化基地": ProviderKind.INCUBATOR,
    }
)

#: Insurance as ledgers write it, a whole cell: bundles and the ways of writing "none paid".
#: An empty cell is "not recorded"; only these words are "none".
INSURANCE_FORMS: Final[Mapping[str, frozenset[Insurance]]] = MappingProxyType(
    {
        "五险一金": FIVE_INSURANCES | {Insurance.HOUSING_FUND},
        "五险": FIVE_INSURANCES,
        "三险一金": frozenset(
            {Insurance.PENSION, Insurance.MEDICAL, Insurance.UNEMPLOYMENT, Insurance.HOUSING_FUND}
        ),
        "三险": frozenset({Insurance.PENSION, Insurance.MEDICAL, Insurance.UNEMPLOYMENT}),
        "无": frozenset(),
        "未缴": frozenset(),
        "未交": frozenset(),
        "未参保": frozenset(),
        "无社保": frozenset(),
        "未缴纳": frozenset(),
    }
)

_HAN_RE: Final = re.compile(r"[\u4e00-\u9fff]")


def chinese_choices(enum: type[Enum], text: str) -> str | None:
    """For a Chinese cell that names no member of *enum*: the Chinese labels it may take,
    for the problem line (None for a cell without Chinese characters)."""
    if not _HAN_RE.search(text):
        return None
    return "、".join(label(member, "zh") for member in enum)


def identity_problems(veteran: Veteran) -> list[tuple[str, str]]:
    """What is wrong with a veteran's resident identity number as read: ``(column, message)``
    for a number that fails GB 11643-1999 (check character, date, region), or whose birth date
    or sex disagrees with the record's ``birth_date`` or ``sex``. Messages show the number
    masked, never whole; a veteran without a number has no problem."""
    personal = veteran.personal
    number = None if personal is None else personal.national_id
    if not number:
        return []
    column = "personal.national_id"
    try:
        resident = validate_cn_resident_id(number)
    except InvalidIdentityNumberError as error:
        return [(column, str(error).removeprefix("'national_id' "))]
    masked = mask_cn_resident_id(number)
    found = []
    if veteran.birth_date is not None and veteran.birth_date != resident.birth_date:
        found.append(
            (
                "birth_date",
                (
                    f"{veteran.birth_date} disagrees with the birth date in the identity number "
                    f"{masked!r}; correct one of the two"
                ),
            )
        )
    if veteran.sex is not resident.sex:
        found.append(
            (
                "sex",
                (
                    f"{label(veteran.sex, 'zh')} ({veteran.sex.value}) disagrees with the identity "
                    f"number {masked!r}, which is a {resident.sex.value}'s; correct one of the two"
                ),
            )
        )
    return found
