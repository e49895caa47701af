"""ASP.NET WebForms postback pagers (crawler/lists/webforms.py) on generated pages: the call forms
and quotings ASP.NET renders, which postbacks page a list, the form a postback submits, and the
bounds — a postback sent once, a page read twice ending its pagination, the page budget."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from crawler.lists.column import HtmlColumn
from crawler.lists.webforms import Postback, postback_form, postbacks

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from fakes import TRS, list_page, response

TARGETS = ["GridView1", "ctl00$ContentPlaceHolder1$gvList", "ctl00$cph$AspNetPager1"]
# how a postback call is written in a page: (template, what it is)
CALLS = {
    "href, &#39;": 'href="javascript:__doPostBack(&#39;{t}&#39;,&#39;{a}&#39;)"',
    "href, '": "href=\"javascript:__doPostBack('{t}','{a}')\"",
    'href, "': "href='javascript:__doPostBack(\"{t}\",\"{a}\")'",
    "onclick": "href=\"#\" onclick=\"__doPostBack('{t}','{a}');return false;\"",
    "with options": ('href="javascript:WebForm_DoPostBackWithOptions(new WebForm_PostBackOptions(&quot;{t}&quot;, '
                     '&quot;{a}&quot;, true, &quot;&quot;, &quot;&quot;, false, true))"'),
}
# (argument, link text) -> pages the list? names one page wherever it is found?
PAGERS = {("Page$2", "2"): (True, True), ("Page$Next", "下一页"): (True, False), ("Page$Last", "尾页"): (True, True),
          ("Page$First", "首页"): (True, True), ("Page$12", "..."): (True, True), ("3", "3"): (True, True),
          ("", "下一页"): (True, False), ("", "尾页"): (True, True), ("", "4"): (True, False),
          ("Sort$Title", "标题"): (False, False), ("Select$0", "2"): (False, False), ("", "查询"): (False, False)}

FORM = ('<form method="post" action="./List.aspx?col=nb" id="form1"><input type="hidden" name="__EVENTTARGET" value="" />'
        '<input type="hidden" name="__EVENTARGUMENT" value="" /><input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY1" />'
        '<input type="hidden" name="__EVENTVALIDATION" value="/wEdAAK" /><input name="txtKey" type="text" value="" />'
        '<input type="submit" name="btnSearch" value="搜索" />{links}</form>')
REPORT = '<a href="Detail.aspx?id={n}">某区司法局{y}年政府信息公开工作年度报告</a>'


def page(links: str, reports: str = "") -> str:
    return f"<html><body>{FORM.format(links=reports + links)}<script>function __doPostBack(t,a){{}}</script></body></html>"


@pytest.mark.parametrize("call,target,pager", list(itertools.product(CALLS, TARGETS, PAGERS)))
def test_every_call_form_is_read_with_its_target_argument_and_text(call, target, pager):
    argument, text = pager
    link = f"<a {CALLS[call].format(t=target, a=argument)}>{text}</a>"
    (found,) = postbacks(page(link))
    assert found == Postback(target, argument, text)
    assert (found.pages_list, found.names_a_page) == PAGERS[pager]


def test_a_page_without_postbacks_has_none_and_one_call_linked_twice_is_one_postback():
    assert postbacks(page('<a href="List.aspx?page=2">2</a>')) == []
    twice = "<a href=\"javascript:__doPostBack('gv','Page$2')\">2</a>" * 2
    assert len(postbacks(page(twice))) == 1
    assert postbacks(page("<!-- <a href=\"javascript:__doPostBack('gv','Page$9')\">9</a> -->")) == []


def test_the_form_is_submitted_as_by_script_with_every_field_and_no_button():
    url = "http://trs.example/zwgk/zfxxgkndbg/List.aspx?col=nb"
    request = postback_form(response(url, page("")), Postback("ctl00$cph$gv", "Page$3", "3"), headers={"Referer": url})
    assert (request.method, request.url) == ("POST", url)
    assert request.headers["Content-Type"] == b"application/x-www-form-urlencoded" and request.headers["Referer"] == url.encode()
    form = parse_qs(request.body.decode(), keep_blank_values=True)
    assert form == {"__EVENTTARGET": ["ctl00$cph$gv"], "__EVENTARGUMENT": ["Page$3"], "__VIEWSTATE": ["/wEPDwUKMTY1"],
                    "__EVENTVALIDATION": ["/wEdAAK"], "txtKey": [""]}


def test_a_page_without_a_form_gives_no_request():
    assert postback_form(response(TRS, "<a href=\"javascript:__doPostBack('gv','Page$2')\">2</a>"), Postback("gv", "Page$2", "2")) is None


def _posts(reader, spider, body):
    return [r for r in reader.read(list_page(spider, TRS, body)) if getattr(r, "method", "") == "POST"]


def _pager(*args):
    return "".join(f"<a href=\"javascript:__doPostBack('gv','{a}')\">{a.removeprefix('Page$')}</a>" for a in args)


def test_a_column_posts_each_pager_postback_once_and_leaves_the_others(spider):
    reader = HtmlColumn(spider)
    first = _posts(reader, spider, page(_pager("Page$2", "Page$3", "Sort$Title"), REPORT.format(n=1, y=2023)))
    assert [parse_qs(r.body.decode())["__EVENTARGUMENT"] for r in first] == [["Page$2"], ["Page$3"]]
    assert all(r.meta["role"] == "list" and r.meta["site"] == "trs" for r in first)
    # page 2 links pages 1 and 3: page 3 was posted for already, page 1 is new
    second = _posts(reader, spider, page(_pager("Page$1", "Page$3"), REPORT.format(n=2, y=2022)))
    assert [parse_qs(r.body.decode())["__EVENTARGUMENT"] for r in second] == [["Page$1"]]


def test_a_relative_step_is_posted_once_per_page_content(spider):
    reader = HtmlColumn(spider)
    step = "<a href=\"javascript:__doPostBack('lbtnNext','')\">下一页</a>"
    assert len(_posts(reader, spider, page(step, REPORT.format(n=1, y=2023)))) == 1
    assert len(_posts(reader, spider, page(step, REPORT.format(n=2, y=2022)))) == 1  # the next page's 下一页
    # a server answering 下一页 with the page already read (an endless or stuck pager): it ends there
    assert _posts(reader, spider, page(step, REPORT.format(n=2, y=2022))) == []
    assert spider.session.states["trs"].counters.get("same_postback", 0) == 0


def test_postback_pages_stay_within_the_site_page_budget(spider, session):
    from scrapy.exceptions import IgnoreRequest

    from crawler.middlewares.siteguard import SiteGuardMiddleware

    guard = SiteGuardMiddleware(session)
    reader, admitted = HtmlColumn(spider), 0
    for n in range(1, 20):  # an endless pager: every page a new report and a next page
        for request in _posts(reader, spider, page(_pager(f"Page${n + 1}"), REPORT.format(n=n, y=2000 + n))):
            try:
                guard._check(request)
                admitted += 1
            except IgnoreRequest:
                pass
    assert admitted == session.sites["trs"].max_pages  # max_pages = 5 in the test registry
