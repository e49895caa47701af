"""Recall by construction (issue 18): for every sampled query, the reports gia finds are
exactly the reports whose folded title + agency + text contain it (tests/search/recall.py
scans them without any index).

Two archives: generated reports (reportgen, simplified and traditional script), and the
labelled corpus (../shared/corpus, parsed from its files; skipped when absent). Queries, with
a fixed seed: jieba's words of the texts, every template label, the words in traditional
characters, random 1-6 character substrings (Chinese runs, and anything at all: digits,
punctuation, spaces), field prefixes, sections, AND/OR/NOT. The same set is what the total,
the facet counts and `--sum/--by` count. A larger sample runs in bench/bench_recall.py.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from gia.archive import Archive
from indexer import store, update_index
from indexer.analyzer import word_counts
from indexer.fields import indexed_text
from search_cli import search
from search_cli.counting import matching_docnums
from search_cli.query import parse
from tests.conftest import corpus_files
from tests.search.recall import as_query, folded, is_chinese, scan, substrings

SAMPLE = {"words": 120, "labels": 400, "traditional": 40, "chinese": 150, "any": 150}


def _generated_records() -> list[dict]:
    """Generated reports as the crawler archives them: rendered (text and HTML layouts, some
    printed in traditional characters) and parsed, tables included."""
    from reportgen import generate
    from reportparser import parse_bytes

    records = []
    shapes = ("txt-tabs", "txt-lines", "html", "txt-pipes", "html", "txt-tabs")
    for i in range(30):
        script = "traditional" if i % 6 == 4 else "simplified"
        g = generate(1800 + i, template=("2021", "2019", "legacy")[i % 3], shape=shapes[i % 6], script=script)
        r = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
        r["id"] = f"gen-{i:03d}"
        if script == "traditional":  # the parser folds the text it reads; records may hold either script
            from reportgen.script import to_traditional

            for key in ("title", "agency", "text"):
                r[key] = to_traditional(r[key]) if r.get(key) else r.get(key)
            r["sections"] = {k: to_traditional(v) for k, v in (r.get("sections") or {}).items() if isinstance(v, str)}
        records.append(r)
    return records


def _corpus_records() -> list[dict]:
    from reportparser import parse_file

    records = []
    for gold in corpus_files("*.gold.json"):
        stem = gold.name[: -len(".gold.json")]
        sources = [p for p in gold.parent.glob(stem + ".*") if not p.name.endswith(".gold.json")]
        if not sources:
            continue
        r = parse_file(sources[0])
        r["id"] = f"corpus-{stem}"
        records.append(r)
    return records


def _archive(tmp_path_factory, name, records):
    a = Archive(tmp_path_factory.mktemp(name) / "arch")
    for r in records:
        a.write_record(r)
    update_index(a.root)
    return a.root


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    records = _generated_records()
    return _archive(tmp_path_factory, "recall-gen", records), records


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, corpus_dir):
    records = _corpus_records()
    if not records:
        pytest.skip(f"no parsable corpus files in {corpus_dir}")
    return _archive(tmp_path_factory, "recall-corpus", records), records


def _texts(records) -> dict[str, str]:
    return {r["id"]: folded(indexed_text(r)[0]) for r in records}


class Index:
    """The matching set of a query, by document ids (what every count counts)."""

    def __init__(self, root):
        self.root = root
        self.searcher = store.searcher_cached(root)
        self.ids = {d: f["id"] for d, f in enumerate(self.searcher.all_stored_fields())} \
            if not self.searcher.reader().has_deletions() else None
        assert self.ids is not None

    def hits(self, query: str) -> set[str]:
        q = parse(self.searcher.schema, query)
        return {self.ids[d] for d in matching_docnums(self.searcher, q)}


def _labels() -> list[str]:
    """Every label of the template declarations: rows, aliases, columns, sections, headings."""
    from reportparser import templates as t

    labels: set[str] = set()
    for template in t.TEMPLATES.values():
        for row in template.applications:
            labels.update(row.spellings)
        for item in template.active:
            labels.add(item.item)
            labels.update(item.columns)
            for row in item.rows:
                labels.update(row.spellings)
    for key, heading, words in t.SECTIONS:
        labels.add(heading)
        labels.update(words)
    labels.update(t.APPLICANT_COLUMNS + t.REVIEW_COLUMNS)
    labels.update(label for _k, label in t.REVIEW_GROUPS)
    for label, aliases in t.COLUMN_ALIASES.items():
        labels.add(label)
        labels.update(aliases)
    return sorted(x for x in labels if x and x.strip())


def _queries(records, seed: int, sample=SAMPLE) -> list[str]:
    from reportgen.script import to_traditional

    rng = random.Random(seed)
    texts = [indexed_text(r)[0] for r in records]
    words = sorted({w for text in texts for w in word_counts(text)})
    chosen = rng.sample(words, min(sample["words"], len(words)))
    labels = _labels()
    chosen += rng.sample(labels, min(sample["labels"], len(labels)))
    chosen += [to_traditional(w) for w in rng.sample(words, min(sample["traditional"], len(words)))]
    chosen += substrings(texts, sample["chinese"], seed, chinese_only=True)
    chosen += substrings(texts, sample["any"], seed + 1)
    return list(dict.fromkeys(chosen))


def _compare(index: Index, texts: dict[str, str], queries: list[str]):
    missed, compared, kinds = [], 0, Counter()
    for text in queries:
        query = as_query(text)
        if query is None:
            continue
        expected = scan(texts, text)
        got = index.hits(query)
        compared += 1
        kinds["chinese" if is_chinese(folded(text)) else "other"] += 1
        if got != expected:
            missed.append((text, sorted(expected - got)[:3], sorted(got - expected)[:3]))
    return compared, kinds, missed


def test_generated_reports_every_query_finds_exactly_the_reports_that_contain_it(generated):
    root, records = generated
    compared, kinds, missed = _compare(Index(root), _texts(records), _queries(records, seed=18))
    assert not missed, f"{len(missed)} of {compared} queries differ from the scan: {missed[:5]}"
    assert compared > 500 and kinds["chinese"] > 300 and kinds["other"] > 50


@pytest.mark.corpus
def test_corpus_every_query_finds_exactly_the_reports_that_contain_it(corpus):
    root, records = corpus
    compared, kinds, missed = _compare(Index(root), _texts(records), _queries(records, seed=15))
    assert not missed, f"{len(missed)} of {compared} queries differ from the scan: {missed[:5]}"
    assert compared > 500


def test_issue_examples_found_in_every_report_that_contains_them(generated):
    """The words the issue measured (信息公开 6 of 8, 年度报告 4 of 8, 规范性文件 4 of 7, 内部事务
    0 of 8 found before), on generated reports that use them in the contexts that cut them."""
    root, records = generated
    texts = _texts(records)
    index = Index(root)
    for word in ("信息公开", "年度报告", "规范性文件", "内部事务", "三类内部事务信息", "政府信息公开", "行政复议"):
        expected = scan(texts, word)
        assert index.hits(word) == expected, word
        assert expected, word


def test_field_prefixes_sections_and_boolean_queries(generated):
    root, records = generated
    texts = _texts(records)
    titles = {r["id"]: folded(r["title"]) for r in records}
    index = Index(root)
    rng = random.Random(3)
    chinese = substrings([r["text"] for r in records], 60, 7, lengths=(2, 4), chinese_only=True)
    for w in substrings(list(r["title"] for r in records), 20, 5, lengths=(2, 4), chinese_only=True):
        assert index.hits(f"title:{w}") == scan(titles, w), w
    sections = {}
    for r in records:
        for name, value in (r.get("sections") or {}).items():
            if isinstance(value, str) and value.strip():
                sections.setdefault(name, {})[r["id"]] = folded(value.strip())
    checked = 0
    for name, values in sections.items():
        for w in rng.sample(chinese, 8):
            assert index.hits(f"{name}:{w}") == scan(values, w), (name, w)
            checked += 1
    assert checked >= 24
    for a, b in zip(chinese[::2], chinese[1::2]):
        sa, sb = scan(texts, a), scan(texts, b)
        assert index.hits(f"{a} {b}") == sa & sb
        assert index.hits(f"{a} OR {b}") == sa | sb
        assert index.hits(f"{a} NOT {b}") == sa - sb
        assert index.hits(f"({a} OR {b}) AND NOT {b}") == sa - sb


def test_totals_facets_and_sums_count_the_same_set(generated):
    root, records = generated
    texts = _texts(records)
    by_id = {r["id"]: r for r in records}
    for w in ["内部事务", "规范性文件", "年度报告", *substrings([r["text"] for r in records], 12, 11, chinese_only=True)]:
        expected = scan(texts, w)
        res = search(root, w, limit=len(records), facets=["year", "template"], sum_field="text_chars", by="year",
                     snippets=False)
        assert res["total"] == len(expected) and {h["id"] for h in res["hits"]} == expected, w
        assert res["facets"]["year"] == dict(sorted(Counter(str(by_id[i]["year"]) for i in expected).items())), w
        assert res["sums"]["reports"] == len(expected), w
        assert res["sums"]["total"] == sum(len(by_id[i]["text"]) for i in expected), w


def test_snippets_mark_the_matched_characters_across_word_boundaries(generated):
    root, records = generated
    import re

    hits = search(root, "内部事务", limit=100, facets=[], snippet_style=("[", "]"))["hits"]
    assert hits and all({folded(m) for m in re.findall(r"\[([^\]]*)\]", h["snippet"])} == {"内部事务"} for h in hits)
    assert any("三类[内部事务]信息" in h["snippet"] for h in hits)  # inside the word jieba keeps whole
    trad = [r for r in records if r["id"] == "gen-004"][0]
    word = next(w for w in ("规范性文件", "政府信息公开", "年度报告") if w in folded(trad["text"]))
    hit = [h for h in search(root, word, limit=len(records), facets=[], snippet_style=("[", "]"))["hits"]
           if h["id"] == "gen-004"]
    assert hit, "the traditional report is found by the simplified query"
    marked = hit[0]["snippet"].split("[", 1)[1].split("]", 1)[0]
    assert folded(marked) == word and marked != word  # the report's own (traditional) characters
