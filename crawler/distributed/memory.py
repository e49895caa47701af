"""What the spider learns about a site on the way, shared by every worker of a distributed crawl.

A list page read on one worker widens its site's scope (the folder a start URL redirected to, the
gkmlpt API), a start URL that moved adds a host, a page asked for by one form of its URL must not be
asked for by the other, a list page's report links are a fingerprint the column reader's trap
protection remembers, and every list page counts against the site's page budget (max_pages). In
one process those live in the session and the spider; here they live in Redis, behind the same
set / mapping interface, so the spider and its list readers run unchanged and a request handled by
any worker sees what every other one learned.

`share_memory(spider, …)` swaps them in when the spider opens; SharedBudgetMiddleware (before
SiteGuardMiddleware) makes the page budget one count per site across all workers.

Pages asked for and trap fingerprints say "done already": one written to Redis before the
requests it stands for are on the shared frontier would, if the worker died in between, make the
worker that handles the response again skip them — lost. So those writes wait on this worker
(seen by it at once) and go to Redis with `flush()`, which ack.py calls just before a lease ends,
when the callback's requests are queued. Scopes and hosts only widen what is allowed: written at once.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, MutableMapping, MutableSet

from crawler.distributed import Keys


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


class SharedSet(MutableSet):
    """A set of strings in a Redis set (`seed`: members it starts with, added if absent).
    `deferred`: additions are this worker's until `flush()` (see the module docstring)."""

    def __init__(self, server, key: str, seed: Iterable[str] = (), deferred: bool = False):
        self.server, self.key, self.deferred = server, key, deferred
        self.unflushed: set[str] = set()
        seed = list(seed)
        if seed:
            server.sadd(key, *seed)

    def __contains__(self, value) -> bool:
        return value in self.unflushed or bool(self.server.sismember(self.key, value))

    def __iter__(self):
        return iter(sorted({_text(v) for v in self.server.smembers(self.key)} | self.unflushed))

    def __len__(self) -> int:
        return len(set(self))

    def add(self, value) -> None:
        if self.deferred:
            self.unflushed.add(value)
        else:
            self.server.sadd(self.key, value)

    def discard(self, value) -> None:
        self.unflushed.discard(value)
        self.server.srem(self.key, value)

    def flush(self) -> None:
        if self.unflushed:
            self.server.sadd(self.key, *self.unflushed)
            self.unflushed.clear()


class SharedSets(dict):
    """site -> SharedSet, made on first use (`setdefault(site, set())` as the list readers call it)."""

    def __init__(self, server, key_of):
        super().__init__()
        self.server, self.key_of = server, key_of

    def setdefault(self, site, default=None):
        if site not in self:
            self[site] = SharedSet(self.server, self.key_of(site), default or (), deferred=True)
        return self[site]

    def flush(self) -> None:
        for shared in self.values():
            shared.flush()


class SharedPages(MutableMapping):
    """page key -> the URL first asked for (the spider's `asked[role]`), in a Redis hash."""

    def __init__(self, server, key: str):
        self.server, self.key = server, key
        self.unflushed: dict[str, str] = {}   # written by this worker, not yet in Redis (module docstring)

    def __contains__(self, page_key) -> bool:
        return page_key in self.unflushed or bool(self.server.hexists(self.key, page_key))

    def __getitem__(self, page_key) -> str:
        if page_key in self.unflushed:
            return self.unflushed[page_key]
        value = self.server.hget(self.key, page_key)
        if value is None:
            raise KeyError(page_key)
        return _text(value)

    def __setitem__(self, page_key, url) -> None:
        self.unflushed[page_key] = url

    def __delitem__(self, page_key) -> None:
        self.unflushed.pop(page_key, None)
        self.server.hdel(self.key, page_key)

    def __iter__(self):
        return iter(sorted({_text(k) for k in self.server.hkeys(self.key)} | set(self.unflushed)))

    def __len__(self) -> int:
        return len(list(iter(self)))

    def flush(self) -> None:
        """Into Redis; the first worker's URL of a page stays (HSETNX)."""
        if self.unflushed:
            pipe = self.server.pipeline(transaction=False)
            for page_key, url in self.unflushed.items():
                pipe.hsetnx(self.key, page_key, url)
            pipe.execute()
            self.unflushed.clear()


class SharedMemory:
    """What share_memory swapped in whose writes wait for `flush()`."""

    def __init__(self):
        self.deferred: list = []

    def flush(self) -> None:
        for shared in self.deferred:
            shared.flush()


_MEMORIES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def memory_of(session) -> SharedMemory | None:
    """The shared memory of a session (None: not a worker of a shared crawl)."""
    return _MEMORIES.get(session)


def share_memory(spider, server, keys: Keys) -> SharedMemory:
    """Put the session's scopes and hosts, the spider's pages asked for and its list readers' trap
    fingerprints into Redis (what this worker knew so far is added to what the others know)."""
    session = spider.session
    memory = _MEMORIES[session] = SharedMemory()
    for sid in session.sites:
        session.scopes[sid] = SharedSet(server, keys.scopes(sid), session.scopes[sid])
        session.hosts[sid] = SharedSet(server, keys.hosts(sid), session.hosts[sid])
    for role, pages in list(spider.asked.items()):
        shared = SharedPages(server, keys.asked(role))
        for page_key, url in pages.items():
            server.hsetnx(shared.key, page_key, url)
        spider.asked[role] = shared
        memory.deferred.append(shared)
    for reader in spider.list_readers:
        seen = getattr(reader, "seen", None)
        if isinstance(seen, dict):
            name = type(reader).__name__
            shared_seen = SharedSets(server, lambda site, name=name: keys.list_seen(name, site))
            for sid, fingerprints in seen.items():
                shared_seen.setdefault(sid, ()).unflushed.update(fingerprints)
            shared_seen.flush()
            reader.seen = shared_seen
            memory.deferred.append(shared_seen)
    return memory


class SharedBudgetMiddleware:
    """One page budget (max_pages) per site for the whole crawl: before SiteGuardMiddleware checks
    and counts a list request against `state.list_pages`, the site's shared count is taken (INCR)
    and the local one set to what it was before this request, so SiteGuard's own check decides."""

    def __init__(self, session, server, keys: Keys):
        self.session, self.server, self.keys = session, server, keys

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy.exceptions import NotConfigured

        from crawler.distributed import connect
        from crawler.session import CrawlSession

        url = crawler.settings.get("GIA_REDIS_URL")
        if not url:
            raise NotConfigured("not a distributed crawl")
        return cls(CrawlSession.of(crawler), connect(url), Keys(crawler.settings.get("GIA_REDIS_PREFIX") or "gia"))

    def process_request(self, request):
        site_id = request.meta.get("site")
        if site_id in self.session.states and request.meta.get("role") == "list":   # retries count, as in one process
            self.session.states[site_id].list_pages = int(self.server.incr(self.keys.budget(site_id))) - 1
        return None
