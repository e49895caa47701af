"""The set of documents a query matches, fast: block-level decoding of posting lists.

Whoosh's generic `query.docs()` walks a matcher one id at a time through several Python
calls per id; at 100,000 reports that is ~0.15 s per common term. Here the common query
shapes (terms, AND/OR/NOT of them, every document) are answered by decoding whole posting
blocks (`itertools.accumulate` over the stored deltas) and combining Python sets; any other
shape (phrases, ranges, sections) falls back to Whoosh's own `docs()`.
"""

from __future__ import annotations

from itertools import accumulate


def term_ids(searcher, field: str, text) -> list[int]:
    """Every live document number having `text` in `field`."""
    reader = searcher.reader()
    out: list[int] = []
    for sub, offset in _leaves(reader):
        if (field, text) not in sub:
            continue
        m = sub.postings(field, text)
        ids = _block_ids(m)
        if ids is None:  # not a plain whoosh3 leaf matcher: the slow, general way
            ids = list(m.all_ids())
        elif sub.has_deletions():
            ids = [d for d in ids if not sub.is_deleted(d)]
        out.extend(ids if not offset else [d + offset for d in ids])
    return out


def _leaves(reader):
    try:
        return list(reader.leaf_readers())
    except AttributeError:
        return [(reader, 0)]


def _block_ids(m) -> list[int] | None:
    if not hasattr(m, "_read_data") or not hasattr(m, "_next_block") or getattr(m, "_byteids", False):
        return None
    ids: list[int] = []
    while m.is_active():
        if m._data is None:
            m._read_data()
        ids.extend(accumulate(m._data[0]))
        m._i = m._blocklength
        m._next_block()
    return ids


def all_ids(searcher) -> set[int]:
    return set(live_ids(searcher))


def live_ids(searcher) -> frozenset[int]:
    """Every live document number (cached on the reader)."""
    reader = searcher.reader()
    ids = getattr(reader, "_gia_live", None)
    if ids is None:
        if reader.has_deletions():
            ids = frozenset(reader.all_doc_ids())
        else:
            ids = frozenset(range(reader.doc_count_all()))
        try:
            reader._gia_live = ids
        except AttributeError:
            pass
    return ids


def docs(searcher, q) -> set[int] | frozenset[int]:
    from whoosh import query as wq

    if isinstance(q, wq.Term):
        reader = searcher.reader()
        if not reader.has_deletions() and reader.doc_frequency(q.fieldname, q.text) == reader.doc_count_all():
            # The term is in every document: nothing to decode, and no copy of the cached
            # set either (callers only read the result; `-=` on a frozenset rebinds).
            return live_ids(searcher)
        return set(term_ids(searcher, q.fieldname, q.text))
    if isinstance(q, wq.Every):
        return all_ids(searcher)
    if isinstance(q, wq.And):
        pos = [s for s in q.subqueries if not isinstance(s, wq.Not)]
        neg = [s.query for s in q.subqueries if isinstance(s, wq.Not)]
        result = None
        for s in sorted(pos, key=lambda s: s.estimate_size(searcher.reader())):
            ids = docs(searcher, s)
            result = ids if result is None else result & ids
            if not result:
                return set()
        if result is None:
            result = all_ids(searcher)
        for s in neg:
            result -= docs(searcher, s)
        return result
    if isinstance(q, wq.Or) and (getattr(q, "minmatch", 0) or 0) <= 1:
        result: set[int] = set()
        for s in q.subqueries:
            result |= docs(searcher, s)
        return result
    if isinstance(q, wq.Not):
        return all_ids(searcher) - docs(searcher, q.query)
    if isinstance(q, wq.Phrase):
        split = _phrase_split(searcher, q)
        if split is not None:
            return split[0] | split[1]
    return set(q.docs(searcher))


def _phrase_split(searcher, q):
    """For a phrase whose words are exactly the parts of one indexed word W of 4+ characters
    (\"行政 复议\" and 行政复议): every document containing W matches (W's parts are indexed at
    consecutive positions), so only the other candidates need their positions checked.
    Returns (documents with W, other matching documents) or None."""
    from whoosh import query as wq

    words = list(q.words)
    if q.slop != 1 or len(words) < 2:
        return None
    joined = "".join(words)
    if len(joined) < 4 or (q.fieldname, joined) not in searcher.reader():
        return None
    from indexer.segment import default_segmenter

    if [p for p, _ in default_segmenter().parts(joined)] != words:
        return None
    whole = docs(searcher, wq.Term(q.fieldname, joined))
    candidates = None
    for w in words:
        ids = docs(searcher, wq.Term(q.fieldname, w))
        candidates = ids if candidates is None else candidates & ids
    return whole, restrict(searcher, q, candidates - whole)


def ranking_query(searcher, q):
    """The query used to rank the top hits: a phrase that matches exactly the documents of
    its whole word (see _phrase_split) is ranked as that word's Term, which Whoosh scores
    without checking positions in every document."""
    from whoosh import query as wq

    if isinstance(q, wq.Phrase):
        split = _phrase_split(searcher, q)
        if split is not None and not split[1]:
            return wq.Term(q.fieldname, "".join(q.words), boost=q.boost)
        return q
    if isinstance(q, wq.CompoundQuery):
        return q.__class__([ranking_query(searcher, s) for s in q.subqueries], boost=q.boost)
    return q


# Below this many candidates, checking each candidate with the query's matcher (which skips
# whole posting blocks) beats decoding every posting of the query's terms.
RESTRICT_LIMIT = 20_000


def restrict(searcher, q, candidates: set[int]) -> set[int]:
    """docs(q) & candidates, cheaply when the candidates are few (filters applied first)."""
    if len(candidates) > RESTRICT_LIMIT:
        return docs(searcher, q) & candidates
    out: set[int] = set()
    m = q.matcher(searcher)
    for d in sorted(candidates):
        if not m.is_active():
            break
        if m.id() < d:
            m.skip_to(d)
            if not m.is_active():
                break
        if m.id() == d:
            out.add(d)
    return out


def docset_query(ids):
    """A zero-scoring query matching exactly these (top-level) document numbers: ANDed with
    the user's query to rank only the documents the filters allow, leapfrogging through
    both instead of testing every match of the query."""
    from whoosh import query as wq
    from whoosh.matching import ListMatcher, NullMatcher

    class DocSet(wq.Query):
        def __init__(self, ids):
            self.ids = sorted(ids)

        def __eq__(self, other):
            return type(other) is type(self) and other.ids == self.ids

        def __hash__(self):
            return hash(len(self.ids))

        def __repr__(self):
            return f"DocSet({len(self.ids)} documents)"

        def is_leaf(self):
            return True

        def has_terms(self):
            return False

        def estimate_size(self, ixreader):
            return len(self.ids)

        def matcher(self, searcher, context=None):
            # The collector asks each segment's searcher; ids are local to that segment.
            offset = 0
            parent = searcher.get_parent()
            if parent is not searcher:
                for reader, off in parent.reader().leaf_readers():
                    if reader is searcher.reader():
                        offset = off
                        break
            n = searcher.reader().doc_count_all()
            local = [d - offset for d in self.ids if offset <= d < offset + n]
            return ListMatcher(local, all_weights=0.0) if local else NullMatcher()

    return DocSet(ids)
