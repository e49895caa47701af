"""FinishCrawl (crawler/extensions/finish.py): when the spider closes, the records are built (or,
with --fetch-only, the candidates counted), the run's statistics saved, the lock released."""

from __future__ import annotations

import json

from scrapy.statscollectors import MemoryStatsCollector

from crawler.extensions.finish import FinishCrawl, ran_with
from crawler.extensions.progress import ProgressExtension
from gia.archive import ArchiveLock


def test_fetch_only_saves_the_runs_stats_and_releases_the_archive(spider, session, scrapy_crawler):
    session.store.record_response("http://trs.example/a.html", 200, [("Content-Type", "text/html")], b"<html>x</html>", "trs")
    session.store.add_part("http://trs.example/a.html", "http://trs.example/a.html", "page", "某局2023年…", "trs")
    session.states["trs"].started = True
    ext = FinishCrawl(session, MemoryStatsCollector(scrapy_crawler), {"DOWNLOAD_DELAY": 0.25}, build=False)
    stats = ext.spider_closed("finished")
    saved = json.loads((session.archive_root / "crawl" / "last-run.json").read_text(encoding="utf-8"))
    assert saved == json.loads(json.dumps(stats)) and saved["run"] == session.store.run and saved["reason"] == "finished"
    assert saved["build"] == {"skipped": True, "candidates_by_site": {"trs": 1}}
    assert saved["sites"]["trs"]["status"] == "ok" and saved["sites"]["trs"]["reports"] == 1
    assert saved["sites"]["other"]["status"] == "error"  # never started
    assert saved["settings"] == {"DOWNLOAD_DELAY": 0.25}
    ArchiveLock(session.archive_root, "checking").acquire().release()  # free again


def test_the_stats_say_the_politeness_the_crawl_ran_with(scrapy_crawler):
    ran = ran_with(scrapy_crawler.settings)
    assert ran["DOWNLOAD_DELAY"] == 0.25 and ran["CONCURRENT_REQUESTS_PER_DOMAIN"] == 3  # the registry's
    assert ran["RETRY_TIMES"] == 2  # the project's default


def test_the_progress_line_names_every_site(session):
    session.states["trs"].count("list_pages_ok", 2)
    line = ProgressExtension(session, 5).line()
    assert line.startswith("gia crawl: trs: 2 lists") and " | other: 0 lists" in line
