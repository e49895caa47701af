"""Flavour G: Guangdong's gkmlpt platform, a Vue shell plus a JSON list API. gov_sites.md §6.3.

`/gkmlpt/index` carries `window._CONFIG = {SID, TREE}`; the list is only reachable through
`/gkmlpt/api/all/{cat}?page=&sid=`. Quirks kept: page=0 equals page=1, one page past the last is a
404, article `url`s use https on this http-only port, and `post_url` is a second URL for the same report.
"""

from __future__ import annotations

import json
import re

from simsites import content
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.world import Report

SID = "755041"
CAT_REPORTS, CAT_STATS = 20765, 20766


def detail_path(rid: int) -> str:
    return f"/gkmlpt/content/{rid // 1000000}/{rid // 1000}/post_{rid}.html"


def post_url_path(rid: int) -> str:
    return f"/xxgk/xxgknb/qzfgzbm/content/post_{rid}.html"


def attachment_path(rid: int) -> str:
    return f"/attachment/0/{rid // 10000}/{rid // 100}/{rid}.pdf"


class GkmlptSite(Site):
    flavour = "G"

    def __init__(self, farm, name="G"):
        super().__init__(farm, name)
        self.per_page = farm.per_page

    def articles(self, cat: int) -> list[dict]:
        cache = self.__dict__.setdefault("_articles", {})
        key = (cat, len(self.world.reports))
        if key not in cache:
            cache[key] = self._articles_of(cat)
        return cache[key]

    def _articles_of(self, cat: int) -> list[dict]:
        if cat == CAT_REPORTS:
            items = [(r.rid, r.title, r.agency, r.published, r) for r in self.world.on("G")]
        elif cat == CAT_STATS:
            items = [(900 + i, t, "区政务服务数据管理局", "2024-01-05", None) for i, t in enumerate(self.world.lookalikes["G"])]
        else:
            return []
        host = self.netloc
        out = []
        for rid, title, publisher, date, r in items:
            art = {"id": rid, "title": title, "url": f"https://{host}{detail_path(rid)}",
                   "post_url": f"http://{host}{post_url_path(rid)}" if r is not None and "post_url" in r.flags else "",
                   "identifier": f"11440300MB2C92227T/{date[:4]}-{rid % 100000:05d}", "document_number": "",
                   "publisher": publisher, "created_at": f"{date} 10:02:11",
                   "attachment": [{"id": rid, "name": f"{title}.pdf", "type": "pdf", "mime": "application/pdf",
                                   "url": attachment_path(rid)}] if r is not None else []}
            out.append(art)
        return out

    def reports(self) -> list[Report]:
        return self.world.on("G")

    def served_bodies(self, r: Report) -> tuple[str, ...]:
        return ("html", "pdf")  # the article and its attachment

    def report_urls(self, r: Report) -> list[str]:
        urls = [self.base_url + detail_path(r.rid)]
        if "post_url" in r.flags:
            urls.append(self.base_url + post_url_path(r.rid))
        return urls

    def shell(self) -> Response:
        tree = [{"id": 20760, "name": "政府信息公开", "children": [
            {"id": CAT_REPORTS, "name": "政府信息公开年报", "post_count": len(self.articles(CAT_REPORTS)), "children": []},
            {"id": CAT_STATS, "name": "政府网站工作年度报表", "post_count": len(self.articles(CAT_STATS)), "children": []},
            {"id": 20790, "name": "部门文件", "jump_url": self.farm.url_of("U", "/sygfj/gknb/index.shtml")}]}]
        body = (f"<html><head><meta charset=\"utf-8\"><title>政府信息公开</title></head><body>"
                f"<script>window._CONFIG = {{ SID: '{SID}', TREE: {json.dumps(tree, ensure_ascii=False)},\n SERVICE_AREA_ID: 440310 }};</script>"
                f'<div id="app"></div><script src="/gkmlpt/static/js/app.js"></script></body></html>')
        return html(body)

    def api(self, cat: int, req: Request) -> Response:
        if req.query.get("sid") != SID:
            return Response(body=b'{"error":"sid"}', content_type="application/json")
        arts = self.articles(cat)
        page = int(req.query.get("page") or 1)
        page = max(page, 1)  # quirk: page 0 is page 1
        pages = max(1, -(-len(arts) // self.per_page))
        if page > pages:
            return not_found_page()
        chunk = arts[(page - 1) * self.per_page: page * self.per_page]
        data = {"classify": {"id": cat, "post_count": len(arts)}, "articles": chunk}
        return Response(body=json.dumps(data, ensure_ascii=False).encode("utf-8"), content_type="application/json;charset=UTF-8")

    def detail(self, r: Report) -> Response:
        body = content.body_html(r)
        fields = [("索引号", f"11440300MB2C92227T/{r.year + 1}-{r.rid % 100000:05d}"), ("分类", "政府信息公开年报"),
                  ("发布机构", r.agency), ("成文日期", r.published), ("名称", r.title), ("文号", ""),
                  ("发布日期", r.published), ("主题词", "")]
        table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in fields)
        detail_json = json.dumps({"DETAIL": {"title": r.title, "content": body}}).replace("<", "\\u003C").replace(">", "\\u003E")
        page = (f'<html><head><meta charset="utf-8"><title>{r.title}</title></head><body><table class="classify">{table}</table>'
                f'<div class="content"><h1>{r.title}</h1>{body}<p><a class="nfw-cms-attachment" href="{attachment_path(r.rid)}">{r.title}.pdf</a></p></div>'
                f"<script>window._CONFIG = {detail_json};</script></body></html>")
        return html(page)

    def route(self, req: Request) -> Response:
        p = req.path
        if p == "/robots.txt":
            return Response(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
        if p in ("/gkmlpt/index", "/gkmlpt/"):
            return self.shell()
        m = re.fullmatch(r"/gkmlpt/api/all/(\d+)", p)
        if m:
            return self.api(int(m.group(1)), req)
        m = re.fullmatch(r"(?:/gkmlpt/content/\d+/\d+|/xxgk/xxgknb/qzfgzbm/content)/post_(\d+)\.html", p)
        if m:
            r = self.world.by_rid(int(m.group(1)))
            if r is not None and r.site == "G":
                return self.detail(r)
            if 900 <= int(m.group(1)) < 900 + len(self.world.lookalikes["G"]):
                return html(f"<html><body><h1>{self.world.lookalikes['G'][int(m.group(1)) - 900]}</h1></body></html>")
        m = re.fullmatch(r"/attachment/0/\d+/\d+/(\d+)\.pdf", p)
        if m:
            r = self.world.by_rid(int(m.group(1)))
            if r is not None and r.site == "G" and attachment_path(r.rid) == p:
                data, _, _ = content.attachment(r, "pdf")
                return Response(body=data, content_type="application/octet-stream")
        return not_found_page()
