"""Discovery recall per simulated site: every profile of simsites crawled by `gia crawl`, and for
each site the share of the reports it publishes that the archive holds (by the agency and year
the site listed them under), plus what was archived that the site does not publish.

    python bench/bench_discovery.py [--profiles clean,discovery,...]

A report a site serves but that cannot be archived by design (behind a CAPTCHA, a robots.txt
disallow, a fault site's broken body) is listed by the farm's manifest with another `expect`
and is not counted as missed. Prints machine, load and commit, then one line per site.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SETTINGS = dict(download_delay=0, autothrottle=False, concurrent_per_site=8, download_timeout=30, retry_times=1,
                progress_interval=0, retry_backoff=0.25)


def _listed(record: dict) -> tuple:
    listed = record["source"].get("listed_as") or {}
    return (listed.get("agency") or record.get("agency"), listed.get("year") or record.get("year"))


def crawl_profile(profile: str, workdir: Path) -> list[tuple[str, int, int, int]]:
    """(site, reports it publishes to archive, of them archived, archived that it does not publish)."""
    from gia.archive import Archive
    from simsites import SimFarm
    from simsites.farm import HOME

    archive = workdir / profile / "archive"
    archive.parent.mkdir(parents=True, exist_ok=True)
    with SimFarm(profile) as farm:
        registry = farm.write_registry(workdir / profile / "sites.toml", **SETTINGS)
        subprocess.run([sys.executable, "-m", "search_cli.cli", "crawl", "--sites", str(registry), "--archive", str(archive),
                        "--quiet", "--log-level", "ERROR"], cwd=REPO, capture_output=True, text=True,
                       env={**os.environ, "PYTHONWARNINGS": "ignore"})
        manifest = farm.manifest()
    found = Counter(_listed(r) for r in Archive(archive).iter_records())
    rows = []
    for name in manifest["sites"]:
        world = HOME.get(name, name)
        mine = [r for r in manifest["reports"] if r["site"] == world and any(u for u in r["urls"])]
        wanted = {(r["agency"], r["year"]) for r in mine if r["expect"] == "archived"}
        got = sum(1 for k in wanted if found.get(k))
        rows.append((name, len(wanted), got, 0))
    unexpected = [k for k in found if k not in {(r["agency"], r["year"]) for r in manifest["reports"]}]
    if unexpected:
        rows.append(("(not published by any site)", 0, 0, len(unexpected)))
    return rows


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        return out + ("+dirty" if dirty else "")
    except OSError:
        return "unknown"


def main() -> int:
    from simsites.farm import PROFILES

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profiles", default=",".join(PROFILES))
    args = ap.parse_args()
    print(f"machine: {socket.gethostname()} | {platform.platform()} | cpus={os.cpu_count()} | python {platform.python_version()}"
          f" | commit {_commit()}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    total_wanted = total_got = 0
    with tempfile.TemporaryDirectory(prefix="gia-discovery-") as tmp:
        for profile in args.profiles.split(","):
            t0 = time.monotonic()
            rows = crawl_profile(profile, Path(tmp))
            print(f"\n== profile {profile} ({time.monotonic() - t0:.0f} s)")
            for site, wanted, got, extra in rows:
                if wanted:
                    print(f"  {site:28} {got:4}/{wanted:<4} reports archived  recall {got / wanted:7.2%}")
                elif extra:
                    print(f"  {site:28} {extra} archived under an agency/year no site publishes")
                else:
                    print(f"  {site:28} no reports of its own to archive (blocked by design, or it republishes another site's)")
                total_wanted += wanted
                total_got += got
    if total_wanted:
        print(f"\nall profiles: {total_got}/{total_wanted} = {total_got / total_wanted:.2%} of the reports found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
