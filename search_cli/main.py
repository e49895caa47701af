"""`gia-search QUERY [filters] [--json|--csv|--jsonl] [--archive DIR]`: the command line of `search()`.

Imports stay light (no Scrapy, no segmenter unless the query needs it): the whole process
is meant to answer in well under a second.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

from gia.config import add_archive_argument, archive_dir
from gia import spreadsheet
from gia.errors import UsageError, run_reporting_errors

QUERY_HELP = """query syntax (a query matches every report whose text contains it, in either script):
  words                 行政复议 复议 (all must occur; traditional characters match simplified)
  AND OR NOT ( )        行政复议 OR 行政诉讼   农业 NOT 林业
  "phrase"              "不予公开"  "2020 年度" (a space in a phrase: any whitespace or none)
  field:value           title:司法局  review_litigation:复议  province:河南省  checks:broken
  ranges                year:[2019 TO 2021]  new_requests:>100  review_total:[1 TO 5]
  (empty query or *)    every report, e.g. with --sum
"""


def build_parser() -> argparse.ArgumentParser:
    from indexer.names import DEFAULT_FACETS, FACETS, NUMERIC_FIELDS

    p = argparse.ArgumentParser(
        prog="gia-search", description="Full-text and faceted search of the archived annual reports.",
        epilog=QUERY_HELP + "\nnumeric fields: " + ", ".join(NUMERIC_FIELDS) + "\nfacets: " + ", ".join(FACETS),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("query", nargs="*", help="the query (several words are joined by spaces)")
    add_archive_argument(p)
    f = p.add_argument_group("filters")
    f.add_argument("--year", help="2020, 2019-2021 or 2019,2021")
    f.add_argument("--province", help="河南 or 河南省, 广西, 内蒙古, 廣西 … (short names resolve; comma list)")
    f.add_argument("--city", help="洛阳 or 洛阳市 …")
    f.add_argument("--county", help="西工 or 西工区 … (an ambiguous short name: error listing the candidates)")
    f.add_argument("--level", help="province, city, county, township, unknown")
    f.add_argument("--kind", help="agency kind, e.g. 司法局")
    f.add_argument("--template", help="legacy, 2019, 2021, unknown")
    f.add_argument("--site", help="the site (host) the report came from")
    f.add_argument("--checks", help="ok (all identities hold), broken, unchecked")
    o = p.add_argument_group("output")
    fmt = o.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="one JSON object (the contract's shape)")
    fmt.add_argument("--jsonl", action="store_true", help="one JSON line per hit")
    fmt.add_argument("--csv", action="store_true", help="CSV of the hits (or of the --sum table)")
    o.add_argument("--limit", type=int, default=10, help="hits per page (default 10; 0: counts only)")
    o.add_argument("--page", type=int, default=1)
    o.add_argument("--sort", default="relevance",
                   help="relevance (default), year, or a numeric field (largest first; prefix - to flip)")
    o.add_argument("--facets", default=",".join(DEFAULT_FACETS),
                   help=f"facets to count (default {','.join(DEFAULT_FACETS)}; '' for none)")
    o.add_argument("--sum", dest="sum_field", metavar="FIELD", help="total this numeric field over the matches")
    o.add_argument("--by", metavar="FACET[,FACET]", help="…per value of these facets (with --sum)")
    o.add_argument("--no-snippets", action="store_true", help="skip snippets (faster)")
    o.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return run_reporting_errors("gia-search", lambda: _run(args), args.debug)


def _run(args) -> int:
    from search_cli import search
    from search_cli.query import FILTER_FLAGS

    if args.sum_field is None and args.by:
        raise UsageError("--by needs --sum FIELD")
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    style = "html" if args.json or args.jsonl or args.csv else (("\033[1;31m", "\033[0m") if color else ("«", "»"))
    filters = {flag: getattr(args, flag) for flag in FILTER_FLAGS}
    request = dict(limit=args.limit, page=args.page, sort=args.sort,
                   facets=[f.strip() for f in args.facets.split(",") if f.strip()], sum_field=args.sum_field,
                   by=args.by, snippets=not args.no_snippets, snippet_style=style, **filters)
    result = search(archive_dir(args.archive), " ".join(args.query), **request)
    out = sys.stdout
    if args.json:
        json.dump(result, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.jsonl:
        if "sums" in result:
            for row in result["sums"]["rows"]:
                out.write(json.dumps(dict(zip(result["sums"]["by"], row["group"]), **{
                    result["sums"]["field"]: row["sum"], "reports": row["reports"], "missing": row["missing"]}),
                    ensure_ascii=False) + "\n")
        else:
            for hit in result["hits"]:
                out.write(json.dumps(hit, ensure_ascii=False) + "\n")
    elif args.csv:
        _write_csv(result, out)
    else:
        _write_text(result, out, color)
    return 0


def _write_csv(result: dict, out) -> None:
    csv_writer = csv.writer(out)

    def write_row(values):  # no scraped formula reaches Excel (gia.spreadsheet)
        csv_writer.writerow(spreadsheet.row(values))

    if "sums" in result:
        s = result["sums"]
        write_row([*s["by"], s["field"], "reports", "missing"])
        for row in s["rows"]:
            write_row([*row["group"], row["sum"], row["reports"], row["missing"]])
        return
    cols = ["id", "title", "agency", "year", "province", "city", "county", "level", "template", "checks",
            "score", "path"]
    write_row(cols)
    for hit in result["hits"]:
        write_row(["" if hit.get(c) is None else hit.get(c) for c in cols])


def _write_text(result: dict, out, color: bool) -> None:
    bold = (lambda s: f"\033[1m{s}\033[0m") if color else (lambda s: s)
    dim = (lambda s: f"\033[2m{s}\033[0m") if color else (lambda s: s)
    if "sums" in result:
        _write_sums(result["sums"], out)
        return
    total = result["total"]
    start = (result["page"] - 1) * max(len(result["hits"]), 1)
    out.write(f"{total} report(s) match {result['query']!r}" +
              (f" — page {result['page']} of {result['pages']}" if result["pages"] > 1 else "") + "\n\n")
    for i, hit in enumerate(result["hits"], start + 1):
        region = " ".join(x for x in (hit.get("province"), hit.get("city"), hit.get("county")) if x)
        score = f"score {hit['score']:.2f}" if hit.get("score") is not None else ""
        out.write(f"{i:3d}. {bold(hit.get('title') or '(no title)')}\n")
        out.write(f"     {hit.get('agency') or ''} · {hit.get('year') or ''} · {region}  {dim(score)}\n")
        if hit.get("snippet"):
            out.write(f"     {hit['snippet']}\n")
        out.write(f"     {dim(hit.get('path') or '')}\n")
    if result.get("facets"):
        out.write("\n")
        for facet, counts in result["facets"].items():
            shown = list(counts.items())[:12]
            more = f" … (+{len(counts) - 12})" if len(counts) > 12 else ""
            out.write(f"  {facet:>9}: " + "  ".join(f"{k} {v}" for k, v in shown) + more + "\n")


def _write_sums(s: dict, out) -> None:
    headers = [*s["by"], s["field"], "reports", "missing"]
    rows = [[*(str(g) for g in r["group"]), str(r["sum"]), str(r["reports"]), str(r["missing"])] for r in s["rows"]]
    rows.append([*(["TOTAL"] + [""] * (len(s["by"]) - 1) if s["by"] else []), str(s["total"]),
                 str(s["reports"]), str(s["missing"])])
    widths = [max(_width(x) for x in col) for col in zip(headers, *rows)]
    for row in [headers, *rows]:
        cells = []
        for i, (cell, wd) in enumerate(zip(row, widths)):
            pad = " " * (wd - _width(cell))
            cells.append(cell + pad if i < len(s["by"]) else pad + cell)
        out.write("  ".join(cells).rstrip() + "\n")
    if s["missing"]:
        out.write(f"({s['missing']} matching report(s) do not state {s['field']}; they add nothing to the sums)\n")


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
