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

`rank()` is the computation itself, over `Leaf`s (one segment's block headers and a way to
read its postings): `top_term` builds them from Whoosh's reader, `search_cli/fastpath.py`
from `indexer/rawindex.py` without importing Whoosh — one ranking for both.
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
    weighting = searcher.weighting
    try:
        subs = list(reader.leaf_readers())
    except AttributeError:
        subs = [(reader, 0)]
    leaves = []
    for sub, offset in subs:
        if (field, text) not in sub:
            continue
        m = sub.postings(field, text)
        lengths = _length_bytes(sub, field)
        if lengths is None:
            return None
        deleted = sub.is_deleted if sub.has_deletions() else None
        if deleted is not None and getattr(m, "_exclude", False) and hasattr(getattr(m, "child", None), "_read_data"):
            # The segment's deletions filter (whoosh.reading wraps the postings in it): read
            # the blocks underneath, rank() skips deleted documents itself.
            m = m.child
        if not hasattr(m, "_read_data") or not hasattr(m, "_maxweight") or getattr(m, "_byteids", False):
            # A short posting list inlined in the term info (a list matcher): no blocks.
            postings = []
            while m.is_active():
                postings.append((m.id(), m.weight()))
                m.next()
            leaves.append(Leaf(offset, deleted, lengths, postings=postings))
        else:
            leaves.append(Leaf(offset, deleted, lengths, heads=_block_headers(m), get=m._postfile.get))
    return rank(leaves, k, searcher.idf(field, text), searcher.avg_field_length(field) or 1,
                weighting._field_B.get(field, weighting.B), weighting.K1,
                [byte_to_length(b) for b in range(256)], allowed)


class Leaf:
    """One segment's postings of the term: inlined (docnum, weight) pairs, or block headers
    (`_block_headers`) with `get(offset, length)` reading the postings file."""

    def __init__(self, offset, deleted, lengths, postings=None, heads=None, get=None):
        self.offset, self.deleted, self.lengths = offset, deleted, lengths
        self.postings, self.heads, self.get = postings, heads, get


def rank(leaves, k: int, idf: float, avgfl: float, B: float, K1: float, decode, allowed=None):
    """The top `k` (docnum, score) over the leaves: Whoosh's BM25F (`decode`: length byte ->
    length), its order (score descending, then document number)."""

    def score(w, length):  # whoosh.scoring.bm25, written out identically
        return idf * ((w * (K1 + 1)) / (w + K1 * ((1 - B) + B * length / avgfl)))

    heap: list[tuple[float, int]] = []  # (score, -docnum): the k best so far, worst on top
    # With filters, blocks holding none of the allowed documents are not decoded at all.
    wanted = sorted(allowed) if allowed is not None else None
    for leaf in leaves:
        offset, deleted, lengths = leaf.offset, leaf.deleted, leaf.lengths
        if leaf.heads is None:
            blocks = [(None, leaf.postings)]
        else:
            # Best possible score first: the top k fill with high scores at once, and every
            # block whose bound cannot beat the k-th best is then skipped undecoded.
            blocks = []
            first = 0
            for head in leaf.heads:
                last = head[0]
                if wanted is not None:
                    i = bisect_left(wanted, first + offset)  # any allowed document in the block?
                    if i == len(wanted) or wanted[i] > last + offset:
                        first = last + 1
                        continue
                blocks.append((score(head[1], head[2]), first + offset, head))
                first = last + 1
            blocks.sort(key=lambda b: (-b[0], b[1]))
        for block in blocks:
            if block[0] is None:
                postings = block[1]
            else:
                bound, first, head = block
                if len(heap) == k and (bound < heap[0][0] or (bound == heap[0][0] and first > -heap[0][1])):
                    continue  # no document of the block can enter the top k (ties: lower docnum wins)
                postings = decode_block(leaf.get, head)
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


def parse_block_headers(buf: bytes, base: int, decode) -> list[tuple] | None:
    """The block headers of posting blocks read in one piece (`buf`, starting at file offset
    `base`, after the posting list's magic): (last docnum, max weight, min length, data
    offset, data length, compressed, postings) each, or None when `buf` is not exactly a
    sequence of blocks ending with the last one (each block: a big-endian int length,
    negative for the last block, then a pickled header tuple, then the data)."""
    from io import BytesIO
    from pickle import Unpickler

    f = BytesIO(buf)
    out, pos, end = [], 0, None
    try:
        while True:
            n = int.from_bytes(buf[pos:pos + 4], "big", signed=True)
            f.seek(pos + 4)
            count, last, maxweight, compressed, minlen, _maxlen = Unpickler(f).load()
            end = pos + 4 + abs(n)
            data = f.tell()
            out.append((last, maxweight, decode[minlen], base + data, end - data, compressed, count))
            if n < 0:
                break
            pos = end
    except Exception:  # noqa: BLE001 - not the layout expected
        return None
    return out if end == len(buf) else None


def _block_headers(m) -> list[tuple]:
    """The block headers of a whoosh3 leaf matcher (see parse_block_headers): read as one
    piece of the postings file when the term's extent is known (~0.6 ms less than stepping
    the matcher through ~780 blocks at 100,000 reports), else by stepping the matcher."""
    from whoosh.util.numeric import byte_to_length

    length = getattr(m, "_length", None)
    if isinstance(length, tuple) and len(length) == 1:
        length = length[0]  # whoosh3's term info keeps it as a 1-tuple
    base = getattr(m, "_baseoffset", None)
    start = getattr(m, "_startoffset", None)
    if isinstance(length, int) and isinstance(base, int) and isinstance(start, int):
        out = parse_block_headers(m._postfile.get(base, start + length - base), base,
                                  [byte_to_length(b) for b in range(256)])
        if out is not None:
            return out
    m.reset()
    out = []
    while m.is_active():
        out.append((m._maxid, m._maxweight, m._minlength, m._dataoffset, m._nextoffset - m._dataoffset,
                    m._compression, m._blocklength))
        m._i = m._blocklength
        m._next_block()
    return out


def decode_block(get, head):
    """(docnum, weight) pairs of one block (what the matcher's _read_data decodes)."""
    import zlib
    from pickle import loads

    _last, _mw, _ml, offset, length, compressed, n = head
    raw = get(offset, length)
    ids, weights = loads(zlib.decompress(raw) if compressed else raw)[:2]
    if weights is None:
        weights = [1.0] * n
    elif isinstance(weights, float):
        weights = [weights] * n
    return zip(accumulate(ids), weights)


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
