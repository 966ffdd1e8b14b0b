"""City profiles: the parameters the sample-city generator draws a caseload from.

A :class:`CityProfile` holds what is specific to a city: its districts and how the veteran
population is spread over them, the local minimum-wage series, name and phone-number patterns,
and the generator's behaviour, every probability, rate, mean, range and weight it draws with,
as named parameters grouped by part of the veteran's life (see
:mod:`veteran_services.synthetic.parameters`). :data:`NANJING` is the built-in profile, a
Nanjing-like city in Jiangsu province.

A variant is one :func:`attrs.evolve` away; here, veterans who refuse a follow-up interview
once are more likely to answer the next one than in the built-in city:

>>> import attrs
>>> keen = attrs.evolve(NANJING, follow_up=attrs.evolve(NANJING.follow_up, after_refusal=0.9))
>>> keen.follow_up.after_refusal
0.9

The minimum-wage series here is a *generation parameter*: the sample city draws wages around
multiples of the minimum wage in force when a job starts. It is not the library's reference
table of minimum wages (that belongs to the labour-market parameters, with a source per row).

>>> NANJING.minimum_wage_on(date(2022, 1, 1))
Decimal('2280')
>>> [d for d, _ in NANJING.district_weights][:2]
['320102', '320104']
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
from attrs import field, frozen

from veteran_services.errors import InvalidInputError, InvalidRecordError
from veteran_services.synthetic.parameters import (
    OFFICE_BLANKS,
    BlankParameters,
    ContactParameters,
    EarningsParameters,
    EmployerParameters,
    FollowUpParameters,
    JobQualityParameters,
    JobSearchParameters,
    PayParameters,
    PlacementParameters,
    ProviderParameters,
    RegistrationParameters,
    ResettlementParameters,
    ServiceParameters,
    TrainingParameters,
    VentureParameters,
)

__all__ = ["NANJING", "CityProfile", "MinimumWageRate"]


@frozen(kw_only=True)
class MinimumWageRate:
    """A monthly minimum wage in force from ``valid_from`` until the next rate.

    ``confirmed`` is ``False`` for rows whose figure could not be checked against the
    published notice; ``source`` names where the figure comes from.
    """

    valid_from: date
    monthly: Decimal
    source: str
    confirmed: bool = True


def _group(cls: type) -> Any:
    """A validator: the field holds a *cls* (a group of behaviour parameters)."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            msg = f"'{attribute.name}' must be a {cls.__name__}, got {value!r}"
            raise InvalidRecordError(attribute.name, msg)

    return validate


def _rates_in_order(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        raise InvalidRecordError("minimum_wages", "'minimum_wages' must not be empty")
    dates = [rate.valid_from for rate in value]
    if dates != sorted(set(dates)):
        msg = f"'minimum_wages' must be in increasing order of 'valid_from', got {dates}"
        raise InvalidRecordError("minimum_wages", msg)


@frozen(kw_only=True)
class CityProfile:
    """The parameters of a city for the sample-city generator.

    Attributes:
        name: The city's name (English).
        region: The city's region code (e.g. ``"320100"`` for Nanjing).
        district_weights: ``(region code, weight)`` pairs: where veterans, employers and
            providers are, roughly in proportion to population.
        rural_districts: Districts whose veterans more often carry the ``rural_area`` barrier
            and whose ventures are more often agricultural co-operatives.
        minimum_wages: The local monthly minimum wage over time, oldest first.
        earliest: The first date the generator uses (separations, jobs): no earlier than the
            first minimum-wage row.
        surnames: Common family names, with weights.
        male_name_characters: Characters from which men's given names are drawn.
        female_name_characters: Characters from which women's given names are drawn.
        phone_prefixes: Three-digit mobile prefixes.
        providers: Training providers and their programmes.
        employers: Employers: how many, partners, hiring weights.
        service: Military service: rank, sex, dates, branch, discharge, disability.
        resettlement: How veterans are resettled.
        registration: Registration, education, barriers, hidden traits, exclusions.
        contacts: Service contacts (assessment, counselling, case work, referrals).
        training: Adaptive and further training, outcomes and credentials.
        job_search: Whether a veteran works or founds a venture; waits between jobs.
        placement: Placements: link to training, employer, contract, tenure, source.
        job_quality: Placements' hours and social insurance.
        pay: Placements' wages.
        earnings: Quarterly wage records.
        ventures: Ventures: founders, form, survival, support, growth.
        follow_up: Follow-up survey cases and non-response.
        blanks: What the office leaves blank (the share of records missing each optional fact;
            default :data:`~veteran_services.synthetic.OFFICE_BLANKS`, an office's rates;
            :data:`~veteran_services.synthetic.NO_BLANKS` records every fact).

    The behaviour groups default to the built-in city's values, so a profile made with only
    the city's geography and names (as before they existed) behaves like :data:`NANJING`.
    """

    name: str
    region: str
    district_weights: tuple[tuple[str, int], ...]
    rural_districts: frozenset[str]
    minimum_wages: tuple[MinimumWageRate, ...] = field(validator=_rates_in_order)
    earliest: date = field()
    surnames: tuple[tuple[str, int], ...]
    male_name_characters: str
    female_name_characters: str
    phone_prefixes: tuple[str, ...]
    providers: ProviderParameters = field(
        factory=ProviderParameters, validator=_group(ProviderParameters)
    )
    employers: EmployerParameters = field(
        factory=EmployerParameters, validator=_group(EmployerParameters)
    )
    service: ServiceParameters = field(
        factory=ServiceParameters, validator=_group(ServiceParameters)
    )
    resettlement: ResettlementParameters = field(
        factory=ResettlementParameters, validator=_group(ResettlementParameters)
    )
    registration: RegistrationParameters = field(
        factory=RegistrationParameters, validator=_group(RegistrationParameters)
    )
    contacts: ContactParameters = field(
        factory=ContactParameters, validator=_group(ContactParameters)
    )
    training: TrainingParameters = field(
        factory=TrainingParameters, validator=_group(TrainingParameters)
    )
    job_search: JobSearchParameters = field(
        factory=JobSearchParameters, validator=_group(JobSearchParameters)
    )
    placement: PlacementParameters = field(
        factory=PlacementParameters, validator=_group(PlacementParameters)
    )
    job_quality: JobQualityParameters = field(
        factory=JobQualityParameters, validator=_group(JobQualityParameters)
    )
    pay: PayParameters = field(factory=PayParameters, validator=_group(PayParameters))
    earnings: EarningsParameters = field(
        factory=EarningsParameters, validator=_group(EarningsParameters)
    )
    ventures: VentureParameters = field(
        factory=VentureParameters, validator=_group(VentureParameters)
    )
    follow_up: FollowUpParameters = field(
        factory=FollowUpParameters, validator=_group(FollowUpParameters)
    )
    blanks: BlankParameters = field(default=OFFICE_BLANKS, validator=_group(BlankParameters))

    @earliest.validator
    def _after_first_rate(self, attribute: attrs.Attribute[Any], value: date) -> None:
        if value < self.minimum_wages[0].valid_from:
            msg = (
                f"'earliest' must not precede the first minimum wage "
                f"({self.minimum_wages[0].valid_from}), got {value}"
            )
            raise InvalidRecordError("earliest", msg)

    @property
    def districts(self) -> tuple[str, ...]:
        """The district codes, in profile order."""
        return tuple(code for code, _ in self.district_weights)

    def minimum_wage_on(self, day: date) -> Decimal:
        """The monthly minimum wage in force on *day*.

        Raises:
            InvalidInputError: if *day* precedes the first rate of the series.
        """
        found: Decimal | None = None
        for rate in self.minimum_wages:
            if rate.valid_from <= day:
                found = rate.monthly
            else:
                break
        if found is None:
            msg = (
                f"'day' must not precede the first minimum wage of {self.name} "
                f"({self.minimum_wages[0].valid_from}), got {day}"
            )
            raise InvalidInputError("day", msg)
        return found


_JIANGSU_NOTICE = "Jiangsu Provincial Government notice on adjusting minimum wage standards"

#: Jiangsu class I areas (which include Nanjing's districts). The 2017 level is the one the
#: project's methodology reference confirms (1,770 CNY a month in 2017; some secondary sources
#: date 1,770 from 2016-01-01 and a rise to 1,890 in mid-2017, which could not be checked here).
#: The later rows could not be confirmed against the provincial notices from this machine and
#: are marked unconfirmed; they are generation parameters only.
_NANJING_MINIMUM_WAGES = (
    MinimumWageRate(
        valid_from=date(2017, 7, 1),
        monthly=Decimal("1770"),
        source=f"{_JIANGSU_NOTICE} (2017), class I; level per METHODOLOGY.md section 4",
        confirmed=True,
    ),
    MinimumWageRate(
        valid_from=date(2018, 8, 1),
        monthly=Decimal("2020"),
        source=f"{_JIANGSU_NOTICE} (2018), class I",
        confirmed=False,  # unconfirmed
    ),
    MinimumWageRate(
        valid_from=date(2021, 8, 1),
        monthly=Decimal("2280"),
        source=f"{_JIANGSU_NOTICE} (2021), class I",
        confirmed=False,  # unconfirmed
    ),
    MinimumWageRate(
        valid_from=date(2025, 10, 1),
        monthly=Decimal("2490"),
        source=f"{_JIANGSU_NOTICE} (2025), class I",
        confirmed=False,  # unconfirmed
    ),
)

# Weights roughly follow the districts' resident populations (in ten thousands, rounded).
_NANJING_DISTRICTS = (
    ("320102", 54),  # Xuanwu 玄武区
    ("320104", 74),  # Qinhuai 秦淮区
    ("320105", 54),  # Jianye 建邺区
    ("320106", 94),  # Gulou 鼓楼区
    ("320111", 121),  # Pukou 浦口区
    ("320113", 100),  # Qixia 栖霞区
    ("320114", 62),  # Yuhuatai 雨花台区
    ("320115", 197),  # Jiangning 江宁区
    ("320116", 95),  # Luhe 六合区
    ("320117", 50),  # Lishui 溧水区
    ("320118", 44),  # Gaochun 高淳区
)

#: The built-in profile: a Nanjing-like city (Jiangsu class I minimum-wage area).
NANJING = CityProfile(
    name="Nanjing",
    region="320100",
    district_weights=_NANJING_DISTRICTS,
    rural_districts=frozenset({"320116", "320117", "320118"}),
    minimum_wages=_NANJING_MINIMUM_WAGES,
    earliest=date(2017, 7, 1),
    surnames=(
        ("王", 72),
        ("李", 71),
        ("张", 69),
        ("刘", 54),
        ("陈", 46),
        ("杨", 31),
        ("赵", 20),
        ("黄", 19),
        ("周", 18),
        ("吴", 17),
        ("徐", 15),
        ("孙", 14),
        ("胡", 13),
        ("朱", 12),
        ("高", 11),
        ("林", 10),
        ("何", 10),
        ("郭", 9),
        ("马", 9),
        ("罗", 8),
        ("梁", 7),
        ("宋", 6),
        ("郑", 6),
        ("谢", 6),
        ("韩", 5),
        ("唐", 5),
        ("冯", 5),
        ("于", 5),
        ("董", 5),
        ("萧", 4),
        ("程", 4),
        ("曹", 4),
        ("袁", 4),
        ("邓", 4),
        ("许", 4),
        ("傅", 4),
        ("沈", 4),
        ("曾", 4),
        ("彭", 4),
        ("吕", 4),
        ("蒋", 4),
        ("顾", 3),
        ("陆", 3),
        ("丁", 3),
        ("葛", 2),
    ),
    male_name_characters=(
        "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发"
        "武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪"
        "心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启"
        "克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
    ),
    female_name_characters=(
        "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹"
        "霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶"
    ),
    phone_prefixes=(
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151",
        "152", "153", "155", "156", "157", "158", "159", "166", "173", "176", "177", "178",
        "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198",
        "199",
    ),
)  # fmt: skip
