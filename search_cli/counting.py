"""Facet counts and `--sum FIELD --by FACET` totals over every report a query matches.

Both work on the set of matching document numbers and the index's column store (the facet
and numeric fields are sortable, i.e. kept as per-document columns), so no record is read.
"""

from __future__ import annotations

from collections import Counter

from gia.errors import UsageError
from indexer.names import FACETS, NUMERIC_FIELDS, NUMERIC_MISSING


def matching_docnums(searcher, q, filter_docs: set | None = None):
    """The matching document numbers: a set, or a `range` when they are every document of
    an index without deletions — a word every report has, or `*` — so callers never copy
    a set of 100,000 numbers (~5 ms). Callers only take its length and iterate it."""
    from indexer.docsets import docs

    found = docs(searcher, q, filter_docs)
    reader = searcher.reader()
    if not reader.has_deletions() and len(found) == reader.doc_count_all():
        return range(reader.doc_count_all())
    return found


def top_by(searcher, docnums, n: int, key: str, reverse: bool) -> list[tuple[int, None]]:
    """The first `n` matches ordered by `year` or a numeric field (reverse: largest first),
    reports without the value last, ties by document number."""
    import heapq

    if key == "year":
        names, arr = facet_array(searcher, "year")
        years = [int(v) if str(v).isdigit() else None for v in names]
        value = lambda d: years[arr[d]] if arr[d] >= 0 else None  # noqa: E731
    else:
        numbers = number_array(searcher, key)
        value = lambda d: None if d >= len(numbers) or numbers[d] == NUMERIC_MISSING else numbers[d]  # noqa: E731
    have, missing = [], []
    for d in docnums:
        v = value(d)
        if v is None:
            missing.append(d)
        else:
            have.append((-v if reverse else v, d))
    best = [(d, None) for _, d in heapq.nsmallest(n, have)]
    if len(best) < n:
        best.extend((d, None) for d in heapq.nsmallest(n - len(best), missing))
    return best


def value_docs(searcher, facet: str, values: list[str]) -> set[int]:
    """Documents whose facet value is one of `values` (from the facet arrays; cached)."""
    from itertools import compress

    names, arr = facet_array(searcher, facet)
    cache = _cache(searcher)
    out: set[int] = set()
    for value in values:
        key = ("value", facet, value)
        if key not in cache:
            try:
                vi = names.index(value)
            except ValueError:
                cache[key] = frozenset()
            else:
                cache[key] = frozenset(compress(range(len(arr)), map(vi.__eq__, arr)))
        out |= cache[key]
    return out


def _cache(searcher) -> dict:
    """Per-reader cache of whole columns (kept on the reader, which the index cache keeps
    alive between queries in one process)."""
    reader = searcher.reader()
    cache = getattr(reader, "_gia_columns", None)
    if cache is None:
        cache = {}
        try:
            reader._gia_columns = cache
        except AttributeError:
            pass
    return cache


def _saved(searcher):
    """The saved facet arrays and numbers (indexer/facetcache.py; each entry read on use)."""
    from indexer import facetcache

    cache = _cache(searcher)
    if "facets" not in cache:
        cache["facets"] = facetcache.load(searcher, getattr(searcher, "_gia_index_dir", None))
    return cache["facets"]


def facet_names(searcher, facet: str) -> list:
    """A facet's values (what its per-document indexes point to)."""
    return _saved(searcher)["=" + facet]


def facet_array(searcher, facet: str) -> tuple[list, list]:
    """(values, per-document value index) for a facet."""
    saved = _saved(searcher)
    return saved["=" + facet], saved[facet]


def number_array(searcher, field: str):
    return _saved(searcher).get("#" + field, [])


def facet_counts(searcher, docnums, facets=FACETS) -> dict[str, dict[str, int]]:
    """{facet: {value: count}}, values by descending count (years ascending).

    A result covering most of the index is counted through its complement: totals over all
    documents (saved with the facet arrays) minus the counts of the documents left out."""
    from indexer.docsets import live_ids

    reader = searcher.reader()
    complement = None
    if len(docnums) * 2 > reader.doc_count():
        # docnums are live documents: as many as all of them means all of them (a word in
        # every report, the usual case of a whole-index count), nothing to subtract.
        complement = () if len(docnums) == reader.doc_count() else live_ids(searcher) - docnums
    out = {}
    for facet in facets:
        values = facet_names(searcher, facet)
        if complement is not None:
            # The saved totals count live documents only (deleted ones have no value in the
            # arrays of their generation), so they hold with deletions too.
            raw = Counter(_saved(searcher)["@" + facet])
            if complement:  # (a result of every document reads no per-document array)
                raw.subtract(Counter(map(facet_array(searcher, facet)[1].__getitem__, complement)))
        else:
            raw = Counter(map(facet_array(searcher, facet)[1].__getitem__, docnums))
        counts = {values[i]: n for i, n in raw.items() if i >= 0 and n > 0}
        if facet == "year":
            out[facet] = dict(sorted(counts.items()))
        else:
            out[facet] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return out


def parse_by(by: str | None) -> list[str]:
    facets = [b.strip() for b in (by or "").split(",") if b.strip()]
    for f in facets:
        if f not in FACETS:
            raise UsageError(f"--by {f}: not a facet (facets: {', '.join(FACETS)})")
    return facets


def sums(searcher, docnums: list[int], field: str, by: list[str]) -> dict:
    """Totals of a numeric field per combination of facet values.

    Returns {"field", "by", "rows": [{"group": [values…], "sum", "reports", "missing"}…],
    "total", "reports", "missing"}; `missing` counts reports where the number is absent
    (they add nothing to the sum and are shown so the user knows)."""
    if field not in NUMERIC_FIELDS:
        raise UsageError(f"--sum {field}: not a numeric field (numeric fields: {', '.join(NUMERIC_FIELDS)})")
    values = number_array(searcher, field)
    cols = [facet_array(searcher, f) for f in by]
    groups: dict[tuple, list[int]] = {}
    for d in docnums:
        key = tuple(vals[arr[d]] if arr[d] >= 0 else "" for vals, arr in cols)
        v = values[d] if d < len(values) else None
        g = groups.setdefault(key, [0, 0, 0])
        if v is None or v == NUMERIC_MISSING:
            g[2] += 1
        else:
            g[0] += v
        g[1] += 1
    rows = [{"group": list(k), "sum": g[0], "reports": g[1], "missing": g[2]}
            for k, g in sorted(groups.items(), key=lambda kv: kv[0])]
    return {"field": field, "by": by, "rows": rows, "total": sum(r["sum"] for r in rows),
            "reports": len(docnums), "missing": sum(r["missing"] for r in rows)}
