"""Flavour P: 博达 VSB site with PDF reports and a countdown pager. gov_sites.md §6.5.

Page 1 is `/zfxxgk/zfxxgknb.htm`; page N (N ≥ 2) is `/zfxxgk/zfxxgknb/{total-N+1}.htm`, so a new
report shifts every page. Attachments come from `download.jsp?…&wbfileid=` with no extension (type
only from Content-Disposition and the `%PDF` magic) and include a scanned PDF, a PDF URL that
answers an HTML error page with 200, a truncated PDF, an encrypted PDF, 普通版 + 超链版 pairs, a
report made only of `<img>` page scans, and reports shown only through the pdf.js viewer
(`<iframe src="/pdfjs/web/viewer.html?file=/uploadfiles/…pdf">`).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from simsites import content
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.world import Report

LIST = "/zfxxgk/zfxxgknb"
HYPERLINKED = 50_000_000  # file id of a report's 超链版 PDF = its rid + this


def detail_path(r: Report) -> str:
    return f"/info/1061/{r.rid}.htm"


def pdfjs_file(r: Report) -> str:
    return f"/uploadfiles/{r.published[:4]}/{r.published[5:7]}/nb{r.rid}.pdf"


def download_path(fileid: int) -> str:
    return f"/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1461&wbfileid={fileid}"


class VsbSite(Site):
    flavour = "P"

    def __init__(self, farm, name="P"):
        super().__init__(farm, name)
        self.per_page = farm.per_page

    def rows(self):
        rows = [(r.title, detail_path(r), r.published) for r in self.world.on("P")]
        for i, t in enumerate(self.world.lookalikes["P"]):
            rows.insert(2 * i + 1, (t, f"/info/1061/{900 + i}.htm", "2024-01-05"))
        return rows

    def reports(self) -> list[Report]:
        return self.world.on("P")

    def served_bodies(self, r: Report) -> tuple[str, ...]:
        return () if r.body == "images" else (r.body,)  # the download (its 超链版 twin and the pdf.js file are the same)

    def report_urls(self, r: Report) -> list[str]:
        """The detail page, then every file the report is served as: the download (and its 超链版
        twin, a copy of the same report) or the pdf.js viewer's `file=`; none for image-only pages."""
        urls = [self.base_url + detail_path(r)]
        if "pdfjs" in r.flags:
            urls.append(self.base_url + pdfjs_file(r))
        elif r.body != "images":
            urls.append(self.base_url + download_path(r.rid))
        if "hyperlinked" in r.flags:
            urls.append(self.base_url + download_path(r.rid + HYPERLINKED))
        return urls

    def list_page(self, n: int) -> Response:
        rows = self.rows()
        total = max(1, -(-len(rows) // self.per_page))
        if not 1 <= n <= total:
            return not_found_page()
        chunk = rows[(n - 1) * self.per_page: n * self.per_page]

        def href(k: int) -> str:  # link to page k from page n
            target = "zfxxgknb.htm" if k == 1 else f"zfxxgknb/{total - k + 1}.htm"
            return target if n == 1 else ("../" + target if k == 1 else target.split("/", 1)[1])

        items = "".join(f'<li><a href="{h}" title="{t}">{t}</a><span>{d}</span></li>' for t, h, d in chunk)
        pager = [f'<span class="p_t">共{len(rows)}条</span>']
        for k in range(1, total + 1):
            pager.append(f'<span class="p_no_d">{k}</span>' if k == n else f'<span class="p_no"><a href="{href(k)}">{k}</a></span>')
        if n < total:
            pager.append(f'<span class="p_next p_fun"><a href="{href(n + 1)}">下页</a></span>')
            pager.append(f'<span class="p_last p_fun"><a href="{href(total)}">尾页</a></span>')
        pager.append(f'<span class="p_t">{n}/{total}</span>')
        return html(f'<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body><ul>{items}</ul>'
                    f'<div class="pb_sys_common">{"".join(pager)}</div></body></html>')

    def detail(self, r: Report) -> Response:
        links = f'<p><a href="{download_path(r.rid)}">{r.title}.pdf</a></p>'
        if r.body == "images":  # scans of the printed report, one image per page, no text
            links = "".join(f'<p><img src="/__local/9/3F/{r.rid}/p{i}.jpg" width="600"></p>' for i in range(1, 5))
        elif "pdfjs" in r.flags:
            links = f'<iframe src="/pdfjs/web/viewer.html?file={pdfjs_file(r)}" width="100%" height="800"></iframe>'
        if "hyperlinked" in r.flags:
            links += f'<p><a href="{download_path(r.rid + HYPERLINKED)}">{r.title}（超链版）.pdf</a></p>'
        return html(f'<html><head><meta charset="utf-8"><title>{r.title}</title></head><body><h1>{r.title}</h1>'
                    f'<div class="v_news_content"><p>{r.title}详见附件。</p>{links}</div></body></html>')

    def download(self, fileid: int) -> Response:
        r = self.world.by_rid(fileid - HYPERLINKED if fileid >= HYPERLINKED else fileid)
        if r is None or r.site != "P":
            return not_found_page()
        data, media, filename = content.attachment(r, r.body)
        if media.startswith("text/html"):
            return Response(body=data, content_type=media)  # a "PDF" link answering an error page with 200
        return Response(body=data, content_type="application/octet-stream",
                        headers=[("Content-Disposition", f"attachment; filename*=UTF-8''{quote(filename)}")])

    def route(self, req: Request) -> Response:
        p = req.path
        if p == "/robots.txt":  # a soft-404: the home page served as robots.txt
            return html("<html><body><h1>眉山市人民政府</h1><a href='/zfxxgk/zfxxgknb.htm'>年报</a></body></html>")
        if p == f"{LIST}.htm":
            return self.list_page(1)
        m = re.fullmatch(rf"{LIST}/(\d+)\.htm", p)
        if m:
            total = max(1, -(-len(self.rows()) // self.per_page))
            return self.list_page(total - int(m.group(1)) + 1) if 1 <= int(m.group(1)) < total else not_found_page()
        m = re.fullmatch(r"/info/1061/(\d+)\.htm", p)
        if m:
            rid = int(m.group(1))
            if 900 <= rid < 900 + len(self.world.lookalikes["P"]):
                t = self.world.lookalikes["P"][rid - 900]
                return html(f"<html><head><meta charset='utf-8'><title>{t}</title></head><body><h1>{t}</h1></body></html>")
            r = self.world.by_rid(rid)
            if r is not None and r.site == "P":
                return self.detail(r)
        if p == "/pdfjs/web/viewer.html":
            return html("<html><head><title>PDF.js viewer</title></head><body><div id='viewerContainer'></div></body></html>")
        m = re.fullmatch(r"/uploadfiles/\d{4}/\d{2}/nb(\d+)\.pdf", p)
        if m:
            r = self.world.by_rid(int(m.group(1)))
            if r is not None and r.site == "P" and "pdfjs" in r.flags and p == pdfjs_file(r):
                data, media, _ = content.attachment(r, "pdf")
                return Response(body=data, content_type=media)
        if p == "/system/_content/download.jsp" and req.query.get("wbfileid", "").isdigit():
            return self.download(int(req.query["wbfileid"]))
        return not_found_page()
