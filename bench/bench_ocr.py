"""OCR of scanned reports: cells exact, metadata, pages per second per core, peak RSS, routing cost.

    python bench/bench_ocr.py [--n 4] [--engines rapidocr,tesseract,rapidocr-onnxruntime] [--compare 1]

All in one run, printed with the machine, the commit and the load average (the machine is
shared: CPU seconds, not wall time, give the per-core rate):

1. accuracy: generated reports (reportgen `scan-pdf`: rendered, rasterized, red seal across the
   sign-off and table 3, rotated 0.5–2°, noise, blur, JPEG) at 200 and 150 dpi, parsed end to end
   (`parse_bytes`: rasterize + OCR + grids + template mapping) in a worker process; every cell of
   the three tables compared with the truth, and title/agency/year/place/level;
   targets: cells >= 99 % at 200 dpi, >= 97 % at 150 dpi, metadata 100 %;
2. speed: scanned pages per CPU-second of the worker (target >= 0.5), peak RSS of the worker
   (target <= 1 GB);
3. engines: the same scans read with each engine (`--engines`, `--compare` documents each), with
   install sizes — the measurement behind the README's choice;
4. routing: a text-layer PDF parsed with routing on and off (GIA_OCR=0), interleaved; the ratio
   off/on of the times (target >= 0.95: routing costs nothing on a good text layer).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
META_FIELDS = ("title", "agency", "year", "province", "city", "county", "level")


def flat_cells(tables: dict) -> dict:
    out = {}
    for key, vals in ((tables.get("active") or {}).get("rows") or {}).items():
        for i, v in enumerate(vals):
            out[f"active.{key}.{i}"] = v
    for name in ("applications", "review_litigation"):
        for key, vals in (tables.get(name) or {}).items():
            for i, v in enumerate(vals):
                out[f"{name}.{key}.{i}"] = v
    return out


def _job(args: tuple) -> dict:
    """One document parsed in this worker: accuracy, CPU seconds (own and children's), pages."""
    data, filename, truth, engine = args
    if engine:
        os.environ["GIA_OCR"] = engine
    from reportparser import parse_bytes
    from reportparser.formats import ocr

    ocr.engine.cache_clear()
    ocr.engine()                                    # model load outside the timing (once per worker)
    c0, ch0 = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.perf_counter()
    rec = parse_bytes(data, filename=filename)
    ch1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - c0 + (ch1.ru_utime - ch0.ru_utime) + (ch1.ru_stime - ch0.ru_stime)
    truth_cells, got = flat_cells(truth["tables"]), flat_cells(rec.get("tables") or {})
    wrong = [k for k in truth_cells if got.get(k) != truth_cells[k]]
    meta_wrong = [f for f in META_FIELDS if rec.get(f) != truth.get(f)]
    return {"cells": len(truth_cells), "wrong": wrong, "meta_wrong": meta_wrong, "cpu": cpu,
            "wall": time.perf_counter() - w0, "pages": (rec.get("ocr") or {}).get("pages_ocr", 0),
            "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "warnings": [w for w in rec.get("warnings", []) if w.startswith("OCR")]}


def scans(n: int, dpi: int, seed0: int, pages: int | None = None) -> list:
    import reportgen

    out = []
    rng = random.Random(seed0)
    for k in range(n):
        angle = round(rng.choice((-1, 1)) * rng.uniform(0.5, 2.0), 2)
        g = reportgen.generate(seed0 + k, template=("2021", "2019")[k % 2], shape="scan-pdf",
                               scan={"dpi": dpi, "angle": angle, "seal": True, "pages": pages})
        out.append((g.data, g.filename, g.truth, f"seed {seed0 + k}, {dpi} dpi, {angle:+.2f}°"))
    return out


def run_set(docs: list, engine: str | None) -> dict:
    """Each document in a fresh single worker (peak RSS per worker is per document)."""
    res = {"cells": 0, "wrong": 0, "meta": 0, "meta_wrong": 0, "cpu": 0.0, "pages": 0, "rss": 0, "wall": 0.0,
           "misses": [], "warnings": 0}
    for data, filename, truth, what in docs:
        with ProcessPoolExecutor(max_workers=1) as pool:
            r = pool.submit(_job, (data, filename, truth, engine)).result()
        res["cells"] += r["cells"]
        res["wrong"] += len(r["wrong"])
        res["meta"] += len(META_FIELDS)
        res["meta_wrong"] += len(r["meta_wrong"])
        res["cpu"] += r["cpu"]
        res["wall"] += r["wall"]
        res["pages"] += r["pages"]
        res["rss"] = max(res["rss"], r["rss"])
        res["warnings"] += len(r["warnings"])
        if r["wrong"] or r["meta_wrong"]:
            res["misses"].append(f"{what}: cells {r['wrong'][:6]}{'…' if len(r['wrong']) > 6 else ''} meta {r['meta_wrong']}")
    return res


def routing_ratio(rounds: int) -> tuple[float, float, float]:
    """(seconds per parse with routing on, off, ratio off/on) for text-layer PDFs, interleaved."""
    import reportgen
    from reportparser import parse_bytes

    docs = [reportgen.generate(s, template="2021", shape="pdf") for s in range(3)]
    for g in docs:
        parse_bytes(g.data, filename=g.filename)          # warm: imports, caches, the pair dictionary
    on = off = 0.0
    for _ in range(rounds):
        for g in docs:
            os.environ.pop("GIA_OCR", None)
            t = time.process_time()
            parse_bytes(g.data, filename=g.filename)
            on += time.process_time() - t
            os.environ["GIA_OCR"] = "0"
            t = time.process_time()
            parse_bytes(g.data, filename=g.filename)
            off += time.process_time() - t
    os.environ.pop("GIA_OCR", None)
    n = rounds * len(docs)
    return on / n, off / n, off / on


def install_sizes() -> dict:
    """Installed size of each engine with what it alone brings (MB)."""
    import importlib.util

    def du(pkg: str) -> float:
        spec = importlib.util.find_spec(pkg)
        if spec is None or not spec.submodule_search_locations:
            return 0.0
        root = Path(list(spec.submodule_search_locations)[0])
        total = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
        libs = root.parent / f"{root.name}.libs"
        total += sum(f.stat().st_size for f in libs.rglob("*") if f.is_file()) if libs.is_dir() else 0
        return total / 1e6
    sizes = {"rapidocr": du("rapidocr") + du("onnxruntime") + du("cv2") + du("opencv_python_headless") + du("shapely")
             + du("pyclipper") + du("omegaconf"),
             "rapidocr-onnxruntime": du("rapidocr_onnxruntime") + du("onnxruntime") + du("cv2") + du("shapely")}
    apt = subprocess.run(["dpkg-query", "-Wf", "${Installed-Size}\n", "tesseract-ocr", "tesseract-ocr-chi-sim",
                          "tesseract-ocr-eng", "tesseract-ocr-osd", "libtesseract5", "liblept5"],
                         capture_output=True, text=True)
    sizes["tesseract"] = sum(int(x) for x in apt.stdout.split() if x.isdigit()) / 1000 + du("pytesseract")
    return sizes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4, help="scanned reports per resolution")
    ap.add_argument("--engines", default="rapidocr,tesseract,rapidocr-onnxruntime",
                    help="engines compared on the 200-dpi scans (the first is the one used)")
    ap.add_argument("--compare", type=int, default=2, help="reports per engine in the comparison")
    ap.add_argument("--routing-rounds", type=int, default=3)
    args = ap.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    cpu_model = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")),
                     platform.processor()) if os.path.exists("/proc/cpuinfo") else platform.processor()
    print(f"machine: {platform.platform()} | {cpu_model} | cpus={os.cpu_count()} | python {platform.python_version()} "
          f"| commit {commit}{'+dirty' if dirty else ''}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    started = time.time()

    engines = [e for e in args.engines.split(",") if e]
    main_engine = engines[0]
    print(f"\n== accuracy and speed, engine {main_engine} (each report in a fresh worker process)")
    sets = {200: scans(args.n, 200, 1000), 150: scans(args.n, 150, 2000)}
    results = {}
    for dpi, docs in sets.items():
        r = results[dpi] = run_set(docs, main_engine)
        target = 99.0 if dpi == 200 else 97.0
        cells = 100 * (r["cells"] - r["wrong"]) / max(r["cells"], 1)
        meta = 100 * (r["meta"] - r["meta_wrong"]) / max(r["meta"], 1)
        print(f"{dpi} dpi, seal + rotation: {len(docs)} reports, {r['pages']} pages OCR'd | cells exact "
              f"{r['cells'] - r['wrong']}/{r['cells']} = {cells:.2f} % (target >= {target:g} %) | metadata "
              f"{r['meta'] - r['meta_wrong']}/{r['meta']} = {meta:.1f} % (target 100 %)")
        print(f"   {r['pages'] / max(r['cpu'], 1e-9):.3f} pages per CPU-second (target >= 0.5) | "
              f"{r['cpu'] / max(r['pages'], 1):.1f} CPU-s/page, {r['wall'] / max(r['pages'], 1):.1f} wall-s/page | "
              f"peak RSS per worker {r['rss'] / 1e6:.0f} MB (target <= 1000) | OCR warnings {r['warnings']}")
        for miss in r["misses"]:
            print(f"   miss: {miss}")
        print(f"   load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    if len(engines) > 1 and args.compare:
        print(f"\n== engines on the same {args.compare} 200-dpi scans (seal + rotation; first 2 pages: text, tables 2–4)")
        sizes = install_sizes()
        docs = scans(args.compare, 200, 1000, pages=2)
        for name in engines:
            try:
                r = run_set(docs, name)
            except Exception as exc:   # an engine not installed here
                print(f"{name:22s} not measured ({type(exc).__name__}: {str(exc)[:100]})")
                continue
            cells = 100 * (r["cells"] - r["wrong"]) / max(r["cells"], 1)
            print(f"{name:22s} cells exact {cells:6.2f} % | {r['cpu'] / max(r['pages'], 1):5.1f} CPU-s/page | "
                  f"peak RSS {r['rss'] / 1e6:4.0f} MB | install {sizes.get(name, 0):.0f} MB")

    print("\n== routing cost on a text-layer PDF (same run, interleaved)")
    on, off, ratio = routing_ratio(args.routing_rounds)
    print(f"routing on {on * 1000:.0f} ms/parse, off (GIA_OCR=0) {off * 1000:.0f} ms/parse: ratio off/on {ratio:.3f} "
          f"(target >= 0.95)")
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} | {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
