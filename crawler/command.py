"""`gia crawl [--sites FILE] [--archive DIR]`: crawl the registry's sites into the archive, with a
progress line per site and a summary table at the end (the same crawl as `scrapy crawl reports`).
Exit code 0 when every site was read whole, 3 (PARTIAL) when the crawl ran but some site was not
(its status and reason are in the table) or the crawl was interrupted, 1 when no site was read.

`--redis redis://HOST:PORT/DB`: this process is one worker of a crawl shared through that Redis
database (crawler/distributed/): start it on as many machines as you like; each exits when the
whole crawl is done and prints the whole crawl's summary. `--status` shows the shared crawl."""

from __future__ import annotations

import sys

from gia.config import add_archive_argument, archive_dir
from gia.errors import GiaError


def configure(parser) -> None:
    parser.add_argument("--sites", metavar="FILE", help="site registry (TOML; default: the bundled crawler/sites.toml)")
    add_archive_argument(parser)
    parser.add_argument("--only", metavar="ID[,ID…]", help="crawl only these registry site ids")
    parser.add_argument("--fetch-only", action="store_true",
                        help="archive the raw responses only; build the JSON records later with `gia reparse`")
    parser.add_argument("--quiet", action="store_true", help="no progress lines, only the summary")
    parser.add_argument("--log-level", default="WARNING", help="Scrapy log level (default WARNING)")
    parser.add_argument("--redis", metavar="URL",
                        help="be one worker of the crawl shared through this Redis database (redis://HOST:PORT/DB): "
                             "workers share the frontier, the seen requests and each site's delay")
    parser.add_argument("--status", action="store_true", help="with --redis: show the shared crawl's progress and exit")


PARTIAL = 3  # exit code: the crawl ran, but not every site was read whole (or it was interrupted)


def exit_code(stats: dict) -> int:
    """0 every site read whole; PARTIAL some site not (degraded, partial, blocked, rate-limited,
    disallowed, error) or the crawl interrupted; 1 no site read at all."""
    from crawler.sitestate import READ

    statuses = {s["status"] for s in (stats.get("sites") or {}).values()}
    if statuses and not statuses & set(READ):
        return 1
    if statuses - {"ok"} or (stats.get("build") or {}).get("interrupted"):
        return PARTIAL
    return 0


def run(args) -> int:
    from crawler.registry import load_registry
    from crawler.run import run_crawl, summary_table

    if args.status:
        if not args.redis:
            raise GiaError("--status shows a shared crawl: give its --redis URL")
        from crawler.distributed import Keys, reachable
        from crawler.distributed.status import status_text

        print(status_text(reachable(args.redis), Keys()))
        return 0
    load_registry(args.sites)  # fail early, with a one-line message, on a bad registry
    archive = archive_dir(args.archive)
    overrides = {"GIA_PROGRESS_INTERVAL": 0} if args.quiet else {}
    if args.fetch_only:
        overrides["GIA_BUILD_RECORDS"] = False
    stats = run_crawl(args.sites, archive, overrides=overrides, log_level=args.log_level, only=args.only,
                      redis_url=args.redis)
    if not stats:
        raise GiaError("the crawl ended without saving its statistics (see the log above)")
    print(summary_table(stats))
    where = archive / "crawl" / ("last-run.json" if not args.redis else f"stats/{stats['run']}.json")
    print(f"archive: {archive}  (stats: {where})", file=sys.stderr)
    return exit_code(stats)
