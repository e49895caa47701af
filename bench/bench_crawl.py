"""Crawl speed, memory and derived-data size on the simulated sites over loopback.

    python bench/bench_crawl.py [--scale N] [--profile clean] [--fetch-only] [--reparse]

Serves the simulated sites from a process of their own (every body rendered before the first
request: simsites/process.py) and, in subprocesses on the same sites:
  1. the baseline: plain Scrapy following every same-host link and storing nothing
     (bench/crawl_baseline.py) — the framework's own speed on this machine;
  2. `gia crawl` (the crawler's own settings, politeness delays off as for any loopback run): every
     response archived in WARC with its state row, then the records built — the whole job the
     user waits for. Its headline ratio is the whole crawl's pages/s (fetch and build) over the
     baseline's (target ≥ 0.8); the fetch phase's own ratio is printed beside it, labelled so.
     `--fetch-only` runs `gia crawl --fetch-only` instead (no records).
Prints pages/s of each, the crawler's pages per CPU-second (steadier on a busy machine), the
build's records/s, the crawler's peak RSS (target ≤ 300 MB for a 50,000-page crawl: --scale 240)
and the derived data per report on disk (records, crawl state, catalog; target ≤ 10 KB), with
machine and commit. With --reparse, then `gia reparse` rebuilds every record (records/s). The
simulated servers share the machine's cores with the crawler, so the figures are floors.
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
    ap.add_argument("--fetch-only", action="store_true", help="time `gia crawl --fetch-only` (no records) instead")
    ap.add_argument("--reparse", "--build", action="store_true", help="then rebuild every record (`gia reparse`) and time it")
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
        mode = ["--fetch-only"] if args.fetch_only else []
        proc = subprocess.run([sys.executable, "-m", "search_cli.cli", "crawl", "--sites", str(registry), "--archive",
                               str(archive), *mode, "--quiet", "--log-level", "ERROR"], cwd=REPO,
                              capture_output=True, text=True)
        wall = time.monotonic() - t0
        if proc.returncode not in (0, 1):
            print(proc.stderr[-2000:])
            return 1
        stats = json.loads((archive / "crawl" / "last-run.json").read_text(encoding="utf-8"))
        s = stats["scrapy"]
        pages = s.get("downloader/response_count", 0)
        fetch = stats.get("crawl_seconds") or s.get("elapsed_time_seconds", wall)
        cpu = stats.get("crawl_cpu_seconds") or fetch
        base_rate = base[0] / base[1] if base else None
        fetch_ratio = f"; fetch phase only: {pages / fetch / base_rate:.2f}× the baseline's pages/s" if base else ""
        print(f"fetch phase: {pages} responses archived in {fetch:.1f} s → {pages / fetch:.0f} pages/s "
              f"(target ≥ 300), {pages / cpu:.0f} pages per CPU-second{fetch_ratio}")
        if not args.fetch_only:
            build = stats.get("build") or {}
            took = stats.get("build_seconds") or 0.0
            records = build.get("reports", 0)
            parsed = build.get("parsed", 0)
            print(f"build phase: {parsed} candidates parsed, {records} records written in {took:.1f} s → "
                  f"{parsed / took if took else 0:.0f} parses/s (target ≥ 400 records/s); OCR'd pages {build.get('ocr_pages', 0)}")
            ratio = f" = {pages / wall / base_rate:.2f}× the baseline's pages/s (target ≥ 0.8)" if base else ""
            print(f"whole gia crawl (fetch + build, what the user waits for): {wall:.1f} s → {pages / wall:.0f} pages/s{ratio}")
            reports = max(records, 1)
            sizes = {"records": sum(p.stat().st_size for p in (archive / "reports").rglob("*.json")),
                     "crawl state": sum(p.stat().st_size for p in (archive / "crawl").glob("state.sqlite*")),
                     "catalog": (archive / "catalog.jsonl").stat().st_size if (archive / "catalog.jsonl").exists() else 0}
            warc = sum(p.stat().st_size for p in (archive / "warc").glob("*.warc.gz"))
            per = ", ".join(f"{k} {v / reports / 1024:.1f}" for k, v in sizes.items())
            print(f"derived data per report: {sum(sizes.values()) / reports / 1024:.1f} KB ({per}; target ≤ 10 KB); "
                  f"raw WARC {warc / reports / 1024:.1f} KB per report")
        else:
            print(f"whole command {wall:.1f} s")
        # the crawler's own VmHWM: getrusage's maxrss (Scrapy's memusage/max, RUSAGE_CHILDREN) carries its
        # parent's size over fork + exec
        crawl_peak = (stats.get("peak_rss_bytes") or 0) / 2**20
        print(f"peak RSS of the crawler process: {crawl_peak:.0f} MB for {pages} pages (target ≤ 300 MB at 50,000 pages)")
        if stats.get("peak_rss_worker_bytes"):
            print(f"peak RSS of its largest child process (build workers; an upper bound): "
                  f"{stats['peak_rss_worker_bytes'] / 2**20:.0f} MB")
        if args.reparse:
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
