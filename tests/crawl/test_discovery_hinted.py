"""End to end: lists that discovery cannot read (simsites/hinted.py) — an API whose URL a script
builds from pieces, items titled only beside their `[查看]` links — crawled with the registry's
list hints for them (every report once, nothing else) and without (nothing found, nothing wrong)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, compare, crawl, identity, last_stats

pytestmark = pytest.mark.slow

SITES = {"hinted-api": ("Y", 10), "hinted-html": ("E", 10)}  # site -> (its world site, reports)


def _crawl(farm, name: str, root: Path, hints: bool, drop: tuple[str, ...] = ()) -> dict:
    root.mkdir(parents=True)
    registry = farm.write_registry(root / "sites.toml", only=[name], hints=hints, **FAST)
    text = "\n".join(line for line in registry.read_text(encoding="utf-8").splitlines() if not line.startswith(drop or ("\0",)))
    registry.write_text(text, encoding="utf-8")
    before = (farm.sites[name].lookalike_asked, farm.sites[name].hot_asked)
    crawl(registry, root / "archive")
    home = SITES[name][0]
    manifest = farm.manifest()
    return {"registry": text, "stats": last_stats(root / "archive"), "archive": root / "archive",
            "lookalike_asked": farm.sites[name].lookalike_asked - before[0], "hot_asked": farm.sites[name].hot_asked - before[1],
            "manifest": {**manifest, "reports": [r for r in manifest["reports"] if r["site"] == home]}}


@pytest.fixture(scope="module", params=list(SITES))
def crawled(request, tmp_path_factory):
    name = request.param
    root = tmp_path_factory.mktemp(name)
    with SimFarm("discovery", per_page=4) as farm:
        out = {"name": name, "count": SITES[name][1],
               "with": _crawl(farm, name, root / "with", hints=True), "without": _crawl(farm, name, root / "without", hints=False)}
        if name == "hinted-api":  # the API's URL alone: its body's other lists are read too
            out["no_json_path"] = _crawl(farm, name, root / "no-json-path", hints=True, drop=("json_path",))
        yield out


def test_with_its_hints_every_report_is_archived_once_and_nothing_else(crawled):
    run = crawled["with"]
    assert "list_url" in run["registry"] or "item_selector" in run["registry"]
    result = compare(run["manifest"], run["archive"])
    expected = {(r["agency"], r["year"]) for r in run["manifest"]["reports"] if r["expect"] == "archived"}
    assert len(expected) == crawled["count"]
    assert result["missing"] == [] and result["unexpected"] == [] and result["duplicated"] == []
    assert sorted(identity(r) for r in result["records"]) == sorted(expected)
    assert run["lookalike_asked"] == 0 and run["hot_asked"] == 0  # the 报表; the JSON body's sidebar, outside json_path
    assert run["stats"]["sites"][f"sim-{crawled['name']}"]["status"] == "ok"


def test_without_its_hints_the_list_is_not_found_and_nothing_else_is_archived(crawled):
    run = crawled["without"]
    assert "list_url" not in run["registry"] and "item_selector" not in run["registry"]
    assert compare(run["manifest"], run["archive"])["records"] == []  # discovery alone finds no report here: why the hint exists
    assert run["lookalike_asked"] == 0 and run["hot_asked"] == 0


def test_the_json_path_keeps_the_rest_of_the_body_out(crawled):
    if "no_json_path" not in crawled:
        assert "json_path" not in crawled["with"]["registry"]  # the HTML list has no JSON body
        return
    run = crawled["no_json_path"]
    assert "list_url" in run["registry"] and "json_path" not in run["registry"]
    result = compare(run["manifest"], run["archive"])
    assert result["missing"] == []
    assert run["hot_asked"] >= 1  # the sidebar's report-titled entry, a report of another government: read as an item
