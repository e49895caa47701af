"""End to end: the scripted 政务公开 platform (simsites/scripted.py) — a column filled by a script
from a paginated JSON API, PDF reports reached only through onclick handlers — crawled for real,
with the list script inline (`scripted`) and linked (`scripted-linked`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from simsites import SimFarm
from simsites.scripted import LIST_SCRIPT

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, compare, crawl, identity, last_stats

pytestmark = pytest.mark.slow


SITES = {"scripted": ("S", 15), "scripted-linked": ("R", 10)}  # site -> (its world site, reports: agencies × five years)


@pytest.fixture(scope="module", params=list(SITES))
def crawled(request, tmp_path_factory):
    name = request.param
    home, count = SITES[name]
    root = tmp_path_factory.mktemp(name)
    with SimFarm("discovery", per_page=6) as farm:
        registry = farm.write_registry(root / "sites.toml", only=[name], **FAST)
        crawl(registry, root / "archive")
        manifest = farm.manifest()
        yield {"name": name, "count": count, "stats": last_stats(root / "archive"), "archive": root / "archive",
               "manifest": {**manifest, "reports": [r for r in manifest["reports"] if r["site"] == home]},
               "api_pages": farm.sites[name].api_pages_served, "pages": -(-(count + 1) // 6),
               "list_script_asked": len(farm.sites[name].asked_at.get(LIST_SCRIPT, []))}


def test_every_report_archived_once_with_its_agency_and_year_and_nothing_else(crawled):
    result = compare(crawled["manifest"], crawled["archive"])
    expected = {(r["agency"], r["year"]) for r in crawled["manifest"]["reports"] if r["expect"] == "archived"}
    assert len(expected) == crawled["count"]  # listed only by the JSON API
    assert result["missing"] == [] and result["unexpected"] == [] and result["duplicated"] == []
    assert sorted(identity(r) for r in result["records"]) == sorted(expected)


def test_pdf_reports_keep_the_attachment_their_onclick_handler_names(crawled):
    result = compare(crawled["manifest"], crawled["archive"])
    assert result["missing_urls"] == []  # the detail page and, for a PDF report, /files/{rid}.pdf
    pdfs = [r for r in crawled["manifest"]["reports"] if r["body"] == "pdf"]
    assert pdfs, "the simulator serves PDF reports"
    by_identity = {identity(r): r for r in result["records"]}
    for report in pdfs:
        urls = by_identity[(report["agency"], report["year"])]["source"]["urls"]
        assert any(u.endswith(".pdf") for u in urls), report["title"]


def test_the_site_reads_ok_with_every_api_page_and_the_lookalike_left(crawled):
    site = crawled["stats"]["sites"][f"sim-{crawled['name']}"]
    assert site["status"] == "ok"
    assert crawled["api_pages"] == crawled["pages"]  # the reports and the lookalike, 6 a page: each page once
    assert site["counters"]["not_reports"] >= 1  # the 报表 listed among the reports


def test_a_linked_list_script_is_read_once_and_only_where_it_is_linked(crawled):
    assert crawled["list_script_asked"] == (1 if crawled["name"] == "scripted-linked" else 0)
