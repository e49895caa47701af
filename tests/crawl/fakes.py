"""What the crawler's unit tests hand it (no network): a registry of two sites, and responses
shaped as the downloader passes them on. Fixtures built on these are in conftest.py."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request, TextResponse

TRS = "http://trs.example/zwgk/zfxxgkndbg/index.html"
OTHER = "http://other.example/xxgk/nb/"
REGISTRY = f"""
[settings]
download_delay = 0.25
concurrent_per_site = 3

[[site]]
id = "trs"
name = "某市人民政府"
start_url = "{TRS}"
max_pages = 5

[[site]]
id = "other"
name = "某县人民政府"
start_url = "{OTHER}"
obey_robots = false
"""


def response(url: str, body: str | bytes, request: Request | None = None, status: int = 200, cls=HtmlResponse, **meta):
    """A response to `request` (default: a GET of `url` with `meta`), as the downloader hands it on."""
    request = request or Request(url, meta=meta)
    data = body.encode("utf-8") if isinstance(body, str) else body
    return cls(url, status=status, body=data, encoding="utf-8", request=request)


def list_page(spider, url: str, body: str, site: str = "trs", cls=HtmlResponse, **meta):
    """A list page of `site` as the spider receives it (what its readers are given)."""
    from crawler.lists.base import ListPage

    return ListPage(response(url, body, cls=cls, site=site, role="list", **meta), site)


def text_response(url: str, body: str, content_type: str = "application/json", **meta) -> TextResponse:
    request = Request(url, meta=meta)
    return TextResponse(url, body=body.encode("utf-8"), encoding="utf-8", headers={"Content-Type": content_type}, request=request)
