"""gkmlpt: the SPA shell's categories, then the JSON API pages (crawler/lists/gkmlpt.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scrapy.http import TextResponse

from crawler.items import ReportPart
from crawler.lists.base import ListPage
from crawler.lists.gkmlpt import GkmlptApi, GkmlptShell, gkmlpt_config, gkmlpt_report_categories

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from fakes import OTHER, list_page, text_response

SHELL = ("<script>window._CONFIG = { SID: '755041', TREE: [{\"id\":20760,\"name\":\"政府信息公开\",\"children\":["
         "{\"id\":20765,\"name\":\"政府信息公开年报\",\"post_count\":23,\"children\":[]},"
         "{\"id\":20766,\"name\":\"政府网站工作年度报表\",\"post_count\":6,\"children\":[]},"
         "{\"id\":20790,\"name\":\"部门文件\",\"jump_url\":\"http://x/\"}]}],\n SERVICE_AREA_ID: 440310 };</script>")


def test_gkmlpt_config_picks_the_annual_report_category_not_the_statistics_one():
    sid, tree = gkmlpt_config(SHELL)
    assert sid == "755041" and gkmlpt_report_categories(tree) == [(20765, 23)]


def test_the_shell_asks_for_the_first_api_page_of_each_report_category(spider, session):
    page = list_page(spider, "http://other.example/gkmlpt/index", SHELL, site="other")
    (request,) = GkmlptShell(spider).read(page)
    assert request.url == "http://other.example/gkmlpt/api/all/20765?page=1&sid=755041"
    assert session.in_scope("other", request.url)


def test_an_api_page_gives_its_reports_the_post_url_aliases_and_the_other_pages(spider):
    articles = [{"url": f"https://other.example/gkmlpt/content/1/1/post_{i}.html", "title": f"某区{i}局2023年政府信息公开工作年度报告",
                 "post_url": f"http://other.example/xxgk/post_{i}.html" if i == 1 else ""} for i in range(1, 4)]
    articles.append({"url": "/gkmlpt/content/1/1/post_9.html", "title": "某区2023年政府网站工作年度报表"})
    body = json.dumps({"classify": {"id": 20765, "post_count": 10}, "articles": articles}, ensure_ascii=False)
    url = "http://other.example/gkmlpt/api/all/20765?page=1&sid=755041"
    page = ListPage(text_response(url, body, site="other", role="list"), "other")
    assert GkmlptApi(spider).matches(page)
    out = list(GkmlptApi(spider).read(page))
    (alias,) = [o for o in out if isinstance(o, ReportPart)]
    assert (alias.role, alias.via, alias.url) == ("alias", "post_url", "http://other.example/xxgk/post_1.html")
    reports = [o.url for o in out if not isinstance(o, ReportPart) and o.meta["role"] == "page"]
    assert reports == [a["url"].replace("https:", "http:") for a in articles[:3]]  # https links to an http-only site: http
    assert alias.report_key == reports[0]
    pages = [o.url for o in out if not isinstance(o, ReportPart) and o.meta["role"] == "list"]
    assert pages == [url.replace("page=1", f"page={n}") for n in (2, 3)]  # 10 posts, 4 on this page
    assert spider.session.states["other"].counters["not_reports"] == 1


def test_a_broken_api_page_is_counted(spider):
    page = ListPage(text_response("http://other.example/gkmlpt/api/all/1?page=1", "{oops", site="other"), "other")
    assert list(GkmlptApi(spider).read(page)) == []
    assert spider.session.states["other"].counters["bad_json"] == 1
    assert isinstance(page.response, TextResponse)
