"""Any HTML column (crawler/lists/column.py): report links, lookalikes, sub-columns, pager links,
and the trap that answers a page past the end with the last page again; which reader reads what."""

from __future__ import annotations

import sys
from pathlib import Path

from crawler.items import ReportPart
from crawler.lists import READERS
from crawler.lists.captcha import CaptchaPage
from crawler.lists.column import MAX_HOPS, HtmlColumn
from crawler.lists.gkmlpt import GkmlptApi
from crawler.lists.hanweb import HanwebDatastore
from crawler.lists.jsonlist import JsonList

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from fakes import TRS, list_page, text_response

COLUMN = TRS.rsplit("/", 1)[0] + "/"
PAGE = (f'<a href="./202401/t20240119_1.html">某市司法局2023年政府信息公开工作年度报告</a>'
        f'<a href="./202401/t20240119_2_wap.html">某市统计局2023年政府信息公开工作年度报告</a>'
        f'<a href="./202401/t20240105_900.html">关于印发2023年政府信息公开工作年度报告格式的通知</a>'
        f'<a href="./bmnb/sfj/index.html">市司法局</a>'
        f'<a href="./index_1.html">下一页</a>'
        f'<a href="/xxgk/other/index.html">其他栏目</a>')


def _by_role(out):
    roles: dict[str, list] = {}
    for o in out:
        roles.setdefault("part" if isinstance(o, ReportPart) else o.meta["role"], []).append(o)
    return roles


def test_a_column_page_gives_reports_pages_and_sub_columns_in_scope(spider, session):
    out = _by_role(HtmlColumn(spider).read(list_page(spider, TRS, PAGE)))
    assert [r.url for r in out["page"]] == [COLUMN + "202401/t20240119_1.html", COLUMN + "202401/t20240119_2.html"]
    (wap,) = out["part"]  # the mobile copy: the original is fetched, the copy kept as an alias
    assert (wap.role, wap.via, wap.url, wap.report_key) == ("alias", "wap", COLUMN + "202401/t20240119_2_wap.html",
                                                           COLUMN + "202401/t20240119_2.html")
    assert {(r.url, r.meta["hops"]) for r in out["list"]} == {(COLUMN + "index_1.html", 0), (COLUMN + "bmnb/sfj/index.html", 1)}
    assert session.states["trs"].counters["not_reports"] == 1  # the lookalike (a 通知), counted and left


def test_sub_columns_stop_at_max_hops(spider):
    deep = list_page(spider, COLUMN + "a/b/c/index.html", '<a href="./d/index.html">下级</a>', hops=MAX_HOPS)
    assert list(HtmlColumn(spider).read(deep)) == []


def test_a_page_repeating_one_already_read_ends_the_pagination(spider):
    reader = HtmlColumn(spider)
    list(reader.read(list_page(spider, TRS, PAGE)))
    trap = list_page(spider, COLUMN + "index_9999.html", PAGE.replace("index_1.html", "index_10000.html"))
    out = _by_role(reader.read(trap))
    assert "list" not in out  # same reports as the first page: no further page asked for


def test_each_page_goes_to_its_familys_reader(spider):
    def reader_of(page):
        return type(next(r for r in spider.list_readers if r.matches(page)))

    assert reader_of(list_page(spider, TRS, PAGE)) is HtmlColumn
    assert reader_of(list_page(spider, TRS, "<datastore><recordset></recordset></datastore>")) is HanwebDatastore
    assert reader_of(list_page(spider, TRS, "<p>请输入验证码</p><img src='data:image/png;base64,AAAA'>")) is CaptchaPage
    from crawler.lists.base import ListPage

    gkmlpt = "http://trs.example/gkmlpt/api/all/20765?page=1&sid=1"
    assert reader_of(ListPage(text_response(gkmlpt, '{"articles": []}', site="trs"), "trs")) is GkmlptApi
    assert reader_of(ListPage(text_response(TRS, '{"articles": []}', site="trs"), "trs")) is JsonList  # any other JSON list
    assert READERS[-1] is HtmlColumn  # the fallback reads any HTML column


def test_a_captcha_on_a_list_page_makes_the_site_partial(spider, session):
    session.states["trs"].started = True
    page = list_page(spider, COLUMN + "index_3.html", "<p>请输入验证码</p><img src='data:image/png;base64,AAAA'>")
    assert list(CaptchaPage(spider).read(page)) == []
    assert session.states["trs"].final_status() == "partial" and session.states["trs"].reason == "CAPTCHA on list page"


SCRIPTED = ('<ul id="list"></ul><script>var api = "/api/list?page=1"; var more = "./more/index.html";'
            ' var away = "/other/page.html"; var offsite = "http://elsewhere.example/api/x.do";</script>'
            '<iframe src="/frames/list.jsp?col=3" title="列表"></iframe>'
            '<span onclick="window.open(\'./202401/t20240119_7.html\')">某市审计局2023年政府信息公开工作年度报告</span>')


def test_links_in_scripts_handlers_and_frames_are_read(spider, session):
    out = _by_role(HtmlColumn(spider).read(list_page(spider, TRS, SCRIPTED)))
    assert [r.url for r in out["page"]] == [COLUMN + "202401/t20240119_7.html"]  # the onclick report link
    lists = {r.url: r.meta["hops"] for r in out["list"]}
    # the frame shows the column itself; an endpoint anywhere on the site and a page under the column
    # are a level down; a page outside the column and another host's endpoint are left
    assert lists == {"http://trs.example/frames/list.jsp?col=3": 0, "http://trs.example/api/list?page=1": 1,
                     COLUMN + "more/index.html": 1}


def test_script_links_stop_at_the_deepest_sub_column(spider):
    page = list_page(spider, TRS, SCRIPTED, hops=MAX_HOPS)
    lists = [r.url for r in HtmlColumn(spider).read(page) if not isinstance(r, ReportPart) and r.meta["role"] == "list"]
    assert lists == ["http://trs.example/frames/list.jsp?col=3"]


def test_a_frames_list_outside_the_column_follows_its_own_pager(spider):
    frame = "http://trs.example/module/xxgk/list.jsp?col=nb"
    body = ('<iframe src="rows.jsp?col=nb&amp;page=1"></iframe><a href="list.jsp?col=nb&amp;page=2">2</a>'
            '<a href="/module/other.jsp?col=nb&amp;page=2">2</a><a href="/xxgk/">信息公开</a>')
    lists = [r.url for r in HtmlColumn(spider).read(list_page(spider, frame, body)) if r.meta["role"] == "list"]
    assert lists == ["http://trs.example/module/xxgk/list.jsp?col=nb&page=2", "http://trs.example/module/xxgk/rows.jsp?col=nb&page=1"]


def test_a_column_listing_nothing_has_its_linked_scripts_read(spider):
    empty = '<script src="/static/js/nblist.js"></script><script src="http://cdn.example/jq.js"></script><ul id="list"></ul>'
    column = HtmlColumn(spider)
    (script,) = [r for r in column.read(list_page(spider, TRS, empty)) if r.meta["role"] == "script"]
    assert script.url == "http://trs.example/static/js/nblist.js"  # on the site only
    assert "script" not in _by_role(column.read(list_page(spider, TRS, PAGE + empty)))  # it lists reports
    (api,) = column.read_script("trs", TRS, "var listApi = '/api/list?page=1'; var css = 'a.css';", hops=0)
    assert (api.url, api.meta["role"], api.meta["hops"]) == ("http://trs.example/api/list?page=1", "list", 1)
