"""Full-text and faceted search over the archive's index (`gia-search` mirrors this API).

    search(archive_root, query, year=None, province=None, city=None, county=None, level=None,
           kind=None, template=None, site=None, checks=None, limit=10, page=1, sort="relevance",
           facets=DEFAULT_FACETS, sum_field=None, by=None, snippets=True) -> dict

returns the contract's --json object: {"query", "total", "hits": [...], "facets": {...}}
plus "page", "pages" and, with sum_field, "sums" (see counting.sums).
"""

from __future__ import annotations

import json
from pathlib import Path

from gia.errors import UsageError
from indexer.names import DEFAULT_FACETS, FACETS, NUMERIC_FIELDS, NUMERIC_MISSING

SORT_KEYS = ("relevance", "year", *NUMERIC_FIELDS)
HIT_FIELDS = ("id", "title", "agency", "year", "province", "city", "county", "level", "template", "checks")


def _sort_spec(sort: str):
    sort = (sort or "relevance").strip()
    reverse = sort.startswith("-")
    key = sort.lstrip("-+")
    if key not in SORT_KEYS:
        raise UsageError(f"--sort {sort}: choose relevance, year or a numeric field "
                         f"({', '.join(NUMERIC_FIELDS)}); prefix - for descending")
    if key == "relevance":
        return None, False
    # Numbers sort largest first by default (the usual question); years oldest first.
    if key != "year":
        reverse = not reverse
    return key, reverse


def search(archive_root, query: str = "", *, limit: int = 10, page: int = 1, sort: str = "relevance",
           facets=DEFAULT_FACETS, sum_field: str | None = None, by: str | None = None,
           snippets: bool = True, snippet_style: str = "html", **filters) -> dict:
    """The result of a query: every report whose text contains it (issue 18: the character
    fields decide what matches), ranked by its jieba words, counted by facets and sums."""
    from indexer import ranking, store
    from search_cli import counting, snippet
    from search_cli.query import FILTER_FLAGS, check_filters, parse, resolve_place_terms
    from search_cli.query import filter_docs as query_filter_docs

    unknown = set(filters) - set(FILTER_FLAGS)
    if unknown:
        raise UsageError(f"unknown filter(s): {', '.join(sorted(unknown))} (filters: {', '.join(FILTER_FLAGS)})")
    if limit < 0 or page < 1:
        raise UsageError("--limit must be >= 0 and --page >= 1")
    facets = [f for f in (facets or ()) if f]
    for f in facets:
        if f not in FACETS:
            raise UsageError(f"unknown facet {f!r} (facets: {', '.join(FACETS)})")
    by_fields = counting.parse_by(by) if sum_field else []
    if sum_field and sum_field not in NUMERIC_FIELDS:
        raise UsageError(f"--sum {sum_field}: not a numeric field (numeric fields: {', '.join(NUMERIC_FIELDS)})")
    sortedby, reverse = _sort_spec(sort)
    check_filters(filters)

    searcher = store.searcher_cached(archive_root)
    q = resolve_place_terms(parse(searcher.schema, query), searcher)
    filter_docs = query_filter_docs(searcher, filters)
    docnums = counting.matching_docnums(searcher, q, filter_docs)
    total = len(docnums)
    pagelen = max(limit, 1)
    results = []  # [(stored fields, score)]
    if limit and total and (page - 1) * pagelen < total:
        n = page * pagelen
        if sortedby:
            top = counting.top_by(searcher, docnums, n, sortedby, reverse)
        else:
            top = ranking.top(searcher, q, docnums, n, covered=filter_docs is None and ranking.covers(searcher, q))
        results = [(searcher.stored_fields(d), s) for d, s in top[(page - 1) * pagelen:]]
    out = result_frame(query, total, page, pagelen, limit)
    patterns = snippet.query_patterns(q) if snippets else []
    out["hits"] = [hit(archive_root, stored, score, patterns, snippets, snippet_style) for stored, score in results]
    if facets:
        out["facets"] = counting.facet_counts(searcher, docnums, facets)
    if sum_field:
        out["sums"] = counting.sums(searcher, docnums, sum_field, by_fields)
    return out


def result_frame(query: str, total: int, page: int, pagelen: int, limit: int) -> dict:
    """A result before its hits and facets are filled in."""
    return {"query": query, "total": total, "page": page,
            "pages": (total + pagelen - 1) // pagelen if limit else 0, "hits": [], "facets": {}}


def hit(archive_root, stored: dict, score, patterns: list, snippets: bool, snippet_style) -> dict:
    """One hit of the result, from the document's stored fields."""
    from search_cli import snippet

    entry = {k: stored.get(k) for k in HIT_FIELDS}
    entry["year"] = int(entry["year"]) if (entry["year"] or "").isdigit() else entry["year"]
    entry["score"] = round(float(score), 4) if score is not None else None
    entry["path"] = stored.get("path")
    entry["numbers"] = {k: stored[k] for k in NUMERIC_FIELDS if stored.get(k) not in (None, NUMERIC_MISSING)}
    if snippets:
        text = _record_text(archive_root, stored.get("path"))
        if snippet_style == "html":
            entry["snippet"] = snippet.html_snippet(text, patterns)
        else:
            entry["snippet"] = snippet.render(text, patterns, *snippet_style)
    return entry


def _record_text(archive_root, relpath) -> str:
    if not relpath:
        return ""
    try:
        record = json.loads((Path(archive_root) / relpath).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""  # the record moved since indexing; `gia index` will catch up
    return record.get("text") or record.get("title") or ""


__all__ = ["search", "SORT_KEYS"]
