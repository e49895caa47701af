"""Label lines: the `key：value` metadata a CMS prints above an article (标题：…, 发文机关：…,
发布日期：…, 索引号：…), often several on one line when a metadata table is flattened.

The value after a label may be a candidate (a title, an agency, a date); the label line itself is
never a title or an agency. LABELS declares each label once, with the field it fills and why.
"""

from __future__ import annotations

import re

# label -> (field, why). Fields: title, agency, source (who the site says the article is from),
# published, written, date (a bare 日期/时间), and other (known labels whose values we do not use).
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
    "索引号": ("other", "the catalogue index number"),
    "文号": ("other", "the document number (〔2021〕3号): never a year of the report"),
    "发文字号": ("other", "the same"),
    "主题分类": ("other", "the catalogue topic"),
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


def _key(printed: str) -> str:
    return re.sub(r"\s+", "", printed)


def is_label_line(line: str) -> bool:
    return bool(_START.match(line))


def read(line: str) -> list[tuple[str, str]]:
    """(field, value) for every label of a label line ([] for a line that does not begin with one).
    A value runs to the next label; an empty value is kept as '' (the value may be on the next line)."""
    if not is_label_line(line):
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
    value is empty takes the next line when that line is short and no label (metadata tables
    flattened one cell per line)."""
    values: dict[str, list[str]] = {}
    used: list[int] = []
    for i, line in enumerate(lines):
        pairs = read(line)
        if not pairs:
            continue
        used.append(i)
        for field, value in pairs:
            if not value and i + 1 < len(lines) and len(lines[i + 1]) <= 40 and not is_label_line(lines[i + 1]):
                value = lines[i + 1].strip()
                used.append(i + 1)
            if value:
                values.setdefault(field, []).append(value)
    return values, sorted(set(used))
