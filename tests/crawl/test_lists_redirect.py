"""Pages that only send the browser on (crawler/lists/redirect.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from crawler.lists import READERS
from crawler.lists.redirect import RedirectPage, redirect_target

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from fakes import TRS, list_page


def test_redirect_pages():
    meta = '<html><head><meta http-equiv="refresh" content="0; url=../zfxxgkndbg/index.html"></head></html>'
    assert redirect_target("http://h/zwgk/nb/index.html", meta) == "http://h/zwgk/zfxxgkndbg/index.html"
    js = '<script>window.location.href="./index.html";</script>'
    assert redirect_target("http://h/zwgk/a/", js) == "http://h/zwgk/a/index.html"
    gov404 = "<p>页面不存在 … 3秒后返回首页</p><script>setTimeout(function(){location.href='/'},3000)</script>"
    assert redirect_target("http://h/x.html", gov404) is None  # never follow the 404's JS to the home page


def test_the_target_is_followed_in_scope_and_kept_as_evidence(spider, session):
    page = list_page(spider, TRS, '<html><head><meta http-equiv="refresh" content="0;url=/xxgk/nb/list.html"></head></html>')
    reader = next(r for r in spider.list_readers if r.matches(page))
    assert isinstance(reader, RedirectPage) and READERS.index(RedirectPage) < len(READERS) - 1
    (request,) = reader.read(page)
    assert request.url == "http://trs.example/xxgk/nb/list.html" and request.meta["role"] == "list"
    assert "/xxgk/nb/" in session.scopes["trs"]
    assert session.states["trs"].redirects == [{"url": TRS, "to": request.url, "how": "meta refresh"}]
