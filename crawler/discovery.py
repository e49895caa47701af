"""Links and URLs as every CMS family has them: the page's `<a href>` links (never `OLDSRC`),
attachments, the page title, and URL canonicalisation (session ids, `_wap`, big5 gateways,
`…/index.html` ≡ `…/` for de-duplication). Pure functions over a page's URL and text, tested
without a network. What is particular to one CMS family's list pages is in crawler/lists/.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html

ATTACHMENT_EXT = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ofd", ".txt", ".rtf", ".zip",
                  ".jpg", ".jpeg", ".png")   # linked scans of a report's pages (OCR'd when the page has no table text)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SESSION = re.compile(r";jsessionid=[^?#/]*", re.I)
_SESSION_Q = {"jsessionid", "sessionid", "sid_", "phpsessid", "aspsessionid"}
_GATE = re.compile(r"^/gate/(?:big5|gb)/([^/]+)(/.*)$", re.I)


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
