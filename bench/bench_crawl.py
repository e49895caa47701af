"""Crawl speed and memory on the simulated sites over loopback.

    python bench/bench_crawl.py [--scale N] [--profile clean] [--build]

Serves the simulated sites from a process of their own (every body rendered before the first
request: simsites/process.py) and, in subprocesses on the same sites:
  1. the baseline: plain Scrapy following every same-host link and storing nothing
     (bench/crawl_baseline.py) — the framework's own speed on this machine;
  2. `gia crawl --fetch-only` (the crawler's own settings, politeness delays off as for any
     loopback run): every response archived in WARC with its state row.
Prints pages/s of each (Scrapy's response count / crawl time; target ≥ 300 on 2 cores), the
crawler's pages per CPU-second (steadier on a busy machine) and its ratio to the baseline, and the
crawler's peak RSS (target ≤ 300 MB for a 50,000-page crawl: --scale 240), with machine and commit.
With --build, then `gia reparse` builds the records (reports/s). The simulated servers share the
machine's cores with the crawler, so the figures are floors.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from simsites import SimFarm  # noqa: E402

FAST = dict(download_delay=0, autothrottle=False, concurrent_per_site=16, concurrent_requests=64,
            download_timeout=30, retry_times=1, progress_interval=0, retry_backoff=0.25)


def machine() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), platform.processor()) \
        if os.path.exists("/proc/cpuinfo") else platform.processor()
    return f"{platform.node()} · {os.cpu_count()} cores · {cpu} · Python {platform.python_version()} · commit {commit or '?'}{'+dirty' if dirty else ''}"


def baseline(registry: Path) -> tuple[int, float]:
    """(responses, seconds) of plain Scrapy on the same sites, same concurrency."""
    out = registry.with_name("baseline.json")
    settings = {"CONCURRENT_REQUESTS": FAST["concurrent_requests"], "CONCURRENT_REQUESTS_PER_DOMAIN": FAST["concurrent_per_site"],
                "STATS_DUMP": False}
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(HERE / "crawl_baseline.py"), "-a", f"sites={registry}",
           *[x for k, v in settings.items() for x in ("-s", f"{k}={v}")],
           "-s", f"GIA_BASELINE_STATS={out}"]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=registry.parent, capture_output=True, text=True)  # not under scrapy.cfg: no project settings
    wall = time.monotonic() - t0
    if proc.returncode != 0:
        raise SystemExit(f"baseline crawl failed: {proc.stderr[-2000:]}")
    stats = json.loads(out.read_text(encoding="utf-8"))
    return stats["responses"], stats["seconds"] or wall


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=5, help="multiply the simulated agencies (≈210 pages per unit)")
    ap.add_argument("--profile", default="clean", choices=["clean", "default", "hostile", "faults"])
    ap.add_argument("--per-page", type=int, default=20)
    ap.add_argument("--build", action="store_true", help="then build the records (`gia reparse`) and time it")
    ap.add_argument("--no-baseline", action="store_true", help="skip the plain-Scrapy baseline")
    args = ap.parse_args(argv)
    print(machine())
    with tempfile.TemporaryDirectory() as tmp, SimFarm(args.profile, scale=args.scale, per_page=args.per_page) as farm:
        registry = farm.write_registry(Path(tmp) / "sites.toml", **FAST)
        print(f"profile {args.profile}, scale {args.scale}: {len(farm.world.reports)} reports served")
        base = None
        if not args.no_baseline:
            base = baseline(registry)
            print(f"baseline (plain Scrapy, stores nothing): {base[0]} responses in {base[1]:.1f} s → {base[0] / base[1]:.0f} pages/s")
        archive = Path(tmp) / "archive"
        t0 = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "search_cli.cli", "crawl", "--sites", str(registry), "--archive",
                               str(archive), "--fetch-only", "--quiet", "--log-level", "ERROR"], cwd=REPO,
                              capture_output=True, text=True)
        wall = time.monotonic() - t0
        if proc.returncode not in (0, 1):
            print(proc.stderr[-2000:])
            return 1
        stats = json.loads((archive / "crawl" / "last-run.json").read_text(encoding="utf-8"))
        s = stats["scrapy"]
        pages = s.get("downloader/response_count", 0)
        elapsed = stats.get("crawl_seconds") or s.get("elapsed_time_seconds", wall)
        cpu = stats.get("crawl_cpu_seconds") or elapsed
        ratio = f"; {pages / elapsed / (base[0] / base[1]):.2f}× the baseline's pages/s" if base else ""
        print(f"gia crawl --fetch-only: {pages} responses archived in {elapsed:.1f} s → {pages / elapsed:.0f} pages/s "
              f"(target ≥ 300), {pages / cpu:.0f} pages per CPU-second{ratio}; whole command {wall:.1f} s")
        # the crawler's own VmHWM: getrusage's maxrss (Scrapy's memusage/max, RUSAGE_CHILDREN) carries its
        # parent's size over fork + exec
        crawl_peak = (stats.get("peak_rss_bytes") or 0) / 2**20
        print(f"peak RSS of the crawler process: {crawl_peak:.0f} MB for {pages} pages (target ≤ 300 MB at 50,000 pages)")
        if stats.get("peak_rss_worker_bytes"):
            print(f"peak RSS of its largest child process (build workers; an upper bound): "
                  f"{stats['peak_rss_worker_bytes'] / 2**20:.0f} MB")
        if args.build:
            t0 = time.monotonic()
            proc = subprocess.run([sys.executable, "-m", "search_cli.cli", "reparse", "--archive", str(archive)], cwd=REPO,
                                  capture_output=True, text=True)
            took = time.monotonic() - t0
            if proc.returncode != 0:
                print(proc.stderr[-2000:])
                return 1
            print(f"records built (gia reparse): {proc.stdout.strip()} in {took:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
