"""`gia-search WORD` without importing Whoosh: the most common query, from the index files.

A whole `gia-search 行政复议` process spent ~25 of its ~60 ms importing Whoosh and opening
the index through it. For a bare word that is a term of the index, with no filter, `--sum`
or `--sort` (the usual query, and what the benchmark against `rg` runs), everything the
result needs is read by `indexer/rawindex.py` instead: the term's document frequency and
posting blocks (the total, the matching set, the ranking by `indexer/topterm.rank`, the same
BM25F code and statistics as `search()`), ten stored records, and the saved facet file.
The result is `search()`'s, field for field (tests/search/test_fastpath.py compares them);
any other query, or an index this cannot read, returns None and `gia-search` calls `search()`.

Only the command line uses it: a long-running process (the web view) keeps Whoosh's
searcher open instead (store.searcher_cached), so it pays the imports once.
"""

from __future__ import annotations

import json
from math import log

from indexer.names import DEFAULT_FACETS, DEFAULT_FIELD, FACETS, SCHEMA_VERSION

# Whoosh's default weighting, BM25F(B=0.75, K1=1.2), which `search()`'s searcher uses.
B, K1 = 0.75, 1.2
# A bare query word is searched in `text`, and is "known" when any of these fields has it
# (search_cli._install_fast_terms).
KNOWN_IN = ("text", "title", "agency")


def try_search(archive_root, query: str = "", *, limit: int = 10, page: int = 1, sort: str = "relevance",
               facets=DEFAULT_FACETS, sum_field: str | None = None, by: str | None = None,
               snippets: bool = True, snippet_style="html", **filters) -> dict | None:
    """search()'s result for a bare word that is an index term, with no filter, --sum or
    --sort; None for anything else (the caller runs search(), which also reports errors)."""
    from search_cli.query import _OPERATORS, _PLAIN_WORD, FILTER_FLAGS

    if sum_field or by or (sort or "relevance").strip() != "relevance" or limit < 0 or page < 1:
        return None
    if set(filters) - set(FILTER_FLAGS) or any(v not in (None, "", []) for v in filters.values()):
        return None
    facets = [f for f in (facets or ()) if f]
    word = query.strip()
    if any(f not in FACETS for f in facets) or not _PLAIN_WORD.fullmatch(word) or word in _OPERATORS:
        return None
    from indexer.segment import fold

    term = fold(word).strip().lower()  # what the query analyzer does to a known term
    if not term or any(c.isspace() for c in term):
        return None

    from indexer import store
    from indexer.rawindex import RawIndex

    path = store.index_dir(archive_root)
    try:
        meta = json.loads((path / store.META_FILE).read_text(encoding="utf-8"))
        if meta.get("schema_version") != SCHEMA_VERSION:
            return None  # search() says what to do
        ix = RawIndex(path, store.INDEX_NAME)
    except Exception:  # noqa: BLE001 - missing, damaged, another format: search() reports it
        return None
    try:
        ix._gia_index_dir = path  # a Path, as the facet cache expects (RawIndex keeps the folder it was given)
        return _search(ix, archive_root, query, term, limit, page, facets, snippets, snippet_style)
    except Exception:  # noqa: BLE001 - unreadable here (damaged, replaced mid-read): search()
        return None    # answers, or reports the problem the way gia-search always has
    finally:
        ix.close()


def _search(ix, archive_root, query, term, limit, page, facets, snippets, snippet_style):
    from indexer import facetcache
    from indexer.rawindex import BYTE_TO_LENGTH, Unsupported
    from indexer.topterm import Leaf, decode_block, rank
    from search_cli import counting, hit, result_frame

    if not any(ix.doc_frequency(f, term) for f in KNOWN_IN):
        return None  # not a term: the query must be segmented (search())
    saved = facetcache.saved(ix, ix._gia_index_dir) if facets else None
    if facets and saved is None:
        return None  # search() rebuilds the facet file
    tbytes = term.encode("utf-8")
    leaves, found, ids = [], [], set()
    for seg in ix.segments:
        info = seg.terminfo(DEFAULT_FIELD, tbytes)
        if info is None:
            continue
        seg_df, inlined, extent = info
        deleted = seg.deleted.__contains__ if seg.deleted else None
        lengths = seg.lengths(DEFAULT_FIELD)
        if lengths is None:
            raise Unsupported("no field lengths")
        if inlined is not None:
            postings = list(zip(inlined[0], inlined[1]))
            leaf = Leaf(seg.offset, deleted, lengths, postings=postings)
        else:
            leaf = Leaf(seg.offset, deleted, lengths, heads=seg.block_headers(extent), get=seg.get)
        leaves.append(leaf)
        found.append((seg, seg_df))
    n_all = ix.doc_count_all()
    df = ix.doc_frequency(DEFAULT_FIELD, term)
    if not ix.has_deletions() and df == n_all:
        docnums = range(n_all)  # the word is in every report (counting.matching_docnums)
    else:
        for (seg, seg_df), leaf in zip(found, leaves):
            if seg_df == seg.doc_count_all:
                # in every document of the segment (the usual case after `gia index` updated
                # a few reports): its live documents, no block decoded
                ids.update(range(seg.offset, seg.offset + seg.doc_count_all))
                ids.difference_update(d + seg.offset for d in seg.deleted or ())
                continue
            blocks = [leaf.postings] if leaf.heads is None else (decode_block(leaf.get, h) for h in leaf.heads)
            for postings in blocks:
                ids.update(d + leaf.offset for d, _w in postings if leaf.deleted is None or not leaf.deleted(d))
        docnums = ids
    total = len(docnums)
    pagelen = max(limit, 1)
    results = []
    if limit and total and (page - 1) * pagelen < total:
        idf = log(n_all / (df + 1)) + 1  # whoosh.scoring.WeightingModel.idf
        avgfl = ix.field_length(DEFAULT_FIELD) / (n_all or 1) or 1  # Searcher.avg_field_length
        top = rank(leaves, page * pagelen, idf, avgfl, B, K1, BYTE_TO_LENGTH)
        results = [(ix.stored_fields(d), s) for d, s in top[(page - 1) * pagelen:]]
    out = result_frame(query, total, page, pagelen, limit)
    words = {term} if snippets else set()
    out["hits"] = [hit(archive_root, stored, score, words, snippets, snippet_style) for stored, score in results]
    if facets:
        counting._cache(ix)["facets"] = saved
        out["facets"] = counting.facet_counts(ix, docnums, facets)
    return out
