"""Bring the index up to date with the archive: add new records, re-index changed ones, drop
removed ones. Each indexed document carries its record's relative path and `sig`
("mtime_ns:size"), so a change is seen without reading unchanged files.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Callable

from gia.archive import Archive, ArchiveLock
from indexer import fast, store
from indexer.fields import record_to_doc
from indexer.segment import default_segmenter

Progress = Callable[[int, int], None]  # (done, total)


def _signature(path: Path) -> str:
    st = path.stat()
    return f"{st.st_mtime_ns}:{st.st_size}"


def _load(path: Path):
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def update_index(archive_root, rebuild: bool = False, progress: Progress | None = None,
                 procs: int = 1, limitmb: int = 256) -> dict:
    """Index the archive's records; returns stats: added, updated, removed, unchanged,
    skipped (unreadable records), total (documents now in the index), seconds, rebuilt.

    The index folder is part of the archive: it is written (and index.new/ swapped in) under the
    archive's exclusive lock, as crawls and reparses write, so two `gia index` runs — or one beside
    a crawl — never race on its files; a second writer fails with ArchiveBusy naming the holder."""
    archive = Archive(archive_root)
    archive.require()  # before the lock: taking it would create a mistyped archive folder
    with ArchiveLock(archive_root, "indexing"):
        return _update(archive, archive_root, rebuild, progress, procs, limitmb)


def _update(archive: Archive, archive_root, rebuild: bool, progress: Progress | None, procs: int, limitmb: int) -> dict:
    t0 = time.monotonic()
    store.recover(archive_root)
    target = store.index_dir(archive_root)
    seg = default_segmenter()
    root = Path(archive_root)

    current = {}
    for path in archive.record_paths():
        rel = path.relative_to(root).as_posix()
        try:
            current[rel] = (path, _signature(path))
        except OSError:
            continue

    stats = {"added": 0, "updated": 0, "removed": 0, "unchanged": 0, "skipped": 0,
             "rebuilt": False, "segmenter": seg.backend_name}
    if rebuild or not store.exists(target):
        building = target.with_name(target.name + ".new")
        if building.exists():
            shutil.rmtree(building)
        ix = store.create_index(building, seg.backend_name)
        todo = sorted(current)
        known: dict[str, str] = {}
        stats["rebuilt"] = True
    else:
        ix = store.open_index(archive_root)
        building = None
        try:
            with ix.searcher() as searcher:
                known = {f["path"]: f.get("sig") for f in searcher.all_stored_fields() if "path" in f}
        except Exception as exc:  # noqa: BLE001 - whoosh raises many kinds on damaged files
            raise store.damaged(archive_root, exc) from exc
        todo = sorted(rel for rel, (_, sig) in current.items() if known.get(rel) != sig)
        stats["unchanged"] = len(current) - len(todo)

    removed = [rel for rel in known if rel not in current]
    # compound=False: a compound segment is read through BytesIO copies of its parts, which
    # costs every search process ~0.25 s at 100,000 reports; plain files are read in place.
    writer_args = {"limitmb": limitmb, "compound": False}
    if procs > 1:
        writer_args.update(procs=procs, multisegment=True)
    writer = ix.writer(**writer_args)
    fast.speed_up(writer)  # chunked run files: same postings, less pickling (indexer/fast.py)
    try:
        for rel in removed:
            writer.delete_by_term("path", rel)
        stats["removed"] = len(removed)
        for done, rel in enumerate(todo, 1):
            path, sig = current[rel]
            record = _load(path)
            if record is None:
                stats["skipped"] += 1
                continue  # an unreadable record keeps its previous entry, if any
            doc = record_to_doc(record, rel, sig)
            if building is not None:
                writer.add_document(**doc)
            else:  # replaces any document with the same path or id
                writer.update_document(**doc)
            stats["updated" if rel in known else "added"] += 1
            if progress and (done % 200 == 0 or done == len(todo)):
                progress(done, len(todo))
        writer.commit(optimize=False)
    except BaseException:
        writer.cancel()
        if building is not None:
            shutil.rmtree(building, ignore_errors=True)
        raise
    if building is not None:
        store.swap_in(building, target)
        ix = store.open_index(archive_root)
    from indexer import facetcache, lexicon

    facetcache.refresh(archive_root)
    lexicon.refresh(archive_root)
    store.write_manifest(target)  # last: `gia index --verify` checks the files against it
    stats["total"] = ix.doc_count()
    stats["seconds"] = round(time.monotonic() - t0, 3)
    stats["index_bytes"] = sum(p.stat().st_size for p in target.iterdir() if p.is_file())
    return stats
