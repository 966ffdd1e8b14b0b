"""Chinese ISCO-08 titles, the job-title table, find_occupations and match_occupation."""

from __future__ import annotations

import subprocess
import sys
import time
import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veteran_services.codes import (
    MATCH_MARGIN,
    MATCH_MIN_SCORE,
    MAX_TITLE_LENGTH,
    OccupationMatch,
    _titles,
    find_occupations,
    is_occupation,
    job_titles,
    match_occupation,
    occupation,
    occupations,
)
from veteran_services.errors import InvalidInputError

# The held-out list: 100 job titles as district ledgers write them, with the unit group a
# careful coder would give each. Written before the alias table and the matcher existed, and
# never tuned against: no title here may appear in the alias table (a test checks this), so the
# figure measures how the matcher copes with titles it has not been told about.
HELD_OUT: tuple[tuple[str, str], ...] = (
    ("小区保安", "5414"),
    ("物业保安", "5414"),
    ("银行押运员", "5414"),
    ("保安队长", "5414"),
    ("安保人员", "5414"),
    ("地铁安检员", "5414"),
    ("顺丰快递员", "9621"),
    ("快递派送员", "9621"),
    ("京东配送员", "9621"),
    ("美团骑手", "9621"),
    ("饿了么外卖员", "9621"),
    ("外卖送餐员", "9621"),
    ("滴滴专车司机", "8322"),
    ("出租车驾驶员", "8322"),
    ("网约车驾驶员", "8322"),
    ("代驾司机", "8322"),
    ("单位司机", "8322"),
    ("小车司机", "8322"),
    ("专职驾驶员", "8322"),
    ("重型货车司机", "8332"),
    ("大货车司机", "8332"),
    ("半挂车司机", "8332"),
    ("物流公司货车驾驶员", "8332"),
    ("渣土车司机", "8332"),
    ("公交车司机", "8331"),
    ("公交驾驶员", "8331"),
    ("大巴司机", "8331"),
    ("校车司机", "8331"),
    ("交警辅警", "5412"),
    ("派出所辅警", "5412"),
    ("公安局辅警", "5412"),
    ("消防队员", "5411"),
    ("专职消防员", "5411"),
    ("森林消防员", "5411"),
    ("政府专职消防队员", "5411"),
    ("物业电工", "7411"),
    ("建筑电工", "7411"),
    ("电力线路工", "7413"),
    ("设备维修电工", "7412"),
    ("氩弧焊工", "7212"),
    ("二保焊焊工", "7212"),
    ("电焊师傅", "7212"),
    ("食堂厨师", "5120"),
    ("中餐厨师", "5120"),
    ("单位食堂炊事员", "5120"),
    ("行政总厨", "3434"),
    ("食堂帮厨", "9412"),
    ("小区物业管理员", "3334"),
    ("物业管家", "3334"),
    ("仓库保管员", "4321"),
    ("仓储管理员", "4321"),
    ("库管", "4321"),
    ("物流仓管", "4321"),
    ("仓库搬运工", "9333"),
    ("物流装卸工", "9333"),
    ("仓库叉车工", "8344"),
    ("商场导购", "5223"),
    ("门店销售", "5223"),
    ("超市营业员", "5223"),
    ("电话销售员", "5244"),
    ("房地产经纪人", "3334"),
    ("销售业务员", "3322"),
    ("超市收银员", "5230"),
    ("电话客服", "4222"),
    ("在线客服专员", "4222"),
    ("银行客服", "4222"),
    ("保洁阿姨", "9112"),
    ("写字楼保洁", "9112"),
    ("环卫工人", "9613"),
    ("道路清扫工", "9613"),
    ("垃圾清运工", "9611"),
    ("社区专职工作者", "3412"),
    ("村主任", "1113"),
    ("村委委员", "1113"),
    ("汽车修理工", "7231"),
    ("洗车店洗车员", "9122"),
    ("水暖工", "7126"),
    ("装修木工", "7115"),
    ("泥瓦匠", "7112"),
    ("装修油漆工", "7131"),
    ("空调安装工", "7127"),
    ("Java开发工程师", "2512"),
    ("办公室文员", "4110"),
    ("公司前台接待员", "4226"),
    ("酒店前台", "4224"),
    ("餐厅服务员", "5131"),
    ("驾校教练", "5165"),
    ("医院护工", "5321"),
    ("工厂普工", "9329"),
    ("数控车工", "7223"),
    ("挖掘机操作手", "8342"),
    ("塔式起重机司机", "8343"),
    ("加油站加油员", "5245"),
    ("邮政投递员", "4412"),
    ("高铁列车员", "5112"),
    ("旅行社导游", "5113"),
    ("平安保险业务员", "3321"),
    ("农商行柜员", "4211"),
    ("物流调度员", "4323"),
    ("健身教练", "3423"),
)


def _top1(pairs: tuple[tuple[str, str], ...]) -> tuple[int, list[tuple[str, str, str | None]]]:
    misses = []
    for title, expected in pairs:
        found = find_occupations(title, limit=1)
        best = found[0].code if found else None
        if best != expected:
            misses.append((title, expected, best))
    return len(pairs) - len(misses), misses


def test_held_out_list_has_100_distinct_titles() -> None:
    assert len(HELD_OUT) == 100
    assert len({title for title, _ in HELD_OUT}) == 100
    assert all(is_occupation(code) and len(code) == 4 for _, code in HELD_OUT)


def test_held_out_titles_are_not_in_the_alias_table() -> None:
    """Held out means unseen: no title equals an alias, as written or once normalised."""
    aliases = {row.title for row in job_titles("zh")}
    keys = {_titles._key(title, "zh") for title in aliases}
    for title, _ in HELD_OUT:
        assert title not in aliases
        assert _titles._key(title, "zh") not in keys, title


def test_held_out_top1_is_at_least_90_percent() -> None:
    """Issue 15: the right unit group first for at least 90 % of 100 real job titles.

    Measured when the matcher was first run, before any tuning: 94 of 100.
    """
    right, misses = _top1(HELD_OUT)
    assert right >= 90, f"top-1 {right}/100; misses: {misses}"


def test_held_out_codes_given_by_match_occupation_are_right() -> None:
    """A code is given only when unambiguous, so the codes given should be right (>= 95 %)."""
    given_codes = [(match_occupation(title), code) for title, code in HELD_OUT]
    decided = [(got, code) for got, code in given_codes if got is not None]
    right = sum(got == code for got, code in decided)
    assert decided, "match_occupation decided no held-out title"
    assert right >= 0.95 * len(decided), f"{right} right of {len(decided)} decided"


def test_held_out_without_rapidfuzz_still_mostly_right(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the match extra, exact, variant and contains matches carry most titles."""
    monkeypatch.setattr(_titles, "_fuzzy", lambda lang: None)
    right, misses = _top1(HELD_OUT)
    assert right >= 80, f"top-1 without rapidfuzz {right}/100; misses: {misses}"


# The jobs veterans most often take, as the issue lists them: each is in the table.
VETERAN_JOBS = {
    "保安员": "5414",
    "快递员": "9621",
    "外卖骑手": "9621",
    "网约车司机": "8322",
    "货车司机": "8332",
    "辅警": "5412",
    "消防员": "5411",
    "电工": "7411",
    "焊工": "7212",
    "厨师": "5120",
    "物业管理员": "3334",
    "仓管员": "4321",
    "销售员": "5223",
    "客服": "4222",
    "驾驶员": "8322",
    "保洁员": "9112",
    "社区工作者": "3412",
    "村干部": "1113",
}


@pytest.mark.parametrize(("title", "code"), VETERAN_JOBS.items())
def test_jobs_veterans_most_often_take_match_exactly(title: str, code: str) -> None:
    best = find_occupations(title, limit=1)[0]
    assert (best.code, best.score, best.method, best.source) == (code, 100.0, "exact", "alias")
    assert match_occupation(title) == code


@pytest.mark.parametrize(
    "variants",
    [
        ("仓管员", "仓库管理员", "仓管", "库管员"),
        ("滴滴司机", "网约车司机", "快车司机"),
        ("外卖员", "外卖骑手", "骑手", "外卖小哥"),
        ("保安", "保安员", "安保员"),
        ("快递员", "快递小哥", "快递"),
    ],
)
def test_regional_and_colloquial_variants_share_a_code(variants: tuple[str, ...]) -> None:
    assert len({match_occupation(title) for title in variants}) == 1
    assert match_occupation(variants[0]) is not None


@pytest.mark.parametrize(
    ("title", "method"),
    [
        ("保安员", "exact"),
        (" 保安员\u3000", "exact"),  # surrounding (ideographic) spaces aside
        ("保 安 员", "normalised"),
        ("ＣＮＣ操作员", "normalised"),  # full-width Latin letters
        ("cnc操作员", "normalised"),
        ("仓 管", "normalised"),
        ("库管", "variant"),  # 库管员 without its 员
        ("保洁工", "exact"),
        ("厨师长", "exact"),
    ],
)
def test_exact_and_normalised_matches(title: str, method: str) -> None:
    best = find_occupations(title, limit=1)[0]
    assert best.method == method
    assert best.score == {"exact": 100.0, "normalised": 99.0, "variant": 95.0}[method]


def test_a_title_in_parts_is_matched_part_by_part() -> None:
    assert match_occupation("司机（货车）") == "8332"
    assert match_occupation("保安/门卫") == "5414"
    assert match_occupation("保安（夜班）") == "5414"


def test_english_titles() -> None:
    assert match_occupation("Taxi driver", lang="en") == "8322"
    assert match_occupation("security guards", lang="en") == "5414"
    best = find_occupations("Software developers", lang="en", limit=1)[0]
    assert (best.code, best.source, best.method) == ("2512", "title", "exact")
    assert best.title == "Software developers"


def test_titles_come_in_the_language_searched() -> None:
    assert find_occupations("保安员", limit=1)[0].title == "保安员"
    assert find_occupations("security guard", lang="en", limit=1)[0].title == "Security guards"


def test_ambiguous_titles_give_no_code_but_candidates() -> None:
    """会计 with 员 or 师 is two unit groups (3313, 2411): no code, both candidates."""
    assert match_occupation("会计员") is None
    assert {m.code for m in find_occupations("会计员", limit=2)} == {"2411", "3313"}


def test_match_rule_as_documented() -> None:
    for title, _ in HELD_OUT:
        candidates = find_occupations(title, limit=2)
        code = match_occupation(title)
        if code is None:
            continue
        first, rest = candidates[0], candidates[1:]
        second = rest[0].score if rest else 0.0
        assert code == first.code
        assert (first.method in ("exact", "normalised") and first.score > second) or (
            first.score >= MATCH_MIN_SCORE and first.score - second >= MATCH_MARGIN
        )


def test_unrelated_and_empty_titles_give_nothing() -> None:
    assert find_occupations("") == ()
    assert find_occupations("   \t") == ()
    assert find_occupations("！？。") == ()
    assert match_occupation("") is None
    assert find_occupations("xyzzy", lang="en") == ()


def test_huge_input_is_cut_and_cheap() -> None:
    title = "保安" * 500_000 + "快递员"
    started = time.perf_counter()
    found = find_occupations(title)
    assert time.perf_counter() - started < 1.0
    assert found == find_occupations(title[: MAX_TITLE_LENGTH * 4])
    english = "security guard " * 100_000
    assert find_occupations(english, lang="en") == find_occupations(
        english[: MAX_TITLE_LENGTH * 4], lang="en"
    )
    assert find_occupations(english, lang="en")[0].code == "5414"


def test_arguments_are_checked() -> None:
    with pytest.raises(InvalidInputError, match="'title' must be text, got the number 5414"):
        find_occupations(5414)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'lang' must be 'en' or 'zh', got 'fr'"):
        find_occupations("保安", lang="fr")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'limit' must be a whole number of at least 1, got 0"):
        find_occupations("保安", limit=0)


@settings(max_examples=200, deadline=None)
@given(
    title=st.text(max_size=80) | st.sampled_from([t for t, _ in HELD_OUT]),
    lang=st.sampled_from(["zh", "en"]),
    limit=st.integers(min_value=1, max_value=12),
)
def test_candidates_are_ranked_unit_groups_with_scores_in_range(
    title: str, lang: str, limit: int
) -> None:
    found = find_occupations(title, lang=lang, limit=limit)  # type: ignore[arg-type]
    assert len(found) <= limit
    assert all(isinstance(m, OccupationMatch) for m in found)
    assert all(0.0 <= m.score <= 100.0 for m in found)
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert len({m.code for m in found}) == len(found)
    assert all(is_occupation(m.code) and len(m.code) == 4 for m in found)
    assert all(m.score <= 90.0 for m in found if m.method in ("contains", "fuzzy"))
    # A smaller limit is a prefix of a larger one.
    assert find_occupations(title, lang=lang, limit=1) == found[:1]  # type: ignore[arg-type]


# The tables.


def test_every_group_has_a_chinese_title_with_a_source() -> None:
    groups = list(occupations())
    assert len(groups) == 619
    for group in groups:
        title = group.title_zh
        assert title, group.code
        assert title == title.strip()
        assert unicodedata.normalize("NFC", title) == title
    rows = _titles.files("veteran_services.codes").joinpath("data", "isco08_zh.csv")
    lines = rows.read_text("utf-8").splitlines()
    assert lines[0] == "code,title_zh,source"
    assert [line.split(",")[0] for line in lines[1:]] == [group.code for group in groups]
    assert all(line.rsplit(",", 1)[1] == "own translation" for line in lines[1:])


def test_unit_groups_have_distinct_chinese_titles() -> None:
    titles = Counter(group.title_zh for group in occupations(level=4))
    assert [title for title, n in titles.items() if n > 1] == []


def test_title_in() -> None:
    group = occupation("5414")
    assert (group.title_in("en"), group.title_in("zh")) == ("Security guards", "保安员")
    with pytest.raises(ValueError, match="'lang' must be 'en' or 'zh'"):
        group.title_in("fr")  # type: ignore[arg-type]


def test_job_title_table() -> None:
    rows = job_titles()
    assert len(job_titles("zh")) >= 300
    assert len(rows) == len(job_titles("zh")) + len(job_titles("en"))
    sources = {"own", "职业分类大典 2022 (occupation name)"}
    for row in rows:
        assert is_occupation(row.code), row
        assert len(row.code) == 4, row
        assert row.source in sources, row
        assert row.title, row
        assert row.title == row.title.strip(), row
    assert len({(row.lang, row.title) for row in rows}) == len(rows)
    assert sum(row.source != "own" for row in rows) >= 30
    assert sum(row.note.startswith("judgement") for row in rows) >= 50
    with pytest.raises(ValueError, match="'lang' must be 'en', 'zh' or None"):
        job_titles("fr")  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_name_means_two_unit_groups(lang: str) -> None:
    """An exact or normalised match is never ambiguous: no key names two unit groups."""
    index = _titles._index(lang)  # type: ignore[arg-type]
    clashes = {
        key: {name.code for name in names}
        for key, names in index.by_key.items()
        if len({name.code for name in names}) > 1
    }
    assert clashes == {}


def test_importing_codes_reads_no_title_table() -> None:
    """The tables and rapidfuzz are loaded on the first lookup, not on import."""
    probe = (
        "import sys, veteran_services.codes as c\n"
        "from veteran_services.codes import _titles, isco\n"
        "print(_titles._index.cache_info().currsize,"
        " _titles.job_titles.__wrapped__.cache_info().currsize,"
        " isco._zh_table.cache_info().currsize, 'rapidfuzz' in sys.modules)\n"
    )
    command = [sys.executable, "-c", probe]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - this Python and a fixed script
    assert out.split() == ["0", "0", "0", "False"]
