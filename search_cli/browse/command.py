"""`gia archive ls|show|stats|validate|export|compare|coverage|wacz|cdxj|cite`: argparse wiring; each
action lives in its own module (stats.py holds ls/stats/validate)."""

from __future__ import annotations

import argparse
from importlib import import_module

from gia.config import add_archive_argument
from search_cli.browse import colour, records


def _export(sub) -> None:
    export = sub.add_parser("export", help="one flat row per report, every table cell a named column "
                                           "(docs/columns.md); sqlite and xlsx add one row per cell")
    records.add_filter_arguments(export)
    export.add_argument("--format", choices=("csv", "jsonl", "sqlite", "xlsx"), default="csv", help="default: csv")
    export.add_argument("--out", metavar="FILE", help="write here (atomically); default stdout (sqlite, xlsx need it)")
    export.add_argument("--all-columns", action="store_true",
                        help="every declared column, even cells no exported report has")
    export.add_argument("--bom", action="store_true", help="csv: begin with a UTF-8 byte order mark (for Excel)")
    export.add_argument("--metadata", metavar="FILE",
                        help="sqlite: write the Datasette metadata here (default: FILE.metadata.json beside the db)")


def _coverage(sub) -> None:
    cov = sub.add_parser("coverage", help="every registry agency × year: archived? on time? template, identities, "
                                          "sections; summary per site, level, province")
    add_archive_argument(cov)
    cov.add_argument("--year", metavar="YEAR[,YEAR|FROM-TO]",
                     help="years to cover (default: first to last archived year)")
    cov.add_argument("--sites", metavar="FILE", help="site registry (TOML; default: the bundled crawler/sites.toml)")
    cov.add_argument("--as-of", metavar="DATE", help="judge what is due as of this day (default: today)")
    shape = cov.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="one JSON object: rows and summary")
    shape.add_argument("--csv", action="store_true", help="one CSV row per agency and year")
    colour.add_argument(cov)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    ls = sub.add_parser("ls", help="one line per report (id, year, template, agency, title; ✗ failed checks)")
    records.add_filter_arguments(ls)
    ls.add_argument("--json", action="store_true", help="JSON Lines instead of text")

    show = sub.add_parser("show", help="one report: metadata, the three tables, checks, warnings, provenance")
    show.add_argument("id", metavar="ID", help="report id (or a unique prefix, or a record file)")
    add_archive_argument(show)
    show.add_argument("--json", action="store_true", help="print the stored JSON record")
    colour.add_argument(show)

    stats = sub.add_parser("stats", help="reports by year, province, level, template; parse quality")
    records.add_filter_arguments(stats)
    stats.add_argument("--json", action="store_true", help="one JSON object")

    validate = sub.add_parser("validate", help="every report with a broken identity or a warning")
    records.add_filter_arguments(validate)
    validate.add_argument("--json", action="store_true", help="a JSON list instead of a table")
    validate.add_argument("--strict", action="store_true", help="exit 1 when any report has a problem")

    _export(sub)

    compare = sub.add_parser("compare", help="one agency's figures across years, with changes and cross-year checks")
    compare.add_argument("target", metavar="AGENCY|ID", help="agency name (or unique part of it) or a report id")
    add_archive_argument(compare)
    compare.add_argument("--all", action="store_true", help="every filled cell, not only the headline figures")
    compare.add_argument("--json", action="store_true", help="one JSON object")
    colour.add_argument(compare)

    _coverage(sub)

    wacz = sub.add_parser("wacz", help="pack the WARC files, a CDXJ index and one page per report into a WACZ "
                                       "(ReplayWeb.page, pywb)")
    add_archive_argument(wacz)
    wacz.add_argument("--out", metavar="FILE", required=True, help="the .wacz file to write")
    wacz.add_argument("--title", default="gia archive: 政府信息公开工作年度报告", help="collection title")
    wacz.add_argument("--desc", default="Government information disclosure annual reports archived by gia",
                      help="collection description")

    cdxj = sub.add_parser("cdxj", help="write the CDXJ index of the archive's WARC files (pywb, ReplayWeb.page; "
                                       "kept per WARC file, only new files are read)")
    add_archive_argument(cdxj)
    cdxj.add_argument("--out", metavar="FILE", help="where to write it (default ARCHIVE/indexes/index.cdxj; - for standard output)")

    cite = sub.add_parser("cite", help="cite an archived report: GB/T 7714-2015 [EB/OL], or BibTeX")
    cite.add_argument("id", metavar="ID", help="report id (or a unique prefix, or a record file)")
    add_archive_argument(cite)
    cite.add_argument("--bibtex", action="store_true", help="a BibTeX @misc entry instead")
    from search_cli.browse import merge
    merge.configure(sub)
    parser.set_defaults(_archive_parser=parser)


def run(args) -> int:
    action = getattr(args, "action", None)
    if not action:
        args._archive_parser.print_help()
        return 2
    if action == "merge":   # its archives are its arguments (and the one merged into may not exist yet)
        from search_cli.browse import merge
        return merge.run(args)
    archive = records.open_archive(args)
    if action == "cdxj":   # the WARC files only: no record is read
        from search_cli.browse import cdxj
        return cdxj.run(archive, args)
    if action in ("show", "compare", "cite"):
        return import_module(f"search_cli.browse.{action}").run(archive, args)
    if action in ("coverage", "wacz"):   # every record: coverage has its own --year, a WACZ packs the whole archive
        return import_module(f"search_cli.browse.{action}").run(archive, records.load(archive), args)
    pairs = records.load(archive, records.filters_from(args))
    if action == "export":
        from search_cli.browse import export
        return export.run(archive, pairs, args)
    from search_cli.browse import stats
    if action == "ls":
        return stats.run_ls(pairs, args)
    if action == "stats":
        return stats.run_stats(pairs, args)
    unusable = list(archive.bad_records())
    code = stats.run_validate(pairs, args, unusable)
    return 1 if args.strict and (stats.problems(pairs) or unusable) else code

