"""Flavour U: a 开普云 Ucap department site, UTF-8, reports as office attachments. gov_sites.md §6.4.

robots.txt answers 403; list pages are `index.shtml`, `index_2.shtml` … (page 2 is `_2`) with
下一页/尾页 links; details are `/{dept}/gknb/YYYYMM/{hex32}.shtml` with a `table.table_content`
and an office attachment: DOCX, except one `.doc` (OLE2 Word 97, made by LibreOffice through
reportgen, served with only a GBK-bytes `filename="…"` — the common mojibake) and one `.wps`
(the same OLE2 bytes, as WPS Office saves them). Without LibreOffice those two fall back to DOCX
bytes. Its reports are the T portal's 统计局 reports, posted here three days later (another 发布日期):
the cross-site duplicate.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from urllib.parse import quote

from simsites import content
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.world import Report

COL = "/sygfj/gknb"


def _hex(r: Report) -> str:
    return hashlib.md5(f"ucap:{r.rid}".encode()).hexdigest()


def published_here(r: Report) -> str:
    """The department site posts its copy a few days after the portal: another 发布日期 (§6.4)."""
    return (date.fromisoformat(r.published) + timedelta(days=3)).isoformat()


def detail_path(r: Report) -> str:
    return f"{COL}/{r.published[:7].replace('-', '')}/{_hex(r)}.shtml"


def attachment_path(r: Report, ext: str = "docx") -> str:
    return f"{COL}/{r.published[:7].replace('-', '')}/W0{r.published.replace('-', '')}{r.rid}.{ext}"


class UcapSite(Site):
    flavour = "U"

    def __init__(self, farm, name="U"):
        super().__init__(farm, name)
        self.per_page = max(2, farm.per_page // 2)

    def _by_hex(self) -> dict[str, Report]:
        if getattr(self, "_hex_index", None) is None:
            self._hex_index = {_hex(r): r for r in self.world.on("U")}
        return self._hex_index

    def reports(self) -> list[Report]:
        return self.world.on("U")

    def served_bodies(self, r: Report) -> tuple[str, ...]:
        # the page links the office file only; the .docx URL answers for every report
        return ("docx",) if self.office_ext(r) == "docx" else ("docx", "doc")

    def report_urls(self, r: Report) -> list[str]:
        return [self.base_url + detail_path(r)]

    def office_ext(self, r: Report) -> str:
        """docx for most reports; the first two `u_doc` reports are the .doc and the .wps."""
        if getattr(self, "_exts", None) is None:
            old = sorted((x for x in self.world.on("U") if "u_doc" in x.flags), key=lambda x: x.rid)
            self._exts = {x.rid: ext for x, ext in zip(old, ("doc", "wps"))}
        return self._exts.get(r.rid, "docx")

    def list_page(self, n: int) -> Response:
        reports = self.world.on("U")
        pages = max(1, -(-len(reports) // self.per_page))
        if n > pages:
            return not_found_page()
        chunk = reports[(n - 1) * self.per_page: n * self.per_page]
        items = "".join(f'<li><a href="{detail_path(r)}" title="{r.title}">{r.title}</a><span>{published_here(r)}</span></li>' for r in chunk)
        nxt = f'<a href="index_{n + 1}.shtml">下一页</a> <a href="index_{pages}.shtml">尾页</a>' if n < pages else ""
        prev = f'<a href="{"index.shtml" if n == 2 else f"index_{n - 1}.shtml"}">上一页</a>' if n > 1 else ""
        body = (f'<html><head><meta charset="utf-8"><title>信息公开年报</title></head><body><ul class="list">{items}</ul>'
                f'<div class="page">{prev} {nxt} <span>共{pages}页</span></div>'
                f'<a onclick="jft()" href="javascript:void(0)">繁體版</a></body></html>')
        return html(body)

    def detail(self, r: Report) -> Response:
        body = (f'<html><head><meta charset="utf-8"><meta name="SiteIDCode" content="3213220037"><title>{r.title}</title></head><body>'
                f'<table class="table_content"><tr><td class="c1">名称</td><td class="c4" colspan="3"> {r.title} </td></tr>'
                f'<tr><td class="c1">索引号</td><td class="c2">014314799/{r.year + 1}-00002</td><td class="c1">分类</td><td class="c3"> 信息公开年报 &nbsp;&nbsp;其他 </td></tr>'
                f'<tr><td class="c1">发布机构</td><td class="c2">{r.agency}</td><td class="c1">公开日期</td><td class="c3"><publishtime>{published_here(r)}</publishtime></td></tr></table>'
                f'<h1 class="article-title"><ucaptitle>{r.title}</ucaptitle></h1>'
                f'<div class="article-content" id="zoomcon"><ucapcontent><p><span><font face="方正仿宋_GBK">根据《条例》…详见附件。</font></span></p>'
                f'<p><a href="{attachment_path(r, self.office_ext(r))}">{r.title}.{self.office_ext(r)}</a></p></ucapcontent></div></body></html>')
        return html(body)

    def route(self, req: Request) -> Response:
        p = req.path
        if p == "/robots.txt":
            return html("<h1>403 Forbidden</h1>", status=403, cacheable=False)
        if p in (f"{COL}/", f"{COL}/index.shtml"):
            return self.list_page(1)
        m = re.fullmatch(rf"{COL}/index_(\d+)\.shtml", p)
        if m and int(m.group(1)) >= 2:
            return self.list_page(int(m.group(1)))
        m = re.fullmatch(rf"{COL}/\d{{6}}/(?:([0-9a-f]{{32}})\.shtml|W0\d{{8}}(\d+)\.(?:docx|doc|wps))", p)
        r = None
        if m and m.group(2):
            r = self.world.by_rid(int(m.group(2)))
        elif m:
            r = self._by_hex().get(m.group(1))
        if r is not None and ("cross_u" in r.flags or r.site == "U"):
            if p == detail_path(r):
                return self.detail(r)
            ext = self.office_ext(r)
            if p == attachment_path(r, ext) and ext != "docx":
                data, media, filename = content.attachment(r, "doc")
                name = f"{r.title}.{ext}"
                media = "application/msword" if ext == "doc" else "application/octet-stream"
                raw = name.encode("gbk", "replace").decode("latin-1")  # GBK bytes, no filename*: the mojibake case
                return Response(body=data, content_type=media, headers=[("Content-Disposition", f'attachment; filename="{raw}"')])
            if p == attachment_path(r):
                data, media, filename = content.attachment(r, "docx")
                # the GBK-bytes filename mojibake real servers send, plus a proper filename*
                raw = filename.encode("gbk", "replace").decode("latin-1")
                return Response(body=data, content_type=media, headers=[
                    ("Content-Disposition", f"attachment; filename=\"{raw}\"; filename*=UTF-8''{quote(filename)}")])
        return not_found_page()
