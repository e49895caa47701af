"""TRS pager scripts (crawler/lists/trs.py): the pages announced only in JavaScript, never the
commented-out stale pager; read as part of an HTML column."""

from __future__ import annotations

import sys
from pathlib import Path

from crawler.lists.column import HtmlColumn
from crawler.lists.trs import js_pager_urls

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from fakes import TRS, list_page

BASE = "http://127.0.0.1:8101/zwgk/zfxxgkndbg/index.html"


def test_trs_pagers_and_the_commented_out_trap():
    text = ('<script language="JavaScript">createPageHTML(6, 0, "index", "html");</script>'
            '<!-- <div class="page"><script>var countPage = 67//共多少页</script></div> -->')
    assert js_pager_urls(BASE, text) == [BASE.replace("index.html", f"index_{n}.html") for n in range(1, 6)]
    inline = "<script>var currentPage = 1;//所在页从0开始\nvar countPage = 3//共多少页</script>"
    assert js_pager_urls(BASE.replace("index.html", "index_1.html"), inline)[-1].endswith("index_2.html")
    six = "<script>createPageHTML('page_div', 3, 1, 'szywlist', 'shtml', 1000)</script>"
    assert js_pager_urls(BASE, six)[-1].endswith("/szywlist_3.shtml")
    assert js_pager_urls(BASE, "<!-- createPageHTML(9, 0, \"index\", \"html\"); -->") == []


def test_a_trs_column_asks_for_every_page_its_script_announces_once(spider):
    page = list_page(spider, TRS, '<ul></ul><script>createPageHTML(3, 0, "index", "html");</script>')
    urls = [r.url for r in HtmlColumn(spider).read(page)]
    assert urls == [TRS.replace("index.html", "index_1.html"), TRS.replace("index.html", "index_2.html")]
    assert [r.url for r in HtmlColumn(spider).read(page)] == []  # asked for already
