"""Flavour S: a 政务公开 platform whose column is filled by JavaScript (issue 17).

The column page `/zwgk/zfxxgknb/index.html` has an empty `<ul id="list">` and an inline script that
fetches `/api/list?page=N` (JSON: `{"total", "pages", "data": [{"title", "url", "date"}]}`), so no
report is linked in its HTML. A page past the last answers `{"data": []}`. A report's detail page
either carries its body or (a PDF report) names its attachment only in an `onclick` handler —
`downloadFile('/files/{rid}.pdf')` on a `javascript:` link, or `window.open('…')` on a span.
The list also names one lookalike (a 报表) that must stay unarchived. `scripted-linked` is the
same platform with the list script linked (`/static/js/nblist.js`), not inline: the column page's
own HTML names no URL of the API at all.
"""

from __future__ import annotations

import json
import re

from simsites import content
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.world import Report

COL = "/zwgk/zfxxgknb/"
API = "/api/list"
LOOKALIKE_PATH = "/zwgk/zfxxgknb/bb2023.html"
LIST_SCRIPT = "/static/js/nblist.js"
LINKED = f'<script type="text/javascript" src="{LIST_SCRIPT}"></script>'


def detail_path(r: Report) -> str:
    return f"{COL}content_{r.rid}.html"


def attachment_path(r: Report) -> str:
    return f"/files/{r.rid}.pdf"


class ScriptedSite(Site):
    flavour = "S"

    def __init__(self, farm, name="scripted", home="S", linked=False):
        super().__init__(farm, name)
        self.per_page = farm.per_page
        self.home, self.linked = home, linked
        self.flavour = home
        self.api_pages_served = 0  # JSON list pages answered with items

    def reports(self) -> list[Report]:
        return self.world.on(self.home)

    def served_bodies(self, r: Report) -> tuple[str, ...]:
        return ("pdf",) if r.body == "pdf" else ("html",)

    def report_urls(self, r: Report) -> list[str]:
        urls = [self.base_url + detail_path(r)]
        return urls + [self.base_url + attachment_path(r)] if r.body == "pdf" else urls

    def lookalike_title(self) -> str:
        return f"{self.reports()[0].agency[:6]}2023年政府网站工作年度报表"

    def items(self) -> list[dict]:
        rows = [{"title": r.title, "url": detail_path(r), "date": r.published} for r in self.reports()]
        rows.insert(len(rows) // 2, {"title": self.lookalike_title(), "url": LOOKALIKE_PATH, "date": "2024-01-05"})
        return rows

    def column(self) -> Response:
        script = "" if self.linked else f"<script>\nvar listApi = \"{API}?page=1\";\n</script>"
        script += ("<script>\nfunction loadList(page){ $.getJSON(listApi.replace(/page=\\d+/, 'page=' + page), function(res){\n"
                   "  var html = '';\n  $.each(res.data, function(i, it){ html += '<li><a href=\"' + it.url + '\">' + it.title + '</a>'"
                   " + '<span>' + it.date + '</span></li>'; });\n  $('#list').html(html); renderPager(res.pages, page); }); }\n"
                   "$(function(){ loadList(1); });\n</script>")
        body = (f'<html><head><meta charset="utf-8"><title>政府信息公开年报</title>'
                f'<script src="/static/js/jquery.min.js"></script>{LINKED if self.linked else ""}</head><body><div class="crumb">'
                f'<a href="/">首页</a> &gt; <a href="{COL}">政府信息公开年报</a></div>'
                f'<ul id="list" class="list"></ul><div id="pager"></div>{script}</body></html>')
        return html(body)

    def api(self, req: Request) -> Response:
        rows = self.items()
        try:
            page = max(int(req.query.get("page") or 1), 1)
        except ValueError:
            page = 1
        pages = max(1, -(-len(rows) // self.per_page))
        chunk = rows[(page - 1) * self.per_page: page * self.per_page]
        if chunk:
            self.api_pages_served += 1
        data = {"code": 200, "total": len(rows), "pages": pages, "data": chunk} if chunk else {"code": 200, "data": []}
        return Response(body=json.dumps(data, ensure_ascii=False).encode("utf-8"), content_type="application/json;charset=UTF-8")

    def detail(self, r: Report) -> Response:
        head = f'<html><head><meta charset="utf-8"><title>{r.title}</title>'
        head += ("<script>function downloadFile(path){ window.location.href = '/download?path=' + encodeURIComponent(path); }"
                 "</script></head><body>")
        info = f'<div class="info">发布机构：{r.agency} 发布日期：{r.published}</div>'
        if r.body == "pdf":
            name = f"{r.title}.pdf"
            if r.rid % 2:
                link = f'<a href="javascript:void(0);" onclick="downloadFile(\'{attachment_path(r)}\')">{name}</a>'
            else:
                link = f'<span class="fj" onclick="window.open(\'{attachment_path(r)}\')">附件：{name}</span>'
            inner = f"<p>{r.title}详见附件。</p><p>{link}</p>"
        else:
            inner = content.body_html(r)
        return html(f"{head}<h1>{r.title}</h1>{info}<div class=\"content\">{inner}</div></body></html>")

    def route(self, req: Request) -> Response:
        p = req.path
        if p == "/robots.txt":
            return Response(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
        if p in (COL, COL + "index.html"):
            return self.column()
        if p == API:
            return self.api(req)
        if p == LIST_SCRIPT and self.linked:
            return Response(body=f"/* 年报列表 */\nvar listApi = '{API}?page=1';\n".encode(), content_type="application/javascript")
        if p == "/static/js/jquery.min.js":
            return Response(body=b"/*! jQuery (stub) */", content_type="application/javascript")
        if p == LOOKALIKE_PATH:
            return html(f"<html><head><title>{self.lookalike_title()}</title></head><body><h1>{self.lookalike_title()}</h1></body></html>")
        if p == "/download":  # what downloadFile() asks for: the file itself
            p = req.query.get("path") or ""
        m = re.fullmatch(rf"{COL}content_(\d+)\.html", p)
        if m:
            r = self.world.by_rid(int(m.group(1)))
            if r is not None and r.site == self.home:
                return self.detail(r)
        m = re.fullmatch(r"/files/(\d+)\.pdf", p)
        if m:
            r = self.world.by_rid(int(m.group(1)))
            if r is not None and r.site == self.home and r.body == "pdf":
                data, _, _ = content.attachment(r, "pdf")
                return Response(body=data, content_type="application/pdf")
        return not_found_page()
