"""SiteGuardMiddleware: off-site requests, the page budget, given-up sites, and retries that back
off — the n-th retry waits retry_backoff × 2^(n-1) seconds, capped by max_wait, once per retry
(end to end: tests/crawl/test_crawl_sim.py::test_retries_of_a_failing_page_back_off)."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawler.exceptions import Blocked, OffSite, RateLimited
from crawler.middlewares.challenge import MAX_CHALLENGE_HITS
from crawler.middlewares.siteguard import SiteGuardMiddleware


def test_backoff_doubles_per_retry_and_is_capped(session):
    mw = SiteGuardMiddleware(session, retry_backoff=2.0, max_wait=5.0)
    assert mw.backoff(Request("http://a/", meta={}), "trs") == 0.0  # a first try does not wait
    assert [mw.backoff(Request("http://a/", meta={"retry_times": n}), "trs") for n in (1, 2, 3, 4)] == [2.0, 4.0, 5.0, 5.0]
    assert session.states["trs"].counters["retries"] == 4


def test_one_wait_per_retry_even_when_the_request_passes_again(session):
    mw = SiteGuardMiddleware(session, retry_backoff=2.0, max_wait=5.0)
    request = Request("http://a/", meta={"retry_times": 1})
    assert mw.backoff(request, "trs") == 2.0
    assert mw.backoff(request, "trs") == 0.0  # a redirect of the retried request keeps its meta: no second wait


def test_requests_stay_on_their_site_and_carry_its_cookie_jar(session):
    mw = SiteGuardMiddleware(session)
    with pytest.raises(OffSite):
        mw._check(Request("http://elsewhere.example/x", meta={"site": "trs"}))
    assert session.states["trs"].examples["offsite"] == ["http://elsewhere.example/x"]
    robots = Request("http://other.example/robots.txt")
    mw._check(robots)
    assert robots.meta["site"] == "other" and robots.meta["cookiejar"] == "other"


def test_the_page_budget_counts_list_pages_only(session):
    mw = SiteGuardMiddleware(session)
    for n in range(5):  # max_pages = 5 in the registry
        mw._check(Request(f"http://trs.example/zwgk/zfxxgkndbg/index_{n}.html", meta={"site": "trs", "role": "list"}))
    mw._check(Request("http://trs.example/zwgk/zfxxgkndbg/t1.html", meta={"site": "trs", "role": "page"}))
    with pytest.raises(IgnoreRequest, match="page budget"):
        mw._check(Request("http://trs.example/zwgk/zfxxgkndbg/index_9.html", meta={"site": "trs", "role": "list"}))
    assert session.states["trs"].counters["page_budget_hit"] == 1


def test_a_given_up_site_is_not_asked_again(session):
    mw = SiteGuardMiddleware(session)
    session.states["trs"].challenge_hits = MAX_CHALLENGE_HITS
    with pytest.raises(Blocked):
        mw._check(Request("http://trs.example/zwgk/zfxxgkndbg/t1.html", meta={"site": "trs"}))
    session.states["other"].rate_limit("rate limited: HTTP 429 …", "http://other.example/")
    with pytest.raises(RateLimited):
        mw._check(Request("http://other.example/xxgk/nb/2.html", meta={"site": "other"}))
    mw._check(Request("http://other.example/robots.txt", meta={"site": "other"}))  # robots.txt still may
