"""The archive's CDXJ index: one sorted line per capture, as pywb and ReplayWeb.page look captures up.

    ARCHIVE/indexes/index.cdxj            every closed WARC file's captures, sorted (SURT key, time)
    ARCHIVE/indexes/files/<warc>.cdxj     one WARC file's lines, kept while that file is unchanged

Lines are webrecorder's cdxj-indexer's own (`<surt> <14-digit time> {"url", "mime", "status",
"digest", "length", "offset", "filename", …}`), made through its `CDXJIndexer` class with POST
requests keyed as pywb keys them (`__wb_method=post&…` appended), so a POST-paged list page is a
capture of its own. A closed WARC file never changes, so each is indexed once and its lines kept
beside the index; a new run's files are indexed and everything merged — a million captures are not
re-read to add a thousand. A file a running crawl is still writing (`.open`) is left out, as from
`gia archive wacz`. A WARC file warcio cannot read is named in the error and indexes nothing half.
"""

from __future__ import annotations

import heapq
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from warcio.exceptions import ArchiveLoadFailed

from gia.atomic import atomic_write_bytes, replacing
from gia.errors import GiaError

INDEX_NAME = "index.cdxj"
_PER_FILE = "files"
_MANIFEST = "files.json"   # {warc name: [size, mtime_ns]} of the per-file lines kept


@dataclass
class IndexSummary:
    path: Path
    files: int          # WARC files in the index
    indexed: int        # of them, read this time (the rest kept from before)
    lines: int


def _indexer_class():
    try:
        from cdxj_indexer.main import CDXJIndexer
    except ImportError as exc:   # a core dependency; a broken install says so in one line
        raise GiaError(f"the CDXJ index needs webrecorder's cdxj-indexer (pip install cdxj-indexer): {exc}") from None
    return CDXJIndexer


def index_file(warc: Path, out: Path) -> None:
    """Write one WARC file's CDXJ lines, sorted, to `out` (whole or not at all)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with replacing(out) as tmp:
        indexer = _indexer_class()(str(tmp), [str(warc)], sort=True, post_append=True)
        try:
            indexer.process_all()
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
            raise GiaError(f"{warc.name}: not a readable WARC file ({exc}); nothing indexed") from None
        except (AttributeError, TypeError, KeyError) as exc:
            # warcio on a record cut short (a file truncated mid-record) fails inside its parser
            raise GiaError(f"{warc.name}: not a readable WARC file (a record cut short: "
                           f"{type(exc).__name__}); nothing indexed") from None
        cut = _first_cut_record(warc, tmp)
        if cut is not None:   # warcio reads a cut last record as a shorter one: it would be indexed
            raise GiaError(f"{warc.name}: not a readable WARC file (the record at offset {cut} is cut short); "
                           f"nothing indexed")


def _first_cut_record(warc: Path, lines: Path) -> int | None:
    """Offset of the first indexed record whose gzip member does not end whole (None: all whole)."""
    with open(warc, "rb") as fh, open(lines, encoding="utf-8") as index:
        for line in index:
            entry = json.loads(line.split(" ", 2)[2])
            offset, length = int(entry["offset"]), int(entry["length"])
            fh.seek(offset)
            member = zlib.decompressobj(zlib.MAX_WBITS | 16)
            try:
                member.decompress(fh.read(length))
            except zlib.error:
                return offset
            if not member.eof:
                return offset
    return None


def closed_warcs(warc_dir: Path) -> list[Path]:
    return sorted(p for p in warc_dir.glob("*.warc.gz") if p.is_file())


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def build_index(archive_root: str | os.PathLike, out: str | os.PathLike | None = None) -> IndexSummary:
    """(Re)write the archive's CDXJ index (default ARCHIVE/indexes/index.cdxj); returns what it did."""
    root = Path(archive_root)
    warcs = closed_warcs(root / "warc")
    if not warcs:
        raise GiaError(f"no closed WARC files in {root / 'warc'}: nothing to index (crawl first)")
    kept_dir = root / "indexes" / _PER_FILE
    manifest_path = root / "indexes" / _MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            manifest = {}
    except (OSError, ValueError):
        manifest = {}
    indexed = 0
    fresh: dict[str, list[int]] = {}
    for warc in warcs:
        stamp = _stamp(warc)
        kept = kept_dir / (warc.name + ".cdxj")
        if manifest.get(warc.name) != stamp or not kept.is_file():
            index_file(warc, kept)
            indexed += 1
        fresh[warc.name] = stamp
    for gone in set(manifest) - set(fresh):   # a WARC file removed (or renamed) since: its lines go too
        (kept_dir / (gone + ".cdxj")).unlink(missing_ok=True)
    atomic_write_bytes(manifest_path, json.dumps(fresh, sort_keys=True).encode("utf-8"))
    target = Path(out) if out is not None else root / "indexes" / INDEX_NAME
    lines = _merge(target, [kept_dir / (w.name + ".cdxj") for w in warcs])
    return IndexSummary(path=target, files=len(warcs), indexed=indexed, lines=lines)


def _merge(target: Path, parts: list[Path]) -> int:
    """Merge the sorted per-file lines into `target`, streamed (memory stays one line per file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with replacing(target) as tmp, open(tmp, "wb") as out:
        handles = [open(p, "rb") for p in parts]
        try:
            for line in heapq.merge(*handles):
                out.write(line)
                count += 1
        finally:
            for fh in handles:
                fh.close()
    return count
