"""Guangdong's gkmlpt (政府信息公开目录平台): the column is an SPA shell whose `window._CONFIG`
names the site (SID) and its category tree (TREE); the lists are JSON pages of
`/gkmlpt/api/all/{category}?page=N&sid=…`, each with the category's post count.

GkmlptShell turns the shell into the first API page of every category named like an
annual-report column (never 报表); GkmlptApi reads an API page's articles and, from page 1, asks
for the category's other pages."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit, urlunsplit

from builder.titles import is_report_title
from crawler import discovery as d
from crawler.items import ReportPart
from crawler.lists.base import NOT_JSON, ListPage, ListReader
from crawler.lists.jsonlist import is_json_page

API_PREFIX = "/gkmlpt/api/"


def gkmlpt_config(text: str) -> tuple[str, list] | None:
    """(SID, TREE) from the gkmlpt SPA shell's `window._CONFIG`."""
    if "_CONFIG" not in text:
        return None
    sid = re.search(r"SID\s*:\s*['\"]?(\w+)", text)
    tree = re.search(r"TREE\s*:\s*(\[.*?\])\s*,\s*\n?\s*[A-Z_]+\s*:", text, re.S) or re.search(r"TREE\s*:\s*(\[.*\])", text, re.S)
    if not sid or not tree:
        return None
    try:
        return sid.group(1), json.loads(tree.group(1))
    except ValueError:
        return None


def gkmlpt_report_categories(tree: list) -> list[tuple[int, int]]:
    """(category id, post_count) of the tree nodes named like an annual-report column, never 报表."""
    out = []
    stack = list(tree)
    while stack:
        node = stack.pop()
        name = node.get("name", "")
        if ("年报" in name or "年度报告" in name) and "报表" not in name and not node.get("jump_url"):
            out.append((int(node["id"]), int(node.get("post_count") or 0)))
        stack.extend(node.get("children") or [])
    return sorted(out)


class GkmlptShell(ListReader):
    def matches(self, page: ListPage) -> bool:
        return gkmlpt_config(page.text) is not None

    def read(self, page: ListPage):
        sid_value, tree = gkmlpt_config(page.text)
        base = urlsplit(page.url)
        self.session.scopes[page.site].add(API_PREFIX)
        for cat, _count in gkmlpt_report_categories(tree):
            url = urlunsplit((base.scheme, base.netloc, f"{API_PREFIX}all/{cat}", f"page=1&sid={sid_value}", ""))
            yield from self.lists(page, [url], hops=1, gk_sid=sid_value, gk_cat=cat)


class GkmlptApi(ListReader):
    def matches(self, page: ListPage) -> bool:
        return is_json_page(page) and urlsplit(page.url).path.startswith(API_PREFIX)  # other JSON lists: jsonlist.py

    def read(self, page: ListPage):
        sid = page.site
        state = self.session.states[sid]
        data = self.json_of(page)
        if data is NOT_JSON:
            return
        for art in data.get("articles") or []:
            link = d.Link(page.response.urljoin(art.get("url") or ""), art.get("title") or "")
            if not is_report_title(link.text):
                state.count("not_reports")
                continue
            if art.get("post_url"):  # the same article under its post_… address
                key = self.session.normalize(sid, link.url)
                yield ReportPart(key, d.canonical_url(art["post_url"]), "alias", link.text, sid, "post_url")
            yield from self.spider.report_links(sid, link, page.url)
        query = dict(p.split("=", 1) for p in urlsplit(page.url).query.split("&") if "=" in p)
        count = (data.get("classify") or {}).get("post_count") or data.get("total") or 0
        per_page = len(data.get("articles") or []) or 1
        if int(query.get("page", 1)) == 1 and count:
            last = -(-int(count) // per_page)
            yield from self.lists(page, [re.sub(r"page=\d+", f"page={p}", page.url) for p in range(2, last + 1)], hops=1)
