"""End to end: ASP.NET WebForms columns (simsites/webforms.py) that page only by form postbacks
the server validates as ASP.NET does — a GridView numeric pager (`webforms`) and LinkButtons with no
argument (`webforms-linkbutton`) — crawled for real: every report once, nothing else, every
postback in the WARC with the form it posted, no postback sent twice from the same page."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from warcio.archiveiterator import ArchiveIterator

from simsites import SimFarm
from simsites.webforms import GRID, LINK_BUTTONS, LOOKALIKE_ID

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, compare, crawl, identity, last_stats

pytestmark = pytest.mark.slow

PER_PAGE = 6
# site -> (its world site, reports, pages): GridView: four agencies × five years and the lookalike, 21 rows,
# four pages, the 4th behind "..."; LinkButtons: three agencies, 16 rows, three pages
SITES = {"webforms": ("W", 20, 4), "webforms-linkbutton": ("O", 15, 3)}


@pytest.fixture(scope="module", params=list(SITES))
def crawled(request, tmp_path_factory):
    name = request.param
    home, count, pages = SITES[name]
    root = tmp_path_factory.mktemp(name)
    with SimFarm("discovery", per_page=PER_PAGE) as farm:
        registry = farm.write_registry(root / "sites.toml", only=[name], **FAST)
        crawl(registry, root / "archive")
        manifest = farm.manifest()
        site = farm.sites[name]
        yield {"name": name, "count": count, "expect_pages": pages, "stats": last_stats(root / "archive"),
               "archive": root / "archive", "pages": site.pages(),
               "manifest": {**manifest, "reports": [r for r in manifest["reports"] if r["site"] == home]},
               "posted": dict(site.pages_posted), "events": dict(site.events_posted), "rejected": dict(site.rejected),
               "events_by_page": dict(site.events_by_page),
               "catalogues": {(r.agency, r.year): site.catalogue(r) for r in site.reports()}}


def test_every_report_archived_once_and_nothing_else(crawled):
    result = compare(crawled["manifest"], crawled["archive"])
    expected = {(r["agency"], r["year"]) for r in crawled["manifest"]["reports"] if r["expect"] == "archived"}
    assert len(expected) == crawled["count"]
    assert result["missing"] == [] and result["unexpected"] == [] and result["duplicated"] == []
    assert result["missing_urls"] == []
    assert sorted(identity(r) for r in result["records"]) == sorted(expected)


def test_each_record_keeps_its_page_catalogue_and_the_publishing_office_is_not_its_agency(crawled):
    records = compare(crawled["manifest"], crawled["archive"])["records"]
    assert records
    for record in records:
        catalogue = crawled["catalogues"][identity(record)]
        assert record["catalogue"] == catalogue
        assert record["agency"] == identity(record)[0] != catalogue["publisher"]   # the report's title names its agency
        assert record["published"] == catalogue["published"]


def test_every_postback_is_sent_once_and_none_is_refused(crawled):
    pages = crawled["pages"]
    assert pages == crawled["expect_pages"]
    assert crawled["rejected"] == {}  # every POST carried the page's __VIEWSTATE and a validated event
    assert set(crawled["posted"]) >= set(range(2, pages + 1))
    assert set(crawled["events_by_page"].values()) == {1}  # nothing posted twice from the same page
    if crawled["name"] == "webforms":
        assert set(crawled["events"].values()) == {1}  # Page$3 from page 1 and from page 2: one POST
        # a page named two ways (Page$4 and Page$Last, Page$1 and Page$First) is posted for twice at most:
        # its second answer repeats a page read, and its pager is not followed again
        assert max(crawled["posted"].values()) <= 2
    else:
        # 首页 and 尾页 once a list; 下一页 and 上一页 once from each page (上一页's answer repeats a page read)
        assert crawled["events"].get(LINK_BUTTONS["首页"], 0) <= 1 and crawled["events"][LINK_BUTTONS["尾页"]] == 1
        assert sum(crawled["posted"].values()) <= 2 * pages


def warc_records(archive: Path, rec_type: str) -> list:
    out = []
    for path in sorted((archive / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            out += [(r.rec_headers.get_header("WARC-Target-URI"), r.http_headers.protocol, r.content_stream().read())
                    for r in ArchiveIterator(fh) if r.rec_type == rec_type]
    return out


def test_the_site_reads_ok_and_the_lookalike_is_not_fetched(crawled):
    assert crawled["stats"]["sites"][f"sim-{crawled['name']}"]["status"] == "ok"
    fetched = [url for url, _, _ in warc_records(crawled["archive"], "response")]
    assert fetched and not [u for u in fetched if u.endswith(f"Detail.aspx?id={LOOKALIKE_ID}")]  # the 报表 among the reports


def test_every_postback_is_in_the_warc_with_the_form_it_posted(crawled):
    posts = [parse_qs(body.decode("ascii")) for _, method, body in warc_records(crawled["archive"], "request") if method == "POST"]
    assert len(posts) == sum(crawled["posted"].values())
    if crawled["name"] == "webforms":
        assert {"Page$2", "Page$3", "Page$4"} <= {p["__EVENTARGUMENT"][0] for p in posts}
        assert all(form["__EVENTTARGET"] == [GRID] for form in posts)
    else:
        assert {form["__EVENTTARGET"][0] for form in posts} <= set(LINK_BUTTONS.values())
        assert all(form.get("__EVENTARGUMENT", [""]) == [""] for form in posts)  # a LinkButton posts no argument
    for form in posts:
        assert form["__VIEWSTATE"][0] and form["__EVENTVALIDATION"][0] and form["__VIEWSTATEGENERATOR"] == ["0E4D3F2A"]
        assert "ctl00$cph$btnSearch" not in form  # a postback submits the form by script: no button clicked
