"""Index build benchmark: gia's indexer against naive Whoosh + jieba's ChineseAnalyzer, same run.

    python bench/bench_index.py --n 2000 [--archive DIR --keep] [--baseline-n 300] [--procs 1]

Generates N records (reportgen.make_truth) into an archive, then measures, each in a fresh
subprocess so peak memory is its own:
  * segmenter throughput, rjieba vs jieba, MB/s on the same text (target >= 20 MB/s);
  * `update_index(rebuild=True)`: reports/s (target >= 600/s) by wall clock and by the
    process's own CPU time (the machine is shared: wall time swings with the others' load),
    index bytes per report (target <= 5 KB), peak RSS;
  * the baseline: a plain Whoosh schema with jieba.analyse.ChineseAnalyzer, on baseline-n records;
  * an incremental run with nothing changed (should take well under a second per 10k records).
Prints figures and ratios; exits 0 (targets are reported, not asserted).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# --code DIR measures another checkout's gia (e.g. an earlier commit, `git archive` into DIR)
# with this same script, in the same run: every child process imports from CODE.
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv[:-1] else REPO
sys.path.insert(0, str(REPO))


def make_records(n: int, offset: int = 0):
    from reportgen import make_truth

    templates = ["2021", "2019", "legacy"]
    for i in range(offset, offset + n):
        r = make_truth(i, template=templates[i % 3])
        r.setdefault("id", f"gen-{i:07d}")
        r.setdefault("checks", r.pop("expected_checks", []) or [])
        r.setdefault("source", {"url": f"http://sim{i % 20}.gov.cn/{i}.html"})
        yield r


def populate(archive: Path, n: int) -> float:
    from gia.archive import Archive

    a = Archive(archive)
    have = sum(1 for _ in a.record_paths())
    t0 = time.monotonic()
    for r in make_records(max(0, n - have), offset=have):
        a.write_record(r)
    return time.monotonic() - t0


def _child(code: str, *args) -> dict:
    """Run `code` in a fresh interpreter; it prints one JSON line. Adds the child's peak RSS."""
    env = dict(os.environ, PYTHONPATH=str(CODE))
    proc = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                          cwd=CODE, env=env)
    if proc.returncode:
        raise SystemExit(f"benchmark step failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


PRELUDE = """
import json, sys, time
sys.path.insert(0, %r)
def done(d):
    import os
    from crawler.runstats import peak_rss_bytes  # VmHWM: getrusage's maxrss carries the parent's size over fork + exec
    d["peak_rss_mb"] = peak_rss_bytes() / 2**20
    t = os.times()
    d["cpu"] = t.user + t.system
    print(json.dumps(d))
""" % str(CODE)

OURS = PRELUDE + """
from indexer import update_index
archive, rebuild, procs = sys.argv[1], sys.argv[2] == "1", int(sys.argv[3])
t = time.perf_counter()
stats = update_index(archive, rebuild=rebuild, procs=procs)
stats["wall"] = time.perf_counter() - t
done(stats)
"""

NAIVE = PRELUDE + """
import logging, shutil
from pathlib import Path
import jieba
jieba.setLogLevel(logging.WARNING)
from jieba.analyse import ChineseAnalyzer
from whoosh import fields, index
from gia.archive import Archive
archive, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
an = ChineseAnalyzer()
schema = fields.Schema(id=fields.ID(stored=True, unique=True), path=fields.ID(stored=True),
    title=fields.TEXT(analyzer=an, stored=True), agency=fields.TEXT(analyzer=an, stored=True),
    text=fields.TEXT(analyzer=an), year=fields.ID(stored=True), province=fields.ID(stored=True))
shutil.rmtree(out, ignore_errors=True); Path(out).mkdir(parents=True)
ix = index.create_in(out, schema)
t = time.perf_counter()
w = ix.writer(limitmb=256)
count = 0
for path, r in Archive(archive).iter_records(with_paths=True):
    if count >= n: break
    w.add_document(id=str(r.get("id")), path=str(path), title=r.get("title") or "", agency=r.get("agency") or "",
                   text=r.get("text") or "", year=str(r.get("year")), province=r.get("province") or "")
    count += 1
w.commit()
done({"n": count, "wall": time.perf_counter() - t})
"""

SEGMENT = PRELUDE + """
import glob
from gia.archive import Archive
from indexer.segment import Segmenter
texts = [r.get("text") or "" for _, r in zip(range(int(sys.argv[2])), Archive(sys.argv[1]).iter_records())]
texts += [open(p, encoding="utf-8", errors="replace").read() for p in glob.glob(sys.argv[3] + "/**/*.txt", recursive=True)]
big = "\\n".join(texts)
mb = len(big.encode("utf-8")) / 1e6
res = {"mb": mb}
for name in ("rjieba", "jieba"):
    t = time.perf_counter(); seg = Segmenter(name); res[name + "_load_s"] = time.perf_counter() - t
    masked = seg.masked(big)
    t = time.perf_counter(); seg._cut(masked); dt = time.perf_counter() - t
    res[name + "_cut_mb_s"] = mb / dt
    t = time.perf_counter(); seg.words(big); dt = time.perf_counter() - t
    res[name + "_words_mb_s"] = mb / dt
done(res)
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="reports to index (default 2000)")
    ap.add_argument("--baseline-n", type=int, default=300, help="reports for the naive baseline (default 300)")
    ap.add_argument("--archive", help="archive folder to fill/reuse (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the archive (for bench_search.py)")
    ap.add_argument("--procs", type=int, default=1)
    ap.add_argument("--code", help="measure the gia of this checkout instead (same script, same run)")
    ap.add_argument("--skip-baseline", action="store_true", help="no naive Whoosh + jieba run")
    args = ap.parse_args(argv)

    tmp = None
    if args.archive:
        archive = Path(args.archive)
    else:
        tmp = tempfile.mkdtemp(prefix="gia-bench-")
        archive = Path(tmp) / "archive"
    gen_s = populate(archive, args.n)
    print(f"archive: {archive} ({args.n} reports; generated in {gen_s:.1f} s); gia from {CODE}")

    seg = _child(SEGMENT, archive, min(args.n, 2000), REPO.parent / "shared" / "corpus")
    print(f"segmenter on {seg['mb']:.1f} MB: rjieba {seg['rjieba_cut_mb_s']:.1f} MB/s "
          f"(load {seg['rjieba_load_s']:.2f} s), jieba {seg['jieba_cut_mb_s']:.2f} MB/s "
          f"(load {seg['jieba_load_s']:.2f} s) -> x{seg['rjieba_cut_mb_s'] / seg['jieba_cut_mb_s']:.1f}; "
          f"with offsets + non-Han tokens: {seg['rjieba_words_mb_s']:.1f} MB/s   [target >= 20 MB/s]")

    ours = _child(OURS, archive, 1, args.procs)
    n = ours["added"]
    rate = n / ours["wall"]
    cpu_rate = n / ours["cpu"] if ours.get("cpu") else 0.0
    naive_out = Path(tempfile.mkdtemp(prefix="gia-naive-"))
    naive = {"n": 1, "wall": float("inf"), "peak_rss_mb": 0} if args.skip_baseline else \
        _child(NAIVE, archive, min(args.baseline_n, args.n), naive_out)
    naive_rate = naive["n"] / naive["wall"]
    print(f"index build: {n} reports in {ours['wall']:.1f} s = {rate:.0f} reports/s "
          + (" (naive baseline skipped)" if args.skip_baseline else
             f" (naive Whoosh + jieba ChineseAnalyzer: {naive_rate:.0f}/s on {naive['n']}) -> x{rate / naive_rate:.1f}")
          + f"; by the process's CPU time {cpu_rate:.0f} reports/s ({ours['cpu']:.1f} s)   [target >= 600/s]")
    print(f"index size: {ours['index_bytes'] / 1e6:.1f} MB = {ours['index_bytes'] / max(n, 1) / 1024:.1f} KiB/report "
          f"[target <= 5 KB]; "
          f"peak RSS while indexing {ours['peak_rss_mb']:.0f} MB (naive: {naive['peak_rss_mb']:.0f} MB)")
    inc = _child(OURS, archive, 0, 1)
    print(f"incremental run, nothing changed: {inc['wall']:.2f} s for {inc['unchanged']} reports")
    import shutil

    shutil.rmtree(naive_out, ignore_errors=True)
    if tmp and not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    elif args.keep:
        print(f"kept: {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
