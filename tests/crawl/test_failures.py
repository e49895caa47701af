"""What a failed request tells the site's status, and the part its report keeps (crawler/failures.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as TxTimeoutError
from twisted.python.failure import Failure

from crawler.exceptions import Blocked, OffSite
from crawler.failures import FailureHandler
from crawler.items import ReportPart

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from fakes import TRS, response


def _failure(exc, request):
    failure = Failure(exc)
    failure.request = request
    return failure


def test_a_failed_attachment_is_a_failed_part_with_its_reason(session):
    handler = FailureHandler(session, download_timeout=45)
    request = Request("http://trs.example/a.pdf", meta={"site": "trs", "role": "file", "report_key": "http://trs.example/a.html"})
    (part,) = handler.handle(_failure(TxTimeoutError(), request))
    assert part == ReportPart("http://trs.example/a.html", "http://trs.example/a.pdf", "failed", "timed out after 45 s", "trs", "file")
    assert session.states["trs"].examples["timeouts"] == ["http://trs.example/a.pdf"]


def test_a_start_page_that_fails_is_the_sites_error(session):
    handler = FailureHandler(session, download_timeout=45)
    request = Request(TRS, meta={"site": "trs", "role": "list", "start": True})
    assert list(handler.handle(_failure(HttpError(response(TRS, "<h1>500</h1>", status=500, request=request)), request))) == []
    state = session.states["trs"]
    assert state.final_status() == "error" and state.reason == "start page failed: HTTP 500" and state.counters["http_500"] == 1


def test_dropped_requests_are_counted_by_why(session):
    handler = FailureHandler(session, download_timeout=45)
    meta = {"site": "other", "role": "list"}
    list(handler.handle(_failure(Blocked("site blocked"), Request("http://other.example/1", meta=meta))))
    list(handler.handle(_failure(IgnoreRequest("Forbidden by robots.txt"), Request("http://other.example/2", meta=meta))))
    list(handler.handle(_failure(OffSite("off site"), Request("http://elsewhere.example/", meta=meta))))
    c = session.states["other"].counters
    assert (c["blocked_requests"], c["disallowed_by_robots"]) == (1, 1)
    assert session.states["other"].status is None  # none of them was the start page


def test_a_connection_the_server_dropped_is_a_transport_failure_that_degrades_the_site(session):
    from twisted.internet.error import ConnectionDone

    handler = FailureHandler(session, download_timeout=45, transport_errors=(OSError, ConnectionDone))
    session.states["trs"].started = True
    request = Request("http://trs.example/a.pdf", meta={"site": "trs", "role": "file", "report_key": "http://trs.example/a.html"})
    (part,) = handler.handle(_failure(ConnectionDone(), request))
    assert part.title == "connection failed (ConnectionDone: Connection was closed cleanly.)"
    state = session.states["trs"]
    assert state.final_status() == "degraded" and state.final_reason().startswith("read in part")
    assert state.examples["connection_failures"] == [f"http://trs.example/a.pdf: {part.title}"]
