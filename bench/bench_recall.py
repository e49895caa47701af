"""Recall benchmark: the differential test of tests/search/test_recall.py on a larger sample.

    python bench/bench_recall.py [--reports 300] [--queries 3000] [--seed 18] [--corpus DIR]

Renders and parses `--reports` generated reports (text and HTML layouts, one in six printed
in traditional characters and kept so), indexes them, and for `--queries` queries of each
kind — jieba words of the texts, template labels, traditional forms, random Chinese
substrings, random substrings of anything (1-6 characters) — compares gia's matching set
with a brute-force scan of the folded texts (tests/search/recall.py). Then the same on the
labelled corpus (../shared/corpus) when present. Prints the number compared per kind and
every query that differs; exits 1 if any does.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def run(name: str, records: list[dict], sample: dict, seed: int) -> int:
    from tests.search.test_recall import Index, _compare, _queries, _texts

    from gia.archive import Archive
    from indexer import update_index

    with tempfile.TemporaryDirectory(prefix="gia-recall-") as tmp:
        a = Archive(Path(tmp) / "arch")
        for r in records:
            a.write_record(r)
        t = time.perf_counter()
        update_index(a.root)
        built = time.perf_counter() - t
        queries = _queries(records, seed, sample)
        t = time.perf_counter()
        compared, kinds, missed = _compare(Index(a.root), _texts(records), queries)
        took = time.perf_counter() - t
    print(f"{name}: {len(records)} reports (indexed in {built:.1f} s); {compared} queries compared "
          f"({kinds['chinese']} of Chinese characters, {kinds['other']} with other characters) in {took:.1f} s: "
          f"{len(missed)} differ from the scan")
    for text, only_scan, only_index in missed[:50]:
        print(f"  {text!r}: scan only {only_scan}, index only {only_index}")
    return len(missed)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=300)
    ap.add_argument("--queries", type=int, default=3000, help="queries of each kind (at most)")
    ap.add_argument("--seed", type=int, default=18)
    args = ap.parse_args(argv)
    from tests.search import test_recall

    sample = {k: args.queries for k in test_recall.SAMPLE}
    n = args.reports
    records = []
    from reportgen import generate
    from reportgen.script import to_traditional
    from reportparser import parse_bytes

    shapes = ("txt-tabs", "txt-lines", "html", "txt-pipes", "html", "txt-tabs")
    for i in range(n):
        script = "traditional" if i % 6 == 4 else "simplified"
        g = generate(5000 + i, template=("2021", "2019", "legacy")[i % 3], shape=shapes[i % 6], script=script)
        r = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
        r["id"] = f"gen-{i:05d}"
        if script == "traditional":
            for key in ("title", "agency", "text"):
                r[key] = to_traditional(r[key]) if r.get(key) else r.get(key)
            r["sections"] = {k: to_traditional(v) for k, v in (r.get("sections") or {}).items() if isinstance(v, str)}
        records.append(r)
    bad = run("generated", records, sample, args.seed)
    corpus = test_recall._corpus_records()
    if corpus:
        bad += run("labelled corpus", corpus, sample, args.seed + 1)
    else:
        print("labelled corpus: not found (../shared/corpus)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
