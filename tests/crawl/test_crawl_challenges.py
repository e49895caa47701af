"""End to end on the "challenges" profile (simsites/challenges.py): Cloudflare's "Just a moment..."
interstitial, Aliyun's slider CAPTCHA and its acw_sc__v2 cookie script, each answering the list page
with HTTP 200, are each reported blocked with the vendor named, and the run's exit code says it was
not read whole; a column whose reports only quote "Just a moment..." is crawled as usual."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from crawler.command import PARTIAL
from simsites import SimFarm
from simsites.challenges import VENDOR_NAMES

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, compare, crawl, last_stats

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("challenges")
    with SimFarm("challenges") as farm:
        registry = farm.write_registry(root / "sites.toml", **FAST)
        proc = crawl(registry, root / "archive")
        yield {"farm": farm, "proc": proc, "archive": root / "archive", "manifest": farm.manifest(),
               "stats": last_stats(root / "archive")}


def test_challenge_sites_are_blocked_with_the_vendor_named(crawled):
    sites = crawled["stats"]["sites"]
    for name, vendor in VENDOR_NAMES.items():
        state = sites[f"sim-{name}"]
        assert state["status"] == "blocked", (name, state)
        assert vendor in state["reason"], (name, state["reason"])
        assert state["challenge"] == "blocked" and state["challenge_vendor"] == vendor
        assert state.get("reports", 0) == 0
    # the summary table shows status and reason on the site's row
    table = crawled["proc"].stdout
    for name, vendor in VENDOR_NAMES.items():
        row = next(line for line in table.splitlines() if line.startswith(f"sim-{name} "))
        assert "blocked" in row and vendor in row, row


def test_the_exit_code_says_some_site_was_not_read(crawled):
    assert crawled["proc"].returncode == PARTIAL


def test_statuses_match_the_manifest(crawled):
    statuses = {sid.removeprefix("sim-"): s["status"] for sid, s in crawled["stats"]["sites"].items()}
    assert statuses == {name: s["expect_status"] for name, s in crawled["manifest"]["sites"].items()}


def test_reports_that_quote_just_a_moment_are_archived(crawled):
    assert crawled["stats"]["sites"]["sim-mention"]["status"] == "ok"
    result = compare(crawled["manifest"], crawled["archive"])
    expected = [r for r in crawled["manifest"]["reports"] if r["expect"] == "archived"]
    assert expected and result["missing"] == [] and result["unexpected"] == [] and result["duplicated"] == []
    assert all("Just a moment" in r["text"] for r in result["records"])
