"""The report as a neutral document: blocks (title, paragraphs, headings, tables of spanning cells).

Every shape renders this one model, so the HTML, the text files, the PDF and the DOCX of a seed
carry the same words and numbers. Tables are laid out exactly as the templates print them:
table 2 as items of 4 columns, table 3 with its 3-row 申请人情况 header and 3 label columns,
table 4 with its 3-level header over 15 numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.templates import (ACTIVE, ACTIVE_WIDTH, APPLICANT_COLUMNS, BALANCE_NOTE, RESULTS_HEADING,
                                 REVIEW_GROUPS, REVIEW_RESULTS, SECTION_KEYS, printed_application_rows)
from reportgen.truth import Plan


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    number: bool = False


@dataclass
class Table:
    name: str  # active | applications | review_litigation | legacy
    width: int
    rows: list[list[Cell]] = field(default_factory=list)
    header_rows: int = 0
    truncated: bool = False
    markdown_header: bool = False  # the first row is a markdown header (a |---| rule follows it)


@dataclass
class Block:
    kind: str  # title | para | heading | table | signature | label | meta (a catalogue row, cells tab-separated) | chrome
    text: str = ""
    table: Table | None = None


def title_of(blocks: list[Block]) -> str:
    """The title's first printed line (what Word and WPS put in a document's Title property)."""
    return next((b.text for b in blocks if b.kind == "title"), "")


def full_title(blocks: list[Block]) -> str:
    return "".join(b.text for b in blocks if b.kind == "title")


FULLWIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")


def fmt_number(v, plan: Plan, kind: str = "int") -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        s = repr(v)
        if s.endswith(".0"):
            s = s[:-2]
    elif plan.thousands and abs(v) >= 1000:
        s = f"{v:,}"
    else:
        s = str(v)
    if kind == "money" and plan.units and plan.template == "2019" and v:
        s += "元"
    if plan.fullwidth:
        s = s.translate(FULLWIDTH)
    return s


def active_table(truth: dict, plan: Plan) -> Table:
    t = Table("active", ACTIVE_WIDTH)
    rows = truth["tables"]["active"]["rows"]
    for heading, cols, items in ACTIVE[plan.template]:
        t.rows.append([Cell(heading, colspan=ACTIVE_WIDTH, header=True)])
        head = [Cell("信息内容", header=True)] + [Cell(label, header=True) for label, _k in cols]
        head[-1].colspan = ACTIVE_WIDTH - len(cols)
        t.rows.append(head)
        for key, label in items:
            vals = rows[key]
            line = [Cell(label)] + [Cell(fmt_number(v, plan, k), number=True) for v, (_l, k) in zip(vals, cols)]
            line[-1].colspan = ACTIVE_WIDTH - len(cols)
            t.rows.append(line)
    return t


def applications_table(truth: dict, plan: Plan) -> Table:
    t = Table("applications", 10, header_rows=3)
    t.rows.append([Cell(BALANCE_NOTE, rowspan=3, colspan=3, header=True), Cell("申请人情况", colspan=7, header=True)])
    t.rows.append([Cell(APPLICANT_COLUMNS[0], rowspan=2, header=True), Cell("法人或其他组织", colspan=5, header=True),
                   Cell("总计", rowspan=2, header=True)])
    t.rows.append([Cell(c, header=True) for c in APPLICANT_COLUMNS[1:6]])
    table = truth["tables"]["applications"]
    spec = printed_application_rows(plan.template, table)
    result_rows = [r for r in spec if r[3] in ("outcome", "total")]
    group_sizes: dict[str, int] = {}
    for _k, g, _l, _kind in spec:
        if g:
            group_sizes[g] = group_sizes.get(g, 0) + 1
    seen_groups: set[str] = set()
    first_result = True
    for key, group, label, kind in spec:
        if key not in table:
            if kind == "carried" or plan.truncate_after is not None:
                continue
        nums = [Cell(fmt_number(v, plan), number=True) for v in table.get(key, [None] * 7)]
        if kind in ("input", "carried"):
            t.rows.append([Cell(label, colspan=3)] + nums)
            continue
        line = []
        if first_result:
            line.append(Cell(RESULTS_HEADING, rowspan=len(result_rows)))
            first_result = False
        if group is None:
            line.append(Cell(label, colspan=2))
        else:
            if group not in seen_groups:
                line.append(Cell(group, rowspan=group_sizes[group]))
                seen_groups.add(group)
            line.append(Cell(label))
        t.rows.append(line + nums)
    if plan.truncate_after is not None:
        keep = 3 + plan.truncate_after
        t.rows = t.rows[:keep]
        t.truncated = True
        _clip_rowspans(t)
    return t


def _clip_rowspans(t: Table) -> None:
    n = len(t.rows)
    for i, row in enumerate(t.rows):
        for c in row:
            if i + c.rowspan > n:
                c.rowspan = n - i


def review_table(truth: dict, plan: Plan) -> Table:
    t = Table("review_litigation", 15, header_rows=3)
    t.rows.append([Cell("行政复议", colspan=5, header=True), Cell("行政诉讼", colspan=10, header=True)])
    t.rows.append([Cell(c, rowspan=2, header=True) for c in REVIEW_RESULTS]
                  + [Cell(sub, colspan=5, header=True) for _k, _g, sub in REVIEW_GROUPS[1:]])
    t.rows.append([Cell(c, header=True) for c in REVIEW_RESULTS * 2])
    values = truth["tables"]["review_litigation"]
    t.rows.append([Cell(fmt_number(v, plan), number=True) for key, _g, _s in REVIEW_GROUPS for v in values[key]])
    return t


def legacy_table(truth: dict, plan: Plan) -> Table:
    h = plan.legacy_head
    t = Table("legacy", 3, header_rows=1)
    t.rows.append([Cell("统计指标", header=True), Cell("单位", header=True), Cell("统计数", header=True)])
    rows = [("一、主动公开情况", "", ""), ("（一）主动公开政府信息数", "条", h["active_published"]),
            ("二、依申请公开情况", "", ""), ("（一）收到申请数", "件", h["applications_received"]),
            ("三、行政复议数量", "件", h["reviews"]), ("四、行政诉讼数量", "件", h["litigations"]),
            ("五、依申请公开信息收取的费用", "万元", 0)]
    if "replies" in h:   # the statistics table of the older 附件 form (legacy_phrasings)
        rows = [("主动公开信息数", "条", h["active_published"]), ("受理依申请公开信息总数", "件", h["applications_received"]),
                ("对申请的答复数", "件", h["replies"]), ("行政复议数", "件", h["reviews"]),
                ("行政诉讼数", "件", h["litigations"])]
    for label, unit, v in rows:
        t.rows.append([Cell(label), Cell(unit), Cell(fmt_number(v, plan) if v != "" else "", number=True)])
    return t


def _head(truth: dict, plan: Plan) -> list[Block]:
    """Chrome, label lines, the title (over one line or more), a date under it, the preface."""
    mark = (lambda i: "# " if i == 0 else "## ") if plan.markdown else (lambda i: "")
    blocks = [Block("chrome", line) for line in plan.chrome_top] + [Block("meta", row) for row in plan.meta_rows]
    blocks += [Block("label", line) for line in plan.labels]
    if not plan.untitled:
        blocks += [Block("title", mark(i) + line) for i, line in enumerate(plan.title_lines or [truth["title"]])]
    if plan.date_under_title:
        blocks.append(Block("para", plan.date_under_title))
    return blocks + [Block("para", plan.preface)]


def _tail(truth: dict, plan: Plan) -> list[Block]:
    return [Block("signature", line) for line in plan.signoff] + [Block("chrome", line) for line in plan.chrome_bottom]


def build_document(truth: dict, plan: Plan) -> list[Block]:
    blocks = _head(truth, plan)
    tables = {}
    if plan.template != "legacy":
        tables = {"active": active_table, "applications": applications_table, "review_litigation": review_table}
    for key in SECTION_KEYS:
        if key not in truth["sections"]:
            if plan.truncate_after is not None:
                return blocks  # the document ends inside table 3
            continue
        blocks.append(Block("heading", ("## " if plan.markdown else "") + plan.headings[key]))
        paras = truth["sections"][key].split("\n")
        if key == "active" and key in tables:
            blocks += [Block("para", p) for p in paras]
            blocks.append(Block("table", table=tables[key](truth, plan)))
            continue
        blocks += [Block("para", p) for p in paras]
        if key in tables:
            blocks.append(Block("table", table=tables[key](truth, plan)))
            if plan.truncate_after is not None and key == "applications":
                return blocks
    if plan.template == "legacy":
        blocks.append(Block("para", "附件：政府信息公开情况统计表"))
        blocks.append(Block("table", table=legacy_table(truth, plan)))
    return blocks + _tail(truth, plan)


def grid(table: Table) -> list[list[Cell | None]]:
    """The table expanded to a full grid: a spanned position holds None, the origin holds the cell."""
    out: list[list[Cell | None]] = []
    taken: dict[tuple[int, int], bool] = {}
    for r, row in enumerate(table.rows):
        line: list[Cell | None] = [None] * table.width
        c = 0
        for cell in row:
            while c < table.width and taken.get((r, c)):
                c += 1
            if c >= table.width:
                break
            line[c] = cell
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken[(r + dr, c + dc)] = True
            c += cell.colspan
        out.append(line)
    return out
