"""Facet counts and `--sum FIELD --by FACET` totals over every report a query matches.

Both work on the set of matching document numbers and the index's column store (the facet
and numeric fields are sortable, i.e. kept as per-document columns), so no record is read.
"""

from __future__ import annotations

from collections import Counter

from gia.errors import UsageError
from indexer.fields import FACETS, NUMERIC_FIELDS, NUMERIC_MISSING


def matching_docnums(searcher, q, filterq=None) -> list[int]:
    docs = set(q.docs(searcher))
    if filterq is not None:
        docs &= set(filterq.docs(searcher))
    return sorted(docs)


def _column(searcher, field: str):
    reader = searcher.reader()
    if not reader.has_column(field):
        return None
    return reader.column_reader(field, translate=True)


def facet_counts(searcher, docnums: list[int], facets=FACETS) -> dict[str, dict[str, int]]:
    """{facet: {value: count}}, values by descending count (years ascending)."""
    out = {}
    reader = searcher.reader()
    for facet in facets:
        counts: Counter = Counter()
        if len(docnums) * 4 > reader.doc_count_all():  # large result: walk the value postings
            docset = set(docnums)
            for value in reader.lexicon(facet):
                ids = reader.postings(facet, value).all_ids()
                n = len(docset.intersection(ids))
                if n:
                    counts[value.decode("utf-8") if isinstance(value, bytes) else value] = n
        else:
            col = _column(searcher, facet)
            if col is None:
                continue
            for d in docnums:
                v = col[d]
                if v not in (None, ""):
                    counts[v] += 1
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
    values = _column(searcher, field)
    cols = [_column(searcher, f) for f in by]
    groups: dict[tuple, list[int]] = {}
    for d in docnums:
        key = tuple((c[d] if c is not None else "") or "" for c in cols)
        v = values[d]
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
