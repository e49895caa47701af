"""TRS WCM pager scripts: the pages a TRS column announces only in JavaScript.

`createPageHTML(count, current, "index", "html")` (4 arguments: pages are index_1 … index_{count-1})
and `createPageHTML('page_div', count, current, 'index', 'html', total)` (6 arguments: page N is
index_N), or an inline `var countPage = N` block. Pagers inside HTML comments are stale copies
(a trap: `<!-- … countPage = 67 … -->`) and are ignored; `t…_N` article pages are a report's own
continuation pages, not list pages."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from crawler.discovery import strip_comments

_CREATE4 = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](\w+)[\"']")
_CREATE6 = re.compile(r"createPageHTML\(\s*[\"'][\w-]+[\"']\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](\w+)[\"']")
_COUNTPAGE = re.compile(r"var\s+countPage\s*=\s*(\d+)")


def js_pager_urls(base_url: str, text: str) -> list[str]:
    """Pages announced by TRS pager scripts (live code only, not commented-out copies)."""
    live = strip_comments(text)
    found: list[str] = []
    for m in _CREATE6.finditer(live):  # ('page_div', count, current, stem, ext, total): page N is stem_N
        count, stem, ext = int(m.group(1)), m.group(3), m.group(4)
        found += [urljoin(base_url, f"{stem}_{n}.{ext}") for n in range(1, count + 1)]
    for m in _CREATE4.finditer(live):  # (count, current, stem, ext): pages are stem_1 … stem_{count-1}
        count, stem, ext = int(m.group(1)), m.group(3), m.group(4)
        found += [urljoin(base_url, f"{stem}_{n}.{ext}") for n in range(1, count)]
    m = _COUNTPAGE.search(live)
    if m and not found:
        path = urlsplit(base_url).path
        leaf = path.rsplit("/", 1)[-1] or "index.html"
        stem_m = re.match(r"(.+?)(?:_\d+)?\.(s?html?)$", leaf)
        if stem_m and not re.match(r"t\d{8}_\d+", stem_m.group(1)):  # article `_N` pages are handled as parts
            found += [urljoin(base_url, f"{stem_m.group(1)}_{n}.{stem_m.group(2)}") for n in range(1, int(m.group(1)))]
    return found
