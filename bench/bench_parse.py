"""Parser throughput: HTML/text reports parsed per second on one core.

    python bench/bench_parse.py [--n 60] [--seconds 5]

Inputs: reports made by reportgen (html, html-gbk, txt-lines, txt-tabs, txt-pipes; both
generations and scripts) plus the corpus .txt files when ../shared/corpus is there.
Baseline measured in the same run on the same inputs: BeautifulSoup(lxml).get_text() for
HTML and bytes.decode() for text, i.e. only reading the text with no understanding of it.
Target: >= 200 reports/s per core.

Rates are given twice: by wall clock, and by this process's CPU time ("per core"),
which is what the target means; the machine is shared, so the load average is printed
with the figures and the wall-clock rate is only meaningful when the load is below 1.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def inputs(n: int) -> list[tuple[bytes, str, str]]:
    out = []
    try:
        import reportgen
        shapes = ("html", "html-gbk", "txt-lines", "txt-tabs", "txt-pipes")
        i = 0
        while len(out) < n:
            shape = shapes[i % len(shapes)]
            g = reportgen.generate(i, template=("2019", "2021")[i % 2], shape=shape,
                                   script=("simplified", "traditional")[(i // 2) % 2])
            out.append((g.data, g.filename, g.media_type))
            i += 1
    except ImportError:
        pass
    corpus = REPO.parent / "shared" / "corpus"
    for p in sorted(corpus.rglob("*.txt")) if corpus.is_dir() else []:
        out.append((p.read_bytes(), p.name, "text/plain"))
    return out


def rate(fn, docs, seconds: float) -> tuple[float, float]:
    """(reports per wall-clock second, reports per CPU second of this process)."""
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    while True:
        for d in docs:
            fn(d)
        done += len(docs)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed, done / max(time.process_time() - cpu, 1e-9)


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=60, help="generated reports in the input set")
    ap.add_argument("--seconds", type=float, default=5.0, help="time per measurement")
    args = ap.parse_args()
    from bs4 import BeautifulSoup

    from reportparser import parse_bytes

    docs = inputs(args.n)
    if not docs:
        print("no inputs (reportgen missing and no corpus)")
        return 1
    parse_bytes(*docs[0][:2])  # warm caches (OpenCC, gazetteer) outside the timing

    def ours(d):
        parse_bytes(d[0], filename=d[1], media_type=d[2])

    def baseline(d):
        if "html" in d[2]:
            BeautifulSoup(d[0], "lxml").get_text()
        else:
            d[0].decode("utf-8", "replace")

    try:
        commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True,
                                text=True).stdout.strip() or "unknown"
    except OSError:
        commit = "unknown"
    kb = sum(len(d[0]) for d in docs) / len(docs) / 1024
    load_before = _load()
    ours_wall, ours_cpu = rate(ours, docs, args.seconds)
    base_wall, base_cpu = rate(baseline, docs, args.seconds)
    by_kind = {}
    for kind in ("html", "text"):
        subset = [d for d in docs if ("html" in d[2]) == (kind == "html")]
        if subset:
            by_kind[kind] = (len(subset), sum(len(d[0]) for d in subset) / len(subset) / 1024,
                             rate(ours, subset, args.seconds / 2), rate(baseline, subset, args.seconds / 2))
    print(f"machine: {platform.platform()} | {platform.processor() or platform.machine()} | "
          f"cpus={os.cpu_count()} | python {platform.python_version()} | commit {commit}")
    print(f"load average (1/5/15 min): before {load_before}, after {_load()}")
    print(f"inputs: {len(docs)} reports, mean {kb:.1f} KiB")
    print(f"reportparser.parse_bytes: {ours_cpu:8.1f} reports/s per core (CPU time), {ours_wall:8.1f}/s wall"
          f"   target >= 200 per core: {'met' if ours_cpu >= 200 else 'NOT met'}")
    print(f"baseline (bs4 get_text / decode): {base_cpu:8.1f} reports/s per core, {base_wall:8.1f}/s wall")
    print(f"ratio parser/baseline (per core): {ours_cpu / base_cpu:.2f}")
    for kind, (n, kib, (_, o), (_, b)) in by_kind.items():
        print(f"  {kind:5} {n:3} reports, mean {kib:5.1f} KiB: parser {o:7.1f}/s per core, "
              f"baseline {b:8.1f}/s, ratio {o / b:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
