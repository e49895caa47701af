"""Accuracy of the parser: cells and metadata, per shape and per class, generated and real.

    python bench/bench_accuracy.py [--n 100] [--shapes a,b] [--classes a,b] [--no-generated] [--no-corpus]

Generated set (fixed seeds 0..n-1, templates 2019/2021 in turn): every shape of
reportgen.SHAPES (scans are listed, not scored: bench/bench_ocr.py scores them), then every class of
reportgen/table_classes.py. For each: cell accuracy over the truth's printed cells (a cell is right
when the record holds exactly what was printed, a blank as null), how the misses split — null
(not read, said so), inferred (chosen by the identities and marked in the record's `inferred`),
wrong as printed (silently wrong: the dangerous kind) — and metadata accuracy over the record's
fields (title agency agency_kind level province city county year published template script;
fields a shape cannot carry are left out, as in tests/parser/test_generated_roundtrip.py).

Real set (../shared/corpus, skipped when absent): each labelled file's cell and metadata accuracy
with a leave-one-out audit. Nothing in the parser may exist for one file, so holding a file out
changes nothing; the audit checks it: every string literal in reportparser/*.py that the file's
text contains is listed unless the generated set (every shape and class) or the template
declaration also has it — a string only that real file has is a rule written for it. The audit
must print "nothing" for every file.

Prints the machine (hostname, platform, cpu count, python), the load average and the commit.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FIELDS = ("title", "agency", "agency_kind", "level", "province", "city", "county", "year", "published", "template",
          "script")
NOT_CARRIED = {"xlsx": {"published"}}            # a workbook holds the tables and the title, no date
CORPUS_META = ("agency", "year", "province", "city", "county", "template")
REVIEW_KEYS = ("review", "litigation_direct", "litigation_after_review")
# scans go through OCR (tens of seconds a report on this machine): bench/bench_ocr.py scores them
UNSCORED_SHAPES = {shape: "a scan, read by OCR: scored by bench/bench_ocr.py"
                   for shape in ("scan-pdf", "scan-mixed", "scan-jpg", "html-img", "pdf-cid", "pdf-mojibake")}


# ------------------------------------------------------------------ cells

def cells(tables: dict) -> dict:
    out = {}
    for name in ("applications", "review_litigation"):
        for row, values in (tables.get(name) or {}).items():
            out.update({(name, row, i): v for i, v in enumerate(values)})
    for row, values in ((tables.get("active") or {}).get("rows") or {}).items():
        out.update({("active", row, i): v for i, v in enumerate(values)})
    return out


def inferred_cells(record: dict) -> set:
    return {(name, row, i) for name, rows in (record.get("inferred") or {}).items() for row, flags in rows.items()
            for i, flag in enumerate(flags) if flag}


class Score:
    def __init__(self):
        self.reports = self.right = self.total = self.meta_right = self.meta_total = 0
        self.misses = Counter()
        self.meta_misses = Counter()
        self.worst: list[tuple] = []      # (cells missed, seed, shape, template, first misses)

    def add_generated(self, g, rec) -> None:
        self.reports += 1
        want, got = cells(g.truth["tables"]), cells(rec["tables"])
        inferred = inferred_cells(rec)
        missed = []
        for where, value in want.items():
            self.total += 1
            have = got.get(where, None)
            if have == value and (where in got or value is None):
                self.right += 1
                continue
            kind = "null" if have is None else ("inferred" if where in inferred else "WRONG as printed")
            self.misses[kind] += 1
            missed.append((kind, ".".join(map(str, where)), value, have))
        extra = [w for w in got if w not in want and got[w] is not None]
        self.misses["extra cells"] += len(extra)
        skip = NOT_CARRIED.get(g.shape, set())
        for f in FIELDS:
            if f in skip:
                continue
            self.meta_total += 1
            if rec.get(f) == g.truth.get(f):
                self.meta_right += 1
            else:
                self.meta_misses[f] += 1
        if missed or extra:
            self.worst.append((len(missed) + len(extra), g.seed, g.shape, g.options.get("template"), missed[:3]))

    def line(self, name: str) -> str:
        cell = self.right / self.total if self.total else 0.0
        meta = self.meta_right / self.meta_total if self.meta_total else 0.0
        misses = ", ".join(f"{k} {v}" for k, v in sorted(self.misses.items()) if v) or "none"
        return (f"  {name:30} {self.reports:4} reports  cells {cell:7.2%} ({self.right}/{self.total})  "
                f"metadata {meta:7.2%}  misses: {misses}")


def score_calls(calls: list[dict]) -> Score:
    from reportgen.generate import generate_many
    from reportparser import parse_bytes

    score = Score()
    for i in range(0, len(calls), 25):
        for g in generate_many(calls[i:i + 25]):
            score.add_generated(g, parse_bytes(g.data, filename=g.filename, media_type=g.media_type))
    return score


def generated(args) -> list[str]:
    from reportgen.table_classes import CLASSES, for_seed
    from reportgen.generate import SHAPES

    texts: list[str] = []
    shapes = args.shapes.split(",") if args.shapes else list(SHAPES)
    classes = args.classes.split(",") if args.classes else list(CLASSES)
    print(f"\n== generated reports, per shape ({args.n} each, seeds 0..{args.n - 1}, templates 2019/2021 in turn)")
    below = []
    for shape in shapes:
        if shape in UNSCORED_SHAPES:
            print(f"  {shape:30} not scored: {UNSCORED_SHAPES[shape]}")
            continue
        started = time.monotonic()
        s = score_calls([{"seed": seed, "shape": shape, "template": ("2019", "2021")[seed % 2]} for seed in range(args.n)])
        print(s.line(shape) + f"  [{time.monotonic() - started:.0f} s]", flush=True)
        below += _failing(shape, s)
    print(f"\n== generated reports, per class ({args.n} each; reportgen/table_classes.py)")
    for name in classes:
        started = time.monotonic()
        s = score_calls([for_seed(name, seed) for seed in range(args.n)])
        print(s.line(name) + f"  [{time.monotonic() - started:.0f} s]", flush=True)
        below += _failing(name, s)
    if below:
        print("\n== below 100 %: the reports with the most cells missed")
        for line in below:
            print(line)
    return texts


def _failing(name: str, s: Score) -> list[str]:
    if s.right == s.total and s.meta_right == s.meta_total and not s.misses["extra cells"]:
        return []
    out = [f"  {name}: {len(s.worst)} of {s.reports} reports with a cell missed"
           + (f"; metadata misses by field: {dict(s.meta_misses)}" if s.meta_misses else "")]
    for n, seed, shape, template, first in sorted(s.worst, key=lambda w: -w[0])[:3]:
        out.append(f"    seed {seed} ({shape}, {template}): {n} cells, e.g. "
                   + "; ".join(f"{where} printed {want!r} read {got!r} ({kind})" for kind, where, want, got in first))
    return out


# ------------------------------------------------------------------ corpus

def gold_cells(gold: dict) -> dict:
    out = {}
    for key, row in (gold.get("applications") or {}).items():
        for i, v in enumerate(row or [None] * 7):
            out[("applications", key, i)] = v
    for i, v in enumerate(gold.get("review_litigation") or []):
        out[("review_litigation", REVIEW_KEYS[i // 5], i % 5)] = v
    for key, row in (gold.get("active") or {}).items():
        if row is None:
            out[("active", key, 0)] = None
            continue
        for i, v in enumerate(row):
            out[("active", key, i)] = v
    return out


_NUMERALS = set("〇零一二三四五六七八九十百")


def parser_literals() -> set[str]:
    """The Chinese words in the string literals of reportparser/*.py (docstrings left out: they
    explain, they are not rules): runs of Chinese characters, two or more, numerals only left out."""
    out: set[str] = set()
    for path in sorted((REPO / "reportparser").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                out.update(w for w in re.findall(r"[\u4e00-\u9fff]{2,}", node.value) if not set(w) <= _NUMERALS)
    return out


def generated_texts(n: int) -> str:
    """The text of a sample of every shape, table class and metadata class, and the template
    declaration's labels."""
    from reportgen.table_classes import CLASSES, for_seed
    from reportgen.generate import SHAPES, generate

    from reportparser import parse_bytes
    from reportparser.normalize import to_simplified

    texts = []
    # each shape on seeds of its own (the agency, place and prose follow the seed): the sample covers
    # as many different reports as it has, not the same n reports in every shape
    shapes = [sh for sh in SHAPES if sh not in ("doc", "pdf-office", "pdf", *UNSCORED_SHAPES)]
    calls = [{"seed": 1000 * (i + 1) + s, "shape": sh, "template": t} for i, sh in enumerate(shapes)
             for t in ("2019", "2021") for s in range(n)]
    calls += [{"seed": s, "shape": "html", "template": "legacy"} for s in range(4 * n)]
    calls += [{"seed": s, "shape": "html", "script": "traditional", "mirror_artifacts": True, "template": t}
              for t in ("2019", "2021") for s in range(n)]
    calls += [for_seed(name, s) for name in CLASSES for s in range(n)
              if not str(CLASSES[name].options.get("shape", "")).startswith(("pdf-office", "doc"))]
    from reportgen.classes import METADATA_CLASSES, cases   # title, label-line, chrome, sign-off … classes
    calls += [{"seed": seed, "template": tpl, "shape": shape, **opts} for name in METADATA_CLASSES
              for seed, tpl, shape, opts in cases(name, n) if shape not in ("doc", "pdf-office", "pdf", *UNSCORED_SHAPES)]
    for call in calls:
        g = generate(**call)
        rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
        texts.append(rec["text"])
        texts.append(to_simplified(g.data.decode("utf-8", "ignore"))[0])
    from reportparser import templates
    texts.append(json.dumps({k: repr(v) for k, v in vars(templates).items() if k.isupper()}, ensure_ascii=False))
    return "\n".join(texts)


def corpus(args) -> None:
    root = Path(os.environ.get("GIA_SHARED", REPO.parent / "shared")) / "corpus"
    golds = sorted(root.rglob("*.gold.json")) if root.is_dir() else []
    print(f"\n== labelled real reports ({root})")
    if not golds:
        print("  corpus not found: skipped")
        return
    from reportparser import parse_file

    literals = parser_literals()
    sample = generated_texts(args.audit_n)
    shared = {lit for lit in literals if lit in sample}
    right = total = meta_right = meta_total = 0
    print(f"  leave-one-out audit: {len(literals)} Chinese strings in reportparser/*.py, {len(literals - shared)} "
          f"of them in no generated report ({args.audit_n} per shape/class) nor the template declaration")
    for gold_path in golds:
        stem = gold_path.name[: -len(".gold.json")]
        source = next((p for p in gold_path.parent.glob(stem + ".*") if not p.name.endswith(".gold.json")), None)
        if source is None:
            print(f"  {stem}: no source file")
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        rec = parse_file(source)
        want, got = gold_cells(gold), cells(rec["tables"])
        r = sum(1 for k, v in want.items() if got.get(k) == v)
        m = sum(1 for k in CORPUS_META if rec.get(k) == gold.get(k))
        right, total, meta_right, meta_total = right + r, total + len(want), meta_right + m, meta_total + len(CORPUS_META)
        from reportparser.normalize import to_simplified
        text = rec["text"] + "\n" + to_simplified(source.read_bytes().decode("utf-8", "ignore"))[0]
        own = sorted(lit for lit in literals - shared if lit in text)
        cell = f"{r / len(want):.2%} ({r}/{len(want)})" if want else "no labelled cells"
        print(f"  {stem:28} cells {cell:20} metadata {m}/{len(CORPUS_META)}   written for this file: "
              + (", ".join(own) if own else "nothing"))
    print(f"  all: cells {right / max(total, 1):.2%} ({right}/{total}), metadata {meta_right / max(meta_total, 1):.2%}"
          f" ({meta_right}/{meta_total})")


# ------------------------------------------------------------------ main

def _commit() -> str:
    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True,
                              text=True).stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100, help="generated reports per shape and per class (default 100)")
    ap.add_argument("--shapes", help="only these shapes (comma-separated)")
    ap.add_argument("--classes", help="only these classes (comma-separated)")
    ap.add_argument("--audit-n", type=int, default=24, help="generated reports per shape/class in the audit sample")
    ap.add_argument("--no-generated", action="store_true")
    ap.add_argument("--no-corpus", action="store_true")
    args = ap.parse_args()
    started = time.monotonic()
    print(f"machine: {socket.gethostname()} | {platform.platform()} | cpus={os.cpu_count()} | "
          f"python {platform.python_version()} | commit {_commit()}")
    print(f"load average (1/5/15 min) at start: {_load()}")
    if not args.no_generated:
        generated(args)
    if not args.no_corpus:
        corpus(args)
    print(f"\nload average at end: {_load()}; {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
