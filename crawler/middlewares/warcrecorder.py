"""WarcRecorderMiddleware: every final response goes into the archive's WARC."""

from __future__ import annotations

from crawler.session import CrawlSession


class WarcRecorderMiddleware:
    """Every final response (not 304s, not challenge pages, not one taken from the archive) goes
    into the WARC with its headers, time and SHA-256, followed by the request that fetched it
    (method, headers, body: a POST keeps its form); the fetch row of the crawl state says where."""

    def __init__(self, session: CrawlSession):
        self.session, self.store = session, session.store

    @classmethod
    def from_crawler(cls, crawler):
        return cls(CrawlSession.of(crawler))

    def process_response(self, request, response):
        if response.status == 304 or "archived" in response.flags:
            return response
        site_id = self.session.site_of(request)
        sent = (request.method, _header_pairs(request.headers), request.body or b"")
        self.store.record_response(response.url, response.status, _header_pairs(response.headers), response.body, site_id,
                                   request=sent)
        if site_id is not None and response.status == 200:
            self.session.states[site_id].count("fetched")
        return response


def _header_pairs(headers) -> list[tuple[str, str]]:
    """Scrapy's Headers (bytes, possibly repeated) as (name, value) strings, as the wire had them."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, vs in headers.items() for v in vs]
