"""Opening the index in ARCHIVE/index/, with clear messages when it is missing or damaged.

The index folder holds the Whoosh index plus `gia-index.json` (schema version, segmenter,
and the sha256 of every file, written at the end of each `gia index`). `--rebuild` builds
into `index.new/` and swaps it in only when complete, so a crash never leaves the archive
without a usable index; incremental updates rely on Whoosh's commit (the new TOC is written
last, so an interrupted writer leaves the previous generation).

An index folder is trusted like code: Whoosh's table of contents (`_reports_<gen>.toc`)
and its posting blocks are pickles, which run code when loaded. Share an archive's records,
not its index, with people you do not trust (the index is rebuilt from the records with
`gia index --rebuild`), or check it with `gia index --verify` (every file against the
hashes gia wrote) before searching it. gia's own files in the folder are data (JSON,
arrays), never pickles.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from gia.errors import GiaError
from indexer.names import SCHEMA_VERSION

INDEX_NAME = "reports"
META_FILE = "gia-index.json"


class IndexMissing(GiaError):
    pass


class IndexCorrupt(GiaError):
    pass


def index_dir(archive_root) -> Path:
    return Path(archive_root) / "index"


def exists(path: Path) -> bool:
    """Is there an index (possibly damaged) in `path`? Whoosh's exists_in() would open it."""
    return path.is_dir() and any(path.glob(f"_{INDEX_NAME}_*.toc"))


def open_index(archive_root, for_search: bool = True):
    """The Whoosh index of an archive, or an error telling the user what to run."""
    from whoosh import index

    path = index_dir(archive_root)
    if not exists(path):
        if not Path(archive_root).exists():
            raise IndexMissing(f"no archive at {archive_root} (run `gia demo`, or `gia crawl` then "
                               f"`gia index`, or pass --archive DIR)")
        raise IndexMissing(f"no search index in {archive_root} yet: run `gia index --archive {archive_root}` "
                           f"(or `gia demo`)")
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise IndexCorrupt(f"the search index in {path} was built by another version of gia: "
                               f"run `gia index --rebuild --archive {archive_root}`")
        ix = index.open_dir(str(path), indexname=INDEX_NAME)
        ix.schema  # noqa: B018 - forces the TOC to load
        return ix
    except GiaError:
        raise
    except Exception as exc:  # whoosh raises many kinds on damaged files
        raise damaged(archive_root, exc) from exc


def _hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _index_files(path: Path) -> list[Path]:
    """The files a finished index consists of (not the manifest, locks or temporary files)."""
    return sorted(p for p in path.iterdir()
                  if p.is_file() and p.name != META_FILE and not p.name.startswith(".tmp-")
                  and not p.name.endswith("_LOCK") and not p.name.endswith("WRITELOCK"))


def write_manifest(path: Path) -> None:
    """Record the sha256 of every index file in gia-index.json (the end of each `gia index`)."""
    from gia.atomic import atomic_write_json

    meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    meta["files"] = {p.name: {"sha256": _hash(p), "bytes": p.stat().st_size} for p in _index_files(path)}
    atomic_write_json(path / META_FILE, meta)


def verify(archive_root) -> tuple[int, list[str]]:
    """(files checked, problems): each index file against the hash `gia index` wrote; a file
    it did not write, or a missing or changed one, is a problem."""
    path = index_dir(archive_root)
    if not exists(path):
        raise IndexMissing(f"no search index in {archive_root} to verify: run `gia index --archive {archive_root}`")
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(f"{path / META_FILE} is missing or unreadable ({exc}): "
                           f"run `gia index --rebuild --archive {archive_root}`") from exc
    files = meta.get("files")
    if not isinstance(files, dict):
        raise IndexCorrupt(f"{path / META_FILE} holds no file hashes (written by an older gia): "
                           f"run `gia index --rebuild --archive {archive_root}`")
    problems = []
    present = {p.name: p for p in _index_files(path)}
    for name in sorted(set(present) - set(files)):
        problems.append(f"{name}: not written by gia index")
    for name, want in sorted(files.items()):
        p = present.get(name)
        if p is None:
            problems.append(f"{name}: missing")
        elif not isinstance(want, dict) or p.stat().st_size != want.get("bytes") or _hash(p) != want.get("sha256"):
            problems.append(f"{name}: changed since gia index wrote it")
    return len(files), problems


def damaged(archive_root, exc: Exception) -> IndexCorrupt:
    """The one-line error for an index Whoosh could not read, saying what to run."""
    return IndexCorrupt(f"the search index in {index_dir(archive_root)} is damaged ({type(exc).__name__}: {exc}): "
                        f"run `gia index --rebuild --archive {archive_root}`")


def create_index(path: Path, segmenter_name: str):
    from whoosh import index

    from indexer.fields import build_schema

    path.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(path), build_schema(), indexname=INDEX_NAME)
    (path / META_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION, "segmenter": segmenter_name}),
                                  encoding="utf-8")
    return ix


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by the finished `new` folder: rename the old one aside first."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def recover(archive_root) -> None:
    """After a crash during a swap: the old index is in index.old and index/ is gone."""
    target = index_dir(archive_root)
    old = target.with_name(target.name + ".old")
    if not target.exists() and old.exists():
        os.replace(old, target)


_OPEN: dict[str, object] = {}


def _stamp(path: Path):
    """Changes whenever a commit or a rebuild (folder swap) happens."""
    tocs = sorted(path.glob(f"_{INDEX_NAME}_*.toc"))
    st = tocs[-1].stat() if tocs else None
    return (path.stat().st_ino, tocs[-1].name if tocs else None, st and st.st_mtime_ns)


def searcher_cached(archive_root):
    """A searcher on the archive's index, kept open across calls in one process (the web
    view, benchmarks; its readers cache whole facet columns): replaced when `gia index` has
    committed or rebuilt since."""
    key = str(Path(archive_root).resolve())
    try:
        stamp = _stamp(index_dir(archive_root))
    except OSError:
        stamp = None
    cached = _OPEN.get(key)
    if cached is not None and stamp is not None and cached[0] == stamp:
        return cached[1]
    if cached is not None:
        try:
            cached[1].close()
        except Exception:
            pass
    ix = open_index(archive_root)
    try:
        searcher = ix.searcher()  # opens every segment's term and posting files: damage shows here too
    except Exception as exc:  # noqa: BLE001 - whoosh raises many kinds on damaged files
        raise damaged(archive_root, exc) from exc
    searcher._ix = ix
    searcher._gia_index_dir = index_dir(archive_root)
    _OPEN[key] = (stamp, searcher)
    return searcher
