"""Challenge and WAF pages are recognised by status and content, never taken for content."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request

from crawler.middlewares import ChallengeMiddleware
from simsites.faults import RUISHU_SHELL, WAF_PAGE


def _resp(status: int, body: str) -> HtmlResponse:
    return HtmlResponse("http://h/x.html", status=status, body=body.encode("utf-8"), encoding="utf-8",
                        request=Request("http://h/x.html"))


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
