"""Flavour T (TRS WCM static portal in GBK) and flavour B (its big5 gateway mirror). gov_sites.md §6.1, §6.6.

T: `index.html`, `index_1.html` … with the pager written by `createPageHTML(...)` or an inline
`countPage` block (alternating), a stale commented-out pager as a trap, department sub-columns with
the 6-argument pager and `../../` links, detail pages with `_1` continuation pages and `_wap`
duplicates, `./P0….pdf` attachments with a dead `OLDSRC`, a robots-disallowed `nbcs/` column, and
lookalike non-reports in the column. Bytes are GBK with a gb2312 meta and no charset header.
"""

from __future__ import annotations

import html as _html
import re

from simsites import content
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.world import Report

COL = "/zwgk/zfxxgkndbg"
RARE = "（本机关信息公开工作负责人：王喆；联系地址：堃镕路18号）"  # outside GB2312: must survive as gb18030


def _ymd(r: Report) -> tuple[str, str]:
    d = r.published.replace("-", "")
    return d[:6], d


def detail_path(r: Report, wap: bool = False, page: int = 0) -> str:
    ym, d = _ymd(r)
    folder = f"{COL}/nbcs" if "nbcs" in r.flags else COL
    suffix = "_wap" if wap else (f"_{page}" if page else "")
    return f"{folder}/{ym}/t{d}_{r.rid}{suffix}.html"


def attachment_path(r: Report) -> str:
    ym, d = _ymd(r)
    return f"{COL}/{ym}/P0{d}{r.rid}.pdf"


class TrsSite(Site):
    flavour = "T"
    encoding = "gbk"

    def __init__(self, farm, name="T"):
        super().__init__(farm, name)
        self.per_page = farm.per_page

    # --- what is listed where -------------------------------------------------------
    def reports(self) -> list[Report]:
        return self.world.on("T")

    def served_bodies(self, r: Report) -> tuple[str, ...]:
        kinds = ("pdf",) if r.body == "pdf" else ("html",)
        return (*kinds, "lines") if "wap" in r.flags else kinds  # the mobile page: one <p> per line

    def column_rows(self) -> list[tuple[str, str, str]]:
        """(title, href relative to the column, date) for the main column, newest first."""
        rows = []
        for r in self.world.on("T"):
            if "nbcs" in r.flags:
                continue
            href = "." + (attachment_path(r) if "direct" in r.flags else detail_path(r))[len(COL):]
            title = r.title + ("（PDF）" if "direct" in r.flags else "")
            rows.append((title, href, r.published))
        for i, title in enumerate(self.world.lookalikes["T"]):
            rows.insert(2 * i + 1, (title, f"./202401/t20240105_{900 + i}.html", "2024-01-05"))
        return rows

    def report_urls(self, r: Report) -> list[str]:
        urls = [self.base_url + (attachment_path(r) if "direct" in r.flags else detail_path(r))]
        if "wap" in r.flags and "direct" not in r.flags:  # a direct PDF link has no page, so no mobile page
            urls.append(self.base_url + detail_path(r, wap=True))
        return urls

    def departments(self) -> dict[str, list[Report]]:
        out: dict[str, list[Report]] = {}
        for r in self.world.on("T"):
            if "nbcs" not in r.flags:
                out.setdefault(r.slug, []).append(r)
        return out

    # --- pages ----------------------------------------------------------------------
    def page(self, title: str, body: str, meta: str = "") -> Response:
        text = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">{meta}'
                f"<title>{_html.escape(title)}_洛阳市人民政府</title></head><body>"
                f'<div class="top"><a href="/">首页</a> <a href="http://www.gov.cn/">中国政府网</a> '
                f'<a href="/gate/big5/">繁體版</a></div>{body}'
                f'<div class="foot">主办：洛阳市人民政府办公室 <a href="http://www.beian.miit.gov.cn/">豫ICP备0000号</a></div></body></html>')
        return html(text, encoding=self.encoding, content_type="text/html")

    def list_page(self, rows, n: int, stem: str = "index", six_args: bool = False, nav: str = "") -> Response:
        pages = max(1, -(-len(rows) // self.per_page))
        if n >= pages:
            return not_found_page()
        chunk = rows[n * self.per_page:(n + 1) * self.per_page]
        items = "\n".join(
            f'<li><a href="{_html.escape(href)}" target="_blank" title="{_html.escape(t)}">{_html.escape(t[:22])}…</a><span>{d}</span></li>'
            for t, href, d in chunk)
        if six_args:
            pager = f"<script>createPageHTML('page_div', {pages}, {n + 1}, '{stem}', 'html', {len(rows)});</script>"
        elif n % 2 == 0:
            pager = f'<script language="JavaScript">createPageHTML({pages}, {n}, "{stem}", "html");</script>'
        else:
            pager = (f"<script>var currentPage = {n};//所在页从0开始\nvar countPage = {pages}//共多少页\n"
                     f'var prevPage = currentPage-1; document.write("<a href=\\"{stem}_" + (currentPage+1) + ".html\\">下一页</a>");</script>')
        body = (f'{nav}<ul class="list">{items}</ul><div class="page">{pager}</div>'
                '<!-- <div class="page"><script>var countPage = 67//共多少页</script></div> -->')
        return self.page("政府信息公开年报", body)

    def nav(self) -> str:
        links = " ".join(f'<a href="./bmnb/{slug}/index.html">{rs[0].agency}</a>' for slug, rs in self.departments().items())
        return f'<div class="nav">部门年报：{links} <a href="./nbcs/index.html">年报测试栏目</a> <a href="/xxgk/wzndbb/">政府网站年度报表</a></div>'

    def detail(self, r: Report, part: int = 0, wap: bool = False) -> Response:
        meta = (f'<meta name="ArticleTitle" content="{r.title}"><meta name="PubDate" content="{r.published} 09:30">'
                f'<meta name="ContentSource" content="{r.agency}">')
        box = (f'<table class="xxgk_table"><tr><td class="t1">索&nbsp;&nbsp;引&nbsp;&nbsp;号：</td><td>11410300MB{r.rid}X/{r.year + 1}-00012</td>'
               f'<td class="t1">主题分类：</td><td>政务公开</td></tr><tr><td class="t1">发布机构：</td><td>{r.agency}</td>'
               f'<td class="t1">发布日期：</td><td>{r.published}</td></tr></table>')
        if wap:
            return self.page(r.title, f'<div class="wap"><h2>{r.title}</h2>{content.body_lines_html(r)}</div>', meta)
        if r.body == "pdf":
            name = attachment_path(r).rsplit("/", 1)[1]
            ym, d = _ymd(r)
            inner = (f'<p>{r.title}详见附件。</p><p class="insertfileTag"><a appendix="true" href="./{name}" '
                     f'OLDSRC="/protect/P0{ym}/P0{d}/{name}" title="附件.pdf">{r.title}.pdf</a></p>')
        else:
            body = content.body_html(r)
            if "split" in r.flags:
                half = body.find("<table", len(body) // 2)
                half = half if half > 0 else body.rfind("<table")  # split before a table, as CMS pagers do
                body = body[:half] if part == 0 else body[half:]
                ym, d = _ymd(r)
                body += (f'<div class="page"><script>var currentPage = {part};//所在页从0开始\nvar countPage = 2//共多少页\n'
                         f'/* document.write(... "t{d}_{r.rid}"+"_" + nextPage + ".html" ...) */</script>'
                         + (f'<a href="./t{d}_{r.rid}_1.html">下一页</a>' if part == 0 else "") + "</div>")
            inner = f'<p class="MsoNormal" align="center"><b><span>{r.title}</span></b></p>{body}<p>{RARE}</p>'
        wap_link = f'<a href="./{detail_path(r, wap=True).rsplit("/", 1)[1]}">手机版</a>' if "wap" in r.flags else ""
        return self.page(r.title, f'{box}<div class="TRS_Editor">{inner}</div>{wap_link}', meta)

    def lookalike(self, i: int) -> Response:
        title = self.world.lookalikes["T"][i]
        return self.page(title, f'<div class="TRS_Editor"><p>{title}</p><p>本年度网站总访问量123456次。</p></div>',
                         f'<meta name="ArticleTitle" content="{title}">')

    # --- routing --------------------------------------------------------------------
    def route(self, req: Request) -> Response:
        p = req.path
        if p == "/robots.txt":
            return Response(body=f"User-agent: *\nDisallow: {COL}/nbcs/\n".encode(), content_type="text/plain")
        if p in (f"{COL}/", f"{COL}/index.html"):
            return self.list_page(self.column_rows(), 0, nav=self.nav())
        m = re.fullmatch(rf"{COL}/index_(\d+)\.html", p)
        if m:
            return self.list_page(self.column_rows(), int(m.group(1)), nav=self.nav())
        m = re.fullmatch(rf"{COL}/bmnb/(\w+)/index(?:_(\d+))?\.html", p)
        if m:
            reports = self.departments().get(m.group(1))
            if not reports:
                return not_found_page()
            rows = [(r.title, "../.." + (detail_path(r, wap="wap" in r.flags))[len(COL):], r.published)
                    for r in reports if "direct" not in r.flags]
            n = int(m.group(2) or 1) - 1  # page N is index_N (the 6-argument pager); index_1 does not exist
            if m.group(2) == "1":
                return not_found_page()
            return self.list_page(rows, n, six_args=True)
        if p == f"{COL}/nbcs/index.html":
            rows = [(r.title, "." + detail_path(r)[len(COL) + 5:], r.published) for r in self.world.on("T") if "nbcs" in r.flags]
            return self.list_page(rows, 0)
        m = re.fullmatch(rf"{COL}(?:/nbcs)?/\d{{6}}/t\d{{8}}_(\d+)(_wap|_1)?\.html", p)
        if m:
            rid = int(m.group(1))
            if 900 <= rid < 900 + len(self.world.lookalikes["T"]):
                return self.lookalike(rid - 900)
            r = self.world.by_rid(rid)
            if r is None or r.site != "T" or p not in (detail_path(r), detail_path(r, wap=True), detail_path(r, page=1)):
                return not_found_page()
            return self.detail(r, part=1 if m.group(2) == "_1" else 0, wap=m.group(2) == "_wap")
        m = re.fullmatch(rf"{COL}/\d{{6}}/P0\d{{8}}(\d+)\.pdf", p)
        if m:
            r = self.world.by_rid(int(m.group(1)))
            if r is None or r.site != "T" or attachment_path(r) != p:
                return not_found_page()
            data, media, _ = content.attachment(r, "pdf")
            return Response(body=data, content_type=media)
        if p == "/":
            return self.page("首页", f'<a href="{COL}/index.html">政府信息公开年报</a>')
        return not_found_page()


class GatewaySite(Site):
    """Flavour B: `/gate/big5/{host}/path` serves the T page in traditional characters, big5-encoded."""

    flavour = "B"

    def __init__(self, farm, name="B", origin: TrsSite | None = None):
        super().__init__(farm, name)
        self.origin = origin
        self._s2t = None

    def convert(self, text: str) -> str:
        if self._s2t is None:
            import opencc

            self._s2t = opencc.OpenCC("s2t")
        return self._s2t.convert(text)

    def served_bodies(self, r: Report) -> tuple[str, ...]:
        return ()  # every page is the origin's, converted on the way

    def gate_prefix(self) -> str:
        return f"/gate/big5/{self.origin.netloc}"

    def report_urls(self, r: Report) -> list[str]:
        return [self.base_url + self.gate_prefix() + u[len(self.origin.base_url):] for u in self.origin.report_urls(r)]

    def route(self, req: Request) -> Response:
        if req.path == "/robots.txt":
            return Response(body=f"User-agent: *\nDisallow: {self.gate_prefix()}{COL}/nbcs/\n".encode(), content_type="text/plain")
        m = re.fullmatch(r"/gate/(big5|GB)/([^/]+)(/.*)", req.path)
        if not m or m.group(2) != self.origin.netloc:
            return not_found_page()
        inner = self.origin.route(Request(req.method, m.group(3), req.query, req.headers, req.body, m.group(3)))
        if inner.status != 200 or not inner.content_type.startswith("text/html"):
            return inner
        text = inner.body.decode("gb18030")
        prefix = f"/gate/{m.group(1)}/{m.group(2)}"
        text = re.sub(r'(href|src)="/(?!/)', lambda mm: f'{mm.group(1)}="{prefix}/', text)
        if m.group(1) == "GB":
            return html(text, encoding="utf-8")
        text = self.convert(text)
        # one page of the mirror comes out as UTF-8 (gateways vary), the rest as big5
        if req.path.endswith("/index_1.html"):
            return html(text.replace("charset=gb2312", "charset=utf-8"), encoding="utf-8")
        return html(text.replace("charset=gb2312", "charset=big5"), encoding="cp950")
