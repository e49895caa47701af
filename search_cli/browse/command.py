"""`gia archive ls|show|stats|validate|export|compare`: argparse wiring; each action lives in
its own module (stats.py holds ls/stats/validate)."""

from __future__ import annotations

import argparse

from gia.config import add_archive_argument
from search_cli.browse import records


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    ls = sub.add_parser("ls", help="one line per report (id, year, template, agency, title; ✗ failed checks)")
    records.add_filter_arguments(ls)
    ls.add_argument("--json", action="store_true", help="JSON Lines instead of text")

    show = sub.add_parser("show", help="one report: metadata, the three tables, checks, warnings, provenance")
    show.add_argument("id", metavar="ID", help="report id (or a unique prefix, or a record file)")
    add_archive_argument(show)
    show.add_argument("--json", action="store_true", help="print the stored JSON record")
    show.add_argument("--no-colour", action="store_true", help="never colour (default: colour on a terminal)")

    stats = sub.add_parser("stats", help="reports by year, province, level, template; parse quality")
    records.add_filter_arguments(stats)
    stats.add_argument("--json", action="store_true", help="one JSON object")

    validate = sub.add_parser("validate", help="every report with a broken identity or a warning")
    records.add_filter_arguments(validate)
    validate.add_argument("--json", action="store_true", help="a JSON list instead of a table")
    validate.add_argument("--strict", action="store_true", help="exit 1 when any report has a problem")

    export = sub.add_parser("export", help="one flat row per report, every table cell a named column "
                                           "(docs/columns.md)")
    records.add_filter_arguments(export)
    export.add_argument("--format", choices=("csv", "jsonl", "sqlite"), default="csv", help="default: csv")
    export.add_argument("--out", metavar="FILE", help="write here (atomically); default stdout (sqlite needs it)")
    export.add_argument("--all-columns", action="store_true",
                        help="every declared column, even cells no exported report has")

    compare = sub.add_parser("compare", help="one agency's figures across years, with changes and cross-year checks")
    compare.add_argument("target", metavar="AGENCY|ID", help="agency name (or unique part of it) or a report id")
    add_archive_argument(compare)
    compare.add_argument("--all", action="store_true", help="every filled cell, not only the headline figures")
    compare.add_argument("--json", action="store_true", help="one JSON object")
    parser.set_defaults(_archive_parser=parser)


def run(args) -> int:
    action = getattr(args, "action", None)
    if not action:
        args._archive_parser.print_help()
        return 2
    archive = records.open_archive(args)
    if action == "show":
        from search_cli.browse import show
        return show.run(archive, args)
    if action == "compare":
        from search_cli.browse import compare
        return compare.run(archive, args)
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
