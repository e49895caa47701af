"""`gia crawl` prints a progress line per site while it runs: pages, reports found, errors, and
the status once one is known."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from crawler.sitestate import SiteState
from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, HANG_SECONDS, REPO, crawl_cmd


def test_a_sites_progress_names_pages_reports_and_errors():
    st = SiteState("sim-T", "洛阳市人民政府")
    st.count("list_pages_ok", 11)
    st.count("fetched", 49)
    st.count("report_links", 29)
    st.note("http_404", "http://127.0.0.1/a.html")
    st.note("timeouts", "http://127.0.0.1/b.html")
    assert st.progress() == "sim-T: 11 lists, 49 new/0 same, 29 reports found, 2 errors"
    st.block("JS challenge (瑞数)", "http://127.0.0.1/")
    assert st.progress().endswith(", blocked")


def test_gia_crawl_prints_progress_while_crawling(tmp_path):
    with SimFarm("clean", slow_seconds=0.5) as farm:
        registry = farm.write_registry(tmp_path / "sites.toml", only=["T"],
                                       **{**FAST, "progress_interval": 0.05, "concurrent_per_site": 1, "download_delay": 0.01})
        cmd = [c for c in crawl_cmd(registry, tmp_path / "archive") if c != "--quiet"]
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=HANG_SECONDS,
                              env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [line for line in proc.stderr.splitlines() if line.startswith("gia crawl: sim-T:")]
    assert lines, proc.stderr[-2000:]
    last = lines[-1]
    found = int(last.split(" reports found")[0].rsplit(", ", 1)[1])
    assert found > 0 and " errors" in last
    # then the build: plain progress lines when piped, the last one at its total
    built = [line for line in proc.stderr.splitlines() if line.startswith("gia crawl: building records: ")]
    assert built, proc.stderr[-2000:]
    done, total = built[-1].rsplit(": ", 1)[1].split()[0].split("/")
    assert int(done) == int(total) > 0
    assert len(built) >= min(int(total), 5)   # about ten lines over the build, not only its end


def test_a_quiet_crawl_prints_no_build_progress(tmp_path):
    with SimFarm("clean") as farm:
        registry = farm.write_registry(tmp_path / "sites.toml", only=["T"], **FAST)
        proc = subprocess.run(crawl_cmd(registry, tmp_path / "archive"), cwd=REPO, capture_output=True, text=True,
                              timeout=HANG_SECONDS, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "building records" not in proc.stderr


def test_exit_codes_say_whether_every_site_was_read_whole():
    from crawler.command import PARTIAL, exit_code

    assert exit_code({"sites": {"a": {"status": "ok"}, "b": {"status": "ok"}}}) == 0
    assert exit_code({"sites": {"a": {"status": "ok"}, "b": {"status": "degraded"}}}) == PARTIAL
    assert exit_code({"sites": {"a": {"status": "ok"}, "b": {"status": "blocked"}}}) == PARTIAL
    assert exit_code({"sites": {"a": {"status": "ok"}}, "build": {"skipped": True, "interrupted": True}}) == PARTIAL
    assert exit_code({"sites": {"a": {"status": "error"}, "b": {"status": "blocked"}}}) == 1
