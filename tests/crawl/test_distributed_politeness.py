"""One request delay per site across every worker (crawler/distributed/politeness.py), against a
real redis-server: two workers' reservations for one site are spaced by its delay on one clock,
and a pause one worker was told of holds the other back too."""

from __future__ import annotations

from crawler.distributed import Keys, connect
from crawler.distributed.politeness import SharedPolitenessMiddleware
from crawler.session import CrawlSession
from crawler.registry import load_registry


def _worker(url: str, registry, delay: float) -> SharedPolitenessMiddleware:
    sites = {s.id: s for s in load_registry(registry).sites}
    return SharedPolitenessMiddleware(CrawlSession(sites), connect(url), Keys(), delay)


def test_reservations_of_two_workers_are_spaced_by_the_delay(redis_server, registry):
    one, two = _worker(redis_server.url, registry, 1.0), _worker(redis_server.url, registry, 1.0)
    waits = [one.reserve("site.example", 1.0), two.reserve("site.example", 1.0), one.reserve("site.example", 1.0)]
    # each later reservation waits one delay more than the one before (all on the Redis server's clock)
    assert waits[0] <= 0.05 and 0.9 <= waits[1] - waits[0] <= 1.0 and 0.9 <= waits[2] - waits[1] <= 1.0
    assert two.reserve("other.example", 1.0) <= 0.05   # another site's budget is its own


def test_a_pause_on_one_worker_holds_the_others(redis_server, registry):
    one, two = _worker(redis_server.url, registry, 0.0), _worker(redis_server.url, registry, 0.0)
    site_id = next(iter(one.session.sites))
    one.session.states[site_id].pause(30.0)             # a 429's Retry-After, met by worker one
    assert two.reserve(two.slot_of_site(site_id), 0.0) > 25.0
