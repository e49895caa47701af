"""A crawl that could not run says so: exit 1, one line, and never the previous run's summary as its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OLD_SUMMARY_MARK = "site-from-an-earlier-run"


def _archive_with_an_old_summary(tmp_path: Path) -> Path:
    archive = tmp_path / "archive"
    (archive / "crawl").mkdir(parents=True)
    old = {"run": "20200101-000000-1", "sites": {OLD_SUMMARY_MARK: {"status": "ok", "name": "旧", "reports": 9}},
           "build": {"reports": 9}}
    (archive / "crawl" / "last-run.json").write_text(json.dumps(old), encoding="utf-8")
    return archive


def _registry(tmp_path: Path) -> Path:
    path = tmp_path / "sites.toml"   # a dead port: the crawl itself would end at once
    path.write_text('[settings]\ndownload_timeout = 2\nretry_times = 0\n\n[[site]]\nname = "某县人民政府"\n'
                    'start_url = "http://127.0.0.1:9/xxgk/ndbg/"\n', encoding="utf-8")
    return path


def _crawl(tmp_path: Path, archive: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "search_cli.cli", "crawl", "--sites", str(_registry(tmp_path)),
                           "--archive", str(archive), "--quiet", "--log-level", "CRITICAL"],
                          cwd=REPO, capture_output=True, text=True, timeout=180, env={**os.environ, "PYTHONWARNINGS": "ignore"})


def test_a_corrupt_crawl_state_fails_the_run(tmp_path):
    archive = _archive_with_an_old_summary(tmp_path)
    (archive / "crawl" / "state.sqlite").write_bytes(b"this is not a database" * 100)
    proc = _crawl(tmp_path, archive)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert OLD_SUMMARY_MARK not in proc.stdout
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "state.sqlite cannot be used" in lines[0], proc.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_a_read_only_archive_fails_the_run(tmp_path):
    archive = _archive_with_an_old_summary(tmp_path)
    for path in [archive / "crawl", archive]:
        path.chmod(0o555)
    try:
        proc = _crawl(tmp_path, archive)
    finally:
        for path in [archive, archive / "crawl"]:
            path.chmod(0o755)
    assert proc.returncode == 1 and OLD_SUMMARY_MARK not in proc.stdout


def test_a_busy_archive_fails_before_the_crawl_starts(tmp_path):
    archive = _archive_with_an_old_summary(tmp_path)
    hold = ("import sys, time; from gia.archive import ArchiveLock; ArchiveLock(sys.argv[1], 'testing').acquire(); "
            "print('held', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", hold, str(archive)], stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert holder.stdout.readline().strip() == "held"
        proc = _crawl(tmp_path, archive)
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 1 and OLD_SUMMARY_MARK not in proc.stdout
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert lines == [lines[0]] and "in use" in lines[0] and str(holder.pid) in lines[0]
