"""PDF reader throughput: pages per second, tables rebuilt, on one core.

    python bench/bench_pdf.py [--seconds 5]

Inputs: the real WPS/Jisupdf PDFs in ../shared/corpus/real (when present) and the
two-page ruled sample drawn by tests/parser/test_formats_pdf.py (reportlab).
Baseline measured in the same run on the same inputs: plain pdfplumber
`page.extract_text()` for every page, i.e. the text layer with no table structure.
The reader does strictly more (ruling-line tables, cell geometry, metadata), so a
ratio near 1 means the table work is nearly free; below ~0.3 would need pypdfium2.
It can pass 1: the reader builds pdfplumber's character dicts itself, faster
(reportparser/formats/pdf_objects.py), which the baseline does not.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def inputs() -> list[tuple[str, bytes]]:
    out = []
    corpus = Path(os.environ.get("GIA_SHARED", REPO.parent / "shared")) / "corpus"
    for p in sorted(corpus.rglob("*.pdf")) if corpus.is_dir() else []:
        out.append((p.name, p.read_bytes()))
    try:
        spec = importlib.util.spec_from_file_location("pdf_samples", REPO / "tests/parser/test_formats_pdf.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out.append(("ruled_sample.pdf", module.ruled_report_pdf()))
    except Exception as exc:  # reportlab or pytest missing: the corpus alone still measures
        print(f"(generated sample skipped: {type(exc).__name__}: {exc})")
    return out


def pages_per_second(fn, docs, seconds: float) -> float:
    pages, start = 0, time.perf_counter()
    while True:
        for _name, data in docs:
            pages += fn(data)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return pages / elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="time per measurement")
    args = ap.parse_args()
    import pdfplumber

    from reportparser.formats.pdf import extract_pdf

    docs = inputs()
    if not docs:
        print("no inputs (no corpus and no reportlab)")
        return 1

    def ours(data: bytes) -> int:
        return extract_pdf(data).meta.get("pages", 0)

    def baseline(data: bytes) -> int:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()
            return len(pdf.pages)

    total_pages = sum(ours(d) for _n, d in docs)          # also warms imports
    tables = sum(len(extract_pdf(d).tables) for _n, d in docs)
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True).stdout.strip() or "unknown"
    except OSError:
        commit = "unknown"
    ours_rate = pages_per_second(ours, docs, args.seconds)
    base_rate = pages_per_second(baseline, docs, args.seconds)
    print(f"machine: {platform.platform()} | {platform.processor() or platform.machine()} | "
          f"cpus={os.cpu_count()} | python {platform.python_version()} | commit {commit}")
    print(f"inputs: {len(docs)} PDFs, {total_pages} pages, {tables} tables rebuilt")
    print(f"reportparser.formats.pdf: {ours_rate:8.1f} pages/s (one core, text + tables)")
    print(f"baseline pdfplumber extract_text: {base_rate:8.1f} pages/s (text only)")
    print(f"ratio reader/baseline: {ours_rate / base_rate:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
