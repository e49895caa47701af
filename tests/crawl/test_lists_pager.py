"""Pager links (crawler/lists/pager.py): words, numbers, static page names, page parameters —
and the 博达 (VSB) countdown pager, whose file numbers count down from the newest page."""

from __future__ import annotations

import pytest

from crawler.discovery import Link
from crawler.lists.pager import is_pager_link

BASE = "http://h/zfxxgk/zfxxgknb.htm"


@pytest.mark.parametrize("url, text", [
    ("http://h/zfxxgk/zfxxgknb/12.htm", "下一页"),   # 博达 countdown: the newest page is the highest number
    ("http://h/zfxxgk/zfxxgknb/1.htm", "尾页"),
    ("http://h/zfxxgk/zfxxgknb/11.htm", "2"),
    ("http://h/col/index_3.html", "…"),
    ("http://h/col/list_2.shtml", "更多"),
    ("http://h/col/list.jsp?pageindex=4", "›"),
    ("http://h/col/", "下一頁"),
])
def test_pager_links(url, text):
    assert is_pager_link(Link(url, text), BASE)


@pytest.mark.parametrize("url, text", [
    ("http://h/zfxxgk/zfxxgknb/12.htm", "某局2023年政府信息公开工作年度报告"),
    ("http://h/col/bmnb/sfj/index.html", "市司法局"),
    ("http://h/col/index.html?id=3", "首页x"),
])
def test_other_links_are_not_pagers(url, text):
    assert not is_pager_link(Link(url, text), BASE)
