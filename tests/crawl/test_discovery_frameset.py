"""End to end: the column of frames (simsites/frameset.py) — a frameset whose main frame is a list
outside the column's folder, each list page's rows in an iframe — crawled for real."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, compare, crawl, identity, last_stats

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("frameset")
    with SimFarm("discovery", per_page=4) as farm:
        registry = farm.write_registry(root / "sites.toml", only=["frameset"], **FAST)
        crawl(registry, root / "archive")
        manifest = farm.manifest()
        yield {"manifest": {**manifest, "reports": [r for r in manifest["reports"] if r["site"] == "F"]},
               "stats": last_stats(root / "archive"), "archive": root / "archive"}


def test_every_report_behind_the_frames_archived_once_and_nothing_else(crawled):
    result = compare(crawled["manifest"], crawled["archive"])
    expected = {(r["agency"], r["year"]) for r in crawled["manifest"]["reports"] if r["expect"] == "archived"}
    assert len(expected) == 10  # two agencies × five years, on three list pages of four
    assert result["missing"] == [] and result["unexpected"] == [] and result["duplicated"] == []
    assert result["missing_urls"] == []
    assert sorted(identity(r) for r in result["records"]) == sorted(expected)


def test_the_site_reads_ok(crawled):
    assert crawled["stats"]["sites"]["sim-frameset"]["status"] == "ok"
