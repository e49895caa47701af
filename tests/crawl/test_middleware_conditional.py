"""ConditionalFetchMiddleware: conditional requests for what is archived, a 304 answered with the
archived copy, and an interrupted run's report pages taken from the archive without a request."""

from __future__ import annotations

import sys
from pathlib import Path

from scrapy import Request
from scrapy.http import Response

from crawler.middlewares.conditional import ConditionalFetchMiddleware
from gia.archive import CrawlStore

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from fakes import TRS

PAGE = "http://trs.example/zwgk/zfxxgkndbg/t1.html"
HTML = "<html><body>某局2023年政府信息公开工作年度报告</body></html>".encode()


def test_an_archived_page_is_asked_for_conditionally_and_a_304_answered_from_the_archive(session):
    session.store.record_response(PAGE, 200, [("Content-Type", "text/html; charset=utf-8"), ("ETag", '"abc"')], HTML, "trs")
    mw = ConditionalFetchMiddleware(session)
    request = Request(PAGE, meta={"site": "trs", "role": "page"})
    assert mw.process_request(request) is None and request.headers[b"If-None-Match"] == b'"abc"'
    answer = mw.process_response(request, Response(PAGE, status=304, request=request))
    assert answer.status == 200 and answer.body == HTML and "archived" in answer.flags and answer.text
    assert session.states["trs"].counters["unchanged"] == 1


def test_a_304_for_an_unknown_url_is_asked_again_unconditionally(session):
    mw = ConditionalFetchMiddleware(session)
    request = Request(PAGE, meta={"site": "trs"})
    again = mw.process_response(request, Response(PAGE, status=304, request=request))
    assert isinstance(again, Request) and again.meta["fresh"] and again.dont_filter


def test_what_an_interrupted_run_archived_is_not_asked_for_again(tmp_path):
    from crawler.session import CrawlSession
    from crawler.registry import load_registry

    archive = tmp_path / "a"
    killed = CrawlStore(archive, run="killed")
    killed.begin_run()  # never finished: killed
    killed.record_response(PAGE, 200, [("Content-Type", "text/html; charset=utf-8")], HTML, "trs")
    killed.close()
    registry = tmp_path / "s.toml"
    registry.write_text(f'[[site]]\nid = "trs"\nname = "某市人民政府"\nstart_url = "{TRS}"\n', encoding="utf-8")
    session = CrawlSession.open({s.id: s for s in load_registry(registry).sites}, archive, run="rerun")
    try:
        mw = ConditionalFetchMiddleware(session)
        page = mw.process_request(Request(PAGE, meta={"site": "trs", "role": "page"}))
        assert page is not None and page.body == HTML and session.states["trs"].counters["resumed"] == 1
        assert mw.process_request(Request(PAGE, meta={"site": "trs", "role": "list"})) is None  # list pages: asked again
    finally:
        session.close()
