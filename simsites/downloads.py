"""Flavour D: a column whose reports are download endpoints, served as such servers send files (issue 17).

The column `/zfxxgk/ndbg/index.html` (then `index_1.html` …, 下一页 links) links each report
straight to its file, the link text the report's title — through an endpoint with no file name in
the URL: `/attach/download.do?fileId={rid}` or `/servlet/GetFile?id={rid}`. Every file comes as
`application/octet-stream` (or `application/x-msdownload`), whatever it is (PDF or DOCX: the
bytes say), named by Content-Disposition in one of the forms servers use (FORMS, by report):
RFC 5987 `filename*=UTF-8''…`, raw GBK bytes, percent-encoded GBK, raw UTF-8 bytes, or a plain
ASCII storage name (`W020240115{rid}.pdf`) that names nothing. Some files print no title at all:
the link text is the only title they have. The server refuses HEAD (405, `Allow: GET, POST`) on
every path, as many download servlets do. The list also names one lookalike (a 报表).
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from urllib.parse import quote

from simsites import content
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.world import Report

COL = "/zfxxgk/ndbg/"
ENDPOINTS = ("/attach/download.do?fileId={rid}", "/servlet/GetFile?id={rid}")
LOOKALIKE_ID = 7
# how the server writes a file name: form -> Content-Disposition value (the str http.server sends as latin-1)
FORMS = {
    "rfc5987": lambda name: f"attachment; filename*=UTF-8''{quote(name)}",
    "raw-gbk": lambda name: f'attachment; filename="{name.encode("gbk").decode("latin-1")}"',
    "percent-gbk": lambda name: f'attachment; filename="{quote(name.encode("gbk"))}"',
    "raw-utf8": lambda name: f'attachment;filename="{name.encode("utf-8").decode("latin-1")}"',
    "ascii": None,  # the storage name: W020240115{rid}.pdf
}


def form_of(r: Report) -> str:
    return list(FORMS)[r.rid % len(FORMS)]


def kind_of(r: Report) -> str:
    """The attachment kind served (simsites.content.ATTACHMENTS): every third file prints no title."""
    base = "docx" if r.body == "docx" else "pdf"
    return f"{base}-untitled" if r.rid % 3 == 0 else base


class DownloadSite(Site):
    flavour = "D"

    def __init__(self, farm, name="downloads", home="D"):
        super().__init__(farm, name)
        self.per_page, self.home, self.flavour = farm.per_page, home, home
        self.heads = Counter()  # path -> HEAD requests refused
        self.lookalike_asked = 0

    def reports(self) -> list[Report]:
        return self.world.on(self.home)

    def served_bodies(self, r: Report) -> tuple[str, ...]:
        return (kind_of(r),)

    def file_path(self, r: Report) -> str:
        return ENDPOINTS[r.rid % len(ENDPOINTS)].format(rid=r.rid)

    def report_urls(self, r: Report) -> list[str]:
        return [self.base_url + self.file_path(r)]

    def served_name(self, r: Report) -> str:
        """The file name the server means (what Content-Disposition says, decoded)."""
        ext = "docx" if r.body == "docx" else "pdf"
        return f"W020240115{r.rid}.{ext}" if form_of(r) == "ascii" else f"{r.title}.{ext}"

    def untitled(self, r: Report) -> bool:
        return kind_of(r).endswith("-untitled")

    def lookalike_title(self) -> str:
        return f"{self.reports()[0].agency[:6]}2023年政府网站工作年度报表"

    def rows(self) -> list[tuple[str, str]]:
        out = [(self.file_path(r), r.title) for r in self.reports()]
        out.insert(len(out) // 2, (ENDPOINTS[0].format(rid=LOOKALIKE_ID), self.lookalike_title()))
        return out

    def pages(self) -> int:
        return max(1, -(-len(self.rows()) // self.per_page))

    def list_page(self, n: int) -> Response:
        chunk = self.rows()[n * self.per_page: (n + 1) * self.per_page]
        items = "".join(f'<li><a href="{escape(path)}" target="_blank">{escape(title)}</a></li>' for path, title in chunk)
        nxt = f'<a href="index_{n + 1}.html">下一页</a>' if n + 1 < self.pages() else ""
        return html(f'<html><head><meta charset="utf-8"><title>政府信息公开年度报告</title></head><body>'
                    f'<ul class="list">{items}</ul><div class="page">{nxt}</div></body></html>')

    def file(self, r: Report) -> Response:
        data, _media, _name = content.attachment(r, kind_of(r))
        form = FORMS[form_of(r)]
        name = self.served_name(r)
        disposition = form(name) if form else f"attachment; filename={name}"
        media = "application/x-msdownload" if r.rid % 4 == 1 else "application/octet-stream"
        return Response(body=data, content_type=media, headers=[("Content-Disposition", disposition)])

    def route(self, req: Request) -> Response:
        if req.method == "HEAD":  # a download servlet that implements doGet/doPost only
            with self._lock:
                self.heads[req.path] += 1
            return Response(status=405, body=b"HTTP method HEAD is not supported by this URL", content_type="text/plain",
                            headers=[("Allow", "GET, POST")], cacheable=False)
        p = req.path
        if p == "/robots.txt":
            return Response(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
        m = re.fullmatch(rf"{COL}(?:index(?:_(\d+))?\.html)?", p)
        if m:
            n = int(m.group(1) or 0)
            return self.list_page(n) if n < self.pages() else not_found_page()
        rid = req.query.get("fileId") if p == "/attach/download.do" else req.query.get("id") if p == "/servlet/GetFile" else None
        if rid == str(LOOKALIKE_ID):
            with self._lock:
                self.lookalike_asked += 1
            return html(f"<html><head><title>{self.lookalike_title()}</title></head><body><p>报表</p></body></html>")
        r = self.world.by_rid(int(rid)) if rid and rid.isdigit() else None
        if r is not None and r.site == self.home and self.file_path(r) == req.raw_path:
            return self.file(r)
        return not_found_page()
