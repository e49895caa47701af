"""The shared frontier's leases (crawler/distributed/queue.py, scheduler.py) against a real
redis-server: a taken request is leased, not gone; acknowledged only by its holder; a dead
worker's leases go back; a request made again from a leased one carries its lease over; nothing
a worker closes ever flushes the shared crawl."""

from __future__ import annotations

from types import SimpleNamespace

from scrapy import Request
from scrapy.settings import Settings

from crawler.distributed import Keys, connect, worker_settings
from crawler.distributed.queue import LEASE_META, LeaseQueue, Leases
from crawler.distributed.scheduler import LeaseScheduler, SharedDupeFilter


def _worker(url: str, name: str) -> SimpleNamespace:
    """What a LeaseQueue needs of a spider: its name and the worker's settings."""
    settings = Settings({**worker_settings(url), "GIA_WORKER": name})
    return SimpleNamespace(name="reports", settings=settings)


def _queue(url: str, name: str) -> LeaseQueue:
    return LeaseQueue(connect(url), _worker(url, name), Keys().frontier)


def _alive(server, name: str) -> None:
    server.set(Keys().alive(name), "1", px=60_000)


def test_a_popped_request_is_leased_by_its_worker_until_acknowledged(redis_server):
    q = _queue(redis_server.url, "w1")
    q.push(Request("http://a.example/1", priority=0))
    q.push(Request("http://a.example/2", priority=5))
    first = q.pop()
    assert first.url == "http://a.example/2"   # the higher priority first, as scrapy-redis's PriorityQueue
    assert q.leases.counts() == (1, 1)
    assert q.leases.leased_by("w1") == [first.meta[LEASE_META]]
    assert q.ack(first.meta[LEASE_META]) is True
    assert q.leases.counts() == (1, 0)
    assert q.ack(first.meta[LEASE_META]) is False   # once


def test_only_the_holder_acknowledges_a_lease(redis_server):
    mine, theirs = _queue(redis_server.url, "w1"), _queue(redis_server.url, "w2")
    mine.push(Request("http://a.example/1"))
    request = mine.pop()
    assert theirs.ack(request.meta[LEASE_META]) is False
    assert mine.leases.counts() == (0, 1)


def test_the_leases_of_a_worker_whose_heartbeat_stopped_go_back_to_the_frontier(redis_server):
    server = redis_server.client()
    dead, live = _queue(redis_server.url, "w1"), _queue(redis_server.url, "w2")
    _alive(server, "w2")
    for i in range(3):
        dead.push(Request(f"http://a.example/{i}", priority=i))
    taken_by_dead = [dead.pop(), dead.pop()]
    taken_by_live = live.pop()
    assert live.leases.requeue_orphans() == 2      # w1 never beat: its two leases are orphans
    assert live.leases.counts() == (2, 1)           # w2's own lease stays
    again = sorted(r.url for r in (live.pop(), live.pop()))
    assert again == sorted(r.url for r in taken_by_dead)
    assert dead.ack(taken_by_dead[0].meta[LEASE_META]) is False   # the dead worker's late ack changes nothing
    assert live.leases.counts() == (0, 3) and taken_by_live.url == "http://a.example/0"


def test_equal_requests_stay_two_entries(redis_server):
    q = _queue(redis_server.url, "w1")
    q.push(Request("http://a.example/x", dont_filter=True))
    q.push(Request("http://a.example/x", dont_filter=True))
    assert len(q) == 2


def test_a_retry_of_a_leased_request_carries_the_lease_over(redis_server):
    q = _queue(redis_server.url, "w1")
    q.push(Request("http://a.example/1"))
    leased = q.pop()
    q.push(leased.replace(dont_filter=True))   # as RetryMiddleware makes it: the same meta, lease included
    assert q.leases.counts() == (1, 0)          # the retry waits; the old lease is gone with it
    retry = q.pop()
    assert retry.url == leased.url and retry.meta[LEASE_META] != leased.meta[LEASE_META]


def test_a_closing_worker_puts_its_leases_back_and_keeps_the_crawl(redis_server):
    settings = Settings({**worker_settings(redis_server.url), "GIA_WORKER": "w1"})
    scheduler = LeaseScheduler.from_settings(settings)
    spider = SimpleNamespace(name="reports", settings=settings, log=lambda *a, **k: None)
    scheduler.open(spider)
    assert scheduler.enqueue_request(Request("http://a.example/1")) is True
    assert scheduler.enqueue_request(Request("http://a.example/2")) is True
    assert scheduler.enqueue_request(Request("http://a.example/1")) is False   # seen
    held = scheduler.next_request()
    assert held is not None
    scheduler.close("shutdown")                      # Ctrl-C on one worker
    server = redis_server.client()
    keys = Keys()
    assert server.zcard(keys.frontier) == 2 and server.hlen(keys.pending) == 0
    assert server.hlen(keys.seen) == 2              # scrapy-redis without SCHEDULER_PERSIST would have wiped both
    scheduler.close("finished")
    scheduler.flush()
    SharedDupeFilter(connect(redis_server.url), keys.seen).close()
    assert server.zcard(keys.frontier) == 2 and server.hlen(keys.seen) == 2


def test_a_redirect_to_a_page_already_queued_acknowledges_its_lease(redis_server):
    settings = Settings({**worker_settings(redis_server.url), "GIA_WORKER": "w1"})
    scheduler = LeaseScheduler.from_settings(settings)
    scheduler.open(SimpleNamespace(name="reports", settings=settings, log=lambda *a, **k: None))
    scheduler.enqueue_request(Request("http://a.example/old"))
    scheduler.enqueue_request(Request("http://a.example/new"))
    old = scheduler.next_request()
    assert old.url == "http://a.example/old"
    assert scheduler.enqueue_request(old.replace(url="http://a.example/new")) is False   # RedirectMiddleware's request
    assert Leases.from_settings(connect(redis_server.url), settings).counts() == (1, 0)


def test_an_idle_worker_sends_what_it_still_holds_back_once(redis_server):
    q = _queue(redis_server.url, "w1")
    for i in range(2):
        q.push(Request(f"http://a.example/{i}"))
    q.pop(), q.pop()
    assert q.leases.settle_own() == 2 and q.leases.counts() == (2, 0)   # fetched again: nothing may be lost
    q.pop(), q.pop()
    assert q.leases.settle_own() == 2 and q.leases.counts() == (0, 0)   # but never in a loop


def test_a_retried_pop_returns_the_entry_it_leased(redis_server):
    """The client retries a command whose reply a server restart lost: the retry must not lease a
    second request and leave the first leased by nobody who knows it."""
    q = _queue(redis_server.url, "w1")
    for i in range(2):
        q.push(Request(f"http://a.example/{i}"))
    keys = [q.key, q.keys.pending, q.keys.owner, q.keys.last_pop]
    first = q._pop(keys=keys, args=["w1", "token-1", 0])
    again = q._pop(keys=keys, args=["w1", "token-1", 0])
    assert first == again and q.leases.counts() == (1, 1)
    assert q._pop(keys=keys, args=["w1", "token-2", 0]) != first and q.leases.counts() == (0, 2)


def test_a_retried_seen_check_does_not_drop_its_own_request(redis_server):
    df = SharedDupeFilter(connect(redis_server.url), Keys().seen)
    fingerprint = df.request_fingerprint(Request("http://a.example/1"))
    assert df._seen(keys=[df.key], args=[fingerprint, "call-1"]) == 0
    assert df._seen(keys=[df.key], args=[fingerprint, "call-1"]) == 0   # the same call, retried: still new
    assert df._seen(keys=[df.key], args=[fingerprint, "call-2"]) == 1   # anyone else: seen
    assert df.request_seen(Request("http://a.example/2")) is False and df.request_seen(Request("http://a.example/2")) is True


def test_a_worker_holds_no_more_leases_than_its_limit(redis_server):
    """Scrapy's engine would take requests while its downloader has room (32): one worker would
    lease a small frontier whole and the others would idle."""
    q, other = _queue(redis_server.url, "w1"), _queue(redis_server.url, "w2")
    q.max_leases = 2
    for i in range(4):
        q.push(Request(f"http://a.example/{i}"))
    held = [q.pop(), q.pop()]
    assert q.pop() is None and q.leases.counts() == (2, 2)
    assert other.pop() is not None                      # the others are handed what this one may not take
    q.ack(held[0].meta[LEASE_META])
    assert q.pop() is not None
