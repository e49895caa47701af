"""ChallengeMiddleware: challenge and WAF pages are recognised by status and content, never taken
for content; a soft challenge is retried with its cookie once, a 加速乐 page answered with its
clearance, anything else makes the site blocked."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from crawler.exceptions import Blocked
from crawler.middlewares.challenge import ChallengeMiddleware
from simsites.faults import RUISHU_SHELL, WAF_PAGE


def _resp(status: int, body: str, request: Request | None = None, headers: dict | None = None) -> HtmlResponse:
    return HtmlResponse("http://h/x.html", status=status, body=body.encode("utf-8"), encoding="utf-8", headers=headers,
                        request=request or Request("http://h/x.html"))


def test_ruishu_412_and_200_shells():
    assert ChallengeMiddleware.classify(_resp(412, RUISHU_SHELL)) == "challenge"
    assert ChallengeMiddleware.classify(_resp(200, "<html><head><script>$_ts=window['$_ts'];</script></head><body></body></html>")) == "challenge"
    assert ChallengeMiddleware.classify(_resp(521, "<script>document.cookie=('__jsl_clearance_s=')</script>")) == "challenge"


def test_waf_block_page_with_200():
    assert ChallengeMiddleware.classify(_resp(200, WAF_PAGE)) == "waf"


def test_real_pages_are_not_challenges():
    page = "<html><body><p>某市司法局2023年政府信息公开工作年度报告</p><script>var $_ts_like = 1;</script></body></html>"
    assert ChallengeMiddleware.classify(_resp(200, page)) is None
    assert ChallengeMiddleware.classify(_resp(404, "<p>页面不存在</p>")) is None


def test_a_soft_challenge_is_retried_once_with_its_cookie_then_blocks_the_site(session):
    mw = ChallengeMiddleware(session)
    request = Request("http://trs.example/zwgk/zfxxgkndbg/index.html", meta={"site": "trs"})
    retry = mw.process_response(request, _resp(412, RUISHU_SHELL, request, headers={"Set-Cookie": "a=1"}))
    assert isinstance(retry, Request) and retry.meta["challenge_retry"] and retry.dont_filter
    with pytest.raises(Blocked):
        mw.process_response(retry, _resp(412, RUISHU_SHELL, retry, headers={"Set-Cookie": "a=1"}))
    state = session.states["trs"]
    assert state.final_status() == "blocked" and state.reason == "JS challenge (瑞数)" and state.challenge_hits == 1


def test_a_jiasule_cookie_page_is_answered_with_its_clearance(session):
    mw = ChallengeMiddleware(session)
    request = Request("http://trs.example/zwgk/zfxxgkndbg/index.html", meta={"site": "trs"})
    page = "<script>document.cookie=('_')+('_')+('jsl_clearance_s=')+('17|-1|')+('Kq%3D')+(';path=/');location.href=location.pathname</script>"
    retry = mw.process_response(request, _resp(521, page, request))
    assert retry.cookies == {"__jsl_clearance_s": "17|-1|Kq%3D"} and retry.meta["jsl_steps"] == 1
    assert session.states["trs"].counters["jiasule_solved"] == 1
