"""The set of documents a query matches: what totals, facet counts and sums count.

Terms are read by `fast.term_ids` (whole posting blocks); AND/OR/NOT combine Python sets.
A phrase of the character field (`grams.py`: a query of three or more characters, or a
mixed one) is the documents having all its terms, checked position by position — except
where the words field proves the answer without positions: every report whose words include
the query's text as one word contains that text (both fields index the same folded text), so

    docs(words:S) ⊆ docs("S") ⊆ docs(rarest term of the phrase)

and when the two ends have the same size (document frequencies, no decoding) the phrase's
documents are the word's. The same holds for the words that contain S (工作年度报告 for
年度报告: jieba keeps the longer word whole, indexer/lexicon.py finds them). Otherwise only
the candidates none of these words cover have their positions checked (`_verify`: each term's matcher skipped to the candidate, its positions
read — Whoosh's public matcher API, but never walking documents that are not candidates).

`within` (a set) restricts the answer, so filters applied first shrink the position checks.
"""

from __future__ import annotations

from indexer import fast
from indexer.grams import is_han, pieces
from indexer.names import DEFAULT_FIELD, RANK_FIELD


def live_ids(searcher) -> frozenset[int]:
    """Every live document number (cached on the reader)."""
    reader = searcher.reader()
    ids = getattr(reader, "_gia_live", None)
    if ids is None:
        if reader.has_deletions():
            ids = frozenset(reader.all_doc_ids())
        else:
            ids = frozenset(range(reader.doc_count_all()))
        reader._gia_live = ids
    return ids


def term_docs(searcher, field: str, text, within=None):
    reader = searcher.reader()
    if (field, text) not in reader:
        return set()
    df = reader.doc_frequency(field, text)
    if not reader.has_deletions() and df == reader.doc_count_all():
        # in every document: nothing to decode, no copy of the cached set either (callers
        # only read the result; `-=` on a frozenset rebinds)
        return live_ids(searcher) if within is None else within
    if within is not None and len(within) * SKIP_RATIO < df:
        return _skip_to_each(searcher, field, text, within)
    ids = set(fast.term_ids(searcher, field, text))
    return ids if within is None else ids & within


# Fewer candidates than 1/SKIP_RATIO of a term's documents (filters applied first): skip the
# term's matcher to each candidate (whole posting blocks skipped by their last id) rather
# than decoding every block.
SKIP_RATIO = 16


def _skip_to_each(searcher, field: str, text, within) -> set[int]:
    from whoosh.matching import ReadTooFar

    found: set[int] = set()
    wanted = sorted(within)
    for sub, offset in searcher.reader().leaf_readers():
        if (field, text) not in sub:
            continue
        n = sub.doc_count_all()
        m = sub.postings(field, text)
        for d in wanted:
            if d < offset or d >= offset + n:
                continue
            local = d - offset
            try:
                if m.is_active() and m.id() < local:
                    m.skip_to(local)
            except ReadTooFar:
                break
            if not m.is_active():
                break
            if m.id() == local:
                found.add(d)
    return found


def docs(searcher, q, within=None):
    """The live documents matching `q` (and in `within`, when given)."""
    from whoosh import query as wq

    from indexer.sections import SectionQuery

    if within is not None and not within:
        return set()
    if isinstance(q, wq.Term):
        return term_docs(searcher, q.fieldname, q.text, within)
    if isinstance(q, wq.Every):
        return live_ids(searcher) if within is None else within & live_ids(searcher)
    if isinstance(q, type(wq.NullQuery)):
        return set()
    if isinstance(q, wq.And):
        pos = [s for s in q.subqueries if not isinstance(s, wq.Not)]
        neg = [s.query for s in q.subqueries if isinstance(s, wq.Not)]
        result = within
        for s in sorted(pos, key=lambda s: s.estimate_size(searcher.reader())):
            result = docs(searcher, s, result)
            if not result:
                return set()
        if result is None:
            result = live_ids(searcher)
        for s in neg:
            result = result - docs(searcher, s, result)
        return result
    if isinstance(q, wq.Or) and (getattr(q, "minmatch", 0) or 0) <= 1:
        result: set[int] = set()
        for s in q.subqueries:
            result |= docs(searcher, s, within)
        return result
    if isinstance(q, wq.Not):
        base = live_ids(searcher) if within is None else within
        return base - docs(searcher, q.query, base)
    if isinstance(q, wq.Phrase):
        return _phrase_docs(searcher, q, within)
    if isinstance(q, SectionQuery):
        inner = q.q
        words = [inner.text] if isinstance(inner, wq.Term) else list(inner.words)
        candidates = docs(searcher, inner, within)
        return _verify(searcher, inner.fieldname, words, candidates, section=q)
    if isinstance(q, (wq.TermRange, wq.NumericRange, wq.Prefix, wq.Wildcard)):
        simple = q.simplify(searcher.reader())  # an Or of the terms it covers
        if simple is not q:
            return docs(searcher, simple, within)
    ids = set(q.docs(searcher))
    return ids if within is None else ids & within


def _phrase_docs(searcher, q, within):
    reader = searcher.reader()
    field, words = q.fieldname, [w.decode("utf-8") if isinstance(w, bytes) else w for w in q.words]
    if len(words) == 1:
        return term_docs(searcher, field, words[0], within)
    if any((field, w) not in reader for w in words):
        return set()
    cover = None
    text = _joined(words) if field == DEFAULT_FIELD else None
    if text:
        upper = min(reader.doc_frequency(field, w) for w in words)
        if (RANK_FIELD, text) in reader and reader.doc_frequency(RANK_FIELD, text) == upper:
            return term_docs(searcher, RANK_FIELD, text, within)  # see the module docstring
        cover = _cover(searcher, text, within)
        if within is None and not reader.has_deletions() and len(cover) == upper:
            return cover
    candidates = within
    for w in sorted(set(words), key=lambda w: reader.doc_frequency(field, w)):
        candidates = term_docs(searcher, field, w, candidates)
        if not candidates:
            return cover or set()
    if cover:
        candidates = candidates - cover
    found = None
    if len(candidates) >= fast.PHRASE_MIN:  # many: every position of the phrase's terms at once
        found = fast.phrase_docs(searcher, field, words)
        if found is not None:
            found &= candidates
    if found is None:
        found = _verify(searcher, field, words, candidates)
    return found | cover if cover else found


COVER_WORDS = 200  # the most frequent words containing the query that make its cover


def _cover(searcher, text: str, within) -> set[int]:
    """Reports proved to contain `text` by the words field: those having `text`, or a longer
    word containing it (indexer/lexicon.py), as one of their words."""
    from indexer import lexicon

    reader = searcher.reader()
    words = set(lexicon.containing(searcher, text))
    if (RANK_FIELD, text) in reader:
        words.add(text)
    cover: set[int] = set()
    for w in sorted(words, key=lambda w: -reader.doc_frequency(RANK_FIELD, w))[:COVER_WORDS]:
        cover |= term_docs(searcher, RANK_FIELD, w, within)
    return cover


def _joined(words) -> str | None:
    """The Han text whose every occurrence the phrase matches: its Han pieces run together
    (`"行政 复议"` matches 行政复议 too), or None when it holds anything else."""
    typed = pieces(words)
    return "".join(typed) if typed and all(is_han(p) for p in typed) else None


def _verify(searcher, field: str, words: list, candidates, section=None) -> set[int]:
    """The candidates where `words` stand at consecutive positions of `field` (inside the
    section's span of positions, for a SectionQuery)."""
    from whoosh.matching import ReadTooFar

    from indexer.sections import span_column, unpack

    if not candidates:
        return set()
    words = [w.decode("utf-8") if isinstance(w, bytes) else w for w in words]
    found: set[int] = set()
    extent = section.extent if section is not None else 0
    for sub, offset in searcher.reader().leaf_readers():
        n = sub.doc_count_all()
        local = sorted(d - offset for d in candidates if offset <= d < offset + n)
        if not local or any((field, w) not in sub for w in words):
            continue
        spans = None
        if section is not None:
            column = span_column(section.section)
            if not sub.has_column(column):
                continue
            spans = sub.column_reader(column)
        matchers = {w: sub.postings(field, w) for w in set(words)}
        for d in local:
            here = True
            for m in matchers.values():
                try:
                    if m.is_active() and m.id() < d:
                        m.skip_to(d)
                except ReadTooFar:
                    pass
                if not m.is_active() or m.id() != d:
                    here = False
                    break
            if not here:
                continue
            lo, hi = unpack(spans[d]) if spans is not None else (0, None)
            positions = {w: set(m.value_as("positions")) for w, m in matchers.items()}
            first = positions[words[0]]
            for p in first:
                if p < lo:
                    continue
                if hi is not None and p + len(words) - 1 + extent >= hi:
                    continue
                if all(p + i in positions[w] for i, w in enumerate(words)):
                    found.add(d + offset)
                    break
    return found


def restrict(searcher, q, candidates) -> set[int]:
    """docs(q) & candidates (the filters' documents), checking only the candidates."""
    return docs(searcher, q, candidates if isinstance(candidates, (set, frozenset)) else set(candidates))
