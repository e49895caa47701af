"""A site that moved to another host (old host 301s every path to the same path on the new one) is
followed and archived under its registered site, with the move as evidence and the old URLs as
provenance; redirects off the site that are not such a move stay refused; a column linking its
pages as both `…/index.html` and `…/` is fetched page by page, once each (simsites/migration.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from crawler import discovery as d
from crawler.moves import is_site_move
from simsites import SimFarm
from simsites.migration import AWAY_PATH, AWAY_TITLE, OFFSITE_TITLE

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, compare, crawl, identity, last_stats

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("migration")
    with SimFarm("faults") as farm:
        registry = farm.write_registry(root / "sites.toml", only=["migrated", "index"], **FAST)
        # a registered start URL whose redirect leaves for another host and another path: no site move
        away = farm.url_of("migrated-new", AWAY_PATH + "?from=registry")  # not the URL sim-migrated lists
        registry.write_text(registry.read_text(encoding="utf-8") + f'\n[[site]]\nid = "sim-away"\nname = "某区人民政府（外链）"\n'
                            f'start_url = "{away}"\n', encoding="utf-8")
        crawl(registry, root / "archive")
        manifest = farm.manifest()
        manifest["reports"] = [r for r in manifest["reports"] if r["site"] in ("N", "I")]
        yield {"farm": farm, "archive": root / "archive", "registry": registry, "manifest": manifest, "stats": last_stats(root / "archive"),
               "result": compare(manifest, root / "archive")}


def _records(c, flavour):
    mine = {(r["agency"], r["year"]) for r in c["manifest"]["reports"] if r["site"] == flavour}
    return [r for r in c["result"]["records"] if identity(r) in mine]


def test_every_report_archived_once_with_its_urls(crawled):
    result = crawled["result"]
    assert result["missing"] == [] and result["duplicated"] == [] and result["unexpected"] == []
    assert result["missing_urls"] == []
    assert len(_records(crawled, "N")) == 5 and len(_records(crawled, "I")) == 5


def test_moved_site_followed_to_its_new_host(crawled):
    farm, state = crawled["farm"], crawled["stats"]["sites"]["sim-migrated"]
    new = farm.sites["migrated-new"].base_url
    assert state["status"] == "ok"
    assert state["moved_to"] == new and state["reason"] == f"moved to {new}"
    assert {"url": farm.start_url("migrated"), "to": farm.url_of("migrated-new", "/xxgk/zfxxgknb/"), "how": "301"} in state["redirects"]
    for record in _records(crawled, "N"):  # archived under the registered site, from the new host
        assert record["source"]["url"].startswith(new + "/")
        assert record["source"]["site"] == "sim-migrated"


def test_old_urls_kept_as_provenance(crawled):
    farm = crawled["farm"]
    old_report = farm.sites["migrated-new"].listed_by_old_url()
    [record] = [r for r in _records(crawled, "N") if identity(r) == (old_report.agency, old_report.year)]
    old_url = farm.sites["migrated"].report_urls(old_report)[0]
    chain = record["source"]["redirects"]
    assert chain["chain"] == [old_url, record["source"]["url"]] and chain["hops"][0].startswith("301")
    assert old_url in record["source"]["urls"]
    assert {"url": old_url, "via": "redirect"}.items() <= next(x for x in record["source"]["duplicates"] if x["url"] == old_url).items()


def test_offsite_link_and_offsite_page_redirect_refused(crawled):
    farm, state = crawled["farm"], crawled["stats"]["sites"]["sim-migrated"]
    assert sum(farm.sites["elsewhere"].served.values()) == 0  # never asked, not even its robots.txt
    elsewhere = farm.sites["elsewhere"].base_url  # listed: the direct link, and where the on-site page 301s
    assert sorted(state["examples"]["offsite"]) == [elsewhere + "/xxgk/nb/jyj2018.shtml", elsewhere + "/xxgk/nb/wjw2018.shtml"]
    titles = {r["title"] for r in crawled["result"]["records"]}
    assert OFFSITE_TITLE not in titles and AWAY_TITLE not in titles


def test_start_redirect_that_is_not_a_site_move_is_refused(crawled):
    farm, state = crawled["farm"], crawled["stats"]["sites"]["sim-away"]
    assert state["status"] == "error" and "moved_to" not in state
    assert "off site" in state["reason"] and farm.sites["elsewhere"].base_url in state["reason"]


def test_index_and_folder_forms_fetched_once(crawled):
    site, state = crawled["farm"].sites["index"], crawled["stats"]["sites"]["sim-index"]
    assert state["status"] == "ok" and "redirect_loop" not in state["examples"]
    pages = {("list", 0), ("list", 1), ("older",)} | {("report", r.rid) for r in site.reports()}
    assert dict(site.pages_served) == {p: 1 for p in pages}
    assert state["list_pages"] == 3 and state["counters"]["same_page"] >= 3


def test_recrawl_of_a_moved_site_fetches_nothing_new(crawled):
    """Last: recrawls the same archive. The old address still leads to the new host, and nothing changed."""
    farm = crawled["farm"]
    bodies = farm.bodies_served()
    crawl(crawled["registry"], crawled["archive"])
    stats = last_stats(crawled["archive"])
    state = stats["sites"]["sim-migrated"]
    assert state["status"] == "ok" and state["moved_to"] == farm.sites["migrated-new"].base_url
    assert state["fetched"] == 0 and state["unchanged"] == 6
    assert farm.bodies_served() == bodies
    assert stats["build"]["new"] == 0 and stats["build"]["reports"] == 10


@pytest.mark.parametrize("a, b", [
    ("http://h/col/", "http://h/col/index.html"),
    ("http://h/col/", "http://h/col/index.shtml"),
    ("http://h/col/", "http://h/col/default.htm"),
    ("http://h/a/list.jsp?page=2", "http://h/a/list.jsp?page=2"),
])
def test_page_key_joins_index_and_folder_forms(a, b):
    assert d.page_key(a) == d.page_key(b)


@pytest.mark.parametrize("a, b", [
    ("http://h/col/", "http://h/col/index_1.html"),
    ("http://h/col/", "http://h/col/a/"),
    ("http://h/col/", "http://g/col/index.html"),
    ("http://h/col/index.html?page=2", "http://h/col/"),
    ("http://h/col/myindex.html", "http://h/col/"),
])
def test_page_key_keeps_other_pages_apart(a, b):
    assert d.page_key(a) != d.page_key(b)


START = "http://old.gov.cn/xxgk/nb/"


@pytest.mark.parametrize("chain, reasons, target, moved", [
    ([START], [301], "http://new.gov.cn/xxgk/nb/", True),                      # 域名变更: same path, new host
    ([START], [308], "https://new.gov.cn/xxgk/nb/", True),                     # and to https
    ([START, "http://old.gov.cn/xxgk/nb/index.html"], [302, 301], "http://new.gov.cn/xxgk/nb/index.html", True),
    ([START], [301], "http://new.gov.cn/xxgk/nb/index.html", True),            # the same page in its index form
    ([START], [302], "http://new.gov.cn/xxgk/nb/", False),                     # temporary: not a move
    ([START], [301], "http://new.gov.cn/", False),                             # to a home page: the column is gone
    ([START], [301], "http://other.cn/xxgk/nb/list.html", False),              # another page
    ([START, "http://mid.cn/xxgk/nb/"], [301, 301], "http://new.gov.cn/xxgk/nb/", False),  # hopping across hosts
    ([START], ["meta refresh"], "http://new.gov.cn/xxgk/nb/", False),
])
def test_what_counts_as_a_site_move(chain, reasons, target, moved):
    assert is_site_move(chain, reasons, target) is moved
