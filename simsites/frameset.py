"""Flavour F: an older 信息公开 column built of frames (issue 17).

The registered column page `/xxgk/ndbg/index.html` is a `<frameset>`: a top frame of navigation
and a main frame showing `/module/xxgk/list.jsp?col=ndbg` — outside the column's folder, as such
CMS modules are — whose pages are `…&page=N`. Each list page is itself wrapped: its table of
reports sits in an `<iframe>` (`…/rows.jsp?col=ndbg&page=N`). So no report is linked from
anything but a frame's page.
"""

from __future__ import annotations

import re

from simsites import content
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.world import Report

COL = "/xxgk/ndbg/"
MODULE = "/module/xxgk/"


def detail_path(r: Report) -> str:
    return f"{COL}content/{r.rid}.html"


class FramesetSite(Site):
    flavour = "F"

    def __init__(self, farm, name="frameset"):
        super().__init__(farm, name)
        self.per_page = farm.per_page

    def reports(self) -> list[Report]:
        return self.world.on("F")

    def report_urls(self, r: Report) -> list[str]:
        return [self.base_url + detail_path(r)]

    def pages(self) -> int:
        return max(1, -(-len(self.reports()) // self.per_page))

    def frameset(self) -> Response:
        return html('<html><head><meta charset="utf-8"><title>政府信息公开年度报告</title></head>'
                    '<frameset rows="96,*" frameborder="0"><frame name="top" src="/xxgk/top.html" scrolling="no">'
                    f'<frame name="main" src="{MODULE}list.jsp?col=ndbg"></frameset>'
                    "<noframes><body>您的浏览器不支持框架。</body></noframes></html>")

    def top(self) -> Response:
        return html('<html><body><a href="/" target="_top">首页</a> <a href="/xxgk/" target="_top">信息公开</a></body></html>')

    def list_page(self, page: int) -> Response:
        pager = " ".join(f'<a href="list.jsp?col=ndbg&amp;page={n}">{n}</a>' for n in range(1, self.pages() + 1))
        return html(f'<html><head><meta charset="utf-8"><title>年度报告</title></head><body>'
                    f'<iframe src="rows.jsp?col=ndbg&amp;page={page}" width="100%" height="600" frameborder="0"></iframe>'
                    f'<div class="pager">{pager}</div></body></html>')

    def rows(self, page: int) -> Response:
        chunk = self.reports()[(page - 1) * self.per_page: page * self.per_page]
        rows = "".join(f'<tr><td><a href="{detail_path(r)}" target="_blank">{r.title}</a></td><td>{r.published}</td></tr>' for r in chunk)
        return html(f'<html><head><meta charset="utf-8"></head><body><table class="list">{rows}</table></body></html>')

    def detail(self, r: Report) -> Response:
        return html(f'<html><head><meta charset="utf-8"><title>{r.title}</title></head><body><h1>{r.title}</h1>'
                    f'<div class="content">{content.body_html(r)}</div></body></html>')

    def route(self, req: Request) -> Response:
        p = req.path
        if p == "/robots.txt":
            return Response(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
        if p in (COL, COL + "index.html"):
            return self.frameset()
        if p == "/xxgk/top.html":
            return self.top()
        if p in (MODULE + "list.jsp", MODULE + "rows.jsp") and req.query.get("col") == "ndbg":
            page = int(req.query["page"]) if (req.query.get("page") or "").isdigit() else 1
            if not 1 <= page <= self.pages():
                return not_found_page()
            return self.list_page(page) if p.endswith("list.jsp") else self.rows(page)
        m = re.fullmatch(rf"{COL}content/(\d+)\.html", p)
        if m:
            r = self.world.by_rid(int(m.group(1)))
            if r is not None and r.site == "F":
                return self.detail(r)
        return not_found_page()
