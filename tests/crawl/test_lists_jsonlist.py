"""JSON list endpoints (crawler/lists/jsonlist.py) on generated bodies: items in the shapes APIs
use, their titles and dates, the page parameter's spellings, and the bounds of the pagination."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest

from crawler.lists.base import ListPage
from crawler.lists.jsonlist import PAGE_PARAMS, JsonItems, JsonList, JsonPager

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from fakes import text_response

API = "http://other.example/api/list"
TITLES = [f"某区{k}2023年政府信息公开工作年度报告" for k in ("司法局", "统计局", "审计局")]
# how an API names an item's fields: (title key, url key, date key)
FIELDS = [("title", "url", "date"), ("name", "link", "publishTime"), ("docTitle", "docUrl", "pubDate"),
          ("subject", "href", "created_at"), ("bt", "path", "fbrq"), ("text", "detailUrl", "releaseDate")]
URL_FORMS = {"/zwgk/nb/t1.html": "http://other.example/zwgk/nb/t1.html",
             "http://other.example/zwgk/nb/t1.html": "http://other.example/zwgk/nb/t1.html",
             "./detail?id=1": "http://other.example/api/detail?id=1", "../content/1.shtml": "http://other.example/content/1.shtml"}
WRAPPERS = [lambda rows: {"data": rows}, lambda rows: {"code": 0, "data": {"list": rows, "total": 3}},
            lambda rows: rows, lambda rows: {"result": {"records": rows}}, lambda rows: {"rows": rows, "msg": "ok"}]


@pytest.mark.parametrize("fields,url,wrap", list(itertools.product(FIELDS, URL_FORMS, WRAPPERS)))
def test_every_object_with_a_url_is_an_item_with_its_title_and_date(fields, url, wrap):
    tkey, ukey, dkey = fields
    rows = [{"id": 7, tkey: TITLES[0], ukey: url, dkey: "2024-01-15 10:02:11", "views": "12"}]
    (item,) = JsonItems.items(API + "?page=1", wrap(rows))
    assert (item.url, item.title, item.date) == (URL_FORMS[url], TITLES[0], "2024-01-15")


def test_attachments_nested_under_an_item_go_with_it():
    rows = [{"title": TITLES[0], "url": "/zwgk/t1.html", "attachments": [{"name": "附件.pdf", "url": "/files/1.pdf"}]},
            {"title": TITLES[1], "fileUrl": "/files/2.pdf", "url": "/zwgk/t2.html"}]
    items = JsonItems.items(API, {"data": rows})
    assert [(i.url, i.files) for i in items] == [("http://other.example/zwgk/t1.html", ["http://other.example/files/1.pdf"]),
                                                 ("http://other.example/zwgk/t2.html", ["http://other.example/files/2.pdf"])]


def test_an_item_that_is_only_a_file_links_the_file():
    (item,) = JsonItems.items(API, [{"title": TITLES[0], "fileUrl": "/files/1.pdf", "date": "2024/01/15"}])
    assert item.url == "http://other.example/files/1.pdf" and item.files == [] and item.date == "2024/01/15"


@pytest.mark.parametrize("value", ["2024-01-15", "已发布", "12", "text/html", "a/b", "// not a url", "/ x.html", ""])
def test_strings_that_are_not_urls_make_no_item(value):
    assert JsonItems.items(API, {"data": [{"title": TITLES[0], "status": value}]}) == []


@pytest.mark.parametrize("param", PAGE_PARAMS)
def test_the_page_parameter_in_its_spellings(param):
    url = f"{API}?channel=nb&{param}=1"
    assert JsonPager.page_param(url) == (param, 1)
    assert JsonPager.next_pages(url, {"data": []}, 10) == [f"{API}?channel=nb&{param}=2"]  # no total: one page on
    assert JsonPager.next_pages(f"{API}?channel=nb&{param}=4", {}, 10) == [f"{API}?channel=nb&{param}=5"]


@pytest.mark.parametrize("body,per_page,last", [
    ({"pages": 4}, 10, 4), ({"totalPage": "3"}, 10, 3), ({"data": {"pageCount": 5, "list": []}}, 10, 5),
    ({"total": 25}, 10, 3), ({"totalCount": 20}, 10, 2), ({"data": {"recordsTotal": 7}}, 3, 3), ({"total": 1}, 1, 1),
])
def test_the_last_page_from_a_pages_field_or_a_count(body, per_page, last):
    assert JsonPager.last_page(body, per_page) == last
    pages = JsonPager.next_pages(API + "?page=1", body, per_page)
    assert pages == [f"{API}?page={n}" for n in range(2, last + 1)]
    assert JsonPager.next_pages(API + "?page=2", body, per_page) == []  # page 1 asked for them all


def test_a_url_without_a_page_parameter_is_page_one_and_an_empty_page_ends_the_list():
    assert JsonPager.page_param(API) == ("page", 1)
    assert JsonPager.next_pages(API + "?page=", {"pages": 2}, 8) == [API + "?page=2"]  # `"…?page=" + n` in a script
    assert JsonPager.next_pages(API + "?col=3", {"total": 16}, 8) == [API + "?col=3&page=2"]
    assert JsonPager.next_pages(API + "?page=7", {"data": []}, 0) == []


def _page(url: str, body) -> ListPage:
    return ListPage(text_response(url, json.dumps(body, ensure_ascii=False), site="other", role="list"), "other")


def test_a_json_page_gives_its_reports_files_and_other_pages_and_counts_the_rest(spider):
    rows = [{"title": t, "url": f"/xxgk/nb/t{i}.html", "date": "2024-01-15"} for i, t in enumerate(TITLES)]
    rows[0]["fileUrl"] = "/files/0.pdf"
    rows.append({"title": "某区2023年政府网站工作年度报表", "url": "/xxgk/nb/bb.html"})
    out = list(JsonList(spider).read(_page(API + "?page=1", {"total": 12, "pages": 3, "data": rows})))
    by_role = {role: [o.url for o in out if o.meta["role"] == role] for role in ("page", "file", "list")}
    assert by_role["page"] == [f"http://other.example/xxgk/nb/t{i}.html" for i in range(3)]
    assert by_role["file"] == ["http://other.example/files/0.pdf"]
    assert [o.meta["report_key"] for o in out if o.meta["role"] == "file"] == ["http://other.example/xxgk/nb/t0.html"]
    assert by_role["list"] == [API + "?page=2", API + "?page=3"]
    assert spider.session.states["other"].counters["not_reports"] == 1


def test_an_api_that_ignores_the_page_number_ends_its_pagination(spider):
    reader = JsonList(spider)
    rows = [{"title": TITLES[0], "url": "/xxgk/nb/t0.html"}]
    assert [o.url for o in reader.read(_page(API + "?page=1", {"data": rows}))][-1] == API + "?page=2"
    assert list(reader.read(_page(API + "?page=2", {"data": rows}))) == []  # the same items again: no page 3


def test_a_broken_json_page_is_counted(spider):
    page = ListPage(text_response(API + "?page=1", '{"data": [', site="other"), "other")
    assert JsonList(spider).matches(page) and list(JsonList(spider).read(page)) == []
    assert spider.session.states["other"].counters["bad_json"] == 1


def test_a_next_page_url_in_the_body_is_a_page_of_the_list(spider):
    body = {"msg": "ok", "next": "/api/list?page=2", "data": [{"title": TITLES[0], "url": "/xxgk/nb/t0.html"}]}
    out = list(JsonList(spider).read(_page(API + "?page=1", body)))
    assert [o.url for o in out if o.meta["role"] == "list"] == [API + "?page=2"]  # named once: by the body and by the pager
    assert spider.session.states["other"].counters["not_reports"] == 0
