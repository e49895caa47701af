"""One worker of a shared crawl: its id, its heartbeat, what it does when it runs out of work, and
the one build of the records when the whole crawl is done.

`join_crawl` (before Scrapy starts) registers the worker: a number of its own (w1, w2, …: in its
run id, so in its WARC file names), the crawl's id (the first worker sets it), its host, pid and
archive. `Worker` is FinishCrawl (crawler/extensions/finish.py) for a shared crawl:

- a heartbeat thread keeps `alive:<worker>` in Redis with a TTL (a thread, so a reactor busy
  building records still beats); when it stops — kill -9, a lost machine — the worker's leases
  are orphans, and any worker puts them back on the frontier (queue.py);
- every few seconds it publishes its per-site counters (status.py) and requeues orphans;
- idle (nothing in flight here): the crawl is done when the frontier is empty and nothing is
  leased anywhere. Until then it stays open (DontCloseSpider) and takes what turns up — another
  worker's links, a dead worker's requeued leases. Once done it publishes its final counters; one
  worker per archive folder (the first to claim it; another if that one dies) builds the records,
  the others wait for that build, and each worker's summary is the whole crawl's.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import uuid
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured

from crawler.distributed import Keys, connect, reachable
from crawler.distributed.memory import memory_of, share_memory
from crawler.distributed.queue import Leases
from crawler.distributed.status import merged_states, publish
from crawler.extensions.finish import FinishCrawl, ran_with
from crawler.session import CrawlSession
from gia.archive.state import new_run_id, now_iso

log = logging.getLogger(__name__)
# the build of an archive folder: take it when nobody has, or when its owner's heartbeat stopped
_CLAIM = """
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner == ARGV[1] then return 1 end
if owner and redis.call('EXISTS', ARGV[2] .. owner) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'owner', ARGV[1])
return 1
"""
ARCHIVE_ID_FILE = "archive-id"   # in ARCHIVE/crawl/: tells workers sharing one folder from workers with their own


def archive_id(root: str | os.PathLike) -> str:
    """The archive folder's id (made once): the workers writing into one folder share its build."""
    path = Path(root) / "crawl" / ARCHIVE_ID_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(uuid.uuid4().hex[:12] + "\n")
    except FileExistsError:
        pass
    return path.read_text(encoding="utf-8").strip()


def sites_fingerprint(sites) -> str:
    """Which sites a crawl is of (ids and start URLs): every worker of a shared crawl must crawl the same."""
    import hashlib

    return hashlib.sha1("\n".join(sorted(f"{s.id} {s.start_url}" for s in sites)).encode()).hexdigest()[:16]


def join_crawl(url: str, archive: str | os.PathLike, sites_of_crawl: str = "", prefix: str = "gia") -> dict:
    """Register this process as a worker of the shared crawl at `url`: {worker, crawl, run}.
    `sites_of_crawl`: sites_fingerprint of the sites this worker would crawl; the first worker's holds."""
    from gia.errors import GiaError

    server, keys = reachable(url), Keys(prefix)
    server.hsetnx(keys.crawl, "id", uuid.uuid4().hex[:12])
    server.hsetnx(keys.crawl, "started", now_iso())
    server.hsetnx(keys.crawl, "sites", sites_of_crawl)
    theirs = server.hget(keys.crawl, "sites").decode()
    if theirs != sites_of_crawl:   # a request of a site this worker does not know could not be handled here
        raise GiaError(f"the shared crawl at {url} is of other sites (another registry, or another --only); "
                       "start every worker with the same --sites and --only")
    crawl = server.hget(keys.crawl, "id").decode()
    worker = f"w{server.incr(keys.worker_seq)}"
    run = f"{new_run_id()}-{worker}"
    server.hset(keys.workers, worker, json.dumps({"host": socket.gethostname(), "pid": os.getpid(), "run": run,
                                                  "archive": str(Path(archive).resolve()), "archive_id": archive_id(archive),
                                                  "joined": now_iso()}))
    return {"worker": worker, "crawl": crawl, "run": run, "shared_crawl": f"{url} crawl {crawl}"}


class Heartbeat(threading.Thread):
    def __init__(self, server, key: str, ttl: float):
        super().__init__(name="gia-heartbeat", daemon=True)
        self.server, self.key, self.ttl = server, key, ttl
        self.stopping = threading.Event()

    def beat(self) -> None:
        self.server.set(self.key, str(os.getpid()), px=int(self.ttl * 1000))

    def run(self) -> None:
        while not self.stopping.wait(self.ttl / 4):
            try:
                self.beat()
            except Exception as exc:  # noqa: BLE001 - a Redis away for a while: the next beat tries again
                log.warning("heartbeat failed: %s", exc)

    def stop(self) -> None:
        self.stopping.set()
        if self.is_alive():
            self.join(timeout=5)
        self.server.delete(self.key)   # leases left (an interrupted worker's) are orphans at once


class Worker(FinishCrawl):
    def __init__(self, crawler, session: CrawlSession, server, keys: Keys):
        settings = crawler.settings
        super().__init__(session, crawler.stats, ran_with(settings), settings.getbool("GIA_BUILD_RECORDS", True), crawler.signals)
        self.crawler, self.server, self.keys = crawler, server, keys
        self.worker = settings.get("GIA_WORKER")
        self.leases = Leases(server, keys, self.worker)
        self.aid = archive_id(session.archive_root)
        self.heartbeat = Heartbeat(server, keys.alive(self.worker), settings.getfloat("GIA_REDIS_HEARTBEAT", 30.0))
        self.publish_interval = settings.getfloat("GIA_REDIS_PUBLISH_INTERVAL", 2.0)
        self.loop = None
        self.done = False
        self.requeued = 0   # a dead worker's leases this one put back on the frontier
        self._claim = server.register_script(_CLAIM)

    @classmethod
    def from_crawler(cls, crawler):
        url = crawler.settings.get("GIA_REDIS_URL")
        if not url:
            raise NotConfigured("not a distributed crawl")
        ext = cls(crawler, CrawlSession.of(crawler), connect(url), Keys(crawler.settings.get("GIA_REDIS_PREFIX") or "gia"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider) -> None:
        self.heartbeat.beat()
        self.heartbeat.start()
        share_memory(spider, self.server, self.keys)
        from twisted.internet import task

        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.publish_interval, now=False)

    def tick(self) -> None:
        try:
            publish(self.server, self.keys, self.worker, self.session.states)
            self.requeued += self.leases.requeue_orphans()
        except Exception as exc:  # noqa: BLE001 - Redis away for a moment: the next tick publishes
            log.warning("could not publish to the shared crawl: %s", exc)

    # --- idle: done, or wait for the others -------------------------------------------------
    def spider_idle(self, spider=None) -> None:
        import redis

        try:
            self._idle()
        except redis.RedisError as exc:   # Redis away longer than the client retries: wait, never close as done
            log.warning("the shared crawl's Redis does not answer (%s); waiting", exc)
            raise DontCloseSpider("Redis unreachable") from None

    def _idle(self) -> None:
        if not self.done:
            memory = memory_of(self.session)
            if memory is not None:
                memory.flush()
            settled = self.leases.settle_own()   # nothing is in flight here: leases still held missed their end
            orphans = self.leases.requeue_orphans()
            self.requeued += orphans
            if settled or orphans or self.leases.counts() != (0, 0):
                self.tick()
                raise DontCloseSpider("the shared crawl goes on")
            self.done = True
            self.server.hsetnx(self.keys.crawl, "done", now_iso())
            publish(self.server, self.keys, self.worker, self.session.states)
            self.server.sadd(self.keys.finished, self.worker)
        if not self._build_finished():
            raise DontCloseSpider("waiting for the build of the records")
        if not self._others_finished():
            raise DontCloseSpider("waiting for the other workers' final counters")

    def _build_finished(self) -> bool:
        """Build the records of this archive folder if no live worker does; True once they are built."""
        key = self.keys.build(self.aid)
        if self.server.hget(key, "result") is not None:
            return True
        if not self._claim(keys=[key], args=[self.worker, self.keys.alive_prefix]):
            return False   # another worker of this folder is building
        super().spider_idle(self.crawler.spider)   # build_records (unless --fetch-only) and hand the records out
        self.server.hset(key, "result", json.dumps(self._build_summary(), ensure_ascii=False))
        return True

    def _build_summary(self) -> dict:
        if self._built is not None:
            return self._built
        return {"skipped": True, "candidates_by_site": self.session.store.candidates_by_site()}

    def _others_finished(self) -> bool:
        finished = {w.decode() for w in self.server.smembers(self.keys.finished)}
        for worker in (w.decode() for w in self.server.hkeys(self.keys.workers)):
            if worker not in finished and self.server.exists(self.keys.alive(worker)):
                return False
        return True

    # --- the end ------------------------------------------------------------------------------
    def spider_closed(self, reason: str) -> dict:
        try:
            if self.loop is not None and self.loop.running:
                self.loop.stop()
            if reason != "finished":
                self.tick()
            return super().spider_closed(reason)
        finally:
            self.heartbeat.stop()

    def build_result(self, interrupted: bool) -> dict:
        if interrupted or not self.done:
            return super().build_result(True)
        result = self.server.hget(self.keys.build(self.aid), "result")
        return json.loads(result) if result else super().build_result(True)

    def site_states(self) -> dict:
        if not self.done:
            return self.session.states
        return merged_states(self.server, self.keys, list(self.session.states))

    def extra_stats(self) -> dict:
        info = {"worker": self.worker, "crawl": (self.server.hget(self.keys.crawl, "id") or b"").decode(),
                "whole_crawl": self.done, "workers": int(self.server.hlen(self.keys.workers)),
                "requeued_orphans": self.requeued}
        archives = {json.loads(v).get("archive_id") for v in self.server.hvals(self.keys.workers)}
        if len(archives) > 1:
            info["archives"] = len(archives)   # workers wrote into folders of their own: `gia archive merge` them
        return {"distributed": info}
