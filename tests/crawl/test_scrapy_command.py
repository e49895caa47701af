"""`scrapy crawl reports` (plain Scrapy, scrapy.cfg at the repository root) is the same crawl as
`gia crawl`: same spider, same archive, same records, the registry's [settings] applied — and it
can be paused and resumed with Scrapy's JOBDIR."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, HANG_SECONDS, REPO, compare, last_stats

pytestmark = pytest.mark.slow
SCRAPY = Path(sys.executable).with_name("scrapy")
ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}


def _scrapy_crawl(registry: Path, archive: Path, *settings: str) -> list[str]:
    return [str(SCRAPY), "crawl", "reports", "-a", f"sites={registry}", "-a", f"archive={archive}",
            "-s", "LOG_LEVEL=ERROR", "-s", "GIA_PROGRESS_INTERVAL=0", *[x for s in settings for x in ("-s", s)]]


def test_scrapy_crawl_reports_fills_the_archive_with_the_registrys_settings(tmp_path):
    with SimFarm("clean") as farm:
        registry = farm.write_registry(tmp_path / "sites.toml", only=["H", "U"], **FAST)
        proc = subprocess.run(_scrapy_crawl(registry, tmp_path / "archive", "RETRY_TIMES=0"), cwd=REPO, capture_output=True,
                              text=True, timeout=HANG_SECONDS, env=ENV)
        assert proc.returncode == 0, proc.stderr[-3000:]
        manifest = farm.manifest()
    manifest["reports"] = [r for r in manifest["reports"] if r["site"] == "H"]  # U republishes T's: only its own count
    result = compare(manifest, tmp_path / "archive")
    assert result["missing"] == [] and result["duplicated"] == []
    stats = last_stats(tmp_path / "archive")
    assert {sid: s["status"] for sid, s in stats["sites"].items()} == {"sim-H": "ok", "sim-U": "ok"}
    assert (tmp_path / "archive" / "catalog.jsonl").read_text(encoding="utf-8").count("\n") == stats["build"]["reports"]
    # the registry's [settings], not the polite project defaults (0.5 s delay, AutoThrottle, 2 a site) …
    ran = stats["settings"]
    assert (ran["DOWNLOAD_DELAY"], ran["AUTOTHROTTLE_ENABLED"], ran["CONCURRENT_REQUESTS_PER_DOMAIN"]) == (0, False, 8)
    assert float(ran["DOWNLOAD_TIMEOUT"]) == FAST["download_timeout"]
    assert int(ran["RETRY_TIMES"]) == 0  # … and -s on the command line over both


def test_scrapy_crawl_with_jobdir_stops_and_resumes(tmp_path):
    """Scrapy's JOBDIR keeps the queue and the seen requests across a stop (SIGINT: in-flight
    requests finish, the spider closes with reason "shutdown"); the same command resumes. The
    spider's own state must survive SpiderState setting `spider.state = {}` (issue 12)."""
    jobdir, archive = tmp_path / "job", tmp_path / "archive"
    with SimFarm("clean") as farm:
        # one request at a time a site, spaced: slow enough to be stopped half-way
        registry = farm.write_registry(tmp_path / "sites.toml", **{**FAST, "concurrent_per_site": 1, "download_delay": 0.05})
        cmd = _scrapy_crawl(registry, archive, f"JOBDIR={jobdir}")
        first = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=ENV)
        deadline = time.monotonic() + HANG_SECONDS
        while time.monotonic() < deadline and first.poll() is None:  # until a good part is archived
            warcs = list((archive / "warc").glob("*.open")) if (archive / "warc").exists() else []
            if warcs and warcs[0].stat().st_size > 60_000:
                break
            time.sleep(0.05)
        first.send_signal(signal.SIGINT)
        _out, err = first.communicate(timeout=HANG_SECONDS)
        assert first.returncode == 0, err[-3000:]
        stopped = last_stats(archive)
        assert stopped["reason"] == "shutdown" and stopped["build"].get("interrupted")
        fetched_first = sum(s["fetched"] for s in stopped["sites"].values())
        assert fetched_first > 0 and list(jobdir.iterdir())

        again = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=HANG_SECONDS, env=ENV)
        assert again.returncode == 0, again.stderr[-3000:]
        resumed = last_stats(archive)
        manifest = farm.manifest()
    assert resumed["reason"] == "finished" and resumed["run"] != stopped["run"]
    assert resumed["scrapy"].get("scheduler/dequeued/disk", 0) > 0  # the queue came back from the JOBDIR
    assert all(s["status"] == "ok" for s in resumed["sites"].values()), resumed["sites"]
    result = compare(manifest, archive)
    assert result["missing"] == [] and result["duplicated"] == [] and result["unexpected"] == []
    assert result["missing_urls"] == []


def test_scrapy_feed_exports_write_one_line_per_report(tmp_path):
    """Scrapy's own habit: `scrapy crawl reports -O reports.jsonl` writes the records as items."""
    import json

    from gia.archive import Archive

    with SimFarm("clean") as farm:
        registry = farm.write_registry(tmp_path / "sites.toml", only=["H"], **FAST)
        out = tmp_path / "reports.jsonl"
        proc = subprocess.run(_scrapy_crawl(registry, tmp_path / "archive") + ["-O", str(out)], cwd=REPO,
                              capture_output=True, text=True, timeout=HANG_SECONDS, env=ENV)
        assert proc.returncode == 0, proc.stderr[-3000:]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    archived = {r["id"]: r for r in Archive(tmp_path / "archive").iter_records()}
    assert len(lines) == len(archived) >= 10
    assert {r["id"] for r in lines} == set(archived)
    assert all(r["tables"] == archived[r["id"]]["tables"] and r["agency"] == archived[r["id"]]["agency"] for r in lines)
