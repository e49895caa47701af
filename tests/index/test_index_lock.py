"""`gia index` writes the index folder of the archive under the archive's exclusive lock (as crawl
and reparse do): a second writer — a real second process — is refused in one line naming the
holder's pid, with the exit code crawl and reparse use; once the holder is gone, indexing works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gia.archive import Archive, ArchiveBusy
from indexer import update_index
from tests.samples import make_record

REPO = Path(__file__).resolve().parents[2]
HOLD = ("import sys, time; from gia.archive import ArchiveLock; ArchiveLock(sys.argv[1], sys.argv[2]).acquire(); "
        "print('held', flush=True); time.sleep(120)")


@pytest.fixture
def archive(tmp_path):
    a = Archive(tmp_path / "arch")
    for i in range(3):
        a.write_record(make_record(i))
    return a.root


def _holder(root, purpose: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(root), purpose], stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert proc.stdout.readline().strip() == "held"
    return proc


def _gia_index(root) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "search_cli.cli", "index", "--quiet", "--archive", str(root)],
                          capture_output=True, text=True, timeout=300, cwd=REPO)


@pytest.mark.parametrize("purpose", ["crawling", "indexing"])
def test_a_second_writer_is_refused_naming_the_holder(archive, purpose):
    holder = _holder(archive, purpose)
    try:
        out = _gia_index(archive)
    finally:
        holder.kill()
        holder.wait()
    assert out.returncode == 1   # what crawl and reparse exit with on a busy archive
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "in use" in lines[0] and f"pid {holder.pid}" in lines[0] and purpose in lines[0], out.stderr
    assert "before indexing" in lines[0]
    assert not (archive / "index").exists() and not (archive / "index.new").exists()  # nothing written
    after = _gia_index(archive)  # the holder is gone: the lock is free again
    assert after.returncode == 0 and "3 added" in after.stdout, after.stderr


def test_gia_index_holds_the_lock_while_it_writes(archive, monkeypatch):
    from indexer import update as update_mod

    second = None
    real = update_mod._update

    def update_then_try_another(*args):
        nonlocal second
        stats = real(*args)
        with pytest.raises(ArchiveBusy) as info:   # a second writer, from inside the first one's run
            update_index(archive)
        second = str(info.value)
        return stats

    monkeypatch.setattr(update_mod, "_update", update_then_try_another)
    stats = update_index(archive)
    monkeypatch.undo()
    assert stats["added"] == 3 and second and "indexing" in second
    assert update_index(archive)["unchanged"] == 3  # released afterwards
