"""Acknowledging leases (queue.py): a worker is done with a request when nothing of it could still
be lost with the worker — its response archived, the requests its callback found queued on the
shared frontier, the report parts it yielded stored in the crawl state — or when it failed for good.

- LeaseAckSpiderMiddleware (first to see a callback's output, nearest the engine): queues the
  callback's requests itself, at once (`engine.crawl`, as the scraper would), and counts the items
  it passes on; the lease is acknowledged when the output is exhausted and every item has been
  through the item pipeline (item_scraped / item_dropped / item_error signals). The WARC record was
  written before the spider saw the response (WarcRecorderMiddleware).
  What the response taught about its site (its start page read, a status) is published first
  (status.FactPublisher), so the whole crawl's summary keeps it even if this worker dies next,
  and the pages it marked as asked for go to Redis only now (memory.py: before, a crash would
  leave them marked and their requests nowhere).
- LeaseAckDownloaderMiddleware (last on the exception path): a request that failed in download
  for good (no middleware made another request of it) is done with; its errback only counts the
  failure and yields the report's "failed" part.

A request made again from a leased one (retry, redirect) carries the lease over instead (queue.py).
"""

from __future__ import annotations

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from crawler.distributed import connect
from crawler.distributed.memory import memory_of
from crawler.distributed.queue import LEASE_META, Leases
from crawler.distributed.status import FactPublisher


def _leases(crawler) -> Leases:
    url = crawler.settings.get("GIA_REDIS_URL")
    if not url:
        raise NotConfigured("not a distributed crawl")
    return Leases.from_settings(connect(url), crawler.settings)


class LeaseAckSpiderMiddleware:
    def __init__(self, crawler, leases: Leases):
        self.crawler, self.leases = crawler, leases
        self.facts = FactPublisher(leases.server, leases.keys, leases.worker)
        self.open: dict[int, list] = {}   # id(response) -> [items not yet through the pipeline, output exhausted, response]

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler, _leases(crawler))
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(mw.item_done, signal=signal)
        return mw

    async def process_spider_output(self, response, result):
        entry = self.open.setdefault(id(response), [0, False, response])
        try:
            async for out in result:
                if isinstance(out, Request):
                    self.crawler.engine.crawl(out)   # on the shared frontier before this lease can end
                else:
                    entry[0] += 1
                    yield out
        finally:
            entry[1] = True
            self._settle(response)

    def item_done(self, response=None, **_kw) -> None:
        entry = self.open.get(id(response)) if response is not None else None
        if entry is not None and entry[2] is response:
            entry[0] -= 1
            self._settle(response)

    def _settle(self, response) -> None:
        entry = self.open.get(id(response))
        if entry is not None and entry[1] and entry[0] <= 0:
            del self.open[id(response)]
            session = getattr(self.crawler.spider, "session", None)
            memory = memory_of(session) if session is not None else None
            if memory is not None:
                memory.flush()   # pages asked for, trap fingerprints: now that their requests are queued
            site_id = response.meta.get("site")
            if session is not None and site_id in session.states:
                self.facts(site_id, session.states[site_id])
            self.leases.ack(response.meta.get(LEASE_META))


class LeaseAckDownloaderMiddleware:
    """`crawling`: () -> whether the crawl still runs; a download cut short because this worker is
    stopping (Ctrl-C, SIGTERM) did not fail: its lease stays, to go back to the frontier."""

    def __init__(self, leases: Leases, crawling=lambda: True):
        self.leases, self.crawling = leases, crawling

    @classmethod
    def from_crawler(cls, crawler):
        return cls(_leases(crawler), lambda: crawler.crawling)

    def process_exception(self, request, exception):
        if self.crawling():
            self.leases.ack(request.meta.get(LEASE_META))
        return None
