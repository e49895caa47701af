"""The fast document-set paths give exactly Whoosh's own answers, across segments and deletions."""

import os

import pytest
from whoosh import query as wq

from gia.archive import Archive
from indexer import store, update_index
from indexer.docsets import docs, restrict
from indexer.samples import make_record
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
    odd.update(id="odd", text="本机关行政，复议工作。", sections={})  # the phrase without the word 行政复议
    a.write_record(odd)
    update_index(a.root)
    return a.root


QUERIES = ["行政复议", "复议 AND 农业", "农业 OR 勾稽关系", "农业 NOT 勾稽关系", '"行政 复议"', "province:河南省",
           "year:[2016 TO 2019]", "new_requests:>100", "独特词语", "review_litigation:复议", "*"]


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
    ids = {h["id"] for h in search(root, '"行政 复议"', limit=1000, facets=[], snippets=False)["hits"]}
    assert "odd" in ids
    ix = store.open_index(root)
    with ix.searcher() as s:
        assert len(ids) == len(set(parse(s.schema, '"行政 复议"').docs(s)))


def test_facets_and_filters_after_updates(root):
    res = search(root, "", limit=1000, facets=["province", "year"], province="河南省,江苏省", year="2016-2020")
    recs = [make_record(i) for i in [*range(5, 40), *range(100, 110)]]
    recs.append(dict(make_record(200), id="odd", text="本机关行政，复议工作。"))
    want = [r for r in recs if r["province"] in ("河南省", "江苏省") and 2016 <= r["year"] <= 2020]
    assert res["total"] == len(want)
    assert {h["id"] for h in res["hits"]} == {r["id"] for r in want}  # ranked across both segments
    ranked = search(root, "复议", limit=1000, facets=[], snippets=False, province="河南省,江苏省", year="2016-2020")
    assert {h["id"] for h in ranked["hits"]} == {r["id"] for r in want if "复议" in r["text"]}
    assert sum(res["facets"]["province"].values()) == len(want)
