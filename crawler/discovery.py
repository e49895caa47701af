"""Finding list pages, report links and attachments in the shapes government CMSs use.

Pure functions over a page's URL and text, so they are tested without a network:
TRS `createPageHTML(...)` (4- and 6-argument) and inline `countPage` pagers (ignoring pagers
commented out), 下一页/尾页 and numbered pager links, `?page=N`, Hanweb `<datastore>` CDATA records
and their dataproxy parameters, gkmlpt `window._CONFIG` (SID + TREE), meta-refresh and simple JS
redirects, attachment links (never `OLDSRC`), and URL canonicalisation (session ids, `_wap`, big5
gateways, `…/index.html` ≡ `…/` for de-duplication).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html

ATTACHMENT_EXT = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ofd", ".txt", ".rtf", ".zip",
                  ".jpg", ".jpeg", ".png")   # linked scans of a report's pages (OCR'd when the page has no table text)
PAGER_WORDS = {"下一页", "下页", "尾页", "末页", "上一页", "上页", "首页", ">", "»", "下一頁", "尾頁"}
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CREATE4 = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](\w+)[\"']")
_CREATE6 = re.compile(r"createPageHTML\(\s*[\"'][\w-]+[\"']\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](\w+)[\"']")
_COUNTPAGE = re.compile(r"var\s+countPage\s*=\s*(\d+)")
_SESSION = re.compile(r";jsessionid=[^?#/]*", re.I)
_SESSION_Q = {"jsessionid", "sessionid", "sid_", "phpsessid", "aspsessionid"}
_GATE = re.compile(r"^/gate/(?:big5|gb)/([^/]+)(/.*)$", re.I)
_META_REFRESH = re.compile(r"<meta[^>]+http-equiv=[\"']?refresh[\"']?[^>]+content=[\"']?\s*\d+\s*;\s*url=([^\"'>\s]+)", re.I)
_JS_REDIRECT = re.compile(r"(?:window\.)?location(?:\.href)?\s*=\s*[\"']([^\"']+)[\"']")
_CDATA_LINK = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_A_TAG = re.compile(r"<a\s[^>]*?href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.S | re.I)
_TITLE_ATTR = re.compile(r"title=[\"']([^\"']+)[\"']")
_HANWEB_PARAM = re.compile(r"var\s+param_(\w+)\s*=\s*\{(.*?)\}\s*;", re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Link:
    url: str
    text: str

    @property
    def is_attachment(self) -> bool:
        return looks_like_attachment(self.url, self.text)


def looks_like_attachment(url: str, text: str = "") -> bool:
    path = urlsplit(url).path.lower()
    if path.endswith(ATTACHMENT_EXT) or "download" in path or "/attachment/" in path:
        return True
    return (text or "").strip().lower().endswith(ATTACHMENT_EXT)


def canonical_url(url: str) -> str:
    """The URL to fetch and de-duplicate on: no fragment, no session ids."""
    parts = urlsplit(url)
    path = _SESSION.sub("", parts.path)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _SESSION_Q])
    return urlunsplit((parts.scheme, parts.netloc, path or "/", query, ""))


_DIR_INDEX = re.compile(r"(?<=/)(?:index|default)\.(?:s?html?|jsp|php|aspx?)$", re.I)


def page_key(url: str) -> str:
    """The page a URL names, for de-duplication only: `…/index.html` (or a server's other directory
    index names) and `…/` are one page. Never rewrite the URL fetched with it: which form a server
    redirects to varies (`/col/` → `/col/index.html` on one site, the reverse on the next), and
    fetching our form would then meet a redirect back to the other — a loop."""
    url = canonical_url(url)
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=_DIR_INDEX.sub("", parts.path))) if _DIR_INDEX.search(parts.path) else url


def primary_url(url: str) -> tuple[str, str | None]:
    """(the report's primary URL, why this URL is only a copy) — `_wap` pages and big5/GB gateway
    mirrors point back to the original page."""
    parts = urlsplit(url)
    m = _GATE.match(parts.path)
    if m:
        return primary_url(urlunsplit((parts.scheme, m.group(1), m.group(2), parts.query, "")))[0], "mirror"
    if re.search(r"_wap\.s?html?$", parts.path):
        return urlunsplit(parts._replace(path=re.sub(r"_wap(\.s?html?)$", r"\1", parts.path))), "wap"
    return url, None


def strip_comments(text: str) -> str:
    return _COMMENT.sub("", text)


_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)


def page_title(text: str) -> str:
    """The page's <title> text. A regex, not a parse: the spider parses every page once already
    (`anchors`), and a second full parse per page showed up in the crawl's profile."""
    m = _TITLE.search(text)
    return html.unescape(m.group(1)).strip() if m else ""


def anchors(base_url: str, text: str) -> list[Link]:
    """Every <a href> outside comments and scripts, joined to the base URL (`./`, `../../`)."""
    try:
        doc = lxml.html.fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return []
    out = []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#", "tel:")):
            continue
        label = (a.get("title") or "").strip() or a.text_content().strip()
        out.append(Link(urljoin(base_url, href), label))
    return out


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


def is_pager_link(link: Link, base_url: str) -> bool:
    text = link.text.strip()
    if text in PAGER_WORDS or text.isdigit():
        return True
    path = urlsplit(link.url).path
    query = urlsplit(link.url).query
    return bool(re.search(r"(index|list)_\d+\.s?html?$", path) or re.search(r"(^|&)(page|pageindex|currpage|pagenum)=\d+", query, re.I))


def redirect_target(base_url: str, text: str) -> str | None:
    """A meta-refresh or a bare `location.href=` page (a redirect without HTTP status)."""
    m = _META_REFRESH.search(text[:4096])
    if m:
        return urljoin(base_url, m.group(1))
    live = strip_comments(text)
    if len(_TAG.sub("", live).strip()) < 200 and "setTimeout" not in live:
        m = _JS_REDIRECT.search(live)
        if m and not m.group(1).startswith(("javascript", "#")):
            return urljoin(base_url, m.group(1))
    return None


# --- Hanweb datastore -----------------------------------------------------------------
def hanweb_records(base_url: str, text: str) -> list[Link]:
    """Links inside `<record><![CDATA[…]]></record>` (invisible to an HTML link extractor)."""
    out = []
    for rec in _CDATA_LINK.findall(text):
        m = _A_TAG.search(rec)
        if not m:
            continue
        t = _TITLE_ATTR.search(m.group(0))
        out.append(Link(urljoin(base_url, m.group(1)), (t.group(1) if t else _TAG.sub("", m.group(2))).strip()))
    return out


def hanweb_params(text: str) -> dict | None:
    """The `var param_{unit} = {…}` object that the dataproxy POST needs."""
    m = _HANWEB_PARAM.search(text)
    if not m:
        return None
    params = {}
    for part in m.group(2).split(","):
        k, _, v = part.partition(":")
        if k.strip():
            params[k.strip()] = v.strip().strip("'\"")
    return params


def hanweb_total(text: str) -> int | None:
    m = re.search(r"<totalrecord>\s*(\d+)\s*</totalrecord>", text)
    return int(m.group(1)) if m else None


# --- gkmlpt -----------------------------------------------------------------------------
def gkmlpt_config(text: str) -> tuple[str, list] | None:
    """(SID, TREE) from the gkmlpt SPA shell's `window._CONFIG`."""
    if "_CONFIG" not in text:
        return None
    sid = re.search(r"SID\s*:\s*['\"]?(\w+)", text)
    tree = re.search(r"TREE\s*:\s*(\[.*?\])\s*,\s*\n?\s*[A-Z_]+\s*:", text, re.S) or re.search(r"TREE\s*:\s*(\[.*\])", text, re.S)
    if not sid or not tree:
        return None
    try:
        return sid.group(1), json.loads(tree.group(1))
    except ValueError:
        return None


def gkmlpt_report_categories(tree: list) -> list[tuple[int, int]]:
    """(category id, post_count) of the tree nodes named like an annual-report column, never 报表."""
    out = []
    stack = list(tree)
    while stack:
        node = stack.pop()
        name = node.get("name", "")
        if ("年报" in name or "年度报告" in name) and "报表" not in name and not node.get("jump_url"):
            out.append((int(node["id"]), int(node.get("post_count") or 0)))
        stack.extend(node.get("children") or [])
    return sorted(out)
