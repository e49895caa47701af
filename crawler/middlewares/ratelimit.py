"""RateLimitMiddleware: 429 and 403 "访问频率过高" pause the site instead of being archived."""

from __future__ import annotations

import email.utils
import time

from crawler.exceptions import RateLimited
from crawler.session import CrawlSession

RATE_MARKERS = ("访问频率过高", "访问过于频繁", "请求过于频繁", "Too Many Requests")
RATE_RETRIES = 3        # 429s one request may meet before its site is given up as rate limited
DEFAULT_RETRY_AFTER = 10.0


def retry_after_seconds(value: bytes | None, default: float = DEFAULT_RETRY_AFTER) -> float:
    """Retry-After as seconds: a number, or an HTTP date (RFC 9110 §10.2.3); `default` when absent or unreadable."""
    if not value:
        return default
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


class RateLimitMiddleware:
    """429 (and 403 "访问频率过高") mean: slow down, not: try again now.

    A 429 pauses the whole site for its Retry-After (at most GIA_MAX_WAIT seconds) and retries the
    request, up to RATE_RETRIES times. A rate-limit 403 (a ban, typically 60 s) pauses the site once
    for GIA_MAX_WAIT; a second one gives the site up. A site given up is "rate-limited" with the
    reason, and every request it still had is listed, not silently dropped. Neither page is archived.
    The pause itself is SiteGuardMiddleware's: it holds the site's requests until it is over."""

    def __init__(self, session: CrawlSession, max_wait: float = 60.0):
        self.session, self.max_wait = session, max_wait

    @classmethod
    def from_crawler(cls, crawler):
        return cls(CrawlSession.of(crawler), crawler.settings.getfloat("GIA_MAX_WAIT", 60.0))

    def process_response(self, request, response):
        site_id = self.session.site_of(request)
        if site_id is None or response.status not in (429, 403) or request.url.endswith("/robots.txt"):
            return response
        state = self.session.states[site_id]
        text = response.body[:4096].decode("utf-8", "replace")
        if response.status == 403 and not (any(m in text for m in RATE_MARKERS) or state.counters.get("rate_429")):
            return response  # an ordinary 403 Forbidden
        max_wait = self.max_wait
        if response.status == 429:
            state.count("rate_429")
            tries = request.meta.get("rate_tries", 0)
            wait = min(retry_after_seconds(response.headers.get(b"Retry-After")), max_wait)
            if tries < RATE_RETRIES:
                state.pause(wait)
                return request.replace(meta={**request.meta, "rate_tries": tries + 1}, dont_filter=True)
            state.rate_limit(f"rate limited: HTTP 429 after {tries} waits (Retry-After honoured, ≤{max_wait:g} s)", request.url)
        else:
            state.count("rate_403")
            if not request.meta.get("ban_waited") and state.status != "rate-limited":
                state.pause(max_wait)
                return request.replace(meta={**request.meta, "ban_waited": True}, dont_filter=True)
            state.rate_limit(f"rate limited: HTTP 403 访问频率过高 still after a {max_wait:g} s pause", request.url)
        raise RateLimited(f"rate limited: {request.url}")
