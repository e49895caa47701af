"""A site's list hints (crawler/lists/hinted.py, registry list_url / item_selector / json_path):
checked when the registry is read, items picked where the hint says in generated list shapes,
the template paged while pages give new items, and only the hinted site read by them."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest

from crawler.items import ReportPart
from crawler.lists.hinted import HintedList, at_path, html_items, list_url
from crawler.registry import load_registry
from gia.errors import GiaError

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from fakes import list_page, text_response

START = "http://hint.example/xxgk/nb/index.html"
TITLES = [f"某区{k}2023年政府信息公开工作年度报告" for k in ("司法局", "统计局", "审计局")]


@pytest.fixture
def registry(tmp_path):
    """The conftest's spider, on a registry of one hinted site and one without hints."""
    path = tmp_path / "sites.toml"
    path.write_text(f'''
[[site]]
id = "hinted"
name = "某区人民政府"
start_url = "{START}"
list_url = "/api/nb/list/{{page}}.json"
json_path = "result.rows"
item_selector = "ul.nb li"
max_pages = 6

[[site]]
id = "plain"
name = "某县人民政府"
start_url = "http://plain.example/xxgk/nb/"
''', encoding="utf-8")
    return path


BAD = {'list_url = "http://elsewhere.example/api/{page}"': "list_url must be on the site's own host",
       'list_url = "ftp://hint.example/x"': "list_url must be on the site's own host",
       'item_selector = "ul..nb li"': "item_selector is not a CSS selector",
       'json_path = "result..rows"': "json_path is keys",
       'json_path = ""': "json_path must be a non-empty string",
       "item_selector = 3": "item_selector must be a non-empty string"}


@pytest.mark.parametrize("line", BAD)
def test_a_hint_that_cannot_work_is_a_one_line_registry_error(tmp_path, line):
    path = tmp_path / "sites.toml"
    path.write_text(f'[[site]]\nname = "某区人民政府"\nstart_url = "{START}"\n{line}\n', encoding="utf-8")
    with pytest.raises(GiaError, match=BAD[line]) as err:
        load_registry(path)
    assert "\n" not in str(err.value)


def test_hints_are_read_into_the_site(registry):
    hinted, plain = load_registry(registry).sites
    assert (hinted.list_url, hinted.json_path, hinted.item_selector) == ("/api/nb/list/{page}.json", "result.rows", "ul.nb li")
    assert hinted.has_list_hints and not plain.has_list_hints
    assert list_url(hinted, 3) == "http://hint.example/api/nb/list/3.json"


@pytest.mark.parametrize("path,value", [("data", [1]), ("data.0", 1), ("a.b.c", "x"), ("a.list.-1.k", "v"), ("a.missing", None),
                                        ("data.5", None), ("a.b.c.d", None)])
def test_a_json_path_names_keys_and_list_indexes(path, value):
    assert at_path({"data": [1], "a": {"b": {"c": "x"}, "list": [{"k": "u"}, {"k": "v"}]}}, path) == value


# how a list item carries its title beside its link: (item HTML with {t} the title, {u} the URL)
ITEMS = {
    "title in a span": '<li><span class="bt">{t}</span><a href="{u}">[查看]</a><span>2024-01-15</span></li>',
    "title attribute": '<li><a href="{u}" title="{t}">{t_short}</a></li>',
    "item title attribute": '<li title="{t}"><a href="{u}">详细</a></li>',
    "title after the link": '<li><a href="{u}">&gt;&gt;</a> <em>{t}</em></li>',
    "handler link": '<li><span>{t}</span><a href="javascript:void(0)" onclick="window.open(\'{u}\')">查看</a></li>',
}
URLS = {"art/1.html": "http://hint.example/xxgk/nb/art/1.html", "/art/1.html": "http://hint.example/art/1.html"}


@pytest.mark.parametrize("shape,url", list(itertools.product(ITEMS, URLS)))
def test_an_item_is_its_first_link_titled_by_its_report_titled_text(shape, url):
    body = ('<html><body><ul class="side"><li><a href="/x.html">' + TITLES[1] + '</a></li></ul><ul class="nb">'
            + ITEMS[shape].format(t=TITLES[0], t_short=TITLES[0][:10] + "…", u=url) + "</ul></body></html>")
    assert [(link.url, link.text) for link in html_items(START, body, "ul.nb li")] == [(URLS[url], TITLES[0])]


def _json(spider, url, rows, **meta):
    from crawler.lists.base import ListPage

    body = json.dumps({"result": {"rows": rows}, "hot": [{"title": TITLES[2], "url": "/zt/hot.html"}]}, ensure_ascii=False)
    return ListPage(text_response(url, body, site="hinted", role="list", **meta), "hinted")


def test_the_template_is_paged_while_pages_list_something_new(spider):
    reader = HintedList(spider)
    rows = [{"docTitle": TITLES[0], "docUrl": "/xxgk/nb/art/1.html"}]
    out = list(reader.read(_json(spider, list_url(spider.session.sites["hinted"], 1), rows, hint_page=1)))
    reports = [r.url for r in out if r.meta["role"] == "page"]
    lists = [(r.url, r.meta["hint_page"]) for r in out if r.meta["role"] == "list"]
    assert reports == ["http://hint.example/xxgk/nb/art/1.html"]  # the rows only: `hot` is outside json_path
    assert lists == [("http://hint.example/api/nb/list/2.json", 2)]
    # page 2 repeats page 1 (an API ignoring the page number), page 3 is empty: both end the list
    assert [r for r in reader.read(_json(spider, list_url(spider.session.sites["hinted"], 2), rows, hint_page=2))
            if r.meta["role"] == "list"] == []
    assert list(reader.read(_json(spider, list_url(spider.session.sites["hinted"], 3), [], hint_page=3))) == []


def test_html_items_are_read_and_the_page_pager_too(spider):
    body = ('<html><body><ul class="nb"><li><span>' + TITLES[0] + '</span><a href="art/1.html">[查看]</a></li></ul>'
            '<a href="index_1.html">下一页</a></body></html>')
    out = list(HintedList(spider).read(list_page(spider, START, body, site="hinted")))
    assert [(r.url, r.meta["title"]) for r in out if not isinstance(r, ReportPart) and r.meta["role"] == "page"] == \
        [("http://hint.example/xxgk/nb/art/1.html", TITLES[0])]
    assert [r.url for r in out if r.meta["role"] == "list"] == ["http://hint.example/xxgk/nb/index_1.html"]


def test_only_the_hinted_site_is_read_by_hints(spider):
    reader = HintedList(spider)
    body = '<html><body><ul class="nb"><li><span>' + TITLES[0] + '</span><a href="art/1.html">[查看]</a></li></ul></body></html>'
    assert reader.matches(list_page(spider, START, body, site="hinted"))
    assert not reader.matches(list_page(spider, "http://plain.example/xxgk/nb/", body, site="plain"))
