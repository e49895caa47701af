"""Chinese full-text search in the SQLite export: a query finds exactly the reports whose title or
text contains it (checked by brute force), for a jieba word, a two-character word jieba may not
cut out, strings jieba cuts apart, a single character — through our own MATCH builder, through
Datasette's search box and through the canned `contains` query."""

import asyncio
import json
import sqlite3

import pytest

from gia.archive import Archive
from search_cli.browse import fts

# texts a segmenter can get wrong: the word inside a longer word, across punctuation or a line break,
# a bigram that straddles two words (执行/政复议), and reports without it
TEXTS = {
    "fts-a": "本年度不服行政复议决定提起诉讼的案件0件。",
    "fts-b": "申请人向复议机关申请复议。",
    "fts-c": "行政、复议分开写的报告。",
    "fts-d": "强制执行政复议无关的句子。",
    "fts-e": "行政复\n议被换行断开。",
    "fts-f": "本年度未发生不予公开的情形，2020年无诉讼。",
    "fts-g": "没有相关内容的报告。",
}
QUERIES = ("行政复议", "复议", "不予公开", "政复", "议", "行政复议决定", "2020")


def _records():
    out = []
    for rid, text in TEXTS.items():
        out.append({"schema": 1, "id": rid, "title": f"某市某局{rid[-1]}年度报告", "agency": "某市某局", "year": 2021,
                    "level": "city", "province": "河南省", "city": "洛阳市", "template": "2021", "text": text,
                    "tables": {}, "checks": [], "warnings": []})
    return out


@pytest.fixture(scope="module")
def fts_export(new_browse_archive, tmp_path_factory):
    from search_cli.cli import main

    root, records = new_browse_archive(2)
    extra = _records()
    for record in extra:
        Archive(root).write_record(record)
    out = tmp_path_factory.mktemp("fts") / "reports.db"
    meta = out.with_name("meta.json")
    assert main(["archive", "export", "--archive", str(root), "--format", "sqlite", "--out", str(out),
                 "--metadata", str(meta)]) == 0
    return out, meta, records + extra


def _truth(records, query):
    return {r["id"] for r in records if all(term in fts.document(r) for term in query.split())}


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_exactly_the_reports_containing_the_query(fts_export, query):
    out, _meta, records = fts_export
    found = set(fts.search(sqlite3.connect(out), query))
    assert found == _truth(records, query)


def test_brute_force_over_every_bigram_of_the_report_texts(fts_export):
    """Not just chosen queries: every two-character Han string of the hand-made texts."""
    out, _meta, records = fts_export
    db = sqlite3.connect(out)
    grams = {g for text in TEXTS.values() for han, run in fts._runs(text) if han for g in fts.bigrams(run)}
    for gram in sorted(grams):
        assert set(fts.search(db, gram)) == _truth(records, gram), gram


def test_the_cases_that_break_plain_tokenizers(fts_export):
    out, _meta, records = fts_export
    db = sqlite3.connect(out)
    assert {"fts-a", "fts-b", "fts-c", "fts-d"} <= set(fts.search(db, "复议"))
    assert "fts-e" not in fts.search(db, "复议")          # 复\n议 is not the string 复议
    assert "fts-d" in fts.search(db, "行政复议")          # 执行政复议 holds the string, whatever jieba cuts
    assert set(fts.search(db, "不予公开")) >= {"fts-f"}   # jieba cuts it 不予 / 公开: still found
    with pytest.raises(ValueError):
        fts.match_expression("  ")


def _datasette(out, meta):
    datasette = pytest.importorskip("datasette.app", reason="pip install datasette (the [test] extra)")
    return datasette.Datasette([str(out)], metadata=json.loads(meta.read_text(encoding="utf-8")))


def _ids(ds, path):
    async def get():
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()
    return asyncio.run(get())


@pytest.mark.parametrize("query", ["复议", "议"])
def test_datasette_search_box_is_exact_for_words_and_short_strings(fts_export, query):
    out, meta, records = fts_export
    ds = _datasette(out, meta)
    data = _ids(ds, f"/{out.stem}/reports.json?_search={query}&_shape=objects&_col=id&_size=max")
    assert {r["id"] for r in data["rows"]} == _truth(records, query)


def test_datasette_search_box_finds_a_jieba_word(fts_export):
    """One query word is one token: the box finds the reports where jieba cut the word out (the
    `contains` query below is exact)."""
    out, meta, records = fts_export
    data = _ids(_datasette(out, meta), f"/{out.stem}/reports.json?_search=行政复议&_shape=objects&_col=id&_size=max")
    found = {r["id"] for r in data["rows"]}
    assert found <= _truth(records, "行政复议") and "fts-a" in found


@pytest.mark.parametrize("query", ["行政复议", "不予公开", "复议", "议"])
def test_datasette_contains_query_is_exact(fts_export, query):
    out, meta, records = fts_export
    data = _ids(_datasette(out, meta), f"/{out.stem}/contains.json?text={query}&_shape=objects&_size=max")
    assert {r["id"] for r in data["rows"]} == _truth(records, query)
