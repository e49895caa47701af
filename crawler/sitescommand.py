"""`gia sites check ID [--sites FILE]`: read one registry site's 年报 column as the crawl would,
archive nothing, and print what was found — list pages, report links with their titles and years,
the attachments their pages name, and what was skipped and why (crawler/check.py). Exit code 0
when the site was read whole, 3 when only in part (or not at all: blocked, disallowed, an error)."""

from __future__ import annotations

from gia.errors import GiaError

NOT_WHOLE = 3


def configure(parser) -> None:
    sub = parser.add_subparsers(dest="sites_command", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="fetch a site's list pages without archiving; print what was found",
                           description="fetch a site's list pages without archiving; print the list pages, report "
                                       "links (title, year), attachments, and what was skipped and why")
    check.add_argument("site", metavar="ID", help="the registry id of the site")
    check.add_argument("--sites", metavar="FILE", help="site registry (TOML; default: the bundled crawler/sites.toml)")
    check.add_argument("--log-level", default="ERROR", help="Scrapy log level (default ERROR)")


def run(args) -> int:
    from crawler.check import format_check, run_check
    from crawler.registry import load_registry

    registry = load_registry(args.sites)
    ids = [s.id for s in registry.sites]
    if args.site not in ids:
        raise GiaError(f"no site {args.site!r} in {registry.path} (its ids: {', '.join(ids[:10])}{' …' if len(ids) > 10 else ''})")
    result = run_check(args.sites, args.site, log_level=args.log_level)
    print(format_check(result))
    return 0 if result.status == "ok" else NOT_WHOLE
