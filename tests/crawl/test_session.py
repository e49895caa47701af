"""The crawl's shared state: which site a URL belongs to, its scope, and a site that moved."""

from __future__ import annotations

from scrapy import Request

from crawler.session import CrawlSession


def test_the_spider_exposes_its_session_and_nothing_called_state(spider, scrapy_crawler):
    assert CrawlSession.of(scrapy_crawler) is spider.session
    assert not hasattr(spider, "state")  # Scrapy's SpiderState (JOBDIR) sets spider.state = {}: never ours


def test_a_request_belongs_to_its_site_by_meta_or_host(session):
    assert session.site_of(Request("http://anything.example/", meta={"site": "other"})) == "other"
    request = Request("http://trs.example/robots.txt")
    assert session.site_of(request) == "trs" and request.meta["site"] == "trs"
    assert session.site_of(Request("http://elsewhere.example/")) is None


def test_scope_is_the_column_folder_on_the_sites_hosts(session):
    assert session.in_scope("trs", "http://trs.example/zwgk/zfxxgkndbg/index_1.html")
    assert not session.in_scope("trs", "http://trs.example/xxgk/other/")
    assert session.on_site("trs", "http://trs.example/xxgk/other/")
    assert not session.on_site("trs", "http://other.example/xxgk/nb/")


def test_https_links_to_an_http_only_site_fall_back_to_http(session):
    assert session.normalize("trs", "https://trs.example/zwgk/a.html;jsessionid=1#x") == "http://trs.example/zwgk/a.html"
    assert session.normalize("trs", "https://cdn.example/a.html") == "https://cdn.example/a.html"


def test_a_permanent_redirect_of_the_start_url_to_the_same_path_moves_the_site(session):
    start = "http://trs.example/zwgk/zfxxgkndbg/index.html"
    moved = Request("http://new.example/zwgk/zfxxgkndbg/index.html",
                    meta={"start": True, "redirect_urls": [start], "redirect_reasons": [301]})
    assert session.follow_move("trs", moved)
    assert session.sites["trs"].netloc == "new.example" and session.site_by_netloc["new.example"] == "trs"
    assert session.on_site("trs", "http://trs.example/x") and session.on_site("trs", "http://new.example/x")
    assert session.states["trs"].moved_to == "http://new.example"
    elsewhere = Request("http://portal.example/", meta={"start": True, "redirect_urls": [start], "redirect_reasons": [302]})
    assert not session.follow_move("other", elsewhere)
