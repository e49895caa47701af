"""SiteGuardMiddleware: every request stays on its registered site and within its page budget, a
blocked or rate-limited site is not asked again, a paused site's requests wait out the pause, and
retries are spaced."""

from __future__ import annotations

import time

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawler.exceptions import Blocked, OffSite, RateLimited
from crawler.middlewares.challenge import MAX_CHALLENGE_HITS
from crawler.session import CrawlSession


class SiteGuardMiddleware:
    """Stay on the registered site, within its page budget, stop knocking on blocked hosts, hold
    every request of a rate-limited site until its pause (Retry-After) is over, and space retries.

    Retries back off: Scrapy's RetryMiddleware (timeouts, 5xx) re-queues a failed request at once;
    here its n-th retry waits GIA_RETRY_BACKOFF × 2^(n-1) seconds first (at most GIA_MAX_WAIT), so
    a struggling server is not asked again while it is still failing."""

    def __init__(self, session: CrawlSession, retry_backoff: float = 2.0, max_wait: float = 60.0):
        self.session, self.retry_backoff, self.max_wait = session, retry_backoff, max_wait

    @classmethod
    def from_crawler(cls, crawler):
        return cls(CrawlSession.of(crawler), crawler.settings.getfloat("GIA_RETRY_BACKOFF", 2.0),
                   crawler.settings.getfloat("GIA_MAX_WAIT", 60.0))

    async def process_request(self, request):
        self._check(request)
        site_id = request.meta.get("site")
        if site_id is not None:
            wait = self.session.states[site_id].not_before - time.monotonic()
            wait = max(wait, self.backoff(request, site_id))
            if wait > 0:
                from twisted.internet import reactor  # noqa: PLC0415 - importing it earlier would install the wrong reactor

                await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
                self._check(request)  # the site may have been given up meanwhile
        return None

    def backoff(self, request, site_id: str) -> float:
        """Seconds this request waits before it goes out again as a retry (0 for a first try)."""
        retries = request.meta.get("retry_times", 0)
        if not retries or request.meta.get("backoff_done") == retries:  # once per retry (redirects copy meta)
            return 0.0
        request.meta["backoff_done"] = retries
        self.session.states[site_id].count("retries")
        return min(self.retry_backoff * 2 ** (retries - 1), self.max_wait)

    def _check(self, request) -> None:
        session = self.session
        site_id = session.site_of(request)
        if site_id is None:
            return
        state, site = session.states[site_id], session.sites[site_id]
        request.meta.setdefault("cookiejar", site_id)  # robots.txt requests too: cookies never cross sites
        if site.cookies and not request.cookies:  # robots.txt requests too: a registry clearance cookie must come first
            request.cookies = dict(site.cookies)
        if not session.on_site(site_id, request.url) and not request.url.endswith("/robots.txt") \
                and not session.follow_move(site_id, request):  # only the start URL can move a site (crawler/moves.py)
            state.note("offsite", request.url)
            raise OffSite(f"off site: {request.url}")
        if state.challenge_hits >= MAX_CHALLENGE_HITS:
            raise Blocked(f"site blocked: {state.reason}")
        if state.status == "rate-limited" and not request.url.endswith("/robots.txt"):
            raise RateLimited(f"site rate limited: {state.reason}")
        if request.meta.get("role") == "list":
            if state.list_pages >= site.max_pages:
                state.count("page_budget_hit")
                raise IgnoreRequest("page budget reached")
            state.list_pages += 1
