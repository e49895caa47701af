"""End to end: download endpoints as servers send files (simsites/downloads.py) — no name in the
URL, application/octet-stream for every type, the name in each Content-Disposition form, files
that print no title, a server refusing HEAD — crawled for real and built into records."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from simsites import SimFarm
from simsites.downloads import FORMS, form_of

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, compare, crawl, identity, last_stats

pytestmark = pytest.mark.slow

REPORTS = 15  # three agencies × five years


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("downloads")
    with SimFarm("discovery", per_page=6) as farm:
        registry = farm.write_registry(root / "sites.toml", only=["downloads"], **FAST)
        crawl(registry, root / "archive")
        manifest = farm.manifest()
        site = farm.sites["downloads"]
        served = {(r.agency, r.year): {"name": site.served_name(r), "title": r.title, "untitled": site.untitled(r),
                                       "body": r.body, "form": form_of(r)}
                  for r in site.reports()}
        head = urllib.request.Request(site.report_urls(site.reports()[0])[0],
                                      method="HEAD")
        with pytest.raises(urllib.error.HTTPError) as refused:  # the server's own shape: HEAD is refused
            urllib.request.urlopen(head, timeout=30)
        yield {"stats": last_stats(root / "archive"), "archive": root / "archive", "served": served,
               "manifest": {**manifest, "reports": [r for r in manifest["reports"] if r["site"] == "D"]},
               "heads": dict(site.heads), "head_status": refused.value.code, "lookalike_asked": site.lookalike_asked}


def test_every_report_archived_once_and_nothing_else(crawled):
    result = compare(crawled["manifest"], crawled["archive"])
    expected = {(r["agency"], r["year"]) for r in crawled["manifest"]["reports"] if r["expect"] == "archived"}
    assert len(expected) == REPORTS
    assert result["missing"] == [] and result["unexpected"] == [] and result["duplicated"] == []
    assert result["missing_urls"] == []
    assert crawled["stats"]["sites"]["sim-downloads"]["status"] == "ok"


def test_the_generated_site_serves_every_form_and_untitled_files(crawled):
    served = crawled["served"].values()
    assert {s["form"] for s in served} == set(FORMS)
    assert any(s["untitled"] for s in served) and not all(s["untitled"] for s in served)
    assert {s["body"] for s in served} == {"pdf", "docx"}


def test_each_record_keeps_the_name_the_server_meant_and_its_type_from_the_bytes(crawled):
    result = compare(crawled["manifest"], crawled["archive"])
    for record in result["records"]:
        served = crawled["served"][identity(record)]
        assert record["source"]["filename"] == served["name"], served["form"]
        assert record["source"]["media_type"] in ("application/octet-stream", "application/x-msdownload")
        assert record["tables"]["applications"], served  # read as what the bytes are (PDF, DOCX), not as octets


def test_a_file_that_prints_no_title_is_titled_by_its_link(crawled):
    result = compare(crawled["manifest"], crawled["archive"])
    untitled = [r for r in result["records"] if crawled["served"][identity(r)]["untitled"]]
    assert untitled
    for record in untitled:
        served = crawled["served"][identity(record)]
        assert record["title"] == served["title"]
        assert record["year"] == identity(record)[1]


def test_the_crawler_never_sends_head_and_skips_the_lookalike(crawled):
    assert crawled["head_status"] == 405
    assert sum(crawled["heads"].values()) == 1  # the fixture's own HEAD: the crawl only GETs, so a 405 to HEAD never matters
    assert crawled["lookalike_asked"] == 0  # the 报表 listed among the reports
