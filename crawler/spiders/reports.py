"""`scrapy crawl reports`: one generic spider for every site in the registry.

From each site's 年报 column it reads list pages (each CMS family by its reader, crawler/lists/),
follows report links (by title) to detail pages, their continuation pages and attachments, and
yields a ReportPart item for every response that belongs to a report; the pipeline hands those to
the archive's crawl state. Every response itself is archived by the middlewares, and the records
are built when the spider closes (crawler/extensions/build.py), off the reactor (builder/).

Options: `-a sites=FILE` (default crawler/sites.toml or $GIA_SITES), `-a archive=DIR` (default
$GIA_ARCHIVE or ./archive), `-a only=ID,ID` (these registry sites only). The registry's
`[settings]` apply as they do under `gia crawl`; `-s KEY=VALUE` overrides them.

What the crawl's other components share with the spider is `spider.session` (crawler/session.py),
and nothing else: `spider.state` is Scrapy's own (its SpiderState extension sets it under JOBDIR).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import scrapy
from scrapy.http import TextResponse

from crawler import discovery as d
from crawler.failures import FailureHandler
from crawler.items import ReportPart
from crawler.lists import READERS
from crawler.lists.base import ListPage
from crawler.lists.column import HtmlColumn
from crawler.lists.hinted import HintedList, list_url
from crawler.lists.jsonlist import JsonList
from crawler.lists.webforms import postback_form
from crawler.registry import apply_registry_settings, load_registry
from crawler.scriptlinks import HandlerLinks
from crawler.session import CrawlSession
from gia.config import archive_dir


class ReportsSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, sites: str | None = None, archive: str | None = None, only: str | None = None, **kw):
        super().__init__(**kw)
        self.registry_path = sites
        self.archive_arg = archive
        self.only = set(only.split(",")) if only else None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        kwargs.setdefault("sites", crawler.settings.get("GIA_SITES"))
        kwargs.setdefault("archive", crawler.settings.get("GIA_ARCHIVE"))
        spider = super().from_crawler(crawler, *args, **kwargs)
        registry = load_registry(spider.registry_path)
        # the crawler's settings are frozen after the spider is made: the registry's [settings] still apply
        apply_registry_settings(crawler.settings, registry, priority="spider")
        sites = {s.id: s for s in registry.sites if not spider.only or s.id in spider.only}
        spider.session = CrawlSession.open(sites, archive_dir(spider.archive_arg), run=crawler.settings.get("GIA_RUN") or None,
                                           shared_crawl=crawler.settings.get("GIA_SHARED_CRAWL") or None)
        spider.failures = FailureHandler.from_settings(spider.session, crawler.settings)
        spider.list_readers = [reader(spider) for reader in READERS]
        spider.asked: dict[str, dict[str, str]] = {"list": {}, "page": {}, "script": {}}  # role -> page key -> the URL first asked for
        return spider

    # --- requests ----------------------------------------------------------------------------
    def request(self, site_id: str, url: str, callback, role: str, referer: str | None = None, **meta) -> scrapy.Request | None:
        """A request for `url` on its site (headers, cookie jar, download slot), or None when the
        page was asked for already."""
        url = self.session.normalize(site_id, url)
        meta.update(site=site_id, role=role)
        if not self.first_ask(site_id, role, url, meta):
            return None
        method = meta.pop("method", "GET")
        return scrapy.Request(url, callback=callback, method=method, **self.site_kwargs(site_id, referer, meta))

    def site_kwargs(self, site_id: str, referer: str | None, meta: dict) -> dict:
        """What every request to a site carries: its headers and cookies, its download slot and cookie jar."""
        site = self.session.sites[site_id]
        headers = dict(site.headers)
        if referer:
            headers["Referer"] = referer
        meta.update(download_slot=site.netloc, cookiejar=site_id)  # one cookie jar per site
        if not site.obey_robots:
            meta["dont_obey_robotstxt"] = True
        return {"errback": self.on_error, "headers": headers, "cookies": dict(site.cookies), "meta": meta}

    def postback_request(self, site_id: str, response, postback, hops: int) -> scrapy.Request | None:
        """The form POST a WebForms pager link makes (crawler/lists/webforms.py), as a list page; None
        without a form to post. Whether it was sent already is the list reader's to say."""
        meta = {"site": site_id, "role": "list", "hops": hops, "postback": [postback.target, postback.argument]}
        return postback_form(response, postback, callback=self.parse_list, **self.site_kwargs(site_id, response.url, meta))

    def list_request(self, site_id: str, url: str, referer: str | None = None, hops: int = 0, **meta) -> scrapy.Request | None:
        return self.request(site_id, url, self.parse_list, "list", referer=referer, hops=hops, **meta)

    def script_request(self, site_id: str, url: str, page_url: str, hops: int) -> scrapy.Request | None:
        """A list page's linked script (asked for once a crawl, however many pages link it)."""
        return self.request(site_id, url, self.parse_script, "script", referer=page_url, page_url=page_url, hops=hops)

    def first_ask(self, site_id: str, role: str, url: str, meta: dict) -> bool:
        """Ask for a list or report page once: every list page links every other, and a page linked
        as both `…/index.html` and `…/` is one page (d.page_key; the URL itself is fetched as linked)."""
        asked = self.asked.get(role)
        if asked is None or meta.get("method", "GET") != "GET":
            return True
        key = d.page_key(url)
        if key in asked:
            if asked[key] != url:
                self.session.states[site_id].count("same_page")  # the other form of a page already asked for
            return False
        asked[key] = url
        return True

    async def start(self):
        for sid, site in self.session.sites.items():
            request = self.list_request(sid, site.start_url, start=True)
            if request is not None:
                yield request
            if site.list_url:  # the registry's hint: the list discovery cannot find (crawler/lists/hinted.py)
                request = self.list_request(sid, list_url(site, 1), referer=site.start_url, hint_page=1)
                if request is not None:
                    yield request

    # --- list pages -----------------------------------------------------------------------------
    def parse_list(self, response):
        sid = response.meta["site"]
        state = self.session.states[sid]
        state.count("list_pages_ok")
        note_redirects(state, response)
        if response.meta.get("start"):
            state.started = True
            final = urlsplit(response.url).path
            self.session.scopes[sid].add(final if final.endswith("/") else final.rsplit("/", 1)[0] + "/")
        if not isinstance(response, TextResponse):
            return
        page = ListPage(response, sid)
        reader = next(r for r in self.list_readers if r.matches(page))  # the last one reads any HTML column
        yield from reader.read(page)

    def parse_script(self, response):
        """A list page's linked script: the list pages its code names (crawler/lists/column.py)."""
        code = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        column = next(r for r in self.list_readers if isinstance(r, HtmlColumn))
        yield from column.read_script(response.meta["site"], response.meta["page_url"], code, response.meta["hops"])

    def report_links(self, sid: str, link: d.Link, referer: str):
        """What a link titled like a report gives: the request for its page or file (and, for a
        mobile copy, the original's URL plus the copy as an alias part)."""
        url = self.session.normalize(sid, link.url)
        if not self.session.on_site(sid, url):
            self.session.states[sid].note("offsite", url)
            return
        primary, via = d.primary_url(url)
        if via == "wap":  # the mobile copy: remember it as a URL of the report, fetch the original
            yield ReportPart(primary, url, "alias", link.text, sid, "wap")
            url, via = primary, None
        role, callback = ("file", self.parse_file) if link.is_attachment else ("page", self.parse_detail)
        request = self.request(sid, url, callback, role, referer=referer, report_key=url, title=link.text,
                               via="mirror" if d.primary_url(url)[1] == "mirror" else via)
        if request is not None:
            self.session.states[sid].count("report_links")  # reports found so far (the progress line)
            yield request

    # --- reports --------------------------------------------------------------------------------------
    def parse_detail(self, response):
        sid = response.meta["site"]
        if not isinstance(response, TextResponse):  # a report link that turned out to be a file
            yield from self.parse_file(response)
            return
        text = response.text
        title = d.page_title(text)
        if "页面不存在" in title or "已删除" in title or "頁面不存在" in title:
            self.session.states[sid].note("soft_404", response.url)  # listed but gone: evidence kept, not a report
            return
        key, via = response.meta["report_key"], response.meta.get("via")
        yield ReportPart(key, response.url, response.meta["role"], response.meta.get("title"), sid, via)
        yield from self.redirect_parts(key, response, sid)
        stem = re.sub(r"\.s?html?$", "", urlsplit(response.url).path)
        if response.meta["role"] == "page_part":  # t…_123_1.html → t…_123 (the article's own id stays)
            stem = re.sub(r"_\d+$", "", stem)
        for link in d.anchors(response.url, text) + HandlerLinks.links(response.url, text):  # onclick="downloadFile('…')" too
            if not self.session.on_site(sid, link.url):
                continue
            lpath = urlsplit(link.url).path
            if link.is_attachment:
                yield from _one(self.request(sid, link.url, self.parse_file, "file", referer=response.url, report_key=key,
                                             title=link.text, via=via))
            elif re.fullmatch(re.escape(stem) + r"_\d+\.s?html?", lpath):
                yield from _one(self.request(sid, link.url, self.parse_detail, "page_part", referer=response.url, report_key=key,
                                             title=link.text, via=via))
            elif re.fullmatch(re.escape(stem) + r"_wap\.s?html?", lpath):
                yield ReportPart(key, link.url, "alias", link.text, sid, "wap")
        for m in re.finditer(r"viewer\.html\?file=([^\"'&\s>]+)", text):  # pdf.js viewer
            yield from _one(self.request(sid, response.urljoin(m.group(1)), self.parse_file, "file", referer=response.url,
                                         report_key=key, title=None, via=via))

    def parse_file(self, response):
        sid, key = response.meta["site"], response.meta["report_key"]
        yield ReportPart(key, response.url, "file", response.meta.get("title"), sid, response.meta.get("via"))
        yield from self.redirect_parts(key, response, sid)

    def redirect_parts(self, key: str, response, sid: str):
        """A report reached through redirects: every URL of the chain is provenance (alias, via "redirect")."""
        urls = list(response.meta.get("redirect_urls") or [])
        reasons = list(response.meta.get("redirect_reasons") or [])
        for i, url in enumerate(urls):
            yield ReportPart(key, url, "alias", f"{reasons[i] if i < len(reasons) else 'http'} → hop {i + 1}", sid, "redirect")
        if urls:
            note_redirects(self.session.states[sid], response)

    # --- a paused job (JOBDIR: crawler/extensions/jobstate.py) ------------------------------------------
    def memory(self) -> dict:
        column = next(r for r in self.list_readers if isinstance(r, HtmlColumn))
        json_list = next(r for r in self.list_readers if isinstance(r, JsonList))
        hinted = next(r for r in self.list_readers if isinstance(r, HintedList))
        return {"session": self.session.memory(), "asked": self.asked, "seen": column.seen, "json_seen": json_list.seen,
                "postbacks": column.postbacks, "hinted_seen": hinted.seen}

    def resume(self, memory: dict) -> None:
        self.session.resume(memory["session"])
        self.asked = {"script": {}, **memory["asked"]}  # job state from before linked scripts were read has none
        column = next(r for r in self.list_readers if isinstance(r, HtmlColumn))
        column.seen, column.postbacks = memory["seen"], memory.get("postbacks", {})  # absent in older job state
        next(r for r in self.list_readers if isinstance(r, HintedList)).seen = memory.get("hinted_seen", {})
        next(r for r in self.list_readers if isinstance(r, JsonList)).seen = memory.get("json_seen", {})  # absent in older job state

    # --- failures ---------------------------------------------------------------------------------------
    def on_error(self, failure):
        yield from self.failures.handle(failure)


def note_redirects(state, response) -> None:
    """HTTP redirects that led to this page (Scrapy keeps the chain in meta), as site evidence."""
    urls = list(response.meta.get("redirect_urls") or [])
    reasons = list(response.meta.get("redirect_reasons") or [])
    for i, url in enumerate(urls):
        to = urls[i + 1] if i + 1 < len(urls) else response.url
        state.redirects.append({"url": url, "to": to, "how": str(reasons[i]) if i < len(reasons) else "http"})


def _one(request):
    """A request, or nothing for None (a page already asked for)."""
    if request is not None:
        yield request
