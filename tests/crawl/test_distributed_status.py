"""The whole shared crawl as one (crawler/distributed/status.py): every worker's per-site state
merged into one summary, and `gia crawl --redis URL --status`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.distributed import Keys, connect
from crawler.distributed.status import merge_states, merged_states, publish, state_to_dict
from crawler.sitestate import SiteState
from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, HANG_SECONDS, REPO, crawl_cmd

ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}


def _status(url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "search_cli.cli", "crawl", "--redis", url, "--status"], cwd=REPO, env=ENV,
                          capture_output=True, text=True, timeout=120)


def test_counters_add_up_and_the_gravest_status_wins():
    start_reader, other = SiteState("s", "某市"), SiteState("s", "某市")
    start_reader.started = True
    start_reader.count("list_pages_ok", 3)
    start_reader.count("fetched", 10)
    other.count("fetched", 7)
    other.note("timeouts", "http://s.example/a")
    other.block("JS challenge", "http://s.example/b", partial=False)   # a worker never started it: blocked
    merged = merge_states("s", [state_to_dict(start_reader), state_to_dict(other)])
    assert merged.counters["fetched"] == 17 and merged.counters["list_pages_ok"] == 3
    assert merged.started and merged.status == "blocked" and merged.evidence == "http://s.example/b"
    assert merged.examples["timeouts"] == ["http://s.example/a"]


def test_a_site_read_by_one_worker_is_read_though_the_others_never_touched_it():
    reader, idle = SiteState("s", "某市"), SiteState("s", "某市")
    reader.started = True
    reader.count("timeouts")
    merged = merge_states("s", [state_to_dict(idle), state_to_dict(reader)])
    assert merged.final_status() == "degraded" and "1 timeout(s)" in merged.final_reason()


def test_published_states_merge_per_site_in_registry_order(redis_server):
    server, keys = connect(redis_server.url), Keys()
    a, b = SiteState("b-site", "乙"), SiteState("a-site", "甲")
    a.count("fetched", 2)
    publish(server, keys, "w1", {"b-site": a, "a-site": b})
    publish(server, keys, "w2", {"b-site": a})
    merged = merged_states(server, keys, ["b-site", "a-site"])
    assert list(merged) == ["b-site", "a-site"] and merged["b-site"].counters["fetched"] == 4


def test_status_of_an_empty_database_says_so(redis_server):
    out = _status(redis_server.url)
    assert out.returncode == 0 and "no shared crawl" in out.stdout


def test_status_of_a_wrong_address_fails_in_one_line(redis_server):
    redis_server.stop()
    out = _status(redis_server.url)
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert out.returncode == 1 and len(lines) == 1 and "no Redis answers" in lines[0], out.stderr


@pytest.mark.slow
def test_status_shows_the_workers_the_frontier_and_the_sites_of_a_done_crawl(tmp_path, redis_server):
    with SimFarm("clean") as farm:
        registry = farm.write_registry(tmp_path / "sites.toml", only=["H", "U"], **FAST)
        proc = subprocess.run(crawl_cmd(registry, tmp_path / "archive") + ["--redis", redis_server.url], cwd=REPO, env=ENV,
                              capture_output=True, text=True, timeout=HANG_SECONDS)
        assert proc.returncode == 0, proc.stderr[-3000:]
    out = _status(redis_server.url)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert ": done (" in text and "frontier: 0 request(s) waiting, 0 leased" in text
    assert "workers: 0 alive of 1" in text and "w1 pid" in text and "finished" in text
    assert "sim-H: 2 lists" in text and "sim-U:" in text
    reports = next(ln for ln in proc.stdout.splitlines() if ln.startswith("reports in archive:")).split()[3]
    assert f"by w1: {reports} report(s)" in text


def test_a_worker_of_other_sites_is_refused_in_one_line(tmp_path, redis_server, registry):
    from crawler.distributed.worker import join_crawl, sites_fingerprint
    from crawler.registry import load_registry
    from gia.errors import GiaError

    sites = load_registry(registry).sites
    first = join_crawl(redis_server.url, tmp_path / "a", sites_fingerprint(sites))
    second = join_crawl(redis_server.url, tmp_path / "b", sites_fingerprint(list(sites)))   # the same sites
    assert first["crawl"] == second["crawl"] and (first["worker"], second["worker"]) == ("w1", "w2")
    assert first["run"].endswith("-w1")                       # the worker id goes into its WARC file names
    with pytest.raises(GiaError) as info:
        join_crawl(redis_server.url, tmp_path / "c", sites_fingerprint(sites[:1]))   # another --only
    assert "same --sites and --only" in str(info.value) and "\n" not in str(info.value)
