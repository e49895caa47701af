"""One request delay per site across every worker (crawler/distributed/politeness.py), against a
real redis-server: two workers' send times for one site are spaced by its delay on one clock,
and a pause one worker was told of holds the other back too."""

from __future__ import annotations

from crawler.distributed import Keys, connect
from crawler.distributed.politeness import SharedPolitenessMiddleware
from crawler.registry import load_registry
from crawler.session import CrawlSession


def _worker(url: str, registry, delay: float) -> SharedPolitenessMiddleware:
    sites = {s.id: s for s in load_registry(registry).sites}
    return SharedPolitenessMiddleware(CrawlSession(sites), connect(url), Keys(), delay)


def test_send_times_of_two_workers_are_spaced_by_the_delay(redis_server, registry):
    one, two = _worker(redis_server.url, registry, 1.5), _worker(redis_server.url, registry, 1.5)
    times = [one.reserve("site.example", 1.5)[0], two.reserve("site.example", 1.5)[0], one.reserve("site.example", 1.5)[0]]
    assert [round(b - a, 6) for a, b in zip(times, times[1:])] == [1.5, 1.5]   # whoever asks, one delay apart
    _send_at, wait = two.reserve("other.example", 1.5)
    assert wait == 0.0                                   # another site's budget is its own: not queued behind


def test_a_pause_on_one_worker_holds_the_others(redis_server, registry):
    one, two = _worker(redis_server.url, registry, 0.0), _worker(redis_server.url, registry, 0.0)
    site_id = next(iter(one.session.sites))
    slot = one.slot_of_site(site_id)
    one.session.states[site_id].pause(30.0)             # a 429's Retry-After, met by worker one
    paused_until = float(redis_server.client().get(Keys().polite(slot)))
    send_at, wait = two.reserve(slot, 0.0)
    assert send_at == paused_until and wait > 0         # worker two's next request waits the pause out
