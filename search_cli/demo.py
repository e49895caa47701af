"""`gia demo [--archive DIR]`: the whole pipeline on one machine with no internet.

Serves the bundled simulated government sites (simsites) on 127.0.0.1, crawls them into the
archive exactly as `gia crawl` would crawl real sites, builds the search index (`gia index`) and
prints a first search (`gia-search 行政复议`). The demo registry it generates (the sites' ports are
chosen at start) is kept in the archive as `crawl/demo-sites.toml`.
"""

from __future__ import annotations

import time

from gia.config import add_archive_argument, archive_dir
from gia.errors import GiaError

DEMO_QUERY = "行政复议"
DEMO_PROFILES = ["clean", "default", "hostile", "faults", "challenges", "discovery"]


def configure(parser) -> None:
    add_archive_argument(parser)
    # simsites.farm.PROFILES, spelled out: importing the simulated world would cost every gia command
    # its start-up (tests/crawl/test_demo.py checks the two lists agree)
    parser.add_argument("--profile", default="hostile", choices=DEMO_PROFILES,
                        help="which simulated sites: clean (content only), default (+challenge, redirects), "
                             "hostile (+blocked, WAF, robots, broken sites; the default), faults (加速乐, rate limits, "
                             "huge/reset/bad-gzip/slow transfers, redirects, a moved site, crawl traps, dead attachments, "
                             "a challenge shell, Hanweb JSP reports), challenges (Cloudflare and 阿里云 pages served "
                             "with 200), discovery (a column filled from a JSON API by a script, attachments in "
                             "onclick handlers, a column of frames)")
    parser.add_argument("--scale", type=int, default=1, help="multiply the simulated agencies (default 1: ~95 reports)")
    parser.add_argument("--query", default=DEMO_QUERY, help=f"the first search (default {DEMO_QUERY})")


def _step(text: str) -> None:
    print(f"\n== {text}", flush=True)


def run(args) -> int:
    from crawler.run import run_crawl, summary_table
    from simsites import SimFarm

    archive = archive_dir(args.archive)
    (archive / "crawl").mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    # the §6 ports when free, so a second `gia demo` on the same archive is an incremental recrawl
    with SimFarm(args.profile, scale=args.scale, slow_seconds=2.0, fixed_ports=True) as farm:
        _step(f"serving {len(farm.sites)} simulated government sites on 127.0.0.1 ({len(farm.world.reports)} reports)")
        for name in farm.sites:
            print(f"  {name:10s} {farm.start_url(name)}")
        registry = farm.write_registry(archive / "crawl" / "demo-sites.toml", download_delay=0, autothrottle=False,
                                       concurrent_per_site=8, download_timeout=10, retry_times=1, progress_interval=2,
                                       max_wait=2, retry_backoff=0.25)
        _step(f"crawling into {archive}")
        stats = run_crawl(registry, archive, log_level="CRITICAL")
        print(summary_table(stats))
    _step("indexing")
    from search_cli import cli

    if cli.main(["index", "--quiet", "--archive", str(archive)]):
        raise GiaError("the index step failed (see above); the crawled archive is kept")
    _step(f"searching: {args.query}")
    from search_cli.main import main as search_main

    if search_main([args.query, "--archive", str(archive)]):
        raise GiaError("the first search failed (see above)")
    print(f"\ndemo done in {time.monotonic() - t0:.1f} s. Archive: {archive}  "
          f"(try: gia-search {args.query} --archive {archive})")
    return 0

