"""search() and gia-search: query syntax, filters, facets, sorting, paging, sums, output formats, errors."""

import csv
import io
import json

import pytest

from gia.archive import Archive
from gia.errors import UsageError
from indexer import update_index
from tests.samples import make_record
from search_cli import search
from search_cli.main import main as search_main

N = 80


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    a = Archive(tmp_path_factory.mktemp("search") / "arch")
    for i in range(N):
        a.write_record(make_record(i))
    trad = make_record(1000)
    trad.update(id="trad-1", title="臺北測試機關2020年政府資訊公開年報", text="本機關受理行政複議案件三件，依申請公開辦理。",
                sections={}, tables={}, checks=[], province="台湾省", city="台北市", county=None)
    a.write_record(trad)
    update_index(a.root)
    return a.root


def _records():
    return [make_record(i) for i in range(N)]


def _ids(result):
    return {h["id"] for h in result["hits"]}


def test_contract_json_shape(root, capsys):
    assert search_main(["行政复议", "--archive", str(root), "--json", "--limit", "3"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"query", "total", "hits", "facets"}
    assert out["query"] == "行政复议" and out["total"] >= 3 and len(out["hits"]) == 3
    for hit in out["hits"]:
        assert set(hit) >= {"id", "title", "agency", "year", "province", "city", "score", "snippet", "path"}
        assert "<mark>行政复议</mark>" in hit["snippet"]
    assert sum(out["facets"]["year"].values()) == out["total"]


def test_counts_match_a_plain_scan(root):
    expected = {r["id"] for r in _records() if "行政复议" in r["text"]}
    res = search(root, "行政复议", limit=1000, facets=[])
    assert _ids(res) - {"trad-1"} == expected


def test_traditional_query_and_text(root):
    assert "trad-1" in _ids(search(root, "行政复议", limit=1000, facets=[]))  # traditional text
    assert _ids(search(root, "行政複議 依申請公開 臺北", limit=10, facets=[])) == {"trad-1"}


def test_short_words_and_subwords(root):
    for q in ("复议", "诉讼", "农业"):
        assert search(root, q, limit=0, facets=[])["total"] > 0, q


def test_boolean_phrase_field_and_ranges(root):
    recs = _records()
    both = search(root, "农业 AND 勾稽关系", limit=0, facets=[])["total"]
    either = search(root, "农业 OR 勾稽关系", limit=0, facets=[])["total"]
    neither = search(root, "农业 NOT 勾稽关系", limit=0, facets=[])["total"]
    assert both <= either and neither == either - search(root, "勾稽关系", limit=0, facets=[])["total"]
    assert search(root, '"行政 复议"', limit=0, facets=[])["total"] > 0
    assert search(root, '"复议 行政"', limit=0, facets=[])["total"] == 0
    in_range = {r["id"] for r in recs if 2019 <= r["year"] <= 2021}
    assert _ids(search(root, "year:[2019 TO 2021]", limit=1000, facets=[])) == in_range
    big = {r["id"] for r in recs if r["tables"]["applications"]["new"][-1] > 100}
    assert _ids(search(root, "new_requests:>100", limit=1000, facets=[])) == big
    henan = {r["id"] for r in recs if r["province"] == "河南省"}
    assert _ids(search(root, "province:河南省", limit=1000, facets=[])) == henan


def test_flags_filter(root):
    recs = _records()
    want = {r["id"] for r in recs if r["year"] in (2019, 2020) and r["province"] == "河南省" and r["level"] == "county"}
    res = search(root, "", limit=1000, facets=["year"], year="2019-2020", province="河南省", level="county")
    assert _ids(res) == want and res["total"] == len(want)
    broken = {r["id"] for r in recs if not r["checks"][0]["ok"]}
    assert _ids(search(root, "", limit=1000, facets=[], checks="broken")) == broken


def test_sort_and_paging(root):
    res = search(root, "", limit=5, sort="new_requests", facets=[])
    values = [h["numbers"]["new_requests"] for h in res["hits"]]
    assert values == sorted(values, reverse=True)
    assert values[0] == max(r["tables"]["applications"]["new"][-1] for r in _records())
    years = [h["year"] for h in search(root, "", limit=20, sort="year", facets=[])["hits"]]
    assert years == sorted(years)
    p1 = _ids(search(root, "", limit=10, page=1, sort="year", facets=[]))
    p2 = _ids(search(root, "", limit=10, page=2, sort="year", facets=[]))
    assert len(p1) == len(p2) == 10 and not p1 & p2


def test_sum_by_province_and_year(root):
    res = search(root, "", limit=0, facets=[], sum_field="new_requests", by="province,year")
    expected = {}
    for r in _records():
        key = (r["province"], str(r["year"]))
        expected[key] = expected.get(key, 0) + r["tables"]["applications"]["new"][-1]
    got = {tuple(row["group"]): row["sum"] for row in res["sums"]["rows"] if row["reports"] > row["missing"]}
    assert got == expected
    assert res["sums"]["missing"] == 1  # the traditional record has no tables: counted, not invented


def test_sum_csv_and_text(root, capsys):
    assert search_main(["--sum", "review_total", "--by", "level", "--archive", str(root), "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["level", "review_total", "reports", "missing"]
    total = sum(sum(r["tables"]["review_litigation"]["review"][:-1]) for r in _records())
    assert sum(int(r[1]) for r in rows[1:]) == total
    assert search_main(["--sum", "review_total", "--by", "level", "--archive", str(root)]) == 0
    assert "TOTAL" in capsys.readouterr().out


def test_text_and_jsonl_output(root, capsys):
    assert search_main(["复议", "--archive", str(root), "--limit", "2", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "«复议»" in out and "year:" in out
    assert search_main(["复议", "--archive", str(root), "--limit", "2", "--jsonl"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and all(json.loads(x)["id"] for x in lines)


def test_snippet_marks_exact_characters(root):
    hit = search(root, "复议", limit=1, facets=[], snippet_style=("[", "]"))["hits"][0]
    assert "行政[复议]" in hit["snippet"]
    # a simplified query on traditional text marks the original (traditional) characters
    hit = search(root, "行政复议", limit=1, facets=[], snippet_style=("[", "]"), province="台湾省")["hits"][0]
    assert "受理[行政複議]案件" in hit["snippet"]


@pytest.mark.parametrize("query, message", [
    ('"行政 复议', "quote"), ("(复议", "parenthesis"), ("year:[2019 TO", "range"),
    ("foo:bar", "unknown field 'foo'"), ("复议 AND", "ends with"), ("new_requests:>abc", "not a valid number"),
])
def test_malformed_queries(root, capsys, query, message):
    assert search_main([query, "--archive", str(root)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_bad_flags(root):
    with pytest.raises(UsageError, match="--sort"):
        search(root, "", sort="nonsense")
    with pytest.raises(UsageError, match="not a numeric field"):
        search(root, "", sum_field="title")
    with pytest.raises(UsageError, match="--year"):
        search(root, "", year="twenty")


def test_no_index_message(tmp_path, capsys):
    (tmp_path / "reports").mkdir()
    assert search_main(["复议", "--archive", str(tmp_path)]) == 1
    assert "gia index" in capsys.readouterr().err


def test_csv_hits(root, capsys):
    assert search_main(["复议", "--archive", str(root), "--limit", "3", "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:4] == ["id", "title", "agency", "year"] and len(rows) == 4


@pytest.mark.parametrize("query", ["", "复议", "农业", "勾稽关系 OR 农业"])
def test_facet_counts_exact(root, query):
    from collections import Counter

    res = search(root, query, limit=1000, facets=["province", "year", "checks"], snippets=False)
    hits = res["hits"]
    assert len(hits) == res["total"]
    assert res["facets"]["province"] == dict(Counter(h["province"] for h in hits))
    assert res["facets"]["year"] == dict(Counter(str(h["year"]) for h in hits))
    assert res["facets"]["checks"] == dict(Counter(h["checks"] for h in hits))


def test_plain_word_shortcut_gives_the_parser_s_query(root):
    from indexer import store
    from indexer.sections import rewrite
    from search_cli.query import _plain_word, make_parser

    schema = store.searcher_cached(root).schema
    taken = 0
    for word in ("行政复议", "复议", "行政複議", "依申请公开", "依申请公开的", "农业发展", "的", "ABC", "12.5%", "2020",
                 "不存在的词语组合", "a.b", "2020年", "（一）", "，"):
        fast = _plain_word(word)
        if fast is not None:
            taken += 1
            assert fast == rewrite(make_parser(schema).parse(word)), word
    assert taken >= 12
    for not_plain in ("title:司法局", '"行政 复议"', "农业 OR 林业", "复*", "(复议)", "AND"):
        assert _plain_word(not_plain) is None


def test_a_word_in_every_report_counts_like_a_scan(root):
    """Such a query's matches are all documents (counted without building their set)."""
    from collections import Counter

    from indexer import store

    reader = store.searcher_cached(root).reader()
    everywhere = [t.decode() for t in reader.lexicon("text")
                  if reader.doc_frequency("text", t) == reader.doc_count_all()]
    assert everywhere and not reader.has_deletions()
    for query in (everywhere[0], "*"):
        res = search(root, query, limit=1000, facets=["province", "year", "checks"], snippets=False,
                     sum_field="new_requests", by="year")
        hits = res["hits"]
        assert res["total"] == len(hits) == N + 1
        assert res["facets"]["province"] == dict(Counter(h["province"] for h in hits))
        assert res["facets"]["year"] == dict(Counter(str(h["year"]) for h in hits))
        assert res["facets"]["checks"] == dict(Counter(h["checks"] for h in hits))
        assert res["sums"]["reports"] == N + 1
        stated = [h["numbers"]["new_requests"] for h in hits if "new_requests" in h["numbers"]]
        assert res["sums"]["total"] == sum(stated) and res["sums"]["missing"] == N + 1 - len(stated)
