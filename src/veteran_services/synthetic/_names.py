"""The sample city's names in Chinese: the templates and words the generator builds names from.

The generator builds every provider's, programme's and employer's name in English (what the
caseload holds, so the pinned digests stay); a Chinese report or command shows them in Chinese
through these templates and words, registered at import with :func:`register_templates` and put
in the ``zh`` message catalogue by ``scripts/i18n.py extract``.
"""

from __future__ import annotations

from typing import Final

from veteran_services._i18n import register_templates
from veteran_services.codes import region

__all__ = [
    "EMPLOYER_NAMES_ZH",
    "EMPLOYER_NOUNS_ZH",
    "NAME_WORDS_ZH",
    "PROGRAMME_TITLES_ZH",
    "PROVIDER_NAMES_ZH",
]
#: How the generator builds providers' names, with their Chinese (most specific first).
PROVIDER_NAMES_ZH: Final[dict[str, str]] = {
    "{district} Veterans Vocational Skills Training Centre": "{district}区退役军人职业技能培训中心",
    "{district} Veterans Entrepreneurship Incubation Base": "{district}区退役军人创业孵化基地",
    "{city} {word} Vocational and Technical College": "{city}{word}职业技术学院",
    "{city} {word} Secondary Vocational School": "{city}{word}中等职业学校",
    "{city} Institute of Technology School of Continuing Education": (
        "{city}工业职业技术大学继续教育学院"
    ),
    "{word} Skills Training School No. {n}": "{word}职业技能培训学校第{n}分校",
    "{word} Skills Training School": "{word}职业技能培训学校",
    "{city} Metro Operations Training Base": "{city}地铁运营培训基地",
    "{city} Veterans Mutual Aid Association": "{city}退役军人互助协会",
    "Jinling Logistics Group Training Centre": "金陵物流集团培训中心",
    "Yangtze Auto Service Academy": "扬子汽车服务学院",
    "Purple Mountain Industrial Maintenance Academy": "紫金山工业维修学院",
}

#: The words of the names (the city, colleges' names, EMPLOYER_WORDS), with their Chinese.
NAME_WORDS_ZH: Final[dict[str, str]] = {
    "Nanjing": "南京",
    "Yangtze River": "长江",
    "Jinling": "金陵",
    "Zhongshan": "中山",
    "Xuanwu Lake": "玄武湖",
    "Yangtze": "扬子",
    "Qinhuai": "秦淮",
    "Purple Mountain": "紫金山",
    "Stone City": "石城",
    "Plum Blossom": "梅花",
    "Lion Rock": "狮子山",
    "Swallow Rock": "燕子矶",
    "Mochou": "莫愁",
    "Yuhua": "雨花",
    "Jiangbei": "江北",
    "Greenfield": "绿野",
    "Sunrise": "旭日",
    "Harmony": "和谐",
    "Evergreen": "长青",
    "Pioneer": "先锋",
    "Honour": "荣誉",
    "Iron Guard": "铁卫",
    "Great River": "大江",
    "Bell Tower": "钟楼",
    "Drum Tower": "鼓楼",
    "Xianlin": "仙林",
    "Tangshan": "汤山",
    "Qixia": "栖霞",
    "Hexi": "河西",
    "Jiangxin": "江心",
    "Golden Phoenix": "金凤",
    "Red Star": "红星",
}


def _district_words() -> dict[str, str]:
    """The districts' short names (``Xuanwu``: the generator's ``district_name``) in Chinese."""
    words = {}
    for code in (
        "320102",
        "320104",
        "320105",
        "320106",
        "320111",
        "320113",
        "320114",
        "320115",
        "320116",
        "320117",
        "320118",
    ):
        district = region(code)
        words[district.name_en.removesuffix(" District")] = district.name_zh.removesuffix("区")
    return words


#: Programmes' titles (PROGRAMMES) in Chinese.
PROGRAMME_TITLES_ZH: Final[dict[str, str]] = {
    "Adaptive training for newly separated veterans": "新退役军人适应性培训",
    "Heavy goods vehicle driver (A2 licence)": "重型货车驾驶员（A2 驾照）",
    "Ride-hailing and taxi driver": "网约车与出租车驾驶员",
    "Security guard": "保安员",
    "Low-voltage electrician": "低压电工",
    "Welding and thermal cutting": "焊接与热切割",
    "Forklift operator": "叉车司机",
    "Chinese cuisine cook": "中式烹调师",
    "Elderly care assistant": "养老护理员",
    "Warehouse and logistics operations": "仓储与物流作业",
    "Software development (Java)": "软件开发（Java）",
    "Network and ICT support": "网络与信息技术支持",
    "Motor vehicle maintenance": "汽车维修",
    "Property management services": "物业管理服务",
    "Accounting and bookkeeping": "会计与记账",
    "Drone operation": "无人机操控",
    "E-commerce and live-stream selling": "电子商务与直播销售",
    "Plumbing and pipe fitting": "管道安装与维修",
    "Start Your Business (SYB)": "创办你的企业（SYB）",
    "Improve Your Business (IYB)": "改善你的企业（IYB）",
    "Rural e-commerce entrepreneurship": "农村电商创业",
    "Higher vocational diploma: mechatronics": "高职学历：机电一体化",
    "Higher vocational diploma: logistics management": "高职学历：物流管理",
    "Part-time bachelor's degree: business administration": "非全日制本科：工商管理",
    "Enterprise apprenticeship: rail transit operations": "企业新型学徒制：轨道交通运营",
    "Enterprise apprenticeship: automotive service": "企业新型学徒制：汽车服务",
    "Enterprise apprenticeship: industrial maintenance": "企业新型学徒制：工业维修",
    "On-the-job training: logistics dispatcher": "在岗培训：物流调度员",
    "On-the-job training: security supervisor": "在岗培训：保安主管",
    "Upper secondary completion for veterans": "退役军人高中阶段学历教育",
    "Digital skills for work": "职场数字技能",
    "Career planning and psychological adjustment workshop": "职业规划与心理调适工作坊",
}

#: How the generator builds employers' names, with their Chinese (most specific first).
EMPLOYER_NAMES_ZH: Final[dict[str, str]] = {
    "{district} District {noun}": "{district}区{noun}",
    "{word} {noun} (individual business)": "{word}{noun}（个体工商户）",
    "{city} {word} {noun} Association": "{city}{word}{noun}协会",
    "{city} {word} {noun} Group Co., Ltd.": "{city}{word}{noun}集团有限公司",
    "{city} {word} {noun} Co., Ltd.": "{city}{word}{noun}有限公司",
    "{city} {district} {noun}": "{city}{district}区{noun}",
}

#: The nouns of employers' names (SECTION_NOUNS) in Chinese.
EMPLOYER_NOUNS_ZH: Final[dict[str, str]] = {
    "Agricultural Cooperative": "农业合作社",
    "Ecological Farm": "生态农场",
    "Seedling Company": "种苗公司",
    "Machinery": "机械",
    "Precision Manufacturing": "精密制造",
    "Electronics": "电子",
    "Auto Parts": "汽车零部件",
    "Food Products": "食品",
    "New Materials": "新材料",
    "Power Supply Company": "供电公司",
    "Gas Company": "燃气公司",
    "Heat and Power": "热电",
    "Water Group": "水务集团",
    "Environmental Services": "环境服务",
    "Sanitation Company": "环卫公司",
    "Construction Engineering": "建筑工程",
    "Decoration Engineering": "装饰工程",
    "Municipal Construction": "市政建设",
    "Trading": "商贸",
    "Supermarket Chain": "连锁超市",
    "Auto Sales and Service": "汽车销售服务",
    "Pharmacy Chain": "连锁药房",
    "Building Materials Trading": "建材商贸",
    "Logistics": "物流",
    "Express Delivery": "快递",
    "Bus Company": "公交公司",
    "Freight Transport": "货运",
    "Supply Chain Management": "供应链管理",
    "Metro Operations": "地铁运营",
    "Catering Management": "餐饮管理",
    "Hotel": "酒店",
    "Restaurant": "餐厅",
    "Software": "软件",
    "Information Technology": "信息技术",
    "Network Technology": "网络科技",
    "Data Services": "数据服务",
    "Rural Commercial Bank Branch": "农村商业银行支行",
    "Insurance Agency": "保险代理",
    "Financial Services": "金融服务",
    "Property Management": "物业管理",
    "Real Estate Services": "房地产服务",
    "Facility Services": "设施服务",
    "Engineering Consulting": "工程咨询",
    "Surveying and Mapping": "测绘",
    "Accounting Firm": "会计师事务所",
    "Design Institute": "设计院",
    "Security Services": "保安服务",
    "Human Resources Services": "人力资源服务",
    "Cleaning Services": "保洁服务",
    "Escort Services": "押运服务",
    "Urban Management Bureau": "城市管理局",
    "Public Security Sub-bureau": "公安分局",
    "Street Office": "街道办事处",
    "Market Supervision Bureau": "市场监督管理局",
    "Secondary School": "中学",
    "Training School": "培训学校",
    "Driving School": "驾驶培训学校",
    "Hospital": "医院",
    "Elderly Care Centre": "养老服务中心",
    "Community Health Service Centre": "社区卫生服务中心",
    "Sports Centre": "体育中心",
    "Cultural Tourism Group": "文化旅游集团",
    "Auto Repair": "汽车维修",
    "Appliance Repair": "家电维修",
    "Community Services": "社区服务",
}


register_templates(
    "name",
    {
        **PROVIDER_NAMES_ZH,
        **EMPLOYER_NAMES_ZH,
        **PROGRAMME_TITLES_ZH,
        **NAME_WORDS_ZH,
        **EMPLOYER_NOUNS_ZH,
        **_district_words(),
    },
)
