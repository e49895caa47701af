"""A TRS-style county portal full of traps (gov_sites.md §6.7 "crawl traps", "dead attachment",
"duplicates"; §6.1 encoding), served in the "faults" profile.

* **Pager trap.** The list shows `per_page` reports a page at `index.html`, `index_1.html` …, with
  only 下一页 (never a page count) and a 尾页 link to `index_9999.html`. Every `index_N` past the
  last answers 200 with the last page again, 下一页 included: a crawler that does not notice the
  repetition pages for ever. `list_hits` counts the list pages served.
* **Dead attachments**, one report each: an attachment `href` that answers 404; a `.pdf` that
  answers 200 `text/html` (an error page); an `OLDSRC` path that is dead while the `href` works.
* **Republication.** The newest report is listed a second time, republished years later under a
  new URL (a new date and id in the path), with a new 发布日期: one report, two URLs.
* **Encoding.** Pages are GB18030 bytes with `<meta … charset=gb2312>` and no charset header, and
  carry characters outside GB2312 (王喆, 堃, 镕) and one outside GBK too (䶮, four bytes in GB18030).
* Links carry `;jsessionid=…` session ids, which must be canonicalised away.
* **A long redirect chain.** The first page also lists an old report (not in the manifest) whose
  link 302s through `CHAIN_HOPS` pages before any content: a crawler caps the hops (≤5).
"""

from __future__ import annotations

import html as _html
import re
from collections import Counter

from simsites import content
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.world import Report

COL = "/xxgk/gkndbg"
RARE = "（联系人：王喆、刘䶮；地址：堃镕路8号）"   # 喆堃镕 outside GB2312, 䶮 outside GBK as well
GB18030_ONLY = "䶮"
FAULTS = ("republished", "dead_href", "pdf_html", "oldsrc")   # by position in the list, newest first
TRAP_PAGE = 9999
CHAIN_TITLE = "南宁市良庆区档案局2013年政府信息公开工作年度报告"
CHAIN_HOPS = 8
SESSION = ";jsessionid=0A1B2C3D"


def _ymd(date: str) -> tuple[str, str]:
    d = date.replace("-", "")
    return d[:6], d


def detail_path(r: Report, republished: bool = False) -> str:
    if republished:  # years later, under a new date and a new id: the URL's date is not the publication date
        return f"{COL}/202006/t20200617_{r.rid + 1}.html"
    ym, d = _ymd(r.published)
    return f"{COL}/{ym}/t{d}_{r.rid}.html"


def attachment_path(r: Report) -> str:
    ym, d = _ymd(r.published)
    return f"{COL}/{ym}/P0{d}{r.rid}.pdf"


def oldsrc_path(r: Report) -> str:
    ym, d = _ymd(r.published)
    return f"/protect/P0{ym}/P0{d}/P0{d}{r.rid}.pdf"


class TrapSite(Site):
    flavour = "Q"
    encoding = "gb18030"

    def __init__(self, farm, name="traps", per_page: int = 2):
        super().__init__(farm, name)
        self.per_page = per_page
        self.list_hits: Counter = Counter()   # list page number served (past-the-end numbers included)
        self.chain_hits: Counter = Counter()  # hop number of the redirect chain served

    def reports(self) -> list[Report]:
        return self.world.on("Q")

    def fault_of(self, r: Report) -> str | None:
        i = self.reports().index(r)
        return FAULTS[i] if i < len(FAULTS) else None

    def served_bodies(self, r: Report) -> tuple[str, ...]:
        fault = self.fault_of(r)
        if fault == "oldsrc":
            return ("pdf",)
        return () if fault in ("dead_href", "pdf_html") else ("html",)

    def pages(self) -> int:
        return max(1, -(-len(self.rows()) // self.per_page))

    def rows(self) -> list[tuple[str, str]]:
        rows = [(r.title, detail_path(r)) for r in self.reports()]
        newest = self.reports()[0]
        rows.append((newest.title, detail_path(newest, republished=True)))  # the republication, listed last (oldest date)
        return rows

    def report_urls(self, r: Report) -> list[str]:
        urls = [self.base_url + detail_path(r)]
        fault = self.fault_of(r)
        if fault == "republished":
            urls.append(self.base_url + detail_path(r, republished=True))
        elif fault in ("dead_href", "pdf_html", "oldsrc"):  # the attachment is provenance even when it failed
            urls.append(self.base_url + attachment_path(r))
        return urls

    def page(self, title: str, body: str) -> Response:
        text = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
                f"<title>{_html.escape(title)}</title></head><body>{body}</body></html>")
        return html(text, encoding=self.encoding, content_type="text/html")

    def list_page(self, n: int) -> Response:
        self.list_hits[n] += 1
        last = self.pages() - 1
        chunk = self.rows()[min(n, last) * self.per_page:(min(n, last) + 1) * self.per_page]  # past the end: the last page
        items = "".join(f'<li><a href=".{href[len(COL):]}{SESSION}" title="{_html.escape(t)}">{_html.escape(t)}</a></li>'
                        for t, href in chunk)
        if n == 0:
            items += f'<li><a href="./chain_0.html" title="{CHAIN_TITLE}">{CHAIN_TITLE}</a></li>'
        pager = f'<a href="index_{n + 1}.html{SESSION}">下一页</a> <a href="index_{TRAP_PAGE}.html">尾页</a>'
        return self.page("政府信息公开年度报告", f'<ul class="list">{items}</ul><div class="page">{pager}</div>')

    def detail(self, r: Report, republished: bool = False) -> Response:
        fault = self.fault_of(r)
        date = "2020-06-17" if republished else r.published
        box = f'<table class="xxgk_table"><tr><td>发布机构：</td><td>{r.agency}</td><td>发布日期：</td><td>{date}</td></tr></table>'
        name = attachment_path(r).rsplit("/", 1)[1]
        if fault in ("dead_href", "pdf_html"):
            inner = f'<p>{r.title}详见附件。</p><p><a href="./{name}">{r.title}.pdf</a></p>'
        elif fault == "oldsrc":
            inner = (f'<p>{r.title}详见附件。</p><p class="insertfileTag"><a appendix="true" href="./{name}" '
                     f'OLDSRC="{oldsrc_path(r)}" title="附件.pdf">{r.title}.pdf</a></p>')
        else:
            inner = content.body_html(r)
        return self.page(r.title, f'{box}<div class="TRS_Editor"><p>{r.title}</p>{inner}<p>{RARE}</p></div>')

    def route(self, req: Request) -> Response:
        p = req.path
        if p == "/robots.txt":
            return not_found_page()
        p = re.sub(r";jsessionid=[^/?]*$", "", p)  # servlet containers take the session id off the path
        if p in (f"{COL}/", f"{COL}/index.html"):
            return self.list_page(0)
        m = re.fullmatch(rf"{COL}/index_(\d+)\.html", p)
        if m:
            return self.list_page(int(m.group(1)))
        m = re.fullmatch(rf"{COL}/chain_(\d+)\.html", p)
        if m:
            hop = int(m.group(1))
            self.chain_hits[hop] += 1
            if hop < CHAIN_HOPS:
                return Response(302, b"", "text/html", headers=[("Location", f"chain_{hop + 1}.html")], cacheable=False)
            return self.page(CHAIN_TITLE, f"<p>{CHAIN_TITLE}</p><p>本机关2013年度主动公开政府信息120条。</p>")
        for r in self.reports():
            fault = self.fault_of(r)
            if p == detail_path(r):
                return self.detail(r)
            if fault == "republished" and p == detail_path(r, republished=True):
                return self.detail(r, republished=True)
            if p == attachment_path(r):
                if fault == "dead_href":
                    return not_found_page()
                if fault == "pdf_html":
                    return html("<html><head><title>错误</title></head><body><h1>文件不存在或已被删除</h1></body></html>")
                if fault == "oldsrc":
                    data, media, _ = content.attachment(r, "pdf")
                    return Response(body=data, content_type=media)
        return not_found_page()
