"""Make the example district ledger: 退役军人就业台账, as an office keeps it.

Writes ``ledger.xlsx`` (sheet 在岗) and a GBK copy ``ledger.csv`` into the folder given (the
current folder by default); ``examples/data/`` holds the copies the tests and the docs use.
The ledger is synthetic but shaped like the real thing: one row per job, the veteran repeated
on a second row when they changed jobs; a title row above the header; dates, wages and
insurance written in the forms offices use; training (provider, programme, dates, result) for
about half the veterans; blanks where offices leave them; employers written two ways; and a few
rows with mistakes (an impossible date, a wage that could be two amounts,
a job without an employer), which the import names by sheet, row and header.

Run: ``python examples/make_ledger.py [FOLDER]``.
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from veteran_services.errors import MissingExtraError

HEADER = [
    "序号",
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "入伍时间",
    "退役时间",
    "安置方式",
    "学历",
    "所在区",
    "用人单位",
    "岗位",
    "月工资",
    "合同类型",
    "入职日期",
    "离职日期",
    "社保",
    "培训机构",
    "机构类型",
    "培训项目",
    "培训类型",
    "参训日期",
    "结业日期",
    "培训结果",
]
TITLE = "南京市××区退役军人就业台账（2025年）"

SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗"
GIVEN = ["伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "鹏", "浩", "俊", "斌", "峰", "晨"]
DISTRICTS = [
    ("320102", "玄武区"),
    ("320104", "秦淮区"),
    ("320105", "建邺区"),
    ("320106", "鼓楼区"),
    ("320111", "浦口区"),
    ("320113", "栖霞区"),
    ("320114", "雨花台区"),
    ("320115", "江宁区"),
    ("320116", "六合区"),
]
EMPLOYERS = [
    ("南京金盾保安服务有限公司", "保安员"),
    ("南京金盾保安服务有限责任公司", "保安员"),  # the same employer, written another way
    ("江苏顺达快递有限公司", "快递员"),
    ("南京美团外卖配送站", "外卖骑手"),
    ("南京某网约车服务有限公司", "网约车司机"),
    ("南京长江物流有限公司", "货车司机"),
    ("南京市公安局江宁分局", "辅警"),
    ("南京苏宁物业管理有限公司", "物业管理员"),
    ("南京华电工程有限公司", "电工"),
    ("南京金陵饭店有限公司", "厨师"),
    ("南京京东仓储有限公司", "仓管员"),
    ("南京某社区居委会", "社区工作者"),
]
RESETTLEMENT = ["自主就业", "自主就业", "自主就业", "安排工作", "退休"]
EDUCATION = ["高中", "中专", "大专", "本科", "初中", ""]
INSURANCE = ["五险一金", "五险一金", "五险", "", "无", "养老,医疗", "三险一金", "未缴"]
CONTRACTS = ["固定期限", "固定期限", "无固定期限", "劳务派遣", "", "未签", "固定期限劳动合同"]
#: Training as ledgers record it: provider, its kind, programme, its kind (the kinds' Chinese
#: labels); about half the veterans trained after separating, the rest have blank cells.
TRAINING = [
    ("南京市退役军人职业技能培训中心", "公共实训基地", "保安员职业技能培训", "职业技能培训"),
    ("南京市退役军人职业技能培训中心", "公共实训基地", "汽车驾驶培训", "职业技能培训"),
    ("江苏省退役军人创业孵化基地", "创业孵化基地", "SYB创业培训", "创业培训"),
    ("南京某职业技术学院", "高职院校", "退役士兵适应性培训", "适应性培训"),
]
OUTCOMES = ["结业", "结业", "结业", "中途退出"]
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def national_id(region: str, born: date, serial: int, male: bool) -> str:
    """A well-formed (synthetic) resident identity number: GB 11643-1999 check character."""
    sequence = serial * 2 + (1 if male else 0)
    body = f"{region}{born:%Y%m%d}{sequence:03d}"
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def training(rng: random.Random, separated: date, first_job: date) -> list[str]:
    """A veteran's training cells: blank for about half, else a course between separation and
    the first job."""
    if rng.random() < 0.5:
        return [""] * 7
    provider, provider_kind, programme, programme_kind = rng.choice(TRAINING)
    start = separated + timedelta(days=rng.randrange(5, 20))
    end = min(start + timedelta(days=rng.randrange(15, 60)), first_job - timedelta(days=1))
    dates = [f"{start:%Y-%m-%d}", f"{end:%Y/%m/%d}".replace("/0", "/")]
    return [provider, provider_kind, programme, programme_kind, *dates, rng.choice(OUTCOMES)]


def rows(seed: int = 2025) -> list[list[str]]:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    courses = random.Random(seed + 1)  # noqa: S311 - its own stream: the other cells stay
    out: list[list[str]] = []
    number = 0
    for person in range(30):
        region, district = DISTRICTS[person % len(DISTRICTS)]
        separated = date(
            rng.randrange(2015, 2025), rng.choice((3, 8, 12)), 31 if rng.random() < 0.5 else 1
        )
        enlisted = date(separated.year - rng.choice((2, 5, 8, 12)), 9, 1)
        born = date(enlisted.year - 18 - rng.randrange(3), 1, 1) + timedelta(
            days=rng.randrange(365)
        )
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN])
        veteran = [
            name,
            national_id(region, born, 100 + person, male=True),
            "男",
            born.strftime(rng.choice(["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"])).replace("/0", "/"),
            f"{enlisted:%Y-%m-%d}",
            f"{separated:%Y/%m/%d}".replace("/0", "/"),
            rng.choice(RESETTLEMENT),
            rng.choice(EDUCATION),
            district,
        ]
        jobs = 2 if person % 6 == 0 else 1
        start = separated + timedelta(days=rng.randrange(30, 200))
        trained = training(courses, separated, start)  # repeated on each of the veteran's rows
        for job in range(jobs):
            number += 1
            employer, title = EMPLOYERS[(person + job) % len(EMPLOYERS)]
            wage = rng.choice([3800, 4200, 4500, 5200, 6000, 6500, 7800])
            wage_cell = rng.choice(
                [
                    f"{wage}",
                    f"{wage}元",
                    f"{wage}.00",
                    f"{wage:,}",
                    f"{wage}元/月",
                    f"{wage / 10000:g}万",
                ]
            )
            ended = ""
            if job + 1 < jobs:
                end = start + timedelta(days=rng.randrange(200, 500))
                ended = f"{end:%Y-%m-%d}"
            cells = [
                str(number),
                *veteran,
                employer,
                title,
                wage_cell,
                rng.choice(CONTRACTS),
                f"{start:%Y-%m-%d}",
                ended,
                rng.choice(INSURANCE),
                *trained,
            ]
            out.append(cells)
            if ended:
                start = date.fromisoformat(ended) + timedelta(days=rng.randrange(10, 90))
    # the mistakes an office makes
    out[3][14] = "2024-02-30"  # 入职日期: no such day
    out[7][12] = "1234,56"  # 月工资: 1,234.56 or 123,456? never guessed
    out[11][10] = ""  # 用人单位 left out on a row with a job
    return out


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path()
    folder.mkdir(parents=True, exist_ok=True)
    table = rows()
    with (folder / "ledger.csv").open("w", encoding="gbk", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([TITLE])
        writer.writerow(HEADER)
        writer.writerows(table)
    try:
        import openpyxl  # optional: the 'excel' extra
    except ImportError as error:  # pragma: no cover - depends on the environment
        msg = "the workbook needs the 'excel' extra (pip install 'veteran-services[excel]')"
        raise MissingExtraError(msg) from error
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "在岗"
    sheet.append([TITLE])
    sheet.append(HEADER)
    for line in table:
        sheet.append(line)
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # as typed: text, never a formula
    fixed = datetime(2025, 12, 31, 0, 0)  # the same bytes on every run
    book.properties.created = book.properties.modified = fixed
    book.save(folder / "ledger.xlsx")
    print(f"wrote {len(table)} rows to {folder / 'ledger.xlsx'} and {folder / 'ledger.csv'}")


if __name__ == "__main__":
    main()
