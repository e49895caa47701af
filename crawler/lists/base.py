"""What every list reader is given and what it offers (crawler/lists/__init__.py lists them)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from urllib.parse import urlsplit

from scrapy.http import TextResponse


@dataclass
class ListPage:
    """One list page as the spider received it."""

    response: TextResponse
    site: str                # registry site id

    @cached_property
    def text(self) -> str:
        return self.response.text

    @property
    def url(self) -> str:
        return self.response.url

    @property
    def hops(self) -> int:
        """Sub-column levels below the start page (pagination does not count)."""
        return self.response.meta.get("hops", 0)

    @property
    def content_type(self) -> str:
        return self.response.headers.get(b"Content-Type", b"").decode("latin-1")


def same_list(page_url: str, url: str) -> bool:
    """`list.jsp?col=1&page=2` from `list.jsp?col=1`: the same list, wherever it lives (a frame's
    list is often outside the column's folder, and its pager links with it; so is a JSON endpoint)."""
    a, b = urlsplit(page_url), urlsplit(url)
    return (a.netloc, a.path) == (b.netloc, b.path) and bool(b.query) and a.query != b.query


NOT_JSON = object()   # ListReader.json_of: the body is no JSON (a JSON `null` is a value)


class ListReader:
    """Reads the list pages of one CMS family.

    `spider` is the `reports` spider, whose request helpers a reader uses: `list_request(site, url,
    referer, hops, **meta)` (a list page, or None when already asked for) and `report_links(site,
    link, referer)` (the requests and parts a report link gives); `session` is the crawl's shared
    state (crawler/session.py)."""

    def __init__(self, spider):
        self.spider, self.session = spider, spider.session

    def matches(self, page: ListPage) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def read(self, page: ListPage) -> Iterator:  # pragma: no cover - abstract
        raise NotImplementedError

    def json_of(self, page: ListPage):
        """The page's JSON, or NOT_JSON (counted as the site's `bad_json`) when it does not parse."""
        try:
            return json.loads(page.text)
        except ValueError:
            self.session.states[page.site].count("bad_json")
            return NOT_JSON

    def lists(self, page: ListPage, urls, hops: int | None = None, **meta) -> Iterator:
        """Requests for list pages found on `page` (each asked for once)."""
        for url in urls:
            request = self.spider.list_request(page.site, url, referer=page.url, hops=page.hops if hops is None else hops, **meta)
            if request is not None:
                yield request
