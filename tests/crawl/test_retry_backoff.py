"""Retries back off: the n-th retry of a request waits retry_backoff × 2^(n-1) seconds, capped by
max_wait, once per retry (end to end: tests/crawl/test_crawl_sim.py::test_retries_of_a_failing_page_back_off)."""

from types import SimpleNamespace

from scrapy import Request
from scrapy.settings import Settings

from crawler.middlewares import SiteGuardMiddleware
from crawler.sitestate import SiteState


def _middleware(backoff=2.0, max_wait=5.0):
    spider = SimpleNamespace(settings=Settings({"GIA_RETRY_BACKOFF": backoff, "GIA_MAX_WAIT": max_wait}),
                             state={"s": SiteState("s", "site")})
    return SiteGuardMiddleware(SimpleNamespace(spider=spider)), spider


def test_backoff_doubles_per_retry_and_is_capped():
    mw, spider = _middleware()
    assert mw._retry_backoff(Request("http://a/", meta={}), "s") == 0.0  # a first try does not wait
    assert [mw._retry_backoff(Request("http://a/", meta={"retry_times": n}), "s") for n in (1, 2, 3, 4)] == [2.0, 4.0, 5.0, 5.0]
    assert spider.state["s"].counters["retries"] == 4


def test_one_wait_per_retry_even_when_the_request_passes_again():
    mw, _spider = _middleware()
    request = Request("http://a/", meta={"retry_times": 1})
    assert mw._retry_backoff(request, "s") == 2.0
    assert mw._retry_backoff(request, "s") == 0.0  # a redirect of the retried request keeps its meta: no second wait
