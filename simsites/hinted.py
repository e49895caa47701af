"""Flavours Y and E: columns that discovery cannot read, and the registry hints that make them readable (issue 17).

`hinted-api` (Y): the column page `/xxgk/nb/index.html` is empty; its script builds the API's URL
from pieces at run time (`ctx + '/' + ['interface', 'nb'].join('/') + '/list/' + n + '.json'`),
so no literal anywhere names it. The API pages are `/interface/nb/list/{n}.json`:
`{"code": 0, "result": {"total", "pageNo", "rows": [{"docTitle", "docUrl", "pubDate"}]},
"hot": [...]}` — `hot` a 专题 sidebar whose first entry is the province's annual report (a copy
this site hosts, not one of its reports); past the last page `rows` is empty. Its hints:
`list_url = "/interface/nb/list/{page}.json"`, `json_path = "result.rows"`.

`hinted-html` (E): an HTML column with an ordinary 下一页 pager (`index_1.html` …) whose items are
`<li><span class="bt">title</span><a href="art/…">[查看]</a><span class="rq">date</span></li>`:
the link's own text says nothing. Its hint: `item_selector = "ul.nb-list li"`.
The lists also name one lookalike (a 报表) that must stay unarchived.
"""

from __future__ import annotations

import json
import re
from html import escape

from simsites import content
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.world import Report

HOT_TITLE = "福建省人民政府2023年政府信息公开工作年度报告"
HOT_PATH = "/xxgk/zt/fjsnb2023.html"
LOOKALIKE_ID = 9
MODES = {  # mode -> (column folder, its registry hints)
    "api": ("/xxgk/nb/", {"list_url": "/interface/nb/list/{page}.json", "json_path": "result.rows"}),
    "html": ("/xxgk/gknb/", {"item_selector": "ul.nb-list li"}),
}


class HintedSite(Site):
    def __init__(self, farm, name="hinted-api", home="Y", mode="api"):
        super().__init__(farm, name)
        self.per_page, self.home, self.flavour, self.mode = farm.per_page, home, home, mode
        self.col = MODES[mode][0]
        self.lookalike_asked = 0
        self.hot_asked = 0

    def reports(self) -> list[Report]:
        return self.world.on(self.home)

    def registry_hints(self) -> dict:
        return dict(MODES[self.mode][1])

    def detail_path(self, r: Report) -> str:
        return f"{self.col}art/{r.rid}.html"

    def report_urls(self, r: Report) -> list[str]:
        return [self.base_url + self.detail_path(r)]

    def lookalike_title(self) -> str:
        return f"{self.reports()[0].agency[:6]}2023年政府网站工作年度报表"

    def rows(self) -> list[tuple[str, str, str]]:
        out = [(self.detail_path(r), r.title, r.published) for r in self.reports()]
        out.insert(len(out) // 2, (f"{self.col}art/{LOOKALIKE_ID}.html", self.lookalike_title(), "2024-01-05"))
        return out

    def pages(self) -> int:
        return max(1, -(-len(self.rows()) // self.per_page))

    def chunk(self, n: int) -> list[tuple[str, str, str]]:
        return self.rows()[(n - 1) * self.per_page: n * self.per_page]

    # --- the API column -------------------------------------------------------------
    def api_column(self) -> Response:
        script = ("<script>\nvar ctx = window.location.protocol + '//' + window.location.host;\n"
                  "function load(n){ $.getJSON(ctx + '/' + ['interface', 'nb'].join('/') + '/list/' + n + '.json', function(res){\n"
                  "  $('#list').html($.map(res.result.rows, function(it){ return '<li><a href=\"' + it.docUrl + '\">' + it.docTitle"
                  " + '</a></li>'; }).join('')); }); }\n$(function(){ load(1); });\n</script>")
        return html(f'<html><head><meta charset="utf-8"><title>政府信息公开年报</title><script src="/js/jquery.js"></script></head>'
                    f'<body><ul id="list"></ul>{script}</body></html>')

    def api_page(self, n: int) -> Response:
        rows = [{"docTitle": t, "docUrl": p, "pubDate": d} for p, t, d in self.chunk(n)] if n >= 1 else []
        data = {"code": 0, "result": {"total": len(self.rows()), "pageNo": n, "rows": rows},
                "hot": [{"title": HOT_TITLE, "url": HOT_PATH}, {"title": "政务公开专题", "url": "/xxgk/zt/"}]}
        return Response(body=json.dumps(data, ensure_ascii=False).encode("utf-8"), content_type="application/json;charset=UTF-8")

    # --- the HTML column --------------------------------------------------------------
    def html_page(self, n: int) -> Response:
        items = "".join(f'<li><span class="bt">{escape(t)}</span><a href="{escape(p.removeprefix(self.col))}" class="more">[查看]</a>'
                        f'<span class="rq">{d}</span></li>' for p, t, d in self.chunk(n + 1))
        nxt = f'<a href="index_{n + 1}.html">下一页</a>' if n + 1 < self.pages() else ""
        return html(f'<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>'
                    f'<ul class="nb-list">{items}</ul><div class="page">{nxt}</div></body></html>')

    def detail(self, title: str, body: str) -> Response:
        return html(f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1>'
                    f'<div class="content">{body}</div></body></html>')

    def route(self, req: Request) -> Response:
        p = req.path
        if p == "/robots.txt":
            return Response(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
        if self.mode == "api":
            if p in (self.col, self.col + "index.html"):
                return self.api_column()
            m = re.fullmatch(r"/interface/nb/list/(\d+)\.json", p)
            if m:
                return self.api_page(int(m.group(1)))
            if p == HOT_PATH:
                with self._lock:
                    self.hot_asked += 1
                return self.detail(HOT_TITLE, "<p>福建省人民政府2023年政府信息公开工作年度报告全文。</p>" * 20)
        else:
            m = re.fullmatch(rf"{self.col}(?:index(?:_(\d+))?\.html)?", p)
            if m:
                n = int(m.group(1) or 0)
                return self.html_page(n) if n < self.pages() else not_found_page()
        m = re.fullmatch(rf"{self.col}art/(\d+)\.html", p)
        if m and int(m.group(1)) == LOOKALIKE_ID:
            with self._lock:
                self.lookalike_asked += 1
            return self.detail(self.lookalike_title(), "<p>报表</p>")
        r = self.world.by_rid(int(m.group(1))) if m else None
        if r is not None and r.site == self.home:
            return self.detail(r.title, content.body_html(r))
        return not_found_page()
