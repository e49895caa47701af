"""The order of the matches: BM25F of the query's jieba words.

What a query matches is decided by the character fields (`docsets.py`); how the matches are
ordered by the words field: each text leaf of the query (not under NOT) adds its jieba form
(`analyzer.jieba_form`: the query text itself when it is an indexed word, else its words)
to the ranking words, and a match scores the best BM25F score (Whoosh's formula and
statistics) any ranking word has in it. The best, not the sum: the top n of every word then
hold the top n of all, so each word is ranked on its own, block by block (`fast.top_term`,
which skips blocks that cannot reach the top n), instead of scoring every match. A report
that contains the query's characters but none of its words (jieba cut them differently
there) scores 0 and follows, in index order. Leaves on `title:`/`agency:` are scored by
Whoosh as they are (those fields are short).
"""

from __future__ import annotations

from indexer import fast
from indexer.grams import pieces
from indexer.names import DEFAULT_FIELD, RANK_FIELD, SECTION_FIELDS


def text_leaves(q) -> list:
    """The leaves of `q` on text and section fields that are not negated, in order."""
    from whoosh import query as wq

    from indexer.sections import SectionQuery

    if isinstance(q, wq.Not):
        return []
    if isinstance(q, SectionQuery):
        return [q.q]
    if isinstance(q, (wq.Term, wq.Phrase)):
        return [q] if q.fieldname == DEFAULT_FIELD or q.fieldname in SECTION_FIELDS else []
    if isinstance(q, wq.CompoundQuery):
        return [leaf for sub in q.subqueries if not isinstance(sub, wq.Not) for leaf in text_leaves(sub)]
    return []


def title_leaves(q) -> list:
    from whoosh import query as wq

    if isinstance(q, wq.Not):
        return []
    if isinstance(q, (wq.Term, wq.Phrase)):
        return [q] if q.fieldname in ("title", "agency") else []
    if isinstance(q, wq.CompoundQuery):
        return [leaf for sub in q.subqueries if not isinstance(sub, wq.Not) for leaf in title_leaves(sub)]
    return []


def leaf_text(leaf) -> str:
    """What a character-field leaf was typed as (its pieces; whitespace where pieces part)."""
    words = [leaf.text] if hasattr(leaf, "text") else list(leaf.words)
    return " ".join(pieces(words))


def known_terms(searcher):
    reader = searcher.reader()
    return lambda term: (RANK_FIELD, term) in reader


def rank_words(searcher, q) -> list[str]:
    """The words-field terms that rank `q`'s matches (each once, in query order)."""
    from indexer.analyzer import jieba_form

    known = known_terms(searcher)
    out: list[str] = []
    for leaf in text_leaves(q):
        out.extend(jieba_form(leaf_text(leaf), known))
    return [w for w in dict.fromkeys(out) if known(w)]


def top(searcher, q, docnums, n: int, covered: bool = False) -> list[tuple[int, float]]:
    """The first `n` matches (docnum, score) in rank order. `covered`: every document
    having the query's one ranking word is a match (a plain one-leaf query without
    filters), so the ranking need not be restricted to `docnums`."""
    from whoosh import query as wq

    if n <= 0 or not docnums:
        return []
    words = rank_words(searcher, q)
    extra = title_leaves(q)
    allowed = None if covered or isinstance(docnums, range) else docnums
    best: dict[int, float] = {}
    # The best score among the words: the top n of each word hold the top n of all (a
    # report's score is one word's), so each word is ranked block by block on its own.
    for w in words:
        for d, score in fast.top_term(searcher, RANK_FIELD, w, n, allowed):
            if score > best.get(d, -1.0):
                best[d] = score
    if extra:
        found = searcher.search(wq.Or(extra), limit=n, terms=False,
                                filter=None if allowed is None else set(allowed))
        for hit in found:
            if hit.score > best.get(hit.docnum, -1.0):
                best[hit.docnum] = hit.score
    scored = sorted(best.items(), key=lambda x: (-x[1], x[0]))[:n]
    if len(scored) < n:
        seen = {d for d, _ in scored}
        for d in (docnums if isinstance(docnums, range) else sorted(docnums)):
            if d not in seen:
                scored.append((d, 0.0))
                if len(scored) == n:
                    break
    return scored


def covers(searcher, q) -> bool:
    """Whether every document having `q`'s one ranking word matches `q`: a one-leaf query of
    the text field whose text is that word (the word is then a passage of each such text)."""
    from whoosh import query as wq

    if not isinstance(q, (wq.Term, wq.Phrase)) or q.fieldname != DEFAULT_FIELD:
        return False
    typed = pieces([q.text] if isinstance(q, wq.Term) else list(q.words))
    return len(typed) == 1 and rank_words(searcher, q) == typed
