"""Metadata accuracy: title, agency, year and publication date, per generated class and on the corpus.

    python bench/bench_metadata.py [--n 200] [--class NAME ...] [--shape pdf --shape-n 20] [--traditional]

For every metadata class of the generator (reportgen/classes.py: METADATA_CLASSES) it parses
--n reports (seeds 10000…, rotating the class's templates and shapes) and prints, per class, the
share of reports whose title / agency / year / published come back exactly, the share with all
of the class's fields right, where the agency came from (agency_source), and how many agencies
were wrong (a value, not null) — a wrong agency is worse than a missing one. Then the labelled
corpus (../shared/corpus) when it is there: agency, year, province, city, county, template per file.

`measure(names, n)` and `measure_corpus()` return the rows, for bench/bench_accuracy.py to call.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FIELDS = ("title", "agency", "year", "published")
CORPUS_FIELDS = ("agency", "year", "province", "city", "county", "template")


def measure(names=None, n: int = 200, start: int = 10000, shape: str | None = None,
            script: str = "simplified") -> list[dict]:
    """One row per class: counts of exact fields over n generated reports."""
    from reportgen import generate
    from reportgen.classes import METADATA_CLASSES, cases
    from reportparser import organs, parse_bytes

    rows = []
    for name in names or METADATA_CLASSES:
        c = METADATA_CLASSES[name]
        row = {"class": name, "n": 0, "all": 0, "wrong_agency": 0, "not_organ": 0, "sources": Counter(), "misses": []}
        row.update({f: 0 for f in FIELDS})
        for seed, tpl, sh, options in cases(name, n, start):
            g = generate(seed, tpl, shape or sh, script, **options)
            rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
            row["n"] += 1
            ok = True
            for f in FIELDS:
                if rec.get(f) == g.truth.get(f):
                    row[f] += 1
                elif f in c.fields:
                    ok = False
                    if len(row["misses"]) < 5:
                        row["misses"].append(f"seed {seed} {tpl} {shape or sh}: {f} {rec.get(f)!r} want {g.truth.get(f)!r}")
            row["all"] += ok
            row["wrong_agency"] += rec["agency"] is not None and rec["agency"] != g.truth["agency"]
            row["not_organ"] += rec["agency"] is not None and not organs.is_organ(rec["agency"])
            row["sources"][rec.get("agency_source")] += 1
        row["fields"] = c.fields
        rows.append(row)
    return rows


def measure_corpus(corpus: Path | None = None) -> list[dict]:
    """One row per labelled corpus file: which metadata fields match the gold label."""
    from reportparser import parse_file

    corpus = corpus or REPO.parent / "shared" / "corpus"
    rows = []
    for gold_path in sorted(corpus.rglob("*.gold.json")) if corpus.is_dir() else []:
        stem = gold_path.name[: -len(".gold.json")]
        src = next((p for p in gold_path.parent.glob(stem + ".*") if not p.name.endswith(".gold.json")), None)
        if src is None:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        rec = parse_file(src)
        rows.append({"file": src.name, "right": [f for f in CORPUS_FIELDS if rec.get(f) == gold.get(f)],
                     "wrong": {f: (rec.get(f), gold.get(f)) for f in CORPUS_FIELDS if rec.get(f) != gold.get(f)},
                     "agency_source": rec.get("agency_source")})
    return rows


def _pct(k: int, n: int, counted: bool = True) -> str:
    return f"{100 * k / n:6.1f}%" if n and counted else "      -"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200, help="reports per class (default 200)")
    ap.add_argument("--class", dest="names", action="append", help="only this class (repeatable)")
    ap.add_argument("--shape", help="print every report in this shape instead of the class's shapes (e.g. pdf)")
    ap.add_argument("--traditional", action="store_true", help="print the reports in traditional characters")
    args = ap.parse_args(argv)
    rows = measure(args.names, args.n, shape=args.shape, script="traditional" if args.traditional else "simplified")
    head = f"{'class':30s} {'n':>5s} {'title':>7s} {'agency':>7s} {'year':>7s} {'publ.':>7s} {'all':>7s} {'wrong ag.':>9s}  agency_source"
    print(head)
    print("-" * len(head))
    total = Counter()
    for r in rows:
        src = " ".join(f"{k}:{v}" for k, v in r["sources"].most_common())
        cells = " ".join(_pct(r[f], r["n"], f in r["fields"]) for f in FIELDS)
        print(f"{r['class']:30s} {r['n']:5d} {cells} {_pct(r['all'], r['n'])} {r['wrong_agency']:9d}  {src}")
        for k in ("n", "all", "wrong_agency", "not_organ"):
            total[k] += r[k]
        for f in FIELDS:
            if f in r["fields"]:
                total[f] += r[f]
                total[f + "_n"] += r["n"]
    print("-" * len(head))
    cells = " ".join(_pct(total[f], total[f + "_n"]) for f in FIELDS)
    print(f"{'TOTAL':30s} {total['n']:5d} {cells} {_pct(total['all'], total['n'])} "
          f"{total['wrong_agency']:9d}  (agencies that are not organs: {total['not_organ']}; '-': a field the class "
          f"does not print)")
    for r in rows:
        for m in r["misses"]:
            print(f"  miss {r['class']}: {m}")
    corpus = measure_corpus()
    if corpus:
        right = sum(len(r["right"]) for r in corpus)
        print(f"\ncorpus: {len(corpus)} files, {right}/{len(corpus) * len(CORPUS_FIELDS)} metadata fields right "
              f"({_pct(right, len(corpus) * len(CORPUS_FIELDS)).strip()})")
        for r in corpus:
            print(f"  {r['file']:32s} agency_source {r['agency_source'] or '-':14s} "
                  + ("all right" if not r["wrong"] else f"WRONG {r['wrong']}"))
    else:
        print("\ncorpus: ../shared/corpus not found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
