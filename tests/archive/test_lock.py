"""gia.archive.lock: one writer at a time; the second says who holds the archive; a dead holder frees it."""

from __future__ import annotations

import os
import subprocess
import sys


import pytest

from gia.archive import ArchiveBusy, ArchiveLock

HOLD = "import sys, time; from gia.archive import ArchiveLock; ArchiveLock(sys.argv[1], 'testing').acquire(); print('held', flush=True); time.sleep(60)"


def _holder(root):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(root)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_writer_is_refused_with_the_holders_pid(tmp_path):
    proc = _holder(tmp_path)
    try:
        with pytest.raises(ArchiveBusy) as info:
            ArchiveLock(tmp_path, "reparsing").acquire()
        message = str(info.value)
        assert f"pid {proc.pid}" in message and "testing" in message and "reparsing" in message and "\n" not in message
    finally:
        proc.kill()
        proc.wait()


def test_kill_9_of_the_holder_frees_the_archive(tmp_path):
    proc = _holder(tmp_path)
    proc.kill()
    proc.wait()
    with ArchiveLock(tmp_path, "crawling") as lock:
        assert f"pid {os.getpid()}" in lock.path.read_text()
    assert lock.path.read_text() == ""   # released: no stale holder named


def test_released_lock_can_be_taken_again(tmp_path):
    first = ArchiveLock(tmp_path, "a").acquire()
    first.release()
    ArchiveLock(tmp_path, "b").acquire().release()


def test_busy_archive_makes_gia_reparse_fail_in_one_line(tmp_path):
    (tmp_path / "crawl").mkdir()
    from gia.archive import CrawlStore

    CrawlStore(tmp_path, run="r").close()
    proc = _holder(tmp_path)
    try:
        out = subprocess.run([sys.executable, "-m", "search_cli.cli", "reparse", "--archive", str(tmp_path)],
                             capture_output=True, text=True, timeout=120)
    finally:
        proc.kill()
        proc.wait()
    assert out.returncode == 1
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "in use" in lines[0] and str(proc.pid) in lines[0], out.stderr



HOLD_SHARED = ("import sys, time; from gia.archive import ArchiveLock; "
               "ArchiveLock(sys.argv[1], 'crawling', shared_crawl=sys.argv[2]).acquire(); print('held', flush=True); time.sleep(60)")


def _shared_holder(root, crawl: str):
    proc = subprocess.Popen([sys.executable, "-c", HOLD_SHARED, str(root), crawl], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_workers_of_one_shared_crawl_hold_the_archive_together_and_keep_writers_out(tmp_path):
    proc = _shared_holder(tmp_path, "redis://h:1/0 crawl abc")
    try:
        with ArchiveLock(tmp_path, "crawling", shared_crawl="redis://h:1/0 crawl abc"):   # a second worker joins
            with pytest.raises(ArchiveBusy) as info:
                ArchiveLock(tmp_path, "indexing").acquire()                              # gia index waits
        message = str(info.value)
        assert "shared crawl redis://h:1/0 crawl abc" in message and "indexing" in message and "\n" not in message
        with pytest.raises(ArchiveBusy) as info:
            ArchiveLock(tmp_path, "crawling", shared_crawl="redis://h:1/0 crawl other").acquire()
        assert "another shared crawl" in str(info.value)
    finally:
        proc.kill()
        proc.wait()


def test_a_shared_crawl_waits_for_an_exclusive_writer(tmp_path):
    proc = _holder(tmp_path)
    try:
        with pytest.raises(ArchiveBusy) as info:
            ArchiveLock(tmp_path, "crawling", shared_crawl="redis://h:1/0 crawl abc").acquire()
        assert f"pid {proc.pid}" in str(info.value)
    finally:
        proc.kill()
        proc.wait()


def test_a_killed_workers_claim_is_cleared_by_the_next_one(tmp_path):
    proc = _shared_holder(tmp_path, "redis://h:1/0 crawl old")
    proc.kill()
    proc.wait()
    with ArchiveLock(tmp_path, "crawling", shared_crawl="redis://h:1/0 crawl new") as lock:
        assert [p.name for p in (tmp_path / ".lock.d").iterdir()] == [lock._worker_path.name]
    assert list((tmp_path / ".lock.d").iterdir()) == []
    ArchiveLock(tmp_path, "indexing").acquire().release()   # every worker gone: exclusive writers may go
