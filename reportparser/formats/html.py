"""HTML pages: find the report by content, rebuild tables as grids, read page metadata.

The report's container is chosen by scoring candidates (known CMS containers
and every div/td/article) on the section headings and table markers they hold,
minus link-heavy navigation. Inline elements join with no separator, so text
split into one-character <span>s reads back whole.
"""

from __future__ import annotations

import re

from lxml import etree

from reportparser.digitruns import _field
from reportparser.document import Cell, ExtractedDocument, Grid
from reportparser.normalize import MAX_TEXT_CHARS, clean_text, decode

MAX_HTML_BYTES = 8_000_000
KNOWN_CONTAINERS = ("TRS_Editor", "zoom", "ivs_content", "xxgk_content", "ucapcontent", "article", "content",
                    "Custom_UnionStyle", "view", "TRS_UEDITOR", "wz_zoom", "detail", "zwnr", "main-txt")
_KNOWN_LOWER = tuple(k.lower() for k in KNOWN_CONTAINERS)
_SCORE_WORDS = ("总体情况", "主动公开", "收到和处理", "行政复议", "存在的主要问题", "其他需要报告",
                "第二十条", "本年新收", "结果维持", "年度报告", "總體情況", "主動公開", "收到和處理", "行政複議")
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
          "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "dl", "center", "form", "title", "table",
          "tbody", "thead", "nav", "aside", "caption", "address"}
_STRUCTURE = tuple(_BLOCK | {"td", "th"})   # what breaks text into lines or cells
_DROP = {"script", "style", "noscript", "iframe", "object", "embed", "svg", "template", "select", "button", "input"}
_META_NAMES = {"articletitle": "title", "pubdate": "published", "contentsource": "publisher",
               "firstpublishtime": "published", "publishdate": "published", "description": "description"}
_META_TABLE_KEYS = {"发布机构": "publisher", "成文日期": "written", "发布日期": "published", "发文机关": "publisher",
                    "索引号": "index_number", "文号": "doc_number", "标题": "title", "名称": "title",
                    "生成日期": "published", "发布时间": "published"}


_META_HEADS = {k[:2] for k in _META_TABLE_KEYS}
_META_FIRST = {k[0] for k in _META_TABLE_KEYS}
_CELL_TAGS = {"td", "th"}


def extract_html(data: bytes, url: str | None = None) -> ExtractedDocument:
    warnings: list[str] = []
    if len(data) > MAX_HTML_BYTES:
        warnings.append(f"page of {len(data)} bytes cut to the first {MAX_HTML_BYTES}")
        data = data[:MAX_HTML_BYTES]
    text, encoding, w = decode(data)
    warnings += w
    meta: dict = {"encoding": encoding, "media_type": "text/html"}
    if url:
        meta["url"] = url
    try:
        root = _parse(text, warnings)
        if root is None:
            raise ValueError("no document")
    except Exception as exc:  # lxml refuses empty or absurd input
        warnings.append(f"page could not be parsed as HTML ({type(exc).__name__}); read as text")
        plain = re.sub(r"<[^>]+>", " ", text)
        return ExtractedDocument(text=clean_text(plain)[:MAX_TEXT_CHARS], warnings=warnings, meta=meta)
    _read_meta(root, meta)
    for el in list(root.iter(*_DROP)):
        _drop(el)
    container = _best_container(root)
    tables: list[Grid] = []
    lines: list[str] = []
    _render(container, lines, tables)
    body = _cell_lines("\n".join(line.strip() for line in "".join(lines).split("\n")), bool(tables)).strip()
    if len(body) > MAX_TEXT_CHARS:
        warnings.append(f"text cut at {MAX_TEXT_CHARS} characters")
        body = body[:MAX_TEXT_CHARS]
    _meta_tables(root, meta)
    from reportparser.formats.ocr import html_images   # a page whose table 3 is a pasted picture
    return html_images(container, ExtractedDocument(text=clean_text(body), tables=tables, warnings=warnings, meta=meta))


# An empty paragraph (<p>&nbsp;</p>): in one-cell-per-line pages it is a blank cell
EMPTY_PARAGRAPH = "\x00"
# numbers standing alone on their lines, no <table>: the page prints one cell per paragraph
MIN_CELL_LINES = 20


def _cell_lines(body: str, has_tables: bool) -> str:
    """One-cell-per-line pages (Hanweb: a <p> per cell, no <table>) read like the plain-text
    shape: a line per paragraph, and an empty paragraph next to a number is a blank cell, an
    empty line where it stands, so the cells after it keep their columns. Elsewhere (pages with
    tables, spacer paragraphs between prose) empty paragraphs only separate, and runs of empty
    lines read as one."""
    lines = body.split("\n")
    if (EMPTY_PARAGRAPH not in body or has_tables
            or sum(1 for x in lines if x and x != EMPTY_PARAGRAPH and _is_number(x)) < MIN_CELL_LINES):
        return re.sub(r"\n{3,}", "\n\n", body.replace(EMPTY_PARAGRAPH, ""))
    lines = [x for x in lines if x]   # paragraph breaks: one line each, as in the plain text
    # is the nearest printed line after each position a number (one backward pass: linear however
    # many empty paragraphs a page holds)
    number_after, nxt = [False] * len(lines), False
    for i in range(len(lines) - 1, -1, -1):
        number_after[i] = nxt
        if lines[i] != EMPTY_PARAGRAPH:
            nxt = _is_number(lines[i])
    out, number_before = [], False
    for i, x in enumerate(lines):
        if x != EMPTY_PARAGRAPH:
            out.append(x)
            number_before = _is_number(x)
        elif number_before or number_after[i]:   # inside the table region: a blank cell
            out.append("")
        elif out and out[-1]:   # a spacer between sections: one separating blank line
            out.append("")
    return "\n".join(out)


def _is_number(line: str) -> bool:
    return bool(_field(line))


def text_content(el) -> str:
    # libxml2's own text serializer: 5x faster than joining itertext() in Python
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _drop(el) -> None:
    """Remove an element, keeping its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# layout-only tags: dropped (their text kept) when a page nests deeper than libxml2 can follow
MAX_WALK_DEPTH = 600   # levels the recursive walk may take (Python's recursion limit is 1000)
_LAYOUT_TAGS = re.compile(r"</?(?:div|span|font|center|section|article|b|i|u|strong|em|small|big|o:p)\b[^>]*>", re.I)


def _parse(text: str, warnings: list[str]):
    """The page's element tree. Plain etree (not lxml.html, not BeautifulSoup): no per-element class
    lookup. huge_tree lifts libxml2's default depth limit of 256 (Word-pasted pages nest deep); a
    page deeper than the walk can follow is parsed again without its layout-only tags, and says
    so — libxml2 would otherwise drop everything below its limit silently."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    root = etree.fromstring(text.encode("utf-8", "replace"), parser=parser)
    too_deep = any("Excessive depth" in str(e) for e in parser.error_log)
    if too_deep or (root is not None and _deeper_than_walk(root)):   # the walk below recurses per level
        warnings.append("page nested deeper than the HTML parser's limit: read with its layout tags "
                        "(div, span, font…) removed")
        parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
        root = etree.fromstring(_LAYOUT_TAGS.sub(" ", text).encode("utf-8", "replace"), parser=parser)
        if any("Excessive depth" in str(e) for e in parser.error_log):
            raise ValueError("nested too deep even without layout tags")
    return root


# an element MAX_WALK_DEPTH levels below the root: one XPath step a level, evaluated in libxml2 (the
# node set is empty after a normal page's 20-odd levels), instead of a Python loop over every element
_DEEPER_THAN_WALK = etree.XPath("boolean(" + "/".join(["*"] * MAX_WALK_DEPTH) + ")")


def _deeper_than_walk(root) -> bool:
    """Whether the page nests deeper than MAX_WALK_DEPTH levels (the root is level 1)."""
    return bool(_DEEPER_THAN_WALK(root))


def _read_meta(root, meta: dict) -> None:
    title = root.find(".//title")
    if title is not None and text_content(title).strip():
        meta.setdefault("page_title", " ".join(text_content(title).split()))
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or "").lower()
        if name in _META_NAMES and el.get("content"):
            meta.setdefault(_META_NAMES[name], el.get("content").strip())
    if "title" not in meta and "page_title" in meta:
        meta["title"] = meta["page_title"]


def _meta_tables(root, meta: dict) -> None:
    """Metadata blocks: '发布机构：XX' in small tables or lists near the top."""
    seen = 0
    for el in root.iter("td", "th", "li", "span"):
        seen += 1
        if seen > 800:
            break
        first = (el.text or "").lstrip()
        if not first and len(el):
            first = (el[0].text or "").lstrip()
        if first[:1] not in _META_FIRST:   # cheap test first: most cells are report text
            continue
        if len(el) > 3:  # a container, not a field
            continue
        head = "".join((el.text or "").split())[:2]
        if not head and len(el):
            head = "".join((el[0].text or "").split())[:2]
        if head not in _META_HEADS:
            continue
        t = " ".join(text_content(el).split())
        if not t or len(t) > 60:
            continue
        m = re.match(r"^([\u4e00-\u9fff]{2,4})\s*[:：]\s*(.+)$", t)
        if m and m.group(1) in _META_TABLE_KEYS:
            meta.setdefault(_META_TABLE_KEYS[m.group(1)], m.group(2).strip())
        elif t.rstrip(":：") in _META_TABLE_KEYS:
            nxt = el.getnext()
            if nxt is not None:
                v = " ".join(text_content(nxt).split())
                if v and len(v) < 60:
                    meta.setdefault(_META_TABLE_KEYS[t.rstrip(":：")], v)


def _score(el, known: bool = False) -> float:
    text = text_content(el)
    if len(text) < (5 if known else 50):
        return -1
    words = sum(1 for w in _SCORE_WORDS if w in text)
    link_text = sum(len(a.text or "") for a in el.iter("a"))
    density = link_text / max(len(text), 1)
    return words * 10 - density * 40 - len(text) / 200000 + (3 if known else 0)


def _best_container(root):
    body = root.find("body")
    if body is None:
        body = root
    candidates = []
    for el in root.iter("div", "td", "article", "section", "span", "font"):
        ident = ((el.get("id") or "") + " " + (el.get("class") or "")).lower()
        known = ident != " " and any(k in ident for k in _KNOWN_LOWER)
        if known or el.tag in ("div", "article", "section"):
            candidates.append((el, known))
    best, best_score = body, _score(body) - 5  # the body must be beaten clearly
    for el, known in candidates[:2000]:
        s = _score(el, known)
        if s > best_score + 1e-9 or (s >= best_score - 1e-9 and best is not None and _is_inside(el, best)):
            best, best_score = el, s
    return best


def _is_inside(el, other) -> bool:
    p = el.getparent()
    while p is not None:
        if p is other:
            return True
        p = p.getparent()
    return False


def _render(el, out: list[str], tables: list[Grid]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "table" and not _has_nested_table(el):
        grid = build_grid(el)
        if grid:
            tables.append(grid)
            out.append("\n")
            for row in grid:
                out.append("\t".join("" if c.spanned else c.text for c in row).rstrip("\t") + "\n")
            out.append("\n")
        if el.tail:
            out.append(el.tail)
        return
    if tag in _BLOCK:
        out.append("\n")
    if tag in ("td", "th"):
        out.append("\t")
    if tag in ("p", "div") and _is_empty_paragraph(el):
        out.append(EMPTY_PARAGRAPH + "\n")   # an empty paragraph: _cell_lines decides what it stands for
    elif tag and len(el) and next(el.iterdescendants(*_STRUCTURE), None) is None:
        out.append(text_content(el))   # inline content only (Word's span per character): one C call
    else:
        if el.text and tag:
            out.append(el.text)
        for child in el:
            _render(child, out, tables)
    if tag in _BLOCK:
        out.append("\n")
    if el.tail:
        out.append(el.tail)


def _is_empty_paragraph(el) -> bool:
    """<p>&nbsp;</p>, <p><span> </span></p>: nothing printed, no image."""
    if not len(el):
        return not (el.text or "").strip()
    return next(el.iterdescendants("img", *_STRUCTURE), None) is None and not text_content(el).strip()


def _has_nested_table(table) -> bool:
    return any(t is not table for t in table.iter("table"))


def _cell_text(cell) -> str:
    # breaks inside the cell were turned into spaces by _mark_breaks
    text = " ".join(text_content(cell).replace("\xa0", " ").split())
    return text if " " not in text else _join_cjk(text)


def _mark_breaks(table) -> None:
    """A space where a cell's text breaks (<br>, <p>, <div>), so that '12<br>34' stays two
    numbers, while the cell's text is still read by one C call per cell."""
    for e in table.iter("br", "p", "div"):
        if e.tag == "br":
            e.tail = " " + (e.tail or "")
        else:
            e.text = " " + (e.text or "")


def _join_cjk(text: str) -> str:
    # a header broken over <p>/<br> reads whole: drop spaces between CJK characters
    return re.sub(r"(?<=[\u4e00-\u9fff）)]) (?=[\u4e00-\u9fff（(])", "", text)


def build_grid(table) -> Grid:
    """<table> -> Grid honouring rowspan/colspan (copies marked spanned)."""
    rows = [tr for tr in table.iter("tr") if _owner_table(tr) is table]
    _mark_breaks(table)
    grid: list[list[Cell | None]] = [[] for _ in rows]
    for r, row in enumerate(grid):
        c = 0
        for cell in rows[r]:
            if cell.tag not in _CELL_TAGS:
                continue
            while c < len(row) and row[c] is not None:   # positions a span from above covers
                c += 1
            text = _cell_text(cell)
            rs_attr, cs_attr = cell.get("rowspan"), cell.get("colspan")
            if rs_attr is None and cs_attr is None:   # the common cell: no span
                if c == len(row):
                    row.append(Cell(text))
                else:
                    row[c] = Cell(text)
                c += 1
                continue
            rs, cs = _span(rs_attr), _span(cs_attr)
            for dr in range(min(rs, len(rows) - r)):
                target = grid[r + dr]
                if len(target) < c + cs:
                    target.extend([None] * (c + cs - len(target)))
                for dc in range(cs):
                    target[c + dc] = Cell(text, spanned=(dr, dc) != (0, 0))
            c += cs
    width = max((len(r) for r in grid), default=0)
    return [[x if x is not None else Cell("") for x in row] + [Cell("")] * (width - len(row)) for row in grid if row]


def _owner_table(tr):
    p = tr.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def _span(v) -> int:
    if v is None:
        return 1
    try:
        return max(1, min(int(str(v).strip()), 200))
    except (TypeError, ValueError):
        return 1
