"""A JSON list endpoint (the API a script-filled column fetches): the response is a list page.

JsonItems finds the items: every object holding a URL value (relative or absolute) is one, its
title and date the other strings of the same object (a title key — title, name, subject … — or
else its longest non-URL, non-date string); URLs in objects nested under an item without a
report title of their own (an `attachments` list) go with that item; a URL to this same
endpoint with another query (`"next": "…?page=3"`) is a page of the list. JsonPager pages by the
page parameter: from the first page up to a total-pages field (or total-count ÷ items per page)
when the body has one, else one page at a time while pages come back non-empty. JsonList reads
a page: report-titled items go the way of any report link, the others are counted, and a page
listing exactly the items of a page already read ends the pagination (an API that ignores the
page number); the site's page budget (max_pages) bounds the rest."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from builder.titles import is_report_title
from crawler import discovery as d
from crawler.lists.base import NOT_JSON, ListPage, ListReader, same_list

_URL_VALUE = re.compile(r"^(?:https?://[^\s/]+)?(?:\.{0,2}/)[^\s<>\"']*$|^https?://[^\s<>\"']+$")
_DATE_VALUE = re.compile(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}")
_TITLE_KEYS = re.compile(r"title|name|subject|topic|caption|label|bt|mc", re.I)
_DATE_KEYS = re.compile(r"date|time|rq|pubdate|publish", re.I)
PAGE_PARAMS = ("page", "pageNo", "pageNum", "pageIndex", "pageindex", "currentPage", "curPage", "currpage", "pagenum", "p")
PAGES_KEYS = ("pages", "totalPage", "totalPages", "pageCount", "page_count", "total_pages", "totalpage", "pagecount")
COUNT_KEYS = ("total", "totalCount", "total_count", "count", "recordsTotal", "totalRecord", "totalrecord", "totalElements")


def is_url_value(value) -> bool:
    return isinstance(value, str) and len(value) > 1 and bool(_URL_VALUE.match(value.strip()))


@dataclass
class JsonItem:
    url: str
    title: str
    date: str | None = None
    files: list[str] = field(default_factory=list)  # more URLs of the same item (attachments named beside it)


class JsonItems:
    """The link-bearing objects of a JSON body, as list items."""

    @classmethod
    def items(cls, base_url: str, data) -> list[JsonItem]:
        out: list[JsonItem] = []
        cls._walk(base_url, data, None, out)
        return out

    @classmethod
    def _walk(cls, base_url: str, node, parent: JsonItem | None, out: list[JsonItem]) -> None:
        if isinstance(node, list):
            for child in node:
                cls._walk(base_url, child, parent, out)
            return
        if not isinstance(node, dict):
            return
        urls = [urljoin(base_url, v.strip()) for v in node.values() if is_url_value(v)]
        title, date = cls.title(node), cls.date(node)
        item = parent
        if urls and (parent is None or is_report_title(title)):
            pages = [u for u in urls if not d.looks_like_attachment(u)] or urls
            item = JsonItem(pages[0], title, date, [u for u in urls if u != pages[0]])
            out.append(item)
        elif urls and parent is not None:
            parent.files += [u for u in urls if u not in parent.files and u != parent.url]
        for value in node.values():
            if isinstance(value, (dict, list)):
                cls._walk(base_url, value, item, out)

    @staticmethod
    def title(node: dict) -> str:
        texts = {k: v.strip() for k, v in node.items() if isinstance(v, str) and v.strip() and not is_url_value(v)
                 and not _DATE_VALUE.match(v.strip())}
        keyed = [v for k, v in texts.items() if _TITLE_KEYS.search(k)]
        return (keyed or sorted(texts.values(), key=len, reverse=True) or [""])[0]

    @staticmethod
    def date(node: dict) -> str | None:
        dates = [(not _DATE_KEYS.search(k), v.strip()[:10]) for k, v in node.items() if isinstance(v, str) and _DATE_VALUE.match(v.strip())]
        return min(dates)[1] if dates else None  # a date-named key first


class JsonPager:
    """The other pages of a JSON list, by its page parameter."""

    @staticmethod
    def page_param(url: str) -> tuple[str, int]:
        """(the page parameter's name, this page's number): a URL without one is page 1 of `page`."""
        for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True):
            if k in PAGE_PARAMS:
                return k, int(v) if v.isdigit() else 1
        return "page", 1

    @staticmethod
    def last_page(data, per_page: int) -> int | None:
        """The number of pages the body announces (a pages field, or a count over the page size)."""
        if not isinstance(data, dict):
            return None
        scopes = [data] + [v for v in data.values() if isinstance(v, dict)]  # {"data": {"pages": …, "list": […]}}
        for scope in scopes:
            for key in PAGES_KEYS:
                if isinstance(scope.get(key), int) or str(scope.get(key, "")).isdigit():
                    return int(scope[key])
        for scope in scopes:
            for key in COUNT_KEYS:
                if (isinstance(scope.get(key), int) or str(scope.get(key, "")).isdigit()) and per_page:
                    return -(-int(scope[key]) // per_page)
        return None

    @staticmethod
    def with_page(url: str, param: str, n: int) -> str:
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if any(k == param for k, _ in query):
            query = [(k, str(n) if k == param else v) for k, v in query]
        else:
            query.append((param, str(n)))
        return urlunsplit(parts._replace(query=urlencode(query)))

    @classmethod
    def next_pages(cls, url: str, data, per_page: int) -> list[str]:
        if not per_page:
            return []  # an empty page: the list ended here
        param, n = cls.page_param(url)
        last = cls.last_page(data, per_page)
        if last is None:
            return [cls.with_page(url, param, n + 1)]
        return [cls.with_page(url, param, p) for p in range(2, last + 1)] if n == 1 else []


def is_json_page(page: ListPage) -> bool:
    return "json" in page.content_type or page.text.lstrip()[:1] in ("{", "[")


class JsonList(ListReader):
    def __init__(self, spider):
        super().__init__(spider)
        self.seen: dict[str, set[str]] = {}  # site -> fingerprints of the item URLs of each JSON page read

    def matches(self, page: ListPage) -> bool:
        return is_json_page(page)

    def read(self, page: ListPage):
        sid = page.site
        data = self.json_of(page)
        if data is NOT_JSON:
            return
        items = JsonItems.items(page.url, data)
        fingerprint = hashlib.sha1("\n".join(sorted(i.url for i in items)).encode()).hexdigest()
        seen = self.seen.setdefault(sid, set())
        repeated = bool(items) and fingerprint in seen
        seen.add(fingerprint)
        yield from self.read_items(page, items)
        if repeated:
            return
        yield from self.lists(page, JsonPager.next_pages(page.url, data, len(items)))

    def read_items(self, page: ListPage, items: list[JsonItem]):
        """Report-titled items the way of any report link (with the files named beside them), a URL
        to another page of this list as that page, the others counted."""
        sid = page.site
        for item in items:
            if not is_report_title(item.title):
                if same_list(page.url, item.url):  # {"next": "/api/list?page=3"}: a page of this list
                    yield from self.lists(page, [item.url])
                else:
                    self.session.states[sid].note("not_reports", item.url)
                continue
            link = d.Link(item.url, item.title)
            yield from self.spider.report_links(sid, link, page.url)
            for url in item.files:
                if self.session.on_site(sid, url):
                    key = self.session.normalize(sid, item.url)
                    request = self.spider.request(sid, url, self.spider.parse_file, "file", referer=page.url,
                                                  report_key=key, title=item.title)
                    if request is not None:
                        yield request
