"""indexer/fast.py against plain Whoosh: every fast answer equals Whoosh's own, on randomised
terms, queries and filters, across posting blocks, two segments and deletions — and the
pinned Whoosh release is the one installed (otherwise the fast paths switch themselves off)."""

import random

import pytest
from whoosh import query as wq

from gia.archive import Archive
from indexer import fast, store, update_index
from indexer.names import RANK_FIELD
from search_cli import search
from tests.samples import archive_with_deletions, make_record

N = 300  # common terms span several posting blocks (Whoosh writes 128 postings a block)


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return archive_with_deletions(tmp_path_factory.mktemp("fast") / "arch", N)


@pytest.fixture(scope="module")
def searcher(root):
    s = store.open_index(root).searcher()
    yield s
    s.close()


@pytest.fixture()
def plain(monkeypatch):
    def use(flag: bool):
        if flag:
            monkeypatch.setenv("GIA_PLAIN_WHOOSH", "1")
        else:
            monkeypatch.delenv("GIA_PLAIN_WHOOSH", raising=False)
    return use


def _terms(searcher, field, rng, n=40):
    reader = searcher.reader()
    terms = list(reader.lexicon(field))
    by_df = sorted(terms, key=lambda t: -reader.doc_frequency(field, t))
    return by_df[:10] + rng.sample(terms, min(n, len(terms)))


def test_pinned_release_is_installed():
    import tomllib
    from pathlib import Path

    import whoosh

    assert tuple(whoosh.__version__[:3]) == fast.PINNED
    deps = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())["project"]["dependencies"]
    assert f"whoosh3=={'.'.join(map(str, fast.PINNED))}" in [d.split("#")[0].strip().replace(" ", "") for d in deps]


def test_index_has_blocks_segments_and_deletions(searcher):
    reader = searcher.reader()
    leaves = list(reader.leaf_readers())
    assert len(leaves) >= 2 and any(sub.has_deletions() for sub, _ in leaves)
    assert max(reader.doc_frequency("text", t) for t in reader.lexicon("text")) > 2 * 128


@pytest.mark.parametrize("field", ["text", RANK_FIELD, "title", "province", "year"])
def test_term_ids_equal_whoosh(searcher, plain, field):
    rng = random.Random(field)
    for t in _terms(searcher, field, rng):
        plain(True)
        expected = fast.term_ids(searcher, field, t)
        plain(False)
        assert fast.term_ids(searcher, field, t) == expected == sorted(searcher.docs_for_query(wq.Term(field, t))), t


@pytest.mark.parametrize("k", [1, 10, 60])
def test_top_term_equals_whoosh(searcher, plain, k):
    rng = random.Random(k)
    n = searcher.reader().doc_count_all()
    for t in _terms(searcher, RANK_FIELD, rng, 25):
        for allowed in (None, set(rng.sample(range(n), rng.choice([3, 40, n // 2]))), set(range(0, n, 37))):
            plain(True)
            expected = fast.top_term(searcher, RANK_FIELD, t, k, allowed)
            plain(False)
            got = fast.top_term(searcher, RANK_FIELD, t, k, allowed)
            assert [d for d, _ in got] == [d for d, _ in expected], (t, k)
            assert [s for _, s in got] == pytest.approx([s for _, s in expected], abs=1e-9), (t, k)


QUERIES = ["行政复议", "复议", "依申请公开", "政府信息公开", "信息公", "农业 OR 勾稽关系", "农业 NOT 勾稽关系", '"行政 复议"',
           "review_litigation:复议", "title:司法局", "province:河南省", "year:[2016 TO 2019]", "new_requests:>100", "*",
           "行政复议 AND 诉讼", "2020年", "的", "三安全一稳定"]


def test_search_equals_plain_whoosh_on_random_queries_and_filters(root, plain, monkeypatch):
    monkeypatch.setattr(fast, "PHRASE_MIN", 0)  # every phrase through fast.phrase_docs (plain: one by one)
    rng = random.Random(18)
    recs = [make_record(i) for i in range(40)]
    words = sorted({r["text"][i:i + rng.randint(1, 5)] for r in recs for i in rng.sample(range(len(r["text"]) - 6), 3)})
    queries = QUERIES + [w for w in words if not any(c in w for c in '"():[]{}<>=*?~^+-!\\/&|\n ')][:40]
    filters = [{}, {"year": "2016-2020"}, {"province": "河南省,江苏省"}, {"level": "county", "checks": "ok"},
               {"year": "2022", "province": "广东省"}]
    compared = 0
    for q in queries:
        for f in rng.sample(filters, 2):
            kwargs = dict(limit=rng.choice([0, 5, 20]), page=rng.choice([1, 2]), facets=["year", "province"],
                          sort=rng.choice(["relevance", "relevance", "year", "new_requests"]), snippets=False, **f)
            plain(True)
            expected = search(root, q, **kwargs)
            plain(False)
            got = search(root, q, **kwargs)
            assert [h["id"] for h in got["hits"]] == [h["id"] for h in expected["hits"]], (q, kwargs)
            assert [h["score"] for h in got["hits"]] == pytest.approx([h["score"] for h in expected["hits"]]), q
            got["hits"] = expected["hits"] = None
            assert got == expected, (q, kwargs)
            compared += 1
    assert compared > 100


def _postings(root):
    ix = store.open_index(root)
    with ix.reader() as r:
        out = {}
        for field, text in r.all_terms():
            m = r.postings(field, text)
            fmt = "positions" if r.schema[field].format.supports("positions") else "weight"
            out[(field, text)] = list(m.items_as(fmt))
        return out, r.doc_count(), sorted(d["path"] for d in r.all_stored_fields())


def _build(tmp_path, name, monkeypatch, patched: bool):
    a = Archive(tmp_path / name)
    for i in range(60):
        a.write_record(make_record(i))
    runs = []
    real = fast.speed_up

    def spy(writer):
        if patched:
            real(writer)
        save = writer.pool.save
        writer.pool.save = lambda: (runs.append(len(writer.pool.current)), save())[1]

    monkeypatch.setattr(fast, "speed_up", spy)
    update_index(a.root, limitmb=1)
    return _postings(a.root), runs


def test_chunked_pool_gives_whoosh_s_postings(tmp_path, monkeypatch):
    ours, runs = _build(tmp_path, "ours", monkeypatch, patched=True)
    theirs, runs_whoosh = _build(tmp_path, "whoosh", monkeypatch, patched=False)
    assert len([n for n in runs if n]) >= 2, "the tiny pool must spill to several runs"
    assert runs == runs_whoosh  # same size estimate -> same runs
    assert ours[1] == theirs[1] == 60 and ours[2] == theirs[2]
    assert ours[0] == theirs[0] and len(ours[0]) > 1000


def test_chunks_cross_run_boundaries(monkeypatch, tmp_path):
    monkeypatch.setattr(fast, "CHUNK", 7)  # many chunks per run, a partial one at the end
    ours, _ = _build(tmp_path, "small", monkeypatch, patched=True)
    theirs, _ = _build(tmp_path, "whoosh", monkeypatch, patched=False)
    assert ours == theirs and ours[1] == 60


def test_another_whoosh_release_takes_the_plain_path(searcher, monkeypatch):
    import whoosh

    term = next(iter(searcher.reader().lexicon("text")))
    expected = fast.term_ids(searcher, "text", term)
    monkeypatch.setattr(whoosh, "__version__", (3, 55, 0))
    assert not fast.enabled()
    assert fast.term_ids(searcher, "text", term) == expected


def test_phrase_docs_equal_the_one_by_one_check(searcher, monkeypatch, plain):
    """Every phrase through fast.phrase_docs (whole blocks) equals docsets' matcher walk."""
    from indexer import docsets
    from indexer.grams import query_terms

    rng = random.Random(5)
    recs = [make_record(i) for i in range(0, 300, 7)]
    phrases = ["行政复议", "依申请公开", "信息公开工作", "哈哈哈", "年政府信", "2020年", "本年度发生行政复议"]
    phrases += [r["text"][i:i + rng.randint(3, 8)] for r in recs for i in rng.sample(range(len(r["text"]) - 9), 2)]
    live = docsets.live_ids(searcher)
    checked = 0
    for text in phrases:
        words = query_terms(text)
        if len(words) < 2:
            continue
        expected = docsets._verify(searcher, "text", words, set(live))
        monkeypatch.setattr(fast, "PHRASE_MIN", 0)
        assert fast.phrase_docs(searcher, "text", words) == expected, text
        assert docsets._phrase_docs(searcher, wq.Phrase("text", words), None) == expected, text
        checked += bool(expected)
    assert checked > 40
