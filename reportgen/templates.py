"""The report templates declared once: sections, table 2 items, table 3 rows, table 4 columns.

Everything else (numbers, truth, every renderer) reads these declarations, so a label or a row is
spelled in exactly one place. Labels are the simplified forms printed by the templates.

An independent oracle on purpose: the parser's declaration is reportparser/templates.py, and the
generator spells the printed labels itself, so a wrong label in the parser cannot hide in a round
trip that reads its own spelling back. What the two share is the vocabulary of the record — row
keys, column order and check names — and tests/gen/test_template_keys.py holds them equal.
"""

from __future__ import annotations

SECTION_KEYS = ["overview", "active", "applications", "review_litigation", "problems", "other"]
SECTION_TITLES = {
    "overview": ["总体情况", "基本情况"],
    "active": ["主动公开政府信息情况"],
    "applications": ["收到和处理政府信息公开申请情况"],
    "review_litigation": ["政府信息公开行政复议、行政诉讼情况"],
    "problems": ["存在的主要问题及改进情况", "存在的主要问题及整改措施"],
    "other": ["其他需要报告的事项"],
}
CHINESE_ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

# ---- Table 2: 主动公开政府信息情况 -------------------------------------------------------------
# Each item: (heading, columns, [(row key, label)...]). Column kinds: "int", "signed" (本年增/减),
# "money" (decimals or a unit suffix may be printed).
ACTIVE = {
    "2019": [
        ("第二十条第（一）项", [("本年新制作数量", "int"), ("本年新公开数量", "int"), ("对外公开总数量", "int")],
         [("regulations", "规章"), ("normative_documents", "规范性文件")]),
        ("第二十条第（五）项", [("上一年项目数量", "int"), ("本年增/减", "signed"), ("处理决定数量", "int")],
         [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")]),
        ("第二十条第（六）项", [("上一年项目数量", "int"), ("本年增/减", "signed"), ("处理决定数量", "int")],
         [("penalty", "行政处罚"), ("enforcement", "行政强制")]),
        ("第二十条第（八）项", [("上一年项目数量", "int"), ("本年增/减", "signed")],
         [("fees", "行政事业性收费")]),
        ("第二十条第（九）项", [("采购项目数量", "int"), ("采购总金额", "money")],
         [("procurement", "政府集中采购")]),
    ],
    "2021": [
        ("第二十条第（一）项", [("本年制发件数", "int"), ("本年废止件数", "int"), ("现行有效件数", "int")],
         [("regulations", "规章"), ("normative_documents", "行政规范性文件")]),
        ("第二十条第（五）项", [("本年处理决定数量", "int")], [("licensing", "行政许可")]),
        ("第二十条第（六）项", [("本年处理决定数量", "int")], [("penalty", "行政处罚"), ("enforcement", "行政强制")]),
        ("第二十条第（八）项", [("本年收费金额（单位：万元）", "money")], [("fees", "行政事业性收费")]),
    ],
}
ACTIVE_WIDTH = 4  # label column + at most three number columns

# ---- Table 3: 收到和处理政府信息公开申请情况 -------------------------------------------------------
APPLICANT_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# (key, group label or None, row label, kind) in printed order. kind: "input" (一/二), "outcome"
# (counted into （七）总计), "total" （七）, "carried" 四.
_WITHHELD = [
    ("withheld.state_secret", "1.属于国家秘密"),
    ("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("withheld.security_stability", "3.危及“三安全一稳定”"),
    ("withheld.third_party", "4.保护第三方合法权益"),
    ("withheld.internal_affairs", "5.属于三类内部事务信息"),
    ("withheld.process_info", "6.属于四类过程性信息"),
    ("withheld.enforcement_file", "7.属于行政执法案卷"),
    ("withheld.administrative_query", "8.属于行政查询事项"),
]
_UNAVAILABLE = [
    ("unavailable.not_held", "1.本机关不掌握相关政府信息"),
    ("unavailable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable.unclear_after_correction", "3.补正后申请内容仍不明确"),
]
_NOT_PROCESSED = [
    ("not_processed.complaint", "1.信访举报投诉类申请"),
    ("not_processed.repeated", "2.重复申请"),
    ("not_processed.publication", "3.要求提供公开出版物"),
    ("not_processed.excessive", "4.无正当理由大量反复申请"),
    ("not_processed.confirm_existing", "5.要求行政机关确认或重新出具已获取信息"),
]
_OTHER_2021 = [
    ("other_processing.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_processing.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_processing.other", "3.其他"),
]


def _application_rows(template: str) -> list[tuple[str, str | None, str, str]]:
    rows = [("new", None, "一、本年新收政府信息公开申请数量", "input"),
            ("carried_over", None, "二、上年结转政府信息公开申请数量", "input"),
            ("disclosed", None, "（一）予以公开", "outcome"),
            ("partially_disclosed", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "outcome")]
    rows += [(k, "（三）不予公开", label, "outcome") for k, label in _WITHHELD]
    rows += [(k, "（四）无法提供", label, "outcome") for k, label in _UNAVAILABLE]
    rows += [(k, "（五）不予处理", label, "outcome") for k, label in _NOT_PROCESSED]
    if template == "2021":
        rows += [(k, "（六）其他处理", label, "outcome") for k, label in _OTHER_2021]
    else:
        rows.append(("other_processing", None, "（六）其他处理", "outcome"))
    rows.append(("total_handled", None, "（七）总计", "total"))
    rows.append(("carried_forward", None, "四、结转下年度继续办理", "carried"))
    return rows


APPLICATION_ROWS = {t: _application_rows(t) for t in ("2019", "2021")}


def printed_application_rows(template: str, table: dict) -> list[tuple[str, str | None, str, str]]:
    """The rows a table prints: a 2021 table holding the single `other_processing` row (the 2019
    form some agencies keep) prints it in place of the three 2021 sub-rows."""
    rows = APPLICATION_ROWS[template]
    if template != "2021" or "other_processing" not in table:
        return rows
    out = [r for r in rows if not r[0].startswith("other_processing.")]
    at = next(i for i, r in enumerate(out) if r[0] == "total_handled")
    return out[:at] + [("other_processing", None, "（六）其他处理", "outcome")] + out[at:]
RESULTS_HEADING = "三、本年度办理结果"

# ---- Table 4: 政府信息公开行政复议、行政诉讼情况 ------------------------------------------------------
REVIEW_RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
REVIEW_GROUPS = [("review", "行政复议", None), ("litigation_direct", "行政诉讼", "未经复议直接起诉"),
                 ("litigation_after_review", "行政诉讼", "复议后起诉")]


def template_for_year(year: int) -> str:
    return "legacy" if year <= 2018 else ("2019" if year <= 2020 else "2021")
