"""search_cli/fastpath.py and indexer/rawindex.py: a bare indexed word answered without Whoosh
gives exactly search()'s result; anything else is left to search()."""

import subprocess
import sys

import pytest

from gia.archive import Archive
from indexer import facetcache, store, update_index
from indexer.names import FACETS
from indexer.rawindex import BYTE_TO_LENGTH, RawIndex
from indexer.samples import archive_with_deletions, make_record
from search_cli import search
from search_cli.fastpath import B, K1, try_search

N = 300  # common words span several posting blocks (128 postings a block)


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """One segment, no deletions."""
    a = Archive(tmp_path_factory.mktemp("fast-plain") / "arch")
    for i in range(N):
        a.write_record(make_record(i))
    update_index(a.root)
    return a.root


@pytest.fixture(scope="module")
def updated(tmp_path_factory):
    """Two segments, deletions in the first (an incremental `gia index`)."""
    return archive_with_deletions(tmp_path_factory.mktemp("fast-updated") / "arch", N)


def _words(root):
    """Common, middling and rare terms (rare ones have inlined postings), title words too."""
    s = store.open_index(root).searcher()
    reader = s.reader()
    freq = sorted(((reader.doc_frequency("text", t), t.decode()) for t in reader.lexicon("text")), reverse=True)
    rare = [t for n, t in freq if n == 1][:5]
    titles = [t.decode() for t in list(reader.lexicon("title"))[:5]]
    s.close()
    return [t for _, t in freq[:12]] + [t for _, t in freq[len(freq) // 2: len(freq) // 2 + 6]] + rare + titles


@pytest.mark.parametrize("which", ["plain", "updated"])
def test_same_result_as_search(which, request):
    root = request.getfixturevalue(which)
    words = _words(root) + ["行政复议", "行政復議", "  复议 ", "ＡＢＣ"]
    compared = 0
    for word in words:
        for kwargs in ({}, {"page": 2}, {"page": 3, "limit": 25}, {"limit": 0}, {"limit": 1, "facets": list(FACETS)},
                       {"facets": [], "snippets": False}, {"snippet_style": ("«", "»")}, {"page": 999}):
            fast = try_search(root, word, **kwargs)
            if fast is None:
                assert word == "ＡＢＣ"  # not a term of the index: segmented by search()
                continue
            assert fast == search(root, word, **kwargs), (word, kwargs)
            compared += 1
    assert compared > 200


def test_other_queries_are_left_to_search(plain):
    for query, kwargs in [("行政复议", {"year": "2020"}), ("行政复议", {"province": "河南"}),
                          ("行政复议", {"sort": "year"}), ("行政复议", {"sum_field": "new_requests"}),
                          ('"行政 复议"', {}), ("行政复议 OR 复议", {}), ("title:司法局", {}), ("*", {}), ("", {}),
                          ("行政复议", {"facets": ["nope"]}), ("没有这个词语", {}), ("行政复议", {"limit": -1})]:
        assert try_search(plain, query, **kwargs) is None, (query, kwargs)


def test_missing_facet_file_or_other_schema_is_left_to_search(tmp_path):
    a = Archive(tmp_path / "arch")
    for i in range(20):
        a.write_record(make_record(i))
    update_index(a.root)
    assert try_search(a.root, "行政复议") is not None
    for f in store.index_dir(a.root).glob(f"{facetcache.PREFIX}*"):
        f.unlink()
    assert try_search(a.root, "行政复议") is None  # search() rebuilds it
    assert try_search(a.root, "行政复议", facets=[]) is not None
    meta = store.index_dir(a.root) / store.META_FILE
    meta.write_text(meta.read_text().replace('"schema_version": 1', '"schema_version": 0'))
    assert try_search(a.root, "行政复议", facets=[]) is None  # search() says to rebuild
    assert try_search(tmp_path / "nothing", "行政复议") is None


@pytest.mark.parametrize("which", ["plain", "updated"])
def test_raw_reader_agrees_with_whoosh(which, request):
    from whoosh.util.numeric import byte_to_length

    from indexer.topterm import _block_headers, _length_bytes

    root = request.getfixturevalue(which)
    ix = RawIndex(store.index_dir(root))
    s = store.open_index(root).searcher()
    reader = s.reader()
    try:
        assert ix.doc_count_all() == reader.doc_count_all() and ix.doc_count() == reader.doc_count()
        assert ix.has_deletions() == reader.has_deletions()
        assert list(ix.all_doc_ids()) == list(reader.all_doc_ids())
        for field in ("text", "title", "agency"):
            assert ix.field_length(field) == reader.field_length(field)
            for t in list(reader.lexicon(field))[::7]:
                assert ix.doc_frequency(field, t.decode()) == reader.doc_frequency(field, t), (field, t)
        assert ix.doc_frequency("text", "没有这个词语") == 0
        for d in range(reader.doc_count_all()):
            assert ix.stored_fields(d) == reader.stored_fields(d)
        leaves = list(reader.leaf_readers())
        assert len(leaves) == len(ix.segments)
        for (sub, offset), seg in zip(leaves, ix.segments):
            assert seg.offset == offset and seg.lengths("text") == _length_bytes(sub, "text")
            for t in list(sub.lexicon("text"))[::11]:
                df, inlined, extent = seg.terminfo("text", t)
                m = sub.postings("text", t)
                m = getattr(m, "child", m)  # under the deletions filter
                if inlined is not None:
                    assert not hasattr(m, "_read_data")
                else:
                    assert seg.block_headers(extent) == _block_headers(m), t
        assert BYTE_TO_LENGTH == [byte_to_length(b) for b in range(256)]
    finally:
        s.close()
        ix.close()


def test_whoosh_default_weighting():
    from whoosh import scoring

    w = scoring.BM25F()
    assert (w.B, w.K1, w._field_B) == (B, K1, {})


def test_gia_search_imports_no_whoosh_for_a_word(plain):
    code = ("import sys, io\nsys.argv = ['gia-search', '行政复议', '--archive', sys.argv[1], '--json']\n"
            "from search_cli.main import main\nout = sys.stdout; sys.stdout = io.StringIO(); main(); "
            "text = sys.stdout.getvalue(); sys.stdout = out\n"
            "print(sorted(m for m in sys.modules if m.startswith('whoosh') and "
            "not getattr(sys.modules[m], '_gia_stub', False)))\nprint(text)")
    proc = subprocess.run([sys.executable, "-c", code, str(plain)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    loaded, _, output = proc.stdout.partition("\n")
    assert loaded == "[]"
    import json

    # byte for byte what the Whoosh path prints (key order included)
    assert output == json.dumps(search(plain, "行政复议", snippet_style="html"), ensure_ascii=False, indent=2) + "\n\n"


def test_damaged_index_is_left_to_search(tmp_path):
    """A term table that does not read as expected: None, and search() reports the damage
    as it always has."""
    a = Archive(tmp_path / "arch")
    for i in range(20):
        a.write_record(make_record(i))
    update_index(a.root)
    (trm,) = store.index_dir(a.root).glob("*.trm")
    trm.write_bytes(b"garbage")
    assert try_search(a.root, "行政复议") is None


def test_facets_with_deletions_equal_a_count_of_the_matching_reports(updated):
    """After an incremental update (deleted documents): facet counts through the saved totals
    equal counting the stored values of every live matching document."""
    from collections import Counter

    from whoosh import query as wq

    from indexer.docsets import docs

    s = store.open_index(updated).searcher()
    try:
        assert s.reader().has_deletions()
        for word in ["行政复议", "复议"] + _words(updated)[:6]:
            matching = docs(s, wq.Term("text", word))
            expected = {f: Counter(s.stored_fields(d).get(f) for d in matching) for f in FACETS}
            for result in (try_search(updated, word, facets=list(FACETS)),
                           search(updated, word, facets=list(FACETS))):
                assert result["total"] == len(matching)
                for f in FACETS:
                    assert result["facets"][f] == {k: n for k, n in expected[f].items() if k is not None}, (word, f)
    finally:
        s.close()
