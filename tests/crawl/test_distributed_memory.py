"""What the spider learns about a site, shared through Redis (crawler/distributed/memory.py): the
session's scopes and hosts at once; pages asked for and trap fingerprints only once their
requests are queued (flush), so a worker killed in between leaves nothing marked done that is
queued nowhere; the page budget one count for all workers."""

from __future__ import annotations

from scrapy import Request

from crawler.distributed import Keys, connect
from crawler.distributed.memory import SharedBudgetMiddleware, SharedPages, SharedSets, memory_of, share_memory


def test_pages_asked_for_reach_the_others_only_when_flushed(redis_server):
    server = connect(redis_server.url)
    mine, theirs = SharedPages(server, "t:asked"), SharedPages(server, "t:asked")
    mine["/a/"] = "http://s.example/a/"
    assert "/a/" in mine and mine["/a/"] == "http://s.example/a/"   # this worker knows at once
    assert "/a/" not in theirs                                      # nobody else yet: a crash now loses nothing
    mine.flush()
    assert theirs["/a/"] == "http://s.example/a/"
    theirs["/a/"] = "http://s.example/a/index.html"
    theirs.flush()
    assert mine["/a/"] == "http://s.example/a/"                     # the first URL of a page stays


def test_trap_fingerprints_are_flushed_too(redis_server):
    server = connect(redis_server.url)
    mine, theirs = SharedSets(server, lambda s: f"t:seen:{s}"), SharedSets(server, lambda s: f"t:seen:{s}")
    mine.setdefault("site", set()).add("fp1")
    assert "fp1" in mine.setdefault("site", set()) and "fp1" not in theirs.setdefault("site", set())
    mine.flush()
    assert "fp1" in theirs.setdefault("site", set())


def test_share_memory_puts_the_sessions_scopes_in_redis(spider, redis_server):
    server, keys = connect(redis_server.url), Keys()
    sid = next(iter(spider.session.sites))
    known = set(spider.session.scopes[sid])
    memory = share_memory(spider, server, keys)
    assert memory_of(spider.session) is memory
    spider.session.scopes[sid].add("/widened/")
    assert {m.decode() for m in server.smembers(keys.scopes(sid))} == known | {"/widened/"}   # at once
    assert spider.session.in_scope(sid, f"http://{spider.session.sites[sid].netloc}/widened/x.html")
    spider.asked["page"]["/p/"] = "http://x/p/"
    assert not server.hexists(keys.asked("page"), "/p/")
    memory.flush()
    assert server.hexists(keys.asked("page"), "/p/")


def test_the_page_budget_counts_every_workers_list_pages(spider, redis_server):
    server, keys = connect(redis_server.url), Keys()
    sid = next(iter(spider.session.sites))
    one, two = SharedBudgetMiddleware(spider.session, server, keys), SharedBudgetMiddleware(spider.session, server, keys)
    for mw in (one, two, one):
        mw.process_request(Request("http://x/list.html", meta={"site": sid, "role": "list"}))
    assert spider.session.states[sid].list_pages == 2   # two taken before this one: SiteGuard compares with max_pages
    one.process_request(Request("http://x/report.html", meta={"site": sid, "role": "page"}))
    assert int(server.get(keys.budget(sid))) == 3       # report pages do not count
