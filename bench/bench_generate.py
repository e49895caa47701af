"""Generator speed: make_truth records/s (target: 100,000 truths in well under a minute) and
rendered reports/s per shape.

    python bench/bench_generate.py [--truths N] [--renders N] [--shapes html,txt-lines,pdf,docx,xlsx]

Prints records/s for make_truth over the three templates, the projected time for 100,000 truths,
its ratio to the 60 s budget, and reports/s for each shape, with the machine and the commit.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reportgen import generate, make_truth  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--truths", type=int, default=30000)
    ap.add_argument("--renders", type=int, default=40)
    ap.add_argument("--shapes", default="html,html-gbk,txt-lines,txt-tabs,pdf,docx,xlsx")
    args = ap.parse_args()
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"machine: {platform.machine()} {os.cpu_count()} cpu, python {platform.python_version()}, commit {commit or '?'}")
    templates = ["2021", "2019", "legacy"]
    start = time.perf_counter()
    for i in range(args.truths):
        make_truth(i, template=templates[i % 3])
    elapsed = time.perf_counter() - start
    rate = args.truths / elapsed
    projected = 100_000 / rate
    print(f"make_truth: {args.truths} records in {elapsed:.2f}s = {rate:,.0f} records/s; "
          f"100,000 would take {projected:.1f}s ({projected / 60:.2f}x of the 60 s budget)")
    baseline = None
    for shape in args.shapes.split(","):
        n = args.renders if shape not in ("pdf", "docx", "xlsx") else max(1, args.renders // 4)
        start = time.perf_counter()
        for i in range(n):
            generate(i, template=templates[i % 2], shape=shape)
        per_s = n / (time.perf_counter() - start)
        baseline = baseline or per_s
        print(f"generate shape={shape:10s} {per_s:8.1f} reports/s  ({per_s / baseline:.2f}x of {args.shapes.split(',')[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
