"""`gia parse FILE… [--url URL]`: print one JSON record per file, touch no archive.

One file: a pretty-printed JSON object. Several files: JSON Lines, one record
per line, in the order given. A file that cannot be read is reported on stderr
(one line) and the others are still printed; the exit code is then 1.
"""

from __future__ import annotations

import json
import sys

from gia.errors import GiaError


def configure(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="report files (html, htm, txt, pdf, docx, doc, wps, xls, xlsx)")
    parser.add_argument("--url", default=None, help="the URL the file was fetched from (recorded in source.url; helps place names)")
    parser.add_argument("--no-text", action="store_true", help="leave the full text out of the printed record")


def run(args) -> int:
    from reportparser import parse_file

    failed = []
    several = len(args.files) > 1
    for path in args.files:
        try:
            record = parse_file(path, url=args.url)
        except OSError as exc:
            failed.append(f"{path}: {exc.strerror or exc}")
            if several:
                print(f"gia parse: {path}: {exc.strerror or exc}", file=sys.stderr)
            continue
        if record.get("ocr"):
            o = record["ocr"]
            failed_pages = f", {len(o['failed_pages'])} could not be" if o.get("failed_pages") else ""
            print(f"gia parse: {path}: {o['pages_ocr']} page(s) OCR'd{failed_pages} ({o.get('engine')}, "
                  f"{o.get('seconds')} s)", file=sys.stderr)
        if args.no_text:
            record.pop("text", None)
        if several:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        sys.stdout.flush()
    if failed and not several:
        raise GiaError(f"could not read {failed[0]}")
    return 1 if failed else 0
