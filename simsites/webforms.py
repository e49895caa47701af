"""Flavour W: an ASP.NET WebForms 信息公开 column (issue 17) whose GridView pages by postback.

`/xxgk/ndbg/List.aspx` is a master page's `<form id="aspnetForm" method="post" action="./List.aspx">`
holding `__EVENTTARGET`, `__EVENTARGUMENT`, `__VIEWSTATE`, `__VIEWSTATEGENERATOR`,
`__EVENTVALIDATION`, a search box with its submit button, and the GridView `ctl00$cph$gvList`
(PageButtonCount 3, NumericFirstLast: 首页 … 1 2 3 ... 尾页). Every pager link is
`javascript:__doPostBack('ctl00$cph$gvList','Page$N')` (`&#39;`-quoted, as ASP.NET 4 renders it):
page 2 and on exist only as answers to that POST — `List.aspx?page=2` is page 1, like any query
ASP.NET does not read. The server checks a postback as ASP.NET does: no `__VIEWSTATE` or
`__EVENTVALIDATION`, or one not signed by this server, is the yellow "state information is invalid"
error page (HTTP 500); an event the page's `__EVENTVALIDATION` does not list is "Invalid postback or
callback argument" (500). A page number past the end answers the last page, as GridView does.
Clicking the search button (a POST carrying `btnSearch`) searches for the empty key: page 1 again.
The list also names one lookalike (a 报表) that must stay unarchived. A report's page prints the
catalogue table (索引号, 主题分类, 发布机构, 成文日期, 名称, 文号, 发布日期) above it, its 发布机构 the
government's general office for every report, the department's too.

`webforms-linkbutton` (flavour O) is the same page with the other common pager: four LinkButtons
`__doPostBack('ctl00$cph$lbtnNext','')` … with no argument — 首页 上一页 下一页 尾页 and
"第 N 页 / 共 M 页" — the ones that cannot be used on this page rendered disabled (no href), as
ASP.NET does. Which page a step reaches depends on the page it was posted from (its __VIEWSTATE).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections import Counter
from datetime import date, timedelta
from html import escape

from simsites import content
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.world import SITES, Report

COL = "/xxgk/ndbg/"
LIST = COL + "List.aspx"
GRID = "ctl00$cph$gvList"
LINK_BUTTONS = {"首页": "ctl00$cph$lbtnFirst", "上一页": "ctl00$cph$lbtnPrev", "下一页": "ctl00$cph$lbtnNext", "尾页": "ctl00$cph$lbtnLast"}
SEARCH_BUTTON = "ctl00$cph$btnSearch"
LOOKALIKE_ID = 1
PAGE_BUTTONS = 3
_SECRET = b"machineKey-validationKey"
_YELLOW = ("<html><head><title>{title}</title></head><body bgcolor=\"white\"><span><H1>“/”应用程序中的服务器错误。<hr width=100% "
           "size=1 color=silver></H1><h2><i>{title}</i></h2></span><b>说明:</b> 执行当前 Web 请求期间，出现未经处理的异常。"
           "<br><b>异常详细信息:</b> System.Web.HttpException: {title}</body></html>")
STATE_INVALID = "The state information is invalid for this page and might be corrupted."
EVENT_INVALID = "Invalid postback or callback argument."


def detail_path(r: Report) -> str:
    return f"{COL}Detail.aspx?id={r.rid}"


def _sign(payload: bytes) -> str:
    """A base64 blob ASP.NET-like (`/wE…`): the payload and its MAC under the server's machine key."""
    mac = hmac.new(_SECRET, payload, hashlib.sha1).digest()
    return base64.b64encode(b"\xff\x01" + payload + b"\x00" + mac).decode("ascii")


def _verified(blob: str | None) -> bytes | None:
    try:
        raw = base64.b64decode(blob or "", validate=True)
    except ValueError:
        return None
    payload, mac = raw[2:-21], raw[-20:]  # the MAC: the last 20 bytes (SHA-1), after a NUL
    ok = raw[:2] == b"\xff\x01" and hmac.compare_digest(mac, hmac.new(_SECRET, payload, hashlib.sha1).digest())
    return payload if ok else None


def _event_hash(target: str, argument: str) -> str:
    return hashlib.sha1(f"{target}|{argument}".encode()).hexdigest()[:8]


class WebFormsSite(Site):
    flavour = "W"

    def __init__(self, farm, name="webforms", home="W", pager="gridview"):
        super().__init__(farm, name)
        self.per_page, self.home, self.flavour, self.pager_kind = farm.per_page, home, home, pager
        self.pages_posted: Counter = Counter()  # page number -> postbacks answered with it
        self.events_posted: Counter = Counter()  # event argument (a LinkButton's target) -> postbacks that sent it
        self.events_by_page: Counter = Counter()  # (page posted from, (target, argument)) -> postbacks
        self.rejected: Counter = Counter()      # why postbacks were refused (state, event)

    def reports(self) -> list[Report]:
        return self.world.on(self.home)

    def report_urls(self, r: Report) -> list[str]:
        return [self.base_url + detail_path(r)]

    def lookalike_title(self) -> str:
        return f"{self.reports()[0].agency[:6]}2023年政府网站工作年度报表"

    def rows(self) -> list[tuple[str, str, str]]:
        out = [(detail_path(r), r.title, r.published) for r in self.reports()]
        out.insert(len(out) // 2, (f"{COL}Detail.aspx?id={LOOKALIKE_ID}", self.lookalike_title(), "2024-01-05"))
        return out

    def pages(self) -> int:
        return max(1, -(-len(self.rows()) // self.per_page))

    # --- the page ---------------------------------------------------------------------
    def link_buttons(self, page: int) -> tuple[str, list[tuple[str, str]]]:
        """The LinkButton pager below the grid, and the events it offers (disabled buttons none)."""
        pages, cells, events = self.pages(), [], []
        for text, target in LINK_BUTTONS.items():
            usable = page > 1 if text in ("首页", "上一页") else page < pages
            if usable:
                cells.append(f"<a id=\"{target.replace('$', '_')}\" href=\"javascript:__doPostBack(&#39;{target}&#39;,&#39;&#39;)\">{text}</a>")
                events.append((target, ""))
            else:
                cells.append(f'<a id="{target.replace("$", "_")}" disabled="disabled">{text}</a>')
        return f'<div class="pager">{" ".join(cells)} 第 {page} 页 / 共 {pages} 页</div>', events

    def pager(self, page: int) -> tuple[str, list[str]]:
        """GridView's NumericFirstLast pager row, and the event arguments it offers."""
        pages = self.pages()
        if pages == 1:
            return "", []
        start = (page - 1) // PAGE_BUTTONS * PAGE_BUTTONS + 1
        end = min(start + PAGE_BUTTONS - 1, pages)
        cells: list[tuple[str, str | None]] = []
        if start > 1:
            cells += [("首页", "Page$First"), ("...", f"Page${start - 1}")]
        cells += [(str(n), None if n == page else f"Page${n}") for n in range(start, end + 1)]
        if end < pages:
            cells += [("...", f"Page${end + 1}"), ("尾页", "Page$Last")]
        tds = "".join(f"<td><span>{text}</span></td>" if arg is None else
                      f"<td><a href=\"javascript:__doPostBack(&#39;{GRID}&#39;,&#39;{arg}&#39;)\">{text}</a></td>"
                      for text, arg in cells)
        return (f'<tr class="pager"><td colspan="2"><table border="0"><tr>{tds}</tr></table></td></tr>',
                [arg for _, arg in cells if arg])

    def list_page(self, page: int) -> Response:
        chunk = self.rows()[(page - 1) * self.per_page: page * self.per_page]
        rows = "".join(f'<tr><td><a href="{escape(path.removeprefix(COL))}" target="_blank">{escape(title)}</a></td>'
                       f"<td>{date}</td></tr>" for path, title, date in chunk)
        if self.pager_kind == "linkbutton":
            pager, below = "", ""
            below, pairs = self.link_buttons(page)
        else:
            (pager, events), below = self.pager(page), ""
            pairs = [(GRID, a) for a in events]
        viewstate = _sign(f"gvList.PageIndex={page - 1}".encode())
        validation = _sign(" ".join([_event_hash(SEARCH_BUTTON, "")] + [_event_hash(t, a) for t, a in pairs]).encode())
        body = (f'<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8">'
                f"<title>政府信息公开年度报告</title></head><body>"
                f'<form method="post" action="./List.aspx" id="aspnetForm">'
                f'<div class="aspNetHidden"><input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />'
                f'<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />'
                f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate}" /></div>'
                "<script type=\"text/javascript\">\n//<![CDATA[\nvar theForm = document.forms['aspnetForm'];\n"
                "if (!theForm) { theForm = document.aspnetForm; }\nfunction __doPostBack(eventTarget, eventArgument) {\n"
                "    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {\n"
                "        theForm.__EVENTTARGET.value = eventTarget;\n        theForm.__EVENTARGUMENT.value = eventArgument;\n"
                "        theForm.submit();\n    }\n}\n//]]>\n</script>"
                '<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="0E4D3F2A" />'
                f'<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="{validation}" /></div>'
                '<div class="crumb"><a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; 政府信息公开年度报告</div>'
                '<div class="search"><input name="ctl00$cph$txtKey" type="text" id="ctl00_cph_txtKey" />'
                f'<input type="submit" name="{SEARCH_BUTTON}" value="搜索" id="ctl00_cph_btnSearch" /></div>'
                f'<div><table class="gv" cellspacing="0" rules="all" border="1" id="ctl00_cph_gvList" style="border-collapse:collapse;">'
                f'<tr><th scope="col">标题</th><th scope="col">发布日期</th></tr>{rows}{pager}</table></div>{below}'
                "</form></body></html>")
        return html(body, cacheable=False)

    def error(self, title: str) -> Response:
        return html(_YELLOW.format(title=title), status=500, cacheable=False)

    def postback(self, req: Request) -> Response:
        state = _verified(req.query.get("__VIEWSTATE"))
        events = _verified(req.query.get("__EVENTVALIDATION"))
        if state is None or events is None:
            self.rejected["state"] += 1
            return self.error(STATE_INVALID)
        current = int(state.decode().rpartition("=")[2]) + 1
        if req.query.get(SEARCH_BUTTON) is not None:  # the search button clicked: an empty key lists everything
            event = (SEARCH_BUTTON, "")
        else:
            event = (req.query.get("__EVENTTARGET") or "", req.query.get("__EVENTARGUMENT") or "")
        if _event_hash(*event) not in events.decode().split():
            self.rejected["event"] += 1
            return self.error(EVENT_INVALID)
        if event[0] == SEARCH_BUTTON:
            page = 1
        elif event[0] in LINK_BUTTONS.values():
            step = {v: k for k, v in LINK_BUTTONS.items()}[event[0]]
            page = {"首页": 1, "上一页": current - 1, "下一页": current + 1, "尾页": self.pages()}[step]
        else:
            step = event[1].removeprefix("Page$")
            page = {"First": 1, "Last": self.pages(), "Next": current + 1, "Prev": current - 1}.get(step) or int(step)
        page = min(max(page, 1), self.pages())
        with self._lock:
            self.pages_posted[page] += 1
            self.events_posted[event[1] or event[0]] += 1
            self.events_by_page[(current, event)] += 1
        return self.list_page(page)

    def office(self) -> str:
        """The government's general office: what this catalogue names as every entry's publisher."""
        return f"{SITES[self.home]['gov']}人民政府办公室"

    def catalogue(self, r: Report) -> dict:
        written = (date.fromisoformat(r.published) - timedelta(days=3)).isoformat()
        return {"index_no": f"{r.rid}/{r.published[:4]}-{r.rid % 10000:05d}", "publisher": self.office(), "written": written,
                "published": r.published, "doc_no": None, "topic": "政务公开"}

    def detail(self, r: Report) -> Response:
        c = self.catalogue(r)
        table = (f'<table class="xxgk_table"><tr><th>索引号：</th><td>{c["index_no"]}</td><th>主题分类：</th><td>{c["topic"]}</td></tr>'
                 f'<tr><th>发布机构：</th><td>{c["publisher"]}</td><th>成文日期：</th><td>{c["written"]}</td></tr>'
                 f'<tr><th>名　　称：</th><td colspan="3">{r.title}</td></tr>'
                 f'<tr><th>文　　号：</th><td></td><th>发布日期：</th><td>{c["published"]}</td></tr></table>')
        return html(f'<html><head><meta charset="utf-8"><title>{r.title}</title></head><body><form method="post" action="./Detail.aspx?id={r.rid}" '
                    f'id="aspnetForm">{table}<h1>{r.title}</h1>'
                    f'<div class="content">{content.body_html(r)}</div></form></body></html>')

    def route(self, req: Request) -> Response:
        p = req.path.lower()  # IIS: paths are case-insensitive
        if p == "/robots.txt":
            return Response(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
        if p in (COL.lower(), LIST.lower()):
            return self.postback(req) if req.method == "POST" else self.list_page(1)
        if p == f"{COL}detail.aspx".lower():
            rid = req.query.get("id") or ""
            if rid == str(LOOKALIKE_ID):
                return html(f"<html><head><title>{self.lookalike_title()}</title></head><body><h1>{self.lookalike_title()}</h1>"
                            "<p>详见附件。</p></body></html>")
            r = self.world.by_rid(int(rid)) if rid.isdigit() else None
            if r is not None and r.site == self.home:
                return self.detail(r)
        return not_found_page()
