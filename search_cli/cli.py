"""The `gia` command: one subcommand per module, each module owning its own options.

Each entry of COMMANDS names a module that defines
    configure(parser: argparse.ArgumentParser) -> None
    run(args: argparse.Namespace) -> int
and a one-line HELP string. Modules are imported only when their command runs,
so `gia parse` never pays for Scrapy or Whoosh.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from gia.errors import run_reporting_errors

# name -> (module, help). Order is the order shown in `gia --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "archive": ("search_cli.browse.command", "browse the archive: ls, show, stats, validate, export (csv/jsonl/sqlite/xlsx), compare, coverage, wacz, cite"),
    "crawl": ("crawler.command", "crawl the registry's sites into the archive (progress + summary table)"),
    "demo": ("search_cli.demo", "serve simulated government sites on 127.0.0.1, crawl, index and search them (offline)"),
    "generate": ("reportgen.cli", "write generated realistic reports plus truth.jsonl (test fixtures, any shape)"),
    "index": ("indexer.cli", "bring the search index up to date with the archive (incremental; --rebuild)"),
    "parse": ("reportparser.cli", "parse report files and print their JSON records (JSON Lines when several); no archive"),
    "reparse": ("search_cli.reparse", "re-derive every JSON record from the archived raw responses, no network"),
    "serve": ("search_cli.browse.serve", "a local web page over the archive: search with facets, reports, charts (127.0.0.1)"),
    "sites": ("crawler.sitescommand", "check a registry site: read its list pages without archiving, print what was found"),
}


def build_parser(configure: set[str] | None = None) -> argparse.ArgumentParser:
    """The whole `gia` parser; only the subcommands in `configure` (all when None)
    import their module and get their options."""
    parser = argparse.ArgumentParser(
        prog="gia",
        description="Archive and search Chinese government information disclosure annual reports.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text)
        if configure is None or name in configure:
            importlib.import_module(module_name).configure(sp)
            sp.set_defaults(_module=module_name)
    return parser


def _wanted_command(argv: list[str]) -> str | None:
    for token in argv:
        if token in COMMANDS:
            return token
        if not token.startswith("-"):
            return None
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    wanted = _wanted_command(argv)
    parser = build_parser({wanted} if wanted else set())
    args = parser.parse_args(argv)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 2
    module = importlib.import_module(args._module)
    return run_reporting_errors(f"gia {args.command}", lambda: module.run(args), args.debug)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
