"""Recrawls that must lose nothing: kill -9 in the middle of a crawl, rerun, and get the same archive
as an uninterrupted crawl; a new report that shifts every countdown page, recrawled incrementally."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gia.archive import Archive
from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, REPO, compare, crawl, crawl_cmd, identity, last_stats

pytestmark = pytest.mark.slow


def _archived_parts(archive: Path) -> set:
    """(url, run) of every report page and attachment in the crawl state."""
    import sqlite3

    db = sqlite3.connect(archive / "crawl" / "state.sqlite")
    try:
        return set(db.execute("SELECT f.url, f.run FROM fetches f JOIN parts p ON p.url = f.url "
                              "WHERE p.role IN ('page', 'page_part', 'file') AND f.status = 200"))
    finally:
        db.close()


def _content(archive: Path) -> set:
    return {(*identity(r), r["source"]["content_sha256"]) for r in Archive(archive).iter_records()}


def test_kill_9_mid_crawl_then_rerun_gives_the_same_archive(tmp_path):
    with SimFarm("clean") as farm:
        reference = farm.write_registry(tmp_path / "fast.toml", **FAST)
        crawl(reference, tmp_path / "reference")
        # slow enough to be killed in the middle: one request at a time per site, small delay
        slow = farm.write_registry(tmp_path / "slow.toml", **{**FAST, "concurrent_per_site": 1, "download_delay": 0.02})
        archive = tmp_path / "killed"
        proc = subprocess.Popen(crawl_cmd(slow, archive), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "PYTHONWARNINGS": "ignore"})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # wait until it has archived a good part of the sites
            warcs = list((archive / "warc").glob("*.open")) if (archive / "warc").exists() else []
            if warcs and warcs[0].stat().st_size > 60_000:
                break
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert list((archive / "warc").glob("*.open")), "the crawl was killed while writing its WARC"
        for path in (archive / "reports").rglob("*") if (archive / "reports").exists() else []:
            if path.is_file() and path.suffix == ".json" and not path.name.startswith(".tmp-"):
                json.loads(path.read_text(encoding="utf-8"))  # never a half-written record (temp files are skipped by readers)

        killed_parts = _archived_parts(archive)
        assert killed_parts, "the killed run archived report pages or attachments"
        crawl(slow, archive)  # resume
        # what the killed run archived is taken from the archive, not asked for again (rows keep their run)
        assert _archived_parts(archive) >= killed_parts
        resumed = sum(site["resumed"] for site in last_stats(archive)["sites"].values())
        assert resumed >= len(killed_parts)
        result = compare(farm.manifest(), archive)
        assert result["missing"] == [] and result["duplicated"] == [] and result["unexpected"] == []
        assert _content(archive) == _content(tmp_path / "reference")
        warcio = Path(sys.executable).with_name("warcio")
        check = subprocess.run([str(warcio), "check", *map(str, sorted((archive / "warc").glob("*.warc.gz")))],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        assert not list((archive / "warc").glob("*.open"))


def test_new_reports_shifting_countdown_pages_lose_nothing(tmp_path):
    """§6.5: two new reports shift every item of the VSB countdown pager and add a page, so every
    page's file name now holds other items; the incremental recrawl still has every report."""
    from simsites.vsb import VsbSite

    with SimFarm("clean", per_page=5) as farm:
        registry = farm.write_registry(tmp_path / "sites.toml", only=["P"], **FAST)
        site: VsbSite = farm.sites["P"]
        crawl(registry, tmp_path / "archive")
        pages_before = -(-len(site.rows()) // site.per_page)
        new = [farm.publish_report("P"), farm.publish_report("P")]
        assert -(-len(site.rows()) // site.per_page) == pages_before + 1
        crawl(registry, tmp_path / "archive")
        manifest = farm.manifest()
        manifest["reports"] = [r for r in manifest["reports"] if r["site"] == "P"]
        result = compare(manifest, tmp_path / "archive")
        assert result["missing"] == [] and result["duplicated"] == [] and result["unexpected"] == []
        assert {(r.agency, r.year) for r in new} <= {identity(r) for r in result["records"]}
