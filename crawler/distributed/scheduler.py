"""LeaseScheduler and SharedDupeFilter: scrapy-redis's Scheduler and RFPDupeFilter for a crawl
shared by several workers (settings SCHEDULER and DUPEFILTER_CLASS; crawler/distributed/__init__.py).

What differs from scrapy-redis:
- nothing is ever flushed: scrapy-redis empties the queue and the seen-set when a worker closes
  without SCHEDULER_PERSIST (or its dupefilter is closed), which would end the crawl for every
  other worker; here persistence is not a setting but the class's behaviour;
- a request is recorded as seen and queued in one step (scrapy-redis records, then queues: a
  crash between the two loses the request);
- a request taken under a lease that comes back as another one (retry, redirect, rate-limit wait)
  hands its lease over to it (queue.py), and when that other one is dropped as a duplicate the
  lease is acknowledged, since nothing more is to be done for it;
- a worker closing before the crawl is done puts its leases back on the frontier at once;
- the Redis client retries through a restart of the server.
"""

from __future__ import annotations

import logging
import uuid

from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from crawler.distributed import connect
from crawler.distributed.queue import LEASE_META

log = logging.getLogger(__name__)


class LeaseScheduler(Scheduler):
    def __init__(self, server, **kwargs):
        kwargs.update(persist=True, flush_on_start=False)  # a shared crawl is never flushed by one worker
        super().__init__(server, **kwargs)

    @classmethod
    def from_settings(cls, settings):
        scheduler = super().from_settings(settings)
        scheduler.server = connect(settings.get("GIA_REDIS_URL") or settings.get("REDIS_URL"))
        return scheduler

    def flush(self) -> None:
        """Never: the frontier and the seen-set are every worker's (see the module docstring)."""

    def close(self, reason):
        if reason != "finished":
            back = self.queue.requeue_own()
            if back:
                log.info("put %d leased request(s) back on the shared frontier", back)

    def enqueue_request(self, request):
        # seen check and queueing in one script (queue.py); a redirect to a page already queued ends its lease
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        if not self.queue.push(request, fingerprint):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis", spider=self.spider)
        return True

    def ack(self, request) -> bool:
        """Done with `request` (its response archived and its callback's requests queued, or failed)."""
        return self.queue.ack(request.meta.get(LEASE_META))


# a fingerprint is new if nobody set it, or if this very call did (the client's retry after a reply
# lost in a server restart must not find its own first try and drop the request as seen)
_SEEN = """
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then return 0 end
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return 0 end
return 1
"""


class SharedDupeFilter(RFPDupeFilter):
    """The seen-set of the shared crawl: scrapy-redis's fingerprints (method, canonical URL, body),
    recorded when a request is queued — safe, as a queued request is never lost (leases). Kept in
    a hash (fingerprint -> the call that set it) rather than scrapy-redis's set, so that a retried
    call is told the truth. Never cleared."""

    def __init__(self, server, key, debug=False):
        super().__init__(server, key, debug)
        self._seen = server.register_script(_SEEN)
        self._token, self._calls = uuid.uuid4().hex[:8], 0

    def request_seen(self, request) -> bool:
        self._calls += 1
        return bool(self._seen(keys=[self.key], args=[self.request_fingerprint(request), f"{self._token}-{self._calls}"]))

    @classmethod
    def from_spider(cls, spider):
        df = super().from_spider(spider)
        server = connect(spider.settings.get("GIA_REDIS_URL") or spider.settings.get("REDIS_URL"))
        return cls(server, df.key, df.debug)

    def close(self, reason=""):
        """Keep the fingerprints: other workers still crawl (scrapy-redis deletes them here)."""

    def clear(self):
        """Never (see close)."""
