"""A distributed crawl: `gia crawl --redis redis://HOST:PORT/DB` makes this process one worker of a
crawl that any number of workers share through one Redis database — its frontier, its seen-set,
each site's politeness budget and what the spider learns about a site on the way.

It is scrapy-redis (its Scheduler, queue and dupefilter classes, subclassed through the
SCHEDULER / SCHEDULER_QUEUE_CLASS / DUPEFILTER_CLASS settings) with one change of substance: a
request is LEASED, not popped (queue.py). Plain scrapy-redis deletes a request from Redis when a
worker takes it, so a worker killed with the request in flight loses it for good (its fingerprint
is in the seen-set already). Here a worker moves it into a pending hash under its own id, and
acknowledges it once the response was archived and its callback's requests were queued (ack.py);
the leases of a worker whose heartbeat stopped go back to the frontier (worker.py).

    queue.py        the frontier and its leases (Lua, atomic)
    scheduler.py    scrapy-redis's Scheduler and dupefilter, never flushing a shared crawl
    ack.py          acknowledging a lease when its request is done with
    politeness.py   one request delay per site across all workers
    memory.py       what the spider learns about a site (scopes, hosts, pages asked for), shared
    worker.py       a worker's id, heartbeat, idle handling and the one build of the records
    status.py       the whole crawl's progress and summary from every worker's counters

Ground rules: the Redis database is the crawl (a fresh crawl: a fresh database, or FLUSHDB); it is
never flushed by a worker, so a crawl that is done stays done and a late worker only prints its
summary. Keys are under GIA_REDIS_PREFIX ("gia").
"""

from __future__ import annotations

from urllib.parse import urlsplit

from gia.errors import GiaError

PREFIX = "gia"


class Keys:
    """The Redis keys of one shared crawl."""

    def __init__(self, prefix: str = PREFIX):
        p = prefix
        self.prefix = p
        self.frontier = f"{p}:frontier"          # zset: "<lease id>:<score>:<request>" by score (-priority)
        self.pending = f"{p}:pending"            # hash: lease id -> the frontier entry it was
        self.owner = f"{p}:owner"                # hash: lease id -> worker holding it
        self.seq = f"{p}:seq"                    # counter: entry ids
        self.last_pop = f"{p}:last-pop"          # hash: worker -> "<token>|<entry>" of its last pop (retry-safe)
        self.seen = f"{p}:seen"                  # hash: request fingerprint -> who first queued it (dupefilter)
        self.crawl = f"{p}:crawl"                # hash: id, started, done
        self.workers = f"{p}:workers"            # hash: worker -> JSON (host, pid, archive, run)
        self.worker_seq = f"{p}:worker-seq"      # counter: worker numbers
        self.finished = f"{p}:finished"          # set: workers that saw the crawl done and published their counters
        self.states = f"{p}:states"              # hash: "<worker>\t<site>" -> JSON of the worker's SiteState
        self.alive_prefix = f"{p}:alive:"

    def alive(self, worker: str) -> str:
        return f"{self.alive_prefix}{worker}"     # string with a TTL, refreshed by the worker's heartbeat

    def build(self, archive_id: str) -> str:
        return f"{self.prefix}:build:{archive_id}"  # hash: owner, result (JSON)

    def asked(self, role: str) -> str:
        return f"{self.prefix}:asked:{role}"

    def list_seen(self, reader: str, site: str) -> str:
        return f"{self.prefix}:listseen:{reader}:{site}"

    def scopes(self, site: str) -> str:
        return f"{self.prefix}:scopes:{site}"

    def hosts(self, site: str) -> str:
        return f"{self.prefix}:hosts:{site}"

    def budget(self, site: str) -> str:
        return f"{self.prefix}:budget:{site}"

    def polite(self, slot: str) -> str:
        return f"{self.prefix}:polite:{slot}"


def connect(url: str):
    """A client for the crawl's Redis, retrying through a restart of the server (AOF on: it
    comes back with the crawl)."""
    import redis
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry

    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
        raise GiaError(f"--redis {url!r}: expected redis://HOST:PORT/DB")
    retry = Retry(ExponentialBackoff(cap=5, base=0.1), retries=40)   # about two minutes of a server away
    return redis.Redis.from_url(url, retry=retry, retry_on_error=[redis.ConnectionError, redis.TimeoutError],
                                socket_connect_timeout=5, socket_timeout=30, health_check_interval=15)


def reachable(url: str):
    """The client, after a PING: a one-line error when nothing answers at `url`."""
    import redis

    client = connect(url)
    try:
        _ping_once(client)
    except redis.RedisError as exc:
        raise GiaError(f"--redis {url}: no Redis answers there ({exc})") from None
    return client


def _ping_once(client) -> None:
    """PING without the long retry a crawl wants (a wrong address should fail fast)."""
    import redis

    quick = redis.Redis(connection_pool=redis.ConnectionPool(**{**client.connection_pool.connection_kwargs,
                                                              "retry": None, "socket_connect_timeout": 3}))
    try:
        quick.ping()
    finally:
        quick.close()


COMPONENTS = {   # added to (or, None: taken out of) the project's own (crawler/settings.py)
    "EXTENSIONS": {"crawler.extensions.finish.FinishCrawl": None, "crawler.distributed.worker.Worker": 900},
    "DOWNLOADER_MIDDLEWARES": {
        "crawler.distributed.ack.LeaseAckDownloaderMiddleware": 1,        # the last to see a download's failure
        "crawler.distributed.memory.SharedBudgetMiddleware": 45,          # just before SiteGuardMiddleware (50)
        "crawler.distributed.politeness.SharedPolitenessMiddleware": 70,  # after ConditionalFetch (60): only what goes out
    },
    "SPIDER_MIDDLEWARES": {"crawler.distributed.ack.LeaseAckSpiderMiddleware": 5},   # nearest the engine
}


def apply_worker_settings(settings, url: str, worker: dict, prefix: str = PREFIX) -> None:
    """Make `settings` (Scrapy's, before the crawler is made) those of the worker `worker`
    (worker.join_crawl's answer) of the shared crawl at `url`."""
    for name, value in worker_settings(url, prefix).items():
        settings.set(name, value, priority="cmdline")
    settings.set("GIA_WORKER", worker["worker"], priority="cmdline")
    settings.set("GIA_SHARED_CRAWL", worker["shared_crawl"], priority="cmdline")
    settings.set("GIA_RUN", worker["run"], priority="cmdline")
    for name, extra in COMPONENTS.items():
        merged = dict(settings.getdict(name))
        merged.update(extra)
        settings.set(name, merged, priority="cmdline")


def worker_settings(url: str, prefix: str = PREFIX) -> dict:
    """The Scrapy settings that make a crawl one worker of the shared crawl at `url`."""
    keys = Keys(prefix)
    return {
        "REDIS_URL": url,
        "GIA_REDIS_URL": url,
        "GIA_REDIS_PREFIX": prefix,
        "SCHEDULER": "crawler.distributed.scheduler.LeaseScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.queue.LeaseQueue",
        "DUPEFILTER_CLASS": "crawler.distributed.scheduler.SharedDupeFilter",
        "SCHEDULER_QUEUE_KEY": keys.frontier,
        "SCHEDULER_DUPEFILTER_KEY": keys.seen,
        "SCHEDULER_PERSIST": True,            # never flush a shared crawl when one worker closes
        "SCHEDULER_FLUSH_ON_START": False,
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
    }
