"""Hanweb jcms (大汉): a column page carries its first records as `<record><![CDATA[…]]></record>`
inside a `<datastore>` (invisible to an HTML link extractor) and a `var param_{unit} = {…}`
object; the rest come from POSTs to `/module/web/jpage/dataproxy.jsp?startrecord=…&endrecord=…`,
whose answer is the same datastore with a `<totalrecord>`."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from builder.titles import is_report_title
from crawler.discovery import Link
from crawler.lists.base import ListPage, ListReader

DATAPROXY = "/module/web/jpage/dataproxy.jsp"
_CDATA_LINK = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_A_TAG = re.compile(r"<a\s[^>]*?href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.S | re.I)
_TITLE_ATTR = re.compile(r"title=[\"']([^\"']+)[\"']")
_HANWEB_PARAM = re.compile(r"var\s+param_(\w+)\s*=\s*\{(.*?)\}\s*;", re.S)
_TAG = re.compile(r"<[^>]+>")


def hanweb_records(base_url: str, text: str) -> list[Link]:
    """Links inside `<record><![CDATA[…]]></record>` (invisible to an HTML link extractor)."""
    out = []
    for rec in _CDATA_LINK.findall(text):
        m = _A_TAG.search(rec)
        if not m:
            continue
        t = _TITLE_ATTR.search(m.group(0))
        out.append(Link(urljoin(base_url, m.group(1)), (t.group(1) if t else _TAG.sub("", m.group(2))).strip()))
    return out


def hanweb_params(text: str) -> dict | None:
    """The `var param_{unit} = {…}` object that the dataproxy POST needs."""
    m = _HANWEB_PARAM.search(text)
    if not m:
        return None
    params = {}
    for part in m.group(2).split(","):
        k, _, v = part.partition(":")
        if k.strip():
            params[k.strip()] = v.strip().strip("'\"")
    return params


def hanweb_total(text: str) -> int | None:
    m = re.search(r"<totalrecord>\s*(\d+)\s*</totalrecord>", text)
    return int(m.group(1)) if m else None


class HanwebDatastore(ListReader):
    def matches(self, page: ListPage) -> bool:
        return "<datastore" in page.text

    def read(self, page: ListPage):
        sid, text = page.site, page.text
        records = hanweb_records(page.url, text)
        for link in records:
            if is_report_title(link.text):
                yield from self.spider.report_links(sid, link, page.url)
            else:
                self.session.states[sid].count("not_reports")
        params = hanweb_params(text)
        total = hanweb_total(text)
        meta = page.response.meta
        group = meta.get("group") or len(records)
        if params and total is None and records:  # the column page: ask for the next group
            yield from self.dataproxy(page, params, len(records) + 1, group)
        elif total is not None and meta.get("first_proxy"):  # the first group's answer: ask for all the others
            start = meta["endrecord"] + 1
            while start <= total:
                yield from self.dataproxy(page, meta["params"], start, group, first=False)
                start += group

    def dataproxy(self, page: ListPage, params: dict, start: int, group: int, first: bool = True):
        """The POST for records start … start+group-1 (idempotent: the URL names the group)."""
        base = urlsplit(self.session.sites[page.site].start_url)
        url = urlunsplit((base.scheme, base.netloc, DATAPROXY,
                          urlencode({"startrecord": start, "endrecord": start + group - 1, "perpage": max(1, group // 3)}), ""))
        request = self.spider.list_request(page.site, url, referer=page.url, hops=1, group=group, params=params,
                                           endrecord=start + group - 1, first_proxy=first, method="POST", idempotent_post=True)
        if request is not None:
            yield request.replace(body=urlencode(params), headers={**request.headers.to_unicode_dict(),
                                                                   "Content-Type": "application/x-www-form-urlencoded"})
