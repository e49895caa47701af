"""Merging archives: the folders of a shared crawl's workers that had no folder in common (or any
archives of the same registry) into one.

    merge_raw(src, dst)        WARC files copied (their names are per worker and run, so they never
                               collide; an equal name must be an equal file), crawl state rows merged:
                               a URL's newest fetch wins, report parts, site hints, runs and the
                               parse cache are pooled
    merge_records(src, dst)    the records, by content: a report whose text (source.content_sha256)
                               the destination has already, as its current record or an earlier
                               version, is not added again; another text of it is kept as a version

The records themselves are best rebuilt from the merged crawl state (a report whose pages one
worker fetched and whose attachment another did is whole only there): `gia archive merge` does
that with the builder, then `merge_records` keeps whatever the sources had that no crawl state
could rebuild: the earlier versions of a source with crawl state, every record of one without.
Both sides are locked while merging.
"""

from __future__ import annotations

import filecmp
import shutil
import sqlite3
from pathlib import Path

from gia.archive import warc
from gia.archive.records import Archive
from gia.archive.state import CrawlStore
from gia.atomic import atomic_write_json
from gia.errors import GiaError


def merge_raw(src: str | Path, dst_store: CrawlStore) -> dict:
    """Copy `src`'s WARC files and merge its crawl state into `dst_store`'s; what was added."""
    src = Path(src)
    warc.recover(src / "warc")   # a killed worker's open file: closed as its next crawl would
    copied = same = 0
    for path in sorted((src / "warc").glob("*.warc.gz")):
        target = dst_store.warc_dir / path.name
        if target.exists():
            if not filecmp.cmp(path, target, shallow=False):
                raise GiaError(f"{path.name} is in both {src} and {dst_store.root} with different contents; "
                               "not merging over it")
            same += 1
            continue
        shutil.copy2(path, target.with_name(target.name + ".part"))
        target.with_name(target.name + ".part").replace(target)
        copied += 1
    state = src / "crawl" / "state.sqlite"
    rows = {}
    if state.exists():
        db = dst_store.db
        db.execute("ATTACH DATABASE ? AS src", (str(state),))
        try:
            before = {t: db.execute(f"SELECT COUNT(*) FROM main.{t}").fetchone()[0] for t in ("fetches", "parts", "runs")}
            db.execute("BEGIN")
            db.execute("INSERT INTO main.fetches SELECT * FROM src.fetches WHERE true ON CONFLICT(url) DO UPDATE SET "
                       + ", ".join(f"{c}=excluded.{c}" for c in ("site", "status", "etag", "last_modified", "sha256",
                                                                 "media_type", "warc_file", "warc_offset", "warc_length",
                                                                 "fetched_at", "run"))
                       + " WHERE excluded.fetched_at > main.fetches.fetched_at")
            for table in ("parts", "sites", "runs", "parsed"):
                db.execute(f"INSERT OR IGNORE INTO main.{table} SELECT * FROM src.{table}")
            db.execute("COMMIT")
            rows = {t: db.execute(f"SELECT COUNT(*) FROM main.{t}").fetchone()[0] - n for t, n in before.items()}
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise GiaError(f"cannot merge the crawl state of {src}: {exc}") from None
        finally:
            db.execute("DETACH DATABASE src")
    return {"warc_copied": copied, "warc_same": same, "rows_added": rows}


def _hash(record: dict) -> str | None:
    return (record.get("source") or {}).get("content_sha256")


def merge_records(src: str | Path, dst: str | Path, earlier_only: bool = False) -> dict:
    """Add `src`'s records (current and earlier versions) whose content `dst` lacks; counts.
    `earlier_only`: only earlier versions — the current records were rebuilt from the merged crawl
    state (a worker's own record of a report it fetched in part is not a version of it)."""
    source, target = Archive(src), Archive(dst)
    added = versions = known = 0
    for path in source.record_paths():
        current, _problem = source.read_record(path)
        if current is None:
            continue
        rel = target.record_relpath(current)
        here = target.root / rel
        mine = [*target.versions_of(here), *([here] if here.exists() else [])]
        have = {_hash(r) for r in (target.read_record(p)[0] for p in mine) if r}
        theirs = [r for r in (source.read_record(p)[0] for p in source.versions_of(path)) if r]   # oldest first
        theirs += [] if earlier_only else [current]
        if earlier_only and not (theirs and here.exists()):
            continue   # nothing earlier, or no current record here to keep it beside
        if not here.exists():   # a report the destination lacks: its files as they are, versions and all
            for older in source.versions_of(path):
                record = source.read_record(older)[0]
                if record is not None:
                    atomic_write_json(here.with_name(here.stem + older.name[len(path.stem):]), record, compact=True)
            target.write_record(current)
            added += 1
            continue
        for record in theirs:
            if _hash(record) in have:
                known += 1
                continue
            _add_version(target, here, record)   # another text of a report already here: kept as an earlier version
            versions += 1
            have.add(_hash(record))
    return {"added": added, "versions_added": versions, "already_there": known}


def _add_version(archive: Archive, current_path: Path, record: dict) -> None:
    current, _ = archive.read_record(current_path)
    taken = {p.name for p in archive.versions_of(current_path)}
    n = 1
    while f"{current_path.stem}.v{n}.json" in taken:
        n += 1
    name = f"{current_path.stem}.v{n}.json"
    atomic_write_json(current_path.with_name(name), {**record, "version": n}, compact=True)
    if current is not None:
        source = current.setdefault("source", {})
        source["previous_versions"] = [*source.get("previous_versions", []), name]
        atomic_write_json(current_path, current, compact=True)
