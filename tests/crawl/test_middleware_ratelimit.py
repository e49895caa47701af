"""RateLimitMiddleware: a 429 pauses the site for its Retry-After (capped) and retries; a 403 ban
pauses once, then gives the site up; an ordinary 403 is left alone."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from crawler.exceptions import RateLimited
from crawler.middlewares.ratelimit import RATE_RETRIES, RateLimitMiddleware, retry_after_seconds


def _resp(request, status, body="", headers=None):
    return HtmlResponse(request.url, status=status, body=body.encode("utf-8"), encoding="utf-8", headers=headers, request=request)


def test_retry_after_seconds_and_dates():
    assert retry_after_seconds(b"10") == 10
    assert retry_after_seconds(None, default=7) == 7
    assert retry_after_seconds(b"soon", default=3) == 3
    assert retry_after_seconds(b"Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past: no wait


def test_429_pauses_the_site_for_its_capped_retry_after_then_gives_up(session):
    mw = RateLimitMiddleware(session, max_wait=1.5)
    request = Request("http://trs.example/zwgk/zfxxgkndbg/t1.html", meta={"site": "trs"})
    for n in range(RATE_RETRIES):
        request = mw.process_response(request, _resp(request, 429, headers={"Retry-After": "10"}))
        assert request.meta["rate_tries"] == n + 1
    state = session.states["trs"]
    assert state.longest_pause == 1.5 and state.counters["rate_pauses"] == RATE_RETRIES
    with pytest.raises(RateLimited):
        mw.process_response(request, _resp(request, 429, headers={"Retry-After": "10"}))
    assert state.final_status() == "rate-limited"


def test_a_403_ban_pauses_once_and_an_ordinary_403_is_a_page(session):
    mw = RateLimitMiddleware(session, max_wait=2)
    request = Request("http://other.example/xxgk/nb/1.html", meta={"site": "other"})
    forbidden = _resp(request, 403, "<h1>403 Forbidden</h1>")
    assert mw.process_response(request, forbidden) is forbidden
    waited = mw.process_response(request, _resp(request, 403, "<p>访问频率过高，请稍后再试</p>"))
    assert waited.meta["ban_waited"]
    with pytest.raises(RateLimited):
        mw.process_response(waited, _resp(waited, 403, "<p>访问频率过高，请稍后再试</p>"))
    assert session.states["other"].final_status() == "rate-limited"
