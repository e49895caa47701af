"""Run the `reports` crawl in this process and read back its summary (used by `gia crawl` and
`gia demo`). Scrapy's reactor starts once per process, so call `run_crawl` once per process.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from crawler.registry import load_registry
from gia.archive import ArchiveLock, CrawlStore
from gia.archive.state import new_run_id
from gia.errors import GiaError


def scrapy_settings(sites_file: str | Path | None, archive: str | Path, overrides: dict | None = None, log_level: str = "WARNING"):
    """The project's settings for this crawl; the registry's [settings] are the spider's to apply
    (crawler/registry.py), so they hold under `scrapy crawl reports` just the same."""
    from scrapy.settings import Settings

    import crawler.settings as defaults

    settings = Settings()
    settings.setmodule(defaults, priority="project")
    registry = load_registry(sites_file)
    settings.set("GIA_SITES", str(registry.path), priority="cmdline")
    settings.set("GIA_ARCHIVE", str(archive), priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(sites_file: str | Path | None, archive: str | Path, overrides: dict | None = None,
              log_level: str = "WARNING", only: str | None = None, redis_url: str | None = None) -> dict:
    """Crawl every registry site into `archive`; returns the run's stats (also saved in the archive).
    `redis_url`: as one worker of the shared crawl there (crawler/distributed/); the stats are then
    the whole crawl's."""
    from scrapy.crawler import CrawlerProcess

    settings = scrapy_settings(sites_file, archive, overrides, log_level)
    settings.set("LOG_INSTALL_ROOT_HANDLER", True, priority="cmdline")
    shared = None
    if redis_url:
        from crawler.distributed import apply_worker_settings
        from crawler.distributed.worker import join_crawl, sites_fingerprint

        wanted = set(only.split(",")) if only else None
        sites = [s for s in load_registry(sites_file).sites if wanted is None or s.id in wanted]
        worker = join_crawl(redis_url, archive, sites_fingerprint(sites))
        apply_worker_settings(settings, redis_url, worker)
        run, shared = worker["run"], worker["shared_crawl"]
    else:
        run = new_run_id()
        settings.set("GIA_RUN", run, priority="cmdline")
    with ArchiveLock(archive, "crawling", shared_crawl=shared):   # a busy archive or unusable state fails here, in one
        CrawlStore(archive, run=run).close()   # line, before Scrapy starts
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").setLevel(log_level)
    kwargs = {"only": only} if only else {}
    process.crawl("reports", **kwargs)
    process.start()
    stats = last_stats(archive, run)
    if stats.get("run") != run:   # the spider failed before it could finish: never show an older run as this one
        raise GiaError(f"the crawl of {archive} did not finish (see the errors above); no summary for this run")
    return stats


def last_stats(archive: str | Path, run: str | None = None) -> dict:
    """The last run's statistics (`run`: that run's, which workers sharing a folder each write)."""
    path = Path(archive) / "crawl" / ("last-run.json" if run is None else f"stats/{run}.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def summary_table(stats: dict) -> str:
    """A plain-text table: one row per site, then totals and what the recrawl changed."""
    rows = [("site", "status", "lists", "fetched", "unchanged", "reports", "errors", "note")]
    for sid, s in (stats.get("sites") or {}).items():
        c = s.get("counters") or {}
        notes = [s.get("reason")]
        if s.get("page_budget"):  # a crawl trap (or a column larger than the budget): say where it stopped
            b = s["page_budget"]
            notes.append(f"stopped at max_pages = {b['max_pages']} list pages ({b['refused']} more not read: a crawl trap, "
                         "or raise max_pages)")
        if s.get("challenge") == "passed":
            notes.append(f"JS challenge passed ({'加速乐 clearance solved' if c.get('jiasule_solved') else 'retried with its cookie'})")
        if c.get("resumed"):
            notes.append(f"{c['resumed']} taken from the interrupted run")
        if c.get("disallowed_by_robots") and s["status"] != "disallowed":
            notes.append(f"{c['disallowed_by_robots']} URL(s) disallowed by robots.txt")
        note = " ".join(n for n in notes if n)
        rows.append((f"{sid} {s.get('name', '')}", s["status"], str(s.get("list_pages", 0)), str(s.get("fetched", 0)),
                     str(s.get("unchanged", 0)), str(s.get("reports", 0)), str(s.get("errors", 0)), note))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows]
    shared = stats.get("distributed")
    if shared:   # gia crawl --redis: the table is the whole crawl's (or, interrupted, this worker's)
        lines.append(f"shared crawl {shared.get('crawl')}: {shared.get('workers')} worker(s), this one {shared.get('worker')}"
                     + ("" if shared.get("whole_crawl") else " — interrupted: this worker's figures only")
                     + (f"; {shared['archives']} archive folders: merge them with `gia archive merge`"
                        if shared.get("archives") else ""))
    b = stats.get("build") or {}
    if b.get("interrupted"):
        lines.append(f"crawl interrupted ({stats.get('reason')}): records not built; "
                     f"{sum((b.get('candidates_by_site') or {}).values())} report candidate(s) archived raw. Run the same "
                     "crawl again to resume it (what was archived is not fetched again), or `gia reparse` to build from it")
        return "\n".join(lines)
    if b.get("skipped"):
        lines.append(f"records not built (--fetch-only): {sum((b.get('candidates_by_site') or {}).values())} report "
                     "candidate(s) archived raw; run `gia reparse` to build the JSON records")
        return "\n".join(lines)
    lines.append(f"reports in archive: {b.get('reports', 0)} — new {b.get('new', 0)}, changed {b.get('changed', 0)} "
                 f"(old version kept), updated {b.get('updated', 0)}, unchanged {b.get('unchanged', 0)}; "
                 f"parsed {b.get('parsed', 0)}, skipped as not reports {b.get('not_reports', 0)}"
                 + (f"; pages OCR'd {b['ocr_pages']}" if b.get("ocr_pages") else ""))
    return "\n".join(lines)


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))
