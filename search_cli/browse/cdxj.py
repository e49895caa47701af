"""`gia archive cdxj [--out FILE|-]`: the CDXJ index of the archive's closed WARC files (made and
kept by gia.archive.cdxj), for pywb, ReplayWeb.page and any tool that looks captures up by URL."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from gia.archive.cdxj import build_index


def run(archive, args) -> int:
    if args.out == "-":
        with tempfile.TemporaryDirectory(prefix="gia-cdxj-") as work:
            done = build_index(archive.root, Path(work) / "index.cdxj")
            with open(done.path, "rb") as fh:
                shutil.copyfileobj(fh, sys.stdout.buffer)
        where = "standard output"
    else:
        done = build_index(archive.root, args.out)
        where = str(done.path)
    print(f"{where}: {done.lines} captures from {done.files} WARC file(s) "
          f"({done.indexed} read now, {done.files - done.indexed} unchanged since the last index)", file=sys.stderr)
    return 0
