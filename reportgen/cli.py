"""`gia generate`: write N generated reports plus DIR/truth.jsonl (one truth record per file).

Mirrors the Python API: --shape/--template/--script are generate()'s arguments, --seed the first
seed (report k uses seed K+k), and the flags are generate()'s boolean options.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gia.errors import GiaError

FLAGS = ["blank_cells", "break_identities", "omit_carried_forward", "truncate", "thousands", "units",
         "decimals", "fullwidth", "mirror_artifacts"]


def configure(parser: argparse.ArgumentParser) -> None:
    from reportgen.generate import SCRIPTS, SHAPES  # noqa: PLC0415
    from reportgen.truth import TEMPLATES  # noqa: PLC0415

    parser.add_argument("--count", "-n", type=int, default=10, help="number of reports (default 10)")
    parser.add_argument("--out", "-o", required=True, help="output directory (created if missing)")
    parser.add_argument("--shape", default="html", help=f"one of {', '.join(SHAPES)}, or several comma-separated to rotate (default html)")
    parser.add_argument("--template", default="2021", choices=TEMPLATES, help="report template (default 2021)")
    parser.add_argument("--script", default="simplified", choices=SCRIPTS, help="character script (default simplified)")
    parser.add_argument("--seed", type=int, default=0, help="first seed; report k uses seed+k (default 0)")
    parser.add_argument("--year", type=int, help="report year (default: drawn within the template's years)")
    parser.add_argument("--region", help="restrict agencies to a province, city or county name")
    parser.add_argument("--agencies", type=int, help="a consistent site set instead: this many agencies × --years "
                        "(last year's 结转 = this year's 上年结转); --count is ignored")
    parser.add_argument("--years", default="2019-2024", help="year range for --agencies, e.g. 2017-2024 (default 2019-2024)")
    for flag in FLAGS:
        parser.add_argument("--" + flag.replace("_", "-"), action="store_true", help=f"generator option {flag}=True")


def _unique(path: Path, used: set[str]) -> Path:
    name, n = path.name, 1
    while name in used:
        n += 1
        name = f"{path.stem}-{n}{path.suffix}"
    used.add(name)
    return path.with_name(name)


def run(args: argparse.Namespace) -> int:
    from gia.atomic import atomic_write_bytes  # noqa: PLC0415
    from reportgen.generate import SHAPES  # noqa: PLC0415

    shapes = [s.strip() for s in args.shape.split(",") if s.strip()]
    bad = [s for s in shapes if s not in SHAPES]
    if bad or not shapes:
        raise GiaError(f"unknown shape {', '.join(bad) or args.shape!r}; choose from {', '.join(SHAPES)}")
    if args.count < 0:
        raise GiaError("--count must be 0 or more")
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GiaError(f"cannot create {out}: {exc.strerror}") from exc
    options = {flag: True for flag in FLAGS if getattr(args, flag)}
    if args.year:
        options["year"] = args.year
    if args.region:
        options["region"] = args.region
    used: set[str] = set()
    lines = []
    try:
        for report in _reports(args, shapes, options):  # streamed: only the truths stay in memory
            path = _unique(out / report.filename, used)
            atomic_write_bytes(path, report.data)
            record = dict(report.truth, file=path.name, shape=report.shape, seed=report.seed, media_type=report.media_type)
            lines.append(json.dumps(record, ensure_ascii=False))
    except (RuntimeError, ValueError) as exc:
        raise GiaError(str(exc)) from exc
    atomic_write_bytes(out / "truth.jsonl", ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8"))
    print(f"wrote {len(lines)} report(s) and truth.jsonl to {out}")
    return 0


def _years(text: str) -> range:
    try:
        first, _, last = text.partition("-")
        lo, hi = int(first), int(last or first)
    except ValueError:
        raise GiaError(f"--years must look like 2019-2024, not {text!r}") from None
    if not 2008 <= lo <= hi <= 2100:
        raise GiaError(f"--years {text}: expected a range within 2008-2100")
    return range(lo, hi + 1)


def _reports(args: argparse.Namespace, shapes: list[str], options: dict):
    from reportgen.corpus import iter_site_corpus  # noqa: PLC0415
    from reportgen.generate import generate  # noqa: PLC0415

    if args.agencies:
        options.pop("year", None)
        yield from iter_site_corpus(args.seed, args.agencies, _years(args.years), shape=shapes, script=args.script, **options)
        return
    for k in range(args.count):
        yield generate(args.seed + k, args.template, shapes[k % len(shapes)], args.script, **options)
