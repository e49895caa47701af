"""WarcRecorderMiddleware: every final response goes into the archive's WARC."""

from __future__ import annotations

from crawler.session import CrawlSession


class WarcRecorderMiddleware:
    """Every final response (not 304s, not challenge pages, not one taken from the archive) goes
    into the WARC with its headers, time and SHA-256; the fetch row of the crawl state says where."""

    def __init__(self, session: CrawlSession):
        self.session, self.store = session, session.store

    @classmethod
    def from_crawler(cls, crawler):
        return cls(CrawlSession.of(crawler))

    def process_response(self, request, response):
        if response.status == 304 or "archived" in response.flags:
            return response
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, vs in response.headers.items() for v in vs]
        site_id = self.session.site_of(request)
        self.store.record_response(response.url, response.status, headers, response.body, site_id)
        if site_id is not None and response.status == 200:
            self.session.states[site_id].count("fetched")
        return response
