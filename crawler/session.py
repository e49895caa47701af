"""The state of one crawl that the spider, its middlewares, pipeline and extensions share.

Scrapy gives components the crawler (settings, signals, stats); what they need beyond that — the
registry's sites, each site's status and counters, which hosts and folders are a site's, and the
archive being written — is one `CrawlSession`, made by the `reports` spider from its arguments and
exposed as `spider.session` (the one spider attribute other components read). Components take it
in `from_crawler` and are handed it directly in tests.

It holds no request logic: the spider decides what to ask for, middlewares what to do with an
answer; the session only knows where a URL belongs and keeps the tallies.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from scrapy.exceptions import NotConfigured

from crawler import discovery as d
from crawler.moves import is_site_move
from crawler.registry import Site
from crawler.sitestate import SiteState
from gia.archive import ArchiveLock, CrawlStore


class CrawlSession:
    def __init__(self, sites: dict[str, Site], store: CrawlStore | None = None, lock: ArchiveLock | None = None):
        self.sites = dict(sites)                                  # id -> Site (a moved site: its new address)
        self.states = {sid: SiteState(sid, s.name, s.max_pages) for sid, s in self.sites.items()}
        self.site_by_netloc: dict[str, str] = {}
        for sid, s in self.sites.items():
            self.site_by_netloc.setdefault(s.netloc, sid)
        self.hosts = {sid: {s.netloc} for sid, s in self.sites.items()}      # more than one once a site moved
        self.scopes = {sid: {s.column_prefix} for sid, s in self.sites.items()}
        self.store, self.lock = store, lock
        self.started_at = time.monotonic()
        self.started_cpu = time.process_time()  # CPU of the crawl phase: a steadier figure than wall time on a busy machine

    @classmethod
    def of(cls, crawler) -> "CrawlSession":
        """The running `reports` spider's session, for a component's `from_crawler`. Other spiders
        (none today) have none, and gia's components then stay out of their way."""
        session = getattr(crawler.spider, "session", None)
        if not isinstance(session, cls):
            raise NotConfigured("gia components need the reports spider's CrawlSession")
        return session

    @classmethod
    def open(cls, sites: dict[str, Site], archive_root: Path, run: str | None = None,
             shared_crawl: str | None = None) -> "CrawlSession":
        """Take the archive's writer lock and begin a run in its crawl state (`close` undoes both).
        `shared_crawl`: this is one worker of that distributed crawl (crawler/distributed/), which
        holds the archive together with its other workers."""
        lock = ArchiveLock(archive_root, "crawling", shared_crawl=shared_crawl).acquire()
        try:
            store = CrawlStore(archive_root, run=run)
            store.begin_run()
            store.remember_sites(sites)
        except BaseException:
            lock.release()
            raise
        return cls(sites, store, lock)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
        if self.lock is not None:
            self.lock.release()

    @property
    def archive_root(self) -> Path:
        return self.store.root

    # --- a paused job (JOBDIR: crawler/extensions/jobstate.py) -----------------------------
    def memory(self) -> dict:
        """What a resumed job needs to go on as the same crawl (the live objects, not copies)."""
        return {"sites": self.sites, "states": self.states, "hosts": self.hosts, "scopes": self.scopes,
                "site_by_netloc": self.site_by_netloc}

    def resume(self, memory: dict) -> None:
        """Take back what `memory` kept, for the sites this crawl still has."""
        for sid in self.sites:
            if sid in memory["states"]:
                self.sites[sid], self.states[sid] = memory["sites"][sid], memory["states"][sid]
                self.hosts[sid], self.scopes[sid] = memory["hosts"][sid], memory["scopes"][sid]
        for netloc, sid in memory["site_by_netloc"].items():
            if sid in self.sites:
                self.site_by_netloc.setdefault(netloc, sid)

    # --- where a URL belongs --------------------------------------------------------------
    def site_of(self, request) -> str | None:
        """The registry site a request is for: its meta, else its host (robots.txt, redirects)."""
        site_id = request.meta.get("site")
        if site_id is None:
            site_id = self.site_by_netloc.get(urlsplit(request.url).netloc)
            if site_id is not None:
                request.meta["site"] = site_id
        return site_id

    def on_site(self, site_id: str, url: str) -> bool:
        return urlsplit(url).netloc in self.hosts[site_id]

    def in_scope(self, site_id: str, url: str) -> bool:
        """On the site and under one of its 年报 column folders."""
        if not self.on_site(site_id, url):
            return False
        path = urlsplit(url).path
        return any(path.startswith(p) for p in self.scopes[site_id])

    def normalize(self, site_id: str, url: str) -> str:
        """Canonical URL; https links to an http-only registered host fall back to http (gkmlpt)."""
        url = d.canonical_url(url)
        parts = urlsplit(url)
        site = self.sites[site_id]
        if parts.scheme == "https" and parts.netloc == site.netloc and site.start_url.startswith("http:"):
            url = urlunsplit(parts._replace(scheme="http"))
        return url

    def follow_move(self, site_id: str, request) -> bool:
        """The start URL redirected to another host: is it the whole site moving (crawler/moves.py)?
        Then the new host is the site's for this run — its start URL and download slot; the old host
        stays one of its hosts, so old absolute links are followed through their redirects and kept
        as provenance. The registry is not rewritten (real registries keep the old address)."""
        chain = list(request.meta.get("redirect_urls") or [])
        if not request.meta.get("start") or not is_site_move(chain, list(request.meta.get("redirect_reasons") or []), request.url):
            return False
        moved = dataclasses.replace(self.sites[site_id], start_url=request.url)
        self.sites[site_id] = moved
        self.hosts[site_id].add(moved.netloc)
        self.site_by_netloc.setdefault(moved.netloc, site_id)
        self.scopes[site_id].add(moved.column_prefix)
        new = urlsplit(request.url)
        self.states[site_id].moved(f"{new.scheme}://{new.netloc}", chain[0])
        return True
