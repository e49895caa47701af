"""Flavour H: Hanweb 大汉 jcms, UTF-8. gov_sites.md §6.2.

The column page embeds the first group of records (3 pages of `perpage`, fewer than the column
holds) as CDATA inside `<script type="text/xml">` (invisible to an HTML link extractor); later
groups come from POST
`/module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=`; GET `?page=N` gives one page.

The `jsp` variant (site `hanweb-jsp`, "faults" profile) serves the other two shapes of §6.2: its
first agency's reports only through the annual-report JSP
(`/module/xxgk/xxgkAnnualReport.jsp?fbtime={year}&area={code}`, a detail page named by its query),
and every other report as a "详见附件" page whose PDF has no clean path
(`/module/download/downfile.jsp?classid=0&filename=….pdf`, application/octet-stream).
"""

from __future__ import annotations

import html as _html
import re

from simsites import content
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.world import KINDS, Report

COLUMN_ID = 1229232293
UNIT_ID = 4233872


def detail_path(r: Report) -> str:
    y, m, d = (int(x) for x in r.published.split("-"))
    return f"/art/{y}/{m}/{d}/art_{COLUMN_ID}_{r.rid}.html"  # month/day not zero-padded


AREA = "113302030024939283"  # 组织机构代码-style area code of the JSP variant's government


def jsp_path(r: Report) -> str:
    return f"/module/xxgk/xxgkAnnualReport.jsp?fbtime={r.year}&area={AREA}"


def downfile_name(r: Report) -> str:
    return f"{r.published[2:].replace('-', '')}{r.rid % 10**7:07d}.pdf"


def downfile_path(r: Report) -> str:
    return f"/module/download/downfile.jsp?classid=0&filename={downfile_name(r)}"


class HanwebSite(Site):
    flavour = "H"

    def __init__(self, farm, name="H", home: str = "H", jsp: bool = False):
        super().__init__(farm, name)
        self.home, self.jsp = home, jsp
        # a group (3 pages, as jpage asks) smaller than the column, so the dataproxy serves real records
        self.perpage = max(2, farm.per_page // 2)
        self.group = 3 * self.perpage

    def via_jsp(self, r: Report) -> bool:
        """The JSP variant's first agency publishes through the annual-report JSP."""
        return self.jsp and r.kind == KINDS[0][0]

    def page_path(self, r: Report) -> str:
        return jsp_path(r) if self.via_jsp(r) else detail_path(r)

    def reports(self) -> list[Report]:
        return self.world.on(self.home)

    def served_bodies(self, r: Report) -> tuple[str, ...]:
        kinds = ("lines",) if r.body == "lines" else ("html",)
        return (*kinds, "pdf") if self.jsp and not self.via_jsp(r) else kinds  # the downfile.jsp attachment

    def rows(self) -> list[tuple[str, str, str]]:
        rows = [(r.title, self.page_path(r), r.published) for r in self.reports()]  # a raw & in CDATA, as jpage serves it
        for i, t in enumerate(self.world.lookalikes.get(self.home, [])):
            rows.insert(3 * i + 2, (t, f"/art/2024/1/5/art_{COLUMN_ID}_{900 + i}.html", "2024-01-05"))
        return rows

    def report_urls(self, r: Report) -> list[str]:
        files = [downfile_path(r)] if self.jsp and not self.via_jsp(r) else []
        return [self.base_url + p for p in [self.page_path(r), *files]]

    @staticmethod
    def records(rows) -> str:
        return "\n".join(
            f"<record><![CDATA[<li><a href='{href}' title='{_html.escape(t, quote=False)}' target='_blank'>{_html.escape(t, quote=False)}</a>"
            f"<span>{d}</span></li>]]></record>" for t, href, d in rows)

    def column(self) -> Response:
        rows = self.rows()
        nextgroup = (f"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid={COLUMN_ID}"
                     f"&unitid={UNIT_ID}&webname=%E6%9F%90%E5%8C%BA&permissiontype=0")
        body = (f'<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>'
                f'<div id="{UNIT_ID}"><script type="text/xml"><datastore>\n<nextgroup><![CDATA[<a href="{nextgroup}"></a>]]></nextgroup>\n'
                f"<recordset>\n{self.records(rows[: self.group])}\n</recordset></datastore></script></div>\n"
                f"<script>var param_{UNIT_ID}={{col:1,appid:1,webid:3,path:'/',columnid:{COLUMN_ID},sourceContentType:1,"
                f"unitid:'{UNIT_ID}',webname:'某区',permissiontype:0}};</script>"
                f'<script language="javascript" src="/module/web/jpage/jpage.js"></script></body></html>')
        return html(body)

    def dataproxy(self, req: Request) -> Response:
        if str(req.query.get("columnid")) != str(COLUMN_ID):
            return Response(body=b'<?xml version="1.0" encoding="UTF-8"?><datastore/>', content_type="text/xml; charset=UTF-8")
        rows = self.rows()
        if "startrecord" in req.query:
            start = max(1, int(req.query["startrecord"]))
            end = min(len(rows), int(req.query.get("endrecord") or start + self.group - 1))
        else:
            page = max(1, int(req.query.get("page") or 1))
            start, end = (page - 1) * self.perpage + 1, min(len(rows), page * self.perpage)
        total_pages = -(-len(rows) // self.perpage)
        xml = (f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{len(rows)}</totalrecord>'
               f"<totalpage>{total_pages}</totalpage>\n<recordset>\n{self.records(rows[start - 1:end])}\n</recordset></datastore>")
        return Response(body=xml.encode("utf-8"), content_type="text/xml; charset=UTF-8")

    def detail(self, r: Report) -> Response:
        inner = content.body_lines_html(r) if r.body == "lines" else content.body_html(r)
        if self.jsp and not self.via_jsp(r):
            inner = f'<p>详见附件。</p><p><a href="{_html.escape(downfile_path(r))}">{r.title}.pdf</a></p>'
        body = (f'<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{r.title}"><title>{r.title}</title></head><body>'
                f'<table class="xxgk"><tr><td>索引号</td><td>002489{r.rid}/{r.year + 1}-00017</td><td>组配分类</td><td>政府信息公开年报</td></tr>'
                f"<tr><td>发布机构</td><td>{r.agency}</td><td>生成日期</td><td>{r.published}</td></tr></table>"
                f'<div id="zoom"><!--ZJEG_RSS.content.begin--><meta name="ContentStart"><p>{r.title}</p>{inner}'
                f'<meta name="ContentEnd"><!--ZJEG_RSS.content.end--></div><p>发布日期：{r.published}</p></body></html>')
        return html(body)

    def route(self, req: Request) -> Response:
        p = req.path
        if p == "/robots.txt":
            return not_found_page()
        if p in (f"/col/col{COLUMN_ID}/index.html", f"/col/col{COLUMN_ID}/"):
            return self.column()
        if p == "/module/web/jpage/dataproxy.jsp":
            return self.dataproxy(req)
        if self.jsp and p in ("/module/xxgk/xxgkAnnualReport.jsp", "/module/download/downfile.jsp"):
            q = req.query
            for r in self.reports():
                if self.via_jsp(r) and (q.get("fbtime"), q.get("area")) == (str(r.year), AREA):
                    return self.detail(r)
                if not self.via_jsp(r) and (q.get("classid"), q.get("filename")) == ("0", downfile_name(r)):
                    data, _, _ = content.attachment(r, "pdf")
                    return Response(body=data, content_type="application/octet-stream")
            return not_found_page()
        m = re.fullmatch(rf"/art/\d+/\d+/\d+/art_{COLUMN_ID}_(\d+)\.html", p)
        if m:
            rid = int(m.group(1))
            if 900 <= rid < 900 + len(self.world.lookalikes["H"]):
                t = self.world.lookalikes["H"][rid - 900]
                return html(f'<html><head><meta charset="utf-8"><title>{t}</title></head><body><div id="zoom"><p>{t}</p></div></body></html>')
            r = self.world.by_rid(rid)
            if r is not None and r.site == self.home and detail_path(r) == p and not self.via_jsp(r):
                return self.detail(r)
        return not_found_page()
