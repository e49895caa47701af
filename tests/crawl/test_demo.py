"""`gia demo` — the README's main command — runs the whole offline pipeline and ends well."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import HANG_SECONDS, REPO  # noqa: E402

pytestmark = pytest.mark.slow


def test_gia_demo_serves_crawls_and_searches(tmp_path):
    archive = tmp_path / "archive"
    proc = subprocess.run([sys.executable, "-m", "search_cli.cli", "demo", "--archive", str(archive)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=HANG_SECONDS, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    out = proc.stdout
    assert "== serving" in out and "== crawling" in out and "== searching: 行政复议" in out
    stats = json.loads((archive / "crawl" / "last-run.json").read_text(encoding="utf-8"))
    statuses = {sid.removeprefix("sim-"): s["status"] for sid, s in stats["sites"].items()}
    assert statuses["T"] == "ok" and statuses["blocked"] == "blocked" and statuses["robots"] == "disallowed"
    assert stats["build"]["reports"] >= 90
    assert (archive / "catalog.jsonl").read_text(encoding="utf-8").count("\n") == stats["build"]["reports"]
    assert list((archive / "warc").glob("*.warc.gz"))
    assert (archive / "crawl" / "demo-sites.toml").exists()


def test_the_demo_offers_every_simulated_profile():
    from search_cli.demo import DEMO_PROFILES
    from simsites.farm import PROFILES

    assert DEMO_PROFILES == list(PROFILES)
