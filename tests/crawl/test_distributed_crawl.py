"""A crawl shared by separate worker processes through a real redis-server (`gia crawl --redis`):
two workers, one killed with SIGKILL in the middle of the crawl, a third started late; the archive
they wrote together equals a single-process crawl of the same simulated sites — the same report
ids with the same cells, nothing missing, nothing twice — and each worker wrote WARC files of its
own name."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gia.archive import Archive
from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, HANG_SECONDS, REPO, compare, crawl, crawl_cmd, tables_of

pytestmark = pytest.mark.slow
ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}
SITES = ["T", "H", "G"]   # three families of CMS (TRS, Hanweb, gkmlpt), small enough for a quick crawl


def manifest_of(farm, sites: list[str]) -> dict:
    """The farm's manifest of the reports these sites publish (each report's home site is one of them)."""
    manifest = farm.manifest()
    return {**manifest, "reports": [r for r in manifest["reports"] if r["site"] in sites]}


def worker(registry: Path, archive: Path, url: str) -> subprocess.Popen:
    return subprocess.Popen(crawl_cmd(registry, archive) + ["--redis", url], cwd=REPO, env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def reference_and_slow(farm, tmp_path: Path, heartbeat: float) -> tuple[int, Path]:
    """(exit code of a single-process crawl of SITES into tmp_path/reference, a registry slow enough
    to disturb a shared crawl in its middle: one request at a time per site and worker, a delay all
    workers keep, this lease heartbeat)."""
    reference = farm.write_registry(tmp_path / "fast.toml", only=SITES, **FAST)
    expected_rc = crawl(reference, tmp_path / "reference").returncode
    slow = farm.write_registry(tmp_path / "slow.toml", only=SITES, **{**FAST, "concurrent_per_site": 1,
                                                                      "download_delay": 0.2, "redis_heartbeat": heartbeat})
    return expected_rc, slow


def fetches_by_run(archive: Path) -> dict[str, int]:
    path = archive / "crawl" / "state.sqlite"
    if not path.exists():
        return {}
    db = sqlite3.connect(path, timeout=10)
    try:
        return dict(db.execute("SELECT run, COUNT(*) FROM fetches GROUP BY run"))
    except sqlite3.OperationalError:   # the first worker has not made its tables yet
        return {}
    finally:
        db.close()


def provenance(archive: Path) -> dict[str, set]:
    return {r["id"]: set(r["source"]["urls"]) for r in Archive(archive).iter_records()}


def cells(archive: Path) -> dict[str, dict]:
    return {r["id"]: tables_of(r) for r in Archive(archive).iter_records()}


def test_workers_one_killed_one_late_archive_what_one_process_does(tmp_path, redis_server):
    with SimFarm("clean") as farm:
        expected_rc, slow = reference_and_slow(farm, tmp_path, heartbeat=2)   # slow enough to be killed in the middle
        archive = tmp_path / "shared"
        first, second = worker(slow, archive, redis_server.url), worker(slow, archive, redis_server.url)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:   # both workers are fetching, a good part of the sites is archived
            runs = fetches_by_run(archive)
            if len(runs) == 2 and sum(runs.values()) >= 30:
                break
            assert first.poll() is None, first.stderr.read()[-3000:]
            time.sleep(0.05)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        killed_runs = fetches_by_run(archive)
        late = worker(slow, archive, redis_server.url)
        outs = []
        for proc in (second, late):
            out, err = proc.communicate(timeout=HANG_SECONDS)
            assert proc.returncode == expected_rc, out + err[-3000:]   # the whole crawl's sites' statuses
            assert "Traceback" not in err, err[-3000:]
            outs.append(out)

        # what was in flight on the killed worker was fetched by another: nothing is missing, nothing twice
        result = compare(manifest_of(farm, SITES), archive)
        assert result["missing"] == [] and result["duplicated"] == [] and result["unexpected"] == []
        assert cells(archive) == cells(tmp_path / "reference")
        assert provenance(archive) == provenance(tmp_path / "reference")
        # the surviving and the late worker each print the whole crawl's summary: the same reports line
        reports_line = [[ln for ln in out.splitlines() if ln.startswith("reports in archive:")] for out in outs]
        assert reports_line[0] == reports_line[1] and f"reports in archive: {len(cells(archive))} " in reports_line[0][0]

    runs = fetches_by_run(archive)
    assert len(runs) == 3 and set(killed_runs) <= set(runs)   # three workers fetched, the killed one's rows kept
    survivors = [json.loads(p.read_text(encoding="utf-8")) for p in (archive / "crawl" / "stats").glob("*.json")]
    assert len(survivors) == 2 and all(s["distributed"]["whole_crawl"] for s in survivors)
    assert sum(s["distributed"]["requeued_orphans"] for s in survivors) >= 1   # the killed worker's leases were taken over
    warcs = sorted((archive / "warc").glob("*.warc.gz"))
    assert not list((archive / "warc").glob("*.open"))   # the killed worker's open file was closed by a later one
    by_worker = {}
    for path in warcs:
        run = next(r for r in runs if path.name.startswith(r + "-"))
        assert run.rsplit("-", 1)[-1].startswith("w")    # the worker id is in the name
        by_worker.setdefault(run, []).append(path.name)
    assert set(by_worker) == set(runs)                   # every worker wrote files of its own
    warcio = Path(sys.executable).with_name("warcio")
    check = subprocess.run([str(warcio), "check", *map(str, warcs)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_worker_joining_a_finished_crawl_prints_its_summary_and_fetches_nothing(tmp_path, redis_server):
    with SimFarm("clean") as farm:
        registry = farm.write_registry(tmp_path / "fast.toml", only=["H"], **FAST)
        archive = tmp_path / "shared"
        done = worker(registry, archive, redis_server.url)
        out, err = done.communicate(timeout=HANG_SECONDS)
        assert done.returncode == 0, err[-3000:]
        before = fetches_by_run(archive)
        again = worker(registry, archive, redis_server.url)
        out_again, err = again.communicate(timeout=HANG_SECONDS)
        assert again.returncode == 0, err[-3000:]
    after = fetches_by_run(archive)
    assert sum(after.values()) == sum(before.values())   # nothing asked for again
    line = [ln for ln in out.splitlines() if ln.startswith("reports in archive:")]
    assert line and line == [ln for ln in out_again.splitlines() if ln.startswith("reports in archive:")]


def test_a_worker_stopped_with_sigterm_hands_its_requests_back_at_once(tmp_path, redis_server):
    from crawler.distributed import Keys

    with SimFarm("clean") as farm:
        # a heartbeat far longer than the test: only the stopping worker's own hand-back can free its leases
        _rc, slow = reference_and_slow(farm, tmp_path, heartbeat=600)
        archive = tmp_path / "shared"
        stopped = worker(slow, archive, redis_server.url)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and sum(fetches_by_run(archive).values()) < 20:
            assert stopped.poll() is None
            time.sleep(0.05)
        stopped.send_signal(signal.SIGTERM)
        out, err = stopped.communicate(timeout=HANG_SECONDS)
        assert stopped.returncode == 3, out + err[-3000:]            # PARTIAL: interrupted
        assert "interrupted: this worker's figures only" in out
        server = redis_server.client()
        assert server.hlen(Keys().pending) == 0 and server.zcard(Keys().frontier) > 0   # nothing left leased
        rest = worker(slow, archive, redis_server.url)
        out, err = rest.communicate(timeout=HANG_SECONDS)
        assert rest.returncode == 0, out + err[-3000:]
        result = compare(manifest_of(farm, SITES), archive)
        assert result["missing"] == [] and result["duplicated"] == [] and result["unexpected"] == []
        assert cells(archive) == cells(tmp_path / "reference")
        assert provenance(archive) == provenance(tmp_path / "reference")
