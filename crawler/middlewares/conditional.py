"""ConditionalFetchMiddleware: fetch only what changed, and resume an interrupted crawl from the
archive."""

from __future__ import annotations

from scrapy.responsetypes import responsetypes

from crawler.session import CrawlSession

# Responses a resumed crawl takes from the archive without asking the site again: report pages and
# attachments do not change in the minutes between a crash and its rerun; list pages are asked again
# (conditionally), since they are how the crawl finds where it stopped.
RESUMABLE_ROLES = ("page", "page_part", "file")


class ConditionalFetchMiddleware:
    """Incremental recrawl: ask with If-None-Match / If-Modified-Since for URLs already archived,
    and answer a 304 with the archived response so the spider still sees the page.

    Resume (crash-safe: it reads only committed rows of the crawl state, so it also holds after
    kill -9, where Scrapy's JOBDIR would have lost its queue): a report page or attachment that an
    interrupted run (killed, crashed) already archived is answered from the archive with no
    request at all — most government sites send neither ETag nor Last-Modified, so a conditional
    request would fetch it again."""

    def __init__(self, session: CrawlSession):
        self.session, self.store = session, session.store

    @classmethod
    def from_crawler(cls, crawler):
        return cls(CrawlSession.of(crawler))

    def process_request(self, request):
        # POSTs only when the spider marks them idempotent (Hanweb dataproxy: the URL names the group)
        if (request.method != "GET" and not request.meta.get("idempotent_post")) or request.meta.get("fresh"):
            return None
        known = self.store.fetch(request.url)
        if known and known["status"] == 200:
            if known["run"] in self.store.resumed_runs and request.meta.get("role") in RESUMABLE_ROLES:
                return self._archived(request, known, "resumed")
            if known["etag"]:
                request.headers.setdefault(b"If-None-Match", known["etag"].encode("latin-1", "replace"))
            if known["last_modified"]:
                request.headers.setdefault(b"If-Modified-Since", known["last_modified"].encode("latin-1", "replace"))
        return None

    def process_response(self, request, response):
        if response.status != 304:
            return response
        known = self.store.fetch(request.url)
        if not known:
            return request.replace(meta={**request.meta, "fresh": True}, dont_filter=True)
        return self._archived(request, known, "unchanged")

    def _archived(self, request, known: dict, counter: str):
        """The archived response of `request.url`, as the spider would have received it."""
        body, headers = self.store.read_body(known)
        hdrs = {k: v for k, v in headers}
        cls = responsetypes.from_args(headers=hdrs, url=request.url, body=body)
        site_id = self.session.site_of(request)
        if site_id is not None:
            self.session.states[site_id].count(counter)
        return cls(url=request.url, status=200, headers=hdrs, body=body, request=request, flags=["archived"])
