"""The JSON archive on disk: one JSON record per report version, browsable by region and agency.

Layout (see README "Archive layout"):

    ARCHIVE/
      reports/<province>/<city>/<agency>/<year>-<id>.json   current version of each report
      reports/.../<year>-<id>.v<N>.json                     earlier versions, kept
      warc/*.warc.gz                                         every raw response (crawler)
      catalog.jsonl                                          one line per current record (derived)
      index/                                                 the search index (derived)

Records are written atomically; `catalog.jsonl` and `index/` are derived and can be
rebuilt from `reports/` at any time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

from gia.atomic import atomic_write_json, atomic_write_text
from gia.errors import GiaError
from gia.safe_names import safe_name

CATALOG_FIELDS = ("id", "title", "agency", "agency_kind", "level", "province", "city", "county", "year", "template")
_VERSION_MARK = ".v"


class Archive:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.reports_dir = self.root / "reports"
        self.warc_dir = self.root / "warc"
        self.index_dir = self.root / "index"
        self.catalog_path = self.root / "catalog.jsonl"

    # --- paths -----------------------------------------------------------------
    def record_relpath(self, record: dict) -> Path:
        """Where a record lives, relative to the archive root. Every part comes through safe_name."""
        province = safe_name(record.get("province"), "未知省份")
        city = safe_name(record.get("city") or record.get("province"), "未知城市")
        agency = safe_name(record.get("agency"), "未知机关")
        year = record.get("year") or "unknown"
        rid = safe_name(str(record.get("id") or "noid"))
        return Path("reports") / province / city / agency / f"{safe_name(str(year))}-{rid}.json"

    def exists(self) -> bool:
        return self.reports_dir.is_dir()

    def require(self) -> None:
        if not self.root.exists():
            raise GiaError(f"no archive at {self.root} (run `gia crawl` or `gia demo`, or pass --archive DIR)")

    # --- records ---------------------------------------------------------------
    def write_record(self, record: dict) -> Path:
        """Write (atomically) the current version of a record; returns its absolute path."""
        path = self.root / self.record_relpath(record)
        atomic_write_json(path, record, compact=True)
        return path

    def write_version(self, record: dict) -> tuple[Path, str]:
        """Write a record, keeping the previous version when its content changed.

        Returns (path, outcome) with outcome "new", "changed" (old file kept as `<stem>.vN.json`),
        "updated" (same content, new provenance) or "unchanged" (nothing written). Content is
        compared by `source.content_sha256` (the crawler's hash of the report text). A previous
        record built while parts of the report could not be fetched (`source.incomplete`) was never
        a version the site published: it is replaced ("updated"), not kept."""
        path = self.root / self.record_relpath(record)
        old = None
        if path.exists():
            try:
                old = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                old = None
        if old is None:
            record.setdefault("version", 1)
            atomic_write_json(path, record, compact=True)
            return path, "new"
        old_hash = (old.get("source") or {}).get("content_sha256")
        new_hash = (record.get("source") or {}).get("content_sha256")
        if old_hash and new_hash and old_hash != new_hash and not (old.get("source") or {}).get("incomplete"):
            n = int(old.get("version") or 1)
            atomic_write_json(path.with_name(f"{path.stem}{_VERSION_MARK}{n}.json"), old, compact=True)  # keep, then replace
            record["version"] = n + 1
            record.setdefault("source", {})["previous_versions"] = [
                *(old.get("source") or {}).get("previous_versions", []), f"{path.stem}{_VERSION_MARK}{n}.json"]
            atomic_write_json(path, record, compact=True)
            return path, "changed"
        record["version"] = old.get("version") or 1
        if (old.get("source") or {}).get("previous_versions"):
            record.setdefault("source", {})["previous_versions"] = old["source"]["previous_versions"]
        if old == record:
            return path, "unchanged"
        atomic_write_json(path, record, compact=True)
        return path, "updated"

    def catalog_paths(self) -> dict[str, Path]:
        """id -> record path (relative to the root) as the catalog lists them; {} without a catalog."""
        out: dict[str, Path] = {}
        if not self.catalog_path.exists():
            return out
        for line in self.catalog_path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("id") and entry.get("path"):
                out[entry["id"]] = Path(entry["path"])
        return out

    def relocate(self, old_relpath: str | os.PathLike, new_relpath: str | os.PathLike) -> None:
        """Move a record (and its earlier versions) to a new place, e.g. after a better parse
        named its agency. Each move is an atomic rename; an existing target is never overwritten."""
        old, new = self.root / old_relpath, self.root / new_relpath
        new.parent.mkdir(parents=True, exist_ok=True)
        for version in self.versions_of(old):
            target = new.with_name(new.stem + version.name[len(old.stem):])
            if not target.exists():
                os.replace(version, target)
        if not new.exists():
            os.replace(old, new)
        else:
            old.unlink()
        for parent in old.parents:  # drop folders the move emptied, up to reports/
            if parent == self.reports_dir or not parent.is_relative_to(self.reports_dir):
                break
            try:
                parent.rmdir()
            except OSError:
                break

    def versions_of(self, path: str | os.PathLike) -> list[Path]:
        """Earlier versions kept beside a current record file, oldest first."""
        path = Path(path)
        found = []
        for p in path.parent.glob(f"{path.stem}{_VERSION_MARK}*.json"):
            tail = p.stem.rsplit(_VERSION_MARK, 1)[1]
            if tail.isdigit():
                found.append((int(tail), p))
        return [p for _, p in sorted(found)]

    def record_paths(self) -> Iterator[Path]:
        """Current-version record files (earlier versions `*.vN.json` are skipped)."""
        if not self.reports_dir.is_dir():
            return
        for dirpath, dirnames, filenames in os.walk(self.reports_dir):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith(".json") or name.startswith(".tmp-"):
                    continue
                stem = name[: -len(".json")]
                if _VERSION_MARK in stem and stem.rsplit(_VERSION_MARK, 1)[1].isdigit():
                    continue
                yield Path(dirpath) / name

    def read_record(self, path: str | os.PathLike) -> tuple[dict | None, str | None]:
        """(record, None), or (None, why it is unusable): unreadable, not JSON, or not the record
        schema (gia.archive.schema) — a JSON list, `"year": "2020年"`, a table that is no object."""
        from gia.archive.schema import problems

        try:
            record = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return None, f"unreadable ({exc})"
        found = problems(record)
        if found:
            more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
            return None, f"not a gia record: {found[0]}{more}"
        return record, None

    def iter_records(self, with_paths: bool = False) -> Iterator[dict] | Iterator[tuple[Path, dict]]:
        """Every current record. A damaged or malformed file is skipped with one line on stderr, never fatal."""
        import sys

        for path in self.record_paths():
            record, problem = self.read_record(path)
            if problem:
                print(f"gia: skipping record {path}: {problem}", file=sys.stderr)
                continue
            yield (path, record) if with_paths else record

    def bad_records(self) -> Iterator[tuple[Path, str]]:
        """(path, why) of every current record file the archive cannot use."""
        for path in self.record_paths():
            _record, problem = self.read_record(path)
            if problem:
                yield path, problem

    def write_catalog(self) -> int:
        """Rebuild catalog.jsonl from the records (atomic). Returns the number of lines."""
        lines = []
        for path, record in self.iter_records(with_paths=True):
            entry = {k: record.get(k) for k in CATALOG_FIELDS}
            entry["path"] = str(path.relative_to(self.root))
            lines.append(json.dumps(entry, ensure_ascii=False))
        atomic_write_text(self.catalog_path, "\n".join(lines) + ("\n" if lines else ""))
        return len(lines)
