"""The spider's ReportPart items reach the archive's crawl state through the pipeline."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem

from crawler.items import ReportPart
from crawler.pipelines import ReportPartsPipeline


def _feed(pipeline, part):
    """A part ends in the pipeline (quietly): feed exports see the records, not their parts."""
    with pytest.raises(DropItem) as dropped:
        pipeline.process_item(part)
    assert dropped.value.log_level == "DEBUG"


def test_parts_are_stored_with_their_role_and_via(session):
    pipeline = ReportPartsPipeline(session)
    _feed(pipeline, ReportPart("http://trs.example/a.html", "http://trs.example/a.html", "page", "某局2023年…", "trs"))
    _feed(pipeline, ReportPart("http://trs.example/a.html", "http://trs.example/a_wap.html", "alias", "某局2023年…", "trs", "wap"))
    parts = session.store.parts_of("http://trs.example/a.html")
    assert [(p["role"], p["via"]) for p in parts] == [("alias", "wap"), ("page", None)]


def test_a_failed_part_never_replaces_a_copy_an_earlier_run_archived(session):
    url = "http://trs.example/a.pdf"
    session.store.record_response(url, 200, [("Content-Type", "application/pdf")], b"%PDF-1.4", "trs")
    pipeline = ReportPartsPipeline(session)
    _feed(pipeline, ReportPart("http://trs.example/a.html", url, "failed", "timed out after 45 s", "trs", "file"))
    _feed(pipeline, ReportPart("http://trs.example/a.html", "http://trs.example/b.pdf", "failed", "HTTP 404", "trs", "file"))
    assert [(p["url"], p["role"]) for p in session.store.parts_of("http://trs.example/a.html")] == [("http://trs.example/b.pdf", "failed")]


def test_an_unknown_role_is_refused():
    with pytest.raises(ValueError, match="role"):
        ReportPart("k", "u", "thumbnail", None, "trs")
