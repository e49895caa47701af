"""What arrives: BadEncodingMiddleware (a gzip header on a plain body), RedirectLoopMiddleware
(a chain back on itself), WarcRecorderMiddleware (every final response archived)."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response

from crawler.exceptions import RedirectLoop
from crawler.middlewares.badencoding import BadEncodingMiddleware
from crawler.middlewares.redirectloop import RedirectLoopMiddleware
from crawler.middlewares.warcrecorder import WarcRecorderMiddleware

PAGE = "http://trs.example/zwgk/zfxxgkndbg/t1.html"


def test_a_false_gzip_header_is_dropped_and_the_body_kept(session):
    request = Request(PAGE, meta={"site": "trs"})
    sent = Response(PAGE, body="<html><body>年度报告</body></html>".encode(), headers={"Content-Encoding": "gzip",
                                                                                  "Content-Type": "text/html; charset=utf-8"},
                    request=request)
    fixed = BadEncodingMiddleware(session).process_response(request, sent)
    assert b"Content-Encoding" not in fixed.headers and isinstance(fixed, HtmlResponse) and "年度报告" in fixed.text
    assert session.states["trs"].examples["bad_content_encoding"] == [PAGE]


def test_a_redirect_back_into_the_chain_is_reported(session):
    mw = RedirectLoopMiddleware(session, max_hops=5)
    request = Request("http://trs.example/b.html", meta={"site": "trs", "redirect_urls": ["http://trs.example/a.html"]})
    with pytest.raises(RedirectLoop, match="redirect loop"):
        mw.process_response(request, Response(request.url, status=302, headers={"Location": "/a.html"}, request=request))
    assert session.states["trs"].examples["redirect_loop"] == ["http://trs.example/a.html → http://trs.example/b.html → http://trs.example/a.html"]
    onward = Response(request.url, status=302, headers={"Location": "/c.html"}, request=request)
    assert mw.process_response(request, onward) is onward


def test_final_responses_are_archived_and_archived_ones_not_again(session):
    mw = WarcRecorderMiddleware(session)
    request = Request(PAGE, meta={"site": "trs"})
    mw.process_response(request, HtmlResponse(PAGE, body=b"<html>x</html>", request=request))
    row = session.store.fetch(PAGE)
    assert row["status"] == 200 and row["site"] == "trs" and session.states["trs"].counters["fetched"] == 1
    mw.process_response(request, HtmlResponse(PAGE, body=b"<html>x</html>", request=request, flags=["archived"]))
    assert session.states["trs"].counters["fetched"] == 1
