"""Plain-text reports: any encoding, crawler metadata headers, site chrome.

Archivers' page.txt files start with a metadata block — `key: value` lines (`标题: …`,
`发布时间: …`, `原文链接: …`, notes of their own) — closed by a rule line (`=====`,
`---- 正文 ----`, `＝＝＝`, …): that shape, wherever it comes from, goes to `meta`, not text.
"""

from __future__ import annotations

import re

from reportparser import chrome
from reportparser.document import ExtractedDocument
from reportparser.normalize import MAX_TEXT_CHARS, clean_text, decode, to_simplified

# a rule line: one rule character repeated (3+), perhaps around a word ('==== 正文 ====')
_RULE_LINE = re.compile(r"^[ \t]*(?P<c>[=\-─━═＝*_~#])(?P=c){2,}[ \t]*(?:[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z ]{0,11}"
                        r"[ \t]*(?P=c){3,})?[ \t]*$", re.M)
_META_LINE = re.compile(r"^\s*([\u4e00-\u9fff]{2,6})\s*[:：]\s*(.*?)\s*$")
MAX_HEADER_LINES = 30      # a metadata block is a handful of lines; a rule further down is the report's
MIN_KEY_LINES = 2          # key: value lines that make the lines above a rule a metadata block
META_KEYS = {"标题": "title", "发布时间": "published", "发布日期": "published", "成文日期": "written",
             "发布机构": "publisher", "原文链接": "url", "来源": "source_site", "文号": "doc_number",
             "栏目": "channel", "索引号": "index_number", "主题分类": "topic"}

# a breadcrumb (reportparser.chrome declares it), with the article header a flattened page runs on
# into on the same line (来源, 时间, share and view buttons) when its tool bar closes it
_RELATED = r"相关链接\s*[:：]\s*(?:-->)?"   # its list was a script: an HTML comment's arrow is left
BREADCRUMB = re.compile(rf"{chrome.BREADCRUMB_LABEL}[^\n]{{0,300}}?(?:{_RELATED}|文件下载(?:\s*{_RELATED})?)|{chrome.BREADCRUMB}")
# Page chrome is what reportparser.chrome declares (tokens and whole lines); a flattened page has
# it at its head (article tools) and its tail (attachment bar, related links, footer), so only
# that many lines at each end are cleaned: the body between is never touched.
CHROME_EDGE_LINES = 30


def strip_chrome(text: str) -> str:
    text = BREADCRUMB.sub("\n", text)  # a line break where it stood: what follows is a paragraph of its own
    lines = text.split("\n")
    edge = set(range(min(CHROME_EDGE_LINES, len(lines)))) | set(range(max(0, len(lines) - CHROME_EDGE_LINES), len(lines)))
    kept = []
    for i, line in enumerate(lines):
        if i in edge and line.strip():
            line = _without_chrome(line)
            if line is None:
                continue
        kept.append(line)
    return "\n".join(kept)


def _without_chrome(line: str) -> str | None:
    """The line with the declared chrome taken out (None: it was nothing but chrome). Chrome is
    matched on the simplified form, so a traditional-character page's 相關詞條 is 相关词条."""
    folded, _script = to_simplified(line)
    if len(folded) != len(line):   # folding changed the length: match on the line as printed
        folded = line
    if chrome.is_furniture_line(folded):
        return None
    out, pos = [], 0
    # on both forms: the declared words are simplified, a few (繁體) are as printed
    spans = chrome.token_spans(folded) if folded == line else chrome.merge_spans(chrome.token_spans(folded) + chrome.token_spans(line))
    for span in spans:
        out.append(line[pos:span[0]])
        pos = span[1]
    if not out:
        return line
    out.append(line[pos:])
    cleaned = re.sub(r"[ \t\u3000]{2,}", " ", "".join(out)).rstrip()
    return cleaned if cleaned.strip() else None


def split_crawler_header(text: str) -> tuple[str, dict]:
    """(body, meta) of a text that opens with a metadata block: at least MIN_KEY_LINES
    `key: value` lines (others may be the archiver's notes), then a rule line."""
    m = _RULE_LINE.search(text, 0, 8000)
    if not m:
        return text, {}
    lines = text[:m.start()].splitlines()
    keyed = [lm for lm in (_META_LINE.match(line) for line in lines) if lm]
    if len(lines) > MAX_HEADER_LINES or len(keyed) < MIN_KEY_LINES or len(keyed) * 2 < len([x for x in lines if x.strip()]):
        return text, {}
    meta = {}
    for lm in keyed:
        if lm.group(1) in META_KEYS and lm.group(2):
            meta.setdefault(META_KEYS[lm.group(1)], lm.group(2))
    return text[m.end():], meta


def extract_text(data: bytes) -> ExtractedDocument:
    text, encoding, warnings = decode(data)
    meta: dict = {"encoding": encoding, "media_type": "text/plain"}
    if len(text) > MAX_TEXT_CHARS:
        warnings.append(f"text cut at {MAX_TEXT_CHARS} characters of {len(text)}")
        text = text[:MAX_TEXT_CHARS]
    if "\x00" in text[:1000]:
        warnings.append("input looks binary, not text")
        text = text.replace("\x00", "")
    text = clean_text(text)
    body, header = split_crawler_header(text)
    meta.update(header)
    return ExtractedDocument(text=strip_chrome(body).strip(), tables=[], warnings=warnings, meta=meta)
