"""The top hits of a one-term query, ranked like Whoosh's BM25F without its per-document loop.

Whoosh ranks a term by walking its matcher one posting at a time (several Python calls per
document, ~18 ms of a ~100 ms `gia-search 行政复议` process at 100,000 reports). This module
does the same computation block by block: a posting block whose best possible score (its
stored maximum weight and minimum field length, Whoosh's own "block quality") cannot beat the
current k-th score is skipped undecoded; the others are scored with a list comprehension.
Same formula, same statistics (idf and average field length of the whole index), same
order (score descending, then document number ascending, as Whoosh's top collector), so the
hits are Whoosh's — tests/search/test_topterm.py compares them.

Anything this does not know how to read (another codec, byte ids, another weighting model)
returns None and the caller falls back to `searcher.search()`.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from itertools import accumulate


def top_term(searcher, field: str, text, k: int, allowed: set | None = None):
    """[(docnum, score)] of the best `k` documents having `text` in `field` (restricted to
    `allowed` top-level document numbers when given), or None when unsupported."""
    from whoosh.scoring import BM25F
    from whoosh.util.numeric import byte_to_length

    if type(searcher.weighting) is not BM25F or not searcher.schema[field].scorable or k <= 0:
        return None
    reader = searcher.reader()
    if (field, text) not in reader:
        return []
    B = searcher.weighting._field_B.get(field, searcher.weighting.B)
    K1 = searcher.weighting.K1
    idf = searcher.idf(field, text)
    avgfl = searcher.avg_field_length(field) or 1

    def score(w, length):  # whoosh.scoring.bm25, written out identically
        return idf * ((w * (K1 + 1)) / (w + K1 * ((1 - B) + B * length / avgfl)))

    try:
        leaves = list(reader.leaf_readers())
    except AttributeError:
        leaves = [(reader, 0)]
    decode = [byte_to_length(b) for b in range(256)]
    heap: list[tuple[float, int]] = []  # (score, -docnum): the k best so far, worst on top
    # With filters, blocks holding none of the allowed documents are not decoded at all.
    wanted = sorted(allowed) if allowed is not None else None
    for sub, offset in leaves:
        if (field, text) not in sub:
            continue
        m = sub.postings(field, text)
        lengths = _length_bytes(sub, field)
        if lengths is None:
            return None
        deleted = sub.is_deleted if sub.has_deletions() else None
        if not hasattr(m, "_read_data") or not hasattr(m, "_maxweight") or getattr(m, "_byteids", False):
            # A short posting list inlined in the term info (a list matcher): no blocks.
            postings = []
            while m.is_active():
                postings.append((m.id(), m.weight()))
                m.next()
            blocks = [postings]
        else:
            def skip(maxweight, minlength, first, last, offset=offset):
                if len(heap) == k and score(maxweight, minlength) <= heap[0][0]:
                    return True  # no document of the block can enter the top k
                if wanted is None:
                    return False
                i = bisect_left(wanted, first + offset)  # any allowed document in the block?
                return i == len(wanted) or wanted[i] > last + offset

            blocks = _blocks(m, skip)
        for postings in blocks:
            for d, w in postings:
                if deleted is not None and deleted(d):
                    continue
                g = d + offset
                if allowed is not None and g not in allowed:
                    continue
                lb = lengths[d]
                item = (score(w, decode[lb] if lb else 1), -g)
                if len(heap) < k:
                    heapq.heappush(heap, item)
                elif item > heap[0]:
                    heapq.heapreplace(heap, item)
    return [(-neg, s) for s, neg in sorted(heap, reverse=True)]


def _blocks(m, skip):
    """(docnum, weight) pairs of each posting block of a whoosh3 leaf matcher, block by
    block; `skip(max weight, min length, first possible docnum, last docnum)` is asked
    before a block is decoded (from its header: blocks hold ascending document numbers)."""
    first = 0
    while m.is_active():
        last = m._maxid
        if not skip(m._maxweight, m._minlength, first, last):
            if m._data is None:
                m._read_data()
            n = m._blocklength
            weights = m._data[1]
            if weights is None:
                weights = [1.0] * n
            elif isinstance(weights, float):
                weights = [weights] * n
            yield zip(accumulate(m._data[0]), weights)
        first = last + 1
        m._i = m._blocklength
        m._next_block()


def _length_bytes(sub, field):
    """The segment's encoded field lengths, one byte per document (what `doc_field_length`
    decodes): read in one piece (~100 KB at 100,000 reports) rather than a file read per
    document scored; through the column reader when its layout is not the expected one."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    perdoc = getattr(sub, "_perdoc", None)
    if perdoc is None or not hasattr(perdoc, "_cached_reader"):
        return None
    col = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if col is None:
        return None
    if getattr(col, "_typecode", None) == "B" and getattr(col, "_fixedlen", None) == 1 \
            and not getattr(col, "_reverse", False) and hasattr(col, "_dbfile"):
        raw = bytes(col._dbfile.get(col._basepos, col._count)) if col._count else b""
        # documents past the column's end have the column default (0)
        return raw + bytes(max(0, sub.doc_count_all() - len(raw)))
    return col
