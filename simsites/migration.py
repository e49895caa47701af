"""A site that moved to another host, and a column whose pages answer at `…/index.html` and `…/`
(gov_sites.md §6.7, "redirects" row).

* `migrated` – the registered (old) host: every path, robots.txt included, answers **301 to the same
  path on the new host** (a 域名变更; the registry keeps the old URL, as real registries do).
* `migrated-new` – the new host (not in the registry): a column of one agency's reports. One is
  listed by its absolute old-host URL (CMS content keeps old absolute links), so its record keeps
  the old URL as provenance. Two links must stay refused: a report title linking straight to another
  host, and an on-site page that 301s to another host (a single page moving away is not a site move).
* `elsewhere` – that other host (not in the registry); it counts every request, and a crawl must
  make none.
* `index` – a paged column whose links alternate between the `…/index.html` and `…/` forms of the
  same page: the column folder 301s to `index.html`, the `往年` sub-column's `index.html` 301s back to
  its folder (the reverse), and report folders answer 200 at both forms (a server's directory index),
  the newest report listed in both. Every page it serves is counted (`pages_served`), so a test can
  see that the crawler fetched each once.
"""

from __future__ import annotations

from collections import Counter

from simsites.faults import _detail_html, detail_path
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.throttle import column_page
from simsites.world import Report

OFFSITE_TITLE = "某区教育局2018年政府信息公开工作年度报告"      # linked straight to `elsewhere`
AWAY_TITLE = "某区卫生健康委员会2018年政府信息公开工作年度报告"   # on-site URL that 301s to `elsewhere`
AWAY_PATH = "/xxgk/zfxxgknb/away.shtml"


def moved(location: str) -> Response:
    return Response(301, b"", "text/html", headers=[("Location", location)], cacheable=False)


class MigratedSite(Site):
    """The old host: 301 to the same path (and query) on `migrated-new`, whatever the path."""

    flavour = "N"

    def reports(self) -> list[Report]:
        return self.world.on("N")

    def report_urls(self, r: Report) -> list[str]:
        new = self.farm.sites["migrated-new"]
        return [self.base_url + detail_path(r)] if r is new.listed_by_old_url() else []

    def route(self, req: Request) -> Response:
        return moved(self.farm.sites["migrated-new"].base_url + req.raw_path)


class MigratedNewSite(Site):
    """The new host of `migrated`: the same column path, the reports, and two ways off the site."""

    flavour = "N"

    def reports(self) -> list[Report]:
        return self.world.on("N")

    def listed_by_old_url(self) -> Report:
        return self.reports()[-1]

    def report_urls(self, r: Report) -> list[str]:
        return [self.base_url + detail_path(r)]

    def route(self, req: Request) -> Response:
        if req.path == "/robots.txt":
            return not_found_page()
        elsewhere = self.farm.sites["elsewhere"].base_url
        if req.path == "/xxgk/zfxxgknb/":
            page = column_page(self.reports()).body.decode()
            old = self.farm.sites["migrated"].base_url + detail_path(self.listed_by_old_url())
            page = page.replace(f'href="{detail_path(self.listed_by_old_url())}"', f'href="{old}"')
            extra = (f'<li><a href="{elsewhere}/xxgk/nb/jyj2018.shtml">{OFFSITE_TITLE}</a></li>'
                     f'<li><a href="{AWAY_PATH}">{AWAY_TITLE}</a></li>')
            return html(page.replace("</ul>", extra + "</ul>"))
        if req.path == AWAY_PATH:  # this one page moved to another host (another path): not the site
            return moved(elsewhere + "/xxgk/nb/wjw2018.shtml" + req.raw_path[len(req.path):])
        for r in self.reports():
            if req.path == detail_path(r):
                return _detail_html(r)
        return not_found_page()


class ElsewhereSite(Site):
    """Another host. It serves a report-like page at any path, so a crawl that strays here would
    archive something; `served` shows whether it was asked at all."""

    flavour = "O"

    def route(self, req: Request) -> Response:
        title = OFFSITE_TITLE if "jyj" in req.path else AWAY_TITLE
        return html(f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1>'
                    f'<p>本报告由某区人民政府办公室编制。</p></body></html>')


INDEX_COL = "/xxgk/ndbg/"
OLDER = "ln/"          # the 往年 sub-column
RECENT_PER_PAGE = 2
RECENT = 3             # the newest reports are in the main column, the rest under 往年


class IndexAliasSite(Site):
    """A column whose every page is linked in both its `index.html` and its folder form."""

    flavour = "I"

    def __init__(self, farm, name: str = "index"):
        super().__init__(farm, name)
        self.pages_served: Counter = Counter()   # ("list", n) / ("older",) / ("report", rid) -> 200s

    def reports(self) -> list[Report]:
        return self.world.on("I")

    def recent(self) -> list[Report]:
        return self.reports()[:RECENT]

    def older(self) -> list[Report]:
        return self.reports()[RECENT:]

    def folder(self, r: Report) -> str:
        sub = OLDER if r in self.older() else ""
        return f"{INDEX_COL}{sub}{r.published[:7].replace('-', '')}/{r.rid}/"

    def report_urls(self, r: Report) -> list[str]:
        # older reports are listed as …/index.html, which 301s to the folder: both are the report's URLs
        return [self.base_url + self.folder(r)] + ([self.base_url + self.folder(r) + "index.html"] if r in self.older() else [])

    def _page(self, key: tuple, body: str) -> Response:
        self.pages_served[key] += 1
        return html(f'<html><head><meta charset="utf-8"><title>年报</title></head><body>{body}</body></html>')

    def _list_page(self, n: int) -> Response:
        rows = self.recent()
        pages = -(-len(rows) // RECENT_PER_PAGE)
        chunk = rows[n * RECENT_PER_PAGE:(n + 1) * RECENT_PER_PAGE]
        items = "".join(f'<li><a href="{self.folder(r)}">{r.title}</a></li>' for r in chunk)
        newest = rows[0]  # the 最新 box: the newest report again, in the other form
        side = f'<div class="zx">最新<a href="{self.folder(newest)}index.html">{newest.title}</a></div>'
        home = INDEX_COL if n % 2 else INDEX_COL + "index.html"          # 首页 alternates between the forms
        older = INDEX_COL + (OLDER if n % 2 == 0 else OLDER + "index.html")
        pager = f'<a href="{home}">首页</a>' + (f'<a href="{INDEX_COL}index_{n + 1}.html">下一页</a>' if n + 1 < pages else "")
        return self._page(("list", n), f'<ul>{items}</ul>{side}<a href="{older}">往年</a>{pager}')

    def route(self, req: Request) -> Response:
        p = req.path
        if p == "/robots.txt":
            return not_found_page()
        if p == INDEX_COL:
            return moved(INDEX_COL + "index.html")
        if p == INDEX_COL + "index.html":
            return self._list_page(0)
        if p.startswith(INDEX_COL + "index_") and p.endswith(".html") and p[len(INDEX_COL) + 6:-5].isdigit():
            n = int(p[len(INDEX_COL) + 6:-5])
            return self._list_page(n) if 0 < n * RECENT_PER_PAGE < len(self.recent()) else not_found_page()
        if p == INDEX_COL + OLDER + "index.html":  # the reverse: index.html 301s to the folder
            return moved(INDEX_COL + OLDER)
        if p == INDEX_COL + OLDER:
            items = "".join(f'<li><a href="{self.folder(r)}index.html">{r.title}</a></li>' for r in self.older())
            back = f'<a href="../">首页</a><a href="../index.html">返回</a>'
            return self._page(("older",), f"<ul>{items}</ul>{back}")
        for r in self.reports():
            folder = self.folder(r)
            if p == folder + "index.html" and r in self.older():
                return moved(folder)
            if p in (folder, folder + "index.html"):  # a directory index: both forms are the page
                self.pages_served[("report", r.rid)] += 1
                return _detail_html(r)
        return not_found_page()
