"""`gia crawl --fetch-only` archives the raw responses and builds no record; `gia reparse` then
builds the same records a full crawl would have (crawl now, parse later, e.g. on another machine)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, HANG_SECONDS, REPO, compare, crawl, crawl_cmd, identity, last_stats

pytestmark = pytest.mark.slow


def _gia(*args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "search_cli.cli", *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"}, timeout=HANG_SECONDS)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def test_fetch_only_then_reparse_gives_the_full_crawls_records(tmp_path):
    from gia.archive import Archive

    with SimFarm("clean") as farm:
        registry = farm.write_registry(tmp_path / "sites.toml", **FAST)
        crawl(registry, tmp_path / "full")
        full = compare(farm.manifest(), tmp_path / "full")
        assert full["missing"] == [] and full["duplicated"] == [] and full["unexpected"] == []
        archive = tmp_path / "fetched"
        proc = _gia(*crawl_cmd(registry, archive)[3:], "--fetch-only")

        stats = last_stats(archive)
        assert stats["build"]["skipped"] is True
        assert not list(Archive(archive).iter_records())  # no record yet
        assert list((archive / "warc").glob("*.warc.gz"))
        candidates = stats["build"]["candidates_by_site"]
        assert sum(candidates.values()) >= len([r for r in farm.manifest()["reports"] if r["expect"] == "archived"])
        assert "records not built (--fetch-only)" in proc.stdout and "gia reparse" in proc.stdout
        assert all(site["reports"] == candidates.get(sid, 0) for sid, site in stats["sites"].items())

        _gia("reparse", "--archive", str(archive))
        result = compare(farm.manifest(), archive)
        assert result["missing"] == [] and result["duplicated"] == [] and result["unexpected"] == []
        def content(root):
            return sorted((*identity(r), r["source"]["content_sha256"]) for r in Archive(root).iter_records())
        assert content(archive) == content(tmp_path / "full")
