"""Pager links: the list pages an HTML column links to as pages of itself.

By their words (下一页, 尾页, 上一页 …, also in traditional characters and as arrows), by a bare page
number as the link text, or by the URL: TRS static pages (`index_3.html`, `list_2.shtml`) and
page parameters (`?page=3`, `pageindex`, `currpage`, `pagenum`). This is also how a 博达 (VSB)
countdown pager is read: its pages are `zfxxgknb/12.htm` … `zfxxgknb/1.htm` counting *down* from
the newest, so nothing in the path says "page" — the link words and numbers do."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.discovery import Link

PAGER_WORDS = {"下一页", "下页", "尾页", "末页", "上一页", "上页", "首页", ">", "»", "下一頁", "尾頁"}
_STATIC_PAGE = re.compile(r"(index|list)_\d+\.s?html?$")
_PAGE_PARAM = re.compile(r"(^|&)(page|pageindex|currpage|pagenum)=\d+", re.I)


def is_pager_link(link: Link, base_url: str) -> bool:
    text = link.text.strip()
    if text in PAGER_WORDS or text.isdigit():
        return True
    parts = urlsplit(link.url)
    return bool(_STATIC_PAGE.search(parts.path) or _PAGE_PARAM.search(parts.query))
