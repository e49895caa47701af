"""Label lines: the `key：value` metadata a CMS prints above an article (标题：…, 发文机关：…,
发布日期：…, 索引号：…), often several on one line when a metadata table is flattened — and the
rows of the 政府信息公开目录 catalogue table itself, its cells tab-separated as a page's tables
are flattened (formats/html.py), where a label cell needs no colon (`发布机构\t某某区人民政府办公室`)
and an empty value cell is an empty value (`文号\t\t发布日期\t2024-01-20`).

The value after a label may be a candidate (a title, an agency, a date); the label line itself is
never a title or an agency. LABELS declares each label once, with the field it fills and why.
"""

from __future__ import annotations

import re

# label -> (field, why). Fields: title, agency, source (who the site says the article is from),
# published, written, date (a bare 日期/时间), index_no, doc_no, topic (the catalogue's entries:
# record.catalogue), and other (known labels whose values we do not use).
LABELS: dict[str, tuple[str, str]] = {
    "标题": ("title", "the article's title in TRS/gkmlpt metadata tables and crawler page.txt headers"),
    "文章标题": ("title", "the same, in older CMSs"),
    "名称": ("title", "政府信息公开目录 entries (名称：…)"),
    "发文机关": ("agency", "the issuing organ in 政府信息公开目录 metadata"),
    "发布机构": ("agency", "the publishing organ in TRS / 开普云 metadata tables"),
    "发文单位": ("agency", "the issuing unit in older metadata tables"),
    "发布单位": ("agency", "the publishing unit"),
    "公开主体": ("agency", "the disclosing organ (目录 metadata)"),
    "信息来源": ("source", "where the site took the article from (often the portal, not the author)"),
    "文章来源": ("source", "the same"),
    "来源": ("source", "the same, short"),
    "发布日期": ("published", "the publication date"),
    "发布时间": ("published", "the publication date and time"),
    "公开日期": ("published", "the disclosure date (目录 metadata)"),
    "生成日期": ("published", "the date the catalogue entry was made"),
    "成文日期": ("written", "the date the document was signed"),
    "日期": ("date", "a bare date label"),
    "时间": ("date", "a bare time label"),
    "索引号": ("index_no", "the catalogue index number"),
    "文号": ("doc_no", "the document number (〔2021〕3号): never a year of the report"),
    "发文字号": ("doc_no", "the same"),
    "主题分类": ("topic", "the catalogue topic"),
    "体裁分类": ("other", "the catalogue genre"),
    "组配分类": ("other", "the catalogue grouping"),
    "分类": ("other", "the catalogue class"),
    "公开方式": ("other", "主动公开 / 依申请公开"),
    "公开范围": ("other", "面向社会"),
    "有效性": ("other", "有效 / 失效"),
    "关键词": ("other", "keywords"),
    "作者": ("other", "the editor"),
    "责任编辑": ("other", "the editor"),
}


def _label_pattern(label: str) -> str:
    # printed labels are spaced out to align: 索 引 号、文　　号
    return r"\s*".join(re.escape(ch) for ch in label)


_NAMES = sorted(LABELS, key=len, reverse=True)
_ANY = "|".join(_label_pattern(n) for n in _NAMES)
_LABEL = re.compile(rf"(?:^|(?<=\s)|(?<=[】\]|｜]))({_ANY})\s*[:：]\s*")
_START = re.compile(rf"^\s*(?:{_ANY})\s*[:：]")
_CELL = re.compile(rf"(?:{_ANY})\s*[:：]?")
_CELL_EDGES = " \u3000|｜"
_ADJACENT_LABELS = re.compile(rf"(?:^|(?<=\t))((?:{_ANY})\s*[:：]?)\s+(?=(?:{_ANY})\s*[:：]?(?:\t|$))")
# the report's title under an empty label (文号：, its cell left blank): the title, never that label's value
_TITLE_LIKE = re.compile(r"(?:报告|年报)(?:[（(]\d{4}年?[)）])?$")


def _key(printed: str) -> str:
    return re.sub(r"\s+", "", printed)


def _cells(line: str) -> list[str] | None:
    """A catalogue table row's cells, when the line is one: tab-separated, the first cell a label.
    An empty cell between two labels may reach us as one space (whitespace runs are folded when a
    page's lines are cleaned): `发文字号 发布日期\t2024-01-20` is the label, its empty value, the next."""
    if "\t" not in line:
        return None
    line = _ADJACENT_LABELS.sub(lambda m: m.group(1) + "\t\t", line)
    cells = [c.strip(_CELL_EDGES) for c in line.split("\t")]
    return cells if _CELL.fullmatch(cells[0]) else None


def is_label_line(line: str) -> bool:
    return bool(_START.match(line)) or _cells(line) is not None


def is_cell_row(line: str) -> bool:
    """A catalogue table row: its empty cells are empty values, never the next line's."""
    return _cells(line) is not None


def read(line: str) -> list[tuple[str, str]]:
    """(field, value) for every label of a label line ([] for a line that does not begin with one).
    A value runs to the next label; an empty value is kept as '' (the value may be on the next line).
    In a table row each label cell's value is the next cell (none when the next cell is a label)."""
    cells = _cells(line)
    if cells is not None:
        out, i = [], 0
        while i < len(cells):
            if _CELL.fullmatch(cells[i]):
                has_value = i + 1 < len(cells) and not _CELL.fullmatch(cells[i + 1])
                out.append((LABELS[_key(cells[i].rstrip(":："))][0], cells[i + 1] if has_value else ""))
                i += 2 if has_value else 1
            else:
                i += 1   # a cell that is no label and follows a value: left
        return out
    if not _START.match(line):
        return []
    found = list(_LABEL.finditer(line))
    out = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(line)
        field = LABELS[_key(m.group(1))][0]
        out.append((field, line[m.end():end].strip(" \t\u3000|｜")))
    return out


def collect(lines: list[str]) -> tuple[dict[str, list[str]], list[int]]:
    """Values by field over the label lines of `lines`, and the indexes of those lines. A label whose
    value is empty takes the next line when that line is short, no label and (but for a title
    label) not the report's title (metadata tables flattened one cell per line; an empty cell)."""
    values: dict[str, list[str]] = {}
    used: list[int] = []
    for i, line in enumerate(lines):
        pairs = read(line)
        if not pairs:
            continue
        used.append(i)
        for field, value in pairs:
            if not value and not is_cell_row(line) and i + 1 < len(lines) and len(lines[i + 1]) <= 40 \
                    and not is_label_line(lines[i + 1]) and (field == "title" or not _TITLE_LIKE.search(lines[i + 1].strip())):
                value = lines[i + 1].strip()
                used.append(i + 1)
            if value:
                values.setdefault(field, []).append(value)
    return values, sorted(set(used))
