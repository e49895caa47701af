"""FinishCrawl: when the `reports` spider closes, build the records and save the run's statistics
— per-site status and counters, the build summary, Scrapy's counters, the politeness settings it
ran with, crawl time, CPU time and peak memory — in the archive (`crawl/last-run.json`,
`crawl/stats/<run>.json`, the runs table of the crawl state); then close the crawl state and
release the archive's lock. The build itself is builder/ (no Scrapy); every response is archived
by then.

No records are built with `--fetch-only` (`gia reparse` builds them later), nor when the crawl
was interrupted (Ctrl-C, SIGTERM, a JOBDIR pause): a report may then lack parts that were still
queued, and a record of it would be incomplete. The interrupted run stays unfinished in the crawl
state, so a rerun resumes it — taking what it archived from the WARC — or the same JOBDIR goes
on with its queue, and the records are built when that run finishes."""

from __future__ import annotations

import time

from scrapy import signals

from crawler.registry import REGISTRY_SETTINGS
from crawler.runstats import children_peak_rss_bytes, peak_rss_bytes
from crawler.session import CrawlSession
from gia.atomic import atomic_write_json


def ran_with(settings) -> dict:
    """The crawl's politeness as it ran (registry [settings], `-s`, gia crawl's options), for the stats."""
    return {name: settings.get(name) for name in REGISTRY_SETTINGS.values()}


class FinishCrawl:
    """The records are built when the spider is idle with nothing left to fetch — the last moment
    before Scrapy closes it — so that each record can go out as an item: Scrapy's feed exports
    (`scrapy crawl reports -O reports.jsonl`) then write one line per report of the archive, as
    for any spider. The statistics are saved when the spider closes."""

    def __init__(self, session: CrawlSession, stats, settings: dict | None = None, build: bool = True, signals_=None):
        self.session, self.scrapy_stats, self.settings, self.build = session, stats, settings or {}, build
        self.signals = signals_
        self._fetched: dict | None = None   # the crawl's own figures, taken before the build
        self._built: dict | None = None
        self.show_progress = False

    def _build(self) -> dict:
        """Build the records, with a progress bar on a terminal (plain lines when piped) unless quiet."""
        from builder import build_records
        from gia.progress import Progress

        if not self.show_progress:
            return build_records(self.session.store, self.session.archive_root, self.session.sites)
        with Progress("gia crawl: building records") as bar:
            return build_records(self.session.store, self.session.archive_root, self.session.sites, progress=bar)

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(CrawlSession.of(crawler), crawler.stats, ran_with(crawler.settings),
                  crawler.settings.getbool("GIA_BUILD_RECORDS", True), crawler.signals)
        # the build's progress shows where the crawl's does (off with --quiet: GIA_PROGRESS_INTERVAL 0)
        ext.show_progress = crawler.settings.getfloat("GIA_PROGRESS_INTERVAL", 5.0) > 0
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_idle(self, spider=None) -> None:
        """Nothing left to fetch: the spider closes with reason "finished" after this."""
        if self._built is not None or not self.build:
            return
        self._measure()
        self._built = self._build()
        if self.signals is not None:
            from gia.archive import Archive

            for record in Archive(self.session.archive_root).iter_records():
                self.signals.send_catch_log(signals.item_scraped, item=record, response=None, spider=spider)

    def spider_closed(self, reason: str) -> dict:
        try:
            return self.finish(reason)
        finally:
            self.session.close()

    def _measure(self) -> None:
        if self._fetched is None:
            session = self.session
            session.store.close_warc()
            self._fetched = {"crawl_seconds": time.monotonic() - session.started_at,
                             "crawl_cpu_seconds": time.process_time() - session.started_cpu,
                             # of the crawl itself, before the build's parse cache and records
                             "peak": peak_rss_bytes()}

    def finish(self, reason: str) -> dict:
        """Build (unless the idle spider did), then save and return the run's statistics."""
        session, store = self.session, self.session.store
        self._measure()
        crawl_seconds, crawl_cpu_seconds, peak = (self._fetched[k] for k in ("crawl_seconds", "crawl_cpu_seconds", "peak"))
        interrupted = reason != "finished"
        built = self.build_result(interrupted)
        stats = {"run": store.run, "reason": reason, "crawl_seconds": round(crawl_seconds, 3),
                 "crawl_cpu_seconds": round(crawl_cpu_seconds, 3), "peak_rss_bytes": peak,
                 # the build's worker processes (parsers, OCR) are counted too: the largest one's peak
                 "peak_rss_worker_bytes": children_peak_rss_bytes(),
                 "build_seconds": round(time.monotonic() - session.started_at - crawl_seconds, 3),
                 "settings": self.settings, "sites": {sid: st.summary() for sid, st in self.site_states().items()},
                 "build": built,
                 "scrapy": {k: v for k, v in self.scrapy_stats.get_stats().items() if isinstance(v, (int, float, str))},
                 **self.extra_stats()}
        reports = built.get("reports_by_site") or built.get("candidates_by_site") or {}
        for sid in stats["sites"]:
            stats["sites"][sid]["reports"] = reports.get(sid, 0)
        if not interrupted:  # an interrupted run stays unfinished: the next one takes what it archived (resume)
            store.finish_run(stats)
        atomic_write_json(session.archive_root / "crawl" / "stats" / f"{store.run}.json", stats)
        atomic_write_json(session.archive_root / "crawl" / "last-run.json", stats)
        return stats

    def build_result(self, interrupted: bool) -> dict:
        """What the build did (or why there was none)."""
        store = self.session.store
        if interrupted:  # Ctrl-C, SIGTERM, a JOBDIR pause: reports may lack parts still queued, so no record yet
            return {"skipped": True, "interrupted": True, "candidates_by_site": store.candidates_by_site()}
        if self.build:
            if self._built is None:   # closed "finished" without an idle spider (called directly)
                self._built = self._build()
            return self._built
        # `gia crawl --fetch-only`: raw responses only; `gia reparse` builds the records later
        return {"skipped": True, "candidates_by_site": store.candidates_by_site()}

    def site_states(self) -> dict:
        """site -> the SiteState whose summary the statistics keep (a shared crawl: all workers' merged)."""
        return self.session.states

    def extra_stats(self) -> dict:
        return {}
