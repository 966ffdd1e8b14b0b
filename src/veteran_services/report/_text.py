"""The report's words in English and Chinese (the charts' own text stays ASCII)."""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["LANGUAGES", "REASON_LABELS", "Lang", "reason_label", "text"]

Lang = Literal["en", "zh"]

#: The languages a report can be written in.
LANGUAGES: Final[tuple[Lang, ...]] = ("en", "zh")

_TEXT: Final[dict[str, tuple[str, str]]] = {
    "title": ("Veterans' employment services: report", "退役军人就业服务报告"),
    "as_of": ("Data as of", "数据截至"),
    "generated_by": ("Written by veteran-services", "由 veteran-services 生成"),
    "records": ("Records", "记录数"),
    "kind": ("Record kind", "记录类型"),
    "count": ("Count", "数量"),
    "contents": ("Contents", "目录"),
    "headline": ("Headline indicators", "主要指标"),
    "headline_intro": (
        (
            "Each figure comes with its numerator, denominator and a 95 % interval. A dash means "
            "the figure cannot be computed; the reason is given beside it."
        ),
        "每项指标均列出分子、分母和 95% 置信区间。“—”表示无法计算，旁注说明原因。",
    ),
    "indicator": ("Indicator", "指标"),
    "value": ("Value", "数值"),
    "interval": ("95 % interval", "95% 置信区间"),
    "numerator": ("Numerator", "分子"),
    "denominator": ("Denominator", "分母"),
    "note": ("Note", "说明"),
    "districts": ("Districts", "各区情况"),
    "districts_intro": (
        (
            "Cells based on fewer than {min_cell} people are suppressed (primary suppression); "
            "further cells are suppressed so that no hidden cell can be worked out from the "
            "total (secondary suppression)."
        ),
        (
            "人数少于 {min_cell} 的单元格不予公布（一次隐藏）；为防止通过合计反推，另隐藏部分单元格"
            "（二次隐藏）。"
        ),
    ),
    "district": ("District", "区"),
    "total": ("Total", "合计"),
    "suppressed_primary": ("suppressed (fewer than {min_cell})", "已隐藏（少于 {min_cell} 人）"),
    "suppressed_secondary": ("suppressed (secondary)", "已隐藏（二次隐藏）"),
    "providers": ("Training providers", "培训机构"),
    "providers_intro": (
        (
            "Employment rate in the second quarter after exit, by training provider, against the "
            "overall rate. The funnel lines are the 95 % and 99.8 % control limits for a "
            "provider of each size. A provider is called above or below the others only when it "
            "lies outside the 99.8 % limits; everyone else is within the range that chance alone "
            "produces."
        ),
        (
            "按培训机构列出结业后第二季度就业率，与总体水平比较。漏斗线为不同规模机构的 95% 和 "
            "99.8% 控制限。只有落在 99.8% 控制限之外的机构才被判定为高于或低于总体；其余机构的差异"
            "在随机波动范围之内。"
        ),
    ),
    "provider": ("Provider", "机构"),
    "n": ("n", "人数"),
    "flag": ("Against the limits", "与控制限比较"),
    "rank": ("Rank (interval)", "名次（区间）"),
    "flag_above": ("above", "高于"),
    "flag_within": ("within", "区间内"),
    "flag_below": ("below", "低于"),
    "flag_none": ("not compared", "未比较"),
    "not_ranked": ("listed, not ranked (too few to rank)", "仅列出，人数过少不排名"),
    "quality": ("Employment quality", "就业质量"),
    "quality_intro": (
        (
            "Quality index of placements (0 to 100, model {version}, fingerprint {fingerprint}). "
            "Mean {mean} (95 % interval {low} to {high}), median {median}; {below} of scored "
            "placements are below {threshold}."
        ),
        (
            "就业岗位质量指数（0–100，模型 {version}，指纹 {fingerprint}）。平均 {mean}"
            "（95% 置信区间 {low}–{high}），中位数 {median}；{below} 的岗位低于 {threshold} 分。"
        ),
    ),
    "quality_drivers": (
        (
            "What drives it: the mean points each indicator adds to the score, against the "
            "points it could add."
        ),
        "影响因素：各指标对总分的平均贡献分值，与其满分比较。",
    ),
    "unscored_intro": (
        (
            "{unscored} of {count} placements have no score; the figures below are over the "
            "{scored} scored. Mean data completeness {completeness} (the share of the model's "
            "weight whose facts were recorded, over every placement)."
        ),
        (
            "{count} 个岗位中有 {unscored} 个未能评分，以下数字仅基于已评分的 {scored} 个岗位。"
            "平均数据完整度 {completeness}（模型权重中有记录的比例，按全部岗位计）。"
        ),
    ),
    "all_scored": (
        (
            "All {count} placements are scored. Mean data completeness {completeness} (the "
            "share of the model's weight whose facts were recorded)."
        ),
        "全部 {count} 个岗位均已评分。平均数据完整度 {completeness}（模型权重中有记录的比例）。",
    ),
    "unscored_reason": ("Why no score", "未评分原因"),
    "component": ("Indicator of the index", "质量指标"),
    "mean_points": ("Mean points", "平均得分"),
    "available_points": ("Points available", "满分"),
    "missing_share": ("Missing", "缺失比例"),
    "follow_up": ("Follow-up by wave", "分批回访完成情况"),
    "follow_up_intro": (
        (
            "Follow-up surveys after placement. The response rate is AAPOR RR1 of the wave's "
            "cases; retention is the share of placements due for the wave that have a complete "
            "or partial response."
        ),
        "就业后回访调查。应答率为 AAPOR RR1；保留率为应回访岗位中已有完整或部分应答的比例。",
    ),
    "wave": ("Wave", "批次"),
    "months": ("{n} months", "{n} 个月"),
    "response_rate": ("Response rate (RR1)", "应答率（RR1）"),
    "retention": ("Panel retention", "样本保留率"),
    "worklist": ("Follow-up worklist on {as_of}", "{as_of} 回访任务"),
    "status": ("Status", "状态"),
    "status_done": ("done", "已完成"),
    "status_due": ("due", "待回访"),
    "status_overdue": ("overdue", "已逾期"),
    "status_not_yet_due": ("not yet due", "未到期"),
    "compliance": ("Compliance flags", "合规提示"),
    "compliance_intro": (
        (
            "Placements with a compliance problem. Flags never change the quality score; they "
            "are listed so that the office can follow them up."
        ),
        "存在合规问题的岗位。提示不影响质量得分，仅供跟进核查。",
    ),
    "placements": ("Placements", "岗位数"),
    "compliance_flag": ("Flag", "提示"),
    "share": ("Share", "比例"),
    "methodology": ("Methodology", "方法说明"),
    "chart_funnel": ("Funnel plot of training providers", "培训机构漏斗图"),
    "chart_quality": ("Distribution of the quality index", "就业质量指数分布"),
    "chart_drivers": ("Points by indicator", "各指标得分"),
    "chart_follow_up": ("Response rate and retention by wave", "各批次应答率与保留率"),
    "chart_flags": ("Compliance flags", "合规提示"),
    "chart_axes_note": (
        "",
        "（图中坐标轴文字为英文。）",
    ),
    "none": ("none", "无"),
    "kind_veterans": ("veterans", "退役军人"),
    "kind_providers": ("training providers", "培训机构"),
    "kind_programmes": ("programmes", "培训项目"),
    "kind_enrolments": ("enrolments", "参训记录"),
    "kind_employers": ("employers", "用人单位"),
    "kind_placements": ("placements", "就业岗位"),
    "kind_ventures": ("ventures", "创业实体"),
    "kind_earnings": ("quarterly earnings", "季度收入记录"),
    "kind_contacts": ("service contacts", "服务记录"),
    "kind_instruments": ("questionnaires", "问卷"),
    "kind_responses": ("follow-up cases", "回访记录"),
    "no_data": ("No data.", "无数据。"),
    "privacy": (
        (
            "This report shows counts and rates only: no names, identity numbers, phone numbers "
            "or record identifiers of people."
        ),
        "本报告仅含统计数字，不含任何个人姓名、身份证号、电话或个人记录编号。",
    ),
}

#: Why a placement has no score, by the reason codes of ``scoring.REASONS``.
REASON_LABELS: Final[dict[str, tuple[str, str]]] = {
    "low_coverage": (
        "Too little data: the indicators present carry less than the model's minimum coverage",
        "数据不足：已有指标的权重低于模型要求的最低覆盖率",
    ),
    "after_scoring_date": (
        "The placement starts after the scoring date",
        "岗位开始日期晚于评分日期",
    ),
    "no_market_data": (
        "No labour-market data for the employer's region on the start date",
        "劳动力市场参数表未覆盖用人单位所在地区或开始日期",
    ),
    "unknown_employer": (
        "The employer is not in the caseload",
        "用人单位不在数据中",
    ),
}

_NOTES: Final[dict[str, tuple[str, str]]] = {
    "intervals": (
        (
            "Intervals of proportions are Wilson score intervals at 95 % (Wilson 1927; Newcombe "
            "1998); the interval of the mean quality index is the normal approximation."
        ),
        (
            "比例的区间为 95% Wilson 区间（Wilson 1927；Newcombe 1998）；"
            "平均质量指数的区间为正态近似区间。"
        ),
    ),
    "employment": (
        (
            "Employment rate after exit: exiters employed in the 2nd (4th) quarter after the "
            "quarter of exit, among exiters whose quarter has passed; the exit quarter is never "
            "counted, and people excluded (institutionalised, medical, deceased, reserve call-up) "
            "leave numerator and denominator (WIOA primary indicators)."
        ),
        (
            "结业后就业率：结业所在季度之后第 2（第 4）个季度在业的结业人员占比；结业当季不计；"
            "被排除人员（收容、医疗、死亡、预备役征召）同时移出分子和分母"
            "（参照 WIOA 主要绩效指标）。"
        ),
    ),
    "earnings": (
        (
            "Median earnings: the median of quarterly earnings above zero in the 2nd quarter "
            "after exit; figures estimated from placements are marked in the note."
        ),
        (
            "收入中位数：结业后第 2 个季度收入大于零者的季度收入中位数；根据岗位工资估算的数字在"
            "说明中注明。"
        ),
    ),
    "placement": (
        (
            "Placement rate: registered veterans placed within 6 months of registration; time to "
            "placement is the median number of days."
        ),
        "安置率：登记后 6 个月内实现就业的登记人员占比；就业时长为登记到就业的天数中位数。",
    ),
    "funnel": (
        (
            "Funnel limits: p ± z √(p(1 − p)/n) around the overall rate p, z = 1.96 and 3.09 "
            "(Spiegelhalter 2005). Rank intervals come from a seeded bootstrap."
        ),
        (
            "漏斗控制限：p ± z √(p(1 − p)/n)，p 为总体比率，z = 1.96 和 3.09"
            "（Spiegelhalter 2005）。"
            "名次区间由固定种子的自助法得到。"
        ),
    ),
    "quality": (
        (
            "Quality index: indicators of the UNECE dimensions of quality of employment "
            "(ECE/CES/40, 2015) normalised between goalposts, weighted and aggregated; each "
            "indicator's points add up to the score. Model {version}, fingerprint {fingerprint}."
        ),
        (
            "质量指数：按联合国欧洲经济委员会就业质量维度（ECE/CES/40，2015）选取指标，按上下限"
            "标准化后加权汇总；各指标得分之和即总分。模型 {version}，指纹 {fingerprint}。"
        ),
    ),
    "flags": (
        (
            "Compliance flags: wage below the minimum wage in force, usual hours above the legal "
            "limit with overtime, no required social insurance, informal employment (ILO, 17th "
            "ICLS)."
        ),
        (
            "合规提示：工资低于当时最低工资标准、工时超过含加班的法定上限、未缴纳法定社会保险、"
            "非正规就业（国际劳工组织第 17 届国际劳动统计学家大会）。"
        ),
    ),
    "suppression": (
        (
            "Small cells: fewer than {min_cell} people are never shown; secondary suppression "
            "protects them from subtraction."
        ),
        "小单元格：少于 {min_cell} 人的数字一律不公布，并以二次隐藏防止相减反推。",
    ),
}


def text(key: str, lang: Lang, **values: object) -> str:
    """The report text *key* in *lang*, with ``{name}`` fields filled from *values*.

    Methodology notes are keyed ``note:<name>`` (see :func:`note_keys`).
    """
    if key.startswith("note:"):
        english, chinese = _NOTES[key.removeprefix("note:")]
    else:
        english, chinese = _TEXT[key]
    template = chinese if lang == "zh" else english
    return template.format(**values) if values else template


def reason_label(code: str, lang: Lang) -> str:
    """Why a placement has no score, for a reason code (the code itself when it has no label)."""
    labels = REASON_LABELS.get(code)
    if labels is None:
        return code
    return labels[1] if lang == "zh" else labels[0]


def note_keys() -> tuple[str, ...]:
    """The keys of the methodology notes (``note:<name>``), in the order they are printed."""
    return tuple(f"note:{name}" for name in _NOTES)
