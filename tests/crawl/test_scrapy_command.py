"""`scrapy crawl reports` (plain Scrapy, scrapy.cfg at the repository root) is the same crawl as
`gia crawl`: same spider, same archive, same records."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, HANG_SECONDS, REPO, compare, last_stats

pytestmark = pytest.mark.slow


def test_scrapy_crawl_reports_fills_the_archive(tmp_path):
    with SimFarm("clean") as farm:
        registry = farm.write_registry(tmp_path / "sites.toml", only=["H", "U"], **FAST)
        scrapy = Path(sys.executable).with_name("scrapy")
        proc = subprocess.run([str(scrapy), "crawl", "reports", "-a", f"sites={registry}", "-a", f"archive={tmp_path / 'archive'}",
                               "-s", "LOG_LEVEL=ERROR", "-s", "GIA_PROGRESS_INTERVAL=0"], cwd=REPO, capture_output=True,
                              text=True, timeout=HANG_SECONDS, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        assert proc.returncode == 0, proc.stderr[-3000:]
        manifest = farm.manifest()
    manifest["reports"] = [r for r in manifest["reports"] if r["site"] == "H"]  # U republishes T's: only its own count
    result = compare(manifest, tmp_path / "archive")
    assert result["missing"] == [] and result["duplicated"] == []
    stats = last_stats(tmp_path / "archive")
    assert {sid: s["status"] for sid, s in stats["sites"].items()} == {"sim-H": "ok", "sim-U": "ok"}
    assert (tmp_path / "archive" / "catalog.jsonl").read_text(encoding="utf-8").count("\n") == stats["build"]["reports"]
