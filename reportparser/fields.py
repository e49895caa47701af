"""Report-level fields: title, agency, agency_kind, level, places, year, published."""

from __future__ import annotations

import re

from reportparser import regions, templates
from reportparser.normalize import cn_number

_TITLE_WORDS = ("年度报告", "年报", "工作报告")
_TITLE_LINE = re.compile(r"[^\n。]{0,60}?(?:19|20)\d{2}\s*年(?:度)?[^\n。]{0,30}?(?:年度报告|年报)")
# how a title line ends: '…工作年度报告', '…年报', and '…2019年度政府信息公开工作报告'
_TITLE_END = re.compile(r"(?:年度报告|年报|信息公开工作报告)$")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"统计期限?(?:为|是)?自?\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")


def find_title(text: str, meta: dict) -> str | None:
    # a container title counts when it names the year (PDF Title metadata is often
    # just '政府信息公开工作年度报告'); else the heading printed in the text
    for key in ("title", "ArticleTitle"):
        t = (meta.get(key) or "").strip()
        if t and any(w in t for w in _TITLE_WORDS) and _YEAR_IN_TITLE.search(t):
            return _tidy(t)
    heading = _title_lines(text)
    if heading:
        return heading
    m = _TITLE_LINE.search(text[:3000])
    if m:
        return _tidy(m.group(0))
    t = (meta.get("title") or meta.get("ArticleTitle") or "").strip()
    if t:
        return _tidy(t)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return _tidy(first[:80]) if first else None


def _title_lines(text: str) -> str | None:
    """A title broken over the first short lines ('淮安市人民政府' / '2024 年政府信息公开工作年度报告')."""
    lines = [ln.strip() for ln in text[:1500].splitlines() if ln.strip()][:8]
    for line in lines:  # a whole title on one line wins over joined fragments
        one = re.sub(r"\s+", "", line)
        m = _YEAR_IN_TITLE.search(one)
        if len(one) <= 60 and m and m.start() >= 2 and _TITLE_END.search(one):
            return _tidy(one)   # names its agency before the year
    for i in range(len(lines)):
        for j in range(i, min(i + 3, len(lines))):
            chunk = lines[i:j + 1]
            if any(len(c) > 40 or "。" in c or "，" in c for c in chunk):
                break
            joined = re.sub(r"\s+", "", "".join(chunk))
            if _YEAR_IN_TITLE.search(joined) and _TITLE_END.search(joined):
                return _tidy(joined)
    return None


def _tidy(title: str) -> str:
    title = re.sub(r"\s+", "", title)
    title = re.sub(r"^(?:关于|首页|当前位置[:：]?)", "", title)
    title = re.split(r"[-_|]{1,2}(?=[^-_|]*(?:网|门户|政府)$)", title)[0]   # '… - XX市人民政府网'
    return title


def find_year(title: str | None, text: str) -> int | None:
    if title:
        m = _YEAR_IN_TITLE.search(title)
        if m:
            return int(m.group(1))
    m = _PERIOD.search(text[:6000])
    if m:
        return int(m.group(1))
    m = _YEAR_IN_TITLE.search(text[:500])
    return int(m.group(1)) if m else None


def find_agency(title: str | None, text: str, meta: dict) -> str | None:
    if title:
        m = _YEAR_IN_TITLE.search(title)
        head = title[: m.start()] if m else title
        head = re.sub(r"(?:关于)?$", "", head).strip("：:、 ")
        if not m:
            head = re.sub(r"政府信息公开.*$|信息公开.*$", "", head)
        if len(head) >= 2:
            return head
    for key in ("publisher", "ContentSource", "source"):
        v = (meta.get(key) or "").strip()
        if v:
            return v
    return None


def agency_kind(agency: str | None) -> str | None:
    if not agency:
        return None
    for suffix, kind in sorted(templates.AGENCY_KINDS, key=lambda p: len(p[0]), reverse=True):
        if agency.endswith(suffix):
            return kind
    return None


LEVELS = ("province", "city", "county", "township", "unknown")   # the contract's level values


def level_of(agency: str | None, place: regions.Place) -> str:
    if agency and re.search(r"(?:镇|乡|街道)(?:人民政府|办事处)?$|街道办事处$", agency):
        return "township"
    return place.level


_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_CN_DATE = re.compile(r"([〇○零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


def _iso(y, m, d) -> str | None:
    try:
        y, m, d = int(y), int(m), int(d)
    except (TypeError, ValueError):
        return None
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def find_published(text: str, meta: dict) -> str | None:
    for key in ("published", "PubDate", "发布日期", "发布时间", "written"):
        m = _DATE.search(str(meta.get(key) or ""))
        if m:
            return _iso(*m.groups())
    m = re.search(r"(?:发布时间|发布日期|时间|日期)\s*[:：]\s*" + _DATE.pattern, text[:1500])
    if m:
        return _iso(*m.groups())
    tail = text[-400:]
    found = list(_DATE.finditer(tail))
    if found:
        return _iso(*found[-1].groups())
    found = list(_CN_DATE.finditer(tail))
    if found:
        y, mo, d = (cn_number(g) for g in found[-1].groups())
        return _iso(y, mo, d)
    return None
