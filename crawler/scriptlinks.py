"""Links that live in scripts and handlers, not in `<a href>`: a page filled by JavaScript names
its list endpoint in a script, and an attachment may be reached only through `onclick`.

Each rule is a class with one `links(base_url, text) -> list[Link]`, pure over the page's URL and
text (tested without a network):

  ScriptLiterals  URL-like quoted string literals in live inline scripts (or in a linked
                  script's code): paths ending .html, .shtml, .htm, .jsp, .json, .do, .aspx, or
                  carrying a query string
  LinkedScripts   the page's `<script src>` files
  HandlerLinks    `javascript:` hrefs, `onclick` and `data-url`/`data-href` attributes that name a
                  URL or call a function with one (downloadFile('…'), window.open('…'),
                  location.href='…'); the element's title or text goes with the link
  FrameSources    `<iframe src>` and `<frame src>`
(a `<meta http-equiv=refresh>` page is a redirect: crawler/lists/redirect.py.)
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html

from crawler.discovery import ATTACHMENT_EXT, Link, strip_comments

PAGE_EXT = (".html", ".shtml", ".htm", ".jsp", ".json", ".do", ".aspx")
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_SCRIPT_TYPE = re.compile(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", re.I)
_QUOTED = re.compile(r"([\"'])([^\"'\s<>\\]{2,}?)\1")
_URL_CHARS = re.compile(r"^(?:https?://[^/\s]+)?[\w./~%:@!$&()*+,;=?-]+$")
_JS_COMMENT = re.compile(r"(?<![:\"'\\])//[^\n]*|/\*.*?\*/", re.S)


def _parse(text: str):
    try:
        return lxml.html.fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return None


def is_url_literal(value: str) -> bool:
    """A string literal that names a page or endpoint: a path (or http URL) ending in a page
    extension, or one with a query string — not a word, a selector, a regex or a file of code."""
    if value.startswith(("javascript:", "#", "mailto:", "data:")) or not _URL_CHARS.match(value):
        return False
    path, _, query = value.partition("?")
    if path.lower().endswith(PAGE_EXT) and len(path) > max(len(e) for e in PAGE_EXT if path.lower().endswith(e)):
        return True  # `data.json`, `./list.do`, `/col/index.shtml` (an extension alone is no path)
    return bool(query) and "/" in path and "=" in query


class ScriptLiterals:
    """Quoted URL-like literals in the page's live inline scripts (not `type="text/xml"` data, not
    in HTML or JS comments), joined to the page's URL."""

    @staticmethod
    def scripts(text: str) -> list[str]:
        out = []
        for attrs, body in _SCRIPT.findall(strip_comments(text)):
            kind = _SCRIPT_TYPE.search(attrs)
            if kind and "javascript" not in kind.group(1).lower() and kind.group(1).lower() != "module":
                continue
            out.append(body)
        return out

    @classmethod
    def links(cls, base_url: str, text: str) -> list[Link]:
        return cls.in_code(base_url, "\n".join(cls.scripts(text)))

    @staticmethod
    def in_code(base_url: str, code: str) -> list[Link]:
        """The URL literals of JavaScript code, joined to `base_url` — the page's URL also for a
        linked script's code: a script's `fetch('…')` resolves against the document, not the script."""
        out, seen = [], set()
        for _q, value in _QUOTED.findall(_JS_COMMENT.sub("", code)):
            if is_url_literal(value):
                url = urljoin(base_url, value)
                if url not in seen:
                    seen.add(url)
                    out.append(Link(url, ""))
        return out


class LinkedScripts:
    """The page's `<script src>` files (on any host: the caller keeps them to the site), whose code
    may name what the inline scripts only call."""

    _SRC = re.compile(r"<script\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)

    @classmethod
    def links(cls, base_url: str, text: str) -> list[Link]:
        out = []
        for src in cls._SRC.findall(strip_comments(text)):
            url = urljoin(base_url, src.strip())
            if urlsplit(url).scheme in ("http", "https") and url not in {link.url for link in out}:
                out.append(Link(url, ""))
        return out


def handler_url(code: str) -> str | None:
    """The URL a handler's code names: its first quoted literal that is a path (has a `/`), a page
    or endpoint (is_url_literal) or a file (an attachment's extension)."""
    for _q, value in _QUOTED.findall(code):
        if value.startswith(("#", "javascript:")) or not _URL_CHARS.match(value):
            continue
        if "/" in value or is_url_literal(value) or value.split("?", 1)[0].lower().endswith(ATTACHMENT_EXT):
            return value
    return None


class HandlerLinks:
    """Elements whose link is in a handler: `href="javascript:…"`, `onclick`, `data-url`."""

    DATA_ATTRS = ("data-url", "data-href", "data-src", "data-link")
    _ANY = re.compile(r"javascript:|onclick|data-(?:url|href|src|link)", re.I)

    @classmethod
    def links(cls, base_url: str, text: str) -> list[Link]:
        if not cls._ANY.search(text):
            return []  # most pages: no second parse
        doc = _parse(text)
        if doc is None:
            return []
        out = []
        for el in doc.iter():
            if not isinstance(el.tag, str) or el.tag in ("script", "style"):
                continue
            url = next((el.get(a).strip() for a in cls.DATA_ATTRS if (el.get(a) or "").strip()), None)
            href = (el.get("href") or "").strip()
            if url is None and href.lower().startswith("javascript:"):
                url = handler_url(href[len("javascript:"):])
            if url is None and el.get("onclick"):
                url = handler_url(el.get("onclick"))
            if url:
                label = (el.get("title") or "").strip() or re.sub(r"\s+", " ", el.text_content()).strip()
                out.append(Link(urljoin(base_url, url), _attachment_label(label)))
        return out


def _attachment_label(label: str) -> str:
    """`附件：名称.pdf` → `名称.pdf`: the words before a file name are the handler's, not its title."""
    return re.sub(r"^(?:附件|下载|点击下载)\s*[0-9]*\s*[:：]\s*", "", label)


class FrameSources:
    """The pages a frameset or an inline frame shows (their `src`); the frame's title or name is the label."""

    @staticmethod
    def links(base_url: str, text: str) -> list[Link]:
        doc = _parse(text)
        if doc is None:
            return []
        out = []
        for el in doc.iter("iframe", "frame"):
            src = (el.get("src") or "").strip()
            if src and not src.startswith(("javascript:", "about:", "data:", "#")):
                out.append(Link(urljoin(base_url, src), (el.get("title") or el.get("name") or "").strip()))
        return out


def script_and_handler_links(base_url: str, text: str) -> list[Link]:
    """Every link the page names outside `<a href>` (what ScriptLiterals, HandlerLinks, FrameSources find)."""
    return ScriptLiterals.links(base_url, text) + HandlerLinks.links(base_url, text) + FrameSources.links(base_url, text)
