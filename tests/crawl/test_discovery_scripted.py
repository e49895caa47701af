"""End to end: the scripted 政务公开 platform (simsites/scripted.py) — a column filled by a script
from a paginated JSON API, PDF reports reached only through onclick handlers — crawled for real."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, compare, crawl, identity, last_stats

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("scripted")
    with SimFarm("discovery", per_page=6) as farm:
        registry = farm.write_registry(root / "sites.toml", only=["scripted"], **FAST)
        crawl(registry, root / "archive")
        yield {"farm": farm, "manifest": farm.manifest(), "stats": last_stats(root / "archive"), "archive": root / "archive",
               "api_pages": farm.sites["scripted"].api_pages_served}


def test_every_report_archived_once_with_its_agency_and_year_and_nothing_else(crawled):
    manifest = {**crawled["manifest"], "reports": [r for r in crawled["manifest"]["reports"] if r["site"] == "S"]}
    result = compare(manifest, crawled["archive"])
    expected = {(r["agency"], r["year"]) for r in manifest["reports"] if r["expect"] == "archived"}
    assert len(expected) == 15  # three agencies × five years, listed only by the JSON API
    assert result["missing"] == [] and result["unexpected"] == [] and result["duplicated"] == []
    assert sorted(identity(r) for r in result["records"]) == sorted(expected)


def test_pdf_reports_keep_the_attachment_their_onclick_handler_names(crawled):
    result = compare({**crawled["manifest"], "reports": [r for r in crawled["manifest"]["reports"] if r["site"] == "S"]}, crawled["archive"])
    assert result["missing_urls"] == []  # the detail page and, for a PDF report, /files/{rid}.pdf
    pdfs = [r for r in crawled["manifest"]["reports"] if r["site"] == "S" and r["body"] == "pdf"]
    assert pdfs, "the simulator serves PDF reports"
    by_identity = {identity(r): r for r in result["records"]}
    for report in pdfs:
        urls = by_identity[(report["agency"], report["year"])]["source"]["urls"]
        assert any(u.endswith(".pdf") for u in urls), report["title"]


def test_the_site_reads_ok_with_every_api_page_and_the_lookalike_left(crawled):
    site = crawled["stats"]["sites"]["sim-scripted"]
    assert site["status"] == "ok"
    assert crawled["api_pages"] == 3  # 16 items, 6 a page: pages 1-3, each once
    assert site["counters"]["not_reports"] >= 1  # the 报表 listed among the reports
