"""The JSON API and the CSV download.

    /api/search       gia-search's parameters (params.py) -> the object `gia-search --json` prints
    /api/search.csv   the same search, every matching report (page and limit ignored) as CSV:
                      gia-search --csv's columns, then each numeric field; with sum= the sums table
    /api/report/<id>  the stored JSON record

Errors are one JSON line, {"error": "..."}, with the HTTP status (app.py).
"""

from __future__ import annotations

import csv
import io
from typing import Iterator

from gia import spreadsheet
from indexer.names import NUMERIC_FIELDS
from search_cli.browse.serve.params import SearchRequest, search_request

CSV_COLUMNS = ("id", "title", "agency", "year", "province", "city", "county", "level", "template", "checks",
               "score", "path", *NUMERIC_FIELDS)
CSV_PAGE = 1000         # hits fetched per search() while writing a CSV
MAX_CSV_ROWS = 200_000  # a larger result is refused (say so) rather than cut short


class TooLarge(Exception):
    """A result too large to download as one CSV."""


def search_json(site, params: dict) -> dict:
    request = search_request(params)
    return site.search(request.query, **request.kwargs())


def _rows(rows: list[list]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(spreadsheet.row(r) for r in rows)  # no scraped formula reaches Excel
    return buf.getvalue().encode("utf-8")


def search_csv(site, params: dict) -> tuple[str, Iterator[bytes]]:
    """(file name, chunks): the first search runs before anything is sent, so a bad parameter
    is still an error response; later pages stream, one search() each."""
    request = search_request(params)
    name = _csv_name(request)
    if request.sum_field:
        sums = site.search(request.query, **request.kwargs(limit=0, facets=[], snippets=False))["sums"]
        rows = [[*sums["by"], sums["field"], "reports", "missing"]]
        rows += [[*row["group"], row["sum"], row["reports"], row["missing"]] for row in sums["rows"]]
        return name, iter([_rows(rows)])
    first = site.search(request.query, **request.kwargs(limit=CSV_PAGE, page=1, facets=[], snippets=False))
    if first["total"] > MAX_CSV_ROWS:
        raise TooLarge(f"this result has {first['total']:,} reports; one CSV download holds at most "
                       f"{MAX_CSV_ROWS:,}: narrow the query or filters, or use `gia archive export`")

    def chunks() -> Iterator[bytes]:
        yield _rows([list(CSV_COLUMNS)])
        result, page = first, 1
        while result["hits"]:
            yield _rows([_csv_row(hit) for hit in result["hits"]])
            if page >= result["pages"]:
                break
            page += 1
            result = site.search(request.query, **request.kwargs(limit=CSV_PAGE, page=page, facets=[],
                                                                   snippets=False))

    return name, chunks()


def _csv_row(hit: dict) -> list:
    numbers = hit.get("numbers") or {}
    return ["" if hit.get(c) is None else hit.get(c) for c in CSV_COLUMNS[:12]] + \
           [numbers.get(c, "") for c in CSV_COLUMNS[12:]]


def _csv_name(request: SearchRequest) -> str:
    """gia-search-<query and filters>.csv, readable and safe as a file name."""
    parts = [request.query.strip()] + [f"{k}-{v}" for k, v in request.filters.items()]
    if request.sum_field:
        parts.append(f"sum-{request.sum_field}" + (f"-by-{request.by}" if request.by else ""))
    stem = "_".join(p for p in parts if p)
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)[:80].strip("_")
    return f"gia-search{'-' + stem if stem else ''}.csv"
