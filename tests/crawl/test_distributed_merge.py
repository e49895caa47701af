"""`gia archive merge SRC… --into DST` (gia/archive/merge.py, search_cli/browse/merge.py): the
workers of a shared crawl that wrote into folders of their own, merged, give the archive of a
single-process crawl — WARC files of both, records rebuilt from the merged crawl state, nothing
twice — and merging again adds nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helpers importable
from simcrawl import FAST, HANG_SECONDS, REPO, compare, crawl
from test_distributed_crawl import ENV, SITES, cells, fetches_by_run, manifest_of, provenance, worker

pytestmark = pytest.mark.slow


def merge(*args: Path) -> subprocess.CompletedProcess:
    *sources, into = args
    out = subprocess.run([sys.executable, "-m", "search_cli.cli", "archive", "merge", *map(str, sources), "--into", str(into)],
                         cwd=REPO, env=ENV, capture_output=True, text=True, timeout=HANG_SECONDS)
    assert out.returncode == 0, out.stdout + out.stderr[-3000:]
    return out


def test_workers_without_a_shared_folder_merge_into_the_single_process_archive(tmp_path, redis_server):
    with SimFarm("clean") as farm:
        reference = farm.write_registry(tmp_path / "fast.toml", only=SITES, **FAST)
        expected_rc = crawl(reference, tmp_path / "reference").returncode
        slow = farm.write_registry(tmp_path / "slow.toml", only=SITES, **{**FAST, "concurrent_per_site": 1, "download_delay": 0.1})
        folders = [tmp_path / "machine-a", tmp_path / "machine-b"]
        procs = [worker(slow, folder, redis_server.url) for folder in folders]
        for proc in procs:
            out, err = proc.communicate(timeout=HANG_SECONDS)
            assert proc.returncode == expected_rc, out + err[-3000:]
            assert "2 archive folders: merge them with `gia archive merge`" in out   # the summary says what to do
        assert all(sum(fetches_by_run(f).values()) > 0 for f in folders)   # both machines fetched a share
        into = tmp_path / "merged"
        first = merge(*folders, into)
        result = compare(manifest_of(farm, SITES), into)
        assert result["missing"] == [] and result["duplicated"] == [] and result["unexpected"] == []
        assert cells(into) == cells(tmp_path / "reference")
        assert provenance(into) == provenance(tmp_path / "reference")
        warcs = {p.name for f in folders for p in (f / "warc").glob("*.warc.gz")}
        assert {p.name for p in (into / "warc").glob("*.warc.gz")} == warcs
        assert f"{len(warcs)} WARC file(s) copied" in first.stdout

        index = subprocess.run([sys.executable, "-m", "search_cli.cli", "index", "--archive", str(into)], cwd=REPO, env=ENV,
                               capture_output=True, text=True, timeout=HANG_SECONDS)
        assert index.returncode == 0, index.stderr[-3000:]
        again = merge(*folders, into)   # idempotent: nothing new, the index kept up to date
        assert "0 WARC file(s) copied" in again.stdout and "0 added" in again.stdout
        assert f"index: {len(cells(into))} document(s)" in again.stdout
        assert cells(into) == cells(tmp_path / "reference")


def test_merging_an_archive_into_itself_fails_in_one_line(tmp_path):
    (tmp_path / "a" / "warc").mkdir(parents=True)
    out = subprocess.run([sys.executable, "-m", "search_cli.cli", "archive", "merge", str(tmp_path / "a"), "--into",
                          str(tmp_path / "a")], cwd=REPO, env=ENV, capture_output=True, text=True, timeout=120)
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert out.returncode == 1 and len(lines) == 1 and "merged into" in lines[0], out.stderr
