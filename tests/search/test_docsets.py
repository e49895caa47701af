"""Matching sets (indexer/docsets.py) give exactly Whoosh's own answers, across segments and
deletions; the words-field shortcut for phrases keeps the reports jieba cut differently."""

import os

import pytest
from whoosh import query as wq

from gia.archive import Archive
from indexer import store, update_index
from indexer.docsets import docs, restrict
from tests.samples import make_record
from search_cli import search
from search_cli.query import parse


@pytest.fixture()
def root(tmp_path):
    a = Archive(tmp_path / "arch")
    paths = [a.write_record(make_record(i)) for i in range(40)]
    update_index(a.root)
    for p in paths[:5]:
        p.unlink()  # deletions in the first segment
    changed = make_record(7)
    changed["text"] += "独特词语"
    os.utime(a.write_record(changed), ns=(1, 10**18))
    for i in range(100, 110):
        a.write_record(make_record(i))  # a second segment
    odd = make_record(200)
    # 规范性文件 inside 行政规范性文件: jieba keeps the longer word, so the words field has no
    # 规范性文件 for this report (the other reports have it as a word)
    odd.update(id="odd", text="本机关制定行政规范性文件三件。", sections={})
    a.write_record(odd)
    update_index(a.root)
    return a.root


QUERIES = ["行政复议", "复议 AND 农业", "农业 OR 勾稽关系", "农业 NOT 勾稽关系", '"行政 复议"', "province:河南省",
           "year:[2016 TO 2019]", "new_requests:>100", "独特词语", "review_litigation:复议", "*", "规范性文件",
           "overview:规范性文件", "title:司法局", "2020年", "复议 NOT 规范性文件"]


def test_docs_equal_whoosh(root):
    ix = store.open_index(root)
    with ix.searcher() as s:
        assert s.reader().has_deletions() and len(list(s.reader().leaf_readers())) >= 2
        for text in QUERIES:
            q = parse(s.schema, text)
            expected = set(q.docs(s))
            assert docs(s, q) == expected, text
            some = set(list(range(0, s.reader().doc_count_all(), 3)))
            assert restrict(s, q, some) == expected & some, text
        assert docs(s, wq.Term("text", "没有这个词")) == set()


def test_phrase_shortcut_keeps_every_match(root):
    from indexer.names import RANK_FIELD

    ix = store.open_index(root)
    with ix.searcher() as s:
        reader = s.reader()
        assert reader.doc_frequency(RANK_FIELD, "规范性文件") > 10
        for query in ("规范性文件", '"规范性 文件"', "性文件"):
            ids = {h["id"] for h in search(root, query, limit=1000, facets=[], snippets=False)["hits"]}
            assert "odd" in ids, query
            assert len(ids) == len(set(parse(s.schema, query).docs(s))), query
        hit = search(root, "规范性文件", limit=1000, facets=[], snippets=True, snippet_style=("[", "]"))["hits"]
        odd = [h for h in hit if h["id"] == "odd"][0]
        assert "行政[规范性文件]三件" in odd["snippet"] and odd["score"] == 0.0  # ranked by words: none here


def test_facets_and_filters_after_updates(root):
    res = search(root, "", limit=1000, facets=["province", "year"], province="河南省,江苏省", year="2016-2020")
    recs = [make_record(i) for i in [*range(5, 40), *range(100, 110)]]
    recs.append(dict(make_record(200), id="odd", text="本机关制定行政规范性文件三件。"))
    want = [r for r in recs if r["province"] in ("河南省", "江苏省") and 2016 <= r["year"] <= 2020]
    assert res["total"] == len(want)
    assert {h["id"] for h in res["hits"]} == {r["id"] for r in want}  # ranked across both segments
    ranked = search(root, "复议", limit=1000, facets=[], snippets=False, province="河南省,江苏省", year="2016-2020")
    assert {h["id"] for h in ranked["hits"]} == {r["id"] for r in want if "复议" in r["text"]}
    assert sum(res["facets"]["province"].values()) == len(want)
