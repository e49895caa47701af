"""A server dying in the middle of a crawl (issue 12 #7): the site is `degraded`, not `ok`; the exit
code says the run was partial; what could not be fetched is listed; and once the server is back,
the recrawl completes the reports without keeping the incomplete ones as earlier versions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gia.archive import Archive
from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, HANG_SECONDS, REPO, compare, crawl_cmd, last_stats

PARTIAL = 3


def _crawl(registry: Path, archive: Path) -> subprocess.CompletedProcess:
    return subprocess.run(crawl_cmd(registry, archive), cwd=REPO, capture_output=True, text=True, timeout=HANG_SECONDS,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})


@pytest.mark.slow
def test_a_server_dying_mid_crawl_is_degraded_and_the_recrawl_completes_without_versions(tmp_path):
    archive = tmp_path / "archive"
    with SimFarm("clean", dying={"P": 14}) as farm:  # the 博达 site: list pages, pages, then its downloads
        # one request at a time: the same requests come before the death in every run
        registry = farm.write_registry(tmp_path / "sites.toml", only=["P"], **{**FAST, "concurrent_per_site": 1})
        first = _crawl(registry, archive)
        assert first.returncode == PARTIAL, first.stderr[-3000:]
        site = last_stats(archive)["sites"]["sim-P"]
        assert site["status"] == "degraded" and "connection failure" in site["reason"]
        assert site["examples"]["connection_failures"]
        line = next(line for line in first.stdout.splitlines() if line.startswith("sim-P"))
        assert "degraded" in line and "read in part" in line
        incomplete = [r for r in Archive(archive).iter_records() if r["source"].get("incomplete")]
        assert incomplete, "some report pages came before the death, their downloads after"
        for r in incomplete:  # a record missing a part says which, and why
            assert all(any(url in w and "not downloaded" in w for w in r["warnings"]) for url in r["source"]["incomplete"])

        farm.revive("P")
        second = _crawl(registry, archive)
        assert second.returncode == 0, second.stderr[-3000:]
        stats = last_stats(archive)
        manifest = farm.manifest()
    assert stats["sites"]["sim-P"]["status"] == "ok"
    manifest["reports"] = [r for r in manifest["reports"] if r["site"] == "P"]
    result = compare(manifest, archive)
    assert result["missing"] == [] and result["duplicated"] == [] and result["missing_urls"] == []
    records = list(Archive(archive).iter_records())
    assert not [r for r in records if r["source"].get("incomplete")]
    assert stats["build"]["changed"] == 0 and stats["build"]["updated"] >= len(incomplete)  # completed, replacing …
    assert not list((archive / "reports").rglob("*.v1.json"))  # … which were never versions of the site's


def test_an_incomplete_record_is_replaced_not_kept_as_a_version(tmp_path):
    archive = Archive(tmp_path)
    record = {"id": "r1", "agency": "某市司法局", "year": 2023, "region": {}, "source": {"content_sha256": "a", "incomplete": ["http://h/a.pdf"]}}
    archive.write_version(record)
    _path, outcome = archive.write_version({**record, "source": {"content_sha256": "b"}})
    assert outcome == "updated" and not list(tmp_path.rglob("*.v1.json"))
    _path, outcome = archive.write_version({**record, "source": {"content_sha256": "c"}})  # a real change of a whole report
    assert outcome == "changed" and list(tmp_path.rglob("*.v1.json"))
