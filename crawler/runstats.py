"""The end of a crawl: build the records (unless `--fetch-only`) and save the run's statistics —
per-site status and counters, the build summary, Scrapy's counters, crawl time, CPU time and
peak memory — in the archive (`crawl/last-run.json`, `crawl/stats/<run>.json`, the runs table)."""

from __future__ import annotations

import time

from gia.atomic import atomic_write_json


def peak_rss_bytes() -> int | None:
    """This process's peak resident memory. /proc's VmHWM is the peak of this program's own memory;
    getrusage's ru_maxrss (what Scrapy's MEMUSAGE reports) survives fork + exec on Linux, so a
    crawl started by a large process (a benchmark serving the sites) would report its parent's size."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    except ImportError:  # pragma: no cover - Windows
        return None


def finish_crawl(spider, reason: str) -> dict:
    """Called once when the spider closes; returns the stats it saved."""
    from builder import build_records

    store = spider.store
    store.close_warc()
    crawl_seconds = time.monotonic() - spider.started_at
    crawl_cpu_seconds = time.process_time() - spider.started_cpu
    peak = peak_rss_bytes()  # of the crawl itself, before the build's parse cache and records
    if spider.settings.getbool("GIA_BUILD_RECORDS", True):
        built = build_records(store, spider.archive_root, spider.sites)
    else:  # `gia crawl --fetch-only`: raw responses only; `gia reparse` builds the records later
        built = {"skipped": True, "candidates_by_site": store.candidates_by_site()}
    stats = {"run": store.run, "reason": reason, "crawl_seconds": round(crawl_seconds, 3),
             "crawl_cpu_seconds": round(crawl_cpu_seconds, 3), "peak_rss_bytes": peak,
             "build_seconds": round(time.monotonic() - spider.started_at - crawl_seconds, 3),
             "sites": {sid: st.summary() for sid, st in spider.state.items()}, "build": built,
             "scrapy": {k: v for k, v in spider.crawler.stats.get_stats().items() if isinstance(v, (int, float, str))}}
    for sid in spider.state:
        stats["sites"][sid]["reports"] = (built.get("reports_by_site") or built.get("candidates_by_site") or {}).get(sid, 0)
    store.finish_run(stats)
    atomic_write_json(spider.archive_root / "crawl" / "stats" / f"{store.run}.json", stats)
    atomic_write_json(spider.archive_root / "crawl" / "last-run.json", stats)
    store.close()
    spider.lock.release()
    return stats
