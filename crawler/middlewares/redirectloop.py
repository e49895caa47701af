"""RedirectLoopMiddleware: a redirect chain that comes back on itself, or runs too long, is reported."""

from __future__ import annotations

from urllib.parse import urljoin

from crawler.exceptions import RedirectLoop
from crawler.session import CrawlSession


class RedirectLoopMiddleware:
    """A 301/302 back to a URL already in the chain would be dropped without a word by the duplicate
    filter (the URL was seen); stop it here, before RedirectMiddleware, and report the chain."""

    def __init__(self, session: CrawlSession, max_hops: int = 5):
        self.session, self.max_hops = session, max_hops

    @classmethod
    def from_crawler(cls, crawler):
        return cls(CrawlSession.of(crawler), crawler.settings.getint("REDIRECT_MAX_TIMES", 5))

    def process_response(self, request, response):
        if response.status not in (301, 302, 303, 307, 308) or b"Location" not in response.headers:
            return response
        target = urljoin(request.url, response.headers[b"Location"].decode("latin-1"))
        chain = list(request.meta.get("redirect_urls", [])) + [request.url]
        if target in chain or len(chain) > self.max_hops:
            what = "redirect loop" if target in chain else f"more than {self.max_hops} redirects"
            site_id = self.session.site_of(request)
            if site_id is not None:
                self.session.states[site_id].note("redirect_loop", " → ".join(chain + [target]))
            raise RedirectLoop(f"{what}: {' → '.join(chain + [target])}")
        return response
