"""A restart of redis-server in the middle of a shared crawl (AOF on): the workers' clients retry
until it is back, the crawl resumes from what Redis had written, and the archive equals a
single-process crawl of the same simulated sites."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helpers importable
from simcrawl import HANG_SECONDS
from test_distributed_crawl import SITES, cells, fetches_by_run, manifest_of, provenance, reference_and_slow, worker

from simcrawl import compare

pytestmark = pytest.mark.slow


def test_a_redis_restart_mid_crawl_loses_nothing(tmp_path, redis_server):
    with SimFarm("clean") as farm:
        expected_rc, slow = reference_and_slow(farm, tmp_path, heartbeat=20)
        archive = tmp_path / "shared"
        workers = [worker(slow, archive, redis_server.url) for _ in range(2)]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and sum(fetches_by_run(archive).values()) < 25:
            assert all(w.poll() is None for w in workers)
            time.sleep(0.05)
        redis_server.stop()     # SIGTERM: the AOF is on disk (appendfsync always)
        time.sleep(1.0)         # the workers meet a refused connection meanwhile
        redis_server.start()
        for proc in workers:
            out, err = proc.communicate(timeout=HANG_SECONDS)
            assert proc.returncode == expected_rc, out + err[-3000:]
            assert "Traceback" not in err, err[-3000:]
        result = compare(manifest_of(farm, SITES), archive)
        assert result["missing"] == [] and result["duplicated"] == [] and result["unexpected"] == []
        assert cells(archive) == cells(tmp_path / "reference")
        assert provenance(archive) == provenance(tmp_path / "reference")
