"""SharedPolitenessMiddleware: a site's request delay holds across all workers of a shared crawl.

Scrapy's DOWNLOAD_DELAY (and AutoThrottle) space the requests of one process's download slot;
N workers would ask a site N times as often. So before a request goes out, its worker reserves
the site's next send time in Redis — one key per download slot holding the earliest time the
next request may go, moved on by the delay in the same Lua script (atomic), on the Redis
server's clock (the workers' clocks need not agree) — and waits until then. A pause a site asked
for (429 Retry-After, a rate ban: SiteState.pause) moves the site's key past the pause, so every
worker waits it out, not only the one that was told.

The delay is the larger of DOWNLOAD_DELAY and the download slot's current delay (AutoThrottle's
adjustment on this worker). Concurrency per site (CONCURRENT_REQUESTS_PER_DOMAIN) stays per worker.
With no delay and no pause nothing is asked of Redis.
"""

from __future__ import annotations

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawler.distributed import Keys, connect
from crawler.session import CrawlSession

# KEYS[1] the slot's key; ARGV[1] delay, ARGV[2] seconds to hold off from now (a pause), ARGV[3] key TTL ms
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local start = now + tonumber(ARGV[2])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nxt > start then start = nxt end
redis.call('SET', KEYS[1], string.format('%.6f', start + tonumber(ARGV[1])), 'PX', ARGV[3])
return {string.format('%.6f', start), string.format('%.6f', start - now)}
"""
_HOLD_OFF = """
local t = redis.call('TIME')
local until_ = tonumber(t[1]) + tonumber(t[2]) / 1000000 + tonumber(ARGV[1])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > nxt then redis.call('SET', KEYS[1], string.format('%.6f', until_), 'PX', ARGV[2]) end
return 1
"""
KEY_TTL_MS = 3_600_000   # a slot's key outlives any delay or pause; it goes with the slot


class SharedPolitenessMiddleware:
    def __init__(self, session: CrawlSession, server, keys: Keys, delay: float, downloader_slots=None):
        self.session, self.server, self.keys, self.delay = session, server, keys, delay
        self.downloader_slots = downloader_slots   # () -> Scrapy's {slot key: Slot}, for AutoThrottle's delay
        self._reserve = server.register_script(_RESERVE)
        self._hold_off = server.register_script(_HOLD_OFF)
        for sid, state in session.states.items():
            state.on_pause = lambda seconds, sid=sid: self.hold_off(self.slot_of_site(sid), seconds)

    @classmethod
    def from_crawler(cls, crawler):
        url = crawler.settings.get("GIA_REDIS_URL")
        if not url:
            raise NotConfigured("not a distributed crawl")
        return cls(CrawlSession.of(crawler), connect(url), Keys(crawler.settings.get("GIA_REDIS_PREFIX") or "gia"),
                   crawler.settings.getfloat("DOWNLOAD_DELAY"), lambda: crawler.engine.downloader.slots)

    def slot_of_site(self, site_id: str) -> str:
        return self.session.sites[site_id].netloc

    def slot_delay(self, slot: str) -> float:
        slots = self.downloader_slots() if self.downloader_slots else {}
        local = slots.get(slot)
        return max(self.delay, getattr(local, "delay", 0.0) or 0.0)

    def hold_off(self, slot: str, seconds: float) -> None:
        """No worker sends to `slot` for `seconds` from now."""
        self._hold_off(keys=[self.keys.polite(slot)], args=[f"{seconds:.6f}", KEY_TTL_MS])

    def reserve(self, slot: str, delay: float) -> tuple[float, float]:
        """Take the slot's next send time: (that time on the Redis server's clock, seconds to wait for it)."""
        send_at, wait = self._reserve(keys=[self.keys.polite(slot)], args=[f"{delay:.6f}", "0", KEY_TTL_MS])
        return float(send_at), float(wait)

    async def process_request(self, request):
        slot = request.meta.get("download_slot")
        if slot is None:
            site_id = self.session.site_of(request)
            if site_id is None:
                return None
            slot = self.slot_of_site(site_id)
        delay = self.slot_delay(slot)
        if delay <= 0 and not self.server.exists(self.keys.polite(slot)):
            return None   # no delay asked for and no pause on: nothing to space
        _send_at, wait = self.reserve(slot, delay)
        if wait > 0:
            from twisted.internet import reactor  # noqa: PLC0415 - importing it earlier would install the wrong reactor

            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return None
