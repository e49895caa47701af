"""Sites that misbehave the way real government sites do (gov_sites.md §6.7).

* `challenge` – soft 瑞数: the first request answers 412 + Set-Cookie + `$_ts` shell; with the cookie
  it serves a `?page=N` column (下一页 links) of real reports. Expected status: ok.
* `blocked`   – hard 瑞数: 412 always. Expected status: blocked.
* `shell`     – 瑞数 with HTTP 200: every page is the empty `$_ts` shell (nhc-style). Expected status: blocked.
* `waf`       – a cloud WAF block page with HTTP 200. Expected status: blocked.
* `robots`    – `User-agent: Baiduspider Allow: /` + `User-agent: * Disallow: /`. Expected: disallowed.
* `broken`    – the column answers 500 every time. Expected: error.
* `moved`     – 302 → meta refresh → `window.location.href` to the real column, a report listed at an
  old URL that 301s to its page, a redirect loop, dead links, a slow page and a soft 404 in the
  list, around one agency's real reports. Expected: ok.

More faults (加速乐, rate limits, transfers) are in simsites/throttle.py and simsites/transfer.py; a
site moved to another host and an `index.html` ↔ `/` column in simsites/migration.py.
"""

from __future__ import annotations

import re

from simsites import content
from simsites.http import WAF_PAGE, Request, Response, Site, html, not_found_page
from simsites.world import Report

RUISHU_COOKIE = "Qn3vXk9sR80S"
RUISHU_SHELL = ("<html><head><meta id=\"c9Ls2\" content=\"qEtq9xL\" r='m'><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};"
                "$_ts.nsd=12345;$_ts.cd=\"qEtqAJ\";</script><script src=\"/Xk2a/Lp0q.3f1c2.js\" r='m'></script></head></html>"
                "<script>_$gW();</script>")
SHELL_200 = "<html><head><script>$_ts=window['$_ts'];</script></head><body></body></html>"
COL = "/xxgk/zfxxgknb/"


def detail_path(r: Report) -> str:
    return f"/xxgk/zfxxgknb/{r.published[:7].replace('-', '')}/t{r.published.replace('-', '')}_{r.rid}.shtml"


def _detail_html(r: Report) -> Response:
    return html(f'<html><head><meta charset="utf-8"><title>{r.title}</title></head><body><h1>{r.title}</h1>'
                f'<div class="view TRS_UEDITOR trs_paper_default">{content.body_html(r)}</div></body></html>')


class ChallengeSite(Site):
    flavour = "C"

    def __init__(self, farm, name="challenge", hard: bool = False):
        super().__init__(farm, name)
        self.hard = hard
        self.per_page = farm.per_page

    def report_urls(self, r: Report) -> list[str]:
        return [self.base_url + detail_path(r)]

    def reports(self) -> list[Report]:
        return [] if self.hard else self.world.on("C")

    def route(self, req: Request) -> Response:
        if self.hard or req.cookie(RUISHU_COOKIE) != "6Hq" + self.name:
            return Response(412, RUISHU_SHELL.encode(), "text/html", cacheable=False,
                            headers=[("Set-Cookie", f"{RUISHU_COOKIE}=6Hq{self.name}; Path=/; HttpOnly")])
        if req.path == "/robots.txt":
            return not_found_page()
        if req.path == COL:
            rows = self.reports()
            pages = max(1, -(-len(rows) // self.per_page))
            n = int(req.query.get("page") or 1) if str(req.query.get("page") or "1").isdigit() else 1
            if n > pages:  # a calendar-style trap: any page number answers, repeating the last page
                n = pages
            chunk = rows[(n - 1) * self.per_page: n * self.per_page]
            # session ids in URLs (a crawl trap: every visit would look like new pages)
            items = "".join(f'<li><a href="{detail_path(r)};jsessionid=A{n}F3">{r.title}</a></li>' for r in chunk)
            nxt = f'<a href="?page={n + 1}">下一页</a>' if n < pages else f'<a href="?page={n + 1}">&gt;</a>'
            return html(f'<html><head><meta charset="utf-8"><title>年报</title></head><body><ul>{items}</ul>{nxt}</body></html>')
        for r in self.reports():
            if req.path == detail_path(r):
                return _detail_html(r)
        return not_found_page()


CAPTCHA_PAGE = ('<html><head><meta charset="utf-8"><title>安全验证</title></head><body><p>请输入验证码</p>'
                '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">'
                '<form><input name="yzm"></form></body></html>')


class CaptchaSite(Site):
    """A TRS-style list, one report per page, that asks for a CAPTCHA from `index_3.html` on
    (the Dongguan pattern): pages before it are crawled, the rest is reported as partial coverage."""

    flavour = "K"
    first_captcha_page = 3

    def reports(self) -> list[Report]:
        return self.world.on("K")

    def report_urls(self, r: Report) -> list[str]:
        return [self.base_url + detail_path(r)]

    def reachable(self, r: Report) -> bool:
        return self.reports().index(r) < self.first_captcha_page

    def route(self, req: Request) -> Response:
        if req.path == "/robots.txt":
            return not_found_page()
        m = re.fullmatch(r"/xxgk/zfxxgknb/index(?:_(\d+))?\.html", req.path)
        if m:
            n = int(m.group(1) or 0)
            rows = self.reports()
            if n >= len(rows):
                return not_found_page()
            if n >= self.first_captcha_page:
                return html(CAPTCHA_PAGE, cacheable=False)
            r = rows[n]
            return html(f'<html><head><meta charset="utf-8"><title>年报</title></head><body><ul><li><a href="{detail_path(r)}">{r.title}</a></li></ul>'
                        f'<script>createPageHTML({len(rows)}, {n}, "index", "html");</script></body></html>')
        for r in self.reports():
            if req.path == detail_path(r):
                return _detail_html(r)
        return not_found_page()


class ShellSite(Site):
    """A 200 answer that is only a challenge shell: blocked because of its content, not its status."""

    flavour = "S"

    def route(self, req: Request) -> Response:
        return html(SHELL_200, cacheable=False)


class WafSite(Site):
    flavour = "W"

    def route(self, req: Request) -> Response:
        return html(WAF_PAGE, cacheable=False)


class RobotsSite(Site):
    flavour = "R"

    def route(self, req: Request) -> Response:
        if req.path == "/robots.txt":
            return Response(body=b"User-agent: Baiduspider\nAllow: /\nUser-agent: *\nDisallow: /\n", content_type="text/plain")
        return html("<html><body><a href='/xxgk/nb/2023.html'>某局2023年政府信息公开工作年度报告</a></body></html>")


class BrokenSite(Site):
    flavour = "E"

    def route(self, req: Request) -> Response:
        if req.path == "/robots.txt":
            return not_found_page()
        return html("<h1>500 Internal Server Error</h1>", status=500, cacheable=False)


class MovedSite(Site):
    """Redirects of every kind in front of a small column of real reports: the column is reached by
    302 → meta refresh → `window.location.href`; the first report is listed at an old address that
    301s to its page; a.html ↔ b.html loop."""

    flavour = "M"

    @staticmethod
    def listed_path(i: int, r: Report) -> str:
        return f"/zwgk/zfxxgknb/old_{r.rid}.html" if i == 0 else detail_path(r)

    def reports(self) -> list[Report]:
        return self.world.on("M")

    def report_urls(self, r: Report) -> list[str]:
        return [self.base_url + detail_path(r)]

    def route(self, req: Request) -> Response:
        p = req.path
        if p == "/robots.txt":
            return not_found_page()
        if p == "/zwgk/nb/":
            return Response(302, b"", "text/html", headers=[("Location", "/zwgk/old/index.html")], cacheable=False)
        if p == "/zwgk/old/index.html":
            return html('<html><head><meta http-equiv="refresh" content="0; url=../js/index.html"></head><body></body></html>')
        if p == "/zwgk/js/index.html":
            return html('<html><head><script>window.location.href="../zfxxgknb/index.html";</script></head><body></body></html>')
        m = re.fullmatch(r"/zwgk/zfxxgknb/old_(\d+)\.html", p)
        if m:  # a report moved after it was listed: 301 to its new address
            r = self.world.by_rid(int(m.group(1)))
            if r is not None and r.site == "M":
                return Response(301, b"", "text/html", headers=[("Location", detail_path(r))], cacheable=False)
        if p == "/zwgk/zfxxgknb/index.html":
            items = "".join(f'<li><a href="{self.listed_path(i, r)}">{r.title}</a></li>' for i, r in enumerate(self.reports()))
            items += ('<li><a href="/zwgk/zfxxgknb/a.html">某局2018年政府信息公开工作年度报告</a></li>'
                      '<li><a href="/zwgk/zfxxgknb/gone.html">某局2017年政府信息公开工作年度报告</a></li>'
                      '<li><a href="/zwgk/zfxxgknb/deleted.html">某局2016年政府信息公开工作年度报告</a></li>'
                      '<li><a href="/zwgk/zfxxgknb/slow.html">某局2015年政府信息公开工作年度报告</a></li>'
                      '<li><a href="/zwgk/zfxxgknb/err.html">某局2014年政府信息公开工作年度报告</a></li>')
            return html(f'<html><head><meta charset="utf-8"><title>年报</title></head><body><ul>{items}</ul></body></html>')
        if p == "/zwgk/zfxxgknb/a.html":
            return Response(302, b"", "text/html", headers=[("Location", "/zwgk/zfxxgknb/b.html")], cacheable=False)
        if p == "/zwgk/zfxxgknb/b.html":
            return Response(302, b"", "text/html", headers=[("Location", "/zwgk/zfxxgknb/a.html")], cacheable=False)
        if p == "/zwgk/zfxxgknb/deleted.html":  # soft 404: 200 with a "deleted" page
            return html("<html><head><title>页面不存在或已删除</title></head><body><p>页面不存在或已删除</p></body></html>")
        if p == "/zwgk/zfxxgknb/slow.html":
            return html("<html><body><p>slow</p></body></html>", delay=self.farm.slow_seconds, cacheable=False)
        if p == "/zwgk/zfxxgknb/err.html":
            return html("<h1>500</h1>", status=500, cacheable=False)
        for r in self.reports():
            if p == detail_path(r):
                return _detail_html(r)
        return not_found_page()
