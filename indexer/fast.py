"""The one place gia reads or writes below Whoosh's public API — each use measured to pay.

Every function here has a plain-Whoosh answer, and gives it: the fast way is taken only with
the Whoosh release it was written against (`PINNED`, the one pyproject.toml pins) and when
`GIA_PLAIN_WHOOSH` is not set; tests/index/test_fast.py runs randomised queries, filters,
segments and deletions both ways and compares every answer. What each buys, at 100,000
reports (bench/bench_search.py, bench/bench_index.py; docs/search.md has the figures):

* `term_ids` — the documents of a term by decoding whole posting blocks (the block's pickled
  id deltas, `itertools.accumulate`) instead of Whoosh's matcher, which walks ids through
  several Python calls each. Every matching set (totals, facets, sums) is built from these.
* `top_term` — the top hits of one term, ranked like Whoosh's BM25F collector block by
  block: a block whose best possible score (its stored maximum weight and minimum length,
  Whoosh's own block quality) cannot beat the current k-th is skipped undecoded, and the
  field lengths are read in one piece instead of one column read per scored document.
* `phrase_docs` — the documents where a phrase's terms stand at consecutive positions,
  for many candidates at once: each term's positions decoded a posting block at a time
  (`grams.ArrayPositions` values are fixed-width arrays: one `frombytes` per block) into
  one set of document-and-position numbers, the phrase being the intersection of the sets
  shifted by each term's place. Whoosh's phrase matcher (and `docsets._verify`, which uses
  its public matcher API) work one document at a time.
* `speed_up` — the writer's posting pool pickles its sorted runs in chunks of CHUNK
  postings instead of one pickle call per posting (same postings, same order, same files).

Nothing here catches an exception to guess an answer: what it does not recognise (another
matcher class, another codec, byte ids) takes the plain path by an explicit test.
"""

from __future__ import annotations

import heapq
import os
import sys
from array import array
from bisect import bisect_left
from itertools import accumulate, chain, islice, repeat
from operator import add
from operator import sub as sub_

_BIG_ENDIAN = sys.byteorder == "big"

PINNED = (3, 54, 0)  # whoosh3, as pinned in pyproject.toml
CHUNK = 16384


def enabled() -> bool:
    import whoosh

    return tuple(whoosh.__version__[:3]) == PINNED and os.environ.get("GIA_PLAIN_WHOOSH", "") in ("", "0")


def _leaves(reader):
    return list(reader.leaf_readers())


def _unfiltered(m):
    """(the matcher under whoosh's deletions filter, the excluded ids or None)."""
    from whoosh.matching.wrappers import FilterMatcher

    if type(m) is FilterMatcher and m._exclude:
        return m.child, m._ids
    return m, None


def _blocks(m) -> bool:
    """Is `m` whoosh3's on-disk posting-block matcher (integer ids)?"""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    return type(m) is W3LeafMatcher and not m._byteids


# --- documents of a term ------------------------------------------------------------------

def term_ids(searcher, field: str, text) -> list[int]:
    """Every live document number having `text` in `field`, ascending."""
    reader = searcher.reader()
    fast = enabled()
    out: list[int] = []
    for sub, offset in _leaves(reader):
        if (field, text) not in sub:
            continue
        m = sub.postings(field, text)
        leaf, excluded = _unfiltered(m) if fast else (m, None)
        if fast and _blocks(leaf):
            ids = _block_ids(leaf)
            if excluded:
                ids = [d for d in ids if d not in excluded]
        else:
            ids = list(m.all_ids())
        out.extend(ids if not offset else [d + offset for d in ids])
    return out


def _block_ids(m) -> list[int]:
    ids: list[int] = []
    m.reset()  # the deletions filter may have moved it past deleted documents
    while m.is_active():
        if m._data is None:
            m._read_data()
        ids.extend(accumulate(m._data[0]))
        m._i = m._blocklength
        m._next_block()
    return ids


# --- documents of a phrase -----------------------------------------------------------------

STRIDE = 1 << 32  # document-and-position number: docnum * STRIDE + position
PHRASE_MIN = 2000  # fewer candidates than this: checked one by one (docsets._verify)


def phrase_docs(searcher, field: str, words: list[str]) -> set[int] | None:
    """Every live document where `words` stand at consecutive positions of `field`, or None
    when this cannot read the postings (the caller checks the candidates one by one)."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    from indexer.grams import ArrayPositions

    if not enabled() or type(searcher.schema[field].format) is not ArrayPositions:
        return None
    found: set[int] = set()
    for sub, offset in _leaves(searcher.reader()):
        if any((field, w) not in sub for w in words):
            continue
        bases: dict[str, set[int]] = {}
        for w in dict.fromkeys(words):
            leaf, excluded = _unfiltered(sub.postings(field, w))
            if type(leaf) is not W3LeafMatcher or leaf._byteids:
                return None
            bases[w] = _numbers(leaf)
        # the phrase starts at p where word i stands at p + i: intersect each word's numbers
        # shifted back by i, rarest first
        order = sorted(range(len(words)), key=lambda i: len(bases[words[i]]))
        starts = None
        for i in order:
            shifted = bases[words[i]] if i == 0 else set(map(sub_, bases[words[i]], repeat(i)))
            starts = shifted if starts is None else starts & shifted
            if not starts:
                break
        if starts:
            docs = {x // STRIDE for x in starts}
            if excluded:
                docs -= excluded
            found.update(d + offset for d in docs)
    return found


def _numbers(m) -> set[int]:
    """docnum * STRIDE + position for every position of every posting of a block matcher."""
    out: set[int] = set()
    m.reset()
    while m.is_active():
        if m._data is None:
            m._read_data()
        ids, _weights, values = m._data
        docs = list(accumulate(ids))
        if all(not len(v) & 1 for v in values):
            flat = array("H")
            flat.frombytes(b"".join(values))
            if _BIG_ENDIAN:
                flat.byteswap()
            counts = [len(v) >> 1 for v in values]
        else:  # a text of more than 65,535 units in the block: value by value
            from indexer.grams import ArrayPositions

            decode = ArrayPositions().decode_positions
            lists = [decode(v) for v in values]
            flat = [p for lst in lists for p in lst]
            counts = [len(lst) for lst in lists]
        starts = chain.from_iterable(map(repeat, [d * STRIDE for d in docs], counts))
        out.update(map(add, starts, flat))
        m._i = m._blocklength
        m._next_block()
    return out


# --- top hits of one term -------------------------------------------------------------------

def top_term(searcher, field: str, text, k: int, allowed=None) -> list[tuple[int, float]]:
    """[(docnum, score)] of the best `k` documents having `text` in `field` (only documents
    in `allowed`, top-level numbers, when given): Whoosh's BM25F scores and order (score
    descending, then document number)."""
    if k <= 0:
        return []
    if enabled():
        ranked = _fast_top_term(searcher, field, text, k, allowed)
        if ranked is not None:
            return ranked
    from whoosh import query as wq

    found = searcher.search(wq.Term(field, text), limit=k, terms=False,
                            filter=None if allowed is None else set(allowed))
    return [(hit.docnum, hit.score) for hit in found]


def _fast_top_term(searcher, field, text, k, allowed):
    from whoosh.scoring import BM25F
    from whoosh.util.numeric import byte_to_length

    if type(searcher.weighting) is not BM25F or not searcher.schema[field].scorable:
        return None
    reader = searcher.reader()
    if (field, text) not in reader:
        return []
    leaves = []
    for sub, offset in _leaves(reader):
        if (field, text) not in sub:
            continue
        lengths = _length_bytes(sub, field)
        if lengths is None:
            return None
        leaf, excluded = _unfiltered(sub.postings(field, text))
        deleted = excluded.__contains__ if excluded else None
        if not _blocks(leaf):  # a short posting list inlined in the term info: a list matcher
            leaf.reset()
            postings = []
            while leaf.is_active():
                postings.append((leaf.id(), leaf.weight()))
                leaf.next()
            leaves.append((offset, deleted, lengths, None, postings))
        else:
            leaves.append((offset, deleted, lengths, leaf, _block_headers(leaf)))
    weighting = searcher.weighting
    return _rank(leaves, k, searcher.idf(field, text), searcher.avg_field_length(field) or 1,
                 weighting._field_B.get(field, weighting.B), weighting.K1,
                 [byte_to_length(b) for b in range(256)], allowed)


def _rank(leaves, k, idf, avgfl, B, K1, decode, allowed):
    def score(w, length):  # whoosh.scoring.bm25, written out identically
        return idf * ((w * (K1 + 1)) / (w + K1 * ((1 - B) + B * length / avgfl)))

    heap: list[tuple[float, int]] = []  # (score, -docnum): the k best so far, worst on top
    wanted = sorted(allowed) if allowed is not None else None
    for offset, deleted, lengths, m, heads in leaves:
        if m is None:
            blocks = [(None, None, heads)]
        else:
            # Best possible score first: the top k fill with high scores at once, and every
            # block whose bound cannot beat the k-th best is then skipped undecoded. With
            # `allowed`, a block holding none of the allowed documents is not decoded either.
            blocks = []
            first = 0
            for head in heads:
                last = head[0]
                if wanted is not None:
                    i = bisect_left(wanted, first + offset)
                    if i == len(wanted) or wanted[i] > last + offset:
                        first = last + 1
                        continue
                blocks.append((score(head[1], head[2]), first + offset, head))
                first = last + 1
            blocks.sort(key=lambda b: (-b[0], b[1]))
        for bound, first, head in blocks:
            if bound is None:
                postings = head
            else:
                if len(heap) == k and (bound < heap[0][0] or (bound == heap[0][0] and first > -heap[0][1])):
                    continue  # nothing in the block can enter the top k (ties: lower docnum wins)
                postings = _decode_block(m, head)
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


def _block_headers(m) -> list[tuple]:
    """(last id, max weight, min length, data offset, data length, compression, count)
    of each posting block, by stepping the matcher from block to block (headers only)."""
    m.reset()
    out = []
    while m.is_active():
        out.append((m._maxid, m._maxweight, m._minlength, m._dataoffset, m._nextoffset - m._dataoffset,
                    m._compression, m._blocklength))
        m._i = m._blocklength
        m._next_block()
    return out


def _decode_block(m, head):
    """(docnum, weight) pairs of one block, as the matcher's _read_data decodes them."""
    import zlib
    from pickle import loads

    _last, _mw, _ml, offset, length, compressed, n = head
    raw = m._postfile.get(offset, length)
    ids, weights = loads(zlib.decompress(raw) if compressed else raw)[:2]
    if weights is None:
        weights = [1.0] * n
    elif isinstance(weights, float):
        weights = [weights] * n
    return zip(accumulate(ids), weights)


def _length_bytes(sub, field):
    """The segment's encoded field lengths, one byte per document, read in one piece; None
    when the column is not whoosh3's fixed one-byte layout (the caller takes Whoosh's path)."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.columns import NumericColumn

    perdoc = getattr(sub, "_perdoc", None)
    if perdoc is None or not hasattr(perdoc, "_cached_reader"):
        return None
    col = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if col is None:
        return bytes(sub.doc_count_all())
    if type(LENGTHS_COLUMN) is not NumericColumn or type(col).__name__ != "Reader" \
            or getattr(col, "_typecode", None) != "B" or getattr(col, "_fixedlen", None) != 1 \
            or getattr(col, "_reverse", True) or not hasattr(col, "_dbfile"):
        return None
    raw = bytes(col._dbfile.get(col._basepos, col._count)) if col._count else b""
    # documents past the column's end have the column default (0)
    return raw + bytes(max(0, sub.doc_count_all() - len(raw)))


# --- the writer's posting pool --------------------------------------------------------------

def speed_up(writer) -> None:
    """Chunked run files for a single-process SegmentWriter's pool (anything else: no-op)."""
    from whoosh.writing import PostingPool

    pool = getattr(writer, "pool", None)
    if not enabled() or type(pool) is not PostingPool:
        return
    fieldnames = pool.fieldnames

    def add(item):
        # Whoosh's own size estimate per posting (writing.PostingPool.add), so runs are as big
        fieldname = item[0]
        if fieldname not in fieldnames:
            fieldnames.add(fieldname)
        pool.currentsize += 150 + len(fieldname) + 2 * len(item[1]) + len(item[4] or b"")
        if pool.currentsize > pool.limit:
            pool.save()
        pool.current.append(item)

    def write_run(f, items):
        from pickle import HIGHEST_PROTOCOL, dump

        items = iter(items)
        while chunk := list(islice(items, CHUNK)):
            dump(chunk, f, HIGHEST_PROTOCOL)
        f.close()

    def read_run(path):
        from pickle import load

        f = pool._open_run(path)
        try:
            while True:
                try:
                    chunk = load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            pool._remove_run(path)

    pool.add = add
    pool._write_run = write_run
    pool._read_run = read_run
