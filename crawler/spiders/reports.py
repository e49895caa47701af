"""`scrapy crawl reports`: one generic spider for every site in the registry.

From each site's 年报 column it discovers list pages (static pagers, TRS pager scripts, ?page=N,
countdown pages, Hanweb datastore + dataproxy, gkmlpt JSON), report links (by title), detail pages,
their continuation pages and attachments. Every response is archived by the middlewares; the spider
only records which responses make up which report (CrawlStore.parts). Records are built after the
crawl, off the reactor (builder/build.py).

Options: `-a sites=FILE` (default crawler/sites.toml or $GIA_SITES), `-a archive=DIR`
(default $GIA_ARCHIVE or ./archive).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import time
from urllib.parse import urlencode, urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.http import TextResponse

from builder.titles import REPORT_WORDS, is_report_title
from crawler import discovery as d
from crawler.failures import FailureHandling
from crawler.moves import is_site_move
from crawler.registry import load_registry
from crawler.sitestate import SiteState
from gia.archive import ArchiveLock, CrawlStore
from gia.config import archive_dir

MAX_HOPS = 3  # sub-column levels below the start page (pagination does not count)


class ReportsSpider(FailureHandling, scrapy.Spider):
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
        spider.setup()
        crawler.signals.connect(spider.closed_handler, signal=signals.spider_closed)
        return spider

    def setup(self) -> None:
        registry = load_registry(self.registry_path)
        self.sites = {s.id: s for s in registry.sites if not self.only or s.id in self.only}
        self.site_by_netloc = {}
        for s in self.sites.values():
            self.site_by_netloc.setdefault(s.netloc, s.id)
        self.site_hosts = {sid: {s.netloc} for sid, s in self.sites.items()}  # more than one once a site moved
        self.state = {sid: SiteState(sid, s.name) for sid, s in self.sites.items()}
        self.scopes = {sid: {s.column_prefix} for sid, s in self.sites.items()}
        self.archive_root = archive_dir(self.archive_arg)
        self.lock = ArchiveLock(self.archive_root, "crawling").acquire()   # released by finish_crawl
        self.store = CrawlStore(self.archive_root, run=self.settings.get("GIA_RUN") or None)
        self.store.begin_run()
        self.store.remember_sites(self.sites)
        self.seen_lists: dict[str, set] = {sid: set() for sid in self.sites}
        self.started_at = time.monotonic()
        self.started_cpu = time.process_time()  # CPU of the crawl phase: a steadier figure than wall time on a busy machine
        self.asked_lists: dict[str, str] = {}   # page key -> the URL first asked for
        self.asked_pages: dict[str, str] = {}

    # --- requests ----------------------------------------------------------------------------
    def normalize(self, site_id: str, url: str) -> str:
        """Canonical URL; https links to an http-only registered host fall back to http (gkmlpt)."""
        url = d.canonical_url(url)
        parts = urlsplit(url)
        if parts.scheme == "https" and parts.netloc == self.sites[site_id].netloc and self.sites[site_id].start_url.startswith("http:"):
            url = urlunsplit(parts._replace(scheme="http"))
        return url

    def req(self, site_id: str, url: str, callback, role: str, referer: str | None = None, **meta) -> scrapy.Request | None:
        site = self.sites[site_id]
        url = self.normalize(site_id, url)
        headers = dict(site.headers)
        if referer:
            headers["Referer"] = referer
        meta.update(site=site_id, role=role, download_slot=site.netloc, cookiejar=site_id)  # one cookie jar per site
        if not self.first_ask(site_id, role, url, meta):
            return None
        if not site.obey_robots:
            meta["dont_obey_robotstxt"] = True
        return scrapy.Request(url, callback=callback, errback=self.on_error, headers=headers,
                              cookies=dict(site.cookies), meta=meta, method=meta.pop("method", "GET"))

    def reqs(self, *args, **kwargs):
        """`req` as a generator of zero or one request (callbacks `yield from` it)."""
        request = self.req(*args, **kwargs)
        if request is not None:
            yield request

    async def start(self):
        for request in self.start_requests():
            yield request

    def start_requests(self):
        for sid, site in self.sites.items():
            yield from self.reqs(sid, site.start_url, self.parse_list, "list", hops=0, start=True)

    def first_ask(self, site_id: str, role: str, url: str, meta: dict) -> bool:
        """Ask for a list or report page once: every list page links every other, and a page linked
        as both `…/index.html` and `…/` is one page (d.page_key; the URL itself is fetched as linked)."""
        asked = {"list": self.asked_lists, "page": self.asked_pages}.get(role)
        if asked is None or meta.get("method", "GET") != "GET":
            return True
        key = d.page_key(url)
        if key in asked:
            if asked[key] != url:
                self.state[site_id].count("same_page")  # the other form of a page already asked for
            return False
        asked[key] = url
        return True

    def on_site(self, site_id: str, url: str) -> bool:
        return urlsplit(url).netloc in self.site_hosts[site_id]

    def in_scope(self, site_id: str, url: str) -> bool:
        if not self.on_site(site_id, url):
            return False
        path = urlsplit(url).path
        return any(path.startswith(p) for p in self.scopes[site_id])

    # --- list pages -----------------------------------------------------------------------------
    def parse_list(self, response):
        sid = response.meta["site"]
        state = self.state[sid]
        state.count("list_pages_ok")
        self.note_redirects(state, response)
        if response.meta.get("start"):
            state.started = True
            final = urlsplit(response.url).path
            self.scopes[sid].add(final if final.endswith("/") else final.rsplit("/", 1)[0] + "/")
        if not isinstance(response, TextResponse):
            return
        text = response.text
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if "json" in ctype or text.lstrip().startswith("{"):
            yield from self.parse_gkmlpt_api(response, text)
            return
        if "验证码" in text and "data:image" in text:
            state.block("CAPTCHA on list page", response.url, partial=True)
            return
        cfg = d.gkmlpt_config(text)
        if cfg:
            yield from self.gkmlpt_start(response, *cfg)
            return
        if "<datastore" in text:
            yield from self.hanweb(response, text)
            return
        target = d.redirect_target(response.url, text)
        if target:
            self.scopes[sid].add(urlsplit(target).path.rsplit("/", 1)[0] + "/")
            how = "meta refresh" if "http-equiv" in text.lower() and "refresh" in text.lower() else "javascript"
            state.redirects.append({"url": response.url, "to": self.normalize(sid, target), "how": how})
            yield from self.reqs(sid, target, self.parse_list, "list", referer=response.url, hops=response.meta.get("hops", 0))
            return
        links = d.anchors(response.url, text)
        # trap protection: a list page showing exactly the reports of one already seen (index_9999 answering
        # the last page again, an endless ?page=N) ends its pagination
        report_urls = sorted(l.url for l in links if is_report_title(l.text))
        fingerprint = hashlib.sha1("\n".join(report_urls).encode()).hexdigest()
        repeated = bool(report_urls) and fingerprint in self.seen_lists[sid]
        self.seen_lists[sid].add(fingerprint)
        hops = response.meta.get("hops", 0)
        for link in links:
            if is_report_title(link.text):
                yield from self.report_link(sid, link, response.url)
            elif REPORT_WORDS.search(link.text or "") and re.search(r"20\d\d", link.text or ""):
                state.count("not_reports")  # lookalikes: 报表, 要点, 通知 …
            elif repeated or not self.in_scope(sid, link.url):
                continue
            elif d.is_pager_link(link, response.url):
                yield from self.reqs(sid, link.url, self.parse_list, "list", referer=response.url, hops=hops)
            elif hops < MAX_HOPS and re.search(r"(/|index\.s?html?|list\.s?html?)$", urlsplit(link.url).path):
                yield from self.reqs(sid, link.url, self.parse_list, "list", referer=response.url, hops=hops + 1)
        if not repeated:
            for url in d.js_pager_urls(response.url, text):
                if self.in_scope(sid, url):
                    yield from self.reqs(sid, url, self.parse_list, "list", referer=response.url, hops=hops)

    @staticmethod
    def note_redirects(state, response) -> None:
        """HTTP redirects that led to this page (Scrapy keeps the chain in meta), as site evidence."""
        urls = list(response.meta.get("redirect_urls") or [])
        reasons = list(response.meta.get("redirect_reasons") or [])
        for i, url in enumerate(urls):
            to = urls[i + 1] if i + 1 < len(urls) else response.url
            state.redirects.append({"url": url, "to": to, "how": str(reasons[i]) if i < len(reasons) else "http"})

    def record_redirects(self, key: str, response, sid: str) -> None:
        """A report reached through redirects: every URL of the chain is provenance (alias, via "redirect")."""
        urls = list(response.meta.get("redirect_urls") or [])
        reasons = list(response.meta.get("redirect_reasons") or [])
        for i, url in enumerate(urls):
            self.store.add_part(key, url, "alias", f"{reasons[i] if i < len(reasons) else 'http'} → hop {i + 1}", sid, "redirect")
        if urls:
            self.note_redirects(self.state[sid], response)

    def report_link(self, sid: str, link: d.Link, referer: str):
        url = self.normalize(sid, link.url)
        if not self.on_site(sid, url):
            self.state[sid].note("offsite", url)
            return
        primary, via = d.primary_url(url)
        if via == "wap":  # the mobile copy: remember it as a URL of the report, fetch the original
            self.store.add_part(primary, url, "alias", link.text, sid, "wap")
            url, via = primary, None
        role, callback = ("file", self.parse_file) if link.is_attachment else ("page", self.parse_detail)
        for request in self.reqs(sid, url, callback, role, referer=referer, report_key=url, title=link.text,
                                 via="mirror" if d.primary_url(url)[1] == "mirror" else via):
            self.state[sid].count("report_links")  # reports found so far (the progress line)
            yield request

    # --- Hanweb datastore + dataproxy -------------------------------------------------------------
    def hanweb(self, response, text: str):
        sid = response.meta["site"]
        records = d.hanweb_records(response.url, text)
        for link in records:
            if is_report_title(link.text):
                yield from self.report_link(sid, link, response.url)
            else:
                self.state[sid].count("not_reports")
        params = d.hanweb_params(text)
        total = d.hanweb_total(text)
        group = response.meta.get("group") or len(records)
        if params and total is None and records:  # the column page: ask for the next group
            yield self.dataproxy(sid, response.url, params, len(records) + 1, group)
        elif total is not None and response.meta.get("first_proxy"):
            params = response.meta["params"]
            start = response.meta["endrecord"] + 1
            while start <= total:
                yield self.dataproxy(sid, response.url, params, start, group, first=False)
                start += group

    def dataproxy(self, sid, referer, params, start, group, first=True):
        base = urlsplit(self.sites[sid].start_url)
        url = urlunsplit((base.scheme, base.netloc, "/module/web/jpage/dataproxy.jsp",
                          urlencode({"startrecord": start, "endrecord": start + group - 1, "perpage": max(1, group // 3)}), ""))
        req = self.req(sid, url, self.parse_list, "list", referer=referer, hops=1, group=group, params=params,
                       endrecord=start + group - 1, first_proxy=first, method="POST", idempotent_post=True)
        return req.replace(body=urlencode(params), headers={**req.headers.to_unicode_dict(),
                                                            "Content-Type": "application/x-www-form-urlencoded"})

    # --- gkmlpt -------------------------------------------------------------------------------------
    def gkmlpt_start(self, response, sid_value: str, tree: list):
        sid = response.meta["site"]
        base = urlsplit(response.url)
        for cat, _count in d.gkmlpt_report_categories(tree):
            url = urlunsplit((base.scheme, base.netloc, f"/gkmlpt/api/all/{cat}", f"page=1&sid={sid_value}", ""))
            self.scopes[sid].add("/gkmlpt/api/")
            yield from self.reqs(sid, url, self.parse_list, "list", referer=response.url, hops=1, gk_sid=sid_value, gk_cat=cat)

    def parse_gkmlpt_api(self, response, text: str):
        sid = response.meta["site"]
        try:
            data = json.loads(text)
        except ValueError:
            self.state[sid].count("bad_json")
            return
        for art in data.get("articles") or []:
            link = d.Link(response.urljoin(art.get("url") or ""), art.get("title") or "")
            if not is_report_title(link.text):
                self.state[sid].count("not_reports")
                continue
            key = self.normalize(sid, link.url)
            if art.get("post_url"):
                self.store.add_part(key, d.canonical_url(art["post_url"]), "alias", link.text, sid, "post_url")
            yield from self.report_link(sid, link, response.url)
        page = int(dict(p.split("=", 1) for p in urlsplit(response.url).query.split("&") if "=" in p).get("page", 1))
        count = (data.get("classify") or {}).get("post_count") or data.get("total") or 0
        per_page = len(data.get("articles") or []) or 1
        if page == 1 and count:
            last = -(-int(count) // per_page)
            for p in range(2, last + 1):
                url = re.sub(r"page=\d+", f"page={p}", response.url)
                yield from self.reqs(sid, url, self.parse_list, "list", referer=response.url, hops=1)

    # --- reports --------------------------------------------------------------------------------------
    def parse_detail(self, response):
        sid = response.meta["site"]
        if not isinstance(response, TextResponse):  # a report link that turned out to be a file
            yield from self.parse_file(response)
            return
        text = response.text
        title = d.page_title(text)
        if "页面不存在" in title or "已删除" in title or "頁面不存在" in title:
            self.state[sid].note("soft_404", response.url)  # listed but gone: evidence kept, not a report
            return
        key = response.meta["report_key"]
        self.store.add_part(key, response.url, response.meta["role"], response.meta.get("title"), sid, response.meta.get("via"))
        self.record_redirects(key, response, sid)
        stem = re.sub(r"\.s?html?$", "", urlsplit(response.url).path)
        if response.meta["role"] == "page_part":  # t…_123_1.html → t…_123 (the article's own id stays)
            stem = re.sub(r"_\d+$", "", stem)
        for link in d.anchors(response.url, text):
            if not self.on_site(sid, link.url):
                continue
            lpath = urlsplit(link.url).path
            if link.is_attachment:
                yield from self.reqs(sid, link.url, self.parse_file, "file", referer=response.url, report_key=key,
                               title=link.text, via=response.meta.get("via"))
            elif re.fullmatch(re.escape(stem) + r"_\d+\.s?html?", lpath):
                yield from self.reqs(sid, link.url, self.parse_detail, "page_part", referer=response.url, report_key=key,
                               title=link.text, via=response.meta.get("via"))
            elif re.fullmatch(re.escape(stem) + r"_wap\.s?html?", lpath):
                self.store.add_part(key, link.url, "alias", link.text, sid, "wap")
        for m in re.finditer(r"viewer\.html\?file=([^\"'&\s>]+)", text):  # pdf.js viewer
            yield from self.reqs(sid, response.urljoin(m.group(1)), self.parse_file, "file", referer=response.url,
                           report_key=key, title=None, via=response.meta.get("via"))

    def parse_file(self, response):
        sid = response.meta["site"]
        self.store.add_part(response.meta["report_key"], response.url, "file", response.meta.get("title"), sid, response.meta.get("via"))
        self.record_redirects(response.meta["report_key"], response, sid)

    # --- a site that moved to another host ------------------------------------------------------------------
    def follow_move(self, site_id: str, request) -> bool:
        """The start URL redirected to another host: is it the whole site moving (crawler/moves.py)?
        Then the new host is the site's for this run — its start URL and download slot; the old host
        stays one of its hosts, so old absolute links are followed through their redirects and kept
        as provenance. The registry is not rewritten (real registries keep the old address)."""
        site = self.sites[site_id]
        chain = list(request.meta.get("redirect_urls") or [])
        if not request.meta.get("start") or not is_site_move(chain, list(request.meta.get("redirect_reasons") or []), request.url):
            return False
        moved = dataclasses.replace(site, start_url=request.url)
        self.sites[site_id] = moved
        self.site_hosts[site_id].add(moved.netloc)
        self.site_by_netloc.setdefault(moved.netloc, site_id)
        self.scopes[site_id].add(moved.column_prefix)
        new = urlsplit(request.url)
        self.state[site_id].moved(f"{new.scheme}://{new.netloc}", chain[0])
        return True

    # --- end of crawl ----------------------------------------------------------------------------------------
    def closed_handler(self, spider, reason):
        from crawler.runstats import finish_crawl

        finish_crawl(self, reason)
