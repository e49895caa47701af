"""`gia archive wacz --out F.wacz`: the archive as one WACZ file (Web Archive Collection Zipped,
https://specs.webrecorder.net/wacz/1.1.1/) that ReplayWeb.page and pywb open.

Packed by webrecorder's own `wacz` tool (the `wacz` package, run as `python -m wacz` so its
output stays its own): every closed WARC file of the archive (`warc/*.warc.gz`; a file a running
crawl is still writing is left out), a CDXJ index of them (cdxj-indexer, inside the tool),
datapackage.json with the SHA-256 of every part, and pages/pages.jsonl made from the records:
one page per report — its id, URL, title, full text and the timestamp of the very WARC record it
was parsed from (read at the record's `source.warc` address), so a page opens that capture and
not another fetch of the same URL. The result is checked with `wacz validate` before it replaces
the target; an invalid package is never left behind.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from gia.archive.warc import OPEN_SUFFIX, warc_path
from gia.errors import GiaError
from gia.atomic import replacing

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "政府信息公开工作年度报告 / annual reports"}


def warc_files(archive) -> list[Path]:
    """The closed WARC files, as absolute paths (the tool runs in a folder of its own)."""
    return sorted(p.resolve() for p in (archive.root / "warc").glob("*.warc.gz") if p.is_file())


def capture_time(warc_dir: Path, name: str, offset: int) -> str | None:
    """WARC-Date of the record at name:offset, or None when no readable record is there."""
    path = warc_path(warc_dir, name)
    if path.name.endswith(OPEN_SUFFIX):
        return None
    try:
        with open(path, "rb") as fh:
            fh.seek(int(offset))
            for record in ArchiveIterator(fh):
                return record.rec_headers.get_header("WARC-Date")
    except (OSError, ArchiveLoadFailed, ValueError, EOFError, zlib.error):
        return None
    return None


def pages(archive, records: list[dict], packed: set[str]) -> tuple[list[dict], int]:
    """(pages of the reports whose raw response is in a packed WARC file, how many were left out)."""
    out, left_out = [], 0
    warc_dir = archive.root / "warc"
    for record in records:
        source = record.get("source") if isinstance(record.get("source"), dict) else {}
        warc = source.get("warc") if isinstance(source.get("warc"), dict) else {}
        ts = None
        if source.get("url") and warc.get("file") in packed and isinstance(warc.get("offset"), int):
            ts = capture_time(warc_dir, warc["file"], warc["offset"])
        if not ts:
            left_out += 1
            continue
        out.append({"id": record.get("id"), "url": source["url"], "ts": ts, "title": record.get("title") or source["url"],
                    "text": record.get("text") or ""})
    return out, left_out


def _tool(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wacz", *argv], cwd=cwd, capture_output=True, text=True)


def _last_line(proc: subprocess.CompletedProcess) -> str:
    lines = (proc.stderr or proc.stdout or "").strip().splitlines()
    return lines[-1] if lines else f"exit status {proc.returncode}"


def run(archive, pairs, args) -> int:
    if importlib.util.find_spec("wacz") is None:
        raise GiaError("gia archive wacz needs webrecorder's wacz package: pip install 'gia[wacz]' (or pip install wacz)")
    out = Path(args.out)
    if not out.parent.is_dir():
        raise GiaError(f"--out {out}: folder {out.parent} does not exist")
    warcs = warc_files(archive)
    if not warcs:
        raise GiaError(f"no WARC files in {archive.root / 'warc'}: nothing to pack (crawl first)")
    found, left_out = pages(archive, [r for _p, r in pairs], {p.name for p in warcs})
    with tempfile.TemporaryDirectory(prefix="gia-wacz-") as work:
        work = Path(work)
        pages_file = work / "pages.jsonl"
        pages_file.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in [PAGES_HEADER, *found]),
                              encoding="utf-8")
        with replacing(out) as tmp:
            tmp = tmp.resolve()
            made = _tool("create", "-o", str(tmp), "-p", str(pages_file), "--hash-type", "sha256",
                         "--title", args.title, "--desc", args.desc, *map(str, warcs), cwd=work)
            if made.returncode != 0:
                raise GiaError(f"wacz create failed: {_last_line(made)}")
            checked = _tool("validate", "-f", str(tmp), cwd=work)
            if checked.returncode != 0:
                raise GiaError(f"wacz validate failed on the new package: {_last_line(checked)}")
    unmatched = made.stdout.count("Invalid passed page")
    note = f"; {left_out} report(s) have no raw response in a closed WARC file" if left_out else ""
    note += f"; {unmatched} pages not found in the index" if unmatched else ""
    print(f"wrote {out}: {len(warcs)} WARC files, {len(found) - unmatched} pages, CDXJ index, datapackage.json "
          f"(wacz validate: valid){note}", file=sys.stderr)
    return 0
