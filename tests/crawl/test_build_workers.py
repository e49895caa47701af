"""The build's pool workers die with the process that started them (issue 12 #12: kill -9 of
`gia crawl` used to leave its forkserver and pool workers running)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import REPO

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")

BUSY_POOL = """
import time
from builder.workers import worker_pool
pool = worker_pool(2)
futures = [pool.submit(time.sleep, 600) for _ in range(2)]
time.sleep(0.5)
print("busy", flush=True)
time.sleep(600)
"""


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_pool_workers_die_when_their_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", BUSY_POOL], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout.readline().strip() == "busy"
        tree = _descendants(parent.pid)
        assert len(tree) >= 3  # the forkserver and two workers, each sleeping in a task
    finally:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 120  # a guard: with the fix they are gone at once
    while time.monotonic() < deadline and any(_alive(p) for p in tree):
        time.sleep(0.1)
    left = [p for p in tree if _alive(p)]
    for p in left:  # do not leave them behind even when the test fails
        os.kill(p, signal.SIGKILL)
    assert left == []
