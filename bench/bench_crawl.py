"""Crawl speed and memory on the simulated sites over loopback.

    python bench/bench_crawl.py [--scale N] [--profile clean]

Serves the simulated sites in this process, crawls them with `gia crawl` in a subprocess (the
crawler's own settings; politeness delays off, as for any loopback run) and prints:
pages/s of the crawl phase (Scrapy's response count / elapsed time; target ≥ 300 on 2 cores),
the time of the record-building stage, and the crawler's peak RSS (target ≤ 300 MB for a
50,000-page crawl: about --scale 180), with the machine and the commit.
The simulated servers share the machine's cores with the crawler, so the figure is a floor.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from simsites import SimFarm  # noqa: E402

FAST = dict(download_delay=0, autothrottle=False, concurrent_per_site=16, concurrent_requests=64,
            download_timeout=30, retry_times=1, progress_interval=0)


def machine() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), platform.processor()) \
        if os.path.exists("/proc/cpuinfo") else platform.processor()
    return f"{platform.node()} · {os.cpu_count()} cores · {cpu} · Python {platform.python_version()} · commit {commit or '?'}{'+dirty' if dirty else ''}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=5, help="multiply the simulated agencies (≈280 pages per unit)")
    ap.add_argument("--profile", default="clean", choices=["clean", "default", "hostile", "faults"])
    ap.add_argument("--per-page", type=int, default=20)
    args = ap.parse_args(argv)
    print(machine())
    with tempfile.TemporaryDirectory() as tmp, SimFarm(args.profile, scale=args.scale, per_page=args.per_page) as farm:
        registry = farm.write_registry(Path(tmp) / "sites.toml", **FAST)
        farm.warm()
        t0 = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "gia.cli", "crawl", "--sites", str(registry), "--archive",
                               str(Path(tmp) / "archive"), "--quiet", "--log-level", "ERROR"], cwd=REPO,
                              capture_output=True, text=True)
        wall = time.monotonic() - t0
        if proc.returncode not in (0, 1):
            print(proc.stderr[-2000:])
            return 1
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        stats = json.loads((Path(tmp) / "archive" / "crawl" / "last-run.json").read_text(encoding="utf-8"))
        s = stats["scrapy"]
        pages = s.get("downloader/response_count", 0)
        elapsed = stats.get("crawl_seconds") or s.get("elapsed_time_seconds", wall)
        print(f"profile {args.profile}, scale {args.scale}: {len(farm.world.reports)} reports served, "
              f"{pages} responses crawled in {elapsed:.1f} s → {pages / elapsed:.0f} pages/s (target ≥ 300)")
        print(f"records written: {stats['build']['reports']} (parsed {stats['build']['parsed']} in {stats.get('build_seconds', 0):.1f} s); "
              f"whole command {wall:.1f} s incl. start-up and record building")
        crawl_peak = s.get("memusage/max", 0) / 2**20
        print(f"peak RSS of the crawler process: {peak_mb:.0f} MB overall, {crawl_peak:.0f} MB while crawling "
              f"(target ≤ 300 MB at 50,000 pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
