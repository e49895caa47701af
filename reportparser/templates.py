"""The report templates, declared ONCE as data.

The table mapper (`tables.py`), the identity checks (`checks.py`) and the
generated reference `docs/templates.md` (`python -m reportparser.docs`) all read
these declarations; nothing else in the parser names a row or a column.

Labels are matched on simplified, normalized text (see `normalize.label_key`:
no whitespace, ASCII brackets and punctuation). An alias list holds every
spelling seen in the wild, including machine traditional->simplified artefacts
(規範性檔案 -> 规范性档案).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    key: str                      # record key
    label: str                    # the template's printed label
    aliases: tuple[str, ...] = () # other spellings (no numbering), each with its reason in ROW_ALIASES
    number: str = ""              # the numbering printed before the label ("1." "(一)" "一、")
    optional: bool = False        # a variant row: absent unless numbers are printed on it

    @property
    def words(self) -> str:
        """The label without its numbering: reports number rows in many ways (or not at all)."""
        return _NUMBERING.sub("", self.label, count=1)

    @property
    def spellings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.label, self.words) + self.aliases))


_NUMBERING = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,2}[）)]|\d{1,2}[.、．]|[一二三四五六七八九十]{1,2}、)")


@dataclass(frozen=True)
class Item:
    """One block of table 2 (第二十条第（N）项): its columns and rows."""

    item: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    # soft priors for splitting run-together digits: (column index that is a
    # running total, columns it is normally >= to)
    cumulative: tuple[int, tuple[int, ...]] | None = None
    change_column: int | None = None   # a signed 本年增/减 column (usually small)
    money_column: tuple[int, int] | None = None  # (count column, amount column) of a procurement row


@dataclass(frozen=True)
class Template:
    name: str
    markers: tuple[str, ...]          # table-2 header words that identify the generation
    active: tuple[Item, ...]
    applications: tuple[Row, ...]
    outcome_rows: tuple[str, ...] = field(default=())  # keys summed into total_handled
    # a row some agencies print instead of the rows it stands for (2021 reports that
    # keep the 2019 single （六）其他处理 row): key -> the rows it replaces
    stand_ins: dict = field(default_factory=dict)

    def expected_outcomes(self, present) -> tuple[str, ...]:
        """The outcome rows this table should have, given which rows are present."""
        rows = list(self.outcome_rows)
        for key, replaced in self.stand_ins.items():
            if key in present and not any(r in present for r in replaced):
                rows = [r for r in rows if r not in replaced] + [key]
        return tuple(rows)


SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # key, template heading, heading words that identify it (any)
    ("overview", "一、总体情况", ("总体情况", "基本情况", "概述")),
    ("active", "二、主动公开政府信息情况", ("主动公开政府信息情况", "主动公开情况", "主动公开政府信息")),
    ("applications", "三、收到和处理政府信息公开申请情况", ("收到和处理政府信息公开申请情况", "依申请公开", "收到和处理")),
    ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况", ("行政复议、行政诉讼", "行政复议和行政诉讼", "行政复议", "行政诉讼")),
    ("problems", "五、存在的主要问题及改进情况", ("存在的主要问题", "主要问题", "存在问题", "改进情况", "整改措施")),
    ("other", "六、其他需要报告的事项", ("其他需要报告的事项", "其他事项", "需要说明的事项")),
)

APPLICANT_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
REVIEW_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REVIEW_GROUPS = (
    ("review", "行政复议"),
    ("litigation_direct", "行政诉讼 未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼 复议后起诉"),
)

# Table 3's printed headings that hold no numbers (the parser reads past them; views lay the
# table out as printed). Columns: 申请人情况 over three groups, each spanning that many of
# APPLICANT_COLUMNS in order. Rows: 三、本年度办理结果 over the rows from the first key to the
# last key given; each row group heads the rows whose keys start with "<prefix>." (a record
# row keyed exactly <prefix>, e.g. the 2019 one-row （六）其他处理, is that heading itself).
APPLICANT_HEADING = "申请人情况"
APPLICANT_GROUPS = (("自然人", 1), ("法人或其他组织", 5), ("总计", 1))
OUTCOME_BLOCK = ("三、本年度办理结果", "disclosed", "total_handled")
APPLICATION_ROW_GROUPS = (
    ("withheld", "（三）不予公开"),
    ("unavailable", "（四）无法提供"),
    ("not_processed", "（五）不予处理"),
    ("other_processing", "（六）其他处理"),
)
# Why a spelling other than the template's is accepted: every alias names one of these.
SHORT = "short form printed in narrow label cells and by agencies that abbreviate (reportgen class short-labels)"
MIRROR = "machine traditional->simplified artefact of mirror sites, 規範性檔案 -> 规范性档案 (reportgen mirror_artifacts)"
OTHER_GENERATION = "the other template generation's label for the same row: reports mixing 2019 and 2021 forms"
NO_QUOTES = "the quotation marks left out (reportgen class short-labels)"
SYNONYM = "a synonym printed in the same header place (reportgen class header-variants)"
UNIT = "the unit printed with the header (reportgen class header-variants)"
NOTE = "the label with the note the template prints after it (every generated report)"
ALIAS_REASONS = {"note": NOTE, "short": SHORT, "mirror": MIRROR, "other generation": OTHER_GENERATION, "no quotes": NO_QUOTES,
                 "synonym": SYNONYM, "unit": UNIT}

# Other printed spellings of column headers (compared as label_key: no whitespace, ASCII
# brackets), each with its reason. A header is matched by the END of its column's text read down
# the header rows, so '法人或其他组织' / '商业企' / '业' reads as 商业企业, and the longest spelling wins.
COLUMN_ALIAS_REASONS: dict[str, tuple[tuple[str, str], ...]] = {
    "自然人": (("个人", SYNONYM),),
    "商业企业": (("企业", SHORT),),
    "科研机构": (("科研院所", SYNONYM),),
    "社会公益组织": (("公益组织", SHORT),),
    "法律服务机构": (("法律服务", SHORT),),
    "其他": (("其它", SYNONYM),),
    "总计": (("合计", SYNONYM),),
    "本年新制作数量": (("新制作数量", SHORT), ("本年制作数量", SHORT)),
    "本年新公开数量": (("新公开数量", SHORT), ("本年公开数量", SHORT)),
    "对外公开总数量": (("对外公开总数", SHORT), ("公开总数量", SHORT)),
    "上一年项目数量": (("上年项目数量", SHORT),),
    "本年增/减": (("本年增减", SHORT), ("增/减", SHORT), ("增减", SHORT)),
    "处理决定数量": (("本年处理决定数量", OTHER_GENERATION), ("决定数量", SHORT)),
    "本年处理决定数量": (("处理决定数量", OTHER_GENERATION), ("决定数量", SHORT)),
    "采购项目数量": (("项目数量", SHORT),),
    "采购总金额": (("总金额", SHORT), ("采购总金额(万元)", UNIT), ("采购总金额(单位:万元)", UNIT)),
    "本年制发件数": (("制发件数", SHORT),),
    "本年废止件数": (("废止件数", SHORT),),
    "现行有效件数": (("有效件数", SHORT),),
    "本年收费金额（单位：万元）": (("本年收费金额", SHORT), ("收费金额", SHORT), ("收费金额(万元)", UNIT)),
    "结果维持": (), "结果纠正": (), "其他结果": (), "尚未审结": (),
}
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {c: tuple(sp for sp, _why in v) for c, v in COLUMN_ALIAS_REASONS.items()}

# Other printed spellings of row labels (besides the label and its words without numbering),
# each with its reason; per template where the generations differ.
ROW_ALIAS_REASONS: dict[str, tuple[tuple[str, str], ...]] = {
    "new": (("本年新收", SHORT),),
    "carried_over": (("上年结转", SHORT),),
    "partially_disclosed": (("部分公开（区分处理的，只计这一情形，不计其他情形）", NOTE),),
    "withheld.security_stability": (("危及三安全一稳定", NO_QUOTES),),
    "other_services": (("对外管理服务事项", SHORT),),
    "other_processing.no_correction": (("申请人无正当理由逾期不补正", SHORT),),
    "other_processing.no_fee": (("申请人逾期未按收费通知要求缴纳费用", SHORT),),
}
ROW_ALIAS_REASONS_BY_TEMPLATE: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "2019": {"normative_documents": (("规范性档案", MIRROR), ("行政规范性文件", OTHER_GENERATION))},
    "2021": {"normative_documents": (("规范性文件", OTHER_GENERATION), ("规范性档案", MIRROR), ("行政规范性档案", MIRROR))},
}


def _aliases(key: str, template: str = "") -> tuple[str, ...]:
    pairs = ROW_ALIAS_REASONS.get(key, ()) + ROW_ALIAS_REASONS_BY_TEMPLATE.get(template, {}).get(key, ())
    return tuple(sp for sp, _why in pairs)


def alias_reason(key: str, spelling: str, template: str = "") -> str:
    pairs = ROW_ALIAS_REASONS.get(key, ()) + ROW_ALIAS_REASONS_BY_TEMPLATE.get(template, {}).get(key, ())
    return dict(pairs).get(spelling, "")


def column_spellings(label: str) -> tuple[str, ...]:
    return (label,) + COLUMN_ALIASES.get(label, ())


_ITEM_COLUMNS_5_6 = ("上一年项目数量", "本年增/减", "处理决定数量")

ACTIVE_2019 = (
    Item("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), (
        Row("regulations", "规章"),
        Row("normative_documents", "规范性文件", _aliases("normative_documents", "2019")),
    ), cumulative=(2, (0, 1))),
    Item("第二十条第（五）项", _ITEM_COLUMNS_5_6, (
        Row("licensing", "行政许可"),
        Row("other_services", "其他对外管理服务事项", _aliases("other_services")),
    ), change_column=1),
    Item("第二十条第（六）项", _ITEM_COLUMNS_5_6, (
        Row("penalty", "行政处罚"),
        Row("enforcement", "行政强制"),
    ), change_column=1),
    Item("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (
        Row("fees", "行政事业性收费"),
    ), change_column=1),
    Item("第二十条第（九）项", ("采购项目数量", "采购总金额"), (
        Row("procurement", "政府集中采购"),
    ), money_column=(0, 1)),
)

ACTIVE_2021 = (
    Item("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), (
        Row("regulations", "规章"),
        Row("normative_documents", "行政规范性文件", _aliases("normative_documents", "2021")),
    ), cumulative=(2, (0, 1))),
    Item("第二十条第（五）项", ("本年处理决定数量",), (
        Row("licensing", "行政许可"),
    )),
    Item("第二十条第（六）项", ("本年处理决定数量",), (
        Row("penalty", "行政处罚"),
        Row("enforcement", "行政强制"),
    )),
    Item("第二十条第（八）项", ("本年收费金额（单位：万元）",), (
        Row("fees", "行政事业性收费"),
    )),
)

# Table 3 rows in printed order. `number` is the numbering printed before the
# label; the mapper strips it from the end of the previous row's cells (in
# flattened text '…信息32' + '6.属于四类…' the 6 belongs to the next label).
_APPLICATIONS_HEAD = (
    Row("new", "一、本年新收政府信息公开申请数量", _aliases("new"), "一、"),
    Row("carried_over", "二、上年结转政府信息公开申请数量", _aliases("carried_over"), "二、"),
    Row("disclosed", "（一）予以公开", (), "(一)"),
    Row("partially_disclosed", "（二）部分公开", _aliases("partially_disclosed"), "(二)"),
    Row("withheld.state_secret", "1.属于国家秘密", (), "1."),
    Row("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开", (), "2."),
    Row("withheld.security_stability", "3.危及“三安全一稳定”", _aliases("withheld.security_stability"), "3."),
    Row("withheld.third_party", "4.保护第三方合法权益", (), "4."),
    Row("withheld.internal_affairs", "5.属于三类内部事务信息", (), "5."),
    Row("withheld.process_info", "6.属于四类过程性信息", (), "6."),
    Row("withheld.enforcement_file", "7.属于行政执法案卷", (), "7."),
    Row("withheld.administrative_query", "8.属于行政查询事项", (), "8."),
    Row("unavailable.not_held", "1.本机关不掌握相关政府信息", (), "1."),
    Row("unavailable.needs_creation", "2.没有现成信息需要另行制作", (), "2."),
    Row("unavailable.unclear_after_correction", "3.补正后申请内容仍不明确", (), "3."),
    Row("not_processed.complaint", "1.信访举报投诉类申请", (), "1."),
    Row("not_processed.repeated", "2.重复申请", (), "2."),
    Row("not_processed.publication", "3.要求提供公开出版物", (), "3."),
    Row("not_processed.excessive", "4.无正当理由大量反复申请", (), "4."),
    Row("not_processed.confirm_existing", "5.要求行政机关确认或重新出具已获取信息", (), "5."),
)
_APPLICATIONS_TAIL = (
    Row("total_handled", "（七）总计", (), "(七)"),
    Row("carried_forward", "四、结转下年度继续办理", (), "四、"),
)

APPLICATIONS_2019 = _APPLICATIONS_HEAD + (
    Row("other_processing", "（六）其他处理", (), "(六)"),
) + _APPLICATIONS_TAIL

APPLICATIONS_2021 = _APPLICATIONS_HEAD + (
    Row("other_processing", "（六）其他处理", (), "(六)", optional=True),
    Row("other_processing.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", _aliases("other_processing.no_correction"), "1."),
    Row("other_processing.no_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", _aliases("other_processing.no_fee"), "2."),
    Row("other_processing.other", "3.其他", (), "3."),
) + _APPLICATIONS_TAIL

_NOT_OUTCOMES = {"new", "carried_over", "total_handled", "carried_forward"}

TEMPLATES: dict[str, Template] = {
    "2019": Template("2019", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), ACTIVE_2019, APPLICATIONS_2019,
                     tuple(r.key for r in APPLICATIONS_2019 if r.key not in _NOT_OUTCOMES)),
    "2021": Template("2021", ("本年制发件数", "本年废止件数", "现行有效件数"), ACTIVE_2021, APPLICATIONS_2021,
                     tuple(r.key for r in APPLICATIONS_2021 if r.key not in _NOT_OUTCOMES and not r.optional),
                     stand_ins={"other_processing": ("other_processing.no_correction", "other_processing.no_fee",
                                                     "other_processing.other")}),
}


def _exclusive_labels() -> dict[str, tuple[str, ...]]:
    """Per template, the words of rows only it has (in no other template, not even as an optional
    row; words long enough to be unmistakable, numbering left off): evidence of the generation
    when its column headers are not printed."""
    def rows(tpl):
        return tpl.applications + tuple(x for i in tpl.active for x in i.rows)
    out = {}
    for name, tpl in TEMPLATES.items():
        others = {r.key for n, t in TEMPLATES.items() if n != name for r in rows(t)}
        out[name] = tuple(max((sp for sp in r.spellings if not _NUMBERED.match(sp)), key=len)
                          for r in rows(tpl) if r.key not in others and not r.optional
                          and any(len(sp) >= 6 and not _NUMBERED.match(sp) for sp in r.spellings))
    return out


_NUMBERED = re.compile(r"^[（(\d一二三四五六七八九十]")
EXCLUSIVE_LABELS = _exclusive_labels()

# Table boundaries in the text: where each table starts and what ends it. Matched after
# `labels.mask_label_digits`, so 第二十条第（1）项 reads as 第二十条第(一)项 and 第二十条第1项 as 第二十条第一项.
TABLE2_START = ("第二十条第(一)项", "第二十条(一)项", "第二十条第一项")
TABLE3_START = ("本年新收政府信息公开申请数量", "本年新收")
TABLE3_HEADING = ("收到和处理政府信息公开申请情况",)
TABLE3_LATER_ROWS = ("上年结转", "予以公开")   # a table 3 whose first row label is misprinted
TABLE4_HEADING = ("政府信息公开行政复议、行政诉讼情况", "行政复议、行政诉讼情况", "行政复议行政诉讼", "行政复议、行政诉讼")
TABLE4_END = ("存在的主要问题", "主要问题及改进", "五、")

# agency kinds: declared with the organ grammar in reportparser/organs.py (KINDS, KIND_FOLDS)
# agency kinds: (name suffix, kind), longest suffix wins (see fields.agency_kind).
# The kind is the suffix itself unless a variant is folded (管委会 -> 管理委员会).
_KIND_SUFFIXES = (
    "人民政府办公厅", "人民政府办公室", "办公厅", "办公室", "乡人民政府", "镇人民政府", "街道办事处", "人民政府",
    "管理委员会", "司法局", "司法厅", "公安局", "公安厅", "教育局", "教育厅", "财政局", "财政厅", "税务局",
    "民政局", "民政厅", "卫生健康委员会", "卫生健康局", "生态环境局", "生态环境厅", "自然资源局", "自然资源厅",
    "自然资源和规划局", "住房和城乡建设局", "住房和城乡建设厅", "人力资源和社会保障局", "人力资源和社会保障厅",
    "交通运输局", "交通运输厅", "农业农村局", "农业农村厅", "市场监督管理局", "应急管理局", "水利局", "商务局",
    "发展和改革委员会", "统计局", "审计局", "审计厅", "文化和旅游局", "退役军人事务局", "医疗保障局", "林业局",
    "局", "厅", "委员会",
)
AGENCY_KINDS: tuple[tuple[str, str], ...] = tuple((s, s) for s in _KIND_SUFFIXES) + (
    ("政府办公室", "人民政府办公室"), ("管委会", "管理委员会"), ("综合实验区", "人民政府"), ("卫生健康委", "卫生健康委员会"),
    ("地方税务局", "税务局"),
)

# Digits that belong to labels, never to cells (see `labels.mask_label_digits`): regexes matching
# the digits only, each with why it exists. They become the template's Chinese numerals.
LABEL_ORDINALS: tuple[tuple[str, str], ...] = (
    (r"(?<=\()\d{1,2}(?=\)\s*[\u4e00-\u9fff])",
     "row and item numbering printed with Arabic digits in brackets: （1）予以公开, （7）总计, 第二十条第（1）项"),
    (r"(?<=第)\d{1,2}(?=项|条|款|部分)",
     "ordinal references in labels and notes: 第二十条第1项, 第1项加第2项之和"),
)
# Placeholder column names that tools write where a header cell has no label (regex stems,
# case-insensitive, followed by a number): a header of these means "the columns in template order".
PLACEHOLDER_HEADERS: tuple[tuple[str, str], ...] = (
    ("数据", "OCR table recognition (image to table) names unlabelled columns 数据1 … 数据N"),
    (r"Unnamed:", "pandas read_excel / read_csv: a header cell emptied by a merged cell is 'Unnamed: N'"),
    ("Column", "Excel Power Query and WPS 'table from range' default headers Column1 … ColumnN"),
    ("列", "Chinese Excel / WPS default headers 列1 … 列N"),
    ("Field", "Access and database exports Field1 … FieldN"),
    ("字段", "Chinese database and low-code platform exports 字段1 … 字段N"),
)
