"""indexer.topterm ranks a one-term query exactly as Whoosh's BM25F collector does: same
documents, same scores, same order, across posting blocks, segments, deletions and filters."""

import pytest
from whoosh import query as wq

from indexer import store
from indexer.docsets import docset_query, docs
from indexer.samples import archive_with_deletions
from indexer.topterm import top_term

# Enough reports that common terms span several posting blocks (Whoosh writes 128 a block),
# so skipping blocks by their best possible score is exercised.
N = 300


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return archive_with_deletions(tmp_path_factory.mktemp("topterm") / "arch", N)


@pytest.fixture(scope="module")
def searcher(root):
    s = store.open_index(root).searcher()
    yield s
    s.close()


def _whoosh(searcher, q, k):
    return [(hit.docnum, hit.score) for hit in searcher.search(q, limit=k, terms=False)]


def _terms(searcher):
    """Common and rare terms of the text field (most frequent first)."""
    reader = searcher.reader()
    freq = sorted(((reader.doc_frequency("text", t), t) for t in reader.lexicon("text")), reverse=True)
    return [t for _, t in freq[:15]] + [t for _, t in freq[len(freq) // 2: len(freq) // 2 + 5]]


def test_index_has_multi_block_terms_and_segments(searcher):
    reader = searcher.reader()
    leaves = list(reader.leaf_readers())
    assert len(leaves) >= 2 and any(sub.has_deletions() for sub, _ in leaves)
    assert max(reader.doc_frequency("text", t) for t in _terms(searcher)) > 2 * 128


@pytest.mark.parametrize("k", [1, 10, 60])
def test_top_hits_equal_whoosh(searcher, k):
    terms = _terms(searcher) + ["行政复议", "复议"]
    for term in terms:
        assert top_term(searcher, "text", term, k) == _whoosh(searcher, wq.Term("text", term), k), term


def test_title_field_and_missing_term(searcher):
    for term in list(searcher.reader().lexicon("title"))[:10]:
        assert top_term(searcher, "title", term, 10) == _whoosh(searcher, wq.Term("title", term), 10)
    assert top_term(searcher, "text", "没有这个词语", 10) == []


def test_filtered_equals_whoosh_with_the_allowed_set(searcher):
    allowed = docs(searcher, wq.Term("year", "2020")) | docs(searcher, wq.Term("level", "county"))
    for term in _terms(searcher)[:8] + ["行政复议"]:
        matching = docs(searcher, wq.Term("text", term)) & allowed
        expected = _whoosh(searcher, wq.And([wq.Term("text", term), docset_query(matching)]), 10)
        got = top_term(searcher, "text", term, 10, allowed=allowed)
        assert [d for d, _ in got] == [d for d, _ in expected], term
        # Whoosh's And adds the allowed-set matcher's constant score (1.0) to every hit; the
        # fast path reports the term's own score, the same as without filters.
        assert [s for _, s in got] == pytest.approx([s - 1.0 for _, s in expected], abs=1e-9), term
        assert got == [(d, s) for d, s in top_term(searcher, "text", term, N * 2) if d in allowed][:10]


def test_search_uses_it_and_pages_like_whoosh(root, searcher):
    from search_cli import search

    ranked = _whoosh(searcher, wq.Term("text", "行政复议"), 30)
    for page in (1, 2, 3):
        result = search(root, "行政复议", limit=10, page=page, snippets=False, facets=[])
        expected = [searcher.stored_fields(d)["id"] for d, _ in ranked[(page - 1) * 10: page * 10]]
        assert [h["id"] for h in result["hits"]] == expected
        assert [h["score"] for h in result["hits"]] == [round(s, 4) for _, s in ranked[(page - 1) * 10: page * 10]]


@pytest.mark.parametrize("step", [37, 101])
def test_few_allowed_documents_skip_blocks_and_equal_whoosh(searcher, step):
    """Few allowed documents (narrow filters): blocks holding none of them are skipped."""
    allowed = set(range(3, searcher.reader().doc_count_all(), step))
    for term in _terms(searcher)[:8]:
        matching = docs(searcher, wq.Term("text", term)) & allowed
        expected = _whoosh(searcher, wq.And([wq.Term("text", term), docset_query(matching)]), 10)
        got = top_term(searcher, "text", term, 10, allowed=allowed)
        assert [d for d, _ in got] == [d for d, _ in expected], term
        assert got == [(d, s) for d, s in top_term(searcher, "text", term, N * 2) if d in allowed][:10]


def test_block_headers_read_in_one_piece_equal_the_matchers_walk(searcher):
    """_block_headers parses the term's postings from one read; stepping the matcher block by
    block (its fallback) must give the same headers."""
    from indexer.topterm import _block_headers

    reader = searcher.reader()
    checked = 0
    for t in _terms(searcher):
        for sub, _ in reader.leaf_readers():
            if ("text", t) not in sub:
                continue
            def leaf():  # under the deletions filter of the first segment
                m = sub.postings("text", t)
                return getattr(m, "child", m)

            if not hasattr(leaf(), "_read_data"):
                continue  # inlined postings: no blocks
            raw = _block_headers(leaf())
            stepped = leaf()
            stepped._length = None  # no extent: the fallback
            assert _block_headers(stepped) == raw
            wrong = leaf()
            wrong._length = (wrong._length[0] - 1,)  # an extent that does not parse: the fallback
            assert _block_headers(wrong) == raw
            checked += len(raw) > 1
    assert checked  # terms with several blocks were compared
